#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t1040-kernel-mainline-exact: `--mainline-exact` cuts the whole reserved
# area out of /proc/vmcore as mainline Linux does, while the default (the
# DESIGN content rule) keeps the firmware metadata sections at their
# physical addresses and cuts only the boot-memory copy.
. "$FA_SRC/tests/cli/lib.sh"

# overlap FILE START END: bytes of [START, END) that some PT_LOAD covers
overlap() {
	readelf -lW "$1" | python3 -c '
import sys
s, e = int(sys.argv[1]), int(sys.argv[2])
n = 0
for line in sys.stdin:
    f = line.split()
    if f and f[0] == "LOAD":
        lo, hi = int(f[3], 16), int(f[3], 16) + int(f[5], 16)
        n += max(0, min(hi, e) - max(lo, s))
print(n)' "$2" "$3"
}

for mode in default mainline; do
	extra=()
	[ "$mode" = mainline ] && extra=(--mainline-exact)
	t_run fadump-kernel crash --platform pseries --ram 1G --cpus 2 \
		--cmdline fadump=on --seed 3 "${extra[@]}" -o "$T_TMP/$mode"
	t_is "$T_RC" 0 "$mode: crash cycle exits 0"
done

# The reserved area from the capture root: start from fadump_region's CPU
# line, size from mem_reserved (the capture kernel's get_fadump_area_size).
region=$(cat "$T_TMP/mainline/sys/kernel/debug/powerpc/fadump_region")
start=$(printf '%s\n' "$region" | sed -n 's/^CPU :\[\(0x[0-9a-f]*\)-.*/\1/p')
size=$(cat "$T_TMP/mainline/sys/kernel/fadump/mem_reserved")
t_like "$start" '^0x[0-9a-f]+$' "the reserved area's start is in fadump_region"
t_like "$size" '^[0-9]+$' "mem_reserved is a decimal byte count"
s=$((start)) e=$((start + size))

t_is "$(overlap "$T_TMP/mainline/proc/vmcore" $s $e)" 0 \
	"--mainline-exact: no PT_LOAD covers any byte of the reserved area"
t_ok "--mainline-exact: memory right after the area is exported" \
	test "$(overlap "$T_TMP/mainline/proc/vmcore" $e $((e + 65536)))" -gt 0
kept=$(overlap "$T_TMP/default/proc/vmcore" $s $e)
t_ok "default: the firmware metadata of the area is exported ($kept bytes)" \
	test "$kept" -gt 0
t_ok "default: less than the whole area is exported (the copy is cut)" \
	test "$kept" -lt "$size"
t_done
