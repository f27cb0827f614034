/* lb-due: what is due or overdue for whom, as of a date. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cadence.h"
#include "card.h"
#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "ics.h"
#include "mail.h"
#include "ofile.h"
#include "policy.h"
#include "query.h"
#include "report.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-due [-p policy] -l log [--staff staff] [--as-of date]\n"
    "              [--within days] [--mentor id] [--where expr ...]\n"
    "              [--format table|csv|mail|ics] [--columns list]\n"
    "              [--sendmail cmd] [--encoding enc] [--excel] [-o file]\n"
    "              [roster]\n"
    "       lb-due [-p policy] --print-policy\n");

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "log", required_argument, NULL, 'l' },
	{ "mentor", required_argument, NULL, OPT_MENTOR },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "sendmail", required_argument, NULL, OPT_SENDMAIL },
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ NULL, 0, NULL, 0 }
};

enum format { F_CSV, F_TABLE, F_MAIL, F_ICS };
static const char *const formats[] = { "csv", "table", "mail", "ics", NULL };

static const char *const out_header[] = {
	"status", "due_date", "days_late", "student_id", "name", "class",
	"kind", "mentor_id", "mentor_name", "mentor_email", "last_date"
};
#define NOUT (sizeof(out_header) / sizeof(out_header[0]))

/*
 * The output columns --where tests after the work (the others are the
 * roster's, tested before it); status here is overdue or due, not the
 * roster's status (lb-due lists active children only).
 */
static const char *const own_cols[] = {
	"status", "due_date", "days_late", "kind", "mentor_name",
	"mentor_email", "last_date"
};
#define NOWN (sizeof(own_cols) / sizeof(own_cols[0]))
/* out_header's index of own_cols[i]. */
static const size_t own_at[NOWN] = { 0, 1, 2, 6, 8, 9, 10 };
/* What status and kind may be compared with (a typo would match nothing). */
static const char *const statuses[] = { "overdue", "due", NULL };
enum { OWN_STATUS = 0, OWN_KIND = 3 };

/* Log warnings shown before the rest are only counted. */
#define WARN_MAX 10
/* Children named in a leader's digest. */
#define DIGEST_MAX 10

/* The roster strings lb-due keeps, per child, in one pool. */
enum { S_ID, S_NAME, S_CLASS, S_MENTOR, S_COUNT };

#define SKIPPED (-2)		/* strmap value of a known child not followed */

struct due {
	const struct policy *p;
	date_t as_of;
	long within;
	const char *mentor;	/* --mentor filter, or NULL */
	struct query *query;	/* the --where expressions */
	struct csvio_opts opts;

	struct strmap *ids;	/* student_id -> child, or SKIPPED */
	struct sbuf pool;
	size_t (*str)[S_COUNT];	/* offsets into pool */
	int phones;		/* keep guardians' phones (mail.guardian_phones) */
	size_t *guardian;	/* with phones: pool offsets of "name\0phone\0" */
	struct cadence_child *facts;
	size_t n, cap;

	struct table *staff;	/* NULL without --staff */
	struct strmap *staff_row;

	struct cadence *cad;
	struct cadence_item *items;
	size_t nitems, capitems;
	long warned;		/* log warnings so far */
	time_t now;		/* for mail Date and ics DTSTAMP */
};

static const char *
cstr(const struct due *d, size_t child, int which)
{
	return d->pool.buf + d->str[child][which];
}

static long
attention_index(const struct policy *p, const char *v)
{
	const char *const *vals = schema_domain_values(DOM_ATTENTION);
	const char *canon;
	long i;
	int err = 0;

	if (*v == '\0')
		return 0;
	if ((canon = policy_value(p, DOM_ATTENTION, v, &err)) == NULL)
		return 0;
	for (i = 0; vals[i] != NULL; i++)
		if (strcmp(vals[i], canon) == 0)
			return i;
	return 0;
}

static void
add_child(struct due *d, const char *const *v)
{
	struct cadence_child *f;
	size_t i, old = d->cap;
	static const int cols[S_COUNT] = {
		RC_STUDENT_ID, RC_NAME, RC_CLASS, RC_MENTOR_ID
	};

	XGROW(d->facts, d->n + 1, d->cap);
	if (d->cap != old) {
		d->str = xreallocarray(d->str, d->cap, sizeof(*d->str));
		if (d->phones)
			d->guardian = xreallocarray(d->guardian, d->cap,
			    sizeof(*d->guardian));
	}
	for (i = 0; i < S_COUNT; i++) {
		d->str[d->n][i] = d->pool.len;
		sbuf_add(&d->pool, v[cols[i]], strlen(v[cols[i]]) + 1);
	}
	/* Only a mail that shows them keeps them: memory, and minors' data. */
	if (d->phones) {
		d->guardian[d->n] = d->pool.len;
		sbuf_add(&d->pool, v[RC_GUARDIAN_NAME],
		    strlen(v[RC_GUARDIAN_NAME]) + 1);
		sbuf_add(&d->pool, v[RC_GUARDIAN_PHONE],
		    strlen(v[RC_GUARDIAN_PHONE]) + 1);
	}
	f = &d->facts[d->n];
	if (date_parse(v[RC_ENROLLED_ON], &f->enrolled_on) != 0)
		f->enrolled_on = DATE_NONE;
	if (date_parse(v[RC_BIRTH_DATE], &f->birth) != 0 &&
	    (!card_id_valid(v[RC_ID_CARD]) ||
	    card_id_birth(v[RC_ID_CARD], &f->birth) != 0))
		f->birth = DATE_NONE;
	f->attention = (int)attention_index(d->p, v[RC_ATTENTION]);
	d->n++;
}

