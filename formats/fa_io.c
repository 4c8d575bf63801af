// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fa_io.c - whole reads from a file descriptor (see fa_io.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fa_io.h"

int fa_pread_full(int fd, void *buf, size_t len, uint64_t off,
		  const char *what, struct fa_err *e)
{
	uint8_t *p = buf;
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, p + done, len - done, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fa_err_set(e, FA_EIO, "%s: read at offset %#llx failed: %s",
					  what, (unsigned long long)(off + done),
					  strerror(errno));
		if (n == 0)
			return fa_err_set(e, FA_ETRUNC,
					  "%s: need %zu bytes at offset %#llx, file ends after %zu",
					  what, len, (unsigned long long)off, done);
		done += (size_t)n;
	}
	return 0;
}
