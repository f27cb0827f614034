/* fuzz_workbook.c: libFuzzer target for .xlsx and .xls reading (lib/workbook.h). */
/*
 * The input is a workbook file, read as workbook_read() reads it with
 * the kind its first bytes sniff as.  It is refused with LB_DATAERR, or
 * it reads to a sheet whose every cell is a valid UTF-8 string, within
 * Excel's limits, with no empty last row or column; the sheet's own name
 * names a sheet (read again by it, it is found: read, or refused as
 * damaged, never unknown).  The seeds are .xlsx files stored (not
 * deflated), so that mutations reach the XML and not only the inflater;
 * none is an .xls, whose BIFF parsing is libfreexl's.
 */
#include "fuzz.h"

#include "csvio.h"
#include "workbook.h"

static int
row_empty(const struct workbook_sheet *s, size_t r)
{
	size_t c;

	for (c = 0; c < s->ncols; c++)
		if (s->cells[r * s->ncols + c][0] != '\0')
			return 0;
	return 1;
}

static int
col_empty(const struct workbook_sheet *s, size_t c)
{
	size_t r;

	for (r = 0; r < s->nrows; r++)
		if (s->cells[r * s->ncols + c][0] != '\0')
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct workbook_sheet *s, *again;
	const char *path;
	size_t i;
	int code;

	fuzz_init(0);
	path = fuzz_file(data, size);
	s = workbook_read(path, workbook_sniff(data, size), NULL, &code);
	if (s == NULL) {
		FUZZ_ASSERT(code == LB_DATAERR);
		return 0;
	}
	FUZZ_ASSERT(s->name != NULL);
	FUZZ_ASSERT(s->nrows <= WORKBOOK_MAX_ROWS);
	FUZZ_ASSERT(s->ncols <= WORKBOOK_MAX_COLS);
	FUZZ_ASSERT((s->nrows == 0) == (s->ncols == 0));
	for (i = 0; i < s->nrows * s->ncols; i++) {
		FUZZ_ASSERT(s->cells[i] != NULL);
		FUZZ_ASSERT(csvio_valid_utf8(s->cells[i], strlen(s->cells[i])));
	}
	if (s->nrows > 0) {
		FUZZ_ASSERT(!row_empty(s, s->nrows - 1));
		FUZZ_ASSERT(!col_empty(s, s->ncols - 1));
	}
	again = workbook_read(path, WORKBOOK_NONE, s->name, &code);
	FUZZ_ASSERT(again != NULL || code == LB_DATAERR);
	FUZZ_ASSERT(again == NULL || strcmp(again->name, s->name) == 0);
	workbook_sheet_free(again);
	workbook_sheet_free(s);
	return 0;
}
