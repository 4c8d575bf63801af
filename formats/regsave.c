// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regsave.c - decode and encode the pSeries register save area (§3).
 *
 * The decoder walks the area twice: once to validate and count, once to
 * fill, so that nothing is allocated from an unchecked NumCpus.
 */
#include <stdlib.h>
#include <string.h>

#include "regsave.h"
#include "fa_endian.h"
#include "prstatus.h"

const char *const fa_regsave_qemu_regs[FA_REGSAVE_QEMU_NREGS] = {
	"ACOP", "AMR", "BESCR", "CFAR", "CIABR", "CR", "CTR", "CTRL",
	"DABR", "DABRX", "DAR", "DAWR0", "DAWR1", "DAWRX0", "DAWRX1",
	"DPDES", "DSCR", "DSISR", "EBBHR", "EBBRR", "FPSCR", "FSCR",
	"GPR00", "GPR01", "GPR02", "GPR03", "GPR04", "GPR05", "GPR06",
	"GPR07", "GPR08", "GPR09", "GPR10", "GPR11", "GPR12", "GPR13",
	"GPR14", "GPR15", "GPR16", "GPR17", "GPR18", "GPR19", "GPR20",
	"GPR21", "GPR22", "GPR23", "GPR24", "GPR25", "GPR26", "GPR27",
	"GPR28", "GPR29", "GPR30", "GPR31",
	"IAMR", "IC", "LR", "MSR", "NIA", "PIR", "PSPB", "PVR", "RPR",
	"SPURR", "SRR0", "SRR1", "TAR", "TEXASR", "TFHAR", "TFIAR", "TIR",
	"UAMOR", "VRSAVE", "VSCR", "VTB", "WORT", "XER",
};

uint64_t *fa_regsave_qemu_ids(uint64_t ids[FA_REGSAVE_QEMU_NREGS])
{
	int i;

	for (i = 0; i < FA_REGSAVE_QEMU_NREGS; i++)
		ids[i] = fa_tag_to_u64(fa_regsave_qemu_regs[i]);
	return ids;
}

uint64_t fa_regsave_area_size(uint64_t ncpus, uint64_t nregs)
{
	uint64_t n;

	if (fa_add_overflows(nregs, 2, &n) ||
	    fa_mul_overflows(n, ncpus, &n) ||
	    fa_mul_overflows(n, FA_REGSAVE_ENTRY_SIZE, &n) ||
	    fa_add_overflows(n, FA_REGSAVE_HDR_SIZE + FA_REGSAVE_QEMU_PAD + 4, &n))
		return 0;
	return n;
}

/*
 * kstrtoint(s, 10) on a string of at most two characters: optional sign,
 * at least one digit, an optional trailing newline, nothing else.
 */
static int parse_gpr_digits(const char s[3], int *val)
{
	int neg = 0, v = 0, digits = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		digits++;
	}
	if (!digits)
		return -1;
	if (*s == '\n')
		s++;
	if (*s)
		return -1;
	*val = neg ? -v : v;
	return 0;
}

int fa_regsave_gpr_index(uint64_t id)
{
	char s[3];
	int v;

	if ((id & FA_TAG_GPR_MASK) != FA_TAG_GPR)
		return -1;
	s[0] = (char)(id >> 32);
	s[1] = (char)(id >> 24);
	s[2] = '\0';
	if (parse_gpr_digits(s, &v) || v < 0 || v > 31)
		return -1;
	return v;
}

/* The non-GPR ids rtas_fadump_set_regval() stores, and their slots. */
static const struct {
	uint64_t id;
	int slot;
} spr_slots[] = {
	{ FA_TAG_NIA, FA_PT_NIP },
	{ FA_TAG_MSR, FA_PT_MSR },
	{ FA_TAG_CTR, FA_PT_CTR },
	{ FA_TAG_LR, FA_PT_LINK },
	{ FA_TAG_XER, FA_PT_XER },
	{ FA_TAG_CR, FA_PT_CCR },
	{ FA_TAG_DAR, FA_PT_DAR },
	{ FA_TAG_DSISR, FA_PT_DSISR },
};

static void set_regval(uint64_t regs[FA_PT_NREGS], uint64_t id, uint64_t val)
{
	int i = fa_regsave_gpr_index(id);
	size_t k;

	if (i >= 0) {
		regs[i] = val;
		return;
	}
	for (k = 0; k < sizeof(spr_slots) / sizeof(spr_slots[0]); k++) {
		if (spr_slots[k].id == id) {
			regs[spr_slots[k].slot] = val;
			return;
		}
	}
}

