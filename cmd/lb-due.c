/* lb-due: what is due or overdue for whom, as of a date. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card.h"
#include "cli.h"
#include "csvio.h"
#include "diag.h"
#include "duelist.h"
#include "emit.h"
#include "i18n.h"
#include "ofile.h"
#include "policy.h"
#include "progress.h"
#include "query.h"
#include "sbuf.h"
#include "schedule.h"
#include "table.h"
#include "text.h"
#include "xmem.h"

/* TRANSLATORS: the man page's SYNOPSIS: translate "usage:" only. */
static const char usage[] = N_(
    "usage: lb-due [-p policy] -l log [--staff staff] [--as-of date]\n"
    "              [--within days] [--mentor id] [--where expr ...]\n"
    "              [--format table|csv|mail|ics|xlsx] [--columns list]\n"
    "              [--sendmail cmd [--sent file] [--resend]] [--encoding enc]\n"
    "              [--sheet name] [--excel] [-o file] [roster]\n"
    "       lb-due [-p policy] --print-policy\n");

/*
 * --help: each option as the man page's list of options heads it, in its
 * order, and the codes of its EXIT STATUS (tests/man/0006 compares them):
 * a new option is one more line here, and in the man pages.
 */
static const struct cli_help opthelp[] = {
	/* TRANSLATORS: --help: what an option does, one line (50 columns). */
	{ "--as-of date", N_("compute for this day instead of today") },
	{ "--columns list", N_("print only these columns, in this order") },
	{ "--encoding enc", N_("input files are in encoding enc, not UTF-8") },
	{ "--excel", N_("write CSV that spreadsheets open safely") },
	{ "--format fmt", N_("table, csv (default), mail, ics or xlsx") },
	{ "-h, --help", N_("print this help and exit") },
	{ "-l log, --log log", N_("the activity log (required)") },
	{ "--mentor id", N_("list only the children of this mentor") },
	{ "-o file, --output file", N_("write to file instead of the standard output") },
	{ "-p policy, --policy policy", N_("use this policy over the built-in one") },
	{ "--print-policy", N_("print the effective policy as YAML and exit") },
	{ "--sendmail cmd", N_("mail each message through the command cmd") },
	{ "--resend", N_("send again what was already sent today") },
	{ "--sent file", N_("keep what was sent in file, not beside the log") },
	{ "--sheet name", N_("the sheet of a workbook to read") },
	{ "--staff staff", N_("the staff list: mentors' names and mail") },
	{ "--version", N_("print the version and exit") },
	{ "--where expr", N_("keep only what expr holds for (repeatable)") },
	{ "--within days", N_("also list what falls due in the coming days") },
	{ NULL, NULL }
};

static const struct cli_help exithelp[] = {
	/* TRANSLATORS: --help: what an exit code means, one line. */
	{ "0", N_("nothing listed is overdue") },
	{ "1", N_("something listed is overdue (not a failure)") },
	{ "64", N_("bad command line") },
	{ "65", N_("bad input: not CSV or UTF-8, a column missing, a bad value") },
	{ "66", N_("an input file, the log or the policy is missing") },
	{ "69", N_("the --sendmail command failed or delivered nothing") },
	{ "71", N_("out of memory, or another system error") },
	{ "73", N_("the output file cannot be created") },
	{ "74", N_("a read or write error") },
	{ "75", N_("some mail was not delivered: run again later") },
	{ "78", N_("the policy is bad") },
	{ NULL, NULL }
};

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "columns", required_argument, NULL, OPT_COLUMNS },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "sheet", required_argument, NULL, OPT_SHEET },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "log", required_argument, NULL, 'l' },
	{ "mentor", required_argument, NULL, OPT_MENTOR },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "resend", no_argument, NULL, OPT_RESEND },
	{ "sendmail", required_argument, NULL, OPT_SENDMAIL },
	{ "sent", required_argument, NULL, OPT_SENT },
	{ "staff", required_argument, NULL, OPT_STAFF },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ "within", required_argument, NULL, OPT_WITHIN },
	{ NULL, 0, NULL, 0 }
};

