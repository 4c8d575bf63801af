#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t5000-browse-tmux: `fadump-analyze browse` driven in a detached tmux of
# 80x24 (send-keys, capture-pane): each pane's content, navigation, goto,
# byte and string search (and its cancel), resize, colour and NO_COLOR,
# quit; a malformed dump gets an error screen, a pipe gets a refusal, a
# 1 TiB sparse vmcore opens at once.
. "$(dirname "$0")/lib.sh"

command -v tmux >/dev/null || { t_skip "tmux is not installed"; t_done; exit; }
t_have_pty || { t_skip "no pseudo-terminal can be opened here (devpts not mounted)"; t_done; exit; }

TM=(tmux -L "fa-test-$$")
trap '"${TM[@]}" kill-server 2>/dev/null; rm -rf "$T_TMP"' EXIT
O=$FA_SRC/tests/cli/analyze_oracle.py
M=(--ram 768M --cpus 4 --content zero=90,text=5,struct=5,random=0 --cmdline fadump=on)

root=$T_TMP/root
t_run fadump-kernel crash "${M[@]}" --endian le --crashing-cpu 2 -o "$root"
t_is "$T_RC" 0 "fadump-kernel crash"
[ "$T_RC" = 0 ] || { printf '%s\n' "$T_ERR" | sed 's/^/# /'; t_done; exit; }
cpu_addr=$(sed -n 's/^CPU :\[0x0*\([0-9a-f]*\)-.*/\1/p' "$root/sys/kernel/debug/powerpc/fadump_region")

