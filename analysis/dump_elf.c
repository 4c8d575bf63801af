// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dump_elf.c - the ELF entry of the dump format table: an ELF vmcore of
 * either byte order, or an opalcore, told apart by its notes once open.
 */
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "dump_format.h"
#include "elfnote.h"
#include "fa_endian.h"
#include "prstatus.h"

#define NT_AUXV		6
#define OPALCORE_PID_BASE	100	/* opal-core.c: pr_pid = 100 + PIR */

/*
 * An opalcore is a big-endian ppc64 core whose NT_PRSTATUS notes carry
 * pr_pid = 100 + PIR, with an NT_AUXV note and no VMCOREINFO: no kernel
 * crash dump has an auxiliary vector.
 */
static int is_opalcore(const struct fa_elfcore *c)
{
	struct fa_note n;
	struct fa_err e;
	size_t pos = 0, i;
	int auxv = 0;

	if (c->byteorder != FA_BE || c->e_machine != FA_EM_PPC64 ||
	    c->vmcoreinfo)
		return 0;
	while (fa_note_next(c->notes, c->notes_len, c->byteorder, &pos, &n,
			    &e) == 1)
		if (n.type == NT_AUXV && fa_note_name_is(&n, FA_NN_CORE))
			auxv = 1;
	if (!auxv)
		return 0;
	for (i = 0; i < c->nprstatus; i++) {
		struct fa_prstatus p;

		if (fa_prstatus_decode(c->prstatus[i].desc,
				       c->prstatus[i].descsz, c->byteorder,
				       c->e_machine, &p, &e))
			continue;
		if (p.pid != 0 && p.pid < OPALCORE_PID_BASE)
			return 0;
	}
	return 1;
}

static int open_elf(struct fa_dump *d, int fd, const struct fa_dump_probe *p,
		    unsigned int flags, struct fa_err *e)
{
	struct fa_elfcore *c;
	size_t i;
	int ret;

	ret = fa_elfcore_open_path(&c, d->file, FA_ELFCORE_LAX_NOTES |
				   (flags & FA_DUMP_TRUNCATED_OK ?
				    FA_ELFCORE_TRUNCATED_OK : 0), e);
	if (ret)
		return ret;
	d->elf = c;
	d->byteorder = c->byteorder;
	d->machine = c->e_machine;
	d->notes = c->notes;
	d->notes_len = c->notes_len;
	d->format = is_opalcore(c) ? FA_DUMP_OPALCORE : FA_DUMP_ELF;
	/* The disjoint map, so that overlapping PT_LOADs count once. */
	d->ranges = calloc(c->nmap ? c->nmap : 1, sizeof(*d->ranges));
	if (!d->ranges)
		return fa_err_set(e, FA_ENOMEM, "out of memory");
	for (i = 0; i < c->nmap; i++) {
		d->ranges[i].paddr = c->map[i].paddr;
		d->ranges[i].vaddr = c->map[i].vaddr;
		d->ranges[i].size = c->map[i].memsz;
		d->ranges[i].filesz = c->map[i].filesz;
		d->ranges[i].offset = c->map[i].offset;
		/* A truncated dump holds the bytes up to its end only. */
		if (c->map[i].offset >= c->file_size)
			d->ranges[i].filesz = 0;
		else if (c->file_size - c->map[i].offset < c->map[i].filesz)
			d->ranges[i].filesz = c->file_size - c->map[i].offset;
	}
	d->nranges = c->nmap;
	if (c->data_end > c->file_size)
		d->expected_size = c->data_end;
	if (c->vmcoreinfo)
		fa_dump_parse_vmcoreinfo(d, c->vmcoreinfo, c->vmcoreinfo_len);
	else
		fa_err_set(&d->vmcoreinfo_err, FA_ENOENT,
			   "no VMCOREINFO note");
	(void)fd;	/* the core opens the file by name: it owns its fd */
	(void)p;
	return 0;
}

static int elf_read(void *ctx, int space, uint64_t addr, void *buf,
		    size_t len, struct fa_err *e)
{
	const struct fa_dump *d = ctx;

	switch (space) {
	case FA_PHYS:
		return fa_elfcore_read_phys(d->elf, addr, buf, len, e);
	case FA_KVADDR:
		return fa_elfcore_read_kv(d->elf, addr, buf, len, e);
	}
	return fa_err_set(e, FA_EINVAL, "address space %d is unknown", space);
}

void fa_dump_elf_close(struct fa_dump *d)
{
	fa_elfcore_close(d->elf);
	d->elf = NULL;
}

static int probe_elf(const struct fa_dump_probe *p)
{
	/* Either byte order: the core's EI_DATA says which. */
	return p->len >= 4 && !memcmp(p->buf, "\177ELF", 4);
}

const struct fa_dump_ops fa_dump_elf_ops = {
	FA_DUMP_ELF, "ELF vmcore", probe_elf, open_elf, elf_read,
	fa_dump_elf_close
};
