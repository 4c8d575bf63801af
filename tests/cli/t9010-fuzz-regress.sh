#!/usr/bin/env bash
# t9010-fuzz-regress.sh - every fuzz target (tests/fuzz/fuzz_NAME.c) runs
# once over its committed seeds (tests/fuzz/seeds/NAME/), its regression
# inputs (tests/fuzz/regress/NAME/: what the fuzzers found, since fixed)
# and the seeds cut from this build's samples (tests/fuzz/mkseeds.py),
# with no crash, no sanitizer report and no input over the driver's time
# bound.  In the normal and ASan builds the targets link tests/fuzz/driver.c
# (a plain replay, no fuzzing); `make fuzz` fuzzes them with libFuzzer.
. "$(dirname "$0")/lib.sh"

seeds=$T_TMP/seeds
if [ -d "$FA_BUILD/samples" ]; then
	t_run python3 "$FA_SRC/tests/fuzz/mkseeds.py" "$FA_BUILD/samples" "$seeds" \
		"$(command -v fadump-analyze)"
	t_is "$T_RC" 0 "seeds cut from the samples"
	t_ok "the cut seeds include a dump" test -n "$(ls "$seeds/dump" 2>/dev/null)"
	t_ok "the cut seeds include a kdump-compressed file" \
		test -n "$(ls "$seeds/diskdump" 2>/dev/null)"
else
	t_skip "no samples in $FA_BUILD/samples (make samples): committed seeds only"
fi

for src in "$FA_SRC"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	bin=$FA_BUILD/tests/fuzz/fuzz_$name
	if [ ! -x "$bin" ]; then
		_t_report 1 "$name: target built"
		echo "#   $bin is missing (make unit-tests builds it)"
		continue
	fi
	dirs=()
	for d in "$FA_SRC/tests/fuzz/seeds/$name" \
		 "$FA_SRC/tests/fuzz/regress/$name" "$seeds/$name"; do
		[ -d "$d" ] && dirs+=("$d")
	done
	if [ ${#dirs[@]} = 0 ]; then
		_t_report 1 "$name: has inputs to replay"
		continue
	fi
	t_run timeout 300 ${FA_RUNNER:+"$FA_RUNNER"} "$bin" -q "${dirs[@]}"
	t_is "$T_RC" 0 "$name: replay exits 0"
	t_like "$T_ERR" '^fuzz driver: [1-9][0-9]* inputs ran$' \
		"$name: every input ran"
	t_unlike "$T_ERR" 'Sanitizer|runtime error|timeout on input' \
		"$name: no sanitizer report, no timeout"
done
t_done
