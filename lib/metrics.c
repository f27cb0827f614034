/*
 * metrics.c: lb-report's figures from a roster and its log: the children,
 * their breakdowns and rates, compliance and what is overdue.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "card.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "metrics.h"
#include "policy.h"
#include "progress.h"
#include "query.h"
#include "report.h"
#include "roster.h"
#include "schedule.h"
#include "sbuf.h"
#include "schema.h"
#include "table.h"
#include "tally.h"
#include "text.h"
#include "xmem.h"

/* Rate metrics over the active children, in output order. */
static const char *const rate_metrics[] = {
	"archive_rate", "pairing_rate", "buddy_rate", "volunteer_rate",
	"retention_rate", "vaccination_rate", "guardian_training_rate",
	"parents_out_of_province", "raised_by_grandparents",
	"guardian_primary_or_less", "parent_visits_le_2", NULL
};
enum {
	M_ARCHIVE, M_PAIRING, M_BUDDY, M_VOLUNTEER, M_RETENTION, M_VACCINATION,
	M_TRAINING, M_OUT_OF_PROVINCE, M_GRANDPARENTS, M_PRIMARY,
	M_VISITS, M_NRATES
};

/*
 * The canonical value of v[0..len) in domain d, else v trimmed (v itself,
 * or a copy in sb valid until sb's next use); "" when blank.
 */
static const char *
canon(const struct policy *p, enum domain d, const char *v, size_t len,
    struct sbuf *sb)
{
	const char *c, *t;
	size_t n;
	int err = 0;

