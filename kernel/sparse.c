// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sparse.c - SPARSEMEM_EXTREME + SPARSEMEM_VMEMMAP for the kernel model
 * (see sparse.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "kimage.h"
#include "sparse.h"

#define KERNELBASE		FA_PPC64_PAGE_OFFSET
#define VMEMMAP_BASE		0xc00c000000000000ULL
#define SECTION_SIZE_BITS	24
#define MAX_PHYSMEM_BITS	51
#define VMEMMAP_CHUNK		(16ULL << 20)	/* hash MMU: 16M pages */
#define MMU_PAGE_4K		0
#define MMU_PAGE_64K		2
#define MMU_PAGE_16M		10
/* section_mem_map flags: present, has a mem_map, online, early */
#define SECTION_FLAGS		0xfULL

/* enum pageflags of 5.19 - 6.9 */
enum {
	PG_uptodate = 3, PG_lru = 5, PG_head = 6, PG_slab = 11,
	PG_owner_priv_1 = 12, PG_reserved = 14, PG_private = 15,
	PG_swapbacked = 19, PG_hwpoison = 22,
};
#define PG_swapcache		PG_owner_priv_1
#define PAGE_TYPE_BASE		0xf0000000u
#define PG_buddy		0x00000080u
#define PG_offline		0x00000100u
#define PG_hugetlb		0x00000800u

/* Classes, as fadump-analyze convert -v counts them. */
enum { C_KEPT, C_CACHE, C_CACHE_PRIVATE, C_USER, C_FREE };

static int type_size(struct machine *m, const char *type, const char *member,
		     uint64_t *v, int size, struct fa_err *e)
{
	struct kimage_loc loc;
	int rc = kimage_type_member(m->img, type, member, &loc, e);

	if (!rc)
		*v = size ? loc.size : loc.offset;
	return rc;
}

static int read_types(struct machine *m, struct synth_sparse *sp,
		      struct fa_err *e)
{
	int rc = type_size(m, "struct page", NULL, &sp->sz_page, 1, e);

	if (!rc)
		rc = type_size(m, "struct mem_section", NULL, &sp->sz_section, 1, e);
	if (!rc)
		rc = type_size(m, "struct mem_section", "section_mem_map",
			       &sp->off_map, 0, e);
	if (!rc)
		rc = type_size(m, "struct vmemmap_backing", NULL, &sp->sz_backing, 1, e);
	if (!rc)
		rc = type_size(m, "struct vmemmap_backing", "list", &sp->off_list, 0, e);
	if (!rc)
		rc = type_size(m, "struct vmemmap_backing", "phys", &sp->off_phys, 0, e);
	if (!rc)
		rc = type_size(m, "struct vmemmap_backing", "virt_addr",
			       &sp->off_virt, 0, e);
	if (!rc)
		rc = type_size(m, "struct mmu_psize_def", NULL, &sp->sz_psize_def, 1, e);
	if (!rc)
		rc = type_size(m, "struct mmu_psize_def", "shift", &sp->off_shift, 0, e);
	if (rc)
		return fa_err_prefix(e, "--mem-model sparse: ");
	return 0;
}

static uint64_t image_end(const struct machine *m)
{
	uint64_t end = 0;
	size_t i;

	for (i = 0; i < kimage_nloads(m->img); i++) {
		const struct kimage_load *l = kimage_load(m->img, i);

		if (l->vaddr >= KERNELBASE && l->vaddr - KERNELBASE + l->memsz > end)
			end = l->vaddr - KERNELBASE + l->memsz;
	}
	return end;
}

static int section_present(const struct machine *m, uint64_t nr)
{
	uint64_t a = nr << SECTION_SIZE_BITS, b = a + (1ULL << SECTION_SIZE_BITS);
	int i;

	for (i = 0; i < m->nr_mem; i++)
		if (m->mem[i].base < b && m->mem[i].base + m->mem[i].size > a)
			return 1;
	return 0;
}

static int put_ptr(struct machine *m, uint64_t pa, uint64_t v, struct fa_err *e)
{
	uint8_t b[8];

	fa_put64(b, m->byteorder, v);
	return machine_write(m, pa, b, 8, e);
}

static int plant_psize(struct machine *m, struct synth_sparse *sp,
		       struct fa_err *e)
{
	static const struct { int idx; uint32_t shift; } defs[] = {
		{ MMU_PAGE_4K, 12 }, { MMU_PAGE_64K, 16 }, { MMU_PAGE_16M, 24 },
	};
	uint64_t va;
	size_t i;
	int rc = machine_kvar_write(m, "mmu_vmemmap_psize", NULL, MMU_PAGE_16M, e);

	if (!rc)
		rc = machine_kvar_member(m, "mmu_psize_defs", NULL, &va, NULL, e);
	for (i = 0; !rc && i < sizeof(defs) / sizeof(defs[0]); i++) {
		uint8_t b[4];

		fa_put32(b, m->byteorder, defs[i].shift);
		rc = machine_write(m, va - KERNELBASE + defs[i].idx * sp->sz_psize_def +
				   sp->off_shift, b, 4, e);
	}
	return rc;
}

/* sparse_init(): the roots, each pointing at a page of sections. */
static int plant_sections(struct machine *m, struct synth_sparse *sp,
			  struct fa_err *e)
{
	uint64_t nr, r;
	int rc = machine_zero(m, sp->roots_pa, sp->end_pa - sp->roots_pa, e);

	for (r = 0; !rc && r < sp->used_roots; r++)
		rc = put_ptr(m, sp->roots_pa + r * 8, KERNELBASE + sp->sections_pa +
			     r * m->page_size, e);
	for (nr = 0; !rc && nr < sp->nr_sections; nr++) {
		uint64_t pa = sp->sections_pa + (nr / sp->per_root) * m->page_size +
			      (nr % sp->per_root) * sp->sz_section + sp->off_map;

		/* sparse_encode_mem_map(): mem_map - section_nr_to_pfn(nr) */
		if (section_present(m, nr))
			rc = put_ptr(m, pa, VMEMMAP_BASE | SECTION_FLAGS, e);
	}
	if (!rc)
		rc = machine_kvar_write(m, "mem_section", NULL,
					KERNELBASE + sp->roots_pa, e);
	return rc;
}

/* vmemmap_populate(): one 16M chunk per stretch of struct pages in use. */
static int plant_vmemmap(struct machine *m, struct synth_sparse *sp,
			 struct fa_err *e)
{
	uint64_t per_sec = (1ULL << SECTION_SIZE_BITS) / m->page_size;
	uint64_t c, head = 0, n = 0;
	int rc = machine_zero(m, sp->chunks_pa, sp->nr_chunks * VMEMMAP_CHUNK, e);

	for (c = 0; !rc && c < sp->nr_chunks; c++) {
		uint64_t a = c * VMEMMAP_CHUNK, b = a + VMEMMAP_CHUNK, nr, used = 0;
		uint64_t node = sp->backing_pa + n * sp->sz_backing;

		for (nr = 0; nr < sp->nr_sections && !used; nr++)
			used = section_present(m, nr) &&
			       nr * per_sec * sp->sz_page < b &&
			       (nr + 1) * per_sec * sp->sz_page > a;
		if (!used)
			continue;
		/* vmemmap_list_populate() puts the new chunk first */
		rc = put_ptr(m, node + sp->off_phys, sp->chunks_pa + a, e);
		if (!rc)
			rc = put_ptr(m, node + sp->off_virt, VMEMMAP_BASE + a, e);
		if (!rc)
			rc = put_ptr(m, node + sp->off_list, head, e);
		head = KERNELBASE + node;
		n++;
	}
	if (!rc)
		rc = machine_kvar_write(m, "vmemmap_list", NULL, head, e);
	return rc;
}

int synth_sparse_setup(struct machine *m, struct synth_sparse *sp,
		       struct fa_err *e)
{
	uint64_t ps = m->page_size, start;
	int rc, i;

	memset(sp, 0, sizeof(*sp));
	rc = read_types(m, sp, e);
	if (rc)
		return rc;
	sp->nr_sections = (m->mem_end + (1ULL << SECTION_SIZE_BITS) - 1) >>
			  SECTION_SIZE_BITS;
	sp->per_root = ps / sp->sz_section;
	sp->nr_roots = (1ULL << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)) /
		       sp->per_root;
	sp->used_roots = (sp->nr_sections + sp->per_root - 1) / sp->per_root;
	sp->nr_chunks = (sp->nr_sections * (1ULL << SECTION_SIZE_BITS) / ps *
			 sp->sz_page + VMEMMAP_CHUNK - 1) / VMEMMAP_CHUNK;
	start = FA_ALIGN_UP(image_end(m), VMEMMAP_CHUNK);
	sp->chunks_pa = start;
	sp->roots_pa = start + sp->nr_chunks * VMEMMAP_CHUNK;
	sp->sections_pa = FA_ALIGN_UP(sp->roots_pa + sp->nr_roots * 8, ps);
	sp->backing_pa = sp->sections_pa + sp->used_roots * ps;
	sp->end_pa = FA_ALIGN_UP(sp->backing_pa + sp->nr_chunks * sp->sz_backing,
				 ps);
	if (!machine_is_ram(m, start, sp->end_pa - start))
		return fa_err_set(e, FA_ERANGE,
				  "--mem-model sparse: the vmemmap and mem_section need RAM at 0x%" PRIx64 "-0x%" PRIx64,
				  start, sp->end_pa);
	for (i = 0; i < m->cfg.nr_reserved; i++)
		if (m->cfg.reserved[i].base < sp->end_pa &&
		    m->cfg.reserved[i].base + m->cfg.reserved[i].size > start)
			return fa_err_set(e, FA_ERANGE,
					  "--mem-model sparse: reserved range 0x%" PRIx64 " overlaps the vmemmap at 0x%" PRIx64 "-0x%" PRIx64,
					  m->cfg.reserved[i].base, start, sp->end_pa);
	rc = plant_sections(m, sp, e);
	if (!rc)
		rc = plant_vmemmap(m, sp, e);
	if (!rc)
		rc = plant_psize(m, sp, e);
	if (rc)
		return fa_err_prefix(e, "--mem-model sparse: ");
	return 0;
}

