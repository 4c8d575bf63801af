// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_errors.c - the FA_E* codes and the -errno values never collide (the
 * kernel model keeps both in one int rc), and fa_strstatus() names both.
 */
#include <errno.h>
#include <string.h>

#include "fa_test.h"

static const struct {
	int code;
	const char *name;
} codes[] = {
	{ FA_ETRUNC, "truncated" },
	{ FA_EMAGIC, "bad magic" },
	{ FA_EVERSION, "unsupported version" },
	{ FA_ERANGE, "out of range" },
	{ FA_ECORRUPT, "corrupt" },
	{ FA_EENDIAN, "wrong byte order" },
	{ FA_ENOMEM, "out of memory" },
	{ FA_EIO, "I/O error" },
	{ FA_EUNSUP, "unsupported" },
	{ FA_EINVAL, "invalid argument" },
	{ FA_ENOENT, "not found" },
	{ FA_ELIB, "library error" },
};

#define NCODES (sizeof(codes) / sizeof(codes[0]))

/* No FA_E* code is a -errno value (1 .. MAX_ERRNO), nor another FA_E*. */
static void test_no_errno_collision(void **state)
{
	size_t i, j;
	int err;

	(void)state;
	for (i = 0; i < NCODES; i++) {
		assert_true(codes[i].code < 0);
		assert_false(fa_is_errno(codes[i].code));
		for (err = 1; err <= FA_ERRNO_MAX; err++)
			if (codes[i].code == -err)
				fail_msg("%s (%d) == -errno %d", codes[i].name,
					 codes[i].code, err);
		for (j = i + 1; j < NCODES; j++)
			assert_int_not_equal(codes[i].code, codes[j].code);
	}
	/* The two collisions of the old numbering. */
	assert_int_not_equal(FA_ELIB, -ENOMEM);
	assert_int_not_equal(FA_ECORRUPT, -EIO);
}

static void test_is_errno(void **state)
{
	(void)state;
	assert_false(fa_is_errno(0));
	assert_true(fa_is_errno(-EPERM));
	assert_true(fa_is_errno(-ERANGE));
	assert_true(fa_is_errno(-FA_ERRNO_MAX));
	assert_false(fa_is_errno(-FA_ERRNO_MAX - 1));
	assert_false(fa_is_errno(1));
}

/* fa_strstatus() names both kinds; nothing else is "unknown". */
static void test_strstatus(void **state)
{
	size_t i;

	(void)state;
	assert_string_equal(fa_strstatus(FA_OK), "success");
	for (i = 0; i < NCODES; i++)
		assert_string_equal(fa_strstatus(codes[i].code), codes[i].name);
	assert_string_equal(fa_strstatus(-ENOENT), strerror(ENOENT));
	assert_string_equal(fa_strstatus(-EINVAL), strerror(EINVAL));
	assert_string_equal(fa_strstatus(-EFAULT), strerror(EFAULT));
	assert_string_equal(fa_strstatus(-FA_ERRNO_MAX - 1), "unknown error");
	assert_string_equal(fa_strstatus(FA_ELIB - 1), "unknown error");
	assert_string_equal(fa_strstatus(7), "unknown error");
}

/* fa_err_set() and fa_err_errno() keep the FA_E* code, not errno. */
static void test_err_codes(void **state)
{
	char want[FA_ERR_MSG_MAX];
	struct fa_err e;

	(void)state;
	assert_int_equal(fa_err_set(&e, FA_ECORRUPT, "x %d", 1), FA_ECORRUPT);
	assert_int_equal(e.code, FA_ECORRUPT);
	assert_string_equal(e.msg, "x 1");
	errno = ENOMEM;
	assert_int_equal(fa_err_errno(&e, "f"), FA_EIO);
	assert_int_equal(e.code, FA_EIO);
	snprintf(want, sizeof(want), "f: %s", strerror(ENOMEM));
	assert_string_equal(e.msg, want);
	assert_int_equal(fa_err_prefix(&e, "p: "), FA_EIO);
	assert_string_equal(e.msg + 3, want);
	assert_int_equal(fa_err_prefix(NULL, "p"), FA_EINVAL);
	assert_int_equal(fa_err_set(NULL, FA_EIO, "x"), FA_EIO);
	fa_err_clear(&e);
	assert_int_equal(e.code, FA_OK);
	assert_string_equal(e.msg, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_errno_collision),
		cmocka_unit_test(test_is_errno),
		cmocka_unit_test(test_strstatus),
		cmocka_unit_test(test_err_codes),
	};
	return cmocka_run_group_tests_name("errors", tests, NULL, NULL);
}
