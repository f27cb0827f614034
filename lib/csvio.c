/* csvio.c: strict, streaming CSV reader on libcsv, and a minimal-quoting writer. */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "sbuf.h"
#include "strmap.h"
#include "text.h"
#include "workbook.h"
#include "xmem.h"

/*
 * The input flows: fd -> raw (only when converting) -> iconv -> text
 * (UTF-8) -> validated -> cut into lines -> libcsv -> record queue.
 * libcsv is fed one line (or the part of a line a chunk holds) at a time,
 * so that the line number is known whenever it starts or ends a record,
 * and so that at most a record or two are ever queued.
 *
 * Most records of a big file are one line of plain fields, or of quoted
 * fields that close on the same line.  Such a line, starting a record,
 * takes a fast path: its fields are cut in place in the text buffer and
 * handed out from there, with no copy and no libcsv callback per byte.
 * The fast path accepts exactly the lines on which libcsv (strict, no
 * blank trimming) would yield one record and no error; anything else
 * (a field running over the line end, a stray quote, a CR inside a line,
 * a field over max_field, the last line without its newline) goes
 * through libcsv untouched, with its messages and line numbers.
 */
#define CHUNK		(64u << 10)
#define RAW_CAP		(CHUNK + 64)	/* a chunk and a cut character */
#define TEXT_CAP	(4 * CHUNK + 64)	/* iconv: 1 input byte -> at most 3 */
/* The fast path carries a line the chunk cuts into the next one, up to this. */
#define CARRY_MAX	(16u << 10)

/* Why the validated text ends before the input does. */
enum tail { T_NONE, T_NUL, T_UTF8, T_ILSEQ, T_TRUNC, T_READ };

enum state { ST_READING, ST_DONE, ST_ERROR };

/* A parsed record: its fields NUL-terminated one after another in buf. */
struct rec {
	char *buf;
	size_t len, cap;
	size_t *off;		/* start of each field in buf */
	size_t n, ncap;
	long line;
};

struct csvio_reader {
	char *name;
	int fd, own_fd;
	iconv_t cd;		/* (iconv_t)-1 when the input is UTF-8 */
	char *enc;
	size_t max_field;
	struct csv_parser p;

	char *raw;		/* unconverted input [rpos, rend) */
	size_t rpos, rend;
	int raw_eof, need_more;

	char *text;		/* UTF-8: [pos, lim) ready, [lim, end) held back */
	size_t pos, lim, end;
	size_t textcap;		/* bytes at text */
	int fast;		/* the fast path is open (after the header) */
	int empty;		/* opened empty (csvio_opts.empty_ok): no rows */
	unsigned char *fq;	/* fast path, per field: 0 plain, 1 quoted, 2 with "" */
	int eof, started;
	enum tail tail;
	unsigned char bad;	/* the offending byte for T_UTF8 */
	int read_errno;

	long line;		/* line of text[pos], from 1 */
	int bol;		/* text[pos] starts a line */
	int after_cr;		/* the last piece fed ended a line at a CR */
	long rec_line;		/* line where the current record started */
	long quote_line;	/* line where the open quoted field started */
	unsigned long nfields;	/* fields completed so far, all records */
	int cb_failed;

	struct rec *q;		/* q[qhead..qn) complete, q[qn] being built */
	size_t qhead, qn, qcap;

	enum state state;
	int code, reported;
	int hold;		/* csvio_hold_errors(): print at csvio_report() */
	struct sbuf err;
	long err_line;

	struct rec hdr;
	struct csvio_row header, row;
	size_t rowcap;

	struct workbook_sheet *wb;	/* a workbook's sheet, or NULL */
	size_t wb_next;			/* its next row */
	char **owned;			/* copies the row's fields point to */
	size_t nowned, ownedcap;
	unsigned char head[8];		/* the input's first bytes */
	size_t nhead;

	/* The layout (csvio_opts.column): see csvio_open(). */
	int (*column)(const void *arg, const char *name);
	const void *column_arg;
	int verbatim;		/* csvio_opts.verbatim */
	struct rec *held;	/* rows read while looking for the header */
	size_t nheld, iheld;
	long blank_from, nblank;	/* blank rows not yet said */
};

struct csvio_writer {
	FILE *f;
	int flags;
	int started;
	struct sbuf line;	/* the record being written: one fwrite a record */
};

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void __attribute__((format(printf, 4, 5)))
fail(struct csvio_reader *r, long line, int code, const char *fmt, ...)
{
	va_list ap;

	/* A later error replaces a pending one: the record that fails its
	 * field count comes out of the queue before the pending error. */
	if (r->reported)
		return;
	sbuf_reset(&r->err);
	va_start(ap, fmt);
	sbuf_vprintf(&r->err, fmt, ap);
	va_end(ap);
	r->err_line = line;
	r->code = code;
	r->state = ST_ERROR;
}

/* Print the pending message once. */
static void
report(struct csvio_reader *r)
{
	if (r->reported || r->hold)
		return;
	r->reported = 1;
	diag_error(r->name, r->err_line, 0, "%s", r->err.buf);
}

static void
rec_reset(struct rec *rec)
{
	rec->len = 0;
	rec->n = 0;
	rec->line = 0;
}

static void
rec_release(struct rec *rec)
{
	free(rec->buf);
	free(rec->off);
	memset(rec, 0, sizeof(*rec));
}

/* libcsv: one field of the current record is complete. */
static void
on_field(void *s, size_t len, void *data)
{
	struct csvio_reader *r = data;
	struct rec *rec;

	if (r->cb_failed)
		return;
	if (len > r->max_field) {
		r->cb_failed = 1;
		fail(r, r->rec_line, LB_DATAERR,
		    _("field longer than %zu bytes"), r->max_field);
		return;
	}
	rec = &r->q[r->qn];
	XGROW(rec->off, rec->n + 1, rec->ncap);
	XGROW(rec->buf, rec->len + len + 1, rec->cap);
	rec->off[rec->n++] = rec->len;
	if (len > 0)
		memcpy(rec->buf + rec->len, s, len);
	rec->len += len;
	rec->buf[rec->len++] = '\0';
	r->nfields++;
}

/* libcsv: the current record is complete; queue it. */
static void
on_record(int c, void *data)
{
	struct csvio_reader *r = data;

	(void)c;
	if (r->cb_failed)
		return;
	r->q[r->qn].line = r->rec_line;
	r->qn++;
	if (r->qn >= r->qcap) {
		size_t old = r->qcap;

		XGROW(r->q, r->qn + 1, r->qcap);
		memset(r->q + old, 0, (r->qcap - old) * sizeof(*r->q));
	}
	rec_reset(&r->q[r->qn]);
}

/* Length of the valid character at s[0..n) that starts with c >= 0x80, or 0. */
static size_t
utf8_char(const unsigned char *s, size_t n, unsigned c)
{
	unsigned c1;

	if (c < 0xc2 || c > 0xf4)
		return 0;
	if (c < 0xe0)
		return n >= 2 && (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (n < 2)
		return 0;
	c1 = s[1];
	if ((c1 & 0xc0) != 0x80)
		return 0;
	if (c < 0xf0) {
		/* No overlongs below U+0800, no surrogates. */
		if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0))
			return 0;
		return n >= 3 && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	/* No overlongs below U+10000, nothing above U+10FFFF. */
	if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 >= 0x90))
		return 0;
	return n >= 4 && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80 ? 4 : 0;
}

