// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_analyzer_symbolize.c - analysis/symbolize.c against small vmlinux
 * look-alikes written here with libelf, in both byte orders: a ppc64
 * ET_EXEC at 0xc000000000000000 whose symbols are known, one without a
 * symbol table, and files that are not ELF at all.
 */
#include "fa_test.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include "fa_outfile.h"
#include "symbolize.h"

#define TEXT_ADDR	0xc000000000000000ULL
#define TEXT_SIZE	0x1000

struct tsym {
	const char *name;
	uint64_t value, size;
	int type;
};

/* Symbols of the fake image; offsets relative to TEXT_ADDR. */
static const struct tsym tsyms[] = {
	{ "_stext", 0x0, 0, STT_NOTYPE },
	{ "crash_fadump", 0x100, 0x80, STT_FUNC },
	{ "ppc_panic_event", 0x200, 0x40, STT_FUNC },
	{ "rtas_os_term", 0x300, 0x10, STT_FUNC },
	{ "linux_banner", 0x800, 0x40, STT_OBJECT },
};

#define BANNER		"Linux version 6.1.0-test (t@h) #1 SMP\n"
#define RELEASE		"6.1.0-test"

static Elf_Scn *add_scn(Elf *elf, uint32_t name, uint32_t type, void *buf,
			size_t size, Elf_Type dtype, uint64_t addr,
			uint64_t flags)
{
	Elf_Scn *scn = elf_newscn(elf);
	Elf_Data *d = elf_newdata(scn);
	GElf_Shdr sh;

	assert_non_null(d);
	d->d_buf = buf;
	d->d_size = size;
	d->d_type = dtype;
	d->d_align = 8;
	gelf_getshdr(scn, &sh);
	sh.sh_name = name;
	sh.sh_type = type;
	sh.sh_addr = addr;
	sh.sh_flags = flags;
	sh.sh_addralign = 8;
	gelf_update_shdr(scn, &sh);
	return scn;
}

/* write_image() - a ppc64 ET_EXEC with .text and (if @with_syms) a symtab. */
static void write_image(const char *path, int bo, int with_syms)
{
	static uint8_t text[TEXT_SIZE];
	static char shstr[] = "\0.text\0.symtab\0.strtab\0.shstrtab";
	char strtab[256];
	Elf64_Sym syms[8];
	size_t nsym = 1, slen = 1, i;
	GElf_Ehdr eh;
	GElf_Phdr ph;
	GElf_Shdr sh;
	Elf_Scn *text_scn, *sym_scn, *str_scn, *shs;
	Elf *elf;
	int fd;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	elf = elf_begin(fd, ELF_C_WRITE, NULL);
	assert_non_null(elf);
	gelf_newehdr(elf, ELFCLASS64);
	gelf_getehdr(elf, &eh);
	eh.e_ident[EI_DATA] = bo == FA_BE ? ELFDATA2MSB : ELFDATA2LSB;
	eh.e_type = ET_EXEC;
	eh.e_machine = EM_PPC64;
	eh.e_version = EV_CURRENT;
	eh.e_flags = bo == FA_BE ? 1 : 2;	/* ELFv1 / ELFv2 ABI */
	gelf_newphdr(elf, 1);

	memset(syms, 0, sizeof(syms));
	strtab[0] = 0;
	memcpy(text + 0x800, BANNER, sizeof(BANNER));
	text_scn = add_scn(elf, 1, SHT_PROGBITS, text, sizeof(text),
			   ELF_T_BYTE, TEXT_ADDR, SHF_ALLOC | SHF_EXECINSTR);
	if (with_syms) {
		for (i = 0; i < sizeof(tsyms) / sizeof(tsyms[0]); i++) {
			syms[nsym].st_name = slen;
			syms[nsym].st_value = TEXT_ADDR + tsyms[i].value;
			syms[nsym].st_size = tsyms[i].size;
			syms[nsym].st_info = ELF64_ST_INFO(STB_GLOBAL, tsyms[i].type);
			syms[nsym].st_shndx = elf_ndxscn(text_scn);
			strcpy(strtab + slen, tsyms[i].name);
			slen += strlen(tsyms[i].name) + 1;
			nsym++;
		}
		str_scn = add_scn(elf, 15, SHT_STRTAB, strtab, slen,
				  ELF_T_BYTE, 0, 0);
		sym_scn = add_scn(elf, 7, SHT_SYMTAB, syms,
				  nsym * sizeof(Elf64_Sym), ELF_T_SYM, 0, 0);
		gelf_getshdr(sym_scn, &sh);
		sh.sh_link = elf_ndxscn(str_scn);
		sh.sh_info = 1;
		sh.sh_entsize = sizeof(Elf64_Sym);
		gelf_update_shdr(sym_scn, &sh);
	}
	shs = add_scn(elf, 23, SHT_STRTAB, shstr, sizeof(shstr), ELF_T_BYTE,
		      0, 0);
	eh.e_shstrndx = elf_ndxscn(shs);
	gelf_update_ehdr(elf, &eh);
	assert_true(elf_update(elf, ELF_C_NULL) >= 0);

	gelf_getshdr(text_scn, &sh);
	memset(&ph, 0, sizeof(ph));
	ph.p_type = PT_LOAD;
	ph.p_flags = PF_R | PF_X;
	ph.p_offset = sh.sh_offset;
	ph.p_vaddr = TEXT_ADDR;
	ph.p_paddr = 0;
	ph.p_filesz = ph.p_memsz = TEXT_SIZE;
	ph.p_align = 8;
	gelf_update_phdr(elf, 0, &ph);
	assert_true(elf_update(elf, ELF_C_WRITE) >= 0);
	elf_end(elf);
	close(fd);
}

