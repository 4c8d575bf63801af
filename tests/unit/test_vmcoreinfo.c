// SPDX-License-Identifier: GPL-2.0-or-later
/* test_vmcoreinfo.c - VMCOREINFO parser, typed lookups and builder. */
#include "fa_test.h"
#include "vmcoreinfo.h"

/* Every key form as the kernel prints it; last line without "\n". */
static const char every_form[] =
	"OSRELEASE=6.1.0-47-powerpc64le\n"
	"BUILD-ID=0123456789abcdef0123456789abcdef01234567\n"
	"PAGESIZE=65536\n"
	"SYMBOL(prb)=c000000002a1b2c8\n"
	"SIZE(printk_info)=88\n"
	"OFFSET(printk_info.seq)=0\n"
	"OFFSET(prb_desc_ring.tail_id)=32\n"
	"LENGTH(printk_info_device)=48\n"
	"NUMBER(PG_hwpoison)=23\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"NUMBER(VMALLOC_START)=0xc008000000000000\n"
	"NUMBER(RADIX_MMU)=1\n"
	"KERNELOFFSET=2000000\n"
	"CRASHTIME=1700000000";

static struct fa_vmcoreinfo *parse_ok(const char *t, size_t len)
{
	struct fa_vmcoreinfo *vi;
	struct fa_err e;

	assert_fa_ok(fa_vmci_parse(t, len, &vi, &e), &e);
	return vi;
}

