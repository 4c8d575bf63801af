// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_pagefilter.c - mem_map classification (dump levels 2..16) and the
 * ppc64 translation it needs: a synthetic ppc64 kernel with mem_section,
 * struct pages in the vmemmap reached through vmemmap_list (64K pages) or
 * a radix page table (4K pages), in both byte orders, and a synthetic
 * x86_64 kernel whose vmemmap and mem_section convert reaches through
 * its own walk of init_top_pgt; then the classes checked page by page,
 * directly and through a converted file that libkdumpfile reads.
 */
#include "convert.h"
#include "diskdump.h"
#include "pagefilter.h"
#include "ppc64_vtop.h"
#include "test_convert_fixture.h"

#define PG_LRU		4
#define PG_SWAPCACHE	10
#define PG_SLAB		9
#define PG_PRIVATE	13
#define PG_SWAPBACKED	19
#define PG_HWPOISON	22
#define PG_HEAD		16
#define BUDDY_TYPE	0xffffff7fu	/* ~0x80 */
#define OFFLINE_TYPE	0xfffffeffu	/* ~0x100 */
#define PAGES_PA	0x20000ULL	/* struct pages, physical */
#define SECTION_PA	0x1000ULL
#define PGD_PA		0x40000ULL

enum { MODE_LIST, MODE_RADIX, MODE_X86 };

/* x86_64: the kernel's three mappings and where the page tables are */
#define X86_IMAGE	0xffffffff80000000ULL	/* __START_KERNEL_map */
#define X86_DIRECT	0xffff888000000000ULL	/* page_offset_base */
#define X86_VMEMMAP	0xffffea0000000000ULL	/* vmemmap_base */
#define X86_PTE		0x63ULL			/* present, rw, accessed, dirty */
#define X86_PSE		0x80ULL

static uint64_t page_pa(uint64_t pfn)
{
	return PAGES_PA + pfn * 64;
}

static uint64_t vmemmap_va;	/* where build_kernel put the struct pages */

static void set_page(struct fx *f, uint64_t pfn, uint64_t flags,
		     uint64_t mapping, uint64_t private, uint32_t mapcount,
		     uint64_t compound_head)
{
	uint64_t pa = page_pa(pfn);

	fx_put64(f, pa, flags);
	fx_put64(f, pa + 8, compound_head);
	fx_put64(f, pa + 24, mapping);
	fx_put64(f, pa + 40, private);
	fx_put32(f, pa + 48, mapcount);
}

static void put_be64(struct fx *f, uint64_t pa, uint64_t v)
{
	fa_put64(fx_at(f, pa, 8), FA_BE, v);
}

/* An x86_64 table entry at @pa: slot @idx of the table at @table. */
static void x86_entry(struct fx *f, uint64_t table, uint64_t idx, uint64_t v)
{
	fx_put64(f, table + idx * 8, v);
}

/*
 * x86_64, 4-level paging from init_top_pgt at PGD_PA: the kernel image
 * and the direct map as one 2M page each at physical 0, the vmemmap as
 * 4K pages onto PAGES_PA.
 */
