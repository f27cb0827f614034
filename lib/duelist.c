/* duelist.c: the children lb-due follows and their items, in reading order. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "duelist.h"
#include "emit.h"
#include "i18n.h"
#include "order.h"
#include "prefetch.h"
#include "progress.h"
#include "query.h"
#include "report.h"
#include "roster.h"
#include "schedule.h"
#include "schema.h"
#include "xmem.h"

const char *const duelist_cols[DUELIST_NCOLS] = {
	"status", "due_date", "days_late", "student_id", "name", "class",
	"kind", "mentor_id", "mentor_name", "mentor_email", "last_date"
};
const char *const duelist_own_cols[DUELIST_NOWN] = {
	"status", "due_date", "days_late", "kind", "mentor_name",
	"mentor_email", "last_date"
};
/* duelist_cols' index of each of duelist_own_cols. */
static const size_t own_at[DUELIST_NOWN] = { 0, 1, 2, 6, 8, 9, 10 };
const char *const duelist_statuses[] = { "overdue", "due", NULL };

void
duelist_init(struct duelist *d, const struct policy *p, date_t as_of,
    time_t now, int phones)
{
	memset(d, 0, sizeof(*d));
	d->p = p;
	d->as_of = as_of;
	d->now = now;
	d->phones = phones;
	sbuf_init(&d->pool);
	d->classes.map = strmap_new();
	d->mentors.map = strmap_new();
}

void
duelist_free(struct duelist *d)
{
	sbuf_release(&d->pool);
	free(d->child);
	strmap_free(d->classes.map);
	strmap_free(d->mentors.map);
	free(d->classes.at);
	free(d->mentors.at);
	free(d->mentor_row);
	free(d->items);
	free(d->order);
}

/* The number of string v among t's, adding it when new. */
static uint32_t
intern(struct duelist *d, struct duelist_interned *t, const char *v)
{
	long i = strmap_put(t->map, v, (long)t->n);

	if ((size_t)i == t->n) {
		XGROW(t->at, t->n + 1, t->cap);
		t->at[t->n++] = d->pool.len;
		sbuf_add(&d->pool, v, strlen(v) + 1);
	}
	return (uint32_t)i;
}

/*
 * Renumber t's strings by rank; returns the new number of each old one
 * (free it) for the children's.
 */
static uint32_t *
intern_rank(struct duelist *d, struct duelist_interned *t)
{
	const char **s = xreallocarray(NULL, t->n + 1, sizeof(*s));
	uint32_t *rank = xreallocarray(NULL, t->n + 1, sizeof(*rank));
	size_t *at = xreallocarray(NULL, t->n + 1, sizeof(*at)), i;

	for (i = 0; i < t->n; i++)
		s[i] = d->pool.buf + t->at[i];
	order_ranks(s, t->n, rank);
	for (i = 0; i < t->n; i++)
		at[rank[i]] = t->at[i];
	free(t->at);
	t->at = at;
	t->cap = t->n + 1;
	strmap_free(t->map);
	t->map = NULL;
	free(s);
	return rank;
}

size_t
duelist_add(struct duelist *d, const char *id, const char *name,
    const char *class, const char *mentor, const char *guardian,
    const char *phone)
{
	struct duelist_child *c;

	if (d->n >= UINT32_MAX - 1)	/* children are 32-bit indices */
		diag_die(LB_OSERR, "%s", _("out of memory"));
	XGROW(d->child, d->n + 1, d->cap);
	c = &d->child[d->n];
	c->at = d->pool.len;
	sbuf_add(&d->pool, id, strlen(id) + 1);
	sbuf_add(&d->pool, name, strlen(name) + 1);
	/* Only a mail that shows them keeps them: memory, and minors' data. */
	if (d->phones) {
		sbuf_add(&d->pool, guardian, strlen(guardian) + 1);
		sbuf_add(&d->pool, phone, strlen(phone) + 1);
	}
	c->class = intern(d, &d->classes, class);
	c->mentor = intern(d, &d->mentors, mentor);
	c->volunteer = c->mentor;
	return d->n++;
}

