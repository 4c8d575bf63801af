/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rtas.h - pSeries FADump: struct rtas_fadump_mem_struct (the registration
 * structure passed to ibm,configure-kernel-dump and returned as the
 * ibm,kernel-dump property) and the /rtas device-tree properties.
 * Everything here is big-endian, on little-endian kernels too.
 */
#ifndef FA_RTAS_H
#define FA_RTAS_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "fa_range.h"

/* Section types (source_data_type). */
#define FA_RTAS_CPU_STATE_DATA		0x0001
#define FA_RTAS_HPTE_REGION		0x0002
#define FA_RTAS_REAL_MODE_REGION	0x0011
#define FA_RTAS_PARAM_AREA		0x0100

#define FA_RTAS_REQUEST_FLAG		0x00000001
#define FA_RTAS_FORMAT_VERSION		1
#define FA_RTAS_MAX_SECTIONS		10
#define FA_RTAS_MAX_BOOT_MEM_REGS	7
#define FA_RTAS_MIN_BOOT_MEM		0x14000000ULL
#define FA_RTAS_CPU_ID_MASK		0xFFFFFFFFULL
#define FA_RTAS_COMMAND_LINE_SIZE	2048	/* PARAM_AREA length */

/* dump_status_flag bits (PAPR, as QEMU names them). */
#define FA_RTAS_DUMP_PERFORMED		0x8000
#define FA_RTAS_DUMP_TRIGGERED		0x4000
#define FA_RTAS_DUMP_ERROR		0x2000	/* RTAS_FADUMP_ERROR_FLAG */

/* Per-section error_flags bits. */
#define FA_RTAS_ERR_INVALID_DATA_TYPE	0x8000
#define FA_RTAS_ERR_INVALID_SRC_ADDR	0x4000
#define FA_RTAS_ERR_LEN_EXCEEDS_SOURCE	0x2000
#define FA_RTAS_ERR_INVALID_DEST_ADDR	0x1000
#define FA_RTAS_ERR_DEST_TOO_SMALL	0x0800

/* ibm,configure-kernel-dump commands and return codes. */
#define FA_FADUMP_REGISTER		1
#define FA_FADUMP_UNREGISTER		2
#define FA_FADUMP_INVALIDATE		3
#define FA_RTAS_RC_SUCCESS		0
#define FA_RTAS_RC_HW_ERROR		(-1)
#define FA_RTAS_RC_PARAM_ERROR		(-3)
#define FA_RTAS_RC_ALREADY_REGISTERED	(-9)
#define FA_RTAS_RC_DUMP_ACTIVE		(-10)	/* QEMU only */

/* Wire sizes. */
#define FA_RTAS_HDR_SIZE		40
#define FA_RTAS_SECTION_SIZE		40
#define FA_RTAS_FDM_SIZE		440	/* v6.10+: rgn[10] */
#define FA_RTAS_FDM_OLD_SIZE		160	/* v3.4..v6.9: 3 named sections */
#define FA_RTAS_OLD_NUM_SECTIONS	3
/* Registration length since v6.10: the used sections only. */
#define FA_RTAS_FDM_LEN(n)		(FA_RTAS_HDR_SIZE + FA_RTAS_SECTION_SIZE * (size_t)(n))

struct fa_rtas_section {
	uint32_t request_flag;
	uint16_t source_data_type;
	uint16_t error_flags;
	uint64_t source_address;
	uint64_t source_len;
	uint64_t bytes_dumped;
	uint64_t destination_address;
};

/* Host-order rtas_fadump_mem_struct; rgn[] past dump_num_sections is 0. */
struct fa_rtas_fdm {
	uint32_t dump_format_version;
	uint16_t dump_num_sections;
	uint16_t dump_status_flag;
	uint32_t offset_first_dump_section;
	uint32_t dd_block_size;
	uint64_t dd_block_offset;
	uint64_t dd_num_blocks;
	uint32_t dd_offset_disk_path;
	uint32_t max_time_auto;
	struct fa_rtas_section rgn[FA_RTAS_MAX_SECTIONS];
};

/*
 * fa_rtas_fdm_decode() - decode a structure of @len bytes (a 40+40n
 * registration, a 440/160-byte image or an ibm,kernel-dump property).
 * Checks dump_format_version == 1, offset_first_dump_section == 40,
 * dump_num_sections <= 10 and that the sections fit in @len.
 */
int fa_rtas_fdm_decode(const void *buf, size_t len, struct fa_rtas_fdm *out,
		       struct fa_err *e);

