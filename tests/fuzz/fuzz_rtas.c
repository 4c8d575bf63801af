// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_rtas.c - the pSeries RTAS structures: the fadump memory structure
 * (ibm,kernel-dump), ibm,configure-kernel-dump-sizes, reserved-ranges and
 * the token cell, each decoded from the same input.
 */
#include "fuzz.h"
#include "fa_range.h"
#include "rtas.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_rtas_dump_sizes ds;
	struct fa_rtas_fdm fdm;
	struct fa_range r[16];
	uint64_t cpu, hpte;
	size_t n, trailing;
	struct fa_err e;
	uint32_t token;

	fa_rtas_fdm_decode(data, size, &fdm, &e);
	if (fa_rtas_dump_sizes_decode(data, size, &ds, &e) == 0)
		fa_rtas_dump_sizes_lookup(&ds, &cpu, &hpte);
	fa_reserved_ranges_decode(data, size, r, 16, &n, &trailing, &e);
	fa_rtas_token_decode(data, size, &token, &e);
	return 0;
}
