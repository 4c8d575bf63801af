#!/usr/bin/env bash
# t9020-layers.sh - the layers hold: a file of each folder sees its own
# headers and those of the layers below it, and including a header of a
# higher layer (or of a sibling it does not use) fails to build.  Lowest
# first: formats/, core/, then kernel/ and analysis/ side by side, then
# analyzer/ (fadump-analyze's command line) over analysis/.
. "$(dirname "$0")/lib.sh"
t_native_only "the layering is a property of the sources; the host compiler checks it"

cc=${CC:-cc}
layers="formats core kernel analysis analyzer"
# allowed[F]: the folders whose headers a file in F may include.
declare -A allowed=(
	[formats]="formats"
	[core]="formats core"
	[kernel]="formats core kernel"
	[analysis]="formats core analysis"
	[analyzer]="formats core analysis analyzer"
)

# A header of folder G whose name no other layer has (so that finding it
# proves G is on the path).
probe_header() {
	local g=$1 h o
	for h in "$FA_SRC/$g"/*.h; do
		[ -e "$h" ] || continue
		h=${h##*/}
		for o in $layers; do
			[ "$o" = "$g" ] || [ ! -e "$FA_SRC/$o/$h" ] || continue 2
		done
		echo "$h"
		return
	done
}

checked=0
for f in $layers; do
	[ -d "$FA_SRC/$f" ] || continue
	flags=$(make -s --no-print-directory -C "$FA_SRC" print-inc DIR="$f" 2>/dev/null)
	t_like "$flags" "-I$f( |$)" "$f/ compiles with its own headers on the path"
	for g in $layers; do
		[ -d "$FA_SRC/$g" ] || continue
		h=$(probe_header "$g")
		[ -n "$h" ] || continue
		printf '#include "%s"\n' "$h" >"$T_TMP/probe.c"
		# shellcheck disable=SC2086
		(cd "$FA_SRC" && $cc -std=gnu11 -D_GNU_SOURCE -fsyntax-only $flags \
			"$T_TMP/probe.c") >"$T_TMP/out" 2>&1
		rc=$?
		case " ${allowed[$f]} " in
		*" $g "*)
			t_is "$rc" 0 "$f/ may include $g/$h" ;;
		*)
			t_ok "$f/ cannot include $g/$h" test "$rc" != 0
			t_like "$(cat "$T_TMP/out")" "$h: No such file" \
				"  ... because $g/ is not on $f/'s path" ;;
		esac
		checked=$((checked + 1))
	done
done
t_ok "at least the five layers were probed against each other ($checked pairs)" \
	test "$checked" -ge 16
t_done
