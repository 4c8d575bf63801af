/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * browse_model.h - everything `fadump-analyze browse` knows that is not
 * drawing or key reading: the to-scale memory map, the region list's
 * navigation, the hex view's geometry and page cache, goto expressions,
 * the byte/string search that runs in bounded steps, text panes and the
 * order threads are shown in.  No curses, no printing: browse.c draws
 * what these compute, and the unit tests drive them directly.
 */
#ifndef FA_BROWSE_MODEL_H
#define FA_BROWSE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "cpustate.h"
#include "fa_err.h"
#include "fa_mem.h"
#include "regions.h"
#include "vmcoreinfo.h"

/* ---- the to-scale map ---------------------------------------------- */

struct bm_cell {
	uint64_t start;		/* first byte the cell stands for */
	uint64_t end;		/* one past the last byte */
	long region;		/* index of the region shown, -1 none */
	int mixed;		/* more than one region lies in the cell */
	int promoted;		/* shown although it does not dominate */
};

/*
 * bm_map_scale() - divide [0, top) (top: the end of the highest region)
 * into @ncells equal cells (boundaries rounded down, the last cell ends at
 * top) and give each the region covering most of its bytes (ties: the
 * lower index).  A firmware section too small to own a cell takes over the
 * cell holding its start when that cell's region keeps another cell, so
 * that no part of the reserved area vanishes from the map.  @r holds @n
 * regions (any order, may overlap); @out gets @ncells cells.  Returns the
 * top address (0 when there is nothing to draw).
 */
uint64_t bm_map_scale(const struct fa_map_entry *r, size_t n,
		      unsigned int ncells, struct bm_cell *out);

/* bm_map_cell_of() - the cell of @out (@ncells) that holds @addr, or -1. */
long bm_map_cell_of(const struct bm_cell *out, unsigned int ncells,
		    uint64_t addr);

/* ---- regions --------------------------------------------------------- */

/*
 * bm_region_name() - how the browser names @r: the map's kind name, with
 * the boot region number, and "excluded pages" for the holes of a
 * kdump-compressed dump (@kdump != 0), whose gaps are pages makedumpfile
 * left out.  Writes at most @size bytes to @buf and returns it.
 */
char *bm_region_name(const struct fa_map_entry *r, int kdump, char *buf,
		     size_t size);

/*
 * bm_region_at() - index of the region that holds @addr (the smallest when
 * several do: a section inside a larger one), or -1.
 */
long bm_region_at(const struct fa_map_entry *r, size_t n, uint64_t addr);

/*
 * bm_region_next() / bm_region_prev() - the region starting closest above
 * / below @addr among @r (which must be sorted by start: fa_map_build's
 * order is, except for boot regions, whose start is their source), or -1.
 */
long bm_region_next(const struct fa_map_entry *r, size_t n, uint64_t addr);
long bm_region_prev(const struct fa_map_entry *r, size_t n, uint64_t addr);

/* ---- scrolling lists ------------------------------------------------- */

/*
 * bm_scroll() - keep @sel (clamped to [0, n)) visible in a window of @rows
 * lines starting at *@top; returns the clamped selection.
 */
size_t bm_scroll(size_t *top, long sel, size_t n, size_t rows);

/* ---- memory reader and page cache ------------------------------------ */

#define BM_CACHE_PAGES	64

struct bm_page {
	int used;
	int space;		/* FA_PHYS / FA_KVADDR */
	uint64_t addr;		/* page-aligned */
	uint64_t tick;		/* last use, for eviction */
	uint8_t *data;
	uint8_t *valid;		/* one bit per byte: readable */
};

/*
 * A small cache of pages read through @mem (borrowed), so that the hex
 * view reads a page when it is shown and not again while it stays near.
 * A page that cannot be read whole is read again in pieces; what still
 * fails is marked unreadable byte by byte (a hole, an excluded page).
 */
struct bm_cache {
	const struct fa_mem *mem;
	uint32_t page_size;
	struct bm_page pages[BM_CACHE_PAGES];
	uint64_t tick;
	uint64_t reads;		/* calls of mem->read, for the tests */
	uint64_t misses;
};

