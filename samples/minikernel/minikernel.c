// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * minikernel.c - a tiny ppc64 "kernel" image for the FADump kernel model.
 *
 * It never runs.  It exists so that the simulated machine has a vmlinux
 * with the symbols and DWARF types that crash, makedumpfile, libkdumpfile
 * and fadump-tools look up in a real one: the variables have the kernel's
 * names, types and member names, and the functions exist so that register
 * values (NIP, LR) symbolize.  The kernel model plants the crashed state
 * (VMCOREINFO, banner, printk ring, crashing_cpu, fw_dump...) into these
 * variables through their DWARF-described locations.
 *
 * Sizes follow a distribution ppc64 kernel: NR_CPUS 2048, a 64 KiB
 * VMCOREINFO page (the largest PAGE_SIZE; 4 KiB kernels use its start),
 * CONFIG_LOG_BUF_SHIFT 16.
 */

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;
typedef unsigned long size_t;
typedef _Bool bool;

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef atomic64_t atomic_long_t;

#define __used		__attribute__((used))
#define __aligned(x)	__attribute__((aligned(x)))
#define noinline	__attribute__((noinline))

#define NR_CPUS			2048
#define BITS_PER_LONG		64
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define THREAD_SIZE		16384
#define VMCOREINFO_BYTES	65536
#define VMCOREINFO_NOTE_SIZE	(12 * 2 + 12 + VMCOREINFO_BYTES)
#define FADUMP_MAX_MEM_REGS	128
#define RTAS_FADUMP_MAX_SECTIONS 10
#define CONFIG_LOG_BUF_SHIFT	16
#define PRB_AVGBITS		5

/* ---- basic kernel types ---- */

struct list_head {
	struct list_head *next, *prev;
};

struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
};

/* The kernel's struct pt_regs on ppc64 (384 bytes; §6.2 slot map). */
struct pt_regs {
	unsigned long gpr[32];
	unsigned long nip;
	unsigned long msr;
	unsigned long orig_gpr3;
	unsigned long ctr;
	unsigned long link;
	unsigned long xer;
	unsigned long ccr;
	unsigned long softe;
	unsigned long trap;
	unsigned long dar;
	unsigned long dsisr;
	unsigned long result;
	unsigned long ppr;
	unsigned long exit_result;
	unsigned long amr;
	unsigned long iamr;
};

/* ---- tasks and mm ---- */

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct vm_area_struct *vm_next;
};

typedef struct { unsigned long pgd; } pgd_t;

struct mm_struct {
	struct vm_area_struct *mmap;
	pgd_t *pgd;
	atomic_t mm_users;
	atomic_t mm_count;
	unsigned long start_code, end_code, start_data, end_data;
};

struct thread_struct {
	unsigned long ksp;
	struct pt_regs *regs;
};

struct task_struct {
	unsigned int __state;
	void *stack;
	int on_cpu;
	unsigned int cpu;
	int prio;
	struct list_head tasks;
	struct mm_struct *mm;
	struct mm_struct *active_mm;
	int pid;
	int tgid;
	struct task_struct *parent;
	char comm[16];
	struct thread_struct thread;
};

union thread_union {
	struct task_struct task;
	unsigned long stack[THREAD_SIZE / sizeof(long)];
};

pgd_t swapper_pg_dir[512] __aligned(4096) __used;

union thread_union init_thread_union
	__attribute__((section(".data..init_task"))) __aligned(THREAD_SIZE) __used;
/* The stack of the boot CPU and of the idle/panic task. */
extern unsigned long init_stack[THREAD_SIZE / sizeof(long)]
	__attribute__((alias("init_thread_union")));

struct mm_struct init_mm __used = {
	.pgd = swapper_pg_dir,
	.mm_users = { 2 },
	.mm_count = { 1 },
};

struct task_struct init_task __used = {
	.stack = &init_thread_union,
	.tasks = { &init_task.tasks, &init_task.tasks },
	.active_mm = &init_mm,
	.parent = &init_task,
	.comm = "swapper/0",
};

/* ---- identity ---- */

struct new_utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

struct ns_common {
	atomic_long_t stashed;
	unsigned int inum;
};

struct uts_namespace {
	struct new_utsname name;
	void *user_ns;
	void *ucounts;
	struct ns_common ns;
};

struct uts_namespace init_uts_ns __used = {
	.name = {
		.sysname = "Linux",
		.nodename = "(none)",
		.domainname = "(none)",
	},
};

/* Planted at run time (the release string depends on the era). */
char linux_banner[256] __used;

