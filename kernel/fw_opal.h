/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fw_opal.h - the PowerNV firmware model: skiboot (OPAL) and the MPIPL
 * ("memory preserving IPL") that hostboot performs when the kernel calls
 * opal_cec_reboot2(OPAL_REBOOT_MPIPL).
 *
 * What it models, after skiboot core/opal-dump.c and the HDAT formats:
 * - skiboot's memory at opal-base-address (a recognisable image), the
 *   reserved destinations of the OPAL dump and of the architected register
 *   data, all added to the device tree's reserved-ranges;
 * - the OPAL calls opal_mpipl_update (ADD_RANGE, REMOVE_RANGE, REMOVE_ALL,
 *   FREE_PRESERVED_MEMORY), opal_mpipl_register_tag, opal_mpipl_query_tag,
 *   over MDST/MDDT tables of 64 entries each (the first one is OPAL's own
 *   memory, so the kernel gets 63);
 * - at MPIPL: copy every MDST range to its MDDT destination, fill MDRT,
 *   write the HDAT processor dump (one thread block per hardware thread),
 *   then boot skiboot again: mpipl-boot in the device tree, TAG_KERNEL and
 *   TAG_BOOT_MEM preserved, TAG_OPAL and TAG_CPU built.
 * Fault injection lets tests make firmware misbehave as real firmware can.
 */
#ifndef FA_KERNEL_FW_OPAL_H
#define FA_KERNEL_FW_OPAL_H

#include <stdint.h>

#include "fa_err.h"
#include "machine.h"

/* skiboot's memory map (include/mem-map.h), relative to SKIBOOT_BASE. */
#define FW_OPAL_SKIBOOT_SIZE		0x01c10000ULL
#define FW_OPAL_SPIRAH_OFF		0x00010400ULL
#define FW_OPAL_PROC_DUMP_AREA_OFF	0x00010700ULL
#define FW_OPAL_MDST_TABLE_OFF		0x00011000ULL
#define FW_OPAL_MDDT_TABLE_OFF		0x00011400ULL
#define FW_OPAL_HEAP_OFF		0x00300000ULL
#define FW_OPAL_MDRT_TABLE_OFF		0x01c00000ULL
#define FW_OPAL_METADATA_OFF		0x01c08000ULL
#define FW_OPAL_STACK_SIZE		0x4000ULL
/* ARCH_REGS_DATA_SIZE_PER_CHIP: skiboot reserves this per chip. */
#define FW_OPAL_ARCH_REGS_PER_CHIP	(512 * 1024ULL)
/* Bytes of skiboot's memory the model fills with its image pattern. */
#define FW_OPAL_IMAGE_SIZE		0x00100000ULL

/* Fault injection (all off when zeroed). */
struct fw_opal_faults {
	int table_full;		/* MDST room for this many kernel ranges (+1) */
	int add_range_rc;	/* ADD_RANGE number add_range_at returns this */
	int add_range_at;	/* 1-based; with add_range_rc */
	int cpu_data;		/* FW_OPAL_CPU_DATA_* */
	int inactive_cores;	/* extra cores reported with core_state 0x0F */
	int inactive_core;	/* 1 + a present core reported inactive */
	int missing_pir;	/* the crashing thread is left out of HDAT */
	int no_opal_dump;	/* no OPAL memory range in MDRT (no TAG_OPAL) */
	int reboot_rc;		/* opal_cec_reboot2 returns this (no MPIPL) */
	int opal_initiated;	/* OPAL crashed itself: the kernel path never ran */
};

enum {
	FW_OPAL_CPU_DATA_OK = 0,
	FW_OPAL_CPU_DATA_INVALID,	/* thread size 0 in TAG_CPU */
	FW_OPAL_CPU_DATA_SHORT,		/* region smaller than one thread */
	FW_OPAL_CPU_DATA_NONE,		/* no processor dump: TAG_CPU is 0 */
};

/*
 * fw_opal_parse_fault() - one --fault option: "table-full=N",
 * "add-range-rc=RC[:I]" (RC a number or parameter|hardware|resource|
 * unsupported), "cpu-data=invalid|short|none", "inactive-cores=N",
 * "inactive-core=C", "missing-crashing-pir", "no-opal-dump",
 * "mpipl-rc=RC", "opal-crash".  Returns 0, FA_ENOENT when @spec is not an
 * OPAL fault (so that callers can try another platform's), or FA_EINVAL.
 */
int fw_opal_parse_fault(struct fw_opal_faults *f, const char *spec,
			struct fa_err *e);

struct fw_opal;

/*
 * fw_opal_create() - skiboot on @m: writes its memory image, adds its
 * reserved ranges to /reserved-ranges, the /ibm,opal/dump node and
 * properties (keeping the machine's opal-base/boot-address), and the
 * MDST entry of OPAL's own memory.  *out is the caller's (fw_opal_destroy).
 * FA_EINVAL when skiboot's memory is not RAM of @m.
 */
int fw_opal_create(struct machine *m, const struct fw_opal_faults *f,
		   struct fw_opal **out, struct fa_err *e);
void fw_opal_destroy(struct fw_opal *fw);

/* fw_opal_error() - a model failure inside firmware, or NULL. */
const struct fa_err *fw_opal_error(const struct fw_opal *fw);

/* OPAL_MPIPL_UPDATE: returns an OPAL_* code. */
int64_t opal_mpipl_update(struct fw_opal *fw, uint64_t op, uint64_t src,
			  uint64_t dest, uint64_t size);

/* OPAL_MPIPL_REGISTER_TAG: TAG_KERNEL or TAG_BOOT_MEM only. */
int64_t opal_mpipl_register_tag(struct fw_opal *fw, uint64_t tag,
				uint64_t tag_val);

/*
 * OPAL_MPIPL_QUERY_TAG: stores the tag big-endian in the 8 bytes at
 * @tag_val (the kernel's __be64), as OPAL does.
 */
int64_t opal_mpipl_query_tag(struct fw_opal *fw, uint64_t tag,
			     uint8_t tag_val[8]);

/*
 * opal_cec_reboot2() - OPAL_CEC_REBOOT2 called on the thread with PIR
 * @pir.  For OPAL_REBOOT_MPIPL this is the crash: save the crashing PIR,
 * preserve memory, write HDAT, boot skiboot again.  Returns OPAL_SUCCESS
 * (the caller then boots the capture kernel), OPAL_UNSUPPORTED for other
 * reboot types, or the injected mpipl-rc.
 */
int64_t opal_cec_reboot2(struct fw_opal *fw, uint64_t reboot_type,
			 const char *msg, uint32_t pir);

/* fw_opal_faults() - the faults this firmware was created with. */
const struct fw_opal_faults *fw_opal_faults(const struct fw_opal *fw);

/* fw_opal_base() - skiboot's base address (opal-base-address). */
uint64_t fw_opal_base(const struct fw_opal *fw);

/*
 * fw_opal_skiboot_page() - the model's skiboot image: the 4 KiB page at
 * @off of skiboot's memory as skiboot boot number @gen (1 = the crashed
 * one) left it.  Tests compare opalcore PT_LOADs against it.
 */
void fw_opal_skiboot_page(uint64_t off, int gen, uint8_t page[4096]);

#endif /* FA_KERNEL_FW_OPAL_H */
