#!/bin/sh
# mailbox.sh: run a command that mails N messages through the local MTA, and keep what arrived.
# Usage: sh tests/cron/mailbox.sh MBOX OUT N COMMAND [ARG ...]
#
# Under a lock (other test runs share MBOX), notes the end of MBOX, runs
# COMMAND, waits up to 60 s for N new messages (delivery runs in the
# background), waits a little more for any extra one, and copies the new
# part of MBOX to OUT.  Exits with COMMAND's status.
set -u
mbox=$1 out=$2 want=$3
shift 3
lock=${TMPDIR:-/tmp}/lb-test-mailbox.lock
size() { stat -c %s "$mbox" 2>/dev/null || echo 0; }
arrived() { tail -c +$((start + 1)) "$mbox" 2>/dev/null | grep -c '^From '; }
# Another user's lock file can still be opened for reading, and flocked.
if (: >>"$lock") 2>/dev/null; then exec 9>>"$lock"; else exec 9<"$lock"; fi
flock -w 600 9 || { echo "mailbox.sh: $lock: another run holds it" >&2; exit 75; }
start=$(size)
"$@"
rc=$?
i=0
while [ "$(arrived)" -lt "$want" ] && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
tail -c +$((start + 1)) "$mbox" > "$out" 2>/dev/null
exit $rc
