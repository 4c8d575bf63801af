# analyzer/: fadump-analyze's command line: main.c dispatches to the
# subcommands (cmd_*.c), which parse their options, call the library in
# analysis/ and print.  analyzer/*.c except main.c -> $(BUILD)/libfacli.a
# (for the unit tests); main.c plus those objects -> $(BUILD)/fadump-analyze.
# The program links the objects themselves, not the archive, so that
# subcommands main.c only references weakly are still linked in.
CLI_SRC := $(filter-out analyzer/main.c,$(wildcard analyzer/*.c))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
CLI_LIB := $(BUILD)/libfacli.a
ifneq ($(CLI_SRC),)
LIBS_A := $(CLI_LIB) $(LIBS_A)
endif

$(BUILD)/analyzer/browse.o: ALL_CFLAGS += $(CURSES_CFLAGS)

$(CLI_LIB): $(CLI_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

ifneq ($(wildcard analyzer/main.c),)
PROGRAMS += $(BUILD)/fadump-analyze
$(BUILD)/fadump-analyze: $(BUILD)/analyzer/main.o $(CLI_OBJ) $(LIBS_A)
	$(CC) -o $@ $< $(CLI_OBJ) $(LINK_LIBS) $(PKG_LIBS) $(CURSES_LIBS) \
		$(ALL_LDFLAGS)
endif
