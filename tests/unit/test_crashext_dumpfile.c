// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_crashext_dumpfile.c - what fadump.so reads from the dump file
 * without crash (ELF64 program headers and notes, both byte orders, from a
 * buffer and from a file), FADump section probing, and the report text
 * (segment table, rtas fdm lines, crash-info header, fadump_region rebuilt
 * from an fdm, which must equal the kernel's own text).
 */
#include <fcntl.h>
#include <unistd.h>

#include "cx_dumpfile.h"
#include "cx_report.h"
#include "fa_test.h"
#include "test_rtas_sample.h"

/*
 * A hand-laid ELF64 core (offsets from the ELF64 spec): Ehdr 64 bytes,
 * three Phdrs of 56 bytes at 64 (PT_NOTE, PT_LOAD, PT_LOAD), then 24 bytes
 * of note data at 232 ("CORE" note with a 4-byte descriptor).
 */
#define PHOFF	64
#define NOTEOFF	(64 + 3 * 56)
#define FSIZE	(NOTEOFF + 24)

static void put_phdr(uint8_t *p, int bo, uint32_t type, uint64_t off,
		     uint64_t vaddr, uint64_t paddr, uint64_t filesz)
{
	fa_put32(p, bo, type);
	fa_put32(p + 4, bo, 7);
	fa_put64(p + 8, bo, off);
	fa_put64(p + 16, bo, vaddr);
	fa_put64(p + 24, bo, paddr);
	fa_put64(p + 32, bo, filesz);
	fa_put64(p + 40, bo, filesz);
	fa_put64(p + 48, bo, 0);
}

static void build_core(uint8_t *b, int bo)
{
	memset(b, 0, FSIZE);
	memcpy(b, "\177ELF", 4);
	b[4] = 2;		/* ELFCLASS64 */
	b[5] = (uint8_t)bo;	/* EI_DATA */
	b[6] = 1;
	fa_put16(b + 16, bo, 4);	/* ET_CORE */
	fa_put16(b + 18, bo, 21);	/* EM_PPC64 */
	fa_put32(b + 20, bo, 1);
	fa_put64(b + 32, bo, PHOFF);
	fa_put16(b + 52, bo, 64);
	fa_put16(b + 54, bo, 56);
	fa_put16(b + 56, bo, 3);
	put_phdr(b + PHOFF, bo, 4, NOTEOFF, 0, 0, 24);
	put_phdr(b + PHOFF + 56, bo, 1, 0x10000, 0xc000000000000000ULL, 0, 0x20000);
	put_phdr(b + PHOFF + 112, bo, 1, 0x30000, 0xc000000010000000ULL,
		 0x10000000, 0x4000);
	/* Note: namesz 5, descsz 4, type 1, "CORE\0" + 3 pad, desc. */
	fa_put32(b + NOTEOFF, bo, 5);
	fa_put32(b + NOTEOFF + 4, bo, 4);
	fa_put32(b + NOTEOFF + 8, bo, 1);
	memcpy(b + NOTEOFF + 12, "CORE", 5);
	fa_put32(b + NOTEOFF + 20, bo, 0xdeadbeef);
}

static void check_core(const struct fa_cx_dump *d, int bo)
{
	assert_int_equal(d->byteorder, bo);
	assert_int_equal(d->machine, 21);
	assert_int_equal(d->phnum, 3);
	assert_int_equal(d->nr_load, 2);
	assert_int_equal(d->load[0].offset, 0x10000);
	assert_int_equal(d->load[0].vaddr, 0xc000000000000000ULL);
	assert_int_equal(d->load[1].paddr, 0x10000000);
	assert_int_equal(d->load[1].filesz, 0x4000);
	assert_int_equal(d->notes_len, 24);
	assert_memory_equal(d->notes + 12, "CORE", 5);
	assert_int_equal(fa_get32(d->notes + 20, bo), 0xdeadbeef);
}

static void test_parse_both_orders(void **state)
{
	uint8_t b[FSIZE];
	struct fa_cx_dump d;
	struct fa_err e = { 0 };
	int bo;

	(void)state;
	for (bo = FA_LE; bo <= FA_BE; bo++) {
		build_core(b, bo);
		assert_fa_ok(fa_cx_dump_parse(b, FSIZE, 0x40000, &d, &e), &e);
		check_core(&d, bo);
		fa_cx_dump_free(&d);
	}
	/* The big-endian header's e_machine is at byte 18 as 00 15. */
	assert_int_equal(b[18], 0x00);
	assert_int_equal(b[19], 0x15);
}

static void test_read_file(void **state)
{
	char path[512];
	uint8_t b[FSIZE];
	struct fa_cx_dump d;
	struct fa_err e = { 0 };
	int fd;

	(void)state;
	build_core(b, FA_LE);
	snprintf(path, sizeof(path), "%s/core", fa_test_tmpdir());
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, FSIZE), FSIZE);
	assert_fa_ok(fa_cx_dump_read(fd, &d, &e), &e);
	check_core(&d, FA_LE);
	fa_cx_dump_free(&d);
	/* Cut inside the note data. */
	assert_int_equal(ftruncate(fd, FSIZE - 4), 0);
	assert_fa_error(fa_cx_dump_read(fd, &d, &e), &e, FA_ETRUNC,
			"PT_NOTE: need 24 bytes at offset 0xe8, file ends after 20");
	fa_cx_dump_free(&d);
	close(fd);
}