	t = text_trim_n(v, len, &n);
	if (n == 0)
		return "";
	/* v itself when it needs no trimming and is whole (most values). */
	if (n != len || v[len] != '\0') {
		sbuf_reset(sb);
		sbuf_add(sb, t, n);
		t = sb->buf;
	}
	if ((c = policy_value(p, d, t, &err)) != NULL)
		return c;
	return t;
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
		(void)report_province(province, out, len);
	else if (!report_province(place, out, len))
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

/*
 * Without --detail a rate by grade or by class is two numbers a group:
 * counted here, in 8 bytes a group and rate rather than a tally's 56,
 * and made a tally only to be emitted, one at a time.  A province has
 * 80,000 classes and ten rates.
 */
struct rate_count {
	uint32_t total, hit;
};

struct compute {
	/* Group values: grades, classes, mentors, and the rest. */
	struct tally_keys grades, classes, mentors, values;
	struct tally dim[D_N], hardship, load;
	struct tally rate[M_NRATES][3];		/* whole, by grade, by class */
	struct rate_count *by[2];	/* by grade, class: [key][M_NRATES] */
	size_t nby[2], capby[2];	/* keys counted, and room */
	struct report_list *incomplete, *no_mentor, *no_buddy;
	struct sbuf missing, lb, sb;	/* scratch, per child */
	long long nactive;
	int detail;		/* keep the IDs behind the figures */
	int volunteers;		/* some child followed has a volunteer */
};

/* Count one child in rate k of group key of cp->by[j]. */
static void
count_add(struct compute *cp, int j, size_t key, int k, int hit)
{
	struct rate_count *c;
	size_t had = cp->capby[j];

	if (key >= cp->nby[j]) {
		XGROW(cp->by[j], (key + 1) * M_NRATES, cp->capby[j]);
		memset(cp->by[j] + had, 0,
		    (cp->capby[j] - had) * sizeof(*cp->by[j]));
		cp->nby[j] = key + 1;
	}
	c = &cp->by[j][key * M_NRATES + (size_t)k];
	c->total++;
	c->hit += hit != 0;
}

/* Count one child in rate k: in its total, and its count when hit. */
static void
rate_add(struct compute *cp, int k, int hit, const char *id, size_t grade,
    size_t class)
{
	/* For a rate the IDs are those missing it. */
	if (hit || !cp->detail)
		id = NULL;
	tally_add(&cp->rate[k][0], 0, 1, hit, id);
	if (cp->detail) {
		tally_add(&cp->rate[k][1], grade, 1, hit, id);
		tally_add(&cp->rate[k][2], class, 1, hit, id);
	} else {
		count_add(cp, 0, grade, k, hit);
		count_add(cp, 1, class, k, hit);
	}
}

/*
 * Rate k by grade (j 0) or class (1) into its tally, from the counts
 * (without --detail; with it the tally has counted already).  A group
 * is one a child was counted in: total > 0.
 */
static void
counts_to_tally(struct compute *cp, int j, int k)
{
	const struct rate_count *c;
	size_t key;

	if (cp->detail)
		return;
	for (key = 0; key < cp->nby[j]; key++) {
		c = &cp->by[j][key * M_NRATES + (size_t)k];
		if (c->total > 0)
			tally_add(&cp->rate[k][j + 1], key, c->total, c->hit,
			    NULL);
	}
}

/*
 * One active child ch, of roster values v: every breakdown and rate.
 * gkey and ckey are the numbers of its grade and class.
 */
static void
count_child(struct compute *cp, const struct policy *p, const struct child *ch,
    const char *const *v, const char *school_prov, size_t gkey,
    size_t ckey)
{
	static const char *const attention[] = { "general", "key",
		"intervention", "case" };
	const char *id = cp->detail ? ch->id : NULL, *s, *e, *item;
	const char *left_behind;
	char prov[128];
	struct sbuf *lb = &cp->lb, *sb = &cp->sb;
	int hit[M_NRATES], in[M_NRATES], k;
	size_t key[D_N];
	long visits;

	cp->nactive++;
	left_behind = canon(p, DOM_LEFT_BEHIND, v[RC_LEFT_BEHIND],
	    strlen(v[RC_LEFT_BEHIND]), lb);
	key[D_LEFT_BEHIND] = tally_keys_put(&cp->values, left_behind);
	key[D_ATTENTION] = tally_keys_put(&cp->values,
	    attention[ch->attention]);
	key[D_GENDER] = tally_keys_put(&cp->values, canon(p, DOM_GENDER,
	    v[RC_GENDER], strlen(v[RC_GENDER]), sb));
	key[D_GRADE] = gkey;
	key[D_CLASS] = ckey;
	key[D_VILLAGE] = tally_keys_put(&cp->values, ch->village);
	for (k = 0; k < D_N; k++)
		tally_add(&cp->dim[k], key[k], 1, 1, id);
	/* A child with two hardships counts in both groups. */
	for (s = v[RC_HARDSHIP]; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = s + strcspn(s, SCHEMA_LIST_SEPS);
		item = canon(p, DOM_HARDSHIP, s, (size_t)(e - s), sb);
		if (*item != '\0')
			tally_add(&cp->hardship, tally_keys_put(&cp->values,
			    item), 1, 1, id);
	}

	for (k = 0; k < M_NRATES; k++)
		in[k] = 1, hit[k] = 0;
	hit[M_ARCHIVE] = card_missing(p, v, NULL, 0) == 0;
	hit[M_PAIRING] = *ch->mentor != '\0';
	hit[M_BUDDY] = *ch->buddy != '\0';
	/*
	 * volunteer_rate: of the children who need most (attention key,
	 * intervention or case: those volunteers go to first), the share
	 * with a volunteer.
	 */
	in[M_VOLUNTEER] = ch->attention > 0;
	hit[M_VOLUNTEER] = *ch->volunteer != '\0';
	hit[M_RETENTION] = 1;
	hit[M_VACCINATION] = strcmp(canon(p, DOM_VACCINATION,
	    v[RC_VACCINATION], strlen(v[RC_VACCINATION]), sb),
	    "complete") == 0;
	hit[M_TRAINING] = strcmp(canon(p, DOM_YESNO, v[RC_GUARDIAN_TRAINED],
	    strlen(v[RC_GUARDIAN_TRAINED]), sb), "yes") == 0;
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
	    v[RC_GUARDIAN_RELATION], strlen(v[RC_GUARDIAN_RELATION]), sb));
	s = canon(p, DOM_EDUCATION, v[RC_GUARDIAN_EDUCATION],
	    strlen(v[RC_GUARDIAN_EDUCATION]), sb);
	in[M_PRIMARY] = schema_domain_has(DOM_EDUCATION, s);
	hit[M_PRIMARY] = strcmp(s, "none") == 0 || strcmp(s, "primary") == 0;
	visits = small_number(v[RC_PARENT_VISITS_PER_YEAR]);
	in[M_VISITS] = visits >= 0;
	hit[M_VISITS] = visits >= 0 && visits <= 2;
	for (k = 0; k < M_NRATES; k++)
		if (in[k])
			rate_add(cp, k, hit[k], ch->id, gkey, ckey);

	if (hit[M_PAIRING])
		tally_add(&cp->load, tally_keys_put(&cp->mentors, ch->mentor),
		    1, 1, id);
	if (cp->incomplete != NULL) {
		if (!hit[M_ARCHIVE]) {
			/* The note names the missing fields in words. */
			sbuf_reset(&cp->missing);
			(void)card_missing(p, v, &cp->missing, 1);
			report_list_add(cp->incomplete, ch->id, ch->name,
			    ch->class, cp->missing.buf);
		}
		if (!hit[M_PAIRING])
			report_list_add(cp->no_mentor, ch->id, ch->name,
			    ch->class, "");
		if (!hit[M_BUDDY])
			report_list_add(cp->no_buddy, ch->id, ch->name,
			    ch->class, "");
	}
}