static void test_every_form(void **state)
{
	struct fa_vmcoreinfo *vi = parse_ok(every_form, sizeof(every_form) - 1);
	const char *k, *v;
	uint64_t u;
	int64_t s;

	(void)state;
	assert_int_equal(fa_vmci_count(vi), 14);
	assert_string_equal(fa_vmci_get(vi, "OSRELEASE"), "6.1.0-47-powerpc64le");
	assert_string_equal(fa_vmci_get(vi, "BUILD-ID"),
			    "0123456789abcdef0123456789abcdef01234567");
	assert_int_equal(fa_vmci_symbol(vi, "prb", &u), 0);
	assert_true(u == 0xc000000002a1b2c8ULL);
	assert_int_equal(fa_vmci_size(vi, "printk_info", &s), 0);
	assert_int_equal(s, 88);
	assert_int_equal(fa_vmci_offset(vi, "printk_info.seq", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(fa_vmci_offset(vi, "prb_desc_ring.tail_id", &s), 0);
	assert_int_equal(s, 32);
	assert_int_equal(fa_vmci_length(vi, "printk_info_device", &s), 0);
	assert_int_equal(s, 48);
	assert_int_equal(fa_vmci_number(vi, "PG_hwpoison", &s), 0);
	assert_int_equal(s, 23);
	assert_int_equal(fa_vmci_number(vi, "PAGE_BUDDY_MAPCOUNT_VALUE", &s), 0);
	assert_int_equal(s, -129);
	assert_int_equal(fa_vmci_number(vi, "VMALLOC_START", &s), 0);
	assert_true((uint64_t)s == 0xc008000000000000ULL);
	assert_int_equal(fa_vmci_u64(vi, "PAGESIZE", 10, &u), 0);
	assert_int_equal(u, 65536);
	assert_int_equal(fa_vmci_u64(vi, "KERNELOFFSET", 16, &u), 0);
	assert_int_equal(u, 0x2000000);
	assert_int_equal(fa_vmci_u64(vi, "CRASHTIME", 10, &u), 0);
	assert_int_equal(u, 1700000000);
	/* Absent keys and the wrong form of a present name. */
	assert_null(fa_vmci_get(vi, "SYMBOL(log_buf)"));
	assert_int_equal(fa_vmci_symbol(vi, "log_buf", &u), FA_ENOENT);
	assert_int_equal(fa_vmci_size(vi, "prb", &s), FA_ENOENT);
	/* Iteration is in file order. */
	assert_int_equal(fa_vmci_entry(vi, 3, &k, &v), 0);
	assert_string_equal(k, "SYMBOL(prb)");
	assert_string_equal(v, "c000000002a1b2c8");
	assert_int_equal(fa_vmci_entry(vi, 13, &k, &v), 0);
	assert_string_equal(k, "CRASHTIME");
	assert_int_equal(fa_vmci_entry(vi, 14, &k, &v), FA_ERANGE);
	assert_int_equal(fa_vmci_duplicates(vi), 0);
	assert_int_equal(fa_vmci_truncated(vi), 0);
	fa_vmci_free(vi);
}

static void test_nul_padding_and_empty(void **state)
{
	char page[4096] = "OSRELEASE=5.14\nPAGESIZE=4096\n";
	struct fa_vmcoreinfo *vi = parse_ok(page, sizeof(page));
	struct fa_err e;

	(void)state;
	assert_int_equal(fa_vmci_count(vi), 2);
	assert_string_equal(fa_vmci_get(vi, "OSRELEASE"), "5.14");
	fa_vmci_free(vi);
	vi = parse_ok("", 0);
	assert_int_equal(fa_vmci_count(vi), 0);
	fa_vmci_free(vi);
	/* A byte after the padding is not padding. */
	page[100] = 'X';
	assert_fa_error(fa_vmci_parse(page, sizeof(page), &vi, &e), &e,
			FA_ECORRUPT, "byte 0x58 at offset 100 after the NUL padding starting at 29");
	assert_null(vi);
}

static void test_duplicates_keep_first(void **state)
{
	static const char t[] = "OSRELEASE=6.1\nCRASHTIME=100\nCRASHTIME=200\n";
	struct fa_vmcoreinfo *vi = parse_ok(t, sizeof(t) - 1);
	uint64_t u;

	(void)state;
	assert_int_equal(fa_vmci_u64(vi, "CRASHTIME", 10, &u), 0);
	assert_int_equal(u, 100);
	assert_int_equal(fa_vmci_duplicates(vi), 1);
	assert_string_equal(fa_vmci_first_duplicate(vi), "CRASHTIME");
	assert_int_equal(fa_vmci_count(vi), 3);
	fa_vmci_free(vi);
}

static void test_malformed_text(void **state)
{
	struct fa_vmcoreinfo *vi;
	struct fa_err e;
	const char *bad;
	char *big;

	(void)state;
	/* Lines that are no KEY=VALUE are skipped, the first one described. */
	assert_int_equal(fa_vmci_parse("OSRELEASE=6.1\nGARBAGE\nPAGESIZE=1\n",
				       34, &vi, &e), 0);
	assert_string_equal(fa_vmci_get(vi, "PAGESIZE"), "1");
	assert_int_equal(fa_vmci_bad_lines(vi, &bad), 1);
	assert_string_equal(bad, "line 2 (offset 14): expected KEY=VALUE, found \"GARBAGE\"");
	fa_vmci_free(vi);
	assert_int_equal(fa_vmci_parse("OSRELEASE=6.1\n\nX=1\n=2\n", 22, &vi, &e), 0);
	assert_string_equal(fa_vmci_get(vi, "X"), "1");
	assert_int_equal(fa_vmci_bad_lines(vi, &bad), 2);
	assert_string_equal(bad, "line 2 (offset 14): expected KEY=VALUE, found \"\"");
	fa_vmci_free(vi);
	assert_int_equal(fa_vmci_parse("=1\n", 3, &vi, &e), 0);
	assert_int_equal(fa_vmci_bad_lines(vi, &bad), 1);
	assert_string_equal(bad, "line 1 (offset 0): empty key");
	fa_vmci_free(vi);
	assert_int_equal(fa_vmci_parse("A=1\n", 4, &vi, &e), 0);
	assert_int_equal(fa_vmci_bad_lines(vi, &bad), 0);
	assert_null(bad);
	fa_vmci_free(vi);
	assert_fa_error(fa_vmci_parse("OSRELEASE=6\x01\n", 13, &vi, &e), &e,
			FA_ECORRUPT, "non-printable byte 0x01 at offset 11");
	assert_fa_error(fa_vmci_parse("OSRELEASE=6\xc3\n", 13, &vi, &e), &e,
			FA_ECORRUPT, "non-printable byte 0xc3 at offset 11");
	big = calloc(1, FA_VMCI_MAX_TEXT + 1);
	assert_non_null(big);
	assert_fa_error(fa_vmci_parse(big, FA_VMCI_MAX_TEXT + 1, &vi, &e), &e,
			FA_ERANGE, "1048577 bytes, more than the 1048576");
	free(big);
}

static void test_bad_values_name_the_key(void **state)
{
	static const char t[] =
		"SYMBOL(prb)=c0000000zz\n"
		"SYMBOL(empty)=\n"
		"SIZE(page)=-1\n"
		"OFFSET(page.flags)=8x\n"
		"LENGTH(huge)=99999999999999999999\n"
		"NUMBER(bad)=--3\n"
		"NUMBER(neg)=-9223372036854775808\n"
		"PAGESIZE=0x10000\n";
	struct fa_vmcoreinfo *vi = parse_ok(t, sizeof(t) - 1);
	struct fa_err e;
	uint64_t u;
	int64_t s;

	(void)state;
	assert_int_equal(fa_vmci_symbol(vi, "prb", &u), FA_ECORRUPT);
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_SYMBOL, "prb", &u, &e), &e,
			FA_ECORRUPT,
			"VMCOREINFO SYMBOL(prb): expected a hex address, found \"c0000000zz\"");
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_SYMBOL, "empty", &u, &e), &e,
			FA_ECORRUPT, "SYMBOL(empty): expected a hex address, found \"\"");
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_SIZE, "page", &u, &e), &e,
			FA_ECORRUPT, "SIZE(page): expected an unsigned decimal");
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_OFFSET, "page.flags", &u, &e),
			&e, FA_ECORRUPT, "OFFSET(page.flags): expected");
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_LENGTH, "huge", &u, &e), &e,
			FA_ECORRUPT, "LENGTH(huge)");
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_NUMBER, "bad", &u, &e), &e,
			FA_ECORRUPT, "NUMBER(bad): expected a signed decimal");
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_DEC, "PAGESIZE", &u, &e), &e,
			FA_ECORRUPT, "PAGESIZE: expected an unsigned decimal, found \"0x10000\"");
	assert_fa_error(fa_vmci_read(vi, FA_VMCI_OFFSET, "printk_info.seq", &u,
				     &e), &e, FA_ENOENT,
			"VMCOREINFO has no OFFSET(printk_info.seq)");
	assert_int_equal(fa_vmci_number(vi, "neg", &s), 0);
	assert_true(s == INT64_MIN);
	fa_vmci_free(vi);
}

