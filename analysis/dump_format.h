// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump_format.h - what dump.c's format table needs from each format file
 * (dump_elf.c, dump_kdump.c), and what they share from dump.c.  Private
 * to the three; everything else opens a dump through dump.h.
 */
#ifndef FA_DUMP_FORMAT_H
#define FA_DUMP_FORMAT_H

#include <stddef.h>

#include "dump.h"

/* The table entries of the ELF vmcore (and opalcore) and kdump-compressed. */
extern const struct fa_dump_ops fa_dump_elf_ops;
extern const struct fa_dump_ops fa_dump_kdump_ops;

/*
 * Release what a format's open() attached to @d, also after a failed
 * open; nothing when it attached nothing.
 */
void fa_dump_elf_close(struct fa_dump *d);
void fa_dump_kdump_close(struct fa_dump *d);

/* Parse VMCOREINFO @text into @d (its PAGESIZE too), or record why not. */
void fa_dump_parse_vmcoreinfo(struct fa_dump *d, const char *text, size_t len);
/* The same from the VMCOREINFO note among @d's notes. */
void fa_dump_notes_vmcoreinfo(struct fa_dump *d);

#endif
