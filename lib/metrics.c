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

struct compute {
	/* Group values: grades, classes, mentors, and the rest. */
	struct tally_keys grades, classes, mentors, values;
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
 * One active child ch, of roster values v: every breakdown and rate.
 * gkey and ckey are the numbers of its grade and class.
 */
static void
count_child(struct compute *cp, const struct policy *p, const struct child *ch,
    const char **v, const char *school_prov, size_t gkey, size_t ckey)
{
	static const char *const attention[] = { "general", "key",
		"intervention", "case" };
	const char *id = cp->detail ? ch->id : NULL, *s, *e, *item;
	const char *left_behind;
	char prov[128];
	struct sbuf missing = SBUF_INIT, lb = SBUF_INIT, sb = SBUF_INIT;
	int hit[M_NRATES], in[M_NRATES], k;
	size_t key[D_N];
	long visits;
	size_t n;

	cp->nactive++;
	left_behind = canon(p, DOM_LEFT_BEHIND, v[RC_LEFT_BEHIND],
	    strlen(v[RC_LEFT_BEHIND]), &lb);
	key[D_LEFT_BEHIND] = tally_keys_put(&cp->values, left_behind);
	key[D_ATTENTION] = tally_keys_put(&cp->values,
	    attention[ch->attention]);
	key[D_GENDER] = tally_keys_put(&cp->values, canon(p, DOM_GENDER,
	    v[RC_GENDER], strlen(v[RC_GENDER]), &sb));
	key[D_GRADE] = gkey;
	key[D_CLASS] = ckey;
	key[D_VILLAGE] = tally_keys_put(&cp->values, ch->village);
	for (k = 0; k < D_N; k++)
		tally_add(&cp->dim[k], key[k], 1, 1, id);
	/* A child with two hardships counts in both groups. */
	for (s = v[RC_HARDSHIP]; *s != '\0'; s = e == NULL ? s + n : e + 1) {
		e = strchr(s, ';');
		n = e == NULL ? strlen(s) : (size_t)(e - s);
		item = canon(p, DOM_HARDSHIP, s, n, &sb);
		if (*item != '\0')
			tally_add(&cp->hardship, tally_keys_put(&cp->values,
			    item), 1, 1, id);
	}

	for (k = 0; k < M_NRATES; k++)
		in[k] = 1, hit[k] = 0;
	hit[M_ARCHIVE] = card_missing(p, (char *const *)v, &missing) == 0;
	hit[M_PAIRING] = *ch->mentor != '\0';
	hit[M_BUDDY] = *ch->buddy != '\0';
	hit[M_RETENTION] = 1;
	hit[M_VACCINATION] = strcmp(canon(p, DOM_VACCINATION,
	    v[RC_VACCINATION], strlen(v[RC_VACCINATION]), &sb),
	    "complete") == 0;
	hit[M_TRAINING] = strcmp(canon(p, DOM_YESNO, v[RC_GUARDIAN_TRAINED],
	    strlen(v[RC_GUARDIAN_TRAINED]), &sb), "yes") == 0;
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
	    v[RC_GUARDIAN_RELATION], strlen(v[RC_GUARDIAN_RELATION]), &sb));
	s = canon(p, DOM_EDUCATION, v[RC_GUARDIAN_EDUCATION],
	    strlen(v[RC_GUARDIAN_EDUCATION]), &sb);
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
			sbuf_reset(&missing);
			missing_labels(p, v, &missing);
			report_list_add(cp->incomplete, ch->id, ch->name,
			    ch->class, missing.buf);
		}
		if (!hit[M_PAIRING])
			report_list_add(cp->no_mentor, ch->id, ch->name,
			    ch->class, "");
		if (!hit[M_BUDDY])
			report_list_add(cp->no_buddy, ch->id, ch->name,
			    ch->class, "");
	}
	sbuf_release(&missing);
	sbuf_release(&lb);
	sbuf_release(&sb);
}

/* Per child followed: its roster row and the numbers of its groups. */
struct followed {
	size_t row;
	size_t class, mentor;	/* mentor SIZE_MAX for none */
};

/* The children whose contacts are counted, as the roster is read. */
struct followers {
	struct schedule s;
	struct followed *fw;	/* per child followed */
	size_t capfw;
	struct tally_keys classes, mentors;
};

static void follow(struct followers *, const struct child *, size_t,
    const struct table *, int, date_t);

/* The roster's figures; with fl, its children added to the schedule too. */
static void
roster_figures(struct report *r, const struct policy *p,
    const struct table *roster, const struct metrics_opts *o,
    struct followers *fl)
{
	static const char *const by[] = { "grade", "class" };
	struct compute cp;
	struct report_row *row;
	struct child ch;
	struct sbuf ids = SBUF_INIT;
	const char *v[RC_COUNT];
	char school_prov[128];
	size_t i, j, gkey, ckey;
	int k, kept;

