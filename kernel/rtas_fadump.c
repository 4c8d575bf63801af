// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtas_fadump.c - pSeries FADump platform ops
 * (arch/powerpc/platforms/pseries/rtas-fadump.c), both kernel eras:
 * v6.10+ (rgn[10], up to 7 boot regions, PARAM area, exact RTAS length) and
 * v5.19..v6.9 (three fixed sections: CPU, HPTE, one boot-memory region).
 * The kernel's static fdm lives in this model's memory so that firmware
 * reads it by address, as RTAS does.
 */
#define pr_fmt(fmt) "rtas fadump: " fmt
#define KBUILD_MODNAME "rtas_fadump"
#define DDEBUG_FILE "arch/powerpc/platforms/pseries/rtas-fadump.c"

#include <stdlib.h>
#include <string.h>

#include "fadump.h"
#include "fw_rtas.h"
#include "rtas.h"
#include "regsave.h"
#include "regionview.h"

struct rtas_priv {
	struct fa_rtas_fdm fdm;		/* the kernel's static fdm */
	struct fa_rtas_fdm fdm_active;	/* ibm,kernel-dump, when present */
	int have_active;
	uint64_t fdm_paddr;		/* where fdm lies in memory */
};

static struct rtas_priv *priv(struct fadump_kernel *k)
{
	return k->plat;
}

static int old_era(const struct fadump_kernel *k)
{
	return k->era == FA_ERA_PRE_6_10;
}

static void rtas_fadump_update_config(struct fadump_kernel *k)
{
	k->fw_dump.fadumphdr_addr = k->fw_dump.boot_mem_dest_addr +
				    k->fw_dump.boot_memory_size;
}

/* rtas_fadump_get_config(): the capture kernel reads ibm,kernel-dump. */
static void rtas_fadump_get_config(struct fadump_kernel *k,
				   const struct fa_rtas_fdm *fdm)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t last_end = 0, hole_size = 0;
	int i;

	fw->boot_memory_size = 0;
	fw->boot_mem_regs_cnt = 0;
	pr_debug(k, "Boot memory regions:\n");
	for (i = 0; i < fdm->dump_num_sections; i++) {
		const struct fa_rtas_section *s = &fdm->rgn[i];
		uint64_t base, size;

		switch (s->source_data_type) {
		case FA_RTAS_CPU_STATE_DATA:
			fw->cpu_state_dest_vaddr = s->destination_address +
						   FA_PPC64_PAGE_OFFSET;
			fw->reserve_dump_area_start = s->destination_address;
			break;
		case FA_RTAS_HPTE_REGION:
			break;
		case FA_RTAS_REAL_MODE_REGION:
			base = s->source_address;
			size = s->source_len;
			pr_debug(k, "\t[%03d] base: 0x%lx, size: 0x%lx\n", i,
				 base, size);
			if (!base)
				fw->boot_mem_dest_addr = s->destination_address;
			if (fw->boot_mem_regs_cnt >= FADUMP_MAX_MEM_REGS)
				break;
			fw->boot_mem_addr[fw->boot_mem_regs_cnt] = base;
			fw->boot_mem_sz[fw->boot_mem_regs_cnt] = size;
			fw->boot_memory_size += size;
			hole_size += base - last_end;
			last_end = base + size;
			fw->boot_mem_regs_cnt++;
			break;
		case FA_RTAS_PARAM_AREA:
			fw->param_area = s->destination_address;
			break;
		default:
			pr_warn(k, "Section type %d unsupported on this kernel. Ignoring!\n",
				s->source_data_type);
			break;
		}
	}
	fw->boot_mem_top = fw->boot_memory_size + hole_size;
	rtas_fadump_update_config(k);
}

static void section(struct fa_rtas_section *s, uint16_t type, uint64_t src,
		    uint64_t len, uint64_t dest)
{
	memset(s, 0, sizeof(*s));
	s->request_flag = FA_RTAS_REQUEST_FLAG;
	s->source_data_type = type;
	s->source_address = src;
	s->source_len = len;
	s->destination_address = dest;
}

