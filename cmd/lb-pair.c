/* lb-pair: every child a mentor teacher and a peer buddy, fairly and stably. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "ofile.h"
#include "pair.h"
#include "policy.h"
#include "schema.h"
#include "tabfmt.h"
#include "table.h"
#include "where.h"

static const char usage[] =
    "usage: lb-pair [-p policy] --staff staff [--pool pool] [--rebalance]\n"
    "               [--explain] [--where expr] [--as-of date]\n"
    "               [--encoding enc] [--excel] [-o file] [roster]\n"
    "       lb-pair [-p policy] --print-policy\n";

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
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

/* How long -o waits for another run's lock on the file before giving up. */
#define LOCK_WAIT_MS 10000

/* Write t to path atomically (NULL: stdout); returns an exit code. */
static int
write_roster(const struct table *t, const char *path, int csv_flags)
{
	struct ofile *of;

	if (path == NULL || strcmp(path, "-") == 0) {
		table_write(t, stdout, csv_flags);
		return LB_OK;
	}
	if ((of = ofile_open(path, OFILE_PRIVATE)) == NULL)
		return LB_CANTCREAT;
	table_write(t, ofile_stream(of), csv_flags);
	return ofile_commit(of) == 0 ? LB_OK : LB_IOERR;
}

/* The explanation: an aligned table at a terminal, CSV otherwise. */
static void
write_explain(const struct pair_explain *ex, int csv_flags)
{
	struct csvio_writer *w;
	size_t r, width = tabfmt_term_width(STDOUT_FILENO);

	if (width > 0) {
		tabfmt_write(stdout, PAIR_EXPLAIN_NCOLS, pair_explain_cols,
		    ex->nrows, (const char *const *const *)ex->rows, width);
		return;
	}
	w = csvio_writer_new(stdout, csv_flags);
	csvio_write_row(w, PAIR_EXPLAIN_NCOLS, (char *const *)pair_explain_cols);
	for (r = 0; r < ex->nrows; r++)
		csvio_write_row(w, PAIR_EXPLAIN_NCOLS, ex->rows[r]);
	csvio_writer_free(w);
}

static struct where *
parse_where(const char *expr)
{
	const char *names[RC_COUNT];
	struct where *w;
	char err[256];
	size_t c, pos = 0;

	for (c = 0; c < RC_COUNT; c++)
		names[c] = schema_col_name(FK_ROSTER, c);
	if ((w = where_parse(names, RC_COUNT, expr, err, sizeof(err), &pos)) ==
	    NULL) {
		diag_error(NULL, 0, 0, "--where: bad expression '%s': %s (at "
		    "character %zu)", expr, err, pos);
		exit(LB_USAGE);
	}
	return w;
}

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *staff_path = NULL, *pool_path = NULL;
	const char *out_path = NULL, *where_expr = NULL, *roster_path;
	struct csvio_opts opts = { NULL, 0 };
	struct pair_opts po = { 0, NULL, 0 };
	struct pair_explain ex = { 0, NULL };
	struct table *roster = NULL, *staff = NULL, *pool = NULL;
	struct policy *policy;
	long unpaired = 0;
	int c, print_policy = 0, csv_flags = 0, code = LB_OK, lock = -1;

	diag_init(argv[0]);
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
			/* Pairing does not depend on the date; checked alike. */
			(void)cli_date("--as-of", optarg);
			break;
		case OPT_ENCODING:
			opts.encoding = optarg;
			break;
		case OPT_EXCEL:
			csv_flags |= CSVIO_EXCEL;
			break;
		case OPT_EXPLAIN:
			po.explain = 1;
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
			where_expr = optarg;
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		diag_error(NULL, 0, 0, "too many rosters '%s' (expected one)",
		    argv[1]);
		cli_usage(usage, LB_USAGE);
	}
	roster_path = argc == 1 ? argv[0] : "-";

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		return code;
	}
	if (staff_path == NULL) {
		policy_free(policy);
		diag_error(NULL, 0, 0, "missing --staff STAFF (expected the staff list)");
		cli_usage(usage, LB_USAGE);
	}
	if (where_expr != NULL)
		po.where = parse_where(where_expr);

	/* The lock covers read, pairing and replace, so no update is lost. */
	if (out_path != NULL && strcmp(out_path, "-") != 0 &&
	    (lock = ofile_lock(out_path, LOCK_WAIT_MS, &code)) < 0)
		goto done;
	if ((staff = table_read(staff_path, FK_STAFF, policy, &opts,
	    &code)) == NULL)
		goto done;
	if (pool_path != NULL && (pool = table_read(pool_path, FK_POOL, policy,
	    &opts, &code)) == NULL)
		goto done;
	if ((roster = table_read(roster_path, FK_ROSTER, policy, &opts,
	    &code)) == NULL)
		goto done;
	if (pair_roster(roster, staff, pool, policy, &po, &unpaired, &ex) != 0) {
		code = LB_DATAERR;
		goto done;
	}

	/* With --explain the explanation takes stdout; -o still gets the
	 * roster. */
	if (!po.explain || out_path != NULL)
		code = write_roster(roster, out_path, csv_flags);
	if (code == LB_OK && po.explain)
		write_explain(&ex, csv_flags);
	if (code == LB_OK && unpaired > 0)
		code = LB_FOUND;
done:
	if (lock >= 0)
		ofile_unlock(lock);
	pair_explain_free(&ex);
	where_free((struct where *)po.where);
	table_free(roster);
	table_free(staff);
	table_free(pool);
	policy_free(policy);
	return diag_close_stdout(code);
}