void synth_sparse_vmcoreinfo(struct machine *m, const struct synth_sparse *sp,
			     struct fa_vmci_builder *b)
{
	(void)m;
	/* VMCOREINFO_SYMBOL_ARRAY(mem_section): the pointer's value */
	fa_vmci_add_symbol(b, "mem_section", KERNELBASE + sp->roots_pa);
	fa_vmci_add_length(b, "mem_section", sp->nr_roots);
	fa_vmci_add_size(b, "mem_section", sp->sz_section);
	fa_vmci_add_offset(b, "mem_section.section_mem_map", sp->off_map);
	fa_vmci_add_number(b, "SECTION_SIZE_BITS", SECTION_SIZE_BITS);
	fa_vmci_add_number(b, "MAX_PHYSMEM_BITS", MAX_PHYSMEM_BITS);
	fa_vmci_add_number(b, "PG_lru", PG_lru);
	fa_vmci_add_number(b, "PG_private", PG_private);
	fa_vmci_add_number(b, "PG_swapcache", PG_swapcache);
	fa_vmci_add_number(b, "PG_swapbacked", PG_swapbacked);
	fa_vmci_add_number(b, "PG_slab", PG_slab);
	fa_vmci_add_number(b, "PG_hwpoison", PG_hwpoison);
	fa_vmci_add_number(b, "PG_head_mask", 1L << PG_head);
	fa_vmci_add_number(b, "PAGE_BUDDY_MAPCOUNT_VALUE", ~(long)PG_buddy);
	fa_vmci_add_number(b, "PAGE_HUGETLB_MAPCOUNT_VALUE", ~(long)PG_hugetlb);
	fa_vmci_add_number(b, "PAGE_OFFLINE_MAPCOUNT_VALUE", ~(long)PG_offline);
}

