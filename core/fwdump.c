// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fwdump.c - decode and print the crashed kernel's struct fw_dump from its
 * bytes and a DWARF-derived member table (see fwdump.h).
 */
#include <inttypes.h>
#include <string.h>

#include "fwdump.h"
#include "fa_endian.h"

enum { DEC, HEX, BIT };

static const struct {
	const char *name;
	int fmt;
} fwd_members[FA_FWD_NR] = {
	[FA_FWD_RESERVE_DUMP_AREA_START] = { "reserve_dump_area_start", HEX },
	[FA_FWD_RESERVE_DUMP_AREA_SIZE] = { "reserve_dump_area_size", HEX },
	[FA_FWD_RESERVE_BOOTVAR] = { "reserve_bootvar", HEX },
	[FA_FWD_CPU_STATE_DATA_SIZE] = { "cpu_state_data_size", HEX },
	[FA_FWD_CPU_STATE_DEST_VADDR] = { "cpu_state_dest_vaddr", HEX },
	[FA_FWD_CPU_STATE_DATA_VERSION] = { "cpu_state_data_version", DEC },
	[FA_FWD_CPU_STATE_ENTRY_SIZE] = { "cpu_state_entry_size", HEX },
	[FA_FWD_HPTE_REGION_SIZE] = { "hpte_region_size", HEX },
	[FA_FWD_BOOT_MEMORY_SIZE] = { "boot_memory_size", HEX },
	[FA_FWD_BOOT_MEM_DEST_ADDR] = { "boot_mem_dest_addr", HEX },
	[FA_FWD_BOOT_MEM_ADDR] = { "boot_mem_addr", HEX },
	[FA_FWD_BOOT_MEM_SZ] = { "boot_mem_sz", HEX },
	[FA_FWD_BOOT_MEM_TOP] = { "boot_mem_top", HEX },
	[FA_FWD_BOOT_MEM_REGS_CNT] = { "boot_mem_regs_cnt", DEC },
	[FA_FWD_FADUMPHDR_ADDR] = { "fadumphdr_addr", HEX },
	[FA_FWD_ELFCOREHDR_ADDR] = { "elfcorehdr_addr", HEX },
	[FA_FWD_ELFCOREHDR_SIZE] = { "elfcorehdr_size", HEX },
	[FA_FWD_CPU_NOTES_BUF_VADDR] = { "cpu_notes_buf_vaddr", HEX },
	[FA_FWD_CPU_NOTES_BUF_SIZE] = { "cpu_notes_buf_size", HEX },
	[FA_FWD_PARAM_AREA] = { "param_area", HEX },
	[FA_FWD_MAX_COPY_SIZE] = { "max_copy_size", HEX },
	[FA_FWD_KERNEL_METADATA] = { "kernel_metadata", HEX },
	[FA_FWD_IBM_CONFIGURE_KERNEL_DUMP] = { "ibm_configure_kernel_dump", DEC },
	[FA_FWD_FADUMP_ENABLED] = { "fadump_enabled", BIT },
	[FA_FWD_FADUMP_SUPPORTED] = { "fadump_supported", BIT },
	[FA_FWD_DUMP_ACTIVE] = { "dump_active", BIT },
	[FA_FWD_DUMP_REGISTERED] = { "dump_registered", BIT },
	[FA_FWD_NOCMA] = { "nocma", BIT },
	[FA_FWD_PARAM_AREA_SUPPORTED] = { "param_area_supported", BIT },
	[FA_FWD_OPS] = { "ops", HEX },
};

const char *fa_fwd_name(int f)
{
	if (f < 0 || f >= FA_FWD_NR)
		return NULL;
	return fwd_members[f].name;
}

int fa_fwd_is_bitfield(int f)
{
	return f >= 0 && f < FA_FWD_NR && fwd_members[f].fmt == BIT;
}

static int fwd_is_array(int f)
{
	return f == FA_FWD_BOOT_MEM_ADDR || f == FA_FWD_BOOT_MEM_SZ;
}

