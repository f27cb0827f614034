/* classname.c: class names as schools write them, to canonical grade-number. */
#include <string.h>

#include "classname.h"
#include "sbuf.h"
#include "text.h"

/* The separators beyond ASCII, in UTF-8, spelled out so that none hides;
 * full-width forms (（２）, －, ．) are folded to ASCII before parsing. */
#define IDEO_SPACE	"\xe3\x80\x80"	/* U+3000 ideographic space */
#define IDEO_COMMA	"\xe3\x80\x81"	/* 、 */
#define FW_COMMA	"\xef\xbc\x8c"	/* ， */
#define FW_SLASH	"\xef\xbc\x8f"	/* ／ */
#define FW_SEMI		"\xef\xbc\x9b"	/* ； */

#define MAX_GRADE	12
#define MAX_NUMBER	9999

/* How a grade was written: it decides whether a number may follow it
 * directly (初一2班, 三2班, but not 32班). */
enum { G_DIGITS, G_CHINESE, G_PREFIXED };

static const char *const cn_digits[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九"
};

static int
eat(const char **s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*s, lit, n) != 0)
		return 0;
	*s += n;
	return 1;
}

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* One Chinese digit 一..九 at *s, consumed: its value, else 0. */
static int
cn_digit(const char **s)
{
	size_t i;

	for (i = 0; i < sizeof(cn_digits) / sizeof(cn_digits[0]); i++)
		if (eat(s, cn_digits[i]))
			return (int)i + 1;
	return 0;
}

/* Digits: the value (at most MAX_NUMBER), else -1 and *s unmoved. */
static int
digits(const char **s)
{
	const char *p = *s;
	int v = 0;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > MAX_NUMBER)
			return -1;
	}
	*s = p;
	return v;
}

/* Chinese numerals 一 .. 九十九: the value, else -1 and *s unmoved. */
static int
cn_number(const char **s)
{
	const char *p = *s;
	int tens, ones;

	tens = cn_digit(&p);
	if (eat(&p, "十")) {
		tens = tens == 0 ? 1 : tens;
		ones = cn_digit(&p);
		*s = p;
		return tens * 10 + ones;
	}
	if (tens == 0)
		return -1;
	*s = p;
	return tens;
}

static int
number(const char **s)
{
	int v = digits(s);

	return v >= 0 ? v : cn_number(s);
}

/* The grade at *s and how it was written; -1 when there is none. */
static int
grade(const char **s, int *how)
{
	const char *p = *s;
	int g, base = eat(&p, "初") ? 6 : eat(&p, "高") ? 9 : 0;

	if (base > 0) {
		g = cn_digit(&p);
		if (g < 1 || g > 3)
			return -1;
		*how = G_PREFIXED;
		*s = p;
		return base + g;
	}
	*how = *p >= '0' && *p <= '9' ? G_DIGITS : G_CHINESE;
	g = number(&p);
	if (g < 1 || g > MAX_GRADE)
		return -1;
	*s = p;
	return g;
}

/* The grade and class number of s (folded to ASCII forms), or -1 when
 * s is no form we know. */
static int
parse(const char *s, int *g, int *n)
{
	int how, year;

	s = skip_blanks(s);
	if ((*g = grade(&s, &how)) < 0)
		return -1;
	s = skip_blanks(s);
	year = eat(&s, "年级") || eat(&s, "年級") || eat(&s, "年");
	s = skip_blanks(s);
	if (eat(&s, "(")) {
		s = skip_blanks(s);
		*n = number(&s);
		s = skip_blanks(s);
		if (!eat(&s, ")"))
			return -1;
	} else if (!year && (eat(&s, "-") || eat(&s, "."))) {
		s = skip_blanks(s);
		*n = number(&s);
	} else if (year || how == G_PREFIXED ||
	    (how == G_CHINESE && *s >= '0' && *s <= '9'))
		*n = number(&s);
	else
		return -1;
	if (*n < 1)
		return -1;
	s = skip_blanks(s);
	(void)eat(&s, "班");
	s = skip_blanks(s);
	return *s == '\0' ? 0 : -1;
}

int
classname_canon(const char *in, struct sbuf *out)
{
	struct sbuf folded = SBUF_INIT;
	const char *t;
	size_t n;
	int g, c, ret = -1;

	sbuf_init(&folded);
	text_fold_fullwidth(&folded, in, strlen(in));
	if (parse(folded.buf, &g, &c) == 0) {
		sbuf_printf(out, "%d-%d", g, c);
		ret = 0;
	} else {
		t = text_trim(in, &n);
		sbuf_add(out, t, n);
	}
	sbuf_release(&folded);
	return ret;
}

int
classname_grade(const char *in)
{
	struct sbuf folded = SBUF_INIT;
	const char *s;
	int g, how;

	sbuf_init(&folded);
	text_fold_fullwidth(&folded, in, strlen(in));
	s = skip_blanks(folded.buf);
	if ((g = grade(&s, &how)) >= 0) {
		s = skip_blanks(s);
		(void)(eat(&s, "年级") || eat(&s, "年級") || eat(&s, "年"));
		if (*skip_blanks(s) != '\0')
			g = -1;
	}
	sbuf_release(&folded);
	return g;
}

/* The length of the separator at s, 0 when there is none. */
static size_t
separator(const char *s)
{
	static const char *const seps[] = {
		";", ",", "/", " ", "\t", "\r", "\n", FW_SEMI, FW_COMMA,
		IDEO_COMMA, FW_SLASH, IDEO_SPACE
	};
	size_t i, n;

	/* Names are mostly ASCII and CJK ideographs (lead bytes E4-E9). */
	if ((unsigned char)*s > 0x7f && (unsigned char)*s != 0xe3 &&
	    (unsigned char)*s != 0xef)
		return 0;
	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		n = strlen(seps[i]);
		if (strncmp(s, seps[i], n) == 0)
			return n;
	}
	return 0;
}

size_t
classname_list_next(const char **list, const char **name)
{
	const char *s = *list, *e;
	size_t n;

	while ((n = separator(s)) > 0)
		s += n;
	for (e = s; *e != '\0' && separator(e) == 0; e++)
		;
	*name = s;
	*list = e;
	return (size_t)(e - s);
}
