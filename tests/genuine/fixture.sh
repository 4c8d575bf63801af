#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/fixture.sh [NAME...] - the genuine FADump fixture: for each
# cycle NAME of tests/genuine/matrix (all of them by default) make sure its
# capture root exists and print "NAME DIR" (DIR/root is the capture root,
# DIR/line the matrix line).  `fixture.sh --list` prints the names and
# `fixture.sh --line NAME` the matrix line.  `fixture.sh --save [NAME...]`
# does the same for the save cycles (issue 16 item 3: the ppc64le
# `fadump-analyze save` runs in the capture kernel, save-initramfs.sh):
# k61-1536m-2c-ck and k612-1536m-2c by default; DIR/root also holds
# save/dump (the saved directory) and save-run/ (see init-save).
#
# Pieces, each cached in ${FA_CACHE:-/var/cache/fadump-tools}/genuine and
# rebuilt only when its inputs change (a key file beside it; a lock while
# one is built):
#   qemu-root/        Debian trixie + QEMU 11.1 (qemu-root.sh, ~3 min)
#   initrd.gz         busybox-static:ppc64el + init (initramfs.sh, seconds)
#   kernel-6.1/       pre-6.10 FADump kernel (kernel.sh, ~11 min)
#   kernel-6.12/      6.10+ FADump kernel (kernel.sh, ~20 min)
#   cycles/NAME/      one cycle's capture root (cycle.sh, 1-3 min), keyed
#                     on the kernel, initrd, QEMU, cycle.sh and the line
# and in ${FA_CACHE:-/var/cache/fadump-tools}/genuine-save (--save):
#   analyze/          the ppc64le fadump-analyze (analyze-ppc64le.sh)
#   initrd.gz         initrd.gz with it (save-initramfs.sh)
#   cycles/NAME/      a save cycle: cycle.sh booting that initramfs
# A warm run only reads the keys.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
matrix=$GEN_DIR/matrix
names() { awk '!/^#/ && NF {print $1}' "$matrix"; }
line() { awk -v n="$1" '!/^#/ && $1 == n' "$matrix"; }
case ${1:-} in
--list) names; exit 0 ;;
--line) line "${2:?}"; exit 0 ;;
esac
# the save cycles (issue 16 item 3): one a kernel, the smallest memory
save_names="k61-1536m-2c-ck k612-1536m-2c"
save=0 sfx=
if [ "${1:-}" = --save ]; then
	save=1 sfx=-save
	shift
	[ $# -gt 0 ] || set -- $save_names
fi
[ $# -gt 0 ] || set -- $(names)
qroot=$("$GEN_DIR/qemu-root.sh")
initrd=$("$GEN_DIR/initramfs.sh")
cycles=$GEN_CACHE/cycles
run_cycle=("$GEN_DIR/cycle.sh")
if [ $save = 1 ]; then
	# cycle.sh as it is but for the initramfs it boots (its bytes are in
	# the plain cycles' keys, so it is not edited for this)
	initrd=$("$GEN_DIR/save-initramfs.sh" "$initrd")
	cycles=${FA_CACHE:-/var/cache/fadump-tools}/genuine-save/cycles
	get='initrd=$("$GEN_DIR/initramfs.sh")'
	[ "$(grep -cxF "$get" "$GEN_DIR/cycle.sh")" = 1 ] ||
		gdie "cycle.sh has not exactly one line '$get'"
	run_cycle=(bash -c "$(awk -v l="$get" -v i="$initrd" \
		'$0 == l { print "initrd=" i; next } { print }' "$GEN_DIR/cycle.sh")" \
		"$GEN_DIR/cycle.sh")
fi
for name; do
	l=$(line "$name")
	[ -n "$l" ] || gdie "no cycle $name in $matrix"
	read -r _ era ram cpus ccpu extra <<<"$l"
	[ "$extra" = - ] && extra=
	kdir=$("$GEN_DIR/kernel.sh" "$era")
	dir=$cycles/$name
	GEN_KEYWORDS="$l"
	key=$(gkey "$kdir/key" "$initrd.key" "$qroot/.key" "$qroot/.qemu-version" \
		"$GEN_DIR/cycle.sh")
	if [ "$(cat "$dir/key" 2>/dev/null)" != "$key" ] || [ ! -e "$dir/root/cycle.txt" ]; then
		glock "cycle-$name$sfx"
		if [ "$(cat "$dir/key" 2>/dev/null)" != "$key" ] || [ ! -e "$dir/root/cycle.txt" ]; then
			rm -rf "$dir"
			mkdir -p "$dir"
			"${run_cycle[@]}" "$kdir" "$ram" "$cpus" "$ccpu" "$extra" "$dir/root.new" >/dev/null
			mv "$dir/root.new" "$dir/root"
			echo "$l" >"$dir/line"
			echo "$key" >"$dir/key"
		fi
		exec 9>&-
	fi
	echo "$name $dir"
done
