/* where.c: filter expressions over named columns, e.g. "guardian_age>=70". */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"
#include "rx.h"
#include "text.h"
#include "where.h"
#include "xmem.h"

enum wop { W_EQ, W_NE, W_MATCH, W_NMATCH, W_LT, W_LE, W_GT, W_GE };

struct where {
	size_t col;
	enum wop op;
	char *text;		/* the whole expression */
	char *value;		/* the text after the operator */
	size_t vpos;		/* character position of the value, from 1 */
	struct rx *rx;		/* W_MATCH, W_NMATCH */
	int is_date;		/* comparisons: dates, not numbers */
	double num;
	date_t day;
	struct where *next;	/* the next of a chain, all must hold */
};

/* 1-based character position of byte offset off in s. */
static size_t
char_pos(const char *s, size_t off)
{
	size_t i, pos = 1;

	for (i = 0; i < off && s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			pos++;
	return pos;
}

/* Parse all of s (blanks around allowed) as a finite number. */
static int
parse_number(const char *s, double *out)
{
	size_t len;
	const char *t = text_trim(s, &len);
	char buf[64], *end;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, t, len);
	buf[len] = '\0';
	*out = strtod(buf, &end);
	if (*end != '\0' || !isfinite(*out))
		return -1;
	return 0;
}

/* A date written YYYY-MM-DD exactly (the form an expression uses). */
static int
parse_iso(const char *s, date_t *out)
{
	size_t i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	return date_parse(s, out);
}

/* Damerau (optimal string alignment) distance, ASCII case ignored. */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, c, v;
	size_t d[3][65];
	size_t *prev2 = d[0], *prev = d[1], *cur = d[2], *t;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			c = tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 1]) ? 0 : 1;
			v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + c < v)
				v = prev[j - 1] + c;
			if (i > 1 && j > 1 &&
			    tolower((unsigned char)a[i - 1]) ==
			    tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) ==
			    tolower((unsigned char)b[j - 1]) &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

const char *
where_suggest(const char *word, const char *const *names, size_t n)
{
	size_t i, d, best = (size_t)-1;
	const char *found = NULL;

	for (i = 0; i < n; i++) {
		d = edit_distance(word, names[i]);
		if (d <= 2 && d * 3 <= strlen(names[i]) && d < best) {
			best = d;
			found = names[i];
		}
	}
	return found;
}

struct where *
where_parse(const char *const *names, size_t n, const char *expr,
    char *err, size_t errlen, size_t *pos)
{
	struct where_fields f = { names, n, NULL, NULL };

	return where_parse_in(&f, expr, err, errlen, pos);
}

/* The column of field: a name of fields, else an alias; -1 if none. */
static long
lookup(const struct where_fields *f, const char *field)
{
	long col;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->names[i][0] != '\0' && strcmp(f->names[i], field) == 0)
			return (long)i;
	if (f->alias != NULL && (col = f->alias(f->arg, field)) >= 0 &&
	    (size_t)col < f->n)
		return col;
	return -1;
}

