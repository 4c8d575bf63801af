/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * convert_elf.h - convert -E, the ELF core writer behind fa_convert()
 * (private to convert.c and convert_elf.c).
 */
#ifndef FA_CONVERT_ELF_H
#define FA_CONVERT_ELF_H

#include <stdint.h>

#include "convert.h"
#include "elfcore.h"

/* What convert.c knows of the input once its 2nd bitmap is built. */
struct fa_elfout_src {
	const char *in;			/* the input's name, for messages */
	struct fa_elfcore *c;
	uint32_t ps;
	unsigned int pshift;
	uint64_t max_mapnr;
	uint8_t *bm;			/* 2nd bitmap of every pfn (writable) */
	uint64_t nbits;			/* its size in bits, > max_mapnr */
	const struct fa_convert_opts *o;
};

/*
 * fa_convert_elf_write() - write OUT as makedumpfile -E does: the input's
 * ELF header and notes, one PT_LOAD or more per input PT_LOAD, a run of
 * 256 or more excluded pages cut out as the tail [p_filesz, p_memsz) of
 * the PT_LOAD before it (shorter runs kept with their data).  With dump
 * level bit 1 zero pages are cleared from @s->bm first (read in parallel).
 * Unlike makedumpfile, the pages a PT_LOAD covers in part are kept (set
 * in @s->bm): the kdump format cannot hold them, an ELF core can, and
 * FADump's firmware sections are such pieces.
 * Fills the page counts of @st.  Returns 0 or an FA_E* code.
 */
int fa_convert_elf_write(const struct fa_elfout_src *s, const char *out,
			 struct fa_convert_stats *st, struct fa_err *e);

#endif /* FA_CONVERT_ELF_H */
