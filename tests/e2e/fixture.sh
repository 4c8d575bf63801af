#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/e2e/fixture.sh BUILD NAME [ROOTS] - build (once) the real-kernel
# fixture NAME and print its directory.  NAME is pseries-<N>cpu (POWER9,
# N CPUs) or powernv-<N>cpu (POWER9 PowerNV).  With ROOTS, the capture
# roots (ROOTS/root, ROOTS/root-mainline) are made afresh there by BUILD's
# fadump-kernel (2-3 s each), which is what the tests do: each test run
# then checks its own build and no two runs share a root.  Without it
# they are kept in the fixture's directory and remade when BUILD's
# fadump-kernel is newer.
#
# Debian's ppc64el kernel (linux-image-*-powerpc64le, the ABI that
# linux-image-powerpc64le depends on) boots under qemu-system-ppc64 (TCG)
# with no root fs and panics; the paused guest's registers are read through
# the monitor (`info registers -a`) and its memory is dumped with
# dump-guest-memory; `fadump-kernel crash --from-qemu` turns that into a
# capture root, once with the default vmcore and once --mainline-exact.
# The DWARF vmlinux comes from the -dbg package (downloaded once, only the
# vmlinux kept).  Debian's makedumpfile:ppc64el is unpacked into a ppc64el
# sysroot (a copy of scripts/setup-crash-ppc64el's, which has crash).
#
# Cache: ${FA_CACHE:-/var/cache/fadump-tools}/e2e
#   boot/vmlinux-KVER, debug/vmlinux-KVER, sysroot/,
#   NAME/{guest.elf,console.log,qemu-regs.txt,root/,root-mainline/,.complete}
# Concurrent runs wait for each other (flock on e2e/.lock).
set -euo pipefail
build=$(cd "${1:?usage: fixture.sh BUILD NAME}" && pwd)
name=${2:?usage: fixture.sh BUILD NAME}
roots=${3:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
cache=${FA_CACHE:-/var/cache/fadump-tools}
dir=$cache/e2e
log() { echo "(e2e fixture: $*)" >&2; }
die() { echo "e2e fixture: $*" >&2; exit 1; }

case $name in
pseries-[0-9]*cpu) machine=pseries; ncpu=${name#pseries-}; ncpu=${ncpu%cpu}
	qemu_machine=(-M pseries -cpu POWER9) ;;
powernv-[0-9]*cpu) machine=powernv; ncpu=${name#powernv-}; ncpu=${ncpu%cpu}
	# skiboot (OPAL) from the skiboot.lid QEMU ships
	qemu_machine=(-M powernv9) ;;
*) die "unknown fixture $name" ;;
esac
# Guest RAM, and where the first kernel's reservation goes.  fadump-kernel
# sizes boot memory for 1 GiB at 320 MiB and reserves from 320 MiB up to
# about 641 MiB (CPU state data, HPTE, the boot-memory copy, the header).
# The guest keeps its hands off that range with crashkernel=SIZE@320M
# (memblock-reserved, as a real FADump kernel's reservation is) but still
# knows all of its RAM, so max_pfn, mem_map and the memory above the
# reservation are the real kernel's.  (mem=320M also keeps the range
# untouched, but then the guest's max_pfn ends at 320 MiB while the vmcore
# goes on to 1 GiB, which no real FADump kernel does.)
ram=${FA_E2E_RAM:-1024}
# PowerNV: skiboot's reserved ranges (from 768 MiB) leave no room for the
# reservation in 1 GiB
[ "$machine" = powernv ] && ram=${FA_E2E_RAM:-2048}
guest_reserve=${FA_E2E_RESERVE:-crashkernel=384M@320M}
# PowerNV: boot memory is 768 MiB and skiboot's ranges follow it, so the
# reservation (boot-memory copy, header, OPAL metadata) starts where they
# end, at 0x338b0000 with QEMU 7.2's skiboot, and ends near 0x638d0000.
# Without this the guest would use that memory and the model's boot-memory
# copy would overwrite live guest data (mem_map among it).
[ "$machine" = powernv ] &&
	guest_reserve=${FA_E2E_RESERVE:-crashkernel=800M@0x338b0000}