void
duelist_set_volunteer(struct duelist *d, size_t i, const char *volunteer)
{
	d->child[i].volunteer = intern(d, &d->mentors, volunteer);
	d->volunteers = 1;
}

void
duelist_rank(struct duelist *d)
{
	uint32_t *rank;
	size_t i;

	rank = intern_rank(d, &d->classes);
	for (i = 0; i < d->n; i++)
		d->child[i].class = rank[d->child[i].class];
	free(rank);
	rank = intern_rank(d, &d->mentors);
	for (i = 0; i < d->n; i++) {
		d->child[i].mentor = rank[d->child[i].mentor];
		d->child[i].volunteer = rank[d->child[i].volunteer];
	}
	free(rank);
}

void
duelist_set_staff(struct duelist *d, const struct table *staff)
{
	struct strmap *rows = strmap_new();
	size_t r, m;

	/* Each mentor is looked up once, not once per item. */
	d->staff = staff;
	for (r = 0; r < staff->nrows; r++)
		strmap_put(rows, table_get(staff, r, SC_STAFF_ID), (long)r);
	free(d->mentor_row);
	d->mentor_row = xreallocarray(NULL, d->mentors.n + 1,
	    sizeof(*d->mentor_row));
	for (m = 0; m < d->mentors.n; m++) {
		d->mentor_row[m] = *duelist_mentor_id(d, (uint32_t)m) == '\0' ?
		    -1 : strmap_get(rows, duelist_mentor_id(d, (uint32_t)m));
		/* Its items would name no one, in every format. */
		if (d->mentor_row[m] < 0 &&
		    *duelist_mentor_id(d, (uint32_t)m) != '\0')
			diag_warn(staff->name, 0, 0, _("no staff row for "
			    "'%s', a mentor or volunteer in the roster (its "
			    "items name no one)"),
			    duelist_mentor_id(d, (uint32_t)m));
	}
	strmap_free(rows);
}

const char *
duelist_mentor_get(const struct duelist *d, uint32_t m, int c)
{
	long r = d->mentor_row != NULL ? d->mentor_row[m] : -1;

	return r >= 0 ? table_get(d->staff, (size_t)r, c) : "";
}

static uint32_t
key_class(const void *ctx, uint32_t child)
{
	return ((const struct duelist *)ctx)->child[child].class;
}

static uint32_t
key_mentor(const void *ctx, uint32_t child)
{
	return ((const struct duelist *)ctx)->child[child].mentor;
}

static const struct duelist *id_ctx;

static int
cmp_child_id(const void *a, const void *b)
{
	return strcmp(duelist_id(id_ctx, *(const uint32_t *)a),
	    duelist_id(id_ctx, *(const uint32_t *)b));
}

/*
 * The children in the order a mentor reads them: by mentor, class and
 * id.  Mentors and classes are ranks already (intern_rank); only the few
 * children sharing both are compared by id.
 */
static uint32_t *
children_in_order(const struct duelist *d)
{
	uint32_t *by = xreallocarray(NULL, d->n + 1, sizeof(*by));
	uint32_t *tmp = xreallocarray(NULL, d->n + 1, sizeof(*tmp));
	size_t i, j;

	for (i = 0; i < d->n; i++)
		by[i] = (uint32_t)i;
	order_stable(by, tmp, d->n, (uint32_t)d->classes.n, key_class, d);
	order_stable(by, tmp, d->n, (uint32_t)d->mentors.n, key_mentor, d);
	free(tmp);
	id_ctx = d;
	for (i = 0; i < d->n; i = j) {
		for (j = i + 1; j < d->n &&
		    d->child[by[j]].mentor == d->child[by[i]].mentor &&
		    d->child[by[j]].class == d->child[by[i]].class; j++)
			;
		if (j - i > 1)
			qsort(by + i, j - i, sizeof(*by), cmp_child_id);
	}
	id_ctx = NULL;
	return by;
}

