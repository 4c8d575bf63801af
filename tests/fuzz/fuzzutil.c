// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzzutil.c - helpers of the fuzz targets (see fuzz.h). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

int fuzz_memfd(unsigned int slot, const uint8_t *data, size_t size)
{
	static int fds[FUZZ_MEMFD_SLOTS];
	size_t done = 0;
	ssize_t n;
	int fd;

	if (slot >= FUZZ_MEMFD_SLOTS)
		abort();
	if (!fds[slot]) {
		fds[slot] = memfd_create("fuzz-input", MFD_CLOEXEC);
		if (fds[slot] < 0) {
			perror("memfd_create");
			abort();
		}
	}
	fd = fds[slot];
	if (ftruncate(fd, 0) < 0) {
		perror("memfd ftruncate");
		abort();
	}
	while (done < size) {
		n = pwrite(fd, data + done, size - done, (off_t)done);
		if (n <= 0) {
			perror("memfd write");
			abort();
		}
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

uint32_t fuzz_get32(const uint8_t *data, size_t size, size_t *pos)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++, (*pos)++)
		if (*pos < size)
			v |= (uint32_t)data[*pos] << (8 * i);
	return v;
}
