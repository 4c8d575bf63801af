#!/usr/bin/env bash
# t4200-convert-elf.sh - convert -E (issue 17 item 2): an ELF core as
# makedumpfile -E writes it, on every ppc64 sample (both byte orders):
#   - ELF64 in the input's byte order, 0600, the input's notes (info,
#     cpus and dmesg say on the output what they say on the input);
#   - page by page through libkdumpfile: every page the -d 31 (and -d 0)
#     kdump-compressed conversion holds is the input's page in the ELF
#     output, and every page the output holds is the input's;
#   - a run of 256 or more excluded pages is cut out (p_filesz < p_memsz);
#   - on a genuine 6.1 FADump cycle: byte-identical to makedumpfile 1.7.2
#     -E -d 31 (ppc64el under qemu-ppc64le-static), and crash 8.0.2's bt
#     on it reaches sysrq_handle_crash and panic (normal build only);
#   - the options -E refuses, and the output rule.
. "$(dirname "$0")/lib.sh"

CHK=$FA_SRC/tests/cli/elfout_check.py
PY=/usr/bin/python3

t_run fadump-analyze convert --help
t_like "$T_OUT" '^  -E  ' "--help lists -E"
t_ok "the man page describes -E" grep -q '^\.B \\-E$' "$FA_SRC/man/fadump-analyze.1"

# genuine FADump, 6.1: converted first, so that the crash session
# (emulated, about a minute) runs while the samples are checked
G=${FA_CACHE:-/var/cache/fadump-tools}/genuine
root=$G/cycles/k61-2g-4c/root
sysroot=${FA_CACHE:-/var/cache/fadump-tools}/e2e/sysroot
genuine=1
[ "${FA_E2E:-1}" = 0 ] || [ ! -e "$root/proc/vmcore" ] && genuine=0
heavy=$genuine
[ "${FA_SAN:-0}" = 1 ] && heavy=0
if [ "$genuine" = 1 ]; then
	t_run fadump-analyze convert -E -d 31 "$root" "$T_TMP/g.elf"
	t_is "$T_RC" 0 "genuine k61-2g-4c -E -d 31: exit 0 ($T_ERR)"
fi
if [ "$heavy" = 1 ]; then
	printf 'echo @@bt\nbt\nquit\n' >"$T_TMP/crash.cmds"
	( "$FA_SRC/scripts/crash-ppc64el" -s "$G/kernel-6.1/vmlinux" "$T_TMP/g.elf" \
		<"$T_TMP/crash.cmds" >"$T_TMP/crash.out" 2>&1 ) &
	crash_pid=$!
fi

for name in pseries-le-64k pseries-be-4k phyp powernv-le; do
	r=$FA_BUILD/samples/$name
	vm=$r/proc/vmcore
	out=$T_TMP/$name.elf
	t_run fadump-analyze convert -E -d 31 --num-threads 2 "$r" "$out"
	t_is "$T_RC" 0 "$name: -E -d 31 exit 0 ($T_ERR)"
	t_like "$T_ERR" "pages dumped .* ELF, [0-9]+ bytes" "$name: ... the summary says ELF"
	t_is "$(stat -c %a "$out")" 600 "$name: ... the output is 0600"
	t_is "$(readelf -h "$out" | grep -E 'Class|Data|Type|Machine')" \
		"$(readelf -h "$vm" | grep -E 'Class|Data|Type|Machine')" \
		"$name: ... ELF64 core of the input's machine and byte order"
	t_is "$(readelf -n "$out" | tail -n +3)" "$(readelf -n "$vm" | tail -n +3)" \
		"$name: ... the input's notes"
	for c in info cpus dmesg; do
		# (the count of PT_LOADs aside)
		fadump-analyze $c "$vm" 2>&1 | grep -v '^File:\|^Memory:' >"$T_TMP/in.$c"
		fadump-analyze $c "$out" 2>&1 | grep -v '^File:\|^Memory:' >"$T_TMP/out.$c"
		t_files_equal "$T_TMP/out.$c" "$T_TMP/in.$c" \
			"$name: ... fadump-analyze $c says on it what it says on the input"
	done
	fadump-analyze convert -q -l -d 31 "$r" "$T_TMP/$name.kd" 2>/dev/null
	t_run "$PY" "$CHK" "$vm" "$out" "$T_TMP/$name.kd"
	t_is "$T_RC" 0 "$name: ... libkdumpfile: the -d 31 pages, and only input pages ($T_OUT)"
	t_like "$T_OUT" 'cut [1-9]' "$name: ... pages are cut out"
	# a cut is a PT_LOAD tail [p_filesz, p_memsz)
	t_like "$(readelf -lW "$out" | while read -r t _ _ _ f m _; do
		[ "$t" = LOAD ] && [ $((f)) -lt $((m)) ] && echo LOAD; done)" LOAD \
		"$name: ... as a PT_LOAD's p_filesz < p_memsz"
	rm -f "$out" "$T_TMP/$name.kd"
