// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmcore.c - /proc/vmcore as fs/proc/vmcore.c builds it from the
 * elfcorehdr the capture kernel (or, before v6.10, the first kernel) left in
 * memory: sanity checks, PT_NOTEs read from old memory and merged into one
 * at a page-aligned offset, PT_LOAD data laid out page by page in phdr
 * order, reads going to physical memory at each PT_LOAD's original
 * p_offset (so boot memory comes from the firmware's copy).
 */
#include <stdlib.h>
#include <string.h>

#include "elfcore.h"
#include "fa_endian.h"
#include "fadump.h"
#include "prstatus.h"

struct chunk_src {
	struct machine *m;
	uint64_t paddr;		/* physical start of the chunk */
	uint64_t size;		/* page-rounded length */
	uint64_t file_off;	/* where it lies in the file */
};

static int chunk_read(void *ctx, uint64_t pos, void *buf, size_t len,
		      struct fa_err *e)
{
	struct chunk_src *c = ctx;

	/* known zeros stay a hole without building the pages */
	if (machine_is_zero(c->m, c->paddr + pos, len))
		return 1;
	return machine_read(c->m, c->paddr + pos, buf, len, e);
}

/* update_note_header_size_elf64(): the notes' real size, up to n_namesz 0. */
static uint64_t notes_real_size(const uint8_t *p, uint64_t max, int bo)
{
	uint64_t real = 0;

	while (real + 12 <= max) {
		uint64_t namesz = fa_get32(p + real, bo);
		uint64_t descsz = fa_get32(p + real + 4, bo);
		uint64_t sz;

		if (!namesz)
			break;
		sz = 12 + ((namesz + 3) & ~3ULL) + ((descsz + 3) & ~3ULL);
		if (real + sz > max)
			break;	/* "Exceeded p_memsz, dropping PT_NOTE entry" */
		real += sz;
	}
	return real;
}

int fadump_vmcore_write(struct fadump_kernel *k, const char *path,
			struct fa_err *e)
{
	uint64_t ps = k->page_size, addr = k->elfcorehdr_addr;
	uint8_t eh[FA_ELF_EHDR_SIZE], *raw = NULL, *notes = NULL;
	struct fa_elf_phdr *ph = NULL, *out = NULL;
	struct fa_elf_ehdr h;
	struct chunk_src *src = NULL;
	uint64_t notes_len = 0, elfsz, notes_sz, off;
	size_t i, n = 0, nnotes = 0;
	struct fa_elfw w;
	int ret;

	if (addr == ELFCORE_ADDR_MAX || addr == ELFCORE_ADDR_ERR ||
	    k->vmcore_removed)
		return fa_err_set(e, FA_ENOENT, "no /proc/vmcore: no elfcorehdr");
	ret = machine_read(k->m, addr, eh, sizeof(eh), e);
	if (ret || (ret = fa_elf_ehdr_decode(eh, sizeof(eh), &h, e)))
		return ret;
	if (h.type != FA_ET_CORE || h.machine != FA_EM_PPC64 ||
	    h.version != 1 || h.ehsize != FA_ELF_EHDR_SIZE ||
	    h.phentsize != FA_ELF_PHDR_SIZE || !h.phnum)
		return fa_err_set(e, FA_ECORRUPT,
				  "elfcorehdr at %#lx: not a ppc64 ET_CORE header",
				  (unsigned long)addr);
	raw = malloc((size_t)h.phnum * FA_ELF_PHDR_SIZE);
	ph = calloc(h.phnum, sizeof(*ph));
	out = calloc((size_t)h.phnum + 1, sizeof(*out));
	src = calloc(h.phnum, sizeof(*src));
	if (!raw || !ph || !out || !src) {
		ret = fa_err_set(e, FA_ENOMEM, "vmcore: out of memory");
		goto out;
	}
	ret = machine_read(k->m, addr + h.phoff, raw,
			   (size_t)h.phnum * FA_ELF_PHDR_SIZE, e);
	if (ret)
		goto out;
	for (i = 0; i < h.phnum; i++)
		fa_elf_phdr_decode(raw + i * FA_ELF_PHDR_SIZE, h.byteorder,
				   &ph[i]);

	/* merge_note_headers_elf64(): all notes into one buffer */
	for (i = 0; i < h.phnum; i++) {
		uint8_t *buf, *grown;
		uint64_t real;

		if (ph[i].type != FA_PT_NOTE)
			continue;
		nnotes++;
		buf = malloc(ph[i].memsz ? ph[i].memsz : 1);
		if (!buf) {
			ret = fa_err_set(e, FA_ENOMEM, "vmcore: out of memory");
			goto out;
		}
		ret = machine_read(k->m, ph[i].offset, buf, ph[i].memsz, e);
		if (ret) {
			free(buf);
			goto out;
		}
		real = notes_real_size(buf, ph[i].memsz, h.byteorder);
		grown = realloc(notes, notes_len + real + 1);
		if (!grown) {
			free(buf);
			ret = fa_err_set(e, FA_ENOMEM, "vmcore: out of memory");
			goto out;
		}
		notes = grown;
		memcpy(notes + notes_len, buf, real);
		notes_len += real;
		free(buf);
	}
	if (!nnotes) {
		ret = fa_err_set(e, FA_ECORRUPT, "elfcorehdr: no PT_NOTE");
		goto out;
	}

	out[n].type = FA_PT_NOTE;
	out[n].filesz = out[n].memsz = notes_len;
	out[n].align = 4;
	n++;
	for (i = 0; i < h.phnum; i++)
		if (ph[i].type != FA_PT_NOTE)
			out[n++] = ph[i];
	elfsz = FA_ALIGN_UP(fa_elf_headers_size(n), ps);
	notes_sz = FA_ALIGN_UP(notes_len, ps);
	out[0].offset = elfsz;
	off = elfsz + notes_sz;
	for (i = 1; i < n; i++) {
		uint64_t start, end;

		if (out[i].type != FA_PT_LOAD)
			continue;
		start = FA_ALIGN_DOWN(out[i].offset, ps);
		end = FA_ALIGN_UP(out[i].offset + out[i].memsz, ps);
		src[i].m = k->m;
		src[i].paddr = start;
		src[i].size = end - start;
		src[i].file_off = off;
		out[i].offset = off + (out[i].offset - start);
		off += end - start;
	}
	ret = fa_elfw_open(&w, path, h.byteorder, h.machine, h.flags, out, n, e);
	if (ret)
		goto out;
	if (notes_len &&
	    (ret = fa_elfw_pwrite(&w, elfsz, notes, notes_len, e)))
		goto abort;
	off = elfsz + notes_sz;
	for (i = 1; i < n; i++) {
		if (out[i].type != FA_PT_LOAD)
			continue;
		ret = fa_elfw_stream(&w, src[i].file_off, src[i].size,
				     chunk_read, &src[i], e);
		if (ret)
			goto abort;
		off = src[i].file_off + src[i].size;
	}
	if (off > w.size)
		w.size = off;
	ret = fa_elfw_finish(&w, e);
	goto out;
abort:
	fa_elfw_abort(&w);
out:
	free(raw);
	free(ph);
	free(out);
	free(src);
	free(notes);
	return ret;
}
