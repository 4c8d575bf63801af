// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_ppcregs.c - POWER register names, REGSAVE ids, MSR/CR/XER strings and
 * trap names; expected values taken from the kernel's asm/reg.h by hand.
 */
#include "fa_test.h"
#include "ppcregs.h"

static void test_spr_names(void **state)
{
	static const struct {
		uint32_t num;
		const char *name;
	} want[] = {
		{ 1, "XER" }, { 3, "DSCR" }, { 8, "LR" }, { 9, "CTR" },
		{ 17, "DSCR" }, { 18, "DSISR" }, { 19, "DAR" }, { 22, "DEC" },
		{ 25, "SDR1" }, { 26, "SRR0" }, { 27, "SRR1" }, { 28, "CFAR" },
		{ 29, "AMR" }, { 48, "PIDR" }, { 61, "IAMR" }, { 128, "TFHAR" },
		{ 130, "TEXASR" }, { 136, "CTRL" }, { 152, "CTRL" },
		{ 153, "FSCR" }, { 176, "DPDES" }, { 180, "DAWR0" },
		{ 188, "DAWRX0" }, { 190, "HFSCR" }, { 256, "VRSAVE" },
		{ 272, "SPRG0" }, { 275, "SPRG3" }, { 284, "TBL" },
		{ 285, "TBU" }, { 287, "PVR" }, { 304, "HSPRG0" },
		{ 306, "HDSISR" }, { 307, "HDAR" }, { 309, "PURR" },
		{ 310, "HDEC" }, { 313, "HRMOR" }, { 314, "HSRR0" },
		{ 315, "HSRR1" }, { 318, "LPCR" }, { 319, "LPIDR" },
		{ 336, "HMER" }, { 338, "PCR" }, { 349, "AMOR" },
		{ 446, "TIR" }, { 464, "PTCR" }, { 784, "SIER" },
		{ 786, "MMCRA" }, { 787, "PMC1" }, { 795, "MMCR0" },
		{ 798, "MMCR1" }, { 804, "EBBHR" }, { 806, "BESCR" },
		{ 815, "TAR" }, { 848, "IC" }, { 849, "VTB" }, { 855, "PSSCR" },
		{ 896, "PPR" }, { 1013, "DABR" }, { 1023, "PIR" },
		{ 2000, "NIA" }, { 2001, "MSR" }, { 2002, "CR" },
	};
	static const uint32_t unknown[] = { 0, 2, 5, 1000, 1024, 1999, 2003,
					    0xffffffff };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *n = fa_ppcregs_spr_name(want[i].num);

		if (!n || strcmp(n, want[i].name))
			fail_msg("SPR %u: got %s, want %s", want[i].num,
				 n ? n : "(null)", want[i].name);
	}
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		assert_null(fa_ppcregs_spr_name(unknown[i]));
}

/* Every number found by name maps back to that name (table order sane). */
static void test_spr_by_name(void **state)
{
	uint32_t n, num;
	const char *name;
	int found = 0;

	(void)state;
	for (n = 0; n <= 2100; n++) {
		name = fa_ppcregs_spr_name(n);
		if (!name)
			continue;
		found++;
		assert_int_equal(fa_ppcregs_spr_by_name(name, &num), 0);
		assert_string_equal(fa_ppcregs_spr_name(num), name);
		assert_true(num <= n);
	}
	assert_true(found > 100);
	assert_int_equal(fa_ppcregs_spr_by_name("hsrr1", &num), 0);
	assert_int_equal(num, 315);
	assert_int_equal(fa_ppcregs_spr_by_name("DSCR", &num), 0);
	assert_int_equal(num, 3);
	assert_int_equal(fa_ppcregs_spr_by_name("NOPE", &num), FA_ENOENT);
}

