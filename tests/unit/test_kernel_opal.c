// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_opal.c - the PowerNV platform over the OPAL firmware model:
 * MDST/MDDT tables and tags (golden bytes), registration and its refusals,
 * fadump_region text and metadata bytes (golden), a crash with the CPU
 * notes against the machine's registers, the opalcore decoded back,
 * release_core and release_mem, and the big-endian pre-6.10 era.
 */
#include <fcntl.h>

#include "test_kernel_opal.h"

/* ------------------------------------------------------------- firmware */

static void test_fw_tables(void **state)
{
	struct machine_config c;
	struct machine *m;
	struct fw_opal *fw;
	struct fa_err e;
	uint8_t ent[16], want[16], tag[8];
	uint64_t base = 0x30000000, i;

	(void)state;
	cfg_default(&c);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_fa_ok(fw_opal_create(m, NULL, &fw, &e), &e);
	/* MDST[0]: OPAL's own memory, region 0x03, HRMOR bit, BE32 size */
	assert_fa_ok(machine_read(m, base + 0x11000, ent, 16, &e), &e);
	fa_test_hex("80000000 30000000 03 00 0000 01c30000", want, 16);
	assert_memory_equal(ent, want, 16);
	assert_fa_ok(machine_read(m, base + 0x11400, ent, 16, &e), &e);
	fa_test_hex("80000000 31c30000 03 00 0000 01c30000", want, 16);
	assert_memory_equal(ent, want, 16);
	/* 63 kernel ranges fit, the 64th is OPAL_RESOURCE */
	for (i = 0; i < 63; i++)
		assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_ADD_RANGE,
						   i * MiB, GiB + i * MiB, MiB),
				 FA_OPAL_SUCCESS);
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_ADD_RANGE,
					   100 * MiB, 2 * GiB, MiB),
			 FA_OPAL_RESOURCE);
	/* the second kernel entry, golden: region 0x80 */
	assert_fa_ok(machine_read(m, base + 0x11000 + 32, ent, 16, &e), &e);
	fa_test_hex("80000000 00100000 80 00 0000 00100000", want, 16);
	assert_memory_equal(ent, want, 16);
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_REMOVE_RANGE,
					   5 * MiB, GiB + 5 * MiB, 0),
			 FA_OPAL_SUCCESS);
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_REMOVE_RANGE,
					   5 * MiB, GiB + 5 * MiB, 0),
			 FA_OPAL_PARAMETER);
	/* duplicates: source, then destination */
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_ADD_RANGE, 0,
					   3 * GiB, MiB), FA_OPAL_PARAMETER);
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_ADD_RANGE,
					   200 * MiB, GiB, MiB),
			 FA_OPAL_PARAMETER);
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_ADD_RANGE,
					   200 * MiB, 3 * GiB, 0),
			 FA_OPAL_PARAMETER);
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_REMOVE_ALL, 0, 0, 0),
			 FA_OPAL_SUCCESS);
	/* only OPAL's entry is left */
	assert_fa_ok(machine_read(m, base + 0x11000 + 16, ent, 16, &e), &e);
	memset(want, 0, 16);
	assert_memory_equal(ent, want, 16);
	assert_int_equal(opal_mpipl_update(fw, 9, 0, 0, 0), FA_OPAL_PARAMETER);
	/* tags */
	assert_int_equal(opal_mpipl_register_tag(fw, FA_OPAL_MPIPL_TAG_BOOT_MEM,
						 0), FA_OPAL_PARAMETER);
	assert_int_equal(opal_mpipl_register_tag(fw, FA_OPAL_MPIPL_TAG_BOOT_MEM,
						 8 * GiB), FA_OPAL_PARAMETER);
	assert_int_equal(opal_mpipl_register_tag(fw, FA_OPAL_MPIPL_TAG_CPU, 1),
			 FA_OPAL_PARAMETER);
	assert_int_equal(opal_mpipl_query_tag(fw, FA_OPAL_MPIPL_TAG_KERNEL, tag),
			 FA_OPAL_SUCCESS);
	assert_int_equal(fa_get64(tag, FA_BE), 0);
	assert_int_equal(opal_mpipl_query_tag(fw, 4, tag), FA_OPAL_PARAMETER);
	assert_int_equal(opal_mpipl_update(fw, FA_OPAL_MPIPL_FREE_PRESERVED_MEMORY,
					   0, 0, 0), FA_OPAL_SUCCESS);
	assert_int_equal(opal_mpipl_query_tag(fw, FA_OPAL_MPIPL_TAG_KERNEL, tag),
			 FA_OPAL_PARAMETER);
	assert_int_equal(opal_cec_reboot2(fw, 0, "x", 0), FA_OPAL_UNSUPPORTED);
	fw_opal_destroy(fw);
	machine_destroy(m);
}

