// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * phyp_dump.c - the legacy hypervisor-assisted dump ("phyp dump") of
 * v2.6.26..v2.6.36 (arch/powerpc/platforms/pseries/phyp_dump.c, the
 * phyp_dump_reserve_mem() of arch/powerpc/kernel/prom.c and
 * Documentation/powerpc/phyp-assisted-dump.txt), in that kernel's terms.
 *
 * First kernel: with phyp_dump=1 and firmware support it reserves a
 * scratch area of cpu_state_size + hpte_region_size + the variable reserve
 * size (5 % of RAM rounded down to 256 MiB, at least 256 MiB, or
 * phyp_dump_reserve_size=) at the top of RAM and registers three sections
 * (CPU state, HPTE, the low 256 MiB "RMO") with ibm,configure-kernel-dump,
 * a 160-byte structure with the same layout as FADump's old one.
 * Crash: ibm,os-term; firmware copies the RMO into the scratch area.
 * Capture kernel: everything above the variable reserve size stays
 * reserved; /sys/kernel/release_region shows the sections and takes
 * "ADDR LEN" writes that give memory back; once the user has given back
 * exactly the whole reserved and scratch areas, the dump is invalidated
 * and registered again.
 *
 * The old kernel built no elfcorehdr.  The document has userspace "read
 * /proc/vmcore to obtain the contents of memory", so the model exports the
 * preserved memory as a vmcore with the DESIGN content rule: the RMO served
 * from the firmware's copy, the CPU state and HPTE sections at their
 * physical addresses, the rest of the reserved memory in place, released
 * pages left out.  --mainline-exact cuts the whole scratch area and makes
 * release_region print what that kernel printed (see phyp_release_region).
 */
#define pr_fmt(fmt) fmt

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfcore.h"
#include "fa_outfile.h"
#include "fadump.h"
#include "fw_rtas.h"
#include "prstatus.h"
#include "rtas.h"
#include "synth.h"

#define PHYP_DUMP_RMR_START	0x0ULL
#define PHYP_DUMP_RMR_END	(1ULL << 28)
#define NUM_DUMP_SECTIONS	3
#define DUMP_HEADER_VERSION	0x1
#define DUMP_REQUEST_FLAG	0x1
#define DUMP_SOURCE_CPU		0x0001
#define DUMP_SOURCE_HPTE	0x0002
#define DUMP_SOURCE_RMO		0x0011
#define DUMP_ERROR_FLAG		0x2000
#define PHYP_RELEASED_MAX	256

/* struct phyp_dump (asm/phyp_dump.h) plus the file's statics. */
struct phyp_dump {
	uint64_t init_reserve_start;
	uint64_t init_reserve_size;
	uint64_t reserve_bootvar;
	uint64_t phyp_dump_at_boot;
	uint64_t phyp_dump_configured;
	uint64_t phyp_dump_is_active;
	uint64_t cpu_state_size;
	uint64_t hpte_region_size;
	uint64_t reserved_scratch_addr;
	uint64_t reserved_scratch_size;

	int ibm_configure_kernel_dump;
	struct fa_rtas_fdm phdr;	/* the static phyp_dump_header */
	uint64_t phdr_paddr;		/* where it lies for firmware */
	struct fa_rtas_fdm dump_header;	/* /rtas/ibm,kernel-dump */
	int have_dump_header;
	int registered;			/* the last REGISTER succeeded */
	int file_release_region;	/* sysfs files created */
	int file_phyp_dump_active;
	uint64_t scratch_area_size;	/* track_freed_range() statics */
	uint64_t reserved_area_size;

	/* pages given back (release_memory_range), merged */
	struct fa_range released[PHYP_RELEASED_MAX];
	int nr_released;
	uint64_t elfcorehdr_cap;	/* bytes allocated at elfcorehdr_addr */
};

static struct phyp_dump *info(struct fadump_kernel *k)
{
	return k->plat;
}

/* -------------------------------------------------------- early boot */

