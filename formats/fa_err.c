// SPDX-License-Identifier: GPL-2.0-or-later
/* fa_err.c - error values (see fa_err.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fa_err.h"

int fa_err_set(struct fa_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int fa_err_prefix(struct fa_err *e, const char *fmt, ...)
{
	char pre[FA_ERR_MSG_MAX], old[FA_ERR_MSG_MAX];
	va_list ap;

	if (!e)
		return FA_EINVAL;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	{
		size_t n = strnlen(pre, sizeof(pre) - 1);

		memcpy(e->msg, pre, n);
		/* Keep the original message; cut at the buffer's end. */
		snprintf(e->msg + n, sizeof(e->msg) - n, "%.*s",
			 (int)(sizeof(e->msg) - n - 1), old);
	}
	return e->code;
}

int fa_err_errno(struct fa_err *e, const char *what)
{
	int saved = errno;

	return fa_err_set(e, FA_EIO, "%s: %s", what, strerror(saved));
}

void fa_err_clear(struct fa_err *e)
{
	if (e) {
		e->code = FA_OK;
		e->msg[0] = '\0';
	}
}

const char *fa_strstatus(int code)
{
	switch (code) {
	case FA_OK:		return "success";
	case FA_ETRUNC:		return "truncated";
	case FA_EMAGIC:		return "bad magic";
	case FA_EVERSION:	return "unsupported version";
	case FA_ERANGE:		return "out of range";
	case FA_ECORRUPT:	return "corrupt";
	case FA_EENDIAN:	return "wrong byte order";
	case FA_ENOMEM:		return "out of memory";
	case FA_EIO:		return "I/O error";
	case FA_EUNSUP:		return "unsupported";
	case FA_EINVAL:		return "invalid argument";
	case FA_ENOENT:		return "not found";
	case FA_ELIB:		return "library error";
	}
	if (fa_is_errno(code))
		return strerror(-code);
	return "unknown error";
}

int fa_need(struct fa_err *e, size_t size, size_t off, size_t len,
	    const char *what)
{
	if (off > size || len > size - off)
		return fa_err_set(e, FA_ETRUNC,
				  "%s: need %zu bytes at offset %#zx, only %zu available",
				  what, len, off, off > size ? 0 : size - off);
	return 0;
}
