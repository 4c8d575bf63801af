// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fadump.c - the kernel's common FADump code (arch/powerpc/kernel/fadump.c)
 * in user space: boot memory sizing, boot memory regions, reservation,
 * registration, crash_fadump, and the capture kernel's processing
 * (elfcorehdr, release_mem, sysfs stores).
 *
 * Each function carries the kernel's name and does what the kernel's does,
 * in the same order, printing the same log lines.  Where the kernel has a
 * known arithmetic quirk it is reproduced and a "fadump-tools:" line says so.
 */
#define pr_fmt(fmt) "fadump: " fmt
#define KBUILD_MODNAME "fadump"
#define DDEBUG_FILE "arch/powerpc/kernel/fadump.c"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "crashinfo.h"
#include "elfcore.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "fadump.h"
#include "kstrtox.h"
#include "prstatus.h"
#include "synth.h"

/* ------------------------------------------------------------ kernel log */

static const char klog_level_char[] = "01234567";

void klog_add(struct fadump_kernel *k, int level, struct fa_text *t)
{
	size_t need;
	const char *s = t->buf ? t->buf : "";
	size_t n = t->len;
	int nl = n && s[n - 1] == '\n';

	need = k->log.len + n + 3;
	if (need > k->log.cap) {
		size_t cap = k->log.cap ? k->log.cap : 4096;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(k->log.buf, cap);
		if (!p) {
			struct fa_err e;

			fa_err_set(&e, FA_ENOMEM, "kernel log: out of memory");
			fadump_model_error(k, &e);
			fa_text_free(t);
			return;
		}
		k->log.buf = p;
		k->log.cap = cap;
	}
	k->log.buf[k->log.len++] = klog_level_char[level & 7];
	memcpy(k->log.buf + k->log.len, s, n);
	k->log.len += n;
	if (!nl)
		k->log.buf[k->log.len++] = '\n';
	k->log.buf[k->log.len] = '\0';
	k->log.nlines++;
	fa_text_free(t);
}

char *klog_text(const struct fadump_kernel *k, int min_level)
{
	char *out = malloc(k->log.len + 1);
	size_t o = 0, i = 0;

	if (!out)
		return NULL;
	while (i < k->log.len) {
		int level = k->log.buf[i] - '0';
		const char *nl = memchr(k->log.buf + i + 1, '\n',
					k->log.len - i - 1);
		size_t n = (size_t)(nl - (k->log.buf + i + 1)) + 1;

		if (level <= min_level) {
			memcpy(out + o, k->log.buf + i + 1, n);
			o += n;
		}
		i += 1 + n;
	}
	out[o] = '\0';
	return out;
}

int fadump_model_error(struct fadump_kernel *k, const struct fa_err *e)
{
	if (!k->err.code)
		k->err = *e;
	return -EFAULT;
}

/* --------------------------------------------------------- command line */

uint64_t memparse(const char *ptr, const char **retptr)
{
	const char *p = ptr;
	char *end;
	uint64_t ret;

	/* simple_strtoull with base 0: 0x hex, 0 octal, else decimal */
	if (!isdigit((unsigned char)*p)) {
		if (retptr)
			*retptr = ptr;
		return 0;
	}
	ret = strtoull(p, &end, 0);
	switch (*end) {
	case 'E': case 'e':
		ret <<= 10;
		/* fall through */
	case 'P': case 'p':
		ret <<= 10;
		/* fall through */
	case 'T': case 't':
		ret <<= 10;
		/* fall through */
	case 'G': case 'g':
		ret <<= 10;
		/* fall through */
	case 'M': case 'm':
		ret <<= 10;
		/* fall through */
	case 'K': case 'k':
		ret <<= 10;
		end++;
		/* fall through */
	default:
		break;
	}
	if (retptr)
		*retptr = end;
	return ret;
}

/* Suffixes get_last_crashkernel() skips when no suffix was asked for. */
static const char *const crashkernel_suffixes[] = { ",high", ",low", NULL };

/* get_last_crashkernel(): the last "crashkernel=" without a suffix. */
static const char *get_last_crashkernel(const char *cmdline)
{
	const char *name = "crashkernel=";
	const char *p = cmdline, *ck = NULL;

	p = strstr(p, name);
	while (p) {
		const char *end_p = strchr(p, ' ');
		int skip = 0;
		int i;

		if (!end_p)
			end_p = p + strlen(p);
		for (i = 0; crashkernel_suffixes[i]; i++) {
			size_t sl = strlen(crashkernel_suffixes[i]);

			if ((size_t)(end_p - p) >= sl &&
			    !strncmp(end_p - sl, crashkernel_suffixes[i], sl))
				skip = 1;
		}
		if (!skip)
			ck = p;
		p = strstr(p + 1, name);
	}
	return ck;
}

static int parse_crashkernel_mem(const char *cmdline, uint64_t system_ram,
				 uint64_t *crash_size, uint64_t *crash_base)
{
	const char *cur = cmdline, *tmp;
	/* the kernel rounds the RAM size up to 128 MiB before matching */
	uint64_t total_mem = FA_ALIGN_UP(system_ram, 128ULL << 20);

	do {
		uint64_t start, end = UINT64_MAX, size;

		start = memparse(cur, &tmp);
		if (cur == tmp)
			return -EINVAL;	/* "crashkernel: Memory value expected" */
		cur = tmp;
		if (*cur != '-')
			return -EINVAL;	/* "crashkernel: '-' expected" */
		cur++;
		if (*cur != ':') {
			end = memparse(cur, &tmp);
			if (cur == tmp)
				return -EINVAL;
			cur = tmp;
			if (end <= start)
				return -EINVAL;	/* "crashkernel: end <= start" */
		}
		if (*cur != ':')
			return -EINVAL;	/* "crashkernel: ':' expected" */
		cur++;
		size = memparse(cur, &tmp);
		if (cur == tmp)
			return -EINVAL;
		cur = tmp;
		if (size >= total_mem)
			return -EINVAL;	/* "crashkernel: invalid size" */
		if (total_mem >= start && total_mem < end) {
			*crash_size = size;
			break;
		}
	} while (*cur++ == ',');

	if (*crash_size > 0) {
		while (*cur && *cur != ' ' && *cur != '@')
			cur++;
		if (*cur == '@') {
			cur++;
			*crash_base = memparse(cur, &tmp);
			if (cur == tmp)
				return -EINVAL;
		}
	}
	return 0;
}

static int parse_crashkernel_simple(const char *cmdline, uint64_t *crash_size,
				    uint64_t *crash_base)
{
	const char *cur = cmdline;

	*crash_size = memparse(cmdline, &cur);
	if (cmdline == cur)
		return -EINVAL;	/* "crashkernel: memory value expected" */
	if (*cur == '@')
		*crash_base = memparse(cur + 1, &cur);
	else if (*cur != ' ' && *cur != '\0')
		return -EINVAL;	/* "crashkernel: unrecognized char: %c" */
	return 0;
}

int parse_crashkernel(const char *cmdline, uint64_t system_ram,
		      uint64_t *crash_size, uint64_t *crash_base)
{
	const char *ck, *first_colon, *first_space;

	*crash_size = 0;
	*crash_base = 0;
	ck = get_last_crashkernel(cmdline);
	if (!ck)
		return -ENOENT;
	ck += strlen("crashkernel=");
	first_colon = strchr(ck, ':');
	first_space = strchr(ck, ' ');
	if (first_colon && (!first_space || first_colon < first_space))
		return parse_crashkernel_mem(ck, system_ram, crash_size,
					     crash_base);
	return parse_crashkernel_simple(ck, crash_size, crash_base);
}

int fadump_cmdline_param(const char *cmdline, const char *name, char *val,
			 size_t len)
{
	size_t nl = strlen(name);
	const char *p = cmdline;
	int found = 0;

	while (*p) {
		const char *end;

		while (*p == ' ')
			p++;
		end = p;
		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) > nl && !strncmp(p, name, nl) &&
		    p[nl] == '=') {
			size_t n = (size_t)(end - p) - nl - 1;

			if (n >= len)
				n = len - 1;
			memcpy(val, p + nl + 1, n);
			val[n] = '\0';
			found = 1;
		}
		p = end;
	}
	return found;
}

/* -------------------------------------------------------------- memblock */