static void test_fw_faults_parse(void **state)
{
	struct fw_opal_faults f;
	struct fa_err e;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_fa_ok(fw_opal_parse_fault(&f, "add-range-rc=hardware:3", &e), &e);
	assert_int_equal(f.add_range_rc, FA_OPAL_HARDWARE);
	assert_int_equal(f.add_range_at, 3);
	assert_fa_ok(fw_opal_parse_fault(&f, "add-range-rc=-1", &e), &e);
	assert_int_equal(f.add_range_rc, -1);
	assert_int_equal(f.add_range_at, 1);
	assert_fa_ok(fw_opal_parse_fault(&f, "table-full=2", &e), &e);
	assert_int_equal(f.table_full, 3);
	assert_fa_ok(fw_opal_parse_fault(&f, "cpu-data=short", &e), &e);
	assert_int_equal(f.cpu_data, FW_OPAL_CPU_DATA_SHORT);
	assert_fa_error(fw_opal_parse_fault(&f, "cpu-data=odd", &e), &e,
			FA_EINVAL, "cpu-data=invalid|short|none");
	assert_fa_error(fw_opal_parse_fault(&f, "add-range-rc=0", &e), &e,
			FA_EINVAL, "got \"add-range-rc=0\"");
	assert_fa_error(fw_opal_parse_fault(&f, "inactive-cores=x", &e), &e,
			FA_EINVAL, "inactive-cores=N");
	assert_fa_error(fw_opal_parse_fault(&f, "busy=2", &e), &e, FA_ENOENT,
			"not an OPAL fault");
}

static void test_fw_needs_ram(void **state)
{
	struct machine_config c;
	struct machine *m;
	struct fw_opal *fw;
	struct fa_err e;

	(void)state;
	cfg_default(&c);
	c.ram_size = 512 * MiB;
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_fa_error(fw_opal_create(m, NULL, &fw, &e), &e, FA_EINVAL,
			"skiboot needs RAM at [0x30000000");
	machine_destroy(m);
}

/* ------------------------------------------------------- first kernel */

static void test_register_and_region(void **state)
{
	struct machine_config c;
	struct cycle cy;
	struct fa_err e;
	uint8_t md[32], want[32];
	char *t;

	(void)state;
	cfg_default(&c);
	boot(&cy, &c, NULL);
	/*
	 * 4 GiB: boot memory is the 768 MiB minimum; the reservation goes
	 * above skiboot's ranges: 0x30000000 + 2 * 0x1c30000 + 0x80000.
	 */
	t = fadump_region_text(&cy.first);
	assert_string_equal(t, "DUMP: Src: 0x00000000000000, Dest: 0x000000338e0000, Size: 0x30000000, Dumped: 0x0 bytes\n");
	free(t);
	assert_int_equal(cy.first.fw_dump.max_copy_size, 0xffff0000ULL);
	/* metadata: last 64 KiB of start + 0x30000000 + 680 + 0x10000 */
	assert_int_equal(cy.first.fw_dump.kernel_metadata, 0x638e02a8ULL);
	assert_log(cy.first_log, "opal fadump: Kernel metadata addr: 638e02a8\n");
	assert_log(cy.first_log, "opal fadump: Registration is successful!\n");
	assert_fa_ok(machine_read(cy.m, 0x638e02a8ULL, md, 32, &e), &e);
	fa_test_hex("01 000000 0001 0001 00000000638e0000"
		    "0000000000000000 00000000338e0000", want, 32);
	assert_memory_equal(md, want, 32);
	assert_true(cy.first.fw_dump.dump_registered);
	/* unregister, register again through sysfs */
	assert_int_equal(fadump_registered_store(&cy.first, "0"), 0);
	assert_false(cy.first.fw_dump.dump_registered);
	assert_int_equal(fadump_registered_store(&cy.first, "1"), 0);
	assert_true(cy.first.fw_dump.dump_registered);
	cycle_free(&cy);
}