static void build_x86_tables(struct fx *f, uint64_t vm_bytes)
{
	uint64_t i;

	fx_vmci(f, "OSRELEASE=6.1.0-amd64\nPAGESIZE=4096\nSIZE(page)=64\nOFFSET(page.flags)=0\n"
		"OFFSET(page.compound_head)=8\nOFFSET(page.mapping)=24\nOFFSET(page.private)=40\n"
		"OFFSET(page._mapcount)=48\nSYMBOL(mem_section)=%llx\n"
		"LENGTH(mem_section)=4\nSIZE(mem_section)=16\nOFFSET(mem_section.section_mem_map)=0\n"
		"NUMBER(SECTION_SIZE_BITS)=27\nNUMBER(MAX_PHYSMEM_BITS)=46\n"
		"NUMBER(PG_lru)=4\nNUMBER(PG_private)=13\nNUMBER(PG_swapcache)=10\n"
		"NUMBER(PG_swapbacked)=19\nNUMBER(PG_slab)=9\nNUMBER(PG_hwpoison)=22\n"
		"NUMBER(PG_head_mask)=65536\nNUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
		"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\nLENGTH(zone.free_area)=11\n"
		"SYMBOL(init_top_pgt)=%llx\nNUMBER(phys_base)=0\nNUMBER(pgtable_l5_enabled)=0\n",
		(unsigned long long)X86_DIRECT,
		(unsigned long long)(X86_IMAGE + PGD_PA));
	/* image: PGD 511 -> PUD 510 -> 2M page at 0 */
	x86_entry(f, PGD_PA, 511, 0x41000 | X86_PTE);
	x86_entry(f, 0x41000, 510, 0x42000 | X86_PTE);
	x86_entry(f, 0x42000, 0, 0 | X86_PTE | X86_PSE);
	/* direct map: PGD 273 -> PUD 0 -> 2M page at 0 */
	x86_entry(f, PGD_PA, (X86_DIRECT >> 39) & 511, 0x43000 | X86_PTE);
	x86_entry(f, 0x43000, 0, 0x44000 | X86_PTE);
	x86_entry(f, 0x44000, 0, 0 | X86_PTE | X86_PSE);
	/* vmemmap: PGD 468 -> PUD 0 -> PMD 0 -> 4K pages */
	x86_entry(f, PGD_PA, (X86_VMEMMAP >> 39) & 511, 0x45000 | X86_PTE);
	x86_entry(f, 0x45000, 0, 0x46000 | X86_PTE);
	x86_entry(f, 0x46000, 0, 0x47000 | X86_PTE);
	for (i = 0; i * 4096 < vm_bytes; i++)
		x86_entry(f, 0x47000, i, (PAGES_PA + i * 4096) | X86_PTE);
	/* mem_section root 0 -> the section array, in the direct map */
	fx_put64(f, 0, X86_DIRECT + SECTION_PA);
	fx_put64(f, SECTION_PA, X86_VMEMMAP | 0x3);	/* present, has mem_map */
}