/*
 * Length of the longest prefix of s[0..n) that is valid UTF-8 without NUL
 * bytes.  Eight ASCII bytes are checked at a time (most of a roster is
 * digits, dates and commas), the first that is not found from the low
 * bits where the byte order allows.  Then a run of other characters is
 * taken in a loop of its own, Chinese first: a lead byte in E1..EC or
 * EE..EF (all of CJK and the full-width punctuation) needs only its two
 * continuation bytes checked.
 */
static size_t
utf8_prefix(const unsigned char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t highs = 0x8080808080808080ull;
	size_t i = 0, k;
	uint64_t w, m;
	uint16_t cont;
	unsigned c;

	for (;;) {
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			/* The lowest flag marks the first high or NUL byte. */
			m = (w | ((w - ones) & ~w)) & highs;
			if (m != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    defined(__GNUC__)
				i += (size_t)__builtin_ctzll(m) >> 3;
#endif
				break;
			}
			i += 8;
		}
		if (i >= n)
			return n;
		c = s[i];
		if (c < 0x80) {
			if (c == 0)
				return i;
			i++;
			continue;
		}
		for (;;) {
			/* Both continuation bytes at once (any byte order). */
			while (i + 3 <= n && (c = s[i]) - 0xe1u < 0x0fu &&
			    c != 0xed && (memcpy(&cont, s + i + 1, 2),
			    (cont & 0xc0c0) == 0x8080))
				i += 3;
			if (i >= n)
				return n;
			c = s[i];
			if (c < 0x80)
				break;
			if ((k = utf8_char(s + i, n - i, c)) == 0)
				return i;
			i += k;
		}
	}
}

int
csvio_valid_utf8(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	/* utf8_prefix() also stops at NUL, which is valid UTF-8. */
	for (;;) {
		i += utf8_prefix(u + i, len - i);
		if (i == len)
			return 1;
		if (u[i] != 0)
			return 0;
		i++;
	}
}

/* Bytes at the end of s[0..n) that start a character the chunk cuts. */
static size_t
cut_tail(const unsigned char *s, size_t n)
{
	size_t i, need;

	for (i = n; i > 0 && n - i < 4; i--) {
		if ((s[i - 1] & 0xc0) == 0x80)
			continue;
		if (s[i - 1] < 0xc0)
			return 0;
		need = s[i - 1] >= 0xf0 ? 4 : s[i - 1] >= 0xe0 ? 3 : 2;
		return n - (i - 1) < need ? n - (i - 1) : 0;
	}
	return 0;
}

/* Read once into buf, retrying on EINTR.  Returns bytes, 0 at end, -1. */
static ssize_t
read_some(struct csvio_reader *r, char *buf, size_t n)
{
	ssize_t got;

	do
		got = read(r->fd, buf, n);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		r->read_errno = errno;
	/* Kept to tell a workbook piped in from text gone wrong. */
	if (got > 0 && r->nhead < sizeof(r->head)) {
		size_t k = sizeof(r->head) - r->nhead;

		if (k > (size_t)got)
			k = (size_t)got;
		memcpy(r->head + r->nhead, buf, k);
		r->nhead += k;
	}
	return got;
}

/* Convert more raw input into text (after text[0..carry)); sets end. */
static void
convert(struct csvio_reader *r, size_t carry)
{
	char *in, *out;
	size_t inleft, outleft, rest;
	ssize_t got;

	if ((r->rpos == r->rend || r->need_more) && !r->raw_eof) {
		rest = r->rend - r->rpos;
		memmove(r->raw, r->raw + r->rpos, rest);
		r->rpos = 0;
		r->rend = rest;
		got = read_some(r, r->raw + rest, CHUNK);
		if (got < 0) {
			r->tail = T_READ;
			r->end = carry;
			return;
		}
		if (got == 0)
			r->raw_eof = 1;
		r->rend += (size_t)got;
	}
	in = r->raw + r->rpos;
	inleft = r->rend - r->rpos;
	out = r->text + carry;
	outleft = r->textcap - carry;
	r->need_more = 0;
	if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
		if (errno == EINVAL)
			r->need_more = 1;
		else if (errno == EILSEQ)
			r->tail = T_ILSEQ;
	}
	r->rpos = (size_t)(in - r->raw);
	if (r->need_more && r->raw_eof)
		r->tail = T_TRUNC;
	if (r->raw_eof && r->rpos == r->rend && r->tail == T_NONE) {
		/* Let a stateful encoding emit what it holds back. */
		iconv(r->cd, NULL, NULL, &out, &outleft);
		r->eof = 1;
	}
	r->end = (size_t)(out - r->text);
}

/*
 * Bring more text in after text[from..end) (from = lim: after what has
 * been fed; from = pos: also keeping a line the fast path wants whole):
 * read (and convert), strip a leading BOM, then validate; text beyond the
 * first bad byte is never fed, and the reason is kept in r->tail for when
 * the feeding reaches it.
 */
static void
refill_from(struct csvio_reader *r, size_t from)
{
	size_t carry = r->end - from, usable, ok;
	ssize_t got;

	memmove(r->text, r->text + from, carry);
	r->pos = r->lim = 0;
	r->end = carry;
	if (r->cd == (iconv_t)-1) {
		got = read_some(r, r->text + carry, CHUNK);
		if (got < 0) {
			r->tail = T_READ;
			return;
		}
		if (got == 0)
			r->eof = 1;
		r->end = carry + (size_t)got;
	} else
		convert(r, carry);

	if (!r->started) {
		/* Wait for three bytes to tell a BOM from text. */
		if (r->end < 3 && !r->eof && r->tail == T_NONE)
			return;
		r->started = 1;
		if (r->end >= 3 && memcmp(r->text, "\xef\xbb\xbf", 3) == 0)
			r->pos = 3;
	}
	usable = r->end;
	if (!r->eof && r->tail == T_NONE)
		usable -= cut_tail((unsigned char *)r->text + r->pos,
		    usable - r->pos);
	ok = utf8_prefix((unsigned char *)r->text + r->pos, usable - r->pos);
	r->lim = r->pos + ok;
	if (r->lim < usable) {
		r->bad = (unsigned char)r->text[r->lim];
		r->tail = r->bad == 0 ? T_NUL : T_UTF8;
	}
}

static void
refill(struct csvio_reader *r)
{
	refill_from(r, r->lim);
}

