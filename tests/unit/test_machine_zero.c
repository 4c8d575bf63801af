// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_machine_zero.c - the machine's cheap zero pages: machine_zero() of
 * an untouched page, machine_copy() leaving zero source pages sparse,
 * machine_is_zero() (what writers turn into holes) and the capture
 * kernel's boot overwriting zeroed pages like any other.
 */
#include "fa_test.h"

#include "machine.h"
#include "synth.h"

#define MiB (1ULL << 20)
#define PG 4096

static struct machine *make(unsigned zero, unsigned random)
{
	struct machine_config c;
	struct machine *m;
	struct fa_err e;

	machine_config_init(&c);
	c.ram_size = 64 * MiB;
	c.page_size = 4096;
	c.content_zero = zero;
	c.content_text = c.content_struct = 0;
	c.content_random = random;
	snprintf(c.vmlinux, sizeof(c.vmlinux), "none");
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_fa_ok(synth_populate(m, &e), &e);
	return m;
}

static int reads_zero(struct machine *m, uint64_t a, uint64_t len)
{
	static uint8_t buf[PG * 4], zero[PG * 4];
	struct fa_err e;

	assert_true(len <= sizeof(buf));
	assert_fa_ok(machine_read(m, a, buf, len, &e), &e);
	return !memcmp(buf, zero, len);
}

static void test_zero_untouched(void **state)
{
	struct machine *m = make(0, 100);	/* every page random */
	uint8_t pat[PG];
	struct fa_err e;

	(void)state;
	assert_false(reads_zero(m, 32 * MiB, PG));
	assert_int_equal(machine_is_zero(m, 32 * MiB, PG), 0);
	/* an untouched page zeroed: zeros, known without reading */
	assert_fa_ok(machine_zero(m, 32 * MiB, PG, &e), &e);
	assert_true(reads_zero(m, 32 * MiB, PG));
	assert_int_equal(machine_is_zero(m, 32 * MiB, PG), 1);
	assert_int_equal(machine_is_zero(m, 32 * MiB, 2 * PG), 0);
	/* a write into it materializes zeros around the bytes written */
	assert_fa_ok(machine_write(m, 32 * MiB + 100, "x", 1, &e), &e);
	assert_int_equal(machine_is_zero(m, 32 * MiB, PG), 0);
	assert_fa_ok(machine_read(m, 32 * MiB, pat, PG, &e), &e);
	assert_int_equal(pat[100], 'x');
	pat[100] = 0;
	{
		static const uint8_t zero[PG];

		assert_memory_equal(pat, zero, PG);
	}
	/* zeroing a written page: zeros, but not claimed as untouched */
	assert_fa_ok(machine_zero(m, 32 * MiB, PG, &e), &e);
	assert_true(reads_zero(m, 32 * MiB, PG));
	assert_int_equal(machine_is_zero(m, 32 * MiB, PG), 0);
	/* out of RAM is never zero */
	assert_int_equal(machine_is_zero(m, 64 * MiB - PG, 2 * PG), 0);
	machine_destroy(m);
}

static void test_all_zero_content(void **state)
{
	struct machine *m = make(100, 0);

	(void)state;
	assert_int_equal(machine_is_zero(m, 0, 64 * MiB), 1);
	assert_true(reads_zero(m, 5 * MiB, 3 * PG));
	machine_destroy(m);
}

static void test_copy(void **state)
{
	struct machine *m = make(0, 100);
	uint8_t src[4 * PG], got[4 * PG];
	struct fa_err e;

	(void)state;
	/* source: zero, data, zero, data (page 3 only its first half) */
	memset(src, 0, sizeof(src));
	memset(src + PG, 0xa5, PG);
	memset(src + 3 * PG, 0x5a, PG / 2);
	assert_fa_ok(machine_write(m, 8 * MiB, src, sizeof(src), &e), &e);
	assert_fa_ok(machine_copy(m, 40 * MiB, 8 * MiB, sizeof(src), &e), &e);
	assert_fa_ok(machine_read(m, 40 * MiB, got, sizeof(got), &e), &e);
	assert_memory_equal(got, src, sizeof(src));
	/* zero source pages left the destination untouched (random content
	 * before) yet zero */
	assert_int_equal(machine_is_zero(m, 40 * MiB, PG), 1);
	assert_int_equal(machine_is_zero(m, 40 * MiB + 2 * PG, PG), 1);
	assert_int_equal(machine_is_zero(m, 40 * MiB + PG, PG), 0);
	/* unaligned copy of part of a page */
	assert_fa_ok(machine_copy(m, 48 * MiB + 10, 8 * MiB + PG - 6, 12, &e),
		     &e);
	assert_fa_ok(machine_read(m, 48 * MiB + 10, got, 12, &e), &e);
	assert_memory_equal(got, src + PG - 6, 12);
	/* beyond RAM */
	assert_fa_error(machine_copy(m, 64 * MiB - PG, 0, 2 * PG, &e), &e,
			FA_ERANGE, "is not RAM");
	machine_destroy(m);
}

/* The capture kernel's boot rewrites zeroed pages below its top. */
static void test_capture_boot(void **state)
{
	struct machine *m = make(100, 0);
	struct fa_err e;

	(void)state;
	assert_fa_ok(machine_zero(m, 0, 2 * PG, &e), &e);
	assert_int_equal(machine_is_zero(m, 0, 2 * PG), 1);
	assert_fa_ok(machine_capture_boot(m, PG, &e), &e);
	assert_false(reads_zero(m, 0, PG));
	assert_int_equal(machine_is_zero(m, 0, PG), 0);
	assert_true(reads_zero(m, PG, PG));
	assert_int_equal(machine_is_zero(m, PG, PG), 1);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_untouched),
		cmocka_unit_test(test_all_zero_content),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_capture_boot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
