/* test_query.c: --where over normalised roster rows, own columns, filtering. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"
#include "query.h"
#include "schema.h"
#include "table.h"
#include "tap.h"
#include "where.h"

static int saved_fd = -1;
static FILE *cap_file;
static char cap_buf[4096];

static void
cap_start(void)
{
	fflush(stderr);
	cap_file = tmpfile();
	saved_fd = dup(2);
	dup2(fileno(cap_file), 2);
}

static const char *
cap_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	rewind(cap_file);
	n = fread(cap_buf, 1, sizeof(cap_buf) - 1, cap_file);
	cap_buf[n] = '\0';
	fclose(cap_file);
	return cap_buf;
}

/* A hand-typed roster: Chinese headers (aliases) and spellings. */
static const char *const head[] = {
	"学籍号", "姓名", "性别", "出生日期", "班级", "留守类型", "监护人年龄",
	"户籍"
};
#define NHEAD (sizeof(head) / sizeof(head[0]))
static const char *const row1[] = {
	"S1", " 王小明 ", "男", "2016/3/7", "3-1", "父母均外出", "72岁", "本地"
};
static const char *const row2[] = {
	"S2", "李芳", "F", "2017年5月1日", "2-1", "one", "", "外地"
};

static const struct policy *pol;
static int canon[NHEAD];

/* Holds on row1 and row2 ("10" = on row1 only), or the message. */
static const char *
ev(const char *expr)
{
	static char res[3];
	const char *exprs[1] = { expr };
	struct query *q = query_new(pol, date_from_ymd(2026, 11, 26), exprs, 1,
	    NULL, 0);

	cap_start();
	if (query_bind(q, NHEAD, head, canon) != 0) {
		query_free(q);
		return cap_end();
	}
	(void)cap_end();
	res[0] = (char)('0' + query_row(q, (char *const *)row1, "r.csv", 2));
	res[1] = (char)('0' + query_row(q, (char *const *)row2, "r.csv", 3));
	res[2] = '\0';
	query_free(q);
	return res;
}