/* early_init_dt_scan_phyp_dump() */
static void early_init_dt_scan_phyp_dump(struct fadump_kernel *k)
{
	struct phyp_dump *p = info(k);
	struct fa_rtas_dump_sizes ds;
	const void *prop;
	uint32_t token;
	struct fa_err e;
	size_t len;

	p->phyp_dump_configured = 0;
	p->phyp_dump_is_active = 0;
	prop = machine_dt_get(k->m, "/rtas/ibm,configure-kernel-dump", &len);
	if (prop && !fa_rtas_token_decode(prop, len, &token, &e)) {
		p->phyp_dump_configured++;
		p->ibm_configure_kernel_dump = (int)token;
	}
	if (machine_dt_get(k->m, "/rtas/ibm,dump-kernel", &len))
		p->phyp_dump_is_active++;
	prop = machine_dt_get(k->m, "/rtas/ibm,configure-kernel-dump-sizes",
			      &len);
	if (!prop || fa_rtas_dump_sizes_decode(prop, len, &ds, &e))
		return;
	fa_rtas_dump_sizes_lookup(&ds, &p->cpu_state_size,
				  &p->hpte_region_size);
}

/* The last "phyp_dump" / "phyp_dump=" word of the command line, or NULL. */
static const char *phyp_dump_param(const char *cmdline, int *has_value)
{
	const char *p = cmdline, *found = NULL;
	size_t n = strlen("phyp_dump");

	while ((p = strstr(p, "phyp_dump"))) {
		int start = p == cmdline || p[-1] == ' ';

		if (start && (p[n] == '\0' || p[n] == ' ' || p[n] == '=')) {
			found = p;
			*has_value = p[n] == '=';
		}
		p += n;
	}
	return found ? found + n + (*has_value ? 1 : 0) : NULL;
}

/* early_phyp_dump_enabled() and early_phyp_dump_reserve_size() */
static void parse_early_params(struct fadump_kernel *k)
{
	struct phyp_dump *p = info(k);
	const char *v;
	char val[64];
	int has_value = 0;

	v = phyp_dump_param(k->cmdline, &has_value);
	if (v) {
		p->phyp_dump_at_boot = 1;
		if (has_value && !strncmp(v, "1", 1))
			p->phyp_dump_at_boot = 1;
		else if (has_value && !strncmp(v, "0", 1))
			p->phyp_dump_at_boot = 0;
	}
	if (fadump_cmdline_param(k->cmdline, "phyp_dump_reserve_size", val,
				 sizeof(val)))
		p->reserve_bootvar = memparse(val, NULL);
}

/* phyp_dump_calculate_reserve_size(): 5 % in 256 MiB steps, >= 256 MiB. */
static uint64_t phyp_dump_calculate_reserve_size(struct fadump_kernel *k)
{
	uint64_t tmp;

	if (info(k)->reserve_bootvar)
		return info(k)->reserve_bootvar;
	tmp = memblock_end_of_DRAM(k) / 20;
	tmp &= ~0x0FFFFFFFULL;
	return tmp > PHYP_DUMP_RMR_END ? tmp : PHYP_DUMP_RMR_END;
}

/* phyp_dump_reserve_mem() */
static void phyp_dump_reserve_mem(struct fadump_kernel *k)
{
	struct phyp_dump *p = info(k);
	uint64_t base, size, variable_reserve_size;

	if (!p->phyp_dump_configured) {
		pr_err(k, "Phyp-dump not supported on this hardware\n");
		return;
	}
	if (!p->phyp_dump_at_boot) {
		pr_info(k, "Phyp-dump disabled at boot time\n");
		return;
	}
	variable_reserve_size = phyp_dump_calculate_reserve_size(k);
	if (p->phyp_dump_is_active) {
		/* everything above the RMR; userland frees it */
		base = variable_reserve_size;
		size = memblock_end_of_DRAM(k) - base;
	} else {
		size = p->cpu_state_size + p->hpte_region_size +
		       variable_reserve_size;
		base = memblock_end_of_DRAM(k) - size;
	}
	fadump_memblock_reserve(k, base, size);
	p->init_reserve_start = base;
	p->init_reserve_size = size;
}

/* ---------------------------------------------------------- registration */

/* init_dump_header(): offsets from 0, relocated at registration. */
static uint64_t init_dump_header(struct fadump_kernel *k,
				 struct fa_rtas_fdm *ph)
{
	struct phyp_dump *p = info(k);
	uint64_t addr_offset = 0;
	struct fa_rtas_section *s = ph->rgn;

	memset(ph, 0, sizeof(*ph));
	ph->dump_format_version = DUMP_HEADER_VERSION;
	ph->dump_num_sections = NUM_DUMP_SECTIONS;
	ph->offset_first_dump_section = FA_RTAS_HDR_SIZE;

