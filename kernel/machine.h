/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * machine.h - the simulated POWER machine the kernel model runs over.
 *
 * A machine is RAM (sparse anonymous backing for [0, mem_end), with holes
 * per the memory map), CPUs with their register state at crash time, a small
 * device tree and the symbols/DWARF of the kernel image loaded in it.  The
 * fadump code (kernel/fadump.c and the platform files) and the firmware
 * models read and write it exactly as the real code touches physical
 * memory, device-tree properties and kernel variables.
 */
#ifndef FA_KERNEL_MACHINE_H
#define FA_KERNEL_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "fa_mem.h"
#include "fa_range.h"
#include "prstatus.h"

enum fa_platform { FA_PLAT_PSERIES, FA_PLAT_POWERNV, FA_PLAT_PHYP };
enum fa_kera { FA_ERA_CURRENT /* 6.10+ */, FA_ERA_PRE_6_10 };
/* pSeries firmware: PowerVM (PHYP) or QEMU's spapr FADump emulation */
enum fa_firmware { FA_FW_POWERVM, FA_FW_QEMU };

#define MACHINE_MAX_MEMMAP	128
#define MACHINE_MAX_RESERVED	64
#define MACHINE_MAX_FW_REGS	96

/* Machine options as given on the command line (see machine_config_parse_opt). */
struct machine_config {
	int platform, era, byteorder;	/* FA_PLAT_*, FA_ERA_*, FA_LE/FA_BE */
	uint64_t ram_size;		/* --ram */
	uint32_t ncpus;			/* --cpus */
	int firmware;			/* --firmware: FA_FW_* (pSeries) */
	uint32_t nr_cpus;		/* --nr-cpus: the kernel's CONFIG_NR_CPUS */
	uint32_t page_size;		/* --page-size 4096|65536 */
	char cmdline[4096];		/* --cmdline: the first kernel's command line */
	struct fa_range memmap[MACHINE_MAX_MEMMAP];
	int nr_memmap;			/* --memmap; default one range [0, ram) */
	struct fa_range reserved[MACHINE_MAX_RESERVED];
	int nr_reserved;		/* --reserved-ranges (DT reserved-ranges) */
	int crashing_cpu;		/* --crashing-cpu, -1 = chosen from the seed */
	uint64_t seed;			/* --seed */
	unsigned content_zero, content_text, content_struct, content_random;
					/* --content percentages, sum 100 */
	char vmlinux[4096];		/* mini kernel image ("" = the built sample) */
	char from_qemu[4096];		/* --from-qemu guest ELF, or "" */
	int printk;			/* --printk: MACHINE_PRINTK_*, 0 = the era's */
	int mem_model;			/* --mem-model: MACHINE_MEM_* */
};

/* The kernel log the first kernel keeps (--printk). */
enum {
	MACHINE_PRINTK_DEFAULT = 0,	/* phyp: plain, else lockless */
	MACHINE_PRINTK_LOCKLESS,	/* 5.10+: the prb ring */
	MACHINE_PRINTK_RECORDS,		/* 3.5 - 5.9: struct printk_log records */
	MACHINE_PRINTK_PLAIN,		/* before 3.5: a character ring */
};

/* How the kernel finds its struct pages (--mem-model). */
enum {
	MACHINE_MEM_FLAT = 0,		/* FLATMEM: mem_map, no struct pages planted */
	MACHINE_MEM_SPARSE,		/* SPARSEMEM_EXTREME + VMEMMAP, hash MMU */
};

/* machine_printk() - the --printk format in effect for @c. */
int machine_printk(const struct machine_config *c);

/*
 * machine_config_init() - defaults: pSeries, current era, LE, 4 GiB, 4 CPUs,
 * 64K pages, seed 1, content zero=40,text=20,struct=30,random=10, empty
 * memmap (meaning [0, ram)), crashing_cpu -1.
 */
void machine_config_init(struct machine_config *c);

/*
 * machine_config_parse_opt() - apply one CLI machine option.  @opt is the
 * option name without leading dashes ("platform", "ram", "cpus",
 * "page-size", "endian", "era", "cmdline", "memmap", "reserved-ranges",
 * "crashing-cpu", "seed", "content", "vmlinux", "from-qemu").  Returns 0,
 * FA_ENOENT for an option that is not a machine option (message set), or
 * FA_EINVAL with a line naming the option, what was expected and found.
 */