static char *image_path(const char *name)
{
	static char buf[4][512];
	static int n;
	char *p = buf[n++ & 3];

	snprintf(p, 512, "%s/%s", fa_test_tmpdir(), name);
	return p;
}

static void check_lookups(int bo)
{
	const char *path = image_path(bo == FA_BE ? "vmlinux-be" : "vmlinux-le");
	struct fa_symbolizer *s;
	struct fa_err e = { 0 };
	uint64_t a = 0, size = 0, off = 0;
	struct fa_sym r;
	char buf[128];

	write_image(path, bo, 1);
	assert_fa_ok(fa_sym_open(path, &s, &e), &e);
	assert_int_equal(fa_sym_has_dwarf(s), 0);

	/* Golden: start, middle and last byte of sized functions. */
	fa_sym_format(s, TEXT_ADDR + 0x100, buf, sizeof(buf));
	assert_string_equal(buf, "crash_fadump+0x0/0x80");
	fa_sym_format(s, TEXT_ADDR + 0x11c, buf, sizeof(buf));
	assert_string_equal(buf, "crash_fadump+0x1c/0x80");
	fa_sym_format(s, TEXT_ADDR + 0x23f, buf, sizeof(buf));
	assert_string_equal(buf, "ppc_panic_event+0x3f/0x40");

	assert_int_equal(fa_sym_lookup(s, TEXT_ADDR + 0x304, &r), 0);
	assert_string_equal(r.name, "rtas_os_term");
	assert_int_equal(r.offset, 4);
	assert_int_equal(r.size, 0x10);
	assert_null(r.file);

	/* Past a sized symbol's end, and outside the image: unresolved. */
	assert_int_equal(fa_sym_lookup(s, TEXT_ADDR + 0x190, &r), FA_ENOENT);
	assert_int_equal(fa_sym_format(s, 0x1000, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");

	/* By name: the running address and st_size; no DWARF, no types. */
	assert_int_equal(fa_sym_addr(s, "crash_fadump", &a, &size), 0);
	assert_int_equal(a, TEXT_ADDR + 0x100);
	assert_int_equal(size, 0x80);
	assert_int_equal(fa_sym_addr(s, "paca_ptrs", &a, NULL), FA_ENOENT);
	assert_int_equal(fa_sym_member_offset(s, "task_struct", "pid", &off),
			 FA_EUNSUP);

	/* A kernel relocated by KERNELOFFSET 0x10000. */
	fa_sym_set_offset(s, 0x10000);
	assert_int_equal(fa_sym_addr(s, "linux_banner", &a, NULL), 0);
	assert_int_equal(a, TEXT_ADDR + 0x10800);
	fa_sym_format(s, TEXT_ADDR + 0x10208, buf, sizeof(buf));
	assert_string_equal(buf, "ppc_panic_event+0x8/0x40");
	fa_sym_close(s);
}

static void test_lookup_le(void **state)
{
	(void)state;
	check_lookups(FA_LE);
}

static void test_lookup_be(void **state)
{
	(void)state;
	check_lookups(FA_BE);
}

static void test_no_symtab(void **state)
{
	const char *path = image_path("stripped");
	struct fa_symbolizer *s = NULL;
	struct fa_err e = { 0 };

	(void)state;
	write_image(path, FA_LE, 0);
	assert_fa_error(fa_sym_open(path, &s, &e), &e, FA_ENOENT,
			"no symbol table");
	assert_null(s);
}

static void test_missing_file(void **state)
{
	struct fa_symbolizer *s = NULL;
	struct fa_err e = { 0 };

	(void)state;
	assert_fa_error(fa_sym_open(image_path("nonexistent"), &s, &e), &e,
			FA_ENOENT, "No such file");
	assert_null(s);
}

static void test_not_elf(void **state)
{
	const char *path = image_path("text");
	struct fa_symbolizer *s = NULL;
	struct fa_err e = { 0 };
	struct fa_err we = { 0 };

	(void)state;
	assert_fa_ok(fa_write_file(path, "not an ELF file at all\n", 23, &we),
		     &we);
	assert_fa_error(fa_sym_open(path, &s, &e), &e, FA_ELIB,
			"not an ELF file");
	assert_null(s);
}

/*
 * fa_sym_check(): the dump's machine and byte order, the kernel symbols,
 * then the build ID (none in this image) or the release in linux_banner.
 */
static void test_check(void **state)
{
	const char *path = image_path("vmlinux-check");
	struct fa_sym_kernel k = {
		.machine = 21, .byteorder = FA_LE, .machine_name = "ppc64le",
		.osrelease = RELEASE,
	};
	struct fa_symbolizer *s;
	struct fa_err e = { 0 };

	(void)state;
	write_image(path, FA_LE, 1);
	assert_fa_ok(fa_sym_open(path, &s, &e), &e);
	assert_fa_ok(fa_sym_check(s, &k, &e), &e);
	/* No build ID in the file: the VMCOREINFO one cannot be compared. */
	k.build_id = "1234567890abcdef1234567890abcdef12345678";
	assert_fa_ok(fa_sym_check(s, &k, &e), &e);
	k.osrelease = "6.1.0-other";
	assert_fa_error(fa_sym_check(s, &k, &e), &e, FA_ECORRUPT,
			"linux_banner of release 6.1.0-test, expected the dump's OSRELEASE 6.1.0-other");
	k.osrelease = NULL;
	assert_fa_ok(fa_sym_check(s, &k, &e), &e);
	k.byteorder = FA_BE;
	k.machine_name = "ppc64";
	assert_fa_error(fa_sym_check(s, &k, &e), &e, FA_EUNSUP,
			"a ppc64le ELF, expected a ppc64 kernel as the dump");
	k.byteorder = 0;	/* an opalcore: either order */
	assert_fa_ok(fa_sym_check(s, &k, &e), &e);
	k.machine = 62;
	k.machine_name = "x86_64";
	assert_fa_error(fa_sym_check(s, &k, &e), &e, FA_EUNSUP,
			"expected a x86_64 kernel");
	fa_sym_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_le),
		cmocka_unit_test(test_lookup_be),
		cmocka_unit_test(test_no_symtab),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
