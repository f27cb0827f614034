/* test_where.c: filter expressions: every operator, dates, errors, hints, chains. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "where.h"

static const char *const names[] = {
	"student_id", "name", "grade", "guardian_age", "birth_date", "hardship",
	"village"
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

/* One record: S1, 张三, 3, 72, 2015-03-07, poverty;illness, 王家村. */
static const char *const rec[] = {
	"S1", "张三", "3", "72", "2015-03-07", "poverty;illness", "王家村"
};
static const char *const other[] = {
	"S2", "", "三年级", "abc", "2015年3月9日", "", NULL
};

/* A header alias: "姓名" names column 1, "年级" column 2. */
static long
alias(void *arg, const char *word)
{
	(void)arg;
	if (strcmp(word, "姓名") == 0)
		return 1;
	if (strcmp(word, "年级") == 0)
		return 2;
	/* An alias past the columns is no column. */
	if (strcmp(word, "far") == 0)
		return 99;
	return -1;
}

/* Evaluate expr on rec and other: "10" = holds on rec, not on other. */
static const char *
ev(const char *expr)
{
	static char res[3], err[256];
	size_t pos;
	struct where *w = where_parse(names, NNAMES, expr, err, sizeof(err),
	    &pos);

	if (w == NULL)
		return err;
	res[0] = (char)('0' + where_eval(w, rec));
	res[1] = (char)('0' + where_eval(w, other));
	res[2] = '\0';
	where_free(w);
	return res;
}

static void
err_is(const char *expr, const char *want_msg, size_t want_pos)
{
	char err[256];
	size_t pos = 0;
	struct where *w = where_parse(names, NNAMES, expr, err, sizeof(err),
	    &pos);

	ok(w == NULL, "'%s' refused", expr);
	if (w == NULL) {
		is_str(err, want_msg, "'%s': message", expr);
		is_int((long long)pos, (long long)want_pos, "'%s': position",
		    expr);
	}
	where_free(w);
}