/*
 * Per child followed: the numbers of its class, mentor ("" for none,
 * as lb-due lists such a child's items with no mentor) and volunteer
 * (its mentor's when it has none): 12 bytes, for a
 * province follows a million children.
 */
struct followed {
	uint32_t class, mentor;
	uint32_t volunteer;	/* whose are the kinds volunteers carry */
};

/* With --detail (a school's option), what the name lists show of it. */
struct followed_names {
	char *id, *name, *class_name;
};

/* The children of the roster, as read: those whose contacts count. */
struct followers {
	struct schedule s;
	int log;		/* a log will be read: follow the children */
	struct followed *fw;	/* per child followed */
	struct followed_names *names;	/* per child followed, --detail */
	size_t capfw, capnames;
};

static void
compute_init(struct compute *cp, int detail)
{
	int k;

	memset(cp, 0, sizeof(*cp));
	cp->detail = detail;
	sbuf_init(&cp->missing);
	sbuf_init(&cp->lb);
	sbuf_init(&cp->sb);
	tally_keys_init(&cp->grades);
	tally_keys_init(&cp->classes);
	tally_keys_init(&cp->mentors);
	tally_keys_init(&cp->values);
	for (k = 0; k < D_N; k++)
		tally_init(&cp->dim[k], k == D_GRADE ? &cp->grades :
		    k == D_CLASS ? &cp->classes : &cp->values);
	tally_init(&cp->hardship, &cp->values);
	tally_init(&cp->load, &cp->mentors);
	/*
	 * The canonical values, listed also when 0, numbered before any
	 * count, so that the values are ranked once (keys_ranks()).
	 */
	for (k = 0; k < D_N; k++)
		if (dim_domain[k] != DOM_NONE)
			tally_keys_put_all(&cp->values,
			    schema_domain_values(dim_domain[k]));
	tally_keys_put_all(&cp->values, schema_domain_values(DOM_HARDSHIP));
	for (k = 0; k < M_NRATES; k++) {
		tally_init(&cp->rate[k][0], NULL);
		tally_init(&cp->rate[k][1], &cp->grades);
		tally_init(&cp->rate[k][2], &cp->classes);
	}
}

static void
compute_free(struct compute *cp)
{
	int k, j;

	for (k = 0; k < D_N; k++)
		tally_free(&cp->dim[k]);
	tally_free(&cp->hardship);
	tally_free(&cp->load);
	for (k = 0; k < M_NRATES; k++)
		for (j = 0; j < 3; j++)
			tally_free(&cp->rate[k][j]);
	tally_keys_free(&cp->grades);
	tally_keys_free(&cp->classes);
	tally_keys_free(&cp->mentors);
	tally_keys_free(&cp->values);
	free(cp->by[0]);
	free(cp->by[1]);
	sbuf_release(&cp->missing);
	sbuf_release(&cp->lb);
	sbuf_release(&cp->sb);
}

/*
 * Add the child ch of the roster row at file:line (of class number ckey)
 * to fl's schedule: followed when counted (kept by --where, in the
 * programme on day) and a log is read, else only known, so that its log
 * rows are skipped without a warning.  -1 for a second row of an ID
 * (warned about: the first row counts, here as in lb-due).
 */
