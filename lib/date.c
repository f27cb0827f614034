/* date.c: calendar dates as day counts, parsing ISO and Chinese forms. */
#include <stdint.h>
#include <time.h>

#include "date.h"

/*
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms"): the year is shifted to
 * start on March 1 so that the leap day is the last day of the year, and
 * eras of 400 years make every division exact.  Integer arithmetic only,
 * valid for the whole int32_t range of days we care about.
 */
date_t
date_from_ymd(int year, int month, int day)
{
	long y = (long)year - (month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;				/* [0, 399] */
	long mp = month > 2 ? month - 3 : month + 9;		/* [0, 11] */
	long doy = (153 * mp + 2) / 5 + day - 1;		/* [0, 365] */
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */

	return (date_t)(era * 146097 + doe - 719468);
}

void
date_to_ymd(date_t d, int *year, int *month, int *day)
{
	long z = (long)d + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;				/* [0, 146096] */
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	long mp = (5 * doy + 2) / 153;				/* [0, 11] */
	long m = mp < 10 ? mp + 3 : mp - 9;

	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

static int
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
date_days_in_month(int year, int month)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

int
date_valid_ymd(int year, int month, int day)
{
	return year >= 1000 && year <= 9999 && month >= 1 && month <= 12 &&
	    day >= 1 && day <= date_days_in_month(year, month);
}

/* UTF-8 of the characters the Chinese forms use. */
#define U_IDEO_SPACE	"\xe3\x80\x80"	/* U+3000 ideographic space */
#define U_NIAN		"\xe5\xb9\xb4"	/* 年 year */
#define U_YUE		"\xe6\x9c\x88"	/* 月 month */
#define U_RI		"\xe6\x97\xa5"	/* 日 day */
#define U_HAO		"\xe5\x8f\xb7"	/* 号 day (colloquial) */

#define ISDIGIT(c) ((unsigned char)((c) - '0') <= 9)

/* p starts with the three bytes of u. */
static int
has3(const char *p, const char *u)
{
	return p[0] == u[0] && p[1] == u[1] && p[2] == u[2];
}

static const char *
skip_blanks(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (has3(p, U_IDEO_SPACE))
			p += 3;
		else
			return p;
	}
}

/* Read 1 or 2 digits into *v; returns the end, or NULL. */
static const char *
small_number(const char *p, int *v)
{
	if (!ISDIGIT(p[0]))
		return NULL;
	if (ISDIGIT(p[1])) {
		if (ISDIGIT(p[2]))
			return NULL;
		*v = (p[0] - '0') * 10 + (p[1] - '0');
		return p + 2;
	}
	*v = p[0] - '0';
	return p + 1;
}

static int
finish(const char *p, int y, int m, int d, date_t *out)
{
	if (*skip_blanks(p) != '\0' || !date_valid_ymd(y, m, d))
		return -1;
	*out = date_from_ymd(y, m, d);
	return 0;
}

/*
 * The ISO form comes first and without any library call: reading a
 * province's activity log parses millions of dates.  Everything else goes
 * through the slower general path.
 */
int
date_parse(const char *s, date_t *out)
{
	const char *p = s;
	int y, m, d;

	if (p == NULL)
		return -1;
	if (*p == ' ' || *p == '\t' || (unsigned char)*p == 0xe3)
		p = skip_blanks(p);
	if (!ISDIGIT(p[0]) || !ISDIGIT(p[1]) || !ISDIGIT(p[2]) ||
	    !ISDIGIT(p[3]))
		return -1;
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 +
	    (p[3] - '0');
	p += 4;

	if (p[0] == '-' && ISDIGIT(p[1]) && ISDIGIT(p[2]) && p[3] == '-' &&
	    ISDIGIT(p[4]) && ISDIGIT(p[5]) && !ISDIGIT(p[6])) {
		m = (p[1] - '0') * 10 + (p[2] - '0');
		d = (p[4] - '0') * 10 + (p[5] - '0');
		return finish(p + 6, y, m, d, out);
	}

	if (ISDIGIT(p[0])) {
		/* 20150307: exactly eight digits. */
		if (!ISDIGIT(p[1]) || !ISDIGIT(p[2]) || !ISDIGIT(p[3]) ||
		    ISDIGIT(p[4]))
			return -1;
		m = (p[0] - '0') * 10 + (p[1] - '0');
		d = (p[2] - '0') * 10 + (p[3] - '0');
		return finish(p + 4, y, m, d, out);
	}

	p = skip_blanks(p);
	if (*p == '-' || *p == '/' || *p == '.') {
		/* The same separator twice: 2015/3/7, not 2015/3-7. */
		char sep = *p;

		p = skip_blanks(p + 1);
		if ((p = small_number(p, &m)) == NULL)
			return -1;
		p = skip_blanks(p);
		if (*p != sep)
			return -1;
		p = skip_blanks(p + 1);
		if ((p = small_number(p, &d)) == NULL)
			return -1;
		return finish(p, y, m, d, out);
	}
	if (has3(p, U_NIAN)) {
		p = skip_blanks(p + 3);
		if ((p = small_number(p, &m)) == NULL)
			return -1;
		p = skip_blanks(p);
		if (!has3(p, U_YUE))
			return -1;
		p = skip_blanks(p + 3);
		if ((p = small_number(p, &d)) == NULL)
			return -1;
		p = skip_blanks(p);
		/* 日 or 号 may be left off, as people often do by hand. */
		if (has3(p, U_RI) || has3(p, U_HAO))
			p += 3;
		return finish(p, y, m, d, out);
	}
	return -1;
}

char *
date_format(date_t d, char *buf)
{
	int y, m, dd;

	if (d == DATE_NONE) {
		buf[0] = '\0';
		return buf;
	}
	date_to_ymd(d, &y, &m, &dd);
	/* The buffer holds four year digits: clamp rather than overflow. */
	if (y < 0) {
		y = 0;
		m = dd = 1;
	} else if (y > 9999) {
		y = 9999;
		m = 12;
		dd = 31;
	}
	buf[0] = '0' + y / 1000;
	buf[1] = '0' + y / 100 % 10;
	buf[2] = '0' + y / 10 % 10;
	buf[3] = '0' + y % 10;
	buf[4] = '-';
	buf[5] = '0' + m / 10;
	buf[6] = '0' + m % 10;
	buf[7] = '-';
	buf[8] = '0' + dd / 10;
	buf[9] = '0' + dd % 10;
	buf[10] = '\0';
	return buf;
}

/* Keep results inside date_t, away from DATE_NONE. */
static date_t
clamp(long long v)
{
	if (v <= (long long)INT32_MIN)
		return INT32_MIN + 1;
	if (v > (long long)INT32_MAX)
		return INT32_MAX;
	return (date_t)v;
}

/* n cut to what can still matter, so sums cannot overflow. */
static long long
bound(long n)
{
	const long long big = 1LL << 40;

	return n > big ? big : n < -big ? -big : n;
}

date_t
date_add_days(date_t d, long n)
{
	if (d == DATE_NONE)
		return DATE_NONE;
	return clamp((long long)d + bound(n));
}

date_t
date_add_months(date_t d, long n)
{
	int y, m, dd, dim;
	long long total, ny, nm;

	if (d == DATE_NONE)
		return DATE_NONE;
	date_to_ymd(d, &y, &m, &dd);
	total = (long long)y * 12 + (m - 1) + bound(n);
	/* Floor division, so that negative n crosses year ends correctly. */
	ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
	nm = total - ny * 12 + 1;
	if (ny < -2000000 || ny > 2000000)
		return clamp(ny < 0 ? INT32_MIN : INT32_MAX);
	dim = date_days_in_month((int)ny, (int)nm);
	if (dd > dim)
		dd = dim;
	return date_from_ymd((int)ny, (int)nm, dd);
}

int
date_weekday(date_t d)
{
	/* 1970-01-01 was a Thursday (3). */
	int w = (int)(((long long)d + 3) % 7);

	return w < 0 ? w + 7 : w;
}

date_t
date_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return (date_t)(now / 86400);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
date_age(date_t birth, date_t on)
{
	int by, bm, bd, oy, om, od, age;

	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(on, &oy, &om, &od);
	age = oy - by;
	/* Born on February 29: a year older on March 1 in common years. */
	if (om < bm || (om == bm && od < bd))
		age--;
	return age;
}
