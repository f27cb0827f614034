/* test_order.c: unit tests of the stable counting sorts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "tap.h"

static uint32_t
key_of(const void *ctx, uint32_t i)
{
	return ((const uint32_t *)ctx)[i];
}

static const uint32_t *ref_key;

/* The reference: by key, then by position (what stable means). */
static int
cmp_ref(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (ref_key[x] != ref_key[y])
		return ref_key[x] < ref_key[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Sort n elements of random keys below nkeys both ways; 1 when alike. */
static int
same_as_reference(size_t n, uint32_t nkeys, unsigned seed)
{
	uint32_t *key = malloc((n + 1) * sizeof(*key));
	uint32_t *idx = malloc((n + 1) * sizeof(*idx));
	uint32_t *tmp = malloc((n + 1) * sizeof(*tmp));
	uint32_t *ref = malloc((n + 1) * sizeof(*ref));
	size_t i;
	int same;

	srand(seed);
	for (i = 0; i < n; i++) {
		key[i] = (uint32_t)(((uint64_t)rand() << 16 ^ (uint64_t)rand()) %
		    nkeys);
		idx[i] = ref[i] = (uint32_t)i;
	}
	order_stable(idx, tmp, n, nkeys, key_of, key);
	ref_key = key;
	qsort(ref, n, sizeof(*ref), cmp_ref);
	same = memcmp(idx, ref, n * sizeof(*idx)) == 0;
	free(key);
	free(idx);
	free(tmp);
	free(ref);
	return same;
}

int
main(void)
{
	static const char *const names[] = {
		"T000012", "", "青山小学3-2", "T000002", "T000012", "青山小学10-1",
		"T00001", "a"
	};
	uint32_t rank[8], idx[4] = { 3, 1, 2, 0 }, tmp[4], key[4] = { 7, 7, 7, 7 };

	ok(same_as_reference(0, 10, 1), "no elements");
	ok(same_as_reference(1, 10, 2), "one element");
	ok(same_as_reference(1000, 3, 3), "few keys, many ties: ties keep their order");
	ok(same_as_reference(100000, 400, 4), "a county's due dates (one pass)");
	ok(same_as_reference(50000, 65536, 5), "keys up to the end of one pass");
	ok(same_as_reference(50000, 65537, 6), "one key past one pass (two passes)");
	ok(same_as_reference(50000, 4000000, 7), "wide keys (two passes)");
	ok(same_as_reference(20000, UINT32_MAX, 8), "32-bit keys");
	order_stable(idx, tmp, 4, 1, key_of, key);
	ok(idx[0] == 3 && idx[1] == 1 && idx[2] == 2 && idx[3] == 0,
	    "a single key leaves the order alone");
	order_stable(idx, tmp, 4, 8, key_of, key);
	ok(idx[0] == 3 && idx[1] == 1 && idx[2] == 2 && idx[3] == 0,
	    "equal keys leave the order alone");

	order_ranks(names, 8, rank);
	is_int(rank[1], 0, "the empty string ranks first");
	/* Natural order: numbers by value, leading zeros aside. */
	is_int(rank[6], 1, "T00001 next (1)");
	is_int(rank[3], 2, "T000002 after it (2)");
	is_int(rank[0], 3, "T000012 after it (12)");
	is_int(rank[4], 3, "equal strings share a rank");
	is_int(rank[7], 4, "a after the capitals");
	is_int(rank[2], 5, "青山小学3-2 before 青山小学10-1 (numbers, not bytes)");
	is_int(rank[5], 6, "青山小学10-1 last");
	return done_testing();
}
