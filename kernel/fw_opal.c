// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fw_opal.c - the PowerNV firmware model (see fw_opal.h).  The HDAT tables
 * are encoded with formats/opal, the register data with formats/hdat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "fw_opal.h"
#include "hdat.h"
#include "machine.h"
#include "opal.h"

#define MDST_MAX	(FA_MDST_TABLE_SIZE / FA_MDST_ENTRY_SIZE)
#define MDRT_MAX	(FA_MDRT_TABLE_SIZE / FA_MDRT_ENTRY_SIZE)
#define NR_TAGS		4
#define THREADS_PER_CORE 4
#define CORES_PER_CHIP	24

/* skiboot's struct mpipl_metadata: what survives the MPIPL. */
struct mpipl_metadata {
	uint32_t crashing_pir;
	uint64_t kernel_tag;
	uint64_t boot_mem_size;
};

/* The part of skiboot's proc_dump_area the model needs. */
struct proc_dump_area {
	uint32_t thread_size;
	uint8_t version;
	uint64_t dest_addr;		/* HRMOR bit set */
	uint32_t act_size;
};

struct fw_opal {
	struct machine *m;
	struct fw_opal_faults f;
	uint64_t base;			/* SKIBOOT_BASE (opal-base-address) */
	uint64_t dump_addr, dump_size;	/* OPAL memory copy (ibm,firmware-dump) */
	uint64_t regs_addr, regs_size;	/* ibm,firmware-arch-registers */
	struct fa_mdst_entry mdst[MDST_MAX], mddt[MDST_MAX];
	int mdst_cnt, mddt_cnt, mdst_room;
	struct fa_mdrt_entry mdrt[MDRT_MAX];
	int mdrt_cnt;
	struct mpipl_metadata meta;
	struct proc_dump_area proc_dump;
	uint64_t tags[NR_TAGS];
	int max_tags;
	int add_range_calls;
	int gen;			/* skiboot boot number */
	struct fa_err err;
};

static int fw_fail(struct fw_opal *fw, const struct fa_err *e)
{
	if (!fw->err.code)
		fw->err = *e;
	return -1;
}

const struct fa_err *fw_opal_error(const struct fw_opal *fw)
{
	return fw->err.code ? &fw->err : NULL;
}

const struct fw_opal_faults *fw_opal_faults(const struct fw_opal *fw)
{
	return &fw->f;
}

uint64_t fw_opal_base(const struct fw_opal *fw)
{
	return fw->base;
}

/* ------------------------------------------------------------ faults */

static int parse_rc(const char *v, int *rc)
{
	static const struct { const char *name; int rc; } names[] = {
		{ "parameter", FA_OPAL_PARAMETER },
		{ "hardware", FA_OPAL_HARDWARE },
		{ "unsupported", FA_OPAL_UNSUPPORTED },
		{ "resource", FA_OPAL_RESOURCE },
	};
	size_t i, n = strcspn(v, ":");
	char *end;
	long r;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n == strlen(names[i].name) && !strncmp(v, names[i].name, n)) {
			*rc = names[i].rc;
			return 0;
		}
	r = strtol(v, &end, 0);
	if (end == v || (size_t)(end - v) != n || r == 0)
		return -1;
	*rc = (int)r;
	return 0;
}

static int parse_num(const char *v, long min, int *out)
{
	char *end;
	long r;

	if (!v || !*v)
		return -1;
	r = strtol(v, &end, 0);
	if (*end || r < min || r > 1 << 20)
		return -1;
	*out = (int)r;
	return 0;
}

