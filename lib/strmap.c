/* strmap.c: a string -> index hash map with open addressing (FNV-1a). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xmem.h"

struct slot {
	char *key;	/* NULL = empty */
	long value;
	uint32_t hash;
};

struct strmap {
	struct slot *slots;
	size_t cap;	/* a power of two */
	size_t count;
};

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

struct strmap *
strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof(*m));

	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	return m;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

static struct slot *
find(const struct strmap *m, const char *key, uint32_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->slots[i].key != NULL) {
		if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
			return &m->slots[i];
		i = (i + 1) & (m->cap - 1);
	}
	return &m->slots[i];
}

static void
grow(struct strmap *m)
{
	struct slot *old = m->slots, *s;
	size_t i, oldcap = m->cap;

	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		s = find(m, old[i].key, old[i].hash);
		*s = old[i];
	}
	free(old);
}

long
strmap_put(struct strmap *m, const char *key, long value)
{
	uint32_t h = hash(key);
	struct slot *s = find(m, key, h);

	if (s->key != NULL)
		return s->value;
	/* Keep the load under 1/2 so probes stay short. */
	if ((m->count + 1) * 2 > m->cap) {
		grow(m);
		s = find(m, key, h);
	}
	s->key = xstrdup(key);
	s->hash = h;
	s->value = value;
	m->count++;
	return value;
}

long
strmap_get(const struct strmap *m, const char *key)
{
	const struct slot *s = find(m, key, hash(key));

	return s->key != NULL ? s->value : -1;
}

void
strmap_set(struct strmap *m, const char *key, long value)
{
	uint32_t h = hash(key);
	struct slot *s = find(m, key, h);

	if (s->key != NULL)
		s->value = value;
	else
		(void)strmap_put(m, key, value);
}

size_t
strmap_count(const struct strmap *m)
{
	return m->count;
}
