#!/usr/bin/env bash
# t7040-analyze-save-genuine.sh - fadump-analyze save on a copy of genuine
# FADump capture roots (a real 6.1 and 6.12 kernel's /proc/vmcore, sysfs
# and device tree, cached by tests/genuine/fixture.sh; never written): the
# saved vmcore reads back page for page against the genuine /proc/vmcore
# through libkdumpfile, every subcommand reads it, and the release is a
# plain write of "1\n" into the copy's sys/kernel/fadump/release_mem, as on
# a real capture kernel (no model state in these roots).  This is not the
# run inside a capture kernel (issue 16 item 3); it checks save against the
# real kernel's files.  FA_E2E=0 or FA_GENUINE=0 turn it off.
. "$(dirname "$0")/lib.sh"

CMP="$FA_SRC/tests/cli/convert_pagecmp.py"
C=${FA_CACHE:-/var/cache/fadump-tools}/genuine/cycles
if [ "${FA_E2E:-1}" = 0 ] || [ "${FA_GENUINE:-1}" = 0 ]; then
	t_skip "genuine FADump turned off by FA_E2E=0 or FA_GENUINE=0"
	t_done
	exit
fi

n=0
for name in k61-2g-4c k612-1536m-2c; do
	src=$C/$name/root
	if [ ! -e "$src/proc/vmcore" ]; then
		t_skip "$name: no cached genuine cycle"
		continue
	fi
	n=$((n + 1))
	root=$T_TMP/$name
	cp -a "$src" "$root"
	t_run fadump-analyze save --json "$root" "$T_TMP/d-$name"
	t_is "$T_RC" 0 "$name: save exits 0 ($T_ERR)"
	t_like "$T_OUT" '"dump": "pSeries FADump"' "$name: a pSeries FADump"
	t_like "$T_OUT" '"model_root": false' "$name: not a model root: plain sysfs writes"
	t_is "$(od -An -c "$root/sys/kernel/fadump/release_mem" | tr -d ' ')" '1\n' \
		"$name: release_mem got \"1\\n\""
	t_run "$CMP" "$src/proc/vmcore" "$T_TMP/d-$name/vmcore" --excluded-ok
	t_is "$T_RC" 0 "$name: the saved vmcore equals /proc/vmcore page for page (libkdumpfile: $T_OUT)"
	for sub in info regions cpus dmesg; do
		t_run fadump-analyze $sub "$T_TMP/d-$name/vmcore"
		t_is "$T_RC" 0 "$name: $sub reads the saved vmcore ($T_ERR)"
	done
	t_files_equal "$T_TMP/d-$name/fadump_region" "$src/sys/kernel/debug/powerpc/fadump_region" \
		"$name: the genuine fadump_region kept"
	t_ok "$name: the genuine rtas node kept" test -f "$T_TMP/d-$name/device-tree/rtas/ibm,kernel-dump"
	# drgn (through libkdumpfile) reads the saved file as it reads the
	# genuine one: the kernel's release and the crashed thread
	case $name in k612*) v=${FA_CACHE:-/var/cache/fadump-tools}/genuine/kernel-6.12/vmlinux ;;
	*) v=${FA_CACHE:-/var/cache/fadump-tools}/genuine/kernel-6.1/vmlinux ;; esac
	if [ -f "$v" ] && /usr/bin/python3 -c 'import drgn' 2>/dev/null; then
		want=$(/usr/bin/python3 "$FA_SRC/tests/cli/drgn_facts.py" "$src/proc/vmcore" "$v" 2>/dev/null)
		t_run /usr/bin/python3 "$FA_SRC/tests/cli/drgn_facts.py" "$T_TMP/d-$name/vmcore" "$v"
		t_is "$T_OUT" "$want" "$name: drgn reads the saved vmcore as the genuine one ($want)"
	else
		t_skip "$name: no drgn or no vmlinux"
	fi
	rm -rf "$root" "$T_TMP/d-$name"
done
[ $n -gt 0 ] || t_skip "no genuine cycle cached"
t_done
