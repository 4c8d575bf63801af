// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pagefilter.c - mem_map page classification for dump levels 2..16 (see
 * pagefilter.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "pagefilter.h"

/*
 * struct pages read at once (makedumpfile reads 512): a chunk stays in one
 * section, and every read is a system call (4096: 8x fewer of them).
 */
#define PF_CHUNK	4096
/* Low bits of section_mem_map that are flags, not address (6.x: 6). */
#define SECTION_MAP_MASK	(~0x3fULL)
#define SECTION_MARKED_PRESENT	0x1ULL
#define SECTION_HAS_MEM_MAP	0x2ULL
#define PAGE_MAPPING_ANON	0x1ULL
#define PAGE_TYPE_BASE		0xf0000000u

static const char *const class_names[FA_PF_NCLASSES] = {
	"kept", "cache", "cache_private", "user", "free", "hwpoison", "offline",
};

const char *fa_pf_class_name(int cls)
{
	return cls >= 0 && cls < FA_PF_NCLASSES ? class_names[cls] : "?";
}

static int64_t opt_number(const struct fa_vmcoreinfo *vi, const char *name)
{
	int64_t v;

	return fa_vmci_number(vi, name, &v) ? -1 : v;
}

static int64_t opt_offset(const struct fa_vmcoreinfo *vi, const char *name)
{
	int64_t v;

	return fa_vmci_offset(vi, name, &v) ? -1 : v;
}

static int opt_value(const struct fa_vmcoreinfo *vi, const char *name,
		     int64_t *v)
{
	return !fa_vmci_number(vi, name, v);
}

int fa_pf_layout_read(const struct fa_vmcoreinfo *vi, uint32_t page_size,
		      struct fa_pf_layout *l, struct fa_err *e)
{
	uint64_t v, shift = 0;
	int64_t maxphys, len;
	int rc;

	memset(l, 0, sizeof(*l));
	l->page_size = page_size;
	while ((1ULL << shift) < page_size)
		shift++;
	rc = fa_vmci_read(vi, FA_VMCI_SIZE, "page", &v, e);
	l->size_page = (int64_t)v;
	if (!rc) {
		rc = fa_vmci_read(vi, FA_VMCI_OFFSET, "page.flags", &v, e);
		l->off_flags = (int64_t)v;
	}
	if (!rc) {
		rc = fa_vmci_read(vi, FA_VMCI_SYMBOL, "mem_section", &l->mem_section, e);
	}
	if (!rc) {
		rc = fa_vmci_read(vi, FA_VMCI_SIZE, "mem_section", &v, e);
		l->size_mem_section = (int64_t)v;
	}
	if (!rc) {
		rc = fa_vmci_read(vi, FA_VMCI_OFFSET, "mem_section.section_mem_map",
				  &v, e);
		l->off_section_mem_map = (int64_t)v;
	}
	if (!rc)
		rc = fa_vmci_read(vi, FA_VMCI_NUMBER, "SECTION_SIZE_BITS",
				  &l->section_size_bits, e);
	if (rc)
		return fa_err_prefix(e, "mem_map: ");
	if (l->size_page < 8 || l->size_page > 4096 || l->off_flags + 8 > l->size_page ||
	    l->size_mem_section < 8 || l->size_mem_section > 4096 ||
	    l->section_size_bits <= shift || l->section_size_bits > 40)
		return fa_err_set(e, FA_ECORRUPT,
				  "mem_map: implausible SIZE(page) %lld, SIZE(mem_section) %lld or SECTION_SIZE_BITS %llu",
				  (long long)l->size_page,
				  (long long)l->size_mem_section,
				  (unsigned long long)l->section_size_bits);
	l->off_mapping = opt_offset(vi, "page.mapping");
	l->off_mapcount = opt_offset(vi, "page._mapcount");
	l->off_private = opt_offset(vi, "page.private");
	l->off_compound_head = opt_offset(vi, "page.compound_head");
	l->pg_lru = opt_number(vi, "PG_lru");
	l->pg_private = opt_number(vi, "PG_private");
	l->pg_swapcache = opt_number(vi, "PG_swapcache");
	l->pg_swapbacked = opt_number(vi, "PG_swapbacked");
	l->pg_slab = opt_number(vi, "PG_slab");
	l->pg_hwpoison = opt_number(vi, "PG_hwpoison");
	l->pg_head_mask = opt_number(vi, "PG_head_mask");
	l->pg_hugetlb = opt_number(vi, "PG_hugetlb");
	l->have_buddy = opt_value(vi, "PAGE_BUDDY_MAPCOUNT_VALUE", &l->buddy_value);
	l->have_slab_type = opt_value(vi, "PAGE_SLAB_MAPCOUNT_VALUE", &l->slab_value);
	l->have_offline = opt_value(vi, "PAGE_OFFLINE_MAPCOUNT_VALUE",
				    &l->offline_value);
	l->have_hugetlb_type = opt_value(vi, "PAGE_HUGETLB_MAPCOUNT_VALUE",
					 &l->hugetlb_value);
	l->max_order = 11;
	if (!fa_vmci_length(vi, "zone.free_area", &len) && len > 0 && len < 64)
		l->max_order = (uint64_t)len;
	if (fa_vmci_length(vi, "mem_section", &len) || len <= 0)
		return fa_err_set(e, FA_ENOENT,
				  "mem_map: VMCOREINFO has no LENGTH(mem_section)");
	l->nr_roots = (uint64_t)len;
	/* SPARSEMEM_EXTREME: roots point at page-sized arrays of sections. */
	l->extreme = 1;
	l->sections_per_root = page_size / (uint64_t)l->size_mem_section;
	if (!fa_vmci_number(vi, "MAX_PHYSMEM_BITS", &maxphys) &&
	    maxphys > (int64_t)l->section_size_bits && maxphys < 64 &&
	    (uint64_t)len == 1ULL << (maxphys - (int64_t)l->section_size_bits)) {
		l->extreme = 0;
		l->sections_per_root = 1;
	}
	return 0;
}

