/* cards.h: the contact card (联系卡) of each child, with whom to call. */
#ifndef LB_CARDS_H
#define LB_CARDS_H

#include "date.h"

struct csvio_opts;
struct policy;
struct query;
struct table;

/*
 * Write the contact card of every child of roster that q's expressions
 * hold for (q unbound: it is bound to the roster here), its values as
 * normalised and in words, to out (NULL: stdout; atomically, not
 * world-readable: cards are personal data), as text or, with html, as a
 * printable page dated as_of.  With staff_path and pool_path (NULL:
 * none), the mentor and buddy are named with their phone and class.  No
 * child: a warning, nothing written.  Returns 0, or -1 with *code set
 * after a message.
 */
int cards_write(const struct policy *p, const struct table *roster,
    struct query *q, const char *staff_path, const char *pool_path,
    const struct csvio_opts *copts, const char *out, int html, date_t as_of,
    int *code);

#endif
