/* marks.c: progress over a period (进步档案): the children whose mark rose, fell or held. */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "history.h"
#include "i18n.h"
#include "marks.h"
#include "pair.h"
#include "policy.h"
#include "query.h"
#include "report.h"
#include "roster.h"
#include "schema.h"
#include "strmap.h"
#include "xmem.h"

/*
 * One child counted, and what the history says of its mark: the last
 * change before the period (its new value), the first change from the
 * period's start on (its old value), the last change up to the period's
 * end (new) and the first after it (old).  Days are DATE_NONE when no
 * such change was seen.
 */
struct kid {
	char *id, *name, *class, *mentor;
	int buddy;
	char *cur;		/* academic in the roster */
	char *start, *end;	/* --since: the older roster's; else NULL */
	date_t d_before, d_first, d_upto, d_after;
	char *before, *first, *upto, *after;
};

struct marks {
	struct kid *kid;
	size_t n, cap;
	struct strmap *of;	/* student_id -> index in kid */
	date_t from, to;
};

/* Keep s in *slot (a copy), freeing what was there. */
static void
keep(char **slot, const char *s)
{
	free(*slot);
	*slot = xstrdup(s);
}

/* Warn when the roster read by rd has no academic column: no marks. */
static void
want_marks(struct roster_reader *rd)
{
	const struct csvio_row *hdr = roster_header(rd);
	const int *canon = roster_canon(rd);
	size_t c;

	for (c = 0; c < hdr->n; c++)
		if (canon[c] == RC_ACADEMIC)
			return;
	diag_warn(roster_name(rd), 1, 0, _("no column 'academic' (the "
	    "marks): no child's progress can be counted"));
}

/* The roster's children counted: in the programme on o->to, --where held. */
static int
read_children(struct marks *m, const struct policy *p,
    const struct marks_opts *o, int *code)
{
	struct roster_reader *rd;
	const struct csvio_row *hdr, *row;
	struct query *q;
	struct child c;
	struct kid *k;
	int n, h, ret = -1;

	if ((rd = roster_open(o->roster, p, o->to, o->copts, code)) == NULL)
		return -1;
	q = query_new(p, o->to, o->where, o->nwhere, NULL, 0);
	want_marks(rd);
	hdr = roster_header(rd);
	if (query_bind(q, hdr->n, (const char *const *)hdr->v,
	    roster_canon(rd)) != 0) {
		*code = LB_USAGE;
		goto done;
	}
	child_init(&c);
	while ((n = roster_next(rd, &c, &row)) == 1) {
		if (!child_active(&c, o->to) || strmap_get(m->of, c.id) >= 0)
			continue;
		if ((h = query_row(q, row->v, roster_name(rd), row->line)) < 0) {
			*code = LB_DATAERR;
			break;
		}
		if (h == 0)
			continue;
		XGROW(m->kid, m->n + 1, m->cap);
		k = &m->kid[m->n];
		memset(k, 0, sizeof(*k));
		k->id = xstrdup(c.id);
		k->name = xstrdup(c.name);
		k->class = xstrdup(c.class);
		k->mentor = xstrdup(c.mentor);
		k->buddy = *c.buddy != '\0';
		k->cur = xstrdup(roster_get(rd, row, RC_ACADEMIC));
		k->d_before = k->d_first = k->d_upto = k->d_after = DATE_NONE;
		strmap_put(m->of, c.id, (long)m->n);
		m->n++;
	}
	child_release(&c);
	if (n < 0)
		*code = roster_code(rd);
	else if (n == 0)
		ret = 0;
done:
	query_free(q);
	roster_close(rd);
	return ret;
}

/* A change of academic: where it falls in the period, kept. */
static int
history_row(void *arg, const struct history_row *hr)
{
	struct marks *m = arg;
	struct kid *k;
	long i;

	if (strcmp(hr->field, schema_col_name(FK_ROSTER, RC_ACADEMIC)) != 0 ||
	    (i = strmap_get(m->of, hr->id)) < 0)
		return 0;
	k = &m->kid[i];
	/* On a day of two changes, the later in the file is the later. */
	if (m->from != DATE_NONE && hr->day < m->from) {
		if (k->d_before == DATE_NONE || hr->day >= k->d_before) {
			k->d_before = hr->day;
			keep(&k->before, hr->new);
		}
	} else if (k->d_first == DATE_NONE || hr->day < k->d_first) {
		k->d_first = hr->day;
		keep(&k->first, hr->old);
	}
	if (hr->day <= m->to) {
		if (k->d_upto == DATE_NONE || hr->day >= k->d_upto) {
			k->d_upto = hr->day;
			keep(&k->upto, hr->new);
		}
	} else if (k->d_after == DATE_NONE || hr->day < k->d_after) {
		k->d_after = hr->day;
		keep(&k->after, hr->old);
	}
	return 0;
}

/* The older roster's marks of the children counted. */
static int
read_since(struct marks *m, const struct policy *p,
    const struct marks_opts *o, int *code)
{
	struct roster_reader *rd;
	const struct csvio_row *row;
	struct child c;
	long i;
	int n;

	if ((rd = roster_open(o->since, p, o->to, o->copts, code)) == NULL)
		return -1;
	want_marks(rd);
	child_init(&c);
	while ((n = roster_next(rd, &c, &row)) == 1)
		if ((i = strmap_get(m->of, c.id)) >= 0 &&
		    m->kid[i].start == NULL)
			m->kid[i].start = xstrdup(roster_get(rd, row,
			    RC_ACADEMIC));
	child_release(&c);
	if (n < 0)
		*code = roster_code(rd);
	roster_close(rd);
	return n < 0 ? -1 : 0;
}

