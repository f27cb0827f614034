/* test_values.c: values as spreadsheets leave them (issue 16 item 3). */
#include <stdlib.h>
#include <string.h>

#include "card.h"
#include "classname.h"
#include "date.h"
#include "diag.h"
#include "policy.h"
#include "sbuf.h"
#include "tap.h"
#include "text.h"
#include "xmem.h"

/* date_parse_sheet(s) as "YYYY-MM-DD", "YYYY-MM" (a month) or "-1". */
static const char *
sheet(const char *s)
{
	static char buf[DATE_ISO_LEN];
	date_t d;
	int r = date_parse_sheet(s, &d);

	if (r < 0)
		return "-1";
	date_format(d, buf);
	if (r == DATE_MONTH)
		buf[7] = '\0';
	return buf;
}

static void
test_sheet_dates(void)
{
	date_t d;

	/* What date_parse() takes, and full-width forms of it. */
	is_str(sheet("2016-03-07"), "2016-03-07", "ISO");
	is_str(sheet("２０１６年３月７日"), "2016-03-07", "full-width digits");
	is_str(sheet("２０１６－０３－０７"), "2016-03-07", "full-width ISO");
	is_str(sheet("２０１６／３／７"), "2016-03-07",
	    "full-width slashes");
	is_str(sheet("　2016-03-07　"), "2016-03-07", "U+3000 around");
	is_str(sheet("2016.3.7"), "2016-03-07", "dots");

	/* A time of day after the date. */
	is_str(sheet("2016/3/7 0:00:00"), "2016-03-07", "Excel's date and time");
	is_str(sheet("2016-03-07 00:00"), "2016-03-07", "time without seconds");
	is_str(sheet("2016-03-07T00:00:00"), "2016-03-07", "ISO date-time");
	is_str(sheet("2016-03-07 14:30:05.250"), "2016-03-07", "fractional seconds");
	is_str(sheet("2016年3月7日 8:05"), "2016-03-07", "Chinese date and time");
	is_str(sheet("２０１６/３/７　０:００"), "2016-03-07", "full-width time");
	is_str(sheet("2016-03-07 24:00"), "-1", "hour 24 refused");
	is_str(sheet("2016-03-07 0:60"), "-1", "minute 60 refused");
	is_str(sheet("2016-03-07 00"), "-1", "an hour alone is no time");
	is_str(sheet("2016-03-07T"), "-1", "T without a time");
	is_str(sheet("0:00:00"), "-1", "a time alone");

	/* Excel serials: the 1900 system and its leap day that never was. */
	is_str(sheet("42436"), "2016-03-07", "serial 42436");
	is_str(sheet("42436.0"), "2016-03-07", "serial with .0");
	is_str(sheet("42436.5"), "2016-03-07", "serial with a time");
	is_str(sheet("４２４３６"), "2016-03-07", "full-width serial");
	is_str(sheet("1"), "1900-01-01", "serial 1");
	is_str(sheet("59"), "1900-02-28", "serial 59");
	is_str(sheet("60"), "-1", "serial 60 (1900-02-29) is no real day");
	is_str(sheet("61"), "1900-03-01", "serial 61: one off from plain counting");
	is_str(sheet("99999"), "2173-10-13", "the last serial taken");
	is_str(sheet("0"), "-1", "serial 0 refused");
	is_str(sheet("2015"), "-1", "four digits are a year, not a serial");
	is_str(sheet("2958465"), "-1", "seven digits refused");
	is_str(sheet("42436.x"), "-1", "a bad fraction");
	is_str(sheet("-42436"), "-1", "a negative serial");
	is_str(sheet("42436 0:00"), "-1", "a serial with a time");
	is_str(sheet("4.2436E+4"), "-1", "scientific notation");

	/* A year and month alone. */
	is_str(sheet("2015年3月"), "2015-03", "2015年3月");
	is_str(sheet("2015-03"), "2015-03", "2015-03");
	is_str(sheet("2015/3"), "2015-03", "2015/3");
	is_str(sheet("2015.3"), "2015-03", "2015.3");
	is_str(sheet("201503"), "2015-03", "201503");
	is_str(sheet("２０１５年３月"), "2015-03", "full-width year and month");
	is_str(sheet("2015 年 3 月"), "2015-03", "blanks between the parts");
	is_str(sheet("2015年3"), "-1", "年 without 月");
	is_str(sheet("2015-3月"), "-1", "mixed forms");
	is_str(sheet("2015-13"), "-1", "month 13");
	is_str(sheet("201513"), "-1", "201513");
	is_str(sheet("2015-03-32"), "-1", "no 32nd");
	is_str(sheet(""), "-1", "empty");
	ok(date_parse_sheet("2015-03", &d) == DATE_MONTH &&
	    d == date_from_ymd(2015, 3, 1), "a month is its first day");

	/* The strict parser stays strict. */
	ok(date_parse("42436", &d) == -1, "date_parse refuses a serial");
	ok(date_parse("2016-03-07 0:00", &d) == -1, "date_parse refuses a time");
	ok(date_parse("2015-03", &d) == -1, "date_parse refuses a month");
}

