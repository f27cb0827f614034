#!/bin/sh
# deps.sh: install the Debian packages lb needs to build and test, if missing.
# Usage: tools/deps.sh [extra-package ...]
# Installs with apt-get as root, else with sudo; else prints the command.
#
# What is installed is asked of dpkg-query.  Where there is none (not
# Debian, or a container without dpkg) nothing can be checked, and
# apt-get would not help: then it prints the packages it would have
# checked, says it could not, and exits 1 without trying to install.
# (tools/buildcheck.sh, run by a plain make, needs no dpkg: it looks for
# the headers and commands themselves.)
set -u
need="make gcc pkg-config gettext libcsv-dev libyaml-dev libpcre2-dev libzip-dev libexpat1-dev libfreexl-dev libxlsxwriter-dev${*:+ $*}"
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: cannot check which packages are installed (no dpkg-query);" \
	    "lb needs the Debian packages: $need" >&2
	echo "deps: install them, or this system's equivalents, yourself" >&2
	exit 1
fi
missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing" >&2
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" = 0 ]; then
	apt-get update -qq >&2 || true
	DEBIAN_FRONTEND=noninteractive $cmd >&2 && exit 0
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo apt-get update -qq >&2 || true
	sudo DEBIAN_FRONTEND=noninteractive $cmd >&2 && exit 0
fi
echo "deps: missing packages; install them with:" >&2
echo "    sudo apt-get update && sudo $cmd" >&2
exit 1
