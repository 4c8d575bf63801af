// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_dmesg.c - `fadump-analyze dmesg DUMP`: the crashed kernel's log.
 *
 * The log is found through VMCOREINFO (lockless ring of 5.10+, the
 * variable-length records of 3.5-5.9, the plain ring before) and read
 * through the dump layer's memory reader, so ELF vmcores, capture roots
 * and kdump-compressed files all work.  Text output is dmesg's; --json
 * gives the records one by one (schema in fadump-analyze(1)).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dump.h"
#include "fa_outfile.h"
#include "printk.h"
#include "report.h"

static const char *const printk_format_names[] = {
	[FA_PRINTK_LOCKLESS] = "lockless",
	[FA_PRINTK_VARLEN] = "variable-length",
	[FA_PRINTK_LEGACY] = "legacy",
};

static const char *format_name(int format)
{
	if (format < FA_PRINTK_LOCKLESS || format > FA_PRINTK_LEGACY)
		return "unknown";
	return printk_format_names[format];
}

static void json_log(const struct fa_printk_log *log, FILE *f)
{
	struct fa_json j;
	size_t i;

	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	fa_json_str(&j, "schema", "fadump-analyze/dmesg/1");
	fa_json_str(&j, "format", format_name(log->format));
	fa_json_u64(&j, "count", log->count);
	fa_json_object_begin(&j, "skipped");
	fa_json_u64(&j, "bad_id", log->skipped_id);
	fa_json_u64(&j, "bad_state", log->skipped_state);
	fa_json_u64(&j, "dataless", log->dataless);
	fa_json_u64(&j, "bad_lpos", log->skipped_lpos);
	fa_json_u64(&j, "clamped", log->clamped);
	fa_json_u64(&j, "abandoned", log->abandoned);
	fa_json_object_end(&j);
	fa_json_array_begin(&j, "records");
	for (i = 0; i < log->count; i++) {
		const struct fa_printk_record *r = &log->rec[i];

		fa_json_object_begin(&j, NULL);
		fa_json_u64(&j, "seq", r->seq);
		fa_json_u64(&j, "ts_nsec", r->ts_nsec);
		fa_json_u64(&j, "level", r->level);
		fa_json_u64(&j, "facility", r->facility);
		if (r->caller_id) {
			char c[16];

			snprintf(c, sizeof(c), "%c%u",
				 r->caller_id & FA_PRINTK_CALLER_CPU ? 'C' : 'T',
				 r->caller_id & ~FA_PRINTK_CALLER_CPU);
			fa_json_str(&j, "caller", c);
		} else {
			fa_json_null(&j, "caller");
		}
		if (r->subsystem[0])
			fa_json_str(&j, "subsystem", r->subsystem);
		if (r->device[0])
			fa_json_str(&j, "device", r->device);
		fa_json_strn(&j, "text", r->text, r->text_len);
		fa_json_object_end(&j);
	}
	fa_json_array_end(&j);
	fa_json_object_end(&j);
	fa_json_finish(&j);
}

/* The kernel log of @d into @log; -1 with @e set when it cannot be read. */
static int read_log(const struct fa_dump *d, struct fa_printk_log *log,
		    struct fa_err *e)
{
	if (d->format == FA_DUMP_OPALCORE) {
		fa_err_set(e, FA_EUNSUP, "an opalcore holds OPAL's memory, not the kernel log");
		return -1;
	}
	if (!d->vmcoreinfo) {
		*e = d->vmcoreinfo_err;
		if (!e->msg[0])
			fa_err_set(e, FA_ENOENT, "no VMCOREINFO note: the kernel log cannot be located");
		fa_err_prefix(e, "dmesg: ");
		return -1;
	}
	if (fa_printk_read(&d->mem, d->vmcoreinfo, log, e)) {
		fa_err_prefix(e, "kernel log: ");
		return -1;
	}
	return 0;
}

