/* tally.h: children (or contacts) counted by group, into a report's rows. */
#ifndef LB_TALLY_H
#define LB_TALLY_H

#include <stddef.h>
#include "sbuf.h"
#include "schema.h"

struct report;
struct strmap;

/*
 * Group values are numbered once (struct tally_keys): a child's class is
 * looked up once, and its number serves every tally keyed by class (the
 * breakdown, ten rates, compliance, overdue) instead of the string being
 * hashed again for each; a county has 50,000 children and some forty
 * tallies.
 */
struct tally_keys {
	char **value;		/* by number */
	size_t n, cap;
	struct strmap *index;	/* value -> number */
	size_t *rank;		/* by number: place in the listing order */
	size_t nrank;		/* values ranked (n when up to date) */
};

void tally_keys_init(struct tally_keys *k);
void tally_keys_free(struct tally_keys *k);
/* The number of value (copied), added when new. */
size_t tally_keys_put(struct tally_keys *k, const char *value);
/* Number every value of the NULL-terminated list v. */
void tally_keys_put_all(struct tally_keys *k, const char *const *v);

/*
 * A tally counts, per group of one dimension (a key number), count out
 * of total, and with --detail the IDs behind each group.  Groups are
 * kept in the order first counted.  A tally of the whole has no keys:
 * its one group is key 0.
 */
struct tally_group {
	size_t key;
	long long count, total;
	struct sbuf ids;
};

struct tally {
	struct tally_keys *keys;	/* the group values; NULL for the whole */
	struct tally_group *g;
	size_t n, cap;
	size_t *pos;		/* by key number: 1 + index in g, 0 when absent */
	size_t npos;
};

/* An empty tally over keys (NULL for the whole); free with tally_free(). */
void tally_init(struct tally *t, struct tally_keys *keys);
void tally_free(struct tally *t);
/* The index in t->g of the group of key, added (0 of 0) when absent. */
size_t tally_group(struct tally *t, size_t key);
/*
 * Count total children (or contacts) in the group of key, count of them
 * hit; id, when not NULL, joins the group's IDs.
 */
void tally_add(struct tally *t, size_t key, long long total,
    long long count, const char *id);

/* tally_emit()'s dom for groups listed in the order they came in. */
#define TALLY_IN_ORDER DOM_COUNT

/*
 * Add the tally's groups to r as rows of metric, group "dim=value": for
 * a domain, every canonical value first in the domain's order (also when
 * 0, so that merged reports line up), then any other values in natural
 * order, the empty one last.  whole_total >= 0 is every group's total
 * (children and mentor_load); else each group's own.  With detail, the
 * rows carry the groups' IDs.
 */
void tally_emit(struct report *r, const char *metric, const char *dim,
    struct tally *t, enum domain dom, long long whole_total, int detail);
/* The row of metric for the whole from a tally without keys. */
void tally_emit_whole(struct report *r, const char *metric,
    const struct tally *whole, int detail);

#endif