static const char *
name(const char *in)
{
	static struct sbuf sb = SBUF_INIT;

	sbuf_reset(&sb);
	text_name(&sb, in);
	return sb.buf;
}

static void
test_names(void)
{
	is_str(name("王 小明"), "王小明", "a space between Han dropped");
	is_str(name("王　小明"), "王小明", "U+3000 between Han dropped");
	is_str(name("王  　 小 明"), "王小明", "runs of blanks dropped");
	is_str(name(" 王小明 "), "王小明", "trimmed");
	is_str(name("阿依古丽·买买提"), "阿依古丽·买买提", "middle dot kept");
	is_str(name("阿依古丽 · 买买提"), "阿依古丽 · 买买提",
	    "blanks beside the dot kept");
	is_str(name("Mary  Wang"), "Mary Wang", "Latin: one space");
	is_str(name("王 Mary"), "王 Mary", "Han and Latin: one space");
	is_str(name("𠀀 小"), "𠀀小", "extension B ideograph is Han");
	is_str(name(""), "", "empty");
}

static void
test_sheet_numbers(void)
{
	ok(text_sheet_number("3.41204E+17"), "3.41204E+17");
	ok(text_sheet_number("1.38123E+10"), "1.38123E+10");
	ok(text_sheet_number("1.38123e10"), "lower-case e, no sign");
	ok(text_sheet_number("３．４１２０４Ｅ＋１７"), "full-width");
	ok(text_sheet_number(" 341204201603070019.0 "), "trailing .0");
	ok(text_sheet_number("13812345678.00"), "trailing .00");
	ok(!text_sheet_number("341204201603070019"), "digits are text");
	ok(!text_sheet_number("3.2"), "3.2 is no number of a sheet's");
	ok(!text_sheet_number("0566-8125908"), "a landline");
	ok(!text_sheet_number("S2031"), "an id");
	ok(!text_sheet_number("1E"), "an exponent needs digits");
	ok(!text_sheet_number("E+17"), "a mantissa needs digits");
	ok(!text_sheet_number(""), "empty");
}

static void
test_grades(void)
{
	ok(classname_grade("3") == 3, "3");
	ok(classname_grade("３") == 3, "full-width 3");
	ok(classname_grade("三") == 3, "三");
	ok(classname_grade("三年级") == 3, "三年级");
	ok(classname_grade("三年級") == 3, "三年級");
	ok(classname_grade("五") == 5, "五");
	ok(classname_grade("5年级") == 5, "5年级");
	ok(classname_grade("初一") == 7, "初一");
	ok(classname_grade("高三") == 12, "高三");
	ok(classname_grade(" 十二 ") == 12, "十二");
	ok(classname_grade("13") == -1, "13");
	ok(classname_grade("学前班") == -1, "学前班");
	ok(classname_grade("三(2)班") == -1, "a class is no grade");
	ok(classname_grade("") == -1, "empty");
}

