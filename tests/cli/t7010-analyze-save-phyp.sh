#!/usr/bin/env bash
# t7010-analyze-save-phyp.sh - save on a phyp dump gives memory back
# during the save, range by range, never ahead of the data: each release
# comes after the pages below the range's end were synced, the model's
# vmcore shrinks step by step, and a kill -9 after any number of releases
# leaves every released page readable (libkdumpfile) from the synced file
# DESTDIR/vmcore.partial (or the complete vmcore), equal to the original.
. "$(dirname "$0")/lib.sh"

CHECK="$FA_SRC/tests/cli/save_released_check.py"
src=$FA_BUILD/samples/phyp
if [ ! -e "$src/proc/vmcore" ]; then
	t_skip "no phyp sample"
	t_done
	exit
fi

# released ROOT: the "ADDR LEN" pairs the model accepted, in order
released() {
	awk 'w == 2 { print; w = 0; next } w == 1 { w = 2; next }
	     $0 == "--sysfs-write" { w = 1 }' "$1/.fadump-kernel/state"
}

# A whole save in 128 MiB pieces: releases during the save.
root=$T_TMP/root
cp -a "$src" "$root"
t_run fadump-analyze save --json -d 0 --release-chunk 256M "$root" "$T_TMP/dest"
t_is "$T_RC" 0 "save exits 0 ($T_ERR)"
printf '%s\n' "$T_OUT" >"$T_TMP/s.json"
t_run python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["releases"]
during = [x for x in r if x["during_save"]]
ahead = [x for x in during
         if int(x["durable_below"], 16) < sum(int(v, 16) for v in x["value"].split())]
print(len(during), len(r) - len(during), len(ahead))' "$T_TMP/s.json"
t_like "$T_OUT" '^([2-9]|[1-9][0-9]+) [0-9]+ 0$' "several releases during the save, none ahead of the synced data ($T_OUT)"
t_is "$(released "$root" | wc -l)" "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["releases"]))' "$T_TMP/s.json")" \
	"the model accepted every release write"

# The model's vmcore shrinks with each release: replay the first writes
# one by one on a copy and watch its PT_LOAD bytes go down.
loadbytes() {
	python3 -c 'import sys
sys.path.insert(0, sys.argv[1])
from elfphdrs import PT_LOAD, open_elf
m, _, ph = open_elf(sys.argv[2])
print(sum(p.filesz for p in ph if p.type == PT_LOAD))' "$FA_SRC/tests/cli" "$1/proc/vmcore"
}
ctl=$T_TMP/ctl
cp -a "$src" "$ctl"
sizes=$(loadbytes "$ctl")
n=0
while read -r a l; do
	n=$((n + 1))
	[ $n -gt 2 ] && break
	fadump-kernel sysfs "$ctl" release_region "$a $l" >/dev/null
	sizes="$sizes $(loadbytes "$ctl")"
done < <(released "$root")
t_ok "the model's vmcore shrinks with each release ($sizes)" \
	python3 -c 'import sys; v = [int(x) for x in sys.argv[1:]]; sys.exit(not (len(v) == 3 and v[0] > v[1] > v[2]))' $sizes

# kill -9 after N releases: the released pages are all in a synced file.
for n in 1 2; do
	r=$T_TMP/kroot$n
	d=$T_TMP/kdest$n
	cp -a "$src" "$r"
	t_run env FA_SAVE_TEST_KILL_AFTER=$n fadump-analyze save -d 0 --release-chunk 256M "$r" "$d"
	t_is "$T_RC" 137 "kill -9 after $n releases: the save died"
	t_is "$(released "$r" | wc -l)" "$n" "kill after $n: $n ranges released"
	t_ok "kill after $n: the vmcore is not complete yet" test ! -e "$d/vmcore"
	t_ok "kill after $n: no manifest" test ! -e "$d/manifest"
	saved=$d/vmcore.partial
	t_run "$CHECK" "$src/proc/vmcore" "$saved" $(released "$r")
	t_is "$T_RC" 0 "kill after $n: every released page is in $saved ($T_OUT)"
done
# a second save into that directory never removes the released pages
t_run fadump-analyze save -f -d 0 "$T_TMP/kroot1" "$T_TMP/kdest1"
t_is "$T_RC" 1 "a save into a directory with vmcore.partial is refused, even with -f"
t_like "$T_ERR" 'vmcore.partial: holds pages an interrupted save released' "it says why ($T_ERR)"
t_ok "vmcore.partial kept" test -f "$T_TMP/kdest1/vmcore.partial"

# the check can fail: a range the save had not reached is not in the file
t_run "$CHECK" "$src/proc/vmcore" "$T_TMP/kdest1/vmcore.partial" 0x2c000000 0x1000000
t_is "$T_RC" 1 "the checker refuses a range beyond the synced data ($T_OUT)"

t_done
