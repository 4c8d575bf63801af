// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_cpus.c - `fadump-analyze cpus DUMP` (alias cpu-state): every
 * thread's registers rebuilt from the firmware save area, compared with
 * the dump's NT_PRSTATUS notes.
 *
 * The work is in cpustate.c; this file gathers its inputs (firmware
 * sections, crash-info header, notes) through the dump layer and prints.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cpumap.h"
#include "regs.h"
#include "cpustate.h"
#include "dump.h"
#include "elfnote.h"
#include "fwsections.h"
#include "ppcregs.h"
#include "prstatus.h"
#include "report.h"
#include "symbolize.h"

struct cpus_opts {
	int json;
	int notes_only;
	int64_t cpu;		/* -c, -1 all */
	const char *vmlinux;
};

/* Show a symbol for @addr, trying the linear map for a real-mode address. */
static void sym_of(struct fa_symbolizer *s, uint64_t addr, char *buf,
		   size_t len)
{
	buf[0] = 0;
	if (!s || !addr)
		return;
	fa_sym_format(s, addr, buf, len);
	if (!buf[0] && addr < FA_PPC64_PAGE_OFFSET) {
		char tmp[200];

		fa_sym_format(s, addr | FA_PPC64_PAGE_OFFSET, tmp, sizeof(tmp));
		if (tmp[0])
			snprintf(buf, len, "%.180s (real mode)", tmp);
	}
}

static const char *fw_reg_at(const void *list, size_t i, uint64_t *value)
{
	const struct fa_cs_reg *r = (const struct fa_cs_reg *)list + i;

	*value = r->value;
	return r->name;
}

/* fa_regs_print()'s symbol callback (ctx: the symbolizer, or NULL). */
static void reg_sym(void *ctx, uint64_t addr, char *buf, size_t len)
{
	sym_of(ctx, addr, buf, len);
}

static void print_mismatches(const struct fa_cs_thread *t, FILE *f)
{
	unsigned int s;

	if (t->note < 0) {
		if (t->expect_note)
			fprintf(f, "  note: none in the dump (the capture kernel would write one)\n");
		return;
	}
	if (!t->nmismatch) {
		fprintf(f, "  note %" PRId64 ": matches %s\n", t->note,
			t->crashing ? "the crash-info header's registers" :
				      "the firmware registers");
		return;
	}
	fprintf(f, "  note %" PRId64 ": %u slot(s) differ from %s:\n", t->note,
		t->nmismatch, t->crashing ? "the crash-info header" : "firmware");
	for (s = 0; s < FA_PT_NREGS; s++)
		if (t->mismatch_mask & (1ULL << s))
			fprintf(f, "    %-9s note %016" PRIx64 "  expected %016" PRIx64 "\n",
				fa_pt_reg_name(s), t->note_regs[s], t->expect[s]);
}

static void print_thread(const struct fa_cpustate *cs,
			 const struct fa_cs_thread *t,
			 struct fa_symbolizer *s, FILE *f)
{
	struct fa_reg_sym sym = { reg_sym, s };
	char head[160], hex[FA_HEX_LEN];
	int n = 0;

	if (t->cpu >= 0)
		n += snprintf(head + n, sizeof(head) - n, "CPU %" PRId64, t->cpu);
	else
		n += snprintf(head + n, sizeof(head) - n, "CPU ?");
	if (t->pir >= 0)
		n += snprintf(head + n, sizeof(head) - n, "  PIR %s",
			      fa_rpt_hex(hex, (uint64_t)t->pir));
	if (t->crashing)
		n += snprintf(head + n, sizeof(head) - n, "  ** crashing CPU **");
	if (t->in_mask == 0)
		n += snprintf(head + n, sizeof(head) - n, "  offline at crash");
	if (t->inactive)
		n += snprintf(head + n, sizeof(head) - n, "  inactive core");
	fprintf(f, "\n%s\n", head);
	if (cs->source != FA_CS_SRC_NOTES) {
		fprintf(f, " firmware registers (%zu):\n", t->nregs);
		fa_regs_print_list(f, t->regs, t->nregs, fw_reg_at);
		fprintf(f, " decoded (%s):\n", t->crashing ?
			"crash-time pt_regs from the crash-info header" :
			"as the capture kernel maps them");
		fa_regs_print(f, t->crashing ? cs->crash_regs : t->fw_regs,
			      t->crashing ? FA_REGS_TAIL : 0, &sym);
		print_mismatches(t, f);
	} else {
		fprintf(f, " note %" PRId64 ":\n", t->note);
		fa_regs_print(f, t->note_regs, FA_REGS_ALL, &sym);
	}
}