/* ---- kernel/vmcore_info.c ---- */

unsigned char vmcoreinfo_data_page[VMCOREINFO_BYTES] __aligned(65536) __used;
u32 vmcoreinfo_note_buf[(VMCOREINFO_NOTE_SIZE + 3) / 4] __aligned(65536) __used;

unsigned char *vmcoreinfo_data __used = vmcoreinfo_data_page;
size_t vmcoreinfo_size __used;
u32 *vmcoreinfo_note __used = vmcoreinfo_note_buf;
/* crash_save_vmcoreinfo() works on this copy when set. */
unsigned char *vmcoreinfo_data_safecopy __used;

/* ---- memory model (FLATMEM: one node) ---- */

struct page {
	unsigned long flags;
	struct list_head lru;
	void *mapping;
	unsigned long index;
	unsigned long private;
	atomic_t _mapcount;
	atomic_t _refcount;
};

typedef struct pglist_data {
	struct page *node_mem_map;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	int nr_zones;
} pg_data_t;

struct pglist_data contig_page_data __used;
struct page *mem_map __used;

/*
 * SPARSEMEM_EXTREME + SPARSEMEM_VMEMMAP (--mem-model sparse): the roots
 * array the mem_section pointer holds, and the vmemmap's backing chunks
 * (arch/powerpc/include/asm/pgalloc-64.h, mmu.h).
 */
struct mem_section {
	unsigned long section_mem_map;
	void *usage;
};

struct mem_section **mem_section __used;

struct vmemmap_backing {
	struct vmemmap_backing *list;
	unsigned long phys;
	unsigned long virt_addr;
};

struct mmu_psize_def {
	unsigned int shift;
	int penc[16];
	unsigned int tlbiel;
	unsigned long avpnm;
	unsigned long h_rpt_pgsize;
	unsigned long sllp;
};

#define MMU_PAGE_COUNT	16
struct vmemmap_backing *vmemmap_list __used;
struct mmu_psize_def mmu_psize_defs[MMU_PAGE_COUNT] __used;
int mmu_vmemmap_psize __used;

/* ---- printk ring buffer (kernel/printk/printk_ringbuffer.h) ---- */

struct prb_data_blk_lpos {
	unsigned long begin;
	unsigned long next;
};

struct prb_desc {
	atomic_long_t state_var;
	struct prb_data_blk_lpos text_blk_lpos;
};

struct dev_printk_info {
	char subsystem[16];
	char device[48];
};

struct printk_info {
	u64 seq;
	u64 ts_nsec;
	u16 text_len;
	u8 facility;
	u8 flags:5;
	u8 level:3;
	u32 caller_id;
	struct dev_printk_info dev_info;
};

struct prb_data_ring {
	unsigned int size_bits;
	char *data;
	atomic_long_t head_lpos;
	atomic_long_t tail_lpos;
};

struct prb_desc_ring {
	unsigned int count_bits;
	struct prb_desc *descs;
	struct printk_info *infos;
	atomic_long_t head_id;
	atomic_long_t tail_id;
	atomic_long_t last_finalized_seq;
};

struct printk_ringbuffer {
	struct prb_desc_ring desc_ring;
	struct prb_data_ring text_data_ring;
	atomic_long_t fail;
};

typedef struct {
	unsigned int sequence;
} seqcount_latch_t;

struct latched_seq {
	seqcount_latch_t latch;
	u64 val[2];
};

#define __LOG_BUF_LEN	(1 << CONFIG_LOG_BUF_SHIFT)
#define PRB_COUNT_BITS	(CONFIG_LOG_BUF_SHIFT - PRB_AVGBITS)

char __log_buf[__LOG_BUF_LEN] __aligned(8) __used;
struct prb_desc _printk_rb_static_descs[1 << PRB_COUNT_BITS] __used;
struct printk_info _printk_rb_static_infos[1 << PRB_COUNT_BITS] __used;

/* The ring's initial state is planted by the model (it is byte-order specific). */
struct printk_ringbuffer printk_rb_static __used = {
	.desc_ring = {
		.count_bits = PRB_COUNT_BITS,
		.descs = _printk_rb_static_descs,
		.infos = _printk_rb_static_infos,
	},
	.text_data_ring = {
		.size_bits = CONFIG_LOG_BUF_SHIFT,
		.data = __log_buf,
	},
};
struct printk_ringbuffer *prb __used = &printk_rb_static;
struct latched_seq clear_seq __used;
char *log_buf __used = __log_buf;
u32 log_buf_len __used = __LOG_BUF_LEN;

