/* test_table.c: unit tests of whole-file tables and their header mapping. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"
#include "sbuf.h"
#include "schema.h"
#include "table.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_table.XXXXXX";
static char path[256];

static const char *
put_file(const char *s)
{
	FILE *f;

	snprintf(path, sizeof(path), "%s/in.csv", tmpdir);
	f = fopen(path, "wb");
	if (f == NULL || fputs(s, f) == EOF || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

/* Stop capturing (tap_capture()); the text, without its last newline, in sb. */
static void
captured(struct sbuf *sb)
{
	sbuf_reset(sb);
	sbuf_adds(sb, tap_captured());
	if (sb->len > 0 && sb->buf[sb->len - 1] == '\n')
		sb->buf[--sb->len] = '\0';
}

/* The table written as CSV with flags. */
static void
written(const struct table *t, int flags, struct sbuf *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	table_write(t, f, flags);
	fclose(f);
	sbuf_reset(out);
	sbuf_add(out, buf, len);
	free(buf);
}

/* Read s as kind; NULL with the message in err. */
static struct table *
read_str(const char *s, enum file_kind kind, const struct policy *p,
    int *code, struct sbuf *err)
{
	struct table *t;

	tap_capture();
	t = table_read(put_file(s), kind, p, NULL, code);
	captured(err);
	return t;
}

static void
test_read(const struct policy *p)
{
	struct sbuf err, out;
	struct table *t;
	int code = -1;

	sbuf_init(&err);
	sbuf_init(&out);
	t = read_str("\xef\xbb\xbf学号,姓名,班级,性别,家长微信\r\n"
	    "S001,张三,三年级1班, 男 ,wx1\r\n"
	    "\r\n"
	    "S002,\"李\r\n四\",三年级2班,女,\r\n", FK_ROSTER, p, &code, &err);
	if (!ok(t != NULL, "roster with Chinese headers reads")) {
		printf("#   %s\n", err.buf);
		return;
	}
	is_int(code, LB_OK, "code is 0");
	is_str(err.buf, "", "no message");
	is_int(t->ncols, 5, "five columns");
	is_int(t->nrows, 2, "two rows");
	is_str(t->names[0], "student_id", "学号 is student_id");
	is_str(t->names[1], "name", "姓名 is name");
	is_str(t->names[2], "class", "班级 is class");
	is_str(t->names[3], "gender", "性别 is gender");
	is_str(t->names[4], "家长微信", "an unknown header is kept as written");
	is_int(t->canon[4], -1, "and maps to no canonical column");
	is_int(t->col[RC_STUDENT_ID], 0, "col[] finds student_id");
	is_int(t->col[RC_GENDER], 3, "col[] finds gender");
	is_int(t->col[RC_MENTOR_ID], -1, "col[] is -1 for columns not there");
	is_str(table_get(t, 0, RC_GENDER), " 男 ", "values are kept as read");
	is_str(table_get(t, 1, RC_NAME), "李\r\n四", "multi-line values too");
	is_str(table_get(t, 1, RC_MENTOR_ID), "", "a missing column reads empty");
	is_int(t->lines[0], 2, "row 1 is on line 2");
	is_int(t->lines[1], 4, "row 2 is on line 4 (a blank line skipped)");
	is_str(t->name, path, "the table is named after its file");
	is_int(table_find(t, RC_STUDENT_ID, "S002"), 1, "find S002");
	is_int(table_find(t, RC_STUDENT_ID, "S009"), -1, "no S009");
	is_int(table_find(t, RC_MENTOR_ID, "x"), -1, "find in a missing column");
	written(t, 0, &out);
	is_str(out.buf, "student_id,name,class,gender,家长微信\n"
	    "S001,张三,三年级1班,\" 男 \",wx1\n"
	    "S002,\"李\r\n四\",三年级2班,女,\n", "writes canonical headers");
	table_free(t);

	t = read_str("学号,学籍号,姓名,班级\n", FK_ROSTER, p, &code, &err);
	ok(t == NULL, "two headers for one column are refused");
	is_int(code, LB_DATAERR, "with exit 65");
	sbuf_reset(&out);
	sbuf_printf(&out, "test_table: %s:1: headers '学号' and '学籍号' both "
	    "name column 'student_id'", path);
	is_str(err.buf, out.buf, "the message names line 1 and both headers");

	t = read_str("姓名,班级\nx,y\n", FK_ROSTER, p, &code, &err);
	ok(t == NULL, "a missing required column is refused");
	is_int(code, LB_DATAERR, "with exit 65");
	sbuf_reset(&out);
	sbuf_printf(&out, "test_table: %s:1: missing column 'student_id' "
	    "(expected a header such as 'student_id', '", path);
	ok(strncmp(err.buf, out.buf, out.len) == 0 &&
	    strstr(err.buf, "学籍号") != NULL && strstr(err.buf, " or '") != NULL,
	    "the message names the column and headers that would do");

	t = read_str("staff_id,name\nT1,王老师\nT2\n", FK_STAFF, p, &code, &err);
	ok(t == NULL, "a csvio error fails the read");
	is_int(code, LB_DATAERR, "with csvio's code");
	ok(strstr(err.buf, ":3: too few fields") != NULL, "and csvio's message");

	tap_capture();
	t = table_read("tests/data/no/such.csv", FK_LOG, p, NULL, &code);
	captured(&err);
	ok(t == NULL && code == LB_NOINPUT, "a missing file is exit 66");

	t = read_str("date,student_id,kind,其他\n2026-09-01,S1,talk,x\n", FK_LOG,
	    p, &code, &err);
	ok(t != NULL && t->ncols == 4 && t->col[LC_KIND] == 2 &&
	    t->col[LC_STAFF_ID] == -1, "a log with canonical headers");
	table_free(t);
	sbuf_release(&err);
	sbuf_release(&out);
}

