/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fadump.h - the kernel model's common FADump code, in the kernel's terms
 * (arch/powerpc/include/asm/fadump-internal.h, arch/powerpc/kernel/fadump.c).
 *
 * One struct fadump_kernel is one booted kernel (the first kernel, or the
 * capture kernel after the firmware-assisted reboot) running over a
 * struct machine.  It holds the kernel's struct fw_dump, the platform ops
 * (pSeries RTAS, PowerNV OPAL), the platform's private data, a handle on
 * the firmware model and the kernel log.  Platform code and the firmware
 * models talk only through calls that mirror the real ones (rtas_call,
 * opal_mpipl_update...), so fault injection lives in firmware.
 *
 * Conventions of the model:
 * - Functions that mirror a kernel function return what the kernel returns:
 *   0 or a negative errno (-EINVAL, -EIO...), because sysfs semantics and
 *   log lines depend on them.
 * - A failure of the model itself (a machine access outside RAM, no memory)
 *   is recorded in k->err (the first one wins) and surfaces as -EFAULT;
 *   the caller checks fadump_model_failed(k) and reports k->err.
 * - Kernel log lines go through pr_err/pr_warn/pr_info/pr_debug with the
 *   file's pr_fmt prefix ("fadump: ", "rtas fadump: ", "opal fadump: "),
 *   exactly as the kernel prints them (without the timestamp).
 */
#ifndef FA_KERNEL_FADUMP_H
#define FA_KERNEL_FADUMP_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>

#include "fa_endian.h"
#include "crashinfo.h"
#include "fa_err.h"
#include "ktext.h"
#include "machine.h"

/* ---------------------------------------------------------------- limits */

#define FADUMP_MAX_MEM_REGS		128	/* boot memory regions (OPAL) */
#define FADUMP_CPU_UNKNOWN		0xFFFFFFFFu
#define FADUMP_REGISTER			1
#define FADUMP_UNREGISTER		2
#define FADUMP_INVALIDATE		3
#define MAX_BOOT_MEM_RATIO		4	/* crashkernel= capped at 25 % */
#define COMMAND_LINE_SIZE		2048
#define FADUMP_CRASH_INFO_MAGIC		0x4641444D50534947ULL	/* FADMPSIG */
#define FADUMP_CRASH_INFO_MAGIC_OLD	0x4641444D50494E46ULL	/* FADMPINF */
#define FADUMP_HEADER_VERSION		1
#define FADUMP_PT_REGS_SIZE		384	/* sizeof(struct pt_regs), ppc64 */
#define FADUMP_CPUMASK_SIZE		256	/* sizeof(struct cpumask), NR_CPUS 2048 */
#define FADUMP_NR_CPUS			2048
/*
 * sizeof(struct fadump_crash_info_header): 424 + mask (v6.10+), 408 + mask
 * before; the mask is sizeof(struct cpumask), CONFIG_NR_CPUS bits rounded
 * up to longs (fadump_cpumask_size(), machine option --nr-cpus).  These
 * two are the NR_CPUS=2048 sizes; FADUMP_HDR_MAX bounds every one.
 */
#define FADUMP_HDR_SIZE			(424 + FADUMP_CPUMASK_SIZE)
#define FADUMP_HDR_SIZE_OLD		(408 + FADUMP_CPUMASK_SIZE)
#define FADUMP_HDR_MAX			(424 + FA_CI_CPU_MASK_MAX)
#define FADUMP_NOTE_BUF_T_SIZE		536	/* note_buf_t: CRASH_CORE_NOTE_BYTES */
#define FADUMP_PRSTATUS_NOTE_SIZE	524	/* 12 + 8 + 504 */
#define FADUMP_ELF_EHDR_SIZE		64
#define FADUMP_ELF_PHDR_SIZE		56
#define ELFCORE_ADDR_MAX		(~0ULL)
#define ELFCORE_ADDR_ERR		(~1ULL)

/* ------------------------------------------------------------- kernel log */

enum klog_level {		/* the kernel's printk levels */
	KLOG_EMERG = 0, KLOG_ALERT, KLOG_CRIT, KLOG_ERR, KLOG_WARNING,
	KLOG_NOTICE, KLOG_INFO, KLOG_DEBUG,
};

struct klog {
	char *buf;		/* "<level>line\n" records, NUL terminated */
	size_t len, cap;
	unsigned nlines;
};

