#!/usr/bin/env bash
# t8110-coverage-report.sh - scripts/coverage-report on two tiny folders
# built with --coverage here: one line per folder with its percentage, a
# program's own files (main.c, cmd_*.c) left out, a file that never ran
# counted as uncovered, and the folders under the target named (exit 1).
. "$(dirname "$0")/lib.sh"
t_native_only "gcov reads the host compiler's coverage data"
command -v gcov >/dev/null && command -v gcc >/dev/null || {
	t_skip "gcc/gcov not installed"; t_done; }

src=$T_TMP/src
mkdir -p "$src/good" "$src/bad" "$src/build/good" "$src/build/bad"
# good/: every line of lib.c runs; main.c (a program file) is not counted.
cat >"$src/good/lib.c" <<'C'
int good(int x)
{
	return x + 1;
}
C
cat >"$src/good/main.c" <<'C'
int good(int x);
int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 5)
		return 3;
	return good(argc) == 2 ? 0 : 1;
}
C
# bad/: half of used.c runs, unused.c never does, cmd_x.c is a program's.
cat >"$src/bad/used.c" <<'C'
int used(int x)
{
	if (x > 100)
		return 7;
	return 0;
}
C
cat >"$src/bad/unused.c" <<'C'
int unused(int x)
{
	x = x * 3;
	x = x + 4;
	return x;
}
C
cat >"$src/bad/cmd_x.c" <<'C'
int cmd_x(void)
{
	return 0;
}
C
(
	cd "$src" || exit 1
	for f in good/lib.c good/main.c bad/used.c bad/unused.c bad/cmd_x.c; do
		gcc -O0 --coverage -c -o "build/${f%.c}.o" "$f" || exit 1
	done
	printf 'int used(int);\nint main(void) { return used(1); }\n' >drv.c
	gcc --coverage -o good.bin build/good/lib.o build/good/main.o &&
		gcc --coverage -o bad.bin drv.c build/bad/used.o &&
		./good.bin && ./bad.bin
) >"$T_TMP/build.log" 2>&1
t_is "$?" 0 "the fixture builds and runs ($(tail -1 "$T_TMP/build.log"))"

t_run bash -c "cd '$src' && '$FA_SRC/scripts/coverage-report' build good bad"
t_is "$T_RC" 1 "a folder under 85% makes the report exit 1"
t_like "$T_OUT" '^coverage of good/: 100\.0% of [0-9]+ lines \(target 85%\)$' "good/: one line, 100%"
t_like "$T_OUT" '^coverage of bad/: [0-9.]+% of [0-9]+ lines \(target 85%\)$' "bad/: one line"
t_like "$T_OUT" '^coverage: below 85%: bad/ \([0-9.]+%\)$' "the folder under the target is named"
t_unlike "$T_OUT" 'main\.c|cmd_x\.c' "a program's own files are not counted"
t_like "$T_OUT" 'bad/unused\.c +[1-9][0-9]* +not run$' "a file that never ran is listed, uncovered"
pct=$(printf '%s\n' "$T_OUT" | sed -n 's/^coverage of bad\/: \([0-9.]*\)%.*/\1/p')
t_ok "bad/ counts unused.c's lines as uncovered ($pct% < 50%)" \
	awk -v p="$pct" 'BEGIN{exit !(p < 50)}'

t_run bash -c "cd '$src' && FA_COVERAGE_TARGET=10 '$FA_SRC/scripts/coverage-report' build good bad"
t_is "$T_RC" 0 "every folder at the target: exit 0"
t_like "$T_OUT" '^coverage: every folder at 10% or more$' "and it says so"
t_done
