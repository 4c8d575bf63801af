// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_elfcorehdr.c - the capture kernel's elfcorehdr (v6.10+
 * fadump_process, fadump-kernel-formats.md §5.6) for one small pSeries
 * machine, compared byte for byte with headers written here from the
 * document's table: first as mainline builds it (--mainline-exact, the
 * whole reserved area cut), then with the DESIGN content rule (the
 * firmware metadata around the boot-memory copy kept as PT_LOADs).
 *
 * The numbers, worked by hand (pcfg(): memblock [0,1G) and [2G,3G), boot
 * memory 320 MiB = one region [0, 0x14000000), firmware sizes CPU 0x40020
 * and HPTE 0x1000, crash-info header 680 bytes):
 *   64 KiB pages: dest = PAGE_ALIGN(0x14000000 + 0x41020) = 0x14050000,
 *     area = 0x50000 + 0x14000000 + 0x2a8 = 0x140502a8 at 0x14000000,
 *     ra_end = 0x280502a8, boot-memory copy [0x14050000, 0x28050000).
 *   4 KiB pages: dest = 0x14042000, area 0x140422a8, ra_end 0x280422a8,
 *     copy [0x14042000, 0x28042000).
 * The capture kernel allocates top-down below boot_mem_top = 0x14000000:
 * the elfcorehdr buffer first, PAGE_ALIGN(64 + 56 * n), then the CPU
 * notes buffer, PAGE_ALIGN(4 * 536).
 */
#include "test_kernel_pseries.h"

#define PO 0xc000000000000000ULL	/* __va() */

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* Elf64_Phdr at @p, field by field (p_type 0, p_flags 4, p_offset 8...). */
static void put_phdr(uint8_t *p, int bo, const struct phdr *h)
{
	fa_put32(p + 0, bo, h->type);
	fa_put32(p + 4, bo, h->flags);
	fa_put64(p + 8, bo, h->offset);
	fa_put64(p + 16, bo, h->vaddr);
	fa_put64(p + 24, bo, h->paddr);
	fa_put64(p + 32, bo, h->filesz);
	fa_put64(p + 40, bo, h->memsz);
	fa_put64(p + 48, bo, h->align);
}

/* Elf64_Ehdr of an ET_CORE for EM_PPC64 with @phnum phdrs at 64. */
static void put_ehdr(uint8_t *p, int bo, uint32_t e_flags, uint16_t phnum)
{
	static const uint8_t ident[16] = { 0x7f, 'E', 'L', 'F', 2, 0, 1, 0 };

	memcpy(p, ident, 16);
	p[5] = (uint8_t)bo;		/* EI_DATA: 1 LSB, 2 MSB */
	fa_put16(p + 16, bo, 4);	/* e_type ET_CORE */
	fa_put16(p + 18, bo, 21);	/* e_machine EM_PPC64 */
	fa_put32(p + 20, bo, 1);	/* e_version */
	fa_put64(p + 24, bo, 0);	/* e_entry */
	fa_put64(p + 32, bo, 64);	/* e_phoff */
	fa_put64(p + 40, bo, 0);	/* e_shoff */
	fa_put32(p + 48, bo, e_flags);
	fa_put16(p + 52, bo, 64);	/* e_ehsize */
	fa_put16(p + 54, bo, 56);	/* e_phentsize */
	fa_put16(p + 56, bo, phnum);
	fa_put16(p + 58, bo, 0);
	fa_put16(p + 60, bo, 0);
	fa_put16(p + 62, bo, 0);
}

/* Compare the elfcorehdr in memory with @want (@size bytes, zero tail). */
static void check_hdr(struct pcycle *cy, uint64_t addr, uint64_t size,
		      int bo, uint32_t e_flags, const struct phdr *ph, int n)
{
	struct fadump_kernel *k = &cy->capture;
	uint8_t *got = malloc(size), *want = calloc(1, size);
	struct fa_err e;
	int i;

	assert_non_null(got);
	assert_non_null(want);
	assert_int_equal(k->fw_dump.elfcorehdr_addr, addr);
	assert_int_equal(k->fw_dump.elfcorehdr_size, size);
	assert_int_equal(k->elfcorehdr_addr, addr);	/* /proc/vmcore's */
	put_ehdr(want, bo, e_flags, (uint16_t)n);
	for (i = 0; i < n; i++)
		put_phdr(want + 64 + 56 * i, bo, &ph[i]);
	assert_fa_ok(machine_read(cy->m, addr, got, size, &e), &e);
	for (i = 0; i < n; i++)
		if (memcmp(got + 64 + 56 * i, want + 64 + 56 * i, 56))
			fail_msg("phdr %d: type %#x off %#llx paddr %#llx size %#llx, want type %#x off %#llx paddr %#llx size %#llx",
				 i, fa_get32(got + 64 + 56 * i, bo),
				 (unsigned long long)fa_get64(got + 72 + 56 * i, bo),
				 (unsigned long long)fa_get64(got + 88 + 56 * i, bo),
				 (unsigned long long)fa_get64(got + 96 + 56 * i, bo),
				 ph[i].type, (unsigned long long)ph[i].offset,
				 (unsigned long long)ph[i].paddr,
				 (unsigned long long)ph[i].filesz);
	assert_memory_equal(got, want, size);
	free(got);
	free(want);
}

