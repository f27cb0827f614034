/* schedule.c: the roster's children and the activity log into the cadence engines. */
#include <stdlib.h>
#include <string.h>

#include "actlog.h"
#include "diag.h"
#include "i18n.h"
#include "policy.h"
#include "progress.h"
#include "roster.h"
#include "schedule.h"
#include "strmap.h"
#include "xmem.h"

void
schedule_init(struct schedule *s, const struct policy *p)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->ids = strmap_new();
	s->as_of = DATE_NONE;
}

void
schedule_release(struct schedule *s)
{
	strmap_free(s->ids);
	free(s->facts);
	free(s->when);
	free(s->first);
	cadence_free(s->cad);
	memset(s, 0, sizeof(*s));
}

long
schedule_add(struct schedule *s, const struct child *c, int follow,
    const char *file, long line)
{
	long want = follow ? (long)s->n : SCHEDULE_SKIPPED;
	size_t before = strmap_count(s->ids);

	/* Present already when the map did not grow (whatever its value). */
	(void)strmap_put(s->ids, c->id, want);
	if (strmap_count(s->ids) == before) {
		diag_warn(file, line, 0, _("student '%s' appears twice in the "
		    "roster (the first row counts)"), c->id);
		return -1;
	}
	if (!follow)
		return SCHEDULE_SKIPPED;
	XGROW(s->facts, s->n + 1, s->cap);
	s->facts[s->n].enrolled_on = c->enrolled_on;
	s->facts[s->n].birth = c->birth;
	s->facts[s->n].attention = c->attention;
	s->facts[s->n].volunteer = *c->volunteer != '\0';
	if (s->p->nwhen_kinds > 0) {
		XGROW(s->when, (s->n + 1) * s->p->nwhen_kinds, s->capwhen);
		memcpy(s->when + s->n * s->p->nwhen_kinds, c->when,
		    s->p->nwhen_kinds);
	}
	return (long)s->n++;
}

void
schedule_start(struct schedule *s, date_t as_of, date_t from)
{
	size_t i;

	s->as_of = as_of;
	s->cad = from == DATE_NONE ? cadence_new(s->p, as_of, s->n) :
	    cadence_new_period(s->p, from, as_of, s->n);
	/* Before the children: which slots a child's counts need. */
	if (s->when != NULL)
		s->when = xreallocarray(s->when, s->n ? s->n : 1,
		    s->p->nwhen_kinds);
	cadence_set_when(s->cad, s->when);
	s->when = NULL;
	s->capwhen = 0;
	for (i = 0; i < s->n; i++)
		cadence_set_child(s->cad, i, &s->facts[i]);
	s->first = xcalloc(s->p->ncontacts + 1, sizeof(*s->first));
	for (i = 0; i < s->p->ncontacts; i++)
		s->first[i] = cadence_first_day(s->cad, (int)i);
	/* The engines keep what they need of them. */
	free(s->facts);
	s->facts = NULL;
	s->cap = 0;
}

/*
 * A log row read but not yet counted.  Looking its student up in a
 * province's ids is a cache miss; rows wait in a ring of LOG_AHEAD while
 * the lookup's memory is fetched, so the misses overlap.  What a row
 * needs is copied: the reader's fields last only until the next row.
 */
#define LOG_AHEAD 16

struct pending {
	struct strmap_key id;	/* the student id, trimmed */
	char *bad;		/* a copy of an unknown kind or invalid date */
	const char *what;	/* and what it is */
	long line;
	int kind;
	date_t day;
};

static void
count_row(struct schedule *s, struct diag_tally *warn, struct pending *r)
{
	long child = strmap_get_key(s->ids, &r->id);

	if (child == SCHEDULE_SKIPPED)
		;
	else if (child < 0)
		diag_tally_row(warn, r->line, _("unknown student"),
		    strmap_key_str(&r->id));
	else if (r->bad != NULL)
		diag_tally_row(warn, r->line, r->what, r->bad);
	else
		(void)cadence_record(s->cad, (size_t)child, r->kind, r->day);
	free(r->bad);
	r->bad = NULL;
}

int
schedule_read_log(struct schedule *s, const char *path,
    const struct csvio_opts *opts, int *code)
{
	struct actlog_reader *rd;
	struct actlog_row row;
	struct diag_tally warn;
	struct pending ring[LOG_AHEAD], *r;
	size_t i, nread = 0, ncounted = 0;
	int rc, ret = LB_OK;

	if ((rd = actlog_open(path, s->p, opts, NULL, NULL, code)) == NULL)
		return -1;
	progress_file(s->progress, actlog_name(rd), path);
	memset(ring, 0, sizeof(ring));
	diag_tally_init(&warn, actlog_name(rd), 0);
	/* A broken line is reported after the rows before it, in the ring. */
	actlog_hold_errors(rd);
	while ((rc = actlog_next(rd, &row)) == 1) {
		if (s->progress != NULL)
			progress_add(s->progress, progress_row_bytes(row.raw));
		actlog_resolve(rd, &row);
		/*
		 * As of the engine's day a later row has not happened; one
		 * before the first day its kind counts from changes nothing
		 * (a term's report reads a year's log): neither is looked up.
		 */
		if (row.day != DATE_NONE && row.kind >= 0 &&
		    (row.day > s->as_of || row.day < s->first[row.kind]))
			continue;
		if (nread - ncounted == LOG_AHEAD)
			count_row(s, &warn, &ring[ncounted++ % LOG_AHEAD]);
		r = &ring[nread++ % LOG_AHEAD];
		r->line = row.line;
		strmap_key_set(&r->id, row.id, row.idlen);
		strmap_prefetch_key(s->ids, &r->id);
		r->kind = row.kind;
		r->day = row.day;
		/* A row wrong in several ways is reported for the first. */
		if (row.kind < 0) {
			r->what = _("unknown kind");
			r->bad = xstrdup(row.kind_text);
		} else if (row.day == DATE_NONE) {
			r->what = _("invalid date");
			r->bad = xstrdup(row.date_text);
		}
	}
	while (ncounted < nread)
		count_row(s, &warn, &ring[ncounted++ % LOG_AHEAD]);
	if (rc < 0) {
		actlog_report(rd);
		ret = actlog_code(rd);
	}
	diag_tally_end(&warn);
	/*
	 * The ids served the log's rows alone: what comes next (the list,
	 * the figures) asks the engine by number, and at a province's size
	 * the map is 64 MB of the peak.
	 */
	strmap_free(s->ids);
	s->ids = NULL;
	for (i = 0; i < LOG_AHEAD; i++) {
		strmap_key_free(&ring[i].id);
		free(ring[i].bad);
	}
	actlog_close(rd);
	if (ret != LB_OK) {
		*code = ret;
		return -1;
	}
	return 0;
}

size_t
schedule_due(const struct schedule *s, long within,
    struct cadence_item **items, size_t *cap)
{
	return cadence_due(s->cad, within, items, cap);
}
