/* rx.c: PCRE2 patterns matched with limits, JIT-compiled when used often. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "i18n.h"
#include "rx.h"
#include "xmem.h"

/*
 * Limits on one match: enough for any sane pattern on a CSV field, small
 * enough that a catastrophic pattern gives up in milliseconds.
 */
#define RX_MATCH_LIMIT 100000
#define RX_DEPTH_LIMIT 5000
#define RX_HEAP_LIMIT 16384	/* KiB */
#define RX_JIT_STACK_MAX (512 * 1024)

/* What the JIT has done for a pattern. */
enum { JIT_NOT_YET, JIT_DONE, JIT_NEVER };

struct rx {
	pcre2_code *code;
	char *src;
	int flags;		/* RX_* */
	int failed;		/* a deferred compile failed */
	unsigned long matches;	/* interpreted so far */
	int jit;		/* JIT_* */
};

/*
 * What every pattern matches with, made at the first compile and freed
 * with the last pattern (lb matches one pattern at a time): the match
 * context with the limits, one match data (lb asks only whether a pattern
 * matches, so one pair of offsets is enough; the interpreter keeps its
 * backtracking frames there, which a match data per pattern would
 * allocate again for each) and the JIT's stack.
 */
static pcre2_match_context *mctx;
static pcre2_match_data *md;
static pcre2_jit_stack *jstack;
static size_t nrx;		/* patterns alive */

/*
 * Verbs that may open a pattern to change how it is compiled or matched
 * (pcre2pattern(3), "Option settings").  A policy must not set them: they
 * could lift the JIT or change what a line end is.
 */
static const char *const option_verbs[] = {
	"LIMIT_MATCH=", "LIMIT_DEPTH=", "LIMIT_HEAP=", "LIMIT_RECURSION=",
	"NOTEMPTY)", "NOTEMPTY_ATSTART)", "NO_AUTO_POSSESS)",
	"NO_DOTSTAR_ANCHOR)", "NO_JIT)", "NO_START_OPT)", "UTF)", "UTF8)",
	"UCP)", "CR)", "LF)", "CRLF)", "ANYCRLF)", "ANY)", "NUL)",
	"BSR_ANYCRLF)", "BSR_UNICODE)", NULL
};

static int
option_verb(const char *pattern)
{
	size_t i;

	if (strncmp(pattern, "(*", 2) != 0)
		return 0;
	for (i = 0; option_verbs[i] != NULL; i++)
		if (strncmp(pattern + 2, option_verbs[i],
		    strlen(option_verbs[i])) == 0)
			return 1;
	return 0;
}

/*
 * Compile rx->src with rx->flags into rx: 0, or -1 with PCRE2's message
 * in err (when err is not NULL) and the byte offset in *erroffset.
 */
static int
build(struct rx *rx, char *err, size_t errlen, size_t *erroffset)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;
	int ec;
	PCRE2_SIZE off;

	if (rx->flags & RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (rx->flags & RX_WHOLE)
		opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
	rx->code = pcre2_compile((PCRE2_SPTR)rx->src, PCRE2_ZERO_TERMINATED,
	    opts, &ec, &off, NULL);
	if (rx->code == NULL) {
		PCRE2_UCHAR buf[256];

		if (pcre2_get_error_message(ec, buf, sizeof(buf)) < 0)
			snprintf((char *)buf, sizeof(buf), "error %d", ec);
		if (err != NULL)
			snprintf(err, errlen, "%s", (char *)buf);
		*erroffset = off;
		return -1;
	}
	if (mctx == NULL && (mctx = pcre2_match_context_create(NULL)) != NULL) {
		pcre2_set_match_limit(mctx, RX_MATCH_LIMIT);
		pcre2_set_depth_limit(mctx, RX_DEPTH_LIMIT);
		pcre2_set_heap_limit(mctx, RX_HEAP_LIMIT);
	}
	if (md == NULL)
		md = pcre2_match_data_create(1, NULL);
	if (md == NULL || mctx == NULL) {
		if (err != NULL)
			snprintf(err, errlen, "%s", _("out of memory"));
		*erroffset = 0;
		pcre2_code_free(rx->code);
		rx->code = NULL;
		return -1;
	}
	return 0;
}

