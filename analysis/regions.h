/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regions.h - the physical memory map of a dump, region by region: boot
 * memory (source -> copy), the parts of the reserved area, other memory
 * and holes; and the kernel's fadump_region view rebuilt from it.
 */
#ifndef FA_REGIONS_H
#define FA_REGIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dump.h"
#include "fwsections.h"
#include "ktext.h"

enum fa_map_kind {
	FA_MAP_BOOT,		/* boot memory region (source addresses) */
	FA_MAP_CPU,		/* CPU state data */
	FA_MAP_HPTE,		/* HPTE region */
	FA_MAP_PAD,		/* alignment pad before the boot-memory copy */
	FA_MAP_BOOT_COPY,	/* the firmware's copy of boot memory */
	FA_MAP_CRASH_INFO,	/* crash-info header */
	FA_MAP_ELFCOREHDR,	/* pre-6.10 first-kernel elfcorehdr */
	FA_MAP_HDR_ELFCOREHDR,	/* both, cut from the dump, not told apart */
	FA_MAP_OPAL_META,	/* OPAL kernel metadata */
	FA_MAP_PARAM,		/* PARAM area (extra capture-kernel arguments) */
	FA_MAP_MEMORY,		/* other memory the dump holds */
	FA_MAP_HOLE,		/* nothing in the dump */
};

struct fa_map_entry {
	int kind;		/* enum fa_map_kind */
	unsigned int index;	/* boot region number */
	uint64_t start;
	uint64_t size;
	uint64_t copy;		/* FA_MAP_BOOT: where firmware copied it */
	int in_dump;		/* the dump holds its bytes */
};

struct fa_map {
	struct fa_map_entry *e;	/* sorted by start (boot copies by copy) */
	size_t n, cap;
};

/*
 * fa_map_build() - the memory map of @d with the sections @fw (platform
 * FA_FW_NONE gives memory and holes only).  Free with fa_map_free().
 * Returns 0 or FA_ENOMEM.
 */
int fa_map_build(const struct fa_dump *d, const struct fa_fwsections *fw,
		 struct fa_map *m, struct fa_err *e);
void fa_map_free(struct fa_map *m);

/* fa_map_kind_name() - "boot memory", "CPU state data", ... */
const char *fa_map_kind_name(int kind);
/* fa_map_kind_id() - stable JSON names: "boot", "cpu_state", ... */
const char *fa_map_kind_id(int kind);

struct fa_json;

/*
 * fa_map_print() - the map as an 80-column table: region, start, end (the
 * last byte, as the kernel prints ranges), size, and a note (where a boot
 * region was copied, what the dump lacks).  Returns 0 or FA_ENOMEM/FA_EIO.
 */
int fa_map_print(const struct fa_map *m, FILE *f);

/*
 * fa_map_json() - the map as a JSON array member @key of objects
 * {"kind", "index" (boot only), "start", "end", "size", "copy" (boot
 * only), "in_dump"}.
 */
void fa_map_json(const struct fa_map *m, struct fa_json *j, const char *key);

/*
 * fa_region_show_from_fw() - what the capture kernel's fadump_region shows
 * for @fw (dump active): pSeries sections in rgn[] order, or the OPAL
 * regions; the PARAM string read from the dump when it holds it.  From
 * the crashed kernel's own fdm (FA_FWSRC_VMLINUX): what that kernel's
 * fadump_region showed (its dump_active, bytes dumped 0).  Free
 * with fa_region_show_free().  FA_ENOENT without firmware sections.
 */
int fa_region_show_from_fw(const struct fa_dump *d,
			   const struct fa_fwsections *fw,
			   struct fa_region_show *s, struct fa_err *e);

/*
 * fa_region_show_compare() - name every disagreement between @a (called
 * @an) and @b (@bn) as one line each, appended to @out.  Returns the number
 * of disagreements.
 */
unsigned int fa_region_show_compare(const struct fa_region_show *a,
				    const char *an,
				    const struct fa_region_show *b,
				    const char *bn, struct fa_text *out);

#endif /* FA_REGIONS_H */
