/* workbook.c: a sheet of an .xlsx (libzip, expat) or .xls (libfreexl) as text. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <freexl.h>
#include <zip.h>

#include "diag.h"
#include "i18n.h"
#include "sbuf.h"
#include "workbook.h"
#include "xmem.h"

/*
 * An .xlsx is a zip of XML parts.  Each part is inflated by libzip a
 * chunk at a time straight into expat's buffer, so no part is ever held
 * whole: what is kept is the shared strings, the styles' date flags and
 * the sheet's values, one NUL-terminated string after another in one
 * buffer, with (row, column, offset) for each.  The grid of pointers the
 * caller gets is made at the end, once the extent is known; a cell of a
 * shared string points into the shared strings, so a value repeated on
 * every row is kept once.
 */
#define CHUNK		(64u << 10)
/* A bigger part is not a school's sheet but a zip bomb or a mistake. */
#define PART_MAX	((zip_uint64_t)2 << 30)
/* An offset with this bit is into the shared strings, else into text. */
#define IN_SST		((uint64_t)1 << 63)
/*
 * The grid holds a pointer for every cell, empty or not: a value typed far
 * off the table (XFD1048576) would ask for billions.  Up to GRID_FREE
 * cells are always allowed; past that the grid must be at least a quarter
 * full; past GRID_MAX never.
 */
#define GRID_FREE	((uint64_t)1 << 24)
#define GRID_MAX	((uint64_t)1 << 28)

/* What the sheet's values are kept as until the grid is made. */
struct val {
	uint32_t row, col;
	uint64_t at;		/* in text, or IN_SST | offset in sst */
};

struct range {
	uint32_t r0, c0, r1, c1;
};

struct keep {
	struct sbuf text;	/* "" at offset 0, then the values */
	struct val *v;
	size_t nv, vcap;
	struct range *m;	/* merged ranges */
	size_t nm, mcap;
};

/* The caller's struct first, so that the sheet's pointer frees all. */
struct sheet {
	struct workbook_sheet pub;
	char *text;
	char *sst;
};

static void
damaged(const char *path, int *code)
{
	diag_error(path, 0, 0, _("cannot read the workbook: it is damaged or "
	    "protected by a password (save it again without a password)"));
	*code = LB_DATAERR;
}

static void
too_big(const char *path, int *code)
{
	diag_error(path, 0, 0, _("cannot read the sheet: it has more than "
	    "%d rows or %d columns (the file is damaged: save it again)"),
	    WORKBOOK_MAX_ROWS, WORKBOOK_MAX_COLS);
	*code = LB_DATAERR;
}

enum workbook_kind
workbook_sniff(const void *head, size_t n)
{
	static const unsigned char ole[8] = {
		0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1
	};

	if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
		return WORKBOOK_XLSX;
	if (n >= 8 && memcmp(head, ole, 8) == 0)
		return WORKBOOK_XLS;
	return WORKBOOK_NONE;
}

/* Keep s[0..len) as the value of the cell at (row, col); "" is not kept. */
static void
keep_text(struct keep *k, uint32_t row, uint32_t col, const char *s, size_t len)
{
	if (len == 0)
		return;
	XGROW(k->v, k->nv + 1, k->vcap);
	k->v[k->nv].row = row;
	k->v[k->nv].col = col;
	k->v[k->nv].at = k->text.len;
	k->nv++;
	sbuf_add(&k->text, s, len);
	sbuf_addc(&k->text, '\0');
}

static void
keep_init(struct keep *k)
{
	memset(k, 0, sizeof(*k));
	sbuf_init(&k->text);
	sbuf_addc(&k->text, '\0');
}

static void
keep_release(struct keep *k)
{
	sbuf_release(&k->text);
	free(k->v);
	free(k->m);
}

/* Whether a rows x cols grid for nv values is one to make. */
static int
grid_ok(uint64_t rows, uint64_t cols, size_t nv)
{
	uint64_t n = rows * cols;

	return n <= GRID_FREE || (n <= GRID_MAX && n / 4 <= nv);
}

static void
grid_refused(const char *path, size_t rows, size_t cols, int *code)
{
	diag_error(path, 0, 0, _("cannot read the sheet: its values spread "
	    "over %zu rows and %zu columns, too many empty cells to hold "
	    "(delete what lies outside the table, or save the table alone "
	    "as CSV)"), rows, cols);
	*code = LB_DATAERR;
}

/*
 * The sheet of the values kept: the grid, and each merged range's
 * top-left value copied into the range's other cells.  Takes k's text
 * and sst (which may be NULL).
 */
static struct workbook_sheet *
assemble(const char *path, struct keep *k, char *sst, const char *name,
    int *code)
{
	struct sheet *s;
	struct range *m;
	size_t nrows = 0, ncols = 0, nr, nc, i, r, c;
	uint64_t area;
	char **g, **ng, *top;

	for (i = 0; i < k->nv; i++) {
		if (k->v[i].row >= nrows)
			nrows = (size_t)k->v[i].row + 1;
		if (k->v[i].col >= ncols)
			ncols = (size_t)k->v[i].col + 1;
	}
	if (!grid_ok(nrows, ncols, k->nv)) {
		grid_refused(path, nrows, ncols, code);
		free(sst);
		keep_release(k);
		return NULL;
	}
	g = xreallocarray(NULL, nrows * ncols + 1, sizeof(*g));
	for (i = 0; i < nrows * ncols; i++)
		g[i] = k->text.buf;
	/* In file order: a cell given twice has the value given last. */
	for (i = 0; i < k->nv; i++)
		g[k->v[i].row * ncols + k->v[i].col] = k->v[i].at & IN_SST ?
		    sst + (k->v[i].at & ~IN_SST) : k->text.buf + k->v[i].at;

	/*
	 * A merge reaching past the values widens the sheet: its copies are
	 * values.  Excel's merges never overlap: ranges covering more cells
	 * than the grid has do, and would cost their product to fill.
	 */
	nr = nrows;
	nc = ncols;
	area = 0;
	for (i = 0; i < k->nm; i++) {
		m = &k->m[i];
		if (m->r0 >= nrows || m->c0 >= ncols ||
		    *g[m->r0 * ncols + m->c0] == '\0')
			continue;
		if (m->r1 >= nr)
			nr = (size_t)m->r1 + 1;
		if (m->c1 >= nc)
			nc = (size_t)m->c1 + 1;
		area += ((uint64_t)m->r1 - m->r0 + 1) * (m->c1 - m->c0 + 1);
	}
	if (area > (uint64_t)nr * nc) {
		damaged(path, code);
		free(g);
		free(sst);
		keep_release(k);
		return NULL;
	}
	if (nr != nrows || nc != ncols) {
		if (!grid_ok(nr, nc, k->nv)) {
			grid_refused(path, nr, nc, code);
			free(g);
			free(sst);
			keep_release(k);
			return NULL;
		}
		ng = xreallocarray(NULL, nr * nc, sizeof(*ng));
		for (r = 0; r < nr; r++)
			for (c = 0; c < nc; c++)
				ng[r * nc + c] = r < nrows && c < ncols ?
				    g[r * ncols + c] : k->text.buf;
		free(g);
		g = ng;
		nrows = nr;
		ncols = nc;
	}
	for (i = 0; i < k->nm; i++) {
		m = &k->m[i];
		if (m->r0 >= nrows || m->c0 >= ncols)
			continue;
		top = g[m->r0 * ncols + m->c0];
		if (*top == '\0')
			continue;
		for (r = m->r0; r <= m->r1 && r < nrows; r++)
			for (c = m->c0; c <= m->c1 && c < ncols; c++)
				g[r * ncols + c] = top;
	}

	s = xcalloc(1, sizeof(*s));
	s->pub.name = xstrdup(name);
	s->pub.nrows = nrows;
	s->pub.ncols = ncols;
	s->pub.cells = g;
	s->text = sbuf_detach(&k->text);
	s->sst = sst;
	keep_release(k);
	return &s->pub;
}

