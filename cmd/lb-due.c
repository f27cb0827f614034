/* lb-due: what is due or overdue for whom, as of a date. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cadence.h"
#include "card.h"
#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "ics.h"
#include "mail.h"
#include "ofile.h"
#include "order.h"
#include "policy.h"
#include "prefetch.h"
#include "query.h"
#include "report.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-due [-p policy] -l log [--staff staff] [--as-of date]\n"
    "              [--within days] [--mentor id] [--where expr ...]\n"
    "              [--format table|csv|mail|ics] [--columns list]\n"
    "              [--sendmail cmd] [--encoding enc] [--excel] [-o file]\n"
    "              [roster]\n"
    "       lb-due [-p policy] --print-policy\n");

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "log", required_argument, NULL, 'l' },
	{ "mentor", required_argument, NULL, OPT_MENTOR },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "sendmail", required_argument, NULL, OPT_SENDMAIL },
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ NULL, 0, NULL, 0 }
};

enum format { F_CSV, F_TABLE, F_MAIL, F_ICS };
static const char *const formats[] = { "csv", "table", "mail", "ics", NULL };

static const char *const out_header[] = {
	"status", "due_date", "days_late", "student_id", "name", "class",
	"kind", "mentor_id", "mentor_name", "mentor_email", "last_date"
};
#define NOUT (sizeof(out_header) / sizeof(out_header[0]))

/*
 * The output columns --where tests after the work (the others are the
 * roster's, tested before it); status here is overdue or due, not the
 * roster's status (lb-due lists active children only).
 */
static const char *const own_cols[] = {
	"status", "due_date", "days_late", "kind", "mentor_name",
	"mentor_email", "last_date"
};
#define NOWN (sizeof(own_cols) / sizeof(own_cols[0]))
/* out_header's index of own_cols[i]. */
static const size_t own_at[NOWN] = { 0, 1, 2, 6, 8, 9, 10 };
/* What status and kind may be compared with (a typo would match nothing). */
static const char *const statuses[] = { "overdue", "due", NULL };
enum { OWN_STATUS = 0, OWN_KIND = 3 };

/* Log warnings shown before the rest are only counted. */
#define WARN_MAX 10
/* Children named in a leader's digest. */
#define DIGEST_MAX 10

#define SKIPPED (-2)		/* strmap value of a known child not followed */

/*
 * Distinct strings many children share (classes, mentors), kept once:
 * children hold their number, which is their rank in strcmp() order
 * once the roster is read (intern_rank), so sorting by it is sorting
 * by the string.
 */
struct interned {
	struct strmap *map;	/* string -> number, while reading the roster */
	size_t *at;		/* number -> offset in the pool */
	size_t n, cap;
};

/* What lb-due lists of a child: 16 bytes, one cache line's quarter. */
struct child {
	size_t at;		/* offset of its strings in the pool */
	uint32_t class, mentor;	/* interned */
};

struct due {
	const struct policy *p;
	date_t as_of;
	long within;
	const char *mentor;	/* --mentor filter, or NULL */
	struct query *query;	/* the --where expressions */
	struct csvio_opts opts;

	struct strmap *ids;	/* student_id -> child, or SKIPPED */
	/* Per child "id\0name\0", with phones "guardian\0phone\0" after. */
	struct sbuf pool;
	struct child *child;
	struct interned classes, mentors;
	int phones;		/* keep guardians' phones (mail.guardian_phones) */
	struct cadence_child *facts;
	size_t n, cap;

	struct table *staff;	/* NULL without --staff */
	long *mentor_row;	/* mentor -> staff row, or -1 */

	struct cadence *cad;
	struct cadence_item *items;	/* as cadence_due() gives them */
	size_t nitems, capitems;
	uint32_t *order;	/* the items in the order they are listed */
	long warned;		/* log warnings so far */
	time_t now;		/* for mail Date and ics DTSTAMP */
};

static const char *
child_id(const struct due *d, size_t child)
{
	return d->pool.buf + d->child[child].at;
}

static const char *
child_name(const struct due *d, size_t child)
{
	const char *id = child_id(d, child);

	return id + strlen(id) + 1;
}

static const char *
class_name(const struct due *d, uint32_t class)
{
	return d->pool.buf + d->classes.at[class];
}

static const char *
child_class(const struct due *d, size_t child)
{
	return class_name(d, d->child[child].class);
}

static const char *
mentor_id(const struct due *d, uint32_t mentor)
{
	return d->pool.buf + d->mentors.at[mentor];
}

static const char *
child_mentor(const struct due *d, size_t child)
{
	return mentor_id(d, d->child[child].mentor);
}

/* The i-th item listed. */
static const struct cadence_item *
item_at(const struct due *d, size_t i)
{
	return &d->items[d->order[i]];
}

static long
attention_index(const struct policy *p, const char *v)
{
	const char *const *vals = schema_domain_values(DOM_ATTENTION);
	const char *canon;
	long i;
	int err = 0;

	if (*v == '\0')
		return 0;
	if ((canon = policy_value(p, DOM_ATTENTION, v, &err)) == NULL)
		return 0;
	for (i = 0; vals[i] != NULL; i++)
		if (strcmp(vals[i], canon) == 0)
			return i;
	return 0;
}

/* The number of string v among t's, adding it when new. */
static uint32_t
intern(struct due *d, struct interned *t, const char *v)
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
intern_rank(struct due *d, struct interned *t)
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

