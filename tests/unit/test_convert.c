// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_convert.c - ELF vmcore -> kdump-compressed: round trips through
 * libkdumpfile in both byte orders, every compressor and zero-page level,
 * several cycles and threads, header fields checked byte by byte, the
 * flattened stream against the direct file, and malformed inputs.
 */
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "convert.h"
#include "diskdump.h"
#include "flattened.h"
#include "test_convert_fixture.h"

static char *tmp(const char *name)
{
	static char buf[8][512];
	static int k;
	char *p = buf[k++ & 7];

	snprintf(p, 512, "%s/%s", fx_tmpdir(), name);
	return p;
}

/*
 * The standard fixture: [0, 1 MiB) mixed pages, a hole, [2 MiB, 2.5 MiB)
 * with a zero-filled tail, and a lone segment at 200 MiB so that max_mapnr
 * needs two bitmap blocks (two cycles at the smallest cycle).
 */
static void fx_standard(struct fx *f, int bo, uint32_t ps)
{
	fx_init(f, bo, 21, ps);
	fx_vmci(f, "OSRELEASE=6.10.0-test\nPAGESIZE=%u\nSYMBOL(swapper_pg_dir)=c000000001230000\nCRASHTIME=1700000000\n",
		ps);
	fx_add_seg(f, 0, 1 << 20, 1 << 20);
	fx_add_seg(f, 2 << 20, 512 << 10, 256 << 10);
	fx_add_seg(f, 200ULL << 20, 4 * ps, 4 * ps);
	/* a run of 64K of zeros inside the first segment: a hole on disk */
	memset(fx_at(f, 256 << 10, 128 << 10), 0, 128 << 10);
}

static int zero_never(struct fx *f, uint64_t pfn)
{
	(void)f;
	(void)pfn;
	return 0;
}

static void read_header(const char *path, int bo,
			struct fa_disk_dump_header *h,
			struct fa_kdump_sub_header *s, uint8_t *raw, size_t rawlen)
{
	struct fa_err e;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, raw, rawlen, 0), (ssize_t)rawlen);
	close(fd);
	assert_fa_ok(fa_diskdump_header_decode(raw, rawlen, bo, h, &e), &e);
	assert_fa_ok(fa_kdump_sub_header_decode(raw + h->block_size,
						rawlen - (size_t)h->block_size,
						bo, s, &e), &e);
}

static void convert_ok(const char *in, const char *out, uint32_t comp,
		       int level, unsigned int threads, uint64_t cycle,
		       struct fa_convert_stats *st)
{
	struct fa_convert_opts o = { 0 };
	struct fa_err e;

	o.compress = comp;
	o.dump_level = level;
	o.nthreads = threads;
	o.cycle_pfns = cycle;
	assert_fa_ok(fa_convert(in, out, &o, st, &e), &e);
}

/* Every compressor, levels 0 and 1, both byte orders, 1 and 3 threads. */
static void roundtrip(int bo)
{
	static const uint32_t comps[] = {
		0, FA_DUMP_DH_COMPRESSED_ZLIB, FA_DUMP_DH_COMPRESSED_LZO,
		FA_DUMP_DH_COMPRESSED_SNAPPY, FA_DUMP_DH_COMPRESSED_ZSTD,
	};
	struct fa_convert_stats st;
	struct fx f;
	char *in = tmp(bo == FA_LE ? "rt-le.elf" : "rt-be.elf");
	char *out = tmp("rt.kdump");
	size_t c;
	int level;

	fx_standard(&f, bo, 4096);
	fx_write(&f, in);
	for (c = 0; c < sizeof(comps) / sizeof(comps[0]); c++) {
		for (level = 0; level <= 1; level++) {
			convert_ok(in, out, comps[c], level, c % 2 ? 3 : 1,
				   level ? 1 : 0, &st);
			assert_int_equal(fx_check_kdump(&f, out, zero_never), 0);
			assert_int_equal(st.dumped, st.present);
			assert_int_equal(st.present, 256 + 128 + 4);
			assert_int_equal(st.cycles, level ? 2 : 1);
			if (comps[c])
				assert_true(st.compressed > 0);
			assert_true(st.raw > 0);	/* random pages */
			assert_true(st.holes >= 32 + 64);
			if (level)
				assert_int_equal(st.shared_zero, st.zero);
			else
				assert_int_equal(st.shared_zero, 0);
		}
	}
	fx_free(&f);
}

