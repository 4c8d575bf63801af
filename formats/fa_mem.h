/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fa_mem.h - the narrow "read the crashed kernel's memory" interface.
 *
 * Codecs that walk kernel data structures (printk ring buffer, mem_map,
 * fw_dump) never know where memory comes from: an ELF vmcore, a
 * kdump-compressed file, a capture root or the kernel model's machine image
 * all provide one of these.
 */
#ifndef FA_MEM_H
#define FA_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

enum fa_addr_space {
	FA_PHYS = 0,		/* physical address */
	FA_KVADDR = 1,		/* kernel virtual address */
};

struct fa_mem {
	/*
	 * read() - copy @len bytes at @addr in @space into @buf.  Returns 0,
	 * or a negative FA_E* code with @e saying which address failed.
	 */
	int (*read)(void *ctx, int space, uint64_t addr, void *buf, size_t len,
		    struct fa_err *e);
	void *ctx;
	int byteorder;		/* FA_LE / FA_BE: the crashed kernel's order */
	int ptr_size;		/* 8 for ppc64 / x86_64 */
};

/* Convenience readers; each returns 0 or an error as fa_mem.read does. */
int fa_mem_read_u16(const struct fa_mem *m, int space, uint64_t addr,
		    uint16_t *v, struct fa_err *e);
int fa_mem_read_u32(const struct fa_mem *m, int space, uint64_t addr,
		    uint32_t *v, struct fa_err *e);
int fa_mem_read_u64(const struct fa_mem *m, int space, uint64_t addr,
		    uint64_t *v, struct fa_err *e);
/* Reads a pointer-sized value (4 or 8 bytes by m->ptr_size). */
int fa_mem_read_ptr(const struct fa_mem *m, int space, uint64_t addr,
		    uint64_t *v, struct fa_err *e);

/* ppc64 linear map: kernel virtual = physical + this offset. */
#define FA_PPC64_PAGE_OFFSET 0xc000000000000000ULL

#endif /* FA_MEM_H */
