#!/usr/bin/python3
"""check.py MERGED SCHOOL.csv...: every county row of the merge against
the sums of the schools' rows, computed here; a suppressed "<N" counts
as at least 1 and makes the sum a lower bound ">=S"."""
import csv, sys

ADDITIVE = ("left_behind=", "attention=", "grade=", "gender=", "hardship=", "kind=")


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def additive(r):
    if r["metric"] in ("mentor_load", "period", "schools"):
        return False
    return r["group"] == "" or r["group"].startswith(ADDITIVE)


def add(acc, v):
    s, low = acc
    if v.startswith("<"):
        return s + 1, True
    return s + int(v), low


merged = rows(sys.argv[1])
schools = {}
for path in sys.argv[2:]:
    for r in rows(path):
        schools.setdefault(r["school"], []).append(r)
county = [r for r in merged if r["school"] == ""]
want = {}
for name, rs in schools.items():
    for r in rs:
        if additive(r):
            k = (r["metric"], r["group"])
            c, t = want.get(k, ((0, False), (0, False)))
            want[k] = (add(c, r["count"]), add(t, r["total"]))
children = want[("children", "")][0]
bad = checked = bounds = 0
for r in county:
    if r["metric"] in ("period", "schools"):
        continue
    k = (r["metric"], r["group"])
    if k not in want:
        print("county row not from the schools:", k)
        bad += 1
        continue
    (c, cl), (t, tl) = want.pop(k)
    if r["metric"] == "children":
        t, tl = children
    text = lambda v, low: (">=%d" % v) if low else str(v)
    pct = ""
    if not cl and not tl and t > 0 and r["metric"] != "overdue":
        pct = "%d.%02d" % divmod((20000 * c + t) // (2 * t), 100)
    met = ""
    if pct and r["target"]:
        met = "yes" if float(pct) >= int(r["target"]) else "no"
    got = (r["count"], r["total"], r["percent"], r["met"])
    exp = (text(c, cl), text(t, tl), pct, met)
    checked += 1
    bounds += cl or tl
    if got != exp:
        print("differs:", k, "got", got, "want", exp)
        bad += 1
for k in want:
    print("missing in the county:", k)
    bad += 1
print("county rows checked: %d, differing: %d, lower bounds: %d" % (checked, bad, bounds))
print("county rows by class, mentor or village:",
      sum(r["group"].startswith(("class=", "mentor=", "village=")) for r in county))
print("schools:", [r["count"] for r in county if r["metric"] == "schools"])
for name, rs in sorted(schools.items()):
    mine = [r for r in merged if r["school"] == name]
    print("%s: %s" % (name, "its rows as it wrote them" if mine == rs else "rows differ"))
