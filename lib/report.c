/* report.c: the figures of lb-report, computed from integers, and merging reports. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "card.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "policy.h"
#include "report.h"
#include "roster.h"
#include "schedule.h"
#include "sbuf.h"
#include "schema.h"
#include "strmap.h"
#include "table.h"
#include "text.h"
#include "where.h"
#include "xmem.h"

#define SEP "\037"

static const char *const csv_header[] = {
	"metric", "group", "count", "total", "percent", "target", "met",
	"detail"
};

/* Rate metrics over the active children, in output order. */
static const char *const rate_metrics[] = {
	"archive_rate", "pairing_rate", "buddy_rate", "retention_rate",
	"vaccination_rate", "guardian_training_rate",
	"parents_out_of_province", "raised_by_grandparents",
	"guardian_primary_or_less", "parent_visits_le_2", NULL
};
enum {
	M_ARCHIVE, M_PAIRING, M_BUDDY, M_RETENTION, M_VACCINATION,
	M_TRAINING, M_OUT_OF_PROVINCE, M_GRANDPARENTS, M_PRIMARY,
	M_VISITS, M_NRATES
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
	memset(r, 0, sizeof(*r));
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

/* Whether the family of metric and group has rows; with add, it has now. */
static int
family_has(const struct report *r, const char *metric, const char *group,
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

/* Append a row known to be new. */
static struct report_row *
add_row(struct report *r, const char *metric, const char *group)
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

	if (family_has(r, metric, group, 1) &&
	    (i = indexed_row(r, metric, group)) >= 0)
		return &r->row[i];
	return add_row(r, metric, group);
}

const struct report_row *
report_find(const struct report *r, const char *metric, const char *group)
{
	long i;

	if (!family_has(r, metric, group, 0))
		return NULL;
	/* The index is a cache: r is const to the caller, not to us. */
	i = indexed_row((struct report *)r, metric, group);
	return i < 0 ? NULL : &r->row[i];
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

int
report_met(const struct report_row *row)
{
	long long h;

	if (row->target < 0)
		return -1;
	if ((h = report_hundredths(row->count, row->total)) < 0)
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

int
report_row_hidden(const struct report_row *row, long suppress)
{
	return report_suppressed(row->count, suppress) ||
	    report_suppressed(row->total, suppress);
}

/* report_province(); returns 1 when s starts with a province's name. */
static int
province_of(const char *s, char *out, size_t len)
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
report_province(const char *s, char *out, size_t len)
{
	(void)province_of(s, out, len);
}

void
report_group_text(const struct policy *p, const char *group, int bare,
    char *out, size_t len)
{
	const char *eq = strchr(group, '=');
	const char *value;
	char dim[64], key[256];
	size_t n;

	if (*group == '\0' || eq == NULL) {
		snprintf(out, len, "%s", *group == '\0' ?
		    policy_label(p, "all") : group);
		return;
	}
	n = (size_t)(eq - group);
	if (n >= sizeof(dim))
		n = sizeof(dim) - 1;
	memcpy(dim, group, n);
	dim[n] = '\0';
	snprintf(key, sizeof(key), "%s", group);
	key[n] = '.';
	value = policy_label(p, key);
	if (value == key && strcmp(dim, "kind") == 0 &&
	    policy_contact(p, eq + 1) != NULL)
		value = policy_contact(p, eq + 1)->label;
	if (value == key)
		value = eq[1] == '\0' ? policy_label(p, "unknown") : eq + 1;
	if (bare)
		snprintf(out, len, "%s", value);
	else
		snprintf(out, len, "%s %s", policy_label(p, dim), value);
}

/*
 * Computing.  Group values are numbered once (struct keys): a child's
 * class is looked up once, and its number serves every tally keyed by
 * class (the breakdown, ten rates, compliance) instead of the string
 * being hashed again for each; a county has 50,000 children and some
 * forty tallies.
 */
struct keys {
	char **value;		/* by number */
	size_t n, cap;
	struct strmap *index;	/* value -> number */
	size_t *rank;		/* by number: place in the listing order */
	size_t nrank;		/* values ranked (n when up to date) */
};

static void
keys_init(struct keys *k)
{
	memset(k, 0, sizeof(*k));
	k->index = strmap_new();
}

static void
keys_free(struct keys *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->value[i]);
	free(k->value);
	free(k->rank);
	strmap_free(k->index);
}

/* The number of value, added when new. */
static size_t
keys_put(struct keys *k, const char *value)
{
	long i = strmap_put(k->index, value, (long)k->n);

	if ((size_t)i < k->n)
		return (size_t)i;
	XGROW(k->value, k->n + 1, k->cap);
	k->value[k->n] = xstrdup(value);
	return k->n++;
}

/* Number every value of the NULL-terminated list v. */
static void
keys_put_all(struct keys *k, const char *const *v)
{
	for (; *v != NULL; v++)
		(void)keys_put(k, *v);
}

/*
 * A tally counts, per group of one dimension (a key number), count out
 * of total, and with --detail the IDs behind each group.  Groups are
 * kept in the order first counted.  A tally of the whole has no keys:
 * its one group is key 0.
 */
struct group {
	size_t key;
	long long count, total;
	struct sbuf ids;
};

struct tally {
	struct keys *keys;	/* the group values; NULL for the whole */
	struct group *g;
	size_t n, cap;
	size_t *pos;		/* by key number: 1 + index in g, 0 when absent */
	size_t npos;
};

static void
tally_init(struct tally *t, struct keys *keys)
{
	memset(t, 0, sizeof(*t));
	t->keys = keys;
}

static void
tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		sbuf_release(&t->g[i].ids);
	free(t->g);
	free(t->pos);
}

/* The index in t->g of the group of key, added (0 of 0) when absent. */
static size_t
tally_group(struct tally *t, size_t key)
{
	size_t n;

	if (key >= t->npos) {
		n = t->npos * 2 > key + 1 ? t->npos * 2 : key + 1;
		if (t->keys != NULL && t->keys->n > n)
			n = t->keys->n;
		t->pos = xreallocarray(t->pos, n, sizeof(*t->pos));
		memset(t->pos + t->npos, 0, (n - t->npos) * sizeof(*t->pos));
		t->npos = n;
	}
	if (t->pos[key] == 0) {
		XGROW(t->g, t->n + 1, t->cap);
		t->g[t->n].key = key;
		t->g[t->n].count = t->g[t->n].total = 0;
		sbuf_init(&t->g[t->n].ids);
		t->pos[key] = ++t->n;
	}
	return t->pos[key] - 1;
}

/*
 * Count total children (or contacts) in the group of key, count of them
 * hit; id, when not NULL, joins the group's IDs.
 */
static void
tally_add(struct tally *t, size_t key, long long total, long long count,
    const char *id)
{
	size_t i = tally_group(t, key);	/* before t->g: it may move */
	struct group *g = &t->g[i];

	g->total += total;
	g->count += count;
	if (id != NULL) {
		if (g->ids.len > 0)
			sbuf_addc(&g->ids, ';');
		sbuf_adds(&g->ids, id);
	}
}

/* The listing order of group values (cmp_value), ranked once per keys. */
static char *const *sort_value;

static int
cmp_value(const void *x, const void *y)
{
	const char *a = sort_value[*(const size_t *)x];
	const char *b = sort_value[*(const size_t *)y];

	/* The empty ("not filled in") group goes last; the others in
	 * natural order, names (villages) in the locale's (pinyin). */
	if (*a == '\0' || *b == '\0')
		return (*a == '\0') - (*b == '\0');
	return i18n_namecmp(a, b);
}

/*
 * Rank every value of k in the listing order: sorted once, not once per
 * tally keyed by k (a county's 4,000 classes are listed by 14 tallies).
 */
static const size_t *
keys_ranks(struct keys *k)
{
	size_t *by, i;

	if (k->nrank == k->n && k->rank != NULL)
		return k->rank;
	by = xreallocarray(NULL, k->n + 1, sizeof(*by));
	for (i = 0; i < k->n; i++)
		by[i] = i;
	sort_value = k->value;
	qsort(by, k->n, sizeof(*by), cmp_value);
	k->rank = xreallocarray(k->rank, k->n + 1, sizeof(*k->rank));
	for (i = 0; i < k->n; i++)
		k->rank[by[i]] = i;
	k->nrank = k->n;
	free(by);
	return k->rank;
}

static const struct tally *sort_tally;
static const size_t *sort_rank;

static int
cmp_group(const void *x, const void *y)
{
	size_t a = sort_rank[sort_tally->g[*(const size_t *)x].key];
	size_t b = sort_rank[sort_tally->g[*(const size_t *)y].key];

	return (a > b) - (a < b);
}

/*
 * Emit the tally's groups as rows of metric: for a domain, every
 * canonical value first in the domain's order (also when 0, so that
 * merged reports line up), then any other values in natural order, the
 * empty one last.  whole_total >= 0 is every group's total (children
 * and mentor_load); else each group's own.
 */
#define IN_ORDER DOM_COUNT	/* tally_emit(): keep the order groups came in */

static void
tally_emit(struct report *r, const char *metric, const char *dim,
    struct tally *t, enum domain dom, long long whole_total, int detail)
{
	const char *const *order = NULL;
	struct report_row *row;
	struct sbuf group = SBUF_INIT;
	size_t *gs, i, m = 0, n;
	int fresh;

