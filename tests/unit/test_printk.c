// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_printk.c - kernel log decoder, formatter and lockless ring encoder.
 * Golden rings are laid out by hand from the 64-bit struct offsets in
 * dump-formats-and-tools.md section 4.2/4.3, not by the encoder.
 */
#include "fa_test.h"
#include "printk.h"

#define BASE	0xc000000001000000ULL
#define MEMSZ	0x4000

struct tmem {
	uint8_t buf[MEMSZ];
	int bo;
};

/* 32-bit kernels see the same bytes at this linear-map address. */
#define BASE32	0xc1000000ULL

static uint64_t alias(uint64_t addr)
{
	return addr >= BASE32 && addr - BASE32 <= MEMSZ ? addr - BASE32 + BASE
							: addr;
}

/* The bytes behind [addr, addr + len), or NULL with @e set. */
static uint8_t *tmem_span(struct tmem *t, int space, uint64_t addr,
			  size_t len, struct fa_err *e)
{
	addr = alias(addr);
	if (space != FA_KVADDR || addr < BASE || addr - BASE > MEMSZ ||
	    len > MEMSZ - (addr - BASE)) {
		fa_err_set(e, FA_ERANGE, "no memory at 0x%llx",
			   (unsigned long long)addr);
		return NULL;
	}
	return t->buf + (addr - BASE);
}

static int tmem_read(void *ctx, int space, uint64_t addr, void *buf,
		     size_t len, struct fa_err *e)
{
	uint8_t *p = tmem_span(ctx, space, addr, len, e);

	if (!p)
		return FA_ERANGE;
	memcpy(buf, p, len);
	return 0;
}

static int tmem_write(void *ctx, int space, uint64_t addr, const void *buf,
		      size_t len, struct fa_err *e)
{
	uint8_t *p = tmem_span(ctx, space, addr, len, e);

	if (!p)
		return FA_ERANGE;
	memcpy(p, buf, len);
	return 0;
}

static struct fa_mem tmem_mem(struct tmem *t, int ptr_size)
{
	return (struct fa_mem){ .read = tmem_read, .ctx = t,
				.byteorder = t->bo, .ptr_size = ptr_size };
}

static uint8_t *at(struct tmem *t, uint64_t addr)
{
	return t->buf + (addr - BASE);
}

/* ---- golden lockless ring ---------------------------------------------- */

/* Kernel 64-bit layout (doc table); head/tail are atomic_long_t.counter. */
static const char prb_vmci[] =
	"OSRELEASE=6.1.0\n"
	"SYMBOL(prb)=c000000001000000\n"
	"OFFSET(printk_ringbuffer.desc_ring)=0\n"
	"OFFSET(printk_ringbuffer.text_data_ring)=40\n"
	"OFFSET(prb_desc_ring.count_bits)=0\n"
	"OFFSET(prb_desc_ring.descs)=8\n"
	"OFFSET(prb_desc_ring.infos)=16\n"
	"OFFSET(prb_desc_ring.head_id)=24\n"
	"OFFSET(prb_desc_ring.tail_id)=32\n"
	"SIZE(prb_desc)=24\n"
	"OFFSET(prb_desc.state_var)=0\n"
	"OFFSET(prb_desc.text_blk_lpos)=8\n"
	"OFFSET(prb_data_blk_lpos.begin)=0\n"
	"OFFSET(prb_data_blk_lpos.next)=8\n"
	"SIZE(printk_info)=88\n"
	"OFFSET(printk_info.seq)=0\n"
	"OFFSET(printk_info.ts_nsec)=8\n"
	"OFFSET(printk_info.text_len)=16\n"
	"OFFSET(printk_info.caller_id)=20\n"
	"OFFSET(printk_info.dev_info)=24\n"
	"OFFSET(dev_printk_info.subsystem)=0\n"
	"LENGTH(printk_info_subsystem)=16\n"
	"OFFSET(dev_printk_info.device)=16\n"
	"LENGTH(printk_info_device)=48\n"
	"OFFSET(prb_data_ring.size_bits)=0\n"
	"OFFSET(prb_data_ring.data)=8\n"
	"OFFSET(atomic_long_t.counter)=0\n";

#define RB	(BASE + 0x100)
#define DESCS	(BASE + 0x200)		/* 16 x 24 */
#define INFOS	(BASE + 0x400)		/* 16 x 88 */
#define TEXT	(BASE + 0xa00)		/* 256 */

struct grec {
	uint64_t id, begin, next, ts;
	uint8_t level, facility;
	uint32_t caller;
	const char *text;
};

static const char wrap_text[] = "a record whose data block wraps to ring offset 0";

/* The makedumpfile oracle ring: ids 0x3ffffffffffffffc .. 1, one wrap. */
static const struct grec golden[] = {
	{ 0x3ffffffffffffffcULL, 0x560, 0x580, 0, 5, 0, 0x80000000, "Linux version 6.1.0" },
	{ 0x3ffffffffffffffdULL, 0x580, 0x5a0, 1500000000, 6, 0, 1, "first line\nsecond line" },
	{ 0x3ffffffffffffffeULL, 0x5a0, 0x5b8, 12345678901ULL, 4, 0, 2, "bell\x07 here" },
	{ 0x3fffffffffffffffULL, 0x5b8, 0x5d0, 99999999999ULL, 6, 0, 0x80000003, "cpu 2 online" },
	{ 0, 0x5d0, 0x638, 123456000000000ULL, 7, 1, 300, wrap_text },
	{ 1, 0x638, 0x660, 7000001000ULL, 0, 0, 0x80000001, "Kernel panic - not syncing: VFS" },
};

static void put_desc(struct tmem *t, uint64_t id, uint64_t sv, uint64_t b,
		     uint64_t n)
{
	uint8_t *d = at(t, DESCS + (id % 16) * 24);

	fa_put64(d + 0, t->bo, sv);
	fa_put64(d + 8, t->bo, b);
	fa_put64(d + 16, t->bo, n);
}

