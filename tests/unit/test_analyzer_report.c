// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_analyzer_report.c - SHA-256 against the FIPS 180-4 / NIST vectors,
 * the JSON writer (escaping, nesting, misuse), tables (alignment, the
 * 80-column cut, no trailing blanks) and the number formatters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fa_test.h"
#include "report.h"
#include "sha256.h"

static void sha_hex(const void *d, size_t len, char hex[FA_SHA256_HEX_LEN])
{
	struct fa_sha256 s;
	uint8_t dg[FA_SHA256_LEN];

	fa_sha256_init(&s);
	fa_sha256_update(&s, d, len);
	fa_sha256_final(&s, dg);
	fa_sha256_hex(dg, hex);
}

static void test_sha256_vectors(void **state)
{
	char h[FA_SHA256_HEX_LEN];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	sha_hex("", 0, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha_hex("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha_hex(two, strlen(two), h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* One million 'a', fed in odd-sized pieces: the partial-block paths. */
static void test_sha256_million_a(void **state)
{
	struct fa_sha256 s;
	uint8_t dg[FA_SHA256_LEN], *buf = malloc(1000000);
	char h[FA_SHA256_HEX_LEN];
	size_t off = 0, step = 1;

	(void)state;
	memset(buf, 'a', 1000000);
	fa_sha256_init(&s);
	while (off < 1000000) {
		size_t n = step < 1000000 - off ? step : 1000000 - off;

		fa_sha256_update(&s, buf + off, n);
		off += n;
		step = step * 3 % 1021 + 1;
	}
	fa_sha256_final(&s, dg);
	assert_string_equal(fa_sha256_hex(dg, h),
			    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(buf);
}

/* 55, 56 and 64 bytes: the padding boundaries. */
static void test_sha256_padding(void **state)
{
	char h[FA_SHA256_HEX_LEN];
	char a[64];

	(void)state;
	memset(a, 'a', sizeof(a));
	sha_hex(a, 55, h);
	assert_string_equal(h, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
	sha_hex(a, 56, h);
	assert_string_equal(h, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
	sha_hex(a, 64, h);
	assert_string_equal(h, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

static char *capture(void (*fn)(FILE *f, void *arg), void *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	fn(f, arg);
	fclose(f);
	return text;
}

static void json_doc(FILE *f, void *arg)
{
	struct fa_json j;

	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	fa_json_str(&j, "s", "a\"b\\c\n\t\x01\x7f");
	fa_json_strn(&j, "bin", "x\0\xff\xc3\xa9", 5);
	fa_json_hex(&j, "addr", 0x1f);
	fa_json_hex(&j, "zero", 0);
	fa_json_u64(&j, "big", UINT64_MAX);
	fa_json_i64(&j, "neg", -5);
	fa_json_bool(&j, "t", 1);
	fa_json_null(&j, "n");
	fa_json_str(&j, "nullstr", NULL);
	fa_json_array_begin(&j, "a");
	fa_json_u64(&j, NULL, 1);
	fa_json_object_begin(&j, NULL);
	fa_json_object_end(&j);
	fa_json_array_end(&j);
	fa_json_array_begin(&j, "empty");
	fa_json_array_end(&j);
	fa_json_object_end(&j);
	*(int *)arg = fa_json_finish(&j);
}

static void test_json_golden(void **state)
{
	int ret = -1;
	char *t = capture(json_doc, &ret);

	(void)state;
	assert_int_equal(ret, 0);
	assert_string_equal(t,
		"{\n"
		"  \"s\": \"a\\\"b\\\\c\\n\\t\\u0001\\u007f\",\n"
		"  \"bin\": \"x\\u0000\\u00ff\xc3\xa9\",\n"
		"  \"addr\": \"0x1f\",\n"
		"  \"zero\": \"0x0\",\n"
		"  \"big\": 18446744073709551615,\n"
		"  \"neg\": -5,\n"
		"  \"t\": true,\n"
		"  \"n\": null,\n"
		"  \"nullstr\": null,\n"
		"  \"a\": [\n"
		"    1,\n"
		"    {}\n"
		"  ],\n"
		"  \"empty\": []\n"
		"}\n");
	free(t);
}

static void json_misuse(FILE *f, void *arg)
{
	struct fa_json j;
	int *r = arg;

	/* A member without a key. */
	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	fa_json_u64(&j, NULL, 1);
	fa_json_object_end(&j);
	r[0] = fa_json_finish(&j);
	/* A key inside an array. */
	fa_json_init(&j, f);
	fa_json_array_begin(&j, NULL);
	fa_json_u64(&j, "k", 1);
	fa_json_array_end(&j);
	r[1] = fa_json_finish(&j);
	/* Unbalanced. */
	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	r[2] = fa_json_finish(&j);
	/* Mismatched close. */
	fa_json_init(&j, f);
	fa_json_object_begin(&j, NULL);
	fa_json_array_end(&j);
	r[3] = fa_json_finish(&j);
	/* Two top-level values. */
	fa_json_init(&j, f);
	fa_json_u64(&j, NULL, 1);
	fa_json_u64(&j, NULL, 2);
	r[4] = fa_json_finish(&j);
}

static void test_json_misuse(void **state)
{
	int r[5] = { 0 };
	char *t = capture(json_misuse, r);
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		assert_int_equal(r[i], FA_EINVAL);
	free(t);
}

static void table_doc(FILE *f, void *arg)
{
	static const char *const head[] = { "NAME", "VALUE", "NOTE" };
	static const int align[] = { FA_LEFT, FA_RIGHT, FA_LEFT };
	struct fa_table t;

	fa_table_init(&t, 3, head, align);
	fa_table_row(&t, "%s\t%s\t%s", "a", "0x1", "");
	fa_table_row(&t, "%s\t%s\t%s", "longer", "0x12345", "n");
	fa_table_row(&t, "only");
	*(int *)arg = fa_table_print(&t, f);
	fa_table_free(&t);
}

static void test_table_golden(void **state)
{
	int ret = -1;
	char *t = capture(table_doc, &ret);

	(void)state;
	assert_int_equal(ret, 0);
	assert_string_equal(t,
		"NAME      VALUE  NOTE\n"
		"------  -------  ----\n"
		"a           0x1\n"
		"longer  0x12345  n\n"
		"only\n");
	free(t);
}

static void wide_doc(FILE *f, void *arg)
{
	static const char *const head[] = { "A", "B" };
	struct fa_table t;
	char big[120];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fa_table_init(&t, 2, head, NULL);
	fa_table_row(&t, "%s\t%s", "key", big);
	*(int *)arg = fa_table_print(&t, f);
	fa_table_free(&t);
}

static void test_table_cut_to_80(void **state)
{
	int ret = -1;
	char *t = capture(wide_doc, &ret), *line, *save = NULL;

	(void)state;
	assert_int_equal(ret, 0);
	for (line = strtok_r(t, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		assert_true(strlen(line) <= 80);
	free(t);
	t = capture(wide_doc, &ret);
	assert_non_null(strstr(t, "x~\n"));
	free(t);
}

static void test_formatters(void **state)
{
	char h[FA_HEX_LEN], z[FA_SIZE_LEN], u[FA_TIME_LEN];

	(void)state;
	assert_string_equal(fa_rpt_hex(h, 0), "0x0");
	assert_string_equal(fa_rpt_hex(h, 0x14050000), "0x14050000");
	assert_string_equal(fa_rpt_hex016(h, 0x14050000), "0x00000014050000");
	assert_string_equal(fa_rpt_size(z, 0), "0 B");
	assert_string_equal(fa_rpt_size(z, 680), "680 B");
	assert_string_equal(fa_rpt_size(z, 0x14000000), "320 MiB");
	assert_string_equal(fa_rpt_size(z, 0x40020), "256.0 KiB");
	assert_string_equal(fa_rpt_size(z, 1536ull << 20), "1.5 GiB");
	assert_string_equal(fa_rpt_size(z, UINT64_MAX), "15.9 EiB");
	assert_string_equal(fa_rpt_utc(u, 0), "1970-01-01 00:00:00 UTC");
	assert_string_equal(fa_rpt_utc(u, 1713286363), "2024-04-16 16:52:43 UTC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_million_a),
		cmocka_unit_test(test_sha256_padding),
		cmocka_unit_test(test_json_golden),
		cmocka_unit_test(test_json_misuse),
		cmocka_unit_test(test_table_golden),
		cmocka_unit_test(test_table_cut_to_80),
		cmocka_unit_test(test_formatters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
