/* merge.c: the reports of a county's schools (lb-report CSV files) merged. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "i18n.h"
#include "merge.h"
#include "policy.h"
#include "report.h"
#include "sbuf.h"
#include "schema.h"
#include "strmap.h"
#include "text.h"
#include "xmem.h"

/* The columns of a report CSV, as far as a merge reads them. */
enum { C_METRIC, C_GROUP, C_COUNT, C_TOTAL, C_PERCENT, C_TARGET, C_MET,
	C_SCHOOL, C_N };

/* A file read: its name, and what tells a second naming of it. */
struct merged_file {
	char *name;
	dev_t dev;
	ino_t ino;
	int known;		/* dev and ino are (not stdin) */
};

struct merge {
	struct report *county;
	const struct policy *p;
	int allow_mixed;
	struct strmap *schools;	/* school -> its part */
	size_t *part_file;	/* per part: the file it came from */
	struct merged_file *file;
	size_t nfile;
	long ref;		/* the part whose period the others must have */
};

/* A row of a file, held until the file's county rows are known. */
struct held {
	char *v[C_N];
	long line;
};

struct merge *
merge_new(struct report *county, const struct policy *p, int allow_mixed)
{
	struct merge *m = xcalloc(1, sizeof(*m));

	m->county = county;
	m->p = p;
	m->allow_mixed = allow_mixed;
	m->schools = strmap_new();
	m->ref = -1;
	county->part = xcalloc(1, sizeof(*county->part));
	/* The schools' days, not the day of the merge. */
	county->from = county->to = county->as_of = DATE_NONE;
	/* The county's rows have no school (DESIGN.md); its name titles. */
	free(county->school);
	county->school = xstrdup("");
	return m;
}

/* A whole number of at most 15 digits, or -1. */
static long long
whole_number(const char *s)
{
	long long v;

	return text_whole(s, 999999999999999LL, &v) == 0 ? v : -1;
}

static int
metric_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
		    *s == '_'))
			return 0;
	return 1;
}

/*
 * A count or total as written: "12", a school's suppressed "<5" (the 5,
 * REPORT_BELOW) or a county's lower bound ">=123".  -1 when it is none.
 */
static int
figure(const char *s, long long *v, unsigned char *bound)
{
	*bound = REPORT_EXACT;
	if (s[0] == '<') {
		*bound = REPORT_BELOW;
		s++;
	} else if (s[0] == '>' && s[1] == '=') {
		*bound = REPORT_AT_LEAST;
		s += 2;
	}
	return (*v = whole_number(s)) < 0 ? -1 : 0;
}

/* The school of a report without one: its file's name, "-" stdin's. */
static char *
school_of_file(const char *name)
{
	const char *base = strrchr(name, '/'), *dot;

	base = base != NULL ? base + 1 : name;
	if ((dot = strrchr(base, '.')) == NULL || dot == base)
		dot = base + strlen(base);
	return xstrndup(base, (size_t)(dot - base));
}

/* Refuse the file the merge already read (by its device and inode). */
static int
same_file(struct merge *m, const char *path)
{
	struct merged_file *f;
	struct stat st;
	size_t i;

	m->file = xreallocarray(m->file, m->nfile + 1, sizeof(*m->file));
	f = &m->file[m->nfile];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(strcmp(path, "-") == 0 ? _("standard input") : path);
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0) {
		f->dev = st.st_dev;
		f->ino = st.st_ino;
		f->known = 1;
	}
	m->nfile++;
	for (i = 0; f->known && i + 1 < m->nfile; i++)
		if (m->file[i].known && m->file[i].dev == f->dev &&
		    m->file[i].ino == f->ino) {
			diag_error(NULL, 0, 0, _("%s and %s are the same file "
			    "(a report is merged once)"), m->file[i].name,
			    f->name);
			return -1;
		}
	return 0;
}

