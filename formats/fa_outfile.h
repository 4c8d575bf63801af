/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fa_outfile.h - the one way fadump-tools creates a file that holds dump data.
 *
 * A dump is someone's secrets and must never be seen half-written: the data
 * goes to "<dir>/.<name>.XXXXXX" created 0600 with O_EXCL|O_NOFOLLOW, and
 * only fa_outfile_commit() (fsync, rename, fsync of the directory) makes it
 * appear under its final name.  fa_outfile_abort() unlinks the temporary.
 * A path of "-" means standard output (no temporary, no rename).
 */
#ifndef FA_OUTFILE_H
#define FA_OUTFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fa_err.h"

#define FA_OUTRULE_MAX_INPUTS	4

/*
 * struct fa_outrule - what an output may replace: the one output rule of
 * every writer of dump data.
 *
 * Whatever the rule, only a regular file is ever replaced: never a device
 * node, a FIFO, a socket, a symbolic link or a directory (/dev/null and
 * /dev/stdout stay what they are).  An input (the same st_dev/st_ino, by
 * whatever path or hard link) is never replaced.  Without @force an
 * existing output is refused too (makedumpfile's -f).  "-" is standard
 * output, refused when it is a terminal.
 */
struct fa_outrule {
	int force;
	size_t ninputs;
	struct {
		dev_t dev;
		ino_t ino;
		const char *name;	/* the caller's string, for messages */
	} input[FA_OUTRULE_MAX_INPUTS];
};

/* fa_outrule_init() - a rule with no inputs; @force: -f was given. */
void fa_outrule_init(struct fa_outrule *r, int force);

/*
 * fa_outrule_add_input() - never replace the file @path names ("-": the
 * file on standard input).  A path that does not exist is ignored (its
 * reader says so).  Keeps @path, which must outlive @r.
 */
int fa_outrule_add_input(struct fa_outrule *r, const char *path,
			 struct fa_err *e);

/*
 * fa_outrule_check() - 0 when @path may be written under @r (NULL: replace
 * a regular file that is no input); otherwise FA_EINVAL with one line
 * saying what @path is and why it stays.  Any other lstat() failure than
 * ENOENT is FA_EIO.
 */
int fa_outrule_check(const struct fa_outrule *r, const char *path,
		     struct fa_err *e);

struct fa_outfile {
	int fd;
	char *path;		/* final name */
	char *tmp;		/* temporary name, NULL for stdout */
	int is_stdout;
	struct fa_outrule rule;	/* checked at open and again at commit */
};

/*
 * fa_outfile_open_rule() - check @path under @r (see fa_outrule_check(),
 * NULL: replace only a regular file), then create its temporary (0600).
 * Without r->force the commit never replaces a file that appeared since.
 */
int fa_outfile_open_rule(struct fa_outfile *of, const char *path,
			 const struct fa_outrule *r, struct fa_err *e);

/* fa_outfile_open() - fa_outfile_open_rule() with the NULL rule. */
int fa_outfile_open(struct fa_outfile *of, const char *path, struct fa_err *e);

/* fa_outfile_write() - write all of @buf at the current position. */
int fa_outfile_write(struct fa_outfile *of, const void *buf, size_t len,
		     struct fa_err *e);

/* fa_outfile_pwrite() - write all of @buf at @off (not for stdout). */
int fa_outfile_pwrite(struct fa_outfile *of, const void *buf, size_t len,
		      uint64_t off, struct fa_err *e);

/* fa_outfile_commit() - fsync and rename into place; closes the file. */
int fa_outfile_commit(struct fa_outfile *of, struct fa_err *e);

/* fa_outfile_abort() - close and unlink the temporary; safe to call twice. */
void fa_outfile_abort(struct fa_outfile *of);

/*
 * struct fa_outdir - a directory of outputs written whole: the files go
 * into a temporary directory next to @path ("<parent>/.<name>.XXXXXX",
 * 0700) which fa_outdir_commit() renames into place.
 */
struct fa_outdir {
	char *path;		/* final name */
	char *tmp;		/* where the files are written meanwhile */
	struct fa_outrule rule;
	const char *const *own;	/* the names the writer puts in it */
};

/*
 * fa_outdir_open() - check @path and create the temporary directory.  An
 * absent @path or an empty directory is taken; an existing non-empty
 * directory only with r->force, and only when it holds nothing but regular
 * files named in @own (NULL-terminated, the caller's), none of them an
 * input.  Anything else (a file, a symbolic link...) is refused: FA_EINVAL.
 */
int fa_outdir_open(struct fa_outdir *od, const char *path,
		   const struct fa_outrule *r, const char *const *own,
		   struct fa_err *e);

/*
 * fa_outdir_commit() - check @path again and put the temporary directory
 * in its place (an existing directory is exchanged atomically, then its
 * old files removed).  On failure the temporary directory is removed.
 */
int fa_outdir_commit(struct fa_outdir *od, struct fa_err *e);

/* fa_outdir_abort() - remove the temporary directory and its files. */
void fa_outdir_abort(struct fa_outdir *od);

/*
 * fa_outfile_abort_all() - async-signal-safe: unlink every temporary still
 * open in this process, and empty and remove every temporary directory.
 * Called from SIGINT/SIGTERM handlers.
 */
void fa_outfile_abort_all(void);

/* fa_write_file() - open, write @len bytes, commit: a whole small file. */
int fa_write_file(const char *path, const void *buf, size_t len,
		  struct fa_err *e);

/* fa_read_file() - read a whole (small) file into a malloc'd buffer. */
int fa_read_file(const char *path, uint8_t **buf, size_t *len,
		 size_t max_len, struct fa_err *e);

#endif /* FA_OUTFILE_H */
