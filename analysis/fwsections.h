/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwsections.h - where the FADump firmware sections of a dump are.
 *
 * The reserved ("dump") area of the crashed kernel holds, from low to high:
 * the CPU state data (pSeries REGSAVE), the HPTE region, the boot-memory
 * copy, the crash-info header and (PowerNV) the kernel's OPAL metadata; a
 * pre-6.10 kernel also kept its elfcorehdr after the header.  This module
 * finds them:
 *   1. from the capture root's proc/device-tree/rtas/ibm,kernel-dump (the
 *      registration structure as firmware returned it: authoritative);
 *   2. otherwise by a magic scan of the dump's PT_LOADs: REGSAVE at a
 *      segment start, a FADMPSIG/FADMPINF crash-info header, OPAL kernel
 *      metadata right after that header (6.10+) or page aligned after the
 *      header and elfcorehdr (pre-6.10);
 *   3. when the memory does not tell pSeries from PowerNV, the capture
 *      root's opalcore, ibm,opal/dump node or fadump_region text;
 * and records which source it used.  Only headers and the sections'
 * first bytes are read: O(metadata), whatever the dump's size.
 */
#ifndef FA_FWSECTIONS_H
#define FA_FWSECTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "crashinfo.h"
#include "dump.h"
#include "fa_err.h"
#include "opal.h"
#include "rtas.h"

enum fa_fw_platform {
	FA_FW_NONE = 0,		/* no firmware sections: plain kdump */
	FA_FW_PSERIES,		/* FADump on PowerVM / RTAS */
	FA_FW_OPAL,		/* FADump on PowerNV / OPAL (MPIPL) */
	FA_FW_PHYP,		/* legacy phyp dump (2.6.26 .. 2.6.36) */
	FA_FW_UNKNOWN,		/* a crash-info header, but nothing in the
				 * dump or its root tells the platform */
};

enum fa_fw_source {
	FA_FWSRC_NONE = 0,
	FA_FWSRC_KERNEL_DUMP,	/* proc/device-tree/rtas/ibm,kernel-dump */
	FA_FWSRC_SCAN,		/* magic scan of the dump's segments */
	FA_FWSRC_FDM_FILE,	/* --fdm FILE given by the user */
	/*
	 * Magic scan of a PowerNV dump whose OPAL kernel metadata is not in
	 * the memory (pre-6.10): the capture root told the platform by...
	 */
	FA_FWSRC_SCAN_OPALCORE,	/* ...its opalcore */
	FA_FWSRC_SCAN_OPAL_DT,	/* ...proc/device-tree/ibm,opal/dump */
	FA_FWSRC_SCAN_REGION,	/* ...its fadump_region text */
	FA_FWSRC_VMLINUX,	/* the crashed kernel's fdm, read with --vmlinux */
};

/*
 * What the crashed kernel's own fw_dump says (FA_FWSRC_VMLINUX), for what
 * the registration structure does not: 0 for what is not known.
 */
struct fa_fw_kernel {
	int have;
	int dump_active;		/* fw_dump.dump_active */
	int pre_610;			/* 1: elfcorehdr after the header */
	uint64_t reserve_start;		/* fw_dump.reserve_dump_area_start */
	uint64_t reserve_size;		/* fw_dump.reserve_dump_area_size */
	uint64_t fadumphdr_addr;	/* fw_dump.fadumphdr_addr */
	uint64_t crash_info_size;	/* sizeof(struct fadump_crash_info_header) */
};

/* One part of the reserved area. */
struct fa_fw_area {
	uint64_t addr;		/* physical address; 0 with size 0: absent */
	uint64_t size;		/* bytes the section spans */
	uint64_t dumped;	/* bytes firmware says it wrote (RTAS) */
	uint16_t error_flags;	/* RTAS section error_flags */
	int in_dump;		/* 1 when the dump holds all of its bytes */
};

/* One boot-memory region: firmware copied src..src+size to dest. */
struct fa_fw_boot_region {
	uint64_t src;
	uint64_t dest;
	uint64_t size;
	uint64_t dumped;	/* RTAS bytes_dumped; OPAL: size if registered */
	uint16_t error_flags;
};

#define FA_FW_MAX_BOOT	FA_OPAL_FADUMP_MAX_MEM_REGS
#define FA_FW_MAX_NOTES	16

struct fa_fwsections {
	int platform;			/* enum fa_fw_platform */
	int source;			/* enum fa_fw_source */
	char source_detail[4096];	/* the file read, or what was scanned */

