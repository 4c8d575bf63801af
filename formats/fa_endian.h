/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fa_endian.h - explicit byte-order access to unaligned buffers.
 *
 * Every on-disk or in-memory structure is decoded field by field through
 * these helpers; nothing is ever cast over a buffer.  Byte orders use the ELF
 * EI_DATA values so that an ELF header's byte can be passed straight in.
 */
#ifndef FA_ENDIAN_H
#define FA_ENDIAN_H

#include <stdint.h>
#include <string.h>

enum fa_byteorder {
	FA_LE = 1,	/* ELFDATA2LSB */
	FA_BE = 2,	/* ELFDATA2MSB */
};

static inline const char *fa_bo_name(int bo)
{
	return bo == FA_BE ? "big-endian" : bo == FA_LE ? "little-endian" : "unknown";
}

static inline uint16_t fa_get16(const void *p, int bo)
{
	const uint8_t *b = p;

	return bo == FA_BE ? (uint16_t)(b[0] << 8 | b[1])
			   : (uint16_t)(b[1] << 8 | b[0]);
}

static inline uint32_t fa_get32(const void *p, int bo)
{
	const uint8_t *b = p;

	if (bo == FA_BE)
		return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
		       (uint32_t)b[2] << 8 | b[3];
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[1] << 8 | b[0];
}

static inline uint64_t fa_get64(const void *p, int bo)
{
	const uint8_t *b = p;
	uint64_t hi, lo;

	if (bo == FA_BE) {
		hi = fa_get32(b, FA_BE);
		lo = fa_get32(b + 4, FA_BE);
	} else {
		lo = fa_get32(b, FA_LE);
		hi = fa_get32(b + 4, FA_LE);
	}
	return hi << 32 | lo;
}

static inline void fa_put16(void *p, int bo, uint16_t v)
{
	uint8_t *b = p;

	if (bo == FA_BE) {
		b[0] = v >> 8; b[1] = v;
	} else {
		b[1] = v >> 8; b[0] = v;
	}
}

static inline void fa_put32(void *p, int bo, uint32_t v)
{
	uint8_t *b = p;

	if (bo == FA_BE) {
		b[0] = v >> 24; b[1] = v >> 16; b[2] = v >> 8; b[3] = v;
	} else {
		b[3] = v >> 24; b[2] = v >> 16; b[1] = v >> 8; b[0] = v;
	}
}

static inline void fa_put64(void *p, int bo, uint64_t v)
{
	uint8_t *b = p;

	if (bo == FA_BE) {
		fa_put32(b, FA_BE, (uint32_t)(v >> 32));
		fa_put32(b + 4, FA_BE, (uint32_t)v);
	} else {
		fa_put32(b, FA_LE, (uint32_t)v);
		fa_put32(b + 4, FA_LE, (uint32_t)(v >> 32));
	}
}

/* The host's own order, for data that is defined as host-native. */
static inline int fa_host_bo(void)
{
	const uint16_t one = 1;
	uint8_t b;

	memcpy(&b, &one, 1);
	return b ? FA_LE : FA_BE;
}

/* Overflow-checked helpers for offsets and lengths read from files. */
static inline int fa_add_overflows(uint64_t a, uint64_t b, uint64_t *sum)
{
	return __builtin_add_overflow(a, b, sum);
}

static inline int fa_mul_overflows(uint64_t a, uint64_t b, uint64_t *prod)
{
	return __builtin_mul_overflow(a, b, prod);
}

#define FA_ALIGN_UP(x, a)	((((x) + (a) - 1) / (a)) * (a))
#define FA_ALIGN_DOWN(x, a)	(((x) / (a)) * (a))

#endif /* FA_ENDIAN_H */
