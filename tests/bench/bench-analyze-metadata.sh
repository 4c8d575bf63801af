#!/usr/bin/env bash
# bench-analyze-metadata.sh BUILD - `fadump-analyze info` and `regions` on a
# 1 TiB sparse ppc64le vmcore (FADump layout: boot memory, REGSAVE segment,
# crash-info header, then the rest of RAM).  They read headers and firmware
# sections only, so each must finish well under a second.  Prints one line
# per command; exits 1 when one takes a second or more.
set -euo pipefail
build=${1:?usage: bench-analyze-metadata.sh BUILD}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fa-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp/vmcore" <<'PY'
import struct, sys
TIB = 1 << 40
PAGE = 0x10000
boot, cpu, hdr = 0x14000000, 0x14000000, 0x28050000
vi = b"OSRELEASE=6.10.0-bench\nPAGESIZE=65536\nCRASHTIME=1713286363\n"
note = struct.pack('<III', 11, len(vi), 0) + b'VMCOREINFO\0\0' + vi
note += b'\0' * (-len(note) % 4)
loads = [(0, boot), (cpu, 0x50000), (hdr, 0x10000), (hdr + 0x10000, TIB - hdr - 0x10000)]
nph = 1 + len(loads)
off = PAGE
ph = [struct.pack('<IIQQQQQQ', 4, 0, off, 0, 0, len(note), len(note), 4)]
data = [(off, note)]
off = 2 * PAGE
for pa, sz in loads:
    ph.append(struct.pack('<IIQQQQQQ', 1, 7, off, pa + (0xc << 60), pa, sz, sz, 0))
    if pa == cpu:
        rs = b'REGSAVE\0' + struct.pack('>II', 0, 16) + struct.pack('>I', 1)
        rs += b'CPUSTRT\0' + struct.pack('>Q', 0) + b'CPUEND\0\0' + struct.pack('>Q', 0)
        data.append((off, rs))
    if pa == hdr:
        h = struct.pack('<QIIQQII', 0x4641444D50534947, 1, 0, 0, 0, 384, 8)
        data.append((off, h + b'\0' * 384 + struct.pack('<Q', 1)))
    off += sz
eh = b'\x7fELF\x02\x01\x01' + b'\0' * 9
eh += struct.pack('<HHIQQQIHHHHHH', 4, 21, 1, 0, 64, 0, 2, 64, 56, nph, 0, 0, 0)
with open(sys.argv[1], 'wb') as f:
    f.write(eh + b''.join(ph))
    for o, d in data:
        f.seek(o); f.write(d)
    f.truncate(off)
PY

fail=0
for cmd in info regions; do
	start=$(date +%s%N)
	"$build/fadump-analyze" $cmd "$tmp/vmcore" >/dev/null
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	echo "fadump-analyze $cmd on a 1 TiB sparse vmcore: ${ms} ms"
	[ "$ms" -lt 1000 ] || fail=1
done
exit $fail
