// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * machine.c - the simulated POWER machine: options, memory map, sparse RAM,
 * CPUs and their registers, the device tree, the kernel image, and saving
 * all of it as an ELF core.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfcore.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "fa_outfile.h"
#include "kimage.h"
#include "machine.h"
#include "prstatus.h"
#include "regsave.h"

#define KERNELBASE	FA_PPC64_PAGE_OFFSET
#define MAX_CPUS	2048			/* NR_CPUS of the image */
#define MAX_NR_CPUS	8192			/* CONFIG_NR_CPUS range, ppc64 */
#define MAX_MEM_END	(1ULL << 46)		/* 64 TiB of address space */
#define CAPTURE_SALT	0x63617074757265ULL	/* "capture" */

struct machine_dt_prop {
	char *path;
	uint8_t *val;
	size_t len;
};

/* ---- randomness ---- */

uint64_t machine_seed_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t machine_hash(uint64_t seed, uint64_t a, uint64_t b)
{
	uint64_t s = seed ^ (a * 0xff51afd7ed558ccdULL) ^
		     (b * 0xc4ceb9fe1a85ec53ULL);

	machine_seed_next(&s);
	return machine_seed_next(&s);
}

/* ---- options ---- */

void machine_config_init(struct machine_config *c)
{
	memset(c, 0, sizeof(*c));
	c->platform = FA_PLAT_PSERIES;
	c->era = FA_ERA_CURRENT;
	c->byteorder = FA_LE;
	c->ram_size = 4ULL << 30;
	c->ncpus = 4;
	c->firmware = FA_FW_POWERVM;
	c->nr_cpus = MAX_CPUS;		/* Debian's ppc64el CONFIG_NR_CPUS */
	c->page_size = 65536;
	c->crashing_cpu = -1;
	c->seed = 1;
	c->content_zero = 40;
	c->content_text = 20;
	c->content_struct = 30;
	c->content_random = 10;
}

int machine_printk(const struct machine_config *c)
{
	if (c->printk)
		return c->printk;
	return c->platform == FA_PLAT_PHYP ? MACHINE_PRINTK_PLAIN :
					     MACHINE_PRINTK_LOCKLESS;
}

int machine_memparse(const char *s, uint64_t *v, const char **end)
{
	char *p;
	unsigned long long x;
	int shift = 0;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	x = strtoull(s, &p, 0);
	if (errno)
		return -1;
	switch (*p) {
	case 'E': case 'e': shift += 10; /* fall through */
	case 'P': case 'p': shift += 10; /* fall through */
	case 'T': case 't': shift += 10; /* fall through */
	case 'G': case 'g': shift += 10; /* fall through */
	case 'M': case 'm': shift += 10; /* fall through */
	case 'K': case 'k': shift += 10;
		p++;
		break;
	default:
		break;
	}
	if (shift && (x << shift) >> shift != x)
		return -1;
	*v = x << shift;
	if (end)
		*end = p;
	else if (*p)
		return -1;
	return 0;
}

static int range_cmp(const void *a, const void *b)
{
	const struct fa_range *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return 0;
}

