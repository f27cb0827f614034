/* actlog.c: validated, locked, all-or-nothing appends to the activity log. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actlog.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "rx.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/* Reading. */

/*
 * What a row's date and kind were last written as, and what they mean:
 * a county's log says "talk" two million times, and its rows come nearly
 * in date order, thousands a day, so a value equal to one seen before is
 * not parsed or looked up again.
 */
#define KINDS_SEEN 16
struct seen {
	char date[16];
	size_t date_len;	/* 0: none yet */
	date_t day;
	struct {
		char v[32];
		size_t len;
		int k;
	} kind[KINDS_SEEN];
	size_t nkinds;
};

struct actlog_reader {
	const struct policy *p;
	struct csvio_reader *rd;
	int col[LC_COUNT];
	struct seen seen;
};

/*
 * a[0..n) == b[0..n), both of at least n bytes, by words: called twice
 * per log row, where a call of memcmp() costs more than the compare.
 */
static int
short_eq(const char *a, const char *b, size_t n)
{
	uint64_t w[4];
	uint32_t h[4];

	if (n > 16)
		return memcmp(a, b, n) == 0;
	if (n >= 8) {
		/* The first 8 bytes and the last 8 (overlapping): all n. */
		memcpy(&w[0], a, 8);
		memcpy(&w[1], b, 8);
		memcpy(&w[2], a + n - 8, 8);
		memcpy(&w[3], b + n - 8, 8);
		return w[0] == w[1] && w[2] == w[3];
	}
	if (n >= 4) {
		memcpy(&h[0], a, 4);
		memcpy(&h[1], b, 4);
		memcpy(&h[2], a + n - 4, 4);
		memcpy(&h[3], b + n - 4, 4);
		return h[0] == h[1] && h[2] == h[3];
	}
	for (; n > 0; n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

/*
 * A log row's date: a day written as lb writes it or as a sheet leaves
 * it (2026/9/8 0:00:00, Excel's serial 46273); a month alone names no
 * day of contact.  0, or -1.
 */
static int
log_date(const char *s, date_t *d)
{
	return date_parse(s, d) == 0 || date_parse_sheet(s, d) == DATE_DAY ?
	    0 : -1;
}

/* log_date() of s (n bytes), remembering the last date parsed. */
static date_t
seen_date(struct seen *sn, const char *s, size_t n)
{
	date_t day;

	if (n > 0 && n == sn->date_len && short_eq(s, sn->date, n))
		return sn->day;
	if (log_date(s, &day) != 0)
		return DATE_NONE;
	if (n < sizeof(sn->date)) {
		memcpy(sn->date, s, n);
		sn->date_len = n;
		sn->day = day;
	}
	return day;
}

/* policy_kind() of s (n bytes), remembering the first kinds found. */
static int
seen_kind(struct seen *sn, const struct policy *p, const char *s, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < sn->nkinds; i++)
		if (sn->kind[i].len == n && short_eq(sn->kind[i].v, s, n))
			return sn->kind[i].k;
	if ((k = policy_kind(p, s, n)) >= 0 && sn->nkinds < KINDS_SEEN &&
	    n < sizeof(sn->kind[0].v)) {
		memcpy(sn->kind[sn->nkinds].v, s, n);
		sn->kind[sn->nkinds].len = n;
		sn->kind[sn->nkinds++].k = k;
	}
	return k;
}

struct actlog_reader *
actlog_open(const char *path, const struct policy *p,
    const struct csvio_opts *opts, int **cols, size_t *ncols, int *code)
{
	struct csvio_opts o = { .encoding = NULL };
	struct actlog_reader *r = xcalloc(1, sizeof(*r));
	const struct csvio_row *h;
	int c;

	if (opts != NULL)
		o = *opts;
	/* The first day of term: nothing logged yet, maybe not even a header. */
	o.empty_ok = 1;
	r->p = p;
	if (cols != NULL)
		*cols = NULL;
	if ((r->rd = table_open(path, FK_LOG, p, &o, code)) == NULL) {
		free(r);
		return NULL;
	}
	h = csvio_header(r->rd);
	if (cols != NULL) {
		*ncols = h->n;
		*cols = xcalloc(h->n + 1, sizeof(**cols));
	}
	if (h->n == 0) {
		for (c = 0; c < LC_COUNT; c++)
			r->col[c] = -1;
		return r;
	}
	if (table_map_header(csvio_name(r->rd), h, FK_LOG, p, NULL, r->col,
	    cols != NULL ? *cols : NULL) != 0) {
		*code = LB_DATAERR;
		if (cols != NULL) {
			free(*cols);
			*cols = NULL;
		}
		actlog_close(r);
		return NULL;
	}
	return r;
}

const char *
actlog_name(const struct actlog_reader *r)
{
	return csvio_name(r->rd);
}

int
actlog_next(struct actlog_reader *r, struct actlog_row *out)
{
	const struct csvio_row *row;
	size_t d, k;
	int rc;

	if ((rc = csvio_next(r->rd, &row)) != 1)
		return rc;
	d = (size_t)r->col[LC_DATE];
	k = (size_t)r->col[LC_KIND];
	out->raw = row;
	out->line = row->line;
	out->id = text_trim_n(row->v[r->col[LC_STUDENT_ID]],
	    row->len[r->col[LC_STUDENT_ID]], &out->idlen);
	out->date_text = row->v[d];
	out->kind_text = row->v[k];
	out->day = DATE_NONE;
	out->kind = -1;
	return 1;
}

void
actlog_resolve(struct actlog_reader *r, struct actlog_row *row)
{
	const struct csvio_row *raw = row->raw;
	size_t d = (size_t)r->col[LC_DATE], k = (size_t)r->col[LC_KIND];

	row->day = seen_date(&r->seen, raw->v[d], raw->len[d]);
	row->kind = seen_kind(&r->seen, r->p, raw->v[k], raw->len[k]);
}

void
actlog_hold_errors(struct actlog_reader *r)
{
	csvio_hold_errors(r->rd);
}

void
actlog_report(struct actlog_reader *r)
{
	csvio_report(r->rd);
}

int
actlog_code(const struct actlog_reader *r)
{
	return csvio_code(r->rd);
}

void
actlog_close(struct actlog_reader *r)
{
	if (r == NULL)
		return;
	csvio_close(r->rd);
	free(r);
}

/* Checking and appending. */

static void
problem(struct sbuf *err, const char *fmt, const char *arg, const char *arg2)
{
	if (err->len > 0)
		sbuf_adds(err, _("; "));
	sbuf_printf(err, fmt, arg, arg2);
}

static char *
trimmed(const char *s)
{
	size_t len;
	const char *t = text_trim(s != NULL ? s : "", &len);

	return xstrndup(t, len);
}

/* The kinds as a teacher may write them: "talk (谈心), home_visit (家访)". */
static void
kind_list(const struct policy *p, struct sbuf *sb)
{
	const struct contact *c;
	size_t i;

	for (i = 0; i < p->ncontacts; i++) {
		c = &p->contacts[i];
		if (i > 0)
			sbuf_adds(sb, ", ");
		sbuf_adds(sb, c->kind);
		if (c->label != NULL && *c->label != '\0' &&
		    strcmp(c->label, c->kind) != 0)
			sbuf_printf(sb, " (%s)", c->label);
	}
}

int
actlog_check(const struct actlog_rules *r, const char *const *v, char **out,
    struct sbuf *err)
{
	const struct policy *p = r->p;
	struct sbuf kinds = SBUF_INIT;
	char buf[DATE_ISO_LEN], asof[DATE_ISO_LEN];
	size_t i;
	int nprob = 0, m, k;
	long st;
	date_t d;

	for (i = 0; i < LC_COUNT; i++) {
		out[i] = trimmed(v[i]);
		if (!csvio_valid_utf8(out[i], strlen(out[i]))) {
			problem(err, _("%s is not valid UTF-8%s"),
			    schema_col_name(FK_LOG, i), "");
			nprob++;
			out[i][0] = '\0';
		}
	}
	if (log_date(out[LC_DATE], &d) != 0) {
		problem(err, _("invalid date '%s'%s (expected YYYY-MM-DD, a "
		    "real day)"), out[LC_DATE], "");
		nprob++;
	} else {
		free(out[LC_DATE]);
		out[LC_DATE] = xstrdup(date_format(d, buf));
		if (d > r->as_of && !r->force) {
			problem(err, _("date '%s' is after %s (expected a day "
			    "that has come; --force logs a planned one)"), buf,
			    date_format(r->as_of, asof));
			nprob++;
		}
	}

	if (*out[LC_KIND] == '\0') {
		problem(err, _("missing kind%s%s"), "", "");
		nprob++;
	} else if ((k = policy_kind(p, out[LC_KIND],
	    strlen(out[LC_KIND]))) >= 0) {
		/* Written by its label or an alias: kept by its name. */
		free(out[LC_KIND]);
		out[LC_KIND] = xstrdup(p->contacts[k].kind);
	} else {
		sbuf_init(&kinds);
		kind_list(p, &kinds);
		problem(err, _("unknown kind '%s' (expected one of: %s)"),
		    out[LC_KIND], kinds.buf);
		sbuf_release(&kinds);
		nprob++;
	}

	if (*out[LC_STUDENT_ID] == '\0') {
		problem(err, _("missing student_id%s%s"), "", "");
		nprob++;
	} else {
		for (i = 0; i < p->npatterns[FK_LOG]; i++) {
			const struct field_pattern *fp = &p->patterns[FK_LOG][i];
			const char *val = out[fp->col];

			if (*val == '\0')
				continue;
			m = rx_match(fp->rx, val, strlen(val));
			if (m != 1) {
				problem(err, _("'%s' does not match the "
				    "pattern (expected %s)"), val,
				    rx_source(fp->rx));
				nprob++;
			}
		}
		if (r->students != NULL) {
			st = strmap_get(r->students, out[LC_STUDENT_ID]);
			if (st < 0) {
				problem(err, _("unknown student '%s'%s "
				    "(expected one in the roster)"),
				    out[LC_STUDENT_ID], "");
				nprob++;
			} else if (st == 0 && !r->force) {
				problem(err, _("student '%s' is not active%s "
				    "(expected an active child; --force logs "
				    "it)"), out[LC_STUDENT_ID], "");
				nprob++;
			}
		}
	}

	if (*out[LC_STAFF_ID] != '\0' && r->staff != NULL) {
		st = strmap_get(r->staff, out[LC_STAFF_ID]);
		if (st < 0) {
			problem(err, _("unknown staff '%s'%s (expected one in "
			    "the staff list)"), out[LC_STAFF_ID], "");
			nprob++;
		} else if (st == 0) {
			problem(err, _("staff '%s' is not active%s"),
			    out[LC_STAFF_ID], "");
			nprob++;
		}
	}
	return nprob;
}

void
actlog_batch_init(struct actlog_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void
actlog_batch_add(struct actlog_batch *b, char **v, long line)
{
	size_t oldcap = b->cap;

	XGROW(b->line, b->n + 1, b->cap);
	if (b->cap != oldcap)
		b->v = xreallocarray(b->v, b->cap, LC_COUNT * sizeof(*b->v));
	memcpy(b->v + b->n * LC_COUNT, v, LC_COUNT * sizeof(*v));
	b->line[b->n++] = line;
}

void
actlog_batch_release(struct actlog_batch *b)
{
	size_t i;

	for (i = 0; i < b->n * LC_COUNT; i++)
		free(b->v[i]);
	free(b->v);
	free(b->line);
	actlog_batch_init(b);
}

/*
 * The identity of a row for duplicate checks: its fields joined by US,
 * trimmed, the date as a day and the kind by its name (谈心 is talk).
 */
static void
row_key(struct sbuf *sb, const struct policy *p, const char *const *v)
{
	char buf[DATE_ISO_LEN];
	const char *t;
	date_t d;
	size_t i, n;
	int k;

	sbuf_reset(sb);
	for (i = 0; i < LC_COUNT; i++) {
		if (i > 0)
			sbuf_addc(sb, 0x1f);
		t = text_trim(v[i] != NULL ? v[i] : "", &n);
		if (i == LC_DATE && log_date(v[i], &d) == 0)
			sbuf_adds(sb, date_format(d, buf));
		else if (i == LC_KIND && (k = policy_kind(p, t, n)) >= 0)
			sbuf_adds(sb, p->contacts[k].kind);
		else
			sbuf_add(sb, t, n);
	}
}

static void
where_of(struct sbuf *sb, const char *src, long line)
{
	sbuf_reset(sb);
	if (line > 0)
		sbuf_printf(sb, "%s:%ld", src, line);
	else
		sbuf_adds(sb, src);
}

/*
 * Put the batch's row keys into keys; report rows repeating an earlier
 * one of the batch (unless ACTLOG_FORCE) and return how many.
 */
static long
batch_dups(const struct actlog_batch *b, const struct policy *p,
    const char *src, int flags, struct strmap *keys)
{
	struct sbuf sb = SBUF_INIT, at = SBUF_INIT;
	long first, dups = 0;
	size_t i;

	sbuf_init(&sb);
	sbuf_init(&at);
	for (i = 0; i < b->n; i++) {
		row_key(&sb, p, (const char *const *)b->v + i * LC_COUNT);
		first = strmap_put(keys, sb.buf, (long)i);
		if (first == (long)i || (flags & ACTLOG_FORCE))
			continue;
		where_of(&at, src, b->line[i]);
		/* TRANSLATORS: the first %s is "file:line", kept first. */
		diag_error(NULL, 0, 0, _("%s: duplicate row '%s,%s,%s' (the "
		    "same as row %ld of the input; --force logs it twice)"),
		    at.buf,
		    b->v[i * LC_COUNT], b->v[i * LC_COUNT + 1],
		    b->v[i * LC_COUNT + 2], first + 1);
		dups++;
	}
	sbuf_release(&sb);
	sbuf_release(&at);
	return dups;
}

/*
 * Stream the existing log: map its columns (cols[c] = canonical index or
 * -1) and look for rows of the batch it already holds.  Returns the
 * number of duplicates, or -1 after a message.
 */
static long
scan_log(const char *path, const struct policy *p,
    const struct actlog_batch *b, const char *src, int flags,
    int **cols, size_t *ncols, int *code)
{
	struct actlog_reader *rd;
	struct actlog_row row;
	struct strmap *keys = strmap_new(), *ids = strmap_new();
	struct sbuf sb = SBUF_INIT, at = SBUF_INIT, id = SBUF_INIT;
	const char *v[LC_COUNT];
	int rc, c;
	long dups = -1, first;
	size_t j;

	sbuf_init(&sb);
	sbuf_init(&at);
	sbuf_init(&id);
	if ((rd = actlog_open(path, p, NULL, cols, ncols, code)) == NULL)
		goto done;
	dups = batch_dups(b, p, src, flags, keys);
	for (j = 0; j < b->n; j++)
		strmap_put(ids, b->v[j * LC_COUNT + LC_STUDENT_ID], 1);
	/*
	 * Read to the end even with ACTLOG_FORCE: rows appended after a
	 * broken record (an open quote) would be swallowed by it.
	 */
	while ((rc = actlog_next(rd, &row)) == 1) {
		if (flags & ACTLOG_FORCE)
			continue;
		/* The id as written when it needs no trimming (most). */
		if (row.id[row.idlen] != '\0') {
			sbuf_reset(&id);
			sbuf_add(&id, row.id, row.idlen);
		}
		/*
		 * A row can repeat one of the batch only with the same
		 * student id, as long as no field holds the key's separator:
		 * most rows need no key.
		 */
		for (c = 0; c < LC_COUNT; c++)
			v[c] = "";
		for (c = 0; c < (int)*ncols; c++)
			if ((*cols)[c] >= 0)
				v[(*cols)[c]] = row.raw->v[c];
		if (strmap_get(ids, row.id[row.idlen] != '\0' ? id.buf :
		    row.id) < 0) {
			for (c = 0; c < LC_COUNT; c++)
				if (strchr(v[c], 0x1f) != NULL)
					break;
			if (c == LC_COUNT)
				continue;
		}
		row_key(&sb, p, v);
		if ((first = strmap_get(keys, sb.buf)) < 0 || first == LONG_MAX)
			continue;
		j = (size_t)first;
		where_of(&at, src, b->line[j]);
		/* TRANSLATORS: the first %s is "file:line", kept first. */
		diag_error(NULL, 0, 0, _("%s: duplicate row '%s,%s,%s' "
		    "(already in %s:%ld; --force logs it twice)"), at.buf,
		    b->v[j * LC_COUNT],
		    b->v[j * LC_COUNT + 1], b->v[j * LC_COUNT + 2], path,
		    row.line);
		dups++;
		/* Report each batch row once. */
		strmap_set(keys, sb.buf, LONG_MAX);
	}
	if (rc < 0) {
		*code = actlog_code(rd);
		dups = -1;
	}
done:
	actlog_close(rd);
	strmap_free(keys);
	strmap_free(ids);
	sbuf_release(&sb);
	sbuf_release(&at);
	sbuf_release(&id);
	if (dups < 0) {
		free(*cols);
		*cols = NULL;
	}
	return dups;
}

/* The batch as CSV text, in the log's column order (header first if asked). */
static char *
render(const struct actlog_batch *b, const int *cols, size_t ncols,
    int header, size_t *len)
{
	struct csvio_writer *w;
	char *buf = NULL, **vals;
	size_t i, c, sz = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &sz)) == NULL)
		diag_die(LB_OSERR, _("cannot buffer the log rows: %s"),
		    strerror(errno));
	w = csvio_writer_new(f, 0);
	vals = xcalloc(ncols ? ncols : 1, sizeof(*vals));
	if (header) {
		for (c = 0; c < ncols; c++)
			vals[c] = (char *)schema_col_name(FK_LOG, (size_t)cols[c]);
		csvio_write_row(w, ncols, vals);
	}
	for (i = 0; i < b->n; i++) {
		for (c = 0; c < ncols; c++)
			vals[c] = cols[c] >= 0 ?
			    b->v[i * LC_COUNT + (size_t)cols[c]] : "";
		csvio_write_row(w, ncols, vals);
	}
	csvio_writer_free(w);
	free(vals);
	if (fclose(f) != 0)
		diag_die(LB_OSERR, _("cannot buffer the log rows: %s"),
		    strerror(errno));
	*len = sz;
	return buf;
}

