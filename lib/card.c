/* card.c: normalising and checking one roster record (a child's card). */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "classname.h"
#include "diag.h"
#include "i18n.h"
#include "policy.h"
#include "rx.h"
#include "sbuf.h"
#include "table.h"
#include "text.h"
#include "where.h"
#include "xmem.h"

static const int phone_cols_list[] = {
	RC_FATHER_PHONE, RC_MOTHER_PHONE, RC_GUARDIAN_PHONE, -1
};

/* People's names: blanks between Han characters go (text_name). */
static const int name_cols_list[] = {
	RC_NAME, RC_FATHER_NAME, RC_MOTHER_NAME, RC_GUARDIAN_NAME, -1
};

/* Codes a spreadsheet may have turned into numbers (text_sheet_number). */
static const int code_cols_list[] = {
	RC_STUDENT_ID, RC_ID_CARD, RC_FATHER_PHONE, RC_MOTHER_PHONE,
	RC_GUARDIAN_PHONE, -1
};

/*
 * Names and ids, which every message and table shows: a control
 * character in one (ESC, a line break) is refused at the door.
 */
static const int shown_cols_list[] = {
	RC_STUDENT_ID, RC_NAME, RC_ID_CARD, RC_FATHER_NAME, RC_MOTHER_NAME,
	RC_GUARDIAN_NAME, RC_MENTOR_ID, RC_BUDDY_ID, RC_VOLUNTEER_ID, -1
};

static int
check_controls(char **v, struct sbuf *errs);

char *
card_id_shown(const char *id, char *buf)
{
	size_t n = strlen(id), i;

	if (n <= 10 || n >= CARD_ID_SHOWN_LEN) {
		snprintf(buf, CARD_ID_SHOWN_LEN, "%s", n <= 10 ? id :
		    "******");
		return buf;
	}
	memcpy(buf, id, 6);
	for (i = 6; i < n - 4; i++)
		buf[i] = '*';
	memcpy(buf + n - 4, id + n - 4, 5);
	return buf;
}

int
card_id_valid(const char *id)
{
	static const int weight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	static const char check[] = "10X98765432";
	int i, sum = 0;

	if (strlen(id) != 18)
		return 0;
	for (i = 0; i < 17; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		sum += (id[i] - '0') * weight[i];
	}
	return id[17] == check[sum % 11];
}

int
card_id_birth(const char *id, date_t *birth)
{
	char buf[9];

	memcpy(buf, id + 6, 8);
	buf[8] = '\0';
	return date_parse(buf, birth);
}

const char *
card_id_gender(const char *id)
{
	return (id[16] - '0') % 2 == 1 ? "M" : "F";
}

int
card_phone(const char *in, struct sbuf *out)
{
	struct sbuf folded = SBUF_INIT;
	const char *s;
	size_t len, area = 0, rest;
	int bad = 0;

	sbuf_init(&folded);
	s = text_trim(in, &len);
	text_fold_fullwidth(&folded, s, len);
	sbuf_reset(out);
	s = folded.buf;
	if (strncmp(s, "+86", 3) == 0)
		s += 3;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			sbuf_addc(out, *s);
		else if (strchr(" -().", *s) != NULL) {
			/* The first separator after a leading 0 ends an area code. */
			if (area == 0 && out->len > 0 && out->buf[0] == '0')
				area = out->len;
		} else
			bad = 1;
	}
	sbuf_release(&folded);
	if (bad)
		return -1;
	/*
	 * The international prefix 0086 goes (however often it was pasted),
	 * so that a normalised number normalises to itself.
	 */
	while (out->len > 12 && strncmp(out->buf, "0086", 4) == 0) {
		memmove(out->buf, out->buf + 4, out->len - 3);
		out->len -= 4;
		area = 0;
	}
	/*
	 * Without a separator where an area code can end, a landline's area
	 * code is known from its second digit: 010 and 02x have three
	 * digits, all others four (none starts 00).
	 */
	if ((area < 3 || area > 4) && out->len >= 10 && out->buf[0] == '0' &&
	    out->buf[1] != '0')
		area = out->buf[1] == '1' || out->buf[1] == '2' ? 3 : 4;
	if (area >= 3 && area <= 4 && out->len > area) {
		rest = out->len - area;
		sbuf_grow(out, 1);
		memmove(out->buf + area + 1, out->buf + area, rest + 1);
		out->buf[area] = '-';
		out->len++;
	}
	return 0;
}

/* Replace v[c] by the first n bytes of s. */
static void
set(char **v, int c, const char *s, size_t n)
{
	char *old = v[c];

	v[c] = xstrndup(s, n);
	free(old);
}

