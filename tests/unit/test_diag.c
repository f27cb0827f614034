/* test_diag.c: unit tests of the message format and its counting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "tap.h"

/* Run fn with stderr captured; return what it wrote. */
static const char *
captured(void (*fn)(void))
{
	tap_capture();
	fn();
	return tap_captured();
}

static void full(void) { diag_error("roster.csv", 12, 7, "unknown mentor '%s'", "T019"); }
static void noline(void) { diag_error("roster.csv", 0, 9, "empty file"); }
static void nocol(void) { diag_error("<stdin>", 3, 0, "stray quote"); }
static void nofile(void) { diag_error(NULL, 5, 5, "missing -l LOG"); }
static void warn(void) { diag_warn("log.csv", 4, 0, "unknown kind '%s'", "x"); }
static struct diag_tally tally;
static void tallied(void)
{
	int i;

	diag_tally_init(&tally, "log.csv", 2);
	for (i = 1; i <= 5; i++)
		diag_tally_row(&tally, i, "unknown student", "S9");
	/* Another kind after the first one's cap is still named. */
	diag_tally_row(&tally, 150, "unknown kind", "xx");
	diag_tally_end(&tally);
}

int
main(void)
{
	long before;

	diag_init("/usr/local/bin/lb-pair");
	is_str(diag_prog(), "lb-pair", "the program name is argv[0]'s basename");
	is_str(captured(full), "lb-pair: roster.csv:12:7: unknown mentor 'T019'\n",
	    "file:line:col: message");
	is_str(captured(noline), "lb-pair: roster.csv: empty file\n",
	    "no line: no column either");
	is_str(captured(nocol), "lb-pair: <stdin>:3: stray quote\n", "line without column");
	is_str(captured(nofile), "lb-pair: missing -l LOG\n", "no file: no location");
	before = diag_errors();
	is_str(captured(warn), "lb-pair: log.csv:4: warning: unknown kind 'x'\n",
	    "warnings say so after the location");
	is_int(diag_errors(), before, "and are not counted as errors");
	is_str(captured(tallied),
	    "lb-pair: log.csv:1: warning: unknown student 'S9' (row not counted)\n"
	    "lb-pair: log.csv:2: warning: unknown student 'S9' (row not counted)\n"
	    "lb-pair: log.csv:150: warning: unknown kind 'xx' (row not counted)\n"
	    "lb-pair: log.csv: warning: 3 more rows with unknown student not counted\n",
	    "a tally caps each kind of problem, counts the rest, and names every kind");
	is_int(diag_tally_count(&tally), 6, "every row warned about is counted");
	return done_testing();
}