/*
 * The older logs in the same __log_buf, planted when the model runs an
 * older kernel (--printk): the 3.5 - 5.9 record ring (kernel/printk/printk.c
 * struct printk_log, CONFIG_PRINTK_CALLER) and the character ring before
 * 3.5 (log_end is an unsigned int from 2.6.25).
 */
struct printk_log {
	u64 ts_nsec;
	u16 len;
	u16 text_len;
	u16 dict_len;
	u8 facility;
	u8 flags:5;
	u8 level:3;
	u32 caller_id;
};

struct printk_log *printk_log_type __used;
u32 log_first_idx __used;
u32 log_next_idx __used;
u32 clear_idx __used;
u64 log_first_seq __used;
u64 log_next_seq __used;
unsigned int log_end __used;
unsigned int logged_chars __used;

/* ---- CPUs and panic state ---- */

struct cpumask __cpu_possible_mask __used;
struct cpumask __cpu_online_mask __used;
struct cpumask __cpu_present_mask __used;
unsigned int nr_cpu_ids __used = NR_CPUS;
int crashing_cpu __used = -1;
atomic_t panic_cpu __used = { -1 };
int panic_timeout __used;
unsigned long jiffies __used;

/* ---- FADump (arch/powerpc/include/asm/fadump-internal.h) ---- */

struct fadump_crash_info_header {
	u64 magic_number;
	u32 version;
	u32 crashing_cpu;
	u64 vmcoreinfo_raddr;
	u64 vmcoreinfo_size;
	u32 pt_regs_sz;
	u32 cpu_mask_sz;
	struct pt_regs regs;
	struct cpumask cpu_mask;
};

struct fadump_memory_range {
	u64 base;
	u64 size;
};

struct fadump_mrange_info {
	char name[16];
	struct fadump_memory_range *mem_ranges;
	u32 mem_ranges_sz;
	u32 mem_range_cnt;
	u32 max_mem_ranges;
	bool is_static;
};

struct fw_dump;
struct seq_file;

struct fadump_ops {
	u64 (*fadump_init_mem_struct)(struct fw_dump *fadump_conf);
	u64 (*fadump_get_metadata_size)(void);
	int (*fadump_setup_metadata)(struct fw_dump *fadump_conf);
	u64 (*fadump_get_bootmem_min)(void);
	int (*fadump_register)(struct fw_dump *fadump_conf);
	int (*fadump_unregister)(struct fw_dump *fadump_conf);
	int (*fadump_invalidate)(struct fw_dump *fadump_conf);
	void (*fadump_cleanup)(struct fw_dump *fadump_conf);
	int (*fadump_process)(struct fw_dump *fadump_conf);
	void (*fadump_region_show)(struct fw_dump *fadump_conf,
				   struct seq_file *m);
	void (*fadump_trigger)(struct fadump_crash_info_header *fdh,
			       const char *msg);
	int (*fadump_max_boot_mem_rgns)(void);
};

struct fw_dump {
	unsigned long reserve_dump_area_start;
	unsigned long reserve_dump_area_size;
	unsigned long reserve_bootvar;

	unsigned long cpu_state_data_size;
	u64 cpu_state_dest_vaddr;
	u32 cpu_state_data_version;
	u32 cpu_state_entry_size;

	unsigned long hpte_region_size;

	unsigned long boot_memory_size;
	u64 boot_mem_dest_addr;
	u64 boot_mem_addr[FADUMP_MAX_MEM_REGS];
	u64 boot_mem_sz[FADUMP_MAX_MEM_REGS];
	u64 boot_mem_top;
	u64 boot_mem_regs_cnt;

	unsigned long fadumphdr_addr;
	u64 elfcorehdr_addr;
	u64 elfcorehdr_size;
	unsigned long cpu_notes_buf_vaddr;
	unsigned long cpu_notes_buf_size;

	unsigned long param_area;

	u64 max_copy_size;
	u64 kernel_metadata;

	int ibm_configure_kernel_dump;

	unsigned long fadump_enabled:1;
	unsigned long fadump_supported:1;
	unsigned long dump_active:1;
	unsigned long dump_registered:1;
	unsigned long nocma:1;
	unsigned long param_area_supported:1;

	struct fadump_ops *ops;
};

struct fw_dump fw_dump __used;
struct fadump_crash_info_header *fdh_ptr __used;
struct fadump_mrange_info crash_mrange_info __used = { "crash", 0, 0, 0, 0, 1 };
struct fadump_mrange_info reserved_mrange_info __used = { "reserved", 0, 0, 0, 0, 1 };
atomic_t cpus_in_fadump __used;