static void memblock_sort_merge(struct memblock_type *t)
{
	int i, j, n = 0;

	for (i = 1; i < t->cnt; i++) {
		struct fa_range r = t->regions[i];

		for (j = i; j > 0 && t->regions[j - 1].base > r.base; j--)
			t->regions[j] = t->regions[j - 1];
		t->regions[j] = r;
	}
	for (i = 0; i < t->cnt; i++) {
		if (n && t->regions[n - 1].base + t->regions[n - 1].size >=
			 t->regions[i].base) {
			uint64_t end = t->regions[i].base + t->regions[i].size;
			uint64_t pend = t->regions[n - 1].base +
					t->regions[n - 1].size;

			if (end > pend)
				t->regions[n - 1].size = end -
					t->regions[n - 1].base;
			continue;
		}
		t->regions[n++] = t->regions[i];
	}
	t->cnt = n;
}

/* memblock_reserve(): add [base, base+size) to memblock.reserved. */
static int memblock_reserve(struct fadump_kernel *k, uint64_t base,
			    uint64_t size)
{
	if (!size)
		return 0;
	if (k->reserved.cnt == FADUMP_MEMBLOCK_MAX)
		memblock_sort_merge(&k->reserved);
	if (k->reserved.cnt == FADUMP_MEMBLOCK_MAX)
		return -ENOMEM;
	k->reserved.regions[k->reserved.cnt].base = base;
	k->reserved.regions[k->reserved.cnt].size = size;
	k->reserved.cnt++;
	memblock_sort_merge(&k->reserved);
	return 0;
}

int fadump_memblock_reserve(struct fadump_kernel *k, uint64_t base,
			    uint64_t size)
{
	return memblock_reserve(k, base, size);
}

uint64_t memblock_phys_mem_size(const struct fadump_kernel *k)
{
	uint64_t s = 0;
	int i;

	for (i = 0; i < k->memory.cnt; i++)
		s += k->memory.regions[i].size;
	return s;
}

uint64_t memblock_end_of_DRAM(const struct fadump_kernel *k)
{
	const struct fa_range *r;

	if (!k->memory.cnt)
		return 0;
	r = &k->memory.regions[k->memory.cnt - 1];
	return r->base + r->size;
}

/*
 * for_each_free_mem_range, bottom-up: the @idx-th range of memory minus
 * reserved.  Returns 0 past the last one.
 */
static int free_mem_range(const struct fadump_kernel *k, int idx,
			  uint64_t *mstart, uint64_t *mend)
{
	int i, j, n = 0;

	for (i = 0; i < k->memory.cnt; i++) {
		uint64_t s = k->memory.regions[i].base;
		uint64_t e = s + k->memory.regions[i].size;

		for (j = 0; j <= k->reserved.cnt && s < e; j++) {
			uint64_t rs = j < k->reserved.cnt ?
				k->reserved.regions[j].base : e;
			uint64_t re = j < k->reserved.cnt ?
				rs + k->reserved.regions[j].size : e;
			uint64_t fe = rs < e ? rs : e;

			if (re <= s)
				continue;
			if (fe > s) {
				if (n++ == idx) {
					*mstart = s;
					*mend = fe;
					return 1;
				}
			}
			s = re;
		}
	}
	return 0;
}

/* memblock_enforce_memory_limit(): keep the first @limit bytes of memory. */
static void memblock_enforce_memory_limit(struct memblock_type *t,
					  uint64_t limit)
{
	uint64_t left = limit;
	int i;

	for (i = 0; i < t->cnt; i++) {
		if (!left) {
			t->cnt = i;
			break;
		}
		if (t->regions[i].size > left)
			t->regions[i].size = left;
		left -= t->regions[i].size;
	}
}

uint64_t fadump_alloc(struct fadump_kernel *k, uint64_t size, uint64_t align)
{
	uint64_t top = k->fw_dump.dump_active ? k->fw_dump.boot_mem_top :
		       memblock_end_of_DRAM(k);
	uint64_t best = 0;
	int found = 0, i;
	uint64_t s, e;
	struct fa_err err;

	/* memblock allocates top-down: the highest fitting free range */
	for (i = 0; free_mem_range(k, i, &s, &e); i++) {
		uint64_t cand;

		if (e > top)
			e = top;
		if (e <= s || e - s < size)
			continue;
		cand = FA_ALIGN_DOWN(e - size, align);
		if (cand < s)
			continue;
		best = cand;
		found = 1;
	}
	if (!found || memblock_reserve(k, best, size))
		return 0;
	if (machine_zero(k->m, best, size, &err)) {
		fadump_model_error(k, &err);
		return 0;
	}
	return best;
}

/* fadump_free_alloc(): give back what fadump_alloc() took. */
static void fadump_free_alloc(struct fadump_kernel *k, uint64_t base,
			      uint64_t size)
{
	struct memblock_type *t = &k->reserved;
	int i;

	for (i = 0; i < t->cnt; i++) {
		struct fa_range *r = &t->regions[i];
		uint64_t end = r->base + r->size;

		if (base < r->base || base + size > end)
			continue;
		if (base == r->base) {
			r->base += size;
			r->size -= size;
		} else if (base + size == end) {
			r->size -= size;
		} else if (t->cnt < FADUMP_MEMBLOCK_MAX) {
			memmove(r + 2, r + 1, (size_t)(t->cnt - i - 1) *
				sizeof(*r));
			t->cnt++;
			r[1].base = base + size;
			r[1].size = end - base - size;
			r->size = base - r->base;
		}
		break;
	}
}

/* ------------------------------------------------------- boot and sizing */

void fadump_kernel_init(struct fadump_kernel *k, struct machine *m, void *fw,
			int era, const char *cmdline)
{
	/* --mainline-exact is a model option the caller sets before boot */
	int mainline_exact = k->mainline_exact;
	int i;

	memset(k, 0, sizeof(*k));
	k->mainline_exact = mainline_exact;
	k->m = m;
	k->fw = fw;
	k->era = era;
	k->byteorder = m->byteorder ? m->byteorder : m->cfg.byteorder;
	k->page_size = m->page_size ? m->page_size : m->cfg.page_size;
	snprintf(k->cmdline, sizeof(k->cmdline), "%s", cmdline ? cmdline : "");
	k->crashing_cpu = (uint32_t)-1;
	k->elfcorehdr_addr = ELFCORE_ADDR_MAX;
	for (i = 0; i < m->nr_mem && i < FADUMP_MEMBLOCK_MAX; i++)
		k->memory.regions[i] = m->mem[i];
	k->memory.cnt = i;
	memblock_sort_merge(&k->memory);
}

void fadump_kernel_free(struct fadump_kernel *k)
{
	if (k->fw_dump.ops && k->fw_dump.ops->fa_free)
		k->fw_dump.ops->fa_free(k);
	free(k->log.buf);
	k->log.buf = NULL;
	k->log.len = k->log.cap = 0;
}

/* early_init_dt_scan_reserved_ranges(): the root node's reserved-ranges. */
static void early_init_dt_scan_reserved_ranges(struct fadump_kernel *k)
{
	size_t len, i;
	const uint8_t *p = machine_dt_get(k->m, "/reserved-ranges", &len);
	struct memblock_type t;

	if (!p)
		return;
	t.cnt = 0;
	for (i = 0; i + 16 <= len; i += 16) {
		uint64_t base = fa_get64(p + i, FA_BE);
		uint64_t size = fa_get64(p + i + 8, FA_BE);

		if (!size)
			continue;
		if (t.cnt == FADUMP_MEMBLOCK_MAX) {
			pr_warn(k, "some reserved ranges are ignored!\n");
			break;
		}
		t.regions[t.cnt].base = base;
		t.regions[t.cnt].size = size;
		t.cnt++;
	}
	memblock_sort_merge(&t);
	for (i = 0; i < (size_t)t.cnt; i++)
		k->rranges[i] = t.regions[i];
	k->nr_rranges = t.cnt;
}

/* early_param("fadump"), early_param("fadump_reserve_mem"), mem=. */
static void fadump_parse_early_params(struct fadump_kernel *k)
{
	char v[256];

	if (fadump_cmdline_param(k->cmdline, "fadump", v, sizeof(v))) {
		if (!strncmp(v, "on", 2)) {
			k->fw_dump.fadump_enabled = 1;
		} else if (!strncmp(v, "off", 3)) {
			k->fw_dump.fadump_enabled = 0;
		} else if (!strncmp(v, "nocma", 5)) {
			k->fw_dump.fadump_enabled = 1;
			k->fw_dump.nocma = 1;
		}
	}
	if (fadump_cmdline_param(k->cmdline, "fadump_reserve_mem", v, sizeof(v)))
		k->fw_dump.reserve_bootvar = memparse(v, NULL);
	if (fadump_cmdline_param(k->cmdline, "mem", v, sizeof(v)))
		k->memory_limit = FA_ALIGN_UP(memparse(v, NULL), k->page_size);
}

