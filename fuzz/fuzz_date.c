/* fuzz_date.c: libFuzzer target for date parsing and arithmetic (lib/date.h). */
/*
 * The input is a date as a user types it (2015年3月7日, 2015/3/7, ...).
 * When it parses, the day is real, its ISO form parses back to the same
 * day, and the calendar functions agree with each other.  The input's
 * first bytes also serve as a raw day count and a month/day offset, so
 * the arithmetic is tried on any int32 (no overflow: UBSan watches).
 */
#include "fuzz.h"

#include "date.h"

static void
check_day(date_t d)
{
	char buf[DATE_ISO_LEN], *again;
	date_t back;
	int y, m, dd;

	date_to_ymd(d, &y, &m, &dd);
	FUZZ_ASSERT(date_valid_ymd(y, m, dd));
	FUZZ_ASSERT(date_from_ymd(y, m, dd) == d);
	date_format(d, buf);
	FUZZ_ASSERT(strlen(buf) == 10);
	FUZZ_ASSERT(date_parse(buf, &back) == 0 && back == d);
	/* The forms the header promises, with blanks around. */
	again = xmalloc(64);
	snprintf(again, 64, " %d年%d月%d号\xe3\x80\x80", y, m, dd);
	FUZZ_ASSERT(date_parse(again, &back) == 0 && back == d);
	snprintf(again, 64, "%d/%d/%d", y, m, dd);
	FUZZ_ASSERT(date_parse(again, &back) == 0 && back == d);
	snprintf(again, 64, "%04d%02d%02d", y, m, dd);
	FUZZ_ASSERT(date_parse(again, &back) == 0 && back == d);
	free(again);
	FUZZ_ASSERT(date_weekday(d) == date_weekday(d + 7));
	FUZZ_ASSERT(date_weekday(d) >= 0 && date_weekday(d) <= 6);
	FUZZ_ASSERT(date_add_days(date_add_days(d, 1000), -1000) == d);
	FUZZ_ASSERT(date_age(d, d) == 0);
	FUZZ_ASSERT(date_age(d, date_add_days(d, -1)) == -1);
	/* A year on, one is a year older (a Feb 29 child: on March 1). */
	if (y < 9999) {
		if (m == 2 && dd == 29 && date_days_in_month(y + 1, 2) == 28)
			FUZZ_ASSERT(date_age(d, date_add_months(d, 12)) == 0 &&
			    date_age(d, date_add_months(d, 12) + 1) == 1);
		else
			FUZZ_ASSERT(date_age(d, date_add_months(d, 12)) == 1);
	}
}

static void
check_raw(date_t d, long n)
{
	char buf[DATE_ISO_LEN];
	date_t e;
	int y, m, dd;

	date_format(d, buf);
	FUZZ_ASSERT(strlen(buf) <= 10);
	(void)date_weekday(d);
	e = date_add_days(d, n);
	FUZZ_ASSERT(d == DATE_NONE ? e == DATE_NONE : e != DATE_NONE);
	e = date_add_months(d, n);
	FUZZ_ASSERT(d == DATE_NONE ? e == DATE_NONE : e != DATE_NONE);
	if (d != DATE_NONE) {
		date_to_ymd(e, &y, &m, &dd);
		date_to_ymd(d, &y, &m, &dd);
	}
	(void)date_age(d, e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	date_t d;
	int32_t raw;
	int64_t n;

	fuzz_init(0);
	s = fuzz_str(data, size);
	if (date_parse(s, &d) == 0)
		check_day(d);
	free(s);
	if (size >= 12) {
		memcpy(&raw, data, 4);
		memcpy(&n, data + 4, 8);
		check_raw(raw, (long)n);
	}
	return 0;
}
