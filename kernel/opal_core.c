// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opal_core.c - the OPAL core (arch/powerpc/platforms/powernv/opal-core.c):
 * after an MPIPL the capture kernel exports firmware's own memory as a
 * big-endian ELF core, /sys/firmware/opal/mpipl/core, with one NT_PRSTATUS
 * per active hardware thread (raw big-endian register values, pr_pid =
 * 100 + PIR), an NT_AUXV holding OPAL's entry point, and a PT_LOAD per
 * preserved OPAL memory region.  Writing 1 to release_core removes it.
 *
 * The headers and notes are built once, at "fs_initcall" (opalcore_init);
 * the region contents are read from the machine when the file is written,
 * as the kernel's read handler reads them from memory.
 */
#define pr_fmt(fmt) "opal core: " fmt
#define KBUILD_MODNAME "opal_core"
#define DDEBUG_FILE "arch/powerpc/platforms/powernv/opal-core.c"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfcore.h"
#include "elfnote.h"
#include "fadump.h"
#include "kstrtox.h"
#include "fw_opal.h"
#include "opal_fadump.h"
#include "prstatus.h"

#define MAX_PT_LOAD_CNT		8
#define AUXV_DESC_SZ		24	/* AT_ENTRY, value, AT_NULL */
#define NT_AUXV			6
#define AT_NULL			0
#define AT_ENTRY		9
#define SIGUSR1			10
#define SIGTERM			15
/* CRASH_CORE_NOTE_HEAD_BYTES + CRASH_CORE_NOTE_NAME_BYTES */
#define NOTE_HEAD_NAME		(12 + 8)

#define CORE_PATH		"sys/firmware/opal/mpipl/core"
#define RELEASE_PATH		"sys/firmware/opal/mpipl/release_core"
#define COMPAT_PATH		"sys/firmware/opal/core"

/* struct opalcore_config */
struct opalcore {
	uint32_t num_cpus;
	uint32_t crashing_cpu;		/* PIR, from OPAL's metadata */
	uint64_t cpu_state_paddr;
	uint64_t cpu_state_data_size;
	uint64_t cpu_state_entry_size;
	uint64_t ptload_addr[MAX_PT_LOAD_CNT];
	uint64_t ptload_size[MAX_PT_LOAD_CNT];
	uint64_t ptload_cnt;
	uint64_t opalcore_size;
	uint64_t opalcorebuf_sz;
	uint8_t *opalcorebuf;
	struct fa_elf_phdr ph[MAX_PT_LOAD_CNT + 1];
	size_t nph;
};

static struct opal_priv *priv(struct fadump_kernel *k)
{
	return k->plat;
}

void opalcore_free(struct opal_priv *p)
{
	if (p->oc)
		free(p->oc->opalcorebuf);
	free(p->oc);
	p->oc = NULL;
}

/* opalcore_cleanup() */
static void opalcore_cleanup(struct fadump_kernel *k)
{
	opalcore_free(priv(k));
}

/* Whether the dump node says this boot follows an MPIPL. */
static int mpipl_boot(struct fadump_kernel *k)
{
	size_t len = 0;
	const char *compat = machine_dt_get(k->m, "/ibm,opal/dump/compatible",
					    &len);

	if (!compat && !machine_dt_get(k->m, "/ibm,opal/dump/fw-load-area",
				       NULL))
		return 0;
	if (!compat || !memmem(compat, len, "ibm,opal-dump", 14)) {
		pr_warn(k, "Support missing for this f/w version!\n");
		return 0;
	}
	return machine_dt_get(k->m, "/ibm,opal/dump/mpipl-boot", NULL) != NULL;
}

