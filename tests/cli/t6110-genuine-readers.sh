#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t6110-genuine-readers.sh - independent readers on genuine FADump dumps
# (issue 15 item 4), the cycles of tests/genuine/matrix (see t6100):
#   1. rebuild-notes on the genuine vmcore: without --vmlinux it says what
#      it needs; with it, one note per online CPU, each paired through
#      paca_ptrs, pr_pid the task current on the CPU; another kernel's
#      vmlinux is refused.
#   2. drgn (python3-drgn, Debian's 0.0.22): prog.crashed_thread() on that
#      output is the console's panicking PID and unwinds through
#      sysrq_handle_crash and panic.  On the genuine vmcore itself it
#      cannot: its note for the crashing CPU comes from ppc_save_regs(),
#      whose r1 belongs to NIP since v6.5 / 6.1.39, and drgn before 0.0.25
#      starts such notes at LINK (reported, not asserted).
#   3. crash 8.0.2 (ppc64el under qemu-ppc64le-static, the 6.1 cycle):
#      bt of the panic task reaches them on the genuine vmcore and on the
#      rebuild-notes output.  Not under FA_SAN=1 (emulated, slow, and not
#      our code), as in t6000.
# FA_E2E=0 or FA_GENUINE=0 turns it off.
. "$(dirname "$0")/lib.sh"
t_native_only "genuine FADump fixture: checked by the normal build (issue 16 item 3 runs the ppc64le save in the capture kernel)"

G=$FA_SRC/tests/genuine
K=${FA_CACHE:-/var/cache/fadump-tools}/genuine
TXT=$FA_SRC/tests/e2e/e2e_text.py
PY=/usr/bin/python3	# Debian's python3-drgn is built for the system python
t_genuine_only "genuine FADump readers"
heavy=1
[ "${FA_SAN:-0}" = 1 ] && heavy=0

"$G/fixture.sh" ${FA_GENUINE_CYCLES:-} >"$T_TMP/fixture.out" 2>"$T_TMP/fixture.err"
rc=$?
t_is "$rc" 0 "the genuine fixture builds (tests/genuine/fixture.sh)"
[ "$rc" = 0 ] || tail -10 "$T_TMP/fixture.err" | sed 's/^/#   /'
"$PY" -c 'import drgn' 2>/dev/null
t_is "$?" 0 "drgn imports in $PY (python3-drgn, scripts/install-deps)"

# drgn_bt VMCORE VMLINUX: "tid=N" then the crashed thread's functions.
drgn_bt() {
	"$PY" "$FA_SRC/tests/cli/drgn_bt.py" "$1" "$2"
}

# crash_bt VMLINUX VMCORE OUT: crash's sys and bt, in the background.
crash_bt() {
	printf 'echo @@sys\nsys\necho @@bt\nbt\nquit\n' >"$3.cmds"
	( "$FA_SRC/scripts/crash-ppc64el" -s "$1" "$2" <"$3.cmds" >"$3" 2>&1
	  echo $? >"$3.rc" ) &
}
crash_pids=()
crash_outs=()

while read -r name dir; do
	read -r _ kver _ _ ccpu _ <"$dir/line"
	v=$K/kernel-$kver/vmlinux
	vmcore=$dir/root/proc/vmcore
	w=$T_TMP/$name
	mkdir -p "$w"
	pid=$(grep -m1 -o "CPU: $ccpu \(UID: [0-9]* \)\?PID: [0-9]*" \
		"$dir/root/console/console.log" | sed 's/.*PID: //')
	t_like "$pid" '^[0-9]+$' "$name: the console names the panicking task (CPU $ccpu PID $pid)"

	# 1. rebuild-notes
	t_run fadump-analyze rebuild-notes "$vmcore" "$w/no-vmlinux"
	t_is "$T_RC" 1 "$name: rebuild-notes without --vmlinux: exit 1"
	t_like "$T_ERR" 'no firmware register save area.*give --vmlinux' \
		"$name: ... and says it needs --vmlinux"
	other=$K/kernel-$([ "$kver" = 6.1 ] && echo 6.12 || echo 6.1)/vmlinux
	t_run fadump-analyze rebuild-notes --vmlinux "$other" "$vmcore" "$w/other"
	t_is "$T_RC:$(ls "$w" | grep -c other)" 1:0 "$name: rebuild-notes with the other kernel's vmlinux: exit 1, no output"
	t_like "$T_ERR" 'build|release' "$name: ... says the vmlinux is another build"
	rn=$w/rn.vmcore
	t_run fadump-analyze rebuild-notes --vmlinux "$v" "$vmcore" "$rn"
	t_is "$T_RC" 0 "$name: rebuild-notes --vmlinux: exit 0 ($T_ERR)"
	n=$(awk '$1 != "#" && NF { print $4; exit }' "$dir/line")
	t_like "$T_OUT" ": $n CPU note\(s\), CPUs 0\.\.$((n - 1)) .* $n by r13 = paca_ptrs\[cpu\].*crashing CPU $ccpu from crashing_cpu" \
		"$name: ... one note per online CPU, each paired by its paca"
	t_is "$(stat -c %a "$rn" 2>/dev/null)" 600 "$name: ... the output is 0600"

	# 2. drgn
	drgn_bt "$vmcore" "$v" >"$w/drgn-genuine" 2>&1
	echo "# $name: drgn on the genuine vmcore: $(head -3 "$w/drgn-genuine" | tr '\n' ' ')"
	drgn_bt "$rn" "$v" >"$w/drgn" 2>&1
	t_is "$(head -1 "$w/drgn")" "tid=$pid" "$name: drgn crashed_thread() on the rebuilt notes is PID $pid"
	t_ok "$name: ... its stack has sysrq_handle_crash and panic ($(sed -n '2,7p' "$w/drgn" | tr '\n' ' '))" \
		sh -c "grep -qx sysrq_handle_crash '$w/drgn' && grep -qx panic '$w/drgn'"

	# 3. crash 8.0.2 reads the 6.1 kernel only
	if [ "$kver" != 6.1 ] || [ "$heavy" = 0 ] || [ -n "${crash_outs[*]}" ]; then
		rm -f "$rn"
		continue
	fi
	crash_bt "$v" "$vmcore" "$w/crash-genuine"
	crash_pids+=($!)
	crash_bt "$v" "$rn" "$w/crash-rn"
	crash_pids+=($!)
	crash_outs=("$name:$pid:$ccpu:$w/crash-genuine" "$name:$pid:$ccpu:$w/crash-rn")
done <"$T_TMP/fixture.out"

if [ "$heavy" = 0 ]; then
	t_skip "crash sessions (emulated ppc64el) run in the normal build only (FA_SAN=1)"
fi
[ ${#crash_pids[@]} -gt 0 ] && wait "${crash_pids[@]}"
for c in "${crash_outs[@]}"; do
	IFS=: read -r name pid ccpu out <<<"$c"
	what=${out##*/}
	"$TXT" crash-section "$out" bt >"$out.bt"
	t_like "$(head -1 "$out.bt")" "^PID: $pid .* CPU: $ccpu " \
		"$name: $what: crash bt is the panic task, PID $pid on CPU $ccpu"
	t_ok "$name: $what: ... and reaches sysrq_handle_crash and panic" \
		sh -c "grep -q ' sysrq_handle_crash at ' '$out.bt' && grep -q ' panic at ' '$out.bt'"
	[ -n "$(grep ' panic at ' "$out.bt")" ] || sed 's/^/#   /' "$out" | tail -20
done
t_done
