/* ofile.h: atomic replacement of output files, and advisory locks. */
#ifndef LB_OFILE_H
#define LB_OFILE_H

#include <stdio.h>
#include <sys/stat.h>

struct ofile;

enum {
	OFILE_PRIVATE = 1	/* a new file gets mode 0600 (personal data) */
};

/*
 * Start writing path: opens "<file>.tmp.<pid>.XXXXXX" beside the file
 * path names and returns a handle whose stream the caller writes to.
 * path NULL or "-" means stdout (then commit just flushes).  The file is
 * found by its real name (realpath(3); of its folder for a new file), so
 * that through a symbolic link, a linked folder, a relative or an
 * absolute name the same file is replaced: a link stays a link.  A link
 * to nothing is refused (a share not mounted: a new file would split the
 * data in two).  An existing file keeps its mode and group (as root its
 * owner too; another user of the group becomes its owner, having no
 * right to give it away); a new one gets 0600 with OFILE_PRIVATE (0660
 * in a group's set-group-ID folder shut to others, see default_mode()),
 * else 0666, less the umask's bits (a stricter umask such as 0277 is
 * kept).  An existing file is refused when this process may not write it
 * ("is read-only": rename would replace it all the same; as root, when
 * its mode has no write bit) and when it has other hard links (they
 * would keep the old content).  Something that is not a regular file
 * (/dev/null, a FIFO) is written in place.  The temporary file is
 * removed if the process exits or is killed by SIGINT/SIGTERM/SIGHUP
 * before commit.  On error prints a message and returns NULL (exit code
 * LB_CANTCREAT).
 */
struct ofile *ofile_open(const char *path, int flags);
FILE *ofile_stream(struct ofile *of);
/* The target's name as the caller gave it, for messages ("<stdout>"). */
const char *ofile_path(const struct ofile *of);
/*
 * Flush, fsync, rename over path, fsync the folder; frees of.  Returns 0,
 * or -1 after a message "cannot write 'path': reason" (the old file is
 * untouched and the temporary one removed; exit code LB_IOERR).  On stdout
 * a reader that went away (EPIPE) is no error.
 */
int ofile_commit(struct ofile *of);

/*
 * The new file written so far put on disk under its temporary name, and
 * its identity into *st, before ofile_commit() renames it over the old:
 * so that another file (a journal) can name the file that is to be the
 * target.  0, or -1 with errno.
 */
int ofile_ready(struct ofile *of, struct stat *st);
/* The temporary name of of's new file (NULL when written in place). */
const char *ofile_tmp(const struct ofile *of);

/*
 * The name of path's journal into sb (initialised here): "<file>.journal"
 * beside path's real file, as its lock is (ofile_lock()), so that
 * teachers naming one log or history through links of their own share
 * one journal (lb-log's appends, lb-enroll --history's).
 */
struct sbuf;
void ofile_journal_name(struct sbuf *sb, const char *path);

/*
 * fsync the folder of path, so that a file made or renamed there
 * survives a power cut (the rename of a commit, a journal just made).
 * Returns 0 or an errno; a file system that cannot sync a folder, and
 * says so, is no error.
 */
int ofile_sync_dir(const char *path);
/* Give up: remove the temporary file, leave path untouched; frees of
 * (NULL is allowed). */
void ofile_abort(struct ofile *of);

/*
 * Take an exclusive advisory lock serialising read-modify-write of path:
 * a lock on "<file>.lock" with flock(2), where <file> is path's real name
 * as ofile_open() finds it, so that writers through a link and through
 * the file's own name exclude each other.  The lock file gets the mode
 * bits and the group of the file it guards (owner read and write added),
 * so that every writer of a group's 0660 log may take it; an existing
 * lock file is set so when its owner (or root) runs.  A file ofile_open()
 * would refuse (a link to nothing, read-only, hard links) fails here
 * first, before any work.  Waits up to wait_ms milliseconds (0 = try
 * once); a lock held by a killed process is released by the kernel, so a
 * stale lock file never blocks.  Returns a descriptor >= 0, or -1 after a
 * message (LB_TEMPFAIL when another run holds it, else LB_CANTCREAT) with
 * *code set.  The lock file stays (to remove it would race with the next
 * run).  path NULL or "-", or something not a regular file (/dev/null:
 * written in place, never replaced) locks nothing but still returns a
 * descriptor for ofile_unlock().  The lock belongs to the open file, so
 * a child forked while it is held shares it until the child exits or
 * execs (the descriptor is close-on-exec).
 */
int ofile_lock(const char *path, long wait_ms, int *code);
void ofile_unlock(int fd);

/* How long a writer waits for another run's lock, by default and at most. */
#define OFILE_LOCK_WAIT_MS 10000
#define OFILE_LOCK_WAIT_MAX 600000	/* 10 minutes */

/*
 * The wait_ms every writer passes to ofile_lock(), read in this one
 * place: $LB_LOCK_WAIT_MS when set and not empty (a cron job that would
 * rather fail fast, or a test), else OFILE_LOCK_WAIT_MS.  Returns
 * milliseconds, or -1 after a message when the value is not a whole
 * number from 0 to OFILE_LOCK_WAIT_MAX, with *code set to LB_USAGE.
 */
long ofile_lock_wait(int *code);

/*
 * Remove leftovers "<path>.tmp.<pid>.XXXXXX" of runs killed with SIGKILL
 * (or a power cut): those whose pid is dead or is this process's, and any
 * not written to for 10 minutes (pids get reused).  ofile_open() calls it;
 * the leftovers are never read, so this only saves disk space.  Silent,
 * best effort.  path NULL or "-" does nothing.
 */
void ofile_clean_stale(const char *path);

#endif