/*
 * Stream the roster once, keeping what lb-due needs of the active
 * children (and --where's).  Returns an exit code.
 */
static int
read_roster(struct due *d, const char *path)
{
	struct csvio_reader *rd;
	const struct csvio_row *h, *row;
	const char *v[RC_COUNT], *status;
	int *col, *canon, c, rc, code = LB_OK, err = 0, keep, m;
	long prev;

	if ((rd = csvio_open(path, &d->opts, &code)) == NULL)
		return code;
	h = csvio_header(rd);
	col = xmalloc(RC_COUNT * sizeof(*col));
	canon = xcalloc(h->n + 1, sizeof(*canon));
	if (table_map_header(csvio_name(rd), h, FK_ROSTER, d->p,
	    (const char *const[]){ "student_id", NULL }, col, canon) != 0) {
		code = LB_DATAERR;
		goto done;
	}
	/* The roster's own extra columns may be asked about too. */
	if (query_bind(d->query, h->n, (const char *const *)h->v, canon) != 0) {
		code = LB_USAGE;
		goto done;
	}
	while ((rc = csvio_next(rd, &row)) == 1) {
		for (c = 0; c < RC_COUNT; c++)
			v[c] = col[c] >= 0 ? row->v[col[c]] : "";
		if (*v[RC_STUDENT_ID] == '\0')
			continue;
		status = *v[RC_STATUS] == '\0' ? "active" :
		    policy_value(d->p, DOM_STATUS, v[RC_STATUS], &err);
		keep = status != NULL && strcmp(status, "active") == 0;
		if (keep && query_on_roster(d->query)) {
			m = query_row(d->query, row->v, csvio_name(rd),
			    row->line);
			if (m < 0) {
				code = LB_DATAERR;
				goto done;
			}
			keep = m;
		}
		prev = strmap_put(d->ids, v[RC_STUDENT_ID],
		    keep ? (long)d->n : SKIPPED);
		if (prev != (keep ? (long)d->n : SKIPPED)) {
			diag_warn(csvio_name(rd), row->line, 0, _("student "
			    "'%s' appears twice in the roster (the first row "
			    "counts)"), v[RC_STUDENT_ID]);
			continue;
		}
		if (keep)
			add_child(d, v);
	}
	if (rc < 0)
		code = csvio_code(rd);
done:
	free(col);
	free(canon);
	csvio_close(rd);
	return code;
}

static void
log_warn(struct due *d, const char *file, long line, const char *what,
    const char *value)
{
	if (++d->warned <= WARN_MAX)
		diag_warn(file, line, 0, _("%s '%s' (row not counted)"), what,
		    value);
}

/* Stream the log once into the engine.  Returns an exit code. */
static int
read_log(struct due *d, const char *path)
{
	struct csvio_reader *rd;
	const struct csvio_row *h, *row;
	struct strmap *kinds = strmap_new();
	int have[LC_COUNT], rc, code = LB_OK;
	long child, k;
	size_t i;
	date_t day;

	for (i = 0; i < d->p->ncontacts; i++)
		strmap_put(kinds, d->p->contacts[i].kind, (long)i);
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		diag_warn(path, 0, 0, _("no log yet (counting no contacts)"));
		strmap_free(kinds);
		return LB_OK;
	}
	if ((rd = csvio_open(path, &d->opts, &code)) == NULL) {
		strmap_free(kinds);
		return code;
	}
	h = csvio_header(rd);
	if (table_map_header(csvio_name(rd), h, FK_LOG, d->p, NULL, have,
	    NULL) != 0) {
		code = LB_DATAERR;
		goto done;
	}
	while ((rc = csvio_next(rd, &row)) == 1) {
		const char *sid = row->v[have[LC_STUDENT_ID]];
		const char *kind = row->v[have[LC_KIND]];

		child = strmap_get(d->ids, sid);
		if (child == SKIPPED)
			continue;
		if (child < 0) {
			log_warn(d, csvio_name(rd), row->line,
			    _("unknown student"), sid);
			continue;
		}
		if ((k = strmap_get(kinds, kind)) < 0) {
			log_warn(d, csvio_name(rd), row->line,
			    _("unknown kind"), kind);
			continue;
		}
		if (date_parse(row->v[have[LC_DATE]], &day) != 0) {
			log_warn(d, csvio_name(rd), row->line,
			    _("invalid date"), row->v[have[LC_DATE]]);
			continue;
		}
		cadence_record(d->cad, (size_t)child, (int)k, day);
	}
	if (rc < 0)
		code = csvio_code(rd);
	if (d->warned > WARN_MAX)
		diag_warn(csvio_name(rd), 0, 0, _("%ld more rows not counted"),
		    d->warned - WARN_MAX);
