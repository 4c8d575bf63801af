// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * diskdump.c - kdump-compressed header, sub-header, page descriptors,
 * layout and bitmaps (see diskdump.h).  Offsets follow makedumpfile's
 * 64-bit (LP64) disk_dump_header and kdump_sub_header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diskdump.h"
#include "fa_endian.h"

static const size_t uts_off[6] = { 12, 77, 142, 207, 272, 337 };

static char *uts_field(struct fa_new_utsname *u, int i)
{
	char *f[6] = { u->sysname, u->nodename, u->release, u->version,
		       u->machine, u->domainname };

	return f[i];
}

void fa_diskdump_header_encode(const struct fa_disk_dump_header *h, int bo,
			       uint8_t out[FA_DISKDUMP_HDR_SIZE])
{
	struct fa_new_utsname u = h->utsname;
	int i;

	memset(out, 0, FA_DISKDUMP_HDR_SIZE);
	memcpy(out, h->signature, FA_SIG_LEN);
	fa_put32(out + 8, bo, (uint32_t)h->header_version);
	for (i = 0; i < 6; i++)
		memcpy(out + uts_off[i], uts_field(&u, i), FA_UTS_LEN);
	fa_put64(out + 408, bo, (uint64_t)h->tv_sec);
	fa_put64(out + 416, bo, (uint64_t)h->tv_usec);
	fa_put32(out + 424, bo, h->status);
	fa_put32(out + 428, bo, (uint32_t)h->block_size);
	fa_put32(out + 432, bo, (uint32_t)h->sub_hdr_size);
	fa_put32(out + 436, bo, h->bitmap_blocks);
	fa_put32(out + 440, bo, h->max_mapnr);
	fa_put32(out + 444, bo, h->total_ram_blocks);
	fa_put32(out + 448, bo, h->device_blocks);
	fa_put32(out + 452, bo, h->written_blocks);
	fa_put32(out + 456, bo, h->current_cpu);
	fa_put32(out + 460, bo, (uint32_t)h->nr_cpus);
}

static int check_signature(const uint8_t *buf, struct fa_err *e)
{
	if (!memcmp(buf, FA_KDUMP_SIGNATURE, FA_SIG_LEN) ||
	    !memcmp(buf, FA_DISKDUMP_SIGNATURE, FA_SIG_LEN))
		return 0;
	return fa_err_set(e, FA_EMAGIC,
			  "disk_dump_header at offset 0: expected signature \"KDUMP   \" or \"DISKDUMP\", found %02x %02x %02x %02x %02x %02x %02x %02x",
			  buf[0], buf[1], buf[2], buf[3], buf[4], buf[5],
			  buf[6], buf[7]);
}

int fa_diskdump_header_decode(const uint8_t *buf, size_t len, int bo,
			      struct fa_disk_dump_header *h, struct fa_err *e)
{
	int i;

	if (fa_need(e, len, 0, FA_DISKDUMP_HDR_SIZE, "disk_dump_header"))
		return FA_ETRUNC;
	if (check_signature(buf, e))
		return FA_EMAGIC;
	memset(h, 0, sizeof(*h));
	memcpy(h->signature, buf, FA_SIG_LEN);
	h->header_version = (int32_t)fa_get32(buf + 8, bo);
	for (i = 0; i < 6; i++) {
		memcpy(uts_field(&h->utsname, i), buf + uts_off[i], FA_UTS_LEN);
		uts_field(&h->utsname, i)[FA_UTS_LEN - 1] = '\0';
	}
	h->tv_sec = (int64_t)fa_get64(buf + 408, bo);
	h->tv_usec = (int64_t)fa_get64(buf + 416, bo);
	h->status = fa_get32(buf + 424, bo);
	h->block_size = (int32_t)fa_get32(buf + 428, bo);
	h->sub_hdr_size = (int32_t)fa_get32(buf + 432, bo);
	h->bitmap_blocks = fa_get32(buf + 436, bo);
	h->max_mapnr = fa_get32(buf + 440, bo);
	h->total_ram_blocks = fa_get32(buf + 444, bo);
	h->device_blocks = fa_get32(buf + 448, bo);
	h->written_blocks = fa_get32(buf + 452, bo);
	h->current_cpu = fa_get32(buf + 456, bo);
	h->nr_cpus = (int32_t)fa_get32(buf + 460, bo);
	return 0;
}

static int block_size_ok(int64_t bs)
{
	return bs >= FA_DISKDUMP_MIN_BLOCK && bs <= FA_DISKDUMP_MAX_BLOCK &&
	       !(bs & (bs - 1));
}

