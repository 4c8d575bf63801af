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

/*
 * FA_ERRNO_MAX - the kernel's MAX_ERRNO: -1 .. -FA_ERRNO_MAX are -errno
 * values.  The FA_E* codes lie below that range, so that an int holding
 * either (the kernel model keeps the kernel's -errno and the library's
 * codes in one rc) always says which one it holds.
 */
#define FA_ERRNO_MAX	4095

enum fa_status {
	FA_OK = 0,
	FA_ETRUNC = -4097,	/* input shorter than the structure needs */
	FA_EMAGIC = -4098,	/* wrong magic / signature */
	FA_EVERSION = -4099,	/* unsupported format version */
	FA_ERANGE = -4100,	/* offset/length outside the buffer or overflowing */
	FA_ECORRUPT = -4101,	/* inconsistent content */
	FA_EENDIAN = -4102,	/* byte order is not the one expected */
	FA_ENOMEM = -4103,
	FA_EIO = -4104,		/* errno-level I/O failure */
	FA_EUNSUP = -4105,	/* valid but not supported here */
	FA_EINVAL = -4106,	/* bad argument from the caller */
	FA_ENOENT = -4107,	/* looked-for item is not present */
	FA_ELIB = -4108,	/* an external library (libelf, libkdumpfile, ...) failed */
};

_Static_assert(FA_ETRUNC < -FA_ERRNO_MAX && FA_ELIB < FA_ETRUNC,
	       "FA_E* codes must stay below the -errno range");

/* fa_is_errno() - whether @code is a -errno value (-1 .. -FA_ERRNO_MAX). */
static inline int fa_is_errno(int code)
{
	return code < 0 && code >= -FA_ERRNO_MAX;
}

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

/*
 * fa_strstatus() - short name of a status code: an FA_E* code's ("truncated",
 * "bad magic", ...), a -errno value's strerror() text.
 */
const char *fa_strstatus(int code);

/*
 * fa_need() - bounds check helper: 0 when [off, off+len) lies inside a
 * buffer of @size bytes (with no overflow), otherwise FA_ETRUNC with the
 * message "<what>: need N bytes at offset O, only S available".
 */
int fa_need(struct fa_err *e, size_t size, size_t off, size_t len,
	    const char *what);

#endif /* FA_ERR_H */
