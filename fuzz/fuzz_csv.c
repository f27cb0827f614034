/* fuzz_csv.c: libFuzzer target for the CSV reader and writer (lib/csvio.h). */
/*
 * The input is a CSV file (fuzz_csv_enc.c: an encoding selector byte,
 * then the file).  Besides not crashing, leaking or hanging, it checks
 * what csvio promises:
 * - a field limit only ever refuses input, never changes what is read;
 * - whatever was read, written back (plain), reads back the same;
 * - written with CSVIO_EXCEL, it reads back with every cell either as it
 *   was and harmless, or neutralised ('-prefixed or ="digits") around
 *   exactly the original text: no cell a spreadsheet would run as a
 *   formula.
 */
#include "fuzz.h"

#include "csvio.h"
#include "sbuf.h"

#define SMALL_FIELD 8

struct rows {
	char ***row;		/* row[i] holds nf[i] fields */
	size_t *nf;
	size_t n, cap;
};

static void
rows_free(struct rows *rs)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		for (j = 0; j < rs->nf[i]; j++)
			free(rs->row[i][j]);
		free(rs->row[i]);
	}
	free(rs->row);
	free(rs->nf);
	memset(rs, 0, sizeof(*rs));
}

static void
rows_add(struct rows *rs, const struct csvio_row *r)
{
	size_t j;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap == 0 ? 16 : rs->cap * 2;
		rs->row = xreallocarray(rs->row, rs->cap, sizeof(*rs->row));
		rs->nf = xreallocarray(rs->nf, rs->cap, sizeof(*rs->nf));
	}
	rs->row[rs->n] = xreallocarray(NULL, r->n + 1, sizeof(char *));
	for (j = 0; j < r->n; j++) {
		/* csvio refuses NUL bytes, so strlen is the field's length. */
		FUZZ_ASSERT(strlen(r->v[j]) == r->len[j]);
		rs->row[rs->n][j] = xstrndup(r->v[j], r->len[j]);
	}
	rs->nf[rs->n++] = r->n;
}

/* Read all of path; 0 when it reads to the end, -1 on a refusal. */
static int
read_all(const char *path, const char *enc, size_t max_field,
    int verbatim, struct rows *rs)
{
	struct csvio_opts o = { .encoding = enc, .max_field = max_field,
	    .verbatim = verbatim };
	struct csvio_reader *r;
	const struct csvio_row *row;
	int code, rc;

	if ((r = csvio_open(path, &o, &code)) == NULL) {
		FUZZ_ASSERT(code == LB_DATAERR || code == LB_USAGE);
		return -1;
	}
	FUZZ_ASSERT(code == LB_OK);
	rows_add(rs, csvio_header(r));
	while ((rc = csvio_next(r, &row)) == 1) {
		FUZZ_ASSERT(row->n == rs->nf[0]);
		FUZZ_ASSERT(row->line > 1);
		rows_add(rs, row);
	}
	if (rc < 0)
		FUZZ_ASSERT(csvio_code(r) == LB_DATAERR);
	csvio_close(r);
	return rc;
}

static int
rows_equal(const struct rows *a, const struct rows *b)
{
	size_t i, j;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (a->nf[i] != b->nf[i])
			return 0;
		for (j = 0; j < a->nf[i]; j++)
			if (strcmp(a->row[i][j], b->row[i][j]) != 0)
				return 0;
	}
	return 1;
}

static size_t
longest(const struct rows *rs)
{
	size_t i, j, m = 0, len;

	for (i = 0; i < rs->n; i++)
		for (j = 0; j < rs->nf[i]; j++)
			if ((len = strlen(rs->row[i][j])) > m)
				m = len;
	return m;
}

/*
 * Write rs with flags into the scratch file.  With CSVIO_EXCEL a header
 * "h0,h1,..." goes first, and rs's own header follows as data: two header
 * names may differ only in a leading ' (neutralised or not), and a
 * spreadsheet does not mind.
 */
static void
write_all(const struct rows *rs, int flags)
{
	struct csvio_writer *w;
	FILE *f;
	size_t i;
	char **h, buf[32];

	if ((f = fopen(fuzz_path, "wb")) == NULL)
		abort();
	w = csvio_writer_new(f, flags);
	if (flags & CSVIO_EXCEL) {
		h = xreallocarray(NULL, rs->nf[0], sizeof(*h));
		for (i = 0; i < rs->nf[0]; i++) {
			snprintf(buf, sizeof(buf), "h%zu", i);
			h[i] = xstrdup(buf);
		}
		csvio_write_row(w, rs->nf[0], h);
		for (i = 0; i < rs->nf[0]; i++)
			free(h[i]);
		free(h);
	}
	for (i = 0; i < rs->n; i++)
		csvio_write_row(w, rs->nf[i], rs->row[i]);
	csvio_writer_free(w);
	FUZZ_ASSERT(fclose(f) == 0);
}