enum format { F_CSV, F_TABLE, F_MAIL, F_ICS, F_XLSX };
static const char *const formats[] = { "csv", "table", "mail", "ics", "xlsx",
	NULL };

struct due {
	const struct policy *p;
	date_t as_of;
	long within;
	const char *mentor;	/* --mentor filter, or NULL */
	struct query *query;	/* the --where expressions */
	struct csvio_opts opts;

	struct progress *progress;	/* at a terminal, how far the run is */
	struct duelist list;	/* the children followed, and their items */
	struct schedule sched;	/* their contacts, from the log */
	struct table *staff;	/* NULL without --staff */
};

static int
load_staff(struct due *d, const char *path)
{
	int code = LB_OK;

	if ((d->staff = table_read(path, FK_STAFF, d->p, &d->opts, &code)) == NULL)
		return code;
	if (card_table_names(d->staff) != 0)
		return LB_DATAERR;
	duelist_set_staff(&d->list, d->staff);
	return LB_OK;
}

/*
 * The label of each column of the list (duelist_cols): status is the
 * item's (overdue, due), not the roster's, and has labels of its own.
 */
static const char *const due_labels[DUELIST_NCOLS] = {
	"due_status", "due_date", "days_late", "student_id", "name", "class",
	"kind", "mentor_id", "mentor_name", "mentor_email", "last_date"
};

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *log_path = NULL, *out_path = NULL;
	const char *staff_path = NULL, *sendmail = NULL, *sent_path = NULL;
	char *sent_default = NULL;
	int resend = 0;
	const char **where = xcalloc((size_t)argc + 1, sizeof(*where));
	const char **kinds = NULL;
	struct emit_opts eo = { .table = 0 };
	struct policy *policy;
	struct ofile *of = NULL;
	struct due d;
	size_t i, nwhere = 0;
	int c, print_policy = 0, code = LB_OK, fmt = F_CSV, csv_flags = 0;
	FILE *f;

	diag_init(argv[0]);
	/* getopt_long() names argv[0] in its messages: the name, not a path. */
	argv[0] = (char *)diag_prog();
	i18n_init();
	memset(&d, 0, sizeof(d));
	d.as_of = date_today();
	while ((c = getopt_long(argc, argv, "hl:o:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_help(usage, opthelp, exithelp);
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
		case OPT_SHEET:
			d.opts.sheet = optarg;
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
		case OPT_SENT:
			sent_path = optarg;
			break;
		case OPT_RESEND:
			resend = 1;
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
	if ((sent_path != NULL || resend) && sendmail == NULL)
		diag_die(LB_USAGE, _("--sent and --resend go with --sendmail"));
	/* What was delivered today is kept beside the log by default. */
	if (sendmail != NULL && sent_path == NULL && log_path != NULL &&
	    strcmp(log_path, "-") != 0) {
		struct sbuf sb = SBUF_INIT;

		sbuf_init(&sb);
		sbuf_printf(&sb, "%s.sent", log_path);
		sent_path = sent_default = sbuf_detach(&sb);
	}
	if (fmt == F_MAIL && staff_path == NULL)
		diag_die(LB_USAGE, _("--format mail needs --staff (expected "
		    "the staff list with the mentors' emails)"));
	/*
	 * Real mail from a made-up sender is what mail servers drop and
	 * readers distrust, and replies go nowhere: refused before anything
	 * is read or sent (cron mails this to whoever runs it).  An mbox is
	 * looked at, not delivered: a warning is enough.
	 */
	if (fmt == F_MAIL && text_blank(policy->mail_from)) {
		if (sendmail != NULL)
			diag_die(LB_CONFIG, _("'mail.from' is not set in the "
			    "policy (expected the school's address to send "
			    "from, e.g. 'Name <office@school.example.cn>')"));
		diag_warn(NULL, 0, 0, _("'mail.from' is not set in the policy: "
		    "the messages are from lb@localhost (set it to the "
		    "school's address before using --sendmail)"));
	}
	if (eo.columns != NULL && fmt != F_CSV && fmt != F_TABLE &&
	    fmt != F_XLSX)
		diag_die(LB_USAGE, _("--columns needs --format csv, table or "
		    "xlsx"));
	if (csv_flags != 0 && fmt != F_CSV)
		diag_die(LB_USAGE, _("--excel applies to --format csv only"));
	eo.table = fmt == F_TABLE;
	eo.xlsx = fmt == F_XLSX;
	eo.sheet = "due";
	eo.csv_flags = csv_flags;
	/* Tables for people say it in the policy's words (lb-policy(5)). */
	eo.policy = policy;
	eo.labels = due_labels;
	if (emit_check_labels(&eo, DUELIST_NCOLS, duelist_cols) != 0) {
		policy_free(policy);
		free(where);
		return diag_close_stdout(LB_USAGE);
	}
	cli_one_stdin((const char *const[]){ log_path, argc > 0 ? argv[0] :
	    "-", staff_path }, (const char *const[]){ "-l", _("the roster"),
	    "--staff" }, 3);
	cli_no_overwrite((const struct cli_file[]){
	    { out_path, "-o", "due list", 1 },
	    { sent_path, "--sent", "sent list", 1 },
	    { log_path, "-l", "log", 0 },
	    { argc > 0 ? argv[0] : NULL, "", "roster", 0 },
	    { staff_path, "--staff", "staff list", 0 } }, 5);
	d.p = policy;
	d.query = query_new(policy, d.as_of, where, nwhere, duelist_own_cols,
	    DUELIST_NOWN);
	kinds = xcalloc(policy->ncontacts + 1, sizeof(*kinds));
	for (i = 0; i < policy->ncontacts; i++)
		kinds[i] = policy->contacts[i].kind;
	query_own_values(d.query, DUELIST_OWN_STATUS, duelist_statuses);
	query_own_values(d.query, DUELIST_OWN_KIND, kinds);
	duelist_init(&d.list, policy, d.as_of, cli_now(),
	    fmt == F_MAIL && policy->mail_guardian_phones);
	schedule_init(&d.sched, policy);
	d.progress = progress_new();
	d.list.progress = d.sched.progress = d.progress;

	/* The roster first: a --where naming no column fails before work. */
	if (duelist_load(&d.list, &d.sched, argc > 0 ? argv[0] : "-",
	    &d.opts, d.query, &code) != 0)
		goto done;
	if (staff_path != NULL && (code = load_staff(&d, staff_path)) != LB_OK)
		goto done;
	schedule_start(&d.sched, d.as_of, DATE_NONE);
	if (schedule_read_log(&d.sched, log_path, &d.opts, &code) != 0)
		goto done;
	d.list.nitems = schedule_due(&d.sched, d.within, &d.list.items,
	    &d.list.capitems);
	/* The items hold what the list shows: the engine's memory (a
	 * province's ids and states) goes before the list is ordered. */
	schedule_release(&d.sched);
	if (duelist_filter(&d.list, d.mentor, d.query) != 0) {
		code = LB_DATAERR;
		goto done;
	}

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
	/*
	 * The rows' writing is told too, unless they go to the terminal
	 * (the line would be among them).  Mail and the calendar are
	 * written at once.
	 */
	if (f != NULL && isatty(fileno(f))) {
		progress_free(d.progress);
		d.progress = d.list.progress = NULL;
	}
	progress_phase(d.progress, out_path != NULL ? out_path : "-",
	    d.list.nitems);
	switch (fmt) {
	case F_CSV:
	case F_TABLE:
	case F_XLSX:
		code = duelist_write_rows(&d.list, f, &eo);
		break;
	case F_MAIL:
		(void)duelist_write_mail(&d.list, f, sendmail,
		    d.mentor == NULL, sent_path, resend, &code);
		break;
	case F_ICS:
		duelist_write_ics(&d.list, f);
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
		for (i = 0; i < d.list.nitems; i++)
			if (d.list.items[i].days_late > 0)
				code = LB_FOUND;
done:
	progress_free(d.progress);
	ofile_abort(of);
	schedule_release(&d.sched);
	duelist_free(&d.list);
	table_free(d.staff);
	query_free(d.query);
	free(kinds);
	free(where);
	free(sent_default);
	policy_free(policy);
	return diag_close_stdout(code);
}
