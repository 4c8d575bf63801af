#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t4100-convert-refilter.sh - convert with a kdump-compressed input
# refilters it as makedumpfile does (issue 17 item 1): the result holds the
# same pages, with the same bytes (libkdumpfile as the reader), as a direct
# conversion of the ELF at the combined level; the header's dump_level is
# the old level OR the new one; a page the new level drops is never
# decompressed (its stored bytes are corrupted here, and the refilter does
# not notice), while a page it keeps is; a flattened stream of a kdump file
# is refiltered too.  On ppc64 samples and on a genuine FADump cycle.
. "$(dirname "$0")/lib.sh"

CMP=$FA_SRC/tests/cli/kdump_refilter_cmp.py
PY=/usr/bin/python3	# libkdumpfile's bindings are built for it
G=${FA_CACHE:-/var/cache/fadump-tools}/genuine/cycles/k61-2g-4c/root

roots=()
for s in pseries-le-64k pseries-be-4k pseries-be-sparse phyp powernv-le; do
	roots+=("$FA_BUILD/samples/$s")
done

# refilter_case ROOT NAME FROM-OPTS TO-OPTS DIRECT-OPTS LEVEL
refilter_case() {
	local r=$1 n=$2 from=$3 to=$4 direct=$5 level=$6
	# shellcheck disable=SC2086
	fadump-analyze convert -q $from "$r" "$T_TMP/$n.in" 2>/dev/null
	# shellcheck disable=SC2086
	fadump-analyze convert -q $direct "$r" "$T_TMP/$n.direct" 2>/dev/null
	# shellcheck disable=SC2086
	t_run fadump-analyze convert -q $to "$T_TMP/$n.in" "$T_TMP/$n.out"
	t_is "$T_RC" 0 "$n: '$from' refiltered with '$to' exits 0 ($T_ERR)"
	t_run $PY "$CMP" cmp "$T_TMP/$n.direct" "$T_TMP/$n.out"
	t_is "$T_RC" 0 "$n: same pages and bytes as '$direct' of the ELF ($T_OUT)"
	t_is "$($PY "$CMP" level "$T_TMP/$n.out")" "$level" "$n: dump_level $level in the sub-header"
}

for r in "${roots[@]}"; do
	s=$(basename "$r")
	if [ ! -e "$r/proc/vmcore" ]; then
		t_skip "$s: no sample (make samples)"
		continue
	fi
	refilter_case "$r" "$s-l1-z31" "-l -d 1" "-z -d 31" "-z -d 31" 31
	refilter_case "$r" "$s-n0-c31" "-d 0" "-c -d 31" "-c -d 31" 31
	# the sample with a mem_map: every class, level by level
	[ "$s" = pseries-be-sparse ] || continue
	refilter_case "$r" "$s-l1-l31" "-l -d 1" "-l -d 31" "-l -d 31" 31
	refilter_case "$r" "$s-z8-p23" "-z -d 8" "-p -d 23" "-p -d 31" 31
	refilter_case "$r" "$s-l2-l4" "-l -d 2" "-l -d 4" "-l -d 6" 6
done

