// SPDX-License-Identifier: GPL-2.0-or-later
/* test_flattened.c - makedumpfile flattened stream: write, rebuild, reject. */
#include "fa_test.h"
#include "fa_outfile.h"
#include "flattened.h"

/* A stream in memory: written by the writer callback, read by the reader. */
struct membuf {
	uint8_t *p;
	size_t len, pos;
};

static int mem_write(void *ctx, const void *buf, size_t len, struct fa_err *e)
{
	struct membuf *m = ctx;

	(void)e;
	m->p = realloc(m->p, m->len + len);
	assert_non_null(m->p);
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

/* Hands out at most 7 bytes per call, to exercise short reads. */
static int mem_read(void *ctx, void *buf, size_t len, size_t *got,
		    struct fa_err *e)
{
	struct membuf *m = ctx;
	size_t n = m->len - m->pos;

	(void)e;
	if (n > len)
		n = len;
	if (n > 7)
		n = 7;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	*got = n;
	return 0;
}

static void test_header_golden(void **state)
{
	uint8_t h[FA_FLAT_HDR_SIZE], zero[FA_FLAT_HDR_SIZE - 32] = { 0 };
	uint8_t r[16];
	struct fa_err e;

	(void)state;
	fa_flat_header_encode(h);
	assert_memory_equal(h, "makedumpfile\0\0\0\0", 16);
	assert_memory_equal(h + 16, "\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0\x01", 16);
	assert_memory_equal(h + 32, zero, sizeof(zero));
	assert_fa_ok(fa_flat_header_decode(h, sizeof(h), &e), &e);
	fa_flat_record_encode(r, 0x1000, 0x68);
	assert_memory_equal(r, "\0\0\0\0\0\0\x10\0\0\0\0\0\0\0\0\x68", 16);
	fa_flat_record_encode(r, -1, -1);
	assert_memory_equal(r, "\xff\xff\xff\xff\xff\xff\xff\xff"
			       "\xff\xff\xff\xff\xff\xff\xff\xff", 16);

	assert_fa_error(fa_flat_header_decode(h, 4095, &e), &e, FA_ETRUNC,
			"flattened header: need 4096");
	h[12] = 'X';
	assert_fa_error(fa_flat_header_decode(h, sizeof(h), &e), &e, FA_EMAGIC,
			"expected \"makedumpfile\"");
	h[12] = 0;
	h[31] = 2;
	assert_fa_error(fa_flat_header_decode(h, sizeof(h), &e), &e,
			FA_EVERSION, "type 1 version 2");
}

/* Out-of-order, overlapping records with a hole rebuild the normal file. */
static void test_roundtrip(void **state)
{
	struct membuf m = { 0 };
	struct fa_flat_writer w = { mem_write, &m };
	uint8_t want[10000], *got;
	struct fa_outfile of;
	char path[256];
	uint64_t size;
	size_t len, i;
	struct fa_err e;

	(void)state;
	for (i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(i * 7 + 1);
	memset(want + 3000, 0, 1000);	/* never written: a hole */
	assert_fa_ok(fa_flat_emit_header(&w, &e), &e);
	assert_fa_ok(fa_flat_emit_record(&w, 4000, want + 4000, 6000, &e), &e);
	assert_fa_ok(fa_flat_emit_record(&w, 0, "garbage", 7, &e), &e);
	assert_fa_ok(fa_flat_emit_record(&w, 0, want, 3000, &e), &e);
	assert_fa_ok(fa_flat_emit_end(&w, &e), &e);
	assert_int_equal(m.len, 4096 + 16 * 4 + 9000 + 7);
	/* The first record's head, in the stream, big-endian. */
	assert_memory_equal(m.p + 4096, "\0\0\0\0\0\0\x0f\xa0\0\0\0\0\0\0\x17\x70", 16);

	snprintf(path, sizeof(path), "%s/rebuilt", fa_test_tmpdir());
	assert_fa_ok(fa_outfile_open(&of, path, &e), &e);
	assert_fa_ok(fa_flat_rebuild(mem_read, &m, &of, 1 << 20, &size, &e), &e);
	assert_fa_ok(fa_outfile_commit(&of, &e), &e);
	assert_true(size == sizeof(want));
	assert_fa_ok(fa_read_file(path, &got, &len, 1 << 20, &e), &e);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(got, want, sizeof(want));
	free(got);
	free(m.p);
}

static void rebuild_fails(struct membuf *m, uint64_t max, int code,
			  const char *msg)
{
	struct fa_outfile of;
	char path[256];
	struct fa_err e;

	snprintf(path, sizeof(path), "%s/bad", fa_test_tmpdir());
	m->pos = 0;
	assert_fa_ok(fa_outfile_open(&of, path, &e), &e);
	assert_fa_error(fa_flat_rebuild(mem_read, m, &of, max, NULL, &e), &e,
			code, msg);
	fa_outfile_abort(&of);
}

static void test_malformed(void **state)
{
	struct membuf m = { 0 };
	struct fa_flat_writer w = { mem_write, &m };
	uint8_t head[16];
	struct fa_err e;

	(void)state;
	assert_fa_ok(fa_flat_emit_header(&w, &e), &e);
	assert_fa_ok(fa_flat_emit_record(&w, 8, "abcdefgh", 8, &e), &e);
	/* No end marker. */
	rebuild_fails(&m, 1 << 20, FA_ETRUNC,
		      "flattened stream ends at offset 0x1018 without the -1/-1 end marker");
	/* A record bigger than the limit. */
	rebuild_fails(&m, 4, FA_ERANGE,
		      "record at stream offset 0x1000: size 0x8 exceeds the limit 0x4");
	/* A negative offset that is not the end marker. */
	fa_flat_record_encode(head, -1, 8);
	mem_write(&m, head, 16, &e);
	rebuild_fails(&m, 1 << 20, FA_ECORRUPT,
		      "record at stream offset 0x1018: offset -1 size 8");
	/* Data cut short. */
	m.len -= 16;
	fa_flat_record_encode(head, 0, 100);
	mem_write(&m, head, 16, &e);
	mem_write(&m, "xyz", 3, &e);
	rebuild_fails(&m, 1 << 20, FA_ETRUNC, "data ends 97 bytes early");
	/* An end beyond 2^63. */
	m.len -= 19;
	fa_flat_record_encode(head, INT64_MAX, 1);
	mem_write(&m, head, 16, &e);
	rebuild_fails(&m, 1 << 20, FA_ERANGE, "ends beyond 2^63");
	/* The writer refuses the same. */
	assert_fa_error(fa_flat_emit_record(&w, UINT64_MAX, "a", 1, &e), &e,
			FA_ERANGE, "ends beyond 2^63");
	/* Not a flattened stream at all. */
	m.p[0] = 'M';
	rebuild_fails(&m, 1 << 20, FA_EMAGIC, "expected \"makedumpfile\"");
	m.len = 100;
	rebuild_fails(&m, 1 << 20, FA_ETRUNC, "need 4096 bytes");
	free(m.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_golden),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
