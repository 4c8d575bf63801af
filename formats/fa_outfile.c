// SPDX-License-Identifier: GPL-2.0-or-later
/* fa_outfile.c - secure creation of dump-bearing files (see fa_outfile.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fa_outfile.h"

#define FA_MAX_OPEN_TMP 16
#define FA_MAX_OPEN_DIR 4

/* Temporaries to unlink from a signal handler; plain arrays of pointers. */
static char *volatile open_tmps[FA_MAX_OPEN_TMP];
static char *volatile open_dirs[FA_MAX_OPEN_DIR];

static void track(char *volatile *list, int n, char *name)
{
	/* --split opens its files from several threads */
	for (int i = 0; i < n; i++)
		if (__sync_bool_compare_and_swap(&list[i], NULL, name))
			return;
}

static void untrack(char *volatile *list, int n, char *name)
{
	for (int i = 0; i < n; i++)
		if (list[i] == name)
			list[i] = NULL;
}

static void track_tmp(char *tmp)
{
	track(open_tmps, FA_MAX_OPEN_TMP, tmp);
}

static void untrack_tmp(char *tmp)
{
	untrack(open_tmps, FA_MAX_OPEN_TMP, tmp);
}

/*
 * Unlink every entry of @dir, then @dir: plain system calls only, so that
 * a signal handler may call it.  The temporary directories hold nothing
 * but files (written by us) and, after an exchange, the replaced files.
 */
static void remove_flat_dir(const char *dir)
{
	char buf[4096];
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0) {
		int removed = 1;
		ssize_t n;

		/* Entries go while it is read: read it again until none does. */
		while (removed) {
			removed = 0;
			lseek(fd, 0, SEEK_SET);
			while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
				for (ssize_t pos = 0; pos < n;) {
					struct dirent64 *d = (void *)(buf + pos);

					pos += d->d_reclen;
					if (strcmp(d->d_name, ".") &&
					    strcmp(d->d_name, "..") &&
					    !unlinkat(fd, d->d_name, 0))
						removed = 1;
				}
			}
		}
		close(fd);
	}
	rmdir(dir);
}

void fa_outfile_abort_all(void)
{
	for (int i = 0; i < FA_MAX_OPEN_TMP; i++)
		if (open_tmps[i])
			unlink(open_tmps[i]);
	for (int i = 0; i < FA_MAX_OPEN_DIR; i++)
		if (open_dirs[i])
			remove_flat_dir(open_dirs[i]);
}

/* ---- the output rule ---- */

void fa_outrule_init(struct fa_outrule *r, int force)
{
	memset(r, 0, sizeof(*r));
	r->force = force;
}

int fa_outrule_add_input(struct fa_outrule *r, const char *path,
			 struct fa_err *e)
{
	struct stat st;
	int rc = strcmp(path, "-") ? stat(path, &st) : fstat(STDIN_FILENO, &st);

	if (rc < 0)
		return errno == ENOENT ? 0 : fa_err_errno(e, path);
	if (r->ninputs == FA_OUTRULE_MAX_INPUTS)
		return fa_err_set(e, FA_ERANGE, "%s: more than %d inputs", path,
				  FA_OUTRULE_MAX_INPUTS);
	r->input[r->ninputs].dev = st.st_dev;
	r->input[r->ninputs].ino = st.st_ino;
	r->input[r->ninputs].name = strcmp(path, "-") ? path : "<stdin>";
	r->ninputs++;
	return 0;
}

static const char *kind_name(mode_t m)
{
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISDIR(m))
		return "a directory";
	return "not a regular file";
}

static const char *input_of(const struct fa_outrule *r, const struct stat *st)
{
	for (size_t i = 0; r && i < r->ninputs; i++)
		if (r->input[i].dev == st->st_dev && r->input[i].ino == st->st_ino)
			return r->input[i].name;
	return NULL;
}

int fa_outrule_check(const struct fa_outrule *r, const char *path,
		     struct fa_err *e)
{
	struct stat st;
	const char *in;

