/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cx_dumpfile.h - what fadump.so reads from the dump file itself, without
 * crash: the ELF64 program headers and PT_NOTE data of an ELF vmcore, and
 * which FADump firmware sections its PT_LOADs start with.
 *
 * The extension is loaded into crash, so it cannot use libelf (formats/
 * elfcore.c): this is a small pread-based walk of the headers, decoded by
 * the libelf-free codec in formats/elfhdr.h.
 */
#ifndef FA_CX_DUMPFILE_H
#define FA_CX_DUMPFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fa_err.h"

/* Hard limits for what the extension reads into memory. */
#define FA_CX_MAX_PHDRS		65535
#define FA_CX_MAX_NOTES		(64u << 20)

struct fa_cx_load {
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

struct fa_cx_dump {
	int byteorder;			/* FA_LE / FA_BE */
	uint16_t machine;
	uint16_t phnum;
	size_t nr_load;
	struct fa_cx_load *load;	/* PT_LOADs in file order, owned */
	uint8_t *notes;			/* all PT_NOTE data, owned */
	size_t notes_len;
	uint64_t file_size;
};

/* What a PT_LOAD starts with. */
enum fa_cx_sect {
	FA_CX_SECT_NONE = 0,
	FA_CX_SECT_REGSAVE,		/* pSeries CPU state data */
	FA_CX_SECT_CRASHINFO,		/* FADMPSIG / FADMPINF header */
};

/*
 * fa_cx_dump_read() - read the ELF header, program headers and notes of the
 * vmcore open on @fd.  Fills @d (free with fa_cx_dump_free(), also after a
 * failure).  FA_EMAGIC: not ELF; FA_EUNSUP: not ELF64; FA_ETRUNC /
 * FA_ERANGE: headers or notes outside the file or over the limits.
 */
int fa_cx_dump_read(int fd, struct fa_cx_dump *d, struct fa_err *e);
void fa_cx_dump_free(struct fa_cx_dump *d);

/*
 * fa_cx_dump_parse() - as fa_cx_dump_read(), from the first @len bytes of
 * the file in @buf (@file_size is the whole file's size); notes beyond @len
 * are an error.  For tests and for callers that already hold the headers.
 */
int fa_cx_dump_parse(const uint8_t *buf, size_t len, uint64_t file_size,
		     struct fa_cx_dump *d, struct fa_err *e);

/*
 * fa_cx_sect_probe() - classify the first @len bytes of a segment: REGSAVE
 * magic (big-endian, as firmware writes it) or a crash-info magic in either
 * byte order (*@bo is then set to the header's order).
 */
int fa_cx_sect_probe(const uint8_t *head, size_t len, int *bo);

/* fa_cx_sect_name() - "CPU state data (REGSAVE)", "crash-info header". */
const char *fa_cx_sect_name(int sect);

#endif /* FA_CX_DUMPFILE_H */
