/* render.c: a report for people (terminal table, Markdown, printable HTML), and contact cards. */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "emit.h"
#include "ofile.h"
#include "policy.h"
#include "render.h"
#include "report.h"
#include "sbuf.h"
#include "schema.h"
#include "tabfmt.h"
#include "text.h"
#include "xlsxout.h"
#include "xmem.h"

/* One titled table of text cells; status per row: met 1, unmet 0, else -1. */
struct sect {
	const char *key;
	size_t ncols;
	char **head;
	size_t nrows, cap;
	char **cells;		/* nrows * ncols */
	int *status;
	const char *note;	/* a line under the table, or NULL */
};

struct view {
	struct sect *s;
	size_t n;
	int hidden;		/* some figure was suppressed */
	int bounded;		/* a merge: some figure is known as a bound */
	char county_note[256];	/* the by_school table's note */
};

static struct sect *
sect_new(struct view *v, const char *key, size_t ncols)
{
	struct sect *s;

	v->s = xreallocarray(v->s, v->n + 1, sizeof(*v->s));
	s = &v->s[v->n++];
	memset(s, 0, sizeof(*s));
	s->key = key;
	s->ncols = ncols;
	s->head = xcalloc(ncols, sizeof(*s->head));
	return s;
}

static void
sect_head(struct sect *s, size_t c, const char *text)
{
	free(s->head[c]);
	s->head[c] = xstrdup(text);
}

/* The headers of s from the first, the policy's words for keys[]. */
static void
sect_heads(struct sect *s, const struct policy *p, const char *const *keys)
{
	size_t c;

	for (c = 0; keys[c] != NULL && c < s->ncols; c++)
		sect_head(s, c, report_label(p, keys[c]));
}

/* Start a row; its cells are set with sect_cell(). */
static size_t
sect_row(struct sect *s, int status)
{
	size_t need = s->nrows + 1, cap = s->cap;

	XGROW(s->status, need, cap);
	if (need > s->cap) {
		s->cells = xreallocarray(s->cells, cap * s->ncols,
		    sizeof(*s->cells));
		s->cap = cap;
	}
	memset(&s->cells[s->nrows * s->ncols], 0, s->ncols * sizeof(char *));
	s->status[s->nrows] = status;
	return s->nrows++;
}

static void
sect_cell(struct sect *s, size_t r, size_t c, const char *text)
{
	char **cell = &s->cells[r * s->ncols + c];

	free(*cell);
	*cell = xstrdup(text);
}

static void
view_free(struct view *v)
{
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		for (k = 0; k < v->s[i].ncols; k++)
			free(v->s[i].head[k]);
		for (k = 0; k < v->s[i].nrows * v->s[i].ncols; k++)
			free(v->s[i].cells[k]);
		free(v->s[i].head);
		free(v->s[i].cells);
		free(v->s[i].status);
	}
	free(v->s);
}

static int
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The percent of a row as shown: "88.65%", "" (no total), "—" (hidden). */
static void
pct_text(const struct report_row *row, const struct render_opts *o, char *buf,
    size_t len)
{
	if (report_row_hidden(row, o->suppress))
		snprintf(buf, len, "—");
	else if (report_row_hundredths(row) < 0)
		snprintf(buf, len, "%s", "");
	else {
		report_percent(row->count, row->total, buf, len - 1);
		strcat(buf, "%");
	}
}

/* The count of an overdue row, "0" when there is none. */
static char *
overdue_text(const struct report_row *y, const struct render_opts *o,
    char *buf, size_t len)
{
	if (y == NULL)
		return report_count_text(0, o->suppress, buf, len);
	return report_figure_text(y, 0, o->suppress, 1, buf, len);
}

static int
row_status(const struct report_row *row, const struct render_opts *o)
{
	return report_row_hidden(row, o->suppress) ? -1 : report_met(row);
}

/* The common figure columns: count, total, percent, target, met. */
static void
figure_cells(struct sect *s, size_t r, size_t c, const struct report_row *row,
    const struct policy *p, const struct render_opts *o)
{
	char buf[64];
	int met = row_status(row, o);

	sect_cell(s, r, c, report_figure_text(row, 0, o->suppress, 1, buf,
	    sizeof(buf)));
	if (report_count_only(row->metric))
		return;
	sect_cell(s, r, c + 1, report_figure_text(row, 1, o->suppress, 1, buf,
	    sizeof(buf)));
	pct_text(row, o, buf, sizeof(buf));
	sect_cell(s, r, c + 2, buf);
	if (row->target >= 0)
		snprintf(buf, sizeof(buf), "%d%%", row->target);
	else
		buf[0] = '\0';
	sect_cell(s, r, c + 3, buf);
	sect_cell(s, r, c + 4, met < 0 ? "" : report_label(p, met ? "met" :
	    "unmet"));
}

static void
figure_heads(struct sect *s, size_t c, const struct policy *p)
{
	static const char *const keys[] = { "count", "total", "percent",
		"target", "met" };
	size_t i;

	for (i = 0; i < 5; i++)
		sect_head(s, c + i, report_label(p, keys[i]));
}

/*
 * The rates shown per class (the CSV has them all): the work a school is
 * judged on, when the report has them by class.
 */
static size_t
class_metrics(const struct report *r, const char **out, size_t max)
{
	static const char *const shown[] = { "archive_rate", "pairing_rate",
		"buddy_rate", "vaccination_rate", "guardian_training_rate",
		"compliance", NULL };
	size_t i, k, n = 0;

	for (k = 0; shown[k] != NULL && n < max; k++)
		for (i = 0; i < r->n; i++)
			if (strcmp(r->row[i].metric, shown[k]) == 0 &&
			    has_prefix(r->row[i].group, "class=")) {
				out[n++] = shown[k];
				break;
			}
	return n;
}

/* The figures a county compares its schools by, as far as it has them. */
static const char *const school_metrics[] = { "children", "archive_rate",
	"pairing_rate", "buddy_rate", "retention_rate", "vaccination_rate",
	"guardian_training_rate", "compliance", "overdue", NULL };

/* A school's figure of metric for the whole, shown, and its rank value. */
static long long
school_cell(const struct report *part, const char *metric,
    const struct render_opts *o, char *buf, size_t len)
{
	const struct report_row *x = report_find(part, metric, "");

	if (x == NULL) {
		snprintf(buf, len, "—");
		return -1;
	}
	if (strcmp(metric, "children") == 0 || report_count_only(metric)) {
		report_figure_text(x, 0, o->suppress, 1, buf, len);
		return x->bound[0] == REPORT_EXACT &&
		    !report_suppressed(x->count, o->suppress) ? x->count : -1;
	}
	pct_text(x, o, buf, len);
	return report_row_hidden(x, o->suppress) ? -1 :
	    report_row_hundredths(x);
}

/*
 * A merge's own tables: each school by the headline figures, the
 * highest and lowest of each marked; and each target with the schools
 * that miss it.
 */