static int
follow(struct followers *fl, struct compute *cp, const struct child *ch,
    const char *file, long line, int counted, size_t ckey)
{
	struct followed_names *f;
	size_t mkey, vkey;
	long n;

	if (*ch->id == '\0')
		return 0;
	n = schedule_add(&fl->s, ch, counted && fl->log, file, line);
	if (n == -1)
		return -1;
	if (n < 0)
		return 0;
	mkey = tally_keys_put(&cp->mentors, ch->mentor);
	vkey = *ch->volunteer != '\0' ? tally_keys_put(&cp->mentors,
	    ch->volunteer) : mkey;
	/* Key numbers are below the number of children: 32 bits hold them. */
	if (ckey > UINT32_MAX || mkey > UINT32_MAX || vkey > UINT32_MAX)
		diag_die(LB_OSERR, "%s", _("out of memory"));
	XGROW(fl->fw, (size_t)n + 1, fl->capfw);
	fl->fw[n].class = (uint32_t)ckey;
	fl->fw[n].mentor = (uint32_t)mkey;
	fl->fw[n].volunteer = (uint32_t)vkey;
	cp->volunteers |= *ch->volunteer != '\0';
	if (cp->detail) {
		XGROW(fl->names, (size_t)n + 1, fl->capnames);
		f = &fl->names[n];
		f->id = xstrdup(ch->id);
		f->name = xstrdup(ch->name);
		f->class_name = xstrdup(ch->class);
	}
	return 0;
}

/*
 * Before the roster's first row: with --detail, the name lists (the
 * children counted fill them); school_prov gets the school's province.
 */
static void
roster_start(struct report *r, const struct policy *p,
    const struct metrics_opts *o, struct compute *cp, char *school_prov,
    size_t len)
{
	report_province(p->school_province, school_prov, len);
	if (o->detail) {
		/* report_list_new() moves the lists: take pointers after. */
		(void)report_list_new(r, "incomplete_card");
		(void)report_list_new(r, "no_mentor");
		(void)report_list_new(r, "no_buddy");
		cp->incomplete = &r->list[r->nlist - 3];
		cp->no_mentor = &r->list[r->nlist - 2];
		cp->no_buddy = &r->list[r->nlist - 1];
	}
}

/*
 * One roster row, of values v read at file:line, kept or not by --where:
 * every row, also those --where leaves out, so that an ID counts once.
 * Its child goes into ch (scratch) and fl's schedule; a counted one
 * into every figure.
 */
static void
roster_row_figures(const struct policy *p, const struct metrics_opts *o,
    struct compute *cp, struct followers *fl, struct child *ch,
    const char *const *v, int kept, const char *file, long line,
    const char *school_prov)
{
	size_t gkey, ckey;
	int counted;

	/* Only the rows asked about are warned about. */
	roster_child(ch, p, v, o->day, kept ? file : NULL, line);
	counted = kept && child_active(ch, o->day);
	ckey = kept ? tally_keys_put(&cp->classes, ch->class) : 0;
	/* The children whose log rows count, read in the same pass. */
	if (follow(fl, cp, ch, file, line, counted, ckey) != 0 || !kept)
		return;
	gkey = tally_keys_put(&cp->grades, ch->grade);
	/* 巩固率: transferred and graduated children are no losses. */
	if (ch->status == CHILD_DROPPED)
		rate_add(cp, M_RETENTION, 0, ch->id, gkey, ckey);
	else if (counted)
		count_child(cp, p, ch, v, school_prov, gkey, ckey);
}

/*
 * Stream the roster at path once: its figures into cp, its children into
 * fl's schedule, only the rows q holds for counted (q bound to the
 * file's columns first).  Returns 0, or -1 with *code set after a
 * message: a --where naming no column fails before any row (LB_USAGE).
 */