/* bm_cache_init() - an empty cache over @mem with @page_size (pow2). */
int bm_cache_init(struct bm_cache *c, const struct fa_mem *mem,
		  uint32_t page_size, struct fa_err *e);
void bm_cache_free(struct bm_cache *c);
/* bm_cache_flush() - forget every page (after a resize, a goto, ...). */
void bm_cache_flush(struct bm_cache *c);

/*
 * bm_cache_get() - copy @len bytes at @addr of @space into @buf and their
 * readability into @ok (1 byte per byte: 1 readable, 0 not).  Returns the
 * number of readable bytes.  An address range that wraps past 2^64 reads
 * as unreadable.
 */
size_t bm_cache_get(struct bm_cache *c, int space, uint64_t addr,
		    uint8_t *buf, uint8_t *ok, size_t len);

/* ---- hex view ---------------------------------------------------------- */

/*
 * The hex view: rows of "ADDRESS: 0011 2233 ... ASCII" (xxd's grouping),
 * 16 bytes a row when the width allows (75 columns), else 8.
 */
struct bm_hex {
	int space;		/* FA_PHYS / FA_KVADDR */
	uint64_t top;		/* first address shown, a multiple of bpr */
	uint64_t cursor;	/* the byte under the cursor */
	unsigned int bpr;	/* bytes per row */
	unsigned int rows;	/* rows shown */
};

#define BM_HEX_ROW_MAX	128

/* bm_hex_row_width() - columns a row of @bpr bytes needs. */
unsigned int bm_hex_row_width(unsigned int bpr);

/*
 * bm_hex_layout() - fit the view to @cols x @rows (rows >= 1) and scroll
 * so that the cursor stays visible.
 */
void bm_hex_layout(struct bm_hex *h, unsigned int cols, unsigned int rows);

/*
 * bm_hex_move() - move the cursor by @delta bytes, stopping at 0 and at
 * the top of the address space instead of wrapping; scrolls with it.
 */
void bm_hex_move(struct bm_hex *h, int64_t delta);

/* bm_hex_goto() - put the cursor on @addr of @space, its row on top. */
void bm_hex_goto(struct bm_hex *h, int space, uint64_t addr);

/*
 * bm_hex_format_row() - the text of the row at @addr: @bpr bytes from
 * @bytes, those whose @ok is 0 shown as "--" and a blank.  Writes into
 * @buf (at least BM_HEX_ROW_MAX bytes) and returns its length.
 */
size_t bm_hex_format_row(uint64_t addr, unsigned int bpr,
			 const uint8_t *bytes, const uint8_t *ok, char *buf);

/* bm_hex_byte_col() - column of byte @i's first hex digit in a row. */
unsigned int bm_hex_byte_col(unsigned int i);
/* bm_hex_ascii_col() - column of byte @i's character in a row of @bpr. */
unsigned int bm_hex_ascii_col(unsigned int bpr, unsigned int i);

/* ---- goto expressions ------------------------------------------------ */

struct bm_goto_ctx {
	const struct fa_vmcoreinfo *vi;	/* SYMBOL() names; may be NULL */
	int ppc64;		/* 0xc000... means a kernel virtual address */
	int space;		/* the view's space, for "." and "+N" */
	uint64_t cur;		/* the cursor, for "." and "+N" */
};

/*
 * bm_goto_parse() - evaluate a goto expression:
 *     [p:|v:] TERM { (+|-) TERM }      or  (+|-) TERM ...  (from the cursor)
 * TERM is a number (hex, "0x" optional; or decimal with a K/M/G/T suffix:
 * "512M"), a VMCOREINFO symbol ("prb", "SYMBOL(prb)") or "." (the cursor).
 * The space is p: physical or v: kernel virtual when given; else virtual
 * when the first term is a symbol or (ppc64) at or above 0xc000000000000000;
 * else physical (relative expressions keep the view's space).  Returns 0
 * with *@space and *@addr set, FA_EINVAL (syntax, naming the text),
 * FA_ENOENT (unknown symbol) or FA_ERANGE (the sum leaves 64 bits).
 */
int bm_goto_parse(const char *expr, const struct bm_goto_ctx *c, int *space,
		  uint64_t *addr, struct fa_err *e);

/* ---- search ---------------------------------------------------------- */

#define BM_PATTERN_MAX	256