static void
county_sections(struct view *v, const struct report *r,
    const struct policy *p, const struct render_opts *o)
{
	const char *m[16];
	struct sect *s;
	struct sbuf list = SBUF_INIT;
	long long *val, hi, lo;
	char buf[512];
	size_t i, k, n = 0, row, missing;
	int marked = 0;

	for (k = 0; school_metrics[k] != NULL; k++)
		if (report_find(r, school_metrics[k], "") != NULL)
			m[n++] = school_metrics[k];
	s = sect_new(v, "by_school", n + 1);
	sect_head(s, 0, report_label(p, "school"));
	for (k = 0; k < n; k++)
		sect_head(s, k + 1, report_label(p, m[k]));
	val = xreallocarray(NULL, r->npart * n + 1, sizeof(*val));
	for (i = 0; i < r->npart; i++) {
		row = sect_row(s, -1);
		sect_cell(s, row, 0, r->part[i].school);
		for (k = 0; k < n; k++) {
			val[i * n + k] = school_cell(&r->part[i], m[k], o, buf,
			    sizeof(buf));
			sect_cell(s, row, k + 1, buf);
		}
	}
	/* ▲ the highest, ▼ the lowest of a column, when they differ. */
	for (k = 0; k < n && r->npart > 1; k++) {
		hi = lo = -1;
		for (i = 0; i < r->npart; i++) {
			long long x = val[i * n + k];

			if (x >= 0 && (hi < 0 || x > hi))
				hi = x;
			if (x >= 0 && (lo < 0 || x < lo))
				lo = x;
		}
		for (i = 0; hi != lo && i < r->npart; i++) {
			char **cell = &s->cells[i * s->ncols + k + 1];

			if (val[i * n + k] != hi && val[i * n + k] != lo)
				continue;
			snprintf(buf, sizeof(buf), "%s %s", *cell,
			    val[i * n + k] == hi ? "▲" : "▼");
			sect_cell(s, i, k + 1, buf);
			marked = 1;
		}
	}
	free(val);
	if (marked)
		snprintf(v->county_note, sizeof(v->county_note), "▲ %s%s▼ %s",
		    report_label(p, "highest"), report_label(p, "gap"),
		    report_label(p, "lowest"));
	s->note = marked ? v->county_note : NULL;

	s = sect_new(v, "schools_missing", 4);
	sect_heads(s, p, (const char *const[]){ "metric", "target",
	    "missing_count", "school", NULL });
	for (k = 0; k < r->n; k++) {
		const struct report_row *x = &r->row[k], *y;

		if (x->group[0] != '\0' || x->target < 0)
			continue;
		sbuf_reset(&list);
		for (i = missing = 0; i < r->npart; i++) {
			y = report_find(&r->part[i], x->metric, "");
			if (y == NULL || report_row_hidden(y, o->suppress) ||
			    report_met(y) != 0)
				continue;
			pct_text(y, o, buf, sizeof(buf));
			sbuf_printf(&list, "%s%s %s", missing++ > 0 ?
			    report_label(p, "list_sep") : "", r->part[i].school,
			    buf);
		}
		row = sect_row(s, -1);
		sect_cell(s, row, 0, report_label(p, x->metric));
		snprintf(buf, sizeof(buf), "%d%%", x->target);
		sect_cell(s, row, 1, buf);
		snprintf(buf, sizeof(buf), "%zu", missing);
		sect_cell(s, row, 2, buf);
		sect_cell(s, row, 3, missing > 0 ? list.buf : "—");
	}
	sbuf_release(&list);
}

static void
view_build(struct view *v, const struct report *r, const struct policy *p,
    const struct render_opts *o)
{
	const char *cm[16];
	struct sect *s;
	char buf[512];
	size_t i, k, n, row;
	/* The log was read (or the merged reports had read theirs). */
	int contacts = report_find(r, "compliance", "") != NULL;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < r->n; i++) {
		if (report_row_hidden(&r->row[i], o->suppress))
			v->hidden = 1;
		if (r->row[i].bound[0] != REPORT_EXACT ||
		    r->row[i].bound[1] != REPORT_EXACT)
			v->bounded = 1;
	}
	for (k = 0; k < r->npart; k++)
		for (i = 0; i < r->part[k].n; i++)
			if (r->part[k].row[i].bound[0] != REPORT_EXACT ||
			    r->part[k].row[i].bound[1] != REPORT_EXACT)
				v->bounded = 1;

	/* Headline: every figure of the whole, against its target. */
	s = sect_new(v, "headline", 6);
	sect_head(s, 0, report_label(p, "metric"));
	figure_heads(s, 1, p);
	for (i = 0; i < r->n; i++) {
		if (r->row[i].group[0] != '\0')
			continue;
		row = sect_row(s, row_status(&r->row[i], o));
		sect_cell(s, row, 0, report_label(p, r->row[i].metric));
		figure_cells(s, row, 1, &r->row[i], p, o);
	}

	/* Breakdowns of the children (classes have their own table). */
	s = sect_new(v, "breakdown", 4);
	sect_heads(s, p, (const char *const[]){ "group", "count", "total",
	    "percent", NULL });
	for (i = 0; i < r->n; i++) {
		const struct report_row *x = &r->row[i];

		if (strcmp(x->metric, "children") != 0 || x->group[0] == '\0' ||
		    has_prefix(x->group, "class="))
			continue;
		row = sect_row(s, -1);
		report_group_text(r, p, x->group, 0, buf, sizeof(buf));
		sect_cell(s, row, 0, buf);
		sect_cell(s, row, 1, report_figure_text(x, 0, o->suppress, 1,
		    buf, sizeof(buf)));
		sect_cell(s, row, 2, report_figure_text(x, 1, o->suppress, 1,
		    buf, sizeof(buf)));
		pct_text(x, o, buf, sizeof(buf));
		sect_cell(s, row, 3, buf);
	}

	if (r->part != NULL)
		county_sections(v, r, p, o);

	/* Per class: the children, and each rate's percent. */
	n = class_metrics(r, cm, sizeof(cm) / sizeof(cm[0]));
	s = sect_new(v, "by_class", n + 2);
	sect_head(s, 0, report_label(p, "class"));
	sect_head(s, 1, report_label(p, "children"));
	for (k = 0; k < n; k++)
		sect_head(s, k + 2, report_label(p, cm[k]));
	for (i = 0; i < r->n; i++) {
		const struct report_row *x = &r->row[i], *y;

		if (strcmp(x->metric, "children") != 0 ||
		    !has_prefix(x->group, "class="))
			continue;
		row = sect_row(s, -1);
		report_group_text(r, p, x->group, 1, buf, sizeof(buf));
		sect_cell(s, row, 0, buf);
		sect_cell(s, row, 1, report_figure_text(x, 0, o->suppress, 1,
		    buf, sizeof(buf)));
		for (k = 0; k < n; k++) {
			y = report_find(r, cm[k], x->group);
			if (y == NULL)
				buf[0] = '\0';
			else
				pct_text(y, o, buf, sizeof(buf));
			sect_cell(s, row, k + 2, buf);
		}
	}

	/*
	 * Per mentor: load against capacity, and when the log was read,
	 * compliance and the contacts overdue.
	 */
	s = sect_new(v, "by_mentor", contacts ? 6 : 4);
	sect_head(s, 0, report_label(p, "mentor"));
	sect_head(s, 1, report_label(p, "mentor_load"));
	sect_head(s, 2, report_label(p, "capacity"));
	sect_head(s, 3, report_label(p, "percent"));
	if (contacts) {
		sect_head(s, 4, report_label(p, "compliance"));
		sect_head(s, 5, report_label(p, "overdue"));
	}
	for (i = 0; i < r->n; i++) {
		const struct report_row *x = &r->row[i], *y;

		if (strcmp(x->metric, "mentor_load") != 0)
			continue;
		row = sect_row(s, -1);
		report_group_text(r, p, x->group, 1, buf, sizeof(buf));
		sect_cell(s, row, 0, buf);
		sect_cell(s, row, 1, report_figure_text(x, 0, o->suppress, 1,
		    buf, sizeof(buf)));
		snprintf(buf, sizeof(buf), "%lld", x->total);
		sect_cell(s, row, 2, buf);
		pct_text(x, o, buf, sizeof(buf));
		sect_cell(s, row, 3, buf);
		if (contacts) {
			y = report_find(r, "compliance", x->group);
			if (y == NULL)
				buf[0] = '\0';
			else
				pct_text(y, o, buf, sizeof(buf));
			sect_cell(s, row, 4, buf);
			y = report_find(r, "overdue", x->group);
			sect_cell(s, row, 5, overdue_text(y, o, buf, sizeof(buf)));
		}
	}

	/* Compliance per kind of contact, and what is overdue of each. */
	if (contacts) {
		s = sect_new(v, "by_kind", 7);
		sect_head(s, 0, report_label(p, "kind"));
		figure_heads(s, 1, p);
		sect_head(s, 1, report_label(p, "on_time"));
		sect_head(s, 2, report_label(p, "due"));
		sect_head(s, 6, report_label(p, "overdue"));
		for (i = 0; i < r->n; i++) {
			const struct report_row *x = &r->row[i], *y;

			if (strcmp(x->metric, "compliance") != 0 ||
			    !has_prefix(x->group, "kind="))
				continue;
			row = sect_row(s, row_status(x, o));
			report_group_text(r, p, x->group, 1, buf, sizeof(buf));
			sect_cell(s, row, 0, buf);
			figure_cells(s, row, 1, x, p, o);
			y = report_find(r, "overdue", x->group);
			sect_cell(s, row, 6, overdue_text(y, o, buf, sizeof(buf)));
		}
	}

	/*
	 * Progress (--history, --since): per group, the children with two
	 * marks and the shares whose mark rose, fell or held.
	 */
	if (report_find(r, "marks_rose", "") != NULL) {
		static const char *const mk[3] = { "marks_rose", "marks_fell",
			"marks_held" };

		s = sect_new(v, "by_progress", 5);
		sect_head(s, 0, report_label(p, "group"));
		sect_head(s, 1, report_label(p, "count"));
		for (k = 0; k < 3; k++)
			sect_head(s, k + 2, report_label(p, mk[k]));
		for (i = 0; i < r->n; i++) {
			const struct report_row *x = &r->row[i], *y;

			if (strcmp(x->metric, "marks_rose") != 0)
				continue;
			row = sect_row(s, -1);
			report_group_text(r, p, x->group, 0, buf, sizeof(buf));
			sect_cell(s, row, 0, buf);
			sect_cell(s, row, 1, report_figure_text(x, 1,
			    o->suppress, 1, buf, sizeof(buf)));
			for (k = 0; k < 3; k++) {
				y = report_find(r, mk[k], x->group);
				if (y == NULL)
					buf[0] = '\0';
				else
					pct_text(y, o, buf, sizeof(buf));
				sect_cell(s, row, k + 2, buf);
			}
		}
	}

	/* The name lists: only with --detail. */
	for (i = 0; o->detail && i < r->nlist; i++) {
		const struct report_list *l = &r->list[i];

		s = sect_new(v, l->key, 4);
		sect_head(s, 0, report_label(p, "student_id"));
		sect_head(s, 1, report_label(p, "name"));
		sect_head(s, 2, report_label(p, "class"));
		sect_head(s, 3, report_label(p, "note"));
		for (k = 0; k < l->n; k++) {
			row = sect_row(s, -1);
			sect_cell(s, row, 0, l->item[k].id);
			sect_cell(s, row, 1, l->item[k].name);
			sect_cell(s, row, 2, l->item[k].class);
			sect_cell(s, row, 3, l->item[k].note);
		}
	}
}