int fw_opal_parse_fault(struct fw_opal_faults *f, const char *spec,
			struct fa_err *e)
{
	const char *eq = strchr(spec, '=');
	size_t nl = eq ? (size_t)(eq - spec) : strlen(spec);
	const char *v = eq ? eq + 1 : NULL;
	int n;

#define IS(name) (nl == strlen(name) && !strncmp(spec, name, nl))
	if (IS("table-full")) {
		if (parse_num(v, 0, &f->table_full))
			goto bad;
		f->table_full++;	/* stored as N + 1: 0 means "off" */
	} else if (IS("add-range-rc")) {
		const char *c = v ? strchr(v, ':') : NULL;

		if (!v || parse_rc(v, &f->add_range_rc))
			goto bad;
		f->add_range_at = 1;
		if (c && parse_num(c + 1, 1, &f->add_range_at))
			goto bad;
	} else if (IS("cpu-data") && v) {
		if (!strcmp(v, "invalid"))
			f->cpu_data = FW_OPAL_CPU_DATA_INVALID;
		else if (!strcmp(v, "short"))
			f->cpu_data = FW_OPAL_CPU_DATA_SHORT;
		else if (!strcmp(v, "none"))
			f->cpu_data = FW_OPAL_CPU_DATA_NONE;
		else
			goto bad;
	} else if (IS("inactive-cores")) {
		if (parse_num(v, 1, &f->inactive_cores))
			goto bad;
	} else if (IS("inactive-core")) {
		if (parse_num(v, 0, &n))
			goto bad;
		f->inactive_core = n + 1;
	} else if (IS("missing-crashing-pir") && !v) {
		f->missing_pir = 1;
	} else if (IS("no-opal-dump") && !v) {
		f->no_opal_dump = 1;
	} else if (IS("mpipl-rc")) {
		if (!v || parse_rc(v, &f->reboot_rc))
			goto bad;
	} else if (IS("opal-crash") && !v) {
		f->opal_initiated = 1;
	} else {
		return fa_err_set(e, FA_ENOENT, "--fault: \"%s\" is not an OPAL fault",
				  spec);
	}
#undef IS
	return 0;
bad:
	return fa_err_set(e, FA_EINVAL,
			  "--fault: expected table-full=N, add-range-rc=RC[:I], cpu-data=invalid|short|none, inactive-cores=N, inactive-core=C, missing-crashing-pir, no-opal-dump, mpipl-rc=RC or opal-crash; got \"%s\"",
			  spec);
}

/* ------------------------------------------------------- skiboot image */

void fw_opal_skiboot_page(uint64_t off, int gen, uint8_t page[4096])
{
	char line[80];
	size_t pos = 0;
	int n;

	memset(page, 0, 4096);
	/* the SPIRA/HDAT pages hold tables, not image text */
	if (off >= FW_OPAL_IMAGE_SIZE || (off >= 0x10000 && off < 0x12000))
		return;
	n = snprintf(line, sizeof(line),
		     "skiboot-7.0-fadump-tools boot %d page %#07llx\n", gen,
		     (unsigned long long)(off & ~0xfffULL));
	while (pos + (size_t)n <= 4096) {
		memcpy(page + pos, line, (size_t)n);
		pos += (size_t)n;
	}
}

/*
 * A machine loaded from a QEMU guest dump (--from-qemu) runs the guest's own
 * skiboot: its memory at SKIBOOT_BASE is the real firmware's, as the guest
 * left it, and the opalcore must export exactly that.  Only a synthetic
 * machine, which has no firmware of its own, gets the model's image.
 */
static int real_skiboot(const struct fw_opal *fw)
{
	return fw->m->cfg.from_qemu[0] != '\0';
}

/*
 * skiboot boots: its image over the first FW_OPAL_IMAGE_SIZE bytes.  A
 * real skiboot's memory is left as it is.
 */
static int write_image(struct fw_opal *fw, int gen)
{
	uint8_t page[4096];
	uint64_t off;
	struct fa_err e;

	if (real_skiboot(fw))
		return 0;
	for (off = 0; off < FW_OPAL_IMAGE_SIZE; off += sizeof(page)) {
		fw_opal_skiboot_page(off, gen, page);
		if (machine_write(fw->m, fw->base + off, page, sizeof(page), &e))
			return fw_fail(fw, &e);
	}
	return 0;
}

/* ------------------------------------------------------------- tables */

/*
 * Mirror MDST and MDDT into skiboot's memory, where hostboot reads them
 * (MDST_TABLE_BASE and MDDT_TABLE_BASE in skiboot's image).  A real
 * skiboot under QEMU found no /ibm,opal/dump node at its boot, so it never
 * ran opal_mpipl_init(): its tables still hold what it put there at boot
 * (console and HBRT log entries) and no kernel ever registered with it.
 * The model's hostboot reads fw->mdst/mddt, so the model keeps its tables
 * to itself there rather than overwrite the real skiboot's.
 */
