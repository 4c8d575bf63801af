// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regs.c - ppc64 register-set printing (see regs.h).
 */
#include <inttypes.h>
#include <string.h>

#include "ppcregs.h"
#include "regs.h"

/* "  NAME    VALUE  SYMBOL" for NIP and LR. */
static void print_addr(FILE *out, const char *name, uint64_t addr,
		       const struct fa_reg_sym *sym)
{
	char buf[256];

	buf[0] = '\0';
	if (sym && sym->fn && addr)
		sym->fn(sym->ctx, addr, buf, sizeof(buf));
	fprintf(out, "  %-7s %016" PRIx64 "%s%s\n", name, addr,
		buf[0] ? "  " : "", buf);
}

void fa_text_wrap(FILE *f, int col, const char *text)
{
	const char *p = text;
	int width = 79 - col;

	while (*p) {
		int n = (int)strlen(p), cut = n;

		if (n > width) {
			cut = width;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (!cut)
				cut = width;
		}
		fprintf(f, "%*s%.*s\n", col, "", cut, p);
		p += cut;
		while (*p == ' ')
			p++;
	}
}

void fa_regs_print(FILE *out, const uint64_t regs[FA_PT_NREGS],
		   unsigned int flags, const struct fa_reg_sym *sym)
{
	const uint64_t *r = regs;
	char b[256];
	const char *trap;
	int i;

	for (i = 0; (flags & FA_REGS_GPRS) && i < 32; i++) {
		if (i % 4 == 0)
			fprintf(out, "  GPR%02d:", i);
		fprintf(out, " %016" PRIx64 "%s", r[i], i % 4 == 3 ? "\n" : "");
	}
	print_addr(out, "NIP", r[FA_PT_NIP], sym);
	print_addr(out, "LR", r[FA_PT_LINK], sym);
	fprintf(out, "  R1      %016" PRIx64 "  CTR %016" PRIx64 "\n",
		r[FA_PT_R1], r[FA_PT_CTR]);
	fa_ppcregs_msr_str(r[FA_PT_MSR], b, sizeof(b));
	fprintf(out, "  MSR     %016" PRIx64 "  %s\n", r[FA_PT_MSR], b);
	fprintf(out, "  CR      %08" PRIx64 "\n", r[FA_PT_CCR] & 0xffffffff);
	fa_ppcregs_cr_str((uint32_t)r[FA_PT_CCR], b, sizeof(b));
	fa_text_wrap(out, 10, b);
	fa_ppcregs_xer_str(r[FA_PT_XER], b, sizeof(b));
	fprintf(out, "  XER     %016" PRIx64 "  %s\n", r[FA_PT_XER], b);
	fprintf(out, "  DAR     %016" PRIx64 "  DSISR %08" PRIx64 "\n",
		r[FA_PT_DAR], r[FA_PT_DSISR]);
	if (!(flags & FA_REGS_TAIL))
		return;
	trap = fa_ppcregs_trap_name(r[FA_PT_TRAP]);
	fprintf(out, "  TRAP    %" PRIx64 "  %s  SOFTE %" PRIx64 "\n",
		r[FA_PT_TRAP], trap ? trap : r[FA_PT_TRAP] ? "(unknown vector)" : "(none)",
		r[FA_PT_SOFTE]);
	fprintf(out, "  ORIG_R3 %016" PRIx64 "  RESULT %016" PRIx64 "\n",
		r[FA_PT_ORIG_GPR3], r[FA_PT_RESULT]);
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