void
workbook_sheet_free(struct workbook_sheet *pub)
{
	struct sheet *s = (struct sheet *)pub;

	if (s == NULL)
		return;
	free(s->pub.name);
	free(s->pub.cells);
	free(s->text);
	free(s->sst);
	free(s);
}

/*
 * Numbers as Excel's General format shows them, so that 42436 is not
 * 42436.0: an integer below 1e15 in plain digits; a bigger one in 15
 * significant digits with an exponent (3.41204201603071E+17), which is
 * what Excel shows of an ID typed as a number, its last digits lost;
 * other numbers in the fewest digits that read back the same, never with
 * an exponent from 1e-6 up.
 */
static void
put_number(char *buf, size_t size, double x)
{
	char e[40], digits[24], *p;
	int prec, exp10, n, i, neg;
	size_t len = 0;

	if (x == 0) {
		snprintf(buf, size, "0");	/* and not -0 */
		return;
	}
	if (x == trunc(x)) {
		if (fabs(x) < 1e15) {
			snprintf(buf, size, "%lld", (long long)x);
			return;
		}
		snprintf(e, sizeof(e), "%.14E", x);
		/* The mantissa's zeros go: 1E+15, not 1.00000000000000E+15. */
		p = strchr(e, 'E');
		n = (int)(p - e);
		while (n > 0 && e[n - 1] == '0')
			n--;
		if (n > 0 && e[n - 1] == '.')
			n--;
		snprintf(buf, size, "%.*s%s", n, e, p);
		return;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(e, sizeof(e), "%.*e", prec - 1, x);
		if (strtod(e, NULL) == x)
			break;
	}
	if (prec == 17)
		snprintf(e, sizeof(e), "%.16e", x);
	/* e is [-]d.ddde[+-]XX: its digits, then where the point goes. */
	neg = e[0] == '-';
	n = 0;
	for (p = e + neg; *p != 'e'; p++)
		if (*p != '.')
			digits[n++] = *p;
	exp10 = atoi(p + 1);
	while (n > 1 && digits[n - 1] == '0')
		n--;
	digits[n] = '\0';
	if (neg)
		buf[len++] = '-';
	if (fabs(x) < 1e-6) {
		snprintf(buf + len, size - len, "%c%s%.*sE%c%02d", digits[0],
		    n > 1 ? "." : "", n - 1, digits + 1, exp10 < 0 ? '-' : '+',
		    abs(exp10));
		return;
	}
	if (exp10 < 0) {
		len += (size_t)snprintf(buf + len, size - len, "0.");
		for (i = 0; i < -exp10 - 1; i++)
			buf[len++] = '0';
		snprintf(buf + len, size - len, "%s", digits);
		return;
	}
	/* Non-integral: there are digits past the point. */
	for (i = 0; i < n; i++) {
		if (i == exp10 + 1)
			buf[len++] = '.';
		buf[len++] = digits[i];
	}
	buf[len] = '\0';
}

/* Days since 1970-01-01 to year, month, day (proleptic Gregorian). */
static void
civil(long z, long *y, int *m, int *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/*
 * A date serial x as YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, or (timeonly, below
 * a day) HH:MM:SS; 0 when x is no date Excel shows (negative, or past
 * 9999).  The 1900 system counts from 1900-01-01 = 1 and has Lotus's
 * 1900-02-29 (60), so serials below it are a day earlier than counting
 * from 1899-12-30; the 1904 system counts from 1904-01-01 = 0.
 */
static int
put_date(char *buf, size_t size, double x, int date1904, int timeonly)
{
	long days, secs, y;
	int m, d;
	double day;

	if (!(x >= 0 && x < 2958466))
		return 0;
	day = floor(x);
	days = (long)day;
	/* Excel shows a time rounded to the second. */
	secs = lround((x - day) * 86400);
	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	if (timeonly && days == 0) {
		snprintf(buf, size, "%02ld:%02ld:%02ld", secs / 3600,
		    secs / 60 % 60, secs % 60);
		return 1;
	}
	if (!date1904 && days == 60) {
		y = 1900;
		m = 2;
		d = 29;
	} else if (date1904)
		civil(days - 24107, &y, &m, &d);
	else
		civil(days - 25569 + (days < 60), &y, &m, &d);
	if (y > 9999)
		return 0;
	if (secs == 0)
		snprintf(buf, size, "%04ld-%02d-%02d", y, m, d);
	else
		snprintf(buf, size, "%04ld-%02d-%02d %02ld:%02ld:%02ld", y, m,
		    d, secs / 3600, secs / 60 % 60, secs % 60);
	return 1;
}

/* What a number format shows a number as. */
enum fmt { FMT_NUMBER, FMT_DATE, FMT_TIME };

/*
 * A format code's kind from its y, m, d, h and s outside quoted text
 * ("年"), brackets ([Red], [$-804]), escaped characters (\d) and the
 * characters after _ and * (widths and fills); [h], [mm] and [ss] are
 * elapsed time.  m is minutes beside h or s, else months.
 */
static enum fmt
fmt_kind(const char *code)
{
	int date = 0, time = 0, month = 0;
	const char *p, *q;

	for (p = code; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			q = strchr(p + 1, '"');
			if (q == NULL)
				return FMT_NUMBER;
			p = q;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1] == '\0')
				return FMT_NUMBER;
			p++;
			break;
		case '[':
			q = strchr(p + 1, ']');
			if (q == NULL)
				return FMT_NUMBER;
			if (q > p + 1 && strspn(p + 1, "hHmMsS") ==
			    (size_t)(q - p - 1))
				time = 1;
			p = q;
			break;
		case 'y': case 'Y': case 'd': case 'D':
			date = 1;
			break;
		case 'h': case 'H': case 's': case 'S':
			time = 1;
			break;
		case 'm': case 'M':
			month = 1;
			break;
		}
	}
	if (date || (month && !time))
		return FMT_DATE;
	return time ? FMT_TIME : FMT_NUMBER;
}

