// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_kernel_kstate.c - the first kernel's FADump state in its memory
 * (kernel/kstate.c): every fw_dump member read back through the image's
 * DWARF equals the model's fw_dump; golden bytes at the offsets of the
 * mini kernel's struct fw_dump worked out by hand from the LP64 rules
 * (ibm_configure_kernel_dump at 2200, the bit-field byte at 2204: bit 0
 * first on LE, the top bit first on BE; boot_mem_addr[] at 72); the
 * pSeries fdm big-endian in both kernel orders (header and section
 * offsets of rtas-fadump.h); PowerNV's opal_fdm pointer; crashing_cpu;
 * the kernel's log lines in the printk ring; a full ring as a model error.
 */
#include "fa_test.h"

#include "fadump.h"
#include "fw_opal.h"
#include "fw_rtas.h"
#include "machine.h"
#include "opal.h"
#include "printk.h"
#include "rtas.h"
#include "synth.h"
#include "vmcoreinfo.h"

#define KB		0xc000000000000000ULL
#define FWD_TOKEN	2200	/* offsetof(struct fw_dump, ibm_configure_kernel_dump) */
#define FWD_BITS	2204	/* the byte holding fadump_enabled.. */
#define FWD_BOOT_MEM_ADDR 72

struct box {
	struct machine *m;
	struct fw_rtas *rtas;
	struct fw_opal *opal;
	struct fadump_kernel *k;
};

static void boot(struct box *b, int plat, int bo, int era, uint32_t page,
		 uint64_t ram)
{
	struct machine_config c;
	struct fa_err e;

	memset(b, 0, sizeof(*b));
	machine_config_init(&c);
	c.platform = plat;
	c.byteorder = bo;
	c.era = era;
	c.page_size = page;
	c.ram_size = ram;
	c.ncpus = 4;
	c.crashing_cpu = 2;
	assert_fa_ok(machine_config_parse_opt(&c, "content", "zero=100", &e), &e);
	snprintf(c.cmdline, sizeof(c.cmdline), "fadump=on");
	assert_fa_ok(machine_create(&c, &b->m, &e), &e);
	assert_fa_ok(synth_populate(b->m, &e), &e);
	if (plat == FA_PLAT_POWERNV)
		assert_fa_ok(fw_opal_create(b->m, NULL, &b->opal, &e), &e);
	else
		assert_fa_ok(fw_rtas_create(b->m, NULL, &b->rtas, &e), &e);
	b->k = calloc(1, sizeof(*b->k));
	assert_non_null(b->k);
	fadump_kernel_init(b->k, b->m, b->opal ? (void *)b->opal :
			   (void *)b->rtas, era, c.cmdline);
	assert_int_equal(fadump_boot_first(b->k), 0);
	assert_int_equal(b->k->fw_dump.dump_registered, 1);
}

static void unbox(struct box *b)
{
	fadump_kernel_free(b->k);
	free(b->k);
	fw_rtas_destroy(b->rtas);
	fw_opal_destroy(b->opal);
	machine_destroy(b->m);
}

static uint64_t kread(struct machine *m, const char *var, const char *member)
{
	struct fa_err e;
	uint64_t v = 0;

	assert_fa_ok(machine_kvar_read(m, var, member, &v, &e), &e);
	return v;
}

