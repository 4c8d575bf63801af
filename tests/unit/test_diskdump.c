// SPDX-License-Identifier: GPL-2.0-or-later
/* test_diskdump.c - kdump-compressed header, sub-header, page_desc, layout. */
#include "fa_test.h"
#include "diskdump.h"

static void make_header(struct fa_disk_dump_header *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->signature, FA_KDUMP_SIGNATURE, FA_SIG_LEN);
	h->header_version = 6;
	strcpy(h->utsname.sysname, "Linux");
	strcpy(h->utsname.nodename, "(none)");
	strcpy(h->utsname.release, "6.1.0-47-powerpc64le");
	strcpy(h->utsname.version, "#1 SMP Debian");
	strcpy(h->utsname.machine, "ppc64le");
	strcpy(h->utsname.domainname, "(none)");
	h->tv_sec = 0x66554433;
	h->status = FA_DUMP_DH_COMPRESSED_ZSTD;
	h->block_size = 4096;
	h->sub_hdr_size = 1;
	h->bitmap_blocks = 2;
	h->max_mapnr = 288;
	h->nr_cpus = 4;
}

/* Golden bytes at the offsets of §1.2, written out by hand. */
static void test_header_golden_le(void **state)
{
	struct fa_disk_dump_header h, back;
	uint8_t buf[FA_DISKDUMP_HDR_SIZE];
	static const uint8_t at408[] = {
		0x33, 0x44, 0x55, 0x66, 0, 0, 0, 0,	/* tv_sec */
		0, 0, 0, 0, 0, 0, 0, 0,			/* tv_usec */
		0x20, 0, 0, 0,				/* status: zstd */
		0x00, 0x10, 0, 0,			/* block_size 4096 */
		0x01, 0, 0, 0,				/* sub_hdr_size */
		0x02, 0, 0, 0,				/* bitmap_blocks */
		0x20, 0x01, 0, 0,			/* max_mapnr 288 */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0x04, 0, 0, 0,				/* nr_cpus at 460 */
	};
	struct fa_err e;

	(void)state;
	make_header(&h);
	fa_diskdump_header_encode(&h, FA_LE, buf);
	assert_memory_equal(buf, "KDUMP   ", 8);
	assert_memory_equal(buf + 8, "\x06\0\0\0", 4);
	assert_memory_equal(buf + 12, "Linux\0", 6);
	assert_memory_equal(buf + 77, "(none)\0", 7);
	assert_memory_equal(buf + 142, "6.1.0-47-powerpc64le\0", 21);
	assert_memory_equal(buf + 272, "ppc64le\0", 8);
	assert_memory_equal(buf + 408, at408, sizeof(at408));
	assert_int_equal(sizeof(at408), 464 - 408);
	assert_fa_ok(fa_diskdump_header_decode(buf, sizeof(buf), FA_LE, &back,
					       &e), &e);
	assert_memory_equal(&h, &back, sizeof(h));
	assert_fa_ok(fa_diskdump_header_validate(&back, 18688, &e), &e);
}

static void test_header_golden_be(void **state)
{
	struct fa_disk_dump_header h, back;
	uint8_t buf[FA_DISKDUMP_HDR_SIZE];
	struct fa_err e;
	int bo = 0;

	(void)state;
	make_header(&h);
	h.block_size = 65536;
	fa_diskdump_header_encode(&h, FA_BE, buf);
	assert_memory_equal(buf + 8, "\0\0\0\x06", 4);
	assert_memory_equal(buf + 408, "\0\0\0\0\x66\x55\x44\x33", 8);
	assert_memory_equal(buf + 424, "\0\0\0\x20\0\x01\0\0\0\0\0\x01", 12);
	assert_memory_equal(buf + 440, "\0\0\x01\x20", 4);
	assert_memory_equal(buf + 460, "\0\0\0\x04", 4);
	assert_fa_ok(fa_diskdump_probe_byteorder(buf, sizeof(buf), &bo, &e), &e);
	assert_int_equal(bo, FA_BE);
	assert_fa_ok(fa_diskdump_header_decode(buf, sizeof(buf), bo, &back, &e),
		     &e);
	assert_memory_equal(&h, &back, sizeof(h));
	/* The LE encoding probes as LE. */
	fa_diskdump_header_encode(&h, FA_LE, buf);
	assert_fa_ok(fa_diskdump_probe_byteorder(buf, sizeof(buf), &bo, &e), &e);
	assert_int_equal(bo, FA_LE);
	/* DISKDUMP is accepted too. */
	memcpy(buf, "DISKDUMP", 8);
	assert_fa_ok(fa_diskdump_header_decode(buf, sizeof(buf), FA_LE, &back,
					       &e), &e);
}