static void test_register_faults(void **state)
{
	struct machine_config c;
	struct cycle cy;

	(void)state;
	cfg_default(&c);
	boot(&cy, &c, "add-range-rc=parameter");
	assert_log(cy.first_log, "opal fadump: Failed to register. Parameter Error(-1).\n");
	assert_false(cy.first.fw_dump.dump_registered);
	cycle_free(&cy);

	boot(&cy, &c, "add-range-rc=hardware");
	assert_log(cy.first_log, "opal fadump: Support not available.\n");
	assert_false(cy.first.fw_dump.fadump_supported);
	assert_false(cy.first.fw_dump.fadump_enabled);
	cycle_free(&cy);

	boot(&cy, &c, "add-range-rc=-5");
	assert_log(cy.first_log, "opal fadump: Failed to register. Unknown Error(-5).\n");
	cycle_free(&cy);
}

static void test_fw_load_area(void **state)
{
	struct machine_config c;
	struct machine *m;
	struct fw_opal *fw;
	struct fadump_kernel k = { 0 };
	struct fa_err e;
	uint8_t la[16];
	char *log;

	(void)state;
	cfg_default(&c);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_fa_ok(fw_opal_create(m, NULL, &fw, &e), &e);
	fa_put64(la, FA_BE, 0x20000000);
	fa_put64(la + 8, FA_BE, 0x10000001);
	assert_fa_ok(machine_dt_set(m, "/ibm,opal/dump/fw-load-area", la, 16,
				    &e), &e);
	fadump_kernel_init(&k, m, fw, c.era, "fadump=on");
	early_init_dt_scan_fw_dump(&k);
	log = klog_text(&k, KLOG_DEBUG);
	assert_log(log, "opal fadump: F/W load area: 0x20000000-0x30000001\n");
	assert_log(log, "opal fadump: F/W version not supported!\n");
	assert_false(k.fw_dump.fadump_supported);
	free(log);
	fadump_kernel_free(&k);
	assert_fa_ok(machine_dt_set(m, "/ibm,opal/dump/compatible", "x", 2,
				    &e), &e);
	fadump_kernel_init(&k, m, fw, c.era, "fadump=on");
	early_init_dt_scan_fw_dump(&k);
	log = klog_text(&k, KLOG_DEBUG);
	assert_log(log, "opal fadump: Support missing for this f/w version!\n");
	free(log);
	fadump_kernel_free(&k);
	fw_opal_destroy(fw);
	machine_destroy(m);
}

static void test_crash_capture(void **state)
{
	struct machine_config c;
	struct cycle cy;
	struct fa_err e;
	const char *root = tmp_root("crash");
	char *t, path[600];

	(void)state;
	cfg_default(&c);
	boot(&cy, &c, NULL);
	crash(&cy);
	assert_true(cy.capture.fw_dump.dump_active);
	assert_true(have_vmcore(&cy.capture));
	assert_log(cy.capture_log, "opal fadump: Firmware-assisted dump is active.\n");
	t = fadump_region_text(&cy.capture);
	assert_string_equal(t,
		"DUMP: Src: 0x00000000000000, Dest: 0x000000338e0000, Size: 0x30000000, Dumped: 0x30000000 bytes\n"
		"\nMemory above 0x00000030000000 is reserved for saving crash dump\n");
	free(t);
	assert_int_equal(check_notes(&cy, 1), 8);
	assert_fa_ok(cy.capture.fw_dump.ops->fa_write_root(&cy.capture, root,
							   &e), &e);
	check_opalcore(&cy, root, 10);
	/* release_core */
	assert_int_equal(cy.capture.fw_dump.ops->fa_sysfs_write(&cy.capture, root,
					    "sys/firmware/opal/mpipl/release_core",
					    "2\n", 2), -EINVAL);
	assert_int_equal(cy.capture.fw_dump.ops->fa_sysfs_write(&cy.capture, root,
					    "sys/firmware/opal/mpipl/release_core",
					    "1\n", 2), 0);
	snprintf(path, sizeof(path), "%s/sys/firmware/opal/mpipl/core", root);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_int_equal(cy.capture.fw_dump.ops->fa_sysfs_write(&cy.capture, root,
					    "sys/firmware/opal/mpipl/release_core",
					    "1\n", 2), -EPERM);
	free(cy.capture_log);
	cy.capture_log = klog_text(&cy.capture, KLOG_DEBUG);
	assert_log(cy.capture_log, "opal core: '/sys/firmware/opal/core' file not accessible!\n");
	/* release_mem: tags go, the next registration is possible */
	assert_int_equal(fadump_release_mem_store(&cy.capture, "1\n"), 0);
	assert_false(cy.capture.fw_dump.dump_active);
	t = fadump_region_text(&cy.capture);
	assert_string_equal(t, "DUMP: Src: 0x00000000000000, Dest: 0x000000338e0000, Size: 0x30000000, Dumped: 0x0 bytes\n");
	free(t);
	assert_int_equal(fadump_registered_store(&cy.capture, "1"), 0);
	cycle_free(&cy);
}

