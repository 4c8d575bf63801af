// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ppcregs.c - POWER register names and bit decoders for displays.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ppcregs.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct spr_name {
	uint16_t num;
	const char *name;
};

/*
 * Architected SPRs of 64-bit server processors, by number (reg.h).  A few
 * numbers are problem-state aliases of a privileged SPR and carry its name
 * (3 = DSCR, 736/737/738 = SIER2/SIER3/MMCR3, 769 = MMCR2); CTRL reads at
 * 136 and writes at 152.  Sorted by number.
 */
static const struct spr_name spr_names[] = {
	{ 1, "XER" },		{ 3, "DSCR" },		{ 8, "LR" },
	{ 9, "CTR" },		{ 17, "DSCR" },		{ 18, "DSISR" },
	{ 19, "DAR" },		{ 22, "DEC" },		{ 25, "SDR1" },
	{ 26, "SRR0" },		{ 27, "SRR1" },		{ 28, "CFAR" },
	{ 29, "AMR" },		{ 31, "ACOP" },		{ 48, "PIDR" },
	{ 61, "IAMR" },		{ 128, "TFHAR" },	{ 129, "TFIAR" },
	{ 130, "TEXASR" },	{ 131, "TEXASRU" },	{ 136, "CTRL" },
	{ 144, "TIDR" },	{ 152, "CTRL" },	{ 153, "FSCR" },
	{ 157, "UAMOR" },	{ 159, "PSPB" },	{ 176, "DPDES" },
	{ 177, "DHDES" },	{ 180, "DAWR0" },	{ 181, "DAWR1" },
	{ 186, "RPR" },		{ 187, "CIABR" },	{ 188, "DAWRX0" },
	{ 189, "DAWRX1" },	{ 190, "HFSCR" },	{ 256, "VRSAVE" },
	{ 259, "SPRG3" },	{ 268, "TB" },		{ 269, "TBU" },
	{ 272, "SPRG0" },	{ 273, "SPRG1" },	{ 274, "SPRG2" },
	{ 275, "SPRG3" },	{ 284, "TBL" },		{ 285, "TBU" },
	{ 286, "TBU40" },	{ 287, "PVR" },		{ 304, "HSPRG0" },
	{ 305, "HSPRG1" },	{ 306, "HDSISR" },	{ 307, "HDAR" },
	{ 308, "SPURR" },	{ 309, "PURR" },	{ 310, "HDEC" },
	{ 312, "RMOR" },	{ 313, "HRMOR" },	{ 314, "HSRR0" },
	{ 315, "HSRR1" },	{ 316, "MMCRH" },	{ 318, "LPCR" },
	{ 319, "LPIDR" },	{ 336, "HMER" },	{ 337, "HMEER" },
	{ 338, "PCR" },		{ 339, "HEIR" },	{ 349, "AMOR" },
	{ 446, "TIR" },		{ 464, "PTCR" },	{ 736, "SIER2" },
	{ 737, "SIER3" },	{ 738, "MMCR3" },	{ 752, "SIER2" },
	{ 753, "SIER3" },	{ 754, "MMCR3" },	{ 769, "MMCR2" },
	{ 784, "SIER" },	{ 785, "MMCR2" },	{ 786, "MMCRA" },
	{ 787, "PMC1" },	{ 788, "PMC2" },	{ 789, "PMC3" },
	{ 790, "PMC4" },	{ 791, "PMC5" },	{ 792, "PMC6" },
	{ 793, "PMC7" },	{ 794, "PMC8" },	{ 795, "MMCR0" },
	{ 796, "SIAR" },	{ 797, "SDAR" },	{ 798, "MMCR1" },
	{ 804, "EBBHR" },	{ 805, "EBBRR" },	{ 806, "BESCR" },
	{ 813, "LMRR" },	{ 814, "LMSER" },	{ 815, "TAR" },
	{ 816, "ASDR" },	{ 848, "IC" },		{ 849, "VTB" },
	{ 850, "LDBAR" },	{ 851, "MMCRC" },	{ 855, "PSSCR" },
	{ 884, "PMCR" },	{ 895, "WORT" },	{ 896, "PPR" },
	{ 921, "TSCR" },	{ 1013, "DABR" },	{ 1015, "DABRX" },
	{ 1023, "PIR" },
	{ FA_PPCREGS_PSEUDO_NIA, "NIA" },
	{ FA_PPCREGS_PSEUDO_MSR, "MSR" },
	{ FA_PPCREGS_PSEUDO_CR, "CR" },
};