/* The part of school s, new (of file fi) when absent; NULL after a message. */
static struct report *
part_of(struct merge *m, const char *s, size_t fi, const char *name,
    long line)
{
	struct report *c = m->county;
	long i = strmap_put(m->schools, s, (long)c->npart);

	if ((size_t)i == c->npart) {
		c->part = xreallocarray(c->part, c->npart + 1,
		    sizeof(*c->part));
		m->part_file = xreallocarray(m->part_file, c->npart + 1,
		    sizeof(*m->part_file));
		report_init(&c->part[c->npart]);
		free(c->part[c->npart].school);
		c->part[c->npart].school = xstrdup(s);
		c->part[c->npart].source = xstrdup(name);
		m->part_file[c->npart] = fi;
		c->npart++;
	} else if (m->part_file[i] != fi) {
		diag_error(name, line, C_SCHOOL + 1, _("school '%s' is in %s "
		    "too (a school is merged once: merge its latest report "
		    "alone)"), s, m->file[m->part_file[i]].name);
		return NULL;
	}
	return &c->part[i];
}

/* A period row (group term=, month=, from=, to=, as_of=, mixed=) into r. */
static int
period_row(struct report *r, const char *group, const char *name, long line)
{
	const char *eq = strchr(group, '=');
	date_t *d = NULL;

	if (eq == NULL)
		goto bad;
	if (strncmp(group, "term=", 5) == 0 || strncmp(group, "month=", 6) == 0) {
		free(r->period_name);
		r->period_name = xstrdup(eq + 1);
		return 0;
	}
	if (strcmp(group, "mixed=yes") == 0) {
		r->mixed_periods = 1;
		return 0;
	}
	if (strncmp(group, "from=", 5) == 0)
		d = &r->from;
	else if (strncmp(group, "to=", 3) == 0)
		d = &r->to;
	else if (strncmp(group, "as_of=", 6) == 0)
		d = &r->as_of;
	if (d != NULL && date_parse(eq + 1, d) == 0)
		return 0;
bad:
	diag_error(name, line, C_GROUP + 1, _("bad period '%s' (expected "
	    "term=NAME, month=YYYY-MM, from=, to= or as_of=YYYY-MM-DD)"), group);
	return -1;
}

/* One school's figure row into its part. */
static int
figure_row(struct report *part, char *const *v, const char *name, long line)
{
	struct report_row *out;
	long long count, total, target = -1;
	unsigned char bc, bt;
	int k;

	for (k = C_COUNT; k <= C_TOTAL; k++)
		if (figure(v[k], k == C_COUNT ? &count : &total,
		    k == C_COUNT ? &bc : &bt) != 0) {
			diag_error(name, line, k + 1, _("bad %s '%s' (expected "
			    "a whole number)"), report_csv_cols()[k], v[k]);
			return -1;
		}
	if (bc == REPORT_EXACT && bt == REPORT_EXACT && count > total &&
	    strcmp(v[C_METRIC], "mentor_load") != 0) {
		diag_error(name, line, C_COUNT + 1, _("count %lld is above its "
		    "total %lld"), count, total);
		return -1;
	}
	if (*v[C_TARGET] != '\0' && ((target = whole_number(v[C_TARGET])) < 0 ||
	    target > 100)) {
		diag_error(name, line, C_TARGET + 1, _("bad target '%s' "
		    "(expected a whole percent, 0 to 100)"), v[C_TARGET]);
		return -1;
	}
	if (report_find(part, v[C_METRIC], v[C_GROUP]) != NULL) {
		diag_error(name, line, 0, _("the row %s,%s of school '%s' is "
		    "there twice"), v[C_METRIC], v[C_GROUP], part->school);
		return -1;
	}
	out = report_row(part, v[C_METRIC], v[C_GROUP]);
	out->count = count;
	out->total = total;
	out->bound[0] = bc;
	out->bound[1] = bt;
	out->target = (int)target;
	return 0;
}

