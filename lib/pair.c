/* pair.c: mentors and buddies for the roster, by min-cost assignment. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assign.h"
#include "classname.h"
#include "diag.h"
#include "i18n.h"
#include "pair.h"
#include "policy.h"
#include "query.h"
#include "roster.h"
#include "sbuf.h"
#include "schema.h"
#include "staff.h"
#include "strmap.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/*
 * Children, teachers and pool students are numbered in the order of their
 * ids, so the result never depends on row order; the children are placed
 * key targets first, then by id.  Classes are compared by their canonical
 * names (classname.h), so that 三(2)班 in the roster is 3-2 of the staff.
 */

/*
 * Volunteers (staff role volunteer) are placed after the mentors, on
 * their own: the children who need most first (case, intervention, key,
 * then general while places remain), each level a least-cost assignment
 * in which a volunteer of another village costs this much more.
 */
#define VOLUNTEER_OTHER_VILLAGE	1

/* Pool students of other classes tried per child, and how far to look. */
#define OTHER_BUDDIES	16
#define BUDDY_SCAN	512

const char *const pair_explain_cols[] = {
	"student_id", "name", "class", "attention", "mentor_id", "mentor_cost",
	"mentor_terms", "buddy_id", "buddy_cost", "buddy_terms",
	"volunteer_id", "volunteer_terms", NULL
};

struct vec {
	size_t *v;
	size_t n, cap;
};

struct teacher {
	const char *id;
	const char *gender;
	const char *village;	/* a volunteer's, "" when not known */
	int head, eligible, cap;
	int volunteer, vcap;	/* may be a volunteer, for that many */
	struct vec classes;	/* class indices */
};

struct pupil {
	const char *id;
	long cls;
	const char *village;
	double acad;
	int eligible;
};

struct mentee {
	size_t row;
	const char *id;
	long cls;
	const char *gender, *village, *attention;
	double acad;
	int key, target, need;	/* need: attention 0 general .. 3 case */
	long mentor, buddy, volunteer;	/* index, or -1 */
	int mkept, bkept, vkept;
	long btried;		/* buddies offered, for messages */
};

struct klass {
	struct vec elig;	/* eligible teachers */
	struct vec pool;	/* eligible buddies */
	int in_roster;		/* some roster row is in it */
	size_t warned;		/* staff row warned about it, plus 1 */
};

struct pr {
	const struct policy *p;
	const struct pairing *w;
	struct table *roster;
	const struct table *staff, *pool;
	struct strmap *cmap, *tmap, *pmap, *vmap;
	struct strmap *written;	/* class names as written -> class + 1 */
	struct klass *cls;
	size_t ncls, capcls;
	struct teacher *t;
	size_t nt, nelig, nvol;	/* teachers, mentors, volunteers */
	struct pupil *pu;
	size_t npu;
	struct vec *village;	/* eligible buddies per village */
	size_t nvillage, capvillage;
	struct mentee *ch;
	size_t nch;
	size_t *order;		/* children by priority */
	int *load, *keyload, *bload, *vload;
	int share;
	int bad;
	struct sbuf name;	/* a class name being canonicalised */
};

static void
vec_push(struct vec *v, size_t x)
{
	XGROW(v->v, v->n + 1, v->cap);
	v->v[v->n++] = x;
}

static int
vec_has(const struct vec *v, size_t x)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->v[i] == x)
			return 1;
	return 0;
}

struct keyed {
	const char *key;
	size_t row;
	int prio;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c;

	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if ((c = strcmp(x->key, y->key)) != 0)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

int
pair_academic(const char *s, double *v)
{
	static const struct {
		const char *band;
		double v;
	} bands[] = {
		{ "优", 90 }, { "優", 90 }, { "良", 80 }, { "中", 70 },
		{ "差", 55 }, { "A", 90 }, { "B", 80 }, { "C", 70 },
		{ "D", 60 }, { "E", 50 }, { "a", 90 }, { "b", 80 },
		{ "c", 70 }, { "d", 60 }, { "e", 50 }
	};
	char *end;
	size_t i;

	*v = -1;
	while (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	for (i = 0; i < sizeof(bands) / sizeof(bands[0]); i++)
		if (strcmp(s, bands[i].band) == 0) {
			*v = bands[i].v;
			return 0;
		}
	if (*s < '0' || *s > '9')
		return -2;
	*v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || *v < 0 || *v > 100) {
		*v = -1;
		return -2;
	}
	return 0;
}

/* The canonical value of a domain column, "" when empty; unknown: error. */
static const char *
norm(struct pr *pr, const struct table *t, size_t r, int col, enum domain d)
{
	const char *v = table_get(t, r, col), *c;
	const char *const *vals;
	struct sbuf sb = SBUF_INIT;
	int err = 0;
	size_t i;

	if (*v == '\0')
		return "";
	if ((c = policy_value(pr->p, d, v, &err)) != NULL)
		return c;
	sbuf_init(&sb);
	vals = schema_domain_values(d);
	for (i = 0; vals != NULL && vals[i] != NULL; i++)
		sbuf_printf(&sb, "%s%s", i > 0 ? ", " : "", vals[i]);
	diag_error(t->name, t->lines[r], 0, err ? _("pattern match limit on "
	    "%s '%s' (expected one of: %s)") : _("unknown %s '%s' (expected "
	    "one of: %s)"), schema_col_name(t->kind, (size_t)col), v, sb.buf);
	sbuf_release(&sb);
	pr->bad = 1;
	return "";
}

/*
 * The class of a name as written, by its canonical name; -1 when blank.
 * A roster writes a few names many times: each is canonicalised once.
 */
static long
class_of(struct pr *pr, const char *written)
{
	long c;

	if ((c = strmap_get(pr->written, written)) >= 0)
		return c - 1;
	sbuf_reset(&pr->name);
	(void)classname_canon(written, &pr->name);
	if (pr->name.len == 0)
		c = -1;
	else if ((c = strmap_get(pr->cmap, pr->name.buf)) < 0) {
		XGROW(pr->cls, pr->ncls + 1, pr->capcls);
		memset(&pr->cls[pr->ncls], 0, sizeof(pr->cls[0]));
		c = (long)pr->ncls++;
		strmap_put(pr->cmap, pr->name.buf, c);
	}
	strmap_put(pr->written, written, c + 1);
	return c;
}

/* Check a file's ids: present and unique.  Returns rows sorted by id. */
static struct keyed *
sorted_ids(struct pr *pr, const struct table *t, int col, const char *what,
    struct strmap *map)
{
	struct keyed *k = xcalloc(t->nrows + 1, sizeof(*k));
	size_t r;
	long first;