static void build_golden(struct tmem *t, int bo)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->bo = bo;
	fa_put64(at(t, BASE), bo, RB);			/* prb = &printk_rb_static */
	fa_put32(at(t, RB + 0), bo, 4);			/* count_bits */
	fa_put64(at(t, RB + 8), bo, DESCS);
	fa_put64(at(t, RB + 16), bo, INFOS);
	fa_put64(at(t, RB + 24), bo, 1);			/* head_id */
	fa_put64(at(t, RB + 32), bo, 0x3ffffffffffffffcULL);	/* tail_id */
	fa_put32(at(t, RB + 40), bo, 8);			/* size_bits */
	fa_put64(at(t, RB + 48), bo, TEXT);
	/* Stale, reusable descriptors in the other slots. */
	for (i = 2; i < 12; i++)
		put_desc(t, i, 3ULL << 62 | (i - 16), 1, 1);
	for (i = 0; i < 6; i++) {
		const struct grec *g = &golden[i];
		uint8_t *in = at(t, INFOS + (g->id % 16) * 88);
		uint64_t b = g->begin % 256, n = g->next % 256;
		uint64_t data = b < n ? b : 0;

		put_desc(t, g->id, 2ULL << 62 | g->id, g->begin, g->next);
		fa_put64(in + 0, bo, 100 + i);			/* seq */
		fa_put64(in + 8, bo, g->ts);
		fa_put16(in + 16, bo, (uint16_t)strlen(g->text));
		in[18] = g->facility;
		/* flags 2 (LOG_NEWLINE), then level, as GCC packs bitfields. */
		in[19] = bo == FA_LE ? (uint8_t)(g->level << 5 | 2)
				     : (uint8_t)(2 << 3 | g->level);
		fa_put32(in + 20, bo, g->caller);
		fa_put64(at(t, TEXT + b), bo, g->id);
		fa_put64(at(t, TEXT + data), bo, g->id);
		memcpy(at(t, TEXT + data + 8), g->text, strlen(g->text));
	}
	memcpy(at(t, INFOS + 14 * 88 + 24), "pci", 3);
	memcpy(at(t, INFOS + 14 * 88 + 40), "+pci:0000:00:01.0", 17);
}

static const char golden_dmesg[] =
	"[    0.000000] Linux version 6.1.0\n"
	"[    1.500000] first line\n"
	"               second line\n"
	"[   12.345678] bell\\x07 here\n"
	"[   99.999999] cpu 2 online\n"
	"[123456.000000] a record whose data block wraps to ring offset 0\n"
	"[    7.000001] Kernel panic - not syncing: VFS\n";

static struct fa_vmcoreinfo *vmci(const char *text)
{
	struct fa_vmcoreinfo *vi;
	struct fa_err e;

	assert_fa_ok(fa_vmci_parse(text, strlen(text), &vi, &e), &e);
	return vi;
}

static void check_format(const struct fa_printk_log *log, unsigned int flags,
			 const char *want)
{
	struct fa_err e;
	char *out;
	size_t len;

	assert_fa_ok(fa_printk_format(log, flags, &out, &len, &e), &e);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	free(out);
}

static void golden_case(int bo)
{
	static struct tmem t;
	struct fa_vmcoreinfo *vi = vmci(prb_vmci);
	struct fa_mem m;
	struct fa_printk_log log;
	struct fa_err e;

	build_golden(&t, bo);
	m = tmem_mem(&t, 8);
	assert_fa_ok(fa_printk_read(&m, vi, &log, &e), &e);
	assert_int_equal(log.format, FA_PRINTK_LOCKLESS);
	assert_int_equal(log.count, 6);
	assert_int_equal(log.skipped_id + log.skipped_state + log.dataless +
			 log.clamped + log.skipped_lpos, 0);
	check_format(&log, FA_PRINTK_INDENT, golden_dmesg);
	assert_int_equal(log.rec[0].seq, 100);
	assert_int_equal(log.rec[0].level, 5);
	assert_int_equal(log.rec[0].flags, 2);
	assert_int_equal(log.rec[4].facility, 1);
	assert_int_equal(log.rec[4].caller_id, 300);
	assert_string_equal(log.rec[2].subsystem, "pci");
	assert_string_equal(log.rec[2].device, "+pci:0000:00:01.0");
	assert_int_equal(log.rec[4].text_len, strlen(wrap_text));
	fa_printk_log_free(&log);
	fa_vmci_free(vi);
}

static void test_golden_lockless_le(void **state)
{
	(void)state;
	golden_case(FA_LE);
}

static void test_golden_lockless_be(void **state)
{
	(void)state;
	golden_case(FA_BE);
}

static void test_format_flags(void **state)
{
	static struct tmem t;
	struct fa_vmcoreinfo *vi = vmci(prb_vmci);
	struct fa_mem m;
	struct fa_printk_log log;
	struct fa_err e;

	(void)state;
	build_golden(&t, FA_LE);
	m = tmem_mem(&t, 8);
	assert_fa_ok(fa_printk_read(&m, vi, &log, &e), &e);
	log.count = 2;		/* the first two records are enough */
	check_format(&log, 0,
		     "[    0.000000] Linux version 6.1.0\n"
		     "[    1.500000] first line\n"
		     "[    1.500000] second line\n");
	check_format(&log, FA_PRINTK_DECODE | FA_PRINTK_INDENT,
		     "kern  :notice: [    0.000000] Linux version 6.1.0\n"
		     "kern  :info  : [    1.500000] first line\n"
		     "                              second line\n");
	check_format(&log, FA_PRINTK_RAW | FA_PRINTK_CALLER,
		     "<5>[    0.000000] [C0] Linux version 6.1.0\n"
		     "<6>[    1.500000] [T1] first line\n"
		     "<6>[    1.500000] [T1] second line\n");
	log.count = 6;
	log.rec[4].facility = 1;
	log.rec[4].level = 7;
	check_format(&(struct fa_printk_log){ .format = FA_PRINTK_LOCKLESS,
					       .rec = &log.rec[4], .count = 1 },
		     FA_PRINTK_DECODE | FA_PRINTK_RAW,
		     "user  :debug : <15>[123456.000000] a record whose data block wraps to ring offset 0\n");
	fa_printk_log_free(&log);
	fa_vmci_free(vi);
}