/* Blocks of one bitmap for @max_mapnr pfns, rounded as crash does. */
static uint64_t bitmap_blocks_one(uint64_t max_mapnr, uint64_t block_size)
{
	uint64_t bytes = max_mapnr / 8 + (max_mapnr % 8 != 0);

	return bytes / block_size + (bytes % block_size != 0);
}

static int check_bitmap_blocks(uint32_t bitmap_blocks, uint64_t max_mapnr,
			       int32_t block_size, struct fa_err *e)
{
	uint64_t need = 2 * bitmap_blocks_one(max_mapnr, (uint64_t)block_size);

	if (bitmap_blocks < need)
		return fa_err_set(e, FA_ECORRUPT,
				  "disk_dump_header: bitmap_blocks (offset 436) is %u, max_mapnr %llu needs at least %llu",
				  bitmap_blocks, (unsigned long long)max_mapnr,
				  (unsigned long long)need);
	return 0;
}

int fa_diskdump_header_validate(const struct fa_disk_dump_header *h,
				uint64_t file_size, struct fa_err *e)
{
	uint64_t end;

	if (h->header_version < 0 || h->header_version > FA_KDUMP_HEADER_VERSION)
		return fa_err_set(e, FA_EVERSION,
				  "disk_dump_header: header_version (offset 8) is %d, expected 0..%d",
				  h->header_version, FA_KDUMP_HEADER_VERSION);
	if (!block_size_ok(h->block_size))
		return fa_err_set(e, FA_ECORRUPT,
				  "disk_dump_header: block_size (offset 428) is %d, expected a power of two in 4096..262144",
				  h->block_size);
	/* libkdumpfile's byte-order probe misreads files with tv_usec != 0. */
	if (h->tv_usec != 0)
		return fa_err_set(e, FA_ECORRUPT,
				  "disk_dump_header: timestamp tv_usec (offset 416) is %lld, expected 0",
				  (long long)h->tv_usec);
	if (h->sub_hdr_size < (h->header_version >= 1) ||
	    h->sub_hdr_size > (int32_t)(UINT32_MAX / 2 / FA_DISKDUMP_MIN_BLOCK))
		return fa_err_set(e, FA_ECORRUPT,
				  "disk_dump_header: sub_hdr_size (offset 432) is %d blocks, expected %d or more",
				  h->sub_hdr_size, h->header_version >= 1);
	if (check_bitmap_blocks(h->bitmap_blocks, h->max_mapnr, h->block_size, e))
		return FA_ECORRUPT;
	end = (1 + (uint64_t)h->sub_hdr_size + h->bitmap_blocks) *
	      (uint64_t)h->block_size;
	if (end > file_size)
		return fa_err_set(e, FA_ERANGE,
				  "disk_dump_header: bitmaps end at offset %#llx, beyond the file size %#llx",
				  (unsigned long long)end,
				  (unsigned long long)file_size);
	return 0;
}

static int probe_one(const uint8_t *buf, int bo)
{
	int64_t bs = (int32_t)fa_get32(buf + 428, bo);
	uint64_t bitmap_blocks = fa_get32(buf + 436, bo);
	uint64_t max_mapnr = fa_get32(buf + 440, bo);

	return block_size_ok(bs) &&
	       8 * bitmap_blocks * (uint64_t)bs >= max_mapnr;
}

int fa_diskdump_probe_byteorder(const uint8_t *buf, size_t len, int *bo,
				struct fa_err *e)
{
	if (fa_need(e, len, 0, FA_DISKDUMP_HDR_SIZE, "disk_dump_header"))
		return FA_ETRUNC;
	if (check_signature(buf, e))
		return FA_EMAGIC;
	if (probe_one(buf, FA_LE)) {
		*bo = FA_LE;
		return 0;
	}
	if (probe_one(buf, FA_BE)) {
		*bo = FA_BE;
		return 0;
	}
	return fa_err_set(e, FA_EENDIAN,
			  "disk_dump_header: no 64-bit byte order gives a plausible block_size (offset 428: %#x LE, %#x BE)",
			  fa_get32(buf + 428, FA_LE), fa_get32(buf + 428, FA_BE));
}

