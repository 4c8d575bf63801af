/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crashinfo.h - struct fadump_crash_info_header, both eras.
 *
 * The first kernel keeps this header at fadumphdr_addr, in its own byte
 * order.  v6.10+ kernels write magic FADMPSIG with a version and the sizes of
 * pt_regs and cpumask; older kernels wrote FADMPINF with elfcorehdr_addr and
 * no size fields, so the reader must be told those sizes.
 */
#ifndef FA_CRASHINFO_H
#define FA_CRASHINFO_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "fatag.h"
#include "prstatus.h"

#define FA_CI_HEADER_VERSION	1		/* FADUMP_HEADER_VERSION */
#define FA_CI_CPU_UNKNOWN	0xFFFFFFFFu	/* FADUMP_CPU_UNKNOWN */
#define FA_CI_PT_REGS_SZ	384		/* sizeof(pt_regs), current */
#define FA_CI_PT_REGS_SZ_OLD	352		/* before ppr, about v4.20 */
#define FA_CI_CPU_MASK_SZ	256		/* sizeof(cpumask), NR_CPUS=2048 */
#define FA_CI_MAX_CPUS		8192
#define FA_CI_CPU_MASK_MAX	(FA_CI_MAX_CPUS / 8)
#define FA_CI_SIG_REGS_OFF	40		/* FADMPSIG: regs offset */
#define FA_CI_INF_REGS_OFF	24		/* FADMPINF: regs offset */

enum fa_ci_era {
	FA_CI_UNKNOWN = 0,	/* magic is neither (only with FA_CI_ANY_MAGIC) */
	FA_CI_FADMPINF = 1,	/* v3.4 .. v6.9 */
	FA_CI_FADMPSIG = 2,	/* v6.10+ */
};

/* The header in host order.  Fields of the other era are zero. */
struct fa_crashinfo {
	int era;
	int byteorder;			/* FA_LE / FA_BE of the first kernel */
	uint64_t magic_number;
	uint32_t version;		/* FADMPSIG */
	uint32_t crashing_cpu;
	uint64_t elfcorehdr_addr;	/* FADMPINF */
	uint32_t pad;			/* FADMPINF: the 4 bytes after crashing_cpu */
	uint64_t vmcoreinfo_raddr;	/* FADMPSIG */
	uint64_t vmcoreinfo_size;	/* FADMPSIG */
	/*
	 * Layout sizes: the header's own fields for FADMPSIG, the caller's
	 * assumption for FADMPINF.
	 */
	uint32_t pt_regs_sz;
	uint32_t cpu_mask_sz;
	uint64_t regs[FA_PT_NREGS];	/* slots past pt_regs_sz / 8 are 0 */
	/*
	 * cpu_mask in a byte-order free form: CPU n is bit (n % 8) of
	 * cpu_mask[n / 8].  Decode/encode convert from/to the kernel's array
	 * of native unsigned longs.
	 */
	uint8_t cpu_mask[FA_CI_CPU_MASK_MAX];
};

/* Decoder options. */
#define FA_CI_ANY_MAGIC	0x1	/* unknown magic: return 0, era FA_CI_UNKNOWN */

struct fa_crashinfo_opts {
	uint32_t pt_regs_sz;	/* FADMPINF layout; 0 = FA_CI_PT_REGS_SZ */
	uint32_t cpu_mask_sz;	/* FADMPINF layout; 0 = FA_CI_CPU_MASK_SZ */
	unsigned int flags;	/* FA_CI_* */
};

/*
 * fa_crashinfo_size() - bytes of a header of @era with the given layout
 * sizes, or 0 when the era is unknown.
 */
size_t fa_crashinfo_size(int era, uint32_t pt_regs_sz, uint32_t cpu_mask_sz);

/*
 * fa_crashinfo_probe() - find a crash-info magic at the start of @buf in
 * either byte order.  Sets *@bo and *@era and returns 0; FA_ETRUNC when
 * @len < 8, FA_EMAGIC when neither magic matches in either order.
 */
int fa_crashinfo_probe(const void *buf, size_t len, int *bo, int *era);

/*
 * fa_crashinfo_decode() - decode the header at @buf written in byte order
 * @bo.  The era follows from the magic.  @opts may be NULL.  On an unknown
 * magic it fails with FA_EMAGIC (FA_EENDIAN when the magic is byte-swapped)
 * unless FA_CI_ANY_MAGIC is set, in which case only magic_number is filled.
 */
int fa_crashinfo_decode(const void *buf, size_t len, int bo,
			const struct fa_crashinfo_opts *opts,
			struct fa_crashinfo *out, struct fa_err *e);

/*
 * fa_crashinfo_encode() - write @in (era, layout sizes and fields) in byte
 * order @bo into @buf; the magic comes from the era.  Sets *@written to
 * fa_crashinfo_size().  Returns 0 or FA_EINVAL/FA_ERANGE.
 */
int fa_crashinfo_encode(const struct fa_crashinfo *in, int bo, void *buf,
			size_t len, size_t *written, struct fa_err *e);

/*
 * fa_crashinfo_check_compat() - the capture kernel's verdict on @ci.
 * @capture_era is FA_CI_FADMPSIG for a v6.10+ capture kernel (checks of
 * is_fadump_header_compatible(), against its own @pt_regs_sz and
 * @cpu_mask_sz, 0 meaning the current defaults) or FA_CI_FADMPINF for an
 * older one.  On rejection @e holds the kernel's own message.
 */
int fa_crashinfo_check_compat(const struct fa_crashinfo *ci, int capture_era,
			      uint32_t pt_regs_sz, uint32_t cpu_mask_sz,
			      struct fa_err *e);

/* CPU mask helpers on the decoded form; CPUs past cpu_mask_sz are clear. */
int fa_crashinfo_cpu_test(const struct fa_crashinfo *ci, uint32_t cpu);
int fa_crashinfo_cpu_set(struct fa_crashinfo *ci, uint32_t cpu,
			 struct fa_err *e);
void fa_crashinfo_cpu_clear(struct fa_crashinfo *ci, uint32_t cpu);
unsigned int fa_crashinfo_cpu_count(const struct fa_crashinfo *ci);

/*
 * fa_cpumask_test_raw() - test CPU @cpu in a kernel cpumask as it lies in
 * memory (@len bytes of unsigned longs in byte order @bo): bit cpu % 64 of
 * long cpu / 64.  Returns 0 for CPUs beyond the mask.
 */
int fa_cpumask_test_raw(const void *mask, size_t len, int bo, uint32_t cpu);

#endif /* FA_CRASHINFO_H */