const char *fa_ppcregs_spr_name(uint32_t sprn)
{
	size_t lo = 0, hi = ARRAY_SIZE(spr_names);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (spr_names[mid].num == sprn)
			return spr_names[mid].name;
		if (spr_names[mid].num < sprn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int fa_ppcregs_spr_by_name(const char *name, uint32_t *sprn)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(spr_names); i++) {
		if (!strcasecmp(spr_names[i].name, name)) {
			*sprn = spr_names[i].num;
			return 0;
		}
	}
	return FA_ENOENT;
}

/* ---- REGSAVE ids -------------------------------------------------------- */

struct regsave_name {
	const char *id;
	int kind;
	int spr;
};

/* The ids QEMU's PAPR emulation emits, other than GPRnn. */
static const struct regsave_name regsave_names[] = {
	{ "ACOP", FA_PPCREG_SPR, 31 },		{ "AMR", FA_PPCREG_SPR, 29 },
	{ "BESCR", FA_PPCREG_SPR, 806 },	{ "CFAR", FA_PPCREG_SPR, 28 },
	{ "CIABR", FA_PPCREG_SPR, 187 },	{ "CPUEND", FA_PPCREG_MARKER, -1 },
	{ "CPUSTRT", FA_PPCREG_MARKER, -1 },	{ "CR", FA_PPCREG_OTHER, -1 },
	{ "CTR", FA_PPCREG_SPR, 9 },		{ "CTRL", FA_PPCREG_SPR, 136 },
	{ "DABR", FA_PPCREG_SPR, 1013 },	{ "DABRX", FA_PPCREG_SPR, 1015 },
	{ "DAR", FA_PPCREG_SPR, 19 },		{ "DAWR0", FA_PPCREG_SPR, 180 },
	{ "DAWR1", FA_PPCREG_SPR, 181 },	{ "DAWRX0", FA_PPCREG_SPR, 188 },
	{ "DAWRX1", FA_PPCREG_SPR, 189 },	{ "DPDES", FA_PPCREG_SPR, 176 },
	{ "DSCR", FA_PPCREG_SPR, 17 },		{ "DSISR", FA_PPCREG_SPR, 18 },
	{ "EBBHR", FA_PPCREG_SPR, 804 },	{ "EBBRR", FA_PPCREG_SPR, 805 },
	{ "FPSCR", FA_PPCREG_OTHER, -1 },	{ "FSCR", FA_PPCREG_SPR, 153 },
	{ "IAMR", FA_PPCREG_SPR, 61 },		{ "IC", FA_PPCREG_SPR, 848 },
	{ "LR", FA_PPCREG_SPR, 8 },		{ "MSR", FA_PPCREG_OTHER, -1 },
	{ "NIA", FA_PPCREG_OTHER, -1 },		{ "PIR", FA_PPCREG_SPR, 1023 },
	{ "PSPB", FA_PPCREG_SPR, 159 },		{ "PVR", FA_PPCREG_SPR, 287 },
	{ "RPR", FA_PPCREG_SPR, 186 },		{ "SPURR", FA_PPCREG_SPR, 308 },
	{ "SRR0", FA_PPCREG_SPR, 26 },		{ "SRR1", FA_PPCREG_SPR, 27 },
	{ "TAR", FA_PPCREG_SPR, 815 },		{ "TEXASR", FA_PPCREG_SPR, 130 },
	{ "TFHAR", FA_PPCREG_SPR, 128 },	{ "TFIAR", FA_PPCREG_SPR, 129 },
	{ "TIR", FA_PPCREG_SPR, 446 },		{ "UAMOR", FA_PPCREG_SPR, 157 },
	{ "VRSAVE", FA_PPCREG_SPR, 256 },	{ "VSCR", FA_PPCREG_OTHER, -1 },
	{ "VTB", FA_PPCREG_SPR, 849 },		{ "WORT", FA_PPCREG_SPR, 895 },
	{ "XER", FA_PPCREG_SPR, 1 },
};

