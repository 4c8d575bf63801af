// SPDX-License-Identifier: GPL-2.0-or-later
/* flattened.c - makedumpfile's flattened stream (see flattened.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fa_endian.h"
#include "flattened.h"

#define FLAT_CHUNK	(1u << 20)

void fa_flat_header_encode(uint8_t out[FA_FLAT_HDR_SIZE])
{
	memset(out, 0, FA_FLAT_HDR_SIZE);
	memcpy(out, FA_FLAT_SIGNATURE, sizeof(FA_FLAT_SIGNATURE) - 1);
	fa_put64(out + 16, FA_BE, FA_FLAT_TYPE);
	fa_put64(out + 24, FA_BE, FA_FLAT_VERSION);
}

int fa_flat_header_decode(const uint8_t *buf, size_t len, struct fa_err *e)
{
	static const uint8_t sig[FA_FLAT_SIG_LEN] = FA_FLAT_SIGNATURE;
	uint64_t type, version;

	if (fa_need(e, len, 0, FA_FLAT_HDR_SIZE, "flattened header"))
		return FA_ETRUNC;
	if (memcmp(buf, sig, FA_FLAT_SIG_LEN))
		return fa_err_set(e, FA_EMAGIC,
				  "flattened header at offset 0: expected \"makedumpfile\" and NULs, found \"%.16s\"",
				  (const char *)buf);
	type = fa_get64(buf + 16, FA_BE);
	version = fa_get64(buf + 24, FA_BE);
	if (type != FA_FLAT_TYPE || version != FA_FLAT_VERSION)
		return fa_err_set(e, FA_EVERSION,
				  "flattened header: type %lld version %lld (offsets 16, 24), expected 1 and 1",
				  (long long)type, (long long)version);
	return 0;
}

void fa_flat_record_encode(uint8_t out[FA_FLAT_REC_HDR_SIZE], int64_t offset,
			   int64_t size)
{
	fa_put64(out, FA_BE, (uint64_t)offset);
	fa_put64(out + 8, FA_BE, (uint64_t)size);
}

int fa_flat_outfile_write(void *ctx, const void *buf, size_t len,
			  struct fa_err *e)
{
	return fa_outfile_write(ctx, buf, len, e);
}

int fa_flat_emit_header(const struct fa_flat_writer *w, struct fa_err *e)
{
	uint8_t hdr[FA_FLAT_HDR_SIZE];

	fa_flat_header_encode(hdr);
	return w->write(w->ctx, hdr, sizeof(hdr), e);
}

int fa_flat_emit_record(const struct fa_flat_writer *w, uint64_t offset,
			const void *buf, size_t len, struct fa_err *e)
{
	uint8_t head[FA_FLAT_REC_HDR_SIZE];
	uint64_t end;

	if (fa_add_overflows(offset, len, &end) || end > INT64_MAX)
		return fa_err_set(e, FA_ERANGE,
				  "flattened record at %#llx of %zu bytes ends beyond 2^63",
				  (unsigned long long)offset, len);
	fa_flat_record_encode(head, (int64_t)offset, (int64_t)len);
	if (w->write(w->ctx, head, sizeof(head), e))
		return e ? e->code : FA_EIO;
	return len ? w->write(w->ctx, buf, len, e) : 0;
}

int fa_flat_emit_end(const struct fa_flat_writer *w, struct fa_err *e)
{
	uint8_t head[FA_FLAT_REC_HDR_SIZE];

	fa_flat_record_encode(head, -1, -1);
	return w->write(w->ctx, head, sizeof(head), e);
}

int fa_flat_fd_read(void *ctx, void *buf, size_t len, size_t *got,
		    struct fa_err *e)
{
	ssize_t n;

	do {
		n = read(*(int *)ctx, buf, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return fa_err_errno(e, "flattened stream: read");
	*got = (size_t)n;
	return 0;
}

/* Fill @buf completely; *got < @len only at the end of the stream. */
static int read_full(fa_flat_read_fn rd, void *ctx, void *buf, size_t len,
		     size_t *got, struct fa_err *e)
{
	size_t n, done = 0;
	int rc;

	while (done < len) {
		rc = rd(ctx, (uint8_t *)buf + done, len - done, &n, e);
		if (rc)
			return rc;
		if (n == 0)
			break;
		done += n;
	}
	*got = done;
	return 0;
}

