/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * flattened.h - makedumpfile's flattened stream (-F), and its rebuild (-R).
 *
 * A 4096-byte header ("makedumpfile" NUL-padded to 16 bytes, then type 1
 * and version 1 as big-endian int64, then zeros) is followed by records
 * {big-endian int64 offset, int64 size, size bytes of data} in write order,
 * ended by offset = size = -1.  Records may overlap (later ones win) and
 * leave holes that are zeros in the rebuilt file.
 */
#ifndef FA_FLATTENED_H
#define FA_FLATTENED_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "fa_outfile.h"

#define FA_FLAT_HDR_SIZE	4096
#define FA_FLAT_SIGNATURE	"makedumpfile"
#define FA_FLAT_SIG_LEN		16
#define FA_FLAT_TYPE		1
#define FA_FLAT_VERSION		1
#define FA_FLAT_REC_HDR_SIZE	16

/* fa_flat_header_encode() - the 4096 header bytes. */
void fa_flat_header_encode(uint8_t out[FA_FLAT_HDR_SIZE]);

/*
 * fa_flat_header_decode() - check signature, type and version.  Returns 0,
 * FA_ETRUNC, FA_EMAGIC or FA_EVERSION.
 */
int fa_flat_header_decode(const uint8_t *buf, size_t len, struct fa_err *e);

/* fa_flat_record_encode() - the 16-byte record head {offset, size}. */
void fa_flat_record_encode(uint8_t out[FA_FLAT_REC_HDR_SIZE], int64_t offset,
			   int64_t size);

/* Where a writer's bytes go: 0 or a negative FA_E* code. */
typedef int (*fa_flat_write_fn)(void *ctx, const void *buf, size_t len,
				struct fa_err *e);

struct fa_flat_writer {
	fa_flat_write_fn write;
	void *ctx;
};

/* fa_flat_outfile_write() - a fa_flat_write_fn for ctx = struct fa_outfile *. */
int fa_flat_outfile_write(void *ctx, const void *buf, size_t len,
			  struct fa_err *e);

/* fa_flat_emit_header() - write the stream header. */
int fa_flat_emit_header(const struct fa_flat_writer *w, struct fa_err *e);

/*
 * fa_flat_emit_record() - one record: @len bytes of @buf that belong at
 * @offset of the rebuilt file.  FA_ERANGE if either exceeds INT64_MAX.
 */
int fa_flat_emit_record(const struct fa_flat_writer *w, uint64_t offset,
			const void *buf, size_t len, struct fa_err *e);

/* fa_flat_emit_end() - the -1/-1 end marker. */
int fa_flat_emit_end(const struct fa_flat_writer *w, struct fa_err *e);

/*
 * Where a reader's bytes come from: copy up to @len bytes into @buf and set
 * *@got (0 only at the end of the stream); 0 or a negative FA_E* code.
 */
typedef int (*fa_flat_read_fn)(void *ctx, void *buf, size_t len, size_t *got,
			       struct fa_err *e);

/* fa_flat_fd_read() - a fa_flat_read_fn for ctx = int * (a file descriptor). */
int fa_flat_fd_read(void *ctx, void *buf, size_t len, size_t *got,
		    struct fa_err *e);

/*
 * fa_flat_rebuild() - read a whole stream and write the normal file into
 * @out (opened, not committed: the caller commits or aborts).  Records with
 * a negative offset or size other than the end marker are FA_ECORRUPT, a
 * size above @max_record or an end beyond INT64_MAX is FA_ERANGE, a stream
 * that stops before the end marker is FA_ETRUNC; messages give the stream
 * offset of the record.  *@file_size gets the rebuilt size.
 */
int fa_flat_rebuild(fa_flat_read_fn rd, void *ctx, struct fa_outfile *out,
		    uint64_t max_record, uint64_t *file_size, struct fa_err *e);

#endif /* FA_FLATTENED_H */
