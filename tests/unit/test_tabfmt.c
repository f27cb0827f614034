/* test_tabfmt.c: unit tests of aligned terminal tables. */
#include <stdlib.h>
#include <string.h>

#include "tabfmt.h"
#include "tap.h"

static char *
render(size_t ncols, const char *const *header, size_t nrows,
    const char *const *const *rows, size_t max)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	tabfmt_write(f, ncols, header, nrows, rows, max);
	fclose(f);
	return buf;
}

int
main(void)
{
	const char *header[] = { "student_id", "name", "class" };
	const char *r0[] = { "S1", "王小明", "3-2" };
	const char *r1[] = { "S20", "李芳芳芳芳芳", NULL };
	const char *const *rows[] = { r0, r1 };
	const char *r2[] = { "S3", "two\nlines", "1-1" };
	const char *const *rows2[] = { r2 };

	is_str(render(3, header, 2, rows, 0),
	    "student_id  name          class\n"
	    "----------  ------------  -----\n"
	    "S1          王小明        3-2\n"
	    "S20         李芳芳芳芳芳  \n",
	    "Chinese cells align by display width");
	is_str(render(3, header, 2, rows, 26),
	    "student…  name       class\n"
	    "--------  ---------  -----\n"
	    "S1        王小明     3-2\n"
	    "S20       李芳芳芳…  \n",
	    "a narrow terminal cuts the widest column with an ellipsis");
	is_str(render(3, header, 1, rows2, 0),
	    "student_id  name       class\n"
	    "----------  ---------  -----\n"
	    "S3          two\xe2\x8f\x8elines  1-1\n",
	    "line breaks inside a cell stay on one line");
	return done_testing();
}
