/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fa_err.h - errors as values for every fadump-tools library function.
 *
 * A fallible function returns 0 on success or a negative FA_E* code, and
 * fills the caller's struct fa_err with one human-readable line saying what
 * was expected and what was found.  Callers add context with fa_err_prefix()
 * and pass the code up; only a program's main() prints.
 */
#ifndef FA_ERR_H
#define FA_ERR_H

#include <stddef.h>

enum fa_status {
	FA_OK = 0,
	FA_ETRUNC = -1,		/* input shorter than the structure needs */
	FA_EMAGIC = -2,		/* wrong magic / signature */
	FA_EVERSION = -3,	/* unsupported format version */
	FA_ERANGE = -4,		/* offset/length outside the buffer or overflowing */
	FA_ECORRUPT = -5,	/* inconsistent content */
	FA_EENDIAN = -6,	/* byte order is not the one expected */
	FA_ENOMEM = -7,
	FA_EIO = -8,		/* errno-level I/O failure */
	FA_EUNSUP = -9,		/* valid but not supported here */
	FA_EINVAL = -10,	/* bad argument from the caller */
	FA_ENOENT = -11,	/* looked-for item is not present */
	FA_ELIB = -12,		/* an external library (libelf, libkdumpfile, ...) failed */
};

#define FA_ERR_MSG_MAX 512

struct fa_err {
	int code;
	char msg[FA_ERR_MSG_MAX];
};

/*
 * fa_err_set() - record @code and a printf-style message in @e (which may be
 * NULL).  Returns @code so that callers can write "return fa_err_set(...)".
 */
int fa_err_set(struct fa_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * fa_err_prefix() - prepend context ("file.elf: ") to the message already in
 * @e.  Returns e->code (or FA_EINVAL when @e is NULL).
 */
int fa_err_prefix(struct fa_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* fa_err_errno() - set @e from errno with the message "<what>: <strerror>". */
int fa_err_errno(struct fa_err *e, const char *what);

/* fa_err_clear() - reset @e to success. */
void fa_err_clear(struct fa_err *e);

/* fa_strstatus() - short name of a status code ("truncated", "bad magic"...). */
const char *fa_strstatus(int code);

/*
 * fa_need() - bounds check helper: 0 when [off, off+len) lies inside a
 * buffer of @size bytes (with no overflow), otherwise FA_ETRUNC with the
 * message "<what>: need N bytes at offset O, only S available".
 */
int fa_need(struct fa_err *e, size_t size, size_t off, size_t len,
	    const char *what);

#endif /* FA_ERR_H */