/* The kernel: mem_section, struct pages, translation, classes. */
static uint64_t build_kernel(struct fx *f, int bo, uint32_t ps, int mode)
{
	uint64_t mem = ps == 4096 ? 1 << 20 : 4 << 20, np = mem / ps;
	uint64_t first = 0x62000 / ps, pfn, vm_bytes = np * 64, i;

	if (mode == MODE_X86) {
		fx_init(f, FA_LE, 62, 4096);
		fx_add_seg(f, 0, mem, mem);
		memset(fx_at(f, 0, 0x60000), 0, 0x60000);
		build_x86_tables(f, vm_bytes);
		vmemmap_va = X86_VMEMMAP;
		goto pages;
	}
	vmemmap_va = FX_VMEMMAP;
	fx_init(f, bo, 21, ps);
	fx_vmci(f, "OSRELEASE=6.6.0\nPAGESIZE=%u\nSIZE(page)=64\nOFFSET(page.flags)=0\n"
		"OFFSET(page.compound_head)=8\nOFFSET(page.mapping)=24\nOFFSET(page.private)=40\n"
		"OFFSET(page._mapcount)=48\nSYMBOL(mem_section)=c000000000000000\n"
		"LENGTH(mem_section)=4\nSIZE(mem_section)=16\nOFFSET(mem_section.section_mem_map)=0\n"
		"NUMBER(SECTION_SIZE_BITS)=24\nNUMBER(MAX_PHYSMEM_BITS)=46\n"
		"NUMBER(PG_lru)=4\nNUMBER(PG_private)=13\nNUMBER(PG_swapcache)=10\n"
		"NUMBER(PG_swapbacked)=19\nNUMBER(PG_slab)=9\nNUMBER(PG_hwpoison)=22\n"
		"NUMBER(PG_head_mask)=65536\nNUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
		"NUMBER(PAGE_OFFLINE_MAPCOUNT_VALUE)=-257\nLENGTH(zone.free_area)=11\n"
		"SYMBOL(vmemmap_list)=c000000000000100\nSIZE(vmemmap_backing)=24\n"
		"OFFSET(vmemmap_backing.list)=0\nOFFSET(vmemmap_backing.phys)=8\n"
		"OFFSET(vmemmap_backing.virt_addr)=16\nSYMBOL(mmu_vmemmap_psize)=c000000000000300\n"
		"SYMBOL(mmu_psize_defs)=c000000000000400\nSIZE(mmu_psize_def)=32\n"
		"OFFSET(mmu_psize_def.shift)=0\nSYMBOL(swapper_pg_dir)=c000000000040000\n", ps);
	fx_add_seg(f, 0, mem, mem);
	memset(fx_at(f, 0, 0x60000), 0, 0x60000);
	/* mem_section roots: root 0 -> the section array */
	fx_put64(f, 0, FX_LINEAR + SECTION_PA);
	fx_put64(f, SECTION_PA, FX_VMEMMAP | 0x3);	/* present, has mem_map */
	if (mode == MODE_LIST) {
		fx_put64(f, 0x100, FX_LINEAR + 0x200);
		fx_put64(f, 0x200, 0);			/* list: end */
		fx_put64(f, 0x208, PAGES_PA);		/* phys */
		fx_put64(f, 0x210, FX_VMEMMAP);		/* virt_addr */
		fx_put32(f, 0x300, 2);			/* mmu_vmemmap_psize */
		fx_put32(f, 0x400 + 2 * 32, 16);	/* 64K vmemmap pages */
	} else {
		/* vmemmap_list empty: radix walk (ea 0xc000000000000) */
		put_be64(f, PGD_PA + 0x1800 * 8, FA_RADIX_PRESENT | 0x50000 | 9);
		put_be64(f, 0x50000, FA_RADIX_PRESENT | 0x51000 | 9);
		put_be64(f, 0x51000, FA_RADIX_PRESENT | 0x52000 | 9);
		for (i = 0; i * ps < vm_bytes; i++)
			put_be64(f, 0x52000 + i * 8, FA_RADIX_PRESENT | FA_RADIX_LEAF |
				 (PAGES_PA + i * ps) | 0x10e);
	}
pages:
	for (pfn = 0; pfn < np; pfn++) {
		uint64_t j = pfn - first, file = FX_LINEAR + 0x5000, anon = file | 1;

		f->expect_class[pfn] = FA_PF_KEEP;
		set_page(f, pfn, 0, 0, 0, 0xffffffffu, 0);
		if (pfn < first)
			continue;
		switch (j % 16) {
		case 0:
			set_page(f, pfn, 1ULL << PG_LRU, file, 0, 0, 0);
			f->expect_class[pfn] = FA_PF_CACHE;
			break;
		case 1:
			set_page(f, pfn, 1ULL << PG_LRU | 1ULL << PG_PRIVATE, file, 0, 0, 0);
			f->expect_class[pfn] = FA_PF_CACHE_PRIVATE;
			break;
		case 2:
			set_page(f, pfn, 1ULL << PG_LRU, anon, 0, 0, 0);
			f->expect_class[pfn] = FA_PF_USER;
			break;
		case 3:
			set_page(f, pfn, 1ULL << PG_SWAPCACHE | 1ULL << PG_SWAPBACKED,
				 anon, 0, 0, 0);
			f->expect_class[pfn] = FA_PF_USER;
			break;
		case 4:	/* a free order-2 block: this page and the next three */
			set_page(f, pfn, 0, 0, 2, BUDDY_TYPE, 0);
			/* fallthrough */
		case 5:
		case 6:
		case 7:
			f->expect_class[pfn] = FA_PF_FREE;
			break;
		case 8:
			set_page(f, pfn, 1ULL << PG_HWPOISON, 0, 0, 0, 0);
			f->expect_class[pfn] = FA_PF_HWPOISON;
			break;
		case 9:
			set_page(f, pfn, 0, 0, 0, OFFLINE_TYPE, 0);
			f->expect_class[pfn] = FA_PF_OFFLINE;
			break;
		case 10:	/* slab: mapping bit 0 set, yet not anonymous */
			set_page(f, pfn, 1ULL << PG_SLAB, anon, 0, 0, 0);
			break;
		case 11:	/* an anonymous compound page of three */
			set_page(f, pfn, 1ULL << PG_LRU | 1ULL << PG_HEAD, anon, 0, 0, 0);
			f->expect_class[pfn] = FA_PF_USER;
			break;
		case 12:
		case 13:
			set_page(f, pfn, 0, 0, 0, 0xffffffffu,
				 (vmemmap_va + (pfn - (j % 16 - 11)) * 64) | 1);
			f->expect_class[pfn] = FA_PF_USER;
			break;
		case 14:	/* a swap-cache page without PG_swapbacked: kept */
			set_page(f, pfn, 1ULL << PG_SWAPCACHE, file, 0, 0, 0);
			break;
		}
	}
	return np;
}