/* Every member as the model holds it, read back through the DWARF. */
static void check_fw_dump(struct box *b)
{
	const struct fw_dump *fw = &b->k->fw_dump;
	struct machine *m = b->m;
	char name[64];
	uint64_t i;

	assert_true(kread(m, "fw_dump", "reserve_dump_area_start") == fw->reserve_dump_area_start);
	assert_true(kread(m, "fw_dump", "reserve_dump_area_size") == fw->reserve_dump_area_size);
	assert_true(kread(m, "fw_dump", "reserve_bootvar") == fw->reserve_bootvar);
	assert_true(kread(m, "fw_dump", "cpu_state_data_size") == fw->cpu_state_data_size);
	assert_true(kread(m, "fw_dump", "cpu_state_dest_vaddr") == fw->cpu_state_dest_vaddr);
	assert_true(kread(m, "fw_dump", "cpu_state_data_version") == fw->cpu_state_data_version);
	assert_true(kread(m, "fw_dump", "cpu_state_entry_size") == fw->cpu_state_entry_size);
	assert_true(kread(m, "fw_dump", "hpte_region_size") == fw->hpte_region_size);
	assert_true(kread(m, "fw_dump", "boot_memory_size") == fw->boot_memory_size);
	assert_true(kread(m, "fw_dump", "boot_mem_dest_addr") == fw->boot_mem_dest_addr);
	assert_true(kread(m, "fw_dump", "boot_mem_top") == fw->boot_mem_top);
	assert_true(kread(m, "fw_dump", "boot_mem_regs_cnt") == fw->boot_mem_regs_cnt);
	assert_true(kread(m, "fw_dump", "fadumphdr_addr") == fw->fadumphdr_addr);
	assert_true(kread(m, "fw_dump", "elfcorehdr_addr") == fw->elfcorehdr_addr);
	assert_true(kread(m, "fw_dump", "elfcorehdr_size") == fw->elfcorehdr_size);
	assert_true(kread(m, "fw_dump", "cpu_notes_buf_vaddr") == fw->cpu_notes_buf_vaddr);
	assert_true(kread(m, "fw_dump", "cpu_notes_buf_size") == fw->cpu_notes_buf_size);
	assert_true(kread(m, "fw_dump", "param_area") == fw->param_area);
	assert_true(kread(m, "fw_dump", "max_copy_size") == fw->max_copy_size);
	assert_true(kread(m, "fw_dump", "kernel_metadata") == fw->kernel_metadata);
	assert_true(kread(m, "fw_dump", "ibm_configure_kernel_dump") ==
		    (uint32_t)fw->ibm_configure_kernel_dump);
	assert_true(kread(m, "fw_dump", "fadump_enabled") == fw->fadump_enabled);
	assert_true(kread(m, "fw_dump", "fadump_supported") == fw->fadump_supported);
	assert_true(kread(m, "fw_dump", "dump_active") == fw->dump_active);
	assert_true(kread(m, "fw_dump", "dump_registered") == fw->dump_registered);
	assert_true(kread(m, "fw_dump", "nocma") == fw->nocma);
	assert_true(kread(m, "fw_dump", "param_area_supported") == fw->param_area_supported);
	/* the state is not empty: what crash's fadump-region needs */
	assert_true(fw->reserve_dump_area_size && fw->fadumphdr_addr &&
		    fw->boot_mem_regs_cnt);
	for (i = 0; i <= fw->boot_mem_regs_cnt; i++) {
		snprintf(name, sizeof(name), "boot_mem_addr[%llu]",
			 (unsigned long long)i);
		assert_true(kread(m, "fw_dump", name) == fw->boot_mem_addr[i]);
		snprintf(name, sizeof(name), "boot_mem_sz[%llu]",
			 (unsigned long long)i);
		assert_true(kread(m, "fw_dump", name) == fw->boot_mem_sz[i]);
	}
	assert_true(kread(m, "fw_dump", "boot_mem_sz[127]") == 0);
	assert_true(kread(m, "fdh_ptr", NULL) == KB + fw->fadumphdr_addr);
}

/* Golden bytes at the hand-computed offsets of struct fw_dump. */
static void check_fw_dump_bytes(struct box *b, uint8_t bits)
{
	const struct fw_dump *fw = &b->k->fw_dump;
	int bo = b->m->byteorder;
	uint8_t buf[2216];
	uint64_t va;
	struct fa_err e;

	assert_int_equal(machine_ksym(b->m, "fw_dump", &va), 0);
	assert_fa_ok(machine_read(b->m, va - KB, buf, sizeof(buf), &e), &e);
	assert_true(fa_get64(buf + 0, bo) == fw->reserve_dump_area_start);
	assert_true(fa_get64(buf + 8, bo) == fw->reserve_dump_area_size);
	assert_true(fa_get64(buf + FWD_BOOT_MEM_ADDR + 8 * 128, bo) ==
		    fw->boot_mem_sz[0]);
	assert_true(fa_get32(buf + FWD_TOKEN, bo) ==
		    (uint32_t)fw->ibm_configure_kernel_dump);
	assert_int_equal(buf[FWD_BITS], bits);
	assert_memory_equal(buf + FWD_BITS + 1, "\0\0\0", 3);
	assert_true(fa_get64(buf + 2208, bo) == 0);	/* ops: no table */
}