static void sync_tables(struct fw_opal *fw)
{
	uint8_t mdst[FA_MDST_TABLE_SIZE], mddt[FA_MDDT_TABLE_SIZE];
	struct fa_err e;
	int i;

	if (real_skiboot(fw))
		return;
	memset(mdst, 0, sizeof(mdst));
	memset(mddt, 0, sizeof(mddt));
	for (i = 0; i < fw->mdst_cnt; i++)
		fa_opal_mdst_encode(mdst, sizeof(mdst), (uint32_t)i,
				    &fw->mdst[i], &e);
	for (i = 0; i < fw->mddt_cnt; i++)
		fa_opal_mdst_encode(mddt, sizeof(mddt), (uint32_t)i,
				    &fw->mddt[i], &e);
	if (machine_write(fw->m, fw->base + FW_OPAL_MDST_TABLE_OFF, mdst,
			  sizeof(mdst), &e) ||
	    machine_write(fw->m, fw->base + FW_OPAL_MDDT_TABLE_OFF, mddt,
			  sizeof(mddt), &e))
		fw_fail(fw, &e);
}

/* opal_mpipl_add_entry() */
static int64_t add_entry(struct fw_opal *fw, uint8_t region, uint64_t src,
			 uint64_t dest, uint64_t size)
{
	struct fa_mdst_entry s;
	int i;

	if (fw->mdst_cnt >= fw->mdst_room || fw->mddt_cnt >= fw->mdst_room)
		return FA_OPAL_RESOURCE;	/* "MDST table is full" */
	for (i = 0; i < fw->mdst_cnt; i++)
		if (fw->mdst[i].addr == (src | FA_HDAT_HRMOR_BIT))
			return FA_OPAL_PARAMETER;
	for (i = 0; i < fw->mddt_cnt; i++)
		if (fw->mddt[i].addr == (dest | FA_HDAT_HRMOR_BIT))
			return FA_OPAL_PARAMETER;
	memset(&s, 0, sizeof(s));
	s.data_region = region;
	s.dump_type = FA_DUMP_TYPE_MPIPL;
	s.size = (uint32_t)size;	/* a BE32 field: larger sizes truncate */
	s.addr = src | FA_HDAT_HRMOR_BIT;
	fw->mdst[fw->mdst_cnt++] = s;
	s.addr = dest | FA_HDAT_HRMOR_BIT;
	fw->mddt[fw->mddt_cnt++] = s;
	sync_tables(fw);
	return FA_OPAL_SUCCESS;
}

/* opal_mpipl_remove_entry_mdst()/_mddt(): one table at a time. */
static int remove_entries(struct fa_mdst_entry *t, int *cnt, int all,
			  uint8_t region, uint64_t addr)
{
	int i = 0, found = 0;

	while (i < *cnt) {
		if (t[i].data_region != region ||
		    (!all && t[i].addr != (addr | FA_HDAT_HRMOR_BIT))) {
			i++;
			continue;
		}
		memmove(&t[i], &t[i + 1], (size_t)(*cnt - i - 1) * sizeof(*t));
		(*cnt)--;
		memset(&t[*cnt], 0, sizeof(*t));
		found = 1;
		if (!all)
			break;
	}
	return all || found ? FA_OPAL_SUCCESS : FA_OPAL_PARAMETER;
}

static int64_t payload_register(struct fw_opal *fw, uint64_t src,
				uint64_t dest, uint64_t size)
{
	fw->add_range_calls++;
	if (fw->f.add_range_rc && fw->add_range_calls == fw->f.add_range_at)
		return fw->f.add_range_rc;
	/* opal_addr_valid(): both ends must be memory OPAL may touch */
	if (!size || !machine_is_ram(fw->m, src, 1) ||
	    !machine_is_ram(fw->m, dest, 1))
		return FA_OPAL_PARAMETER;
	return add_entry(fw, FA_DUMP_REGION_KERNEL, src, dest, size);
}

