// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_kstrtox.c - the kernel model's kstrtoint()/kstrtoull(): the
 * kernel's errno values (-EINVAL, -ERANGE), never an FA_E* code.
 */
#include <errno.h>
#include <limits.h>

#include "fa_test.h"
#include "kstrtox.h"

static void test_kstrtoint(void **state)
{
	static const struct { const char *s; int rc; int v; } cases[] = {
		{ "1", 0, 1 }, { "1\n", 0, 1 }, { "0x10", 0, 16 },
		{ "0X1f\n", 0, 31 }, { "010", 0, 8 }, { "-5", 0, -5 },
		{ "+7", 0, 7 }, { "-0", 0, 0 }, { "0", 0, 0 },
		{ "2147483647", 0, INT_MAX }, { "-2147483648", 0, INT_MIN },
		{ "2147483648", -ERANGE, 0 }, { "-2147483649", -ERANGE, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
		{ "", -EINVAL, 0 }, { "\n", -EINVAL, 0 }, { " 1", -EINVAL, 0 },
		{ "1 ", -EINVAL, 0 }, { "1\n\n", -EINVAL, 0 }, { "08", -EINVAL, 0 },
		{ "0x", -EINVAL, 0 }, { "abc", -EINVAL, 0 }, { "+-1", -EINVAL, 0 },
		{ "-+1", -EINVAL, 0 }, { "--1", -EINVAL, 0 },
	};
	unsigned long long u;
	size_t i;
	int v, rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 12345;
		rc = kstrtoint(cases[i].s, 0, &v);
		if (rc != cases[i].rc)
			fail_msg("kstrtoint(\"%s\") = %d, want %d", cases[i].s,
				 rc, cases[i].rc);
		if (!rc && v != cases[i].v)
			fail_msg("kstrtoint(\"%s\") -> %d, want %d", cases[i].s,
				 v, cases[i].v);
	}
	assert_int_equal(kstrtoint("10", 16, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(kstrtoull("18446744073709551615", 0, &u), 0);
	assert_true(u == ULLONG_MAX);
	assert_int_equal(kstrtoull("18446744073709551616", 0, &u), -ERANGE);
	assert_int_equal(kstrtoull("-1", 0, &u), -EINVAL);
}

/* Only errno values come back, whatever the input. */
static void test_errno_only(void **state)
{
	static const char *const in[] = {
		"", "x", "0x", "1 2", "99999999999999999999999", "-", "+", "\n",
	};
	unsigned long long u;
	size_t i;
	int v, rc;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		rc = kstrtoint(in[i], 0, &v);
		assert_true(rc == -EINVAL || rc == -ERANGE);
		assert_true(fa_is_errno(rc));
		rc = kstrtoull(in[i], 0, &u);
		assert_true(rc == -EINVAL || rc == -ERANGE);
	}
	/* bases as the kernel takes them */
	assert_int_equal(kstrtoull("10", 1, &u), -EINVAL);
	assert_int_equal(kstrtoull("10", 17, &u), -EINVAL);
	assert_int_equal(kstrtoull("0x1f", 16, &u), 0);
	assert_true(u == 31);
	assert_int_equal(kstrtoull("1f", 16, &u), 0);
	assert_true(u == 31);
	assert_int_equal(kstrtoull("777", 8, &u), 0);
	assert_true(u == 0777);
	assert_int_equal(kstrtoull("8", 8, &u), -EINVAL);
	assert_int_equal(kstrtoull("+0", 10, &u), 0);
	assert_true(u == 0);
	assert_int_equal(kstrtoint("-9223372036854775808", 0, &v), -ERANGE);
	assert_int_equal(kstrtoint("-18446744073709551615", 0, &v), -ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kstrtoint),
		cmocka_unit_test(test_errno_only),
	};
	return cmocka_run_group_tests_name("kernel_kstrtox", tests, NULL, NULL);
}
