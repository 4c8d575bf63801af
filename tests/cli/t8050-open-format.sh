#!/usr/bin/env bash
# t8050-open-format.sh - one way into a dump: info and convert take every
# input through the same format table (dump.h), so they name the same file
# and say the same thing of it: an empty file, one that is no dump, a
# capture root given with trailing slashes, a directory that is no capture
# root, a flattened stream (which info
# and convert --mem-usage cannot read in place, and convert rebuilds).
. "$(dirname "$0")/lib.sh"

# same NAME PATH [--mem-usage]: info PATH and convert PATH OUT (convert
# --mem-usage PATH) fail with the same line, exit 1.
same() {
	local name=$1 path=$2 info conv
	shift 2
	t_run fadump-analyze info "$path"
	t_is "$T_RC" 1 "$name: info exits 1"
	info=$T_ERR
	if [ "${1:-}" = --mem-usage ]; then
		t_run fadump-analyze convert --mem-usage "$path"
	else
		t_run fadump-analyze convert "$path" "$T_TMP/out.kd"
	fi
	t_is "$T_RC" 1 "$name: convert exits 1"
	conv=$T_ERR
	t_is "$conv" "$info" "$name: convert says what info says"
	t_is "$(printf '%s\n' "$conv" | wc -l)" 1 "$name: one line"
	t_ok "$name: no output" test ! -e "$T_TMP/out.kd"
}

: >"$T_TMP/empty"
same "empty file" "$T_TMP/empty"
t_like "$T_ERR" "^fadump-analyze: $T_TMP/empty: empty file: expected an ELF vmcore" \
	"empty file: named, and what was expected"

printf 'not a dump at all' >"$T_TMP/junk"
same "not a dump" "$T_TMP/junk"
t_like "$T_ERR" "^fadump-analyze: $T_TMP/junk: not a dump: expected an ELF or kdump-compressed signature at offset 0, found 6e 6f 74 20\$" \
	"not a dump: named, expected and found"

mkdir -p "$T_TMP/r/proc"
cp "$T_TMP/junk" "$T_TMP/r/proc/vmcore"
same "capture root with trailing slashes" "$T_TMP/r//"
t_like "$T_ERR" "^fadump-analyze: $T_TMP/r/proc/vmcore: not a dump" \
	"capture root: ROOT/proc/vmcore named once, built the same way"

mkdir -p "$T_TMP/notroot/proc"
same "directory without proc/vmcore" "$T_TMP/notroot"
t_like "$T_ERR" "^fadump-analyze: $T_TMP/notroot: a directory, but not a capture root: no proc/vmcore in it\$" \
	"directory without proc/vmcore: named, and why it is no capture root"

printf 'makedumpfile\0\0\0\0' >"$T_TMP/flat"
head -c 4080 /dev/zero >>"$T_TMP/flat"
same "flattened stream" "$T_TMP/flat" --mem-usage
t_like "$T_ERR" "^fadump-analyze: $T_TMP/flat: a flattened makedumpfile stream: rebuild it first \(makedumpfile -R, or fadump-analyze convert IN OUT\)\$" \
	"flattened stream: both send it to a rebuild"

# A good capture root given with trailing slashes converts and reads.
s=$FA_BUILD/samples/pseries-be-4k
t_run fadump-analyze convert -l -d 31 "$s//" "$T_TMP/ok.kd"
t_is "$T_RC" 0 "capture root with trailing slashes converts ($T_ERR)"
t_run fadump-analyze info "$T_TMP/ok.kd"
t_is "$T_RC" 0 "and its output opens as a dump"
t_like "$T_OUT" "kdump-compressed" "through the kdump-compressed entry"
# and the flattened form of it is rebuilt by convert, refused by info
t_run fadump-analyze convert -l -d 31 -F "$s" "$T_TMP/ok.flat"
t_is "$T_RC" 0 "flattened output written"
t_run fadump-analyze info "$T_TMP/ok.flat"
t_is "$T_RC" 1 "info refuses the flattened stream"
t_run fadump-analyze convert "$T_TMP/ok.flat" "$T_TMP/rebuilt.kd"
t_is "$T_RC" 0 "convert rebuilds it"
t_files_equal "$T_TMP/rebuilt.kd" "$T_TMP/ok.kd" "into the same file"

t_done