	s[0].request_flag = DUMP_REQUEST_FLAG;
	s[0].source_data_type = DUMP_SOURCE_CPU;
	s[0].source_len = p->cpu_state_size;
	s[0].destination_address = addr_offset;
	addr_offset += p->cpu_state_size;

	s[1].request_flag = DUMP_REQUEST_FLAG;
	s[1].source_data_type = DUMP_SOURCE_HPTE;
	s[1].source_len = p->hpte_region_size;
	s[1].destination_address = addr_offset;
	addr_offset += p->hpte_region_size;

	s[2].request_flag = DUMP_REQUEST_FLAG;
	s[2].source_data_type = DUMP_SOURCE_RMO;
	s[2].source_address = PHYP_DUMP_RMR_START;
	s[2].source_len = PHYP_DUMP_RMR_END;
	s[2].destination_address = addr_offset;
	addr_offset += s[2].source_len;
	return addr_offset;
}

/* The header in memory for firmware to read (the kernel's .bss). */
static int store_phdr(struct fadump_kernel *k)
{
	struct phyp_dump *p = info(k);
	uint8_t buf[FA_RTAS_FDM_OLD_SIZE];
	struct fa_err e;
	size_t n;

	if (!p->phdr_paddr)
		p->phdr_paddr = fadump_alloc(k, sizeof(buf), 8);
	if (!p->phdr_paddr) {
		fa_err_set(&e, FA_ENOMEM, "no memory for the phyp dump header");
		return fadump_model_error(k, &e);
	}
	if (fa_rtas_fdm_encode_image(&p->phdr, FA_RTAS_IMAGE_OLD, buf,
				     sizeof(buf), &n, &e) ||
	    machine_write(k->m, p->phdr_paddr, buf, n, &e))
		return fadump_model_error(k, &e);
	return 0;
}

/* ibm,configure-kernel-dump with the busy retry loop. */
static int configure_kernel_dump(struct fadump_kernel *k, int cmd)
{
	int rc;

	if (store_phdr(k))
		return -1;
	do {
		rc = rtas_call(k->fw, info(k)->ibm_configure_kernel_dump, 3, 1,
			       NULL, (uint64_t)cmd, info(k)->phdr_paddr,
			       (uint64_t)FA_RTAS_FDM_OLD_SIZE);
	} while (rtas_busy_delay_time(rc));
	return rc;
}

static void relocate_phdr(struct fa_rtas_fdm *ph, uint64_t addr)
{
	int i;

	/* add addr value if not initialized before */
	if (ph->rgn[0].destination_address != 0)
		return;
	for (i = 0; i < NUM_DUMP_SECTIONS; i++)
		ph->rgn[i].destination_address += addr;
}

/* register_dump_area() */
static void register_dump_area(struct fadump_kernel *k, uint64_t addr)
{
	struct phyp_dump *p = info(k);
	int rc;

	relocate_phdr(&p->phdr, addr);
	rc = configure_kernel_dump(k, 1);
	if (rc) {
		pr_err(k, "phyp-dump: unexpected error (%d) on register\n", rc);
		p->registered = 0;
		return;
	}
	p->registered = 1;
	k->fw_dump.dump_registered = 1;
	p->file_phyp_dump_active = 1;
}

/* invalidate_last_dump() */
static void invalidate_last_dump(struct fadump_kernel *k, uint64_t addr)
{
	struct phyp_dump *p = info(k);
	int rc;

	relocate_phdr(&p->phdr, addr);
	rc = configure_kernel_dump(k, 2);
	if (rc)
		pr_err(k, "phyp-dump: unexpected error (%d) on invalidate\n",
		       rc);
	else if (k->is_capture)
		k->vmcore_removed = 1;	/* firmware dropped the dump */
	p->registered = 0;
	k->fw_dump.dump_registered = 0;
}

/* ------------------------------------------------------------- vmcore */

static void load(struct fa_elf_phdr *ph, uint64_t start, uint64_t size,
		 uint64_t offset)
{
	memset(ph, 0, sizeof(*ph));
	ph->type = FA_PT_LOAD;
	ph->flags = FA_PF_R | FA_PF_W | FA_PF_X;
	ph->offset = offset;
	ph->paddr = start;
	ph->vaddr = start + FA_PPC64_PAGE_OFFSET;
	ph->filesz = ph->memsz = size;
}

