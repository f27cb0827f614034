#!/usr/bin/env python3
"""compare.py DUE.csv REPORT.csv: do lb-due and lb-report agree?

DUE.csv is lb-due's list as of a day (--within 0), REPORT.csv lb-report's
tidy CSV for a period ending that day.  They agree when:
- the report's "overdue" rows (whole, by kind, by class, by mentor, the
  children without one in "mentor=") count
  exactly lb-due's rows with status overdue, group by group, and, when
  the report has its detail (--detail), name the same children: row for
  row, not only as many;
- every kind lb-due lists (overdue or due) has a compliance total above 0
  in the report.
Prints one line saying so (with the counts), or each difference, and
exits 1 on any.
"""
import csv
import sys
from collections import Counter


def main():
    due_path, report_path = sys.argv[1:3]
    with open(due_path, newline="") as f:
        due = list(csv.DictReader(f))
    with open(report_path, newline="") as f:
        report = list(csv.DictReader(f))
    want = Counter()
    want_ids = {}
    listed = set()
    for r in due:
        listed.add(r["kind"])
        if r["status"] != "overdue":
            continue
        # A child without a mentor counts in the group "mentor=".
        groups = ["", "kind=" + r["kind"], "class=" + r["class"],
                  "mentor=" + r["mentor_id"]]
        for g in groups:
            want[g] += 1
            want_ids.setdefault(g, set()).add(r["student_id"])
    got = Counter()
    got_ids = {}
    compliance = {}
    for r in report:
        if r["metric"] == "overdue" and int(r["count"]) > 0:
            got[r["group"]] = int(r["count"])
            if r.get("detail") is not None:
                got_ids[r["group"]] = set(r["detail"].split(";"))
        if r["metric"] == "compliance" and r["group"].startswith("kind="):
            compliance[r["group"][5:]] = int(r["total"])
    bad = 0
    for g in sorted(set(want) | set(got)):
        if want[g] != got[g]:
            print("overdue %s: lb-due lists %d, lb-report counts %d"
                  % (g or "(all)", want[g], got[g]))
            bad += 1
        elif g in got_ids and got_ids[g] != want_ids.get(g, set()):
            print("overdue %s: lb-due lists %s, lb-report names %s"
                  % (g or "(all)",
                     " ".join(sorted(want_ids.get(g, set()) - got_ids[g])),
                     " ".join(sorted(got_ids[g] - want_ids.get(g, set())))))
            bad += 1
    for k in sorted(listed):
        if compliance.get(k, 0) == 0:
            print("kind %s: listed by lb-due, compliance total 0 in "
                  "lb-report" % k)
            bad += 1
    if bad == 0:
        print("agree: %d overdue (%s); compliance measured for %s"
              % (want[""], ", ".join("%s %d" % (g[5:], n)
                                     for g, n in sorted(want.items())
                                     if g.startswith("kind=")),
                 ", ".join(sorted(listed)) or "nothing listed"))
    sys.exit(1 if bad else 0)


main()
