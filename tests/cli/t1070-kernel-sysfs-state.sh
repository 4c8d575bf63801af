#!/usr/bin/env bash
# t1070-kernel-sysfs-state.sh - fadump-kernel sysfs keeps its replay state
# honest: a refused write is not recorded (so it never comes back), and a
# value holding newlines or backslashes is replayed as the one value it was.
. "$(dirname "$0")/lib.sh"

root=$T_TMP/root
t_run fadump-kernel crash --platform pseries --ram 1G --cpus 2 --cmdline fadump=on -o "$root"
t_is "$T_RC" 0 "crash"

# A refused release_mem write whose value holds what looks like another
# recorded write: it used to be recorded line by line, and the next,
# unrelated write replayed "release_mem 1" and released the dump.
t_run fadump-kernel sysfs "$root" release_mem $'2\n--sysfs-write\nrelease_mem\n1'
t_is "$T_RC" 1 "release_mem with newlines: refused"
t_like "$T_ERR" 'write error: Invalid argument' "release_mem with newlines: EINVAL as kstrtoint gives"
t_unlike "$(cat "$root/.fadump-kernel/state")" '^--sysfs-write$' "the refused write is not recorded"
t_run fadump-kernel sysfs "$root" registered 1
t_like "$T_ERR" 'write error: Operation not permitted' "an unrelated write: refused while a dump is active"
t_ok "the dump is still there after the unrelated write" test -e "$root/proc/vmcore"

# Accepted values with a backslash and a newline survive the replay.
t_run fadump-kernel sysfs "$root" release_mem 1
t_is "$T_RC" 0 "release_mem 1"
t_run fadump-kernel sysfs "$root" bootargs_append $'a\\b\nc'
t_is "$T_RC" 0 "bootargs_append with a backslash and a newline"
want=$(od -An -c "$root/sys/kernel/fadump/bootargs_append")
t_run fadump-kernel sysfs "$root" registered 1
t_is "$T_RC" 0 "re-register (replays the earlier writes)"
t_is "$(od -An -c "$root/sys/kernel/fadump/bootargs_append")" "$want" \
	"bootargs_append replayed as one value"
t_ok "the release was replayed too" test ! -e "$root/proc/vmcore"
t_ok "no temporary left beside the state file" \
	test "$(ls -A "$root/.fadump-kernel" | grep -vc -e '^state$' -e '\.log$')" = 0
t_done
