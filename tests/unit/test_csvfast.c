/* test_csvfast.c: the CSV reader (and its fast path) against libcsv itself, on random files. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "csvio.h"
#include "diag.h"
#include "sbuf.h"
#include "tap.h"
#include "xmem.h"

/*
 * csvio reads most lines of a big file on a fast path of its own and
 * hands the rest to libcsv.  Whatever path a line takes, the records,
 * their line numbers and the verdict (good or bad file) must be those
 * of libcsv reading the whole file in strict mode: that is the
 * reference here, fed one byte at a time so that it also tells where
 * each record starts.  The files are random: a few fields of awkward
 * values (commas, quotes, line breaks, blanks, Chinese, 4-byte
 * characters, long runs crossing the 64 KiB read size), quoted or not,
 * LF or CRLF, blank lines, a last line with or without its end, and in
 * some files a few stray bytes thrown in.
 */

static uint64_t seed = 20260926;

static uint32_t
rnd(uint32_t n)
{
	seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)((seed >> 33) % n);
}

struct rec {
	size_t n;
	char **v;
	size_t *len;
	long line;
};

struct ref {
	struct rec *r;
	size_t n, cap;
	struct sbuf field;
	char **v;
	size_t *len;
	size_t nv, capv;
	long cur_line;		/* where the record being read started */
	int bad;
};

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void
ref_field(void *s, size_t len, void *data)
{
	struct ref *f = data;

	XGROW(f->v, f->nv + 1, f->capv);
	f->len = xreallocarray(f->len, f->capv, sizeof(*f->len));
	f->v[f->nv] = xmalloc(len + 1);
	memcpy(f->v[f->nv], s, len);
	f->v[f->nv][len] = '\0';
	f->len[f->nv++] = len;
}

static void
ref_record(int c, void *data)
{
	struct ref *f = data;

	(void)c;
	XGROW(f->r, f->n + 1, f->cap);
	f->r[f->n].n = f->nv;
	f->r[f->n].v = f->v;
	f->r[f->n].len = f->len;
	f->r[f->n].line = f->cur_line;
	f->n++;
	f->v = NULL;
	f->len = NULL;
	f->nv = f->capv = 0;
}

/* Lines end at LF, CRLF or a lone CR; the line of each byte of s. */
static long *
line_of(const char *s, size_t n)
{
	long *l = xcalloc(n + 1, sizeof(*l)), line = 1;
	size_t i;

	for (i = 0; i <= n; i++) {
		l[i] = line;
		if (i < n && (s[i] == '\n' ||
		    (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))))
			line++;
	}
	return l;
}

/* libcsv on the whole of s: records with the line each starts on. */
static void
reference(const char *s, size_t n, struct ref *f)
{
	struct csv_parser p;
	long *lines = line_of(s, n);
	size_t i, before;
	int in_rec = 0;

	memset(f, 0, sizeof(*f));
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_space_func(&p, never_space);
	for (i = 0; i < n && !f->bad; i++) {
		/* Outside a record, CR and LF are skipped; anything else
		 * starts one. */
		if (!in_rec && s[i] != '\r' && s[i] != '\n') {
			in_rec = 1;
			f->cur_line = lines[i];
		}
		before = f->n;
		if (csv_parse(&p, s + i, 1, ref_field, ref_record, f) != 1)
			f->bad = 1;
		if (f->n > before)
			in_rec = 0;
	}
	if (!f->bad && csv_fini(&p, ref_field, ref_record, f) != 0)
		f->bad = 1;
	csv_free(&p);
	free(lines);
}

static void
ref_free(struct ref *f)
{
	size_t i, j;

	for (i = 0; i < f->n; i++) {
		for (j = 0; j < f->r[i].n; j++)
			free(f->r[i].v[j]);
		free(f->r[i].v);
		free(f->r[i].len);
	}
	for (j = 0; j < f->nv; j++)
		free(f->v[j]);
	free(f->v);
	free(f->len);
	free(f->r);
}

static const char *const values[] = {
	"", "a", "abc", "2026-06-30", "G341723201411131180", " lead", "trail ",
	"中文", "谈心，有好转", "a,b", "say \"hi\"", "l1\nl2", "x\r\ny", "😀",
	"\"", ",", "\"\"", "a\"b", "\n", ",,\",", "T000002"
};

/* Append value v as a field, quoted when it must be (or by chance). */
static void
put_value(struct sbuf *sb, const char *v, int lone)
{
	int q = v[strcspn(v, ",\"\r\n")] != '\0' || (lone && *v == '\0') ||
	    rnd(10) < 3;

	if (!q) {
		sbuf_adds(sb, v);
		return;
	}
	sbuf_addc(sb, '"');
	for (; *v != '\0'; v++) {
		if (*v == '"')
			sbuf_addc(sb, '"');
		sbuf_addc(sb, *v);
	}
	sbuf_addc(sb, '"');
}

