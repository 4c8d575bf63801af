// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hdat.c - HDAT architected register state: thread iterator, the kernel's
 * register mapping into pt_regs, and an encoder for the firmware model.
 */
#include <string.h>

#include "fa_endian.h"
#include "hdat.h"
#include "prstatus.h"


/* SPR numbers of the registers the kernel keeps. */
enum {
	SPRN_XER = 1,
	SPRN_LR = 8,
	SPRN_CTR = 9,
	SPRN_DSISR = 18,
	SPRN_DAR = 19,
};

static void hdr_get(const uint8_t *p, struct fa_hdat_thread_hdr *h)
{
	h->pir = fa_get32(p, FA_BE);
	h->core_state = p[4];
	h->offset = fa_get32(p + 8, FA_BE);
	h->ecnt = fa_get32(p + 12, FA_BE);
	h->esize = fa_get32(p + 16, FA_BE);
	h->eactsz = fa_get32(p + 20, FA_BE);
}

int fa_hdat_thread_hdr_decode(const void *buf, size_t len,
			      struct fa_hdat_thread_hdr *out, struct fa_err *e)
{
	if (fa_need(e, len, 0, FA_HDAT_THREAD_HDR_SIZE, "HDAT thread header"))
		return FA_ETRUNC;
	hdr_get(buf, out);
	return 0;
}

static int check_sizes(uint64_t size, uint32_t cpu_data_size, struct fa_err *e)
{
	if (!cpu_data_size)
		return fa_err_set(e, FA_ECORRUPT,
				  "HDAT CPU data: cpu_data_size is 0");
	if (cpu_data_size > size)
		return fa_err_set(e, FA_ECORRUPT,
				  "HDAT CPU data: cpu_data_size %u exceeds the region size %llu",
				  cpu_data_size, (unsigned long long)size);
	if (cpu_data_size < FA_HDAT_THREAD_HDR_SIZE)
		return fa_err_set(e, FA_ECORRUPT,
				  "HDAT CPU data: cpu_data_size %u is smaller than the %d-byte thread header",
				  cpu_data_size, FA_HDAT_THREAD_HDR_SIZE);
	return 0;
}

/* The first header's entry array must fit inside one thread block. */
static int check_layout(const struct fa_hdat_thread_hdr *h,
			uint32_t cpu_data_size, struct fa_err *e)
{
	uint64_t end;

	if (h->esize < FA_HDAT_REG_ENTRY_SIZE)
		return fa_err_set(e, FA_ECORRUPT,
				  "HDAT thread 0 at offset 0: esize %u is below the %d-byte register entry",
				  h->esize, FA_HDAT_REG_ENTRY_SIZE);
	if (fa_mul_overflows(h->ecnt, h->esize, &end) ||
	    fa_add_overflows(end, (uint64_t)FA_HDAT_OFFSET_BASE + h->offset, &end) ||
	    end > cpu_data_size)
		return fa_err_set(e, FA_ERANGE,
				  "HDAT thread 0 at offset 0: entries at 8+%u, %u x %u bytes, end beyond cpu_data_size %u",
				  h->offset, h->ecnt, h->esize, cpu_data_size);
	return 0;
}

int fa_hdat_iter_init(struct fa_hdat_iter *it, const void *buf, uint64_t size,
		      uint32_t cpu_data_size, struct fa_err *e)
{
	struct fa_hdat_thread_hdr h;
	int rc;

	memset(it, 0, sizeof(*it));
	rc = check_sizes(size, cpu_data_size, e);
	if (rc)
		return rc;
	hdr_get(buf, &h);
	rc = check_layout(&h, cpu_data_size, e);
	if (rc)
		return rc;

	it->buf = buf;
	it->size = size;
	it->cpu_data_size = cpu_data_size;
	it->num_cpus = (uint32_t)(size / cpu_data_size);
	it->regs_offset = FA_HDAT_OFFSET_BASE + h.offset;
	it->ecnt = h.ecnt;
	it->esize = h.esize;
	return 0;
}

int fa_hdat_iter_next(struct fa_hdat_iter *it, struct fa_hdat_thread *t,
		      struct fa_err *e)
{
	uint64_t off;

	if (!it->buf)
		return fa_err_set(e, FA_EINVAL, "HDAT iterator not initialised");
	if (it->next >= it->num_cpus)
		return 0;

	/* num_cpus * cpu_data_size <= size was established by init. */
	off = (uint64_t)it->next * it->cpu_data_size;
	memset(t, 0, sizeof(*t));
	t->index = it->next;
	t->block_off = off;
	hdr_get(it->buf + off, &t->hdr);
	t->inactive = t->hdr.core_state == FA_HDAT_CORE_INACTIVE;
	t->hdr_differs = FA_HDAT_OFFSET_BASE + t->hdr.offset != it->regs_offset ||
			 t->hdr.ecnt != it->ecnt || t->hdr.esize != it->esize;
	t->regs = it->buf + off + it->regs_offset;
	t->ecnt = it->ecnt;
	t->esize = it->esize;
	it->next++;
	return 1;
}

static void reg_get(const uint8_t *p, int mode, struct fa_hdat_reg *r)
{
	r->reg_type = fa_get32(p, FA_BE);
	r->reg_num = fa_get32(p + 4, FA_BE);
	if (mode == FA_HDAT_VAL_RAW_BE)
		memcpy(&r->reg_val, p + 8, sizeof(r->reg_val));
	else
		r->reg_val = fa_get64(p + 8, FA_BE);
}

void fa_hdat_thread_reg(const struct fa_hdat_thread *t, uint32_t i,
			struct fa_hdat_reg *r)
{
	reg_get(t->regs + (size_t)i * t->esize, FA_HDAT_VAL_HOST, r);
}

