/* test_rx.c: PCRE2 wrapper: flags, refused option verbs, errors and limits. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rx.h"
#include "tap.h"

static int
m(const char *pat, int flags, const char *subject)
{
	char err[256];
	size_t off;
	struct rx *rx = rx_compile(pat, flags, err, sizeof(err), &off);
	int r;

	if (rx == NULL)
		return -2;
	r = rx_match(rx, subject, strlen(subject));
	rx_free(rx);
	return r;
}

/* The JIT compiles a pattern once it is used; rx_deferred compiles late. */
static void
test_lazy(void)
{
	char err[256], subject[64];
	size_t off;
	uint32_t jit = 0;
	int have_jit = pcre2_config(PCRE2_CONFIG_JIT, &jit) >= 0 && jit;
	struct rx *rx;
	int i, r = 1;

	rx = rx_compile("男|男性|m|male", RX_WHOLE | RX_CASELESS, err,
	    sizeof(err), &off);
	ok(rx != NULL && rx_compiled(rx) && !rx_jitted(rx),
	    "compiled, not yet for the JIT");
	for (i = 0; rx != NULL && i < RX_JIT_AFTER; i++)
		r &= rx_match(rx, i % 2 ? "男性" : "MALE",
		    i % 2 ? 6 : 4) == 1;
	ok(r && rx != NULL && !rx_jitted(rx),
	    "%d matches made by the interpreter", RX_JIT_AFTER);
	is_int(rx ? rx_match(rx, "女", 3) : -2, 0,
	    "the next one answers the same");
	is_int(rx ? rx_jitted(rx) : -1, have_jit,
	    "and has the pattern JIT-compiled (where PCRE2 has a JIT)");
	is_int(rx ? rx_match(rx, "Male", 4) : -2, 1, "the JIT matches");
	rx_free(rx);

	/* A limit hit in the interpreter: the JIT decides, at once. */
	memset(subject, 'a', 50);
	subject[50] = 'b';
	subject[51] = '\0';
	rx = rx_compile("(a+)+$", 0, err, sizeof(err), &off);
	is_int(rx ? rx_match(rx, subject, 51) : 0, -1,
	    "a fresh catastrophic pattern hits the limit");
	is_int(rx ? rx_jitted(rx) : -1, have_jit,
	    "the limit verdict was the JIT's");
	is_int(rx ? rx_match(rx, "aaa", 3) : -2, 1, "and it still matches");
	rx_free(rx);

	rx = rx_deferred("x+y", RX_WHOLE);
	ok(!rx_compiled(rx), "rx_deferred does not compile");
	is_str(rx_source(rx), "x+y", "but has its source");
	is_int(rx_match(rx, "xxy", 3), 1, "the first match compiles");
	ok(rx_compiled(rx), "compiled now");
	is_int(rx_match(rx, "xyz", 3), 0, "RX_WHOLE kept");
	rx_free(rx);
	rx = rx_deferred("a(b", 0);
	is_int(rx_match(rx, "ab", 2), -1, "a deferred bad pattern: -1");
	is_int(rx_match(rx, "ab", 2), -1, "every time");
	rx_free(rx);
	rx_free(rx_deferred("never matched", 0));
}

int
main(void)
{
	char err[256], subject[64];
	size_t off = 99;
	struct rx *rx;
	clock_t t0;
	double secs;
	int r;

	is_int(m("男|男性", 0, "男性"), 1, "search matches");
	is_int(m("b", 0, "abc"), 1, "search finds inside");
	is_int(m("b", RX_WHOLE, "abc"), 0, "RX_WHOLE needs the whole subject");
	is_int(m("男|男性", RX_WHOLE, "男性"), 1,
	    "RX_WHOLE backtracks into the second alternative");
	is_int(m("a|ab", RX_WHOLE, "ab"), 1, "RX_WHOLE end-anchors every branch");
	is_int(m("male", RX_WHOLE, "MALE"), 0, "case kept by default");
	is_int(m("male", RX_WHOLE | RX_CASELESS, "MALE"), 1, "RX_CASELESS");
	is_int(m("\\d+", RX_WHOLE, "１２"), 1, "UCP: \\d matches full-width digits");
	is_int(m("[0-9]+", RX_WHOLE, "１２"), 0, "[0-9] does not");
	is_int(m("^.{2}$", 0, "中文"), 1, "UTF: a dot is one character");
	is_int(m("1[3-9][0-9]{9}", RX_WHOLE, "13812345678"), 1, "phone");
	is_int(m("1[3-9][0-9]{9}", RX_WHOLE, "138123456789"), 0,
	    "phone one digit too long");

	rx = rx_compile("a(b", 0, err, sizeof(err), &off);
	ok(rx == NULL, "bad pattern refused");
	is_str(err, "missing closing parenthesis", "PCRE2's message");
	is_int((long long)off, 3, "error offset");

	rx = rx_compile("(*LIMIT_MATCH=100000000)a", 0, err, sizeof(err), &off);
	ok(rx == NULL, "(*LIMIT_MATCH=..) refused");
	is_str(err, "option setting '(*LIMIT_MATCH=100000000)' is not allowed",
	    "option verb message");
	is_int((long long)off, 0, "option verb offset");
	ok(rx_compile("(*NO_JIT)a", 0, err, sizeof(err), &off) == NULL,
	    "(*NO_JIT) refused");
	ok(rx_compile("(*UTF)a", 0, err, sizeof(err), &off) == NULL,
	    "(*UTF) refused");
	ok(rx_compile("(*LIMIT_HEAP=9)a", 0, err, sizeof(err), &off) == NULL,
	    "(*LIMIT_HEAP=..) refused");
	ok(rx_compile("(*LIMIT_DEPTH=9)a", 0, err, sizeof(err), &off) == NULL,
	    "(*LIMIT_DEPTH=..) refused");
	ok(rx_compile("(*CRLF)a", 0, err, sizeof(err), &off) == NULL,
	    "(*CRLF) refused");
	rx = rx_compile("a(*SKIP)b", 0, err, sizeof(err), &off);
	ok(rx != NULL, "a backtracking verb inside a pattern is fine");
	rx_free(rx);

	rx = rx_compile("x+y", RX_WHOLE, err, sizeof(err), &off);
	is_str(rx ? rx_source(rx) : NULL, "x+y", "rx_source");
	rx_free(rx);

	/* Catastrophic backtracking gives up with -1, quickly. */
	memset(subject, 'a', 50);
	subject[50] = 'b';
	subject[51] = '\0';
	rx = rx_compile("(a+)+$", 0, err, sizeof(err), &off);
	t0 = clock();
	r = rx ? rx_match(rx, subject, strlen(subject)) : 0;
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	is_int(r, -1, "(a+)+$ on aaaa...b hits the limit");
	ok(secs < 1.0, "and gives up quickly (%.3fs)", secs);
	rx_free(rx);
	rx = rx_compile("(a|a)+", RX_WHOLE, err, sizeof(err), &off);
	r = rx ? rx_match(rx, subject, strlen(subject)) : 0;
	is_int(r, -1, "(a|a)+ as a whole-value rule hits the limit too");
	rx_free(rx);

	rx = rx_compile("a", 0, err, sizeof(err), &off);
	is_int(rx ? rx_match(rx, "\xff" "a", 2) : 0, -1,
	    "invalid UTF-8 subject is an error, not a crash");
	rx_free(rx);

	test_lazy();
	return done_testing();
}