	if (dom != DOM_NONE && dom != IN_ORDER)
		order = schema_domain_values(dom);
	for (m = 0; order != NULL && order[m] != NULL; m++)
		;
	gs = xreallocarray(NULL, t->n + m + 1, sizeof(*gs));
	for (i = 0; i < m; i++)
		gs[i] = tally_group(t, keys_put(t->keys, order[i]));
	n = m;
	for (i = 0; i < t->n; i++)
		if (order == NULL ||
		    !schema_domain_has(dom, t->keys->value[t->g[i].key]))
			gs[n++] = i;
	if (dom != IN_ORDER && n - m > 1) {
		sort_tally = t;
		sort_rank = keys_ranks(t->keys);
		qsort(gs + m, n - m, sizeof(*gs), cmp_group);
	}
	/* Rows of a new family are new: no need to look each up. */
	sbuf_adds(&group, dim);
	sbuf_addc(&group, '=');
	fresh = !family_has(r, metric, group.buf, 1);
	for (i = 0; i < n; i++) {
		const struct group *g = &t->g[gs[i]];

		sbuf_reset(&group);
		sbuf_adds(&group, dim);
		sbuf_addc(&group, '=');
		sbuf_adds(&group, t->keys->value[g->key]);
		row = fresh ? add_row(r, metric, group.buf) :
		    report_row(r, metric, group.buf);
		row->count += g->count;
		row->total += whole_total >= 0 ? whole_total : g->total;
		if (detail) {
			free(row->detail);
			row->detail = xstrdup(g->ids.buf);
		}
	}
	free(gs);
	sbuf_release(&group);
}

/* The whole's row of metric from the tally of the whole (no keys). */
static void
whole_emit(struct report *r, const char *metric, const struct tally *whole,
    int detail)
{
	struct report_row *row = report_row(r, metric, "");

	if (whole->n > 0) {
		row->count += whole->g[0].count;
		row->total += whole->g[0].total;
	}
	if (detail) {
		free(row->detail);
		row->detail = xstrdup(whole->n > 0 ? whole->g[0].ids.buf : "");
	}
}

static struct report_list *
add_list(struct report *r, const char *key)
{
	r->list = xreallocarray(r->list, r->nlist + 1, sizeof(*r->list));
	memset(&r->list[r->nlist], 0, sizeof(r->list[r->nlist]));
	r->list[r->nlist].key = xstrdup(key);
	return &r->list[r->nlist++];
}

static void
list_add(struct report_list *l, const char *id, const char *name,
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

/*
 * A name list in the order a teacher reads it: by class, then by name
 * in the locale's collation (pinyin under zh_CN.UTF-8), then by ID.
 */
static void
list_sort(struct report_list *l)
{
	if (l != NULL && l->n > 1)
		qsort(l->item, l->n, sizeof(*l->item), cmp_item);
}

/* The canonical value of v in domain d, else v trimmed (copied into buf). */
static const char *
canon(const struct policy *p, enum domain d, const char *v, char *buf,
    size_t len)
{
	const char *c, *t;
	size_t n;
	int err = 0;

	t = text_trim(v, &n);
	if (n == 0)
		return "";
	if ((c = policy_value(p, d, v, &err)) != NULL)
		return c;
	if (n >= len)
		n = len - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

static int
is_grandparent(const char *rel)
{
	return strcmp(rel, "grandfather") == 0 ||
	    strcmp(rel, "grandmother") == 0 ||
	    strcmp(rel, "maternal_grandfather") == 0 ||
	    strcmp(rel, "maternal_grandmother") == 0;
}

/*
 * A parent's province: the province column, else the work place when it
 * starts with a province's name ("广东广州某服装厂"); "" when unknown.
 */
static void
parent_province(const char *province, const char *place, char *out,
    size_t len)
{
	if (!text_blank(province))
		report_province(province, out, len);
	else if (!province_of(place, out, len))
		out[0] = '\0';
}

/* A whole number 0..999 (parent_visits_per_year), or -1. */
static long
small_number(const char *s)
{
	const char *t;
	size_t n, i;
	long v = 0;

	t = text_trim(s, &n);
	if (n == 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)t[i]))
			return -1;
		v = v * 10 + (t[i] - '0');
	}
	return v;
}

