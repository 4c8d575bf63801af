// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * refilter.c - a kdump-compressed file as a conversion's input (see
 * refilter.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "fa_io.h"
#include "refilter.h"

#define EM_PPC64_	21
#define EM_X86_64_	62
#define EM_S390_	22
#define EM_AARCH64_	183
#define MAX_NOTES	(64u << 20)
#define DESC_SPAN	4096		/* descriptors read at once */

int fa_decompress_page(uint32_t flags, const uint8_t *in, size_t len,
		       uint8_t *out, size_t ps)
{
	switch (flags) {
	case FA_DUMP_DH_COMPRESSED_ZLIB: {
		uLongf n = ps;

		return uncompress(out, &n, in, len) != Z_OK || n != ps;
	}
	case FA_DUMP_DH_COMPRESSED_LZO: {
		lzo_uint n = ps;

		return lzo1x_decompress_safe(in, len, out, &n, NULL) != LZO_E_OK ||
		       n != ps;
	}
	case FA_DUMP_DH_COMPRESSED_SNAPPY: {
		size_t n = ps;

		return snappy_uncompress((const char *)in, len, (char *)out,
					 &n) != SNAPPY_OK || n != ps;
	}
	case FA_DUMP_DH_COMPRESSED_ZSTD: {
		size_t n = ZSTD_decompress(out, ps, in, len);

		return ZSTD_isError(n) || n != ps;
	}
	case 0:
		if (len != ps)
			return 1;
		memcpy(out, in, ps);
		return 0;
	default:
		return 1;
	}
}

static uint16_t machine_of(const char *m)
{
	if (!strncmp(m, "ppc64", 5))
		return EM_PPC64_;
	if (!strcmp(m, "x86_64"))
		return EM_X86_64_;
	if (!strcmp(m, "aarch64"))
		return EM_AARCH64_;
	if (!strcmp(m, "s390x"))
		return EM_S390_;
	return 0;
}

static uint64_t count_bits(const uint8_t *bm, size_t len, uint64_t nbits)
{
	uint64_t n = 0, i;

	for (i = 0; i < len && i * 8 < nbits; i++)
		n += (uint64_t)__builtin_popcount(bm[i]);
	return n;
}

static int read_blob(struct fa_refilter *rf, uint64_t off, uint64_t len,
		     uint8_t *dst, const char *what, struct fa_err *e)
{
	if (off > rf->file_size || len > rf->file_size - off)
		return fa_err_set(e, FA_ERANGE,
				  "%s: %s at %#llx (%llu bytes) ends beyond the file size %llu",
				  rf->in, what, (unsigned long long)off,
				  (unsigned long long)len,
				  (unsigned long long)rf->file_size);
	return fa_pread_full(rf->fd, dst, len, off, rf->in, e);
}

/* Notes, and VMCOREINFO after them when the notes do not hold it. */
static int read_notes(struct fa_refilter *rf, struct fa_err *e)
{
	const struct fa_kdump_sub_header *s = &rf->s;
	uint64_t nlen = rf->h.header_version >= 4 ? s->size_note : 0;
	uint64_t vlen = rf->h.header_version >= 3 ? s->size_vmcoreinfo : 0;
	uint64_t voff = (uint64_t)s->offset_vmcoreinfo;
	int inside = nlen && vlen && voff >= (uint64_t)s->offset_note &&
		     voff + vlen <= (uint64_t)s->offset_note + nlen;
	int rc;

	if (nlen + vlen > MAX_NOTES)
		return fa_err_set(e, FA_ERANGE,
				  "%s: %llu bytes of notes and VMCOREINFO: expected at most %u",
				  rf->in, (unsigned long long)(nlen + vlen),
				  MAX_NOTES);
	rf->notes = malloc(nlen + vlen + 1);
	if (!rf->notes)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the notes");
	rc = read_blob(rf, (uint64_t)s->offset_note, nlen, rf->notes,
		       "the notes", e);
	if (rc)
		return rc;
	rf->notes_len = nlen;
	if (!vlen)
		return 0;
	rf->vmci_len = vlen;
	if (inside) {
		rf->vmci_at = voff - (uint64_t)s->offset_note;
		return 0;
	}
	rf->vmci_at = nlen;
	rf->notes_len = nlen + vlen;
	return read_blob(rf, voff, vlen, rf->notes + nlen, "VMCOREINFO", e);
}

