#!/bin/sh
# lo-roundtrip.sh FILE.xlsx: print the first sheet of a workbook as CSV of
# the values shown, as LibreOffice reads it (soffice --headless
# --convert-to csv: UTF-8, comma, values as formatted), where LibreOffice
# is installed; else as shown.py renders them from openpyxl.  Either way
# a reader other than lb's writer: IDs, classes and dates must come back
# as the table had them.
set -eu
f=$1
if command -v soffice >/dev/null 2>&1; then
	d=$(mktemp -d "${TMPDIR:-/tmp}/lort.XXXXXX")
	trap 'rm -rf "$d"' EXIT
	# A profile of its own: no clash with a running LibreOffice.
	soffice -env:UserInstallation="file://$d/profile" --headless \
	    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' \
	    --outdir "$d" "$f" >"$d/log" 2>&1 || { cat "$d/log" >&2; exit 1; }
	base=$(basename "$f" .xlsx)
	[ -f "$d/$base.csv" ] || { cat "$d/log" >&2; exit 1; }
	tr -d '\r' <"$d/$base.csv"
else
	for py in python3 /usr/bin/python3; do
		if "$py" -c 'import openpyxl' 2>/dev/null; then
			exec "$py" "$(dirname "$0")/shown.py" "$f"
		fi
	done
	echo "lo-roundtrip.sh: neither soffice nor python3-openpyxl" >&2
	exit 69
fi
