// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli.c - what the subcommands share: opening a dump with its firmware
 * sections (and, with --vmlinux, the crashed kernel's fdm), with the error
 * printed as the program's one line; usage errors.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "fa_outfile.h"
#include "kfwdump.h"
#include "symbolize.h"

int fa_cli_dump_open(const char *path, unsigned int flags,
		     struct fa_dump **d)
{
	struct fa_err e;

	fa_err_clear(&e);
	if (fa_dump_open(path, flags, d, &e))
		return fa_cli_error(path, &e);
	if ((*d)->expected_size > (*d)->file_size) {
		fflush(stdout);
		fprintf(stderr, FA_PROG ": warning: %s: truncated: the headers describe %llu bytes, the file has %llu; showing what it holds\n",
			(*d)->file, (unsigned long long)(*d)->expected_size,
			(unsigned long long)(*d)->file_size);
	}
	return FA_EXIT_OK;
}

int fa_cli_open(const char *path, const char *fdm, unsigned int flags,
		struct fa_session *s)
{
	struct fa_err e;
	int ret;

	memset(s, 0, sizeof(*s));
	fa_err_clear(&e);
	ret = fa_cli_dump_open(path, flags, &s->d);
	if (ret)
		return ret;
	ret = fa_fwsections_find(s->d, fdm, &s->fw, &e);
	if (ret) {
		fa_dump_close(s->d);
		s->d = NULL;
		return fa_cli_error(path, &e);
	}
	return FA_EXIT_OK;
}

void fa_cli_close(struct fa_session *s)
{
	fa_dump_close(s->d);
	s->d = NULL;
}

int fa_cli_output_rule(struct fa_outrule *r, int force, const char *in,
		       const char *out)
{
	static char vmcore[4096];
	struct stat st;
	struct fa_err e;

	fa_outrule_init(r, force);
	if (fa_outrule_add_input(r, in, &e))
		return fa_cli_error(NULL, &e);
	if (strcmp(in, "-") && !stat(in, &st) && S_ISDIR(st.st_mode) &&
	    !fa_root_vmcore(in, vmcore, sizeof(vmcore), &e) &&
	    fa_outrule_add_input(r, vmcore, &e))
		return fa_cli_error(NULL, &e);
	if (!out || !fa_outrule_check(r, out, &e))
		return FA_EXIT_OK;
	fa_cli_error(NULL, &e);
	return strcmp(out, "-") ? FA_EXIT_INPUT : FA_EXIT_USAGE;
}

int fa_cli_open_vmlinux(const char *vmlinux, const struct fa_dump *d,
			struct fa_symbolizer **sym)
{
	struct fa_sym_kernel k = {
		.machine = d->machine,
		.byteorder = d->byteorder,
		.machine_name = fa_dump_machine_name(d),
		.osrelease = fa_dump_osrelease(d),
	};
	struct fa_err e;
	uint64_t off;

	*sym = NULL;
	if (!vmlinux)
		return FA_EXIT_OK;
	fa_err_clear(&e);
	if (d->vmcoreinfo)
		k.build_id = fa_vmci_get(d->vmcoreinfo, "BUILD-ID");
	/* An opalcore is big-endian whatever the kernel's order was. */
	if (d->format == FA_DUMP_OPALCORE)
		k.byteorder = 0;
	if (fa_sym_open(vmlinux, sym, &e) || fa_sym_check(*sym, &k, &e)) {
		fa_sym_close(*sym);
		*sym = NULL;
		return fa_cli_error(vmlinux, &e);
	}
	if (d->vmcoreinfo && !fa_vmci_u64(d->vmcoreinfo, "KERNELOFFSET", 16,
					 &off))
		fa_sym_set_offset(*sym, off);
	return FA_EXIT_OK;
}

/*
 * Whether @msg already starts by naming @file, a file inside it (a capture
 * root's ROOT/proc/vmcore), or another path ("OUT: cannot create: ..."):
 * then "FILE: " would repeat or muddle it.
 */
static int names_a_path(const char *msg, const char *file)
{
	size_t fl = strlen(file), tl = strcspn(msg, ": ");

	if (!strncmp(msg, file, fl) && (msg[fl] == ':' || msg[fl] == '/'))
		return 1;
	return msg[tl] == ':' && msg[tl + 1] == ' ' && memchr(msg, '/', tl);
}

int fa_cli_error(const char *file, const struct fa_err *e)
{
	const char *msg = e && e->msg[0] ? e->msg : fa_strstatus(e ? e->code : 0);

	fflush(stdout);
	if (file && !names_a_path(msg, file))
		fprintf(stderr, FA_PROG ": %s: %s\n", file, msg);
	else
		fprintf(stderr, FA_PROG ": %s\n", msg);
	return FA_EXIT_INPUT;
}

int fa_cli_usage_error(const char *sub, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (sub)
		fprintf(stderr, FA_PROG " %s: ", sub);
	else
		fprintf(stderr, FA_PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see '" FA_PROG "%s%s --help')\n", sub ? " " : "",
		sub ? sub : "");
	return FA_EXIT_USAGE;
}