int early_init_dt_scan_fw_dump(struct fadump_kernel *k)
{
	early_init_dt_scan_reserved_ranges(k);
	fadump_parse_early_params(k);

	switch (k->m->cfg.platform) {
	case FA_PLAT_PSERIES:
		rtas_fadump_dt_scan(k);
		break;
	case FA_PLAT_POWERNV:
		opal_fadump_dt_scan(k);
		break;
	default:
		break;
	}

	/* a mem= above the RAM there is limits nothing */
	if (k->memory_limit > memblock_phys_mem_size(k))
		k->memory_limit = 0;
	return k->fw_dump.fadump_supported;
}

/*
 * early_init_devtree() applies mem= only after fadump_reserve_mem(): the
 * sizing sees all of RAM, and a pre-6.10 kernel has by then moved the
 * limit up past its reservation.
 */
static void early_enforce_memory_limit(struct fadump_kernel *k)
{
	if (k->memory_limit)
		memblock_enforce_memory_limit(&k->memory,
			FA_ALIGN_UP(k->memory_limit, k->page_size));
}

/*
 * Before v6.10, a mem= below the end of DRAM was raised by the size of the
 * FADump area, so that the reservation could go above the user's limit
 * and the running kernel still got the memory it was told to use.  v6.10
 * ("Don't update the user-specified memory limit") dropped this: the
 * reservation must then fit below mem=.
 */
static void fadump_adjust_memory_limit(struct fadump_kernel *k)
{
	uint64_t end = memblock_end_of_DRAM(k), size;

	if (k->era != FA_ERA_PRE_6_10 || !k->memory_limit ||
	    k->memory_limit >= end)
		return;
	size = get_fadump_area_size(k);
	if (k->memory_limit + size < end)
		k->memory_limit += size;
	else
		k->memory_limit = end;
	pr_info(k, "Adjusted memory_limit for firmware-assisted dump, now %#016lx\n",
		k->memory_limit);
}

static uint64_t bootmem_min(struct fadump_kernel *k)
{
	return k->fw_dump.ops->fadump_get_bootmem_min(k);
}

uint64_t fadump_calculate_reserve_size(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t base, size, min;
	int ret;

	if (fw->reserve_bootvar)
		pr_warn(k, "'fadump_reserve_mem=' parameter is deprecated in favor of 'crashkernel=' parameter.\n");

	ret = parse_crashkernel(k->cmdline, memblock_phys_mem_size(k), &size,
				&base);
	if (ret == 0 && size > 0) {
		uint64_t max_size;

		if (fw->reserve_bootvar)
			pr_info(k, "Using 'crashkernel=' parameter for memory reservation.\n");
		fw->reserve_bootvar = size;
		max_size = memblock_phys_mem_size(k) / MAX_BOOT_MEM_RATIO;
		if (fw->reserve_bootvar > max_size) {
			fw->reserve_bootvar = max_size;
			pr_info(k, "Adjusted boot memory size to %luMB\n",
				fw->reserve_bootvar >> 20);
		}
		return fw->reserve_bootvar;
	} else if (fw->reserve_bootvar) {
		return fw->reserve_bootvar;
	}

	size = memblock_phys_mem_size(k) / 20;
	size = size & ~0x0FFFFFFFULL;
	if (k->memory_limit && size > k->memory_limit)
		size = k->memory_limit;
	min = bootmem_min(k);
	return size > min ? size : min;
}

uint64_t get_fadump_area_size(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t size = 0;

	size += fw->cpu_state_data_size;
	size += fw->hpte_region_size;
	size = fadump_page_align(k, size);
	size += fw->boot_memory_size;
	if (k->era == FA_ERA_PRE_6_10) {
		/* header, then the first kernel's elfcorehdr right after it */
		size += fadump_hdr_size(k);
		size += FADUMP_ELF_EHDR_SIZE;
		size += FADUMP_ELF_PHDR_SIZE;	/* place holder for cpu notes */
		size += FADUMP_ELF_PHDR_SIZE * ((uint64_t)k->memory.cnt + 2);
		size = fadump_page_align(k, size);
	} else {
		size += fadump_hdr_size(k);
	}
	if (fw->ops && fw->ops->fadump_get_metadata_size)
		size += fw->ops->fadump_get_metadata_size(k);
	return size;
}

static int add_boot_mem_region(struct fadump_kernel *k, uint64_t rstart,
			       uint64_t rsize)
{
	struct fw_dump *fw = &k->fw_dump;
	int max = fw->ops->fadump_max_boot_mem_rgns(k);
	uint64_t i = fw->boot_mem_regs_cnt++;

	if (fw->boot_mem_regs_cnt > (uint64_t)max) {
		fw->boot_mem_regs_cnt = (uint64_t)max;
		return 0;
	}
	pr_debug(k, "Added boot memory range[%d] [%#016lx-%#016lx)\n", (int)i,
		 rstart, rstart + rsize);
	fw->boot_mem_addr[i] = rstart;
	fw->boot_mem_sz[i] = rsize;
	return 1;
}

static int add_boot_mem_regions(struct fadump_kernel *k, uint64_t mstart,
				uint64_t msize)
{
	uint64_t rstart = mstart, rsize, max_size;
	int ret = 1;

	max_size = k->fw_dump.max_copy_size ? k->fw_dump.max_copy_size : msize;
	while (msize) {
		rsize = msize > max_size ? max_size : msize;
		ret = add_boot_mem_region(k, rstart, rsize);
		if (!ret)
			break;
		msize -= rsize;
		rstart += rsize;
	}
	return ret;
}

int fadump_get_boot_mem_regions(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t size, cur_size = 0, hole_size = 0, last_end = 0;
	uint64_t mem_size = fw->boot_memory_size, covered = 0;
	int ret = 1, i, nsrc = 0;

	fw->boot_mem_regs_cnt = 0;
	for (i = 0; i < k->memory.cnt; i++) {
		uint64_t reg_start = k->memory.regions[i].base;
		uint64_t reg_end = reg_start + k->memory.regions[i].size;

		size = reg_end - reg_start;
		hole_size += reg_start - last_end;
		nsrc++;
		if (cur_size + size >= mem_size) {
			/*
			 * The kernel subtracts the covered size twice here
			 * (mem_size was already decremented); reproduced.
			 */
			size = mem_size - cur_size;
			ret = add_boot_mem_regions(k, reg_start, size);
			break;
		}
		mem_size -= size;
		cur_size += size;
		ret = add_boot_mem_regions(k, reg_start, size);
		if (!ret)
			break;
		last_end = reg_end;
	}
	fw->boot_mem_top = fadump_page_align(k, fw->boot_memory_size +
					     hole_size);
	for (i = 0; i < (int)fw->boot_mem_regs_cnt; i++)
		covered += fw->boot_mem_sz[i];
	if (nsrc > 1 && covered != fw->boot_memory_size)
		pr_warn(k, "fadump-tools: kernel quirk reproduced: fadump_get_boot_mem_regions() subtracts the covered size twice over %d memory regions; the boot regions cover %#lx of %#lx bytes\n",
			nsrc, covered, fw->boot_memory_size);
	return ret;
}

/* overlaps_reserved_ranges(): from *idx on, the first overlapping range. */
static int overlaps_reserved_ranges(struct fadump_kernel *k, uint64_t base,
				    uint64_t end, int *idx)
{
	int i;

	for (i = *idx; i < k->nr_rranges; i++) {
		uint64_t rbase = k->rranges[i].base;
		uint64_t rend = rbase + k->rranges[i].size;

		if (end <= rbase)
			break;
		if (end > rbase && base < rend) {
			*idx = i;
			return 1;
		}
	}
	return 0;
}

