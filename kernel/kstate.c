// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kstate.c - the first kernel's FADump state, in the kernel's own memory.
 *
 * The model keeps the kernel's state in host structures (struct fw_dump,
 * the platform's fdm).  A real kernel keeps it in its data section, and
 * that is what a dump reader finds there: crash's fadump-region reads
 * fw_dump through the image's DWARF, a reader of the printk ring finds the
 * "fadump: Reserved ..." lines.  This file stores the model's state into
 * the image's variables of the same names at the offsets the image's DWARF
 * gives, and copies the kernel's log lines into the printk ring.
 */
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "fadump.h"
#include "qemu.h"
#include "rtas.h"
#include "synth.h"
#include "vmcoreinfo.h"

#define KERNELBASE	FA_PPC64_PAGE_OFFSET

/* One scalar member of struct fw_dump and the value the model holds. */
struct kmember {
	const char *name;
	uint64_t value;
};

static int plant_fail(struct fadump_kernel *k, struct fa_err *e)
{
	fa_err_prefix(e, "planting the kernel's FADump state: ");
	return fadump_model_error(k, e);
}

/*
 * Store @value into @var.@member; a variable or member the image does not
 * have is not an error: kernels differ in what they declare.
 */
static int put(struct fadump_kernel *k, const char *var, const char *member,
	       uint64_t value, struct fa_err *e)
{
	int rc = machine_kvar_write(k->m, var, member, value, e);

	return rc == FA_ENOENT ? 0 : rc;
}

/* A u64 array member (boot_mem_addr[], boot_mem_sz[]) in one write. */
static int put_array(struct fadump_kernel *k, const char *member,
		     const uint64_t *v, size_t n, struct fa_err *e)
{
	uint64_t vaddr, size;
	uint8_t *buf;
	size_t i, cnt;
	int rc;

	rc = machine_kvar_member(k->m, "fw_dump", member, &vaddr, &size, e);
	if (rc)
		return rc == FA_ENOENT ? 0 : rc;
	if (!size || size % 8 || vaddr < KERNELBASE)
		return fa_err_set(e, FA_EUNSUP,
				  "fw_dump.%s: expected an array of u64 in the linear map, found %llu bytes at 0x%llx",
				  member, (unsigned long long)size,
				  (unsigned long long)vaddr);
	cnt = size / 8;
	buf = calloc(cnt, 8);
	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "fw_dump.%s: out of memory",
				  member);
	for (i = 0; i < cnt && i < n; i++)
		fa_put64(buf + 8 * i, k->m->byteorder, v[i]);
	rc = machine_write(k->m, vaddr - KERNELBASE, buf, size, e);
	free(buf);
	return rc;
}

static size_t fw_dump_members(const struct fw_dump *fw, struct kmember *m)
{
	size_t n = 0;
#define M(field) do {						\
		m[n].name = #field;				\
		m[n].value = (uint64_t)fw->field;		\
		n++;						\
	} while (0)
	M(reserve_dump_area_start);
	M(reserve_dump_area_size);
	M(reserve_bootvar);
	M(cpu_state_data_size);
	M(cpu_state_dest_vaddr);
	M(cpu_state_data_version);
	M(cpu_state_entry_size);
	M(hpte_region_size);
	M(boot_memory_size);
	M(boot_mem_dest_addr);
	M(boot_mem_top);
	M(boot_mem_regs_cnt);
	M(fadumphdr_addr);
	M(elfcorehdr_addr);
	M(elfcorehdr_size);
	M(cpu_notes_buf_vaddr);
	M(cpu_notes_buf_size);
	M(param_area);
	M(max_copy_size);
	M(kernel_metadata);
	M(fadump_enabled);
	M(fadump_supported);
	M(dump_active);
	M(dump_registered);
	M(nocma);
	M(param_area_supported);
#undef M
	/* an int holding an RTAS token: its 32 bits as stored */
	m[n].name = "ibm_configure_kernel_dump";
	m[n].value = (uint32_t)fw->ibm_configure_kernel_dump;
	n++;
	return n;
}

