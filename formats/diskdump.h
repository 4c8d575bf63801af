/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diskdump.h - the kdump-compressed (makedumpfile) file format.
 *
 * Block 0 holds disk_dump_header, block 1 the kdump_sub_header followed by
 * the ELF notes, then two bitmaps, the page_desc array and the page data.
 * There is no byte-order marker: every field is in the order (and LP64
 * layout) of the dumped kernel.  Only 64-bit layouts are handled here.
 */
#ifndef FA_DISKDUMP_H
#define FA_DISKDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

#define FA_DISKDUMP_HDR_SIZE		464
#define FA_KDUMP_SUB_HDR_SIZE		104
#define FA_PAGE_DESC_SIZE		24
#define FA_KDUMP_SIGNATURE		"KDUMP   "
#define FA_DISKDUMP_SIGNATURE		"DISKDUMP"
#define FA_SIG_LEN			8
#define FA_UTS_LEN			65
#define FA_KDUMP_HEADER_VERSION		6	/* what makedumpfile writes */
#define FA_DISKDUMP_MIN_BLOCK		4096
#define FA_DISKDUMP_MAX_BLOCK		262144

/* status (header) and page_desc.flags bits */
#define FA_DUMP_DH_COMPRESSED_ZLIB	0x01
#define FA_DUMP_DH_COMPRESSED_LZO	0x02
#define FA_DUMP_DH_COMPRESSED_SNAPPY	0x04
#define FA_DUMP_DH_COMPRESSED_INCOMPLETE 0x08	/* header only */
#define FA_DUMP_DH_EXCLUDED_VMEMMAP	0x10	/* header only */
#define FA_DUMP_DH_COMPRESSED_ZSTD	0x20
#define FA_DUMP_DH_COMPRESSION_MASK	(FA_DUMP_DH_COMPRESSED_ZLIB | \
					 FA_DUMP_DH_COMPRESSED_LZO | \
					 FA_DUMP_DH_COMPRESSED_SNAPPY | \
					 FA_DUMP_DH_COMPRESSED_ZSTD)

/* makedumpfile -d bits: what is excluded */
#define FA_DL_EXCLUDE_ZERO		0x01
#define FA_DL_EXCLUDE_CACHE		0x02
#define FA_DL_EXCLUDE_CACHE_PRI		0x04
#define FA_DL_EXCLUDE_USER_DATA		0x08
#define FA_DL_EXCLUDE_FREE		0x10
/* The levels whose pages are told apart by the mem_map (all but zero). */
#define FA_DL_EXCLUDE_MEM_MAP	(FA_DL_EXCLUDE_CACHE | FA_DL_EXCLUDE_CACHE_PRI | \
				 FA_DL_EXCLUDE_USER_DATA | FA_DL_EXCLUDE_FREE)

struct fa_new_utsname {
	char sysname[FA_UTS_LEN];
	char nodename[FA_UTS_LEN];
	char release[FA_UTS_LEN];
	char version[FA_UTS_LEN];
	char machine[FA_UTS_LEN];
	char domainname[FA_UTS_LEN];
};

struct fa_disk_dump_header {
	char signature[FA_SIG_LEN];	/* not NUL-terminated */
	int32_t header_version;		/* 8 */
	struct fa_new_utsname utsname;	/* 12 */
	int64_t tv_sec;			/* 408 */
	int64_t tv_usec;		/* 416: keep 0 (libkdumpfile's probe) */
	uint32_t status;		/* 424 */
	int32_t block_size;		/* 428 */
	int32_t sub_hdr_size;		/* 432, in blocks */
	uint32_t bitmap_blocks;		/* 436, both bitmaps */
	uint32_t max_mapnr;		/* 440, clipped to 32 bits */
	uint32_t total_ram_blocks;	/* 444 */
	uint32_t device_blocks;		/* 448 */
	uint32_t written_blocks;	/* 452 */
	uint32_t current_cpu;		/* 456 */
	int32_t nr_cpus;		/* 460 */
};