static void test_roundtrip_le(void **state)
{
	(void)state;
	roundtrip(FA_LE);
}

static void test_roundtrip_be(void **state)
{
	(void)state;
	roundtrip(FA_BE);
}

/* 64 KiB pages (ppc64's usual size), LE, zstd, level 1. */
static void test_roundtrip_64k(void **state)
{
	struct fa_convert_stats st;
	struct fx f;
	char *in = tmp("rt64.elf"), *out = tmp("rt64.kdump");

	(void)state;
	fx_init(&f, FA_LE, 21, 65536);
	fx_vmci(&f, "OSRELEASE=6.10.0\nPAGESIZE=65536\n");
	fx_add_seg(&f, 0, 4 << 20, 4 << 20);
	fx_write(&f, in);
	convert_ok(in, out, FA_DUMP_DH_COMPRESSED_ZSTD, 1, 2, 0, &st);
	assert_int_equal(fx_check_kdump(&f, out, zero_never), 0);
	assert_int_equal(st.page_size, 65536);
	assert_int_equal(st.dumped, 64);
	fx_free(&f);
}

/*
 * Header and layout, checked against the offsets of the format description
 * (§1.1, §1.2, §1.5), not against the encoder.
 */
static void header_fields(int bo, const char *machine)
{
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	struct fa_convert_stats st;
	struct fa_page_desc pd;
	struct fa_err e;
	struct fx f;
	uint8_t raw[5 * 4096], desc[24], zero[4096], pg[4096];
	char *in = tmp("hdr.elf"), *out = tmp("hdr.kdump");
	uint64_t max_mapnr = (200ULL << 20) / 4096 + 4;
	int fd;

	fx_standard(&f, bo, 4096);
	fx_write(&f, in);
	convert_ok(in, out, FA_DUMP_DH_COMPRESSED_LZO, 1, 2, 0, &st);
	read_header(out, bo, &h, &s, raw, sizeof(raw));
	assert_memory_equal(raw, "KDUMP   ", 8);
	assert_int_equal(fa_get32(raw + 8, bo), 6);		/* header_version */
	assert_string_equal((char *)raw + 12, "Linux");		/* sysname */
	assert_string_equal((char *)raw + 12 + 2 * 65, "6.10.0-test");
	assert_string_equal((char *)raw + 12 + 4 * 65, machine);
	assert_int_equal(fa_get64(raw + 408, bo), 1700000000);	/* CRASHTIME */
	assert_int_equal(fa_get64(raw + 416, bo), 0);		/* tv_usec */
	assert_int_equal(fa_get32(raw + 424, bo), 0x02);	/* lzo */
	assert_int_equal(fa_get32(raw + 428, bo), 4096);
	assert_int_equal(fa_get32(raw + 432, bo), 1);		/* sub_hdr_size */
	/* ceil(ceil(51204 / 8) / 4096) = 2 blocks per bitmap */
	assert_int_equal(fa_get32(raw + 436, bo), 4);
	assert_int_equal(fa_get32(raw + 440, bo), max_mapnr);
	assert_int_equal(fa_get32(raw + 460, bo), 1);		/* nr_cpus */
	/* sub-header at 4096 */
	assert_int_equal(fa_get32(raw + 4096 + 8, bo), 1);	/* dump_level */
	assert_int_equal(fa_get64(raw + 4096 + 48, bo), 4096 + 104);
	assert_int_equal(fa_get64(raw + 4096 + 96, bo), max_mapnr);
	assert_int_equal(s.max_mapnr_64, max_mapnr);
	assert_memory_equal(raw + s.offset_vmcoreinfo, "OSRELEASE=", 10);
	assert_int_equal(s.size_vmcoreinfo, f.vmci_len);
	/* the notes start with the PRSTATUS note: namesz 5, descsz 504, type 1 */
	assert_int_equal(fa_get32(raw + 4200, bo), 5);
	assert_int_equal(fa_get32(raw + 4204, bo), 504);
	assert_int_equal(fa_get32(raw + 4208, bo), 1);
	/* 1st bitmap at block 2: pfns 0..255 set, 256..511 clear */
	assert_int_equal(raw[8192], 0xff);
	assert_int_equal(raw[8192 + 31], 0xff);
	assert_int_equal(raw[8192 + 32], 0);
	assert_fa_ok(fa_diskdump_header_validate(&h, st.out_size, &e), &e);
	assert_fa_ok(fa_kdump_sub_header_validate(&s, &h, st.out_size, &e), &e);
	/*
	 * Descriptors at block 1 + 1 + 4 = 6; data right after them, starting
	 * with the shared zero page.  pfn 0 is a zero page (kind 0).
	 */
	fd = open(out, O_RDONLY);
	assert_int_equal(pread(fd, desc, 24, 6 * 4096), 24);
	assert_fa_ok(fa_page_desc_decode(desc, 24, bo, &pd, &e), &e);
	assert_int_equal(pd.offset, 6 * 4096 + st.dumped * 24);
	assert_int_equal(pd.size, 4096);
	assert_int_equal(pd.flags, 0);
	memset(zero, 0, sizeof(zero));
	assert_int_equal(pread(fd, pg, 4096, pd.offset), 4096);
	assert_memory_equal(pg, zero, 4096);
	/* pfn 1 (text) is compressed right after the zero page */
	assert_int_equal(pread(fd, desc, 24, 6 * 4096 + 24), 24);
	assert_fa_ok(fa_page_desc_decode(desc, 24, bo, &pd, &e), &e);
	assert_int_equal(pd.offset, 6 * 4096 + st.dumped * 24 + 4096);
	assert_int_equal(pd.flags, FA_DUMP_DH_COMPRESSED_LZO);
	assert_true(pd.size < 4096);
	close(fd);
	assert_int_equal(st.out_size, (uint64_t)fx_file_size(out));
	fx_free(&f);
}

