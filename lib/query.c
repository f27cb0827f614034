/* query.c: the --where options of a command, over normalised roster rows. */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "classname.h"
#include "diag.h"
#include "i18n.h"
#include "policy.h"
#include "query.h"
#include "sbuf.h"
#include "schema.h"
#include "table.h"
#include "text.h"
#include "where.h"
#include "xmem.h"

/*
 * Expressions address one array of values: the canonical roster columns
 * [0, RC_COUNT), the command's own columns [RC_COUNT, RC_COUNT + nown),
 * then the file's other columns.
 */
struct query {
	const struct policy *p;
	date_t as_of;
	const char *const *exprs;
	size_t n;
	const char *const *own;
	size_t nown;
	const char *const **own_values;	/* per own column, or NULL */

	struct where *roster;	/* chain of those on roster and file columns */
	struct where *mine;	/* chain of those on own columns */

	/* The bound file. */
	size_t ncols;
	int *canon;		/* per file column: canonical or -1 */
	int first[RC_COUNT];	/* per canonical column: file column or -1 */
	size_t *extra;		/* file columns of the other columns */
	size_t nextra;

	char *v[RC_COUNT];	/* the last row's normalised values */
	const char **vals;	/* the array expressions look at */
	struct sbuf errs;
};

struct query *
query_new(const struct policy *p, date_t as_of, const char *const *exprs,
    size_t n, const char *const *own, size_t nown)
{
	struct query *q = xcalloc(1, sizeof(*q));
	int c;

	q->p = p;
	q->as_of = as_of;
	q->exprs = exprs;
	q->n = n;
	q->own = own;
	q->nown = nown;
	q->own_values = xcalloc(nown + 1, sizeof(*q->own_values));
	for (c = 0; c < RC_COUNT; c++) {
		q->v[c] = xstrdup("");
		q->first[c] = -1;
	}
	sbuf_init(&q->errs);
	return q;
}

static void
unbind(struct query *q)
{
	where_free(q->roster);
	where_free(q->mine);
	q->roster = q->mine = NULL;
	free(q->canon);
	free(q->extra);
	free(q->vals);
	q->canon = NULL;
	q->extra = NULL;
	q->vals = NULL;
	q->ncols = q->nextra = 0;
}

void
query_free(struct query *q)
{
	int c;

	if (q == NULL)
		return;
	unbind(q);
	for (c = 0; c < RC_COUNT; c++)
		free(q->v[c]);
	sbuf_release(&q->errs);
	free(q->own_values);
	free(q);
}

void
query_own_values(struct query *q, size_t k, const char *const *values)
{
	if (k < q->nown)
		q->own_values[k] = values;
}

/* A policy's header alias names a canonical column (where_fields.alias). */
static long
alias(void *arg, const char *word)
{
	return policy_column(arg, FK_ROSTER, word);
}

/* "unknown value 'v' of 'col' (did you mean …? | expected …)" into err. */
static void
unknown_value(struct sbuf *err, const char *v, const char *col,
    const char *hint, const char *const *vals)
{
	struct sbuf list = SBUF_INIT;

	if (hint != NULL) {
		sbuf_printf(err, _("unknown value '%s' of '%s' (did you mean "
		    "'%s'?)"), v, col, hint);
		return;
	}
	sbuf_init(&list);
	text_list(&list, vals, 0);
	sbuf_printf(err, _("unknown value '%s' of '%s' (expected %s)"), v, col,
	    list.buf);
	sbuf_release(&list);
}

/*
 * An = or != on an own column compares with one of its values, if
 * listed; a contact kind may be written as the log may write it (谈心
 * for talk: policy_kind()), and is compared by its name.
 */
static int
own_value(const struct query *q, struct where *w, size_t k,
    struct sbuf *err)
{
	const char *const *vals = q->own_values[k];
	const char *v = where_value(w), *hint;
	size_t i;
	int kind;

