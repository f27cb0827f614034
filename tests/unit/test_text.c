/* test_text.c: unit tests of trimming and full-width folding. */
#include <string.h>

#include "sbuf.h"
#include "tap.h"
#include "text.h"

static const char *
trimmed(const char *s)
{
	static char buf[256];
	size_t n;
	const char *t = text_trim(s, &n);

	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

static const char *
folded(const char *s)
{
	static struct sbuf sb = SBUF_INIT;

	sbuf_reset(&sb);
	text_fold_fullwidth(&sb, s, strlen(s));
	return sb.buf;
}

int
main(void)
{
	is_str(trimmed("  王小明\t"), "王小明", "ASCII blanks trimmed");
	is_str(trimmed("\xe3\x80\x80王小明\xe3\x80\x80 "), "王小明",
	    "ideographic spaces trimmed");
	is_str(trimmed("王 小明"), "王 小明", "inner blanks kept");
	is_str(trimmed(" \xe3\x80\x80 "), "", "all blank");
	ok(text_blank("\xe3\x80\x80"), "U+3000 alone is blank");
	ok(!text_blank("x"), "x is not blank");
	is_str(folded("１３８００００１２３４"), "13800001234", "full-width digits");
	is_str(folded("０５６６－８１２５９０８"), "0566-8125908", "full-width hyphen");
	is_str(folded("ｘＸ！～"), "xX!~", "the ends of the full-width range");
	is_str(folded("留守\xe3\x80\x80儿童"), "留守 儿童", "U+3000 becomes a space");
	is_str(folded("￥"), "￥", "outside the range untouched");
	is_int(text_width("abc", 3), 3, "ASCII is one column each");
	is_int(text_width("王小明", strlen("王小明")), 6, "Chinese is two columns each");
	is_int(text_width("３-2班", strlen("３-2班")), 6, "full-width digit is two");
	is_int(text_width("e\xcc\x81", 3), 1, "a combining mark takes no column");
	is_int(text_width("\xff", 1), 1, "a bad byte counts one");
	is_int(text_fit("王小明", strlen("王小明"), 5), 6, "fit never splits a character");
	is_int(text_fit("ab王", 5, 3), 2, "a wide character that does not fit stays out");
	return done_testing();
}
