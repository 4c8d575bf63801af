/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwdump.h - the crashed kernel's struct fw_dump, decoded from its bytes and
 * a member table that the caller fills from the kernel's own DWARF (crash's
 * MEMBER_OFFSET), so that every kernel era's layout decodes the same way.
 *
 * Pure: no crash, no I/O.  fadump.c (the crash glue) fills the layout and
 * reads the bytes; fadump-region prints what this decodes.
 */
#ifndef FA_CORE_FWDUMP_H
#define FA_CORE_FWDUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fa_err.h"

/* The members fadump-region shows, in struct fw_dump's current order. */
enum fa_fwd {
	FA_FWD_RESERVE_DUMP_AREA_START,
	FA_FWD_RESERVE_DUMP_AREA_SIZE,
	FA_FWD_RESERVE_BOOTVAR,
	FA_FWD_CPU_STATE_DATA_SIZE,
	FA_FWD_CPU_STATE_DEST_VADDR,
	FA_FWD_CPU_STATE_DATA_VERSION,
	FA_FWD_CPU_STATE_ENTRY_SIZE,
	FA_FWD_HPTE_REGION_SIZE,
	FA_FWD_BOOT_MEMORY_SIZE,
	FA_FWD_BOOT_MEM_DEST_ADDR,
	FA_FWD_BOOT_MEM_ADDR,		/* array */
	FA_FWD_BOOT_MEM_SZ,		/* array */
	FA_FWD_BOOT_MEM_TOP,
	FA_FWD_BOOT_MEM_REGS_CNT,
	FA_FWD_FADUMPHDR_ADDR,
	FA_FWD_ELFCOREHDR_ADDR,
	FA_FWD_ELFCOREHDR_SIZE,
	FA_FWD_CPU_NOTES_BUF_VADDR,
	FA_FWD_CPU_NOTES_BUF_SIZE,
	FA_FWD_PARAM_AREA,
	FA_FWD_MAX_COPY_SIZE,
	FA_FWD_KERNEL_METADATA,
	FA_FWD_IBM_CONFIGURE_KERNEL_DUMP,
	FA_FWD_FADUMP_ENABLED,		/* bitfields from here ... */
	FA_FWD_FADUMP_SUPPORTED,
	FA_FWD_DUMP_ACTIVE,
	FA_FWD_DUMP_REGISTERED,
	FA_FWD_NOCMA,
	FA_FWD_PARAM_AREA_SUPPORTED,	/* ... to here */
	FA_FWD_OPS,
	FA_FWD_NR,
};

#define FA_FWD_MAX_MEM_REGS	128	/* FADUMP_MAX_MEM_REGS */

/*
 * Where a member lies, as the kernel's DWARF says.  offset < 0: the member
 * does not exist in this kernel.  bitsize > 0: a bitfield at bit @bitpos
 * from the start of the struct, numbered as gdb numbers it (from the least
 * significant bit of byte 0 on little-endian, from the most significant
 * bit of byte 0 on big-endian).
 */
struct fa_fwd_member {
	long offset;
	long size;
	long bitpos;
	long bitsize;
};

struct fa_fwd_layout {
	long struct_size;
	struct fa_fwd_member m[FA_FWD_NR];
};

/* Decoded fw_dump, host order. */
struct fa_fwdump {
	long struct_size;
	int present[FA_FWD_NR];
	uint64_t v[FA_FWD_NR];		/* scalars; arrays are below */
	unsigned int nr_boot_mem;	/* slots of the arrays decoded */
	uint64_t boot_mem_addr[FA_FWD_MAX_MEM_REGS];
	uint64_t boot_mem_sz[FA_FWD_MAX_MEM_REGS];
};

/* fa_fwd_name() - the kernel's member name of @f ("boot_mem_top"). */
const char *fa_fwd_name(int f);

/* fa_fwd_is_bitfield() - whether the kernel declares @f as a :1 field. */
int fa_fwd_is_bitfield(int f);

/* fa_fwd_layout_init() - mark every member absent. */
void fa_fwd_layout_init(struct fa_fwd_layout *l);

/*
 * fa_fwd_bitfield() - extract @bitsize (1..64) bits at gdb bit position
 * @bitpos from @buf of @len bytes in byte order @bo.  0, FA_ETRUNC (the
 * field lies past @len) or FA_ERANGE (a bad position or width).
 */
int fa_fwd_bitfield(const uint8_t *buf, size_t len, int bo, long bitpos,
		   long bitsize, uint64_t *v, struct fa_err *e);

/*
 * fa_fwdump_decode() - decode @len bytes of a struct fw_dump in byte
 * order @bo using layout @l.  Members absent from @l stay absent; a member
 * that @l places outside the buffer, or with a size other than 1/2/4/8, is
 * an error (FA_ETRUNC / FA_ECORRUPT naming it).  The boot memory arrays are
 * decoded up to boot_mem_regs_cnt (capped at the array size), or entirely
 * when the count is absent.
 */
int fa_fwdump_decode(const uint8_t *buf, size_t len, int bo,
			const struct fa_fwd_layout *l,
			struct fa_fwdump *out, struct fa_err *e);

/*
 * fa_fwdump_era() - which kernel generation the layout belongs to, from
 * the members it has: "v6.10+" (elfcorehdr_addr in fw_dump), "v5.5-v6.9"
 * (boot_mem_top), else "before v5.5".
 */
const char *fa_fwdump_era(const struct fa_fwdump *d);

#define FA_FWD_VERBOSE	0x1

/*
 * fa_fwdump_print() - fadump-region's fw_dump section: every member the
 * kernel has, boot memory regions, and with FA_FWD_VERBOSE the members this
 * kernel lacks and the DWARF offsets.
 */
void fa_fwdump_print(FILE *out, const struct fa_fwdump *d,
			const struct fa_fwd_layout *l, unsigned int flags);

#endif /* FA_CORE_FWDUMP_H */
