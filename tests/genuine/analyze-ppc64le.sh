#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/analyze-ppc64le.sh - build (once per source) the ppc64le
# fadump-analyze that save-initramfs.sh puts into the capture kernel, and
# print its directory:
#   fadump-analyze  the ppc64le program (the ppc64le build: tests/ppc64le.mk,
#                   the sysroot of scripts/setup-ppc64el-sysroot)
#   sysroot         the sysroot's path (its libraries are the program's)
#   key
# Cached in ${FA_CACHE:-/var/cache/fadump-tools}/genuine-save/analyze;
# keyed on the C sources and make files (not on their times: several
# trees share the cache), the cross compiler and the sysroot's stamp.  A
# change rebuilds from scratch (about 3 min on two cores).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cache=${FA_CACHE:-/var/cache/fadump-tools}/genuine-save
out=$cache/analyze
mkdir -p "$cache"

cc=powerpc64le-linux-gnu-gcc
sysroot=${FA_CACHE:-/var/cache/fadump-tools}/ppc64el-sysroot
ok() {
	local kw
	kw="$($cc --version 2>/dev/null | head -1) $(cat "$sysroot/.complete" 2>/dev/null)"
	key=$(cd "$GEN_SRC" && find . \( -name 'build*' -o -name tests -o -name '.*' \) -prune -o \
		-type f \( -name '*.[ch]' -o -name '*.mk' -o -name Makefile \) -print |
		LC_ALL=C sort | xargs cat | { cat; echo "$kw"; } | sha256sum | cut -c1-16)
	[ "$(cat "$out/key" 2>/dev/null)" = "$key" ] && [ -x "$out/fadump-analyze" ]
}
# warm: the key alone (no package checks)
if ok; then echo "$out"; exit 0; fi
exec 9>"$cache/.lock-analyze"
flock 9
gdeps gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross qemu-user-static
sysroot=$("$GEN_SRC/scripts/setup-ppc64el-sysroot")
if ok; then echo "$out"; exit 0; fi
rm -rf "$out" "$out.new"
mkdir -p "$out.new"
glog "building the ppc64le fadump-analyze (log: $out.new/build.log)"
start=$(date +%s)
# MAKEFLAGS from a calling make (check's -j, BUILD, SAN) stay out
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$GEN_SRC" -j"${FA_GENUINE_JOBS:-2}" \
	BUILD="$out.new/build" CROSS=ppc64le SAN=0 COVERAGE= \
	FA_PPC64EL_SYSROOT="$sysroot" "$out.new/build/fadump-analyze" \
	>"$out.new/build.log" 2>&1 ||
	{ tail -20 "$out.new/build.log" >&2; gdie "ppc64le build failed (see $out.new/build.log)"; }
cp "$out.new/build/fadump-analyze" "$out.new/fadump-analyze"
rm -rf "$out.new/build"
echo "$sysroot" >"$out.new/sysroot"
echo "$(( $(date +%s) - start )) s" >"$out.new/build-time"
echo "$key" >"$out.new/key"
mv "$out.new" "$out"
glog "ppc64le fadump-analyze built in $(cat "$out/build-time")"
echo "$out"
