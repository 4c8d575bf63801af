#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/genuine/compare.sh BUILD CYCLEDIR OUT - the model against the
# kernel: BUILD's `fadump-kernel crash --mainline-exact` for the machine
# and command line of the genuine cycle in CYCLEDIR (fixture.sh), then
# unified diffs (genuine first, model second) of
#   fadump_region (first kernel, capture, after release_mem),
#   every sysfs file and its mode (capture, after release), the rtas
#   properties the model writes (hexdump), the fadump log lines of both
#   kernels, the vmcore's PT_LOAD ranges and notes.
# OUT/report.txt holds them; the exit status is 0 even when they differ
# (the differences are the result).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
build=$(cd "${1:?usage: compare.sh BUILD CYCLEDIR OUT}" && pwd)
cdir=${2:?}
out=${3:?}
g=$cdir/root
read -r _ era ram cpus ccpu _ <"$cdir/line"
case $era in 6.1) fera=pre-6.10 ;; *) fera=6.10 ;; esac
cmdline=$(tr -d '\0' <"$g/first-kernel/proc/cmdline" | sed 's/ *$//')
m=$out/model
rm -rf "$m" "$out/report.txt"
mkdir -p "$out"
fk=("$build/fadump-kernel")
args=(--platform pseries --firmware qemu --ram "${ram}M" --cpus "$cpus" --crashing-cpu "$ccpu"
	--page-size 64K --cmdline "$cmdline" --era "$fera" --mainline-exact)
"${fk[@]}" register "${args[@]}" >"$out/model-register.txt" 2>&1 || true
"${fk[@]}" crash "${args[@]}" -o "$m" >"$out/model-crash.txt" 2>&1 ||
	gdie "fadump-kernel crash failed: $(tail -1 "$out/model-crash.txt")"
# the model's state of each moment as files beside the genuine ones
mkdir -p "$out/mfirst" "$out/mafter"
sed -n '/^fadump_region:/,/^[a-z_]*: /p' "$out/model-register.txt" |
	sed '1d;$d' >"$out/mfirst/fadump_region"
for f in mem_reserved registered; do
	sed -n "s/^$f: //p" "$out/model-register.txt" >"$out/mfirst/$f"
done
sysfs_dump() {	# DIR: "name mode: content" of every sysfs file and link
	local d=$1 f
	for f in "$d"/sys/kernel/fadump/* "$d"/sys/kernel/fadump_*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		if [ -L "$f" ]; then
			echo "${f#"$d"/} -> $(readlink "$f")"
		else
			echo "${f#"$d"/} $(stat -c %a "$f"): $(tr '\n' '|' <"$f")"
		fi
	done
}
sysfs_dump "$m" >"$out/model-sysfs-capture.txt"
cp "$m/sys/kernel/debug/powerpc/fadump_region" "$out/model-region-capture.txt"
cp "$m/.fadump-kernel/first-kernel.log" "$out/"
# (release_mem drops the model's vmcore, as the kernel's does)
"$GEN_DIR/gen_facts.py" layout "$m/proc/vmcore" >"$out/model-layout.txt"
"${fk[@]}" sysfs "$m" release_mem 1 >"$out/model-release.txt" 2>&1 || true
sysfs_dump "$m" >"$out/model-sysfs-after.txt"
# the genuine capture console runs on past release_mem: so does this log
cp "$m/.fadump-kernel/capture-kernel.log" "$out/"
cp "$m/sys/kernel/debug/powerpc/fadump_region" "$out/model-region-after.txt"
sysfs_dump "$g" >"$out/genuine-sysfs-capture.txt"
sysfs_dump "$g/after-release" >"$out/genuine-sysfs-after.txt"
sysfs_dump "$g/first-kernel" >"$out/genuine-sysfs-first.txt"

F=$GEN_DIR/gen_facts.py
sec() { printf '\n===== %s\n' "$1"; }
d() { diff -u --label "genuine $3" --label "model $3" "$1" "$2" || true; }
{
	echo "cycle $(cat "$cdir/line")"
	echo "model: fadump-kernel crash ${args[*]}"
	sec "fadump_region, first kernel"
	d "$g/first-kernel/sys/kernel/debug/powerpc/fadump_region" "$out/mfirst/fadump_region" first
	sec "fadump_region, capture kernel"
	d "$g/sys/kernel/debug/powerpc/fadump_region" "$out/model-region-capture.txt" capture
	sec "fadump_region, after release_mem"
	d "$g/after-release/sys/kernel/debug/powerpc/fadump_region" "$out/model-region-after.txt" after-release
	sec "sysfs, first kernel (the model's register prints mem_reserved and registered)"
	cat "$out/genuine-sysfs-first.txt"
	for f in mem_reserved registered; do
		echo "model $f: $(cat "$out/mfirst/$f")"
	done
	sec "sysfs, capture kernel (name mode: content)"
	d "$out/genuine-sysfs-capture.txt" "$out/model-sysfs-capture.txt" sysfs
	sec "sysfs, after release_mem"
	d "$out/genuine-sysfs-after.txt" "$out/model-sysfs-after.txt" sysfs
	sec "rtas properties (the model's set)"
	for p in "$m"/proc/device-tree/rtas/*; do
		n=${p##*/}
		if [ -e "$g/proc/device-tree/rtas/$n" ]; then
			d <(echo "mode $(stat -c %a "$g/proc/device-tree/rtas/$n")"; xxd "$g/proc/device-tree/rtas/$n") \
			  <(echo "mode $(stat -c %a "$p")"; xxd "$p") "$n"
		else
			echo "$n: not in the genuine device tree"
		fi
	done
	echo "genuine FADump properties: $(cd "$g/proc/device-tree/rtas" && ls -d *kernel-dump* ibm,os-term 2>/dev/null | tr '\n' ' ')"
	sec "fadump log lines, first kernel"
	d <("$F" log "$g/console/first.log") <("$F" log "$out/first-kernel.log") first
	sec "fadump log lines, capture kernel"
	d <("$F" log "$g/console/capture.log") <("$F" log "$out/capture-kernel.log") capture
	sec "vmcore layout and notes"
	d <("$F" layout "$g/proc/vmcore") "$out/model-layout.txt" vmcore
} >"$out/report.txt"
rm -rf "$m"
echo "$out/report.txt"