/* Sort and merge overlapping or adjacent ranges, as memblock_add does. */
static int ranges_normalize(struct fa_range *r, int n)
{
	int i, out = 0;

	qsort(r, (size_t)n, sizeof(*r), range_cmp);
	for (i = 0; i < n; i++) {
		if (out && r[i].base <= r[out - 1].base + r[out - 1].size) {
			uint64_t end = r[i].base + r[i].size;
			uint64_t pend = r[out - 1].base + r[out - 1].size;

			if (end > pend)
				r[out - 1].size = end - r[out - 1].base;
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}

int machine_parse_ranges(const char *arg, struct fa_range *r, int max,
			 int *nr, const char *what, struct fa_err *e)
{
	const char *p = arg;
	int n = 0;

	if (!arg || !*arg)
		return fa_err_set(e, FA_EINVAL,
				  "--%s: expected BASE:SIZE[,BASE:SIZE...], found an empty value",
				  what);
	while (*p) {
		uint64_t base, size, end_addr;
		const char *end;
		size_t tl = strcspn(p, ",");

		if (machine_memparse(p, &base, &end) || *end != ':' ||
		    machine_memparse(end + 1, &size, &end) ||
		    (*end && *end != ','))
			return fa_err_set(e, FA_EINVAL,
					  "--%s: expected BASE:SIZE, found \"%.*s\"",
					  what, (int)tl, p);
		if (!size)
			return fa_err_set(e, FA_EINVAL,
					  "--%s: expected a non-zero size, found \"%.*s\"",
					  what, (int)tl, p);
		if (fa_add_overflows(base, size, &end_addr) || end_addr > MAX_MEM_END)
			return fa_err_set(e, FA_EINVAL,
					  "--%s: range 0x%" PRIx64 "+0x%" PRIx64
					  " ends beyond 0x%llx", what, base, size,
					  (unsigned long long)MAX_MEM_END);
		if ((base | size) & (MACHINE_CHUNK - 1))
			return fa_err_set(e, FA_EINVAL,
					  "--%s: expected 4 KiB-aligned base and size, found 0x%"
					  PRIx64 ":0x%" PRIx64, what, base, size);
		if (n >= max)
			return fa_err_set(e, FA_EINVAL,
					  "--%s: expected at most %d ranges, found more",
					  what, max);
		r[n].base = base;
		r[n].size = size;
		n++;
		p = *end ? end + 1 : end;
	}
	*nr = ranges_normalize(r, n);
	return 0;
}

static int parse_u64(const char *opt, const char *arg, uint64_t *v,
		     struct fa_err *e)
{
	char *end;

	errno = 0;
	if (!arg || !isdigit((unsigned char)*arg))
		goto bad;
	*v = strtoull(arg, &end, 0);
	if (errno || *end)
		goto bad;
	return 0;
bad:
	return fa_err_set(e, FA_EINVAL, "--%s: expected a number, found \"%s\"",
			  opt, arg ? arg : "");
}

static int parse_content(struct machine_config *c, const char *arg,
			 struct fa_err *e)
{
	unsigned v[4] = { 0, 0, 0, 0 };
	static const char *const keys[4] = { "zero", "text", "struct", "random" };
	const char *p = arg;

	while (p && *p) {
		size_t kl = strcspn(p, "="), i;
		char *end;
		unsigned long x;

		for (i = 0; i < 4; i++)
			if (strlen(keys[i]) == kl && !strncmp(p, keys[i], kl))
				break;
		if (i == 4 || p[kl] != '=')
			return fa_err_set(e, FA_EINVAL,
					  "--content: expected zero=P,text=P,struct=P,random=P, found \"%s\"",
					  arg);
		errno = 0;
		x = strtoul(p + kl + 1, &end, 10);
		if (errno || end == p + kl + 1 || (*end && *end != ',') || x > 100)
			return fa_err_set(e, FA_EINVAL,
					  "--content: expected a percentage 0..100 for %s, found \"%s\"",
					  keys[i], arg);
		v[i] = (unsigned)x;
		p = *end ? end + 1 : end;
	}
	if (v[0] + v[1] + v[2] + v[3] != 100)
		return fa_err_set(e, FA_EINVAL,
				  "--content: expected percentages summing to 100, found %u",
				  v[0] + v[1] + v[2] + v[3]);
	c->content_zero = v[0];
	c->content_text = v[1];
	c->content_struct = v[2];
	c->content_random = v[3];
	return 0;
}

static int copy_str(char *dst, size_t cap, const char *opt, const char *arg,
		    struct fa_err *e)
{
	size_t l = arg ? strlen(arg) : 0;

	if (l >= cap)
		return fa_err_set(e, FA_EINVAL,
				  "--%s: expected at most %zu bytes, found %zu",
				  opt, cap - 1, l);
	memcpy(dst, arg ? arg : "", l + 1);
	return 0;
}

int machine_config_has_opt(const char *opt)
{
	static const char *const names[] = {
		"platform", "ram", "cpus", "page-size", "endian", "era",
		"kernel-era", "cmdline", "memmap", "reserved-ranges",
		"crashing-cpu", "seed", "content", "vmlinux", "from-qemu",
		"firmware", "nr-cpus", "printk", "mem-model",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(opt, names[i]))
			return 1;
	return 0;
}

int machine_config_parse_opt(struct machine_config *c, const char *opt,
			     const char *arg, struct fa_err *e)
{
	uint64_t v;
	int rc;

	if (!strcmp(opt, "platform")) {
		if (arg && !strcmp(arg, "pseries"))
			c->platform = FA_PLAT_PSERIES;
		else if (arg && !strcmp(arg, "powernv"))
			c->platform = FA_PLAT_POWERNV;
		else if (arg && !strcmp(arg, "phyp"))
			c->platform = FA_PLAT_PHYP;
		else
			return fa_err_set(e, FA_EINVAL,
					  "--platform: expected pseries, powernv or phyp, found \"%s\"",
					  arg ? arg : "");
		return 0;
	}
	if (!strcmp(opt, "ram")) {
		if (machine_memparse(arg, &v, NULL) || !v ||
		    (v & (MACHINE_CHUNK - 1)) || v > MAX_MEM_END)
			return fa_err_set(e, FA_EINVAL,
					  "--ram: expected a 4 KiB-aligned size such as 4G, found \"%s\"",
					  arg ? arg : "");
		c->ram_size = v;
		return 0;
	}
	if (!strcmp(opt, "cpus")) {
		rc = parse_u64(opt, arg, &v, e);
		if (rc)
			return rc;
		if (!v || v > MAX_CPUS)
			return fa_err_set(e, FA_EINVAL,
					  "--cpus: expected 1..%d, found %s",
					  MAX_CPUS, arg);
		c->ncpus = (uint32_t)v;
		return 0;
	}
	if (!strcmp(opt, "firmware")) {
		if (arg && !strcmp(arg, "powervm"))
			c->firmware = FA_FW_POWERVM;
		else if (arg && !strcmp(arg, "qemu"))
			c->firmware = FA_FW_QEMU;
		else
			return fa_err_set(e, FA_EINVAL,
					  "--firmware: expected powervm or qemu, found \"%s\"",
					  arg ? arg : "");
		return 0;
	}
	if (!strcmp(opt, "nr-cpus")) {
		rc = parse_u64(opt, arg, &v, e);
		if (rc)
			return rc;
		if (v < 2 || v > MAX_NR_CPUS)
			return fa_err_set(e, FA_EINVAL,
					  "--nr-cpus: expected 2..%d, found %s",
					  MAX_NR_CPUS, arg);
		c->nr_cpus = (uint32_t)v;
		return 0;
	}
	if (!strcmp(opt, "page-size")) {
		if (arg && (!strcmp(arg, "4K") || !strcmp(arg, "4k") ||
			    !strcmp(arg, "4096")))
			c->page_size = 4096;
		else if (arg && (!strcmp(arg, "64K") || !strcmp(arg, "64k") ||
				 !strcmp(arg, "65536")))
			c->page_size = 65536;
		else
			return fa_err_set(e, FA_EINVAL,
					  "--page-size: expected 4K, 64K, 4096 or 65536, found \"%s\"",
					  arg ? arg : "");
		return 0;
	}
	if (!strcmp(opt, "endian")) {
		if (arg && !strcmp(arg, "le"))
			c->byteorder = FA_LE;
		else if (arg && !strcmp(arg, "be"))
			c->byteorder = FA_BE;
		else
			return fa_err_set(e, FA_EINVAL,
					  "--endian: expected le or be, found \"%s\"",
					  arg ? arg : "");
		return 0;
	}
	if (!strcmp(opt, "era") || !strcmp(opt, "kernel-era")) {
		if (arg && (!strcmp(arg, "6.10") || !strcmp(arg, "current")))
			c->era = FA_ERA_CURRENT;
		else if (arg && !strcmp(arg, "pre-6.10"))
			c->era = FA_ERA_PRE_6_10;
		else
			return fa_err_set(e, FA_EINVAL,
					  "--%s: expected 6.10 or pre-6.10, found \"%s\"",
					  opt, arg ? arg : "");
		return 0;
	}
	if (!strcmp(opt, "printk")) {
		static const char *const v[] = { "lockless", "records", "plain" };
		int i;

		for (i = 0; i < 3; i++)
			if (arg && !strcmp(arg, v[i]))
				break;
		if (i == 3)
			return fa_err_set(e, FA_EINVAL,
					  "--printk: expected lockless, records or plain, found \"%s\"",
					  arg ? arg : "");
		c->printk = MACHINE_PRINTK_LOCKLESS + i;
		return 0;
	}
	if (!strcmp(opt, "mem-model")) {
		if (arg && !strcmp(arg, "flat"))
			c->mem_model = MACHINE_MEM_FLAT;
		else if (arg && !strcmp(arg, "sparse"))
			c->mem_model = MACHINE_MEM_SPARSE;
		else
			return fa_err_set(e, FA_EINVAL,
					  "--mem-model: expected flat or sparse, found \"%s\"",
					  arg ? arg : "");
		return 0;
	}
	if (!strcmp(opt, "cmdline"))
		return copy_str(c->cmdline, sizeof(c->cmdline), opt, arg, e);
	if (!strcmp(opt, "memmap"))
		return machine_parse_ranges(arg, c->memmap, MACHINE_MAX_MEMMAP,
					    &c->nr_memmap, opt, e);
	if (!strcmp(opt, "reserved-ranges"))
		return machine_parse_ranges(arg, c->reserved,
					    MACHINE_MAX_RESERVED,
					    &c->nr_reserved, opt, e);
	if (!strcmp(opt, "crashing-cpu")) {
		if (arg && !strcmp(arg, "-1")) {
			c->crashing_cpu = -1;
			return 0;
		}
		rc = parse_u64(opt, arg, &v, e);
		if (rc)
			return rc;
		if (v >= MAX_CPUS)
			return fa_err_set(e, FA_EINVAL,
					  "--crashing-cpu: expected -1 or 0..%d, found %s",
					  MAX_CPUS - 1, arg);
		c->crashing_cpu = (int)v;
		return 0;
	}
	if (!strcmp(opt, "seed"))
		return parse_u64(opt, arg, &c->seed, e);
	if (!strcmp(opt, "content"))
		return parse_content(c, arg, e);
	if (!strcmp(opt, "vmlinux"))
		return copy_str(c->vmlinux, sizeof(c->vmlinux), opt, arg, e);
	if (!strcmp(opt, "from-qemu"))
		return copy_str(c->from_qemu, sizeof(c->from_qemu), opt, arg, e);
	return fa_err_set(e, FA_ENOENT, "--%s: not a machine option", opt);
}

/* ---- RAM ---- */

static const struct fa_range *ram_range(const struct machine *m, uint64_t a)
{
	int lo = 0, hi = m->nr_mem;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (m->mem[mid].base + m->mem[mid].size <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m->nr_mem && m->mem[lo].base <= a)
		return &m->mem[lo];
	return NULL;
}

/* First address of [paddr, paddr+len) that is not RAM; 0 if all is RAM. */
static int first_hole(const struct machine *m, uint64_t paddr, uint64_t len,
		      uint64_t *bad)
{
	uint64_t cur = paddr, end;

	if (fa_add_overflows(paddr, len, &end)) {
		*bad = paddr;
		return 1;
	}
	while (cur < end) {
		const struct fa_range *r = ram_range(m, cur);

		if (!r) {
			*bad = cur;
			return 1;
		}
		cur = r->base + r->size;
	}
	return 0;
}

int machine_is_ram(const struct machine *m, uint64_t paddr, uint64_t len)
{
	uint64_t bad;

	return !first_hole(m, paddr, len, &bad);
}

static int check_ram(const struct machine *m, uint64_t paddr, uint64_t len,
		     const char *op, struct fa_err *e)
{
	uint64_t bad;

	if (!first_hole(m, paddr, len, &bad))
		return 0;
	return fa_err_set(e, FA_ERANGE,
			  "physical address 0x%" PRIx64 " is not RAM (%s of 0x%"
			  PRIx64 " bytes at 0x%" PRIx64 ")", bad, op, len, paddr);
}

static int is_mat(const struct machine *m, uint64_t pfn)
{
	return m->materialized[pfn >> 3] & (1u << (pfn & 7));
}

static void set_mat(struct machine *m, uint64_t pfn)
{
	m->materialized[pfn >> 3] |= (uint8_t)(1u << (pfn & 7));
	m->zeroed[pfn >> 3] &= (uint8_t)~(1u << (pfn & 7));
}

static int is_zeroed(const struct machine *m, uint64_t pfn)
{
	return m->zeroed[pfn >> 3] & (1u << (pfn & 7));
}

/* The capture kernel's page: its own data, not the first kernel's. */
static void capture_fill(const struct machine *m, uint64_t paddr,
			 uint8_t *page)
{
	uint64_t s = machine_hash(m->cfg.seed ^ CAPTURE_SALT, paddr >> 12, 0);
	size_t i;

	for (i = 0; i < MACHINE_CHUNK; i += 8) {
		uint64_t w = machine_seed_next(&s);

		memcpy(page + i, &w, 8);
	}
	snprintf((char *)page, 48, "capture kernel page 0x%" PRIx64, paddr);
}

/* The bytes of an untouched 4 KiB page. */
static int page_source(struct machine *m, uint64_t paddr, uint8_t *page,
		       struct fa_err *e)
{
	if (paddr < m->capture_top) {
		capture_fill(m, paddr, page);
		return 0;
	}
	if (!m->content || is_zeroed(m, paddr / MACHINE_CHUNK)) {
		memset(page, 0, MACHINE_CHUNK);
		return 0;
	}
	return m->content(m->content_ctx, paddr, page, e);
}

static int materialize(struct machine *m, uint64_t pfn, struct fa_err *e)
{
	int rc;

	if (is_mat(m, pfn))
		return 0;
	rc = page_source(m, pfn * MACHINE_CHUNK, m->ram + pfn * MACHINE_CHUNK, e);
	if (rc)
		return rc;
	set_mat(m, pfn);
	return 0;
}

int machine_read(struct machine *m, uint64_t paddr, void *buf, size_t len,
		 struct fa_err *e)
{
	uint8_t tmp[MACHINE_CHUNK];
	uint8_t *out = buf;
	int rc = check_ram(m, paddr, len, "read", e);

	while (!rc && len) {
		uint64_t pfn = paddr / MACHINE_CHUNK;
		size_t off = (size_t)(paddr % MACHINE_CHUNK);
		size_t n = MACHINE_CHUNK - off;

		if (n > len)
			n = len;
		if (is_mat(m, pfn)) {
			memcpy(out, m->ram + paddr, n);
		} else if (n == MACHINE_CHUNK) {
			rc = page_source(m, paddr, out, e);
		} else {
			rc = page_source(m, pfn * MACHINE_CHUNK, tmp, e);
			memcpy(out, tmp + off, n);
		}
		out += n;
		paddr += n;
		len -= n;
	}
	return rc;
}

int machine_write(struct machine *m, uint64_t paddr, const void *buf,
		  size_t len, struct fa_err *e)
{
	const uint8_t *in = buf;
	int rc = check_ram(m, paddr, len, "write", e);

	while (!rc && len) {
		uint64_t pfn = paddr / MACHINE_CHUNK;
		size_t off = (size_t)(paddr % MACHINE_CHUNK);
		size_t n = MACHINE_CHUNK - off;

		if (n > len)
			n = len;
		if (n == MACHINE_CHUNK)
			set_mat(m, pfn);
		else
			rc = materialize(m, pfn, e);
		if (rc)
			break;
		memcpy(m->ram + paddr, in, n);
		in += n;
		paddr += n;
		len -= n;
	}
	return rc;
}

int machine_zero(struct machine *m, uint64_t paddr, uint64_t len,
		 struct fa_err *e)
{
	int rc = check_ram(m, paddr, len, "zero", e);
	long host_page = sysconf(_SC_PAGESIZE);

	while (!rc && len) {
		uint64_t pfn = paddr / MACHINE_CHUNK;
		uint64_t off = paddr % MACHINE_CHUNK;
		uint64_t n = MACHINE_CHUNK - off;

		if (n > len)
			n = len;
		if (n == MACHINE_CHUNK) {
			if (!is_mat(m, pfn)) {
				/* never written: leave the backing untouched */
				m->zeroed[pfn >> 3] |= (uint8_t)(1u << (pfn & 7));
			} else if (host_page == (long)MACHINE_CHUNK)
				madvise(m->ram + paddr, MACHINE_CHUNK, MADV_DONTNEED);
			else
				memset(m->ram + paddr, 0, MACHINE_CHUNK);
		} else {
			rc = materialize(m, pfn, e);
			if (!rc)
				memset(m->ram + paddr, 0, n);
		}
		paddr += n;
		len -= n;
	}
	return rc;
}

int machine_is_zero(const struct machine *m, uint64_t paddr, uint64_t len)
{
	uint64_t pfn, end;

	if (!len || fa_add_overflows(paddr, len, &end) || end > m->mem_end ||
	    paddr < m->capture_top)
		return 0;
	for (pfn = paddr / MACHINE_CHUNK;
	     pfn < (end + MACHINE_CHUNK - 1) / MACHINE_CHUNK; pfn++) {
		if (is_mat(m, pfn))
			return 0;
		if (is_zeroed(m, pfn) || !m->content)
			continue;
		if (!m->content_is_zero ||
		    !m->content_is_zero(m->content_ctx, pfn * MACHINE_CHUNK))
			return 0;
	}
	return 1;
}

static int page_is_zero(const uint8_t *p, size_t n)
{
	static const uint8_t zero[MACHINE_CHUNK];

	return !memcmp(p, zero, n);
}

int machine_copy(struct machine *m, uint64_t dst, uint64_t src, uint64_t len,
		 struct fa_err *e)
{
	uint8_t page[MACHINE_CHUNK];
	int rc = check_ram(m, src, len, "copy from", e);

	if (!rc)
		rc = check_ram(m, dst, len, "copy to", e);
	while (!rc && len) {
		uint64_t n = MACHINE_CHUNK - (src % MACHINE_CHUNK);
		uint64_t dn = MACHINE_CHUNK - (dst % MACHINE_CHUNK);

		if (dn < n)
			n = dn;
		if (n > len)
			n = len;
		rc = machine_read(m, src, page, (size_t)n, e);
		if (rc)
			break;
		if (n == MACHINE_CHUNK && page_is_zero(page, MACHINE_CHUNK))
			rc = machine_zero(m, dst, n, e);
		else
			rc = machine_write(m, dst, page, (size_t)n, e);
		src += n;
		dst += n;
		len -= n;
	}
	return rc;
}

int machine_capture_boot(struct machine *m, uint64_t boot_mem_top,
			 struct fa_err *e)
{
	uint64_t top = boot_mem_top < m->mem_end ? boot_mem_top : m->mem_end;
	uint64_t full = top & ~(MACHINE_CHUNK - 1);
	uint64_t pfn;
	int rc;

	/* materialized pages are rewritten; untouched ones read as capture data */
	for (pfn = 0; pfn < full / MACHINE_CHUNK; pfn++)
		if (is_mat(m, pfn))
			capture_fill(m, pfn * MACHINE_CHUNK,
				     m->ram + pfn * MACHINE_CHUNK);
	if (full < top && ram_range(m, full)) {
		uint8_t page[MACHINE_CHUNK];

		rc = materialize(m, full / MACHINE_CHUNK, e);
		if (rc)
			return rc;
		capture_fill(m, full, page);
		memcpy(m->ram + full, page, top - full);
	}
	if (full > m->capture_top)
		m->capture_top = full;
	return 0;
}

static int mem_read(void *ctx, int space, uint64_t addr, void *buf, size_t len,
		    struct fa_err *e)
{
	struct machine *m = ctx;

	if (space == FA_KVADDR) {
		if (addr < KERNELBASE)
			return fa_err_set(e, FA_ERANGE,
					  "kernel virtual address 0x%" PRIx64
					  " is not in the linear map", addr);
		addr -= KERNELBASE;
	} else if (space != FA_PHYS) {
		return fa_err_set(e, FA_EINVAL, "unknown address space %d", space);
	}
	return machine_read(m, addr, buf, len, e);
}

void machine_mem(struct machine *m, struct fa_mem *out)
{
	out->read = mem_read;
	out->ctx = m;
	out->byteorder = m->byteorder;
	out->ptr_size = 8;
}

/* ---- kernel image ---- */

int machine_image_path(int byteorder, char *buf, size_t len)
{
	const char *name = byteorder == FA_BE ? "vmlinux-ppc64" : "vmlinux-ppc64le";
	const char *dirs[3] = { getenv("FA_MINIKERNEL_DIR"), NULL,
				"build/samples/minikernel" };
	int i;

#ifdef FA_MINIKERNEL_DIR
	dirs[1] = FA_MINIKERNEL_DIR;
#endif
	for (i = 0; i < 3; i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		if ((size_t)snprintf(buf, len, "%s/%s", dirs[i], name) >= len)
			continue;
		if (!access(buf, R_OK))
			return 0;
	}
	return FA_ENOENT;
}

static int load_image(struct machine *m, struct fa_err *e)
{
	char path[4096 + 64];
	int rc;

	if (!strcmp(m->cfg.vmlinux, "none"))
		return 0;
	if (m->cfg.vmlinux[0]) {
		snprintf(path, sizeof(path), "%s", m->cfg.vmlinux);
	} else if (machine_image_path(m->cfg.byteorder, path, sizeof(path))) {
		return fa_err_set(e, FA_ENOENT,
				  "no kernel image: expected the mini kernel %s (build it with make, set FA_MINIKERNEL_DIR, or give --vmlinux)",
				  m->cfg.byteorder == FA_BE ? "vmlinux-ppc64" :
				  "vmlinux-ppc64le");
	}
	rc = kimage_open(path, &m->img, e);
	if (rc)
		return rc;
	if (kimage_machine(m->img) != FA_EM_PPC64)
		return fa_err_set(e, FA_EUNSUP,
				  "kernel image %s: expected EM_PPC64 (21), found e_machine %u",
				  path, kimage_machine(m->img));
	if (kimage_byteorder(m->img) != m->cfg.byteorder)
		return fa_err_set(e, FA_EENDIAN,
				  "kernel image %s: expected a %s image (--endian %s), found %s",
				  path,
				  m->cfg.byteorder == FA_BE ? "big-endian" : "little-endian",
				  m->cfg.byteorder == FA_BE ? "be" : "le",
				  kimage_byteorder(m->img) == FA_BE ? "big-endian" :
				  "little-endian");
	return 0;
}

int machine_ksym(const struct machine *m, const char *name, uint64_t *vaddr)
{
	if (!m->img)
		return FA_ENOENT;
	return kimage_sym(m->img, name, vaddr, NULL);
}

int machine_ksym_word(struct machine *m, const char *name, uint64_t off,
		      unsigned int size, uint64_t *v)
{
	uint8_t b[8];
	uint64_t va;
	struct fa_err e;

	if ((size != 2 && size != 4 && size != 8) ||
	    machine_ksym(m, name, &va) || va < KERNELBASE ||
	    machine_read(m, va - KERNELBASE + off, b, size, &e))
		return -1;
	*v = size == 8 ? fa_get64(b, m->byteorder) :
	     size == 4 ? fa_get32(b, m->byteorder) : fa_get16(b, m->byteorder);
	return 0;
}

int machine_ksym_size(const struct machine *m, const char *name,
		      uint64_t *size)
{
	if (!m->img)
		return FA_ENOENT;
	return kimage_sym(m->img, name, NULL, size);
}

const char *machine_ksym_name(const struct machine *m, uint64_t vaddr,
			      uint64_t *off)
{
	return m->img ? kimage_sym_at(m->img, vaddr, off) : NULL;
}

int machine_kvar_member(const struct machine *m, const char *var,
			const char *member, uint64_t *vaddr, uint64_t *size,
			struct fa_err *e)
{
	struct kimage_loc loc;
	uint64_t base;
	int rc;

	if (!m->img)
		return fa_err_set(e, FA_ENOENT, "%s: the machine has no kernel image",
				  var);
	if (kimage_sym(m->img, var, &base, NULL))
		return fa_err_set(e, FA_ENOENT, "%s: no such symbol in %s", var,
				  kimage_path(m->img));
	rc = kimage_var_member(m->img, var, member, &loc, e);
	if (rc)
		return rc;
	if (vaddr)
		*vaddr = base + loc.offset;
	if (size)
		*size = loc.size;
	return 0;
}

static int locate(struct machine *m, const char *var, const char *member,
		  struct kimage_loc *loc, uint64_t *paddr, struct fa_err *e)
{
	uint64_t base;
	int rc;

	if (!m->img)
		return fa_err_set(e, FA_ENOENT, "%s: the machine has no kernel image",
				  var);
	if (kimage_sym(m->img, var, &base, NULL))
		return fa_err_set(e, FA_ENOENT, "%s: no such symbol in %s", var,
				  kimage_path(m->img));
	rc = kimage_var_member(m->img, var, member, loc, e);
	if (rc)
		return rc;
	if (base < KERNELBASE)
		return fa_err_set(e, FA_ERANGE,
				  "%s: address 0x%" PRIx64 " is not in the linear map",
				  var, base);
	*paddr = base - KERNELBASE;
	return 0;
}

static uint64_t get_uint(const uint8_t *b, unsigned n, int bo)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)b[i] << (bo == FA_BE ? 8 * (n - 1 - i) : 8 * i);
	return v;
}