int fa_pagefilter_init(struct fa_pagefilter *pf, const struct fa_mem *kmem,
		       const struct fa_vmcoreinfo *vi, uint32_t page_size,
		       int dump_level, struct fa_err *e)
{
	uint8_t *raw = NULL;
	uint64_t i;
	int rc;

	memset(pf, 0, sizeof(*pf));
	pf->kmem = kmem;
	pf->dump_level = dump_level;
	rc = fa_pf_layout_read(vi, page_size, &pf->l, e);
	if (rc)
		return rc;
	pf->pages_cap = PF_CHUNK + 1;
	pf->pages = malloc(pf->pages_cap * (size_t)pf->l.size_page);
	if (!pf->pages)
		return fa_err_set(e, FA_ENOMEM, "mem_map: out of memory");
	if (!pf->l.extreme)
		return 0;
	if (pf->l.nr_roots > (1u << 24)) {
		rc = fa_err_set(e, FA_ECORRUPT,
				"mem_map: LENGTH(mem_section) %llu, expected at most 2^24",
				(unsigned long long)pf->l.nr_roots);
		goto fail;
	}
	pf->roots = calloc(pf->l.nr_roots, sizeof(*pf->roots));
	raw = malloc(pf->l.nr_roots * 8);
	if (!pf->roots || !raw) {
		rc = fa_err_set(e, FA_ENOMEM, "mem_map: out of memory");
		goto fail;
	}
	rc = kmem->read(kmem->ctx, FA_KVADDR, pf->l.mem_section, raw,
			pf->l.nr_roots * 8, e);
	if (rc) {
		fa_err_prefix(e, "mem_map: mem_section roots: ");
		goto fail;
	}
	for (i = 0; i < pf->l.nr_roots; i++)
		pf->roots[i] = fa_get64(raw + i * 8, kmem->byteorder);
	free(raw);
	return 0;
fail:
	free(raw);
	fa_pagefilter_free(pf);
	return rc;
}

void fa_pagefilter_free(struct fa_pagefilter *pf)
{
	free(pf->roots);
	free(pf->pages);
	pf->roots = NULL;
	pf->pages = NULL;
}

int fa_pagefilter_clone(struct fa_pagefilter *dst,
			const struct fa_pagefilter *src,
			const struct fa_mem *kmem, struct fa_err *e)
{
	*dst = *src;
	dst->kmem = kmem;
	dst->pages = malloc(dst->pages_cap * (size_t)dst->l.size_page);
	if (!dst->pages)
		return fa_err_set(e, FA_ENOMEM, "out of memory for struct pages");
	fa_pagefilter_rewind(dst);
	return 0;
}

void fa_pagefilter_clone_free(struct fa_pagefilter *pf)
{
	free(pf->pages);
	pf->pages = NULL;
}

uint64_t fa_pagefilter_split(const struct fa_pagefilter *pf)
{
	unsigned int shift = 0;
	uint64_t a = 1ULL << 18;

	while ((1ULL << shift) < pf->l.page_size)
		shift++;
	if (pf->l.section_size_bits > shift &&
	    (1ULL << (pf->l.section_size_bits - shift)) > a)
		a = 1ULL << (pf->l.section_size_bits - shift);
	if (pf->l.max_order < 64 && (1ULL << pf->l.max_order) > a)
		a = 1ULL << pf->l.max_order;
	return a;
}

