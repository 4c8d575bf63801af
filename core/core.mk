# core/: the FADump logic every front end shares (fadump-analyze, fadump.so,
# the kernel model): note-to-CPU mapping, crashing-CPU choice, register
# naming and printing, CPU lists, the fadump_region view of a registration
# struct, the fw_dump decoder.  Pure C over formats/: no libelf, no
# ncurses, no crash headers; callers pass buffers.  -> $(BUILD)/libfacore.a
# (crash-ext/crash-ext.mk compiles the same files into fadump.so).
CORE_SRC := $(wildcard core/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
CORE_LIB := $(BUILD)/libfacore.a
LIBS_A += $(CORE_LIB)

$(CORE_LIB): $(CORE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# Its unit tests link it and formats/.
$(BUILD)/tests/unit/test_core_%: TEST_LIBS = $(CORE_LIB) $(FORMATS_LIB)
