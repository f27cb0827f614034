/* i18n.c: the user's language for messages, and the order of names. */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "sbuf.h"
#include "xmem.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/*
 * The catalogs beside the program, BINDIR/../share/locale, into buf: so
 * an installed lb finds its own whatever PREFIX it was compiled with, and
 * a build tree (build/bin, build/share/locale) its fresh ones.  -1 when
 * there is no such folder (or no /proc).
 */
static int
exe_localedir(char *buf, size_t len)
{
	char exe[PATH_MAX], *slash;
	struct stat st;
	ssize_t n;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(buf, len, "%s/../share/locale", exe) >= len)
		return -1;
	return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

/* 1 when the ':'-separated list holds lang (codesets aside). */
static int
in_list(const char *list, const char *lang)
{
	size_t n = strlen(lang), len;

	for (;; list += len + 1) {
		len = strcspn(list, ":");
		if (len >= n && memcmp(list, lang, n) == 0 &&
		    (len == n || list[n] == '.' || list[n] == '@'))
			return 1;
		if (list[len] == '\0')
			return 0;
	}
}

/*
 * The catalog a Chinese language falls back on: zh_HK and zh_MO read
 * Traditional characters (zh_TW's), zh_SG, zh_MY and plain zh
 * Simplified (zh_CN's); NULL for any other language.  name may carry a
 * codeset and a modifier (zh_HK.UTF-8@x).
 */
static const char *
zh_fallback(const char *name, size_t len)
{
	static const struct {
		const char *lang, *to;
	} fb[] = { { "zh_HK", "zh_TW" }, { "zh_MO", "zh_TW" },
	    { "zh_SG", "zh_CN" }, { "zh_MY", "zh_CN" }, { "zh", "zh_CN" } };
	size_t i, n = strcspn(name, ".@:");

	if (n > len)
		n = len;
	for (i = 0; i < sizeof(fb) / sizeof(fb[0]); i++)
		if (strlen(fb[i].lang) == n && memcmp(name, fb[i].lang, n) == 0)
			return fb[i].to;
	return NULL;
}

/*
 * gettext looks for a catalog of each language of LANGUAGE in turn (or
 * of LC_MESSAGES' locale), and has none for zh_HK or zh_SG: the list
 * gets the fallback after each such language, unless there already.
 * Under C and POSIX gettext ignores LANGUAGE, and so does this.  The
 * variable is set for the programs lb starts too (a --sendmail command),
 * in their user's language all the same.
 */
static void
zh_fallbacks(void)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);
	const char *list = getenv("LANGUAGE"), *s, *to;
	struct sbuf out = SBUF_INIT;
	size_t len;
	int changed = 0;

	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return;
	if (list == NULL || *list == '\0')
		list = loc;
	sbuf_init(&out);
	for (s = list;; s += len + 1) {
		len = strcspn(s, ":");
		sbuf_printf(&out, "%s%.*s", out.len > 0 ? ":" : "", (int)len,
		    s);
		if ((to = zh_fallback(s, len)) != NULL && !in_list(list, to)) {
			sbuf_printf(&out, ":%s", to);
			changed = 1;
		}
		if (s[len] == '\0')
			break;
	}
	if (changed)
		(void)setenv("LANGUAGE", out.buf, 1);
	sbuf_release(&out);
}

void
i18n_init(void)
{
	const char *dir = getenv("LB_LOCALEDIR");
	char buf[PATH_MAX + 32];

	/*
	 * Only these categories: LC_NUMERIC would change strtod() and
	 * printf("%f") (a decimal comma), LC_TIME the names strftime()
	 * writes; CSV, dates and mail headers must not depend on who runs
	 * the command.  A locale that is not installed leaves the category
	 * "C" and the messages English.
	 */
	(void)setlocale(LC_MESSAGES, "");
	(void)setlocale(LC_CTYPE, "");
	(void)setlocale(LC_COLLATE, "");
	zh_fallbacks();
	if (dir == NULL || *dir == '\0')
		dir = exe_localedir(buf, sizeof(buf)) == 0 ? buf : LOCALEDIR;
	(void)bindtextdomain(I18N_DOMAIN, dir);
	/* Everything else lb writes is UTF-8, whatever the locale says. */
	(void)bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	(void)textdomain(I18N_DOMAIN);
}

