// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_browse_model.c - the browser's model without a terminal: map
 * scale and rounding, region navigation, the page cache (reads only what
 * is shown), hex rows, goto expressions, bounded-step search across chunk
 * and page boundaries, text panes and the thread order.
 */
#include "fa_test.h"

#include "browse_model.h"

#define MiB (1ULL << 20)

/* ---- a fake memory: one buffer at [base, base + size) ---------------- */

struct fake_mem {
	uint64_t base;
	uint64_t size;
	uint8_t *data;		/* NULL: bytes are (addr * 7) & 0xff */
	unsigned int calls;
};

static int fake_read(void *ctx, int space, uint64_t addr, void *buf,
		     size_t len, struct fa_err *e)
{
	struct fake_mem *m = ctx;
	size_t i;

	(void)space;
	m->calls++;
	if (addr < m->base || len > m->size ||
	    addr - m->base > m->size - len)
		return fa_err_set(e, FA_ENOENT, "address %#llx is not in the dump",
				  (unsigned long long)addr);
	for (i = 0; i < len; i++)
		((uint8_t *)buf)[i] = m->data ? m->data[addr - m->base + i] :
				      (uint8_t)((addr + i) * 7);
	return 0;
}

static struct fa_mem fake_fa_mem(struct fake_mem *m)
{
	struct fa_mem f = { .read = fake_read, .ctx = m, .byteorder = FA_LE,
			    .ptr_size = 8 };
	return f;
}

/* ---- map ------------------------------------------------------------- */

/* 1 GiB, boot memory 256M copied above a CPU area and an HPTE region. */
static const struct fa_map_entry layout[] = {
	{ FA_MAP_BOOT, 0, 0, 256 * MiB, 256 * MiB + 0x50000, 1 },
	{ FA_MAP_CPU, 0, 256 * MiB, 0x40020, 0, 1 },
	{ FA_MAP_HPTE, 0, 256 * MiB + 0x40020, 0x1000, 0, 1 },
	{ FA_MAP_BOOT_COPY, 0, 256 * MiB + 0x50000, 256 * MiB, 0, 1 },
	{ FA_MAP_CRASH_INFO, 0, 512 * MiB + 0x50000, 0x1000, 0, 1 },
	{ FA_MAP_MEMORY, 0, 512 * MiB + 0x51000, 512 * MiB - 0x51000, 0, 1 },
};
#define NLAYOUT (sizeof(layout) / sizeof(layout[0]))

static void test_map_scale(void **state)
{
	/* by hand: cells of 128 MiB; CPU and crash info own no cell of
	 * their own and are promoted into the cells holding their start */
	static const long want[8] = { 0, 0, 1, 3, 4, 5, 5, 5 };
	static const int promoted[8] = { 0, 0, 1, 0, 1, 0, 0, 0 };
	struct bm_cell c[8];
	unsigned int i;

	(void)state;
	assert_int_equal(bm_map_scale(layout, NLAYOUT, 8, c), 1024 * MiB);
	for (i = 0; i < 8; i++) {
		assert_int_equal(c[i].start, i * 128 * MiB);
		assert_int_equal(c[i].end, (i + 1) * 128 * MiB);
		if (c[i].region != want[i])
			fail_msg("cell %u shows region %ld, want %ld", i,
				 c[i].region, want[i]);
		assert_int_equal(c[i].promoted, promoted[i]);
	}
	/* the HPTE shares cell 2 with the CPU area: mixed, not shown */
	assert_true(c[2].mixed);
	assert_false(c[0].mixed);
	assert_false(c[7].mixed);
	assert_int_equal(bm_map_cell_of(c, 8, 0), 0);
	assert_int_equal(bm_map_cell_of(c, 8, 256 * MiB), 2);
	assert_int_equal(bm_map_cell_of(c, 8, 1024 * MiB - 1), 7);
	assert_int_equal(bm_map_cell_of(c, 8, 1024 * MiB), -1);
}