/* "Crashing CPU:", with the source it comes from or why it is unknown. */
static void print_crashing(const struct fa_cpustate *cs, FILE *f)
{
	int64_t cpu;
	int src = fa_cpustate_crashing_cpu(cs, &cpu);

	if (src == FA_CS_CRASH_HEADER && cs->source == FA_CS_SRC_NOTES &&
	    cs->crashing >= 0)
		fa_rpt_kv(f, 16, "Crashing CPU", "%" PRId64 " (crash-info header; its registers found in a note)",
			  cpu);
	else if (src)
		fa_rpt_kv(f, 16, "Crashing CPU", "%" PRId64 " (%s)", cpu,
			  fa_cs_crash_src_name(src));
	else if (cs->have_crashinfo && cs->crashing_cpu != FA_CI_CPU_UNKNOWN)
		fa_rpt_kv(f, 16, "Crashing CPU", "PIR %u (crash-info header)",
			  cs->crashing_cpu);
	else if (cs->have_crashinfo)
		fa_rpt_kv(f, 16, "Crashing CPU", "unknown (not kernel-initiated: crashing_cpu is FADUMP_CPU_UNKNOWN)");
	else if (cs->legacy_phyp)
		fa_rpt_kv(f, 16, "Crashing CPU", "unknown (a legacy phyp dump has no crash-info header; no CPU in the log)");
	else
		fa_rpt_kv(f, 16, "Crashing CPU", "unknown (no crash-info header; the kernel log names no CPU for a panic)");
}

/* Where the crashing CPU's NIP and LR shown come from. */
static const char *crash_regs_src(const struct fa_cpustate *cs)
{
	if (cs->source != FA_CS_SRC_NOTES)
		return cs->have_crashinfo ? "the crash-info header's pt_regs" :
		       "the crashing CPU's note";
	return cs->map == FA_CS_MAP_ONLINE ?
	       "the crashing CPU's note, paired over the online CPUs" :
	       "the crashing CPU's note";
}

/* The crashing CPU's NIP and LR, once its registers are known. */
static void print_crash_regs(const struct fa_cpustate *cs,
			     struct fa_symbolizer *s, FILE *f)
{
	uint64_t r[FA_PT_NREGS];
	char sym[256];

	if (fa_cpustate_crash_regs(cs, r))
		return;
	sym_of(s, r[FA_PT_NIP], sym, sizeof(sym));
	fa_rpt_kv(f, 16, "Crash NIP", "%016" PRIx64 "%s%s", r[FA_PT_NIP],
		  sym[0] ? "  " : "", sym);
	sym_of(s, r[FA_PT_LINK], sym, sizeof(sym));
	fa_rpt_kv(f, 16, "Crash LR", "%016" PRIx64 "%s%s", r[FA_PT_LINK],
		  sym[0] ? "  " : "", sym);
	fa_rpt_kv(f, 16, "", "(from %s)", crash_regs_src(cs));
}

static void print_text(const struct fa_cpustate *cs, const struct cpus_opts *o,
		       struct fa_symbolizer *s, FILE *f)
{
	char list[512];
	unsigned int i;
	size_t k;

