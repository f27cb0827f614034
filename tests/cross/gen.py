#!/usr/bin/env python3
"""gen.py: a school's roster, staff list and activity log, for the
cross-command tests (tests/cross/), written the way schools write them.

Usage: gen.py [--seed N] [--children N] [--ids-from-card] [--labels]
              [--spaced-ids] [--unknown] [--meetings] [--when] OUTDIR

Everything comes from one seeded generator: the same arguments give the
same files.  The log covers 2026-09-01 .. 2027-03-31 (the autumn term,
the winter holidays, 春节 and the spring term): talks, home visits,
calls, birthdays (greetings on the day, early, late, missed), card
reviews after the holiday, some children never seen, some enrolled
again in the spring after contacts logged in the autumn.
  --ids-from-card  half the children have no birth_date, only a resident ID
  --labels         kinds written by their label (谈心) or an alias (谈话)
  --spaced-ids     ids in the log and the roster with blanks around them
  --unknown        rows of unknown kinds, unknown students, bad dates
  --meetings       座谈会 rows (one a term for most children)
  --when           boarding (是/否) and hardship (心理健康 for some) columns,
                   weekly talks for most boarders, counselling (心理辅导)
                   every two weeks or so for most mental_health children
"""
import csv
import datetime as dt
import os
import random
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_card(rng, birth, female):
    body = "341723" + birth.strftime("%Y%m%d") + "%02d" % rng.randrange(100)
    body += str(rng.randrange(0, 10, 2) if female else rng.randrange(1, 10, 2))
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


LABELS = {
    "talk": ["谈心", "谈话", " 谈心 ", "TALK"],
    "home_visit": ["家访", "走访"],
    "guardian_contact": ["与监护人沟通", "联系监护人"],
    "parent_contact": ["亲情电话", "亲情视频"],
    "meeting": ["座谈会", "家长会"],
    "birthday": ["生日祝福", "生日"],
    "card_review": ["联系卡更新", "更新联系卡"],
}


