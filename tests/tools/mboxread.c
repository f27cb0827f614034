/* mboxread.c: test tool reading mail back as a mail reader would: mbox or message files, RFC 2047 decoded. */
/*
 * Usage: mboxread [-b] [-n] [-H Name,Name...] FILE...
 *
 * Each FILE is an mbox (it starts with a "From " line: messages are split
 * at every line starting "From ", and mboxrd's ">From " quoting is undone)
 * or one message (what sendmail(8) reads).  For each message, in order,
 * prints the asked headers (default From,To,Subject) unfolded and with
 * their RFC 2047 encoded words decoded, one "Name: value" line each (a
 * missing header prints "Name: (none)"); with -b, the body after a line
 * "--", decoded by its Content-Transfer-Encoding (7bit, 8bit, base64,
 * quoted-printable); with -n, only the number of messages.
 *
 * Checked as it reads, each a line "mboxread: FILE: message N: problem"
 * on stderr and exit 1: a header line that is neither "Name: value" nor
 * a continuation, a line over 998 octets, a bare CR, an encoded word over
 * 75 characters or that does not decode (bad base64, not UTF-8 text), a
 * header holding 8-bit bytes outside an encoded word, and a body that is
 * not UTF-8.  Written on its own, with libc only: lb's mail code must
 * not check itself.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXH 64

struct buf {
	char *s;
	size_t len, cap;
};

static const char *file;
static long msgno;
static int bad;

static void
add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((b->s = realloc(b->s, b->cap)) == NULL) {
			perror("mboxread");
			exit(2);
		}
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
problem(const char *what, const char *detail)
{
	fprintf(stderr, "mboxread: %s: message %ld: %s%s%s\n", file, msgno,
	    what, detail != NULL ? ": " : "", detail != NULL ? detail : "");
	bad = 1;
}

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates). */
static int
utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	unsigned long cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF)
			need = 1, cp = s[i] & 0x1F;
		else if (s[i] >= 0xE0 && s[i] <= 0xEF)
			need = 2, cp = s[i] & 0x0F;
		else if (s[i] >= 0xF0 && s[i] <= 0xF4)
			need = 3, cp = s[i] & 0x07;
		else
			return 0;
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		i += need + 1;
	}
	return 1;
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
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decode base64 s[0..n) into out; whitespace skipped.  -1 when bad. */
static int
unbase64(struct buf *out, const char *s, size_t n, int strict)
{
	unsigned long acc = 0;
	int bits = 0, v, pad = 0;
	size_t i, got = 0;
	char c;

	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			continue;
		if (pad > 0 || (v = b64val((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (unsigned long)v;
		bits += 6;
		got++;
		if (bits >= 8) {
			bits -= 8;
			c = (char)(acc >> bits & 0xFF);
			add(out, &c, 1);
		}
	}
	/* RFC 2047 words are whole quanta, padded. */
	if (strict && (got + (size_t)pad) % 4 != 0)
		return -1;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable (q: the RFC 2047 "Q" form, where _ is a space). */
static int
unqp(struct buf *out, const char *s, size_t n, int q)
{
	size_t i;
	int h, l;
	char c;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' && !q && i + 1 < n && s[i + 1] == '\n') {
			i++;
			continue;
		}
		if (s[i] == '=') {
			if (i + 2 >= n)
				return -1;
			if ((h = hexval((unsigned char)s[i + 1])) < 0 ||
			    (l = hexval((unsigned char)s[i + 2])) < 0)
				return -1;
			c = (char)(h * 16 + l);
			add(out, &c, 1);
			i += 2;
		} else if (q && s[i] == '_')
			add(out, " ", 1);
		else
			add(out, &s[i], 1);
	}
	return 0;
}

/*
 * Decode the encoded words of an unfolded header value (RFC 2047):
 * =?charset?B|Q?text?= where charset is UTF-8 or US-ASCII; blanks
 * between two adjacent encoded words vanish.
 */
static void
decode_value(struct buf *out, const char *v, int check)
{
	const char *p = v, *q1, *q2, *end, *after_word = NULL;
	struct buf w = { NULL, 0, 0 };
	size_t cs;
	int rc, eight = 0;

	while (*p != '\0') {
		if (p[0] == '=' && p[1] == '?' &&
		    (q1 = strchr(p + 2, '?')) != NULL &&
		    (q1[1] == 'B' || q1[1] == 'b' || q1[1] == 'Q' ||
		    q1[1] == 'q') && q1[2] == '?' &&
		    (end = strstr(q1 + 3, "?=")) != NULL) {
			cs = (size_t)(q1 - (p + 2));
			if (check && (size_t)(end + 2 - p) > 75)
				problem("encoded word over 75 characters", NULL);
			if (check &&
			    !((cs == 5 && strncasecmp(p + 2, "UTF-8", 5) == 0) ||
			    (cs == 8 && strncasecmp(p + 2, "US-ASCII", 8) == 0)))
				problem("unknown charset in an encoded word", p);
			/* Blanks between two encoded words are dropped. */
			if (after_word != NULL) {
				for (q2 = after_word; q2 < p; q2++)
					if (*q2 != ' ' && *q2 != '\t')
						break;
				if (q2 == p && out->len >= (size_t)(p - after_word))
					out->len -= (size_t)(p - after_word);
			}
			w.len = 0;
			if (q1[1] == 'B' || q1[1] == 'b')
				rc = unbase64(&w, q1 + 3, (size_t)(end - q1 - 3), 1);
			else
				rc = unqp(&w, q1 + 3, (size_t)(end - q1 - 3), 1);
			if (rc != 0 || !utf8_ok((unsigned char *)w.s, w.len)) {
				if (check)
					problem("encoded word does not decode "
					    "to UTF-8", NULL);
			} else
				add(out, w.s, w.len);
			p = end + 2;
			after_word = p;
			continue;
		}
		if ((unsigned char)*p >= 0x80 && check && !eight++)
			problem("8-bit byte in a header outside an encoded word",
			    NULL);
		add(out, p, 1);
		if (*p != ' ' && *p != '\t')
			after_word = NULL;
		p++;
	}
	if (out->s == NULL)
		add(out, "", 0);
	free(w.s);
}

struct msg {
	char *name[MAXH * 4];
	char *value[MAXH * 4];	/* unfolded, raw */
	size_t n;
	const char *body;
	size_t bodylen;
};

/* Split message text t[0..len) into headers and body, checking lines. */
static void
parse(struct msg *m, char *t, size_t len)
{
	char *p = t, *nl, *colon, *e;
	struct buf v = { NULL, 0, 0 };
	size_t i, linelen;

	m->n = 0;
	m->body = t + len;
	m->bodylen = 0;
	for (i = 0; i < len; i++)
		if (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n'))
			problem("bare CR", NULL);
	while (p < t + len) {
		nl = memchr(p, '\n', (size_t)(t + len - p));
		e = nl != NULL ? nl : t + len;
		linelen = (size_t)(e - p);
		if (linelen > 0 && p[linelen - 1] == '\r')
			linelen--;
		if (linelen > 998)
			problem("header line over 998 octets", NULL);
		if (linelen == 0) {
			m->body = nl != NULL ? nl + 1 : t + len;
			m->bodylen = (size_t)(t + len - m->body);
			break;
		}
		if (*p == ' ' || *p == '\t') {
			if (m->n == 0) {
				problem("continuation before any header", NULL);
			} else {
				/* Unfold: the line break goes, the blank stays. */
				v.len = 0;
				add(&v, m->value[m->n - 1],
				    strlen(m->value[m->n - 1]));
				add(&v, p, linelen);
				free(m->value[m->n - 1]);
				m->value[m->n - 1] = strdup(v.s);
			}
		} else {
			colon = memchr(p, ':', linelen);
			if (colon == NULL || colon == p)
				problem("not a header line", NULL);
			else if (m->n < MAXH * 4) {
				m->name[m->n] = strndup(p, (size_t)(colon - p));
				for (colon++; *colon == ' ' && colon < p + linelen;
				    colon++)
					;
				m->value[m->n] = strndup(colon,
				    (size_t)(p + linelen - colon));
				m->n++;
			}
		}
		p = nl != NULL ? nl + 1 : t + len;
	}
	free(v.s);
}

static const char *
header(const struct msg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcasecmp(m->name[i], name) == 0)
			return m->value[i];
	return NULL;
}

static void
show(char *t, size_t len, char **want, size_t nwant, int body, int count)
{
	struct msg m;
	struct buf out = { NULL, 0, 0 };
	const char *v, *cte;
	size_t i;
	int rc = 0;

	msgno++;
	memset(&m, 0, sizeof(m));
	parse(&m, t, len);
	/* Every header is checked, printed or not. */
	for (i = 0; i < m.n; i++) {
		out.len = 0;
		decode_value(&out, m.value[i], 1);
	}
	if (!count) {
		for (i = 0; i < nwant; i++) {
			out.len = 0;
			if ((v = header(&m, want[i])) == NULL)
				printf("%s: (none)\n", want[i]);
			else {
				decode_value(&out, v, 0);
				printf("%s: %s\n", want[i], out.s);
			}
		}
	}
	out.len = 0;
	cte = header(&m, "Content-Transfer-Encoding");
	if (cte != NULL && strcasecmp(cte, "base64") == 0)
		rc = unbase64(&out, m.body, m.bodylen, 0);
	else if (cte != NULL && strcasecmp(cte, "quoted-printable") == 0)
		rc = unqp(&out, m.body, m.bodylen, 0);
	else
		add(&out, m.body, m.bodylen);
	if (rc != 0 || !utf8_ok((unsigned char *)out.s, out.len))
		problem("body does not decode to UTF-8", NULL);
	if (body && !count) {
		printf("--\n");
		fwrite(out.s, 1, out.len, stdout);
	}
	for (i = 0; i < m.n; i++) {
		free(m.name[i]);
		free(m.value[i]);
	}
	free(out.s);
}

/* Undo mboxrd quoting in place: ^>+From_ loses one '>'. */
static size_t
unquote(char *t, size_t len)
{
	size_t i = 0, o = 0, j;
	int bol = 1;

	while (i < len) {
		if (bol && t[i] == '>') {
			for (j = i; j < len && t[j] == '>'; j++)
				;
			if (len - j >= 5 && memcmp(t + j, "From ", 5) == 0)
				i++;
		}
		bol = t[i] == '\n';
		t[o++] = t[i++];
	}
	return o;
}

static void
read_file(const char *path, char **want, size_t nwant, int body, int count)
{
	FILE *f = fopen(path, "rb");
	struct buf all = { NULL, 0, 0 };
	char chunk[65536], *p, *next, *start, *end;
	size_t n;

	file = path;
	if (f == NULL) {
		perror(path);
		bad = 1;
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		add(&all, chunk, n);
	fclose(f);
	if (all.s == NULL)
		add(&all, "", 0);
	if (strncmp(all.s, "From ", 5) != 0) {
		show(all.s, all.len, want, nwant, body, count);
		free(all.s);
		return;
	}
	/* An mbox: each message runs from after its From_ line to the next. */
	p = all.s;
	while (p != NULL && p < all.s + all.len) {
		start = strchr(p, '\n');
		start = start != NULL ? start + 1 : all.s + all.len;
		end = all.s + all.len;
		if ((next = strstr(start - 1, "\nFrom ")) != NULL)
			end = next + 1;
		/* The blank line before the next From_ belongs to the mbox. */
		n = (size_t)(end - start);
		if (n > 0 && start[n - 1] == '\n' && n > 1 && start[n - 2] == '\n')
			n--;
		n = unquote(start, n);
		show(start, n, want, nwant, body, count);
		p = next != NULL ? end : NULL;
	}
	free(all.s);
}

int
main(int argc, char **argv)
{
	static char defaults[] = "From,To,Subject";
	char *list = defaults, *want[MAXH], *tok;
	size_t nwant = 0;
	int c, body = 0, count = 0, i;

	while ((c = getopt(argc, argv, "bnH:")) != -1) {
		switch (c) {
		case 'b':
			body = 1;
			break;
		case 'n':
			count = 1;
			break;
		case 'H':
			list = optarg;
			break;
		default:
			fprintf(stderr, "usage: mboxread [-b] [-n] [-H Name,...] "
			    "file ...\n");
			return 64;
		}
	}
	for (tok = strtok(list, ","); tok != NULL && nwant < MAXH;
	    tok = strtok(NULL, ","))
		want[nwant++] = tok;
	if (optind == argc) {
		fprintf(stderr, "usage: mboxread [-b] [-n] [-H Name,...] file ...\n");
		return 64;
	}
	for (i = optind; i < argc; i++)
		read_file(argv[i], want, nwant, body, count);
	if (count)
		printf("%ld\n", msgno);
	return bad;
}