/* pSeries: arch/powerpc/platforms/pseries/rtas-fadump.h */
struct rtas_fadump_section_header {
	__be32 dump_format_version;
	__be16 dump_num_sections;
	__be16 dump_status_flag;
	__be32 offset_first_dump_section;
	__be32 dd_block_size;
	__be64 dd_block_offset;
	__be64 dd_num_blocks;
	__be32 dd_offset_disk_path;
	__be32 max_time_auto;
};

struct rtas_fadump_section {
	__be32 request_flag;
	__be16 source_data_type;
	__be16 error_flags;
	__be64 source_address;
	__be64 source_len;
	__be64 bytes_dumped;
	__be64 destination_address;
};

struct rtas_fadump_mem_struct {
	struct rtas_fadump_section_header header;
	struct rtas_fadump_section rgn[RTAS_FADUMP_MAX_SECTIONS];
};

struct rtas_fadump_reg_save_area_header {
	__be64 magic_number;
	__be32 version;
	__be32 num_cpu_offset;
};

struct rtas_fadump_reg_entry {
	__be64 reg_id;
	__be64 reg_value;
};

struct rtas_fadump_mem_struct fdm __aligned(64) __used;
const struct rtas_fadump_mem_struct *fdm_active __used;

/* PowerNV: arch/powerpc/platforms/powernv/opal-fadump.h */
struct opal_mpipl_region {
	__be64 src;
	__be64 dest;
	__be64 size;
};

struct opal_mpipl_fadump {
	u8 version;
	u8 reserved[7];
	__be32 crashing_pir;
	__be32 cpu_data_version;
	__be32 cpu_data_size;
	__be32 region_cnt;
	struct opal_mpipl_region region[];
} __attribute__((packed));

struct opal_fadump_mem_struct {
	u8 version;
	u8 reserved[3];
	__be16 region_cnt;
	__be16 registered_regions;
	__be64 fadumphdr_addr;
	struct opal_mpipl_region rgn[FADUMP_MAX_MEM_REGS];
} __attribute__((packed));

struct hdat_fadump_thread_hdr {
	__be32 pir;
	u8 core_state;
	u8 reserved[3];
	__be32 offset;
	__be32 ecnt;
	__be32 esize;
	__be32 eactsz;
} __attribute__((packed));

struct hdat_fadump_reg_entry {
	__be32 reg_type;
	__be32 reg_num;
	__be64 reg_val;
} __attribute__((packed));

const struct opal_fadump_mem_struct *opal_fdm_active __used;
const struct opal_mpipl_fadump *opal_cpu_metadata __used;
struct opal_fadump_mem_struct *opal_fdm __used;
struct hdat_fadump_thread_hdr *hdat_thread_hdr_ptr __used;
struct hdat_fadump_reg_entry *hdat_reg_entry_ptr __used;
struct rtas_fadump_reg_save_area_header *rtas_regsave_hdr_ptr __used;
struct rtas_fadump_reg_entry *rtas_reg_entry_ptr __used;

/* ---- functions: bodies only need to exist for symbolization ---- */

__attribute__((section(".head.text"))) void __start(void)
{
	for (;;)
		;
}

static volatile int spin;

noinline void crash_fadump(struct pt_regs *regs, const char *str)
{
	(void)regs;
	(void)str;
	while (spin)
		cpus_in_fadump.counter++;
}

noinline void rtas_os_term(char *str)
{
	(void)str;
	while (spin)
		;
}

noinline void opal_cec_reboot2(u32 reboot_type, const char *diag)
{
	(void)reboot_type;
	(void)diag;
	while (spin)
		;
}

noinline int ppc_panic_event(void *nb, unsigned long event, void *ptr)
{
	(void)nb;
	(void)event;
	crash_fadump(0, ptr);
	return 0;
}

noinline void nmi_stop_this_cpu(struct pt_regs *regs)
{
	(void)regs;
	while (spin)
		;
}

noinline void arch_cpu_idle(void)
{
	while (spin)
		;
}

noinline void do_idle(void)
{
	for (;;)
		arch_cpu_idle();
}

noinline void panic(const char *fmt, ...)
{
	panic_cpu.counter = crashing_cpu;
	ppc_panic_event(0, 0, (void *)fmt);
	rtas_os_term((char *)fmt);
	for (;;)
		;
}

noinline void mount_root(void)
{
	panic("VFS: Unable to mount root fs on unknown-block(0,0)");
}

noinline void start_kernel(void)
{
	mount_root();
	do_idle();
}