static uint64_t rtas_fadump_init_mem_struct(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	struct fa_rtas_fdm *fdm = &priv(k)->fdm;
	uint64_t addr = FA_ALIGN_DOWN(fw->reserve_dump_area_start, k->page_size);
	uint16_t n = 0;
	uint64_t i;

	memset(fdm, 0, sizeof(*fdm));
	fdm->dump_format_version = FA_RTAS_FORMAT_VERSION;
	fdm->offset_first_dump_section = FA_RTAS_HDR_SIZE;
	section(&fdm->rgn[n++], FA_RTAS_CPU_STATE_DATA, 0,
		fw->cpu_state_data_size, addr);
	addr += fw->cpu_state_data_size;
	section(&fdm->rgn[n++], FA_RTAS_HPTE_REGION, 0, fw->hpte_region_size,
		addr);
	addr += fw->hpte_region_size;
	/* page-aligned so that the vmcore can be mmap()ed */
	addr = fadump_page_align(k, addr);
	fw->boot_mem_dest_addr = addr;
	if (old_era(k)) {
		section(&fdm->rgn[n++], FA_RTAS_REAL_MODE_REGION, 0,
			fw->boot_memory_size, addr);
		addr += fw->boot_memory_size;
	} else {
		for (i = 0; i < fw->boot_mem_regs_cnt; i++) {
			section(&fdm->rgn[n++], FA_RTAS_REAL_MODE_REGION,
				fw->boot_mem_addr[i], fw->boot_mem_sz[i], addr);
			addr += fw->boot_mem_sz[i];
		}
		if (fw->param_area)
			section(&fdm->rgn[n++], FA_RTAS_PARAM_AREA,
				fw->param_area, COMMAND_LINE_SIZE,
				fw->param_area);
	}
	fdm->dump_num_sections = n;
	rtas_fadump_update_config(k);
	return addr;
}

static uint64_t rtas_fadump_get_bootmem_min(struct fadump_kernel *k)
{
	(void)k;
	return FA_RTAS_MIN_BOOT_MEM;
}

/* Store the kernel's fdm where firmware will read it; returns the length. */
static int store_fdm(struct fadump_kernel *k, const struct fa_rtas_fdm *fdm,
		     int whole, uint64_t *len)
{
	struct rtas_priv *p = priv(k);
	uint8_t buf[FA_RTAS_FDM_SIZE];
	struct fa_err e;
	size_t n;
	int ret;

	if (whole)
		ret = fa_rtas_fdm_encode_image(fdm, old_era(k) ?
					       FA_RTAS_IMAGE_OLD :
					       FA_RTAS_IMAGE_CURRENT,
					       buf, sizeof(buf), &n, &e);
	else
		ret = fa_rtas_fdm_encode(fdm, buf, sizeof(buf), &n, &e);
	if (!p->fdm_paddr)
		p->fdm_paddr = fadump_alloc(k, FA_RTAS_FDM_SIZE, 8);
	if (ret || !p->fdm_paddr ||
	    machine_write(k->m, p->fdm_paddr, buf, n, &e)) {
		if (!ret && !p->fdm_paddr)
			fa_err_set(&e, FA_ENOMEM, "no memory for the RTAS structure");
		return fadump_model_error(k, &e);
	}
	*len = n;
	return 0;
}

/* The do/while busy loop of every configure-kernel-dump call. */
static int configure_kernel_dump(struct fadump_kernel *k, int cmd,
				 uint64_t len)
{
	unsigned int wait_time;
	int rc;

	do {
		rc = rtas_call(k->fw, k->fw_dump.ibm_configure_kernel_dump, 3,
			       1, NULL, (uint64_t)cmd, priv(k)->fdm_paddr, len);
		wait_time = rtas_busy_delay_time(rc);
	} while (wait_time);
	return rc;
}

