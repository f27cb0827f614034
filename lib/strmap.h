/* strmap.h: a string -> index hash map (open addressing), for ids. */
#ifndef LB_STRMAP_H
#define LB_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap;

/* An empty map; free with strmap_free().  Keys are copied. */
struct strmap *strmap_new(void);
void strmap_free(struct strmap *m);

/*
 * Insert key -> value unless key is present.  Returns the value now
 * stored for key: value when inserted, the old one when it was present.
 */
long strmap_put(struct strmap *m, const char *key, long value);
/* The value of key, or -1 when absent. */
long strmap_get(const struct strmap *m, const char *key);
/* Replace (or insert) the value of key. */
void strmap_set(struct strmap *m, const char *key, long value);
/*
 * Start fetching the memory a strmap_get() of key will read, and return
 * at once.  A lookup in a map of a county's or a province's ids is a
 * cache miss; a caller reading a log can announce the ids of the next
 * rows (a dozen is enough) and look each up when its turn comes, the
 * misses overlapping.  Changes nothing; key need not be present.
 */
void strmap_prefetch(const struct strmap *m, const char *key);
size_t strmap_count(const struct strmap *m);

/*
 * A key held for a lookup to come: a log row waiting in a look-ahead
 * ring while the memory of its lookup is fetched.  The key is copied
 * (csvio's fields last only until the next row) and hashed once, for
 * both the prefetch and the lookup.  Short keys are kept inside; a
 * longer one in a copy that the next strmap_key_set() or
 * strmap_key_free() frees.  Start from a zeroed one.
 */
#define STRMAP_KEY_INLINE 32
struct strmap_key {
	char inl[STRMAP_KEY_INLINE];
	char *heap;
	size_t len;
	uint64_t hash;
};

/* Hold the len bytes of s (no NUL among them). */
void strmap_key_set(struct strmap_key *k, const char *s, size_t len);
/* The key held, NUL-terminated. */
const char *strmap_key_str(const struct strmap_key *k);
void strmap_key_free(struct strmap_key *k);
/* strmap_prefetch() and strmap_get() of the key held, not hashed again. */
void strmap_prefetch_key(const struct strmap *m, const struct strmap_key *k);
long strmap_get_key(const struct strmap *m, const struct strmap_key *k);

#endif
