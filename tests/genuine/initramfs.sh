#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/initramfs.sh - make (once) the guest's initramfs
# (busybox-static:ppc64el and tests/genuine/init, gzip'd newc cpio) and
# print its path.  The .deb is fetched with apt-get download and unpacked
# with dpkg-deb -x: nothing ppc64el is installed on the host (the ppc64el
# architecture is added to dpkg for the download).  Rebuilt when init,
# this script or the busybox version changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
out=$GEN_CACHE/initrd.gz
gdeps cpio
dpkg --print-foreign-architectures | grep -qx ppc64el || {
	dpkg --add-architecture ppc64el
	apt-get update -qq
}
ver=$(apt-cache policy busybox-static:ppc64el | awk '/Candidate:/ {print $2}')
[ -n "$ver" ] && [ "$ver" != "(none)" ] || { apt-get update -qq;
	ver=$(apt-cache policy busybox-static:ppc64el | awk '/Candidate:/ {print $2}'); }
GEN_KEYWORDS="busybox-static:ppc64el=$ver"
key=$(gkey "$GEN_DIR/init" "$0")
if [ "$(cat "$out.key" 2>/dev/null)" = "$key" ] && [ -s "$out" ]; then
	echo "$out"; exit 0
fi
glock initramfs
work=$GEN_CACHE/initramfs.work
rm -rf "$work"; mkdir -p "$work/dl" "$work/x" "$work/root"
(cd "$work/dl" && apt-get download -q -o APT::Sandbox::User=root \
	"busybox-static:ppc64el=$ver" >&2)
dpkg-deb -x "$work"/dl/busybox-static_*.deb "$work/x"
r=$work/root
mkdir -p "$r"/{bin,proc,sys,dev,out,tmp}
cp "$work/x/bin/busybox" "$r/bin/busybox"
for a in $(qemu-ppc64le-static "$r/bin/busybox" --list 2>/dev/null ||
	   echo sh mount cat ls stat chmod mkdir ln readlink hexdump head dmesg tar sync taskset dd poweroff echo); do
	[ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
done
install -m 0755 "$GEN_DIR/init" "$r/init"
mknod "$r/dev/console" c 5 1
(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet --reproducible) |
	gzip -9n >"$out.new"
mv "$out.new" "$out"
echo "$key" >"$out.key"
rm -rf "$work"
echo "$out"