	for (r = 0; r < t->nrows; r++) {
		k[r].key = table_get(t, r, col);
		k[r].row = r;
		if (*k[r].key == '\0') {
			diag_error(t->name, t->lines[r], 0, _("missing %s "
			    "(expected an id in every row)"), what);
			pr->bad = 1;
			continue;
		}
		first = strmap_put(map, k[r].key, (long)r);
		if (first != (long)r) {
			diag_error(t->name, t->lines[r], 0, _("duplicate %s "
			    "'%s' (first on line %ld)"), what, k[r].key,
			    t->lines[first]);
			pr->bad = 1;
		}
	}
	qsort(k, t->nrows, sizeof(*k), cmp_keyed);
	return k;
}

/*
 * The class of the next name of a staff row's classes *q: its text is
 * *name, *len bytes.  Returns -2 at the end of the list.
 */
static long
next_class(struct pr *pr, const char **q, const char **name, size_t *len)
{
	char *written;
	long c;

	if ((*len = classname_list_next(q, name)) == 0)
		return -2;
	written = xstrndup(*name, *len);
	c = class_of(pr, written);
	free(written);
	return c;
}

static int
in_roles(const struct pairing *w, const char *role)
{
	size_t i;

	for (i = 0; i < w->nmentor_roles; i++)
		if (strcmp(w->mentor_roles[i], role) == 0)
			return 1;
	return 0;
}

static void
load_staff(struct pr *pr)
{
	const struct table *s = pr->staff;
	struct keyed *k;
	const char *role, *active, *q, *name;
	size_t i, r, len;
	long c;

	k = sorted_ids(pr, s, SC_STAFF_ID, "staff_id", pr->tmap);
	pr->nt = s->nrows;
	pr->t = xcalloc(pr->nt + 1, sizeof(*pr->t));
	for (i = 0; i < pr->nt; i++) {
		struct teacher *t = &pr->t[i];

		r = k[i].row;
		t->id = k[i].key;
		strmap_set(pr->tmap, t->id, (long)i);
		t->gender = norm(pr, s, r, SC_GENDER, DOM_GENDER);
		role = norm(pr, s, r, SC_ROLE, DOM_ROLE);
		active = norm(pr, s, r, SC_ACTIVE, DOM_YESNO);
		t->head = strcmp(role, "head_teacher") == 0;
		t->eligible = strcmp(active, "no") != 0 && *t->id != '\0' &&
		    in_roles(pr->w, role);
		t->volunteer = strcmp(active, "no") != 0 && *t->id != '\0' &&
		    strcmp(role, "volunteer") == 0;
		t->village = table_get(s, r, SC_VILLAGE);
		if (staff_capacity(s, r, pr->w->max_mentees, &t->cap) != 0)
			pr->bad = 1;
		/* A volunteer's own max_mentees, else the volunteers' default. */
		t->vcap = *table_get(s, r, SC_MAX_MENTEES) != '\0' ? t->cap :
		    pr->w->volunteer_max;
		if (t->eligible)
			pr->nelig++;
		if (t->volunteer)
			pr->nvol++;
		q = table_get(s, r, SC_CLASSES);
		while ((c = next_class(pr, &q, &name, &len)) != -2)
			if (c >= 0 && !vec_has(&t->classes, (size_t)c)) {
				vec_push(&t->classes, (size_t)c);
				if (t->eligible)
					vec_push(&pr->cls[c].elig, i);
			}
	}
	free(k);
}

/*
 * Warn of a class of the staff list that no roster row is in (a typo, or
 * a form classname_canon() does not know), once per staff row and class;
 * not when the roster holds no class at all.
 */
static void
check_staff_classes(struct pr *pr)
{
	const struct table *s = pr->staff;
	const char *q, *name;
	size_t i, r, len;
	long c;
	int any = 0;

	for (i = 0; i < pr->ncls; i++)
		any |= pr->cls[i].in_roster;
	for (r = 0; any && r < s->nrows; r++) {
		q = table_get(s, r, SC_CLASSES);
		while ((c = next_class(pr, &q, &name, &len)) != -2) {
			if (c < 0 || pr->cls[c].in_roster ||
			    pr->cls[c].warned == r + 1)
				continue;
			pr->cls[c].warned = r + 1;
			diag_warn(s->name, s->lines[r], 0, _("class '%.*s' of "
			    "'%s' matches no class of %s"), (int)len, name,
			    table_get(s, r, SC_STAFF_ID), pr->roster->name);
		}
	}
}

static long
village_of(struct pr *pr, const char *name)
{
	long v;

	if (*name == '\0')
		return -1;
	if ((v = strmap_get(pr->vmap, name)) >= 0)
		return v;
	XGROW(pr->village, pr->nvillage + 1, pr->capvillage);
	memset(&pr->village[pr->nvillage], 0, sizeof(pr->village[0]));
	strmap_put(pr->vmap, name, (long)pr->nvillage);
	return (long)pr->nvillage++;
}

static double
academic(struct pr *pr, const struct table *t, size_t r, int col)
{
	const char *s = table_get(t, r, col);
	double v;

	if (pair_academic(s, &v) == -2) {
		diag_error(t->name, t->lines[r], 0, _("bad academic '%s' "
		    "(expected 0-100, a band %s or A-E)"), s, "优/良/中/差");
		pr->bad = 1;
	}
	return v;
}


/* The active children, numbered by id; lb gets the left-behind ones. */
static void
load_roster(struct pr *pr, struct query *query, date_t as_of,
    struct strmap *lb)
{
	struct table *ro = pr->roster;
	struct strmap *ids = strmap_new();
	struct keyed *k, *prio;
	struct child c;
	const char *left, *v[RC_COUNT];
	size_t i, r;
	long cls;
	int m;