static int rtas_fadump_register(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t len;
	int rc, err = -EIO;

	/* v6.10+: exactly the used sections; before: sizeof(struct) = 160 */
	if (store_fdm(k, &priv(k)->fdm, old_era(k), &len))
		return -EFAULT;
	rc = configure_kernel_dump(k, FADUMP_REGISTER, len);
	switch (rc) {
	case 0:
		pr_info(k, "Registration is successful!\n");
		fw->dump_registered = 1;
		err = 0;
		break;
	case -1:
		pr_err(k, "Failed to register. Hardware Error(%d).\n", rc);
		break;
	case -3:
		if (!is_fadump_reserved_mem_contiguous(k))
			pr_err(k, "Can't have holes in reserved memory area.\n");
		pr_err(k, "Failed to register. Parameter Error(%d).\n", rc);
		err = -EINVAL;
		break;
	case -9:
		pr_err(k, "Already registered!\n");
		fw->dump_registered = 1;
		err = -EEXIST;
		break;
	default:
		pr_err(k, "Failed to register. Unknown Error(%d).\n", rc);
		break;
	}
	return err;
}

static int rtas_fadump_unregister(struct fadump_kernel *k)
{
	uint64_t len;
	int rc;

	if (store_fdm(k, &priv(k)->fdm, 1, &len))
		return -EFAULT;
	rc = configure_kernel_dump(k, FADUMP_UNREGISTER, len);
	if (rc) {
		pr_err(k, "Failed to un-register - unexpected error(%d).\n", rc);
		return -EIO;
	}
	k->fw_dump.dump_registered = 0;
	return 0;
}

static int rtas_fadump_invalidate(struct fadump_kernel *k)
{
	struct rtas_priv *p = priv(k);
	uint64_t len;
	int rc;

	if (store_fdm(k, &p->fdm_active, 1, &len))
		return -EFAULT;
	rc = configure_kernel_dump(k, FADUMP_INVALIDATE, len);
	if (rc) {
		pr_err(k, "Failed to invalidate - unexpected error (%d).\n", rc);
		return -EIO;
	}
	k->fw_dump.dump_active = 0;
	p->have_active = 0;
	return 0;
}

/*
 * rtas_fadump_build_cpu_notes(): the register save area into NT_PRSTATUS
 * notes, in firmware order, skipping CPUs outside the crash-time mask and
 * taking the crashing CPU's registers from the crash-info header.
 */
static int rtas_fadump_build_cpu_notes(struct fadump_kernel *k,
				       uint64_t area_len, uint64_t elfcorehdr)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t pa = fw->cpu_state_dest_vaddr - FA_PPC64_PAGE_OFFSET;
	struct fa_crashinfo fdh;
	struct fa_regsave rs;
	uint8_t *area, *note;
	struct fa_err e;
	uint32_t i;
	int rc = 0, have_fdh = 0;

	memset(&rs, 0, sizeof(rs));
	area = malloc(area_len ? area_len : 1);
	if (!area) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		return fadump_model_error(k, &e);
	}
	if (machine_read(k->m, pa, area, area_len, &e)) {
		free(area);
		return fadump_model_error(k, &e);
	}
	rc = fa_regsave_decode(area, area_len, &rs, &e);
	free(area);
	if (rc == FA_EMAGIC || (rc && area_len < FA_REGSAVE_HDR_SIZE)) {
		pr_err(k, "Unable to read register save area.\n");
		fa_regsave_free(&rs);
		return -ENOENT;
	}
	pr_debug(k, "--------CPU State Data------------\n");
	pr_debug(k, "Magic Number: %lx\n", rs.magic_number);
	pr_debug(k, "NumCpuOffset: %x\n", rs.num_cpu_offset);
	pr_debug(k, "NumCpus     : %u\n", rs.num_cpus);
	if (rc) {
		/* the kernel allocates first, then finds no CPUSTRT */
		pr_err(k, "Unable to read CPU state data\n");
		fa_regsave_free(&rs);
		return -ENOENT;
	}
	rc = fadump_setup_cpu_notes_buf(k, rs.num_cpus);
	if (rc) {
		fa_regsave_free(&rs);
		return rc;
	}
	note = k->notes;
	if (fw->fadumphdr_addr && !fadump_read_hdr(k, &fdh))
		have_fdh = 1;
	for (i = 0; i < rs.num_cpus && note; i++) {
		const struct fa_regsave_cpu *c = &rs.cpus[i];
		uint64_t regs[FA_PT_NREGS];

		if (have_fdh && !fa_crashinfo_cpu_test(&fdh, c->cpu))
			continue;
		pr_debug(k, "Reading register data for cpu %d...\n", (int)c->cpu);
		if (have_fdh && fdh.crashing_cpu == c->cpu) {
			note = fadump_regs_to_elf_notes(k, note, fdh.regs);
		} else {
			fa_regsave_to_pt_regs(c->regs, c->nregs, regs);
			note = fadump_regs_to_elf_notes(k, note, regs);
		}
	}
	fa_regsave_free(&rs);
	if (!final_note(k, note))
		return -EFAULT;
	pr_debug(k, "Updating elfcore header (%lx) with cpu notes\n",
		 elfcorehdr);
	return fadump_update_elfcore_header(k, elfcorehdr);
}

