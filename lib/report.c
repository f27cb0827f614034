/* report.c: a report's figures (metric, group, count of total), read. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "policy.h"
#include "report.h"
#include "sbuf.h"
#include "schema.h"
#include "strmap.h"
#include "text.h"
#include "xmem.h"

#define SEP "\037"

static const char *const csv_header[] = {
	"metric", "group", "count", "total", "percent", "target", "met",
	"school", "detail"
};

/*
 * Province names, short forms, to compare "安徽" with "安徽省", with
 * their lengths: two are compared per parent of every child.
 */
struct name {
	const char *s;
	size_t n;
};
#define NAME(s) { s, sizeof(s) - 1 }
static const struct name provinces[] = {
	NAME("北京"), NAME("天津"), NAME("河北"), NAME("山西"), NAME("内蒙古"),
	NAME("辽宁"), NAME("吉林"), NAME("黑龙江"), NAME("上海"), NAME("江苏"),
	NAME("浙江"), NAME("安徽"), NAME("福建"), NAME("江西"), NAME("山东"),
	NAME("河南"), NAME("湖北"), NAME("湖南"), NAME("广东"), NAME("广西"),
	NAME("海南"), NAME("重庆"), NAME("四川"), NAME("贵州"), NAME("云南"),
	NAME("西藏"), NAME("陕西"), NAME("甘肃"), NAME("青海"), NAME("宁夏"),
	NAME("新疆"), NAME("台湾"), NAME("香港"), NAME("澳门"), { NULL, 0 }
};
static const struct name province_suffixes[] = {
	NAME("维吾尔自治区"), NAME("壮族自治区"), NAME("回族自治区"),
	NAME("特别行政区"), NAME("自治区"), NAME("省"), NAME("市"), { NULL, 0 }
};

void
report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->index = strmap_new();
	r->families = strmap_new();
	r->school = xstrdup("");
	r->period_name = xstrdup("");
	r->from = r->to = r->as_of = DATE_NONE;
}

static void
list_free(struct report_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->item[i].id);
		free(l->item[i].name);
		free(l->item[i].class);
		free(l->item[i].note);
	}
	free(l->item);
	free(l->key);
}

void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->row[i].metric);
		free(r->row[i].group);
		free(r->row[i].detail);
	}
	free(r->row);
	for (i = 0; i < r->nlist; i++)
		list_free(&r->list[i]);
	free(r->list);
	strmap_free(r->index);
	strmap_free(r->families);
	free(r->school);
	free(r->period_name);
	for (i = 0; i < r->npart; i++)
		report_free(&r->part[i]);
	free(r->part);
	free(r->source);
	strmap_free(r->mentor_index);
	for (i = 0; i < r->nmentor_name; i++)
		free(r->mentor_name[i]);
	free(r->mentor_name);
	memset(r, 0, sizeof(*r));
}

const char *
report_label(const struct policy *p, const char *key)
{
	const char *l = policy_label(p, key);

	return i18n_script() == I18N_HANT ? policy_hant(l) : l;
}

char *
report_school_text(const struct policy *p)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_adds(&sb, p->school_name);
	if (*p->school_code != '\0')
		/* Not in the desk's script: the CSV is the same anywhere. */
		sbuf_printf(&sb, "%s%s%s", policy_label(p, "paren_open"),
		    p->school_code, policy_label(p, "paren_close"));
	return sbuf_detach(&sb);
}

void
report_name_mentor(struct report *r, const char *id, const char *name)
{
	long i;

	if (r->mentor_index == NULL)
		r->mentor_index = strmap_new();
	i = strmap_put(r->mentor_index, id, (long)r->nmentor_name);
	if ((size_t)i == r->nmentor_name) {
		r->mentor_name = xreallocarray(r->mentor_name,
		    r->nmentor_name + 1, sizeof(*r->mentor_name));
		r->mentor_name[r->nmentor_name++] = xstrdup(name);
	}
}

/*
 * The key of a row in r->index, "metric\037group", into buf when it fits
 * (else allocated: free it when it is not buf); with family set, that
 * of its family in r->families, the group cut after its '='.
 */
