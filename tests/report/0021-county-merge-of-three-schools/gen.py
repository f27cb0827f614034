#!/usr/bin/python3
"""gen.py DIR N SEED: a school of N children (roster.csv, log.csv) whose
classes are named as every school names them (1-1, 1-2, ... 6-2), made
by Python's random with a fixed seed, not by lb."""
import csv, os, random, sys

out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
os.makedirs(out, exist_ok=True)
cols = ["student_id", "name", "gender", "birth_date", "grade", "class",
        "village", "left_behind", "father_work_province",
        "parent_visits_per_year", "guardian_name", "guardian_relation",
        "guardian_phone", "guardian_education", "attention", "hardship",
        "vaccination", "guardian_trained", "status", "enrolled_on",
        "mentor_id", "buddy_id"]
surnames = "王李张刘陈杨黄赵吴周"
given = "小明 小红 子涵 浩然 雨欣 梓轩 思雨 宇航 佳怡 俊杰".split()
with open(os.path.join(out, "roster.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(cols)
    for i in range(n):
        grade = rnd.randint(1, 6)
        sid = "S%d%04d" % (seed, i)
        row = {
            "student_id": sid,
            "name": rnd.choice(surnames) + rnd.choice(given),
            "gender": rnd.choice("MF"),
            "birth_date": "%d-%02d-%02d" % (2019 - grade, rnd.randint(1, 12),
                                            rnd.randint(1, 28)),
            "grade": grade,
            "class": "%d-%d" % (grade, rnd.randint(1, 2)),
            "village": rnd.choice(["东村一组", "东村二组", "西村十组", "西村十一组"]),
            "left_behind": rnd.choice(["both", "both", "one", "one", "pseudo", "none"]),
            "father_work_province": rnd.choice(["广东省", "浙江省", "安徽省", ""]),
            "parent_visits_per_year": rnd.choice(["1", "2", "4", ""]),
            "guardian_name": rnd.choice(["王奶奶", "李爷爷", ""]),
            "guardian_relation": rnd.choice(["grandmother", "grandfather", "mother"]),
            "guardian_phone": rnd.choice(["13800000001", ""]),
            "guardian_education": rnd.choice(["primary", "junior", "none", ""]),
            "attention": rnd.choice(["general"] * 6 + ["key", "key", "intervention", "case"]),
            "hardship": rnd.choice([""] * 5 + ["poverty", "illness", "poverty;mental_health"]),
            "vaccination": rnd.choice(["complete", "complete", "incomplete"]),
            "guardian_trained": rnd.choice(["yes", "no"]),
            "status": rnd.choice(["active"] * 12 + ["dropped", "transferred"]),
            "enrolled_on": "2026-09-01",
            "mentor_id": rnd.choice(["T1", "T2", "T3", ""]),
            "buddy_id": rnd.choice(["B1", ""]),
        }
        w.writerow([row[c] for c in cols])
with open(os.path.join(out, "log.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["date", "student_id", "kind", "staff_id", "note"])
    for i in range(n * 4):
        w.writerow(["2026-%02d-%02d" % (rnd.randint(9, 11), rnd.randint(1, 28)),
                    "S%d%04d" % (seed, rnd.randrange(n)),
                    rnd.choice(["talk", "home_visit", "guardian_contact", "parent_contact"]),
                    "T1", ""])
