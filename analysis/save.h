/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * save.h - what "fadump-analyze save" is built of: telling what a capture
 * root holds, writing the dump directory's files durably, and giving the
 * memory back through the kernel's sysfs files.
 *
 * The release writes go through one function, fa_save_sysfs_write(), on a
 * real "/" and on a capture root written by fadump-kernel alike: the only
 * difference is the last step.  A plain write() into a regular file of a
 * model root would change nothing the model knows, so on a model root
 * (one that holds ".fadump-kernel/state") the same write is handed to
 * "fadump-kernel sysfs ROOT FILE VALUE", which replays the capture kernel
 * and applies the store with the kernel's semantics; on any other root the
 * file is opened and written as "echo VALUE > FILE" would.
 */
#ifndef FA_SAVE_H
#define FA_SAVE_H

#include <stddef.h>
#include <stdint.h>

#include "fa_err.h"
#include "sha256.h"

enum fa_save_kind {
	FA_SAVE_NONE = 0,	/* no /proc/vmcore: no active dump */
	FA_SAVE_PSERIES,	/* FADump on pSeries (RTAS) */
	FA_SAVE_POWERNV,	/* FADump on PowerNV (OPAL), with an opalcore */
	FA_SAVE_PHYP,		/* the legacy phyp dump (release_region) */
	FA_SAVE_KDUMP,		/* a vmcore without FADump: nothing to release */
};

/* What a capture root holds, as fa_save_detect() found it. */
struct fa_save_root {
	const char *root;		/* the caller's string */
	int kind;			/* enum fa_save_kind */
	int model;			/* written by fadump-kernel */
	char vmcore[4096];		/* ROOT/proc/vmcore */
	char opalcore[4096];		/* PowerNV: the opalcore, else "" */
};

/* fa_save_kind_name() - "pSeries FADump", "PowerNV FADump", ... */
const char *fa_save_kind_name(int kind);

/*
 * fa_save_detect() - tell what @root holds.  No vmcore: FA_SAVE_NONE.
 * Returns 0, or FA_ERANGE (path too long).
 */
int fa_save_detect(const char *root, struct fa_save_root *r, struct fa_err *e);

/* How release writes reach the kernel (see the top of this file). */
struct fa_save_sysfs {
	const char *root;
	int model;		/* hand writes to the model program */
	const char *model_bin;	/* its path; NULL: "fadump-kernel" on PATH */
};

/*
 * fa_save_sysfs_write() - "echo @value > ROOT/@rel" with the kernel's
 * semantics.  Returns 0, or FA_EIO naming the file and why the write
 * failed (the kernel's errno, or the model's exit status).
 */
int fa_save_sysfs_write(const struct fa_save_sysfs *s, const char *rel,
			const char *value, struct fa_err *e);

/*
 * fa_save_model_bin() - the fadump-kernel beside this program
 * (/proc/self/exe's directory) into @buf, or NULL when there is none.
 */
const char *fa_save_model_bin(char *buf, size_t size);

/*
 * fa_save_copy_file() - copy @src to @dst through fa_outfile (0600,
 * temporary name, fsync, rename, directory fsync); @force: replace an
 * existing regular file.  Returns 0 or the error naming the file.
 */
int fa_save_copy_file(const char *src, const char *dst, int force,
		      struct fa_err *e);

/*
 * fa_save_copy_tree() - copy the regular files under directory @src into
 * @dst (created 0700, subdirectories too), each as fa_save_copy_file()
 * does.  Symbolic links and special files are skipped.  Appends each file
 * written, relative to @base, to @list (NUL-separated, *@len bytes).
 */
int fa_save_copy_tree(const char *src, const char *dst, const char *base,
		      int force, char **list, size_t *len, struct fa_err *e);

/*
 * fa_save_hash_file() - size and sha256 of @path.  Returns 0 or FA_EIO.
 */
int fa_save_hash_file(const char *path, uint64_t *size,
		      char hex[FA_SHA256_HEX_LEN], struct fa_err *e);

/*
 * fa_save_fsync_dir() - fsync the directory @path (after renames into it).
 */
int fa_save_fsync_dir(const char *path, struct fa_err *e);

/*
 * One range of phyp-dump memory to give back: "ADDR LEN" written to
 * release_region once every vmcore byte that comes from it is durable,
 * i.e. once the output holds every page below @need.
 */
struct fa_save_release {
	uint64_t addr, len;
	uint64_t need;
	int done;
};

/*
 * fa_save_phyp_plan() - parse release_region's text @text (@len bytes)
 * into the ranges to give back, in the order the save frees them: the
 * memory above the RMR in pieces of @chunk bytes (0: whole), then the CPU
 * state, HPTE and RMO copy sections (their bytes are the vmcore's first
 * pages and its last ones; they go when the whole vmcore is durable).
 * *@out is malloc'd.  Returns 0, FA_ECORRUPT (not the kernel's text),
 * FA_ENOMEM.
 */
int fa_save_phyp_plan(const char *text, size_t len, uint64_t chunk,
		      struct fa_save_release **out, size_t *n,
		      struct fa_err *e);

#endif /* FA_SAVE_H */
