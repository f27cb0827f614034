/* order.c: stable counting sorts of index arrays. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "order.h"
#include "xmem.h"

#define DIGIT_BITS 16
#define DIGITS (1u << DIGIT_BITS)

/* One stable counting pass over the digit of key at shift. */
static void
pass(const uint32_t *from, uint32_t *to, size_t n, unsigned shift,
    size_t *count, size_t ndigits, order_key_fn *key, const void *ctx)
{
	size_t j, sum = 0, c;

	memset(count, 0, ndigits * sizeof(*count));
	for (j = 0; j < n; j++)
		count[(key(ctx, from[j]) >> shift) & (DIGITS - 1)]++;
	for (j = 0; j < ndigits; j++) {
		c = count[j];
		count[j] = sum;
		sum += c;
	}
	for (j = 0; j < n; j++)
		to[count[(key(ctx, from[j]) >> shift) & (DIGITS - 1)]++] = from[j];
}

void
order_stable(uint32_t *idx, uint32_t *tmp, size_t n, uint32_t nkeys,
    order_key_fn *key, const void *ctx)
{
	size_t *count, nd;
	unsigned shift;

	if (n < 2 || nkeys < 2)
		return;
	/* Keys of one digit need only as many counters as there are keys. */
	nd = nkeys - 1 < DIGITS ? nkeys : DIGITS;
	count = xmalloc(nd * sizeof(*count));
	/* Least significant digit first: each pass keeps the last one's order. */
	for (shift = 0; shift < 32 && ((nkeys - 1) >> shift) != 0;
	    shift += DIGIT_BITS) {
		pass(idx, tmp, n, shift, count, nd, key, ctx);
		memcpy(idx, tmp, n * sizeof(*idx));
	}
	free(count);
}

static const char *const *rank_strings;

static int
cmp_string_at(const void *a, const void *b)
{
	return i18n_natcmp(rank_strings[*(const uint32_t *)a],
	    rank_strings[*(const uint32_t *)b]);
}

void
order_ranks(const char *const *s, size_t n, uint32_t *rank)
{
	uint32_t *by = xreallocarray(NULL, n + 1, sizeof(*by)), r = 0;
	size_t j;

	for (j = 0; j < n; j++)
		by[j] = (uint32_t)j;
	rank_strings = s;
	qsort(by, n, sizeof(*by), cmp_string_at);
	rank_strings = NULL;
	for (j = 0; j < n; j++) {
		if (j > 0 && strcmp(s[by[j]], s[by[j - 1]]) != 0)
			r++;
		rank[by[j]] = r;
	}
	free(by);
}
