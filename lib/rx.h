/* rx.h: PCRE2 patterns matched with limits, JIT-compiled when used often. */
#ifndef LB_RX_H
#define LB_RX_H

#include <stddef.h>

struct rx;

enum {
	RX_CASELESS = 1,	/* ignore case */
	RX_WHOLE = 2		/* the pattern must match the whole subject */
};

/*
 * Matches of a pattern made with PCRE2's interpreter before it is compiled
 * for the JIT (where PCRE2 has one): a school's run matches most patterns
 * a few times, where the JIT's compile would cost more than it saves; a
 * county's matches them on every row (see rx.c).
 */
#define RX_JIT_AFTER 200

/*
 * Compile pattern (UTF-8) with UTF and UCP, a match limit set (the JIT
 * compiles it later, when it is matched often: see rx_match).  Patterns
 * that start with an option-setting verb such as (*LIMIT_MATCH=..),
 * (*UTF) or (*NO_JIT) are refused, so a policy cannot lift the limits.
 * On error returns NULL and writes PCRE2's message and the byte offset
 * into err (errlen bytes) and *erroffset.  The caller frees the result
 * with rx_free().
 */
struct rx *rx_compile(const char *pattern, int flags, char *err, size_t errlen,
    size_t *erroffset);
void rx_free(struct rx *rx);

/*
 * The same for a pattern known to compile (the built-in policy's, which
 * the tests compile), deferring the work to its first match: a run
 * matches few of the built-in patterns.  Never NULL.  Should the compile
 * fail after all, every match returns -1.
 */
struct rx *rx_deferred(const char *pattern, int flags);

/*
 * Match subject (len bytes of valid UTF-8; validate input once on the way
 * in).  Returns 1 on a match, 0 on none, -1 when the match limit was hit
 * or another matching error happened (the caller reports it: the subject
 * neither matched nor failed to).  rx is JIT-compiled (where PCRE2 has a
 * JIT) on its match after the first RX_JIT_AFTER, or when the
 * interpreter hits a limit, the JIT then deciding: limits give the same
 * verdicts as with a pattern JIT-compiled from the start.  All patterns
 * share one match data and JIT stack: one thread matches at a time.
 */
int rx_match(struct rx *rx, const char *subject, size_t len);

/* The pattern's source text. */
const char *rx_source(const struct rx *rx);

/* 1 when rx is compiled (rx_deferred's: matched once), else 0. */
int rx_compiled(const struct rx *rx);
/* 1 when rx is JIT-compiled (matches go through the JIT), else 0. */
int rx_jitted(const struct rx *rx);

#endif