/* Read the golden ring after @mutate; returns the code. */
static int golden_read(void (*mutate)(struct tmem *), const char *vtext,
		       struct fa_printk_log *log, struct fa_err *e)
{
	static struct tmem t;
	struct fa_vmcoreinfo *vi = vmci(vtext);
	struct fa_mem m;
	int ret;

	build_golden(&t, FA_BE);
	if (mutate)
		mutate(&t);
	m = tmem_mem(&t, 8);
	ret = fa_printk_read(&m, vi, log, e);
	fa_vmci_free(vi);
	return ret;
}

static void prb_outside(struct tmem *t)
{
	fa_put64(at(t, BASE), t->bo, 0xdead0000ULL);
}

static void count_bits_63(struct tmem *t)
{
	fa_put32(at(t, RB), t->bo, 63);
}

static void size_bits_32(struct tmem *t)
{
	fa_put32(at(t, RB + 40), t->bo, 32);	/* LOG_BUF_LEN_MAX is 1 << 31 */
}

static void head_far(struct tmem *t)
{
	fa_put64(at(t, RB + 24), t->bo, 20);
}

static void text_len_beyond(struct tmem *t)
{
	/* id 0x3ffffffffffffffe ("bell\x07 here"): a 24-byte block. */
	fa_put16(at(t, INFOS + 14 * 88 + 16), t->bo, 500);
}

static void id_mismatch_and_reusable(struct tmem *t)
{
	put_desc(t, 0x3ffffffffffffffdULL, 2ULL << 62 | 0x3fffffffffffffedULL,
		 0x580, 0x5a0);
	put_desc(t, 0x3fffffffffffffffULL, 3ULL << 62 | 0x3fffffffffffffffULL,
		 0x5b8, 0x5d0);
	put_desc(t, 1, 2ULL << 62 | 1, 1, 1);		/* FAILED_LPOS */
}

static void descs_outside(struct tmem *t)
{
	fa_put64(at(t, RB + 8), t->bo, 0xdead0000ULL);
}

static void test_malformed_lockless(void **state)
{
	struct fa_printk_log log;
	struct fa_err e;
	char *cut;

	(void)state;
	assert_fa_error(golden_read(prb_outside, prb_vmci, &log, &e), &e,
			FA_ERANGE,
			"printk: reading prb_desc_ring.count_bits (4 bytes at 0xdead0000): no memory at 0xdead0000");
	fa_printk_log_free(&log);
	assert_fa_error(golden_read(count_bits_63, prb_vmci, &log, &e), &e,
			FA_ECORRUPT,
			"count_bits 63 at 0xc000000001000100 is out of range (at most size_bits 8)");
	fa_printk_log_free(&log);
	assert_fa_error(golden_read(size_bits_32, prb_vmci, &log, &e), &e,
			FA_ECORRUPT, "size_bits 32 at 0xc000000001000128 is out of range");
	fa_printk_log_free(&log);
	assert_fa_error(golden_read(head_far, prb_vmci, &log, &e), &e,
			FA_ECORRUPT,
			"tail_id 0x3ffffffffffffffc .. head_id 0x14 spans 25 descriptors, the ring has 16");
	fa_printk_log_free(&log);
	assert_fa_error(golden_read(descs_outside, prb_vmci, &log, &e), &e,
			FA_ERANGE,
			"reading descriptor of id 0x3ffffffffffffffc (24 bytes at 0xdead0120)");
	fa_printk_log_free(&log);

	/* VMCOREINFO without a needed OFFSET: the message names the key. */
	cut = strdup(prb_vmci);
	*strstr(cut, "OFFSET(prb_desc_ring.tail_id)") = 'X';
	assert_fa_error(golden_read(NULL, cut, &log, &e), &e, FA_ENOENT,
			"printk: VMCOREINFO has no OFFSET(prb_desc_ring.tail_id)");
	fa_printk_log_free(&log);
	free(cut);
	cut = strdup(prb_vmci);
	memcpy(strstr(cut, "SIZE(printk_info)=88"), "SIZE(printk_info)=16", 20);
	assert_fa_error(golden_read(NULL, cut, &log, &e), &e, FA_ECORRUPT,
			"printk: printk_info.text_len at offset 16 ends past SIZE(printk_info)=16");
	fa_printk_log_free(&log);
	free(cut);
}

static void test_skips_are_counted(void **state)
{
	struct fa_printk_log log;
	struct fa_err e;

	(void)state;
	assert_fa_ok(golden_read(text_len_beyond, prb_vmci, &log, &e), &e);
	assert_int_equal(log.count, 6);
	assert_int_equal(log.clamped, 1);
	/* A 24-byte block holds the 8-byte id and 16 bytes of text. */
	assert_int_equal(log.rec[2].text_len, 16);
	assert_memory_equal(log.rec[2].text, "bell\x07 here\0\0\0\0\0\0", 16);
	fa_printk_log_free(&log);

	assert_fa_ok(golden_read(id_mismatch_and_reusable, prb_vmci, &log, &e),
		     &e);
	assert_int_equal(log.count, 3);
	assert_int_equal(log.skipped_id, 1);
	assert_int_equal(log.skipped_state, 1);
	assert_int_equal(log.dataless, 1);
	assert_string_equal(log.rec[1].text, "bell\x07 here");
	fa_printk_log_free(&log);
}