	if (!strcmp(path, "-")) {
		if (isatty(STDOUT_FILENO))
			return fa_err_set(e, FA_EINVAL,
					  "standard output is a terminal; redirect it to a file or a pipe");
		return 0;
	}
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return fa_err_set(e, FA_EIO, "%s: cannot stat: %s", path,
				  strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return fa_err_set(e, FA_EINVAL,
				  "%s: is %s; only a regular file is ever replaced",
				  path, kind_name(st.st_mode));
	in = input_of(r, &st);
	if (in && !strcmp(in, path))
		return fa_err_set(e, FA_EINVAL,
				  "%s: is the input; an input is never replaced",
				  path);
	if (in)
		return fa_err_set(e, FA_EINVAL,
				  "%s: is the same file as the input %s; an input is never replaced",
				  path, in);
	if (r && !r->force)
		return fa_err_set(e, FA_EINVAL,
				  "%s: exists; not replaced without -f", path);
	return 0;
}

int fa_outfile_open(struct fa_outfile *of, const char *path, struct fa_err *e)
{
	return fa_outfile_open_rule(of, path, NULL, e);
}

int fa_outfile_open_rule(struct fa_outfile *of, const char *path,
			 const struct fa_outrule *r, struct fa_err *e)
{
	char *dcopy, *bcopy, *dir, *base;
	size_t n;
	int rc;

	memset(of, 0, sizeof(*of));
	of->fd = -1;
	if (r)
		of->rule = *r;
	else
		fa_outrule_init(&of->rule, 1);
	rc = fa_outrule_check(&of->rule, path, e);
	if (rc)
		return rc;
	if (!strcmp(path, "-")) {
		of->fd = STDOUT_FILENO;
		of->is_stdout = 1;
		return 0;
	}
	of->path = strdup(path);
	dcopy = strdup(path);
	bcopy = strdup(path);
	if (!of->path || !dcopy || !bcopy)
		goto nomem;
	dir = dirname(dcopy);
	base = basename(bcopy);
	n = strlen(dir) + strlen(base) + 16;
	of->tmp = malloc(n);
	if (!of->tmp)
		goto nomem;
	/* Random suffix from the pid and a counter; O_EXCL makes it safe. */
	for (int attempt = 0; attempt < 100; attempt++) {
		static unsigned int counter;

		snprintf(of->tmp, n, "%s/.%s.%06x", dir, base,
			 ((unsigned int)getpid() * 2654435761u + counter++) & 0xffffff);
		of->fd = open(of->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			      O_CLOEXEC, 0600);
		if (of->fd >= 0 || errno != EEXIST)
			break;
	}
	if (of->fd < 0) {
		fa_err_set(e, FA_EIO, "%s: cannot create: %s", path, strerror(errno));
		free(dcopy);
		free(bcopy);
		free(of->tmp);
		free(of->path);
		of->tmp = of->path = NULL;
		return FA_EIO;
	}
	/* The umask may have widened nothing, but be explicit. */
	fchmod(of->fd, 0600);
	track_tmp(of->tmp);
	free(dcopy);
	free(bcopy);
	return 0;
nomem:
	free(dcopy);
	free(bcopy);
	free(of->path);
	of->path = NULL;
	return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
}

static const char *of_name(const struct fa_outfile *of)
{
	return of->is_stdout ? "<stdout>" : of->path;
}

int fa_outfile_write(struct fa_outfile *of, const void *buf, size_t len,
		     struct fa_err *e)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(of->fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return fa_err_set(e, FA_EIO, "%s: write failed: %s",
					  of_name(of), strerror(errno));
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fa_outfile_pwrite(struct fa_outfile *of, const void *buf, size_t len,
		      uint64_t off, struct fa_err *e)
{
	const uint8_t *p = buf;

	if (of->is_stdout)
		return fa_err_set(e, FA_EINVAL, "<stdout>: cannot seek");
	while (len) {
		ssize_t n = pwrite(of->fd, p, len, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return fa_err_set(e, FA_EIO, "%s: write at offset %#llx failed: %s",
					  of_name(of), (unsigned long long)off,
					  strerror(errno));
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the directory holding @path, so that the rename is durable. */
static void sync_parent(const char *path)
{
	char *dcopy = strdup(path);
	int dfd = dcopy ? open(dirname(dcopy), O_RDONLY | O_DIRECTORY) : -1;

	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(dcopy);
}

/*
 * Rename @tmp to @path under @r, checked once more: something may have
 * appeared under @path since the open.  Without force the rename itself
 * refuses an existing name (RENAME_NOREPLACE, or link() where the file
 * system has no such rename), so no check-then-rename race is left.
 */
static int put_in_place(const char *tmp, const char *path,
			const struct fa_outrule *r, struct fa_err *e)
{
	int rc = fa_outrule_check(r, path, e);

	if (rc)
		return rc;
	if (r->force) {
		if (rename(tmp, path) == 0)
			return 0;
	} else {
		if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
			return 0;
		if (errno == EINVAL || errno == ENOSYS) {
			if (link(tmp, path) == 0) {
				unlink(tmp);
				return 0;
			}
		}
		if (errno == EEXIST) {
			rc = fa_outrule_check(r, path, e);
			return rc ? rc : fa_err_set(e, FA_EINVAL,
						    "%s: appeared while it was written; not replaced",
						    path);
		}
	}
	return fa_err_set(e, FA_EIO, "%s: rename failed: %s", path,
			  strerror(errno));
}

int fa_outfile_commit(struct fa_outfile *of, struct fa_err *e)
{
	int ret = 0;

	if (of->is_stdout) {
		of->fd = -1;
		return 0;
	}
	if (fsync(of->fd) < 0 && errno != EINVAL) {
		ret = fa_err_set(e, FA_EIO, "%s: fsync failed: %s", of->path,
				 strerror(errno));
		goto fail;
	}
	if (close(of->fd) < 0) {
		of->fd = -1;
		ret = fa_err_set(e, FA_EIO, "%s: close failed: %s", of->path,
				 strerror(errno));
		goto fail;
	}
	of->fd = -1;
	ret = put_in_place(of->tmp, of->path, &of->rule, e);
	if (ret)
		goto fail;
	untrack_tmp(of->tmp);
	sync_parent(of->path);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	return 0;
fail:
	fa_outfile_abort(of);
	return ret;
}

void fa_outfile_abort(struct fa_outfile *of)
{
	if (of->is_stdout) {
		of->fd = -1;
		return;
	}
	if (of->fd >= 0)
		close(of->fd);
	of->fd = -1;
	if (of->tmp) {
		unlink(of->tmp);
		untrack_tmp(of->tmp);
	}
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
}

/* ---- a directory written whole ---- */

static int is_own(const char *const *own, const char *name)
{
	for (; own && *own; own++)
		if (!strcmp(*own, name))
			return 1;
	return 0;
}

/*
 * May directory @path be replaced under @od's rule?  *@empty says whether
 * it holds nothing (a plain rename then takes its place).
 */
static int check_old_dir(const struct fa_outdir *od, const char *path,
			 int *empty, struct fa_err *e)
{
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int rc = 0, dfd;

	*empty = 1;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	dir = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!dir) {
		rc = fa_err_set(e, FA_EIO, "%s: cannot read: %s", path,
				strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return rc;
	}
	while (!rc && (d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		*empty = 0;
		if (!od->rule.force)
			rc = fa_err_set(e, FA_EINVAL,
					"%s: exists and is not empty; not replaced without -f",
					path);
		else if (!is_own(od->own, d->d_name) ||
			 fstatat(dfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
			 !S_ISREG(st.st_mode))
			rc = fa_err_set(e, FA_EINVAL,
					"%s: holds %s, which this command does not write; not replaced",
					path, d->d_name);
		else if (input_of(&od->rule, &st))
			rc = fa_err_set(e, FA_EINVAL,
					"%s: holds %s, which is the input %s; not replaced",
					path, d->d_name, input_of(&od->rule, &st));
	}
	closedir(dir);
	return rc;
}

/* @path may become @od's directory: absent, or a replaceable directory. */
static int check_dir(const struct fa_outdir *od, const char *path,
		     int *exists, int *empty, struct fa_err *e)
{
	struct stat st;

	*exists = 0;
	*empty = 1;
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return fa_err_set(e, FA_EIO, "%s: cannot stat: %s", path,
				  strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return fa_err_set(e, FA_EINVAL,
				  "%s: is %s, not a directory; not replaced",
				  path, S_ISREG(st.st_mode) ? "a regular file" :
				  kind_name(st.st_mode));
	if (input_of(&od->rule, &st))
		return fa_err_set(e, FA_EINVAL,
				  "%s: is the input; an input is never replaced",
				  path);
	*exists = 1;
	return check_old_dir(od, path, empty, e);
}

int fa_outdir_open(struct fa_outdir *od, const char *path,
		   const struct fa_outrule *r, const char *const *own,
		   struct fa_err *e)
{
	char *dcopy = NULL, *bcopy = NULL;
	int exists, empty, rc;
	size_t n;

	memset(od, 0, sizeof(*od));
	if (r)
		od->rule = *r;
	else
		fa_outrule_init(&od->rule, 0);
	od->own = own;
	rc = check_dir(od, path, &exists, &empty, e);
	if (rc)
		return rc;
	od->path = strdup(path);
	dcopy = strdup(path);
	bcopy = strdup(path);
	if (!od->path || !dcopy || !bcopy) {
		rc = fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	n = strlen(path) + 16;
	od->tmp = malloc(n);
	if (!od->tmp) {
		rc = fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
		goto fail;
	}
	snprintf(od->tmp, n, "%s/.%s.XXXXXX", dirname(dcopy), basename(bcopy));
	if (!mkdtemp(od->tmp)) {
		rc = fa_err_set(e, FA_EIO, "%s: cannot create a directory next to it: %s",
				path, strerror(errno));
		goto fail;
	}
	track(open_dirs, FA_MAX_OPEN_DIR, od->tmp);
	free(dcopy);
	free(bcopy);
	return 0;
fail:
	free(dcopy);
	free(bcopy);
	free(od->path);
	free(od->tmp);
	od->path = od->tmp = NULL;
	return rc;
}

/*
 * Where the file system cannot exchange two names: the old directory goes
 * aside, the new one into place, and od->tmp names the old one so that
 * abort removes it.  Not atomic: for a moment there is no directory.
 */
static int exchange_by_rename(struct fa_outdir *od)
{
	size_t n = strlen(od->tmp) + 8;
	char *aside = malloc(n);

	if (!aside) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(aside, n, "%s.old", od->tmp);
	if (rename(od->path, aside) < 0) {
		free(aside);
		return -1;
	}
	if (rename(od->tmp, od->path) < 0) {
		int err = errno;

		rename(aside, od->path);
		free(aside);
		errno = err;
		return -1;
	}
	track(open_dirs, FA_MAX_OPEN_DIR, aside);
	untrack(open_dirs, FA_MAX_OPEN_DIR, od->tmp);
	free(od->tmp);
	od->tmp = aside;
	return 0;
}

int fa_outdir_commit(struct fa_outdir *od, struct fa_err *e)
{
	int exists, empty, rc;

	rc = check_dir(od, od->path, &exists, &empty, e);
	if (rc)
		goto fail;
	if (!exists)
		rc = renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->path,
			       RENAME_NOREPLACE);
	else if (empty)
		rc = rename(od->tmp, od->path);
	else
		/* The old files end up in od->tmp; abort removes them. */
		rc = renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->path,
			       RENAME_EXCHANGE);
	if (rc < 0 && (errno == EINVAL || errno == ENOSYS))
		rc = exists && !empty ? exchange_by_rename(od) :
		     rename(od->tmp, od->path);
	if (rc < 0) {
		rc = fa_err_set(e, FA_EIO, "%s: rename failed: %s", od->path,
				strerror(errno));
		goto fail;
	}
	sync_parent(od->path);
	if (exists && !empty) {
		fa_outdir_abort(od);
		return 0;
	}
	untrack(open_dirs, FA_MAX_OPEN_DIR, od->tmp);
	free(od->tmp);
	free(od->path);
	od->tmp = od->path = NULL;
	return 0;
fail:
	fa_outdir_abort(od);
	return rc;
}

void fa_outdir_abort(struct fa_outdir *od)
{
	if (od->tmp) {
		remove_flat_dir(od->tmp);
		untrack(open_dirs, FA_MAX_OPEN_DIR, od->tmp);
	}
	free(od->tmp);
	free(od->path);
	od->tmp = od->path = NULL;
}

int fa_write_file(const char *path, const void *buf, size_t len,
		  struct fa_err *e)
{
	struct fa_outfile of;
	int ret;

	ret = fa_outfile_open(&of, path, e);
	if (ret)
		return ret;
	ret = fa_outfile_write(&of, buf, len, e);
	if (ret) {
		fa_outfile_abort(&of);
		return ret;
	}
	return fa_outfile_commit(&of, e);
}

int fa_read_file(const char *path, uint8_t **buf, size_t *len,
		 size_t max_len, struct fa_err *e)
{
	struct stat st;
	uint8_t *p = NULL;
	size_t cap = 0, used = 0;
	int fd;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fa_err_set(e, FA_EIO, "%s: cannot open: %s", path,
				  strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return fa_err_set(e, FA_EINVAL, "%s: is a directory", path);
	}
	for (;;) {
		ssize_t n;

		if (used == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *np;

			if (cap >= max_len) {
				free(p);
				close(fd);
				return fa_err_set(e, FA_ERANGE,
						  "%s: larger than the %zu bytes expected",
						  path, max_len);
			}
			if (ncap > max_len)
				ncap = max_len;
			np = realloc(p, ncap + 1);
			if (!np) {
				free(p);
				close(fd);
				return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
			}
			p = np;
			cap = ncap;
		}
		n = read(fd, p + used, cap - used);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(p);
			close(fd);
			return fa_err_set(e, FA_EIO, "%s: read failed: %s", path,
					  strerror(errno));
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (!p) {
		p = malloc(1);
		if (!p)
			return fa_err_set(e, FA_ENOMEM, "%s: out of memory", path);
	}
	p[used] = '\0';	/* convenience for text files; not counted */
	*buf = p;
	*len = used;
	return 0;
}