static void test_header_malformed(void **state)
{
	struct fa_disk_dump_header h, back;
	uint8_t buf[FA_DISKDUMP_HDR_SIZE];
	struct fa_err e;
	int bo;

	(void)state;
	make_header(&h);
	fa_diskdump_header_encode(&h, FA_LE, buf);
	assert_fa_error(fa_diskdump_header_decode(buf, 463, FA_LE, &back, &e),
			&e, FA_ETRUNC, "disk_dump_header: need 464 bytes");
	memcpy(buf, "KDUMP\0\0\0", 8);
	assert_fa_error(fa_diskdump_header_decode(buf, sizeof(buf), FA_LE,
						  &back, &e), &e, FA_EMAGIC,
			"found 4b 44 55 4d 50 00 00 00");
	memcpy(buf, "KDUMP   ", 8);
	buf[429] = 0x30;	/* block_size 0x3000 */
	assert_fa_error(fa_diskdump_probe_byteorder(buf, sizeof(buf), &bo, &e),
			&e, FA_EENDIAN, "no 64-bit byte order");

	h.header_version = 7;
	assert_fa_error(fa_diskdump_header_validate(&h, 1 << 20, &e), &e,
			FA_EVERSION, "header_version (offset 8) is 7, expected 0..6");
	h.header_version = 6;
	h.block_size = 3000;
	assert_fa_error(fa_diskdump_header_validate(&h, 1 << 20, &e), &e,
			FA_ECORRUPT, "block_size (offset 428) is 3000");
	h.block_size = 4096;
	h.bitmap_blocks = 1;
	assert_fa_error(fa_diskdump_header_validate(&h, 1 << 20, &e), &e,
			FA_ECORRUPT, "bitmap_blocks (offset 436) is 1, max_mapnr 288 needs at least 2");
	h.bitmap_blocks = 2;
	h.max_mapnr = 4096 * 8 + 1;	/* one pfn too many for one block */
	assert_fa_error(fa_diskdump_header_validate(&h, 1 << 20, &e), &e,
			FA_ECORRUPT, "needs at least 4");
	h.max_mapnr = 288;
	assert_fa_error(fa_diskdump_header_validate(&h, 16383, &e), &e,
			FA_ERANGE, "bitmaps end at offset 0x4000, beyond the file size 0x3fff");
	h.tv_usec = 65536;
	assert_fa_error(fa_diskdump_header_validate(&h, 1 << 20, &e), &e,
			FA_ECORRUPT, "tv_usec (offset 416) is 65536, expected 0");
	h.tv_usec = 0;
	h.sub_hdr_size = 0;
	assert_fa_error(fa_diskdump_header_validate(&h, 1 << 20, &e), &e,
			FA_ECORRUPT, "sub_hdr_size (offset 432) is 0 blocks");
}

static void make_sub(struct fa_kdump_sub_header *s)
{
	memset(s, 0, sizeof(*s));
	s->dump_level = 31;
	s->offset_vmcoreinfo = 4580;
	s->size_vmcoreinfo = 200;
	s->offset_note = 4200;
	s->size_note = 756;
	s->max_mapnr_64 = 288;
	s->end_pfn_64 = 288;
	s->end_pfn = 288;
}

