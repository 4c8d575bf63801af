#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t4120-convert-memmap-threads.sh - the mem_map pass of convert -d runs on
# every worker, split by pfn range (issue 17 item 8), with the serial
# walk's result: on a 2.25 GiB SPARSEMEM dump of 4K pages (590k pfns: the
# ranges start at 1 GiB boundaries no buddy block or compound page
# crosses), -d 31 with 1, 2 and 3 threads gives the same file byte for
# byte and the same pages per class, and -v says how many threads walked
# mem_map; the same for a refilter of its -d 1 output.
. "$(dirname "$0")/lib.sh"

r=$T_TMP/root
t_run fadump-kernel crash --platform pseries --endian be --mem-model sparse \
	--page-size 4K --ram 2304M --cpus 2 --content zero=96,text=2,struct=1,random=1 \
	--cmdline fadump=on -o "$r"
t_is "$T_RC" 0 "a 2.25 GiB 4K-page SPARSEMEM capture root"

classes() { printf '%s\n' "$1" | grep -E '^  excluded|pages dumped' | sed 's/^[^:]*: //; s/, [0-9.]* s$//'; }
run_threads() {	# NAME IN
	local n=$1 in=$2 t ref
	for t in 1 2 3; do
		t_run fadump-analyze convert -v -l -d 31 --num-threads $t "$in" "$T_TMP/$n.$t"
		t_is "$T_RC" 0 "$n: -d 31 --num-threads $t exits 0"
		[ $t = 1 ] && ref=$(classes "$T_ERR")
		if [ $t = 1 ]; then
			t_like "$T_ERR" "mem_map read through ppc64 translation$" "$n: one thread walks mem_map alone"
		else
			t_like "$T_ERR" "mem_map read through ppc64 translation by [23] threads$" \
				"$n: --num-threads $t: mem_map walked by several threads"
			t_is "$(classes "$T_ERR")" "$ref" "$n: --num-threads $t: the same pages per class"
			t_files_equal "$T_TMP/$n.$t" "$T_TMP/$n.1" "$n: --num-threads $t: byte for byte the 1-thread output"
		fi
	done
	t_like "$ref" "excluded free +[1-9]" "$n: free pages found"
}
run_threads elf "$r"
fadump-analyze convert -q -l -d 1 "$r" "$T_TMP/d1.kd"
run_threads refilter "$T_TMP/d1.kd"
t_files_equal "$T_TMP/refilter.2" "$T_TMP/elf.2" "the refiltered -d 31 equals the direct one"
t_done
