#!/usr/bin/env bash
# t7000-analyze-save.sh - fadump-analyze save on a copy of every sample's
# capture root: a complete dump directory (files 0600, the manifest's sizes
# and sha256 right), a vmcore that reads back page for page against
# proc/vmcore through libkdumpfile and that every subcommand reads, and a
# root whose sys/ is byte for byte what the model shows after the same
# release writes made with fadump-kernel sysfs on a second copy.
. "$(dirname "$0")/lib.sh"

CMP="$FA_SRC/tests/cli/convert_pagecmp.py"

# json_releases FILE: "FILE<TAB>VALUE" per release write of a --json summary
json_releases() {
	python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["releases"]:
    print(r["file"] + "\t" + r["value"])' "$1"
}

for name in pseries-le-64k pseries-be-4k phyp powernv-le holes; do
	src=$FA_BUILD/samples/$name
	if [ ! -e "$src/proc/vmcore" ]; then
		t_skip "$name: no sample"
		continue
	fi
	root=$T_TMP/root-$name
	ctl=$T_TMP/ctl-$name
	dest=$T_TMP/dest-$name
	cp -a "$src" "$root"
	cp -a "$src" "$ctl"
	t_run fadump-analyze save --json "$root" "$dest"
	t_is "$T_RC" 0 "$name: save exits 0 ($T_ERR)"
	printf '%s\n' "$T_OUT" >"$T_TMP/$name.json"
	t_like "$T_OUT" '"schema": "fadump-analyze/save/1"' "$name: --json summary with its schema"
	t_like "$T_OUT" '"status": "saved"' "$name: status saved"
	for f in vmcore vmcore-dmesg.txt manifest; do
		t_ok "$name: $f written" test -f "$dest/$f"
	done
	case $name in
	powernv-le) t_files_equal "$dest/opalcore" "$src/sys/firmware/opal/mpipl/core" "$name: opalcore saved as it is" ;;
	phyp) t_files_equal "$dest/sysfs/release_region" "$src/sys/kernel/release_region" "$name: release_region kept" ;;
	*) t_files_equal "$dest/fadump_region" "$src/sys/kernel/debug/powerpc/fadump_region" "$name: fadump_region kept" ;;
	esac
	t_ok "$name: device tree rtas or ibm,opal kept" \
		sh -c "test -d '$dest/device-tree/rtas' || test -d '$dest/device-tree/ibm,opal'"
	t_is "$(find "$dest" -type f ! -perm 0600 | wc -l)" 0 "$name: every file 0600"
	t_is "$(stat -c %a "$dest")" 700 "$name: DESTDIR 0700"
	t_is "$(find "$dest" -name '.*' -o -name '*.partial' | wc -l)" 0 "$name: no temporary left"
	# the manifest: "SIZE SHA256 NAME", every file of the directory
	t_is "$(manifest_bad "$dest")" "" "$name: manifest sizes and sha256 match"
	t_is "$(cd "$dest" && find . -type f ! -name manifest | sed 's|^\./||' | sort)" \
		"$(cut -d' ' -f3 "$dest/manifest" | sort)" "$name: manifest lists every file"
	t_run "$CMP" "$src/proc/vmcore" "$dest/vmcore" --excluded-ok
	t_is "$T_RC" 0 "$name: vmcore page for page equal to proc/vmcore (libkdumpfile: $T_OUT)"
	for sub in info regions cpus dmesg; do
		t_run fadump-analyze $sub "$dest/vmcore"
		t_is "$T_RC" 0 "$name: $sub reads the saved vmcore ($T_ERR)"
	done
	t_run fadump-analyze dmesg "$src"
	printf '%s\n' "$T_OUT" >"$T_TMP/$name.dmesg"
	t_files_equal "$dest/vmcore-dmesg.txt" "$T_TMP/$name.dmesg" "$name: vmcore-dmesg.txt is the dump's log"
	# the same writes on the control copy, through the model
	case $name in
	powernv-le) writes=$(printf 'sys/firmware/opal/mpipl/release_core\t1\nrelease_mem\t1') ;;
	phyp) writes=$(json_releases "$T_TMP/$name.json") ;;
	*) writes=$(printf 'release_mem\t1') ;;
	esac
	t_is "$(json_releases "$T_TMP/$name.json" | sed 's|^release_core|sys/firmware/opal/mpipl/release_core|')" \
		"$writes" "$name: the release writes expected"
	while IFS=$'\t' read -r f v; do
		fadump-kernel sysfs "$ctl" "$f" "$v" || echo "# control write $f $v failed"
	done <<<"$writes"
	t_run diff -r "$root/sys" "$ctl/sys"
	t_is "$T_OUT" "" "$name: ROOT's sys/ is what the model shows after the same writes"
	t_ok "$name: the released dump is gone from ROOT" test ! -e "$root/proc/vmcore"
done

# phyp: the writes give back exactly what release_region lists (the model
# re-registers, and drops the vmcore, only then), in ranges never ahead of
# the data synced before them.
if [ -f "$T_TMP/phyp.json" ]; then
	cat >"$T_TMP/cover.py" <<'PY'
import json, re, sys
rel = json.load(open(sys.argv[1]))["releases"]
text = open(sys.argv[2]).read()
nums = [int(x, 16) for x in re.findall(r"0x[0-9a-f]+", text)]
want = sorted(zip(nums[0::2], nums[1::2]))
got = []
for r in rel:
    a, n = (int(x, 16) for x in r["value"].split())
    got.append((a, n))
    if r["durable_below"] != "all" and int(r["durable_below"], 16) < a + n:
        print("ahead", r)
# each listed range is tiled exactly by the pieces written inside it (the
# model's ranges overlap: a piece that is a listed range belongs to it)
ok = sum(n for _, n in got) == sum(n for _, n in want)
for a, n in want:
    pos = a
    for pa, pn in sorted(p for p in got if a <= p[0] < a + n and
                         (p == (a, n) or p not in want)):
        ok = ok and pa == pos
        pos = pa + pn
    ok = ok and pos == a + n
print(ok, len(rel))
PY
	t_run python3 "$T_TMP/cover.py" "$T_TMP/phyp.json" "$FA_BUILD/samples/phyp/sys/kernel/release_region"
	t_like "$T_OUT" '^True [0-9]+$' "phyp: the writes cover exactly release_region's ranges ($T_OUT)"
fi

t_done
