/* ics.c: RFC 5545 iCalendar output: escaping, 75-octet folding, stable UIDs. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ics.h"
#include "sbuf.h"

#define FOLD 75			/* octets per line, CRLF not counted */

void
ics_line(struct sbuf *out, const char *prop, const char *value)
{
	struct sbuf line = SBUF_INIT;
	size_t pos = 0, room, cut;

	sbuf_init(&line);
	sbuf_adds(&line, prop);
	sbuf_addc(&line, ':');
	sbuf_adds(&line, value);
	room = FOLD;
	while (line.len - pos > room) {
		cut = room;
		/* Back off to the first byte of a UTF-8 character. */
		while (cut > 0 && ((unsigned char)line.buf[pos + cut] & 0xc0) == 0x80)
			cut--;
		sbuf_add(out, line.buf + pos, cut);
		sbuf_adds(out, "\r\n ");
		pos += cut;
		room = FOLD - 1;
	}
	sbuf_add(out, line.buf + pos, line.len - pos);
	sbuf_adds(out, "\r\n");
	sbuf_release(&line);
}

void
ics_text(struct sbuf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
		case ';':
		case ',':
			sbuf_addc(out, '\\');
			sbuf_addc(out, *s);
			break;
		case '\r':
			sbuf_adds(out, "\\n");
			if (s[1] == '\n')
				s++;
			break;
		case '\n':
			sbuf_adds(out, "\\n");
			break;
		default:
			if ((unsigned char)*s >= 0x20 && *s != 0x7f)
				sbuf_addc(out, *s);
		}
	}
}

void
ics_uid(struct sbuf *out, const char *const *parts, size_t n,
    const char *domain)
{
	uint64_t h = 14695981039346656037ULL;
	const unsigned char *p;
	size_t i;

	for (i = 0; i < n; i++) {
		for (p = (const unsigned char *)parts[i]; *p != '\0'; p++)
			h = (h ^ *p) * 1099511628211ULL;
		h *= 1099511628211ULL;	/* the NUL after each part */
	}
	sbuf_printf(out, "%016llx@%s", (unsigned long long)h, domain);
}

char *
ics_date(date_t d, char *buf)
{
	char iso[DATE_ISO_LEN];

	date_format(d, iso);
	memcpy(buf, iso, 4);
	memcpy(buf + 4, iso + 5, 2);
	memcpy(buf + 6, iso + 8, 2);
	buf[8] = '\0';
	return buf;
}

char *
ics_stamp(time_t t, char *buf)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 17, "%Y%m%dT%H%M%SZ", &tm);
	return buf;
}