int
main(void)
{
	static const char *const own[] = { "status", "kind" };
	const char *exprs[4];
	struct policy *p;
	struct query *q;
	struct table *t;
	int code = 0;
	size_t i;
	unsigned char *keep;

	diag_init("test_query");
	p = policy_load(NULL, &code);
	if (!ok(p != NULL, "default policy"))
		return done_testing();
	pol = p;
	for (i = 0; i < NHEAD; i++)
		canon[i] = policy_column(p, FK_ROSTER, head[i]);

	is_str(ev("name=王小明"), "10", "values trimmed before comparing");
	is_str(ev("gender=M"), "10", "男 normalised to M");
	is_str(ev("gender=女"), "01", "the value's spelling normalised too");
	is_str(ev("left_behind=完全留守"), "10", "Chinese value of a domain");
	is_str(ev("left_behind!=both"), "01", "!= on a domain");
	is_str(ev("birth_date<2017-01-01"), "10", "dates made ISO, compared");
	is_str(ev("birth_date=2017年5月1日"), "01", "a date value in any form");
	is_str(ev("guardian_age>=70"), "10", "72岁 is 72");
	is_str(ev("guardian_age="), "01", "empty");
	is_str(ev("姓名~^王"), "10", "a header alias names the column");
	is_str(ev("户籍=外地"), "01", "a column the roster carries");
	is_str(ev("status=active"), "11", "status active when empty");
	is_str(ev("attention=general"), "01",
	    "attention from the key rules when empty (72: key)");
	is_str(ev("attention=key"), "10", "the key rule: guardian 70+");
	is_str(ev("gender=X"), "test_query: --where 'gender=X': character 8: "
	    "unknown value 'X' of 'gender' (expected M or F)\n",
	    "unknown value: expected values");
	is_str(ev("attention=kye"), "test_query: --where 'attention=kye': "
	    "character 11: unknown value 'kye' of 'attention' (did you mean "
	    "'key'?)\n", "unknown value: did you mean");
	is_str(ev("hardship=家庭贫困;poverty;病"), "test_query: --where "
	    "'hardship=家庭贫困;poverty;病': character 23: unknown value '病' "
	    "of 'hardship' (expected no_guardian, poverty, illness, "
	    "mental_health, out_of_school, orphan or other)\n",
	    "a list value checked item by item");
	is_str(ev("birth_date=2017-02-30"), "test_query: --where "
	    "'birth_date=2017-02-30': character 12: '2017-02-30' is not a date "
	    "(expected YYYY-MM-DD)\n", "a date value that is no date");
	is_str(ev("户口=本地"), "test_query: --where '户口=本地': character 1: "
	    "unknown field '户口'\n", "unknown field");
	is_str(ev("clas=3-1"), "test_query: --where 'clas=3-1': character 1: "
	    "unknown field 'clas' (did you mean 'class'?)\n",
	    "unknown field: did you mean");

	/* Several expressions, and the command's own columns. */
	exprs[0] = "class~^3";
	exprs[1] = "status=overdue";
	exprs[2] = "kind!=talk";
	exprs[3] = "gender=M";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 4, own, 2);
	is_int(query_bind(q, NHEAD, head, canon), 0, "bind with own columns");
	ok(query_on_roster(q) && query_on_own(q), "both kinds present");
	is_int(query_row(q, (char *const *)row1, "r.csv", 2), 1,
	    "roster part holds (status is the own column, not the roster's)");
	is_int(query_row(q, (char *const *)row2, "r.csv", 3), 0,
	    "roster part fails");
	is_str(query_values(q)[RC_BIRTH_DATE], "2017-05-01",
	    "query_values: the row as normalised");
	is_int(query_own(q, (const char *const[]){ "overdue", "home_visit" },
	    NULL, 0), 1, "own part holds");
	is_int(query_own(q, (const char *const[]){ "due", "home_visit" },
	    NULL, 0), 0, "own part fails");
	is_int(query_own(q, (const char *const[]){ "overdue", "talk" },
	    NULL, 0), 0, "all own expressions must hold");
	query_free(q);

	/* Values an own column may be compared with. */
	exprs[0] = "status=overdeu";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 1, own, 2);
	query_own_values(q, 0, (const char *const[]){ "overdue", "due", NULL });
	cap_start();
	is_int(query_bind(q, 0, NULL, NULL), -1, "an own value not listed");
	is_str(cap_end(), "test_query: --where 'status=overdeu': character 8: "
	    "unknown value 'overdeu' of 'status' (did you mean 'overdue'?)\n",
	    "its message");
	query_free(q);
	exprs[0] = "kind=talk";
	exprs[1] = "status!=";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 2, own, 2);
	query_own_values(q, 0, (const char *const[]){ "overdue", "due", NULL });
	is_int(query_bind(q, 0, NULL, NULL), 0,
	    "a column without a list takes any value; empty is present");
	query_free(q);

	/* Canonical columns alone (lb-pair): no file columns. */
	exprs[0] = "户籍=本地";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 1, NULL, 0);
	cap_start();
	is_int(query_bind(q, 0, NULL, NULL), -1, "no file columns unbound");
	(void)cap_end();
	ok(!query_on_roster(q), "nothing left after a failed bind");
	query_free(q);
	exprs[0] = "gender=男";
	exprs[1] = "class=3-1";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 2, NULL, 0);
	is_int(query_bind(q, 0, NULL, NULL), 0, "canonical bind");
	ok(query_on_roster(q), "both expressions are on the roster");
	query_free(q);

	/* Matching a table's rows. */
	t = table_new(FK_ROSTER, "t.csv");
	for (i = 0; i < 4; i++) {
		size_t r = table_add_row(t, NULL, (long)i + 2);
		char id[8];

		snprintf(id, sizeof(id), "S%zu", i);
		table_set(t, r, RC_STUDENT_ID, id);
		table_set(t, r, RC_GRADE, i % 2 ? "3" : "4");
		table_set(t, r, RC_GENDER, i < 2 ? "男" : "女");
	}
	exprs[0] = "grade=3";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 1, NULL, 0);
	keep = query_match(q, t, &code);
	ok(keep != NULL && !keep[0] && keep[1] && !keep[2] && keep[3],
	    "query_match: the rows of grade 3");
	is_int((long long)t->nrows, 4, "the table is untouched");
	free(keep);
	query_free(q);
	exprs[0] = "gender=女";
	exprs[1] = "grade=3";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 2, NULL, 0);
	keep = query_match(q, t, &code);
	ok(keep != NULL && !keep[0] && !keep[1] && !keep[2] && keep[3],
	    "query_match: every expression must hold, on normalised values");
	free(keep);
	query_free(q);
	exprs[0] = "grade>=x";
	q = query_new(p, date_from_ymd(2026, 11, 26), exprs, 1, NULL, 0);
	cap_start();
	ok(query_match(q, t, &code) == NULL, "a bad expression");
	(void)cap_end();
	is_int(code, LB_USAGE, "is a usage error");
	query_free(q);
	q = query_new(p, date_from_ymd(2026, 11, 26), NULL, 0, NULL, 0);
	keep = query_match(q, t, &code);
	ok(keep != NULL && keep[0] && keep[1] && keep[2] && keep[3],
	    "no expressions: every row");
	free(keep);
	query_free(q);
	table_free(t);
	policy_free(p);
	return done_testing();
}