static void
add_child(struct due *d, const char *const *v)
{
	struct cadence_child *f;
	size_t old = d->cap;

	if (d->n >= UINT32_MAX - 1)	/* children are 32-bit indices */
		diag_die(LB_OSERR, "%s", _("out of memory"));
	XGROW(d->facts, d->n + 1, d->cap);
	if (d->cap != old) {
		d->child = xreallocarray(d->child, d->cap, sizeof(*d->child));
	}
	d->child[d->n].at = d->pool.len;
	sbuf_add(&d->pool, v[RC_STUDENT_ID], strlen(v[RC_STUDENT_ID]) + 1);
	sbuf_add(&d->pool, v[RC_NAME], strlen(v[RC_NAME]) + 1);
	/* Only a mail that shows them keeps them: memory, and minors' data. */
	if (d->phones) {
		sbuf_add(&d->pool, v[RC_GUARDIAN_NAME],
		    strlen(v[RC_GUARDIAN_NAME]) + 1);
		sbuf_add(&d->pool, v[RC_GUARDIAN_PHONE],
		    strlen(v[RC_GUARDIAN_PHONE]) + 1);
	}
	d->child[d->n].class = intern(d, &d->classes, v[RC_CLASS]);
	d->child[d->n].mentor = intern(d, &d->mentors, v[RC_MENTOR_ID]);
	f = &d->facts[d->n];
	if (date_parse(v[RC_ENROLLED_ON], &f->enrolled_on) != 0)
		f->enrolled_on = DATE_NONE;
	if (date_parse(v[RC_BIRTH_DATE], &f->birth) != 0 &&
	    (!card_id_valid(v[RC_ID_CARD]) ||
	    card_id_birth(v[RC_ID_CARD], &f->birth) != 0))
		f->birth = DATE_NONE;
	f->attention = (int)attention_index(d->p, v[RC_ATTENTION]);
	d->n++;
}

/*
 * Stream the roster once, keeping what lb-due needs of the active
 * children (and --where's).  Returns an exit code.
 */
static int
read_roster(struct due *d, const char *path)
{
	struct csvio_reader *rd;
	const struct csvio_row *h, *row;
	const char *v[RC_COUNT], *status;
	int *col, *canon, c, rc, code = LB_OK, err = 0, keep, m;
	long prev;
	uint32_t *rank;
	size_t i;

	if ((rd = csvio_open(path, &d->opts, &code)) == NULL)
		return code;
	h = csvio_header(rd);
	col = xmalloc(RC_COUNT * sizeof(*col));
	canon = xcalloc(h->n + 1, sizeof(*canon));
	if (table_map_header(csvio_name(rd), h, FK_ROSTER, d->p,
	    (const char *const[]){ "student_id", NULL }, col, canon) != 0) {
		code = LB_DATAERR;
		goto done;
	}
	/* The roster's own extra columns may be asked about too. */
	if (query_bind(d->query, h->n, (const char *const *)h->v, canon) != 0) {
		code = LB_USAGE;
		goto done;
	}
	while ((rc = csvio_next(rd, &row)) == 1) {
		for (c = 0; c < RC_COUNT; c++)
			v[c] = col[c] >= 0 ? row->v[col[c]] : "";
		if (*v[RC_STUDENT_ID] == '\0')
			continue;
		status = *v[RC_STATUS] == '\0' ? "active" :
		    policy_value(d->p, DOM_STATUS, v[RC_STATUS], &err);
		keep = status != NULL && strcmp(status, "active") == 0;
		if (keep && query_on_roster(d->query)) {
			m = query_row(d->query, row->v, csvio_name(rd),
			    row->line);
			if (m < 0) {
				code = LB_DATAERR;
				goto done;
			}
			keep = m;
		}
		prev = strmap_put(d->ids, v[RC_STUDENT_ID],
		    keep ? (long)d->n : SKIPPED);
		if (prev != (keep ? (long)d->n : SKIPPED)) {
			diag_warn(csvio_name(rd), row->line, 0, _("student "
			    "'%s' appears twice in the roster (the first row "
			    "counts)"), v[RC_STUDENT_ID]);
			continue;
		}
		if (keep)
			add_child(d, v);
	}
	if (rc < 0)
		code = csvio_code(rd);
	else {
		rank = intern_rank(d, &d->classes);
		for (i = 0; i < d->n; i++)
			d->child[i].class = rank[d->child[i].class];
		free(rank);
		rank = intern_rank(d, &d->mentors);
		for (i = 0; i < d->n; i++)
			d->child[i].mentor = rank[d->child[i].mentor];
		free(rank);
	}
done:
	free(col);
	free(canon);
	csvio_close(rd);
	return code;
}

static void
log_warn(struct due *d, const char *file, long line, const char *what,
    const char *value)
{
	if (++d->warned <= WARN_MAX)
		diag_warn(file, line, 0, _("%s '%s' (row not counted)"), what,
		    value);
}

/*
 * A log row read but not yet counted.  Looking its student up in a
 * province's ids is a cache miss; rows wait in a ring of LOG_AHEAD while
 * the lookup's memory is fetched, so the misses overlap.  What a row
 * needs is copied: csvio's fields last only until the next row.
 */
#define LOG_AHEAD 16
#define ID_INLINE 32

struct pending_row {
	char id[ID_INLINE];	/* the student id, when it fits */
	char *long_id;		/* or a copy of it */
	char *bad;		/* a copy of an unknown kind or invalid date */
	const char *what;	/* and what it is */
	long line;
	long kind;
	date_t day;
};

static const char *
pending_id(const struct pending_row *r)
{
	return r->long_id != NULL ? r->long_id : r->id;
}

static void
count_row(struct due *d, const char *file, struct pending_row *r)
{
	long child = strmap_get(d->ids, pending_id(r));

	if (child == SKIPPED)
		;
	else if (child < 0)
		log_warn(d, file, r->line, _("unknown student"), pending_id(r));
	else if (r->bad != NULL)
		log_warn(d, file, r->line, r->what, r->bad);
	else
		cadence_record(d->cad, (size_t)child, (int)r->kind, r->day);
	free(r->long_id);
	free(r->bad);
	r->long_id = r->bad = NULL;
}

