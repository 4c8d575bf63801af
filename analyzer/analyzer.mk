# analyzer/: fadump-analyze.  analyzer/*.c except main.c ->
# $(BUILD)/libfaanalyzer.a, which uses the kernel model's kimage.c and
# formats/; main.c plus those archives -> $(BUILD)/fadump-analyze.
# The crash extension's fw_dump decoder (pure) reads the crashed kernel's
# fw_dump for --vmlinux too: one decoder of struct fw_dump.
ANALYZER_SRC := $(filter-out analyzer/main.c,$(wildcard analyzer/*.c)) \
	crash-ext/cx_fwdump.c
ANALYZER_OBJ := $(ANALYZER_SRC:%.c=$(BUILD)/%.o)
ANALYZER_LIB := $(BUILD)/libfaanalyzer.a
ifneq ($(ANALYZER_SRC),)
LIBS_A := $(ANALYZER_LIB) $(LIBS_A)
endif

$(BUILD)/analyzer/browse.o: ALL_CFLAGS += $(CURSES_CFLAGS)
$(BUILD)/analyzer/%.o: ALL_CFLAGS += -Icrash-ext

$(ANALYZER_LIB): $(ANALYZER_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

ifneq ($(wildcard analyzer/main.c),)
PROGRAMS += $(BUILD)/fadump-analyze
$(BUILD)/fadump-analyze: $(BUILD)/analyzer/main.o $(ANALYZER_LIB) \
		$(KERNEL_LIB) $(FORMATS_LIB)
	$(CC) -o $@ $< $(ANALYZER_LIB) $(KERNEL_LIB) $(FORMATS_LIB) $(PKG_LIBS) \
		$(CURSES_LIBS) $(ALL_LDFLAGS)
endif

# Its unit tests link the same archives.
$(BUILD)/tests/unit/test_analyzer_%: \
	TEST_LIBS = $(ANALYZER_LIB) $(KERNEL_LIB) $(FORMATS_LIB)
$(addprefix $(BUILD)/tests/unit/test_,browse_model convert pagefilter fwsections \
	regions ppc64_vtop): \
	TEST_LIBS = $(ANALYZER_LIB) $(KERNEL_LIB) $(FORMATS_LIB)