static int excluded_at(int level, int cls)
{
	switch (cls) {
	case FA_PF_CACHE:
		return level & 6;
	case FA_PF_CACHE_PRIVATE:
		return level & 4;
	case FA_PF_USER:
		return level & 8;
	case FA_PF_FREE:
		return level & 16;
	case FA_PF_HWPOISON:
	case FA_PF_OFFLINE:
		return 1;
	}
	return 0;
}

struct open_fx {
	struct fa_elfcore *c;
	struct fa_vmcoreinfo *vi;
	struct fa_mem phys, kv;
	struct fa_ppc64_vtop vt;
};

static void open_fx(struct fx *f, const char *path, struct open_fx *o)
{
	struct fa_err e;

	fx_write(f, path);
	assert_fa_ok(fa_elfcore_open_path(&o->c, path, 0, &e), &e);
	assert_fa_ok(fa_vmci_parse(o->c->vmcoreinfo, o->c->vmcoreinfo_len,
				   &o->vi, &e), &e);
	fa_elfcore_mem(o->c, &o->phys);
	assert_fa_ok(fa_ppc64_vtop_init(&o->vt, &o->phys, o->vi, f->ps, &e), &e);
	fa_ppc64_kv_mem(&o->vt, &o->kv);
}

static void close_fx(struct open_fx *o)
{
	fa_ppc64_vtop_free(&o->vt);
	fa_vmci_free(o->vi);
	fa_elfcore_close(o->c);
}

static char *path(const char *name)
{
	static char buf[4][512];
	static int k;
	char *p = buf[k++ & 3];

	snprintf(p, 512, "%s/%s", fx_tmpdir(), name);
	return p;
}