/* Stream the log once into the engine.  Returns an exit code. */
static int
read_log(struct due *d, const char *path)
{
	struct csvio_reader *rd;
	const struct csvio_row *h, *row;
	struct strmap *kinds = strmap_new();
	struct pending_row ring[LOG_AHEAD], *r;
	int have[LC_COUNT], rc, code = LB_OK;
	size_t i, nread = 0, ncounted = 0, len;

	memset(ring, 0, sizeof(ring));
	for (i = 0; i < d->p->ncontacts; i++)
		strmap_put(kinds, d->p->contacts[i].kind, (long)i);
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		diag_warn(path, 0, 0, _("no log yet (counting no contacts)"));
		strmap_free(kinds);
		return LB_OK;
	}
	if ((rd = csvio_open(path, &d->opts, &code)) == NULL) {
		strmap_free(kinds);
		return code;
	}
	h = csvio_header(rd);
	if (table_map_header(csvio_name(rd), h, FK_LOG, d->p, NULL, have,
	    NULL) != 0) {
		code = LB_DATAERR;
		goto done;
	}
	while ((rc = csvio_next(rd, &row)) == 1) {
		const char *sid = row->v[have[LC_STUDENT_ID]];
		const char *kind = row->v[have[LC_KIND]];
		const char *day = row->v[have[LC_DATE]];

		if (nread - ncounted == LOG_AHEAD)
			count_row(d, csvio_name(rd), &ring[ncounted++ % LOG_AHEAD]);
		r = &ring[nread++ % LOG_AHEAD];
		r->line = row->line;
		if ((len = strlen(sid)) < ID_INLINE)
			memcpy(r->id, sid, len + 1);
		else
			r->long_id = xstrdup(sid);
		strmap_prefetch(d->ids, sid);
		/* A row wrong in several ways is reported for the first. */
		if ((r->kind = strmap_get(kinds, kind)) < 0) {
			r->what = _("unknown kind");
			r->bad = xstrdup(kind);
		} else if (date_parse(day, &r->day) != 0) {
			r->what = _("invalid date");
			r->bad = xstrdup(day);
		}
	}
	while (ncounted < nread)
		count_row(d, csvio_name(rd), &ring[ncounted++ % LOG_AHEAD]);
	if (rc < 0)
		code = csvio_code(rd);
	if (d->warned > WARN_MAX)
		diag_warn(csvio_name(rd), 0, 0, _("%ld more rows not counted"),
		    d->warned - WARN_MAX);
done:
	for (i = 0; i < LOG_AHEAD; i++) {
		free(ring[i].long_id);
		free(ring[i].bad);
	}
	csvio_close(rd);
	strmap_free(kinds);
	return code;
}

/* Column c of mentor's staff row, or "" when the staff list lacks them. */
static const char *
mentor_get(const struct due *d, uint32_t mentor, int c)
{
	long r = d->mentor_row != NULL ? d->mentor_row[mentor] : -1;

	return r >= 0 ? table_get(d->staff, (size_t)r, c) : "";
}

static void item_label(struct sbuf *, const struct due *,
    const struct cadence_item *);
static void item_fields(const struct due *, const struct cadence_item *,
    const char **, char[DATE_ISO_LEN], char[DATE_ISO_LEN], char[24]);

static uint32_t
key_class(const void *ctx, uint32_t child)
{
	return ((const struct due *)ctx)->child[child].class;
}

static uint32_t
key_mentor(const void *ctx, uint32_t child)
{
	return ((const struct due *)ctx)->child[child].mentor;
}

static const struct due *id_ctx;

static int
cmp_child_id(const void *a, const void *b)
{
	return strcmp(child_id(id_ctx, *(const uint32_t *)a),
	    child_id(id_ctx, *(const uint32_t *)b));
}

/*
 * The children in the order a mentor reads them: by mentor, class and
 * id.  Mentors and classes are ranks already (intern_rank); only the few
 * children sharing both are compared by id.
 */
static uint32_t *
children_in_order(const struct due *d)
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
key_due(const void *ctx, uint32_t item)
{
	const struct due_key *k = ctx;

	return (uint32_t)(k->items[item].due - k->first);
}

/*
 * The order of the list: by due date (overdue first, the longest
 * waiting first), then mentor, class and id, then kind and checkpoint
 * (the order cadence_due() gives a child's items in).  Children are
 * ordered once and their items laid out in that order; a stable sort by
 * due date keeps it among items due the same day.
 */
static void
order_items(struct due *d)
{
	struct due_key key = { d->items, 0 };
	uint32_t *by, *tmp, *start;
	date_t last = 0;
	size_t i, j, n = 0;

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
	by = children_in_order(d);
	for (i = 0; i < d->n; i++)
		for (j = start[by[i]]; j < start[by[i] + 1]; j++)
			d->order[n++] = (uint32_t)j;
	free(by);
	free(start);
	tmp = xreallocarray(NULL, d->nitems + 1, sizeof(*tmp));
	order_stable(d->order, tmp, d->nitems,
	    (uint32_t)((int64_t)last - key.first + 1), key_due, &key);
	free(tmp);
}

/*
 * Compute, filter (--mentor, and --where on the output columns) and
 * order the items.  Returns an exit code.
 */