/* rtas-fadump.h: header 40 bytes, sections of 40, all big-endian. */
static void check_fdm(struct box *b, uint16_t nsec, size_t len)
{
	const struct fw_dump *fw = &b->k->fw_dump;
	struct fa_rtas_fdm d;
	uint8_t buf[440];
	uint64_t va;
	struct fa_err e;
	static const uint8_t hdr[12] = {
		0, 0, 0, 1,		/* dump_format_version */
		0, 0,			/* dump_num_sections: checked below */
		0, 0,			/* dump_status_flag */
		0, 0, 0, 40,		/* offset_first_dump_section */
	};

	assert_int_equal(machine_ksym(b->m, "fdm", &va), 0);
	assert_fa_ok(machine_read(b->m, va - KB, buf, sizeof(buf), &e), &e);
	assert_memory_equal(buf, hdr, 4);
	assert_int_equal((buf[4] << 8) | buf[5], nsec);
	assert_memory_equal(buf + 6, hdr + 6, 6);
	/* rgn[0]: request flag 1, CPU_STATE_DATA 0x0001, dest = area start */
	assert_memory_equal(buf + 40, "\0\0\0\1\0\1\0\0", 8);
	assert_true(fa_get64(buf + 40 + 32, FA_BE) ==
		    FA_ALIGN_DOWN(fw->reserve_dump_area_start, b->k->page_size));
	/* rgn[2]: the (first) boot-memory region, REAL_MODE_REGION 0x0011 */
	assert_memory_equal(buf + 120 + 4, "\0\x11", 2);
	assert_true(fa_get64(buf + 120 + 8, FA_BE) == fw->boot_mem_addr[0]);
	assert_true(fa_get64(buf + 120 + 32, FA_BE) == fw->boot_mem_dest_addr);
	/* nothing past the era's image */
	for (size_t i = len; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	assert_fa_ok(fa_rtas_fdm_decode(buf, sizeof(buf), &d, &e), &e);
	assert_int_equal(d.dump_num_sections, nsec);
	assert_true(d.rgn[1].source_len == fw->hpte_region_size);
}

static struct fa_printk_log read_log(struct machine *m)
{
	struct fa_printk_log log;
	struct fa_vmcoreinfo *vi;
	struct fa_mem mem;
	struct fa_err e;
	uint64_t pa, size;
	uint8_t hdr[24];
	char *text;
	uint32_t len;

	assert_int_equal(synth_vmcoreinfo(m, &pa, &size), 0);
	assert_fa_ok(machine_read(m, pa, hdr, sizeof(hdr), &e), &e);
	len = fa_get32(hdr + 4, m->byteorder);
	text = malloc(len);
	assert_non_null(text);
	assert_fa_ok(machine_read(m, pa + 24, text, len, &e), &e);
	assert_fa_ok(fa_vmci_parse(text, len, &vi, &e), &e);
	machine_mem(m, &mem);
	assert_fa_ok(fa_printk_read(&mem, vi, &log, &e), &e);
	fa_vmci_free(vi);
	free(text);
	return log;
}

static const struct fa_printk_record *find_rec(const struct fa_printk_log *log,
					       const char *prefix)
{
	size_t i;

	for (i = 0; i < log->count; i++)
		if (!strncmp(log->rec[i].text, prefix, strlen(prefix)))
			return &log->rec[i];
	return NULL;
}

static void check_printk(struct box *b, const char *reg_line)
{
	struct fa_printk_log log = read_log(b->m);
	const struct fa_printk_record *res, *reg, *panic;

	res = find_rec(&log, "fadump: Reserved ");
	reg = find_rec(&log, reg_line);
	panic = find_rec(&log, "Kernel panic - not syncing");
	assert_non_null(res);
	assert_non_null(reg);
	assert_non_null(panic);
	assert_int_equal(res->level, 6);
	/* early lines 1 us apart from TS_EARLY, initcall lines from TS_INITCALL */
	assert_true(res->ts_nsec >= FADUMP_PRINTK_TS_EARLY &&
		    res->ts_nsec < FADUMP_PRINTK_TS_EARLY + 100000 &&
		    (res->ts_nsec - FADUMP_PRINTK_TS_EARLY) % 1000 == 0);
	assert_true(reg->ts_nsec >= FADUMP_PRINTK_TS_INITCALL &&
		    reg->ts_nsec < FADUMP_PRINTK_TS_INITCALL + 100000);
	assert_true(res->seq < reg->seq && reg->seq < panic->seq);
	/* pr_debug lines are not in a default kernel's log */
	assert_null(find_rec(&log, "fadump: Registering for firmware-assisted"));
	fa_printk_log_free(&log);
}

static void test_pseries_le(void **state)
{
	struct box b;

	(void)state;
	boot(&b, FA_PLAT_PSERIES, FA_LE, FA_ERA_CURRENT, 65536, 768ULL << 20);
	check_fw_dump(&b);
	/* enabled, supported, -, registered, -, param_area_supported */
	check_fw_dump_bytes(&b, 0x2b);
	/* v6.10: CPU, HPTE, one boot region, PARAM: 4 x 40 bytes */
	check_fdm(&b, 4, 40 + 4 * 40);
	check_printk(&b, "rtas fadump: Registration is successful!");
	/* no CPU has claimed the crash: the variable keeps its planted value */
	assert_int_equal(kread(b.m, "crashing_cpu", NULL), 2);
	/* crash_fadump()'s cmpxchg, then the plant before the trigger */
	b.k->crashing_cpu = 3;
	assert_int_equal(fadump_plant_kernel_state(b.k), 0);
	assert_int_equal(kread(b.m, "crashing_cpu", NULL), 3);
	/* repeating the plant and the sync changes nothing */
	assert_int_equal(fadump_printk_sync(b.k, 0), 0);
	check_printk(&b, "rtas fadump: Registration is successful!");
	unbox(&b);
}

static void test_pseries_be_old(void **state)
{
	struct box b;

	(void)state;
	boot(&b, FA_PLAT_PSERIES, FA_BE, FA_ERA_PRE_6_10, 4096, 768ULL << 20);
	check_fw_dump(&b);
	/* the same members from the top bit: 1,1,0,1,0,0 (no param area) */
	check_fw_dump_bytes(&b, 0xd0);
	/* before v6.10: the 160-byte three-section struct */
	check_fdm(&b, 3, 160);
	check_printk(&b, "rtas fadump: Registration is successful!");
	unbox(&b);
}

static void test_powernv(void **state)
{
	struct fa_opal_fdm fdm;
	struct box b;
	struct fa_err e;
	uint8_t *buf = malloc(FA_OPAL_FDM_SIZE);
	uint64_t md;

	(void)state;
	assert_non_null(buf);
	boot(&b, FA_PLAT_POWERNV, FA_LE, FA_ERA_CURRENT, 65536, 2ULL << 30);
	check_fw_dump(&b);
	md = b.k->fw_dump.kernel_metadata;
	assert_true(md != 0);
	assert_true(kread(b.m, "opal_fdm", NULL) == KB + md);
	assert_true(kread(b.m, "opal_fdm_active", NULL) == 0);
	assert_true(kread(b.m, "fdm", "header.dump_format_version") == 0);
	assert_fa_ok(machine_read(b.m, md, buf, FA_OPAL_FDM_SIZE, &e), &e);
	assert_fa_ok(fa_opal_fdm_decode(buf, FA_OPAL_FDM_SIZE, FA_BE, &fdm, &e), &e);
	assert_true(fdm.fadumphdr_addr == b.k->fw_dump.fadumphdr_addr);
	check_printk(&b, "opal fadump: Registration is successful!");
	free(buf);
	unbox(&b);
}

/* A log the ring cannot hold is a model failure naming the ring. */
static void test_printk_full(void **state)
{
	struct box b;
	char fill[1001];
	int i;

	memset(fill, 'x', 1000);
	fill[1000] = '\0';
	(void)state;
	boot(&b, FA_PLAT_PSERIES, FA_LE, FA_ERA_CURRENT, 65536, 768ULL << 20);
	/* 64 KiB of text: the mini kernel's CONFIG_LOG_BUF_SHIFT 16 ring */
	for (i = 0; i < 80; i++)
		klog(b.k, KLOG_INFO, "fadump: %d %s\n", i, fill);
	assert_int_equal(fadump_printk_sync(b.k, 5000000), -EFAULT);
	assert_int_equal(b.k->err.code, FA_ERANGE);
	assert_non_null(strstr(b.k->err.msg,
			       "planting the kernel's FADump state: printk ring full"));
	unbox(&b);
}

/* No kernel image (--vmlinux none): nothing to plant, no failure. */
static void test_no_image(void **state)
{
	struct machine_config c;
	struct fadump_kernel *k = calloc(1, sizeof(*k));
	struct machine *m;
	struct fa_err e;

	(void)state;
	assert_non_null(k);
	machine_config_init(&c);
	c.ram_size = 64ULL << 20;
	assert_fa_ok(machine_config_parse_opt(&c, "vmlinux", "none", &e), &e);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	fadump_kernel_init(k, m, NULL, FA_ERA_CURRENT, "");
	k->crashing_cpu = 1;
	klog(k, KLOG_INFO, "fadump: a line\n");
	assert_int_equal(fadump_plant_kernel_state(k), 0);
	assert_int_equal(fadump_printk_sync(k, 0), 0);
	assert_int_equal(k->err.code, 0);
	fadump_kernel_free(k);
	free(k);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pseries_le),
		cmocka_unit_test(test_pseries_be_old),
		cmocka_unit_test(test_powernv),
		cmocka_unit_test(test_printk_full),
		cmocka_unit_test(test_no_image),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
