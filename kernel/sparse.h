/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sparse.h - the first kernel's SPARSEMEM_EXTREME + SPARSEMEM_VMEMMAP
 * memory model on a hash MMU (--mem-model sparse): the mem_section roots
 * and sections, the vmemmap backed by 16 MiB pages listed in vmemmap_list,
 * and one struct page per pfn, as sparse_init(), vmemmap_populate() and
 * mem_init() leave them.  Private to kernel/synth.c.
 */
#ifndef FA_KERNEL_SPARSE_H
#define FA_KERNEL_SPARSE_H

#include <stdint.h>

#include "fa_err.h"
#include "fa_range.h"
#include "machine.h"
#include "vmcoreinfo.h"

struct synth_sparse {
	uint64_t sz_page, sz_section, off_map;	/* from the image's DWARF */
	uint64_t sz_backing, off_list, off_phys, off_virt;
	uint64_t sz_psize_def, off_shift;
	uint64_t nr_sections, per_root, nr_roots, used_roots;
	uint64_t chunks_pa, nr_chunks;		/* the vmemmap's backing */
	uint64_t roots_pa, sections_pa, backing_pa, end_pa;
	uint64_t nr_class[8];			/* struct pages per class */
};

/*
 * synth_sparse_setup() - lay out and plant mem_section and vmemmap_list
 * right after the kernel image (memblock allocations); the struct pages
 * come with synth_sparse_mem_init().
 */
int synth_sparse_setup(struct machine *m, struct synth_sparse *sp,
		       struct fa_err *e);

/* The VMCOREINFO lines of crash_save_vmcoreinfo_init() for SPARSEMEM. */
void synth_sparse_vmcoreinfo(struct machine *m, const struct synth_sparse *sp,
			     struct fa_vmci_builder *b);

/* ... and of the powerpc arch_crash_save_vmcoreinfo() for the vmemmap. */
void synth_sparse_arch_vmcoreinfo(struct machine *m,
				  const struct synth_sparse *sp,
				  struct fa_vmci_builder *b);

/*
 * synth_sparse_mem_init() - write every RAM pfn's struct page: memblock
 * @reserved pages (and the image and the allocations above) PG_reserved;
 * others by their content: zero pages free (buddy blocks of order 0-3),
 * text page cache (one in four with PG_private), struct pages slab, random
 * pages anonymous.
 */
int synth_sparse_mem_init(struct machine *m, struct synth_sparse *sp,
			  const struct fa_range *reserved, int nr_reserved,
			  struct fa_err *e);

#endif /* FA_KERNEL_SPARSE_H */