void fa_kdump_sub_header_encode(const struct fa_kdump_sub_header *s, int bo,
				uint8_t out[FA_KDUMP_SUB_HDR_SIZE])
{
	fa_put64(out + 0, bo, s->phys_base);
	fa_put32(out + 8, bo, (uint32_t)s->dump_level);
	fa_put32(out + 12, bo, (uint32_t)s->split);
	fa_put64(out + 16, bo, s->start_pfn);
	fa_put64(out + 24, bo, s->end_pfn);
	fa_put64(out + 32, bo, (uint64_t)s->offset_vmcoreinfo);
	fa_put64(out + 40, bo, s->size_vmcoreinfo);
	fa_put64(out + 48, bo, (uint64_t)s->offset_note);
	fa_put64(out + 56, bo, s->size_note);
	fa_put64(out + 64, bo, (uint64_t)s->offset_eraseinfo);
	fa_put64(out + 72, bo, s->size_eraseinfo);
	fa_put64(out + 80, bo, s->start_pfn_64);
	fa_put64(out + 88, bo, s->end_pfn_64);
	fa_put64(out + 96, bo, s->max_mapnr_64);
}

int fa_kdump_sub_header_decode(const uint8_t *buf, size_t len, int bo,
			       struct fa_kdump_sub_header *s, struct fa_err *e)
{
	if (fa_need(e, len, 0, FA_KDUMP_SUB_HDR_SIZE, "kdump_sub_header"))
		return FA_ETRUNC;
	s->phys_base = fa_get64(buf + 0, bo);
	s->dump_level = (int32_t)fa_get32(buf + 8, bo);
	s->split = (int32_t)fa_get32(buf + 12, bo);
	s->start_pfn = fa_get64(buf + 16, bo);
	s->end_pfn = fa_get64(buf + 24, bo);
	s->offset_vmcoreinfo = (int64_t)fa_get64(buf + 32, bo);
	s->size_vmcoreinfo = fa_get64(buf + 40, bo);
	s->offset_note = (int64_t)fa_get64(buf + 48, bo);
	s->size_note = fa_get64(buf + 56, bo);
	s->offset_eraseinfo = (int64_t)fa_get64(buf + 64, bo);
	s->size_eraseinfo = fa_get64(buf + 72, bo);
	s->start_pfn_64 = fa_get64(buf + 80, bo);
	s->end_pfn_64 = fa_get64(buf + 88, bo);
	s->max_mapnr_64 = fa_get64(buf + 96, bo);
	return 0;
}

/* [off, off+size) must lie inside [lo, hi); size 0 is always fine. */
static int check_span(const char *what, int64_t off, uint64_t size,
		      uint64_t lo, uint64_t hi, const char *where,
		      struct fa_err *e)
{
	uint64_t end;

	if (size == 0)
		return 0;
	if (off < 0 || (uint64_t)off < lo ||
	    fa_add_overflows((uint64_t)off, size, &end) || end > hi)
		return fa_err_set(e, FA_ERANGE,
				  "kdump_sub_header: %s [%#llx, +%#llx) is outside %s [%#llx, %#llx)",
				  what, (unsigned long long)off,
				  (unsigned long long)size, where,
				  (unsigned long long)lo, (unsigned long long)hi);
	return 0;
}

static int validate_pfns(const struct fa_kdump_sub_header *s,
			 const struct fa_disk_dump_header *h, struct fa_err *e)
{
	uint64_t clipped;

	if (h->header_version >= 2 && s->split != 0 && s->split != 1)
		return fa_err_set(e, FA_ECORRUPT,
				  "kdump_sub_header: split (offset 12) is %d, expected 0 or 1",
				  s->split);
	if (h->header_version < 6)
		return 0;
	clipped = s->max_mapnr_64 > UINT32_MAX ? UINT32_MAX : s->max_mapnr_64;
	if (clipped != h->max_mapnr)
		return fa_err_set(e, FA_ECORRUPT,
				  "kdump_sub_header: max_mapnr_64 (offset 96) is %#llx but the header's max_mapnr is %#x",
				  (unsigned long long)s->max_mapnr_64,
				  h->max_mapnr);
	if (s->split && (s->start_pfn_64 > s->end_pfn_64 ||
			 s->end_pfn_64 > s->max_mapnr_64))
		return fa_err_set(e, FA_ECORRUPT,
				  "kdump_sub_header: split range [%#llx, %#llx) is not inside [0, max_mapnr_64 %#llx)",
				  (unsigned long long)s->start_pfn_64,
				  (unsigned long long)s->end_pfn_64,
				  (unsigned long long)s->max_mapnr_64);
	return check_bitmap_blocks(h->bitmap_blocks, s->max_mapnr_64,
				   h->block_size, e);
}

