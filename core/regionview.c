// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regionview.c - the fadump_region view of a registration struct (see
 * regionview.h).
 */
#include <stdlib.h>
#include <string.h>

#include "regionview.h"

const struct fa_rtas_section *fa_region_rtas_param(const struct fa_rtas_fdm *fdm)
{
	unsigned int i;

	for (i = 0; i < fdm->dump_num_sections && i < FA_RTAS_MAX_SECTIONS; i++)
		if (fdm->rgn[i].source_data_type == FA_RTAS_PARAM_AREA)
			return &fdm->rgn[i];
	return NULL;
}

int fa_region_view_rtas(const struct fa_rtas_fdm *fdm,
			enum fa_region_form form, int dump_active,
			uint64_t memory_above, const char *param,
			struct fa_region_show *s, struct fa_err *e)
{
	unsigned int i, n = fdm->dump_num_sections;

	memset(s, 0, sizeof(*s));
	s->form = form;
	s->dump_active = dump_active;
	s->memory_above = memory_above;
	if (n > FA_RTAS_MAX_SECTIONS)
		n = FA_RTAS_MAX_SECTIONS;
	for (i = 0; i < n; i++) {
		const struct fa_rtas_section *r = &fdm->rgn[i];
		struct fa_region_sect *o = &s->sect[i];

		o->type = r->source_data_type;
		o->src = r->source_address;
		o->dest = r->destination_address;
		o->size = r->source_len;
		o->dumped = r->bytes_dumped;
		if (r->source_data_type == FA_RTAS_PARAM_AREA && param) {
			o->param = strdup(param);
			if (!o->param) {
				fa_region_show_free(s);
				return fa_err_set(e, FA_ENOMEM, "out of memory");
			}
		}
	}
	s->nr = n;
	return 0;
}

void fa_region_view_opal(const struct fa_opal_fdm *fdm, int dump_active,
			 uint64_t memory_above, struct fa_region_show *s)
{
	unsigned int i, n = fdm->region_cnt;

	memset(s, 0, sizeof(*s));
	s->form = FA_REGION_OPAL;
	s->dump_active = dump_active;
	s->memory_above = memory_above;
	if (n > FA_OPAL_FADUMP_MAX_MEM_REGS)
		n = FA_OPAL_FADUMP_MAX_MEM_REGS;
	for (i = 0; i < n; i++) {
		s->sect[i].type = FA_RGN_RMR;
		s->sect[i].src = fdm->rgn[i].src;
		s->sect[i].dest = fdm->rgn[i].dest;
		s->sect[i].size = fdm->rgn[i].size;
	}
	s->nr = n;
	fa_region_opal_fill_dumped(s, fdm->registered_regions);
}
