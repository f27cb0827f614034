/* lb-log: record what was done into the activity log, validated and safely. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actlog.h"
#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "roster.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-log [-p policy] -l log [--date date] [--by staff-id]\n"
    "              [--note text] [--roster roster] [--staff staff]\n"
    "              [--as-of date] [--force] kind student-id ...\n"
    "       lb-log [-p policy] -l log [--roster roster] [--staff staff]\n"
    "              [--encoding enc] [--sheet name] [--force] -\n"
    "       lb-log [-p policy] --print-policy\n");

/*
 * --help: each option as the man page's list of options heads it, in its
 * order, and the codes of its EXIT STATUS (tests/man/0006 compares them):
 * a new option is one more line here, and in the man pages.
 */
static const struct cli_help opthelp[] = {
	/* TRANSLATORS: --help: what an option does, one line (50 columns). */
	{ "--as-of date", N_("take this day for today") },
	{ "--by staff-id", N_("the teacher who did it") },
	{ "--date date", N_("the day it was done (default: today)") },
	{ "--encoding enc", N_("input files are in encoding enc, not UTF-8") },
	{ "--force", N_("append records that look mistaken too") },
	{ "-h, --help", N_("print this help and exit") },
	{ "-l log, --log log", N_("the activity log to append to (required)") },
	{ "--note text", N_("a note kept with each record") },
	{ "-p policy, --policy policy", N_("use this policy over the built-in one") },
	{ "--print-policy", N_("print the effective policy as YAML and exit") },
	{ "--roster roster", N_("refuse students not followed in this roster") },
	{ "--sheet name", N_("the sheet of a workbook to read") },
	{ "--staff staff", N_("refuse teachers not in this staff list") },
	{ "--version", N_("print the version and exit") },
	{ NULL, NULL }
};

static const struct cli_help exithelp[] = {
	/* TRANSLATORS: --help: what an exit code means, one line. */
	{ "0", N_("the records were appended") },
	{ "64", N_("bad command line") },
	{ "65", N_("a record was refused: nothing was appended") },
	{ "66", N_("the roster, staff list or policy is missing") },
	{ "71", N_("out of memory, or another system error") },
	{ "73", N_("the log cannot be created or written") },
	{ "74", N_("a read or write error") },
	{ "75", N_("another run holds the log's lock: try again") },
	{ "78", N_("the policy is bad") },
	{ NULL, NULL }
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "by", required_argument, NULL, OPT_BY },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "sheet", required_argument, NULL, OPT_SHEET },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
	{ "log", required_argument, NULL, 'l' },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "roster", required_argument, NULL, OPT_ROSTER },
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/*
 * id -> 1 (in the programme: child_active() as of as_of) or 0 for the
 * children of a roster.  Returns NULL with *code set after a message.
 */
static struct strmap *
load_children(const char *path, const struct policy *p, date_t as_of,
    const struct csvio_opts *opts, int *code)
{
	struct roster_reader *rd;
	const struct csvio_row *row;
	struct strmap *m;
	struct child c;
	int rc;

	if ((rd = roster_open(path, p, as_of, opts, code)) == NULL)
		return NULL;
	m = strmap_new();
	child_init(&c);
	while ((rc = roster_next(rd, &c, &row)) == 1)
		(void)strmap_put(m, c.id, child_active(&c, as_of));
	if (rc < 0) {
		*code = roster_code(rd);
		strmap_free(m);
		m = NULL;
	}
	child_release(&c);
	roster_close(rd);
	return m;
}

/*
 * staff_id -> 1 (active unless its active column says no) or 0.
 * Returns NULL with *code set after a message.
 */
static struct strmap *
load_staff(const char *path, const struct policy *p,
    const struct csvio_opts *opts, int *code)
{
	struct strmap *m;
	struct table *t;
	const char *v, *canon;
	size_t r;
	int err = 0;

	if ((t = table_read(path, FK_STAFF, p, opts, code)) == NULL)
		return NULL;
	m = strmap_new();
	for (r = 0; r < t->nrows; r++) {
		v = table_get(t, r, SC_ACTIVE);
		canon = *v == '\0' ? "yes" : policy_value(p, DOM_YESNO, v, &err);
		strmap_set(m, table_get(t, r, SC_STAFF_ID),
		    canon == NULL || strcmp(canon, "no") != 0);
	}
	table_free(t);
	return m;
}

/* Check one row; a bad one is reported at its place and not kept. */
static int
take_row(struct actlog_batch *b, const struct actlog_rules *rules,
    const char *const *v, const char *src, long line)
{
	struct sbuf err = SBUF_INIT;
	char *out[LC_COUNT];
	size_t i;
	int bad;

	sbuf_init(&err);
	bad = actlog_check(rules, v, out, &err) > 0;
	if (bad) {
		if (line > 0)
			diag_error(src, line, 0, _("invalid row: %s"), err.buf);
		else
			diag_error(NULL, 0, 0, _("invalid row for '%s': %s"),
			    out[LC_STUDENT_ID], err.buf);
		for (i = 0; i < LC_COUNT; i++)
			free(out[i]);
	} else
		actlog_batch_add(b, out, line);
	sbuf_release(&err);
	return bad;
}