static void
title_text(const struct report *r, const struct policy *p, char *buf,
    size_t len)
{
	const char *who = r->npart == 1 ? r->part[0].school : r->school;

	if (r->part != NULL && r->npart != 1)
		/* 某县 留守儿童关爱帮扶工作统计（汇总，12所学校） */
		snprintf(buf, len, "%s%s%s%s%s%s%zu%s%s", p->school_county,
		    *p->school_county != '\0' ? " " : "", report_label(p,
		    "title"),
		    report_label(p, "paren_open"), report_label(p, "merged"),
		    report_label(p, "comma"), r->npart,
		    report_label(p, "school_count"),
		    report_label(p, "paren_close"));
	else
		snprintf(buf, len, "%s%s%s", who, *who != '\0' ? " " : "",
		    report_label(p, "title"));
}

static void
subtitle_text(const struct report *r, const struct policy *p, char *buf,
    size_t len)
{
	char period[256], asof[DATE_ISO_LEN], a[DATE_ISO_LEN], b[DATE_ISO_LEN];

	if (r->mixed_periods && r->from != DATE_NONE)
		/* 各校统计时段不一（2026-09-01 至 2026-11-26） */
		snprintf(period, sizeof(period), "%s%s%s %s %s%s",
		    report_label(p, "mixed_periods"),
		    report_label(p, "paren_open"), date_format(r->from, a),
		    report_label(p, "to"), date_format(r->to, b),
		    report_label(p, "paren_close"));
	else if (r->mixed_periods)
		snprintf(period, sizeof(period), "%s", policy_label(p,
		    "mixed_periods"));
	else
		report_period_text(r, p, period, sizeof(period));
	if (r->as_of != DATE_NONE)
		snprintf(buf, len, "%s%s%s%s%s%s%s", report_label(p, "period"),
		    report_label(p, "colon"), period[0] != '\0' ? period : "-",
		    report_label(p, "gap"), report_label(p, "as_of"),
		    report_label(p, "colon"), date_format(r->as_of, asof));
	else
		snprintf(buf, len, "%s%s%s", report_label(p, "period"),
		    report_label(p, "colon"), period[0] != '\0' ? period : "-");
}

/*
 * What "<5" and "≥123" mean, into buf ("" when no figure is either):
 * counts suppressed with --suppress, or in a merge those the schools
 * suppressed and the county's sums of them, lower bounds.
 */
static char *
view_note(const struct view *v, const struct policy *p,
    const struct render_opts *o, char *buf, size_t len)
{
	if (v->bounded)
		snprintf(buf, len, "<%s%s%s≥%s%s", report_label(p, "colon"),
		    report_label(p, "suppressed"), report_label(p, "gap"),
		    report_label(p, "colon"), report_label(p, "lower_bound"));
	else if (v->hidden)
		snprintf(buf, len, "<%ld%s%s", o->suppress,
		    report_label(p, "colon"), report_label(p, "suppressed"));
	else
		buf[0] = '\0';
	return buf;
}

static void
suppress_note(FILE *f, const struct view *v, const struct policy *p,
    const struct render_opts *o, const char *pre, const char *post)
{
	char note[512];

	if (*view_note(v, p, o, note, sizeof(note)) != '\0')
		fprintf(f, "%s%s%s", pre, note, post);
}

void
render_table(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o)
{
	struct view v;
	char buf[512];
	const char ***rows;
	size_t i, k;

	view_build(&v, r, p, o);
	title_text(r, p, buf, sizeof(buf));
	fprintf(f, "%s\n", buf);
	subtitle_text(r, p, buf, sizeof(buf));
	fprintf(f, "%s\n", buf);
	for (i = 0; i < v.n; i++) {
		const struct sect *s = &v.s[i];

		if (s->nrows == 0)
			continue;
		fprintf(f, "\n%s\n", report_label(p, s->key));
		rows = xcalloc(s->nrows + 1, sizeof(*rows));
		for (k = 0; k < s->nrows; k++)
			rows[k] = (const char **)&s->cells[k * s->ncols];
		tabfmt_write(f, s->ncols, (const char *const *)s->head,
		    s->nrows, (const char *const *const *)rows, o->width);
		free(rows);
		if (s->note != NULL)
			fprintf(f, "%s\n", s->note);
	}
	suppress_note(f, &v, p, o, "\n", "\n");
	view_free(&v);
}

/* Markdown cell text: pipes escaped, line breaks as spaces. */
static void
md_cell(FILE *f, const char *s)
{
	struct sbuf shown = SBUF_INIT;
	size_t k;

	sbuf_init(&shown);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' ||
		    *s == '`' || *s == '<' || *s == '[')
			fputc('\\', f);
		if (*s == '\n' || *s == '\r')
			fputc(' ', f);
		else if (*s != '\t' &&
		    (k = text_control_at(s, s[1] != '\0' ? 2 : 1)) > 0) {
			/* Shown, as a terminal showing the file would not. */
			sbuf_reset(&shown);
			text_escape_controls(&shown, s, k);
			fputs(shown.buf, f);
			s += k - 1;
		} else
			fputc(*s, f);
	}
	sbuf_release(&shown);
}

