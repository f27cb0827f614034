/* lb-pair: every child a mentor teacher and a peer buddy, fairly and stably. */
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
#include "pair.h"
#include "policy.h"
#include "query.h"
#include "schema.h"
#include "tabfmt.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-pair [-p policy] --staff staff [--pool pool] [--rebalance]\n"
    "               [--explain [--format csv|table|xlsx] [--columns list]]\n"
    "               [--where expr ...] [--as-of date] [--encoding enc]\n"
    "               [--sheet name] [--excel] [-o file] [roster]\n"
    "       lb-pair [-p policy] --print-policy\n");

/*
 * --help: each option as the man page's list of options heads it, in its
 * order, and the codes of its EXIT STATUS (tests/man/0006 compares them):
 * a new option is one more line here, and in the man pages.
 */
static const struct cli_help opthelp[] = {
	/* TRANSLATORS: --help: what an option does, one line (50 columns). */
	{ "--as-of date", N_("compute for this day instead of today") },
	{ "--columns list", N_("with --explain: only these columns, in this order") },
	{ "--encoding enc", N_("input files are in encoding enc, not UTF-8") },
	{ "--excel", N_("write CSV that spreadsheets open safely") },
	{ "--explain", N_("say who was chosen for each child, and why") },
	{ "--format fmt", N_("with --explain: csv, table or xlsx") },
	{ "-h, --help", N_("print this help and exit") },
	{ "-o file, --output file", N_("write to file instead of the standard output") },
	{ "-p policy, --policy policy", N_("use this policy over the built-in one") },
	{ "--pool pool", N_("the class lists to choose buddies from") },
	{ "--print-policy", N_("print the effective policy as YAML and exit") },
	{ "--rebalance", N_("pair every child afresh") },
	{ "--sheet name", N_("the sheet of a workbook to read") },
	{ "--staff staff", N_("the staff list to choose mentors from (required)") },
	{ "--version", N_("print the version and exit") },
	{ "--where expr", N_("pair only the children expr holds for") },
	{ NULL, NULL }
};

static const struct cli_help exithelp[] = {
	/* TRANSLATORS: --help: what an exit code means, one line. */
	{ "0", N_("every active child has a mentor (and a buddy)") },
	{ "1", N_("some child got no mentor, or no buddy") },
	{ "64", N_("bad command line") },
	{ "65", N_("bad input: not CSV or UTF-8, a column missing, a bad value") },
	{ "66", N_("an input file or the policy is missing") },
	{ "71", N_("out of memory, or another system error") },
	{ "73", N_("the output file cannot be created") },
	{ "74", N_("a read or write error") },
	{ "75", N_("another run holds the output's lock: try again") },
	{ "78", N_("the policy is bad") },
	{ NULL, NULL }
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "sheet", required_argument, NULL, OPT_SHEET },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "rebalance", no_argument, NULL, OPT_REBALANCE },
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

enum { F_AUTO = -1, F_CSV, F_TABLE, F_XLSX };
static const char *const formats[] = { "csv", "table", "xlsx", NULL };

/*
 * The explanation: as --format says (an .xlsx sheet too), else an
 * aligned table at a terminal and CSV otherwise; the columns of
 * --columns.  Returns LB_OK, or an exit code after a message.
 */
