/* tabfmt.c: aligned text tables for the terminal, Chinese-width aware. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sbuf.h"
#include "tabfmt.h"
#include "text.h"
#include "xmem.h"

#define GAP 2
#define MIN_COL 4

/* The cell as shown: line breaks and tabs made visible on one line. */
static void
shown(struct sbuf *out, const char *s)
{
	sbuf_reset(out);
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '\n')
			sbuf_adds(out, "\xe2\x8f\x8e");
		else if (*s == '\r')
			continue;
		else if (*s == '\t')
			sbuf_addc(out, ' ');
		else
			sbuf_addc(out, *s);
	}
}

static void
cell(FILE *f, struct sbuf *tmp, const char *s, size_t width, int last)
{
	size_t w, n;

	shown(tmp, s);
	w = text_width(tmp->buf, tmp->len);
	if (w > width) {
		/* Leave one column for the ellipsis. */
		n = text_fit(tmp->buf, tmp->len, width - 1);
		fwrite(tmp->buf, 1, n, f);
		fputs("\xe2\x80\xa6", f);
		w = text_width(tmp->buf, n) + 1;
	} else
		fwrite(tmp->buf, 1, tmp->len, f);
	if (!last)
		for (; w < width + GAP; w++)
			fputc(' ', f);
}

void
tabfmt_write(FILE *f, size_t ncols, const char *const *header, size_t nrows,
    const char *const *const *rows, size_t max_width)
{
	struct sbuf tmp = SBUF_INIT;
	size_t *width, c, r, total, widest, w;

	if (ncols == 0)
		return;
	sbuf_init(&tmp);
	width = xcalloc(ncols, sizeof(*width));
	for (c = 0; c < ncols; c++) {
		shown(&tmp, header[c]);
		width[c] = text_width(tmp.buf, tmp.len);
		for (r = 0; r < nrows; r++) {
			shown(&tmp, rows[r][c]);
			w = text_width(tmp.buf, tmp.len);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (;;) {
		total = 0;
		widest = 0;
		for (c = 0; c < ncols; c++) {
			total += width[c] + (c + 1 < ncols ? GAP : 0);
			if (width[c] > width[widest])
				widest = c;
		}
		if (max_width == 0 || total <= max_width || width[widest] <= MIN_COL)
			break;
		width[widest]--;
	}
	for (c = 0; c < ncols; c++)
		cell(f, &tmp, header[c], width[c], c + 1 == ncols);
	fputc('\n', f);
	for (c = 0; c < ncols; c++) {
		for (w = 0; w < width[c]; w++)
			fputc('-', f);
		if (c + 1 < ncols)
			fputs("  ", f);
	}
	fputc('\n', f);
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++)
			cell(f, &tmp, rows[r][c], width[c], c + 1 == ncols);
		fputc('\n', f);
	}
	free(width);
	sbuf_release(&tmp);
}

size_t
tabfmt_term_width(int fd)
{
	struct winsize ws;

	if (!isatty(fd))
		return 0;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}
