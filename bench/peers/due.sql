-- due.sql: lb-due's job in sqlite3: the last contact per child and kind, the
-- next one due after it (or after enrolment), who is overdue on 2026-06-30.
-- Run in the data folder: sqlite3 -batch :memory: < due.sql
-- Simpler than lb-due: fixed periods of days for the three kinds with a
-- monthly cadence (talk faster for key children), no calendar, no
-- checkpoint windows, no per-term counts, no birthdays.
.mode csv
.import roster.csv roster
.import log.csv log
CREATE TABLE kinds(kind TEXT, general INT, key INT, intervention INT, "case" INT);
INSERT INTO kinds VALUES ('talk', 30, 14, 14, 7), ('guardian_contact', 30, 30, 30, 30),
  ('parent_contact', 30, 30, 30, 30);
.headers on
WITH last AS (SELECT student_id, kind, max(date) AS last_date FROM log GROUP BY student_id, kind),
due AS (
  SELECT r.student_id, r.name, r.class, r.mentor_id, k.kind, l.last_date,
    date(coalesce(l.last_date, r.enrolled_on), '+' || CASE r.attention
      WHEN 'key' THEN k.key WHEN 'intervention' THEN k.intervention
      WHEN 'case' THEN k."case" ELSE k.general END || ' days') AS due_date
  FROM roster r CROSS JOIN kinds k
  LEFT JOIN last l ON l.student_id = r.student_id AND l.kind = k.kind
  WHERE r.status = 'active')
SELECT 'overdue' AS status, due_date,
  CAST(julianday('2026-06-30') - julianday(due_date) AS INTEGER) AS days_late,
  student_id, name, class, kind, mentor_id, last_date
FROM due WHERE due_date < '2026-06-30'
ORDER BY due_date, mentor_id, class, student_id;
