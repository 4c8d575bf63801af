// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opal.c - codecs for the OPAL MPIPL metadata and skiboot's HDAT dump tables.
 */
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "opal.h"

uint64_t fa_opal_max_copy_size(uint64_t page_size)
{
	if (!page_size)
		return 0;
	return FA_ALIGN_DOWN(0xFFFFFFFFULL, page_size);
}

const char *fa_opal_rc_name(int64_t rc)
{
	switch (rc) {
	case FA_OPAL_SUCCESS:		return "OPAL_SUCCESS";
	case FA_OPAL_PARAMETER:		return "OPAL_PARAMETER";
	case FA_OPAL_HARDWARE:		return "OPAL_HARDWARE";
	case FA_OPAL_UNSUPPORTED:	return "OPAL_UNSUPPORTED";
	case FA_OPAL_RESOURCE:		return "OPAL_RESOURCE";
	}
	return NULL;
}

const char *fa_opal_op_name(uint64_t op)
{
	static const char *const names[] = {
		[FA_OPAL_MPIPL_ADD_RANGE] = "ADD_RANGE",
		[FA_OPAL_MPIPL_REMOVE_RANGE] = "REMOVE_RANGE",
		[FA_OPAL_MPIPL_REMOVE_ALL] = "REMOVE_ALL",
		[FA_OPAL_MPIPL_FREE_PRESERVED_MEMORY] = "FREE_PRESERVED_MEMORY",
	};

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : NULL;
}

const char *fa_opal_tag_name(uint64_t tag)
{
	static const char *const names[] = {
		[FA_OPAL_MPIPL_TAG_CPU] = "TAG_CPU",
		[FA_OPAL_MPIPL_TAG_OPAL] = "TAG_OPAL",
		[FA_OPAL_MPIPL_TAG_KERNEL] = "TAG_KERNEL",
		[FA_OPAL_MPIPL_TAG_BOOT_MEM] = "TAG_BOOT_MEM",
	};

	return tag < sizeof(names) / sizeof(names[0]) ? names[tag] : NULL;
}

const char *fa_opal_dump_region_name(uint8_t region)
{
	switch (region) {
	case FA_DUMP_REGION_CONSOLE:		return "CONSOLE";
	case FA_DUMP_REGION_HBRT_LOG:		return "HBRT_LOG";
	case FA_DUMP_REGION_OPAL_MEMORY:	return "OPAL_MEMORY";
	case FA_DUMP_REGION_KERNEL:		return "KERNEL";
	}
	return NULL;
}

static void region_get(const uint8_t *p, int bo, struct fa_opal_region *r)
{
	r->src = fa_get64(p, bo);
	r->dest = fa_get64(p + 8, bo);
	r->size = fa_get64(p + 16, bo);
}

static void region_put(uint8_t *p, int bo, const struct fa_opal_region *r)
{
	fa_put64(p, bo, r->src);
	fa_put64(p + 8, bo, r->dest);
	fa_put64(p + 16, bo, r->size);
}

/* ---- opal_mpipl_fadump ------------------------------------------------ */

size_t fa_opal_mpipl_size(uint32_t region_cnt)
{
	/* At most 24 + 24 * (2^32 - 1): fits a 64-bit size_t. */
	return FA_OPAL_MPIPL_HDR_SIZE + (size_t)region_cnt * FA_OPAL_REGION_SIZE;
}

int fa_opal_mpipl_decode(const void *buf, size_t len, struct fa_opal_mpipl *out,
			 struct fa_err *e)
{
	const uint8_t *p = buf;
	uint64_t need;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	if (fa_need(e, len, 0, FA_OPAL_MPIPL_HDR_SIZE, "opal_mpipl_fadump header"))
		return FA_ETRUNC;

	out->version = p[0];
	out->crashing_pir = fa_get32(p + 8, FA_BE);
	out->cpu_data_version = fa_get32(p + 12, FA_BE);
	out->cpu_data_size = fa_get32(p + 16, FA_BE);
	out->region_cnt = fa_get32(p + 20, FA_BE);