static void
problem(struct sbuf *errs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct sbuf *errs, const char *fmt, ...)
{
	va_list ap;

	if (errs->len > 0)
		sbuf_adds(errs, _("; "));
	va_start(ap, fmt);
	sbuf_vprintf(errs, fmt, ap);
	va_end(ap);
}

/* The domain's canonical values as "a, b or c" for a message. */
static int
normalize_domain(const struct policy *p, char **v, int c, struct sbuf *errs)
{
	enum domain d = schema_col_domain(FK_ROSTER, (size_t)c);
	struct sbuf exp = SBUF_INIT, out = SBUF_INIT;
	const char *canon, *s = v[c], *end;
	int err = 0, bad = 0;
	size_t n;

	if (d == DOM_NONE || *v[c] == '\0')
		return 0;
	sbuf_init(&exp);
	sbuf_init(&out);
	/* A list column (hardship) takes any of the usual separators. */
	while (*s != '\0') {
		char *item;

		end = schema_col_is_list(FK_ROSTER, (size_t)c) ?
		    s + strcspn(s, SCHEMA_LIST_SEPS) : s + strlen(s);
		item = xstrndup(s, (size_t)(end - s));
		s = text_trim(item, &n);
		if (n > 0) {
			char *t = xstrndup(s, n);

			canon = policy_value(p, d, t, &err);
			if (canon == NULL) {
				sbuf_reset(&exp);
				text_list(&exp, schema_domain_values(d), 0);
				problem(errs, err ? _("%s: '%s' could not be "
				    "matched (pattern limit) (expected "
				    "%s)") : _("%s: '%s' is not a known value "
				    "(expected %s)"), schema_col_name(FK_ROSTER,
				    (size_t)c), t, exp.buf);
				bad = 1;
			} else if (strstr(out.buf, canon) == NULL) {
				if (out.len > 0)
					sbuf_addc(&out, ';');
				sbuf_adds(&out, canon);
			}
			free(t);
		}
		free(item);
		s = *end != '\0' ? end + 1 : end;
	}
	if (!bad)
		set(v, c, out.buf, out.len);
	sbuf_release(&exp);
	sbuf_release(&out);
	return bad;
}

int
card_birth(const char *const *v, date_t *birth)
{
	int r;

	if (*v[RC_BIRTH_DATE] == '\0' && *v[RC_ID_CARD] == '\0')
		return -1;
	/* The roster's own form first: lb-enroll writes ISO. */
	if (date_parse(v[RC_BIRTH_DATE], birth) == 0)
		return DATE_DAY;
	r = date_parse_sheet(v[RC_BIRTH_DATE], birth);
	if (r == DATE_DAY)
		return r;
	if (card_id_valid(v[RC_ID_CARD]) && card_id_birth(v[RC_ID_CARD],
	    birth) == 0)
		return DATE_DAY;
	return r == DATE_MONTH ? r : -1;
}

/*
 * A date column's value to ISO.  A year and month alone is kept as
 * YYYY-MM in birth_date (check_id_card() may give it its day), and is
 * the month's first day in enrolled_on (the child is in the programme
 * from that month).
 */
static int
normalize_date(char **v, int c, struct sbuf *errs)
{
	char iso[DATE_ISO_LEN];
	date_t d;
	int r;

	if (*v[c] == '\0')
		return 0;
	if ((r = date_parse_sheet(v[c], &d)) < 0) {
		problem(errs, _("%s: '%s' is not a real date (expected "
		    "YYYY-MM-DD or a form like %s)"), schema_col_name(FK_ROSTER,
		    (size_t)c), v[c], "2015年3月7日");
		return 1;
	}
	date_format(d, iso);
	set(v, c, iso, r == DATE_MONTH && c == RC_BIRTH_DATE ? 7 : strlen(iso));
	return 0;
}

/*
 * The class to G-N where it is a form classname_canon() knows, and the
 * grade to its number: from the class when the grade is empty, else as
 * written (三年级, 初一) and agreeing with the class.  A grade or class
 * lb does not know (学前班) is kept as written.
 */
