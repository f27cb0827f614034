/* date.h: calendar dates (no time, no time zone) in and out. */
#ifndef LB_DATE_H
#define LB_DATE_H

#include <stdint.h>

/*
 * A date is the number of days since 1970-01-01 in the proleptic
 * Gregorian calendar.  Being a plain day count, TZ never changes a result
 * and date arithmetic is integer arithmetic.
 */
typedef int32_t date_t;

#define DATE_NONE INT32_MIN	/* "no date" (empty field) */
#define DATE_ISO_LEN 11		/* "YYYY-MM-DD" plus NUL */

/* Days from 1970-01-01; month 1..12, day 1..31.  No validation. */
date_t date_from_ymd(int year, int month, int day);
void date_to_ymd(date_t d, int *year, int *month, int *day);
/* 1 when year-month-day names a real day (years 1000..9999). */
int date_valid_ymd(int year, int month, int day);
int date_days_in_month(int year, int month);

/*
 * Parse a date written as ISO (2015-03-07), or in the common Chinese forms:
 * 2015-3-7, 2015/3/7, 2015.3.7, 2015年3月7日 (also 2015年3月7号, with or
 * without spaces), 20150307.  Leading and trailing blanks (ASCII and
 * U+3000) are ignored, and so are blanks between the parts; both
 * separators must be the same; 日/号 may be left off.  Returns 0 and sets
 * *out, or -1 when s is not one of these forms or names no real day in
 * the years 1000..9999.  Prints nothing (the caller knows the location).
 */
int date_parse(const char *s, date_t *out);

/*
 * Parse a cell of a sheet's date column, as Excel and WPS leave it: the
 * forms of date_parse(), with full-width digits and punctuation
 * (２０１６年３月７日), a time of day after the date (2016/3/7 0:00:00,
 * 2016-03-07 00:00, 2016-03-07T00:00:00; the time is dropped), an Excel
 * serial number (a date cell exported without its format: 42436 and
 * 42436.0 are 2016-03-07), or a year and month only (2015-03, 2015/3,
 * 2015.3, 2015年3月, 201503).
 * Serials count days in Excel's 1900 system, which takes 1900 for a leap
 * year: serial 60 is the 1900-02-29 that never was (refused) and later
 * serials are one day more than a plain count from 1899-12-31.  Only
 * serials from 1 to 99999 (2173-10-13) are taken, and no four-digit one:
 * four digits are a year without its month (2015), six a year and month.
 * Returns DATE_DAY with *out set, DATE_MONTH with *out the month's first
 * day, or -1.
 * Only readers of sheet columns call this: a command-line date or a date
 * lb wrote itself is parsed by date_parse(), where 2026 or 42436 is a
 * typo, not a day.
 */
enum { DATE_DAY = 0, DATE_MONTH = 1 };
int date_parse_sheet(const char *s, date_t *out);

/*
 * Write "YYYY-MM-DD" into buf (at least DATE_ISO_LEN bytes); returns buf.
 * DATE_NONE gives "" and days beyond years 0..9999 are clamped to them.
 */
char *date_format(date_t d, char *buf);

/* d plus n days (n may be negative).  DATE_NONE stays DATE_NONE. */
date_t date_add_days(date_t d, long n);
/*
 * d plus n months, keeping the day of month where it exists and taking the
 * month's last day where it does not (Jan 31 + 1 month = Feb 28/29).
 */
date_t date_add_months(date_t d, long n);
/* 0 = Monday ... 6 = Sunday (ISO 8601). */
int date_weekday(date_t d);
/* Today in the local time zone. */
date_t date_today(void);
/*
 * Whole years from birth to on (the age a person has on that day; one born
 * on February 29 gains a year on March 1 in common years).  Negative when
 * on is before birth.
 */
int date_age(date_t birth, date_t on);

#endif
