// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli.c - what the subcommands share: opening a dump with its firmware
 * sections, with the error printed as the program's one line.
 */
#include <string.h>

#include "cmd.h"

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
