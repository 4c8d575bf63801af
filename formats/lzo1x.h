/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lzo1x.h - an LZO1X-1 stream encoder for dump pages.
 *
 * kdump-compressed files store -l pages as LZO1X streams
 * (DUMP_DH_COMPRESSED_LZO), which every reader (makedumpfile, crash,
 * libkdumpfile) expands with liblzo2's lzo1x_decompress_safe().  This
 * encoder writes that stream format with the greedy parse of LZO1X-1
 * (one 4-byte hash probe per position, literals skipped faster the longer
 * a run without a match), specialised for inputs of at most 64 KiB so
 * that positions are 16-bit and the dictionary of a 4 KiB page fits the
 * L1 cache.  Its output is not byte-identical to liblzo2's: the stream
 * format is the contract, not the encoder's choices.  convert uses it
 * for 4 KiB pages (analysis/convert_pipeline.c says why not for larger).
 */
#ifndef FA_LZO1X_H
#define FA_LZO1X_H

#include <stddef.h>
#include <stdint.h>

/* The largest input fa_lzo1x_compress() takes. */
#define FA_LZO1X_MAX_IN		65536u

/* Work memory fa_lzo1x_compress() needs (any alignment of 2). */
#define FA_LZO1X_WRK_SIZE	(2u << 14)

/* The most an input of @n bytes can grow to (LZO1X-1's own bound). */
#define FA_LZO1X_BOUND(n)	((n) + (n) / 16 + 64 + 3)

/*
 * Compress @len bytes (1 .. FA_LZO1X_MAX_IN) at @in into @out, which
 * has room for FA_LZO1X_BOUND(@len) bytes; @wrk is FA_LZO1X_WRK_SIZE
 * bytes of scratch, overwritten.  Returns the stream's length, or 0 when
 * @len is out of range.  The output is a function of the input alone,
 * the same on every host.
 */
size_t fa_lzo1x_compress(const uint8_t *in, size_t len, uint8_t *out,
			 void *wrk);

#endif
