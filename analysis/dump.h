/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dump.h - open any DUMP fadump-analyze is given and describe it.
 *
 * A DUMP is an ELF vmcore (ppc64 of either byte order; other machines are
 * "plain kdump"), a kdump-compressed file (memory read through
 * libkdumpfile), an opalcore, or a capture root directory as fadump-kernel
 * writes it (ROOT/proc/vmcore plus ROOT/proc/device-tree and the sysfs and
 * debugfs files; "/" on a real capture kernel).  The type comes from the
 * content, never from the name.
 *
 * Opening reads headers and notes only: memory is read on demand through
 * d->mem or fa_dump_read_phys(), so opening a 1 TiB vmcore costs the same
 * as opening a small one.
 */
#ifndef FA_DUMP_H
#define FA_DUMP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "elfcore.h"
#include "fa_err.h"
#include "fa_mem.h"
#include "vmcoreinfo.h"

enum fa_dump_format {
	FA_DUMP_ELF = 1,	/* ELF64 vmcore (any machine, either order) */
	FA_DUMP_KDUMP = 2,	/* kdump-compressed (makedumpfile -c/-l/-p/-z) */
	FA_DUMP_OPALCORE = 3,	/* PowerNV opalcore: BE, PIR notes + NT_AUXV */
	FA_DUMP_FLAT = 4,	/* flattened stream (makedumpfile -F): convert
				 * rebuilds it, the readers refuse it */
	FA_DUMP_ROOT = 5,	/* capture root: a directory with proc/vmcore */
};

/* One range of physical memory the dump holds, sorted by paddr. */
struct fa_dump_range {
	uint64_t paddr;
	uint64_t vaddr;		/* p_vaddr; 0 when the dump has none */
	uint64_t size;		/* p_memsz: bytes of memory described */
	uint64_t filesz;	/* bytes backed by file data (the rest reads 0) */
	uint64_t offset;	/* ELF file offset; 0 for kdump-compressed */
};

struct fa_dump_kdump;		/* private: the libkdumpfile side */
struct fa_dump;

/* What a format's probe() looks at: the path's stat and its first bytes. */
#define FA_DUMP_PROBE_LEN	512
struct fa_dump_probe {
	struct stat st;
	uint8_t buf[FA_DUMP_PROBE_LEN];
	size_t len;			/* bytes read into buf (0: not read) */
};

/*
 * One format of DUMP (the table in dump.c): every way into a dump goes
 * through it, so that all subcommands, convert included, agree on what a
 * file is.  The ELF entry covers both byte orders and the opalcore (told
 * apart by its notes once open).
 */
struct fa_dump_ops {
	int format;			/* enum fa_dump_format */
	const char *name;		/* "ELF vmcore", "capture root" ... */
	/* probe() - 1 when @p is this format (by content, never by name). */
	int (*probe)(const struct fa_dump_probe *p);
	/*
	 * open() - fill @d from the file @fd (borrowed; an entry that keeps
	 * it dups or reopens it) whose first bytes are @p; the capture
	 * root's follows ROOT/proc/vmcore to the entry of that file.
	 */
	int (*open)(struct fa_dump *d, int fd, const struct fa_dump_probe *p,
		    unsigned int flags, struct fa_err *e);
	/* read() - the fa_mem reader of an open dump (ctx: the fa_dump). */
	int (*read)(void *ctx, int space, uint64_t addr, void *buf, size_t len,
		    struct fa_err *e);
	/* close() - free what open() attached to @d. */
	void (*close)(struct fa_dump *d);
};

/*
 * An open dump.  Every field is read-only for callers and owned by the
 * dump; fa_dump_close() frees all of it.
 */