int machine_config_parse_opt(struct machine_config *c, const char *opt,
			     const char *arg, struct fa_err *e);

/*
 * machine_config_has_opt() - 1 if @opt (without leading dashes) names an
 * option machine_config_parse_opt() takes (each takes a value), else 0.
 */
int machine_config_has_opt(const char *opt);

/*
 * machine_parse_ranges() - parse "BASE:SIZE[,BASE:SIZE...]" (memparse sizes
 * with K/M/G/T suffixes, 0x addresses) into at most @max ranges, sorted and
 * merged.  @what names the option in error messages.
 */
int machine_parse_ranges(const char *arg, struct fa_range *r, int max,
			 int *nr, const char *what, struct fa_err *e);

/* memparse() as the kernel does: number with optional K/M/G/T/P/E suffix. */
int machine_memparse(const char *s, uint64_t *v, const char **end);

struct machine_fw_reg {
	uint64_t id;		/* REGSAVE 8-char id as a big-endian u64 ("GPR00\0\0\0") */
	uint16_t sprn;		/* HDAT register number */
	uint16_t type;		/* HDAT register type (0 GPR, 1 SPR, ...) */
	uint64_t value;
};

struct machine_cpu {
	uint32_t cpu, pir;	/* logical id, hardware PIR */
	int online;		/* in cpu_online_mask at crash */
	uint64_t pt_regs[FA_PT_NREGS];
				/* the thread's state as struct pt_regs words */
	int nfw;
	struct machine_fw_reg fw[MACHINE_MAX_FW_REGS];
				/* full firmware register set */
};

/* Indices into machine_cpu.pt_regs, as struct pt_regs lays them out. */
enum {
	PT_R0 = 0, PT_R1 = 1, PT_R2 = 2, PT_R31 = 31,
	PT_NIP = 32, PT_MSR = 33, PT_ORIG_GPR3 = 34, PT_CTR = 35,
	PT_LINK = 36, PT_XER = 37, PT_CCR = 38, PT_SOFTE = 39,
	PT_TRAP = 40, PT_DAR = 41, PT_DSISR = 42, PT_RESULT = 43,
	PT_NREGS = 44,
};

struct machine_dt_prop;		/* private */
struct kimage;			/* formats/kimage.h: symbols + DWARF */

struct machine {
	struct machine_config cfg;
	struct fa_range mem[MACHINE_MAX_MEMMAP];
	int nr_mem;			/* memblock.memory, sorted, merged */
	uint64_t mem_end;		/* end of the highest range */
	uint64_t phys_mem_size;		/* memblock_phys_mem_size() */
	uint32_t ncpus;
	struct machine_cpu *cpu;
	uint32_t crashing_cpu;
	uint64_t crash_time;
	char panic_msg[256];

	/*
	 * RAM backing: an anonymous MAP_NORESERVE mapping of [0, mem_end).
	 * Pages never written are not materialized: reading them yields the
	 * content source (synthetic content, a QEMU guest file, or zeros),
	 * so a 16 GiB machine costs only the pages touched.
	 */
	uint8_t *ram;
	uint64_t ram_map_size;
	uint8_t *materialized;		/* bitmap, one bit per 4 KiB page */
	/*
	 * Pages zeroed while not materialized (machine_zero, machine_copy of
	 * a zero page): they read as zeros and their backing is untouched.
	 * Materializing a page clears its bit.
	 */
	uint8_t *zeroed;
	/*
	 * content() - fill the 4 KiB page at @paddr as it was before anyone
	 * wrote it.  Returns 0 or an FA_E* code.  NULL: zeros.
	 */
	int (*content)(void *ctx, uint64_t paddr, uint8_t *page,
		       struct fa_err *e);
	void *content_ctx;
	void (*content_free)(void *ctx);
	/*
	 * content_is_zero() - 1 when content() would fill the untouched 4 KiB
	 * page at @paddr with zeros, known without building it.  NULL: never
	 * known (machine_is_zero() then reads no such page as zero).
	 */
	int (*content_is_zero)(void *ctx, uint64_t paddr);
	/* Pages below this were overwritten by the capture kernel's boot. */
	uint64_t capture_top;

	/* Device tree: a flat list of (path, bytes) properties. */
	struct machine_dt_prop *dt;
	int nr_dt, dt_cap;