void synth_sparse_arch_vmcoreinfo(struct machine *m,
				  const struct synth_sparse *sp,
				  struct fa_vmci_builder *b)
{
	uint64_t v;

	if (!machine_ksym(m, "vmemmap_list", &v))
		fa_vmci_add_symbol(b, "vmemmap_list", v);
	if (!machine_ksym(m, "mmu_vmemmap_psize", &v))
		fa_vmci_add_symbol(b, "mmu_vmemmap_psize", v);
	if (!machine_ksym(m, "mmu_psize_defs", &v))
		fa_vmci_add_symbol(b, "mmu_psize_defs", v);
	fa_vmci_add_size(b, "vmemmap_backing", sp->sz_backing);
	fa_vmci_add_offset(b, "vmemmap_backing.list", sp->off_list);
	fa_vmci_add_offset(b, "vmemmap_backing.phys", sp->off_phys);
	fa_vmci_add_offset(b, "vmemmap_backing.virt_addr", sp->off_virt);
	fa_vmci_add_size(b, "mmu_psize_def", sp->sz_psize_def);
	fa_vmci_add_offset(b, "mmu_psize_def.shift", sp->off_shift);
}

/* ---- mem_init() ---- */

struct page_fields {
	uint64_t flags, mapping, index, private, mapcount, refcount;
};

