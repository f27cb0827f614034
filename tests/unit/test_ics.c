/* test_ics.c: RFC 5545 folding at 75 octets, escaping, stable UIDs. */
#include <string.h>

#include "csvio.h"
#include "ics.h"
#include "sbuf.h"
#include "tap.h"

/* Every line ends in CRLF and holds at most 75 octets of valid UTF-8. */
static int
folded_ok(const char *s)
{
	const char *p = s, *e;

	while (*p != '\0') {
		if ((e = strstr(p, "\r\n")) == NULL)
			return 0;
		if (e - p > 75 || !csvio_valid_utf8(p, (size_t)(e - p)))
			return 0;
		p = e + 2;
	}
	return 1;
}

/* Undo the folding: drop every CRLF followed by a space. */
static void
unfold(const char *s, struct sbuf *out)
{
	for (; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		sbuf_addc(out, *s);
	}
}

int
main(void)
{
	struct sbuf out = SBUF_INIT, un = SBUF_INIT, val = SBUF_INIT;
	const char *parts[] = { "S001", "talk", "2026-03-10" };
	const char *parts2[] = { "S001", "talk", "2026-03-11" };
	char buf[32], uid1[64];
	int i;

	sbuf_init(&out);
	sbuf_init(&un);
	sbuf_init(&val);
	ics_line(&out, "VERSION", "2.0");
	is_str(out.buf, "VERSION:2.0\r\n", "a short line ends in CRLF");

	/* Offsets 0..3 shift where the 3-byte characters fall against 75. */
	for (i = 0; i < 4; i++) {
		sbuf_reset(&out);
		sbuf_reset(&un);
		sbuf_reset(&val);
		sbuf_add(&val, "xxx", (size_t)i);
		sbuf_adds(&val, "逾期谈心：张小明（三年级1班）应于2026年3月1日完成，"
		    "上次联系是2026年1月30日，请尽快安排家访和亲情电话");
		ics_line(&out, "SUMMARY", val.buf);
		ok(folded_ok(out.buf), "folded at 75 octets, whole characters "
		    "(offset %d)", i);
		ok(strstr(out.buf, "\r\n ") != NULL, "a long line is folded "
		    "(offset %d)", i);
		unfold(out.buf, &un);
		ok(strncmp(un.buf, "SUMMARY:", 8) == 0 &&
		    strncmp(un.buf + 8, val.buf, val.len) == 0,
		    "unfolding gives the value back (offset %d)", i);
	}

	sbuf_reset(&out);
	ics_text(&out, "a,b;c\\d\ne\r\nf\x01");
	is_str(out.buf, "a\\,b\\;c\\\\d\\ne\\nf", "TEXT escaping");

	sbuf_reset(&out);
	ics_uid(&out, parts, 3, "lb-due");
	strcpy(uid1, out.buf);
	sbuf_reset(&out);
	ics_uid(&out, parts, 3, "lb-due");
	is_str(out.buf, uid1, "the same item gets the same UID");
	sbuf_reset(&out);
	ics_uid(&out, parts2, 3, "lb-due");
	ok(strcmp(out.buf, uid1) != 0, "another item another UID");
	ok(strlen(uid1) == 16 + 7, "16 hex digits @ domain");

	is_str(ics_date(date_from_ymd(2028, 2, 29), buf), "20280229", "DATE value");
	is_str(ics_stamp(1773100800, buf), "20260310T000000Z", "UTC stamp");

	sbuf_release(&out);
	sbuf_release(&un);
	sbuf_release(&val);
	return done_testing();
}