	k = sorted_ids(pr, ro, RC_STUDENT_ID, "student_id", ids);
	strmap_free(ids);
	child_init(&c);
	pr->ch = xcalloc(ro->nrows + 1, sizeof(*pr->ch));
	prio = xcalloc(ro->nrows + 1, sizeof(*prio));
	for (i = 0; i < ro->nrows; i++) {
		struct mentee *ch = &pr->ch[pr->nch];

		r = k[i].row;
		/* Checked here (an unknown status is an error), then the
		 * roster model says whether the child is in the programme. */
		(void)norm(pr, ro, r, RC_STATUS, DOM_STATUS);
		roster_row_values(ro, r, v);
		roster_child(&c, pr->p, v, as_of, NULL, 0);
		left = norm(pr, ro, r, RC_LEFT_BEHIND, DOM_LEFT_BEHIND);
		/* Checked (an unknown value is an error); the value used is
		 * the roster model's, below. */
		(void)norm(pr, ro, r, RC_ATTENTION, DOM_ATTENTION);
		ch->gender = norm(pr, ro, r, RC_GENDER, DOM_GENDER);
		ch->acad = academic(pr, ro, r, RC_ACADEMIC);
		/* Every row's class is one of the roster's, for the check of
		 * the staff list's classes. */
		if ((cls = class_of(pr, table_get(ro, r, RC_CLASS))) >= 0)
			pr->cls[cls].in_roster = 1;
		if (!child_active(&c, as_of))
			continue;
		ch->row = r;
		ch->id = k[i].key;
		ch->cls = cls;
		ch->village = table_get(ro, r, RC_VILLAGE);
		/* Key targets first: the attention the roster model gives
		 * (an empty one from the key rules, as lb-enroll fills it). */
		ch->attention = schema_domain_values(DOM_ATTENTION)[c.attention];
		ch->key = c.attention > 0;
		ch->need = c.attention;
		ch->mentor = ch->buddy = ch->volunteer = -1;
		if (strcmp(left, "none") != 0 && *ch->id != '\0')
			strmap_put(lb, ch->id, 1);
		ch->target = 1;
		/* Tested as the other commands test it: normalised. */
		if (query != NULL) {
			m = query_row(query, ro->rows[r], ro->name,
			    ro->lines[r]);
			if (m < 0)
				pr->bad = 1;
			ch->target = m == 1;
		}
		prio[pr->nch].key = ch->id;
		prio[pr->nch].row = pr->nch;
		prio[pr->nch].prio = ch->key ? 0 : 1;
		pr->nch++;
	}
	qsort(prio, pr->nch, sizeof(*prio), cmp_keyed);
	pr->order = xcalloc(pr->nch + 1, sizeof(*pr->order));
	for (i = 0; i < pr->nch; i++)
		pr->order[i] = prio[i].row;
	free(prio);
	child_release(&c);
	free(k);
}

/*
 * A pool student's left_behind: a kind, or yes or no, as a class list's
 * 是否留守 column mostly holds (yes: some kind, so no buddy; no: none).
 */
static const char *
pool_left_behind(struct pr *pr, size_t r)
{
	const char *v = table_get(pr->pool, r, PC_LEFT_BEHIND), *c;
	int err = 0;

	if (*v != '\0' && policy_value(pr->p, DOM_LEFT_BEHIND, v, &err) ==
	    NULL && !err && (c = policy_value(pr->p, DOM_YESNO, v, &err)) !=
	    NULL)
		return strcmp(c, "no") == 0 ? "none" : "yes";
	return norm(pr, pr->pool, r, PC_LEFT_BEHIND, DOM_LEFT_BEHIND);
}

static void
load_pool(struct pr *pr, const struct strmap *lb)
{
	const struct table *po = pr->pool;
	struct keyed *k;
	const char *left;
	size_t i, r;
	long v;

	k = sorted_ids(pr, po, PC_STUDENT_ID, "student_id", pr->pmap);
	pr->npu = po->nrows;
	pr->pu = xcalloc(pr->npu + 1, sizeof(*pr->pu));
	for (i = 0; i < pr->npu; i++) {
		struct pupil *pu = &pr->pu[i];

		r = k[i].row;
		pu->id = k[i].key;
		strmap_set(pr->pmap, pu->id, (long)i);
		pu->cls = class_of(pr, table_get(po, r, PC_CLASS));
		pu->village = table_get(po, r, PC_VILLAGE);
		pu->acad = academic(pr, po, r, PC_ACADEMIC);
		(void)norm(pr, po, r, PC_GENDER, DOM_GENDER);
		left = pool_left_behind(pr, r);
		pu->eligible = (*left == '\0' || strcmp(left, "none") == 0) &&
		    *pu->id != '\0' && strmap_get(lb, pu->id) < 0;
		if (!pu->eligible)
			continue;
		if (pu->cls >= 0)
			vec_push(&pr->cls[pu->cls].pool, i);
		if ((v = village_of(pr, pu->village)) >= 0)
			vec_push(&pr->village[v], i);
	}
	free(k);
}

static void
term(struct sbuf *sb, const char *name, long long v, long long *sum)
{
	if (v == 0)
		return;
	*sum += v;
	if (sb != NULL)
		sbuf_printf(sb, "%s%s=%lld", sb->len > 0 ? " " : "", name, v);
}

/*
 * The terms of mentor t that do not depend on the child's class, for a
 * child of this gender, key target or not.  The load terms depend on the
 * result: with final, they are those of t's final load (for --explain);
 * else only the part fixed during the solve is counted (the rest is
 * mentor_unit's).
 */
static long long
teacher_cost(const struct pr *pr, const char *gender, int key, size_t t,
    int final, struct sbuf *sb)
{
	const struct pairing *w = pr->w;
	const struct teacher *te = &pr->t[t];
	long long sum = 0;

	term(sb, "not_head_teacher", te->head ? 0 : w->w_not_head_teacher,
	    &sum);
	term(sb, "gender_mismatch", *gender != '\0' && *te->gender != '\0' &&
	    strcmp(gender, te->gender) != 0 ? w->w_gender_mismatch : 0, &sum);
	if (final) {
		term(sb, "over_share", pr->load[t] > pr->share ?
		    (long long)w->w_over_share * (pr->load[t] - pr->share) : 0,
		    &sum);
		term(sb, "key_to_loaded", (long long)w->w_key_to_loaded *
		    (key ? pr->load[t] - 1 : pr->keyload[t]), &sum);
	} else if (!key)
		term(sb, "key_to_loaded", (long long)w->w_key_to_loaded *
		    pr->keyload[t], &sum);
	return sum;
}

/* The cost of mentor t for ch and its terms (as teacher_cost). */
static long long
mentor_cost(const struct pr *pr, const struct mentee *ch, size_t t, int final,
    struct sbuf *sb)
{
	long long sum = 0;

