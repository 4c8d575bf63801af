// SPDX-License-Identifier: GPL-2.0-or-later
/* test_crashinfo.c - struct fadump_crash_info_header codec (§5.1). */
#include "fa_test.h"
#include "crashinfo.h"

/*
 * A FADMPSIG v1 header written by a little-endian kernel, byte for byte from
 * the §5.1 table: 384-byte pt_regs, 256-byte mask, total 680.
 * crashing_cpu 2, vmcoreinfo_raddr 0x12345678, vmcoreinfo_size 0x10024,
 * gpr[1] = 0xc000000001230000, nip = 0xc0000000000c0ffe, CPUs 0, 2, 65.
 */
static size_t golden_sig_le(uint8_t *b)
{
	memset(b, 0, 680);
	fa_test_hex("47 49 53 50 4d 44 41 46"	/* "GISPMDAF" */
		    "01 00 00 00"		/* version */
		    "02 00 00 00"		/* crashing_cpu */
		    "78 56 34 12 00 00 00 00"	/* vmcoreinfo_raddr */
		    "24 00 01 00 00 00 00 00"	/* vmcoreinfo_size */
		    "80 01 00 00"		/* pt_regs_sz 384 */
		    "00 01 00 00", b, 40);	/* cpu_mask_sz 256 */
	fa_test_hex("00 00 23 01 00 00 00 c0", b + 40 + 8, 8);
	fa_test_hex("fe 0f 0c 00 00 00 00 c0", b + 40 + 32 * 8, 8);
	b[424] = 0x05;		/* long 0: CPUs 0 and 2 */
	b[432] = 0x02;		/* long 1: CPU 65 */
	return 680;
}

/*
 * A FADMPINF header from a big-endian pre-v4.20 kernel: 352-byte pt_regs,
 * 128-byte mask (NR_CPUS 1024): regs at 24, mask at 376, total 504.
 */
static size_t golden_inf_be(uint8_t *b)
{
	memset(b, 0, 504);
	fa_test_hex("46 41 44 4d 50 49 4e 46"	/* "FADMPINF" */
		    "00 00 00 00 2f fe 00 00"	/* elfcorehdr_addr */
		    "00 00 00 03"		/* crashing_cpu */
		    "00 00 00 00", b, 24);	/* pad */
	fa_test_hex("c0 00 00 00 00 aa bb cc", b + 24 + 36 * 8, 8);	/* link */
	b[383] = 0x08;		/* long 0 LSB: CPU 3 */
	b[376 + 120] = 0x80;	/* long 15 MSB: CPU 1023 */
	return 504;
}