/* Add [s, e) minus the released pages. */
static size_t loads_unreleased(struct phyp_dump *p, struct fa_elf_phdr *ph,
			       size_t cap, uint64_t s, uint64_t e)
{
	size_t n = 0;
	int i;

	for (i = 0; i < p->nr_released && s < e && n < cap; i++) {
		uint64_t rs = p->released[i].base;
		uint64_t re = rs + p->released[i].size;

		if (re <= s || rs >= e)
			continue;
		if (rs > s)
			load(&ph[n++], s, rs - s, s);
		s = re;
	}
	if (s < e && n < cap)
		load(&ph[n++], s, e - s, s);
	return n;
}

/*
 * The RMO, served from the firmware's copy: the parts of the copy that
 * were given back are no dump data any more.
 */
static size_t rmo_loads(struct phyp_dump *p, struct fa_elf_phdr *ph,
			size_t cap, const struct fa_rtas_section *rmo)
{
	uint64_t dest = rmo->destination_address;
	size_t n, i;

	n = loads_unreleased(p, ph, cap, dest, dest + rmo->bytes_dumped);
	for (i = 0; i < n; i++)
		load(&ph[i], rmo->source_address + ph[i].paddr - dest,
		     ph[i].memsz, ph[i].paddr);
	return n;
}

/* The vmcore's elfcorehdr in capture-kernel memory (see the file comment). */
static int phyp_build_elfcorehdr(struct fadump_kernel *k)
{
	struct phyp_dump *p = info(k);
	const struct fa_rtas_section *s = p->dump_header.rgn;
	uint64_t vi_paddr, vi_size, ra_s, ra_e, cap_bytes;
	size_t cap, n = 0;
	struct fa_elf_phdr *ph;
	struct fa_err e;
	uint8_t *buf;
	int i, ret = 0;

	if (synth_vmcoreinfo(k->m, &vi_paddr, &vi_size)) {
		pr_err(k, "phyp-dump: no VMCOREINFO note in the crashed kernel\n");
		return -ENOENT;
	}
	cap = 8 + 2 * (size_t)k->memory.cnt + PHYP_RELEASED_MAX;
	cap_bytes = fadump_page_align(k, fa_elf_headers_size(cap));
	if (!p->elfcorehdr_cap) {
		k->elfcorehdr_addr = fadump_alloc(k, cap_bytes, k->page_size);
		if (!k->elfcorehdr_addr) {
			k->elfcorehdr_addr = ELFCORE_ADDR_MAX;
			return -ENOMEM;
		}
		p->elfcorehdr_cap = cap_bytes;
	}
	ph = calloc(cap, sizeof(*ph));
	buf = calloc(1, cap_bytes);
	if (!ph || !buf) {
		fa_err_set(&e, FA_ENOMEM, "elfcorehdr: out of memory");
		ret = fadump_model_error(k, &e);
		goto out;
	}
	/* the VMCOREINFO note, from the firmware's copy when in the RMO */
	ph[n].type = FA_PT_NOTE;
	ph[n].offset = ph[n].paddr = vi_paddr < PHYP_DUMP_RMR_END ?
		vi_paddr + s[2].destination_address : vi_paddr;
	ph[n].filesz = ph[n].memsz = vi_size;
	n++;
	n += rmo_loads(p, &ph[n], cap - n, &s[2]);
	ra_s = p->reserved_scratch_addr;
	ra_e = ra_s + p->reserved_scratch_size;
	if (!k->mainline_exact)
		for (i = 0; i < 2; i++)
			if (s[i].bytes_dumped)
				n += loads_unreleased(p, &ph[n], cap - n,
						      s[i].destination_address,
						      s[i].destination_address +
						      s[i].bytes_dumped);
	for (i = 0; i < k->memory.cnt && n + 2 < cap; i++) {
		uint64_t ms = k->memory.regions[i].base;
		uint64_t me = ms + k->memory.regions[i].size;

		if (ms < p->init_reserve_start)
			ms = p->init_reserve_start;
		if (ms >= me)
			continue;
		if (ra_s < me && ra_e > ms) {
			if (ms < ra_s)
				n += loads_unreleased(p, &ph[n], cap - n, ms,
						      ra_s);
			if (ra_e < me)
				n += loads_unreleased(p, &ph[n], cap - n,
						      ra_e, me);
		} else {
			n += loads_unreleased(p, &ph[n], cap - n, ms, me);
		}
	}
	if (fa_elf_build_headers(buf, cap_bytes, k->byteorder, FA_EM_PPC64,
				 k->byteorder == FA_LE ? 2 : 1, ph, n, &e) < 0 ||
	    machine_write(k->m, k->elfcorehdr_addr, buf, cap_bytes, &e))
		ret = fadump_model_error(k, &e);
out:
	free(ph);
	free(buf);
	return ret;
}