static void put_uint(uint8_t *b, unsigned n, int bo, uint64_t v)
{
	unsigned i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (bo == FA_BE ? 8 * (n - 1 - i) : 8 * i));
}

/* Whether @v fits @bits as an unsigned or a sign-extended value. */
static int fits(uint64_t v, unsigned bits)
{
	uint64_t hi;

	if (bits >= 64)
		return 1;
	hi = v >> bits;
	if (!hi)
		return 1;
	return hi == (~0ULL >> bits) && (v >> (bits - 1) & 1);
}

/* The bytes that hold a bit-field and its shift within them. */
static void bit_window(const struct kimage_loc *loc, int bo, uint64_t *first,
		       unsigned *n, unsigned *shift)
{
	unsigned in = (unsigned)(loc->bit_offset % 8);

	*first = loc->bit_offset / 8;
	*n = (in + loc->bit_size + 7) / 8;
	*shift = bo == FA_BE ? *n * 8 - in - loc->bit_size : in;
}

int machine_kvar_write(struct machine *m, const char *var, const char *member,
		       uint64_t value, struct fa_err *e)
{
	struct kimage_loc loc;
	uint64_t paddr, first, mask, w;
	uint8_t b[8];
	unsigned n, shift, bits;
	int rc = locate(m, var, member, &loc, &paddr, e);

	if (rc)
		return rc;
	bits = loc.bit_size ? loc.bit_size : (unsigned)loc.size * 8;
	if (!loc.bit_size && loc.size != 1 && loc.size != 2 && loc.size != 4 &&
	    loc.size != 8)
		return fa_err_set(e, FA_EINVAL,
				  "%s%s%s: expected a 1, 2, 4 or 8-byte member, found %" PRIu64
				  " bytes", var, member ? "." : "", member ? member : "",
				  loc.size);
	if (!fits(value, bits))
		return fa_err_set(e, FA_ERANGE,
				  "%s%s%s: value 0x%" PRIx64 " does not fit in %u bits",
				  var, member ? "." : "", member ? member : "", value,
				  bits);
	if (!loc.bit_size) {
		put_uint(b, (unsigned)loc.size, m->byteorder, value);
		return machine_write(m, paddr + loc.offset, b, loc.size, e);
	}
	bit_window(&loc, m->byteorder, &first, &n, &shift);
	if (n > 8)
		return fa_err_set(e, FA_EUNSUP, "%s.%s: bit-field spans %u bytes",
				  var, member, n);
	rc = machine_read(m, paddr + first, b, n, e);
	if (rc)
		return rc;
	mask = (bits >= 64 ? ~0ULL : (1ULL << bits) - 1) << shift;
	w = get_uint(b, n, m->byteorder);
	w = (w & ~mask) | ((value << shift) & mask);
	put_uint(b, n, m->byteorder, w);
	return machine_write(m, paddr + first, b, n, e);
}

