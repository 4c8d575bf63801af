// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qemu-x86-rewrite.c - turn QEMU 7.2's `dump-guest-memory` ELF of an x86_64
 * guest into a vmcore that makedumpfile 1.7.2 accepts (bench only):
 *   - a correct ELF header (QEMU writes e_ehsize 8 and section headers);
 *   - one PT_NOTE holding QEMU's CPU notes plus the guest kernel's own
 *     VMCOREINFO note, which QEMU does not export without the guest driver
 *     but which sits in guest memory: header (namesz 11, descsz, type 0),
 *     "VMCOREINFO\0\0", then the text starting "OSRELEASE=";
 *   - PT_LOADs for RAM only (paddr below MAX_PADDR, to drop the VGA
 *     framebuffer and the BIOS ROM), p_vaddr in the direct map
 *     (0xffff888000000000 + paddr: the guest booted with `nokaslr`).
 * The output is written densely, like /proc/vmcore: zero pages are real
 * file data, so no tool can skip them with SEEK_HOLE.
 *
 *   qemu-x86-rewrite IN OUT [MAX_PADDR]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfcore.h"
#include "elfnote.h"
#include "fa_io.h"

#define EM_X86_64_		62
#define X86_DIRECT_MAP		0xffff888000000000ULL
#define CHUNK			(4u << 20)
#define VMCI_MAX		(1u << 20)

static const char pattern[] = "VMCOREINFO\0\0OSRELEASE=";
#define PATTERN_LEN		(sizeof(pattern) - 1)

/*
 * Check that the note header 12 bytes before file offset @at is the
 * VMCOREINFO note's and copy its text into *@text.  1 when it is.
 */
static int take_note(const struct fa_elfcore *c, uint64_t at, char **text,
		     uint32_t *len, struct fa_err *e)
{
	uint8_t hdr[12];
	uint32_t namesz, descsz, type;
	char *buf;

	if (at < 12 || fa_pread_full(c->fd, hdr, sizeof(hdr), at - 12, "note header", e))
		return 0;
	namesz = fa_get32(hdr, c->byteorder);
	descsz = fa_get32(hdr + 4, c->byteorder);
	type = fa_get32(hdr + 8, c->byteorder);
	if (namesz != 11 || type != 0 || descsz < 10 || descsz > VMCI_MAX)
		return 0;
	buf = malloc(descsz);
	if (!buf)
		return 0;
	if (fa_pread_full(c->fd, buf, descsz, at + 12, "VMCOREINFO note", e)) {
		free(buf);
		return 0;
	}
	*text = buf;
	*len = descsz;
	return 1;
}

/* Find the guest kernel's VMCOREINFO note in the PT_LOADs' data. */
static int find_vmcoreinfo(const struct fa_elfcore *c, char **text,
			   uint32_t *len, struct fa_err *e)
{
	uint8_t *buf = malloc(CHUNK + PATTERN_LEN);
	size_t i;
	int ret = FA_ENOENT;

	if (!buf)
		return fa_err_set(e, FA_ENOMEM, "no memory for the scan buffer");
	for (i = 0; i < c->nloads && ret == FA_ENOENT; i++) {
		const struct fa_elf_load *l = &c->loads[i];
		uint64_t pos;

		for (pos = 0; pos < l->filesz && ret == FA_ENOENT; pos += CHUNK) {
			uint64_t n = l->filesz - pos;
			const uint8_t *p, *end;

			if (n > CHUNK + PATTERN_LEN - 1)
				n = CHUNK + PATTERN_LEN - 1;
			if (fa_pread_full(c->fd, buf, n, l->offset + pos, "PT_LOAD", e)) {
				ret = FA_EIO;
				break;
			}
			end = buf + n;
			for (p = buf; (p = memmem(p, (size_t)(end - p), pattern,
						  PATTERN_LEN)); p++) {
				if (take_note(c, l->offset + pos + (uint64_t)(p - buf),
					      text, len, e)) {
					ret = 0;
					break;
				}
			}
		}
	}
	free(buf);
	if (ret == FA_ENOENT)
		return fa_err_set(e, FA_ENOENT,
				  "no VMCOREINFO note (\"VMCOREINFO\\0\\0OSRELEASE=\") in guest memory");
	return ret;
}

/* The new PT_NOTE data: QEMU's notes without any VMCOREINFO, then the guest's. */
static uint8_t *build_notes(const struct fa_elfcore *c, const char *vmci,
			    uint32_t vmci_len, size_t *out_len, struct fa_err *e)
{
	size_t cap = c->notes_len + fa_note_size(FA_NN_VMCOREINFO, vmci_len);
	uint8_t *blob = malloc(cap);
	size_t pos = 0, len = 0;
	struct fa_note n;
	int r;

	if (!blob) {
		fa_err_set(e, FA_ENOMEM, "no memory for %zu bytes of notes", cap);
		return NULL;
	}
	while ((r = fa_note_next(c->notes, c->notes_len, c->byteorder, &pos, &n, e)) == 1) {
		size_t at = n.offset;

		if (fa_note_name_is(&n, FA_NN_VMCOREINFO))
			continue;
		memcpy(blob + len, c->notes + at, pos - at);
		len += pos - at;
	}
	if (r < 0) {
		free(blob);
		return NULL;
	}
	len += fa_note_put(blob + len, c->byteorder, FA_NN_VMCOREINFO,
			   FA_NT_VMCOREINFO, vmci, vmci_len);
	*out_len = len;
	return blob;
}