	term(sb, "other_class", ch->cls >= 0 && vec_has(&pr->t[t].classes,
	    (size_t)ch->cls) ? 0 : pr->w->w_other_class, &sum);
	return sum + teacher_cost(pr, ch->gender, ch->key, t, final, sb);
}

struct unitctx {
	struct pr *pr;
	int key;
};

/* The k-th new mentee of t: convex in the load, so it spreads children. */
static long long
mentor_unit(void *ctx, size_t t, int k)
{
	struct unitctx *u = ctx;
	struct pr *pr = u->pr;
	long long l = (long long)pr->load[t] + k, c = 0;

	if (l + 1 > pr->share)
		c += (long long)pr->w->w_over_share * (l + 1 - pr->share);
	if (u->key)
		c += (long long)pr->w->w_key_to_loaded * l;
	return c;
}

/* The hub arcs being built, hub by hub. */
struct hubs {
	size_t *first, *to;	/* as in struct assign_problem */
	long long *cost;
	size_t narc, cap;
};

static void
hub_arc(struct hubs *hb, size_t to, long long cost)
{
	if (hb->narc == hb->cap) {
		hb->cap = hb->cap ? hb->cap * 2 : 64;
		hb->to = xreallocarray(hb->to, hb->cap, sizeof(*hb->to));
		hb->cost = xreallocarray(hb->cost, hb->cap, sizeof(*hb->cost));
	}
	hb->to[hb->narc] = to;
	hb->cost[hb->narc++] = cost;
}

/*
 * Place the children kids[0..n) (in priority order) with mentors.
 *
 * Children of one class and gender cost the same with every teacher, so
 * each child has one arc, to the hub of its class and gender (cost 0);
 * that hub has an arc to each eligible teacher of the class with room
 * (the teacher's terms, teacher_cost) and one, costing other_class, to
 * the hub of its gender, which has an arc to every eligible teacher with
 * room.  A child without a class goes to its gender's hub directly, at
 * other_class.  The gender splits the hubs only when gender_mismatch has
 * a weight.  So the least-cost assignment is over all eligible teachers,
 * every child can reach every free place, and the solver's searches
 * visit hubs and teachers only, however many children there are.
 */
static void
mentor_phase(struct pr *pr, const size_t *kids, size_t n, int key)
{
	struct assign_problem ap;
	struct unitctx u = { pr, key };
	struct hubs hb = { NULL, NULL, NULL, 0, 0 };
	const char **gname = xcalloc(n + 1, sizeof(*gname));
	size_t *gi = xcalloc(n + 1, sizeof(*gi)), *to = xcalloc(n + 1,
	    sizeof(*to)), *first = xcalloc(n + 1, sizeof(*first));
	size_t ng = 0, nk = 0, i, a, h, t, g, *khub, *kof;
	long long *cost = xcalloc(n + 1, sizeof(*cost));
	const struct vec *own;
	int *cap = xcalloc(pr->nt + 1, sizeof(*cap));
	long *match = xcalloc(n + 1, sizeof(*match));

	for (t = 0; t < pr->nt; t++)
		cap[t] = pr->t[t].eligible && pr->t[t].cap > pr->load[t] ?
		    pr->t[t].cap - pr->load[t] : 0;
	/* The genders, then a hub per class and gender met, in order. */
	for (i = 0; i < n; i++) {
		const char *gender = pr->w->w_gender_mismatch != 0 ?
		    pr->ch[kids[i]].gender : "";

		for (g = 0; g < ng && strcmp(gname[g], gender) != 0; g++)
			;
		if (g == ng)
			gname[ng++] = gender;
		gi[i] = g;
	}
	khub = xmalloc((pr->ncls * ng + 1) * sizeof(*khub));
	for (a = 0; a < pr->ncls * ng; a++)
		khub[a] = SIZE_MAX;
	kof = xcalloc(n + 1, sizeof(*kof));
	for (i = 0; i < n; i++) {
		const struct mentee *ch = &pr->ch[kids[i]];

		first[i] = i;
		if (ch->cls < 0)
			continue;
		a = (size_t)ch->cls * ng + gi[i];
		if (khub[a] == SIZE_MAX) {
			kof[nk] = i;
			khub[a] = nk++;
		}
		to[i] = pr->nt + khub[a];
	}
	first[n] = n;
	for (i = 0; i < n; i++)
		if (pr->ch[kids[i]].cls < 0) {
			to[i] = pr->nt + nk + gi[i];
			cost[i] = pr->w->w_other_class;
		}

	/* Class hubs first (the first child of each tells its class and
	 * gender), then the gender hubs. */
	hb.first = xcalloc(nk + ng + 1, sizeof(*hb.first));
	for (h = 0; h < nk; h++) {
		i = kof[h];
		hb.first[h] = hb.narc;
		own = &pr->cls[pr->ch[kids[i]].cls].elig;
		for (a = 0; a < own->n; a++)
			if (cap[own->v[a]] > 0)
				hub_arc(&hb, own->v[a], teacher_cost(pr,
				    gname[gi[i]], key, own->v[a], 0, NULL));
		hub_arc(&hb, pr->nt + nk + gi[i], pr->w->w_other_class);
	}
	for (g = 0; g < ng; g++) {
		hb.first[nk + g] = hb.narc;
		for (t = 0; t < pr->nt; t++)
			if (cap[t] > 0)
				hub_arc(&hb, t, teacher_cost(pr, gname[g], key,
				    t, 0, NULL));
	}
	hb.first[nk + ng] = hb.narc;

	memset(&ap, 0, sizeof(ap));
	ap.nleft = n;
	ap.nright = pr->nt;
	ap.nhub = nk + ng;
	ap.first = first;
	ap.to = to;
	ap.cost = cost;
	ap.hfirst = hb.first;
	ap.hto = hb.to;
	ap.hcost = hb.cost;
	ap.cap = cap;
	ap.unit_cost = mentor_unit;
	ap.ctx = &u;
	if (n > 0)
		(void)assign_solve(&ap, match);
	for (i = 0; i < n; i++) {
		if (match[i] < 0)
			continue;
		pr->ch[kids[i]].mentor = match[i];
		pr->load[match[i]]++;
		if (key)
			pr->keyload[match[i]]++;
	}
	free(gname);
	free(gi);
	free(to);
	free(first);
	free(cost);
	free(khub);
	free(kof);
	free(hb.first);
	free(hb.to);
	free(hb.cost);
	free(cap);
	free(match);
}

static long long
buddy_cost(const struct pr *pr, const struct mentee *ch, size_t b,
    struct sbuf *sb)
{
	const struct pairing *w = pr->w;
	const struct pupil *pu = &pr->pu[b];
	long long sum = 0;

