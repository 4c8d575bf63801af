// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crashinfo.c - decode and encode struct fadump_crash_info_header.
 *
 * FADMPSIG (v6.10+): magic@0 version@8 crashing_cpu@12 vmcoreinfo_raddr@16
 * vmcoreinfo_size@24 pt_regs_sz@32 cpu_mask_sz@36 regs@40 cpu_mask after.
 * FADMPINF (older): magic@0 elfcorehdr_addr@8 crashing_cpu@16 pad@20
 * regs@24 cpu_mask after.  All in the first kernel's byte order.
 */
#include <string.h>

#include "crashinfo.h"
#include "fa_endian.h"

static uint64_t era_magic(int era)
{
	return era == FA_CI_FADMPSIG ? FA_TAG_FADMPSIG :
	       era == FA_CI_FADMPINF ? FA_TAG_FADMPINF : 0;
}

static int era_regs_off(int era)
{
	return era == FA_CI_FADMPSIG ? FA_CI_SIG_REGS_OFF : FA_CI_INF_REGS_OFF;
}

size_t fa_crashinfo_size(int era, uint32_t pt_regs_sz, uint32_t cpu_mask_sz)
{
	if (era != FA_CI_FADMPSIG && era != FA_CI_FADMPINF)
		return 0;
	return (size_t)era_regs_off(era) + pt_regs_sz + cpu_mask_sz;
}

int fa_crashinfo_probe(const void *buf, size_t len, int *bo, int *era)
{
	static const int orders[2] = { FA_BE, FA_LE };
	uint64_t m;
	int i;

	if (len < 8)
		return FA_ETRUNC;
	for (i = 0; i < 2; i++) {
		m = fa_get64(buf, orders[i]);
		if (m == FA_TAG_FADMPSIG || m == FA_TAG_FADMPINF) {
			*bo = orders[i];
			*era = m == FA_TAG_FADMPSIG ? FA_CI_FADMPSIG : FA_CI_FADMPINF;
			return 0;
		}
	}
	return FA_EMAGIC;
}

/*
 * Layout sizes come from the dump (FADMPSIG) or from the caller (FADMPINF);
 * both must describe arrays of longs small enough for struct fa_crashinfo.
 */
static int check_sizes(uint32_t pt_regs_sz, uint32_t cpu_mask_sz, int code,
		       struct fa_err *e)
{
	if (!pt_regs_sz || pt_regs_sz % 8)
		return fa_err_set(e, code,
				  "crash info header: pt_regs_sz %u is not a positive multiple of 8",
				  pt_regs_sz);
	if (pt_regs_sz > FA_PT_NREGS * 8)
		return fa_err_set(e, code == FA_EINVAL ? code : FA_EUNSUP,
				  "crash info header: pt_regs_sz %u exceeds the %d bytes of ppc64 pt_regs",
				  pt_regs_sz, FA_PT_NREGS * 8);
	if (!cpu_mask_sz || cpu_mask_sz % 8)
		return fa_err_set(e, code,
				  "crash info header: cpu_mask_sz %u is not a positive multiple of 8",
				  cpu_mask_sz);
	if (cpu_mask_sz > FA_CI_CPU_MASK_MAX)
		return fa_err_set(e, code == FA_EINVAL ? code : FA_EUNSUP,
				  "crash info header: cpu_mask_sz %u exceeds %d bytes (%d CPUs)",
				  cpu_mask_sz, FA_CI_CPU_MASK_MAX, FA_CI_MAX_CPUS);
	return 0;
}

static int bad_magic(uint64_t m, int bo, struct fa_err *e)
{
	uint64_t sw = __builtin_bswap64(m);

	if (sw == FA_TAG_FADMPSIG || sw == FA_TAG_FADMPINF)
		return fa_err_set(e, FA_EENDIAN,
				  "crash info header: magic at offset 0x0 is %s byte-swapped; read as %s, it was written %s",
				  sw == FA_TAG_FADMPSIG ? "FADMPSIG" : "FADMPINF",
				  fa_bo_name(bo),
				  fa_bo_name(bo == FA_LE ? FA_BE : FA_LE));
	return fa_err_set(e, FA_EMAGIC,
			  "crash info header: magic at offset 0x0 is %#018llx, expected FADMPSIG (%#llx) or FADMPINF (%#llx)",
			  (unsigned long long)m,
			  (unsigned long long)FA_TAG_FADMPSIG,
			  (unsigned long long)FA_TAG_FADMPINF);
}

static void decode_fixed(const uint8_t *p, int bo, struct fa_crashinfo *out)
{
	if (out->era == FA_CI_FADMPSIG) {
		out->version = fa_get32(p + 8, bo);
		out->crashing_cpu = fa_get32(p + 12, bo);
		out->vmcoreinfo_raddr = fa_get64(p + 16, bo);
		out->vmcoreinfo_size = fa_get64(p + 24, bo);
		out->pt_regs_sz = fa_get32(p + 32, bo);
		out->cpu_mask_sz = fa_get32(p + 36, bo);
	} else {
		out->elfcorehdr_addr = fa_get64(p + 8, bo);
		out->crashing_cpu = fa_get32(p + 16, bo);
		out->pad = fa_get32(p + 20, bo);
	}
}

