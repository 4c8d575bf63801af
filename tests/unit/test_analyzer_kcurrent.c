// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_analyzer_kcurrent.c - fa_kcpus_pair(): the kernel's notes of a
 * mainline FADump vmcore paired with the online CPUs by r13 = paca, the
 * rest in ascending order, and a count mismatch refused.
 */
#include "fa_test.h"

#include "kcurrent.h"

#define PACA(c)	(0xc00000007fff0000ULL + 0x1000 * (c))

static struct fa_kcpu cpus[4] = {
	{ 0, PACA(0), 0 }, { 1, PACA(1), 0 }, { 3, PACA(3), 0 },
	{ 5, PACA(5), 0 },
};

static void test_by_paca(void **state)
{
	struct fa_kcpus k = { cpus, 4, -1 };
	uint64_t notes[4][FA_CS_NREGS] = { { 0 } };
	size_t note_of[4], how[2] = { 0, 0 };
	struct fa_err e = { 0 };

	(void)state;
	/* Firmware order 5, 0, 3, 1. */
	notes[0][13] = PACA(5);
	notes[1][13] = PACA(0);
	notes[2][13] = PACA(3);
	notes[3][13] = PACA(1);
	assert_fa_ok(fa_kcpus_pair(&k, (const uint64_t (*)[FA_CS_NREGS])notes,
				   4, note_of, how, &e), &e);
	assert_int_equal(note_of[0], 1);
	assert_int_equal(note_of[1], 3);
	assert_int_equal(note_of[2], 2);
	assert_int_equal(note_of[3], 0);
	assert_int_equal(how[FA_KCPUS_BY_PACA], 4);
	assert_int_equal(how[FA_KCPUS_BY_ORDER], 0);
}

static void test_by_order(void **state)
{
	struct fa_kcpus k = { cpus, 4, -1 };
	uint64_t notes[4][FA_CS_NREGS] = { { 0 } };
	size_t note_of[4], how[2] = { 0, 0 };
	struct fa_err e = { 0 };

	(void)state;
	/* Only note 2 is known (CPU 1's); r13 of the others is a user value. */
	notes[0][13] = 0x7fff1234;
	notes[1][13] = 0x7fff1234;
	notes[2][13] = PACA(1);
	notes[3][13] = 0;
	assert_fa_ok(fa_kcpus_pair(&k, (const uint64_t (*)[FA_CS_NREGS])notes,
				   4, note_of, how, &e), &e);
	assert_int_equal(note_of[1], 2);
	assert_int_equal(note_of[0], 0);	/* the rest ascend */
	assert_int_equal(note_of[2], 1);
	assert_int_equal(note_of[3], 3);
	assert_int_equal(how[FA_KCPUS_BY_PACA], 1);
	assert_int_equal(how[FA_KCPUS_BY_ORDER], 3);
}

static void test_count_mismatch(void **state)
{
	struct fa_kcpus k = { cpus, 4, -1 };
	uint64_t notes[3][FA_CS_NREGS] = { { 0 } };
	size_t note_of[4], how[2] = { 0, 0 };
	struct fa_err e = { 0 };

	(void)state;
	assert_fa_error(fa_kcpus_pair(&k, (const uint64_t (*)[FA_CS_NREGS])notes,
				      3, note_of, how, &e), &e, FA_ECORRUPT,
			"3 CPU note(s) for 4 CPU(s) online at crash time");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_paca),
		cmocka_unit_test(test_by_order),
		cmocka_unit_test(test_count_mismatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