int machine_kvar_read(struct machine *m, const char *var, const char *member,
		      uint64_t *value, struct fa_err *e)
{
	struct kimage_loc loc;
	uint64_t paddr, first, w;
	uint8_t b[8];
	unsigned n, shift;
	int rc = locate(m, var, member, &loc, &paddr, e);

	if (rc)
		return rc;
	if (!loc.bit_size) {
		if (loc.size != 1 && loc.size != 2 && loc.size != 4 && loc.size != 8)
			return fa_err_set(e, FA_EINVAL,
					  "%s%s%s: expected a 1, 2, 4 or 8-byte member, found %"
					  PRIu64 " bytes", var, member ? "." : "",
					  member ? member : "", loc.size);
		rc = machine_read(m, paddr + loc.offset, b, loc.size, e);
		if (!rc)
			*value = get_uint(b, (unsigned)loc.size, m->byteorder);
		return rc;
	}
	bit_window(&loc, m->byteorder, &first, &n, &shift);
	if (n > 8)
		return fa_err_set(e, FA_EUNSUP, "%s.%s: bit-field spans %u bytes",
				  var, member, n);
	rc = machine_read(m, paddr + first, b, n, e);
	if (rc)
		return rc;
	w = get_uint(b, n, m->byteorder) >> shift;
	*value = loc.bit_size >= 64 ? w : w & ((1ULL << loc.bit_size) - 1);
	return 0;
}