static int
normalize_class(char **v, struct sbuf *errs)
{
	struct sbuf sb = SBUF_INIT;
	int cg = -1, g;

	sbuf_init(&sb);
	if (*v[RC_CLASS] != '\0') {
		if (classname_canon(v[RC_CLASS], &sb) == 0)
			cg = (int)strtol(sb.buf, NULL, 10);
		set(v, RC_CLASS, sb.buf, sb.len);
	}
	g = *v[RC_GRADE] == '\0' ? cg : classname_grade(v[RC_GRADE]);
	if (*v[RC_GRADE] != '\0' && g > 0 && cg > 0 && g != cg) {
		problem(errs, _("grade: '%s' is grade %d but class %s is of "
		    "grade %d (expected the class's grade)"), v[RC_GRADE], g,
		    v[RC_CLASS], cg);
		sbuf_release(&sb);
		return 1;
	}
	if (g > 0) {
		sbuf_reset(&sb);
		sbuf_printf(&sb, "%d", g);
		set(v, RC_GRADE, sb.buf, sb.len);
	}
	sbuf_release(&sb);
	return 0;
}

/*
 * A code (an ID, a phone) a spreadsheet stored as a number: its digits
 * are gone, and no normalising brings them back.  Returns the columns
 * found, as bits, for the later checks to pass over.
 */
static uint64_t
lost_digits(char **v, struct sbuf *errs, int *bad)
{
	uint64_t lost = 0;
	size_t i;
	int c;

	for (i = 0; code_cols_list[i] >= 0; i++) {
		c = code_cols_list[i];
		if (*v[c] == '\0' || !text_sheet_number(v[c]))
			continue;
		problem(errs, _("%s: '%s': Excel stored this as a number and "
		    "lost digits (expected text: format the column as text, "
		    "or give lb the .xlsx file)"), schema_col_name(FK_ROSTER,
		    (size_t)c), v[c]);
		lost |= (uint64_t)1 << c;
		(*bad)++;
	}
	return lost;
}

static int
check_controls(char **v, struct sbuf *errs)
{
	size_t i;
	int c, bad = 0;

	for (i = 0; shown_cols_list[i] >= 0; i++) {
		c = shown_cols_list[i];
		if (!text_has_control(v[c], strlen(v[c])))
			continue;
		problem(errs, _("%s: holds a control character (expected "
		    "text: retype it, or paste it as plain text)"),
		    schema_col_name(FK_ROSTER, (size_t)c));
		bad++;
	}
	return bad;
}

static void
normalize_names(char **v)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;
	int c;

	sbuf_init(&sb);
	for (i = 0; name_cols_list[i] >= 0; i++) {
		c = name_cols_list[i];
		sbuf_reset(&sb);
		text_name(&sb, v[c]);
		if (strcmp(sb.buf, v[c]) != 0)
			set(v, c, sb.buf, sb.len);
	}
	sbuf_release(&sb);
}

/* A count such as "72岁" or "２次": digits, an optional unit after them. */
static int
normalize_count(char **v, int c, struct sbuf *errs)
{
	struct sbuf folded = SBUF_INIT;
	size_t n;
	int bad = 0;

	if (*v[c] == '\0')
		return 0;
	sbuf_init(&folded);
	text_fold_fullwidth(&folded, v[c], strlen(v[c]));
	n = strspn(folded.buf, "0123456789");
	if (n == 0 || n > 3 || (folded.buf[n] != '\0' &&
	    strcmp(folded.buf + n, "岁") != 0 && strcmp(folded.buf + n, "次") != 0 &&
	    strcmp(folded.buf + n, "歲") != 0)) {
		problem(errs, _("%s: '%s' is not a number (expected a whole "
		    "number)"),
		    schema_col_name(FK_ROSTER, (size_t)c), v[c]);
		bad = 1;
	} else
		set(v, c, folded.buf, n);
	sbuf_release(&folded);
	return bad;
}