	memset(&cp, 0, sizeof(cp));
	cp.detail = o->detail;
	tally_keys_init(&cp.grades);
	tally_keys_init(&cp.classes);
	tally_keys_init(&cp.mentors);
	tally_keys_init(&cp.values);
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
			tally_keys_put_all(&cp.values,
			    schema_domain_values(dim_domain[k]));
	tally_keys_put_all(&cp.values, schema_domain_values(DOM_HARDSHIP));
	for (k = 0; k < M_NRATES; k++) {
		tally_init(&cp.rate[k][0], NULL);
		tally_init(&cp.rate[k][1], &cp.grades);
		tally_init(&cp.rate[k][2], &cp.classes);
	}
	report_province(p->school_province, school_prov, sizeof(school_prov));
	if (o->detail) {
		/* report_list_new() moves the lists: take pointers after. */
		(void)report_list_new(r, "incomplete_card");
		(void)report_list_new(r, "no_mentor");
		(void)report_list_new(r, "no_buddy");
		cp.incomplete = &r->list[r->nlist - 3];
		cp.no_mentor = &r->list[r->nlist - 2];
		cp.no_buddy = &r->list[r->nlist - 1];
	}

	child_init(&ch);
	for (i = 0; i < roster->nrows; i++) {
		if (o->keep != NULL && !o->keep[i] && fl == NULL)
			continue;
		kept = o->keep == NULL || o->keep[i];
		roster_row_values(roster, i, v);
		/* Only the rows asked about are warned about. */
		roster_child(&ch, p, v, o->day, kept ? roster->name : NULL,
		    roster->lines[i]);
		/* The children whose log rows count, read in the same pass. */
		if (fl != NULL)
			follow(fl, &ch, i, roster, kept, o->day);
		if (!kept)
			continue;
		gkey = tally_keys_put(&cp.grades, ch.grade);
		ckey = tally_keys_put(&cp.classes, ch.class);
		/* 巩固率: transferred and graduated children are no losses. */
		if (ch.status == CHILD_DROPPED)
			rate_add(&cp, M_RETENTION, 0, ch.id, gkey, ckey);
		else if (child_active(&ch, o->day))
			count_child(&cp, p, &ch, v, school_prov, gkey, ckey);
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
		tally_emit_whole(r, rate_metrics[k], whole, o->detail);
		for (j = 0; j < 2; j++)
			tally_emit(r, rate_metrics[k], by[j], &cp.rate[k][j + 1],
			    DOM_NONE, -1, o->detail);
	}
	tally_emit(r, "mentor_load", "mentor", &cp.load, DOM_NONE,
	    p->pairing.max_mentees, o->detail);
	report_list_sort(cp.incomplete);
	report_list_sort(cp.no_mentor);
	report_list_sort(cp.no_buddy);
	report_set_targets(r, p);
	for (k = 0; k < D_N; k++)
		tally_free(&cp.dim[k]);
	tally_free(&cp.hardship);
	tally_free(&cp.load);
	for (k = 0; k < M_NRATES; k++)
		for (j = 0; j < 3; j++)
			tally_free(&cp.rate[k][j]);
	tally_keys_free(&cp.grades);
	tally_keys_free(&cp.classes);
	tally_keys_free(&cp.mentors);
	tally_keys_free(&cp.values);
	sbuf_release(&ids);
}

/* Contacts: compliance over the period, and what is overdue at its end. */


/*
 * Rows "compliance" for the whole, by kind, by class and by mentor: per
 * child and kind, the contacts due and those on time.  The IDs (with
 * --detail) are those with a contact missed, each once per figure: in a
 * kind's at its first kind missed, in the others' at the child's first.
 */
static void
compliance_rows(struct report *r, const struct policy *p,
    const struct schedule *s, const struct table *roster,
    const struct followed *fw, struct tally_keys *classes,
    struct tally_keys *mentors, int detail)
{
	struct tally_keys kinds;
	struct tally whole, kind, class, mentor;
	struct report_list *overdue = NULL;
	struct sbuf note = SBUF_INIT;
	const char *id = NULL, *sep = policy_label(p, "list_sep");
	size_t i, k, *kkey = xcalloc(p->ncontacts + 1, sizeof(*kkey));
	long due, on_time, cdue, con;
	struct child ch;

