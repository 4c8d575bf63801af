// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opal_fadump.c - PowerNV FADump platform ops
 * (arch/powerpc/platforms/powernv/opal-fadump.c) over the OPAL firmware
 * model.  The kernel metadata (struct opal_fadump_mem_struct) lives in the
 * machine's memory at fw_dump.kernel_metadata, where firmware and the
 * capture kernel find it through TAG_KERNEL.
 *
 * Both model eras are v5.19 or later (pre-6.10 stands for v5.19..v6.9), so
 * the metadata is big-endian in both; kernels before v5.19 wrote it in
 * native order (fdm_bo() is the one place that would change).
 */
#define pr_fmt(fmt) "opal fadump: " fmt
#define KBUILD_MODNAME "opal_fadump"
#define DDEBUG_FILE "arch/powerpc/platforms/powernv/opal-fadump.c"

#include <stdlib.h>
#include <string.h>

#include "crashinfo.h"
#include "fadump.h"
#include "fw_opal.h"
#include "hdat.h"
#include "opal.h"
#include "opal_fadump.h"
#include "regionview.h"

static struct opal_priv *priv(struct fadump_kernel *k)
{
	return k->plat;
}

static int fdm_bo(const struct fadump_kernel *k)
{
	(void)k;
	return FA_BE;	/* b74196af (v5.19): "different endian capture kernel" */
}

static int old_era(const struct fadump_kernel *k)
{
	return k->era == FA_ERA_PRE_6_10;
}

/* Store opal_fdm at fw_dump.kernel_metadata, as the kernel's writes do. */
static int store_fdm(struct fadump_kernel *k)
{
	uint8_t buf[FA_OPAL_FDM_SIZE];
	struct fa_err e;

	if (!k->fw_dump.kernel_metadata)
		return 0;
	if (fa_opal_fdm_encode(&priv(k)->fdm, fdm_bo(k), buf, sizeof(buf),
			       &e) ||
	    machine_write(k->m, k->fw_dump.kernel_metadata, buf, sizeof(buf),
			  &e))
		return fadump_model_error(k, &e);
	return 0;
}

static void opal_fadump_update_config(struct fadump_kernel *k,
				      const struct fa_opal_fdm *fdm)
{
	struct fw_dump *fw = &k->fw_dump;

	pr_debug(k, "Boot memory regions count: %d\n", fdm->region_cnt);
	fw->boot_mem_dest_addr = fdm->rgn[0].dest;
	pr_debug(k, "Destination address of boot memory regions: %#016lx\n",
		 fw->boot_mem_dest_addr);
	fw->fadumphdr_addr = fdm->fadumphdr_addr;
}

/* opal_fadump_get_config(): the capture kernel reads the old metadata. */
static void opal_fadump_get_config(struct fadump_kernel *k,
				   const struct fa_opal_fdm *fdm)
{
	struct fw_dump *fw = &k->fw_dump;
	uint64_t base, size, last_end = 0, hole_size = 0;
	int i;

	if (!fw->dump_active)
		return;
	fw->boot_memory_size = 0;
	pr_debug(k, "Boot memory regions:\n");
	for (i = 0; i < fdm->region_cnt; i++) {
		base = fdm->rgn[i].src;
		size = fdm->rgn[i].size;
		pr_debug(k, "\t[%03d] base: 0x%lx, size: 0x%lx\n", i, base,
			 size);
		fw->boot_mem_addr[i] = base;
		fw->boot_mem_sz[i] = size;
		fw->boot_memory_size += size;
		hole_size += base - last_end;
		last_end = base + size;
	}
	fw->reserve_dump_area_start = fdm->rgn[0].dest;
	if (fdm->region_cnt > fdm->registered_regions) {
		pr_warn(k, "Not all memory regions were saved!!!\n");
		pr_warn(k, "  Unsaved memory regions:\n");
		for (i = fdm->registered_regions; i < fdm->region_cnt; i++)
			pr_warn(k, "\t[%03d] base: 0x%lx, size: 0x%lx\n", i,
				fdm->rgn[i].src, fdm->rgn[i].size);
		pr_warn(k, "If the unsaved regions only contain pages that are filtered out (eg. free/user pages), the vmcore should still be usable.\n");
		pr_warn(k, "WARNING: If the unsaved regions contain kernel pages, the vmcore will be corrupted.\n");
	}
	fw->boot_mem_top = fw->boot_memory_size + hole_size;
	fw->boot_mem_regs_cnt = fdm->region_cnt;
	opal_fadump_update_config(k, fdm);
}