static char *
row_key(const char *metric, const char *group, int family, char *buf,
    size_t len)
{
	size_t m = strlen(metric), g = strlen(group);
	const char *eq;
	char *k;

	if (family && (eq = strchr(group, '=')) != NULL)
		g = (size_t)(eq - group) + 1;
	k = m + g + 2 <= len ? buf : xmalloc(m + g + 2);
	memcpy(k, metric, m);
	k[m] = SEP[0];
	memcpy(k + m + 1, group, g);
	k[m + 1 + g] = '\0';
	return k;
}

int
report_family(const struct report *r, const char *metric, const char *group,
    int add)
{
	char buf[128], *key = row_key(metric, group, 1, buf, sizeof(buf));
	int has = strmap_get(r->families, key) >= 0;

	if (!has && add)
		(void)strmap_put(r->families, key, 1);
	if (key != buf)
		free(key);
	return has;
}

/* Bring r->index up to date (it is not kept while rows are added). */
static void
index_rows(struct report *r)
{
	char buf[256], *key;

	for (; r->nindexed < r->n; r->nindexed++) {
		key = row_key(r->row[r->nindexed].metric,
		    r->row[r->nindexed].group, 0, buf, sizeof(buf));
		(void)strmap_put(r->index, key, (long)r->nindexed);
		if (key != buf)
			free(key);
	}
}

/* The row of metric and group in r->index, or -1. */
static long
indexed_row(struct report *r, const char *metric, const char *group)
{
	char buf[256], *key;
	long i;

	index_rows(r);
	key = row_key(metric, group, 0, buf, sizeof(buf));
	i = strmap_get(r->index, key);
	if (key != buf)
		free(key);
	return i;
}

struct report_row *
report_row_new(struct report *r, const char *metric, const char *group)
{
	XGROW(r->row, r->n + 1, r->cap);
	memset(&r->row[r->n], 0, sizeof(r->row[r->n]));
	r->row[r->n].metric = xstrdup(metric);
	r->row[r->n].group = xstrdup(group);
	r->row[r->n].target = -1;
	return &r->row[r->n++];
}

struct report_row *
report_row(struct report *r, const char *metric, const char *group)
{
	long i;

	if (report_family(r, metric, group, 1) &&
	    (i = indexed_row(r, metric, group)) >= 0)
		return &r->row[i];
	return report_row_new(r, metric, group);
}

const struct report_row *
report_find(const struct report *r, const char *metric, const char *group)
{
	long i;

	if (!report_family(r, metric, group, 0))
		return NULL;
	/* The index is a cache: r is const to the caller, not to us. */
	i = indexed_row((struct report *)r, metric, group);
	return i < 0 ? NULL : &r->row[i];
}

void
report_reorder(struct report *r, const size_t *order)
{
	struct report_row *row = xreallocarray(NULL, r->n + 1, sizeof(*row));
	size_t i;

	for (i = 0; i < r->n; i++)
		row[i] = r->row[order[i]];
	free(r->row);
	r->row = row;
	r->cap = r->n + 1;
	/* The index holds places: built again when next looked in. */
	strmap_free(r->index);
	r->index = strmap_new();
	r->nindexed = 0;
}

void
report_set_targets(struct report *r, const struct policy *p)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		r->row[i].target = policy_target(p, r->row[i].metric);
}

long long
report_hundredths(long long count, long long total)
{
	unsigned long long c, t;

	if (total <= 0 || count < 0)
		return -1;
	/*
	 * 10000 * count / total, half up: (2 * 10000 * count + total) /
	 * (2 * total).  Unsigned, so that a province's counts cannot
	 * overflow before they reach 4.6e14.
	 */
	c = (unsigned long long)count;
	t = (unsigned long long)total;
	return (long long)((20000ULL * c + t) / (2ULL * t));
}

/*
 * Numbers are written by hand, not by snprintf(), which costs ten times
 * as much: a county's report writes 200,000 of them.  digits() puts v
 * (at least min digits) just before end and returns where it starts;
 * cut() copies s[0..n) into buf as snprintf("%s") would.
 */
static char *
digits(unsigned long long v, int min, char *end)
{
	for (; v > 0 || min > 0; min--) {
		*--end = (char)('0' + v % 10);
		v /= 10;
	}
	return end;
}

