/* test_emit.c: rows out as CSV or as a table, with --columns. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "tap.h"

static const char *const header[] = { "student_id", "name", "class",
	"guardian_age" };
static const char *const r0[] = { "S1", "王小明", "3-2", "72" };
static const char *const r1[] = { "S20", "李芳, \"小芳\"", NULL, "=1+1" };

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

/* Emit rows (nrows of r0, r1) with o; returns the output, or NULL. */
static const char *
run(const struct emit_opts *o, int nrows)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	struct emit *e = emit_new(f, o, 4, header, NULL);

	if (e == NULL) {
		fclose(f);
		return NULL;
	}
	if (nrows > 0)
		emit_row(e, r0);
	if (nrows > 1)
		emit_row(e, r1);
	emit_end(e);
	fclose(f);
	return buf;
}

int
main(void)
{
	struct emit_opts o = { .table = 0 };
	const char *msg;

	diag_init("test_emit");
	is_str(run(&o, 2),
	    "student_id,name,class,guardian_age\n"
	    "S1,王小明,3-2,72\n"
	    "S20,\"李芳, \"\"小芳\"\"\",,=1+1\n",
	    "CSV: all columns, quoting, NULL empty");
	is_str(run(&o, 0), "student_id,name,class,guardian_age\n",
	    "CSV without rows: the header alone");
	o.csv_flags = CSVIO_EXCEL;
	is_str(run(&o, 2),
	    "\xef\xbb\xbfstudent_id,name,class,guardian_age\r\n"
	    "S1,王小明,\"=\"\"3-2\"\"\",72\r\n"
	    "S20,\"李芳, \"\"小芳\"\"\",,'=1+1\r\n",
	    "Excel CSV: BOM, CRLF, formula neutralised");
	o.csv_flags = 0;
	o.columns = "name, student_id,name";
	is_str(run(&o, 2),
	    "name,student_id,name\n"
	    "王小明,S1,王小明\n"
	    "\"李芳, \"\"小芳\"\"\",S20,\"李芳, \"\"小芳\"\"\"\n",
	    "--columns picks and orders (blanks ignored, repeats allowed)");
	o.table = 1;
	o.columns = "name,guardian_age";
	is_str(run(&o, 2),
	    "name          guardian_age\n"
	    "------------  ------------\n"
	    "王小明        72\n"
	    "李芳, \"小芳\"  =1+1\n",
	    "table: aligned by display width, header and rule kept");
	is_str(run(&o, 0),
	    "name  guardian_age\n"
	    "----  ------------\n",
	    "table without rows: header and rule");
	o.columns = NULL;
	is_str(run(&o, 1),
	    "student_id  name    class  guardian_age\n"
	    "----------  ------  -----  ------------\n"
	    "S1          王小明  3-2    72\n",
	    "table: not a terminal, so nothing cut");

	o.table = 0;
	o.columns = "name,grade";
	cap_start();
	ok(run(&o, 1) == NULL, "unknown column refused");
	msg = cap_end();
	is_str(msg, "test_emit: --columns: unknown column 'grade' (expected "
	    "one of student_id, name, class, guardian_age)\n",
	    "message lists the columns");
	o.columns = "nmae";
	cap_start();
	ok(run(&o, 1) == NULL, "misspelt column refused");
	is_str(cap_end(), "test_emit: --columns: unknown column 'nmae' (did "
	    "you mean 'name'?)\n", "message: did you mean");
	cap_start();
	is_int(emit_check("name,,class", 4, header), -1, "empty name refused");
	is_str(cap_end(), "test_emit: --columns: empty column name in "
	    "'name,,class' (expected names separated by commas)\n",
	    "message: empty name");
	cap_start();
	is_int(emit_check(" ", 4, header), -1, "blank list refused");
	(void)cap_end();
	is_int(emit_check(NULL, 4, header), 0, "no --columns: all");
	is_int(emit_check("class", 4, header), 0, "a known column");
	cap_start();
	is_int(emit_check("Name", 4, header), -1, "names are case sensitive");
	is_str(cap_end(), "test_emit: --columns: unknown column 'Name' (did "
	    "you mean 'name'?)\n", "but the hint ignores case");
	return done_testing();
}