/* ---- encoder ------------------------------------------------------------ */

static const struct fa_prb_place place = {
	.prb = BASE, .rb = RB, .descs = DESCS, .infos = INFOS, .text = TEXT,
};

static struct fa_mem_writer tmem_writer(struct tmem *t, int ptr_size)
{
	return (struct fa_mem_writer){ .write = tmem_write, .ctx = t,
				       .byteorder = t->bo, .ptr_size = ptr_size };
}

/* One record into a fresh ring: every byte position from the kernel's
 * _DEFINE_PRINTKRB and data_alloc(), worked out by hand. */
static void test_encoder_golden_one_record(void **state)
{
	static struct tmem t;
	struct fa_prb_layout l;
	struct fa_mem_writer w;
	struct fa_printk_record r = { .ts_nsec = 42, .level = 6, .flags = 2,
				      .caller_id = 7, .text = "hi",
				      .text_len = 2 };
	struct fa_err e;
	uint8_t *d;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.bo = FA_LE;
	w = tmem_writer(&t, 8);
	fa_prb_layout_default(&l, 4, 8);
	assert_fa_ok(fa_prb_encode(&w, &l, &place, &r, 1, &e), &e);
	assert_true(fa_get64(at(&t, BASE), FA_LE) == RB);
	assert_int_equal(fa_get32(at(&t, RB), FA_LE), 4);
	assert_true(fa_get64(at(&t, RB + 8), FA_LE) == DESCS);
	assert_true(fa_get64(at(&t, RB + 16), FA_LE) == INFOS);
	/* DESC0_ID = -(16 + 1) masked to 62 bits; the record is DESC0_ID + 1. */
	assert_true(fa_get64(at(&t, RB + 24), FA_LE) == 0x3ffffffffffffff0ULL);
	assert_true(fa_get64(at(&t, RB + 32), FA_LE) == 0x3fffffffffffffefULL);
	assert_int_equal(fa_get32(at(&t, RB + 40), FA_LE), 8);
	assert_true(fa_get64(at(&t, RB + 48), FA_LE) == TEXT);
	/* BLK0_LPOS = -256; the 16-byte block ends at -240. */
	assert_true(fa_get64(at(&t, RB + 56), FA_LE) == 0xffffffffffffff10ULL);
	assert_true(fa_get64(at(&t, RB + 64), FA_LE) == 0xffffffffffffff00ULL);
	d = at(&t, DESCS + 15 * 24);		/* DESC0: reusable, FAILED_LPOS */
	assert_true(fa_get64(d, FA_LE) == 0xffffffffffffffefULL);
	assert_int_equal(fa_get64(d + 8, FA_LE), 1);
	assert_int_equal(fa_get64(d + 16, FA_LE), 1);
	d = at(&t, DESCS);			/* finalized (2) */
	assert_true(fa_get64(d, FA_LE) == 0xbffffffffffffff0ULL);
	assert_true(fa_get64(d + 8, FA_LE) == 0xffffffffffffff00ULL);
	assert_true(fa_get64(d + 16, FA_LE) == 0xffffffffffffff10ULL);
	d = at(&t, INFOS);
	assert_int_equal(fa_get64(d, FA_LE), 0);	/* seq */
	assert_int_equal(fa_get64(d + 8, FA_LE), 42);
	assert_int_equal(fa_get16(d + 16, FA_LE), 2);
	assert_int_equal(d[19], 6 << 5 | 2);
	assert_int_equal(fa_get32(d + 20, FA_LE), 7);
	assert_true(fa_get64(at(&t, TEXT), FA_LE) == 0x3ffffffffffffff0ULL);
	assert_memory_equal(at(&t, TEXT + 8), "hi", 2);
}

/* Room for 32 descriptors and a 4 KiB text ring. */
static const struct fa_prb_place wide = {
	.prb = BASE, .rb = RB, .descs = DESCS, .infos = BASE + 0x800,
	.text = BASE + 0x1400,
};

static const struct fa_prb_place wide32 = {
	.prb = BASE32, .rb = BASE32 + 0x100, .descs = BASE32 + 0x200,
	.infos = BASE32 + 0x800, .text = BASE32 + 0x1400,
};

static char texts[200][80];
static size_t wrapped_survivors;

static void make_records(struct fa_printk_record *r, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = 1 + (i * 7 + seed) % 60, j;

		for (j = 0; j < len; j++)
			texts[i][j] = (char)('a' + (i + j) % 26);
		if (len > 10)
			texts[i][5] = '\n';
		memset(&r[i], 0, sizeof(r[i]));
		r[i].text = texts[i];
		r[i].text_len = len;
		r[i].ts_nsec = 1000000ULL * i + 17;
		r[i].level = (uint8_t)(i % 8);
		r[i].facility = (uint8_t)(i % 3);
		r[i].flags = (uint8_t)(i % 32);
		r[i].caller_id = (uint32_t)i | (i & 1 ? 0x80000000u : 0);
		snprintf(r[i].subsystem, sizeof(r[i].subsystem), "sub%u", (unsigned int)(i % 1000));
		snprintf(r[i].device, sizeof(r[i].device), "+dev:%u", (unsigned int)i);
	}
}

