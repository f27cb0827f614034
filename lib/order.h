/* order.h: stable counting sorts of index arrays, for lists of millions. */
#ifndef LB_ORDER_H
#define LB_ORDER_H

#include <stddef.h>
#include <stdint.h>

/* The sort key of element i (below the nkeys given to order_stable). */
typedef uint32_t order_key_fn(const void *ctx, uint32_t i);

/*
 * Reorder idx[0..n) stably by key(ctx, idx[j]), smallest first; tmp is
 * scratch of n entries.  Keys are below nkeys.  Time is linear in n
 * (one pass per 16 bits of nkeys - 1), so a province's five million
 * items sort in tens of milliseconds with no comparisons, and the
 * memory is the two index arrays, not a copy of the elements.
 */
void order_stable(uint32_t *idx, uint32_t *tmp, size_t n, uint32_t nkeys,
    order_key_fn *key, const void *ctx);

/*
 * Ranks of strings: rank[i] is the place of s[i] among s[0..n) in
 * natural order, i18n_natcmp() (T2 before T10, class 1-2 before 1-10;
 * equal strings share a rank).  For interned values (mentors, classes):
 * sorting their ranks orders the rows that hold them so, comparing
 * integers.
 */
void order_ranks(const char *const *s, size_t n, uint32_t *rank);

#endif