/* The built-in formats (ECMA-376 18.8.30, and the CJK ones 27-36, 50-58). */
static enum fmt
builtin_kind(unsigned id)
{
	switch (id) {
	case 18: case 19: case 20: case 21: case 32: case 33: case 34:
	case 35: case 45: case 46: case 47: case 55: case 56:
		return FMT_TIME;
	}
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	    (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
		return FMT_DATE;
	return FMT_NUMBER;
}

/* An .xlsx being read. */
struct rel {
	char *id, *type, *target;
};

struct ent {
	char *name, *rid;
	int hidden;
};

struct numfmt {
	unsigned id;
	enum fmt kind;
};

struct xlsx {
	const char *path;
	zip_t *za;
	XML_Parser p;
	int code;		/* exit code of a message a handler printed */

	struct rel *rels;	/* of the part last read for them */
	size_t nrels, relcap;

	int is_workbook, date1904;
	struct ent *sheets;
	size_t nsheets, sheetcap;

	struct numfmt *fmts;
	size_t nfmts, fmtcap;
	unsigned *xfs;		/* cellXfs: each style's numFmtId */
	size_t nxf, xfcap;
	unsigned char *xfkind;	/* each style's enum fmt */
	int in_xfs;

	int quiet;		/* a thread's: its failure said after the join */
	int big;		/* a part over PART_MAX came out */
	struct sbuf sst;	/* shared strings, NUL-terminated */
	size_t *sstoff;
	size_t nsst, sstcap;
	size_t si_start;
	int in_si;

	/* The sheet: where the parse is, and the cell being read. */
	struct keep k;
	int in_data, in_c, in_is, in_text, rph, has_v;
	long row, col;		/* the last row and cell seen, from 0 */
	char ctype;		/* n, s, i (inline), b, d, S (str, e) */
	size_t cstyle;
	struct sbuf val;
};

/* The local part of an XML name: x:row and row are one element. */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c != NULL ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

/* A handler found the part bad: its message is printed, stop. */
static void
stop(struct xlsx *x, int code)
{
	if (x->code == 0)
		x->code = code;
	XML_StopParser(x->p, XML_FALSE);
}

/* No part of a workbook has a DTD: refuse one, and its entity bombs with it. */
/* damaged() for a part being read, unless a thread reads it. */
static void
part_damaged(struct xlsx *x)
{
	if (x->quiet)
		x->code = LB_DATAERR;
	else
		damaged(x->path, &x->code);
}

static void XMLCALL
on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal)
{
	struct xlsx *x = data;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	if (x->code == 0)
		part_damaged(x);
	stop(x, LB_DATAERR);
}

/*
 * Read the part name of the zip through the handlers: 0, or 1 when the
 * zip has no such part, or -1 after the message.
 */
/*
 * A part is inflated by a thread of its own into a pipe while expat
 * parses what came before: the two take about as long each on a big
 * sheet, and a school's computer has two cores or more.
 */
struct inflater {
	zip_file_t *zf;
	int fd;			/* the pipe's end it writes */
	zip_uint64_t total;	/* bytes inflated so far */
	int failed;		/* zip_fread() failed: damage */
	int big;		/* more than PART_MAX came out */
};

static void *
inflate_part(void *arg)
{
	struct inflater *in = arg;
	char *buf = xmalloc(CHUNK);
	zip_int64_t n;
	sigset_t pipe_signal;
	ssize_t w;
	size_t off;

	/* The parser may stop reading (damage): write then fails, EPIPE. */
	sigemptyset(&pipe_signal);
	sigaddset(&pipe_signal, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_signal, NULL);
	while ((n = zip_fread(in->zf, buf, CHUNK)) > 0) {
		/* The stored size may lie: count what comes out. */
		in->total += (zip_uint64_t)n;
		if (in->total > PART_MAX) {
			in->big = 1;
			break;
		}
		for (off = 0; off < (size_t)n; off += (size_t)w)
			if ((w = write(in->fd, buf + off, (size_t)n - off)) < 0) {
				if (errno != EINTR)
					goto done;
				w = 0;
			}
	}
	in->failed = n < 0;
done:
	close(in->fd);
	free(buf);
	return NULL;
}

static void
too_big_part(const char *path, const char *name)
{
	diag_error(path, 0, 0, _("cannot read the workbook: its part "
	    "'%s' is over 2 GiB uncompressed (save the sheet as CSV)"), name);
}

