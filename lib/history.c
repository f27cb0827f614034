/* history.c: the progress archive (进步档案): history.csv, appended with the roster. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "history.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "sbuf.h"
#include "xmem.h"

const char *const history_cols[HC_COUNT] = {
	"date", "student_id", "field", "old", "new", "source"
};

void
history_batch_init(struct history_batch *b)
{
	memset(b, 0, sizeof(*b));
}

void
history_batch_add(struct history_batch *b, date_t day, const char *id,
    const char *field, const char *old, const char *new, const char *source)
{
	char buf[DATE_ISO_LEN];
	char **v;

	XGROW(b->v, (b->n + 1) * HC_COUNT, b->cap);
	v = b->v + b->n * HC_COUNT;
	v[HC_DATE] = xstrdup(date_format(day, buf));
	v[HC_STUDENT_ID] = xstrdup(id);
	v[HC_FIELD] = xstrdup(field);
	v[HC_OLD] = xstrdup(old);
	v[HC_NEW] = xstrdup(new);
	v[HC_SOURCE] = xstrdup(source);
	b->n++;
}

void
history_batch_release(struct history_batch *b)
{
	size_t i;

	for (i = 0; i < b->n * HC_COUNT; i++)
		free(b->v[i]);
	free(b->v);
	memset(b, 0, sizeof(*b));
}

/*
 * The journal.
 *
 * "<history>.journal" (beside the history's real file, as its lock is)
 * holds, while an append waits for its roster, two lines:
 *   lb-enroll history2 BEFORE AFTER INO RINO RSIZE RSEC RNSEC NINO ROSTER
 *   NEXT
 * the history (inode INO) going from BEFORE to AFTER bytes; the roster
 * file ROSTER (its real name) as it was: inode, size and time of last
 * change; and the new roster, written and on disk under its temporary
 * name NEXT (inode NINO), that is to be renamed over it.  So a roster
 * that still has the old identity was never replaced (the rows go), one
 * with inode NINO is the new one (they stay), and one that is neither
 * was replaced by another writer since: the rows go when NEXT is still
 * there (it never took its place), else they stay.  (The one-line form
 * "lb-enroll history ..." without NINO and NEXT is read too.)  The
 * journal is emptied when the append is settled either way.
 */
struct journal {
	intmax_t before, after;
	uintmax_t ino, rino, nino;
	intmax_t rsize, rsec;
	long rnsec;
	char *roster;		/* malloc'd */
	char *next;		/* malloc'd, or NULL */
};