static int read_erase(struct fa_refilter *rf, struct fa_err *e)
{
	uint64_t len = rf->s.size_eraseinfo;

	if (rf->h.header_version < 5 || !len)
		return 0;
	if (len > MAX_NOTES)
		return fa_err_set(e, FA_ERANGE,
				  "%s: ERASEINFO of %llu bytes: expected at most %u",
				  rf->in, (unsigned long long)len, MAX_NOTES);
	rf->erase = malloc(len);
	if (!rf->erase)
		return fa_err_set(e, FA_ENOMEM, "out of memory for ERASEINFO");
	rf->erase_len = len;
	return read_blob(rf, (uint64_t)rf->s.offset_eraseinfo, len, rf->erase,
			 "ERASEINFO", e);
}

static int read_desc(const struct fa_refilter *rf, uint64_t idx,
		     struct fa_page_desc *pd, struct fa_err *e)
{
	uint8_t b[FA_PAGE_DESC_SIZE];
	int rc;

	rc = fa_pread_full(rf->fd, b, sizeof(b),
			   rf->pd_off + idx * FA_PAGE_DESC_SIZE, rf->in, e);
	if (!rc)
		rc = fa_page_desc_decode(b, sizeof(b), rf->bo, pd, e);
	return rc;
}

/* The shared zero page: the first data, raw and all zeros. */
static void find_zero_page(struct fa_refilter *rf)
{
	uint64_t off = rf->pd_off + rf->nr_dumped * FA_PAGE_DESC_SIZE;
	uint8_t *p;
	size_t i;

	if (!(rf->s.dump_level & FA_DL_EXCLUDE_ZERO) || off + rf->ps > rf->file_size)
		return;
	p = malloc(rf->ps);
	if (!p)
		return;
	if (!fa_pread_full(rf->fd, p, rf->ps, off, rf->in, NULL)) {
		for (i = 0; i < rf->ps && !p[i]; i++)
			;
		if (i == rf->ps)
			rf->zero_off = off;
	}
	free(p);
}

static int page_err(const struct fa_refilter *rf, uint64_t pfn,
		    const struct fa_page_desc *pd, struct fa_err *e)
{
	return fa_err_set(e, FA_ECORRUPT,
			  "%s: pfn %#llx: the page at %#llx (%u bytes, flags %#x) does not decompress to %u bytes",
			  rf->in, (unsigned long long)pfn,
			  (unsigned long long)pd->offset, pd->size, pd->flags,
			  rf->ps);
}

static int is_zero_desc(const struct fa_refilter *rf,
			const struct fa_page_desc *pd)
{
	return rf->zero_off && (uint64_t)pd->offset == rf->zero_off &&
	       pd->size == rf->ps && !pd->flags;
}

/* Physical reads for the mem_map walk: excluded pages are not there. */
static int rf_phys_read(void *ctx, int space, uint64_t addr, void *buf,
			size_t len, struct fa_err *e)
{
	const struct fa_refilter *rf = ctx;
	struct fa_page_desc pd;
	uint8_t *page = NULL, *raw = NULL, *dst = buf;
	int rc = 0;

	if (space != FA_PHYS)
		return fa_err_set(e, FA_EINVAL, "%s: no kernel-virtual reader",
				  rf->in);
	while (len) {
		uint64_t pfn = addr >> rf->pshift, in = addr & (rf->ps - 1);
		size_t n = rf->ps - in < len ? rf->ps - in : len;

		if (!fa_bitmap_test(rf->bm2, rf->bm_len, pfn) ||
		    pfn >= rf->max_mapnr) {
			rc = fa_err_set(e, FA_ENOENT,
					"%s: physical address %#llx is not in the dump",
					rf->in, (unsigned long long)addr);
			break;
		}
		rc = read_desc(rf, fa_bitmap_rank(&rf->ix, pfn), &pd, e);
		if (!rc)
			rc = fa_page_desc_validate(&pd, rf->ps, rf->file_size, e);
		if (rc)
			break;
		if (!page && !(page = malloc(2 * (size_t)rf->ps))) {
			rc = fa_err_set(e, FA_ENOMEM, "out of memory");
			break;
		}
		raw = page + rf->ps;
		rc = fa_pread_full(rf->fd, raw, pd.size, (uint64_t)pd.offset,
				   rf->in, e);
		if (rc)
			break;
		if (fa_decompress_page(pd.flags, raw, pd.size, page, rf->ps)) {
			rc = page_err(rf, pfn, &pd, e);
			break;
		}
		memcpy(dst, page + in, n);
		dst += n;
		addr += n;
		len -= n;
	}
	free(page);
	return rc;
}

int fa_refilter_open(struct fa_refilter *rf, int fd, const char *in,
		     struct fa_err *e)
{
	uint8_t hb[FA_DISKDUMP_HDR_SIZE], sb[FA_KDUMP_SUB_HDR_SIZE];
	struct stat st;
	uint64_t bs, half;
	int rc;