	term(sb, "other_class", pu->cls == ch->cls ? 0 :
	    w->w_buddy_other_class, &sum);
	term(sb, "not_stronger", ch->acad >= 0 && (pu->acad < 0 ||
	    pu->acad < ch->acad + w->buddy_margin) ?
	    w->w_buddy_not_stronger : 0, &sum);
	term(sb, "other_village", *ch->village != '\0' &&
	    *pu->village != '\0' && strcmp(ch->village, pu->village) != 0 ?
	    w->w_buddy_other_village : 0, &sum);
	return sum;
}

static void
buddy_candidates(struct pr *pr, struct mentee *ch, struct vec *out)
{
	const struct vec *v;
	size_t i, other = 0;
	long vi, self = strmap_get(pr->pmap, ch->id);	/* in the pool too */

	out->n = 0;
	if (ch->cls >= 0) {
		v = &pr->cls[ch->cls].pool;
		for (i = 0; i < v->n; i++)
			if ((long)v->v[i] != self)
				vec_push(out, v->v[i]);
	}
	/* Other classes only when allowed, and only the stronger pupils of
	 * the child's village: the few worth an arc. */
	if (!pr->w->buddy_same_class_required && *ch->village != '\0' &&
	    (vi = strmap_get(pr->vmap, ch->village)) >= 0) {
		v = &pr->village[vi];
		for (i = 0; i < v->n && i < BUDDY_SCAN &&
		    other < OTHER_BUDDIES; i++) {
			const struct pupil *pu = &pr->pu[v->v[i]];

			if (pu->cls == ch->cls || (long)v->v[i] == self)
				continue;
			if (ch->acad >= 0 && (pu->acad < 0 ||
			    pu->acad < ch->acad + pr->w->buddy_margin))
				continue;
			vec_push(out, v->v[i]);
			other++;
		}
	}
	ch->btried = (long)out->n;
}

static void
buddy_phase(struct pr *pr, const size_t *kids, size_t n)
{
	struct assign_problem ap;
	struct vec cand = { NULL, 0, 0 };
	size_t *first, *to = NULL, nto = 0, capto = 0, capcost = 0, i, a;
	long long *cost = NULL;
	int *cap = xcalloc(pr->npu + 1, sizeof(*cap));
	long *match = xcalloc(n + 1, sizeof(*match));

	first = xcalloc(n + 1, sizeof(*first));
	for (i = 0; i < n; i++) {
		struct mentee *ch = &pr->ch[kids[i]];

		first[i] = nto;
		buddy_candidates(pr, ch, &cand);
		for (a = 0; a < cand.n; a++) {
			XGROW(to, nto + 1, capto);
			XGROW(cost, nto + 1, capcost);
			to[nto] = cand.v[a];
			cost[nto++] = buddy_cost(pr, ch, cand.v[a], NULL);
		}
	}
	first[n] = nto;
	for (i = 0; i < pr->npu; i++)
		cap[i] = pr->pu[i].eligible && pr->w->buddy_max > pr->bload[i] ?
		    pr->w->buddy_max - pr->bload[i] : 0;
	memset(&ap, 0, sizeof(ap));
	ap.nleft = n;
	ap.nright = pr->npu;
	ap.first = first;
	ap.to = to;
	ap.cost = cost;
	ap.cap = cap;
	if (n > 0)
		(void)assign_solve(&ap, match);
	for (i = 0; i < n; i++) {
		if (match[i] < 0)
			continue;
		pr->ch[kids[i]].buddy = match[i];
		pr->bload[match[i]]++;
	}
	free(first);
	free(to);
	free(cost);
	free(cand.v);
	free(cap);
	free(match);
}

/*
 * Keep the pairs that are still valid: children outside --where first
 * (they are not touched, so their mentors' load is fixed), then the
 * others in priority order, as long as the mentor has room.
 */
static void
keep_pairs(struct pr *pr, int rebalance)
{
	const char *v;
	size_t o;
	long t, b;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (o = 0; o < pr->nch; o++) {
			struct mentee *ch = &pr->ch[pr->order[o]];

			if (ch->target != pass || (pass && rebalance))
				continue;
			v = table_get(pr->roster, ch->row, RC_MENTOR_ID);
			t = *v != '\0' ? strmap_get(pr->tmap, v) : -1;
			if (t >= 0 && pr->t[t].eligible &&
			    (!pass || pr->load[t] < pr->t[t].cap)) {
				ch->mentor = t;
				ch->mkept = 1;
				pr->load[t]++;
				if (ch->key)
					pr->keyload[t]++;
			}
			if (pr->pool == NULL)
				continue;
			v = table_get(pr->roster, ch->row, RC_BUDDY_ID);
			b = *v != '\0' ? strmap_get(pr->pmap, v) : -1;
			/* A buddy who moved class is replaced when the
			 * policy requires the same class. */
			if (b >= 0 && pr->pu[b].eligible &&
			    strcmp(pr->pu[b].id, ch->id) != 0 &&
			    (!pr->w->buddy_same_class_required ||
			    pr->pu[b].cls == ch->cls) &&
			    (!pass || pr->bload[b] < pr->w->buddy_max)) {
				ch->buddy = b;
				ch->bkept = 1;
				pr->bload[b]++;
			}
		}
	}
}

