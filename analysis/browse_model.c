// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * browse_model.c - the browser's model: map scale, regions, hex view,
 * page cache, goto, search, text panes, thread order.  See browse_model.h.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse_model.h"

/* ---- the to-scale map ---------------------------------------------- */

static uint64_t region_end(const struct fa_map_entry *r)
{
	if (r->start + r->size < r->start)
		return UINT64_MAX;
	return r->start + r->size;
}

static uint64_t overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
	uint64_t lo = a0 > b0 ? a0 : b0;
	uint64_t hi = a1 < b1 ? a1 : b1;

	return hi > lo ? hi - lo : 0;
}

/* The region covering most of [c->start, c->end); marks mixed cells. */
static void cell_owner(const struct fa_map_entry *r, size_t n,
		       struct bm_cell *c)
{
	uint64_t best = 0, o;
	unsigned int seen = 0;
	size_t j;

	c->region = -1;
	for (j = 0; j < n; j++) {
		o = overlap(c->start, c->end, r[j].start, region_end(&r[j]));
		if (!o)
			continue;
		seen++;
		if (o > best) {
			best = o;
			c->region = (long)j;
		}
	}
	c->mixed = seen > 1;
}

/* Firmware sections and boot memory must not vanish; memory and holes may. */
static int must_show(const struct fa_map_entry *r)
{
	return r->kind != FA_MAP_MEMORY && r->kind != FA_MAP_HOLE &&
	       r->size != 0;
}

static unsigned int cells_owned(const struct bm_cell *out, unsigned int ncells,
				long region)
{
	unsigned int i, k = 0;

	for (i = 0; i < ncells; i++)
		k += out[i].region == region;
	return k;
}

static void promote_small(const struct fa_map_entry *r, size_t n,
			  unsigned int ncells, struct bm_cell *out)
{
	long c, owner;
	size_t j;

	for (j = 0; j < n; j++) {
		if (!must_show(&r[j]) || cells_owned(out, ncells, (long)j))
			continue;
		c = bm_map_cell_of(out, ncells, r[j].start);
		if (c < 0)
			continue;
		owner = out[c].region;
		if (owner >= 0 && cells_owned(out, ncells, owner) < 2)
			continue;
		out[c].region = (long)j;
		out[c].promoted = 1;
	}
}

uint64_t bm_map_scale(const struct fa_map_entry *r, size_t n,
		      unsigned int ncells, struct bm_cell *out)
{
	uint64_t top = 0;
	unsigned int i;
	size_t j;

	for (j = 0; j < n; j++)
		if (r[j].size && region_end(&r[j]) > top)
			top = region_end(&r[j]);
	for (i = 0; i < ncells; i++) {
		struct bm_cell *c = &out[i];

		memset(c, 0, sizeof(*c));
		c->start = (uint64_t)((unsigned __int128)top * i / ncells);
		c->end = i + 1 == ncells ? top :
			 (uint64_t)((unsigned __int128)top * (i + 1) / ncells);
		cell_owner(r, n, c);
	}
	if (top)
		promote_small(r, n, ncells, out);
	return top;
}