# b_start [ENV=VALUE...] ARGS...: browse in a fresh 80x24 session; the
# exit status is printed when the program ends.
# Each run gets a new session; the old one is killed only after, since
# killing a server's last session makes it exit under the next command.
SESS=
NSESS=0
b_start() {
	local env=() old=$SESS
	while [ $# -gt 0 ] && [[ $1 == *=* ]]; do env+=("$1"); shift; done
	NSESS=$((NSESS + 1))
	SESS=b$NSESS
	"${TM[@]}" new-session -d -s "$SESS" -x 80 -y 24 \
		"env TERM=screen LC_ALL=C ${env[*]} $(command -v fadump-analyze) browse $*; echo rc=\$?; sleep 600"
	[ -z "$old" ] || "${TM[@]}" kill-session -t "$old" 2>/dev/null
}
b_cap() { "${TM[@]}" capture-pane -p -t "$SESS" "$@"; }
# b_wait REGEX: poll the screen until it matches (at most 5 s); B holds it.
b_wait() {
	local i
	for i in $(seq 50); do
		B=$(b_cap)
		printf '%s\n' "$B" | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
b_keys() { "${TM[@]}" send-keys -t "$SESS" "$@"; }
# b_type TEXT: type TEXT literally (send-keys would read "0x10" as a key code).
b_type() { "${TM[@]}" send-keys -t "$SESS" -l "$1"; }
# b_expect DESCRIPTION REGEX: wait for REGEX and report.
b_expect() { b_wait "$2"; t_like "$B" "$2" "$1"; }

# ---- the map and the region list
b_start "$root"
b_expect "title names the dump, its type and firmware source" \
	'^ .*root: ELF vmcore ppc64le, FADump pSeries \(ibm,kernel-dump\)'
t_like "$B" '^ 1:Map  2:Regions  3:Hex  4:Registers  5:VMCOREINFO  6:Log' "pane tabs"
t_like "$B" '^00000000 .* boot 0 +\| region +start +size' "map starts with boot memory, list has headers"
t_like "$B" '^[0-9a-f]{8} +\* CPU state +\|' "CPU area promoted onto the map"
t_like "$B" '\| CPU state data +0x'"$cpu_addr"' +256\.0 KiB$' "CPU area listed"
t_like "$B" ' boot copy +\|' "boot-memory copy on the map"
t_like "$B" '\| boot memory copy +0x[0-9a-f]+ +[0-9.]+ MiB -$' "copy marked not in the dump"
t_like "$B" '^boot memory 0: 0x0-0x[0-9a-f]+, [0-9.]+ MiB, copy at 0x[0-9a-f]+, in the dump' "selected region described"
width=$(printf '%s\n' "$B" | awk '{ if (length > m) m = length } END { print m }')
t_ok "every line fits 80 columns ($width)" test "$width" -le 80
t_is "$(printf '%s\n' "$B" | wc -l)" 24 "24 lines drawn"

b_keys l j
b_expect "j moves down the region list" '^CPU state data: 0x'"$cpu_addr"'-'
b_keys Enter
b_expect "Enter shows the region in hex" '^phys 0*'"$cpu_addr"'  CPU state data'
t_like "$B" '^0*'"$cpu_addr"': 5245 4753 4156 4500 .*REGSAVE' "REGSAVE magic at the start"
b_keys ']'
b_expect "] goes to the next region" '^phys [0-9a-f]+  HPTE region'
b_keys '['
b_expect "[ goes back" '^phys 0*'"$cpu_addr"'  CPU state data'
b_keys Down Down Right
b_expect "cursor moves by rows and bytes" '^phys 0*'"$(printf '%x' $((0x$cpu_addr + 33)))"'  CPU'

# ---- goto
b_keys g; b_type 'prb'; b_keys Enter
b_expect "goto a VMCOREINFO symbol: kernel virtual address" '^kvaddr c[0-9a-f]{15} = phys 0x[0-9a-f]+  boot memory 0'
b_keys g; b_type '512M'; b_keys Enter
b_expect "goto 512M" '^phys 0000000020000000 '
b_keys g; b_type 'nosuchsymbol'; b_keys Enter
b_expect "goto an unknown symbol says so" 'no SYMBOL\(nosuchsymbol\) in VMCOREINFO'
b_keys g; b_type '0x10+'; b_keys Enter
b_expect "goto syntax error says so" 'missing at the end'

# ---- memory search (bytes and text)
b_keys g; b_type 0; b_keys Enter /; b_type 'x:52 45 47 53 41 56 45'; b_keys Enter
b_expect "byte search finds REGSAVE in the CPU area" "found at 0x$cpu_addr"
t_like "$B" '^phys 0*'"$cpu_addr"'  CPU state data' "the view follows the match"
b_keys g; b_type 0; b_keys Enter /; b_type 'sysrq triggered crash'; b_keys Enter
b_expect "text search finds the panic string" '^found at 0x[0-9a-f]+'
# The match may straddle two hex rows: join the rows' ASCII columns.
ascii=$(printf '%s\n' "$B" | sed -n 's/^[0-9a-f]\{16\}: .\{39\}  \(.\{1,16\}\)$/\1/p' | tr -d '\n')
t_like "$ascii" 'sysrq triggered crash' "the match is on screen"
first=$(printf '%s\n' "$B" | sed -n 's/^found at \(0x[0-9a-f]*\).*/\1/p')
b_keys n
b_expect "n looks further" '^(found at|not found)'
t_unlike "$(b_cap | tail -1)" "found at $first\$" "n does not stop on the same match"

# ---- registers: crashing CPU first
b_keys 4
b_expect "registers: crashing CPU first" '^CPU 2 \(crashing\)  thread 1/4  REGSAVE .* 0 mismatches'
t_like "$B" '^  reg +firmware +note' "firmware beside the note"
t_like "$B" '^  r1 +c[0-9a-f]{15}  c[0-9a-f]{15}$' "r1 from both sources"
b_keys l
b_expect "l shows the next thread" '^CPU 0  thread 2/4'

# ---- VMCOREINFO and the kernel log
b_keys 5
b_expect "VMCOREINFO pane" '^OSRELEASE=6\.10'
b_keys /; b_type 'SYMBOL(prb)'; b_keys Enter
b_expect "text search in VMCOREINFO" '^SYMBOL\(prb\)=c'
b_keys 6
b_expect "kernel log pane ends with the panic" 'Kernel panic - not syncing: sysrq triggered crash'

# ---- help, resize, quit
b_keys '?'
b_expect "? shows the keys" 'g +goto: 0x14000000, 512M, prb'
b_keys x
b_wait 'Tab pane  g goto'
t_unlike "$B" 'Press any key' "any key closes the help"
b_keys 1
"${TM[@]}" resize-window -t "$SESS" -x 100 -y 30
for i in $(seq 50); do
	B=$(b_cap)
	[ "$(printf '%s\n' "$B" | grep -c '^[0-9a-f]\{8\} ')" -ge 27 ] && break
	sleep 0.1
done
t_is "$(printf '%s\n' "$B" | wc -l)" 30 "resize to 100x30 redraws 30 lines"
t_like "$(printf '%s\n' "$B" | sed -n 29p)" '^[0-9a-f]{8} ' "the map grows with the window"
"${TM[@]}" resize-window -t "$SESS" -x 50 -y 12
sleep 0.3
b_expect "a small window still draws" '^ 1:Map'
"${TM[@]}" resize-window -t "$SESS" -x 80 -y 24
b_keys q
b_expect "q quits with status 0" '^rc=0$'

# ---- colour, and none under NO_COLOR
b_start "$root"
b_wait 'boot 0'
t_like "$(b_cap -e | cat -v)" '\^\[\[4[0-7]m' "colour when the terminal has it"
b_start NO_COLOR=1 "$root"
b_wait 'boot 0'
t_unlike "$(b_cap -e | cat -v)" '\^\[\[[34][0-7]m' "no colour under NO_COLOR"
t_like "$B" '^00000000 B+  boot 0' "bars drawn in letters instead"

# ---- a mismatch between the save area and the notes is marked
cp --sparse=always -r "$root" "$T_TMP/mm"
t_run /usr/bin/python3 "$O" patch32 "$T_TMP/mm/proc/vmcore" GPR05 12 0xdeadbeef
b_start "$T_TMP/mm"
b_wait 'boot 0'
b_keys 4 l
b_expect "mismatch counted" '^CPU 0  thread 2/4 .* 1 mismatch  '
t_like "$B" '^! r5 +[0-9a-f]{8}deadbeef  [0-9a-f]{16}$' "mismatching slot marked"
b_keys q

# ---- malformed input: an error screen, then status 1
head -c 4096 /dev/urandom >"$T_TMP/garbage"
b_start "$T_TMP/garbage"
b_expect "malformed dump: error screen" 'Cannot browse this dump'
t_like "$B" 'not a dump|signature' "error screen says why"
b_keys q
b_expect "error screen quits with status 1" '^rc=1$'
printf '\177ELF\002\001\001' >"$T_TMP/short"
b_start "$T_TMP/short"
b_expect "truncated ELF: error screen" 'Cannot browse this dump'
b_keys q

# ---- no terminal: one line, status 2
t_run fadump-analyze browse "$root"
t_is "$T_RC" 2 "without a terminal: exit 2"
t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "without a terminal: one line"
t_like "$T_ERR" 'needs a terminal' "without a terminal: says why"
t_run fadump-analyze browse
t_is "$T_RC" 2 "no DUMP: usage error"

# ---- a 1 TiB sparse vmcore opens at once; search runs in steps, cancels
big=$T_TMP/big.vmcore
if /usr/bin/python3 - "$big" <<'EOF'
import struct, sys
# LE ppc64 ELF vmcore: PT_NOTE (VMCOREINFO), one 1 TiB PT_LOAD, sparse file,
# a marker at 512 GiB that SYMBOL(big_marker) points at.
size = 1 << 40
vmci = b"OSRELEASE=6.10.0-big\nPAGESIZE=65536\nSYMBOL(big_marker)=c000008000000000\n"
name = b"VMCOREINFO\0"
note = struct.pack("<III", len(name), len(vmci), 0) + name + b"\0" + vmci
note += b"\0" * (-len(note) % 4)
eh = b"\x7fELF\x02\x01\x01" + b"\0" * 9
eh += struct.pack("<HHIQQQIHHHHHH", 4, 21, 1, 0, 64, 0, 0, 64, 56, 2, 0, 0, 0)
ph = struct.pack("<IIQQQQQQ", 4, 0, 64 + 112, 0, 0, len(note), len(note), 4)
ph += struct.pack("<IIQQQQQQ", 1, 7, 0x10000, 0xc000000000000000, 0, size, size, 0)
with open(sys.argv[1], "wb") as f:
    f.write(eh + ph + note)
    f.seek(0x10000 + size // 2)
    f.write(b"FADUMP-BIG-MARKER")
    f.truncate(0x10000 + size)
EOF
then
	# How fast it opens is a benchmark's business (make bench), not a
	# test's: here it must open and read only the pages it shows.
	b_start "$big"
	b_wait 'memory +0x0 +1 TiB'
	t_like "$B" '\| memory +0x0 +1 TiB' "1 TiB vmcore: map and list"
	b_keys g; b_type 'big_marker'; b_keys Enter
	b_expect "1 TiB vmcore: goto reads the page shown" '^c000008000000000: 4641 4455 4d50 2d42 .*FADUMP-BIG-MARKE'
	b_keys g; b_type 0; b_keys Enter /; b_type 'NOT-IN-THIS-DUMP'; b_keys Enter
	b_expect "1 TiB vmcore: search shows progress" '^Searching\.\.\. [0-9]+% '
	b_keys x
	b_expect "a key cancels the search" '^search cancelled'
	b_keys q
	b_expect "1 TiB vmcore: quits" '^rc=0$'
else
	t_skip "cannot make a 1 TiB sparse file here"
fi

# ---- kdump-compressed input: pages convert excluded are "excluded" holes
if fadump-analyze convert -z -d 1 "$root" "$T_TMP/k.kdump" >"$T_TMP/conv" 2>&1; then
	b_start "$T_TMP/k.kdump"
	b_expect "kdump-compressed: title" 'kdump-compressed ppc64le'
	t_like "$B" '\| boot memory 0 +0x0 ' "kdump-compressed: regions listed"
	if grep -Eq '[, (][1-9][0-9]* excluded' "$T_TMP/conv"; then
		t_like "$B" '\| excluded pages +0x' "kdump-compressed: excluded pages listed"
		t_like "$B" ' excluded +\|' "kdump-compressed: excluded pages on the map"
	else
		t_skip "convert -d 1 excluded no page: $(tail -1 "$T_TMP/conv")"
	fi
	b_keys 6
	b_expect "kdump-compressed: kernel log" 'Kernel panic - not syncing'
	b_keys q
else
	t_skip "convert is not available"
fi

# ---- every sample of `make samples`
for s in "$FA_BUILD"/samples/*/proc/vmcore; do
	[ -e "$s" ] || continue
	r=${s%/proc/vmcore}
	b_start "$r"
	b_expect "sample ${r##*/}: opens" '^ 1:Map'
	b_keys 4 5 6 3 q
	b_expect "sample ${r##*/}: every pane, quits" '^rc=0$'
done

t_done
