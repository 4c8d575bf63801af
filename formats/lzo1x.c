// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lzo1x.c - an LZO1X-1 stream encoder for dump pages (see lzo1x.h).
 *
 * The stream, as lzo1x_decompress_safe() reads it (Documentation/
 * staging/lzo.rst in the kernel describes the same format):
 *  - a literal run of 1..238 bytes that opens the stream: one byte,
 *    17 + length;
 *  - otherwise 1..3 literals ride in the two low bits ("state") of the
 *    match before them, 4..18 take one byte 0000LLLL (length - 3), and
 *    longer runs 0000 0000, then 255 for each zero byte, then the rest;
 *  - M2, 3..8 bytes within 2 KiB: LLLDDDSS HHHHHHHH, length - 1 in L,
 *    distance - 1 = H << 3 | D;
 *  - M3, within 16 KiB: 001LLLLL (length - 2, or 0 and a count byte
 *    run), then distance - 1 << 2 | S, little-endian 16 bits;
 *  - M4, within 48 KiB: 0001HLLL (length - 2, or 0 and a count), then
 *    (distance - 16384) & 0x3fff << 2 | S, H its bit 14;
 *  - the end: 0x11 0x00 0x00 (an M4 of distance 16384).
 * A byte below 16 after a literal run would be a short match (M1); the
 * encoder never writes one, so every literal run is followed by a match
 * or the end.
 */
#include <endian.h>
#include <string.h>

#include "lzo1x.h"

#define M2_MAX_LEN	8
#define M2_MAX_OFFSET	0x0800
#define M3_MAX_OFFSET	0x4000
#define M4_MAX_OFFSET	0xbfff
#define M3_MARKER	32
#define M4_MARKER	16
/* No probe this close to the end: the last bytes go out as literals. */
#define TAIL		20

static inline uint32_t load32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* How many bytes at @a equal those at @b (@b before @a), up to @end. */
static inline size_t match_len(const uint8_t *a, const uint8_t *b,
			       const uint8_t *end)
{
	const uint8_t *start = a;

	while (a + 8 <= end) {
		uint64_t x = load64(a) ^ load64(b);

		if (x) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return (size_t)(a - start) + ((unsigned)__builtin_ctzll(x) >> 3);
#else
			return (size_t)(a - start) + ((unsigned)__builtin_clzll(x) >> 3);
#endif
		}
		a += 8;
		b += 8;
	}
	while (a < end && *a == *b) {
		a++;
		b++;
	}
	return (size_t)(a - start);
}

/* A length beyond an instruction's bits: a 0 byte per 255, then the rest. */
static inline uint8_t *put_count(uint8_t *op, size_t r)
{
	while (r > 255) {
		*op++ = 0;
		r -= 255;
	}
	*op++ = (uint8_t)r;
	return op;
}

/*
 * @t (>= 1) literals at @lit; @op == @out when they open the stream.
 * Short runs, the common case, are copied 16 bytes at a time when both
 * buffers have the room (@in_end, @out_end): no call for a few bytes.
 */
static inline uint8_t *put_literals(uint8_t *op, const uint8_t *out,
				    const uint8_t *lit, size_t t,
				    const uint8_t *in_end,
				    const uint8_t *out_end)
{
	if (op == out && t <= 238)
		*op++ = (uint8_t)(17 + t);
	else if (t <= 3)
		op[-2] |= (uint8_t)t;	/* the state bits of the match before */
	else if (t <= 18)
		*op++ = (uint8_t)(t - 3);
	else {
		*op++ = 0;
		op = put_count(op, t - 18);
	}
	if (t <= 16 && lit + 16 <= in_end && op + 16 <= out_end)
		memcpy(op, lit, 16);
	else
		memcpy(op, lit, t);
	return op + t;
}

