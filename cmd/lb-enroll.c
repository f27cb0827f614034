/* lb-enroll: from the school's intake spreadsheets to the roster. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "enroll.h"
#include "history.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "query.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-enroll [-p policy] [--into roster | -o file] [--rejects file]\n"
    "                 [--history file] [--check] [--as-of date] [--encoding enc]\n"
    "                 [--sheet name] [--excel] [--where expr ...]\n"
    "                 [--format csv|table|xlsx] [--columns list] [intake ...]\n"
    "       lb-enroll [-p policy] --print-policy\n");

/*
 * --help: each option as the man page's list of options heads it, in its
 * order, and the codes of its EXIT STATUS (tests/man/0006 compares them):
 * a new option is one more line here, and in the man pages.
 */
static const struct cli_help opthelp[] = {
	/* TRANSLATORS: --help: what an option does, one line (50 columns). */
	{ "--as-of date", N_("compute for this day instead of today") },
	{ "--check", N_("validate only: write no roster") },
	{ "--columns list", N_("print only these columns, in this order") },
	{ "--encoding enc", N_("input files are in encoding enc, not UTF-8") },
	{ "--excel", N_("write CSV that spreadsheets open safely") },
	{ "--format fmt", N_("csv (default), table or xlsx") },
	{ "-h, --help", N_("print this help and exit") },
	{ "--history file", N_("with --into: append each change to file") },
	{ "--into roster", N_("merge into this roster, replaced in place") },
	{ "-o file, --output file", N_("write to file instead of the standard output") },
	{ "-p policy, --policy policy", N_("use this policy over the built-in one") },
	{ "--print-policy", N_("print the effective policy as YAML and exit") },
	{ "--rejects file", N_("write the rejected rows to file, to correct") },
	{ "--sheet name", N_("the sheet of a workbook to read") },
	{ "--version", N_("print the version and exit") },
	{ "--where expr", N_("keep only the children expr holds for") },
	{ NULL, NULL }
};

static const struct cli_help exithelp[] = {
	/* TRANSLATORS: --help: what an exit code means, one line. */
	{ "0", N_("every row was entered") },
	{ "1", N_("some rows were rejected, the others entered") },
	{ "64", N_("bad command line") },
	{ "65", N_("bad input: not CSV or UTF-8, or a column missing") },
	{ "66", N_("an input file or the policy is missing") },
	{ "71", N_("out of memory, or another system error") },
	{ "73", N_("an output file cannot be created or replaced") },
	{ "74", N_("a read or write error") },
	{ "75", N_("another run holds the roster's lock: try again") },
	{ "78", N_("the policy is bad") },
	{ NULL, NULL }
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "sheet", required_argument, NULL, OPT_SHEET },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "into", required_argument, NULL, OPT_INTO },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

enum { F_CSV, F_TABLE, F_XLSX };
static const char *const formats[] = { "csv", "table", "xlsx", NULL };

/*
 * The label of each of t's columns for a table in the policy's words
 * (struct emit_opts): a canonical column's is its name, a column of the
 * school's own has none (its header is shown as it is).  Free it.
 */
static const char **
roster_labels(const struct table *t)
{
	const char **l = xcalloc(t->ncols + 1, sizeof(*l));
	size_t i;

	for (i = 0; i < t->ncols; i++)
		l[i] = t->canon[i] >= 0 ? t->names[i] : NULL;
	return l;
}

/*
 * Replace the roster at into with e's; with txn, append the history's
 * rows once the new roster is on disk under its temporary name and
 * before its rename (lib/history.h), so that the journal names both the
 * roster that was and the one to come.  0, or -1 with *code set after a
 * message.
 */
static int
write_with_history(const struct enroll *e, const char *into, int csv_flags,
    struct history_txn *txn, int *code)
{
	struct ofile *of;
	struct stat st;

	if (txn == NULL)
		return table_write_path(e->roster, into, csv_flags, code);
	if ((of = table_write_open(e->roster, into, csv_flags, code)) == NULL)
		return -1;
	if (ofile_ready(of, &st) != 0) {
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), into,
		    strerror(errno));
		*code = LB_IOERR;
		ofile_abort(of);
		return -1;
	}
	if (history_append(txn, &st, ofile_tmp(of), code) != 0) {
		ofile_abort(of);
		return -1;
	}
	if (ofile_commit(of) != 0) {
		*code = LB_IOERR;
		return -1;
	}
	return 0;
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
	struct emit_opts o = *eo;
	const char **labels = roster_labels(t);
	struct ofile *of = NULL;
	struct emit *e;
	FILE *f = stdout;
	size_t r;
	int m, code = LB_OK;

	o.labels = labels;
	if (path != NULL) {
		if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL) {
			free(labels);
			return LB_CANTCREAT;
		}
		f = ofile_stream(of);
	}
	/* The columns and expressions were checked before any work. */
	e = emit_new(f, &o, t->ncols, (const char *const *)t->names, &code);
	free(labels);		/* emit_new() keeps none of it */
	if (e == NULL) {
		ofile_abort(of);
		return code;
	}
	for (r = 0; r < t->nrows; r++) {
		/* Rows of several intakes: the message names the student. */
		m = q != NULL && query_on_roster(q) ?
		    query_row(q, t->rows[r], NULL, 0) : 1;
		if (m < 0) {
			code = LB_DATAERR;
			break;
		}
		if (m == 1)
			emit_row(e, (const char *const *)t->rows[r]);
	}
	if (code == LB_OK)
		code = emit_end(e);
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

