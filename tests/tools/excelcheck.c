/* excelcheck.c: test tool finding CSV cells a spreadsheet would run as formulas. */
/*
 * Usage: excelcheck FILE ...
 * Reads each CSV file (as lb writes it under --excel: a BOM, CRLF) and
 * checks every cell, the header's too: once the characters spreadsheets
 * skip are passed over (blanks, control characters, BOMs, no-break and
 * ideographic spaces), a cell must not start with = + - @ | or %, unless
 * it starts with the ' that makes it text, or is ="digits" (the form lb
 * keeps long numbers in).  Prints "FILE: no formula" for each file, or
 * each offending cell as FILE:LINE: column N: 'text' (or "FILE: no rows":
 * nothing checked), and exits 1 then.
 */
#include <stdio.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"

/* Length of the character at s that spreadsheets skip, else 0. */
static size_t
skippable(const unsigned char *s)
{
	if ((*s > 0 && *s <= ' ') || *s == 0x7f)
		return 1;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	if (s[0] == 0xc2 && s[1] == 0xa0)
		return 2;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* ="0566-8125908": digits (and '-', a last X) in a formula that is text. */
static int
kept_digits(const char *v)
{
	size_t len = strlen(v), i;

	if (len < 4 || strncmp(v, "=\"", 2) != 0 || v[len - 1] != '"')
		return 0;
	for (i = 2; i < len - 1; i++)
		if ((v[i] < '0' || v[i] > '9') && v[i] != '-' &&
		    !(i == len - 2 && (v[i] == 'X' || v[i] == 'x')))
			return 0;
	return 1;
}

static int
formula(const char *v)
{
	const unsigned char *s = (const unsigned char *)v;
	size_t k;

	if (*s == '\'' || kept_digits(v))
		return 0;
	while ((k = skippable(s)) > 0)
		s += k;
	return *s != '\0' && strchr("=+-@|%", *s) != NULL;
}

static int
check_row(const char *name, const struct csvio_row *row, long *cells)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < row->n; i++) {
		(*cells)++;
		if (formula(row->v[i])) {
			printf("%s:%ld: column %zu: '%s'\n", name, row->line,
			    i + 1, row->v[i]);
			bad = 1;
		}
	}
	return bad;
}

int
main(int argc, char **argv)
{
	struct csvio_reader *r;
	const struct csvio_row *row;
	long cells, rows;
	struct csvio_opts verbatim = { .verbatim = 1 };
	int i, code, rc, bad = 0, badfile;

	diag_init(argv[0]);
	if (argc < 2) {
		fprintf(stderr, "usage: excelcheck file ...\n");
		return LB_USAGE;
	}
	for (i = 1; i < argc; i++) {
		if ((r = csvio_open(argv[i], &verbatim, &code)) == NULL) {
			bad = 1;
			continue;
		}
		cells = rows = 0;
		badfile = check_row(argv[i], csvio_header(r), &cells);
		while ((rc = csvio_next(r, &row)) == 1) {
			badfile |= check_row(argv[i], row, &cells);
			rows++;
		}
		if (rc < 0)
			badfile = 1;
		csvio_close(r);
		if (rows == 0) {
			printf("%s: no rows\n", argv[i]);
			badfile = 1;
		} else if (!badfile)
			printf("%s: no formula\n", argv[i]);
		bad |= badfile;
	}
	return bad;
}