static int plant_fw_dump(struct fadump_kernel *k, struct fa_err *e)
{
	const struct fw_dump *fw = &k->fw_dump;
	struct kmember m[32];
	uint64_t vaddr;
	size_t i, n;
	int rc;

	if (machine_ksym(k->m, "fw_dump", &vaddr))
		return 0;	/* CONFIG_FA_DUMP off */
	n = fw_dump_members(fw, m);
	for (i = 0; i < n; i++) {
		rc = put(k, "fw_dump", m[i].name, m[i].value, e);
		if (rc)
			return rc;
	}
	rc = put_array(k, "boot_mem_addr", fw->boot_mem_addr,
		       FADUMP_MAX_MEM_REGS, e);
	if (!rc)
		rc = put_array(k, "boot_mem_sz", fw->boot_mem_sz,
			       FADUMP_MAX_MEM_REGS, e);
	/* fw_dump.ops stays NULL: the image has no fadump_ops tables */
	return rc;
}

/*
 * pSeries: rtas-fadump.c's static fdm, the structure handed to
 * ibm,configure-kernel-dump, big-endian whatever the kernel's order.
 */
static int plant_rtas_fdm(struct fadump_kernel *k, struct fa_err *e)
{
	const struct fa_rtas_fdm *fdm = rtas_fadump_fdm(k);
	uint8_t buf[FA_RTAS_FDM_SIZE];
	uint64_t vaddr, size;
	size_t n;
	int rc;

	if (!fdm || machine_ksym(k->m, "fdm", &vaddr) || vaddr < KERNELBASE)
		return 0;
	if (machine_ksym_size(k->m, "fdm", &size) || !size ||
	    size > sizeof(buf))
		size = sizeof(buf);
	/* the era's image; the rest of a larger struct (rgn[10]) is zero */
	memset(buf, 0, sizeof(buf));
	rc = fa_rtas_fdm_encode_image(fdm, k->era == FA_ERA_PRE_6_10 ?
				      FA_RTAS_IMAGE_OLD : FA_RTAS_IMAGE_CURRENT,
				      buf, sizeof(buf), &n, e);
	if (rc)
		return fa_err_prefix(e, "fdm: ");
	return machine_write(k->m, vaddr - KERNELBASE, buf, size, e);
}

/*
 * PowerNV: opal-fadump.c's opal_fdm points at the metadata in the
 * reserved area (__va(kernel_metadata)), which the platform code keeps
 * there itself.  opal_fdm_active and opal_cpu_metadata belong to the
 * capture kernel and stay NULL in the first.
 */
static int plant_opal_fdm(struct fadump_kernel *k, struct fa_err *e)
{
	uint64_t md = k->fw_dump.kernel_metadata;

	if (k->m->cfg.platform != FA_PLAT_POWERNV)
		return 0;
	return put(k, "opal_fdm", NULL, md ? md + KERNELBASE : 0, e);
}

/*
 * update_vmcoreinfo_note(): the "VMCOREINFO" note over @len bytes of
 * @text at @note, then the empty final note.
 */
static int write_vmcoreinfo_note(struct machine *m, uint64_t note,
				 const char *text, size_t len,
				 struct fa_err *e)
{
	size_t dlen = FA_ALIGN_UP(len, 4), n = 12 + 12 + dlen + 12;
	uint8_t *buf = calloc(1, n);
	int rc;

	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "VMCOREINFO note: out of memory");
	fa_put32(buf, m->byteorder, 11);		/* "VMCOREINFO\0" */
	fa_put32(buf + 4, m->byteorder, (uint32_t)len);
	memcpy(buf + 12, "VMCOREINFO", 10);
	memcpy(buf + 24, text, len);
	rc = machine_write(m, note - KERNELBASE, buf, n, e);
	free(buf);
	return rc;
}

/*
 * crash_save_vmcoreinfo() in a loaded guest (--from-qemu): append
 * "CRASHTIME=<s>\n" to its own vmcoreinfo_data, grow vmcoreinfo_size and
 * rewrite vmcoreinfo_note, as the kernel does at panic.  The seconds are
 * the guest's wall clock the loader read (m->crash_time, 0 = unknown:
 * then nothing is added).  Text that already has a CRASHTIME, or buffers
 * the guest never set up, are left alone.
 */
