// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * browse.c - the ncurses side of `fadump-analyze browse`: panes, keys,
 * prompts and the main loop.  Everything it shows is computed by the
 * model (browse_model.h) from the dump layer and the codecs; this file
 * only draws and reads keys.
 *
 * The loop blocks in getch() while idle.  While a memory search runs it
 * polls instead: one bounded search step, a progress line, a key check
 * (any key cancels), so the terminal never waits on the dump.
 */
#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "browse.h"
#include "browse_model.h"
#include "cmd.h"
#include "dump.h"
#include "fwsections.h"
#include "ppc64_vtop.h"
#include "printk.h"
#include "prstatus.h"
#include "regions.h"
#include "report.h"

enum pane { P_MAP, P_REGIONS, P_HEX, P_REGS, P_VMCI, P_LOG, P_COUNT };

static const char *const pane_names[P_COUNT] = {
	"Map", "Regions", "Hex", "Registers", "VMCOREINFO", "Log",
};

/* Colour pairs: 1 + kind for names, BAR + kind for the map's bars. */
#define PAIR_BAR	16
#define PAIR_ERR	40
#define PAIR_HIT	41
#define PAIR_TITLE	42

#define SEARCH_BUDGET	(8u << 20)	/* bytes per step between key polls */

/* A scrolled text pane. */
struct text_pane {
	int loaded;
	struct bm_text t;
	size_t top;
	long hit;		/* line of the last search hit, -1 none */
};

struct browser {
	const char *path;
	const char *fdm_path;
	struct fa_dump *d;
	struct fa_fwsections fw;
	struct fa_map map;
	int kdump;
	int color;
	int pane;
	int quit;
	char msg[512];
	int msg_err;

	/* map and region list */
	struct bm_cell *cells;
	unsigned int ncells;
	long csel;
	size_t rsel, rtop;

	/* hex view */
	struct bm_hex hex;
	struct bm_cache cache;
	struct bm_span *spans;
	size_t nspans;
	struct bm_search search;
	uint8_t pat[BM_PATTERN_MAX];
	size_t patlen;
	uint64_t hit;		/* last match, shown while hit_len */
	size_t hit_len;

	/* registers */
	int regs_loaded;
	struct fa_cpus_input in;
	struct fa_cpustate *cs;		/* &in.cs */
	size_t *order;
	size_t tsel, regtop;
	char regs_why[FA_ERR_MSG_MAX + 64];

	struct text_pane vmci, log;
	char textpat[256];
};

/* ---- small drawing helpers ------------------------------------------- */

static int body_rows(void)
{
	return LINES > 3 ? LINES - 3 : 1;
}

static void put(int y, int x, int width, const char *s)
{
	if (width > 0 && y >= 0 && y < LINES && x < COLS)
		mvaddnstr(y, x, s, width < COLS - x ? width : COLS - x);
}