void fa_pagefilter_rewind(struct fa_pagefilter *pf)
{
	pf->free_until = 0;
	pf->head_addr = 0;
	pf->head_class = FA_PF_KEEP;
	memset(pf->nr, 0, sizeof(pf->nr));
}

/*
 * A page type in the _mapcount/page_type word: 6.12+ keeps the type in
 * the top byte (NUMBER is the PGTY value, or that value << 24); 4.18..6.11
 * clear one bit under PAGE_TYPE_BASE (NUMBER is ~bit); older kernels
 * compare the whole word.
 */
static int page_has_type(uint32_t word, int64_t value)
{
	uint32_t v = (uint32_t)value, bit = ~v;

	if (value >= 0 && value < 256)
		return word >> 24 == v;
	if (value > 0xffffff && value <= 0xffffffffLL && !(v & 0xffffff))
		return word >> 24 == v >> 24;
	if ((v & PAGE_TYPE_BASE) == PAGE_TYPE_BASE && bit &&
	    !(bit & (bit - 1)))
		return (word & (PAGE_TYPE_BASE | bit)) == PAGE_TYPE_BASE;
	return word == v;
}

static uint64_t get_word(const struct fa_pagefilter *pf, const uint8_t *p,
			 int64_t off)
{
	if (off < 0 || off + 8 > pf->l.size_page)
		return 0;
	return fa_get64(p + off, pf->kmem->byteorder);
}

static int flag(uint64_t flags, int64_t bit)
{
	return bit >= 0 && bit < 64 && (flags >> bit & 1);
}

int fa_pagefilter_classify(struct fa_pagefilter *pf, const uint8_t *page,
			   const uint8_t *next, uint64_t page_addr,
			   uint64_t *nr_pages)
{
	const struct fa_pf_layout *l = &pf->l;
	uint64_t flags = get_word(pf, page, l->off_flags);
	uint64_t mapping = get_word(pf, page, l->off_mapping);
	uint64_t private = get_word(pf, page, l->off_private);
	uint32_t mapcount = 0xffffffffu;
	int slab, anon, head, hugetlb, cache, cls;

	*nr_pages = 1;
	if (l->off_mapcount >= 0 && l->off_mapcount + 4 <= l->size_page)
		mapcount = fa_get32(page + l->off_mapcount, pf->kmem->byteorder);
	if (l->off_compound_head >= 0) {
		uint64_t ch = get_word(pf, page, l->off_compound_head);

		if (ch & 1)
			return ch - 1 == pf->head_addr ? pf->head_class
						       : FA_PF_KEEP;
	}
	if (l->have_buddy && page_has_type(mapcount, l->buddy_value)) {
		if (private < l->max_order)
			*nr_pages = 1ULL << private;
		cls = FA_PF_FREE;
		goto out;
	}
	slab = flag(flags, l->pg_slab) ||
	       (l->have_slab_type && page_has_type(mapcount, l->slab_value));
	anon = (mapping & PAGE_MAPPING_ANON) && !slab;
	head = l->pg_head_mask > 0 && (flags & (uint64_t)l->pg_head_mask);
	hugetlb = (l->have_hugetlb_type &&
		   page_has_type(mapcount, l->hugetlb_value)) ||
		  (head && next &&
		   flag(get_word(pf, next, l->off_flags), l->pg_hugetlb));
	cache = !hugetlb && (flag(flags, l->pg_lru) ||
			     (flag(flags, l->pg_swapcache) &&
			      (l->pg_swapbacked < 0 || flag(flags, l->pg_swapbacked))));
	if (cache && !anon)
		cls = flag(flags, l->pg_private) ? FA_PF_CACHE_PRIVATE : FA_PF_CACHE;
	else if (anon || hugetlb)
		cls = FA_PF_USER;
	else if (flag(flags, l->pg_hwpoison))
		cls = FA_PF_HWPOISON;
	else if (l->have_offline && page_has_type(mapcount, l->offline_value))
		cls = FA_PF_OFFLINE;
	else
		cls = FA_PF_KEEP;
out:
	pf->head_addr = page_addr;
	pf->head_class = cls;
	return cls;
}

static int level_excludes(int level, int cls)
{
	switch (cls) {
	case FA_PF_CACHE:
		return level & 0x06;
	case FA_PF_CACHE_PRIVATE:
		return level & 0x04;
	case FA_PF_USER:
		return level & 0x08;
	case FA_PF_FREE:
		return level & 0x10;
	case FA_PF_HWPOISON:
	case FA_PF_OFFLINE:
		return 1;
	default:
		return 0;
	}
}