done

# -d 0: every page kept, and the same pages once more
r=$FA_BUILD/samples/pseries-be-4k
t_run fadump-analyze convert -E -d 0 --num-threads 1 "$r" "$T_TMP/d0.elf"
t_is "$T_RC" 0 "pseries-be-4k -E -d 0, one thread: exit 0"
t_run fadump-analyze cpus "$T_TMP/d0.elf"
t_like "$T_OUT" 'crash-info header' "pseries-be-4k -E -d 0: cpus finds the crash-info header"
fadump-analyze convert -q -d 0 "$r" "$T_TMP/d0.kd" 2>/dev/null
# a PT_LOAD smaller than a page (the crash-info header) keeps its data,
# where makedumpfile's -E drops it with the pages its bitmap cannot hold
t_like "$(readelf -lW "$T_TMP/d0.elf")" 'LOAD +0x[0-9a-f]+ 0xc000000028042000 0x0000000028042000 0x000298 0x000298' \
	"pseries-be-4k -E: the 664-byte crash-info header PT_LOAD keeps its data"

# options and the output rule
t_run fadump-analyze convert -E -l "$r" "$T_TMP/x.elf"
t_is "$T_RC" 2 "-E -l: usage error (exit 2)"
t_like "$T_ERR" '-E writes an ELF core' "... says why"
t_run fadump-analyze convert -E -F "$r" "$T_TMP/x.elf"
t_is "$T_RC" 2 "-E -F: usage error (exit 2)"
t_run fadump-analyze convert -E --split "$r" "$T_TMP/x1" "$T_TMP/x2"
t_is "$T_RC" 2 "-E --split: usage error (exit 2)"
echo keep >"$T_TMP/old"
t_run fadump-analyze convert -E "$r" "$T_TMP/old"
t_is "$T_RC:$(cat "$T_TMP/old")" 1:keep "-E onto an existing OUT without -f: exit 1, OUT kept"
t_run fadump-analyze convert -E -f -d 31 "$r" "$T_TMP/old"
t_is "$T_RC:$(head -c 4 "$T_TMP/old" | od -An -c | tr -d ' ')" '0:177ELF' "... with -f it is replaced"
ln -s "$T_TMP/old" "$T_TMP/link"
t_run fadump-analyze convert -E -f "$r" "$T_TMP/link"
t_is "$T_RC" 1 "-E -f onto a symbolic link: exit 1 (only a regular file is replaced)"
t_is "$(ls -a "$T_TMP" | grep -c '^\.old\|^\.link\|^\.x')" 0 "no temporary is left behind"
t_run fadump-analyze convert -E "$T_TMP/d0.kd" "$T_TMP/x.elf"
t_is "$T_RC" 1 "-E on a kdump-compressed input: exit 1"

# memory at both ends of ppc64's 51-bit space: quick, the span not walked
python3 "$FA_SRC/tests/cli/mkcore.py" "$T_TMP/far.core" note:0:0:0 \
	load:0:0x20000:0x20000 load:0x7000000000000:0x10000:0x10000:0
t_run timeout 60 fadump-analyze convert -E -d 1 "$T_TMP/far.core" "$T_TMP/far.elf"
t_is "$T_RC" 0 "sparse 51-bit core -E -d 1: exit 0 ($T_ERR)"
t_like "$(readelf -lW "$T_TMP/far.elf")" 'LOAD +0x[0-9a-f]+ 0xc007000000000000 0x0007000000000000 0x000000 0x010000' \
	"... its zero page at 0x7000000000000 is cut out"