/* Encode @n records and read them back: a contiguous, verbatim suffix. */
static size_t round_trip(int bo, int ps, unsigned int cb, unsigned int sb,
			 size_t n, unsigned int seed)
{
	static struct tmem t;
	static struct fa_printk_record r[200];
	char vbuf[4096];
	struct fa_vmci_builder b;
	struct fa_vmcoreinfo *vi;
	struct fa_prb_layout l;
	struct fa_mem_writer w;
	struct fa_mem m;
	struct fa_printk_log log;
	struct fa_err e;
	size_t i, first, used = 0;

	memset(&t, 0, sizeof(t));
	t.bo = bo;
	make_records(r, n, seed);
	fa_prb_layout_default(&l, cb, sb);
	w = tmem_writer(&t, ps);
	assert_fa_ok(fa_prb_encode(&w, &l, ps == 8 ? &wide : &wide32, r, n, &e),
		     &e);
	fa_vmci_builder_init(&b, vbuf, sizeof(vbuf));
	fa_prb_vmcoreinfo(&b, &l, ps == 8 ? &wide : &wide32);
	assert_false(b.truncated);
	assert_fa_ok(fa_vmci_parse(vbuf, b.len, &vi, &e), &e);
	m = tmem_mem(&t, ps);
	assert_fa_ok(fa_printk_read(&m, vi, &log, &e), &e);
	assert_true(log.count >= 1 && log.count <= (1u << cb));
	first = n - log.count;
	for (i = 0; i < log.count; i++) {
		const struct fa_printk_record *g = &log.rec[i], *w0 = &r[first + i];

		assert_int_equal(g->seq, first + i);
		assert_int_equal(g->ts_nsec, w0->ts_nsec);
		assert_int_equal(g->level, w0->level);
		assert_int_equal(g->facility, w0->facility);
		assert_int_equal(g->flags, w0->flags);
		assert_int_equal(g->caller_id, w0->caller_id);
		assert_int_equal(g->text_len, w0->text_len);
		assert_memory_equal(g->text, w0->text, w0->text_len);
		assert_string_equal(g->subsystem, w0->subsystem);
		assert_string_equal(g->device, w0->device);
		used += (w0->text_len + 2 * ps - 1) / ps * ps;
	}
	assert_true(used <= (1u << sb));
	assert_int_equal(log.skipped_id + log.clamped + log.skipped_lpos, 0);
	/* Count surviving blocks that wrapped to offset 0. */
	for (i = 0; ps == 8 && i < (1u << cb); i++) {
		const uint8_t *d = at(&t, wide.descs + i * 24);
		uint64_t sv = fa_get64(d, bo), b0 = fa_get64(d + 8, bo);
		uint64_t n0 = fa_get64(d + 16, bo);

		if (sv >> 62 == 2 && !(b0 & 1) && b0 >> sb != n0 >> sb)
			wrapped_survivors++;
	}
	i = log.count;
	fa_printk_log_free(&log);
	fa_vmci_free(vi);
	return i;
}

static void test_round_trip_wraps(void **state)
{
	(void)state;
	wrapped_survivors = 0;
	/* Few records: nothing recycled yet. */
	assert_int_equal(round_trip(FA_LE, 8, 4, 10, 5, 3), 5);
	assert_int_equal(round_trip(FA_BE, 8, 4, 10, 5, 3), 5);
	/* Ids wrap past 0 and the descriptor ring recycles (16 slots). */
	assert_int_equal(round_trip(FA_LE, 8, 4, 12, 40, 1), 16);
	assert_int_equal(round_trip(FA_BE, 8, 4, 12, 40, 1), 16);
	/* The 256-byte text ring wraps many times; blocks wrap to offset 0. */
	round_trip(FA_LE, 8, 4, 8, 150, 0);
	round_trip(FA_BE, 8, 4, 8, 150, 5);
	round_trip(FA_LE, 8, 5, 9, 199, 11);
	round_trip(FA_BE, 8, 4, 8, 77, 4);
	round_trip(FA_LE, 8, 4, 8, 91, 7);
	assert_true(wrapped_survivors >= 2);
	/* 32-bit kernels: 4-byte words, ids masked to 30 bits. */
	round_trip(FA_LE, 4, 4, 8, 150, 2);
	round_trip(FA_BE, 4, 3, 9, 120, 9);
}

/*
 * Equal 32-byte blocks in a 256-byte ring.  A block that would end exactly
 * at the end of the ring counts as wrapping in the kernel's get_next_lpos()
 * (DATA_WRAPS(next) differs), so records 7 and 14 each also waste the last
 * 32 bytes: 7 records (13..19) survive, not 8.
 */
static void test_round_trip_exact_survivors(void **state)
{
	static struct tmem t;
	static struct fa_printk_record r[20];
	char vbuf[4096];
	struct fa_vmci_builder b;
	struct fa_vmcoreinfo *vi;
	struct fa_prb_layout l;
	struct fa_mem_writer w;
	struct fa_mem m;
	struct fa_printk_log log;
	struct fa_err e;
	size_t i;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.bo = FA_BE;
	for (i = 0; i < 20; i++)
		r[i] = (struct fa_printk_record){ .text = "twenty-four bytes long!!",
						  .text_len = 24, .ts_nsec = i };
	fa_prb_layout_default(&l, 4, 8);
	w = tmem_writer(&t, 8);
	assert_fa_ok(fa_prb_encode(&w, &l, &place, r, 20, &e), &e);
	fa_vmci_builder_init(&b, vbuf, sizeof(vbuf));
	fa_prb_vmcoreinfo(&b, &l, &place);
	assert_fa_ok(fa_vmci_parse(vbuf, b.len, &vi, &e), &e);
	m = tmem_mem(&t, 8);
	assert_fa_ok(fa_printk_read(&m, vi, &log, &e), &e);
	assert_int_equal(log.count, 7);
	assert_int_equal(log.rec[0].seq, 13);
	assert_int_equal(log.rec[6].ts_nsec, 19);
	/* Records 4..12 still sit between tail and head, made reusable. */
	assert_int_equal(log.skipped_state, 9);
	fa_printk_log_free(&log);
	fa_vmci_free(vi);
}

