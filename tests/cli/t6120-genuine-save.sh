#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t6120-genuine-save.sh - `fadump-analyze save` inside a genuine FADump
# capture kernel (issue 16 item 3): the ppc64le build and the libraries
# it loads are in the initramfs of the save cycles (tests/genuine/
# fixture.sh --save: the 6.1 and 6.12 kernels on 1536 MiB, QEMU 11.1
# pSeries), whose capture kernel copies /proc/vmcore raw to a disk as in
# every cycle, then runs `fadump-analyze save / /out/save/dump`
# (tests/genuine/init-save), which releases the memory itself.  Checked:
#   1. save exited 0, said what it wrote and that it released, wrote a
#      complete directory (0600 files, the manifest's sizes and sha256);
#   2. the saved vmcore's pages are /proc/vmcore's (libkdumpfile);
#   3. release_mem: the kernel freed the range up to the end of RAM, its
#      fadump_region and registered after the save are those the plain
#      cycle of the same machine shows after its `echo 1 > release_mem`,
#      and MemTotal (the kernel's, printed just before and after the save)
#      grew by the freed size, as much as in the plain cycle;
#   4. the saved vmcore in every subcommand of the host build (split and
#      regions with the saved rtas node and fadump_region; rebuild-notes
#      refuses kdump input), drgn (the kernel's release and the crashed
#      thread as on /proc/vmcore), crash 8.0.2 (bt reaches panic; the 6.1
#      kernel only, as in t6110; not under FA_SAN=1).
# FA_E2E=0 or FA_GENUINE=0 turns it off, as the other genuine tests.
. "$(dirname "$0")/lib.sh"
t_native_only "genuine FADump fixture: checked by the normal build (it runs the ppc64le build itself, in the capture kernel)"

G=$FA_SRC/tests/genuine
K=${FA_CACHE:-/var/cache/fadump-tools}/genuine
CMP=$FA_SRC/tests/cli/convert_pagecmp.py
TXT=$FA_SRC/tests/e2e/e2e_text.py
PY=/usr/bin/python3
t_genuine_only "genuine FADump save"
heavy=1
[ "${FA_SAN:-0}" = 1 ] && heavy=0

"$G/fixture.sh" --save >"$T_TMP/fixture.out" 2>"$T_TMP/fixture.err"
rc=$?
t_is "$rc" 0 "the save cycles build (tests/genuine/fixture.sh --save)"
[ "$rc" = 0 ] || tail -10 "$T_TMP/fixture.err" | sed 's/^/#   /'