	if (vals == NULL || *v == '\0')
		return 0;
	for (i = 0; vals[i] != NULL; i++)
		if (strcmp(vals[i], v) == 0)
			return 0;
	if ((kind = policy_kind(q->p, v, strlen(v))) >= 0)
		for (i = 0; vals[i] != NULL; i++)
			if (strcmp(vals[i], q->p->contacts[kind].kind) == 0) {
				where_set_value(w, vals[i]);
				return 0;
			}
	hint = where_suggest(v, vals, i);
	unknown_value(err, v, q->own[k], hint, vals);
	return -1;
}

/* Characters (not bytes) in s[0..n). */
static size_t
nchars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/*
 * The value of an = or != on canonical column col as the roster holds it:
 * a spelling of a domain value made canonical (each item of a list), a
 * date made ISO.  Returns 0, or -1 with the problem in err and, in *at,
 * how many characters into the value the wrong item starts.
 */
static int
canon_value(const struct policy *p, struct where *w, int col,
    struct sbuf *err, size_t *at)
{
	enum domain d = schema_col_domain(FK_ROSTER, (size_t)col);
	const char *v = where_value(w), *s, *end, *canon, *hint;
	struct sbuf out = SBUF_INIT;
	char iso[DATE_ISO_LEN];
	date_t day;
	size_t len;
	int lim = 0, ret = 0;

	*at = 0;
	if (*v == '\0')
		return 0;
	if (col == RC_BIRTH_DATE || col == RC_ENROLLED_ON) {
		if (date_parse(v, &day) != 0) {
			sbuf_printf(err, _("'%s' is not a date (expected "
			    "YYYY-MM-DD)"), v);
			return -1;
		}
		where_set_value(w, date_format(day, iso));
		return 0;
	}
	/*
	 * A class or grade as schools write it (三(2)班, 三年级): as the
	 * roster's are normalised; one lb cannot read stays as written.
	 */
	if (col == RC_CLASS) {
		if (classname_canon(v, &out) == 0)
			where_set_value(w, out.buf);
		sbuf_release(&out);
		return 0;
	}
	if (col == RC_GRADE) {
		int g = classname_grade(v);

		if (g > 0) {
			snprintf(iso, sizeof(iso), "%d", g);
			where_set_value(w, iso);
		}
		return 0;
	}
	if (d == DOM_NONE)
		return 0;
	sbuf_init(&out);
	for (s = v; *s != '\0'; s = *end != '\0' ? end + 1 : end) {
		char *item;
		const char *t;

		end = schema_col_is_list(FK_ROSTER, (size_t)col) ?
		    s + strcspn(s, SCHEMA_LIST_SEPS) : s + strlen(s);
		item = xstrndup(s, (size_t)(end - s));
		t = text_trim(item, &len);
		if (len == 0) {
			free(item);
			continue;
		}
		canon = policy_value(p, d, t, &lim);
		if (canon == NULL) {
			for (len = 0; schema_domain_values(d)[len] != NULL; len++)
				continue;
			hint = where_suggest(t, schema_domain_values(d), len);
			unknown_value(err, t, schema_col_name(FK_ROSTER,
			    (size_t)col), hint, schema_domain_values(d));
			*at = nchars(v, (size_t)(s - v)) +
			    nchars(item, (size_t)(t - item));
			free(item);
			ret = -1;
			break;
		}
		if (out.len > 0)
			sbuf_addc(&out, ';');
		sbuf_adds(&out, canon);
		free(item);
	}
	if (ret == 0)
		where_set_value(w, out.buf);
	sbuf_release(&out);
	return ret;
}

/*
 * A pattern (~) on a column of canonical values is tested against them,
 * as normalised (hardship~mental_health, not hardship~心理健康): one
 * that no value can match is a mistake, said here rather than found as
 * a question that silently selects no child.  0, or -1 with err set.
 */