/* Where section @nr's struct pages start, or 0 when it has none. */
static int section_mem_map(struct fa_pagefilter *pf, uint64_t nr,
			   uint64_t *map, struct fa_err *e)
{
	const struct fa_pf_layout *l = &pf->l;
	uint64_t addr, coded;
	int rc;

	*map = 0;
	if (l->extreme) {
		uint64_t root = nr / l->sections_per_root;

		if (root >= l->nr_roots || !pf->roots[root])
			return 0;
		addr = pf->roots[root] +
		       (nr % l->sections_per_root) * (uint64_t)l->size_mem_section;
	} else {
		if (nr >= l->nr_roots)
			return 0;
		addr = l->mem_section + nr * (uint64_t)l->size_mem_section;
	}
	rc = fa_mem_read_u64(pf->kmem, FA_KVADDR, addr + (uint64_t)l->off_section_mem_map,
			     &coded, e);
	if (rc)
		return fa_err_prefix(e, "mem_map: section %llu: ",
				     (unsigned long long)nr);
	if ((coded & (SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP)) !=
	    (SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP))
		return 0;
	*map = coded & SECTION_MAP_MASK;
	return 0;
}

static int any_bit(const uint8_t *bm, uint64_t from, uint64_t to)
{
	uint64_t i;

	for (i = from; i < to; i++) {
		if (!(i & 7) && i + 8 <= to && !bm[i >> 3]) {
			i += 7;
			continue;
		}
		if (bm[i >> 3] >> (i & 7) & 1)
			return 1;
	}
	return 0;
}

static void clear_bit(uint8_t *bm, uint64_t i)
{
	bm[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

static int test_bit(const uint8_t *bm, uint64_t i)
{
	return bm[i >> 3] >> (i & 7) & 1;
}

/* Classify the set pfns of [a, b) (one section, b - a <= PF_CHUNK). */
static int exclude_chunk(struct fa_pagefilter *pf, uint64_t map, uint64_t a,
			 uint64_t b, uint64_t sec_end, uint64_t start,
			 uint8_t *bm, struct fa_err *e)
{
	uint64_t sz = (uint64_t)pf->l.size_page, n = b - a, pfn;
	uint64_t read_n = b < sec_end ? n + 1 : n;
	int rc;

	rc = pf->kmem->read(pf->kmem->ctx, FA_KVADDR, map + a * sz, pf->pages,
			    read_n * sz, e);
	if (rc && read_n > n) {
		/* the struct page after the chunk may not be mapped */
		read_n = n;
		rc = pf->kmem->read(pf->kmem->ctx, FA_KVADDR, map + a * sz,
				    pf->pages, read_n * sz, e);
	}
	if (rc)
		return fa_err_prefix(e, "mem_map: struct page of pfn %#llx: ",
				     (unsigned long long)a);
	for (pfn = a; pfn < b; pfn++) {
		const uint8_t *pg = pf->pages + (pfn - a) * sz;
		const uint8_t *next = pfn + 1 < a + read_n ? pg + sz : NULL;
		uint64_t nr;
		int cls;

		if (pfn < pf->free_until) {
			cls = FA_PF_FREE;
		} else {
			cls = fa_pagefilter_classify(pf, pg, next, map + pfn * sz, &nr);
			if (cls == FA_PF_FREE && (pf->dump_level & 0x10))
				pf->free_until = pfn + nr;
		}
		if (!test_bit(bm, pfn - start) ||
		    !level_excludes(pf->dump_level, cls))
			continue;
		clear_bit(bm, pfn - start);
		pf->nr[cls]++;
	}
	return 0;
}

int fa_pagefilter_exclude(struct fa_pagefilter *pf, uint64_t start,
			  uint64_t end, uint8_t *bm, struct fa_err *e)
{
	unsigned int shift = 0;
	uint64_t per_sec, pfn = start;
	int rc;

	while ((1ULL << shift) < pf->l.page_size)
		shift++;
	per_sec = 1ULL << (pf->l.section_size_bits - shift);
	while (pfn < end) {
		uint64_t nr = pfn / per_sec, sec_end = (nr + 1) * per_sec, map;
		uint64_t stop = sec_end < end ? sec_end : end;

		rc = section_mem_map(pf, nr, &map, e);
		if (rc)
			return rc;
		while (map && pfn < stop) {
			uint64_t b = pfn + PF_CHUNK < stop ? pfn + PF_CHUNK : stop;

			if (any_bit(bm, pfn - start, b - start) ||
			    pf->free_until > pfn) {
				rc = exclude_chunk(pf, map, pfn, b, sec_end,
						   start, bm, e);
				if (rc)
					return rc;
			}
			pfn = b;
		}
		pfn = stop;
	}
	return 0;
}