void fa_regsave_to_pt_regs(const struct fa_regsave_entry *ent, size_t n,
			   uint64_t regs[FA_PT_NREGS])
{
	size_t i;

	memset(regs, 0, FA_PT_NREGS * sizeof(regs[0]));
	for (i = 0; i < n; i++)
		set_regval(regs, ent[i].id, ent[i].value);
}

/* Walk state shared by the counting and the filling pass. */
struct walk {
	const uint8_t *p;
	size_t len;
	size_t off;
	size_t nent;
	struct fa_regsave *fill;	/* NULL on the counting pass */
};

static void read_entry(const struct walk *w, struct fa_regsave_entry *ent)
{
	ent->id = fa_get64(w->p + w->off, FA_BE);
	ent->value = fa_get64(w->p + w->off + 8, FA_BE);
	fa_u64_to_tag(ent->id, ent->name);
}

static int walk_cpu(struct walk *w, uint32_t i, struct fa_err *e)
{
	struct fa_regsave_entry ent;
	struct fa_regsave_cpu c;

	memset(&c, 0, sizeof(c));
	if (w->len - w->off < FA_REGSAVE_ENTRY_SIZE)
		return fa_err_set(e, FA_ETRUNC,
				  "register save area: CPU block %u of NumCpus would start at offset %#zx, past the %zu-byte area",
				  i, w->off, w->len);
	read_entry(w, &ent);
	if (ent.id != FA_TAG_CPUSTRT)
		return fa_err_set(e, FA_ECORRUPT,
				  "Unable to read CPU state data: CPU block %u at offset %#zx starts with \"%s\" (%#llx), expected CPUSTRT",
				  i, w->off, ent.name, (unsigned long long)ent.id);
	c.start_off = w->off;
	c.start_value = ent.value;
	c.cpu = (uint32_t)ent.value;
	if (w->fill)
		c.regs = w->fill->entries + w->nent;
	for (w->off += FA_REGSAVE_ENTRY_SIZE;; w->off += FA_REGSAVE_ENTRY_SIZE) {
		if (w->len - w->off < FA_REGSAVE_ENTRY_SIZE)
			return fa_err_set(e, FA_ETRUNC,
					  "register save area: CPU block %u (cpu %u, CPUSTRT at offset %#zx) has no CPUEND before the end of the area at offset %#zx",
					  i, c.cpu, c.start_off, w->len);
		read_entry(w, &ent);
		if (ent.id == FA_TAG_CPUEND)
			break;
		if (w->fill)
			w->fill->entries[w->nent] = ent;
		w->nent++;
		c.nregs++;
	}
	c.end_value = ent.value;
	c.end_cpu = (uint32_t)ent.value;
	c.end_mismatch = c.end_cpu != c.cpu;
	w->off += FA_REGSAVE_ENTRY_SIZE;
	if (w->fill)
		w->fill->cpus[i] = c;
	return 0;
}

static int walk_all(struct walk *w, const struct fa_regsave *rs,
		    struct fa_err *e)
{
	uint32_t i;
	int rc;

	w->off = (size_t)rs->num_cpu_offset + 4;
	w->nent = 0;
	for (i = 0; i < rs->num_cpus; i++) {
		rc = walk_cpu(w, i, e);
		if (rc)
			return rc;
	}
	return 0;
}

static int decode_header(const uint8_t *p, size_t len, struct fa_regsave *out,
			 struct fa_err *e)
{
	uint64_t need;
	size_t ent_off;
	char tag[9];
	int rc;