static int copy_load(const struct fa_elfcore *c, struct fa_elfw *w,
		     const struct fa_elf_load *l, const struct fa_elf_phdr *ph,
		     uint8_t *buf, struct fa_err *e)
{
	uint64_t pos;
	int ret;

	for (pos = 0; pos < l->filesz; pos += CHUNK) {
		size_t n = l->filesz - pos < CHUNK ? (size_t)(l->filesz - pos) : CHUNK;

		ret = fa_pread_full(c->fd, buf, n, l->offset + pos, "PT_LOAD", e);
		if (!ret)
			ret = fa_elfw_pwrite(w, ph->offset + pos, buf, n, e);
		if (ret)
			return ret;
	}
	return 0;
}

static int rewrite(const char *in, const char *out, uint64_t max_paddr,
		   struct fa_err *e)
{
	struct fa_elfcore *c = NULL;
	struct fa_elf_phdr *ph = NULL;
	struct fa_elfw w;
	uint8_t *notes = NULL, *buf = NULL;
	char *vmci = NULL;
	uint32_t vmci_len = 0;
	size_t notes_len, n = 1, i, k;
	uint64_t size;
	int ret, open = 0;

	ret = fa_elfcore_open_path(&c, in, FA_ELFCORE_LAX_NOTES, e);
	if (ret)
		return ret;
	if (c->e_machine != EM_X86_64_ || c->byteorder != FA_LE) {
		ret = fa_err_set(e, FA_EUNSUP, "expected an x86_64 little-endian core, found EM %u EI_DATA %d",
				 c->e_machine, c->byteorder);
		goto out;
	}
	ret = find_vmcoreinfo(c, &vmci, &vmci_len, e);
	if (ret)
		goto out;
	notes = build_notes(c, vmci, vmci_len, &notes_len, e);
	if (!notes) {
		ret = e->code ? e->code : FA_ENOMEM;
		goto out;
	}
	ph = calloc(c->nloads + 1, sizeof(*ph));
	buf = malloc(CHUNK);
	if (!ph || !buf) {
		ret = fa_err_set(e, FA_ENOMEM, "no memory for %zu phdrs", c->nloads + 1);
		goto out;
	}
	ph[0].type = FA_PT_NOTE;
	ph[0].filesz = ph[0].memsz = notes_len;
	for (i = 0; i < c->nloads; i++) {
		const struct fa_elf_load *l = &c->loads[i];

		if (l->paddr >= max_paddr)
			continue;
		ph[n].type = FA_PT_LOAD;
		ph[n].flags = FA_PF_R | FA_PF_W | FA_PF_X;
		ph[n].paddr = l->paddr;
		ph[n].vaddr = X86_DIRECT_MAP + l->paddr;
		ph[n].filesz = l->filesz;
		ph[n].memsz = l->memsz;
		n++;
	}
	ret = fa_elf_layout(ph, n, 4096, &size, e);
	if (!ret)
		ret = fa_elfw_open(&w, out, FA_LE, EM_X86_64_, 0, ph, n, e);
	if (ret)
		goto out;
	open = 1;
	ret = fa_elfw_pwrite(&w, ph[0].offset, notes, notes_len, e);
	for (i = 0, k = 1; !ret && i < c->nloads; i++) {
		if (c->loads[i].paddr >= max_paddr)
			continue;
		ret = copy_load(c, &w, &c->loads[i], &ph[k++], buf, e);
	}
	if (!ret) {
		open = 0;
		ret = fa_elfw_finish(&w, e);
	}
	if (!ret)
		printf("%s: %zu PT_LOADs, VMCOREINFO %u bytes\n", out, n - 1, vmci_len);
out:
	if (open)
		fa_elfw_abort(&w);
	free(buf);
	free(ph);
	free(notes);
	free(vmci);
	fa_elfcore_close(c);
	return ret;
}

int main(int argc, char **argv)
{
	struct fa_err e = { 0 };
	uint64_t max_paddr = UINT64_MAX;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: qemu-x86-rewrite IN OUT [MAX_PADDR]\n");
		return 2;
	}
	if (argc == 4)
		max_paddr = strtoull(argv[3], NULL, 0);
	if (rewrite(argv[1], argv[2], max_paddr, &e)) {
		fprintf(stderr, "qemu-x86-rewrite: %s\n", e.msg);
		return 1;
	}
	return 0;
}
