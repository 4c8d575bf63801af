// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli.c - what the subcommands share: opening a dump with its firmware
 * sections, with the error printed as the program's one line.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "fa_outfile.h"
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
