#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/bench/x86-fixture.sh BUILD - build (once) and print the path of a
# real-kernel x86_64 vmcore that makedumpfile 1.7.2 accepts, for `make
# bench` only (never `make check`): Debian's linux-image-*-amd64 booted
# under qemu-system-x86_64 (TCG) with no root fs panics in seconds; the
# paused guest's memory is dumped through the monitor and rewritten by
# qemu-x86-rewrite (correct ELF header, CPU notes + the kernel's own
# VMCOREINFO note, RAM-only PT_LOADs at the direct map; DESIGN.md
# "Real-kernel fixtures").  Installs qemu-system-x86 and makedumpfile with
# apt when missing; the kernel package is downloaded and unpacked in the
# cache, not installed.  Cache: ${FA_CACHE:-/var/cache/fadump-tools}/bench/x86.
# FA_BENCH_X86_RAM sets the guest RAM in MiB (default 2048).
# FA_BENCH_X86_FILL (MiB, default 384; 0 for none) of the kernel package's
# own modules (.ko: code, data and strings) go in an initramfs without
# /init: the kernel unpacks them into rootfs (page cache), frees the initrd
# (free pages that still hold the data) and panics the same way, so the
# memory holds real code and text, not only zeros.  The fill comes from
# the package, not from this host's files, so every machine builds the
# same input for a given kernel version (the host's /usr once gave 640 MiB
# on one machine and 346 MiB on a new one).
set -euo pipefail
build=${1:?usage: x86-fixture.sh BUILD}
src=$(cd "$(dirname "$0")/../.." && pwd)
dir=${FA_CACHE:-/var/cache/fadump-tools}/bench/x86
ram=${FA_BENCH_X86_RAM:-2048}
fill=${FA_BENCH_X86_FILL:-384}
mkdir -p "$dir"
# RAM stays below the PCI hole (one PT_LOAD range [0, ram) on -M pc).
[ "$ram" -le 3072 ] || { echo "x86-fixture: FA_BENCH_X86_RAM above 3072" >&2; exit 1; }
log() { echo "(x86 fixture: $*)" >&2; }

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
command -v makedumpfile >/dev/null || need+=(makedumpfile)
[ "$fill" = 0 ] || command -v cpio >/dev/null || need+=(cpio)
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		"${need[@]}" >&2
fi

# Helper tools, rebuilt when their source changes.
tool() {	# name -> path of the built tool
	local bin=$dir/$1 c=$src/tests/bench/$1.c
	if [ ! -x "$bin" ] || [ "$c" -nt "$bin" ] || [ "$build/libfaformats.a" -nt "$bin" ]; then
		gcc -std=gnu11 -O2 -D_GNU_SOURCE -I"$src/formats" -o "$bin" "$c" \
			"$build/libfaformats.a" $(pkg-config --libs libelf) >&2
	fi
	echo "$bin"
}
rewrite=$(tool qemu-x86-rewrite)
tool kdump-bitmap-diff >/dev/null

# The kernel: the package linux-image-amd64 depends on, kept here (its
# modules are the fill) and its vmlinuz unpacked.
deb=$(ls "$dir"/linux-image-*-amd64_*.deb 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$deb" ]; then
	pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	[ -n "$pkg" ] || { echo "x86-fixture: no linux-image-*-amd64 package" >&2; exit 1; }
	log "downloading $pkg"
	(cd "$dir" && apt-get download "$pkg" >&2)
	deb=$(ls "$dir/${pkg}"_*.deb)
fi
kver=$(dpkg-deb -f "$deb" Package)
kver=${kver#linux-image-}
vmlinuz=$dir/boot/vmlinuz-$kver
[ -s "$vmlinuz" ] ||
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dir" "./boot/vmlinuz-$kver"
vmcore=$dir/vmcore-$kver-${ram}M-modfill${fill}M
if [ -s "$vmcore" ]; then
	echo "$vmcore"
	exit 0
fi

# Boot to the "Unable to mount root fs" panic, pause, dump, quit.  The
# monitor is a pipe chardev (mon.in/mon.out fifos, opened O_RDWR by QEMU).
log "booting $kver with ${ram} MiB under TCG"
work=$dir/work.$$
mkdir -p "$work"
trap 'rm -rf "$work"; [ -n "${qpid:-}" ] && kill "$qpid" 2>/dev/null || true' EXIT
mkfifo "$work/mon.in" "$work/mon.out"
initrd=()
if [ "$fill" != 0 ]; then
	mkdir "$work/fill"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/fill" ./lib/modules
	( cd "$work/fill" && find lib -type f -size -64M -printf '%s\t%p\n' |
	  LC_ALL=C sort -t "$(printf '\t')" -k2 |
	  awk -F '\t' -v max=$((fill << 20)) '{
		if (tot + $1 > max) next
		tot += $1
		# The kernel skips files whose directory is missing: list the parents.
		n = split($2, c, "/"); d = ""
		for (i = 1; i < n; i++) { d = d (i > 1 ? "/" : "") c[i]; if (!(d in seen)) { seen[d]; print d } }
		print $2 }' |
	  cpio -o -H newc --quiet >"$work/fill.cpio" ) || true
	rm -rf "$work/fill"
	[ -s "$work/fill.cpio" ] || { echo "x86-fixture: no initramfs" >&2; exit 1; }
	log "initramfs of $(du -m "$work/fill.cpio" | cut -f1) MiB"
	initrd=(-initrd "$work/fill.cpio")
fi
qemu-system-x86_64 -accel tcg -m "$ram" -smp 2 -kernel "$vmlinuz" "${initrd[@]}" \
	-append "console=ttyS0 nokaslr panic=0" -display none -no-reboot \
	-serial "file:$work/serial.log" -action panic=pause \
	-chardev "pipe,id=mon0,path=$work/mon" -mon chardev=mon0,mode=readline \
	>"$work/qemu.log" 2>&1 &
qpid=$!
cat "$work/mon.out" >/dev/null &
for _ in $(seq 600); do
	grep -q "end Kernel panic" "$work/serial.log" 2>/dev/null && break
	kill -0 "$qpid" 2>/dev/null || { cat "$work/qemu.log" >&2; exit 1; }
	sleep 0.5
done
grep -q "end Kernel panic" "$work/serial.log" || {
	echo "x86-fixture: the guest did not panic in 300 s" >&2; tail "$work/serial.log" >&2; exit 1; }
log "$(grep -m1 'Kernel panic' "$work/serial.log" | sed 's/^\[[^]]*\] *//')"
# dump-guest-memory is synchronous: quit runs once the file is complete.
printf 'dump-guest-memory %s\nquit\n' "$work/qemu.elf" >"$work/mon.in"
wait "$qpid" || true
qpid=
[ -s "$work/qemu.elf" ] || { echo "x86-fixture: no guest dump" >&2; exit 1; }
"$rewrite" "$work/qemu.elf" "$vmcore.tmp" $((ram << 20)) >&2
mv "$vmcore.tmp" "$vmcore"
cp "$work/serial.log" "$vmcore.console"
echo "$vmcore"
