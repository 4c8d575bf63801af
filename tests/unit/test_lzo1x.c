// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_lzo1x.c - the LZO1X-1 encoder: golden streams for each
 * instruction, and every output read back by liblzo2's
 * lzo1x_decompress_safe() (what makedumpfile, crash and libkdumpfile
 * use) equal to its input, over page-sized and odd-sized inputs of
 * random, repeated, zero and mixed content.
 */
#include <lzo/lzo1x.h>

#include "fa_test.h"
#include "lzo1x.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/*
 * Compress @len bytes of @in into a buffer of exactly the bound (ASan
 * sees any write beyond it), with the work memory full of garbage, and
 * check that liblzo2 reads back @in; returns the stream (caller frees).
 */
static uint8_t *roundtrip(const uint8_t *in, size_t len, size_t *outlen)
{
	uint8_t *out = malloc(FA_LZO1X_BOUND(len)), *back = malloc(len + 1);
	void *wrk = malloc(FA_LZO1X_WRK_SIZE);
	lzo_uint got = len;
	size_t n;

	assert_non_null(out);
	assert_non_null(back);
	assert_non_null(wrk);
	memset(wrk, 0xa5, FA_LZO1X_WRK_SIZE);
	n = fa_lzo1x_compress(in, len, out, wrk);
	assert_true(n >= 4 && n <= FA_LZO1X_BOUND(len));
	if (lzo1x_decompress_safe(out, n, back, &got, NULL) != LZO_E_OK ||
	    got != len || memcmp(back, in, len))
		fail_msg("%zu-byte input: liblzo2 does not read back what was compressed",
			 len);
	free(back);
	free(wrk);
	*outlen = n;
	return out;
}

static void expect_stream(const uint8_t *in, size_t len, const uint8_t *want,
			  size_t wantlen)
{
	size_t n;
	uint8_t *out = roundtrip(in, len, &n);

	assert_int_equal(n, wantlen);
	assert_memory_equal(out, want, wantlen);
	free(out);
}

static void test_golden_m3(void **state)
{
	const uint8_t *in = (const uint8_t *)
		"abcdabcdabcdabcdabcdabcdabcdabcd";
	/* 4 opening literals (17 + 4), then 28 bytes at distance 4 (M3), end */
	static const uint8_t want[] = {
		0x15, 'a', 'b', 'c', 'd', 0x20 | 26, 3 << 2, 0, 0x11, 0, 0,
	};

	(void)state;
	expect_stream(in, 32, want, sizeof(want));
}

static void test_golden_m2_long_literals(void **state)
{
	const uint8_t *in = (const uint8_t *)
		"abcdefghabcdefgh0123456789ABCDEFGHIJ";
	/*
	 * 8 opening literals; 8 bytes at distance 8 (M2: length - 1 = 7,
	 * distance - 1 = 7); 20 closing literals: 0, then 20 - 18.
	 */
	static const uint8_t want[] = {
		0x19, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 0xfc, 0x00,
		0x00, 0x02, '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
		'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J',
		0x11, 0x00, 0x00,
	};

	(void)state;
	expect_stream(in, 36, want, sizeof(want));
}

/* Inputs too short to search, and out of range. */
static void test_short_and_range(void **state)
{
	static const uint8_t one = 'x';
	uint8_t out[FA_LZO1X_BOUND(1)], wrk[FA_LZO1X_WRK_SIZE];
	static const uint8_t want[] = { 17 + 1, 'x', 0x11, 0, 0 };
	size_t n, len;
	uint8_t buf[21], *s;

	(void)state;
	expect_stream(&one, 1, want, sizeof(want));
	for (len = 1; len <= sizeof(buf); len++) {
		memset(buf, 0, len);
		s = roundtrip(buf, len, &n);
		free(s);
	}
	assert_int_equal(fa_lzo1x_compress(&one, 0, out, wrk), 0);
	assert_int_equal(fa_lzo1x_compress(&one, FA_LZO1X_MAX_IN + 1, out, wrk), 0);
}

/*
 * 64 KiB: a block at the start seen again 30000 bytes on (an M4, and a
 * distance above 48 KiB refused), zero runs long enough for the count
 * bytes of M3 and M4.
 */