void
render_md(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o)
{
	struct view v;
	char buf[512];
	size_t i, k, c;

	view_build(&v, r, p, o);
	title_text(r, p, buf, sizeof(buf));
	fputs("# ", f);
	md_cell(f, buf);
	subtitle_text(r, p, buf, sizeof(buf));
	fputs("\n\n", f);
	md_cell(f, buf);
	fputs("\n", f);
	for (i = 0; i < v.n; i++) {
		const struct sect *s = &v.s[i];

		if (s->nrows == 0)
			continue;
		fprintf(f, "\n## %s\n\n|", report_label(p, s->key));
		for (c = 0; c < s->ncols; c++) {
			fputc(' ', f);
			md_cell(f, s->head[c]);
			fputs(" |", f);
		}
		fputs("\n|", f);
		for (c = 0; c < s->ncols; c++)
			fputs(c == 0 ? " --- |" : " ---: |", f);
		fputc('\n', f);
		for (k = 0; k < s->nrows; k++) {
			fputc('|', f);
			for (c = 0; c < s->ncols; c++) {
				fputc(' ', f);
				md_cell(f, s->cells[k * s->ncols + c]);
				fputs(" |", f);
			}
			fputc('\n', f);
		}
		if (s->note != NULL) {
			fputs("\n", f);
			md_cell(f, s->note);
			fputs("\n", f);
		}
	}
	suppress_note(f, &v, p, o, "\n", "\n");
	view_free(&v);
}

void
render_html_text(FILE *f, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			/* A control character shown as text (\x1b): HTML
			 * forbids most, and the page may be read as text. */
			if (*s != '\t' && *s != '\n' &&
			    text_control_at(s, s[1] != '\0' ? 2 : 1) > 0) {
				size_t k = text_control_at(s, s[1] != '\0' ? 2 : 1);
				struct sbuf shown = SBUF_INIT;

				sbuf_init(&shown);
				text_escape_controls(&shown, s, k);
				fputs(shown.buf, f);
				sbuf_release(&shown);
				s += k - 1;
			} else
				fputc(*s, f);
		}
	}
}

static const char html_style[] =
    "@page{size:A4;margin:14mm 14mm 16mm 14mm}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:182mm;color:#1b1b1b;font:10pt/1.45 "
    "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\","
    "\"Microsoft YaHei\",\"PingFang SC\",sans-serif}\n"
    "header{border-bottom:2px solid #8b1a1a;padding-bottom:6px;"
    "margin-bottom:10px}\n"
    "h1{font-size:17pt;margin:0 0 4px;color:#8b1a1a;letter-spacing:1px}\n"
    "header p{margin:0;color:#444}\n"
    "h2{font-size:12pt;margin:14px 0 6px;padding-left:6px;"
    "border-left:4px solid #8b1a1a}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:6px}\n"
    ".card{flex:1 1 27%;border:1px solid #ccc;border-radius:4px;"
    "padding:5px 8px;break-inside:avoid}\n"
    ".card .v{font-size:15pt;font-weight:bold}\n"
    ".card .l{color:#333}\n"
    ".card .s{color:#666;font-size:8.5pt}\n"
    ".met{color:#1d6b2f}.unmet{color:#b3261e}\n"
    "table{border-collapse:collapse;width:100%;margin:2px 0 6px;"
    "font-size:9pt}\n"
    "th,td{border:1px solid #bbb;padding:2px 5px;text-align:right}\n"
    "th{background:#f1ece4;font-weight:bold;text-align:center}\n"
    "td:first-child{text-align:left}\n"
    "tr{break-inside:avoid}\n"
    "svg{display:block;margin:2px 0 6px}\n"
    ".charts{display:flex;gap:10px}.charts>div{flex:1}\n"
    ".note{color:#555;font-size:8.5pt;margin:0}\n"
    ".cols{columns:3;column-gap:8px}\n"
    "table.small{margin:0 0 6px;font-size:8.5pt}\n"
    "footer{margin-top:12px;border-top:1px solid #ccc;padding-top:4px;"
    "color:#666;font-size:8.5pt}\n";

/* One bar of a chart: label, length in 1/10000 of the scale, its text. */
struct bar {
	char label[128];
	long long value;	/* 0..10000 of the chart's width */
	long long target;	/* a tick, same scale, or -1 */
	int status;		/* 1 met, 0 unmet, -1 neither */
	char text[64];
};

/*
 * A horizontal bar chart as inline SVG, total units wide: labels right-
 * aligned in the first `left` units, the figures in a column after the
 * bars (so a target tick never hides them).
 */
static void
svg_bars(FILE *f, const char *title, const struct bar *b, size_t n,
    int total, int left)
{
	const int rowh = 20, top = 4, textw = 60;
	const int width = total - left - textw;
	size_t i;
	long long w;

	if (n == 0)
		return;
	fprintf(f, "<svg viewBox=\"0 0 %d %zu\" width=\"100%%\" role=\"img\" "
	    "aria-label=\"", total, (size_t)(top * 2 + rowh * n));
	render_html_text(f, title);
	fputs("\">\n", f);
	fprintf(f, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%zu\" "
	    "stroke=\"#999\" stroke-width=\"1\"/>\n", left, left,
	    (size_t)(top * 2 + rowh * n));
	for (i = 0; i < n; i++) {
		int y = top + rowh * (int)i;
		const char *color = b[i].status == 1 ? "#3b8b4f" :
		    b[i].status == 0 ? "#c8553d" : "#5477a8";

		w = b[i].value < 0 ? 0 : b[i].value > 10000 ? 10000 :
		    b[i].value;
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
		    "text-anchor=\"end\" fill=\"#222\">", left - 6, y + 14);
		render_html_text(f, b[i].label);
		fputs("</text>\n", f);
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%lld.%02lld\" "
		    "height=\"%d\" fill=\"%s\"/>\n", left, y + 3,
		    w * width / 10000, (w * width % 10000) / 100, rowh - 6,
		    color);
		if (b[i].target >= 0) {
			long long t = b[i].target > 10000 ? 10000 : b[i].target;

			fprintf(f, "<line x1=\"%lld\" y1=\"%d\" x2=\"%lld\" "
			    "y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>\n",
			    left + t * width / 10000, y + 1,
			    left + t * width / 10000, y + rowh - 1);
		}
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
		    "text-anchor=\"end\" fill=\"#222\">", total - 2, y + 14);
		render_html_text(f, b[i].text);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
}

/* The breakdowns of children as small tables, one a dimension, in columns. */
static void
html_breakdowns(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o)
{
	char dim[64], buf[512];
	const char *eq;
	size_t i, n;
	int open = 0;

	fputs("<div class=\"cols\">\n", f);
	dim[0] = '\0';
	for (i = 0; i < r->n; i++) {
		const struct report_row *x = &r->row[i];

		if (strcmp(x->metric, "children") != 0 || x->group[0] == '\0' ||
		    has_prefix(x->group, "class=") ||
		    (eq = strchr(x->group, '=')) == NULL)
			continue;
		n = (size_t)(eq - x->group);
		if (n >= sizeof(dim))
			n = sizeof(dim) - 1;
		if (strncmp(dim, x->group, n) != 0 || dim[n] != '\0') {
			if (open)
				fputs("</tbody>\n</table>\n", f);
			memcpy(dim, x->group, n);
			dim[n] = '\0';
			fputs("<table class=\"small\">\n<thead><tr><th>", f);
			render_html_text(f, report_label(p, dim));
			fputs("</th><th>", f);
			render_html_text(f, report_label(p, "count"));
			fputs("</th><th>", f);
			render_html_text(f, report_label(p, "percent"));
			fputs("</th></tr></thead>\n<tbody>\n", f);
			open = 1;
		}
		fputs("<tr><td>", f);
		report_group_text(r, p, x->group, 1, buf, sizeof(buf));
		render_html_text(f, buf);
		fputs("</td><td>", f);
		render_html_text(f, report_figure_text(x, 0, o->suppress, 1, buf,
		    sizeof(buf)));
		fputs("</td><td>", f);
		pct_text(x, o, buf, sizeof(buf));
		render_html_text(f, buf);
		fputs("</td></tr>\n", f);
	}
	if (open)
		fputs("</tbody>\n</table>\n", f);
	fputs("</div>\n", f);
}