struct due_key {
	const struct cadence_item *items;
	date_t first;
};

static uint32_t
key_owner(const void *ctx, uint32_t item)
{
	const struct duelist *d = ctx;

	return duelist_owner(d, &d->items[item]);
}

static uint32_t
key_due(const void *ctx, uint32_t item)
{
	const struct due_key *k = ctx;

	return (uint32_t)(k->items[item].due - k->first);
}

/*
 * Due dates a counting pass sorts by directly; a span wider (a policy's
 * period of centuries, a --within of as many) takes the general sort.
 */
#define DIRECT_SPAN ((size_t)1 << 22)

/*
 * The order of the list: by due date (overdue first, the longest
 * waiting first), then mentor, class and id, then kind and checkpoint
 * (the order cadence_due() gives a child's items in).  Children are
 * ordered once and their items dealt out in that order into the places
 * of their due dates: a counting sort, stable, with no second array of
 * a province's five million items.
 */
void
duelist_order(struct duelist *d)
{
	struct due_key key = { d->items, 0 };
	uint32_t *by, *tmp, *start, *place = NULL;
	date_t last = 0;
	size_t i, j, n = 0, span, sum, c;

	/* 32-bit indices: 4 billion items would not fit in memory anyway. */
	if (d->nitems >= UINT32_MAX)
		diag_die(LB_OSERR, "%s", _("out of memory"));
	d->order = xreallocarray(NULL, d->nitems + 1, sizeof(*d->order));
	/* Where each child's items start (they come grouped by child). */
	start = xcalloc(d->n + 1, sizeof(*start));
	for (i = 0; i < d->nitems; i++) {
		start[d->items[i].child + 1]++;
		if (i == 0 || d->items[i].due < key.first)
			key.first = d->items[i].due;
		if (i == 0 || d->items[i].due > last)
			last = d->items[i].due;
	}
	for (i = 0; i < d->n; i++)
		start[i + 1] += start[i];
	span = d->nitems > 0 ? (size_t)((int64_t)last - key.first) + 1 : 0;
	/* With volunteers an item's person is not always its child's
	 * mentor: the items are put in order by person first, below. */
	if (span <= DIRECT_SPAN && !d->volunteers) {
		/* place[k]: where the next item due on first + k goes. */
		place = xcalloc(span + 1, sizeof(*place));
		for (i = 0; i < d->nitems; i++)
			place[key_due(&key, (uint32_t)i)]++;
		for (sum = 0, i = 0; i < span; i++) {
			c = place[i];
			place[i] = (uint32_t)sum;
			sum += c;
		}
	}
	by = children_in_order(d);
	for (i = 0; i < d->n; i++)
		for (j = start[by[i]]; j < start[by[i] + 1]; j++)
			if (place != NULL)
				d->order[place[key_due(&key, (uint32_t)j)]++] =
				    (uint32_t)j;
			else
				d->order[n++] = (uint32_t)j;
	free(by);
	free(start);
	if (place == NULL) {
		tmp = xreallocarray(NULL, d->nitems + 1, sizeof(*tmp));
		if (d->volunteers)
			order_stable(d->order, tmp, d->nitems,
			    (uint32_t)d->mentors.n, key_owner, d);
		order_stable(d->order, tmp, d->nitems, (uint32_t)span, key_due,
		    &key);
		free(tmp);
	}
	free(place);
}

void
duelist_item_label(struct sbuf *sb, const struct duelist *d,
    const struct cadence_item *it)
{
	const struct contact *ct = &d->p->contacts[it->kind];

	sbuf_adds(sb, ct->label != NULL && *ct->label != '\0' ? ct->label :
	    ct->kind);
	if (it->checkpoint == CP_START)
		sbuf_adds(sb, policy_label(d->p, "checkpoint.start"));
	else if (it->checkpoint == CP_MIDDLE)
		sbuf_adds(sb, policy_label(d->p, "checkpoint.middle"));
	else if (it->checkpoint == CP_END)
		sbuf_adds(sb, policy_label(d->p, "checkpoint.end"));
}