uint64_t fadump_locate_reserve_mem(struct fadump_kernel *k, uint64_t base,
				   uint64_t size, uint64_t end)
{
	uint64_t mstart, mend;
	int idx = 0, i;

	(void)end;	/* checked by the caller, as in the kernel */
	for (i = 0; free_mem_range(k, i, &mstart, &mend); i++) {
		pr_debug(k, "%d) mstart: %lx, mend: %lx, base: %lx\n", i,
			 mstart, mend, base);
		if (mstart > base)
			base = fadump_page_align(k, mstart);
		while (mend > base && mend - base >= size) {
			if (!overlaps_reserved_ranges(k, base, base + size,
						      &idx))
				return base;
			base = k->rranges[idx].base + k->rranges[idx].size;
			base = fadump_page_align(k, base);
		}
	}
	return 0;
}

/* CMA_MIN_ALIGNMENT_BYTES: PAGE_SIZE << pageblock_order, 16 MiB on ppc64. */
#define FADUMP_CMA_ALIGNMENT	(16ULL << 20)

/* fadump_reserve_crash_area(): the capture kernel keeps all above @base. */
static void fadump_reserve_crash_area(struct fadump_kernel *k, uint64_t base)
{
	int i;

	for (i = 0; i < k->memory.cnt; i++) {
		uint64_t mstart = k->memory.regions[i].base;
		uint64_t msize = k->memory.regions[i].size;

		if (mstart + msize < base)
			continue;
		if (mstart < base) {
			msize -= base - mstart;
			mstart = base;
		}
		pr_info(k, "Reserving %luMB of memory at %#016lx for preserving crash data",
			msize >> 20, mstart);
		memblock_reserve(k, mstart, msize);
	}
}

int fadump_reserve_mem(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t base, size, mem_boundary, min;

	if (!fw->fadump_enabled)
		return 0;
	if (!fw->fadump_supported) {
		pr_info(k, "Firmware-Assisted Dump is not supported on this hardware\n");
		goto error_out;
	}
	if (!fw->dump_active) {
		fw->boot_memory_size =
			fadump_page_align(k, fadump_calculate_reserve_size(k));
		/* v6.1..v6.12: sized for CMA unless fadump=nocma */
		if (!fw->nocma)
			fw->boot_memory_size = FA_ALIGN_UP(fw->boot_memory_size,
							   FADUMP_CMA_ALIGNMENT);
		min = bootmem_min(k);
		if (fw->boot_memory_size < min) {
			pr_err(k, "Can't enable fadump with boot memory size (0x%lx) less than 0x%lx\n",
			       fw->boot_memory_size, min);
			goto error_out;
		}
		if (!fadump_get_boot_mem_regions(k)) {
			pr_err(k, "Too many holes in boot memory area to enable fadump\n");
			goto error_out;
		}
	}

	fadump_adjust_memory_limit(k);
	mem_boundary = k->memory_limit ? k->memory_limit :
		       memblock_end_of_DRAM(k);
	base = fw->boot_mem_top;
	size = get_fadump_area_size(k);
	fw->reserve_dump_area_size = size;
	if (fw->dump_active) {
		pr_info(k, "Firmware-assisted dump is active.\n");
		fadump_reserve_crash_area(k, base);
		pr_debug(k, "fadumphdr_addr = %#016lx\n", fw->fadumphdr_addr);
		pr_debug(k, "Reserve dump area start address: 0x%lx\n",
			 fw->reserve_dump_area_start);
		return 1;
	}

	base = fadump_locate_reserve_mem(k, base, size, mem_boundary);
	if (!base || base + size > mem_boundary) {
		pr_err(k, "Failed to find memory chunk for reservation!\n");
		goto error_out;
	}
	fw->reserve_dump_area_start = base;
	if (fw->ops->fadump_setup_metadata &&
	    fw->ops->fadump_setup_metadata(k) < 0)
		goto error_out;
	if (memblock_reserve(k, base, size)) {
		pr_err(k, "Failed to reserve memory!\n");
		goto error_out;
	}
	pr_info(k, "Reserved %luMB of memory at %#016lx (System RAM: %luMB)\n",
		size >> 20, base, memblock_phys_mem_size(k) >> 20);
	return 1;
error_out:
	fw->fadump_enabled = 0;
	fw->reserve_dump_area_size = 0;
	return 0;
}


/*
 * fadump_cma_init() as v6.1..v6.12 have it (Debian's kernels): the whole
 * boot memory size (CMA-aligned by fadump_reserve_mem) from the area's
 * start, which cma_init_reserved_mem() refuses unless both are aligned.
 * (v6.13 gives CMA only the aligned part and prints "Initialized [base,
 * MB] cma area from [start, MB] bytes ...".)
 */
void fadump_cma_init(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t base = fw->reserve_dump_area_start;

	if (!fw->fadump_supported || !fw->fadump_enabled || fw->dump_active)
		return;
	if (fw->nocma || !fw->boot_memory_size)
		return;
	if ((base | fw->boot_memory_size) & (FADUMP_CMA_ALIGNMENT - 1)) {
		pr_err(k, "Failed to init cma area for firmware-assisted dump,%d\n",
		       -EINVAL);
		return;
	}
	k->cma_base = base;
	k->cma_size = fw->boot_memory_size;
	pr_info(k, "Initialized 0x%lx bytes cma area at %ldMB from 0x%lx bytes of memory reserved for firmware-assisted dump\n",
		k->cma_size, (long)(k->cma_base >> 20),
		fw->reserve_dump_area_size);
}

uint64_t fadump_relocate(struct fadump_kernel *k, uint64_t paddr)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t raddr = paddr, rstart, rend, rlast = 0, hole_size = 0;
	uint64_t i;

	for (i = 0; i < fw->boot_mem_regs_cnt; i++) {
		rstart = fw->boot_mem_addr[i];
		rend = rstart + fw->boot_mem_sz[i];
		hole_size += rstart - rlast;
		if (paddr >= rstart && paddr < rend) {
			raddr += fw->boot_mem_dest_addr - hole_size;
			break;
		}
		rlast = rend;
	}
	pr_debug(k, "vmcoreinfo: paddr = 0x%lx, raddr = 0x%lx\n", paddr, raddr);
	return raddr;
}

/* ------------------------------------------------- registration and crash */

static int model_fail(struct fadump_kernel *k, struct fa_err *e)
{
	return fadump_model_error(k, e);
}

/* is_fadump_mem_area_contiguous(), with the kernel's "end + 1" advance. */
static int is_fadump_mem_area_contiguous(struct fadump_kernel *k,
					 uint64_t d_start, uint64_t d_end)
{
	int i;

	for (i = 0; i < k->memory.cnt; i++) {
		uint64_t reg_start = k->memory.regions[i].base;
		uint64_t reg_end = reg_start + k->memory.regions[i].size;
		uint64_t start = d_start > reg_start ? d_start : reg_start;
		uint64_t end = d_end < reg_end ? d_end : reg_end;

		if (d_start < end) {
			if (start > d_start)
				break;
			if (end == d_end)
				return 1;
			d_start = end + 1;
		}
	}
	return 0;
}

int is_fadump_reserved_mem_contiguous(struct fadump_kernel *k)
{
	uint64_t d_start = k->fw_dump.reserve_dump_area_start;

	return is_fadump_mem_area_contiguous(k, d_start, d_start +
					     k->fw_dump.reserve_dump_area_size);
}

static int hdr_era(const struct fadump_kernel *k)
{
	return k->era == FA_ERA_PRE_6_10 ? FA_CI_FADMPINF : FA_CI_FADMPSIG;
}

static size_t hdr_size(const struct fadump_kernel *k)
{
	return fadump_hdr_size(k);
}

static int write_hdr(struct fadump_kernel *k, uint64_t addr,
		     const struct fa_crashinfo *ci)
{
	uint8_t buf[FADUMP_HDR_MAX];
	size_t n;
	struct fa_err e;

	if (fa_crashinfo_encode(ci, k->byteorder, buf, sizeof(buf), &n, &e) ||
	    machine_write(k->m, addr, buf, n, &e))
		return model_fail(k, &e);
	return 0;
}

int fadump_read_hdr(struct fadump_kernel *k, struct fa_crashinfo *ci)
{
	uint8_t buf[FADUMP_HDR_MAX];
	struct fa_crashinfo_opts o = { 0, 0, FA_CI_ANY_MAGIC };
	struct fa_err e;

	o.cpu_mask_sz = fadump_cpumask_size(k);	/* FADMPINF: this kernel's */

	if (machine_read(k->m, k->fw_dump.fadumphdr_addr, buf, hdr_size(k),
			 &e))
		return model_fail(k, &e);
	/* a byte-swapped magic is reported by the caller, not decoded */
	if (fa_crashinfo_decode(buf, hdr_size(k), k->byteorder, &o, ci, &e)) {
		memset(ci, 0, sizeof(*ci));
		ci->magic_number = fa_get64(buf, k->byteorder);
	}
	return 0;
}

