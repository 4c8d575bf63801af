#!/usr/bin/env bash
# t1005-kernel-options.sh - fadump-kernel's command line: -h/--help of the
# program and of every command (usage on stdout, exit 0), -V/--version
# anywhere, GNU-style usage errors (one line, then a "Try" hint, exit 2),
# bad option values (one line naming the option, the expected form and
# what was found, exit 2), --name=VALUE, "--", and the help, the parser and
# the man page naming the same options.
. "$(dirname "$0")/lib.sh"

FK=fadump-kernel
MAN=$FA_SRC/man/fadump-kernel.1

# Help: stdout, exit 0, nothing on stderr.
for args in "--help" "-h" "crash --help" "crash -h" "register --help" \
	"register -h" "sysfs --help" "sysfs -h" "crash --ram 1G --help"; do
	t_run $FK $args
	t_is "$T_RC:$T_ERR" "0:" "'$args' exits 0, quiet on stderr"
	t_like "$T_OUT" '^usage: fadump-kernel' "'$args' prints the usage on stdout"
done
t_run $FK crash --help
t_like "$T_OUT" '^ *-o, --output ROOT' "crash --help describes -o"
t_like "$T_OUT" '--platform pseries\|powernv\|phyp' "crash --help describes the machine options"
t_run $FK register --help
t_unlike "$T_OUT" '--output|--save-machine' "register --help offers no crash-only option"
t_run $FK sysfs --help
t_like "$T_OUT" 'release_mem' "sysfs --help lists the files"

# Version anywhere.
for args in "-V" "--version" "crash -V" "register --version" "sysfs -V" \
	"crash --ram 1G -V"; do
	t_run $FK $args
	t_is "$T_RC:$T_OUT" "0:fadump-kernel $(sed -n 's/^VERSION := //p' "$FA_SRC/Makefile")" \
		"'$args' prints the version"
done

# Usage errors: exactly one line and the hint, exit 2.
usage_error() {	# WANT-LINE HINT-COMMAND ARGS...
	local want=$1 hint=$2; shift 2
	t_run $FK "$@"
	t_is "$T_RC" 2 "'$*' exits 2"
	t_is "$T_ERR" "fadump-kernel: $want
Try 'fadump-kernel${hint:+ $hint} --help' for more information." "'$*': one error line and the hint"
	t_is "$T_OUT" "" "'$*': nothing on stdout"
}
usage_error "missing command" ""
usage_error "unrecognized option '--bogus'" "" --bogus
usage_error "invalid option -- 'x'" "" -x
usage_error "unknown command 'bogus'" "" bogus
usage_error "unrecognized option '--x'" crash crash --x
usage_error "unrecognized option '--x'" crash crash --x=1 -o "$T_TMP/r"
usage_error "invalid option -- 'z'" register register -z
usage_error "option '--ram' requires an argument" crash crash --ram
usage_error "option requires an argument -- 'o'" crash crash --ram 1G -o
usage_error "option '--mainline-exact' doesn't allow an argument" crash \
	crash --mainline-exact=yes -o "$T_TMP/r"
usage_error "option '--help' doesn't allow an argument" register register --help=1
usage_error "unexpected argument 'extra'" crash crash -o "$T_TMP/r" extra
usage_error "unexpected argument 'extra'" register register -- extra
usage_error "invalid option -- 'o'" register register -o "$T_TMP/r"
usage_error "unrecognized option '--save-machine'" register register --save-machine m
usage_error "crash needs -o ROOT" crash crash --ram 1G
usage_error "unrecognized option '--bogus'" sysfs sysfs --bogus r registered
usage_error "sysfs needs ROOT FILE [VALUE]" sysfs sysfs "$T_TMP/r"
t_ok "no root left by refused crash runs" test ! -e "$T_TMP/r"

# Bad values: one line naming the option, the form and what was found.
bad_value() {	# REGEX ARGS...
	local want=$1; shift
	t_run $FK "$@"
	t_is "$T_RC" 2 "'$*' exits 2"
	t_is "$(printf '%s\n' "$T_ERR" | wc -l)" 1 "'$*': one line on stderr"
	t_like "$T_ERR" "^fadump-kernel: $want" "'$*': names the option, the form, the value"
}
bad_value '--ram: expected a 4 KiB-aligned size such as 4G, found "1X"$' crash --ram 1X -o "$T_TMP/r"
bad_value '--ram: expected .* found "1X"$' register --ram=1X
bad_value '--cpus: expected a number, found "four"$' register --cpus four
bad_value '--platform: expected pseries, powernv or phyp, found "aix"$' register --platform aix
bad_value '--page-size: expected 4K, 64K, 4096 or 65536, found "8K"$' register --page-size 8K
bad_value '--endian: expected le or be, found "middle"$' register --endian middle
bad_value '--era: expected 6.10 or pre-6.10, found "5.0"$' register --era 5.0
bad_value '--memmap: expected BASE:SIZE, found "0x1000"$' register --memmap 0x1000
bad_value '--content: expected percentages summing to 100, found 50$' register --content zero=50
bad_value '--crashing-cpu: expected -1 or 0\.\.2047, found 4096$' register --crashing-cpu 4096
bad_value '--fault: expected .*; got "melt"$' crash --fault melt -o "$T_TMP/r"
bad_value '--fault: expected .*; got "table-full=x"$' register --fault table-full=x
t_ok "no root left by bad values" test ! -e "$T_TMP/r"

# Every option the help names is one the parser knows (a missing value
# is reported as such, never as an unknown option), and the man page
# describes each.
opts=$( { $FK crash --help; $FK register --help; $FK sysfs --help; } |
	grep -oE -- '--[a-z][a-z-]+' | sort -u)
for o in $opts; do
	case $o in --help|--version|--mainline-exact) continue ;; esac
	t_run $FK crash "$o"
	t_is "$T_ERR" "fadump-kernel: option '$o' requires an argument
Try 'fadump-kernel crash --help' for more information." "crash knows $o and needs its value"
done
for o in $opts; do
	t_like "$(sed 's/\\-/-/g' "$MAN")" "(^|[^a-z-])$o([^a-z-]|$)" "fadump-kernel.1 documents $o"
done

# --name=VALUE and --name VALUE mean the same; -oROOT and -o ROOT too.
t_run $FK register --ram=1G --cpus 2 --cmdline=fadump=on
a=$T_OUT
t_run $FK register --ram 1G --cpus=2 --cmdline fadump=on
t_is "$T_RC" 0 "register with separate values exits 0"
t_is "$a" "$T_OUT" "--name=VALUE gives the same run as --name VALUE"
t_run $FK crash --ram=1G --cpus=2 --content=zero=100 --cmdline=fadump=on \
	--crashing-cpu -1 -o"$T_TMP/eq"
t_is "$T_RC" 0 "crash with --name=VALUE and -oROOT exits 0"
t_ok "crash -oROOT wrote the root" test -s "$T_TMP/eq/proc/vmcore"
# The state replay goes through the same parser.
t_run $FK sysfs "$T_TMP/eq" release_mem -1
t_like "$T_ERR" 'write error: Invalid argument' "sysfs: a negative VALUE is an operand, not an option"
t_run $FK sysfs "$T_TMP/eq" release_mem 1
t_is "$T_RC" 0 "sysfs replays a crash given with --name=VALUE"
t_ok "release_mem 1 released the dump" test ! -e "$T_TMP/eq/proc/vmcore"
t_run $FK sysfs -- "$T_TMP/eq" registered
t_is "$T_RC:$T_OUT" "0:0" "sysfs takes -- before its operands"
t_done