static void test_header_le(void **state)
{
	(void)state;
	header_fields(FA_LE, "ppc64le");
}

static void test_header_be(void **state)
{
	(void)state;
	header_fields(FA_BE, "ppc64");
}

/* utsname from init_uts_ns when VMCOREINFO points at it. */
static void test_utsname_from_memory(void **state)
{
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	struct fx f;
	uint8_t raw[3 * 4096], *u;
	char *in = tmp("uts.elf"), *out = tmp("uts.kdump");

	(void)state;
	fx_init(&f, FA_BE, 21, 4096);
	fx_vmci(&f, "OSRELEASE=6.1.0\nPAGESIZE=4096\nSYMBOL(init_uts_ns)=c000000000010000\nOFFSET(uts_namespace.name)=8\n");
	fx_add_seg(&f, 0, 1 << 20, 1 << 20);
	u = fx_at(&f, 0x10008, 390);
	memset(u, 0, 390);
	strcpy((char *)u, "Linux");
	strcpy((char *)u + 65, "lpar7");
	strcpy((char *)u + 130, "6.1.0-47-powerpc64");
	strcpy((char *)u + 260, "ppc64");
	fx_write(&f, in);
	convert_ok(in, out, 0, 0, 1, 0, NULL);
	read_header(out, FA_BE, &h, &s, raw, sizeof(raw));
	assert_string_equal(h.utsname.nodename, "lpar7");
	assert_string_equal(h.utsname.release, "6.1.0-47-powerpc64");
	assert_string_equal(h.utsname.machine, "ppc64");
	assert_int_equal(h.tv_sec, 0);
	fx_free(&f);
}