/* A group's figures: rose, fell, held, of total. */
struct tallyrow {
	char *group;
	long n[3], total;
};

/* Groups by class, by mentor, then with a buddy and without. */
static int
group_rank(const char *g)
{
	return strncmp(g, "class=", 6) == 0 ? 0 : strncmp(g, "mentor=", 7) ==
	    0 ? 1 : strcmp(g, "buddy=yes") == 0 ? 2 : 3;
}

static int
group_cmp(const void *a, const void *b)
{
	const struct tallyrow *x = a, *y = b;
	int rx = group_rank(x->group), ry = group_rank(y->group);

	return rx != ry ? rx - ry : i18n_natcmp(x->group, y->group);
}

/* Count state s (0 rose, 1 fell, 2 held) of a child in group. */
static void
count(struct tallyrow **g, size_t *n, size_t *cap, struct strmap *of,
    const char *group, int s)
{
	long i = strmap_get(of, group);

	if (i < 0) {
		XGROW(*g, *n + 1, *cap);
		memset(&(*g)[*n], 0, sizeof(**g));
		(*g)[*n].group = xstrdup(group);
		i = (long)(*n)++;
		strmap_put(of, group, i);
	}
	(*g)[i].n[s]++;
	(*g)[i].total++;
}

static void
emit(struct report *r, struct tallyrow *g, size_t n)
{
	static const char *const metric[3] = { "marks_rose", "marks_fell",
		"marks_held" };
	struct report_row *row;
	size_t i;
	int s;

	/* The whole first, then the groups in natural order. */
	if (n > 1)
		qsort(g + 1, n - 1, sizeof(*g), group_cmp);
	for (s = 0; s < 3; s++)
		for (i = 0; i < n; i++) {
			row = report_row(r, metric[s], g[i].group);
			row->count = g[i].n[s];
			row->total = g[i].total;
		}
}

int
marks_compute(struct report *r, const struct policy *p,
    const struct marks_opts *o, int *code)
{
	struct marks m;
	struct report_list *fell = NULL;
	struct tallyrow *g = NULL;
	struct strmap *gof = strmap_new();
	struct sbuf sb = SBUF_INIT;
	const char *start, *end;
	double vs, ve;
	size_t i, ng = 0, gcap = 0;
	int s, ret = -1;

	memset(&m, 0, sizeof(m));
	m.of = strmap_new();
	m.from = o->from;
	m.to = o->to;
	sbuf_init(&sb);
	if (read_children(&m, p, o, code) != 0)
		goto done;
	if (o->history != NULL && history_scan(o->history, o->copts,
	    history_row, &m, code) != 0)
		goto done;
	if (o->since != NULL && read_since(&m, p, o, code) != 0)
		goto done;
	count(&g, &ng, &gcap, gof, "", 0);
	g[0].n[0] = g[0].total = 0;
	if (o->detail)
		fell = report_list_new(r, "marks_fell_children");
	for (i = 0; i < m.n; i++) {
		struct kid *k = &m.kid[i];

		if (o->since != NULL) {
			start = k->start;
			end = k->cur;
		} else {
			start = k->before != NULL ? k->before : k->first !=
			    NULL ? k->first : k->cur;
			end = k->upto != NULL ? k->upto : k->after != NULL ?
			    k->after : k->cur;
		}
		/* A mark is a number or a band; anything else is none. */
		if (start == NULL || end == NULL ||
		    pair_academic(start, &vs) != 0 ||
		    pair_academic(end, &ve) != 0)
			continue;
		s = ve > vs ? 0 : ve < vs ? 1 : 2;
		if (s == 1 && fell != NULL) {
			sbuf_reset(&sb);
			sbuf_printf(&sb, "%s → %s", start, end);
			report_list_add(fell, k->id, k->name, k->class, sb.buf);
		}
		count(&g, &ng, &gcap, gof, "", s);
		sbuf_reset(&sb);
		sbuf_printf(&sb, "class=%s", k->class);
		count(&g, &ng, &gcap, gof, sb.buf, s);
		sbuf_reset(&sb);
		sbuf_printf(&sb, "mentor=%s", k->mentor);
		count(&g, &ng, &gcap, gof, sb.buf, s);
		count(&g, &ng, &gcap, gof, k->buddy ? "buddy=yes" :
		    "buddy=no", s);
	}
	emit(r, g, ng);
	report_list_sort(fell);
	ret = 0;
done:
	for (i = 0; i < m.n; i++) {
		struct kid *k = &m.kid[i];

		free(k->id);
		free(k->name);
		free(k->class);
		free(k->mentor);
		free(k->cur);
		free(k->start);
		free(k->end);
		free(k->before);
		free(k->first);
		free(k->upto);
		free(k->after);
	}
	free(m.kid);
	strmap_free(m.of);
	for (i = 0; i < ng; i++)
		free(g[i].group);
	free(g);
	strmap_free(gof);
	sbuf_release(&sb);
	return ret;
}