int64_t opal_mpipl_update(struct fw_opal *fw, uint64_t op, uint64_t src,
			  uint64_t dest, uint64_t size)
{
	int64_t rc;

	switch (op) {
	case FA_OPAL_MPIPL_ADD_RANGE:
		return payload_register(fw, src, dest, size);
	case FA_OPAL_MPIPL_REMOVE_RANGE:
		rc = remove_entries(fw->mdst, &fw->mdst_cnt, 0,
				    FA_DUMP_REGION_KERNEL, src);
		if (!rc)
			rc = remove_entries(fw->mddt, &fw->mddt_cnt, 0,
					    FA_DUMP_REGION_KERNEL, dest);
		sync_tables(fw);
		return rc;
	case FA_OPAL_MPIPL_REMOVE_ALL:
		remove_entries(fw->mdst, &fw->mdst_cnt, 1,
			       FA_DUMP_REGION_KERNEL, 0);
		remove_entries(fw->mddt, &fw->mddt_cnt, 1,
			       FA_DUMP_REGION_KERNEL, 0);
		sync_tables(fw);
		return FA_OPAL_SUCCESS;
	case FA_OPAL_MPIPL_FREE_PRESERVED_MEMORY:
		memset(fw->tags, 0, sizeof(fw->tags));
		fw->max_tags = 0;
		memset(fw->mdrt, 0, sizeof(fw->mdrt));
		fw->mdrt_cnt = MDRT_MAX;
		return FA_OPAL_SUCCESS;
	default:
		return FA_OPAL_PARAMETER;
	}
}

int64_t opal_mpipl_register_tag(struct fw_opal *fw, uint64_t tag,
				uint64_t tag_val)
{
	switch (tag) {
	case FA_OPAL_MPIPL_TAG_BOOT_MEM:
		if (!tag_val || tag_val > fw->m->mem_end)
			return FA_OPAL_PARAMETER;
		fw->meta.boot_mem_size = tag_val;
		return FA_OPAL_SUCCESS;
	case FA_OPAL_MPIPL_TAG_KERNEL:
		fw->meta.kernel_tag = tag_val;
		return FA_OPAL_SUCCESS;
	default:
		return FA_OPAL_PARAMETER;
	}
}

int64_t opal_mpipl_query_tag(struct fw_opal *fw, uint64_t tag,
			     uint8_t tag_val[8])
{
	if (!tag_val || tag >= (uint64_t)fw->max_tags)
		return FA_OPAL_PARAMETER;
	fa_put64(tag_val, FA_BE, fw->tags[tag]);
	return FA_OPAL_SUCCESS;
}

/* ------------------------------------------------------------- create */

static uint32_t max_pir(const struct fw_opal *fw)
{
	const struct machine *m = fw->m;
	uint32_t i, pir = 0;

	for (i = 0; i < m->ncpus; i++)
		if (m->cpu[i].pir > pir)
			pir = m->cpu[i].pir;
	return pir;
}

/*
 * Threads firmware reports: the machine's, then absent cores' (inactive).
 * A synthetic machine has SMT4 cores, the last one padded with inactive
 * threads.  QEMU's powernv9 -smp N has N cores of one thread each (its
 * skiboot logs "CPU from DT PIR=0x0004 ... 1 secondary threads"), so a
 * guest's threads are exactly its CPUs: padding them would give the
 * capture kernel's opalcore note slots it counts but never fills.
 */
static uint32_t nr_threads(const struct fw_opal *fw)
{
	uint32_t ncores = (fw->m->ncpus + THREADS_PER_CORE - 1) /
			  THREADS_PER_CORE;
	uint32_t absent = (uint32_t)fw->f.inactive_cores * THREADS_PER_CORE;

	if (real_skiboot(fw))
		return fw->m->ncpus + absent;
	return ncores * THREADS_PER_CORE + absent;
}

/* Append [base, base+size) to the device tree's reserved-ranges. */
static int reserve_fw(struct fw_opal *fw, uint64_t base, uint64_t size,
		      struct fa_err *e)
{
	size_t len = 0;
	const uint8_t *old = machine_dt_get(fw->m, "/reserved-ranges", &len);
	uint8_t *buf;
	int rc;