/* Every level, pfn by pfn; the ranges split a buddy block (4K case). */
static void classes(int bo, uint32_t ps, int mode)
{
	static const int levels[] = { 0, 2, 4, 8, 16, 31 };
	struct open_fx o;
	struct fa_pagefilter pf;
	struct fa_err e;
	struct fx f;
	uint8_t bm[512];
	uint64_t np = build_kernel(&f, bo, ps, mode), pfn;
	size_t l;

	open_fx(&f, path("pf.elf"), &o);
	assert_int_equal(o.vt.radix, mode == MODE_RADIX);
	assert_int_equal(o.vt.nchunks, mode == MODE_LIST);
	for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
		assert_fa_ok(fa_pagefilter_init(&pf, &o.kv, o.vi, ps, levels[l], &e), &e);
		memset(bm, 0xff, sizeof(bm));
		assert_fa_ok(fa_pagefilter_exclude(&pf, 0, 104, bm, &e), &e);
		assert_fa_ok(fa_pagefilter_exclude(&pf, 104, np, bm + 13, &e), &e);
		for (pfn = 0; pfn < np; pfn++) {
			int want = !excluded_at(levels[l], f.expect_class[pfn]);

			if (fa_bitmap_test(bm, sizeof(bm), pfn) != want)
				fail_msg("level %d pfn %llu class %s: kept %d, want %d",
					 levels[l], (unsigned long long)pfn,
					 fa_pf_class_name(f.expect_class[pfn]),
					 !want, want);
		}
		if (levels[l] == 31) {
			assert_int_equal(pf.nr[FA_PF_FREE] % 4, 0);
			assert_true(pf.nr[FA_PF_USER] > 0);
			assert_true(pf.nr[FA_PF_HWPOISON] > 0);
		}
		fa_pagefilter_free(&pf);
	}
	close_fx(&o);
	fx_free(&f);
}

static void test_classes_list_64k_le(void **state)
{
	(void)state;
	classes(FA_LE, 65536, MODE_LIST);
}

static void test_classes_list_64k_be(void **state)
{
	(void)state;
	classes(FA_BE, 65536, MODE_LIST);
}

static void test_classes_radix_4k_le(void **state)
{
	(void)state;
	classes(FA_LE, 4096, MODE_RADIX);
}

static void test_classes_radix_64k_be(void **state)
{
	(void)state;
	classes(FA_BE, 65536, MODE_RADIX);
}

static struct fx *cur_fx;
static int cur_level;

static int excluded_pfn(struct fx *f, uint64_t pfn)
{
	return pfn < 4096 && excluded_at(cur_level, f->expect_class[pfn]);
}

/* The whole way: convert -d N, libkdumpfile reads exactly the kept pages. */
static void converted_st(int bo, uint32_t ps, int mode, int level,
			 struct fa_convert_stats *stp)
{
	struct fa_convert_opts o = { 0 };
	struct fa_convert_stats st;
	struct fa_err e;
	struct fx f;
	uint64_t n, i, want = 0;

	build_kernel(&f, bo, ps, mode);
	fx_write(&f, path("cv.elf"));
	o.compress = FA_DUMP_DH_COMPRESSED_ZSTD;
	o.dump_level = level;
	o.nthreads = 2;
	assert_fa_ok(fa_convert(path("cv.elf"), path("cv.kdump"), &o, &st, &e), &e);
	assert_int_equal(st.mem_map_filtered, 1);
	cur_fx = &f;
	cur_level = level;
	n = fx_check_kdump(&f, path("cv.kdump"), excluded_pfn);
	for (i = 0; i < f.seg[0].memsz / ps; i++)
		want += excluded_at(level, f.expect_class[i]) != 0;
	assert_int_equal(n, want);
	assert_int_equal(st.dumped, st.present - want);
	*stp = st;
	fx_free(&f);
}

static void converted(int bo, uint32_t ps, int mode, int level)
{
	static const char *const via[] = {
		[MODE_LIST] = "ppc64 translation", [MODE_RADIX] = "ppc64 translation",
		[MODE_X86] = "x86_64 page tables",
	};
	struct fa_convert_stats st;

	converted_st(bo, ps, mode, level, &st);
	assert_string_equal(st.mem_map_via, via[mode]);
}

static void test_convert_d31_list(void **state)
{
	(void)state;
	converted(FA_LE, 65536, MODE_LIST, 31);
}

static void test_convert_d31_radix_be(void **state)
{
	(void)state;
	converted(FA_BE, 4096, MODE_RADIX, 31);
}

static void test_convert_d8_radix(void **state)
{
	(void)state;
	converted(FA_LE, 4096, MODE_RADIX, 8);
}