static void
tail_error(struct csvio_reader *r)
{
	/* Only a named file is looked at as a workbook (libzip and
	 * libfreexl seek): one piped in ends here, at its binary bytes. */
	if ((r->tail == T_NUL || r->tail == T_UTF8) &&
	    workbook_sniff(r->head, r->nhead) != WORKBOOK_NONE) {
		fail(r, 0, LB_DATAERR, _("a workbook (.xlsx or .xls) cannot be "
		    "read from a pipe (expected its file name as an operand)"));
		return;
	}
	switch (r->tail) {
	case T_NUL:
		fail(r, r->line, LB_DATAERR,
		    _("NUL byte (expected CSV text; for UTF-16 try --encoding "
		    "utf-16)"));
		break;
	case T_UTF8:
		fail(r, r->line, LB_DATAERR,
		    _("invalid UTF-8 byte 0x%02x (expected UTF-8; try "
		    "--encoding gb18030)"),
		    r->bad);
		break;
	case T_ILSEQ:
		fail(r, r->line, LB_DATAERR,
		    _("invalid byte sequence for encoding '%s'"), r->enc);
		break;
	case T_TRUNC:
		fail(r, r->line, LB_DATAERR,
		    _("incomplete character at the end of the file (encoding "
		    "'%s')"),
		    r->enc);
		break;
	case T_READ:
		fail(r, 0, LB_IOERR, _("read error: %s"),
		    strerror(r->read_errno));
		break;
	case T_NONE:
		break;
	}
}

/* Feed one line, or the part of it the text holds, to libcsv. */
static void
feed(struct csvio_reader *r, const char *s, size_t n, int ends_line)
{
	int quoted0;
	unsigned long nfields0;
	size_t done;

	/* A record can only start at a line start outside a quoted field. */
	if (r->bol && !r->p.quoted)
		r->rec_line = r->line;
	quoted0 = r->p.quoted;
	nfields0 = r->nfields;
	done = csv_parse(&r->p, s, n, on_field, on_record, r);
	if (r->cb_failed)
		return;
	if (done < n) {
		if (s[done] == '"')
			fail(r, r->line, LB_DATAERR, _("stray quote in field "
			    "%zu (a field holding '\"' must be quoted, with "
			    "each '\"' doubled)"), r->q[r->qn].n + 1);
		else
			fail(r, r->line, LB_DATAERR, _("text after a closing "
			    "quote in field %zu (expected ',' or the end of "
			    "the line)"), r->q[r->qn].n + 1);
		return;
	}
	if (r->p.quoted && (!quoted0 || r->nfields != nfields0))
		r->quote_line = r->line;
	/*
	 * Bound the field being built (an unclosed quote would otherwise
	 * take the whole file).  After a quote inside a quoted field libcsv
	 * holds that quote until it knows whether it closes the field: one
	 * byte of slack after a quote; on_field() checks the exact length.
	 */
	if (r->p.entry_pos > r->max_field + (n > 0 && s[n - 1] == '"')) {
		if (r->p.quoted)
			fail(r, r->quote_line, LB_DATAERR, _("field longer "
			    "than %zu bytes (an unclosed quote?)"),
			    r->max_field);
		else
			fail(r, r->rec_line, LB_DATAERR,
			    _("field longer than %zu bytes"), r->max_field);
		return;
	}
	r->bol = ends_line;
	if (ends_line)
		r->line++;
	r->after_cr = ends_line && s[n - 1] == '\r';
}

/*
 * A line ends at LF, CRLF, or a CR alone where libcsv ends a record with
 * it (old Mac files): outside quotes.  In s[0..n), which ends at an LF
 * when lf is set, the first such CR, else NULL; quoted tells whether s
 * starts inside a quoted field (each quote then toggles: "" twice).
 */
static const char *
lone_cr(const char *s, size_t n, int lf, int quoted)
{
	const char *cr = memchr(s, '\r', n);
	size_t i;

	if (cr == NULL || (lf && cr == s + n - 1))
		return NULL;	/* the common cases: no CR, or CRLF */
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (s[i] == '\r' && !quoted && !(lf && i == n - 1))
			return s + i;
	}
	return NULL;
}

/* One step of work: feed a line, refill, or finish. */
static void
step(struct csvio_reader *r)
{
	const char *s, *nl, *cr;
	size_t n;

	if (r->pos < r->lim) {
		s = r->text + r->pos;
		n = r->lim - r->pos;
		if (r->after_cr && s[0] == '\n') {
			/* The LF of a CRLF cut between two chunks: the line
			 * was counted at its CR. */
			r->pos++;
			feed(r, s, 1, 0);
			r->bol = 1;
			return;
		}
		nl = memchr(s, '\n', n);
		if ((cr = lone_cr(s, nl != NULL ? (size_t)(nl - s) : n,
		    nl != NULL, r->p.quoted)) != NULL)
			nl = cr;
		if (nl != NULL)
			n = (size_t)(nl - s) + 1;
		r->pos += n;
		feed(r, s, n, nl != NULL);
		return;
	}
	if (r->tail != T_NONE) {
		tail_error(r);
		return;
	}
	if (r->eof) {
		if (csv_fini(&r->p, on_field, on_record, r) != 0)
			fail(r, r->quote_line, LB_DATAERR, _("unclosed quote "
			    "(expected '\"' before the end of the file)"));
		else if (!r->cb_failed)
			r->state = ST_DONE;
		return;
	}
	refill(r);
}

/*
 * The first ',' or '"' in [p, e), else e.  Eight bytes at a time where
 * the byte order lets the first hit be found from the low bits: this is
 * the loop that reads most of a big file.
 */
static char *
comma_or_quote(char *p, char *e)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    defined(__GNUC__)
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t highs = 0x8080808080808080ull;
	uint64_t w, c, q, hit;

	for (; e - p >= 8; p += 8) {
		memcpy(&w, p, 8);
		c = w ^ (ones * ',');
		q = w ^ (ones * '"');
		/* A byte is zero in c or q: the lowest flag marks the first. */
		hit = (((c - ones) & ~c) | ((q - ones) & ~q)) & highs;
		if (hit != 0)
			return p + (__builtin_ctzll(hit) >> 3);
	}
#endif
	while (p < e && *p != ',' && *p != '"')
		p++;
	return p;
}

/* Room for n fields in r->row (and the fast path's field marks). */
static void
row_room(struct csvio_reader *r, size_t n)
{
	if (n <= r->rowcap)
		return;
	r->rowcap = n < 16 ? 16 : 2 * n;
	r->row.v = xreallocarray(r->row.v, r->rowcap, sizeof(*r->row.v));
	r->row.len = xreallocarray(r->row.len, r->rowcap, sizeof(*r->row.len));
	r->fq = xreallocarray(r->fq, r->rowcap, sizeof(*r->fq));
}

/*
 * The fast path, at the start of a line that starts a record.  Returns
 * 1 with the record in r->row, 2 after skipping a blank line or bringing
 * a cut line in whole (call again), 0 when libcsv must take the line.
 */