	rc = fa_need(e, len, 0, FA_REGSAVE_HDR_SIZE, "register save area header");
	if (rc)
		return rc;
	out->magic_number = fa_get64(p, FA_BE);
	out->version = fa_get32(p + 8, FA_BE);
	out->num_cpu_offset = fa_get32(p + 12, FA_BE);
	if (out->magic_number != FA_TAG_REGSAVE)
		return fa_err_set(e, FA_EMAGIC,
				  "Unable to read register save area. (magic at offset 0x0 is %#llx \"%s\", expected REGSAVE %#llx)",
				  (unsigned long long)out->magic_number,
				  fa_u64_to_tag(out->magic_number, tag),
				  (unsigned long long)FA_TAG_REGSAVE);
	rc = fa_need(e, len, out->num_cpu_offset, 4, "register save area NumCpus (num_cpu_offset)");
	if (rc)
		return rc;
	out->num_cpus = fa_get32(p + out->num_cpu_offset, FA_BE);
	ent_off = (size_t)out->num_cpu_offset + 4;
	/* Each block holds at least CPUSTRT and CPUEND. */
	need = (uint64_t)out->num_cpus * 2 * FA_REGSAVE_ENTRY_SIZE;
	if (need > len - ent_off)
		return fa_err_set(e, FA_ECORRUPT,
				  "register save area: NumCpus %u at offset %#x needs at least %llu bytes of entries from offset %#zx, only %zu available",
				  out->num_cpus, out->num_cpu_offset,
				  (unsigned long long)need, ent_off, len - ent_off);
	return 0;
}

int fa_regsave_decode(const void *buf, size_t len, struct fa_regsave *out,
		      struct fa_err *e)
{
	struct walk w = { buf, len, 0, 0, NULL };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = decode_header(buf, len, out, e);
	if (rc)
		return rc;
	rc = walk_all(&w, out, e);
	if (rc)
		return rc;
	out->cpus = calloc(out->num_cpus ? out->num_cpus : 1, sizeof(*out->cpus));
	out->entries = calloc(w.nent ? w.nent : 1, sizeof(*out->entries));
	if (!out->cpus || !out->entries) {
		fa_regsave_free(out);
		return fa_err_set(e, FA_ENOMEM, "register save area: out of memory for %u CPUs",
				  out->num_cpus);
	}
	out->nentries = w.nent;
	w.fill = out;
	rc = walk_all(&w, out, e);
	out->end_off = w.off;
	return rc;
}

void fa_regsave_free(struct fa_regsave *rs)
{
	free(rs->cpus);
	free(rs->entries);
	rs->cpus = NULL;
	rs->entries = NULL;
	rs->nentries = 0;
}

static void put_entry(uint8_t *p, uint64_t id, uint64_t val)
{
	fa_put64(p, FA_BE, id);
	fa_put64(p + 8, FA_BE, val);
}

int fa_regsave_encode(const struct fa_regsave_layout *lay,
		      const struct fa_regsave_cpu_in *cpus, uint32_t ncpus,
		      void *buf, size_t len, size_t *written,
		      struct fa_err *e)
{
	uint8_t *p = buf;
	uint64_t need;
	size_t off;
	uint32_t i;
	size_t r;

	if (lay->num_cpu_offset < FA_REGSAVE_HDR_SIZE)
		return fa_err_set(e, FA_EINVAL,
				  "register save area: num_cpu_offset %u overlaps the 16-byte header",
				  lay->num_cpu_offset);
	need = fa_regsave_area_size(ncpus, lay->nids);
	/* QEMU's size less its header and padding, plus our NumCpus offset. */
	if (!need || fa_add_overflows(need - FA_REGSAVE_HDR_SIZE - FA_REGSAVE_QEMU_PAD,
				      lay->num_cpu_offset, &need) ||
	    need > len)
		return fa_err_set(e, FA_ERANGE,
				  "register save area: %u CPUs of %zu registers need %llu bytes, buffer holds %zu",
				  ncpus, lay->nids, (unsigned long long)need, len);
	memset(p, 0, lay->num_cpu_offset);
	fa_put64(p, FA_BE, FA_TAG_REGSAVE);
	fa_put32(p + 8, FA_BE, lay->version);
	fa_put32(p + 12, FA_BE, lay->num_cpu_offset);
	fa_put32(p + lay->num_cpu_offset, FA_BE, ncpus);
	off = (size_t)lay->num_cpu_offset + 4;
	for (i = 0; i < ncpus; i++) {
		put_entry(p + off, FA_TAG_CPUSTRT, cpus[i].cpu);
		off += FA_REGSAVE_ENTRY_SIZE;
		for (r = 0; r < lay->nids; r++, off += FA_REGSAVE_ENTRY_SIZE)
			put_entry(p + off, lay->ids[r], cpus[i].values[r]);
		put_entry(p + off, FA_TAG_CPUEND, cpus[i].cpu);
		off += FA_REGSAVE_ENTRY_SIZE;
	}
	*written = off;
	return 0;
}