static void test_golden_sig_le(void **state)
{
	uint8_t b[680], out[1024];
	struct fa_crashinfo ci;
	struct fa_err e;
	size_t n;

	(void)state;
	n = golden_sig_le(b);
	assert_fa_ok(fa_crashinfo_decode(b, n, FA_LE, NULL, &ci, &e), &e);
	assert_int_equal(ci.era, FA_CI_FADMPSIG);
	assert_true(ci.magic_number == 0x4641444D50534947ULL);
	assert_int_equal(ci.version, 1);
	assert_int_equal(ci.crashing_cpu, 2);
	assert_true(ci.vmcoreinfo_raddr == 0x12345678);
	assert_true(ci.vmcoreinfo_size == 0x10024);
	assert_int_equal(ci.pt_regs_sz, 384);
	assert_int_equal(ci.cpu_mask_sz, 256);
	assert_true(ci.regs[1] == 0xc000000001230000ULL);
	assert_true(ci.regs[32] == 0xc0000000000c0ffeULL);
	assert_true(fa_crashinfo_cpu_test(&ci, 0));
	assert_false(fa_crashinfo_cpu_test(&ci, 1));
	assert_true(fa_crashinfo_cpu_test(&ci, 2));
	assert_true(fa_crashinfo_cpu_test(&ci, 65));
	assert_int_equal(fa_crashinfo_cpu_count(&ci), 3);
	assert_int_equal(fa_crashinfo_size(FA_CI_FADMPSIG, 384, 256), 680);
	assert_fa_ok(fa_crashinfo_encode(&ci, FA_LE, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 680);
	assert_memory_equal(out, b, 680);
}

static void test_golden_inf_be(void **state)
{
	struct fa_crashinfo_opts o = { FA_CI_PT_REGS_SZ_OLD, 128, 0 };
	uint8_t b[504], out[504];
	struct fa_crashinfo ci;
	struct fa_err e;
	size_t n;

	(void)state;
	n = golden_inf_be(b);
	assert_fa_ok(fa_crashinfo_decode(b, n, FA_BE, &o, &ci, &e), &e);
	assert_int_equal(ci.era, FA_CI_FADMPINF);
	assert_true(ci.elfcorehdr_addr == 0x2ffe0000);
	assert_int_equal(ci.crashing_cpu, 3);
	assert_int_equal(ci.version, 0);
	assert_true(ci.regs[36] == 0xc000000000aabbccULL);
	assert_true(ci.regs[44] == 0);		/* past a 352-byte pt_regs */
	assert_true(fa_crashinfo_cpu_test(&ci, 3));
	assert_true(fa_crashinfo_cpu_test(&ci, 1023));
	assert_false(fa_crashinfo_cpu_test(&ci, 1024));	/* past the mask */
	assert_int_equal(fa_crashinfo_cpu_count(&ci), 2);
	assert_int_equal(fa_crashinfo_size(FA_CI_FADMPINF, 384, 256), 664);
	assert_fa_ok(fa_crashinfo_encode(&ci, FA_BE, out, sizeof(out), &n, &e), &e);
	assert_int_equal(n, 504);
	assert_memory_equal(out, b, 504);
	/* Too small a buffer for the encoder. */
	assert_fa_error(fa_crashinfo_encode(&ci, FA_BE, out, 503, &n, &e), &e,
			FA_ERANGE, "need 504 bytes");
}

static void fill(struct fa_crashinfo *ci, int era)
{
	int i;

	memset(ci, 0, sizeof(*ci));
	ci->era = era;
	ci->magic_number = era == FA_CI_FADMPSIG ? FA_TAG_FADMPSIG : FA_TAG_FADMPINF;
	ci->version = era == FA_CI_FADMPSIG ? 1 : 0;
	ci->crashing_cpu = 4097;
	if (era == FA_CI_FADMPSIG) {
		ci->vmcoreinfo_raddr = 0x0123456789abcdefULL;
		ci->vmcoreinfo_size = 65572;
	} else {
		ci->elfcorehdr_addr = 0xfedcba9876543210ULL;
		ci->pad = 0xa5a5a5a5;
	}
	ci->pt_regs_sz = 384;
	ci->cpu_mask_sz = 1024;
	for (i = 0; i < FA_PT_NREGS; i++)
		ci->regs[i] = 0x1111111111111111ULL * (uint64_t)(i % 15) + (uint64_t)i;
	for (i = 0; i < 1024; i++)
		ci->cpu_mask[i] = (uint8_t)(i * 37 + 1);
}

static void test_round_trip(void **state)
{
	static const int bos[2] = { FA_LE, FA_BE };
	static const int eras[2] = { FA_CI_FADMPSIG, FA_CI_FADMPINF };
	struct fa_crashinfo_opts o = { 384, 1024, 0 };
	struct fa_crashinfo in, out;
	uint8_t buf[2048];
	struct fa_err e;
	int i, j, bo, era;
	size_t n;

	(void)state;
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2; j++) {
			fill(&in, eras[j]);
			in.byteorder = bos[i];
			assert_fa_ok(fa_crashinfo_encode(&in, bos[i], buf, sizeof(buf), &n, &e), &e);
			assert_int_equal(n, fa_crashinfo_size(eras[j], 384, 1024));
			assert_int_equal(fa_crashinfo_probe(buf, n, &bo, &era), 0);
			assert_int_equal(bo, bos[i]);
			assert_int_equal(era, eras[j]);
			assert_fa_ok(fa_crashinfo_decode(buf, n, bos[i], &o, &out, &e), &e);
			assert_memory_equal(&in, &out, sizeof(in));
			assert_true(fa_crashinfo_cpu_test(&out, 8191) ==
				    ((out.cpu_mask[1023] >> 7) & 1));
		}
	}
}

static void test_probe(void **state)
{
	uint8_t b[8] = { 'F', 'A', 'D', 'M', 'P', 'X', 'X', 'X' };
	int bo = 0, era = 0;

	(void)state;
	assert_int_equal(fa_crashinfo_probe(b, 8, &bo, &era), FA_EMAGIC);
	assert_int_equal(fa_crashinfo_probe(b, 7, &bo, &era), FA_ETRUNC);
	memcpy(b, "FADMPSIG", 8);
	assert_int_equal(fa_crashinfo_probe(b, 8, &bo, &era), 0);
	assert_int_equal(bo, FA_BE);
	assert_int_equal(era, FA_CI_FADMPSIG);
	memcpy(b, "FNIPMDAF", 8);
	assert_int_equal(fa_crashinfo_probe(b, 8, &bo, &era), 0);
	assert_int_equal(bo, FA_LE);
	assert_int_equal(era, FA_CI_FADMPINF);
}

