// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_fwsections.c - the firmware section finder's own interface on a
 * fake dump (a struct fa_dump over one memory buffer, no file): the
 * sections from a registration structure (the crashed kernel's fdm, a
 * --fdm file), the crash-info header after the boot-memory copy, the
 * crashing CPU's registers, reads of an area, notes and names.
 * test_analyzer_dump.c covers the magic scan and ibm,kernel-dump on
 * vmcore files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crashinfo.h"
#include "fa_io.h"
#include "fa_test.h"
#include "fwsections.h"

#define CPU_ADDR	0x100000ULL
#define HPTE_ADDR	0x101000ULL
#define COPY_ADDR	0x110000ULL
#define BOOT_SIZE	0x10000ULL
#define HDR_ADDR	(COPY_ADDR + BOOT_SIZE)
#define MEM_END		0x140000ULL
#define NIP		0xc000000000001234ULL

struct fake {
	struct fa_dump d;
	struct fa_dump_range r;
	uint8_t *mem;
};

static int fake_read(void *ctx, int space, uint64_t addr, void *buf,
		     size_t len, struct fa_err *e)
{
	struct fake *f = ctx;

	if (space != FA_PHYS || addr > MEM_END || len > MEM_END - addr)
		return fa_err_set(e, FA_ERANGE, "fake: %#llx not in dump",
				  (unsigned long long)addr);
	memcpy(buf, f->mem + addr, len);
	return 0;
}

/* Physical memory [0, MEM_END) in one range, or [0, @end). */
static struct fake *fake_new(uint64_t end)
{
	struct fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->mem = calloc(1, MEM_END);
	assert_non_null(f->mem);
	f->r.paddr = 0;
	f->r.size = f->r.filesz = end;
	f->d.file = (char *)"fake.vmcore";
	f->d.format = FA_DUMP_ELF;
	f->d.byteorder = FA_LE;
	f->d.machine = 21;
	f->d.page_size = 65536;
	f->d.ranges = &f->r;
	f->d.nranges = 1;
	f->d.mem.read = fake_read;
	f->d.mem.ctx = f;
	f->d.mem.byteorder = FA_LE;
	f->d.mem.ptr_size = 8;
	return f;
}

static void fake_free(struct fake *f)
{
	free(f->mem);
	free(f);
}

static void rtas_sect(struct fa_rtas_section *s, uint16_t type, uint64_t src,
		      uint64_t len, uint64_t dest)
{
	s->request_flag = 1;
	s->source_data_type = type;
	s->source_address = src;
	s->source_len = len;
	s->bytes_dumped = len;
	s->destination_address = dest;
}

/* The 6.10+ registration: CPU, HPTE, boot memory, and one unknown type. */
static size_t fdm_image(uint8_t *buf, size_t len, int unknown)
{
	struct fa_rtas_fdm fdm;
	struct fa_err e;
	size_t n = 0;

	memset(&fdm, 0, sizeof(fdm));
	fdm.dump_format_version = 1;
	fdm.offset_first_dump_section = 40;
	fdm.dump_num_sections = unknown ? 4 : 3;
	rtas_sect(&fdm.rgn[0], FA_RTAS_CPU_STATE_DATA, 0, 0x1000, CPU_ADDR);
	rtas_sect(&fdm.rgn[1], FA_RTAS_HPTE_REGION, 0, 0x1000, HPTE_ADDR);
	rtas_sect(&fdm.rgn[2], FA_RTAS_REAL_MODE_REGION, 0, BOOT_SIZE,
		  COPY_ADDR);
	rtas_sect(&fdm.rgn[3], 0x77, 0, 0x10, 0x1000);
	assert_fa_ok(fa_rtas_fdm_encode(&fdm, buf, len, &n, &e), &e);
	return n;
}