/* Without a policy only the canonical names are known. */
static void
test_no_policy(void)
{
	struct sbuf err;
	struct table *t;
	int code;

	sbuf_init(&err);
	t = read_str("staff_id,name,姓名\nT1,a,b\n", FK_STAFF, NULL, &code, &err);
	ok(t != NULL && t->col[SC_NAME] == 1 && t->canon[2] == -1,
	    "no policy: canonical names only");
	table_free(t);
	t = read_str("name\nx\n", FK_STAFF, NULL, &code, &err);
	is_str(strstr(err.buf, "missing"), "missing column 'staff_id' "
	    "(expected a header such as 'staff_id')",
	    "no policy: the message lists the canonical name alone");
	sbuf_release(&err);
}

static void
test_build(void)
{
	char *row1[] = { "T1", "王老师", "F", "head_teacher", "三年级1班",
	    "w@x.cn", "13812345678", "4", "yes", "" };
	char *row2[] = { "T2", NULL, "M", "=cmd()", "", "", "0566-8125908",
	    "", "no", "" };
	struct table *t = table_new(FK_STAFF, "staff.csv");
	struct sbuf out, big;
	size_t i, r;
	int fails = 0;
	char num[32];

	sbuf_init(&out);
	sbuf_init(&big);
	is_int(t->ncols, SC_COUNT, "table_new: every canonical column");
	is_str(t->names[SC_MAX_MENTEES], "max_mentees", "in schema order");
	is_int(t->nrows, 0, "and no rows");
	is_int(table_add_row(t, row1, 0), 0, "add_row returns the index");
	is_int(table_add_row(t, row2, 7), 1, "a second row");
	is_str(table_get(t, 1, SC_NAME), "", "a NULL value is stored empty");
	is_int(t->lines[1], 7, "the given line is kept");
	table_set(t, 0, SC_PHONE, "13900000000");
	is_str(table_get(t, 0, SC_PHONE), "13900000000", "set replaces a value");
	table_set(t, 0, SC_PHONE, table_get(t, 0, SC_PHONE));
	is_str(table_get(t, 0, SC_PHONE), "13900000000", "set to itself");
	table_set_cell(t, 1, SC_EMAIL, "x@y.cn");
	is_str(table_get(t, 1, SC_EMAIL), "x@y.cn", "set_cell replaces a value");
	table_set_cell(t, 1, SC_EMAIL, NULL);
	is_int(table_add_col(t, SC_ROLE), SC_ROLE, "add_col of a present column");
	is_int(t->ncols, SC_COUNT, "adds nothing");
	written(t, 0, &out);
	is_str(out.buf, "staff_id,name,gender,role,classes,email,phone,"
	    "max_mentees,active,village\n"
	    "T1,王老师,F,head_teacher,三年级1班,w@x.cn,13900000000,4,yes,\n"
	    "T2,,M,=cmd(),,,0566-8125908,,no,\n", "table_write");
	written(t, CSVIO_EXCEL, &out);
	is_str(out.buf, "\xef\xbb\xbfstaff_id,name,gender,role,classes,email,"
	    "phone,max_mentees,active,village\r\n"
	    "T1,王老师,F,head_teacher,三年级1班,w@x.cn,\"=\"\"13900000000\"\"\",4,"
	    "yes,\r\n"
	    "T2,,M,'=cmd(),,,\"=\"\"0566-8125908\"\"\",,no,\r\n",
	    "table_write for spreadsheets");
	table_free(t);

	/* A table read with few columns gains canonical ones. */
	t = table_new(FK_LOG, NULL);
	for (r = 0; r < 20000; r++) {
		char *v[LC_COUNT] = { "2026-09-01", num, "talk", "T1", "" };

		snprintf(num, sizeof(num), "S%05zu", r);
		table_add_row(t, v, (long)r + 2);
	}
	for (i = 0; i < 300000; i++)
		sbuf_addc(&big, 'a' + (char)(i % 26));
	table_set(t, 5, LC_NOTE, big.buf);
	table_set(t, 6, LC_NOTE, "short after big");
	for (r = 0; r < 20000; r++) {
		snprintf(num, sizeof(num), "S%05zu", r);
		if (strcmp(table_get(t, r, LC_STUDENT_ID), num) != 0)
			fails++;
	}
	is_int(fails, 0, "20000 rows keep their values");
	is_int(table_find(t, LC_STUDENT_ID, "S19999"), 19999, "find the last");
	is_int(strlen(table_get(t, 5, LC_NOTE)), 300000, "a 300 KB value");
	is_str(table_get(t, 6, LC_NOTE), "short after big",
	    "a value stored after a big one");
	table_free(t);

	t = read_str("date,student_id,kind\n2026-09-01,S1,talk\n"
	    "2026-09-02,S2,aid\n", FK_LOG, NULL, &fails, &out);
	is_int(table_add_col(t, LC_STAFF_ID), 3, "add_col appends");
	is_int(t->col[LC_STAFF_ID], 3, "and maps it");
	is_str(table_get(t, 1, LC_STAFF_ID), "", "empty in every row");
	table_set(t, 1, LC_NOTE, "备注");
	is_int(t->ncols, 5, "set adds a missing column");
	is_int(table_add_extra(t, "error"), 5, "add_extra appends");
	is_int(table_add_extra(t, "error"), 5, "add_extra of a present name");
	is_int(table_add_extra(t, "note"), 6,
	    "add_extra does not take a canonical column of that name");
	ok(t->canon[5] == -1 && t->canon[6] == -1, "extras map to no column");
	table_set_cell(t, 0, 5, "bad id");
	written(t, 0, &out);
	is_str(out.buf, "date,student_id,kind,staff_id,note,error,note\n"
	    "2026-09-01,S1,talk,,,bad id,\n2026-09-02,S2,aid,,备注,,\n",
	    "written with the added columns");
	table_free(t);
	sbuf_release(&out);
	sbuf_release(&big);
}

