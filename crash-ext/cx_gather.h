/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cx_gather.h - what fadump.so learns about a dump through crash: the
 * kernel's fw_dump, fdm / opal_fdm, crashing_cpu, online mask and panic CPU
 * (symbols, MEMBER_OFFSET, readmem), the dump file's program headers and
 * notes, the crash-info header and the firmware register save area, each
 * with the reason when it is unavailable.  Include after crash's defs.h.
 *
 * The extension's objects are built with -fvisibility=hidden, so these
 * non-static functions stay private to fadump.so.
 */
#ifndef FA_CX_GATHER_H
#define FA_CX_GATHER_H

#include "crashinfo.h"
#include "cx_dumpfile.h"
#include "fwdump.h"
#include "opal.h"
#include "regsave.h"
#include "rtas.h"

#define FX_READ		(RETURN_ON_ERROR | QUIET)
#define FX_WHY		640

/* Everything one command learned about the dump; freed by fx_free(). */
struct fx {
	int bo;
	/* fw_dump */
	int have_fwd;
	ulong fwd_addr;
	struct fa_fwd_layout lay;
	struct fa_fwdump fwd;
	char fwd_why[FX_WHY];
	/* platform registration */
	int have_fdm;
	ulong fdm_addr;
	struct fa_rtas_fdm fdm;
	int have_opal;
	ulong opal_addr;
	struct fa_opal_fdm opal;
	char fdm_why[FX_WHY];
	/* crash-info header */
	int have_ci;
	uint64_t ci_addr;
	const char *ci_src;
	struct fa_crashinfo ci;
	char ci_why[FX_WHY];
	/* the kernel's variables */
	int have_ccpu;
	int64_t ccpu;
	int have_online;
	uint8_t online[FA_CI_CPU_MASK_MAX];
	size_t online_bytes;
	int have_panic;
	int64_t panic;
	const char *panic_src;
	/* the dump file */
	int have_dump;
	struct fa_cx_dump dump;
	int *sect;
	char dump_why[FX_WHY];
	/* firmware register save area */
	int have_rs;
	uint64_t rs_addr;
	const char *rs_src;
	struct fa_regsave rs;
	char rs_why[FX_WHY];
	/* PowerNV: the HDAT threads, from the capture root's opalcore */
	unsigned int nr_hdat;
	uint32_t *hdat_cpu;		/* logical CPUs in HDAT (PIR) order */
	char hdat_src[FX_WHY];
};

/*
 * fx_gather() - read everything fadump-region and cpu-state use; every
 * read is RETURN_ON_ERROR|QUIET and nothing here raises error(FATAL).
 * Returns a state the caller frees with fx_free(), or NULL without memory.
 */
struct fx *fx_gather(void);
void fx_free(struct fx *x);

/* fx_read_phys() - quiet readmem() of physical memory; TRUE or FALSE. */
int fx_read_phys(uint64_t addr, void *buf, size_t len);

/* fx_find_sect() - index of the first PT_LOAD starting with @sect, or -1. */
long fx_find_sect(struct fx *x, int sect);

#endif /* FA_CX_GATHER_H */
