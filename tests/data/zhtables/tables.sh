# The tables for people of tests/i18n/0011 (zh_CN) and 0012 (zh_TW), in
# the language of $LANGUAGE: lb-due's list, the roster of lb-enroll (all
# its columns, then some by key, label and Traditional label), lb-pair's
# explanation.  Ids, dates, numbers, classes and the roster's own column
# (户籍) are shown as they are.
cp "$DATA"/zhtables/*.csv .
d=.
echo "== lb-due --format table"
lb-due -l "log.csv" --staff "staff.csv" --as-of 2026-11-10 \
    --within 14 --mentor T1 --format table "roster.csv"
echo "exit $?"
echo "== lb-enroll --format table"
lb-enroll --as-of 2026-11-10 --format table "roster.csv" 2>/dev/null
echo "exit $?"
echo "== lb-enroll --columns 学籍号,姓名,性別,left_behind,attention,hardship,户籍"
lb-enroll --as-of 2026-11-10 --format table \
    --columns 学籍号,姓名,性別,left_behind,attention,hardship,户籍 \
    "roster.csv" 2>/dev/null
echo "exit $?"
echo "== lb-pair --explain --format table"
lb-pair --staff "staff.csv" --pool "pool.csv" --as-of 2026-11-10 \
    --explain -o roster.out --format table "roster.csv"
echo "exit $?"
echo "== lb-report --format table"
lb-report -l log.csv --staff staff.csv --as-of 2026-11-10 --format table \
    roster.csv 2>/dev/null
echo "exit $?"
echo "== lb-report --format md (headings)"
lb-report -l log.csv --as-of 2026-11-10 --format md roster.csv 2>/dev/null |
    grep '^#'
echo "== lb-report --merge --format table (the county's own tables)"
lb-report -l log.csv --as-of 2026-11-10 --format csv roster.csv > a.csv 2>/dev/null
sed 's/,$/,乙校/' a.csv > b.csv
lb-report --merge --format table a.csv b.csv 2>/dev/null | sed -n '1,2p;/^分校\|^分校/,$p' | head -12
echo "== lb-report --columns metric,分组,人數,達標 --format table"
lb-report -l log.csv --as-of 2026-11-10 --format table \
    --columns metric,分组,人數,達標 roster.csv 2>/dev/null | head -6
echo "== the same as CSV: the contract's keys and values"
lb-report -l log.csv --as-of 2026-11-10 --format csv \
    --columns metric,分组,人數,達標 roster.csv 2>/dev/null | sed -n '1,2p;/^archive_rate,,/p'
