/* xlsxwrite.c: test tool writing CSV tables as an .xlsx workbook (lib/xlsxout). */
/*
 * Usage: xlsxwrite [SHEET-OPTIONS] OUT [[SHEET-OPTIONS] CSV]...
 * Writes one sheet per CSV file (its first row the header; "-" is
 * stdin), or, with none, one sheet from stdin, into OUT ("-": stdout).
 * SHEET-OPTIONS, for the sheet that follows:
 *   -s NAME   the sheet's name (default: the CSV's name)
 *   -t TYPES  a letter per column: t text, d date, n number, p percent
 *             (columns past the letters are text)
 *   -T TEXT   a title line above the header (repeatable)
 *   -g N      N empty rows more after the CSV's (a full sheet, quickly)
 *   -L TEXT   a title after the rows (a caller's mistake, refused)
 *   -A        stop after the rows and abort (nothing may be written)
 * Exits with xlsxout's exit code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "diag.h"
#include "xlsxout.h"
#include "xmem.h"

struct spec {
	const char *name, *types;
	const char *title[8];
	int ntitle;
	const char *late;
	unsigned long gen;
	int abort;
};

static void
usage(void)
{
	diag_die(LB_USAGE, "usage: xlsxwrite [-s NAME] [-t TYPES] [-T TEXT] "
	    "[-g N] [-L TEXT] [-A] OUT [[options] CSV]...");
}

/* One sheet from csv; returns 0, 1 to abort, or -1 with *code. */
static int
sheet(struct xlsxout *x, const char *csv, const struct spec *sp, int *code)
{
	struct csvio_reader *r = csvio_open(csv, NULL, code);
	const struct csvio_row *h, *row;
	enum xlsx_type *types;
	const char **empty;
	size_t c, nt;
	unsigned long g;
	int i, rc = 0, got;

	if (r == NULL)
		return -1;
	h = csvio_header(r);
	nt = sp->types != NULL ? strlen(sp->types) : 0;
	if (nt > h->n)
		diag_die(LB_USAGE, "-t %s: more letters than the %zu columns",
		    sp->types, h->n);
	types = xcalloc(h->n, sizeof(*types));
	for (c = 0; c < nt; c++)
		switch (sp->types[c]) {
		case 't': types[c] = XT_TEXT; break;
		case 'd': types[c] = XT_DATE; break;
		case 'n': types[c] = XT_NUMBER; break;
		case 'p': types[c] = XT_PERCENT; break;
		default: usage();
		}
	empty = xcalloc(h->n, sizeof(*empty));
	if (xlsxout_sheet(x, sp->name != NULL ? sp->name : csvio_name(r), h->n,
	    (const char *const *)h->v, types, code) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < sp->ntitle; i++)
		if (xlsxout_title(x, sp->title[i], code) < 0)
			rc = -1;
	while (rc == 0 && (got = csvio_next(r, &row)) != 0) {
		if (got < 0) {
			*code = csvio_code(r);
			rc = -1;
		} else if (xlsxout_row(x, (const char *const *)row->v, code) < 0)
			rc = -1;
	}
	for (g = 0; rc == 0 && g < sp->gen; g++)
		if (xlsxout_row(x, empty, code) < 0)
			rc = -1;
	if (rc == 0 && sp->late != NULL && xlsxout_title(x, sp->late, code) < 0)
		rc = -1;
	if (rc == 0 && sp->abort)
		rc = 1;
	free(empty);
	free(types);
	csvio_close(r);
	return rc;
}

int
main(int argc, char **argv)
{
	struct spec sp;
	struct xlsxout *x = NULL;
	const char *out = NULL;
	int i, code = 0, sheets = 0, rc = 0;

	diag_init(argv[0]);
	memset(&sp, 0, sizeof(sp));
	for (i = 1; i < argc && rc == 0; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] != '\0' && a[2] == '\0' &&
		    strchr("stTgLA", a[1]) != NULL) {
			if (a[1] == 'A') {
				sp.abort = 1;
				continue;
			}
			if (++i >= argc)
				usage();
			if (a[1] == 's')
				sp.name = argv[i];
			else if (a[1] == 't')
				sp.types = argv[i];
			else if (a[1] == 'L')
				sp.late = argv[i];
			else if (a[1] == 'g')
				sp.gen = strtoul(argv[i], NULL, 10);
			else if (sp.ntitle < 8)
				sp.title[sp.ntitle++] = argv[i];
			continue;
		}
		if (out == NULL) {
			out = a;
			if ((x = xlsxout_open(out, &code)) == NULL)
				return code;
			continue;
		}
		rc = sheet(x, a, &sp, &code);
		memset(&sp, 0, sizeof(sp));
		sheets++;
	}
	if (out == NULL)
		usage();
	if (rc == 0 && sheets == 0)
		rc = sheet(x, "-", &sp, &code);
	if (rc != 0) {
		xlsxout_abort(x);
		return rc > 0 ? 0 : code;
	}
	if (xlsxout_close(x, &code) < 0)
		return code;
	return diag_close_stdout(0);
}