static int
read_roster(const char *path, struct query *q, const struct policy *p,
    const struct metrics_opts *o, struct compute *cp, struct followers *fl,
    const char *school_prov, int *code)
{
	struct roster_reader *rd;
	const struct csvio_row *h, *row;
	const char *v[RC_COUNT];
	struct child ch;
	int rc, kept = 1, ret = LB_OK;

	if ((rd = roster_open_table(path, p, o->copts, code)) == NULL)
		return -1;
	h = roster_header(rd);
	/* The roster's own extra columns may be asked about too. */
	if (query_bind(q, h->n, (const char *const *)h->v,
	    roster_canon(rd)) != 0) {
		roster_close(rd);
		*code = LB_USAGE;
		return -1;
	}
	progress_file(o->progress, roster_name(rd), path);
	child_init(&ch);
	while ((rc = roster_row(rd, &row, v)) == 1) {
		if (o->progress != NULL)
			progress_add(o->progress, progress_row_bytes(row));
		if (query_on_roster(q) && (kept = query_row(q, row->v,
		    roster_name(rd), row->line)) < 0) {
			ret = LB_DATAERR;
			break;
		}
		roster_row_figures(p, o, cp, fl, &ch, v, kept, roster_name(rd),
		    row->line, school_prov);
	}
	if (rc < 0)
		ret = roster_code(rd);
	child_release(&ch);
	roster_close(rd);
	if (ret != LB_OK) {
		*code = ret;
		return -1;
	}
	return 0;
}

/*
 * tally_emit(), then t emptied: a province's report has a million rows,
 * and the groups they come from need not stay beside them.
 */
static void
emit_free(struct report *r, const char *metric, const char *dim,
    struct tally *t, enum domain dom, long long whole_total, int detail)
{
	tally_emit(r, metric, dim, t, dom, whole_total, detail);
	tally_free(t);
	tally_init(t, t->keys);
}

/*
 * Once the roster is read: what its figures leave out, said, and the
 * name lists sorted (and let go of: report_list_new() moves them).
 */
static void
roster_done(struct compute *cp, const char *school_prov)
{
	if (*school_prov == '\0')
		diag_warn(NULL, 0, 0, _("metric 'parents_out_of_province' "
		    "left out (the policy names no school.province)"));
	report_list_sort(cp->incomplete);
	report_list_sort(cp->no_mentor);
	report_list_sort(cp->no_buddy);
	cp->incomplete = cp->no_mentor = cp->no_buddy = NULL;
}

/*
 * The roster's figures into r's rows, once every row is read (and the
 * log too: the rows are made when the engine's memory is free again).
 */
static void
roster_emit(struct report *r, const struct policy *p,
    const struct metrics_opts *o, struct compute *cp, const char *school_prov)
{
	static const char *const by[] = { "grade", "class" };
	struct report_row *row;
	struct sbuf ids = SBUF_INIT;
	size_t j;
	int k;

	row = report_row(r, "children", "");
	row->count += cp->nactive;
	row->total += cp->nactive;
	if (o->detail) {
		for (j = 0; j < cp->dim[D_CLASS].n; j++) {
			const struct sbuf *c = &cp->dim[D_CLASS].g[j].ids;

			if (ids.len > 0 && c->len > 0)
				sbuf_addc(&ids, ';');
			sbuf_adds(&ids, c->buf);
		}
		free(row->detail);
		row->detail = sbuf_detach(&ids);
	}
	for (k = 0; k < D_N; k++)
		emit_free(r, "children", dims[k], &cp->dim[k], dim_domain[k],
		    cp->nactive, o->detail);
	emit_free(r, "children", "hardship", &cp->hardship, DOM_HARDSHIP,
	    cp->nactive, o->detail);
	for (k = 0; k < M_NRATES; k++) {
		const struct tally *whole = &cp->rate[k][0];

		/* Without the school's province there is nothing to compare
		 * (said after the roster: roster_done()). */
		if (k == M_OUT_OF_PROVINCE && *school_prov == '\0')
			continue;
		tally_emit_whole(r, rate_metrics[k], whole, o->detail);
		for (j = 0; j < 2; j++) {
			counts_to_tally(cp, (int)j, k);
			emit_free(r, rate_metrics[k], by[j],
			    &cp->rate[k][j + 1], DOM_NONE, -1, o->detail);
		}
	}
	emit_free(r, "mentor_load", "mentor", &cp->load, DOM_NONE,
	    p->pairing.max_mentees, o->detail);
	sbuf_release(&ids);
}

/*
 * The contact figures of one metric, compliance or overdue: the whole,
 * by kind, by class and by mentor, over the children followed.  Every
 * kind with a schedule is listed, also at 0 (every kind lb-due can
 * list).  The IDs (with --detail) are those of the children behind the
 * figure, each once per figure however many of its contacts it counts.
 */
