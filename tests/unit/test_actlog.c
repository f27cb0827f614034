/* test_actlog.c: log rows checked, appended all or nothing, under a lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actlog.h"
#include "diag.h"
#include "policy.h"
#include "sbuf.h"
#include "strmap.h"
#include "tap.h"
#include "xmem.h"

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct sbuf sb = SBUF_INIT;
	char buf[4096];
	size_t n;

	sbuf_init(&sb);
	if (f == NULL)
		return sbuf_detach(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&sb, buf, n);
	fclose(f);
	return sbuf_detach(&sb);
}

static int
check(const struct actlog_rules *r, const char *date, const char *sid,
    const char *kind, const char *staff, struct sbuf *err, char **out)
{
	const char *v[LC_COUNT] = { date, sid, kind, staff, "" };

	sbuf_reset(err);
	return actlog_check(r, v, out, err);
}

static void
add(struct actlog_batch *b, const char *date, const char *sid,
    const char *kind, const char *note)
{
	char *v[LC_COUNT];

	v[0] = xstrdup(date);
	v[1] = xstrdup(sid);
	v[2] = xstrdup(kind);
	v[3] = xstrdup("T01");
	v[4] = xstrdup(note);
	actlog_batch_add(b, v, 0);
}

static void
free_out(char **out)
{
	int i;

	for (i = 0; i < LC_COUNT; i++)
		free(out[i]);
}

int
main(void)
{
	struct policy *p;
	struct actlog_rules r;
	struct actlog_batch b;
	struct strmap *students = strmap_new();
	struct sbuf err = SBUF_INIT;
	char dir[] = "/tmp/lb-test-actlog.XXXXXX", path[256], note[32];
	char *out[LC_COUNT], *before, *after;
	int code, i, j, status, lines;
	pid_t pid[8];

	diag_init("test_actlog");
	sbuf_init(&err);
	p = policy_load(NULL, &code);
	if (!ok(p != NULL && mkdtemp(dir) != NULL, "set up"))
		return done_testing();
	snprintf(path, sizeof(path), "%s/log.csv", dir);
	strmap_set(students, "S001", 1);
	strmap_set(students, "S002", 0);
	r.p = p;
	r.as_of = date_from_ymd(2026, 3, 10);
	r.force = 0;
	r.students = students;
	r.staff = NULL;

	is_int(check(&r, "2026/3/9", " S001 ", "谈心", "T01", &err, out), 0,
	    "a good row");
	is_str(out[LC_DATE], "2026-03-09", "date normalised to ISO");
	is_str(out[LC_KIND], "talk", "a kind given by its label");
	is_str(out[LC_STUDENT_ID], "S001", "blanks trimmed");
	free_out(out);
	is_int(check(&r, "2026-02-30", "S001", "talk", "", &err, out), 1,
	    "Feb 30 is refused");
	free_out(out);
	is_int(check(&r, "2026-03-11", "S001", "talk", "", &err, out), 1,
	    "a future date is refused");
	ok(strstr(err.buf, "after 2026-03-10") != NULL, "and says why");
	free_out(out);
	r.force = 1;
	is_int(check(&r, "2026-03-11", "S001", "talk", "", &err, out), 0,
	    "... unless forced");
	free_out(out);
	r.force = 0;
	is_int(check(&r, "2026-03-09", "S001", "tlak", "", &err, out), 1,
	    "an unknown kind is refused");
	ok(strstr(err.buf, "expected one of: talk (谈心), home_visit (家访)") !=
	    NULL, "naming the kinds, with the words teachers write");
	free_out(out);
	is_int(check(&r, "2026-03-09", "S003", "talk", "", &err, out), 1,
	    "an unknown student is refused");
	free_out(out);
	is_int(check(&r, "2026-03-09", "S002", "talk", "", &err, out), 1,
	    "an inactive student is refused");
	ok(strstr(err.buf, "not active") != NULL, "and says so");
	free_out(out);
	is_int(check(&r, "", "", "", "", &err, out), 3,
	    "empty date, student and kind: three problems");
	free_out(out);

	/* A missing log is created with its header. */
	actlog_batch_init(&b);
	add(&b, "2026-03-09", "S001", "talk", "说想妈妈了");
	ok(actlog_append(path, p, &b, "test", 0, 1000, &code) == 0,
	    "first append creates the log");
	before = slurp(path);
	is_str(before, "date,student_id,kind,staff_id,note\n"
	    "2026-03-09,S001,talk,T01,说想妈妈了\n", "header and row");
	/* A duplicate is refused and the log stays byte-identical. */
	ok(actlog_append(path, p, &b, "test", 0, 1000, &code) == -1 &&
	    code == LB_DATAERR, "an exact duplicate is refused (65)");
	after = slurp(path);
	is_str(after, before, "the log is unchanged");
	free(after);
	ok(actlog_append(path, p, &b, "test", ACTLOG_FORCE, 1000, &code) == 0,
	    "--force appends it");
	actlog_batch_release(&b);
	free(before);

	/* Rows follow the existing log's column order and headers. */
	snprintf(path, sizeof(path), "%s/zh.csv", dir);
	{
		FILE *f = fopen(path, "w");

		fputs("学号,日期,类型,备注,extra", f);	/* no final newline */
		fclose(f);
	}
	actlog_batch_init(&b);
	add(&b, "2026-03-09", "S001", "home_visit", "a,b");
	ok(actlog_append(path, p, &b, "test", 0, 1000, &code) == 0,
	    "append to a log with Chinese headers");
	before = slurp(path);
	is_str(before, "学号,日期,类型,备注,extra\nS001,2026-03-09,home_visit,"
	    "\"a,b\",\n", "in its column order, after closing its last line");
	free(before);
	actlog_batch_release(&b);

	/* Concurrent appends from several processes lose nothing. */
	snprintf(path, sizeof(path), "%s/many.csv", dir);
	for (i = 0; i < 8; i++) {
		if ((pid[i] = fork()) == 0) {
			for (j = 0; j < 25; j++) {
				actlog_batch_init(&b);
				snprintf(note, sizeof(note), "p%d-%d", i, j);
				add(&b, "2026-03-09", "S001", "talk", note);
				add(&b, "2026-03-09", "S002", "talk", note);
				if (actlog_append(path, p, &b, "test", 0, 20000,
				    &code) != 0)
					_exit(1);
				actlog_batch_release(&b);
			}
			_exit(0);
		}
	}
	status = 0;
	for (i = 0; i < 8; i++) {
		int st;

		waitpid(pid[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			status = 1;
	}
	ok(status == 0, "8 processes appended 25 batches each");
	before = slurp(path);
	for (lines = 0, i = 0; before[i] != '\0'; i++)
		lines += before[i] == '\n';
	is_int(lines, 1 + 8 * 25 * 2, "every row is there, header once");
	ok(strstr(before, "\ndate,") == NULL, "the header was written once");
	free(before);

	snprintf(path, sizeof(path), "rm -rf %s", dir);
	if (system(path) != 0)
		diag_warn(NULL, 0, 0, "cannot remove '%s'", dir);
	strmap_free(students);
	sbuf_release(&err);
	policy_free(p);
	return done_testing();
}
