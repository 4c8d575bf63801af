/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pagefilter.h - which pages makedumpfile's dump levels 2, 4, 8 and 16
 * exclude, decided from the crashed kernel's mem_map (struct page array).
 *
 * The mem_map is found through SPARSEMEM's mem_section (SYMBOL,
 * LENGTH and SIZE(mem_section), OFFSET(mem_section.section_mem_map),
 * NUMBER(SECTION_SIZE_BITS), NUMBER(MAX_PHYSMEM_BITS)); each struct page
 * is read through a kernel-virtual fa_mem (vmemmap addresses need the
 * architecture's translation: ppc64_vtop.h, or libaddrxlat on x86_64).
 * The classes are those of dump-formats-and-tools.md §2.2/§2.3:
 *   cache (2):     LRU or swap-cache, not PG_private, not anonymous
 *   private (4):   as cache, PG_private or not
 *   user (8):      anonymous (mapping & 1, not slab), hugetlb
 *   free (16):     buddy pages, 2^order at once (page.private = order)
 * plus, at every level with a mem_map, hwpoison and logically offline
 * pages.  Compound tails share their head's class.
 */
#ifndef FA_PAGEFILTER_H
#define FA_PAGEFILTER_H

#include <stdint.h>

#include "fa_err.h"
#include "fa_mem.h"
#include "vmcoreinfo.h"

enum fa_pf_class {
	FA_PF_KEEP = 0,
	FA_PF_CACHE,		/* level 2 (and 4) */
	FA_PF_CACHE_PRIVATE,	/* level 4 */
	FA_PF_USER,		/* level 8 */
	FA_PF_FREE,		/* level 16 */
	FA_PF_HWPOISON,		/* always */
	FA_PF_OFFLINE,		/* always */
	FA_PF_NCLASSES,
};

/* The VMCOREINFO facts the classifier uses; -1 / 0 when absent. */
struct fa_pf_layout {
	uint64_t page_size;
	int64_t size_page;			/* SIZE(page) */
	int64_t off_flags, off_mapping, off_mapcount, off_private;
	int64_t off_compound_head;		/* -1: no tail handling */
	int64_t pg_lru, pg_private, pg_swapcache, pg_swapbacked, pg_slab;
	int64_t pg_hwpoison, pg_head_mask, pg_hugetlb;
	int have_buddy, have_slab_type, have_offline, have_hugetlb_type;
	int64_t buddy_value, slab_value, offline_value, hugetlb_value;
	uint64_t max_order;			/* LENGTH(zone.free_area) */
	/* SPARSEMEM */
	uint64_t mem_section;			/* SYMBOL(mem_section) */
	uint64_t nr_roots;			/* LENGTH(mem_section) */
	int64_t size_mem_section, off_section_mem_map;
	uint64_t section_size_bits;
	int extreme;				/* roots are pointers */
	uint64_t sections_per_root;
};

struct fa_pagefilter {
	struct fa_pf_layout l;
	const struct fa_mem *kmem;		/* borrowed */
	int dump_level;
	uint64_t *roots;			/* root pointers (extreme) */
	uint8_t *pages;				/* struct page read buffer */
	size_t pages_cap;			/* in struct pages */
	/* State carried from one range to the next (ranges ascend). */
	uint64_t free_until;			/* buddy block end (pfn) */
	uint64_t head_addr;			/* last compound head seen */
	int head_class;
	uint64_t nr[FA_PF_NCLASSES];		/* pages excluded per class */
};

/*
 * fa_pf_layout_read() - read the VMCOREINFO facts into @l.  Returns 0,
 * or FA_ENOENT naming the first key that mem_map filtering cannot do
 * without (then nothing but zero pages can be filtered).
 */
int fa_pf_layout_read(const struct fa_vmcoreinfo *vi, uint32_t page_size,
		      struct fa_pf_layout *l, struct fa_err *e);

/*
 * fa_pagefilter_init() - a filter for @dump_level over @kmem (borrowed;
 * FA_KVADDR reads of kernel data and vmemmap).  Reads the mem_section
 * roots.  Returns 0, FA_ENOENT (see fa_pf_layout_read), FA_ECORRUPT,
 * FA_ENOMEM or a read error.  Free with fa_pagefilter_free().
 */
int fa_pagefilter_init(struct fa_pagefilter *pf, const struct fa_mem *kmem,
		       const struct fa_vmcoreinfo *vi, uint32_t page_size,
		       int dump_level, struct fa_err *e);

/* fa_pagefilter_free() - release the buffers. */
void fa_pagefilter_free(struct fa_pagefilter *pf);

/*
 * fa_pagefilter_clone() - a filter for another thread: @src's layout and
 * roots (shared, read-only; @src must outlive @dst), its own buffer,
 * reading through @kmem (borrowed), rewound.  Walk a range of pfns that
 * starts where no buddy block or compound page of @src's walk crosses.
 * Returns 0 or FA_ENOMEM; free with fa_pagefilter_clone_free().
 */
int fa_pagefilter_clone(struct fa_pagefilter *dst,
			const struct fa_pagefilter *src,
			const struct fa_mem *kmem, struct fa_err *e);

/* fa_pagefilter_clone_free() - release a clone's own buffer. */
void fa_pagefilter_clone_free(struct fa_pagefilter *pf);

/*
 * fa_pagefilter_split() - the pfn alignment of the ranges clones may walk
 * from @start on: a section boundary no buddy block (2^(max_order - 1)
 * pages) and no compound page up to 2^18 pages (1 GiB of 4K pages, 16 GiB
 * of 64K pages) crosses.
 */
uint64_t fa_pagefilter_split(const struct fa_pagefilter *pf);

/* fa_pagefilter_rewind() - forget the carried state and the counts. */
void fa_pagefilter_rewind(struct fa_pagefilter *pf);

/*
 * fa_pagefilter_classify() - the class of the struct page image @page
 * (SIZE(page) bytes) of pfn @pfn, with @next the following struct page
 * (NULL if unknown), ignoring the dump level.  *@nr_pages gets how many
 * pfns from @pfn the decision covers (2^order for buddy blocks, else 1).
 */
int fa_pagefilter_classify(struct fa_pagefilter *pf, const uint8_t *page,
			   const uint8_t *next, uint64_t page_addr,
			   uint64_t *nr_pages);

/*
 * fa_pagefilter_exclude() - clear in @bm (bit i = pfn @start + i; @start a
 * multiple of 8) the bits of the pfns in [@start, @end) the dump level
 * excludes.  Only pfns whose bit is set are looked at.  Call with
 * ascending, adjacent ranges; rewind before walking again.  A section
 * without a mem_map is left alone.  Returns 0 or a read error.
 */
int fa_pagefilter_exclude(struct fa_pagefilter *pf, uint64_t start,
			  uint64_t end, uint8_t *bm, struct fa_err *e);

/* fa_pf_class_name() - "cache", "cache_private", "user", "free", ... */
const char *fa_pf_class_name(int cls);

#endif /* FA_PAGEFILTER_H */