static int
read_part(struct xlsx *x, const char *name, XML_StartElementHandler start,
    XML_EndElementHandler end, XML_CharacterDataHandler text)
{
	struct inflater in;
	pthread_t thread;
	int pipefd[2];
	ssize_t got;
	zip_int64_t idx, n;
	zip_uint64_t total = 0;
	zip_stat_t st;
	zip_file_t *zf;
	void *buf;
	int done = 0, ok = 1;

	/* As the relationships spell it; a writer on Windows may not. */
	idx = zip_name_locate(x->za, name, 0);
	if (idx < 0)
		idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	if (idx < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size > PART_MAX)
		goto big;
	if ((zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0)) == NULL) {
		part_damaged(x);
		return -1;
	}
	x->p = XML_ParserCreate(NULL);
	if (x->p == NULL)
		diag_die(LB_OSERR, _("out of memory"));
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	memset(&in, 0, sizeof(in));
	in.zf = zf;
	if (pipe(pipefd) == 0) {
		in.fd = pipefd[1];
		if (pthread_create(&thread, NULL, inflate_part, &in) != 0) {
			close(pipefd[0]);
			close(pipefd[1]);
		} else {
			while (ok && !done) {
				if ((buf = XML_GetBuffer(x->p, CHUNK)) == NULL)
					diag_die(LB_OSERR, _("out of memory"));
				do
					got = read(pipefd[0], buf, CHUNK);
				while (got < 0 && errno == EINTR);
				if (got < 0)
					break;
				done = got == 0;
				ok = XML_ParseBuffer(x->p, (int)got, done) ==
				    XML_STATUS_OK;
			}
			close(pipefd[0]);
			pthread_join(thread, NULL);
			if (in.big) {
				XML_ParserFree(x->p);
				zip_fclose(zf);
				goto big;
			}
			if (in.failed || !done)
				ok = 0;
			goto parsed;
		}
	}
	/* No pipe or no thread: inflate and parse in turn. */
	while (ok && !done) {
		if ((buf = XML_GetBuffer(x->p, CHUNK)) == NULL)
			diag_die(LB_OSERR, _("out of memory"));
		if ((n = zip_fread(zf, buf, CHUNK)) < 0) {
			ok = 0;
			break;
		}
		/* The stored size may lie: count what comes out. */
		total += (zip_uint64_t)n;
		if (total > PART_MAX) {
			XML_ParserFree(x->p);
			zip_fclose(zf);
			goto big;
		}
		done = n == 0;
		ok = XML_ParseBuffer(x->p, (int)n, done) == XML_STATUS_OK;
	}
parsed:
	if (!ok && x->code == 0)
		part_damaged(x);
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return ok ? 0 : -1;
big:
	if (!x->quiet)
		too_big_part(x->path, name);
	x->big = 1;
	x->code = LB_DATAERR;
	return -1;
}

/*
 * A relationship's target as a part name: relative to the folder of the
 * part base (that the .rels file is about), or from the top with a
 * leading '/'; "." and ".." resolved.
 */
static char *
resolve(const char *base, const char *target)
{
	struct sbuf sb;
	const char *seg, *end, *slash;
	size_t n;

	sbuf_init(&sb);
	if (*target == '/')
		target++;
	else if ((slash = strrchr(base, '/')) != NULL)
		sbuf_add(&sb, base, (size_t)(slash - base + 1));
	for (seg = target; *seg != '\0'; seg = *end ? end + 1 : end) {
		end = strchr(seg, '/');
		if (end == NULL)
			end = seg + strlen(seg);
		n = (size_t)(end - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			/* Drop the last folder of sb ("a/b/" -> "a/"). */
			if (sb.len > 0)
				sb.len--;
			while (sb.len > 0 && sb.buf[sb.len - 1] != '/')
				sb.len--;
			sb.buf[sb.len] = '\0';
			continue;
		}
		sbuf_add(&sb, seg, n);
		if (*end == '/')
			sbuf_addc(&sb, '/');
	}
	return sbuf_detach(&sb);
}

/* The .rels of a part: xl/workbook.xml -> xl/_rels/workbook.xml.rels. */
static char *
rels_of(const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t dir = slash != NULL ? (size_t)(slash - name + 1) : 0;
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_add(&sb, name, dir);
	sbuf_printf(&sb, "_rels/%s.rels", name + dir);
	return sbuf_detach(&sb);
}

static void
rels_free(struct xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].type);
		free(x->rels[i].target);
	}
	x->nrels = 0;
}

static void XMLCALL
rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = data;
	const char *id, *type, *target, *mode;

	if (x->code != 0 || strcmp(local(name), "Relationship") != 0)
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (id == NULL || type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "External") == 0))
		return;
	XGROW(x->rels, x->nrels + 1, x->relcap);
	x->rels[x->nrels].id = xstrdup(id);
	x->rels[x->nrels].type = xstrdup(type);
	x->rels[x->nrels].target = xstrdup(target);
	x->nrels++;
}

static void XMLCALL
no_end(void *data, const XML_Char *name)
{
	(void)data;
	(void)name;
}

static void XMLCALL
no_text(void *data, const XML_Char *s, int len)
{
	(void)data;
	(void)s;
	(void)len;
}

/* Whether a relationship is of kind: its type URI's last part (any OOXML). */
static int
rel_is(const struct rel *r, const char *kind)
{
	const char *slash = strrchr(r->type, '/');

	return slash != NULL && strcmp(slash + 1, kind) == 0;
}

static const struct rel *
rel_by_id(const struct xlsx *x, const char *id)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (strcmp(x->rels[i].id, id) == 0)
			return &x->rels[i];
	return NULL;
}

static const struct rel *
rel_by_type(const struct xlsx *x, const char *kind)
{
	size_t i;

	for (i = 0; i < x->nrels; i++)
		if (rel_is(&x->rels[i], kind))
			return &x->rels[i];
	return NULL;
}

static void XMLCALL
book_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = data;
	const char *el = local(name), *v, *rid, *state;

	if (x->code != 0)
		return;
	if (strcmp(el, "workbook") == 0)
		x->is_workbook = 1;
	else if (strcmp(el, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
	} else if (strcmp(el, "sheet") == 0) {
		v = attr(atts, "name");
		rid = attr(atts, "id");
		if (v == NULL || rid == NULL)
			return;
		state = attr(atts, "state");
		XGROW(x->sheets, x->nsheets + 1, x->sheetcap);
		x->sheets[x->nsheets].name = xstrdup(v);
		x->sheets[x->nsheets].rid = xstrdup(rid);
		x->sheets[x->nsheets].hidden = state != NULL &&
		    strcmp(state, "visible") != 0;
		x->nsheets++;
	}
}

static int
parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > max)
			return -1;
	}
	if (*s != '\0')
		return -1;
	*out = n;
	return 0;
}