static const struct fa_rtas_section *find_section(const struct fa_rtas_fdm *f,
						  uint16_t type)
{
	int i;

	for (i = 0; i < f->dump_num_sections; i++)
		if (f->rgn[i].source_data_type == type)
			return &f->rgn[i];
	return NULL;
}

/* v5.19..v6.9: status and three sections, then the FADMPINF header. */
static int rtas_fadump_process_old(struct fadump_kernel *k)
{
	const struct fa_rtas_fdm *a = &priv(k)->fdm_active;
	const struct fa_rtas_section *cpu = find_section(a, FA_RTAS_CPU_STATE_DATA);
	const struct fa_rtas_section *rmr = find_section(a, FA_RTAS_REAL_MODE_REGION);
	struct fa_crashinfo fdh;
	int rc;

	if (!cpu || !rmr || a->dump_status_flag == FA_RTAS_DUMP_ERROR ||
	    cpu->error_flags || rmr->error_flags) {
		pr_err(k, "Dump taken by platform is not valid\n");
		return -EINVAL;
	}
	if (rmr->bytes_dumped != rmr->source_len || !cpu->bytes_dumped) {
		pr_err(k, "Dump taken by platform is incomplete\n");
		return -EINVAL;
	}
	if (fadump_read_hdr(k, &fdh))
		return -EFAULT;
	if (fdh.magic_number != FADUMP_CRASH_INFO_MAGIC_OLD) {
		pr_err(k, "Crash info header is not valid.\n");
		return -EINVAL;
	}
	rc = rtas_fadump_build_cpu_notes(k, cpu->source_len,
					 fdh.elfcorehdr_addr);
	if (rc < 0)
		return rc;
	k->elfcorehdr_addr = fdh.elfcorehdr_addr;
	return 0;
}

static int rtas_fadump_process(struct fadump_kernel *k)
{
	struct rtas_priv *p = priv(k);
	const struct fa_rtas_fdm *a = &p->fdm_active;
	const struct fa_rtas_section *cpu;
	int i;

	if (!p->have_active || !k->fw_dump.fadumphdr_addr)
		return -EINVAL;
	if (old_era(k))
		return rtas_fadump_process_old(k);
	for (i = 0; i < a->dump_num_sections; i++) {
		const struct fa_rtas_section *s = &a->rgn[i];
		int rc = 0;

		switch (s->source_data_type) {
		case FA_RTAS_CPU_STATE_DATA:
		case FA_RTAS_HPTE_REGION:
		case FA_RTAS_REAL_MODE_REGION:
			if (s->error_flags) {
				pr_err(k, "Dump taken by platform is not valid (%d)\n", i);
				rc = -EINVAL;
			}
			if (s->bytes_dumped != s->source_len) {
				pr_err(k, "Dump taken by platform is incomplete (%d)\n", i);
				rc = -EINVAL;
			}
			if (rc) {
				pr_warn(k, "Region type: %u src addr: 0x%lx dest addr: 0x%lx\n",
					s->source_data_type, s->source_address,
					s->destination_address);
				return rc;
			}
			break;
		case FA_RTAS_PARAM_AREA:
			if (s->bytes_dumped != s->source_len || s->error_flags) {
				pr_warn(k, "Failed to process additional parameters! Proceeding anyway..\n");
				k->fw_dump.param_area = 0;
			}
			break;
		default:
			pr_warn(k, "Unknown region found: type: %u src addr: 0x%lx dest addr: 0x%lx\n",
				s->source_data_type, s->source_address,
				s->destination_address);
			break;
		}
	}
	cpu = find_section(a, FA_RTAS_CPU_STATE_DATA);
	return rtas_fadump_build_cpu_notes(k, cpu ? cpu->source_len :
					   k->fw_dump.cpu_state_data_size,
					   k->fw_dump.elfcorehdr_addr);
}