static void test_malformed(void **state)
{
	struct fa_crashinfo_opts any = { 0, 0, FA_CI_ANY_MAGIC };
	struct fa_crashinfo_opts bad = { 380, 256, 0 };
	uint8_t b[680];
	struct fa_crashinfo ci;
	struct fa_err e;

	(void)state;
	golden_sig_le(b);
	assert_fa_error(fa_crashinfo_decode(b, 679, FA_LE, NULL, &ci, &e), &e,
			FA_ETRUNC, "need 680 bytes at offset 0, only 679");
	assert_fa_error(fa_crashinfo_decode(b, 39, FA_LE, NULL, &ci, &e), &e,
			FA_ETRUNC, "crash info header: need 40 bytes");
	assert_fa_error(fa_crashinfo_decode(b, 4, FA_LE, NULL, &ci, &e), &e,
			FA_ETRUNC, "magic: need 8 bytes");
	/* Read by a big-endian reader: the magic is swapped. */
	assert_fa_error(fa_crashinfo_decode(b, 680, FA_BE, NULL, &ci, &e), &e,
			FA_EENDIAN, "FADMPSIG byte-swapped");
	/* ...which the ANY_MAGIC reader hands to the capture-kernel check. */
	assert_fa_ok(fa_crashinfo_decode(b, 680, FA_BE, &any, &ci, &e), &e);
	assert_int_equal(ci.era, FA_CI_UNKNOWN);
	assert_fa_error(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 0, 0, &e), &e,
			FA_EENDIAN, "Endianness mismatch between the crashed and fadump kernels.");
	b[0] = 'X';
	assert_fa_error(fa_crashinfo_decode(b, 680, FA_LE, NULL, &ci, &e), &e,
			FA_EMAGIC, "magic at offset 0x0 is 0x4641444d50534958");
	b[0] = 'G';
	b[32] = 0x81;	/* pt_regs_sz 385 */
	assert_fa_error(fa_crashinfo_decode(b, 680, FA_LE, NULL, &ci, &e), &e,
			FA_ECORRUPT, "pt_regs_sz 385 is not a positive multiple of 8");
	b[32] = 0x88;	/* pt_regs_sz 392 */
	assert_fa_error(fa_crashinfo_decode(b, 680, FA_LE, NULL, &ci, &e), &e,
			FA_EUNSUP, "pt_regs_sz 392 exceeds the 384 bytes");
	b[32] = 0x80;
	fa_put32(b + 36, FA_LE, 0xfffffff8);	/* an overflowing mask size */
	assert_fa_error(fa_crashinfo_decode(b, 680, FA_LE, NULL, &ci, &e), &e,
			FA_EUNSUP, "cpu_mask_sz 4294967288 exceeds 1024 bytes");
	fa_put32(b + 36, FA_LE, 0);
	assert_fa_error(fa_crashinfo_decode(b, 680, FA_LE, NULL, &ci, &e), &e,
			FA_ECORRUPT, "cpu_mask_sz 0 is not");
	/* A caller's impossible FADMPINF layout is the caller's error. */
	memcpy(b, "FNIPMDAF", 8);
	assert_fa_error(fa_crashinfo_decode(b, 680, FA_LE, &bad, &ci, &e), &e,
			FA_EINVAL, "pt_regs_sz 380");
}