struct fa_dump {
	char *path;			/* DUMP as given on the command line */
	char *root;			/* capture root directory, or NULL */
	char *file;			/* the file read: DUMP or ROOT/proc/vmcore */
	int format;			/* enum fa_dump_format */
	const struct fa_dump_ops *ops;	/* the file's entry of the table */
	int byteorder;			/* FA_LE / FA_BE of the crashed kernel */
	uint16_t machine;		/* ELF e_machine: 21 ppc64, 62 x86_64 ... */
	uint32_t page_size;		/* VMCOREINFO PAGESIZE, header, or 0 */
	uint64_t file_size;
	uint64_t expected_size;		/* > file_size: a truncated dump */
	struct fa_elfcore *elf;		/* ELF and opalcore; NULL for kdump */
	struct fa_dump_kdump *kdump;	/* kdump-compressed; NULL otherwise */
	/* All ELF notes of the dump (PT_NOTEs / the kdump note blob). */
	const uint8_t *notes;
	size_t notes_len;
	/* VMCOREINFO, parsed; NULL when absent or unparsable (then why). */
	struct fa_vmcoreinfo *vmcoreinfo;
	struct fa_err vmcoreinfo_err;
	struct fa_dump_range *ranges;	/* PT_LOADs / dumpable runs */
	size_t nranges;
	/* Memory reader (FA_PHYS and FA_KVADDR). */
	struct fa_mem mem;
	/* kdump-compressed only: header fields kept for display. */
	char kdump_release[66];		/* utsname.release */
	int64_t kdump_tv_sec;		/* crash time in the header */
	uint32_t kdump_nr_cpus;
	uint32_t kdump_current_cpu;
};

/* Open flags. */
#define FA_DUMP_NO_MEMORY	0x1	/* headers only: d->mem reads fail */
/*
 * An ELF vmcore whose PT_LOAD data runs past the end of the file (copied
 * or saved partly) is opened: d->expected_size says how big it should be,
 * the ranges' filesz stop at the end of the file and reads of the missing
 * bytes fail with FA_ETRUNC.  Without it such a dump is refused.
 */
#define FA_DUMP_TRUNCATED_OK	0x2

/*
 * fa_dump_open() - detect what @path is and open it.  On success *@out is a
 * new dump the caller frees with fa_dump_close().  Errors (one line in @e,
 * naming the file, what was expected and what was found): FA_ENOENT (no
 * such file; a directory without proc/vmcore), FA_EMAGIC (neither ELF nor
 * kdump-compressed; empty file), FA_ETRUNC / FA_ERANGE / FA_ECORRUPT /
 * FA_EUNSUP from the codecs, FA_ELIB (libkdumpfile), FA_EIO, FA_ENOMEM.
 */
int fa_dump_open(const char *path, unsigned int flags, struct fa_dump **out,
		 struct fa_err *e);

/* fa_dump_close() - free @d and everything it owns (NULL is fine). */
void fa_dump_close(struct fa_dump *d);

/*
 * fa_dump_probe() - the table entry @p is (a directory: the capture
 * root's).  NULL with one line in @e when no entry matches: FA_EMAGIC
 * (empty, or no known signature at offset 0); the caller names the file.
 */
const struct fa_dump_ops *fa_dump_probe(const struct fa_dump_probe *p,
					struct fa_err *e);

/*
 * What the readers say of a flattened stream, and convert of one it
 * cannot take (a stream for --mem-usage, -E, --split): rebuild it first.
 */
#define FA_DUMP_FLAT_REFUSED \
	"a flattened makedumpfile stream: rebuild it first " \
	"(makedumpfile -R, or fadump-analyze convert IN OUT)"

/*
 * fa_dump_probe_fd() - read the first bytes of @fd (stat'ed into
 * @p->st) and probe them: fa_dump_probe() of a file.  A directory is
 * FA_EINVAL ("is a directory"), a read error its errno's code; these
 * name @file.
 */
const struct fa_dump_ops *fa_dump_probe_fd(int fd, struct fa_dump_probe *p,
					   const char *file, struct fa_err *e);

/*
 * fa_dump_file() - the file DUMP @path is read from, into @buf of @size
 * bytes: ROOT/proc/vmcore for a capture root directory (fa_root_vmcore),
 * else @path itself.  Returns 0, FA_ENOENT (a directory without
 * proc/vmcore: not a capture root) or FA_ERANGE (too long).
 */