	memset(rf, 0, sizeof(*rf));
	rf->in = in;
	rf->fd = fd;
	if (fstat(fd, &st))
		return fa_err_errno(e, in);
	rf->file_size = (uint64_t)st.st_size;
	rc = fa_pread_full(fd, hb, sizeof(hb), 0, in, e);
	if (rc)
		return rc;
	rc = fa_diskdump_probe_byteorder(hb, sizeof(hb), &rf->bo, e);
	if (!rc)
		rc = fa_diskdump_header_decode(hb, sizeof(hb), rf->bo, &rf->h, e);
	if (!rc)
		rc = fa_diskdump_header_validate(&rf->h, rf->file_size, e);
	if (rc)
		return fa_err_prefix(e, "%s: ", in);
	bs = (uint64_t)rf->h.block_size;
	if (rf->h.header_version >= 1) {
		rc = fa_pread_full(fd, sb, sizeof(sb), bs, in, e);
		if (rc)
			return rc;
		rc = fa_kdump_sub_header_decode(sb, sizeof(sb), rf->bo,
						&rf->s, e);
		if (!rc)
			rc = fa_kdump_sub_header_validate(&rf->s, &rf->h,
							  rf->file_size, e);
		if (rc)
			return fa_err_prefix(e, "%s: ", in);
	}
	if (rf->h.header_version < 1 || rf->s.split)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: %s; refiltering takes a whole kdump-compressed file (header version >= 1)",
				  in, rf->s.split ? "a split dump file (--split): reassemble it first"
						  : "a DISKDUMP header without a sub-header");
	if (rf->h.status & FA_DUMP_DH_COMPRESSED_INCOMPLETE)
		return fa_err_set(e, FA_EUNSUP,
				  "%s: the header says the dump is incomplete; refiltering takes a complete dump",
				  in);
	rf->ps = (uint32_t)bs;
	while ((1u << rf->pshift) < rf->ps)
		rf->pshift++;
	rf->in_compress = rf->h.status & FA_DUMP_DH_COMPRESSION_MASK;
	rf->max_mapnr = fa_diskdump_max_mapnr(&rf->h, &rf->s);
	rf->e_machine = machine_of(rf->h.utsname.machine);
	half = (uint64_t)rf->h.bitmap_blocks / 2 * bs;
	if (2 * half > FA_REFILTER_MAX_BITMAP)
		return fa_err_set(e, FA_ERANGE,
				  "%s: bitmaps of %llu bytes: refiltering holds at most %llu",
				  in, (unsigned long long)(2 * half),
				  (unsigned long long)FA_REFILTER_MAX_BITMAP);
	rf->bm_len = (size_t)half;
	rf->bm1 = malloc(half ? half : 1);
	rf->bm2 = malloc(half ? half : 1);
	if (!rf->bm1 || !rf->bm2)
		return fa_err_set(e, FA_ENOMEM, "out of memory for the bitmaps");
	rc = read_blob(rf, (1 + (uint64_t)rf->h.sub_hdr_size) * bs, half,
		       rf->bm1, "the 1st bitmap", e);
	if (!rc)
		rc = read_blob(rf, (1 + (uint64_t)rf->h.sub_hdr_size) * bs + half,
			       half, rf->bm2, "the 2nd bitmap", e);
	if (rc)
		return rc;
	/* bits past max_mapnr mean nothing */
	if (rf->max_mapnr / 8 < half) {
		memset(rf->bm1 + rf->max_mapnr / 8 + 1, 0,
		       rf->max_mapnr / 8 + 1 < half ? half - rf->max_mapnr / 8 - 1 : 0);
		memset(rf->bm2 + rf->max_mapnr / 8 + 1, 0,
		       rf->max_mapnr / 8 + 1 < half ? half - rf->max_mapnr / 8 - 1 : 0);
		rf->bm1[rf->max_mapnr / 8] &= (uint8_t)((1u << (rf->max_mapnr & 7)) - 1);
		rf->bm2[rf->max_mapnr / 8] &= (uint8_t)((1u << (rf->max_mapnr & 7)) - 1);
	}
	rf->nr_present = count_bits(rf->bm1, half, rf->max_mapnr);
	rf->nr_dumped = count_bits(rf->bm2, half, rf->max_mapnr);
	rc = fa_bitmap_index_build(&rf->ix, rf->bm2, half, e);
	if (rc)
		return rc;
	rf->pd_off = (1 + (uint64_t)rf->h.sub_hdr_size +
		      rf->h.bitmap_blocks) * bs;
	if (rf->pd_off + rf->nr_dumped * FA_PAGE_DESC_SIZE > rf->file_size)
		return fa_err_set(e, FA_ETRUNC,
				  "%s: %llu page descriptors at %#llx end beyond the file size %llu",
				  in, (unsigned long long)rf->nr_dumped,
				  (unsigned long long)rf->pd_off,
				  (unsigned long long)rf->file_size);
	rc = read_notes(rf, e);
	if (!rc)
		rc = read_erase(rf, e);
	if (rc)
		return rc;
	find_zero_page(rf);
	rf->phys.read = rf_phys_read;
	rf->phys.ctx = rf;
	rf->phys.byteorder = rf->bo;
	rf->phys.ptr_size = 8;
	return 0;
}