/*
 * Keep the volunteers still valid, as keep_pairs() keeps mentors: the
 * children outside --where first, then the others, those who need most
 * first, as long as the volunteer has room.
 */
static void
keep_volunteers(struct pr *pr, int rebalance)
{
	const char *v;
	size_t o;
	long t;
	int pass, need;

	for (pass = 0; pass < 2; pass++)
		for (need = 3; need >= 0; need--)
			for (o = 0; o < pr->nch; o++) {
				struct mentee *ch = &pr->ch[pr->order[o]];

				if (ch->target != pass || ch->need != need ||
				    (pass && rebalance))
					continue;
				v = table_get(pr->roster, ch->row,
				    RC_VOLUNTEER_ID);
				t = *v != '\0' ? strmap_get(pr->tmap, v) : -1;
				if (t < 0 || !pr->t[t].volunteer || (pass &&
				    pr->vload[t] >= pr->t[t].vcap))
					continue;
				ch->volunteer = t;
				ch->vkept = 1;
				pr->vload[t]++;
			}
}

/*
 * A volunteer of village vol lives in the child's village child: the
 * same name, or the volunteer's is the start of the child's (a volunteer
 * of 青山村 lives in 青山村一组 too; a roster names the 组).
 */
static int
same_village(const char *child, const char *vol)
{
	return *vol != '\0' && strncmp(child, vol, strlen(vol)) == 0;
}

/*
 * Place the children kids[0..n) (in priority order, all of one level of
 * need) with volunteers.  Children of one village cost the same with
 * every volunteer, so each child has one arc, to the hub of its village
 * (cost 0); that hub has an arc to each volunteer of the village with
 * room (0) and one to the hub "any village" (VOLUNTEER_OTHER_VILLAGE),
 * which has an arc to every volunteer with room.  A child whose village
 * is not known goes to "any village" directly, at the same cost.
 */
static void
volunteer_phase(struct pr *pr, const size_t *kids, size_t n)
{
	struct assign_problem ap;
	struct hubs hb = { NULL, NULL, NULL, 0, 0 };
	struct strmap *vh = strmap_new();	/* village -> hub */
	struct vec *of;		/* per village hub: its volunteers */
	size_t *first = xcalloc(n + 1, sizeof(*first)), *to = xcalloc(n + 1,
	    sizeof(*to)), nh = 0, any, i, t, h;
	long long *cost = xcalloc(n + 1, sizeof(*cost));
	int *cap = xcalloc(pr->nt + 1, sizeof(*cap));
	long *match = xcalloc(n + 1, sizeof(*match)), x;
	const char **hname = xcalloc(n + 1, sizeof(*hname));

	for (i = 0; i < n; i++) {
		const char *vil = pr->ch[kids[i]].village;

		first[i] = i;
		to[i] = SIZE_MAX;
		if (*vil == '\0')
			continue;
		if ((x = strmap_get(vh, vil)) < 0) {
			hname[nh] = vil;
			x = (long)nh++;
			strmap_put(vh, vil, x);
		}
		to[i] = pr->nt + (size_t)x;
	}
	first[n] = n;
	any = nh;
	for (i = 0; i < n; i++)
		if (to[i] == SIZE_MAX) {
			to[i] = pr->nt + any;
			cost[i] = VOLUNTEER_OTHER_VILLAGE;
		}
	of = xcalloc(nh + 1, sizeof(*of));
	for (t = 0; t < pr->nt; t++) {
		const struct teacher *te = &pr->t[t];

		cap[t] = te->volunteer && te->vcap > pr->vload[t] ?
		    te->vcap - pr->vload[t] : 0;
		if (cap[t] > 0 && *te->village != '\0')
			for (h = 0; h < nh; h++)
				if (same_village(hname[h], te->village))
					vec_push(&of[h], t);
	}
	hb.first = xcalloc(nh + 2, sizeof(*hb.first));
	for (h = 0; h < nh; h++) {
		hb.first[h] = hb.narc;
		for (i = 0; i < of[h].n; i++)
			hub_arc(&hb, of[h].v[i], 0);
		hub_arc(&hb, pr->nt + any, VOLUNTEER_OTHER_VILLAGE);
	}
	hb.first[any] = hb.narc;
	for (t = 0; t < pr->nt; t++)
		if (cap[t] > 0)
			hub_arc(&hb, t, 0);
	hb.first[any + 1] = hb.narc;

	memset(&ap, 0, sizeof(ap));
	ap.nleft = n;
	ap.nright = pr->nt;
	ap.nhub = nh + 1;
	ap.first = first;
	ap.to = to;
	ap.cost = cost;
	ap.hfirst = hb.first;
	ap.hto = hb.to;
	ap.hcost = hb.cost;
	ap.cap = cap;
	if (n > 0)
		(void)assign_solve(&ap, match);
	for (i = 0; i < n; i++)
		if (match[i] >= 0) {
			pr->ch[kids[i]].volunteer = match[i];
			pr->vload[match[i]]++;
		}
	for (h = 0; h < nh; h++)
		free(of[h].v);
	free(of);
	free(hname);
	strmap_free(vh);
	free(first);
	free(to);
	free(cost);
	free(cap);
	free(match);
	free(hb.first);
	free(hb.to);
	free(hb.cost);
}

/* Why a child has no volunteer: every volunteer is full. */
static void
no_volunteer(const struct pr *pr, struct sbuf *sb)
{
	if (pr->nvol == 1)
		sbuf_printf(sb, _("the only volunteer is full"));
	else
		sbuf_printf(sb, _("all %zu volunteers are full"), pr->nvol);
}

/*
 * Why a child has no mentor, in one sentence: whole sentences, not
 * pieces, so that a translation can order the words its own way.  Every
 * child can reach every eligible teacher, so a child is left without one
 * only when no eligible teacher has room left.
 */
