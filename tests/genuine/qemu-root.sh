#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/qemu-root.sh - make (once) the Debian trixie root that runs
# QEMU 11.1 (trixie-backports' qemu-system-ppc: it emulates pSeries FADump,
# hw/ppc/spapr_fadump.c; bookworm's 7.2 does not) and print its path.
# mmdebstrap --variant=apt trixie, with trixie and trixie-backports from the
# host's own Debian mirror, then apt-get install -t trixie-backports
# qemu-system-ppc inside it (about 2 min and 500 MB the first time).  QEMU
# runs as `chroot ROOT qemu-system-ppc64 ...` with the guest files under
# ROOT/run (see cycle.sh).  Rebuilt when the mirror or this script changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
root=$GEN_CACHE/qemu-root

# the host's mirror: the first non-security URI of its deb822 sources (any
# name under sources.list.d: mmdebstrap roots have 0000debian.sources) or
# of its one-line lists, as the e2e fixture uses it
mirror=
for f in /etc/apt/sources.list.d/*.sources; do
	[ -r "$f" ] || continue
	mirror=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$f")
	[ -z "$mirror" ] || break
done
if [ -z "$mirror" ]; then
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		mirror=$(awk '$1 == "deb" && $0 !~ /security/ {
			for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f")
		[ -z "$mirror" ] || break
	done
fi
[ -n "$mirror" ] || gdie "no Debian mirror in /etc/apt/sources.list.d/*.sources, /etc/apt/sources.list or sources.list.d/*.list"
GEN_KEYWORDS="$mirror"
key=$(gkey "$0")
ok() { [ "$(cat "$root/.key" 2>/dev/null)" = "$key" ] &&
	[ -x "$root/usr/bin/qemu-system-ppc64" ]; }
if ok; then echo "$root"; exit 0; fi
glock qemu-root
if ok; then echo "$root"; exit 0; fi
gdeps mmdebstrap
rm -rf "$root" "$root.new"
list=$GEN_CACHE/qemu-root.list
printf 'deb %s trixie main\ndeb %s trixie-backports main\n' "$mirror" "$mirror" >"$list"
glog "mmdebstrap trixie + qemu-system-ppc from trixie-backports ($mirror)"
start=$(date +%s)
mmdebstrap --quiet --mode=root --variant=apt \
	--customize-hook='chroot "$1" apt-get install -y -q -t trixie-backports --no-install-recommends qemu-system-ppc' \
	--customize-hook='chroot "$1" apt-get clean' \
	trixie "$root.new" "$list" >"$GEN_CACHE/qemu-root.log" 2>&1 ||
	{ tail -20 "$GEN_CACHE/qemu-root.log" >&2; gdie "mmdebstrap failed (see $GEN_CACHE/qemu-root.log)"; }
chroot "$root.new" dpkg-query -W -f='${Version}\n' qemu-system-ppc >"$root.new/.qemu-version"
echo "$key" >"$root.new/.key"
mv "$root.new" "$root"
glog "QEMU root made in $(( $(date +%s) - start )) s: qemu-system-ppc $(cat "$root/.qemu-version")"
echo "$root"
