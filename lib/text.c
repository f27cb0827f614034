/* text.c: small UTF-8 text helpers: trimming, full-width folding. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "sbuf.h"
#include "text.h"

/* Length of the blank at s (0 when none): ASCII blanks or U+3000. */
static size_t
blank_at(const unsigned char *s, size_t left)
{
	if (left >= 1 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		return 1;
	if (left >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

const char *
text_trim(const char *s, size_t *len)
{
	return text_trim_n(s, strlen(s), len);
}

const char *
text_trim_n(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t b;

	/* Most values start and end with a visible ASCII character. */
	if (n > 0 && p[0] > ' ' && p[0] < 0x7f && p[n - 1] > ' ' &&
	    p[n - 1] < 0x7f) {
		*len = n;
		return s;
	}
	while (n > 0 && (b = blank_at(p, n)) > 0) {
		p += b;
		n -= b;
	}
	for (;;) {
		if (n >= 1 && blank_at(p + n - 1, 1) == 1)
			n--;
		else if (n >= 3 && blank_at(p + n - 3, 3) == 3)
			n -= 3;
		else
			break;
	}
	*len = n;
	return (const char *)p;
}

int
text_blank(const char *s)
{
	size_t n;

	(void)text_trim(s, &n);
	return n == 0;
}

int
text_whole(const char *s, long long max, long long *out)
{
	long long v = 0;
	int d;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		d = *s - '0';
		if (v > max / 10 || v * 10 > max - d)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

void
text_fold_fullwidth(struct sbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	unsigned cp;

	while (i < len) {
		/* U+FF01..U+FF5E is EF BC 81..EF BD 9E; it maps to 0x21..0x7E. */
		if (i + 2 < len && p[i] == 0xef && (p[i + 1] == 0xbc ||
		    p[i + 1] == 0xbd)) {
			cp = 0xff00 | ((p[i + 1] & 0x03u) << 6) | (p[i + 2] & 0x3fu);
			if (cp >= 0xff01 && cp <= 0xff5e) {
				sbuf_addc(out, (int)(cp - 0xff01 + 0x21));
				i += 3;
				continue;
			}
		}
		if (i + 2 < len && p[i] == 0xe3 && p[i + 1] == 0x80 &&
		    p[i + 2] == 0x80) {
			sbuf_addc(out, ' ');
			i += 3;
			continue;
		}
		sbuf_addc(out, p[i]);
		i++;
	}
}

struct range {
	unsigned lo, hi;
};

/* Wide (W) and full-width (F) ranges of Unicode's EastAsianWidth.txt. */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x267f, 0x267f }, { 0x2693, 0x2693 }, { 0x26a1, 0x26a1 },
	{ 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
	{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f3 }, { 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa },
	{ 0x26fd, 0x26fd }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x16fe4 },
	{ 0x17000, 0x18cd5 }, { 0x1b000, 0x1b2fb }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a },
	{ 0x1f200, 0x1f251 }, { 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff },
	{ 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f9ff }, { 0x1fa70, 0x1faff },
	{ 0x20000, 0x2fffd }, { 0x30000, 0x3fffd }
};

/* Zero-width: combining marks, joiners, variation selectors. */
static const struct range zero[] = {
	{ 0x0300, 0x036f }, { 0x200b, 0x200f }, { 0x20d0, 0x20ff },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0100, 0xe01ef }
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
in_ranges(unsigned cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp > r[mid].hi)
			lo = mid + 1;
		else if (cp < r[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

/* Decode one character at s; returns its byte length (1 for bad bytes). */
static size_t
decode(const unsigned char *s, size_t left, unsigned *cp)
{
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (n == 0 || n > left)
		goto bad;
	*cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
bad:
	*cp = 0xfffd;
	return 1;
}

static size_t
char_width(unsigned cp)
{
	if (cp < 0x300)
		return cp >= 0x20 && cp != 0x7f ? 1 : 0;
	if (in_ranges(cp, zero, NELEM(zero)))
		return 0;
	return in_ranges(cp, wide, NELEM(wide)) ? 2 : 1;
}

size_t
text_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0;
	unsigned cp;

	while (i < len) {
		/* The common cases first: printable ASCII, U+4000..U+9FFF. */
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			w++;
			i++;
			continue;
		}
		if (p[i] >= 0xe4 && p[i] <= 0xe9 && i + 2 < len &&
		    (p[i + 1] & 0xc0) == 0x80 && (p[i + 2] & 0xc0) == 0x80) {
			w += 2;
			i += 3;
			continue;
		}
		i += decode(p + i, len - i, &cp);
		w += char_width(cp);
	}
	return w;
}

size_t
text_fit(const char *s, size_t len, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, n, cw;
	unsigned cp;

	while (i < len) {
		n = decode(p + i, len - i, &cp);
		cw = char_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	return i;
}

void
text_list(struct sbuf *sb, const char *const *w, int quote)
{
	size_t i;

	for (i = 0; w[i] != NULL; i++) {
		if (i > 0)
			sbuf_adds(sb, w[i + 1] == NULL ? _(" or ") : _(", "));
		sbuf_printf(sb, quote ? "'%s'" : "%s", w[i]);
	}
}

/* A Han character (CJK unified ideographs and their extensions, 〇). */
static int
is_han(unsigned cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 &&
	    cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x3134f) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || cp == 0x3007;
}

void
text_name(struct sbuf *out, const char *s)
{
	const unsigned char *p;
	size_t n, i = 0, b, k, start = out->len;
	unsigned cp, prev = 0, next;

	s = text_trim(s, &n);
	p = (const unsigned char *)s;
	while (i < n) {
		if ((b = blank_at(p + i, n - i)) == 0) {
			k = decode(p + i, n - i, &cp);
			sbuf_add(out, s + i, k);
			prev = cp;
			i += k;
			continue;
		}
		/* A run of blanks: dropped between Han, else one space. */
		while (i < n && (b = blank_at(p + i, n - i)) > 0)
			i += b;
		(void)decode(p + i, n - i, &next);
		if (!(is_han(prev) && is_han(next)) && out->len > start)
			sbuf_addc(out, ' ');
	}
}

int
text_sheet_number(const char *s)
{
	struct sbuf f = SBUF_INIT;
	const char *p;
	size_t n, i;
	int ret = 0;

	sbuf_init(&f);
	s = text_trim(s, &n);
	/* ASCII as typed, as nearly every id and phone is: read in place. */
	for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
		;
	if (i == n && s[n] == '\0')
		p = s;
	else {
		text_fold_fullwidth(&f, s, n);
		p = f.buf;
	}
	if (*p == '+' || *p == '-')
		p++;
	n = strspn(p, "0123456789");
	if (n == 0)
		goto done;
	p += n;
	if (*p == '.') {
		n = strspn(p + 1, "0123456789");
		/* 42.0 went through a number; 3.2 may be a class or a version. */
		if (p[1 + n] == '\0' && n > 0 && strspn(p + 1, "0") == n) {
			ret = 1;
			goto done;
		}
		p += 1 + n;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		n = strspn(p, "0123456789");
		ret = n > 0 && p[n] == '\0';
	}
done:
	sbuf_release(&f);
	return ret;
}

size_t
text_control_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 1 && (u[0] < 0x20 || u[0] == 0x7f))
		return 1;
	if (n >= 2 && u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
		return 2;
	return 0;
}

int
text_has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\t' && text_control_at(s + i, n - i) > 0)
			return 1;
	return 0;
}

size_t
text_control_shown(const char *s, size_t n, char shown[8])
{
	size_t k = n > 0 && *s == '\t' ? 0 : text_control_at(s, n);

	if (k == 1)
		snprintf(shown, 8, "\\x%02x", (unsigned char)s[0]);
	else if (k == 2)
		snprintf(shown, 8, "\\u%04x", (unsigned char)s[1]);
	return k;
}

void
text_escape_controls(struct sbuf *out, const char *s, size_t n)
{
	char shown[8];
	size_t i, k;

	for (i = 0; i < n; i += k)
		if ((k = text_control_shown(s + i, n - i, shown)) > 0)
			sbuf_adds(out, shown);
		else {
			sbuf_addc(out, s[i]);
			k = 1;
		}
}

