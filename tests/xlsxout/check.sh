#!/bin/sh
# check.sh: run check.py (same arguments) with a python3 that has openpyxl:
# the one first on PATH may be a private build without Debian's packages.
for py in python3 /usr/bin/python3; do
	if "$py" -c 'import openpyxl' 2>/dev/null; then
		exec "$py" "$(dirname "$0")/check.py" "$@"
	fi
done
echo "check.sh: no python3 with openpyxl (apt-get install python3-openpyxl)" >&2
exit 69
