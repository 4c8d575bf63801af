/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fw_rtas.h - the pSeries (PowerVM) firmware model: the /rtas properties,
 * RTAS ibm,configure-kernel-dump, and what firmware does when the kernel
 * calls ibm,os-term with a dump registered (copy the boot memory regions,
 * write the register save area and the HPTE region, set bytes_dumped,
 * error_flags and dump_status_flag, expose ibm,kernel-dump), with fault
 * injection so that tests can make firmware misbehave.
 */
#ifndef FA_KERNEL_FW_RTAS_H
#define FA_KERNEL_FW_RTAS_H

#include <stdint.h>

#include "fa_err.h"
#include "machine.h"

#define FW_RTAS_TOKEN_CONFIGURE_KERNEL_DUMP	0x2a	/* our token value */
/*
 * QEMU numbers its RTAS calls RTAS_TOKEN_BASE (0x2000) + their index in
 * its table (include/hw/ppc/spapr.h): the genuine QEMU 11.1 device tree
 * has ibm,configure-kernel-dump 0x202d and ibm,os-term 0x201f.
 */
#define FW_RTAS_QEMU_TOKEN_CONFIGURE_KERNEL_DUMP	0x202d
#define FW_RTAS_QEMU_TOKEN_OS_TERM			0x201f
#define FW_RTAS_DEFAULT_CPU_SIZE		0x40020
#define FW_RTAS_DEFAULT_HPTE_SIZE		0x1000

/* Fault injection (all off when zeroed). */
struct fw_rtas_faults {
	int register_rc;		/* REGISTER returns this (0 = behave) */
	int busy;			/* answer RTAS_BUSY (-2) this many times */
	int section_error;		/* 1-based section index to flag */
	uint16_t section_error_flags;	/* its error_flags (default 0x4000) */
	int short_copy;			/* 1-based section index copied short */
	uint64_t short_by;		/* bytes missing (default one page) */
	int missing_cpu;		/* 1 + logical CPU left out of REGSAVE */
	int extra_cpu;			/* 1 + logical CPU id added to REGSAVE */
	int bad_magic;			/* REGSAVE magic corrupted */
	int bad_cpustrt;		/* first CPUSTRT id corrupted */
	int status_error;		/* dump_status_flag = DUMP_ERROR */
	int no_dump;			/* firmware ignores the os-term */
	uint64_t cpu_size, hpte_size;	/* ibm,configure-kernel-dump-sizes (0 = default) */
};

/*
 * fw_rtas_parse_fault() - one --fault option: "register-rc=N", "busy=N",
 * "section-error=I[:FLAGS]", "short-copy=I[:BYTES]", "missing-cpu=N",
 * "extra-cpu=N", "bad-magic", "bad-cpustrt", "status-error", "no-dump",
 * "cpu-size=N", "hpte-size=N".  Returns 0 or FA_EINVAL.
 */
int fw_rtas_parse_fault(struct fw_rtas_faults *f, const char *spec,
			struct fa_err *e);

struct fw_rtas;

/*
 * fw_rtas_create() - firmware for @m: sets /rtas/ibm,configure-kernel-dump,
 * -sizes and -version.  *out is owned by the caller (fw_rtas_destroy).
 */
int fw_rtas_create(struct machine *m, const struct fw_rtas_faults *f,
		   struct fw_rtas **out, struct fa_err *e);
void fw_rtas_destroy(struct fw_rtas *fw);

/*
 * fw_rtas_set_phyp() - behave as the POWER6 hypervisor-assisted dump
 * firmware of the legacy phyp dump: command 2 invalidates the dump taken
 * (removes ibm,kernel-dump), and a dump taken also sets the
 * /rtas/ibm,dump-kernel flag the v2.6.26..v2.6.36 kernel scans for.
 */
void fw_rtas_set_phyp(struct fw_rtas *fw);

/*
 * rtas_call() - the RTAS call interface: @token, @nargs input cells (each a
 * uint64_t vararg), @nret return cells (the first is the return value,
 * the others go to @outputs).  Only ibm,configure-kernel-dump (command,
 * structure address, length) is implemented; other tokens return -1.
 */
int rtas_call(struct fw_rtas *fw, int token, int nargs, int nret,
	      int *outputs, ...);

/* rtas_busy_delay_time() - milliseconds to wait for a busy return code. */
unsigned int rtas_busy_delay_time(int status);

/*
 * rtas_os_term() - ibm,os-term: firmware takes over.  With a dump
 * registered it preserves memory as registered and sets ibm,kernel-dump.
 */
void rtas_os_term(struct fw_rtas *fw, const char *msg);

/* fw_rtas_error() - a model failure inside firmware, or NULL. */
const struct fa_err *fw_rtas_error(const struct fw_rtas *fw);

#endif /* FA_KERNEL_FW_RTAS_H */