static int
collect(struct due *d)
{
	char due[DATE_ISO_LEN], last[DATE_ISO_LEN], late[24];
	const char *fields[NOUT], *own[NOWN];
	size_t i, k, n = 0;
	int m;

	d->nitems = cadence_due(d->cad, d->within, &d->items, &d->capitems);
	for (i = 0; i < d->nitems; i++) {
		if (d->mentor != NULL &&
		    strcmp(child_mentor(d, d->items[i].child), d->mentor) != 0)
			continue;
		if (query_on_own(d->query)) {
			item_fields(d, &d->items[i], fields, due, last, late);
			for (k = 0; k < NOWN; k++)
				own[k] = fields[own_at[k]];
			if ((m = query_own(d->query, own, NULL, 0)) < 0)
				return LB_DATAERR;
			if (m == 0)
				continue;
		}
		d->items[n++] = d->items[i];
	}
	d->nitems = n;
	order_items(d);
	return LB_OK;
}

/* The CSV fields of item it; buffers hold the dates and the number. */
static void
item_fields(const struct due *d, const struct cadence_item *it,
    const char **f, char due[DATE_ISO_LEN], char last[DATE_ISO_LEN],
    char late[24])
{
	uint32_t m = d->child[it->child].mentor;

	snprintf(late, 24, "%ld", it->days_late);
	f[0] = it->days_late > 0 ? "overdue" : "due";
	f[1] = date_format(it->due, due);
	f[2] = late;
	f[3] = child_id(d, it->child);
	f[4] = child_name(d, it->child);
	f[5] = child_class(d, it->child);
	f[6] = d->p->contacts[it->kind].kind;
	f[7] = mentor_id(d, m);
	f[8] = mentor_get(d, m, SC_NAME);
	f[9] = mentor_get(d, m, SC_EMAIL);
	f[10] = date_format(it->last, last);
}

/*
 * Items are listed by due date, their children lie at random in memory:
 * fetch what item_fields() reads, in three steps, before its turn.  In
 * the loop itself: GCC takes a function doing only this for one without
 * effect, and drops its calls.
 */
#define LIST_AHEAD 8
#define FETCH_AHEAD(d, i) do { \
	if ((i) + 3 * LIST_AHEAD < (d)->nitems) \
		PREFETCH(item_at((d), (i) + 3 * LIST_AHEAD)); \
	if ((i) + 2 * LIST_AHEAD < (d)->nitems) \
		PREFETCH(&(d)->child[item_at((d), \
		    (i) + 2 * LIST_AHEAD)->child]); \
	if ((i) + LIST_AHEAD < (d)->nitems) \
		PREFETCH((d)->pool.buf + (d)->child[item_at((d), \
		    (i) + LIST_AHEAD)->child].at); \
} while (0)

/* The list as CSV, or as a table for people (kinds in the policy's words). */
static void
write_rows(const struct due *d, FILE *f, const struct emit_opts *eo)
{
	char due[DATE_ISO_LEN], last[DATE_ISO_LEN], late[24];
	const char *fields[NOUT];
	struct sbuf label = SBUF_INIT;
	struct emit *e;
	size_t i;

	/* The columns were checked before any work. */
	if ((e = emit_new(f, eo, NOUT, out_header)) == NULL)
		return;
	sbuf_init(&label);
	for (i = 0; i < d->nitems; i++) {
		FETCH_AHEAD(d, i);
		item_fields(d, item_at(d, i), fields, due, last, late);
		if (eo->table) {
			sbuf_reset(&label);
			item_label(&label, d, item_at(d, i));
			fields[6] = label.buf;
		}
		emit_row(e, fields);
	}
	emit_end(e);
	sbuf_release(&label);
}

/*
 * Append the policy's words for key (report_label(): report.labels, else
 * the built-in Chinese) with {date}, {days}, {overdue} and {due} filled.
 */
static void
words(struct sbuf *b, const struct due *d, const char *key, const char *date,
    long days, long overdue, long due)
{
	static const char *const keys[] = { "date", "days", "overdue", "due" };
	char n[3][24];
	const char *vals[4];

	snprintf(n[0], sizeof(n[0]), "%ld", days);
	snprintf(n[1], sizeof(n[1]), "%ld", overdue);
	snprintf(n[2], sizeof(n[2]), "%ld", due);
	vals[0] = date != NULL ? date : "";
	vals[1] = n[0];
	vals[2] = n[1];
	vals[3] = n[2];
	mail_template(b, report_label(d->p, key), keys, vals, 4);
}

/* "谈心" or "家访（期中）": what an item asks for, in the policy's words. */
static void
item_label(struct sbuf *sb, const struct due *d, const struct cadence_item *it)
{
	const struct contact *ct = &d->p->contacts[it->kind];

	sbuf_adds(sb, ct->label != NULL && *ct->label != '\0' ? ct->label :
	    ct->kind);
	if (it->checkpoint == CP_START)
		sbuf_adds(sb, report_label(d->p, "checkpoint.start"));
	else if (it->checkpoint == CP_MIDDLE)
		sbuf_adds(sb, report_label(d->p, "checkpoint.middle"));
	else if (it->checkpoint == CP_END)
		sbuf_adds(sb, report_label(d->p, "checkpoint.end"));
}

/*
 * One line of a mail about item it; phones: with the guardian's name and
 * phone (a mentor's mail, when the policy allows it).
 */