/* A random file of nrec records of nf fields (a few ragged by chance). */
static void
make_file(struct sbuf *sb, size_t nrec, size_t nf, int crlf_mix, int big)
{
	size_t r, j, k, n, len;
	char *longv;

	sbuf_reset(sb);
	for (r = 0; r < nrec; r++) {
		n = nf;
		if (rnd(200) == 0)
			n = nf + 1 + rnd(2);	/* ragged */
		for (j = 0; j < n; j++) {
			if (j > 0)
				sbuf_addc(sb, ',');
			if (big && rnd(50) == 0) {
				/* A long value: crosses the read size. */
				len = 1000 + rnd(big ? 90000 : 1000);
				longv = xmalloc(len + 1);
				for (k = 0; k < len; k++)
					longv[k] = rnd(40) == 0 ? ',' : rnd(50) == 0 ?
					    '\n' : (char)('a' + rnd(26));
				longv[len] = '\0';
				put_value(sb, longv, n == 1);
				free(longv);
			} else
				put_value(sb, values[rnd(sizeof(values) /
				    sizeof(values[0]))], n == 1);
		}
		if (r + 1 == nrec && rnd(3) == 0)
			break;		/* no line end after the last */
		sbuf_adds(sb, crlf_mix && rnd(3) == 0 ? "\r\n" : "\n");
		if (rnd(40) == 0)
			sbuf_adds(sb, rnd(2) ? "\n" : "\r\n");	/* blank line */
	}
}

/* Throw a few stray bytes in. */
static void
spoil(struct sbuf *sb)
{
	static const char stray[] = "\"\r,x\n ";
	size_t t, at;

	for (t = 1 + rnd(3); t > 0 && sb->len > 0; t--) {
		/* Between characters: the file stays UTF-8. */
		at = rnd((uint32_t)sb->len);
		while (at > 0 && ((unsigned char)sb->buf[at] & 0xc0) == 0x80)
			at--;
		sbuf_addc(sb, ' ');
		memmove(sb->buf + at + 1, sb->buf + at, sb->len - at - 1);
		sb->buf[at] = stray[rnd(sizeof(stray) - 1)];
	}
}

static char path[64];

/* The header names a column twice, or not at all. */
static int
header_bad(const struct rec *h)
{
	size_t i, j;

	for (i = 0; i < h->n; i++) {
		if (h->len[i] == 0)
			return 1;
		for (j = 0; j < i; j++)
			if (strcmp(h->v[i], h->v[j]) == 0)
				return 1;
	}
	return 0;
}

/* Row (from csvio) is reference record r, line included unless lines = 0. */
static int
same_row(const struct csvio_row *row, const struct rec *r, int lines)
{
	size_t j;

	if (row->n != r->n || (lines && row->line != r->line))
		return 0;
	for (j = 0; j < row->n; j++)
		if (row->len[j] != r->len[j] ||
		    memcmp(row->v[j], r->v[j], row->len[j]) != 0 ||
		    row->v[j][row->len[j]] != '\0')
			return 0;
	return 1;
}

/*
 * Check csvio on s against the reference; max_field as given (0: the
 * default).  Returns 0 when it agrees, else 1 with a note on stdout.
 * With lines = 0 the line numbers are not compared (files with a lone
 * CR, which ends a line even inside quotes).
 */
static int
compare(const struct sbuf *s, size_t max_field, int lines, const char *what)
{
	struct csvio_opts opts = { .max_field = max_field };
	struct csvio_reader *in;
	const struct csvio_row *row;
	struct ref f;
	FILE *fp;
	size_t i, j, fail_at = SIZE_MAX, want_n, max;
	int code = 0, rc = 0, bad = 0, saved, null;

	reference(s->buf, s->len, &f);
	/* Where csvio must stop: a ragged record, a field too long. */
	max = max_field ? max_field : CSVIO_MAX_FIELD_DEFAULT;
	for (i = 0; i < f.n && fail_at == SIZE_MAX; i++) {
		if (f.r[i].n != f.r[0].n)
			fail_at = i;
		for (j = 0; j < f.r[i].n; j++)
			if (f.r[i].len[j] > max)
				fail_at = i;
	}
	want_n = fail_at == SIZE_MAX ? f.n : fail_at;

	fp = fopen(path, "wb");
	if (fp == NULL || fwrite(s->buf, 1, s->len, fp) != s->len ||
	    fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", 1);
	dup2(null, 2);
	close(null);
	in = csvio_open(path, &opts, &code);
	i = 0;
	if (f.n == 0 || header_bad(&f.r[0]) || fail_at == 0) {
		bad = in != NULL || code != LB_DATAERR;
	} else if (in == NULL) {
		bad = 1;
	} else {
		bad = !same_row(csvio_header(in), &f.r[0], lines);
		for (i = 1; !bad && (rc = csvio_next(in, &row)) == 1; i++)
			if (i >= want_n || !same_row(row, &f.r[i], lines))
				bad = 1;
		if (!bad && (f.bad || fail_at != SIZE_MAX))
			bad = rc >= 0 || csvio_code(in) != LB_DATAERR ||
			    i != want_n;
		else if (!bad)
			bad = rc != 0 || i != f.n;
	}
	csvio_close(in);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	if (bad)
		printf("# %s: csvio and libcsv differ at record %zu "
		    "(reference: %zu records, %s)\n", what, i, f.n,
		    f.bad ? "bad file" : "good file");
	ref_free(&f);
	return bad;
}

/* A plain UTF-8 decoder: no overlongs, no surrogates, nothing above U+10FFFF. */
static int
valid_ref(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	uint32_t cp;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] < 0xc0 || s[i] >= 0xf8)
			return 0;
		need = s[i] >= 0xf0 ? 3 : s[i] >= 0xe0 ? 2 : 1;
		if (i + need >= n)
			return 0;
		cp = s[i] & (0x3fu >> need);
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3fu);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