static void opal_fadump_init_metadata(struct fa_opal_fdm *fdm)
{
	fdm->version = FA_OPAL_FADUMP_VERSION;
	fdm->region_cnt = 0;
	fdm->registered_regions = 0;
	fdm->fadumphdr_addr = 0;
}

static uint64_t opal_fadump_init_mem_struct(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	struct fa_opal_fdm *fdm = &priv(k)->fdm;
	uint64_t addr = fw->reserve_dump_area_start;
	uint64_t i;

	opal_fadump_init_metadata(fdm);
	for (i = 0; i < fw->boot_mem_regs_cnt && i < FA_OPAL_FADUMP_MAX_MEM_REGS;
	     i++) {
		fdm->rgn[i].src = fw->boot_mem_addr[i];
		fdm->rgn[i].dest = addr;
		fdm->rgn[i].size = fw->boot_mem_sz[i];
		fdm->region_cnt++;
		addr += fw->boot_mem_sz[i];
	}
	/* the capture kernel reads the header address from here */
	fdm->fadumphdr_addr = fdm->rgn[0].dest + fw->boot_memory_size;
	opal_fadump_update_config(k, fdm);
	store_fdm(k);
	return addr;
}

static uint64_t opal_fadump_get_metadata_size(struct fadump_kernel *k)
{
	return fadump_page_align(k, FA_OPAL_FDM_SIZE);
}

static int opal_fadump_setup_metadata(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	int err = 0;
	int64_t ret;

	/* the last page(s) of the reservation */
	fw->kernel_metadata = fw->reserve_dump_area_start +
			      fw->reserve_dump_area_size -
			      opal_fadump_get_metadata_size(k);
	pr_info(k, "Kernel metadata addr: %lx\n", fw->kernel_metadata);
	opal_fadump_init_metadata(&priv(k)->fdm);
	store_fdm(k);
	ret = opal_mpipl_register_tag(k->fw, FA_OPAL_MPIPL_TAG_KERNEL,
				      fw->kernel_metadata);
	if (ret != FA_OPAL_SUCCESS) {
		pr_err(k, "Failed to set kernel metadata tag!\n");
		err = -EPERM;
	}
	ret = opal_mpipl_register_tag(k->fw, FA_OPAL_MPIPL_TAG_BOOT_MEM,
				      fw->boot_mem_top);
	if (ret != FA_OPAL_SUCCESS) {
		pr_err(k, "Failed to set boot memory tag!\n");
		err = -EPERM;
	}
	return err;
}

static uint64_t opal_fadump_get_bootmem_min(struct fadump_kernel *k)
{
	(void)k;
	return FA_OPAL_FADUMP_MIN_BOOT_MEM;
}

static int opal_fadump_unregister(struct fadump_kernel *k)
{
	int64_t rc;

	rc = opal_mpipl_update(k->fw, FA_OPAL_MPIPL_REMOVE_ALL, 0, 0, 0);
	if (rc) {
		pr_err(k, "Failed to un-register - unexpected Error(%lld).\n",
		       (long long)rc);
		return -EIO;
	}
	priv(k)->fdm.registered_regions = 0;
	store_fdm(k);
	k->fw_dump.dump_registered = 0;
	return 0;
}

/* Keep the header as registration wrote it (for the opal-crash fault). */
static void save_reg_hdr(struct fadump_kernel *k)
{
	struct opal_priv *p = priv(k);
	struct fa_err e;

	p->reg_hdr_len = fadump_hdr_size(k);
	if (!k->fw_dump.fadumphdr_addr ||
	    machine_read(k->m, k->fw_dump.fadumphdr_addr, p->reg_hdr,
			 p->reg_hdr_len, &e))
		p->reg_hdr_len = 0;
}

