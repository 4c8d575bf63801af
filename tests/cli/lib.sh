# tests/cli/lib.sh - the TAP helper library every CLI test sources.
#
#   . "$FA_SRC/tests/cli/lib.sh"
#   t_run fadump-analyze info "$dump"      # runs, keeps $T_OUT $T_ERR $T_RC
#   t_is "$T_RC" 0 "info exits 0"
#   t_like "$T_OUT" 'Dump type: *FADump' "info names the dump type"
#   t_done
#
# A failing check prints what it expected and what it got as TAP comments.
set -u
: "${FA_BUILD:?run through make check (FA_BUILD unset)}"
: "${FA_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PATH="$FA_BUILD:$PATH"
export LC_ALL=C

T_N=0
T_FAILED=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/fa-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
# FA_RUNNER runs the programs of $FA_BUILD (make check-ppc64le:
# scripts/run-ppc64le, qemu-ppc64le-static): the tests call them by name.
if [ -n "${FA_RUNNER:-}" ]; then
	mkdir "$T_TMP/.run"
	for p in fadump-analyze fadump-kernel; do
		printf '#!/bin/sh\nexec "%s" --argv0 %s "%s/%s" "$@"\n' \
			"$FA_RUNNER" "$p" "$FA_BUILD" "$p" >"$T_TMP/.run/$p"
		chmod +x "$T_TMP/.run/$p"
	done
	export PATH="$T_TMP/.run:$PATH"
	# emulated: time bounds that catch hangs are multiplied by this
	: "${FA_TIME_FACTOR:=4}"
fi

_t_report() {	# ok? description
	T_N=$((T_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAILED=$((T_FAILED + 1))
	fi
}

# t_ok DESCRIPTION COMMAND... : passes when COMMAND succeeds
t_ok() {
	local d=$1; shift
	if "$@" >/dev/null 2>&1; then _t_report 0 "$d"; else
		_t_report 1 "$d"; echo "#   command failed: $*"; fi
}

# t_is GOT WANT DESCRIPTION
t_is() {
	if [ "$1" = "$2" ]; then _t_report 0 "$3"; else
		_t_report 1 "$3"
		diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$1") | sed 's/^/#   /' | head -60
	fi
}

# t_like TEXT EXTENDED-REGEX DESCRIPTION
t_like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then _t_report 0 "$3"; else
		_t_report 1 "$3"
		echo "#   expected a line matching: $2"
		printf '%s\n' "$1" | head -20 | sed 's/^/#   got: /'
	fi
}

# t_unlike TEXT EXTENDED-REGEX DESCRIPTION
t_unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		_t_report 1 "$3"; echo "#   unexpected line matching: $2"
		printf '%s\n' "$1" | grep -E -- "$2" | head -5 | sed 's/^/#   got: /'
	else _t_report 0 "$3"; fi
}

# t_run COMMAND... : run it, keep stdout/stderr/status in T_OUT/T_ERR/T_RC
t_run() {
	T_RC=0
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err" </dev/null || T_RC=$?
	T_OUT=$(cat "$T_TMP/.out")
	T_ERR=$(cat "$T_TMP/.err")
}

# t_files_equal A B DESCRIPTION
t_files_equal() {
	if cmp -s "$1" "$2"; then _t_report 0 "$3"; else
		_t_report 1 "$3"; echo "#   $1 and $2 differ: $(cmp "$1" "$2" 2>&1 | head -1)"; fi
}

# t_skip REASON : a test that cannot run here; it is reported as such
t_skip() {
	T_N=$((T_N + 1))
	echo "ok $T_N # skip $1"
}

# t_have_pty : whether a pseudo-terminal can be opened here (a chroot
# without devpts mounted has none; script(1) and tmux need one)
t_have_pty() {
	command -v script >/dev/null &&
		script -qec true /dev/null </dev/null >/dev/null 2>&1
}

# t_native_only REASON : the file does not apply to programs run through
# FA_RUNNER (make check-ppc64le); then it reports one skip and exits
t_native_only() {
	[ -z "${FA_RUNNER:-}" ] && return 0
	t_skip "not with $(basename "$FA_RUNNER") (make check-ppc64le): $1"
	t_done
	exit
}

# t_genuine_only WHAT : the real-kernel switch of the genuine FADump tests:
# with FA_E2E=0 or FA_GENUINE=0 reports one skip and exits
t_genuine_only() {
	[ "${FA_E2E:-1}" != 0 ] && [ "${FA_GENUINE:-1}" != 0 ] && return 0
	t_skip "$1 turned off by FA_E2E=0 or FA_GENUINE=0"
	t_done
	exit
}

# manifest_bad DIR : a save directory's manifest ("SIZE SHA256 NAME" a
# line) against its files: one line per size or sum that differs
manifest_bad() {
	(cd "$1" && while read -r size sum f; do
		[ "$(stat -c %s "$f")" = "$size" ] || echo "size $f"
		[ "$(sha256sum <"$f" | cut -d' ' -f1)" = "$sum" ] || echo "sum $f"
	done <manifest)
}

# t_done : the plan, and the script's exit status
t_done() {
	echo "1..$T_N"
	[ "$T_FAILED" = 0 ]
}

# t_crash_samples : set the array cores to the samples' vmcores for a
# session of Debian's ppc64el crash with the ppc64le fadump.so, or skip
# the whole script when crash, fadump.so or the samples are missing.
t_crash_samples() {
	if ! "$FA_SRC/scripts/setup-crash-ppc64el" >/dev/null 2>&1; then
		t_skip "Debian's ppc64el crash is not installed (scripts/setup-crash-ppc64el needs root once)"
		t_done; exit
	fi
	[ -e "$FA_BUILD/crash-ext/ppc64le/fadump.so" ] ||
		{ t_skip "no ppc64le fadump.so in $FA_BUILD"; t_done; exit; }
	shopt -s nullglob
	cores=("$FA_BUILD"/samples/*/proc/vmcore)
	[ ${#cores[@]} -gt 0 ] ||
		{ t_skip "no samples in $FA_BUILD/samples (make samples)"; t_done; exit; }
}