enum i18n_script
i18n_script(void)
{
	/*
	 * The catalog's header is the translation of the empty msgid
	 * (through a variable: xgettext warns of it written out).
	 */
	static const char empty[] = "";
	const char *h = dgettext(I18N_DOMAIN, empty), *l;
	size_t n;

	if (h == NULL || *h == '\0')
		return I18N_NONE;
	if (strncmp(h, "Language: ", 10) == 0)
		l = h + 10;
	else if ((l = strstr(h, "\nLanguage: ")) != NULL)
		l += 11;
	else
		return I18N_NONE;
	n = strcspn(l, "\n");
	if (n < 2 || memcmp(l, "zh", 2) != 0 || (n > 2 && l[2] != '_' &&
	    l[2] != '-' && l[2] != '.' && l[2] != '@'))
		return I18N_NONE;
	if (n >= 5 && (memcmp(l + 3, "TW", 2) == 0 ||
	    memcmp(l + 3, "HK", 2) == 0 || memcmp(l + 3, "MO", 2) == 0))
		return I18N_HANT;
	if (n >= 7 && memcmp(l + 3, "Hant", 4) == 0)
		return I18N_HANT;
	return I18N_HANS;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The Chinese numeral at s (一 to 九, 零 〇 两, and the units 十 百 千):
 * its bytes (3, all are in U+3007..U+9F9A), *v its value; 0 when s holds
 * none.  Group names are numbered in words (一组, 三年级, 十一组).
 */
static size_t
cn_numeral(const char *s, unsigned *v)
{
	static const struct {
		char s[4];
		unsigned v;
	} cn[] = {
		{ "零", 0 }, { "〇", 0 }, { "一", 1 }, { "二", 2 }, { "两", 2 },
		{ "三", 3 }, { "四", 4 }, { "五", 5 }, { "六", 6 }, { "七", 7 },
		{ "八", 8 }, { "九", 9 }, { "十", 10 }, { "百", 100 },
		{ "千", 1000 }
	};
	size_t i;

	if ((unsigned char)s[0] < 0xe3)
		return 0;
	for (i = 0; i < sizeof(cn) / sizeof(cn[0]); i++)
		if (memcmp(s, cn[i].s, 3) == 0) {
			*v = cn[i].v;
			return 3;
		}
	return 0;
}

/*
 * The value of the run of Chinese numerals at *ps, advancing past it:
 * 十一 11, 二十 20, 一百零五 105, and digit by digit without units
 * (二〇二六 2026).  Values beyond what a group is numbered with wrap
 * harmlessly: only the order of names depends on it.
 */
static unsigned long long
cn_number(const char **ps)
{
	const char *s = *ps;
	unsigned long long total = 0, cur = 0, plain = 0;
	unsigned v;
	size_t n;
	int units = 0;

	while ((n = cn_numeral(s, &v)) > 0) {
		if (v >= 10) {
			total += (cur == 0 ? 1 : cur) * v;
			cur = 0;
			units = 1;
		} else {
			cur = v;
			plain = plain * 10 + v;
		}
		s += n;
	}
	*ps = s;
	return units ? total + cur : plain;
}

/* 1 when a number starts at s: an ASCII digit or a Chinese numeral. */
static int
at_number(const char *s)
{
	unsigned v;

	return is_digit(*s) || cn_numeral(s, &v) > 0;
}

/* Compare the digit runs at *a and *b as numbers, advancing both. */
static int
numcmp(const char **pa, const char **pb)
{
	const char *a = *pa, *b = *pb, *sa, *sb;
	size_t la, lb;

	/* Leading zeros do not count, but a lone 0 is a number. */
	while (*a == '0' && is_digit(a[1]))
		a++;
	while (*b == '0' && is_digit(b[1]))
		b++;
	for (sa = a; is_digit(*a); a++)
		;
	for (sb = b; is_digit(*b); b++)
		;
	*pa = a;
	*pb = b;
	la = (size_t)(a - sa);
	lb = (size_t)(b - sb);
	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(sa, sb, la);
}

/* The value of the run of ASCII digits at *ps (saturating), advancing. */
static unsigned long long
ascii_number(const char **ps)
{
	unsigned long long v = 0;
	const char *s = *ps;

	for (; is_digit(*s); s++)
		v = v > ULLONG_MAX / 10 - 1 ? ULLONG_MAX : v * 10 +
		    (unsigned)(*s - '0');
	*ps = s;
	return v;
}

/* The end of the run at s: its number, or its text up to the next one. */
static const char *
run_end(const char *s)
{
	if (is_digit(*s)) {
		while (is_digit(*s))
			s++;
	} else if (at_number(s)) {
		(void)cn_number(&s);
	} else {
		while (*s != '\0' && !at_number(s))
			s++;
	}
	return s;
}

/*
 * Compare the numbers at *a and *b (at_number() of both), advancing
 * both: digits with digits exactly, at any length; a Chinese numeral
 * by its value (三 with 3 alike, 十 after 九).
 */
static int
number_cmp(const char **a, const char **b)
{
	unsigned long long x, y;

	if (is_digit(**a) && is_digit(**b))
		return numcmp(a, b);
	x = is_digit(**a) ? ascii_number(a) : cn_number(a);
	y = is_digit(**b) ? ascii_number(b) : cn_number(b);
	return (x > y) - (x < y);
}

/* Natural order in bytes: what the C locale gets, exactly as before. */
static int
bytecmp(const char *a, const char *b)
{
	int c;

	while (*a != '\0' && *b != '\0') {
		if (at_number(a) && at_number(b)) {
			if ((c = number_cmp(&a, &b)) != 0)
				return c;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (*a != '\0') - (*b != '\0');
}

/* strcoll() of a[0..la) and b[0..lb), which need not end in NUL. */
static int
collate(const char *a, size_t la, const char *b, size_t lb)
{
	char ba[128], bb[128];
	char *sa = la < sizeof(ba) ? ba : xmalloc(la + 1);
	char *sb = lb < sizeof(bb) ? bb : xmalloc(lb + 1);
	int c;

	memcpy(sa, a, la);
	sa[la] = '\0';
	memcpy(sb, b, lb);
	sb[lb] = '\0';
	c = strcoll(sa, sb);
	if (sa != ba)
		free(sa);
	if (sb != bb)
		free(sb);
	return c;
}

/*
 * Natural order under the collation: the strings as runs of digits and
 * runs of other text, compared run by run.
 */
static int
collcmp(const char *a, const char *b)
{
	const char *ea, *eb;
	int c;

	while (*a != '\0' && *b != '\0') {
		if (at_number(a) && at_number(b)) {
			if ((c = number_cmp(&a, &b)) != 0)
				return c;
			continue;
		}
		ea = run_end(a);
		eb = run_end(b);
		c = collate(a, (size_t)(ea - a), b, (size_t)(eb - b));
		if (c != 0)
			return c;
		a = ea;
		b = eb;
	}
	return (*a != '\0') - (*b != '\0');
}

/* 1 when the collation is plain code point order: C, POSIX, C.UTF-8. */
static int
bytewise(void)
{
	const char *name = setlocale(LC_COLLATE, NULL);

	return name == NULL || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0 || strncmp(name, "C.", 2) == 0;
}

int
i18n_natcmp(const char *a, const char *b)
{
	int c = bytecmp(a, b);

	return c != 0 ? c : strcmp(a, b);
}

int
i18n_namecmp(const char *a, const char *b)
{
	int c = bytewise() ? bytecmp(a, b) : collcmp(a, b);

	/* Equal under the collation (or "02" and "2"): bytes decide. */
	return c != 0 ? c : strcmp(a, b);
}
