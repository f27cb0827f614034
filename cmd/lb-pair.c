/* lb-pair: every child a mentor teacher and a peer buddy, fairly and stably. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "diag.h"
#include "policy.h"

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

int
main(int argc, char *argv[])
{
	const char *policy_path = NULL, *staff_path = NULL;
	struct policy *policy;
	int c, print_policy = 0, code;

	diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "ho:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_usage(usage, LB_OK);
		case 'o':
			break;
		case 'p':
			policy_path = optarg;
			break;
		case OPT_AS_OF:
			(void)cli_date("--as-of", optarg);
			break;
		case OPT_PRINT_POLICY:
			print_policy = 1;
			break;
		case OPT_STAFF:
			staff_path = optarg;
			break;
		case OPT_VERSION:
			cli_version();
		case OPT_ENCODING:
		case OPT_EXCEL:
		case OPT_EXPLAIN:
		case OPT_POOL:
		case OPT_REBALANCE:
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
	if (staff_path == NULL) {
		diag_error(NULL, 0, 0, "missing --staff STAFF (expected the staff list)");
		cli_usage(usage, LB_USAGE);
	}
	cli_unavailable("pairing");
}
