// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_machine.c - the simulated machine: options and memory map, sparse
 * RAM with holes, kernel variables at their DWARF offsets, CPUs, device
 * tree, capture boot and --save-machine.
 *
 * Needs the mini kernel images (make builds them; FA_MINIKERNEL_DIR points
 * elsewhere).  Golden offsets below are counted by hand from the kernel's
 * struct fw_dump (fadump-internal.h): eleven 8-byte fields and two 4-byte
 * ones before boot_mem_addr[128] at 72, boot_mem_sz at 1096, boot_mem_top
 * at 2120, ibm_configure_kernel_dump (int) at 2200, and the bit-fields in
 * the upper half of that 8-byte unit, from byte 2204.
 */
#include "fa_test.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfcore.h"
#include "machine.h"
#include "prstatus.h"
#include "qemu.h"
#include "synth.h"

#define KB 0xc000000000000000ULL

static void cfg_small(struct machine_config *c, int bo)
{
	struct fa_err e;

	machine_config_init(c);
	c->byteorder = bo;
	c->ram_size = 32ULL << 20;
	assert_fa_ok(machine_config_parse_opt(c, "cpus", "8", &e), &e);
}

static struct machine *mk(int bo)
{
	struct machine_config c;
	struct machine *m;
	struct fa_err e;

	cfg_small(&c, bo);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	return m;
}

static void test_memparse(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(machine_memparse("4K", &v, NULL), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(machine_memparse("0x10M", &v, NULL), 0);
	assert_int_equal(v, 16ULL << 20);
	assert_int_equal(machine_memparse("2g", &v, NULL), 0);
	assert_int_equal(v, 2ULL << 30);
	assert_int_equal(machine_memparse("16Q", &v, NULL), -1);
	assert_int_equal(machine_memparse("", &v, NULL), -1);
	assert_int_equal(machine_memparse("0xffffffffffffffffK", &v, NULL), -1);
}

static void test_memmap_sort_merge(void **state)
{
	struct fa_range r[8];
	struct fa_err e;
	int n;

	(void)state;
	/* out of order, one overlap, one adjacency, one separate range */
	assert_fa_ok(machine_parse_ranges("4G:1G,0:1G,0x20000000:1G,0x60000000:256M",
					  r, 8, &n, "memmap", &e), &e);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].base, 0);
	assert_int_equal(r[0].size, 0x70000000);
	assert_int_equal(r[1].base, 4ULL << 30);
	assert_int_equal(r[1].size, 1ULL << 30);
}

static void test_memmap_bad(void **state)
{
	struct fa_range r[2];
	struct fa_err e;
	int n;

	(void)state;
	assert_fa_error(machine_parse_ranges("0:0", r, 2, &n, "memmap", &e), &e,
			FA_EINVAL, "--memmap: expected a non-zero size, found \"0:0\"");
	assert_fa_error(machine_parse_ranges("1G", r, 2, &n, "memmap", &e), &e,
			FA_EINVAL, "--memmap: expected BASE:SIZE, found \"1G\"");
	assert_fa_error(machine_parse_ranges("0:1G,zz", r, 2, &n, "memmap", &e),
			&e, FA_EINVAL, "found \"zz\"");
	assert_fa_error(machine_parse_ranges("0x1001:4K", r, 2, &n, "memmap", &e),
			&e, FA_EINVAL, "4 KiB-aligned base and size, found 0x1001:0x1000");
	assert_fa_error(machine_parse_ranges("0xfffffffffff00000:1G", r, 2, &n,
					     "reserved-ranges", &e),
			&e, FA_EINVAL, "--reserved-ranges: range 0xfffffffffff00000+0x40000000 ends beyond");
	assert_fa_error(machine_parse_ranges("0:4K,8K:4K,16K:4K", r, 2, &n,
					     "memmap", &e),
			&e, FA_EINVAL, "expected at most 2 ranges");
	assert_fa_error(machine_parse_ranges("", r, 2, &n, "memmap", &e), &e,
			FA_EINVAL, "found an empty value");
}