static void test_map_rounding(void **state)
{
	struct fa_map_entry r[2] = {
		{ FA_MAP_MEMORY, 0, 0, 600, 0, 1 },
		{ FA_MAP_HOLE, 0, 600, 400, 0, 0 },
	};
	struct bm_cell c[3];

	(void)state;
	assert_int_equal(bm_map_scale(r, 2, 3, c), 1000);
	/* boundaries round down, the last cell ends at the top */
	assert_int_equal(c[0].end, 333);
	assert_int_equal(c[1].start, 333);
	assert_int_equal(c[1].end, 666);
	assert_int_equal(c[2].end, 1000);
	/* cell 1 holds 267 bytes of memory and 66 of hole */
	assert_int_equal(c[1].region, 0);
	assert_true(c[1].mixed);
	assert_int_equal(c[2].region, 1);
	/* a single cell region is never taken by a promotion */
	r[1].kind = FA_MAP_CPU;
	r[1].start = 100;
	r[1].size = 10;
	r[0].size = 1000;
	bm_map_scale(r, 2, 1, c);
	assert_int_equal(c[0].region, 0);
	assert_false(c[0].promoted);
	/* nothing to draw */
	assert_int_equal(bm_map_scale(r, 0, 3, c), 0);
	assert_int_equal(c[0].region, -1);
}

/* A 1 TiB map: the scale works in 128 bits and never overflows. */
static void test_map_huge(void **state)
{
	struct fa_map_entry r[2] = {
		{ FA_MAP_MEMORY, 0, 0, 1ULL << 40, 0, 1 },
		{ FA_MAP_CPU, 0, (1ULL << 40) - 4096, 4096, 0, 1 },
	};
	struct bm_cell c[20];

	(void)state;
	r[0].size -= 4096;
	assert_int_equal(bm_map_scale(r, 2, 20, c), 1ULL << 40);
	assert_int_equal(c[19].region, 1);
	assert_true(c[19].promoted);
	assert_int_equal(c[10].start, (1ULL << 40) / 2);
}

/* ---- regions --------------------------------------------------------- */

static void test_regions(void **state)
{
	struct fa_map_entry hole = { FA_MAP_HOLE, 0, 0, 4096, 0, 0 };
	char name[64];

	(void)state;
	assert_int_equal(bm_region_at(layout, NLAYOUT, 0), 0);
	assert_int_equal(bm_region_at(layout, NLAYOUT, 256 * MiB + 0x40020), 2);
	assert_int_equal(bm_region_at(layout, NLAYOUT, 256 * MiB + 0x4001f), 1);
	assert_int_equal(bm_region_at(layout, NLAYOUT, 1024 * MiB), -1);
	assert_int_equal(bm_region_next(layout, NLAYOUT, 0), 1);
	assert_int_equal(bm_region_next(layout, NLAYOUT, 256 * MiB), 2);
	assert_int_equal(bm_region_next(layout, NLAYOUT, 512 * MiB + 0x51000), -1);
	assert_int_equal(bm_region_prev(layout, NLAYOUT, 256 * MiB + 5), 1);
	assert_int_equal(bm_region_prev(layout, NLAYOUT, 256 * MiB), 0);
	assert_int_equal(bm_region_prev(layout, NLAYOUT, 0), -1);
	assert_string_equal(bm_region_name(&layout[0], 0, name, sizeof(name)),
			    "boot memory 0");
	assert_string_equal(bm_region_name(&hole, 1, name, sizeof(name)),
			    "excluded pages");
	assert_string_equal(bm_region_name(&hole, 0, name, sizeof(name)),
			    "hole");
}

static void test_scroll(void **state)
{
	size_t top = 0;

	(void)state;
	assert_int_equal(bm_scroll(&top, 5, 100, 10), 5);
	assert_int_equal(top, 0);
	assert_int_equal(bm_scroll(&top, 15, 100, 10), 15);
	assert_int_equal(top, 6);
	assert_int_equal(bm_scroll(&top, 200, 100, 10), 99);
	assert_int_equal(top, 90);
	assert_int_equal(bm_scroll(&top, -3, 100, 10), 0);
	assert_int_equal(top, 0);
	top = 50;
	assert_int_equal(bm_scroll(&top, 2, 5, 10), 2);
	assert_int_equal(top, 0);
	assert_int_equal(bm_scroll(&top, 2, 0, 10), 0);
}

/* ---- page cache ------------------------------------------------------ */