	/* pSeries: the registration structure as firmware returned it. */
	int have_fdm;
	struct fa_rtas_fdm fdm;
	/* PowerNV: the kernel metadata (opal_fadump_mem_struct). */
	int have_opal_fdm;
	int opal_fdm_bo;		/* FA_BE since v5.19 */
	struct fa_opal_fdm opal_fdm;

	struct fa_fw_area cpu_state;	/* CPU_STATE_DATA (REGSAVE) */
	struct fa_fw_area hpte;		/* HPTE_REGION */
	struct fa_fw_area boot_copy;	/* the boot-memory copy, all regions */
	struct fa_fw_area crash_info;	/* crash-info header at fadumphdr_addr */
	struct fa_fw_area elfcorehdr;	/* pre-6.10 first-kernel elfcorehdr */
	struct fa_fw_area opal_meta;	/* OPAL kernel metadata */
	struct fa_fw_area param;	/* PARAM_AREA (src == dest) */
	struct fa_fw_area reserved;	/* the whole reserved area */
	/*
	 * crash_info is the cut [header, end of the reserved area) of a
	 * pre-6.10 kernel whose header size is not known: the header and
	 * the elfcorehdr after it together.
	 */
	int cut_with_elfcorehdr;
	struct fa_fw_kernel kernel;	/* FA_FWSRC_VMLINUX */

	struct fa_fw_boot_region boot[FA_FW_MAX_BOOT];
	unsigned int nboot;
	unsigned int registered_regions;	/* OPAL */
	uint64_t boot_memory_size;	/* sum of the boot regions */
	uint64_t hole_size;		/* gaps between boot regions */
	uint64_t boot_mem_top;		/* boot_memory_size + hole_size */
	uint64_t boot_mem_dest_addr;
	uint64_t fadumphdr_addr;

	/* The crash-info header, decoded when have_crashinfo. */
	int have_crashinfo;
	struct fa_crashinfo ci;
	struct fa_err ci_err;		/* why have_crashinfo is 0 */

	/* The REGSAVE area decoded (pSeries, phyp). */
	int have_regsave;
	uint32_t regsave_num_cpus;	/* NumCpus */

	/* Things that looked wrong but did not stop the analysis. */
	unsigned int nnotes;
	char notes[FA_FW_MAX_NOTES][160];
};

/*
 * fa_fwsections_find() - locate the firmware sections of @d into @fw
 * (zeroed first).  @fdm_path, when not NULL, names a registration
 * structure file to use instead of the capture root's ibm,kernel-dump.
 * Returns 0 also for a dump without firmware sections (platform
 * FA_FW_NONE); a negative code only when the data that says where the
 * sections are is itself malformed (a bad ibm,kernel-dump, a crash-info
 * header that does not decode), with @e naming what and where.
 */
int fa_fwsections_find(const struct fa_dump *d, const char *fdm_path,
		       struct fa_fwsections *fw, struct fa_err *e);

/*
 * fa_fwsections_find_fdm() - as fa_fwsections_find(), with the sections
 * from the registration structure image @fdm of @len bytes that the
 * crashed kernel kept in its memory (@k: its fw_dump; @detail: where it
 * was read, for messages).  Source FA_FWSRC_VMLINUX.
 */
int fa_fwsections_find_fdm(const struct fa_dump *d, const void *fdm,
			   size_t len, const struct fa_fw_kernel *k,
			   const char *detail, struct fa_fwsections *fw,
			   struct fa_err *e);

/*
 * fa_fw_read_area() - read the whole of @a from @d into a malloc'd buffer
 * (the caller frees it), refusing areas over @max bytes (FA_ERANGE).
 * FA_ENOENT when the dump does not hold the area.
 */
int fa_fw_read_area(const struct fa_dump *d, const struct fa_fw_area *a,
		    size_t max, uint8_t **buf, struct fa_err *e);

/* fa_fw_add_note() - one more line for fw->notes (dropped when full). */
void fa_fw_add_note(struct fa_fwsections *fw, const char *msg);

/* fa_fw_platform_name() - "FADump pSeries", "FADump PowerNV", ... */
const char *fa_fw_platform_name(int platform);

/* fa_fw_source_name() - "ibm,kernel-dump", "magic scan", "--fdm". */
const char *fa_fw_source_name(int source);

/*
 * fa_fw_crashing_regs() - the crashing CPU's pt_regs from the crash-info
 * header, when it has a known crashing CPU.  Returns 0 with *@cpu and
 * @regs (FA_PT_NREGS slots) set, or FA_ENOENT.
 */
int fa_fw_crashing_regs(const struct fa_fwsections *fw, uint32_t *cpu,
			uint64_t regs[FA_PT_NREGS]);

#endif /* FA_FWSECTIONS_H */
