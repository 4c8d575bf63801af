// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_opal_faults.c - firmware fault injection on PowerNV: a full
 * MDST (partial registration and the "Dumped" quirk), invalid, short or
 * missing CPU data, inactive cores, a missing crashing thread, MPIPL
 * refused, no OPAL dump, and a firmware-initiated crash.
 */
#include "test_kernel_opal.h"

static void test_partial_registration(void **state)
{
	struct machine_config c;
	struct cycle cy;
	struct fa_err e;
	char *t;

	(void)state;
	cfg_default(&c);
	/* three boot regions (the kernel's split arithmetic gives 512 MiB) */
	assert_fa_ok(machine_config_parse_opt(&c, "memmap",
					      "0:128M,256M:128M,512M:3584M",
					      &e), &e);
	boot(&cy, &c, "table-full=2");
	assert_log(cy.first_log, "opal fadump: 1 regions could not be registered for MPIPL as MAX limit is reached!\n");
	assert_true(cy.first.fw_dump.dump_registered);
	crash(&cy);
	assert_log(cy.capture_log, "opal fadump: Not all memory regions were saved!!!\n");
	assert_log(cy.capture_log, "opal fadump: \t[002] base: 0x20000000, size: 0x10000000\n");
	t = fadump_region_text(&cy.capture);
	/*
	 * boot_mem_top is 0x40000000 in the first kernel (768 MiB + 256 MiB
	 * of holes) but 0x30000000 in the capture kernel, which sums the
	 * regions the split quirk left (512 MiB).  "Dumped" of region 2
	 * repeats region 1's size: the variable is never reset.
	 */
	assert_string_equal(t,
		"DUMP: Src: 0x00000000000000, Dest: 0x00000040000000, Size: 0x8000000, Dumped: 0x8000000 bytes\n"
		"DUMP: Src: 0x00000010000000, Dest: 0x00000048000000, Size: 0x8000000, Dumped: 0x8000000 bytes\n"
		"DUMP: Src: 0x00000020000000, Dest: 0x00000050000000, Size: 0x10000000, Dumped: 0x8000000 bytes\n"
		"\nMemory above 0x00000030000000 is reserved for saving crash dump\n");
	free(t);
	assert_true(have_vmcore(&cy.capture));
	cycle_free(&cy);
}

static void test_cpu_data_faults(void **state)
{
	struct machine_config c;
	struct cycle cy;
	struct fa_err e;

	(void)state;
	cfg_default(&c);
	boot(&cy, &c, "cpu-data=invalid");
	crash(&cy);
	assert_log(cy.capture_log, "opal fadump: CPU state data is invalid. Ignoring!\n");
	assert_log(cy.capture_log, "opal fadump: WARNING: appending only crashing CPU's register data\n");
	assert_log(cy.capture_log, "opal core: CPU state data is invalid.\n");
	assert_log(cy.capture_log, "opal core: Could not export /sys/firmware/opal/core\n");
	assert_true(have_vmcore(&cy.capture));
	cycle_free(&cy);

	boot(&cy, &c, "cpu-data=short");
	crash(&cy);
	assert_log(cy.capture_log, "opal fadump: CPU state data is invalid. Ignoring!\n");
	cycle_free(&cy);

	boot(&cy, &c, "cpu-data=none");
	crash(&cy);
	assert_no_log(cy.capture_log, "CPU state data is invalid");
	assert_log(cy.capture_log, "opal fadump: WARNING: appending only crashing CPU's register data\n");
	assert_log(cy.capture_log, "opal core: Failed to get OPAL CPU metadata (0)\n");
	cycle_free(&cy);

	/* firmware-initiated and no CPU data: nothing to say who crashed */
	boot(&cy, &c, "opal-crash cpu-data=invalid");
	crash(&cy);
	assert_false(have_vmcore(&cy.capture));
	assert_no_log(cy.capture_log, "appending only crashing CPU");
	cycle_free(&cy);

	boot(&cy, &c, "opal-crash");
	crash(&cy);
	assert_true(have_vmcore(&cy.capture));
	assert_int_equal(check_notes(&cy, 0), 8);
	assert_fa_ok(cy.capture.fw_dump.ops->fa_write_root(&cy.capture,
							   tmp_root("opal-crash"),
							   &e), &e);
	check_opalcore(&cy, tmp_root("opal-crash"), 15);
	cycle_free(&cy);
}

static void test_thread_faults(void **state)
{
	struct machine_config c;
	struct cycle cy;
	struct fa_err e;

	(void)state;
	cfg_default(&c);
	boot(&cy, &c, "inactive-cores=2");
	crash(&cy);
	assert_int_equal(check_notes(&cy, 1), 8);
	assert_fa_ok(cy.capture.fw_dump.ops->fa_write_root(&cy.capture,
							   tmp_root("inactive"),
							   &e), &e);
	cycle_free(&cy);

	/* core 0 reported inactive: its 4 threads are skipped */
	c.crashing_cpu = 5;
	boot(&cy, &c, "inactive-core=0");
	crash(&cy);
	{
		size_t pos = 0;
		struct fa_note n;
		unsigned cnt = 0;

		while (fa_note_next(cy.capture.notes, cy.capture.notes_size,
				    cy.capture.byteorder, &pos, &n, &e) == 1)
			cnt++;
		assert_int_equal(cnt, 4);
	}
	cycle_free(&cy);

	boot(&cy, &c, "missing-crashing-pir");
	crash(&cy);
	assert_log(cy.capture_log, "opal core: fadump-tools: crashing PIR 0x5 not in the CPU state data");
	cycle_free(&cy);
}

static void test_mpipl_faults(void **state)
{
	struct machine_config c;
	struct cycle cy;

	(void)state;
	cfg_default(&c);
	boot(&cy, &c, "mpipl-rc=unsupported");
	crash(&cy);
	assert_log(cy.first_log ? cy.first_log : "", "");
	free(cy.first_log);
	cy.first_log = klog_text(&cy.first, KLOG_DEBUG);
	assert_log(cy.first_log, "opal fadump: Reboot type 3 not supported.\n");
	assert_false(cy.capture.fw_dump.dump_active);
	assert_false(have_vmcore(&cy.capture));
	cycle_free(&cy);

	boot(&cy, &c, "mpipl-rc=hardware");
	crash(&cy);
	free(cy.first_log);
	cy.first_log = klog_text(&cy.first, KLOG_DEBUG);
	assert_log(cy.first_log, "opal fadump: No backend support for MPIPL!\n");
	cycle_free(&cy);

	boot(&cy, &c, "no-opal-dump");
	crash(&cy);
	assert_true(have_vmcore(&cy.capture));
	assert_log(cy.capture_log, "opal core: Failed to get OPAL metadata (0)\n");
	cycle_free(&cy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_registration),
		cmocka_unit_test(test_cpu_data_faults),
		cmocka_unit_test(test_thread_faults),
		cmocka_unit_test(test_mpipl_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