	fa_rpt_kv(f, 16, "Registers from", "%s, %zu thread(s)",
		  fa_cs_source_name(cs->source), cs->nthreads);
	if (cs->source_file[0])
		fa_rpt_kv(f, 16, "Read from", "%s", cs->source_file);
	print_crashing(cs, f);
	if (cs->have_mask && !cs->crashing_is_pir)
		fa_rpt_kv(f, 16, "CPU mask", "%s (crash time)",
			  fa_cpulist(cs->mask, sizeof(cs->mask), list, sizeof(list)));
	print_crash_regs(cs, s, f);
	fa_rpt_kv(f, 16, "CPU notes", "%zu in the dump, paired by %s",
		  cs->nnotes, fa_cs_map_name(cs->map));
	if (cs->map == FA_CS_MAP_ONLINE)
		fa_rpt_kv(f, 16, "", "(%s)", cs->online_src);
	if (cs->map_why[0])
		fa_text_wrap(f, 16, cs->map_why);
	for (i = 0; i < cs->nmsgs; i++)
		fprintf(f, "warning: %s\n", cs->msgs[i]);
	for (k = 0; k < cs->nthreads; k++)
		if (o->cpu < 0 || cs->threads[k].cpu == o->cpu)
			print_thread(cs, &cs->threads[k], s, f);
}

static void json_regs(struct fa_json *j, const char *key, const uint64_t *r)
{
	unsigned int i;

	fa_json_object_begin(j, key);
	for (i = 0; i < FA_PT_NREGS; i++)
		fa_json_hex(j, fa_pt_reg_name(i), r[i]);
	fa_json_object_end(j);
}

static void json_sym(struct fa_json *j, const char *key,
		     struct fa_symbolizer *s, uint64_t addr)
{
	char sym[256];

	sym_of(s, addr, sym, sizeof(sym));
	if (sym[0])
		fa_json_str(j, key, sym);
	else
		fa_json_null(j, key);
}

static void json_thread(struct fa_json *j, const struct fa_cpustate *cs,
			const struct fa_cs_thread *t, struct fa_symbolizer *s)
{
	/* notes alone: the note (a lone crashing note has no header regs) */
	const uint64_t *r = cs->source == FA_CS_SRC_NOTES ? t->note_regs :
			    t->crashing ? cs->crash_regs : t->fw_regs;
	unsigned int i;
	char b[256];

	fa_json_object_begin(j, NULL);
	if (t->cpu >= 0)
		fa_json_u64(j, "cpu", (uint64_t)t->cpu);
	else
		fa_json_null(j, "cpu");
	if (t->pir >= 0)
		fa_json_u64(j, "pir", (uint64_t)t->pir);
	else
		fa_json_null(j, "pir");
	fa_json_bool(j, "crashing", t->crashing);
	if (t->in_mask >= 0)
		fa_json_bool(j, "in_cpu_mask", t->in_mask);
	else
		fa_json_null(j, "in_cpu_mask");
	fa_json_bool(j, "inactive", t->inactive);
	if (t->note >= 0)
		fa_json_u64(j, "note", (uint64_t)t->note);
	else
		fa_json_null(j, "note");
	fa_json_array_begin(j, "firmware_registers");
	for (i = 0; i < t->nregs; i++) {
		fa_json_object_begin(j, NULL);
		fa_json_str(j, "name", t->regs[i].name);
		if (cs->source == FA_CS_SRC_HDAT) {
			fa_json_u64(j, "type", t->regs[i].type);
			fa_json_u64(j, "num", t->regs[i].num);
		}
		fa_json_hex(j, "value", t->regs[i].value);
		fa_json_object_end(j);
	}
	fa_json_array_end(j);
	json_regs(j, "pt_regs", r);
	json_sym(j, "nip_symbol", s, r[FA_PT_NIP]);
	json_sym(j, "lr_symbol", s, r[FA_PT_LINK]);
	fa_ppcregs_msr_str(r[FA_PT_MSR], b, sizeof(b));
	fa_json_str(j, "msr_bits", b);
	fa_ppcregs_cr_str((uint32_t)r[FA_PT_CCR], b, sizeof(b));
	fa_json_str(j, "cr_fields", b);
	fa_json_str(j, "trap", t->crashing ? fa_ppcregs_trap_name(r[FA_PT_TRAP]) : NULL);
	fa_json_array_begin(j, "mismatches");
	for (i = 0; i < FA_PT_NREGS; i++) {
		if (!(t->mismatch_mask & (1ULL << i)))
			continue;
		fa_json_object_begin(j, NULL);
		fa_json_str(j, "slot", fa_pt_reg_name(i));
		fa_json_hex(j, "note", t->note_regs[i]);
		fa_json_hex(j, "expected", t->expect[i]);
		fa_json_object_end(j);
	}
	fa_json_array_end(j);
	fa_json_object_end(j);
}

