/* test_classname.c: class names as schools write them, and staff lists. */
#include <string.h>

#include "classname.h"
#include "sbuf.h"
#include "tap.h"

static const char *
canon(const char *in, int *ret)
{
	static struct sbuf sb = SBUF_INIT;

	sbuf_reset(&sb);
	*ret = classname_canon(in, &sb);
	return sb.buf;
}

static void
known(const char *in, const char *want)
{
	int ret;
	const char *got = canon(in, &ret);

	if (!ok(ret == 0 && strcmp(got, want) == 0, "'%s' is %s", in, want))
		printf("#   got '%s', returned %d\n", got, ret);
}

static void
kept(const char *in, const char *want)
{
	int ret;
	const char *got = canon(in, &ret);

	if (!ok(ret == -1 && strcmp(got, want) == 0, "'%s' kept as '%s'", in,
	    want))
		printf("#   got '%s', returned %d\n", got, ret);
}

static void
test_forms(void)
{
	/* The forms of DESIGN.md and the issue. */
	known("3-2", "3-2");
	known("3.2", "3-2");
	known("3－2", "3-2");
	known("3．2", "3-2");
	known("３－２", "3-2");
	known("三(2)班", "3-2");
	known("三（2）班", "3-2");
	known("三（２）班", "3-2");
	known("3年级2班", "3-2");
	known("三年级二班", "3-2");
	known("三年级(2)班", "3-2");
	known("三年級（2）班", "3-2");
	known("三年二班", "3-2");
	known("三2班", "3-2");
	known("3(2)", "3-2");
	known("3-2班", "3-2");
	known(" 3 - 2 ", "3-2");
	known("\xe3\x80\x80三年级 (2) 班\xe3\x80\x80", "3-2");
	known("03-02", "3-2");
	/* Numerals and grades. */
	known("一年级一班", "1-1");
	known("六年级十班", "6-10");
	known("六年级十二班", "6-12");
	known("五年级二十一班", "5-21");
	known("十二年级(3)班", "12-3");
	known("初一(3)班", "7-3");
	known("初二3班", "8-3");
	known("初三年级（1）班", "9-1");
	known("七年级5班", "7-5");
	known("高一(2)班", "10-2");
	known("高三12班", "12-12");
	known("12-15", "12-15");
	known("1-1000", "1-1000");
}

static void
test_unknown(void)
{
	/* Not a class name we know: as written, trimmed. */
	kept("青山石门小学3-2", "青山石门小学3-2");
	kept("  X001-1-1 ", "X001-1-1");
	kept("2023级3班", "2023级3班");
	kept("大班", "大班");
	kept("13-1", "13-1");
	kept("0-1", "0-1");
	kept("3-0", "3-0");
	kept("32班", "32班");
	kept("三二班", "三二班");
	kept("3班", "3班");
	kept("3-", "3-");
	kept("三(2", "三(2");
	kept("初四(1)班", "初四(1)班");
	kept("3-2-1", "3-2-1");
	kept("3-99999", "3-99999");
	kept("", "");
	kept("\xe3\x80\x80 ", "");
}

static void
test_append(void)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_init(&sb);
	sbuf_adds(&sb, "class ");
	(void)classname_canon("三(2)班", &sb);
	is_str(sb.buf, "class 3-2", "the name is appended");
	sbuf_release(&sb);
}

static const char *
list(const char *s)
{
	static struct sbuf sb = SBUF_INIT;
	const char *name;
	size_t n;

	sbuf_reset(&sb);
	while ((n = classname_list_next(&s, &name)) > 0) {
		sbuf_adds(&sb, "[");
		sbuf_add(&sb, name, n);
		sbuf_adds(&sb, "]");
	}
	return sb.buf;
}

static void
test_list(void)
{
	is_str(list("3-1;3-2"), "[3-1][3-2]", "semicolon");
	is_str(list("3-1；3-2"), "[3-1][3-2]", "full-width semicolon");
	is_str(list("3-1,3-2"), "[3-1][3-2]", "comma");
	is_str(list("3-1，3-2"), "[3-1][3-2]", "full-width comma");
	is_str(list("3-1、3-2"), "[3-1][3-2]", "enumeration comma");
	is_str(list("3-1/3-2"), "[3-1][3-2]", "slash");
	is_str(list("3-1／3-2"), "[3-1][3-2]", "full-width slash");
	is_str(list("3-1 3-2"), "[3-1][3-2]", "space");
	is_str(list("3-1\xe3\x80\x80" "3-2"), "[3-1][3-2]", "U+3000");
	is_str(list("3-1\n3-2"), "[3-1][3-2]", "a line break in the cell");
	is_str(list(" ;三(1)班 、 , 三（2）班；"), "[三(1)班][三（2）班]",
	    "runs of separators, around and between");
	is_str(list(""), "", "empty list");
	is_str(list(" ; ，"), "", "separators only");
}

int
main(void)
{
	test_forms();
	test_unknown();
	test_append();
	test_list();
	return done_testing();
}