static void
mail_item(struct sbuf *b, const struct due *d, const struct cadence_item *it,
    int phones)
{
	char due[DATE_ISO_LEN], last[DATE_ISO_LEN];
	const char *gname, *gphone;

	sbuf_adds(b, "- ");
	mail_clean(b, child_name(d, it->child));
	sbuf_adds(b, report_label(d->p, "paren_open"));
	mail_clean(b, child_class(d, it->child));
	sbuf_adds(b, report_label(d->p, "comma"));
	mail_clean(b, child_id(d, it->child));
	if (phones && d->phones) {
		gname = child_name(d, it->child);
		gname += strlen(gname) + 1;
		gphone = gname + strlen(gname) + 1;
		if (*gphone != '\0') {
			sbuf_adds(b, report_label(d->p, "comma"));
			sbuf_adds(b, report_label(d->p, "mail.guardian"));
			mail_clean(b, gname);
			sbuf_addc(b, ' ');
			mail_clean(b, gphone);
		}
	}
	sbuf_adds(b, report_label(d->p, "paren_close"));
	item_label(b, d, it);
	date_format(it->due, due);
	if (it->days_late > 0)
		words(b, d, "mail.overdue", due, it->days_late, 0, 0);
	else if (it->days_late == 0)
		words(b, d, "mail.due_today", due, 0, 0, 0);
	else
		words(b, d, "mail.due_in", due, -it->days_late, 0, 0);
	if (it->last != DATE_NONE)
		words(b, d, "mail.last", date_format(it->last, last), 0, 0, 0);
	else
		words(b, d, "mail.never", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
}

static void
message_head(struct sbuf *h, const struct due *d, const char *to_name,
    const char *to_addr, const char *subject, const char *id_part)
{
	char *from_name = NULL, *from_addr = NULL;
	char iso[DATE_ISO_LEN];
	const char *parts[3];

	if (mail_parse_addr(d->p->mail_from, &from_name, &from_addr) != 0) {
		from_name = xstrdup("lb");
		from_addr = xstrdup("lb@localhost");
	}
	mail_header_addr(h, "From", from_name, from_addr);
	mail_header_addr(h, "To", to_name, to_addr);
	mail_header_text(h, "Subject", subject);
	sbuf_adds(h, "Date: ");
	mail_date(h, d->now);
	sbuf_adds(h, "\nMessage-ID: <");
	parts[0] = id_part;
	parts[1] = date_format(d->as_of, iso);
	parts[2] = to_addr;
	ics_uid(h, parts, 3, "lb-due.invalid");
	sbuf_adds(h, ">\n");
	sbuf_adds(h, "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n");
	free(from_name);
	free(from_addr);
}

/* Deliver one message: to the mbox stream, or through --sendmail. */
static int
deliver(const struct due *d, FILE *f, const char *sendmail, const char *head,
    const char *body, int *code)
{
	if (sendmail != NULL)
		return mail_sendmail(sendmail, head, body, code);
	if (mail_write_mbox(f, "lb@localhost", d->now, head, body) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}

static void
subject_of(struct sbuf *s, const struct due *d, const char *tmpl, long count,
    const char *name)
{
	static const char *const keys[] = { "count", "date", "name" };
	char num[24], iso[DATE_ISO_LEN];
	const char *vals[3];

	snprintf(num, sizeof(num), "%ld", count);
	vals[0] = num;
	vals[1] = date_format(d->as_of, iso);
	vals[2] = name;
	mail_template(s, tmpl, keys, vals, 3);
}

/*
 * The mentors of the listed items in the order they first appear, and
 * each one's items in the order listed: mentor m's are the positions
 * pos[start[m] .. start[m + 1]).
 */
struct by_mentor {
	uint32_t *first;	/* mentors, in the order they first appear */
	size_t nfirst;
	size_t *start;		/* per mentor, and one more */
	uint32_t *pos;		/* listing positions, grouped by mentor */
};

static uint32_t
key_item_mentor(const void *ctx, uint32_t pos)
{
	const struct due *d = ctx;

	return d->child[item_at(d, pos)->child].mentor;
}

static void
group_by_mentor(const struct due *d, struct by_mentor *g)
{
	uint32_t *tmp, m;
	size_t i;

	g->first = xreallocarray(NULL, d->mentors.n + 1, sizeof(*g->first));
	g->start = xcalloc(d->mentors.n + 1, sizeof(*g->start));
	g->pos = xreallocarray(NULL, d->nitems + 1, sizeof(*g->pos));
	g->nfirst = 0;
	for (i = 0; i < d->nitems; i++) {
		m = d->child[item_at(d, i)->child].mentor;
		if (g->start[m + 1]++ == 0)
			g->first[g->nfirst++] = m;
		g->pos[i] = (uint32_t)i;
	}
	for (i = 0; i < d->mentors.n; i++)
		g->start[i + 1] += g->start[i];
	tmp = xreallocarray(NULL, d->nitems + 1, sizeof(*tmp));
	order_stable(g->pos, tmp, d->nitems, (uint32_t)d->mentors.n,
	    key_item_mentor, d);
	free(tmp);
}

static void
by_mentor_free(struct by_mentor *g)
{
	free(g->first);
	free(g->start);
	free(g->pos);
}

/*
 * The leaders' digest: overdue and due counts per mentor, and the
 * children longest without contact.
 */
static void
digest_body(struct sbuf *b, const struct due *d)
{
	struct strmap *seen;
	struct by_mentor g;
	const struct cadence_item *it;
	size_t i, j, k, nover = 0, shown = 0;
	long over, soon;
	uint32_t m;
	char iso[DATE_ISO_LEN];

	group_by_mentor(d, &g);
	for (i = 0; i < d->nitems; i++)
		if (item_at(d, i)->days_late > 0)
			nover++;
	words(b, d, "mail.digest_head", date_format(d->as_of, iso), 0,
	    (long)nover, (long)(d->nitems - nover));
	sbuf_adds(b, "\n\n");
	words(b, d, "mail.digest_mentors", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
	for (j = 0; j < g.nfirst; j++) {
		m = g.first[j];
		over = soon = 0;
		for (k = g.start[m]; k < g.start[m + 1]; k++)
			if (item_at(d, g.pos[k])->days_late > 0)
				over++;
			else
				soon++;
		sbuf_adds(b, "- ");
		if (*mentor_id(d, m) == '\0')
			words(b, d, "mail.no_mentor", NULL, 0, 0, 0);
		else {
			mail_clean(b, mentor_get(d, m, SC_NAME));
			sbuf_adds(b, report_label(d->p, "paren_open"));
			mail_clean(b, mentor_id(d, m));
			sbuf_adds(b, report_label(d->p, "paren_close"));
		}
		words(b, d, "mail.digest_counts", NULL, 0, over, soon);
		sbuf_addc(b, '\n');
	}
	by_mentor_free(&g);
	/* Overdue items come first, those due earliest (longest waiting) first. */
	sbuf_addc(b, '\n');
	words(b, d, "mail.digest_oldest", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
	seen = strmap_new();
	for (i = 0; i < d->nitems && shown < DIGEST_MAX; i++) {
		it = item_at(d, i);
		if (it->days_late <= 0)
			break;
		if (strmap_put(seen, child_id(d, it->child), 1) != 1)
			continue;
		strmap_set(seen, child_id(d, it->child), 2);
		mail_item(b, d, it, 0);
		shown++;
	}
	if (shown == 0)
	{
		words(b, d, "mail.digest_none", NULL, 0, 0, 0);
		sbuf_addc(b, '\n');
	}
	strmap_free(seen);
}

/* Send the digest to one leader (name may be empty).  Returns 0 or -1. */
static int
send_digest(const struct due *d, FILE *f, const char *sendmail,
    const char *name, const char *email, int *code)
{
	struct sbuf head = SBUF_INIT, body = SBUF_INIT, subj = SBUF_INIT;
	const char *tmpl = d->p->mail_digest_subject;
	char iso[DATE_ISO_LEN];
	int rc;

	sbuf_init(&head);
	sbuf_init(&body);
	sbuf_init(&subj);
	if (*tmpl == '\0')
		tmpl = report_label(d->p, "mail.digest_subject");
	subject_of(&subj, d, tmpl, (long)d->nitems, name);
	message_head(&head, d, name, email, subj.buf, "digest");
	if (*name != '\0') {
		mail_clean(&body, name);
		sbuf_adds(&body, report_label(d->p, "colon"));
	}
	words(&body, d, "mail.digest_intro", NULL, 0, 0, 0);
	sbuf_adds(&body, "\n\n");
	digest_body(&body, d);
	sbuf_addc(&body, '\n');
	words(&body, d, "mail.signature", date_format(d->as_of, iso), 0, 0, 0);
	sbuf_addc(&body, '\n');
	rc = deliver(d, f, sendmail, head.buf, body.buf, code);
	sbuf_release(&head);
	sbuf_release(&body);
	sbuf_release(&subj);
	return rc;
}

/* 1 when addr (any case) is already in sent; else adds it and returns 0. */
static int
sent_before(struct strmap *sent, const char *addr)
{
	struct sbuf low = SBUF_INIT;
	const char *p;
	int seen;

	sbuf_init(&low);
	for (p = addr; *p != '\0'; p++)
		sbuf_addc(&low, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
		    *p));
	if (!(seen = strmap_put(sent, low.buf, 1) != 1))
		strmap_set(sent, low.buf, 2);
	sbuf_release(&low);
	return seen;
}

static int
write_mail(const struct due *d, FILE *f, const char *sendmail)
{
	struct sbuf head = SBUF_INIT, body = SBUF_INIT, subj = SBUF_INIT;
	static const char *const keys[] = { "count", "date", "name" };
	const char *vals[3], *m, *name, *email;
	char num[24], iso[DATE_ISO_LEN];
	size_t i, k, r, count, nomentor = 0;
	int code = LB_OK, role_err = 0;
	struct strmap *sent = NULL;
	struct by_mentor g;

	sbuf_init(&head);
	sbuf_init(&body);
	sbuf_init(&subj);
	/* One mail per mentor, in the order their first items are listed. */
	group_by_mentor(d, &g);
	for (i = 0; i < g.nfirst; i++) {
		m = mentor_id(d, g.first[i]);
		count = g.start[g.first[i] + 1] - g.start[g.first[i]];
		if (*m == '\0') {
			nomentor += count;
			continue;
		}
		name = mentor_get(d, g.first[i], SC_NAME);
		email = mentor_get(d, g.first[i], SC_EMAIL);
		if (!mail_addr_ok(email)) {
			diag_warn(NULL, 0, 0, P_("no email for mentor '%s' (%zu "
			    "item not mailed)", "no email for mentor '%s' (%zu "
			    "items not mailed)", count), m, count);
			continue;
		}
		sbuf_reset(&head);
		sbuf_reset(&body);
		sbuf_reset(&subj);
		subject_of(&subj, d, d->p->mail_subject, (long)count,
		    *name != '\0' ? name : m);
		message_head(&head, d, name, email, subj.buf, m);
		snprintf(num, sizeof(num), "%zu", count);
		vals[0] = num;
		vals[1] = date_format(d->as_of, iso);
		vals[2] = *name != '\0' ? name : m;
		mail_template(&body, d->p->mail_intro, keys, vals, 3);
		sbuf_adds(&body, "\n\n");
		for (k = g.start[g.first[i]]; k < g.start[g.first[i] + 1]; k++)
			mail_item(&body, d, item_at(d, g.pos[k]), 1);
		sbuf_addc(&body, '\n');
		words(&body, d, "mail.signature", iso, 0, 0, 0);
		sbuf_addc(&body, '\n');
		if (deliver(d, f, sendmail, head.buf, body.buf, &code) != 0)
			goto done;
	}
	if (nomentor > 0)
		diag_warn(NULL, 0, 0, P_("%zu item for children without a "
		    "mentor (not mailed; see lb-pair)", "%zu items for "
		    "children without a mentor (not mailed; see lb-pair)",
		    nomentor), nomentor);

	/*
	 * The digest, only for a whole-school run: to staff with role
	 * leader, then to the policy's mail.leaders, each address once.
	 */
	if (d->mentor != NULL || d->staff == NULL)
		goto done;
	sent = strmap_new();
	for (r = 0; r < d->staff->nrows; r++) {
		const char *role = table_get(d->staff, r, SC_ROLE), *canon;

		canon = *role == '\0' ? NULL :
		    policy_value(d->p, DOM_ROLE, role, &role_err);
		if (canon == NULL || strcmp(canon, "leader") != 0)
			continue;
		name = table_get(d->staff, r, SC_NAME);
		email = table_get(d->staff, r, SC_EMAIL);
		if (!mail_addr_ok(email)) {
			diag_warn(NULL, 0, 0, _("no email for leader '%s' "
			    "(digest not mailed)"), table_get(d->staff, r,
			    SC_STAFF_ID));
			continue;
		}
		if (sent_before(sent, email))
			continue;
		if (send_digest(d, f, sendmail, name, email, &code) != 0)
			goto done;
	}
	for (r = 0; r < d->p->nmail_leaders; r++) {
		char *lname, *laddr;
		int rc;

		/* The loader checked them: this cannot fail. */
		if (mail_parse_addr(d->p->mail_leaders[r], &lname, &laddr) != 0)
			continue;
		rc = sent_before(sent, laddr) ? 0 :
		    send_digest(d, f, sendmail, lname, laddr, &code);
		free(lname);
		free(laddr);
		if (rc != 0)
			goto done;
	}
done:
	by_mentor_free(&g);
	strmap_free(sent);
	sbuf_release(&head);
	sbuf_release(&body);
	sbuf_release(&subj);
	return code;
}

static void
write_ics(const struct due *d, FILE *f)
{
	struct sbuf out = SBUF_INIT, v = SBUF_INIT;
	char due[DATE_ISO_LEN], day[9], stamp[17], cp[4];
	const char *parts[4];
	const struct cadence_item *it;
	date_t on;
	size_t i;

	sbuf_init(&out);
	sbuf_init(&v);
	ics_line(&out, "BEGIN", "VCALENDAR");
	ics_line(&out, "VERSION", "2.0");
	ics_line(&out, "PRODID", "-//lb//lb-due " LB_VERSION "//ZH");
	ics_line(&out, "CALSCALE", "GREGORIAN");
	ics_line(&out, "METHOD", "PUBLISH");
	ics_line(&out, "X-WR-CALNAME", report_label(d->p, "ics.calendar"));
	ics_stamp(d->now, stamp);
	for (i = 0; i < d->nitems; i++) {
		it = item_at(d, i);
		date_format(it->due, due);
		snprintf(cp, sizeof(cp), "%d", it->checkpoint);
		ics_line(&out, "BEGIN", "VEVENT");
		sbuf_reset(&v);
		parts[0] = child_id(d, it->child);
		parts[1] = d->p->contacts[it->kind].kind;
		parts[2] = due;
		parts[3] = cp;
		ics_uid(&v, parts, 4, "lb-due");
		ics_line(&out, "UID", v.buf);
		ics_line(&out, "DTSTAMP", stamp);
		/* Overdue work is shown today, where a teacher will see it. */
		on = it->days_late > 0 ? d->as_of : it->due;
		ics_line(&out, "DTSTART;VALUE=DATE", ics_date(on, day));
		ics_line(&out, "DTEND;VALUE=DATE", ics_date(on + 1, day));
		sbuf_reset(&v);
		{
			struct sbuf t = SBUF_INIT;

			sbuf_init(&t);
			if (it->days_late > 0)
				words(&t, d, "ics.overdue", NULL, it->days_late, 0, 0);
			item_label(&t, d, it);
			sbuf_adds(&t, report_label(d->p, "colon"));
			sbuf_adds(&t, child_name(d, it->child));
			sbuf_adds(&t, report_label(d->p, "paren_open"));
			sbuf_adds(&t, child_class(d, it->child));
			sbuf_adds(&t, report_label(d->p, "paren_close"));
			ics_text(&v, t.buf);
			ics_line(&out, "SUMMARY", v.buf);
			sbuf_reset(&t);
			sbuf_reset(&v);
			mail_item(&t, d, it, 0);
			if (t.len > 0 && t.buf[t.len - 1] == '\n')
				t.buf[--t.len] = '\0';
			ics_text(&v, t.buf + 2);
			ics_line(&out, "DESCRIPTION", v.buf);
			sbuf_release(&t);
		}
		ics_line(&out, "TRANSP", "TRANSPARENT");
		ics_line(&out, "END", "VEVENT");
		fwrite(out.buf, 1, out.len, f);
		sbuf_reset(&out);
	}
	ics_line(&out, "END", "VCALENDAR");
	fwrite(out.buf, 1, out.len, f);
	sbuf_release(&out);
	sbuf_release(&v);
}

static int
load_staff(struct due *d, const char *path)
{
	struct strmap *rows;
	int code = LB_OK;
	size_t r, m;

	if ((d->staff = table_read(path, FK_STAFF, d->p, &d->opts, &code)) == NULL)
		return code;
	/* Each mentor is looked up once, not once per item. */
	rows = strmap_new();
	for (r = 0; r < d->staff->nrows; r++)
		strmap_put(rows, table_get(d->staff, r, SC_STAFF_ID), (long)r);
	d->mentor_row = xreallocarray(NULL, d->mentors.n + 1,
	    sizeof(*d->mentor_row));
	for (m = 0; m < d->mentors.n; m++)
		d->mentor_row[m] = *mentor_id(d, (uint32_t)m) == '\0' ? -1 :
		    strmap_get(rows, mentor_id(d, (uint32_t)m));
	strmap_free(rows);
	return LB_OK;
}

static time_t
now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	/* Reproducible mail and calendars: the convention of reproducible builds. */
	if (e != NULL && *e != '\0') {
		errno = 0;
		t = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && t >= 0)
			return (time_t)t;
	}
	return time(NULL);
}

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *log_path = NULL, *out_path = NULL;
	const char *staff_path = NULL, *sendmail = NULL;
	const char **where = xcalloc((size_t)argc + 1, sizeof(*where));
	const char **kinds = NULL;
	struct emit_opts eo = { 0, 0, NULL };
	struct policy *policy;
	struct ofile *of = NULL;
	struct due d;
	size_t i, nwhere = 0;
	int c, print_policy = 0, code = LB_OK, fmt = F_CSV, csv_flags = 0;
	FILE *f;

	diag_init(argv[0]);
	i18n_init();
	memset(&d, 0, sizeof(d));
	d.as_of = date_today();
	while ((c = getopt_long(argc, argv, "hl:o:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'l':
			log_path = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			d.as_of = cli_date("--as-of", optarg);
			break;
		case OPT_COLUMNS:
			eo.columns = optarg;
			break;
		case OPT_ENCODING:
			d.opts.encoding = optarg;
			break;
		case OPT_EXCEL:
			csv_flags |= CSVIO_EXCEL;
			break;
		case OPT_FORMAT:
			fmt = cli_format(optarg, formats);
			break;
		case OPT_MENTOR:
			d.mentor = optarg;
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_SENDMAIL:
			sendmail = optarg;
			break;
		case OPT_STAFF:
			staff_path = optarg;
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_WHERE:
			where[nwhere++] = optarg;
			break;
		case OPT_WITHIN:
			d.within = cli_count("--within", optarg);
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		free(where);
		return code;
	}
	if (argc > 1)
		cli_usage(usage, LB_USAGE);
	if (log_path == NULL) {
		diag_error(NULL, 0, 0, _("missing -l LOG (expected the "
		    "activity log)"));
		cli_usage(usage, LB_USAGE);
	}
	if (sendmail != NULL && fmt != F_MAIL)
		diag_die(LB_USAGE, _("--sendmail needs --format mail"));
	if (fmt == F_MAIL && staff_path == NULL)
		diag_die(LB_USAGE, _("--format mail needs --staff (expected "
		    "the staff list with the mentors' emails)"));
	if (eo.columns != NULL && fmt != F_CSV && fmt != F_TABLE)
		diag_die(LB_USAGE, _("--columns needs --format csv or table"));
	if (csv_flags != 0 && fmt != F_CSV)
		diag_die(LB_USAGE, _("--excel applies to --format csv only"));
	eo.table = fmt == F_TABLE;
	eo.csv_flags = csv_flags;
	if (emit_check(eo.columns, NOUT, out_header) != 0) {
		policy_free(policy);
		free(where);
		return diag_close_stdout(LB_USAGE);
	}
	d.p = policy;
	d.query = query_new(policy, d.as_of, where, nwhere, own_cols, NOWN);
	kinds = xcalloc(policy->ncontacts + 1, sizeof(*kinds));
	for (i = 0; i < policy->ncontacts; i++)
		kinds[i] = policy->contacts[i].kind;
	query_own_values(d.query, OWN_STATUS, statuses);
	query_own_values(d.query, OWN_KIND, kinds);
	d.now = now();
	d.phones = fmt == F_MAIL && policy->mail_guardian_phones;
	d.ids = strmap_new();
	d.classes.map = strmap_new();
	d.mentors.map = strmap_new();
	sbuf_init(&d.pool);

	/* The roster first: a --where naming no column fails before work. */
	if ((code = read_roster(&d, argc > 0 ? argv[0] : "-")) != LB_OK)
		goto done;
	if (staff_path != NULL && (code = load_staff(&d, staff_path)) != LB_OK)
		goto done;
	d.cad = cadence_new(policy, d.as_of, d.n);
	for (i = 0; i < d.n; i++)
		cadence_set_child(d.cad, i, &d.facts[i]);
	/* The engine keeps what it needs of them. */
	free(d.facts);
	d.facts = NULL;
	if ((code = read_log(&d, log_path)) != LB_OK)
		goto done;
	if ((code = collect(&d)) != LB_OK)
		goto done;

	if (sendmail != NULL) {
		f = NULL;
	} else if (out_path != NULL) {
		if ((of = ofile_open(out_path, OFILE_PRIVATE)) == NULL) {
			code = LB_CANTCREAT;
			goto done;
		}
		f = ofile_stream(of);
	} else
		f = stdout;
	switch (fmt) {
	case F_CSV:
	case F_TABLE:
		write_rows(&d, f, &eo);
		break;
	case F_MAIL:
		code = write_mail(&d, f, sendmail);
		break;
	case F_ICS:
		write_ics(&d, f);
		break;
	}
	if (of != NULL) {
		if (code != LB_OK)
			ofile_abort(of);
		else if (ofile_commit(of) != 0)
			code = LB_IOERR;
		of = NULL;
	}
	if (code == LB_OK)
		for (i = 0; i < d.nitems; i++)
			if (d.items[i].days_late > 0)
				code = LB_FOUND;
done:
	ofile_abort(of);
	cadence_free(d.cad);
	free(d.items);
	free(d.facts);
	free(d.order);
	free(d.child);
	free(d.classes.at);
	free(d.mentors.at);
	strmap_free(d.classes.map);
	strmap_free(d.mentors.map);
	free(d.mentor_row);
	sbuf_release(&d.pool);
	strmap_free(d.ids);
	table_free(d.staff);
	query_free(d.query);
	free(kinds);
	free(where);
	policy_free(policy);
	return diag_close_stdout(code);
}
