// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - fadump-analyze: dispatch to the subcommands.
 *
 *   fadump-analyze [OPTIONS] DUMP          the summary
 *   fadump-analyze SUBCOMMAND [ARGS...]    see --help
 *
 * Exit status: 0 ok, 1 bad input, 2 usage.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "fa_outfile.h"

#ifndef FA_VERSION
#define FA_VERSION "dev"
#endif

struct subcommand {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct subcommand subcommands[] = {
	{ "info", cmd_info, "[--json] [--vmlinux F] [--fdm F] DUMP",
	  "dump type, kernel, crash time and CPU, sizes, panic message" },
	{ "regions", cmd_regions,
	  "[--kernel-format] [--fdm F] [--region-file F] [--json] DUMP",
	  "every region: boot memory, reserved-area parts, other memory" },
	{ "split", cmd_split, "[--json] [--fdm F] [-f] DUMP -o DIR",
	  "write the firmware sections to files, with a manifest" },
	{ "cpus", cmd_cpus, "[OPTIONS] DUMP",
	  "every thread's registers from the firmware save area" },
	{ "cpu-state", cmd_cpus, "[OPTIONS] DUMP",
	  "same as cpus" },
	{ "rebuild-notes", cmd_notes, "[--all] [-f] DUMP OUT",
	  "rebuild the per-CPU ELF notes from the firmware data" },
	{ "dmesg", cmd_dmesg, "[OPTIONS] DUMP",
	  "the kernel log from the printk ring" },
	{ "opalcore", cmd_opalcore, "[-r] [--json] FILE|ROOT",
	  "inspect an opalcore" },
	{ "convert", cmd_convert, "[-c|-l|-p|-z] [-d N] [-F] [-f] IN [OUT]",
	  "write a kdump-compressed file" },
	{ "browse", cmd_browse, "[OPTIONS] DUMP",
	  "browse the regions interactively" },
	{ "save", cmd_save, "[-c|-l|-p|-z] [-d N] [--no-release] [ROOT] DESTDIR",
	  "save the dump in the capture kernel, then release the memory" },
	{ NULL, NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	const struct subcommand *s;

	fprintf(f,
		"Usage: " FA_PROG " [--json] [--vmlinux FILE] [--fdm FILE] DUMP\n"
		"       " FA_PROG " SUBCOMMAND [ARGS...]\n"
		"       " FA_PROG " --help | --version\n"
		"\n"
		"Inspect a firmware-assisted dump (FADump) of an IBM POWER system.\n"
		"DUMP is an ELF vmcore, a kdump-compressed file, an opalcore, or a\n"
		"capture root directory (ROOT/proc/vmcore, ROOT/proc/device-tree,\n"
		"ROOT/sys/...; '/' on a capture kernel).  Without a subcommand, a\n"
		"summary is printed.\n"
		"\n"
		"Subcommands:\n");
	for (s = subcommands; s->name; s++) {
		fprintf(f, "  %-14s %s\n", s->name, s->args);
		fprintf(f, "  %-14s   %s\n", "", s->help);
	}
	fprintf(f,
		"\n"
		"'" FA_PROG " SUBCOMMAND --help' describes each; '" FA_PROG " DUMP --help'\n"
		"the summary's options.\n"
		FA_HELP_EXIT);
}

static void on_signal(int sig)
{
	fa_outfile_abort_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static const struct subcommand *find_subcommand(const char *name)
{
	const struct subcommand *s;

	for (s = subcommands; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

int main(int argc, char **argv)
{
	const struct subcommand *s;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);

	if (argc < 2) {
		usage(stderr);
		return FA_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return FA_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf(FA_PROG " " FA_VERSION "\n");
		return FA_EXIT_OK;
	}

	s = find_subcommand(argv[1]);
	optind = 0;	/* full getopt reset for the subcommand */
	opterr = 0;	/* fa_cli_bad_option() says what was wrong, once */
	if (!s) {
		/* "fadump-analyze [OPTIONS] DUMP": the summary. */
		argv[0] = (char *)"summary";
		return cmd_summary(argc, argv);
	}
	return s->fn(argc - 1, argv + 1);
}