/*
 * Cells of a row read share its block: set (twice, to themselves, to a
 * part of themselves, to empty), rows gaining columns, rows dropped; the
 * ASan build's leak checker sees every cell freed once.
 */
static void
test_cells(void)
{
	struct sbuf err, out;
	struct table *t;
	unsigned char drop[6] = { 0 };
	size_t r;
	int code;

	sbuf_init(&err);
	sbuf_init(&out);
	t = read_str("date,student_id,kind,note\n"
	    "2026-09-01,S1,talk,一\n2026-09-02,S2,aid,二\n"
	    "2026-09-03,S3,talk,\n2026-09-04,S4,visit,四\n"
	    "2026-09-05,S5,talk,五\n", FK_LOG, NULL, &code, &err);
	if (!ok(t != NULL && t->nrows == 5, "a log of five rows")) {
		printf("#   %s\n", err.buf);
		return;
	}
	table_set(t, 0, LC_NOTE, "first value, longer than the old one");
	is_str(table_get(t, 0, LC_NOTE), "first value, longer than the old one",
	    "a cell of a block row set");
	table_set(t, 0, LC_NOTE, "second");
	is_str(table_get(t, 0, LC_NOTE), "second", "and set again");
	table_set(t, 0, LC_NOTE, table_get(t, 0, LC_NOTE) + 3);
	is_str(table_get(t, 0, LC_NOTE), "ond", "set to a part of itself");
	table_set(t, 1, LC_KIND, table_get(t, 1, LC_KIND));
	is_str(table_get(t, 1, LC_KIND), "aid", "a block cell set to itself");
	table_set(t, 1, LC_NOTE, "");
	table_set(t, 2, LC_NOTE, "三");
	table_set(t, 2, LC_NOTE, NULL);
	is_str(table_get(t, 2, LC_NOTE), "", "set to empty");
	table_set(t, 3, LC_STAFF_ID, "T9");
	is_int(t->ncols, 5, "set adds a column to block rows");
	is_str(table_get(t, 3, LC_STAFF_ID), "T9", "a cell of the new column");
	is_str(table_get(t, 3, LC_NOTE), "四", "the block's values stay");
	table_set(t, 4, LC_DATE, "2026-10-05");
	(void)table_add_row(t, (char *const[]){ "2026-09-06", "S6", "talk",
	    "六", NULL }, 9);
	table_set(t, 5, LC_NOTE, "六六");
	written(t, 0, &out);
	is_str(out.buf, "date,student_id,kind,note,staff_id\n"
	    "2026-09-01,S1,talk,ond,\n2026-09-02,S2,aid,,\n"
	    "2026-09-03,S3,talk,,\n2026-09-04,S4,visit,四,T9\n"
	    "2026-10-05,S5,talk,五,\n2026-09-06,S6,talk,六六,\n",
	    "the table as set");
	drop[0] = drop[2] = drop[5] = 1;
	table_drop_rows(t, drop);
	is_int(t->nrows, 3, "three rows dropped");
	is_str(table_get(t, 0, LC_STUDENT_ID), "S2", "the others kept in order");
	is_int(t->lines[0], 3, "with their lines");
	is_str(table_get(t, 1, LC_STAFF_ID), "T9", "and their values set");
	is_str(table_get(t, 2, LC_DATE), "2026-10-05", "in any column");
	table_set(t, 2, LC_NOTE, "again");
	memset(drop, 0, sizeof(drop));
	table_drop_rows(t, drop);
	is_int(t->nrows, 3, "dropping none keeps all");
	(void)table_add_extra(t, "error");
	table_set_cell(t, 1, 5, "why");
	written(t, 0, &out);
	is_str(out.buf, "date,student_id,kind,note,staff_id,error\n"
	    "2026-09-02,S2,aid,,,\n2026-09-04,S4,visit,四,T9,why\n"
	    "2026-10-05,S5,talk,again,,\n", "after dropping");
	for (r = 0; r < 3; r++)
		drop[r] = 1;
	table_drop_rows(t, drop);
	is_int(t->nrows, 0, "every row dropped");
	(void)table_add_row(t, NULL, 2);
	table_set_cell(t, 0, 5, "x");
	is_str(table_get(t, 0, LC_NOTE), "", "a row added empty");
	table_free(t);
	sbuf_release(&err);
	sbuf_release(&out);
}