struct where *
where_parse_in(const struct where_fields *fields, const char *expr,
    char *err, size_t errlen, size_t *pos)
{
	const char *const *names = fields->names;
	size_t n = fields->n;
	struct where *w;
	size_t fs, fe, i, k, vo, erroff;
	const char *hint;
	char *field;
	char rxerr[256];
	enum wop op;
	long col = -1;

	fs = 0;
	while (expr[fs] == ' ' || expr[fs] == '\t')
		fs++;
	fe = fs + strcspn(expr + fs, "=!~<>");
	if (expr[fs] == '\0') {
		snprintf(err, errlen, _("empty expression (expected e.g. "
		    "'grade=3')"));
		*pos = 1;
		return NULL;
	}
	i = fe;
	while (fe > fs && (expr[fe - 1] == ' ' || expr[fe - 1] == '\t'))
		fe--;
	if (expr[i] == '\0') {
		snprintf(err, errlen, _("no operator in '%s' (expected one of "
		    "= != ~ !~ < <= > >=)"), expr);
		*pos = char_pos(expr, i);
		return NULL;
	}
	if (fe == fs) {
		snprintf(err, errlen, _("missing field name before '%c'"),
		    expr[i]);
		*pos = char_pos(expr, i);
		return NULL;
	}
	switch (expr[i]) {
	case '!':
		if (expr[i + 1] == '=')
			op = W_NE;
		else if (expr[i + 1] == '~')
			op = W_NMATCH;
		else {
			snprintf(err, errlen, _("expected '=' or '~' after "
			    "'!'"));
			*pos = char_pos(expr, i + 1);
			return NULL;
		}
		k = 2;
		break;
	case '<':
	case '>':
		k = expr[i + 1] == '=' ? 2 : 1;
		op = expr[i] == '<' ? (k == 2 ? W_LE : W_LT) :
		    (k == 2 ? W_GE : W_GT);
		break;
	case '~':
		op = W_MATCH;
		k = 1;
		break;
	default:
		op = W_EQ;
		k = 1;
		break;
	}
	vo = i + k;
	field = xstrndup(expr + fs, fe - fs);
	col = lookup(fields, field);
	if (col < 0) {
		hint = where_suggest(field, names, n);
		if (hint != NULL)
			snprintf(err, errlen, _("unknown field '%s' (did you "
			    "mean '%s'?)"), field, hint);
		else
			snprintf(err, errlen, _("unknown field '%s'"), field);
		*pos = char_pos(expr, fs);
		free(field);
		return NULL;
	}
	free(field);

	w = xcalloc(1, sizeof(*w));
	w->col = (size_t)col;
	w->op = op;
	w->text = xstrdup(expr);
	if (op == W_MATCH || op == W_NMATCH) {
		w->value = xstrdup(expr + vo);
		w->vpos = char_pos(expr, vo);
	} else {
		/* "grade = 3" means what "grade=3" does. */
		size_t vlen;
		const char *v = expr + vo;

		while (*v == ' ' || *v == '\t')
			v++;
		vlen = strlen(v);
		while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		w->value = xstrndup(v, vlen);
		w->vpos = char_pos(expr, (size_t)(v - expr));
	}
	switch (op) {
	case W_MATCH:
	case W_NMATCH:
		if (w->value[0] == '\0') {
			snprintf(err, errlen, _("expected a pattern after "
			    "'%s'"), op == W_MATCH ? "~" : "!~");
			*pos = char_pos(expr, vo);
			goto fail;
		}
		w->rx = rx_compile(w->value, 0, rxerr, sizeof(rxerr), &erroff);
		if (w->rx == NULL) {
			snprintf(err, errlen, _("bad pattern: %s"), rxerr);
			*pos = char_pos(expr, vo + erroff);
			goto fail;
		}
		break;
	case W_LT:
	case W_LE:
	case W_GT:
	case W_GE:
		if (parse_iso(w->value, &w->day) == 0)
			w->is_date = 1;
		else if (parse_number(w->value, &w->num) == -1) {
			snprintf(err, errlen, _("expected a number or a date "
			    "YYYY-MM-DD after '%.*s', not '%s'"), (int)k,
			    expr + vo - k, w->value);
			*pos = char_pos(expr, vo);
			goto fail;
		}
		break;
	default:
		break;
	}
	return w;
fail:
	where_free(w);
	return NULL;
}

void
where_free(struct where *w)
{
	struct where *next;

	for (; w != NULL; w = next) {
		next = w->next;
		rx_free(w->rx);
		free(w->text);
		free(w->value);
		free(w);
	}
}

struct where *
where_and(struct where *list, struct where *w)
{
	struct where *last;

	if (list == NULL)
		return w;
	for (last = list; last->next != NULL; last = last->next)
		continue;
	last->next = w;
	return list;
}

const struct where *
where_next(const struct where *w)
{
	return w->next;
}

/* -1, 0, 1 as a is below, equal to, above b. */
static int
cmp3(double a, double b)
{
	return a < b ? -1 : a > b;
}

static int eval_one(const struct where *, const char *const *);

int
where_eval(const struct where *w, const char *const *values)
{
	int r;

	for (; w != NULL; w = w->next)
		if ((r = eval_one(w, values)) != 1)
			return r;
	return 1;
}

static int
eval_one(const struct where *w, const char *const *values)
{
	const char *v = values[w->col] != NULL ? values[w->col] : "";
	double num;
	date_t day;
	int c, r;

	switch (w->op) {
	case W_EQ:
		return strcmp(v, w->value) == 0;
	case W_NE:
		return strcmp(v, w->value) != 0;
	case W_MATCH:
	case W_NMATCH:
		r = rx_match(w->rx, v, strlen(v));
		if (r == -1)
			return -1;
		return w->op == W_MATCH ? r : !r;
	default:
		break;
	}
	if (w->is_date) {
		if (text_blank(v) || date_parse(v, &day) == -1)
			return 0;
		c = day < w->day ? -1 : day > w->day;
	} else {
		if (parse_number(v, &num) == -1)
			return 0;
		c = cmp3(num, w->num);
	}
	switch (w->op) {
	case W_LT:
		return c < 0;
	case W_LE:
		return c <= 0;
	case W_GT:
		return c > 0;
	default:
		return c >= 0;
	}
}

size_t
where_col(const struct where *w)
{
	return w->col;
}

const char *
where_text(const struct where *w)
{
	return w->text;
}

int
where_is_equality(const struct where *w)
{
	return w->op == W_EQ || w->op == W_NE;
}

const char *
where_value(const struct where *w)
{
	return w->value;
}

size_t
where_value_pos(const struct where *w)
{
	return w->vpos;
}

void
where_set_value(struct where *w, const char *value)
{
	char *old = w->value;

	w->value = xstrdup(value);
	free(old);
}
