/* fuzz_card.c: libFuzzer target for the resident-ID, phone and card checks (lib/card.h). */
/*
 * The input is a roster record: its fields separated by TAB, in roster
 * column order (student_id, name, gender, birth_date, id_card, ...).
 * Every field is also tried as a resident ID and as a phone number.
 * Properties: a valid ID is 18 characters and names a gender; a phone
 * that normalises is digits with at most one '-' and normalises to
 * itself; and card_normalize() is idempotent: a record it accepts, run
 * through it again, is accepted unchanged.
 */
#include "fuzz.h"

#include "card.h"
#include "sbuf.h"

static void
check_id(const char *s)
{
	const char *g;
	date_t birth;

	if (!card_id_valid(s))
		return;
	FUZZ_ASSERT(strlen(s) == 18);
	g = card_id_gender(s);
	FUZZ_ASSERT(g != NULL && (strcmp(g, "M") == 0 || strcmp(g, "F") == 0));
	if (card_id_birth(s, &birth) == 0)
		FUZZ_ASSERT(birth != DATE_NONE);
}

static void
check_phone(const char *s)
{
	struct sbuf a = SBUF_INIT, b = SBUF_INIT;
	size_t i, dashes = 0;

	sbuf_init(&a);
	sbuf_init(&b);
	if (card_phone(s, &a) == 0) {
		for (i = 0; i < a.len; i++) {
			FUZZ_ASSERT((a.buf[i] >= '0' && a.buf[i] <= '9') ||
			    a.buf[i] == '-');
			dashes += a.buf[i] == '-';
		}
		FUZZ_ASSERT(dashes <= 1);
		FUZZ_ASSERT(card_phone(a.buf, &b) == 0);
		FUZZ_ASSERT(strcmp(a.buf, b.buf) == 0);
	}
	sbuf_release(&a);
	sbuf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v[RC_COUNT], *w[RC_COUNT];
	struct sbuf errs = SBUF_INIT, missing = SBUF_INIT;
	date_t as_of = date_from_ymd(2026, 9, 1);
	size_t n, i;
	int flags, nprob, again;

	fuzz_init(1);
	if (size == 0)
		return 0;
	flags = data[0] & 1 ? CARD_DERIVE_LEFT_BEHIND : 0;
	n = fuzz_split(data + 1, size - 1, '\t', v, RC_COUNT);
	for (i = n; i < RC_COUNT; i++)
		v[i] = xstrdup("");
	for (i = 0; i < n; i++) {
		check_id(v[i]);
		check_phone(v[i]);
	}
	sbuf_init(&errs);
	sbuf_init(&missing);
	nprob = card_normalize(fuzz_policy, v, as_of, flags, &errs);
	FUZZ_ASSERT(nprob >= 0 && (nprob == 0) == (errs.len == 0));
	for (i = 0; i < RC_COUNT; i++)
		FUZZ_ASSERT(v[i] != NULL);
	if (nprob == 0) {
		for (i = 0; i < RC_COUNT; i++)
			w[i] = xstrdup(v[i]);
		/* left_behind is now a column of the record. */
		again = card_normalize(fuzz_policy, w, as_of, 0, &errs);
		if (again != 0)
			fprintf(fuzz_err, "fuzz: second pass: %s\n", errs.buf);
		FUZZ_ASSERT(again == 0);
		for (i = 0; i < RC_COUNT; i++) {
			if (strcmp(v[i], w[i]) != 0)
				fprintf(fuzz_err, "fuzz: column %zu: '%s' then "
				    "'%s'\n", i, v[i], w[i]);
			FUZZ_ASSERT(strcmp(v[i], w[i]) == 0);
			free(w[i]);
		}
		(void)card_missing(fuzz_policy, (const char *const *)v,
		    &missing, 0);
		(void)card_missing(fuzz_policy, (const char *const *)v,
		    &missing, 1);
	}
	for (i = 0; i < RC_COUNT; i++)
		free(v[i]);
	sbuf_release(&errs);
	sbuf_release(&missing);
	return 0;
}