static void test_x86_64_machine(void **state)
{
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	struct fx f;
	uint8_t raw[3 * 4096];
	char *in = tmp("x86.elf"), *out = tmp("x86.kdump");

	(void)state;
	fx_init(&f, FA_LE, 62, 4096);
	fx_vmci(&f, "OSRELEASE=6.1.0-amd64\nPAGESIZE=4096\nNUMBER(phys_base)=16777216\n");
	fx_add_seg(&f, 0, 1 << 20, 1 << 20);
	fx_write(&f, in);
	convert_ok(in, out, FA_DUMP_DH_COMPRESSED_ZLIB, 31, 2, 0, NULL);
	read_header(out, FA_LE, &h, &s, raw, sizeof(raw));
	assert_string_equal(h.utsname.machine, "x86_64");
	assert_int_equal(s.phys_base, 16777216);
	assert_int_equal(s.dump_level, 31);
	assert_int_equal(fx_check_kdump(&f, out, zero_never), 0);
	fx_free(&f);
}

/* -F output, rebuilt by convert itself, equals the direct file. */
static void test_flattened_equals_direct(void **state)
{
	struct fa_convert_opts o = { 0 };
	struct fa_convert_stats st;
	struct fa_err e;
	struct fx f;
	char *in = tmp("fl.elf"), *direct = tmp("fl.kdump");
	char *flat = tmp("fl.flat"), *rebuilt = tmp("fl.rebuilt");

	(void)state;
	fx_standard(&f, FA_BE, 4096);
	fx_write(&f, in);
	convert_ok(in, direct, FA_DUMP_DH_COMPRESSED_SNAPPY, 1, 2, 1, NULL);
	o.compress = FA_DUMP_DH_COMPRESSED_SNAPPY;
	o.dump_level = 1;
	o.nthreads = 3;
	o.cycle_pfns = 1;
	o.flattened = 1;
	assert_fa_ok(fa_convert(in, flat, &o, &st, &e), &e);
	o.flattened = 0;
	assert_fa_ok(fa_convert(flat, rebuilt, &o, &st, &e), &e);
	assert_int_equal(st.rebuilt, 1);
	assert_int_equal(st.rebuilt_kdump, 1);
	assert_true(fx_files_equal(direct, rebuilt));
	fx_free(&f);
}

/* A flattened ELF (makedumpfile -F -E) is rebuilt and converted. */
static void test_flattened_elf_input(void **state)
{
	struct fa_flat_writer w;
	struct fa_outfile of;
	struct fa_convert_stats st;
	struct fa_err e;
	struct fx f;
	uint8_t *buf;
	size_t len;
	char *in = tmp("fe.elf"), *flat = tmp("fe.flat");
	char *a = tmp("fe-a.kdump"), *b = tmp("fe-b.kdump");

	(void)state;
	fx_standard(&f, FA_LE, 4096);
	fx_write(&f, in);
	assert_fa_ok(fa_read_file(in, &buf, &len, 1 << 30, &e), &e);
	assert_fa_ok(fa_outfile_open(&of, flat, &e), &e);
	w.write = fa_flat_outfile_write;
	w.ctx = &of;
	assert_fa_ok(fa_flat_emit_header(&w, &e), &e);
	/* two records, the second first, as a stream may order them */
	assert_fa_ok(fa_flat_emit_record(&w, 4096, buf + 4096, len - 4096, &e), &e);
	assert_fa_ok(fa_flat_emit_record(&w, 0, buf, 4096, &e), &e);
	assert_fa_ok(fa_flat_emit_end(&w, &e), &e);
	assert_fa_ok(fa_outfile_commit(&of, &e), &e);
	free(buf);
	convert_ok(in, a, FA_DUMP_DH_COMPRESSED_ZSTD, 1, 1, 0, NULL);
	convert_ok(flat, b, FA_DUMP_DH_COMPRESSED_ZSTD, 1, 2, 0, &st);
	assert_int_equal(st.rebuilt, 1);
	assert_int_equal(st.rebuilt_kdump, 0);
	assert_true(fx_files_equal(a, b));
	fx_free(&f);
}

