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
struct fa_outrule;
/*
 * fa_dmesg_save() - `convert --dump-dmesg IN FILE`: the log as makedumpfile
 * --dump-dmesg writes it, into FILE under @rule.  Returns an exit status
 * (errors printed).
 */
int fa_dmesg_save(const char *in, const char *file,
		  const struct fa_outrule *rule, int verbose);
int cmd_opalcore(int argc, char **argv);
/* Later parts (DESIGN.md): analyzer/cmd_convert.c, cmd_browse.c */
int cmd_convert(int argc, char **argv);
int cmd_browse(int argc, char **argv);
/* analyzer/cmd_save.c */
int cmd_save(int argc, char **argv);

/*
 * fa_cli_error() - print "fadump-analyze: FILE: message\n" to stderr
 * (without "FILE: " when @file is NULL, and when the message already
 * starts with a path: FILE itself, a file inside it, or another file the
 * error is about).  Returns FA_EXIT_INPUT.
 */
int fa_cli_error(const char *file, const struct fa_err *e);

/*
 * fa_cli_usage_error() - print the one line "fadump-analyze SUB: <msg>
 * (see 'fadump-analyze SUB --help')" to stderr ("fadump-analyze: <msg>
 * (see 'fadump-analyze --help')" when @sub is NULL).  Returns
 * FA_EXIT_USAGE.
 */
int fa_cli_usage_error(const char *sub, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * fa_cli_bad_option() - the usage error for what getopt_long() (with
 * opterr 0, as main() sets it) just refused: an unknown option, or one
 * of @shortopts / a long option whose value is missing.
 */
int fa_cli_bad_option(const char *sub, const char *shortopts, char **argv);

/*
 * FA_HELP_DUMP, FA_HELP_EXIT - the lines every subcommand's --help ends
 * with: what DUMP may be, and the exit statuses.
 */
#define FA_HELP_DUMP \
	"DUMP is an ELF vmcore, a kdump-compressed file, an opalcore or a capture\n" \
	"root directory (ROOT/proc/vmcore, ...; '/' on a capture kernel).\n"
#define FA_HELP_EXIT \
	"Exit status: 0 ok; 1 bad input (one line on standard error naming the\n" \
	"file, what was expected and what was found); 2 usage error.\n" \
	"See fadump-analyze(1).\n"

/* What most subcommands open: the dump and its firmware sections. */
struct fa_session {
	struct fa_dump *d;
	struct fa_fwsections fw;
};

/*
 * fa_cli_dump_open() - fa_dump_open() @path with @flags, printing the
 * error line, and with FA_DUMP_TRUNCATED_OK one warning line when the dump
 * is truncated (the file, the size its headers describe, its size).
 * Returns FA_EXIT_OK or FA_EXIT_INPUT.
 */
int fa_cli_dump_open(const char *path, unsigned int flags,
		     struct fa_dump **d);

/*
 * fa_cli_open() - open @path as fa_cli_dump_open() does and find its
 * firmware sections (@fdm: a registration structure file given with
 * --fdm, or NULL).  Prints the error line itself.  Returns FA_EXIT_OK or
 * FA_EXIT_INPUT.
 */
int fa_cli_open(const char *path, const char *fdm, unsigned int flags,
		struct fa_session *s);

struct fa_symbolizer;

/*
 * fa_cli_open_vmlinux() - open the --vmlinux FILE given for dump @d (NULL:
 * none, *@sym is NULL), refuse it unless it is @d's kernel (fa_sym_check())
 * and apply @d's KERNELOFFSET.  Prints the error line itself.  Returns
 * FA_EXIT_OK or FA_EXIT_INPUT.
 */
int fa_cli_open_vmlinux(const char *vmlinux, const struct fa_dump *d,
			struct fa_symbolizer **sym);

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

/*
 * fa_kfwdump_session() - with @vmlinux, replace @s's firmware sections by
 * those of the crashed kernel's fdm (source FA_FWSRC_VMLINUX).  With
 * FA_KFW_OPTIONAL in @flags a kernel that has no fw_dump/fdm (or a
 * vmlinux without DWARF) leaves @s as it was.  Prints the error line
 * itself.  Returns FA_EXIT_OK or FA_EXIT_INPUT.
 */
int fa_kfwdump_session(struct fa_session *s, const char *vmlinux,
		       unsigned int flags);

/* fa_kfwdump_session() flag: a kernel without fw_dump/fdm is no error. */
#define FA_KFW_OPTIONAL	0x1

/*
 * fa_kfwdump_needed() - when @s is FADump but keeps no registration
 * structure (a bare mainline vmcore), add a note to s->fw naming what
 * needs --vmlinux.  Returns 1 when it did.
 */
int fa_kfwdump_needed(struct fa_session *s);

#endif /* FA_CMD_H */
