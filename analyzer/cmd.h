/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd.h - the subcommands of fadump-analyze and what they share.
 *
 * Each subcommand is "int cmd_NAME(int argc, char **argv)": argv[0] is the
 * subcommand's name, the rest its own arguments (it parses them itself,
 * with getopt_long; optind is reset by main()).  It returns the program's
 * exit status: FA_EXIT_OK, FA_EXIT_INPUT (bad input: the dump, a file) or
 * FA_EXIT_USAGE (bad command line).  Output goes to stdout, errors to
 * stderr through fa_cli_error() as one line.
 *
 * main.c declares the commands weak, so the program links while a
 * subcommand's file is not there yet ("not built in").
 */
#ifndef FA_CMD_H
#define FA_CMD_H

#include "dump.h"
#include "fa_err.h"
#include "fwsections.h"

#define FA_PROG			"fadump-analyze"

#define FA_EXIT_OK		0
#define FA_EXIT_INPUT		1
#define FA_EXIT_USAGE		2

/* A1: analyzer/cmd_info.c, cmd_regions.c, cmd_split.c */
int cmd_summary(int argc, char **argv);	/* "fadump-analyze DUMP" */
int cmd_info(int argc, char **argv);
int cmd_regions(int argc, char **argv);
int cmd_split(int argc, char **argv);
/* A2: analyzer/cmd_cpus.c, cmd_notes.c, cmd_dmesg.c, cmd_opalcore.c */
int cmd_cpus(int argc, char **argv);		/* also "cpu-state" */
int cmd_notes(int argc, char **argv);		/* "rebuild-notes" */
int cmd_dmesg(int argc, char **argv);
int cmd_opalcore(int argc, char **argv);
/* Later parts (DESIGN.md): analyzer/cmd_convert.c, cmd_browse.c */
int cmd_convert(int argc, char **argv);
int cmd_browse(int argc, char **argv);

/*
 * fa_cli_error() - print "fadump-analyze: FILE: message\n" to stderr
 * (without "FILE: " when @file is NULL, and without repeating it when the
 * message already starts with it).  Returns FA_EXIT_INPUT.
 */
int fa_cli_error(const char *file, const struct fa_err *e);

/*
 * fa_cli_usage_error() - print "fadump-analyze SUB: <msg>\nTry
 * 'fadump-analyze --help'.\n" to stderr.  Returns FA_EXIT_USAGE.
 */
int fa_cli_usage_error(const char *sub, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* What most subcommands open: the dump and its firmware sections. */
struct fa_session {
	struct fa_dump *d;
	struct fa_fwsections fw;
};

/*
 * fa_cli_open() - open @path and find its firmware sections (@fdm: a
 * registration structure file given with --fdm, or NULL).  Prints the
 * error line itself.  Returns FA_EXIT_OK or FA_EXIT_INPUT.
 */
int fa_cli_open(const char *path, const char *fdm, struct fa_session *s);

/* fa_cli_close() - release what fa_cli_open() opened. */
void fa_cli_close(struct fa_session *s);

struct fa_outrule;

/*
 * fa_cli_output_rule() - the output rule of a writer (fa_outfile.h): -f
 * when @force, and the input @in never replaced (for a capture root,
 * ROOT/proc/vmcore too).  When @out is not NULL it is checked at once, so
 * that no dump is read for an output that will be refused: FA_EXIT_INPUT
 * for a file that stays (it exists, is no regular file, is the input),
 * FA_EXIT_USAGE for "-" on a terminal, after the error line.
 */
int fa_cli_output_rule(struct fa_outrule *r, int force, const char *in,
		       const char *out);

#endif /* FA_CMD_H */