static void XMLCALL
styles_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = data;
	const char *el = local(name), *id, *code;
	unsigned long n;

	if (x->code != 0)
		return;
	if (strcmp(el, "numFmt") == 0) {
		id = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (id == NULL || code == NULL ||
		    parse_uint(id, 0xffffffffUL, &n) < 0)
			return;
		XGROW(x->fmts, x->nfmts + 1, x->fmtcap);
		x->fmts[x->nfmts].id = (unsigned)n;
		x->fmts[x->nfmts].kind = fmt_kind(code);
		x->nfmts++;
	} else if (strcmp(el, "cellXfs") == 0)
		x->in_xfs = 1;
	else if (x->in_xfs && strcmp(el, "xf") == 0) {
		id = attr(atts, "numFmtId");
		if (id == NULL || parse_uint(id, 0xffffffffUL, &n) < 0)
			n = 0;
		XGROW(x->xfs, x->nxf + 1, x->xfcap);
		x->xfs[x->nxf++] = (unsigned)n;
	}
}

static void XMLCALL
styles_end(void *data, const XML_Char *name)
{
	struct xlsx *x = data;

	if (strcmp(local(name), "cellXfs") == 0)
		x->in_xfs = 0;
}

/* Each style's kind, the workbook's own formats before the built-in ones. */
static void
styles_resolve(struct xlsx *x)
{
	size_t i, j;

	x->xfkind = xmalloc(x->nxf ? x->nxf : 1);
	for (i = 0; i < x->nxf; i++) {
		x->xfkind[i] = (unsigned char)builtin_kind(x->xfs[i]);
		for (j = 0; j < x->nfmts; j++)
			if (x->fmts[j].id == x->xfs[i])
				x->xfkind[i] = (unsigned char)x->fmts[j].kind;
	}
}

/*
 * Text of OOXML's ST_Xstring escapes characters XML cannot hold as
 * _xHHHH_ (_x000D_ for CR, _x005F_ for a real underscore): decode s[0..len)
 * in place, returning the new length (never longer: 7 bytes -> at most 3).
 */
static size_t
unescape(char *s, size_t len)
{
	size_t i, o = 0;
	unsigned long c;
	char hex[5], *end;

	if (memchr(s, '_', len) == NULL)
		return len;
	for (i = 0; i < len; i++) {
		if (s[i] == '_' && i + 7 <= len && s[i + 1] == 'x' &&
		    s[i + 6] == '_' &&
		    strspn(s + i + 2, "0123456789abcdefABCDEF") >= 4) {
			memcpy(hex, s + i + 2, 4);
			hex[4] = '\0';
			c = strtoul(hex, &end, 16);
			if (c != 0 && (c < 0xd800 || c > 0xdfff)) {
				if (c < 0x80)
					s[o++] = (char)c;
				else if (c < 0x800) {
					s[o++] = (char)(0xc0 | c >> 6);
					s[o++] = (char)(0x80 | (c & 0x3f));
				} else {
					s[o++] = (char)(0xe0 | c >> 12);
					s[o++] = (char)(0x80 | (c >> 6 & 0x3f));
					s[o++] = (char)(0x80 | (c & 0x3f));
				}
				i += 6;
				continue;
			}
		}
		s[o++] = s[i];
	}
	return o;
}

/*
 * Shared strings: each <si> is one string, its <t> text, or its runs'
 * (<r><t>) one after another; phonetic guides (<rPh>) are not the text.
 */
static void XMLCALL
sst_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = data;
	const char *el = local(name);

	(void)atts;
	if (x->code != 0)
		return;
	if (strcmp(el, "si") == 0) {
		x->in_si = 1;
		x->rph = 0;
		x->si_start = x->sst.len;
	} else if (strcmp(el, "rPh") == 0)
		x->rph++;
	else if (x->in_si && x->rph == 0 && strcmp(el, "t") == 0)
		x->in_text = 1;
}

static void XMLCALL
sst_end(void *data, const XML_Char *name)
{
	struct xlsx *x = data;
	const char *el = local(name);

	if (x->code != 0)
		return;
	if (strcmp(el, "t") == 0)
		x->in_text = 0;
	else if (strcmp(el, "rPh") == 0 && x->rph > 0)
		x->rph--;
	else if (strcmp(el, "si") == 0 && x->in_si) {
		x->sst.len = x->si_start + unescape(x->sst.buf + x->si_start,
		    x->sst.len - x->si_start);
		sbuf_addc(&x->sst, '\0');
		XGROW(x->sstoff, x->nsst + 1, x->sstcap);
		x->sstoff[x->nsst++] = x->si_start;
		x->in_si = 0;
	}
}

static void XMLCALL
sst_text(void *data, const XML_Char *s, int len)
{
	struct xlsx *x = data;

	if (x->in_text && x->code == 0)
		sbuf_add(&x->sst, s, (size_t)len);
}

/*
 * A cell reference "AB12" as column and row from 0: 0, or -1 past the
 * sheet's limits, -2 when not a reference.
 */
static int
parse_ref(const char *s, uint32_t *col, uint32_t *row)
{
	unsigned long c = 0, r;
	int n = 0;

	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++) {
		c = c * 26 + (unsigned long)((*s | 0x20) - 'a' + 1);
		if (++n > 3)
			return -1;
	}
	if (n == 0)
		return -2;
	if (parse_uint(s, 99999999UL, &r) < 0)
		return *s >= '0' && *s <= '9' ? -1 : -2;
	if (r == 0)
		return -2;
	if (c > WORKBOOK_MAX_COLS || r > WORKBOOK_MAX_ROWS)
		return -1;
	*col = (uint32_t)(c - 1);
	*row = (uint32_t)(r - 1);
	return 0;
}

/* A bad cell or row reference in the sheet: damaged, or past the limits. */
static void
bad_ref(struct xlsx *x, int rc)
{
	if (rc == -1)
		too_big(x->path, &x->code);
	else
		damaged(x->path, &x->code);
	stop(x, LB_DATAERR);
}