int
duelist_load(struct duelist *d, struct schedule *s, const char *path,
    const struct csvio_opts *opts, struct query *q, int *code)
{
	struct roster_reader *rd;
	const struct csvio_row *h, *row;
	struct child c;
	int rc, ret = LB_OK, follow;
	long n;

	if ((rd = roster_open(path, d->p, d->as_of, opts, code)) ==
	    NULL)
		return -1;
	h = roster_header(rd);
	/* The roster's own extra columns may be asked about too. */
	if (query_bind(q, h->n, (const char *const *)h->v,
	    roster_canon(rd)) != 0) {
		roster_close(rd);
		*code = LB_USAGE;
		return -1;
	}
	progress_file(d->progress, roster_name(rd), path);
	child_init(&c);
	while ((rc = roster_next(rd, &c, &row)) == 1) {
		if (d->progress != NULL)
			progress_add(d->progress, progress_row_bytes(row));
		follow = child_active(&c, d->as_of);
		if (follow && query_on_roster(q)) {
			if ((follow = query_row(q, row->v, roster_name(rd),
			    row->line)) < 0) {
				ret = LB_DATAERR;
				break;
			}
		}
		n = schedule_add(s, &c, follow, roster_name(rd), row->line);
		/* The list's child n is the schedule's child n: the items
		 * the schedule gives are looked up by that number. */
		if (n >= 0 && duelist_add(d, c.id, c.name, c.class, c.mentor,
		    roster_get(rd, row, RC_GUARDIAN_NAME),
		    roster_get(rd, row, RC_GUARDIAN_PHONE)) != (size_t)n)
			abort();
		if (n >= 0 && *c.volunteer != '\0' &&
		    d->p->pairing.nvolunteer_kinds > 0)
			duelist_set_volunteer(d, (size_t)n, c.volunteer);
	}
	if (rc < 0)
		ret = roster_code(rd);
	if (ret == LB_OK)
		duelist_rank(d);
	child_release(&c);
	roster_close(rd);
	if (ret != LB_OK) {
		*code = ret;
		return -1;
	}
	return 0;
}

void
duelist_fields_init(struct duelist_fields *f)
{
	size_t i;

	/* DATE_NONE is never cached (it writes ""): no day matches it. */
	for (i = 0; i < DUELIST_DATES; i++)
		f->due.day[i] = f->last.day[i] = DATE_NONE;
}

/* Day d as date_format() writes it, from c when written before. */
static const char *
cached_date(struct duelist_date_cache *c, date_t d)
{
	size_t slot = (uint32_t)d % DUELIST_DATES;

	if (d == DATE_NONE)
		return "";
	if (c->day[slot] != d) {
		c->day[slot] = d;
		(void)date_format(d, c->iso[slot]);
	}
	return c->iso[slot];
}

/*
 * v in decimal into buf (24 bytes hold any 64-bit value): by hand, not
 * by snprintf(), which costs more than the rest of a row's fields.
 */
static const char *
decimal(long v, char *buf, size_t len)
{
	char *p = buf + len;
	unsigned long u = v < 0 ? 0 - (unsigned long)v : (unsigned long)v;

	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	return p;
}

void
duelist_fields(const struct duelist *d, const struct cadence_item *it,
    struct duelist_fields *f)
{
	uint32_t m = duelist_owner(d, it);

	f->v[0] = it->days_late > 0 ? "overdue" : "due";
	f->v[1] = cached_date(&f->due, it->due);
	f->v[2] = decimal((long)it->days_late, f->late, sizeof(f->late));
	f->v[3] = duelist_id(d, it->child);
	f->v[4] = duelist_name(d, it->child);
	f->v[5] = duelist_class(d, it->child);
	f->v[6] = d->p->contacts[it->kind].kind;
	f->v[7] = duelist_mentor_id(d, m);
	f->v[8] = duelist_mentor_get(d, m, SC_NAME);
	f->v[9] = duelist_mentor_get(d, m, SC_EMAIL);
	f->v[10] = cached_date(&f->last, it->last);
}