struct rx *
rx_compile(const char *pattern, int flags, char *err, size_t errlen,
    size_t *erroffset)
{
	struct rx *rx;

	if (option_verb(pattern)) {
		const char *end = strchr(pattern, ')');
		int n = end != NULL ? (int)(end - pattern + 1) : 2;

		snprintf(err, errlen, _("option setting '%.*s' is not "
		    "allowed"), n, pattern);
		*erroffset = 0;
		return NULL;
	}
	rx = rx_deferred(pattern, flags);
	if (build(rx, err, errlen, erroffset) != 0) {
		rx_free(rx);
		return NULL;
	}
	return rx;
}

struct rx *
rx_deferred(const char *pattern, int flags)
{
	struct rx *rx = xcalloc(1, sizeof(*rx));

	nrx++;
	rx->src = xstrdup(pattern);
	rx->flags = flags;
	rx->jit = JIT_NOT_YET;
	return rx;
}

/*
 * JIT-compile rx now; 1 when matching goes through the JIT from now on.
 * Without JIT support (some architectures), or when it fails, the
 * interpreter serves for good.
 */
static int
jit_now(struct rx *rx)
{
	static int avail = -1;	/* PCRE2_CONFIG_JIT, asked once */
	uint32_t jit = 0;

	if (rx->jit != JIT_NOT_YET)
		return rx->jit == JIT_DONE;
	if (avail < 0)
		avail = pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit;
	rx->jit = JIT_NEVER;
	if (!avail || pcre2_jit_compile(rx->code, PCRE2_JIT_COMPLETE) != 0)
		return 0;
	/* Without a stack of its own the JIT has 32 KiB on the machine's. */
	if (jstack == NULL && (jstack = pcre2_jit_stack_create(32 * 1024,
	    RX_JIT_STACK_MAX, NULL)) != NULL)
		pcre2_jit_stack_assign(mctx, NULL, jstack);
	rx->jit = JIT_DONE;
	return 1;
}

void
rx_free(struct rx *rx)
{
	if (rx == NULL)
		return;
	pcre2_code_free(rx->code);
	free(rx->src);
	free(rx);
	if (--nrx == 0) {
		pcre2_jit_stack_free(jstack);
		pcre2_match_data_free(md);
		pcre2_match_context_free(mctx);
		jstack = NULL;
		md = NULL;
		mctx = NULL;
	}
}

/*
 * A pattern is interpreted until it has been matched RX_JIT_AFTER times.
 * Compiling one for the JIT costs 50,000 to 250,000 instructions, and an
 * interpreted match 600 to 4,000 against the JIT's 500 to 700 (a field
 * value, PCRE2 10.42): the JIT pays after 40 to 100 matches or more, and
 * a school's run matches most patterns a few times, many never.  Once
 * JIT-compiled, pcre2_match() takes the JIT's path by itself.
 *
 * The two count the match limit differently, and only the interpreter
 * has the depth and heap limits.  So that a pattern does not pass or fail
 * a value depending on how often it was matched before, a match that hits
 * a limit in the interpreter is JIT-compiled and tried again at once, and
 * the JIT's answer is the one given: every limit verdict is the JIT's, as
 * when patterns were JIT-compiled at once.
 */
int
rx_match(struct rx *rx, const char *subject, size_t len)
{
	size_t off;
	int rc;

	if (rx->code == NULL && (rx->failed || build(rx, NULL, 0, &off) != 0)) {
		rx->failed = 1;
		return -1;
	}
	if (rx->jit == JIT_NOT_YET && ++rx->matches > RX_JIT_AFTER)
		(void)jit_now(rx);
	rc = pcre2_match(rx->code, (PCRE2_SPTR)subject, len, 0, 0, md, mctx);
	if ((rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_NOMEMORY) &&
	    rx->jit == JIT_NOT_YET && jit_now(rx))
		rc = pcre2_match(rx->code, (PCRE2_SPTR)subject, len, 0, 0, md,
		    mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return -1;
}

const char *
rx_source(const struct rx *rx)
{
	return rx->src;
}

int
rx_compiled(const struct rx *rx)
{
	return rx->code != NULL;
}

int
rx_jitted(const struct rx *rx)
{
	return rx->jit == JIT_DONE;
}