	len -= len % 16;
	buf = malloc(len + 16);
	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "firmware: out of memory");
	if (len)
		memcpy(buf, old, len);
	fa_put64(buf + len, FA_BE, base);
	fa_put64(buf + len + 8, FA_BE, size);
	rc = machine_dt_set(fw->m, "/reserved-ranges", buf, len + 16, e);
	free(buf);
	return rc;
}

/* opal_mpipl_reserve_mem() and the /ibm,opal/dump node. */
static int setup_dt(struct fw_opal *fw, struct fa_err *e)
{
	static const char compat[] = "ibm,opal-dump";
	uint64_t load[4] = { 0x20000000, 0x08000000, 0x28000000, 0x08000000 };
	uint8_t buf[32];
	int rc, i;

	if (!machine_dt_get(fw->m, "/ibm,opal/dump/compatible", NULL)) {
		rc = machine_dt_set(fw->m, "/ibm,opal/dump/compatible", compat,
				    sizeof(compat), e);
		if (rc)
			return rc;
	}
	if (!machine_dt_get(fw->m, "/ibm,opal/dump/fw-load-area", NULL)) {
		for (i = 0; i < 4; i++)
			fa_put64(buf + 8 * i, FA_BE, load[i]);
		rc = machine_dt_set(fw->m, "/ibm,opal/dump/fw-load-area", buf,
				    sizeof(buf), e);
		if (rc)
			return rc;
	}
	if (!machine_dt_get(fw->m, "/ibm,opal/opal-base-address", NULL)) {
		fa_put64(buf, FA_BE, fw->base);
		rc = machine_dt_set(fw->m, "/ibm,opal/opal-base-address", buf,
				    8, e);
		if (!rc)
			rc = machine_dt_set(fw->m, "/ibm,opal/opal-boot-address",
					    buf, 8, e);
		if (rc)
			return rc;
	}
	rc = reserve_fw(fw, fw->base, fw->dump_size, e);
	if (!rc)
		rc = reserve_fw(fw, fw->dump_addr, fw->dump_size, e);
	if (!rc)
		rc = reserve_fw(fw, fw->regs_addr, fw->regs_size, e);
	return rc;
}

/* opal_mpipl_init(): clear the tables, add OPAL's own memory. */
static void mpipl_init(struct fw_opal *fw)
{
	memset(&fw->meta, 0, sizeof(fw->meta));
	memset(fw->mdst, 0, sizeof(fw->mdst));
	memset(fw->mddt, 0, sizeof(fw->mddt));
	fw->mdst_cnt = fw->mddt_cnt = 0;
	fw->add_range_calls = 0;
	add_entry(fw, FA_DUMP_REGION_OPAL_MEMORY, fw->base, fw->dump_addr,
		  fw->dump_size);
}

int fw_opal_create(struct machine *m, const struct fw_opal_faults *f,
		   struct fw_opal **out, struct fa_err *e)
{
	struct fw_opal *fw = calloc(1, sizeof(*fw));
	uint64_t zero_from;
	uint32_t chips;
	int rc;

	if (!fw)
		return fa_err_set(e, FA_ENOMEM, "firmware: out of memory");
	fw->m = m;
	if (f)
		fw->f = *f;
	if (machine_dt_get_u64(m, "/ibm,opal/opal-base-address", 0, &fw->base))
		fw->base = 0x30000000ULL;
	fw->dump_size = FW_OPAL_SKIBOOT_SIZE +
			((uint64_t)max_pir(fw) + 1) * FW_OPAL_STACK_SIZE;
	fw->dump_addr = fw->base + fw->dump_size;
	chips = ((nr_threads(fw) + THREADS_PER_CORE - 1) / THREADS_PER_CORE +
		 CORES_PER_CHIP - 1) / CORES_PER_CHIP;
	fw->regs_addr = fw->dump_addr + fw->dump_size;
	fw->regs_size = (uint64_t)chips * FW_OPAL_ARCH_REGS_PER_CHIP;
	fw->mdst_room = fw->f.table_full ? fw->f.table_full : (int)MDST_MAX;
	if (fw->mdst_room > (int)MDST_MAX)
		fw->mdst_room = MDST_MAX;
	fw->max_tags = NR_TAGS;
	fw->gen = 1;
	/* the dump areas start empty; a real skiboot's own memory stays */
	zero_from = real_skiboot(fw) ? fw->dump_addr : fw->base;
	if (!machine_is_ram(m, fw->base, fw->regs_addr + fw->regs_size -
			    fw->base)) {
		rc = fa_err_set(e, FA_EINVAL,
				"powernv: skiboot needs RAM at [%#llx, %#llx) (opal-base-address and its dump areas); the machine has none there",
				(unsigned long long)fw->base,
				(unsigned long long)(fw->regs_addr + fw->regs_size));
		goto fail;
	}
	rc = setup_dt(fw, e);
	if (!rc)
		rc = machine_zero(m, zero_from, fw->regs_addr + fw->regs_size -
				  zero_from, e);
	if (!rc && write_image(fw, fw->gen))
		rc = fa_err_set(e, fw->err.code, "%s", fw->err.msg);
	if (rc)
		goto fail;
	mpipl_init(fw);
	*out = fw;
	return 0;
fail:
	free(fw);
	return rc;
}