static void test_sub_header(void **state)
{
	struct fa_kdump_sub_header s, back;
	struct fa_disk_dump_header h;
	uint8_t buf[FA_KDUMP_SUB_HDR_SIZE];
	struct fa_err e;

	(void)state;
	make_header(&h);
	make_sub(&s);
	fa_kdump_sub_header_encode(&s, FA_BE, buf);
	assert_memory_equal(buf + 8, "\0\0\0\x1f", 4);
	assert_memory_equal(buf + 32, "\0\0\0\0\0\0\x11\xe4", 8);	/* 4580 */
	assert_memory_equal(buf + 48, "\0\0\0\0\0\0\x10\x68", 8);	/* 4200 */
	assert_memory_equal(buf + 56, "\0\0\0\0\0\0\x02\xf4", 8);	/* 756 */
	assert_memory_equal(buf + 96, "\0\0\0\0\0\0\x01\x20", 8);	/* 288 */
	assert_fa_ok(fa_kdump_sub_header_decode(buf, sizeof(buf), FA_BE, &back,
						&e), &e);
	assert_memory_equal(&s, &back, sizeof(s));
	fa_kdump_sub_header_encode(&s, FA_LE, buf);
	assert_memory_equal(buf + 48, "\x68\x10\0\0\0\0\0\0", 8);
	assert_fa_ok(fa_kdump_sub_header_decode(buf, sizeof(buf), FA_LE, &back,
						&e), &e);
	assert_memory_equal(&s, &back, sizeof(s));
	assert_fa_ok(fa_kdump_sub_header_validate(&s, &h, 18688, &e), &e);
	assert_true(fa_diskdump_max_mapnr(&h, &s) == 288);

	assert_fa_error(fa_kdump_sub_header_decode(buf, 103, FA_LE, &back, &e),
			&e, FA_ETRUNC, "kdump_sub_header: need 104");
	s.size_note = 4096;	/* runs past the sub-header block */
	assert_fa_error(fa_kdump_sub_header_validate(&s, &h, 18688, &e), &e,
			FA_ERANGE, "notes [0x1068, +0x1000) is outside the sub-header blocks [0x1068, 0x2000)");
	s.size_note = 756;
	s.offset_vmcoreinfo = 5000;
	assert_fa_error(fa_kdump_sub_header_validate(&s, &h, 18688, &e), &e,
			FA_ERANGE, "VMCOREINFO [0x1388, +0xc8) is outside the notes");
	s.offset_vmcoreinfo = 4580;
	s.max_mapnr_64 = 0x100000000ULL;
	assert_fa_error(fa_kdump_sub_header_validate(&s, &h, 18688, &e), &e,
			FA_ECORRUPT, "max_mapnr_64 (offset 96) is 0x100000000 but the header's max_mapnr is 0x120");
	s.max_mapnr_64 = 288;
	s.offset_eraseinfo = 18000;
	s.size_eraseinfo = 1000;
	assert_fa_error(fa_kdump_sub_header_validate(&s, &h, 18688, &e), &e,
			FA_ERANGE, "eraseinfo");
	h.header_version = 4;	/* eraseinfo is not defined before v5 */
	assert_fa_ok(fa_kdump_sub_header_validate(&s, &h, 18688, &e), &e);
	s.split = 2;
	assert_fa_error(fa_kdump_sub_header_validate(&s, &h, 18688, &e), &e,
			FA_ECORRUPT, "split (offset 12) is 2");
}