	if (fa_mul_overflows(out->region_cnt, FA_OPAL_REGION_SIZE, &need) ||
	    fa_add_overflows(need, FA_OPAL_MPIPL_HDR_SIZE, &need))
		return fa_err_set(e, FA_ERANGE,
				  "opal_mpipl_fadump: region_cnt %u at offset 20 overflows",
				  out->region_cnt);
	if (need > len)
		return fa_err_set(e, FA_ETRUNC,
				  "opal_mpipl_fadump: region_cnt %u at offset 20 needs %llu bytes, only %zu available",
				  out->region_cnt, (unsigned long long)need, len);
	if (!out->region_cnt)
		return 0;

	out->region = calloc(out->region_cnt, sizeof(*out->region));
	if (!out->region)
		return fa_err_set(e, FA_ENOMEM,
				  "opal_mpipl_fadump: no memory for %u regions",
				  out->region_cnt);
	for (i = 0; i < out->region_cnt; i++)
		region_get(p + FA_OPAL_MPIPL_HDR_SIZE + (size_t)i * FA_OPAL_REGION_SIZE,
			   FA_BE, &out->region[i]);
	return 0;
}

void fa_opal_mpipl_free(struct fa_opal_mpipl *m)
{
	if (!m)
		return;
	free(m->region);
	m->region = NULL;
	m->region_cnt = 0;
}

int fa_opal_mpipl_encode(const struct fa_opal_mpipl *m, void *buf, size_t len,
			 struct fa_err *e)
{
	size_t need = fa_opal_mpipl_size(m->region_cnt);
	uint8_t *p = buf;
	uint32_t i;

	if (need > len)
		return fa_err_set(e, FA_ETRUNC,
				  "opal_mpipl_fadump: %u regions need %zu bytes, buffer has %zu",
				  m->region_cnt, need, len);
	if (m->region_cnt && !m->region)
		return fa_err_set(e, FA_EINVAL,
				  "opal_mpipl_fadump: region_cnt %u but no regions",
				  m->region_cnt);

	memset(p, 0, FA_OPAL_MPIPL_HDR_SIZE);
	p[0] = m->version;
	fa_put32(p + 8, FA_BE, m->crashing_pir);
	fa_put32(p + 12, FA_BE, m->cpu_data_version);
	fa_put32(p + 16, FA_BE, m->cpu_data_size);
	fa_put32(p + 20, FA_BE, m->region_cnt);
	for (i = 0; i < m->region_cnt; i++)
		region_put(p + FA_OPAL_MPIPL_HDR_SIZE + (size_t)i * FA_OPAL_REGION_SIZE,
			   FA_BE, &m->region[i]);
	return 0;
}

int fa_opal_mpipl_check_version(const struct fa_opal_mpipl *m,
				int check_cpu_data, struct fa_err *e)
{
	if (m->version != FA_OPAL_MPIPL_VERSION)
		return fa_err_set(e, FA_EVERSION,
				  "opal_mpipl_fadump: supported version: %u, found: %u",
				  FA_OPAL_MPIPL_VERSION, m->version);
	if (check_cpu_data && m->cpu_data_version != FA_HDAT_FADUMP_CPU_DATA_VER)
		return fa_err_set(e, FA_EVERSION,
				  "Supported CPU state data version: %u, found: %d!",
				  FA_HDAT_FADUMP_CPU_DATA_VER,
				  (int)m->cpu_data_version);
	return 0;
}

/* ---- opal_fadump_mem_struct ------------------------------------------- */

static int check_bo(int bo, const char *what, struct fa_err *e)
{
	if (bo == FA_BE || bo == FA_LE)
		return 0;
	return fa_err_set(e, FA_EINVAL, "%s: byte order %d is neither LE nor BE",
			  what, bo);
}

