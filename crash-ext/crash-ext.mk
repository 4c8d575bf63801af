# crash-ext/: fadump.so, the crash extension (fadump-region, cpu-state).
#
# Built against crash's defs.h twice: for the host and, with Debian's
# powerpc64le cross gcc, as a native ppc64le object for Debian's ppc64el
# crash 8.0.2, which the tests run under qemu-ppc64le-static.  Each build
# compiles the formats/ codecs it links with -fPIC into its own object
# directory, with -fvisibility=hidden so that nothing but crash's own
# symbols is shared with crash and other extensions.  Neither build uses the
# sanitizers: the objects are loaded into crash, which is not built with
# them (SAN=1 is ignored here).  The pure crash-ext files are also archived
# into libfacrashext.a for the unit tests, which do get the sanitizers.

CRASH_INCDIR ?= /usr/include/crash
CRASH_TARGET ?= PPC64
CRASH_GDB_FLAGS ?= -DGDB_10_2
CX_CROSS_CC ?= powerpc64le-linux-gnu-gcc

CX_PURE := crash-ext/cx_dumpfile.c \
	crash-ext/cx_report.c
CX_FORMATS := $(addprefix formats/,fa_err.c fa_io.c elfhdr.c elfnote.c prstatus.c \
	crashinfo.c regsave.c rtas.c opal.c ppcregs.c ktext.c)