done:
	csvio_close(rd);
	strmap_free(kinds);
	return code;
}

/* The staff row of a mentor id, or -1. */
static long
staff_of(const struct due *d, const char *id)
{
	return d->staff_row != NULL && *id != '\0' ?
	    strmap_get(d->staff_row, id) : -1;
}

static const char *
staff_get(const struct due *d, const char *id, int c)
{
	long r = staff_of(d, id);

	return r >= 0 ? table_get(d->staff, (size_t)r, c) : "";
}

static void item_label(struct sbuf *, const struct due *,
    const struct cadence_item *);

static const struct due *sort_ctx;

static int
cmp_item(const void *pa, const void *pb)
{
	const struct cadence_item *a = pa, *b = pb;
	const struct due *d = sort_ctx;
	int oa = a->days_late > 0, ob = b->days_late > 0, r;

	if (oa != ob)
		return ob - oa;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if ((r = strcmp(cstr(d, a->child, S_MENTOR),
	    cstr(d, b->child, S_MENTOR))) != 0)
		return r;
	if ((r = strcmp(cstr(d, a->child, S_CLASS),
	    cstr(d, b->child, S_CLASS))) != 0)
		return r;
	if ((r = strcmp(cstr(d, a->child, S_ID), cstr(d, b->child, S_ID))) != 0)
		return r;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return a->checkpoint - b->checkpoint;
}

static void item_fields(const struct due *, const struct cadence_item *,
    const char **, char[DATE_ISO_LEN], char[DATE_ISO_LEN], char[24]);

/*
 * Compute, filter (--mentor, and --where on the output columns) and sort
 * the items.  Returns an exit code.
 */
static int
collect(struct due *d)
{
	char due[DATE_ISO_LEN], last[DATE_ISO_LEN], late[24];
	const char *fields[NOUT], *own[NOWN];
	size_t i, k, n = 0;
	int m;

	d->nitems = cadence_due(d->cad, d->within, &d->items, &d->capitems);
	for (i = 0; i < d->nitems; i++) {
		if (d->mentor != NULL &&
		    strcmp(cstr(d, d->items[i].child, S_MENTOR), d->mentor) != 0)
			continue;
		if (query_on_own(d->query)) {
			item_fields(d, &d->items[i], fields, due, last, late);
			for (k = 0; k < NOWN; k++)
				own[k] = fields[own_at[k]];
			if ((m = query_own(d->query, own, NULL, 0)) < 0)
				return LB_DATAERR;
			if (m == 0)
				continue;
		}
		d->items[n++] = d->items[i];
	}
	d->nitems = n;
	sort_ctx = d;
	qsort(d->items, d->nitems, sizeof(*d->items), cmp_item);
	return LB_OK;
}

/* The CSV fields of item it; buffers hold the dates and the number. */
static void
item_fields(const struct due *d, const struct cadence_item *it,
    const char **f, char due[DATE_ISO_LEN], char last[DATE_ISO_LEN],
    char late[24])
{
	const char *m = cstr(d, it->child, S_MENTOR);

	snprintf(late, 24, "%ld", it->days_late);
	f[0] = it->days_late > 0 ? "overdue" : "due";
	f[1] = date_format(it->due, due);
	f[2] = late;
	f[3] = cstr(d, it->child, S_ID);
	f[4] = cstr(d, it->child, S_NAME);
	f[5] = cstr(d, it->child, S_CLASS);
	f[6] = d->p->contacts[it->kind].kind;
	f[7] = m;
	f[8] = staff_get(d, m, SC_NAME);
	f[9] = staff_get(d, m, SC_EMAIL);
	f[10] = date_format(it->last, last);
}

