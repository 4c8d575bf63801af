# kernel/: the FADump kernel model -> $(BUILD)/libfakernel.a and the
# fadump-kernel program (kernel/main.c).
KERNEL_SRC := $(filter-out kernel/main.c,$(wildcard kernel/*.c))
KERNEL_OBJ := $(KERNEL_SRC:%.c=$(BUILD)/%.o)
KERNEL_LIB := $(BUILD)/libfakernel.a
ifneq ($(KERNEL_SRC),)
LIBS_A += $(KERNEL_LIB)
endif

$(KERNEL_LIB): $(KERNEL_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

ifneq ($(wildcard kernel/main.c),)
PROGRAMS += $(BUILD)/fadump-kernel
# Only the kernel model, core/ and formats/: the program does not depend on
# the analyzer or the crash extension.
$(BUILD)/fadump-kernel: $(BUILD)/kernel/main.o $(KERNEL_LIB) $(CORE_LIB) $(FORMATS_LIB)
	$(CC) -o $@ $< $(KERNEL_LIB) $(CORE_LIB) $(FORMATS_LIB) $(PKG_LIBS) $(ALL_LDFLAGS)
endif

# Its unit tests link the same archives.
$(BUILD)/tests/unit/test_kernel_% $(BUILD)/tests/unit/test_machine_%: \
	TEST_LIBS = $(KERNEL_LIB) $(CORE_LIB) $(FORMATS_LIB)
$(addprefix $(BUILD)/tests/unit/test_,machine synth): \
	TEST_LIBS = $(KERNEL_LIB) $(CORE_LIB) $(FORMATS_LIB)