static void test_malformed(void **state)
{
	uint8_t b[FSIZE];
	struct fa_cx_dump d;
	struct fa_err e = { 0 };

	(void)state;
	build_core(b, FA_LE);
	b[1] = 'X';
	assert_fa_error(fa_cx_dump_parse(b, FSIZE, FSIZE, &d, &e), &e, FA_EMAGIC,
			"not an ELF file: expected 7f 45 4c 46 at offset 0");
	fa_cx_dump_free(&d);

	build_core(b, FA_LE);
	b[4] = 1;
	assert_fa_error(fa_cx_dump_parse(b, FSIZE, FSIZE, &d, &e), &e, FA_EUNSUP,
			"ELF class 1 at offset 4, expected ELFCLASS64 (2)");
	fa_cx_dump_free(&d);

	build_core(b, FA_LE);
	assert_fa_error(fa_cx_dump_parse(b, 40, FSIZE, &d, &e), &e, FA_ETRUNC,
			"ELF header: need 64 bytes at offset 0, only 40 available");
	fa_cx_dump_free(&d);

	/* Program headers past the end of the file. */
	build_core(b, FA_LE);
	fa_put16(b + 56, FA_LE, 60000);
	assert_fa_error(fa_cx_dump_parse(b, FSIZE, FSIZE, &d, &e), &e, FA_ETRUNC,
			"program headers: need 0x334500 bytes at offset 0x40, file is 0x100 bytes");
	fa_cx_dump_free(&d);

	/* p_offset + p_filesz wrapping around. */
	build_core(b, FA_LE);
	fa_put64(b + PHOFF + 56 + 8, FA_LE, 0xfffffffffffff000ULL);
	assert_fa_error(fa_cx_dump_parse(b, FSIZE, FSIZE, &d, &e), &e, FA_ERANGE,
			"PT_LOAD 0: p_offset 0xfffffffffffff000 + p_filesz 0x20000 overflows");
	fa_cx_dump_free(&d);

	/* A PT_NOTE larger than the extension will hold. */
	build_core(b, FA_LE);
	fa_put64(b + PHOFF + 32, FA_LE, 0x8000000);
	assert_fa_error(fa_cx_dump_parse(b, FSIZE, FSIZE, &d, &e), &e, FA_ERANGE,
			"PT_NOTE at offset 0xe8: 0x8000000 bytes of notes, more than the 0x4000000 allowed");
	fa_cx_dump_free(&d);

	/* e_phentsize other than 56. */
	build_core(b, FA_BE);
	fa_put16(b + 54, FA_BE, 32);
	assert_fa_error(fa_cx_dump_parse(b, FSIZE, FSIZE, &d, &e), &e, FA_ECORRUPT,
			"ELF e_phentsize 32 at offset 54, expected 56");
	fa_cx_dump_free(&d);
}

