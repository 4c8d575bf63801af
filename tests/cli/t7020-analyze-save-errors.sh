#!/usr/bin/env bash
# t7020-analyze-save-errors.sh - fadump-analyze save when it must not
# release: no active dump (exit 0, nothing touched), out of space, a
# read-only DESTDIR, a damaged vmcore (one line, exit 1, nothing released,
# nothing under DESTDIR), a finished save without -f, --no-release, --elf,
# the real-root write path, usage errors.
. "$(dirname "$0")/lib.sh"

src=$FA_BUILD/samples/pseries-le-64k
if [ ! -e "$src/proc/vmcore" ]; then
	t_skip "no pseries-le-64k sample"
	t_done
	exit
fi

# tree ROOT: every name, mode, size and mtime under ROOT, and the content
# of every file but the big sparse proc/vmcore (its inode and mtime say
# whether it was rewritten)
tree() {
	(cd "$1" && find . -printf '%p %m %s %i %T@\n' | sort &&
	 find . -type f ! -path ./proc/vmcore -print0 | sort -z | xargs -0 -r sha256sum)
}

fresh() {	# fresh NAME: a copy of the sample and its digest
	rm -rf "$T_TMP/$1"
	cp -a "$src" "$T_TMP/$1"
	tree "$T_TMP/$1" >"$T_TMP/$1.tree"
}

untouched() {	# untouched NAME DESCRIPTION
	t_run diff "$T_TMP/$1.tree" <(tree "$T_TMP/$1")
	t_is "$T_OUT" "" "$2"
}

# No active dump: no proc/vmcore.
mkdir -p "$T_TMP/empty/sys/kernel/fadump"
echo 1 >"$T_TMP/empty/sys/kernel/fadump/enabled"
tree "$T_TMP/empty" >"$T_TMP/empty.tree"
t_run fadump-analyze save "$T_TMP/empty" "$T_TMP/d-empty"
t_is "$T_RC" 0 "no active dump: exit 0"
t_like "$T_OUT" 'no active dump' "no active dump: says so ($T_OUT)"
t_ok "no active dump: DESTDIR not made" test ! -e "$T_TMP/d-empty"
untouched empty "no active dump: ROOT untouched"
t_run fadump-analyze save --json "$T_TMP/empty" "$T_TMP/d-empty"
t_like "$T_OUT" '"status": "no-dump"' "no active dump: --json says no-dump"

# A damaged vmcore: truncated, and a wrong ELF magic.
fresh dmg
truncate -s 100 "$T_TMP/dmg/proc/vmcore"
tree "$T_TMP/dmg" >"$T_TMP/dmg.tree"
t_run fadump-analyze save "$T_TMP/dmg" "$T_TMP/d-dmg"
t_is "$T_RC" 1 "truncated vmcore: exit 1"
t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "truncated vmcore: one line ($T_ERR)"
t_like "$T_ERR" 'vmcore.*nothing released' "truncated vmcore: names the file, nothing released"
untouched dmg "truncated vmcore: ROOT untouched"
t_ok "truncated vmcore: nothing written" test ! -e "$T_TMP/d-dmg"
fresh dmg2
printf 'XXXX' | dd of="$T_TMP/dmg2/proc/vmcore" conv=notrunc status=none
tree "$T_TMP/dmg2" >"$T_TMP/dmg2.tree"
t_run fadump-analyze save "$T_TMP/dmg2" "$T_TMP/d-dmg2"
t_is "$T_RC" 1 "bad ELF magic: exit 1 ($T_ERR)"
untouched dmg2 "bad ELF magic: ROOT untouched"

# Out of space and a read-only DESTDIR: a small tmpfs in a private mount
# namespace (needs root).
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	fresh full
	mkdir -p "$T_TMP/mnt"
	t_run unshare -m sh -c "mount -t tmpfs -o size=1m tmpfs '$T_TMP/mnt' &&
		fadump-analyze save '$T_TMP/full' '$T_TMP/mnt/dest'; r=\$?; ls -A '$T_TMP/mnt' >&2; exit \$r"
	t_is "$T_RC" 1 "out of space: exit 1"
	t_like "$T_ERR" 'not enough space.*nothing written.*nothing released' "out of space: one clear line ($T_ERR)"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "out of space: one line, no DESTDIR made"
	untouched full "out of space: ROOT untouched, nothing released"
	fresh ro
	t_run unshare -m sh -c "mount -t tmpfs -o size=64m,ro tmpfs '$T_TMP/mnt' &&
		fadump-analyze save '$T_TMP/ro' '$T_TMP/mnt'"
	t_is "$T_RC" 1 "read-only DESTDIR: exit 1"
	t_like "$T_ERR" 'Read-only file system.*nothing released' "read-only DESTDIR: one clear line ($T_ERR)"
	untouched ro "read-only DESTDIR: ROOT untouched"
	# A real /proc/vmcore has no holes: the estimate must come from the
	# dump level (the mem_map's free and user pages), not the file's data,
	# or a small DESTDIR refuses a save that fits.  pseries-be-sparse's
	# struct pages class its pfns; its vmcore copied without holes.
	sp=$FA_BUILD/samples/pseries-be-sparse
	if [ -e "$sp/proc/vmcore" ]; then
		rm -rf "$T_TMP/dense"
		cp -a "$sp" "$T_TMP/dense"
		cp --sparse=never "$sp/proc/vmcore" "$T_TMP/dense/proc/vmcore"
		for l in 31 0; do
			t_run unshare -m sh -c "mount -t tmpfs -o size=100m tmpfs '$T_TMP/mnt' &&
				fadump-analyze save --no-release --json -d $l '$T_TMP/dense' '$T_TMP/mnt/d' >'$T_TMP/dense.json'"
			eval "rc$l=\$T_RC; err$l=\$T_ERR"
		done
		t_is "$rc31" 0 "no holes, -d 31 into 100 MiB: the filtered save fits and is done ($err31)"
		t_is "$rc0" 1 "no holes, -d 0 into 100 MiB: refused, it needs the 449 MiB"
		t_like "$err0" 'not enough space' "  ... with the space line ($err0)"
	else
		t_skip "no pseries-be-sparse sample"
	fi