static char *
cut(const char *s, size_t n, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

char *
report_percent(long long count, long long total, char *buf, size_t len)
{
	long long h = report_hundredths(count, total);
	char tmp[32], *end = tmp + sizeof(tmp), *p;

	if (h < 0)
		return cut("", 0, buf, len);
	/* "88.65": two decimals. */
	p = digits((unsigned long long)(h % 100), 2, end);
	*--p = '.';
	p = digits((unsigned long long)(h / 100), 1, p);
	return cut(p, (size_t)(end - p), buf, len);
}

long long
report_row_hundredths(const struct report_row *row)
{
	if (report_count_only(row->metric) || row->bound[0] != REPORT_EXACT ||
	    row->bound[1] != REPORT_EXACT)
		return -1;
	return report_hundredths(row->count, row->total);
}

int
report_met(const struct report_row *row)
{
	long long h;

	if (row->target < 0)
		return -1;
	if ((h = report_row_hundredths(row)) < 0)
		return -1;
	return h >= 100LL * row->target;
}

int
report_suppressed(long long v, long suppress)
{
	return suppress > 1 && v >= 1 && v < suppress;
}

char *
report_count_text(long long v, long suppress, char *buf, size_t len)
{
	char tmp[32], *end = tmp + sizeof(tmp), *p;

	if (report_suppressed(v, suppress)) {
		p = digits((unsigned long long)suppress, 1, end);
		*--p = '<';
	} else {
		p = digits(v < 0 ? 0 - (unsigned long long)v :
		    (unsigned long long)v, 1, end);
		if (v < 0)
			*--p = '-';
	}
	return cut(p, (size_t)(end - p), buf, len);
}

char *
report_figure_text(const struct report_row *row, int which, long suppress,
    int human, char *buf, size_t len)
{
	long long v = which ? row->total : row->count;
	char tmp[32], *end = tmp + sizeof(tmp), *p;

	switch (row->bound[which]) {
	case REPORT_BELOW:
		p = digits((unsigned long long)(v < 0 ? 0 : v), 1, end);
		*--p = '<';
		return cut(p, (size_t)(end - p), buf, len);
	case REPORT_AT_LEAST:
		p = digits((unsigned long long)(v < 0 ? 0 : v), 1, end);
		if (human) {
			p -= strlen("≥");
			memcpy(p, "≥", strlen("≥"));
		} else {
			*--p = '=';
			*--p = '>';
		}
		return cut(p, (size_t)(end - p), buf, len);
	default:
		return report_count_text(v, suppress, buf, len);
	}
}

int
report_row_hidden(const struct report_row *row, long suppress)
{
	if (row->bound[0] != REPORT_EXACT || row->bound[1] != REPORT_EXACT)
		return 1;
	return report_suppressed(row->count, suppress) ||
	    report_suppressed(row->total, suppress);
}

int
report_province(const char *s, char *out, size_t len)
{
	const struct name *x;
	const char *t;
	size_t n;
	int known = 0;

	t = text_trim(s, &n);
	for (x = province_suffixes; x->s != NULL; x++) {
		if (n > x->n && memcmp(t + n - x->n, x->s, x->n) == 0) {
			n -= x->n;
			break;
		}
	}
	/* "广东广州" (a work place) and "广东" name the same province. */
	for (x = provinces; x->s != NULL; x++) {
		if (n >= x->n && memcmp(t, x->s, x->n) == 0) {
			t = x->s;
			n = x->n;
			known = 1;
			break;
		}
	}
	if (n >= len)
		n = len - 1;
	memcpy(out, t, n);
	out[n] = '\0';
	return known;
}

void
report_group_text(const struct report *r, const struct policy *p,
    const char *group, int bare, char *out, size_t len)
{
	const char *eq = strchr(group, '=');
	const char *value;
	char dim[64], key[256], named[512];
	size_t n;
	long who;

	if (*group == '\0' || eq == NULL) {
		snprintf(out, len, "%s", *group == '\0' ?
		    report_label(p, "all") : group);
		return;
	}
	n = (size_t)(eq - group);
	if (n >= sizeof(dim))
		n = sizeof(dim) - 1;
	memcpy(dim, group, n);
	dim[n] = '\0';
	snprintf(key, sizeof(key), "%s", group);
	key[n] = '.';
	value = report_label(p, key);
	if (value == key && strcmp(dim, "kind") == 0 &&
	    policy_contact(p, eq + 1) != NULL)
		value = i18n_script() == I18N_HANT ?
		    policy_hant(policy_contact(p, eq + 1)->label) :
		    policy_contact(p, eq + 1)->label;
	/* A mentor by name, with the ID a list of staff is kept by. */
	if (value == key && strcmp(dim, "mentor") == 0 && r != NULL &&
	    r->mentor_index != NULL &&
	    (who = strmap_get(r->mentor_index, eq + 1)) >= 0) {
		snprintf(named, sizeof(named), "%s%s%s%s",
		    r->mentor_name[who], report_label(p, "paren_open"), eq + 1,
		    report_label(p, "paren_close"));
		value = named;
	}
	if (value == key)
		value = eq[1] == '\0' ? report_label(p, "unknown") : eq + 1;
	if (bare)
		snprintf(out, len, "%s", value);
	else
		snprintf(out, len, "%s %s", report_label(p, dim), value);
}

struct report_list *
report_list_new(struct report *r, const char *key)
{
	r->list = xreallocarray(r->list, r->nlist + 1, sizeof(*r->list));
	memset(&r->list[r->nlist], 0, sizeof(r->list[r->nlist]));
	r->list[r->nlist].key = xstrdup(key);
	return &r->list[r->nlist++];
}

void
report_list_add(struct report_list *l, const char *id, const char *name,
    const char *class, const char *note)
{
	XGROW(l->item, l->n + 1, l->cap);
	l->item[l->n].id = xstrdup(id);
	l->item[l->n].name = xstrdup(name);
	l->item[l->n].class = xstrdup(class);
	l->item[l->n].note = xstrdup(note);
	l->n++;
}

static int
cmp_item(const void *x, const void *y)
{
	const struct report_item *a = x, *b = y;
	int c;

	if ((c = i18n_namecmp(a->class, b->class)) != 0)
		return c;
	if ((c = i18n_namecmp(a->name, b->name)) != 0)
		return c;
	return strcmp(a->id, b->id);
}

void
report_list_sort(struct report_list *l)
{
	if (l != NULL && l->n > 1)
		qsort(l->item, l->n, sizeof(*l->item), cmp_item);
}

/* A row of the period or of the number of schools: no figures. */
static void
emit_meta(struct emit *e, const char *metric, const char *dim,
    const char *value, const char *count, const char *school)
{
	struct sbuf group = SBUF_INIT;
	const char *v[9];

	sbuf_printf(&group, "%s%s%s", dim, *dim != '\0' ? "=" : "", value);
	v[0] = metric;
	v[1] = group.buf;
	v[2] = v[3] = count;
	v[4] = v[5] = v[6] = v[8] = "";
	v[7] = school;
	emit_row(e, v);
	sbuf_release(&group);
}

/* "2026-11": a month's name, else a term's. */
static int
month_name(const char *s)
{
	size_t i;

	for (i = 0; i < 7; i++)
		if (i == 4 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return 0;
	return s[7] == '\0';
}

/*
 * The rows of r (not of its parts), then its period; its school on each.
 * With words (a table for people in Chinese), metrics, groups and met in
 * the policy's words.
 */
static void
emit_rows(struct emit *e, const struct report *r, long suppress,
    const struct policy *words)
{
	char count[32], total[32], pct[32], target[16], d[DATE_ISO_LEN];
	char group[512];
	const char *v[9];
	size_t i;
	int met;

	for (i = 0; i < r->n; i++) {
		const struct report_row *row = &r->row[i];
		int hidden = report_row_hidden(row, suppress);

		met = report_met(row);
		report_figure_text(row, 0, suppress, 0, count, sizeof(count));
		report_figure_text(row, 1, suppress, 0, total, sizeof(total));
		if (hidden || report_row_hundredths(row) < 0)
			pct[0] = '\0';
		else
			report_percent(row->count, row->total, pct, sizeof(pct));
		if (row->target >= 0)
			report_count_text(row->target, 0, target,
			    sizeof(target));
		else
			target[0] = '\0';
		v[0] = row->metric;
		v[1] = row->group;
		v[2] = count;
		v[3] = total;
		v[4] = pct;
		v[5] = target;
		v[6] = hidden || met < 0 ? "" : met ? "yes" : "no";
		/* A table for people: the words, as the other forms have. */
		if (words != NULL) {
			v[0] = report_label(words, row->metric);
			report_group_text(r, words, row->group, 0, group,
			    sizeof(group));
			v[1] = group;
			if (*v[6] != '\0')
				v[6] = report_label(words, met ? "met" :
				    "unmet");
		}
		v[7] = r->school;
		v[8] = row->detail != NULL ? row->detail : "";
		emit_row(e, v);
	}
	/* What the rows are of, after them: a row's place stays as it was. */
	if (*r->period_name != '\0')
		emit_meta(e, "period", month_name(r->period_name) ? "month" :
		    "term", r->period_name, "", r->school);
	if (r->from != DATE_NONE)
		emit_meta(e, "period", "from", date_format(r->from, d), "",
		    r->school);
	if (r->to != DATE_NONE)
		emit_meta(e, "period", "to", date_format(r->to, d), "",
		    r->school);
	if (r->as_of != DATE_NONE)
		emit_meta(e, "period", "as_of", date_format(r->as_of, d), "",
		    r->school);
	if (r->mixed_periods)
		emit_meta(e, "period", "mixed", "yes", "", r->school);
	if (r->part != NULL) {
		snprintf(count, sizeof(count), "%zu", r->npart);
		emit_meta(e, "schools", "", "", count, r->school);
	}
}

int
report_emit(const struct report *r, FILE *f, const struct emit_opts *o,
    long suppress, int detail)
{
	const struct policy *words = NULL;
	struct emit *e;
	size_t i;
	int code;

	if ((e = emit_new(f, o, report_csv_ncols(detail), csv_header,
	    &code)) == NULL)
		return code;
	if (emit_script(o) != I18N_NONE)
		words = o->policy;
	emit_rows(e, r, suppress, words);
	for (i = 0; i < r->npart; i++)
		emit_rows(e, &r->part[i], suppress, words);
	return emit_end(e);
}

const char *const *
report_csv_cols(void)
{
	return csv_header;
}

size_t
report_csv_ncols(int detail)
{
	return detail ? 9 : 8;
}

void
report_value_text(const struct policy *p, int col, const char *v,
    struct sbuf *out)
{
	const char *s, *end, *word;
	char key[256];
	size_t n;

	if (col < 0 || col >= RC_COUNT ||
	    schema_col_domain(FK_ROSTER, (size_t)col) == DOM_NONE) {
		sbuf_adds(out, v);
		return;
	}
	/* A list (hardship) is shown item by item. */
	for (s = v, n = 0; *s != '\0'; s = *end != '\0' ? end + 1 : end) {
		end = s + strcspn(s, SCHEMA_LIST_SEPS);
		snprintf(key, sizeof(key), "%s.%.*s",
		    schema_col_name(FK_ROSTER, (size_t)col), (int)(end - s), s);
		word = report_label(p, key);
		if (n++ > 0)
			sbuf_adds(out, report_label(p, "list_sep"));
		if (word == key)
			sbuf_add(out, s, (size_t)(end - s));
		else
			sbuf_adds(out, word);
	}
}

/* "2026-11" -> the first and last day of that month; -1 if it is none. */
static int
parse_month(const char *arg, date_t *from, date_t *to)
{
	static const char shape[] = "dddd-dd";
	int y, m;
	size_t i;

	/* Digits where the shape has them: sscanf() would take "2026-+9". */
	for (i = 0; arg[i] != '\0' && i < 7; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)arg[i]) :
		    arg[i] != shape[i])
			break;
	if (i != 7 || arg[7] != '\0' ||
	    sscanf(arg, "%4d-%2d", &y, &m) != 2 || !date_valid_ymd(y, m, 1)) {
		diag_error(NULL, 0, 0, _("--month: invalid month '%s' "
		    "(expected YYYY-MM)"), arg);
		return -1;
	}
	*from = date_from_ymd(y, m, 1);
	*to = date_from_ymd(y, m, date_days_in_month(y, m));
	return 0;
}