/* Levels 2..16 without a mem_map: the pages are kept, and it is said why. */
static void test_filter_unavailable(void **state)
{
	struct fa_convert_stats st;
	struct fx f;
	char *in = tmp("nf.elf"), *out = tmp("nf.kdump");

	(void)state;
	fx_standard(&f, FA_LE, 4096);
	fx_write(&f, in);
	convert_ok(in, out, 0, 31, 2, 0, &st);
	assert_int_equal(st.mem_map_filtered, 0);
	assert_non_null(strstr(st.filter_note, "SIZE(page)"));
	assert_int_equal(st.dumped, st.present);
	fx_free(&f);
}

static void test_bad_options(void **state)
{
	struct fa_convert_opts o = { 0 };
	struct fa_err e;
	char *out = tmp("never.kdump");

	(void)state;
	o.nthreads = 1;
	o.dump_level = 32;
	assert_fa_error(fa_convert("x", out, &o, NULL, &e), &e, FA_EINVAL,
			"dump level 32: expected 0..31");
	o.dump_level = 1;
	o.compress = FA_DUMP_DH_COMPRESSED_ZLIB | FA_DUMP_DH_COMPRESSED_LZO;
	assert_fa_error(fa_convert("x", out, &o, NULL, &e), &e, FA_EINVAL,
			"compression 0x3");
	o.compress = FA_DUMP_DH_COMPRESSED_INCOMPLETE;
	assert_fa_error(fa_convert("x", out, &o, NULL, &e), &e, FA_EINVAL,
			"compression 0x8");
	assert_int_equal(access(out, F_OK), -1);
}

static void test_malformed_inputs(void **state)
{
	struct fa_convert_opts o = { 0 };
	struct fa_err e;
	struct fx f;
	uint8_t junk[4096];
	char *in = tmp("bad.elf"), *out = tmp("bad.kdump");
	char *kd = tmp("bad-in.kdump"), *flat = tmp("bad.flat");
	uint8_t *buf;
	size_t len;

	(void)state;
	o.nthreads = 2;
	/* not a dump at all */
	memset(junk, 'x', sizeof(junk));
	assert_fa_ok(fa_write_file(in, junk, sizeof(junk), &e), &e);
	assert_fa_error(fa_convert(in, out, &o, NULL, &e), &e, FA_EMAGIC, in);
	/* an ELF whose PT_LOAD runs past the end of the file */
	fx_standard(&f, FA_LE, 4096);
	fx_write(&f, in);
	assert_fa_ok(fa_read_file(in, &buf, &len, 1 << 30, &e), &e);
	assert_fa_ok(fa_write_file(in, buf, len - 8192, &e), &e);
	assert_fa_error(fa_convert(in, out, &o, NULL, &e), &e, FA_ETRUNC, in);
	/* VMCOREINFO with an impossible page size */
	fx_free(&f);
	fx_init(&f, FA_LE, 21, 4096);
	fx_vmci(&f, "OSRELEASE=6.10\nPAGESIZE=12288\n");
	fx_add_seg(&f, 0, 65536, 65536);
	fx_write(&f, in);
	assert_fa_error(fa_convert(in, out, &o, NULL, &e), &e, FA_ECORRUPT,
			"PAGESIZE=12288: expected a power of two");
	/* already kdump-compressed: refiltered (t4100), a cut one refused */
	fx_free(&f);
	fx_standard(&f, FA_LE, 4096);
	fx_write(&f, in);
	convert_ok(in, kd, 0, 0, 1, 0, NULL);
	assert_fa_ok(fa_convert(kd, out, &o, NULL, &e), &e);
	unlink(out);
	assert_int_equal(truncate(kd, 600), 0);
	assert_fa_error(fa_convert(kd, out, &o, NULL, &e), &e, FA_ERANGE,
			"bitmaps end at");
	/* a flattened stream cut before its end marker */
	o.flattened = 1;
	assert_fa_ok(fa_convert(in, flat, &o, NULL, &e), &e);
	o.flattened = 0;
	free(buf);
	assert_fa_ok(fa_read_file(flat, &buf, &len, 1 << 30, &e), &e);
	assert_fa_ok(fa_write_file(flat, buf, len - 16, &e), &e);
	assert_fa_error(fa_convert(flat, out, &o, NULL, &e), &e, FA_ETRUNC,
			"without the -1/-1 end marker");
	/* no stdout without -F; no such input; no such output directory */
	assert_fa_error(fa_convert(in, "-", &o, NULL, &e), &e, FA_EINVAL,
			"use -F");
	assert_fa_error(fa_convert(tmp("missing.elf"), out, &o, NULL, &e), &e,
			FA_ENOENT, "cannot open");
	assert_fa_error(fa_convert(in, tmp("nodir/x.kdump"), &o, NULL, &e), &e,
			FA_EIO, "cannot create");
	assert_int_equal(access(out, F_OK), -1);
	free(buf);
	fx_free(&f);
}