	/* Kernel image loaded into this machine (NULL with --vmlinux none). */
	struct kimage *img;
	int byteorder;			/* FA_LE / FA_BE of the kernel */
	uint32_t page_size;

	/* Private to synth.c: where the VMCOREINFO text lives etc. */
	void *synth;
	void (*synth_free)(void *synth);
};

#define MACHINE_CHUNK		4096ULL	/* materialization granule */

/*
 * machine_create() - build a machine from @c: memory map, RAM backing,
 * CPUs with seeded register state, default device tree for the platform,
 * and (unless c->vmlinux is "" and no sample is found) the kernel image's
 * symbols.  RAM content is NOT filled here: call synth_populate() (or the
 * qemu loader).  On success *m owns everything; free with machine_destroy().
 */
int machine_create(const struct machine_config *c, struct machine **m,
		   struct fa_err *e);

/* machine_destroy() - free a machine and all it owns.  NULL is fine. */
void machine_destroy(struct machine *m);

/*
 * machine_read()/machine_write() - physical memory access.  The whole of
 * [paddr, paddr+len) must lie in memblock.memory; an address in a hole or
 * beyond mem_end is FA_ERANGE naming the first bad address.
 */
int machine_read(struct machine *m, uint64_t paddr, void *buf, size_t len,
		 struct fa_err *e);
int machine_write(struct machine *m, uint64_t paddr, const void *buf,
		  size_t len, struct fa_err *e);
/* machine_zero() - zero [paddr, paddr+len), releasing the backing pages. */
int machine_zero(struct machine *m, uint64_t paddr, uint64_t len,
		 struct fa_err *e);
/*
 * machine_copy() - copy @len bytes of RAM from @src to @dst (the ranges
 * must not overlap), 4 KiB page by page: a whole destination page whose
 * source reads as zeros is stored as machine_zero() stores it, so copying
 * a mostly-zero machine touches no host memory for those pages.
 */
int machine_copy(struct machine *m, uint64_t dst, uint64_t src, uint64_t len,
		 struct fa_err *e);
/*
 * machine_is_zero() - 1 when every byte of [paddr, paddr+len) is known to
 * read as zero without building its pages (untouched zero content, zeroed
 * pages); 0 when unknown or not zero.  Lets writers leave holes cheaply.
 */
int machine_is_zero(const struct machine *m, uint64_t paddr, uint64_t len);
/* machine_is_ram() - 1 when [paddr, paddr+len) is all memblock memory. */
int machine_is_ram(const struct machine *m, uint64_t paddr, uint64_t len);

/*
 * machine_mem() - an fa_mem reading this machine: FA_PHYS directly and
 * FA_KVADDR through the linear map (vaddr - 0xc000000000000000).
 */
void machine_mem(struct machine *m, struct fa_mem *out);

/*
 * machine_ksym() - the virtual address of kernel image symbol @name.
 * Returns 0 or FA_ENOENT (no image, or no such symbol).
 */
int machine_ksym(const struct machine *m, const char *name, uint64_t *vaddr);

/*
 * machine_ksym_word() - the @size-byte (2, 4 or 8) word @off bytes past
 * kernel image symbol @name, read through the linear map in the machine's
 * byte order.  Returns 0, or -1 (no image or symbol, an address outside
 * the linear map, or memory that cannot be read).
 */
int machine_ksym_word(struct machine *m, const char *name, uint64_t off,
		      unsigned int size, uint64_t *v);

/*
 * machine_ksym_size() - the st_size of kernel image symbol @name.
 */
int machine_ksym_size(const struct machine *m, const char *name,
		      uint64_t *size);

/*
 * machine_kvar_member() - offset and size of @member (dotted path such as
 * "boot_mem_addr" or "name.release"; NULL for the variable itself) of
 * kernel variable @var, from the image's DWARF.  *vaddr gets the address of
 * the member.
 */
int machine_kvar_member(const struct machine *m, const char *var,
			const char *member, uint64_t *vaddr, uint64_t *size,
			struct fa_err *e);

/*
 * machine_kvar_write() - store @value into @var's @member (NULL = the
 * variable itself) in the machine's byte order, using the member's DWARF
 * size (1, 2, 4 or 8 bytes; arrays take "member[i]").
 */
int machine_kvar_write(struct machine *m, const char *var, const char *member,
		       uint64_t value, struct fa_err *e);