static void test_compat(void **state)
{
	struct fa_crashinfo ci;
	struct fa_err e;

	(void)state;
	fill(&ci, FA_CI_FADMPSIG);
	ci.cpu_mask_sz = 256;
	assert_fa_ok(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 0, 0, &e), &e);
	assert_fa_ok(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 384, 256, &e), &e);
	assert_fa_error(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 384, 128, &e), &e,
			FA_EUNSUP, "Fadump header size mismatch.");
	assert_fa_error(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 352, 256, &e), &e,
			FA_EUNSUP, "Fadump header size mismatch.");
	/* A pre-6.10 capture kernel knows only FADMPINF. */
	assert_fa_error(fa_crashinfo_check_compat(&ci, FA_CI_FADMPINF, 0, 0, &e), &e,
			FA_EMAGIC, "Crash info header is not valid.");
	fill(&ci, FA_CI_FADMPINF);
	assert_fa_ok(fa_crashinfo_check_compat(&ci, FA_CI_FADMPINF, 0, 0, &e), &e);
	assert_fa_error(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 0, 0, &e), &e,
			FA_EVERSION, "Old magic number, can't process the dump.");
	ci.magic_number = 0x0123456789abcdefULL;
	assert_fa_error(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 0, 0, &e), &e,
			FA_EMAGIC, "Fadump header is corrupted.");
	/* The swapped old magic is just "corrupted" to the v6.10 kernel. */
	ci.magic_number = __builtin_bswap64(FA_TAG_FADMPINF);
	assert_fa_error(fa_crashinfo_check_compat(&ci, FA_CI_FADMPSIG, 0, 0, &e), &e,
			FA_EMAGIC, "Fadump header is corrupted.");
	assert_string_equal(e.msg, "Fadump header is corrupted.");
}

static void test_cpu_mask(void **state)
{
	uint8_t raw_le[16] = { 0x01, 0, 0, 0, 0, 0, 0, 0x80, 0, 0x01 };
	uint8_t raw_be[16] = { 0x80, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0x01 };
	struct fa_crashinfo ci;
	struct fa_err e;

	(void)state;
	memset(&ci, 0, sizeof(ci));
	ci.cpu_mask_sz = 8;
	assert_fa_ok(fa_crashinfo_cpu_set(&ci, 63, &e), &e);
	assert_int_equal(ci.cpu_mask[7], 0x80);
	assert_fa_error(fa_crashinfo_cpu_set(&ci, 64, &e), &e, FA_ERANGE,
			"CPU 64 does not fit a cpu_mask of 8 bytes");
	assert_true(fa_crashinfo_cpu_test(&ci, 63));
	fa_crashinfo_cpu_clear(&ci, 63);
	assert_false(fa_crashinfo_cpu_test(&ci, 63));
	assert_false(fa_crashinfo_cpu_test(&ci, FA_CI_CPU_UNKNOWN));
	/* In memory: bit n of long n / 64, each long in native order. */
	assert_true(fa_cpumask_test_raw(raw_le, 16, FA_LE, 0));
	assert_true(fa_cpumask_test_raw(raw_le, 16, FA_LE, 63));
	assert_true(fa_cpumask_test_raw(raw_le, 16, FA_LE, 72));
	assert_false(fa_cpumask_test_raw(raw_le, 16, FA_LE, 64));
	assert_true(fa_cpumask_test_raw(raw_be, 16, FA_BE, 0));
	assert_true(fa_cpumask_test_raw(raw_be, 16, FA_BE, 63));
	assert_true(fa_cpumask_test_raw(raw_be, 16, FA_BE, 72));
	assert_false(fa_cpumask_test_raw(raw_be, 16, FA_BE, 1));
	assert_false(fa_cpumask_test_raw(raw_be, 16, FA_BE, 128));
}

static void test_tags(void **state)
{
	char s[9];

	(void)state;
	assert_true(fa_tag_to_u64("FADMPSIG") == FA_TAG_FADMPSIG);
	assert_true(fa_tag_to_u64("FADMPINF") == FA_TAG_FADMPINF);
	assert_true(fa_tag_to_u64("REGSAVE") == FA_TAG_REGSAVE);
	assert_true(fa_tag_to_u64("CPUSTRT") == 0x4350555354525400ULL);
	assert_true(fa_tag_to_u64("CPUEND") == 0x435055454E440000ULL);
	assert_true(fa_tag_to_u64("GPR05") == 0x4750523035000000ULL);
	assert_true(fa_tag_to_u64("DSISR") == 0x4453495352000000ULL);
	assert_true(fa_tag_to_u64("LR") == 0x4C52000000000000ULL);
	assert_true(fa_tag_to_u64("FADMPSIGEXTRA") == FA_TAG_FADMPSIG);
	assert_true(fa_tag_to_u64("") == 0);
	assert_string_equal(fa_u64_to_tag(FA_TAG_CPUEND, s), "CPUEND");
	assert_string_equal(fa_u64_to_tag(FA_TAG_FADMPINF, s), "FADMPINF");
	assert_string_equal(fa_u64_to_tag(0x4107000000000000ULL, s), "A?");
	assert_string_equal(fa_u64_to_tag(0, s), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_sig_le),
		cmocka_unit_test(test_golden_inf_be),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_compat),
		cmocka_unit_test(test_cpu_mask),
		cmocka_unit_test(test_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