static void test_page_desc(void **state)
{
	struct fa_page_desc pd = { .offset = 18688, .size = 41,
				   .flags = FA_DUMP_DH_COMPRESSED_ZLIB }, back;
	static const uint8_t want_le[24] = {
		0x00, 0x49, 0, 0, 0, 0, 0, 0, 41, 0, 0, 0, 1, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	uint8_t buf[24];
	struct fa_err e;

	(void)state;
	fa_page_desc_encode(&pd, FA_LE, buf);
	assert_memory_equal(buf, want_le, 24);
	assert_fa_ok(fa_page_desc_decode(buf, 24, FA_LE, &back, &e), &e);
	assert_memory_equal(&pd, &back, sizeof(pd));
	fa_page_desc_encode(&pd, FA_BE, buf);
	assert_memory_equal(buf, "\0\0\0\0\0\0\x49\0\0\0\0\x29\0\0\0\x01", 16);
	assert_fa_ok(fa_page_desc_decode(buf, 24, FA_BE, &back, &e), &e);
	assert_memory_equal(&pd, &back, sizeof(pd));
	assert_fa_ok(fa_page_desc_validate(&pd, 4096, 18729, &e), &e);

	assert_fa_error(fa_page_desc_decode(buf, 23, FA_BE, &back, &e), &e,
			FA_ETRUNC, "page_desc: need 24");
	assert_fa_error(fa_page_desc_validate(&pd, 4096, 18728, &e), &e,
			FA_ERANGE, "beyond the file size 0x4928");
	pd.flags = 3;
	assert_fa_error(fa_page_desc_validate(&pd, 4096, 1 << 20, &e), &e,
			FA_ECORRUPT, "flags 0x3, expected 0 or one of");
	pd.flags = 0;
	assert_fa_error(fa_page_desc_validate(&pd, 4096, 1 << 20, &e), &e,
			FA_ECORRUPT, "size 41 with flags 0, expected exactly 4096");
	pd.flags = FA_DUMP_DH_COMPRESSED_ZSTD;
	pd.size = 4097;
	assert_fa_error(fa_page_desc_validate(&pd, 4096, 1 << 20, &e), &e,
			FA_ECORRUPT, "expected 1..4096");
	pd.offset = 0;
	assert_fa_error(fa_page_desc_validate(&pd, 4096, 1 << 20, &e), &e,
			FA_ENOENT, "never written");
	pd.offset = -4096;	/* negative: never a file offset */
	pd.size = 4096;
	pd.flags = 0;
	assert_fa_error(fa_page_desc_validate(&pd, 4096, UINT64_MAX, &e), &e,
			FA_ERANGE, "beyond");
}

/* §1.1's makedumpfile example: 288 pfns, 4K blocks, 756 bytes of notes. */
static void test_layout_example(void **state)
{
	struct fa_diskdump_layout l;
	struct fa_err e;

	(void)state;
	assert_fa_ok(fa_diskdump_layout(288, 4096, 756, 96, &l, &e), &e);
	assert_int_equal(l.sub_hdr_size, 1);
	assert_int_equal(l.bitmap_blocks, 2);
	assert_true(l.sub_hdr_off == 4096);
	assert_true(l.note_off == 4200);
	assert_true(l.bitmap1_off == 8192);
	assert_true(l.bitmap2_off == 12288);
	assert_true(l.page_desc_off == 16384);
	assert_true(l.data_off == 18688);
	/* 64K blocks, notes spilling into a second block, 2^30 pfns. */
	assert_fa_ok(fa_diskdump_layout(1ULL << 30, 65536, 65536, 10, &l, &e),
		     &e);
	assert_int_equal(l.sub_hdr_size, 2);
	assert_int_equal(l.bitmap_blocks, 2 * 2048);
	assert_true(l.bitmap1_off == 3 * 65536);
	assert_true(l.page_desc_off == (3ULL + 4096) * 65536);

	assert_fa_error(fa_diskdump_layout(288, 1000, 0, 0, &l, &e), &e,
			FA_EINVAL, "block size 1000");
	assert_fa_error(fa_diskdump_layout(288, 4096, 0, 289, &l, &e), &e,
			FA_ERANGE, "289 dumped pages of 288");
	assert_fa_error(fa_diskdump_layout(UINT64_MAX, 4096, 0, 0, &l, &e), &e,
			FA_ERANGE, "more than 32 bits");
}

static void test_bitmap(void **state)
{
	static uint8_t bm[4096];
	struct fa_bitmap_index ix;
	struct fa_err e;
	uint64_t p, naive = 0;

	(void)state;
	memset(bm, 0, sizeof(bm));
	fa_bitmap_set(bm, 0);
	fa_bitmap_set(bm, 9);
	assert_int_equal(bm[0], 0x01);	/* LSB first */
	assert_int_equal(bm[1], 0x02);
	for (p = 100; p < 32768; p += 7)
		fa_bitmap_set(bm, p);
	assert_true(fa_bitmap_test(bm, sizeof(bm), 9));
	assert_false(fa_bitmap_test(bm, sizeof(bm), 10));
	assert_false(fa_bitmap_test(bm, sizeof(bm), 1u << 20));
	assert_fa_ok(fa_bitmap_index_build(&ix, bm, sizeof(bm), &e), &e);
	for (p = 0; p <= 32768; p++) {
		if (fa_bitmap_rank(&ix, p) != naive)
			fail_msg("rank(%llu) = %llu, want %llu",
				 (unsigned long long)p,
				 (unsigned long long)fa_bitmap_rank(&ix, p),
				 (unsigned long long)naive);
		naive += fa_bitmap_test(bm, sizeof(bm), p);
	}
	assert_true(fa_bitmap_rank(&ix, 1ULL << 40) == naive);
	assert_true(fa_bitmap_rank(&ix, 1024) == 2 + (1024 - 100 + 6) / 7);
	fa_bitmap_index_free(&ix);
}

static void test_names(void **state)
{
	char buf[96];

	(void)state;
	assert_string_equal(fa_diskdump_status_str(0x28, buf, sizeof(buf)),
			    "incomplete|zstd");
	assert_string_equal(fa_diskdump_status_str(0, buf, sizeof(buf)), "none");
	assert_string_equal(fa_diskdump_status_str(0x81, buf, sizeof(buf)),
			    "zlib|0x80");
	assert_string_equal(fa_dump_level_str(31, buf, sizeof(buf)),
			    "zero|cache|cache_private|user|free");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_golden_le),
		cmocka_unit_test(test_header_golden_be),
		cmocka_unit_test(test_header_malformed),
		cmocka_unit_test(test_sub_header),
		cmocka_unit_test(test_page_desc),
		cmocka_unit_test(test_layout_example),
		cmocka_unit_test(test_bitmap),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