void fa_hdat_set_regval(uint64_t regs[FA_PT_NREGS], uint32_t reg_type,
			uint32_t reg_num, uint64_t reg_val)
{
	if (reg_type == FA_HDAT_REG_TYPE_GPR) {
		if (reg_num < 32)
			regs[reg_num] = reg_val;
		return;
	}

	/* The kernel matches any non-GPR type on the number alone. */
	switch (reg_num) {
	case SPRN_CTR:
		regs[FA_PT_CTR] = reg_val;
		break;
	case SPRN_LR:
		regs[FA_PT_LINK] = reg_val;
		break;
	case SPRN_XER:
		regs[FA_PT_XER] = reg_val;
		break;
	case SPRN_DAR:
		regs[FA_PT_DAR] = reg_val;
		break;
	case SPRN_DSISR:
		regs[FA_PT_DSISR] = reg_val;
		break;
	case FA_HDAT_REG_ID_NIP:
		regs[FA_PT_NIP] = reg_val;
		break;
	case FA_HDAT_REG_ID_MSR:
		regs[FA_PT_MSR] = reg_val;
		break;
	case FA_HDAT_REG_ID_CCR:
		regs[FA_PT_CCR] = reg_val;
		break;
	}
}

void fa_hdat_to_pt_regs(const struct fa_hdat_thread *t, int mode,
			uint64_t regs[FA_PT_NREGS])
{
	struct fa_hdat_reg r;
	uint32_t i;

	memset(regs, 0, FA_PT_NREGS * sizeof(regs[0]));
	for (i = 0; i < t->ecnt; i++) {
		reg_get(t->regs + (size_t)i * t->esize, mode, &r);
		fa_hdat_set_regval(regs, r.reg_type, r.reg_num, r.reg_val);
	}
}

/* ---- encoder ----------------------------------------------------------- */

uint64_t fa_hdat_block_size(const struct fa_hdat_layout *lay)
{
	uint64_t sz;

	if (fa_mul_overflows(lay->ecnt, lay->esize, &sz) ||
	    fa_add_overflows(sz, (uint64_t)FA_HDAT_OFFSET_BASE + lay->offset, &sz))
		return 0;
	return sz;
}

static int check_enc_layout(const struct fa_hdat_layout *lay,
			    uint32_t *stride, struct fa_err *e)
{
	uint64_t need = fa_hdat_block_size(lay);

	if (lay->esize < FA_HDAT_REG_ENTRY_SIZE)
		return fa_err_set(e, FA_EINVAL, "HDAT layout: esize %u below %d",
				  lay->esize, FA_HDAT_REG_ENTRY_SIZE);
	if (lay->offset < FA_HDAT_THREAD_HDR_SIZE - FA_HDAT_OFFSET_BASE)
		return fa_err_set(e, FA_EINVAL,
				  "HDAT layout: offset %u puts entries inside the header",
				  lay->offset);
	if (!need || need > UINT32_MAX)
		return fa_err_set(e, FA_EINVAL,
				  "HDAT layout: %u entries of %u bytes overflow a block",
				  lay->ecnt, lay->esize);
	if (lay->cpu_data_size && lay->cpu_data_size < need)
		return fa_err_set(e, FA_EINVAL,
				  "HDAT layout: cpu_data_size %u below the %llu bytes a block needs",
				  lay->cpu_data_size, (unsigned long long)need);
	*stride = lay->cpu_data_size ? lay->cpu_data_size : (uint32_t)need;
	return 0;
}

static void enc_block(uint8_t *p, const struct fa_hdat_enc_thread *t,
		      const struct fa_hdat_layout *lay)
{
	uint8_t *ent = p + FA_HDAT_OFFSET_BASE + lay->offset;
	uint32_t i;

	fa_put32(p, FA_BE, t->pir);
	p[4] = t->core_state;
	fa_put32(p + 8, FA_BE, lay->offset);
	fa_put32(p + 12, FA_BE, lay->ecnt);
	fa_put32(p + 16, FA_BE, lay->esize);
	fa_put32(p + 20, FA_BE, lay->eactsz);
	for (i = 0; i < t->nregs; i++, ent += lay->esize) {
		fa_put32(ent, FA_BE, t->regs[i].reg_type);
		fa_put32(ent + 4, FA_BE, t->regs[i].reg_num);
		fa_put64(ent + 8, FA_BE, t->regs[i].reg_val);
	}
}

int fa_hdat_encode(const struct fa_hdat_enc_thread *threads, uint32_t n,
		   const struct fa_hdat_layout *lay, void *buf, size_t len,
		   size_t *used, struct fa_err *e)
{
	uint32_t stride = 0, i;
	uint64_t total;
	int rc;

	rc = check_enc_layout(lay, &stride, e);
	if (rc)
		return rc;
	if (fa_mul_overflows(n, stride, &total) || total > len)
		return fa_err_set(e, FA_ETRUNC,
				  "HDAT encode: %u threads of %u bytes do not fit %zu bytes",
				  n, stride, len);
	for (i = 0; i < n; i++) {
		if (threads[i].nregs > lay->ecnt)
			return fa_err_set(e, FA_EINVAL,
					  "HDAT encode: thread %u has %u registers, layout holds %u",
					  i, threads[i].nregs, lay->ecnt);
		if (threads[i].nregs && !threads[i].regs)
			return fa_err_set(e, FA_EINVAL,
					  "HDAT encode: thread %u has no register array", i);
	}

	memset(buf, 0, (size_t)total);
	for (i = 0; i < n; i++)
		enc_block((uint8_t *)buf + (size_t)i * stride, &threads[i], lay);
	if (used)
		*used = (size_t)total;
	return 0;
}
