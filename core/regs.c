// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regs.c - ppc64 register-set naming and printing (see regs.h).
 */
#include <ctype.h>
#include <inttypes.h>

#include "ppcregs.h"
#include "regs.h"

const char *fa_reg_label(unsigned int i, char buf[16])
{
	const char *n = fa_pt_reg_name(i);
	size_t k;

	if (!n) {
		snprintf(buf, 16, "SLOT%u", i);
		return buf;
	}
	for (k = 0; n[k] && k < 15; k++)
		buf[k] = (char)toupper((unsigned char)n[k]);
	buf[k] = '\0';
	return buf;
}

static void print_sym(FILE *out, uint64_t addr, const struct fa_reg_sym *sym)
{
	const char *name;
	uint64_t off = 0;

	if (!sym || !sym->fn)
		return;
	name = sym->fn(sym->ctx, addr, &off);
	if (!name)
		return;
	if (off)
		fprintf(out, "  <%s+0x%" PRIx64 ">", name, off);
	else
		fprintf(out, "  <%s>", name);
}

static void print_one(FILE *out, const uint64_t *regs, unsigned int i)
{
	char lbl[16];

	fprintf(out, "  %7s: %016" PRIx64, fa_reg_label(i, lbl), regs[i]);
}

void fa_regs_print(FILE *out, const uint64_t regs[FA_PT_NREGS],
		      const struct fa_reg_sym *sym)
{
	char buf[256];
	const char *trap;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		print_one(out, regs, i);
		if (i % 4 == 3)
			fputc('\n', out);
	}
	print_one(out, regs, FA_PT_NIP);
	print_sym(out, regs[FA_PT_NIP], sym);
	fputc('\n', out);
	print_one(out, regs, FA_PT_LINK);
	print_sym(out, regs[FA_PT_LINK], sym);
	fputc('\n', out);
	fa_ppcregs_msr_str(regs[FA_PT_MSR], buf, sizeof(buf));
	print_one(out, regs, FA_PT_MSR);
	fprintf(out, "  %s\n", buf);
	fa_ppcregs_cr_str((uint32_t)regs[FA_PT_CCR], buf, sizeof(buf));
	print_one(out, regs, FA_PT_CCR);
	fprintf(out, "  %s\n", buf);
	fa_ppcregs_xer_str(regs[FA_PT_XER], buf, sizeof(buf));
	print_one(out, regs, FA_PT_XER);
	fprintf(out, "  %s\n", buf);
	trap = fa_ppcregs_trap_name(regs[FA_PT_TRAP]);
	print_one(out, regs, FA_PT_TRAP);
	fprintf(out, "  %s\n", trap ? trap : regs[FA_PT_TRAP] ? "(unknown vector)" : "(none)");
	print_one(out, regs, FA_PT_CTR);
	print_one(out, regs, FA_PT_ORIG_GPR3);
	print_one(out, regs, FA_PT_SOFTE);
	fputc('\n', out);
	print_one(out, regs, FA_PT_DAR);
	print_one(out, regs, FA_PT_DSISR);
	print_one(out, regs, FA_PT_RESULT);
	fputc('\n', out);
}

void fa_regs_print_raw(FILE *out, const uint64_t regs[FA_PT_NREGS])
{
	const char *n;
	unsigned int i;

	for (i = 0; i < FA_PT_NREGS; i++) {
		n = fa_pt_reg_name(i);
		fprintf(out, "  pr_reg[%2u] %-11s %016" PRIx64 "%s", i, n ? n : "?",
			regs[i], i % 2 ? "\n" : "   ");
	}
}

void fa_regs_print_list(FILE *out, const void *list, size_t n,
			fa_reg_at_fn at)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *name = at(list, i, &v);

		fprintf(out, "  %-8s%016" PRIx64, name, v);
		if (i % 3 == 2 || i + 1 == n)
			fputc('\n', out);
	}
}
