#!/usr/bin/env bash
# t2010-analyze-regions.sh - fadump-analyze regions: the region map,
# --kernel-format equal to the capture root's fadump_region on every
# sample kind and on fault-injected firmware data, cross-checks that name
# each disagreement, --json.
. "$(dirname "$0")/lib.sh"

M=(--ram 1G --cpus 4 --content zero=90,text=5,struct=5,random=0 --cmdline fadump=on)
REG=sys/kernel/debug/powerpc/fadump_region

sample() {	# name options...
	local n=$1; shift
	t_run fadump-kernel crash "${M[@]}" "$@" -o "$T_TMP/$n"
	t_is "$T_RC" 0 "sample $n"
}
sample le
sample be --endian be --era pre-6.10 --page-size 4K
sample exact --mainline-exact
sample memmap --ram 2G --memmap 0:0x30000000,0x40000000:0x40000000
sample f-missing --fault missing-cpu=1
sample f-extra --fault extra-cpu=1
sample f-hpte --fault hpte-size=0x2000
sample f-cpu --fault cpu-size=0x80000
sample nv --platform powernv --ram 2G

for n in le be exact memmap f-missing f-extra f-hpte f-cpu nv; do
	[ -e "$T_TMP/$n/proc/vmcore" ] || { t_skip "$n: no vmcore"; continue; }
	t_run fadump-analyze regions --kernel-format "$T_TMP/$n"
	t_is "$T_RC" 0 "$n: --kernel-format exits 0 ($T_ERR)"
	printf '%s\n' "$T_OUT" > "$T_TMP/$n.kf"
	t_files_equal "$T_TMP/$n.kf" "$T_TMP/$n/$REG" "$n: --kernel-format equals fadump_region"
	t_run fadump-analyze regions "$T_TMP/$n"
	t_is "$T_RC" 0 "$n: regions exits 0"
	t_like "$T_OUT" "^Agrees with .*fadump_region\$" "$n: cross-check agrees"
	t_unlike "$T_OUT" '.{81}' "$n: fits 80 columns"
done

t_run fadump-analyze regions "$T_TMP/le"
t_like "$T_OUT" '^boot memory 0 +0x0 +0x13ffffff +320 MiB +copy at 0x14050000$' "boot region: source -> copy"
t_like "$T_OUT" '^CPU state data +0x14000000 +0x1404001f ' "CPU state data"
t_like "$T_OUT" '^HPTE region +0x14040020 +0x1404101f +4 KiB$' "HPTE region"
t_like "$T_OUT" '^boot memory copy +0x14050000 +0x2804ffff ' "boot-memory copy"
t_like "$T_OUT" '^crash-info header +0x28050000 +0x280502a7 +680 B$' "crash-info header"
t_like "$T_OUT" '^param area +0x3ffff800 +0x3fffffff +2 KiB$' "PARAM area"
t_run fadump-analyze regions "$T_TMP/memmap"
t_like "$T_OUT" '^hole +0x30000000 +0x3fffffff +256 MiB$' "memmap: the hole in RAM"
t_like "$T_OUT" '^memory +0x40000000 +0x7ffff7ff ' "memmap: memory above the hole"

# A region file that disagrees: every difference named, exit 1.
sed -e 's/Dumped: 0x40020/Dumped: 0x40000/' -e 's/Dest: 0x00000014050000/Dest: 0x00000014060000/' \
	"$T_TMP/le/$REG" > "$T_TMP/bad-region"
t_run fadump-analyze regions --region-file "$T_TMP/bad-region" "$T_TMP/le"
t_is "$T_RC" 1 "disagreeing region file: exit 1"
t_like "$T_OUT" '^2 disagreements with .*bad-region:$' "counts the disagreements"
t_like "$T_OUT" '^section 0 \(CPU\): bytes dumped is 0x40020 in the dump, 0x40000 in ' "names the CPU bytes-dumped difference"
t_like "$T_OUT" '^section 2 \(DUMP\): destination is 0x14050000 in the dump, 0x14060000 in ' "names the destination difference"
: > "$T_TMP/empty-region"
t_run fadump-analyze regions --region-file "$T_TMP/empty-region" "$T_TMP/le"
t_like "$T_OUT" 'is empty \(fadump not enabled\)' "empty region file named"

