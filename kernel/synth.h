/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * synth.h - the crashed first kernel's memory: synthetic RAM content, the
 * kernel image loaded at physical 0, and the state the kernel leaves behind
 * (VMCOREINFO note, linux_banner, init_uts_ns, the printk ring,
 * crashing_cpu, the online mask).
 */
#ifndef FA_KERNEL_SYNTH_H
#define FA_KERNEL_SYNTH_H

#include <stdint.h>

#include "fa_err.h"
#include "fa_range.h"
#include "machine.h"

/*
 * synth_populate() - fill RAM outside the image with seeded content per
 * cfg.content_*, load the image's PT_LOADs at (vaddr - PAGE_OFFSET) and
 * plant the kernel state.  Deterministic for a given config.
 */
int synth_populate(struct machine *m, struct fa_err *e);

/*
 * synth_vmcoreinfo() - where the VMCOREINFO ELF note is:
 * paddr_vmcoreinfo_note() and VMCOREINFO_NOTE_SIZE.  Returns 0 or FA_ENOENT
 * when the image defines no vmcoreinfo_note.
 */
int synth_vmcoreinfo(struct machine *m, uint64_t *paddr, uint64_t *note_size);

/*
 * synth_crash_time() - crash_save_vmcoreinfo(): append "CRASHTIME=<s>\n" to
 * vmcoreinfo_data and rewrite the note in memory.  Sets m->crash_time.
 * A --from-qemu machine keeps the guest kernel's own note: only
 * m->crash_time is set.
 */
int synth_crash_time(struct machine *m, uint64_t seconds, struct fa_err *e);

/*
 * synth_set_crashing_cpu() - set the kernel's crashing_cpu and panic_cpu
 * variables and m->crashing_cpu; the CPU must be online.
 */
int synth_set_crashing_cpu(struct machine *m, uint32_t cpu, struct fa_err *e);

/*
 * synth_set_online() - mark CPU @cpu online/offline in the machine and in
 * __cpu_online_mask.
 */
int synth_set_online(struct machine *m, uint32_t cpu, int online,
		     struct fa_err *e);

/*
 * synth_printk_append() - add one record to the kernel's printk ring (the
 * klog of the first kernel).  @level is the syslog level 0..7; @text may
 * hold several lines ("\n" inside one record).  Returns 0, or FA_ERANGE when
 * the ring is full (old records are not overwritten: the ring is sized so
 * that a model run never needs to).
 */
int synth_printk_append(struct machine *m, uint64_t ts_nsec, int level,
			const char *text, struct fa_err *e);

/*
 * synth_mem_init() - mem_init(): with --mem-model sparse, write the struct
 * pages now that memblock.reserved (@reserved, @nr_reserved) is final.
 * Does nothing for other memory models.
 */
int synth_mem_init(struct machine *m, const struct fa_range *reserved,
		   int nr_reserved, struct fa_err *e);

/* synth_release() - the capture kernel's osrelease for the machine's era. */
const char *synth_release(const struct machine *m);

#endif /* FA_KERNEL_SYNTH_H */
