/* ofile.h: atomic replacement of output files, and advisory locks. */
#ifndef LB_OFILE_H
#define LB_OFILE_H

#include <stdio.h>

struct ofile;

enum {
	OFILE_PRIVATE = 1	/* a new file gets mode 0600 (personal data) */
};

/*
 * Start writing path: opens "<path>.tmp.XXXXXX" in the same folder and
 * returns a handle whose stream the caller writes to.  path NULL or "-"
 * means stdout (then commit just flushes).  An existing file keeps its
 * mode; a new one gets 0600 with OFILE_PRIVATE, else 0666 & ~umask.
 * The temporary file is removed if the process exits or is killed by
 * SIGINT/SIGTERM/SIGHUP before commit.  On error prints a message and
 * returns NULL (exit code LB_CANTCREAT).
 */
struct ofile *ofile_open(const char *path, int flags);
FILE *ofile_stream(struct ofile *of);
const char *ofile_path(const struct ofile *of);
/*
 * Flush, fsync, rename over path, fsync the folder; frees of.  Returns 0,
 * or -1 after a message (the old file is untouched and the temporary one
 * removed; exit code LB_IOERR).
 */
int ofile_commit(struct ofile *of);
/* Give up: remove the temporary file, leave path untouched; frees of. */
void ofile_abort(struct ofile *of);

/*
 * Take an exclusive advisory lock serialising read-modify-write of path:
 * a lock on "<path>.lock" with flock(2), created 0600 if needed.  Waits up
 * to wait_ms milliseconds (0 = try once); a lock held by a killed process
 * is released by the kernel, so a stale lock file never blocks.  Returns
 * a descriptor >= 0, or -1 after a message (LB_TEMPFAIL when another run
 * holds it, else LB_CANTCREAT) with *code set.
 */
int ofile_lock(const char *path, long wait_ms, int *code);
void ofile_unlock(int fd);

#endif