static void XMLCALL
sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = data;
	const char *el = local(name), *v, *colon, *ref, *type, *style;
	uint32_t r, c, r1, c1;
	unsigned long n;
	int rc;

	if (x->code != 0)
		return;
	if (x->in_c) {
		if (strcmp(el, "v") == 0 && x->ctype != 'i') {
			x->in_text = 1;
			x->has_v = 1;
			sbuf_reset(&x->val);
		} else if (strcmp(el, "is") == 0) {
			x->in_is = 1;
			x->has_v = 1;
			sbuf_reset(&x->val);
		} else if (strcmp(el, "rPh") == 0)
			x->rph++;
		else if (x->in_is && x->rph == 0 && strcmp(el, "t") == 0)
			x->in_text = 1;
		return;
	}
	if (strcmp(el, "sheetData") == 0) {
		x->in_data = 1;
		return;
	}
	if (x->in_data && strcmp(el, "row") == 0) {
		/* A row without r (the spec allows it) follows the last one. */
		v = attr(atts, "r");
		if (v != NULL) {
			if (parse_uint(v, 99999999UL, &n) < 0 || n == 0) {
				bad_ref(x, -2);
				return;
			}
			x->row = (long)n - 1;
		} else
			x->row++;
		if (x->row >= WORKBOOK_MAX_ROWS) {
			bad_ref(x, -1);
			return;
		}
		x->col = -1;
		return;
	}
	if (x->in_data && strcmp(el, "c") == 0) {
		/* One pass over the attributes: a sheet has millions. */
		ref = type = style = NULL;
		for (; atts[0] != NULL; atts += 2) {
			v = local(atts[0]);
			if (v[0] == '\0' || v[1] != '\0')
				continue;
			if (v[0] == 'r')
				ref = atts[1];
			else if (v[0] == 't')
				type = atts[1];
			else if (v[0] == 's')
				style = atts[1];
		}
		if (ref != NULL) {
			if ((rc = parse_ref(ref, &c, &r)) < 0) {
				bad_ref(x, rc);
				return;
			}
			x->row = r;
			x->col = c;
		} else {
			if (x->row < 0)
				x->row = 0;
			if (++x->col >= WORKBOOK_MAX_COLS) {
				bad_ref(x, -1);
				return;
			}
		}
		x->in_c = 1;
		x->has_v = 0;
		x->in_is = 0;
		x->rph = 0;
		if (type == NULL || strcmp(type, "n") == 0)
			x->ctype = 'n';
		else if (strcmp(type, "s") == 0)
			x->ctype = 's';
		else if (strcmp(type, "inlineStr") == 0)
			x->ctype = 'i';
		else if (strcmp(type, "b") == 0)
			x->ctype = 'b';
		else if (strcmp(type, "d") == 0)
			x->ctype = 'd';
		else	/* str (a formula's text), e (an error: #N/A) */
			x->ctype = 'S';
		if (style == NULL || parse_uint(style, 0xffffffffUL, &n) < 0)
			n = 0;
		x->cstyle = n;
		return;
	}
	if (strcmp(el, "mergeCell") == 0) {
		v = attr(atts, "ref");
		if (v == NULL)
			return;
		colon = strchr(v, ':');
		if (colon == NULL)
			return;	/* a single cell merges nothing */
		{
			char first[16];
			size_t len = (size_t)(colon - v);

			if (len >= sizeof(first)) {
				bad_ref(x, -2);
				return;
			}
			memcpy(first, v, len);
			first[len] = '\0';
			if ((rc = parse_ref(first, &c, &r)) < 0 ||
			    (rc = parse_ref(colon + 1, &c1, &r1)) < 0) {
				bad_ref(x, rc);
				return;
			}
		}
		XGROW(x->k.m, x->k.nm + 1, x->k.mcap);
		x->k.m[x->k.nm].r0 = r < r1 ? r : r1;
		x->k.m[x->k.nm].r1 = r < r1 ? r1 : r;
		x->k.m[x->k.nm].c0 = c < c1 ? c : c1;
		x->k.m[x->k.nm].c1 = c < c1 ? c1 : c;
		x->k.nm++;
	}
}

/* An ISO 8601 date as a t="d" cell has it, in the forms of put_date(). */
static void
iso_date(struct sbuf *v)
{
	char *t = strchr(v->buf, 'T');
	size_t n;

	if (t == NULL)
		return;
	*t = ' ';
	/* Fractions of a second and a zone are not shown. */
	n = strcspn(v->buf, ".Z+");
	if (n >= 19 && n < v->len)
		v->len = n;
	v->buf[v->len] = '\0';
	if (v->len == 19 && strcmp(v->buf + 10, " 00:00:00") == 0)
		v->len = 10;
	v->buf[v->len] = '\0';
}

/* The cell just read: its value kept as text. */
static void
sheet_cell(struct xlsx *x)
{
	struct sbuf *v = &x->val;
	unsigned long n;
	enum fmt kind;
	char buf[64], *end;
	double d;
	uint32_t row = (uint32_t)x->row, col = (uint32_t)x->col;

	if (!x->has_v)
		return;
	switch (x->ctype) {
	case 's':
		/* By index: the strings may still be being read (sst_job). */
		if (parse_uint(v->buf, 0xffffffffUL, &n) < 0) {
			damaged(x->path, &x->code);
			stop(x, LB_DATAERR);
			return;
		}
		XGROW(x->k.v, x->k.nv + 1, x->k.vcap);
		x->k.v[x->k.nv].row = row;
		x->k.v[x->k.nv].col = col;
		x->k.v[x->k.nv].at = IN_SST | n;
		x->k.nv++;
		return;
	case 'b':
		if (strcmp(v->buf, "1") == 0)
			keep_text(&x->k, row, col, "TRUE", 4);
		else if (strcmp(v->buf, "0") == 0)
			keep_text(&x->k, row, col, "FALSE", 5);
		else
			keep_text(&x->k, row, col, v->buf, v->len);
		return;
	case 'd':
		iso_date(v);
		keep_text(&x->k, row, col, v->buf, v->len);
		return;
	case 'n':
		d = strtod(v->buf, &end);
		if (v->len == 0 || *end != '\0' || !isfinite(d))
			break;	/* not a number: as written */
		kind = x->cstyle < x->nxf ? (enum fmt)x->xfkind[x->cstyle] :
		    FMT_NUMBER;
		if (kind == FMT_NUMBER || !put_date(buf, sizeof(buf), d,
		    x->date1904, kind == FMT_TIME))
			put_number(buf, sizeof(buf), d);
		keep_text(&x->k, row, col, buf, strlen(buf));
		return;
	}
	v->len = unescape(v->buf, v->len);
	keep_text(&x->k, row, col, v->buf, v->len);
}

