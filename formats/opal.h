/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * opal.h - PowerNV (OPAL) MPIPL structures: the firmware -> kernel metadata
 * (opal_mpipl_fadump), the kernel's own metadata (opal_fadump_mem_struct),
 * and skiboot's HDAT memory dump tables (MDST/MDDT/MDRT) that a firmware
 * model needs.  Constants follow opal-api.h and skiboot's opal-dump.h.
 *
 * Everything OPAL writes is big-endian.  The kernel metadata is big-endian
 * since v5.19 and was native before, so its codec takes the byte order.
 */
#ifndef FA_OPAL_H
#define FA_OPAL_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"

/* OPAL call tokens and the MPIPL reboot type. */
#define FA_OPAL_MPIPL_UPDATE		173
#define FA_OPAL_MPIPL_REGISTER_TAG	174
#define FA_OPAL_MPIPL_QUERY_TAG		175
#define FA_OPAL_REBOOT_MPIPL		3

/* Operations of opal_mpipl_update(). */
enum fa_opal_mpipl_op {
	FA_OPAL_MPIPL_ADD_RANGE = 0,
	FA_OPAL_MPIPL_REMOVE_RANGE = 1,
	FA_OPAL_MPIPL_REMOVE_ALL = 2,
	FA_OPAL_MPIPL_FREE_PRESERVED_MEMORY = 3,
};

/* Tags of opal_mpipl_register_tag()/query_tag(). */
enum fa_opal_mpipl_tag {
	FA_OPAL_MPIPL_TAG_CPU = 0,
	FA_OPAL_MPIPL_TAG_OPAL = 1,
	FA_OPAL_MPIPL_TAG_KERNEL = 2,
	FA_OPAL_MPIPL_TAG_BOOT_MEM = 3,
};

/* The OPAL return codes the MPIPL paths use. */
enum fa_opal_rc {
	FA_OPAL_SUCCESS = 0,
	FA_OPAL_PARAMETER = -1,
	FA_OPAL_HARDWARE = -6,
	FA_OPAL_UNSUPPORTED = -7,
	FA_OPAL_RESOURCE = -10,
};

#define FA_OPAL_MPIPL_VERSION		1
#define FA_OPAL_FADUMP_VERSION		1
#define FA_HDAT_FADUMP_CPU_DATA_VER	1
/* petitboot loads kernel and initrd at 512 MiB, hence 768 MiB minimum. */
#define FA_OPAL_FADUMP_MIN_BOOT_MEM	0x30000000ULL
#define FA_OPAL_FADUMP_MAX_MEM_REGS	128

/*
 * fa_opal_max_copy_size() - the largest region the kernel registers with
 * OPAL: ALIGN_DOWN(U32_MAX, page_size), because the HDAT tables hold a
 * 32-bit size.  @page_size must be non-zero.
 */
uint64_t fa_opal_max_copy_size(uint64_t page_size);

/* Names ("OPAL_RESOURCE", "ADD_RANGE", "TAG_KERNEL"); NULL when unknown. */
const char *fa_opal_rc_name(int64_t rc);
const char *fa_opal_op_name(uint64_t op);
const char *fa_opal_tag_name(uint64_t tag);

/* struct opal_mpipl_region: src @0, dest @8, size @16, all BE u64. */
#define FA_OPAL_REGION_SIZE	24

struct fa_opal_region {
	uint64_t src;
	uint64_t dest;
	uint64_t size;
};

/*
 * struct opal_mpipl_fadump, the metadata OPAL hands over for TAG_CPU and
 * TAG_OPAL: version u8 @0, 7 reserved, crashing_pir @8, cpu_data_version
 * @12, cpu_data_size @16, region_cnt @20, region[] @24.  Packed, BE.
 */
#define FA_OPAL_MPIPL_HDR_SIZE	24

struct fa_opal_mpipl {
	uint8_t version;
	uint32_t crashing_pir;
	uint32_t cpu_data_version;
	uint32_t cpu_data_size;
	uint32_t region_cnt;
	struct fa_opal_region *region;	/* region_cnt entries */
};

/* fa_opal_mpipl_size() - bytes an opal_mpipl_fadump with @region_cnt takes. */
size_t fa_opal_mpipl_size(uint32_t region_cnt);

/*
 * fa_opal_mpipl_decode() - decode @len bytes at @buf.  region_cnt is checked
 * against @len before anything is allocated.  On success @out->region is a
 * malloc'd array the caller releases with fa_opal_mpipl_free().  The version
 * fields are not judged here (the kernel only warns): see
 * fa_opal_mpipl_check_version().  Returns 0 or FA_ETRUNC / FA_ERANGE /
 * FA_ENOMEM.
 */
int fa_opal_mpipl_decode(const void *buf, size_t len, struct fa_opal_mpipl *out,
			 struct fa_err *e);

/* fa_opal_mpipl_free() - release what fa_opal_mpipl_decode() allocated. */
void fa_opal_mpipl_free(struct fa_opal_mpipl *m);

/*
 * fa_opal_mpipl_encode() - write @m (region_cnt entries of m->region) into
 * @buf of @len bytes; reserved bytes are zero.  Returns 0 or FA_ETRUNC.
 */
int fa_opal_mpipl_encode(const struct fa_opal_mpipl *m, void *buf, size_t len,
			 struct fa_err *e);

/*
 * fa_opal_mpipl_check_version() - FA_EVERSION when version is not
 * OPAL_MPIPL_VERSION or cpu_data_version is not HDAT_FADUMP_CPU_DATA_VER
 * (@check_cpu_data non-zero), with the kernel's warning text.  The kernel
 * carries on after these warnings; callers decide whether to.
 */
