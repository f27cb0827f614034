#!/bin/sh
# check.sh: are the catalogs complete?  `make po-check` and tests/i18n run it.
# Usage: sh po/check.sh   (from anywhere; needs Debian's gettext)
# Extracts the messages afresh from cmd/ and lib/ (po/mkpot.sh) and checks
# that po/lb.pot holds just those, and that every po/*.po translates each
# of them (none missing, none fuzzy), with format strings that match
# (msgfmt -c) and with the English's line breaks (a one-line message stays
# one line in every language).  One line per file; exit 1 if any fails.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lbpo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
for t in xgettext msgcmp msgfmt msgcat; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "po: no $t (sh tools/deps.sh gettext)"; exit 1; }
done
rc=0
if ! sh "$top/po/mkpot.sh" "$tmp/lb.pot" 2>"$tmp/err"; then
	cat "$tmp/err"
	exit 1
fi
# The same messages both ways (not the same bytes: another gettext may
# wrap or comment them differently).
same() { msgcmp --use-untranslated "$1" "$2" >/dev/null 2>&1; }
if same "$top/po/lb.pot" "$tmp/lb.pot" &&
    same "$tmp/lb.pot" "$top/po/lb.pot"; then
	echo "lb.pot: current"
else
	echo "lb.pot: stale (run: make pot)"
	rc=1
fi
for po in "$top"/po/*.po; do
	l=${po##*/}
	ok=1
	# A message of the sources missing, untranslated or fuzzy in the .po.
	if ! msgcmp "$po" "$tmp/lb.pot" >"$tmp/cmp" 2>&1; then
		sed 's/^/  /' "$tmp/cmp" | head -20
		ok=0
	fi
	if ! msgfmt -c -o /dev/null "$po" 2>"$tmp/fmt"; then
		sed 's/^/  /' "$tmp/fmt" | head -20
		ok=0
	fi
	# As many line breaks as the English: one-line messages stay one line.
	msgcat --no-wrap "$po" | awk '
	function text(s) { return substr(s, 2, length(s) - 2) }
	function check(show) {
		show = id
		if (id != "" && gsub(/\\n/, "", id) != gsub(/\\n/, "", str))
			print "  line breaks differ: " show
		id = str = ""
	}
	/^msgid / { check(); key = "id"; id = text(substr($0, 7)); next }
	/^msgid_plural / { key = ""; next }
	/^msgstr(\[0\])? / {
		key = "str"; sub(/^msgstr(\[0\])? /, ""); str = text($0); next
	}
	/^msgstr\[/ { key = ""; next }
	/^"/ && key == "id" { id = id text($0); next }
	/^"/ && key == "str" { str = str text($0); next }
	END { check() }' >"$tmp/nl"
	if [ -s "$tmp/nl" ]; then
		head -20 "$tmp/nl"
		ok=0
	fi
	if [ $ok = 1 ]; then
		echo "$l: complete"
	else
		echo "$l: incomplete"
		rc=1
	fi
done
exit $rc
