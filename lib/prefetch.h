/* prefetch.h: ask for memory ahead of its use, where a compiler can. */
#ifndef LB_PREFETCH_H
#define LB_PREFETCH_H

/*
 * Reading a county's log or listing a province's items touches memory
 * at random, a cache miss each time; fetching a dozen steps ahead lets
 * the misses overlap instead of waiting in turn.
 */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch((p), 0)
#define PREFETCH_W(p) __builtin_prefetch((p), 1)
#else
#define PREFETCH(p) ((void)(p))
#define PREFETCH_W(p) ((void)(p))
#endif

#endif