/* x86_64: mem_section and vmemmap through convert's page-table walk. */
static void test_convert_x86_64_levels(void **state)
{
	static const int levels[] = { 2, 4, 8, 16, 31 };
	size_t l;

	(void)state;
	for (l = 0; l < sizeof(levels) / sizeof(levels[0]); l++)
		converted(FA_LE, 4096, MODE_X86, levels[l]);
}

/*
 * x86_64 without init_top_pgt: nothing for the walk, so libkdumpfile
 * is asked, and cannot translate this made-up kernel either; the
 * conversion keeps every page and says why.
 */
static void test_convert_x86_64_no_walk(void **state)
{
	struct fa_convert_opts o = { 0 };
	struct fa_convert_stats st;
	struct fa_err e;
	struct fx f;

	(void)state;
	fx_init(&f, FA_LE, 62, 4096);
	fx_add_seg(&f, 0, 1 << 20, 1 << 20);
	memset(fx_at(&f, 0, 0x60000), 0, 0x60000);
	build_x86_tables(&f, 256 * 64);
	/* the same kernel, its page-table symbol renamed */
	f.vmci_len = 0;
	fx_vmci(&f, "OSRELEASE=6.1.0-amd64\nPAGESIZE=4096\nSIZE(page)=64\nOFFSET(page.flags)=0\n"
		"OFFSET(page.mapping)=24\nOFFSET(page.private)=40\nOFFSET(page._mapcount)=48\n"
		"SYMBOL(mem_section)=%llx\nLENGTH(mem_section)=4\nSIZE(mem_section)=16\n"
		"OFFSET(mem_section.section_mem_map)=0\nNUMBER(SECTION_SIZE_BITS)=27\n"
		"NUMBER(MAX_PHYSMEM_BITS)=46\nNUMBER(PG_lru)=4\nLENGTH(zone.free_area)=11\n"
		"SYMBOL(not_init_top_pgt)=%llx\n",
		(unsigned long long)X86_DIRECT,
		(unsigned long long)(X86_IMAGE + PGD_PA));
	fx_write(&f, path("nw.elf"));
	o.compress = FA_DUMP_DH_COMPRESSED_LZO;
	o.dump_level = 31;
	o.nthreads = 1;
	assert_fa_ok(fa_convert(path("nw.elf"), path("nw.kdump"), &o, &st, &e), &e);
	assert_int_equal(st.mem_map_filtered, 0);
	assert_non_null(strstr(st.filter_note, "cannot read"));
	assert_int_equal(st.dumped, st.present);
	fx_free(&f);
}

/* Page types as 6.12+ encodes them (top byte), and the older forms. */
static void test_page_types(void **state)
{
	struct fa_pagefilter pf;
	uint8_t pg[64];
	uint64_t nr;

	(void)state;
	memset(&pf, 0, sizeof(pf));
	struct fa_mem m = { .byteorder = FA_LE, .ptr_size = 8 };

	pf.kmem = &m;
	pf.l.size_page = 64;
	pf.l.off_flags = 0;
	pf.l.off_mapping = 24;
	pf.l.off_private = 40;
	pf.l.off_mapcount = 48;
	pf.l.off_compound_head = -1;
	pf.l.pg_lru = pf.l.pg_private = pf.l.pg_swapcache = -1;
	pf.l.pg_swapbacked = pf.l.pg_slab = pf.l.pg_hwpoison = -1;
	pf.l.pg_head_mask = pf.l.pg_hugetlb = -1;
	pf.l.max_order = 11;
	pf.l.have_buddy = 1;
	memset(pg, 0, sizeof(pg));
	/* 6.12+: NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE) is PGTY_buddy, 0xf0 */
	pf.l.buddy_value = 0xf0;
	fa_put32(pg + 48, FA_LE, 0xf0000000u);
	fa_put64(pg + 40, FA_LE, 3);
	assert_int_equal(fa_pagefilter_classify(&pf, pg, NULL, 0, &nr), FA_PF_FREE);
	assert_int_equal(nr, 8);
	fa_put32(pg + 48, FA_LE, 0xf1000000u);		/* another type */
	assert_int_equal(fa_pagefilter_classify(&pf, pg, NULL, 0, &nr), FA_PF_KEEP);
	/* 4.18..6.11: ~PG_buddy under PAGE_TYPE_BASE, other type bits kept */
	pf.l.buddy_value = -129;
	fa_put32(pg + 48, FA_LE, 0xf000007fu);
	assert_int_equal(fa_pagefilter_classify(&pf, pg, NULL, 0, &nr), FA_PF_FREE);
	fa_put32(pg + 48, FA_LE, 0xffffffffu);		/* _mapcount -1 */
	assert_int_equal(fa_pagefilter_classify(&pf, pg, NULL, 0, &nr), FA_PF_KEEP);
	/* older kernels: the exact value -128 */
	pf.l.buddy_value = -128;
	fa_put32(pg + 48, FA_LE, 0xffffff80u);
	assert_int_equal(fa_pagefilter_classify(&pf, pg, NULL, 0, &nr), FA_PF_FREE);
	/* an order beyond LENGTH(zone.free_area) covers the page alone */
	fa_put64(pg + 40, FA_LE, 40);
	assert_int_equal(fa_pagefilter_classify(&pf, pg, NULL, 0, &nr), FA_PF_FREE);
	assert_int_equal(nr, 1);
}