static void test_options(void **state)
{
	struct machine_config c;
	struct fa_err e;

	(void)state;
	machine_config_init(&c);
	assert_fa_ok(machine_config_parse_opt(&c, "platform", "powernv", &e), &e);
	assert_int_equal(c.platform, FA_PLAT_POWERNV);
	assert_fa_ok(machine_config_parse_opt(&c, "page-size", "4K", &e), &e);
	assert_int_equal(c.page_size, 4096);
	assert_fa_ok(machine_config_parse_opt(&c, "endian", "be", &e), &e);
	assert_int_equal(c.byteorder, FA_BE);
	assert_fa_ok(machine_config_parse_opt(&c, "era", "pre-6.10", &e), &e);
	assert_int_equal(c.era, FA_ERA_PRE_6_10);
	assert_fa_ok(machine_config_parse_opt(&c, "content",
					      "zero=10,text=20,struct=30,random=40", &e), &e);
	assert_int_equal(c.content_random, 40);
	assert_fa_ok(machine_config_parse_opt(&c, "seed", "0x1234", &e), &e);
	assert_int_equal(c.seed, 0x1234);
	assert_fa_ok(machine_config_parse_opt(&c, "crashing-cpu", "3", &e), &e);
	assert_int_equal(c.crashing_cpu, 3);

	assert_fa_error(machine_config_parse_opt(&c, "platform", "x86", &e), &e,
			FA_EINVAL, "--platform: expected pseries, powernv or phyp, found \"x86\"");
	assert_fa_error(machine_config_parse_opt(&c, "page-size", "8K", &e), &e,
			FA_EINVAL, "--page-size: expected 4K, 64K, 4096 or 65536, found \"8K\"");
	assert_fa_error(machine_config_parse_opt(&c, "content", "zero=50,text=40", &e),
			&e, FA_EINVAL, "summing to 100, found 90");
	assert_fa_error(machine_config_parse_opt(&c, "content", "zero=50,blue=50", &e),
			&e, FA_EINVAL, "--content: expected zero=P");
	assert_fa_error(machine_config_parse_opt(&c, "cpus", "0", &e), &e,
			FA_EINVAL, "--cpus: expected 1..2048, found 0");
	assert_fa_error(machine_config_parse_opt(&c, "ram", "12345", &e), &e,
			FA_EINVAL, "--ram: expected a 4 KiB-aligned size");
	assert_fa_error(machine_config_parse_opt(&c, "seed", "abc", &e), &e,
			FA_EINVAL, "--seed: expected a number, found \"abc\"");
	assert_fa_error(machine_config_parse_opt(&c, "colour", "red", &e), &e,
			FA_ENOENT, "--colour: not a machine option");
	/* the CLI asks which names take a value: exactly those parsed here */
	{
		static const char *const names[] = {
			"platform", "ram", "cpus", "page-size", "endian", "era",
			"kernel-era", "cmdline", "memmap", "reserved-ranges",
			"crashing-cpu", "seed", "content", "vmlinux",
			"from-qemu",
		};
		struct machine_config scratch;
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
			machine_config_init(&scratch);
			assert_true(machine_config_has_opt(names[i]));
			assert_int_not_equal(machine_config_parse_opt(&scratch,
					     names[i], "", &e), FA_ENOENT);
		}
		assert_false(machine_config_has_opt("colour"));
		assert_false(machine_config_has_opt("output"));
		assert_false(machine_config_has_opt(""));
	}
	c.crashing_cpu = 9;
	c.ncpus = 4;
	{
		struct machine *m;

		assert_fa_error(machine_create(&c, &m, &e), &e, FA_EINVAL,
				"--crashing-cpu: expected -1 or 0..3, found 9");
		assert_null(m);
	}
}