static int fdm_check_counts(uint16_t region_cnt, uint16_t registered,
			    struct fa_err *e)
{
	if (region_cnt > FA_OPAL_FADUMP_MAX_MEM_REGS)
		return fa_err_set(e, FA_ERANGE,
				  "opal_fadump_mem_struct: region_cnt %u at offset 4 exceeds %u",
				  region_cnt, FA_OPAL_FADUMP_MAX_MEM_REGS);
	if (registered > FA_OPAL_FADUMP_MAX_MEM_REGS)
		return fa_err_set(e, FA_ERANGE,
				  "opal_fadump_mem_struct: registered_regions %u at offset 6 exceeds %u",
				  registered, FA_OPAL_FADUMP_MAX_MEM_REGS);
	return 0;
}

int fa_opal_fdm_decode(const void *buf, size_t len, int bo,
		       struct fa_opal_fdm *out, struct fa_err *e)
{
	const uint8_t *p = buf;
	int i, rc;

	memset(out, 0, sizeof(*out));
	if (check_bo(bo, "opal_fadump_mem_struct", e))
		return FA_EINVAL;
	if (fa_need(e, len, 0, FA_OPAL_FDM_SIZE, "opal_fadump_mem_struct"))
		return FA_ETRUNC;

	out->version = p[0];
	out->region_cnt = fa_get16(p + 4, bo);
	out->registered_regions = fa_get16(p + 6, bo);
	out->fadumphdr_addr = fa_get64(p + 8, bo);
	rc = fdm_check_counts(out->region_cnt, out->registered_regions, e);
	if (rc)
		return rc;
	for (i = 0; i < FA_OPAL_FADUMP_MAX_MEM_REGS; i++)
		region_get(p + 16 + i * FA_OPAL_REGION_SIZE, bo, &out->rgn[i]);
	return 0;
}

int fa_opal_fdm_encode(const struct fa_opal_fdm *fdm, int bo, void *buf,
		       size_t len, struct fa_err *e)
{
	uint8_t *p = buf;
	int i, rc;

	if (check_bo(bo, "opal_fadump_mem_struct", e))
		return FA_EINVAL;
	if (len < FA_OPAL_FDM_SIZE)
		return fa_err_set(e, FA_ETRUNC,
				  "opal_fadump_mem_struct: need %d bytes, buffer has %zu",
				  FA_OPAL_FDM_SIZE, len);
	rc = fdm_check_counts(fdm->region_cnt, fdm->registered_regions, e);
	if (rc)
		return rc;

	memset(p, 0, 16);
	p[0] = fdm->version;
	fa_put16(p + 4, bo, fdm->region_cnt);
	fa_put16(p + 6, bo, fdm->registered_regions);
	fa_put64(p + 8, bo, fdm->fadumphdr_addr);
	for (i = 0; i < FA_OPAL_FADUMP_MAX_MEM_REGS; i++)
		region_put(p + 16 + i * FA_OPAL_REGION_SIZE, bo, &fdm->rgn[i]);
	return 0;
}

static int fdm_counts_fit(const uint8_t *p, int bo)
{
	uint16_t cnt = fa_get16(p + 4, bo);
	uint16_t reg = fa_get16(p + 6, bo);

	return cnt <= FA_OPAL_FADUMP_MAX_MEM_REGS &&
	       reg <= FA_OPAL_FADUMP_MAX_MEM_REGS;
}

int fa_opal_fdm_guess_bo(const void *buf, size_t len, int *bo,
			 struct fa_err *e)
{
	const uint8_t *p = buf;

	if (fa_need(e, len, 0, 16, "opal_fadump_mem_struct header"))
		return FA_ETRUNC;
	/* Current kernels write BE; prefer it when both readings fit. */
	if (fdm_counts_fit(p, FA_BE)) {
		*bo = FA_BE;
		return 0;
	}
	if (fdm_counts_fit(p, FA_LE)) {
		*bo = FA_LE;
		return 0;
	}
	return fa_err_set(e, FA_ECORRUPT,
			  "opal_fadump_mem_struct: region_cnt/registered_regions at offset 4 exceed %u in both byte orders",
			  FA_OPAL_FADUMP_MAX_MEM_REGS);
}

