/* test_text.c: unit tests of trimming and full-width folding. */
#include <limits.h>
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
	{
		long long v = -1;
		static const char *const bad[] = { "", " 3", "3 ", "+3",
		    "-3", "3x", "１", "101", "99999999999999999999" };
		size_t i;

		ok(text_whole("0", 100, &v) == 0 && v == 0, "0 is whole");
		ok(text_whole("100", 100, &v) == 0 && v == 100,
		    "the maximum itself");
		ok(text_whole("007", 100, &v) == 0 && v == 7,
		    "leading zeros");
		ok(text_whole("9223372036854775807", LLONG_MAX, &v) == 0 &&
		    v == LLONG_MAX, "up to LLONG_MAX without overflow");
		ok(text_whole("5", 0, &v) != 0, "above a maximum of 0");
		for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
			ok(text_whole(bad[i], 100, &v) != 0,
			    "'%s' is not a whole number to 100", bad[i]);
	}
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

	/* Control characters: found, and shown rather than obeyed. */
	{
		struct sbuf sb = SBUF_INIT;
		const char *evil = "\x1b]0;x\x07王\tA\xc2\x9b\x7f\n";

		ok(text_has_control(evil, strlen(evil)), "ESC is a control");
		ok(!text_has_control("王\tA", strlen("王\tA")), "TAB is not");
		ok(text_has_control("\xc2\x9b", 2), "C1 (CSI) is");
		ok(!text_has_control("\xc2\xa0", 2), "U+00A0 is not");
		is_int(text_control_at("\x7f", 1), 1, "DEL is one byte");
		is_int(text_control_at("\xc2", 1), 0, "a cut C2 is no control");
		sbuf_init(&sb);
		text_escape_controls(&sb, evil, strlen(evil));
		is_str(sb.buf, "\\x1b]0;x\\x07王\tA\\u009b\\x7f\\x0a",
		    "escaped as \\x1b, \\u009b; TAB kept");
		sbuf_release(&sb);
	}
	return done_testing();
}
