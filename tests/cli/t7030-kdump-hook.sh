#!/usr/bin/env bash
# t7030-kdump-hook.sh - scripts/kdump-hook-fadump: the save command it
# builds from Debian kdump-tools' and Fedora kdump-utils' configuration,
# a real run on a copy of a sample as kdump-tools' drop-in and as
# kdump-utils' core_collector (kdump.sh's sync and rename after it), and
# shellcheck.
. "$(dirname "$0")/lib.sh"

HOOK="$FA_SRC/scripts/kdump-hook-fadump"
src=$FA_BUILD/samples/pseries-le-64k

if command -v shellcheck >/dev/null; then
	t_ok "shellcheck-clean" shellcheck "$HOOK"
else
	t_skip "no shellcheck"
fi

cat >"$T_TMP/kdump-tools" <<CONF
KDUMP_COREDIR="$T_TMP/crash"
MAKEDUMP_ARGS="-c -d 31 --message-level 7"
CONF
cat >"$T_TMP/kdump.conf" <<CONF
path $T_TMP/var/crash   # the dump target
core_collector makedumpfile -z --message-level 7 -d 17
CONF

t_run env KDUMP_DEFAULTS="$T_TMP/kdump-tools" FADUMP_STAMP=202612041300 "$HOOK" --dry-run
t_is "$T_OUT" "fadump-analyze save -c -d 31 / $T_TMP/crash/202612041300" "Debian: COREDIR/STAMP, MAKEDUMP_ARGS' -c -d 31"
t_run env KDUMP_DEFAULTS=/nonexistent KDUMP_CONF="$T_TMP/kdump.conf" FADUMP_STAMP=s "$HOOK" --dry-run -- --no-release
t_is "$T_OUT" "fadump-analyze save -z -d 17 --no-release / $T_TMP/var/crash/s" "Fedora: path, core_collector's -z -d 17, extra options"
t_run env KDUMP_DEFAULTS=/nonexistent KDUMP_CONF=/nonexistent FADUMP_STAMP=s "$HOOK" --dry-run
t_is "$T_OUT" "fadump-analyze save -l -d 31 / /var/crash/s" "no configuration: -l -d 31 into /var/crash"
t_run "$HOOK" --collector --dry-run -l --message-level 7 -d31 /proc/vmcore /var/crash/x/vmcore-incomplete
t_is "$T_OUT" "fadump-analyze save -f -l -d 31 / /var/crash/x
mv /var/crash/x/vmcore /var/crash/x/vmcore-incomplete" "core_collector: the save into DEST's directory, then DEST"
t_run "$HOOK" --bogus
t_is "$T_RC" 2 "an unknown option: usage error"

# The program the tests run (through FA_RUNNER's wrapper under make
# check-ppc64le, where the build's own binary cannot be executed directly).
analyze=$(command -v fadump-analyze)

if [ -e "$src/proc/vmcore" ]; then
	# kdump-tools' drop-in on a copy of a sample
	cp -a "$src" "$T_TMP/root"
	t_run env FADUMP_ROOT="$T_TMP/root" FADUMP_ANALYZE="$analyze" \
		KDUMP_DEFAULTS="$T_TMP/kdump-tools" FADUMP_STAMP=202612041300 "$HOOK"
	t_is "$T_RC" 0 "Debian drop-in: exit 0 ($T_ERR)"
	t_ok "Debian drop-in: the save is complete" test -f "$T_TMP/crash/202612041300/manifest"
	t_ok "Debian drop-in: the memory was released" test ! -e "$T_TMP/root/proc/vmcore"
	t_run env FADUMP_ROOT="$T_TMP/root" FADUMP_ANALYZE="$analyze" \
		KDUMP_DEFAULTS="$T_TMP/kdump-tools" FADUMP_STAMP=again "$HOOK"
	t_like "$T_RC $T_OUT" '^0 .*no active dump' "Debian drop-in, run again: no active dump, exit 0"

	# kdump-utils' core_collector, then kdump.sh's sync and rename
	cp -a "$src" "$T_TMP/root2"
	dir=$T_TMP/var/crash/127.0.0.1-2026-12-04-13:00:00
	mkdir -p "$dir"
	echo "written by kdump.sh" >"$dir/vmcore-dmesg.txt"
	t_run env FADUMP_ANALYZE="$analyze" "$HOOK" --collector -l --message-level 7 -d 31 \
		"$T_TMP/root2/proc/vmcore" "$dir/vmcore-incomplete"
	t_is "$T_RC" 0 "core_collector: exit 0 ($T_ERR)"
	t_ok "core_collector: the vmcore handed back as vmcore-incomplete" test -f "$dir/vmcore-incomplete"
	mv "$dir/vmcore-incomplete" "$dir/vmcore"
	bad=$(cd "$dir" && while read -r size sum f; do
		[ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$sum" ] || echo "$f"; done <manifest)
	t_is "$bad" "" "core_collector: after kdump.sh's rename the manifest holds"
	t_run fadump-analyze info "$dir/vmcore"
	t_is "$T_RC" 0 "core_collector: the vmcore reads"
else
	t_skip "no pseries-le-64k sample"
fi

t_done
