/* strmap.c: a string -> index hash map with open addressing, short keys kept in the slots. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "strmap.h"
#include "xmem.h"

/*
 * Reading a county's activity log looks up one student id per row, at
 * random in a table of tens of thousands: each lookup is a cache miss,
 * and what matters is that it is only one.  So a slot is 32 bytes (two
 * to a cache line) and holds the key itself when it has up to 19 bytes,
 * as every student id (also the 19 characters of "G" and a resident ID
 * number) and staff id does; longer keys are copied out.  Probing is
 * linear, so a collision mostly stays in the same line, and the table
 * is never more than 3/4 full.  Big tables go on huge pages (bigmem.h).
 */
#define INLINE_MAX	19
#define LEN_EMPTY	0	/* len of a free slot */
#define LEN_LONG	0xff	/* len of a slot whose key is out of line */

struct slot {
	long value;
	uint32_t tag;		/* high half of the key's hash */
	unsigned char len;	/* LEN_EMPTY, 1 + inline key length, or LEN_LONG */
	char key[INLINE_MAX];	/* the key, or (LEN_LONG) a pointer to it */
};

_Static_assert(sizeof(struct slot) == 32, "a slot is half a cache line");

struct strmap {
	struct slot *slots;
	size_t cap;		/* a power of two */
	size_t count;
};

/* A multiply-xorshift hash over 8 bytes at a time. */
static uint64_t
hash(const char *s, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ull;
	uint64_t h = k ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	/* The last 1..7 bytes, read whole (overlapping) rather than one by one. */
	if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		w = a | (uint64_t)b << 32;
	} else if (n > 0)
		w = (uint64_t)(unsigned char)s[0] |
		    (uint64_t)(unsigned char)s[n / 2] << 8 |
		    (uint64_t)(unsigned char)s[n - 1] << 16;
	else
		w = 0;
	h = (h ^ w) * 0xff51afd7ed558ccdull;
	h ^= h >> 32;
	h *= 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

static const char *
slot_key(const struct slot *s)
{
	const char *p;

	if (s->len != LEN_LONG)
		return s->key;
	memcpy(&p, s->key, sizeof(p));
	return p;
}

/*
 * The inline key of s is key[0..n) (n <= INLINE_MAX, key NUL-terminated):
 * a few word compares, which the short ids of a log make worth a
 * function of their own rather than a call to memcmp().
 */
static int
inline_eq(const struct slot *s, const char *key, size_t n)
{
	uint64_t a, b, c, d;
	uint32_t x, y;

	if (s->len != n + 1)
		return 0;
	if (n >= 8) {
		/* Words at 0, 8 (when 16 <= n) and n - 8: all n bytes. */
		memcpy(&a, s->key, 8);
		memcpy(&b, key, 8);
		memcpy(&c, s->key + n - 8, 8);
		memcpy(&d, key + n - 8, 8);
		if (a != b || c != d)
			return 0;
		if (n > 16) {
			memcpy(&a, s->key + 8, 8);
			memcpy(&b, key + 8, 8);
			return a == b;
		}
		return 1;
	}
	if (n >= 4) {
		memcpy(&x, s->key, 4);
		memcpy(&y, key, 4);
		if (x != y)
			return 0;
		memcpy(&x, s->key + n - 4, 4);
		memcpy(&y, key + n - 4, 4);
		return x == y;
	}
	return memcmp(s->key, key, n) == 0;
}

/* The slot of key (n bytes, hash h), or the free slot where it would go. */
static struct slot *
find(const struct strmap *m, const char *key, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	uint32_t tag = (uint32_t)(h >> 32);
	struct slot *s;

	for (;; i = (i + 1) & (m->cap - 1)) {
		s = &m->slots[i];
		if (s->len == LEN_EMPTY)
			return s;
		if (s->tag != tag)
			continue;
		if (n <= INLINE_MAX ? inline_eq(s, key, n) :
		    s->len == LEN_LONG && memcmp(slot_key(s), key, n + 1) == 0)
			return s;
	}
}

struct strmap *
strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof(*m));

	m->cap = 64;
	m->slots = bigmem_calloc(m->cap, sizeof(*m->slots));
	return m;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i].len == LEN_LONG)
			free((char *)slot_key(&m->slots[i]));
	free(m->slots);
	free(m);
}

static void
grow(struct strmap *m)
{
	struct slot *old = m->slots;
	size_t i, n, oldcap = m->cap;
	const char *k;

	m->cap *= 2;
	m->slots = bigmem_calloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].len == LEN_EMPTY)
			continue;
		k = slot_key(&old[i]);
		n = old[i].len == LEN_LONG ? strlen(k) : old[i].len - 1u;
		*find(m, k, n, hash(k, n)) = old[i];
	}
	free(old);
}

long
strmap_put(struct strmap *m, const char *key, long value)
{
	size_t n = strlen(key);
	uint64_t h = hash(key, n);
	struct slot *s = find(m, key, n, h);
	char *copy;

	if (s->len != LEN_EMPTY)
		return s->value;
	if ((m->count + 1) * 4 > m->cap * 3) {
		grow(m);
		s = find(m, key, n, h);
	}
	s->value = value;
	s->tag = (uint32_t)(h >> 32);
	if (n <= INLINE_MAX) {
		s->len = (unsigned char)(n + 1);
		memcpy(s->key, key, n);
	} else {
		s->len = LEN_LONG;
		copy = xstrndup(key, n);
		memcpy(s->key, &copy, sizeof(copy));
	}
	m->count++;
	return value;
}

long
strmap_get(const struct strmap *m, const char *key)
{
	size_t n = strlen(key);
	const struct slot *s = find(m, key, n, hash(key, n));

	return s->len != LEN_EMPTY ? s->value : -1;
}

void
strmap_set(struct strmap *m, const char *key, long value)
{
	size_t n = strlen(key);
	struct slot *s = find(m, key, n, hash(key, n));

	if (s->len != LEN_EMPTY)
		s->value = value;
	else
		(void)strmap_put(m, key, value);
}

static void
prefetch_slot(const struct strmap *m, uint64_t h)
{
	const struct slot *s = &m->slots[(size_t)h & (m->cap - 1)];

#if defined(__GNUC__)
	__builtin_prefetch(s, 0);
#else
	(void)s;
#endif
}

void
strmap_prefetch(const struct strmap *m, const char *key)
{
	prefetch_slot(m, hash(key, strlen(key)));
}

void
strmap_key_set(struct strmap_key *k, const char *s, size_t len)
{
	free(k->heap);
	k->heap = NULL;
	if (len < sizeof(k->inl)) {
		memcpy(k->inl, s, len);
		k->inl[len] = '\0';
	} else
		k->heap = xstrndup(s, len);
	k->len = len;
	k->hash = hash(s, len);
}

const char *
strmap_key_str(const struct strmap_key *k)
{
	return k->heap != NULL ? k->heap : k->inl;
}

void
strmap_key_free(struct strmap_key *k)
{
	free(k->heap);
	k->heap = NULL;
}

void
strmap_prefetch_key(const struct strmap *m, const struct strmap_key *k)
{
	prefetch_slot(m, k->hash);
}

long
strmap_get_key(const struct strmap *m, const struct strmap_key *k)
{
	const struct slot *s = find(m, strmap_key_str(k), k->len, k->hash);

	return s->len != LEN_EMPTY ? s->value : -1;
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}