/* Whether a and b cover the same days (both without a period: alike). */
static int
same_period(const struct report *a, const struct report *b)
{
	return a->from == b->from && a->to == b->to;
}

static void
period_words(const struct report *r, char *buf, size_t len)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN];

	if (r->from == DATE_NONE)
		snprintf(buf, len, "%s", _("none (made by an older lb-report)"));
	else
		snprintf(buf, len, "%s..%s", date_format(r->from, a),
		    date_format(r->to, b));
}

/* The periods of the parts of file fi against the first part's. */
static int
check_periods(struct merge *m, size_t fi, size_t first)
{
	struct report *c = m->county;
	char a[64], b[64];
	size_t i;

	for (i = first; i < c->npart; i++) {
		if (m->ref < 0) {
			m->ref = (long)i;
			continue;
		}
		if (same_period(&c->part[i], &c->part[m->ref]))
			continue;
		if (m->allow_mixed) {
			c->mixed_periods = 1;
			continue;
		}
		period_words(&c->part[i], a, sizeof(a));
		period_words(&c->part[m->ref], b, sizeof(b));
		diag_error(NULL, 0, 0, _("%s: school '%s' reports the period "
		    "%s, %s the period %s (merge reports of one period, or "
		    "give --allow-mixed-periods)"), m->file[fi].name,
		    c->part[i].school, a, c->part[m->ref].source, b);
		return -1;
	}
	return 0;
}

int
merge_file(struct merge *m, const char *path, const struct csvio_opts *opts,
    int *code)
{
	struct csvio_reader *in;
	const struct csvio_row *h, *row;
	struct held *held = NULL;
	struct report *part;
	const char *name, *county = NULL;
	char *unnamed = NULL;
	size_t i, nheld = 0, cap = 0, fi, first = m->county->npart;
	int rc, k, has_school = 0, ret = -1;

	*code = LB_DATAERR;
	if (same_file(m, path) != 0)
		return -1;
	fi = m->nfile - 1;
	if ((in = csvio_open(path, opts, code)) == NULL)
		return -1;
	*code = LB_DATAERR;
	name = csvio_name(in);
	h = csvio_header(in);
	for (i = 0; i < C_SCHOOL && i < h->n; i++)
		if (strcmp(h->v[i], report_csv_cols()[i]) != 0)
			break;
	if (i == C_SCHOOL && h->n > C_SCHOOL &&
	    strcmp(h->v[C_SCHOOL], "school") == 0)
		has_school = 1;
	if (i < C_SCHOOL || h->n > (size_t)(C_SCHOOL + has_school + 1) ||
	    (h->n == (size_t)(C_SCHOOL + has_school + 1) &&
	    strcmp(h->v[h->n - 1], "detail") != 0)) {
		diag_error(name, h->line, 0, _("not a report of lb-report "
		    "(expected the header 'metric,group,count,total,percent,"
		    "target,met,school')"));
		goto done;
	}
	while ((rc = csvio_next(in, &row)) == 1) {
		if (!metric_word(row->v[C_METRIC])) {
			diag_error(name, row->line, 1, _("bad metric name '%s' "
			    "(expected a word of a-z, 0-9 and _)"),
			    row->v[C_METRIC]);
			goto done;
		}
		XGROW(held, nheld + 1, cap);
		for (k = 0; k < C_N; k++)
			held[nheld].v[k] = xstrdup(k < C_SCHOOL || has_school ?
			    row->v[k] : "");
		held[nheld++].line = row->line;
		/* A merge's own rows: recomputed from its schools'. */
		if (strcmp(row->v[C_METRIC], "schools") == 0)
			county = held[nheld - 1].v[C_SCHOOL];
	}
	if (rc < 0) {
		*code = csvio_code(in);
		goto done;
	}
	for (i = 0; i < nheld; i++) {
		char *const *v = held[i].v;
		const char *s = v[C_SCHOOL];

		if (county != NULL && strcmp(s, county) == 0)
			continue;
		if (*s == '\0') {
			if (unnamed == NULL) {
				unnamed = school_of_file(name);
				diag_warn(name, held[i].line, 0, _("the report "
				    "names no school (its policy has no "
				    "school.name): called '%s' after its "
				    "file"), unnamed);
			}
			s = unnamed;
		}
		if ((part = part_of(m, s, fi, name, held[i].line)) == NULL)
			goto done;
		if (strcmp(v[C_METRIC], "period") == 0) {
			if (period_row(part, v[C_GROUP], name,
			    held[i].line) != 0)
				goto done;
		} else if (figure_row(part, v, name, held[i].line) != 0)
			goto done;
	}
	if (check_periods(m, fi, first) != 0)
		goto done;
	*code = LB_OK;
	ret = 0;
done:
	for (i = 0; i < nheld; i++)
		for (k = 0; k < C_N; k++)
			free(held[i].v[k]);
	free(held);
	free(unnamed);
	csvio_close(in);
	return ret;
}