static void test_pre_6_10_big_endian(void **state)
{
	struct machine_config c;
	struct cycle cy;

	(void)state;
	cfg_default(&c);
	c.era = FA_ERA_PRE_6_10;
	c.byteorder = FA_BE;
	c.page_size = 4096;
	boot(&cy, &c, NULL);
	crash(&cy);
	assert_true(have_vmcore(&cy.capture));
	assert_int_equal(cy.capture.elfcorehdr_addr, cy.capture.fw_dump.fadumphdr_addr + FADUMP_HDR_SIZE_OLD);
	assert_int_equal(check_notes(&cy, 1), 8);
	cycle_free(&cy);
}

/* Read @len bytes at @off of the file @path. */
static void read_at(const char *path, uint64_t off, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

/*
 * Walk the opalcore's PT_NOTE by hand: every note is a "CORE" note with
 * namesz 5 (name padded to 8), NT_PRSTATUS with descsz 504 or NT_AUXV with
 * descsz 24, and the notes end exactly at p_filesz unless @zero_slots
 * unfilled 524-byte slots (threads of inactive cores, which the kernel
 * counts but never writes) follow as zeros.  Returns the NT_PRSTATUS count.
 */
static unsigned walk_opal_notes(const char *path, unsigned zero_slots)
{
	uint8_t hdr[64 + 56], *notes;
	uint64_t off, filesz, pos = 0;
	unsigned nprs = 0, nauxv = 0, i;

	read_at(path, 0, hdr, sizeof(hdr));
	assert_int_equal(fa_get32(hdr + 64, FA_BE), FA_PT_NOTE);
	off = fa_get64(hdr + 64 + 8, FA_BE);
	filesz = fa_get64(hdr + 64 + 32, FA_BE);
	notes = malloc(filesz);
	assert_non_null(notes);
	read_at(path, off, notes, filesz);
	while (pos + 12 <= filesz && fa_get32(notes + pos + 8, FA_BE)) {
		uint32_t type = fa_get32(notes + pos + 8, FA_BE);
		uint32_t descsz = fa_get32(notes + pos + 4, FA_BE);

		assert_int_equal(fa_get32(notes + pos, FA_BE), 5);
		assert_memory_equal(notes + pos + 12, "CORE\0\0\0\0", 8);
		if (type == 1) {
			assert_int_equal(descsz, 504);
			nprs++;
		} else {
			assert_int_equal(type, 6);	/* NT_AUXV, last */
			assert_int_equal(descsz, 24);
			nauxv++;
		}
		pos += 12 + 8 + descsz;
	}
	assert_int_equal(nauxv, 1);
	assert_int_equal(filesz - pos, (uint64_t)zero_slots * 524);
	for (i = 0; pos + i < filesz; i++)
		assert_int_equal(notes[pos + i], 0);
	free(notes);
	return nprs;
}

/*
 * A guest's real skiboot (--from-qemu): its memory is exported as it was
 * (no model image, no tables over it), and firmware reports exactly the
 * guest's threads, so the opalcore's notes fill PT_NOTE exactly (trailing
 * zero slots made gdb-multiarch refuse the file).
 */
static void test_real_skiboot(void **state)
{
	struct machine_config c;
	struct fw_opal_faults f;
	struct cycle cy;
	struct fa_err e;
	const char *root = tmp_root("real-skiboot");
	uint64_t base = 0x30000000, size = 0x1c18000, off;
	uint8_t *before, page[4096], hdr[64 + 2 * 56];
	char path[600];

	(void)state;
	cfg_default(&c);
	c.ncpus = 2;
	c.crashing_cpu = 1;
	memset(&cy, 0, sizeof(cy));
	memset(&f, 0, sizeof(f));
	assert_fa_ok(machine_create(&c, &cy.m, &e), &e);
	assert_fa_ok(synth_populate(cy.m, &e), &e);
	snprintf(cy.m->cfg.from_qemu, sizeof(cy.m->cfg.from_qemu), "guest.elf");
	/* the guest's skiboot: its image, SPIRA and boot-time MDST entries */
	for (off = 0; off < 0x20000; off += sizeof(page)) {
		memset(page, (int)(0x40 + off / sizeof(page)), sizeof(page));
		assert_fa_ok(machine_write(cy.m, base + off, page, sizeof(page),
					   &e), &e);
	}
	before = malloc(size);
	assert_non_null(before);
	assert_fa_ok(machine_read(cy.m, base, before, size, &e), &e);
	assert_fa_ok(fw_opal_create(cy.m, &f, &cy.fw, &e), &e);
	fadump_kernel_init(&cy.first, cy.m, cy.fw, c.era, c.cmdline);
	assert_int_equal(fadump_boot_first(&cy.first), 0);
	crash(&cy);
	assert_fa_ok(cy.capture.fw_dump.ops->fa_write_root(&cy.capture, root,
							   &e), &e);
	snprintf(path, sizeof(path), "%s/sys/firmware/opal/mpipl/core", root);
	read_at(path, 0, hdr, sizeof(hdr));
	assert_int_equal(fa_get16(hdr + 56, FA_BE), 2);
	assert_int_equal(fa_get64(hdr + 64 + 32, FA_BE), 2 * 524 + 44);
	assert_int_equal(fa_get64(hdr + 120 + 8, FA_BE), 0x10000);
	assert_int_equal(fa_get64(hdr + 120 + 32, FA_BE), size);
	assert_int_equal(walk_opal_notes(path, 0), 2);
	for (off = 0; off < size; off += sizeof(page)) {
		read_at(path, 0x10000 + off, page, sizeof(page));
		if (memcmp(page, before + off, sizeof(page)))
			fail_msg("opalcore page %#llx differs from skiboot's memory",
				 (unsigned long long)(base + off));
	}
	free(before);
	cycle_free(&cy);
}

/* A synthetic SMT4 machine with 6 CPUs: 2 inactive slots stay zero. */
static void test_inactive_note_slots(void **state)
{
	struct machine_config c;
	struct cycle cy;
	struct fa_err e;
	const char *root = tmp_root("inactive-slots");
	char path[600];

	(void)state;
	cfg_default(&c);
	c.ncpus = 6;
	c.crashing_cpu = 2;
	boot(&cy, &c, NULL);
	crash(&cy);
	assert_fa_ok(cy.capture.fw_dump.ops->fa_write_root(&cy.capture, root,
							   &e), &e);
	snprintf(path, sizeof(path), "%s/sys/firmware/opal/mpipl/core", root);
	assert_int_equal(walk_opal_notes(path, 2), 6);
	cycle_free(&cy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fw_tables),
		cmocka_unit_test(test_fw_faults_parse),
		cmocka_unit_test(test_fw_needs_ram),
		cmocka_unit_test(test_register_and_region),
		cmocka_unit_test(test_register_faults),
		cmocka_unit_test(test_fw_load_area),
		cmocka_unit_test(test_crash_capture),
		cmocka_unit_test(test_pre_6_10_big_endian),
		cmocka_unit_test(test_real_skiboot),
		cmocka_unit_test(test_inactive_note_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