static int opal_fadump_register(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	struct fa_opal_fdm *fdm = &priv(k)->fdm;
	int64_t rc = FA_OPAL_PARAMETER;
	int i, err = -EIO;

	save_reg_hdr(k);
	for (i = 0; i < fdm->region_cnt; i++) {
		rc = opal_mpipl_update(k->fw, FA_OPAL_MPIPL_ADD_RANGE,
				       fdm->rgn[i].src, fdm->rgn[i].dest,
				       fdm->rgn[i].size);
		if (rc != FA_OPAL_SUCCESS)
			break;
		fdm->registered_regions++;
	}
	store_fdm(k);
	switch (rc) {
	case FA_OPAL_SUCCESS:
		pr_info(k, "Registration is successful!\n");
		fw->dump_registered = 1;
		err = 0;
		break;
	case FA_OPAL_RESOURCE:
		pr_warn(k, "%d regions could not be registered for MPIPL as MAX limit is reached!\n",
			fdm->region_cnt - fdm->registered_regions);
		fw->dump_registered = 1;
		err = 0;
		break;
	case FA_OPAL_PARAMETER:
		pr_err(k, "Failed to register. Parameter Error(%lld).\n",
		       (long long)rc);
		break;
	case FA_OPAL_HARDWARE:
		pr_err(k, "Support not available.\n");
		fw->fadump_supported = 0;
		fw->fadump_enabled = 0;
		break;
	default:
		pr_err(k, "Failed to register. Unknown Error(%lld).\n",
		       (long long)rc);
		break;
	}
	if (err < 0 && fdm->registered_regions > 0)
		opal_fadump_unregister(k);
	return err;
}

static int opal_fadump_invalidate(struct fadump_kernel *k)
{
	int64_t rc;

	/*
	 * A release_mem write comes long after the fs_initcalls: the
	 * opalcore was built before firmware drops its tags.
	 */
	if (k->vmcore_removed)
		opalcore_init(k);

	rc = opal_mpipl_update(k->fw, FA_OPAL_MPIPL_FREE_PRESERVED_MEMORY, 0,
			       0, 0);
	if (rc) {
		pr_err(k, "Failed to invalidate - unexpected Error(%lld).\n",
		       (long long)rc);
		return -EIO;
	}
	k->fw_dump.dump_active = 0;
	priv(k)->have_active = 0;
	return 0;
}

static void opal_fadump_cleanup(struct fadump_kernel *k)
{
	int64_t ret;

	ret = opal_mpipl_register_tag(k->fw, FA_OPAL_MPIPL_TAG_KERNEL, 0);
	if (ret != FA_OPAL_SUCCESS)
		pr_warn(k, "Could not reset (%llu) kernel metadata tag!\n",
			(unsigned long long)ret);
}

/* is_opal_fadump_cpu_data_valid() */
static int is_opal_fadump_cpu_data_valid(struct fadump_kernel *k)
{
	struct opal_priv *p = priv(k);
	struct fw_dump *fw = &k->fw_dump;

	if (!p->have_cpu_meta)
		return 0;
	fw->cpu_state_data_version = p->cpu_meta.cpu_data_version;
	fw->cpu_state_entry_size = p->cpu_meta.cpu_data_size;
	fw->cpu_state_dest_vaddr = p->cpu_region.dest + FA_PPC64_PAGE_OFFSET;
	fw->cpu_state_data_size = p->cpu_region.size;
	if (fw->cpu_state_data_version != FA_HDAT_FADUMP_CPU_DATA_VER) {
		pr_warn(k, "Supported CPU state data version: %u, found: %d!\n",
			FA_HDAT_FADUMP_CPU_DATA_VER,
			(int)fw->cpu_state_data_version);
		pr_warn(k, "WARNING: F/W using newer CPU state data format!!\n");
	}
	if (!p->cpu_region.dest || !fw->cpu_state_entry_size ||
	    fw->cpu_state_entry_size > fw->cpu_state_data_size) {
		pr_err(k, "CPU state data is invalid. Ignoring!\n");
		return 0;
	}
	return 1;
}

