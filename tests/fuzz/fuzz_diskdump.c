// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_diskdump.c - a kdump-compressed file's front: the header, the kdump
 * sub-header, the layout both imply, the second bitmap's index and the
 * page descriptors, each bounded by the input as the file.
 */
#include "diskdump.h"
#include "fuzz.h"

static void pages(const uint8_t *data, size_t size, int bo,
		  const struct fa_disk_dump_header *h,
		  const struct fa_diskdump_layout *l, uint64_t max_mapnr)
{
	struct fa_bitmap_index ix = { 0 };
	struct fa_page_desc pd;
	struct fa_err e;
	uint64_t off, pfn, i;

	if (l->bitmap2_off > size || l->bitmap_len > size - l->bitmap2_off)
		return;
	if (fa_bitmap_index_build(&ix, data + l->bitmap2_off, l->bitmap_len,
				  &e))
		return;
	for (pfn = 0; pfn < max_mapnr && pfn < 64; pfn++)
		fa_bitmap_rank(&ix, pfn);
	fa_bitmap_rank(&ix, max_mapnr);
	for (i = 0; i < 16; i++) {
		off = l->page_desc_off + i * FA_PAGE_DESC_SIZE;
		if (off > size || fa_page_desc_decode(data + off, size - off,
						      bo, &pd, &e))
			break;
		fa_page_desc_validate(&pd, (uint32_t)h->block_size, size, &e);
	}
	fa_bitmap_index_free(&ix);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	struct fa_diskdump_layout l;
	struct fa_err e;
	uint64_t max_mapnr, off;
	char buf[128];
	int bo;

	if (fa_diskdump_probe_byteorder(data, size, &bo, &e))
		return 0;
	if (fa_diskdump_header_decode(data, size, bo, &h, &e))
		return 0;
	fa_diskdump_status_str(h.status, buf, sizeof(buf));
	if (fa_diskdump_header_validate(&h, size, &e))
		return 0;
	off = (uint64_t)h.block_size;
	if (off > size ||
	    fa_kdump_sub_header_decode(data + off, size - off, bo, &s, &e))
		return 0;
	if (fa_kdump_sub_header_validate(&s, &h, size, &e))
		return 0;
	fa_dump_level_str(s.dump_level, buf, sizeof(buf));
	max_mapnr = fa_diskdump_max_mapnr(&h, &s);
	if (fa_diskdump_layout(max_mapnr, (uint32_t)h.block_size, s.size_note,
			       0, &l, &e))
		return 0;
	pages(data, size, bo, &h, &l, max_mapnr);
	return 0;
}
