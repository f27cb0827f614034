/* test_card.c: unit tests of ID numbers, phones and card normalisation. */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "diag.h"
#include "policy.h"
#include "sbuf.h"
#include "tap.h"
#include "xmem.h"

static const char *
phone(const char *in, int *rc)
{
	static struct sbuf sb = SBUF_INIT;

	*rc = card_phone(in, &sb);
	return sb.buf;
}

/* Normalise a record given as "col=value" pairs; returns problems. */
static int
normalize(const struct policy *p, char **v, struct sbuf *errs, int flags,
    const char *const *pairs)
{
	size_t c;

	for (c = 0; c < RC_COUNT; c++)
		v[c] = xstrdup("");
	for (; *pairs != NULL; pairs++) {
		const char *eq = strchr(*pairs, '=');
		char *name = xstrndup(*pairs, (size_t)(eq - *pairs));
		int col = schema_col_index(FK_ROSTER, name);

		free(v[col]);
		v[col] = xstrdup(eq + 1);
		free(name);
	}
	sbuf_reset(errs);
	return card_normalize(p, v, date_from_ymd(2026, 11, 26), flags, errs);
}

static void
release(char **v)
{
	size_t c;

	for (c = 0; c < RC_COUNT; c++)
		free(v[c]);
}

int
main(void)
{
	struct policy *p;
	struct sbuf errs = SBUF_INIT;
	char *v[RC_COUNT];
	date_t d;
	int rc, code;

	/* 11010519491231002X is the standard's own example. */
	ok(card_id_valid("11010519491231002X"), "GB 11643 example is valid");
	ok(!card_id_valid("110105194912310021"), "a wrong check digit is caught");
	ok(!card_id_valid("11010519491231002"), "17 characters are not enough");
	ok(!card_id_valid("1101051949123100AX"), "letters inside are refused");
	ok(card_id_birth("11010519491231002X", &d) == 0 &&
	    d == date_from_ymd(1949, 12, 31), "birth date from the ID");
	is_str(card_id_gender("11010519491231002X"), "F", "even 17th digit: girl");

	is_str(phone("138 0000 1234", &rc), "13800001234", "mobile with spaces");
	is_str(phone("+86 138-0000-1234", &rc), "13800001234", "country code dropped");
	is_str(phone("１３８００００１２３４", &rc), "13800001234", "full-width mobile");
	is_str(phone("0566-8125908", &rc), "0566-8125908", "landline kept");
	is_str(phone("(0566)8125908", &rc), "0566-8125908", "area code in brackets");
	is_str(phone("0566 8125908", &rc), "0566-8125908", "area code and a space");
	is_str(phone("05668125908", &rc), "0566-8125908", "four-digit area code inferred");
	is_str(phone("01062345678", &rc), "010-62345678", "Beijing's three-digit area code");
	phone("138无", &rc);
	is_int(rc, -1, "letters make a phone invalid");

	diag_init("test_card");
	p = policy_load(NULL, &code);
	if (!ok(p != NULL, "the default policy loads"))
		return done_testing();
	sbuf_init(&errs);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S1", "name=王小明", "class=3-2", "gender=男",
	    "birth_date=2016年3月7日", "guardian_relation=奶奶",
	    "guardian_phone=138 0000 1234", "left_behind=父母均外出",
	    "boarding=住校", NULL });
	is_int(rc, 0, "a good row has no problems");
	is_str(v[RC_GENDER], "M", "男 -> M");
	is_str(v[RC_BIRTH_DATE], "2016-03-07", "Chinese date -> ISO");
	is_str(v[RC_GUARDIAN_RELATION], "grandmother", "奶奶 -> grandmother");
	is_str(v[RC_GUARDIAN_PHONE], "13800001234", "phone normalised");
	is_str(v[RC_LEFT_BEHIND], "both", "父母均外出 -> both");
	is_str(v[RC_BOARDING], "yes", "住校 -> yes");
	is_str(v[RC_STATUS], "active", "status defaults to active");
	is_str(v[RC_ENROLLED_ON], "2026-11-26", "enrolled_on defaults to as-of");
	is_str(v[RC_ATTENTION], "general", "no key rule: general attention");
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S2", "name=李芳", "class=1-1", "birth_date=2019-05-01",
	    "guardian_age=72岁", NULL });
	is_int(rc, 0, "guardian age with 岁 accepted");
	is_str(v[RC_GUARDIAN_AGE], "72", "age unit dropped");
	is_str(v[RC_ATTENTION], "key", "guardian aged 70+ makes a key target");
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S3", "name=李芳", "class=1-1", "birth_date=2019-05-01",
	    "guardian_age=72", "attention=普遍关注", NULL });
	is_str(v[RC_ATTENTION], "general", "an explicit attention wins over rules");
	release(v);

	rc = normalize(p, v, &errs, CARD_DERIVE_LEFT_BEHIND, (const char *const[]){
	    "student_id=S4", "name=张伟", "class=2-1", "birth_date=2018-01-01",
	    "mother_work_place=浙江宁波", NULL });
	is_str(v[RC_LEFT_BEHIND], "one", "one parent away: derived 'one'");
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S5", "name=张伟", "class=2-1",
	    "id_card=11010520180101002x", NULL });
	ok(rc > 0, "a bad ID checksum is a problem");
	ok(strstr(errs.buf, "check digit") != NULL, "and says so: %s", errs.buf);
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S5b", "name=张伟", "class=2-1",
	    "id_card=341822201603070019", NULL });
	is_int(rc, 0, "a valid ID alone is enough");
	is_str(v[RC_BIRTH_DATE], "2016-03-07", "birth date filled from the ID");
	is_str(v[RC_GENDER], "M", "gender filled from the ID");
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S5c", "name=张伟", "class=2-1", "gender=女",
	    "birth_date=2016-03-08", "id_card=341822201603070019", NULL });
	is_int(rc, 2, "ID disagreeing with birth date and gender");
	ok(strstr(errs.buf, "id_card: '341822********0019' says born 2016-03-07 but birth_date is 2016-03-08")
	    != NULL, "birth message: %s", errs.buf);
	ok(strstr(errs.buf, "is a boy's number but gender is F") != NULL,
	    "gender message: %s", errs.buf);
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S6", "name=张伟", "class=2-1", "birth_date=2015-02-29",
	    "gender=男孩", NULL });
	is_int(rc, 2, "a day that does not exist and an unknown gender");
	ok(strstr(errs.buf, "birth_date: '2015-02-29' is not a real date") != NULL,
	    "date message: %s", errs.buf);
	ok(strstr(errs.buf, "gender: '男孩' is not a known value (expected M or F)")
	    != NULL, "value message: %s", errs.buf);
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "name=张伟", "class=2-1", NULL });
	is_int(rc, 2, "no student_id and no birth date or ID: rejected");
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S7", "name=张伟", "class=2-1", "birth_date=2000-01-01",
	    NULL });
	is_int(rc, 1, "a 26-year-old is not a pupil");
	release(v);

	rc = normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S8", "name=张伟", "class=2-1", "birth_date=2018-01-01",
	    "guardian_phone=12345", NULL });
	is_int(rc, 1, "a phone failing the policy's pattern");
	release(v);

	/* Which card fields are empty: counted, named, or put in words. */
	(void)normalize(p, v, &errs, 0, (const char *const[]){
	    "student_id=S9", "name=张伟", "class=2-1", NULL });
	is_int(card_missing(p, (const char *const *)v, NULL, 0),
	    (long)p->ncard_fields, "an empty card misses every field");
	free(v[RC_ADDRESS]);
	v[RC_ADDRESS] = xstrdup("青山村");
	sbuf_reset(&errs);
	is_int(card_missing(p, (const char *const *)v, &errs, 0),
	    (long)p->ncard_fields - 1, "one field filled");
	ok(strncmp(errs.buf, "father_name, father_phone, ", 27) == 0,
	    "column names for messages: %s", errs.buf);
	sbuf_reset(&errs);
	(void)card_missing(p, (const char *const *)v, &errs, 1);
	ok(strncmp(errs.buf, "父亲姓名、父亲电话、", 30) == 0,
	    "the policy's words, joined by its list_sep: %s", errs.buf);
	release(v);

	{
		char buf[CARD_ID_SHOWN_LEN];

		is_str(card_id_shown("341204201603074430", buf),
		    "341204********4430", "an ID shows its region and last four");
		is_str(card_id_shown("34120420160307443", buf),
		    "341204*******7443", "a short one too");
		is_str(card_id_shown("1234567890", buf), "1234567890",
		    "ten characters are no ID: as they are");
	}

	policy_free(p);
	sbuf_release(&errs);
	return done_testing();
}
