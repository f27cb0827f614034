/* pair.c: mentors and buddies for the roster, by min-cost assignment. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "i18n.h"
#include "pair.h"
#include "policy.h"
#include "query.h"
#include "sbuf.h"
#include "schema.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/*
 * The engine.  Nodes are the left nodes 0..n-1, the right nodes n..n+m-1
 * and the sink n+m.  Residual arcs: left i -> right j for every arc of i
 * except its current match, right j -> left i (cost negated) for every i
 * matched to j, right j -> sink while j has room.  Potentials keep every
 * reduced cost c + pot[u] - pot[v] non-negative, so Dijkstra applies; the
 * sink's potential stays 0 because the search ends when it is reached.
 */

struct heapent {
	long long d;
	size_t v;
};

struct solver {
	const struct pair_problem *pp;
	size_t n, m, sink;
	long long *pot, *dist, *pcost;
	long *prev;
	unsigned *seen, *done, stamp;
	long *match;
	long long *mcost;
	int *load;
	long *head, *next, *prevm;	/* members of each right node */
	struct heapent *heap;
	size_t nheap, capheap;
	size_t *final;
	size_t nfinal;
};

static int
heap_less(const struct heapent *a, const struct heapent *b)
{
	return a->d < b->d || (a->d == b->d && a->v < b->v);
}

static void
heap_push(struct solver *s, long long d, size_t v)
{
	size_t i, up;
	struct heapent e = { d, v };

	XGROW(s->heap, s->nheap + 1, s->capheap);
	i = s->nheap++;
	while (i > 0) {
		up = (i - 1) / 2;
		if (!heap_less(&e, &s->heap[up]))
			break;
		s->heap[i] = s->heap[up];
		i = up;
	}
	s->heap[i] = e;
}

static struct heapent
heap_pop(struct solver *s)
{
	struct heapent top = s->heap[0], last = s->heap[--s->nheap];
	size_t i = 0, c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= s->nheap)
			break;
		if (c + 1 < s->nheap && heap_less(&s->heap[c + 1], &s->heap[c]))
			c++;
		if (!heap_less(&s->heap[c], &last))
			break;
		s->heap[i] = s->heap[c];
		i = c;
	}
	if (s->nheap > 0)
		s->heap[i] = last;
	return top;
}

static long long
unit(const struct solver *s, size_t j, int k)
{
	if (s->pp->unit_cost == NULL)
		return 0;
	return s->pp->unit_cost(s->pp->ctx, j, k);
}

/* Relax the arc into v: a strictly shorter path wins, so ties keep the
 * first path found, which came from the node popped first. */
static void
relax(struct solver *s, size_t v, long long d, long from, long long raw)
{
	if (s->seen[v] == s->stamp && s->dist[v] <= d)
		return;
	s->seen[v] = s->stamp;
	s->dist[v] = d;
	s->prev[v] = from;
	s->pcost[v] = raw;
	heap_push(s, d, v);
}

static void
unlink_member(struct solver *s, size_t i, size_t j)
{
	if (s->prevm[i] >= 0)
		s->next[s->prevm[i]] = s->next[i];
	else
		s->head[j] = s->next[i];
	if (s->next[i] >= 0)
		s->prevm[s->next[i]] = s->prevm[i];
}

static void
link_member(struct solver *s, size_t i, size_t j)
{
	s->prevm[i] = -1;
	s->next[i] = s->head[j];
	if (s->head[j] >= 0)
		s->prevm[s->head[j]] = (long)i;
	s->head[j] = (long)i;
}

