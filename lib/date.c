/* date.c: calendar dates as day counts, parsing ISO and Chinese forms. */
#include <stdint.h>
#include <string.h>
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

/* Excel's 1900 date system (see date_parse_sheet() in date.h). */
#define EXCEL_LEAP_BUG	60	/* the serial of 1900-02-29 */
#define EXCEL_MAX	99999

/* All of s[0..n) is digits. */
static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!ISDIGIT(s[i]))
			return 0;
	return n > 0;
}

/* An Excel serial, digits with an optional fraction (the time). */
static int
excel_serial(const char *s, date_t *out)
{
	size_t n = strspn(s, "0123456789");
	long v = 0;
	size_t i;

	if (n == 0 || n > 5 || n == 4)
		return -1;
	if (s[n] == '.' && !all_digits(s + n + 1, strlen(s + n + 1)))
		return -1;
	if (s[n] != '\0' && s[n] != '.')
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	if (v < 1 || v > EXCEL_MAX || v == EXCEL_LEAP_BUG)
		return -1;
	/*
	 * Serial 1 is 1900-01-01; from serial 61 (1900-03-01) on, every
	 * serial counts the fictitious 1900-02-29 as well.
	 */
	*out = date_from_ymd(1899, 12, v < EXCEL_LEAP_BUG ? 31 : 30) +
	    (date_t)v;
	return 0;
}

/* A year and month alone: 2015-03, 2015/3, 2015.3, 2015年3月, 201503. */
static int
year_month(const char *s, date_t *out)
{
	const char *p = s + 4;
	int y, m;

	if (!all_digits(s, 4))
		return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	if (all_digits(p, 2) && p[2] == '\0') {
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	} else {
		int nian;

		p = skip_blanks(p);
		nian = has3(p, U_NIAN);
		if (nian)
			p += 3;
		else if (*p == '-' || *p == '/' || *p == '.')
			p++;
		else
			return -1;
		if ((p = small_number(skip_blanks(p), &m)) == NULL)
			return -1;
		p = skip_blanks(p);
		/* 年 asks for its 月, as in 2015年3月. */
		if (nian && !has3(p, U_YUE))
			return -1;
		if (nian)
			p += 3;
	}
	if (*skip_blanks(p) != '\0' || !date_valid_ymd(y, m, 1))
		return -1;
	*out = date_from_ymd(y, m, 1);
	return 0;
}

/* t is a time of day: H:MM, H:MM:SS or H:MM:SS.fff (hours 0-23). */
static int
is_time(const char *t)
{
	int h, m, sec = 0;

	if ((t = small_number(t, &h)) == NULL || *t != ':' ||
	    !ISDIGIT(t[1]) || !ISDIGIT(t[2]))
		return 0;
	m = (t[1] - '0') * 10 + (t[2] - '0');
	t += 3;
	if (*t == ':') {
		if (!ISDIGIT(t[1]) || !ISDIGIT(t[2]))
			return 0;
		sec = (t[1] - '0') * 10 + (t[2] - '0');
		t += 3;
		if (*t == '.') {
			if (!ISDIGIT(t[1]))
				return 0;
			for (t++; ISDIGIT(*t); t++)
				;
		}
	}
	return *t == '\0' && h < 24 && m < 60 && sec < 60;
}

/*
 * The length of s without a time of day at its end (" 0:00:00",
 * "T00:00:00"), or strlen(s) when it has none.
 */
static size_t
without_time(const char *s)
{
	size_t n = strlen(s), i;

	for (i = n; i > 0; i--)
		if (s[i - 1] == ' ' || s[i - 1] == 'T')
			break;
	if (i <= 1 || !is_time(s + i))
		return n;
	i--;
	if (s[i] == ' ')
		while (i > 0 && s[i - 1] == ' ')
			i--;
	return i;
}

int
date_parse_sheet(const char *s, date_t *out)
{
	char buf[64];
	const unsigned char *p;
	size_t n = 0, cut;
	unsigned cp;

	if (s == NULL)
		return -1;
	if (date_parse(s, out) == 0)
		return DATE_DAY;
	/* Full-width forms to ASCII, U+3000 to a space, blanks trimmed. */
	for (p = (const unsigned char *)skip_blanks(s); *p != '\0'; ) {
		if (n + 4 >= sizeof(buf))
			return -1;
		if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) && p[2] != 0) {
			cp = 0xff00 | ((p[1] & 0x03u) << 6) | (p[2] & 0x3fu);
			if (cp >= 0xff01 && cp <= 0xff5e) {
				buf[n++] = (char)(cp - 0xff01 + 0x21);
				p += 3;
				continue;
			}
		}
		if (has3((const char *)p, U_IDEO_SPACE)) {
			buf[n++] = ' ';
			p += 3;
			continue;
		}
		buf[n++] = (char)*p++;
	}
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		n--;
	buf[n] = '\0';
	cut = without_time(buf);
	buf[cut] = '\0';
	if (date_parse(buf, out) == 0)
		return DATE_DAY;
	if (cut == n && excel_serial(buf, out) == 0)
		return DATE_DAY;
	if (year_month(buf, out) == 0)
		return DATE_MONTH;
	return -1;
}
