# due-mlr.sh: lb-due's job in Miller 6 (stats1 + join + put), as due.sql:
# the last contact per child and kind, overdue as of 2026-06-30 after a
# fixed period.  Children with no contact of a kind at all are not found
# (less work than lb-due and sqlite do).  Run in the data folder: sh due-mlr.sh
mlr --icsv --ocsv \
  stats1 -a max -f date -g student_id,kind \
  then join -j student_id -f roster.csv \
  then filter '$status == "active"' \
  then put '
    p = $kind == "talk" ? ($attention == "case" ? 7 : $attention == "general" ? 30 : 14)
      : ($kind == "guardian_contact" || $kind == "parent_contact") ? 30 : 0;
    due = strptime($date_max, "%Y-%m-%d") + p * 86400;
    $days_late = (strptime("2026-06-30", "%Y-%m-%d") - due) / 86400;
    $due_date = strftime(due, "%Y-%m-%d");
    $status = "overdue";
    filter p > 0 && $days_late > 0' \
  then sort -f due_date,mentor_id,class,student_id \
  then cut -o -f status,due_date,days_late,student_id,name,class,kind,mentor_id,date_max \
  log.csv