int fa_cli_bad_option(const char *sub, const char *shortopts, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	const char *o;

	/* A long option getopt knows but whose value is missing. */
	if (optopt && !strncmp(arg, "--", 2) && strchr(arg, '='))
		return fa_cli_usage_error(sub, "option '%.*s' takes no value",
					  (int)strcspn(arg, "="), arg);
	if (optopt && !strncmp(arg, "--", 2))
		return fa_cli_usage_error(sub, "option '%s' needs a value", arg);
	if (optopt > 0 && optopt < 256 && optopt != ':' &&
	    (o = strchr(shortopts, optopt)) && o[1] == ':')
		return fa_cli_usage_error(sub, "option '-%c' needs a value",
					  optopt);
	if (optopt > 0 && optopt < 256)
		return fa_cli_usage_error(sub, "unknown option '-%c'", optopt);
	return fa_cli_usage_error(sub, "unknown option '%s'", arg);
}

/* fw_dump member @f, or 0 when this kernel has none. */
static uint64_t fwd(const struct fa_kfwdump *k, int f)
{
	return k->fwd.present[f] ? k->fwd.v[f] : 0;
}

int fa_kfwdump_session(struct fa_session *s, const char *vmlinux,
		       unsigned int flags)
{
	struct fa_fw_kernel kv = { .have = 1 };
	struct fa_symbolizer *sym = NULL;
	struct fa_fwsections *fw;
	struct fa_kfwdump *k;
	char detail[4200];
	struct fa_err e;
	int ret;

	/* The build ID and release checks of every --vmlinux. */
	ret = fa_cli_open_vmlinux(vmlinux, s->d, &sym);
	fa_sym_close(sym);
	if (ret)
		return ret;
	k = malloc(sizeof(*k));
	fw = malloc(sizeof(*fw));
	if (!k || !fw) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		ret = fa_cli_error(vmlinux, &e);
		goto out;
	}
	ret = fa_kfwdump_read(s->d, vmlinux, k, &e);
	if (!ret && !k->fdm_addr)
		ret = fa_err_set(&e, FA_ENOENT, "no fdm: not a pSeries "
				 "FADump kernel");
	if (ret == FA_ENOENT && (flags & FA_KFW_OPTIONAL)) {
		ret = FA_EXIT_OK;
		goto out;
	}
	if (ret) {
		fa_err_prefix(&e, "the crashed kernel's fw_dump/fdm: ");
		ret = fa_cli_error(vmlinux, &e);
		goto out;
	}
	kv.dump_active = fwd(k, FA_FWD_DUMP_ACTIVE) != 0;
	kv.pre_610 = !k->fwd.present[FA_FWD_ELFCOREHDR_ADDR];
	kv.reserve_start = fwd(k, FA_FWD_RESERVE_DUMP_AREA_START);
	kv.reserve_size = fwd(k, FA_FWD_RESERVE_DUMP_AREA_SIZE);
	kv.fadumphdr_addr = fwd(k, FA_FWD_FADUMPHDR_ADDR);
	kv.crash_info_size = k->crash_info_size;
	snprintf(detail, sizeof(detail), "fdm at %#" PRIx64 " in %s, "
		 "symbols of %s", k->fdm_addr, s->d->file, vmlinux);
	if (fa_fwsections_find_fdm(s->d, k->fdm, k->fdm_len, &kv, detail, fw,
				   &e)) {
		ret = fa_cli_error(s->d->file, &e);
		goto out;
	}
	s->fw = *fw;
	ret = FA_EXIT_OK;
out:
	free(fw);
	free(k);
	return ret;
}

int fa_kfwdump_needed(struct fa_session *s)
{
	const struct fa_fwsections *fw = &s->fw;

	if (fw->have_fdm || fw->have_opal_fdm ||
	    (fw->platform != FA_FW_PSERIES && fw->platform != FA_FW_UNKNOWN))
		return 0;
	fa_fw_add_note(&s->fw, "the dump keeps no registration structure: "
		       "boot memory, the reserved area and fadump_region need "
		       "--vmlinux (the crashed kernel's fw_dump and fdm)");
	return 1;
}
