# analyzer/: fadump-analyze's command line: main.c dispatches to the
# subcommands (cmd_*.c), which parse their options, call the library in
# analysis/ and print.  analyzer/*.c except main.c -> $(BUILD)/libfacli.a;
# main.c with it, analysis/, core/ and formats/ -> $(BUILD)/fadump-analyze.
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
FA_ANALYZE_LIBS = $(CLI_LIB) $(ANALYSIS_LIB) $(CORE_LIB) $(FORMATS_LIB)
$(BUILD)/fadump-analyze: $(BUILD)/analyzer/main.o $(FA_ANALYZE_LIBS)
	$(CC) -o $@ $< $(FA_ANALYZE_LIBS) $(PKG_LIBS) $(CURSES_LIBS) \
		$(ALL_LDFLAGS)
endif

