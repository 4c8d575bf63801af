// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cx_report.c - text for the decoded FADump structures (see cx_report.h).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cpumap.h"
#include "regs.h"
#include "cx_report.h"
#include "fa_endian.h"

void fa_cx_print_rtas_fdm(FILE *out, const struct fa_rtas_fdm *fdm)
{
	char st[128], ef[128];
	unsigned int i, n = fdm->dump_num_sections;

	fa_rtas_dump_status_str(fdm->dump_status_flag, st, sizeof(st));
	fprintf(out, "  dump_format_version %u, dump_num_sections %u, dump_status_flag 0x%x (%s)\n",
		fdm->dump_format_version, n, fdm->dump_status_flag, st);
	if (n > FA_RTAS_MAX_SECTIONS)
		n = FA_RTAS_MAX_SECTIONS;
	for (i = 0; i < n; i++) {
		const struct fa_rtas_section *s = &fdm->rgn[i];
		const char *type = fa_rtas_section_type_name(s->source_data_type);

		fa_rtas_error_flags_str(s->error_flags, ef, sizeof(ef));
		fprintf(out, "  rgn[%u] %-16s src 0x%" PRIx64 " len 0x%" PRIx64
			" -> dest 0x%" PRIx64 ", dumped 0x%" PRIx64 ", error_flags 0x%x (%s)\n",
			i, type ? type : "unknown", s->source_address,
			s->source_len, s->destination_address, s->bytes_dumped,
			s->error_flags, ef);
	}
}

void fa_cx_print_opal_fdm(FILE *out, const struct fa_opal_fdm *fdm)
{
	unsigned int i, n = fdm->region_cnt;

	fprintf(out, "  version %u, region_cnt %u, registered_regions %u, fadumphdr_addr 0x%" PRIx64 "\n",
		fdm->version, fdm->region_cnt, fdm->registered_regions,
		fdm->fadumphdr_addr);
	if (n > FA_OPAL_FADUMP_MAX_MEM_REGS)
		n = FA_OPAL_FADUMP_MAX_MEM_REGS;
	for (i = 0; i < n; i++)
		fprintf(out, "  rgn[%u] src 0x%" PRIx64 " size 0x%" PRIx64
			" -> dest 0x%" PRIx64 "%s\n", i, fdm->rgn[i].src,
			fdm->rgn[i].size, fdm->rgn[i].dest,
			i < fdm->registered_regions ? "" : " (not registered)");
}

void fa_cx_print_crashinfo(FILE *out, const struct fa_crashinfo *ci)
{
	char list[256];
	size_t mb = ci->cpu_mask_sz < sizeof(ci->cpu_mask) ?
		    ci->cpu_mask_sz : sizeof(ci->cpu_mask);

	fa_cpulist(ci->cpu_mask, mb, list, sizeof(list));
	if (ci->era == FA_CI_FADMPSIG)
		fprintf(out, "  magic FADMPSIG, version %u, %s\n", ci->version,
			fa_bo_name(ci->byteorder));
	else
		fprintf(out, "  magic FADMPINF (before v6.10), %s, elfcorehdr_addr 0x%" PRIx64 "\n",
			fa_bo_name(ci->byteorder), ci->elfcorehdr_addr);
	if (ci->crashing_cpu == FA_CI_CPU_UNKNOWN)
		fprintf(out, "  crashing_cpu FADUMP_CPU_UNKNOWN (the dump was not kernel-initiated)\n");
	else
		fprintf(out, "  crashing_cpu %u\n", ci->crashing_cpu);
	fprintf(out, "  cpu_mask %s\n", list);
	if (ci->era == FA_CI_FADMPSIG)
		fprintf(out, "  vmcoreinfo_raddr 0x%" PRIx64 " (0x%" PRIx64
			" bytes), pt_regs_sz %u, cpu_mask_sz %u\n",
			ci->vmcoreinfo_raddr, ci->vmcoreinfo_size,
			ci->pt_regs_sz, ci->cpu_mask_sz);
	else
		fprintf(out, "  pt_regs_sz %u, cpu_mask_sz %u (assumed from the kernel's types)\n",
			ci->pt_regs_sz, ci->cpu_mask_sz);
}

void fa_cx_print_segments(FILE *out, const struct fa_cx_dump *d,
			  const int *sect, const char *const *detail)
{
	size_t i;

	fprintf(out, "  %-4s %-18s %-18s %-12s %s\n", "LOAD", "PADDR", "VADDR",
		"FILESZ", "CONTENTS");
	for (i = 0; i < d->nr_load; i++) {
		const struct fa_cx_load *l = &d->load[i];

		fprintf(out, "  %-4zu 0x%-16" PRIx64 " 0x%-16" PRIx64 " 0x%-10" PRIx64 " %s%s%s\n",
			i, l->paddr, l->vaddr, l->filesz,
			sect[i] ? fa_cx_sect_name(sect[i]) : "memory",
			detail && detail[i] ? ": " : "",
			detail && detail[i] ? detail[i] : "");
	}
}

static const char *fw_reg_at(const void *list, size_t i, uint64_t *value)
{
	const struct fa_regsave_entry *r = (const struct fa_regsave_entry *)list + i;

	*value = r->value;
	return r->name;
}

void fa_cx_print_fw_regs(FILE *out, const struct fa_regsave_cpu *c)
{
	fa_regs_print_list(out, c->regs, c->nregs, fw_reg_at);
}