/* The machine's CPUs as a mask: possible (all) or online. */
static void fill_cpu_mask(struct fadump_kernel *k, struct fa_crashinfo *ci,
			  int online_only)
{
	uint32_t i;
	struct fa_err e;

	memset(ci->cpu_mask, 0, sizeof(ci->cpu_mask));
	for (i = 0; i < k->m->ncpus; i++)
		if (!online_only || k->m->cpu[i].online)
			fa_crashinfo_cpu_set(ci, k->m->cpu[i].cpu, &e);
}

/* paddr_vmcoreinfo_note() and VMCOREINFO_NOTE_SIZE, from the image. */
static void vmcoreinfo_note(struct fadump_kernel *k, uint64_t *paddr,
			    uint64_t *size)
{
	if (synth_vmcoreinfo(k->m, paddr, size)) {
		*paddr = 0;
		*size = 0;
	}
}

/* init_fadump_header(): returns the address right after the header. */
static uint64_t init_fadump_header(struct fadump_kernel *k, uint64_t addr)
{
	struct fa_crashinfo ci;
	uint64_t vp, vs;

	if (!addr)
		return 0;
	memset(&ci, 0, sizeof(ci));
	ci.era = hdr_era(k);
	ci.byteorder = k->byteorder;
	ci.version = FADUMP_HEADER_VERSION;
	ci.crashing_cpu = FADUMP_CPU_UNKNOWN;
	ci.pt_regs_sz = FADUMP_PT_REGS_SIZE;
	ci.cpu_mask_sz = fadump_cpumask_size(k);
	if (ci.era == FA_CI_FADMPSIG) {
		vmcoreinfo_note(k, &vp, &vs);
		ci.vmcoreinfo_raddr = fadump_relocate(k, vp);
		ci.vmcoreinfo_size = vs;
	} else {
		ci.elfcorehdr_addr = addr + hdr_size(k);
	}
	fill_cpu_mask(k, &ci, 0);
	if (write_hdr(k, addr, &ci))
		return 0;
	return addr + hdr_size(k);
}

/* One PT_LOAD as populate_elf_pt_load() fills it. */
static void pt_load(struct fa_elf_phdr *ph, uint64_t start, uint64_t size,
		    uint64_t offset)
{
	ph->type = FA_PT_LOAD;
	ph->flags = FA_PF_R | FA_PF_W | FA_PF_X;
	ph->offset = offset;
	ph->paddr = start;
	ph->vaddr = start + FA_PPC64_PAGE_OFFSET;
	ph->filesz = ph->memsz = size;
	ph->align = 0;
}

static uint32_t elf_flags(const struct fadump_kernel *k)
{
	/* CONFIG_PPC64_ELF_ABI_V2 on little-endian, V1 on big-endian */
	return k->byteorder == FA_LE ? 2 : 1;
}

/*
 * Write an elfcorehdr of @n phdrs at @addr (@cap bytes reserved there).
 */
static int store_elfcorehdr(struct fadump_kernel *k, uint64_t addr,
			    uint64_t cap, const struct fa_elf_phdr *ph,
			    size_t n)
{
	uint8_t *buf = calloc(1, cap);
	struct fa_err e;
	int64_t len;
	int ret = 0;

	if (!buf) {
		fa_err_set(&e, FA_ENOMEM, "elfcorehdr: out of memory");
		return model_fail(k, &e);
	}
	len = fa_elf_build_headers(buf, cap, k->byteorder, FA_EM_PPC64,
				   elf_flags(k), ph, n, &e);
	if (len < 0 || machine_write(k->m, addr, buf, cap, &e))
		ret = model_fail(k, &e);
	free(buf);
	return ret;
}

/* Add [start, end) to @r (pre-6.10 crash_mrange_info), folding above top. */
static void crash_range_add(struct fadump_kernel *k, struct memblock_type *r,
			    uint64_t base, uint64_t end)
{
	if (base == end)
		return;
	if (r->cnt) {
		struct fa_range *l = &r->regions[r->cnt - 1];

		if (l->base + l->size == base &&
		    l->base >= k->fw_dump.boot_mem_top) {
			l->size = end - l->base;
			return;
		}
	}
	if (r->cnt == FADUMP_MEMBLOCK_MAX)
		return;
	r->regions[r->cnt].base = base;
	r->regions[r->cnt].size = end - base;
	r->cnt++;
}

/*
 * The firmware metadata of the reserved area inside [start, end): the CPU
 * state data and HPTE before the copy, the crash-info header after it
 * (DESIGN.md vmcore content rule, pre-6.10 layout).  The first kernel's
 * elfcorehdr that follows is not exported: the capture kernel patches it.
 */
static void crash_metadata_add(struct fadump_kernel *k,
			       struct memblock_type *r, uint64_t start,
			       uint64_t end)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t ra_start = fw->reserve_dump_area_start;
	uint64_t ra_end = ra_start + fw->reserve_dump_area_size;
	uint64_t cs = fw->boot_mem_dest_addr;
	uint64_t ce = cs + fw->boot_memory_size;
	uint64_t he = ce + hdr_size(k) < ra_end ? ce + hdr_size(k) : ra_end;
	uint64_t part[2][2] = { { ra_start, cs }, { ce, he } };
	int i;

	for (i = 0; i < 2; i++) {
		uint64_t s = part[i][0] > start ? part[i][0] : start;
		uint64_t e = part[i][1] < end ? part[i][1] : end;

		if (s < e)
			crash_range_add(k, r, s, e);
	}
}

/*
 * fadump_create_elfcore_headers() (pre-6.10): the first kernel's
 * elfcorehdr right after the crash-info header, over its own memory view.
 */
static int fadump_create_elfcore_headers(struct fadump_kernel *k,
					 uint64_t addr)
{
	struct fw_dump *fw = &k->fw_dump;
	struct memblock_type *r = calloc(1, sizeof(*r));
	struct fa_elf_phdr *ph;
	uint64_t ra_start = fw->reserve_dump_area_start;
	uint64_t ra_end = ra_start + fw->reserve_dump_area_size;
	uint64_t vp, vs, offset = 0, reg_start;
	size_t n = 0, j = 0;
	int i, ret;

	ph = calloc(FADUMP_MEMBLOCK_MAX + 2, sizeof(*ph));
	if (!r || !ph) {
		free(r);
		free(ph);
		return -ENOMEM;
	}
	for (i = 0; i < (int)fw->boot_mem_regs_cnt; i++)
		crash_range_add(k, r, fw->boot_mem_addr[i],
				fw->boot_mem_addr[i] + fw->boot_mem_sz[i]);
	for (i = 0; i < k->memory.cnt; i++) {
		uint64_t start = k->memory.regions[i].base;
		uint64_t end = start + k->memory.regions[i].size;

		if (start < fw->boot_mem_top) {
			if (end > fw->boot_mem_top)
				start = fw->boot_mem_top;
			else
				continue;
		}
		/* fadump_exclude_reserved_area() */
		if (ra_start < end && ra_end > start) {
			if (start < ra_start)
				crash_range_add(k, r, start, ra_start);
			/* DESIGN content rule: the metadata stays exported */
			if (!k->mainline_exact)
				crash_metadata_add(k, r, start, end);
			if (ra_end < end)
				crash_range_add(k, r, ra_end, end);
		} else {
			crash_range_add(k, r, start, end);
		}
	}

	ph[n++].type = FA_PT_NOTE;	/* CPU notes placeholder */
	vmcoreinfo_note(k, &vp, &vs);
	ph[n].type = FA_PT_NOTE;
	ph[n].paddr = ph[n].offset = fadump_relocate(k, vp);
	ph[n].filesz = ph[n].memsz = vs;
	n++;
	reg_start = fw->boot_mem_addr[0];
	for (i = 0; i < r->cnt; i++) {
		uint64_t mbase = r->regions[i].base;

		if (!r->regions[i].size)
			continue;
		pt_load(&ph[n], mbase, r->regions[i].size, mbase);
		if (mbase == reg_start) {
			ph[n].offset = fw->boot_mem_dest_addr + offset;
			if (j + 1 < fw->boot_mem_regs_cnt) {
				offset += fw->boot_mem_sz[j];
				reg_start = fw->boot_mem_addr[++j];
			}
		}
		n++;
	}
	ret = store_elfcorehdr(k, addr, fa_elf_headers_size(n), ph, n);
	free(r);
	free(ph);
	return ret;
}