/* Rows from CSV on stdin, headers through the policy's aliases. */
static int
read_rows(struct actlog_batch *b, const struct actlog_rules *rules,
    const struct csvio_opts *opts, long *nbad)
{
	struct csvio_reader *rd;
	const struct csvio_row *h, *row;
	const char *v[LC_COUNT];
	int have[LC_COUNT], c, rc, code = LB_OK;

	if ((rd = csvio_open("-", opts, &code)) == NULL)
		return code;
	h = csvio_header(rd);
	if (table_map_header(csvio_name(rd), h, FK_LOG, rules->p, NULL, have,
	    NULL) != 0) {
		csvio_close(rd);
		return LB_DATAERR;
	}
	while ((rc = csvio_next(rd, &row)) == 1) {
		for (c = 0; c < LC_COUNT; c++)
			v[c] = have[c] >= 0 ? row->v[have[c]] : "";
		*nbad += take_row(b, rules, v, csvio_name(rd), row->line);
	}
	if (rc < 0)
		code = csvio_code(rd);
	csvio_close(rd);
	return code;
}

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *log_path = NULL, *date_arg = NULL;
	const char *by = "", *note = "", *roster_path = NULL, *staff_path = NULL;
	struct csvio_opts opts = { .encoding = NULL };
	struct actlog_rules rules;
	struct actlog_batch batch;
	struct strmap *students = NULL, *staff = NULL;
	struct policy *policy;
	const char *v[LC_COUNT];
	char today[DATE_ISO_LEN];
	int c, i, print_policy = 0, code = LB_OK, force = 0;
	long nbad = 0, wait_ms;
	date_t as_of;

	diag_init(argv[0]);
	/* getopt_long() names argv[0] in its messages: the name, not a path. */
	argv[0] = (char *)diag_prog();
	i18n_init();
	as_of = date_today();
	while ((c = getopt_long(argc, argv, "hl:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_help(usage, opthelp, exithelp);
		case 'l':
			log_path = optarg;
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			as_of = cli_date("--as-of", optarg);
			break;
		case OPT_BY:
			by = optarg;
			break;
		case OPT_DATE:
			(void)cli_date("--date", optarg);
			date_arg = optarg;
			break;
		case OPT_ENCODING:
			opts.encoding = optarg;
			break;
		case OPT_SHEET:
			opts.sheet = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_NOTE:
			note = optarg;
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_ROSTER:
			roster_path = optarg;
			break;
		case OPT_STAFF:
			staff_path = optarg;
			break;
		case OPT_VERSION:
			cli_version();
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
		return code;
	}
	if (log_path == NULL || argc < 1 ||
	    (strcmp(argv[0], "-") != 0 && argc < 2) ||
	    (strcmp(argv[0], "-") == 0 && argc > 1)) {
		if (log_path == NULL)
			diag_error(NULL, 0, 0, _("missing -l LOG (expected the "
			    "activity log)"));
		else if (argc == 1 && strcmp(argv[0], "-") != 0)
			diag_error(NULL, 0, 0, _("no student after '%s' "
			    "(expected kind student-id ...)"), argv[0]);
		policy_free(policy);
		cli_usage(usage, LB_USAGE);
	}

	/* Rows "appended" to standard output would be lost to the log. */
	if (strcmp(log_path, "-") == 0)
		diag_die(LB_USAGE, _("-l -: lb-log appends to a log file, not "
		    "to standard output (name the file)"));
	cli_one_stdin((const char *const[]){ argv[0], roster_path,
	    staff_path }, (const char *const[]){ _("the rows"), "--roster",
	    "--staff" }, 3);
	cli_no_overwrite((const struct cli_file[]){
	    { log_path, "-l", "log", 1 },
	    { roster_path, "--roster", "roster", 0 },
	    { staff_path, "--staff", "staff list", 0 } }, 3);
	actlog_batch_init(&batch);
	if ((wait_ms = ofile_lock_wait(&code)) < 0)
		goto done;
	if (roster_path != NULL && (students = load_children(roster_path,
	    policy, as_of, &opts, &code)) == NULL)
		goto done;
	if (staff_path != NULL &&
	    (staff = load_staff(staff_path, policy, &opts, &code)) == NULL)
		goto done;
	rules.p = policy;
	rules.as_of = as_of;
	rules.force = force;
	rules.students = students;
	rules.staff = staff;

	if (strcmp(argv[0], "-") == 0) {
		if ((code = read_rows(&batch, &rules, &opts, &nbad)) != LB_OK)
			goto done;
	} else {
		v[LC_DATE] = date_arg != NULL ? date_arg : date_format(as_of, today);
		v[LC_KIND] = argv[0];
		v[LC_STAFF_ID] = by;
		v[LC_NOTE] = note;
		for (i = 1; i < argc; i++) {
			v[LC_STUDENT_ID] = argv[i];
			nbad += take_row(&batch, &rules, v, NULL, 0);
		}
	}
	if (nbad > 0) {
		diag_error(NULL, 0, 0, P_("nothing appended to '%s' (%ld "
		    "invalid row)", "nothing appended to '%s' (%ld invalid "
		    "rows)", (unsigned long)nbad), log_path, nbad);
		code = LB_DATAERR;
		goto done;
	}
	if (batch.n > 0 && actlog_append(log_path, policy, &batch,
	    strcmp(argv[0], "-") == 0 ? "<stdin>" : _("command line"),
	    force ? ACTLOG_FORCE : 0, wait_ms, &code) != 0) {
		if (code == LB_OK)
			code = LB_IOERR;
		if (code == LB_DATAERR)
			diag_error(NULL, 0, 0, _("nothing appended to '%s'"),
			    log_path);
	}
done:
	actlog_batch_release(&batch);
	strmap_free(students);
	strmap_free(staff);
	policy_free(policy);
	return diag_close_stdout(code);
}
