// SPDX-License-Identifier: GPL-2.0-or-later
/* test_prstatus.c - ppc64 / x86_64 elf_prstatus and the pt_regs names. */
#include "fa_test.h"
#include "elfnote.h"
#include "prstatus.h"

/* Store @n bytes of @v big-endian at @p: hand-made goldens, no fa_put. */
static void be(uint8_t *p, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static void le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

/*
 * A ppc64 NT_PRSTATUS note as the kernel's append_elf_note writes it,
 * big-endian, from fadump-kernel-formats.md §6.1-6.3 offsets.
 */
static void make_ppc64_note(uint8_t *note, void (*put)(uint8_t *, uint64_t, int))
{
	uint8_t *d = note + 20;

	memset(note, 0, 524);
	put(note, 5, 4);			/* n_namesz */
	put(note + 4, 504, 4);			/* n_descsz */
	put(note + 8, 1, 4);			/* NT_PRSTATUS */
	memcpy(note + 12, "CORE", 4);
	put(d + 0, 11, 4);			/* si_signo */
	put(d + 12, 11, 2);			/* pr_cursig */
	put(d + 16, 0x1122334455667788ULL, 8);	/* pr_sigpend */
	put(d + 32, 42, 4);			/* pr_pid */
	put(d + 44, 7, 4);			/* pr_sid */
	put(d + 64, 3, 8);			/* pr_stime.tv_sec */
	put(d + 72, 999999, 8);			/* pr_stime.tv_usec */
	put(d + 112 + 1 * 8, 0xc000000001234560ULL, 8);	/* r1 */
	put(d + 112 + 32 * 8, 0xc000000000abcdefULL, 8);	/* nip */
	put(d + 112 + 33 * 8, 0x8000000000001033ULL, 8);	/* msr */
	put(d + 112 + 36 * 8, 0xc000000000112233ULL, 8);	/* link */
	put(d + 112 + 40 * 8, 0x300, 8);			/* trap */
	put(d + 112 + 47 * 8, 0xfeedULL, 8);			/* iamr */
	put(d + 496, 1, 4);			/* pr_fpvalid */
}

static void check_ppc64(const struct fa_prstatus *p)
{
	assert_int_equal(p->si_signo, 11);
	assert_int_equal(p->cursig, 11);
	assert_int_equal(p->sigpend, 0x1122334455667788ULL);
	assert_int_equal(p->pid, 42);
	assert_int_equal(p->sid, 7);
	assert_int_equal(p->stime.tv_sec, 3);
	assert_int_equal(p->stime.tv_usec, 999999);
	assert_int_equal(p->nreg, 48);
	assert_int_equal(p->reg[FA_PT_R1], 0xc000000001234560ULL);
	assert_int_equal(p->reg[FA_PT_NIP], 0xc000000000abcdefULL);
	assert_int_equal(p->reg[FA_PT_MSR], 0x8000000000001033ULL);
	assert_int_equal(p->reg[FA_PT_LINK], 0xc000000000112233ULL);
	assert_int_equal(p->reg[FA_PT_TRAP], 0x300);
	assert_int_equal(p->reg[FA_PT_IAMR], 0xfeed);
	assert_int_equal(p->reg[FA_PT_GPR0], 0);
	assert_int_equal(p->fpvalid, 1);
}

static void golden_ppc64(int bo, void (*put)(uint8_t *, uint64_t, int))
{
	uint8_t note[524], out[524], desc[504];
	struct fa_err e = { 0 };
	struct fa_prstatus p;
	struct fa_note n;
	size_t pos = 0;
	uint64_t pc, sp;

	make_ppc64_note(note, put);
	assert_int_equal(fa_note_next(note, sizeof(note), bo, &pos, &n, &e), 1);
	assert_int_equal(pos, 524);
	assert_int_equal(n.type, FA_NT_PRSTATUS);
	assert_true(fa_note_name_is(&n, FA_NN_CORE));
	assert_fa_ok(fa_prstatus_decode(n.desc, n.descsz, bo, FA_EM_PPC64, &p, &e), &e);
	check_ppc64(&p);
	assert_fa_ok(fa_prstatus_pc_sp(FA_EM_PPC64, &p, &pc, &sp), &e);
	assert_int_equal(pc, 0xc000000000abcdefULL);
	assert_int_equal(sp, 0xc000000001234560ULL);
	/* Encoding gives back the golden bytes. */
	assert_int_equal(fa_prstatus_encode(desc, sizeof(desc), bo, FA_EM_PPC64, &p, &e), 504);
	assert_int_equal(fa_note_put(out, bo, "CORE", FA_NT_PRSTATUS, desc, 504), 524);
	assert_memory_equal(out, note, 524);
}

static void test_golden_ppc64_be(void **state)
{
	(void)state;
	golden_ppc64(FA_BE, be);
}

static void test_golden_ppc64_le(void **state)
{
	(void)state;
	golden_ppc64(FA_LE, le);
}

/* x86_64: the same prefix, 27 regs in user_regs_struct order, 336 bytes. */
static void test_golden_x86_64_le(void **state)
{
	uint8_t d[336] = { 0 }, out[336];
	struct fa_err e = { 0 };
	struct fa_prstatus p;
	uint64_t pc, sp;

	(void)state;
	le(d + 32, 1234, 4);				/* pr_pid */
	le(d + 112 + 0 * 8, 0x15, 8);			/* r15 */
	le(d + 112 + 10 * 8, 0xaaaa, 8);		/* rax */
	le(d + 112 + 16 * 8, 0xffffffff81000010ULL, 8);	/* rip */
	le(d + 112 + 17 * 8, 0x10, 8);			/* cs */
	le(d + 112 + 19 * 8, 0xffffc90000003f00ULL, 8);	/* rsp */
	le(d + 112 + 26 * 8, 0x66, 8);			/* gs */
	le(d + 328, 1, 4);				/* pr_fpvalid */
	assert_fa_ok(fa_prstatus_decode(d, sizeof(d), FA_LE, FA_EM_X86_64, &p, &e), &e);
	assert_int_equal(p.pid, 1234);
	assert_int_equal(p.nreg, 27);
	assert_int_equal(p.reg[FA_X86_R15], 0x15);
	assert_int_equal(p.reg[FA_X86_RAX], 0xaaaa);
	assert_int_equal(p.reg[FA_X86_CS], 0x10);
	assert_int_equal(p.reg[FA_X86_GS], 0x66);
	assert_int_equal(p.fpvalid, 1);
	assert_fa_ok(fa_prstatus_pc_sp(FA_EM_X86_64, &p, &pc, &sp), &e);
	assert_int_equal(pc, 0xffffffff81000010ULL);
	assert_int_equal(sp, 0xffffc90000003f00ULL);
	assert_int_equal(fa_prstatus_encode(out, sizeof(out), FA_LE, FA_EM_X86_64, &p, &e), 336);
	assert_memory_equal(out, d, 336);
}

static void test_roundtrip(void **state)
{
	static const int orders[] = { FA_LE, FA_BE };
	static const uint16_t machines[] = { FA_EM_PPC64, FA_EM_X86_64 };
	uint8_t buf[504];
	struct fa_err e = { 0 };

	(void)state;
	for (int m = 0; m < 2; m++)
		for (int k = 0; k < 2; k++) {
			struct fa_prstatus in, out;
			int size;

			memset(&in, 0, sizeof(in));	/* padding compared too */

			in.si_signo = -1;
			in.si_code = 2;
			in.si_errno = 3;
			in.cursig = -5;
			in.sighold = 0x8000000000000001ULL;
			in.ppid = 9;
			in.pgrp = 10;
			in.cutime.tv_sec = -7;
			in.cstime.tv_usec = 8;
			in.nreg = fa_prstatus_nregs(machines[m]);
			for (unsigned int i = 0; i < in.nreg; i++)
				in.reg[i] = 0x0101010101010101ULL * (i + 1);
			in.fpvalid = 1;
			size = fa_prstatus_encode(buf, sizeof(buf), orders[k],
						  machines[m], &in, &e);
			assert_int_equal(size, fa_prstatus_size(machines[m]));
			assert_fa_ok(fa_prstatus_decode(buf, (size_t)size, orders[k],
							machines[m], &out, &e), &e);
			assert_memory_equal(&in, &out, sizeof(in));
		}
}

static void test_bad_descsz(void **state)
{
	uint8_t buf[600] = { 0 };
	struct fa_err e = { 0 };
	struct fa_prstatus p;

	(void)state;
	assert_fa_error(fa_prstatus_decode(buf, 503, FA_BE, FA_EM_PPC64, &p, &e), &e,
			FA_ECORRUPT, "NT_PRSTATUS: descsz 503, expected 504 for e_machine 21");
	/* An x86_64 descriptor in a ppc64 core */
	assert_fa_error(fa_prstatus_decode(buf, 336, FA_BE, FA_EM_PPC64, &p, &e), &e,
			FA_ECORRUPT, "descsz 336, expected 504");
	assert_fa_error(fa_prstatus_decode(buf, 504, FA_LE, FA_EM_X86_64, &p, &e), &e,
			FA_ECORRUPT, "descsz 504, expected 336 for e_machine 62");
	assert_fa_error(fa_prstatus_decode(buf, 0, FA_LE, FA_EM_X86_64, &p, &e), &e,
			FA_ECORRUPT, "descsz 0");
}

static void test_unsupported_machine(void **state)
{
	uint8_t buf[600] = { 0 };
	struct fa_err e = { 0 };
	struct fa_prstatus p = { 0 };
	uint64_t pc, sp;

	(void)state;
	assert_fa_error(fa_prstatus_decode(buf, 504, FA_BE, 183, &p, &e), &e,
			FA_EUNSUP, "e_machine 183 is not supported");
	assert_fa_error(fa_prstatus_encode(buf, sizeof(buf), FA_BE, 183, &p, &e), &e,
			FA_EUNSUP, "e_machine 183");
	assert_fa_error(fa_prstatus_encode(buf, 503, FA_BE, FA_EM_PPC64, &p, &e), &e,
			FA_ERANGE, "need 504 bytes, buffer has 503");
	assert_int_equal(fa_prstatus_pc_sp(183, &p, &pc, &sp), FA_EUNSUP);
	assert_int_equal(fa_prstatus_size(183), 0);
	assert_null(fa_prstatus_reg_name(183, 0));
}

static void test_reg_names(void **state)
{
	(void)state;
	assert_string_equal(fa_pt_reg_name(0), "r0");
	assert_string_equal(fa_pt_reg_name(FA_PT_R1), "r1");
	assert_string_equal(fa_pt_reg_name(31), "r31");
	assert_string_equal(fa_pt_reg_name(FA_PT_NIP), "nip");
	assert_string_equal(fa_pt_reg_name(FA_PT_MSR), "msr");
	assert_string_equal(fa_pt_reg_name(FA_PT_ORIG_GPR3), "orig_r3");
	assert_string_equal(fa_pt_reg_name(FA_PT_CTR), "ctr");
	assert_string_equal(fa_pt_reg_name(FA_PT_LINK), "link");
	assert_string_equal(fa_pt_reg_name(FA_PT_XER), "xer");
	assert_string_equal(fa_pt_reg_name(FA_PT_CCR), "ccr");
	assert_string_equal(fa_pt_reg_name(FA_PT_SOFTE), "softe");
	assert_string_equal(fa_pt_reg_name(FA_PT_TRAP), "trap");
	assert_string_equal(fa_pt_reg_name(FA_PT_DAR), "dar");
	assert_string_equal(fa_pt_reg_name(FA_PT_DSISR), "dsisr");
	assert_string_equal(fa_pt_reg_name(FA_PT_RESULT), "result");
	assert_string_equal(fa_pt_reg_name(FA_PT_PPR), "ppr");
	assert_non_null(fa_pt_reg_name(47));
	assert_null(fa_pt_reg_name(48));
	assert_string_equal(fa_prstatus_reg_name(FA_EM_PPC64, 32), "nip");
	assert_string_equal(fa_prstatus_reg_name(FA_EM_X86_64, 0), "r15");
	assert_string_equal(fa_prstatus_reg_name(FA_EM_X86_64, FA_X86_ORIG_RAX), "orig_rax");
	assert_string_equal(fa_prstatus_reg_name(FA_EM_X86_64, 16), "rip");
	assert_string_equal(fa_prstatus_reg_name(FA_EM_X86_64, 19), "rsp");
	assert_string_equal(fa_prstatus_reg_name(FA_EM_X86_64, 26), "gs");
	assert_null(fa_prstatus_reg_name(FA_EM_X86_64, 27));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_ppc64_be),
		cmocka_unit_test(test_golden_ppc64_le),
		cmocka_unit_test(test_golden_x86_64_le),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_bad_descsz),
		cmocka_unit_test(test_unsupported_machine),
		cmocka_unit_test(test_reg_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