def main():
    args = sys.argv[1:]
    opt = {"seed": 1, "children": 60}
    flags = set()
    while args and args[0].startswith("--"):
        a = args.pop(0)
        if a in ("--seed", "--children"):
            opt[a[2:]] = int(args.pop(0))
        else:
            flags.add(a[2:])
    out = args[0]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(opt["seed"])
    d0 = dt.date(2026, 9, 1)

    staff = []
    for t in range(1, 9):
        staff.append({"staff_id": "T%02d" % t, "name": "教师%d" % t,
                      "role": "班主任" if t <= 6 else "科任老师",
                      "classes": "%d-%d" % ((t - 1) // 2 + 1, (t - 1) % 2 + 1)
                      if t <= 6 else "1-1;2-1",
                      "email": "t%02d@school.example.cn" % t,
                      "max_mentees": "12", "active": "是"})
    with open(os.path.join(out, "staff.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, list(staff[0]))
        w.writeheader()
        w.writerows(staff)

    kids = []
    for i in range(opt["children"]):
        grade = 1 + i % 3
        female = rng.random() < 0.5
        birth = dt.date(2019 - grade, 1, 1) + dt.timedelta(rng.randrange(365))
        # Some birthdays in the autumn term, a few late in August.
        if i % 7 == 0:
            birth = birth.replace(month=rng.choice([8, 9, 10, 11, 12]),
                                  day=rng.randrange(1, 29))
        kid = {
            "student_id": "S%04d" % (i + 1),
            "name": "学生%d" % (i + 1),
            "gender": "女" if female else "男",
            "birth_date": birth.isoformat(),
            "id_card": id_card(rng, birth, female),
            "grade": str(grade),
            "class": "%d-%d" % (grade, 1 + i % 2),
            "attention": rng.choice(["普遍关注"] * 6 + ["重点关注", "监护干预",
                                                     "个案服务"]),
            "status": "在读" if i % 23 else "转出",
            "enrolled_on": (dt.date(2025, 9, 1) if i % 5 else
                            d0 + dt.timedelta(rng.randrange(60))).isoformat(),
            "mentor_id": "T%02d" % (1 + (i % 6)) if i % 11 else "",
        }
        # Enrolled again in the spring, with contacts logged last autumn.
        if i % 17 == 3:
            kid["enrolled_on"] = "2027-02-25"
        if "ids-from-card" in flags and i % 2 == 0:
            kid["birth_date"] = ""
        if "when" in flags:
            kid["boarding"] = "是" if i % 3 == 0 else "否"
            kid["hardship"] = ("心理健康" if i % 4 == 1 else
                               "家庭贫困;心理健康" if i % 9 == 2 else
                               "家庭贫困" if i % 5 == 0 else "")
        kids.append(kid)
    # Blanks around roster ids too, drawn apart so that the log is the
    # same log with or without them.
    pad = random.Random(opt["seed"] + 1000)
    with open(os.path.join(out, "roster.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, list(kids[0]))
        w.writeheader()
        for kid in kids:
            if "spaced-ids" in flags and pad.random() < 0.3:
                kid = dict(kid, student_id=pad.choice([" ", "　"]) +
                           kid["student_id"] + " ")
            w.writerow(kid)

    rows = []

    def log(day, sid, kind, staff_id=""):
        rows.append([day, sid, kind, staff_id])

    end = dt.date(2027, 3, 31)
    for i, k in enumerate(kids):
        sid = k["student_id"]
        if i % 13 == 5:
            continue            # never seen
        pace = {"talk": 25, "guardian_contact": 28, "parent_contact": 27}
        for kind, every in pace.items():
            day = d0 + dt.timedelta(rng.randrange(20))
            while day <= end:
                if rng.random() < 0.85:
                    log(day, sid, kind, k["mentor_id"])
                day += dt.timedelta(every + rng.randrange(-5, 15))
        for start in (dt.date(2026, 9, 3), dt.date(2026, 11, 5),
                      dt.date(2027, 1, 8), dt.date(2027, 2, 25)):
            if rng.random() < 0.7:
                log(start + dt.timedelta(rng.randrange(20)), sid,
                    "home_visit", k["mentor_id"])
        b = dt.date.fromisoformat(k["birth_date"] or "2000-01-01")
        if k["birth_date"] or i % 2 == 0:
            birth = dt.date.fromisoformat(kids[i]["id_card"][6:10] + "-" +
                                          kids[i]["id_card"][10:12] + "-" +
                                          kids[i]["id_card"][12:14])
            for year in (2026, 2027):
                try:
                    bd = birth.replace(year=year)
                except ValueError:
                    bd = dt.date(year, 2, 28)
                if d0 <= bd <= end:
                    r = rng.random()
                    if r < 0.5:
                        log(bd, sid, "birthday")
                    elif r < 0.65:
                        log(bd - dt.timedelta(3), sid, "birthday")
                    elif r < 0.8:
                        log(bd + dt.timedelta(12), sid, "birthday")
        if rng.random() < 0.6:
            log(dt.date(2027, 2, 14) + dt.timedelta(rng.randrange(30)),
                sid, "card_review", k["mentor_id"])
        if "when" in flags and k["boarding"] == "是" and i % 6 != 3:
            day = d0 + dt.timedelta(rng.randrange(7))
            while day <= end:
                if rng.random() < 0.8:
                    log(day, sid, "talk", k["mentor_id"])
                day += dt.timedelta(7 + rng.randrange(-1, 3))
        if "when" in flags and "心理健康" in k["hardship"] and i % 8 != 5:
            day = d0 + dt.timedelta(rng.randrange(14))
            while day <= end:
                if rng.random() < 0.85:
                    log(day, sid, rng.choice(["counselling", "心理辅导",
                                              "心理咨询"]), "T08")
                day += dt.timedelta(14 + rng.randrange(-2, 6))
        if "meetings" in flags and rng.random() < 0.8:
            log(dt.date(2026, 12, 1) + dt.timedelta(rng.randrange(40)), sid,
                "meeting")
    if "unknown" in flags:
        log(dt.date(2026, 10, 9), "S9999", "talk")
        for n in range(14):
            log(dt.date(2026, 11, 1), "X%03d" % n, "talk")
        # After the cap of unknown students: still named.
        log(dt.date(2026, 11, 2), kids[2]["student_id"], "跳舞")
        log("2026-13-01", kids[1]["student_id"], "talk")
    rng.shuffle(rows)       # teachers append in any order
    rows.sort(key=lambda r: str(r[0]))
    with open(os.path.join(out, "log.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["日期", "学号", "帮扶方式", "工号"])
        for day, sid, kind, staff_id in rows:
            if "labels" in flags and kind in LABELS:
                kind = rng.choice(LABELS[kind] + [kind])
            if "spaced-ids" in flags and rng.random() < 0.3:
                sid = rng.choice([" ", "　", "  "]) + sid + " "
            if isinstance(day, dt.date) and rng.random() < 0.2:
                day = "%d/%d/%d" % (day.year, day.month, day.day)
            w.writerow([str(day), sid, kind, staff_id])


main()