static void test_ram_holes(void **state)
{
	struct machine_config c;
	struct machine *m;
	struct fa_err e;
	uint8_t buf[64], out[64];

	(void)state;
	cfg_small(&c, FA_LE);
	assert_fa_ok(machine_config_parse_opt(&c, "memmap", "0:16M,0x2000000:16M", &e), &e);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_int_equal(m->nr_mem, 2);
	assert_int_equal(m->mem_end, 0x3000000);
	assert_int_equal(m->phys_mem_size, 32ULL << 20);
	/* a read that runs off the first range names the first hole byte */
	assert_fa_error(machine_read(m, 0xffffe0, buf, 64, &e), &e, FA_ERANGE,
			"physical address 0x1000000 is not RAM (read of 0x40 bytes at 0xffffe0)");
	assert_fa_error(machine_write(m, 0x3000000, buf, 1, &e), &e, FA_ERANGE,
			"physical address 0x3000000 is not RAM (write");
	assert_fa_error(machine_zero(m, 0x1800000, 4096, &e), &e, FA_ERANGE,
			"0x1800000 is not RAM");
	assert_int_equal(machine_is_ram(m, 0x2000000, 0x1000000), 1);
	assert_int_equal(machine_is_ram(m, 0xfff000, 0x2000), 0);
	/* untouched RAM without content reads as zeros; writes stick */
	memset(buf, 0xa5, sizeof(buf));
	assert_fa_ok(machine_read(m, 0x2000000, out, 64, &e), &e);
	assert_int_equal(out[0] | out[63], 0);
	assert_fa_ok(machine_write(m, 0x2000ff0, buf, 64, &e), &e);
	assert_fa_ok(machine_read(m, 0x2000ff0, out, 64, &e), &e);
	assert_memory_equal(buf, out, 64);
	assert_fa_ok(machine_zero(m, 0x2000000, 0x2000, &e), &e);
	assert_fa_ok(machine_read(m, 0x2000ff0, out, 64, &e), &e);
	assert_int_equal(out[0] | out[20] | out[63], 0);
	machine_destroy(m);
}