/* The first kernel's VMCOREINFO note: relocation input (§5.5). */
static uint64_t vmcoreinfo_paddr(struct pcycle *cy)
{
	uint64_t p, sz;

	assert_int_equal(synth_vmcoreinfo(cy->m, &p, &sz), 0);
	assert_true(p < 0x14000000);	/* inside boot region 0 */
	return p;
}

/* LE, 64 KiB pages, mainline's table: the whole reserved area is cut. */
static void test_mainline_exact(void **state)
{
	struct machine_config c;
	struct pcycle cy;
	uint64_t vp;

	(void)state;
	pcfg(&c, FA_LE, 65536, 4);
	pboot(&cy, &c, 1);
	assert_int_equal(cy.first.fw_dump.reserve_dump_area_start, 0x14000000);
	assert_int_equal(cy.first.fw_dump.reserve_dump_area_size, 0x140502a8);
	assert_int_equal(cy.first.fw_dump.boot_mem_dest_addr, 0x14050000);
	vp = vmcoreinfo_paddr(&cy);
	pcrash(&cy);
	pcapture(&cy, NULL);
	{
		const struct phdr ph[] = {
			/* CPU notes: __pa(buffer), the page-aligned size */
			{ 4, 0, 0x13fe0000, 0, 0x13fe0000, 0x10000, 0x10000, 0 },
			/* VMCOREINFO: relocated into the copy; NOTE_SIZE
			 * = 2*12 + 12 + 64 KiB */
			{ 4, 0, vp + 0x14050000, 0, vp + 0x14050000, 65572,
			  65572, 0 },
			/* boot region 0 read from the firmware's copy */
			{ 1, 7, 0x14050000, PO, 0, 0x14000000, 0x14000000, 0 },
			/* memblock 0 from boot_mem_top, after the area */
			{ 1, 7, 0x280502a8, PO + 0x280502a8, 0x280502a8,
			  0x40000000 - 0x280502a8, 0x40000000 - 0x280502a8, 0 },
			/* memblock 1 whole */
			{ 1, 7, 0x80000000, PO + 0x80000000, 0x80000000,
			  0x40000000, 0x40000000, 0 },
		};

		/* 64 + 56 * (2 + 1 + 2) = 344 -> one 64 KiB page */
		check_hdr(&cy, 0x13ff0000, 0x10000, FA_LE, 2, ph, 5);
	}
	assert_int_equal(cy.capture.fw_dump.cpu_notes_buf_vaddr,
			 PO + 0x13fe0000);
	assert_int_equal(cy.capture.fw_dump.cpu_notes_buf_size, 0x10000);
	pcycle_free(&cy);
}

/* BE, 4 KiB pages, the DESIGN content rule: metadata stays exported. */
static void test_content_rule(void **state)
{
	struct machine_config c;
	struct pcycle cy;
	uint64_t vp;

	(void)state;
	pcfg(&c, FA_BE, 4096, 4);
	pboot(&cy, &c, 0);
	assert_int_equal(cy.first.fw_dump.reserve_dump_area_start, 0x14000000);
	assert_int_equal(cy.first.fw_dump.reserve_dump_area_size, 0x140422a8);
	assert_int_equal(cy.first.fw_dump.boot_mem_dest_addr, 0x14042000);
	vp = vmcoreinfo_paddr(&cy);
	pcrash(&cy);
	pcapture(&cy, NULL);
	{
		const struct phdr ph[] = {
			{ 4, 0, 0x13ffe000, 0, 0x13ffe000, 0x1000, 0x1000, 0 },
			/* NOTE_SIZE = 2*12 + 12 + 4 KiB */
			{ 4, 0, vp + 0x14042000, 0, vp + 0x14042000, 4132,
			  4132, 0 },
			{ 1, 7, 0x14042000, PO, 0, 0x14000000, 0x14000000, 0 },
			/* CPU state data + HPTE + pad, below the copy */
			{ 1, 7, 0x14000000, PO + 0x14000000, 0x14000000,
			  0x42000, 0x42000, 0 },
			/* the crash-info header after the copy */
			{ 1, 7, 0x28042000, PO + 0x28042000, 0x28042000,
			  0x2a8, 0x2a8, 0 },
			{ 1, 7, 0x280422a8, PO + 0x280422a8, 0x280422a8,
			  0x40000000 - 0x280422a8, 0x40000000 - 0x280422a8, 0 },
			{ 1, 7, 0x80000000, PO + 0x80000000, 0x80000000,
			  0x40000000, 0x40000000, 0 },
		};

		/* 64 + 56 * (2 + 1 + 2 + 2) = 456 -> one 4 KiB page */
		check_hdr(&cy, 0x13fff000, 0x1000, FA_BE, 1, ph, 7);
	}
	pcycle_free(&cy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mainline_exact),
		cmocka_unit_test(test_content_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
