/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ktext.h - text exactly as the kernel prints it.
 *
 * The kernel's vsprintf differs from glibc for "%#x" (the prefix is always
 * printed and counts in the field width), so files such as
 * /sys/kernel/debug/powerpc/fadump_region cannot be produced with printf(3).
 * This module holds a small kernel-semantics formatter, the renderers and
 * parsers of fadump_region (every kernel era, pSeries and OPAL) and of the
 * legacy phyp-dump /sys/kernel/release_region.  (The sysfs stores' kstrtoint()
 * returns the kernel's errno values: kernel/kstrtox.h.)
 */
#ifndef FA_KTEXT_H
#define FA_KTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

/* A growable NUL-terminated text buffer. */
struct fa_text {
	char *buf;		/* malloc'd; NULL until the first append */
	size_t len;		/* bytes used, not counting the NUL */
	size_t cap;
	int err;		/* sticky: FA_ENOMEM or FA_EINVAL once a call failed */
};

/* fa_text_init() - an empty buffer; nothing allocated yet. */
void fa_text_init(struct fa_text *t);

/* fa_text_free() - release the buffer and make @t empty again. */
void fa_text_free(struct fa_text *t);

/* fa_text_append() - append @len bytes of @s.  Returns 0 or FA_ENOMEM. */
int fa_text_append(struct fa_text *t, const char *s, size_t len);

/*
 * fa_kprintf() - append to @t with the kernel's vsprintf rules.  Supports
 * flags "-0#", a decimal field width, length modifiers hh/h/l/ll/z, and
 * %d %i %u %x %X %s %c %%.  Returns 0, FA_ENOMEM, or FA_EINVAL for a
 * conversion outside that set; the error also sticks in t->err.
 */
int fa_kprintf(struct fa_text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define FA_K_HEX_LEN	19	/* "0x" + 16 digits + NUL */

/* fa_k_hex() - "%#llx" with kernel semantics (0 -> "0x0"); returns @buf. */
char *fa_k_hex(char buf[FA_K_HEX_LEN], uint64_t v);

/* fa_k_hex016() - "%#016llx": "0x" + at least 14 digits; returns @buf. */
char *fa_k_hex016(char buf[FA_K_HEX_LEN], uint64_t v);

/* ---- /sys/kernel/debug/powerpc/fadump_region ---- */

/* RTAS source_data_type values; OPAL regions are all FA_RGN_RMR. */
enum fa_rgn_type {
	FA_RGN_CPU = 0x0001,
	FA_RGN_HPTE = 0x0002,
	FA_RGN_RMR = 0x0011,
	FA_RGN_PARAM = 0x0100,
};

enum fa_region_form {
	FA_REGION_NONE = 0,	/* empty file: fadump not enabled */
	FA_REGION_PSERIES,	/* v5.19+: sections in rgn[] order */
	FA_REGION_PSERIES_V55,	/* v5.5..v5.18: CPU, HPTE, DUMP only */
	FA_REGION_PSERIES_OLD,	/* before v5.5 (the old fadump.c) */
	FA_REGION_OPAL,		/* PowerNV, v5.5+ */
};

#define FA_REGION_MAX_SECTS	130	/* OPAL: 128 regions; RTAS: 10 */

/*
 * One line of the file.  Fields the line does not show come back 0 from
 * the parser: src of CPU/HPTE/PARAM, size and dumped of unknown types,
 * dumped of PARAM, and src of the pre-v5.5 DUMP line.
 */
struct fa_region_sect {
	uint16_t type;		/* enum fa_rgn_type or any other RTAS type */
	uint64_t src;		/* source_address */
	uint64_t dest;		/* destination_address */
	uint64_t size;		/* source_len */
	uint64_t dumped;	/* bytes_dumped, exactly as printed */
	char *param;		/* PARAM: the string at dest; owned, may be NULL */
};

struct fa_region_show {
	enum fa_region_form form;
	int dump_active;
	/*
	 * "Memory above X": boot_mem_top since v5.19, reserve_dump_area_start
	 * for v5.5..v5.18; for the pre-v5.5 form, reserve_dump_area_start
	 * (the extra "    :" line).
	 */
	uint64_t memory_above;
	unsigned int nr;
	struct fa_region_sect sect[FA_REGION_MAX_SECTS];
};

/* fa_region_show_free() - free the param strings; @s stays usable. */
void fa_region_show_free(struct fa_region_show *s);

/*
 * fa_region_opal_fill_dumped() - set every sect[i].dumped the way
 * opal_fadump_region_show() computes it: rgn[i].size while dump_active and
 * i < @registered_regions, else the previous value (starting at 0, never
 * reset), so regions past the registered ones repeat the last size.
 */
void fa_region_opal_fill_dumped(struct fa_region_show *s,
				unsigned int registered_regions);

/*
 * fa_region_render() - append the file's exact bytes for @s to @t.  An
 * FA_REGION_NONE description renders as nothing.  Returns 0, FA_EINVAL
 * (a section the form cannot show, e.g. PARAM before v5.19) or FA_ENOMEM.
 */
int fa_region_render(const struct fa_region_show *s, struct fa_text *t,
		     struct fa_err *e);

/*
 * fa_region_parse() - read fadump_region text back.  @expect is the form to
 * accept, or FA_REGION_NONE to detect it: v5.5+ pSeries text then comes
 * back as FA_REGION_PSERIES (the text does not tell v5.5..v5.18 from
 * current).  Fills @out (free with fa_region_show_free()); returns 0 or
 * FA_ECORRUPT naming the line number and what was expected there.
 */
int fa_region_parse(const char *text, size_t len, enum fa_region_form expect,
		    struct fa_region_show *out, struct fa_err *e);

/* fa_region_form_name() - "pseries", "pseries-v5.5", "pseries-old", ... */
const char *fa_region_form_name(enum fa_region_form form);

/* ---- legacy phyp-dump /sys/kernel/release_region (v2.6.26..v2.6.36) ---- */

/*
 * What show_release_region() prints.  Despite the dashes in the text, each
 * pair is (address, length): destination_address and length_copied of the
 * CPU, HPTE and kernel sections, then init_reserve_start and
 * init_reserve_size - reserved_scratch_size.
 */
struct fa_phyp_release_region {
	uint64_t cpu_addr, cpu_len;
	uint64_t hpte_addr, hpte_len;
	uint64_t kernel_addr, kernel_len;
	uint64_t reserve_start, second_addr_range;
};

/* fa_phyp_release_region_render() - append the file's line to @t. */
int fa_phyp_release_region_render(const struct fa_phyp_release_region *r,
				  struct fa_text *t, struct fa_err *e);

/* fa_phyp_release_region_parse() - the inverse; FA_ECORRUPT on mismatch. */
int fa_phyp_release_region_parse(const char *text, size_t len,
				 struct fa_phyp_release_region *out,
				 struct fa_err *e);

/*
 * fa_phyp_release_region_parse_write() - what store_release_region() takes:
 * sscanf(buf, "%lx %lx"): two hex numbers, "0x" optional, separated and
 * preceded by any white space, anything after them ignored.  Returns 0 or
 * FA_EINVAL (the store turns it into the kernel's -EINVAL).
 */
int fa_phyp_release_region_parse_write(const char *buf, uint64_t *addr,
				       uint64_t *len);

#endif /* FA_KTEXT_H */