static void putf(int y, int x, int width, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void putf(int y, int x, int width, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(y, x, width, buf);
}

static void say(struct browser *b, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(struct browser *b, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->msg, sizeof(b->msg), fmt, ap);
	va_end(ap);
	b->msg_err = err;
}

static attr_t pair(struct browser *b, int p)
{
	return b->color ? COLOR_PAIR(p) : 0;
}

static void setup_colors(struct browser *b)
{
	static const short kind_color[] = {
		[FA_MAP_BOOT] = COLOR_GREEN,
		[FA_MAP_CPU] = COLOR_RED,
		[FA_MAP_HPTE] = COLOR_MAGENTA,
		[FA_MAP_PAD] = COLOR_WHITE,
		[FA_MAP_BOOT_COPY] = COLOR_CYAN,
		[FA_MAP_CRASH_INFO] = COLOR_YELLOW,
		[FA_MAP_ELFCOREHDR] = COLOR_YELLOW,
		[FA_MAP_OPAL_META] = COLOR_MAGENTA,
		[FA_MAP_PARAM] = COLOR_BLUE,
		[FA_MAP_MEMORY] = COLOR_BLUE,
		[FA_MAP_HOLE] = COLOR_BLACK,
	};
	const char *nc = getenv("NO_COLOR");
	short k;

	b->color = has_colors() && !(nc && *nc);
	if (!b->color)
		return;
	start_color();
	use_default_colors();
	for (k = 0; k <= FA_MAP_HOLE; k++) {
		init_pair(1 + k, k == FA_MAP_HOLE ? -1 : kind_color[k], -1);
		init_pair(PAIR_BAR + k, COLOR_BLACK, kind_color[k]);
	}
	init_pair(PAIR_ERR, COLOR_RED, -1);
	init_pair(PAIR_HIT, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
}

/* Without colour, each kind has its own bar character. */
static char kind_char(const struct browser *b, int kind)
{
	static const char ch[] = {
		[FA_MAP_BOOT] = 'B', [FA_MAP_CPU] = 'C', [FA_MAP_HPTE] = 'H',
		[FA_MAP_PAD] = '_', [FA_MAP_BOOT_COPY] = 'c',
		[FA_MAP_CRASH_INFO] = 'I', [FA_MAP_ELFCOREHDR] = 'E',
		[FA_MAP_OPAL_META] = 'O', [FA_MAP_PARAM] = 'P',
		[FA_MAP_MEMORY] = '=', [FA_MAP_HOLE] = '.',
	};

	if (kind == FA_MAP_HOLE && b->kdump)
		return 'x';
	return kind >= 0 && kind <= FA_MAP_HOLE ? ch[kind] : '?';
}

/* The map's column is narrow: short names. */
static const char *short_name(const struct browser *b,
			      const struct fa_map_entry *r, char *buf,
			      size_t size)
{
	static const char *const names[] = {
		[FA_MAP_BOOT] = "boot", [FA_MAP_CPU] = "CPU state",
		[FA_MAP_HPTE] = "HPTE", [FA_MAP_PAD] = "pad",
		[FA_MAP_BOOT_COPY] = "boot copy",
		[FA_MAP_CRASH_INFO] = "crash info",
		[FA_MAP_ELFCOREHDR] = "elfcorehdr",
		[FA_MAP_OPAL_META] = "OPAL meta", [FA_MAP_PARAM] = "param",
		[FA_MAP_MEMORY] = "memory", [FA_MAP_HOLE] = "hole",
	};

	if (r->kind < 0 || r->kind > FA_MAP_HOLE)
		return bm_region_name(r, b->kdump, buf, size);
	if (r->kind == FA_MAP_HOLE && b->kdump)
		snprintf(buf, size, "excluded");
	else if (r->kind == FA_MAP_BOOT)
		snprintf(buf, size, "boot %u", r->index);
	else
		snprintf(buf, size, "%s", names[r->kind]);
	return buf;
}

/* ---- loading --------------------------------------------------------- */

static int open_dump(struct browser *b, struct fa_err *e)
{
	struct fa_err fe = { 0 };
	int ret;

	ret = fa_dump_open(b->path, 0, &b->d, e);
	if (ret)
		return ret;
	b->kdump = b->d->format == FA_DUMP_KDUMP;
	if (fa_fwsections_find(b->d, b->fdm_path, &b->fw, &fe)) {
		/* Browse what there is; say why the sections are missing. */
		memset(&b->fw, 0, sizeof(b->fw));
		say(b, 1, "firmware sections: %s", fe.msg);
	}
	ret = fa_map_build(b->d, &b->fw, &b->map, e);
	if (ret)
		return ret;
	b->nspans = bm_spans_from_ranges(b->d->ranges, b->d->nranges,
					 &b->spans);
	if (b->nspans == (size_t)-1)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	return bm_cache_init(&b->cache, &b->d->mem, 4096, e);
}

/*
 * Registers as `cpus` gathers them; when the firmware data is malformed,
 * the notes alone, with the reason shown above them.
 */
static void load_regs(struct browser *b)
{
	struct fa_err e = { 0 };

	b->regs_loaded = 1;
	fa_cpustate_init(&b->in.cs);
	if (fa_cpus_load(b->d, 0, &b->in, &e)) {
		snprintf(b->regs_why, sizeof(b->regs_why), "%s", e.msg);
		fa_cpus_input_free(&b->in);
		fa_cpustate_init(&b->in.cs);
		if (fa_cpus_load(b->d, 1, &b->in, &e))
			b->in.cs.nthreads = 0;
	}
	b->cs = &b->in.cs;
	b->order = calloc(b->cs->nthreads ? b->cs->nthreads : 1,
			  sizeof(*b->order));
	if (!b->order) {
		b->cs->nthreads = 0;
		return;
	}
	bm_thread_order(b->cs, b->order);
}

static void text_error(struct text_pane *p, const struct fa_err *e)
{
	struct fa_err ign;

	bm_text_set(&p->t, e->msg, strlen(e->msg), &ign);
}

static void load_vmci(struct browser *b)
{
	struct fa_err e = { 0 };
	const char *k, *v;
	size_t i, len = 0;
	char *text = NULL;
	FILE *f;

	b->vmci.loaded = 1;
	b->vmci.hit = -1;
	if (!b->d->vmcoreinfo) {
		e = b->d->vmcoreinfo_err;
		if (!e.msg[0])
			fa_err_set(&e, FA_ENOENT, "The dump has no VMCOREINFO note.");
		text_error(&b->vmci, &e);
		return;
	}
	f = open_memstream(&text, &len);
	if (!f)
		return;
	for (i = 0; i < fa_vmci_count(b->d->vmcoreinfo); i++)
		if (!fa_vmci_entry(b->d->vmcoreinfo, i, &k, &v))
			fprintf(f, "%s=%s\n", k, v);
	fclose(f);
	bm_text_set(&b->vmci.t, text, len, &e);
	free(text);
}

static void load_log(struct browser *b)
{
	struct fa_printk_log log = { 0 };
	struct fa_err e = { 0 };
	char *text = NULL;
	size_t len;

	b->log.loaded = 1;
	b->log.hit = -1;
	if (b->d->format == FA_DUMP_OPALCORE)
		fa_err_set(&e, FA_EUNSUP, "An opalcore holds OPAL's memory, not the kernel log.");
	else if (!b->d->vmcoreinfo)
		fa_err_set(&e, FA_ENOENT, "No VMCOREINFO: the kernel log cannot be located.");
	else if (!fa_printk_read(&b->d->mem, b->d->vmcoreinfo, &log, &e) &&
		 !fa_printk_format(&log, 0, &text, &len, &e))
		bm_text_set(&b->log.t, text, len, &e);
	if (e.code) {
		fa_err_prefix(&e, "kernel log: ");
		text_error(&b->log, &e);
	}
	free(text);
	fa_printk_log_free(&log);
	/* The end of the log is where the panic is. */
	b->log.top = b->log.t.n > (size_t)body_rows() ?
		     b->log.t.n - (size_t)body_rows() : 0;
}

static void load_pane(struct browser *b)
{
	if (b->pane == P_REGS && !b->regs_loaded)
		load_regs(b);
	else if (b->pane == P_VMCI && !b->vmci.loaded)
		load_vmci(b);
	else if (b->pane == P_LOG && !b->log.loaded)
		load_log(b);
}

/* ---- title, tabs, status --------------------------------------------- */

static void draw_title(struct browser *b)
{
	const char *rel = fa_dump_osrelease(b->d);
	char fw[128] = "";

	if (b->fw.platform != FA_FW_NONE)
		snprintf(fw, sizeof(fw), ", %s (%s)",
			 fa_fw_platform_name(b->fw.platform),
			 fa_fw_source_name(b->fw.source));
	attrset(A_REVERSE | pair(b, PAIR_TITLE));
	mvhline(0, 0, ' ', COLS);
	putf(0, 0, COLS, " %s: %s %s%s%s%s", b->path,
	     fa_dump_format_name(b->d->format), fa_dump_machine_name(b->d),
	     fw, rel ? ", Linux " : "", rel ? rel : "");
	attrset(A_NORMAL);
}

static void draw_tabs(struct browser *b)
{
	int x = 0, i;

	move(1, 0);
	clrtoeol();
	for (i = 0; i < P_COUNT && x < COLS; i++) {
		int focus = i == b->pane ||
			    (i == P_MAP && b->pane == P_REGIONS) ||
			    (i == P_REGIONS && b->pane == P_MAP);

		attrset(i == b->pane ? A_REVERSE | A_BOLD :
			focus ? A_BOLD : A_NORMAL);
		putf(1, x, COLS - x, " %d:%s ", i + 1, pane_names[i]);
		x += (int)strlen(pane_names[i]) + 4;
		attrset(A_NORMAL);
	}
}

static void draw_status(struct browser *b)
{
	int y = LINES - 1;

	move(y, 0);
	clrtoeol();
	if (b->msg[0]) {
		attrset(b->msg_err ? A_BOLD | pair(b, PAIR_ERR) : A_BOLD);
		put(y, 0, COLS, b->msg);
		attrset(A_NORMAL);
		return;
	}
	put(y, 0, COLS, "Tab pane  g goto  / search  n next  [ ] region  ? help  q quit");
}

/* ---- map and regions ------------------------------------------------- */

static int addr_digits(uint64_t top)
{
	int n = 8;

	while (n < 16 && top > 1ULL << (4 * n))
		n++;
	return n;
}

static void sync_cell_to_region(struct browser *b)
{
	unsigned int i;

	for (i = 0; i < b->ncells; i++)
		if (b->cells[i].region == (long)b->rsel) {
			b->csel = i;
			return;
		}
	b->csel = bm_map_cell_of(b->cells, b->ncells,
				 b->map.e[b->rsel].start);
}

static void draw_map(struct browser *b, int width)
{
	uint64_t top;
	unsigned int i;
	int rows = body_rows(), digits, barw;
	char name[48];

	if ((unsigned int)rows != b->ncells) {
		struct bm_cell *c = realloc(b->cells, (size_t)rows * sizeof(*c));

		if (!c)
			return;
		b->cells = c;
		b->ncells = (unsigned int)rows;
		top = bm_map_scale(b->map.e, b->map.n, b->ncells, b->cells);
		sync_cell_to_region(b);
	}
	top = bm_map_scale(b->map.e, b->map.n, b->ncells, b->cells);
	digits = addr_digits(top);
	barw = width - digits - 14;
	if (barw < 3)
		barw = 3;
	for (i = 0; i < b->ncells; i++) {
		const struct bm_cell *c = &b->cells[i];
		const struct fa_map_entry *r = c->region >= 0 ?
					       &b->map.e[c->region] : NULL;
		int y = 2 + (int)i, kind = r ? r->kind : FA_MAP_HOLE;

		attrset((long)i == b->csel && b->pane == P_MAP ? A_REVERSE :
			A_NORMAL);
		putf(y, 0, digits + 1, "%0*" PRIx64 " ", digits, c->start);
		attrset(A_NORMAL);
		if (b->color && kind != FA_MAP_HOLE)
			attrset(pair(b, PAIR_BAR + kind));
		mvhline(y, digits + 1, (chtype)(b->color && kind != FA_MAP_HOLE ?
			' ' : kind_char(b, kind)), barw);
		attrset(A_NORMAL);
		putf(y, digits + 1 + barw, 2, "%c", c->promoted ? '*' :
		     c->mixed ? '+' : ' ');
		if (r) {
			attrset(pair(b, 1 + kind));
			put(y, digits + 3 + barw, width - digits - 3 - barw,
			    short_name(b, r, name, sizeof(name)));
			attrset(A_NORMAL);
		}
	}
	(void)top;
}

static void draw_regions(struct browser *b, int x)
{
	int rows = body_rows() - 1, w = COLS - x, i;
	char name[48], s[FA_HEX_LEN], sz[FA_SIZE_LEN];
	size_t sel;

	attrset(A_BOLD);
	putf(2, x, w, "%-17s %-18s %9s", "region", "start", "size");
	attrset(A_NORMAL);
	sel = bm_scroll(&b->rtop, (long)b->rsel, b->map.n, (size_t)rows);
	for (i = 0; i < rows && b->rtop + (size_t)i < b->map.n; i++) {
		size_t k = b->rtop + (size_t)i;
		const struct fa_map_entry *r = &b->map.e[k];

		attrset((k == sel ? A_REVERSE : A_NORMAL) | pair(b, 1 + r->kind));
		putf(3 + i, x, w, "%-17.17s %-18s %9s%s",
		     bm_region_name(r, b->kdump, name, sizeof(name)),
		     fa_rpt_hex(s, r->start), fa_rpt_size(sz, r->size),
		     r->in_dump || r->kind == FA_MAP_HOLE ? "" : " -");
		attrset(A_NORMAL);
	}
}

static void region_detail(struct browser *b)
{
	const struct fa_map_entry *r;
	char name[48], s[FA_HEX_LEN], en[FA_HEX_LEN], c[FA_HEX_LEN];
	char sz[FA_SIZE_LEN];

	if (b->msg[0] || !b->map.n)
		return;
	r = &b->map.e[b->rsel];
	move(LINES - 1, 0);
	clrtoeol();
	attrset(A_BOLD);
	putf(LINES - 1, 0, COLS, "%s: %s-%s, %s%s%s%s",
	     bm_region_name(r, b->kdump, name, sizeof(name)),
	     fa_rpt_hex(s, r->start), fa_rpt_hex(en, r->start + r->size - 1),
	     fa_rpt_size(sz, r->size),
	     r->kind == FA_MAP_BOOT ? ", copy at " : "",
	     r->kind == FA_MAP_BOOT ? fa_rpt_hex(c, r->copy) : "",
	     r->kind == FA_MAP_HOLE ? "" :
	     r->in_dump ? ", in the dump" : ", not in the dump");
	attrset(A_NORMAL);
}

static void draw_memory_panes(struct browser *b)
{
	int mapw = COLS >= 70 ? 30 : COLS / 2;

	if (!b->map.n) {
		put(3, 2, COLS - 2, "The dump describes no memory.");
		return;
	}
	draw_map(b, mapw);
	mvvline(2, mapw, '|', body_rows());
	draw_regions(b, mapw + 2);
	region_detail(b);
}

/* ---- hex --------------------------------------------------------------- */

/* The physical address of a hex-view address, when it has one. */
static int to_phys(const struct browser *b, int space, uint64_t a,
		   uint64_t *pa)
{
	if (space == FA_PHYS) {
		*pa = a;
		return 0;
	}
	if (fa_dump_is_ppc64(b->d) && a >= FA_PPC64_PAGE_OFFSET &&
	    a < FA_PPC64_LINEAR_END) {
		*pa = a - FA_PPC64_PAGE_OFFSET;
		return 0;
	}
	return -1;
}

static void hex_header(struct browser *b)
{
	char name[48] = "", s[FA_HEX_LEN], en[FA_HEX_LEN], p[FA_HEX_LEN];
	uint64_t pa;
	long r = -1;

	if (!to_phys(b, b->hex.space, b->hex.cursor, &pa))
		r = bm_region_at(b->map.e, b->map.n, pa);
	attrset(A_BOLD);
	if (r >= 0)
		putf(2, 0, COLS, "%s %016" PRIx64 "%s%s  %s %s-%s",
		     b->hex.space == FA_PHYS ? "phys" : "kvaddr", b->hex.cursor,
		     b->hex.space == FA_PHYS ? "" : " = phys ",
		     b->hex.space == FA_PHYS ? "" : fa_rpt_hex(p, pa),
		     bm_region_name(&b->map.e[r], b->kdump, name, sizeof(name)),
		     fa_rpt_hex(s, b->map.e[r].start),
		     fa_rpt_hex(en, b->map.e[r].start + b->map.e[r].size - 1));
	else
		putf(2, 0, COLS, "%s %016" PRIx64 "  (outside the dump's regions)",
		     b->hex.space == FA_PHYS ? "phys" : "kvaddr", b->hex.cursor);
	attrset(A_NORMAL);
}

static int in_hit(const struct browser *b, uint64_t a)
{
	return b->hit_len && b->hex.space == FA_PHYS && a >= b->hit &&
	       a - b->hit < b->hit_len;
}

static void draw_hex(struct browser *b)
{
	uint8_t bytes[16], ok[16];
	char row[BM_HEX_ROW_MAX];
	unsigned int r, i;
	uint64_t a;

	bm_hex_layout(&b->hex, (unsigned int)COLS, (unsigned int)body_rows() - 1);
	hex_header(b);
	for (r = 0; r < b->hex.rows; r++) {
		a = b->hex.top + (uint64_t)r * b->hex.bpr;
		if (r && a < b->hex.top)
			break;
		bm_cache_get(&b->cache, b->hex.space, a, bytes, ok, b->hex.bpr);
		bm_hex_format_row(a, b->hex.bpr, bytes, ok, row);
		put(3 + (int)r, 0, COLS, row);
		for (i = 0; i < b->hex.bpr; i++) {
			attr_t at = a + i == b->hex.cursor ? A_REVERSE :
				    in_hit(b, a + i) ? A_BOLD | pair(b, PAIR_HIT) :
				    A_NORMAL;

			if (at == A_NORMAL)
				continue;
			mvchgat(3 + (int)r, (int)bm_hex_byte_col(i), 2, at,
				PAIR_NUMBER(at), NULL);
			mvchgat(3 + (int)r, (int)bm_hex_ascii_col(b->hex.bpr, i),
				1, at, PAIR_NUMBER(at), NULL);
		}
	}
}

static void goto_region(struct browser *b, long r)
{
	if (r < 0) {
		say(b, 0, "no more regions");
		return;
	}
	b->rsel = (size_t)r;
	sync_cell_to_region(b);
	bm_hex_goto(&b->hex, FA_PHYS, b->map.e[r].start);
	b->pane = P_HEX;
}

static void hex_region_step(struct browser *b, int dir)
{
	uint64_t pa;

	if (to_phys(b, b->hex.space, b->hex.cursor, &pa)) {
		say(b, 1, "this kernel address has no physical address here");
		return;
	}
	goto_region(b, dir > 0 ? bm_region_next(b->map.e, b->map.n, pa) :
			bm_region_prev(b->map.e, b->map.n, pa));
}

/* ---- registers ------------------------------------------------------- */

static void draw_reg_row(struct browser *b, int y, const struct fa_cs_thread *t,
			 unsigned int slot)
{
	int bad = (t->mismatch_mask >> slot) & 1;
	const char *name = fa_pt_reg_name(slot);
	char note[24] = "-";

	if (t->note >= 0)
		snprintf(note, sizeof(note), "%016" PRIx64, t->note_regs[slot]);
	attrset(bad ? A_BOLD | pair(b, PAIR_ERR) : A_NORMAL);
	putf(y, 0, COLS, "%c %-8s %016" PRIx64 "  %s", bad ? '!' : ' ',
	     name ? name : "?", t->expect_note ? t->expect[slot] :
	     t->fw_regs[slot], note);
	attrset(A_NORMAL);
}

static void draw_regs(struct browser *b)
{
	const struct fa_cs_thread *t;
	int rows = body_rows() - 3, i;
	size_t nlines, k;
	char cpu[32];

	if (!b->cs->nthreads) {
		putf(3, 2, COLS - 2, "No registers: %s", b->regs_why[0] ?
		     b->regs_why : "the dump has no CPU notes or save area.");
		return;
	}
	if (b->tsel >= b->cs->nthreads)
		b->tsel = b->cs->nthreads - 1;
	t = &b->cs->threads[b->order[b->tsel]];
	if (t->cpu >= 0)
		snprintf(cpu, sizeof(cpu), "CPU %" PRId64, t->cpu);
	else if (t->pir >= 0)
		snprintf(cpu, sizeof(cpu), "PIR %#" PRIx64, t->pir);
	else
		snprintf(cpu, sizeof(cpu), "CPU ?");
	attrset(A_BOLD);
	putf(2, 0, COLS, "%s%s  thread %zu/%zu  %s, %u mismatch%s  (h/l: thread)",
	     cpu, t->crashing ? " (crashing)" : "", b->tsel + 1,
	     b->cs->nthreads, fa_cs_source_name(b->cs->source), t->nmismatch,
	     t->nmismatch == 1 ? "" : "es");
	attrset(A_NORMAL);
	put(3, 0, COLS, b->regs_why[0] ? b->regs_why : b->cs->map_why);
	attrset(A_UNDERLINE);
	putf(4, 0, COLS, "  %-8s %-16s  %s", "reg",
	     b->cs->source == FA_CS_SRC_NOTES ? "note" : "firmware", "note");
	attrset(A_NORMAL);
	nlines = FA_PT_NREGS + t->nregs;
	if (b->regtop + (size_t)rows > nlines)
		b->regtop = nlines > (size_t)rows ? nlines - (size_t)rows : 0;
	for (i = 0; i < rows; i++) {
		k = b->regtop + (size_t)i;
		if (k >= nlines)
			break;
		if (k < FA_PT_NREGS)
			draw_reg_row(b, 5 + i, t, (unsigned int)k);
		else
			putf(5 + i, 0, COLS, "  %-8s %016" PRIx64 "  (save area)",
			     t->regs[k - FA_PT_NREGS].name,
			     t->regs[k - FA_PT_NREGS].value);
	}
}

/* ---- text panes ------------------------------------------------------ */

static void draw_text(struct browser *b, struct text_pane *p)
{
	int rows = body_rows(), i;
	size_t k;

	if (p->top + (size_t)rows > p->t.n)
		p->top = p->t.n > (size_t)rows ? p->t.n - (size_t)rows : 0;
	for (i = 0; i < rows; i++) {
		k = p->top + (size_t)i;
		if (k >= p->t.n)
			break;
		attrset((long)k == p->hit ? A_BOLD | pair(b, PAIR_HIT) : A_NORMAL);
		put(2 + i, 0, COLS, p->t.line[k]);
		attrset(A_NORMAL);
	}
}

static struct text_pane *text_of(struct browser *b)
{
	return b->pane == P_VMCI ? &b->vmci : b->pane == P_LOG ? &b->log : NULL;
}

/* ---- help ------------------------------------------------------------- */

static const char *const help_lines[] = {
	"Keys",
	"  Tab / Shift-Tab   next / previous pane (1-6 pick one)",
	"  arrows, h j k l   move (h/l: map <-> regions, other thread)",
	"  PgUp PgDn Home End  by a screen, to the start or end",
	"  Enter             show the selected region's memory",
	"  g                 goto: 0x14000000, 512M, prb, v:ADDR, +0x100",
	"  [ ]               previous / next region",
	"  /                 search memory (text, or x:DE AD) or the text",
	"  n                 next match",
	"  ?                 this help       q  quit",
	"",
	"Map: * a section too small for its cell, + a cell shared by regions.",
	"Registers: ! marks a note that differs from the firmware's copy.",
};

static void draw_help(void)
{
	int n = (int)(sizeof(help_lines) / sizeof(help_lines[0]));
	int w = COLS < 72 ? COLS : 72, y0 = LINES > n + 2 ? (LINES - n - 2) / 2 : 0;
	int x0 = (COLS - w) / 2, i;

	for (i = 0; i < n + 2 && y0 + i < LINES; i++) {
		mvhline(y0 + i, x0, ' ', w);
		if (i && i <= n)
			put(y0 + i, x0 + 2, w - 4, help_lines[i - 1]);
	}
	attrset(A_BOLD);
	put(y0 + n + 1 < LINES ? y0 + n + 1 : LINES - 1, x0 + 2, w - 4,
	    "Press any key.");
	attrset(A_NORMAL);
}

/* ---- drawing and prompts --------------------------------------------- */

static void draw(struct browser *b)
{
	struct text_pane *p = text_of(b);

	erase();
	draw_title(b);
	draw_tabs(b);
	draw_status(b);
	switch (b->pane) {
	case P_MAP:
	case P_REGIONS:
		draw_memory_panes(b);
		break;
	case P_HEX:
		draw_hex(b);
		break;
	case P_REGS:
		draw_regs(b);
		break;
	default:
		if (p)
			draw_text(b, p);
		break;
	}
	refresh();
}

/* Read a line at the bottom; returns 0 with @buf, or -1 when cancelled. */
static int prompt(struct browser *b, const char *what, char *buf, size_t size)
{
	size_t n = 0;
	int c;

	buf[0] = '\0';
	curs_set(1);
	for (;;) {
		b->msg[0] = '\0';
		draw(b);
		move(LINES - 1, 0);
		clrtoeol();
		attrset(A_BOLD);
		putf(LINES - 1, 0, COLS, "%s%s", what, buf);
		attrset(A_NORMAL);
		refresh();
		c = getch();
		if (c == '\n' || c == KEY_ENTER || c == '\r')
			break;
		if (c == 27 || c == 7 /* ^G */) {
			curs_set(0);
			return -1;
		}
		if ((c == KEY_BACKSPACE || c == 127 || c == 8) && n)
			buf[--n] = '\0';
		else if (c >= 0x20 && c < 0x7f && n + 1 < size) {
			buf[n++] = (char)c;
			buf[n] = '\0';
		}
	}
	curs_set(0);
	return 0;
}

static void do_goto(struct browser *b)
{
	struct bm_goto_ctx c = { b->d->vmcoreinfo, fa_dump_is_ppc64(b->d),
				 b->hex.space, b->hex.cursor };
	struct fa_err e = { 0 };
	char in[128];
	uint64_t a;
	int sp;

	if (b->pane == P_MAP || b->pane == P_REGIONS)
		c.cur = b->map.n ? b->map.e[b->rsel].start : 0;
	if (prompt(b, "Goto: ", in, sizeof(in)))
		return;
	if (bm_goto_parse(in, &c, &sp, &a, &e)) {
		say(b, 1, "%s", e.msg);
		return;
	}
	bm_hex_goto(&b->hex, sp, a);
	b->hit_len = 0;
	b->pane = P_HEX;
}

/* Start (or continue, from the cursor) a memory search. */
static void search_memory(struct browser *b, uint64_t from)
{
	struct fa_err e = { 0 };

	if (bm_search_start(&b->search, b->pat, b->patlen, b->spans,
			    b->nspans, from, &e))
		say(b, 1, "%s", e.msg);
}

static void search_from_cursor(struct browser *b)
{
	uint64_t pa = 0;

	if (b->pane == P_MAP || b->pane == P_REGIONS)
		pa = b->map.n ? b->map.e[b->rsel].start : 0;
	else if (to_phys(b, b->hex.space, b->hex.cursor, &pa))
		pa = 0;
	else if (b->pane == P_HEX && pa != UINT64_MAX)
		pa++;
	search_memory(b, pa);
}

static void text_search(struct browser *b, struct text_pane *p, int again)
{
	long from = p->hit >= 0 ? p->hit + again : (long)p->top;
	long l = bm_text_find(&p->t, b->textpat, from, 1);

	if (l < 0) {
		say(b, 1, "\"%s\" not found", b->textpat);
		return;
	}
	p->hit = l;
	p->top = (size_t)l > (size_t)body_rows() / 2 ?
		 (size_t)l - (size_t)body_rows() / 2 : 0;
}

static void do_search(struct browser *b)
{
	struct text_pane *p = text_of(b);
	struct fa_err e = { 0 };
	char in[BM_PATTERN_MAX * 3 + 8];

	if (p) {
		char t[sizeof(b->textpat)];

		if (prompt(b, "Search text: ", t, sizeof(t)) || !t[0])
			return;
		memcpy(b->textpat, t, sizeof(t));
		text_search(b, p, 0);
		return;
	}
	if (prompt(b, "Search memory (text, or x:HEX BYTES): ", in, sizeof(in)))
		return;
	if (bm_pattern_parse(in, b->pat, &b->patlen, &e)) {
		say(b, 1, "%s", e.msg);
		b->patlen = 0;
		return;
	}
	search_from_cursor(b);
}

static void search_next(struct browser *b)
{
	struct text_pane *p = text_of(b);

	if (p) {
		if (b->textpat[0])
			text_search(b, p, 1);
		return;
	}
	if (!b->patlen) {
		say(b, 1, "no search yet: / searches");
		return;
	}
	search_from_cursor(b);
}

/* One step of a running search; reports progress or the result. */
static void search_tick(struct browser *b)
{
	char at[FA_HEX_LEN], d[FA_SIZE_LEN], t[FA_SIZE_LEN];
	int st = bm_search_step(&b->search, &b->d->mem, SEARCH_BUDGET);

	if (st == BM_SEARCH_RUNNING) {
		say(b, 0, "Searching... %" PRIu64 "%% (%s of %s), any key cancels",
		    b->search.total ? b->search.done * 100 / b->search.total : 0,
		    fa_rpt_size(d, b->search.done), fa_rpt_size(t, b->search.total));
		return;
	}
	if (st == BM_SEARCH_FOUND) {
		b->hit = b->search.match;
		b->hit_len = b->search.len;
		bm_hex_goto(&b->hex, FA_PHYS, b->hit);
		b->pane = P_HEX;
		say(b, 0, "found at %s", fa_rpt_hex(at, b->hit));
	} else {
		say(b, 1, "not found (searched %s%s)",
		    fa_rpt_size(d, b->search.done),
		    b->search.unreadable ? ", some chunks unreadable" : "");
	}
	bm_search_free(&b->search);
}

/* ---- keys ------------------------------------------------------------- */

static void key_memory(struct browser *b, int c)
{
	int page = body_rows() - 1;
	long r = (long)b->rsel;

	switch (c) {
	case KEY_LEFT: case 'h':
		b->pane = P_MAP;
		return;
	case KEY_RIGHT: case 'l':
		b->pane = P_REGIONS;
		return;
	case '\n': case '\r': case KEY_ENTER:
		goto_region(b, r);
		return;
	}
	if (b->pane == P_MAP) {
		long cs = b->csel < 0 ? 0 : b->csel;

		cs += c == KEY_DOWN || c == 'j' ? 1 : c == KEY_UP || c == 'k' ? -1 :
		      c == KEY_NPAGE ? page : c == KEY_PPAGE ? -page :
		      c == KEY_HOME ? -cs : c == KEY_END ? (long)b->ncells : 0;
		if (cs >= (long)b->ncells)
			cs = (long)b->ncells - 1;
		b->csel = cs < 0 ? 0 : cs;
		if (b->ncells && b->cells[b->csel].region >= 0)
			b->rsel = (size_t)b->cells[b->csel].region;
		return;
	}
	r += c == KEY_DOWN || c == 'j' ? 1 : c == KEY_UP || c == 'k' ? -1 :
	     c == KEY_NPAGE ? page : c == KEY_PPAGE ? -page :
	     c == KEY_HOME ? -r : c == KEY_END ? (long)b->map.n : 0;
	b->rsel = bm_scroll(&b->rtop, r, b->map.n, (size_t)page);
	sync_cell_to_region(b);
}

static void key_hex(struct browser *b, int c)
{
	int64_t bpr = b->hex.bpr, page = bpr * (b->hex.rows ? b->hex.rows : 1);

	switch (c) {
	case KEY_LEFT: case 'h': bm_hex_move(&b->hex, -1); break;
	case KEY_RIGHT: case 'l': bm_hex_move(&b->hex, 1); break;
	case KEY_UP: case 'k': bm_hex_move(&b->hex, -bpr); break;
	case KEY_DOWN: case 'j': bm_hex_move(&b->hex, bpr); break;
	case KEY_PPAGE: bm_hex_move(&b->hex, -page); break;
	case KEY_NPAGE: bm_hex_move(&b->hex, page); break;
	case KEY_HOME: bm_hex_move(&b->hex, -(int64_t)(b->hex.cursor % bpr)); break;
	case KEY_END: bm_hex_move(&b->hex, bpr - 1 - (int64_t)(b->hex.cursor % bpr)); break;
	}
}

static void key_regs(struct browser *b, int c)
{
	int page = body_rows() - 3;

	switch (c) {
	case KEY_LEFT: case 'h':
		if (b->tsel)
			b->tsel--;
		break;
	case KEY_RIGHT: case 'l':
		if (b->tsel + 1 < b->cs->nthreads)
			b->tsel++;
		break;
	case KEY_UP: case 'k':
		if (b->regtop)
			b->regtop--;
		break;
	case KEY_DOWN: case 'j': b->regtop++; break;
	case KEY_PPAGE:
		b->regtop = b->regtop > (size_t)page ? b->regtop - (size_t)page : 0;
		break;
	case KEY_NPAGE: b->regtop += (size_t)page; break;
	case KEY_HOME: b->regtop = 0; break;
	}
}

static void key_text(struct text_pane *p, int c)
{
	size_t page = (size_t)body_rows();

	switch (c) {
	case KEY_UP: case 'k':
		if (p->top)
			p->top--;
		break;
	case KEY_DOWN: case 'j': p->top++; break;
	case KEY_PPAGE: p->top = p->top > page ? p->top - page : 0; break;
	case KEY_NPAGE: p->top += page; break;
	case KEY_HOME: p->top = 0; break;
	case KEY_END: p->top = p->t.n; break;
	}
}

static void key(struct browser *b, int c)
{
	struct text_pane *p = text_of(b);

	b->msg[0] = '\0';
	switch (c) {
	case 'q': case 'Q':
		b->quit = 1;
		return;
	case '\t':
		b->pane = (b->pane + 1) % P_COUNT;
		return;
	case KEY_BTAB:
		b->pane = (b->pane + P_COUNT - 1) % P_COUNT;
		return;
	case '1': case '2': case '3': case '4': case '5': case '6':
		b->pane = c - '1';
		return;
	case 'g':
		do_goto(b);
		return;
	case '/':
		do_search(b);
		return;
	case 'n':
		search_next(b);
		return;
	case ']':
	case '[':
		if (b->pane == P_HEX)
			hex_region_step(b, c == ']' ? 1 : -1);
		else if (b->map.n)
			goto_region(b, c == ']' ?
				    (long)(b->rsel + 1 < b->map.n ? b->rsel + 1 : b->rsel) :
				    (long)(b->rsel ? b->rsel - 1 : 0));
		return;
	case '?':
		draw(b);
		draw_help();
		refresh();
		while (getch() == KEY_RESIZE)
			;
		return;
	case KEY_RESIZE:
		bm_cache_flush(&b->cache);
		return;
	}
	if (b->pane == P_MAP || b->pane == P_REGIONS)
		key_memory(b, c);
	else if (b->pane == P_HEX)
		key_hex(b, c);
	else if (b->pane == P_REGS)
		key_regs(b, c);
	else if (p)
		key_text(p, c);
}

/* ---- the error screen and the loop ------------------------------------ */

static void error_screen(const char *path, const struct fa_err *e)
{
	int c;

	do {
		erase();
		attrset(A_REVERSE);
		mvhline(0, 0, ' ', COLS);
		putf(0, 0, COLS, " fadump-analyze browse: %s", path);
		attrset(A_BOLD);
		put(2, 2, COLS - 2, "Cannot browse this dump:");
		attrset(A_NORMAL);
		/* The message may be longer than a line: wrap it. */
		for (c = 0; c * (COLS - 4) < (int)strlen(e->msg) && 4 + c < LINES - 2; c++)
			put(4 + c, 2, COLS - 4, e->msg + c * (COLS - 4));
		put(LINES - 1, 0, COLS, "Press q to quit.");
		refresh();
		c = getch();
	} while (c != 'q' && c != 'Q' && c != 27 && c != ERR);
}

static void loop(struct browser *b)
{
	int c;

	while (!b->quit) {
		load_pane(b);
		draw(b);
		if (b->search.state == BM_SEARCH_RUNNING) {
			timeout(0);
			c = getch();
			timeout(-1);
			if (c != ERR && c != KEY_RESIZE) {
				bm_search_free(&b->search);
				say(b, 0, "search cancelled");
				continue;
			}
			search_tick(b);
			continue;
		}
		c = getch();
		if (c == ERR)
			break;		/* the terminal went away */
		key(b, c);
	}
}

static void browser_free(struct browser *b)
{
	bm_search_free(&b->search);
	bm_cache_free(&b->cache);
	bm_text_free(&b->vmci.t);
	bm_text_free(&b->log.t);
	if (b->regs_loaded)
		fa_cpus_input_free(&b->in);
	free(b->order);
	free(b->cells);
	free(b->spans);
	fa_map_free(&b->map);
	fa_dump_close(b->d);
}

int fa_browse(const char *path, const char *fdm_path)
{
	struct browser *b;
	struct fa_err e = { 0 };
	int ret = FA_EXIT_OK;

	b = calloc(1, sizeof(*b));
	if (!b) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		return fa_cli_error(path, &e);
	}
	b->path = path;
	b->fdm_path = fdm_path;
	b->csel = 0;
	b->hex.bpr = 16;
	b->hex.rows = 1;
	if (open_dump(b, &e))
		ret = FA_EXIT_INPUT;

	initscr();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	setup_colors(b);
	if (ret)
		error_screen(path, &e);
	else
		loop(b);
	endwin();
	browser_free(b);
	free(b);
	return ret;
}
