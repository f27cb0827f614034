/* fuzz_policy.c: libFuzzer target for the policy loader (YAML -> struct policy). */
/*
 * The input is a school's policy.yaml, loaded over the built-in default
 * as -p FILE would be.  Besides not crashing, leaking or hanging:
 * - a refused policy is LB_CONFIG (the file exists, so never another code);
 * - every value rule, field pattern and key rule of an accepted policy is
 *   run on hostile values (long runs that make (a+)+$ backtrack) and must
 *   end within the match limit: a match, no match, or a reported limit;
 * - policy_print() of an accepted policy reads back, and prints the same
 *   bytes again (the promise of --print-policy).
 */
#include "fuzz.h"

#include "csvio.h"
#include "rx.h"
#include "sbuf.h"
#include "where.h"

static char *hostile[4];

static void
make_hostile(void)
{
	static const char *const unit[] = { "a", "0", "父", "ab" };
	struct sbuf sb = SBUF_INIT;
	size_t i, k;

	for (i = 0; i < 4; i++) {
		sbuf_init(&sb);
		for (k = 0; k < 3000; k++)
			sbuf_adds(&sb, unit[i]);
		sbuf_adds(&sb, "!");
		hostile[i] = sbuf_detach(&sb);
	}
}

/* policy_print() into a string (the caller frees it). */
static char *
print(const struct policy *p, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_ASSERT(f != NULL);
	FUZZ_ASSERT(policy_print(p, f) == 0);
	FUZZ_ASSERT(fclose(f) == 0);
	return buf;
}

static void
exercise(const struct policy *p, const uint8_t *data, size_t size)
{
	const char *vals[RC_COUNT];
	char *own;
	size_t d, k, i, h;
	int err;

	/* The input itself, when it is text, is one more hostile value. */
	own = fuzz_str(data, size > 256 ? 256 : size);
	if (strlen(own) != (size > 256 ? 256 : size) ||
	    !csvio_valid_utf8(own, strlen(own)))
		own[0] = '\0';
	for (h = 0; h < 5; h++) {
		const char *v = h < 4 ? hostile[h] : own;

		for (d = 0; d < DOM_COUNT; d++) {
			(void)policy_value(p, (enum domain)d, v, &err);
			FUZZ_ASSERT(err == 0 || err == 1);
		}
		for (k = 0; k < FK_COUNT; k++)
			for (i = 0; i < p->npatterns[k]; i++) {
				int m = rx_match(p->patterns[k][i].rx, v,
				    strlen(v));

				FUZZ_ASSERT(m >= -1 && m <= 1);
			}
		for (i = 0; i < RC_COUNT; i++)
			vals[i] = v;
		for (i = 0; i < p->nkey_rules; i++) {
			int m = where_eval(p->key_rules[i].when, vals);

			FUZZ_ASSERT(m >= -1 && m <= 1);
		}
	}
	free(own);
	for (k = 0; k < p->ncontacts; k++)
		FUZZ_ASSERT(policy_contact(p, p->contacts[k].kind) != NULL);
	for (k = 0; k < p->nterms; k++)
		FUZZ_ASSERT(policy_term_named(p, p->terms[k].name) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy *p, *q;
	char *out1, *out2;
	size_t len1, len2;
	int code;

	if (hostile[0] == NULL)
		make_hostile();
	fuzz_init(0);
	p = policy_load(fuzz_file(data, size), &code);
	if (p == NULL) {
		FUZZ_ASSERT(code == LB_CONFIG);
		return 0;
	}
	FUZZ_ASSERT(code == LB_OK);
	exercise(p, data, size);

	out1 = print(p, &len1);
	q = policy_load(fuzz_file((const uint8_t *)out1, len1), &code);
	if (q == NULL) {
		fprintf(fuzz_err, "fuzz: printed policy refused:\n%s\n", out1);
		FUZZ_ASSERT(q != NULL);
	}
	out2 = print(q, &len2);
	if (len1 != len2 || memcmp(out1, out2, len1) != 0)
		fprintf(fuzz_err, "fuzz: printed twice:\n%s\n---\n%s\n", out1,
		    out2);
	FUZZ_ASSERT(len1 == len2 && memcmp(out1, out2, len1) == 0);
	free(out1);
	free(out2);
	policy_free(q);
	policy_free(p);
	return 0;
}