static int
fast_line(struct csvio_reader *r)
{
	char *s = r->text + r->pos, *e, *nl, *p, *q, *w;
	size_t n = 0, i, len;

	nl = memchr(s, '\n', r->lim - r->pos);
	if (nl == NULL) {
		/* The chunk cuts the line: read on, keeping it whole. */
		if (r->eof || r->tail != T_NONE || r->lim - r->pos > CARRY_MAX)
			return 0;
		refill_from(r, r->pos);
		return 2;
	}
	e = nl > s && nl[-1] == '\r' ? nl - 1 : nl;
	/* A lone CR ends a line (and a record) even inside quotes: libcsv's. */
	if (memchr(s, '\r', (size_t)(e - s)) != NULL)
		return 0;
	if (e == s) {
		/* libcsv skips a blank line, counting it. */
		r->pos += (size_t)(nl - s) + 1;
		r->line++;
		return 2;
	}
	/* First pass: find the fields, touching nothing. */
	p = s;
	for (;;) {
		row_room(r, n + 1);
		if (p < e && *p == '"') {
			r->fq[n] = 1;
			for (q = p + 1;; q += 2) {
				q = memchr(q, '"', (size_t)(e - q));
				if (q == NULL)
					return 0;	/* runs over the line */
				if (q + 1 < e && q[1] == '"')
					r->fq[n] = 2;
				else
					break;
			}
			r->row.v[n] = p + 1;
			r->row.len[n] = (size_t)(q - p - 1);
			p = q + 1;
			if (p < e && *p != ',')
				return 0;	/* text after the closing quote */
		} else {
			r->fq[n] = 0;
			q = comma_or_quote(p, e);
			if (q < e && *q != ',')
				return 0;	/* a stray quote */
			r->row.v[n] = p;
			r->row.len[n] = (size_t)(q - p);
			p = q;
		}
		if (r->row.len[n] > r->max_field)
			return 0;
		n++;
		if (p == e)
			break;
		p++;			/* the comma */
	}
	/* Second pass: terminate each field, undoubling quotes. */
	for (i = 0; i < n; i++) {
		p = r->row.v[i];
		len = r->row.len[i];
		if (r->fq[i] == 2) {
			for (q = w = p; q < p + len; q++) {
				*w++ = *q;
				if (*q == '"')
					q++;
			}
			r->row.len[i] = (size_t)(w - p);
		}
		p[r->row.len[i]] = '\0';
	}
	r->row.n = n;
	r->row.line = r->line;
	r->line++;
	r->pos += (size_t)(nl - s) + 1;
	return 1;
}

static void wb_step(struct csvio_reader *r);

/*
 * Next record, unchecked: 1 (in *out), 2 (by the fast path, in r->row),
 * 0 at the end, -1 after a message.
 */
static int
pull(struct csvio_reader *r, struct rec **out)
{
	struct rec tmp;
	int rc;

	for (;;) {
		if (r->qhead < r->qn) {
			*out = &r->q[r->qhead++];
			return 1;
		}
		if (r->state == ST_ERROR) {
			report(r);
			return -1;
		}
		if (r->state == ST_DONE)
			return 0;
		if (r->qn > 0) {
			/* All handed out: reuse the storage, keeping the
			 * record being built. */
			tmp = r->q[0];
			r->q[0] = r->q[r->qn];
			r->q[r->qn] = tmp;
			r->qhead = r->qn = 0;
		}
		/*
		 * At a line start outside a quoted field, libcsv is between
		 * records (a line end outside quotes always ends one).
		 */
		if (r->fast && r->pos < r->lim && r->bol && !r->after_cr &&
		    !r->p.quoted && r->q[r->qn].n == 0 &&
		    r->p.entry_pos == 0) {
			rc = fast_line(r);
			if (rc == 1)
				return 2;
			if (rc == 2)
				continue;
		}
		if (r->wb != NULL)
			wb_step(r);
		else
			step(r);
	}
}

/*
 * The cells of a workbook's next row, or NULL at the end.  Blank rows
 * are left out unless the layout says them, as a CSV's blank lines are.
 */
static char **
wb_next_cells(struct csvio_reader *r)
{
	const struct workbook_sheet *s = r->wb;
	char **cell;
	size_t j;

	for (; r->wb_next < s->nrows; r->wb_next++) {
		cell = s->cells + r->wb_next * s->ncols;
		for (j = 0; j < s->ncols && *cell[j] == '\0'; j++)
			;
		if (j < s->ncols || r->column != NULL)
			return cell;
	}
	return NULL;
}

/* The next row of a workbook's sheet, queued as libcsv would queue a record. */
static void
wb_step(struct csvio_reader *r)
{
	const struct workbook_sheet *s = r->wb;
	char **cell;
	size_t j;

	if ((cell = wb_next_cells(r)) == NULL) {
		r->state = ST_DONE;
		return;
	}
	r->rec_line = (long)r->wb_next + 1;
	for (j = 0; j < s->ncols && !r->cb_failed; j++)
		on_field(cell[j], strlen(cell[j]), r);
	on_record(0, r);
	r->wb_next++;
}

/*
 * After the header, a sheet's next row straight into r->row: its fields
 * point at the sheet's cells, read-only (a shared string or a merged
 * value is one string for many cells), with no copy.  1, 0 at the end,
 * -1 after a message.
 */
static int
wb_row(struct csvio_reader *r)
{
	const struct workbook_sheet *s = r->wb;
	char **cell;
	size_t j;

	if ((cell = wb_next_cells(r)) == NULL)
		return 0;
	row_room(r, s->ncols);
	for (j = 0; j < s->ncols; j++) {
		r->row.v[j] = cell[j];
		r->row.len[j] = strlen(cell[j]);
		if (r->row.len[j] > r->max_field) {
			fail(r, (long)r->wb_next + 1, LB_DATAERR,
			    _("field longer than %zu bytes"), r->max_field);
			report(r);
			return -1;
		}
	}
	r->row.n = s->ncols;
	r->row.line = (long)++r->wb_next;
	return 1;
}

/* Point row at rec's fields. */
static void
fill_row(struct csvio_row *row, size_t *cap, const struct rec *rec)
{
	size_t i, end;

	if (rec->n > *cap) {
		*cap = rec->n;
		row->v = xreallocarray(row->v, *cap, sizeof(*row->v));
		row->len = xreallocarray(row->len, *cap, sizeof(*row->len));
	}
	for (i = 0; i < rec->n; i++) {
		end = i + 1 < rec->n ? rec->off[i + 1] : rec->len;
		row->v[i] = rec->buf + rec->off[i];
		row->len[i] = end - rec->off[i] - 1;
	}
	row->n = rec->n;
	row->line = rec->line;
}

/* Keep the header: copy its record out of the queue, and check names. */
static int
take_header(struct csvio_reader *r, const struct rec *rec)
{
	struct strmap *seen;
	size_t i, cap = 0;
	long first;

	r->hdr.buf = xmalloc(rec->len + 1);
	memcpy(r->hdr.buf, rec->buf, rec->len);
	r->hdr.len = rec->len;
	r->hdr.off = xreallocarray(NULL, rec->n + 1, sizeof(size_t));
	memcpy(r->hdr.off, rec->off, rec->n * sizeof(size_t));
	r->hdr.n = rec->n;
	r->hdr.line = rec->line;
	fill_row(&r->header, &cap, &r->hdr);
	if (r->header.n > CSVIO_MAX_COLS) {
		/* Each would become a column of every record kept. */
		fail(r, r->header.line, LB_DATAERR, _("%zu columns in the "
		    "header (expected at most %d, as in a spreadsheet)"),
		    r->header.n,
		    CSVIO_MAX_COLS);
		return -1;
	}
	/* A hash, not pairs: a header may have thousands of names. */
	seen = strmap_new();
	for (i = 0; i < r->header.n; i++) {
		if (r->header.len[i] == 0) {
			fail(r, r->header.line, LB_DATAERR,
			    _("empty header name in column %zu"), i + 1);
			break;
		}
		if ((first = strmap_put(seen, r->header.v[i], (long)i)) !=
		    (long)i) {
			fail(r, r->header.line, LB_DATAERR,
			    _("duplicate header '%s' (columns %ld and %zu)"),
			    r->header.v[i], first + 1, i + 1);
			break;
		}
	}
	strmap_free(seen);
	return i < r->header.n ? -1 : 0;
}