static int page_fields(struct machine *m, struct page_fields *f,
		       struct fa_err *e)
{
	int rc = type_size(m, "struct page", "flags", &f->flags, 0, e);

	if (!rc)
		rc = type_size(m, "struct page", "mapping", &f->mapping, 0, e);
	if (!rc)
		rc = type_size(m, "struct page", "index", &f->index, 0, e);
	if (!rc)
		rc = type_size(m, "struct page", "private", &f->private, 0, e);
	if (!rc)
		rc = type_size(m, "struct page", "_mapcount", &f->mapcount, 0, e);
	if (!rc)
		rc = type_size(m, "struct page", "_refcount", &f->refcount, 0, e);
	return rc;
}

static int pfn_reserved(const struct machine *m, const struct synth_sparse *sp,
			uint64_t pfn, const struct fa_range *res, int nr)
{
	uint64_t a = pfn * m->page_size, b = a + m->page_size;
	int i;

	if (a < sp->end_pa || !machine_is_ram(m, a, m->page_size))
		return 1;
	for (i = 0; i < nr; i++)
		if (res[i].base < b && res[i].base + res[i].size > a)
			return 1;
	for (i = 0; i < m->cfg.nr_reserved; i++)
		if (m->cfg.reserved[i].base < b &&
		    m->cfg.reserved[i].base + m->cfg.reserved[i].size > a)
			return 1;
	return 0;
}

/* The class a free-standing pfn gets from its content (synth.c's content_fn). */
static int content_class(const struct machine *m, uint64_t pfn)
{
	const struct machine_config *c = &m->cfg;
	uint64_t cls = machine_hash(c->seed, pfn, 0x636c73) % 100;

	if (cls < c->content_zero)
		return C_FREE;
	if (cls < c->content_zero + c->content_text)
		return machine_hash(c->seed, pfn, 0x707276) % 4 ? C_CACHE :
								  C_CACHE_PRIVATE;
	if (cls < c->content_zero + c->content_text + c->content_struct)
		return C_KEPT;		/* slab */
	return C_USER;
}

static int pfn_class(const struct machine *m, const struct synth_sparse *sp,
		     uint64_t pfn, const struct fa_range *res, int nr, int *slab)
{
	*slab = 0;
	if (pfn_reserved(m, sp, pfn, res, nr))
		return -1;
	*slab = content_class(m, pfn) == C_KEPT;
	return content_class(m, pfn);
}

