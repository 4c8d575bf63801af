# analysis/: the analyzer's library (opening dumps, their firmware sections,
# CPUs, regions, conversion, saving) -> $(BUILD)/libfaanalysis.a, which the
# fadump-analyze command line (analyzer/) calls.  It needs formats/ and
# core/ (whose fw_dump decoder reads the crashed kernel's fw_dump for
# --vmlinux).
ANALYSIS_SRC := $(wildcard analysis/*.c)
ANALYSIS_OBJ := $(ANALYSIS_SRC:%.c=$(BUILD)/%.o)
ANALYSIS_LIB := $(BUILD)/libfaanalysis.a
ifneq ($(wildcard analysis/*.c),)
LIBS_A := $(ANALYSIS_LIB) $(LIBS_A)
endif


$(ANALYSIS_LIB): $(ANALYSIS_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# Its unit tests link it with core/ and formats/.
$(BUILD)/tests/unit/test_analyzer_%: \
	TEST_LIBS = $(ANALYSIS_LIB) $(CORE_LIB) $(FORMATS_LIB)
$(addprefix $(BUILD)/tests/unit/test_,browse_model convert pagefilter fwsections \
	regions ppc64_vtop open_format vtop_x86_64): \
	TEST_LIBS = $(ANALYSIS_LIB) $(CORE_LIB) $(FORMATS_LIB)
