#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t4300-convert-erase.sh - `convert --config FILE -x VMLINUX`: the kernel
# data a makedumpfile filter config names is erased, and listed as the
# eraseinfo.
#   1. the samples (mini kernel with DWARF, both byte orders): members,
#      "size N", "size SYMBOL", nullify, a member behind a pointer, the
#      "for ID in ARRAY", "via" and "within" loops.  libkdumpfile reads every page of both
#      outputs: the erased bytes are 'X' (or zeros), every other byte is
#      that of the conversion without --config; the eraseinfo lines are
#      makedumpfile's.  Addresses and sizes come from gdb-multiarch.
#   2. errors: unknown symbol, bad member, bad syntax (with the line), no
#      -x, no DWARF, another kernel: one line, exit 1 (2 for usage), and
#      no output file.
#   3. the genuine FADump of a real 6.1 kernel (skipped when the cached
#      fixture is absent): a string in init_uts_ns, a char * string, a
#      struct member, size N and nullify, every task on init_task.tasks
#      (within) and a "via" loop; crash 8.0.2 shows the eraseinfo
#      (help -D) and reads the X's (rd).
# makedumpfile 1.7.2 itself cannot be compared here: with --config it
# gives up with "Can't get module count" on a kernel without loaded
# modules (load_module_symbols() needs one), and no fixture has one.
. "$FA_SRC/tests/cli/lib.sh"

PY=/usr/bin/python3
CHECK=$FA_SRC/tests/cli/erase_check.py
MK=$FA_BUILD/samples/minikernel
if ! $PY -c 'import kdumpfile' 2>/dev/null; then
	t_skip "libkdumpfile's python3 bindings are not installed"
	t_done
	exit
fi

# gdb VMLINUX EXPR...: each EXPR's value (p/x) from the vmlinux alone
gdbv() {
	local v=$1 a=() x; shift
	for x in "$@"; do a+=(-ex "p/x $x"); done
	gdb-multiarch -nx -batch "${a[@]}" "$v" 2>/dev/null | sed 's/^\$[0-9]* = //'
}

# ---- 3. the genuine FADump of a real 6.1 kernel, converted first so
# that crash (about 25 s emulated) runs while the rest is checked ----
crash_pid=
G=${FA_CACHE:-/var/cache/fadump-tools}/genuine
root=$G/cycles/k61-2g-4c/root
gv=$G/kernel-6.1/vmlinux
genuine=1
[ -r "$root/proc/vmcore" ] && [ -r "$gv" ] || genuine=0
if [ $genuine = 1 ]; then
cat >"$T_TMP/g.conf" <<'EOF'
[vmlinux]
erase init_uts_ns.name.nodename
erase init_uts_ns.name.domainname size 8
erase init_uts_ns.user_ns nullify
erase saved_command_line
erase init_task.comm
erase init_uts_ns.user_ns.level
for t in init_task.tasks within task_struct:tasks
	erase t.comm size 4
endfor
for p in init_task via real_parent
	erase p.prio
endfor
EOF
set -- $(gdbv "$gv" '&init_uts_ns.name.nodename' '&init_uts_ns.name.domainname' \
	'&init_uts_ns.user_ns' '&saved_command_line' '&init_task.comm' \
	'&init_uts_ns.user_ns->level' '&init_task.tasks' \
	'&((struct task_struct *)0)->tasks' '&((struct task_struct *)0)->comm' \
	'&init_task.prio')
g_addr=("$@")
t_is "$#" 10 "genuine: gdb-multiarch reads the vmlinux"
t_run fadump-analyze convert -q -d 31 -l "$root" "$T_TMP/g-ref.gkd"
t_is "$T_RC" 0 "genuine: convert -d 31 -l exits 0 ($T_ERR)"
t_run fadump-analyze convert -q -d 31 -l --config "$T_TMP/g.conf" -x "$gv" \
	"$root" "$T_TMP/g.gkd"
t_is "$T_RC" 0 "genuine: convert -d 31 -l --config exits 0 ($T_ERR)"
if [ "${FA_SAN:-0}" != 1 ]; then
	printf 'help -D\nrd -a init_uts_ns 400\nquit\n' >"$T_TMP/crash.cmds"
	"$FA_SRC/scripts/crash-ppc64el" -s "$gv" "$T_TMP/g.gkd" \
		<"$T_TMP/crash.cmds" >"$T_TMP/crash.out" 2>&1 &
	crash_pid=$!
fi
fi