static void test_regsave_ids(void **state)
{
	static const char *const sprs[] = {
		"ACOP", "AMR", "BESCR", "CFAR", "CIABR", "CTR", "CTRL", "DABR",
		"DABRX", "DAR", "DAWR0", "DAWR1", "DAWRX0", "DAWRX1", "DPDES",
		"DSCR", "DSISR", "EBBHR", "EBBRR", "FSCR", "IAMR", "IC", "LR",
		"PIR", "PSPB", "PVR", "RPR", "SPURR", "SRR0", "SRR1", "TAR",
		"TEXASR", "TFHAR", "TFIAR", "TIR", "UAMOR", "VRSAVE", "VTB",
		"WORT", "XER",
	};
	struct fa_ppcregs_id id;
	size_t i;

	(void)state;
	assert_int_equal(fa_ppcregs_regsave_id("GPR05", &id), 0);
	assert_int_equal(id.kind, FA_PPCREG_GPR);
	assert_int_equal(id.gpr, 5);
	assert_int_equal(id.spr, -1);
	assert_string_equal(id.name, "r5");
	assert_int_equal(fa_ppcregs_regsave_id("GPR5", &id), 0);
	assert_int_equal(id.gpr, 5);
	assert_int_equal(fa_ppcregs_regsave_id("GPR31", &id), 0);
	assert_string_equal(id.name, "r31");
	assert_int_equal(fa_ppcregs_regsave_id("GPR32", &id), FA_ENOENT);
	assert_int_equal(fa_ppcregs_regsave_id("GPR", &id), FA_ENOENT);
	assert_int_equal(fa_ppcregs_regsave_id("GPR1x", &id), FA_ENOENT);
	assert_int_equal(fa_ppcregs_regsave_id("GPR123", &id), FA_ENOENT);
	assert_int_equal(fa_ppcregs_regsave_id("FOO", &id), FA_ENOENT);

	assert_int_equal(fa_ppcregs_regsave_id("SRR0", &id), 0);
	assert_int_equal(id.kind, FA_PPCREG_SPR);
	assert_int_equal(id.spr, 26);
	assert_int_equal(fa_ppcregs_regsave_id("NIA", &id), 0);
	assert_int_equal(id.kind, FA_PPCREG_OTHER);
	assert_int_equal(id.spr, -1);
	assert_int_equal(fa_ppcregs_regsave_id("CPUSTRT", &id), 0);
	assert_int_equal(id.kind, FA_PPCREG_MARKER);
	assert_int_equal(fa_ppcregs_regsave_id("FPSCR", &id), 0);
	assert_int_equal(id.kind, FA_PPCREG_OTHER);

	/* Each SPR id carries the number whose name is that id. */
	for (i = 0; i < sizeof(sprs) / sizeof(sprs[0]); i++) {
		assert_int_equal(fa_ppcregs_regsave_id(sprs[i], &id), 0);
		assert_int_equal(id.kind, FA_PPCREG_SPR);
		assert_non_null(fa_ppcregs_spr_name((uint32_t)id.spr));
		if (strcmp(fa_ppcregs_spr_name((uint32_t)id.spr), sprs[i]))
			fail_msg("%s maps to SPR %d named %s", sprs[i], id.spr,
				 fa_ppcregs_spr_name((uint32_t)id.spr));
	}
}

