/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbolize.h - kernel addresses to "function+0xoff/0xsize" through libdw.
 *
 * The crashed kernel's vmlinux (--vmlinux FILE) is opened with libdwfl as
 * an offline module.  Its ELF symbol table is enough: Debian's
 * /boot/vmlinux-* has symbols and no DWARF, and that is what an engineer
 * usually has.  When DWARF is present (a -dbg vmlinux), the source file and
 * line are given as well.  Addresses are looked up as the crashed kernel
 * ran them; a relocated kernel's KERNELOFFSET is subtracted first.
 */
#ifndef FA_SYMBOLIZE_H
#define FA_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

struct fa_symbolizer;

/* One resolved address; the strings belong to the symbolizer. */
struct fa_sym {
	const char *name;	/* symbol containing the address */
	uint64_t offset;	/* address - symbol value */
	uint64_t size;		/* st_size (0 when the table has none) */
	const char *file;	/* DWARF source file, or NULL */
	int line;		/* DWARF line, or 0 */
};

/*
 * fa_sym_open() - open @vmlinux.  On success *@out is a new symbolizer the
 * caller frees with fa_sym_close().  FA_ENOENT when the file is missing or
 * has no symbol table; FA_ELIB when libdwfl cannot read it.
 */
int fa_sym_open(const char *vmlinux, struct fa_symbolizer **out,
		struct fa_err *e);

/* What a dump says about the kernel that crashed, to check a vmlinux by. */
struct fa_sym_kernel {
	uint16_t machine;		/* ELF e_machine of the dump */
	int byteorder;			/* FA_LE / FA_BE; 0: either */
	const char *machine_name;	/* "ppc64le", ... for messages */
	const char *build_id;		/* VMCOREINFO BUILD-ID (hex), or NULL */
	const char *osrelease;		/* VMCOREINFO OSRELEASE, or NULL */
};

/*
 * fa_sym_check() - refuse a vmlinux that is not the dump's kernel: an ELF
 * of another machine or byte order, a file without the symbols every
 * kernel image has (_stext, linux_banner), a GNU build ID other than the
 * dump's VMCOREINFO BUILD-ID (5.9+; an all-zero one is not compared),
 * else a linux_banner whose release is not the dump's OSRELEASE (when the
 * banner is initialised data in the file).  Returns 0, FA_EUNSUP (another
 * machine or byte order, not a kernel) or FA_ECORRUPT (another build),
 * with one line in @e naming the file, what the dump has and what the
 * file has.
 */
int fa_sym_check(struct fa_symbolizer *s, const struct fa_sym_kernel *k,
		 struct fa_err *e);

/* fa_sym_close() - free @s (NULL is fine). */
void fa_sym_close(struct fa_symbolizer *s);

/*
 * fa_sym_set_offset() - the running kernel's relocation (VMCOREINFO
 * KERNELOFFSET): addresses are looked up at addr - @offset.
 */
void fa_sym_set_offset(struct fa_symbolizer *s, uint64_t offset);

/* fa_sym_has_dwarf() - 1 when the file carries DWARF line information. */
int fa_sym_has_dwarf(const struct fa_symbolizer *s);

/*
 * fa_sym_lookup() - resolve @addr.  Returns 0 with @out filled, or
 * FA_ENOENT when no symbol covers the address.
 */
int fa_sym_lookup(struct fa_symbolizer *s, uint64_t addr, struct fa_sym *out);

/*
 * fa_sym_format() - "name+0xoff/0xsize" as the kernel's %pS prints it
 * ("name+0xoff" without a size) into @buf; "" when unresolved.  Returns
 * the snprintf length.
 */
int fa_sym_format(struct fa_symbolizer *s, uint64_t addr, char *buf,
		  size_t len);

/*
 * fa_sym_addr() - where the crashed kernel had symbol @name: its value
 * plus the relocation (fa_sym_set_offset(), KERNELOFFSET) and its st_size
 * (@size may be NULL).  Returns 0 or FA_ENOENT.
 */
int fa_sym_addr(struct fa_symbolizer *s, const char *name, uint64_t *addr,
		uint64_t *size);

/*
 * fa_sym_member_offset() - offsetof(struct @type, @member) from the
 * file's DWARF (a direct member of the first complete definition).
 * FA_EUNSUP without DWARF, FA_ENOENT when the type or member is absent.
 */
int fa_sym_member_offset(struct fa_symbolizer *s, const char *type,
			 const char *member, uint64_t *off);

/*
 * fa_sym_dwarf() - the file's DWARF (owned by @s), or NULL without it.
 * Its addresses are the file's, before the relocation.
 */
struct Dwarf;
struct Dwarf *fa_sym_dwarf(struct fa_symbolizer *s);

#endif /* FA_SYMBOLIZE_H */