/* Empty text and text too large for the ring become data-less records. */
static void test_encoder_dataless(void **state)
{
	static struct tmem t;
	static char big[300];
	struct fa_printk_record r[3] = {
		{ .text = "", .text_len = 0 },
		{ .text = big, .text_len = sizeof(big) },
		{ .text = "kept", .text_len = 4 },
	};
	char vbuf[4096];
	struct fa_vmci_builder b;
	struct fa_vmcoreinfo *vi;
	struct fa_prb_layout l;
	struct fa_mem_writer w;
	struct fa_mem m;
	struct fa_printk_log log;
	struct fa_err e;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.bo = FA_LE;
	fa_prb_layout_default(&l, 4, 8);
	w = tmem_writer(&t, 8);
	assert_fa_ok(fa_prb_encode(&w, &l, &place, r, 3, &e), &e);
	fa_vmci_builder_init(&b, vbuf, sizeof(vbuf));
	fa_prb_vmcoreinfo(&b, &l, &place);
	assert_fa_ok(fa_vmci_parse(vbuf, b.len, &vi, &e), &e);
	m = tmem_mem(&t, 8);
	assert_fa_ok(fa_printk_read(&m, vi, &log, &e), &e);
	assert_int_equal(log.count, 1);
	assert_int_equal(log.dataless, 2);
	assert_int_equal(log.rec[0].seq, 2);
	assert_string_equal(log.rec[0].text, "kept");
	fa_printk_log_free(&log);
	fa_vmci_free(vi);
	/* A layout the encoder cannot honour, and memory it cannot write. */
	l.count_bits = 0;
	assert_fa_error(fa_prb_encode(&w, &l, &place, r, 3, &e), &e, FA_EINVAL,
			"count_bits 0");
	fa_prb_layout_default(&l, 4, 8);
	assert_fa_error(fa_prb_encode(&w, &l, &(struct fa_prb_place){
					.prb = 1, .rb = RB, .descs = DESCS,
					.infos = INFOS, .text = TEXT },
				      r, 3, &e), &e, FA_ERANGE,
			"writing prb at 0x1: no memory at 0x1");
}

/* Memory that reads as zeros outside the test buffer; reads counted. */
struct zmem {
	struct tmem *t;
	size_t reads;
};

static int zmem_read(void *ctx, int space, uint64_t addr, void *buf,
		     size_t len, struct fa_err *e)
{
	struct zmem *z = ctx;

	z->reads++;
	if (tmem_span(z->t, space, addr, len, e))
		return tmem_read(z->t, space, addr, buf, len, e);
	memset(buf, 0, len);
	return 0;
}

/*
 * A hostile ring: count_bits 24 with tail..head spanning every descriptor,
 * the descriptors zeros.  The walk stops after a run of bad descriptors
 * instead of reading all 2^24; count_bits above size_bits is refused.
 */
static void test_hostile_count_bits(void **state)
{
	static struct tmem t;
	struct fa_printk_record r = { .text = "hi", .text_len = 2 };
	char vbuf[4096];
	struct fa_vmci_builder b;
	struct fa_vmcoreinfo *vi;
	struct fa_prb_layout l;
	struct fa_mem_writer w;
	struct zmem z = { .t = &t };
	struct fa_mem m = { .read = zmem_read, .ctx = &z, .byteorder = FA_LE,
			    .ptr_size = 8 };
	struct fa_printk_log log;
	struct fa_err e;
	uint64_t tail;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.bo = FA_LE;
	fa_prb_layout_default(&l, 4, 8);
	w = tmem_writer(&t, 8);
	assert_fa_ok(fa_prb_encode(&w, &l, &place, &r, 1, &e), &e);
	fa_vmci_builder_init(&b, vbuf, sizeof(vbuf));
	fa_prb_vmcoreinfo(&b, &l, &place);
	assert_fa_ok(fa_vmci_parse(vbuf, b.len, &vi, &e), &e);
	fa_put32(at(&t, RB), FA_LE, 24);		/* count_bits */
	fa_put32(at(&t, RB + 40), FA_LE, 24);		/* size_bits */
	tail = fa_get64(at(&t, RB + 32), FA_LE);
	fa_put64(at(&t, RB + 24), FA_LE, (tail + (1u << 24) - 1) & 0x3fffffffffffffffULL);
	assert_fa_ok(fa_printk_read(&m, vi, &log, &e), &e);
	assert_true(log.abandoned > (1u << 24) - 10000);
	assert_true(z.reads < 20000);
	fa_printk_log_free(&log);
	fa_put32(at(&t, RB), FA_LE, 25);		/* above size_bits */
	assert_fa_error(fa_printk_read(&m, vi, &log, &e), &e, FA_ECORRUPT,
			"count_bits 25 at");
	fa_printk_log_free(&log);
	fa_put32(at(&t, RB + 40), FA_LE, 32);		/* above LOG_BUF_LEN_MAX */
	assert_fa_error(fa_printk_read(&m, vi, &log, &e), &e, FA_ECORRUPT,
			"size_bits 32 at");
	fa_printk_log_free(&log);
	fa_vmci_free(vi);
}

/* The builder's lines are the ones the golden ring is described with. */
static void test_encoder_vmcoreinfo_lines(void **state)
{
	char vbuf[4096], line[128];
	struct fa_vmci_builder b;
	struct fa_prb_layout l;
	const char *p = prb_vmci, *nl;

	(void)state;
	fa_prb_layout_default(&l, 4, 8);
	fa_vmci_builder_init(&b, vbuf, sizeof(vbuf) - 1);
	fa_prb_vmcoreinfo(&b, &l, &place);
	vbuf[b.len] = '\0';
	p = strchr(p, '\n') + 1;		/* skip OSRELEASE */
	for (; (nl = strchr(p, '\n')); p = nl + 1) {
		snprintf(line, sizeof(line), "%.*s\n", (int)(nl - p), p);
		if (!strstr(vbuf, line))
			fail_msg("builder lacks \"%s\"", line);
	}
	assert_non_null(strstr(vbuf, "SYMBOL(printk_rb_static)=c000000001000100\n"
				     "SIZE(printk_ringbuffer)=80\n"));
}