CX_GLUE := crash-ext/fadump.c crash-ext/cx_gather.c
# core/ whole: the logic fadump-analyze and the kernel model share.
CX_CORE := $(wildcard core/*.c)
CX_SRC := $(CX_GLUE) $(CX_PURE) $(CX_CORE) $(CX_FORMATS)
CX_CFLAGS := -std=gnu11 $(WARN) -g -O2 -fPIC -fvisibility=hidden -D_GNU_SOURCE \
	-Iformats -Icore -Icrash-ext \
	-D$(CRASH_TARGET) $(CRASH_GDB_FLAGS)
CX_LDFLAGS := -shared -rdynamic -Wl,-soname,fadump.so \
	-Wl,--unresolved-symbols=ignore-in-object-files

CX_HOST_DIR := $(BUILD)/crash-ext/host
CX_PPC_DIR := $(BUILD)/crash-ext/ppc64le
CX_HOST_SO := $(CX_HOST_DIR)/fadump.so
CX_PPC_SO := $(CX_PPC_DIR)/fadump.so
CX_HOST_OBJ := $(CX_SRC:%.c=$(CX_HOST_DIR)/%.o)
CX_PPC_OBJ := $(CX_SRC:%.c=$(CX_PPC_DIR)/%.o)

EXTRA_ALL += $(CX_HOST_SO)
ifneq ($(shell command -v $(CX_CROSS_CC) 2>/dev/null),)
EXTRA_ALL += $(CX_PPC_SO)
endif

$(CX_GLUE:%.c=$(CX_HOST_DIR)/%.o) $(CX_GLUE:%.c=$(CX_PPC_DIR)/%.o): \
	CX_EXTRA := -I$(CRASH_INCDIR)

# Flags live here: a change to this file rebuilds the objects.
$(CX_HOST_OBJ) $(CX_PPC_OBJ): crash-ext/crash-ext.mk

# The host build takes the packager's CPPFLAGS, CFLAGS and LDFLAGS; the
# cross build does not (they are the host compiler's).
$(CX_HOST_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CX_CFLAGS) $(CX_EXTRA) $(CFLAGS) -MMD -MP -c -o $@ $<

$(CX_PPC_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CX_CROSS_CC) $(CX_CFLAGS) $(CX_EXTRA) -MMD -MP -c -o $@ $<

$(CX_HOST_SO): $(CX_HOST_OBJ)
	$(CC) $(CX_LDFLAGS) $(LDFLAGS) -o $@ $^

$(CX_PPC_SO): $(CX_PPC_OBJ)
	$(CX_CROSS_CC) $(CX_LDFLAGS) -o $@ $^

# The pure layer, for the cmocka tests (tests/unit/test_crashext_*.c).
CX_LIB := $(BUILD)/libfacrashext.a
LIBS_A += $(CX_LIB)
$(CX_LIB): $(CX_PURE:%.c=$(BUILD)/%.o)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^
$(BUILD)/tests/unit/test_crashext_%.o: ALL_CFLAGS += -Icrash-ext
$(BUILD)/tests/unit/test_crashext_%: TEST_LIBS = $(CX_LIB) $(CORE_LIB) $(FORMATS_LIB)

# The tests' own crashed-kernel fixture: a tiny ppc64le image with the
# FADump variables (kernel generations, platforms) and vmcores written for it
# by tests/crash/mkvmcore.py.
CX_FIX := $(BUILD)/tests/crash
CX_FIX_CFLAGS := -g -O0 -ffreestanding -nostdlib -static -fno-pic \
	-fno-stack-protector -fno-asynchronous-unwind-tables \
	-Wl,-Ttext-segment=0xc000000000000000 \
	-Wl,--defsym=_stext=0xc000000000000000 -e start_kernel
CX_FIX_FILES := $(foreach v,current old nofadump opal,$(CX_FIX)/vmlinux-$(v)) \
	$(CX_FIX)/vmcore-current $(CX_FIX)/vmcore-old $(CX_FIX)/vmcore-nofadump \
	$(CX_FIX)/vmcore-opal \
	$(CX_FIX)/vmcore-mainline $(CX_FIX)/vmcore-kdump $(CX_FIX)/vmcore-corrupt
ifneq ($(shell command -v $(CX_CROSS_CC) 2>/dev/null),)
EXTRA_ALL += $(CX_FIX_FILES)
endif

$(CX_FIX)/vmlinux-current: tests/crash/fixture/kernel.c
	@mkdir -p $(dir $@)
	$(CX_CROSS_CC) $(CX_FIX_CFLAGS) -o $@ $<
$(CX_FIX)/vmlinux-old: tests/crash/fixture/kernel.c
	@mkdir -p $(dir $@)
	$(CX_CROSS_CC) $(CX_FIX_CFLAGS) -DFIXTURE_OLD -o $@ $<
$(CX_FIX)/vmlinux-nofadump: tests/crash/fixture/kernel.c
	@mkdir -p $(dir $@)
	$(CX_CROSS_CC) $(CX_FIX_CFLAGS) -DFIXTURE_NO_FADUMP -o $@ $<
$(CX_FIX)/vmlinux-opal: tests/crash/fixture/kernel.c
	@mkdir -p $(dir $@)
	$(CX_CROSS_CC) $(CX_FIX_CFLAGS) -DFIXTURE_OPAL -o $@ $<
$(CX_FIX)/vmcore-opal: $(CX_FIX)/vmlinux-opal tests/crash/mkvmcore.py
	python3 tests/crash/mkvmcore.py --opal --vmlinux $< $@
$(CX_FIX)/vmcore-current: $(CX_FIX)/vmlinux-current tests/crash/mkvmcore.py
	python3 tests/crash/mkvmcore.py --vmlinux $< $@
$(CX_FIX)/vmcore-old: $(CX_FIX)/vmlinux-old tests/crash/mkvmcore.py
	python3 tests/crash/mkvmcore.py --era old --vmlinux $< $@
$(CX_FIX)/vmcore-nofadump: $(CX_FIX)/vmlinux-nofadump tests/crash/mkvmcore.py
	python3 tests/crash/mkvmcore.py --vmlinux $< $@
$(CX_FIX)/vmcore-mainline: $(CX_FIX)/vmlinux-current tests/crash/mkvmcore.py
	python3 tests/crash/mkvmcore.py --no-fw-sections --vmlinux $< $@

$(CX_FIX)/vmcore-corrupt: $(CX_FIX)/vmlinux-current tests/crash/mkvmcore.py
	python3 tests/crash/mkvmcore.py --corrupt --vmlinux $< $@
$(CX_FIX)/vmcore-kdump: $(CX_FIX)/vmlinux-current tests/crash/mkvmcore.py
	python3 tests/crash/mkvmcore.py --kdump --vmlinux $< $@

# Debian's ppc64el crash for the tests (cached outside the repository).
.PHONY: crash-ppc64el
crash-ppc64el:
	@scripts/setup-crash-ppc64el >/dev/null || \
		echo "crash-ext: ppc64el crash not available; its tests will skip" >&2
run-tests: crash-ppc64el

# make install puts the host build in CRASH_EXTDIR: the object the crash of
# this machine loads (on POWER, the distribution's crash; on x86_64, a crash
# built with target=PPC64, which accepts x86_64 extensions).  crash 8.0.2
# finds a bare "extend fadump.so" in ./, the CRASH_EXTENSIONS directory,
# /usr/lib64/crash/extensions (64-bit) and /usr/lib/crash/extensions
# (extensions.c, in_extensions_library()): PREFIX=/usr lands there, any
# other PREFIX needs CRASH_EXTENSIONS or the full path (crash-fadump.8).
# The ppc64le cross build stays in $(CX_PPC_SO), to copy to a POWER machine.
CRASH_EXTDIR ?= $(PREFIX)/lib/crash/extensions
INSTALL_EXTRA += install -d $(DESTDIR)$(CRASH_EXTDIR) && \
	install -m 0644 $(CX_HOST_SO) $(DESTDIR)$(CRASH_EXTDIR)/fadump.so;
UNINSTALL_EXTRA += rm -f $(DESTDIR)$(CRASH_EXTDIR)/fadump.so;