long bm_map_cell_of(const struct bm_cell *out, unsigned int ncells,
		    uint64_t addr)
{
	unsigned int lo = 0, hi = ncells, mid;

	if (!ncells || addr >= out[ncells - 1].end)
		return -1;
	/* Cells ascend; find the last one starting at or below addr. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (out[mid].start <= addr)
			lo = mid;
		else
			hi = mid;
	}
	while (lo + 1 < ncells && out[lo].end <= addr)
		lo++;
	return addr >= out[lo].start && addr < out[lo].end ? (long)lo : -1;
}

/* ---- regions --------------------------------------------------------- */

char *bm_region_name(const struct fa_map_entry *r, int kdump, char *buf,
		     size_t size)
{
	if (r->kind == FA_MAP_HOLE && kdump)
		snprintf(buf, size, "excluded pages");
	else if (r->kind == FA_MAP_BOOT)
		snprintf(buf, size, "%s %u", fa_map_kind_name(r->kind),
			 r->index);
	else
		snprintf(buf, size, "%s", fa_map_kind_name(r->kind));
	return buf;
}

long bm_region_at(const struct fa_map_entry *r, size_t n, uint64_t addr)
{
	long best = -1;
	size_t j;

	for (j = 0; j < n; j++) {
		if (addr < r[j].start || addr >= region_end(&r[j]))
			continue;
		if (best < 0 || r[j].size < r[best].size)
			best = (long)j;
	}
	return best;
}

/* The region whose start is nearest to @addr above (@dir 1) or below (-1). */
static long region_step(const struct fa_map_entry *r, size_t n, uint64_t addr,
			int dir)
{
	long best = -1;
	size_t j;

	for (j = 0; j < n; j++) {
		if (!r[j].size || r[j].start == addr ||
		    (r[j].start > addr) != (dir > 0))
			continue;
		if (best < 0 || (r[j].start < r[best].start) == (dir > 0))
			best = (long)j;
	}
	return best;
}

long bm_region_next(const struct fa_map_entry *r, size_t n, uint64_t addr)
{
	return region_step(r, n, addr, 1);
}

long bm_region_prev(const struct fa_map_entry *r, size_t n, uint64_t addr)
{
	return region_step(r, n, addr, -1);
}

/* ---- scrolling lists ------------------------------------------------- */

size_t bm_scroll(size_t *top, long sel, size_t n, size_t rows)
{
	size_t s;

	if (!n) {
		*top = 0;
		return 0;
	}
	if (!rows)
		rows = 1;
	s = sel < 0 ? 0 : (size_t)sel >= n ? n - 1 : (size_t)sel;
	if (s < *top)
		*top = s;
	if (s >= *top + rows)
		*top = s - rows + 1;
	if (n > rows && *top > n - rows)
		*top = n - rows;
	if (n <= rows)
		*top = 0;
	return s;
}

/* ---- page cache ------------------------------------------------------ */

int bm_cache_init(struct bm_cache *c, const struct fa_mem *mem,
		  uint32_t page_size, struct fa_err *e)
{
	memset(c, 0, sizeof(*c));
	if (page_size < 64 || (page_size & (page_size - 1)) ||
	    page_size > (1u << 24))
		return fa_err_set(e, FA_EINVAL,
				  "page cache: page size %u is not a power of two in 64..16M",
				  page_size);
	c->mem = mem;
	c->page_size = page_size;
	return 0;
}

void bm_cache_flush(struct bm_cache *c)
{
	unsigned int i;

	for (i = 0; i < BM_CACHE_PAGES; i++)
		c->pages[i].used = 0;
}

void bm_cache_free(struct bm_cache *c)
{
	unsigned int i;

	for (i = 0; i < BM_CACHE_PAGES; i++) {
		free(c->pages[i].data);
		free(c->pages[i].valid);
		c->pages[i].data = c->pages[i].valid = NULL;
		c->pages[i].used = 0;
	}
}

static void mark_valid(struct bm_page *p, size_t off, size_t len)
{
	size_t i;

	for (i = off; i < off + len; i++)
		p->valid[i / 8] |= (uint8_t)(1u << (i % 8));
}

/*
 * Read [off, off + len) of the page; on failure split in halves down to 8
 * bytes, so that a page a range ends in shows what the dump holds of it.
 */
static void load_piece(struct bm_cache *c, struct bm_page *p, size_t off,
		       size_t len)
{
	struct fa_err e;

	c->reads++;
	if (!c->mem->read(c->mem->ctx, p->space, p->addr + off, p->data + off,
			  len, &e)) {
		mark_valid(p, off, len);
		return;
	}
	memset(p->data + off, 0, len);
	if (len <= 8)
		return;
	load_piece(c, p, off, len / 2);
	load_piece(c, p, off + len / 2, len - len / 2);
}

static struct bm_page *cache_page(struct bm_cache *c, int space, uint64_t pg)
{
	struct bm_page *p, *victim = &c->pages[0];
	unsigned int i;

	c->tick++;
	for (i = 0; i < BM_CACHE_PAGES; i++) {
		p = &c->pages[i];
		if (p->used && p->space == space && p->addr == pg) {
			p->tick = c->tick;
			return p;
		}
		if (!p->used || (victim->used && p->tick < victim->tick))
			victim = p;
	}
	p = victim;
	if (!p->data) {
		p->data = malloc(c->page_size);
		p->valid = malloc(c->page_size / 8);
		if (!p->data || !p->valid)
			return NULL;
	}
	c->misses++;
	p->used = 1;
	p->space = space;
	p->addr = pg;
	p->tick = c->tick;
	memset(p->valid, 0, c->page_size / 8);
	load_piece(c, p, 0, c->page_size);
	return p;
}

size_t bm_cache_get(struct bm_cache *c, int space, uint64_t addr,
		    uint8_t *buf, uint8_t *ok, size_t len)
{
	size_t i = 0, n, off, k, good = 0;
	struct bm_page *p;
	uint64_t a;

	memset(buf, 0, len);
	memset(ok, 0, len);
	while (i < len) {
		a = addr + i;
		if (a < addr)
			break;		/* wrapped past 2^64: unreadable */
		off = (size_t)(a & (c->page_size - 1));
		n = c->page_size - off;
		if (n > len - i)
			n = len - i;
		p = cache_page(c, space, a - off);
		for (k = 0; p && k < n; k++) {
			if (!(p->valid[(off + k) / 8] & (1u << ((off + k) % 8))))
				continue;
			buf[i + k] = p->data[off + k];
			ok[i + k] = 1;
			good++;
		}
		i += n;
	}
	return good;
}

/* ---- hex view ---------------------------------------------------------- */

#define HEX_ADDR_COLS	18	/* "%016llx: " */

unsigned int bm_hex_row_width(unsigned int bpr)
{
	return HEX_ADDR_COLS + (bpr / 2) * 5 - 1 + 2 + bpr;
}

unsigned int bm_hex_byte_col(unsigned int i)
{
	return HEX_ADDR_COLS + (i / 2) * 5 + (i % 2) * 2;
}

unsigned int bm_hex_ascii_col(unsigned int bpr, unsigned int i)
{
	return bm_hex_row_width(bpr) - bpr + i;
}

/* Highest row start that still leaves @rows rows below 2^64. */
static uint64_t max_top(const struct bm_hex *h)
{
	return (uint64_t)0 - (uint64_t)h->rows * h->bpr;
}

static void hex_scroll(struct bm_hex *h)
{
	uint64_t row = h->cursor - h->cursor % h->bpr;
	uint64_t span = (uint64_t)h->rows * h->bpr;

	h->top -= h->top % h->bpr;
	if (row < h->top)
		h->top = row;
	else if (row - h->top >= span)
		h->top = row - (span - h->bpr);
	if (h->top > max_top(h))
		h->top = max_top(h);
}

void bm_hex_layout(struct bm_hex *h, unsigned int cols, unsigned int rows)
{
	h->bpr = cols >= bm_hex_row_width(16) ? 16 : 8;
	h->rows = rows ? rows : 1;
	hex_scroll(h);
}

void bm_hex_move(struct bm_hex *h, int64_t delta)
{
	if (delta < 0) {
		uint64_t back = (uint64_t)0 - (uint64_t)delta;

		h->cursor = back > h->cursor ? 0 : h->cursor - back;
	} else if ((uint64_t)delta > UINT64_MAX - h->cursor) {
		h->cursor = UINT64_MAX;
	} else {
		h->cursor += (uint64_t)delta;
	}
	hex_scroll(h);
}

void bm_hex_goto(struct bm_hex *h, int space, uint64_t addr)
{
	if (!h->bpr)
		h->bpr = 16;
	if (!h->rows)
		h->rows = 1;
	h->space = space;
	h->cursor = addr;
	h->top = addr - addr % h->bpr;
	if (h->top > max_top(h))
		h->top = max_top(h);
}

size_t bm_hex_format_row(uint64_t addr, unsigned int bpr,
			 const uint8_t *bytes, const uint8_t *ok, char *buf)
{
	static const char hexd[] = "0123456789abcdef";
	unsigned int i;
	size_t n;

	if (bpr > 16)
		bpr = 16;
	n = (size_t)snprintf(buf, BM_HEX_ROW_MAX, "%016" PRIx64 ": ", addr);
	for (i = 0; i < bpr; i++) {
		buf[n++] = ok[i] ? hexd[bytes[i] >> 4] : '-';
		buf[n++] = ok[i] ? hexd[bytes[i] & 15] : '-';
		if (i % 2 && i + 1 < bpr)
			buf[n++] = ' ';
	}
	buf[n++] = ' ';
	buf[n++] = ' ';
	for (i = 0; i < bpr; i++)
		buf[n++] = !ok[i] ? ' ' :
			   bytes[i] >= 0x20 && bytes[i] < 0x7f ? (char)bytes[i] :
			   '.';
	buf[n] = '\0';
	return n;
}

/* ---- goto expressions ------------------------------------------------ */

static int add_checked(uint64_t a, uint64_t b, int neg, uint64_t *out)
{
	if (neg) {
		if (b > a)
			return -1;
		*out = a - b;
		return 0;
	}
	if (b > UINT64_MAX - a)
		return -1;
	*out = a + b;
	return 0;
}

static int parse_hex(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;
	int d;

	if (!len || len > 16)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return -1;
		d = isdigit((unsigned char)s[i]) ? s[i] - '0' :
		    tolower((unsigned char)s[i]) - 'a' + 10;
		x = x << 4 | (uint64_t)d;
	}
	*v = x;
	return 0;
}