rm -f "$T_TMP/far.elf"

# a full disk: refused before the copy, nothing left
if [ "$(id -u)" = 0 ] && mkdir "$T_TMP/small" &&
   mount -t tmpfs -o size=1m tmpfs "$T_TMP/small" 2>/dev/null; then
	trap 'umount "$T_TMP/small" 2>/dev/null; rm -rf "$T_TMP"' EXIT
	t_run fadump-analyze convert -E -d 0 "$r" "$T_TMP/small/full.elf"
	t_is "$T_RC" 1 "-E onto a full disk: exit 1"
	t_like "$T_ERR" 'full.elf.*: the ELF core needs [0-9]+ bytes, its file system has [0-9]+ free' \
		"-E onto a full disk: refused before the copy, says why"
	t_is "$(ls -A "$T_TMP/small" | wc -l)" 0 "-E onto a full disk: nothing left"
	t_run fadump-analyze convert -l --split "$r" "$T_TMP/small/s1" "$T_TMP/small/s2"
	t_is "$T_RC:$(ls -A "$T_TMP/small" | wc -l)" 1:0 "--split onto a full disk: exit 1, no file left"
	umount "$T_TMP/small"
else
	t_skip "ENOSPC: a small tmpfs needs root and mount"
fi

if [ "$genuine" = 0 ]; then
	t_skip "genuine 6.1 cycle absent or FA_E2E=0 ($root)"
	t_done
	exit
fi
if [ -x "$sysroot/usr/bin/makedumpfile" ] && command -v qemu-ppc64le-static >/dev/null; then
	qemu-ppc64le-static "$sysroot/lib64/ld64.so.2" --library-path \
		"$sysroot/lib/powerpc64le-linux-gnu:$sysroot/usr/lib/powerpc64le-linux-gnu" \
		"$sysroot/usr/bin/makedumpfile" -E -d 31 "$root/proc/vmcore" "$T_TMP/m.elf" \
		>"$T_TMP/m.out" 2>&1
	t_files_equal "$T_TMP/g.elf" "$T_TMP/m.elf" \
		"genuine: -E -d 31 is byte-identical to makedumpfile 1.7.2's -E -d 31"
else
	t_skip "makedumpfile:ppc64el or qemu-ppc64le-static absent ($sysroot)"
fi
# drgn: the -E output of rebuild-notes' vmcore (drgn needs its notes, t6110)
t_run fadump-analyze rebuild-notes --vmlinux "$G/kernel-6.1/vmlinux" "$root" "$T_TMP/rn.vmcore"
t_run fadump-analyze convert -E -d 31 "$T_TMP/rn.vmcore" "$T_TMP/rn.elf"
t_is "$T_RC" 0 "genuine: -E -d 31 of the rebuild-notes output: exit 0 ($T_ERR)"
"$PY" "$FA_SRC/tests/cli/drgn_bt.py" "$T_TMP/rn.elf" "$G/kernel-6.1/vmlinux" >"$T_TMP/drgn" 2>&1
pid=$(grep -m1 -o "CPU: 3 \(UID: [0-9]* \)\?PID: [0-9]*" "$root/console/console.log" | sed 's/.*PID: //')
t_is "$(head -1 "$T_TMP/drgn")" "tid=$pid" "genuine: drgn crashed_thread() on the -E output is the panicking PID $pid"
t_ok "genuine: ... its stack has sysrq_handle_crash and panic" \
	sh -c "grep -qx sysrq_handle_crash '$T_TMP/drgn' && grep -qx panic '$T_TMP/drgn'"
if [ "$heavy" = 1 ]; then
	wait "$crash_pid"
	sed -n '/^@@bt/,$p' "$T_TMP/crash.out" >"$T_TMP/bt"
	t_ok "genuine: crash 8.0.2 bt on the -E output reaches sysrq_handle_crash and panic" \
		grep -q ' sysrq_handle_crash at ' "$T_TMP/bt"
	t_ok "genuine: ... and panic" grep -q ' panic at ' "$T_TMP/bt"
	grep -q ' panic at ' "$T_TMP/bt" || tail -20 "$T_TMP/crash.out" | sed 's/^/#   /'
else
	t_skip "crash session (emulated ppc64el) runs in the normal build only (FA_SAN=1)"
fi
t_done
