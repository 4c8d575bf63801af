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

struct fa_outfile {
	int fd;
	char *path;		/* final name */
	char *tmp;		/* temporary name, NULL for stdout */
	int is_stdout;
};

/* fa_outfile_open() - create the temporary for @path (mode 0600). */
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
 * fa_outfile_abort_all() - async-signal-safe: unlink every temporary still
 * open in this process.  Called from SIGINT/SIGTERM handlers.
 */
void fa_outfile_abort_all(void);

/* fa_write_file() - open, write @len bytes, commit: a whole small file. */
int fa_write_file(const char *path, const void *buf, size_t len,
		  struct fa_err *e);

/* fa_read_file() - read a whole (small) file into a malloc'd buffer. */
int fa_read_file(const char *path, uint8_t **buf, size_t *len,
		 size_t max_len, struct fa_err *e);

#endif /* FA_OUTFILE_H */
