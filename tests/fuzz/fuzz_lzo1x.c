// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_lzo1x.c - the LZO1X-1 encoder over any bytes: its stream stays
 * within the bound and liblzo2's lzo1x_decompress_safe() reads back
 * exactly the input (every dump reader expands -l pages with it).
 */
#include <stdlib.h>
#include <string.h>

#include <lzo/lzo1x.h>

#include "fuzz.h"
#include "lzo1x.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[FA_LZO1X_BOUND(FA_LZO1X_MAX_IN)];
	static uint8_t back[FA_LZO1X_MAX_IN];
	static uint16_t wrk[FA_LZO1X_WRK_SIZE / 2];
	lzo_uint got;
	size_t n;

	if (size > FA_LZO1X_MAX_IN)
		size = FA_LZO1X_MAX_IN;
	n = fa_lzo1x_compress(data, size, out, wrk);
	if (!size) {
		if (n)
			abort();
		return 0;
	}
	got = size;
	if (n < 4 || n > FA_LZO1X_BOUND(size) ||
	    lzo1x_decompress_safe(out, n, back, &got, NULL) != LZO_E_OK ||
	    got != size || memcmp(back, data, size))
		abort();
	return 0;
}