/* ---- CPUs ---- */

static const struct machine_fw_reg_def fw_regs[] = {
	{ "GPR00", 1, 0 }, { "GPR01", 1, 1 }, { "GPR02", 1, 2 },
	{ "GPR03", 1, 3 }, { "GPR04", 1, 4 }, { "GPR05", 1, 5 },
	{ "GPR06", 1, 6 }, { "GPR07", 1, 7 }, { "GPR08", 1, 8 },
	{ "GPR09", 1, 9 }, { "GPR10", 1, 10 }, { "GPR11", 1, 11 },
	{ "GPR12", 1, 12 }, { "GPR13", 1, 13 }, { "GPR14", 1, 14 },
	{ "GPR15", 1, 15 }, { "GPR16", 1, 16 }, { "GPR17", 1, 17 },
	{ "GPR18", 1, 18 }, { "GPR19", 1, 19 }, { "GPR20", 1, 20 },
	{ "GPR21", 1, 21 }, { "GPR22", 1, 22 }, { "GPR23", 1, 23 },
	{ "GPR24", 1, 24 }, { "GPR25", 1, 25 }, { "GPR26", 1, 26 },
	{ "GPR27", 1, 27 }, { "GPR28", 1, 28 }, { "GPR29", 1, 29 },
	{ "GPR30", 1, 30 }, { "GPR31", 1, 31 },
	{ "NIA", 2, 2000 }, { "MSR", 2, 2001 }, { "CR", 2, 2002 },
	{ "XER", 2, 1 }, { "LR", 2, 8 }, { "CTR", 2, 9 },
	{ "DSISR", 2, 18 }, { "DAR", 2, 19 }, { "SRR0", 2, 26 },
	{ "SRR1", 2, 27 }, { "AMR", 2, 13 }, { "DSCR", 2, 17 },
	{ "CFAR", 2, 28 }, { "ACOP", 2, 31 }, { "IAMR", 2, 61 },
	{ "TFHAR", 2, 128 }, { "TFIAR", 2, 129 }, { "TEXASR", 2, 130 },
	{ "CTRL", 2, 136 }, { "FSCR", 2, 153 }, { "UAMOR", 2, 157 },
	{ "PSPB", 2, 159 }, { "DPDES", 2, 176 }, { "DAWR0", 2, 180 },
	{ "DAWR1", 2, 181 }, { "RPR", 2, 186 }, { "CIABR", 2, 187 },
	{ "DAWRX0", 2, 188 }, { "DAWRX1", 2, 189 }, { "VRSAVE", 2, 256 },
	{ "PVR", 2, 287 }, { "SPURR", 2, 308 }, { "VTB", 2, 351 },
	{ "TIR", 2, 446 }, { "BESCR", 2, 806 }, { "EBBHR", 2, 804 },
	{ "EBBRR", 2, 805 }, { "TAR", 2, 815 }, { "IC", 2, 848 },
	{ "WORT", 2, 895 }, { "DABR", 2, 1013 }, { "DABRX", 2, 1015 },
	{ "PIR", 2, 1023 },
	/* not SPRs: REGSAVE only */
	{ "FPSCR", 0, 0 }, { "VSCR", 0, 0 },
};

size_t machine_fw_reg_table(const struct machine_fw_reg_def **tab)
{
	*tab = fw_regs;
	return sizeof(fw_regs) / sizeof(fw_regs[0]);
}

uint32_t machine_cpu_pir(uint32_t cpu)
{
	uint32_t thread = cpu % 4, core = cpu / 4;

	/* POWER9: 24 SMT4 cores per chip; chip id above the core number */
	return ((core / 24) << 8) | ((core % 24) << 2) | thread;
}

static uint64_t tag64(const char *s)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		v <<= 8;
		if (*s)
			v |= (uint8_t)*s++;
	}
	return v;
}

/* An address inside function @fn of the image, or a stand-in. */
static uint64_t text_addr(const struct machine *m, const char *fn,
			  uint64_t salt)
{
	uint64_t a, size = 0;

	if (!m->img || kimage_sym(m->img, fn, &a, &size))
		return KERNELBASE + 0x1000 + (salt % 0x100) * 4;
	if (size < 8)
		return a;
	return a + 4 + (salt % (size / 4 - 1)) * 4;
}

static uint64_t stack_addr(const struct machine *m, uint32_t cpu,
			   uint64_t salt)
{
	uint64_t a, size = 0;

	if (!m->img || kimage_sym(m->img, "init_stack", &a, &size) || size < 4096)
		return KERNELBASE + 0x20000 + 0x3000 - 0x100 * (cpu % 16);
	/* a 16-byte aligned frame in the upper half of the init stack */
	return (a + size - 0x200 - (cpu % 16) * 0x180 - (salt % 8) * 0x10) &
	       ~0xfULL;
}