/* opalcore_config_init(): 0, or -1 after "Could not export ...". */
static int opalcore_config_init(struct fadump_kernel *k)
{
	struct opalcore *oc;
	struct fa_opal_mpipl md, cpu;
	uint64_t addr = 0;
	struct fa_err e;
	uint32_t idx, i;
	int ret;

	memset(&md, 0, sizeof(md));
	memset(&cpu, 0, sizeof(cpu));
	ret = opal_query_tag(k, FA_OPAL_MPIPL_TAG_OPAL, &addr);
	if (ret != FA_OPAL_SUCCESS || !addr) {
		pr_err(k, "Failed to get OPAL metadata (%d)\n", ret);
		goto error_out;
	}
	pr_debug(k, "OPAL metadata addr: %lx\n", addr);
	if (opal_read_mpipl(k, addr, &md, &e))
		goto model_error;
	ret = opal_query_tag(k, FA_OPAL_MPIPL_TAG_CPU, &addr);
	if (ret != FA_OPAL_SUCCESS || !addr) {
		pr_err(k, "Failed to get OPAL CPU metadata (%d)\n", ret);
		goto error_out;
	}
	pr_debug(k, "CPU metadata addr: %lx\n", addr);
	if (opal_read_mpipl(k, addr, &cpu, &e))
		goto model_error;
	oc = calloc(1, sizeof(*oc));
	if (!oc)
		goto error_out;
	priv(k)->oc = oc;
	if (md.version != FA_OPAL_MPIPL_VERSION) {
		pr_warn(k, "Supported OPAL metadata version: %u, found: %u!\n",
			FA_OPAL_MPIPL_VERSION, md.version);
		pr_warn(k, "WARNING: F/W using newer OPAL metadata format!!\n");
	}
	idx = md.region_cnt;
	if (idx > MAX_PT_LOAD_CNT) {
		pr_warn(k, "WARNING: OPAL regions count (%d) adjusted to limit (%d)",
			(int)idx, MAX_PT_LOAD_CNT);
		idx = MAX_PT_LOAD_CNT;
	}
	for (i = 0; i < idx; i++) {
		oc->ptload_addr[i] = md.region[i].dest;
		oc->ptload_size[i] = md.region[i].size;
	}
	oc->ptload_cnt = idx;
	oc->crashing_cpu = md.crashing_pir;
	if (!oc->ptload_cnt) {
		pr_err(k, "OPAL memory regions not found\n");
		goto error_out;
	}
	if (cpu.cpu_data_version != FA_HDAT_FADUMP_CPU_DATA_VER) {
		pr_warn(k, "Supported CPU data version: %u, found: %u!\n",
			FA_HDAT_FADUMP_CPU_DATA_VER, cpu.cpu_data_version);
		pr_warn(k, "WARNING: F/W using newer CPU state data format!!\n");
	}
	addr = cpu.region_cnt ? cpu.region[0].dest : 0;
	if (!addr) {
		pr_err(k, "CPU state data not found!\n");
		goto error_out;
	}
	oc->cpu_state_paddr = addr;
	oc->cpu_state_data_size = cpu.region[0].size;
	oc->cpu_state_entry_size = cpu.cpu_data_size;
	if (!oc->cpu_state_entry_size ||
	    oc->cpu_state_entry_size > oc->cpu_state_data_size) {
		pr_err(k, "CPU state data is invalid.\n");
		goto error_out;
	}
	oc->num_cpus = (uint32_t)(oc->cpu_state_data_size /
				  oc->cpu_state_entry_size);
	fa_opal_mpipl_free(&md);
	fa_opal_mpipl_free(&cpu);
	return 0;
model_error:
	fadump_model_error(k, &e);
error_out:
	pr_err(k, "Could not export /sys/firmware/opal/core\n");
	opalcore_cleanup(k);
	fa_opal_mpipl_free(&md);
	fa_opal_mpipl_free(&cpu);
	return -1;
}

