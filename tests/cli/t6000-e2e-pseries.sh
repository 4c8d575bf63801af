#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t6000-e2e-pseries.sh - a real Debian ppc64le kernel panics in a QEMU
# pSeries guest (POWER9, 2 and 4 CPUs); its memory goes through the FADump
# cycle of `fadump-kernel crash --from-qemu` (default and --mainline-exact
# vmcores), and tools nobody here wrote must accept every output:
#   1. crash 8.0.2 (ppc64el, full mode): sys, bt of the panic task, log
#   2. fadump-analyze dmesg == console messages (in order) == crash's log
#   3. fadump-analyze cpus == QEMU's `info registers -a`, crashing CPU named
#   4. convert: crash gives the same sys/bt/log; libkdumpfile pages equal
#      the ELF's; -d 31 excludes the pages makedumpfile 1.7.2 excludes
#   5. fadump.so in that crash: fadump-region, cpu-state agree with analyze
# The fixture (tests/e2e/fixture.sh) is cached; FA_E2E_FIXTURES chooses
# them.  `make check` runs this: a fixture that cannot be built (no root
# to install packages, no Debian mirror) is a failure, not a skip; only
# FA_E2E=0 turns the checks off, and says so.  Under FA_SAN=1 the
# crash/makedumpfile sessions (emulated, slow, and not exercising our code
# under the sanitizers) are skipped with a reason: the normal build runs them.
. "$(dirname "$0")/lib.sh"
t_native_only "real-kernel e2e fixtures: the same code as the normal build, which runs them; an hour under qemu-user"

E2E=$FA_SRC/tests/e2e
TXT=$E2E/e2e_text.py
fixtures=${FA_E2E_FIXTURES:-pseries-2cpu pseries-4cpu}
cache=${FA_CACHE:-/var/cache/fadump-tools}
so=$FA_BUILD/crash-ext/ppc64le/fadump.so
heavy=1
[ "${FA_SAN:-0}" = 1 ] && heavy=0

if [ "${FA_E2E:-1}" = 0 ]; then
	t_skip "real-kernel end-to-end checks turned off by FA_E2E=0"
	t_done
	exit
fi

sysroot=
mkdumpfile() {	# makedumpfile:ppc64el 1.7.2 under qemu-ppc64le-static
	qemu-ppc64le-static "$sysroot/lib64/ld64.so.2" --library-path \
		"$sysroot/lib/powerpc64le-linux-gnu:$sysroot/usr/lib/powerpc64le-linux-gnu" \
		"$sysroot/usr/bin/makedumpfile" "$@"
}

# crash_session VMLINUX DUMP OUT: sys, bt, log (and fadump.so's commands),
# each output after an "@@NAME" line.
crash_session() {
	{
		printf 'echo @@sys\nsys\necho @@bt\nbt\necho @@log\nlog\n'
		if [ -r "$so" ]; then
			printf 'echo @@extend\nextend %s\n' "$so"
			printf 'echo @@fadump-region\nfadump-region\n'
			printf 'echo @@cpu-state\ncpu-state\n'
		fi
		printf 'quit\n'
	} >"$3.cmds"
	"$FA_SRC/scripts/crash-ppc64el" -s "$1" "$2" <"$3.cmds" >"$3" 2>&1 || true
}
section() { "$TXT" crash-section "$1" "$2"; }

# Builds the helper that compares the 2nd bitmaps of two kdump files.
bmdiff=$T_TMP/kdump-bitmap-diff
gcc -std=gnu11 -O2 -D_GNU_SOURCE -I"$FA_SRC/formats" -o "$bmdiff" \
	"$FA_SRC/tests/bench/kdump-bitmap-diff.c" "$FA_BUILD/libfaformats.a" \
	$(pkg-config --libs libelf) 2>"$T_TMP/bmdiff.err" || bmdiff=

