/* lb-enroll: from the school's intake spreadsheets to the roster. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card.h"
#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "query.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-enroll [-p policy] [--into roster | -o file] [--rejects file]\n"
    "                 [--check] [--as-of date] [--encoding enc] [--excel]\n"
    "                 [--where expr ...] [--format csv|table] [--columns list]\n"
    "                 [intake.csv ...]\n"
    "       lb-enroll [-p policy] --print-policy\n");

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "into", required_argument, NULL, OPT_INTO },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

enum { F_CSV, F_TABLE };
static const char *const formats[] = { "csv", "table", NULL };

/*
 * The column --rejects adds.  A fixed rejects file is fed back as an
 * intake, so the column is dropped on the way in rather than carried
 * into the roster.
 */
#define REJECTS_COLUMN "error"

struct enroll {
	const struct policy *policy;
	date_t as_of;
	struct table *roster;	/* the result: the old roster merged, or new */
	struct strmap *row_of;	/* student_id -> row of roster */
	struct strmap *first;	/* student_id -> index in where[] (this run) */
	char **where;		/* "file:line" of each id's first intake row */
	size_t nwhere, capwhere;
	struct strmap *id_card;	/* id_card -> row, to flag duplicates */
	struct strmap *name_birth;	/* "name\tbirth" -> row */
	struct table *rejects;	/* rejected rows as read, with "error" */
	long added, updated, unchanged, rejected, incomplete;
};

static void
remember_where(struct enroll *e, const char *id, const char *file, long line)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s:%ld", file, line);
	XGROW(e->where, e->nwhere + 1, e->capwhere);
	e->where[e->nwhere] = sbuf_detach(&sb);
	strmap_put(e->first, id, (long)e->nwhere);
	e->nwhere++;
}

/* Keep a rejected row as it was read, plus what was wrong with it. */
static void
reject(struct enroll *e, const struct table *in, size_t r, const char *why)
{
	size_t c, row, ecol;

	ecol = table_add_extra(e->rejects, REJECTS_COLUMN);
	row = table_add_row(e->rejects, NULL, in->lines[r]);
	for (c = 0; c < in->ncols; c++) {
		size_t to = in->canon[c] >= 0 ?
		    (size_t)e->rejects->col[in->canon[c]] :
		    table_add_extra(e->rejects, in->names[c]);

		table_set_cell(e->rejects, row, to, in->rows[r][c]);
	}
	table_set_cell(e->rejects, row, ecol, why);
	e->rejected++;
}

/*
 * Warn about the child's card as it now stands in the roster (the intake
 * row may be a partial update): incomplete, or perhaps another child's.
 */
static void
warn_card(struct enroll *e, const char *file, long line, long row)
{
	struct sbuf sb = SBUF_INIT;
	char *v[RC_COUNT];
	long other;
	int c;

	for (c = 0; c < RC_COUNT; c++)
		v[c] = (char *)table_get(e->roster, (size_t)row, c);
	sbuf_init(&sb);
	if (card_missing(e->policy, v, &sb) > 0) {
		diag_warn(file, line, 0, _("incomplete card for '%s' "
		    "(missing %s)"), v[RC_STUDENT_ID], sb.buf);
		e->incomplete++;
	}
	if (*v[RC_ID_CARD] != '\0') {
		other = strmap_put(e->id_card, v[RC_ID_CARD], row);
		if (other != row)
			diag_warn(file, line, 0, _("'%s' has the id_card of "
			    "'%s': the same child twice?"), v[RC_STUDENT_ID],
			    table_get(e->roster, (size_t)other, RC_STUDENT_ID));
	}
	sbuf_reset(&sb);
	sbuf_printf(&sb, "%s\t%s", v[RC_NAME], v[RC_BIRTH_DATE]);
	other = strmap_put(e->name_birth, sb.buf, row);
	if (other != row)
		diag_warn(file, line, 0, _("'%s' has the name and birth date "
		    "of '%s': the same child twice?"), v[RC_STUDENT_ID],
		    table_get(e->roster, (size_t)other, RC_STUDENT_ID));
	sbuf_release(&sb);
}

