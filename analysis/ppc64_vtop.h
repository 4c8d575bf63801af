/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ppc64_vtop.h - kernel virtual to physical addresses of a ppc64 dump,
 * whatever the host: the linear map, the vmemmap (struct page array)
 * through the kernel's vmemmap_list, and otherwise a walk of the radix
 * kernel page table from swapper_pg_dir.
 *
 * Everything comes from VMCOREINFO (SYMBOL(vmemmap_list), SIZE/OFFSET of
 * vmemmap_backing, SYMBOL(mmu_vmemmap_psize), SYMBOL(mmu_psize_defs),
 * SIZE(mmu_psize_def), OFFSET(mmu_psize_def.shift), SYMBOL(swapper_pg_dir),
 * NUMBER(RADIX_MMU)); memory is read physically through an fa_mem.
 * Book3S page-table entries are big-endian in both kernel byte orders.
 */
#ifndef FA_PPC64_VTOP_H
#define FA_PPC64_VTOP_H

#include <stdint.h>

#include "fa_err.h"
#include "fa_mem.h"
#include "vmcoreinfo.h"

/* End of the linear map (start of vmalloc) on kernels >= 5.2. */
#define FA_PPC64_LINEAR_END	0xc008000000000000ULL

/* Radix PTE/PDE bits (Book3S 64, big-endian entries). */
#define FA_RADIX_PRESENT	(1ULL << 63)
#define FA_RADIX_LEAF		(1ULL << 62)	/* _PAGE_PTE */
#define FA_RADIX_NLB_MASK	0x00ffffffffffff00ULL	/* next level base */
#define FA_RADIX_RPN_MASK	0x001ffffffffff000ULL	/* 53-bit real address */

/* One vmemmap_backing chunk: [virt, virt + size) maps to phys. */
struct fa_vmemmap_chunk {
	uint64_t virt;
	uint64_t phys;
	uint64_t size;
};

struct fa_ppc64_vtop {
	const struct fa_mem *mem;	/* borrowed; FA_PHYS reads */
	uint32_t page_size;		/* 4096 or 65536 */
	struct fa_vmemmap_chunk *chunks;	/* sorted by virt; owned */
	size_t nchunks;
	int radix;			/* 1: walk swapper_pg_dir */
	uint64_t pgd_phys;		/* physical address of swapper_pg_dir */
	/* one-entry cache of the last translated page */
	uint64_t last_vpage, last_ppage;
	int last_valid;
};

/*
 * fa_ppc64_vtop_init() - set up translation for a dump whose physical
 * memory @mem reads (borrowed, must outlive @v) and whose VMCOREINFO is
 * @vi, with pages of @page_size.  Reads vmemmap_list (an empty list is
 * normal on radix kernels >= 6.6); when it is empty and swapper_pg_dir is
 * known, the radix walk is used.  Returns 0, FA_EUNSUP (page size not 4K
 * or 64K), FA_ECORRUPT (a looping or overlong list), FA_ENOMEM, or the
 * read error.  Free with fa_ppc64_vtop_free().
 */
int fa_ppc64_vtop_init(struct fa_ppc64_vtop *v, const struct fa_mem *mem,
		       const struct fa_vmcoreinfo *vi, uint32_t page_size,
		       struct fa_err *e);

/* fa_ppc64_vtop_free() - release what init allocated. */
void fa_ppc64_vtop_free(struct fa_ppc64_vtop *v);

/*
 * fa_ppc64_vtop() - translate @vaddr.  The linear map is a subtraction;
 * other addresses go through the vmemmap chunks, then the radix walk.
 * Returns 0 with *@paddr set, or FA_ENOENT naming the address and the
 * level at which it is not mapped.
 */
int fa_ppc64_vtop(struct fa_ppc64_vtop *v, uint64_t vaddr, uint64_t *paddr,
		  struct fa_err *e);

/*
 * fa_ppc64_radix_walk() - the radix walk alone, from the page directory at
 * physical @pgd: 13 index bits at shift 39, 9 at 30, 9 at 21, then 5 (64K
 * pages) or 9 (4K pages) at the page shift; leaves may sit at the PUD or
 * PMD level.  Returns 0 or FA_ENOENT.
 */
int fa_ppc64_radix_walk(const struct fa_mem *mem, uint64_t pgd,
			uint32_t page_size, uint64_t vaddr, uint64_t *paddr,
			struct fa_err *e);

/*
 * fa_ppc64_kv_mem() - an fa_mem whose FA_KVADDR reads translate through
 * @v page by page and whose FA_PHYS reads go straight to v->mem.
 */
void fa_ppc64_kv_mem(struct fa_ppc64_vtop *v, struct fa_mem *out);

#endif /* FA_PPC64_VTOP_H */
