/* wbdump.c: test tool printing the sheet of a workbook that lib/workbook.c reads. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "workbook.h"

/*
 * "sheet NAME NROWSxNCOLS", then a line a row, cells joined by '|';
 * backslash, '|', CR, LF and TAB in a cell escaped so each row is a line.
 */
static void
put_cell(const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '|':
			fputs("\\|", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			putchar(*s);
		}
	}
}

int
main(int argc, char **argv)
{
	struct workbook_sheet *s;
	unsigned char head[8];
	size_t n = 0, r, c;
	FILE *f;
	int code;

	diag_init(argv[0]);
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: wbdump FILE [SHEET]\n");
		return LB_USAGE;
	}
	/* A file that does not open is workbook_read()'s to report. */
	if ((f = fopen(argv[1], "rb")) != NULL) {
		n = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	s = workbook_read(argv[1], workbook_sniff(head, n),
	    argc == 3 ? argv[2] : NULL, &code);
	if (s == NULL)
		return code;
	printf("sheet %s %zux%zu\n", s->name, s->nrows, s->ncols);
	for (r = 0; r < s->nrows; r++) {
		for (c = 0; c < s->ncols; c++) {
			if (c > 0)
				putchar('|');
			put_cell(s->cells[r * s->ncols + c]);
		}
		putchar('\n');
	}
	workbook_sheet_free(s);
	return diag_close_stdout(LB_OK);
}
