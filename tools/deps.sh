#!/bin/sh
# deps.sh: install the Debian packages lb needs to build and test, if missing.
# Usage: tools/deps.sh [extra-package ...]
# Installs with apt-get as root, else with sudo; else prints the command.
set -u
need="make gcc pkg-config gettext libcsv-dev libyaml-dev libpcre2-dev $*"
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
