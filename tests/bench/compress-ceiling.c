// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * compress-ceiling.c - the ceiling for `fadump-analyze convert`: how fast
 * N threads can read FILE (already in the page cache) and compress its
 * non-zero PAGE-sized blocks one by one with the compressor convert uses
 * (LZO1X-1: formats/lzo1x.c for 4 KiB pages, lzo1x_1 for larger; zlib
 * level 1 on a reused stream, snappy, zstd level 1), or with the one
 * convert -c uses ("deflate": libdeflate's zlib format at level 1, the
 * same stream format as zlib's).
 * Each thread pread()s 4 MiB chunks (taken in turn from a shared counter)
 * into its own buffer: mmap() would cost a page fault per 4K page and
 * serialise the threads on the address-space lock, which is a ceiling on
 * mmap, not on reading.  Prints "MB/s <input MB/s> ratio <out/in>".
 *   compress-ceiling FILE PAGE NTHREADS lzo|zlib|deflate|snappy|zstd
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libdeflate.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "lzo1x.h"

#define CHUNK	(4u << 20)
#define SPIN_BYTES	(1024u << 20)	/* compressed per thread in spin mode */

static int fd;
static size_t size, page, next_chunk;
static unsigned int nthreads;
static const char *method;

struct th {
	pthread_t tid;
	unsigned int idx;
	unsigned long long out;
};

static int zero(const unsigned char *p)
{
	static const unsigned char z[16];

	return !memcmp(p, z, 16) && !memcmp(p, p + 16, page - 16);
}

/* spin mode: lzo over a private, text-like buffer, SPIN_BYTES in all. */
static void *spin(void *arg)
{
	struct th *t = arg;
	unsigned char *buf = malloc(CHUNK), *out = malloc(2 * page + 1024);
	void *wrk = malloc(LZO1X_1_MEM_COMPRESS);
	unsigned int x = 2463534242u + t->idx;
	unsigned long long sum = 0;	/* not t->out: no shared cache line */
	size_t i, done;

	for (i = 0; i < CHUNK; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)("etaoin shrdlu\n"[x % 14]);
	}
	for (done = 0; done < SPIN_BYTES; done += CHUNK) {
		for (i = 0; i + page <= CHUNK; i += page) {
			lzo_uint l = 0;

			lzo1x_1_compress(buf + i, page, out, &l, wrk);
			sum += l;
		}
	}
	t->out = sum;
	free(wrk);
	free(out);
	free(buf);
	return NULL;
}

static void *run(void *arg)
{
	struct th *t = arg;
	size_t cap = 2 * page + 1024, off, pos, len;
	unsigned long long sum = 0;
	unsigned char *out = malloc(cap), *buf = malloc(CHUNK);
	void *wrk = malloc(LZO1X_1_MEM_COMPRESS > FA_LZO1X_WRK_SIZE
			   ? LZO1X_1_MEM_COMPRESS : FA_LZO1X_WRK_SIZE);
	ZSTD_CCtx *zc = ZSTD_createCCtx();
	struct libdeflate_compressor *dc = libdeflate_alloc_compressor(1);
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	deflateInit(&zs, Z_BEST_SPEED);
	while ((pos = __atomic_fetch_add(&next_chunk, CHUNK, __ATOMIC_RELAXED)) < size) {
	len = size - pos < CHUNK ? size - pos : CHUNK;
	if (pread(fd, buf, len, (off_t)pos) != (ssize_t)len)
		abort();
	for (off = 0; off + page <= len; off += page) {
		const unsigned char *p = buf + off;
		size_t n = cap;

		if (zero(p))
			continue;
		if (!strcmp(method, "lzo")) {
			lzo_uint l = 0;

			/* as convert does */
			if (page <= 4096)
				l = fa_lzo1x_compress(p, page, out, wrk);
			else
				lzo1x_1_compress(p, page, out, &l, wrk);
			n = l;
		} else if (!strcmp(method, "zlib")) {
			deflateReset(&zs);
			zs.next_in = (Bytef *)p;
			zs.avail_in = (uInt)page;
			zs.next_out = out;
			zs.avail_out = (uInt)cap;
			deflate(&zs, Z_FINISH);
			n = zs.total_out;
		} else if (!strcmp(method, "deflate")) {
			n = libdeflate_zlib_compress(dc, p, page, out, cap);
			if (!n)
				n = page;
		} else if (!strcmp(method, "snappy")) {
			snappy_compress((const char *)p, page, (char *)out, &n);
		} else {
			n = ZSTD_compressCCtx(zc, out, cap, p, page, 1);
		}
		sum += n < page ? n : page;
	}
	}
	t->out = sum;
	deflateEnd(&zs);
	libdeflate_free_compressor(dc);
	ZSTD_freeCCtx(zc);
	free(wrk);
	free(out);
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct th *t;
	struct stat sb;
	unsigned long long out = 0;
	unsigned int i;
	double s;
	if (argc != 5)
		return 2;
	page = strtoul(argv[2], NULL, 0);
	nthreads = (unsigned int)atoi(argv[3]);
	method = argv[4];
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &sb))
		return 1;
	size = (size_t)sb.st_size;
	lzo_init();
	t = calloc(nthreads, sizeof(*t));
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < nthreads; i++) {
		t[i].idx = i;
		pthread_create(&t[i].tid, NULL, strcmp(method, "spin") ? run : spin,
			       &t[i]);
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(t[i].tid, NULL);
		out += t[i].out;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	if (!strcmp(method, "spin"))
		size = (size_t)SPIN_BYTES * nthreads;
	printf("MB/s %.1f ratio %.3f\n", (double)size / s / 1e6,
	       (double)out / (double)size);
	return 0;
}