struct fa_kdump_sub_header {
	uint64_t phys_base;		/* 0, v1 */
	int32_t dump_level;		/* 8, v1 */
	int32_t split;			/* 12, v2 */
	uint64_t start_pfn;		/* 16, v2 (legacy 32-bit value) */
	uint64_t end_pfn;		/* 24, v2 */
	int64_t offset_vmcoreinfo;	/* 32, v3 */
	uint64_t size_vmcoreinfo;	/* 40, v3 */
	int64_t offset_note;		/* 48, v4 */
	uint64_t size_note;		/* 56, v4 */
	int64_t offset_eraseinfo;	/* 64, v5 */
	uint64_t size_eraseinfo;	/* 72, v5 */
	uint64_t start_pfn_64;		/* 80, v6 */
	uint64_t end_pfn_64;		/* 88, v6 */
	uint64_t max_mapnr_64;		/* 96, v6 */
};

struct fa_page_desc {
	int64_t offset;			/* absolute file offset of the data */
	uint32_t size;			/* bytes stored */
	uint32_t flags;			/* 0 or one compression bit */
	uint64_t page_flags;		/* unused, 0 */
};

/* fa_diskdump_header_encode() - write the 464 bytes of @h in @bo. */
void fa_diskdump_header_encode(const struct fa_disk_dump_header *h, int bo,
			       uint8_t out[FA_DISKDUMP_HDR_SIZE]);

/*
 * fa_diskdump_header_decode() - decode block 0 in byte order @bo.  Checks
 * the length and the signature ("KDUMP   " or "DISKDUMP") only.  Returns 0,
 * FA_ETRUNC or FA_EMAGIC.
 */
int fa_diskdump_header_decode(const uint8_t *buf, size_t len, int bo,
			      struct fa_disk_dump_header *h, struct fa_err *e);

/*
 * fa_diskdump_header_validate() - header_version 0..6, block_size a power
 * of two in 4K..256K, tv_usec 0 (what makedumpfile writes; libkdumpfile's
 * probe misreads other values), sub_hdr_size >= 1 (0 allowed for version
 * 0), bitmap_blocks large enough for max_mapnr (crash's test) and the
 * bitmaps inside a file of @file_size bytes.  Returns 0, FA_EVERSION,
 * FA_ECORRUPT or FA_ERANGE.
 */
int fa_diskdump_header_validate(const struct fa_disk_dump_header *h,
				uint64_t file_size, struct fa_err *e);

/*
 * fa_diskdump_probe_byteorder() - guess the byte order of a 64-bit header
 * as libkdumpfile does: the signature matches, block_size is a power of two
 * in 4K..256K and 8 * bitmap_blocks * block_size >= max_mapnr.  Tries
 * little-endian first.  Returns 0 with *bo set, FA_ETRUNC, FA_EMAGIC or
 * FA_EENDIAN.
 */
int fa_diskdump_probe_byteorder(const uint8_t *buf, size_t len, int *bo,
				struct fa_err *e);

/* fa_kdump_sub_header_encode() - write the 104 bytes of @s in @bo. */
void fa_kdump_sub_header_encode(const struct fa_kdump_sub_header *s, int bo,
				uint8_t out[FA_KDUMP_SUB_HDR_SIZE]);

/* fa_kdump_sub_header_decode() - decode; FA_ETRUNC if @len < 104. */
int fa_kdump_sub_header_decode(const uint8_t *buf, size_t len, int bo,
			       struct fa_kdump_sub_header *s, struct fa_err *e);

/*
 * fa_kdump_sub_header_validate() - check the fields @h's header_version
 * defines: notes, VMCOREINFO and eraseinfo inside the file, VMCOREINFO
 * inside the notes, the notes inside the sub-header blocks, pfn ranges in
 * order.  Returns 0, FA_ERANGE or FA_ECORRUPT.
 */
int fa_kdump_sub_header_validate(const struct fa_kdump_sub_header *s,
				 const struct fa_disk_dump_header *h,
				 uint64_t file_size, struct fa_err *e);