static int
pattern_check(struct where *w, int col, size_t nvals, char *err,
    size_t errlen, size_t *pos)
{
	enum domain d = schema_col_domain(FK_ROSTER, (size_t)col);
	const char *text = where_text(w), *tilde = strchr(text, '~');
	const char *const *values;
	const char **row;
	struct sbuf list = SBUF_INIT;
	size_t k;
	int hit = 0;

	if (d == DOM_NONE || where_is_equality(w) || tilde == NULL ||
	    (tilde > text && tilde[-1] == '!'))
		return 0;
	values = schema_domain_values(d);
	row = xcalloc(nvals + 1, sizeof(*row));
	for (k = 0; k < nvals; k++)
		row[k] = "";
	for (k = 0; values[k] != NULL && !hit; k++) {
		row[col] = values[k];
		hit = where_eval(w, row) == 1;
	}
	free(row);
	if (hit)
		return 0;
	for (k = 0; values[k] != NULL; k++)
		sbuf_printf(&list, "%s%s", k > 0 ? ", " : "", values[k]);
	snprintf(err, errlen, _("the pattern matches none of the values of "
	    "'%s' (%s: the roster's are compared as normalised)"),
	    schema_col_name(FK_ROSTER, (size_t)col), list.buf);
	*pos = nchars(text, (size_t)(tilde - text)) + 2;
	sbuf_release(&list);
	return -1;
}

int
query_bind(struct query *q, size_t ncols, const char *const *names,
    const int *canon)
{
	struct where_fields f;
	struct sbuf msg = SBUF_INIT;
	const char **all;
	struct where *w;
	char err[512];
	size_t i, k, pos, nall, at;
	int c;

	unbind(q);
	q->ncols = ncols;
	q->canon = xcalloc(ncols + 1, sizeof(*q->canon));
	q->extra = xcalloc(ncols + 1, sizeof(*q->extra));
	for (c = 0; c < RC_COUNT; c++)
		q->first[c] = -1;
	for (i = 0; i < ncols; i++) {
		q->canon[i] = canon[i];
		if (canon[i] >= 0 && canon[i] < RC_COUNT) {
			if (q->first[canon[i]] < 0)
				q->first[canon[i]] = (int)i;
		} else if (canon[i] < 0)
			q->extra[q->nextra++] = i;
	}
	nall = RC_COUNT + q->nown + q->nextra;
	all = xcalloc(nall, sizeof(*all));
	for (c = 0; c < RC_COUNT; c++) {
		all[c] = schema_col_name(FK_ROSTER, (size_t)c);
		/* A command's own column of the same name hides it. */
		for (k = 0; k < q->nown; k++)
			if (strcmp(q->own[k], all[c]) == 0)
				all[c] = "";
	}
	for (k = 0; k < q->nown; k++)
		all[RC_COUNT + k] = q->own[k];
	for (k = 0; k < q->nextra; k++)
		all[RC_COUNT + q->nown + k] = names[q->extra[k]];
	q->vals = xcalloc(nall, sizeof(*q->vals));
	f.names = all;
	f.n = nall;
	f.alias = alias;
	f.arg = (void *)q->p;
	sbuf_init(&msg);
	for (i = 0; i < q->n; i++) {
		w = where_parse_in(&f, q->exprs[i], err, sizeof(err), &pos);
		if (w == NULL)
			goto bad;
		c = (int)where_col(w);
		if (c < RC_COUNT && pattern_check(w, c, nall, err,
		    sizeof(err), &pos) != 0) {
			where_free(w);
			goto bad;
		}
		if (c < RC_COUNT && where_is_equality(w)) {
			sbuf_reset(&msg);
			if (canon_value(q->p, w, c, &msg, &at) != 0) {
				snprintf(err, sizeof(err), "%s", msg.buf);
				pos = where_value_pos(w) + at;
				where_free(w);
				goto bad;
			}
		}
		if ((size_t)c >= RC_COUNT && (size_t)c < RC_COUNT + q->nown &&
		    where_is_equality(w)) {
			sbuf_reset(&msg);
			if (own_value(q, w, (size_t)c - RC_COUNT, &msg) != 0) {
				snprintf(err, sizeof(err), "%s", msg.buf);
				pos = where_value_pos(w);
				where_free(w);
				goto bad;
			}
		}
		if ((size_t)c >= RC_COUNT && (size_t)c < RC_COUNT + q->nown)
			q->mine = where_and(q->mine, w);
		else
			q->roster = where_and(q->roster, w);
	}
	free(all);
	sbuf_release(&msg);
	return 0;
bad:
	diag_error(NULL, 0, 0, _("--where '%s': character %zu: %s"),
	    q->exprs[i], pos, err);
	free(all);
	sbuf_release(&msg);
	unbind(q);
	return -1;
}

