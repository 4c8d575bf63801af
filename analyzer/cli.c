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

int fa_cli_open(const char *path, const char *fdm, struct fa_session *s)
{
	struct fa_err e;
	int ret;

	memset(s, 0, sizeof(*s));
	fa_err_clear(&e);
	ret = fa_dump_open(path, 0, &s->d, &e);
	if (ret)
		return fa_cli_error(path, &e);
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
	    snprintf(vmcore, sizeof(vmcore), "%s/proc/vmcore", in) <
	    (int)sizeof(vmcore) && fa_outrule_add_input(r, vmcore, &e))
		return fa_cli_error(NULL, &e);
	if (!out || !fa_outrule_check(r, out, &e))
		return FA_EXIT_OK;
	fa_cli_error(NULL, &e);
	return strcmp(out, "-") ? FA_EXIT_INPUT : FA_EXIT_USAGE;
}
