// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elfcore_write.c - streaming, sparse ELF64 core writer (see elfcore.h).
 *
 * Cores are many GiB and mostly zero pages: data is streamed through one
 * bounded buffer, zero runs are skipped (the fresh temporary reads them
 * back as zeros), and a final ftruncate() gives the file its full length.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfcore.h"
#include "fa_endian.h"

static int check_layout(const struct fa_elf_phdr *ph, size_t n, uint64_t *size,
			struct fa_err *e)
{
	uint64_t hdr = fa_elf_headers_size(n), end;

	*size = hdr;
	for (size_t i = 0; i < n; i++) {
		if (fa_add_overflows(ph[i].offset, ph[i].filesz, &end))
			return fa_err_set(e, FA_ERANGE,
					  "phdr %zu: p_offset %#llx + p_filesz %#llx overflows",
					  i, (unsigned long long)ph[i].offset,
					  (unsigned long long)ph[i].filesz);
		if (!ph[i].filesz)
			continue;
		if (ph[i].offset < hdr)
			return fa_err_set(e, FA_EINVAL,
					  "phdr %zu: data at offset %#llx overlaps the %llu bytes of headers",
					  i, (unsigned long long)ph[i].offset,
					  (unsigned long long)hdr);
		if (end > *size)
			*size = end;
	}
	return 0;
}

int fa_elfw_open(struct fa_elfw *w, const char *path, int bo,
		 uint16_t machine, uint32_t flags,
		 const struct fa_elf_phdr *ph, size_t n, struct fa_err *e)
{
	return fa_elfw_open_rule(w, path, NULL, bo, machine, flags, ph, n, e);
}

int fa_elfw_open_rule(struct fa_elfw *w, const char *path,
		      const struct fa_outrule *rule, int bo, uint16_t machine,
		      uint32_t flags, const struct fa_elf_phdr *ph, size_t n,
		      struct fa_err *e)
{
	uint8_t *hdr = NULL;
	uint64_t hsize = fa_elf_headers_size(n);
	int64_t built;
	int ret;

	memset(w, 0, sizeof(*w));
	w->of.fd = -1;
	w->byteorder = bo;
	if (!strcmp(path, "-"))
		return fa_err_set(e, FA_EINVAL,
				  "an ELF core needs a seekable output file, not standard output");
	ret = check_layout(ph, n, &w->size, e);
	if (ret)
		return ret;
	w->phdrs = malloc((n ? n : 1) * sizeof(*ph));
	w->buf = malloc(FA_ELFW_CHUNK);
	hdr = hsize <= SIZE_MAX ? malloc((size_t)hsize) : NULL;
	if (!w->phdrs || !w->buf || !hdr) {
		ret = fa_err_set(e, FA_ENOMEM, "out of memory for %zu phdrs", n);
		goto fail;
	}
	if (n)
		memcpy(w->phdrs, ph, n * sizeof(*ph));
	w->nphdrs = n;
	built = fa_elf_build_headers(hdr, (size_t)hsize, bo, machine, flags, ph, n, e);
	if (built < 0) {
		ret = (int)built;
		goto fail;
	}
	ret = fa_outfile_open_rule(&w->of, path, rule, e);
	if (ret)
		goto fail;
	ret = fa_outfile_pwrite(&w->of, hdr, (size_t)built, 0, e);
	if (ret)
		goto fail;
	free(hdr);
	return 0;
fail:
	free(hdr);
	fa_elfw_abort(w);
	return ret;
}

int fa_elfw_pwrite(struct fa_elfw *w, uint64_t off, const void *buf,
		   size_t len, struct fa_err *e)
{
	uint64_t end;

	if (fa_add_overflows(off, len, &end))
		return fa_err_set(e, FA_ERANGE, "write at %#llx of %zu bytes overflows",
				  (unsigned long long)off, len);
	/* finish() truncates to w->size: never cut what was written. */
	if (end > w->size)
		w->size = end;
	return fa_outfile_pwrite(&w->of, buf, len, off, e);
}