/*
 * The layout: the table found in a sheet as people lay it out.
 */

static int excel_formula(const char *s);
static void unprotect(struct csvio_reader *r, struct csvio_row *row,
    int shared);

/* A record's field i trimmed of blanks: its start, and length in *n. */
static const char *
rec_field(const struct rec *rec, size_t i, size_t *n)
{
	size_t end = i + 1 < rec->n ? rec->off[i + 1] : rec->len;

	return text_trim_n(rec->buf + rec->off[i], end - rec->off[i] - 1, n);
}

static int
rec_blank(const struct rec *rec)
{
	size_t i, n;

	for (i = 0; i < rec->n; i++)
		if (rec_field(rec, i, &n), n > 0)
			return 0;
	return 1;
}

static void
rec_copy(struct rec *to, const struct rec *from)
{
	memset(to, 0, sizeof(*to));
	to->buf = xmalloc(from->len + 1);
	memcpy(to->buf, from->buf, from->len);
	to->len = to->cap = from->len;
	to->off = xreallocarray(NULL, from->n + 1, sizeof(size_t));
	memcpy(to->off, from->off, from->n * sizeof(size_t));
	to->n = to->ncap = from->n;
	to->line = from->line;
}

static void
rec_add(struct rec *rec, const char *s, size_t len)
{
	XGROW(rec->off, rec->n + 1, rec->ncap);
	XGROW(rec->buf, rec->len + len + 1, rec->cap);
	rec->off[rec->n++] = rec->len;
	memcpy(rec->buf + rec->len, s, len);
	rec->len += len;
	rec->buf[rec->len++] = '\0';
}

/* The column a (trimmed) name maps to, or -1. */
static int
name_column(const struct csvio_reader *r, const char *s, size_t n)
{
	char *name = xstrndup(s, n);
	int c = r->column(r->column_arg, name);

	free(name);
	return c;
}

/*
 * How many known columns rec's names map to (a name repeated over a
 * merged cell counts once); its non-blank names in *filled.
 */
static size_t
known_names(const struct csvio_reader *r, const struct rec *rec,
    size_t *filled)
{
	uint64_t seen = 0;	/* canonical columns are fewer than 64 */
	size_t i, n, known = 0;
	const char *s;
	int c;

	*filled = 0;
	for (i = 0; i < rec->n; i++) {
		s = rec_field(rec, i, &n);
		if (n == 0)
			continue;
		++*filled;
		c = name_column(r, s, n);
		if (c >= 0 && c < 64 && !(seen & (UINT64_C(1) << c))) {
			seen |= UINT64_C(1) << c;
			known++;
		}
	}
	return known;
}

/* "清水镇中心小学留守儿童信息登记表": a row's words for a message, cut short. */
static void
row_words(struct sbuf *sb, const struct rec *rec)
{
	size_t i, n, start = sb->len, pn = 0;
	const char *s, *prev = NULL;

	for (i = 0; i < rec->n; i++) {
		s = rec_field(rec, i, &n);
		/* A merged cell's value, spread over its cells, said once. */
		if (n == 0 || (prev != NULL && n == pn && memcmp(s, prev, n) == 0))
			continue;
		prev = s;
		pn = n;
		if (sb->len > start)
			sbuf_addc(sb, ' ');
		sbuf_add(sb, s, n);
	}
	if (sb->len - start > 60) {
		n = start + text_fit(sb->buf + start, sb->len - start, 40);
		sb->len = n;
		sb->buf[n] = '\0';
		sbuf_adds(sb, "...");
	}
}

/* fmt: a message with one %s, the row's words. */
static void
warn_row(const struct csvio_reader *r, const struct rec *rec, const char *fmt)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_init(&sb);
	row_words(&sb, rec);
	diag_warn(r->name, rec->line, 0, fmt, sb.buf);
	sbuf_release(&sb);
}

/*
 * The names of a two-level header, top over bottom, into out: a name on
 * top stands over the blank tops to its right (a merged cell, as CSV
 * leaves it); under it, "父亲"+"电话" -> "父亲电话" when that is known,
 * else the lower name alone when it is known and no other column has
 * taken it, else the two joined (an unknown column carried through).
 * Returns how many names are known columns.
 */
static size_t
join_header(const struct csvio_reader *r, const struct rec *top,
    const struct rec *bottom, struct rec *out)
{
	size_t i, n = top->n > bottom->n ? top->n : bottom->n;
	size_t tn = 0, bn, cn = 0, known = 0;
	const char *t = "", *b, *carry = "";
	uint64_t taken = 0;	/* canonical columns are fewer than 64 */
	struct sbuf sb = SBUF_INIT;
	int c, cj, cb;

	sbuf_init(&sb);
	for (i = 0; i < n; i++) {
		t = i < top->n ? rec_field(top, i, &tn) : "";
		if (i >= top->n)
			tn = 0;
		b = i < bottom->n ? rec_field(bottom, i, &bn) : "";
		if (i >= bottom->n)
			bn = 0;
		if (tn > 0)
			carry = t, cn = tn;
		else if (bn > 0)
			t = carry, tn = cn;
		else
			carry = "", cn = 0;
		sbuf_reset(&sb);
		if (tn > 0 && bn > 0 && (tn != bn || memcmp(t, b, tn) != 0)) {
			sbuf_add(&sb, t, tn);
			sbuf_add(&sb, b, bn);
			cj = name_column(r, sb.buf, sb.len);
			cb = name_column(r, b, bn);
			if (cj < 0 && cb >= 0 && cb < 64 &&
			    !(taken & (UINT64_C(1) << cb))) {
				sbuf_reset(&sb);
				sbuf_add(&sb, b, bn);
			}
		} else if (tn > 0)
			sbuf_add(&sb, t, tn);
		else
			sbuf_add(&sb, b, bn);
		c = sb.len > 0 ? name_column(r, sb.buf, sb.len) : -1;
		if (c >= 0 && c < 64) {
			taken |= UINT64_C(1) << c;
			known++;
		}
		rec_add(out, sb.buf, sb.len);
	}
	sbuf_release(&sb);
	return known;
}

/* 1 when two of rec's names are the same (a join that cannot be one). */
static int
rec_repeats(const struct rec *rec)
{
	struct strmap *seen = strmap_new();
	size_t i, n;
	const char *s;
	char *name;
	int dup = 0;

	for (i = 0; i < rec->n && !dup; i++) {
		s = rec_field(rec, i, &n);
		if (n == 0)
			continue;
		name = xstrndup(s, n);
		dup = strmap_put(seen, name, (long)i) != (long)i;
		free(name);
	}
	strmap_free(seen);
	return dup;
}

/*
 * A row of groups over the header (基本信息, 家庭情况): two names or more,
 * and none a note's "填表日期：..." or "班主任: ...".
 */
