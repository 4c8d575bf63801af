# formats/: pure codecs -> $(BUILD)/libfaformats.a
FORMATS_SRC := $(wildcard formats/*.c)
FORMATS_OBJ := $(FORMATS_SRC:%.c=$(BUILD)/%.o)
FORMATS_LIB := $(BUILD)/libfaformats.a
LIBS_A += $(FORMATS_LIB)

$(FORMATS_LIB): $(FORMATS_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^
