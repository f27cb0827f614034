/* fuzz_mail.c: libFuzzer target for mail headers and mbox entries (lib/mail.h). */
/*
 * The input: a display name, an address, a subject and a body separated
 * by 0x1f bytes (each may hold CR, LF and anything else, as a roster or
 * staff list might).  Properties: a header field is one field, however
 * hostile its text: it starts with its name, its only line breaks are
 * folds ("\n "), it holds no other control character and no line longer
 * than RFC 5322 allows; decoded, it says what the cleaned text said (and
 * each encoded word is whole UTF-8 when the text is UTF-8).  An
 * address that mail_addr_ok() refuses adds nothing.  In an mbox entry no
 * body line can pass for the start of the next message.
 */
#include "fuzz.h"

#include "csvio.h"
#include "mail.h"
#include "sbuf.h"

/* Header block h holds exactly one field, name: ..., properly folded. */
static void
check_field(const char *h, size_t len, const char *name)
{
	size_t i, col = 0, nlen = strlen(name);

	FUZZ_ASSERT(len > nlen + 2 && strncmp(h, name, nlen) == 0 &&
	    h[nlen] == ':' && h[nlen + 1] == ' ');
	FUZZ_ASSERT(h[len - 1] == '\n');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c == '\n') {
			FUZZ_ASSERT(i + 1 == len || h[i + 1] == ' ');
			col = 0;
			continue;
		}
		FUZZ_ASSERT(c >= 0x20 && c != 0x7f);
		FUZZ_ASSERT(++col <= 998);
	}
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/*
 * The text of an unstructured field's value v (after "Name: "): plain,
 * or RFC 2047 words separated by folds, each word whole UTF-8.
 */
static void
decode_value(const char *v, struct sbuf *out, int utf8)
{
	const char *p = v, *end;
	unsigned long acc;
	int bits, d;
	size_t start;

	if (strncmp(v, "=?UTF-8?B?", 10) != 0) {
		sbuf_add(out, v, strcspn(v, "\n"));
		return;
	}
	for (;;) {
		FUZZ_ASSERT(strncmp(p, "=?UTF-8?B?", 10) == 0);
		p += 10;
		end = strstr(p, "?=");
		FUZZ_ASSERT(end != NULL);
		FUZZ_ASSERT(end - p + 12 <= 75);
		start = out->len;
		acc = 0;
		bits = 0;
		for (; p < end && *p != '='; p++) {
			d = b64val((unsigned char)*p);
			FUZZ_ASSERT(d >= 0);
			acc = (acc << 6 | (unsigned long)d) & 0xffffff;
			if ((bits += 6) >= 8) {
				bits -= 8;
				sbuf_addc(out, (int)(acc >> bits & 0xff));
			}
		}
		FUZZ_ASSERT(!utf8 || csvio_valid_utf8(out->buf + start,
		    out->len - start));
		p = end + 2;
		if (strncmp(p, "\n ", 2) != 0)
			break;
		p += 2;
		if (*p == '<')
			break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *part[4], *d, *a, *buf = NULL;
	struct sbuf h = SBUF_INIT, clean = SBUF_INIT, dec = SBUF_INIT;
	size_t n, i, blen = 0;
	const char *p;
	FILE *f;
	int rc;

	fuzz_init(0);
	n = fuzz_split(data, size, 0x1f, part, 4);
	for (i = n; i < 4; i++)
		part[i] = xstrdup("");
	sbuf_init(&h);
	sbuf_init(&clean);
	sbuf_init(&dec);

	/* Subject: one field that decodes to the cleaned text. */
	mail_header_text(&h, "Subject", part[2]);
	check_field(h.buf, h.len, "Subject");
	mail_clean(&clean, part[2]);
	decode_value(h.buf + 9, &dec, csvio_valid_utf8(clean.buf, clean.len));
	FUZZ_ASSERT(strcmp(dec.buf, clean.buf) == 0);

	/* To: nothing at all for a bad address. */
	sbuf_reset(&h);
	rc = mail_header_addr(&h, "To", part[0], part[1]);
	FUZZ_ASSERT(rc == (mail_addr_ok(part[1]) ? 0 : -1));
	if (rc == 0) {
		check_field(h.buf, h.len, "To");
		/* "To: addr" alone, or a display name and "<addr>". */
		if ((p = strrchr(h.buf, '<')) == NULL)
			FUZZ_ASSERT(strlen(part[1]) == h.len - 5 &&
			    strncmp(h.buf + 4, part[1], h.len - 5) == 0);
		else
			FUZZ_ASSERT(strncmp(p + 1, part[1],
			    strlen(part[1])) == 0 &&
			    strcmp(p + 1 + strlen(part[1]), ">\n") == 0);
	} else
		FUZZ_ASSERT(h.len == 0);

	if (mail_parse_addr(part[0], &d, &a) == 0) {
		FUZZ_ASSERT(mail_addr_ok(a));
		free(d);
		free(a);
	} else
		FUZZ_ASSERT(d == NULL && a == NULL);

	/* The body in an mbox entry: only the first line starts "From ". */
	f = open_memstream(&buf, &blen);
	FUZZ_ASSERT(f != NULL);
	sbuf_reset(&h);
	mail_header_text(&h, "Subject", part[2]);
	FUZZ_ASSERT(mail_write_mbox(f, "lb@localhost", 0, h.buf, part[3]) == 0);
	FUZZ_ASSERT(fclose(f) == 0);
	FUZZ_ASSERT(strncmp(buf, "From ", 5) == 0);
	for (p = strchr(buf, '\n'); p != NULL; p = strchr(p + 1, '\n'))
		FUZZ_ASSERT(strncmp(p + 1, "From ", 5) != 0);
	free(buf);

	for (i = 0; i < 4; i++)
		free(part[i]);
	sbuf_release(&h);
	sbuf_release(&clean);
	sbuf_release(&dec);
	return 0;
}
