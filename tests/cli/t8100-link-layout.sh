#!/usr/bin/env bash
# t8100-link-layout.sh - the build shows the real dependencies: each
# program, unit test and fuzz target links only the archives it uses
# (read from make's link lines, nothing built), and no weak symbol or
# function-pointer trick stands in for a missing one.
. "$(dirname "$0")/lib.sh"

mk() { env -u MAKEFLAGS -u MAKELEVEL make --no-print-directory -C "$FA_SRC" "$@"; }

fresh=$T_TMP/fresh
t_run mk -n -B BUILD="$fresh" SAN=0 all unit-tests
t_is "$T_RC" 0 "make -n all unit-tests exits 0"
# One line per command: join the recipes' continuation lines.
cmds=$(printf '%s\n' "$T_OUT" | sed -e ':a' -e '/\\$/N; s/\\\n//; ta')

# The archives the link of @1 names, in order, as "analyzer kernel formats".
archives() {
	printf '%s\n' "$cmds" | grep -E "^[^ ]*(cc|gcc) .*-o $fresh/$1( |$)" | head -1 |
		grep -oE 'libfa[a-z]+\.a' | sed 's/^libfa//; s/\.a$//' | tr '\n' ' ' | sed 's/ $//'
}

# A bare make is make all, whatever target a fragment defines first.
t_run mk -n -B BUILD="$fresh" SAN=0
t_like "$T_OUT" "-o $fresh/fadump-analyze( |\$)" "a bare make builds the programs (the default goal is all)"

t_is "$(archives fadump-kernel)" "kernel core formats" "fadump-kernel: the kernel model, core/ and formats/"
t_is "$(archives fadump-analyze)" "cli analysis core formats" \
	"fadump-analyze: its command line, the analysis library, core/ and formats/ (not the kernel model, not the crash extension)"
t_unlike "$(printf '%s\n' "$cmds" | grep -E -- "-o $fresh/fadump-analyze( |$)")" \
	"$fresh/analyzer/[a-z_]+\\.o .*$fresh/analyzer/" \
	"fadump-analyze links main.o and the archives, not every object"
t_is "$(archives tests/unit/test_elfcore)" "formats" "a formats/ unit test links formats/ alone"
t_is "$(archives tests/unit/test_errors)" "formats" "test_errors links formats/ alone"
t_is "$(archives tests/unit/test_core_cpumap)" "core formats" "a core/ unit test: core/ and formats/"
t_is "$(archives tests/unit/test_kernel_kstrtox)" "kernel core formats" "a kernel unit test: kernel, core/ and formats/"
t_is "$(archives tests/unit/test_machine)" "kernel core formats" "test_machine: kernel, core/ and formats/"
t_is "$(archives tests/unit/test_synth)" "kernel core formats" "test_synth: kernel, core/ and formats/"
t_is "$(archives tests/unit/test_regions)" "analysis core formats" "an analysis unit test: analysis, core/, formats/"
t_is "$(archives tests/unit/test_crashext_dumpfile)" "crashext core formats" \
	"a crash extension unit test: its pure layer, core/ and formats/"
t_is "$(archives tests/fuzz/fuzz_elfcore)" "formats" "a formats/ fuzz target links formats/ alone"
t_is "$(archives tests/fuzz/fuzz_ktext)" "kernel formats" "fuzz_ktext: formats/ and the kernel's kstrtox"
t_is "$(archives tests/fuzz/fuzz_dump)" "cli analysis core formats" "fuzz_dump: fadump-analyze's subcommands"

weak=$(cd "$FA_SRC" && grep -rnE 'pragma weak|__attribute__\(\(weak\)\)|attribute__\(\(used\)\) *=' \
	formats core kernel analysis analyzer crash-ext --include='*.c' --include='*.h' || true)
t_is "$weak" "" "no weak references or kept function pointers in the libraries and programs"
t_done
