// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86_64_vtop.c - the x86_64 kernel page-table walk (see x86_64_vtop.h).
 */
#include "fa_endian.h"
#include "x86_64_vtop.h"

/*
 * x86_64 kernel page-table walk (4 or 5 levels) from init_top_pgt, for
 * kd_read_direct: *pa and *span (bytes mapped contiguously from @va).
 * Returns 0; X86_UNMAPPED when an entry is not present (final: the
 * kernel's own tables say so); -1 when a table is not in the dump.
 */
int fa_x86_64_vtop(const struct fa_x86_64_vtop *v, uint64_t va, uint64_t *pa,
		   uint64_t *span)
{
	const uint64_t addr_mask = 0x000ffffffffff000ULL;
	uint64_t table = v->pgd, ent, mask;
	unsigned int shift = v->levels == 5 ? 48 : 39;
	struct fa_err e;
	uint8_t b[8];

	for (;; shift -= 9) {
		if (v->mem->read(v->mem->ctx, FA_PHYS,
				 table + ((va >> shift) & 511) * 8, b, 8, &e))
			return -1;
		ent = fa_get64(b, FA_LE);
		if (!(ent & 1))				/* _PAGE_PRESENT */
			return X86_UNMAPPED;
		/* a 4K page, or a 2M/1G one (_PAGE_PSE) */
		if (shift == 12 || ((shift == 21 || shift == 30) && (ent & 0x80))) {
			mask = (1ULL << shift) - 1;
			*pa = (ent & addr_mask & ~mask) + (va & mask);
			*span = mask + 1 - (va & mask);
			return 0;
		}
		table = ent & addr_mask;
	}
}

/*
 * Set up x86_vtop and check it: the walk must find init_top_pgt itself
 * where the kernel's __pa_symbol() puts it.  0, or -1: not usable.
 */
int fa_x86_64_vtop_init(struct fa_x86_64_vtop *v, const struct fa_mem *mem,
			const struct fa_vmcoreinfo *vi)
{
	int64_t phys_base = 0, l5 = 0;
	uint64_t sym, pa, span;

	v->mem = mem;
	if (!vi || fa_vmci_symbol(vi, "init_top_pgt", &sym) ||
	    sym < 0xffffffff80000000ULL)
		return -1;
	fa_vmci_number(vi, "phys_base", &phys_base);
	fa_vmci_number(vi, "pgtable_l5_enabled", &l5);
	v->pgd = sym - 0xffffffff80000000ULL + (uint64_t)phys_base;
	v->levels = l5 ? 5 : 4;
	if (fa_x86_64_vtop(v, sym, &pa, &span) || pa != v->pgd)
		return -1;
	return 0;
}
