/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kfwdump.h - the crashed kernel's own FADump bookkeeping, read out of the
 * dump with the kernel's vmlinux (--vmlinux): `fw_dump` (struct fw_dump,
 * decoded with the DWARF member table of that very kernel, every era) and
 * the RTAS registration structure `fdm` (static struct
 * rtas_fadump_mem_struct in rtas-fadump.c) as they were in memory when the
 * kernel crashed.
 *
 * A mainline capture kernel cuts the whole reserved area out of
 * /proc/vmcore, and a bare vmcore has no ibm,kernel-dump beside it: these
 * two variables, inside the boot memory the dump does hold, are then the
 * only record of where the sections were.  They are the first kernel's
 * view: bytes_dumped 0 and dump_active 0, as its fadump_region showed.
 */
#ifndef FA_KFWDUMP_H
#define FA_KFWDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "fwdump.h"
#include "dump.h"
#include "rtas.h"

struct fa_kfwdump {
	uint64_t fw_dump_addr;		/* &fw_dump as the kernel ran */
	struct fa_fwdump fwd;	/* fw_dump, decoded */
	uint64_t fdm_addr;		/* &fdm; 0: this kernel has none */
	uint8_t fdm[FA_RTAS_FDM_SIZE];	/* its bytes (big-endian) */
	size_t fdm_len;			/* sizeof(fdm): 440 (6.10+), 160 */
	/* sizeof(struct fadump_crash_info_header); 0 when unknown */
	uint64_t crash_info_size;
};

/*
 * fa_kfwdump_read() - read fw_dump and fdm of @d's kernel with @vmlinux
 * (which the caller has checked is that kernel) into @k.  Returns 0,
 * FA_ENOENT (no fw_dump symbol or no DWARF for it: a kernel without
 * CONFIG_FA_DUMP, a vmlinux without debug info), or the read error naming
 * the address.
 */
int fa_kfwdump_read(const struct fa_dump *d, const char *vmlinux,
		    struct fa_kfwdump *k, struct fa_err *e);

#endif /* FA_KFWDUMP_H */
