# roster.sh: the example school's roster for the cases of tests/query
# (sourced): the survey enrolled and every child paired, as of the day
# the questions are asked.  Sets $p to the policy options.
p="-p $EXAMPLES/policy.yaml"
lb-enroll $p --as-of 2026-11-26 $EXAMPLES/intake.csv > enrolled.csv 2>/dev/null
lb-pair $p --as-of 2026-11-26 --staff $EXAMPLES/staff.csv \
    --pool $EXAMPLES/class-lists.csv enrolled.csv > roster.csv