static void check_msr(uint64_t msr, const char *want)
{
	char buf[128];
	size_t n = fa_ppcregs_msr_str(msr, buf, sizeof(buf));

	if (strcmp(buf, want))
		fail_msg("MSR %#llx: got \"%s\", want \"%s\"",
			 (unsigned long long)msr, buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_msr(void **state)
{
	char small[5];

	(void)state;
	check_msr(0x8000000000001033ULL, "SF|ME|IR|DR|RI|LE");
	check_msr(0x9000000002809033ULL, "SF|HV|VEC|VSX|EE|ME|IR|DR|RI|LE");
	check_msr(0x800000000000d032ULL, "SF|EE|PR|ME|IR|DR|RI");
	check_msr(0x0000000500000000ULL, "TS=T|TM");
	check_msr(0x0000000300000000ULL, "TS=S|TM");
	check_msr(0x0000000600000000ULL, "TS=RESV");
	check_msr(0x0000000000400f04ULL, "S|FE0|SE|BE|FE1|PMM");
	check_msr(0xa000000000000000ULL, "SF|0x2000000000000000");
	check_msr(0x40ULL, "0x40");
	check_msr(0, "-");
	assert_int_equal(fa_ppcregs_msr_str(0x8000000000001033ULL, small,
					    sizeof(small)), 17);
	assert_string_equal(small, "SF|M");
	assert_int_equal(fa_ppcregs_msr_str(1, NULL, 0), 2);
}

static void test_traps(void **state)
{
	(void)state;
	assert_string_equal(fa_ppcregs_trap_name(0x100), "System Reset");
	assert_string_equal(fa_ppcregs_trap_name(0x200), "Machine Check");
	assert_string_equal(fa_ppcregs_trap_name(0x300), "Data Storage");
	assert_string_equal(fa_ppcregs_trap_name(0x301), "Data Storage");
	assert_string_equal(fa_ppcregs_trap_name(0x380), "Data Segment");
	assert_string_equal(fa_ppcregs_trap_name(0x700), "Program");
	assert_string_equal(fa_ppcregs_trap_name(0x901), "Decrementer");
	assert_string_equal(fa_ppcregs_trap_name(0x980), "Hypervisor Decrementer");
	assert_string_equal(fa_ppcregs_trap_name(0xc00), "System Call");
	assert_string_equal(fa_ppcregs_trap_name(0xe60), "HMI");
	assert_string_equal(fa_ppcregs_trap_name(0xea0), "Hypervisor Virtualization");
	assert_string_equal(fa_ppcregs_trap_name(0xf20), "Altivec Unavailable");
	assert_string_equal(fa_ppcregs_trap_name(0xf80),
			    "Hypervisor Facility Unavailable");
	assert_string_equal(fa_ppcregs_trap_name(0x1500), "Denormalisation");
	assert_string_equal(fa_ppcregs_trap_name(0x1700), "Altivec Assist");
	assert_null(fa_ppcregs_trap_name(0));
	assert_null(fa_ppcregs_trap_name(0x310));
	assert_null(fa_ppcregs_trap_name(0xb00));
	assert_null(fa_ppcregs_trap_name(0x10000000300ULL));
}

static void test_cr(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(fa_ppcregs_cr_field(0x28004000, 0), 0x2);
	assert_int_equal(fa_ppcregs_cr_field(0x28004000, 1), 0x8);
	assert_int_equal(fa_ppcregs_cr_field(0x28004000, 4), 0x4);
	assert_int_equal(fa_ppcregs_cr_field(0x28004001, 7), 0x1);
	fa_ppcregs_cr_str(0x28004000, buf, sizeof(buf));
	assert_string_equal(buf,
		"cr0:EQ cr1:LT cr2:- cr3:- cr4:GT cr5:- cr6:- cr7:-");
	fa_ppcregs_cr_str(0xf0000001, buf, sizeof(buf));
	assert_string_equal(buf,
		"cr0:LT|GT|EQ|SO cr1:- cr2:- cr3:- cr4:- cr5:- cr6:- cr7:SO");
}

static void test_xer(void **state)
{
	struct fa_ppcregs_xer x;
	char buf[64];

	(void)state;
	fa_ppcregs_xer_decode(0xe00c0005ULL, &x);
	assert_int_equal(x.so, 1);
	assert_int_equal(x.ov, 1);
	assert_int_equal(x.ca, 1);
	assert_int_equal(x.ov32, 1);
	assert_int_equal(x.ca32, 1);
	assert_int_equal(x.byte_count, 5);
	fa_ppcregs_xer_str(0xe00c0005ULL, buf, sizeof(buf));
	assert_string_equal(buf, "SO|OV|CA|OV32|CA32 bc=5");
	fa_ppcregs_xer_str(0x20000000ULL, buf, sizeof(buf));
	assert_string_equal(buf, "CA bc=0");
	fa_ppcregs_xer_str(0x0004007fULL, buf, sizeof(buf));
	assert_string_equal(buf, "CA32 bc=127");
	fa_ppcregs_xer_str(0, buf, sizeof(buf));
	assert_string_equal(buf, "- bc=0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spr_names),
		cmocka_unit_test(test_spr_by_name),
		cmocka_unit_test(test_regsave_ids),
		cmocka_unit_test(test_msr),
		cmocka_unit_test(test_traps),
		cmocka_unit_test(test_cr),
		cmocka_unit_test(test_xer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
