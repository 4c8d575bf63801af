/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regionview.h - the fadump_region view (struct fa_region_show, rendered by
 * fa_region_render()) of a platform registration struct, as the kernel's
 * rtas_fadump_region_show() / opal_fadump_region_show() build it.  One
 * builder per registration struct for the kernel model, fadump-analyze
 * regions and crash's fadump-region.
 */
#ifndef FA_CORE_REGIONVIEW_H
#define FA_CORE_REGIONVIEW_H

#include <stdint.h>

#include "fa_err.h"
#include "ktext.h"
#include "opal.h"
#include "rtas.h"

/*
 * fa_region_view_rtas() - @s for the pSeries registration struct @fdm in
 * @form, with @dump_active and @memory_above (boot_mem_top) of the kernel
 * that shows it.  Each PARAM_AREA section gets a copy of @param (the
 * string at its destination) unless @param is NULL.  Free with
 * fa_region_show_free(); 0 or FA_ENOMEM (@s then freed).
 */
int fa_region_view_rtas(const struct fa_rtas_fdm *fdm,
			enum fa_region_form form, int dump_active,
			uint64_t memory_above, const char *param,
			struct fa_region_show *s, struct fa_err *e);

/*
 * fa_region_rtas_param() - the PARAM_AREA section of @fdm (whose
 * destination holds the string fa_region_view_rtas() takes), or NULL.
 */
const struct fa_rtas_section *fa_region_rtas_param(const struct fa_rtas_fdm *fdm);

/*
 * fa_region_view_opal() - @s for the OPAL kernel metadata @fdm: one DUMP
 * line per region, "Dumped" as opal_fadump_region_show() computes it.
 */
void fa_region_view_opal(const struct fa_opal_fdm *fdm, int dump_active,
			 uint64_t memory_above, struct fa_region_show *s);

#endif /* FA_CORE_REGIONVIEW_H */