int fa_dmesg_save(const char *in, const char *file,
		  const struct fa_outrule *rule, int verbose)
{
	struct fa_printk_log log = { 0 };
	struct fa_outfile of;
	struct fa_dump *d = NULL;
	struct fa_err e = { 0 };
	char *text = NULL;
	size_t len;
	int ret = FA_EXIT_INPUT;

	if (fa_cli_dump_open(in, FA_DUMP_TRUNCATED_OK, &d))
		return FA_EXIT_INPUT;
	if (read_log(d, &log, &e) ||
	    fa_printk_format(&log, FA_PRINTK_INDENT, &text, &len, &e)) {
		fa_cli_error(d->file, &e);
		goto out;
	}
	if (fa_outfile_open_rule(&of, file, rule, &e)) {
		fa_cli_error(NULL, &e);
		goto out;
	}
	if (fa_outfile_write(&of, text, len, &e) || fa_outfile_commit(&of, &e)) {
		fa_outfile_abort(&of);
		fa_cli_error(NULL, &e);
		goto out;
	}
	if (verbose)
		fprintf(stderr, "The dmesg log is saved to %s.\n", file);
	ret = FA_EXIT_OK;
out:
	free(text);
	fa_printk_log_free(&log);
	fa_dump_close(d);
	return ret;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " FA_PROG " dmesg [-x] [-r] [--indent] [--caller] [--json] DUMP\n"
		"The crashed kernel's log from its printk ring (found through\n"
		"VMCOREINFO), as dmesg(1) prints it.\n"
		FA_HELP_DUMP
		"\n"
		"  -x, --decode   facility and level as text (\"kern  :emerg : \")\n"
		"  -r, --raw      \"<N>\" level prefix as in the kernel buffer\n"
		"      --indent   indent continuation lines (makedumpfile style)\n"
		"      --caller   \"[T<pid>]\" / \"[C<cpu>]\" after the time stamp\n"
		"      --json     the records as one JSON document (schema\n"
		"                 fadump-analyze/dmesg/1)\n"
		"  -h, --help     this help\n"
		"\n" FA_HELP_EXIT);
}

int cmd_dmesg(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "decode", no_argument, NULL, 'x' },
		{ "raw", no_argument, NULL, 'r' },
		{ "indent", no_argument, NULL, 'I' },
		{ "caller", no_argument, NULL, 'C' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fa_printk_log log = { 0 };
	struct fa_dump *d = NULL;
	struct fa_err e = { 0 };
	unsigned int flags = 0;
	int c, json = 0, ret;
	char *text = NULL;
	size_t len;

	while ((c = getopt_long(argc, argv, "xrh", opts, NULL)) != -1) {
		switch (c) {
		case 'x': flags |= FA_PRINTK_DECODE; break;
		case 'r': flags |= FA_PRINTK_RAW; break;
		case 'I': flags |= FA_PRINTK_INDENT; break;
		case 'C': flags |= FA_PRINTK_CALLER; break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return FA_EXIT_OK;
		default:
			return fa_cli_bad_option("dmesg", "xrh", argv);
		}
	}
	if (optind != argc - 1)
		return fa_cli_usage_error("dmesg", "expected one DUMP");
	if (fa_cli_dump_open(argv[optind], FA_DUMP_TRUNCATED_OK, &d))
		return FA_EXIT_INPUT;
	ret = FA_EXIT_INPUT;
	if (read_log(d, &log, &e))
		goto fail;
	if (json) {
		json_log(&log, stdout);
	} else {
		if (fa_printk_format(&log, flags, &text, &len, &e))
			goto fail;
		fwrite(text, 1, len, stdout);
	}
	ret = fflush(stdout) ? FA_EXIT_INPUT : FA_EXIT_OK;
	goto out;
fail:
	fa_cli_error(d->file, &e);
out:
	free(text);
	fa_printk_log_free(&log);
	fa_dump_close(d);
	return ret;
}