# ---- 1. samples ----
cat >"$T_TMP/mini.conf" <<'EOF'
# what a site does not want to leave the machine
[vmlinux]
erase init_uts_ns.name.nodename
erase init_uts_ns.name.domainname size 4
erase init_uts_ns.user_ns nullify
erase init_task.comm
erase init_task.active_mm.mm_users
	erase init_uts_ns.name.version size init_mm.mm_users.counter
for d in mmu_psize_defs
	erase d.tlbiel
endfor
for p in init_task via parent
	erase p.active_mm.mm_count
endfor
for t in init_task.tasks within task_struct:tasks
	erase t.comm
endfor
EOF
for s in pseries-le-64k:vmlinux-ppc64le pseries-be-4k:vmlinux-ppc64; do
	name=${s%%:*} v=$MK/${s#*:}
	in=$FA_BUILD/samples/$name
	set -- $(gdbv "$v" '&init_uts_ns.name.nodename' \
		'sizeof(init_uts_ns.name.nodename)' \
		'&init_uts_ns.name.domainname' '&init_uts_ns.user_ns' \
		'&init_task.comm' 'sizeof(init_task.comm)' \
		'&init_mm.mm_users' '&init_uts_ns.name.version' \
		'init_mm.mm_users.counter' '&mmu_psize_defs[0].tlbiel' \
		'sizeof(mmu_psize_defs[0])' \
		'sizeof(mmu_psize_defs)/sizeof(mmu_psize_defs[0])' \
		'&init_mm.mm_count')
	t_is "$#" 13 "$name: gdb-multiarch reads the mini kernel's DWARF"
	nodename=$1 nsize=$(($2)) domain=$3 userns=$4 comm=$5 csize=$(($6))
	users=$7 version=$8 vsize=$(($9)) tl=${10} dsize=$((${11})) nd=$((${12}))
	spec=("X:$nodename:$nsize" "X:$domain:4" "0:$userns:8" "X:$comm:$csize"
	      "X:$users:4" "X:$version:$vsize")
	want="erase init_uts_ns.name.nodename size $nsize
erase init_uts_ns.name.domainname size 4
erase init_uts_ns.user_ns nullify
erase init_task.comm size $csize
erase init_task.active_mm.mm_users size 4
erase init_uts_ns.name.version size $vsize"
	for ((i = 0; i < nd; i++)); do
		spec+=("X:$(printf '%#x' $((tl + i * dsize))):4")
		want+=$'\n'"erase d.tlbiel size 4"
	done
	# init_task.parent is init_task: one element; its task list is empty
	spec+=("X:${13}:4")
	want+=$'\n'"erase p.active_mm.mm_count size 4"

	# -d 1 keeps the files small; no erased page becomes zero
	t_run fadump-analyze convert -q -d 1 "$in" "$T_TMP/ref.kd"
	t_is "$T_RC" 0 "$name: convert without --config exits 0 ($T_ERR)"
	t_run fadump-analyze convert -q -d 1 --config "$T_TMP/mini.conf" -x "$v" \
		"$in" "$T_TMP/er.kd"
	t_is "$T_RC" 0 "$name: convert --config -x exits 0 ($T_ERR)"
	t_run $PY "$CHECK" "$T_TMP/ref.kd" "$T_TMP/er.kd" "${spec[@]}"
	t_is "$T_RC" 0 "$name: libkdumpfile: the named bytes are erased, every other byte is as without --config (${T_OUT##*$'\n'})"
	t_is "$(printf '%s\n' "$T_OUT" | sed '$d')" "$want" \
		"$name: the eraseinfo has makedumpfile's lines, one per array element in the loop"
	# uncompressed: the same layout, the eraseinfo text appended
	einfo=$(printf '%s\n' "$T_OUT" | sed '$d')
	t_is "$(($(stat -c %s "$T_TMP/er.kd") - $(stat -c %s "$T_TMP/ref.kd")))" \
		"$(($(printf '%s\n' "$einfo" | wc -c)))" \
		"$name: the file grows by the eraseinfo text alone"
	# --vmlinux spelling, compressed, flattened then rebuilt
	t_run fadump-analyze convert -q -d 1 -z --config "$T_TMP/mini.conf" \
		--vmlinux "$v" "$in" "$T_TMP/erz.kd"
	t_is "$T_RC" 0 "$name: --vmlinux and -z exit 0 ($T_ERR)"
	t_run $PY "$CHECK" "$T_TMP/ref.kd" "$T_TMP/erz.kd" "${spec[@]}"
	t_is "$T_RC" 0 "$name: ... the same pages, zstd-compressed (${T_OUT##*$'\n'})"
	fadump-analyze convert -q -d 1 -F --config "$T_TMP/mini.conf" -x "$v" "$in" \
		>"$T_TMP/er.flat" 2>"$T_TMP/flat.err"
	fadump-analyze convert -q "$T_TMP/er.flat" "$T_TMP/er-flat.kd" 2>>"$T_TMP/flat.err"
	t_files_equal "$T_TMP/er-flat.kd" "$T_TMP/er.kd" \
		"$name: -F then rebuilt: byte-identical to the direct output (eraseinfo and sub-header rewritten in the stream)"
	rm -f "$T_TMP"/*.kd "$T_TMP/er.flat"
done

# ---- 2. errors ----
in=$FA_BUILD/samples/pseries-le-64k
v=$MK/vmlinux-ppc64le
bad() {	# DESCRIPTION EXIT REGEX CONFIG-TEXT [ARGS...]
	local d=$1 rc=$2 re=$3 text=$4
	shift 4
	printf '%s\n' "$text" >"$T_TMP/bad.conf"
	t_run fadump-analyze convert -q --config "$T_TMP/bad.conf" "$@" \
		"$in" "$T_TMP/bad.kd"
	t_is "$T_RC" "$rc" "error: $d: exit $rc"
	t_like "$T_ERR" "$re" "error: $d: says so"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "error: $d: in one line"
	t_ok "error: $d: no output file" test ! -e "$T_TMP/bad.kd"
}
bad "unknown symbol" 1 "bad.conf:3: no symbol 'no_such_variable' in the vmlinux" \
	$'[vmlinux]\nerase init_uts_ns.name.nodename\nerase no_such_variable' -x "$v"
bad "bad member" 1 "bad.conf:2: init_uts_ns.name.nosuch: struct new_utsname has no member 'nosuch'" \
	$'# x\nerase init_uts_ns.name.nosuch size 4' -x "$v"
bad "member of a non-struct" 1 "bad.conf:1: .*'nodename' is no structure" \
	'erase init_uts_ns.name.nodename.x' -x "$v"
bad "bad syntax: no symbol after erase" 1 "bad.conf:3: expected a kernel symbol after 'erase'" \
	$'[vmlinux]\n\nerase\n' -x "$v"
bad "bad syntax: unknown word" 1 "bad.conf:2: expected 'erase' or 'for', found \"wipe\"" \
	$'erase init_task.comm\nwipe init_task.comm' -x "$v"
bad "bad syntax: size" 1 "bad.conf:1: size \"12Q\": expected a positive number" \
	'erase init_task.comm size 12Q' -x "$v"
bad "bad syntax: for without endfor" 1 "bad.conf:1: no 'endfor'" \
	$'for d in mmu_psize_defs\n erase d.shift' -x "$v"
bad "loop variable unused" 1 "bad.conf:2: .*expected the iteration variable 'd'" \
	$'for d in mmu_psize_defs\n erase init_task.comm\nendfor' -x "$v"
bad "nullify of a non-pointer" 1 "bad.conf:1: init_task.comm nullify: not a pointer" \
	'erase init_task.comm nullify' -x "$v"
bad "void pointer without size" 1 "bad.conf:1: init_task.stack is a void pointer" \
	'erase init_task.stack' -x "$v"
bad "module section" 1 "bad.conf:1: module section \\[ext4\\]: only \\[vmlinux\\] is supported" \
	$'[ext4]\nerase ext4_secret' -x "$v"
bad "via on an array" 1 "bad.conf:1: for t in init_task.comm via parent: not a structure" \
	$'for t in init_task.comm via parent\nerase t.comm\nendfor' -x "$v"
bad "within on no list_head" 1 "bad.conf:1: for t in init_task within ...: not a struct list_head" \
	$'for t in init_task within task_struct:tasks\nerase t.comm\nendfor' -x "$v"
bad "within an unknown struct" 1 "bad.conf:1: no struct nosuch in the vmlinux" \
	$'for t in init_task.tasks within nosuch:tasks\nerase t.comm\nendfor' -x "$v"
bad "a loop over no array" 1 "bad.conf:1: for t in init_task: not an array \\(a list needs 'via' or 'within'\\)" \
	$'for t in init_task\nerase t.comm\nendfor' -x "$v"
bad "missing -x" 2 "--config needs the crashed kernel's vmlinux \\(-x VMLINUX\\)" \
	'erase init_task.comm'
bad "another kernel's vmlinux" 1 "vmlinux-ppc64: a ppc64 ELF, expected a ppc64le kernel" \
	'erase init_task.comm' -x "$MK/vmlinux-ppc64"
t_run fadump-analyze convert -q --config "$T_TMP/none.conf" -x "$v" "$in" "$T_TMP/bad.kd"
t_is "$T_RC" 1 "error: a missing config file: exit 1"
t_like "$T_ERR" "none.conf: cannot open the filter config" "error: a missing config file: says so"
t_run timeout 20 fadump-analyze convert -q --config /dev/zero -x "$v" "$in" "$T_TMP/bad.kd"
t_is "$T_RC" 1 "error: --config /dev/zero: exit 1, in bounded memory and time"
t_like "$T_ERR" '/dev/zero: a filter config longer than 1048576 bytes' \
	"error: --config /dev/zero: says so"
t_run fadump-analyze convert -v -d 1 --config "$T_TMP/mini.conf" -x "$v" \
	"$in" "$T_TMP/v.kd"
t_like "$T_ERR" '^  --config: [1-9][0-9]* range\(s\) to erase, [1-9][0-9]* bytes of eraseinfo$' \
	"-v reports the ranges and the eraseinfo size"
rm -f "$T_TMP/v.kd"
t_run fadump-analyze convert --help
t_like "$T_OUT" '--config FILE' "--help shows --config"
t_like "$T_OUT" '-x, --vmlinux VMLINUX' "--help shows -x/--vmlinux"
t_ok "the man page documents --config and -x" \
	sh -c "grep -q 'config' '$FA_SRC/man/fadump-analyze.1' && grep -q 'makedumpfile.conf' '$FA_SRC/man/fadump-analyze.1'"

# ---- 3. the genuine FADump: results ----
if [ $genuine = 0 ]; then
	t_skip "the genuine FADump fixture ($root, $gv) is absent"
	t_done
	exit
fi
set -- "${g_addr[@]}"
t_run $PY "$CHECK" "$T_TMP/g-ref.gkd" "$T_TMP/g.gkd" "X:$1:65" "X:$2:8" \
	"0:$3:8" "S:$4" "X:$5:16" "X:$6:4" "L:$7:$8:$9:4" "X:${10}:4"
t_is "$T_RC" 0 "genuine: libkdumpfile: nodename, domainname, user_ns, the command line, init_task.comm, user_ns->level (a struct only declared where init_uts_ns is), the comm of every task on init_task.tasks and init_task.prio erased, all other bytes of all pages unchanged (${T_OUT##*$'\n'})"
nlist=$(printf '%s\n' "$T_OUT" | sed -n '$s/.* list-elements //p')
einfo=$(printf '%s\n' "$T_OUT" | sed '$d')
t_like "$einfo" '^erase saved_command_line size [1-9][0-9]*$' \
	"genuine: a char * erases its string (strlen bytes)"
t_is "$(printf '%s\n' "$einfo" | grep -v '^erase saved_command_line ')" \
	"erase init_uts_ns.name.nodename size 65
erase init_uts_ns.name.domainname size 8
erase init_uts_ns.user_ns nullify
erase init_task.comm size 16
erase init_uts_ns.user_ns.level size 4
$(for ((i = 0; i < nlist; i++)); do echo "erase t.comm size 4"; done)
erase p.prio size 4" "genuine: the eraseinfo lines: one per task for the list_head loop ($nlist), one for the 'via' loop (real_parent leads back to init_task)"

if [ -z "$crash_pid" ]; then
	t_skip "crash (emulated ppc64el) runs in the normal build only (FA_SAN=1)"
	t_done
	exit
fi
wait "$crash_pid"
out=$(cat "$T_TMP/crash.out")
t_like "$out" 'Kernel data has been erased from this dumpfile' \
	"genuine: crash 8.0.2 warns that kernel data was erased"
t_like "$out" "size_eraseinfo: $(printf '%s\n' "$einfo" | wc -c) " \
	"genuine: crash help -D shows size_eraseinfo"
t_like "$out" '^ +erase init_uts_ns.name.nodename size 65$' \
	"genuine: crash help -D lists the eraseinfo"
t_like "$out" '^c[0-9a-f]+: +X{40}' "genuine: crash rd reads the X's of nodename"
t_done