else
	t_skip "out of space / read-only: needs root and unshare -m"
fi

# --no-release, then a finished save stays without -f.
fresh keep
t_run fadump-analyze save --no-release "$T_TMP/keep" "$T_TMP/d-keep"
t_is "$T_RC" 0 "--no-release: exit 0 ($T_ERR)"
untouched keep "--no-release: ROOT untouched"
t_run fadump-analyze save --no-release "$T_TMP/keep" "$T_TMP/d-keep"
t_is "$T_RC" 1 "a finished save is refused without -f"
t_like "$T_ERR" 'finished save.*-f' "the refusal says -f ($T_ERR)"
t_run fadump-analyze save -f -z -d 1 "$T_TMP/keep" "$T_TMP/d-keep"
t_is "$T_RC" 0 "-f replaces it and releases ($T_ERR)"
t_ok "after the release the model dropped the vmcore" test ! -e "$T_TMP/keep/proc/vmcore"
t_run fadump-analyze save "$T_TMP/keep" "$T_TMP/d-keep2"
t_like "$T_RC $T_OUT" '^0 .*no active dump' "a second save: no active dump any more"

# --elf: proc/vmcore as it is.
fresh elf
t_run fadump-analyze save --elf --no-release "$T_TMP/elf" "$T_TMP/d-elf"
t_is "$T_RC" 0 "--elf: exit 0 ($T_ERR)"
t_files_equal "$T_TMP/d-elf/vmcore" "$src/proc/vmcore" "--elf: the vmcore is proc/vmcore byte for byte"

# A root without the model's state: the release is a plain write of "1\n"
# into ROOT/sys/kernel/fadump/release_mem, as on a real capture kernel.
fresh real
rm -rf "$T_TMP/real/.fadump-kernel"
t_run fadump-analyze save "$T_TMP/real" "$T_TMP/d-real"
t_is "$T_RC" 0 "real root: exit 0 ($T_ERR)"
t_is "$(od -c "$T_TMP/real/sys/kernel/fadump/release_mem" | head -1)" "$(printf '1\n' | od -c | head -1)" \
	"real root: release_mem written with \"1\\n\""
fresh real2
rm -rf "$T_TMP/real2/.fadump-kernel" "$T_TMP/real2/sys/kernel/fadump/release_mem"
t_run fadump-analyze save "$T_TMP/real2" "$T_TMP/d-real2"
t_is "$T_RC" 1 "real root, release_mem missing: exit 1"
t_like "$T_ERR" 'release_mem: No such file.*complete; nothing released' "real root: the failed release write named ($T_ERR)"
t_ok "real root: the saved directory is complete all the same" test -f "$T_TMP/d-real2/manifest"

# The model program: --kernel-model and FA_KERNEL.
fresh km
t_run fadump-analyze save --kernel-model /nonexistent/fadump-kernel "$T_TMP/km" "$T_TMP/d-km"
t_is "$T_RC" 1 "--kernel-model that does not exist: exit 1"
# (qemu-user runs a failed exec's child to exit 127: posix_spawn cannot
# report the exec error across its emulated vfork)
how='cannot run '
[ -z "${FA_RUNNER:-}" ] || how='(cannot run |refused: )'
t_like "$T_ERR" "$how/nonexistent/fadump-kernel" "names the model program ($T_ERR)"
untouched km "--kernel-model missing: nothing released"

# On a terminal: a percentage that rewrites its line.
if t_have_pty; then
	fresh tty
	t_run script -qec "fadump-analyze save --no-release '$T_TMP/tty' '$T_TMP/d-tty'" /dev/null
	t_is "$T_RC" 0 "on a terminal: exit 0"
	t_like "$(printf '%s' "$T_OUT" | tr '\r' '\n')" 'save: vmcore +[0-9]+%' "on a terminal: vmcore progress in percent"
	t_run fadump-analyze save --no-release -f "$T_TMP/tty" "$T_TMP/d-tty"
	t_unlike "$T_OUT" '%' "not on a terminal: one line per step, no percentages"
else
	t_skip "no pseudo-terminal here (script(1) missing or no devpts mounted)"
fi

# Usage.
t_run fadump-analyze save
t_is "$T_RC" 2 "no DESTDIR: usage error"
t_run fadump-analyze save -d 32 "$T_TMP/x"
t_is "$T_RC" 2 "-d 32: usage error"
t_run fadump-analyze save --release-chunk 0 "$T_TMP/x"
t_is "$T_RC" 2 "--release-chunk 0: usage error"
t_run fadump-analyze save --help
t_like "$T_OUT" 'no-release' "--help lists --no-release"
t_run fadump-analyze --help
t_like "$T_OUT" '^  save ' "the program's --help lists save"

t_done
