#!/bin/sh
# demo.sh: a term of the example school through every lb command.
# Usage: sh examples/demo.sh [BIN-DIR [OUT-DIR]]  (make demo: build/bin build/demo)
# The school's own files stay untouched: the roster, the log and the
# reports are written to OUT-DIR.  The date is fixed so the run repeats.
set -u
bin=$(cd "${1:-build/bin}" && pwd)
ex=$(cd "$(dirname "$0")" && pwd)
out=${2:-build/demo}
PATH=$bin:$PATH
export PATH
LB_POLICY=$ex/policy.yaml
export LB_POLICY
day=2026-11-26

rm -rf "$out" && mkdir -p "$out" && cd "$out" || exit 1
cp "$ex/log.csv" log.csv

step() { printf '\n== %s\n$ %s\n' "$1" "$2"; }

step "enroll the intake survey into the roster (bad rows go to fix-me.csv)" \
    "lb-enroll --into roster.csv --rejects fix-me.csv intake.csv intake-errors.csv"
lb-enroll --as-of $day --into roster.csv --rejects fix-me.csv \
    "$ex/intake.csv" "$ex/intake-errors.csv" 2>&1 | grep -v 'warning: incomplete'
echo "(exit 1: some rows were rejected; the cards that are incomplete were warned about)"
cut -d, -f1,2,3 fix-me.csv | head -5

step "a class teacher's WPS workbook of pupils who joined later, read as it is" \
    "lb-enroll --into roster.csv intake-wps.xlsx"
lb-enroll --as-of $day --into roster.csv "$ex/intake-wps.xlsx" 2>&1 |
    grep -v 'warning: incomplete'
echo "(the title, date line, blank row and footer are said; the two-row header is read as one)"

step "pair every child with a mentor teacher and a buddy, the neediest with a volunteer" \
    "lb-pair --staff staff.csv --pool class-lists.csv -o roster.csv roster.csv"
lb-pair --as-of $day --staff "$ex/staff.csv" --pool "$ex/class-lists.csv" \
    -o roster.csv roster.csv || echo "(exit $?: see the messages above)"

step "record a talk" "lb-log -l log.csv talk S2031 --by T07 --note 说想妈妈了"
lb-log --as-of $day --date $day -l log.csv --by T07 --note "说想妈妈了" talk S2031 &&
    tail -1 log.csv

step "what is overdue or due within a week, for mentor T07" \
    "lb-due --staff staff.csv -l log.csv --within 7 --mentor T07 --format table roster.csv"
lb-due --as-of $day --staff "$ex/staff.csv" -l log.csv --within 7 --mentor T07 \
    --format table roster.csv | head -15
echo "..."

step "and for volunteer V01 (张桂芳, an 爱心妈妈 of 青山村): her children's companion visits" \
    "lb-due --staff staff.csv -l log.csv --within 7 --mentor V01 --format table roster.csv"
lb-due --as-of $day --staff "$ex/staff.csv" -l log.csv --within 7 --mentor V01 \
    --format table roster.csv
lb-due --as-of $day --staff "$ex/staff.csv" -l log.csv --within 7 --format mail \
    roster.csv >mail.mbox 2>/dev/null
echo "(one message per mentor and volunteer in $out/mail.mbox: $(grep -c '^From ' mail.mbox) messages)"

step "the term's figures" "lb-report -l log.csv --term 2026-autumn --format table roster.csv"
lb-report --as-of $day -l log.csv --term 2026-autumn --format table roster.csv | head -30
echo "..."
lb-report --as-of $day -l log.csv --term 2026-autumn --format html roster.csv >summary.html
lb-report --as-of $day -l log.csv --term 2026-autumn --format csv roster.csv >summary.csv
lb-report --as-of $day -l log.csv --term 2026-autumn --format xlsx -o summary.xlsx \
    roster.csv
echo
echo "The printable summary is $out/summary.html; the tidy figures $out/summary.csv;"
echo "the same tables for Excel or WPS, a sheet each, $out/summary.xlsx."