/*
 * Room for bar n in *b (of *cap), zeroed: a chart has a few bars of the
 * report's hundreds of rows, so the array grows as they come.
 */
static struct bar *
new_bar(struct bar **b, size_t n, size_t *cap)
{
	XGROW(*b, n + 1, *cap);
	memset(&(*b)[n], 0, sizeof(**b));
	return &(*b)[n];
}

/* The rates of the whole against their targets, as bars. */
static size_t
headline_bars(const struct report *r, const struct policy *p,
    const struct render_opts *o, struct bar **out)
{
	struct bar *b = NULL;
	size_t i, n = 0, cap = 0;

	new_bar(&b, 0, &cap);
	for (i = 0; i < r->n; i++) {
		const struct report_row *x = &r->row[i];

		if (x->group[0] != '\0' || strcmp(x->metric, "children") == 0 ||
		    report_row_hidden(x, o->suppress) ||
		    report_row_hundredths(x) < 0)
			continue;
		new_bar(&b, n, &cap);
		snprintf(b[n].label, sizeof(b[n].label), "%s",
		    report_label(p, x->metric));
		b[n].value = report_row_hundredths(x);
		b[n].target = x->target >= 0 ? 100LL * x->target : -1;
		b[n].status = report_met(x);
		pct_text(x, o, b[n].text, sizeof(b[n].text));
		n++;
	}
	*out = b;
	return n;
}

/* The children of one dimension (e.g. "left_behind="), as bars. */
static size_t
count_bars(const struct report *r, const struct policy *p,
    const struct render_opts *o, const char *dim, struct bar **out)
{
	struct bar *b = NULL;
	long long max = 0;
	size_t i, n = 0, cap = 0;
	char buf[32];

	new_bar(&b, 0, &cap);
	for (i = 0; i < r->n; i++) {
		const struct report_row *x = &r->row[i];

		if (strcmp(x->metric, "children") != 0 ||
		    !has_prefix(x->group, dim))
			continue;
		new_bar(&b, n, &cap);
		report_group_text(r, p, x->group, 1, b[n].label,
		    sizeof(b[n].label));
		b[n].value = report_suppressed(x->count, o->suppress) ? 0 :
		    x->count;
		b[n].target = -1;
		b[n].status = -1;
		snprintf(b[n].text, sizeof(b[n].text), "%s",
		    report_figure_text(x, 0, o->suppress, 1, buf, sizeof(buf)));
		if (b[n].value > max)
			max = b[n].value;
		n++;
	}
	for (i = 0; i < n; i++)
		b[i].value = max > 0 ? b[i].value * 10000 / max : 0;
	*out = b;
	return n;
}

/* A merge: each school's percent of metric against its target, as bars. */
static size_t
school_bars(const struct report *r, const struct policy *p,
    const struct render_opts *o, const char *metric, struct bar **out)
{
	struct bar *b = NULL;
	size_t i, n = 0, cap = 0;

	(void)p;
	new_bar(&b, 0, &cap);
	for (i = 0; i < r->npart; i++) {
		const struct report_row *x = report_find(&r->part[i], metric,
		    "");

		if (x == NULL)
			continue;
		new_bar(&b, n, &cap);
		snprintf(b[n].label, sizeof(b[n].label), "%s",
		    r->part[i].school);
		b[n].value = report_row_hidden(x, o->suppress) ? 0 :
		    report_row_hundredths(x);
		if (b[n].value < 0)
			b[n].value = 0;
		b[n].target = x->target >= 0 ? 100LL * x->target : -1;
		b[n].status = report_row_hidden(x, o->suppress) ? -1 :
		    report_met(x);
		pct_text(x, o, b[n].text, sizeof(b[n].text));
		n++;
	}
	*out = b;
	return n;
}