struct fadump_kernel;

/*
 * klog() - record one kernel log line at @level, formatted with the
 * kernel's vsprintf rules (formats/ktext.h fa_kprintf: "%#016llx" etc.).
 * The format already holds the pr_fmt prefix; a trailing "\n" is added
 * when missing.  Never fails (an allocation failure is recorded in k->err).
 */
#define klog(k, level, fmt, ...) do {					\
		struct fa_text _kt;					\
		fa_text_init(&_kt);					\
		fa_kprintf(&_kt, fmt, ##__VA_ARGS__);			\
		klog_add((k), (level), &_kt);				\
	} while (0)

/* klog_add() - append the formatted line @t (freed here) to the log. */
void klog_add(struct fadump_kernel *k, int level, struct fa_text *t);

/*
 * klog_text() - the log as the kernel prints it: one line per record, no
 * level markers; @min_level filters (KLOG_DEBUG = everything).  Returns a
 * malloc'd string the caller frees, or NULL on allocation failure.
 */
char *klog_text(const struct fadump_kernel *k, int min_level);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_emerg(k, fmt, ...)	klog(k, KLOG_EMERG, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(k, fmt, ...)	klog(k, KLOG_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(k, fmt, ...)	klog(k, KLOG_WARNING, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(k, fmt, ...)	klog(k, KLOG_INFO, pr_fmt(fmt), ##__VA_ARGS__)

/*
 * struct ddebug_site - what dynamic debug knows of one pr_debug() call
 * (struct _ddebug): the kernel source file, KBUILD_MODNAME, the kernel
 * function and the format without pr_fmt's prefix.
 */
struct ddebug_site {
	const char *filename;
	const char *modname;
	const char *function;
	const char *format;
};

/*
 * ddebug_enabled() - 1 when the "dyndbg=" / "MODULE.dyndbg=" parameters
 * of @cmdline turn @dp's 'p' flag on (kernel/dyndbg.c); off by default.
 */
int ddebug_enabled(const char *cmdline, const struct ddebug_site *dp);
/*
 * fadump_ddebug_on() - whether @k prints @dp now: dynamic_debug_init()
 * has run (k->ddebug_ready) and its command line enables the call.
 */
int fadump_ddebug_on(const struct fadump_kernel *k,
		     const struct ddebug_site *dp);

/*
 * pr_debug(): printed only when dynamic debug enables it.  A file that
 * uses it defines DDEBUG_FILE (the kernel source it mirrors) and
 * KBUILD_MODNAME; pr_debug_in() names the kernel function where the
 * model's differs.
 */
#define pr_debug_in(k, func, fmt, ...) do {				\
		const struct ddebug_site _dd = { DDEBUG_FILE,		\
			KBUILD_MODNAME, func, fmt };			\
		if (fadump_ddebug_on((k), &_dd))			\
			klog(k, KLOG_DEBUG, pr_fmt(fmt), ##__VA_ARGS__);\
	} while (0)
#define pr_debug(k, fmt, ...)	pr_debug_in(k, __func__, fmt, ##__VA_ARGS__)

/* ---------------------------------------------------------------- memblock */

/* The kernel's memblock view: sorted, merged ranges. */
#define FADUMP_MEMBLOCK_MAX	256
struct memblock_type {
	int cnt;
	struct fa_range regions[FADUMP_MEMBLOCK_MAX];
};

/* -------------------------------------------------------------- fw_dump */

/* struct fw_dump: the kernel's FADump configuration (fadump-internal.h). */
struct fw_dump {
	uint64_t reserve_dump_area_start;
	uint64_t reserve_dump_area_size;
	uint64_t reserve_bootvar;	/* fadump_reserve_mem= */

	uint64_t cpu_state_data_size;
	uint64_t cpu_state_dest_vaddr;
	uint32_t cpu_state_data_version;
	uint32_t cpu_state_entry_size;

	uint64_t hpte_region_size;

	uint64_t boot_memory_size;
	uint64_t boot_mem_dest_addr;
	uint64_t boot_mem_addr[FADUMP_MAX_MEM_REGS];
	uint64_t boot_mem_sz[FADUMP_MAX_MEM_REGS];
	uint64_t boot_mem_top;
	uint64_t boot_mem_regs_cnt;

	uint64_t fadumphdr_addr;
	uint64_t elfcorehdr_addr;
	uint64_t elfcorehdr_size;
	uint64_t cpu_notes_buf_vaddr;
	uint64_t cpu_notes_buf_size;

	uint64_t param_area;

	uint64_t max_copy_size;		/* firmware limit per region copy */
	uint64_t kernel_metadata;	/* OPAL: physical address of metadata */

	int ibm_configure_kernel_dump;	/* RTAS token */

	unsigned fadump_enabled:1;
	unsigned fadump_supported:1;
	unsigned dump_active:1;
	unsigned dump_registered:1;
	unsigned nocma:1;
	unsigned param_area_supported:1;

	const struct fadump_ops *ops;
};

/*
 * struct fadump_ops: the platform callbacks of the kernel, each taking the
 * kernel context instead of a bare fw_dump.  fadump_region_show appends to
 * a stdio stream (the seq_file).  fadump_trigger hands control to firmware
 * (ibm,os-term / OPAL_CEC_REBOOT2 MPIPL) after the crash-info header was
 * written.
 */
struct fadump_ops {
	uint64_t (*fadump_init_mem_struct)(struct fadump_kernel *k);
	uint64_t (*fadump_get_metadata_size)(struct fadump_kernel *k);
	int (*fadump_setup_metadata)(struct fadump_kernel *k);
	uint64_t (*fadump_get_bootmem_min)(struct fadump_kernel *k);
	int (*fadump_register)(struct fadump_kernel *k);
	int (*fadump_unregister)(struct fadump_kernel *k);
	int (*fadump_invalidate)(struct fadump_kernel *k);
	void (*fadump_cleanup)(struct fadump_kernel *k);
	int (*fadump_process)(struct fadump_kernel *k);
	void (*fadump_region_show)(struct fadump_kernel *k, FILE *m);
	void (*fadump_trigger)(struct fadump_kernel *k, const char *msg);
	int (*fadump_max_boot_mem_rgns)(struct fadump_kernel *k);

	/*
	 * Model-only hooks (NULL when the platform has nothing to add):
	 * write the platform's extra capture-root files (OPAL: opalcore and
	 * sys/firmware/opal/mpipl/...), and handle a sysfs write to one of
	 * them (return 1 when @file is not the platform's, else 0 or -errno).
	 */
	int (*fa_write_root)(struct fadump_kernel *k, const char *root,
			     struct fa_err *e);
	int (*fa_sysfs_write)(struct fadump_kernel *k, const char *root,
			      const char *file, const char *val, size_t count);
	/* free platform private data (k->plat) */
	void (*fa_free)(struct fadump_kernel *k);
};

/* ------------------------------------------------------- kernel context */

struct fadump_kernel {
	struct machine *m;		/* the machine this kernel runs on */
	void *fw;			/* the platform firmware model */
	void *plat;			/* platform private (rtas fdm, opal metadata...) */
	struct fw_dump fw_dump;

	/* this kernel's boot parameters and configuration */
	int era;			/* FA_ERA_* */
	int byteorder;			/* FA_LE / FA_BE */
	uint64_t page_size;
	char cmdline[4096];		/* boot_command_line */
	uint64_t memory_limit;		/* mem= (0 = none) */
	int crashkernel_given;		/* crashkernel= present (for logs) */
	int mainline_exact;		/* --mainline-exact: cut the whole area */
	int is_capture;			/* the kernel booted after a dump */
	int files_dump_active;		/* release_mem was created at boot */
	uint64_t files_param_area;	/* bootargs_append was created at boot */

	struct memblock_type memory;	/* memblock.memory */
	struct memblock_type reserved;	/* memblock.reserved */
	struct fa_range rranges[1024];	/* DT reserved-ranges, sorted, merged */
	int nr_rranges;

	/* CMA window given to fadump_cma (first kernel) */
	uint64_t cma_base, cma_size;

	/* capture kernel: /proc/vmcore source and release state */
	uint64_t elfcorehdr_addr;	/* the global elfcorehdr_addr */
	int vmcore_removed;		/* vmcore_cleanup() ran */
	int mem_released;		/* fadump_release_memory ran */
	struct fa_range released[FADUMP_MEMBLOCK_MAX];
	int nr_released;		/* ranges given back to the page allocator */

	/* crash */
	uint32_t crashing_cpu;		/* the cmpxchg'd variable */

	/* CPU notes buffer: host shadow of cpu_notes_buf_vaddr's memory */
	uint8_t *notes;
	size_t notes_size;

	int ddebug_ready;		/* dynamic_debug_init() has run */
	struct klog log;
	unsigned printk_synced;		/* log records already in the printk ring */
	struct fa_err err;		/* first model failure */
};

/* fadump_model_failed() - 1 when a model (not kernel) failure happened. */
static inline int fadump_model_failed(const struct fadump_kernel *k)
{
	return k->err.code != 0;
}

/* fadump_model_error() - record a model failure (first wins); -EFAULT. */
int fadump_model_error(struct fadump_kernel *k, const struct fa_err *e);

/* ----------------------------------------------------------- pure helpers */

/* memparse() - the kernel's: number (0x, 0 octal, decimal) with K..E suffix. */
uint64_t memparse(const char *ptr, const char **retptr);

/*
 * parse_crashkernel() - the "crashkernel=" argument of @cmdline against
 * @system_ram: "size[@offset]" or "range1:size1[,range2:size2,...][@offset]"
 * (ranges "start-[end]").  The last crashkernel= on the line wins.  Returns
 * 0 with *crash_size and *crash_base set, -ENOENT when absent, -EINVAL when it
 * does not parse.
 */
int parse_crashkernel(const char *cmdline, uint64_t system_ram,
		      uint64_t *crash_size, uint64_t *crash_base);

/*
 * fadump_cmdline_param() - value of the last "name=" parameter in @cmdline
 * (copied into @val, at most @len-1 bytes).  Returns 1 when found.
 */
int fadump_cmdline_param(const char *cmdline, const char *name, char *val,
			 size_t len);

/* sizeof(struct cpumask) of this kernel: CONFIG_NR_CPUS bits in longs. */
static inline uint32_t fadump_cpumask_size(const struct fadump_kernel *k)
{
	uint32_t nr = k->m && k->m->cfg.nr_cpus ? k->m->cfg.nr_cpus :
		      FADUMP_NR_CPUS;

	return (nr + 63) / 64 * 8;
}

/* sizeof(struct fadump_crash_info_header) of this kernel (its era). */
static inline size_t fadump_hdr_size(const struct fadump_kernel *k)
{
	return (k->era == FA_ERA_PRE_6_10 ? 408 : 424) +
	       (size_t)fadump_cpumask_size(k);
}

/* PAGE_ALIGN for this kernel's page size. */
static inline uint64_t fadump_page_align(const struct fadump_kernel *k,
					 uint64_t x)
{
	return FA_ALIGN_UP(x, k->page_size);
}

/* ----------------------------------------------------------- first kernel */

/*
 * fadump_kernel_init() - a kernel about to boot on @m: copies the machine's
 * memory map into memblock.memory, the DT reserved-ranges, the byte order
 * and page size; @cmdline is boot_command_line (mem=, fadump=,
 * crashkernel=, fadump_reserve_mem=).  No allocation.  Every field is
 * reset except mainline_exact, a model option: @k must be zeroed or a
 * previous kernel context.
 */
void fadump_kernel_init(struct fadump_kernel *k, struct machine *m, void *fw,
			int era, const char *cmdline);

/* fadump_kernel_free() - release what the kernel context owns. */
void fadump_kernel_free(struct fadump_kernel *k);

/*
 * early_init_dt_scan_fw_dump() - parse fadump= and fadump_reserve_mem=,
 * then the platform DT scan (rtas_fadump_dt_scan / opal_fadump_dt_scan)
 * which sets fw_dump.ops, fadump_supported and, in a capture kernel,
 * dump_active and the active configuration.  Returns 1 if supported.
 */
int early_init_dt_scan_fw_dump(struct fadump_kernel *k);

/* fadump_calculate_reserve_size() - boot memory size rule (§5.2). */
uint64_t fadump_calculate_reserve_size(struct fadump_kernel *k);

/*
 * fadump_get_boot_mem_regions() - split boot memory over memblock.memory
 * (§5.3), including the kernel's multi-region arithmetic quirk (logged
 * with a "fadump-tools:" warning naming it).  Returns 1 ok, 0 too many.
 */
int fadump_get_boot_mem_regions(struct fadump_kernel *k);

/* get_fadump_area_size() - the reserved area's size for this era (§5.4). */
uint64_t get_fadump_area_size(struct fadump_kernel *k);

/*
 * fadump_locate_reserve_mem() - bottom-up first fit of @size bytes above
 * @base avoiding reserved-ranges, below @end.  Returns the address or 0.
 */
uint64_t fadump_locate_reserve_mem(struct fadump_kernel *k, uint64_t base,
				   uint64_t size, uint64_t end);

/* fadump_relocate() - physical address of @paddr's preserved copy (§5.5). */
uint64_t fadump_relocate(struct fadump_kernel *k, uint64_t paddr);

/*
 * fadump_reserve_mem() - the boot-time sizing and reservation; in a
 * capture kernel, reserve everything above boot_mem_top.  Returns 1 when
 * memory was reserved (or the dump is active), 0 when fadump is off.
 */
int fadump_reserve_mem(struct fadump_kernel *k);

/* fadump_cma_init() - the CMA window (k->cma_base/size) unless nocma. */
void fadump_cma_init(struct fadump_kernel *k);

/*
 * setup_fadump() - the initcall: in a capture kernel process the dump
 * (fadump_process: header check, elfcorehdr, CPU notes); otherwise
 * register.  Returns 1 on success as the kernel does.
 */
int setup_fadump(struct fadump_kernel *k);

/*
 * fadump_boot_first() - the first kernel's boot: DT scan, reserve, param
 * area, CMA, setup_fadump (register).  Returns 0 or -EFAULT (model error).
 */
int fadump_boot_first(struct fadump_kernel *k);

/* fadump_cleanup() - invalidate (dump active) or unregister, then cleanup. */
void fadump_cleanup(struct fadump_kernel *k);

/* is_fadump_reserved_mem_contiguous() - no memory hole in the area. */
int is_fadump_reserved_mem_contiguous(struct fadump_kernel *k);

/* register_fadump() - init the crash-info header and register; -errno. */
int register_fadump(struct fadump_kernel *k);

/*
 * crash_fadump() - the panic path on logical CPU @cpu: crashing_cpu,
 * CRASHTIME (at @crash_time seconds), regs (@regs, or the CPU's own state
 * as ppc_save_regs() would when NULL), online mask, then the platform
 * trigger with @msg.
 */
void crash_fadump(struct fadump_kernel *k, uint32_t cpu,
		  const uint64_t *regs, uint64_t crash_time, const char *msg);

/* ---------------------------------------------------------- capture side */

/*
 * fadump_boot_capture() - the firmware-assisted reboot: machine_capture_boot
 * overwrites [0, boot_mem_top) and a new kernel context @k boots with the
 * same platform and the firmware's preserved state, up to setup_fadump.
 */
int fadump_boot_capture(struct fadump_kernel *k, struct machine *m, void *fw,
			int era, const char *cmdline);

/*
 * fadump_alloc() - memblock_alloc in this kernel's free memory (top-down
 * below boot_mem_top in a capture kernel): reserves and returns a physical
 * address, or 0.  Zeroes the memory.
 */
uint64_t fadump_alloc(struct fadump_kernel *k, uint64_t size, uint64_t align);

/*
 * fadump_setup_cpu_notes_buf() - allocate the CPU notes buffer for
 * @num_cpus notes (PAGE_ALIGN(num_cpus * 536) bytes) in this kernel's
 * memory; sets fw_dump.cpu_notes_buf_vaddr/size and k->notes, a host
 * shadow the platform fills.  -ENOMEM as the kernel ("Failed to allocate").
 */
int fadump_setup_cpu_notes_buf(struct fadump_kernel *k, uint32_t num_cpus);
void fadump_free_cpu_notes_buf(struct fadump_kernel *k);

/*
 * fadump_regs_to_elf_notes() - append one NT_PRSTATUS note ("CORE",
 * prstatus zero but pr_reg = @regs) at @buf, a position in k->notes, in the
 * kernel's byte order; returns the position after it (NULL, with a model
 * error, if the buffer would overflow).  final_note() writes the 12-byte
 * zero terminator (needs 12 bytes left).
 */
uint8_t *fadump_regs_to_elf_notes(struct fadump_kernel *k, uint8_t *buf,
				  const uint64_t regs[FA_PT_NREGS]);
uint8_t *final_note(struct fadump_kernel *k, uint8_t *buf);

/*
 * fadump_update_elfcore_header() - store k->notes into the machine at the
 * notes buffer and patch PT_NOTE #0 of the elfcorehdr at
 * fw_dump.elfcorehdr_addr (v6.10+) or @elfcorehdr (pre-6.10: the first
 * kernel's, from the crash-info header).  Returns 0 or -EFAULT.
 */
int fadump_update_elfcore_header(struct fadump_kernel *k, uint64_t elfcorehdr);

/*
 * fadump_read_hdr() - decode the crash-info header at fw_dump.fadumphdr_addr
 * in this kernel's byte order (formats/crashinfo), any magic accepted.
 * Returns 0 or -EFAULT (model failure).
 */
int fadump_read_hdr(struct fadump_kernel *k, struct fa_crashinfo *ci);

/*
 * fadump_release_mem_store() - "echo VAL > release_mem" (kstrtoint):
 * -EPERM if no dump is active, -EINVAL unless 1; invalidates, frees
 * memory above boot_mem_top except the area and reserved-ranges.
 */
int fadump_release_mem_store(struct fadump_kernel *k, const char *buf);

/* fadump_registered_store() - "echo VAL > registered"; -errno or 0. */
int fadump_registered_store(struct fadump_kernel *k, const char *buf);

/*
 * fadump_bootargs_append_store() - "echo VAL > bootargs_append" (@count
 * bytes as written, newline included).  Returns @count or -errno.
 */
long fadump_bootargs_append_store(struct fadump_kernel *k, const char *buf,
				  size_t count);

/* fadump_region_text() - debugfs fadump_region contents (malloc'd). */
char *fadump_region_text(struct fadump_kernel *k);

/*
 * fadump_region_emit() - the end of every platform's fadump_region_show:
 * render @s (calloc'd and filled by the platform) into @m, then free @s
 * and its strings.  A rendering error writes nothing.
 */
void fadump_region_emit(struct fa_region_show *s, FILE *m);

/*
 * fadump_mem_init() - mem_init(): memblock.reserved is final, the struct
 * pages say which pages are reserved (synth_mem_init()).
 */
void fadump_mem_init(struct fadump_kernel *k);

/* fadump_memblock_reserve() - memblock_reserve(); 0 or -ENOMEM (table full). */
int fadump_memblock_reserve(struct fadump_kernel *k, uint64_t base,
			    uint64_t size);

/* memblock_phys_mem_size(), memblock_end_of_DRAM() of this kernel. */
uint64_t memblock_phys_mem_size(const struct fadump_kernel *k);
uint64_t memblock_end_of_DRAM(const struct fadump_kernel *k);

/*
 * fadump_vmcore_write() - /proc/vmcore of this capture kernel, as
 * fs/proc/vmcore.c exports it, written to @path through fa_outfile (0600,
 * sparse).  FA_ENOENT when there is no vmcore (no elfcorehdr, or released).
 */
int fadump_vmcore_write(struct fadump_kernel *k, const char *path,
			struct fa_err *e);

/*
 * fadump_capture_root_write() - the capture root under @root: proc/vmcore,
 * proc/device-tree, sys/kernel/fadump/..., compat links, debugfs
 * fadump_region (and the platform's extra files).  Files that the
 * kernel's state no longer has are removed.
 */
int fadump_capture_root_write(struct fadump_kernel *k, const char *root,
			      struct fa_err *e);

/*
 * fadump_sysfs_store() - a write of @count bytes of @val to sysfs/debugfs
 * @file ("registered", "fadump/registered", "sys/kernel/fadump_registered",
 * ...) of the capture root @root.  A file that is not one of the common
 * ones goes to the platform's fa_sysfs_write hook (OPAL release_core, phyp
 * release_region).  Returns 0 or -errno as the write(2) would fail
 * (-ENOENT when nobody owns @file).
 */
int fadump_sysfs_store(struct fadump_kernel *k, const char *root,
		       const char *file, const char *val, size_t count);

/*
 * fadump_sysfs_path() - the canonical root-relative path of @file, or NULL
 * when it is not a file of this model; *@mode gets its permission bits.
 */
const char *fadump_sysfs_path(const char *file, unsigned *mode);

/* ------------------------------------------- the kernel's memory (kstate.c) */

/*
 * fadump_plant_kernel_state() - store this kernel's FADump state into the
 * image's variables in machine memory, as a live kernel holds it: every
 * fw_dump member (DWARF offsets, bit-fields included), the platform's
 * registration struct (pSeries fdm, big-endian; PowerNV the opal_fdm
 * pointer to the metadata at kernel_metadata), fdh_ptr, and crashing_cpu
 * once a CPU has claimed the crash.  Variables or members the image lacks
 * are skipped (older kernels, a distribution vmlinux without FADump).
 * Returns 0 or -EFAULT (model failure in k->err).
 */
int fadump_plant_kernel_state(struct fadump_kernel *k);

/* Timestamps of the model's lines in the printk ring (ns since boot). */
#define FADUMP_PRINTK_TS_EARLY		500ULL		/* early_init_devtree */
#define FADUMP_PRINTK_TS_INITCALL	2450000ULL	/* subsys_initcall */

/*
 * fadump_printk_sync() - copy the log lines printed since the last call
 * into the machine's printk ring (synth_printk_append), the first at
 * @ts_nsec and each next 1 us later (pr_debug lines too: they are only
 * recorded when dyndbg= enabled them); the model's "fadump-tools:" notes
 * are left out.  No
 * ring (a loaded guest): nothing to do.  Returns 0 or -EFAULT.
 */
int fadump_printk_sync(struct fadump_kernel *k, uint64_t ts_nsec);

/* ------------------------------------------------------------- platforms */

/* rtas_fadump_dt_scan() - pSeries platform setup (kernel/rtas_fadump.c). */
void rtas_fadump_dt_scan(struct fadump_kernel *k);
/*
 * rtas_fadump_fdm() - the pSeries kernel's static fdm as the model holds
 * it (host order), or NULL when @k does not run the pSeries platform.
 */
struct fa_rtas_fdm;
const struct fa_rtas_fdm *rtas_fadump_fdm(const struct fadump_kernel *k);
/* opal_fadump_dt_scan() - PowerNV platform setup (kernel/opal_fadump.c). */
void opal_fadump_dt_scan(struct fadump_kernel *k);

/*
 * opalcore_init() - PowerNV fs_initcall (kernel/opal_core.c): build the
 * OPAL core after an MPIPL.  Call it after setup_fadump() in a capture
 * kernel; idempotent (the OPAL hooks also run it on first use).  Returns 0
 * when /sys/firmware/opal/mpipl/core exists, -1 otherwise.
 */
int opalcore_init(struct fadump_kernel *k);

/* ------------------------------------------- legacy phyp dump (phyp_dump.c) */

/*
 * phyp_dump_boot_first() - the v2.6.26..v2.6.36 first kernel on a
 * --platform phyp machine: DT scan, phyp_dump= / phyp_dump_reserve_size=,
 * the scratch-area reservation at the top of RAM and registration.
 * Returns 0 or -EFAULT (model failure in k->err).
 */
int phyp_dump_boot_first(struct fadump_kernel *k);

/* phyp_dump_crash() - panic: ibm,os-term; firmware takes the dump. */
void phyp_dump_crash(struct fadump_kernel *k, const char *msg);

/*
 * phyp_dump_boot_capture() - the kernel booted after the dump: reserves
 * everything above the variable reserve size (machine_capture_boot
 * overwrites what lies below), reads ibm,kernel-dump, creates
 * release_region and the vmcore's elfcorehdr.  0 or -EFAULT.
 */
int phyp_dump_boot_capture(struct fadump_kernel *k, struct machine *m,
			   void *fw, const char *cmdline);

/*
 * phyp_release_region_store() - "echo ADDR LEN > release_region": returns
 * @count, -EINVAL when two hex numbers do not parse, -ENOENT when the
 * file does not exist.  Gives back the pages (the vmcore loses them).
 */
long phyp_release_region_store(struct fadump_kernel *k, const char *buf,
			       size_t count);

/* phyp_release_region_text() - the file's text (malloc'd), or NULL. */
char *phyp_release_region_text(struct fadump_kernel *k);

/* phyp_dump_registered() - 1 when the last registration succeeded. */
int phyp_dump_registered(const struct fadump_kernel *k);

/* phyp_dump_reserve_start() - init_reserve_start (and *size). */
uint64_t phyp_dump_reserve_start(const struct fadump_kernel *k,
				 uint64_t *size);

#endif /* FA_KERNEL_FADUMP_H */
