#!/usr/bin/env bash
# t2050-analyze-output-rule.sh - the one output rule of convert, split and
# rebuild-notes: only a regular file is ever replaced (never a device node,
# a symbolic link, a FIFO or a directory), an existing OUT only with -f, the
# input never (by any path or hard link); split writes DIR whole; -F refuses
# a terminal; a full disk or SIGINT leaves no temporary and no partial DIR.
. "$(dirname "$0")/lib.sh"

r=$T_TMP/root
t_run fadump-kernel crash --ram 768M --cpus 2 --content zero=97,text=3 \
	--cmdline fadump=on -o "$r"
t_is "$T_RC" 0 "capture root made"
W=$T_TMP/w
mkdir "$W"

# nothing_left DIR DESC : no temporary (.NAME.XXXXXX) in DIR
nothing_left() {
	t_is "$(ls -A "$1" | grep -c '^\.')" 0 "$2: no temporary left in $(basename "$1")"
}

# refused EXPECTED-REGEX DESC COMMAND... : exit 1, one line saying why
refused() {
	local want=$1 d=$2; shift 2
	t_run timeout 60 "$@"
	t_is "$T_RC" 1 "$d: refused (exit 1)"
	t_like "$T_ERR" "^fadump-analyze: .*$want" "$d: says why"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "$d: in one line"
}

t_run fadump-analyze convert -l "$r" "$W/ok.kd"
t_is "$T_RC" 0 "convert to a new name"

# ---- what is not a regular file is never replaced, -f or not ----
if [ "$(id -u)" = 0 ]; then
	mknod "$W/null" c 1 3
	refused 'null: is a character device; only a regular file' \
		"convert -f to a device node" fadump-analyze convert -f "$r" "$W/null"
	t_ok "the device node is still a character device" test -c "$W/null"
	if [ -c "$W/null" ] && [ "$T_RC" = 1 ]; then
		refused '/dev/null: is a character device' "convert -f to /dev/null" \
			fadump-analyze convert -f -l "$r" /dev/null
		t_ok "/dev/null is still a character device" test -c /dev/null
		refused '/dev/null: is a character device' "rebuild-notes -f to /dev/null" \
			fadump-analyze rebuild-notes -f "$r" /dev/null
		t_ok "/dev/null is still a character device after rebuild-notes" test -c /dev/null
	else
		t_skip "/dev/null not tried: the private device node was replaced"
	fi
else
	t_skip "device nodes: mknod needs root"
fi

ln -s "$W/target" "$W/link"
refused 'link: is a symbolic link' "convert -f to a symlink" \
	fadump-analyze convert -f "$r" "$W/link"
t_ok "the symlink is still a symlink" test -L "$W/link"
t_ok "and its target was not created" test ! -e "$W/target"
t_run bash -c "fadump-analyze convert -f -F '$r' /dev/stdout | wc -c"
t_like "$T_OUT" '^ *0$' "convert -F /dev/stdout writes nothing through the link"
t_like "$T_ERR" '/dev/stdout: is a symbolic link' "/dev/stdout: says why"

mkfifo "$W/fifo"
refused 'fifo: is a FIFO' "convert -f to a FIFO (no hang)" \
	fadump-analyze convert -f "$r" "$W/fifo"
t_ok "the FIFO is still a FIFO" test -p "$W/fifo"
refused 'fifo: is a FIFO' "rebuild-notes -f to a FIFO (no hang)" \
	fadump-analyze rebuild-notes -f "$r" "$W/fifo"

mkdir "$W/dir"
refused 'dir: is a directory' "convert -f to a directory" \
	fadump-analyze convert -f "$r" "$W/dir"
t_ok "the directory is still a directory" test -d "$W/dir"

# ---- an existing file: only with -f ----
printf 'precious\n' >"$W/exists"
sum=$(sha256sum <"$W/exists")
refused 'exists: exists; not replaced without -f' "convert to an existing file" \
	fadump-analyze convert -l "$r" "$W/exists"