/*
 * The groups that add up across schools: the children by left-behind
 * type, attention, grade, gender and hardship, contacts by kind, and
 * progress with a buddy or without (does pairing help, county-wide?).
 * Classes, mentors and villages are each school's own: class 3-1 of one
 * school is not class 3-1 of another.
 */
static int
additive(const struct report_row *row)
{
	static const char *const dims[] = { "left_behind=", "attention=",
		"grade=", "gender=", "hardship=", "kind=", "buddy=", NULL };
	size_t i;

	if (strcmp(row->metric, "mentor_load") == 0)
		return 0;
	if (row->group[0] == '\0')
		return 1;
	for (i = 0; dims[i] != NULL; i++)
		if (strncmp(row->group, dims[i], strlen(dims[i])) == 0)
			return 1;
	return 0;
}

/* Add v of bound b (a school's figure) to the county's *sum, *sb. */
static void
add_figure(long long *sum, unsigned char *sb, long long v, unsigned char b)
{
	/* A suppressed count is at least 1: 0 is never suppressed. */
	*sum += b == REPORT_BELOW ? 1 : v;
	if (b != REPORT_EXACT)
		*sb = REPORT_AT_LEAST;
}

static int
cmp_part(const void *x, const void *y)
{
	const struct report *a = x, *b = y;

	return i18n_namecmp(a->school, b->school);
}

/* The county's rows in order: per family as first met, groups in theirs. */
static const struct policy *order_policy;
static const struct report *order_report;
static size_t *order_family;

/* The place of group value v of dimension dim in its listing order. */
static long
value_place(const char *dim, size_t dimlen, const char *v)
{
	static const struct {
		const char *dim;
		enum domain dom;
	} doms[] = {
		{ "left_behind", DOM_LEFT_BEHIND }, { "attention", DOM_ATTENTION },
		{ "gender", DOM_GENDER }, { "hardship", DOM_HARDSHIP },
		{ NULL, DOM_NONE }
	};
	const char *const *values;
	size_t i, k;

	for (i = 0; doms[i].dim != NULL; i++)
		if (strlen(doms[i].dim) == dimlen &&
		    strncmp(doms[i].dim, dim, dimlen) == 0) {
			values = schema_domain_values(doms[i].dom);
			for (k = 0; values[k] != NULL; k++)
				if (strcmp(values[k], v) == 0)
					return (long)k;
		}
	if (dimlen == 4 && strncmp(dim, "kind", 4) == 0)
		for (k = 0; k < order_policy->ncontacts; k++)
			if (strcmp(order_policy->contacts[k].kind, v) == 0)
				return (long)k;
	return -1;
}