int fa_kdump_sub_header_validate(const struct fa_kdump_sub_header *s,
				 const struct fa_disk_dump_header *h,
				 uint64_t file_size, struct fa_err *e)
{
	uint64_t bs = (uint64_t)h->block_size;
	uint64_t sub_end = (1 + (uint64_t)h->sub_hdr_size) * bs;
	int v = h->header_version;

	if (validate_pfns(s, h, e))
		return e ? e->code : FA_ECORRUPT;
	if (v >= 3 && check_span("VMCOREINFO", s->offset_vmcoreinfo,
				 s->size_vmcoreinfo, 0, file_size, "the file", e))
		return FA_ERANGE;
	if (v >= 4) {
		if (check_span("notes", s->offset_note, s->size_note,
			       bs + FA_KDUMP_SUB_HDR_SIZE, sub_end,
			       "the sub-header blocks", e))
			return FA_ERANGE;
		if (sub_end > file_size && s->size_note)
			return fa_err_set(e, FA_ERANGE,
					  "kdump_sub_header: sub-header blocks end at %#llx, beyond the file size %#llx",
					  (unsigned long long)sub_end,
					  (unsigned long long)file_size);
		if (s->size_note && check_span("VMCOREINFO", s->offset_vmcoreinfo,
					       s->size_vmcoreinfo,
					       (uint64_t)s->offset_note,
					       (uint64_t)s->offset_note + s->size_note,
					       "the notes", e))
			return FA_ERANGE;
	}
	if (v >= 5 && check_span("eraseinfo", s->offset_eraseinfo,
				 s->size_eraseinfo, 0, file_size, "the file", e))
		return FA_ERANGE;
	return 0;
}

uint64_t fa_diskdump_max_mapnr(const struct fa_disk_dump_header *h,
			       const struct fa_kdump_sub_header *s)
{
	if (h->header_version >= 6 && s)
		return s->max_mapnr_64;
	return h->max_mapnr;
}

void fa_page_desc_encode(const struct fa_page_desc *pd, int bo,
			 uint8_t out[FA_PAGE_DESC_SIZE])
{
	fa_put64(out, bo, (uint64_t)pd->offset);
	fa_put32(out + 8, bo, pd->size);
	fa_put32(out + 12, bo, pd->flags);
	fa_put64(out + 16, bo, pd->page_flags);
}

int fa_page_desc_decode(const uint8_t *buf, size_t len, int bo,
			struct fa_page_desc *pd, struct fa_err *e)
{
	if (fa_need(e, len, 0, FA_PAGE_DESC_SIZE, "page_desc"))
		return FA_ETRUNC;
	pd->offset = (int64_t)fa_get64(buf, bo);
	pd->size = fa_get32(buf + 8, bo);
	pd->flags = fa_get32(buf + 12, bo);
	pd->page_flags = fa_get64(buf + 16, bo);
	return 0;
}

int fa_page_desc_validate(const struct fa_page_desc *pd, uint32_t block_size,
			  uint64_t file_size, struct fa_err *e)
{
	uint32_t comp = pd->flags & FA_DUMP_DH_COMPRESSION_MASK;
	uint64_t end;

	if (pd->offset == 0)
		return fa_err_set(e, FA_ENOENT,
				  "page_desc: offset 0, the page was never written (incomplete dump)");
	if (pd->flags & ~FA_DUMP_DH_COMPRESSION_MASK || (comp & (comp - 1)))
		return fa_err_set(e, FA_ECORRUPT,
				  "page_desc: flags %#x, expected 0 or one of zlib 0x1, lzo 0x2, snappy 0x4, zstd 0x20",
				  pd->flags);
	if (pd->size == 0 || pd->size > block_size ||
	    (!comp && pd->size != block_size))
		return fa_err_set(e, FA_ECORRUPT,
				  "page_desc: size %u with flags %#x, expected %s%u",
				  pd->size, pd->flags,
				  comp ? "1.." : "exactly ", block_size);
	if (pd->offset < 0 ||
	    fa_add_overflows((uint64_t)pd->offset, pd->size, &end) ||
	    end > file_size)
		return fa_err_set(e, FA_ERANGE,
				  "page_desc: data [%#llx, +%#x) is beyond the file size %#llx",
				  (unsigned long long)pd->offset, pd->size,
				  (unsigned long long)file_size);
	return 0;
}

int fa_diskdump_layout(uint64_t max_mapnr, uint32_t block_size,
		       uint64_t size_note, uint64_t nr_dumped,
		       struct fa_diskdump_layout *l, struct fa_err *e)
{
	uint64_t sub, one, blocks, descs;