void fa_fwd_layout_init(struct fa_fwd_layout *l)
{
	int i;

	memset(l, 0, sizeof(*l));
	l->struct_size = -1;
	for (i = 0; i < FA_FWD_NR; i++) {
		l->m[i].offset = -1;
		l->m[i].size = -1;
		l->m[i].bitpos = -1;
	}
}

int fa_fwd_bitfield(const uint8_t *buf, size_t len, int bo, long bitpos,
		   long bitsize, uint64_t *v, struct fa_err *e)
{
	size_t first, nbytes, i;
	unsigned int shift;
	unsigned __int128 acc = 0;
	uint64_t mask;

	if (bitpos < 0 || bitsize < 1 || bitsize > 64)
		return fa_err_set(e, FA_ERANGE,
				  "bitfield at bit %ld of %ld bits: expected a position >= 0 and 1..64 bits",
				  bitpos, bitsize);
	first = (size_t)bitpos / 8;
	shift = (unsigned int)(bitpos % 8);
	nbytes = (shift + (size_t)bitsize + 7) / 8;
	if (fa_need(e, len, first, nbytes, "bitfield"))
		return FA_ETRUNC;
	/* Load the bytes that hold the field as one number in memory order. */
	for (i = 0; i < nbytes; i++) {
		if (bo == FA_BE)
			acc = acc << 8 | buf[first + i];
		else
			acc |= (unsigned __int128)buf[first + i] << (8 * i);
	}
	mask = bitsize == 64 ? ~0ULL : (1ULL << bitsize) - 1;
	if (bo == FA_BE)
		*v = (uint64_t)(acc >> (8 * nbytes - shift - (size_t)bitsize)) & mask;
	else
		*v = (uint64_t)(acc >> shift) & mask;
	return 0;
}

static int fwd_scalar(const uint8_t *buf, size_t len, int bo, int f,
		      const struct fa_fwd_member *m, uint64_t *v,
		      struct fa_err *e)
{
	if (m->bitsize > 0) {
		if (fa_fwd_bitfield(buf, len, bo, m->bitpos, m->bitsize, v, e))
			return fa_err_prefix(e, "%s: ", fwd_members[f].name);
		return 0;
	}
	if (fa_need(e, len, (size_t)m->offset, (size_t)m->size, fwd_members[f].name))
		return FA_ETRUNC;
	switch (m->size) {
	case 1:
		*v = buf[m->offset];
		return 0;
	case 2:
		*v = fa_get16(buf + m->offset, bo);
		return 0;
	case 4:
		*v = fa_get32(buf + m->offset, bo);
		return 0;
	case 8:
		*v = fa_get64(buf + m->offset, bo);
		return 0;
	}
	return fa_err_set(e, FA_ECORRUPT,
			  "fw_dump.%s: expected a member of 1, 2, 4 or 8 bytes, found %ld",
			  fwd_members[f].name, m->size);
}

static int fwd_array(const uint8_t *buf, size_t len, int bo, int f,
		     const struct fa_fwd_member *m, unsigned int n,
		     uint64_t *out, struct fa_err *e)
{
	unsigned int i;

	if ((unsigned long)m->size < (unsigned long)n * 8)
		return fa_err_set(e, FA_ECORRUPT,
				  "fw_dump.%s: expected at least %u u64 slots, member is %ld bytes",
				  fwd_members[f].name, n, m->size);
	if (fa_need(e, len, (size_t)m->offset, (size_t)n * 8, fwd_members[f].name))
		return FA_ETRUNC;
	for (i = 0; i < n; i++)
		out[i] = fa_get64(buf + m->offset + 8 * i, bo);
	return 0;
}

static unsigned int fwd_array_slots(const struct fa_fwd_layout *l)
{
	long a = l->m[FA_FWD_BOOT_MEM_ADDR].size;
	long s = l->m[FA_FWD_BOOT_MEM_SZ].size;
	long n = (a < s ? a : s) / 8;

	return n > FA_FWD_MAX_MEM_REGS ? FA_FWD_MAX_MEM_REGS : (unsigned int)n;
}

int fa_fwdump_decode(const uint8_t *buf, size_t len, int bo,
			const struct fa_fwd_layout *l,
			struct fa_fwdump *out, struct fa_err *e)
{
	unsigned int n;
	int f, rc;

