# report-mlr.sh: lb-report's job in Miller 6, as report.sql: counts of the
# active children by group and two rates, then the months of the 2026
# spring term with a contact, per kind.  Run in the data folder.
mlr --icsv --ojson filter '$status == "active"' \
  then put -q '
    @n["left_behind"][$left_behind] += 1;
    @n["attention"][$attention] += 1;
    @n["grade"][$grade] += 1;
    @n["class"][$class] += 1;
    @n["gender"][$gender] += 1;
    @archive += ($guardian_phone != "" && $guardian_age != "") ? 1 : 0;
    @grand += ($guardian_relation =~ "grand") ? 1 : 0;
    @total += 1;
    end { emit @n, "dim", "group"; emit (@archive, @grand, @total) }' \
  roster.csv
mlr --icsv --ocsv filter '$date >= "2026-02-24" && $date <= "2026-06-30"' \
  then put '$month = substr($date, 0, 6)' \
  then count-distinct -f student_id,kind,month \
  then join -j student_id -f roster.csv \
  then filter '$status == "active"' \
  then count -g kind \
  log.csv
