// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_synth.c - the planted crashed-kernel state: the VMCOREINFO note
 * (header by hand from §6.4: namesz 11, type 0, "VMCOREINFO\0" padded to
 * 12, then the text and a zero terminator), its keys, CRASHTIME, the
 * banner and init_uts_ns, the printk ring through the formats decoder,
 * crashing_cpu / panic_cpu / online mask, and content classes.
 */
#include "fa_test.h"

#include "machine.h"
#include "printk.h"
#include "synth.h"
#include "vmcoreinfo.h"

#define KB 0xc000000000000000ULL

static struct machine *mk(int bo, uint32_t page, int era, const char *content)
{
	struct machine_config c;
	struct machine *m;
	struct fa_err e;

	machine_config_init(&c);
	c.byteorder = bo;
	c.page_size = page;
	c.era = era;
	c.ram_size = 64ULL << 20;
	c.ncpus = 4;
	c.crashing_cpu = 1;
	snprintf(c.cmdline, sizeof(c.cmdline), "root=/dev/sda2 fadump=on");
	if (content)
		assert_fa_ok(machine_config_parse_opt(&c, "content", content, &e), &e);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_fa_ok(synth_populate(m, &e), &e);
	return m;
}

/* Read the note at paddr and return its text (malloc'd) and length. */
static char *read_note(struct machine *m, int bo, size_t *len)
{
	uint64_t pa, size;
	uint8_t hdr[24];
	struct fa_err e;
	char *text;

	assert_int_equal(synth_vmcoreinfo(m, &pa, &size), 0);
	assert_int_equal(size, 36 + m->page_size);
	assert_fa_ok(machine_read(m, pa, hdr, 24, &e), &e);
	assert_int_equal(fa_get32(hdr, bo), 11);
	assert_int_equal(fa_get32(hdr + 8, bo), 0);
	assert_memory_equal(hdr + 12, "VMCOREINFO\0\0", 12);
	*len = fa_get32(hdr + 4, bo);
	assert_true(*len > 100 && *len < m->page_size);
	text = malloc(FA_ALIGN_UP(*len, 4) + 12);
	assert_fa_ok(machine_read(m, pa + 24, text, FA_ALIGN_UP(*len, 4) + 12, &e), &e);
	/* the terminator: an all-zero note header */
	assert_memory_equal(text + FA_ALIGN_UP(*len, 4), "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
	return text;
}

static void check_vmcoreinfo(int bo, uint32_t page, int era)
{
	struct machine *m = mk(bo, page, era, NULL);
	struct fa_vmcoreinfo *vi;
	struct fa_err e;
	size_t len;
	char *text = read_note(m, bo, &len);
	uint64_t v, sym;
	int64_t n;

	assert_fa_ok(fa_vmci_parse(text, len, &vi, &e), &e);
	assert_string_equal(fa_vmci_get(vi, "OSRELEASE"), era == FA_ERA_CURRENT ?
			    "6.10.0-fadump-tools-sample" : "6.9.0-fadump-tools-sample");
	assert_int_equal(strlen(fa_vmci_get(vi, "BUILD-ID")), 40);
	assert_int_equal(fa_vmci_u64(vi, "PAGESIZE", 10, &v), 0);
	assert_int_equal(v, page);
	assert_int_equal(fa_vmci_symbol(vi, "_stext", &v), 0);
	assert_int_equal(v, KB);
	assert_int_equal(fa_vmci_symbol(vi, "init_uts_ns", &v), 0);
	assert_int_equal(machine_ksym(m, "init_uts_ns", &sym), 0);
	assert_int_equal(v, sym);
	assert_int_equal(fa_vmci_symbol(vi, "prb", &v), 0);
	assert_int_equal(machine_ksym(m, "prb", &sym), 0);
	assert_int_equal(v, sym);
	assert_int_equal(fa_vmci_symbol(vi, "swapper_pg_dir", &v), 0);
	assert_int_equal(fa_vmci_symbol(vi, "contig_page_data", &v), 0);
	assert_int_equal(fa_vmci_number(vi, "RADIX_MMU", &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fa_vmci_u64(vi, "KERNELOFFSET", 16, &v), 0);
	assert_int_equal(v, 0);
	/* 6.10's prb_desc_ring has last_finalized_seq: text_data_ring at 48 */
	assert_int_equal(fa_vmci_offset(vi, "printk_ringbuffer.text_data_ring", &n), 0);
	assert_int_equal(n, 48);
	assert_null(fa_vmci_get(vi, "CRASHTIME"));
	fa_vmci_free(vi);
	free(text);

	/* crash_save_vmcoreinfo(): CRASHTIME appended, the note rewritten */
	assert_fa_ok(synth_crash_time(m, 1718000000, &e), &e);
	text = read_note(m, bo, &len);
	assert_fa_ok(fa_vmci_parse(text, len, &vi, &e), &e);
	assert_int_equal(fa_vmci_u64(vi, "CRASHTIME", 10, &v), 0);
	assert_int_equal(v, 1718000000);
	assert_memory_equal(text + len - 21, "CRASHTIME=1718000000\n", 21);
	assert_fa_ok(machine_kvar_read(m, "vmcoreinfo_size", NULL, &v, &e), &e);
	assert_int_equal(v, len);
	fa_vmci_free(vi);
	free(text);
	machine_destroy(m);
}

static void test_vmcoreinfo_le64k(void **s) { (void)s; check_vmcoreinfo(FA_LE, 65536, FA_ERA_CURRENT); }
static void test_vmcoreinfo_be4k(void **s) { (void)s; check_vmcoreinfo(FA_BE, 4096, FA_ERA_PRE_6_10); }

static void test_identity(void **state)
{
	int bo;

	(void)state;
	for (bo = FA_LE; bo <= FA_BE; bo++) {
		struct machine *m = mk(bo, 65536, bo == FA_LE ? FA_ERA_CURRENT :
				       FA_ERA_PRE_6_10, NULL);
		struct fa_mem mem;
		struct fa_err e;
		uint64_t va, size;
		char buf[128];

		machine_mem(m, &mem);
		assert_int_equal(machine_ksym(m, "linux_banner", &va), 0);
		assert_fa_ok(mem.read(mem.ctx, FA_KVADDR, va, buf, sizeof(buf), &e), &e);
		assert_memory_equal(buf, bo == FA_LE ?
				    "Linux version 6.10.0-fadump-tools-sample (" :
				    "Linux version 6.9.0-fadump-tools-sample (", bo == FA_LE ? 42 : 41);
		/* struct uts_namespace: name first; new_utsname of 6 x 65 bytes */
		assert_int_equal(machine_ksym(m, "init_uts_ns", &va), 0);
		assert_fa_ok(mem.read(mem.ctx, FA_KVADDR, va, buf, 6, &e), &e);
		assert_string_equal(buf, "Linux");
		assert_fa_ok(mem.read(mem.ctx, FA_KVADDR, va + 2 * 65, buf, 65, &e), &e);
		assert_string_equal(buf, bo == FA_LE ? "6.10.0-fadump-tools-sample" :
				    "6.9.0-fadump-tools-sample");
		assert_fa_ok(mem.read(mem.ctx, FA_KVADDR, va + 4 * 65, buf, 65, &e), &e);
		assert_string_equal(buf, bo == FA_LE ? "ppc64le" : "ppc64");
		assert_fa_ok(machine_kvar_member(m, "init_uts_ns", "name.machine", &va,
						 &size, &e), &e);
		assert_int_equal(size, 65);
		assert_fa_error(mem.read(mem.ctx, FA_KVADDR, 0x1000, buf, 8, &e), &e,
				FA_ERANGE, "0x1000 is not in the linear map");
		machine_destroy(m);
	}
}

static struct fa_printk_log read_log(struct machine *m)
{
	struct fa_printk_log log;
	struct fa_vmcoreinfo *vi;
	struct fa_mem mem;
	struct fa_err e;
	size_t len;
	char *text = read_note(m, m->byteorder, &len);

	assert_fa_ok(fa_vmci_parse(text, len, &vi, &e), &e);
	machine_mem(m, &mem);
	assert_fa_ok(fa_printk_read(&mem, vi, &log, &e), &e);
	fa_vmci_free(vi);
	free(text);
	return log;
}

static size_t find_rec(const struct fa_printk_log *log, const char *prefix)
{
	size_t i;

	for (i = 0; i < log->count; i++)
		if (!strncmp(log->rec[i].text, prefix, strlen(prefix)))
			return i;
	fail_msg("no record starting \"%s\"", prefix);
	return 0;
}

static void check_printk(int bo)
{
	struct machine *m = mk(bo, 4096, FA_ERA_CURRENT, NULL);
	struct fa_printk_log log;
	struct fa_err e;
	size_t i, boot, fad, panic, multi;

	log = read_log(m);
	assert_int_equal(log.format, FA_PRINTK_LOCKLESS);
	assert_true(log.count >= 18);
	assert_memory_equal(log.rec[0].text, "Linux version 6.10.0", 20);
	assert_int_equal(log.rec[0].seq, 0);
	for (i = 1; i < log.count; i++) {
		assert_true(log.rec[i].ts_nsec >= log.rec[i - 1].ts_nsec);
		assert_int_equal(log.rec[i].seq, i);
	}
	boot = find_rec(&log, "Kernel command line: root=/dev/sda2 fadump=on");
	panic = find_rec(&log, "Kernel panic - not syncing: sysrq triggered crash");
	assert_int_equal(log.rec[panic].level, 0);
	assert_int_equal(log.rec[panic].caller_id, 0x80000001u);
	multi = find_rec(&log, "CPU: 1 PID: 1 Comm: swapper/0");
	assert_non_null(strstr(log.rec[multi].text, "\nCall Trace:\n"));
	assert_true(boot < panic && panic < multi);
	fa_printk_log_free(&log);

	/* the first kernel's fadump lines land in timestamp order */
	assert_fa_ok(synth_printk_append(m, 2500000000ULL, 6,
					 "fadump: Reserved 1024MB of memory at 0x00000040000000 (System RAM: 65536MB)\n",
					 &e), &e);
	log = read_log(m);
	fad = find_rec(&log, "fadump: Reserved 1024MB");
	panic = find_rec(&log, "Kernel panic");
	assert_true(fad < panic);
	assert_int_equal(log.rec[fad].ts_nsec, 2500000000ULL);
	assert_int_equal(log.rec[fad].text_len, strlen(log.rec[fad].text));
	assert_null(strchr(log.rec[fad].text, '\n'));
	fa_printk_log_free(&log);

	assert_fa_error(synth_printk_append(m, 1, 9, "x", &e), &e, FA_EINVAL,
			"expected level 0..7, found 9");
	machine_destroy(m);
}

static void test_printk_le(void **s) { (void)s; check_printk(FA_LE); }
static void test_printk_be(void **s) { (void)s; check_printk(FA_BE); }

static void test_printk_full(void **state)
{
	struct machine *m = mk(FA_LE, 4096, FA_ERA_CURRENT, NULL);
	struct fa_err e;
	char line[1000];
	int i, rc = 0;

	(void)state;
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	/* the 64 KiB text ring fills after about 60 of these */
	for (i = 0; i < 200 && !rc; i++)
		rc = synth_printk_append(m, 3000000000ULL + (uint64_t)i, 6, line, &e);
	assert_int_equal(rc, FA_ERANGE);
	assert_non_null(strstr(e.msg, "printk ring full"));
	machine_destroy(m);
}

static void test_crashing_cpu(void **state)
{
	int bo;

	(void)state;
	for (bo = FA_LE; bo <= FA_BE; bo++) {
		struct machine *m = mk(bo, 65536, FA_ERA_CURRENT, NULL);
		struct fa_printk_log log;
		struct fa_err e;
		uint64_t v, va;
		uint8_t w[8];

		assert_fa_ok(machine_kvar_read(m, "crashing_cpu", NULL, &v, &e), &e);
		assert_int_equal(v, 1);
		assert_fa_ok(synth_set_crashing_cpu(m, 3, &e), &e);
		assert_int_equal(m->crashing_cpu, 3);
		assert_fa_ok(machine_kvar_read(m, "crashing_cpu", NULL, &v, &e), &e);
		assert_int_equal(v, 3);
		assert_fa_ok(machine_kvar_read(m, "panic_cpu", "counter", &v, &e), &e);
		assert_int_equal(v, 3);
		assert_string_equal(machine_ksym_name(m, m->cpu[3].pt_regs[PT_NIP], NULL),
				    "crash_fadump");
		assert_string_equal(machine_ksym_name(m, m->cpu[1].pt_regs[PT_NIP], NULL),
				    "arch_cpu_idle");
		log = read_log(m);
		find_rec(&log, "CPU: 3 PID: 1");
		fa_printk_log_free(&log);

		/* online mask: word 0 in the kernel's byte order */
		assert_fa_ok(synth_set_online(m, 2, 0, &e), &e);
		assert_int_equal(machine_ksym(m, "__cpu_online_mask", &va), 0);
		assert_fa_ok(machine_read(m, va - KB, w, 8, &e), &e);
		assert_int_equal(fa_get64(w, bo), 0xb);
		assert_int_equal(machine_ksym(m, "__cpu_possible_mask", &va), 0);
		assert_fa_ok(machine_read(m, va - KB, w, 8, &e), &e);
		assert_int_equal(fa_get64(w, bo), 0xf);
		assert_fa_error(synth_set_crashing_cpu(m, 2, &e), &e, FA_EINVAL,
				"expected an online CPU, CPU 2 is offline");
		assert_fa_error(synth_set_crashing_cpu(m, 4, &e), &e, FA_EINVAL,
				"expected 0..3, found 4");
		machine_destroy(m);
	}
}

static int all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void test_content(void **state)
{
	struct machine *m;
	struct fa_err e;
	uint8_t page[4096];
	uint64_t end;

	(void)state;
	m = mk(FA_LE, 65536, FA_ERA_CURRENT, "zero=100");
	assert_int_equal(machine_ksym(m, "_end", &end), 0);
	assert_fa_ok(machine_read(m, 0x2000000, page, sizeof(page), &e), &e);
	assert_true(all_zero(page, sizeof(page)));
	/* the image itself is loaded: _stext holds code */
	assert_fa_ok(machine_read(m, 0, page, 64, &e), &e);
	assert_false(all_zero(page, 64));
	machine_destroy(m);

	m = mk(FA_LE, 65536, FA_ERA_CURRENT, "text=100");
	assert_fa_ok(machine_read(m, 0x2000000, page, sizeof(page), &e), &e);
	assert_int_equal(page[0], '[');
	assert_non_null(memchr(page, '\n', 200));
	machine_destroy(m);

	m = mk(FA_BE, 65536, FA_ERA_CURRENT, "struct=100");
	assert_fa_ok(machine_read(m, 0x2000000, page, sizeof(page), &e), &e);
	/* a list_head pointing at the next object, big-endian */
	assert_int_equal(fa_get64(page, FA_BE), KB + 0x2000040);
	machine_destroy(m);

	m = mk(FA_LE, 65536, FA_ERA_CURRENT, "random=100");
	assert_fa_ok(machine_read(m, 0x2000000, page, sizeof(page), &e), &e);
	assert_false(all_zero(page, 16));
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmcoreinfo_le64k),
		cmocka_unit_test(test_vmcoreinfo_be4k),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_printk_le),
		cmocka_unit_test(test_printk_be),
		cmocka_unit_test(test_printk_full),
		cmocka_unit_test(test_crashing_cpu),
		cmocka_unit_test(test_content),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