/* fill_prstatus() + append_elf64_note(); NULL when it would not fit. */
static uint8_t *put_prstatus(struct opalcore *oc, uint8_t *at, uint32_t pir,
			     const uint64_t regs[FA_PT_NREGS], int kernel_initiated)
{
	uint8_t desc[FA_PRSTATUS_PPC64_SIZE];
	struct fa_prstatus prs;
	struct fa_err e;

	if (!at || at + fa_note_size(FA_NN_CORE, sizeof(desc)) >
		   oc->opalcorebuf + oc->opalcorebuf_sz)
		return NULL;
	memset(&prs, 0, sizeof(prs));
	prs.nreg = FA_PRSTATUS_MAX_REGS;
	if (regs)
		memcpy(prs.reg, regs, sizeof(prs.reg));
	/* "Overload PID with PIR value", +100 so that PIR 0 is not PID 0 */
	prs.pid = (int32_t)(100 + pir);
	prs.ppid = 1;
	if (pir == oc->crashing_cpu)
		prs.cursig = kernel_initiated ? SIGUSR1 : SIGTERM;
	if (!regs) {
		/* the kernel's still unfilled local: zeros in the model */
		memset(&prs, 0, sizeof(prs));
		prs.nreg = FA_PRSTATUS_MAX_REGS;
	}
	fa_prstatus_encode(desc, sizeof(desc), FA_BE, FA_EM_PPC64, &prs, &e);
	return at + fa_note_put(at, FA_BE, FA_NN_CORE, FA_NT_PRSTATUS, desc,
				sizeof(desc));
}

/* opalcore_append_cpu_notes(): the crashing PIR's slot comes first. */
static uint8_t *opalcore_append_cpu_notes(struct fadump_kernel *k, uint8_t *buf)
{
	struct opalcore *oc = priv(k)->oc;
	struct fa_hdat_iter it;
	struct fa_hdat_thread t;
	uint8_t *data = NULL, *first = buf;
	uint64_t regs[FA_PT_NREGS];
	struct fa_err e;
	int found = 0;

	/* the slot is written from a not yet filled prstatus (see below) */
	buf = put_prstatus(oc, buf, 0, NULL, 0);
	if (opal_fadump_read_cpu_data(k, oc->cpu_state_paddr,
				      oc->cpu_state_data_size,
				      (uint32_t)oc->cpu_state_entry_size,
				      &data, &it, &e)) {
		pr_warn(k, "fadump-tools: CPU state data unusable, no thread notes: %s\n",
			e.msg);
		return buf;
	}
	pr_debug(k, "--------CPU State Data------------\n");
	pr_debug(k, "NumCpus     : %u\n", oc->num_cpus);
	pr_debug(k, "\tOffset: %u, Entry size: %u, Cnt: %u\n", it.regs_offset,
		 it.esize, it.ecnt);
	while (fa_hdat_iter_next(&it, &t, &e) == 1) {
		pr_debug(k, "[%04d] PIR: 0x%x, core state: 0x%02x\n",
			 (int)t.index, t.hdr.pir, t.hdr.core_state);
		if (t.inactive)
			continue;
		fa_hdat_to_pt_regs(&t, FA_HDAT_VAL_HOST, regs);
		pr_debug(k, "PIR 0x%x - R1 : 0x%lx, NIP : 0x%lx\n", t.hdr.pir,
			 regs[1], regs[32]);
		if (t.hdr.pir != oc->crashing_cpu) {
			buf = put_prstatus(oc, buf, t.hdr.pir, regs,
					   priv(k)->kernel_initiated);
			if (!buf) {
				pr_warn(k, "fadump-tools: thread notes overflow the opalcore buffer; the kernel would write past it\n");
				break;
			}
		} else {
			put_prstatus(oc, first, t.hdr.pir, regs,
				     priv(k)->kernel_initiated);
			found = 1;
		}
	}
	if (!found)
		pr_warn(k, "fadump-tools: crashing PIR 0x%x not in the CPU state data: the first NT_PRSTATUS holds uninitialised bytes in the kernel, zeros here\n",
			oc->crashing_cpu);
	free(data);
	return buf;
}

/* auxv_to_elf64_notes() */
static uint8_t *append_auxv(struct opalcore *oc, uint8_t *buf, uint64_t entry)
{
	uint8_t desc[AUXV_DESC_SZ];

	if (!buf || buf + fa_note_size(FA_NN_CORE, sizeof(desc)) >
		    oc->opalcorebuf + oc->opalcorebuf_sz)
		return NULL;
	fa_put64(desc, FA_BE, AT_ENTRY);
	fa_put64(desc + 8, FA_BE, entry);
	fa_put64(desc + 16, FA_BE, AT_NULL);
	return buf + fa_note_put(buf, FA_BE, FA_NN_CORE, NT_AUXV, desc,
				 sizeof(desc));
}