/* "crash_regs": the crashing CPU's NIP and LR and their source, or null. */
static void json_crash_regs(struct fa_json *j, const struct fa_cpustate *cs,
			    struct fa_symbolizer *s)
{
	uint64_t r[FA_PT_NREGS];

	if (fa_cpustate_crash_regs(cs, r)) {
		fa_json_null(j, "crash_regs");
		return;
	}
	fa_json_object_begin(j, "crash_regs");
	fa_json_hex(j, "nip", r[FA_PT_NIP]);
	json_sym(j, "nip_symbol", s, r[FA_PT_NIP]);
	fa_json_hex(j, "lr", r[FA_PT_LINK]);
	json_sym(j, "lr_symbol", s, r[FA_PT_LINK]);
	fa_json_str(j, "source", crash_regs_src(cs));
	fa_json_object_end(j);
}

static int print_json(const struct fa_cpustate *cs, const struct cpus_opts *o,
		      struct fa_symbolizer *s, FILE *f)
{
	static const char *const src[] = { "notes", "regsave", "hdat",
					   "opalcore" };
	struct fa_json j;
	char list[512];
	unsigned int i;
	int64_t cpu;
	int csrc;
	size_t k;

	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	fa_json_str(&j, "schema", "fadump-analyze/cpus/1");
	fa_json_str(&j, "source", src[cs->source]);
	fa_json_str(&j, "source_file", cs->source_file[0] ? cs->source_file : NULL);
	csrc = fa_cpustate_crashing_cpu(cs, &cpu);
	if (csrc)
		fa_json_u64(&j, "crashing_cpu", (uint64_t)cpu);
	else
		fa_json_null(&j, "crashing_cpu");
	fa_json_str(&j, "crashing_cpu_source",
		    csrc ? fa_cs_crash_src_name(csrc) : NULL);
	if (cs->log_panic_cpu >= 0)
		fa_json_u64(&j, "log_panic_cpu", (uint64_t)cs->log_panic_cpu);
	else
		fa_json_null(&j, "log_panic_cpu");
	if (cs->have_crashinfo && cs->crashing_cpu != FA_CI_CPU_UNKNOWN)
		fa_json_u64(&j, "header_crashing_cpu", cs->crashing_cpu);
	else
		fa_json_null(&j, "header_crashing_cpu");
	fa_json_bool(&j, "header_cpu_is_pir", cs->crashing_is_pir);
	if (cs->have_mask && !cs->crashing_is_pir)
		fa_json_str(&j, "cpu_mask", fa_cpulist(cs->mask, sizeof(cs->mask),
							 list, sizeof(list)));
	else
		fa_json_null(&j, "cpu_mask");
	json_crash_regs(&j, cs, s);
	fa_json_object_begin(&j, "notes");
	fa_json_u64(&j, "count", cs->nnotes);
	fa_json_u64(&j, "expected", cs->source == FA_CS_SRC_NOTES ?
		    cs->nnotes : cs->nexpected);
	fa_json_str(&j, "pairing", fa_cs_map_name(cs->map));
	fa_json_str(&j, "online_source",
		    cs->map == FA_CS_MAP_ONLINE ? cs->online_src : NULL);
	fa_json_str(&j, "why", cs->map_why);
	fa_json_object_end(&j);
	fa_json_array_begin(&j, "warnings");
	for (i = 0; i < cs->nmsgs; i++)
		fa_json_str(&j, NULL, cs->msgs[i]);
	fa_json_array_end(&j);
	fa_json_array_begin(&j, "threads");
	for (k = 0; k < cs->nthreads; k++)
		if (o->cpu < 0 || cs->threads[k].cpu == o->cpu)
			json_thread(&j, cs, &cs->threads[k], s);
	fa_json_array_end(&j);
	fa_json_object_end(&j);
	return fa_json_finish(&j);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " FA_PROG " cpus [-c CPU] [--vmlinux FILE] [--notes-only] [--json]\n"
		"         DUMP\n"
		"Every thread's registers as firmware saved them (pSeries REGSAVE, the\n"
		"PowerNV opalcore), paired with the dump's CPU notes; the crashing CPU\n"
		"and how it was found.  Alias: cpu-state.\n"
		FA_HELP_DUMP
		"\n"
		"  -c, --cpu CPU       only this logical CPU\n"
		"      --vmlinux FILE  symbolize NIP and LR with FILE's symbols; refused\n"
		"                      unless it is the dump's kernel\n"
		"      --notes-only    ignore the firmware save area: the notes alone\n"
		"      --json          one JSON document (schema fadump-analyze/cpus/1)\n"
		"  -h, --help          this help\n"
		"\n" FA_HELP_EXIT);
}