/* Add left node root by a shortest augmenting path; 0 when there is none. */
static int
augment(struct solver *s, size_t root)
{
	const struct pair_problem *pp = s->pp;
	struct heapent e;
	size_t v, a, j, f;
	long i, old;
	long long d;

	s->stamp++;
	s->nheap = 0;
	s->nfinal = 0;
	relax(s, root, 0, -1, 0);
	while (s->nheap > 0) {
		e = heap_pop(s);
		v = e.v;
		if (s->done[v] == s->stamp || e.d != s->dist[v])
			continue;
		s->done[v] = s->stamp;
		if (v == s->sink)
			break;
		s->final[s->nfinal++] = v;
		if (v < s->n) {
			for (a = pp->first[v]; a < pp->first[v + 1]; a++) {
				j = pp->to[a];
				if ((long)j == s->match[v])
					continue;
				relax(s, s->n + j, e.d + pp->cost[a] + s->pot[v] -
				    s->pot[s->n + j], (long)v, pp->cost[a]);
			}
			continue;
		}
		j = v - s->n;
		if (s->load[j] < pp->cap[j])
			relax(s, s->sink, e.d + unit(s, j, s->load[j]) +
			    s->pot[v], (long)v, 0);
		for (i = s->head[j]; i >= 0; i = s->next[i])
			relax(s, (size_t)i, e.d - s->mcost[i] + s->pot[v] -
			    s->pot[i], (long)v, 0);
	}
	if (s->done[s->sink] != s->stamp)
		return 0;
	d = s->dist[s->sink];
	for (f = 0; f < s->nfinal; f++)
		s->pot[s->final[f]] += s->dist[s->final[f]] - d;

	/* Walk back: each child on the path moves to the next teacher. */
	j = (size_t)s->prev[s->sink] - s->n;
	s->load[j]++;
	for (;;) {
		i = s->prev[s->n + j];
		old = s->match[i];
		if (old >= 0)
			unlink_member(s, (size_t)i, (size_t)old);
		s->match[i] = (long)j;
		s->mcost[i] = s->pcost[s->n + j];
		link_member(s, (size_t)i, j);
		if (old < 0)
			break;
		j = (size_t)old;
	}
	return 1;
}

long long
pair_solve(const struct pair_problem *pp, long *match)
{
	struct solver s;
	size_t i, nn;
	long long total = 0;
	int *units;

	memset(&s, 0, sizeof(s));
	s.pp = pp;
	s.n = pp->nleft;
	s.m = pp->nright;
	s.sink = s.n + s.m;
	nn = s.n + s.m + 1;
	s.pot = xcalloc(nn, sizeof(*s.pot));
	s.dist = xcalloc(nn, sizeof(*s.dist));
	s.pcost = xcalloc(nn, sizeof(*s.pcost));
	s.prev = xcalloc(nn, sizeof(*s.prev));
	s.seen = xcalloc(nn, sizeof(*s.seen));
	s.done = xcalloc(nn, sizeof(*s.done));
	s.final = xcalloc(nn, sizeof(*s.final));
	s.match = match;
	s.mcost = xcalloc(s.n + 1, sizeof(*s.mcost));
	s.load = xcalloc(s.m + 1, sizeof(*s.load));
	s.head = xmalloc((s.m + 1) * sizeof(*s.head));
	s.next = xmalloc((s.n + 1) * sizeof(*s.next));
	s.prevm = xmalloc((s.n + 1) * sizeof(*s.prevm));
	for (i = 0; i < s.m; i++)
		s.head[i] = -1;
	for (i = 0; i < s.n; i++)
		match[i] = -1;
	for (i = 0; i < s.n; i++)
		(void)augment(&s, i);

	for (i = 0; i < s.n; i++)
		if (match[i] >= 0)
			total += s.mcost[i];
	units = s.load;
	for (i = 0; i < s.m; i++)
		for (int k = 0; k < units[i]; k++)
			total += unit(&s, i, k);

	free(s.pot);
	free(s.dist);
	free(s.pcost);
	free(s.prev);
	free(s.seen);
	free(s.done);
	free(s.final);
	free(s.mcost);
	free(s.load);
	free(s.head);
	free(s.next);
	free(s.prevm);
	free(s.heap);
	return total;
}

/*
 * The roster level.  Children, teachers and pool students are numbered in
 * the order of their ids, so the result never depends on row order; the
 * children are placed key targets first, then by id.
 */

/* Candidates beyond the child's own class, per child. */
#define NEIGHBOURS	16
/* With no teacher of its class at all, a child may go to any eligible
 * teacher when there are at most this many (one small school). */