void fw_opal_destroy(struct fw_opal *fw)
{
	free(fw);
}

/* ---------------------------------------------------------------- MPIPL */

/* Copy @len bytes of RAM from @src to @dst, leaving zero pages sparse. */
static int copy_ram(struct fw_opal *fw, uint64_t dst, uint64_t src,
		    uint64_t len)
{
	struct fa_err e;

	if (machine_copy(fw->m, dst, src, len, &e))
		return fw_fail(fw, &e);
	return 0;
}

/* Hostboot: every MDST range to its MDDT destination, noted in MDRT. */
static void preserve_ranges(struct fw_opal *fw)
{
	uint8_t *tab = calloc(1, FA_MDRT_TABLE_SIZE);
	struct fa_err e;
	int i;

	fw->mdrt_cnt = 0;
	memset(fw->mdrt, 0, sizeof(fw->mdrt));
	for (i = 0; i < fw->mdst_cnt && i < fw->mddt_cnt; i++) {
		struct fa_mdrt_entry *r = &fw->mdrt[fw->mdrt_cnt];
		uint64_t src = fa_opal_hrmor_strip(fw->mdst[i].addr);
		uint64_t dst = fa_opal_hrmor_strip(fw->mddt[i].addr);

		if (fw->mdst[i].data_region == FA_DUMP_REGION_OPAL_MEMORY &&
		    fw->f.no_opal_dump)
			continue;
		if (copy_ram(fw, dst, src, fw->mdst[i].size))
			break;
		r->src_addr = fw->mdst[i].addr;
		r->dest_addr = fw->mddt[i].addr;
		r->data_region = fw->mdst[i].data_region;
		r->dump_type = fw->mdst[i].dump_type;
		r->size = fw->mdst[i].size;
		if (tab)
			fa_opal_mdrt_encode(tab, FA_MDRT_TABLE_SIZE,
					    (uint32_t)fw->mdrt_cnt, r, &e);
		fw->mdrt_cnt++;
	}
	if (!tab) {
		fa_err_set(&e, FA_ENOMEM, "firmware: out of memory");
		fw_fail(fw, &e);
		return;
	}
	/*
	 * MDRT_TABLE_BASE, where skiboot reads it after the MPIPL.  Written
	 * after the copies, so the preserved OPAL memory (the opalcore) never
	 * holds it: with a real skiboot that copy stays the guest's own.
	 */
	if (machine_write(fw->m, fw->base + FW_OPAL_MDRT_TABLE_OFF, tab,
			  FA_MDRT_TABLE_SIZE, &e))
		fw_fail(fw, &e);
	free(tab);
}

/* The HDAT register set of one thread: its (type, number) registers. */
static uint32_t thread_regs(const struct machine_cpu *c,
			    struct fa_hdat_reg *regs)
{
	uint32_t n = 0;
	int i;

	for (i = 0; c && i < c->nfw; i++) {
		if (!c->fw[i].type)
			continue;	/* REGSAVE-only (FPSCR, VSCR) */
		regs[n].reg_type = c->fw[i].type;
		regs[n].reg_num = c->fw[i].sprn;
		regs[n].reg_val = c->fw[i].value;
		n++;
	}
	return n;
}