static int is_zero(const uint8_t *p, size_t len)
{
	/* Every byte equals its successor and the first is 0. */
	return !len || (!p[0] && !memcmp(p, p + 1, len - 1));
}

/* Write @len bytes of @buf at @off, skipping all-zero grains. */
static int write_sparse(struct fa_elfw *w, const uint8_t *buf, size_t len,
			uint64_t off, struct fa_err *e)
{
	size_t pos = 0;
	int ret;

	while (pos < len) {
		size_t start, g;

		/* Skip zero grains. */
		for (;;) {
			g = len - pos < FA_ELFW_HOLE_GRAIN ? len - pos : FA_ELFW_HOLE_GRAIN;
			if (!g || !is_zero(buf + pos, g))
				break;
			pos += g;
		}
		if (pos >= len)
			break;
		/* Gather the following non-zero grains into one write. */
		start = pos;
		while (pos < len) {
			g = len - pos < FA_ELFW_HOLE_GRAIN ? len - pos : FA_ELFW_HOLE_GRAIN;
			if (is_zero(buf + pos, g))
				break;
			pos += g;
		}
		ret = fa_outfile_pwrite(&w->of, buf + start, pos - start,
					off + start, e);
		if (ret)
			return ret;
	}
	return 0;
}

int fa_elfw_stream(struct fa_elfw *w, uint64_t off, uint64_t len,
		   fa_elfw_read_fn read, void *ctx, struct fa_err *e)
{
	uint64_t pos = 0, end;

	if (fa_add_overflows(off, len, &end))
		return fa_err_set(e, FA_ERANGE, "stream at %#llx of %#llx bytes overflows",
				  (unsigned long long)off, (unsigned long long)len);
	if (end > w->size)
		w->size = end;
	while (pos < len) {
		size_t n = len - pos < FA_ELFW_CHUNK ? (size_t)(len - pos) : FA_ELFW_CHUNK;
		int ret = read(ctx, pos, w->buf, n, e);

		if (ret < 0)
			return ret;
		if (ret == 0) {
			ret = write_sparse(w, w->buf, n, off + pos, e);
			if (ret)
				return ret;
		}
		pos += n;
	}
	return 0;
}

int fa_elfw_stream_segment(struct fa_elfw *w, size_t idx, fa_elfw_read_fn read,
			   void *ctx, struct fa_err *e)
{
	int ret;

	if (idx >= w->nphdrs)
		return fa_err_set(e, FA_EINVAL, "phdr %zu: only %zu program headers",
				  idx, w->nphdrs);
	ret = fa_elfw_stream(w, w->phdrs[idx].offset, w->phdrs[idx].filesz,
			     read, ctx, e);
	if (ret)
		return fa_err_prefix(e, "segment %zu (paddr %#llx): ", idx,
				     (unsigned long long)w->phdrs[idx].paddr);
	return 0;
}

static void elfw_free(struct fa_elfw *w)
{
	free(w->phdrs);
	free(w->buf);
	w->phdrs = NULL;
	w->buf = NULL;
	w->nphdrs = 0;
}

int fa_elfw_finish(struct fa_elfw *w, struct fa_err *e)
{
	int ret;

	/* Trailing holes are not written; the length makes them exist. */
	if (ftruncate(w->of.fd, (off_t)w->size) < 0) {
		ret = fa_err_set(e, FA_EIO, "%s: cannot extend to %llu bytes: %s",
				 w->of.path, (unsigned long long)w->size,
				 strerror(errno));
		fa_elfw_abort(w);
		return ret;
	}
	ret = fa_outfile_commit(&w->of, e);
	elfw_free(w);
	return ret;
}

void fa_elfw_abort(struct fa_elfw *w)
{
	if (w->of.fd >= 0 || w->of.tmp)
		fa_outfile_abort(&w->of);
	elfw_free(w);
}
