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
		} else if ((i == LC_STUDENT_ID || i == LC_STAFF_ID) &&
		    text_has_control(out[i], strlen(out[i]))) {
			/* Shown in every message and list: none to obey. */
			problem(err, _("%s holds a control character%s "
			    "(expected text)"), schema_col_name(FK_LOG, i), "");
			nprob++;
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
 * Appending in place.
 *
 * An append is one write(2) of the new lines to the log opened with
 * O_APPEND, then fsync(2): it costs the rows, not the log.  (Until issue
 * 19 the log was copied into a temporary file with the rows added and
 * renamed over it: 0.34 s and the log's size in free disk for one row on
 * a county's 2,000,000-row log.)  What the copy gave for free is kept so:
 * - a kill or power cut during the write may leave part of the batch
 *   (Linux stops a write between pages for SIGKILL).  Before writing,
 *   "<log>.journal" gets the log's size before and after the append, and
 *   is fsync'd; it is emptied once the rows are on disk.  The next append
 *   cuts a log whose size lies between the two back to the first: those
 *   bytes were never acknowledged (exit 0 comes after the fsync), so "all
 *   rows or none" holds once an append has run again;
 * - the log's end is checked before anything is written: it must end
 *   with a line end and its last records must read as CSV with the
 *   header's number of fields; anything else (a last line an editor left
 *   open, an open quote, a stray quote) has the log read whole by csvio
 *   as before, which closes an open last line or refuses a broken record
 *   with its line;
 * - duplicates are looked for in the log's end only: see tail_scan().
 * A log under TAIL_MIN bytes (a school's) is read whole, as before.
 */
#define TAIL_MIN	(1L << 20)	/* a smaller log is read whole */
#define TAIL_CHUNK	(256L << 10)	/* read backwards this much at a time */
#define TAIL_FLOOR	(256L << 10)	/* the header, title rows: read whole */
#define TAIL_MAXREC	(16L << 20)	/* no record of a log is this long */
#define DUP_SLACK_DAYS	7
#define DUP_RUN		1000

/*
 * Undo the part of an append that a kill or a power cut stopped: the
 * journal says the log (that inode) had `before` bytes and was getting
 * `after`; a log whose size lies strictly between holds part of a batch
 * nobody was told was appended, and is cut back to `before`.  A log of
 * any other size was finished, or changed since by someone else: left
 * alone.  Returns 0, or -1 after a message (LB_IOERR).
 */
static int
journal_repair(const char *path, const char *jpath, int fd, int *code)
{
	char buf[128];
	intmax_t before, after;
	uintmax_t ino;
	struct stat st;
	ssize_t n;
	int jfd;

	if ((jfd = open(jpath, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;	/* none yet: no append has begun here */
	n = read(jfd, buf, sizeof(buf) - 1);
	close(jfd);
	if (n <= 0)
		return 0;	/* emptied: the last append was finished */
	buf[n] = '\0';
	if (sscanf(buf, "lb-log append %jd %jd %ju", &before, &after,
	    &ino) != 3 || fstat(fd, &st) != 0 ||
	    (uintmax_t)st.st_ino != ino || st.st_size <= before ||
	    st.st_size >= after)
		return 0;
	if (ftruncate(fd, (off_t)before) != 0 || fsync(fd) != 0) {
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), path,
		    strerror(errno));
		*code = LB_IOERR;
		return -1;
	}
	diag_warn(NULL, 0, 0, _("'%s': removed %jd bytes at its end: part "
	    "of an append that was cut short (never acknowledged)"), path,
	    (intmax_t)st.st_size - before);
	return 0;
}

/*
 * Say in the journal that the log (ino) goes from before to after bytes,
 * on disk before the first byte of the rows is.  Returns its descriptor
 * for journal_end(), or -1 after a message (LB_CANTCREAT).
 */
static int
journal_begin(const char *jpath, off_t before, off_t after,
    const struct stat *log, int *code)
{
	char line[128];
	int jfd, made = 1, len, err;
	ino_t ino = log->st_ino;

	if ((jfd = open(jpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0 && errno == EEXIST) {
		made = 0;
		jfd = open(jpath, O_WRONLY | O_CLOEXEC);
	}
	if (jfd < 0)
		goto fail;
	/* The log's group and mode, as its lock: every writer of a log
	 * shared by a group must open it.  Failing that, owner only. */
	if (made) {
		(void)fchown(jfd, (uid_t)-1, log->st_gid);
		(void)fchmod(jfd, (log->st_mode & 0666) | 0600);
	}
	len = snprintf(line, sizeof(line), "lb-log append %jd %jd %ju\n",
	    (intmax_t)before, (intmax_t)after, (uintmax_t)ino);
	if (pwrite(jfd, line, (size_t)len, 0) != len ||
	    ftruncate(jfd, len) != 0 || fdatasync(jfd) != 0)
		goto fail;
	if (made)
		(void)ofile_sync_dir(jpath);
	return jfd;
fail:
	err = errno;
	if (jfd >= 0)
		close(jfd);
	diag_error(NULL, 0, 0, _("cannot write '%s': %s"), jpath,
	    strerror(err));
	*code = LB_CANTCREAT;
	return -1;
}

/*
 * The append is on disk: empty the journal.  Not fsync'd: a journal a
 * power cut brings back names a size the log has (or had before a later
 * append), and journal_repair() leaves such a log alone.
 */
static void
journal_end(int jfd)
{
	(void)ftruncate(jfd, 0);
	close(jfd);
}

/* pread all n bytes at off; 0, or -1 with errno (EIO for a short read). */
static int
read_at(int fd, char *buf, size_t n, off_t off)
{
	ssize_t got;

	while (n > 0) {
		if ((got = pread(fd, buf, n, off)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0) {
			errno = EIO;
			return -1;
		}
		buf += got;
		n -= (size_t)got;
		off += got;
	}
	return 0;
}

/* A duplicate found in the log's end: where, and which row of the batch. */
struct found {
	off_t off;
	size_t row;
};

static int
found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * The lines (counted from 1) at the byte offsets of f[0..n), sorted, into
 * line[]: for the messages of duplicates found in the log's end, on the
 * error path (it reads the log up to the last of them).  0 when the log
 * cannot be read.
 */
static void
lines_at(int fd, const struct found *f, size_t n, long *line)
{
	char buf[65536];
	const char *s, *e;
	long nl = 1;
	off_t at = 0;
	size_t k = 0, len;

	while (k < n) {
		if (at == f[k].off) {
			line[k++] = nl;
			continue;
		}
		len = f[k].off - at < (off_t)sizeof(buf) ?
		    (size_t)(f[k].off - at) : sizeof(buf);
		if (read_at(fd, buf, len, at) != 0) {
			for (; k < n; k++)
				line[k] = 0;
			return;
		}
		for (s = buf, e = buf + len; (s = memchr(s, '\n',
		    (size_t)(e - s))) != NULL; s++)
			nl++;
		at += (off_t)len;
	}
}

/*
 * One record of buf[*pos..end), read as lb's reader reads CSV (RFC 4180,
 * strictly: a quote opens a field or is doubled inside one; CRLF or LF
 * ends a record), its fields unquoted into rec, NUL-terminated, starting
 * at at[0..]; at most max fields.  Returns the number of fields, 0 for a
 * blank line, or -1 for what is not plainly a record there: a stray
 * quote, a lone CR, a NUL, too many fields, no line end before end.
 */
static long
parse_record(const char *buf, size_t end, size_t *pos, struct sbuf *rec,
    size_t *at, size_t max)
{
	const char *q;
	size_t i = *pos, j, nf = 0;

	sbuf_reset(rec);
	if (i < end && buf[i] == '\n') {
		*pos = i + 1;
		return 0;
	}
	if (i + 1 < end && buf[i] == '\r' && buf[i + 1] == '\n') {
		*pos = i + 2;
		return 0;
	}
	for (;;) {
		if (nf == max)
			return -1;
		at[nf++] = rec->len;
		if (i < end && buf[i] == '"') {
			/* Runs between quotes copied whole: a note's text. */
			for (i++;; i = j + 2) {
				if ((q = memchr(buf + i, '"', end - i)) == NULL)
					return -1;
				j = (size_t)(q - buf);
				if (memchr(buf + i, '\0', j - i) != NULL)
					return -1;
				sbuf_add(rec, buf + i, j - i);
				if (j + 1 >= end || buf[j + 1] != '"')
					break;
				sbuf_addc(rec, '"');
			}
			i = j + 1;
			if (i >= end || (buf[i] != ',' && buf[i] != '\n' &&
			    buf[i] != '\r'))
				return -1;
		} else {
			for (j = i; j < end && buf[j] != ',' && buf[j] != '\n' &&
			    buf[j] != '\r' && buf[j] != '"' && buf[j] != '\0'; j++)
				continue;
			if (j >= end || buf[j] == '"' || buf[j] == '\0')
				return -1;
			sbuf_add(rec, buf + i, j - i);
			i = j;
		}
		sbuf_addc(rec, '\0');
		if (buf[i] == ',') {
			i++;
			continue;
		}
		if (buf[i] == '\r' && (i + 1 >= end || buf[i + 1] != '\n'))
			return -1;
		*pos = i + (buf[i] == '\r' ? 2 : 1);
		return (long)nf;
	}
}

/*
 * Look for rows of the batch in the end of a log of size bytes (ending
 * with a line end, at least TAIL_MIN long), reading it backwards in
 * chunks.  A record boundary in a chunk is a line end after which the
 * chunk holds an even number of quotes up to a boundary already known
 * (the log's end to begin with): exact for CSV whose end is outside any
 * quote.  The log is nearly in date order (a row is appended on its day
 * or not long after), so a row repeating one of the batch, dated D, lies
 * after the rows logged before D: the scan stops once DUP_RUN records in
 * a row are dated more than DUP_SLACK_DAYS before the batch's earliest
 * date.  It misses a duplicate only when such a run was appended after
 * it: a block of old records imported since (lb-log(1) says so).  With
 * ACTLOG_FORCE only the last chunk is read, to check the log's end.
 * Returns the number of duplicates (each reported), -1 after a message,
 * or -2 when the end does not read plainly (or the scan would reach the
 * header): then the caller reads the log whole.
 */
static long
tail_scan(int fd, off_t size, const char *path, const struct policy *p,
    const struct actlog_batch *b, const char *src, int flags,
    const int *cols, size_t ncols, int *code)
{
	struct strmap *keys = strmap_new(), *ids = strmap_new();
	struct sbuf rec = SBUF_INIT, key = SBUF_INIT, at = SBUF_INIT,
	    id = SBUF_INIT;
	struct seen sn;
	struct found *found = NULL;
	const char *v[LC_COUNT], *t, *qp;
	char *win = NULL;
	size_t *fld = xcalloc(ncols + 1, sizeof(*fld));
	size_t wlen = 0, wcap = 0, n, i, sync, pos, start, tlen;
	size_t nfound = 0, fcap = 0;
	off_t lo = size;	/* win holds the log's bytes [lo, lo + wlen) */
	long dups = 0, nf, q, m, lead, cur, maxrun, carry = 0, first, *line;
	int old, allold, c, done = 0;
	date_t cutoff = DATE_NONE, d;

	memset(&sn, 0, sizeof(sn));
	sbuf_init(&rec);
	sbuf_init(&key);
	sbuf_init(&at);
	sbuf_init(&id);
	for (i = 0; i < b->n; i++) {
		strmap_put(ids, b->v[i * LC_COUNT + LC_STUDENT_ID], 1);
		if (date_parse(b->v[i * LC_COUNT + LC_DATE], &d) == 0 &&
		    (cutoff == DATE_NONE || d < cutoff))
			cutoff = d;
	}
	if (cutoff != DATE_NONE)
		cutoff -= DUP_SLACK_DAYS;
	/*
	 * Nothing is said until the scan is through: one that falls back
	 * to reading the log whole would say it all again.
	 */
	for (i = 0; i < b->n; i++) {
		row_key(&key, p, (const char *const *)b->v + i * LC_COUNT);
		(void)strmap_put(keys, key.buf, (long)i);
	}
	while (!done) {
		/* The chunk before the window, read in front of it. */
		if (lo - TAIL_CHUNK < TAIL_FLOOR || wlen > TAIL_MAXREC) {
			dups = -2;
			break;
		}
		n = (size_t)TAIL_CHUNK;
		XGROW(win, wlen + n, wcap);
		memmove(win + n, win, wlen);
		if (read_at(fd, win, n, lo - (off_t)n) != 0) {
			diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
			    strerror(errno));
			*code = LB_IOERR;
			dups = -1;
			break;
		}
		lo -= (off_t)n;
		wlen += n;
		/* The first line end with an even number of quotes after it. */
		for (q = 0, qp = win; (qp = memchr(qp, '"', (size_t)(win +
		    wlen - qp))) != NULL; qp++)
			q++;
		for (sync = wlen, i = 0; i < wlen; i++) {
			if (win[i] == '\n' && q % 2 == 0) {
				sync = i + 1;
				break;
			}
			q -= win[i] == '"';
		}
		if (sync == wlen)
			continue;	/* one record longer than the window */
		/* Its records in order, each checked; runs of old ones counted. */
		m = lead = cur = maxrun = 0;
		allold = 1;
		for (pos = sync; pos < wlen;) {
			start = pos;
			if ((nf = parse_record(win, wlen, &pos, &rec, fld,
			    ncols)) < 0 || (nf > 0 && (size_t)nf != ncols) ||
			    !csvio_valid_utf8(rec.buf, rec.len)) {
				dups = -2;
				goto out;
			}
			if (nf == 0)
				continue;
			for (c = 0; c < LC_COUNT; c++)
				v[c] = "";
			for (i = 0; i < ncols; i++)
				if (cols[i] >= 0)
					v[cols[i]] = rec.buf + fld[i];
			d = seen_date(&sn, v[LC_DATE], strlen(v[LC_DATE]));
			old = d != DATE_NONE && cutoff != DATE_NONE && d < cutoff;
			m++;
			if (old) {
				cur++;
				if (allold)
					lead++;
				if (cur > maxrun)
					maxrun = cur;
			} else {
				cur = 0;
				allold = 0;
			}
			if (flags & ACTLOG_FORCE)
				continue;
			/* As scan_log(): only a row of a batch's student can repeat it. */
			t = text_trim(v[LC_STUDENT_ID], &tlen);
			sbuf_reset(&id);
			sbuf_add(&id, t, tlen);
			if (strmap_get(ids, id.buf) < 0) {
				for (c = 0; c < LC_COUNT; c++)
					if (strchr(v[c], 0x1f) != NULL)
						break;
				if (c == LC_COUNT)
					continue;
			}
			row_key(&key, p, v);
			if ((first = strmap_get(keys, key.buf)) < 0 ||
			    first == LONG_MAX)
				continue;
			XGROW(found, nfound + 1, fcap);
			found[nfound].off = lo + (off_t)start;
			found[nfound++].row = (size_t)first;
			/* Report each batch row once. */
			strmap_set(keys, key.buf, LONG_MAX);
		}
		/* What comes before the boundary waits for the next chunk. */
		wlen = sync;
		done = (flags & ACTLOG_FORCE) || cutoff == DATE_NONE ||
		    maxrun >= DUP_RUN || cur + carry >= DUP_RUN;
		carry = allold ? carry + m : lead;
	}
	if (dups == 0) {
		/* As scan_log(): the batch's own repeats, then the log's. */
		strmap_free(keys);
		keys = strmap_new();
		dups = batch_dups(b, p, src, flags, keys);
		if (nfound > 1)
			qsort(found, nfound, sizeof(*found), found_cmp);
		line = xcalloc(nfound + 1, sizeof(*line));
		lines_at(fd, found, nfound, line);
		for (n = 0; n < nfound; n++) {
			i = found[n].row;
			where_of(&at, src, b->line[i]);
			/* TRANSLATORS: the first %s is "file:line", kept first. */
			diag_error(NULL, 0, 0, _("%s: duplicate row '%s,%s,%s' "
			    "(already in %s:%ld; --force logs it twice)"),
			    at.buf, b->v[i * LC_COUNT],
			    b->v[i * LC_COUNT + 1], b->v[i * LC_COUNT + 2],
			    path, line[n]);
		}
		dups += (long)nfound;
		free(line);
	}
out:
	free(found);
	free(win);
	free(fld);
	strmap_free(keys);
	strmap_free(ids);
	sbuf_release(&rec);
	sbuf_release(&key);
	sbuf_release(&at);
	sbuf_release(&id);
	return dups;
}

/*
 * The log's line end: "\r\n" when its last line (or, when that is not
 * closed, the one before) ends so, else "\n"; *closed = 0 when its last
 * byte is no line end.  -1 with errno on a read error.
 */
static int
line_end(int fd, off_t size, const char **eol, int *closed)
{
	char buf[65536];
	size_t n = size < (off_t)sizeof(buf) ? (size_t)size : sizeof(buf), i;

	*eol = "\n";
	*closed = 1;
	if (n == 0)
		return 0;
	if (read_at(fd, buf, n, size - (off_t)n) != 0)
		return -1;
	*closed = buf[n - 1] == '\n';
	for (i = n; i > 0 && buf[i - 1] != '\n'; i--)
		continue;
	if (i > 1 && buf[i - 2] == '\r')
		*eol = "\r\n";
	return 0;
}

/*
 * Write len bytes of text at the end of the log (fd: O_APPEND), with the
 * journal around it, and fsync.  A failed write or fsync cuts the log
 * back to its old size: nothing appended.  0, or -1 after a message.
 */
static int
append_rows(const char *path, int fd, const char *text, size_t len,
    int *code)
{
	struct sbuf jpath = SBUF_INIT;
	struct stat st;
	size_t done = 0;
	ssize_t w;
	int jfd = -1, err = 0, ret = -1;

	ofile_journal_name(&jpath, path);
	if (fstat(fd, &st) != 0) {
		err = errno;
		goto fail;
	}
	if ((jfd = journal_begin(jpath.buf, st.st_size, st.st_size +
	    (off_t)len, &st, code)) < 0)
		goto done;
	/* One write(2) of whole lines, unless the kernel takes less. */
	while (done < len) {
		if ((w = write(fd, text + done, len - done)) < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			goto fail;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0) {
		err = errno;
		goto fail;
	}
	ret = 0;
	goto done;
fail:
	/*
	 * Nothing of it may stay: it would be rows nobody was told of.  The
	 * journal stays as it is, so that what cannot be cut now (a disk
	 * gone read-only) is cut by the next run.
	 */
	if (done > 0 && ftruncate(fd, st.st_size) == 0)
		(void)fsync(fd);
	diag_error(NULL, 0, 0, _("cannot write '%s': %s"), path,
	    strerror(err));
	*code = LB_IOERR;
	if (jfd >= 0)
		close(jfd);
	jfd = -1;
done:
	if (jfd >= 0)
		journal_end(jfd);
	sbuf_release(&jpath);
	return ret;
}

/* The log's header mapped (actlog_open()), without reading its rows. */
static int
log_header(const char *path, const struct policy *p, int **cols,
    size_t *ncols, int *code)
{
	struct actlog_reader *rd;

	if ((rd = actlog_open(path, p, NULL, cols, ncols, code)) == NULL)
		return -1;
	actlog_close(rd);
	return 0;
}

int
actlog_append(const char *path, const struct policy *p,
    const struct actlog_batch *b, const char *src, int flags, long wait_ms,
    int *code)
{
	struct sbuf jpath = SBUF_INIT;
	struct stat st;
	const char *eol;
	int lock, fd = -1, closed, *cols = NULL, ret = -1;
	size_t ncols = 0, len, elen;
	long dups;
	char *text;

	if ((lock = ofile_lock(path, wait_ms, code)) < 0)
		return -1;
	ofile_journal_name(&jpath, path);
	if (csvio_workbook(path)) {
		/* Lines of CSV after a zip would ruin the workbook. */
		diag_error(NULL, 0, 0, _("'%s' is a workbook (expected a CSV "
		    "log: lb-log appends lines of text; save the sheet as CSV "
		    "and name that)"), path);
		*code = LB_DATAERR;
		goto done;
	}
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			goto create;
		diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
		    strerror(errno));
		*code = LB_NOINPUT;
		goto done;
	}
	/* Empty, or not a file (/dev/null): written whole, by ofile. */
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		goto create;
	if ((fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)) < 0) {
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), path,
		    strerror(errno));
		*code = errno == ENOENT ? LB_NOINPUT : LB_CANTCREAT;
		goto done;
	}
	if (journal_repair(path, jpath.buf, fd, code) != 0)
		goto done;
	if (fstat(fd, &st) != 0 || line_end(fd, st.st_size, &eol,
	    &closed) != 0) {
		diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
		    strerror(errno));
		*code = LB_IOERR;
		goto done;
	}
	dups = -2;
	if (st.st_size >= TAIL_MIN && closed) {
		if (log_header(path, p, &cols, &ncols, code) != 0)
			goto done;
		if (ncols > 0)
			dups = tail_scan(fd, st.st_size, path, p, b, src,
			    flags, cols, ncols, code);
		if (dups == -2) {
			free(cols);
			cols = NULL;
		}
	}
	/* Small, or not plainly ending: read whole, as lb-due would. */
	if (dups == -2)
		dups = scan_log(path, p, b, src, flags, &cols, &ncols, code);
	if (dups < 0)
		goto done;
	if (dups > 0) {
		*code = LB_DATAERR;
		goto done;
	}
	/* Blank lines and no header: a log not begun, begun afresh. */
	if (ncols == 0)
		goto create;
	text = render(b, cols, ncols, 0, &len);
	if (strcmp(eol, "\r\n") == 0)
		text = csvio_crlf(text, &len);
	/* A last line without its line end (an editor's doing) is closed. */
	if (!closed) {
		elen = strlen(eol);
		text = xrealloc(text, len + elen);
		memmove(text + elen, text, len);
		memcpy(text, eol, elen);
		len += elen;
	}
	ret = append_rows(path, fd, text, len, code);
	free(text);
	goto done;
create:
	{
		/* Duplicates inside the batch are still refused. */
		struct strmap *keys = strmap_new();

		dups = batch_dups(b, p, src, flags, keys);
		strmap_free(keys);
		if (dups > 0) {
			*code = LB_DATAERR;
			goto done;
		}
		ret = create_log(path, b, code);
	}
done:
	if (fd >= 0)
		close(fd);
	free(cols);
	sbuf_release(&jpath);
	ofile_unlock(lock);
	return ret;
}