int fa_opal_fdm_check_version(const struct fa_opal_fdm *fdm, struct fa_err *e)
{
	if (fdm->version == FA_OPAL_FADUMP_VERSION)
		return 0;
	return fa_err_set(e, FA_EVERSION,
			  "Supported kernel metadata version: %u, found: %d!",
			  FA_OPAL_FADUMP_VERSION, fdm->version);
}

/* ---- HDAT MDST / MDDT / MDRT ------------------------------------------ */

static int table_slot(size_t len, uint32_t index, size_t esize,
		      const char *what, size_t *off, struct fa_err *e)
{
	uint64_t o = (uint64_t)index * esize;

	if (o > len || len - o < esize)
		return fa_err_set(e, FA_ETRUNC,
				  "%s entry %u: need %zu bytes at offset %llu, only %zu available",
				  what, index, esize, (unsigned long long)o, len);
	*off = (size_t)o;
	return 0;
}

int fa_opal_mdst_decode(const void *buf, size_t len, uint32_t index,
			struct fa_mdst_entry *out, struct fa_err *e)
{
	const uint8_t *p;
	size_t off = 0;

	if (table_slot(len, index, FA_MDST_ENTRY_SIZE, "MDST", &off, e))
		return FA_ETRUNC;
	p = (const uint8_t *)buf + off;
	out->addr = fa_get64(p, FA_BE);
	out->data_region = p[8];
	out->dump_type = p[9];
	out->reserved = fa_get16(p + 10, FA_BE);
	out->size = fa_get32(p + 12, FA_BE);
	return 0;
}

int fa_opal_mdst_encode(void *buf, size_t len, uint32_t index,
			const struct fa_mdst_entry *in, struct fa_err *e)
{
	uint8_t *p;
	size_t off = 0;

	if (table_slot(len, index, FA_MDST_ENTRY_SIZE, "MDST", &off, e))
		return FA_ETRUNC;
	p = (uint8_t *)buf + off;
	fa_put64(p, FA_BE, in->addr);
	p[8] = in->data_region;
	p[9] = in->dump_type;
	fa_put16(p + 10, FA_BE, in->reserved);
	fa_put32(p + 12, FA_BE, in->size);
	return 0;
}

int fa_opal_mdrt_decode(const void *buf, size_t len, uint32_t index,
			struct fa_mdrt_entry *out, struct fa_err *e)
{
	const uint8_t *p;
	size_t off = 0;

	if (table_slot(len, index, FA_MDRT_ENTRY_SIZE, "MDRT", &off, e))
		return FA_ETRUNC;
	p = (const uint8_t *)buf + off;
	out->src_addr = fa_get64(p, FA_BE);
	out->dest_addr = fa_get64(p + 8, FA_BE);
	out->data_region = p[16];
	out->dump_type = p[17];
	out->reserved = fa_get16(p + 18, FA_BE);
	out->size = fa_get32(p + 20, FA_BE);
	out->padding = fa_get64(p + 24, FA_BE);
	return 0;
}

int fa_opal_mdrt_encode(void *buf, size_t len, uint32_t index,
			const struct fa_mdrt_entry *in, struct fa_err *e)
{
	uint8_t *p;
	size_t off = 0;

	if (table_slot(len, index, FA_MDRT_ENTRY_SIZE, "MDRT", &off, e))
		return FA_ETRUNC;
	p = (uint8_t *)buf + off;
	fa_put64(p, FA_BE, in->src_addr);
	fa_put64(p + 8, FA_BE, in->dest_addr);
	p[16] = in->data_region;
	p[17] = in->dump_type;
	fa_put16(p + 18, FA_BE, in->reserved);
	fa_put32(p + 20, FA_BE, in->size);
	fa_put64(p + 24, FA_BE, in->padding);
	return 0;
}
