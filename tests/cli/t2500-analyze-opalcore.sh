#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t2500-analyze-opalcore: `fadump-analyze opalcore` on opalcores written
# here byte by byte from fadump-kernel-formats.md §4.9 (not by our writer):
# OPAL base, boot entry, regions, threads by PIR, the crashing PIR and its
# signal, and one-line errors for broken files.
. "$(dirname "$0")/lib.sh"

mkcore() {	# OUT [crashing-signal] [mutation]
	/usr/bin/python3 - "$@" <<'PY'
import struct, sys
out = sys.argv[1]
sig = int(sys.argv[2]) if len(sys.argv) > 2 else 10
mut = sys.argv[3] if len(sys.argv) > 3 else ""
base, entry = 0x30000000, 0x30000100
regions = [0x1000, 0x2000]
threads = [(0x20, 0), (0x24, 0), (0x2c, 0x0F), (0x28, 0)]	# (PIR, core_state)
crashing = 0x24
n = len(regions)
hdr_size = 64 + 56 * (n + 1)
notes_size = len(threads) * (12 + 8 + 504) + (12 + 8 + 24)
buf_sz = (hdr_size + notes_size + 0xffff) & ~0xffff
def note(t, desc):
    return struct.pack(">III", 5, len(desc), t) + b"CORE\0\0\0\0" + desc
def prstatus(pir, cursig):
    regs = [0] * 48
    for i in range(32):
        regs[i] = (pir << 32) | i
    regs[32] = base + 0x1000 + pir		# nip
    regs[33] = 0x9000000000001002		# msr
    regs[36] = base + 0x2000 + pir		# link
    d = struct.pack(">iii", 0, 0, 0) + struct.pack(">h", cursig) + b"\0\0"
    d += b"\0" * 16 + struct.pack(">ii", 100 + pir, 1) + b"\0" * 8 + b"\0" * 64
    d += struct.pack(">48Q", *regs) + b"\0" * 8
    assert len(d) == 504
    return note(1, d)
notes = prstatus(crashing, sig)
for pir, cs in threads:
    if cs == 0x0F or pir == crashing:
        continue
    notes += prstatus(pir, 0)
notes += note(6, struct.pack(">QQQ", 9, entry, 0))
notes = notes.ljust(notes_size, b"\0")
eh = b"\x7fELF" + bytes([2, 2, 1, 0]) + b"\0" * 8
eh += struct.pack(">HHIQQQIHHHHHH", 4, 21, 1, 0, 64, 0, 0, 64, 56, n + 1, 0, 0, 0)
ph = struct.pack(">IIQQQQQQ", 4, 0, hdr_size, 0, 0, notes_size, notes_size, 0)
off, rel = buf_sz, 0
for size in regions:
    ph += struct.pack(">IIQQQQQQ", 1, 7, off, base + rel, rel, size, size, 0)
    off += size
    rel += size
data = bytearray(eh + ph + notes)
if mut == "truncate-notes":
    data = data[:hdr_size + 700]
    open(out, "wb").write(data)
    sys.exit(0)
if mut == "auxv-odd":
    i = data.find(struct.pack(">III", 5, 24, 6))
    data[i + 4:i + 8] = struct.pack(">I", 20)
data = data.ljust(buf_sz, b"\0")
for k, size in enumerate(regions):
    data += bytes([0x40 + k]) * size
open(out, "wb").write(data)
PY
}

oc=$T_TMP/opalcore
mkcore "$oc"
t_run fadump-analyze opalcore "$oc"
t_is "$T_RC" 0 "opalcore exits 0"
t_like "$T_OUT" '^OPAL base: +0x30000000$' "OPAL base = p_vaddr - p_paddr"
t_like "$T_OUT" '^OPAL boot entry: +0x30000100$' "boot entry from AT_ENTRY"
t_like "$T_OUT" '^Crashing PIR: +0x24 \(SIGUSR1: kernel-initiated\)$' "crashing PIR and signal"
t_like "$T_OUT" '^Threads: +3$' "three active threads"
t_like "$T_OUT" '^ *1 +0x11000 +0x1000 +0x30001000 +8 KiB$' "second region: relative and OPAL address"
t_like "$T_OUT" '^ *0x28 +- +0x30001028 +0x30002028 +0x2800000001$' "thread PIR 0x28: NIP, LR, R1"
t_unlike "$T_OUT" '0x2c' "the inactive thread has no note"
width=$(printf '%s\n' "$T_OUT" | awk '{ if (length > m) m = length } END { print m }')
t_ok "output fits 80 columns ($width)" test "$width" -le 80

t_run fadump-analyze opalcore -r "$oc"
t_like "$T_OUT" '^  GPR00: 0000002400000000 0000002400000001 ' "-r prints the crashing thread's GPRs"

t_run fadump-analyze opalcore --json "$oc"
t_is "$T_RC" 0 "--json exits 0"
got=$(printf '%s' "$T_OUT" | /usr/bin/python3 -c '
import json, sys
j = json.load(sys.stdin)
print(j["opal_base"], j["opal_boot_entry"], j["crashing_pir"], j["kernel_initiated"],
      [t["pir"] for t in j["threads"]], j["threads"][2]["pt_regs"]["nip"],
      [r["rel_addr"] for r in j["regions"]])')
t_is "$got" "0x30000000 0x30000100 36 True [36, 32, 40] 0x30001028 ['0x0', '0x1000']" "JSON fields"

mkcore "$oc.term" 15
t_run fadump-analyze opalcore "$oc.term"
t_like "$T_OUT" '^Crashing PIR: +0x24 \(SIGTERM: not kernel-initiated\)$' "SIGTERM: not kernel-initiated"

mkcore "$oc.trunc" 10 truncate-notes
t_run fadump-analyze opalcore "$oc.trunc"
t_is "$T_RC" 1 "truncated notes: exit 1"
t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "truncated notes: one line"
t_like "$T_ERR" "^fadump-analyze: .*opalcore.trunc: " "truncated notes: names the file"

mkcore "$oc.auxv" 10 auxv-odd
t_run fadump-analyze opalcore "$oc.auxv"
t_is "$T_RC" 1 "odd NT_AUXV size: exit 1"
t_like "$T_ERR" "NT_AUXV note at 0x[0-9a-f]+: 20 bytes, not a multiple of 8" "odd NT_AUXV size: message"

t_run fadump-analyze opalcore "$T_TMP/nonexistent"
t_is "$T_RC" 1 "missing file: exit 1"
t_run fadump-analyze opalcore
t_is "$T_RC" 2 "no FILE: usage error"
t_done
