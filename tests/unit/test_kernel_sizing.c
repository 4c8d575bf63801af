// SPDX-License-Identifier: GPL-2.0-or-later
/* test_kernel_sizing.c - memparse, parse_crashkernel, cmdline parameters. */
#include "fa_test.h"
#include "fadump.h"

static void test_memparse(void **state)
{
	const char *end;

	(void)state;
	assert_true(memparse("512M", &end) == 512ULL << 20);
	assert_int_equal(*end, '\0');
	assert_true(memparse("0x1000k", &end) == 0x1000ULL << 10);
	assert_true(memparse("2G-", &end) == 2ULL << 30);
	assert_int_equal(*end, '-');
	assert_true(memparse("x", &end) == 0);
}

static void test_crashkernel(void **state)
{
	uint64_t size, base;

	(void)state;
	assert_int_equal(parse_crashkernel("ro fadump=on", 4ULL << 30, &size,
					   &base), -ENOENT);
	assert_int_equal(parse_crashkernel("crashkernel=1G@64M", 4ULL << 30,
					   &size, &base), 0);
	assert_true(size == 1ULL << 30 && base == 64ULL << 20);
	/* range syntax: RAM rounded up to 128 MiB before matching */
	assert_int_equal(parse_crashkernel("crashkernel=512M-2G:256M,2G-:1G",
					   (2ULL << 30) - 1, &size, &base), 0);
	assert_true(size == 1ULL << 30);
	assert_int_equal(parse_crashkernel("crashkernel=512M-2G:256M,2G-:1G",
					   1ULL << 30, &size, &base), 0);
	assert_true(size == 256ULL << 20);
	/* the last one wins; ",high" ones are skipped */
	assert_int_equal(parse_crashkernel("crashkernel=1G crashkernel=2G crashkernel=3G,high",
					   8ULL << 30, &size, &base), 0);
	assert_true(size == 2ULL << 30);
	/* malformed: no '-', end <= start, size >= RAM, junk */
	assert_int_equal(parse_crashkernel("crashkernel=512M:256M", 1ULL << 30,
					   &size, &base), -EINVAL);
	assert_int_equal(parse_crashkernel("crashkernel=2G-1G:256M", 1ULL << 30,
					   &size, &base), -EINVAL);
	assert_int_equal(parse_crashkernel("crashkernel=0-:8G", 1ULL << 30,
					   &size, &base), -EINVAL);
	assert_int_equal(parse_crashkernel("crashkernel=1Gx", 1ULL << 30,
					   &size, &base), -EINVAL);
}

static void test_cmdline_param(void **state)
{
	char v[32];

	(void)state;
	assert_int_equal(fadump_cmdline_param("a fadump=on fadump=nocma b",
					      "fadump", v, sizeof(v)), 1);
	assert_string_equal(v, "nocma");
	assert_int_equal(fadump_cmdline_param("fadump_reserve_mem=1G",
					      "fadump", v, sizeof(v)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_crashkernel),
		cmocka_unit_test(test_cmdline_param),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
