/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * refilter.h - a kdump-compressed file as the input of a conversion
 * (makedumpfile's refiltering): its header, notes, VMCOREINFO and
 * ERASEINFO are kept, its 1st bitmap is the output's, its 2nd bitmap is
 * where the mem_map filter starts from, and its pages are read through
 * their descriptors.  A page the new level drops is never decompressed;
 * a page stored with the compressor asked for is copied as it is.
 *
 * Both bitmaps of the input are held in memory (max_mapnr / 4 bytes).
 */
#ifndef FA_REFILTER_H
#define FA_REFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "diskdump.h"
#include "fa_err.h"
#include "fa_mem.h"

/* Most input bitmap bytes held (both bitmaps): 1 TiB of 4 KiB pages. */
#define FA_REFILTER_MAX_BITMAP	(64ULL << 20)

struct fa_refilter {
	const char *in;			/* the input's name, for messages */
	int fd;				/* borrowed */
	uint64_t file_size;
	int bo;
	struct fa_disk_dump_header h;
	struct fa_kdump_sub_header s;
	uint32_t ps;
	unsigned int pshift;
	uint64_t max_mapnr;
	uint16_t e_machine;		/* from utsname.machine */
	uint8_t *bm1, *bm2;		/* whole bitmaps, bm_len bytes each */
	size_t bm_len;
	struct fa_bitmap_index ix;	/* rank over bm2 */
	uint64_t pd_off;		/* the descriptors */
	uint64_t nr_dumped;		/* set bits of bm2 */
	uint64_t nr_present;		/* set bits of bm1 */
	/* notes (VMCOREINFO inside, or appended when outside) */
	uint8_t *notes;
	size_t notes_len;
	size_t vmci_at, vmci_len;	/* VMCOREINFO within notes; len 0: none */
	uint8_t *erase;			/* ERASEINFO, or NULL */
	size_t erase_len;
	uint64_t zero_off;		/* the shared zero page's data; 0: none */
	uint32_t in_compress;		/* compression bit of the header */
	struct fa_mem phys;		/* physical reads through the dump */
};

/* What fa_refilter_read_pages() found for one page. */
struct fa_rf_page {
	uint32_t size;		/* stored: bytes to copy */
	uint32_t flags;		/* stored: the descriptor's flags */
	uint8_t zero;		/* the page is all zeros (buffer zeroed) */
	uint8_t stored;		/* the buffer holds the bytes to write as is */
};

/*
 * fa_refilter_open() - read the headers, bitmaps, notes and ERASEINFO of
 * the kdump-compressed file @fd (named @in).  A split file, an
 * incomplete dump or a DISKDUMP header older than version 1 is refused
 * (FA_EUNSUP).  Returns 0, the codecs' errors, FA_EIO or FA_ENOMEM; free
 * with fa_refilter_close() either way.
 */
int fa_refilter_open(struct fa_refilter *rf, int fd, const char *in,
		     struct fa_err *e);

/* fa_refilter_close() - free what fa_refilter_open() allocated. */
void fa_refilter_close(struct fa_refilter *rf);

/*
 * fa_refilter_cycle() - the input's bitmaps for pfns [@cs, @ce) (@cs a
 * multiple of 8) into @bm1 and @bm2, (@ce - @cs + 7) / 8 bytes each.
 */
void fa_refilter_cycle(const struct fa_refilter *rf, uint64_t cs, uint64_t ce,
		       uint8_t *bm1, uint8_t *bm2);

/* fa_refilter_cycle_empty() - 1 when no pfn of [@cs, @ce) is dumped. */
int fa_refilter_cycle_empty(const struct fa_refilter *rf, uint64_t cs,
			    uint64_t ce);

/*
 * fa_refilter_read_pages() - the @n pages @pfn (ascending, all dumped by
 * the input) into @buf (@n pages): each page is either the stored bytes
 * to copy (the descriptor's compression is @compress, or the page is raw
 * and the input was written with @compress), or the page itself for the
 * caller to compress.  @test_zero: find zero pages by content too (not
 * only those that point at the input's shared zero page).  Thread-safe.
 * Adds the bytes read to *@nread.  Returns 0, FA_ECORRUPT (a bad
 * descriptor or compressed page), FA_EIO, FA_ENOMEM.
 */
int fa_refilter_read_pages(const struct fa_refilter *rf, const uint64_t *pfn,
			   unsigned int n, uint32_t compress, int test_zero,
			   uint8_t *buf, struct fa_rf_page *pg, uint64_t *nread,
			   struct fa_err *e);

/*
 * fa_refilter_headers() - the output's header block, sub-header and
 * notes (kept from the input; status gets @compress, dump_level
 * @dump_level) for @l, in @hb (FA_DISKDUMP_HDR_SIZE bytes) and @sub
 * (FA_KDUMP_SUB_HDR_SIZE + notes_len bytes).  @erase_off: where the
 * ERASEINFO will be written (after the page data), 0 for none.
 */
void fa_refilter_headers(const struct fa_refilter *rf,
			 const struct fa_diskdump_layout *l, uint32_t compress,
			 int dump_level, uint64_t erase_off, uint8_t *hb,
			 uint8_t *sub);

/* fa_decompress_page() - decompress one stored page of @flags into @out. */
int fa_decompress_page(uint32_t flags, const uint8_t *in, size_t len,
		       uint8_t *out, size_t ps);

#endif /* FA_REFILTER_H */
