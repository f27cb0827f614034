#!/bin/sh
# demo-history.sh: the term's end at the example school: the marks entered
# again, every change kept in the progress archive (进步档案), and which
# marks rose, fell or held, with a buddy and without.
# Usage: sh examples/demo-history.sh [BIN-DIR [OUT-DIR]]  (after demo.sh,
# in its OUT-DIR: make demo runs both)
set -u
bin=$(cd "${1:-build/bin}" && pwd)
ex=$(cd "$(dirname "$0")" && pwd)
out=${2:-build/demo}
PATH=$bin:$PATH
export PATH
LB_POLICY=$ex/policy.yaml
export LB_POLICY
day=2027-01-15

cd "$out" && [ -f roster.csv ] || { echo "run examples/demo.sh first" >&2; exit 1; }
rm -f history.csv history.csv.journal history.csv.lock
cp "$ex/intake-2027-01.csv" .

step() { printf '\n== %s\n$ %s\n' "$1" "$2"; }

step "the term's end: marks entered again, every change kept (进步档案)" \
    "lb-enroll --into roster.csv --history history.csv intake-2027-01.csv"
lb-enroll --as-of $day --into roster.csv --history history.csv \
    intake-2027-01.csv 2>&1 | grep -v 'warning: incomplete'
head -4 history.csv
echo "... ($(($(wc -l < history.csv) - 1)) changes in history.csv)"

step "did the marks rise? for the school, and with a buddy or without" \
    "lb-report --term 2026-autumn --history history.csv --format csv roster.csv"
lb-report --as-of 2027-01-22 --term 2026-autumn --history history.csv \
    --format csv roster.csv 2>/dev/null |
    grep -E '^marks_[a-z]+,(|buddy=[a-z]+),' | cut -d, -f1-5

step "one child's record (成长记录): the card, every contact, what is due, the marks" \
    "lb-report --cards --where student_id=S6027 -l log.csv --history history.csv --staff staff.csv roster.csv"
lb-report --as-of $day --cards --where student_id=S6027 -l log.csv \
    --history history.csv --staff "$ex/staff.csv" roster.csv 2>/dev/null |
    sed -n '/^帮扶记录/,$p'
lb-report --as-of $day --cards --where class=1-1 -l log.csv --history history.csv \
    --staff "$ex/staff.csv" --format html -o records-1-1.html roster.csv 2>/dev/null
echo
echo "Class 1-1's records, a child a page for the 档案 folder: $out/records-1-1.html"
