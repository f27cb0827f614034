/* ofile.c: output files replaced atomically, temp file cleanup, locks. */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "ofile.h"
#include "sbuf.h"
#include "text.h"
#include "xmem.h"

/* Leftovers older than this are removed even when their pid is alive
 * again: pids are reused, and in a container every run may be pid 1. */
#define STALE_SECONDS (10 * 60)

#define MAX_LIVE 64

struct ofile {
	char *name;		/* the target as the caller named it, for messages */
	char *path;		/* the file itself (resolve()), or name in place */
	char *tmp;		/* temporary name; NULL when writing in place */
	FILE *fp;
	int slot;		/* index in live[], or -1 */
	int is_stdout;
};

/*
 * The temporary files this process has open.  The signal handler reads
 * these arrays, so they change only with the signals blocked; the names
 * are not freed while listed.  live_pid guards against a forked child
 * (which inherits the list) removing its parent's files at its exit.
 */
static char *volatile live[MAX_LIVE];
static volatile pid_t live_pid[MAX_LIVE];
static int handlers_installed;
static const int cleanup_signals[] = { SIGHUP, SIGINT, SIGTERM };

static void
remove_live(void)
{
	pid_t me = getpid();
	int i;

	for (i = 0; i < MAX_LIVE; i++)
		if (live[i] != NULL && live_pid[i] == me)
			unlink(live[i]);
}

/* Only async-signal-safe calls here: unlink, getpid, signal, raise. */
static void
on_signal(int sig)
{
	int saved = errno;

	remove_live();
	signal(sig, SIG_DFL);
	/* Delivered with the default action once this handler returns. */
	raise(sig);
	errno = saved;
}

static void
on_exit_cleanup(void)
{
	remove_live();
}

static void
install_handlers(void)
{
	struct sigaction sa, old;
	size_t i;

	if (handlers_installed)
		return;
	handlers_installed = 1;
	atexit(on_exit_cleanup);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]);
	    i++) {
		/* Under nohup SIGHUP is ignored, and must stay so. */
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

static void
block_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof(cleanup_signals) / sizeof(cleanup_signals[0]);
	    i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void
unblock_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* Take the name off the list; the caller frees it afterwards. */
static void
unlist(struct ofile *of)
{
	sigset_t old;

	if (of->slot < 0)
		return;
	block_signals(&old);
	live[of->slot] = NULL;
	live_pid[of->slot] = 0;
	unblock_signals(&old);
	of->slot = -1;
}

static int
is_listed(const char *name)
{
	pid_t me = getpid();
	int i;

	for (i = 0; i < MAX_LIVE; i++)
		if (live[i] != NULL && live_pid[i] == me &&
		    strcmp(live[i], name) == 0)
			return 1;
	return 0;
}

/* a, b and c in one new string. */
static char *
join3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
	char *s = xmalloc(la + lb + lc + 1);

	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, c, lc + 1);
	return s;
}

/* The folder holding path ("." when none), newly allocated. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* name is "<base>.tmp.<pid>.XXXXXX"; returns the pid, or -1 if it is not. */
static long
stale_pid(const char *name, const char *base, size_t baselen)
{
	const char *p;
	long pid = 0;
	size_t n;

	if (strncmp(name, base, baselen) != 0 ||
	    strncmp(name + baselen, ".tmp.", 5) != 0)
		return -1;
	p = name + baselen + 5;
	for (n = 0; *p >= '0' && *p <= '9'; p++, n++) {
		pid = pid * 10 + (*p - '0');
		if (pid > INT_MAX)
			return -1;
	}
	if (n == 0 || *p != '.' || strlen(p + 1) != 6)
		return -1;
	return pid;
}

/*
 * A leftover whose writer is gone: its pid is dead, or is ours (an earlier
 * process had our pid, since our own files are listed), or it has not
 * been written to for long (the pid may have been reused since).
 */
static int
is_stale(long pid, const struct stat *st, time_t now)
{
	if (pid <= 0 || pid == (long)getpid())
		return 1;
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return 1;
	return now - st->st_mtime > STALE_SECONDS;
}

