#!/bin/sh
# agree.sh DIR DATE...: lb-due and lb-report on DIR's roster, staff list
# and log, as of each DATE: compare.py must find them agreeing (counts and
# the children named, with --detail), and their
# warnings about the log must be the same lines.  Prints one line per date.
dir=$1
shift
here=$(dirname "$0")
for day in "$@"; do
	lb-due --as-of "$day" --staff "$dir/staff.csv" -l "$dir/log.csv" \
	    "$dir/roster.csv" > due.csv 2> due.err
	rc=$?
	[ $rc -le 1 ] || { echo "$day: lb-due exit $rc"; cat due.err; continue; }
	lb-report --as-of "$day" --from 2026-09-01 --to "$day" --format csv \
	    --detail -l "$dir/log.csv" "$dir/roster.csv" \
	    > report.csv 2> report.err ||
	    { echo "$day: lb-report exit $?"; cat report.err; continue; }
	printf '%s: ' "$day"
	python3 "$here/compare.py" due.csv report.csv
	grep 'not counted' due.err | sed 's/^lb-due: //' > due.w
	grep 'not counted' report.err | sed 's/^lb-report: //' > report.w
	cmp -s due.w report.w || { echo "$day: the warnings differ"; diff due.w report.w; }
done
