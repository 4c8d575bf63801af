// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fwsections.c - locate the FADump firmware sections of a dump.
 *
 * With ibm,kernel-dump (or --fdm) the registration structure says where
 * everything is, as rtas_fadump_get_config() reads it.  Without it the
 * dump's segments are scanned: the capture kernel exports the reserved
 * area's metadata as PT_LOADs of their own, so the REGSAVE area and the
 * crash-info header each start a segment, and on PowerNV the kernel
 * metadata sits right after the header.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fa_endian.h"
#include "fatag.h"
#include "fwsections.h"
#include "ktext.h"
#include "regsave.h"

#define FDM_FILE_MAX		4096
#define CRASHINFO_READ		(FA_CI_SIG_REGS_OFF + FA_CI_PT_REGS_SZ + \
				 FA_CI_CPU_MASK_MAX)
#define REGSAVE_MAX		(64u << 20)
#define RELEASE_REGION_REL	"sys/kernel/release_region"
#define KERNEL_DUMP_REL		"proc/device-tree/rtas/ibm,kernel-dump"
#define DUMP_SIZES_REL		"proc/device-tree/rtas/ibm,configure-kernel-dump-sizes"
#define DUMP_KERNEL_REL		"proc/device-tree/rtas/ibm,dump-kernel"
#define OPAL_DUMP_REL		"proc/device-tree/ibm,opal/dump"
#define REGION_REL		"sys/kernel/debug/powerpc/fadump_region"
#define REGION_TEXT_MAX		(64u << 10)
/* Pre-6.10 OPAL metadata: pages after header + elfcorehdr to try. */
#define OLD_META_PAGES_4K	16
#define OLD_META_PAGES_64K	4

const char *fa_fw_platform_name(int platform)
{
	switch (platform) {
	case FA_FW_PSERIES:
		return "FADump pSeries";
	case FA_FW_OPAL:
		return "FADump PowerNV";
	case FA_FW_PHYP:
		return "legacy phyp dump";
	case FA_FW_UNKNOWN:
		return "FADump (platform not recorded in the dump)";
	}
	return "plain kdump";
}

const char *fa_fw_source_name(int source)
{
	switch (source) {
	case FA_FWSRC_KERNEL_DUMP:
		return "ibm,kernel-dump";
	case FA_FWSRC_SCAN:
		return "magic scan";
	case FA_FWSRC_FDM_FILE:
		return "--fdm";
	case FA_FWSRC_SCAN_OPALCORE:
		return "magic scan, PowerNV by the root's opalcore";
	case FA_FWSRC_SCAN_OPAL_DT:
		return "magic scan, PowerNV by the root's ibm,opal/dump";
	case FA_FWSRC_SCAN_REGION:
		return "magic scan, PowerNV by the root's fadump_region";
	case FA_FWSRC_VMLINUX:
		return "the crashed kernel's fdm via --vmlinux";
	}
	return "none";
}