#define SMALL_SCHOOL	64
/* Pool students of other classes tried per child, and how far to look. */
#define OTHER_BUDDIES	16
#define BUDDY_SCAN	512

const char *const pair_explain_cols[] = {
	"student_id", "name", "class", "attention", "mentor_id", "mentor_cost",
	"mentor_terms", "buddy_id", "buddy_cost", "buddy_terms", NULL
};

struct vec {
	size_t *v;
	size_t n, cap;
};

struct teacher {
	const char *id;
	size_t row;
	const char *gender;
	int head, eligible, cap;
	struct vec classes;	/* class indices */
};

struct pupil {
	const char *id;
	size_t row;
	long cls;
	const char *village;
	double acad;
	int eligible;
};

struct child {
	size_t row;
	const char *id;
	long cls;
	const char *gender, *village, *attention;
	double acad;
	int key, target;
	long mentor, buddy;	/* index, or -1 */
	int mkept, bkept;
	long mtried, btried;	/* candidates offered, for messages */
	int mown;		/* of which in its own class */
};

struct klass {
	struct vec all;		/* every teacher of the class */
	struct vec elig;	/* eligible teachers */
	struct vec nb;		/* eligible teachers nearby */
	int nb_done;
	struct vec pool;	/* eligible buddies */
};