/*
 * A write that fails mid-way (the file-size limit, EFBIG) stops every
 * worker, whichever holds the pages next in order, and leaves no output:
 * 1, 2 and 5 threads over several jobs of raw pages.
 */
static void test_write_error_threads(void **state)
{
	static const unsigned int threads[] = { 1, 2, 5 };
	struct fa_convert_opts o = { 0 };
	struct rlimit old, lim;
	struct fa_err e;
	struct fx f;
	char *in = tmp("wr.elf"), *out = tmp("wr.kdump");
	size_t i;

	(void)state;
	fx_standard(&f, FA_LE, 4096);
	fx_write(&f, in);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_IGN);
	lim = old;
	lim.rlim_cur = 600 << 10;	/* past the headers, within the data */
	for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
		o.nthreads = threads[i];
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
		assert_fa_error(fa_convert(in, out, &o, NULL, &e), &e, FA_EIO,
				"write at offset");
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
		assert_int_equal(access(out, F_OK), -1);
	}
	signal(SIGXFSZ, SIG_DFL);
	fx_free(&f);
}

/* A capture root directory is read through ROOT/proc/vmcore. */
static void test_capture_root(void **state)
{
	struct fa_convert_stats st;
	struct fx f;
	char *root = tmp("root"), path[600];

	(void)state;
	snprintf(path, sizeof(path), "%s/proc", root);
	assert_int_equal(mkdir(root, 0700), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/proc/vmcore", root);
	fx_standard(&f, FA_BE, 4096);
	fx_write(&f, path);
	convert_ok(root, tmp("root.kdump"), FA_DUMP_DH_COMPRESSED_ZLIB, 1, 2, 0, &st);
	assert_int_equal(fx_check_kdump(&f, tmp("root.kdump"), zero_never), 0);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_le),
		cmocka_unit_test(test_roundtrip_be),
		cmocka_unit_test(test_roundtrip_64k),
		cmocka_unit_test(test_header_le),
		cmocka_unit_test(test_header_be),
		cmocka_unit_test(test_utsname_from_memory),
		cmocka_unit_test(test_x86_64_machine),
		cmocka_unit_test(test_flattened_equals_direct),
		cmocka_unit_test(test_flattened_elf_input),
		cmocka_unit_test(test_filter_unavailable),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_malformed_inputs),
		cmocka_unit_test(test_write_error_threads),
		cmocka_unit_test(test_capture_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