# The Debian kernel is 6.1: the pre-6.10 FADump era.
fkargs=(--platform "$machine" --era pre-6.10 --cmdline "fadump=on")

mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9
need=()
command -v qemu-system-ppc64 >/dev/null || need+=(qemu-system-ppc)
command -v gdb-multiarch >/dev/null || need+=(gdb-multiarch)
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]}"
	FA_DEPS_EXTRA="${need[*]}" "$src/scripts/install-deps" >&2
fi

# --- the kernel: image (for booting) and DWARF vmlinux (for crash) ---
if ! ls "$dir"/debug/vmlinux-* >/dev/null 2>&1 ||
   ! ls "$dir"/boot/vmlinux-* >/dev/null 2>&1; then
	crashroot=$("$src/scripts/setup-crash-ppc64el")	# adds ppc64el
	pkg=$(apt-cache depends linux-image-powerpc64le:ppc64el |
		awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
	pkg=${pkg%:ppc64el}
	[ -n "$pkg" ] || die "no linux-image-*-powerpc64le package"
	kver=${pkg#linux-image-}
	mkdir -p "$dir/dl"
	log "downloading $pkg and $pkg-dbg (about 770 MB, once)"
	(cd "$dir/dl" && apt-get download -q -o APT::Sandbox::User=root \
		"$pkg:ppc64el" "$pkg-dbg:ppc64el" >&2)
	mkdir -p "$dir/boot" "$dir/debug" "$dir/x"
	dpkg-deb --fsys-tarfile "$dir"/dl/"$pkg"_*.deb |
		tar -x -C "$dir/x" "./boot/vmlinux-$kver"
	# tar stops reading at the first match: dpkg-deb's pipe breaks.
	dpkg-deb --fsys-tarfile "$dir"/dl/"$pkg"-dbg_*.deb 2>/dev/null |
		tar -x -C "$dir/x" --occurrence=1 \
			"./usr/lib/debug/boot/vmlinux-$kver" || true
	[ -s "$dir/x/usr/lib/debug/boot/vmlinux-$kver" ] ||
		die "vmlinux-$kver not found in $pkg-dbg"
	mv "$dir/x/boot/vmlinux-$kver" "$dir/boot/"
	mv "$dir/x/usr/lib/debug/boot/vmlinux-$kver" "$dir/debug/"
	rm -rf "$dir/x" "$dir/dl"
fi
image=$(ls "$dir"/boot/vmlinux-* | sort -V | tail -1)
kver=${image##*/vmlinux-}
vmlinux=$dir/debug/vmlinux-$kver

# --- ppc64el sysroot: crash (scripts/setup-crash-ppc64el) + makedumpfile ---
sysroot=$dir/sysroot
if [ ! -e "$sysroot/.complete" ]; then
	crashroot=$("$src/scripts/setup-crash-ppc64el")
	log "sysroot: crash + makedumpfile:ppc64el"
	rm -rf "$sysroot" "$dir/sysroot.new" "$dir/dl2"
	cp -a "$crashroot" "$dir/sysroot.new"
	rm -f "$dir/sysroot.new/.complete"
	mkdir -p "$dir/dl2"
	(cd "$dir/dl2" && apt-get download -q -o APT::Sandbox::User=root \
		makedumpfile:ppc64el libdw1:ppc64el libelf1:ppc64el \
		libbz2-1.0:ppc64el liblzma5:ppc64el >&2)
	for deb in "$dir"/dl2/*.deb; do dpkg-deb -x "$deb" "$dir/sysroot.new"; done
	rm -rf "$dir/dl2"
	touch "$dir/sysroot.new/.complete"
	mv "$dir/sysroot.new" "$sysroot"
fi

fx=$dir/$name
# The guest is rebuilt when what it was booted with changes.
key="$kver ${qemu_machine[*]} ram=$ram $guest_reserve cpus=$ncpu"
if [ "$(cat "$fx/guest.key" 2>/dev/null)" != "$key" ]; then
	rm -rf "$fx"
fi
if [ -z "$roots" ] && [ -e "$fx/.complete" ] && [ "$fx/.complete" -nt "$build/fadump-kernel" ]; then
	echo "$fx"
	exit 0
fi
mkdir -p "$fx"

# --- boot to the panic, pause, read the registers, dump, quit ---
if [ ! -s "$fx/guest.elf" ]; then
	log "booting $kver on ${qemu_machine[*]} with $ncpu CPUs, ${ram}M RAM, $guest_reserve"
	work=$fx/work
	rm -rf "$work"; mkdir -p "$work"
	qpid=
	trap 'rm -rf "$work"; [ -n "$qpid" ] && kill "$qpid" 2>/dev/null || true' EXIT
	mkfifo "$work/mon.in" "$work/mon.out"
	qemu-system-ppc64 "${qemu_machine[@]}" -accel tcg -m "$ram" \
		-smp "$ncpu" -kernel "$image" \
		-append "console=hvc0 $guest_reserve panic=0" \
		-display none -vga none -no-reboot -action panic=pause \
		-serial "file:$work/console.log" \
		-chardev "pipe,id=mon0,path=$work/mon" -mon chardev=mon0,mode=readline \
		>"$work/qemu.log" 2>&1 &
	qpid=$!
	cat "$work/mon.out" >"$work/monitor.log" &
	# pSeries: the panic ends in RTAS ibm,os-term, which QEMU reports
	# ("OS terminated") before the kernel prints "end Kernel panic".
	panicked() {
		grep -q "OS terminated" "$work/qemu.log" 2>/dev/null ||
			grep -q "end Kernel panic" "$work/console.log" 2>/dev/null
	}
	for _ in $(seq 1200); do
		panicked && break
		kill -0 "$qpid" 2>/dev/null || { cat "$work/qemu.log" >&2; die "qemu exited"; }
		sleep 0.5
	done
	panicked ||
		{ tail "$work/console.log" >&2; die "the guest did not panic in 600 s"; }
	# Let the guest reach the pause (panic=pause stops it on os-term).
	sleep 2
	printf 'stop\ninfo registers -a\ndump-guest-memory %s\nquit\n' \
		"$work/guest.elf" >"$work/mon.in"
	wait "$qpid" || true
	qpid=
	sleep 0.5
	[ -s "$work/guest.elf" ] || die "no guest dump"
	# the readline monitor echoes with escape sequences: keep the text
	sed 's/\x1b\[[0-9]*[A-Za-z]//g' "$work/monitor.log" >"$fx/qemu-regs.txt"
	cp "$work/console.log" "$fx/console.log"
	mv "$work/guest.elf" "$fx/guest.elf"
	echo "$key" >"$fx/guest.key"
	rm -rf "$work"
	trap - EXIT
fi

# --- the FADump cycle ---
out=${roots:-$fx}
mkdir -p "$out"
for v in root root-mainline; do
	rm -rf "${out:?}/$v"
	extra=()
	[ "$v" = root-mainline ] && extra=(--mainline-exact)
	log "fadump-kernel crash --from-qemu ${extra[*]} -> $v"
	# the DWARF vmlinux: the model reads the guest's pacas (PIRs) and
	# clock (CRASHTIME) through its member offsets
	"$build/fadump-kernel" crash "${fkargs[@]}" --from-qemu "$fx/guest.elf" \
		--vmlinux "$vmlinux" "${extra[@]}" -o "$out/$v" >&2 ||
		die "fadump-kernel crash failed for $v"
done
[ -n "$roots" ] || touch "$fx/.complete"
echo "$fx"