static void
test_utf8(void)
{
	unsigned char b[8];
	unsigned a, c, d;
	long bad = 0, n = 0;

	/* Lead bytes with every second byte, and a third and fourth drawn
	 * from the bytes that matter; after ASCII and inside Chinese. */
	static const unsigned char more[] = { 0x00, 0x41, 0x7f, 0x80, 0x8f,
	    0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xe4, 0xff };

	for (a = 0x80; a <= 0xff; a++)
		for (c = 0; c <= 0xff; c++)
			for (d = 0; d < sizeof(more); d++) {
				size_t k;

				for (k = 0; k < sizeof(more); k++) {
					b[0] = 'x';
					b[1] = (unsigned char)a;
					b[2] = (unsigned char)c;
					b[3] = more[d];
					b[4] = more[k];
					n++;
					if (csvio_valid_utf8((char *)b, 5) !=
					    valid_ref(b, 5))
						bad++;
					if (csvio_valid_utf8((char *)b + 1, 4) !=
					    valid_ref(b + 1, 4))
						bad++;
				}
			}
	is_int(bad, 0, "csvio_valid_utf8 agrees with a plain decoder on %ld "
	    "sequences", n);
}

int
main(void)
{
	struct sbuf s;
	int t, bad = 0, badbig = 0, badspoil = 0, badcr = 0, badmax = 0;
	char what[64];

	diag_init("test_csvfast");
	snprintf(path, sizeof(path), "/tmp/test_csvfast.%ld.csv", (long)getpid());
	sbuf_init(&s);
	for (t = 0; t < 400; t++) {
		snprintf(what, sizeof(what), "small file %d", t);
		make_file(&s, 1 + rnd(30), 1 + rnd(6), 1, 0);
		bad += compare(&s, 0, 1, what);
	}
	is_int(bad, 0, "400 small files read as libcsv reads them");
	for (t = 0; t < 12; t++) {
		snprintf(what, sizeof(what), "big file %d", t);
		make_file(&s, 3000 + rnd(3000), 2 + rnd(5), t % 2, 1);
		badbig += compare(&s, 0, 1, what);
	}
	is_int(badbig, 0, "12 files of 100 KiB to 1 MiB, long fields across reads");
	for (t = 0; t < 600; t++) {
		snprintf(what, sizeof(what), "spoilt file %d", t);
		make_file(&s, 1 + rnd(20), 1 + rnd(5), 1, 0);
		spoil(&s);
		/* A stray CR may end a line inside quotes: records only. */
		badspoil += compare(&s, 0, memchr(s.buf, '\r', s.len) == NULL,
		    what);
	}
	is_int(badspoil, 0, "600 files with stray bytes: same records, same verdict");
	for (t = 0; t < 200; t++) {
		snprintf(what, sizeof(what), "CR file %d", t);
		make_file(&s, 1 + rnd(20), 1 + rnd(4), 1, 0);
		/* Old Mac line ends: every LF of a line end becomes a CR. */
		{
			size_t i;

			for (i = 0; i < s.len; i++)
				if (s.buf[i] == '\n' && rnd(2) == 0 &&
				    (i == 0 || s.buf[i - 1] != '\r'))
					s.buf[i] = '\r';
		}
		badcr += compare(&s, 0, 0, what);
	}
	is_int(badcr, 0, "200 files with lone CRs: same records, same verdict");
	for (t = 0; t < 200; t++) {
		snprintf(what, sizeof(what), "max_field file %d", t);
		make_file(&s, 1 + rnd(20), 1 + rnd(4), 1, 0);
		badmax += compare(&s, 1 + rnd(12), 1, what);
	}
	is_int(badmax, 0, "200 files against a small max_field");
	test_utf8();
	unlink(path);
	sbuf_release(&s);
	return done_testing();
}