int register_fadump(struct fadump_kernel *k)
{
	uint64_t addr;

	if (!k->fw_dump.reserve_dump_area_size)
		return -ENODEV;
	addr = init_fadump_header(k, k->fw_dump.fadumphdr_addr);
	if (fadump_model_failed(k))
		return -EFAULT;
	if (k->era == FA_ERA_PRE_6_10) {
		pr_debug(k, "Creating ELF core headers at %#016lx\n", addr);
		if (fadump_create_elfcore_headers(k, addr))
			return -EFAULT;
	}
	pr_debug(k, "Registering for firmware-assisted kernel dump...\n");
	return k->fw_dump.ops->fadump_register(k);
}

void crash_fadump(struct fadump_kernel *k, uint32_t cpu, const uint64_t *regs,
		  uint64_t crash_time, const char *msg)
{
	struct fa_crashinfo ci;
	struct fa_err e;
	uint32_t i;

	if (!k->fw_dump.dump_registered || !k->fw_dump.fadumphdr_addr)
		return;
	if (k->crashing_cpu != (uint32_t)-1)
		return;		/* another CPU is already on its way */
	k->crashing_cpu = cpu;
	if (fadump_read_hdr(k, &ci))
		return;
	ci.era = hdr_era(k);
	ci.byteorder = k->byteorder;
	if (!ci.pt_regs_sz)
		ci.pt_regs_sz = FADUMP_PT_REGS_SIZE;
	if (!ci.cpu_mask_sz)
		ci.cpu_mask_sz = fadump_cpumask_size(k);
	ci.crashing_cpu = cpu;
	if (synth_crash_time(k->m, crash_time, &e)) {
		model_fail(k, &e);
		return;
	}
	if (regs) {
		memcpy(ci.regs, regs, sizeof(ci.regs));
	} else {
		/* ppc_save_regs(): the crashing CPU's own state */
		for (i = 0; i < k->m->ncpus; i++)
			if (k->m->cpu[i].cpu == cpu)
				memcpy(ci.regs, k->m->cpu[i].pt_regs,
				       sizeof(ci.regs));
	}
	fill_cpu_mask(k, &ci, 1);
	if (write_hdr(k, k->fw_dump.fadumphdr_addr, &ci))
		return;
	if (fadump_plant_kernel_state(k))	/* crashing_cpu is now set */
		return;
	k->fw_dump.ops->fadump_trigger(k, msg);
}

/* ------------------------------------------------------- capture kernel */

int fadump_setup_cpu_notes_buf(struct fadump_kernel *k, uint32_t num_cpus)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t size = fadump_page_align(k, (uint64_t)num_cpus *
					  FADUMP_NOTE_BUF_T_SIZE);
	uint64_t pa = size && size < (1ULL << 32) ?
		      fadump_alloc(k, size, k->page_size) : 0;

	fw->cpu_notes_buf_size = size;
	if (!pa || !(k->notes = calloc(1, size))) {
		if (pa)
			fadump_free_alloc(k, pa, size);
		pr_err(k, "Failed to allocate %ld bytes for CPU notes buffer\n",
		       (long)size);
		fw->cpu_notes_buf_size = 0;
		return -ENOMEM;
	}
	k->notes_size = size;
	fw->cpu_notes_buf_vaddr = pa + FA_PPC64_PAGE_OFFSET;
	pr_debug(k, "Allocated buffer for cpu notes of size %ld at 0x%lx\n",
		 (long)size, fw->cpu_notes_buf_vaddr);
	return 0;
}

void fadump_free_cpu_notes_buf(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;

	if (!fw->cpu_notes_buf_vaddr)
		return;
	fadump_free_alloc(k, fw->cpu_notes_buf_vaddr - FA_PPC64_PAGE_OFFSET,
			  fw->cpu_notes_buf_size);
	free(k->notes);
	k->notes = NULL;
	k->notes_size = 0;
	fw->cpu_notes_buf_vaddr = 0;
	fw->cpu_notes_buf_size = 0;
}

uint8_t *fadump_regs_to_elf_notes(struct fadump_kernel *k, uint8_t *buf,
				  const uint64_t regs[FA_PT_NREGS])
{
	struct fa_prstatus prs;
	uint8_t desc[FA_PRSTATUS_PPC64_SIZE];
	struct fa_err e;

	if (!buf || buf + fa_note_size(FA_NN_CORE, sizeof(desc)) >
		    k->notes + k->notes_size) {
		fa_err_set(&e, FA_ERANGE, "CPU notes buffer overflow");
		model_fail(k, &e);
		return NULL;
	}
	memset(&prs, 0, sizeof(prs));
	prs.nreg = FA_PRSTATUS_MAX_REGS;
	memcpy(prs.reg, regs, sizeof(prs.reg));
	fa_prstatus_encode(desc, sizeof(desc), k->byteorder, FA_EM_PPC64,
			   &prs, &e);
	return buf + fa_note_put(buf, k->byteorder, FA_NN_CORE,
				 FA_NT_PRSTATUS, desc, sizeof(desc));
}

uint8_t *final_note(struct fadump_kernel *k, uint8_t *buf)
{
	struct fa_err e;

	if (!buf || buf + FA_NOTE_HDR_SIZE > k->notes + k->notes_size) {
		fa_err_set(&e, FA_ERANGE, "CPU notes buffer overflow");
		model_fail(k, &e);
		return NULL;
	}
	return buf + fa_note_put_end(buf);
}

int fadump_update_elfcore_header(struct fadump_kernel *k, uint64_t elfcorehdr)
{
	struct fw_dump *fw = &k->fw_dump;
	uint8_t ph[FADUMP_ELF_PHDR_SIZE];
	uint64_t at = elfcorehdr + FADUMP_ELF_EHDR_SIZE;
	struct fa_elf_phdr p;
	struct fa_err e;

	if (machine_write(k->m, fw->cpu_notes_buf_vaddr - FA_PPC64_PAGE_OFFSET,
			  k->notes, k->notes_size, &e) ||
	    machine_read(k->m, at, ph, sizeof(ph), &e))
		return model_fail(k, &e);
	fa_elf_phdr_decode(ph, k->byteorder, &p);
	if (p.type == FA_PT_NOTE) {
		p.paddr = fw->cpu_notes_buf_vaddr - FA_PPC64_PAGE_OFFSET;
		p.offset = p.paddr;
		p.filesz = p.memsz = fw->cpu_notes_buf_size;
		fa_elf_phdr_encode(ph, k->byteorder, &p);
		if (machine_write(k->m, at, ph, sizeof(ph), &e))
			return model_fail(k, &e);
	}
	return 0;
}

/* fadump_setup_elfcorehdr_buf() */
static int fadump_setup_elfcorehdr_buf(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t n = 2 + fw->boot_mem_regs_cnt + (uint64_t)k->memory.cnt;
	uint64_t size;

	/* the metadata PT_LOADs of the DESIGN content rule need two more */
	if (!k->mainline_exact)
		n += 2;
	size = fadump_page_align(k, FADUMP_ELF_EHDR_SIZE +
				 n * FADUMP_ELF_PHDR_SIZE);
	fw->elfcorehdr_addr = fadump_alloc(k, size, k->page_size);
	if (!fw->elfcorehdr_addr) {
		pr_err(k, "Failed to allocate %lu bytes for elfcorehdr\n", size);
		return -ENOMEM;
	}
	fw->elfcorehdr_size = size;
	return 0;
}

/*
 * DESIGN.md content rule: the reserved area's firmware metadata (CPU state
 * data, HPTE, crash-info header, OPAL metadata) stays exported at its
 * physical address; only the boot-memory copy is cut.  Adds the PT_LOADs
 * of [ra_start, ra_end) minus the copy that lie inside [mstart, mend).
 */