static int
write_explain(const struct pair_explain *ex, struct emit_opts *eo, int fmt)
{
	struct emit *e;
	size_t r;
	int code;

	eo->table = fmt == F_TABLE ||
	    (fmt == F_AUTO && tabfmt_term_width(STDOUT_FILENO) > 0);
	eo->xlsx = fmt == F_XLSX;
	eo->sheet = "explain";
	/* The columns were checked before any work. */
	if ((e = emit_new(stdout, eo, PAIR_EXPLAIN_NCOLS,
	    pair_explain_cols, &code)) == NULL)
		return code;
	for (r = 0; r < ex->nrows; r++)
		emit_row(e, (const char *const *)ex->rows[r]);
	return emit_end(e);
}

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *staff_path = NULL, *pool_path = NULL;
	const char *out_path = NULL, *roster_path;
	const char **where = xcalloc((size_t)argc + 1, sizeof(*where));
	struct emit_opts eo = { .table = 0 };
	struct query *query = NULL;
	date_t as_of = date_today();
	size_t nwhere = 0;
	struct csvio_opts opts = { .encoding = NULL };
	struct pair_opts po = { DATE_NONE, 0, NULL, 0 };
	struct pair_explain ex = { 0, NULL };
	struct table *roster = NULL, *staff = NULL, *pool = NULL;
	struct policy *policy;
	long unpaired = 0, wait_ms;
	int c, print_policy = 0, csv_flags = 0, code = LB_OK, lock = -1;
	int fmt = F_AUTO;

	diag_init(argv[0]);
	/* getopt_long() names argv[0] in its messages: the name, not a path. */
	argv[0] = (char *)diag_prog();
	i18n_init();
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
		case OPT_EXPLAIN:
			po.explain = 1;
			break;
		case OPT_FORMAT:
			fmt = cli_format(optarg, formats);
			break;
		case OPT_POOL:
			pool_path = optarg;
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_REBALANCE:
			po.rebalance = 1;
			break;
		case OPT_STAFF:
			staff_path = optarg;
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
	if (argc > 1) {
		diag_error(NULL, 0, 0, _("too many rosters '%s' (expected "
		    "one)"), argv[1]);
		cli_usage(usage, LB_USAGE);
	}
	roster_path = argc == 1 ? argv[0] : "-";
	/* The roster itself is always CSV: it is the file lb reads back. */
	if ((fmt != F_AUTO || eo.columns != NULL) && !po.explain)
		diag_die(LB_USAGE, _("--format and --columns apply to "
		    "--explain"));
	eo.csv_flags = csv_flags;

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		free(where);
		return code;
	}
	/* Tables for people say it in the policy's words (lb-policy(5)). */
	eo.policy = policy;
	if (emit_check_labels(&eo, PAIR_EXPLAIN_NCOLS,
	    pair_explain_cols) != 0) {
		policy_free(policy);
		free(where);
		return diag_close_stdout(LB_USAGE);
	}
	if (staff_path == NULL) {
		policy_free(policy);
		diag_error(NULL, 0, 0, _("missing --staff STAFF (expected the "
		    "staff list)"));
		cli_usage(usage, LB_USAGE);
	}
	cli_one_stdin((const char *const[]){ roster_path, staff_path,
	    pool_path }, (const char *const[]){ _("the roster"), "--staff",
	    "--pool" }, 3);
	/* -o roster.csv roster.csv pairs in place; over the staff, never. */
	cli_no_overwrite((const struct cli_file[]){
	    { out_path, "-o", "roster", 1 },
	    { roster_path, "", "roster", 0 },
	    { staff_path, "--staff", "staff list", 0 },
	    { pool_path, "--pool", "buddy pool", 0 } }, 4);
	query = query_new(policy, as_of, where, nwhere, NULL, 0);

	/* The lock covers read, pairing and replace, so no update is lost. */
	if (out_path != NULL && strcmp(out_path, "-") != 0 &&
	    ((wait_ms = ofile_lock_wait(&code)) < 0 ||
	    (lock = ofile_lock(out_path, wait_ms, &code)) < 0))
		goto done;
	if ((roster = table_read(roster_path, FK_ROSTER, policy, &opts,
	    &code)) == NULL)
		goto done;
	/* A bad --where fails before more is read; on the roster's own
	 * extra columns too. */
	if (query_bind(query, roster->ncols, (const char *const *)roster->names,
	    roster->canon) != 0) {
		code = LB_USAGE;
		goto done;
	}
	po.query = query_on_roster(query) ? query : NULL;
	po.as_of = as_of;
	if ((staff = table_read(staff_path, FK_STAFF, policy, &opts,
	    &code)) == NULL)
		goto done;
	if (card_table_names(staff) != 0) {
		code = LB_DATAERR;
		goto done;
	}
	if (pool_path != NULL && (pool = table_read(pool_path, FK_POOL, policy,
	    &opts, &code)) == NULL)
		goto done;
	if (pool != NULL && card_table_names(pool) != 0) {
		code = LB_DATAERR;
		goto done;
	}
	if (pair_roster(roster, staff, pool, policy, &po, &unpaired, &ex) != 0) {
		code = LB_DATAERR;
		goto done;
	}

	/* With --explain the explanation takes stdout; -o still gets the
	 * roster. */
	if (!po.explain || out_path != NULL)
		(void)table_write_path(roster, out_path, csv_flags, &code);
	if (code == LB_OK && po.explain)
		code = write_explain(&ex, &eo, fmt);
	if (code == LB_OK && unpaired > 0)
		code = LB_FOUND;
done:
	if (lock >= 0)
		ofile_unlock(lock);
	pair_explain_free(&ex);
	query_free(query);
	free(where);
	table_free(roster);
	table_free(staff);
	table_free(pool);
	policy_free(policy);
	return diag_close_stdout(code);
}
