/* lb-log: record what was done into the activity log, validated and safely. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "policy.h"

static const char usage[] =
    "usage: lb-log [-p policy] -l log [--date date] [--by staff-id]\n"
    "              [--note text] [--roster roster] [--staff staff]\n"
    "              [--as-of date] [--force] kind student-id ...\n"
    "       lb-log [-p policy] -l log [--roster roster] [--staff staff]\n"
    "              [--encoding enc] [--force] -\n"
    "       lb-log [-p policy] --print-policy\n";

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "by", required_argument, NULL, OPT_BY },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
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

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *log_path = NULL;
	struct policy *policy;
	int c, print_policy = 0, code;

	diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hl:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'l':
			log_path = optarg;
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			(void)cli_date("--as-of", optarg);
			break;
		case OPT_DATE:
			(void)cli_date("--date", optarg);
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_BY:
		case OPT_ENCODING:
		case OPT_FORCE:
		case OPT_NOTE:
		case OPT_ROSTER:
		case OPT_STAFF:
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}
	argc -= optind;

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		return code;
	}
	policy_free(policy);
	if (log_path == NULL || argc < 1) {
		if (log_path == NULL)
			diag_error(NULL, 0, 0, "missing -l LOG (expected the activity log)");
		cli_usage(usage, LB_USAGE);
	}
	cli_unavailable("logging");
}
