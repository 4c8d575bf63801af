/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kimage.h - a kernel image (vmlinux) as the machine model and the analyzer need it: its
 * loadable segments, its symbol table (libelf) and the locations of
 * variables' members from its DWARF (libdw).  Works for the mini kernel
 * and for a real distribution vmlinux with DWARF.
 */
#ifndef FA_FORMATS_KIMAGE_H
#define FA_FORMATS_KIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

struct kimage;

/* One PT_LOAD of the image; data points into the mapped file. */
struct kimage_load {
	uint64_t vaddr, paddr, filesz, memsz;
	const uint8_t *data;
};

/*
 * Where a member lives, relative to the start of the variable (or type):
 * byte @offset and @size; for a bit-field, @bit_size > 0 and @bit_offset
 * counts bits from the variable's start in memory order (little-endian:
 * from bit 0 of byte 0; big-endian: from the top bit of byte 0), as DWARF's
 * DW_AT_data_bit_offset does.
 */
struct kimage_loc {
	uint64_t offset;
	uint64_t size;
	unsigned int bit_size;
	uint64_t bit_offset;
};

/*
 * kimage_open() - open the ELF64 ppc64 (or any ELF64) image at @path.  On
 * success *@out owns the mapped file, the sorted symbol table and (when
 * the image has it) the DWARF handle.  FA_EIO, FA_EMAGIC, FA_EUNSUP
 * (not ELF64), FA_ELIB.
 */
int kimage_open(const char *path, struct kimage **out, struct fa_err *e);

/* kimage_close() - free everything; NULL is fine. */
void kimage_close(struct kimage *k);

/* kimage_byteorder() - FA_LE / FA_BE (EI_DATA). */
int kimage_byteorder(const struct kimage *k);
/* kimage_machine() / kimage_flags() - e_machine, e_flags. */
unsigned int kimage_machine(const struct kimage *k);
unsigned int kimage_flags(const struct kimage *k);
/* kimage_path() - the path it was opened from. */
const char *kimage_path(const struct kimage *k);

/* kimage_nloads() / kimage_load() - the PT_LOAD segments in file order. */
size_t kimage_nloads(const struct kimage *k);
const struct kimage_load *kimage_load(const struct kimage *k, size_t i);

/*
 * kimage_sym() - value and size of symbol @name (functions and objects;
 * the first definition wins).  0 or FA_ENOENT.
 */
int kimage_sym(const struct kimage *k, const char *name, uint64_t *value,
	       uint64_t *size);

/*
 * kimage_sym_at() - name of the function or object containing @addr and
 * the offset into it, or NULL.
 */
const char *kimage_sym_at(const struct kimage *k, uint64_t addr,
			  uint64_t *off);

/* kimage_build_id() - the GNU build-id (up to 20 bytes); length or 0. */
size_t kimage_build_id(const struct kimage *k, uint8_t id[20]);

/* kimage_has_dwarf() - 1 when the image has DWARF debug info. */
int kimage_has_dwarf(const struct kimage *k);

/*
 * kimage_var_member() - location of @path within variable @var: @path is
 * "member", "a.b", "arr[3]", "a.b[2].c", or NULL / "" for the whole
 * variable.  FA_ENOENT names what is missing; FA_EUNSUP for constructs the
 * walker does not follow (multi-dimensional arrays).
 */
int kimage_var_member(struct kimage *k, const char *var, const char *path,
		      struct kimage_loc *loc, struct fa_err *e);

/*
 * kimage_type_member() - the same within a named type: "struct
 * printk_info", "union thread_union" or a typedef name ("atomic_long_t").
 * A NULL/"" @path gives the type's size.
 */
int kimage_type_member(struct kimage *k, const char *type, const char *path,
		       struct kimage_loc *loc, struct fa_err *e);

#endif /* FA_FORMATS_KIMAGE_H */
