// SPDX-License-Identifier: GPL-2.0-or-later
/* fuzz_elfhdr.c - the ELF64 header and program header decoders, layout. */
#include <stdlib.h>

#include "elfhdr.h"
#include "fuzz.h"

#define MAX_PHDRS	256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_elf_phdr ph[MAX_PHDRS];
	struct fa_elf_ehdr h;
	struct fa_err e;
	uint64_t total;
	size_t i, n = 0;

	if (fa_elf_ehdr_decode(data, size, &h, &e))
		return 0;
	for (i = 0; i < h.phnum && i < MAX_PHDRS; i++) {
		uint64_t off = h.phoff + i * 56;

		if (h.phoff > size || off > size - 56 || size < 56)
			break;
		fa_elf_phdr_decode(data + off, h.byteorder, &ph[n++]);
	}
	fa_elf_layout(ph, n, 0x10000, &total, &e);
	return 0;
}