static int parse_args(int argc, char **argv, struct cpus_opts *o)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "vmlinux", required_argument, NULL, 'v' },
		{ "notes-only", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->cpu = -1;
	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->cpu = strtoll(optarg, &end, 0);
			if (!*optarg || *end || o->cpu < 0 || o->cpu > UINT32_MAX)
				return fa_cli_usage_error(argv[0],
					"-c: expected a CPU number, found '%s'", optarg);
			break;
		case 'v': o->vmlinux = optarg; break;
		case 'n': o->notes_only = 1; break;
		case 'j': o->json = 1; break;
		case 'h': usage(stdout); return -1;
		default:
			return fa_cli_bad_option(argv[0], "c:h", argv);
		}
	}
	if (optind != argc - 1)
		return fa_cli_usage_error(argv[0], "expected one DUMP");
	return 0;
}

int cmd_cpus(int argc, char **argv)
{
	struct fa_symbolizer *sym = NULL;
	struct fa_cpus_input in;
	struct fa_dump *d = NULL;
	struct fa_err e = { 0 };
	struct cpus_opts o;
	int ret;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret < 0 ? FA_EXIT_OK : ret;
	fa_cpustate_init(&in.cs);
	in.notes = NULL;
	in.nnotes = 0;
	in.fw = NULL;
	if (fa_cli_dump_open(argv[optind], FA_DUMP_TRUNCATED_OK, &d))
		return FA_EXIT_INPUT;
	ret = fa_cli_open_vmlinux(o.vmlinux, d, &sym);
	if (ret)
		goto out;
	ret = FA_EXIT_INPUT;
	if (fa_cpus_load_sym(d, sym, o.notes_only, &in, &e))
		goto fail;
	if (o.cpu >= 0 && !fa_cpus_has_cpu(&in.cs, o.cpu)) {
		fa_err_set(&e, FA_ENOENT, "CPU %" PRId64 " is not in the dump", o.cpu);
		goto fail;
	}
	if (o.json)
		ret = print_json(&in.cs, &o, sym, stdout) ? FA_EXIT_INPUT : FA_EXIT_OK;
	else
		print_text(&in.cs, &o, sym, stdout);
	if (fflush(stdout))
		ret = FA_EXIT_INPUT;
	else if (!o.json)
		ret = FA_EXIT_OK;
	goto out;
fail:
	ret = fa_cli_error(d->file, &e);
out:
	fa_sym_close(sym);
	fa_cpus_input_free(&in);
	fa_dump_close(d);
	return ret;
}