void
ofile_clean_stale(const char *path)
{
	char *dir, *full;
	const char *base, *slash;
	size_t baselen;
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	DIR *dp;
	long pid;

	if (path == NULL || strcmp(path, "-") == 0)
		return;
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	baselen = strlen(base);
	if (baselen == 0)
		return;
	dir = dir_of(path);
	if ((dp = opendir(dir)) == NULL) {
		free(dir);
		return;
	}
	/* Best effort throughout: a leftover is only clutter, never read. */
	while ((de = readdir(dp)) != NULL) {
		if ((pid = stale_pid(de->d_name, base, baselen)) < 0)
			continue;
		full = join3(dir, "/", de->d_name);
		if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
		    !is_listed(full) && is_stale(pid, &st, now))
			unlink(full);
		free(full);
	}
	closedir(dp);
	free(dir);
}

/*
 * The folder is a group's shared one: set-group-ID (files made in it take
 * its group) and shut to others (mode ?770 or stricter).  There a private
 * file is meant for the group too, or a second teacher could not read
 * the log the first one started; others are kept out by the folder.
 */
static int
group_folder(const char *path)
{
	char *dir = dir_of(path);
	struct stat st;
	int shared;

	shared = stat(dir, &st) == 0 && (st.st_mode & S_ISGID) != 0 &&
	    (st.st_mode & 0007) == 0;
	free(dir);
	return shared;
}

/* The mode of a new file at path (the resolved name), as ofile.h says. */
static mode_t
default_mode(const char *path, int flags)
{
	mode_t mask, mode;

	/* The only way to read the umask is to set it.  A stricter umask
	 * (0277: read-only) is kept for private files too. */
	mask = umask(077);
	umask(mask);
	if ((flags & OFILE_PRIVATE) == 0)
		mode = 0666;
	else
		mode = group_folder(path) ? 0660 : 0600;
	return mode & ~mask;
}

/*
 * The file path names, by a name every writer of it computes alike:
 * whether through a symbolic link, a linked folder, a relative or an
 * absolute name, two writers of one file take one lock and replace one
 * file (renaming over a link would replace the link, and two lock names
 * would exclude nobody).  Sets *real (allocated), *st and *have (the
 * file exists).  Something that is not a regular file (/dev/null,
 * /dev/stdout, a FIFO) keeps its name: it is written in place, and its
 * realpath may be no path at all ("pipe:[123]").  A file not made yet
 * is named by its folder's realpath.  A link to nothing is refused:
 * that is a share not mounted or a file moved away, and a new file
 * there, or one replacing the link, would split the log in two.
 * Returns 0, or -1 after a message (LB_CANTCREAT).
 */
static int
resolve(const char *path, char **real, struct stat *st, int *have)
{
	const char *slash, *base;
	char *dir, *rdir, target[PATH_MAX];
	ssize_t n;
	int err;

	*real = NULL;
	*have = 0;
	if (stat(path, st) == 0) {
		*have = 1;
		if (!S_ISREG(st->st_mode)) {
			*real = xstrdup(path);
			return 0;
		}
		if ((*real = realpath(path, NULL)) == NULL) {
			diag_error(NULL, 0, 0, _("cannot create '%s': %s"),
			    path, strerror(errno));
			return -1;
		}
		return 0;
	}
	err = errno;
	if (err == ENOENT && lstat(path, st) == 0 && S_ISLNK(st->st_mode)) {
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		diag_error(NULL, 0, 0, _("'%s' is a symbolic link to '%s', "
		    "which does not exist (expected a link to an existing "
		    "file: create that file, or remove the link)"), path,
		    target);
		return -1;
	}
	if (err != ENOENT) {
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), path,
		    strerror(err));
		return -1;
	}
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	dir = dir_of(path);
	if ((rdir = realpath(dir, NULL)) == NULL) {
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), path,
		    strerror(errno));
		free(dir);
		return -1;
	}
	*real = join3(rdir, strcmp(rdir, "/") == 0 ? "" : "/", base);
	free(rdir);
	free(dir);
	return 0;
}

