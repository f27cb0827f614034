/* test_roster.c: a roster row as every command reads it, and who is in the programme. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "date.h"
#include "diag.h"
#include "policy.h"
#include "roster.h"
#include "schema.h"
#include "tap.h"
#include "tapdate.h"

/* A row of empty values but those given as column=value pairs. */
static void
row(const char **v, const char *const *pairs)
{
	int c;

	for (c = 0; c < RC_COUNT; c++)
		v[c] = "";
	for (; *pairs != NULL; pairs += 2)
		v[schema_col_index(FK_ROSTER, pairs[0])] = pairs[1];
}

int
main(void)
{
	struct policy *p;
	struct child c;
	struct roster_reader *rd;
	const struct csvio_row *r;
	const char *v[RC_COUNT], *err;
	char path[] = "/tmp/lbrosterXXXXXX";
	FILE *f;
	int code, fd, n;

	diag_init("test_roster");
	p = policy_load(NULL, &code);
	ok(p != NULL, "the built-in policy loads");
	if (p == NULL)
		return done_testing();
	child_init(&c);

	row(v, (const char *const[]){ "student_id", "  S0001\xe3\x80\x80",
	    "name", "王小明 ", "class", " 3-2", "mentor_id", "T07 ",
	    "status", "", "attention", "重点关注",
	    "birth_date", "2016年3月7日", "enrolled_on", "2026/9/1", NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 2);
	is_str(c.id, "S0001", "the id without blanks (also U+3000) around it");
	is_str(c.name, "王小明", "the name trimmed");
	is_str(c.class, "3-2", "the class trimmed");
	is_str(c.mentor, "T07", "the mentor trimmed");
	ok(c.status == CHILD_ACTIVE, "an empty status is active");
	is_int(c.attention, 1, "重点关注 is key (1)");
	is_int(c.birth, D("2016-03-07"), "the birth date in a Chinese form");
	is_int(c.enrolled_on, D("2026-09-01"), "enrolled_on in any form");

	/* The birth date from a valid resident ID when birth_date is empty. */
	row(v, (const char *const[]){ "student_id", "S2", "id_card",
	    "341723201505195011", NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 3);
	is_int(c.birth, D("2015-05-19"), "the birth date from the resident ID");
	row(v, (const char *const[]){ "student_id", "S2", "id_card",
	    "34172320150519501X", NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 3);
	is_int(c.birth, DATE_NONE, "not from an ID whose checksum fails");

	/* An empty attention: what lb-enroll's key rules give. */
	row(v, (const char *const[]){ "student_id", "S3", "name", "丁",
	    "class", "3-1", "birth_date", "2016-03-07", "guardian_age", "72",
	    NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 4);
	is_int(c.attention, 1, "guardian aged 72, attention empty: key");
	row(v, (const char *const[]){ "student_id", "S3", "attention",
	    "特别关注", NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 4);
	is_int(c.attention, 0, "an attention no rule knows counts as general");

	/* Statuses, and the warning for one no rule knows. */
	row(v, (const char *const[]){ "student_id", "S4", "status", "转出",
	    NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 5);
	ok(c.status == CHILD_TRANSFERRED, "转出 is transferred");
	ok(!child_active(&c, D("2026-11-20")), "a transferred child is not "
	    "in the programme");
	row(v, (const char *const[]){ "student_id", "S5", "status", "休学",
	    NULL });
	tap_capture();
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 6);
	err = tap_captured();
	ok(c.status == CHILD_STATUS_UNKNOWN, "休学: a status no rule knows");
	ok(strstr(err, "r.csv:6: warning: unknown status '休学'") != NULL,
	    "is warned about at its file and line");
	tap_capture();
	roster_child(&c, p, v, D("2026-11-20"), NULL, 0);
	is_str(tap_captured(), "", "no warning without a file (a second "
	    "reading)");

	/* In the programme on a day: active, and not enrolled after it. */
	row(v, (const char *const[]){ "student_id", "S6", "enrolled_on",
	    "2026-12-01", NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 7);
	ok(!child_active(&c, D("2026-11-30")), "not before its enrolment");
	ok(child_active(&c, D("2026-12-01")), "from its enrolment day on");
	row(v, (const char *const[]){ "student_id", "S7", NULL });
	roster_child(&c, p, v, D("2026-11-20"), "r.csv", 8);
	ok(child_active(&c, D("2000-01-01")), "enrolled_on unknown: any day");

	/* Streaming a roster: rows without an id are skipped. */
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
		return 1;
	fputs("学号,姓名,班级,监护人\nS1,甲,3-1,奶奶\n,乙,3-1,\n S3 ,丙,3-2,爷爷\n",
	    f);
	fclose(f);
	rd = roster_open(path, p, D("2026-11-20"), NULL, &code);
	ok(rd != NULL, "a roster with Chinese headers opens");
	n = 0;
	while (rd != NULL && roster_next(rd, &c, &r) == 1) {
		n++;
		if (n == 2) {
			is_str(c.id, "S3", "the third row's id, trimmed");
			is_int(r->line, 4, "its line");
			is_str(roster_get(rd, r, RC_GUARDIAN_NAME), "爷爷",
			    "a column by its canonical name");
		}
	}
	is_int(n, 2, "the row without an id is skipped");
	roster_close(rd);

	/* As table_read() reads it (lb-report): every row, ids trimmed. */
	rd = roster_open_table(path, p, NULL, &code);
	ok(rd != NULL, "a roster opens as a table would");
	n = 0;
	while (rd != NULL && roster_row(rd, &r, v) == 1) {
		n++;
		if (n == 2)
			is_str(v[RC_STUDENT_ID], "", "the row without an id too");
		if (n == 3) {
			is_str(v[RC_STUDENT_ID], "S3", "an id trimmed");
			is_str(r->v[0], " S3 ", "the row as read");
			is_str(v[RC_GUARDIAN_NAME], "爷爷", "the canonical values");
			is_str(v[RC_BIRTH_DATE], "", "\"\" for a column it lacks");
		}
	}
	is_int(n, 3, "three rows");
	roster_close(rd);
	if ((f = fopen(path, "w")) == NULL)
		return 1;
	fputs("学号,姓名\nS1,甲\n", f);
	fclose(f);
	tap_capture();
	rd = roster_open_table(path, p, NULL, &code);
	err = tap_captured();
	ok(rd == NULL && code == LB_DATAERR, "without a class: 65, as a table");
	ok(strstr(err, "class") != NULL, "naming the column");
	rd = roster_open(path, p, D("2026-11-20"), NULL, &code);
	ok(rd != NULL, "a roster_open() needs only the id");
	roster_close(rd);
	unlink(path);
	tap_capture();
	rd = roster_open(path, p, D("2026-11-20"), NULL, &code);
	err = tap_captured();
	ok(rd == NULL && code == LB_NOINPUT, "a missing roster: 66");
	ok(strstr(err, "cannot open") != NULL, "with a message");

	child_release(&c);
	policy_free(p);
	return done_testing();
}