/* A match of @m (>= 4) bytes at distance @d (1 .. M4_MAX_OFFSET). */
static inline uint8_t *put_match(uint8_t *op, size_t d, size_t m)
{
	if (m <= M2_MAX_LEN && d <= M2_MAX_OFFSET) {
		d--;
		*op++ = (uint8_t)((m - 1) << 5 | (d & 7) << 2);
		*op++ = (uint8_t)(d >> 3);
		return op;
	}
	if (d <= M3_MAX_OFFSET) {
		d--;
		if (m <= 33)
			*op++ = (uint8_t)(M3_MARKER | (m - 2));
		else {
			*op++ = M3_MARKER;
			op = put_count(op, m - 33);
		}
	} else {
		d -= 0x4000;
		if (m <= 9)
			*op++ = (uint8_t)(M4_MARKER | (d >> 11 & 8) | (m - 2));
		else {
			*op++ = (uint8_t)(M4_MARKER | (d >> 11 & 8));
			op = put_count(op, m - 9);
		}
	}
	*op++ = (uint8_t)(d << 2);
	*op++ = (uint8_t)(d >> 6);
	return op;
}

/*
 * The dictionary slot of the 4 bytes @v (as loaded): hashed in
 * little-endian order on every host, so that the stream is the same
 * whichever machine compresses the page.
 */
static inline uint32_t hash(uint32_t v, unsigned int hbits)
{
	return (le32toh(v) * 0x9e3779b1u) >> (32 - hbits);
}

/*
 * The greedy parse, with @hbits a constant in each caller so that the
 * hash's shift is one too.  Against liblzo2's lzo1x_1 on the pages of a
 * real kernel's dump it is faster (a tenth on the pages -d 31 keeps)
 * for an output about as large: a match found is first extended
 * backwards over the literals before it, and the position two bytes
 * before a match's end goes into the dictionary, which finds enough
 * more matches that the search may step over unmatched input faster
 * (11/128 of the run so far, not 4/128).  On a 2 GiB x86_64 dump that
 * is 1.2 % smaller than lzo1x_1 on the pages -d 31 keeps and 0.5 %
 * larger on all of them; a step of 12/128 was a few per cent faster
 * still but 1.3 % larger on all pages, 10/128 no larger anywhere but
 * slower.
 */
static inline __attribute__((always_inline)) size_t
compress(const uint8_t *in, size_t len, uint8_t *out, uint16_t *dict,
	 const unsigned int hbits)
{
	const uint8_t *end = in + len, *ip = in + 1, *ii = in;
	const uint8_t *limit = len > TAIL ? end - TAIL : in;
	uint8_t *op = out, *out_end = out + FA_LZO1X_BOUND(len);

	memset(dict, 0, sizeof(*dict) << hbits);
	while (ip < limit) {
		uint32_t dv = load32(ip), h = hash(dv, hbits);
		const uint8_t *m = in + dict[h];
		size_t mlen;

		dict[h] = (uint16_t)(ip - in);
		/*
		 * m is an earlier position: the dictionary holds no other.
		 * Below 48 KiB of input every distance fits an M4.
		 */
		if (load32(m) != dv ||
		    (len > M4_MAX_OFFSET && (size_t)(ip - m) > M4_MAX_OFFSET)) {
			ip += 1 + ((size_t)(ip - ii) * 11 >> 7);
			continue;
		}
		while (ip > ii && m > in && ip[-1] == m[-1]) {
			ip--;
			m--;
		}
		if (ip > ii)
			op = put_literals(op, out, ii, (size_t)(ip - ii), end,
					  out_end);
		mlen = 4 + match_len(ip + 4, m + 4, end);
		op = put_match(op, (size_t)(ip - m), mlen);
		ip += mlen;
		ii = ip;
		if (ip < limit)
			dict[hash(load32(ip - 2), hbits)] = (uint16_t)(ip - 2 - in);
	}
	if (end > ii)
		op = put_literals(op, out, ii, (size_t)(end - ii), end, out_end);
	*op++ = M4_MARKER | 1;
	*op++ = 0;
	*op++ = 0;
	return (size_t)(op - out);
}

size_t fa_lzo1x_compress(const uint8_t *in, size_t len, uint8_t *out,
			 void *wrk)
{
	if (!len || len > FA_LZO1X_MAX_IN)
		return 0;
	/* one dictionary entry per byte of a 4 KiB page, 8 KiB: L1-resident */
	if (len <= 4096)
		return compress(in, len, out, wrk, 12);
	return compress(in, len, out, wrk, 14);
}