/*
 * May this process replace the regular file at real (name in messages)?
 * Rename needs only a writable folder, so without this a file its owner
 * made read-only (last term's log, closed) would be replaced all the
 * same; root passes every access() test, hence the look at the mode.
 * A file with other hard links is refused too: the new file would take
 * this name only, and the others would keep the old content without a
 * word.  (Writing it in place instead would keep the links but lose the
 * all-or-nothing replacement, the one promise ofile makes.)  Returns 0,
 * or -1 after a message (LB_CANTCREAT).
 */
static int
check_replace(const char *name, const char *real, const struct stat *st)
{
	if (st->st_nlink > 1) {
		diag_error(NULL, 0, 0, _("'%s' has %ld hard links (expected one: "
		    "a replacement would leave the other names with the old "
		    "content; make other names with ln -s)"), name,
		    (long)st->st_nlink);
		return -1;
	}
	if ((st->st_mode & 0222) == 0) {
		diag_error(NULL, 0, 0, _("'%s' is read-only (mode %04o; "
		    "expected a file that may be written: chmod u+w '%s' if "
		    "it is to change)"), name, (unsigned)(st->st_mode & 07777),
		    name);
		return -1;
	}
	if (faccessat(AT_FDCWD, real, W_OK, AT_EACCESS) == -1) {
		if (errno == EACCES)
			diag_error(NULL, 0, 0, _("'%s' is read-only for you "
			    "(mode %04o; expected write permission, as its "
			    "owner or in its group with the group write bit)"),
			    name, (unsigned)(st->st_mode & 07777));
		else
			diag_error(NULL, 0, 0, _("cannot write '%s': %s"),
			    name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Write straight into something that is not a regular file (/dev/null, a
 * FIFO, a terminal): renaming over it would replace the device.
 */
static struct ofile *
open_in_place(struct ofile *of)
{
	if ((of->fp = fopen(of->path, "w")) == NULL) {
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), of->name,
		    strerror(errno));
		free(of->path);
		free(of->name);
		free(of);
		return NULL;
	}
	return of;
}

struct ofile *
ofile_open(const char *path, int flags)
{
	struct ofile *of = xcalloc(1, sizeof(*of));
	struct stat st;
	sigset_t old;
	char mid[32];
	int fd, i, have_old, err;
	mode_t mode;

	of->slot = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		of->is_stdout = 1;
		of->fp = stdout;
		of->name = xstrdup("<stdout>");
		of->path = xstrdup("<stdout>");
		return of;
	}
	of->name = xstrdup(path);
	if (resolve(path, &of->path, &st, &have_old) != 0)
		goto fail;
	if (have_old && S_ISDIR(st.st_mode)) {
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), path,
		    strerror(EISDIR));
		goto fail;
	}
	if (have_old && !S_ISREG(st.st_mode))
		return open_in_place(of);
	if (have_old && check_replace(path, of->path, &st) != 0)
		goto fail;

	install_handlers();
	ofile_clean_stale(of->path);
	snprintf(mid, sizeof(mid), ".tmp.%ld.", (long)getpid());
	of->tmp = join3(of->path, mid, "XXXXXX");

	/* Create and list the name with no signal in between. */
	block_signals(&old);
	for (i = 0; i < MAX_LIVE && live[i] != NULL; i++)
		continue;
	if (i == MAX_LIVE) {
		unblock_signals(&old);
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), path,
		    _("too many output files open at once"));
		goto fail;
	}
	if ((fd = mkstemp(of->tmp)) == -1) {
		err = errno;
		unblock_signals(&old);
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), path,
		    strerror(err));
		goto fail;
	}
	live_pid[i] = getpid();
	live[i] = of->tmp;
	of->slot = i;
	unblock_signals(&old);

	if (have_old) {
		/*
		 * Keep the group (when it is one of ours) and, as root, the
		 * owner; chown first, as it clears set-id bits that fchmod
		 * restores.  Another user of the group cannot give the file
		 * away: the new file is theirs, with the old group and mode,
		 * so the group may still write it.
		 */
		if ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
		    fchown(fd, geteuid() == 0 ? st.st_uid : (uid_t)-1,
		    st.st_gid) == -1) {
			/* Not a group of ours: the file gets our group. */
		}
		mode = st.st_mode & 07777;
	} else
		mode = default_mode(of->path, flags);
	if (fchmod(fd, mode) == -1 ||
	    (of->fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		close(fd);
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), path,
		    strerror(err));
		goto fail;
	}
	return of;