/* "GPR" followed by one or two decimal digits naming 0..31. */
static int parse_gpr(const char *id)
{
	const char *d = id + 3;
	int n;

	if (strncmp(id, "GPR", 3) || d[0] < '0' || d[0] > '9')
		return -1;
	n = d[0] - '0';
	if (d[1]) {
		if (d[1] < '0' || d[1] > '9' || d[2])
			return -1;
		n = n * 10 + (d[1] - '0');
	}
	return n < 32 ? n : -1;
}

int fa_ppcregs_regsave_id(const char *id, struct fa_ppcregs_id *out)
{
	size_t i;
	int gpr;

	memset(out, 0, sizeof(*out));
	out->spr = -1;
	out->gpr = -1;

	gpr = parse_gpr(id);
	if (gpr >= 0) {
		out->kind = FA_PPCREG_GPR;
		out->gpr = gpr;
		snprintf(out->name, sizeof(out->name), "r%d", gpr);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(regsave_names); i++) {
		if (strcmp(regsave_names[i].id, id))
			continue;
		out->kind = regsave_names[i].kind;
		out->spr = regsave_names[i].spr;
		snprintf(out->name, sizeof(out->name), "%s", regsave_names[i].id);
		return 0;
	}
	return FA_ENOENT;
}

/* ---- bit strings ------------------------------------------------------- */

/* An snprintf-style accumulator: counts what it could not store. */
struct sbuf {
	char *buf;
	size_t len;
	size_t pos;
};

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	size_t room = sb->pos < sb->len ? sb->len - sb->pos : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? sb->buf + sb->pos : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->pos += (size_t)n;
}

static void sb_init(struct sbuf *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = len;
	sb->pos = 0;
	if (len)
		buf[0] = '\0';
}

/* Add "|name" (or "name" first). */
static void sb_flag(struct sbuf *sb, const char *name)
{
	sb_printf(sb, "%s%s", sb->pos ? "|" : "", name);
}

struct msr_bit {
	unsigned int bit;
	const char *name;
};

/* Book III-S 64-bit MSR bits, high to low (reg.h MSR_*_LG). */
static const struct msr_bit msr_bits[] = {
	{ 63, "SF" }, { 60, "HV" }, { 32, "TM" }, { 25, "VEC" },
	{ 23, "VSX" }, { 22, "S" }, { 15, "EE" }, { 14, "PR" },
	{ 13, "FP" }, { 12, "ME" }, { 11, "FE0" }, { 10, "SE" },
	{ 9, "BE" }, { 8, "FE1" }, { 5, "IR" }, { 4, "DR" },
	{ 2, "PMM" }, { 1, "RI" }, { 0, "LE" },
};

#define MSR_TS_T	(1ULL << 34)
#define MSR_TS_S	(1ULL << 33)

size_t fa_ppcregs_msr_str(uint64_t msr, char *buf, size_t len)
{
	uint64_t rest = msr & ~(MSR_TS_T | MSR_TS_S);
	struct sbuf sb;
	size_t i;

	sb_init(&sb, buf, len);
	for (i = 0; i < ARRAY_SIZE(msr_bits); i++) {
		uint64_t m = 1ULL << msr_bits[i].bit;

		/* The two-bit TS field sits just above TM (bit 32). */
		if (msr_bits[i].bit == 32) {
			if ((msr & (MSR_TS_T | MSR_TS_S)) == (MSR_TS_T | MSR_TS_S))
				sb_flag(&sb, "TS=RESV");
			else if (msr & MSR_TS_T)
				sb_flag(&sb, "TS=T");
			else if (msr & MSR_TS_S)
				sb_flag(&sb, "TS=S");
		}
		if (msr & m)
			sb_flag(&sb, msr_bits[i].name);
		rest &= ~m;
	}
	if (rest) {
		sb_printf(&sb, "%s%#llx", sb.pos ? "|" : "",
			  (unsigned long long)rest);
	}
	if (!sb.pos)
		sb_printf(&sb, "-");
	return sb.pos;
}