int
main(void)
{
	char err[256];
	size_t pos;
	struct where *w;

	is_str(ev("grade=3"), "10", "= number text");
	is_str(ev("name=张三"), "10", "= Chinese value");
	is_str(ev("name!=张三"), "01", "!=");
	is_str(ev("name="), "01", "= nothing: empty");
	is_str(ev("name!="), "10", "!= nothing: present");
	is_str(ev("village="), "01", "NULL counts as empty");
	is_str(ev("hardship=poverty"), "00",
	    "= compares the whole value of a list column");
	is_str(ev("hardship=poverty;illness"), "10", "whole list value");
	is_str(ev("hardship~poverty"), "10", "~ finds one entry of a list");
	is_str(ev("hardship!~poverty"), "01", "!~");
	is_str(ev("name~^张"), "10", "~ with a Chinese pattern");
	is_str(ev("village~村$"), "10", "~ anchored at the end");
	is_str(ev("village!~村"), "01", "!~ on NULL");
	is_str(ev("guardian_age>=70"), "10", ">= number; text does not match");
	is_str(ev("guardian_age>72"), "00", "> strict");
	is_str(ev("guardian_age>=72"), "10", ">= equal");
	is_str(ev("guardian_age<72.5"), "10", "< decimal");
	is_str(ev("guardian_age<=71"), "00", "<=");
	is_str(ev("grade<4"), "10", "a non-number never matches a comparison");
	is_str(ev("birth_date<2015-03-08"), "10", "< date");
	is_str(ev("birth_date>2015-03-08"), "01",
	    "> date, record in a Chinese date form");
	is_str(ev("birth_date>=2015-03-07"), "11", ">= date equal");
	is_str(ev("birth_date<=2015-03-07"), "10", "<= date");
	is_str(ev("grade = 3"), "10", "blanks around the field and value");
	is_str(ev("student_id~^S[12]$"), "11", "pattern on both");

	w = where_parse(names, NNAMES, "guardian_age>=70", err, sizeof(err),
	    &pos);
	is_int(w ? (long long)where_col(w) : -1, 3, "where_col");
	is_str(w ? where_text(w) : NULL, "guardian_age>=70", "where_text");
	where_free(w);

	err_is("gardian_age>=70",
	    "unknown field 'gardian_age' (did you mean 'guardian_age'?)", 1);
	err_is("  zzz=1", "unknown field 'zzz'", 3);
	err_is("grade", "no operator in 'grade' (expected one of = != ~ !~ < "
	    "<= > >=)", 6);
	err_is("=3", "missing field name before '='", 1);
	err_is("", "empty expression (expected e.g. 'grade=3')", 1);
	err_is("grade!3", "expected '=' or '~' after '!'", 7);
	err_is("grade>=abc", "expected a number or a date YYYY-MM-DD after "
	    "'>=', not 'abc'", 8);
	err_is("grade<", "expected a number or a date YYYY-MM-DD after '<', "
	    "not ''", 7);
	err_is("birth_date<2015-02-30", "expected a number or a date "
	    "YYYY-MM-DD after '<', not '2015-02-30'", 12);
	err_is("name~", "expected a pattern after '~'", 6);
	err_is("name~张(三", "bad pattern: missing closing parenthesis", 9);
	err_is("name~(*NO_JIT)x", "bad pattern: option setting '(*NO_JIT)' "
	    "is not allowed", 6);

	is_str(where_suggest("shcool", (const char *const[]){ "school",
	    "pupil_age" }, 2), "school", "transposition suggested");
	is_str(where_suggest("SCHOOL", (const char *const[]){ "school" }, 1),
	    "school", "case ignored");
	ok(where_suggest("max", (const char *const[]){ "min" }, 1) == NULL,
	    "no hint when a third of the word differs");
	ok(where_suggest("xyzzy", (const char *const[]){ "school" }, 1) == NULL,
	    "no hint when far");
	is_str(where_suggest("gendr", (const char *const[]){ "grade", "gender" },
	    2), "gender", "closest wins");
	ok(where_suggest("x", (const char *const[]){ "" }, 1) == NULL,
	    "an empty name is never suggested");

	/* Chains: repeated --where, all must hold. */
	{
		struct where *a, *b, *c, *list;

		a = where_parse(names, NNAMES, "grade=3", err, sizeof(err), &pos);
		b = where_parse(names, NNAMES, "name~^张", err, sizeof(err), &pos);
		c = where_parse(names, NNAMES, "guardian_age>=80", err,
		    sizeof(err), &pos);
		list = where_and(where_and(NULL, a), b);
		ok(list == a, "where_and: the head stays");
		ok(where_next(a) == b && where_next(b) == NULL, "where_next");
		is_int(where_eval(list, rec), 1, "chain: all hold");
		is_int(where_eval(list, other), 0, "chain: first fails");
		list = where_and(list, c);
		is_int(where_eval(list, rec), 0, "chain: the last fails");
		is_str(where_text(list), "grade=3", "where_text of a chain: "
		    "the first");
		where_free(list);
	}

	/* Aliases and hidden names. */
	{
		struct where_fields f = { names, NNAMES, alias, NULL };
		static const char *const hidden[] = { "student_id", "" };
		struct where_fields h = { hidden, 2, NULL, NULL };

		w = where_parse_in(&f, "姓名=张三", err, sizeof(err), &pos);
		is_int(w ? (long long)where_col(w) : -1, 1, "alias names a column");
		is_int(w ? where_eval(w, rec) : -1, 1, "alias: evaluates");
		where_free(w);
		w = where_parse_in(&f, "grade=3", err, sizeof(err), &pos);
		is_int(w ? (long long)where_col(w) : -1, 2,
		    "a name wins over the alias callback");
		where_free(w);
		w = where_parse_in(&f, "far=1", err, sizeof(err), &pos);
		ok(w == NULL, "an alias past the columns is refused");
		is_str(err, "unknown field 'far'", "its message");
		where_free(w);
		w = where_parse_in(&h, "=3", err, sizeof(err), &pos);
		ok(w == NULL, "an empty name is never matched");
		where_free(w);
	}

	/* What a caller that knows spellings needs. */
	w = where_parse(names, NNAMES, "name = 张三 ", err, sizeof(err), &pos);
	is_int(w ? where_is_equality(w) : -1, 1, "= is an equality");
	is_str(w ? where_value(w) : NULL, "张三", "the value, trimmed");
	is_int(w ? (long long)where_value_pos(w) : 0, 8,
	    "value position in characters");
	if (w != NULL)
		where_set_value(w, "李四");
	is_int(w ? where_eval(w, rec) : -1, 0, "where_set_value: old value "
	    "no longer matches");
	where_free(w);
	w = where_parse(names, NNAMES, "name!=", err, sizeof(err), &pos);
	is_int(w ? where_is_equality(w) : -1, 1, "!= is an equality");
	is_str(w ? where_value(w) : NULL, "", "empty value");
	where_free(w);
	w = where_parse(names, NNAMES, "姓~张", err, sizeof(err), &pos);
	ok(w == NULL, "unknown Chinese field refused");
	w = where_parse(names, NNAMES, "name~张", err, sizeof(err), &pos);
	is_int(w ? where_is_equality(w) : -1, 0, "~ is not an equality");
	is_int(w ? (long long)where_value_pos(w) : 0, 6, "pattern position");
	where_free(w);
	w = where_parse(names, NNAMES, "grade>=3", err, sizeof(err), &pos);
	is_int(w ? where_is_equality(w) : -1, 0, ">= is not an equality");
	where_free(w);
	return done_testing();
}
