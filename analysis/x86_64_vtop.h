/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64_vtop.h - kernel virtual to physical addresses of an x86_64 dump,
 * whatever the host: a walk of the kernel's own page tables (4 or 5
 * levels) from init_top_pgt, as ppc64_vtop.h does for ppc64.
 *
 * Everything comes from VMCOREINFO (SYMBOL(init_top_pgt), NUMBER(phys_base),
 * NUMBER(pgtable_l5_enabled)); memory is read physically through an
 * fa_mem.  Page-table entries are little-endian.
 */
#ifndef FA_X86_64_VTOP_H
#define FA_X86_64_VTOP_H

#include <stdint.h>

#include "fa_mem.h"
#include "vmcoreinfo.h"

/* fa_x86_64_vtop(): an entry on the way is not present. */
#define X86_UNMAPPED	-2

struct fa_x86_64_vtop {
	const struct fa_mem *mem;	/* borrowed; FA_PHYS reads */
	uint64_t pgd;			/* init_top_pgt (physical) */
	int levels;			/* 4 or 5; 0: not set up */
};

/*
 * fa_x86_64_vtop_init() - set up @v for the dump whose physical memory
 * @mem reads (borrowed, must outlive @v) and whose VMCOREINFO is @vi, and
 * check it: the walk must find init_top_pgt itself where the kernel's
 * __pa_symbol() puts it.  Returns 0, or -1: not usable (no VMCOREINFO or
 * symbol, or the tables are not in the dump).  Nothing to free.
 */
int fa_x86_64_vtop_init(struct fa_x86_64_vtop *v, const struct fa_mem *mem,
			const struct fa_vmcoreinfo *vi);

/*
 * fa_x86_64_vtop() - translate @va: *@pa and *@span (bytes mapped
 * contiguously from @va, up to the end of its 4K, 2M or 1G page).
 * Returns 0; X86_UNMAPPED when an entry is not present (final: the
 * kernel's own tables say so); -1 when a table is not in the dump.
 */
int fa_x86_64_vtop(const struct fa_x86_64_vtop *v, uint64_t va, uint64_t *pa,
		   uint64_t *span);

#endif /* FA_X86_64_VTOP_H */