/* Hostboot: the processor dump area, one block per hardware thread. */
static void write_proc_dump(struct fw_opal *fw, uint32_t crash_pir)
{
	const struct machine *m = fw->m;
	uint32_t nthr = nr_threads(fw), i, n = 0, ecnt = 0;
	struct fa_hdat_enc_thread *thr = calloc(nthr, sizeof(*thr));
	struct fa_hdat_reg *regs = calloc((size_t)nthr * MACHINE_MAX_FW_REGS,
					  sizeof(*regs));
	struct fa_hdat_layout lay;
	uint8_t *buf = NULL;
	size_t used = 0;
	struct fa_err e;

	memset(&fw->proc_dump, 0, sizeof(fw->proc_dump));
	if (!thr || !regs) {
		fa_err_set(&e, FA_ENOMEM, "firmware: out of memory");
		fw_fail(fw, &e);
		goto out;
	}
	for (i = 0; i < nthr; i++) {
		const struct machine_cpu *c = i < m->ncpus ? &m->cpu[i] : NULL;
		struct fa_hdat_enc_thread *t = &thr[n];
		uint32_t core = i / THREADS_PER_CORE;

		t->pir = c ? c->pir : machine_cpu_pir(i);
		if (fw->f.missing_pir && c && t->pir == crash_pir)
			continue;
		t->regs = &regs[(size_t)n * MACHINE_MAX_FW_REGS];
		t->nregs = thread_regs(c, (struct fa_hdat_reg *)t->regs);
		if (!c || (fw->f.inactive_core && core ==
			   (uint32_t)fw->f.inactive_core - 1))
			t->core_state = FA_HDAT_CORE_INACTIVE;
		if (t->nregs > ecnt)
			ecnt = t->nregs;
		n++;
	}
	memset(&lay, 0, sizeof(lay));
	lay.offset = FA_HDAT_THREAD_HDR_SIZE - FA_HDAT_OFFSET_BASE;
	lay.ecnt = ecnt;
	lay.esize = lay.eactsz = FA_HDAT_REG_ENTRY_SIZE;
	lay.cpu_data_size = (uint32_t)FA_ALIGN_UP(fa_hdat_block_size(&lay), 128);
	if ((uint64_t)n * lay.cpu_data_size > fw->regs_size) {
		fa_err_set(&e, FA_ERANGE,
			   "firmware: %u threads of %u bytes exceed the %#llx-byte register area",
			   n, lay.cpu_data_size,
			   (unsigned long long)fw->regs_size);
		fw_fail(fw, &e);
		goto out;
	}
	buf = calloc(n ? n : 1, lay.cpu_data_size);
	if (!buf || fa_hdat_encode(thr, n, &lay, buf,
				   (size_t)n * lay.cpu_data_size, &used, &e) ||
	    machine_write(fw->m, fw->regs_addr, buf, used, &e)) {
		if (!buf)
			fa_err_set(&e, FA_ENOMEM, "firmware: out of memory");
		fw_fail(fw, &e);
		goto out;
	}
	fw->proc_dump.version = FA_HDAT_FADUMP_CPU_DATA_VER;
	fw->proc_dump.thread_size = lay.cpu_data_size;
	fw->proc_dump.dest_addr = fw->regs_addr | FA_HDAT_HRMOR_BIT;
	fw->proc_dump.act_size = (uint32_t)used;
	switch (fw->f.cpu_data) {
	case FW_OPAL_CPU_DATA_INVALID:
		fw->proc_dump.thread_size = 0;
		break;
	case FW_OPAL_CPU_DATA_SHORT:
		fw->proc_dump.act_size = lay.cpu_data_size / 2;
		break;
	case FW_OPAL_CPU_DATA_NONE:
		fw->proc_dump.dest_addr = 0;
		break;
	}
out:
	free(buf);
	free(thr);
	free(regs);
}

/*
 * Store an opal_mpipl_fadump in the heap of the skiboot that boots after
 * the MPIPL (the OPAL memory was preserved before); returns its address.
 */
