// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_prstatus.c - NT_PRSTATUS descriptors: the first byte picks the
 * machine (ppc64 / x86_64) and the byte order, the rest is the descriptor.
 */
#include "fa_endian.h"
#include "fuzz.h"
#include "prstatus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_prstatus p;
	struct fa_err e;
	uint16_t machine;
	int bo;

	if (size < 1)
		return 0;
	machine = data[0] & 2 ? FA_EM_X86_64 : FA_EM_PPC64;
	bo = data[0] & 1 ? FA_BE : FA_LE;
	fa_prstatus_decode(data + 1, size - 1, bo, machine, &p, &e);
	return 0;
}
