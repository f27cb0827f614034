#!/bin/sh
# lb-weekly.sh: mail each mentor what is due this week, and the leaders a digest.
# Run by cron each Monday (see crontab beside it).  Settings from the
# environment: LB_DIR (the school's files), LB_SENDMAIL (the command that
# delivers one message read on stdin), LB_WITHIN (days ahead, default 7);
# arguments are passed on to lb-due (e.g. --as-of 2026-03-09).
set -eu
dir=${LB_DIR:-/srv/lb}
sendmail=${LB_SENDMAIL:-/usr/sbin/sendmail -t -oi}
[ -f "$dir/policy.yaml" ] && set -- -p "$dir/policy.yaml" "$@"
# lb-due exits 1 when something is overdue: that is news, not a failure.
lb-due "$@" --staff "$dir/staff.csv" -l "$dir/log.csv" \
    --within "${LB_WITHIN:-7}" --format mail --sendmail "$sendmail" \
    "$dir/roster.csv" || [ $? -eq 1 ]