static uint64_t store_mpipl(struct fw_opal *fw, uint64_t off,
			    const struct fa_opal_mpipl *md)
{
	size_t len = fa_opal_mpipl_size(md->region_cnt);
	uint8_t *buf = calloc(1, len);
	struct fa_err e;
	uint64_t addr = fw->base + FW_OPAL_HEAP_OFF + off;

	if (!buf || fa_opal_mpipl_encode(md, buf, len, &e) ||
	    machine_write(fw->m, addr, buf, len, &e)) {
		if (!buf)
			fa_err_set(&e, FA_ENOMEM, "firmware: out of memory");
		fw_fail(fw, &e);
		addr = 0;
	}
	free(buf);
	return addr;
}

/* post_mpipl_get_opal_data(): TAG_OPAL from MDRT's OPAL regions. */
static void post_mpipl_opal_data(struct fw_opal *fw)
{
	struct fa_opal_region reg[MDRT_MAX];
	struct fa_opal_mpipl md;
	uint32_t n = 0;
	int i;

	for (i = 0; i < fw->mdrt_cnt; i++) {
		const struct fa_mdrt_entry *r = &fw->mdrt[i];

		if (r->data_region != FA_DUMP_REGION_OPAL_MEMORY)
			continue;
		reg[n].src = fa_opal_hrmor_strip(r->src_addr);
		reg[n].dest = fa_opal_hrmor_strip(r->dest_addr);
		reg[n].size = r->size;
		n++;
	}
	if (!n)
		return;		/* "OPAL dump is not available" */
	memset(&md, 0, sizeof(md));
	md.version = FA_OPAL_MPIPL_VERSION;
	md.crashing_pir = fw->meta.crashing_pir;
	md.region_cnt = n;
	md.region = reg;
	fw->tags[FA_OPAL_MPIPL_TAG_OPAL] = store_mpipl(fw, 0, &md);
}

/* post_mpipl_arch_regs_data(): TAG_CPU from the processor dump area. */
static void post_mpipl_arch_regs(struct fw_opal *fw)
{
	struct fa_opal_region reg;
	struct fa_opal_mpipl md;

	if (!fw->proc_dump.dest_addr || !fw->proc_dump.act_size)
		return;
	memset(&md, 0, sizeof(md));
	md.version = FA_OPAL_MPIPL_VERSION;
	md.cpu_data_version = fw->proc_dump.version;
	md.cpu_data_size = fw->proc_dump.thread_size;
	md.region_cnt = 1;
	reg.src = reg.dest = fa_opal_hrmor_strip(fw->proc_dump.dest_addr);
	reg.size = fw->proc_dump.act_size;
	md.region = &reg;
	fw->tags[FA_OPAL_MPIPL_TAG_CPU] = store_mpipl(fw, 0x1000, &md);
}

/* skiboot boots after the MPIPL (opal_mpipl_init with mpipl-boot). */
static void mpipl_boot(struct fw_opal *fw)
{
	struct fa_err e;

	fw->gen++;
	write_image(fw, fw->gen);
	if (machine_dt_set(fw->m, "/ibm,opal/dump/mpipl-boot", "", 0, &e))
		fw_fail(fw, &e);
	memset(fw->tags, 0, sizeof(fw->tags));
	fw->max_tags = NR_TAGS;
	fw->tags[FA_OPAL_MPIPL_TAG_KERNEL] = fw->meta.kernel_tag;
	fw->tags[FA_OPAL_MPIPL_TAG_BOOT_MEM] = fw->meta.boot_mem_size;
	post_mpipl_opal_data(fw);
	post_mpipl_arch_regs(fw);
	mpipl_init(fw);
}

int64_t opal_cec_reboot2(struct fw_opal *fw, uint64_t reboot_type,
			 const char *msg, uint32_t pir)
{
	if (reboot_type != FA_OPAL_REBOOT_MPIPL)
		return FA_OPAL_UNSUPPORTED;
	if (fw->f.reboot_rc)
		return fw->f.reboot_rc;
	snprintf(fw->m->panic_msg, sizeof(fw->m->panic_msg), "%s",
		 msg ? msg : "");
	/* opal_mpipl_save_crashing_pir() in the platform's terminate */
	fw->meta.crashing_pir = pir;
	preserve_ranges(fw);
	write_proc_dump(fw, pir);
	mpipl_boot(fw);
	return FA_OPAL_SUCCESS;
}