fail:
	if (of->slot >= 0) {
		unlink(of->tmp);
		unlist(of);
	}
	free(of->tmp);
	free(of->path);
	free(of->name);
	free(of);
	return NULL;
}

FILE *
ofile_stream(struct ofile *of)
{
	return of->fp;
}

const char *
ofile_path(const struct ofile *of)
{
	return of->name;
}

static void
free_ofile(struct ofile *of)
{
	unlist(of);
	free(of->tmp);
	free(of->path);
	free(of->name);
	free(of);
}

int
ofile_ready(struct ofile *of, struct stat *st)
{
	if (fflush(of->fp) != 0 || fsync(fileno(of->fp)) != 0 ||
	    fstat(fileno(of->fp), st) != 0)
		return -1;
	return 0;
}

const char *
ofile_tmp(const struct ofile *of)
{
	return of->tmp;
}

void
ofile_journal_name(struct sbuf *sb, const char *path)
{
	char *real = realpath(path, NULL);

	sbuf_init(sb);
	sbuf_adds(sb, real != NULL ? real : path);
	sbuf_adds(sb, ".journal");
	free(real);
}

int
ofile_sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd, err = 0;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fsync(fd) == -1 && errno != EINVAL && errno != EROFS &&
		    errno != ENOTSUP)
			err = errno;
		close(fd);
	}
	free(dir);
	return err;
}

int
ofile_commit(struct ofile *of)
{
	int err = 0, failed = 0;

	if (of->is_stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			err = errno;
			/* A reader that went away (`| head`) is not our
			 * error; diag_close_stdout() says the same. */
			if (err != EPIPE) {
				diag_error(NULL, 0, 0,
				    _("cannot write standard output: %s"),
				    strerror(err));
				failed = 1;
			}
		}
		free_ofile(of);
		return failed ? -1 : 0;
	}

	if (fflush(of->fp) != 0 || ferror(of->fp)) {
		err = errno != 0 ? errno : EIO;
		failed = 1;
	} else if (of->tmp != NULL && fsync(fileno(of->fp)) == -1 &&
	    errno != EINVAL) {
		err = errno;
		failed = 1;
	}
	if (fclose(of->fp) != 0 && !failed) {
		err = errno;
		failed = 1;
	}
	of->fp = NULL;
	if (!failed && of->tmp != NULL && rename(of->tmp, of->path) == -1) {
		err = errno;
		failed = 1;
	}
	if (failed) {
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), of->name,
		    strerror(err));
		if (of->tmp != NULL)
			unlink(of->tmp);
		free_ofile(of);
		return -1;
	}
	if (of->tmp != NULL && (err = ofile_sync_dir(of->path)) != 0) {
		/* The new content is in place; only its durability is in
		 * doubt, but a caller must not report success. */
		diag_error(NULL, 0, 0, _("cannot write '%s': %s"), of->name,
		    strerror(err));
		free_ofile(of);
		return -1;
	}
	free_ofile(of);
	return 0;
}

void
ofile_abort(struct ofile *of)
{
	if (of == NULL)
		return;
	if (of->is_stdout)
		fflush(stdout);
	else if (of->fp != NULL) {
		fclose(of->fp);
		if (of->tmp != NULL)
			unlink(of->tmp);
	}
	free_ofile(of);
}

static long
elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_nsec - start->tv_nsec) / 1000000;
}

/*
 * Give the lock file fd the mode and the group (and, as root, the owner)
 * of the file st it guards (NULL: a file not made yet, mode only).  The
 * umask narrowed the mode at creation, and an older lb made every lock
 * 0600: either way the group's second writer could not open it.  Only
 * the lock's owner (or root) may change it; it is fixed on its owner's
 * next run.  Best effort: a group not ours stays as it is.
 */
