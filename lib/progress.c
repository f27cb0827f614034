/* progress.c: how far a long run has come, on stderr at a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "diag.h"
#include "progress.h"
#include "xmem.h"

/*
 * Rows between looks at the clock: a look costs tens of nanoseconds, a
 * province's log has twenty million rows, and a few thousand rows take
 * a millisecond.
 */
#define TICK_ROWS 4096u
/* The line is rewritten at most this often. */
#define REDRAW_MS 250

static long
elapsed_ms(const struct progress *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - p->start.tv_sec) * 1000 +
	    (now.tv_nsec - p->start.tv_nsec) / 1000000;
}

struct progress *
progress_new(void)
{
	struct progress *p;
	const char *env;
	char *end;
	long ms = PROGRESS_AFTER_MS;

	if (!isatty(STDERR_FILENO))
		return NULL;
	if ((env = getenv("LB_PROGRESS_AFTER_MS")) != NULL && *env != '\0') {
		ms = strtol(env, &end, 10);
		if (*end != '\0' || ms < 0)
			ms = PROGRESS_AFTER_MS;
	}
	p = xcalloc(1, sizeof(*p));
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->after_ms = ms;
	p->shown_ms = -1;
	p->name = "";
	p->tick = TICK_ROWS;
	return p;
}

/* Erase the line: what follows on stderr starts on a clean one. */
static void
erase(struct progress *p)
{
	if (p->on_screen) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->on_screen = 0;
	}
}

void
progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	erase(p);
	free(p);
}

/* Write the line now. */
static void
draw(struct progress *p, long now)
{
	unsigned long long pct;

	/*
	 * The cursor is left at the line's start, so that a warning printed
	 * meanwhile writes over the line rather than after it.
	 */
	if (p->total > 0) {
		pct = p->done >= p->total ? 100 : p->done * 100 / p->total;
		fprintf(stderr, "\r%s: %s: %llu%%\033[K\r", diag_prog(),
		    p->name, pct);
	} else
		fprintf(stderr, "\r%s: %s: %llu\033[K\r", diag_prog(), p->name,
		    p->rows);
	fflush(stderr);
	p->on_screen = 1;
	p->shown_ms = now;
}

void
progress_show(struct progress *p)
{
	long now;

	if (p == NULL)
		return;
	p->tick = TICK_ROWS;
	now = elapsed_ms(p);
	if (now < p->after_ms)
		return;
	if (p->shown_ms >= 0 && now - p->shown_ms < REDRAW_MS)
		return;
	draw(p, now);
}

void
progress_phase(struct progress *p, const char *name, unsigned long long total)
{
	if (p == NULL)
		return;
	p->name = name;
	p->total = total;
	p->done = p->rows = 0;
	/* A new phase is shown at once, once the run is long. */
	p->shown_ms = -1;
	progress_show(p);
}

void
progress_file(struct progress *p, const char *name, const char *path)
{
	struct stat st;
	unsigned long long size = 0;

	if (p == NULL)
		return;
	if (path != NULL && strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode) && !csvio_workbook(path))
		size = (unsigned long long)st.st_size;
	progress_phase(p, name, size);
}

unsigned long long
progress_row_bytes(const struct csvio_row *row)
{
	unsigned long long n = row->n;
	size_t i;

	for (i = 0; i < row->n; i++)
		n += row->len[i];
	return n;
}
