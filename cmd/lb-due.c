/* lb-due: what is due or overdue for whom, as of a date. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "policy.h"

static const char usage[] =
    "usage: lb-due [-p policy] -l log [--staff staff] [--as-of date]\n"
    "              [--within days] [--mentor id] [--where expr]\n"
    "              [--format table|csv|mail|ics] [--sendmail cmd]\n"
    "              [--encoding enc] [--excel] [-o file] [roster]\n"
    "       lb-due [-p policy] --print-policy\n";

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
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

static const char *const formats[] = { "csv", "table", "mail", "ics", NULL };

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *log_path = NULL;
	struct policy *policy;
	int c, print_policy = 0, code;

	diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hl:o:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'l':
			log_path = optarg;
			break;
		case 'o':
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			(void)cli_date("--as-of", optarg);
			break;
		case OPT_FORMAT:
			(void)cli_format(optarg, formats);
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_WITHIN:
			(void)cli_count("--within", optarg);
			break;
		case OPT_ENCODING:
		case OPT_EXCEL:
		case OPT_MENTOR:
		case OPT_SENDMAIL:
		case OPT_STAFF:
		case OPT_WHERE:
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
		return code;
	}
	if (argc > 1)
		cli_usage(usage, LB_USAGE);
	if (log_path == NULL) {
		diag_error(NULL, 0, 0, "missing -l LOG (expected the activity log)");
		cli_usage(usage, LB_USAGE);
	}
	policy_free(policy);
	cli_unavailable("computing what is due");
}
