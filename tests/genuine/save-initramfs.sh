#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/save-initramfs.sh [BASE] - make (once per input) the
# initramfs of the save cycles (issue 16 item 3) and print its path: the
# guest's initramfs (BASE, else initramfs.sh's: busybox and init) with
#   /bin/fadump-analyze   the ppc64le build (analyze-ppc64le.sh), stripped
#   /lib64/ld64.so.2, /lib/powerpc64le-linux-gnu/*
#                         its loader and exactly the libraries the loader
#                         resolves for it (the sysroot's ld.so --list under
#                         qemu-ppc64le-static)
#   /init-save            sourced by /init in place of its release_mem write
# /init is the guest's own, with its one line
#   echo 1 >/sys/kernel/fadump/release_mem || ...
# replaced by ". /init-save" (a missing line is an error): the capture
# kernel saves its FADump state and /proc/vmcore as in every cycle, then
# runs `fadump-analyze save` (which releases), then snapshots after-release/.
# The plain initramfs and its cycles stay as they are (their keys do not
# cover this).  Cached as ${FA_CACHE:-/var/cache/fadump-tools}/genuine-save/initrd.gz.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cache=${FA_CACHE:-/var/cache/fadump-tools}/genuine-save
out=$cache/initrd.gz
mkdir -p "$cache"
base=${1:-$("$GEN_DIR/initramfs.sh")}
adir=$("$GEN_DIR/analyze-ppc64le.sh")
sysroot=$(cat "$adir/sysroot")
GEN_KEYWORDS=
key=$(gkey "$base.key" "$adir/key" "$GEN_DIR/init-save" "$0")
ok() { [ "$(cat "$out.key" 2>/dev/null)" = "$key" ] && [ -s "$out" ]; }
if ok; then echo "$out"; exit 0; fi
exec 9>"$cache/.lock-initrd"
flock 9
if ok; then echo "$out"; exit 0; fi
r=$cache/initrd.work
rm -rf "$r"; mkdir -p "$r"
(cd "$r" && gzip -dc "$base" | cpio -id --quiet)
line='echo 1 >/sys/kernel/fadump/release_mem || say "release_mem write failed"'
[ "$(grep -cxF "$line" "$r/init")" = 1 ] ||
	gdie "$base: its /init has not exactly one line '$line'"
awk -v l="$line" '$0 == l { print ". /init-save"; next } { print }' "$r/init" >"$r/init.new"
install -m 0755 "$r/init.new" "$r/init"
rm "$r/init.new"
install -m 0644 "$GEN_DIR/init-save" "$r/init-save"
powerpc64le-linux-gnu-strip -o "$r/bin/fadump-analyze" "$adir/fadump-analyze"
# the loader's own list: "NAME => PATH (ADDRESS)" a line
lib=$sysroot/lib/powerpc64le-linux-gnu:$sysroot/usr/lib/powerpc64le-linux-gnu
list=$(qemu-ppc64le-static "$sysroot/lib64/ld64.so.2" --library-path "$lib" \
	--list "$r/bin/fadump-analyze") || gdie "ld.so --list failed on the ppc64le fadump-analyze"
mkdir -p "$r/lib64" "$r/lib/powerpc64le-linux-gnu"
n=0
while read -r name arrow path _; do
	[ "$arrow" = "=>" ] || continue
	case $path in "$sysroot"/*) ;; *) gdie "$name resolves outside the sysroot: $path" ;; esac
	# the loader by its own path (/lib64/ld64.so.2), a library in the
	# loader's default directory
	case $name in /*) cp -L "$path" "$r$name" ;;
	*) cp -L "$path" "$r/lib/powerpc64le-linux-gnu/$name" ;; esac
	n=$((n + 1))
done <<<"$list"
[ -e "$r/lib64/ld64.so.2" ] || gdie "ld.so --list did not list the loader /lib64/ld64.so.2"
# the closure is complete: the program runs from the tree alone
qemu-ppc64le-static -L "$r" "$r/bin/fadump-analyze" --version >/dev/null ||
	gdie "the ppc64le fadump-analyze does not run with the copied libraries"
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible) |
	gzip -9n >"$out.new"
mv "$out.new" "$out"
echo "$key" >"$out.key"
glog "save initramfs: $n libraries, $(stat -c %s "$out") bytes"
rm -rf "$r"
echo "$out"