static int
check_id_card(char **v, uint64_t lost, struct sbuf *errs)
{
	struct sbuf folded = SBUF_INIT;
	char iso[DATE_ISO_LEN], shown[CARD_ID_SHOWN_LEN];
	const char *id;
	date_t birth, given = 0;
	size_t i;
	int bad = 0, kind, by, bm, bd, gy, gm, gd;

	if (*v[RC_ID_CARD] == '\0' || (lost >> RC_ID_CARD & 1))
		return 0;
	sbuf_init(&folded);
	text_fold_fullwidth(&folded, v[RC_ID_CARD], strlen(v[RC_ID_CARD]));
	for (i = 0; i < folded.len; i++)
		if (folded.buf[i] == 'x')
			folded.buf[i] = 'X';
	set(v, RC_ID_CARD, folded.buf, folded.len);
	sbuf_release(&folded);
	id = v[RC_ID_CARD];
	card_id_shown(id, shown);
	if (!card_id_valid(id)) {
		problem(errs, _("id_card: '%s' fails its check digit (expected "
		    "18 characters whose last one matches the other 17)"),
		    shown);
		return 1;
	}
	if (card_id_birth(id, &birth) != 0) {
		problem(errs, _("id_card: '%s' holds no real birth date"), shown);
		return 1;
	}
	kind = date_parse_sheet(v[RC_BIRTH_DATE], &given);
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(given, &gy, &gm, &gd);
	/* A year and month alone takes its day from an ID that agrees. */
	if (*v[RC_BIRTH_DATE] == '\0' || (kind == DATE_MONTH && by == gy &&
	    bm == gm)) {
		date_format(birth, iso);
		set(v, RC_BIRTH_DATE, iso, strlen(iso));
	} else if ((kind == DATE_DAY && given != birth) ||
	    (kind == DATE_MONTH && (by != gy || bm != gm))) {
		problem(errs, _("id_card: '%s' says born %s but birth_date is "
		    "%s"),
		    shown, date_format(birth, iso), v[RC_BIRTH_DATE]);
		bad++;
	}
	if (*v[RC_GENDER] == '\0')
		set(v, RC_GENDER, card_id_gender(id), 1);
	else if ((strcmp(v[RC_GENDER], "M") == 0 || strcmp(v[RC_GENDER], "F") == 0) &&
	    strcmp(v[RC_GENDER], card_id_gender(id)) != 0) {
		problem(errs, *card_id_gender(id) == 'M' ? _("id_card: '%s' is "
		    "a boy's number but gender is %s") : _("id_card: '%s' is a "
		    "girl's number but gender is %s"), shown, v[RC_GENDER]);
		bad++;
	}
	return bad;
}

static int
check_patterns(const struct policy *p, char **v, uint64_t lost,
    struct sbuf *errs)
{
	char shown[CARD_ID_SHOWN_LEN];
	size_t i;
	int bad = 0, r;

	for (i = 0; i < p->npatterns[FK_ROSTER]; i++) {
		const struct field_pattern *fp = &p->patterns[FK_ROSTER][i];
		const char *val = v[fp->col];

		if (*val == '\0' || (fp->col < 64 && (lost >> fp->col & 1)))
			continue;
		r = rx_match(fp->rx, val, strlen(val));
		if (r == 1)
			continue;
		problem(errs, r < 0 ? _("%s: '%s' could not be checked "
		    "(pattern limit) (expected a value matching the policy's "
		    "pattern '%s')") : _("%s: '%s' is not valid (expected a "
		    "value matching the policy's pattern '%s')"),
		    schema_col_name(FK_ROSTER, fp->col), fp->col == RC_ID_CARD ?
		    card_id_shown(val, shown) : val, rx_source(fp->rx));
		bad++;
	}
	return bad;
}

static void
derive_left_behind(char **v)
{
	int father = *v[RC_FATHER_WORK_PLACE] != '\0' ||
	    *v[RC_FATHER_WORK_PROVINCE] != '\0';
	int mother = *v[RC_MOTHER_WORK_PLACE] != '\0' ||
	    *v[RC_MOTHER_WORK_PROVINCE] != '\0';
	const char *lb = father && mother ? "both" : father || mother ? "one" :
	    "none";

	set(v, RC_LEFT_BEHIND, lb, strlen(lb));
}

/*
 * Returns the number of problems: a rule whose pattern hits its match
 * limit is one (the child might be a key target: no silent "general").
 */
static int
apply_key_rules(const struct policy *p, char **v, struct sbuf *errs)
{
	size_t i;
	int r;

	if (*v[RC_ATTENTION] != '\0')
		return 0;
	for (i = 0; i < p->nkey_rules; i++) {
		r = where_eval(p->key_rules[i].when, (const char *const *)v);
		if (r == 1) {
			set(v, RC_ATTENTION, p->key_rules[i].attention,
			    strlen(p->key_rules[i].attention));
			return 0;
		}
		if (r < 0) {
			problem(errs, _("attention: the key rule '%s' could "
			    "not be checked (pattern limit) (expected a "
			    "simpler rule, or the attention given in the "
			    "data)"), where_text(p->key_rules[i].when));
			return 1;
		}
	}
	set(v, RC_ATTENTION, "general", 7);
	return 0;
}

int
card_normalize(const struct policy *p, char **v, date_t as_of, int flags,
    struct sbuf *errs)
{
	struct sbuf phone = SBUF_INIT;
	char iso[DATE_ISO_LEN];
	const char *s;
	date_t birth;
	size_t n, i;
	uint64_t lost;
	int c, bad = 0, age;