static void put_page(struct machine *m, const struct page_fields *f,
		     uint8_t *p, uint64_t pfn, int cls, int slab, int order)
{
	int bo = m->byteorder;
	uint64_t flags = 0, mapping = 0, private = 0;
	uint32_t mapcount = 0xffffffffu, ref = 1;

	switch (cls) {
	case -1:
		flags = 1ULL << PG_reserved;
		break;
	case C_FREE:
		ref = 0;
		if (order >= 0) {
			mapcount = ~PG_buddy;
			private = (uint64_t)order;
		}
		break;
	case C_CACHE:
	case C_CACHE_PRIVATE:
		flags = 1ULL << PG_lru | 1ULL << PG_uptodate;
		mapping = KERNELBASE + 0x2000000ULL + (pfn % 64) * 0x400;
		mapcount = 0;
		ref = 2;
		if (cls == C_CACHE_PRIVATE) {
			flags |= 1ULL << PG_private;
			private = KERNELBASE + 0x3000000ULL + (pfn % 64) * 0x80;
		}
		break;
	case C_USER:
		flags = 1ULL << PG_lru | 1ULL << PG_uptodate | 1ULL << PG_swapbacked;
		mapping = (KERNELBASE + 0x4000000ULL + (pfn % 64) * 0x100) | 1;
		mapcount = 0;
		break;
	default:
		if (slab)
			flags = 1ULL << PG_slab;
		break;
	}
	fa_put64(p + f->flags, bo, flags);
	fa_put64(p + f->mapping, bo, mapping);
	fa_put64(p + f->index, bo, cls == C_CACHE || cls == C_CACHE_PRIVATE ||
		 cls == C_USER ? pfn : 0);
	fa_put64(p + f->private, bo, private);
	fa_put32(p + f->mapcount, bo, mapcount);
	fa_put32(p + f->refcount, bo, ref);
}

/* The buddy order of a free block starting at @pfn (0..3), from @cls. */
static int buddy_order(const int *cls, uint64_t i, uint64_t n)
{
	int order = 3;

	while (order > 0) {
		uint64_t len = 1ULL << order, j;
		int ok = !(i & (len - 1)) && i + len <= n;

		for (j = 0; ok && j < len; j++)
			ok = cls[i + j] == C_FREE;
		if (ok)
			return order;
		order--;
	}
	return 0;
}

int synth_sparse_mem_init(struct machine *m, struct synth_sparse *sp,
			  const struct fa_range *reserved, int nr_reserved,
			  struct fa_err *e)
{
	uint64_t per_sec = (1ULL << SECTION_SIZE_BITS) / m->page_size, nr, i;
	struct page_fields f;
	uint8_t *buf;
	int *cls, *slab, rc = page_fields(m, &f, e);

	if (rc)
		return fa_err_prefix(e, "--mem-model sparse: ");
	buf = calloc(per_sec, sp->sz_page);
	cls = calloc(per_sec, sizeof(*cls));
	slab = calloc(per_sec, sizeof(*slab));
	if (!buf || !cls || !slab) {
		rc = fa_err_set(e, FA_ENOMEM, "--mem-model sparse: out of memory");
		goto out;
	}
	memset(sp->nr_class, 0, sizeof(sp->nr_class));
	for (nr = 0; !rc && nr < sp->nr_sections; nr++) {
		uint64_t pfn0 = nr * per_sec;

		if (!section_present(m, nr))
			continue;
		for (i = 0; i < per_sec; i++)
			cls[i] = pfn_class(m, sp, pfn0 + i, reserved, nr_reserved,
					   &slab[i]);
		for (i = 0; i < per_sec; ) {
			int order = cls[i] == C_FREE ? buddy_order(cls, i, per_sec) : 0;
			uint64_t j, len = 1ULL << order;

			for (j = 0; j < len; j++) {
				put_page(m, &f, buf + (i + j) * sp->sz_page,
					 pfn0 + i + j, cls[i + j], slab[i + j],
					 j ? -1 : order);
				if (cls[i + j] >= 0 && !slab[i + j])
					sp->nr_class[cls[i + j]]++;
			}
			i += len;
		}
		rc = machine_write(m, sp->chunks_pa + pfn0 * sp->sz_page, buf,
				   per_sec * sp->sz_page, e);
	}
out:
	free(buf);
	free(cls);
	free(slab);
	return rc;
}