int fa_opal_mpipl_check_version(const struct fa_opal_mpipl *m,
				int check_cpu_data, struct fa_err *e);

/*
 * struct opal_fadump_mem_struct, the kernel metadata at TAG_KERNEL:
 * version u8 @0, 3 reserved, region_cnt u16 @4, registered_regions u16 @6,
 * fadumphdr_addr u64 @8, rgn[128] @16.  Big-endian since v5.19, the first
 * kernel's native order before that.
 */
#define FA_OPAL_FDM_SIZE	3088

struct fa_opal_fdm {
	uint8_t version;
	uint16_t region_cnt;
	uint16_t registered_regions;
	uint64_t fadumphdr_addr;
	struct fa_opal_region rgn[FA_OPAL_FADUMP_MAX_MEM_REGS];
};

/*
 * fa_opal_fdm_decode() - decode 3088 bytes at @buf in byte order @bo
 * (FA_BE for v5.19+, the first kernel's order before).  All 128 slots are
 * decoded; region_cnt or registered_regions above 128 is FA_ERANGE.
 * Returns 0 or FA_ETRUNC / FA_ERANGE / FA_EINVAL.
 */
int fa_opal_fdm_decode(const void *buf, size_t len, int bo,
		       struct fa_opal_fdm *out, struct fa_err *e);

/* fa_opal_fdm_encode() - write @fdm in order @bo into 3088 bytes at @buf. */
int fa_opal_fdm_encode(const struct fa_opal_fdm *fdm, int bo, void *buf,
		       size_t len, struct fa_err *e);

/*
 * fa_opal_fdm_guess_bo() - which byte order a metadata block was written
 * in: big-endian unless only the little-endian reading gives counts within
 * 128.  Returns 0 and sets *@bo, or FA_ECORRUPT when neither reading fits.
 */
int fa_opal_fdm_guess_bo(const void *buf, size_t len, int *bo,
			 struct fa_err *e);

/* fa_opal_fdm_check_version() - the capture kernel's version warning. */
int fa_opal_fdm_check_version(const struct fa_opal_fdm *fdm, struct fa_err *e);

/*
 * skiboot's HDAT memory dump tables.  MDST (source) and MDDT (destination)
 * entries are 16 bytes: addr BE u64 (with HRMOR_BIT set) @0, data_region u8
 * @8, dump_type u8 @9, reserved BE u16 @10, size BE u32 @12.  MDRT (result,
 * filled by hostboot) entries are 32 bytes: src_addr @0, dest_addr @8,
 * data_region @16, dump_type @17, reserved @18, size BE u32 @20, padding
 * BE u64 @24.
 */
#define FA_HDAT_HRMOR_BIT		(1ULL << 63)

#define FA_DUMP_REGION_OPAL_START	0x01
#define FA_DUMP_REGION_OPAL_END		0x3F
#define FA_DUMP_REGION_HOST_START	0x80
#define FA_DUMP_REGION_HOST_END		0xFF
#define FA_DUMP_REGION_CONSOLE		0x01
#define FA_DUMP_REGION_HBRT_LOG		0x02
#define FA_DUMP_REGION_OPAL_MEMORY	0x03
#define FA_DUMP_REGION_KERNEL		0x80

#define FA_DUMP_TYPE_MPIPL		0x00	/* preserve across the IPL */
#define FA_DUMP_TYPE_SYSDUMP		0xF5	/* captured by an FSP sysdump */

#define FA_MDST_ENTRY_SIZE		16
#define FA_MDRT_ENTRY_SIZE		32
/* Table sizes in skiboot's memory map; MDST/MDDT hold 64 entries. */
#define FA_MDST_TABLE_SIZE		0x400
#define FA_MDDT_TABLE_SIZE		0x400
#define FA_MDRT_TABLE_SIZE		0x8000

/* An MDST or MDDT entry; addr is raw, HRMOR_BIT included. */
struct fa_mdst_entry {
	uint64_t addr;
	uint8_t data_region;
	uint8_t dump_type;
	uint16_t reserved;
	uint32_t size;
};

/* An MDRT entry; addresses are raw, HRMOR_BIT included. */
struct fa_mdrt_entry {
	uint64_t src_addr;
	uint64_t dest_addr;
	uint8_t data_region;
	uint8_t dump_type;
	uint16_t reserved;
	uint32_t size;
	uint64_t padding;
};

/* fa_opal_hrmor_strip() - an HDAT table address without HRMOR_BIT. */
static inline uint64_t fa_opal_hrmor_strip(uint64_t addr)
{
	return addr & ~FA_HDAT_HRMOR_BIT;
}

/*
 * fa_opal_mdst_decode()/encode() - entry @index of an MDST or MDDT table
 * held in @len bytes at @buf.  Return 0 or FA_ETRUNC naming the entry.
 */
int fa_opal_mdst_decode(const void *buf, size_t len, uint32_t index,
			struct fa_mdst_entry *out, struct fa_err *e);
int fa_opal_mdst_encode(void *buf, size_t len, uint32_t index,
			const struct fa_mdst_entry *in, struct fa_err *e);

/* fa_opal_mdrt_decode()/encode() - the same for an MDRT table. */
int fa_opal_mdrt_decode(const void *buf, size_t len, uint32_t index,
			struct fa_mdrt_entry *out, struct fa_err *e);
int fa_opal_mdrt_encode(void *buf, size_t len, uint32_t index,
			const struct fa_mdrt_entry *in, struct fa_err *e);

/* fa_opal_dump_region_name() - "CONSOLE", "KERNEL"...; NULL when unknown. */
const char *fa_opal_dump_region_name(uint8_t region);

#endif /* FA_OPAL_H */