int fa_dump_file(const char *path, char *buf, size_t size, struct fa_err *e);

/*
 * fa_root_vmcore() - "ROOT/proc/vmcore" of the capture root @root into
 * @buf (trailing slashes of @root dropped; "/" gives "/proc/vmcore"):
 * the one place the path is spelled.  Returns 0 or FA_ERANGE.
 */
int fa_root_vmcore(const char *root, char *buf, size_t size,
		   struct fa_err *e);

/* fa_dump_format_name() - "ELF vmcore", "kdump-compressed", "opalcore". */
const char *fa_dump_format_name(int format);

/* fa_dump_machine_name() - "ppc64", "ppc64le", "x86_64", or "EM_<n>". */
const char *fa_dump_machine_name(const struct fa_dump *d);

/* fa_dump_is_ppc64() - whether the crashed kernel was ppc64 (either order). */
int fa_dump_is_ppc64(const struct fa_dump *d);

/*
 * fa_dump_read_phys() - copy @len bytes of physical memory at @paddr.
 * Returns 0, or FA_ENOENT naming the first address the dump does not hold.
 */
int fa_dump_read_phys(const struct fa_dump *d, uint64_t paddr, void *buf,
		      size_t len, struct fa_err *e);

/*
 * fa_dump_find_range() - the range that holds @paddr, or NULL.  A range
 * holds the address when paddr <= @paddr < paddr + size.
 */
const struct fa_dump_range *fa_dump_find_range(const struct fa_dump *d,
					       uint64_t paddr);

/*
 * fa_dump_has_phys() - 1 when [@paddr, @paddr + @len) is covered by file
 * data of the dump (ranges' filesz, adjacent ranges joined), else 0.
 */
int fa_dump_has_phys(const struct fa_dump *d, uint64_t paddr, uint64_t len);

/*
 * fa_dump_phys_avail() - how many bytes from @paddr on the dump holds
 * without a gap (adjacent ranges joined), at most @max.
 */
uint64_t fa_dump_phys_avail(const struct fa_dump *d, uint64_t paddr,
			    uint64_t max);

/*
 * fa_dump_root_path() - "ROOT/@rel" into @buf of @size bytes.  Returns 0,
 * FA_ENOENT when the dump has no capture root, FA_ERANGE when too long.
 */
int fa_dump_root_path(const struct fa_dump *d, const char *rel, char *buf,
		      size_t size, struct fa_err *e);

/*
 * fa_dump_root_file() - read the capture root's file @rel ("sys/kernel/
 * debug/powerpc/fadump_region", "proc/device-tree/rtas/ibm,kernel-dump")
 * into a malloc'd buffer the caller frees, at most @max bytes.  Returns 0,
 * FA_ENOENT (no root, or no such file) or the read error.
 */
int fa_dump_root_file(const struct fa_dump *d, const char *rel, size_t max,
		      uint8_t **buf, size_t *len, struct fa_err *e);

/*
 * fa_root_opalcore() - the opalcore a PowerNV capture kernel exports under
 * the capture root directory @root (ROOT/sys/firmware/opal/mpipl/core, or
 * its old name ROOT/sys/firmware/opal/core) into @buf of @size bytes.
 * Returns 0, or FA_ENOENT when there is none (FA_ERANGE: too long).
 */
int fa_root_opalcore(const char *root, char *buf, size_t size,
		     struct fa_err *e);

/*
 * fa_dump_osrelease() - the crashed kernel's release: VMCOREINFO OSRELEASE,
 * else the kdump header's utsname.release, else NULL.
 */
const char *fa_dump_osrelease(const struct fa_dump *d);

/*
 * fa_dump_crashtime() - CRASHTIME from VMCOREINFO (seconds since the
 * epoch, UTC), else the kdump header's time.  Returns 0 or FA_ENOENT.
 */
int fa_dump_crashtime(const struct fa_dump *d, int64_t *seconds);

#endif /* FA_DUMP_H */
