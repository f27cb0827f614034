-- report.sql: lb-report's job in sqlite3: the active children counted by
-- left_behind, attention, grade, class and gender, two rates, and a
-- compliance figure per kind (months of the 2026 spring term in which each
-- active child had such a contact).  Run in the data folder:
-- sqlite3 -batch :memory: < report.sql
.mode csv
.import roster.csv roster
.import log.csv log
.headers on
CREATE TEMP VIEW active AS SELECT * FROM roster WHERE status = 'active';
SELECT 'left_behind' AS dim, left_behind AS grp, count(*) AS n FROM active GROUP BY 2;
SELECT 'attention', attention, count(*) FROM active GROUP BY 2;
SELECT 'grade', grade, count(*) FROM active GROUP BY 2;
SELECT 'class', class, count(*) FROM active GROUP BY 2;
SELECT 'gender', gender, count(*) FROM active GROUP BY 2;
SELECT 'archive_rate', '', sum(guardian_phone <> '' AND guardian_age <> ''), count(*) FROM active;
SELECT 'raised_by_grandparents', '', sum(guardian_relation LIKE '%grand%'), count(*) FROM active;
WITH months AS (
  SELECT DISTINCT l.student_id, l.kind, substr(l.date, 1, 7) AS month
  FROM log l JOIN active a ON a.student_id = l.student_id
  WHERE l.date BETWEEN '2026-02-24' AND '2026-06-30')
SELECT 'compliance', kind, count(*) AS months_done,
  (SELECT count(*) FROM active) * 5 AS months_due
FROM months GROUP BY kind;
