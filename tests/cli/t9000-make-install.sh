#!/usr/bin/env bash
# t9000-make-install.sh - make install / make uninstall from the build under
# test (nothing is rebuilt): with DESTDIR and PREFIX=/usr every file lands
# where its users look (fadump.so in /usr/lib/crash/extensions, on crash's
# search path), with its mode; the extension is built for this machine;
# uninstall removes exactly what install put; CPPFLAGS, CFLAGS and LDFLAGS
# reach every host compile and link (the extension's too); -Werror only
# with WERROR=1.
. "$(dirname "$0")/lib.sh"
t_native_only "make install re-reads the Makefile without CROSS=ppc64le; it installs for this machine"

# make check exports WERROR=1 (and "make WERROR=1 ..." passes it down in
# MAKEFLAGS); the defaults are what is tested here.
mk() { env -u WERROR -u MAKEFLAGS -u MAKELEVEL make --no-print-directory -C "$FA_SRC" BUILD="$FA_BUILD" SAN="${FA_SAN:-0}" "$@"; }

dest=$T_TMP/dest
t_run mk install DESTDIR="$dest" PREFIX=/usr
t_is "$T_RC" 0 "make install DESTDIR=... PREFIX=/usr exits 0 ($(printf '%s\n' "$T_ERR" | tail -1))"
t_unlike "$T_OUT" '(^| )(cc|gcc|[a-z0-9-]*-gcc) ' "install rebuilds nothing from an up-to-date build"
want="0755 usr/bin/fadump-analyze
0755 usr/bin/fadump-kernel
0644 usr/lib/crash/extensions/fadump.so
0644 usr/share/man/man1/fadump-analyze.1
0644 usr/share/man/man1/fadump-kernel.1
0644 usr/share/man/man8/crash-fadump.8"
t_is "$(cd "$dest" && find . -type f -printf '%m %P\n' | sed 's/^755/0755/; s/^644/0644/' | sort -k2)" \
	"$want" "the installed files and their modes"
so=$dest/usr/lib/crash/extensions/fadump.so
mach() { LC_ALL=C readelf -h "$1" 2>/dev/null | sed -n 's/^ *Machine: *//p'; }
t_is "$(mach "$so")" "$(mach "$dest/usr/bin/fadump-kernel")" \
	"the installed fadump.so is built for this machine, as its programs are"
t_is "$(LC_ALL=C readelf -h "$so" | sed -n 's/^ *Type: *\([A-Z]*\).*/\1/p')" DYN \
	"the installed fadump.so is a shared object"
t_ok "man pages are identical to the sources" \
	cmp "$dest/usr/share/man/man8/crash-fadump.8" "$FA_SRC/man/crash-fadump.8"

t_run mk uninstall DESTDIR="$dest" PREFIX=/usr
t_is "$T_RC" 0 "make uninstall exits 0"
t_is "$(cd "$dest" && find . -type f -printf '%P\n')" "" "uninstall removes every installed file"
t_run mk uninstall DESTDIR="$dest" PREFIX=/usr
t_is "$T_RC" 0 "a second uninstall is harmless"

# Another PREFIX, and the extension directory of the packager's choice.
t_run mk install DESTDIR="$dest" PREFIX=/opt/fa CRASH_EXTDIR=/usr/lib64/crash/extensions
t_is "$(cd "$dest" && find . -type f -printf '%P\n' | sort | tr '\n' ' ')" \
	"opt/fa/bin/fadump-analyze opt/fa/bin/fadump-kernel opt/fa/share/man/man1/fadump-analyze.1 opt/fa/share/man/man1/fadump-kernel.1 opt/fa/share/man/man8/crash-fadump.8 usr/lib64/crash/extensions/fadump.so " \
	"PREFIX and CRASH_EXTDIR are honoured"
t_run mk uninstall DESTDIR="$dest" PREFIX=/opt/fa CRASH_EXTDIR=/usr/lib64/crash/extensions
t_is "$(cd "$dest" && find . -type f -printf '%P\n')" "" "and uninstall with the same variables removes them"

# The packager's flags (a dry run of a fresh build: nothing is compiled).
t_run mk -n -B BUILD="$T_TMP/fresh" SAN=0 CPPFLAGS=-DFA_PROBE_CPP \
	CFLAGS=-DFA_PROBE_C LDFLAGS=-Wl,-zFA_PROBE_LD all
cmds=$(printf '%s\n' "$T_OUT" | sed -e :a -e '/\\$/N; s/\\\n//; ta')
host=$(printf '%s\n' "$cmds" | grep -E '^(cc|gcc) ')
compiles=$(printf '%s\n' "$host" | grep -E ' -c ')
links=$(printf '%s\n' "$host" | grep -vE ' -c ')
t_like "$compiles" 'crash-ext/host/crash-ext/fadump\.o' "the dry run shows the extension's host compile"
t_is "$(printf '%s\n' "$compiles" | grep -vc -- '-DFA_PROBE_CPP')" 0 "CPPFLAGS reaches every host compile"
t_is "$(printf '%s\n' "$compiles" | grep -vc -- '-DFA_PROBE_C\b')" 0 "CFLAGS reaches every host compile"
t_like "$links" 'fadump\.so' "the dry run shows the extension's link"
t_is "$(printf '%s\n' "$links" | grep -vc -- '-Wl,-zFA_PROBE_LD')" 0 "LDFLAGS reaches every host link"
t_is "$(printf '%s\n' "$cmds" | grep -c -- '-Werror')" 0 "no -Werror unless asked, in any compile"
t_run mk -n -B BUILD="$T_TMP/fresh" SAN=0 WERROR=1 all
t_is "$(printf '%s\n' "$T_OUT" | grep -E '^(cc|gcc|powerpc64(le)?-linux-gnu-gcc) .* -Wall' | grep -vc -- '-Werror')" 0 \
	"WERROR=1 makes warnings errors in every compile"
t_done