/* machine_kvar_read() - the reverse of machine_kvar_write(). */
int machine_kvar_read(struct machine *m, const char *var, const char *member,
		      uint64_t *value, struct fa_err *e);

/*
 * Device tree.  Paths are "/node/sub/property"; the root node's properties
 * are "/reserved-ranges".  machine_dt_get() returns a pointer owned by the
 * machine (valid until the property is set again or removed) or NULL.
 * machine_dt_remove() returns 0 or FA_ENOENT.
 */
int machine_dt_set(struct machine *m, const char *path, const void *val,
		   size_t len, struct fa_err *e);
const void *machine_dt_get(const struct machine *m, const char *path,
			   size_t *len);
int machine_dt_remove(struct machine *m, const char *path);
/* machine_dt_get_u32/u64() - a big-endian cell of property @path at @idx. */
int machine_dt_get_u32(const struct machine *m, const char *path, size_t idx,
		       uint32_t *v);
int machine_dt_get_u64(const struct machine *m, const char *path, size_t idx,
		       uint64_t *v);
/*
 * machine_dt_write_tree() - write the tree under @dir as /proc/device-tree
 * does: one directory per node, one file per property (raw bytes; mode
 * 0444, "security-*" properties 0400, as the kernel makes them).
 */
int machine_dt_write_tree(const struct machine *m, const char *dir,
			  struct fa_err *e);

/*
 * machine_save() - --save-machine: write an ELF64 core of all RAM ranges
 * (PT_LOAD, p_paddr = physical address, p_vaddr = linear map) with one
 * NT_PRSTATUS note per CPU, in the machine's byte order, sparse.
 */
int machine_save(struct machine *m, const char *path, struct fa_err *e);

/*
 * machine_capture_boot() - the capture kernel boots: overwrite
 * [0, boot_mem_top) (RAM parts only) with its own seeded data, different
 * from the first kernel's.
 */
int machine_capture_boot(struct machine *m, uint64_t boot_mem_top,
			 struct fa_err *e);

/* machine_seed_next() - splitmix64 step, exported for synth and tests. */
uint64_t machine_seed_next(uint64_t *state);

/* machine_hash() - a 64-bit mix of (@seed, @a, @b): per-page randomness. */
uint64_t machine_hash(uint64_t seed, uint64_t a, uint64_t b);

/*
 * machine_cpu_regs_init() - (re)compute CPU @cpu's register state from the
 * seed and its role (crashing CPU: NIP in crash_fadump, LR in
 * ppc_panic_event, firmware NIA in rtas_os_term / opal_cec_reboot2;
 * others idle in arch_cpu_idle).  Called again when the crashing CPU
 * changes.
 */
void machine_cpu_regs_init(struct machine *m, uint32_t cpu);

/*
 * machine_ksym_name() - the image symbol containing @vaddr and the offset
 * into it, or NULL (for symbolizing NIP/LR in tests and reports).
 */
const char *machine_ksym_name(const struct machine *m, uint64_t vaddr,
			      uint64_t *off);

/*
 * machine_fw_reg_table() - the firmware register set every CPU carries, in
 * REGSAVE emission order: name ("GPR00", "NIA"...), HDAT type (1 GPR, 2
 * SPR; 0 = not in HDAT) and number.  Returns the count.
 */
struct machine_fw_reg_def {
	const char *name;
	uint16_t type, num;
};
size_t machine_fw_reg_table(const struct machine_fw_reg_def **tab);

/* machine_cpu_pir() - the POWER9 PIR of logical CPU @cpu (4 threads/core). */
uint32_t machine_cpu_pir(uint32_t cpu);

/*
 * machine_image_path() - the default mini kernel image for @byteorder:
 * $FA_MINIKERNEL_DIR, the build's samples/minikernel, or
 * build/samples/minikernel; writes the path into @buf.  0 or FA_ENOENT.
 */
int machine_image_path(int byteorder, char *buf, size_t len);

/*
 * machine_create_empty() - machine_create() without loading an image or
 * building CPUs' registers: for loaders (kernel/qemu.c) that bring their
 * own.  Registers are zero; the device tree has the platform defaults.
 */
int machine_create_empty(const struct machine_config *c, struct machine **m,
			 struct fa_err *e);

#endif /* FA_KERNEL_MACHINE_H */