static int
group_row(const struct csvio_reader *r, const struct rec *rec)
{
	size_t i, n, filled;
	const char *s;

	(void)known_names(r, rec, &filled);
	if (filled < 2)
		return 0;
	for (i = 0; i < rec->n; i++) {
		s = rec_field(rec, i, &n);
		/* The field runs on to its NUL (blanks, past n). */
		if (n > 0 && (strchr(s, ':') != NULL || strstr(s, "：") != NULL))
			return 0;
	}
	return 1;
}

static const char *const footer_words[] = {
	"合计", "合計", "小计", "小計", "总计", "總計", "共计", "共計",
	"累计", "累計", "制表", "製表", "审核", "審核", "填表人", "填报人",
	"填報人", "负责人", "負責人", "校长签", "校長簽", "备注", "備註",
	"说明", "說明", "注：", "注:", NULL
};

int
csvio_footer(const char *s)
{
	size_t i, n;

	s = text_trim(s, &n);
	/* Every word is Chinese: a row starting with a date or an id, as
	 * a log's millions do, is told apart by its first byte. */
	if ((unsigned char)*s < 0x80)
		return 0;
	for (i = 0; footer_words[i] != NULL; i++)
		if (strncmp(s, footer_words[i], strlen(footer_words[i])) == 0)
			return 1;
	return 0;
}

/* The header's empty names at its end (a sheet's unused columns) go. */
static int
take_layout_header(struct csvio_reader *r, struct rec *rec)
{
	size_t n;

	while (rec->n > 1 && (rec_field(rec, rec->n - 1, &n), n == 0))
		rec->len = rec->off[--rec->n];
	return take_header(r, rec);
}

static void
hold(struct csvio_reader *r, const struct rec *rec)
{
	r->held = xreallocarray(r->held, r->nheld + 1, sizeof(*r->held));
	rec_copy(&r->held[r->nheld++], rec);
}

/*
 * Find the header (csvio_open() says how), keep it, and hold the rows
 * read past it for csvio_next().  Returns 1, 0 for an empty file, -1
 * after a message.
 */
static int
find_header(struct csvio_reader *r)
{
	struct rec *rec, joined;
	size_t i, head = SIZE_MAX, known, filled;
	int rc;

	while (r->nheld < CSVIO_LAYOUT_SCAN) {
		if ((rc = pull(r, &rec)) < 0)
			return -1;
		if (rc == 0)
			break;
		if (rec_blank(rec))
			continue;
		hold(r, rec);
		known = known_names(r, rec, &filled);
		if (known > 0 && known >= (filled < 2 ? filled : 2)) {
			head = r->nheld - 1;
			break;
		}
	}
	if (r->nheld == 0)
		return 0;
	if (head == SIZE_MAX) {
		/* No row names enough columns: the first one is the header,
		 * and what it lacks is said where it is mapped. */
		if (take_layout_header(r, &r->held[0]) < 0)
			return -1;
		r->iheld = 1;
		return 1;
	}
	memset(&joined, 0, sizeof(joined));
	/* A row of groups right above it (基本信息 over 学号|姓名): one header. */
	if (head > 0 && r->held[head - 1].line + 1 == r->held[head].line &&
	    group_row(r, &r->held[head - 1])) {
		known = known_names(r, &r->held[head], &filled);
		joined.line = r->held[head - 1].line;
		if (join_header(r, &r->held[head - 1], &r->held[head],
		    &joined) >= known && !rec_repeats(&joined)) {
			for (i = 0; i + 1 < head; i++)
				warn_row(r, &r->held[i],
				    _("row above the header skipped: '%s'"));
			rc = take_layout_header(r, &joined);
			rec_release(&joined);
			r->iheld = head + 1;
			return rc < 0 ? -1 : 1;
		}
		rec_release(&joined);
		memset(&joined, 0, sizeof(joined));
	}
	for (i = 0; i < head; i++)
		warn_row(r, &r->held[i],
		    _("row above the header skipped: '%s'"));
	rc = pull(r, &rec);
	if (rc < 0) {
		rec_release(&joined);
		return -1;
	}
	if (rc == 1 && !rec_blank(rec)) {
		known = known_names(r, &r->held[head], &filled);
		joined.line = r->held[head].line;
		if (join_header(r, &r->held[head], rec, &joined) > known &&
		    !rec_repeats(&joined)) {
			rc = take_layout_header(r, &joined);
			rec_release(&joined);
			r->iheld = r->nheld;
			return rc < 0 ? -1 : 1;
		}
		rec_release(&joined);
	}
	if (rc == 1)
		hold(r, rec);
	if (take_layout_header(r, &r->held[head]) < 0)
		return -1;
	r->iheld = head + 1;
	return 1;
}

static int
is_utf8_name(const char *enc)
{
	return strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0;
}

/*
 * A named file whose first bytes say workbook is read as one (whatever
 * its name: schools rename files).  Returns 0 (r->wb set, or not a
 * workbook), -1 after workbook_read()'s message.
 */
static int
open_workbook(struct csvio_reader *r, const struct csvio_opts *opts,
    int *code)
{
	unsigned char head[8];
	enum workbook_kind kind;
	ssize_t n;

	n = pread(r->fd, head, sizeof(head), 0);
	kind = n > 0 ? workbook_sniff(head, (size_t)n) : WORKBOOK_NONE;
	if (kind == WORKBOOK_NONE)
		return 0;
	r->wb = workbook_read(r->name, kind, opts != NULL ? opts->sheet : NULL,
	    code);
	return r->wb != NULL ? 0 : -1;
}

int
csvio_workbook(const char *path)
{
	unsigned char head[8];
	ssize_t n;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return 0;
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	return n > 0 && workbook_sniff(head, (size_t)n) != WORKBOOK_NONE;
}

/* The header is kept (a copy: its names are writable); rows may come. */
static void
header_ready(struct csvio_reader *r)
{
	/* lb writes its header as it writes a row: protected alike. */
	if (!r->verbatim)
		unprotect(r, &r->header, 0);
	r->fast = 1;
}