static void test_cache(void **state)
{
	struct fake_mem fm = { .base = 0x1000, .size = 0x1008 };
	struct fa_mem m = fake_fa_mem(&fm);
	uint8_t buf[32], ok[32];
	struct bm_cache c;
	struct fa_err e;
	unsigned int i;

	(void)state;
	assert_fa_ok(bm_cache_init(&c, &m, 4096, &e), &e);
	assert_int_equal(bm_cache_get(&c, FA_PHYS, 0x1000, buf, ok, 16), 16);
	assert_int_equal(buf[3], (uint8_t)(0x1003 * 7));
	assert_int_equal(fm.calls, 1);
	/* the same page again: no read */
	assert_int_equal(bm_cache_get(&c, FA_PHYS, 0x1ff0, buf, ok, 16), 16);
	assert_int_equal(fm.calls, 1);
	assert_int_equal(c.misses, 1);
	/* across the end of the dump at 0x2008: 8 bytes readable */
	assert_int_equal(bm_cache_get(&c, FA_PHYS, 0x1ff8, buf, ok, 32), 16);
	for (i = 0; i < 32; i++)
		assert_int_equal(ok[i], i < 16);
	assert_int_equal(buf[15], (uint8_t)(0x2007 * 7));
	assert_int_equal(buf[16], 0);
	/* far away: one page read, nothing more (a 1 TiB dump costs a page) */
	fm.calls = 0;
	assert_int_equal(bm_cache_get(&c, FA_PHYS, 1ULL << 40, buf, ok, 16), 0);
	assert_in_range(fm.calls, 1, 2 * 4096 / 8);
	assert_int_equal(c.misses, 3);
	/* wrapping past 2^64 reads as unreadable, no crash */
	assert_int_equal(bm_cache_get(&c, FA_PHYS, UINT64_MAX - 3, buf, ok, 8), 0);
	assert_int_equal(ok[4], 0);
	/* eviction keeps at most BM_CACHE_PAGES pages */
	for (i = 0; i < 2 * BM_CACHE_PAGES; i++)
		bm_cache_get(&c, FA_PHYS, (uint64_t)i << 20, buf, ok, 1);
	assert_int_equal(c.misses, 3 + 1 + 2 * BM_CACHE_PAGES);
	bm_cache_free(&c);
	assert_fa_error(bm_cache_init(&c, &m, 1000, &e), &e, FA_EINVAL,
			"page size 1000");
}

/* ---- hex view -------------------------------------------------------- */

static void test_hex_row(void **state)
{
	uint8_t b[16] = { 'R', 'E', 'G', 'S', 'A', 'V', 'E', 0,
			  0, 0, 0, 0, 0, 0, 0, 0x10 };
	uint8_t ok[16];
	char buf[BM_HEX_ROW_MAX];

	(void)state;
	memset(ok, 1, sizeof(ok));
	assert_int_equal(bm_hex_format_row(0x14000000, 16, b, ok, buf), 75);
	assert_string_equal(buf,
		"0000000014000000: 5245 4753 4156 4500 0000 0000 0000 0010  REGSAVE.........");
	ok[14] = ok[15] = 0;
	b[1] = 0x7f;
	bm_hex_format_row(0xc000000000000000ULL, 8, b, ok, buf);
	assert_string_equal(buf, "c000000000000000: 527f 4753 4156 4500  R.GSAVE.");
	bm_hex_format_row(0, 16, b, ok, buf);
	assert_string_equal(buf + 50, "00 ----  R.GSAVE.......  ");
	assert_int_equal(bm_hex_row_width(16), 75);
	assert_int_equal(bm_hex_row_width(8), 47);
	assert_int_equal(bm_hex_byte_col(0), 18);
	assert_int_equal(bm_hex_byte_col(3), 25);
	assert_int_equal(bm_hex_ascii_col(16, 0), 59);
	assert_int_equal(buf[bm_hex_ascii_col(16, 0)], 'R');
	assert_int_equal(buf[bm_hex_byte_col(3)], '5');
}