void fa_refilter_close(struct fa_refilter *rf)
{
	fa_bitmap_index_free(&rf->ix);
	free(rf->bm1);
	free(rf->bm2);
	free(rf->notes);
	free(rf->erase);
	rf->bm1 = rf->bm2 = rf->notes = rf->erase = NULL;
}

static void copy_bits(const uint8_t *src, size_t len, uint64_t cs, uint64_t ce,
		      uint8_t *dst)
{
	uint64_t n = (ce - cs + 7) / 8, have = 0;

	if (cs / 8 < len)
		have = len - cs / 8 < n ? len - cs / 8 : n;
	memcpy(dst, src + cs / 8, have);
	memset(dst + have, 0, n - have);
	if ((ce - cs) & 7)
		dst[n - 1] &= (uint8_t)((1u << ((ce - cs) & 7)) - 1);
}

void fa_refilter_cycle(const struct fa_refilter *rf, uint64_t cs, uint64_t ce,
		       uint8_t *bm1, uint8_t *bm2)
{
	copy_bits(rf->bm1, rf->bm_len, cs, ce, bm1);
	copy_bits(rf->bm2, rf->bm_len, cs, ce, bm2);
}

int fa_refilter_cycle_empty(const struct fa_refilter *rf, uint64_t cs,
			    uint64_t ce)
{
	uint64_t i;

	for (i = cs / 8; i < (ce + 7) / 8 && i < rf->bm_len; i++)
		if (rf->bm1[i])
			return 0;
	return 1;
}

/* Whether page @i goes out as stored (see fa_refilter_read_pages). */
static int copy_as_stored(const struct fa_refilter *rf,
			  const struct fa_page_desc *pd, uint32_t compress)
{
	if (pd->flags)
		return pd->flags == compress;
	return !compress || rf->in_compress == compress;
}

/* Read the descriptors of @n ascending ranks into @pd. */
static int read_descs(const struct fa_refilter *rf, const uint64_t *pfn,
		      unsigned int n, struct fa_page_desc *pd, struct fa_err *e)
{
	uint64_t first = fa_bitmap_rank(&rf->ix, pfn[0]), idx, span;
	uint8_t *b = NULL;
	unsigned int i;
	int rc = 0;

	span = fa_bitmap_rank(&rf->ix, pfn[n - 1]) - first + 1;
	if (span <= DESC_SPAN) {
		b = malloc(span * FA_PAGE_DESC_SIZE);
		if (!b)
			return fa_err_set(e, FA_ENOMEM, "out of memory");
		rc = fa_pread_full(rf->fd, b, span * FA_PAGE_DESC_SIZE,
				   rf->pd_off + first * FA_PAGE_DESC_SIZE,
				   rf->in, e);
	}
	for (i = 0; !rc && i < n; i++) {
		idx = i ? fa_bitmap_rank(&rf->ix, pfn[i]) : first;
		if (b)
			rc = fa_page_desc_decode(b + (idx - first) * FA_PAGE_DESC_SIZE,
						 FA_PAGE_DESC_SIZE, rf->bo, &pd[i], e);
		else
			rc = read_desc(rf, idx, &pd[i], e);
		if (!rc)
			rc = fa_page_desc_validate(&pd[i], rf->ps, rf->file_size, e);
		if (rc)
			fa_err_prefix(e, "%s: pfn %#llx: ", rf->in,
				      (unsigned long long)pfn[i]);
	}
	free(b);
	return rc;
}

/* One page from its stored bytes @raw into @buf and @pg. */
static int take_page(const struct fa_refilter *rf, uint64_t pfn,
		     const struct fa_page_desc *pd, const uint8_t *raw,
		     uint32_t compress, int test_zero, uint8_t *buf,
		     struct fa_rf_page *pg, struct fa_err *e)
{
	int stored = copy_as_stored(rf, pd, compress);