static void test_truncated_text(void **state)
{
	/* Cut by the PAGE_SIZE cap inside a key, and inside a value. */
	static const char cut_key[] = "OSRELEASE=6.1\nSYMBOL(mem_sec";
	static const char cut_val[] = "OSRELEASE=6.1\nSYMBOL(mem_section)=c00";
	struct fa_vmcoreinfo *vi = parse_ok(cut_key, sizeof(cut_key) - 1);
	uint64_t u;

	(void)state;
	assert_int_equal(fa_vmci_count(vi), 1);
	assert_int_equal(fa_vmci_truncated(vi), 1);
	fa_vmci_free(vi);
	vi = parse_ok(cut_val, sizeof(cut_val) - 1);
	assert_int_equal(fa_vmci_truncated(vi), 0);
	assert_int_equal(fa_vmci_symbol(vi, "mem_section", &u), 0);
	assert_int_equal(u, 0xc00);
	fa_vmci_free(vi);
}

static const char built[] =
	"OSRELEASE=6.1.0\n"
	"BUILD-ID=deadbeef00000000000000000000000000000001\n"
	"PAGESIZE=65536\n"
	"SYMBOL(prb)=c000000001234560\n"
	"SIZE(printk_info)=88\n"
	"OFFSET(printk_info.text_len)=16\n"
	"LENGTH(printk_info_device)=48\n"
	"NUMBER(PAGE_BUDDY_MAPCOUNT_VALUE)=-129\n"
	"KERNELOFFSET=0\n";