# The emulated sessions (crash and makedumpfile under qemu-ppc64le-static,
# 1-3 min each) run in the background, two at a time (one per core), while
# the light checks go on; their results are checked in a second pass.
POOL=${FA_E2E_JOBS:-2}
spawn() {	# OUT COMMAND... : run in the pool; status into OUT.rc
	local out=$1; shift
	while [ "$(jobs -rp | wc -l)" -ge "$POOL" ]; do wait -n || true; done
	( rc=0; "$@" || rc=$?; echo "$rc" >"$out.rc" ) &
}
# kd_session VMLINUX KDUMP OUT: crash on the converted file, then drop it
kd_session() { crash_session "$1" "$2" "$3"; rm -f "$2"; }
mk31() { mkdumpfile -d 31 "$1" "$2" >"$2.out" 2>&1; }

pairs=()
for name in $fixtures; do
	r=$T_TMP/$name-roots	# this build's capture roots of the fixture
	fx=$("$E2E/fixture.sh" "$FA_BUILD" "$name" "$r" 2>"$T_TMP/fixture.err") || {
		_t_report 1 "$name: fixture builds"
		tail -5 "$T_TMP/fixture.err" | sed 's/^/#   /'
		continue
	}
	sysroot=$cache/e2e/sysroot
	vmlinux=$(ls "$cache"/e2e/debug/vmlinux-* | sort -V | tail -1)
	kver=${vmlinux##*/vmlinux-}
	c=$T_TMP/$name-console
	"$TXT" console-log "$fx/console.log" >"$c.txt"
	"$TXT" console-trace "$fx/console.log" >"$c-trace.txt"
	panic=$(grep -m1 -o 'Kernel panic - not syncing: .*' "$c.txt")
	ccpu=$(grep -B3 -m1 'Kernel panic - not syncing' "$c.txt" |
		sed -n 's/.*CPU: \([0-9]*\) PID.*/\1/p' | tail -1)
	[ -n "$ccpu" ] || ccpu=$(grep -A3 'Kernel panic - not syncing' "$c.txt" |
		sed -n 's/.*CPU: \([0-9]*\) PID.*/\1/p' | head -1)
	printf '%s\n' "$panic" >"$c.panic"
	printf '%s\n' "$ccpu" >"$c.ccpu"

	for v in root root-mainline; do
		t="$name/$v"
		vmcore=$r/$v/proc/vmcore
		w=$T_TMP/$name-$v
		mkdir -p "$w"

		# 2. dmesg
		t_run fadump-analyze dmesg "$r/$v"
		printf '%s\n' "$T_OUT" >"$w/dmesg.txt"
		t_is "$T_RC" 0 "$t: fadump-analyze dmesg exits 0 ($T_ERR)"
		t_ok "$t: dmesg holds every console message, in order, same text and time" \
			"$TXT" subseq "$c.txt" "$w/dmesg.txt"
		"$TXT" subseq "$c.txt" "$w/dmesg.txt" | sed 's/^/#   /'

		# the crash time the model took from the guest's clock (QEMU's
		# RTC follows the host): within 5 minutes of the guest's dump
		ct=$(fadump-analyze "$r/$v" | sed -n 's/^Crash time: *\(.*UTC\)$/\1/p' | head -1)
		d=$(( $(stat -c %Y "$fx/guest.elf") - $(date -u -d "${ct:-1970-01-01}" +%s) ))
		t_ok "$t: crash time ${ct:-unknown} within 5 minutes of the guest's dump" \
			test "${d#-}" -le 300

		# 3. cpus
		t_run fadump-analyze cpus --json "$r/$v"
		printf '%s\n' "$T_OUT" >"$w/cpus.json"
		t_run /usr/bin/python3 "$E2E/regs_cmp.py" "$fx/qemu-regs.txt" "$w/cpus.json"
		t_is "$T_RC" 0 "$t: fadump-analyze cpus == QEMU's registers, thread by thread (${T_OUT##*$'\n'})"
		[ "$T_RC" = 0 ] || printf '%s\n' "$T_OUT" | head -20 | sed 's/^/#   /'
		got=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["crashing_cpu"])' "$w/cpus.json" 2>/dev/null)
		t_is "$got" "$ccpu" "$t: cpus names the crashing CPU the console printed"

		# 4. convert, libkdumpfile page by page
		t_run fadump-analyze convert "$r/$v" "$w/dump.kd"
		t_is "$T_RC" 0 "$t: convert exits 0 ($T_ERR)"
		t_run env PYTHONPATH="$FA_SRC/tests/cli" /usr/bin/python3 \
			"$FA_SRC/tests/cli/convert_pagecmp.py" "$vmcore" "$w/dump.kd"
		t_is "$T_RC" 0 "$t: libkdumpfile reads every page of the kdump file equal to the ELF's ($T_OUT$T_ERR)"

		if [ $heavy = 0 ]; then
			t_skip "$t: crash and makedumpfile sessions (emulated ppc64el) run in the normal build only (FA_SAN=1)"
			rm -f "$w"/*.kd
			continue
		fi

		# 4. -d 31, then makedumpfile 1.7.2 on the same vmcore
		t_run fadump-analyze convert -d 31 "$r/$v" "$w/d31.kd"
		t_is "$T_RC" 0 "$t: convert -d 31 exits 0 ($T_ERR)"
		rm -f "$w/mk31.kd"
		spawn "$w/mk31" mk31 "$vmcore" "$w/mk31.kd"
		# 1. crash on the ELF vmcore (full mode); 4. on the converted file
		spawn "$w/crash-elf" crash_session "$vmlinux" "$vmcore" "$w/crash-elf.out"
		spawn "$w/crash-kd" kd_session "$vmlinux" "$w/dump.kd" "$w/crash-kd.out"
		pairs+=("$name $v $fx $kver")
	done
done
wait

# The emulated sessions' results, in the order they were started.
for p in "${pairs[@]}"; do
	set -- $p
	name=$1 v=$2 fx=$3 kver=$4
	t="$name/$v"
	vmcore=$T_TMP/$name-roots/$v/proc/vmcore
	w=$T_TMP/$name-$v
	c=$T_TMP/$name-console
	panic=$(cat "$c.panic")
	ccpu=$(cat "$c.ccpu")

	t_is "$(cat "$w/mk31.rc" 2>/dev/null)" 0 \
		"$t: makedumpfile -d 31 accepts the vmcore ($(head -c 300 "$w/mk31.kd.out" 2>/dev/null))"
	if [ -n "$bmdiff" ] && [ -s "$w/mk31.kd" ]; then
		t_run "$bmdiff" "$w/d31.kd" "$w/mk31.kd"
		t_is "$T_RC" 0 "$t: -d 31 dumps the pages makedumpfile 1.7.2 dumps"
		[ "$T_RC" = 0 ] || printf '%s\n' "$T_OUT" | head -20 | sed 's/^/#   /'
	else
		_t_report 1 "$t: -d 31 dumps the pages makedumpfile 1.7.2 dumps"
		echo "#   no makedumpfile output or no bitmap diff tool ($(head -3 "$T_TMP/bmdiff.err"))"
	fi
	rm -f "$w/d31.kd" "$w/mk31.kd"

	# 1. crash on the ELF vmcore (full mode)
	sys=$(section "$w/crash-elf.out" sys)
	t_like "$sys" "RELEASE: $kver\$" "$t: crash sys shows the release"
	t_like "$sys" "PANIC: \"${panic//[()]/.}\"" "$t: crash sys shows the panic message"
	section "$w/crash-elf.out" bt >"$w/bt.txt"
	"$TXT" bt-funcs "$w/bt.txt" >"$w/bt-funcs.txt"
	t_ok "$t: crash bt of the panic task holds the console's call trace" \
		test -s "$c-trace.txt" -a -s "$w/bt-funcs.txt"
	t_ok "$t: ... in the same order" "$TXT" subseq "$c-trace.txt" "$w/bt-funcs.txt"
	[ -s "$w/bt-funcs.txt" ] || head -20 "$w/bt.txt" | sed 's/^/#   bt: /'
	section "$w/crash-elf.out" log >"$w/log.txt"
	t_ok "$t: crash log holds every console message, in order" \
		"$TXT" subseq "$c.txt" "$w/log.txt"
	t_files_equal "$w/dmesg.txt" "$w/log.txt" "$t: fadump-analyze dmesg equals crash's log line for line"
	diff "$w/log.txt" "$w/dmesg.txt" | head -10 | sed 's/^/#   /'

	# 5. fadump.so
	if [ -r "$so" ]; then
		ext=$(section "$w/crash-elf.out" extend)
		t_like "$ext" 'fadump.so: shared object loaded' "$t: fadump.so loads in full-mode crash"
		reg=$(section "$w/crash-elf.out" fadump-region)
		cst=$(section "$w/crash-elf.out" cpu-state)
		printf '%s\n' "$reg" >"$w/fadump-region.txt"
		printf '%s\n' "$cst" >"$w/cpu-state.txt"
		t_like "$cst" '^CPU [0-9]+ \(note [0-9]+' "$t: cpu-state prints the CPUs of the notes"
		# the firmware sections in the dump file: where fadump-analyze
		# regions finds them in the same file (fadump.so sees no
		# capture root, only the vmcore)
		an=$(fadump-analyze regions "$vmcore")
		for sec in "CPU state data" "crash-info header"; do
			a=$(printf '%s\n' "$an" | awk -v s="$sec" 'index($0, s) == 1 {
				print substr($0, length(s) + 1) }' | awk '{print $1; exit}')
			if [ -n "$a" ]; then
				t_like "$reg" "^ +[0-9]+ +$a .*$sec" \
					"$t: fadump-region finds the $sec at $a, as fadump-analyze regions"
			else
				t_unlike "$reg" "^ +[0-9]+ +0x[0-9a-f]+ .*$sec" \
					"$t: no $sec in either fadump-region or fadump-analyze regions"
			fi
		done
		if [ "$v" = root ]; then
			t_like "$cst" "crashing CPU: $ccpu\\b|CPU $ccpu .*crashing CPU" \
				"$t: cpu-state names the crashing CPU fadump-analyze names"
			nip=$(/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
t=[t for t in d["threads"] if t["crashing"]][0]
print("%016x" % [int(r["value"],16) for r in t["firmware_registers"] if r["name"]=="GPR01"][0])' "$w/cpus.json")
			t_like "$cst" "$nip" "$t: cpu-state shows the crashing CPU's R1 fadump-analyze shows ($nip)"
		fi
	else
		t_skip "$t: no ppc64le fadump.so in $FA_BUILD"
	fi

	# 4. crash on the kdump-compressed file: same sys, bt, log
	for cmd in bt log; do
		section "$w/crash-kd.out" $cmd >"$w/kd-$cmd.txt"
		section "$w/crash-elf.out" $cmd >"$w/elf-$cmd.txt"
		t_files_equal "$w/kd-$cmd.txt" "$w/elf-$cmd.txt" "$t: crash $cmd on the converted file == on the ELF"
	done
	section "$w/crash-kd.out" sys | grep -v -e DUMPFILE: -e 'LOAD AVERAGE' >"$w/kd-sys.txt"
	section "$w/crash-elf.out" sys | grep -v -e DUMPFILE: -e 'LOAD AVERAGE' >"$w/elf-sys.txt"
	t_files_equal "$w/kd-sys.txt" "$w/elf-sys.txt" "$t: crash sys on the converted file == on the ELF (but DUMPFILE)"
	diff "$w/elf-sys.txt" "$w/kd-sys.txt" | head -10 | sed 's/^/#   /'
	if [ -n "${FA_E2E_KEEP:-}" ]; then
		mkdir -p "$FA_E2E_KEEP" && cp -r "$w" "$FA_E2E_KEEP/"
	fi
done
t_done
