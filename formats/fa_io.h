/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fa_io.h - whole reads from a file descriptor, with fa_err messages.
 */
#ifndef FA_IO_H
#define FA_IO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fa_err.h"

/*
 * fa_pread_full() - read exactly @len bytes at offset @off of @fd into
 * @buf, going on after short reads and EINTR.  @what names the data for
 * the message ("PT_NOTE", "input").  Returns 0; FA_ETRUNC "<what>: need
 * N bytes at offset X, file ends after D" when the file ends first;
 * FA_EIO "<what>: read at offset X failed: <strerror>".
 */
int fa_pread_full(int fd, void *buf, size_t len, uint64_t off,
		  const char *what, struct fa_err *e);

/*
 * fa_page_is_zero() - whether the @len bytes at @p (a page, or any other
 * span) hold only zeros: the test behind dump level bit 1, shared by every
 * writer so that they agree on what a zero page is, and by the writers of
 * sparse files.
 */
static inline int fa_page_is_zero(const uint8_t *p, size_t len)
{
	static const uint8_t z[16];

	if (len <= 16)
		return !memcmp(p, z, len);
	return !memcmp(p, z, 16) && !memcmp(p, p + 16, len - 16);
}

#endif /* FA_IO_H */
