/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256.h - SHA-256 (FIPS 180-4) for the split manifest.  Streaming:
 * init, update any number of times, final.
 */
#ifndef FA_SHA256_H
#define FA_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define FA_SHA256_LEN		32
#define FA_SHA256_HEX_LEN	65

struct fa_sha256 {
	uint32_t h[8];
	uint64_t bytes;		/* message length so far */
	uint8_t buf[64];	/* partial block */
	size_t fill;
};

void fa_sha256_init(struct fa_sha256 *s);
void fa_sha256_update(struct fa_sha256 *s, const void *data, size_t len);
/* fa_sha256_final() - the digest of everything given; @s is spent. */
void fa_sha256_final(struct fa_sha256 *s, uint8_t out[FA_SHA256_LEN]);
/* fa_sha256_hex() - lower-case hex of @d, NUL-terminated; returns @hex. */
char *fa_sha256_hex(const uint8_t d[FA_SHA256_LEN],
		    char hex[FA_SHA256_HEX_LEN]);

#endif /* FA_SHA256_H */