int opal_fadump_read_cpu_data(struct fadump_kernel *k, uint64_t paddr,
			      uint64_t size, uint32_t entry_size,
			      uint8_t **buf, struct fa_hdat_iter *it,
			      struct fa_err *e)
{
	int rc;

	*buf = NULL;
	if (size > (256ULL << 20))
		return fa_err_set(e, FA_ERANGE,
				  "CPU state data of %#llx bytes is beyond what the model reads",
				  (unsigned long long)size);
	*buf = malloc(size ? (size_t)size : 1);
	if (!*buf)
		return fa_err_set(e, FA_ENOMEM, "CPU state data: out of memory");
	rc = machine_read(k->m, paddr, *buf, (size_t)size, e);
	if (!rc)
		rc = fa_hdat_iter_init(it, *buf, size, entry_size, e);
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

/* opal_fadump_build_cpu_notes() */
static int opal_fadump_build_cpu_notes(struct fadump_kernel *k,
				       const struct fa_crashinfo *fdh,
				       uint64_t elfcorehdr)
{
	struct fw_dump *fw = &k->fw_dump;
	uint32_t num_cpus = 1;
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	uint8_t *data = NULL, *note;
	uint64_t regs[FA_PT_NREGS];
	struct fa_err e;
	int valid, rc;

	valid = is_opal_fadump_cpu_data_valid(k);
	if (valid && opal_fadump_read_cpu_data(k, fw->cpu_state_dest_vaddr -
					       FA_PPC64_PAGE_OFFSET,
					       fw->cpu_state_data_size,
					       fw->cpu_state_entry_size,
					       &data, &it, &e)) {
		/* the kernel would parse garbage here; the model will not */
		pr_warn(k, "fadump-tools: CPU state data unusable, treated as invalid: %s\n",
			e.msg);
		valid = 0;
	}
	if (valid)
		num_cpus = (uint32_t)(fw->cpu_state_data_size /
				      fw->cpu_state_entry_size);
	rc = fadump_setup_cpu_notes_buf(k, num_cpus);
	if (rc) {
		free(data);
		return rc;
	}
	note = k->notes;
	if (valid) {
		pr_debug(k, "--------CPU State Data------------\n");
		pr_debug(k, "NumCpus     : %u\n", num_cpus);
		pr_debug(k, "\tOffset: %u, Entry size: %u, Cnt: %u\n",
			 it.regs_offset, it.esize, it.ecnt);
	}
	while (valid && note && fa_hdat_iter_next(&it, &t, &e) == 1) {
		pr_debug(k, "[%04d] PIR: 0x%x, core state: 0x%02x\n",
			 (int)t.index, t.hdr.pir, t.hdr.core_state);
		if (fdh->crashing_cpu == t.hdr.pir) {
			note = fadump_regs_to_elf_notes(k, note, fdh->regs);
			pr_debug(k, "Crashing CPU PIR: 0x%x - R1 : 0x%lx, NIP : 0x%lx\n",
				 fdh->crashing_cpu, fdh->regs[1], fdh->regs[32]);
			continue;
		}
		if (t.inactive)
			continue;
		fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
		note = fadump_regs_to_elf_notes(k, note, regs);
		pr_debug(k, "CPU PIR: 0x%x - R1 : 0x%lx, NIP : 0x%lx\n",
			 t.hdr.pir, regs[1], regs[32]);
	}
	free(data);
	if (note == k->notes) {
		if (fdh->crashing_cpu == FADUMP_CPU_UNKNOWN) {
			fadump_free_cpu_notes_buf(k);
			return -ENODEV;
		}
		pr_warn(k, "WARNING: appending only crashing CPU's register data\n");
		note = fadump_regs_to_elf_notes(k, note, fdh->regs);
	}
	if (!final_note(k, note))
		return -EFAULT;
	pr_debug(k, "Updating elfcore header (%lx) with cpu notes\n",
		 elfcorehdr);
	return fadump_update_elfcore_header(k, elfcorehdr);
}

static int opal_fadump_process(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	struct fa_crashinfo fdh;
	uint64_t elfcorehdr = fw->elfcorehdr_addr;
	int rc;

	if (!priv(k)->have_active || !fw->fadumphdr_addr)
		return -EINVAL;
	if (fadump_read_hdr(k, &fdh))
		return -EFAULT;
	if (old_era(k)) {
		/* v5.19..v6.9 validated the header here */
		if (fdh.magic_number != FADUMP_CRASH_INFO_MAGIC_OLD) {
			pr_err(k, "Crash info header is not valid.\n");
			return -EINVAL;
		}
		elfcorehdr = fdh.elfcorehdr_addr;
	}
	/* CONFIG_OPAL_CORE: SIGUSR1 for the crashing thread in the opalcore */
	if (fdh.crashing_cpu != FADUMP_CPU_UNKNOWN)
		priv(k)->kernel_initiated = 1;
	rc = opal_fadump_build_cpu_notes(k, &fdh, elfcorehdr);
	if (rc)
		return rc;
	if (old_era(k))
		k->elfcorehdr_addr = fdh.elfcorehdr_addr;
	return 0;
}

static void opal_fadump_region_show(struct fadump_kernel *k, FILE *m)
{
	struct opal_priv *p = priv(k);
	const struct fa_opal_fdm *f = p->have_active ? &p->fdm_active : &p->fdm;
	struct fa_region_show *s = calloc(1, sizeof(*s));

	if (!s)
		return;
	fa_region_view_opal(f, k->fw_dump.dump_active, k->fw_dump.boot_mem_top, s);
	fadump_region_emit(s, m);
}

/* The PIR of logical CPU @cpu: what mfspr(SPRN_PIR) reads there. */
static uint32_t cpu_pir(const struct fadump_kernel *k, uint32_t cpu)
{
	uint32_t i;

	for (i = 0; i < k->m->ncpus; i++)
		if (k->m->cpu[i].cpu == cpu)
			return k->m->cpu[i].pir;
	return machine_cpu_pir(cpu);
}

/* fdh->crashing_cpu = PIR, in the crash-info header in memory. */
static void set_hdr_crashing_pir(struct fadump_kernel *k, uint32_t pir)
{
	uint8_t buf[FADUMP_HDR_MAX];
	struct fa_crashinfo ci;
	struct fa_err e;
	size_t n;

	if (fadump_read_hdr(k, &ci))
		return;
	ci.crashing_cpu = pir;
	if (fa_crashinfo_encode(&ci, k->byteorder, buf, sizeof(buf), &n, &e) ||
	    machine_write(k->m, k->fw_dump.fadumphdr_addr, buf, n, &e))
		fadump_model_error(k, &e);
}

static void opal_fadump_trigger(struct fadump_kernel *k, const char *msg)
{
	struct opal_priv *p = priv(k);
	uint32_t pir = cpu_pir(k, k->crashing_cpu);
	const struct fw_opal_faults *f = fw_opal_faults(k->fw);
	struct fa_err e;
	int64_t rc;

	if (f->opal_initiated && p->reg_hdr_len) {
		/*
		 * Fault "opal-crash": OPAL went down on this thread before
		 * the kernel's crash path ran, so the header is as
		 * registration left it (CRASHTIME aside, which the model
		 * has already appended).
		 */
		pr_warn(k, "fadump-tools: fault opal-crash: firmware-initiated MPIPL, crash-info header left as registered\n");
		if (machine_write(k->m, k->fw_dump.fadumphdr_addr, p->reg_hdr,
				  p->reg_hdr_len, &e))
			fadump_model_error(k, &e);
	} else {
		set_hdr_crashing_pir(k, pir);
	}
	rc = opal_cec_reboot2(k->fw, FA_OPAL_REBOOT_MPIPL, msg, pir);
	if (rc == FA_OPAL_UNSUPPORTED)
		pr_emerg(k, "Reboot type %d not supported.\n",
			 FA_OPAL_REBOOT_MPIPL);
	else if (rc == FA_OPAL_HARDWARE)
		pr_emerg(k, "No backend support for MPIPL!\n");
	if (fw_opal_error(k->fw))
		fadump_model_error(k, fw_opal_error(k->fw));
}

static int opal_fadump_max_boot_mem_rgns(struct fadump_kernel *k)
{
	(void)k;
	return FADUMP_MAX_MEM_REGS;
}

static void opal_fadump_free(struct fadump_kernel *k)
{
	struct opal_priv *p = priv(k);

	if (p)
		opalcore_free(p);
	free(p);
	k->plat = NULL;
	free(k->notes);
	k->notes = NULL;
}

const struct fadump_ops opal_fadump_ops = {
	.fadump_init_mem_struct = opal_fadump_init_mem_struct,
	.fadump_get_metadata_size = opal_fadump_get_metadata_size,
	.fadump_setup_metadata = opal_fadump_setup_metadata,
	.fadump_get_bootmem_min = opal_fadump_get_bootmem_min,
	.fadump_register = opal_fadump_register,
	.fadump_unregister = opal_fadump_unregister,
	.fadump_invalidate = opal_fadump_invalidate,
	.fadump_cleanup = opal_fadump_cleanup,
	.fadump_process = opal_fadump_process,
	.fadump_region_show = opal_fadump_region_show,
	.fadump_trigger = opal_fadump_trigger,
	.fadump_max_boot_mem_rgns = opal_fadump_max_boot_mem_rgns,
	.fa_write_root = opalcore_write_root,
	.fa_sysfs_write = opalcore_sysfs_write,
	.fa_free = opal_fadump_free,
};

/* Read and decode an opal_mpipl_fadump at @addr (region count checked). */
int opal_read_mpipl(struct fadump_kernel *k, uint64_t addr,
		    struct fa_opal_mpipl *md, struct fa_err *e)
{
	uint8_t hdr[FA_OPAL_MPIPL_HDR_SIZE], *buf;
	uint32_t cnt;
	size_t len;
	int rc;

