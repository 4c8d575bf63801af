// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_printk.c - the kernel log reader over a small memory image.
 *
 * At start-up the encoder plants a lockless ring of a few records into a
 * 64-byte-aligned image at a kernel virtual address, with its VMCOREINFO.
 * Input byte 0 picks the mode:
 *   even: the rest is XORed over (VMCOREINFO text || memory image), so an
 *         input of one zero byte reads the intact ring;
 *   odd:  the rest is a 2-byte LE text length, the VMCOREINFO text, then
 *         the memory image itself (any era: log_buf, log_end ...).
 * Then the log is read and formatted with every flag combination.
 */
#include <stdlib.h>
#include <string.h>

#include "fa_endian.h"
#include "fa_mem.h"
#include "fuzz.h"
#include "printk.h"
#include "vmcoreinfo.h"

#define BASE		0xc000000001000000ULL
#define COUNT_BITS	4
#define SIZE_BITS	9
#define MEM_SIZE	0x2000
#define VMCI_CAP	4096

struct image {
	uint8_t *mem;
	size_t size;
};

static uint8_t base_mem[MEM_SIZE];
static char base_vmci[VMCI_CAP];
static size_t base_vmci_len;

static int image_read(void *ctx, int space, uint64_t addr, void *buf,
		      size_t len, struct fa_err *e)
{
	const struct image *im = ctx;
	uint64_t off = addr - (space == FA_KVADDR ? BASE : 0);

	if (addr < (space == FA_KVADDR ? BASE : 0) || off > im->size ||
	    len > im->size - off)
		return fa_err_set(e, FA_ERANGE, "no memory at %#llx",
				  (unsigned long long)addr);
	memcpy(buf, im->mem + off, len);
	return 0;
}

static int image_write(void *ctx, int space, uint64_t addr, const void *buf,
		       size_t len, struct fa_err *e)
{
	uint64_t off = addr - BASE;

	(void)ctx;
	if (space != FA_KVADDR || addr < BASE || off > MEM_SIZE ||
	    len > MEM_SIZE - off)
		return fa_err_set(e, FA_ERANGE, "no room at %#llx",
				  (unsigned long long)addr);
	memcpy(base_mem + off, buf, len);
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const texts[] = {
		"Linux version 6.10.0", "a continuation\nline",
		"bell\x07 here", "Kernel panic - not syncing: fuzz", "",
	};
	struct fa_mem_writer w = { image_write, NULL, FA_LE, 8 };
	struct fa_printk_record r[sizeof(texts) / sizeof(texts[0])];
	struct fa_vmci_builder b;
	struct fa_prb_layout l;
	struct fa_prb_place at = { 0 };
	struct fa_err e;
	size_t i;

	(void)argc;
	(void)argv;
	fa_prb_layout_default(&l, COUNT_BITS, SIZE_BITS);
	at.prb = BASE;
	at.rb = BASE + 0x40;
	at.descs = BASE + 0x100;
	at.infos = at.descs + ((uint64_t)l.desc_size << COUNT_BITS);
	at.text = at.infos + ((uint64_t)l.info_size << COUNT_BITS);
	memset(r, 0, sizeof(r));
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		r[i].ts_nsec = 1000000ULL * i + 7;
		r[i].level = (uint8_t)(i % 8);
		r[i].caller_id = i & 1 ? FA_PRINTK_CALLER_CPU | 3 : 42;
		r[i].text = (char *)texts[i];
		r[i].text_len = strlen(texts[i]);
	}
	if (fa_prb_encode(&w, &l, &at, r, i, &e))
		abort();
	fa_vmci_builder_init(&b, base_vmci, sizeof(base_vmci));
	fa_vmci_add_osrelease(&b, "6.10.0");
	fa_vmci_add_pagesize(&b, 65536);
	fa_prb_vmcoreinfo(&b, &l, &at);
	base_vmci_len = b.len;
	return 0;
}

static void read_log(const char *text, size_t text_len, struct image *im)
{
	struct fa_mem m = { image_read, im, FA_LE, 8 };
	struct fa_vmcoreinfo *vi;
	struct fa_printk_log log;
	unsigned int flags;
	struct fa_err e;
	size_t len, i;
	char *out;

	if (fa_vmci_parse(text, text_len, &vi, &e))
		return;
	if (fa_printk_read(&m, vi, &log, &e) == 0) {
		for (flags = 0; flags < 16; flags++) {
			if (fa_printk_format(&log, flags, &out, &len, &e))
				continue;
			free(out);
		}
		for (i = 0; i < log.count; i++)
			fa_printk_is_panic(log.rec[i].text);
	}
	fa_printk_log_free(&log);
	fa_vmci_free(vi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[MEM_SIZE];
	static char text[VMCI_CAP];
	struct image im = { mem, MEM_SIZE };
	size_t i, n;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		uint8_t *raw;

		if (size < 3)
			return 0;
		n = data[1] | (size_t)data[2] << 8;
		if (n > size - 3)
			n = size - 3;
		/* Exact-size copies: ASan sees reads past either part. */
		raw = malloc(size - 3 ? size - 3 : 1);
		if (!raw)
			return 0;
		memcpy(raw, data + 3, size - 3);
		im.mem = raw + n;
		im.size = size - 3 - n;
		read_log((const char *)raw, n, &im);
		free(raw);
		return 0;
	}
	memcpy(text, base_vmci, base_vmci_len);
	memcpy(mem, base_mem, MEM_SIZE);
	for (i = 1; i < size; i++) {
		if (i - 1 < base_vmci_len)
			text[i - 1] ^= data[i];
		else if (i - 1 - base_vmci_len < MEM_SIZE)
			mem[i - 1 - base_vmci_len] ^= data[i];
	}
	read_log(text, base_vmci_len, &im);
	return 0;
}
