#!/bin/sh
# lb-weekly.sh: mail each mentor what is due this week, and the leaders a digest.
# Run by cron each Monday (see crontab beside it); `make install` puts it
# in the bin folder as lb-weekly.  Usage: lb-weekly [DIR] [LB-DUE-OPTION ...]
# DIR holds the school's files (policy.yaml, roster.csv, staff.csv,
# log.csv); without it, $LB_DIR, else /srv/lb.  Settings from the
# environment: LB_SENDMAIL (the command that delivers one message read on
# stdin), LB_WITHIN (days ahead, default 7); the other arguments are
# passed on to lb-due (e.g. --as-of 2026-03-09).  The lb-due beside this
# script (the same installation) is run when there is one, else PATH's.
#
# lb-due exits 1 when something is overdue: that is news, not a failure.
# Any other exit (a missing or broken file, a failing sendmail) is: this
# script then says so on stderr and exits with lb-due's code, and cron
# mails that to MAILTO (the IT teacher).  lb-due reads every file before
# it sends anything, so a bad file means no mail to the mentors.
set -u
dir=${LB_DIR:-/srv/lb}
case ${1-} in
'' | -*) ;;
*) dir=$1; shift ;;
esac
me=${0##*/}
lbdue=lb-due
case $0 in
*/*) [ -x "${0%/*}/lb-due" ] && lbdue=${0%/*}/lb-due ;;
esac
sendmail=${LB_SENDMAIL:-/usr/sbin/sendmail -t -oi}
[ -f "$dir/policy.yaml" ] && set -- -p "$dir/policy.yaml" "$@"
status=0
"$lbdue" "$@" --staff "$dir/staff.csv" -l "$dir/log.csv" \
    --within "${LB_WITHIN:-7}" --format mail --sendmail "$sendmail" \
    "$dir/roster.csv" || status=$?
case $status in
0 | 1) exit 0 ;;
esac
echo "$me: lb-due failed (exit $status) for $dir: this week's" \
    "reminders were not all sent; see lb-due's message above" >&2
exit "$status"