static int
cmp_county_row(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const struct report_row *a = &order_report->row[i];
	const struct report_row *b = &order_report->row[j];
	const char *ea = strchr(a->group, '='), *eb = strchr(b->group, '=');
	long pa, pb;

	if (order_family[i] != order_family[j])
		return order_family[i] < order_family[j] ? -1 : 1;
	if (ea == NULL || eb == NULL)
		return (i > j) - (i < j);
	ea++;
	eb++;
	/* Canonical values in their order, then others naturally, "" last. */
	pa = value_place(a->group, (size_t)(ea - 1 - a->group), ea);
	pb = value_place(b->group, (size_t)(eb - 1 - b->group), eb);
	if (pa >= 0 || pb >= 0) {
		if (pa < 0 || pb < 0)
			return pa < 0 ? 1 : -1;
		return (pa > pb) - (pa < pb);
	}
	if (*ea == '\0' || *eb == '\0')
		return (*ea == '\0') - (*eb == '\0');
	return i18n_namecmp(ea, eb);
}

/* Sort the county's rows (see cmp_county_row()). */
static void
order_county(struct report *c, const struct policy *p)
{
	struct strmap *families = strmap_new();
	struct sbuf key = SBUF_INIT;
	size_t *order = xreallocarray(NULL, c->n + 1, sizeof(*order)), i;
	const char *eq;

	order_family = xreallocarray(NULL, c->n + 1, sizeof(*order_family));
	for (i = 0; i < c->n; i++) {
		eq = strchr(c->row[i].group, '=');
		sbuf_reset(&key);
		sbuf_printf(&key, "%s\037%.*s", c->row[i].metric,
		    eq != NULL ? (int)(eq - c->row[i].group) : 0,
		    c->row[i].group);
		order_family[i] = (size_t)strmap_put(families, key.buf,
		    (long)strmap_count(families));
		order[i] = i;
	}
	order_policy = p;
	order_report = c;
	qsort(order, c->n, sizeof(*order), cmp_county_row);
	report_reorder(c, order);
	free(order_family);
	order_family = NULL;
	free(order);
	sbuf_release(&key);
	strmap_free(families);
}

void
merge_finish(struct merge *m)
{
	struct report *c = m->county;
	const struct report_row *whole;
	struct report_row *out;
	size_t i, k;

	qsort(c->part, c->npart, sizeof(*c->part), cmp_part);
	for (k = 0; k < c->npart; k++) {
		const struct report *part = &c->part[k];

		for (i = 0; i < part->n; i++) {
			const struct report_row *x = &part->row[i];

			if (!additive(x))
				continue;
			out = report_row(c, x->metric, x->group);
			add_figure(&out->count, &out->bound[0], x->count,
			    x->bound[0]);
			add_figure(&out->total, &out->bound[1], x->total,
			    x->bound[1]);
		}
		/* The county's period: the schools', or all of theirs. */
		if (part->from != DATE_NONE &&
		    (c->from == DATE_NONE || part->from < c->from))
			c->from = part->from;
		if (part->to != DATE_NONE &&
		    (c->to == DATE_NONE || part->to > c->to))
			c->to = part->to;
		if (part->as_of > c->as_of)
			c->as_of = part->as_of;
		if (k == 0) {
			free(c->period_name);
			c->period_name = xstrdup(part->period_name);
		} else if (strcmp(c->period_name, part->period_name) != 0) {
			free(c->period_name);
			c->period_name = xstrdup("");
		}
	}
	/*
	 * Every children group is of all the county's children (a school
	 * without the group has 0 of its own, which its file need not say).
	 */
	whole = report_find(c, "children", "");
	for (i = 0; whole != NULL && i < c->n; i++)
		if (strcmp(c->row[i].metric, "children") == 0) {
			c->row[i].total = whole->count;
			c->row[i].bound[1] = whole->bound[0];
		}
	order_county(c, m->p);
	report_set_targets(c, m->p);
	strmap_free(m->schools);
	for (i = 0; i < m->nfile; i++)
		free(m->file[i].name);
	free(m->file);
	free(m->part_file);
	free(m);
}