static size_t metadata_loads(struct fadump_kernel *k, struct fa_elf_phdr *ph,
			     uint64_t ra_start, uint64_t ra_end,
			     uint64_t mstart, uint64_t mend)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t cs = fw->boot_mem_dest_addr;
	uint64_t ce = cs + fw->boot_memory_size;
	uint64_t part[2][2] = { { ra_start, cs }, { ce, ra_end } };
	size_t n = 0;
	int i;

	for (i = 0; i < 2; i++) {
		uint64_t s = part[i][0] > mstart ? part[i][0] : mstart;
		uint64_t e = part[i][1] < mend ? part[i][1] : mend;

		if (s < e)
			pt_load(&ph[n++], s, e - s, s);
	}
	return n;
}

/* fadump_populate_elfcorehdr() */
static int fadump_populate_elfcorehdr(struct fadump_kernel *k,
				      const struct fa_crashinfo *fdh)
{
	struct fw_dump *fw = &k->fw_dump;
	size_t cap = (size_t)((fw->elfcorehdr_size - FADUMP_ELF_EHDR_SIZE) /
			      FADUMP_ELF_PHDR_SIZE);
	struct fa_elf_phdr *ph = calloc(cap, sizeof(*ph));
	uint64_t off = fw->boot_mem_dest_addr, ra_start, ra_end;
	size_t n = 0;
	uint64_t i;
	int r, ret;

	if (!ph)
		return -ENOMEM;
	ph[n++].type = FA_PT_NOTE;
	ph[n].type = FA_PT_NOTE;
	ph[n].paddr = ph[n].offset = fdh->vmcoreinfo_raddr;
	ph[n].filesz = ph[n].memsz = fdh->vmcoreinfo_size;
	n++;
	for (i = 0; i < fw->boot_mem_regs_cnt && n < cap; i++) {
		pt_load(&ph[n++], fw->boot_mem_addr[i], fw->boot_mem_sz[i], off);
		off += fw->boot_mem_sz[i];
	}
	ra_start = fw->reserve_dump_area_start;
	ra_end = ra_start + get_fadump_area_size(k);
	for (r = 0; r < k->memory.cnt && n + 4 <= cap; r++) {
		uint64_t mstart = k->memory.regions[r].base;
		uint64_t mend = mstart + k->memory.regions[r].size;

		if (mstart < fw->boot_mem_top) {
			if (mend > fw->boot_mem_top)
				mstart = fw->boot_mem_top;
			else
				continue;
		}
		if (ra_start < mend && ra_end > mstart) {
			if (mstart < ra_start)
				pt_load(&ph[n++], mstart, ra_start - mstart,
					mstart);
			if (!k->mainline_exact)
				n += metadata_loads(k, &ph[n], ra_start, ra_end,
						    mstart, mend);
			if (ra_end < mend)
				pt_load(&ph[n++], ra_end, mend - ra_end, ra_end);
		} else {
			pt_load(&ph[n++], mstart, mend - mstart, mstart);
		}
	}
	ret = store_elfcorehdr(k, fw->elfcorehdr_addr, fw->elfcorehdr_size,
			       ph, n);
	free(ph);
	return ret;
}

/* is_fadump_header_compatible() */
static int is_fadump_header_compatible(struct fadump_kernel *k,
				       const struct fa_crashinfo *fdh)
{
	if (fdh->magic_number == FADUMP_CRASH_INFO_MAGIC_OLD) {
		pr_err(k, "Old magic number, can't process the dump.\n");
		return 0;
	}
	if (fdh->magic_number != FADUMP_CRASH_INFO_MAGIC) {
		if (fdh->magic_number ==
		    __builtin_bswap64(FADUMP_CRASH_INFO_MAGIC))
			pr_err(k, "Endianness mismatch between the crashed and fadump kernels.\n");
		else
			pr_err(k, "Fadump header is corrupted.\n");
		return 0;
	}
	if (fdh->pt_regs_sz != FADUMP_PT_REGS_SIZE ||
	    fdh->cpu_mask_sz != fadump_cpumask_size(k)) {
		pr_err(k, "Fadump header size mismatch.\n");
		return 0;
	}
	return 1;
}

static void fadump_invalidate_release_mem(struct fadump_kernel *k);

/* fadump_process() (v6.10+) and the pre-6.10 platform-only processing. */
static void fadump_process(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	struct fa_crashinfo fdh;

	if (k->era == FA_ERA_PRE_6_10) {
		if (fw->ops->fadump_process(k) < 0)
			fadump_invalidate_release_mem(k);
		return;
	}
	if (!fw->fadumphdr_addr) {
		pr_err(k, "Crash info header is empty.\n");
		goto err_out;
	}
	if (fadump_read_hdr(k, &fdh) || !is_fadump_header_compatible(k, &fdh))
		goto err_out;
	if (fadump_setup_elfcorehdr_buf(k))
		goto err_out;
	if (fadump_populate_elfcorehdr(k, &fdh))
		goto err_out;
	if (fw->ops->fadump_process(k) < 0)
		goto err_out;
	k->elfcorehdr_addr = fw->elfcorehdr_addr;
	return;
err_out:
	fadump_invalidate_release_mem(k);
}

/* fadump_setup_param_area(), radix MMU: top of the upper half of DRAM. */
static void fadump_setup_param_area(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t end = memblock_end_of_DRAM(k), s, e, best = 0;
	int i;

	if (!fw->param_area_supported || fw->dump_active ||
	    k->era == FA_ERA_PRE_6_10)
		return;
	for (i = 0; free_mem_range(k, i, &s, &e); i++) {
		uint64_t cand;

		if (s < end / 2)
			s = end / 2;
		if (e <= s || e - s < COMMAND_LINE_SIZE)
			continue;
		cand = FA_ALIGN_DOWN(e - COMMAND_LINE_SIZE, COMMAND_LINE_SIZE);
		if (cand >= s)
			best = cand;
	}
	if (!best || memblock_reserve(k, best, COMMAND_LINE_SIZE)) {
		pr_warn(k, "WARNING: Could not setup area to pass additional parameters!\n");
		return;
	}
	fw->param_area = best;
	{
		struct fa_err e2;

		if (machine_zero(k->m, best, COMMAND_LINE_SIZE, &e2))
			model_fail(k, &e2);
	}
}

/* fadump_append_bootargs(): the capture kernel takes the extra arguments. */
static void fadump_append_bootargs(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	char args[COMMAND_LINE_SIZE + 1];
	size_t len;
	struct fa_err e;

	if (!fw->dump_active || !fw->param_area_supported || !fw->param_area)
		return;
	if (fw->param_area < fw->boot_mem_top &&
	    memblock_reserve(k, fw->param_area, COMMAND_LINE_SIZE)) {
		pr_warn(k, "WARNING: Can't use additional parameters area!\n");
		fw->param_area = 0;
		return;
	}
	if (machine_read(k->m, fw->param_area, args, COMMAND_LINE_SIZE, &e)) {
		model_fail(k, &e);
		return;
	}
	args[COMMAND_LINE_SIZE] = '\0';
	len = strlen(k->cmdline);
	if (len + strlen(args) >= COMMAND_LINE_SIZE - 1)
		pr_warn(k, "WARNING: Appending parameters exceeds cmdline size. Truncating!\n");
	pr_debug(k, "Cmdline: %s\n", k->cmdline);
	if (len + 1 < COMMAND_LINE_SIZE) {
		size_t room = COMMAND_LINE_SIZE - len - 2;
		size_t n = strlen(args);

		k->cmdline[len] = ' ';
		if (n > room)
			n = room;
		memcpy(k->cmdline + len + 1, args, n);
		k->cmdline[len + 1 + n] = '\0';
	}
	pr_info(k, "Updated cmdline: %s\n", k->cmdline);
}

int setup_fadump(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;

	if (!fw->fadump_supported)
		return 0;
	/* fadump_init_files(): which files exist is decided here */
	k->files_dump_active = fw->dump_active;
	k->files_param_area = fw->param_area;
	if (!fw->fadump_enabled)
		return 1;
	if (fw->dump_active) {
		fadump_process(k);
	} else if (fw->reserve_dump_area_size) {
		fw->ops->fadump_init_mem_struct(k);
		register_fadump(k);
	}
	return 1;
}

void fadump_mem_init(struct fadump_kernel *k)
{
	struct fa_err e;

	if (synth_mem_init(k->m, k->reserved.regions, k->reserved.cnt, &e))
		model_fail(k, &e);
}

