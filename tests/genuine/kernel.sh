#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/kernel.sh ERA - build (once) the FADump kernel of ERA
# (6.1: Debian's linux-source-6.1, the pre-6.10 FADump era; 6.12:
# linux-source-6.12, the 6.10+ era) and print its directory, which holds
#   vmlinux        the DWARF image (for crash, drgn, --vmlinux)
#   vmlinux.strip  the stripped image QEMU boots
#   config, build.log, key
# Cross-built with powerpc64le-linux-gnu-gcc: allnoconfig, the fragment
# fadump.config merged with merge_config.sh -m, olddefconfig, vmlinux.
# Rebuilt only when the source package's version, the fragment or the
# compiler change (the key).  6.1 takes about 11 min, 6.12 about 20 on
# two cores; the build runs under nice -n 10.  The source and object
# trees are deleted once the images are kept.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
era=${1:?usage: kernel.sh 6.1|6.12}
case $era in 6.1|6.12) ;; *) gdie "unknown kernel $era (6.1 or 6.12)" ;; esac
pkg=linux-source-$era
kdir=$GEN_CACHE/kernel-$era

gdeps "$pkg" flex bison bc libssl-dev libelf-dev cpio gcc-powerpc64le-linux-gnu
ver=$(dpkg-query -W -f='${Version}' "$pkg")
cc=powerpc64le-linux-gnu-gcc
GEN_KEYWORDS="$pkg=$ver $($cc --version | head -1)"
key=$(gkey "$GEN_DIR/fadump.config")
if [ "$(cat "$kdir/key" 2>/dev/null)" = "$key" ] && [ -s "$kdir/vmlinux.strip" ]; then
	echo "$kdir"; exit 0
fi
glock "kernel-$era"
if [ "$(cat "$kdir/key" 2>/dev/null)" = "$key" ] && [ -s "$kdir/vmlinux.strip" ]; then
	echo "$kdir"; exit 0
fi
work=$GEN_CACHE/kbuild-$era
rm -rf "$kdir" "$kdir.new" "$work"
mkdir -p "$work/obj"
tarball=$(ls /usr/src/"$pkg".tar.* | head -1)
glog "unpacking $tarball"
tar -xf "$tarball" -C "$work"
ksrc=$work/$pkg
[ -d "$ksrc" ] || gdie "$tarball has no $pkg/"
mk=(nice -n 10 make -C "$ksrc" O="$work/obj" ARCH=powerpc
	CROSS_COMPILE=powerpc64le-linux-gnu-)
blog=$GEN_CACHE/kernel-$era.build.log
glog "building $pkg $ver (log: $blog)"
start=$(date +%s)
{
	"${mk[@]}" allnoconfig
	(cd "$work/obj" && ARCH=powerpc "$ksrc/scripts/kconfig/merge_config.sh" \
		-m -O "$work/obj" "$work/obj/.config" "$GEN_DIR/fadump.config")
	"${mk[@]}" olddefconfig
} >"$blog" 2>&1 || { tail -30 "$blog" >&2; gdie "$pkg config failed (see $blog)"; }
# every fragment line must have survived olddefconfig (checked before the
# long build)
while read -r line; do
	case $line in CONFIG_*) grep -qxF "$line" "$work/obj/.config" ||
		gdie "$pkg: $line was dropped by olddefconfig" ;; esac
done <"$GEN_DIR/fadump.config"
"${mk[@]}" -j"${FA_GENUINE_JOBS:-2}" vmlinux >>"$blog" 2>&1 ||
	{ tail -30 "$blog" >&2; gdie "$pkg build failed (see $blog)"; }
mkdir -p "$kdir.new"
cp "$work/obj/vmlinux" "$kdir.new/vmlinux"
powerpc64le-linux-gnu-strip -o "$kdir.new/vmlinux.strip" "$work/obj/vmlinux"
cp "$work/obj/.config" "$kdir.new/config"
echo "$(( $(date +%s) - start )) s, $pkg $ver" >"$kdir.new/build-time"
mv "$blog" "$kdir.new/build.log"
echo "$key" >"$kdir.new/key"
mv "$kdir.new" "$kdir"
rm -rf "$work"
glog "$pkg built in $(cat "$kdir/build-time")"
echo "$kdir"
