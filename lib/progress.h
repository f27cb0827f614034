/* progress.h: how far a long run has come, on stderr at a terminal. */
#ifndef LB_PROGRESS_H
#define LB_PROGRESS_H

#include <time.h>

struct csvio_row;

/*
 * A province's lb-due or lb-report reads for seconds: at a terminal a
 * line on stderr says which file is read and how far ("lb-due: log.csv:
 * 45%"), rewritten in place, and erased at the end.  Nothing is shown
 * before the run has taken PROGRESS_AFTER_MS (LB_PROGRESS_AFTER_MS in
 * the environment overrides it, for the tests), and nothing ever when
 * stderr is not a terminal: a cron mail or a log file gets no progress.
 * The line has no words to translate: the program, the file, a percent
 * (or, of a pipe, the rows read).
 */
#define PROGRESS_AFTER_MS 2000

struct progress {
	struct timespec start;	/* the run's */
	long after_ms;		/* nothing is shown before */
	long shown_ms;		/* when the line was last written, or -1 */
	const char *name;	/* what is read or written now */
	unsigned long long total;	/* in units of progress_add(), 0: unknown */
	unsigned long long done, rows;
	unsigned tick;		/* rows until the clock is looked at again */
	int on_screen;		/* a line is shown */
};

/*
 * A progress for this run, timed from now; NULL when stderr is not a
 * terminal (every function takes NULL and does nothing).  Free with
 * progress_free(), which erases the line.
 */
struct progress *progress_new(void);
void progress_free(struct progress *p);

/*
 * From now on p tells of name, total units to go (0: unknown).  For a
 * file read, progress_file() gives its size in bytes when path is a
 * regular file and not a workbook (whose bytes are not its rows'), else 0.
 */
void progress_phase(struct progress *p, const char *name,
    unsigned long long total);
void progress_file(struct progress *p, const char *name, const char *path);

/*
 * About the bytes record row took in its file, for progress_add(): its
 * fields, commas and line end (not the quotes).
 */
unsigned long long progress_row_bytes(const struct csvio_row *row);

/* Looks at the clock, and writes the line when it is time. */
void progress_show(struct progress *p);

/* One more row, of units units (its bytes, or 1). */
static inline void
progress_add(struct progress *p, unsigned long long units)
{
	if (p == NULL)
		return;
	p->done += units;
	p->rows++;
	/* The clock is looked at every few thousand rows, not each. */
	if (--p->tick == 0)
		progress_show(p);
}

#endif
