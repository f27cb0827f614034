/* when.c: the when rules of contact kinds: which schedule of a kind each child follows. */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "classname.h"
#include "policy.h"
#include "sbuf.h"
#include "schema.h"
#include "text.h"
#include "when.h"
#include "where.h"

#define TERM_DAYS 140		/* a term, for per_term and checkpoints */

long
when_interval(const struct period *every, int per_term, int checkpoints)
{
	long best = WHEN_NEVER, d = 0, n;

	if (every != NULL && every->n > 0) {
		switch (every->unit) {
		case PU_DAYS:
			d = 100L * every->n;
			break;
		case PU_WEEKS:
			d = 700L * every->n;
			break;
		case PU_MONTHS:
			d = 3000L * every->n;
			break;
		}
		best = d;
	}
	if (per_term > 0 && 100L * TERM_DAYS / per_term < best)
		best = 100L * TERM_DAYS / per_term;
	for (n = 0; checkpoints != 0; checkpoints &= checkpoints - 1)
		n++;
	if (n > 0 && 100L * TERM_DAYS / n < best)
		best = 100L * TERM_DAYS / n;
	return best;
}

/* The interval of kind ct's own schedule for attention att. */
static long
own_interval(const struct contact *ct, int att)
{
	const struct period *every = att >= 0 && att < 4 &&
	    ct->by_attention[att].n > 0 ? &ct->by_attention[att] : &ct->every;

	return when_interval(every, ct->per_term, ct->checkpoints);
}

/*
 * Each item of a column with canonical values through the policy's
 * rules, as card_normalize() makes them: s itself when one is unknown.
 */
static void
domain_value(const struct policy *p, int c, const char *s, size_t len,
    struct sbuf *out)
{
	enum domain d = schema_col_domain(FK_ROSTER, (size_t)c);
	struct sbuf item = SBUF_INIT;
	const char *at = s, *end = s + len, *stop, *t, *canon;
	size_t n;
	int err = 0;

	sbuf_init(&item);
	while (at < end) {
		stop = at;
		if (schema_col_is_list(FK_ROSTER, (size_t)c))
			while (stop < end && strchr(SCHEMA_LIST_SEPS, *stop) == NULL)
				stop++;
		else
			stop = end;
		t = text_trim_n(at, (size_t)(stop - at), &n);
		if (n > 0) {
			sbuf_reset(&item);
			sbuf_add(&item, t, n);
			if ((canon = policy_value(p, d, item.buf, &err)) == NULL) {
				sbuf_reset(out);
				sbuf_add(out, s, len);
				break;
			}
			if (out->len == 0 || strstr(out->buf, canon) == NULL) {
				if (out->len > 0)
					sbuf_addc(out, ';');
				sbuf_adds(out, canon);
			}
		}
		at = stop < end ? stop + 1 : end;
	}
	sbuf_release(&item);
}

/*
 * Column c of row v as lb-enroll leaves it (card_normalize()), into out:
 * what an expression of --where compares with.
 */