t_is "$(sha256sum <"$W/exists")" "$sum" "the existing file is untouched"
t_run fadump-analyze convert -f -l "$r" "$W/exists"
t_is "$T_RC" 0 "convert -f replaces an existing regular file"
t_files_equal "$W/exists" "$W/ok.kd" "and writes the same dump"
t_is "$(stat -c %a "$W/exists")" 600 "the replacement is mode 0600"
t_run fadump-analyze convert --force -l "$r" "$W/exists"
t_is "$T_RC" 0 "--force is -f"

t_run fadump-analyze rebuild-notes "$r" "$W/rn"
t_is "$T_RC" 0 "rebuild-notes to a new name"
cp "$W/rn" "$W/rn.first"
refused 'rn: exists; not replaced without -f' "rebuild-notes to an existing file" \
	fadump-analyze rebuild-notes "$r" "$W/rn"
t_run fadump-analyze rebuild-notes -f "$r" "$W/rn"
t_is "$T_RC" 0 "rebuild-notes -f replaces it"
t_files_equal "$W/rn" "$W/rn.first" "with the same copy"

# ---- the input is never the output ----
cp "$r/proc/vmcore" "$W/same.vmcore"
sum=$(sha256sum <"$W/same.vmcore")
refused 'same.vmcore: is the input; an input is never replaced' \
	"convert -l -d 31 same.vmcore same.vmcore" \
	fadump-analyze convert -l -d 31 "$W/same.vmcore" "$W/same.vmcore"
refused 'is the input' "... with -f" \
	fadump-analyze convert -f -l -d 31 "$W/same.vmcore" "$W/same.vmcore"
ln "$W/same.vmcore" "$W/hardlink"
refused 'hardlink: is the same file as the input' "convert -f to a hard link of the input" \
	fadump-analyze convert -f "$W/same.vmcore" "$W/hardlink"
refused 'is the same file as the input' "convert -f to the input by another path" \
	fadump-analyze convert -f "$W/same.vmcore" "$W/dir/../same.vmcore"
refused 'is the same file as the input' "rebuild-notes -f onto its input" \
	fadump-analyze rebuild-notes -f "$W/same.vmcore" "$W/hardlink"
t_is "$(sha256sum <"$W/same.vmcore")" "$sum" "the input is unchanged (sha256)"
vsum=$(sha256sum <"$r/proc/vmcore")
refused 'proc/vmcore: is the input' "convert -f ROOT ROOT/proc/vmcore" \
	fadump-analyze convert -f "$r" "$r/proc/vmcore"
t_is "$(sha256sum <"$r/proc/vmcore")" "$vsum" "the capture root's vmcore is unchanged"
t_run fadump-analyze convert -F -l "$r" "$W/flat"
t_is "$T_RC" 0 "a flattened stream written"
t_run bash -c "fadump-analyze convert -f - '$W/flat' <'$W/flat'"
t_is "$T_RC" 1 "convert -f - FLAT <FLAT: the stream on stdin is the input"
t_like "$T_ERR" 'flat: is the same file as the input <stdin>' "stdin: says why"
nothing_left "$W" "after every refusal"

# ---- split writes DIR whole ----
t_run fadump-analyze split "$r" -o "$W/sp"
t_is "$T_RC" 0 "split to a new DIR"
t_is "$(stat -c %a "$W/sp")" 700 "DIR is mode 0700"
cp "$W/sp/manifest.json" "$W/manifest.first"
refused 'sp: exists and is not empty; not replaced without -f' "split rerun onto DIR" \
	fadump-analyze split "$r" -o "$W/sp"
t_files_equal "$W/sp/manifest.json" "$W/manifest.first" "DIR untouched by the refused rerun"
t_run fadump-analyze split -f "$r" -o "$W/sp"
t_is "$T_RC" 0 "split -f rerun replaces DIR"
t_files_equal "$W/sp/manifest.json" "$W/manifest.first" "with the same files"
printf 'mine\n' >"$W/sp/notes.txt"
refused 'holds notes.txt, which this command does not write' "split -f onto a DIR with other files" \
	fadump-analyze split -f "$r" -o "$W/sp"
