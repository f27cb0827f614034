/* tally.c: children (or contacts) counted by group, into a report's rows. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "schema.h"
#include "strmap.h"
#include "tally.h"
#include "xmem.h"

void
tally_keys_init(struct tally_keys *k)
{
	memset(k, 0, sizeof(*k));
	k->index = strmap_new();
}

void
tally_keys_free(struct tally_keys *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->value[i]);
	free(k->value);
	free(k->rank);
	strmap_free(k->index);
}

size_t
tally_keys_put(struct tally_keys *k, const char *value)
{
	long i = strmap_put(k->index, value, (long)k->n);

	if ((size_t)i < k->n)
		return (size_t)i;
	XGROW(k->value, k->n + 1, k->cap);
	k->value[k->n] = xstrdup(value);
	return k->n++;
}

void
tally_keys_put_all(struct tally_keys *k, const char *const *v)
{
	for (; *v != NULL; v++)
		(void)tally_keys_put(k, *v);
}

void
tally_init(struct tally *t, struct tally_keys *keys)
{
	memset(t, 0, sizeof(*t));
	t->keys = keys;
}

void
tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		sbuf_release(&t->g[i].ids);
	free(t->g);
	free(t->pos);
}

size_t
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

void
tally_add(struct tally *t, size_t key, long long total, long long count,
    const char *id)
{
	size_t i = tally_group(t, key);	/* before t->g: it may move */
	struct tally_group *g = &t->g[i];

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
keys_ranks(struct tally_keys *k)
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

void
tally_emit(struct report *r, const char *metric, const char *dim,
    struct tally *t, enum domain dom, long long whole_total, int detail)
{
	const char *const *order = NULL;
	struct report_row *row;
	struct sbuf group = SBUF_INIT;
	size_t *gs, i, m = 0, n;
	int fresh;

	if (dom != DOM_NONE && dom != TALLY_IN_ORDER)
		order = schema_domain_values(dom);
	for (m = 0; order != NULL && order[m] != NULL; m++)
		;
	gs = xreallocarray(NULL, t->n + m + 1, sizeof(*gs));
	for (i = 0; i < m; i++)
		gs[i] = tally_group(t, tally_keys_put(t->keys, order[i]));
	n = m;
	for (i = 0; i < t->n; i++)
		if (order == NULL ||
		    !schema_domain_has(dom, t->keys->value[t->g[i].key]))
			gs[n++] = i;
	if (dom != TALLY_IN_ORDER && n - m > 1) {
		sort_tally = t;
		sort_rank = keys_ranks(t->keys);
		qsort(gs + m, n - m, sizeof(*gs), cmp_group);
	}
	/* Rows of a new family are new: no need to look each up. */
	sbuf_adds(&group, dim);
	sbuf_addc(&group, '=');
	fresh = !report_family(r, metric, group.buf, 1);
	for (i = 0; i < n; i++) {
		const struct tally_group *g = &t->g[gs[i]];

		sbuf_reset(&group);
		sbuf_adds(&group, dim);
		sbuf_addc(&group, '=');
		sbuf_adds(&group, t->keys->value[g->key]);
		row = fresh ? report_row_new(r, metric, group.buf) :
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

void
tally_emit_whole(struct report *r, const char *metric,
    const struct tally *whole, int detail)
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