fact() { sed -n "s/^$1=//p" "$2"; }
crash_pids=()
crash_outs=()
while read -r name dir; do
	r=$dir/root
	d=$r/save/dump
	run=$r/save-run
	w=$T_TMP/$name
	mkdir -p "$w"
	read -r _ kver ram _ ccpu _ <"$dir/line"
	v=$K/kernel-$kver/vmlinux
	con=$w/console	# the console without its CRs
	tr -d '\r' <"$r/console/console.log" >"$con"

	# 1. save in the capture kernel
	t_is "$(cat "$run/rc" 2>/dev/null)" 0 "$name: save exited 0 in the capture kernel ($(head -1 "$run/stderr" 2>/dev/null))"
	t_like "$(cat "$run/stdout")" "save: /: pSeries FADump" "$name: ... found the kernel's pSeries FADump on /"
	t_like "$(cat "$run/stdout")" 'save: wrote manifest: /out/save/dump is complete' "$name: ... wrote the manifest"
	t_like "$(cat "$run/stdout")" 'save: released: release_mem <- 1' "$name: ... then wrote release_mem"
	t_is "$(grep -c '^GENUINE: save: exit 0$' "$con")" 1 "$name: the console shows it"
	for f in vmcore vmcore-dmesg.txt manifest fadump_region; do
		t_ok "$name: $f saved" test -f "$d/$f"
	done
	t_is "$(find "$d" -type f ! -perm 0600 | wc -l)" 0 "$name: every file 0600"
	t_is "$(manifest_bad "$d")" "" "$name: the manifest's sizes and sha256 match"

	# 2. the pages
	t_run "$PY" "$CMP" "$r/proc/vmcore" "$d/vmcore" --excluded-ok
	t_is "$T_RC" 0 "$name: the saved vmcore equals /proc/vmcore page for page (libkdumpfile: $T_OUT)"
	t_files_equal "$d/fadump_region" "$r/sys/kernel/debug/powerpc/fadump_region" \
		"$name: the saved fadump_region is the capture kernel's"

	# 3. release_mem, as the kernel tells it
	"$PY" "$G/gen_facts.py" facts "$r" >"$w/facts" 2>"$w/facts.err"
	t_is "$?" 0 "$name: gen_facts.py reads the root ($(head -1 "$w/facts.err"))"
	freed=$(fact freed "$w/facts")
	t_is "$(( ${freed#*-} ))" $(( ram << 20 )) "$name: the kernel freed the reserved memory up to the end of RAM ($freed)"
	before=$(sed -n 's/^GENUINE: save: before: MemTotal: *\([0-9]*\) kB$/\1/p' "$con")
	after=$(sed -n 's/^GENUINE: save: after: MemTotal: *\([0-9]*\) kB$/\1/p' "$con")
	t_like "$before:$after" '^[0-9]+:[0-9]+$' "$name: MemTotal before and after the save on the console ($before, $after kB)"
	fkb=$(fact freed_kb "$w/facts")
	# one 64K page more than the range the log prints on 6.1, two on 6.12
	# (t6100)
	more=64; [ "$kver" = 6.12 ] && more=128
	t_is "$(( ${after:-0} - ${before:-0} - fkb ))" "$more" \
		"$name: MemTotal grew by the freed size + $more kB ($(( ${after:-0} - ${before:-0} )) kB, $fkb kB freed)"
	p=$K/cycles/$name/root
	if [ -e "$p/after-release/sys/kernel/debug/powerpc/fadump_region" ]; then
		t_files_equal "$run/fadump_region-after" "$p/after-release/sys/kernel/debug/powerpc/fadump_region" \
			"$name: fadump_region after the save is the plain cycle's after echo 1 > release_mem"
		t_files_equal "$run/registered-after" "$p/after-release/sys/kernel/fadump/registered" \
			"$name: ... and so is registered ($(cat "$run/registered-after"))"
		t_is "$(( after - before ))" \
			"$(( $(fact memtotal_after "$w/facts") - $(fact memtotal_capture "$w/facts") ))" \
			"$name: MemTotal grew as much as from the snapshots before and after"
	else
		t_skip "$name: no plain cycle $p to compare the release with"
	fi
	t_unlike "$(cat "$run/fadump_region-after")" 'Memory above' "$name: fadump_region names no dumped memory above any more"
	t_is "$(cat "$run/vmcore-after")" no "$name: the kernel took /proc/vmcore away with the release"

	# 4. readers of the saved vmcore: every subcommand ...
	vm=$d/vmcore
	t_run fadump-analyze "$vm"
	t_is "$T_RC" 0 "$name: the summary reads it ($T_ERR)"
	t_like "$T_OUT" '^Dump type: +FADump pSeries' "$name: ... as FADump pSeries"
	for sub in info regions cpus cpu-state dmesg; do
		t_run fadump-analyze $sub "$vm"
		t_is "$T_RC" 0 "$name: $sub reads the saved vmcore ($T_ERR)"
	done
	t_run fadump-analyze dmesg "$vm"
	printf '%s\n' "$T_OUT" >"$w/dmesg"
	t_files_equal "$d/vmcore-dmesg.txt" "$w/dmesg" "$name: vmcore-dmesg.txt is the saved vmcore's log"
	# the firmware's registration saved beside the vmcore: split and
	# regions find the reserved area's sections as on the live root
	fdm=$d/device-tree/rtas/ibm,kernel-dump
	t_run fadump-analyze split --fdm "$fdm" "$vm" -o "$w/split"
	t_is "$T_RC" 0 "$name: split --fdm (the saved rtas node) reads it ($T_ERR)"
	t_like "$T_OUT" '^registration\.bin ' "$name: ... and writes the registration"
	t_run fadump-analyze regions --fdm "$fdm" --region-file "$d/fadump_region" "$vm"
	t_is "$T_RC" 0 "$name: regions --fdm --region-file reads it ($T_ERR)"
	t_like "$T_OUT" "^Agrees with $d/fadump_region" "$name: ... and agrees with the saved fadump_region"
	t_run fadump-analyze convert -c "$vm" "$w/conv"
	t_is "$T_RC" 0 "$name: convert -c refilters it ($T_ERR)"
	rm -f "$w/conv"
	t_run fadump-analyze opalcore "$vm"
	t_like "$T_RC:$T_ERR" '^1:.*opalcore' "$name: opalcore: one line, none in a pSeries dump ($T_ERR)"
	t_run fadump-analyze browse --help
	t_is "$T_RC" 0 "$name: browse (interactive, t5000) is there"
	t_run fadump-analyze save "$d" "$w/again"
	t_like "$T_RC $T_OUT" '^0 .*no active dump' "$name: save on the saved directory: no active dump, nothing done"
	# rebuild-notes writes ELF from ELF only (the save is kdump-compressed)
	t_run fadump-analyze rebuild-notes --vmlinux "$v" "$vm" "$w/rn"
	t_like "$T_RC:$T_ERR" '^1:.*kdump-compressed: rebuild-notes writes ELF vmcores from ELF' \
		"$name: rebuild-notes refuses it in one line"

	# ... drgn ...
	if "$PY" -c 'import drgn' 2>/dev/null; then
		want=$("$PY" "$FA_SRC/tests/cli/drgn_facts.py" "$r/proc/vmcore" "$v" 2>/dev/null)
		t_run "$PY" "$FA_SRC/tests/cli/drgn_facts.py" "$vm" "$v"
		t_is "$T_OUT" "$want" "$name: drgn reads the saved vmcore as /proc/vmcore ($want)"
	else
		t_skip "$name: no drgn in $PY (python3-drgn)"
	fi

	# ... and crash (in the background)
	if [ "$kver" = 6.1 ] && [ "$heavy" = 1 ]; then
		printf 'echo @@sys\nsys\necho @@bt\nbt\nquit\n' >"$w/crash.cmds"
		( "$FA_SRC/scripts/crash-ppc64el" -s "$v" "$vm" <"$w/crash.cmds" >"$w/crash" 2>&1 ) &
		crash_pids+=($!)
		crash_outs+=("$name:$ccpu:$w/crash:$con")
	fi
done <"$T_TMP/fixture.out"

[ "$heavy" = 0 ] && t_skip "crash (emulated ppc64el) runs in the normal build only (FA_SAN=1)"
[ ${#crash_pids[@]} -gt 0 ] && wait "${crash_pids[@]}"
for c in "${crash_outs[@]}"; do
	IFS=: read -r name ccpu out con <<<"$c"
	pid=$(grep -m1 -o "CPU: $ccpu \(UID: [0-9]* \)\?PID: [0-9]*" "$con" | sed 's/.*PID: //')
	"$TXT" crash-section "$out" bt >"$out.bt"
	t_like "$(head -1 "$out.bt")" "^PID: $pid .* CPU: $ccpu " \
		"$name: crash bt on the saved vmcore is the panic task, PID $pid on CPU $ccpu"
	t_ok "$name: ... and reaches sysrq_handle_crash and panic" \
		sh -c "grep -q ' sysrq_handle_crash at ' '$out.bt' && grep -q ' panic at ' '$out.bt'"
	grep -q ' panic at ' "$out.bt" || tail -20 "$out" | sed 's/^/#   /'
done
t_done