t_ok "the foreign file stays" test -s "$W/sp/notes.txt"
rm "$W/sp/notes.txt"
ln -s sp "$W/splink"
refused 'splink: is a symbolic link, not a directory' "split -f onto a symlink" \
	fadump-analyze split -f "$r" -o "$W/splink"
refused 'exists: is a regular file, not a directory' "split -f onto a file" \
	fadump-analyze split -f "$r" -o "$W/exists"
mkdir "$W/empty"
t_run fadump-analyze split "$r" -o "$W/empty"
t_is "$T_RC" 0 "split into an existing empty directory"
t_ok "which now holds the manifest" test -s "$W/empty/manifest.json"
nothing_left "$W" "after split"

# SIGINT half-way: the registration structure is read from a FIFO twice
# (sections, then the file); the second read waits with files already written.
mkfifo "$W/fdm"
(cat "$r/proc/device-tree/rtas/ibm,kernel-dump" >"$W/fdm") &
fadump-analyze split --fdm "$W/fdm" "$r" -o "$W/sigsp" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do
	ls "$W"/.sigsp.*/cpu_state.bin >/dev/null 2>&1 && break
	sleep 0.1
done
t_ok "split was writing into its temporary directory" test -n "$(ls -d "$W"/.sigsp.* 2>/dev/null)"
kill -INT "$pid"
wait "$pid"
rc=$?
t_ok "SIGINT ends split with a failure status ($rc)" test "$rc" -ne 0
t_ok "no partial DIR after SIGINT" test ! -e "$W/sigsp"
nothing_left "$W" "after SIGINT"
exec 9<>"$W/fdm"; exec 9>&-	# release the writer, if it still waits
wait

# ---- -F refuses a terminal ----
if t_have_pty; then
	script -qec "fadump-analyze convert -F -l '$r'" "$T_TMP/tty.log" >/dev/null 2>&1 </dev/null
	rc=$?
	t_is "$rc" 2 "convert -F to a terminal: exit 2"
	t_like "$(cat "$T_TMP/tty.log")" 'standard output is a terminal' "-F to a terminal: says why"
	t_unlike "$(cat "$T_TMP/tty.log")" 'makedumpfile' "-F to a terminal: no stream on the terminal"
else
	t_skip "-F to a terminal: no script(1) or no pseudo-terminal (devpts) here"
fi

# ---- a full disk leaves nothing ----
if [ "$(id -u)" = 0 ] && mkdir "$T_TMP/small" &&
   mount -t tmpfs -o size=1m tmpfs "$T_TMP/small" 2>/dev/null; then
	trap 'umount "$T_TMP/small" 2>/dev/null; rm -rf "$T_TMP"' EXIT
	t_run fadump-analyze convert -d 0 "$r" "$T_TMP/small/full.kd"
	t_is "$T_RC" 1 "convert onto a full disk: exit 1"
	t_like "$T_ERR" 'full.kd: write .*No space left on device' "convert ENOSPC: says so"
	t_is "$(ls -A "$T_TMP/small" | wc -l)" 0 "convert ENOSPC: nothing left on the disk"
	t_run fadump-analyze split "$r" -o "$T_TMP/small/sp"
	t_is "$T_RC" 1 "split onto a full disk: exit 1"
	t_like "$T_ERR" 'small/sp/[a-z_]+\.bin: write .*No space left on device' \
		"split ENOSPC: names DIR/FILE"
	t_is "$(ls -A "$T_TMP/small" | wc -l)" 0 "split ENOSPC: no partial DIR, no temporary"
	t_run fadump-analyze rebuild-notes "$r" "$T_TMP/small/rn"
	t_is "$T_RC" 1 "rebuild-notes onto a full disk: exit 1"
	t_is "$(ls -A "$T_TMP/small" | wc -l)" 0 "rebuild-notes ENOSPC: nothing left"
	umount "$T_TMP/small"
else
	t_skip "ENOSPC: a small tmpfs needs root and mount"
fi

# ---- --help says so ----
for sub in convert split rebuild-notes; do
	t_run fadump-analyze "$sub" --help
	t_like "$T_OUT" '-f' "$sub --help mentions -f"
done
t_done