/* fa_diskdump_max_mapnr() - max_mapnr_64 for version >= 6, else max_mapnr. */
uint64_t fa_diskdump_max_mapnr(const struct fa_disk_dump_header *h,
			       const struct fa_kdump_sub_header *s);

/* fa_page_desc_encode() / _decode() - the 24-byte descriptor. */
void fa_page_desc_encode(const struct fa_page_desc *pd, int bo,
			 uint8_t out[FA_PAGE_DESC_SIZE]);
int fa_page_desc_decode(const uint8_t *buf, size_t len, int bo,
			struct fa_page_desc *pd, struct fa_err *e);

/*
 * fa_page_desc_validate() - data inside the file, size 1..block_size, at
 * most one known compression bit, raw pages exactly block_size.  Returns 0,
 * FA_ERANGE or FA_ECORRUPT; FA_ENOENT for offset 0 (never written: an
 * incomplete dump).
 */
int fa_page_desc_validate(const struct fa_page_desc *pd, uint32_t block_size,
			  uint64_t file_size, struct fa_err *e);

/* Where everything goes for a given dump (§1.1); all offsets in bytes. */
struct fa_diskdump_layout {
	uint32_t block_size;
	uint32_t sub_hdr_size;		/* blocks */
	uint32_t bitmap_blocks;		/* both bitmaps */
	uint64_t bitmap_len;		/* bytes of one bitmap (whole blocks) */
	uint64_t sub_hdr_off;
	uint64_t note_off;
	uint64_t bitmap1_off;
	uint64_t bitmap2_off;
	uint64_t page_desc_off;
	uint64_t data_off;		/* right after the descriptors */
};

/*
 * fa_diskdump_layout() - compute the layout for @max_mapnr pfns, blocks of
 * @block_size, @size_note bytes of notes and @nr_dumped descriptors.
 * Returns 0, FA_EINVAL (bad block size) or FA_ERANGE (does not fit the
 * 32-bit header fields or overflows).
 */
int fa_diskdump_layout(uint64_t max_mapnr, uint32_t block_size,
		       uint64_t size_note, uint64_t nr_dumped,
		       struct fa_diskdump_layout *l, struct fa_err *e);

/* Bitmaps: bit for pfn p is byte p >> 3, bit p & 7, LSB first. */
static inline void fa_bitmap_set(uint8_t *bm, uint64_t pfn)
{
	bm[pfn >> 3] |= (uint8_t)(1u << (pfn & 7));
}

/* fa_bitmap_test() - 0 for pfns beyond @len bytes of bitmap. */
static inline int fa_bitmap_test(const uint8_t *bm, size_t len, uint64_t pfn)
{
	return (pfn >> 3) < len && (bm[pfn >> 3] >> (pfn & 7) & 1);
}

#define FA_BITMAP_SECT_BITS	1024

/*
 * Cumulative set-bit counts per 1024 bits, so that the page_desc index of a
 * pfn is found without counting from 0 (crash's BITMAP_SECT_LEN idea).
 */
struct fa_bitmap_index {
	const uint8_t *bm;	/* borrowed; must outlive the index */
	size_t len;		/* bytes */
	uint64_t *cum;		/* cum[k] = set bits below k * 1024; owned */
	size_t nsect;
};

/* fa_bitmap_index_build() - FA_ENOMEM or 0; free with _free(). */
int fa_bitmap_index_build(struct fa_bitmap_index *ix, const uint8_t *bm,
			  size_t len, struct fa_err *e);
void fa_bitmap_index_free(struct fa_bitmap_index *ix);

/* fa_bitmap_rank() - number of set bits for pfns in [0, @pfn). */
uint64_t fa_bitmap_rank(const struct fa_bitmap_index *ix, uint64_t pfn);

/*
 * fa_diskdump_status_str() - "zlib|incomplete" style names of @status bits
 * into @buf; unknown bits as hex.  Returns @buf.
 */
char *fa_diskdump_status_str(uint32_t status, char *buf, size_t len);

/* fa_dump_level_str() - "zero|cache|cache_private|user|free" of a level. */
char *fa_dump_level_str(int dump_level, char *buf, size_t len);

#endif /* FA_DISKDUMP_H */