/* ------------------------------------------------------------ initcall */

/* phyp_dump_setup() */
static int phyp_dump_setup(struct fadump_kernel *k)
{
	struct phyp_dump *p = info(k);
	const struct fa_rtas_section *s;
	uint64_t dump_area_start;
	const void *prop;
	struct fa_err e;
	size_t len;

	if (p->init_reserve_size == 0)
		return 0;
	if (!p->phyp_dump_configured)
		return -ENOSYS;
	prop = machine_dt_get(k->m, "/rtas/ibm,kernel-dump", &len);
	if (prop && !fa_rtas_fdm_decode(prop, len, &p->dump_header, &e) &&
	    p->dump_header.dump_num_sections >= NUM_DUMP_SECTIONS)
		p->have_dump_header = 1;
	init_dump_header(k, &p->phdr);
	dump_area_start = FA_ALIGN_DOWN(p->init_reserve_start, k->page_size);
	if (!p->have_dump_header) {
		register_dump_area(k, dump_area_start);
		return 0;
	}
	/* re-register the dump area, if old dump was invalid */
	if (p->dump_header.dump_status_flag & DUMP_ERROR_FLAG) {
		invalidate_last_dump(k, dump_area_start);
		register_dump_area(k, dump_area_start);
		return 0;
	}
	s = p->dump_header.rgn;
	p->reserved_scratch_addr = s[0].destination_address;
	p->reserved_scratch_size = s[0].source_len + s[1].source_len +
				   s[2].source_len;
	p->file_release_region = 1;
	return phyp_build_elfcorehdr(k);
}

/* ------------------------------------------------------ release_region */