	memset(md, 0, sizeof(*md));
	rc = machine_read(k->m, addr, hdr, sizeof(hdr), e);
	if (rc)
		return rc;
	cnt = fa_get32(hdr + 20, FA_BE);
	if (cnt > 4096)
		return fa_err_set(e, FA_ERANGE,
				  "opal_mpipl_fadump at %#llx: region_cnt %u is beyond 4096",
				  (unsigned long long)addr, cnt);
	len = fa_opal_mpipl_size(cnt);
	buf = malloc(len);
	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	rc = machine_read(k->m, addr, buf, len, e);
	if (!rc)
		rc = fa_opal_mpipl_decode(buf, len, md, e);
	free(buf);
	return rc;
}

/* QUERY_TAG as the kernel does it: the value comes back big-endian. */
int opal_query_tag(struct fadump_kernel *k, uint64_t tag, uint64_t *addr)
{
	uint8_t be_addr[8] = { 0 };
	int64_t ret = opal_mpipl_query_tag(k->fw, tag, be_addr);

	*addr = fa_get64(be_addr, FA_BE);
	return (int)ret;
}

/* The capture kernel: the first kernel's metadata from TAG_KERNEL. */
static void opal_fadump_scan_active(struct fadump_kernel *k)
{
	struct opal_priv *p = priv(k);
	uint8_t buf[FA_OPAL_FDM_SIZE];
	uint64_t addr = 0;
	struct fa_err e;
	int ret;

	ret = opal_query_tag(k, FA_OPAL_MPIPL_TAG_KERNEL, &addr);
	if (ret != FA_OPAL_SUCCESS || !addr) {
		pr_err(k, "Failed to get Kernel metadata (%lld)\n",
		       (long long)ret);
		return;
	}
	pr_debug_in(k, "opal_fadump_dt_scan",
		    "Kernel metadata addr: %lx\n", addr);
	if (machine_read(k->m, addr, buf, sizeof(buf), &e) ||
	    fa_opal_fdm_decode(buf, sizeof(buf), fdm_bo(k), &p->fdm_active,
			       &e)) {
		/* the kernel would dereference it regardless */
		pr_warn(k, "fadump-tools: kernel metadata at %lx unusable: %s\n",
			addr, e.msg);
		return;
	}
	if (p->fdm_active.version != FA_OPAL_FADUMP_VERSION) {
		pr_warn(k, "Supported kernel metadata version: %u, found: %d!\n",
			FA_OPAL_FADUMP_VERSION, p->fdm_active.version);
		pr_warn(k, "WARNING: Kernel metadata format mismatch identified! Core file maybe corrupted..\n");
	}
	if (!p->fdm_active.registered_regions)
		return;
	ret = opal_query_tag(k, FA_OPAL_MPIPL_TAG_CPU, &addr);
	if (ret == FA_OPAL_SUCCESS && addr) {
		pr_debug_in(k, "opal_fadump_dt_scan",
			    "CPU metadata addr: %lx\n", addr);
		if (!opal_read_mpipl(k, addr, &p->cpu_meta, &e) &&
		    p->cpu_meta.region_cnt) {
			p->cpu_region = p->cpu_meta.region[0];
			p->have_cpu_meta = 1;
		}
		fa_opal_mpipl_free(&p->cpu_meta);
		p->cpu_meta.region = NULL;
	}
	pr_info(k, "Firmware-assisted dump is active.\n");
	k->fw_dump.dump_active = 1;
	p->have_active = 1;
	opal_fadump_get_config(k, &p->fdm_active);
}

/* Does any fw-load-area range end above the boot memory minimum? */
static int fw_load_area_ok(struct fadump_kernel *k)
{
	size_t len = 0, i;
	const uint8_t *prop = machine_dt_get(k->m, "/ibm,opal/dump/fw-load-area",
					     &len);

	for (i = 0; prop && i + 16 <= len; i += 16) {
		uint64_t base = fa_get64(prop + i, FA_BE);
		uint64_t end = base + fa_get64(prop + i + 8, FA_BE);

		if (end > FA_OPAL_FADUMP_MIN_BOOT_MEM) {
			pr_err(k, "F/W load area: 0x%lx-0x%lx\n", base, end);
			pr_err(k, "F/W version not supported!\n");
			return 0;
		}
	}
	return 1;
}

void opal_fadump_dt_scan(struct fadump_kernel *k)
{
	struct fw_dump *fw = &k->fw_dump;
	const char *compat;
	size_t len = 0;
	struct fa_err e;

	compat = machine_dt_get(k->m, "/ibm,opal/dump/compatible", &len);
	if (!compat && !machine_dt_get(k->m, "/ibm,opal/dump/fw-load-area",
				       NULL)) {
		pr_debug(k, "FADump support is missing!\n");
		return;
	}
	if (!compat || !memmem(compat, len, "ibm,opal-dump", 14)) {
		pr_err(k, "Support missing for this f/w version!\n");
		return;
	}
	if (!k->fw) {
		fa_err_set(&e, FA_EINVAL,
			   "powernv: the kernel runs without an OPAL firmware model");
		fadump_model_error(k, &e);
		return;
	}
	if (!fw_load_area_ok(k))
		return;
	k->plat = calloc(1, sizeof(struct opal_priv));
	if (!k->plat) {
		fa_err_set(&e, FA_ENOMEM, "out of memory");
		fadump_model_error(k, &e);
		return;
	}
	fw->ops = &opal_fadump_ops;
	fw->fadump_supported = 1;
	fw->param_area_supported = 0;
	fw->max_copy_size = fa_opal_max_copy_size(k->page_size);
	if (!machine_dt_get(k->m, "/ibm,opal/dump/mpipl-boot", NULL))
		return;
	opal_fadump_scan_active(k);
}
