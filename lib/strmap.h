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
 * The same, for a caller that prefetches and later looks up one key:
 * the hash of key (len bytes, key[len] being its NUL) computed once with
 * strmap_hash(), then given to strmap_prefetch_hashed() and
 * strmap_get_hashed(), which behave as strmap_prefetch() and
 * strmap_get() of key.  The hash is the same in every map.
 */
uint64_t strmap_hash(const char *key, size_t len);
void strmap_prefetch_hashed(const struct strmap *m, uint64_t h);
long strmap_get_hashed(const struct strmap *m, const char *key, size_t len,
    uint64_t h);

#endif
