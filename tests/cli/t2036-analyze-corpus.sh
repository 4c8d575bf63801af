#!/usr/bin/env bash
# t2036-analyze-corpus.sh - hostile input: every fadump-analyze subcommand
# on every file of a malformed-dump corpus (tests/fuzz/mkcorpus.py, built
# here from the samples) ends within 60 s (times FA_TIME_FACTOR, 4 under
# make check-ppc64le's emulator) with exit 1 or 2 -- exit 0 only
# for files the corpus marks "tolerated" --, with no sanitizer report; when
# it fails, stderr's last line names the file and the output directory is
# left empty; when it succeeds, only the output it was asked for is there.
# The bound is a hang detector, not a speed target: convert -c of a 27 KB
# file claiming a 1 TiB PT_LOAD writes 16 Mi zero pages (1.8 GB) at -d 0,
# 15 s alone and more on a loaded machine.
# FA_CORPUS_FILES (default 100) bounds the number of files; 0 runs all ~470.
. "$(dirname "$0")/lib.sh"

samples=$FA_BUILD/samples
if [ ! -d "$samples/pseries-le-64k" ]; then
	t_skip "no samples in $samples (make samples)"
	t_done
	exit
fi
corpus=$T_TMP/corpus
t_run python3 "$FA_SRC/tests/fuzz/mkcorpus.py" "$samples" \
	"$(command -v fadump-analyze)" "$corpus" "${FA_CORPUS_FILES:-100}"
t_is "$T_RC" 0 "corpus generated"
t_like "$(grep -c '	bad	' "$corpus/MANIFEST")" '^[1-9][0-9]+$' \
	"the corpus has files nothing can be read from"
t_like "$(grep -c '	tolerated	' "$corpus/MANIFEST")" '^[1-9][0-9]+$' \
	"the corpus has damaged but partly readable files"

out=$T_TMP/out
mkdir -p "$out"
# Each subcommand as NAME:ARGS, IN and OUT standing for the file and a
# path in the (empty) output directory.
cmds=(
	"summary:IN" "summary-json:--json IN"
	"info:info IN" "info-json:info --json IN"
	"regions:regions IN" "regions-json:regions --json IN"
	"cpus:cpus IN" "cpus-json:cpus --json IN"
	"split:split IN -o OUT" "split-json:split --json IN -o OUT"
	"rebuild-notes:rebuild-notes IN OUT"
	"dmesg:dmesg IN" "dmesg-json:dmesg --json IN"
	"opalcore:opalcore IN" "opalcore-json:opalcore --json IN"
	"convert-l:convert -q -l -d 31 IN OUT" "convert-c:convert -q -c IN OUT"
)
san='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:'
shopt -s nullglob dotglob
runs=0 start=$SECONDS
while IFS=$'\t' read -r name class what; do
	in=$corpus/$name
	problems=()
	for c in "${cmds[@]}"; do
		sub=${c%%:*}
		args=()
		for a in ${c#*:}; do
			case $a in
			IN) args+=("$in") ;;
			OUT) args+=("$out/result") ;;
			*) args+=("$a") ;;
			esac
		done
		rc=0
		timeout $((60 * ${FA_TIME_FACTOR:-1})) fadump-analyze "${args[@]}" >/dev/null \
			2>"$T_TMP/err" </dev/null || rc=$?
		runs=$((runs + 1))
		mapfile -t err <"$T_TMP/err"
		last=
		[ ${#err[@]} -gt 0 ] && last=${err[-1]}
		left=("$out"/*)
		if [ "$rc" = 124 ]; then
			problems+=("$sub: no result within $((60 * ${FA_TIME_FACTOR:-1})) s")
		elif [ "$rc" -gt 2 ]; then
			problems+=("$sub: exit $rc: $last")
		elif [[ "${err[*]}" =~ $san ]]; then
			problems+=("$sub: sanitizer report: ${err[*]:0:3}")
		elif [ "$rc" = 0 ] && [ "$class" = bad ]; then
			problems+=("$sub: exit 0 on a file that cannot be read")
		elif [ "$rc" != 0 ] && [[ "$last" != *"$name"* ]]; then
			problems+=("$sub: exit $rc, last stderr line does not name the file: '$last'")
		elif [ "$rc" != 0 ] && [ ${#left[@]} != 0 ]; then
			problems+=("$sub: exit $rc left output: ${left[*]##*/}")
		elif [ "$rc" = 0 ] && [ ${#left[@]} != 0 ] &&
		     [ "${left[*]}" != "$out/result" ]; then
			problems+=("$sub: stray output: ${left[*]##*/}")
		fi
		[ ${#left[@]} = 0 ] || rm -rf "${left[@]}"
	done
	if [ ${#problems[@]} != 0 ]; then
		_t_report 1 "$name ($class: $what)"
		printf '#   %s\n' "${problems[@]}"
	else
		_t_report 0 "$name ($class: $what)"
	fi
done <"$corpus/MANIFEST"
echo "# $runs runs in $((SECONDS - start)) s"
t_done