/* create_opalcore() */
static int create_opalcore(struct fadump_kernel *k)
{
	struct opalcore *oc = priv(k)->oc;
	uint64_t hdr_size, cpu_notes_size, off, paddr = 0;
	uint64_t opal_base_addr = 0, opal_boot_entry = 0;
	struct fa_err e;
	uint8_t *bufp;
	size_t i;

	hdr_size = fa_elf_headers_size((size_t)oc->ptload_cnt + 1);
	cpu_notes_size = (uint64_t)oc->num_cpus *
			 (NOTE_HEAD_NAME + FA_PRSTATUS_PPC64_SIZE) +
			 NOTE_HEAD_NAME + AUXV_DESC_SZ;
	oc->opalcorebuf_sz = fadump_page_align(k, hdr_size + cpu_notes_size);
	oc->opalcorebuf = oc->opalcorebuf_sz < (1ULL << 30) ?
			  calloc(1, (size_t)oc->opalcorebuf_sz) : NULL;
	if (!oc->opalcorebuf) {
		pr_err(k, "Not enough memory to setup OPAL core (size: %lu)\n",
		       oc->opalcorebuf_sz);
		oc->opalcorebuf_sz = 0;
		return -ENOMEM;
	}
	if (machine_dt_get_u64(k->m, "/ibm,opal/opal-base-address", 0,
			       &opal_base_addr) ||
	    machine_dt_get_u64(k->m, "/ibm,opal/opal-boot-address", 0,
			       &opal_boot_entry))
		pr_warn(k, "WARNING: Failed to read OPAL base & entry values\n");

	memset(oc->ph, 0, sizeof(oc->ph));
	oc->ph[0].type = FA_PT_NOTE;
	oc->ph[0].offset = hdr_size;
	oc->ph[0].filesz = oc->ph[0].memsz = cpu_notes_size;
	off = oc->opalcorebuf_sz;
	for (i = 0; i < oc->ptload_cnt; i++) {
		struct fa_elf_phdr *p = &oc->ph[i + 1];

		p->type = FA_PT_LOAD;
		p->flags = FA_PF_R | FA_PF_W | FA_PF_X;
		p->paddr = paddr;	/* relative: the regions' sum so far */
		p->vaddr = opal_base_addr + paddr;
		p->filesz = p->memsz = oc->ptload_size[i];
		p->offset = off;
		off += oc->ptload_size[i];
		paddr += oc->ptload_size[i];
	}
	oc->nph = (size_t)oc->ptload_cnt + 1;
	if (fa_elf_build_headers(oc->opalcorebuf, (size_t)oc->opalcorebuf_sz,
				 FA_BE, FA_EM_PPC64, 0, oc->ph, oc->nph, &e) < 0)
		return fadump_model_error(k, &e);
	bufp = opalcore_append_cpu_notes(k, oc->opalcorebuf + hdr_size);
	if (!append_auxv(oc, bufp, opal_boot_entry))
		pr_warn(k, "fadump-tools: no room left for the NT_AUXV note\n");
	oc->opalcore_size = off;
	return 0;
}

/*
 * opalcore_init() - the fs_initcall: export the OPAL core if this boot
 * follows an MPIPL with OPAL and CPU metadata.  Idempotent; returns 0 when
 * the core exists afterwards, -1 when not.
 */
int opalcore_init(struct fadump_kernel *k)
{
	struct opal_priv *p = priv(k);

	if (!p)
		return -1;
	if (p->oc_inited)
		return p->oc ? 0 : -1;
	p->oc_inited = 1;
	if (!mpipl_boot(k) || opalcore_config_init(k))
		return -1;
	create_opalcore(k);
	if (!p->oc->opalcorebuf) {
		pr_err(k, "Failed to export /sys/firmware/opal/mpipl/core\n");
		opalcore_cleanup(k);
		return -1;
	}
	return 0;
}

