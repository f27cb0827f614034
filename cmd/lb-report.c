/* lb-report: the figures a school reports and a county merges. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "policy.h"

static const char usage[] =
    "usage: lb-report [-p policy] [-l log] [--as-of date]\n"
    "                 [--term name | --from date --to date | --month yyyy-mm]\n"
    "                 [--format table|csv|md|html] [--detail] [--suppress n]\n"
    "                 [--where expr] [--encoding enc] [--excel] [-o file]\n"
    "                 [roster]\n"
    "       lb-report [-p policy] --merge [-o file] report.csv ...\n"
    "       lb-report [-p policy] --print-policy\n";

static const struct option longopts[] = {
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "detail", no_argument, NULL, OPT_DETAIL },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "log", required_argument, NULL, 'l' },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "month", required_argument, NULL, OPT_MONTH },
	{ "output", required_argument, NULL, 'o' },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "suppress", required_argument, NULL, OPT_SUPPRESS },
	{ "term", required_argument, NULL, OPT_TERM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "where", required_argument, NULL, OPT_WHERE },
	{ NULL, 0, NULL, 0 }
};

static const char *const formats[] = { "table", "csv", "md", "html", NULL };

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL;
	struct policy *policy;
	int c, print_policy = 0, code;

	diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hl:o:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'l':
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
		case OPT_FROM:
			(void)cli_date("--from", optarg);
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_SUPPRESS:
			(void)cli_count("--suppress", optarg);
			break;
		case OPT_TO:
			(void)cli_date("--to", optarg);
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_DETAIL:
		case OPT_ENCODING:
		case OPT_EXCEL:
		case OPT_MERGE:
		case OPT_MONTH:
		case OPT_TERM:
		case OPT_WHERE:
			break;
		default:
			cli_usage(usage, LB_USAGE);
		}
	}

	policy = cli_policy(policy_path);
	if (print_policy) {
		code = cli_print_policy(policy);
		policy_free(policy);
		return code;
	}
	policy_free(policy);
	cli_unavailable("reporting");
}