/* Create the log with its header and the rows, atomically. */
static int
create_log(const char *path, const struct actlog_batch *b, int *code)
{
	static const int canon[LC_COUNT] = { 0, 1, 2, 3, 4 };
	struct ofile *of;
	size_t len;
	char *text;

	if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL) {
		*code = LB_CANTCREAT;
		return -1;
	}
	text = render(b, canon, LC_COUNT, 1, &len);
	fwrite(text, 1, len, ofile_stream(of));
	free(text);
	if (ofile_commit(of) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}

/*
 * Append by replacement: the log is copied into a temporary file beside
 * it, the rows added, and the copy renamed over the log (ofile).  One
 * write(2) to an O_APPEND descriptor would be cheaper, but a process
 * killed during a write of more than a page leaves what was written so
 * far (Linux stops between pages for a fatal signal): half a row, maybe
 * half a character, and a log nothing reads any more.  This way the log
 * is the old one or the new one whatever the moment of a kill or power
 * cut.  The copy is streamed; it costs about what the scan for
 * duplicates does.
 */
static int
append_rows(const char *path, const char *text, size_t len, int *code)
{
	struct ofile *of;
	FILE *out;
	char buf[65536], last = '\n';
	ssize_t got;
	int fd, err;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
		    strerror(errno));
		*code = LB_NOINPUT;
		return -1;
	}
	if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL) {
		close(fd);
		*code = LB_CANTCREAT;
		return -1;
	}
	out = ofile_stream(of);
	while ((got = read(fd, buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = errno;
			close(fd);
			ofile_abort(of);
			diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
			    strerror(err));
			*code = LB_IOERR;
			return -1;
		}
		fwrite(buf, 1, (size_t)got, out);
		last = buf[got - 1];
	}
	close(fd);
	/* A last line without its newline (an editor's doing) is closed first. */
	if (last != '\n')
		putc('\n', out);
	fwrite(text, 1, len, out);
	if (ofile_commit(of) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}