static uint64_t fw_value(const struct machine *m, struct machine_cpu *c,
			 const char *name, uint64_t seed, int crashing)
{
	uint64_t h = machine_hash(seed, c->cpu, tag64(name));
	int pseries = m->cfg.platform != FA_PLAT_POWERNV;

	if (!strcmp(name, "GPR01"))
		return stack_addr(m, c->cpu, h);
	if (!strcmp(name, "GPR02"))
		return KERNELBASE + 0x28000 + 0x100;	/* the TOC */
	if (!strcmp(name, "GPR13"))
		return KERNELBASE + 0x3e00000 + c->cpu * 0x400;	/* paca */
	if (!strncmp(name, "GPR", 3))
		return (h & 3) ? (h & 0xffff) : KERNELBASE + (h & 0x3fffff8);
	if (!strcmp(name, "NIA"))
		return crashing ? text_addr(m, pseries ? "rtas_os_term" :
					    "opal_cec_reboot2", h) :
				  text_addr(m, "arch_cpu_idle", h);
	if (!strcmp(name, "LR"))
		return text_addr(m, crashing ? "panic" : "do_idle", h);
	if (!strcmp(name, "MSR") || !strcmp(name, "SRR1"))
		return m->byteorder == FA_LE ? 0x8000000000001033ULL :
					       0x8000000000001032ULL;
	if (!strcmp(name, "SRR0"))
		return text_addr(m, "arch_cpu_idle", h >> 8);
	if (!strcmp(name, "CR"))
		return 0x24000000 | (h & 0x00ffffff);
	if (!strcmp(name, "XER"))
		return h & 0x20000000;
	if (!strcmp(name, "CTR"))
		return h & 0xffff;
	if (!strcmp(name, "PIR"))
		return c->pir;
	if (!strcmp(name, "PVR"))
		return 0x004e1202;		/* POWER9 DD2.2 */
	if (!strcmp(name, "DAR") || !strcmp(name, "DSISR") ||
	    !strncmp(name, "DAWR", 4) || !strncmp(name, "DABR", 4) ||
	    !strcmp(name, "CIABR"))
		return 0;
	if (!strcmp(name, "SPURR") || !strcmp(name, "VTB") ||
	    !strcmp(name, "IC"))
		return h >> 16;
	return h & 0xffffffff;
}

void machine_cpu_regs_init(struct machine *m, uint32_t cpu)
{
	struct machine_cpu *c = &m->cpu[cpu];
	int crashing = cpu == m->crashing_cpu;
	uint64_t *r = c->pt_regs;
	size_t i;

	memset(r, 0, sizeof(c->pt_regs));
	c->nfw = 0;
	for (i = 0; i < sizeof(fw_regs) / sizeof(fw_regs[0]); i++) {
		struct machine_fw_reg *f = &c->fw[c->nfw++];

		f->id = tag64(fw_regs[i].name);
		f->type = fw_regs[i].type;
		f->sprn = fw_regs[i].num;
		f->value = fw_value(m, c, fw_regs[i].name, m->cfg.seed, crashing);
		if (fw_regs[i].type == 1)
			r[fw_regs[i].num] = f->value;
		else if (!strcmp(fw_regs[i].name, "NIA"))
			r[PT_NIP] = f->value;
		else if (!strcmp(fw_regs[i].name, "MSR"))
			r[PT_MSR] = f->value;
		else if (!strcmp(fw_regs[i].name, "CR"))
			r[PT_CCR] = f->value;
		else if (!strcmp(fw_regs[i].name, "XER"))
			r[PT_XER] = f->value;
		else if (!strcmp(fw_regs[i].name, "LR"))
			r[PT_LINK] = f->value;
		else if (!strcmp(fw_regs[i].name, "CTR"))
			r[PT_CTR] = f->value;
		else if (!strcmp(fw_regs[i].name, "DAR"))
			r[PT_DAR] = f->value;
		else if (!strcmp(fw_regs[i].name, "DSISR"))
			r[PT_DSISR] = f->value;
	}
	if (!crashing)
		return;
	/* the kernel's own view: ppc_save_regs() inside crash_fadump() */
	r[PT_NIP] = text_addr(m, "crash_fadump", machine_hash(m->cfg.seed, cpu, 1));
	r[PT_LINK] = text_addr(m, "ppc_panic_event", machine_hash(m->cfg.seed, cpu, 2));
	r[PT_ORIG_GPR3] = r[3];
	r[PT_SOFTE] = 3;
	r[PT_TRAP] = 0;
	r[44] = 0x0010000000000000ULL;	/* ppr: medium priority */
}

static int cpus_init(struct machine *m, int regs, struct fa_err *e)
{
	uint32_t i;

	m->ncpus = m->cfg.ncpus;
	m->cpu = calloc(m->ncpus, sizeof(*m->cpu));
	if (!m->cpu)
		return fa_err_set(e, FA_ENOMEM, "%u CPUs: out of memory", m->ncpus);
	if (m->cfg.crashing_cpu >= 0)
		m->crashing_cpu = (uint32_t)m->cfg.crashing_cpu;
	else
		m->crashing_cpu = (uint32_t)(machine_hash(m->cfg.seed, 0x637075, 0) %
					     m->ncpus);
	for (i = 0; i < m->ncpus; i++) {
		m->cpu[i].cpu = i;
		m->cpu[i].pir = machine_cpu_pir(i);
		m->cpu[i].online = 1;
		if (regs)
			machine_cpu_regs_init(m, i);
	}
	return 0;
}

/* ---- device tree ---- */

static struct machine_dt_prop *dt_find(const struct machine *m,
				       const char *path)
{
	int i;

	for (i = 0; i < m->nr_dt; i++)
		if (!strcmp(m->dt[i].path, path))
			return &m->dt[i];
	return NULL;
}