static void test_hex_view(void **state)
{
	struct bm_hex h = { 0 };

	(void)state;
	bm_hex_layout(&h, 80, 20);
	assert_int_equal(h.bpr, 16);
	bm_hex_layout(&h, 74, 20);
	assert_int_equal(h.bpr, 8);
	bm_hex_layout(&h, 80, 20);
	bm_hex_goto(&h, FA_PHYS, 0x1234);
	assert_int_equal(h.top, 0x1230);
	/* down past the last row scrolls by a row */
	bm_hex_move(&h, 20 * 16);
	assert_int_equal(h.cursor, 0x1234 + 320);
	assert_int_equal(h.top, 0x1240);
	bm_hex_move(&h, -0x100000);
	assert_int_equal(h.cursor, 0);
	assert_int_equal(h.top, 0);
	bm_hex_move(&h, INT64_MAX);
	bm_hex_move(&h, INT64_MAX);
	bm_hex_move(&h, INT64_MAX);
	assert_int_equal(h.cursor, UINT64_MAX);
	assert_int_equal(h.top, 0 - 20 * 16ULL);
	bm_hex_goto(&h, FA_KVADDR, UINT64_MAX - 1);
	assert_int_equal(h.top, 0 - 20 * 16ULL);
	assert_int_equal(h.space, FA_KVADDR);
	/* a resize to fewer rows keeps the cursor on screen */
	bm_hex_goto(&h, FA_PHYS, 0x1000);
	bm_hex_move(&h, 19 * 16);
	bm_hex_layout(&h, 80, 5);
	assert_true(h.cursor >= h.top && h.cursor < h.top + 5 * 16);
}

/* ---- goto ------------------------------------------------------------ */