static void XMLCALL
sheet_end(void *data, const XML_Char *name)
{
	struct xlsx *x = data;
	const char *el = local(name);

	if (x->code != 0)
		return;
	if (x->in_c) {
		if (strcmp(el, "c") == 0) {
			sheet_cell(x);
			x->in_c = 0;
			x->in_text = 0;
		} else if (strcmp(el, "v") == 0 || strcmp(el, "t") == 0)
			x->in_text = 0;
		else if (strcmp(el, "is") == 0)
			x->in_is = 0;
		else if (strcmp(el, "rPh") == 0 && x->rph > 0)
			x->rph--;
	} else if (strcmp(el, "sheetData") == 0)
		x->in_data = 0;
}

static void XMLCALL
sheet_text(void *data, const XML_Char *s, int len)
{
	struct xlsx *x = data;

	if (x->in_text)
		sbuf_add(&x->val, s, (size_t)len);
}

/*
 * Index of the sheet named, or numbered 1..n, by want among names; -1
 * after the message listing them.
 */
static long
pick_sheet(const char *path, char *const *names, size_t n, const char *want,
    int *code)
{
	struct sbuf list;
	unsigned long num;
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0)
			return (long)i;
	if (parse_uint(want, 0xffffUL, &num) == 0 && num >= 1 && num <= n)
		return (long)num - 1;
	sbuf_init(&list);
	for (i = 0; i < n; i++)
		sbuf_printf(&list, "%s'%s'", i > 0 ? ", " : "", names[i]);
	diag_error(path, 0, 0, _("no sheet '%s' in the workbook (expected "
	    "one of its sheets %s, or a number from 1 to %zu)"), want,
	    list.buf, n);
	sbuf_release(&list);
	*code = LB_USAGE;
	return -1;
}

static void
xlsx_free(struct xlsx *x)
{
	size_t i;

	rels_free(x);
	free(x->rels);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
	}
	free(x->sheets);
	free(x->fmts);
	free(x->xfs);
	free(x->xfkind);
	sbuf_release(&x->sst);
	free(x->sstoff);
	sbuf_release(&x->val);
	keep_release(&x->k);
	if (x->za != NULL)
		zip_discard(x->za);
}

static void
not_workbook(const char *path, int *code)
{
	diag_error(path, 0, 0, _("cannot read the workbook: it is a zip file "
	    "but not an Excel workbook (save it as .xlsx, or as CSV)"));
	*code = LB_DATAERR;
}

/*
 * The shared strings, read by a thread of their own (its own archive
 * handle: a zip_t is not to be shared) while the sheet is parsed.
 */
struct sst_job {
	struct xlsx y;
	char *part;
	int rc;
};

static void *
sst_thread(void *arg)
{
	struct sst_job *j = arg;

	j->rc = read_part(&j->y, j->part, sst_start, sst_end, sst_text);
	return NULL;
}

/*
 * The sheet's shared-string cells, kept by index, as offsets into the
 * strings now read; an empty string is no value.  -1: an index past
 * the table (damage).
 */
static int
resolve_sst(struct keep *k, const char *sst, const size_t *off, size_t n)
{
	size_t i, j = 0;
	uint64_t idx;

	for (i = 0; i < k->nv; i++) {
		if (k->v[i].at & IN_SST) {
			idx = k->v[i].at & ~IN_SST;
			if (idx >= n)
				return -1;
			if (sst[off[idx]] == '\0')
				continue;
			k->v[i].at = IN_SST | off[idx];
		}
		k->v[j++] = k->v[i];
	}
	k->nv = j;
	return 0;
}

static struct workbook_sheet *
xlsx_read(const char *path, int fd, const char *want, int *code)
{
	struct sst_job job;
	pthread_t sst_tid;
	int sst_started = 0;
	struct xlsx x;
	struct workbook_sheet *s = NULL;
	const struct rel *r;
	char *book = NULL, *rels = NULL, *part = NULL, **names;
	long pick = -1;
	size_t i;
	int zerr, rc;

	memset(&job, 0, sizeof(job));
	sbuf_init(&job.y.sst);
	sbuf_init(&job.y.val);
	keep_init(&job.y.k);
	memset(&x, 0, sizeof(x));
	x.path = path;
	sbuf_init(&x.sst);
	sbuf_init(&x.val);
	keep_init(&x.k);
	x.row = -1;
	if ((x.za = zip_fdopen(fd, ZIP_RDONLY, &zerr)) == NULL) {
		close(fd);
		damaged(path, code);
		goto out;
	}

	/* The package's relationships name the workbook part. */
	if ((rc = read_part(&x, "_rels/.rels", rels_start, no_end,
	    no_text)) < 0)
		goto fail;
	r = rel_by_type(&x, "officeDocument");
	book = r != NULL ? resolve("", r->target) : xstrdup("xl/workbook.xml");
	rels_free(&x);
	/* Excel's binary workbook is a zip too, its parts not XML. */
	if (strlen(book) > 4 && strcmp(book + strlen(book) - 4, ".bin") == 0) {
		diag_error(path, 0, 0, _("cannot read the workbook: it is an "
		    "Excel binary workbook (.xlsb) (save it as .xlsx, or as "
		    "CSV)"));
		*code = LB_DATAERR;
		goto out;
	}
	if ((rc = read_part(&x, book, book_start, no_end, no_text)) < 0)
		goto fail;
	if (rc > 0 || !x.is_workbook) {
		not_workbook(path, code);
		goto out;
	}
	rels = rels_of(book);
	if ((rc = read_part(&x, rels, rels_start, no_end, no_text)) < 0)
		goto fail;
	if (rc > 0 || x.nsheets == 0) {
		damaged(path, code);
		goto out;
	}

	if (want != NULL) {
		names = xreallocarray(NULL, x.nsheets, sizeof(*names));
		for (i = 0; i < x.nsheets; i++)
			names[i] = x.sheets[i].name;
		pick = pick_sheet(path, names, x.nsheets, want, code);
		free(names);
		if (pick < 0)
			goto out;
	} else {
		/* The first worksheet shown (not a chart); else the first. */
		for (i = 0; i < x.nsheets && pick < 0; i++) {
			r = rel_by_id(&x, x.sheets[i].rid);
			if (!x.sheets[i].hidden && r != NULL &&
			    rel_is(r, "worksheet"))
				pick = (long)i;
		}
		if (pick < 0)
			pick = 0;
	}
	if ((r = rel_by_id(&x, x.sheets[pick].rid)) == NULL) {
		damaged(path, code);
		goto out;
	}
	part = resolve(book, r->target);

	if ((r = rel_by_type(&x, "styles")) != NULL) {
		char *p = resolve(book, r->target);

		rc = read_part(&x, p, styles_start, styles_end, no_text);
		free(p);
		if (rc < 0)
			goto fail;
	}
	styles_resolve(&x);
	if ((r = rel_by_type(&x, "sharedStrings")) != NULL) {
		job.part = resolve(book, r->target);
		job.y.path = path;
		job.y.quiet = 1;
		if ((job.y.za = zip_open(path, ZIP_RDONLY, &zerr)) != NULL &&
		    pthread_create(&sst_tid, NULL, sst_thread, &job) == 0)
			sst_started = 1;
		else {
			/* No second handle or thread: one after the other. */
			job.rc = read_part(&x, job.part, sst_start, sst_end,
			    sst_text);
			if (job.rc < 0)
				goto fail;
		}
	}
	rc = read_part(&x, part, sheet_start, sheet_end, sheet_text);
	if (sst_started) {
		pthread_join(sst_tid, NULL);
		/* Its failure said now, unless the sheet's was. */
		if (job.rc < 0 && x.code == 0 && rc >= 0) {
			if (job.y.big)
				too_big_part(path, job.part);
			else
				damaged(path, &x.code);
			x.code = LB_DATAERR;
			goto fail;
		}
		if (job.rc < 0 && rc >= 0)
			goto fail;
	}
	if (rc < 0)
		goto fail;
	if (rc > 0) {
		damaged(path, code);
		goto out;
	}
	{
		/* The strings of a thread, or of x itself (read in turn). */
		struct xlsx *t = sst_started ? &job.y : &x;

		if (resolve_sst(&x.k, t->sst.buf, t->sstoff, t->nsst) < 0) {
			damaged(path, code);
			goto out;
		}
		s = assemble(path, &x.k, t->nsst > 0 ? sbuf_detach(&t->sst) :
		    NULL, x.sheets[pick].name, code);
	}
	keep_init(&x.k);	/* assemble() took it */
	goto out;
fail:
	*code = x.code;
out:
	free(book);
	free(rels);
	free(part);
	free(job.part);
	xlsx_free(&job.y);
	xlsx_free(&x);
	return s;
}