/*
 * fa_rtas_fdm_encode() - write the header and the dump_num_sections used
 * sections, exactly FA_RTAS_FDM_LEN(n) bytes (the v6.10 REGISTER length).
 * Fields are written as given.  Sets *@written.
 */
int fa_rtas_fdm_encode(const struct fa_rtas_fdm *in, void *buf, size_t len,
		       size_t *written, struct fa_err *e);

enum fa_rtas_image {
	FA_RTAS_IMAGE_CURRENT,	/* 440 bytes: rgn[10], unused entries zero */
	FA_RTAS_IMAGE_OLD,	/* 160 bytes: cpu_state_data, hpte, rmr */
};

/*
 * fa_rtas_fdm_encode_image() - write the whole sizeof(struct) image of
 * layout @img (what UNREGISTER/INVALIDATE pass, and what pre-v6.10 kernels
 * registered), unused sections zeroed.  FA_EINVAL when the sections do not
 * fit the layout.
 */
int fa_rtas_fdm_encode_image(const struct fa_rtas_fdm *in,
			     enum fa_rtas_image img, void *buf, size_t len,
			     size_t *written, struct fa_err *e);

/* Names for display: "CPU_STATE_DATA", ... or "unknown". */
const char *fa_rtas_section_type_name(uint16_t type);
/* "success", "hardware error", ... for an RTAS return code. */
const char *fa_rtas_rc_name(int rc);
/*
 * fa_rtas_error_flags_str() / fa_rtas_dump_status_str() - the set bits as
 * "name|name|0x40" into @buf (always terminated, "none" for 0).  Return @buf.
 */
char *fa_rtas_error_flags_str(uint16_t flags, char *buf, size_t size);
char *fa_rtas_dump_status_str(uint16_t flags, char *buf, size_t size);

/* ---- /rtas device-tree properties ---- */

#define FA_RTAS_DUMP_SIZES_MAX	32

/* ibm,configure-kernel-dump-sizes: repeated (type, size hi, size lo) cells. */
struct fa_rtas_dump_sizes {
	size_t n;
	size_t trailing;	/* bytes after the last whole triple (ignored) */
	struct {
		uint32_t type;
		uint64_t size;
	} ent[FA_RTAS_DUMP_SIZES_MAX];
};

/*
 * fa_rtas_dump_sizes_decode() - decode the property as the kernel does:
 * whole 12-byte triples, a partial tail ignored (counted in ->trailing).
 * FA_ERANGE beyond FA_RTAS_DUMP_SIZES_MAX triples.
 */
int fa_rtas_dump_sizes_decode(const void *buf, size_t len,
			      struct fa_rtas_dump_sizes *out, struct fa_err *e);
/* fa_rtas_dump_sizes_encode() - write in->n triples (12 bytes each). */
int fa_rtas_dump_sizes_encode(const struct fa_rtas_dump_sizes *in, void *buf,
			      size_t len, size_t *written, struct fa_err *e);
/*
 * fa_rtas_dump_sizes_lookup() - rtas_fadump_dt_scan()'s reading: type 1
 * gives cpu_state_data_size, type 2 hpte_region_size, the last entry of a
 * type wins, others are ignored, absent means 0.
 */
void fa_rtas_dump_sizes_lookup(const struct fa_rtas_dump_sizes *s,
			       uint64_t *cpu_state_data_size,
			       uint64_t *hpte_region_size);

/* reserved-ranges: (address, size) pairs of 2+2 cells, as struct fa_range. */

/*
 * fa_reserved_ranges_decode() - decode up to @max pairs into @out (raw, with
 * zero-size entries kept: the kernel skips them).  *@n gets the count and
 * *@trailing the ignored bytes after the last whole pair.  FA_ERANGE when
 * the property holds more than @max pairs.
 */
int fa_reserved_ranges_decode(const void *buf, size_t len,
			      struct fa_range *out, size_t max, size_t *n,
			      size_t *trailing, struct fa_err *e);
/* fa_reserved_ranges_encode() - write @n pairs (16 bytes each). */
int fa_reserved_ranges_encode(const struct fa_range *in, size_t n, void *buf,
			      size_t len, size_t *written, struct fa_err *e);

/* ibm,configure-kernel-dump: the RTAS token, one BE cell (extra ignored). */
int fa_rtas_token_decode(const void *buf, size_t len, uint32_t *token,
			 struct fa_err *e);
int fa_rtas_token_encode(uint32_t token, void *buf, size_t len,
			 size_t *written, struct fa_err *e);

#endif /* FA_RTAS_H */