static void test_goto(void **state)
{
	static const char vmci[] = "OSRELEASE=6.10.0\n"
				   "SYMBOL(prb)=c000000002345678\n"
				   "SYMBOL(bad)=zz\n";
	struct fa_vmcoreinfo *vi;
	struct bm_goto_ctx c = { 0 };
	struct fa_err e;
	uint64_t a;
	int sp;

	(void)state;
	assert_fa_ok(fa_vmci_parse(vmci, sizeof(vmci) - 1, &vi, &e), &e);
	c.vi = vi;
	c.ppc64 = 1;
	c.space = FA_KVADDR;
	c.cur = 0x1000;
	assert_fa_ok(bm_goto_parse("0x14000000", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0x14000000);
	assert_int_equal(sp, FA_PHYS);
	assert_fa_ok(bm_goto_parse("14000000", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0x14000000);
	assert_fa_ok(bm_goto_parse(" 512M ", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0x20000000);
	assert_fa_ok(bm_goto_parse("1G+4K", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0x40001000);
	assert_fa_ok(bm_goto_parse("0xc000000000001000", &c, &sp, &a, &e), &e);
	assert_int_equal(sp, FA_KVADDR);
	assert_fa_ok(bm_goto_parse("prb", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0xc000000002345678ULL);
	assert_int_equal(sp, FA_KVADDR);
	assert_fa_ok(bm_goto_parse("SYMBOL(prb) + 0x10 - 8", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0xc000000002345680ULL);
	assert_fa_ok(bm_goto_parse("p:0xc000000000000010", &c, &sp, &a, &e), &e);
	assert_int_equal(sp, FA_PHYS);
	assert_fa_ok(bm_goto_parse("v:0x10", &c, &sp, &a, &e), &e);
	assert_int_equal(sp, FA_KVADDR);
	assert_fa_ok(bm_goto_parse("+0x10", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0x1010);
	assert_int_equal(sp, FA_KVADDR);
	assert_fa_ok(bm_goto_parse(". - 1", &c, &sp, &a, &e), &e);
	assert_int_equal(a, 0xfff);
	assert_int_equal(sp, FA_KVADDR);
	/* another machine: 0xc000... is just a number */
	c.ppc64 = 0;
	assert_fa_ok(bm_goto_parse("0xc000000000001000", &c, &sp, &a, &e), &e);
	assert_int_equal(sp, FA_PHYS);

	assert_fa_error(bm_goto_parse("", &c, &sp, &a, &e), &e, FA_EINVAL,
			"empty expression");
	assert_fa_error(bm_goto_parse("schedule", &c, &sp, &a, &e), &e,
			FA_ENOENT, "no SYMBOL(schedule) in VMCOREINFO");
	assert_fa_error(bm_goto_parse("0x", &c, &sp, &a, &e), &e, FA_EINVAL,
			"\"0x\" is not a number or a symbol name");
	assert_fa_error(bm_goto_parse("0x10000000000000000", &c, &sp, &a, &e),
			&e, FA_EINVAL, "not a 64-bit hex number");
	assert_fa_error(bm_goto_parse("0xffffffffffffffff+1", &c, &sp, &a, &e),
			&e, FA_ERANGE, "leaves the 64-bit address space");
	assert_fa_error(bm_goto_parse("-0x1001", &c, &sp, &a, &e),
			&e, FA_ERANGE, "leaves the 64-bit address space");
	assert_fa_error(bm_goto_parse("1 2", &c, &sp, &a, &e), &e, FA_EINVAL,
			"expected + or - at \"2\"");
	assert_fa_error(bm_goto_parse("0x10+", &c, &sp, &a, &e), &e, FA_EINVAL,
			"missing at the end");
	assert_fa_error(bm_goto_parse("foo%", &c, &sp, &a, &e), &e, FA_EINVAL,
			"\"foo%\" is not a number or a symbol name");
	assert_fa_error(bm_goto_parse("99999999999999999999T", &c, &sp, &a, &e),
			&e, FA_EINVAL, "not a number or a symbol name");
	c.vi = NULL;
	assert_fa_error(bm_goto_parse("prb", &c, &sp, &a, &e), &e, FA_ENOENT,
			"no VMCOREINFO");
	fa_vmci_free(vi);
}

/* ---- search ---------------------------------------------------------- */

static void test_pattern(void **state)
{
	uint8_t p[BM_PATTERN_MAX];
	char big[BM_PATTERN_MAX + 2];
	struct fa_err e;
	size_t n;

	(void)state;
	assert_fa_ok(bm_pattern_parse("x:de ad BEef", p, &n, &e), &e);
	assert_int_equal(n, 4);
	assert_memory_equal(p, "\xde\xad\xbe\xef", 4);
	assert_fa_ok(bm_pattern_parse("Linux version", p, &n, &e), &e);
	assert_int_equal(n, 13);
	assert_fa_error(bm_pattern_parse("", p, &n, &e), &e, FA_EINVAL,
			"empty pattern");
	assert_fa_error(bm_pattern_parse("x:", p, &n, &e), &e, FA_EINVAL,
			"no bytes");
	assert_fa_error(bm_pattern_parse("x:dea", p, &n, &e), &e, FA_EINVAL,
			"\"a\" at column 5 is not a hex byte");
	assert_fa_error(bm_pattern_parse("x:zz", p, &n, &e), &e, FA_EINVAL,
			"\"zz\" at column 3");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_fa_error(bm_pattern_parse(big, p, &n, &e), &e, FA_EINVAL,
			"pattern of 257 bytes, at most 256");
}

static void test_spans(void **state)
{
	struct fa_dump_range r[4] = {
		{ .paddr = 0, .size = 0x1000 },
		{ .paddr = 0x1000, .size = 0x1000 },
		{ .paddr = 0x3000, .size = 0 },
		{ .paddr = 0x5000, .size = 0x10 },
	};
	struct bm_span *s;

	(void)state;
	assert_int_equal(bm_spans_from_ranges(r, 4, &s), 2);
	assert_int_equal(s[0].start, 0);
	assert_int_equal(s[0].end, 0x2000);
	assert_int_equal(s[1].start, 0x5000);
	assert_int_equal(s[1].end, 0x5010);
	free(s);
}

static int run_search(struct bm_search *s, const struct fa_mem *m,
		      uint64_t budget, unsigned int *steps)
{
	int st;

	*steps = 0;
	do {
		st = bm_search_step(s, m, budget);
		(*steps)++;
	} while (st == BM_SEARCH_RUNNING && *steps < 100000);
	return st;
}

static void test_search(void **state)
{
	const size_t size = 2 * BM_SEARCH_CHUNK + 4096;
	struct fake_mem fm = { .base = 0x100000, .size = size };
	struct fa_mem m = fake_fa_mem(&fm);
	struct bm_span spans[2] = {
		{ 0x100000, 0x100000 + 2 * BM_SEARCH_CHUNK + 4096 },
		{ 0x900000, 0x900000 },		/* empty span */
	};
	const uint8_t pat[] = "FADMPSIG";
	struct bm_search s = { 0 };
	unsigned int steps;
	struct fa_err e;
	uint64_t at;

	(void)state;
	fm.data = calloc(1, size);
	assert_non_null(fm.data);
	/* across the first chunk boundary (and a 4K page boundary) */
	at = BM_SEARCH_CHUNK - 3;
	memcpy(fm.data + at, pat, 8);
	/* the very end of the span */
	memcpy(fm.data + size - 8, pat, 8);

	assert_fa_ok(bm_search_start(&s, pat, 8, spans, 2, 0, &e), &e);
	assert_int_equal(s.total, size);
	assert_int_equal(run_search(&s, &m, 4096, &steps), BM_SEARCH_FOUND);
	assert_int_equal(s.match, 0x100000 + at);
	assert_true(s.done <= s.total);
	/* next from the match + 1: the one at the end, over several steps */
	assert_fa_ok(bm_search_start(&s, pat, 8, spans, 2, s.match + 1, &e), &e);
	assert_int_equal(run_search(&s, &m, 1, &steps), BM_SEARCH_FOUND);
	assert_int_equal(s.match, 0x100000 + size - 8);
	assert_true(steps >= 2);
	/* past it: not found, every byte examined */
	assert_fa_ok(bm_search_start(&s, pat, 8, spans, 2, s.match + 1, &e), &e);
	assert_int_equal(run_search(&s, &m, 1 << 20, &steps), BM_SEARCH_NOT_FOUND);
	assert_int_equal(s.done, s.total);
	/* a span the memory cannot read is skipped and counted */
	spans[1].end = 0x900000 + 64;
	assert_fa_ok(bm_search_start(&s, pat, 8, spans, 2, 0x900000, &e), &e);
	assert_int_equal(run_search(&s, &m, 1 << 20, &steps), BM_SEARCH_NOT_FOUND);
	assert_int_equal(s.unreadable, 1);
	/* a pattern split between two spans that are not adjacent is no match */
	memcpy(fm.data + 0xffc, "FADM", 4);
	memcpy(fm.data + 0x1010, "PSIG", 4);
	spans[0].end = 0x101000;
	spans[1].start = 0x101010;
	spans[1].end = 0x102000;
	assert_fa_ok(bm_search_start(&s, pat, 8, spans, 2, 0, &e), &e);
	assert_int_equal(run_search(&s, &m, 1 << 20, &steps), BM_SEARCH_NOT_FOUND);
	memcpy(fm.data + 0x1000, "PSIG", 4);	/* one span, adjacent: found */
	spans[0].end = 0x102000;
	assert_fa_ok(bm_search_start(&s, pat, 8, spans, 1, 0, &e), &e);
	assert_int_equal(run_search(&s, &m, 1 << 20, &steps), BM_SEARCH_FOUND);
	assert_int_equal(s.match, 0x100ffc);
	assert_fa_error(bm_search_start(&s, pat, 0, spans, 2, 0, &e), &e,
			FA_EINVAL, "pattern of 0 bytes");
	bm_search_free(&s);
	assert_int_equal(s.state, BM_SEARCH_IDLE);
	free(fm.data);
}

/* ---- text ------------------------------------------------------------ */

static void test_text(void **state)
{
	static const char txt[] = "OSRELEASE=6.10\nPAGESIZE=65536\n\tKERNEL\x01panic\n";
	struct bm_text t = { 0 };
	struct fa_err e;

	(void)state;
	assert_fa_ok(bm_text_set(&t, txt, sizeof(txt) - 1, &e), &e);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.line[2], " KERNEL.panic");
	assert_int_equal(bm_text_find(&t, "pagesize", 0, 1), 1);
	assert_int_equal(bm_text_find(&t, "osrelease", 1, 1), 0);	/* wraps */
	assert_int_equal(bm_text_find(&t, "=", 2, -1), 1);
	assert_int_equal(bm_text_find(&t, "nothing", 0, 1), -1);
	assert_fa_ok(bm_text_set(&t, "", 0, &e), &e);
	assert_int_equal(t.n, 0);
	assert_int_equal(bm_text_find(&t, "x", 0, 1), -1);
	bm_text_free(&t);
}

static void test_thread_order(void **state)
{
	struct fa_cs_thread th[4];
	struct fa_cpustate cs;
	size_t order[4];

	(void)state;
	fa_cpustate_init(&cs);
	memset(th, 0, sizeof(th));
	cs.threads = th;
	cs.nthreads = 4;
	cs.crashing = 2;
	bm_thread_order(&cs, order);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 0);
	assert_int_equal(order[2], 1);
	assert_int_equal(order[3], 3);
	cs.crashing = -1;
	bm_thread_order(&cs, order);
	assert_int_equal(order[0], 0);
	assert_int_equal(order[3], 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_scale),
		cmocka_unit_test(test_map_rounding),
		cmocka_unit_test(test_map_huge),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_hex_row),
		cmocka_unit_test(test_hex_view),
		cmocka_unit_test(test_goto),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_thread_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
