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

/* Pair four notes whose r13 are @r13 with cpus[]; check against @want. */
static void check_pair(const uint64_t r13[4], const size_t want[4],
		       size_t by_paca)
{
	struct fa_kcpus k = { cpus, 4, -1 };
	uint64_t notes[4][FA_PT_NREGS] = { { 0 } };
	size_t i, note_of[4], how[2] = { 0, 0 };
	struct fa_err e = { 0 };

	for (i = 0; i < 4; i++)
		notes[i][13] = r13[i];
	assert_fa_ok(fa_kcpus_pair(&k, (const uint64_t (*)[FA_PT_NREGS])notes,
				   4, note_of, how, &e), &e);
	for (i = 0; i < 4; i++)
		assert_int_equal(note_of[i], want[i]);
	assert_int_equal(how[FA_KCPUS_BY_PACA], by_paca);
	assert_int_equal(how[FA_KCPUS_BY_ORDER], 4 - by_paca);
}

static void test_by_paca(void **state)
{
	/* Firmware order 5, 0, 3, 1. */
	const uint64_t r13[4] = { PACA(5), PACA(0), PACA(3), PACA(1) };
	const size_t want[4] = { 1, 3, 2, 0 };

	(void)state;
	check_pair(r13, want, 4);
}

static void test_by_order(void **state)
{
	/* Only note 2 is known (CPU 1's); the rest ascend over 0, 3, 5. */
	const uint64_t r13[4] = { 0x7fff1234, 0x7fff1234, PACA(1), 0 };
	const size_t want[4] = { 0, 2, 1, 3 };

	(void)state;
	check_pair(r13, want, 1);
}

static void test_count_mismatch(void **state)
{
	struct fa_kcpus k = { cpus, 4, -1 };
	uint64_t notes[3][FA_PT_NREGS] = { { 0 } };
	size_t note_of[4], how[2] = { 0, 0 };
	struct fa_err e = { 0 };

	(void)state;
	assert_fa_error(fa_kcpus_pair(&k, (const uint64_t (*)[FA_PT_NREGS])notes,
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