static void
test_yesno(const struct policy *p)
{
	static const char *const yes[] = {
		"是", "有", "对", "√", "✓", "Y", "y", "yes", "YES", "TRUE",
		"true", "1", "１", "ｙｅｓ", "在岗", NULL
	};
	static const char *const no[] = {
		"否", "无", "無", "没有", "错", "×", "N", "no", "FALSE", "0",
		"０", NULL
	};
	size_t i;
	int err;

	for (i = 0; yes[i] != NULL; i++)
		is_str(policy_value(p, DOM_YESNO, yes[i], &err), "yes",
		    "'%s' is yes", yes[i]);
	for (i = 0; no[i] != NULL; i++)
		is_str(policy_value(p, DOM_YESNO, no[i], &err), "no",
		    "'%s' is no", no[i]);
	ok(policy_value(p, DOM_YESNO, "也许", &err) == NULL, "'也许' is neither");
	/* boarding: its own words first (1 is 走读 in the registry's code). */
	is_str(policy_value(p, DOM_BOARDING, "住校", &err), "yes", "住校");
	is_str(policy_value(p, DOM_BOARDING, "√", &err), "yes",
	    "boarding takes the yes/no words");
	is_str(policy_value(p, DOM_BOARDING, "TRUE", &err), "yes",
	    "boarding: TRUE (asked twice: memo)");
	is_str(policy_value(p, DOM_BOARDING, "TRUE", &err), "yes",
	    "boarding: TRUE again");
	is_str(policy_value(p, DOM_BOARDING, "无", &err), "no", "boarding: 无");
	is_str(policy_value(p, DOM_BOARDING, "1", &err), "no",
	    "boarding: 1 is the registry's 走读");
	ok(policy_value(p, DOM_LEFT_BEHIND, "是", &err) == NULL,
	    "other domains take no yes/no words");
	is_str(policy_value(p, DOM_GENDER, "男", &err), "M", "gender unchanged");
}

/* Normalise a record given as "col=value" pairs; returns problems. */
static int
normalize(const struct policy *p, char **v, struct sbuf *errs,
    const char *const *pairs)
{
	size_t c;

	for (c = 0; c < RC_COUNT; c++)
		v[c] = xstrdup("");
	for (; *pairs != NULL; pairs++) {
		const char *eq = strchr(*pairs, '=');
		char *col = xstrndup(*pairs, (size_t)(eq - *pairs));

		c = (size_t)schema_col_index(FK_ROSTER, col);
		free(v[c]);
		v[c] = xstrdup(eq + 1);
		free(col);
	}
	sbuf_reset(errs);
	return card_normalize(p, v, date_from_ymd(2026, 11, 26), 0, errs);
}

static void
release(char **v)
{
	size_t c;

	for (c = 0; c < RC_COUNT; c++)
		free(v[c]);
}