/*
 * .xls through libfreexl, which reads BIFF5 and BIFF8 but tells neither a
 * sheet's visibility nor its merged cells: the first sheet is the first
 * in the workbook even when hidden, and a merged range's value is only in
 * its top-left cell.  Dates come from libfreexl as ISO text already.
 */
static struct workbook_sheet *
xls_read(const char *path, const char *want, int *code)
{
	const void *h = NULL;
	FreeXL_CellValue cv;
	struct workbook_sheet *s = NULL;
	struct keep k;
	unsigned int info, rows, r;
	unsigned short cols, c;
	char **names = NULL, buf[64];
	const char *name, *t;
	size_t n = 0, i, len;
	long pick = 0;

	keep_init(&k);
	if (freexl_open(path, &h) != FREEXL_OK ||
	    freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) != FREEXL_OK ||
	    info == FREEXL_BIFF_OBFUSCATED ||
	    freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK ||
	    info == 0) {
		damaged(path, code);
		goto out;
	}
	n = info;
	names = xcalloc(n, sizeof(*names));
	for (i = 0; i < n; i++) {
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) !=
		    FREEXL_OK || name == NULL) {
			damaged(path, code);
			goto out;
		}
		names[i] = xstrdup(name);
	}
	if (want != NULL &&
	    (pick = pick_sheet(path, names, n, want, code)) < 0)
		goto out;
	if (freexl_select_active_worksheet(h, (unsigned short)pick) !=
	    FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
		damaged(path, code);
		goto out;
	}
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols; c++) {
			if (freexl_get_cell_value(h, r, c, &cv) != FREEXL_OK) {
				damaged(path, code);
				goto out;
			}
			switch (cv.type) {
			case FREEXL_CELL_INT:
				put_number(buf, sizeof(buf),
				    cv.value.int_value);
				keep_text(&k, r, c, buf, strlen(buf));
				break;
			case FREEXL_CELL_DOUBLE:
				put_number(buf, sizeof(buf),
				    cv.value.double_value);
				keep_text(&k, r, c, buf, strlen(buf));
				break;
			case FREEXL_CELL_DATETIME:
				/* Midnight is a date alone, as in an .xlsx. */
				t = cv.value.text_value;
				len = strlen(t);
				if (len == 19 &&
				    strcmp(t + 10, " 00:00:00") == 0)
					len = 10;
				keep_text(&k, r, c, t, len);
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_TIME:
				t = cv.value.text_value;
				keep_text(&k, r, c, t, strlen(t));
				break;
			}
		}
	}
	s = assemble(path, &k, NULL, names[pick], code);
	keep_init(&k);
out:
	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
	keep_release(&k);
	freexl_close(h);
	return s;
}

struct workbook_sheet *
workbook_read(const char *path, enum workbook_kind kind, const char *sheet,
    int *code)
{
	unsigned char head[8];
	struct stat st;
	ssize_t n;
	int fd;

	*code = LB_OK;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_error(NULL, 0, 0, _("cannot open '%s': %s"), path,
		    strerror(errno));
		*code = LB_NOINPUT;
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_error(NULL, 0, 0, _("cannot read '%s': is a directory"),
		    path);
		close(fd);
		*code = LB_NOINPUT;
		return NULL;
	}
	if (kind == WORKBOOK_NONE) {
		n = pread(fd, head, sizeof(head), 0);
		kind = workbook_sniff(head, n > 0 ? (size_t)n : 0);
	}
	switch (kind) {
	case WORKBOOK_XLSX:
		return xlsx_read(path, fd, sheet, code);	/* takes fd */
	case WORKBOOK_XLS:
		close(fd);
		return xls_read(path, sheet, code);
	default:
		close(fd);
		diag_error(path, 0, 0, _("cannot read the workbook: it is "
		    "not an .xlsx or .xls file (save it as .xlsx, or as "
		    "CSV)"));
		*code = LB_DATAERR;
		return NULL;
	}
}