	sbuf_init(&phone);
	for (c = 0; c < RC_COUNT; c++) {
		s = text_trim(v[c], &n);
		if (s != v[c] || n != strlen(v[c]))
			set(v, c, s, n);
	}
	if (*v[RC_STUDENT_ID] == '\0')
		problem(errs, "%s", _("student_id: empty (expected the "
		    "child's id)")), bad++;
	if (*v[RC_NAME] == '\0')
		problem(errs, "%s", _("name: empty (expected the child's "
		    "name)")), bad++;
	if (*v[RC_CLASS] == '\0')
		problem(errs, "%s", _("class: empty (expected a class such as "
		    "3-2)")), bad++;
	if (*v[RC_BIRTH_DATE] == '\0' && *v[RC_ID_CARD] == '\0')
		problem(errs, "%s", _("birth_date: empty, and so is id_card "
		    "(expected at least one)")), bad++;

	/* After the names are made (a line break in a cell is a blank). */
	normalize_names(v);
	bad += check_controls(v, errs);
	lost = lost_digits(v, errs, &bad);
	bad += normalize_date(v, RC_BIRTH_DATE, errs);
	bad += normalize_date(v, RC_ENROLLED_ON, errs);
	bad += normalize_class(v, errs);
	for (c = 0; c < RC_COUNT; c++)
		bad += normalize_domain(p, v, c, errs);
	bad += normalize_count(v, RC_GUARDIAN_AGE, errs);
	bad += normalize_count(v, RC_PARENT_VISITS_PER_YEAR, errs);
	for (i = 0; phone_cols_list[i] >= 0; i++) {
		c = phone_cols_list[i];
		if (*v[c] == '\0' || (lost >> c & 1))
			continue;
		if (card_phone(v[c], &phone) == 0)
			set(v, c, phone.buf, phone.len);
	}
	bad += check_id_card(v, lost, errs);
	bad += check_patterns(p, v, lost, errs);

	/* A year and month alone: the age as if born on the month's first. */
	if (card_birth((const char *const *)v, &birth) >= 0) {
		age = date_age(birth, as_of);
		if (age < p->age_min || age > p->age_max) {
			problem(errs, _("birth_date: %s makes the child %d on "
			    "%s (expected an age from %d to %d)"),
			    v[RC_BIRTH_DATE], age, date_format(as_of, iso),
			    p->age_min, p->age_max);
			bad++;
		}
	}
	if ((flags & CARD_DERIVE_LEFT_BEHIND) && *v[RC_LEFT_BEHIND] == '\0')
		derive_left_behind(v);
	if (*v[RC_STATUS] == '\0')
		set(v, RC_STATUS, "active", 6);
	if (*v[RC_ENROLLED_ON] == '\0') {
		date_format(as_of, iso);
		set(v, RC_ENROLLED_ON, iso, strlen(iso));
	}
	if (bad == 0)
		bad += apply_key_rules(p, v, errs);
	sbuf_release(&phone);
	return bad;
}

int
card_missing(const struct policy *p, const char *const *v,
    struct sbuf *out, int labelled)
{
	const char *name;
	size_t i;
	int n = 0;

	for (i = 0; i < p->ncard_fields; i++) {
		if (*v[p->card_fields[i]] != '\0')
			continue;
		if (n++ > 0 && out != NULL)
			sbuf_adds(out, labelled ? policy_label(p, "list_sep") :
			    ", ");
		name = schema_col_name(FK_ROSTER, p->card_fields[i]);
		if (out != NULL)
			sbuf_adds(out, labelled ? policy_label(p, name) : name);
	}
	return n;
}

int
card_table_names(struct table *t)
{
	struct sbuf sb = SBUF_INIT;
	const char *v;
	size_t r, k;
	int c = t->kind == FK_STAFF ? SC_NAME : t->kind == FK_POOL ? PC_NAME :
	    -1, id = t->kind == FK_STAFF ? SC_STAFF_ID : PC_STUDENT_ID, bad = 0;
	const int shown[2] = { id, c };

	if (c < 0)
		return 0;
	sbuf_init(&sb);
	for (r = 0; r < t->nrows; r++) {
		/* The name made first: a line break in a cell is a blank. */
		if (t->col[c] >= 0) {
			v = table_get(t, r, c);
			sbuf_reset(&sb);
			text_name(&sb, v);
			if (strcmp(sb.buf, v) != 0)
				table_set(t, r, c, sb.buf);
		}
		for (k = 0; k < 2; k++) {
			v = table_get(t, r, shown[k]);
			if (!text_has_control(v, strlen(v)))
				continue;
			diag_error(t->name, t->lines[r], 0, _("%s: holds a "
			    "control character (expected text: retype it, or "
			    "paste it as plain text)"),
			    schema_col_name(t->kind, (size_t)shown[k]));
			bad = 1;
		}
	}
	sbuf_release(&sb);
	return bad ? -1 : 0;
}