static int plant_guest_crashtime(struct fadump_kernel *k, struct fa_err *e)
{
	struct machine *m = k->m;
	uint64_t data, size, note;
	size_t len;
	char *text;
	int rc;

	if (!m->cfg.from_qemu[0] || !m->crash_time ||
	    machine_ksym_word(m, "vmcoreinfo_data", 0, 8, &data) ||
	    machine_ksym_word(m, "vmcoreinfo_size", 0, 8, &size) ||
	    machine_ksym_word(m, "vmcoreinfo_note", 0, 8, &note) ||
	    data < KERNELBASE || note < KERNELBASE || size >= m->page_size)
		return 0;
	text = calloc(1, m->page_size + 1);
	if (!text)
		return fa_err_set(e, FA_ENOMEM, "VMCOREINFO: out of memory");
	rc = machine_read(m, data - KERNELBASE, text, size, e);
	if (rc || strstr(text, "CRASHTIME="))
		goto out;
	len = fa_vmci_append_crashtime(text, size, m->page_size,
				       (int64_t)m->crash_time);
	rc = machine_write(m, data - KERNELBASE + size, text + size,
			   len - size, e);
	if (!rc) {
		uint8_t b[8];
		uint64_t va;

		fa_put64(b, m->byteorder, len);		/* a size_t */
		machine_ksym(m, "vmcoreinfo_size", &va);
		rc = machine_write(m, va - KERNELBASE, b, 8, e);
	}
	if (!rc)
		rc = write_vmcoreinfo_note(m, note, text, len, e);
out:
	free(text);
	return rc;
}

int fadump_plant_kernel_state(struct fadump_kernel *k)
{
	const struct fw_dump *fw = &k->fw_dump;
	struct fa_err e;
	int rc;

	if (!k->m->img || k->is_capture)
		return 0;
	if (k->crashing_cpu == FADUMP_CPU_UNKNOWN && qemu_machine_note(k->m))
		pr_warn(k, "%s", qemu_machine_note(k->m));
	rc = plant_fw_dump(k, &e);
	if (!rc)
		rc = plant_rtas_fdm(k, &e);
	if (!rc)
		rc = plant_opal_fdm(k, &e);
	/* the image's typed handle on the crash-info header */
	if (!rc)
		rc = put(k, "fdh_ptr", NULL, fw->fadumphdr_addr ?
			 fw->fadumphdr_addr + KERNELBASE : 0, &e);
	/* crash_fadump()'s cmpxchg(&crashing_cpu, -1, this_cpu) */
	if (!rc && k->crashing_cpu != FADUMP_CPU_UNKNOWN)
		rc = put(k, "crashing_cpu", NULL, k->crashing_cpu, &e);
	if (!rc && k->crashing_cpu != FADUMP_CPU_UNKNOWN)
		rc = plant_guest_crashtime(k, &e);
	return rc ? plant_fail(k, &e) : 0;
}

/*
 * A record of the model's log that the kernel stores in its ring: every
 * kernel line (pr_debug ones are only recorded when dynamic debug enabled
 * them), not the model's own notes.
 */
static int printk_wanted(int level, const char *text)
{
	(void)level;
	return !strstr(text, "fadump-tools: ");
}

int fadump_printk_sync(struct fadump_kernel *k, uint64_t ts_nsec)
{
	const char *p = k->log.buf, *end = k->log.buf + k->log.len;
	unsigned idx = 0;
	struct fa_err e;
	char *line;

	if (!k->m->synth)
		return 0;	/* no ring of ours (a loaded guest) */
	while (p && p < end) {
		const char *nl = memchr(p + 1, '\n', (size_t)(end - p - 1));
		size_t n = nl ? (size_t)(nl - p - 1) : (size_t)(end - p - 1);
		int level = p[0] - '0';
		int rc = 0;

		if (idx++ < k->printk_synced) {
			p += n + 2;
			continue;
		}
		line = strndup(p + 1, n);
		if (!line) {
			fa_err_set(&e, FA_ENOMEM, "printk: out of memory");
			return fadump_model_error(k, &e);
		}
		if (printk_wanted(level, line)) {
			rc = synth_printk_append(k->m, ts_nsec, level, line, &e);
			ts_nsec += 1000;
		}
		free(line);
		if (rc)
			return plant_fail(k, &e);
		k->printk_synced = idx;
		p += n + 2;
	}
	return 0;
}