/* Read the journal at jpath into j: 1, or 0 when empty, absent or unreadable. */
static int
journal_read(const char *jpath, struct journal *j)
{
	char buf[8192];
	ssize_t n;
	int fd, used = 0;

	memset(j, 0, sizeof(*j));
	if ((fd = open(jpath, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	if (sscanf(buf, "lb-enroll history2 %jd %jd %ju %ju %jd %jd %ld %ju "
	    "%n", &j->before, &j->after, &j->ino, &j->rino, &j->rsize,
	    &j->rsec, &j->rnsec, &j->nino, &used) == 8 && used > 0) {
		/* ROSTER, then NEXT on the second line. */
		char *nl = strchr(buf + used, '\n');

		if (nl == NULL)
			return 0;
		*nl = '\0';
		j->roster = xstrdup(buf + used);
		j->next = xstrdup(nl + 1);
		return 1;
	}
	used = 0;
	if (sscanf(buf, "lb-enroll history %jd %jd %ju %ju %jd %jd %ld %n",
	    &j->before, &j->after, &j->ino, &j->rino, &j->rsize, &j->rsec,
	    &j->rnsec, &used) < 7 || used == 0)
		return 0;
	j->roster = xstrdup(buf + used);
	return 1;
}

/* 1 when the roster the journal names is still the file it was. */
static int
roster_unchanged(const struct journal *j)
{
	struct stat st;

	return stat(j->roster, &st) == 0 && (uintmax_t)st.st_ino == j->rino &&
	    (intmax_t)st.st_size == j->rsize &&
	    (intmax_t)st.st_mtim.tv_sec == j->rsec &&
	    st.st_mtim.tv_nsec == j->rnsec;
}

/* 1 when path is the file of inode ino. */
static int
file_is(const char *path, uintmax_t ino)
{
	struct stat st;

	return stat(path, &st) == 0 && (uintmax_t)st.st_ino == ino;
}

/*
 * Whether the rows of an append the journal describes are not (or not
 * all) matched by a replaced roster: the history, of size size and inode
 * ino, holds more than before, and either not all of the append (cut
 * short), or all of it while the roster is the old one, or while another
 * writer's roster replaced the old one and the new one of the journal
 * never took its place (it is still there under its temporary name).
 */
static int
journal_disowns(const struct journal *j, uintmax_t ino, intmax_t size)
{
	if (ino != j->ino || size <= j->before || size > j->after)
		return 0;
	if (size < j->after || roster_unchanged(j))
		return 1;
	if (j->next == NULL || file_is(j->roster, j->nino))
		return 0;
	return file_is(j->next, j->nino);
}

/* Cut the history (fd) back to before bytes; 0, or -1 after a message. */
static int
cut_back(const char *path, int fd, intmax_t before)
{
	if (ftruncate(fd, (off_t)before) != 0 || fsync(fd) != 0) {
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Empty the journal: the append is settled. */
static void
journal_clear(const char *jpath)
{
	int fd;

	if ((fd = open(jpath, O_WRONLY | O_CLOEXEC)) >= 0) {
		(void)ftruncate(fd, 0);
		close(fd);
	}
}

struct history_txn {
	char *path;
	struct sbuf jpath;
	int lock, fd;
	off_t before;
	struct stat st;		/* the history's, before the append */
	char *text;		/* the rows to append (history_append()) */
	size_t len;
	struct journal j;	/* what the journal says (roster, sizes) */
	int appended;		/* rows written: history_end() has work */
};

/* Write all of buf[0..len) at fd's end; 0 or -1 with errno. */
static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t w;

	while (len > 0) {
		if ((w = write(fd, buf, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Put the journal line for an append of the history (st) from before to
 * after bytes, on disk before any row is.  0, or -1 after a message.
 */
static int
journal_write(struct history_txn *t, const struct stat *st, off_t after)
{
	struct sbuf line = SBUF_INIT;
	int jfd, made = 1, ret = -1;

	sbuf_init(&line);
	sbuf_printf(&line, "lb-enroll history2 %jd %jd %ju %ju %jd %jd %ld %ju "
	    "%s\n%s\n", (intmax_t)t->before, (intmax_t)after,
	    (uintmax_t)st->st_ino, t->j.rino, t->j.rsize, t->j.rsec,
	    t->j.rnsec, t->j.nino, t->j.roster, t->j.next);
	if ((jfd = open(t->jpath.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0 && errno == EEXIST) {
		made = 0;
		jfd = open(t->jpath.buf, O_WRONLY | O_CLOEXEC);
	}
	if (jfd < 0)
		goto done;
	if (made) {
		/* The history's group and mode, as its lock's. */
		(void)fchown(jfd, (uid_t)-1, st->st_gid);
		(void)fchmod(jfd, (st->st_mode & 0666) | 0600);
	}
	if (pwrite(jfd, line.buf, line.len, 0) != (ssize_t)line.len ||
	    ftruncate(jfd, (off_t)line.len) != 0 || fdatasync(jfd) != 0) {
		close(jfd);
		goto done;
	}
	close(jfd);
	if (made)
		(void)ofile_sync_dir(t->jpath.buf);
	ret = 0;
done:
	if (ret != 0)
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"),
		    t->jpath.buf, strerror(errno));
	sbuf_release(&line);
	return ret;
}

/* A new (or empty) history: its header alone, atomically, 0600. */
static int
create_history(const char *path, int *code)
{
	struct csvio_writer *w;
	struct ofile *of;

	if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL) {
		*code = LB_CANTCREAT;
		return -1;
	}
	w = csvio_writer_new(ofile_stream(of), 0);
	csvio_write_row(w, HC_COUNT, (char *const *)history_cols);
	csvio_writer_free(w);
	if (ofile_commit(of) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}

/*
 * Check that the file (fd) starts with lb's header, and find its line
 * end (CRLF when the header has one: a sheet saved by Excel) and whether
 * its last byte ends a line.  0, or -1 after a message.
 */
static int
check_file(const char *path, int fd, off_t size, const char **eol,
    int *closed, int *code)
{
	char buf[512], last;
	const char *p;
	struct sbuf want = SBUF_INIT;
	ssize_t n;
	size_t i, len;
	int ret = -1;

	if ((n = pread(fd, buf, sizeof(buf) - 1, 0)) < 0 ||
	    pread(fd, &last, 1, size - 1) != 1) {
		diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
		    strerror(errno));
		*code = LB_IOERR;
		return -1;
	}
	buf[n] = '\0';
	p = buf;
	if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	len = strcspn(p, "\r\n");
	*eol = p[len] == '\r' ? "\r\n" : "\n";
	*closed = last == '\n';
	sbuf_init(&want);
	for (i = 0; i < HC_COUNT; i++)
		sbuf_printf(&want, "%s%s", i > 0 ? "," : "", history_cols[i]);
	if (len != want.len || memcmp(p, want.buf, len) != 0) {
		diag_error(path, 1, 0, _("not a history file (expected the "
		    "header '%s')"), want.buf);
		*code = LB_DATAERR;
		goto done;
	}
	ret = 0;
done:
	sbuf_release(&want);
	return ret;
}

/* The batch as CSV lines, with line end eol. */
static char *
render_rows(const struct history_batch *b, const char *eol, size_t *len)
{
	struct csvio_writer *w;
	char *buf = NULL;
	size_t sz = 0, i;
	FILE *f;

	if ((f = open_memstream(&buf, &sz)) == NULL)
		diag_die(LB_OSERR, _("cannot buffer the history rows: %s"),
		    strerror(errno));
	w = csvio_writer_new(f, 0);
	for (i = 0; i < b->n; i++)
		csvio_write_row(w, HC_COUNT, b->v + i * HC_COUNT);
	csvio_writer_free(w);
	if (fclose(f) != 0)
		diag_die(LB_OSERR, _("cannot buffer the history rows: %s"),
		    strerror(errno));
	*len = sz;
	return strcmp(eol, "\n") == 0 ? buf : csvio_crlf(buf, len);
}

static void
txn_free(struct history_txn *t)
{
	if (t->fd >= 0)
		close(t->fd);
	if (t->lock >= 0)
		ofile_unlock(t->lock);
	sbuf_release(&t->jpath);
	free(t->j.roster);
	free(t->j.next);
	free(t->text);
	free(t->path);
	free(t);
}

/* Mend what a killed run left (see struct journal); 0 or -1. */
static int
repair(struct history_txn *t, int *code)
{
	struct journal j;
	struct stat st;
	int ret = 0;

	if (!journal_read(t->jpath.buf, &j))
		return 0;
	if (fstat(t->fd, &st) == 0 && journal_disowns(&j,
	    (uintmax_t)st.st_ino, (intmax_t)st.st_size)) {
		if (cut_back(t->path, t->fd, j.before) != 0) {
			*code = LB_IOERR;
			ret = -1;
		} else
			diag_warn(NULL, 0, 0, _("'%s': removed %jd bytes at "
			    "its end: changes of a run that was stopped "
			    "before its roster was written"), t->path,
			    (intmax_t)st.st_size - j.before);
	}
	if (ret == 0)
		journal_clear(t->jpath.buf);
	free(j.roster);
	free(j.next);
	return ret;
}

struct history_txn *
history_begin(const char *path, const char *roster,
    const struct history_batch *b, long wait_ms, int *code)
{
	struct history_txn *t = xcalloc(1, sizeof(*t));
	struct stat st, rst;
	const char *eol;
	char *text = NULL, *real;
	size_t len;
	int closed, missing;

	t->lock = t->fd = -1;
	t->path = xstrdup(path);
	ofile_journal_name(&t->jpath, path);
	if ((t->lock = ofile_lock(path, wait_ms, code)) < 0)
		goto fail;
	if (csvio_workbook(path)) {
		diag_error(NULL, 0, 0, _("'%s' is a workbook (expected the "
		    "history lb-enroll keeps, a CSV file)"), path);
		*code = LB_DATAERR;
		goto fail;
	}
	if ((missing = stat(path, &st) != 0) && errno != ENOENT) {
		diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
		    strerror(errno));
		*code = LB_NOINPUT;
		goto fail;
	}
	if (missing || (S_ISREG(st.st_mode) && st.st_size == 0)) {
		if (create_history(path, code) != 0)
			goto fail;
		/* The journal's name follows the real file, made now. */
		sbuf_release(&t->jpath);
		ofile_journal_name(&t->jpath, path);
	}
	if ((t->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)) < 0) {
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), path,
		    strerror(errno));
		*code = LB_CANTCREAT;
		goto fail;
	}
	if (repair(t, code) != 0)
		goto fail;
	if (fstat(t->fd, &st) != 0) {
		diag_error(NULL, 0, 0, _("cannot read '%s': %s"), path,
		    strerror(errno));
		*code = LB_IOERR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(NULL, 0, 0, _("'%s' is not a regular file (expected "
		    "the history, appended to)"), path);
		*code = LB_CANTCREAT;
		goto fail;
	}
	if (check_file(path, t->fd, st.st_size, &eol, &closed, code) != 0)
		goto fail;
	if (b->n == 0)
		return t;
	/* The roster as it is before it is replaced (see struct journal). */
	if (stat(roster, &rst) != 0 || (real = realpath(roster, NULL)) ==
	    NULL) {
		diag_error(NULL, 0, 0, _("cannot read '%s': %s"), roster,
		    strerror(errno));
		*code = LB_NOINPUT;
		goto fail;
	}
	t->j.roster = real;
	t->j.rino = (uintmax_t)rst.st_ino;
	t->j.rsize = (intmax_t)rst.st_size;
	t->j.rsec = (intmax_t)rst.st_mtim.tv_sec;
	t->j.rnsec = rst.st_mtim.tv_nsec;
	t->before = st.st_size;

	text = render_rows(b, eol, &len);
	if (!closed) {
		/* A last line an editor left open is closed first. */
		size_t elen = strlen(eol);

		text = xrealloc(text, len + elen);
		memmove(text + elen, text, len);
		memcpy(text, eol, elen);
		len += elen;
	}
	t->st = st;
	t->text = text;
	t->len = len;
	return t;
fail:
	free(text);
	txn_free(t);
	return NULL;
}

int
history_append(struct history_txn *t, const struct stat *next,
    const char *next_path, int *code)
{
	if (t == NULL || t->text == NULL)
		return 0;
	t->j.nino = (uintmax_t)next->st_ino;
	t->j.next = next_path != NULL ? realpath(next_path, NULL) : NULL;
	if (t->j.next == NULL)
		t->j.next = xstrdup(next_path != NULL ? next_path : "");
	if (journal_write(t, &t->st, t->st.st_size + (off_t)t->len) != 0) {
		*code = LB_CANTCREAT;
		return -1;
	}
	t->appended = 1;
	if (write_all(t->fd, t->text, t->len) != 0 || fsync(t->fd) != 0) {
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), t->path,
		    strerror(errno));
		*code = LB_IOERR;
		/* Nothing of it may stay: the roster is not written. */
		if (cut_back(t->path, t->fd, (intmax_t)t->before) == 0) {
			journal_clear(t->jpath.buf);
			t->appended = 0;
		}
		return -1;
	}
	return 0;
}

int
history_end(struct history_txn *t, int written)
{
	int ret = 0;

	if (t == NULL)
		return 0;
	/*
	 * Rows the roster did not get go: it was not replaced (a full disk,
	 * a folder made read-only).  A roster replaced whose folder could
	 * not be synced holds the changes: the rows stay.
	 */
	if (t->appended && !written && roster_unchanged(&t->j)) {
		if (cut_back(t->path, t->fd, (intmax_t)t->before) != 0)
			ret = -1;	/* the journal stays: the next run cuts */
		else
			journal_clear(t->jpath.buf);
	} else if (t->appended)
		journal_clear(t->jpath.buf);
	txn_free(t);
	return ret;
}

/* Reading. */

/*
 * The number of lines in the first `before` bytes of the file at path
 * (the records there end by line `last`), or 0 when it cannot be read.
 */
static long
lines_before(const char *path, intmax_t before)
{
	char buf[65536];
	intmax_t left = before;
	size_t n, i;
	long lines = 0;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	while (left > 0 && (n = fread(buf, 1, left < (intmax_t)sizeof(buf) ?
	    (size_t)left : sizeof(buf), f)) > 0) {
		for (i = 0; i < n; i++)
			lines += buf[i] == '\n';
		left -= (intmax_t)n;
	}
	fclose(f);
	return left == 0 ? lines : 0;
}

int
history_scan(const char *path, const struct csvio_opts *opts,
    int (*fn)(void *arg, const struct history_row *row), void *arg,
    int *code)
{
	struct csvio_opts o = { .encoding = NULL };
	struct csvio_reader *rd;
	const struct csvio_row *hdr, *row;
	struct history_row hr;
	struct journal j;
	struct sbuf jpath = SBUF_INIT;
	struct stat st;
	int col[HC_COUNT], i, n, ret = 0;
	long last = 0;
	size_t c;

	if (opts != NULL)
		o = *opts;
	o.column = NULL;
	o.empty_ok = 1;
	if ((rd = csvio_open(path, &o, code)) == NULL)
		return -1;
	/*
	 * An append whose roster was never written (a run killed between
	 * the two): its rows are read as the next lb-enroll will leave the
	 * file, without them, those starting past the journal's size.
	 */
	ofile_journal_name(&jpath, path);
	if (journal_read(jpath.buf, &j)) {
		if (stat(path, &st) == 0 && journal_disowns(&j,
		    (uintmax_t)st.st_ino, (intmax_t)st.st_size) &&
		    (last = lines_before(path, j.before)) > 0)
			diag_warn(NULL, 0, 0, _("'%s': the changes after line "
			    "%ld are of an lb-enroll run stopped before its "
			    "roster was written: left out (the next lb-enroll "
			    "--history removes them)"), path, last);
		free(j.roster);
	}
	sbuf_release(&jpath);
	hdr = csvio_header(rd);
	for (i = 0; i < HC_COUNT; i++)
		col[i] = -1;
	for (c = 0; c < hdr->n; c++)
		for (i = 0; i < HC_COUNT; i++)
			if (strcmp(hdr->v[c], history_cols[i]) == 0)
				col[i] = (int)c;
	if (hdr->n > 0)
		for (i = 0; i < HC_SOURCE; i++)
			if (col[i] < 0) {
				diag_error(csvio_name(rd), 1, 0, _("no column "
				    "'%s' (expected the history's header: "
				    "date,student_id,field,old,new,source)"),
				    history_cols[i]);
				*code = LB_DATAERR;
				ret = -1;
				goto done;
			}
	while ((n = csvio_next(rd, &row)) == 1) {
		if (last > 0 && row->line > last)
			break;
		hr.line = row->line;
		hr.id = row->v[col[HC_STUDENT_ID]];
		hr.field = row->v[col[HC_FIELD]];
		hr.old = row->v[col[HC_OLD]];
		hr.new = row->v[col[HC_NEW]];
		hr.source = col[HC_SOURCE] >= 0 ? row->v[col[HC_SOURCE]] : "";
		if (date_parse(row->v[col[HC_DATE]], &hr.day) != 0 ||
		    hr.day == DATE_NONE) {
			diag_error(csvio_name(rd), row->line, 0, _("bad date "
			    "'%s' (expected YYYY-MM-DD)"),
			    row->v[col[HC_DATE]]);
			*code = LB_DATAERR;
			ret = -1;
			goto done;
		}
		if (*hr.id == '\0' || *hr.field == '\0') {
			diag_error(csvio_name(rd), row->line, 0, _("empty "
			    "student_id or field (expected the child and the "
			    "column that changed)"));
			*code = LB_DATAERR;
			ret = -1;
			goto done;
		}
		if ((ret = fn(arg, &hr)) != 0)
			goto done;
	}
	if (n < 0) {
		*code = csvio_code(rd);
		ret = -1;
	}
done:
	csvio_close(rd);
	return ret;
}

char *
history_path(const struct policy *p, const char *given, const char *roster)
{
	struct sbuf sb = SBUF_INIT;
	const char *slash;

	if (given != NULL)
		return xstrdup(given);
	if (p->history_file == NULL || *p->history_file == '\0' ||
	    roster == NULL)
		return NULL;
	if (p->history_file[0] == '/' || (slash = strrchr(roster, '/')) ==
	    NULL)
		return xstrdup(p->history_file);
	sbuf_init(&sb);
	sbuf_printf(&sb, "%.*s/%s", (int)(slash - roster), roster,
	    p->history_file);
	return sbuf_detach(&sb);
}