static int dt_path_ok(const char *path)
{
	const char *p;

	if (!path || path[0] != '/' || !path[1] || path[strlen(path) - 1] == '/')
		return 0;
	if (strstr(path, "//") || strstr(path, "/./") || strstr(path, "/../"))
		return 0;
	for (p = path; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return 0;
	return 1;
}

int machine_dt_set(struct machine *m, const char *path, const void *val,
		   size_t len, struct fa_err *e)
{
	struct machine_dt_prop *p;
	uint8_t *copy;

	if (!dt_path_ok(path))
		return fa_err_set(e, FA_EINVAL,
				  "device tree: expected a path like /node/property, found \"%s\"",
				  path ? path : "");
	copy = malloc(len ? len : 1);
	if (!copy)
		return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
	if (len)
		memcpy(copy, val, len);
	p = dt_find(m, path);
	if (!p) {
		if (m->nr_dt == m->dt_cap) {
			int cap = m->dt_cap ? m->dt_cap * 2 : 32;
			void *n = realloc(m->dt, (size_t)cap * sizeof(*m->dt));

			if (!n) {
				free(copy);
				return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
			}
			m->dt = n;
			m->dt_cap = cap;
		}
		p = &m->dt[m->nr_dt];
		p->path = strdup(path);
		if (!p->path) {
			free(copy);
			return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
		}
		m->nr_dt++;
	} else {
		free(p->val);
	}
	p->val = copy;
	p->len = len;
	return 0;
}

const void *machine_dt_get(const struct machine *m, const char *path,
			   size_t *len)
{
	const struct machine_dt_prop *p = dt_find(m, path);

	if (!p)
		return NULL;
	if (len)
		*len = p->len;
	return p->val;
}

int machine_dt_remove(struct machine *m, const char *path)
{
	struct machine_dt_prop *p = dt_find(m, path);

	if (!p)
		return FA_ENOENT;
	free(p->path);
	free(p->val);
	*p = m->dt[--m->nr_dt];
	return 0;
}

int machine_dt_get_u32(const struct machine *m, const char *path, size_t idx,
		       uint32_t *v)
{
	size_t len;
	const uint8_t *p = machine_dt_get(m, path, &len);

	if (!p || len / 4 <= idx)
		return FA_ENOENT;
	*v = fa_get32(p + idx * 4, FA_BE);
	return 0;
}

int machine_dt_get_u64(const struct machine *m, const char *path, size_t idx,
		       uint64_t *v)
{
	size_t len;
	const uint8_t *p = machine_dt_get(m, path, &len);

	if (!p || len / 8 <= idx)
		return FA_ENOENT;
	*v = fa_get64(p + idx * 8, FA_BE);
	return 0;
}

static int mkdirs(char *path, struct fa_err *e)
{
	char *s;

	for (s = path + 1; ; s++) {
		if (*s && *s != '/')
			continue;
		{
			char c = *s;

			*s = 0;
			if (mkdir(path, 0755) && errno != EEXIST) {
				int rc = fa_err_set(e, FA_EIO, "%s: mkdir: %s", path,
						    strerror(errno));
				*s = c;
				return rc;
			}
			*s = c;
		}
		if (!*s)
			return 0;
	}
}

/*
 * The mode of a property file: drivers/of/kobj.c __of_add_property_sysfs()
 * makes every property 0444 but those named "security-*", 0400.
 */
static mode_t dt_prop_mode(const char *name)
{
	return strncmp(name, "security-", 9) ? 0444 : 0400;
}

int machine_dt_write_tree(const struct machine *m, const char *dir,
			  struct fa_err *e)
{
	char path[PATH_MAX];
	int i, rc;

	for (i = 0; i < m->nr_dt; i++) {
		const char *prop = m->dt[i].path;
		char *slash;

		if ((size_t)snprintf(path, sizeof(path), "%s%s", dir, prop) >=
		    sizeof(path))
			return fa_err_set(e, FA_EINVAL, "%s%s: path too long", dir,
					  prop);
		slash = strrchr(path, '/');
		*slash = 0;
		rc = mkdirs(path, e);
		*slash = '/';
		if (rc)
			return rc;
		rc = fa_write_file(path, m->dt[i].val, m->dt[i].len, e);
		if (rc)
			return rc;
		if (chmod(path, dt_prop_mode(slash + 1)))
			return fa_err_set(e, FA_EIO, "%s: chmod: %s", path,
					  strerror(errno));
	}
	return 0;
}

static int dt_set_cells(struct machine *m, const char *path,
			const uint32_t *cells, size_t n, struct fa_err *e)
{
	uint8_t buf[64 * 4];
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		fa_put32(buf + 4 * i, FA_BE, cells[i]);
	return machine_dt_set(m, path, buf, n * 4, e);
}

static int dt_set_u64s(struct machine *m, const char *path,
		       const uint64_t *v, size_t n, struct fa_err *e)
{
	uint8_t buf[32 * 8];
	size_t i;

	for (i = 0; i < n && i < 32; i++)
		fa_put64(buf + 8 * i, FA_BE, v[i]);
	return machine_dt_set(m, path, buf, n * 8, e);
}

static int dt_set_ranges(struct machine *m, const char *path,
			 const struct fa_range *r, int n, struct fa_err *e)
{
	uint8_t *buf = calloc((size_t)(n ? n : 1), 16);
	int i, rc;

	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
	for (i = 0; i < n; i++) {
		fa_put64(buf + 16 * i, FA_BE, r[i].base);
		fa_put64(buf + 16 * i + 8, FA_BE, r[i].size);
	}
	rc = machine_dt_set(m, path, buf, (size_t)n * 16, e);
	free(buf);
	return rc;
}

#define OPAL_BASE	0x30000000ULL
#define OPAL_SIZE	0x01c00000ULL

static int dt_defaults(struct machine *m, struct fa_err *e)
{
	int rc = 0;
	struct fa_range rr[MACHINE_MAX_RESERVED + 1];
	int nrr = m->cfg.nr_reserved;

	memcpy(rr, m->cfg.reserved, sizeof(rr[0]) * (size_t)nrr);
	if (m->cfg.cmdline[0])
		rc = machine_dt_set(m, "/chosen/bootargs", m->cfg.cmdline,
				    strlen(m->cfg.cmdline) + 1, e);
	if (!rc && m->cfg.platform == FA_PLAT_POWERNV) {
		static const char compat[] = "ibm,opal-dump";
		uint64_t load[4] = { 0x20000000, 0x08000000,
				     0x28000000, 0x08000000 };
		uint64_t base = OPAL_BASE, entry = OPAL_BASE + 0x10;

		rc = machine_dt_set(m, "/compatible", "ibm,powernv", 12, e);
		if (!rc)
			rc = machine_dt_set(m, "/ibm,opal/dump/compatible", compat,
					    sizeof(compat), e);
		if (!rc)
			rc = dt_set_u64s(m, "/ibm,opal/dump/fw-load-area", load, 4, e);
		if (!rc)
			rc = dt_set_u64s(m, "/ibm,opal/opal-base-address", &base, 1, e);
		if (!rc)
			rc = dt_set_u64s(m, "/ibm,opal/opal-entry-address", &entry, 1, e);
		if (!rc)
			rc = dt_set_u64s(m, "/ibm,opal/opal-boot-address", &base, 1, e);
		/* skiboot's own memory is a firmware reserved range */
		if (!nrr && machine_is_ram(m, OPAL_BASE, OPAL_SIZE)) {
			rr[0].base = OPAL_BASE;
			rr[0].size = OPAL_SIZE;
			nrr = 1;
		}
	} else if (!rc && m->cfg.platform == FA_PLAT_PSERIES) {
		uint64_t cpu = fa_regsave_area_size(m->ncpus,
						    sizeof(fw_regs) / sizeof(fw_regs[0]));
		uint64_t ram4g = (m->phys_mem_size + (4ULL << 30) - 1) >> 32;
		uint64_t hpte = 0x1000 * (ram4g ? ram4g : 1);
		uint32_t sizes[6] = { 1, (uint32_t)(cpu >> 32), (uint32_t)cpu,
				      2, (uint32_t)(hpte >> 32), (uint32_t)hpte };
		uint32_t token = 0x2f, osterm = 0x30, version = 1;

		rc = machine_dt_set(m, "/compatible", "IBM,pSeries", 12, e);
		if (!rc)
			rc = dt_set_cells(m, "/rtas/ibm,configure-kernel-dump", &token,
					  1, e);
		if (!rc)
			rc = dt_set_cells(m, "/rtas/ibm,configure-kernel-dump-sizes",
					  sizes, 6, e);
		if (!rc)
			rc = dt_set_cells(m, "/rtas/ibm,configure-kernel-dump-version",
					  &version, 1, e);
		if (!rc)
			rc = dt_set_cells(m, "/rtas/ibm,os-term", &osterm, 1, e);
	} else if (!rc) {
		rc = machine_dt_set(m, "/compatible", "IBM,pSeries", 12, e);
	}
	if (!rc && nrr)
		rc = dt_set_ranges(m, "/reserved-ranges", rr, nrr, e);
	return rc;
}

/* ---- create / destroy ---- */

static int validate(const struct machine_config *c, struct fa_err *e)
{
	if (!c->ncpus || c->ncpus > MAX_CPUS)
		return fa_err_set(e, FA_EINVAL, "--cpus: expected 1..%d, found %u",
				  MAX_CPUS, c->ncpus);
	if (c->page_size != 4096 && c->page_size != 65536)
		return fa_err_set(e, FA_EINVAL,
				  "--page-size: expected 4096 or 65536, found %u",
				  c->page_size);
	if (c->nr_cpus < c->ncpus)
		return fa_err_set(e, FA_EINVAL,
				  "--nr-cpus: expected at least --cpus (%u), found %u",
				  c->ncpus, c->nr_cpus);
	if (c->firmware == FA_FW_QEMU && c->platform != FA_PLAT_PSERIES)
		return fa_err_set(e, FA_EINVAL,
				  "--firmware qemu: expected --platform pseries");
	if (c->crashing_cpu >= (int)c->ncpus)
		return fa_err_set(e, FA_EINVAL,
				  "--crashing-cpu: expected -1 or 0..%u, found %d",
				  c->ncpus - 1, c->crashing_cpu);
	if (c->content_zero + c->content_text + c->content_struct +
	    c->content_random != 100)
		return fa_err_set(e, FA_EINVAL,
				  "--content: expected percentages summing to 100, found %u",
				  c->content_zero + c->content_text +
				  c->content_struct + c->content_random);
	if (c->byteorder != FA_LE && c->byteorder != FA_BE)
		return fa_err_set(e, FA_EINVAL, "--endian: expected le or be");
	if (!c->nr_memmap && (!c->ram_size || (c->ram_size & (MACHINE_CHUNK - 1)) ||
			      c->ram_size > MAX_MEM_END))
		return fa_err_set(e, FA_EINVAL,
				  "--ram: expected a 4 KiB-aligned size up to 64T, found 0x%"
				  PRIx64, c->ram_size);
	return 0;
}

static int mem_init(struct machine *m, struct fa_err *e)
{
	int i;

	if (m->cfg.nr_memmap) {
		memcpy(m->mem, m->cfg.memmap, sizeof(m->mem[0]) * (size_t)m->cfg.nr_memmap);
		m->nr_mem = ranges_normalize(m->mem, m->cfg.nr_memmap);
	} else {
		m->mem[0].base = 0;
		m->mem[0].size = m->cfg.ram_size;
		m->nr_mem = 1;
	}
	m->phys_mem_size = 0;
	for (i = 0; i < m->nr_mem; i++)
		m->phys_mem_size += m->mem[i].size;
	m->mem_end = m->mem[m->nr_mem - 1].base + m->mem[m->nr_mem - 1].size;
	m->ram_map_size = m->mem_end;
	m->ram = mmap(NULL, m->ram_map_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->ram == MAP_FAILED) {
		m->ram = NULL;
		return fa_err_set(e, FA_ENOMEM,
				  "RAM backing of 0x%" PRIx64 " bytes: mmap: %s",
				  m->mem_end, strerror(errno));
	}
	m->materialized = calloc(m->mem_end / MACHINE_CHUNK / 8 + 1, 1);
	m->zeroed = calloc(m->mem_end / MACHINE_CHUNK / 8 + 1, 1);
	if (!m->materialized || !m->zeroed)
		return fa_err_set(e, FA_ENOMEM, "RAM page map: out of memory");
	return 0;
}

static int create(const struct machine_config *c, struct machine **out,
		  int full, struct fa_err *e)
{
	struct machine *m;
	int rc;

	*out = NULL;
	rc = validate(c, e);
	if (rc)
		return rc;
	m = calloc(1, sizeof(*m));
	if (!m)
		return fa_err_set(e, FA_ENOMEM, "machine: out of memory");
	m->cfg = *c;
	m->byteorder = c->byteorder;
	m->page_size = c->page_size;
	m->crash_time = 1700000000 + machine_hash(c->seed, 0x74696d65, 0) % 50000000;
	snprintf(m->panic_msg, sizeof(m->panic_msg), "sysrq triggered crash");
	rc = mem_init(m, e);
	if (!rc && (full || c->vmlinux[0]))
		rc = load_image(m, e);
	if (!rc)
		rc = cpus_init(m, full, e);
	if (!rc)
		rc = dt_defaults(m, e);
	if (rc) {
		machine_destroy(m);
		return rc;
	}
	*out = m;
	return 0;
}

int machine_create(const struct machine_config *c, struct machine **m,
		   struct fa_err *e)
{
	return create(c, m, 1, e);
}

int machine_create_empty(const struct machine_config *c, struct machine **m,
			 struct fa_err *e)
{
	return create(c, m, 0, e);
}

void machine_destroy(struct machine *m)
{
	int i;

	if (!m)
		return;
	if (m->synth_free)
		m->synth_free(m->synth);
	if (m->content_free)
		m->content_free(m->content_ctx);
	if (m->ram)
		munmap(m->ram, m->ram_map_size);
	free(m->materialized);
	free(m->zeroed);
	for (i = 0; i < m->nr_dt; i++) {
		free(m->dt[i].path);
		free(m->dt[i].val);
	}
	free(m->dt);
	kimage_close(m->img);
	free(m->cpu);
	free(m);
}

/* ---- --save-machine ---- */

struct save_ctx {
	struct machine *m;
	uint64_t base;
};

static int save_read(void *ctx, uint64_t pos, void *buf, size_t len,
		     struct fa_err *e)
{
	struct save_ctx *s = ctx;
	struct machine *m = s->m;
	uint64_t a = s->base + pos;

	/* nothing written that is not zero, zero content: a hole */
	if (machine_is_zero(m, a, len))
		return 1;
	return machine_read(m, a, buf, len, e);
}

/* CPU notes of the online CPUs and, when planted, the VMCOREINFO note. */
static int save_notes(struct machine *m, uint8_t **out, size_t *len,
		      struct fa_err *e)
{
	size_t cap = (size_t)m->ncpus * fa_note_size("CORE", FA_PRSTATUS_PPC64_SIZE) +
		     fa_note_size("VMCOREINFO", 65536) + 12;
	uint8_t *buf = calloc(1, cap), desc[FA_PRSTATUS_PPC64_SIZE];
	uint64_t vi_ptr, vi_size;
	size_t pos = 0;
	uint32_t i;
	int rc;

	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "notes: out of memory");
	for (i = 0; i < m->ncpus; i++) {
		struct fa_prstatus p;

		if (!m->cpu[i].online)
			continue;
		memset(&p, 0, sizeof(p));
		p.pid = (int32_t)i + 1;
		p.nreg = FA_PT_NREGS;
		memcpy(p.reg, m->cpu[i].pt_regs, sizeof(p.reg));
		rc = fa_prstatus_encode(desc, sizeof(desc), m->byteorder,
					FA_EM_PPC64, &p, e);
		if (rc < 0)
			goto fail;
		pos += fa_note_put(buf + pos, m->byteorder, "CORE", FA_NT_PRSTATUS,
				   desc, sizeof(desc));
	}
	if (!machine_kvar_read(m, "vmcoreinfo_data", NULL, &vi_ptr, NULL) &&
	    !machine_kvar_read(m, "vmcoreinfo_size", NULL, &vi_size, NULL) &&
	    vi_ptr >= KERNELBASE && vi_size && vi_size <= 65536) {
		char *text = malloc(vi_size);

		if (!text) {
			rc = fa_err_set(e, FA_ENOMEM, "notes: out of memory");
			goto fail;
		}
		rc = machine_read(m, vi_ptr - KERNELBASE, text, vi_size, e);
		if (!rc)
			pos += fa_note_put(buf + pos, m->byteorder, "VMCOREINFO",
					   FA_NT_VMCOREINFO, text, (uint32_t)vi_size);
		free(text);
		if (rc)
			goto fail;
	}
	*out = buf;
	*len = pos;
	return 0;
fail:
	free(buf);
	return rc;
}