/*
 * bm_pattern_parse() - a search text: "x:DE AD be ef" (hex bytes, spaces
 * free) or any other text searched as its bytes.  Returns 0 with @pat and
 * *@len set, or FA_EINVAL (empty, odd or bad hex digits, over
 * BM_PATTERN_MAX bytes).
 */
int bm_pattern_parse(const char *text, uint8_t pat[BM_PATTERN_MAX],
		     size_t *len, struct fa_err *e);

/* One stretch of memory the search covers (adjacent dump ranges joined). */
struct bm_span {
	uint64_t start;
	uint64_t end;		/* one past the last byte */
};

/*
 * bm_spans_from_ranges() - join the dump's @n ranges (sorted by paddr)
 * into spans, adjacent or overlapping ones merged.  *@out is malloc'd;
 * returns the count, or (size_t)-1 when memory runs out.
 */
size_t bm_spans_from_ranges(const struct fa_dump_range *r, size_t n,
			    struct bm_span **out);

enum bm_search_state {
	BM_SEARCH_IDLE = 0,
	BM_SEARCH_RUNNING,
	BM_SEARCH_FOUND,
	BM_SEARCH_NOT_FOUND,
	BM_SEARCH_CANCELLED,
};

#define BM_SEARCH_CHUNK	(256u << 10)

/*
 * A forward search through physical memory that works in steps: each
 * bm_search_step() reads at most about @budget bytes, so the UI polls the
 * keyboard between steps.  Chunks overlap by the pattern's length less
 * one, so a match across a chunk or page boundary is found.  A chunk that
 * cannot be read is skipped and counted.
 */
struct bm_search {
	uint8_t pat[BM_PATTERN_MAX];
	size_t len;
	const struct bm_span *spans;	/* borrowed */
	size_t nspans;
	size_t si;			/* current span */
	uint64_t pos;			/* next match start to examine */
	uint64_t done, total;		/* bytes examined / to examine */
	uint64_t match;			/* valid in BM_SEARCH_FOUND */
	uint64_t unreadable;		/* chunks skipped */
	int state;			/* enum bm_search_state */
	uint8_t *buf;			/* BM_SEARCH_CHUNK + BM_PATTERN_MAX */
};

/*
 * bm_search_start() - search for @pat (@len bytes) in @spans from @from
 * (inclusive) to the end of the last span.  Returns 0 or FA_ENOMEM.
 */
int bm_search_start(struct bm_search *s, const uint8_t *pat, size_t len,
		    const struct bm_span *spans, size_t nspans, uint64_t from,
		    struct fa_err *e);

/*
 * bm_search_step() - examine about @budget more bytes through @mem
 * (FA_PHYS).  Returns the new state: RUNNING (call again), FOUND (s->match),
 * NOT_FOUND.
 */
int bm_search_step(struct bm_search *s, const struct fa_mem *mem,
		   uint64_t budget);

/* bm_search_free() - release the buffer; the state becomes IDLE. */
void bm_search_free(struct bm_search *s);

/* ---- text panes (VMCOREINFO, kernel log, help) ----------------------- */

struct bm_text {
	char *buf;		/* owned: the text, lines NUL-separated */
	char **line;		/* owned: n pointers into buf */
	size_t n;
};

/*
 * bm_text_set() - split @len bytes of @text into lines (a final "\n" does
 * not add an empty line; tabs become spaces; other control bytes '.').
 * Replaces what @t held.  Returns 0 or FA_ENOMEM.
 */
int bm_text_set(struct bm_text *t, const char *text, size_t len,
		struct fa_err *e);
void bm_text_free(struct bm_text *t);

/*
 * bm_text_find() - the first line at or after @from (@dir 1) or at or
 * before it (@dir -1) that contains @pat, ignoring case; wraps around
 * once.  Returns the line, or -1.
 */
long bm_text_find(const struct bm_text *t, const char *pat, long from,
		  int dir);

/* ---- registers ------------------------------------------------------- */

/*
 * bm_thread_order() - the order threads are listed in: the crashing
 * thread first, then the others in firmware order.  Fills @order with
 * cs->nthreads indexes.
 */
void bm_thread_order(const struct fa_cpustate *cs, size_t *order);

#endif /* FA_BROWSE_MODEL_H */