struct trap_name {
	uint16_t vec;
	const char *name;
};

static const struct trap_name trap_names[] = {
	{ 0x100, "System Reset" },
	{ 0x200, "Machine Check" },
	{ 0x300, "Data Storage" },
	{ 0x380, "Data Segment" },
	{ 0x400, "Instruction Storage" },
	{ 0x480, "Instruction Segment" },
	{ 0x500, "External" },
	{ 0x600, "Alignment" },
	{ 0x700, "Program" },
	{ 0x800, "FP Unavailable" },
	{ 0x900, "Decrementer" },
	{ 0x980, "Hypervisor Decrementer" },
	{ 0xa00, "Doorbell" },
	{ 0xc00, "System Call" },
	{ 0xd00, "Single Step" },
	{ 0xe00, "Hypervisor Data Storage" },
	{ 0xe20, "Hypervisor Instruction Storage" },
	{ 0xe40, "Hypervisor Emulation Assistance" },
	{ 0xe60, "HMI" },
	{ 0xe80, "Hypervisor Doorbell" },
	{ 0xea0, "Hypervisor Virtualization" },
	{ 0xf00, "Performance Monitor" },
	{ 0xf20, "Altivec Unavailable" },
	{ 0xf40, "VSX Unavailable" },
	{ 0xf60, "Facility Unavailable" },
	{ 0xf80, "Hypervisor Facility Unavailable" },
	{ 0x1500, "Denormalisation" },
	{ 0x1700, "Altivec Assist" },
};

const char *fa_ppcregs_trap_name(uint64_t trap)
{
	uint64_t vec = trap & ~0xfULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(trap_names); i++)
		if (trap_names[i].vec == vec)
			return trap_names[i].name;
	return NULL;
}

static void cr_field_flags(struct sbuf *sb, unsigned int f)
{
	static const char *const names[] = { "LT", "GT", "EQ", "SO" };
	unsigned int i, any = 0;

	for (i = 0; i < 4; i++) {
		if (!(f & (0x8 >> i)))
			continue;
		sb_printf(sb, "%s%s", any ? "|" : "", names[i]);
		any = 1;
	}
	if (!any)
		sb_printf(sb, "-");
}

size_t fa_ppcregs_cr_str(uint32_t cr, char *buf, size_t len)
{
	struct sbuf sb;
	unsigned int n;

	sb_init(&sb, buf, len);
	for (n = 0; n < 8; n++) {
		sb_printf(&sb, "%scr%u:", n ? " " : "", n);
		cr_field_flags(&sb, fa_ppcregs_cr_field(cr, n));
	}
	return sb.pos;
}

void fa_ppcregs_xer_decode(uint64_t xer, struct fa_ppcregs_xer *out)
{
	out->so = !!(xer & FA_XER_SO);
	out->ov = !!(xer & FA_XER_OV);
	out->ca = !!(xer & FA_XER_CA);
	out->ov32 = !!(xer & FA_XER_OV32);
	out->ca32 = !!(xer & FA_XER_CA32);
	out->byte_count = (unsigned int)(xer & FA_XER_BC_MASK);
}

size_t fa_ppcregs_xer_str(uint64_t xer, char *buf, size_t len)
{
	struct fa_ppcregs_xer x;
	struct sbuf sb;

	fa_ppcregs_xer_decode(xer, &x);
	sb_init(&sb, buf, len);
	if (x.so)
		sb_flag(&sb, "SO");
	if (x.ov)
		sb_flag(&sb, "OV");
	if (x.ca)
		sb_flag(&sb, "CA");
	if (x.ov32)
		sb_flag(&sb, "OV32");
	if (x.ca32)
		sb_flag(&sb, "CA32");
	if (!sb.pos)
		sb_printf(&sb, "-");
	sb_printf(&sb, " bc=%u", x.byte_count);
	return sb.pos;
}
