// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_flattened.c - makedumpfile's flattened stream (-F) read from a file
 * and rebuilt into an anonymous file: header, records, end marker.
 */
#include <string.h>

#include "fa_outfile.h"
#include "flattened.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_outfile out;
	uint64_t file_size;
	struct fa_err e;
	int in;

	fa_flat_header_decode(data, size, &e);
	in = fuzz_memfd(0, data, size);
	memset(&out, 0, sizeof(out));
	out.fd = fuzz_memfd(1, NULL, 0);
	fa_flat_rebuild(fa_flat_fd_read, &in, &out, 1 << 20, &file_size, &e);
	return 0;
}
