/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fatag.h - the eight-character ASCII tags FADump packs into a u64.
 *
 * The kernel's fadump_str_to_u64() puts the first character in the most
 * significant byte and pads the low end with zero bytes, so that the value
 * stored big-endian reads as the string.  The crash-info magic is stored in
 * the first kernel's byte order; firmware register ids are big-endian.
 */
#ifndef FA_FATAG_H
#define FA_FATAG_H

#include <stdint.h>

#define FA_TAG_FADMPINF	0x4641444D50494E46ULL	/* old crash-info magic */
#define FA_TAG_FADMPSIG	0x4641444D50534947ULL	/* v6.10+ crash-info magic */
#define FA_TAG_REGSAVE	0x5245475341564500ULL
#define FA_TAG_CPUSTRT	0x4350555354525400ULL
#define FA_TAG_CPUEND	0x435055454E440000ULL
#define FA_TAG_GPR	0x4750520000000000ULL
#define FA_TAG_GPR_MASK	0xFFFFFF0000000000ULL
#define FA_TAG_NIA	0x4E49410000000000ULL
#define FA_TAG_MSR	0x4D53520000000000ULL
#define FA_TAG_CTR	0x4354520000000000ULL
#define FA_TAG_LR	0x4C52000000000000ULL
#define FA_TAG_XER	0x5845520000000000ULL
#define FA_TAG_CR	0x4352000000000000ULL
#define FA_TAG_DAR	0x4441520000000000ULL
#define FA_TAG_DSISR	0x4453495352000000ULL

/*
 * fa_tag_to_u64() - pack up to eight characters of @s as the kernel does.
 * Characters after the eighth are ignored; a shorter string is zero padded.
 */
static inline uint64_t fa_tag_to_u64(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		v <<= 8;
		if (*s)
			v |= (uint8_t)*s++;
	}
	return v;
}

/*
 * fa_u64_to_tag() - unpack @v into @out (NUL terminated) for display.  The
 * string stops at the first zero byte; a byte that is not printable ASCII
 * becomes '?' so that firmware garbage cannot reach a terminal.  Returns @out.
 */
static inline char *fa_u64_to_tag(uint64_t v, char out[9])
{
	int i, n = 0;

	for (i = 0; i < 8; i++) {
		uint8_t c = (uint8_t)(v >> (56 - 8 * i));

		if (!c)
			break;
		out[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[n] = '\0';
	return out;
}

#endif /* FA_FATAG_H */
