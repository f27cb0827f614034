/* test_duelist.c: unit tests of lb-due's list: interning and its order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duelist.h"
#include "tap.h"

static void
item(struct duelist *d, size_t child, int kind, int cp, date_t due)
{
	struct cadence_item *it;

	if (d->nitems == d->capitems) {
		d->capitems = d->capitems ? 2 * d->capitems : 16;
		d->items = realloc(d->items, d->capitems * sizeof(*d->items));
	}
	it = &d->items[d->nitems++];
	memset(it, 0, sizeof(*it));
	it->child = child;
	it->kind = kind;
	it->checkpoint = cp;
	it->due = due;
	it->last = DATE_NONE;
}

/* The listed items as "id/kind/due" joined by spaces. */
static const char *
listed(const struct duelist *d)
{
	static char buf[1024];
	size_t i, len = 0;
	const struct cadence_item *it;

	buf[0] = '\0';
	for (i = 0; i < d->nitems && len < sizeof(buf) - 64; i++) {
		it = duelist_item(d, i);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s/%d/%ld",
		    i > 0 ? " " : "", duelist_id(d, it->child), it->kind,
		    (long)it->due);
	}
	return buf;
}

int
main(void)
{
	struct duelist d;
	struct policy *p;
	int code = 0;

	p = policy_load(NULL, &code);
	ok(p != NULL, "the built-in policy loads");

	duelist_init(&d, p, 100, 0, 1);
	/* Children in a roster order that is no order at all. */
	is_int(duelist_add(&d, "S10", "甲", "三年级1班", "T02", "爷爷", "13800000001"),
	    0, "the first child is 0");
	duelist_add(&d, "S03", "乙", "三年级1班", "T01", "", "");
	duelist_add(&d, "S01", "丙", "二年级1班", "T01", "", "");
	duelist_add(&d, "S02", "丁", "三年级1班", "T01", "", "");
	duelist_add(&d, "S20", "戊", "一年级1班", "", "", "");
	is_int(duelist_add(&d, "S04", "庚", "三年级10班", "T01", "", ""), 5,
	    "children are numbered in turn");
	duelist_rank(&d);
	is_int(d.mentors.n, 3, "three mentors kept once (with none)");
	is_int(d.classes.n, 4, "four classes kept once");
	is_str(duelist_mentor(&d, 0), "T02", "a child's mentor survives ranking");
	is_str(duelist_class(&d, 5), "三年级10班", "a child's class survives ranking");
	is_str(duelist_name(&d, 2), "丙", "names");
	is_str(duelist_name(&d, 0) + strlen("甲") + 1, "爷爷",
	    "with phones, the guardian follows the name");
	is_str(duelist_mentor_get(&d, d.child[0].mentor, 1), "",
	    "no staff list: no mentor's name");

	/* Items grouped by child, as cadence_due() gives them. */
	item(&d, 0, 0, 0, 50);
	item(&d, 0, 1, 0, 40);
	item(&d, 1, 0, 0, 50);
	item(&d, 2, 0, 0, 50);
	item(&d, 2, 2, 1, 50);
	item(&d, 3, 0, 0, 40);
	item(&d, 4, 0, 0, 50);
	item(&d, 5, 0, 0, 60);
	duelist_order(&d);
	is_str(listed(&d), "S02/0/40 S10/1/40 S20/0/50 S01/0/50 S01/2/50 "
	    "S03/0/50 S10/0/50 S04/0/60",
	    "by due date, then mentor (none first), class (二年级 before "
	    "三年级: natural order), id, kind");
	free(d.order);
	d.order = NULL;

	/* Due dates centuries apart take the general sort: the same order. */
	d.items[5].due = 40 + (1 << 23);
	d.items[1].due = 40 + (1 << 23);
	duelist_order(&d);
	is_str(listed(&d), "S20/0/50 S01/0/50 S01/2/50 S03/0/50 S10/0/50 "
	    "S04/0/60 S02/0/8388648 S10/1/8388648",
	    "a wide span of due dates orders alike");
	duelist_free(&d);

	duelist_init(&d, p, 100, 0, 0);
	duelist_rank(&d);
	duelist_order(&d);
	is_int(d.nitems, 0, "an empty list orders");
	duelist_free(&d);
	policy_free(p);
	return done_testing();
}