/* The list as CSV, or as a table for people (kinds in the policy's words). */
static void
write_rows(const struct due *d, FILE *f, const struct emit_opts *eo)
{
	char due[DATE_ISO_LEN], last[DATE_ISO_LEN], late[24];
	const char *fields[NOUT];
	struct sbuf label = SBUF_INIT;
	struct emit *e;
	size_t i;

	/* The columns were checked before any work. */
	if ((e = emit_new(f, eo, NOUT, out_header)) == NULL)
		return;
	sbuf_init(&label);
	for (i = 0; i < d->nitems; i++) {
		item_fields(d, &d->items[i], fields, due, last, late);
		if (eo->table) {
			sbuf_reset(&label);
			item_label(&label, d, &d->items[i]);
			fields[6] = label.buf;
		}
		emit_row(e, fields);
	}
	emit_end(e);
	sbuf_release(&label);
}

/*
 * Append the policy's words for key (report_label(): report.labels, else
 * the built-in Chinese) with {date}, {days}, {overdue} and {due} filled.
 */
static void
words(struct sbuf *b, const struct due *d, const char *key, const char *date,
    long days, long overdue, long due)
{
	static const char *const keys[] = { "date", "days", "overdue", "due" };
	char n[3][24];
	const char *vals[4];

	snprintf(n[0], sizeof(n[0]), "%ld", days);
	snprintf(n[1], sizeof(n[1]), "%ld", overdue);
	snprintf(n[2], sizeof(n[2]), "%ld", due);
	vals[0] = date != NULL ? date : "";
	vals[1] = n[0];
	vals[2] = n[1];
	vals[3] = n[2];
	mail_template(b, report_label(d->p, key), keys, vals, 4);
}

/* "谈心" or "家访（期中）": what an item asks for, in the policy's words. */
static void
item_label(struct sbuf *sb, const struct due *d, const struct cadence_item *it)
{
	const struct contact *ct = &d->p->contacts[it->kind];

	sbuf_adds(sb, ct->label != NULL && *ct->label != '\0' ? ct->label :
	    ct->kind);
	if (it->checkpoint == CP_START)
		sbuf_adds(sb, report_label(d->p, "checkpoint.start"));
	else if (it->checkpoint == CP_MIDDLE)
		sbuf_adds(sb, report_label(d->p, "checkpoint.middle"));
	else if (it->checkpoint == CP_END)
		sbuf_adds(sb, report_label(d->p, "checkpoint.end"));
}

/*
 * One line of a mail about item it; phones: with the guardian's name and
 * phone (a mentor's mail, when the policy allows it).
 */
