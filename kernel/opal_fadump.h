/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * opal_fadump.h - what the PowerNV platform code (opal_fadump.c) and the
 * opalcore (opal_core.c) share, as the kernel's opal-fadump.h does.
 * Private to those two files.
 */
#ifndef FA_KERNEL_OPAL_FADUMP_H
#define FA_KERNEL_OPAL_FADUMP_H

#include <stdint.h>

#include "fadump.h"
#include "hdat.h"
#include "opal.h"

struct opalcore;

/* The platform's private data (fadump_kernel.plat). */
struct opal_priv {
	struct fa_opal_fdm fdm;		/* opal_fdm, kept at kernel_metadata */
	struct fa_opal_fdm fdm_active;	/* opal_fdm_active (capture kernel) */
	int have_active;
	struct fa_opal_mpipl cpu_meta;	/* opal_cpu_metadata (header only) */
	struct fa_opal_region cpu_region;	/* its region[0] */
	int have_cpu_meta;
	int kernel_initiated;		/* opal-core's kernel_initiated */
	uint8_t reg_hdr[FADUMP_HDR_MAX];	/* header as registered */
	size_t reg_hdr_len;
	struct opalcore *oc;		/* opal-core's oc_conf */
	int oc_inited;			/* opalcore_init() ran */
};

/* opal_query_tag() - OPAL_MPIPL_QUERY_TAG, value converted from BE. */
int opal_query_tag(struct fadump_kernel *k, uint64_t tag, uint64_t *addr);

/*
 * opal_read_mpipl() - read an opal_mpipl_fadump at physical @addr; on
 * success md->region is malloc'd (fa_opal_mpipl_free).
 */
int opal_read_mpipl(struct fadump_kernel *k, uint64_t addr,
		    struct fa_opal_mpipl *md, struct fa_err *e);

/*
 * opal_fadump_read_cpu_data() - read the HDAT CPU data region
 * [@paddr, +@size) into *@buf (malloc'd) and start @it over it with
 * thread blocks of @entry_size bytes.  0 or an FA_E* code (buffer freed).
 */
int opal_fadump_read_cpu_data(struct fadump_kernel *k, uint64_t paddr,
			      uint64_t size, uint32_t entry_size,
			      uint8_t **buf, struct fa_hdat_iter *it,
			      struct fa_err *e);

/* opal_core.c: the model hooks of struct fadump_ops. */
int opalcore_write_root(struct fadump_kernel *k, const char *root,
			struct fa_err *e);
int opalcore_sysfs_write(struct fadump_kernel *k, const char *root,
			 const char *file, const char *val, size_t count);
void opalcore_free(struct opal_priv *p);

#endif /* FA_KERNEL_OPAL_FADUMP_H */
