/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * erase.h - makedumpfile's filter config (--config, makedumpfile.conf(5)):
 * kernel data named by "erase SYMBOL[.member[...]] [size N|nullify]"
 * commands is overwritten in the pages written, and what was erased is
 * listed as makedumpfile lists it ("eraseinfo": one "erase EXPR size N"
 * or "erase EXPR nullify" line per command that erased something).
 *
 * Symbols and member paths are resolved through the vmlinux's DWARF with
 * makedumpfile's rules: a member path dereferences every pointer on the
 * way; the erased data of a pointer is what it points to (a char * its
 * string, at most 1024 bytes), of an array all its elements, else the
 * object itself; "nullify" zeroes the pointer itself; erased bytes are
 * filled with 'X' (0x58), nullified ones with zeros.  The loops "for ID in
 * ARRAY", "for ID in STRUCT via NEXT" and "for ID in LIST_HEAD within
 * STRUCT[:MEMBER]" run over what the dump holds.  Everything is resolved before any byte is written: a
 * syntax error, an unknown symbol or a member path that does not resolve
 * is one error naming the file and line.
 */
#ifndef FA_ERASE_H
#define FA_ERASE_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "fa_mem.h"
#include "symbolize.h"
#include "vmcoreinfo.h"

#define FA_ERASE_CHAR	'X'	/* makedumpfile's fill character */

struct fa_erase;

/* How the crashed kernel's memory is reached while resolving. */
struct fa_erase_kernel {
	/* FA_KVADDR reads: pointers, strings, size variables */
	const struct fa_mem *kmem;
	/* kernel virtual to physical: 0 or an error */
	int (*vtop)(void *ctx, uint64_t vaddr, uint64_t *paddr,
		    struct fa_err *e);
	void *vtop_ctx;
	uint32_t page_size;
	uint64_t kernel_offset;		/* VMCOREINFO KERNELOFFSET */
};

/*
 * fa_erase_parse() - read the filter config @path.  On success *@out is
 * a new, unresolved filter (free with fa_erase_free()).  FA_EINVAL with
 * "PATH:LINE: ..." for a syntax error, FA_EUNSUP for a module section,
 * FA_EIO when the file cannot be read.
 */
int fa_erase_parse(const char *path, struct fa_erase **out, struct fa_err *e);

/*
 * fa_erase_resolve() - resolve every command through @sym (a vmlinux with
 * DWARF, already checked against the dump and relocated) and @k: the
 * physical ranges to erase.  FA_EUNSUP without DWARF; FA_ENOENT naming
 * the file, line and symbol or member that does not resolve; a read error
 * for a pointer the dump does not hold.
 */
int fa_erase_resolve(struct fa_erase *er, struct fa_symbolizer *sym,
		     const struct fa_erase_kernel *k, struct fa_err *e);

/* What a dump says about its kernel, to check and relocate the vmlinux. */
struct fa_erase_dump {
	uint16_t machine;		/* ELF e_machine */
	int byteorder;
	const char *machine_name;	/* for messages */
	const struct fa_vmcoreinfo *vi;	/* or NULL */
};

/*
 * fa_erase_load() - fa_erase_parse() @conf, open @vmlinux, check it is
 * the dump's kernel (fa_sym_check()), relocate it by KERNELOFFSET and
 * fa_erase_resolve() through @k.  The vmlinux is closed again.  Errors
 * as those functions return them, with the file named.
 */
int fa_erase_load(const char *conf, const char *vmlinux,
		  const struct fa_erase_dump *d, const struct fa_erase_kernel *k,
		  struct fa_erase **out, struct fa_err *e);

/* fa_erase_free() - free @er (NULL is fine). */
void fa_erase_free(struct fa_erase *er);

/* fa_erase_nranges() - the number of physical ranges resolved. */
size_t fa_erase_nranges(const struct fa_erase *er);

/*
 * fa_erase_page() - erase what lies in [@paddr, @paddr + @len) of @buf
 * (the page read from there) and count it for the eraseinfo.  Returns 1
 * when a byte was overwritten.  Safe to call from several threads, each
 * page at most once.
 */
int fa_erase_page(struct fa_erase *er, uint64_t paddr, uint8_t *buf,
		  size_t len);

/* fa_erase_touches() - 1 when [@paddr, @paddr + @len) holds erased bytes. */
int fa_erase_touches(const struct fa_erase *er, uint64_t paddr, size_t len);

/*
 * fa_erase_info() - the eraseinfo text of what fa_erase_page() erased, in
 * command order ("erase EXPR size N\n" / "erase EXPR nullify\n"), as
 * makedumpfile writes it; a new string (free()), *@len its length (no
 * terminating NUL counted).  NULL on ENOMEM.
 */
char *fa_erase_info(const struct fa_erase *er, size_t *len);

#endif /* FA_ERASE_H */