static void
test_card(const struct policy *p)
{
	struct sbuf errs = SBUF_INIT;
	char *v[RC_COUNT];
	date_t d;
	int n;

	sbuf_init(&errs);
	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=王 小明", "class=三(2)班", "birth_date=２０１６年３月７日",
	    "boarding=√", "guardian_trained=FALSE", "guardian_name=李　四",
	    "father_phone=１３８００００１２３４", "guardian_age=７２岁", NULL });
	ok(n == 0, "a sheet's forms pass");
	is_str(v[RC_NAME], "王小明", "name");
	is_str(v[RC_CLASS], "3-2", "class");
	is_str(v[RC_GRADE], "3", "grade from the class");
	is_str(v[RC_BIRTH_DATE], "2016-03-07", "birth_date");
	is_str(v[RC_BOARDING], "yes", "boarding");
	is_str(v[RC_GUARDIAN_TRAINED], "no", "guardian_trained");
	is_str(v[RC_GUARDIAN_NAME], "李四", "guardian_name");
	is_str(v[RC_FATHER_PHONE], "13800001234", "father_phone");
	is_str(v[RC_GUARDIAN_AGE], "72", "guardian_age");
	release(v);

	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=李芳", "class=3.2", "grade=三年级", "birth_date=42436", NULL });
	ok(n == 0, "serial and grade as written");
	is_str(v[RC_GRADE], "3", "三年级 is 3");
	is_str(v[RC_BIRTH_DATE], "2016-03-07", "serial 42436");
	release(v);

	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=李芳", "class=初一(3)班", "grade=7", "birth_date=2013-5-1",
	    NULL });
	ok(n == 0 && strcmp(v[RC_CLASS], "7-3") == 0, "初一(3)班 is 7-3");
	release(v);

	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=李芳", "class=3-2", "grade=4", "birth_date=2016-03-07", NULL });
	ok(n == 1, "grade and class disagree");
	is_str(errs.buf, "grade: '4' is grade 4 but class 3-2 is of grade 3 "
	    "(expected the class's grade)", "the message");
	release(v);

	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=李芳", "class=大班", "grade=学前班", "birth_date=2021-03-07",
	    NULL });
	ok(n == 0 && strcmp(v[RC_CLASS], "大班") == 0 &&
	    strcmp(v[RC_GRADE], "学前班") == 0, "unknown class and grade kept");
	release(v);

	/* A year and month: the ID gives the day, or it stays YYYY-MM. */
	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=王小明", "class=4-1", "birth_date=2016年3月",
	    "id_card=341822201603070019", NULL });
	ok(n == 0, "month and an ID that agrees");
	is_str(v[RC_BIRTH_DATE], "2016-03-07", "the ID's day");
	release(v);
	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=王小明", "class=4-1", "birth_date=2016-04",
	    "id_card=341822201603070019", NULL });
	ok(n == 1, "month and an ID that disagrees");
	is_str(errs.buf, "id_card: '341822********0019' says born 2016-03-07 "
	    "but birth_date is 2016-04", "the message");
	release(v);
	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=王小明", "class=4-1", "birth_date=2015/3", NULL });
	ok(n == 0, "month without an ID");
	is_str(v[RC_BIRTH_DATE], "2015-03", "kept as YYYY-MM");
	ok(card_birth((const char *const *)v, &d) == DATE_MONTH &&
	    d == date_from_ymd(2015, 3, 1), "card_birth: a month");
	/* What lb-enroll wrote normalises to itself. */
	n = card_normalize(p, v, date_from_ymd(2026, 11, 26), 0, &errs);
	ok(n == 0 && strcmp(v[RC_BIRTH_DATE], "2015-03") == 0,
	    "YYYY-MM round-trips");
	release(v);

	/* Numbers a sheet made of codes. */
	n = normalize(p, v, &errs, (const char *const[]){ "student_id=S1",
	    "name=王小明", "class=4-1", "id_card=3.41204E+17",
	    "mother_phone=13812345678.0", NULL });
	ok(n == 2, "two codes lost digits");
	is_str(errs.buf, "id_card: '3.41204E+17': Excel stored this as a number "
	    "and lost digits (expected text: format the column as text, or "
	    "give lb the .xlsx file); mother_phone: '13812345678.0': Excel "
	    "stored this as a number and lost digits (expected text: format "
	    "the column as text, or give lb the .xlsx file)", "the messages");
	release(v);
	sbuf_release(&errs);
}

int
main(void)
{
	struct policy *p;
	int code;

	diag_init("test_values");
	test_sheet_dates();
	test_names();
	test_sheet_numbers();
	test_grades();
	p = policy_load(NULL, &code);
	if (!ok(p != NULL, "the built-in policy loads"))
		return done_testing();
	test_yesno(p);
	test_card(p);
	policy_free(p);
	return done_testing();
}