# --fdm: another registration structure to compare with.
python3 - "$T_TMP/le/proc/device-tree/rtas/ibm,kernel-dump" "$T_TMP/fdm" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[40 + 40 * 1 + 16 + 7] ^= 0x10     # HPTE source_len, low byte
open(sys.argv[2], 'wb').write(b)
PY
t_run fadump-analyze regions --fdm "$T_TMP/fdm" "$T_TMP/le"
t_is "$T_RC" 1 "disagreeing --fdm: exit 1"
t_like "$T_OUT" '^section 1 \(HPTE\): size is 0x1000 in .*ibm,kernel-dump, 0x1010 in .*fdm$' "names the --fdm difference"

t_run fadump-analyze regions --json "$T_TMP/le"
t_ok "regions --json is JSON" python3 -c 'import json,sys; json.loads(sys.argv[1])' "$T_OUT"
t_like "$T_OUT" '"kind": "boot_copy"' "JSON kinds"
t_like "$T_OUT" '"agrees": true' "JSON cross-check"
# The legacy phyp sample: sections from ibm,kernel-dump, no header.
P=$FA_BUILD/samples/phyp
if [ -e "$P/proc/vmcore" ]; then
	t_run fadump-analyze regions "$P"
	t_is "$T_RC" 0 "phyp: regions exits 0"
	t_like "$T_OUT" '^legacy phyp dump, sections from ibm,kernel-dump' "phyp: regions heading"
	t_like "$T_OUT" '^CPU state data +0x2ffb0000 +0x2fff001f' "phyp: CPU state section"
	t_like "$T_OUT" '^HPTE region +0x2fff0020 +0x2fff101f' "phyp: HPTE section"
	t_like "$T_OUT" '^boot memory copy +0x2fff1020 +0x3fff101f +256 MiB' "phyp: RMO copy"
	t_unlike "$T_OUT" 'crash-info' "phyp: no crash-info header region"
fi
# Pre-6.10 PowerNV: no OPAL metadata in the vmcore; the root's opalcore
# names the platform and fadump_region the boot region.
sample nv-old --platform powernv --era pre-6.10 --ram 2G
t_run fadump-analyze regions "$T_TMP/nv-old"
t_like "$T_OUT" "^FADump PowerNV, sections from magic scan, PowerNV by the root's opalcore, boot_mem_top 0x30000000\$" "pre-6.10 PowerNV: heading names the evidence"
t_like "$T_OUT" '^boot memory 0 +0x0 +0x2fffffff +768 MiB +copy at 0x338c0000$' "pre-6.10 PowerNV: boot region"
t_like "$T_OUT" '^boot memory copy +0x338c0000 +0x638bffff +768 MiB' "pre-6.10 PowerNV: boot-memory copy"
t_like "$T_OUT" '^crash-info header +0x638c0000 +0x638c0297 +664 B$' "pre-6.10 PowerNV: crash-info header"
t_like "$T_OUT" '^Not compared with .*/fadump_region: it lists 1 sections and the dump keeps no registration structure' \
	"pre-6.10 PowerNV: fadump_region not compared (nothing in the dump to compare it with)"
t_is "$T_RC" 0 "pre-6.10 PowerNV: not compared is not a disagreement (exit 0)"
t_run fadump-analyze regions --json "$T_TMP/nv-old"
t_like "$T_OUT" '"platform": "FADump PowerNV"' "pre-6.10 PowerNV: JSON platform"
t_like "$T_OUT" '"agrees": null' "pre-6.10 PowerNV: JSON cross-check agrees is null"
t_run fadump-analyze regions "$T_TMP/nv-old/proc/vmcore"
t_like "$T_OUT" '^FADump \(platform not recorded in the dump\), sections from magic scan$' "pre-6.10 PowerNV vmcore alone: no platform claimed"

# --mainline-exact cuts the reserved area's metadata from the vmcore: it is
# named after what it is, not drawn as a hole
sample exact-old --mainline-exact --era pre-6.10
for n in exact exact-old; do
	t_run fadump-analyze regions "$T_TMP/$n"
	t_unlike "$T_OUT" '^hole ' "$n: no hole"
done
t_like "$T_OUT" '^header, elfcorehdr +0x[0-9a-f]+ +0x[0-9a-f]+ +64 KiB +not in dump$' \
	"pre-6.10 --mainline-exact: the crash-info header and the elfcorehdr, one page, not in the dump"
t_run fadump-analyze regions "$T_TMP/exact"
t_like "$T_OUT" '^crash-info header +0x[0-9a-f]+ +0x[0-9a-f]+ +[0-9]+ B +not in dump$' \
	"6.10 --mainline-exact: the crash-info header, not in the dump"
t_run fadump-analyze regions --json "$T_TMP/exact-old"
t_like "$T_OUT" '"kind": "crash_info_elfcorehdr"' "pre-6.10 --mainline-exact: JSON kind crash_info_elfcorehdr"
t_done
