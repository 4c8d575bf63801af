#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t8000-cpus-vs-cpu-state: the two front ends of core/ agree.  On every
# sample, `fadump-analyze cpus --json` and crash's `cpu-state -x` (fadump.so
# in Debian's ppc64el crash, under qemu) must name the same crashing CPU,
# map each NT_PRSTATUS note to the same CPU and read the same 48 register
# slots from it (tests/cli/cpus_cpustate.py makes one summary of each).
# The little-endian crash cannot open a big-endian dump: those samples are
# checked to be refused, and their analyzer summary to be well formed.
# FA_T8000_BREAK=1 alters crash's side once, to see the test fail.
. "$FA_SRC/tests/cli/lib.sh"

cmp=$FA_SRC/tests/cli/cpus_cpustate.py
t_crash_samples

for core in "${cores[@]}"; do
	root=${core%/proc/vmcore}
	name=${root##*/}
	fadump-analyze cpus --json "$root" >"$T_TMP/$name.json" 2>"$T_TMP/$name.err"
	t_is "$?" 0 "$name: fadump-analyze cpus --json succeeds"
	python3 "$cmp" analyze "$T_TMP/$name.json" >"$T_TMP/$name.a"
	bo=$(od -An -tu1 -j5 -N1 "$core" | tr -d ' ')
	if [ "$bo" = 2 ]; then
		t_like "$(cat "$T_TMP/$name.a")" '^crashing [0-9]+$' \
			"$name: the analyzer names the crashing CPU"
		t_run "$FA_SRC/tests/crash/run-session" "$root/proc" \
			"$FA_BUILD/samples/minikernel/vmlinux-ppc64" vmcore \
			"$FA_SRC/tests/crash/cpus-compare.cmds"
		t_unlike "$T_OUT" 'shared object loaded' \
			"$name: big-endian, not comparable: the little-endian crash refuses it"
		continue
	fi
	"$FA_SRC/tests/crash/run-session" "$root/proc" \
		"$FA_BUILD/samples/minikernel/vmlinux-ppc64le" vmcore \
		"$FA_SRC/tests/crash/cpus-compare.cmds" >"$T_TMP/$name.crash" 2>&1
	if [ -n "${FA_T8000_BREAK:-}" ]; then
		sed -i '0,/note 0 -> CPU [0-9]*/s//note 0 -> CPU 7/; 0,/pr_reg\[ 1\] r1          [0-9a-f]*/s//pr_reg[ 1] r1          0000000000000bad/' "$T_TMP/$name.crash"
		sed -i 's/^crashing CPU: [0-9]*/crashing CPU: 9/' "$T_TMP/$name.crash"
	fi
	python3 "$cmp" crash "$T_TMP/$name.crash" >"$T_TMP/$name.c"
	case $name in powernv*)
		# cpus pairs the notes by HDAT (PIR) order: so must cpu-state
		t_like "$(cat "$T_TMP/$name.crash")" '^note-to-CPU mapping: firmware order of the HDAT CPU data' \
			"$name: cpu-state maps the notes in HDAT order, not ASSUMED";;
	esac
	t_like "$(cat "$T_TMP/$name.c")" '^note 0 regs [0-9a-f]' "$name: crash's cpu-state printed the notes"
	t_is "$(grep '^crashing' "$T_TMP/$name.c")" "$(grep '^crashing' "$T_TMP/$name.a")" \
		"$name: same crashing CPU"
	t_is "$(grep ' -> CPU ' "$T_TMP/$name.c")" "$(grep ' -> CPU ' "$T_TMP/$name.a")" \
		"$name: same note-to-CPU map"
	t_is "$(grep ' regs ' "$T_TMP/$name.c")" "$(grep ' regs ' "$T_TMP/$name.a")" \
		"$name: same register values in every note"
done

t_done
