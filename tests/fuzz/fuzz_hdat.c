// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_hdat.c - the HDAT CPU state data of an opalcore / PowerNV fadump:
 * the first 4 input bytes (LE) are the thread block size the MPIPL
 * metadata would give, the rest is the region.
 */
#include "fuzz.h"
#include "hdat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t regs[FA_PT_NREGS];
	struct fa_hdat_thread_hdr h;
	struct fa_hdat_thread t;
	struct fa_hdat_iter it;
	struct fa_hdat_reg r;
	uint32_t cpu_data_size, i;
	struct fa_err e;
	size_t pos = 0;

	cpu_data_size = fuzz_get32(data, size, &pos);
	if (size < pos)
		return 0;
	data += pos;
	size -= pos;
	fa_hdat_thread_hdr_decode(data, size, &h, &e);
	if (fa_hdat_iter_init(&it, data, size, cpu_data_size, &e))
		return 0;
	while (fa_hdat_iter_next(&it, &t, &e) == 1) {
		for (i = 0; i < t.ecnt; i++)
			fa_hdat_thread_reg(&t, i, &r);
		fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
	}
	return 0;
}
