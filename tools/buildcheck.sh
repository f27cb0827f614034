#!/bin/sh
# buildcheck.sh: before the first compile, name the Debian packages missing for the build.
# Usage: CC=cc CFLAGS='...' tools/buildcheck.sh   (the Makefile runs it)
#
# Looks for what the build uses, not for packages (so it works where
# dpkg does not): the compiler $CC, pkg-config and msgfmt on PATH, and
# the headers csv.h, yaml.h, pcre2.h, zip.h, expat.h, freexl.h and
# xlsxwriter.h as $CC $CFLAGS finds them.  When
# one is missing, prints the Debian packages that hold them and how to
# install them, and exits 1; else exits 0 silently.  It installs nothing
# (make deps does).
set -u
cc=${CC:-cc}
missing=
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lbcheck.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

need() {	# need PACKAGE: add it to the missing ones, once
	case " $missing " in
	*" $1 "*) ;;
	*) missing="${missing:+$missing }$1" ;;
	esac
}

set -- $cc
if ! command -v "$1" >/dev/null 2>&1; then
	case $1 in
	cc | gcc | c99) need gcc ;;
	clang) need clang ;;
	*) echo "lb: no compiler '$1' (expected CC to name one)" >&2; exit 1 ;;
	esac
else
	for h in csv.h:libcsv-dev yaml.h:libyaml-dev pcre2.h:libpcre2-dev \
	    zip.h:libzip-dev expat.h:libexpat1-dev freexl.h:libfreexl-dev \
	    xlsxwriter.h:libxlsxwriter-dev; do
		printf '#define PCRE2_CODE_UNIT_WIDTH 8\n#include <%s>\n' \
		    "${h%%:*}" > "$tmp/h.c"
		# CFLAGS is split into words on purpose: it holds several flags.
		$cc ${CFLAGS:-} -E -o /dev/null "$tmp/h.c" >/dev/null 2>&1 ||
			need "${h#*:}"
	done
fi
command -v pkg-config >/dev/null 2>&1 || need pkg-config
command -v msgfmt >/dev/null 2>&1 || need gettext

[ -z "$missing" ] && exit 0
echo "lb: missing build packages: $missing; install them with:" \
    "sudo apt-get install $missing (or run: make deps)" >&2
exit 1