int
actlog_append(const char *path, const struct policy *p,
    const struct actlog_batch *b, const char *src, int flags, long wait_ms,
    int *code)
{
	struct stat st;
	int lock, *cols = NULL, ret = -1;
	size_t ncols = 0, len;
	long dups;
	char *text;

	if ((lock = ofile_lock(path, wait_ms, code)) < 0)
		return -1;
	if (csvio_workbook(path)) {
		/* Lines of CSV after a zip would ruin the workbook. */
		diag_error(NULL, 0, 0, _("'%s' is a workbook (expected a CSV "
		    "log: lb-log appends lines of text; save the sheet as CSV "
		    "and name that)"), path);
		*code = LB_DATAERR;
		goto done;
	}
	if (stat(path, &st) != 0 || st.st_size == 0) {
		if (stat(path, &st) != 0 && errno != ENOENT) {
			diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
			    strerror(errno));
			*code = LB_NOINPUT;
			goto done;
		}
		/* Duplicates inside the batch are still refused. */
		struct strmap *keys = strmap_new();

		dups = batch_dups(b, p, src, flags, keys);
		strmap_free(keys);
		if (dups > 0) {
			*code = LB_DATAERR;
			goto done;
		}
		ret = create_log(path, b, code);
		goto done;
	}
	dups = scan_log(path, p, b, src, flags, &cols, &ncols, code);
	if (dups < 0)
		goto done;
	if (dups > 0) {
		*code = LB_DATAERR;
		goto done;
	}
	/* Blank lines and no header: a log not begun, begun afresh. */
	if (ncols == 0) {
		ret = create_log(path, b, code);
		goto done;
	}
	text = render(b, cols, ncols, 0, &len);
	ret = append_rows(path, text, len, code);
	free(text);
done:
	free(cols);
	ofile_unlock(lock);
	return ret;
}