/* "512M": decimal digits and one of K M G T (binary units). */
static int parse_sized(const char *s, size_t len, uint64_t *v)
{
	static const char units[] = "KMGT";
	const char *u;
	uint64_t x = 0;
	size_t i;
	int shift;

	if (len < 2)
		return -1;
	u = strchr(units, toupper((unsigned char)s[len - 1]));
	if (!u || !*u)
		return -1;
	shift = 10 * (int)(u - units + 1);
	for (i = 0; i + 1 < len; i++) {
		if (!isdigit((unsigned char)s[i]) ||
		    x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	if (x > (UINT64_MAX >> shift))
		return -1;
	*v = x << shift;
	return 0;
}

static int is_ident(const char *s, size_t len)
{
	size_t i;

	if (!len || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

static int lookup_symbol(const struct bm_goto_ctx *c, const char *s,
			 size_t len, uint64_t *v, struct fa_err *e)
{
	char name[128];

	if (len >= sizeof(name) || !is_ident(s, len))
		return fa_err_set(e, FA_EINVAL,
				  "goto: \"%.*s\" is not a number or a symbol name",
				  (int)len, s);
	memcpy(name, s, len);
	name[len] = '\0';
	if (!c->vi)
		return fa_err_set(e, FA_ENOENT,
				  "goto: no VMCOREINFO, so no symbol \"%s\"",
				  name);
	if (fa_vmci_symbol(c->vi, name, v))
		return fa_err_set(e, FA_ENOENT,
				  "goto: no SYMBOL(%s) in VMCOREINFO", name);
	return 0;
}

/* One term at *@p; *@sym: 0 a number, 1 a symbol, 2 the cursor. */
static int goto_term(const char **p, const struct bm_goto_ctx *c,
		     uint64_t *v, int *sym, struct fa_err *e)
{
	const char *s = *p;
	size_t len;

	*sym = 0;
	while (*s == ' ')
		s++;
	len = strcspn(s, "+- \t");
	*p = s + len;
	if (!len)
		return fa_err_set(e, FA_EINVAL, "goto: a number or a symbol is missing%s%s",
				  *s ? " before " : " at the end",
				  *s ? s : "");
	if (len == 1 && s[0] == '.') {
		*v = c->cur;
		*sym = 2;
		return 0;
	}
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (parse_hex(s + 2, len - 2, v))
			return fa_err_set(e, FA_EINVAL,
					  "goto: \"%.*s\" is not a 64-bit hex number",
					  (int)len, s);
		return 0;
	}
	if (len > 8 && !strncmp(s, "SYMBOL(", 7) && s[len - 1] == ')') {
		*sym = 1;
		return lookup_symbol(c, s + 7, len - 8, v, e);
	}
	if (!parse_hex(s, len, v) || !parse_sized(s, len, v))
		return 0;
	*sym = 1;
	return lookup_symbol(c, s, len, v, e);
}

int bm_goto_parse(const char *expr, const struct bm_goto_ctx *c, int *space,
		  uint64_t *addr, struct fa_err *e)
{
	const char *p = expr;
	int forced = -1, sym = 0, neg, ret;
	uint64_t v, t;

	while (*p == ' ')
		p++;
	if (!strncmp(p, "p:", 2) || !strncmp(p, "v:", 2)) {
		forced = *p == 'p' ? FA_PHYS : FA_KVADDR;
		p += 2;
	}
	while (*p == ' ')
		p++;
	if (!*p)
		return fa_err_set(e, FA_EINVAL, "goto: empty expression");
	if (*p == '+' || *p == '-') {
		v = c->cur;
		*space = c->space;
	} else {
		ret = goto_term(&p, c, &v, &sym, e);
		if (ret)
			return ret;
		if (sym == 1)
			*space = FA_KVADDR;
		else if (sym == 2)
			*space = c->space;
		else
			*space = c->ppc64 && v >= FA_PPC64_PAGE_OFFSET ?
				 FA_KVADDR : FA_PHYS;
	}
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p != '+' && *p != '-')
			return fa_err_set(e, FA_EINVAL,
					  "goto: expected + or - at \"%s\"", p);
		neg = *p++ == '-';
		ret = goto_term(&p, c, &t, &sym, e);
		if (ret)
			return ret;
		if (add_checked(v, t, neg, &v))
			return fa_err_set(e, FA_ERANGE,
					  "goto: \"%s\" leaves the 64-bit address space",
					  expr);
	}
	if (forced >= 0)
		*space = forced;
	*addr = v;
	return 0;
}

/* ---- search ---------------------------------------------------------- */

int bm_pattern_parse(const char *text, uint8_t pat[BM_PATTERN_MAX],
		     size_t *len, struct fa_err *e)
{
	const char *s;
	size_t n = 0;
	uint64_t v;

	if (strncmp(text, "x:", 2)) {
		n = strlen(text);
		if (!n)
			return fa_err_set(e, FA_EINVAL, "search: empty pattern");
		if (n > BM_PATTERN_MAX)
			return fa_err_set(e, FA_EINVAL,
					  "search: pattern of %zu bytes, at most %u",
					  n, BM_PATTERN_MAX);
		memcpy(pat, text, n);
		*len = n;
		return 0;
	}
	for (s = text + 2; *s; ) {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (parse_hex(s, 2, &v))
			return fa_err_set(e, FA_EINVAL,
					  "search: \"%.2s\" at column %zu is not a hex byte",
					  s, (size_t)(s - text) + 1);
		if (n == BM_PATTERN_MAX)
			return fa_err_set(e, FA_EINVAL,
					  "search: more than %u bytes",
					  BM_PATTERN_MAX);
		pat[n++] = (uint8_t)v;
		s += 2;
	}
	if (!n)
		return fa_err_set(e, FA_EINVAL, "search: no bytes after \"x:\"");
	*len = n;
	return 0;
}

size_t bm_spans_from_ranges(const struct fa_dump_range *r, size_t n,
			    struct bm_span **out)
{
	struct bm_span *s;
	size_t i, k = 0;
	uint64_t end;

	*out = NULL;
	s = calloc(n ? n : 1, sizeof(*s));
	if (!s)
		return (size_t)-1;
	for (i = 0; i < n; i++) {
		if (!r[i].size)
			continue;
		end = r[i].paddr + r[i].size < r[i].paddr ? UINT64_MAX :
		      r[i].paddr + r[i].size;
		if (k && r[i].paddr <= s[k - 1].end) {
			if (end > s[k - 1].end)
				s[k - 1].end = end;
			continue;
		}
		s[k].start = r[i].paddr;
		s[k].end = end;
		k++;
	}
	*out = s;
	return k;
}

int bm_search_start(struct bm_search *s, const uint8_t *pat, size_t len,
		    const struct bm_span *spans, size_t nspans, uint64_t from,
		    struct fa_err *e)
{
	size_t i;

	bm_search_free(s);
	if (!len || len > BM_PATTERN_MAX)
		return fa_err_set(e, FA_EINVAL, "search: pattern of %zu bytes",
				  len);
	s->buf = malloc(BM_SEARCH_CHUNK + BM_PATTERN_MAX);
	if (!s->buf)
		return fa_err_set(e, FA_ENOMEM, "search: out of memory");
	memcpy(s->pat, pat, len);
	s->len = len;
	s->spans = spans;
	s->nspans = nspans;
	s->pos = from;
	for (i = 0; i < nspans; i++)
		if (spans[i].end > from)
			s->total += spans[i].end -
				    (spans[i].start > from ? spans[i].start : from);
	s->state = BM_SEARCH_RUNNING;
	return 0;
}

int bm_search_step(struct bm_search *s, const struct fa_mem *mem,
		   uint64_t budget)
{
	uint64_t used = 0, chunk, need;
	const struct bm_span *sp;
	struct fa_err e;
	uint8_t *hit;

	if (s->state != BM_SEARCH_RUNNING)
		return s->state;
	while (s->si < s->nspans) {
		sp = &s->spans[s->si];
		if (s->pos < sp->start)
			s->pos = sp->start;
		if (s->pos >= sp->end || sp->end - s->pos < s->len) {
			if (s->pos < sp->end)
				s->done += sp->end - s->pos;
			s->si++;
			continue;
		}
		chunk = sp->end - s->pos;
		if (chunk > BM_SEARCH_CHUNK)
			chunk = BM_SEARCH_CHUNK;
		need = chunk + s->len - 1;
		if (need > sp->end - s->pos)
			need = sp->end - s->pos;
		if (mem->read(mem->ctx, FA_PHYS, s->pos, s->buf, need, &e)) {
			s->unreadable++;
		} else {
			hit = memmem(s->buf, need, s->pat, s->len);
			if (hit && (uint64_t)(hit - s->buf) < chunk) {
				s->match = s->pos + (uint64_t)(hit - s->buf);
				s->done += s->match - s->pos;
				s->pos = s->match + 1;
				s->state = BM_SEARCH_FOUND;
				return s->state;
			}
		}
		s->pos += chunk;
		s->done += chunk;
		used += chunk;
		if (used >= budget)
			return s->state;
	}
	s->state = BM_SEARCH_NOT_FOUND;
	return s->state;
}

void bm_search_free(struct bm_search *s)
{
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

/* ---- text panes ------------------------------------------------------ */

void bm_text_free(struct bm_text *t)
{
	free(t->buf);
	free(t->line);
	memset(t, 0, sizeof(*t));
}

int bm_text_set(struct bm_text *t, const char *text, size_t len,
		struct fa_err *e)
{
	size_t i, n = 0;
	char *b;

	bm_text_free(t);
	if (len && text[len - 1] == '\n')
		len--;
	b = malloc(len + 1);
	if (!b)
		return fa_err_set(e, FA_ENOMEM, "text: out of memory");
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		b[i] = ch == '\n' ? '\0' : ch == '\t' ? ' ' :
		       ch < 0x20 || ch == 0x7f ? '.' : (char)ch;
		n += ch == '\n';
	}
	b[len] = '\0';
	n++;
	t->line = malloc(n * sizeof(*t->line));
	if (!t->line) {
		free(b);
		return fa_err_set(e, FA_ENOMEM, "text: out of memory");
	}
	t->buf = b;
	t->n = 0;
	t->line[t->n++] = b;
	for (i = 0; i < len; i++)
		if (!b[i])
			t->line[t->n++] = b + i + 1;
	if (!len)
		t->n = 0;
	return 0;
}

long bm_text_find(const struct bm_text *t, const char *pat, long from,
		  int dir)
{
	size_t i, idx;
	long n = (long)t->n;

	if (!n || !*pat)
		return -1;
	if (from < 0)
		from = dir > 0 ? 0 : n - 1;
	if (from >= n)
		from = dir > 0 ? 0 : n - 1;
	for (i = 0; i < t->n; i++) {
		idx = (size_t)(((from + (dir > 0 ? 1 : -1) * (long)i) % n + n) % n);
		if (strcasestr(t->line[idx], pat))
			return (long)idx;
	}
	return -1;
}

/* ---- registers ------------------------------------------------------- */

void bm_thread_order(const struct fa_cpustate *cs, size_t *order)
{
	size_t i, k = 0;
	int64_t c = cs->crashing;

	if (c >= 0 && (size_t)c < cs->nthreads)
		order[k++] = (size_t)c;
	for (i = 0; i < cs->nthreads; i++)
		if ((int64_t)i != c)
			order[k++] = i;
}