static void
mail_item(struct sbuf *b, const struct due *d, const struct cadence_item *it,
    int phones)
{
	char due[DATE_ISO_LEN], last[DATE_ISO_LEN];
	const char *gname, *gphone;

	sbuf_adds(b, "- ");
	mail_clean(b, cstr(d, it->child, S_NAME));
	sbuf_adds(b, report_label(d->p, "paren_open"));
	mail_clean(b, cstr(d, it->child, S_CLASS));
	sbuf_adds(b, report_label(d->p, "comma"));
	mail_clean(b, cstr(d, it->child, S_ID));
	if (phones && d->phones) {
		gname = d->pool.buf + d->guardian[it->child];
		gphone = gname + strlen(gname) + 1;
		if (*gphone != '\0') {
			sbuf_adds(b, report_label(d->p, "comma"));
			sbuf_adds(b, report_label(d->p, "mail.guardian"));
			mail_clean(b, gname);
			sbuf_addc(b, ' ');
			mail_clean(b, gphone);
		}
	}
	sbuf_adds(b, report_label(d->p, "paren_close"));
	item_label(b, d, it);
	date_format(it->due, due);
	if (it->days_late > 0)
		words(b, d, "mail.overdue", due, it->days_late, 0, 0);
	else if (it->days_late == 0)
		words(b, d, "mail.due_today", due, 0, 0, 0);
	else
		words(b, d, "mail.due_in", due, -it->days_late, 0, 0);
	if (it->last != DATE_NONE)
		words(b, d, "mail.last", date_format(it->last, last), 0, 0, 0);
	else
		words(b, d, "mail.never", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
}

static void
message_head(struct sbuf *h, const struct due *d, const char *to_name,
    const char *to_addr, const char *subject, const char *id_part)
{
	char *from_name = NULL, *from_addr = NULL;
	char iso[DATE_ISO_LEN];
	const char *parts[3];

	if (mail_parse_addr(d->p->mail_from, &from_name, &from_addr) != 0) {
		from_name = xstrdup("lb");
		from_addr = xstrdup("lb@localhost");
	}
	mail_header_addr(h, "From", from_name, from_addr);
	mail_header_addr(h, "To", to_name, to_addr);
	mail_header_text(h, "Subject", subject);
	sbuf_adds(h, "Date: ");
	mail_date(h, d->now);
	sbuf_adds(h, "\nMessage-ID: <");
	parts[0] = id_part;
	parts[1] = date_format(d->as_of, iso);
	parts[2] = to_addr;
	ics_uid(h, parts, 3, "lb-due.invalid");
	sbuf_adds(h, ">\n");
	sbuf_adds(h, "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n");
	free(from_name);
	free(from_addr);
}

/* Deliver one message: to the mbox stream, or through --sendmail. */
static int
deliver(const struct due *d, FILE *f, const char *sendmail, const char *head,
    const char *body, int *code)
{
	if (sendmail != NULL)
		return mail_sendmail(sendmail, head, body, code);
	if (mail_write_mbox(f, "lb@localhost", d->now, head, body) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}

static void
subject_of(struct sbuf *s, const struct due *d, const char *tmpl, long count,
    const char *name)
{
	static const char *const keys[] = { "count", "date", "name" };
	char num[24], iso[DATE_ISO_LEN];
	const char *vals[3];

	snprintf(num, sizeof(num), "%ld", count);
	vals[0] = num;
	vals[1] = date_format(d->as_of, iso);
	vals[2] = name;
	mail_template(s, tmpl, keys, vals, 3);
}

/*
 * The leaders' digest: overdue and due counts per mentor, and the
 * children longest without contact.
 */
static void
digest_body(struct sbuf *b, const struct due *d)
{
	struct strmap *seen = strmap_new();
	size_t i, j, nover = 0, shown = 0;
	long *over, *soon, m;
	const char **mid;
	size_t nm = 0;
	char iso[DATE_ISO_LEN];

	over = xcalloc(d->nitems + 1, sizeof(*over));
	soon = xcalloc(d->nitems + 1, sizeof(*soon));
	mid = xcalloc(d->nitems + 1, sizeof(*mid));
	for (i = 0; i < d->nitems; i++) {
		const char *id = cstr(d, d->items[i].child, S_MENTOR);

		m = strmap_put(seen, id, (long)nm);
		if (m == (long)nm)
			mid[nm++] = id;
		if (d->items[i].days_late > 0) {
			over[m]++;
			nover++;
		} else
			soon[m]++;
	}
	words(b, d, "mail.digest_head", date_format(d->as_of, iso), 0,
	    (long)nover, (long)(d->nitems - nover));
	sbuf_adds(b, "\n\n");
	words(b, d, "mail.digest_mentors", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
	for (j = 0; j < nm; j++) {
		sbuf_adds(b, "- ");
		if (*mid[j] == '\0')
			words(b, d, "mail.no_mentor", NULL, 0, 0, 0);
		else {
			mail_clean(b, staff_get(d, mid[j], SC_NAME));
			sbuf_adds(b, report_label(d->p, "paren_open"));
			mail_clean(b, mid[j]);
			sbuf_adds(b, report_label(d->p, "paren_close"));
		}
		words(b, d, "mail.digest_counts", NULL, 0, over[j], soon[j]);
		sbuf_addc(b, '\n');
	}
	/* Overdue items come first, those due earliest (longest waiting) first. */
	sbuf_addc(b, '\n');
	words(b, d, "mail.digest_oldest", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
	strmap_free(seen);
	seen = strmap_new();
	for (i = 0; i < d->nitems && shown < DIGEST_MAX; i++) {
		if (d->items[i].days_late <= 0)
			break;
		if (strmap_put(seen, cstr(d, d->items[i].child, S_ID), 1) != 1)
			continue;
		strmap_set(seen, cstr(d, d->items[i].child, S_ID), 2);
		mail_item(b, d, &d->items[i], 0);
		shown++;
	}
	if (shown == 0)
	{
		words(b, d, "mail.digest_none", NULL, 0, 0, 0);
		sbuf_addc(b, '\n');
	}
	strmap_free(seen);
	free(over);
	free(soon);
	free(mid);
}

/* Send the digest to one leader (name may be empty).  Returns 0 or -1. */
static int
send_digest(const struct due *d, FILE *f, const char *sendmail,
    const char *name, const char *email, int *code)
{
	struct sbuf head = SBUF_INIT, body = SBUF_INIT, subj = SBUF_INIT;
	const char *tmpl = d->p->mail_digest_subject;
	char iso[DATE_ISO_LEN];
	int rc;

	sbuf_init(&head);
	sbuf_init(&body);
	sbuf_init(&subj);
	if (*tmpl == '\0')
		tmpl = report_label(d->p, "mail.digest_subject");
	subject_of(&subj, d, tmpl, (long)d->nitems, name);
	message_head(&head, d, name, email, subj.buf, "digest");
	if (*name != '\0') {
		mail_clean(&body, name);
		sbuf_adds(&body, report_label(d->p, "colon"));
	}
	words(&body, d, "mail.digest_intro", NULL, 0, 0, 0);
	sbuf_adds(&body, "\n\n");
	digest_body(&body, d);
	sbuf_addc(&body, '\n');
	words(&body, d, "mail.signature", date_format(d->as_of, iso), 0, 0, 0);
	sbuf_addc(&body, '\n');
	rc = deliver(d, f, sendmail, head.buf, body.buf, code);
	sbuf_release(&head);
	sbuf_release(&body);
	sbuf_release(&subj);
	return rc;
}

/* 1 when addr (any case) is already in sent; else adds it and returns 0. */
static int
sent_before(struct strmap *sent, const char *addr)
{
	struct sbuf low = SBUF_INIT;
	const char *p;
	int seen;

	sbuf_init(&low);
	for (p = addr; *p != '\0'; p++)
		sbuf_addc(&low, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
		    *p));
	if (!(seen = strmap_put(sent, low.buf, 1) != 1))
		strmap_set(sent, low.buf, 2);
	sbuf_release(&low);
	return seen;
}

static int
write_mail(const struct due *d, FILE *f, const char *sendmail)
{
	struct sbuf head = SBUF_INIT, body = SBUF_INIT, subj = SBUF_INIT;
	static const char *const keys[] = { "count", "date", "name" };
	const char *vals[3], *m, *name, *email;
	char num[24], iso[DATE_ISO_LEN];
	size_t i, r, nomentor = 0;
	int code = LB_OK, role_err = 0;
	struct strmap *done = strmap_new(), *sent = NULL;

	sbuf_init(&head);
	sbuf_init(&body);
	sbuf_init(&subj);
	/* Items are sorted by due date first; gather each mentor's items. */
	{
		size_t k, count;

		for (i = 0; i < d->nitems; i++) {
			m = cstr(d, d->items[i].child, S_MENTOR);
			if (strmap_put(done, m, 1) != 1)
				continue;
			strmap_set(done, m, 2);
			count = 0;
			for (k = i; k < d->nitems; k++)
				if (strcmp(cstr(d, d->items[k].child, S_MENTOR), m) == 0)
					count++;
			if (*m == '\0') {
				nomentor += count;
				continue;
			}
			name = staff_get(d, m, SC_NAME);
			email = staff_get(d, m, SC_EMAIL);
			if (!mail_addr_ok(email)) {
				diag_warn(NULL, 0, 0, P_("no email for mentor "
				    "'%s' (%zu item not mailed)", "no email "
				    "for mentor '%s' (%zu items not mailed)",
				    count), m, count);
				continue;
			}
			sbuf_reset(&head);
			sbuf_reset(&body);
			sbuf_reset(&subj);
			subject_of(&subj, d, d->p->mail_subject, (long)count,
			    *name != '\0' ? name : m);
			message_head(&head, d, name, email, subj.buf, m);
			snprintf(num, sizeof(num), "%zu", count);
			vals[0] = num;
			vals[1] = date_format(d->as_of, iso);
			vals[2] = *name != '\0' ? name : m;
			mail_template(&body, d->p->mail_intro, keys, vals, 3);
			sbuf_adds(&body, "\n\n");
			for (k = i; k < d->nitems; k++)
				if (strcmp(cstr(d, d->items[k].child, S_MENTOR), m) == 0)
					mail_item(&body, d, &d->items[k], 1);
			sbuf_addc(&body, '\n');
			words(&body, d, "mail.signature", iso, 0, 0, 0);
			sbuf_addc(&body, '\n');
			if (deliver(d, f, sendmail, head.buf, body.buf, &code) != 0)
				goto done;
		}
	}
	if (nomentor > 0)
		diag_warn(NULL, 0, 0, P_("%zu item for children without a "
		    "mentor (not mailed; see lb-pair)", "%zu items for "
		    "children without a mentor (not mailed; see lb-pair)",
		    nomentor), nomentor);

	/*
	 * The digest, only for a whole-school run: to staff with role
	 * leader, then to the policy's mail.leaders, each address once.
	 */
	if (d->mentor != NULL || d->staff == NULL)
		goto done;
	sent = strmap_new();
	for (r = 0; r < d->staff->nrows; r++) {
		const char *role = table_get(d->staff, r, SC_ROLE), *canon;

		canon = *role == '\0' ? NULL :
		    policy_value(d->p, DOM_ROLE, role, &role_err);
		if (canon == NULL || strcmp(canon, "leader") != 0)
			continue;
		name = table_get(d->staff, r, SC_NAME);
		email = table_get(d->staff, r, SC_EMAIL);
		if (!mail_addr_ok(email)) {
			diag_warn(NULL, 0, 0, _("no email for leader '%s' "
			    "(digest not mailed)"), table_get(d->staff, r,
			    SC_STAFF_ID));
			continue;
		}
		if (sent_before(sent, email))
			continue;
		if (send_digest(d, f, sendmail, name, email, &code) != 0)
			goto done;
	}
	for (r = 0; r < d->p->nmail_leaders; r++) {
		char *lname, *laddr;
		int rc;

		/* The loader checked them: this cannot fail. */
		if (mail_parse_addr(d->p->mail_leaders[r], &lname, &laddr) != 0)
			continue;
		rc = sent_before(sent, laddr) ? 0 :
		    send_digest(d, f, sendmail, lname, laddr, &code);
		free(lname);
		free(laddr);
		if (rc != 0)
			goto done;
	}
done:
	strmap_free(sent);
	strmap_free(done);
	sbuf_release(&head);
	sbuf_release(&body);
	sbuf_release(&subj);
	return code;
}

static void
write_ics(const struct due *d, FILE *f)
{
	struct sbuf out = SBUF_INIT, v = SBUF_INIT;
	char due[DATE_ISO_LEN], day[9], stamp[17], cp[4];
	const char *parts[4];
	const struct cadence_item *it;
	date_t on;
	size_t i;

	sbuf_init(&out);
	sbuf_init(&v);
	ics_line(&out, "BEGIN", "VCALENDAR");
	ics_line(&out, "VERSION", "2.0");
	ics_line(&out, "PRODID", "-//lb//lb-due " LB_VERSION "//ZH");
	ics_line(&out, "CALSCALE", "GREGORIAN");
	ics_line(&out, "METHOD", "PUBLISH");
	ics_line(&out, "X-WR-CALNAME", report_label(d->p, "ics.calendar"));
	ics_stamp(d->now, stamp);
	for (i = 0; i < d->nitems; i++) {
		it = &d->items[i];
		date_format(it->due, due);
		snprintf(cp, sizeof(cp), "%d", it->checkpoint);
		ics_line(&out, "BEGIN", "VEVENT");
		sbuf_reset(&v);
		parts[0] = cstr(d, it->child, S_ID);
		parts[1] = d->p->contacts[it->kind].kind;
		parts[2] = due;
		parts[3] = cp;
		ics_uid(&v, parts, 4, "lb-due");
		ics_line(&out, "UID", v.buf);
		ics_line(&out, "DTSTAMP", stamp);
		/* Overdue work is shown today, where a teacher will see it. */
		on = it->days_late > 0 ? d->as_of : it->due;
		ics_line(&out, "DTSTART;VALUE=DATE", ics_date(on, day));
		ics_line(&out, "DTEND;VALUE=DATE", ics_date(on + 1, day));
		sbuf_reset(&v);
		{
			struct sbuf t = SBUF_INIT;

			sbuf_init(&t);
			if (it->days_late > 0)
				words(&t, d, "ics.overdue", NULL, it->days_late, 0, 0);
			item_label(&t, d, it);
			sbuf_adds(&t, report_label(d->p, "colon"));
			sbuf_adds(&t, cstr(d, it->child, S_NAME));
			sbuf_adds(&t, report_label(d->p, "paren_open"));
			sbuf_adds(&t, cstr(d, it->child, S_CLASS));
			sbuf_adds(&t, report_label(d->p, "paren_close"));
			ics_text(&v, t.buf);
			ics_line(&out, "SUMMARY", v.buf);
			sbuf_reset(&t);
			sbuf_reset(&v);
			mail_item(&t, d, it, 0);
			if (t.len > 0 && t.buf[t.len - 1] == '\n')
				t.buf[--t.len] = '\0';
			ics_text(&v, t.buf + 2);
			ics_line(&out, "DESCRIPTION", v.buf);
			sbuf_release(&t);
		}
		ics_line(&out, "TRANSP", "TRANSPARENT");
		ics_line(&out, "END", "VEVENT");
		fwrite(out.buf, 1, out.len, f);
		sbuf_reset(&out);
	}
	ics_line(&out, "END", "VCALENDAR");
	fwrite(out.buf, 1, out.len, f);
	sbuf_release(&out);
	sbuf_release(&v);
}

static int
load_staff(struct due *d, const char *path)
{
	int code = LB_OK;
	size_t r;

	if ((d->staff = table_read(path, FK_STAFF, d->p, &d->opts, &code)) == NULL)
		return code;
	d->staff_row = strmap_new();
	for (r = 0; r < d->staff->nrows; r++)
		strmap_put(d->staff_row, table_get(d->staff, r, SC_STAFF_ID),
		    (long)r);
	return LB_OK;
}

static time_t
now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	/* Reproducible mail and calendars: the convention of reproducible builds. */
	if (e != NULL && *e != '\0') {
		errno = 0;
		t = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && t >= 0)
			return (time_t)t;
	}
	return time(NULL);
}

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *log_path = NULL, *out_path = NULL;
	const char *staff_path = NULL, *sendmail = NULL;
	const char **where = xcalloc((size_t)argc + 1, sizeof(*where));
	const char **kinds = NULL;
	struct emit_opts eo = { 0, 0, NULL };
	struct policy *policy;
	struct ofile *of = NULL;
	struct due d;
	size_t i, nwhere = 0;
	int c, print_policy = 0, code = LB_OK, fmt = F_CSV, csv_flags = 0;
	FILE *f;

	diag_init(argv[0]);
	i18n_init();
	memset(&d, 0, sizeof(d));
	d.as_of = date_today();
	while ((c = getopt_long(argc, argv, "hl:o:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'l':
			log_path = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			d.as_of = cli_date("--as-of", optarg);
			break;
		case OPT_COLUMNS:
			eo.columns = optarg;
			break;
		case OPT_ENCODING:
			d.opts.encoding = optarg;
			break;
		case OPT_EXCEL:
			csv_flags |= CSVIO_EXCEL;
			break;
		case OPT_FORMAT:
			fmt = cli_format(optarg, formats);
			break;
		case OPT_MENTOR:
			d.mentor = optarg;
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_SENDMAIL:
			sendmail = optarg;
			break;
		case OPT_STAFF:
			staff_path = optarg;
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_WHERE:
			where[nwhere++] = optarg;
			break;
		case OPT_WITHIN:
			d.within = cli_count("--within", optarg);
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		free(where);
		return code;
	}
	if (argc > 1)
		cli_usage(usage, LB_USAGE);
	if (log_path == NULL) {
		diag_error(NULL, 0, 0, _("missing -l LOG (expected the "
		    "activity log)"));
		cli_usage(usage, LB_USAGE);
	}
	if (sendmail != NULL && fmt != F_MAIL)
		diag_die(LB_USAGE, _("--sendmail needs --format mail"));
	if (fmt == F_MAIL && staff_path == NULL)
		diag_die(LB_USAGE, _("--format mail needs --staff (expected "
		    "the staff list with the mentors' emails)"));
	if (eo.columns != NULL && fmt != F_CSV && fmt != F_TABLE)
		diag_die(LB_USAGE, _("--columns needs --format csv or table"));
	if (csv_flags != 0 && fmt != F_CSV)
		diag_die(LB_USAGE, _("--excel applies to --format csv only"));
	eo.table = fmt == F_TABLE;
	eo.csv_flags = csv_flags;
	if (emit_check(eo.columns, NOUT, out_header) != 0) {
		policy_free(policy);
		free(where);
		return diag_close_stdout(LB_USAGE);
	}
	d.p = policy;
	d.query = query_new(policy, d.as_of, where, nwhere, own_cols, NOWN);
	kinds = xcalloc(policy->ncontacts + 1, sizeof(*kinds));
	for (i = 0; i < policy->ncontacts; i++)
		kinds[i] = policy->contacts[i].kind;
	query_own_values(d.query, OWN_STATUS, statuses);
	query_own_values(d.query, OWN_KIND, kinds);
	d.now = now();
	d.phones = fmt == F_MAIL && policy->mail_guardian_phones;
	d.ids = strmap_new();
	sbuf_init(&d.pool);

	/* The roster first: a --where naming no column fails before work. */
	if ((code = read_roster(&d, argc > 0 ? argv[0] : "-")) != LB_OK)
		goto done;
	if (staff_path != NULL && (code = load_staff(&d, staff_path)) != LB_OK)
		goto done;
	d.cad = cadence_new(policy, d.as_of, d.n);
	for (i = 0; i < d.n; i++)
		cadence_set_child(d.cad, i, &d.facts[i]);
	if ((code = read_log(&d, log_path)) != LB_OK)
		goto done;
	if ((code = collect(&d)) != LB_OK)
		goto done;

	if (sendmail != NULL) {
		f = NULL;
	} else if (out_path != NULL) {
		if ((of = ofile_open(out_path, OFILE_PRIVATE)) == NULL) {
			code = LB_CANTCREAT;
			goto done;
		}
		f = ofile_stream(of);
	} else
		f = stdout;
	switch (fmt) {
	case F_CSV:
	case F_TABLE:
		write_rows(&d, f, &eo);
		break;
	case F_MAIL:
		code = write_mail(&d, f, sendmail);
		break;
	case F_ICS:
		write_ics(&d, f);
		break;
	}
	if (of != NULL) {
		if (code != LB_OK)
			ofile_abort(of);
		else if (ofile_commit(of) != 0)
			code = LB_IOERR;
		of = NULL;
	}
	if (code == LB_OK)
		for (i = 0; i < d.nitems; i++)
			if (d.items[i].days_late > 0)
				code = LB_FOUND;
done:
	ofile_abort(of);
	cadence_free(d.cad);
	free(d.items);
	free(d.facts);
	free(d.str);
	free(d.guardian);
	sbuf_release(&d.pool);
	strmap_free(d.ids);
	strmap_free(d.staff_row);
	table_free(d.staff);
	query_free(d.query);
	free(kinds);
	free(where);
	policy_free(policy);
	return diag_close_stdout(code);
}
