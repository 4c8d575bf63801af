// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_browse.c - `fadump-analyze browse [--fdm FILE] DUMP`: the command
 * line side of the interactive browser (browse.c).  It refuses to start
 * without a terminal rather than paint escape codes into a pipe.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "browse.h"
#include "cmd.h"

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " FA_PROG " browse [--fdm FILE] DUMP\n"
		"Browse the dump's memory map, regions, memory, registers,\n"
		"VMCOREINFO and kernel log in the terminal ('?' lists the keys).\n"
		FA_HELP_DUMP
		"\n"
		"      --fdm FILE  registration structure to use instead of\n"
		"                  ROOT/proc/device-tree/rtas/ibm,kernel-dump\n"
		"  -h, --help      this help\n"
		"\n"
		"Standard input and output must be a terminal (else exit 2).\n"
		FA_HELP_EXIT);
}

int cmd_browse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fdm", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fdm = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': fdm = optarg; break;
		case 'h': usage(stdout); return FA_EXIT_OK;
		default:
			return fa_cli_bad_option("browse", "h", argv);
		}
	}
	if (optind != argc - 1)
		return fa_cli_usage_error("browse", "expected one DUMP");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, FA_PROG " browse: needs a terminal on standard input and output\n");
		return FA_EXIT_USAGE;
	}
	return fa_browse(argv[optind], fdm);
}