int
report_period(struct report *r, const struct policy *p, const char *term,
    const char *month, date_t from, date_t to, date_t as_of)
{
	const struct term *t = NULL;
	struct sbuf sb = SBUF_INIT;
	char buf[DATE_ISO_LEN], buf2[DATE_ISO_LEN];
	size_t i, given;

	given = (term != NULL) + (month != NULL) +
	    (from != DATE_NONE || to != DATE_NONE);
	if (given > 1) {
		diag_error(NULL, 0, 0, _("give only one of --term, --month and "
		    "--from/--to"));
		return -1;
	}
	if ((from == DATE_NONE) != (to == DATE_NONE)) {
		diag_error(NULL, 0, 0, _("%s needs %s too"), from == DATE_NONE ?
		    "--to" : "--from", from == DATE_NONE ? "--from" : "--to");
		return -1;
	}
	if (term != NULL) {
		if ((t = policy_term_named(p, term)) == NULL) {
			for (i = 0; i < p->nterms; i++)
				sbuf_printf(&sb, "%s%s", i ? ", " : "",
				    p->terms[i].name);
			diag_error(NULL, 0, 0, _("--term: unknown term '%s' "
			    "(expected one of the policy's terms: %s)"), term,
			    sb.len ? sb.buf : _("none"));
			sbuf_release(&sb);
			return -1;
		}
	} else if (month != NULL) {
		if (parse_month(month, &r->from, &r->to) != 0)
			return -1;
		free(r->period_name);
		r->period_name = xstrdup(month);
	} else if (from != DATE_NONE) {
		if (from > to) {
			diag_error(NULL, 0, 0, _("--from %s is after --to %s"),
			    date_format(from, buf), date_format(to, buf2));
			return -1;
		}
		r->from = from;
		r->to = to;
	} else
		t = cadence_term(p, as_of);
	/* The term at --as-of, or in a vacation the term that ended last. */
	if (t != NULL) {
		free(r->period_name);
		r->period_name = xstrdup(t->name);
		r->from = t->start;
		r->to = t->end;
	}
	/* Up to --as-of, not beyond: what comes after has not happened. */
	if (r->to != DATE_NONE && r->to > as_of)
		r->to = as_of;
	if (r->from != DATE_NONE && r->to < r->from) {
		diag_error(NULL, 0, 0, _("the period starts after --as-of %s"),
		    date_format(as_of, buf));
		return -1;
	}
	return 0;
}