/* ---- variable-length records (3.5 - 5.9) -------------------------------- */

#define LOGBUF	(BASE + 0x1000)

static char varlen_vmci[1024];

/* printk_log: ts_nsec@0 len@8 text_len@10 dict_len@12 facility@14
 * flags/level@15 [caller_id@16]; header @hs bytes. */
static void vl_rec(struct tmem *t, uint64_t idx, size_t hs, uint16_t len,
		   uint64_t ts, uint8_t level, uint32_t caller, const char *text)
{
	uint8_t *h = at(t, LOGBUF + idx);

	fa_put64(h, t->bo, ts);
	fa_put16(h + 8, t->bo, len);
	fa_put16(h + 10, t->bo, (uint16_t)strlen(text));
	h[15] = t->bo == FA_LE ? (uint8_t)(level << 5) : level;
	if (hs == 24)
		fa_put32(h + 16, t->bo, caller);
	memcpy(h + hs, text, strlen(text));
}

static void build_varlen(struct tmem *t, int bo, size_t hs, const char *sname)
{
	uint32_t blen = hs == 16 ? 128 : 256, a = hs == 16 ? 64 : 160;

	memset(t, 0, sizeof(*t));
	t->bo = bo;
	snprintf(varlen_vmci, sizeof(varlen_vmci),
		 "OSRELEASE=5.4.0\n"
		 "SYMBOL(log_buf)=c000000001000010\n"
		 "SYMBOL(log_buf_len)=c000000001000018\n"
		 "SYMBOL(log_first_idx)=c00000000100001c\n"
		 "SYMBOL(log_next_idx)=c000000001000020\n"
		 "SIZE(%s)=%zu\n"
		 "OFFSET(%s.ts_nsec)=0\n"
		 "OFFSET(%s.len)=8\n"
		 "OFFSET(%s.text_len)=10\n"
		 "OFFSET(%s.dict_len)=12\n%s",
		 sname, hs, sname, sname, sname, sname,
		 hs == 24 ? "OFFSET(printk_log.caller_id)=16\n" : "");
	fa_put64(at(t, BASE + 0x10), bo, LOGBUF);
	fa_put32(at(t, BASE + 0x18), bo, blen);
	fa_put32(at(t, BASE + 0x1c), bo, a);		/* first */
	/* "hello" at a, zero header (wrap), "after wrap" at 0, "a\nb" after. */
	vl_rec(t, a, hs, (uint16_t)FA_ALIGN_UP(hs + 5, 8), 5000000000ULL, 6,
	       0x80000002, "hello");
	vl_rec(t, 0, hs, (uint16_t)FA_ALIGN_UP(hs + 10, 8), 6000000000ULL, 4,
	       77, "after wrap");
	vl_rec(t, FA_ALIGN_UP(hs + 10, 8), hs, (uint16_t)FA_ALIGN_UP(hs + 3, 8),
	       7250000000ULL, 0, 0, "a\nb");
	fa_put32(at(t, BASE + 0x20), bo,			/* next */
		 (uint32_t)(FA_ALIGN_UP(hs + 10, 8) + FA_ALIGN_UP(hs + 3, 8)));
}

static const char varlen_dmesg[] =
	"[    5.000000] hello\n"
	"[    6.000000] after wrap\n"
	"[    7.250000] a\n"
	"               b\n";

static int varlen_decode(struct tmem *t, const char *vtext,
			 struct fa_printk_log *log, struct fa_err *e)
{
	struct fa_vmcoreinfo *vi = vmci(vtext);
	struct fa_mem m = tmem_mem(t, 8);
	int ret = fa_printk_read(&m, vi, log, e);

	fa_vmci_free(vi);
	return ret;
}

static void test_golden_varlen(void **state)
{
	static struct tmem t;
	struct fa_printk_log log;
	struct fa_err e;

	(void)state;
	build_varlen(&t, FA_BE, 16, "printk_log");
	assert_fa_ok(varlen_decode(&t, varlen_vmci, &log, &e), &e);
	assert_int_equal(log.format, FA_PRINTK_VARLEN);
	check_format(&log, FA_PRINTK_INDENT, varlen_dmesg);
	assert_int_equal(log.rec[1].level, 4);
	assert_int_equal(log.rec[1].caller_id, 0);
	fa_printk_log_free(&log);

	/* 5.1+ with caller_id, little-endian. */
	build_varlen(&t, FA_LE, 24, "printk_log");
	assert_fa_ok(varlen_decode(&t, varlen_vmci, &log, &e), &e);
	check_format(&log, FA_PRINTK_INDENT, varlen_dmesg);
	assert_int_equal(log.rec[0].caller_id, 0x80000002);
	assert_int_equal(log.rec[1].caller_id, 77);
	assert_int_equal(log.rec[0].level, 6);
	assert_int_equal(log.rec[2].seq, 2);
	fa_printk_log_free(&log);

	/* 3.5 - 3.10 called the struct "log". */
	build_varlen(&t, FA_LE, 16, "log");
	assert_fa_ok(varlen_decode(&t, varlen_vmci, &log, &e), &e);
	check_format(&log, FA_PRINTK_INDENT, varlen_dmesg);
	fa_printk_log_free(&log);
}

