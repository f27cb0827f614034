/* rx.c: PCRE2 patterns compiled once (UTF, UCP, JIT) and matched with limits. */
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

struct rx {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	char *src;
};

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

struct rx *
rx_compile(const char *pattern, int flags, char *err, size_t errlen,
    size_t *erroffset)
{
	struct rx *rx;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP;
	int ec;
	PCRE2_SIZE off;
	pcre2_code *code;
	uint32_t jit = 0;

	if (option_verb(pattern)) {
		const char *end = strchr(pattern, ')');
		int n = end != NULL ? (int)(end - pattern + 1) : 2;

		snprintf(err, errlen, _("option setting '%.*s' is not "
		    "allowed"), n, pattern);
		*erroffset = 0;
		return NULL;
	}
	if (flags & RX_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & RX_WHOLE)
		opts |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &ec, &off, NULL);
	if (code == NULL) {
		PCRE2_UCHAR buf[256];

		if (pcre2_get_error_message(ec, buf, sizeof(buf)) < 0)
			snprintf((char *)buf, sizeof(buf), "error %d", ec);
		snprintf(err, errlen, "%s", (char *)buf);
		*erroffset = off;
		return NULL;
	}
	rx = xcalloc(1, sizeof(*rx));
	rx->code = code;
	rx->src = xstrdup(pattern);
	rx->md = pcre2_match_data_create_from_pattern(code, NULL);
	rx->mctx = pcre2_match_context_create(NULL);
	if (rx->md == NULL || rx->mctx == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		*erroffset = 0;
		rx_free(rx);
		return NULL;
	}
	pcre2_set_match_limit(rx->mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(rx->mctx, RX_DEPTH_LIMIT);
	pcre2_set_heap_limit(rx->mctx, RX_HEAP_LIMIT);
	/* Without JIT support (some architectures) the interpreter serves. */
	if (pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit &&
	    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0) {
		rx->jstack = pcre2_jit_stack_create(32 * 1024,
		    RX_JIT_STACK_MAX, NULL);
		if (rx->jstack != NULL)
			pcre2_jit_stack_assign(rx->mctx, NULL, rx->jstack);
	}
	return rx;
}

void
rx_free(struct rx *rx)
{
	if (rx == NULL)
		return;
	pcre2_jit_stack_free(rx->jstack);
	pcre2_match_context_free(rx->mctx);
	pcre2_match_data_free(rx->md);
	pcre2_code_free(rx->code);
	free(rx->src);
	free(rx);
}

int
rx_match(const struct rx *rx, const char *subject, size_t len)
{
	int rc;

	rc = pcre2_match(rx->code, (PCRE2_SPTR)subject, len, 0, 0, rx->md,
	    rx->mctx);
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