/* A FADMPSIG header at HDR_ADDR: CPU 5 crashed at NIP. */
static void put_header(struct fake *f, uint32_t cpu)
{
	struct fa_crashinfo ci;
	struct fa_err e;
	size_t n;

	memset(&ci, 0, sizeof(ci));
	ci.era = FA_CI_FADMPSIG;
	ci.byteorder = FA_LE;
	ci.version = 1;
	ci.crashing_cpu = cpu;
	ci.pt_regs_sz = FA_CI_PT_REGS_SZ;
	ci.cpu_mask_sz = 8;
	ci.regs[32] = NIP;
	ci.cpu_mask[0] = 0x20;
	assert_fa_ok(fa_crashinfo_encode(&ci, FA_LE, f->mem + HDR_ADDR,
					 MEM_END - HDR_ADDR, &n, &e), &e);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(fa_fw_platform_name(FA_FW_NONE), "plain kdump");
	assert_string_equal(fa_fw_platform_name(FA_FW_PSERIES), "FADump pSeries");
	assert_string_equal(fa_fw_platform_name(FA_FW_OPAL), "FADump PowerNV");
	assert_string_equal(fa_fw_platform_name(FA_FW_PHYP), "legacy phyp dump");
	assert_non_null(strstr(fa_fw_platform_name(FA_FW_UNKNOWN),
			       "platform not recorded"));
	assert_string_equal(fa_fw_source_name(FA_FWSRC_NONE), "none");
	assert_string_equal(fa_fw_source_name(FA_FWSRC_KERNEL_DUMP),
			    "ibm,kernel-dump");
	assert_string_equal(fa_fw_source_name(FA_FWSRC_SCAN), "magic scan");
	assert_string_equal(fa_fw_source_name(FA_FWSRC_FDM_FILE), "--fdm");
	assert_non_null(strstr(fa_fw_source_name(FA_FWSRC_SCAN_OPALCORE),
			       "opalcore"));
	assert_non_null(strstr(fa_fw_source_name(FA_FWSRC_SCAN_OPAL_DT),
			       "ibm,opal/dump"));
	assert_non_null(strstr(fa_fw_source_name(FA_FWSRC_SCAN_REGION),
			       "fadump_region"));
	assert_non_null(strstr(fa_fw_source_name(FA_FWSRC_VMLINUX),
			       "--vmlinux"));
}

static void test_notes(void **state)
{
	struct fa_fwsections *fw = calloc(1, sizeof(*fw));
	char msg[32];
	int i;

	(void)state;
	assert_non_null(fw);
	for (i = 0; i < FA_FW_MAX_NOTES + 3; i++) {
		snprintf(msg, sizeof(msg), "note %d", i);
		fa_fw_add_note(fw, msg);
	}
	assert_int_equal(fw->nnotes, FA_FW_MAX_NOTES);
	assert_string_equal(fw->notes[0], "note 0");
	assert_string_equal(fw->notes[FA_FW_MAX_NOTES - 1], "note 15");
	free(fw);
}

static void test_read_area(void **state)
{
	struct fake *f = fake_new(MEM_END);
	struct fa_fw_area a = { .addr = 0x1000, .size = 16, .in_dump = 1 };
	uint8_t *buf;
	struct fa_err e;

	(void)state;
	memcpy(f->mem + 0x1000, "0123456789abcdef", 16);
	assert_fa_ok(fa_fw_read_area(&f->d, &a, 16, &buf, &e), &e);
	assert_memory_equal(buf, "0123456789abcdef", 16);
	free(buf);
	assert_fa_error(fa_fw_read_area(&f->d, &a, 15, &buf, &e), &e,
			FA_ERANGE, "over the 15-byte limit");
	assert_null(buf);
	a.addr = MEM_END - 8;
	assert_fa_error(fa_fw_read_area(&f->d, &a, 16, &buf, &e), &e,
			FA_ENOENT, "[0x13fff8-0x140007] is not in the dump");
	a.size = 0;
	assert_fa_error(fa_fw_read_area(&f->d, &a, 16, &buf, &e), &e,
			FA_ENOENT, "the area is empty");
	/* a range the reader then fails on */
	f->r.size = f->r.filesz = MEM_END + 0x1000;
	a.addr = MEM_END;
	a.size = 8;
	assert_fa_error(fa_fw_read_area(&f->d, &a, 16, &buf, &e), &e,
			FA_ERANGE, "fake: 0x140000 not in dump");
	assert_null(buf);
	fake_free(f);
}

static void test_crashing_regs(void **state)
{
	struct fa_fwsections *fw = calloc(1, sizeof(*fw));
	uint64_t regs[48];
	uint32_t cpu = 99;

	(void)state;
	assert_non_null(fw);
	assert_int_equal(fa_fw_crashing_regs(fw, &cpu, regs), FA_ENOENT);
	fw->have_crashinfo = 1;
	fw->ci.crashing_cpu = FA_CI_CPU_UNKNOWN;
	assert_int_equal(fa_fw_crashing_regs(fw, &cpu, regs), FA_ENOENT);
	assert_int_equal(cpu, 99);
	fw->ci.crashing_cpu = 3;
	fw->ci.regs[32] = NIP;
	assert_int_equal(fa_fw_crashing_regs(fw, &cpu, regs), 0);
	assert_int_equal(cpu, 3);
	assert_true(regs[32] == NIP);
	free(fw);
}