int
report_count_only(const char *metric)
{
	return strcmp(metric, "overdue") == 0 ||
	    strcmp(metric, "schools") == 0;
}

void
report_period_text(const struct report *r, const struct policy *p,
    char *buf, size_t len)
{
	char a[DATE_ISO_LEN], b[DATE_ISO_LEN], key[256], words[256];
	const char *name = r->period_name, *dash;
	const char *season;

	/* A term's name in words when the policy labels it (term.NAME). */
	snprintf(key, sizeof(key), "term.%s", r->period_name);
	if (report_label(p, key) != key)
		name = report_label(p, key);
	else if ((dash = strchr(name, '-')) != NULL && dash - name == 4 &&
	    isdigit((unsigned char)name[0]) && isdigit((unsigned char)name[3])) {
		/* 2026-autumn: 2026年秋季学期. */
		snprintf(key, sizeof(key), "season.%s", dash + 1);
		season = report_label(p, key);
		if (season != key) {
			snprintf(words, sizeof(words), "%.4s%s%s", name,
			    report_label(p, "year"), season);
			name = words;
		}
	}
	if (r->from == DATE_NONE) {
		snprintf(buf, len, "%s", name);
		return;
	}
	date_format(r->from, a);
	date_format(r->to, b);
	if (r->period_name[0] != '\0')
		snprintf(buf, len, "%s%s%s %s %s%s", name,
		    report_label(p, "paren_open"), a, report_label(p, "to"), b,
		    report_label(p, "paren_close"));
	else
		snprintf(buf, len, "%s %s %s", a, report_label(p, "to"), b);
}