static void
no_mentor(struct pr *pr, struct sbuf *sb)
{
	if (pr->nelig == 0)
		sbuf_printf(sb, _("no active teacher in the staff list may "
		    "mentor"));
	else if (pr->nelig == 1)
		sbuf_printf(sb, _("the only eligible teacher is full"));
	else
		sbuf_printf(sb, _("all %zu eligible teachers are full"),
		    pr->nelig);
}

static void
no_buddy(struct pr *pr, const struct mentee *ch, struct sbuf *sb)
{
	const char *cls = table_get(pr->roster, ch->row, RC_CLASS);

	if (ch->btried == 0 && pr->w->buddy_same_class_required)
		sbuf_printf(sb, _("no eligible buddy in class %s"), cls);
	else if (ch->btried == 0)
		sbuf_printf(sb, _("no eligible buddy in class %s or in the "
		    "same village"), cls);
	else if (ch->btried == 1)
		sbuf_printf(sb, _("the only eligible buddy is taken"));
	else if (pr->w->buddy_same_class_required)
		sbuf_printf(sb, _("all %ld eligible buddies of class %s are "
		    "taken"), ch->btried, cls);
	else
		sbuf_printf(sb, _("all %ld eligible buddies tried are taken"),
		    ch->btried);
}

static void
explain_row(struct pr *pr, const struct mentee *ch, struct pair_explain *ex)
{
	struct sbuf sb = SBUF_INIT;
	char **row = xcalloc(PAIR_EXPLAIN_NCOLS, sizeof(*row));
	long long cost;

	sbuf_init(&sb);
	row[0] = xstrdup(ch->id);
	row[1] = xstrdup(table_get(pr->roster, ch->row, RC_NAME));
	row[2] = xstrdup(table_get(pr->roster, ch->row, RC_CLASS));
	row[3] = xstrdup(ch->attention);
	if (ch->mentor >= 0) {
		row[4] = xstrdup(pr->t[ch->mentor].id);
		if (ch->mkept)
			sbuf_adds(&sb, "kept");
		cost = mentor_cost(pr, ch, (size_t)ch->mentor, 1, &sb);
		row[5] = xmalloc(24);
		snprintf(row[5], 24, "%lld", cost);
	} else {
		row[4] = xstrdup("");
		row[5] = xstrdup("");
		sbuf_adds(&sb, "unpaired: ");
		no_mentor(pr, &sb);
	}
	row[6] = sbuf_detach(&sb);
	sbuf_init(&sb);
	if (pr->pool == NULL) {
		row[7] = xstrdup(table_get(pr->roster, ch->row, RC_BUDDY_ID));
		row[8] = xstrdup("");
	} else if (ch->buddy >= 0) {
		row[7] = xstrdup(pr->pu[ch->buddy].id);
		if (ch->bkept)
			sbuf_adds(&sb, "kept");
		cost = buddy_cost(pr, ch, (size_t)ch->buddy, &sb);
		row[8] = xmalloc(24);
		snprintf(row[8], 24, "%lld", cost);
	} else {
		row[7] = xstrdup("");
		row[8] = xstrdup("");
		sbuf_adds(&sb, "unpaired: ");
		no_buddy(pr, ch, &sb);
	}
	row[9] = sbuf_detach(&sb);
	sbuf_init(&sb);
	if (pr->nvol == 0)
		row[10] = xstrdup(table_get(pr->roster, ch->row,
		    RC_VOLUNTEER_ID));
	else if (ch->volunteer >= 0) {
		const struct teacher *te = &pr->t[ch->volunteer];

		row[10] = xstrdup(te->id);
		if (ch->vkept)
			sbuf_adds(&sb, "kept ");
		sbuf_adds(&sb, same_village(ch->village, te->village) ?
		    "same_village" : "other_village");
	} else {
		row[10] = xstrdup("");
		sbuf_adds(&sb, "unpaired: ");
		no_volunteer(pr, &sb);
	}
	row[11] = sbuf_detach(&sb);
	ex->rows[ex->nrows++] = row;
}

/*
 * Children are left without a mentor only when every place is taken:
 * say how many places are missing, of how many.  A teacher holding more
 * than max_mentees (kept pairs outside --where) counts as many places as
 * children held.
 */
static void
places_missing(const struct pr *pr, long nomentor)
{
	long places = 0, needed = nomentor;
	size_t t;

	for (t = 0; t < pr->nt; t++) {
		if (!pr->t[t].eligible)
			continue;
		places += pr->load[t] > pr->t[t].cap ? pr->load[t] :
		    pr->t[t].cap;
		needed += pr->load[t];
	}
	diag_error(NULL, 0, 0, P_("%ld child without a mentor: %ld place "
	    "missing (capacity %ld, needed %ld)", "%ld children without a "
	    "mentor: %ld places missing (capacity %ld, needed %ld)",
	    (unsigned long)nomentor), nomentor, needed - places, places,
	    needed);
}

void
pair_explain_free(struct pair_explain *e)
{
	size_t r, c;

	if (e == NULL)
		return;
	for (r = 0; r < e->nrows; r++) {
		for (c = 0; c < PAIR_EXPLAIN_NCOLS; c++)
			free(e->rows[r][c]);
		free(e->rows[r]);
	}
	free(e->rows);
	e->rows = NULL;
	e->nrows = 0;
}

static void
pr_free(struct pr *pr)
{
	size_t i;

	for (i = 0; i < pr->ncls; i++) {
		free(pr->cls[i].elig.v);
		free(pr->cls[i].pool.v);
	}
	free(pr->cls);
	for (i = 0; i < pr->nt; i++)
		free(pr->t[i].classes.v);
	free(pr->t);
	for (i = 0; i < pr->nvillage; i++)
		free(pr->village[i].v);
	free(pr->village);
	free(pr->pu);
	free(pr->ch);
	free(pr->order);
	free(pr->load);
	free(pr->keyload);
	free(pr->bload);
	free(pr->vload);
	strmap_free(pr->cmap);
	strmap_free(pr->tmap);
	strmap_free(pr->pmap);
	strmap_free(pr->vmap);
	strmap_free(pr->written);
	sbuf_release(&pr->name);
}

