#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/cycle.sh KERNELDIR RAM_MB CPUS CRASHCPU "EXTRA" OUT - one
# genuine FADump cycle under QEMU 11.1's pSeries firmware: the kernel in
# KERNELDIR (kernel.sh) boots with fadump=on EXTRA on RAM_MB MiB and CPUS
# POWER9 CPUs, registers, crashes on CPU CRASHCPU (sysrq c); the machine
# resets into the capture kernel, which saves /proc/vmcore and the FADump
# state before and after release_mem (tests/genuine/init).  OUT (made
# afresh) becomes a capture root:
#   proc/vmcore (0600), proc/meminfo, proc/cmdline, proc/device-tree/rtas/*,
#   proc/device-tree/{chosen/bootargs,compatible}, sys/kernel/fadump/*
#   (modes as in the guest; a file that cannot be read, as release_mem, is
#   empty and listed in `unreadable`), sys/kernel/fadump_* links,
#   sys/kernel/debug/powerpc/fadump_region, dmesg.txt: the capture kernel;
#   first-kernel/ and after-release/: the same before the crash and after
#   release_mem;
#   console/{console,first,capture}.log, console/qemu.log, cycle.txt
# The guest files live under the QEMU root's /genuine-run while it runs.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -eq 6 ] || gdie "usage: cycle.sh KERNELDIR RAM_MB CPUS CRASHCPU EXTRA OUT"
kdir=$1 ram=$2 cpus=$3 ccpu=$4 extra=$5 out=$6
qroot=$("$GEN_DIR/qemu-root.sh")
initrd=$("$GEN_DIR/initramfs.sh")
run=$qroot/genuine-run/$$
rm -rf "$run" "$out"
mkdir -p "$run" "$out/console"
trap 'rm -rf "$run"' EXIT
cp "$kdir/vmlinux.strip" "$run/vmlinux"
cp "$initrd" "$run/initrd.gz"
truncate -s 32M "$run/first.img"
truncate -s 64M "$run/capture.img"
truncate -s $(( ram + 64 ))M "$run/vmcore.img"
# printk.time=1: timestamps (the kernels have no CONFIG_PRINTK_TIME), for
# the split below and for comparing dmesg with the console
append="console=hvc0 printk.time=1 fadump=on gen_cpu=$ccpu${extra:+ $extra}"
r=/genuine-run/$$
start=$(date +%s)
glog "cycle: $(basename "$kdir") ${ram}M $cpus CPUs, crash on CPU $ccpu, \"$append\""
rc=0
timeout "${FA_GENUINE_TIMEOUT:-1200}" chroot "$qroot" qemu-system-ppc64 \
	-M pseries,x-vof=on -cpu POWER9 -accel tcg -m "$ram" -smp "$cpus" \
	-kernel $r/vmlinux -initrd $r/initrd.gz -append "$append" \
	-display none -vga none -monitor none -serial file:$r/console.log \
	-drive file=$r/first.img,if=none,id=d0,format=raw -device virtio-blk-pci,drive=d0 \
	-drive file=$r/capture.img,if=none,id=d1,format=raw -device virtio-blk-pci,drive=d1 \
	-drive file=$r/vmcore.img,if=none,id=d2,format=raw -device virtio-blk-pci,drive=d2 \
	>"$out/console/qemu.log" 2>&1 || rc=$?
secs=$(( $(date +%s) - start ))
cp "$run/console.log" "$out/console/console.log" 2>/dev/null || true
[ "$rc" = 0 ] || { tail -20 "$out/console/console.log" >&2
	gdie "qemu failed (exit $rc) after $secs s; console in $out/console"; }
! grep -q '^GENUINE: FADump is not registered' "$out/console/console.log" ||
	gdie "FADump did not register: $(grep -m2 'fadump' "$out/console/console.log" | tr '\n' ' ')"
grep -q '^GENUINE: done' "$out/console/console.log" ||
	{ tail -20 "$out/console/console.log" >&2; gdie "the guest did not finish the cycle"; }
# the first kernel's log, then the capture kernel's (split at the second boot)
# (the capture kernel's first lines, printed from its early log buffer
# without time stamps, come before its banner: it starts at the first line
# without a time stamp after the first kernel's panic)
awk -v f="$out/console/first.log" -v c="$out/console/capture.log" '
	/^GENUINE: crashing/ { n = 1; print > f; next }
	n == 1 && !/^\[ *[0-9]+\.[0-9]+\]/ { n = 2 }
	{ print > (n == 2 ? c : f) }' "$out/console/console.log"
tar -xf "$run/first.img" -C "$out"
tar -xf "$run/capture.img" -C "$out"
size=$(cat "$out/vmcore.size")
truncate -s "$size" "$run/vmcore.img"
fallocate -d "$run/vmcore.img" 2>/dev/null || true
chmod 0600 "$run/vmcore.img"
mv "$run/vmcore.img" "$out/proc/vmcore"
chmod 0755 "$out"
{
	echo "kernel: $(basename "$kdir") ($(cat "$kdir/build-time"))"
	echo "machine: -M pseries,x-vof=on -cpu POWER9 -m $ram -smp $cpus"
	echo "qemu-system-ppc: $(cat "$qroot/.qemu-version")"
	echo "append: $append"
	echo "crashing cpu: $ccpu"
	echo "guest run: $secs s"
} >"$out/cycle.txt"
glog "cycle done in $secs s"
echo "$out"
