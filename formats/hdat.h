/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hdat.h - HDAT architected register state ("CPU data") that OPAL hands to
 * the capture kernel through TAG_CPU: one block of cpu_data_size bytes per
 * hardware thread, each a thread header followed by register entries.
 * Everything is big-endian.
 *
 * The kernel takes the entry offset, count and size from the FIRST thread
 * header only and applies them to every thread; so does the iterator here,
 * which reports (but does not reject) a thread whose own header disagrees.
 */
#ifndef FA_HDAT_H
#define FA_HDAT_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "prstatus.h"

/*
 * Thread header (skiboot proc_reg_data_hdr), 24 bytes: pir @0, core_state
 * u8 @4, 3 reserved, offset @8 (of the entries, relative to byte 8), ecnt
 * @12, esize @16 (stride), eactsz @20 (unused by the kernel).
 */
#define FA_HDAT_THREAD_HDR_SIZE		24
#define FA_HDAT_OFFSET_BASE		8	/* offset counts from here */
/* Register entry: reg_type @0, reg_num @4, reg_val u64 @8. */
#define FA_HDAT_REG_ENTRY_SIZE		16

#define FA_HDAT_CORE_INACTIVE		0x0F
#define FA_HDAT_REG_TYPE_GPR		0x01
#define FA_HDAT_REG_TYPE_SPR		0x02
/* Pseudo SPR numbers HDAT uses for registers that are not SPRs. */
#define FA_HDAT_REG_ID_NIP		0x7D0
#define FA_HDAT_REG_ID_MSR		0x7D1
#define FA_HDAT_REG_ID_CCR		0x7D2

/* Number of pt_regs slots (ppc64 ELF_NGREG) the mapping fills. */

struct fa_hdat_thread_hdr {
	uint32_t pir;
	uint8_t core_state;
	uint32_t offset;
	uint32_t ecnt;
	uint32_t esize;
	uint32_t eactsz;
};

struct fa_hdat_reg {
	uint32_t reg_type;
	uint32_t reg_num;
	uint64_t reg_val;
};

/* fa_hdat_thread_hdr_decode() - decode 24 bytes; FA_ETRUNC when short. */
int fa_hdat_thread_hdr_decode(const void *buf, size_t len,
			      struct fa_hdat_thread_hdr *out, struct fa_err *e);

/* Walks the thread blocks of one CPU data region.  Plain data, no heap. */
struct fa_hdat_iter {
	const uint8_t *buf;
	uint64_t size;			/* region size (bytes at buf) */
	uint32_t cpu_data_size;		/* stride between threads */
	uint32_t num_cpus;		/* size / cpu_data_size */
	uint32_t regs_offset;		/* 8 + first header's offset */
	uint32_t ecnt;			/* from the first header */
	uint32_t esize;			/* from the first header */
	uint32_t next;			/* index of the next thread */
};

/* One thread as the iterator yields it. */
struct fa_hdat_thread {
	uint32_t index;			/* 0-based thread block number */
	uint64_t block_off;		/* offset of the block in the region */
	struct fa_hdat_thread_hdr hdr;	/* this block's own header */
	int inactive;			/* core_state == 0x0F: the kernel skips it */
	int hdr_differs;		/* offset/ecnt/esize differ from thread 0 */
	const uint8_t *regs;		/* first entry (by thread 0's layout) */
	uint32_t ecnt;
	uint32_t esize;
};

/*
 * fa_hdat_iter_init() - prepare to walk @size bytes at @buf holding the CPU
 * data region, in blocks of @cpu_data_size.  Validates, against the first
 * header: cpu_data_size neither 0 nor above @size nor below the 24-byte
 * header; esize >= 16; 8 + offset + ecnt * esize within cpu_data_size.
 * Errors name thread 0 and the offset.  @buf must stay valid while the
 * iterator is used.  Returns 0 or FA_ECORRUPT / FA_ERANGE / FA_ETRUNC.
 */
int fa_hdat_iter_init(struct fa_hdat_iter *it, const void *buf, uint64_t size,
		      uint32_t cpu_data_size, struct fa_err *e);

/*
 * fa_hdat_iter_next() - yield the next thread block, including inactive
 * ones (check t->inactive).  Returns 1 with @t filled, 0 after the last
 * block, or a negative code.
 */
int fa_hdat_iter_next(struct fa_hdat_iter *it, struct fa_hdat_thread *t,
		      struct fa_err *e);

/* fa_hdat_thread_reg() - register entry @i (< t->ecnt) of thread @t. */
void fa_hdat_thread_reg(const struct fa_hdat_thread *t, uint32_t i,
			struct fa_hdat_reg *r);

/*
 * fa_hdat_set_regval() - the kernel's opal_fadump_set_regval_regnum():
 * type 1 is GPR 0..31 (others ignored); any other type is an SPR by number:
 * 1 XER, 8 LR, 9 CTR, 18 DSISR, 19 DAR, 0x7D0 NIP, 0x7D1 MSR, 0x7D2 CR into
 * the pt_regs slot of that register; everything else is ignored.
 */
void fa_hdat_set_regval(uint64_t regs[FA_PT_NREGS], uint32_t reg_type,
			uint32_t reg_num, uint64_t reg_val);

enum fa_hdat_val_mode {
	/* Values converted to host order: what the vmcore notes carry. */
	FA_HDAT_VAL_HOST = 0,
	/*
	 * Values kept as the 8 stored bytes (big-endian) in host memory, as
	 * the kernel does for opal-core; memcpy such a slot into a file and
	 * it reads big-endian.
	 */
	FA_HDAT_VAL_RAW_BE = 1,
};

/*
 * fa_hdat_to_pt_regs() - zero @regs and fill it from thread @t's entries
 * with fa_hdat_set_regval(), in @mode.
 */
void fa_hdat_to_pt_regs(const struct fa_hdat_thread *t, int mode,
			uint64_t regs[FA_PT_NREGS]);

/* Layout the encoder writes; every thread block uses the same one. */
struct fa_hdat_layout {
	uint32_t cpu_data_size;	/* block stride; 0 = the minimum */
	uint32_t offset;	/* entries at block + 8 + offset (>= 16) */
	uint32_t ecnt;		/* entries per thread */
	uint32_t esize;		/* entry stride (>= 16) */
	uint32_t eactsz;	/* reported actual entry size */
};

/* A thread for the encoder: its registers fill the first nregs entries. */
struct fa_hdat_enc_thread {
	uint32_t pir;
	uint8_t core_state;
	uint32_t nregs;
	const struct fa_hdat_reg *regs;
};

/* fa_hdat_block_size() - 8 + offset + ecnt * esize, or 0 on overflow. */
uint64_t fa_hdat_block_size(const struct fa_hdat_layout *lay);

/*
 * fa_hdat_encode() - write @n thread blocks into @buf (@len bytes) as a
 * firmware would: headers, then entries; unused entries and padding are
 * zero.  Sets *@used to n * cpu_data_size.  Returns 0 or FA_EINVAL (bad
 * layout, too many registers) / FA_ETRUNC (buffer too small).
 */
int fa_hdat_encode(const struct fa_hdat_enc_thread *threads, uint32_t n,
		   const struct fa_hdat_layout *lay, void *buf, size_t len,
		   size_t *used, struct fa_err *e);

#endif /* FA_HDAT_H */