static void
value_of(const struct policy *p, const char *const *v, int c, int attention,
    date_t as_of, struct sbuf *out)
{
	struct sbuf tmp = SBUF_INIT;
	char iso[DATE_ISO_LEN];
	const char *s, *id;
	date_t d;
	size_t n, k;
	int r, g;

	s = text_trim(v[c], &n);
	sbuf_init(&tmp);
	switch (c) {
	case RC_BIRTH_DATE:
		/* As a day, else the resident ID's, else YYYY-MM. */
		if ((r = card_birth(v, &d)) >= 0) {
			date_format(d, iso);
			sbuf_add(out, iso, r == DATE_MONTH ? 7 : strlen(iso));
		} else
			sbuf_add(out, s, n);
		break;
	case RC_ENROLLED_ON:
		sbuf_add(&tmp, s, n);
		if (n == 0 && as_of != DATE_NONE)
			sbuf_adds(out, date_format(as_of, iso));
		else if (n > 0 && date_parse_sheet(tmp.buf, &d) >= 0)
			sbuf_adds(out, date_format(d, iso));
		else
			sbuf_add(out, s, n);
		break;
	case RC_CLASS:
		sbuf_add(&tmp, s, n);
		if (n > 0)
			(void)classname_canon(tmp.buf, out);
		break;
	case RC_GRADE:
		/* The grade's number, from the class when empty. */
		g = -1;
		if (n > 0) {
			sbuf_add(&tmp, s, n);
			g = classname_grade(tmp.buf);
		} else {
			s = text_trim(v[RC_CLASS], &k);
			sbuf_add(&tmp, s, k);
			if (k > 0 && classname_canon(tmp.buf, out) == 0)
				g = (int)strtol(out->buf, NULL, 10);
			sbuf_reset(out);
		}
		if (g > 0)
			sbuf_printf(out, "%d", g);
		else
			sbuf_add(out, s, n);
		break;
	case RC_ATTENTION:
		/* Empty: what the key rules give (roster_child() read it). */
		if (n == 0)
			sbuf_adds(out, schema_domain_values(DOM_ATTENTION)
			    [attention >= 0 && attention < 4 ? attention : 0]);
		else
			domain_value(p, c, s, n, out);
		break;
	case RC_STATUS:
		if (n == 0)
			sbuf_adds(out, "active");
		else
			domain_value(p, c, s, n, out);
		break;
	case RC_GENDER:
		/* Empty: the resident ID's. */
		id = text_trim(v[RC_ID_CARD], &k);
		sbuf_add(&tmp, id, k);
		if (n == 0 && card_id_valid(tmp.buf))
			sbuf_adds(out, card_id_gender(tmp.buf));
		else
			domain_value(p, c, s, n, out);
		break;
	case RC_GUARDIAN_AGE:
	case RC_PARENT_VISITS_PER_YEAR:
		/* "72岁", "２次": the digits. */
		text_fold_fullwidth(&tmp, s, n);
		k = strspn(tmp.buf, "0123456789");
		if (k > 0 && k <= 3 && (tmp.buf[k] == '\0' ||
		    strcmp(tmp.buf + k, "岁") == 0 ||
		    strcmp(tmp.buf + k, "次") == 0 ||
		    strcmp(tmp.buf + k, "歲") == 0))
			sbuf_add(out, tmp.buf, k);
		else
			sbuf_add(out, s, n);
		break;
	case RC_FATHER_PHONE:
	case RC_MOTHER_PHONE:
	case RC_GUARDIAN_PHONE:
		sbuf_add(&tmp, s, n);
		if (n == 0 || card_phone(tmp.buf, out) != 0) {
			sbuf_reset(out);
			sbuf_add(out, s, n);
		}
		break;
	default:
		if (schema_col_domain(FK_ROSTER, (size_t)c) != DOM_NONE)
			domain_value(p, c, s, n, out);
		else
			sbuf_add(out, s, n);
		break;
	}
	sbuf_release(&tmp);
}

void
when_choose(const struct policy *p, const char *const *v, int attention,
    date_t as_of, unsigned char *out)
{
	const char *vals[RC_COUNT];
	struct sbuf val[RC_COUNT];
	unsigned char need[RC_COUNT];
	const struct contact *ct;
	const struct where *w;
	size_t k, r;
	long best, iv;
	int c;

	if (p->nwhen_kinds == 0)
		return;
	/* Only the columns the rules name are made as lb-enroll makes them. */
	memset(need, 0, sizeof(need));
	for (c = 0; c < RC_COUNT; c++)
		vals[c] = "";
	for (k = 0; k < p->ncontacts; k++)
		for (r = 0; r < p->contacts[k].nwhen; r++)
			for (w = p->contacts[k].when[r].where; w != NULL;
			    w = where_next(w))
				need[where_col(w)] = 1;
	for (c = 0; c < RC_COUNT; c++) {
		if (!need[c])
			continue;
		sbuf_init(&val[c]);
		value_of(p, v, c, attention, as_of, &val[c]);
		vals[c] = val[c].buf != NULL ? val[c].buf : "";
	}
	for (k = 0; k < p->ncontacts; k++) {
		ct = &p->contacts[k];
		if (ct->when_slot < 0)
			continue;
		best = own_interval(ct, attention);
		/* A greeting on the birthday is a schedule of its own. */
		out[ct->when_slot] = best == WHEN_NEVER && !ct->on_birthday ?
		    WHEN_NONE : WHEN_OWN;
		for (r = 0; r < ct->nwhen; r++) {
			/* A pattern past its match limit holds no more than
			 * a --where of it keeps the row. */
			if (where_eval(ct->when[r].where, vals) != 1)
				continue;
			iv = when_interval(&ct->when[r].every,
			    ct->when[r].per_term, ct->when[r].checkpoints);
			if (iv < best) {
				best = iv;
				out[ct->when_slot] = (unsigned char)(WHEN_RULE + r);
			}
		}
	}
	for (c = 0; c < RC_COUNT; c++)
		if (need[c])
			sbuf_release(&val[c]);
}
