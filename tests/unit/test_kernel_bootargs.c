// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_bootargs.c - /sys/kernel/fadump/bootargs_append and the
 * PARAM area (fadump-kernel-formats.md §5.10, §5.11): where the first
 * kernel puts the 2048-byte area, the store's refusals (-EPERM when fadump
 * is off or a dump is active, -EINVAL for count >= 2048, -ENOSPC when
 * strlen(saved cmdline) + count >= 2048), the bytes it leaves in memory
 * (one trailing newline dropped, zero padding), and the capture kernel
 * appending " <string>" to its command line, truncated to 2047 chars.
 */
#include "test_kernel_pseries.h"

/* pcfg(): DRAM ends at 3 GiB; the area is the highest 2048-aligned slot
 * of [1.5 GiB, 3 GiB) that is free when it is set up. */
#define PARAM_AREA	0xbffff800ULL
#define CMDLINE		"root=/dev/sda2 fadump=on"	/* 24 chars */

static void area(struct pcycle *cy, uint8_t *buf)
{
	struct fa_err e;

	assert_fa_ok(machine_read(cy->m, PARAM_AREA, buf, COMMAND_LINE_SIZE,
				  &e), &e);
}

/* Store @s (strlen bytes, as echo -n would write it). */
static long store(struct fadump_kernel *k, const char *s)
{
	return fadump_bootargs_append_store(k, s, strlen(s));
}

static void first_kernel(struct pcycle *cy)
{
	struct machine_config c;

	pcfg(&c, FA_LE, 65536, 2);
	assert_int_equal(strlen(c.cmdline), 24);
	pboot(cy, &c, 0);
	assert_int_equal(cy->first.fw_dump.param_area, PARAM_AREA);
}

static void test_store(void **state)
{
	struct pcycle cy;
	uint8_t got[COMMAND_LINE_SIZE], want[COMMAND_LINE_SIZE];
	char *big = malloc(COMMAND_LINE_SIZE + 1);
	struct fa_err e;

	(void)state;
	assert_non_null(big);
	first_kernel(&cy);
	/* the area is zeroed at setup */
	memset(want, 0, sizeof(want));
	area(&cy, got);
	assert_memory_equal(got, want, sizeof(want));

	/* dirty it, then store: one "\n" dropped, the rest zero padded */
	memset(want, 0xaa, sizeof(want));
	assert_fa_ok(machine_write(cy.m, PARAM_AREA, want, sizeof(want), &e),
		     &e);
	assert_int_equal(store(&cy.first, "nr_cpus=1 quiet\n"), 16);
	memset(want, 0, sizeof(want));
	memcpy(want, "nr_cpus=1 quiet", 15);
	area(&cy, got);
	assert_memory_equal(got, want, sizeof(want));
	/* only one newline goes */
	assert_int_equal(store(&cy.first, "a\n\n"), 3);
	memset(want, 0, sizeof(want));
	memcpy(want, "a\n", 2);
	area(&cy, got);
	assert_memory_equal(got, want, sizeof(want));

	/* count >= COMMAND_LINE_SIZE: -EINVAL, the area untouched */
	memset(big, 'x', COMMAND_LINE_SIZE);
	big[COMMAND_LINE_SIZE] = '\0';
	assert_int_equal(store(&cy.first, big), -EINVAL);
	/* 24 + 2024 >= 2048: -ENOSPC with the kernel's line */
	big[2024] = '\0';
	assert_int_equal(store(&cy.first, big), -ENOSPC);
	passert_log(&cy.first, "fadump: Appending parameters exceeds cmdline size!");
	area(&cy, got);
	assert_memory_equal(got, want, sizeof(want));
	/* 24 + 2023 = 2047 fits; the area holds all 2023 bytes */
	big[2023] = '\0';
	assert_int_equal(store(&cy.first, big), 2023);
	memset(want, 0, sizeof(want));
	memset(want, 'x', 2023);
	area(&cy, got);
	assert_memory_equal(got, want, sizeof(want));
	free(big);
	pcycle_free(&cy);
}

/* fadump not enabled (no fadump=on): -EPERM, nothing written. */
static void test_not_enabled(void **state)
{
	struct machine_config c;
	struct pcycle cy;

	(void)state;
	pcfg(&c, FA_BE, 4096, 2);
	snprintf(c.cmdline, sizeof(c.cmdline), "root=/dev/sda2");
	memset(&cy, 0, sizeof(cy));
	{
		struct fa_err e;

		assert_fa_ok(machine_create(&c, &cy.m, &e), &e);
		assert_fa_ok(synth_populate(cy.m, &e), &e);
		assert_fa_ok(fw_rtas_create(cy.m, NULL, &cy.fw, &e), &e);
	}
	fadump_kernel_init(&cy.first, cy.m, cy.fw, c.era, c.cmdline);
	assert_int_equal(fadump_boot_first(&cy.first), 0);
	assert_false(cy.first.fw_dump.fadump_enabled);
	assert_int_equal(store(&cy.first, "quiet"), -EPERM);
	pcycle_free(&cy);
}

/*
 * The capture kernel takes " <string>" (and cannot be written: the dump
 * is active); then a second capture boot with a 2040-char command line
 * keeps only 2047 chars and warns.
 */
static void test_capture_appends(void **state)
{
	struct pcycle cy;
	char *line = malloc(4096), *want = malloc(4096);
	size_t n;

	(void)state;
	assert_non_null(line);
	assert_non_null(want);
	first_kernel(&cy);
	assert_int_equal(store(&cy.first, "nr_cpus=1 quiet\n"), 16);
	pcrash(&cy);
	pcapture(&cy, NULL);
	assert_true(cy.capture.fw_dump.dump_active);
	assert_int_equal(cy.capture.fw_dump.param_area, PARAM_AREA);
	assert_string_equal(cy.capture.cmdline, CMDLINE " nr_cpus=1 quiet");
	passert_log(&cy.capture, "fadump: Updated cmdline: " CMDLINE
		    " nr_cpus=1 quiet");
	assert_int_equal(store(&cy.capture, "quiet"), -EPERM);
	fadump_kernel_free(&cy.capture);
	cy.have_capture = 0;

	/* 2040 + " " + 6 of "nr_cpus=1 quiet" = 2047 */
	memset(line, 'y', 2040);
	line[2040] = '\0';
	pcapture(&cy, line);
	n = strlen(cy.capture.cmdline);
	assert_int_equal(n, 2047);
	snprintf(want, 4096, "%s nr_cpu", line);
	assert_string_equal(cy.capture.cmdline, want);
	passert_log(&cy.capture, "fadump: WARNING: Appending parameters exceeds cmdline size. Truncating!");
	free(line);
	free(want);
	pcycle_free(&cy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_not_enabled),
		cmocka_unit_test(test_capture_appends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
