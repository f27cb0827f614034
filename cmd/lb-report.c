/* lb-report: the figures a school reports and a county merges. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cards.h"
#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "marks.h"
#include "merge.h"
#include "metrics.h"
#include "policy.h"
#include "progress.h"
#include "query.h"
#include "render.h"
#include "report.h"
#include "staff.h"
#include "tabfmt.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-report [-p policy] [-l log] [--as-of date]\n"
    "                 [--term name | --from date --to date | --month yyyy-mm]\n"
    "                 [--format table|csv|md|html|xlsx] [--columns list]\n"
    "                 [--detail] [--suppress n] [--where expr ...]\n"
    "                 [--staff staff] [--history file | --since roster]\n"
    "                 [--encoding enc] [--sheet name] [--excel] [-o file]\n"
    "                 [roster]\n"
    "       lb-report [-p policy] --cards --where expr ... [--format table|md|html]\n"
    "                 [--staff staff] [--pool pool] [-l log] [--history file]\n"
    "                 [--as-of date] [--encoding enc] [--sheet name] [-o file]\n"
    "                 [roster]\n"
    "       lb-report [-p policy] --merge [--allow-mixed-periods]\n"
    "                 [--format table|csv|md|html|xlsx] [--columns list]\n"
    "                 [--excel] [-o file] report.csv ...\n"
    "       lb-report [-p policy] --print-policy\n");

/*
 * --help: each option as the man page's list of options heads it, in its
 * order, and the codes of its EXIT STATUS (tests/man/0006 compares them):
 * a new option is one more line here, and in the man pages.
 */
static const struct cli_help opthelp[] = {
	/* TRANSLATORS: --help: what an option does, one line (50 columns). */
	{ "--as-of date", N_("compute for this day instead of today") },
	{ "--cards", N_("print the contact cards of the children chosen") },
	{ "--columns list", N_("write only these columns, in this order") },
	{ "--detail", N_("also list the children behind each figure") },
	{ "--encoding enc", N_("input files are in encoding enc, not UTF-8") },
	{ "--excel", N_("write CSV that spreadsheets open safely") },
	{ "--format fmt", N_("table (default), csv, md, html or xlsx") },
	{ "--from date, --to date", N_("the period: from and to these days") },
	{ "-h, --help", N_("print this help and exit") },
	{ "--history file", N_("marks that rose, fell or held, from history.csv") },
	{ "-l log, --log log", N_("the activity log, for compliance and overdue") },
	{ "--merge", N_("merge schools' reports into the county's") },
	{ "--allow-mixed-periods", N_("with --merge: merge reports of different periods") },
	{ "--month yyyy-mm", N_("the period: this calendar month") },
	{ "-o file, --output file", N_("write to file instead of the standard output") },
	{ "-p policy, --policy policy", N_("use this policy over the built-in one") },
	{ "--pool pool", N_("with --cards: the class lists, for buddies") },
	{ "--print-policy", N_("print the effective policy as YAML and exit") },
	{ "--sheet name", N_("the sheet of a workbook to read") },
	{ "--since roster", N_("marks that rose, fell or held since this roster") },
	{ "--staff staff", N_("the staff list: mentors by name and capacity") },
	{ "--suppress n", N_("write counts below n as <n") },
	{ "--term name", N_("the period: this term of the policy") },
	{ "--version", N_("print the version and exit") },
	{ "--where expr", N_("count only the children expr holds for") },
	{ NULL, NULL }
};

static const struct cli_help exithelp[] = {
	/* TRANSLATORS: --help: what an exit code means, one line. */
	{ "0", N_("success (a target not met is not an error)") },
	{ "64", N_("bad command line") },
	{ "65", N_("bad input: not CSV or UTF-8, a column missing, a bad value") },
	{ "66", N_("an input file, the log or the policy is missing") },
	{ "71", N_("out of memory, or another system error") },
	{ "73", N_("the output file cannot be created") },
	{ "74", N_("a read or write error") },
	{ "78", N_("the policy is bad") },
	{ NULL, NULL }
};