/* Copy v trimmed into buf (len bytes, cut to fit). */
static const char *
trimmed(const char *v, char *buf, size_t len)
{
	size_t n;
	const char *t = text_trim(v, &n);

	if (n >= len)
		n = len - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

/* The breakdowns of children, and the groupings of every rate. */
enum { D_LEFT_BEHIND, D_ATTENTION, D_GENDER, D_GRADE, D_CLASS, D_VILLAGE,
	D_N };
static const char *const dims[D_N] = {
	"left_behind", "attention", "gender", "grade", "class", "village"
};
static const enum domain dim_domain[D_N] = {
	DOM_LEFT_BEHIND, DOM_ATTENTION, DOM_GENDER, DOM_NONE, DOM_NONE,
	DOM_NONE
};

struct compute {
	/* Group values: grades, classes, mentors, and the rest. */
	struct keys grades, classes, mentors, values;
	struct tally dim[D_N], hardship, load;
	struct tally rate[M_NRATES][3];		/* whole, by grade, by class */
	struct report_list *incomplete, *no_mentor, *no_buddy;
	long long nactive;
	int detail;		/* keep the IDs behind the figures */
};

/* Count one child in rate k: in its total, and its count when hit. */
static void
rate_add(struct compute *cp, int k, int hit, const char *id, size_t grade,
    size_t class)
{
	/* For a rate the IDs are those missing it. */
	if (hit || !cp->detail)
		id = NULL;
	tally_add(&cp->rate[k][0], 0, 1, hit, id);
	tally_add(&cp->rate[k][1], grade, 1, hit, id);
	tally_add(&cp->rate[k][2], class, 1, hit, id);
}

/* The labels of the card fields empty in v, joined by list_sep. */
static void
missing_labels(const struct policy *p, const char *const *v,
    struct sbuf *out)
{
	size_t i;

	for (i = 0; i < p->ncard_fields; i++) {
		if (*v[p->card_fields[i]] != '\0')
			continue;
		if (out->len > 0)
			sbuf_adds(out, policy_label(p, "list_sep"));
		sbuf_adds(out, policy_label(p, schema_col_name(FK_ROSTER,
		    p->card_fields[i])));
	}
}

/*
 * One active child: every breakdown and rate.  grade and class are its
 * trimmed values (for the name lists), gkey and ckey their numbers.
 */
static void
count_child(struct compute *cp, const struct policy *p, const char **v,
    const char *school_prov, size_t gkey, const char *class, size_t ckey)
{
	char lb[64], att[64], gender[64], rel[64], edu[64], vac[64],
	    trained[64], village[256], prov[128], item[128], cb[128];
	const char *id = cp->detail ? v[RC_STUDENT_ID] : NULL, *s, *e;
	const char *left_behind;
	struct sbuf missing = SBUF_INIT;
	int hit[M_NRATES], in[M_NRATES], k;
	size_t key[D_N];
	long visits;
	size_t n;

	cp->nactive++;
	left_behind = canon(p, DOM_LEFT_BEHIND, v[RC_LEFT_BEHIND], lb,
	    sizeof(lb));
	key[D_LEFT_BEHIND] = keys_put(&cp->values, left_behind);
	key[D_ATTENTION] = keys_put(&cp->values, canon(p, DOM_ATTENTION,
	    v[RC_ATTENTION], att, sizeof(att)));
	key[D_GENDER] = keys_put(&cp->values, canon(p, DOM_GENDER,
	    v[RC_GENDER], gender, sizeof(gender)));
	key[D_GRADE] = gkey;
	key[D_CLASS] = ckey;
	key[D_VILLAGE] = keys_put(&cp->values, trimmed(v[RC_VILLAGE], village,
	    sizeof(village)));
	for (k = 0; k < D_N; k++)
		tally_add(&cp->dim[k], key[k], 1, 1, id);
	/* A child with two hardships counts in both groups. */
	for (s = v[RC_HARDSHIP]; *s != '\0'; s = e == NULL ? s + n : e + 1) {
		e = strchr(s, ';');
		n = e == NULL ? strlen(s) : (size_t)(e - s);
		snprintf(item, sizeof(item), "%.*s", (int)n, s);
		if (!text_blank(item))
			tally_add(&cp->hardship, keys_put(&cp->values,
			    canon(p, DOM_HARDSHIP, item, cb, sizeof(cb))), 1, 1,
			    id);
	}

	for (k = 0; k < M_NRATES; k++)
		in[k] = 1, hit[k] = 0;
	hit[M_ARCHIVE] = card_missing(p, (char *const *)v, &missing) == 0;
	hit[M_PAIRING] = !text_blank(v[RC_MENTOR_ID]);
	hit[M_BUDDY] = !text_blank(v[RC_BUDDY_ID]);
	hit[M_RETENTION] = 1;
	hit[M_VACCINATION] = strcmp(canon(p, DOM_VACCINATION,
	    v[RC_VACCINATION], vac, sizeof(vac)), "complete") == 0;
	hit[M_TRAINING] = strcmp(canon(p, DOM_YESNO, v[RC_GUARDIAN_TRAINED],
	    trained, sizeof(trained)), "yes") == 0;
	in[M_OUT_OF_PROVINCE] = *school_prov != '\0' &&
	    (strcmp(left_behind, "both") == 0 ||
	    strcmp(left_behind, "one") == 0);
	if (in[M_OUT_OF_PROVINCE]) {
		parent_province(v[RC_FATHER_WORK_PROVINCE],
		    v[RC_FATHER_WORK_PLACE], prov, sizeof(prov));
		hit[M_OUT_OF_PROVINCE] = *prov != '\0' &&
		    strcmp(prov, school_prov) != 0;
		parent_province(v[RC_MOTHER_WORK_PROVINCE],
		    v[RC_MOTHER_WORK_PLACE], prov, sizeof(prov));
		hit[M_OUT_OF_PROVINCE] |= *prov != '\0' &&
		    strcmp(prov, school_prov) != 0;
	}
	hit[M_GRANDPARENTS] = is_grandparent(canon(p, DOM_RELATION,
	    v[RC_GUARDIAN_RELATION], rel, sizeof(rel)));
	s = canon(p, DOM_EDUCATION, v[RC_GUARDIAN_EDUCATION], edu, sizeof(edu));
	in[M_PRIMARY] = schema_domain_has(DOM_EDUCATION, s);
	hit[M_PRIMARY] = strcmp(s, "none") == 0 || strcmp(s, "primary") == 0;
	visits = small_number(v[RC_PARENT_VISITS_PER_YEAR]);
	in[M_VISITS] = visits >= 0;
	hit[M_VISITS] = visits >= 0 && visits <= 2;
	for (k = 0; k < M_NRATES; k++)
		if (in[k])
			rate_add(cp, k, hit[k], v[RC_STUDENT_ID], gkey, ckey);

	if (hit[M_PAIRING])
		tally_add(&cp->load, keys_put(&cp->mentors,
		    trimmed(v[RC_MENTOR_ID], item, sizeof(item))), 1, 1, id);
	if (cp->incomplete != NULL) {
		if (!hit[M_ARCHIVE]) {
			/* The note names the missing fields in words. */
			sbuf_reset(&missing);
			missing_labels(p, v, &missing);
			list_add(cp->incomplete, v[RC_STUDENT_ID], v[RC_NAME],
			    class, missing.buf);
		}
		if (!hit[M_PAIRING])
			list_add(cp->no_mentor, v[RC_STUDENT_ID], v[RC_NAME],
			    class, "");
		if (!hit[M_BUDDY])
			list_add(cp->no_buddy, v[RC_STUDENT_ID], v[RC_NAME],
			    class, "");
	}
	sbuf_release(&missing);
}

void
report_compute(struct report *r, const struct policy *p,
    const struct table *roster, const struct report_opts *o)
{
	static const char *const by[] = { "grade", "class" };
	struct compute cp;
	struct report_row *row;
	struct child ch;
	struct sbuf ids = SBUF_INIT;
	const char *v[RC_COUNT];
	char school_prov[128];
	size_t i, j, gkey, ckey;
	int k;

	memset(&cp, 0, sizeof(cp));
	cp.detail = o->detail;
	keys_init(&cp.grades);
	keys_init(&cp.classes);
	keys_init(&cp.mentors);
	keys_init(&cp.values);
	for (k = 0; k < D_N; k++)
		tally_init(&cp.dim[k], k == D_GRADE ? &cp.grades :
		    k == D_CLASS ? &cp.classes : &cp.values);
	tally_init(&cp.hardship, &cp.values);
	tally_init(&cp.load, &cp.mentors);
	/*
	 * The canonical values, listed also when 0, numbered before any
	 * count, so that the values are ranked once (keys_ranks()).
	 */
	for (k = 0; k < D_N; k++)
		if (dim_domain[k] != DOM_NONE)
			keys_put_all(&cp.values,
			    schema_domain_values(dim_domain[k]));
	keys_put_all(&cp.values, schema_domain_values(DOM_HARDSHIP));
	for (k = 0; k < M_NRATES; k++) {
		tally_init(&cp.rate[k][0], NULL);
		tally_init(&cp.rate[k][1], &cp.grades);
		tally_init(&cp.rate[k][2], &cp.classes);
	}
	report_province(p->school_province, school_prov, sizeof(school_prov));
	if (o->detail) {
		/* add_list() moves the lists: take pointers after. */
		(void)add_list(r, "incomplete_card");
		(void)add_list(r, "no_mentor");
		(void)add_list(r, "no_buddy");
		cp.incomplete = &r->list[r->nlist - 3];
		cp.no_mentor = &r->list[r->nlist - 2];
		cp.no_buddy = &r->list[r->nlist - 1];
	}

	child_init(&ch);
	for (i = 0; i < roster->nrows; i++) {
		if (o->keep != NULL && !o->keep[i])
			continue;
		roster_row_values(roster, i, v);
		roster_child(&ch, p, v, o->day, roster->name, roster->lines[i]);
		gkey = keys_put(&cp.grades, ch.grade);
		ckey = keys_put(&cp.classes, ch.class);
		/* 巩固率: transferred and graduated children are no losses. */
		if (ch.status == CHILD_DROPPED)
			rate_add(&cp, M_RETENTION, 0, ch.id, gkey, ckey);
		else if (child_active(&ch, o->day))
			count_child(&cp, p, v, school_prov, gkey, ch.class,
			    ckey);
	}
	child_release(&ch);

	row = report_row(r, "children", "");
	row->count += cp.nactive;
	row->total += cp.nactive;
	if (o->detail) {
		for (j = 0; j < cp.dim[D_CLASS].n; j++) {
			const struct sbuf *c = &cp.dim[D_CLASS].g[j].ids;

			if (ids.len > 0 && c->len > 0)
				sbuf_addc(&ids, ';');
			sbuf_adds(&ids, c->buf);
		}
		free(row->detail);
		row->detail = sbuf_detach(&ids);
	}
	for (k = 0; k < D_N; k++)
		tally_emit(r, "children", dims[k], &cp.dim[k], dim_domain[k],
		    cp.nactive, o->detail);
	tally_emit(r, "children", "hardship", &cp.hardship, DOM_HARDSHIP,
	    cp.nactive, o->detail);
	for (k = 0; k < M_NRATES; k++) {
		const struct tally *whole = &cp.rate[k][0];

		/* Without the school's province there is nothing to compare. */
		if (k == M_OUT_OF_PROVINCE && *school_prov == '\0') {
			diag_warn(NULL, 0, 0, _("metric "
			    "'parents_out_of_province' left out (the policy "
			    "names no school.province)"));
			continue;
		}
		whole_emit(r, rate_metrics[k], whole, o->detail);
		for (j = 0; j < 2; j++)
			tally_emit(r, rate_metrics[k], by[j], &cp.rate[k][j + 1],
			    DOM_NONE, -1, o->detail);
	}
	tally_emit(r, "mentor_load", "mentor", &cp.load, DOM_NONE,
	    p->pairing.max_mentees, o->detail);
	list_sort(cp.incomplete);
	list_sort(cp.no_mentor);
	list_sort(cp.no_buddy);
	report_set_targets(r, p);
	for (k = 0; k < D_N; k++)
		tally_free(&cp.dim[k]);
	tally_free(&cp.hardship);
	tally_free(&cp.load);
	for (k = 0; k < M_NRATES; k++)
		for (j = 0; j < 3; j++)
			tally_free(&cp.rate[k][j]);
	keys_free(&cp.grades);
	keys_free(&cp.classes);
	keys_free(&cp.mentors);
	keys_free(&cp.values);
	sbuf_release(&ids);
}

/* Contacts: compliance over the period, and what is overdue at its end. */

/* Whether a contact kind has any schedule (else nothing is ever due). */
static int
scheduled(const struct contact *ct)
{
	return ct->every.n > 0 || ct->checkpoints != 0 || ct->per_term > 0 ||
	    ct->on_birthday;
}

/* Per child followed: its roster row and the numbers of its groups. */
struct followed {
	size_t row;
	size_t class, mentor;	/* mentor SIZE_MAX for none */
};

/*
 * Rows "compliance" for the whole, by kind, by class and by mentor: per
 * child and kind, the contacts due and those on time.  The IDs (with
 * --detail) are those with a contact missed, each once per figure: in a
 * kind's at its first kind missed, in the others' at the child's first.
 */
static void
compliance_rows(struct report *r, const struct policy *p,
    const struct schedule *s, const struct table *roster,
    const struct followed *fw, struct keys *classes, struct keys *mentors,
    int detail)
{
	struct keys kinds;
	struct tally whole, kind, class, mentor;
	struct report_list *overdue = NULL;
	struct sbuf note = SBUF_INIT;
	const char *id = NULL, *sep = policy_label(p, "list_sep");
	size_t i, k, *kkey = xcalloc(p->ncontacts + 1, sizeof(*kkey));
	long due, on_time, cdue, con;
	struct child ch;

	keys_init(&kinds);
	tally_init(&whole, NULL);
	tally_init(&kind, &kinds);
	tally_init(&class, classes);
	tally_init(&mentor, mentors);
	child_init(&ch);
	if (detail)
		overdue = add_list(r, "missed_contacts");
	for (k = 0; k < p->ncontacts; k++) {
		kkey[k] = keys_put(&kinds, p->contacts[k].kind);
		if (scheduled(&p->contacts[k]))
			(void)tally_group(&kind, kkey[k]);
	}
	for (i = 0; i < s->n; i++) {
		const char *v[RC_COUNT];

		cdue = con = 0;
		if (overdue != NULL) {
			roster_row_values(roster, fw[i].row, v);
			roster_child(&ch, p, v, DATE_NONE, NULL, 0);
			id = ch.id;
			sbuf_reset(&note);
		}
		for (k = 0; k < p->ncontacts; k++) {
			const char *kid, *wid;

			if (!scheduled(&p->contacts[k]))
				continue;
			due = on_time = 0;
			cadence_compliance(s->cad, i, (int)k, &due, &on_time);
			if (due == 0)
				continue;
			kid = on_time < due ? id : NULL;
			wid = con == cdue ? kid : NULL;
			tally_add(&whole, 0, due, on_time, wid);
			tally_add(&kind, kkey[k], due, on_time, kid);
			tally_add(&class, fw[i].class, due, on_time, wid);
			if (fw[i].mentor != SIZE_MAX)
				tally_add(&mentor, fw[i].mentor, due, on_time,
				    wid);
			if (overdue != NULL && on_time < due)
				sbuf_printf(&note, "%s%s %ld/%ld",
				    note.len > 0 ? sep : "",
				    p->contacts[k].label, on_time, due);
			cdue += due;
			con += on_time;
		}
		if (overdue != NULL && con < cdue)
			list_add(overdue, id, ch.name, ch.class, note.buf);
	}
	/* The same ID once per figure even when it missed several. */
	whole_emit(r, "compliance", &whole, detail);
	tally_emit(r, "compliance", "kind", &kind, IN_ORDER, -1, detail);
	tally_emit(r, "compliance", "class", &class, DOM_NONE, -1, detail);
	tally_emit(r, "compliance", "mentor", &mentor, DOM_NONE, -1, detail);
	list_sort(overdue);
	tally_free(&whole);
	tally_free(&kind);
	tally_free(&class);
	tally_free(&mentor);
	keys_free(&kinds);
	sbuf_release(&note);
	child_release(&ch);
	free(kkey);
}

/*
 * Rows "overdue" for the whole, by kind, by mentor and by class: the
 * items lb-due lists with status overdue as of the engine's day (the
 * same engine, fed the same way).  count and total are both the number
 * of items; with detail, the IDs of the children they are for.
 */
static void
overdue_rows(struct report *r, const struct policy *p,
    const struct schedule *s, const struct table *roster,
    const struct followed *fw, struct keys *classes, struct keys *mentors,
    int detail)
{
	struct cadence_item *items = NULL;
	struct keys kinds;
	struct tally whole, kind, class, mentor;
	const char *id = NULL;
	size_t i, k, n, cap = 0;
	const struct followed *f;

	keys_init(&kinds);
	tally_init(&whole, NULL);
	tally_init(&kind, &kinds);
	tally_init(&class, classes);
	tally_init(&mentor, mentors);
	/* Every kind lb-due can list, also when none is overdue. */
	for (k = 0; k < p->ncontacts; k++)
		if (scheduled(&p->contacts[k]))
			(void)tally_group(&kind, keys_put(&kinds,
			    p->contacts[k].kind));
	n = schedule_due(s, 0, &items, &cap);
	for (i = 0; i < n; i++) {
		if (items[i].days_late <= 0)
			continue;
		f = &fw[items[i].child];
		if (detail)
			id = table_get(roster, f->row, RC_STUDENT_ID);
		tally_add(&whole, 0, 1, 1, id);
		tally_add(&kind, keys_put(&kinds,
		    p->contacts[items[i].kind].kind), 1, 1, id);
		tally_add(&class, f->class, 1, 1, id);
		if (f->mentor != SIZE_MAX)
			tally_add(&mentor, f->mentor, 1, 1, id);
	}
	whole_emit(r, "overdue", &whole, detail);
	tally_emit(r, "overdue", "kind", &kind, IN_ORDER, -1, detail);
	tally_emit(r, "overdue", "mentor", &mentor, DOM_NONE, -1, detail);
	tally_emit(r, "overdue", "class", &class, DOM_NONE, -1, detail);
	free(items);
	tally_free(&whole);
	tally_free(&kind);
	tally_free(&class);
	tally_free(&mentor);
	keys_free(&kinds);
}

int
report_contacts(struct report *r, const struct policy *p,
    const struct table *roster, const struct report_opts *o,
    const char *log_path, const struct csvio_opts *copts, date_t from,
    int *code)
{
	struct schedule s;
	struct followed *fw;
	struct keys classes, mentors;
	struct child ch;
	const char *v[RC_COUNT];
	size_t i;
	long n;

	schedule_init(&s, p);
	keys_init(&classes);
	keys_init(&mentors);
	child_init(&ch);
	fw = xcalloc(roster->nrows + 1, sizeof(*fw));
	for (i = 0; i < roster->nrows; i++) {
		roster_row_values(roster, i, v);
		/* report_compute() warned about the rows already. */
		roster_child(&ch, p, v, o->day, NULL, 0);
		if (*ch.id == '\0')
			continue;
		n = schedule_add(&s, &ch, child_active(&ch, o->day) &&
		    (o->keep == NULL || o->keep[i]), roster->name,
		    roster->lines[i]);
		if (n < 0)
			continue;
		fw[n].row = i;
		fw[n].class = keys_put(&classes, ch.class);
		fw[n].mentor = *ch.mentor != '\0' ?
		    keys_put(&mentors, ch.mentor) : SIZE_MAX;
	}
	child_release(&ch);
	schedule_start(&s, o->day, from);
	if ((*code = schedule_read_log(&s, log_path, copts)) == LB_OK) {
		compliance_rows(r, p, &s, roster, fw, &classes, &mentors,
		    o->detail);
		overdue_rows(r, p, &s, roster, fw, &classes, &mentors,
		    o->detail);
		r->has_compliance = 1;
		report_set_targets(r, p);
	}
	schedule_release(&s);
	keys_free(&classes);
	keys_free(&mentors);
	free(fw);
	return *code == LB_OK ? 0 : -1;
}

/* Merging. */

/* A whole number of at most 15 digits, or -1. */
static long long
whole_number(const char *s)
{
	long long v = 0;
	size_t i;

	if (*s == '\0' || strlen(s) > 15)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
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

int
report_merge_file(struct report *r, const char *path,
    const struct csvio_opts *opts, int *code)
{
	struct csvio_reader *in;
	const struct csvio_row *h, *row;
	struct report_row *out;
	const char *name;
	long long count, total;
	size_t i;
	int rc, k;

	if ((in = csvio_open(path, opts, code)) == NULL)
		return -1;
	name = csvio_name(in);
	h = csvio_header(in);
	for (i = 0; i < 7 && i < h->n; i++)
		if (strcmp(h->v[i], csv_header[i]) != 0)
			break;
	if (i < 7 || h->n > 8 || (h->n == 8 && strcmp(h->v[7], "detail") != 0)) {
		diag_error(name, h->line, 0, _("not a report of lb-report "
		    "(expected the header 'metric,group,count,total,percent,"
		    "target,met')"));
		goto bad;
	}
	while ((rc = csvio_next(in, &row)) == 1) {
		if (!metric_word(row->v[0])) {
			diag_error(name, row->line, 1, _("bad metric name '%s' "
			    "(expected a word of a-z, 0-9 and _)"), row->v[0]);
			goto bad;
		}
		for (k = 2; k <= 3; k++) {
			if (row->v[k][0] == '<') {
				diag_error(name, row->line, k + 1,
				    _("suppressed %s '%s' cannot be summed "
				    "(merge the reports made without "
				    "--suppress)"), csv_header[k], row->v[k]);
				goto bad;
			}
			if (whole_number(row->v[k]) < 0) {
				diag_error(name, row->line, k + 1,
				    _("bad %s '%s' (expected a whole number)"),
				    csv_header[k], row->v[k]);
				goto bad;
			}
		}
		count = whole_number(row->v[2]);
		total = whole_number(row->v[3]);
		if (count > total && strcmp(row->v[0], "mentor_load") != 0) {
			diag_error(name, row->line, 3, _("count %lld is above "
			    "its total %lld"), count, total);
			goto bad;
		}
		out = report_row(r, row->v[0], row->v[1]);
		out->count += count;
		if (strcmp(out->metric, "mentor_load") != 0)
			out->total += total;
		else if (total > out->total)
			out->total = total;
	}
	if (rc < 0) {
		*code = csvio_code(in);
		csvio_close(in);
		return -1;
	}
	csvio_close(in);
	return 0;
bad:
	*code = LB_DATAERR;
	csvio_close(in);
	return -1;
}

void
report_merge_finish(struct report *r, const struct policy *p)
{
	const struct report_row *whole = report_find(r, "children", "");
	size_t i;

	for (i = 0; whole != NULL && i < r->n; i++)
		if (strcmp(r->row[i].metric, "children") == 0)
			r->row[i].total = whole->count;
	report_set_targets(r, p);
}

int
report_emit(const struct report *r, FILE *f, const struct emit_opts *o,
    long suppress, int detail)
{
	struct emit *e;
	char count[32], total[32], pct[32], target[16];
	const char *v[8];
	size_t i;
	int met;

	if ((e = emit_new(f, o, report_csv_ncols(detail), csv_header)) == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		const struct report_row *row = &r->row[i];
		int hidden = report_row_hidden(row, suppress);

		met = report_met(row);
		report_count_text(row->count, suppress, count, sizeof(count));
		report_count_text(row->total, suppress, total, sizeof(total));
		if (hidden)
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
		v[7] = row->detail != NULL ? row->detail : "";
		emit_row(e, v);
	}
	emit_end(e);
	return 0;
}

const char *const *
report_csv_cols(void)
{
	return csv_header;
}

size_t
report_csv_ncols(int detail)
{
	return detail ? 8 : 7;
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
		end = s + strcspn(s, ";");
		snprintf(key, sizeof(key), "%s.%.*s",
		    schema_col_name(FK_ROSTER, (size_t)col), (int)(end - s), s);
		word = policy_label(p, key);
		if (n++ > 0)
			sbuf_adds(out, policy_label(p, "list_sep"));
		if (word == key)
			sbuf_add(out, s, (size_t)(end - s));
		else
			sbuf_adds(out, word);
	}
}