int
pair_roster(struct table *roster, const struct table *staff,
    const struct table *pool, const struct policy *p,
    const struct pair_opts *o, long *unpaired, struct pair_explain *explain)
{
	struct pr pr;
	struct strmap *lb = strmap_new();
	struct sbuf sb = SBUF_INIT;
	size_t *kids, nkey = 0, n = 0, i, r;
	long *child_at, nomentor = 0, needy = 0;
	int ret = -1, need;

	memset(&pr, 0, sizeof(pr));
	pr.p = p;
	pr.w = &p->pairing;
	pr.roster = roster;
	pr.staff = staff;
	pr.pool = pool;
	pr.cmap = strmap_new();
	pr.tmap = strmap_new();
	pr.pmap = strmap_new();
	pr.vmap = strmap_new();
	pr.written = strmap_new();
	*unpaired = 0;
	sbuf_init(&sb);
	sbuf_init(&pr.name);

	/* Every file is checked whole before anything changes. */
	load_staff(&pr);
	load_roster(&pr, o->query, o->as_of, lb);
	if (pool != NULL)
		load_pool(&pr, lb);
	strmap_free(lb);
	check_staff_classes(&pr);
	if (pr.bad)
		goto done;

	pr.load = xcalloc(pr.nt + 1, sizeof(*pr.load));
	pr.keyload = xcalloc(pr.nt + 1, sizeof(*pr.keyload));
	pr.bload = xcalloc(pr.npu + 1, sizeof(*pr.bload));
	pr.share = pr.nelig > 0 ? (int)((pr.nch + pr.nelig - 1) / pr.nelig) : 0;
	keep_pairs(&pr, o->rebalance);

	/* Key targets first, on their own, then everyone else. */
	kids = xcalloc(pr.nch + 1, sizeof(*kids));
	for (i = 0; i < pr.nch; i++) {
		struct mentee *ch = &pr.ch[pr.order[i]];

		if (ch->target && ch->mentor < 0 && ch->key)
			kids[nkey++] = pr.order[i];
	}
	mentor_phase(&pr, kids, nkey, 1);
	for (i = 0; i < pr.nch; i++) {
		struct mentee *ch = &pr.ch[pr.order[i]];

		if (ch->target && ch->mentor < 0 && !ch->key)
			kids[n++] = pr.order[i];
	}
	mentor_phase(&pr, kids, n, 0);
	if (pool != NULL) {
		for (i = n = 0; i < pr.nch; i++) {
			struct mentee *ch = &pr.ch[pr.order[i]];

			if (ch->target && ch->buddy < 0)
				kids[n++] = pr.order[i];
		}
		buddy_phase(&pr, kids, n);
	}
	/* Volunteers, when the staff list has some: the neediest first. */
	if (pr.nvol > 0) {
		pr.vload = xcalloc(pr.nt + 1, sizeof(*pr.vload));
		keep_volunteers(&pr, o->rebalance);
		for (need = 3; need >= 0; need--) {
			for (i = n = 0; i < pr.nch; i++) {
				struct mentee *ch = &pr.ch[pr.order[i]];

				if (ch->target && ch->volunteer < 0 &&
				    ch->need == need)
					kids[n++] = pr.order[i];
			}
			volunteer_phase(&pr, kids, n);
		}
	}
	free(kids);

	/* Results, messages and explanations in roster order. */
	table_add_col(roster, RC_MENTOR_ID);
	table_add_col(roster, RC_BUDDY_ID);
	table_add_col(roster, RC_VOLUNTEER_ID);
	child_at = xmalloc((roster->nrows + 1) * sizeof(*child_at));
	for (r = 0; r < roster->nrows; r++)
		child_at[r] = -1;
	for (i = 0; i < pr.nch; i++)
		child_at[pr.ch[i].row] = (long)i;
	if (o->explain && explain != NULL)
		explain->rows = xreallocarray(explain->rows, explain->nrows +
		    pr.nch + 1, sizeof(*explain->rows));
	for (r = 0; r < roster->nrows; r++) {
		struct mentee *ch;
		int missing = 0;

		if (child_at[r] < 0 || !pr.ch[child_at[r]].target)
			continue;
		ch = &pr.ch[child_at[r]];
		table_set(roster, r, RC_MENTOR_ID,
		    ch->mentor >= 0 ? pr.t[ch->mentor].id : "");
		if (ch->mentor < 0) {
			sbuf_reset(&sb);
			no_mentor(&pr, &sb);
			diag_error(roster->name, roster->lines[r], 0,
			    _("no mentor for '%s' (%s)"), ch->id, sb.buf);
			missing = 1;
			nomentor++;
		}
		if (pool != NULL) {
			table_set(roster, r, RC_BUDDY_ID,
			    ch->buddy >= 0 ? pr.pu[ch->buddy].id : "");
			if (ch->buddy < 0) {
				sbuf_reset(&sb);
				no_buddy(&pr, ch, &sb);
				diag_error(roster->name, roster->lines[r], 0,
				    _("no buddy for '%s' (%s)"), ch->id,
				    sb.buf);
				missing = 1;
			}
		}
		if (pr.nvol > 0) {
			table_set(roster, r, RC_VOLUNTEER_ID,
			    ch->volunteer >= 0 ? pr.t[ch->volunteer].id : "");
			needy += ch->volunteer < 0 && ch->need > 0;
		}
		*unpaired += missing;
		if (o->explain && explain != NULL)
			explain_row(&pr, ch, explain);
	}
	free(child_at);
	if (nomentor > 0)
		places_missing(&pr, nomentor);
	/* Volunteers are more than a school must have: a warning. */
	if (needy > 0) {
		sbuf_reset(&sb);
		no_volunteer(&pr, &sb);
		diag_warn(NULL, 0, 0, P_("%ld child of attention key or above "
		    "without a volunteer (%s)", "%ld children of attention key "
		    "or above without a volunteer (%s)", (unsigned long)needy),
		    needy, sb.buf);
	}
	ret = 0;
done:
	sbuf_release(&sb);
	pr_free(&pr);
	return ret;
}