static void test_kvar_golden(int bo)
{
	struct machine *m = mk(bo);
	struct fa_err e;
	uint64_t fw, v, va, size;
	uint8_t b[8];

	assert_int_equal(machine_ksym(m, "fw_dump", &fw), 0);
	assert_true(fw > KB);
	assert_fa_ok(machine_kvar_write(m, "fw_dump", "boot_mem_top",
					0x1122334455667788ULL, &e), &e);
	assert_fa_ok(machine_read(m, fw - KB + 2120, b, 8, &e), &e);
	if (bo == FA_LE)
		assert_memory_equal(b, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
	else
		assert_memory_equal(b, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	/* an array element */
	assert_fa_ok(machine_kvar_member(m, "fw_dump", "boot_mem_addr[3]", &va,
					 &size, &e), &e);
	assert_int_equal(va, fw + 72 + 3 * 8);
	assert_int_equal(size, 8);
	assert_fa_ok(machine_kvar_member(m, "fw_dump", "boot_mem_sz", &va, &size, &e), &e);
	assert_int_equal(va, fw + 1096);
	assert_int_equal(size, 1024);
	/* a bit-field: dump_active is bit 2 of the unit after the int */
	assert_fa_ok(machine_kvar_write(m, "fw_dump", "dump_active", 1, &e), &e);
	assert_fa_ok(machine_read(m, fw - KB + 2204, b, 1, &e), &e);
	assert_int_equal(b[0], bo == FA_LE ? 0x04 : 0x20);
	assert_fa_ok(machine_kvar_write(m, "fw_dump", "fadump_enabled", 1, &e), &e);
	assert_fa_ok(machine_read(m, fw - KB + 2204, b, 1, &e), &e);
	assert_int_equal(b[0], bo == FA_LE ? 0x05 : 0xa0);
	assert_fa_ok(machine_kvar_read(m, "fw_dump", "dump_active", &v, &e), &e);
	assert_int_equal(v, 1);
	assert_fa_ok(machine_kvar_write(m, "fw_dump", "ibm_configure_kernel_dump",
					0x2f, &e), &e);
	assert_fa_ok(machine_read(m, fw - KB + 2200, b, 4, &e), &e);
	assert_int_equal(fa_get32(b, bo), 0x2f);
	/* crashing_cpu is an int: -1 fits */
	assert_fa_ok(machine_kvar_write(m, "crashing_cpu", NULL, (uint64_t)-1, &e), &e);
	assert_fa_ok(machine_kvar_read(m, "crashing_cpu", NULL, &v, &e), &e);
	assert_int_equal(v, 0xffffffffULL);

	assert_fa_error(machine_kvar_write(m, "fw_dump", "dump_active", 2, &e),
			&e, FA_ERANGE, "fw_dump.dump_active: value 0x2 does not fit in 1 bits");
	assert_fa_error(machine_kvar_write(m, "fw_dump", "no_such_field", 1, &e),
			&e, FA_ENOENT, "no member \"no_such_field\" in fw_dump");
	assert_fa_error(machine_kvar_write(m, "no_such_var", NULL, 1, &e), &e,
			FA_ENOENT, "no_such_var: no such symbol");
	assert_fa_error(machine_kvar_write(m, "fw_dump", "boot_mem_addr[128]", 1, &e),
			&e, FA_ERANGE, "index 128 beyond the array's 128 elements");
	assert_fa_error(machine_kvar_write(m, "fw_dump", "boot_mem_sz", 1, &e),
			&e, FA_EINVAL, "expected a 1, 2, 4 or 8-byte member, found 1024 bytes");
	machine_destroy(m);
}

static void test_kvar_le(void **state) { (void)state; test_kvar_golden(FA_LE); }
static void test_kvar_be(void **state) { (void)state; test_kvar_golden(FA_BE); }

static void test_cpus(void **state)
{
	int bo;

	(void)state;
	for (bo = FA_LE; bo <= FA_BE; bo++) {
		struct machine *m = mk(bo);
		uint64_t stk, stk_size, off;
		uint32_t i;
		const char *s;

		assert_int_equal(m->ncpus, 8);
		assert_true(m->crashing_cpu < 8);
		assert_int_equal(machine_ksym(m, "init_stack", &stk), 0);
		assert_int_equal(machine_ksym_size(m, "init_stack", &stk_size), 0);
		for (i = 0; i < m->ncpus; i++) {
			const struct machine_cpu *c = &m->cpu[i];

			assert_int_equal(c->cpu, i);
			assert_int_equal(c->pir, machine_cpu_pir(i));
			assert_int_equal(c->online, 1);
			assert_int_equal(c->pt_regs[PT_MSR], bo == FA_LE ?
					 0x8000000000001033ULL : 0x8000000000001032ULL);
			assert_true(c->pt_regs[PT_R1] >= stk &&
				    c->pt_regs[PT_R1] < stk + stk_size);
			assert_int_equal(c->pt_regs[PT_R1] & 15, 0);
			assert_int_equal(c->nfw, 77);
			s = machine_ksym_name(m, c->pt_regs[PT_NIP], &off);
			assert_non_null(s);
			assert_string_equal(s, i == m->crashing_cpu ? "crash_fadump" :
					    "arch_cpu_idle");
			assert_true(off > 0);
			s = machine_ksym_name(m, c->pt_regs[PT_LINK], &off);
			assert_string_equal(s, i == m->crashing_cpu ? "ppc_panic_event" :
					    "do_idle");
			/* fw[32] is NIA; the crashing CPU is in the RTAS os-term call */
			assert_int_equal(c->fw[32].id, 0x4E49410000000000ULL);
			assert_int_equal(c->fw[32].type, 2);
			assert_int_equal(c->fw[32].sprn, 2000);
			s = machine_ksym_name(m, c->fw[32].value, &off);
			assert_string_equal(s, i == m->crashing_cpu ? "rtas_os_term" :
					    "arch_cpu_idle");
		}
		assert_int_equal(machine_cpu_pir(5), 5);
		assert_int_equal(machine_cpu_pir(24 * 4 + 1), 0x101);
		machine_destroy(m);
	}
}

static void test_ksym(void **state)
{
	struct machine *m = mk(FA_BE);
	uint64_t v;

	(void)state;
	assert_int_equal(machine_ksym(m, "_stext", &v), 0);
	assert_int_equal(v, KB);
	assert_int_equal(machine_ksym(m, "_end", &v), 0);
	assert_true(v > KB + 0x20000);
	assert_int_equal(machine_ksym(m, "not_a_symbol", &v), FA_ENOENT);
	machine_destroy(m);
}

static void test_image_mismatch(void **state)
{
	struct machine_config c;
	struct machine *m;
	struct fa_err e;
	char path[4200];

	(void)state;
	cfg_small(&c, FA_LE);
	assert_int_equal(machine_image_path(FA_BE, path, sizeof(path)), 0);
	assert_fa_ok(machine_config_parse_opt(&c, "vmlinux", path, &e), &e);
	assert_fa_error(machine_create(&c, &m, &e), &e, FA_EENDIAN,
			"expected a little-endian image (--endian le), found big-endian");
	assert_fa_ok(machine_config_parse_opt(&c, "vmlinux", "/nonexistent/vmlinux", &e), &e);
	assert_fa_error(machine_create(&c, &m, &e), &e, FA_EIO,
			"kernel image /nonexistent/vmlinux: No such file");
	/* "none": a machine without an image */
	assert_fa_ok(machine_config_parse_opt(&c, "vmlinux", "none", &e), &e);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_int_equal(machine_ksym(m, "_stext", &(uint64_t){ 0 }), FA_ENOENT);
	assert_fa_error(machine_kvar_write(m, "fw_dump", "dump_active", 1, &e), &e,
			FA_ENOENT, "the machine has no kernel image");
	machine_destroy(m);
}

static void test_dt(void **state)
{
	struct machine *m = mk(FA_LE);
	struct fa_err e;
	uint32_t v32;
	const char *dir = fa_test_tmpdir();
	char path[512];
	uint8_t *buf;
	size_t len;

	(void)state;
	/* pSeries defaults */
	assert_int_equal(machine_dt_get_u32(m, "/rtas/ibm,configure-kernel-dump", 0,
					    &v32), 0);
	assert_int_equal(machine_dt_get_u32(m, "/rtas/ibm,configure-kernel-dump-sizes",
					    0, &v32), 0);
	assert_int_equal(v32, 1);
	assert_int_equal(machine_dt_get_u32(m, "/rtas/ibm,configure-kernel-dump-sizes",
					    2, &v32), 0);
	/* 16 + 12 + 4 + 8 CPUs x 79 entries x 16 bytes */
	assert_int_equal(v32, 16 + 12 + 4 + 8 * 79 * 16);
	assert_int_equal(machine_dt_get_u32(m, "/rtas/ibm,configure-kernel-dump-sizes",
					    3, &v32), 0);
	assert_int_equal(v32, 2);
	/* set, replace, get, remove */
	assert_fa_ok(machine_dt_set(m, "/rtas/ibm,kernel-dump", "abc", 3, &e), &e);
	assert_fa_ok(machine_dt_set(m, "/rtas/ibm,kernel-dump", "wxyz", 4, &e), &e);
	assert_memory_equal(machine_dt_get(m, "/rtas/ibm,kernel-dump", &len), "wxyz", 4);
	assert_int_equal(len, 4);
	assert_fa_error(machine_dt_set(m, "rtas/x", "a", 1, &e), &e, FA_EINVAL,
			"expected a path like /node/property, found \"rtas/x\"");
	assert_fa_error(machine_dt_set(m, "/a/../b", "a", 1, &e), &e, FA_EINVAL,
			"found \"/a/../b\"");
	/* the proc/device-tree layout */
	snprintf(path, sizeof(path), "%s/proc/device-tree", dir);
	assert_fa_ok(machine_dt_write_tree(m, path, &e), &e);
	snprintf(path, sizeof(path), "%s/proc/device-tree/rtas/ibm,kernel-dump", dir);
	assert_fa_ok(fa_read_file(path, &buf, &len, 1 << 20, &e), &e);
	assert_int_equal(len, 4);
	assert_memory_equal(buf, "wxyz", 4);
	free(buf);
	assert_int_equal(machine_dt_remove(m, "/rtas/ibm,kernel-dump"), 0);
	assert_null(machine_dt_get(m, "/rtas/ibm,kernel-dump", NULL));
	assert_int_equal(machine_dt_remove(m, "/rtas/ibm,kernel-dump"), FA_ENOENT);
	machine_destroy(m);
}

static void test_dt_powernv(void **state)
{
	struct machine_config c;
	struct machine *m;
	struct fa_err e;
	uint64_t v;
	size_t len;

	(void)state;
	cfg_small(&c, FA_BE);
	c.ram_size = 2ULL << 30;
	assert_fa_ok(machine_config_parse_opt(&c, "platform", "powernv", &e), &e);
	assert_fa_ok(machine_create(&c, &m, &e), &e);
	assert_string_equal(machine_dt_get(m, "/ibm,opal/dump/compatible", &len),
			    "ibm,opal-dump");
	assert_int_equal(machine_dt_get_u64(m, "/ibm,opal/dump/fw-load-area", 2, &v), 0);
	assert_int_equal(v, 0x28000000);
	assert_int_equal(machine_dt_get_u64(m, "/ibm,opal/opal-base-address", 0, &v), 0);
	assert_int_equal(v, 0x30000000);
	assert_int_equal(machine_dt_get_u64(m, "/reserved-ranges", 0, &v), 0);
	assert_int_equal(v, 0x30000000);
	assert_null(machine_dt_get(m, "/rtas/ibm,configure-kernel-dump", NULL));
	machine_destroy(m);
}

static void fill_all(struct machine *m, uint8_t *out)
{
	struct fa_err e;

	assert_fa_ok(machine_read(m, 0, out, m->mem_end, &e), &e);
}

static void test_determinism(void **state)
{
	struct machine_config c;
	struct machine *a, *b;
	struct fa_err e;
	uint8_t *ra, *rb;
	size_t sz = 32u << 20;

	(void)state;
	cfg_small(&c, FA_LE);
	assert_fa_ok(machine_create(&c, &a, &e), &e);
	assert_fa_ok(machine_create(&c, &b, &e), &e);
	assert_fa_ok(synth_populate(a, &e), &e);
	assert_fa_ok(synth_populate(b, &e), &e);
	ra = malloc(sz);
	rb = malloc(sz);
	fill_all(a, ra);
	fill_all(b, rb);
	assert_memory_equal(ra, rb, sz);
	assert_memory_equal(a->cpu, b->cpu, sizeof(*a->cpu) * a->ncpus);
	machine_destroy(b);
	c.seed = 2;
	assert_fa_ok(machine_create(&c, &b, &e), &e);
	assert_fa_ok(synth_populate(b, &e), &e);
	fill_all(b, rb);
	assert_memory_not_equal(ra + (16u << 20), rb + (16u << 20), 1u << 20);
	machine_destroy(a);
	machine_destroy(b);
	free(ra);
	free(rb);
}

static void test_capture_boot(void **state)
{
	struct machine *m = mk(FA_LE);
	struct fa_err e;
	uint8_t before[4096], after[4096], hi0[4096], hi1[4096];

	(void)state;
	assert_fa_ok(synth_populate(m, &e), &e);
	assert_fa_ok(machine_read(m, 0x10000, before, 4096, &e), &e);
	assert_fa_ok(machine_read(m, 0x1800000, hi0, 4096, &e), &e);
	assert_fa_ok(machine_capture_boot(m, 0x1000000, &e), &e);
	assert_fa_ok(machine_read(m, 0x10000, after, 4096, &e), &e);
	assert_memory_not_equal(before, after, 4096);
	assert_memory_equal(after, "capture kernel page 0x10000", 27);
	/* an untouched page below the top reads as capture data too */
	assert_fa_ok(machine_read(m, 0xfff000, after, 4096, &e), &e);
	assert_memory_equal(after, "capture kernel page 0xfff000", 28);
	assert_fa_ok(machine_read(m, 0x1800000, hi1, 4096, &e), &e);
	assert_memory_equal(hi0, hi1, 4096);
	machine_destroy(m);
}

static void test_save(void **state)
{
	int bo;

	(void)state;
	for (bo = FA_LE; bo <= FA_BE; bo++) {
		struct machine *m = mk(bo);
		struct fa_elfcore *core;
		struct fa_prstatus p;
		struct fa_err e;
		char path[512];
		uint8_t a[256], b[256];
		struct stat st;

		assert_fa_ok(synth_populate(m, &e), &e);
		snprintf(path, sizeof(path), "%s/machine-%d.core", fa_test_tmpdir(), bo);
		assert_fa_ok(machine_save(m, path, &e), &e);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_fa_ok(fa_elfcore_open_path(&core, path, 0, &e), &e);
		assert_int_equal(core->byteorder, bo);
		assert_int_equal(core->e_machine, FA_EM_PPC64);
		assert_int_equal(core->nloads, 1);
		assert_int_equal(core->loads[0].paddr, 0);
		assert_int_equal(core->loads[0].vaddr, KB);
		assert_int_equal(core->loads[0].memsz, 32u << 20);
		assert_int_equal(core->nprstatus, 8);
		assert_fa_ok(fa_prstatus_decode(core->prstatus[m->crashing_cpu].desc,
						core->prstatus[m->crashing_cpu].descsz,
						bo, FA_EM_PPC64, &p, &e), &e);
		assert_int_equal(p.reg[FA_PT_NIP], m->cpu[m->crashing_cpu].pt_regs[PT_NIP]);
		assert_non_null(core->vmcoreinfo);
		assert_memory_equal(core->vmcoreinfo, "OSRELEASE=", 10);
		assert_fa_ok(fa_elfcore_read_phys(core, 0x1234560, a, sizeof(a), &e), &e);
		assert_fa_ok(machine_read(m, 0x1234560, b, sizeof(b), &e), &e);
		assert_memory_equal(a, b, sizeof(a));
		fa_elfcore_close(core);
		machine_destroy(m);
	}
}

/*
 * A QEMU 7.2-like guest dump, by hand: big-endian ELF for a little-endian
 * guest, e_ehsize 8, bogus section header fields, one PT_NOTE with per-CPU
 * NT_PRSTATUS (and an FP note to ignore), RAM split over two PT_LOADs.
 */
static void write_qemu_elf(struct machine *src, const char *path, int nprs)
{
	const uint64_t half = src->mem_end / 2, data_off = 0x10000;
	size_t total = data_off + src->mem_end, pos;
	uint8_t *f = calloc(1, total), desc[FA_PRSTATUS_PPC64_SIZE], fp[264];
	struct fa_elf_ehdr h = {
		.byteorder = FA_BE, .type = FA_ET_CORE, .machine = FA_EM_PPC64,
		.version = 1, .phoff = 64, .shoff = 0xdead, .ehsize = 8,
		.phentsize = 56, .phnum = 3, .shentsize = 64, .shnum = 9,
	};
	struct fa_elf_phdr ph[3];
	struct fa_err e;
	int i;

	assert_non_null(f);
	fa_elf_ehdr_encode(f, &h);
	pos = 64 + 3 * 56;
	memset(fp, 0, sizeof(fp));
	for (i = 0; i < nprs; i++) {
		struct fa_prstatus p;

		memset(&p, 0, sizeof(p));
		p.pid = i + 1;
		p.nreg = 48;
		memcpy(p.reg, src->cpu[i].pt_regs, sizeof(p.reg));
		assert_int_equal(fa_prstatus_encode(desc, sizeof(desc), FA_BE,
						    FA_EM_PPC64, &p, &e),
				 FA_PRSTATUS_PPC64_SIZE);
		pos += fa_note_put(f + pos, FA_BE, "CORE", FA_NT_PRSTATUS, desc,
				   sizeof(desc));
		pos += fa_note_put(f + pos, FA_BE, "CORE", FA_NT_PRFPREG, fp,
				   sizeof(fp));
	}
	memset(ph, 0, sizeof(ph));
	ph[0].type = FA_PT_NOTE;
	ph[0].offset = 64 + 3 * 56;
	ph[0].filesz = pos - ph[0].offset;
	for (i = 1; i < 3; i++) {
		ph[i].type = FA_PT_LOAD;
		ph[i].offset = data_off + (uint64_t)(i - 1) * half;
		ph[i].paddr = (uint64_t)(i - 1) * half;
		ph[i].vaddr = 0;
		ph[i].filesz = ph[i].memsz = half;
	}
	for (i = 0; i < 3; i++)
		fa_elf_phdr_encode(f + 64 + 56 * i, FA_BE, &ph[i]);
	assert_fa_ok(machine_read(src, 0, f + data_off, src->mem_end, &e), &e);
	assert_fa_ok(fa_write_file(path, f, total, &e), &e);
	free(f);
}

static void qemu_cfg(struct machine_config *c, const char *guest)
{
	struct fa_err e;

	machine_config_init(c);
	assert_fa_ok(machine_config_parse_opt(c, "from-qemu", guest, &e), &e);
	assert_int_equal(machine_image_path(FA_LE, c->vmlinux, sizeof(c->vmlinux)), 0);
}

static void test_qemu(void **state)
{
	struct machine_config c;
	struct machine *src, *m;
	struct fa_err e;
	char path[512];
	uint8_t a[4096], b[4096];
	uint64_t pa_src, pa, sz;
	uint32_t i;

	(void)state;
	cfg_small(&c, FA_LE);
	c.ncpus = 4;
	c.page_size = 4096;
	c.crashing_cpu = 2;
	assert_fa_ok(machine_create(&c, &src, &e), &e);
	assert_fa_ok(synth_populate(src, &e), &e);
	/* as the Debian guest leaves it: only the panicking CPU online */
	assert_fa_ok(synth_set_online(src, 0, 0, &e), &e);
	assert_fa_ok(synth_set_online(src, 1, 0, &e), &e);
	assert_fa_ok(synth_set_online(src, 3, 0, &e), &e);
	snprintf(path, sizeof(path), "%s/guest.elf", fa_test_tmpdir());
	write_qemu_elf(src, path, 4);

	qemu_cfg(&c, path);
	assert_fa_ok(qemu_machine_create(&c, &m, &e), &e);
	assert_int_equal(m->byteorder, FA_LE);
	assert_int_equal(m->nr_mem, 1);
	assert_int_equal(m->mem_end, src->mem_end);
	assert_int_equal(m->page_size, 4096);	/* from the guest's VMCOREINFO */
	assert_int_equal(m->ncpus, 4);
	assert_int_equal(m->crashing_cpu, 2);
	for (i = 0; i < 4; i++) {
		assert_int_equal(m->cpu[i].online, i == 2);
		assert_memory_equal(m->cpu[i].pt_regs, src->cpu[i].pt_regs,
				    sizeof(src->cpu[i].pt_regs));
		assert_int_equal(m->cpu[i].fw[32].value, src->cpu[i].pt_regs[PT_NIP]);
	}
	assert_fa_ok(machine_read(m, 0x1fff000, a, sizeof(a), &e), &e);
	assert_fa_ok(machine_read(src, 0x1fff000, b, sizeof(b), &e), &e);
	assert_memory_equal(a, b, sizeof(a));
	assert_int_equal(synth_vmcoreinfo(src, &pa_src, &sz), 0);
	assert_int_equal(synth_vmcoreinfo(m, &pa, &sz), 0);
	assert_int_equal(pa, pa_src);
	assert_int_equal(sz, 36 + 4096);
	/* writes land in the machine, not in the guest file */
	assert_fa_ok(machine_write(m, 0x1fff000, "model", 5, &e), &e);
	assert_fa_ok(machine_read(m, 0x1fff000, a, 5, &e), &e);
	assert_memory_equal(a, "model", 5);
	machine_destroy(m);

	/* malformed: no CPU notes, not ELF, no vmlinux */
	write_qemu_elf(src, path, 0);
	assert_fa_error(qemu_machine_create(&c, &m, &e), &e, FA_ECORRUPT,
			"expected 1..2048 NT_PRSTATUS notes, found 0");
	memset(a, 'x', 100);
	assert_fa_ok(fa_write_file(path, a, 100, &e), &e);
	assert_fa_error(qemu_machine_create(&c, &m, &e), &e, FA_EMAGIC, "guest.elf");
	c.vmlinux[0] = 0;
	assert_fa_error(qemu_machine_create(&c, &m, &e), &e, FA_EINVAL,
			"--from-qemu: expected a guest ELF and --vmlinux VMLINUX");
	machine_destroy(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_memmap_sort_merge),
		cmocka_unit_test(test_memmap_bad),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_ram_holes),
		cmocka_unit_test(test_kvar_le),
		cmocka_unit_test(test_kvar_be),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_ksym),
		cmocka_unit_test(test_image_mismatch),
		cmocka_unit_test(test_dt),
		cmocka_unit_test(test_dt_powernv),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_capture_boot),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_qemu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
