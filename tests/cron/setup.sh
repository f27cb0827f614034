#!/bin/sh
# setup.sh: a real local MTA for the cron tests: Debian's exim4, local delivery only.
# Usage: sh tests/cron/setup.sh   (prints the test mailbox's path)
#
# On a fresh CI machine, as root (or with passwordless sudo): installs
# exim4-daemon-light (tools/deps.sh), and adds to exim's configuration a
# router that puts all mail for the reserved domains example.com and
# *.example.com (the example school's addresses) into one mbox, readable
# by the tests.  exim must be set for local delivery only
# (dc_eximconfig_configtype='local', the package's default): then no mail
# can leave the machine; any other set-up is left alone.  No daemon is
# needed: sendmail -t -oi delivers on its own.  Once set up, any user may
# run the tests.  When it cannot set up, prints "skipped: REASON" on
# stdout and exits 1.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
mbox=/var/mail/lb-test
conf=/etc/exim4/update-exim4.conf.conf
router=/etc/exim4/conf.d/router/050_lb-test_example_domains
transport=/etc/exim4/conf.d/transport/30_lb-test_mbox

skip() {
	echo "skipped: $*"
	exit 1
}

# Already set up (by root, maybe in an earlier run): nothing to do.
routed() {
	/usr/sbin/exim4 -bt mentor@qsxx.example.com 2>/dev/null |
	    grep -q 'router = lb_test_example, transport = lb_test_mbox'
}
if [ -x /usr/sbin/exim4 ] && routed; then
	echo "$mbox"
	exit 0
fi

if [ "$(id -u)" = 0 ]; then
	as_root=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	as_root="sudo -n"
else
	skip "exim4 is not set up for the tests, and this is neither root nor passwordless sudo"
fi
# Another MTA (postfix ...) is never replaced: apt would remove it.
if [ -e /usr/sbin/sendmail ] && [ ! -x /usr/sbin/exim4 ]; then
	skip "another MTA provides /usr/sbin/sendmail; not replacing it with exim4"
fi
sh "$top/tools/deps.sh" exim4-daemon-light >&2 ||
	skip "cannot install exim4-daemon-light"
[ -f "$conf" ] || skip "no $conf: exim4-config is not installed"
grep -q "^dc_eximconfig_configtype='local'" "$conf" ||
	skip "exim4 here is set up to send mail off the machine ($conf); not changing it"
case $(readlink -f /usr/sbin/sendmail) in
*exim4) ;;
*) skip "/usr/sbin/sendmail is not exim4's" ;;
esac

$as_root tee "$router" >/dev/null <<'CONF'
# lb's tests (tests/cron/setup.sh): mail for the reserved example domains
# stays on this machine, in one mailbox.
lb_test_example:
  debug_print = "R: lb_test_example for $local_part@$domain"
  driver = accept
  domains = example.com : *.example.com
  transport = lb_test_mbox
CONF
$as_root tee "$transport" >/dev/null <<CONF
# lb's tests (tests/cron/setup.sh): the one mailbox, readable by the tests.
lb_test_mbox:
  debug_print = "T: lb_test_mbox for \$local_part@\$domain"
  driver = appendfile
  file = $mbox
  user = mail
  group = mail
  mode = 0644
  mode_fail_narrower = false
  delivery_date_add
  envelope_to_add
  return_path_add
CONF
# The router and transport files are read in the split configuration.
if ! $as_root sed -i "s/^dc_use_split_config=.*/dc_use_split_config='true'/" \
    "$conf" || ! $as_root update-exim4.conf >&2; then
	skip "update-exim4.conf failed"
fi
routed || skip "exim4 does not route mail for qsxx.example.com to $mbox"
echo "$mbox"