static void add_released(struct phyp_dump *p, uint64_t base, uint64_t end)
{
	struct fa_range *r = p->released;
	int i, j, n = 0;

	if (p->nr_released < PHYP_RELEASED_MAX) {
		r[p->nr_released].base = base;
		r[p->nr_released].size = end - base;
		p->nr_released++;
	}
	for (i = 1; i < p->nr_released; i++) {
		struct fa_range t = r[i];

		for (j = i; j > 0 && r[j - 1].base > t.base; j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
	for (i = 0; i < p->nr_released; i++) {
		if (n && r[n - 1].base + r[n - 1].size >= r[i].base) {
			uint64_t e = r[i].base + r[i].size;

			if (e > r[n - 1].base + r[n - 1].size)
				r[n - 1].size = e - r[n - 1].base;
			continue;
		}
		r[n++] = r[i];
	}
	p->nr_released = n;
}

/*
 * release_memory_range(): pfns start_pfn..start_pfn + nr_pages, the last
 * one included (the loop runs to <= end_pfn), each freed if it is still
 * reserved, i.e. inside the boot-time reservation.
 */
static void release_memory_range(struct fadump_kernel *k, uint64_t start_pfn,
				 uint64_t nr_pages)
{
	struct phyp_dump *p = info(k);
	uint64_t ps = k->page_size;
	uint64_t s = start_pfn * ps, e = (start_pfn + nr_pages + 1) * ps;
	uint64_t rs = p->init_reserve_start;
	uint64_t re = rs + p->init_reserve_size;
	int i;

	if (s < rs)
		s = FA_ALIGN_UP(rs, ps);
	if (e > re)
		e = FA_ALIGN_DOWN(re, ps);
	for (i = 0; i < k->memory.cnt; i++) {
		uint64_t ms = k->memory.regions[i].base;
		uint64_t me = ms + k->memory.regions[i].size;

		ms = ms > s ? ms : s;
		me = me < e ? me : e;
		if (ms < me)
			add_released(p, ms, me);
	}
}

/* track_freed_range(): re-register once everything came back. */
static void track_freed_range(struct fadump_kernel *k, uint64_t addr,
			      uint64_t length)
{
	struct phyp_dump *p = info(k);

	if (addr < p->init_reserve_start)
		return;
	if (addr >= p->init_reserve_start &&
	    addr <= p->init_reserve_start + p->init_reserve_size)
		p->reserved_area_size += length;
	if (addr >= p->reserved_scratch_addr &&
	    addr <= p->reserved_scratch_addr + p->reserved_scratch_size)
		p->scratch_area_size += length;
	if (p->reserved_area_size == p->init_reserve_size &&
	    p->scratch_area_size == p->reserved_scratch_size) {
		invalidate_last_dump(k, p->reserved_scratch_addr);
		register_dump_area(k, p->reserved_scratch_addr);
	}
}

long phyp_release_region_store(struct fadump_kernel *k, const char *buf,
			       size_t count)
{
	struct phyp_dump *p = info(k);
	uint64_t start_addr, length, end_addr;

	if (!p || !p->file_release_region)
		return -ENOENT;
	if (fa_phyp_release_region_parse_write(buf, &start_addr, &length))
		return -EINVAL;
	track_freed_range(k, start_addr, length);
	/* don't free any reserved memory that wasn't reserved for phyp-dump */
	if (start_addr < p->init_reserve_start)
		start_addr = p->init_reserve_start;
	end_addr = p->init_reserve_start + p->init_reserve_size;
	/*
	 * The kernel's clamp (length = end_addr - start_addr) wraps when the
	 * start lies beyond the end and walked pfns that do not exist; the
	 * model frees nothing then.
	 */
	if (start_addr >= end_addr)
		return (long)count;
	if (length > end_addr - start_addr)
		length = end_addr - start_addr;
	release_memory_range(k, start_addr / k->page_size,
			     length / k->page_size);
	klog(k, KLOG_DEBUG, "fadump-tools: release_region gave back [%#llx, %#llx)\n",
		(unsigned long long)start_addr,
		(unsigned long long)(start_addr + length));
	if (k->elfcorehdr_addr != ELFCORE_ADDR_MAX && !k->vmcore_removed &&
	    phyp_build_elfcorehdr(k))
		return -EFAULT;
	return (long)count;
}

char *phyp_release_region_text(struct fadump_kernel *k)
{
	struct phyp_dump *p = info(k);
	const struct fa_rtas_fdm *h;
	struct fa_phyp_release_region r;
	struct fa_text t;
	struct fa_err e;
	int i;

	if (!p || !p->file_release_region)
		return NULL;
	/*
	 * show_release_region() printed the kernel's own static header: in
	 * a capture kernel that is init_dump_header()'s offsets from 0 with
	 * length_copied 0, since nothing relocated or filled it.  The model
	 * shows the firmware's sections (ibm,kernel-dump), which is what the
	 * document's example and the tools that parse the file expect;
	 * --mainline-exact prints the kernel's.
	 */
	h = k->mainline_exact ? &p->phdr : &p->dump_header;
	memset(&r, 0, sizeof(r));
	for (i = 0; i < NUM_DUMP_SECTIONS; i++) {
		uint64_t a = h->rgn[i].destination_address;
		uint64_t l = h->rgn[i].bytes_dumped;

		if (i == 0) {
			r.cpu_addr = a;
			r.cpu_len = l;
		} else if (i == 1) {
			r.hpte_addr = a;
			r.hpte_len = l;
		} else {
			r.kernel_addr = a;
			r.kernel_len = l;
		}
	}
	r.reserve_start = p->init_reserve_start;
	r.second_addr_range = p->init_reserve_size - p->reserved_scratch_size;
	fa_text_init(&t);
	if (fa_phyp_release_region_render(&r, &t, &e)) {
		fa_text_free(&t);
		return NULL;
	}
	return t.buf;
}

/* ------------------------------------------------------ model hooks */

static int put_file(const char *root, const char *rel, const char *text,
		    struct fa_err *e)
{
	char path[4096];
	int ret;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ret = fa_write_file(path, text, strlen(text), e);
	if (!ret && chmod(path, 0600))
		ret = fa_err_errno(e, path);
	return ret;
}

static int mkdir_p(const char *root, const char *rel, struct fa_err *e)
{
	char path[4096];
	char *q;

	snprintf(path, sizeof(path), "%s/%s/", root, rel);
	for (q = path + strlen(root) + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return fa_err_errno(e, path);
		*q = '/';
	}
	return 0;
}

/* sys/kernel/release_region and sys/kernel/phyp_dump_active (both 0600). */
static int phyp_write_root(struct fadump_kernel *k, const char *root,
			   struct fa_err *e)
{
	struct phyp_dump *p = info(k);
	char *text, buf[32], path[4096];
	int ret;

	if ((ret = mkdir_p(root, "sys/kernel", e)))
		return ret;
	snprintf(path, sizeof(path), "%s/sys/kernel/release_region", root);
	unlink(path);
	text = phyp_release_region_text(k);
	if (text) {
		ret = put_file(root, "sys/kernel/release_region", text, e);
		free(text);
		if (ret)
			return ret;
	}
	snprintf(path, sizeof(path), "%s/sys/kernel/phyp_dump_active", root);
	unlink(path);
	if (!p->file_phyp_dump_active)
		return 0;
	snprintf(buf, sizeof(buf), "%llx\n",
		 (unsigned long long)p->phyp_dump_at_boot);
	return put_file(root, "sys/kernel/phyp_dump_active", buf, e);
}

static int phyp_sysfs_write(struct fadump_kernel *k, const char *root,
			    const char *file, const char *val, size_t count)
{
	long r;

	(void)root;
	if (strcmp(file, "sys/kernel/release_region") &&
	    strcmp(file, "release_region")) {
		if (!strcmp(file, "sys/kernel/phyp_dump_active") ||
		    !strcmp(file, "phyp_dump_active"))
			return info(k)->file_phyp_dump_active ? -EACCES : -ENOENT;
		return 1;
	}
	r = phyp_release_region_store(k, val, count);
	return r < 0 ? (int)r : 0;
}

static void phyp_free(struct fadump_kernel *k)
{
	free(k->plat);
	k->plat = NULL;
}

static const struct fadump_ops phyp_dump_ops = {
	.fa_write_root = phyp_write_root,
	.fa_sysfs_write = phyp_sysfs_write,
	.fa_free = phyp_free,
};

/* The platform's data and ops on a fresh kernel context. */
static int phyp_attach(struct fadump_kernel *k)
{
	struct fa_err e;

	k->plat = calloc(1, sizeof(struct phyp_dump));
	if (!k->plat) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		return fadump_model_error(k, &e);
	}
	k->fw_dump.ops = &phyp_dump_ops;
	return 0;
}

int phyp_dump_boot_first(struct fadump_kernel *k)
{
	if (phyp_attach(k))
		return -EFAULT;
	early_init_dt_scan_phyp_dump(k);
	parse_early_params(k);
	phyp_dump_reserve_mem(k);
	fadump_mem_init(k);
	phyp_dump_setup(k);
	return fadump_model_failed(k) ? -EFAULT : 0;
}

void phyp_dump_crash(struct fadump_kernel *k, const char *msg)
{
	/* ppc_md.panic: the partition terminates through ibm,os-term */
	rtas_os_term(k->fw, msg);
}

int phyp_dump_boot_capture(struct fadump_kernel *k, struct machine *m,
			   void *fw, const char *cmdline)
{
	struct phyp_dump *p;
	struct fa_err e;

	fadump_kernel_init(k, m, fw, FA_ERA_PRE_6_10, cmdline);
	k->is_capture = 1;
	if (phyp_attach(k))
		return -EFAULT;
	p = info(k);
	early_init_dt_scan_phyp_dump(k);
	parse_early_params(k);
	phyp_dump_reserve_mem(k);
	/* the new kernel runs below the reservation and overwrites it */
	if (machine_capture_boot(m, p->phyp_dump_is_active ?
				 p->init_reserve_start : 0, &e))
		return fadump_model_error(k, &e);
	phyp_dump_setup(k);
	return fadump_model_failed(k) ? -EFAULT : 0;
}

int phyp_dump_registered(const struct fadump_kernel *k)
{
	const struct phyp_dump *p = k->plat;

	return p ? p->registered : 0;
}

uint64_t phyp_dump_reserve_start(const struct fadump_kernel *k,
				 uint64_t *size)
{
	const struct phyp_dump *p = k->plat;

	*size = p ? p->init_reserve_size : 0;
	return p ? p->init_reserve_start : 0;
}