static void
html_table(FILE *f, const struct sect *s)
{
	size_t k, c;

	fputs("<table>\n<thead><tr>", f);
	for (c = 0; c < s->ncols; c++) {
		fputs("<th>", f);
		render_html_text(f, s->head[c]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (k = 0; k < s->nrows; k++) {
		fputs("<tr>", f);
		for (c = 0; c < s->ncols; c++) {
			const char *cls = "";

			/* The met column of a figure table is coloured. */
			if (c == s->ncols - 1 && s->status[k] >= 0)
				cls = s->status[k] ? " class=\"met\"" :
				    " class=\"unmet\"";
			fprintf(f, "<td%s>", cls);
			render_html_text(f, s->cells[k * s->ncols + c]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* The headline figures as cards: big percent, label, count/total, target. */
static void
html_cards(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o)
{
	char buf[64], c1[32], c2[32];
	size_t i;
	int counted;

	fputs("<div class=\"cards\">\n", f);
	for (i = 0; i < r->n; i++) {
		const struct report_row *x = &r->row[i];
		int met = row_status(x, o);

		if (x->group[0] != '\0' || strcmp(x->metric, "mentor_load") == 0)
			continue;
		fputs("<div class=\"card\"><div class=\"l\">", f);
		render_html_text(f, report_label(p, x->metric));
		fprintf(f, "</div><div class=\"v%s\">", met < 0 ? "" : met ?
		    " met" : " unmet");
		/* A number of children or of items, else a share. */
		counted = strcmp(x->metric, "children") == 0 ||
		    report_count_only(x->metric);
		if (counted)
			report_figure_text(x, 0, o->suppress, 1, buf,
			    sizeof(buf));
		else
			pct_text(x, o, buf, sizeof(buf));
		render_html_text(f, buf[0] != '\0' ? buf : "—");
		fputs("</div><div class=\"s\">", f);
		if (!counted) {
			snprintf(buf, sizeof(buf), "%s / %s",
			    report_figure_text(x, 0, o->suppress, 1, c1,
			    sizeof(c1)), report_figure_text(x, 1,
			    o->suppress, 1, c2, sizeof(c2)));
			render_html_text(f, buf);
		}
		if (x->target >= 0) {
			render_html_text(f, report_label(p, "gap"));
			fprintf(f, "%s %d%% ", report_label(p, "target"),
			    x->target);
			if (met >= 0)
				render_html_text(f, report_label(p, met ? "met" :
				    "unmet"));
		}
		fputs("</div></div>\n", f);
	}
	fputs("</div>\n", f);
}

void
render_html(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o)
{
	struct view v;
	struct bar *b;
	char buf[512], note[512];
	size_t i, n;

	view_build(&v, r, p, o);
	title_text(r, p, buf, sizeof(buf));
	fputs("<!DOCTYPE html>\n<html lang=\"", f);
	render_html_text(f, report_label(p, "html_lang"));
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	render_html_text(f, buf);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
	    "<h1>", html_style);
	render_html_text(f, buf);
	fputs("</h1>\n<p>", f);
	subtitle_text(r, p, buf, sizeof(buf));
	render_html_text(f, buf);
	fputs("</p>\n</header>\n", f);

	fputs("<section>\n<h2>", f);
	render_html_text(f, report_label(p, "headline"));
	fputs("</h2>\n", f);
	html_cards(f, r, p, o);
	n = headline_bars(r, p, o, &b);
	svg_bars(f, report_label(p, "headline"), b, n, 680, 170);
	free(b);
	fputs("</section>\n", f);

	fputs("<section>\n<h2>", f);
	render_html_text(f, report_label(p, "breakdown"));
	fputs("</h2>\n<div class=\"charts\">\n", f);
	for (i = 0; i < 2; i++) {
		const char *dim = i == 0 ? "left_behind" : "attention";

		snprintf(buf, sizeof(buf), "%s=", dim);
		n = count_bars(r, p, o, buf, &b);
		fputs("<div><p class=\"note\">", f);
		render_html_text(f, report_label(p, dim));
		fputs("</p>\n", f);
		svg_bars(f, report_label(p, dim), b, n, 340, 70);
		fputs("</div>\n", f);
		free(b);
	}
	fputs("</div>\n", f);
	html_breakdowns(f, r, p, o);
	fputs("</section>\n", f);

	/* A merge: per target, each school against it. */
	if (r->part != NULL) {
		fputs("<section>\n<h2>", f);
		render_html_text(f, report_label(p, "school_targets"));
		fputs("</h2>\n", f);
		for (i = 0; i < r->n; i++) {
			const struct report_row *x = &r->row[i];

			if (x->group[0] != '\0' || x->target < 0)
				continue;
			n = school_bars(r, p, o, x->metric, &b);
			fputs("<p class=\"note\">", f);
			render_html_text(f, report_label(p, x->metric));
			fputs("</p>\n", f);
			svg_bars(f, report_label(p, x->metric), b, n, 680, 170);
			free(b);
		}
		fputs("</section>\n", f);
	}

	for (i = 2; i < v.n; i++) {
		if (v.s[i].nrows == 0)
			continue;
		fputs("<section>\n<h2>", f);
		render_html_text(f, report_label(p, v.s[i].key));
		fputs("</h2>\n", f);
		html_table(f, &v.s[i]);
		if (v.s[i].note != NULL) {
			fputs("<p class=\"note\">", f);
			render_html_text(f, v.s[i].note);
			fputs("</p>\n", f);
		}
		fputs("</section>\n", f);
	}
	fputs("<footer>", f);
	if (*view_note(&v, p, o, note, sizeof(note)) != '\0') {
		render_html_text(f, note);
		render_html_text(f, report_label(p, "gap"));
	}
	fputs("lb-report</footer>\n</body>\n</html>\n", f);
	view_free(&v);
}

/*
 * Contact cards.  The parts of a card and their fields, in the order of
 * the paper cards of the schools' plans; every roster column is in one.
 */
static const char *const card_parts[] = {
	"card_student", "card_parents", "card_guardian", "card_support"
};
static const int card_fields[][13] = {
	{ RC_STUDENT_ID, RC_NAME, RC_GENDER, RC_BIRTH_DATE, RC_ID_CARD,
	  RC_GRADE, RC_CLASS, RC_VILLAGE, RC_ADDRESS, RC_BOARDING, RC_STATUS,
	  RC_ENROLLED_ON, -1 },
	{ RC_FATHER_NAME, RC_FATHER_PHONE, RC_FATHER_WORK_PLACE,
	  RC_FATHER_WORK_PROVINCE, RC_MOTHER_NAME, RC_MOTHER_PHONE,
	  RC_MOTHER_WORK_PLACE, RC_MOTHER_WORK_PROVINCE,
	  RC_PARENT_VISITS_PER_YEAR, -1 },
	{ RC_GUARDIAN_NAME, RC_GUARDIAN_RELATION, RC_GUARDIAN_PHONE,
	  RC_GUARDIAN_AGE, RC_GUARDIAN_HEALTH, RC_GUARDIAN_EDUCATION,
	  RC_GUARDIAN_OCCUPATION, RC_GUARDIAN_ADDRESS, RC_GUARDIAN_TRAINED, -1 },
	{ RC_LEFT_BEHIND, RC_ATTENTION, RC_HARDSHIP, RC_ACADEMIC,
	  RC_VACCINATION, RC_MENTOR_ID, RC_BUDDY_ID, RC_VOLUNTEER_ID, RC_NOTES,
	  -1 }
};
#define NPARTS (sizeof(card_parts) / sizeof(card_parts[0]))

/* The value of col on card c, in words, into sb. */
static void
card_value(struct sbuf *sb, const struct render_card *c, int col,
    const struct policy *p)
{
	if (col == RC_MENTOR_ID && c->mentor != NULL)
		sbuf_adds(sb, c->mentor);
	else if (col == RC_BUDDY_ID && c->buddy != NULL)
		sbuf_adds(sb, c->buddy);
	else if (col == RC_VOLUNTEER_ID && c->volunteer != NULL)
		sbuf_adds(sb, c->volunteer);
	else
		report_value_text(p, col, c->v[col], sb);
}

/* The label of canonical column col. */
static const char *
field_label(const struct policy *p, int col)
{
	return report_label(p, schema_col_name(FK_ROSTER, (size_t)col));
}

/* "黄嘉怡（S2031）　5-1": a card's title. */
static void
card_title(struct sbuf *sb, const struct render_card *c,
    const struct policy *p)
{
	sbuf_adds(sb, c->v[RC_NAME]);
	sbuf_printf(sb, "%s%s%s", report_label(p, "paren_open"),
	    c->v[RC_STUDENT_ID], report_label(p, "paren_close"));
	if (*c->v[RC_CLASS] != '\0')
		sbuf_printf(sb, "%s%s", report_label(p, "gap"),
		    c->v[RC_CLASS]);
}

/* One "label  value" line of a text card; continuation lines aligned. */
static void
text_field(FILE *f, const char *label, const char *value, size_t lw)
{
	size_t w = text_width(label, strlen(label));
	const char *s;

	fprintf(f, "  %s", label);
	for (; w < lw + 2; w++)
		fputc(' ', f);
	if (*value == '\0') {
		fputs("—\n", f);
		return;
	}
	for (s = value; *s != '\0'; s++) {
		if (*s == '\r')
			continue;
		fputc(*s, f);
		if (*s == '\n' && s[1] != '\0')
			for (w = 0; w < lw + 4; w++)
				fputc(' ', f);
	}
	fputc('\n', f);
}

/* Write s then blanks up to display width w (the last column: none). */
static void
text_cell(FILE *f, const char *s, size_t w, int last)
{
	size_t sw = text_width(s, strlen(s));

	fputs(s, f);
	if (!last)
		for (; sw < w + 2; sw++)
			fputc(' ', f);
}

/*
 * A part of the child's record for the terminal: its title, then its
 * columns' labels and rows aligned by display width (a note's line
 * breaks become blanks: one row, one line).
 */
static void
text_part(FILE *f, const struct render_part *pt, const struct policy *p)
{
	size_t *w = xcalloc(pt->ncols + 1, sizeof(*w));
	size_t r, c, cw;
	char *v, *q;

	fprintf(f, "\n%s\n", report_label(p, pt->key));
	if (pt->n == 0) {
		fprintf(f, "  %s\n", report_label(p, "card_none"));
		free(w);
		return;
	}
	for (r = 0; r < pt->n; r++)
		for (c = 0; c < pt->ncols; c++)
			for (q = pt->cell[r * pt->ncols + c]; *q != '\0'; q++)
				if (*q == '\n' || *q == '\r' || *q == '\t')
					*q = ' ';
	for (c = 0; c < pt->ncols; c++) {
		v = (char *)report_label(p, pt->head[c]);
		w[c] = text_width(v, strlen(v));
		for (r = 0; r < pt->n; r++) {
			v = pt->cell[r * pt->ncols + c];
			if ((cw = text_width(v, strlen(v))) > w[c])
				w[c] = cw;
		}
	}
	fputs("  ", f);
	for (c = 0; c < pt->ncols; c++)
		text_cell(f, report_label(p, pt->head[c]), w[c],
		    c + 1 == pt->ncols);
	fputc('\n', f);
	for (r = 0; r < pt->n; r++) {
		fputs("  ", f);
		for (c = 0; c < pt->ncols; c++)
			text_cell(f, pt->cell[r * pt->ncols + c], w[c],
			    c + 1 == pt->ncols);
		fputc('\n', f);
	}
	free(w);
}

void
render_cards_text(FILE *f, const struct render_card *c, size_t n,
    const struct policy *p)
{
	struct sbuf sb = SBUF_INIT;
	size_t i, k, j, lw = 0, w;
	int col;

	sbuf_init(&sb);
	/* One label width for all cards, so that they look alike. */
	for (k = 0; k < NPARTS; k++)
		for (j = 0; (col = card_fields[k][j]) >= 0; j++) {
			w = text_width(field_label(p, col),
			    strlen(field_label(p, col)));
			if (w > lw)
				lw = w;
		}
	for (i = 0; i < n; i++)
		for (j = 0; j < c[i].nextra; j++) {
			w = text_width(c[i].extra_name[j],
			    strlen(c[i].extra_name[j]));
			if (w > lw)
				lw = w;
		}
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc('\n', f);
		sbuf_reset(&sb);
		card_title(&sb, &c[i], p);
		fprintf(f, "%s\n", sb.buf);
		for (w = text_width(sb.buf, sb.len); w > 0; w--)
			fputc('=', f);
		fputc('\n', f);
		for (k = 0; k < NPARTS; k++) {
			fprintf(f, "%s%s\n", k > 0 ? "\n" : "",
			    report_label(p, card_parts[k]));
			for (j = 0; (col = card_fields[k][j]) >= 0; j++) {
				sbuf_reset(&sb);
				card_value(&sb, &c[i], col, p);
				text_field(f, field_label(p, col), sb.buf, lw);
			}
		}
		if (c[i].nextra > 0)
			fprintf(f, "\n%s\n", report_label(p, "card_other"));
		for (j = 0; j < c[i].nextra; j++)
			text_field(f, c[i].extra_name[j], c[i].extra_value[j],
			    lw);
		sbuf_reset(&sb);
		if (card_missing(p, (const char *const *)c[i].v, &sb, 1) > 0)
			fprintf(f, "\n%s%s%s\n", policy_label(p,
			    "card_missing"), report_label(p, "colon"), sb.buf);
		for (k = 0; k < c[i].npart; k++)
			text_part(f, &c[i].part[k], p);
	}
	sbuf_release(&sb);
}

/* A part of a child's record as a pipe table, (无) when empty. */
static void
md_part(FILE *f, const struct render_part *pt, const struct policy *p)
{
	size_t r, c;

	fprintf(f, "\n### %s\n\n", report_label(p, pt->key));
	if (pt->n == 0) {
		fprintf(f, "%s\n", report_label(p, "card_none"));
		return;
	}
	fputc('|', f);
	for (c = 0; c < pt->ncols; c++) {
		fputc(' ', f);
		md_cell(f, report_label(p, pt->head[c]));
		fputs(" |", f);
	}
	fputs("\n|", f);
	for (c = 0; c < pt->ncols; c++)
		fputs(" --- |", f);
	fputc('\n', f);
	for (r = 0; r < pt->n; r++) {
		fputc('|', f);
		for (c = 0; c < pt->ncols; c++) {
			fputc(' ', f);
			md_cell(f, pt->cell[r * pt->ncols + c]);
			fputs(" |", f);
		}
		fputc('\n', f);
	}
}

/* "- **label**：value", a field of a card in Markdown. */
static void
md_field(FILE *f, const struct policy *p, const char *label,
    const char *value)
{
	fputs("- **", f);
	md_cell(f, label);
	fprintf(f, "**%s", report_label(p, "colon"));
	md_cell(f, *value != '\0' ? value : "—");
	fputc('\n', f);
}

void
render_cards_md(FILE *f, const struct render_card *c, size_t n,
    const struct policy *p, date_t as_of)
{
	struct sbuf sb = SBUF_INIT;
	char iso[DATE_ISO_LEN];
	size_t i, k, j;
	int col;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s%s%s", p->school_name,
	    *p->school_name != '\0' ? " " : "", report_label(p, "card_title"));
	fputs("# ", f);
	md_cell(f, sb.buf);
	fprintf(f, "\n\n%s%s%s\n", report_label(p, "card_date"),
	    report_label(p, "colon"), as_of != DATE_NONE ?
	    date_format(as_of, iso) : "-");
	for (i = 0; i < n; i++) {
		sbuf_reset(&sb);
		card_title(&sb, &c[i], p);
		fputs("\n## ", f);
		md_cell(f, sb.buf);
		fputc('\n', f);
		for (k = 0; k < NPARTS; k++) {
			fprintf(f, "\n### %s\n\n", report_label(p,
			    card_parts[k]));
			for (j = 0; (col = card_fields[k][j]) >= 0; j++) {
				sbuf_reset(&sb);
				card_value(&sb, &c[i], col, p);
				md_field(f, p, field_label(p, col), sb.buf);
			}
		}
		if (c[i].nextra > 0)
			fprintf(f, "\n### %s\n\n", report_label(p,
			    "card_other"));
		for (j = 0; j < c[i].nextra; j++)
			md_field(f, p, c[i].extra_name[j], c[i].extra_value[j]);
		sbuf_reset(&sb);
		if (card_missing(p, (const char *const *)c[i].v, &sb, 1) > 0) {
			fprintf(f, "\n%s%s", policy_label(p, "card_missing"),
			    report_label(p, "colon"));
			md_cell(f, sb.buf);
			fputc('\n', f);
		}
		for (k = 0; k < c[i].npart; k++)
			md_part(f, &c[i].part[k], p);
	}
	sbuf_release(&sb);
}

static const char cards_style[] =
    "@page{size:A4;margin:14mm}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:182mm;color:#1b1b1b;font:10pt/1.45 "
    "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\","
    "\"Microsoft YaHei\",\"PingFang SC\",sans-serif}\n"
    "header{border-bottom:2px solid #8b1a1a;margin-bottom:10px}\n"
    "h1{font-size:16pt;margin:0 0 4px;color:#8b1a1a}\n"
    "header p{margin:0 0 4px;color:#444}\n"
    "section{border:1px solid #999;border-radius:4px;padding:6px 8px;"
    "margin:0 0 10px;break-inside:avoid}\n"
    "h2{font-size:13pt;margin:0 0 4px}\n"
    "table{border-collapse:collapse;width:100%;font-size:9.5pt}\n"
    "th,td{border:1px solid #bbb;padding:2px 5px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f1ece4;font-weight:normal;white-space:nowrap;"
    "width:16%}\n"
    "td{width:34%;white-space:pre-line}\n"
    "th.part{background:#e4d8c4;font-weight:bold;text-align:center}\n"
    ".gap{color:#b3261e;margin:4px 0 0}\n"
    "h3{font-size:11pt;margin:8px 0 2px}\n"
    "table.rec th,table.rec td{width:auto}\n"
    "table.rec td{white-space:pre-line}\n"
    "section.record{break-after:page;page-break-after:always}\n"
    "section.record:last-of-type{break-after:auto;"
    "page-break-after:auto}\n";

/* Cells "label | value" of one field, two fields to a table row. */
static void
html_field(FILE *f, const char *label, const char *value, size_t *k)
{
	if (*k % 2 == 0)
		fputs("<tr>", f);
	fputs("<th>", f);
	render_html_text(f, label);
	fputs("</th><td>", f);
	render_html_text(f, *value != '\0' ? value : "—");
	fputs("</td>", f);
	if (++*k % 2 == 0)
		fputs("</tr>\n", f);
}

/* Close a part's last row when it holds one field. */
static void
html_part_end(FILE *f, size_t *k)
{
	if (*k % 2 == 1)
		fputs("<th></th><td></td></tr>\n", f);
	*k = 0;
}

static void
html_part(FILE *f, const char *title)
{
	fputs("<tr><th colspan=\"4\" class=\"part\">", f);
	render_html_text(f, title);
	fputs("</th></tr>\n", f);
}

/* A part of the child's record: its title and a table of its rows. */
static void
html_record_part(FILE *f, const struct render_part *pt,
    const struct policy *p)
{
	size_t r, c;

	fputs("<h3>", f);
	render_html_text(f, report_label(p, pt->key));
	fputs("</h3>\n", f);
	if (pt->n == 0) {
		fputs("<p>", f);
		render_html_text(f, report_label(p, "card_none"));
		fputs("</p>\n", f);
		return;
	}
	fputs("<table class=\"rec\">\n<tr>", f);
	for (c = 0; c < pt->ncols; c++) {
		fputs("<th>", f);
		render_html_text(f, report_label(p, pt->head[c]));
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (r = 0; r < pt->n; r++) {
		fputs("<tr>", f);
		for (c = 0; c < pt->ncols; c++) {
			fputs("<td>", f);
			render_html_text(f, pt->cell[r * pt->ncols + c]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

void
render_cards_html(FILE *f, const struct render_card *c, size_t n,
    const struct policy *p, date_t as_of)
{
	struct sbuf sb = SBUF_INIT;
	char iso[DATE_ISO_LEN];
	size_t i, k, j, cells;
	int col;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s%s%s", p->school_name,
	    *p->school_name != '\0' ? " " : "", report_label(p, "card_title"));
	fputs("<!DOCTYPE html>\n<html lang=\"", f);
	render_html_text(f, report_label(p, "html_lang"));
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
	render_html_text(f, sb.buf);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
	    "<h1>", cards_style);
	render_html_text(f, sb.buf);
	fputs("</h1>\n<p>", f);
	render_html_text(f, report_label(p, "card_date"));
	render_html_text(f, report_label(p, "colon"));
	fprintf(f, "%s</p>\n</header>\n", as_of != DATE_NONE ?
	    date_format(as_of, iso) : "-");
	for (i = 0; i < n; i++) {
		sbuf_reset(&sb);
		card_title(&sb, &c[i], p);
		fputs(c[i].npart > 0 ? "<section class=\"record\">\n<h2>" :
		    "<section>\n<h2>", f);
		render_html_text(f, sb.buf);
		fputs("</h2>\n<table>\n", f);
		cells = 0;
		for (k = 0; k < NPARTS; k++) {
			html_part(f, report_label(p, card_parts[k]));
			for (j = 0; (col = card_fields[k][j]) >= 0; j++) {
				sbuf_reset(&sb);
				card_value(&sb, &c[i], col, p);
				html_field(f, field_label(p, col), sb.buf, &cells);
			}
			html_part_end(f, &cells);
		}
		if (c[i].nextra > 0)
			html_part(f, report_label(p, "card_other"));
		for (j = 0; j < c[i].nextra; j++)
			html_field(f, c[i].extra_name[j], c[i].extra_value[j],
			    &cells);
		html_part_end(f, &cells);
		fputs("</table>\n", f);
		sbuf_reset(&sb);
		if (card_missing(p, (const char *const *)c[i].v, &sb, 1) > 0) {
			fputs("<p class=\"gap\">", f);
			render_html_text(f, report_label(p, "card_missing"));
			render_html_text(f, report_label(p, "colon"));
			render_html_text(f, sb.buf);
			fputs("</p>\n", f);
		}
		for (k = 0; k < c[i].npart; k++)
			html_record_part(f, &c[i].part[k], p);
		fputs("</section>\n", f);
	}
	fputs("</body>\n</html>\n", f);
	sbuf_release(&sb);
}

/*
 * How a part's column goes into a workbook: numbers when all its filled
 * cells are, percents when all are numbers with '%' (then *strip), else
 * text (a group's name, a target such as ≥90%, 达标).
 */
static enum xlsx_type
sect_col_type(const struct sect *s, size_t c)
{
	const char *v;
	char *end;
	size_t r, n, filled = 0, plain = 0, pct = 0;

	for (r = 0; r < s->nrows; r++) {
		v = s->cells[r * s->ncols + c];
		if (v == NULL || *v == '\0')
			continue;
		filled++;
		(void)strtod(v, &end);
		n = strlen(v);
		if (end == v + n && n > 0)
			plain++;
		else if (n > 1 && v[n - 1] == '%' && end == v + n - 1)
			pct++;
		else
			return XT_TEXT;
	}
	return filled == 0 || (plain > 0 && pct > 0) ? XT_TEXT : pct > 0 ?
	    XT_PERCENT : XT_NUMBER;
}

static int
render_xlsx(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o, int *code)
{
	enum xlsx_type *types;
	struct xlsxout *x;
	struct view v;
	char title[512], period[512], note[512];
	const char **cells;
	size_t i, k, c, len;
	int rc = 0;

	if ((x = xlsxout_open_stream(f, code)) == NULL)
		return -1;
	view_build(&v, r, p, o);
	title_text(r, p, title, sizeof(title));
	subtitle_text(r, p, period, sizeof(period));
	view_note(&v, p, o, note, sizeof(note));
	for (i = 0; i < v.n && rc == 0; i++) {
		const struct sect *s = &v.s[i];

		if (s->nrows == 0)
			continue;
		types = xcalloc(s->ncols + 1, sizeof(*types));
		cells = xcalloc(s->ncols + 1, sizeof(*cells));
		for (c = 1; c < s->ncols; c++)
			types[c] = sect_col_type(s, c);
		if (xlsxout_sheet(x, report_label(p, s->key), s->ncols,
		    (const char *const *)s->head, types, code) != 0 ||
		    xlsxout_title(x, title, code) != 0 ||
		    xlsxout_title(x, period, code) != 0 ||
		    (*note != '\0' && xlsxout_title(x, note, code) != 0))
			rc = -1;
		for (k = 0; k < s->nrows && rc == 0; k++) {
			char **row = &s->cells[k * s->ncols];

			/* "87.50%" as the percent xlsxout takes, "87.50". */
			for (c = 0; c < s->ncols; c++) {
				cells[c] = row[c];
				if (types[c] == XT_PERCENT && row[c] != NULL &&
				    (len = strlen(row[c])) > 0)
					row[c][len - 1] = '\0';
			}
			if (xlsxout_row(x, cells, code) != 0)
				rc = -1;
		}
		free(cells);
		free(types);
	}
	view_free(&v);
	if (rc != 0) {
		xlsxout_abort(x);
		return -1;
	}
	return xlsxout_close(x, code);
}

int
render_report(const char *path, const struct report *r,
    const struct policy *p, enum render_format fmt,
    const struct render_opts *o, const char *columns, int excel, int *code)
{
	struct emit_opts eo = { .table = 0 };
	struct ofile *of;
	FILE *f;

	if ((of = ofile_open(path, o->detail ? OFILE_PRIVATE : 0)) == NULL) {
		*code = LB_CANTCREAT;
		return -1;
	}
	f = ofile_stream(of);
	if (fmt == RENDER_XLSX && columns == NULL) {
		if (render_xlsx(f, r, p, o, code) != 0) {
			ofile_abort(of);
			return -1;
		}
	} else if (fmt == RENDER_CSV || columns != NULL) {
		eo.table = fmt == RENDER_TABLE;
		eo.xlsx = fmt == RENDER_XLSX;
		eo.sheet = "report";
		eo.csv_flags = excel ? CSVIO_EXCEL : 0;
		eo.columns = columns;
		/* Headers in the policy's words at a Chinese desk (emit.h). */
		eo.policy = p;
		eo.labels = report_csv_cols();
		/* A bad --columns: the output file is left as it was. */
		if ((*code = report_emit(r, f, &eo, o->suppress,
		    o->detail)) != LB_OK) {
			ofile_abort(of);
			return -1;
		}
	} else if (fmt == RENDER_MD)
		render_md(f, r, p, o);
	else if (fmt == RENDER_HTML)
		render_html(f, r, p, o);
	else
		render_table(f, r, p, o);
	if (ofile_commit(of) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}