static void test_malformed_varlen(void **state)
{
	static struct tmem t;
	struct fa_printk_log log;
	struct fa_err e;
	char *cut;

	(void)state;
	/* A record length that leads back to log_first_idx: the walk cycles. */
	build_varlen(&t, FA_LE, 16, "printk_log");
	fa_put16(at(&t, LOGBUF + 32 + 8), FA_LE, 32);
	assert_fa_error(varlen_decode(&t, varlen_vmci, &log, &e), &e,
			FA_ECORRUPT, "never reach log_next_idx 56 (cycle)");
	fa_printk_log_free(&log);
	/* A record length past the buffer. */
	build_varlen(&t, FA_BE, 16, "printk_log");
	fa_put16(at(&t, LOGBUF + 64 + 8), FA_BE, 200);
	assert_fa_error(varlen_decode(&t, varlen_vmci, &log, &e), &e,
			FA_ECORRUPT,
			"log_buf record at index 64 has len 200 (header 16, buffer 128)");
	fa_printk_log_free(&log);
	/* Indexes outside log_buf_len, and a missing SIZE. */
	build_varlen(&t, FA_BE, 16, "printk_log");
	fa_put32(at(&t, BASE + 0x1c), FA_BE, 4096);
	assert_fa_error(varlen_decode(&t, varlen_vmci, &log, &e), &e,
			FA_ECORRUPT, "log_first_idx 4096 / log_next_idx 56 outside log_buf_len 128");
	fa_printk_log_free(&log);
	cut = strdup(varlen_vmci);
	*strstr(cut, "SIZE(printk_log)") = 'X';
	assert_fa_error(varlen_decode(&t, cut, &log, &e), &e, FA_ENOENT,
			"VMCOREINFO has no SIZE(printk_log)");
	fa_printk_log_free(&log);
	free(cut);
	/* A log_buf pointer to nowhere. */
	build_varlen(&t, FA_BE, 16, "printk_log");
	fa_put64(at(&t, BASE + 0x10), FA_BE, 0x1234);
	assert_fa_error(varlen_decode(&t, varlen_vmci, &log, &e), &e, FA_ERANGE,
			"reading log_buf (128 bytes at 0x1234): no memory at 0x1234");
	fa_printk_log_free(&log);
}

/* ---- legacy character ring (before 3.5) -------------------------------- */

/* Which records report a crash: panic (and its trailer) and Oops. */
static void test_is_panic(void **state)
{
	(void)state;
	assert_true(fa_printk_is_panic("Kernel panic - not syncing: sysrq triggered crash"));
	assert_true(fa_printk_is_panic("---[ end Kernel panic - not syncing: Fatal exception ]---"));
	assert_true(fa_printk_is_panic("Oops: Kernel access of bad area, sig: 11 [#1]"));
	assert_false(fa_printk_is_panic("Kernel panic"));
	assert_false(fa_printk_is_panic("CPU: 1 PID: 42 Comm: sh Not tainted"));
	assert_false(fa_printk_is_panic("lockdep: Oops in the middle"));
	assert_false(fa_printk_is_panic(""));
}

static void test_legacy_ring(void **state)
{
	static struct tmem t;
	static const char logical[] = "xyz\n<6>first\n<4>bell\x01\n<6>second\n";
	static const char vnew[] =
		"OSRELEASE=2.6.32\n"
		"SYMBOL(log_buf)=c000000001000010\n"
		"SYMBOL(log_buf_len)=c000000001000018\n"
		"SYMBOL(log_end)=c000000001000020\n";
	static const char vold[] =
		"OSRELEASE=2.6.18-8.el5\n"
		"SYMBOL(log_buf)=c000000001000010\n"
		"SYMBOL(log_buf_len)=c000000001000018\n"
		"SYMBOL(log_end)=c000000001000020\n";
	struct fa_printk_log log;
	struct fa_err e;

	(void)state;
	assert_int_equal(sizeof(logical) - 1, 32);
	memset(&t, 0, sizeof(t));
	t.bo = FA_BE;
	fa_put64(at(&t, BASE + 0x10), FA_BE, LOGBUF);
	fa_put32(at(&t, BASE + 0x18), FA_BE, 32);
	fa_put32(at(&t, BASE + 0x20), FA_BE, 40);	/* unsigned int log_end */
	memcpy(at(&t, LOGBUF + 8), logical, 24);
	memcpy(at(&t, LOGBUF), logical + 24, 8);
	assert_fa_ok(varlen_decode(&t, vnew, &log, &e), &e);
	assert_int_equal(log.format, FA_PRINTK_LEGACY);
	check_format(&log, FA_PRINTK_INDENT,
		     "xyz\n<6>first\n<4>bell\\x01\n<6>second\n");
	fa_printk_log_free(&log);
	/* Up to 2.6.24 log_end is an unsigned long. */
	fa_put64(at(&t, BASE + 0x20), FA_BE, 10);
	assert_fa_ok(varlen_decode(&t, vold, &log, &e), &e);
	check_format(&log, 0, ">second\nxy\n");
	fa_printk_log_free(&log);
	fa_put32(at(&t, BASE + 0x18), FA_BE, 33);
	assert_fa_error(varlen_decode(&t, vold, &log, &e), &e, FA_ECORRUPT,
			"log_buf_len 33 is not a power of two");
	fa_printk_log_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_lockless_le),
		cmocka_unit_test(test_golden_lockless_be),
		cmocka_unit_test(test_format_flags),
		cmocka_unit_test(test_malformed_lockless),
		cmocka_unit_test(test_skips_are_counted),
		cmocka_unit_test(test_encoder_golden_one_record),
		cmocka_unit_test(test_round_trip_wraps),
		cmocka_unit_test(test_round_trip_exact_survivors),
		cmocka_unit_test(test_encoder_dataless),
		cmocka_unit_test(test_hostile_count_bits),
		cmocka_unit_test(test_encoder_vmcoreinfo_lines),
		cmocka_unit_test(test_golden_varlen),
		cmocka_unit_test(test_malformed_varlen),
		cmocka_unit_test(test_legacy_ring),
		cmocka_unit_test(test_is_panic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