struct contacts {
	struct tally_keys kinds;
	struct tally whole, kind, class, mentor;
	size_t *kkey;		/* per policy kind: its number in kinds */
};

static void
contacts_init(struct contacts *t, const struct policy *p,
    struct compute *cp)
{
	size_t k;

	tally_keys_init(&t->kinds);
	tally_init(&t->whole, NULL);
	tally_init(&t->kind, &t->kinds);
	tally_init(&t->class, &cp->classes);
	tally_init(&t->mentor, &cp->mentors);
	t->kkey = xcalloc(p->ncontacts + 1, sizeof(*t->kkey));
	for (k = 0; k < p->ncontacts; k++) {
		t->kkey[k] = tally_keys_put(&t->kinds, p->contacts[k].kind);
		/* The kinds volunteers carry, where no child has one: none
		 * is ever due, and a school without volunteers is not told
		 * of them. */
		if (cadence_scheduled(&p->contacts[k]) &&
		    (p->contacts[k].by_volunteer != VOLUNTEER_ONLY ||
		    cp->volunteers))
			(void)tally_group(&t->kind, t->kkey[k]);
	}
}

/*
 * Child f's figures, all kinds together, once counted by kind: by mentor
 * its mentor's (m) and its volunteer's (v: the kinds volunteers carry),
 * as lb-due's mentor_* columns name them.  With missed, id names the
 * child only in the figures where it missed some (compliance).
 */
static void
contacts_add_child(struct contacts *t, const struct followed *f,
    const long long m[2], const long long v[2], const char *id, int missed)
{
	const char *all = missed && m[1] + v[1] >= m[0] + v[0] ? NULL : id;

	tally_add(&t->whole, 0, m[0] + v[0], m[1] + v[1], all);
	tally_add(&t->class, f->class, m[0] + v[0], m[1] + v[1], all);
	/* No volunteer: the kinds one takes over are the mentor's. */
	if (f->volunteer == f->mentor) {
		tally_add(&t->mentor, f->mentor, m[0] + v[0], m[1] + v[1],
		    all);
		return;
	}
	if (m[0] > 0)
		tally_add(&t->mentor, f->mentor, m[0], m[1],
		    missed && m[1] >= m[0] ? NULL : id);
	if (v[0] > 0)
		tally_add(&t->mentor, f->volunteer, v[0], v[1],
		    missed && v[1] >= v[0] ? NULL : id);
}

static void
contacts_emit(struct contacts *t, struct report *r, const char *metric,
    int detail)
{
	tally_emit_whole(r, metric, &t->whole, detail);
	tally_emit(r, metric, "kind", &t->kind, TALLY_IN_ORDER, -1, detail);
	tally_emit(r, metric, "class", &t->class, DOM_NONE, -1, detail);
	tally_emit(r, metric, "mentor", &t->mentor, DOM_NONE, -1, detail);
	tally_free(&t->whole);
	tally_free(&t->kind);
	tally_free(&t->class);
	tally_free(&t->mentor);
	tally_keys_free(&t->kinds);
	free(t->kkey);
}

/*
 * The figures "compliance" into t (contacts_emit() makes the rows; t
 * must not move: its tallies point at its keys): per child and kind,
 * the contacts that fell due in the period and those done on time
 * (cadence_compliance()); with --detail, the list missed_contacts names
 * each child with a contact missed, and which.
 */
static void
compliance_count(struct report *r, const struct policy *p,
    const struct followers *fl, struct compute *cp, struct contacts *t)
{
	const struct schedule *s = &fl->s;
	struct report_list *missed = NULL;
	struct sbuf note = SBUF_INIT;
	const char *id, *sep = policy_label(p, "list_sep");
	size_t i, k;
	long due, on_time, cdue, con;
	long long c[2][2];	/* the mentor's, the volunteer's: due, on time */

	contacts_init(t, p, cp);
	if (cp->detail)
		missed = report_list_new(r, "missed_contacts");
	for (i = 0; i < s->n; i++) {
		id = fl->names != NULL ? fl->names[i].id : NULL;
		cdue = con = 0;
		memset(c, 0, sizeof(c));
		sbuf_reset(&note);
		for (k = 0; k < p->ncontacts; k++) {
			due = on_time = 0;
			cadence_compliance(s->cad, i, (int)k, &due, &on_time);
			if (due == 0)
				continue;
			tally_add(&t->kind, t->kkey[k], due, on_time,
			    on_time < due ? id : NULL);
			if (missed != NULL && on_time < due)
				sbuf_printf(&note, "%s%s %ld/%ld",
				    note.len > 0 ? sep : "",
				    p->contacts[k].label, on_time, due);
			cdue += due;
			con += on_time;
			c[p->contacts[k].by_volunteer != 0][0] += due;
			c[p->contacts[k].by_volunteer != 0][1] += on_time;
		}
		if (cdue == 0)
			continue;
		contacts_add_child(t, &fl->fw[i], c[0], c[1], id, 1);
		if (missed != NULL && con < cdue)
			report_list_add(missed, id, fl->names[i].name,
			    fl->names[i].class_name, note.buf);
	}
	report_list_sort(missed);
	sbuf_release(&note);
}

