# analyzer/: fadump-analyze.  analyzer/*.c except main.c ->
# $(BUILD)/libfaanalyzer.a (linked before the kernel and formats libraries);
# main.c plus those objects -> $(BUILD)/fadump-analyze.  The program links
# the objects themselves, not the archive, so that subcommands main.c only
# references weakly are still linked in.
ANALYZER_SRC := $(filter-out analyzer/main.c,$(wildcard analyzer/*.c))
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
$(BUILD)/fadump-analyze: $(BUILD)/analyzer/main.o $(ANALYZER_OBJ) $(LIBS_A)
	$(CC) -o $@ $< $(ANALYZER_OBJ) $(LINK_LIBS) $(PKG_LIBS) $(CURSES_LIBS) \
		$(ALL_LDFLAGS)
endif
