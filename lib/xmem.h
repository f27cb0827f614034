/* xmem.h: allocation that cannot fail: out of memory exits 71. */
#ifndef LB_XMEM_H
#define LB_XMEM_H

#include <stddef.h>

/* All of these die with LB_OSERR on failure; callers never check. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc to nmemb*size, dying on overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow *array (of *cap elements of size) so that it holds at least need. */
#define XGROW(array, need, cap) \
	do { \
		if ((need) > (cap)) { \
			(cap) = (cap) ? (cap) * 2 : 16; \
			if ((cap) < (need)) \
				(cap) = (need); \
			(array) = xreallocarray((array), (cap), sizeof(*(array))); \
		} \
	} while (0)

#endif