	tally_keys_init(&kinds);
	tally_init(&whole, NULL);
	tally_init(&kind, &kinds);
	tally_init(&class, classes);
	tally_init(&mentor, mentors);
	child_init(&ch);
	if (detail)
		overdue = report_list_new(r, "missed_contacts");
	for (k = 0; k < p->ncontacts; k++) {
		kkey[k] = tally_keys_put(&kinds, p->contacts[k].kind);
		/* Kinds without a schedule are never due: SIZE_MAX, skipped. */
		if (cadence_scheduled(&p->contacts[k]))
			(void)tally_group(&kind, kkey[k]);
		else
			kkey[k] = SIZE_MAX;
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

			if (kkey[k] == SIZE_MAX)
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
			report_list_add(overdue, id, ch.name, ch.class,
			    note.buf);
	}
	/* The same ID once per figure even when it missed several. */
	tally_emit_whole(r, "compliance", &whole, detail);
	tally_emit(r, "compliance", "kind", &kind, TALLY_IN_ORDER, -1, detail);
	tally_emit(r, "compliance", "class", &class, DOM_NONE, -1, detail);
	tally_emit(r, "compliance", "mentor", &mentor, DOM_NONE, -1, detail);
	report_list_sort(overdue);
	tally_free(&whole);
	tally_free(&kind);
	tally_free(&class);
	tally_free(&mentor);
	tally_keys_free(&kinds);
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
    const struct followed *fw, struct tally_keys *classes,
    struct tally_keys *mentors, int detail)
{
	struct cadence_item items[CADENCE_KIND_ITEMS];
	struct tally_keys kinds;
	struct tally whole, kind, class, mentor;
	const char *id = NULL;
	size_t i, j, k, n, m, late, *kkey = xcalloc(p->ncontacts + 1,
	    sizeof(*kkey));
	const struct followed *f;

	tally_keys_init(&kinds);
	tally_init(&whole, NULL);
	tally_init(&kind, &kinds);
	tally_init(&class, classes);
	tally_init(&mentor, mentors);
	/* Every kind lb-due can list, also when none is overdue. */
	for (k = 0; k < p->ncontacts; k++) {
		kkey[k] = tally_keys_put(&kinds, p->contacts[k].kind);
		if (cadence_scheduled(&p->contacts[k]))
			(void)tally_group(&kind, kkey[k]);
	}
	for (i = 0; i < s->n; i++) {
		f = &fw[i];
		if (detail)
			id = table_get(roster, f->row, RC_STUDENT_ID);
		/* A child's items counted together: its ID once a figure. */
		for (k = 0, late = 0; k < p->ncontacts; k++) {
			n = cadence_due_of(s->cad, i, (int)k, 0, items);
			for (j = 0, m = 0; j < n; j++)
				m += items[j].days_late > 0;
			if (m == 0)
				continue;
			late += m;
			tally_add(&kind, kkey[k], (long long)m, (long long)m,
			    id);
		}
		if (late == 0)
			continue;
		tally_add(&whole, 0, (long long)late, (long long)late, id);
		tally_add(&class, f->class, (long long)late, (long long)late,
		    id);
		if (f->mentor != SIZE_MAX)
			tally_add(&mentor, f->mentor, (long long)late,
			    (long long)late, id);
	}
	tally_emit_whole(r, "overdue", &whole, detail);
	tally_emit(r, "overdue", "kind", &kind, TALLY_IN_ORDER, -1, detail);
	tally_emit(r, "overdue", "mentor", &mentor, DOM_NONE, -1, detail);
	tally_emit(r, "overdue", "class", &class, DOM_NONE, -1, detail);
	free(kkey);
	tally_free(&whole);
	tally_free(&kind);
	tally_free(&class);
	tally_free(&mentor);
	tally_keys_free(&kinds);
}

/*
 * Add roster row i's child ch to fl's schedule: followed when counted
 * (kept by --where, in the programme on day), else only known, so that
 * its log rows are skipped without a warning.
 */
static void
follow(struct followers *fl, const struct child *ch, size_t i,
    const struct table *roster, int kept, date_t day)
{
	long n;

	if (*ch->id == '\0')
		return;
	n = schedule_add(&fl->s, ch, kept && child_active(ch, day),
	    roster->name, roster->lines[i]);
	if (n < 0)
		return;
	XGROW(fl->fw, (size_t)n + 1, fl->capfw);
	fl->fw[n].row = i;
	fl->fw[n].class = tally_keys_put(&fl->classes, ch->class);
	fl->fw[n].mentor = *ch->mentor != '\0' ?
	    tally_keys_put(&fl->mentors, ch->mentor) : SIZE_MAX;
}

int
metrics_compute(struct report *r, const struct policy *p,
    const struct table *roster, const struct metrics_opts *o, int *code)
{
	struct followers fl;
	int ret = 0;

	if (o->log == NULL) {
		roster_figures(r, p, roster, o, NULL);
		return 0;
	}
	memset(&fl, 0, sizeof(fl));
	schedule_init(&fl.s, p);
	tally_keys_init(&fl.classes);
	tally_keys_init(&fl.mentors);
	roster_figures(r, p, roster, o, &fl);
	schedule_start(&fl.s, o->day, o->from);
	if (schedule_read_log(&fl.s, o->log, o->copts, code) == 0) {
		compliance_rows(r, p, &fl.s, roster, fl.fw, &fl.classes,
		    &fl.mentors, o->detail);
		overdue_rows(r, p, &fl.s, roster, fl.fw, &fl.classes,
		    &fl.mentors, o->detail);
		r->has_compliance = 1;
		report_set_targets(r, p);
	} else
		ret = -1;
	schedule_release(&fl.s);
	tally_keys_free(&fl.classes);
	tally_keys_free(&fl.mentors);
	free(fl.fw);
	return ret;
}
