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
	const char *end = s != NULL ? s + strlen(s) : s;
	size_t k;

	sbuf_reset(out);
	for (; s != NULL && *s != '\0'; s += k) {
		k = 1;
		if (*s == '\n')
			sbuf_adds(out, "\xe2\x8f\x8e");
		else if (*s == '\r')
			continue;
		else if (*s == '\t')
			sbuf_addc(out, ' ');
		else if ((k = text_control_at(s, (size_t)(end - s))) > 0)
			text_escape_controls(out, s, k);
		else {
			sbuf_addc(out, *s);
			k = 1;
		}
	}
}

/*
 * 1 when s is shown as it is: no line break, return, tab or other
 * control character (a terminal would obey ESC rather than show it).
 */
static int
plain(const char *s, size_t *len)
{
	*len = strlen(s);
	return !text_has_control(s, *len) && memchr(s, '\t', *len) == NULL;
}

/* Display width of s as shown. */
static size_t
shown_width(struct sbuf *tmp, const char *s)
{
	size_t len;

	if (s == NULL)
		return 0;
	if (plain(s, &len))
		return text_width(s, len);
	shown(tmp, s);
	return text_width(tmp->buf, tmp->len);
}

/* Cell s of display width w (as shown) in a column width wide, onto line. */
static void
cell(struct sbuf *line, struct sbuf *tmp, const char *s, size_t w,
    size_t width, int last)
{
	size_t n;

	if (s != NULL && w <= width && plain(s, &n))
		sbuf_add(line, s, n);
	else {
		shown(tmp, s);
		if (w > width) {
			/* Leave one column for the ellipsis. */
			n = text_fit(tmp->buf, tmp->len, width - 1);
			sbuf_add(line, tmp->buf, n);
			sbuf_adds(line, "\xe2\x80\xa6");
			w = text_width(tmp->buf, n) + 1;
		} else
			sbuf_add(line, tmp->buf, tmp->len);
	}
	if (!last && w < width + GAP) {
		n = width + GAP - w;
		sbuf_grow(line, n);
		memset(line->buf + line->len, ' ', n);
		line->len += n;
		line->buf[line->len] = '\0';
	}
}

void
tabfmt_write(FILE *f, size_t ncols, const char *const *header, size_t nrows,
    const char *const *const *rows, size_t max_width)
{
	struct sbuf tmp = SBUF_INIT, line = SBUF_INIT;
	size_t *width, *cw, c, r, total, widest, w;

	if (ncols == 0)
		return;
	sbuf_init(&tmp);
	sbuf_init(&line);
	width = xcalloc(ncols, sizeof(*width));
	/* Each cell's width, measured once: cw[r * ncols + c], header last. */
	cw = xreallocarray(NULL, nrows + 1, ncols * sizeof(*cw));
	for (c = 0; c < ncols; c++) {
		width[c] = cw[nrows * ncols + c] = shown_width(&tmp, header[c]);
		for (r = 0; r < nrows; r++) {
			w = cw[r * ncols + c] = shown_width(&tmp, rows[r][c]);
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
	/* A line at a time. */
	for (c = 0; c < ncols; c++)
		cell(&line, &tmp, header[c], cw[nrows * ncols + c], width[c],
		    c + 1 == ncols);
	sbuf_addc(&line, '\n');
	for (c = 0; c < ncols; c++) {
		for (w = 0; w < width[c]; w++)
			sbuf_addc(&line, '-');
		if (c + 1 < ncols)
			sbuf_adds(&line, "  ");
	}
	sbuf_addc(&line, '\n');
	fwrite(line.buf, 1, line.len, f);
	for (r = 0; r < nrows; r++) {
		sbuf_reset(&line);
		for (c = 0; c < ncols; c++)
			cell(&line, &tmp, rows[r][c], cw[r * ncols + c],
			    width[c], c + 1 == ncols);
		sbuf_addc(&line, '\n');
		fwrite(line.buf, 1, line.len, f);
	}
	free(cw);
	free(width);
	sbuf_release(&tmp);
	sbuf_release(&line);
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