static void decode_tail(const uint8_t *p, int bo, struct fa_crashinfo *out)
{
	const uint8_t *regs = p + era_regs_off(out->era);
	const uint8_t *mask = regs + out->pt_regs_sz;
	uint32_t i;
	int b;

	for (i = 0; i < out->pt_regs_sz / 8; i++)
		out->regs[i] = fa_get64(regs + 8 * i, bo);
	for (i = 0; i < out->cpu_mask_sz / 8; i++) {
		uint64_t w = fa_get64(mask + 8 * i, bo);

		for (b = 0; b < 8; b++)
			out->cpu_mask[8 * i + b] = (uint8_t)(w >> (8 * b));
	}
}

int fa_crashinfo_decode(const void *buf, size_t len, int bo,
			const struct fa_crashinfo_opts *opts,
			struct fa_crashinfo *out, struct fa_err *e)
{
	struct fa_crashinfo_opts def = { 0, 0, 0 };
	const uint8_t *p = buf;
	size_t fixed;
	int rc;

	if (bo != FA_LE && bo != FA_BE)
		return fa_err_set(e, FA_EINVAL, "crash info header: byte order %d is neither LE nor BE", bo);
	if (!opts)
		opts = &def;
	memset(out, 0, sizeof(*out));
	out->byteorder = bo;
	rc = fa_need(e, len, 0, 8, "crash info header magic");
	if (rc)
		return rc;
	out->magic_number = fa_get64(p, bo);
	if (out->magic_number == FA_TAG_FADMPSIG)
		out->era = FA_CI_FADMPSIG;
	else if (out->magic_number == FA_TAG_FADMPINF)
		out->era = FA_CI_FADMPINF;
	else if (opts->flags & FA_CI_ANY_MAGIC)
		return 0;
	else
		return bad_magic(out->magic_number, bo, e);

	fixed = (size_t)era_regs_off(out->era);
	rc = fa_need(e, len, 0, fixed, "crash info header");
	if (rc)
		return rc;
	decode_fixed(p, bo, out);
	if (out->era == FA_CI_FADMPINF) {
		out->pt_regs_sz = opts->pt_regs_sz ? opts->pt_regs_sz : FA_CI_PT_REGS_SZ;
		out->cpu_mask_sz = opts->cpu_mask_sz ? opts->cpu_mask_sz : FA_CI_CPU_MASK_SZ;
		rc = check_sizes(out->pt_regs_sz, out->cpu_mask_sz, FA_EINVAL, e);
	} else {
		rc = check_sizes(out->pt_regs_sz, out->cpu_mask_sz, FA_ECORRUPT, e);
	}
	if (rc)
		return rc;
	rc = fa_need(e, len, 0, fa_crashinfo_size(out->era, out->pt_regs_sz,
						  out->cpu_mask_sz),
		     out->era == FA_CI_FADMPSIG ? "FADMPSIG header with regs and cpu_mask"
						: "FADMPINF header with regs and cpu_mask");
	if (rc)
		return rc;
	decode_tail(p, bo, out);
	return 0;
}

static void encode_mask(uint8_t *mask, int bo, const struct fa_crashinfo *in)
{
	uint32_t i;
	int b;

	for (i = 0; i < in->cpu_mask_sz / 8; i++) {
		uint64_t w = 0;

		for (b = 0; b < 8; b++)
			w |= (uint64_t)in->cpu_mask[8 * i + b] << (8 * b);
		fa_put64(mask + 8 * i, bo, w);
	}
}