/*
 * The roster written over an intake is an update in place (an intake may
 * be the roster); the rejects over the roster or an intake, or two
 * outputs on one file, are not.
 */
static void
check_overwrite(int argc, char **argv, const char *into,
    const char *out_path, const char *rejects_path, const char *history)
{
	struct cli_file *f = xcalloc((size_t)argc + 5, sizeof(*f));
	size_t n = 0;
	int i;

	f[n++] = (struct cli_file){ rejects_path, "--rejects", "rejects",
	    1 };
	f[n++] = (struct cli_file){ history, "--history", "history", 1 };
	f[n++] = (struct cli_file){ into, "--into", "roster", 1 };
	f[n++] = (struct cli_file){ out_path, "-o", "roster", 1 };
	for (i = 0; i < argc; i++)
		f[n++] = (struct cli_file){ argv[i], "", "roster", 0 };
	cli_no_overwrite(f, n);
	free(f);
}

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *out_path = NULL, *into = NULL;
	const char *rejects_path = NULL, *history_opt = NULL;
	char *history = NULL;
	struct history_batch changes;
	struct history_txn *txn = NULL;
	const char **where = xcalloc((size_t)argc + 1, sizeof(*where));
	const char **labels = NULL;
	struct csvio_opts opts = { .encoding = NULL };
	struct emit_opts eo = { .table = 0 };
	struct table *roster;
	struct query *query = NULL;
	struct enroll e;
	struct policy *policy;
	int c, i, print_policy = 0, check = 0, csv_flags = 0, code = LB_OK;
	int lock = -1, fmt = F_CSV;
	size_t nwhere = 0;
	long wait_ms = 0;
	date_t as_of;

	diag_init(argv[0]);
	/* getopt_long() names argv[0] in its messages: the name, not a path. */
	argv[0] = (char *)diag_prog();
	i18n_init();
	memset(&e, 0, sizeof(e));
	history_batch_init(&changes);
	as_of = date_today();
	while ((c = getopt_long(argc, argv, "ho:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_help(usage, opthelp, exithelp);
		case 'o':
			out_path = optarg;
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			as_of = cli_date("--as-of", optarg);
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
		case OPT_SHEET:
			opts.sheet = optarg;
			break;
		case OPT_EXCEL:
			csv_flags |= CSVIO_EXCEL;
			break;
		case OPT_FORMAT:
			fmt = cli_format(optarg, formats);
			break;
		case OPT_HISTORY:
			history_opt = optarg;
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
	cli_operands_one_stdin(argc, argv, _("intake files"));
	if (into != NULL && out_path != NULL) {
		diag_error(NULL, 0, 0, _("--into and -o both given (expected "
		    "one place for the roster)"));
		cli_usage(usage, LB_USAGE);
	}
	/* The changes of the roster lb keeps: -o writes a new one. */
	if (history_opt != NULL && into == NULL)
		diag_die(LB_USAGE, _("--history records the changes --into "
		    "makes to a roster (expected --into roster)"));
	if (history_opt != NULL && strcmp(history_opt, "-") == 0)
		diag_die(LB_USAGE, _("--history is a file appended to, not "
		    "the standard output (expected a file name)"));
	check_overwrite(argc, argv, into, out_path, rejects_path,
	    history_opt);
	/* A selection printed, never a roster file rewritten with less. */
	if ((nwhere > 0 || eo.columns != NULL || fmt == F_TABLE) &&
	    (into != NULL || check))
		diag_die(LB_USAGE, _("--where, --columns and --format table "
		    "choose what is printed: not with %s"), into != NULL ?
		    "--into" : "--check");
	/* The roster lb keeps is CSV; a workbook is a copy to hand out. */
	if (fmt == F_XLSX && into != NULL)
		diag_die(LB_USAGE, _("--format xlsx writes a copy with -o: "
		    "the roster of --into stays CSV"));
	if (fmt != F_CSV && csv_flags != 0)
		diag_die(LB_USAGE, _("--excel applies to --format csv only"));
	eo.table = fmt == F_TABLE;
	eo.xlsx = fmt == F_XLSX;
	eo.sheet = "roster";
	eo.csv_flags = csv_flags;

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		free(where);
		return code;
	}
	/* The lock covers read, merge and replace, so no update is lost. */
	if (into != NULL && !check &&
	    ((wait_ms = ofile_lock_wait(&code)) < 0 ||
	    (lock = ofile_lock(into, wait_ms, &code)) < 0))
		goto done;
	if (into != NULL && csvio_workbook(into)) {
		/* Replaced by CSV, the school's workbook would be gone. */
		diag_error(NULL, 0, 0, _("--into: '%s' is a workbook (expected "
		    "the roster lb keeps, a CSV file: lb-enroll -o roster.csv "
		    "'%s' makes one)"), into, into);
		code = LB_DATAERR;
		goto done;
	}
	/* The history named by the policy is beside the roster. */
	if (into != NULL && !check && (history = history_path(policy,
	    history_opt, into)) != NULL && history_opt == NULL)
		check_overwrite(argc, argv, into, out_path, rejects_path,
		    history);
	if (into != NULL && access(into, F_OK) == 0)
		roster = table_read(into, FK_ROSTER, policy, NULL, &code);
	else
		roster = table_new(FK_ROSTER, into != NULL ? into : "roster");
	if (roster == NULL)
		goto done;
	enroll_init(&e, policy, as_of, roster);
	if (history != NULL)
		e.history = &changes;
	/* A question: its answer, not every card's warning again. */
	e.quiet = nwhere > 0 || eo.columns != NULL || fmt == F_TABLE;

	/*
	 * Every intake is read before any row is enrolled, so that a missing
	 * file, or a --where or --columns naming no column of the roster,
	 * stops the run before its messages about rows.
	 */
	for (i = 0; i < argc || (i == 0 && argc == 0); i++)
		if (enroll_read(&e, argc > 0 ? argv[i] : "-", &opts,
		    &code) != 0)
			goto done;
	query = query_new(policy, as_of, where, nwhere, NULL, 0);
	/* Tables for people say it in the policy's words (lb-policy(5)). */
	eo.policy = policy;
	eo.labels = labels = roster_labels(e.roster);
	if (query_bind(query, e.roster->ncols,
	    (const char *const *)e.roster->names, e.roster->canon) != 0 ||
	    emit_check_labels(&eo, e.roster->ncols,
	    (const char *const *)e.roster->names) != 0) {
		code = LB_USAGE;
		goto done;
	}
	enroll_rows(&e);

	fprintf(stderr, "%s: ", diag_prog());
	fprintf(stderr, _("added %ld, updated %ld, unchanged %ld, rejected %ld "
	    "(incomplete cards %ld)\n"), e.added, e.updated, e.unchanged,
	    e.rejected, e.incomplete);
	/*
	 * The new roster on disk under its temporary name, then the
	 * history's rows (on disk) with a journal naming the roster as it is
	 * and the new one, then the rename (the commit), then history_end()
	 * keeps the rows, or cuts them when the roster was not replaced.
	 * Killed in between, the next run finds the journal and cuts them
	 * unless the new roster took the old one's place: the history never
	 * claims a change the roster did not get, even when another command
	 * replaced the roster meanwhile.  Appending after the rename would
	 * lose changes to a failed history write.
	 */
	if (into != NULL && !check) {
		if (history != NULL && (txn = history_begin(history, into,
		    &changes, wait_ms, &code)) == NULL)
			goto done;
		if (write_with_history(&e, into, csv_flags, txn, &code) != 0 &&
		    code == LB_OK)
			code = LB_IOERR;
		if (history_end(txn, code == LB_OK) != 0 && code == LB_OK)
			code = LB_IOERR;
	} else if (!check)
		code = write_roster(e.roster, out_path, &eo, query);
	/* --check writes the rejects too: they are what a teacher fixes. */
	if (code == LB_OK && rejects_path != NULL && fmt == F_XLSX) {
		struct emit_opts ro = { .xlsx = 1, .sheet = "rejects" };

		code = write_roster(e.rejects, rejects_path, &ro, NULL);
	} else if (code == LB_OK && rejects_path != NULL)
		(void)table_write_path(e.rejects, rejects_path, csv_flags,
		    &code);
	if (code == LB_OK && e.rejected > 0)
		code = LB_FOUND;
done:
	if (lock >= 0)
		ofile_unlock(lock);
	query_free(query);
	free(where);
	free(labels);
	enroll_release(&e);
	history_batch_release(&changes);
	free(history);
	policy_free(policy);
	return diag_close_stdout(code);
}