static void test_far_matches(void **state)
{
	size_t len = FA_LZO1X_MAX_IN, n, i;
	uint8_t *in = calloc(1, len), *out, *at;
	/*
	 * The first zero run, about 29930 bytes at a distance of a few
	 * (where the search first meets it depends on its step): an M3 of
	 * 32, 117 count bytes of 0, the rest, the distance.
	 */
	uint8_t m3[1 + 117] = { 0x20 };
	/* M4, 30000 bytes at distance 30000: 16, 117 x 0, 29991 - 29835 */
	uint8_t m4[1 + 117 + 1 + 2] = { 0x10 };

	(void)state;
	assert_non_null(in);
	for (i = 0; i < 64; i++)
		in[i] = (uint8_t)(next_rand() | 1);
	memcpy(in + 30000, in, 64);
	m4[118] = 29991 - 117 * 255;
	m4[119] = (uint8_t)((30000 - 16384) << 2);
	m4[120] = (uint8_t)((30000 - 16384) >> 6);
	out = roundtrip(in, len, &n);
	at = memmem(out, n, m3, sizeof(m3));
	if (!at || at + sizeof(m3) + 3 > out + n || !at[sizeof(m3)] ||
	    (at[sizeof(m3) + 1] >> 2) > 15 || at[sizeof(m3) + 2])
		fail_msg("no M3 of about 29930 bytes at a short distance in the %zu-byte stream",
			 n);
	if (!memmem(out, n, m4, sizeof(m4)))
		fail_msg("no M4 of 30000 bytes at distance 30000 in the %zu-byte stream", n);
	free(out);
	free(in);
}

/* Random mixtures of literals, near and far copies, runs; any length. */
static void fill_mixed(uint8_t *p, size_t len)
{
	size_t at = 0, n, d, i;

	while (at < len) {
		n = 1 + next_rand() % 300;
		if (n > len - at)
			n = len - at;
		switch (next_rand() % 5) {
		case 0:	/* random bytes */
			for (i = 0; i < n; i++)
				p[at + i] = (uint8_t)next_rand();
			break;
		case 1:	/* a run of one byte */
			memset(p + at, (int)(next_rand() & 3), n);
			break;
		case 2:	/* a copy of a near earlier stretch */
		case 3:	/* or of a far one (overlap allowed) */
			if (!at) {
				memset(p, 'a', n);
				break;
			}
			d = 1 + next_rand() % (next_rand() % 5 == 3 ? at : (at < 64 ? at : 64));
			for (i = 0; i < n; i++)
				p[at + i] = p[at + i - d];
			break;
		default: /* text-like: few distinct bytes */
			for (i = 0; i < n; i++)
				p[at + i] = (uint8_t)("etaoin shrdlu\n"[next_rand() % 14]);
			break;
		}
		at += n;
	}
}

static void test_roundtrip_mixed(void **state)
{
	static const size_t sizes[] = { 4096, 4096, 4096, 65536, 16384 + 7,
					 49152, 2048, 333, 4095, 4097 };
	uint8_t *in = malloc(FA_LZO1X_MAX_IN), *out;
	size_t k, len, n;

	(void)state;
	assert_non_null(in);
	for (k = 0; k < 1200; k++) {
		len = k < 1000 ? sizes[k % 10] : 1 + next_rand() % FA_LZO1X_MAX_IN;
		fill_mixed(in, len);
		out = roundtrip(in, len, &n);
		free(out);
	}
	/* all zeros, all random: the two extremes of a page */
	memset(in, 0, 4096);
	out = roundtrip(in, 4096, &n);
	assert_true(n < 64);
	free(out);
	for (k = 0; k < 4096; k++)
		in[k] = (uint8_t)next_rand();
	out = roundtrip(in, 4096, &n);
	assert_true(n > 4096);	/* does not fit: the caller stores it raw */
	free(out);
	free(in);
}

/* The stream is a function of the input: work memory and history aside. */
static void test_deterministic(void **state)
{
	uint8_t in[4096], a[FA_LZO1X_BOUND(4096)], b[FA_LZO1X_BOUND(4096)];
	uint8_t wrk[FA_LZO1X_WRK_SIZE], other[4096];
	size_t na, nb;

	(void)state;
	fill_mixed(in, sizeof(in));
	fill_mixed(other, sizeof(other));
	memset(wrk, 0, sizeof(wrk));
	na = fa_lzo1x_compress(in, sizeof(in), a, wrk);
	(void)fa_lzo1x_compress(other, sizeof(other), b, wrk);
	nb = fa_lzo1x_compress(in, sizeof(in), b, wrk);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_m3),
		cmocka_unit_test(test_golden_m2_long_literals),
		cmocka_unit_test(test_short_and_range),
		cmocka_unit_test(test_far_matches),
		cmocka_unit_test(test_roundtrip_mixed),
		cmocka_unit_test(test_deterministic),
	};

	if (lzo_init() != LZO_E_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
