// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_regsave.c - the pSeries register save area (CPU state data). */
#include "fuzz.h"
#include "regsave.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_regsave rs;
	struct fa_err e;

	fa_regsave_decode(data, size, &rs, &e);
	fa_regsave_free(&rs);
	return 0;
}