int machine_save(struct machine *m, const char *path, struct fa_err *e)
{
	struct fa_elf_phdr *ph;
	struct fa_elfw w;
	uint8_t *notes = NULL;
	size_t nlen = 0;
	uint64_t size;
	int i, rc, n = m->nr_mem + 1;

	memset(&w, 0, sizeof(w));
	ph = calloc((size_t)n, sizeof(*ph));
	if (!ph)
		return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
	rc = save_notes(m, &notes, &nlen, e);
	if (rc)
		goto out;
	ph[0].type = FA_PT_NOTE;
	ph[0].filesz = ph[0].memsz = nlen;
	for (i = 0; i < m->nr_mem; i++) {
		struct fa_elf_phdr *p = &ph[i + 1];

		p->type = FA_PT_LOAD;
		p->flags = FA_PF_R | FA_PF_W | FA_PF_X;
		p->paddr = m->mem[i].base;
		p->vaddr = KERNELBASE + m->mem[i].base;
		p->filesz = p->memsz = m->mem[i].size;
	}
	rc = fa_elf_layout(ph, (size_t)n, MACHINE_CHUNK, &size, e);
	if (rc)
		goto out;
	rc = fa_elfw_open(&w, path, m->byteorder, FA_EM_PPC64,
			  m->img ? (kimage_flags(m->img) & 3) : 0, ph, (size_t)n, e);
	if (rc)
		goto out;
	rc = fa_elfw_pwrite(&w, ph[0].offset, notes, nlen, e);
	for (i = 0; !rc && i < m->nr_mem; i++) {
		struct save_ctx s = { m, m->mem[i].base };

		rc = fa_elfw_stream_segment(&w, (size_t)i + 1, save_read, &s, e);
	}
	if (rc)
		fa_elfw_abort(&w);
	else
		rc = fa_elfw_finish(&w, e);
out:
	if (rc)
		fa_err_prefix(e, "%s: ", path);
	free(notes);
	free(ph);
	return rc;
}
