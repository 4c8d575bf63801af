/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regsave.h - the pSeries register save area (CPU_STATE_DATA section).
 *
 * Firmware writes, all big-endian: a 16-byte header (magic REGSAVE, version,
 * num_cpu_offset), a u32 NumCpus at area + num_cpu_offset, then 16-byte
 * entries (8-char id, value) from area + num_cpu_offset + 4.  Each CPU is
 * CPUSTRT (value: logical cpu id in the low 32 bits), its registers, CPUEND.
 */
#ifndef FA_REGSAVE_H
#define FA_REGSAVE_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "fatag.h"
#include "prstatus.h"

#define FA_REGSAVE_HDR_SIZE		16
#define FA_REGSAVE_ENTRY_SIZE		16
#define FA_REGSAVE_QEMU_NUM_CPU_OFFSET	16	/* what QEMU writes */
#define FA_REGSAVE_QEMU_PAD		12	/* QEMU's "padding as in PAPR" */
#define FA_REGSAVE_QEMU_NREGS		77	/* 32 GPRs + 45 others */

struct fa_regsave_entry {
	uint64_t id;
	uint64_t value;
	char name[9];		/* fa_u64_to_tag(id): display form */
};

/* One CPU block, in firmware order. */
struct fa_regsave_cpu {
	uint32_t cpu;		/* CPUSTRT value & 0xFFFFFFFF */
	uint64_t start_value;	/* the whole CPUSTRT value */
	uint64_t end_value;	/* the whole CPUEND value */
	uint32_t end_cpu;	/* CPUEND value & 0xFFFFFFFF */
	int end_mismatch;	/* end_cpu != cpu: the kernel does not check */
	size_t start_off;	/* offset of CPUSTRT from the area start */
	size_t nregs;		/* entries between CPUSTRT and CPUEND */
	const struct fa_regsave_entry *regs;	/* into fa_regsave.entries */
};

struct fa_regsave {
	uint64_t magic_number;
	uint32_t version;		/* not checked (QEMU writes 0) */
	uint32_t num_cpu_offset;
	uint32_t num_cpus;		/* NumCpus */
	size_t end_off;			/* offset just past the last CPUEND */
	struct fa_regsave_cpu *cpus;	/* num_cpus blocks, owned */
	struct fa_regsave_entry *entries;	/* all registers, owned */
	size_t nentries;
};

/*
 * fa_regsave_decode() - decode the area of @len bytes into @out, which the
 * caller releases with fa_regsave_free() (also after a failure).
 * FA_EMAGIC "Unable to read register save area." on a bad magic;
 * FA_ECORRUPT "Unable to read CPU state data" when a block does not start
 * with CPUSTRT, or when NumCpus cannot fit the area; FA_ETRUNC when a block
 * has no CPUEND before the end.  Messages give the entry offset.
 */
int fa_regsave_decode(const void *buf, size_t len, struct fa_regsave *out,
		      struct fa_err *e);
void fa_regsave_free(struct fa_regsave *rs);

/*
 * fa_regsave_gpr_index() - the kernel's GPR id rule: top three bytes "GPR",
 * the next two characters parsed as a decimal int (kstrtoint: "05", "5"
 * followed by NUL, "+5", "5\n").  Returns 0..31, or -1 when the id is not a
 * GPR the kernel would store.
 */
int fa_regsave_gpr_index(uint64_t id);

/*
 * fa_regsave_to_pt_regs() - rtas_fadump_read_regs(): zero @regs (ppc64
 * pt_regs slots) and store GPRnn, NIA, MSR, CTR, LR, XER, CR, DAR, DSISR
 * from @n entries; every other id is ignored.  A later entry overwrites.
 */
void fa_regsave_to_pt_regs(const struct fa_regsave_entry *ent, size_t n,
			   uint64_t regs[FA_PT_NREGS]);

/*
 * The register ids QEMU emits per CPU (PAPR tables), in its order, between
 * CPUSTRT and CPUEND (hw/ppc/spapr_fadump.c populate_cpu_reg_entries()).
 */
extern const char *const fa_regsave_qemu_regs[FA_REGSAVE_QEMU_NREGS];
/* fa_regsave_qemu_ids() - that list packed as ids; returns @ids. */
uint64_t *fa_regsave_qemu_ids(uint64_t ids[FA_REGSAVE_QEMU_NREGS]);

/* Encoder input: the layout, then one value per id for each CPU. */
struct fa_regsave_layout {
	const uint64_t *ids;
	size_t nids;
	uint32_t num_cpu_offset;	/* >= 16; QEMU: 16 */
	uint32_t version;
};

struct fa_regsave_cpu_in {
	uint32_t cpu;			/* logical id for CPUSTRT/CPUEND */
	const uint64_t *values;		/* values[i] belongs to ids[i] */
};

/*
 * fa_regsave_encode() - write header, NumCpus = @ncpus and the CPU blocks
 * into @buf (bytes between 16 and num_cpu_offset zeroed).  Sets *@written
 * to num_cpu_offset + 4 + ncpus * (nids + 2) * 16.  FA_ERANGE when @len is
 * too small, FA_EINVAL for a num_cpu_offset below 16.
 */
int fa_regsave_encode(const struct fa_regsave_layout *lay,
		      const struct fa_regsave_cpu_in *cpus, uint32_t ncpus,
		      void *buf, size_t len, size_t *written,
		      struct fa_err *e);

/*
 * fa_regsave_area_size() - QEMU's size of the area for @ncpus CPUs with
 * @nregs registers each: header 16 + 12 padding + NumCpus 4 + entries.
 * This is what it reports in ibm,configure-kernel-dump-sizes (for its
 * maximum CPU count) and as bytes_dumped.  0 on overflow.
 */
uint64_t fa_regsave_area_size(uint64_t ncpus, uint64_t nregs);

#endif /* FA_REGSAVE_H */