# The sample with a mem_map: refiltering drops pages by class, and a dropped
# page is never read (corrupt its bytes: still the same result), while a
# kept page is (corrupt one: an error naming the input, no output).
s=pseries-be-sparse
r=$FA_BUILD/samples/$s
if [ -e "$r/proc/vmcore" ]; then
	n=$s-l1-l31
	t_run fadump-analyze convert -v -l -d 31 "$T_TMP/$n.in" "$T_TMP/$n.v"
	t_like "$T_ERR" "excluded free +[1-9]" "$s: free pages dropped by the refilter"
	t_like "$T_ERR" "excluded user +[1-9]" "$s: user pages dropped by the refilter"
	pfn=$($PY "$CMP" dropped "$T_TMP/$n.in" "$T_TMP/$n.direct")
	t_is "$?" 0 "$s: a compressed page the -d 31 output drops ($pfn)"
	cp "$T_TMP/$n.in" "$T_TMP/bad.in"
	$PY "$CMP" corrupt "$T_TMP/bad.in" "$pfn"
	t_run fadump-analyze convert -q -z -d 31 "$T_TMP/bad.in" "$T_TMP/bad31.out"
	t_is "$T_RC" 0 "$s: a corrupt page that is dropped is never decompressed"
	t_run $PY "$CMP" cmp "$T_TMP/$s-l1-z31.direct" "$T_TMP/bad31.out"
	t_is "$T_RC" 0 "$s: and the result is unchanged ($T_OUT)"
	t_run fadump-analyze convert -q -z -d 1 "$T_TMP/bad.in" "$T_TMP/bad1.out"
	t_is "$T_RC" 1 "$s: a corrupt page that is kept is an error"
	t_like "$T_ERR" "bad.in: pfn .*does not decompress" "$s: naming the input and the pfn"
	t_ok "$s: nothing written under OUT" test ! -e "$T_TMP/bad1.out"
	# a flattened stream of a -d 1 file
	fadump-analyze convert -q -F -l -d 1 "$r" >"$T_TMP/$s.flat"
	t_run fadump-analyze convert -q -l -d 31 "$T_TMP/$s.flat" "$T_TMP/$s.flat31"
	t_is "$T_RC" 0 "$s: a flattened -d 1 stream refiltered"
	t_files_equal "$T_TMP/$s.flat31" "$T_TMP/$n.direct" "$s: byte for byte the direct -l -d 31 output"
	# a truncated or damaged input: one error line, exit 1, no output
	head -c "$(( $(stat -c %s "$T_TMP/$n.in") / 2 ))" "$T_TMP/$n.in" >"$T_TMP/short.in"
	t_run fadump-analyze convert -q -l -d 1 "$T_TMP/short.in" "$T_TMP/short.out"
	t_is "$T_RC" 1 "$s: a truncated input exits 1"
	t_like "$T_ERR" "short.in: pfn .*beyond the file size" "$s: naming the file, the pfn and the size"
	t_ok "$s: no output from a truncated input" test ! -e "$T_TMP/short.out"
	worst=0
	for seed in $(seq 1 25); do
		$PY -c 'import random, sys
d = bytearray(open(sys.argv[1], "rb").read())
random.seed(int(sys.argv[3]))
for _ in range(8):
    d[random.randrange(0, 6 * 65536)] = random.randrange(256)
open(sys.argv[2], "wb").write(d)' "$T_TMP/$n.in" "$T_TMP/fuzz.in" "$seed"
		rm -f "$T_TMP/fuzz.out"
		fadump-analyze convert -q -l -d 31 "$T_TMP/fuzz.in" "$T_TMP/fuzz.out" 2>/dev/null
		rc=$?
		[ "$rc" -gt "$worst" ] && worst=$rc
	done
	t_ok "$s: 25 damaged headers and bitmaps: exit 0 or 1, never a crash (worst $worst)" test "$worst" -le 1
	# refiltering to the same level changes nothing but what is asked
	t_run fadump-analyze convert -q -l -d 31 "$T_TMP/$n.direct" "$T_TMP/$n.again"
	t_files_equal "$T_TMP/$n.again" "$T_TMP/$n.direct" "$s: -d 31 of a -d 31 file is the same file"
fi

# A genuine FADump cycle (a real 6.1 kernel's mem_map).
if [ -e "$G/proc/vmcore" ]; then
	refilter_case "$G" genuine-l1-l31 "-l -d 1" "-l -d 31" "-l -d 31" 31
	refilter_case "$G" genuine-l1-z31 "-l -d 1" "-z -d 31" "-z -d 31" 31
	refilter_case "$G" genuine-l16-l15 "-l -d 17" "-l -d 14" "-l -d 31" 31
	t_files_equal "$T_TMP/genuine-l1-l31.out" "$T_TMP/genuine-l1-l31.direct" \
		"genuine: refiltered -l -d 31 byte for byte the direct one"
else
	t_skip "genuine FADump cycle k61-2g-4c absent ($G)"
fi
t_done