/* Whether intake column c is an unknown one the roster takes over. */
static int
extra_col(const struct table *in, size_t c)
{
	return in->canon[c] < 0 && strcmp(in->names[c], REJECTS_COLUMN) != 0;
}

/*
 * A new child's row: the intake row's values (v for the canonical
 * columns, which are added as needed), all at once.
 */
static long
add_new_row(struct table *ro, const struct table *in, size_t r,
    char *const *v)
{
	char **vals;
	size_t c;
	long row;

	for (c = 0; c < RC_COUNT; c++)
		if (*v[c] != '\0')
			(void)table_add_col(ro, (int)c);
	vals = xreallocarray(NULL, ro->ncols + 1, sizeof(*vals));
	for (c = 0; c < ro->ncols; c++)
		vals[c] = (char *)"";
	for (c = 0; c < RC_COUNT; c++)
		if (*v[c] != '\0')
			vals[ro->col[c]] = v[c];
	for (c = 0; c < in->ncols; c++)
		if (extra_col(in, c) && *in->rows[r][c] != '\0')
			vals[table_add_extra(ro, in->names[c])] =
			    in->rows[r][c];
	row = (long)table_add_row(ro, vals, in->lines[r]);
	free(vals);
	return row;
}

/*
 * Put a valid intake row into the roster: a new child is added whole; a
 * child already there gets the values the intake gives (an empty intake
 * cell never erases what the roster knows).
 */
static long
merge_row(struct enroll *e, const struct table *in, size_t r, char **v,
    char *const *given)
{
	struct table *ro = e->roster;
	long row = strmap_get(e->row_of, v[RC_STUDENT_ID]);
	size_t c, to;
	int changed = 0;
	const char *val;

	if (row < 0) {
		row = add_new_row(ro, in, r, v);
		strmap_put(e->row_of, v[RC_STUDENT_ID], row);
		e->added++;
		return row;
	}
	for (c = 0; c < RC_COUNT; c++) {
		val = table_get(ro, (size_t)row, (int)c);
		if (*v[c] == '\0' || strcmp(val, v[c]) == 0)
			continue;
		/* Defaults and derived values only fill what is empty. */
		if (*given[c] == '\0' && *val != '\0')
			continue;
		table_set(ro, (size_t)row, (int)c, v[c]);
		changed = 1;
	}
	for (c = 0; c < in->ncols; c++) {
		if (!extra_col(in, c) || *in->rows[r][c] == '\0')
			continue;
		to = table_add_extra(ro, in->names[c]);
		if (strcmp(ro->rows[row][to], in->rows[r][c]) == 0)
			continue;
		table_set_cell(ro, (size_t)row, to, in->rows[r][c]);
		changed = 1;
	}
	if (changed)
		e->updated++;
	else
		e->unchanged++;
	return row;
}

static void
enroll_row(struct enroll *e, const struct table *in, size_t r, int flags)
{
	char *v[RC_COUNT], *given[RC_COUNT];
	struct sbuf errs = SBUF_INIT;
	long first, row;
	size_t c;

	sbuf_init(&errs);
	for (c = 0; c < RC_COUNT; c++) {
		v[c] = xstrdup(table_get(in, r, (int)c));
		given[c] = xstrdup(v[c]);
	}
	card_normalize(e->policy, v, e->as_of, flags, &errs);
	if (errs.len == 0 && *v[RC_STUDENT_ID] != '\0') {
		first = strmap_get(e->first, v[RC_STUDENT_ID]);
		if (first >= 0)
			sbuf_printf(&errs, _("student_id: '%s' is a duplicate "
			    "(first at %s)"), v[RC_STUDENT_ID],
			    e->where[first]);
	}
	if (errs.len > 0) {
		diag_error(in->name, in->lines[r], 0, "%s", errs.buf);
		reject(e, in, r, errs.buf);
	} else {
		remember_where(e, v[RC_STUDENT_ID], in->name, in->lines[r]);
		row = merge_row(e, in, r, v, given);
		warn_card(e, in->name, in->lines[r], row);
	}
	for (c = 0; c < RC_COUNT; c++) {
		free(v[c]);
		free(given[c]);
	}
	sbuf_release(&errs);
}

/*
 * Read one intake file, its unknown columns added to the roster's (after
 * the canonical ones, in input order).  Returns NULL with *code set.
 */
