/* rx.h: PCRE2 patterns compiled once, matched with limits. */
#ifndef LB_RX_H
#define LB_RX_H

#include <stddef.h>

struct rx;

enum {
	RX_CASELESS = 1,	/* ignore case */
	RX_WHOLE = 2		/* the pattern must match the whole subject */
};

/*
 * Compile pattern (UTF-8) with UTF and UCP, JIT where available, a match
 * limit set.  Patterns that start with an option-setting verb such as
 * (*LIMIT_MATCH=..), (*UTF) or (*NO_JIT) are refused, so a policy cannot
 * lift the limits.  On error returns NULL and writes PCRE2's message and
 * the byte offset into err (errlen bytes) and *erroffset.
 * The caller frees the result with rx_free().
 */
struct rx *rx_compile(const char *pattern, int flags, char *err, size_t errlen,
    size_t *erroffset);
void rx_free(struct rx *rx);

/*
 * Match subject (len bytes of valid UTF-8; validate input once on the way
 * in).  Returns 1 on a match, 0 on none, -1 when the match limit was hit
 * or another matching error happened (the caller reports it: the subject
 * neither matched nor failed to).
 */
int rx_match(const struct rx *rx, const char *subject, size_t len);

/* The pattern's source text. */
const char *rx_source(const struct rx *rx);

#endif
