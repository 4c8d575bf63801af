#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t2520-analyze-dmesg: `fadump-analyze dmesg` equals the records the kernel
# model planted in the printk ring, as decoded independently here
# (analyze_oracle.py: VMCOREINFO + libkdumpfile reads), in both byte
# orders; dmesg formatting options; broken VMCOREINFO gives one line.
. "$(dirname "$0")/lib.sh"

O=$FA_SRC/tests/cli/analyze_oracle.py
M=(--ram 768M --cpus 4 --content zero=90,text=5,struct=5,random=0 --cmdline fadump=on)

for e in le be; do
	root=$T_TMP/root-$e
	t_run fadump-kernel crash "${M[@]}" --endian $e --crashing-cpu 3 -o "$root"
	t_is "$T_RC" 0 "$e: fadump-kernel crash"
	fadump-analyze dmesg --json "$root" >"$T_TMP/dmesg-$e.json"
	t_is "$?" 0 "$e: dmesg --json exits 0"
	t_run /usr/bin/python3 "$O" dmesg "$T_TMP/dmesg-$e.json" "$root/proc/vmcore"
	t_is "$T_RC" 0 "$e: records equal the ring ($T_OUT)"
	t_run fadump-analyze dmesg "$root"
	t_is "$T_RC" 0 "$e: dmesg exits 0"
	t_like "$T_OUT" '^\[ +31\.[0-9]{6}\] Kernel panic - not syncing: ' "$e: panic record with its time stamp"
	t_like "$T_OUT" '^\[ +[0-9]+\.[0-9]{6}\] CPU: 3 PID: 1 ' "$e: the crashing CPU's record"
	t_like "$T_OUT" '^\[ +[0-9]+\.[0-9]{6}\] Call Trace:$' "$e: a multi-line record's later lines have its prefix, as the console prints them"
	t_like "$T_OUT" '^\[ +0\.[0-9]{6}\] Kernel command line: fadump=on$' "$e: boot record"
	n=$(printf '%s\n' "$T_OUT" | grep -Ec '^\[ +[0-9]+\.[0-9]{6}\] ')
	t_is "$n" "$(/usr/bin/python3 -c 'import json,sys
print(sum(r["text"].count("\n") + 1 for r in json.load(open(sys.argv[1]))["records"]))' "$T_TMP/dmesg-$e.json")" \
		"$e: one time-stamped line per line of each record"
done

# The older logs (--printk): the same records, read from the 3.5-5.9
# struct printk_log ring and from the character ring of 2.6 (each line
# "<level>[time] text" as stored).  Texts equal the lockless ring's.
strip_ts() { sed -E 's/^(<[0-7]>)?\[ *[0-9]+\.[0-9]{6}\] //; s/(2\.6\.36|5\.9\.0|6\.10\.0)-fadump/REL-fadump/g'; }
fadump-analyze dmesg "$T_TMP/root-be" | strip_ts >"$T_TMP/lockless.txt"
for f in records plain; do
	root=$T_TMP/root-$f
	t_run fadump-kernel crash "${M[@]}" --endian be --crashing-cpu 3 --printk $f -o "$root"
	t_is "$T_RC" 0 "$f: fadump-kernel crash"
	t_run fadump-analyze dmesg "$root"
	t_is "$T_RC" 0 "$f: dmesg exits 0"
	printf '%s\n' "$T_OUT" | strip_ts >"$T_TMP/$f.txt"
	t_files_equal "$T_TMP/lockless.txt" "$T_TMP/$f.txt" "$f: the lockless ring's texts"
done
t_like "$(cat "$T_TMP/root-records/proc/vmcore" | strings | grep -m1 'SIZE(printk_log)')" 'SIZE\(printk_log\)=[0-9]+' "records: VMCOREINFO describes struct printk_log"
t_run fadump-analyze dmesg "$T_TMP/root-records"
t_like "$T_OUT" '^\[ +31\.[0-9]{6}\] Kernel panic - not syncing: ' "records: time stamps"
t_run fadump-analyze dmesg "$T_TMP/root-plain"
t_like "$T_OUT" '^<0>\[ +31\.[0-9]{6}\] Kernel panic - not syncing: ' "plain: level and time as stored"
t_like "$T_OUT" '^<4>\[ +31\.[0-9]{6}\] Call Trace:$' "plain: every line has its prefix"
t_run fadump-analyze dmesg "$FA_BUILD/samples/phyp"
t_like "$T_OUT" '^<5>\[ +0\.[0-9]{6}\] Linux version 2\.6\.36-' "phyp sample: a 2.6.36 character log"

root=$T_TMP/root-le
t_run fadump-analyze dmesg -x "$root"
t_like "$T_OUT" '^kern  :emerg : \[ +31\.[0-9]{6}\] Kernel panic' "-x: facility and level"
t_run fadump-analyze dmesg -r "$root"
t_like "$T_OUT" '^<0>\[ +31\.[0-9]{6}\] Kernel panic' "-r: raw level prefix"
t_run fadump-analyze dmesg --caller "$root"
t_like "$T_OUT" '\[ *C3\] Kernel panic' "--caller: the CPU that printed"

# kdump-compressed input: the same records, read through libkdumpfile.
t_run fadump-analyze convert -z "$root" "$T_TMP/le.kdump"
if [ "$T_RC" = 0 ]; then
	fadump-analyze dmesg --json "$T_TMP/le.kdump" >"$T_TMP/dmesg-kdump.json"
	t_is "$?" 0 "kdump-compressed: dmesg --json exits 0"
	t_files_equal "$T_TMP/dmesg-kdump.json" "$T_TMP/dmesg-le.json" "kdump-compressed: same records as the ELF vmcore"
else
	t_skip "convert failed: $T_ERR"
fi

# VMCOREINFO without a printk offset: one line naming the key.
cp --sparse=always -r "$root" "$T_TMP/bad"
t_run /usr/bin/python3 "$O" patch "$T_TMP/bad/proc/vmcore" \
	"OFFSET(prb_desc_ring.count_bits)" "OFFSET(prb_desc_ring.count_bitX)"
t_run fadump-analyze dmesg "$T_TMP/bad"
t_is "$T_RC" 1 "printk offset missing: exit 1"
t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "printk offset missing: one line"
t_like "$T_ERR" '^fadump-analyze: .*vmcore: kernel log: .*prb_desc_ring\.count_bits' "printk offset missing: names the key"
# ... and without SYMBOL(prb) nor the older keys.
t_run /usr/bin/python3 "$O" patch "$T_TMP/bad/proc/vmcore" "SYMBOL(prb)=" "SYMBOL(prX)="
t_run fadump-analyze dmesg "$T_TMP/bad"
t_is "$T_RC" 1 "no printk symbol: exit 1"
t_like "$T_ERR" 'log_buf' "no printk symbol: names what is missing"

t_run fadump-analyze dmesg "$FA_SRC/README.md"
t_is "$T_RC" 1 "not a dump: exit 1"
t_run fadump-analyze dmesg
t_is "$T_RC" 2 "no DUMP: usage error"
t_done