/* The crashed kernel's fdm (--vmlinux): sections, copy, header. */
static void test_find_fdm(void **state)
{
	struct fa_fw_kernel k = { .have = 1, .dump_active = 1,
				  .reserve_start = CPU_ADDR,
				  .reserve_size = MEM_END - CPU_ADDR,
				  .fadumphdr_addr = HDR_ADDR };
	struct fa_fwsections *fw = calloc(1, sizeof(*fw));
	struct fake *f = fake_new(MEM_END);
	uint64_t regs[48];
	uint8_t img[512];
	struct fa_err e;
	uint32_t cpu;
	size_t n;

	(void)state;
	assert_non_null(fw);
	put_header(f, 5);
	n = fdm_image(img, sizeof(img), 1);
	/* the CPU state data is not a REGSAVE area */
	assert_fa_error(fa_fwsections_find_fdm(&f->d, img, n, &k, "vmlinux fdm",
					       fw, &e), &e, FA_EMAGIC,
			"CPU state data at 0x100000: ");

	/* without the CPU state data in the dump there is nothing to check */
	f->r.paddr = HPTE_ADDR;
	f->r.size = f->r.filesz = MEM_END - HPTE_ADDR;
	assert_fa_ok(fa_fwsections_find_fdm(&f->d, img, n, &k, "vmlinux fdm",
					    fw, &e), &e);
	assert_int_equal(fw->platform, FA_FW_PSERIES);
	assert_int_equal(fw->source, FA_FWSRC_VMLINUX);
	assert_string_equal(fw->source_detail, "vmlinux fdm");
	assert_int_equal(fw->kernel.dump_active, 1);
	assert_int_equal(fw->nboot, 1);
	assert_true(fw->boot[0].dest == COPY_ADDR);
	assert_true(fw->boot_memory_size == BOOT_SIZE);
	assert_true(fw->cpu_state.addr == CPU_ADDR);
	assert_int_equal(fw->cpu_state.in_dump, 0);
	assert_int_equal(fw->hpte.in_dump, 1);
	assert_true(fw->boot_copy.addr == COPY_ADDR);
	assert_int_equal(fw->have_crashinfo, 1);
	assert_true(fw->fadumphdr_addr == HDR_ADDR);
	assert_true(fw->crash_info.addr == HDR_ADDR);
	assert_int_equal(fw->have_regsave, 0);
	assert_true(fw->nnotes >= 1);
	assert_non_null(strstr(fw->notes[0], "unknown type 0x77"));
	assert_int_equal(fa_fw_crashing_regs(fw, &cpu, regs), 0);
	assert_int_equal(cpu, 5);
	assert_true(regs[32] == NIP);

	/* a registration that does not decode names where it came from */
	assert_fa_error(fa_fwsections_find_fdm(&f->d, img, 20, &k, "vmlinux fdm",
					       fw, &e), &e, FA_ETRUNC,
			"vmlinux fdm: ");
	free(fw);
	fake_free(f);
}

/* --fdm FILE; the header not in the dump is a note, not an error. */
static void test_find_fdm_file(void **state)
{
	struct fa_fwsections *fw = calloc(1, sizeof(*fw));
	struct fake *f = fake_new(HDR_ADDR);
	char path[4096];
	uint8_t img[512];
	struct fa_err e;
	FILE *out;
	size_t n;

	(void)state;
	assert_non_null(fw);
	n = fdm_image(img, sizeof(img), 0);
	snprintf(path, sizeof(path), "%s/fdm.bin", fa_test_tmpdir());
	out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(img, 1, n, out), n);
	fclose(out);
	f->r.paddr = HPTE_ADDR;
	f->r.size = f->r.filesz = HDR_ADDR - HPTE_ADDR;
	assert_fa_ok(fa_fwsections_find(&f->d, path, fw, &e), &e);
	assert_int_equal(fw->platform, FA_FW_PSERIES);
	assert_int_equal(fw->source, FA_FWSRC_FDM_FILE);
	assert_string_equal(fw->source_detail, path);
	assert_int_equal(fw->have_crashinfo, 0);
	assert_int_equal(fw->ci_err.code, FA_ENOENT);
	assert_non_null(strstr(fw->ci_err.msg, "is not in the dump"));
	assert_non_null(strstr(fw->notes[0], "crash-info header at 0x120000"));

	/* a file that is not a registration structure */
	out = fopen(path, "wb");
	assert_non_null(out);
	fputs("not an fdm", out);
	fclose(out);
	assert_fa_error(fa_fwsections_find(&f->d, path, fw, &e), &e, FA_ETRUNC,
			path);
	/* no such file */
	snprintf(path, sizeof(path), "%s/none.bin", fa_test_tmpdir());
	assert_int_not_equal(fa_fwsections_find(&f->d, path, fw, &e), 0);
	assert_non_null(strstr(e.msg, "none.bin"));
	free(fw);
	fake_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_read_area),
		cmocka_unit_test(test_crashing_regs),
		cmocka_unit_test(test_find_fdm),
		cmocka_unit_test(test_find_fdm_file),
	};
	return cmocka_run_group_tests_name("fwsections", tests, NULL, NULL);
}