int fadump_boot_first(struct fadump_kernel *k)
{
	early_init_dt_scan_fw_dump(k);
	fadump_reserve_mem(k);
	early_enforce_memory_limit(k);
	fadump_setup_param_area(k);
	fadump_cma_init(k);
	fadump_mem_init(k);
	fadump_printk_sync(k, FADUMP_PRINTK_TS_EARLY);
	k->ddebug_ready = 1;	/* dynamic_debug_init(), an early_initcall */
	setup_fadump(k);
	fadump_printk_sync(k, FADUMP_PRINTK_TS_INITCALL);
	/* the state firmware finds in memory when it takes over */
	fadump_plant_kernel_state(k);
	return fadump_model_failed(k) ? -EFAULT : 0;
}

int fadump_boot_capture(struct fadump_kernel *k, struct machine *m, void *fw,
			int era, const char *cmdline)
{
	struct fa_err e;

	fadump_kernel_init(k, m, fw, era, cmdline);
	k->is_capture = 1;
	early_init_dt_scan_fw_dump(k);
	/* the new kernel runs in [0, boot_mem_top) and overwrites it */
	if (machine_capture_boot(m, k->fw_dump.dump_active ?
				 k->fw_dump.boot_mem_top : 0, &e))
		return model_fail(k, &e);
	fadump_append_bootargs(k);
	fadump_reserve_mem(k);
	early_enforce_memory_limit(k);
	k->ddebug_ready = 1;	/* dynamic_debug_init(), an early_initcall */
	setup_fadump(k);
	return fadump_model_failed(k) ? -EFAULT : 0;
}

/* --------------------------------------------------------------- release */

void fadump_cleanup(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;

	if (!fw->fadump_supported)
		return;
	if (fw->dump_active) {
		pr_debug(k, "Invalidating firmware-assisted dump registration\n");
		fw->ops->fadump_invalidate(k);
	} else if (fw->dump_registered) {
		fw->ops->fadump_unregister(k);
	}
	if (fw->ops->fadump_cleanup)
		fw->ops->fadump_cleanup(k);
}

static void release_range(struct fadump_kernel *k, uint64_t start,
			  uint64_t end)
{
	uint64_t ps = k->page_size;
	int i;

	/*
	 * fadump_release_reserved_area(): whole pages from PHYS_PFN(start)
	 * to PHYS_PFN(end) (both rounded down) inside each memory range's
	 * pfns, skipping holes; fadump_free_reserved_memory() prints them.
	 */
	start = FA_ALIGN_DOWN(start, ps);
	end = FA_ALIGN_DOWN(end, ps);
	for (i = 0; i < k->memory.cnt; i++) {
		uint64_t rs = FA_ALIGN_UP(k->memory.regions[i].base, ps);
		uint64_t re = FA_ALIGN_DOWN(k->memory.regions[i].base +
					    k->memory.regions[i].size, ps);
		uint64_t ts = start > rs ? start : rs;
		uint64_t te = end < re ? end : re;

		if (ts >= te)
			continue;
		pr_info(k, "freeing reserved memory (0x%lx - 0x%lx)\n", ts, te);
		if (k->nr_released < FADUMP_MEMBLOCK_MAX) {
			k->released[k->nr_released].base = ts;
			k->released[k->nr_released].size = te - ts;
			k->nr_released++;
		}
	}
}

/* fadump_release_memory(): all of [begin, end) but the area and rranges. */
static void fadump_release_memory(struct fadump_kernel *k, uint64_t begin,
				  uint64_t end)
{
	uint64_t ra_start = k->fw_dump.reserve_dump_area_start;
	uint64_t ra_end = ra_start + k->fw_dump.reserve_dump_area_size;
	uint64_t tstart = begin;
	struct memblock_type t;
	int i;

	if (k->nr_rranges == 1024)
		k->nr_rranges--;
	if (ra_start != ra_end) {
		k->rranges[k->nr_rranges].base = ra_start;
		k->rranges[k->nr_rranges].size = ra_end - ra_start;
		k->nr_rranges++;
	}
	t.cnt = 0;
	for (i = 0; i < k->nr_rranges && i < FADUMP_MEMBLOCK_MAX; i++)
		t.regions[t.cnt++] = k->rranges[i];
	memblock_sort_merge(&t);
	for (i = 0; i < t.cnt; i++) {
		k->rranges[i] = t.regions[i];
		ra_start = t.regions[i].base;
		ra_end = ra_start + t.regions[i].size;
		if (tstart >= ra_end)
			continue;
		if (tstart < ra_start)
			release_range(k, tstart, ra_start);
		tstart = ra_end;
	}
	k->nr_rranges = t.cnt;
	if (tstart < end)
		release_range(k, tstart, end);
	k->mem_released = 1;
}

static void fadump_free_elfcorehdr_buf(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;

	if (!fw->elfcorehdr_addr || !fw->elfcorehdr_size)
		return;
	k->elfcorehdr_addr = ELFCORE_ADDR_ERR;
	fadump_free_alloc(k, fw->elfcorehdr_addr, fw->elfcorehdr_size);
	fw->elfcorehdr_addr = 0;
	fw->elfcorehdr_size = 0;
}

static void fadump_invalidate_release_mem(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;

	if (!fw->dump_active)
		return;
	fadump_cleanup(k);
	fadump_free_elfcorehdr_buf(k);
	if (k->era == FA_ERA_PRE_6_10)
		k->elfcorehdr_addr = ELFCORE_ADDR_ERR;
	fadump_release_memory(k, fw->boot_mem_top, memblock_end_of_DRAM(k));
	fadump_free_cpu_notes_buf(k);
	if (fw->ops->fadump_setup_metadata && fw->ops->fadump_setup_metadata(k) < 0)
		pr_warn(k, "Failed to setup kernel metadata!\n");
	fw->ops->fadump_init_mem_struct(k);
}

int fadump_release_mem_store(struct fadump_kernel *k, const char *buf)
{
	int input = -1;

	if (!k->fw_dump.dump_active)
		return -EPERM;
	if (kstrtoint(buf, 0, &input))
		return -EINVAL;
	if (input != 1)
		return -EINVAL;
	k->vmcore_removed = 1;	/* vmcore_cleanup() */
	fadump_invalidate_release_mem(k);
	return 0;
}

int fadump_registered_store(struct fadump_kernel *k, const char *buf)
{
	struct fw_dump *fw = &k->fw_dump;
	int input = -1, ret = 0;

	if (!fw->fadump_enabled || fw->dump_active)
		return -EPERM;
	if (kstrtoint(buf, 0, &input))
		return -EINVAL;
	switch (input) {
	case 0:
		if (!fw->dump_registered)
			break;
		pr_debug_in(k, "registered_store",
			    "Un-register firmware-assisted dump\n");
		fw->ops->fadump_unregister(k);
		break;
	case 1:
		if (fw->dump_registered)
			fw->ops->fadump_unregister(k);
		ret = register_fadump(k);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	return ret < 0 ? ret : 0;
}

long fadump_bootargs_append_store(struct fadump_kernel *k, const char *buf,
				  size_t count)
{
	struct fw_dump *fw = &k->fw_dump;
	char params[COMMAND_LINE_SIZE];
	size_t n;
	struct fa_err e;

	if (!fw->fadump_enabled || fw->dump_active)
		return -EPERM;
	if (count >= COMMAND_LINE_SIZE)
		return -EINVAL;
	if (strlen(k->cmdline) + count >= COMMAND_LINE_SIZE) {
		pr_err(k, "Appending parameters exceeds cmdline size!\n");
		return -ENOSPC;
	}
	/* strscpy_pad() then drop one trailing newline */
	memset(params, 0, sizeof(params));
	n = count < sizeof(params) - 1 ? count : sizeof(params) - 1;
	memcpy(params, buf, n);
	params[n] = '\0';
	if (count && params[count - 1] == '\n')
		params[count - 1] = '\0';
	if (machine_write(k->m, fw->param_area, params, sizeof(params), &e))
		return model_fail(k, &e);
	return (long)count;
}

char *fadump_region_text(struct fadump_kernel *k)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	if (k->fw_dump.fadump_enabled && k->fw_dump.ops)
		k->fw_dump.ops->fadump_region_show(k, f);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

void fadump_region_emit(struct fa_region_show *s, FILE *m)
{
	struct fa_text t;
	struct fa_err e;

	fa_text_init(&t);
	if (!fa_region_render(s, &t, &e) && t.buf)
		fwrite(t.buf, 1, t.len, m);
	fa_text_free(&t);
	fa_region_show_free(s);
	free(s);
}
