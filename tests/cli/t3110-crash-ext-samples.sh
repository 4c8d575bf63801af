#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t3110-crash-ext-samples: fadump.so in Debian's ppc64el crash (--minimal,
# under qemu) on every sample of `make samples` ($FA_BUILD/samples/<name>/
# proc/vmcore, with the mini kernel image samples/minikernel): both commands
# with every option (tests/crash/sample.cmds).  For each sample: the object
# loads, the FADump configuration comes from fw_dump or, when that is not
# usable, from the dump file, one note per CPU of the crash-time mask is
# mapped, the crashing CPU is marked, and the output equals
# tests/crash/golden/sample-<name>.out when that golden file was made from
# the sample as tests/cli/samples.sha256 pins it now.
# Big-endian samples are refused by the little-endian crash binary, which is
# checked too.
. "$FA_SRC/tests/cli/lib.sh"

golden=$FA_SRC/tests/crash/golden
t_crash_samples

for core in "${cores[@]}"; do
	root=${core%/proc/vmcore}
	name=${root##*/}
	bo=$(od -An -tu1 -j5 -N1 "$core" | tr -d ' ')
	if [ "$bo" = 2 ]; then
		vml=$FA_BUILD/samples/minikernel/vmlinux-ppc64
		t_run "$FA_SRC/tests/crash/run-session" "$root/proc" "$vml" vmcore \
			"$FA_SRC/tests/crash/sample.cmds"
		t_unlike "$T_OUT" 'shared object loaded' \
			"$name: the little-endian crash refuses a big-endian dump"
		continue
	fi
	vml=$FA_BUILD/samples/minikernel/vmlinux-ppc64le
	out=$T_TMP/$name.out
	"$FA_SRC/tests/crash/run-session" "$root/proc" "$vml" vmcore \
		"$FA_SRC/tests/crash/sample.cmds" >"$out" 2>&1
	OUT=$(cat "$out")
	t_like "$OUT" 'fadump.so: shared object loaded' "$name: fadump.so loads"
	t_like "$OUT" '^(fw_dump at 0x[0-9a-f]+ \(struct fw_dump|source: the dump file only)' \
		"$name: fadump-region names its source"
	t_like "$OUT" '^crash-info header( at 0x[0-9a-f]+ \(from|: )' \
		"$name: the crash-info header is shown or its absence explained"
	t_like "$OUT" '^note-to-CPU mapping: ' "$name: cpu-state states its mapping"
	t_like "$OUT" '^crashing CPU: [0-9]+ \(from ' "$name: the crashing CPU is known"
	t_like "$OUT" ' -- crashing CPU:$' "$name: the crashing CPU is marked"
	t_like "$OUT" 'pr_reg\[39\] softe' "$name: -x prints the raw slots"
	t_like "$OUT" 'cpu-state: CPU 4096: no NT_PRSTATUS note' "$name: -c of a missing CPU is an error"
	t_unlike "$OUT" 'read error|FATAL|Segmentation' "$name: no read errors or crashes"
	t_unlike "$OUT" 'the mapping is WRONG' \
		"$name: no note contradicts the firmware registers of its CPU"
	notes=$(sed -n 's/^NT_PRSTATUS notes: \([0-9]*\),.*/\1/p' "$out" | head -1)
	mapped=$(grep -m1 -A1 '^note-to-CPU mapping' "$out" | tail -1 | grep -o 'note [0-9]* -> CPU' | wc -l)
	t_is "$mapped" "$notes" "$name: every note is mapped to a CPU"
	# The golden file belongs to one version of the sample: the pin of its
	# vmcore in tests/cli/samples.sha256 when it was made (.pin).  When the
	# samples are changed on purpose the pin changes, and the comparison
	# waits for the golden file to be refreshed (FA_UPDATE_GOLDEN=1, after
	# reviewing the new output).
	pin=$(grep " $name/proc/vmcore\$" "$FA_SRC/tests/cli/samples.sha256" 2>/dev/null || true)
	if [ -n "${FA_UPDATE_GOLDEN:-}" ] && [ -n "$pin" ]; then
		cp "$out" "$golden/sample-$name.out"
		echo "$pin" >"$golden/sample-$name.pin"
	fi
	if [ ! -e "$golden/sample-$name.out" ]; then
		t_skip "$name: no golden file tests/crash/golden/sample-$name.out yet"
	elif [ "$pin" != "$(cat "$golden/sample-$name.pin" 2>/dev/null)" ]; then
		t_skip "$name: the sample's pin changed since its golden file was made"
	else
		t_files_equal "$out" "$golden/sample-$name.out" "$name: output equals the golden file"
		cmp -s "$out" "$golden/sample-$name.out" ||
			diff -u "$golden/sample-$name.out" "$out" | head -30 | sed 's/^/#   /'
	fi
done

t_done