static struct table *
read_intake(struct enroll *e, const char *path, const struct csvio_opts *opts,
    int *code)
{
	struct table *in;
	size_t c;

	if ((in = table_read(path, FK_ROSTER, e->policy, opts, code)) == NULL)
		return NULL;
	for (c = 0; c < in->ncols; c++)
		if (extra_col(in, c))
			(void)table_add_extra(e->roster, in->names[c]);
	return in;
}

/* Enroll the rows of one intake file. */
static void
enroll_file(struct enroll *e, const struct table *in)
{
	size_t r;
	int flags = 0;

	if (in->col[RC_LEFT_BEHIND] < 0)
		flags |= CARD_DERIVE_LEFT_BEHIND;
	for (r = 0; r < in->nrows; r++)
		enroll_row(e, in, r, flags);
}

/*
 * Print the roster (stdout, or path atomically): the rows the --where
 * expressions hold for, the columns of --columns, as CSV or a table.
 * Returns an exit code.
 */
static int
write_roster(const struct table *t, const char *path,
    const struct emit_opts *eo, struct query *q)
{
	struct ofile *of = NULL;
	struct emit *e;
	FILE *f = stdout;
	size_t r;
	int m, code = LB_OK;

	if (path != NULL) {
		if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL)
			return LB_CANTCREAT;
		f = ofile_stream(of);
	}
	/* The columns and expressions were checked before any work. */
	if ((e = emit_new(f, eo, t->ncols, (const char *const *)t->names)) ==
	    NULL) {
		ofile_abort(of);
		return LB_USAGE;
	}
	for (r = 0; r < t->nrows; r++) {
		/* Rows of several intakes: the message names the student. */
		m = query_on_roster(q) ? query_row(q, t->rows[r], NULL, 0) : 1;
		if (m < 0) {
			code = LB_DATAERR;
			break;
		}
		if (m == 1)
			emit_row(e, (const char *const *)t->rows[r]);
	}
	if (code == LB_OK)
		emit_end(e);
	else
		emit_abort(e);
	if (of != NULL) {
		if (code != LB_OK)
			ofile_abort(of);
		else if (ofile_commit(of) != 0)
			code = LB_IOERR;
	}
	return code;
}