/* table_write_path: replaced atomically, a new file private. */
static void
test_write_path(void)
{
	struct table *t = table_new(FK_LOG, "log");
	char out[64], buf[128];
	struct stat st;
	FILE *f;
	size_t n = 0;
	mode_t old = umask(022);
	int code = LB_OK;

	table_add_row(t, (char *const[]){ "2026-11-26", "S1", "talk", "T07",
	    "说想妈妈了" }, 2);
	snprintf(out, sizeof(out), "%s/out.csv", tmpdir);
	is_int(table_write_path(t, out, 0, &code), 0, "writes to a path");
	ok(stat(out, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "a new file is private (0600) under umask 022");
	if ((f = fopen(out, "r")) != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	is_str(buf, "date,student_id,kind,staff_id,note\n"
	    "2026-11-26,S1,talk,T07,说想妈妈了\n", "header and rows");
	snprintf(buf, sizeof(buf), "%s/no/such/dir/out.csv", tmpdir);
	code = LB_OK;
	is_int(table_write_path(t, buf, 0, &code), -1,
	    "a folder that does not exist: refused");
	is_int(code, LB_CANTCREAT, "cannot create (73)");
	unlink(out);
	umask(old);
	table_free(t);
}

int
main(void)
{
	struct policy *p;
	int code;

	diag_init("test_table");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	p = policy_load(NULL, &code);
	if (ok(p != NULL, "the built-in policy loads"))
		test_read(p);
	test_no_policy();
	test_build();
	test_cells();
	test_write_path();
	policy_free(p);
	unlink(path);
	rmdir(tmpdir);
	return done_testing();
}
