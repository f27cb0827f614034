/* strmap.h: a string -> index hash map (open addressing), for ids. */
#ifndef LB_STRMAP_H
#define LB_STRMAP_H

#include <stddef.h>

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

#endif