struct csvio_reader *
csvio_open(const char *path, const struct csvio_opts *opts, int *code)
{
	struct csvio_reader *r;
	struct rec *rec;
	struct stat st;
	int rc;

	r = xcalloc(1, sizeof(*r));
	r->fd = -1;
	r->cd = (iconv_t)-1;
	sbuf_init(&r->err);
	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	/* Values are kept exactly: libcsv would trim blanks around them. */
	csv_set_space_func(&r->p, never_space);
	csv_set_realloc_func(&r->p, xrealloc);
	csv_set_free_func(&r->p, free);
	csv_set_blk_size(&r->p, CHUNK);
	r->max_field = opts != NULL && opts->max_field > 0 ?
	    opts->max_field : CSVIO_MAX_FIELD_DEFAULT;
	r->line = 1;
	r->bol = 1;
	r->rec_line = r->quote_line = 1;
	r->qcap = 4;
	r->q = xcalloc(r->qcap, sizeof(*r->q));

	if (path == NULL || strcmp(path, "-") == 0) {
		r->name = xstrdup("<stdin>");
		r->fd = 0;
	} else {
		r->name = xstrdup(path);
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			diag_error(NULL, 0, 0, _("cannot open '%s': %s"), path,
			    strerror(errno));
			*code = LB_NOINPUT;
			goto fail;
		}
		r->own_fd = 1;
		if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			diag_error(NULL, 0, 0, _("cannot read '%s': is a "
			    "directory"), path);
			*code = LB_NOINPUT;
			goto fail;
		}
	}
	if (r->own_fd && open_workbook(r, opts, code) < 0)
		goto fail;
	if (r->wb == NULL && opts != NULL && opts->encoding != NULL &&
	    *opts->encoding != '\0' && !is_utf8_name(opts->encoding)) {
		r->cd = iconv_open("UTF-8", opts->encoding);
		if (r->cd == (iconv_t)-1) {
			diag_error(NULL, 0, 0, _("unknown encoding '%s' "
			    "(expected a name from iconv -l, e.g. gb18030)"),
			    opts->encoding);
			*code = LB_USAGE;
			goto fail;
		}
		r->enc = xstrdup(opts->encoding);
		r->raw = xmalloc(RAW_CAP);
		r->textcap = TEXT_CAP + CARRY_MAX;
	} else
		r->textcap = CHUNK + CARRY_MAX + 8;
	r->text = xmalloc(r->textcap);

	r->verbatim = opts != NULL && opts->verbatim;
	if (opts != NULL && opts->column != NULL) {
		r->column = opts->column;
		r->column_arg = opts->column_arg;
		rc = find_header(r);
		if (rc < 0) {
			report(r);
			*code = r->code;
			goto fail;
		}
		if (rc > 0) {
			header_ready(r);
			*code = LB_OK;
			return r;
		}
	} else
		rc = pull(r, &rec);
	if (rc == 0 && opts != NULL && opts->empty_ok) {
		r->empty = 1;
		*code = LB_OK;
		return r;
	}
	if (rc == 0) {
		diag_error(r->name, 0, 0, _("empty file (expected a header "
		    "row)"));
		*code = LB_DATAERR;
		goto fail;
	}
	if (rc < 0 || (r->wb != NULL ? take_layout_header(r, rec) :
	    take_header(r, rec)) < 0) {
		report(r);
		*code = r->code;
		goto fail;
	}
	header_ready(r);
	*code = LB_OK;
	return r;
fail:
	csvio_close(r);
	return NULL;
}

const char *
csvio_name(const struct csvio_reader *r)
{
	return r->name;
}

const struct csvio_row *
csvio_header(const struct csvio_reader *r)
{
	return &r->header;
}

/*
 * Say the blank rows skipped since the last row kept (none at the end
 * of a sheet: trailing blank rows are no one's data).
 */
static void
say_blanks(struct csvio_reader *r)
{
	if (r->nblank == 1)
		diag_warn(r->name, r->blank_from, 0, "%s",
		    _("blank row skipped"));
	else if (r->nblank > 1)
		diag_warn(r->name, r->blank_from, 0,
		    _("%ld blank rows skipped"), r->nblank);
	r->nblank = 0;
}

/* The layout's rows to skip: blank ones and footers.  1: skip r->row. */
static int
layout_skip(struct csvio_reader *r)
{
	struct rec words;
	size_t i, n;
	const char *s;
	unsigned char c;

	/* Most rows start with a visible ASCII character (a date, an id):
	 * not blank, and no footer, whose words are Chinese. */
	if (r->row.n > 0 && r->row.len[0] > 0 &&
	    (c = (unsigned char)r->row.v[0][0]) > ' ' && c < 0x7f) {
		say_blanks(r);
		return 0;
	}
	for (i = 0; i < r->row.n; i++)
		if (text_trim_n(r->row.v[i], r->row.len[i], &n), n > 0)
			break;
	if (i == r->row.n) {
		if (r->nblank++ == 0)
			r->blank_from = r->row.line;
		return 1;
	}
	say_blanks(r);
	s = r->row.v[i];
	if (!csvio_footer(s))
		return 0;
	memset(&words, 0, sizeof(words));
	for (i = 0; i < r->row.n; i++)
		rec_add(&words, r->row.v[i], r->row.len[i]);
	words.line = r->row.line;
	warn_row(r, &words, _("footer row skipped: '%s'"));
	rec_release(&words);
	return 1;
}

/*
 * A field as lb's writer protects a cell: ="0123", or a ' before what a
 * spreadsheet would run as a formula or before a protected field.
 */
static int
protected_field(const char *s, size_t len)
{
	if (len >= 3 && s[0] == '=' && s[1] == '"' && s[len - 1] == '"' &&
	    memchr(s + 2, '"', len - 3) == NULL)
		return 1;
	return len >= 2 && s[0] == '\'' && (excel_formula(s + 1) ||
	    protected_field(s + 1, len - 1));
}

/*
 * Fields of lb's own --excel protection read back as they were written:
 * ="0123" is 0123, and a ' before what a spreadsheet would run as a
 * formula ('=SUM, '-3) goes.  In place, the field's text being writable,
 * unless shared (a sheet's cell may be another's too): then copied, the
 * copy owned by r until its next row.
 */
static void
unprotect(struct csvio_reader *r, struct csvio_row *row, int shared)
{
	size_t i, len;
	char *v;

	for (i = 0; i < row->n; i++) {
		v = row->v[i];
		/* Nearly every field: neither mark, one byte looked at. */
		if (v[0] != '=' && v[0] != '\'')
			continue;
		len = row->len[i];
		if (len >= 3 && v[0] == '=' && v[1] == '"' && v[len - 1] == '"' &&
		    memchr(v + 2, '"', len - 3) == NULL) {
			if (shared) {
				XGROW(r->owned, r->nowned + 1, r->ownedcap);
				v = r->owned[r->nowned++] = xstrndup(v, len);
			}
			v[len - 1] = '\0';
			row->v[i] = v + 2;
			row->len[i] = len - 3;
		} else if (v[0] == '\'' && protected_field(v, len)) {
			row->v[i] = v + 1;
			row->len[i] = len - 1;
		}
	}
}

int
csvio_next(struct csvio_reader *r, const struct csvio_row **row)
{
	struct rec *rec;
	size_t n;
	int rc;

	if (r->empty)
		return 0;
	for (;;) {
		if (r->iheld < r->nheld) {
			rec = &r->held[r->iheld++];
			rc = 1;
		} else if (r->wb != NULL) {
			if ((rc = wb_row(r)) <= 0)
				return rc;
			rc = 2;		/* in r->row already */
		} else if ((rc = pull(r, &rec)) <= 0)
			return rc;
		if (rc == 1) {
			row_room(r, rec->n);
			fill_row(&r->row, &r->rowcap, rec);
		}
		if (r->column == NULL || !layout_skip(r))
			break;
	}
	while (r->nowned > 0)
		free(r->owned[--r->nowned]);
	if (!r->verbatim)
		unprotect(r, &r->row, r->wb != NULL);
	/* A sheet's empty cells right of the header are no field. */
	while ((r->column != NULL || r->wb != NULL) &&
	    r->row.n > r->header.n &&
	    (text_trim_n(r->row.v[r->row.n - 1], r->row.len[r->row.n - 1],
	    &n), n == 0))
		r->row.n--;
	if ((r->column != NULL || r->wb != NULL) && r->row.n > r->header.n) {
		fail(r, r->row.line, LB_DATAERR, _("a value in column %zu, "
		    "right of the header's last name (expected a header name "
		    "over every column that holds values)"), r->row.n);
		report(r);
		return -1;
	}
	if (r->row.n != r->header.n) {
		fail(r, r->row.line, LB_DATAERR, r->row.n > r->header.n ?
		    _("too many fields (%zu, expected %zu as in the header)") :
		    _("too few fields (%zu, expected %zu as in the header)"),
		    r->row.n, r->header.n);
		report(r);
		return -1;
	}
	*row = &r->row;
	return 1;
}

