// SPDX-License-Identifier: GPL-2.0-or-later
/* fa_outfile.c - secure creation of dump-bearing files (see fa_outfile.h). */
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

/* Temporaries to unlink from a signal handler; plain arrays of pointers. */
static char *volatile open_tmps[FA_MAX_OPEN_TMP];

static void track_tmp(char *tmp)
{
	for (int i = 0; i < FA_MAX_OPEN_TMP; i++)
		if (!open_tmps[i]) {
			open_tmps[i] = tmp;
			return;
		}
}

static void untrack_tmp(char *tmp)
{
	for (int i = 0; i < FA_MAX_OPEN_TMP; i++)
		if (open_tmps[i] == tmp)
			open_tmps[i] = NULL;
}

void fa_outfile_abort_all(void)
{
	for (int i = 0; i < FA_MAX_OPEN_TMP; i++)
		if (open_tmps[i])
			unlink(open_tmps[i]);
}

int fa_outfile_open(struct fa_outfile *of, const char *path, struct fa_err *e)
{
	char *dcopy, *bcopy, *dir, *base;
	size_t n;

	memset(of, 0, sizeof(*of));
	of->fd = -1;
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
	if (rename(of->tmp, of->path) < 0) {
		ret = fa_err_set(e, FA_EIO, "%s: rename failed: %s", of->path,
				 strerror(errno));
		goto fail;
	}
	untrack_tmp(of->tmp);
	{
		char *dcopy = strdup(of->path);
		int dfd = dcopy ? open(dirname(dcopy), O_RDONLY | O_DIRECTORY) : -1;

		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dcopy);
	}
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