struct pr {
	const struct policy *p;
	const struct pairing *w;
	struct table *roster;
	const struct table *staff, *pool;
	struct strmap *cmap, *tmap, *pmap, *vmap;
	struct klass *cls;
	size_t ncls, capcls;
	struct teacher *t;
	size_t nt, nelig;
	struct pupil *pu;
	size_t npu;
	struct vec *village;	/* eligible buddies per village */
	size_t nvillage, capvillage;
	struct child *ch;
	size_t nch;
	size_t *order;		/* children by priority */
	int *load, *keyload, *bload;
	int share;
	int bad;
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

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
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

static long
class_of(struct pr *pr, const char *name)
{
	long c = strmap_get(pr->cmap, name);

	if (c >= 0)
		return c;
	XGROW(pr->cls, pr->ncls + 1, pr->capcls);
	memset(&pr->cls[pr->ncls], 0, sizeof(pr->cls[0]));
	strmap_put(pr->cmap, name, (long)pr->ncls);
	return (long)pr->ncls++;
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
	const char *role, *active, *v, *q, *e;
	char *end, *name;
	size_t i, r;
	long n;

	k = sorted_ids(pr, s, SC_STAFF_ID, "staff_id", pr->tmap);
	pr->nt = s->nrows;
	pr->t = xcalloc(pr->nt + 1, sizeof(*pr->t));
	for (i = 0; i < pr->nt; i++) {
		struct teacher *t = &pr->t[i];

		r = k[i].row;
		t->id = k[i].key;
		t->row = r;
		strmap_set(pr->tmap, t->id, (long)i);
		t->gender = norm(pr, s, r, SC_GENDER, DOM_GENDER);
		role = norm(pr, s, r, SC_ROLE, DOM_ROLE);
		active = norm(pr, s, r, SC_ACTIVE, DOM_YESNO);
		t->head = strcmp(role, "head_teacher") == 0;
		t->eligible = strcmp(active, "no") != 0 && *t->id != '\0' &&
		    in_roles(pr->w, role);
		v = table_get(s, r, SC_MAX_MENTEES);
		t->cap = pr->w->max_mentees;
		if (*v != '\0') {
			n = strtol(v, &end, 10);
			if (*v < '0' || *v > '9' || *end != '\0' || n > 100000) {
				diag_error(s->name, s->lines[r], 0, _("bad "
				    "max_mentees '%s' (expected a whole number, "
				    "0 or more)"), v);
				pr->bad = 1;
			} else
				t->cap = (int)n;
		}
		if (t->eligible)
			pr->nelig++;
		/* classes: "3-1;3-2", also with full-width semicolons */
		for (q = table_get(s, r, SC_CLASSES); *q != '\0'; q = e) {
			while (*q == ' ' || *q == ';')
				q++;
			if (strncmp(q, "；", 3) == 0) {
				e = q + 3;
				continue;
			}
			for (e = q; *e != '\0' && *e != ';' &&
			    strncmp(e, "；", 3) != 0; e++)
				;
			n = (long)(e - q);
			while (n > 0 && q[n - 1] == ' ')
				n--;
			if (n == 0)
				continue;
			name = xstrndup(q, (size_t)n);
			n = class_of(pr, name);
			free(name);
			if (!vec_has(&t->classes, (size_t)n)) {
				vec_push(&t->classes, (size_t)n);
				vec_push(&pr->cls[n].all, i);
				if (t->eligible)
					vec_push(&pr->cls[n].elig, i);
			}
		}
	}
	free(k);
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

static int
is_key(const char *attention)
{
	return strcmp(attention, "key") == 0 ||
	    strcmp(attention, "intervention") == 0 ||
	    strcmp(attention, "case") == 0;
}


/* The active children, numbered by id; lb gets the left-behind ones. */
static void
load_roster(struct pr *pr, struct query *query, struct strmap *lb)
{
	struct table *ro = pr->roster;
	struct strmap *ids = strmap_new();
	struct keyed *k, *prio;
	const char *status, *left;
	size_t i, r;
	int m;

	k = sorted_ids(pr, ro, RC_STUDENT_ID, "student_id", ids);
	strmap_free(ids);
	pr->ch = xcalloc(ro->nrows + 1, sizeof(*pr->ch));
	prio = xcalloc(ro->nrows + 1, sizeof(*prio));
	for (i = 0; i < ro->nrows; i++) {
		struct child *ch = &pr->ch[pr->nch];

		r = k[i].row;
		status = norm(pr, ro, r, RC_STATUS, DOM_STATUS);
		left = norm(pr, ro, r, RC_LEFT_BEHIND, DOM_LEFT_BEHIND);
		ch->attention = norm(pr, ro, r, RC_ATTENTION, DOM_ATTENTION);
		ch->gender = norm(pr, ro, r, RC_GENDER, DOM_GENDER);
		ch->acad = academic(pr, ro, r, RC_ACADEMIC);
		if (*status != '\0' && strcmp(status, "active") != 0)
			continue;
		ch->row = r;
		ch->id = k[i].key;
		ch->cls = *table_get(ro, r, RC_CLASS) != '\0' ?
		    class_of(pr, table_get(ro, r, RC_CLASS)) : -1;
		ch->village = table_get(ro, r, RC_VILLAGE);
		ch->key = is_key(ch->attention);
		ch->mentor = ch->buddy = -1;
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
	free(k);
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
		pu->row = r;
		strmap_set(pr->pmap, pu->id, (long)i);
		pu->cls = *table_get(po, r, PC_CLASS) != '\0' ?
		    class_of(pr, table_get(po, r, PC_CLASS)) : -1;
		pu->village = table_get(po, r, PC_VILLAGE);
		pu->acad = academic(pr, po, r, PC_ACADEMIC);
		(void)norm(pr, po, r, PC_GENDER, DOM_GENDER);
		left = norm(pr, po, r, PC_LEFT_BEHIND, DOM_LEFT_BEHIND);
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

/* Eligible teachers who share a class with a teacher of class c. */
static const struct vec *
neighbours(struct pr *pr, size_t c, unsigned char *mark)
{
	struct klass *k = &pr->cls[c];
	size_t a, b, x, t, u;

	if (k->nb_done)
		return &k->nb;
	k->nb_done = 1;
	for (a = 0; a < k->elig.n; a++)
		mark[k->elig.v[a]] = 1;
	for (a = 0; a < k->all.n; a++) {
		t = k->all.v[a];
		for (b = 0; b < pr->t[t].classes.n; b++) {
			const struct vec *e = &pr->cls[pr->t[t].classes.v[b]].elig;

			for (x = 0; x < e->n; x++) {
				u = e->v[x];
				if (!mark[u]) {
					mark[u] = 1;
					vec_push(&k->nb, u);
				}
			}
		}
	}
	for (a = 0; a < k->elig.n; a++)
		mark[k->elig.v[a]] = 0;
	for (a = 0; a < k->nb.n; a++)
		mark[k->nb.v[a]] = 0;
	/* Head teachers first, then by id: the cheapest others. */
	for (a = 0; a < k->nb.n; a++)
		if (!pr->t[k->nb.v[a]].head)
			k->nb.v[a] += pr->nt;
	if (k->nb.n > 1)
		qsort(k->nb.v, k->nb.n, sizeof(size_t), cmp_size);
	if (k->nb.n > NEIGHBOURS)
		k->nb.n = NEIGHBOURS;
	for (a = 0; a < k->nb.n; a++)
		if (k->nb.v[a] >= pr->nt)
			k->nb.v[a] -= pr->nt;
	if (k->nb.n > 1)
		qsort(k->nb.v, k->nb.n, sizeof(size_t), cmp_size);
	return &k->nb;
}

static void
mentor_candidates(struct pr *pr, struct child *ch, unsigned char *mark,
    struct vec *out)
{
	const struct vec *nb;
	size_t i;

	out->n = 0;
	if (ch->cls >= 0) {
		for (i = 0; i < pr->cls[ch->cls].elig.n; i++)
			vec_push(out, pr->cls[ch->cls].elig.v[i]);
		nb = neighbours(pr, (size_t)ch->cls, mark);
		for (i = 0; i < nb->n; i++)
			vec_push(out, nb->v[i]);
	}
	ch->mown = ch->cls >= 0 ? (int)pr->cls[ch->cls].elig.n : 0;
	if (out->n == 0 && pr->nelig <= SMALL_SCHOOL)
		for (i = 0; i < pr->nt; i++)
			if (pr->t[i].eligible)
				vec_push(out, i);
	ch->mtried = (long)out->n;
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
 * The cost of mentor t for ch and its terms.  The load terms depend on
 * the result: with final, they are those of t's final load (for
 * --explain); else only the part fixed during the solve is counted.
 */
static long long
mentor_cost(const struct pr *pr, const struct child *ch, size_t t, int final,
    struct sbuf *sb)
{
	const struct pairing *w = pr->w;
	const struct teacher *te = &pr->t[t];
	long long sum = 0;

	term(sb, "other_class", ch->cls >= 0 && vec_has(&te->classes,
	    (size_t)ch->cls) ? 0 : w->w_other_class, &sum);
	term(sb, "not_head_teacher", te->head ? 0 : w->w_not_head_teacher,
	    &sum);
	term(sb, "gender_mismatch", *ch->gender != '\0' &&
	    *te->gender != '\0' && strcmp(ch->gender, te->gender) != 0 ?
	    w->w_gender_mismatch : 0, &sum);
	if (final) {
		term(sb, "over_share", pr->load[t] > pr->share ?
		    (long long)w->w_over_share * (pr->load[t] - pr->share) : 0,
		    &sum);
		term(sb, "key_to_loaded", (long long)w->w_key_to_loaded *
		    (ch->key ? pr->load[t] - 1 : pr->keyload[t]), &sum);
	} else if (!ch->key)
		term(sb, "key_to_loaded", (long long)w->w_key_to_loaded *
		    pr->keyload[t], &sum);
	return sum;
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

/* Place the children kids[0..n) (in priority order) with mentors. */
static void
mentor_phase(struct pr *pr, const size_t *kids, size_t n, int key)
{
	struct pair_problem pp;
	struct unitctx u = { pr, key };
	struct vec cand = { NULL, 0, 0 };
	size_t *first, *to = NULL, nto = 0, capto = 0, capcost = 0, i, a;
	long long *cost = NULL;
	unsigned char *mark = xcalloc(pr->nt + 1, 1);
	int *cap = xcalloc(pr->nt + 1, sizeof(*cap));
	long *match = xcalloc(n + 1, sizeof(*match));

	first = xcalloc(n + 1, sizeof(*first));
	for (i = 0; i < n; i++) {
		struct child *ch = &pr->ch[kids[i]];

		first[i] = nto;
		mentor_candidates(pr, ch, mark, &cand);
		for (a = 0; a < cand.n; a++) {
			XGROW(to, nto + 1, capto);
			XGROW(cost, nto + 1, capcost);
			to[nto] = cand.v[a];
			cost[nto++] = mentor_cost(pr, ch, cand.v[a], 0, NULL);
		}
	}
	first[n] = nto;
	for (i = 0; i < pr->nt; i++)
		cap[i] = pr->t[i].eligible && pr->t[i].cap > pr->load[i] ?
		    pr->t[i].cap - pr->load[i] : 0;
	pp.nleft = n;
	pp.nright = pr->nt;
	pp.first = first;
	pp.to = to;
	pp.cost = cost;
	pp.cap = cap;
	pp.unit_cost = mentor_unit;
	pp.ctx = &u;
	if (n > 0)
		(void)pair_solve(&pp, match);
	for (i = 0; i < n; i++) {
		if (match[i] < 0)
			continue;
		pr->ch[kids[i]].mentor = match[i];
		pr->load[match[i]]++;
		if (key)
			pr->keyload[match[i]]++;
	}
	free(first);
	free(to);
	free(cost);
	free(cand.v);
	free(mark);
	free(cap);
	free(match);
}

static long long
buddy_cost(const struct pr *pr, const struct child *ch, size_t b,
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
buddy_candidates(struct pr *pr, struct child *ch, struct vec *out)
{
	const struct vec *v;
	size_t i, other = 0;
	long vi;

	out->n = 0;
	if (ch->cls >= 0) {
		v = &pr->cls[ch->cls].pool;
		for (i = 0; i < v->n; i++)
			if (strcmp(pr->pu[v->v[i]].id, ch->id) != 0)
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

			if (pu->cls == ch->cls || strcmp(pu->id, ch->id) == 0)
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
	struct pair_problem pp;
	struct vec cand = { NULL, 0, 0 };
	size_t *first, *to = NULL, nto = 0, capto = 0, capcost = 0, i, a;
	long long *cost = NULL;
	int *cap = xcalloc(pr->npu + 1, sizeof(*cap));
	long *match = xcalloc(n + 1, sizeof(*match));

	first = xcalloc(n + 1, sizeof(*first));
	for (i = 0; i < n; i++) {
		struct child *ch = &pr->ch[kids[i]];

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
	pp.nleft = n;
	pp.nright = pr->npu;
	pp.first = first;
	pp.to = to;
	pp.cost = cost;
	pp.cap = cap;
	pp.unit_cost = NULL;
	pp.ctx = NULL;
	if (n > 0)
		(void)pair_solve(&pp, match);
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
			struct child *ch = &pr->ch[pr->order[o]];

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
			if (b >= 0 && pr->pu[b].eligible &&
			    strcmp(pr->pu[b].id, ch->id) != 0 &&
			    (!pass || pr->bload[b] < pr->w->buddy_max)) {
				ch->buddy = b;
				ch->bkept = 1;
				pr->bload[b]++;
			}
		}
	}
}

/*
 * Why a child has no mentor, in one sentence: whole sentences, not
 * pieces, so that a translation can order the words its own way.
 */
static void
no_mentor(struct pr *pr, const struct child *ch, struct sbuf *sb)
{
	const char *cls = table_get(pr->roster, ch->row, RC_CLASS);
	long others = ch->mtried - ch->mown;

	if (pr->nelig == 0)
		sbuf_printf(sb, _("no active teacher in the staff list may "
		    "mentor"));
	else if (ch->mtried == 0 || (ch->mown == 0 && others == 0))
		sbuf_printf(sb, _("no eligible teacher teaches class %s"), cls);
	else if (ch->mown == 0 && others == 1)
		sbuf_printf(sb, _("no eligible teacher teaches class %s and "
		    "the one other tried is full"), cls);
	else if (ch->mown == 0)
		sbuf_printf(sb, _("no eligible teacher teaches class %s and "
		    "the %ld others tried are full"), cls, others);
	else if (ch->mown == 1 && others == 0)
		sbuf_printf(sb, _("the only eligible teacher of class %s is "
		    "full"), cls);
	else if (ch->mown == 1 && others == 1)
		sbuf_printf(sb, _("the only eligible teacher of class %s and "
		    "the one other tried is full"), cls);
	else if (ch->mown == 1)
		sbuf_printf(sb, _("the only eligible teacher of class %s and "
		    "the %ld others tried are full"), cls, others);
	else if (others == 0)
		sbuf_printf(sb, _("all %d eligible teachers of class %s are "
		    "full"), ch->mown, cls);
	else if (others == 1)
		sbuf_printf(sb, _("all %d eligible teachers of class %s and "
		    "the one other tried is full"), ch->mown, cls);
	else
		sbuf_printf(sb, _("all %d eligible teachers of class %s and "
		    "the %ld others tried are full"), ch->mown, cls, others);
}

static void
no_buddy(struct pr *pr, const struct child *ch, struct sbuf *sb)
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
explain_row(struct pr *pr, const struct child *ch, struct pair_explain *ex)
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
		no_mentor(pr, ch, &sb);
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
	ex->rows = xreallocarray(ex->rows, ex->nrows + 1, sizeof(*ex->rows));
	ex->rows[ex->nrows++] = row;
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
		free(pr->cls[i].all.v);
		free(pr->cls[i].elig.v);
		free(pr->cls[i].nb.v);
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
	strmap_free(pr->cmap);
	strmap_free(pr->tmap);
	strmap_free(pr->pmap);
	strmap_free(pr->vmap);
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
	long *child_at;
	int ret = -1;

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
	*unpaired = 0;
	sbuf_init(&sb);

	/* Every file is checked whole before anything changes. */
	load_staff(&pr);
	load_roster(&pr, o->query, lb);
	if (pool != NULL)
		load_pool(&pr, lb);
	strmap_free(lb);
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
		struct child *ch = &pr.ch[pr.order[i]];

		if (ch->target && ch->mentor < 0 && ch->key)
			kids[nkey++] = pr.order[i];
	}
	mentor_phase(&pr, kids, nkey, 1);
	for (i = 0; i < pr.nch; i++) {
		struct child *ch = &pr.ch[pr.order[i]];

		if (ch->target && ch->mentor < 0 && !ch->key)
			kids[n++] = pr.order[i];
	}
	mentor_phase(&pr, kids, n, 0);
	if (pool != NULL) {
		for (i = n = 0; i < pr.nch; i++) {
			struct child *ch = &pr.ch[pr.order[i]];

			if (ch->target && ch->buddy < 0)
				kids[n++] = pr.order[i];
		}
		buddy_phase(&pr, kids, n);
	}
	free(kids);

	/* Results, messages and explanations in roster order. */
	table_add_col(roster, RC_MENTOR_ID);
	table_add_col(roster, RC_BUDDY_ID);
	child_at = xmalloc((roster->nrows + 1) * sizeof(*child_at));
	for (r = 0; r < roster->nrows; r++)
		child_at[r] = -1;
	for (i = 0; i < pr.nch; i++)
		child_at[pr.ch[i].row] = (long)i;
	for (r = 0; r < roster->nrows; r++) {
		struct child *ch;
		int missing = 0;

		if (child_at[r] < 0 || !pr.ch[child_at[r]].target)
			continue;
		ch = &pr.ch[child_at[r]];
		table_set(roster, r, RC_MENTOR_ID,
		    ch->mentor >= 0 ? pr.t[ch->mentor].id : "");
		if (ch->mentor < 0) {
			sbuf_reset(&sb);
			no_mentor(&pr, ch, &sb);
			diag_error(roster->name, roster->lines[r], 0,
			    _("no mentor for '%s' (%s)"), ch->id, sb.buf);
			missing = 1;
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
		*unpaired += missing;
		if (o->explain && explain != NULL)
			explain_row(&pr, ch, explain);
	}
	free(child_at);
	ret = 0;
done:
	sbuf_release(&sb);
	pr_free(&pr);
	return ret;
}