static void rtas_fadump_region_show(struct fadump_kernel *k, FILE *m)
{
	struct rtas_priv *p = priv(k);
	const struct fa_rtas_fdm *f = p->have_active ? &p->fdm_active : &p->fdm;
	const struct fa_rtas_section *pa = fa_region_rtas_param(f);
	struct fa_region_show *s = calloc(1, sizeof(*s));
	char param[COMMAND_LINE_SIZE + 1] = "";
	struct fa_err e;

	if (!s)
		return;
	if (pa && machine_read(k->m, pa->destination_address, param,
			       COMMAND_LINE_SIZE, &e))
		param[0] = '\0';
	if (fa_region_view_rtas(f, FA_REGION_PSERIES, p->have_active,
				k->fw_dump.boot_mem_top, param, s, &e)) {
		free(s);
		return;
	}
	fadump_region_emit(s, m);
}

static void rtas_fadump_trigger(struct fadump_kernel *k, const char *msg)
{
	rtas_os_term(k->fw, msg);
}

static int rtas_fadump_max_boot_mem_rgns(struct fadump_kernel *k)
{
	/* the three-section structure before v6.10 had one boot region */
	return old_era(k) ? 1 : FA_RTAS_MAX_BOOT_MEM_REGS;
}

static void rtas_fadump_free(struct fadump_kernel *k)
{
	free(k->plat);
	k->plat = NULL;
	free(k->notes);
	k->notes = NULL;
}

static const struct fadump_ops rtas_fadump_ops = {
	.fadump_init_mem_struct = rtas_fadump_init_mem_struct,
	.fadump_get_bootmem_min = rtas_fadump_get_bootmem_min,
	.fadump_register = rtas_fadump_register,
	.fadump_unregister = rtas_fadump_unregister,
	.fadump_invalidate = rtas_fadump_invalidate,
	.fadump_process = rtas_fadump_process,
	.fadump_region_show = rtas_fadump_region_show,
	.fadump_trigger = rtas_fadump_trigger,
	.fadump_max_boot_mem_rgns = rtas_fadump_max_boot_mem_rgns,
	.fa_free = rtas_fadump_free,
};

void rtas_fadump_dt_scan(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	struct fa_rtas_dump_sizes ds;
	struct rtas_priv *p;
	const void *prop;
	uint32_t token;
	size_t len;
	struct fa_err e;

	prop = machine_dt_get(k->m, "/rtas/ibm,configure-kernel-dump", &len);
	if (!prop || fa_rtas_token_decode(prop, len, &token, &e))
		return;
	p = calloc(1, sizeof(*p));
	if (!p) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		fadump_model_error(k, &e);
		return;
	}
	k->plat = p;
	fw->ibm_configure_kernel_dump = (int)token;
	fw->ops = &rtas_fadump_ops;
	fw->fadump_supported = 1;
	fw->param_area_supported = !old_era(k);
	fw->max_copy_size = FA_ALIGN_DOWN(UINT64_MAX, k->page_size);

	prop = machine_dt_get(k->m, "/rtas/ibm,kernel-dump", &len);
	if (prop && !fa_rtas_fdm_decode(prop, len, &p->fdm_active, &e)) {
		pr_info(k, "Firmware-assisted dump is active.\n");
		fw->dump_active = 1;
		p->have_active = 1;
		rtas_fadump_get_config(k, &p->fdm_active);
	}
	prop = machine_dt_get(k->m, "/rtas/ibm,configure-kernel-dump-sizes",
			      &len);
	if (!prop || fa_rtas_dump_sizes_decode(prop, len, &ds, &e))
		return;
	fa_rtas_dump_sizes_lookup(&ds, &fw->cpu_state_data_size,
				  &fw->hpte_region_size);
}

const struct fa_rtas_fdm *rtas_fadump_fdm(const struct fadump_kernel *k)
{
	if (k->fw_dump.ops != &rtas_fadump_ops || !k->plat)
		return NULL;
	return &((const struct rtas_priv *)k->plat)->fdm;
}