/* A PMD-level (2 MiB) radix leaf, read through a plain buffer. */
static uint8_t radix_mem[0x10000];

static int buf_read(void *ctx, int space, uint64_t addr, void *buf, size_t len,
		    struct fa_err *e)
{
	(void)ctx;
	(void)space;
	if (addr + len > sizeof(radix_mem))
		return fa_err_set(e, FA_ENOENT, "no memory at %#llx",
				  (unsigned long long)addr);
	memcpy(buf, radix_mem + addr, len);
	return 0;
}

static void test_radix_huge_leaf_and_holes(void **state)
{
	struct fa_mem m = { buf_read, NULL, FA_LE, 8 };
	struct fa_err e;
	uint64_t pa;
	uint64_t va = 0xc00c000000000000ULL + 0x123456;

	(void)state;
	memset(radix_mem, 0, sizeof(radix_mem));
	fa_put64(radix_mem + 0x1800 * 8, FA_BE, FA_RADIX_PRESENT | 0xe000 | 9);
	fa_put64(radix_mem + 0xe000, FA_BE, FA_RADIX_PRESENT | 0xf000 | 9);
	fa_put64(radix_mem + 0xf000, FA_BE, FA_RADIX_PRESENT | FA_RADIX_LEAF |
		 0x40000000ULL | 0x10e);
	assert_fa_ok(fa_ppc64_radix_walk(&m, 0, 65536, va, &pa, &e), &e);
	assert_int_equal(pa, 0x40000000ULL + 0x123456);
	/* the next 2 MiB is not mapped: FA_ENOENT names the PMD */
	assert_fa_error(fa_ppc64_radix_walk(&m, 0, 65536, va + (2 << 20), &pa, &e),
			&e, FA_ENOENT, "radix PMD entry 0");
	/* a leaf flag in the PGD is corrupt */
	fa_put64(radix_mem + 0x1800 * 8, FA_BE, FA_RADIX_PRESENT | FA_RADIX_LEAF);
	assert_fa_error(fa_ppc64_radix_walk(&m, 0, 65536, va, &pa, &e), &e,
			FA_ECORRUPT, "leaf flag where none may be");
	/* a table outside memory */
	fa_put64(radix_mem + 0x1800 * 8, FA_BE, FA_RADIX_PRESENT | 0x900000);
	assert_fa_error(fa_ppc64_radix_walk(&m, 0, 4096, va, &pa, &e), &e,
			FA_ENOENT, "radix PUD");
}