static int join(char *buf, size_t len, const char *root, const char *rel)
{
	int n = snprintf(buf, len, "%s/%s", root, rel);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* mkdir -p of @path's parent directory. */
static int make_parents(const char *path, struct fa_err *e)
{
	char tmp[PATH_MAX];
	char *s;

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return fa_err_set(e, FA_EINVAL, "%s: path too long", path);
	for (s = tmp + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return fa_err_set(e, FA_EIO, "mkdir %s: %s", tmp,
					  strerror(errno));
		*s = '/';
	}
	return 0;
}

struct region_src {
	struct machine *m;
	uint64_t paddr;
};

static int read_region(void *ctx, uint64_t pos, void *buf, size_t len,
		       struct fa_err *e)
{
	struct region_src *r = ctx;

	return machine_read(r->m, r->paddr + pos, buf, len, e);
}

/* The bin file: headers and notes from the buffer, then OPAL memory. */
static int write_core(struct fadump_kernel *k, const char *path,
		      struct fa_err *e)
{
	struct opalcore *oc = priv(k)->oc;
	uint64_t hdr = fa_elf_headers_size(oc->nph);
	struct region_src src;
	struct fa_elfw w;
	size_t i;
	int rc;

	rc = fa_elfw_open(&w, path, FA_BE, FA_EM_PPC64, 0, oc->ph, oc->nph, e);
	if (rc)
		return rc;
	rc = fa_elfw_pwrite(&w, hdr, oc->opalcorebuf + hdr,
			    (size_t)(oc->opalcorebuf_sz - hdr), e);
	for (i = 0; !rc && i < oc->ptload_cnt; i++) {
		src.m = k->m;
		src.paddr = oc->ptload_addr[i];
		rc = fa_elfw_stream_segment(&w, i + 1, read_region, &src, e);
	}
	if (rc) {
		fa_elfw_abort(&w);
		return rc;
	}
	return fa_elfw_finish(&w, e);
}

int opalcore_write_root(struct fadump_kernel *k, const char *root,
			struct fa_err *e)
{
	char core[PATH_MAX], rel[PATH_MAX], compat[PATH_MAX];
	int rc;

	opalcore_init(k);
	if (!mpipl_boot(k))
		return 0;
	/* the mpipl kobject and its release_core exist after an MPIPL */
	if (join(core, sizeof(core), root, CORE_PATH) ||
	    join(rel, sizeof(rel), root, RELEASE_PATH) ||
	    join(compat, sizeof(compat), root, COMPAT_PATH))
		return fa_err_set(e, FA_EINVAL, "%s: path too long", root);
	rc = make_parents(core, e);
	if (rc)
		return rc;
	if (access(rel, F_OK)) {
		rc = fa_write_file(rel, "", 0, e);
		if (rc)
			return rc;
		chmod(rel, 0200);	/* write-only, as __ATTR_WO */
	}
	if (!priv(k)->oc) {
		unlink(core);
		return 0;
	}
	unlink(core);
	rc = write_core(k, core, e);
	if (rc)
		return rc;
	/* compat_only_sysfs_link_entry_to_kobj(): opal/core -> mpipl/core */
	unlink(compat);
	if (symlink("mpipl/core", compat))
		return fa_err_set(e, FA_EIO, "symlink %s: %s", compat,
				  strerror(errno));
	return 0;
}

/* release_core_store() */
int opalcore_sysfs_write(struct fadump_kernel *k, const char *root,
			 const char *file, const char *val, size_t count)
{
	char core[PATH_MAX];
	int input = -1;

	(void)count;
	while (*file == '/')
		file++;
	/* the full path, or the short name the usage lists */
	if (strcmp(file, RELEASE_PATH) && strcmp(file, "release_core"))
		return 1;
	opalcore_init(k);
	if (kstrtoint(val, 0, &input))
		return -EINVAL;
	if (input != 1)
		return -EINVAL;
	if (!priv(k)->oc) {
		pr_err(k, "'/sys/firmware/opal/core' file not accessible!\n");
		return -EPERM;
	}
	opalcore_cleanup(k);
	if (root && !join(core, sizeof(core), root, CORE_PATH))
		unlink(core);
	return 0;
}
