/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu.h - a machine from a QEMU `dump-guest-memory` ELF of a real guest
 * (--from-qemu GUEST.elf --vmlinux VMLINUX).
 *
 * RAM comes from the file's PT_LOADs (read on demand, never copied whole),
 * CPU registers from its NT_PRSTATUS notes, symbols from VMLINUX.  QEMU 7.2
 * writes the ELF big-endian even for a little-endian guest and gets
 * e_ehsize and the section headers wrong: only program headers and notes
 * are trusted.  The guest's byte order is the vmlinux's.
 */
#ifndef FA_KERNEL_QEMU_H
#define FA_KERNEL_QEMU_H

#include "fa_err.h"
#include "machine.h"

/*
 * qemu_machine_create() - build a machine from c->from_qemu and c->vmlinux
 * (both required).  Memory map = the PT_LOADs; ncpus = the number of
 * NT_PRSTATUS notes (note i is logical CPU i, as QEMU writes them in CPU
 * order); the online mask and the crashing CPU are read from the guest's
 * __cpu_online_mask and panic_cpu when the image has them; the page size
 * from the guest's VMCOREINFO PAGESIZE.  On PowerNV the CPUs' PIRs are
 * the hw_cpu_id of the guest's pacas when they are sane.  m->crash_time is the
 * guest's wall clock at the pause (tk_core.timekeeper.xtime_sec), or 0
 * when it cannot be read.  c->platform, seed and era are kept.  On
 * success *@m owns the open guest file.
 */
int qemu_machine_create(const struct machine_config *c, struct machine **m,
			struct fa_err *e);

/*
 * qemu_machine_note() - for a machine qemu_machine_create() built, a
 * "fadump-tools: ..." line (with its newline) saying what of the guest's
 * state it could not take and what it kept instead; NULL otherwise.  The
 * string belongs to the machine.
 */
const char *qemu_machine_note(const struct machine *m);

#endif /* FA_KERNEL_QEMU_H */