static void test_malformed_layouts(void **state)
{
	struct fa_vmcoreinfo *vi;
	struct fa_pf_layout l;
	struct fa_ppc64_vtop vt;
	struct open_fx o;
	struct fa_mem m = { buf_read, NULL, FA_LE, 8 };
	struct fa_err e;
	struct fx f;
	static const char no_page[] = "OSRELEASE=6.6\nOFFSET(page.flags)=0\n";
	static const char bad_bits[] =
		"SIZE(page)=64\nOFFSET(page.flags)=0\nSYMBOL(mem_section)=c000000000000000\n"
		"SIZE(mem_section)=16\nOFFSET(mem_section.section_mem_map)=0\n"
		"NUMBER(SECTION_SIZE_BITS)=12\n";

	(void)state;
	assert_fa_ok(fa_vmci_parse(no_page, sizeof(no_page) - 1, &vi, &e), &e);
	assert_fa_error(fa_pf_layout_read(vi, 65536, &l, &e), &e, FA_ENOENT,
			"SIZE(page)");
	fa_vmci_free(vi);
	assert_fa_ok(fa_vmci_parse(bad_bits, sizeof(bad_bits) - 1, &vi, &e), &e);
	assert_fa_error(fa_pf_layout_read(vi, 65536, &l, &e), &e, FA_ECORRUPT,
			"SECTION_SIZE_BITS 12");
	assert_fa_error(fa_ppc64_vtop_init(&vt, &m, vi, 8192, &e), &e, FA_EUNSUP,
			"page size 8192");
	fa_vmci_free(vi);
	/* a vmemmap_list that loops back to its first entry */
	build_kernel(&f, FA_BE, 65536, MODE_LIST);
	fx_put64(&f, 0x200, FX_LINEAR + 0x200);
	fx_write(&f, path("loop.elf"));
	assert_fa_ok(fa_elfcore_open_path(&o.c, path("loop.elf"), 0, &e), &e);
	assert_fa_ok(fa_vmci_parse(o.c->vmcoreinfo, o.c->vmcoreinfo_len, &o.vi, &e), &e);
	fa_elfcore_mem(o.c, &o.phys);
	assert_fa_error(fa_ppc64_vtop_init(&o.vt, &o.phys, o.vi, 65536, &e), &e,
			FA_ECORRUPT, "loops back to its first entry");
	/* an implausible vmemmap page shift */
	fx_put64(&f, 0x200, 0);
	fx_put32(&f, 0x400 + 2 * 32, 60);
	fx_write(&f, path("loop.elf"));
	fa_vmci_free(o.vi);
	fa_elfcore_close(o.c);
	assert_fa_ok(fa_elfcore_open_path(&o.c, path("loop.elf"), 0, &e), &e);
	assert_fa_ok(fa_vmci_parse(o.c->vmcoreinfo, o.c->vmcoreinfo_len, &o.vi, &e), &e);
	fa_elfcore_mem(o.c, &o.phys);
	assert_fa_error(fa_ppc64_vtop_init(&o.vt, &o.phys, o.vi, 65536, &e), &e,
			FA_ECORRUPT, "vmemmap page shift 60");
	fa_vmci_free(o.vi);
	fa_elfcore_close(o.c);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes_list_64k_le),
		cmocka_unit_test(test_classes_list_64k_be),
		cmocka_unit_test(test_classes_radix_4k_le),
		cmocka_unit_test(test_classes_radix_64k_be),
		cmocka_unit_test(test_convert_d31_list),
		cmocka_unit_test(test_convert_d31_radix_be),
		cmocka_unit_test(test_convert_d8_radix),
		cmocka_unit_test(test_convert_x86_64_levels),
		cmocka_unit_test(test_convert_x86_64_no_walk),
		cmocka_unit_test(test_page_types),
		cmocka_unit_test(test_radix_huge_leaf_and_holes),
		cmocka_unit_test(test_malformed_layouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
