// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_elfcore.c - fa_elfcore_open() on the input as a file (lax and strict
 * notes), then the lookups and reads a reader makes.
 */

#include "elfcore.h"
#include "fuzz.h"

static void poke(struct fa_elfcore *c)
{
	const struct fa_elf_load *seg;
	uint8_t buf[64];
	const char *text;
	struct fa_err e;
	uint64_t off, pa;
	size_t i, len;

	for (i = 0; i < c->nloads && i < 16; i++) {
		pa = c->loads[i].paddr;
		fa_elfcore_find_phys(c, pa);
		fa_elfcore_phys_offset(c, pa, &seg, &off, &e);
		fa_elfcore_read_phys(c, pa, buf, sizeof(buf), &e);
		fa_elfcore_read_phys(c, pa + c->loads[i].memsz - 8, buf,
				     sizeof(buf), &e);
		fa_elfcore_read_kv(c, c->loads[i].vaddr, buf, sizeof(buf), &e);
		fa_elfcore_kv_to_phys(c, c->loads[i].vaddr + 1, &pa, &e);
	}
	fa_elfcore_vmcoreinfo(c, &text, &len, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int flags[] = {
		0, FA_ELFCORE_LAX_NOTES | FA_ELFCORE_ANY_TYPE,
	};
	struct fa_elfcore *c;
	struct fa_err e;
	unsigned int i;
	int fd;

	fd = fuzz_memfd(0, data, size);
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (fa_elfcore_open(&c, fd, flags[i], &e))
			continue;
		poke(c);
		fa_elfcore_close(c);
	}
	return 0;
}
