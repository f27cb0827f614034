/* csvdump.c: test tool printing what csvio reads, as lines or as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: csvdump [--encoding ENC] [--json] FILE|-\n");
}

/* "LINE: a|b|c" with backslash, CR and LF escaped. */
static void
put_plain(const struct csvio_row *row)
{
	size_t i, j;

	printf("%ld: ", row->line);
	for (i = 0; i < row->n; i++) {
		if (i > 0)
			putchar('|');
		for (j = 0; j < row->len[i]; j++) {
			switch (row->v[i][j]) {
			case '\\':
				fputs("\\\\", stdout);
				break;
			case '\n':
				fputs("\\n", stdout);
				break;
			case '\r':
				fputs("\\r", stdout);
				break;
			default:
				putchar(row->v[i][j]);
			}
		}
	}
	putchar('\n');
}

static void
put_json_string(const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	putchar('"');
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* One object per line: { "a": "1", "b": "2" }. */
static void
put_json(const struct csvio_row *hdr, const struct csvio_row *row, int first)
{
	size_t i;

	fputs(first ? "\n  { " : ",\n  { ", stdout);
	for (i = 0; i < row->n; i++) {
		if (i > 0)
			fputs(", ", stdout);
		put_json_string(hdr->v[i], hdr->len[i]);
		fputs(": ", stdout);
		put_json_string(row->v[i], row->len[i]);
	}
	fputs(" }", stdout);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "encoding", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct csvio_opts opts = { .encoding = NULL };
	struct csvio_reader *r;
	const struct csvio_row *row;
	int c, json = 0, code, rc, n = 0;

	diag_init(argv[0]);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			opts.encoding = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'j':
			json = 1;
			break;
		default:
			usage(stderr);
			return LB_USAGE;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return LB_USAGE;
	}
	r = csvio_open(argv[optind], &opts, &code);
	if (r == NULL)
		return code;
	if (json)
		fputs("[", stdout);
	else
		put_plain(csvio_header(r));
	while ((rc = csvio_next(r, &row)) == 1) {
		if (json)
			put_json(csvio_header(r), row, n == 0);
		else
			put_plain(row);
		n++;
	}
	if (json)
		fputs(n > 0 ? "\n]\n" : "]\n", stdout);
	code = rc < 0 ? csvio_code(r) : LB_OK;
	csvio_close(r);
	return diag_close_stdout(code);
}
