#!/usr/bin/env bash
# t4000-convert-samples.sh - fadump-analyze convert on every sample (and on
# ppc64 LE and BE capture roots made here): every compressor and dump
# level 0/1/31 read back page by page through libkdumpfile, -F equal to the
# direct file byte for byte, the rebuild of a flattened stream, and the
# machine name in the header.
. "$(dirname "$0")/lib.sh"

CMP="$FA_SRC/tests/cli/convert_pagecmp.py"
roots=()
for r in "$FA_BUILD"/samples/*/; do
	[ -e "$r/proc/vmcore" ] && roots+=("${r%/}")
done
# Our own LE/64K and BE/4K roots, mostly zero (small sparse files).
for spec in "le 64K" "be 4K"; do
	set -- $spec
	r=$T_TMP/root-$1-$2
	t_run fadump-kernel crash --ram 768M --cpus 2 --endian "$1" --page-size "$2" \
		--content zero=90,text=4,struct=4,random=2 --cmdline fadump=on -o "$r"
	t_is "$T_RC" 0 "capture root $1 $2 made"
	roots+=("$r")
done

for r in "${roots[@]}"; do
	name=$(basename "$r")
	comps=(-l -z)
	case $name in root-*) comps=("" -c -l -p -z) ;; esac
	for c in "${comps[@]}"; do
		t_run fadump-analyze convert $c -d 1 --num-threads 2 "$r" "$T_TMP/$name$c.kd"
		t_is "$T_RC" 0 "$name ${c:-none} -d 1: exit 0 ($T_ERR)"
		t_run /usr/bin/python3 "$CMP" "$r/proc/vmcore" "$T_TMP/$name$c.kd"
		t_is "$T_RC" 0 "$name ${c:-none} -d 1: every page equal ($T_OUT)"
	done
	t_like "$T_OUT" "arch ppc64 machine ppc64(le)?$" "$name: machine in utsname"
	t_run fadump-analyze convert -l -d 0 --num-threads 1 "$r" "$T_TMP/$name.d0"
	t_run /usr/bin/python3 "$CMP" "$r/proc/vmcore" "$T_TMP/$name.d0"
	t_is "$T_RC" 0 "$name -d 0 single thread: every page equal ($T_OUT)"
	t_run fadump-analyze convert -v -z -d 31 "$r" "$T_TMP/$name.d31"
	t_is "$T_RC" 0 "$name -d 31: exit 0"
	case $name in
	*-sparse)
		# mem_section + vmemmap_list: every class the model wrote goes,
		# and what stays reads back equal
		t_like "$T_ERR" "mem_map read through ppc64 translation" "$name -d 31: mem_map through mem_section"
		for c in cache cache_private user free; do
			t_like "$T_ERR" "excluded $c +[1-9]" "$name -d 31: $c pages excluded"
		done
		t_run /usr/bin/python3 "$CMP" "$r/proc/vmcore" "$T_TMP/$name.d31" --excluded-ok
		t_is "$T_RC" 0 "$name -d 31: kept pages equal ($T_OUT)"
		;;
	*)
		# a dump without a mem_map: only zero pages go, with a warning
		t_like "$T_ERR" "warning: no mem_map filtering" "$name -d 31: says why nothing is filtered"
		;;
	esac
	# -F to stdout, rebuilt by convert, equals the direct output
	fadump-analyze convert -F -l -d 1 --num-threads 2 "$r" >"$T_TMP/$name.flat" 2>/dev/null
	t_is "$?" 0 "$name -F: exit 0"
	t_run fadump-analyze convert "$T_TMP/$name.flat" "$T_TMP/$name.rebuilt"
	t_is "$T_RC" 0 "$name: flattened file rebuilt"
	t_files_equal "$T_TMP/$name-l.kd" "$T_TMP/$name.rebuilt" "$name: -F rebuilt == direct"
	t_run sh -c "fadump-analyze convert - '$T_TMP/$name.stdin' < '$T_TMP/$name.flat'"
	t_files_equal "$T_TMP/$name-l.kd" "$T_TMP/$name.stdin" "$name: stdin rebuild == direct"
	rm -f "$T_TMP/$name".* "$T_TMP/$name"-*.kd
done
t_done