int fa_crashinfo_encode(const struct fa_crashinfo *in, int bo, void *buf,
			size_t len, size_t *written, struct fa_err *e)
{
	uint8_t *p = buf;
	uint8_t *regs;
	size_t size;
	uint32_t i;
	int rc;

	if (bo != FA_LE && bo != FA_BE)
		return fa_err_set(e, FA_EINVAL, "crash info header: byte order %d is neither LE nor BE", bo);
	if (in->era != FA_CI_FADMPSIG && in->era != FA_CI_FADMPINF)
		return fa_err_set(e, FA_EINVAL, "crash info header: era %d is neither FADMPSIG nor FADMPINF", in->era);
	rc = check_sizes(in->pt_regs_sz, in->cpu_mask_sz, FA_EINVAL, e);
	if (rc)
		return rc;
	size = fa_crashinfo_size(in->era, in->pt_regs_sz, in->cpu_mask_sz);
	if (len < size)
		return fa_err_set(e, FA_ERANGE, "crash info header: need %zu bytes, buffer holds %zu", size, len);
	memset(p, 0, size);
	fa_put64(p, bo, era_magic(in->era));
	if (in->era == FA_CI_FADMPSIG) {
		fa_put32(p + 8, bo, in->version);
		fa_put32(p + 12, bo, in->crashing_cpu);
		fa_put64(p + 16, bo, in->vmcoreinfo_raddr);
		fa_put64(p + 24, bo, in->vmcoreinfo_size);
		fa_put32(p + 32, bo, in->pt_regs_sz);
		fa_put32(p + 36, bo, in->cpu_mask_sz);
	} else {
		fa_put64(p + 8, bo, in->elfcorehdr_addr);
		fa_put32(p + 16, bo, in->crashing_cpu);
		fa_put32(p + 20, bo, in->pad);
	}
	regs = p + era_regs_off(in->era);
	for (i = 0; i < in->pt_regs_sz / 8; i++)
		fa_put64(regs + 8 * i, bo, in->regs[i]);
	encode_mask(regs + in->pt_regs_sz, bo, in);
	*written = size;
	return 0;
}

/* The v6.10+ is_fadump_header_compatible() rules, in the kernel's order. */
static int compat_sig(const struct fa_crashinfo *ci, uint32_t pt_regs_sz,
		      uint32_t cpu_mask_sz, struct fa_err *e)
{
	if (ci->magic_number == FA_TAG_FADMPINF)
		return fa_err_set(e, FA_EVERSION, "Old magic number, can't process the dump.");
	if (ci->magic_number != FA_TAG_FADMPSIG) {
		if (ci->magic_number == __builtin_bswap64(FA_TAG_FADMPSIG))
			return fa_err_set(e, FA_EENDIAN,
					  "Endianness mismatch between the crashed and fadump kernels.");
		return fa_err_set(e, FA_EMAGIC, "Fadump header is corrupted.");
	}
	if (ci->pt_regs_sz != (pt_regs_sz ? pt_regs_sz : FA_CI_PT_REGS_SZ) ||
	    ci->cpu_mask_sz != (cpu_mask_sz ? cpu_mask_sz : FA_CI_CPU_MASK_SZ))
		return fa_err_set(e, FA_EUNSUP, "Fadump header size mismatch.");
	return 0;
}

int fa_crashinfo_check_compat(const struct fa_crashinfo *ci, int capture_era,
			      uint32_t pt_regs_sz, uint32_t cpu_mask_sz,
			      struct fa_err *e)
{
	if (capture_era == FA_CI_FADMPSIG)
		return compat_sig(ci, pt_regs_sz, cpu_mask_sz, e);
	if (capture_era != FA_CI_FADMPINF)
		return fa_err_set(e, FA_EINVAL, "capture kernel era %d is neither FADMPSIG nor FADMPINF",
				  capture_era);
	if (ci->magic_number != FA_TAG_FADMPINF)
		return fa_err_set(e, FA_EMAGIC, "Crash info header is not valid.");
	return 0;
}

int fa_crashinfo_cpu_test(const struct fa_crashinfo *ci, uint32_t cpu)
{
	if (cpu / 8 >= ci->cpu_mask_sz || cpu / 8 >= FA_CI_CPU_MASK_MAX)
		return 0;
	return (ci->cpu_mask[cpu / 8] >> (cpu % 8)) & 1;
}

int fa_crashinfo_cpu_set(struct fa_crashinfo *ci, uint32_t cpu,
			 struct fa_err *e)
{
	if (cpu / 8 >= ci->cpu_mask_sz || cpu / 8 >= FA_CI_CPU_MASK_MAX)
		return fa_err_set(e, FA_ERANGE, "CPU %u does not fit a cpu_mask of %u bytes",
				  cpu, ci->cpu_mask_sz);
	ci->cpu_mask[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
	return 0;
}

void fa_crashinfo_cpu_clear(struct fa_crashinfo *ci, uint32_t cpu)
{
	if (cpu / 8 < ci->cpu_mask_sz && cpu / 8 < FA_CI_CPU_MASK_MAX)
		ci->cpu_mask[cpu / 8] &= (uint8_t)~(1u << (cpu % 8));
}

unsigned int fa_crashinfo_cpu_count(const struct fa_crashinfo *ci)
{
	unsigned int n = 0;
	uint32_t i;

	for (i = 0; i < ci->cpu_mask_sz && i < FA_CI_CPU_MASK_MAX; i++)
		n += (unsigned int)__builtin_popcount(ci->cpu_mask[i]);
	return n;
}

int fa_cpumask_test_raw(const void *mask, size_t len, int bo, uint32_t cpu)
{
	size_t word = cpu / 64;

	if (word >= len / 8)
		return 0;
	return (fa_get64((const uint8_t *)mask + 8 * word, bo) >> (cpu % 64)) & 1;
}