static int check_record(int64_t off, int64_t size, uint64_t max_record,
			uint64_t at, struct fa_err *e)
{
	uint64_t end;

	if (off < 0 || size < 0)
		return fa_err_set(e, FA_ECORRUPT,
				  "flattened record at stream offset %#llx: offset %lld size %lld, expected non-negative values or the -1/-1 end marker",
				  (unsigned long long)at, (long long)off,
				  (long long)size);
	if ((uint64_t)size > max_record)
		return fa_err_set(e, FA_ERANGE,
				  "flattened record at stream offset %#llx: size %#llx exceeds the limit %#llx",
				  (unsigned long long)at, (unsigned long long)size,
				  (unsigned long long)max_record);
	if (fa_add_overflows((uint64_t)off, (uint64_t)size, &end) ||
	    end > INT64_MAX)
		return fa_err_set(e, FA_ERANGE,
				  "flattened record at stream offset %#llx: [%#llx, +%#llx) ends beyond 2^63",
				  (unsigned long long)at, (unsigned long long)off,
				  (unsigned long long)size);
	return 0;
}

/* Copy one record's data from the stream to its place in @out. */
static int copy_record(fa_flat_read_fn rd, void *ctx, struct fa_outfile *out,
		       uint64_t off, uint64_t size, uint8_t *chunk,
		       uint64_t at, struct fa_err *e)
{
	size_t want, got;
	int rc;

	while (size) {
		want = size > FLAT_CHUNK ? FLAT_CHUNK : (size_t)size;
		rc = read_full(rd, ctx, chunk, want, &got, e);
		if (rc)
			return rc;
		if (got < want)
			return fa_err_set(e, FA_ETRUNC,
					  "flattened record at stream offset %#llx: data ends %llu bytes early",
					  (unsigned long long)at,
					  (unsigned long long)(size - got));
		rc = fa_outfile_pwrite(out, chunk, want, off, e);
		if (rc)
			return rc;
		off += want;
		size -= want;
	}
	return 0;
}

int fa_flat_rebuild(fa_flat_read_fn rd, void *ctx, struct fa_outfile *out,
		    uint64_t max_record, uint64_t *file_size, struct fa_err *e)
{
	uint8_t hdr[FA_FLAT_HDR_SIZE], head[FA_FLAT_REC_HDR_SIZE], *chunk;
	uint64_t at = FA_FLAT_HDR_SIZE, size_out = 0;
	int64_t off, size;
	size_t got;
	int rc;

	chunk = malloc(FLAT_CHUNK);
	if (!chunk)
		return fa_err_set(e, FA_ENOMEM, "flattened stream: out of memory");
	rc = read_full(rd, ctx, hdr, sizeof(hdr), &got, e);
	if (!rc)
		rc = fa_flat_header_decode(hdr, got, e);
	while (!rc) {
		rc = read_full(rd, ctx, head, sizeof(head), &got, e);
		if (rc)
			break;
		if (got < sizeof(head)) {
			rc = fa_err_set(e, FA_ETRUNC,
					"flattened stream ends at offset %#llx without the -1/-1 end marker",
					(unsigned long long)(at + got));
			break;
		}
		off = (int64_t)fa_get64(head, FA_BE);
		size = (int64_t)fa_get64(head + 8, FA_BE);
		if (off == -1 && size == -1)
			break;
		rc = check_record(off, size, max_record, at, e);
		if (!rc)
			rc = copy_record(rd, ctx, out, (uint64_t)off,
					 (uint64_t)size, chunk, at, e);
		if (!rc && size && (uint64_t)(off + size) > size_out)
			size_out = (uint64_t)(off + size);
		at += FA_FLAT_REC_HDR_SIZE + (uint64_t)size;
	}
	free(chunk);
	if (!rc && file_size)
		*file_size = size_out;
	return rc;
}