struct where *
query_parse_roster(const struct policy *p, const char *expr, char *err,
    size_t errlen, size_t *pos)
{
	static const char *names[RC_COUNT];
	struct where_fields f;
	struct sbuf msg = SBUF_INIT;
	struct where *w;
	size_t at;
	int c;

	for (c = 0; c < RC_COUNT; c++)
		names[c] = schema_col_name(FK_ROSTER, (size_t)c);
	f.names = names;
	f.n = RC_COUNT;
	f.alias = alias;
	f.arg = (void *)p;
	if ((w = where_parse_in(&f, expr, err, errlen, pos)) == NULL)
		return NULL;
	if (pattern_check(w, (int)where_col(w), RC_COUNT, err, errlen,
	    pos) != 0) {
		where_free(w);
		return NULL;
	}
	if (!where_is_equality(w))
		return w;
	sbuf_init(&msg);
	if (canon_value(p, w, (int)where_col(w), &msg, &at) != 0) {
		snprintf(err, errlen, "%s", msg.buf);
		*pos = where_value_pos(w) + at;
		where_free(w);
		w = NULL;
	}
	sbuf_release(&msg);
	return w;
}

int
query_on_roster(const struct query *q)
{
	return q->roster != NULL;
}

int
query_on_own(const struct query *q)
{
	return q->mine != NULL;
}

int
query_row(struct query *q, char *const *row, const char *file, long line)
{
	size_t k;
	int c, r, flags = 0;

	for (c = 0; c < RC_COUNT; c++) {
		free(q->v[c]);
		q->v[c] = xstrdup(q->first[c] >= 0 ? row[q->first[c]] : "");
	}
	/* As lb-enroll does for an intake without the column. */
	if (q->first[RC_LEFT_BEHIND] < 0)
		flags |= CARD_DERIVE_LEFT_BEHIND;
	sbuf_reset(&q->errs);
	/* A value that stays wrong stays as written: it simply matches less. */
	(void)card_normalize(q->p, q->v, q->as_of, flags, &q->errs);
	if (q->roster == NULL)
		return 1;
	for (c = 0; c < RC_COUNT; c++)
		q->vals[c] = q->v[c];
	for (k = 0; k < q->nown; k++)
		q->vals[RC_COUNT + k] = NULL;
	for (k = 0; k < q->nextra; k++)
		q->vals[RC_COUNT + q->nown + k] = row[q->extra[k]];
	if ((r = where_eval(q->roster, q->vals)) < 0)
		diag_error(file, line, 0, _("a --where pattern hit its match "
		    "limit on '%s' (expected a simpler pattern)"),
		    q->v[RC_STUDENT_ID]);
	return r;
}

char *const *
query_values(const struct query *q)
{
	return q->v;
}

int
query_own(const struct query *q, const char *const *own, const char *file,
    long line)
{
	const char **vals;
	size_t k;
	int r;

	if (q->mine == NULL)
		return 1;
	/* Only own columns are looked at: the rest may stay empty. */
	vals = xcalloc(RC_COUNT + q->nown, sizeof(*vals));
	for (k = 0; k < q->nown; k++)
		vals[RC_COUNT + k] = own[k];
	if ((r = where_eval(q->mine, vals)) < 0)
		diag_error(file, line, 0, _("a --where pattern hit its match "
		    "limit (expected a simpler pattern)"));
	free(vals);
	return r;
}

unsigned char *
query_match(struct query *q, const struct table *t, int *code)
{
	unsigned char *keep;
	size_t r;
	int m;

	if (query_bind(q, t->ncols, (const char *const *)t->names,
	    t->canon) != 0) {
		*code = LB_USAGE;
		return NULL;
	}
	keep = xmalloc(t->nrows + 1);
	memset(keep, 1, t->nrows + 1);
	if (q->roster == NULL)
		return keep;
	for (r = 0; r < t->nrows; r++) {
		if ((m = query_row(q, t->rows[r], t->name, t->lines[r])) < 0) {
			*code = LB_DATAERR;
			free(keep);
			return NULL;
		}
		keep[r] = (unsigned char)m;
	}
	return keep;
}