static void test_builder_kernel_formats(void **state)
{
	static const uint8_t id[20] = { 0xde, 0xad, 0xbe, 0xef, [19] = 0x01 };
	char buf[4096];
	struct fa_vmci_builder b;
	struct fa_vmcoreinfo *vi;
	int64_t s;

	(void)state;
	fa_vmci_builder_init(&b, buf, sizeof(buf));
	fa_vmci_add_osrelease(&b, "6.1.0");
	fa_vmci_add_build_id(&b, id);
	fa_vmci_add_pagesize(&b, 65536);
	fa_vmci_add_symbol(&b, "prb", 0xc000000001234560ULL);
	fa_vmci_add_size(&b, "printk_info", 88);
	fa_vmci_add_offset(&b, "printk_info.text_len", 16);
	fa_vmci_add_length(&b, "printk_info_device", 48);
	fa_vmci_add_number(&b, "PAGE_BUDDY_MAPCOUNT_VALUE", -129);
	fa_vmci_add_kerneloffset(&b, 0);
	assert_int_equal(b.truncated, 0);
	assert_int_equal(b.len, sizeof(built) - 1);
	assert_memory_equal(buf, built, b.len);
	b.len = fa_vmci_append_crashtime(buf, b.len, sizeof(buf), 1700000000);
	assert_fa_ok(fa_vmci_parse(buf, b.len, &vi, NULL), (&(struct fa_err){0}));
	assert_int_equal(fa_vmci_number(vi, "PAGE_BUDDY_MAPCOUNT_VALUE", &s), 0);
	assert_int_equal(s, -129);
	assert_string_equal(fa_vmci_get(vi, "CRASHTIME"), "1700000000");
	fa_vmci_free(vi);
}

static void test_builder_caps(void **state)
{
	char buf[64], name[100];
	struct fa_vmci_builder b;
	size_t len;

	(void)state;
	/* One append keeps at most 79 bytes, like the kernel's buf[0x50]. */
	memset(name, 'a', 90);
	name[90] = '\0';
	fa_vmci_builder_init(&b, (char[200]){0}, 200);
	fa_vmci_appendf(&b, "SYMBOL(%s)=1\n", name);
	assert_int_equal(b.len, 79);
	assert_int_equal(b.buf[78], 'a');
	/* The PAGE_SIZE cap cuts the last line and CRASHTIME in the middle. */
	memset(buf, 'x', sizeof(buf));
	len = fa_vmci_append_crashtime(buf, 50, sizeof(buf), 1700000000);
	assert_int_equal(len, 64);
	assert_memory_equal(buf + 50, "CRASHTIME=1700", 14);
	assert_int_equal(fa_vmci_append_crashtime(buf, 64, 64, 1), 64);
	fa_vmci_builder_init(&b, buf, 20);
	fa_vmci_add_osrelease(&b, "6.1.0-47-powerpc64le");
	assert_int_equal(b.len, 20);
	assert_int_equal(b.truncated, 1);
	len = fa_vmci_append_crashtime(buf, 0, sizeof(buf), -5);
	assert_memory_equal(buf, "CRASHTIME=-5\n", len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_form),
		cmocka_unit_test(test_nul_padding_and_empty),
		cmocka_unit_test(test_duplicates_keep_first),
		cmocka_unit_test(test_malformed_text),
		cmocka_unit_test(test_bad_values_name_the_key),
		cmocka_unit_test(test_truncated_text),
		cmocka_unit_test(test_builder_kernel_formats),
		cmocka_unit_test(test_builder_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