	memset(out, 0, sizeof(*out));
	out->struct_size = l->struct_size;
	for (f = 0; f < FA_FWD_NR; f++) {
		const struct fa_fwd_member *m = &l->m[f];

		if (fwd_is_array(f) || (m->offset < 0 && m->bitsize <= 0))
			continue;
		rc = fwd_scalar(buf, len, bo, f, m, &out->v[f], e);
		if (rc)
			return fa_err_prefix(e, "fw_dump: ");
		out->present[f] = 1;
	}
	if (l->m[FA_FWD_BOOT_MEM_ADDR].offset < 0 ||
	    l->m[FA_FWD_BOOT_MEM_SZ].offset < 0)
		return 0;
	n = fwd_array_slots(l);
	if (out->present[FA_FWD_BOOT_MEM_REGS_CNT] &&
	    out->v[FA_FWD_BOOT_MEM_REGS_CNT] < n)
		n = (unsigned int)out->v[FA_FWD_BOOT_MEM_REGS_CNT];
	rc = fwd_array(buf, len, bo, FA_FWD_BOOT_MEM_ADDR,
		       &l->m[FA_FWD_BOOT_MEM_ADDR], n, out->boot_mem_addr, e);
	if (!rc)
		rc = fwd_array(buf, len, bo, FA_FWD_BOOT_MEM_SZ,
			       &l->m[FA_FWD_BOOT_MEM_SZ], n, out->boot_mem_sz, e);
	if (rc)
		return fa_err_prefix(e, "fw_dump: ");
	out->present[FA_FWD_BOOT_MEM_ADDR] = 1;
	out->present[FA_FWD_BOOT_MEM_SZ] = 1;
	out->nr_boot_mem = n;
	return 0;
}

const char *fa_fwdump_era(const struct fa_fwdump *d)
{
	if (d->present[FA_FWD_ELFCOREHDR_ADDR])
		return "v6.10+";
	if (d->present[FA_FWD_BOOT_MEM_TOP])
		return "v5.5-v6.9";
	return "before v5.5";
}

static void print_boot_regions(FILE *out, const struct fa_fwdump *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_boot_mem; i++) {
		uint64_t a = d->boot_mem_addr[i], s = d->boot_mem_sz[i];

		fprintf(out, "    boot memory region %-6u 0x%" PRIx64 "-0x%" PRIx64
			" (0x%" PRIx64 " bytes)\n", i, a, s ? a + s - 1 : a, s);
	}
}

void fa_fwdump_print(FILE *out, const struct fa_fwdump *d,
			const struct fa_fwd_layout *l, unsigned int flags)
{
	int f, n;

	for (f = 0; f < FA_FWD_NR; f++) {
		const char *name = fwd_members[f].name;

		if (fwd_is_array(f))
			continue;
		if (!d->present[f])
			continue;
		if (fwd_members[f].fmt == HEX)
			fprintf(out, "  %-27s 0x%" PRIx64, name, d->v[f]);
		else
			fprintf(out, "  %-27s %" PRIu64, name, d->v[f]);
		if (flags & FA_FWD_VERBOSE) {
			if (l->m[f].bitsize > 0)
				fprintf(out, "   [bit %ld]", l->m[f].bitpos);
			else
				fprintf(out, "   [+%ld, %ld bytes]",
					l->m[f].offset, l->m[f].size);
		}
		fputc('\n', out);
		if (f == FA_FWD_BOOT_MEM_REGS_CNT)
			print_boot_regions(out, d);
	}
	if (!d->present[FA_FWD_BOOT_MEM_REGS_CNT])
		print_boot_regions(out, d);
	if (!(flags & FA_FWD_VERBOSE))
		return;
	fprintf(out, "  members this kernel's fw_dump lacks:");
	for (f = 0, n = 0; f < FA_FWD_NR; f++)
		if (!d->present[f] && ++n)
			fprintf(out, " %s", fwd_members[f].name);
	fprintf(out, "%s\n", n ? "" : " none");
}