/* Index the roster being merged into, so ids and duplicates are found. */
static void
index_roster(struct enroll *e)
{
	struct sbuf sb = SBUF_INIT;
	const char *card;
	size_t r;

	sbuf_init(&sb);
	for (r = 0; r < e->roster->nrows; r++) {
		strmap_put(e->row_of, table_get(e->roster, r, RC_STUDENT_ID),
		    (long)r);
		card = table_get(e->roster, r, RC_ID_CARD);
		if (*card != '\0')
			strmap_put(e->id_card, card, (long)r);
		sbuf_reset(&sb);
		sbuf_printf(&sb, "%s\t%s", table_get(e->roster, r, RC_NAME),
		    table_get(e->roster, r, RC_BIRTH_DATE));
		strmap_put(e->name_birth, sb.buf, (long)r);
	}
	sbuf_release(&sb);
}

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *out_path = NULL, *into = NULL;
	const char *rejects_path = NULL;
	const char **where = xcalloc((size_t)argc + 1, sizeof(*where));
	struct csvio_opts opts = { NULL, 0, 0 };
	struct emit_opts eo = { 0, 0, NULL };
	struct table **in = NULL;
	struct query *query = NULL;
	struct enroll e;
	struct policy *policy;
	int c, i, print_policy = 0, check = 0, csv_flags = 0, code = LB_OK;
	int lock = -1, nin = 0, fmt = F_CSV;
	size_t nwhere = 0;
	long wait_ms;

	diag_init(argv[0]);
	i18n_init();
	memset(&e, 0, sizeof(e));
	e.as_of = date_today();
	while ((c = getopt_long(argc, argv, "ho:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'o':
			out_path = optarg;
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			e.as_of = cli_date("--as-of", optarg);
			break;
		case OPT_CHECK:
			check = 1;
			break;
		case OPT_COLUMNS:
			eo.columns = optarg;
			break;
		case OPT_ENCODING:
			opts.encoding = optarg;
			break;
		case OPT_EXCEL:
			csv_flags |= CSVIO_EXCEL;
			break;
		case OPT_FORMAT:
			fmt = cli_format(optarg, formats);
			break;
		case OPT_INTO:
			into = optarg;
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_REJECTS:
			rejects_path = optarg;
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_WHERE:
			where[nwhere++] = optarg;
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (into != NULL && out_path != NULL) {
		diag_error(NULL, 0, 0, _("--into and -o both given (expected "
		    "one place for the roster)"));
		cli_usage(usage, LB_USAGE);
	}
	/* A selection printed, never a roster file rewritten with less. */
	if ((nwhere > 0 || eo.columns != NULL || fmt == F_TABLE) &&
	    (into != NULL || check))
		diag_die(LB_USAGE, _("--where, --columns and --format table "
		    "choose what is printed: not with %s"), into != NULL ?
		    "--into" : "--check");
	if (fmt == F_TABLE && csv_flags != 0)
		diag_die(LB_USAGE, _("--excel applies to --format csv only"));
	eo.table = fmt == F_TABLE;
	eo.csv_flags = csv_flags;

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		free(where);
		return code;
	}
	e.policy = policy;
	e.row_of = strmap_new();
	e.first = strmap_new();
	e.id_card = strmap_new();
	e.name_birth = strmap_new();
	e.rejects = table_new(FK_ROSTER, "rejects");

	/* The lock covers read, merge and replace, so no update is lost. */
	if (into != NULL && !check &&
	    ((wait_ms = ofile_lock_wait(&code)) < 0 ||
	    (lock = ofile_lock(into, wait_ms, &code)) < 0))
		goto done;
	if (into != NULL && access(into, F_OK) == 0) {
		e.roster = table_read(into, FK_ROSTER, policy, NULL, &code);
		if (e.roster == NULL)
			goto done;
		index_roster(&e);
	} else
		e.roster = table_new(FK_ROSTER, into != NULL ? into : "roster");

	/*
	 * Every intake is read before any row is enrolled, so that a missing
	 * file, or a --where or --columns naming no column of the roster,
	 * stops the run before its messages about rows.
	 */
	in = xcalloc((size_t)argc + 1, sizeof(*in));
	for (i = 0; i < argc || (i == 0 && argc == 0); i++, nin++)
		if ((in[i] = read_intake(&e, argc > 0 ? argv[i] : "-", &opts,
		    &code)) == NULL)
			goto done;
	query = query_new(policy, e.as_of, where, nwhere, NULL, 0);
	if (query_bind(query, e.roster->ncols,
	    (const char *const *)e.roster->names, e.roster->canon) != 0 ||
	    emit_check(eo.columns, e.roster->ncols,
	    (const char *const *)e.roster->names) != 0) {
		code = LB_USAGE;
		goto done;
	}
	for (i = 0; i < nin; i++)
		enroll_file(&e, in[i]);

	fprintf(stderr, "%s: ", diag_prog());
	fprintf(stderr, _("added %ld, updated %ld, unchanged %ld, rejected %ld "
	    "(incomplete cards %ld)\n"), e.added, e.updated, e.unchanged,
	    e.rejected, e.incomplete);
	if (into != NULL && !check)
		code = table_write_path(e.roster, into, csv_flags);
	else if (!check)
		code = write_roster(e.roster, out_path, &eo, query);
	/* --check writes the rejects too: they are what a teacher fixes. */
	if (code == LB_OK && rejects_path != NULL)
		code = table_write_path(e.rejects, rejects_path, csv_flags);
	if (code == LB_OK && e.rejected > 0)
		code = LB_FOUND;
done:
	if (lock >= 0)
		ofile_unlock(lock);
	for (i = 0; i < nin; i++)
		table_free(in[i]);
	free(in);
	query_free(query);
	free(where);
	for (size_t w = 0; w < e.nwhere; w++)
		free(e.where[w]);
	free(e.where);
	strmap_free(e.row_of);
	strmap_free(e.first);
	strmap_free(e.id_card);
	strmap_free(e.name_birth);
	table_free(e.roster);
	table_free(e.rejects);
	policy_free(policy);
	return diag_close_stdout(code);
}