int
duelist_filter(struct duelist *d, const char *mentor, const struct query *q)
{
	struct duelist_fields f;
	const char *own[DUELIST_NOWN];
	size_t i, k, n = 0;
	int m;

	duelist_fields_init(&f);
	for (i = 0; i < d->nitems; i++) {
		if (mentor != NULL &&
		    strcmp(duelist_mentor_id(d, duelist_owner(d,
		    &d->items[i])), mentor) != 0)
			continue;
		if (query_on_own(q)) {
			duelist_fields(d, &d->items[i], &f);
			for (k = 0; k < DUELIST_NOWN; k++)
				own[k] = f.v[own_at[k]];
			if ((m = query_own(q, own, NULL, 0)) < 0)
				return -1;
			if (m == 0)
				continue;
		}
		d->items[n++] = d->items[i];
	}
	d->nitems = n;
	duelist_order(d);
	return 0;
}

/*
 * Items are listed by due date, their children lie at random in memory:
 * fetch what duelist_fields() reads, in three steps, before its turn.
 * In the loop itself: GCC takes a function doing only this for one
 * without effect, and drops its calls.
 */
#define LIST_AHEAD 8
#define FETCH_AHEAD(l, i) do { \
	if ((i) + 3 * LIST_AHEAD < (l)->nitems) \
		PREFETCH(duelist_item((l), (i) + 3 * LIST_AHEAD)); \
	if ((i) + 2 * LIST_AHEAD < (l)->nitems) \
		PREFETCH(&(l)->child[duelist_item((l), \
		    (i) + 2 * LIST_AHEAD)->child]); \
	if ((i) + LIST_AHEAD < (l)->nitems) \
		PREFETCH((l)->pool.buf + (l)->child[duelist_item((l), \
		    (i) + LIST_AHEAD)->child].at); \
} while (0)

/*
 * The kind column of a table or a workbook for people: the item in the
 * policy's words (duelist_item_label()), the built-in ones in
 * Traditional characters under zh_TW (sc, emit_script()).
 */
static void
item_words(struct sbuf *sb, const struct duelist *d,
    const struct cadence_item *it, enum i18n_script sc)
{
	static const char *const cp[] = { "checkpoint.start",
	    "checkpoint.middle", "checkpoint.end" };
	const struct contact *ct = &d->p->contacts[it->kind];
	const char *w;
	int k;

	if (sc != I18N_HANT) {
		duelist_item_label(sb, d, it);
		return;
	}
	sbuf_adds(sb, policy_hant(ct->label != NULL && *ct->label != '\0' ?
	    ct->label : ct->kind));
	k = it->checkpoint == CP_START ? 0 : it->checkpoint == CP_MIDDLE ? 1 :
	    it->checkpoint == CP_END ? 2 : -1;
	if (k >= 0 && (w = policy_word(d->p, cp[k], sc)) != NULL)
		sbuf_adds(sb, w);
}

int
duelist_write_rows(const struct duelist *d, FILE *f,
    const struct emit_opts *eo)
{
	struct duelist_fields fl;
	struct sbuf label = SBUF_INIT;
	struct emit *e;
	enum i18n_script sc = emit_script(eo);
	size_t i;
	int code;

	if ((e = emit_new(f, eo, DUELIST_NCOLS, duelist_cols, &code)) == NULL)
		return code;
	duelist_fields_init(&fl);
	sbuf_init(&label);
	for (i = 0; i < d->nitems; i++) {
		progress_add(d->progress, 1);
		FETCH_AHEAD(d, i);
		duelist_fields(d, duelist_item(d, i), &fl);
		if (eo->table || sc != I18N_NONE) {
			sbuf_reset(&label);
			item_words(&label, d, duelist_item(d, i), sc);
			fl.v[6] = label.buf;
		}
		emit_row(e, fl.v);
	}
	sbuf_release(&label);
	return emit_end(e);
}