	pg->zero = 0;
	if (!pd->flags && test_zero && fa_page_is_zero(raw, rf->ps))
		stored = 0;
	if (stored && (!test_zero || !pd->flags)) {
		memcpy(buf, raw, pd->size);
		pg->stored = 1;
		pg->size = pd->size;
		pg->flags = pd->flags;
		return 0;
	}
	if (fa_decompress_page(pd->flags, raw, pd->size, buf, rf->ps))
		return page_err(rf, pfn, pd, e);
	pg->zero = test_zero && fa_page_is_zero(buf, rf->ps);
	if (stored && !pg->zero) {
		memcpy(buf, raw, pd->size);
		pg->stored = 1;
		pg->size = pd->size;
		pg->flags = pd->flags;
		return 0;
	}
	pg->stored = 0;
	return 0;
}

int fa_refilter_read_pages(const struct fa_refilter *rf, const uint64_t *pfn,
			   unsigned int n, uint32_t compress, int test_zero,
			   uint8_t *buf, struct fa_rf_page *pg, uint64_t *nread,
			   struct fa_err *e)
{
	struct fa_page_desc *pd;
	uint8_t *stage = NULL;
	size_t ps = rf->ps;
	unsigned int i, k, m;
	uint64_t len;
	int rc;

	if (!n)
		return 0;
	pd = malloc(n * sizeof(*pd));
	stage = malloc((size_t)n * ps);
	if (!pd || !stage) {
		rc = fa_err_set(e, FA_ENOMEM, "out of memory");
		goto out;
	}
	rc = read_descs(rf, pfn, n, pd, e);
	for (i = 0; !rc && i < n; i = k) {
		k = i + 1;
		if (is_zero_desc(rf, &pd[i])) {
			memset(buf + i * ps, 0, ps);
			pg[i].zero = 1;
			pg[i].stored = 0;
			continue;
		}
		/* one read for a run of adjacent data */
		len = pd[i].size;
		while (k < n && !is_zero_desc(rf, &pd[k]) &&
		       (uint64_t)pd[k].offset == (uint64_t)pd[i].offset + len) {
			len += pd[k].size;
			k++;
		}
		rc = fa_pread_full(rf->fd, stage, len, (uint64_t)pd[i].offset,
				   rf->in, e);
		if (rc)
			break;
		*nread += len;
		for (m = i, len = 0; !rc && m < k; len += pd[m].size, m++)
			rc = take_page(rf, pfn[m], &pd[m], stage + len, compress,
				       test_zero, buf + m * ps, &pg[m], e);
	}
out:
	free(pd);
	free(stage);
	return rc;
}

void fa_refilter_headers(const struct fa_refilter *rf,
			 const struct fa_diskdump_layout *l, uint32_t compress,
			 int dump_level, uint64_t erase_off, uint8_t *hb,
			 uint8_t *sub)
{
	struct fa_disk_dump_header h = rf->h;
	struct fa_kdump_sub_header s = rf->s;

	h.header_version = h.header_version > FA_KDUMP_HEADER_VERSION ?
			   h.header_version : FA_KDUMP_HEADER_VERSION;
	h.status = (h.status & ~FA_DUMP_DH_COMPRESSION_MASK) | compress;
	h.sub_hdr_size = (int32_t)l->sub_hdr_size;
	h.bitmap_blocks = l->bitmap_blocks;
	h.max_mapnr = rf->max_mapnr > UINT32_MAX ? UINT32_MAX
						 : (uint32_t)rf->max_mapnr;
	fa_diskdump_header_encode(&h, rf->bo, hb);
	s.dump_level = dump_level;
	s.offset_note = rf->h.header_version >= 4 && s.size_note ?
			(int64_t)l->note_off : 0;
	if (rf->h.header_version < 4)
		s.size_note = 0;
	s.offset_vmcoreinfo = rf->vmci_len ?
			      (int64_t)(l->note_off + rf->vmci_at) : 0;
	s.size_vmcoreinfo = rf->vmci_len;
	s.offset_eraseinfo = rf->erase_len ? (int64_t)erase_off : 0;
	s.size_eraseinfo = rf->erase_len;
	s.max_mapnr_64 = rf->max_mapnr;
	s.start_pfn = s.end_pfn = s.start_pfn_64 = s.end_pfn_64 = 0;
	fa_kdump_sub_header_encode(&s, rf->bo, sub);
	if (rf->notes_len)
		memcpy(sub + FA_KDUMP_SUB_HDR_SIZE, rf->notes, rf->notes_len);
}