	if (!block_size_ok(block_size))
		return fa_err_set(e, FA_EINVAL,
				  "diskdump layout: block size %u is not a power of two in 4096..262144",
				  block_size);
	if (size_note > UINT32_MAX || nr_dumped > max_mapnr)
		return fa_err_set(e, FA_ERANGE,
				  "diskdump layout: %llu bytes of notes / %llu dumped pages of %llu do not fit",
				  (unsigned long long)size_note,
				  (unsigned long long)nr_dumped,
				  (unsigned long long)max_mapnr);
	sub = (FA_KDUMP_SUB_HDR_SIZE + size_note + block_size - 1) / block_size;
	one = bitmap_blocks_one(max_mapnr, block_size);
	if (2 * one > UINT32_MAX)
		return fa_err_set(e, FA_ERANGE,
				  "diskdump layout: %llu pfns need %llu bitmap blocks, more than 32 bits hold",
				  (unsigned long long)max_mapnr,
				  (unsigned long long)(2 * one));
	memset(l, 0, sizeof(*l));
	l->block_size = block_size;
	l->sub_hdr_size = (uint32_t)sub;
	l->bitmap_blocks = (uint32_t)(2 * one);
	l->bitmap_len = one * block_size;
	l->sub_hdr_off = block_size;
	l->note_off = block_size + FA_KDUMP_SUB_HDR_SIZE;
	l->bitmap1_off = (1 + sub) * block_size;
	l->bitmap2_off = l->bitmap1_off + l->bitmap_len;
	blocks = 1 + sub + 2 * one;
	l->page_desc_off = blocks * block_size;
	if (fa_mul_overflows(nr_dumped, FA_PAGE_DESC_SIZE, &descs) ||
	    fa_add_overflows(l->page_desc_off, descs, &l->data_off))
		return fa_err_set(e, FA_ERANGE,
				  "diskdump layout: %llu descriptors overflow",
				  (unsigned long long)nr_dumped);
	return 0;
}

int fa_bitmap_index_build(struct fa_bitmap_index *ix, const uint8_t *bm,
			  size_t len, struct fa_err *e)
{
	const size_t sect_bytes = FA_BITMAP_SECT_BITS / 8;
	uint64_t count = 0;
	size_t k, i;

	ix->bm = bm;
	ix->len = len;
	ix->nsect = len / sect_bytes + 1;
	ix->cum = malloc(ix->nsect * sizeof(*ix->cum));
	if (!ix->cum)
		return fa_err_set(e, FA_ENOMEM,
				  "bitmap index: cannot allocate %zu sections",
				  ix->nsect);
	for (k = 0; k < ix->nsect; k++) {
		ix->cum[k] = count;
		for (i = k * sect_bytes; i < len && i < (k + 1) * sect_bytes; i++)
			count += (uint64_t)__builtin_popcount(bm[i]);
	}
	return 0;
}

void fa_bitmap_index_free(struct fa_bitmap_index *ix)
{
	free(ix->cum);
	ix->cum = NULL;
	ix->nsect = 0;
}

uint64_t fa_bitmap_rank(const struct fa_bitmap_index *ix, uint64_t pfn)
{
	const uint64_t sect_bytes = FA_BITMAP_SECT_BITS / 8;
	uint64_t k, i, count, byte;

	if (pfn > (uint64_t)ix->len * 8)
		pfn = (uint64_t)ix->len * 8;
	k = pfn / FA_BITMAP_SECT_BITS;
	count = ix->cum[k];
	byte = pfn >> 3;
	for (i = k * sect_bytes; i < byte; i++)
		count += (uint64_t)__builtin_popcount(ix->bm[i]);
	if (pfn & 7)
		count += (uint64_t)__builtin_popcount(ix->bm[byte] &
						      ((1u << (pfn & 7)) - 1));
	return count;
}

static char *bit_names(uint32_t v, const char *const *names, int n,
		       char *buf, size_t len)
{
	size_t used = 0;
	int i, w;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!(v & (1u << i)))
			continue;
		w = snprintf(buf + used, len - used, "%s%s", used ? "|" : "",
			     names[i]);
		if (w < 0 || (size_t)w >= len - used)
			return buf;
		used += (size_t)w;
		v &= ~(1u << i);
	}
	if (v)
		snprintf(buf + used, len - used, "%s%#x", used ? "|" : "", v);
	else if (!used)
		snprintf(buf, len, "none");
	return buf;
}

char *fa_diskdump_status_str(uint32_t status, char *buf, size_t len)
{
	static const char *const names[] = {
		"zlib", "lzo", "snappy", "incomplete", "excluded_vmemmap", "zstd",
	};

	return bit_names(status, names, 6, buf, len);
}

char *fa_dump_level_str(int dump_level, char *buf, size_t len)
{
	static const char *const names[] = {
		"zero", "cache", "cache_private", "user", "free",
	};

	return bit_names((uint32_t)dump_level, names, 5, buf, len);
}