static void test_sect_probe(void **state)
{
	uint8_t h[16];
	int bo = 0;

	(void)state;
	fa_test_hex("52 45 47 53 41 56 45 00", h, sizeof(h));	/* "REGSAVE\0" */
	assert_int_equal(fa_cx_sect_probe(h, 8, &bo), FA_CX_SECT_REGSAVE);
	fa_test_hex("47 49 53 50 4d 44 41 46", h, sizeof(h));	/* LE FADMPSIG */
	assert_int_equal(fa_cx_sect_probe(h, 8, &bo), FA_CX_SECT_CRASHINFO);
	assert_int_equal(bo, FA_LE);
	fa_test_hex("46 41 44 4d 50 49 4e 46", h, sizeof(h));	/* BE FADMPINF */
	assert_int_equal(fa_cx_sect_probe(h, 8, &bo), FA_CX_SECT_CRASHINFO);
	assert_int_equal(bo, FA_BE);
	fa_test_hex("46 41 44 4d 50 49 4e 47", h, sizeof(h));
	assert_int_equal(fa_cx_sect_probe(h, 8, &bo), FA_CX_SECT_NONE);
	assert_int_equal(fa_cx_sect_probe(h, 7, &bo), FA_CX_SECT_NONE);
	assert_string_equal(fa_cx_sect_name(FA_CX_SECT_REGSAVE), "CPU state data (REGSAVE)");
}

static char *text;
static size_t textlen;

static FILE *cap(void)
{
	FILE *f;

	free(text);
	text = NULL;
	f = open_memstream(&text, &textlen);
	assert_non_null(f);
	return f;
}

static void test_print_segments(void **state)
{
	uint8_t b[FSIZE];
	struct fa_cx_dump d;
	struct fa_err e = { 0 };
	const int sect[2] = { FA_CX_SECT_NONE, FA_CX_SECT_REGSAVE };
	const char *detail[2] = { NULL, "4 CPUs" };
	FILE *f;

	(void)state;
	build_core(b, FA_LE);
	assert_fa_ok(fa_cx_dump_parse(b, FSIZE, 0x40000, &d, &e), &e);
	f = cap();
	fa_cx_print_segments(f, &d, sect, detail);
	fclose(f);
	assert_string_equal(text,
		"  LOAD PADDR              VADDR              FILESZ       CONTENTS\n"
		"  0    0x0                0xc000000000000000 0x20000      memory\n"
		"  1    0x10000000         0xc000000010000000 0x4000       CPU state data (REGSAVE): 4 CPUs\n");
	fa_cx_dump_free(&d);
}

static void test_print_fdm_and_header(void **state)
{
	struct fa_rtas_fdm fdm;
	static struct fa_crashinfo ci;
	FILE *f;

	(void)state;
	sample_fdm(&fdm);
	fdm.rgn[2].error_flags = 0x8000;
	f = cap();
	fa_cx_print_rtas_fdm(f, &fdm);
	fclose(f);
	assert_non_null(strstr(text,
		"  rgn[0] CPU_STATE_DATA   src 0x0 len 0x40020 -> dest 0x6ffb0000, dumped 0x0, error_flags 0x0 (none)\n"));
	assert_non_null(strstr(text, "  rgn[2] REAL_MODE_REGION src 0x0 len 0x10000000 -> dest 0x70000000"));
	assert_non_null(strstr(text, "error_flags 0x8000 ("));

	memset(&ci, 0, sizeof(ci));
	ci.era = FA_CI_FADMPSIG;
	ci.byteorder = FA_LE;
	ci.version = 1;
	ci.crashing_cpu = 2;
	ci.pt_regs_sz = 384;
	ci.cpu_mask_sz = 256;
	ci.vmcoreinfo_raddr = 0x7f00000;
	ci.vmcoreinfo_size = 0x1024;
	ci.cpu_mask[0] = 0x0d;
	f = cap();
	fa_cx_print_crashinfo(f, &ci);
	fclose(f);
	assert_string_equal(text,
		"  magic FADMPSIG, version 1, little-endian\n"
		"  crashing_cpu 2\n"
		"  cpu_mask 0,2-3\n"
		"  vmcoreinfo_raddr 0x7f00000 (0x1024 bytes), pt_regs_sz 384, cpu_mask_sz 256\n");
	ci.era = FA_CI_FADMPINF;
	ci.crashing_cpu = 0xFFFFFFFFu;
	f = cap();
	fa_cx_print_crashinfo(f, &ci);
	fclose(f);
	assert_non_null(strstr(text, "magic FADMPINF (before v6.10)"));
	assert_non_null(strstr(text, "FADUMP_CPU_UNKNOWN (the dump was not kernel-initiated)"));
	free(text);
	text = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_both_orders),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_sect_probe),
		cmocka_unit_test(test_print_segments),
		cmocka_unit_test(test_print_fdm_and_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