/*
 * The figures "overdue" into t: the items lb-due lists with status
 * overdue as of the engine's day (the same engine, fed the same way).
 * count and total are both the number of items.
 */
static void
overdue_count(const struct policy *p, const struct followers *fl,
    struct compute *cp, struct contacts *t)
{
	const struct schedule *s = &fl->s;
	struct cadence_item items[CADENCE_KIND_ITEMS];
	const char *id;
	size_t i, j, k, n, m, late;
	long long c[2][2];	/* the mentor's, the volunteer's */

	contacts_init(t, p, cp);
	for (i = 0; i < s->n; i++) {
		id = fl->names != NULL ? fl->names[i].id : NULL;
		memset(c, 0, sizeof(c));
		for (k = 0, late = 0; k < p->ncontacts; k++) {
			n = cadence_due_of(s->cad, i, (int)k, 0, items);
			for (j = 0, m = 0; j < n; j++)
				m += items[j].days_late > 0;
			if (m == 0)
				continue;
			late += m;
			c[p->contacts[k].by_volunteer != 0][0] +=
			    (long long)m;
			c[p->contacts[k].by_volunteer != 0][1] +=
			    (long long)m;
			tally_add(&t->kind, t->kkey[k], (long long)m,
			    (long long)m, id);
		}
		if (late > 0)
			contacts_add_child(t, &fl->fw[i], c[0], c[1], id, 0);
	}
}

/* What fl holds of the children, freed: the figures are counted. */
static void
followers_free(struct followers *fl)
{
	size_t i;

	for (i = 0; fl->names != NULL && i < fl->s.n; i++) {
		free(fl->names[i].id);
		free(fl->names[i].name);
		free(fl->names[i].class_name);
	}
	free(fl->names);
	free(fl->fw);
	schedule_release(&fl->s);
	memset(fl, 0, sizeof(*fl));
}

int
metrics_compute(struct report *r, const struct policy *p, const char *roster,
    struct query *q, const struct metrics_opts *o, int *code)
{
	struct compute cp;
	struct followers fl;
	struct contacts compliance, overdue;
	char school_prov[128];
	int ret = 0;

	compute_init(&cp, o->detail);
	memset(&fl, 0, sizeof(fl));
	schedule_init(&fl.s, p);
	fl.log = o->log != NULL;
	fl.s.progress = o->progress;
	roster_start(r, p, o, &cp, school_prov, sizeof(school_prov));
	if (read_roster(roster, q, p, o, &cp, &fl, school_prov, code) != 0) {
		ret = -1;
		goto done;
	}
	roster_done(&cp, school_prov);
	if (o->log != NULL) {
		schedule_start(&fl.s, o->day, o->from);
		if (schedule_read_log(&fl.s, o->log, o->copts, code) != 0) {
			ret = -1;
			goto done;
		}
		compliance_count(r, p, &fl, &cp, &compliance);
		overdue_count(p, &fl, &cp, &overdue);
	}
	/*
	 * The rows, in their order, once the engine is gone: at its peak a
	 * province's run holds either the engine or the rows, not both.
	 */
	followers_free(&fl);
	roster_emit(r, p, o, &cp, school_prov);
	if (o->log != NULL) {
		contacts_emit(&compliance, r, "compliance", cp.detail);
		contacts_emit(&overdue, r, "overdue", cp.detail);
	}
	report_set_targets(r, p);
done:
	followers_free(&fl);
	compute_free(&cp);
	return ret;
}
