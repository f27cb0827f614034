/* test_date.c: unit tests for lib/date.c (parsing, arithmetic, ages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "tap.h"
#include "tapdate.h"

/* Parse s, returning the ISO form, "fail" when rejected. */
static const char *
parsed(const char *s)
{
	static char buf[DATE_ISO_LEN];
	date_t d;

	if (date_parse(s, &d) != 0)
		return "fail";
	return date_format(d, buf);
}

static const char *
fmt(date_t d)
{
	static char bufs[4][DATE_ISO_LEN];
	static int i;

	i = (i + 1) % 4;
	return date_format(d, bufs[i]);
}

static void
test_forms(void)
{
	static const char *good[] = {
		"2015-03-07", "2015-3-7", "2015/3/7", "2015.3.7", "2015/03/07",
		"2015.03.07", "2015-03-7", "2015-3-07", "20150307",
		"2015年3月7日", "2015年3月7号", "2015年03月07日", "2015年3月7",
		"2015 年 3 月 7 日", "2015 - 3 - 7", "2015 / 3 / 7",
		"  2015-03-07", "2015-03-07  ", "\t2015-03-07\t",
		"\xe3\x80\x80" "2015-03-07" "\xe3\x80\x80",
		"\xe3\x80\x80 2015年3月7日 \xe3\x80\x80", " 20150307 ",
		"2015\xe3\x80\x80年3月7日",
	};
	static const char *bad[] = {
		"", " ", "\xe3\x80\x80", "2015", "2015-03", "2015-03-", "-2015-03-07",
		"+2015-03-07", "2015-+3-07", "2015--3-07", "2015-03-07x",
		"2015-03-07 x", "x2015-03-07", "2015-003-07", "2015-03-007",
		"2015/3-7", "2015-3/7", "2015.3/7", "2015年3-7", "2015年3月7日日",
		"2015年3月", "2015-03-07日", "201503071", "2015030", "15-03-07",
		"02015-03-07", "2015-13-01", "2015-00-10", "2015-01-00",
		"2015-01-32", "2015-04-31", "2015-02-29", "1900-02-29",
		"0999-12-31", "0000-01-01", "999-12-31", "20150230", "2015 03 07",
		"2015-3-7-", "2015..3.7", "2015年3月7号号",
		"2015\xe5\xb9", "2015-\xe3\x80",
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_str(parsed(good[i]), "2015-03-07", "parse '%s'", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_str(parsed(bad[i]), "fail", "reject '%s'", bad[i]);

	is_str(parsed("2015-03-07\n"), "fail", "reject a trailing newline");
	is_str(parsed("1000-01-01"), "1000-01-01", "lowest year");
	is_str(parsed("9999-12-31"), "9999-12-31", "highest year");
	is_str(parsed("2024-02-29"), "2024-02-29", "leap day 2024");
	is_str(parsed("2000-02-29"), "2000-02-29", "leap day 2000");
	is_str(parsed("2023-02-29"), "fail", "no leap day 2023");
	is_str(parsed("2100/2/29"), "fail", "no leap day 2100");
	is_str(parsed("2015/12/31"), "2015-12-31", "two-digit parts");
	is_str(parsed("19991231"), "1999-12-31", "eight digits");
	is_str(parsed("2008年8月8号"), "2008-08-08", "hao");
}

static void
test_calendar(void)
{
	int y, m, d;

	is_int(date_from_ymd(1970, 1, 1), 0, "epoch is day 0");
	is_int(date_from_ymd(1969, 12, 31), -1, "day before epoch");
	is_int(date_from_ymd(2000, 3, 1), 11017, "2000-03-01");
	is_int(date_from_ymd(1900, 1, 1), -25567, "1900-01-01");
	date_to_ymd(-719468, &y, &m, &d);
	ok(y == 0 && m == 3 && d == 1, "day -719468 is 0000-03-01");

	is_int(date_days_in_month(2000, 2), 29, "2000 is leap");
	is_int(date_days_in_month(1900, 2), 28, "1900 is not leap");
	is_int(date_days_in_month(2024, 2), 29, "2024 is leap");
	is_int(date_days_in_month(2023, 2), 28, "2023 is not leap");
	is_int(date_days_in_month(2023, 4), 30, "april");
	is_int(date_days_in_month(2023, 12), 31, "december");
	is_int(date_days_in_month(2023, 13), 0, "month 13");
	is_int(date_days_in_month(2023, 0), 0, "month 0");
	ok(date_valid_ymd(2000, 2, 29), "2000-02-29 valid");
	ok(!date_valid_ymd(1900, 2, 29), "1900-02-29 invalid");
	ok(date_valid_ymd(2024, 2, 29), "2024-02-29 valid");
	ok(!date_valid_ymd(999, 1, 1), "year 999 invalid");
	ok(!date_valid_ymd(10000, 1, 1), "year 10000 invalid");
	ok(!date_valid_ymd(2015, 6, 31), "june 31 invalid");

	is_int(date_add_days(D("2024-02-28"), 1) - D("2024-02-29"), 0,
	    "add one day into a leap day");
	is_str(fmt(date_add_days(D("2023-12-31"), 1)), "2024-01-01",
	    "add a day across a year");
	is_str(fmt(date_add_days(D("2024-03-01"), -1)), "2024-02-29",
	    "subtract a day");
	is_int(date_add_days(DATE_NONE, 5), DATE_NONE, "DATE_NONE stays");
	is_str(fmt(DATE_NONE), "", "DATE_NONE formats empty");
	is_int(D("2100-01-01") - D("1900-01-01"), 73049, "days in 200 years");
}

static void
test_months(void)
{
	is_str(fmt(date_add_months(D("2015-01-31"), 1)), "2015-02-28",
	    "jan 31 + 1 month");
	is_str(fmt(date_add_months(D("2024-01-31"), 1)), "2024-02-29",
	    "jan 31 + 1 month, leap");
	is_str(fmt(date_add_months(D("2000-01-30"), 1)), "2000-02-29",
	    "jan 30 + 1 month, 2000");
	is_str(fmt(date_add_months(D("1900-01-29"), 1)), "1900-02-28",
	    "jan 29 + 1 month, 1900");
	is_str(fmt(date_add_months(D("2024-02-29"), 12)), "2025-02-28",
	    "leap day + 12 months");
	is_str(fmt(date_add_months(D("2024-02-29"), 48)), "2028-02-29",
	    "leap day + 48 months");
	is_str(fmt(date_add_months(D("2015-03-31"), 1)), "2015-04-30",
	    "mar 31 + 1 month");
	is_str(fmt(date_add_months(D("2015-03-15"), 0)), "2015-03-15",
	    "+ 0 months");
	is_str(fmt(date_add_months(D("2015-11-30"), 3)), "2016-02-29",
	    "across a year end");
	is_str(fmt(date_add_months(D("2015-03-31"), -1)), "2015-02-28",
	    "mar 31 - 1 month");
	is_str(fmt(date_add_months(D("2015-01-15"), -1)), "2014-12-15",
	    "jan - 1 month");
	is_str(fmt(date_add_months(D("2015-01-15"), -13)), "2013-12-15",
	    "jan - 13 months");
	is_str(fmt(date_add_months(D("2015-01-15"), -12)), "2014-01-15",
	    "jan - 12 months");
	is_str(fmt(date_add_months(D("2016-05-31"), -3)), "2016-02-29",
	    "may 31 - 3 months, leap");
	is_str(fmt(date_add_months(D("2015-06-10"), 120)), "2025-06-10",
	    "+ 10 years");
	is_int(date_add_months(DATE_NONE, 1), DATE_NONE, "DATE_NONE stays");
}

static void
test_weekday_age(void)
{
	is_int(date_weekday(D("1970-01-01")), 3, "1970-01-01 thursday");
	is_int(date_weekday(D("2000-01-01")), 5, "2000-01-01 saturday");
	is_int(date_weekday(D("2024-01-01")), 0, "2024-01-01 monday");
	is_int(date_weekday(D("2015-03-07")), 5, "2015-03-07 saturday");
	is_int(date_weekday(D("1949-10-01")), 5, "1949-10-01 saturday");
	is_int(date_weekday(D("1900-01-01")), 0, "1900-01-01 monday");
	is_int(date_weekday(D("2023-12-31")), 6, "2023-12-31 sunday");
	is_int(date_weekday(D("1969-12-28")), 6, "before epoch: sunday");

	is_int(date_age(D("2010-03-07"), D("2020-03-06")), 9,
	    "day before 10th birthday");
	is_int(date_age(D("2010-03-07"), D("2020-03-07")), 10,
	    "on 10th birthday");
	is_int(date_age(D("2010-03-07"), D("2020-12-31")), 10, "later that year");
	is_int(date_age(D("2010-03-07"), D("2010-03-07")), 0, "born today");
	is_int(date_age(D("2012-02-29"), D("2021-02-28")), 8,
	    "leap birthday: feb 28 of a common year");
	is_int(date_age(D("2012-02-29"), D("2021-03-01")), 9,
	    "leap birthday: mar 1 of a common year");
	is_int(date_age(D("2012-02-29"), D("2024-02-29")), 12,
	    "leap birthday in a leap year");
	is_int(date_age(D("2012-12-31"), D("2013-01-01")), 0, "one day old");
	is_int(date_age(D("2015-03-07"), D("2015-03-06")), -1,
	    "before birth");
}

static void
test_round_trip(void)
{
	date_t d, from = D("1900-01-01"), to = D("2100-12-31"), back;
	char buf[DATE_ISO_LEN], alt[32];
	long bad = 0, badweek = 0, badalt = 0;
	int y, m, dd, py = 1899, pm = 12, pd = 31;

	for (d = from; d <= to; d++) {
		date_format(d, buf);
		if (date_parse(buf, &back) != 0 || back != d) {
			if (bad++ < 5)
				printf("# round trip failed at %s\n", buf);
		}
		date_to_ymd(d, &y, &m, &dd);
		/* Each day follows the previous one on the calendar. */
		if (!((y == py && m == pm && dd == pd + 1) ||
		    (y == py && m == pm + 1 && dd == 1 &&
		    pd == date_days_in_month(py, pm)) ||
		    (y == py + 1 && m == 1 && dd == 1 && pm == 12 && pd == 31)))
			bad++;
		py = y, pm = m, pd = dd;
		if (date_weekday(d) != (date_weekday(d - 1) + 1) % 7)
			badweek++;
		snprintf(alt, sizeof(alt), "%d年%d月%d日", y, m, dd);
		if (date_parse(alt, &back) != 0 || back != d)
			badalt++;
		snprintf(alt, sizeof(alt), "%d/%d/%d", y, m, dd);
		if (date_parse(alt, &back) != 0 || back != d)
			badalt++;
	}
	is_int(bad, 0, "every day 1900..2100: parse(format(d)) == d, in order");
	is_int(badweek, 0, "weekdays cycle");
	is_int(badalt, 0, "every day 1900..2100 in Chinese forms");

	/* Hinnant's algorithms are exact far beyond the parseable years. */
	bad = 0;
	for (d = -5000000; d <= 5000000; d += 997) {
		date_to_ymd(d, &y, &m, &dd);
		if (date_from_ymd(y, m, dd) != d)
			bad++;
	}
	is_int(bad, 0, "from_ymd(to_ymd(d)) == d over +-13000 years");
}

static void
test_tz(void)
{
	static const char *zones[] = {
		"UTC", "Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati",
		"Etc/GMT+12", "CST-8",
	};
	char *old = getenv("TZ") != NULL ? strdup(getenv("TZ")) : NULL;
	date_t ref = D("2015-03-07"), d, utc;
	time_t now;
	size_t i;
	int same = 1, near = 1;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		if (date_parse("2015年3月7日", &d) != 0 || d != ref ||
		    date_weekday(d) != 5 ||
		    date_age(D("2005-03-08"), d) != 9 ||
		    strcmp(fmt(date_add_months(d, 1)), "2015-04-07") != 0)
			same = 0;
		now = time(NULL);
		utc = (date_t)(now / 86400);
		d = date_today();
		if (d < utc - 1 || d > utc + 1)
			near = 0;
	}
	ok(same, "results do not depend on TZ");
	ok(near, "date_today within a day of UTC in every zone");
	if (old != NULL)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
}

static void
test_speed(void)
{
	struct timespec a, b;
	date_t d, sum = 0;
	long i, n = 2000000;
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (date_parse(i & 1 ? "2015-03-07" : "2016-12-31", &d) == 0)
			sum++;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	printf("# %ld ISO parses in %.3f s\n", n, secs);
	ok(sum == n && secs < 2.0, "ISO parsing is fast");
}

int
main(void)
{
	test_forms();
	test_calendar();
	test_months();
	test_weekday_age();
	test_round_trip();
	test_tz();
	test_speed();
	return done_testing();
}