static void fw_note(struct fa_fwsections *fw, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fw_note(struct fa_fwsections *fw, const char *fmt, ...)
{
	va_list ap;

	if (fw->nnotes >= FA_FW_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(fw->notes[fw->nnotes++], sizeof(fw->notes[0]), fmt, ap);
	va_end(ap);
}

static void set_area(const struct fa_dump *d, struct fa_fw_area *a,
		     uint64_t addr, uint64_t size)
{
	a->addr = addr;
	a->size = size;
	a->in_dump = size && fa_dump_has_phys(d, addr, size);
}

int fa_fw_read_area(const struct fa_dump *d, const struct fa_fw_area *a,
		    size_t max, uint8_t **buf, struct fa_err *e)
{
	int ret;

	*buf = NULL;
	if (!a->size)
		return fa_err_set(e, FA_ENOENT, "the area is empty");
	if (a->size > max)
		return fa_err_set(e, FA_ERANGE, "area at %#" PRIx64 " of %#"
				  PRIx64 " bytes is over the %zu-byte limit",
				  a->addr, a->size, max);
	if (!fa_dump_has_phys(d, a->addr, a->size))
		return fa_err_set(e, FA_ENOENT, "[%#" PRIx64 "-%#" PRIx64
				  "] is not in the dump", a->addr,
				  a->addr + a->size - 1);
	*buf = malloc(a->size);
	if (!*buf)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	ret = fa_dump_read_phys(d, a->addr, *buf, a->size, e);
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

int fa_fw_crashing_regs(const struct fa_fwsections *fw, uint32_t *cpu,
			uint64_t regs[FA_PT_NREGS])
{
	if (!fw->have_crashinfo || fw->ci.crashing_cpu == FA_CI_CPU_UNKNOWN)
		return FA_ENOENT;
	*cpu = fw->ci.crashing_cpu;
	memcpy(regs, fw->ci.regs, sizeof(fw->ci.regs));
	return 0;
}

/* ------------------------------------------------------ crash-info */

/*
 * Decode the crash-info header at @addr in the dump's byte order.  A
 * header the dump does not hold is only noted; one that is there but does
 * not decode is an error.
 */
static int read_crashinfo(const struct fa_dump *d, struct fa_fwsections *fw,
			  uint64_t addr, struct fa_err *e)
{
	uint8_t buf[CRASHINFO_READ];
	size_t len = sizeof(buf);
	int ret;

	fw->fadumphdr_addr = addr;
	len = (size_t)fa_dump_phys_avail(d, addr, sizeof(buf));
	if (len < 8) {
		fa_err_set(&fw->ci_err, FA_ENOENT, "crash-info header at %#"
			   PRIx64 " is not in the dump", addr);
		fw_note(fw, "crash-info header at %#" PRIx64
			" is not in the dump", addr);
		return 0;
	}
	ret = fa_dump_read_phys(d, addr, buf, len, e);
	/* A kdump-compressed file reads the pages it left out as zeros. */
	if (!ret && d->format == FA_DUMP_KDUMP && !fa_get64(buf, FA_BE)) {
		fa_err_set(&fw->ci_err, FA_ENOENT, "crash-info header at %#"
			   PRIx64 " is not in the dump (a page the file left "
			   "out)", addr);
		fw_note(fw, "%s", fw->ci_err.msg);
		return 0;
	}
	if (!ret)
		ret = fa_crashinfo_decode(buf, len, d->byteorder, NULL,
					  &fw->ci, e);
	if (ret) {
		fa_err_prefix(e, "crash-info header at %#" PRIx64 ": ", addr);
		fw->ci_err = *e;
		return ret;
	}
	fw->have_crashinfo = 1;
	set_area(d, &fw->crash_info, addr,
		 fa_crashinfo_size(fw->ci.era, fw->ci.pt_regs_sz,
				   fw->ci.cpu_mask_sz));
	return 0;
}

/* Pre-6.10: the first kernel's elfcorehdr followed the header. */
static void find_old_elfcorehdr(const struct fa_dump *d,
				struct fa_fwsections *fw)
{
	uint8_t eh[FA_ELF_EHDR_SIZE];
	struct fa_elf_ehdr h;
	struct fa_err e;
	uint64_t a;

	if (!fw->have_crashinfo || fw->ci.era != FA_CI_FADMPINF)
		return;
	a = fw->ci.elfcorehdr_addr;
	/* The capture kernel need not export it: only judge what is there. */
	if (!a || !fa_dump_has_phys(d, a, sizeof(eh)))
		return;
	if (fa_dump_read_phys(d, a, eh, sizeof(eh), &e) ||
	    fa_elf_ehdr_decode(eh, sizeof(eh), &h, &e)) {
		fw_note(fw, "elfcorehdr at %#" PRIx64 ": %s", a, e.msg);
		return;
	}
	set_area(d, &fw->elfcorehdr, a,
		 fa_elf_headers_size(h.phnum));
}

/* --------------------------------------------------------- REGSAVE */

static int check_regsave(const struct fa_dump *d, struct fa_fwsections *fw,
			 struct fa_err *e)
{
	struct fa_regsave rs;
	uint8_t *buf;
	int ret;

	if (!fw->cpu_state.size || !fw->cpu_state.in_dump)
		return 0;
	ret = fa_fw_read_area(d, &fw->cpu_state, REGSAVE_MAX, &buf, e);
	if (ret)
		return fa_err_prefix(e, "CPU state data: ");
	memset(&rs, 0, sizeof(rs));
	ret = fa_regsave_decode(buf, fw->cpu_state.size, &rs, e);
	if (ret) {
		fa_err_prefix(e, "CPU state data at %#" PRIx64 ": ",
			      fw->cpu_state.addr);
	} else {
		fw->have_regsave = 1;
		fw->regsave_num_cpus = rs.num_cpus;
	}
	fa_regsave_free(&rs);
	free(buf);
	return ret;
}

/* ------------------------------------------------- from an fdm */

static void boot_add(struct fa_fwsections *fw, uint64_t src, uint64_t dest,
		     uint64_t size, uint64_t dumped, uint16_t err,
		     uint64_t *last_end)
{
	struct fa_fw_boot_region *b;

	if (fw->nboot >= FA_FW_MAX_BOOT)
		return;
	b = &fw->boot[fw->nboot++];
	b->src = src;
	b->dest = dest;
	b->size = size;
	b->dumped = dumped;
	b->error_flags = err;
	if (src >= *last_end)
		fw->hole_size += src - *last_end;
	*last_end = src + size;
	fw->boot_memory_size += size;
	if (src == 0 || fw->nboot == 1)
		fw->boot_mem_dest_addr = dest;
}

/* rtas_fadump_get_config(), reading the registration structure. */
static void apply_fdm(const struct fa_dump *d, struct fa_fwsections *fw)
{
	const struct fa_rtas_fdm *f = &fw->fdm;
	uint64_t last_end = 0;
	unsigned int i;

	fw->platform = FA_FW_PSERIES;
	for (i = 0; i < f->dump_num_sections && i < FA_RTAS_MAX_SECTIONS; i++) {
		const struct fa_rtas_section *s = &f->rgn[i];
		struct fa_fw_area *a = NULL;

		switch (s->source_data_type) {
		case FA_RTAS_CPU_STATE_DATA:
			a = &fw->cpu_state;
			break;
		case FA_RTAS_HPTE_REGION:
			a = &fw->hpte;
			break;
		case FA_RTAS_PARAM_AREA:
			a = &fw->param;
			break;
		case FA_RTAS_REAL_MODE_REGION:
			boot_add(fw, s->source_address,
				 s->destination_address, s->source_len,
				 s->bytes_dumped, s->error_flags, &last_end);
			continue;
		default:
			fw_note(fw, "section %u has unknown type %#x", i,
				s->source_data_type);
			continue;
		}
		set_area(d, a, s->destination_address, s->source_len);
		a->dumped = s->bytes_dumped;
		a->error_flags = s->error_flags;
	}
	fw->boot_mem_top = fw->boot_memory_size + fw->hole_size;
}

static int load_fdm(const struct fa_dump *d, const char *fdm_path,
		    struct fa_fwsections *fw, struct fa_err *e)
{
	char path[4096];
	uint8_t *buf = NULL;
	size_t len;
	int ret;

	if (fdm_path) {
		snprintf(path, sizeof(path), "%s", fdm_path);
		fw->source = FA_FWSRC_FDM_FILE;
	} else {
		if (fa_dump_root_path(d, KERNEL_DUMP_REL, path, sizeof(path),
				      e))
			return 0;
		if (fa_dump_root_file(d, KERNEL_DUMP_REL, FDM_FILE_MAX, &buf,
				      &len, e) == FA_ENOENT)
			return 0;
		free(buf);
		buf = NULL;
		fw->source = FA_FWSRC_KERNEL_DUMP;
	}
	ret = fa_read_file(path, &buf, &len, FDM_FILE_MAX, e);
	if (!ret)
		ret = fa_rtas_fdm_decode(buf, len, &fw->fdm, e);
	free(buf);
	if (ret)
		return fa_err_prefix(e, "%s: ", path);
	snprintf(fw->source_detail, sizeof(fw->source_detail), "%s", path);
	fw->have_fdm = 1;
	apply_fdm(d, fw);
	return 0;
}

/* ------------------------------------------------ legacy phyp */

/*
 * The legacy phyp dump (2.6.26 .. 2.6.36) registered the same three RTAS
 * sections as the old FADump but kept no crash-info header: its capture
 * kernel is told apart by sys/kernel/release_region (or, in the device
 * tree, /rtas/ibm,dump-kernel, the property that kernel looked for).
 * With ibm,kernel-dump already read (@fw->have_fdm), the sections come
 * from it; without it, release_region gives them.
 */
static int load_release_region(const struct fa_dump *d,
			       struct fa_fwsections *fw, struct fa_err *e)
{
	struct fa_phyp_release_region r;
	uint8_t *buf;
	size_t len;
	uint64_t last_end = 0;
	int ret;

	ret = fa_dump_root_file(d, RELEASE_REGION_REL, FDM_FILE_MAX, &buf,
				&len, e);
	if (ret == FA_ENOENT) {
		if (fw->have_fdm &&
		    !fa_dump_root_file(d, DUMP_KERNEL_REL, FDM_FILE_MAX, &buf,
				       &len, e)) {
			free(buf);
			fw->platform = FA_FW_PHYP;
		}
		return 0;
	}
	if (!ret)
		ret = fa_phyp_release_region_parse((char *)buf, len, &r, e);
	free(buf);
	if (ret)
		return fa_err_prefix(e, "%s: ", RELEASE_REGION_REL);
	fw->platform = FA_FW_PHYP;
	/*
	 * Its last pair is the memory the capture kernel still holds for
	 * the user to give back, not the firmware's scratch area: the
	 * reserved area is worked out from the sections, as for FADump.
	 */
	if (fw->have_fdm)
		return 0;
	fw->source = FA_FWSRC_KERNEL_DUMP;
	snprintf(fw->source_detail, sizeof(fw->source_detail), "%s",
		 RELEASE_REGION_REL);
	set_area(d, &fw->cpu_state, r.cpu_addr, r.cpu_len);
	set_area(d, &fw->hpte, r.hpte_addr, r.hpte_len);
	boot_add(fw, 0, r.kernel_addr, r.kernel_len, r.kernel_len, 0,
		 &last_end);
	fw->boot_mem_top = fw->boot_memory_size;
	return 0;
}

/* ----------------------------------------------------------- scan */

/* Boot regions from OPAL kernel metadata (or fadump_region) lines. */
static void opal_boot_add(struct fa_fwsections *fw, uint64_t src,
			  uint64_t dest, uint64_t size, unsigned int i,
			  uint64_t *last_end)
{
	boot_add(fw, src, dest, size, i < fw->registered_regions ? size : 0,
		 0, last_end);
	fw->boot_mem_top = fw->boot_memory_size + fw->hole_size;
}

/*
 * Accept the OPAL kernel metadata at @a, @size bytes of the area, only
 * when it decodes and points back at the crash-info header.
 */
static int try_opal_metadata(const struct fa_dump *d,
			     struct fa_fwsections *fw, uint64_t a,
			     uint64_t size)
{
	uint8_t buf[FA_OPAL_FDM_SIZE];
	uint64_t last_end = 0;
	struct fa_err e;
	unsigned int i;
	int bo;

	if (!fa_dump_has_phys(d, a, sizeof(buf)) ||
	    fa_dump_read_phys(d, a, buf, sizeof(buf), &e) ||
	    fa_opal_fdm_guess_bo(buf, sizeof(buf), &bo, &e) ||
	    fa_opal_fdm_decode(buf, sizeof(buf), bo, &fw->opal_fdm, &e) ||
	    fw->opal_fdm.fadumphdr_addr != fw->fadumphdr_addr)
		return 0;
	fw->have_opal_fdm = 1;
	fw->opal_fdm_bo = bo;
	fw->platform = FA_FW_OPAL;
	fw->registered_regions = fw->opal_fdm.registered_regions;
	set_area(d, &fw->opal_meta, a, size);
	for (i = 0; i < fw->opal_fdm.region_cnt; i++)
		opal_boot_add(fw, fw->opal_fdm.rgn[i].src,
			      fw->opal_fdm.rgn[i].dest,
			      fw->opal_fdm.rgn[i].size, i, &last_end);
	return 1;
}

/*
 * The OPAL kernel metadata ends the reserved area.  Since 6.10 the area is
 * not page aligned and the metadata follows the crash-info header at once;
 * before, the area was PAGE_ALIGN(... + header + elfcorehdr), so the
 * metadata starts on a page boundary a little after the header.  The
 * page size is the dump's when known, else both 4K and 64K are tried.
 */
static void scan_opal_metadata(const struct fa_dump *d,
			       struct fa_fwsections *fw)
{
	static const struct {
		uint64_t page;
		unsigned int n;
	} old[] = {
		{ 4096, OLD_META_PAGES_4K }, { 65536, OLD_META_PAGES_64K },
	};
	const uint64_t meta = FA_OPAL_FDM_SIZE;
	uint64_t end = fw->crash_info.addr + fw->crash_info.size, page, a;
	unsigned int i, k;

	page = d->page_size ? d->page_size : 65536;
	if (try_opal_metadata(d, fw, end, FA_ALIGN_UP(meta, page)))
		return;
	for (i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
		if (d->page_size && d->page_size != old[i].page)
			continue;
		a = FA_ALIGN_UP(end, old[i].page);
		for (k = 0; k < old[i].n; k++, a += old[i].page)
			if (try_opal_metadata(d, fw, a,
					      FA_ALIGN_UP(meta, old[i].page)))
				return;
	}
}

/* Does the capture root hold @rel (a file or a directory)? */
static int root_has(const struct fa_dump *d, const char *rel)
{
	char path[4096];
	struct fa_err e;
	struct stat st;

	return !fa_dump_root_path(d, rel, path, sizeof(path), &e) &&
	       !stat(path, &st);
}

/* The root's fadump_region text, when it is the OPAL form. */
static int root_region_opal(const struct fa_dump *d,
			    struct fa_region_show *rs)
{
	struct fa_err e;
	uint8_t *buf;
	size_t len;
	int ret;

	if (fa_dump_root_file(d, REGION_REL, REGION_TEXT_MAX, &buf, &len, &e))
		return 0;
	ret = fa_region_parse((const char *)buf, len, FA_REGION_NONE, rs, &e);
	free(buf);
	if (ret)
		return 0;
	if (rs->form == FA_REGION_OPAL && rs->nr)
		return 1;
	fa_region_show_free(rs);
	return 0;
}

/*
 * A pre-6.10 PowerNV dump need not hold the OPAL kernel metadata: then the
 * capture root's own evidence says PowerNV, and fadump_region (when there)
 * gives the boot regions the metadata would have.
 */
static void root_platform(const struct fa_dump *d, struct fa_fwsections *fw)
{
	struct fa_region_show *rs;
	uint64_t last_end = 0;
	char path[4096];
	struct fa_err e;
	unsigned int i;
	int region;

	rs = calloc(1, sizeof(*rs));
	if (!rs)
		return;
	region = root_region_opal(d, rs);
	if (d->root && !fa_root_opalcore(d->root, path, sizeof(path), &e))
		fw->source = FA_FWSRC_SCAN_OPALCORE;
	else if (root_has(d, OPAL_DUMP_REL))
		fw->source = FA_FWSRC_SCAN_OPAL_DT;
	else if (region)
		fw->source = FA_FWSRC_SCAN_REGION;
	else
		goto out;
	fw->platform = FA_FW_OPAL;
	fw_note(fw, "OPAL kernel metadata not in the dump: %s",
		fa_fw_source_name(fw->source));
	if (!region)
		goto out;
	/* A registered region shows Dumped = its size (region_show). */
	for (i = 0; i < rs->nr && rs->sect[i].dumped == rs->sect[i].size; i++)
		fw->registered_regions = i + 1;
	for (i = 0; i < rs->nr; i++)
		opal_boot_add(fw, rs->sect[i].src, rs->sect[i].dest,
			      rs->sect[i].size, i, &last_end);
	snprintf(fw->source_detail, sizeof(fw->source_detail),
		 "segment starts of %s; boot regions from the root's %s",
		 d->file, REGION_REL);
	fa_region_show_free(rs);
out:
	free(rs);
}

/*
 * pSeries without ibm,kernel-dump: the boot-memory copy lies between the
 * end of the CPU/HPTE segment and the header; the boot regions are the
 * lowest segments of the dump, in order, until they add up to its size.
 */
static void scan_boot_regions(const struct fa_dump *d,
			      struct fa_fwsections *fw, uint64_t dest)
{
	uint64_t size, left, last_end = 0;
	size_t i;

	if (fw->fadumphdr_addr <= dest)
		return;
	size = fw->fadumphdr_addr - dest;
	left = size;
	for (i = 0; i < d->nranges && left; i++) {
		const struct fa_dump_range *r = &d->ranges[i];
		uint64_t n = r->size < left ? r->size : left;

		boot_add(fw, r->paddr, dest + (size - left), n, 0, 0,
			 &last_end);
		left -= n;
	}
	fw->boot_mem_dest_addr = dest;
	fw->boot_mem_top = fw->boot_memory_size + fw->hole_size;
}

/* CPU and HPTE sizes from ibm,configure-kernel-dump-sizes when present. */
static void dt_sizes(const struct fa_dump *d, uint64_t *cpu, uint64_t *hpte)
{
	struct fa_rtas_dump_sizes s;
	struct fa_err e;
	uint8_t *buf;
	size_t len;

	*cpu = *hpte = 0;
	if (fa_dump_root_file(d, DUMP_SIZES_REL, FDM_FILE_MAX, &buf, &len, &e))
		return;
	if (!fa_rtas_dump_sizes_decode(buf, len, &s, &e))
		fa_rtas_dump_sizes_lookup(&s, cpu, hpte);
	free(buf);
}

/*
 * When segments were merged (a kdump-compressed file has runs of pages,
 * not PT_LOADs), REGSAVE does not start one.  With one boot region from 0
 * and no holes, the reserved area starts at boot_mem_top = B and the
 * header lies at B + PAGE_ALIGN(cpu + hpte) + B: look for the magic a few
 * pages below half the header's address.
 */
static const struct fa_dump_range *probe_regsave(const struct fa_dump *d,
						 uint64_t ci_addr,
						 struct fa_dump_range *guess)
{
	uint64_t page = d->page_size ? d->page_size : 65536;
	uint64_t base = FA_ALIGN_DOWN(ci_addr / 2, page), a;
	unsigned int k;

	for (k = 0; k < 64 && k * page <= base; k++) {
		uint8_t m[8];
		struct fa_err e;

		a = base - k * page;
		if (!a || fa_dump_read_phys(d, a, m, sizeof(m), &e) ||
		    fa_get64(m, FA_BE) != FA_TAG_REGSAVE || ci_addr < 2 * a)
			continue;
		memset(guess, 0, sizeof(*guess));
		guess->paddr = a;
		guess->size = guess->filesz = ci_addr - 2 * a;
		return guess;
	}
	return NULL;
}

/*
 * A kdump-compressed file converted from a FADump vmcore keeps the CPU
 * state data inside a run of pages, and loses the crash-info header with
 * its partial page (as makedumpfile drops one): the boot-memory copy,
 * never exported, is the hole [B + X, 2B + X) after REGSAVE at B (X the
 * page-aligned CPU state data and HPTE).  Probe below such holes only.
 */
#define GAP_SLACK	(64u << 20)

static const struct fa_dump_range *probe_gaps(const struct fa_dump *d,
					      struct fa_dump_range *guess)
{
	const struct fa_dump_range *r = NULL;
	size_t i;

	for (i = 0; i + 1 < d->nranges && !r; i++) {
		uint64_t s = d->ranges[i].paddr + d->ranges[i].size;
		uint64_t end = d->ranges[i + 1].paddr;

		if (end <= s || end - s > s || s - (end - s) > GAP_SLACK)
			continue;
		r = probe_regsave(d, end, guess);
		/* The area ends where the run of pages holding it ends. */
		if (r && s > r->paddr)
			guess->size = guess->filesz = s - r->paddr;
	}
	return r;
}

static int scan(const struct fa_dump *d, struct fa_fwsections *fw,
		struct fa_err *e)
{
	const struct fa_dump_range *regsave = NULL;
	struct fa_dump_range guess;
	uint64_t ci_addr = 0;
	int found_ci = 0, ret;
	size_t i;

	for (i = 0; i < d->nranges; i++) {
		const struct fa_dump_range *r = &d->ranges[i];
		uint8_t m[8];
		struct fa_err e2;
		int bo, era;

		if (r->filesz < 16 ||
		    fa_dump_read_phys(d, r->paddr, m, sizeof(m), &e2))
			continue;
		if (fa_get64(m, FA_BE) == FA_TAG_REGSAVE && !regsave)
			regsave = r;
		else if (!found_ci && !fa_crashinfo_probe(m, 8, &bo, &era)) {
			ci_addr = r->paddr;
			found_ci = 1;
		}
	}
	if (!regsave && !found_ci && d->format == FA_DUMP_KDUMP)
		regsave = probe_gaps(d, &guess);
	if (!regsave && !found_ci)
		return 0;
	if (!regsave && found_ci)
		regsave = probe_regsave(d, ci_addr, &guess);
	fw->source = FA_FWSRC_SCAN;
	snprintf(fw->source_detail, sizeof(fw->source_detail),
		 "segment starts of %s", d->file);
	if (found_ci) {
		ret = read_crashinfo(d, fw, ci_addr, e);
		if (ret)
			return ret;
		scan_opal_metadata(d, fw);
	}
	/* REGSAVE is pSeries' own; without it only OPAL evidence decides. */
	if (regsave && fw->platform != FA_FW_OPAL)
		fw->platform = FA_FW_PSERIES;
	else if (!regsave && fw->platform != FA_FW_OPAL)
		root_platform(d, fw);
	if (regsave) {
		uint64_t cpu, hpte, end = regsave->paddr + regsave->size;

		dt_sizes(d, &cpu, &hpte);
		if (!cpu || cpu > regsave->size)
			cpu = regsave->size;
		set_area(d, &fw->cpu_state, regsave->paddr, cpu);
		if (hpte && cpu + hpte <= regsave->size)
			set_area(d, &fw->hpte, regsave->paddr + cpu, hpte);
		if (fw->platform == FA_FW_PSERIES && found_ci)
			scan_boot_regions(d, fw, end);
	} else if (fw->platform != FA_FW_OPAL) {
		fw->platform = FA_FW_UNKNOWN;
		fw_note(fw, "no REGSAVE area found, no OPAL kernel metadata: "
			"the platform is not recorded in the dump");
	}
	return 0;
}

/* ------------------------------------------------------- finishing */

/* The whole reserved area, from its lowest to its highest part. */
static void reserved_extent(const struct fa_dump *d, struct fa_fwsections *fw)
{
	const struct fa_fw_area *parts[] = {
		&fw->cpu_state, &fw->hpte, &fw->boot_copy, &fw->crash_info,
		&fw->elfcorehdr, &fw->opal_meta,
	};
	uint64_t lo = UINT64_MAX, hi = 0;
	size_t i;

	if (fw->reserved.size)
		return;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (!parts[i]->size)
			continue;
		if (parts[i]->addr < lo)
			lo = parts[i]->addr;
		if (parts[i]->addr + parts[i]->size > hi)
			hi = parts[i]->addr + parts[i]->size;
	}
	if (hi > lo)
		set_area(d, &fw->reserved, lo, hi - lo);
}

/*
 * Pre-6.10 kernels kept their elfcorehdr after the crash-info header; the
 * era from the release when the header that says it is not in the dump.
 */
static int release_pre_610(const struct fa_dump *d)
{
	const char *rel = fa_dump_osrelease(d);
	unsigned int major, minor;

	if (!rel || sscanf(rel, "%u.%u", &major, &minor) != 2)
		return 0;
	return major < 6 || (major == 6 && minor < 10);
}

/*
 * The part of the reserved area after the boot-memory copy that the dump
 * does not hold: a mainline capture kernel cuts the whole reserved area
 * out of /proc/vmcore (fadump_populate_elfcorehdr()), and the dump's
 * memory resumes where it ends.  It is the crash-info header (6.10+), or
 * the header and the first kernel's elfcorehdr, page aligned (before
 * 6.10).  Where it ends: the crashed kernel's fw_dump says, else the next
 * range of the dump, when it starts close enough.
 */
#define CUT_MAX		(1u << 20)

static void cut_metadata(const struct fa_dump *d, struct fa_fwsections *fw)
{
	const struct fa_fw_kernel *k = &fw->kernel;
	uint64_t hdr = fw->fadumphdr_addr, end = 0, hsize = k->crash_info_size;
	int pre_610 = k->have ? k->pre_610 : release_pre_610(d);
	size_t i;

	if (fw->have_crashinfo || !hdr || fw->crash_info.size ||
	    fa_dump_has_phys(d, hdr, 1))
		return;
	if (k->reserve_size && k->reserve_start + k->reserve_size > hdr) {
		end = k->reserve_start + k->reserve_size;
	} else {
		for (i = 0; i < d->nranges && d->ranges[i].paddr <= hdr; i++)
			;
		if (i < d->nranges && d->ranges[i].paddr - hdr <= CUT_MAX)
			end = d->ranges[i].paddr;
	}
	if (!end)
		return;
	if (!pre_610) {
		set_area(d, &fw->crash_info, hdr,
			 hsize && hsize < end - hdr ? hsize : end - hdr);
	} else if (hsize && hsize < end - hdr) {
		set_area(d, &fw->crash_info, hdr, hsize);
		set_area(d, &fw->elfcorehdr, hdr + hsize, end - hdr - hsize);
	} else {
		set_area(d, &fw->crash_info, hdr, end - hdr);
		fw->cut_with_elfcorehdr = 1;
	}
}

/* What follows the registration structure (or the scan). */
static int finish(const struct fa_dump *d, struct fa_fwsections *fw,
		  struct fa_err *e)
{
	int ret = 0;

	if (fw->platform == FA_FW_PHYP) {
		fa_err_set(&fw->ci_err, FA_ENOENT,
			   "a legacy phyp dump has no crash-info header");
	} else if (fw->have_fdm) {
		if (fw->nboot)
			ret = read_crashinfo(d, fw, fw->boot_mem_dest_addr +
					     fw->boot_memory_size, e);
	} else if (fw->platform == FA_FW_NONE) {
		ret = scan(d, fw, e);
	}
	if (ret)
		return ret;
	if (fw->platform == FA_FW_NONE)
		return 0;
	if (fw->nboot)
		set_area(d, &fw->boot_copy, fw->boot_mem_dest_addr,
			 fw->boot_memory_size);
	find_old_elfcorehdr(d, fw);
	cut_metadata(d, fw);
	reserved_extent(d, fw);
	return check_regsave(d, fw, e);
}

int fa_fwsections_find(const struct fa_dump *d, const char *fdm_path,
		       struct fa_fwsections *fw, struct fa_err *e)
{
	int ret;

	memset(fw, 0, sizeof(*fw));
	fa_err_set(&fw->ci_err, FA_ENOENT, "no crash-info header found");
	ret = load_fdm(d, fdm_path, fw, e);
	if (!ret)
		ret = load_release_region(d, fw, e);
	if (ret)
		return ret;
	return finish(d, fw, e);
}

int fa_fwsections_find_fdm(const struct fa_dump *d, const void *fdm,
			   size_t len, const struct fa_fw_kernel *k,
			   const char *detail, struct fa_fwsections *fw,
			   struct fa_err *e)
{
	int ret;

	memset(fw, 0, sizeof(*fw));
	fa_err_set(&fw->ci_err, FA_ENOENT, "no crash-info header found");
	ret = fa_rtas_fdm_decode(fdm, len, &fw->fdm, e);
	if (ret)
		return fa_err_prefix(e, "%s: ", detail);
	fw->source = FA_FWSRC_VMLINUX;
	snprintf(fw->source_detail, sizeof(fw->source_detail), "%s", detail);
	fw->kernel = *k;
	fw->have_fdm = 1;
	apply_fdm(d, fw);
	return finish(d, fw, e);
}

void fa_fw_add_note(struct fa_fwsections *fw, const char *msg)
{
	fw_note(fw, "%s", msg);
}