/* Length of the UTF-8 character at s that the spec skips before a
 * formula character (BOM, NBSP, ideographic space), else 0. */
static size_t
skippable(const unsigned char *s)
{
	if (*s < 0x20 || *s == 0x7f || *s == ' ')
		return *s != '\0';
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	if (s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* What the spreadsheet would take for a formula. */
static int
dangerous(const char *v)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t k;

	while ((k = skippable(s)) > 0)
		s += k;
	return *s != '\0' && strchr("=+-@|%", *s) != NULL;
}

/* Only digits (a last X allowed), or a leading 0 with digits and '-'. */
static int
digit_text(const char *s)
{
	size_t i, len = strlen(s);

	for (i = 0; i < len; i++)
		if ((s[i] < '0' || s[i] > '9') && s[i] != '-' && s[i] != '/' &&
		    !(i + 1 == len && (s[i] == 'X' || s[i] == 'x')))
			return 0;
	return len > 0;
}

/* back is orig under a header row of its own (write_all's --excel). */
static int
rows_equal_after_header(const struct rows *orig, const struct rows *back)
{
	size_t i, j;

	if (orig->n + 1 != back->n)
		return 0;
	for (i = 0; i < orig->n; i++) {
		if (orig->nf[i] != back->nf[i + 1])
			return 0;
		for (j = 0; j < orig->nf[i]; j++)
			if (strcmp(orig->row[i][j], back->row[i + 1][j]) != 0)
				return 0;
	}
	return 1;
}

static void
check_excel(const struct rows *orig, const struct rows *back)
{
	size_t i, j, len;
	const char *o, *b;

	FUZZ_ASSERT(orig->n + 1 == back->n);
	for (i = 0; i < orig->n; i++) {
		FUZZ_ASSERT(orig->nf[i] == back->nf[i + 1]);
		for (j = 0; j < orig->nf[i]; j++) {
			o = orig->row[i][j];
			b = back->row[i + 1][j];
			len = strlen(b);
			if (strcmp(o, b) == 0) {
				FUZZ_ASSERT(!dangerous(b));
			} else if (b[0] == '\'') {
				FUZZ_ASSERT(strcmp(o, b + 1) == 0);
			} else {
				FUZZ_ASSERT(len >= 3 && b[0] == '=' &&
				    b[1] == '"' && b[len - 1] == '"');
				FUZZ_ASSERT(strlen(o) == len - 3 &&
				    memcmp(o, b + 2, len - 3) == 0);
				FUZZ_ASSERT(digit_text(o));
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rows rs = { 0 }, small = { 0 }, back = { 0 };
	const char *enc = NULL;
	int rc, rc_small;

	fuzz_init(0);
#ifdef FUZZ_CSV_ENC
	{
		static const char *const encs[] = {
			"gb18030", "gbk", "big5", "utf-16", "utf-16le",
			"utf-8", "latin1", "iso-2022-jp"
		};

		if (size == 0)
			return 0;
		enc = encs[data[0] % (sizeof(encs) / sizeof(encs[0]))];
		data++;
		size--;
	}
#endif
	fuzz_file(data, size);
	rc = read_all(fuzz_path, enc, 0, 1, &rs);
	rc_small = read_all(fuzz_path, enc, SMALL_FIELD, 1, &small);
	if (rc == 0 && rc_small == 0)
		FUZZ_ASSERT(rows_equal(&rs, &small));
	if (rc == 0)
		FUZZ_ASSERT((rc_small == 0) == (longest(&rs) <= SMALL_FIELD));
	rows_free(&small);
	if (rc == 0) {
		/* The output is UTF-8 whatever the input was. */
		/* Read back as written, whatever looks protected. */
		write_all(&rs, 0);
		FUZZ_ASSERT(read_all(fuzz_path, NULL, 0, 0, &back) == 0);
		FUZZ_ASSERT(rows_equal(&rs, &back));
		rows_free(&back);
		write_all(&rs, CSVIO_EXCEL);
		FUZZ_ASSERT(read_all(fuzz_path, NULL, 0, 1, &back) == 0);
		check_excel(&rs, &back);
		rows_free(&back);
		FUZZ_ASSERT(read_all(fuzz_path, NULL, 0, 0, &back) == 0);
		FUZZ_ASSERT(rows_equal_after_header(&rs, &back));
		rows_free(&back);
	}
	rows_free(&rs);
	return 0;
}
