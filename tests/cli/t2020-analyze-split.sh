#!/usr/bin/env bash
# t2020-analyze-split.sh - fadump-analyze split: every section file equals
# the machine's bytes at its physical address (--save-machine), files are
# 0600, the manifest's sha256 are right, nothing is left on failure.
. "$(dirname "$0")/lib.sh"

M=(--ram 1G --cpus 4 --content zero=80,text=5,struct=5,random=10 --cmdline fadump=on)
CMP="$FA_SRC/tests/cli/analyze_physcmp.py"

for cfg in "le --page-size 64K" "exact --mainline-exact" "f-hpte --fault hpte-size=0x3000"; do
	set -- $cfg
	n=$1; shift
	root=$T_TMP/$n
	t_run fadump-kernel crash "${M[@]}" "$@" --save-machine "$T_TMP/$n.m" -o "$root"
	t_is "$T_RC" 0 "sample $n"
	t_run fadump-analyze split "$root" -o "$T_TMP/out-$n"
	t_is "$T_RC" 0 "$n: split exits 0 ($T_ERR)"
	t_run /usr/bin/python3 "$CMP" "$T_TMP/$n.m" "$T_TMP/out-$n/manifest.json" "$T_TMP/out-$n"
	t_is "$T_RC" 0 "$n: files equal the machine's bytes ($(echo $T_OUT))"
done
t_like "$(cat "$T_TMP/out-le/manifest.json")" '"section": "cpu_state"' "manifest names the CPU state area"
for f in cpu_state hpte boot_memory crash_info registration; do
	t_ok "le: $f.bin written" test -s "$T_TMP/out-le/$f.bin"
	t_is "$(stat -c %a "$T_TMP/out-le/$f.bin")" 600 "le: $f.bin is 0600"
done
t_files_equal "$T_TMP/out-le/registration.bin" "$T_TMP/le/proc/device-tree/rtas/ibm,kernel-dump" \
	"registration structure is ibm,kernel-dump"

t_run fadump-analyze split --json "$T_TMP/le" -o "$T_TMP/out-json"
t_ok "split --json prints the manifest" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$T_OUT"
t_run fadump-analyze split "$T_TMP/le"
t_is "$T_RC" 2 "split without -o: exit 2"

# A failure leaves no file under its final name.
python3 - "$T_TMP/le/proc/vmcore" "$T_TMP/plain" <<'PY'
import struct, sys
b = open(sys.argv[1], 'rb').read(64 + 56 * 8)
# an ELF core with one PT_NOTE and one empty PT_LOAD: no FADump sections
eh = bytearray(b[:64]); struct.pack_into('<H', eh, 56, 1)
ph = struct.pack('<IIQQQQQQ', 1, 7, 0x1000, 0, 0, 0x1000, 0x1000, 0)
open(sys.argv[2], 'wb').write(bytes(eh) + ph + bytes(0x2000 - 120))
PY
t_run fadump-analyze split "$T_TMP/plain" -o "$T_TMP/out-plain"
t_is "$T_RC" 1 "plain vmcore: exit 1"
t_like "$T_ERR" '^fadump-analyze: .*plain: no FADump firmware sections' "plain vmcore: says why"
t_ok "plain vmcore: nothing written" test ! -e "$T_TMP/out-plain/manifest.json"
t_done