static const struct option longopts[] = {
	{ "allow-mixed-periods", no_argument, NULL, OPT_ALLOW_MIXED },
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "cards", no_argument, NULL, OPT_CARDS },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "detail", no_argument, NULL, OPT_DETAIL },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "sheet", required_argument, NULL, OPT_SHEET },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "log", required_argument, NULL, 'l' },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "month", required_argument, NULL, OPT_MONTH },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "suppress", required_argument, NULL, OPT_SUPPRESS },
	{ "term", required_argument, NULL, OPT_TERM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

/* The order of enum render_format. */
enum { F_TABLE = RENDER_TABLE, F_CSV, F_MD, F_HTML, F_XLSX };
static const char *const formats[] = { "table", "csv", "md", "html", "xlsx",
	NULL };

struct args {
	const char *policy, *log, *output, *encoding, *sheet, *term, *month;
	const char *columns;
	const char *staff;	/* mentors' names */
	const char *pool;	/* buddies' names on --cards */
	const char *history;	/* history.csv: marks over the period */
	const char *since;	/* an older roster: marks since */
	const char **where;	/* the --where expressions */
	size_t nwhere;
	date_t as_of, from, to;
	int format, detail, excel, merge, print_policy, cards, allow_mixed;
	long suppress;
};

/* Refuse options that make no sense together; exits 64. */
static void
check_args(struct args *a, int argc, char **argv, const struct policy *p)
{
	int period = a->term != NULL || a->month != NULL ||
	    a->from != DATE_NONE || a->to != DATE_NONE;

	if (a->cards) {
		if (a->merge || a->detail || a->suppress || a->since != NULL ||
		    a->excel || a->columns != NULL || period)
			diag_die(LB_USAGE, _("--cards takes only --where, "
			    "--format table|md|html, --staff, --pool, -l, "
			    "--history, --as-of, --encoding and -o"));
		/* Every card at once is a choice to make in words. */
		if (a->nwhere == 0)
			diag_die(LB_USAGE, _("--cards needs --where (cards "
			    "hold personal data: say whose, e.g. --where %s or "
			    "--where class=3-2; every child's: --where "
			    "student_id!=)"), "name=王小明");
		if (a->format < 0)
			a->format = F_TABLE;
		if (a->format != F_TABLE && a->format != F_HTML &&
		    a->format != F_MD)
			diag_die(LB_USAGE, _("--cards prints --format table, md "
			    "or html"));
		if (argc > 1)
			cli_usage(usage, LB_USAGE);
		return;
	}
	if (a->pool != NULL)
		diag_die(LB_USAGE, _("--pool names the buddies on --cards"));
	if (a->history != NULL && a->since != NULL)
		diag_die(LB_USAGE, _("--history and --since both given "
		    "(expected one source of the earlier marks)"));
	if (a->allow_mixed && !a->merge)
		diag_die(LB_USAGE, _("--allow-mixed-periods goes with --merge"));
	if (a->merge) {
		if (argc == 0)
			diag_die(LB_USAGE, _("--merge needs report files"));
		if (a->log != NULL || a->nwhere > 0 || a->detail || period ||
		    a->staff != NULL || a->history != NULL || a->since != NULL)
			diag_die(LB_USAGE, _("--merge takes no -l, --where, "
			    "--detail, --staff or period: the reports have "
			    "them"));
		if (a->format < 0)
			a->format = F_CSV;
	} else if (argc > 1) {
		cli_usage(usage, LB_USAGE);
	}
	/* The roster is read again for the marks: a file, not a pipe. */
	if ((a->history != NULL || a->since != NULL) && (argc == 0 ||
	    strcmp(argv[0], "-") == 0))
		diag_die(LB_USAGE, _("%s reads the roster a second time: name "
		    "the roster file (not the standard input)"),
		    a->history != NULL ? "--history" : "--since");
	if (a->format < 0)
		a->format = F_TABLE;
	if (a->excel && a->format != F_CSV)
		diag_die(LB_USAGE, _("--excel applies to --format csv only"));
	if (a->columns != NULL && a->format != F_CSV && a->format != F_TABLE &&
	    a->format != F_XLSX)
		diag_die(LB_USAGE, _("--columns needs --format csv, table or "
		    "xlsx"));
	/* A column by its key or its label (指标, 學校). */
	if (a->columns != NULL && emit_check_labels(&(struct emit_opts){
	    .columns = a->columns, .policy = p, .labels = report_csv_cols() },
	    report_csv_ncols(a->detail), report_csv_cols()) != 0)
		exit(diag_close_stdout(LB_USAGE));
}

int
main(int argc, char *argv[])
{
	struct args a;
	struct csvio_opts copts = { .encoding = NULL };
	struct metrics_opts ropts = { DATE_NONE, 0, NULL, NULL, DATE_NONE,
	    NULL };
	struct policy *policy;
	struct report r;
	struct render_opts ro;
	struct table *roster = NULL;
	struct query *query = NULL;
	struct merge *merge;
	const char *path;
	int c, code = LB_OK, i, computed;

	memset(&a, 0, sizeof(a));
	a.format = -1;
	a.as_of = a.from = a.to = DATE_NONE;
	a.where = xcalloc((size_t)argc + 1, sizeof(*a.where));
	diag_init(argv[0]);
	/* getopt_long() names argv[0] in its messages: the name, not a path. */
	argv[0] = (char *)diag_prog();
	i18n_init();
	while ((c = getopt_long(argc, argv, "hl:o:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_help(usage, opthelp, exithelp);
		case 'l':
			a.log = optarg;
			break;
		case 'o':
			a.output = optarg;
			break;
		case 'p':
			a.policy = optarg;
			break;
		case OPT_ALLOW_MIXED:
			a.allow_mixed = 1;
			break;
		case OPT_AS_OF:
			a.as_of = cli_date("--as-of", optarg);
			break;
		case OPT_CARDS:
			a.cards = 1;
			break;
		case OPT_COLUMNS:
			a.columns = optarg;
			break;
		case OPT_DETAIL:
			a.detail = 1;
			break;
		case OPT_ENCODING:
			a.encoding = optarg;
			break;
		case OPT_SHEET:
			a.sheet = optarg;
			break;
		case OPT_EXCEL:
			a.excel = 1;
			break;
		case OPT_FORMAT:
			a.format = cli_format(optarg, formats);
			break;
		case OPT_HISTORY:
			a.history = optarg;
			break;
		case OPT_SINCE:
			a.since = optarg;
			break;
		case OPT_FROM:
			a.from = cli_date("--from", optarg);
			break;
		case OPT_MERGE:
			a.merge = 1;
			break;
		case OPT_MONTH:
			a.month = optarg;
			break;
		case OPT_POOL:
			a.pool = optarg;
			break;
		case OPT_PRINT_POLICY:
			a.print_policy = 1;
			break;
		case OPT_STAFF:
			a.staff = optarg;
			break;
		case OPT_SUPPRESS:
			a.suppress = cli_count("--suppress", optarg);
			break;
		case OPT_TERM:
			a.term = optarg;
			break;
		case OPT_TO:
			a.to = cli_date("--to", optarg);
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_WHERE:
			a.where[a.nwhere++] = optarg;
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}
	argc -= optind;
	argv += optind;

	policy = cli_policy(a.policy);
	if (a.print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		free(a.where);
		return code;
	}
	if (a.as_of == DATE_NONE)
		a.as_of = date_today();
	check_args(&a, argc, argv, policy);
	copts.encoding = a.encoding;
	copts.sheet = a.sheet;

	report_init(&r);
	r.as_of = a.as_of;
	if (a.merge) {
		cli_operands_one_stdin(argc, argv, _("report files"));
		/* The county's figures over a school's: another kind. */
		for (i = 0; i < argc; i++)
			cli_no_overwrite((const struct cli_file[]){
			    { a.output, "-o", "report", 1 },
			    { argv[i], "", "school report", 0 } }, 2);
		merge = merge_new(&r, policy, a.allow_mixed);
		for (i = 0; i < argc && code == LB_OK; i++)
			if (merge_file(merge, argv[i], &copts, &code) != 0)
				break;
		merge_finish(merge);
		goto write;
	}

	if (!a.cards && report_period(&r, policy, a.term, a.month, a.from,
	    a.to, a.as_of) != 0) {
		code = LB_USAGE;
		goto done;
	}
	if (a.log != NULL && !a.cards && r.from == DATE_NONE)
		diag_die(LB_USAGE, _("no term of the policy contains or "
		    "precedes %s: give the period (--term, --month or "
		    "--from/--to)"), date_format(a.as_of,
		    (char[DATE_ISO_LEN]){ 0 }));
	free(r.school);
	r.school = report_school_text(policy);
	path = argc > 0 ? argv[0] : "-";
	cli_one_stdin((const char *const[]){ a.log, path, a.staff, a.pool,
	    a.history, a.since }, (const char *const[]){ "-l", _("the roster"),
	    "--staff", "--pool", "--history", "--since" }, 6);
	cli_no_overwrite((const struct cli_file[]){
	    { a.output, "-o", "report", 1 },
	    { a.log, "-l", "log", 0 },
	    { path, "", "roster", 0 },
	    { a.staff, "--staff", "staff list", 0 },
	    { a.pool, "--pool", "buddy pool", 0 },
	    { a.history, "--history", "history", 0 },
	    { a.since, "--since", "roster", 0 } }, 7);
	/* The day of the figures (and of --where): the period's last
	 * (report_period() ends it at --as-of at the latest). */
	ropts.day = r.to != DATE_NONE ? r.to : a.as_of;
	query = query_new(policy, ropts.day, a.where, a.nwhere, NULL, 0);
	if (a.cards) {
		if ((roster = table_read(path, FK_ROSTER, policy, &copts,
		    &code)) != NULL)
			(void)cards_write(policy, roster, query,
			    &(struct cards_opts){ .staff = a.staff,
			    .pool = a.pool, .log = a.log, .history = a.history,
			    .copts = &copts, .out = a.output,
			    .html = a.format == F_HTML, .md = a.format == F_MD,
			    .as_of = a.as_of },
			    &code);
		goto done;
	}
	/*
	 * Grade 3's report is the report of grade 3's children alone.  The
	 * roster is streamed, not held: a province's is a gigabyte as a
	 * table, and the figures keep only what they need of each child.
	 */
	ropts.detail = a.detail;
	ropts.log = a.log;
	ropts.copts = &copts;
	ropts.from = r.from;
	/* A province's takes seconds: at a terminal, how far it is. */
	ropts.progress = progress_new();
	computed = metrics_compute(&r, policy, path, query, &ropts, &code);
	progress_free(ropts.progress);
	if (computed != 0)
		goto done;
	if ((a.history != NULL || a.since != NULL) && marks_compute(&r,
	    policy, &(struct marks_opts){ .roster = path,
	    .history = a.history, .since = a.since, .where = a.where,
	    .nwhere = a.nwhere, .from = r.from, .to = ropts.day,
	    .detail = a.detail, .copts = &copts }, &code) != 0)
		goto done;
	if (a.staff != NULL && staff_name_report(&r, policy, a.staff,
	    &copts, &code) != 0)
		goto done;
write:
	ro.suppress = a.suppress;
	ro.detail = a.detail;
	ro.width = a.output == NULL ? tabfmt_term_width(STDOUT_FILENO) : 0;
	if (code == LB_OK)
		(void)render_report(a.output, &r, policy, a.format, &ro,
		    a.columns, a.excel, &code);
done:
	query_free(query);
	table_free(roster);
	report_free(&r);
	policy_free(policy);
	free(a.where);
	return diag_close_stdout(code);
}