static void
share_lock(int fd, mode_t mode, const struct stat *st)
{
	struct stat ls;
	int root = geteuid() == 0;

	if (fstat(fd, &ls) == -1 || (ls.st_uid != geteuid() && !root))
		return;
	if (st != NULL && (ls.st_gid != st->st_gid ||
	    (root && ls.st_uid != st->st_uid)) &&
	    fchown(fd, root ? st->st_uid : (uid_t)-1, st->st_gid) == -1) {
		/* Not a group of ours: the lock keeps the folder's. */
	}
	if ((ls.st_mode & 07777) != mode && fchmod(fd, mode) == -1) {
		/* A file system without modes: nothing to share. */
	}
}

int
ofile_lock(const char *path, long wait_ms, int *code)
{
	struct timespec start, nap;
	struct stat st;
	char *lockpath, *real;
	long left;
	int fd, err, have;
	mode_t mode;

	if (path == NULL || strcmp(path, "-") == 0) {
		/* Nothing to serialise, but the caller gets an fd to close. */
		if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1) {
			diag_error(NULL, 0, 0, _("cannot open '/dev/null': %s"),
			    strerror(errno));
			*code = LB_OSERR;
		}
		return fd;
	}
	if (resolve(path, &real, &st, &have) != 0) {
		*code = LB_CANTCREAT;
		return -1;
	}
	if (have && !S_ISREG(st.st_mode)) {
		/* Written in place (ofile_open): nothing is replaced, and a
		 * lock beside /dev/null would be clutter in /dev. */
		free(real);
		return ofile_lock("-", wait_ms, code);
	}
	/* A file that may not be replaced fails now, before the work. */
	if (have && check_replace(path, real, &st) != 0) {
		free(real);
		*code = LB_CANTCREAT;
		return -1;
	}
	/* Whoever may write the file may take its lock: the lock file has
	 * the file's group and its group and other bits. */
	mode = have ? (st.st_mode & 0666) | 0600 :
	    default_mode(real, OFILE_PRIVATE) | 0600;
	lockpath = join3(real, ".lock", "");
	free(real);
	/* A lock file another user created may still be locked read-only. */
	fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, mode);
	if (fd == -1 && errno == EACCES)
		fd = open(lockpath, O_RDONLY | O_CLOEXEC);
	if (fd == -1 && errno == EACCES) {
		diag_error(NULL, 0, 0, _("cannot open '%s': %s (expected a "
		    "lock file the writers of '%s' may open: its owner may "
		    "chmod it like the file, or remove it)"), lockpath,
		    strerror(EACCES), path);
		free(lockpath);
		*code = LB_CANTCREAT;
		return -1;
	}
	if (fd == -1) {
		diag_error(NULL, 0, 0, _("cannot create '%s': %s"), lockpath,
		    strerror(errno));
		free(lockpath);
		*code = LB_CANTCREAT;
		return -1;
	}
	free(lockpath);
	share_lock(fd, mode, have ? &st : NULL);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		err = errno;
		if (err == EINTR)
			continue;
		if (err != EWOULDBLOCK) {
			diag_error(NULL, 0, 0, _("cannot lock '%s': %s"), path,
			    strerror(err));
			close(fd);
			*code = LB_CANTCREAT;
			return -1;
		}
		if ((left = wait_ms - elapsed_ms(&start)) <= 0)
			break;
		/* Short naps: a cron job holds the lock for well under a
		 * second, and a blocking flock could not time out. */
		if (left > 20)
			left = 20;
		nap.tv_sec = 0;
		nap.tv_nsec = left * 1000000;
		nanosleep(&nap, NULL);
	}
	close(fd);
	diag_error(NULL, 0, 0, _("'%s' is locked by another run (try again)"),
	    path);
	*code = LB_TEMPFAIL;
	return -1;
}

void
ofile_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

long
ofile_lock_wait(int *code)
{
	const char *e = getenv("LB_LOCK_WAIT_MS");
	long long ms;

	if (e == NULL || *e == '\0')
		return OFILE_LOCK_WAIT_MS;
	if (text_whole(e, OFILE_LOCK_WAIT_MAX, &ms) != 0) {
		diag_error(NULL, 0, 0, _("bad LB_LOCK_WAIT_MS '%s' (expected "
		    "milliseconds, 0 to %d)"), e, OFILE_LOCK_WAIT_MAX);
		*code = LB_USAGE;
		return -1;
	}
	return (long)ms;
}