void
csvio_hold_errors(struct csvio_reader *r)
{
	r->hold = 1;
}

void
csvio_report(struct csvio_reader *r)
{
	r->hold = 0;
	if (r->state == ST_ERROR)
		report(r);
}

int
csvio_code(const struct csvio_reader *r)
{
	return r->code;
}

void
csvio_close(struct csvio_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	if (r->own_fd)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	csv_free(&r->p);
	for (i = 0; i < r->qcap; i++)
		rec_release(&r->q[i]);
	free(r->q);
	workbook_sheet_free(r->wb);
	while (r->nowned > 0)
		free(r->owned[--r->nowned]);
	free(r->owned);
	rec_release(&r->hdr);
	for (i = 0; i < r->nheld; i++)
		rec_release(&r->held[i]);
	free(r->held);
	free(r->header.v);
	free(r->header.len);
	free(r->row.v);
	free(r->row.len);
	free(r->fq);
	sbuf_release(&r->err);
	free(r->raw);
	free(r->text);
	free(r->enc);
	free(r->name);
	free(r);
}

/* Writing. */

struct csvio_writer *
csvio_writer_new(FILE *f, int flags)
{
	struct csvio_writer *w = xcalloc(1, sizeof(*w));

	w->f = f;
	w->flags = flags;
	sbuf_init(&w->line);
	return w;
}

void
csvio_writer_free(struct csvio_writer *w)
{
	if (w == NULL)
		return;
	sbuf_release(&w->line);
	free(w);
}

/*
 * Excel turns long digit strings into 1.23E+17 and drops leading zeros:
 * ID card numbers (17 digits and a digit or X) and phones like
 * 0566-8125908.  Those are written as ="..." so it keeps the text.
 */
/*
 * A cell a spreadsheet would turn into a number or a date, losing what
 * it says: a long digit string (an ID number, a mobile number: Excel
 * keeps 15 digits and shows 11 or more in exponent form), one with a
 * leading 0, and a short code such as class 1-1 or 3/2 (a date to it).
 */
static int
excel_keep_text(const char *s, size_t len)
{
	size_t i, a, b;

	if (len >= 11) {
		for (i = 0; i + 1 < len; i++)
			if (s[i] < '0' || s[i] > '9')
				break;
		if (i + 1 == len && ((s[i] >= '0' && s[i] <= '9') ||
		    s[i] == 'X' || s[i] == 'x'))
			return 1;
	}
	if (len >= 2 && s[0] == '0') {
		for (i = 1; i < len; i++)
			if ((s[i] < '0' || s[i] > '9') && s[i] != '-')
				return 0;
		return 1;
	}
	a = strspn(s, "0123456789");
	if (a < 1 || a > 2 || (s[a] != '-' && s[a] != '/'))
		return 0;
	b = strspn(s + a + 1, "0123456789");
	return b >= 1 && b <= 2 && a + 1 + b == len;
}

/*
 * A cell a spreadsheet would run as a formula: one starting with = + - @
 * | (DDE) or % once the blanks, control characters, BOMs, no-break and
 * ideographic spaces that spreadsheets skip are passed over, and (OWASP)
 * any cell starting with TAB or CR.
 */
static int
excel_formula(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == '\t' || *u == '\r')
		return 1;
	for (;;) {
		if ((*u > 0 && *u <= ' ') || *u == 0x7f)
			u++;
		else if (u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
			u += 3;		/* U+FEFF */
		else if (u[0] == 0xc2 && u[1] == 0xa0)
			u += 2;		/* U+00A0 */
		else if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
			u += 3;		/* U+3000 */
		else
			break;
	}
	return *u != '\0' && strchr("=+-@|%", *u) != NULL;
}

/*
 * alone: the record's only field; first: the file's first field, which
 * a reader would lose a leading BOM of (it takes it for the file's), or
 * take for a workbook when it starts as a zip does (PK\3\4): quoted.
 */
static void
put_field(struct csvio_writer *w, const char *s, int alone, int first)
{
	struct sbuf *b = &w->line;
	size_t len = strlen(s), k;
	int quote, prefix = 0;

	if (w->flags & CSVIO_EXCEL) {
		if (excel_keep_text(s, len)) {
			sbuf_add(b, "\"=\"\"", 4);
			sbuf_add(b, s, len);
			sbuf_add(b, "\"\"\"", 3);
			return;
		}
		prefix = excel_formula(s);
	}
	/* What the reader would take for protection keeps its own. */
	if (!prefix && protected_field(s, len))
		prefix = 1;
	/* A lone empty field would read back as a blank line. */
	quote = (len == 0 && alone) || s[strcspn(s, ",\"\r\n")] != '\0' ||
	    (first && (strncmp(s, "\xef\xbb\xbf", 3) == 0 ||
	    strncmp(s, "PK\3\4", 4) == 0)) ||
	    (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) ||
	    (!prefix && (s[0] == ' ' || s[0] == '\t'));
	if (quote)
		sbuf_addc(b, '"');
	if (prefix)
		sbuf_addc(b, '\'');
	if (!quote) {
		sbuf_add(b, s, len);
		return;
	}
	while ((k = strcspn(s, "\"")) < len) {
		sbuf_add(b, s, k + 1);
		sbuf_addc(b, '"');
		s += k + 1;
		len -= k + 1;
	}
	sbuf_add(b, s, len);
	sbuf_addc(b, '"');
}

/* The record goes out whole: one stdio call, not a few per field. */
void
csvio_write_row(struct csvio_writer *w, size_t n, char *const *v)
{
	size_t i;
	int first = !w->started;

	sbuf_reset(&w->line);
	if (first && (w->flags & CSVIO_EXCEL))
		sbuf_add(&w->line, "\xef\xbb\xbf", 3);
	w->started = 1;
	for (i = 0; i < n; i++) {
		if (i > 0)
			sbuf_addc(&w->line, ',');
		put_field(w, v[i] != NULL ? v[i] : "", n == 1, first && i == 0);
	}
	sbuf_adds(&w->line, w->flags & CSVIO_EXCEL ? "\r\n" : "\n");
	fwrite(w->line.buf, 1, w->line.len, w->f);
}

char *
csvio_crlf(char *text, size_t *len)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;
	int inq = 0;

	sbuf_init(&sb);
	for (i = 0; i < *len; i++) {
		if (text[i] == '"')
			inq = !inq;
		else if (text[i] == '\n' && !inq)
			sbuf_addc(&sb, '\r');
		sbuf_addc(&sb, text[i]);
	}
	free(text);
	*len = sb.len;
	return sbuf_detach(&sb);
}
