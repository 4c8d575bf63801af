#!/usr/bin/env bash
# t2040-analyze-kdump.sh - a kdump-compressed DUMP (read through
# libkdumpfile): info, the magic scan over merged page runs, split bytes
# equal to the saved machine.
. "$(dirname "$0")/lib.sh"

M=(--ram 1G --cpus 4 --content zero=80,text=5,struct=5,random=10 --cmdline fadump=on)
CMP="$FA_SRC/tests/cli/analyze_physcmp.py"
root=$T_TMP/root
t_run fadump-kernel crash "${M[@]}" --save-machine "$T_TMP/m" -o "$root"
t_is "$T_RC" 0 "sample"
t_run fadump-analyze convert -l "$root" "$T_TMP/kd"
if [ "$T_RC" != 0 ]; then
	t_skip "fadump-analyze convert is not available ($T_ERR)"
	t_done
	exit
fi
t_run fadump-analyze info "$T_TMP/kd"
t_is "$T_RC" 0 "info exits 0"
t_like "$T_OUT" '^Dump type: +FADump pSeries, kdump-compressed \(ppc64le\)$' "kdump-compressed detected"
t_like "$T_OUT" '^OSRELEASE: +6\.10\.0-fadump-tools-sample$' "VMCOREINFO from the kdump notes"
t_like "$T_OUT" '^Crashing CPU: +[0-9]+ \(from the crash-info header\)$' "crash-info header found"
t_like "$T_OUT" '^ +4 in the register save area$' "REGSAVE found by the probe"
t_like "$T_OUT" '^Panic: +Kernel panic' "panic message through libkdumpfile reads"
t_run fadump-analyze split "$T_TMP/kd" -o "$T_TMP/out"
t_is "$T_RC" 0 "split exits 0"
t_run /usr/bin/python3 "$CMP" "$T_TMP/m" "$T_TMP/out/manifest.json" "$T_TMP/out"
t_is "$T_RC" 0 "split files equal the machine's bytes ($(echo $T_OUT))"
t_done
