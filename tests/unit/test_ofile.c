/* test_ofile.c: unit tests for lib/ofile.c (atomic files, cleanup, locks). */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "ofile.h"
#include "tap.h"

static char dir[256];
static char errfile[300];
static int saved_stderr = -1;
/* Reachable from here, so LeakSanitizer in a child that exit()s with an
 * open ofile does not count it as a leak. */
static struct ofile *kept;

static char *
P(const char *name)
{
	static char bufs[8][512];
	static int i;

	i = (i + 1) % 8;
	snprintf(bufs[i], sizeof(bufs[i]), "%s/%s", dir, name);
	return bufs[i];
}

static void
put(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(s, fp) == EOF || fclose(fp) != 0)
		printf("# cannot write fixture %s\n", path);
}

/* The whole content of path (static buffer), or "(missing)". */
static const char *
get(const char *path)
{
	static char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return "(missing)";
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static int
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* Entries of the test folder whose name has ".tmp." in it. */
static int
count_temps(void)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (dp == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL)
		if (strstr(de->d_name, ".tmp.") != NULL)
			n++;
	closedir(dp);
	return n;
}

/* Send stderr to a file until capture_end(), which returns its text. */
static void
capture_start(void)
{
	int fd;

	fflush(stderr);
	saved_stderr = dup(2);
	fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
}

static const char *
capture_end(void)
{
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	return get(errfile);
}

static int
write_file(const char *path, int flags, const char *text)
{
	struct ofile *of = ofile_open(path, flags);

	if (of == NULL)
		return -1;
	fputs(text, ofile_stream(of));
	return ofile_commit(of);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	return st;
}

static void
test_modes(void)
{
	struct ofile *of;
	const char *err;
	pid_t pid;
	int st;

	umask(022);
	is_int(write_file(P("private.csv"), OFILE_PRIVATE, "a\n"), 0,
	    "commit a new private file");
	is_str(get(P("private.csv")), "a\n", "new file has the content");
	is_int(mode_of(P("private.csv")), 0600, "new private file is 0600");

	is_int(write_file(P("public.csv"), 0, "b\n"), 0, "commit a new file");
	is_int(mode_of(P("public.csv")), 0644, "new file is 0666 & ~umask");
	umask(027);
	is_int(write_file(P("public2.csv"), 0, "b\n"), 0, "umask 027");
	is_int(mode_of(P("public2.csv")), 0640, "new file is 0640 under 027");
	umask(022);

	put(P("kept.csv"), "old\n");
	chmod(P("kept.csv"), 0640);
	is_int(write_file(P("kept.csv"), OFILE_PRIVATE, "new\n"), 0,
	    "replace an existing 0640 file");
	is_int(mode_of(P("kept.csv")), 0640, "existing file keeps 0640");
	is_str(get(P("kept.csv")), "new\n", "existing file replaced");
	chmod(P("kept.csv"), 0604);
	is_int(write_file(P("kept.csv"), 0, "newer\n"), 0, "replace a 0604 file");
	is_int(mode_of(P("kept.csv")), 0604, "existing file keeps 0604");

	of = ofile_open(P("kept.csv"), 0);
	ok(of != NULL && ofile_stream(of) != NULL, "open for abort");
	ok(of != NULL && strcmp(ofile_path(of), P("kept.csv")) == 0,
	    "ofile_path names the target");
	is_int(count_temps(), 1, "one temporary file while writing");
	fputs("half-written", ofile_stream(of));
	fflush(ofile_stream(of));
	is_str(get(P("kept.csv")), "newer\n", "target unchanged while writing");
	ofile_abort(of);
	is_str(get(P("kept.csv")), "newer\n", "abort leaves the old content");
	is_int(count_temps(), 0, "no temporary files after commit or abort");
	/* NULL, as a cleanup label passes it: in a child, so that a crash
	 * is a failed test rather than the end of this one. */
	capture_start();
	fflush(NULL);
	if ((pid = fork()) == 0) {
		ofile_abort(NULL);
		_exit(0);
	}
	st = wait_child(pid);
	err = capture_end();
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "ofile_abort(NULL) returns (no crash)");
	is_str(err, "", "ofile_abort(NULL) prints nothing");
	is_str(get(P("kept.csv")), "newer\n",
	    "ofile_abort(NULL) touches no file");
	is_int(count_temps(), 0, "ofile_abort(NULL) leaves no temporary file");
}

static void
test_special(void)
{
	struct ofile *of;
	const char *err;
	pid_t pid;
	int st, fd;

	/* Through a symbolic link, the file it names is replaced. */
	put(P("real.csv"), "old\n");
	chmod(P("real.csv"), 0640);
	symlink("real.csv", P("link.csv"));
	is_int(write_file(P("link.csv"), 0, "via link\n"), 0, "write via link");
	is_str(get(P("real.csv")), "via link\n", "link target replaced");
	is_int(mode_of(P("real.csv")), 0640, "link target keeps its mode");
	{
		struct stat lst;

		ok(lstat(P("link.csv"), &lst) == 0 && S_ISLNK(lst.st_mode),
		    "the link stays a link");
	}

	capture_start();
	of = ofile_open(P("no/such/dir.csv"), 0);
	err = capture_end();
	ok(of == NULL, "open in a missing folder fails");
	ok(strstr(err, "cannot create '") != NULL &&
	    strstr(err, "no/such/dir.csv': No such file or directory") != NULL,
	    "missing folder message");
	if (of == NULL)
		printf("# %s", err);

	mkdir(P("adir"), 0755);
	capture_start();
	of = ofile_open(P("adir"), 0);
	err = capture_end();
	ok(of == NULL && strstr(err, "adir': Is a directory") != NULL,
	    "open a folder fails");
	is_int(count_temps(), 0, "no temporary files after failed opens");

	/* Not a regular file: written in place, never renamed over. */
	is_int(write_file("/dev/null", 0, "x"), 0, "write to /dev/null");
	{
		struct stat dst;

		ok(stat("/dev/null", &dst) == 0 && S_ISCHR(dst.st_mode),
		    "/dev/null is still a device");
	}
	if (access("/dev/full", W_OK) == 0) {
		capture_start();
		of = ofile_open("/dev/full", 0);
		if (of != NULL)
			fputs("x", ofile_stream(of));
		st = of != NULL ? ofile_commit(of) : 0;
		err = capture_end();
		is_int(st, -1, "a full disk fails the commit");
		ok(strstr(err, "cannot write '/dev/full': No space left on "
		    "device") != NULL, "full disk message");
		printf("# %s", err);
	}

	/* A full disk (here: a file size limit) keeps the old file. */
	put(P("big.csv"), "old\n");
	fflush(NULL);
	if ((pid = fork()) == 0) {
		struct rlimit rl = { 65536, 65536 };
		int i, rc;

		signal(SIGXFSZ, SIG_IGN);
		setrlimit(RLIMIT_FSIZE, &rl);
		fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 2);
		if ((of = ofile_open(P("big.csv"), 0)) == NULL)
			_exit(2);
		for (i = 0; i < 100000; i++)
			fputs("0123456789", ofile_stream(of));
		rc = ofile_commit(of);
		_exit(rc == -1 ? 0 : 1);
	}
	st = wait_child(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	    "commit fails when the file cannot grow");
	is_str(get(P("big.csv")), "old\n", "old content kept after failed write");
	is_int(count_temps(), 0, "no temporary file after failed write");
	err = get(errfile);
	ok(strstr(err, "big.csv': File too large") != NULL,
	    "failed write message");
	printf("# %s", err);

	/* stdout: "-" and NULL write to stdout; commit flushes. */
	fflush(NULL);
	if ((pid = fork()) == 0) {
		fd = open(P("stdout.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 1);
		of = ofile_open("-", OFILE_PRIVATE);
		if (of == NULL || ofile_stream(of) != stdout ||
		    strcmp(ofile_path(of), "<stdout>") != 0)
			_exit(2);
		fputs("to stdout\n", ofile_stream(of));
		if (ofile_commit(of) != 0)
			_exit(3);
		of = ofile_open(NULL, 0);
		fputs("again\n", ofile_stream(of));
		ofile_abort(of);
		_exit(0);
	}
	st = wait_child(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "stdout handle");
	is_str(get(P("stdout.txt")), "to stdout\nagain\n", "stdout content");

	if (access("/dev/full", W_OK) == 0) {
		fflush(NULL);
		if ((pid = fork()) == 0) {
			fd = open("/dev/full", O_WRONLY);
			dup2(fd, 1);
			fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			dup2(fd, 2);
			of = ofile_open("-", 0);
			fputs("lost\n", ofile_stream(of));
			_exit(ofile_commit(of) == -1 ? 0 : 1);
		}
		st = wait_child(pid);
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "stdout on a full disk fails the commit");
		ok(strstr(get(errfile), "cannot write standard output: No "
		    "space left on device") != NULL, "stdout full message");
	}
}

/* Child: open path, write, tell the parent, wait to be killed. */
static pid_t
writer_waiting(const char *path)
{
	int fds[2];
	pid_t pid;
	char c;

	if (pipe(fds) == -1)
		return -1;
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		if ((kept = ofile_open(path, 0)) == NULL)
			_exit(2);
		fputs("partial", ofile_stream(kept));
		fflush(ofile_stream(kept));
		if (write(fds[1], "x", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1)
		printf("# writer did not start\n");
	close(fds[0]);
	return pid;
}

static void
test_cleanup(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static const char *names[] = { "SIGINT", "SIGTERM", "SIGHUP" };
	struct ofile *of;
	size_t i;
	pid_t pid;
	int st;

	put(P("sig.csv"), "old\n");
	for (i = 0; i < 3; i++) {
		pid = writer_waiting(P("sig.csv"));
		is_int(count_temps(), 1, "%s: writer has a temporary file",
		    names[i]);
		kill(pid, sigs[i]);
		st = wait_child(pid);
		ok(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i],
		    "%s: writer killed by the signal", names[i]);
		is_int(count_temps(), 0, "%s: temporary file removed", names[i]);
		is_str(get(P("sig.csv")), "old\n", "%s: old content kept",
		    names[i]);
	}

	/* exit() without commit: the atexit handler removes it. */
	fflush(NULL);
	if ((pid = fork()) == 0) {
		kept = ofile_open(P("sig.csv"), 0);
		fputs("partial", ofile_stream(kept));
		exit(3);
	}
	st = wait_child(pid);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 3, "writer exits");
	is_int(count_temps(), 0, "exit removes the temporary file");

	/* A forked child must not remove its parent's temporary file. */
	of = ofile_open(P("sig.csv"), 0);
	fputs("from parent\n", ofile_stream(of));
	fflush(NULL);
	if ((pid = fork()) == 0) {
		kill(getpid(), SIGTERM);
		exit(0);
	}
	wait_child(pid);
	if ((pid = fork()) == 0)
		exit(0);
	wait_child(pid);
	is_int(count_temps(), 1, "children leave the parent's file alone");
	is_int(ofile_commit(of), 0, "parent commits after children exit");
	is_str(get(P("sig.csv")), "from parent\n", "parent's content");

	/* Leftovers of runs killed with SIGKILL. */
	pid = writer_waiting(P("sig.csv"));
	kill(pid, SIGKILL);
	wait_child(pid);
	is_int(count_temps(), 1, "SIGKILL leaves a temporary file");
	is_str(get(P("sig.csv")), "from parent\n", "which does not shadow data");
	{
		char own[600], alive[600], old[600], odd[4][600];
		struct timespec times[2];
		int j, fd;

		snprintf(own, sizeof(own), "%s.tmp.%ld.abcdef", P("sig.csv"),
		    (long)getpid());
		snprintf(alive, sizeof(alive), "%s.tmp.%ld.abcdef",
		    P("sig.csv"), (long)getppid());
		snprintf(old, sizeof(old), "%s.tmp.%ld.zzzzzz", P("sig.csv"),
		    (long)getppid());
		snprintf(odd[0], sizeof(odd[0]), "%s.tmp.notes", P("sig.csv"));
		snprintf(odd[1], sizeof(odd[1]), "%s.tmp.%ld.abc", P("sig.csv"),
		    (long)pid);
		snprintf(odd[2], sizeof(odd[2]), "%s.tmp.%ld.abcdef",
		    P("other.csv"), (long)pid);
		snprintf(odd[3], sizeof(odd[3]), "%s.tmp.x%ld.abcdef",
		    P("sig.csv"), (long)pid);
		put(own, "x");
		put(alive, "x");
		put(old, "x");
		for (j = 0; j < 4; j++)
			put(odd[j], "x");
		times[0].tv_sec = times[1].tv_sec = time(NULL) - 3600;
		times[0].tv_nsec = times[1].tv_nsec = 0;
		fd = open(old, O_RDONLY);
		futimens(fd, times);
		close(fd);
		ofile_clean_stale(P("sig.csv"));
		is_int(count_temps(), 5, "stale leftovers removed");
		ok(access(own, F_OK) == -1, "leftover with our pid removed");
		ok(access(alive, F_OK) == 0, "recent leftover of a live pid kept");
		ok(access(old, F_OK) == -1, "old leftover of a live pid removed");
		for (j = 0; j < 4; j++)
			ok(access(odd[j], F_OK) == 0, "unrelated name %d kept", j);
		unlink(alive);
		for (j = 0; j < 4; j++)
			unlink(odd[j]);
		is_int(count_temps(), 0, "test leftovers gone");
	}

	/* ofile_open cleans up too. */
	pid = writer_waiting(P("sig.csv"));
	kill(pid, SIGKILL);
	wait_child(pid);
	is_int(count_temps(), 1, "another SIGKILL leftover");
	of = ofile_open(P("sig.csv"), 0);
	is_int(count_temps(), 1, "ofile_open removed it (only its own left)");
	ofile_abort(of);
	is_int(count_temps(), 0, "and abort removes its own");
}

/* Child tries the lock; exit 0 when it got LB_TEMPFAIL in [lo, hi] ms. */
static int
child_try_lock(const char *path, long wait_ms, double lo, double hi)
{
	pid_t pid;
	int st;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		double t0 = now_ms(), dt;
		int code = 0, fd, efd;

		efd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(efd, 2);
		fd = ofile_lock(path, wait_ms, &code);
		dt = now_ms() - t0;
		if (fd >= 0)
			_exit(10);
		if (code != LB_TEMPFAIL)
			_exit(11);
		if (dt < lo || dt > hi)
			_exit(12);
		_exit(0);
	}
	st = wait_child(pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

static void
test_locks(void)
{
	const char *path = P("roster.csv");
	char lockpath[600];
	double t0;
	int fd, fd2, code = 0, fds[2], st;
	pid_t pid;
	char c;

	snprintf(lockpath, sizeof(lockpath), "%s.lock", path);
	fd = ofile_lock(path, 0, &code);
	ok(fd >= 0, "take the lock");
	is_int(mode_of(lockpath), 0600, "lock file is 0600");
	is_int(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC, "close-on-exec");
	is_int(child_try_lock(path, 300, 280, 2000), 0,
	    "second run fails with LB_TEMPFAIL after wait_ms");
	ok(strstr(get(errfile), "is locked by another run (try again)") !=
	    NULL && strstr(get(errfile), "roster.csv'") != NULL,
	    "locked message");
	printf("# %s", get(errfile));
	is_int(child_try_lock(path, 0, 0, 250), 0,
	    "wait_ms 0 fails at once");

	/* Released while the other waits: it gets the lock. */
	fflush(NULL);
	if ((pid = fork()) == 0) {
		int c2 = 0, f;
		double t = now_ms();

		/* flock belongs to the open file, which fork shares. */
		close(fd);
		f = ofile_lock(path, 3000, &c2);
		_exit(f >= 0 && now_ms() - t >= 100 ? 0 : 1);
	}
	usleep(200000);
	ofile_unlock(fd);
	is_int(WEXITSTATUS(wait_child(pid)), 0,
	    "a waiting run gets the lock when it is released");

	/* A holder that exits without unlocking. */
	fflush(NULL);
	if ((pid = fork()) == 0) {
		int c2 = 0;

		_exit(ofile_lock(path, 0, &c2) >= 0 ? 0 : 1);
	}
	is_int(WEXITSTATUS(wait_child(pid)), 0, "child took the lock");
	fd = ofile_lock(path, 0, &code);
	ok(fd >= 0, "lock free after the holder exited");
	ofile_unlock(fd);

	/* A holder killed with SIGKILL. */
	if (pipe(fds) == 0) {
		fflush(NULL);
		if ((pid = fork()) == 0) {
			int c2 = 0;

			close(fds[0]);
			if (ofile_lock(path, 0, &c2) < 0)
				_exit(1);
			if (write(fds[1], "x", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		close(fds[1]);
		st = read(fds[0], &c, 1);
		close(fds[0]);
		ok(st == 1, "holder has the lock");
		capture_start();
		fd = ofile_lock(path, 0, &code);
		capture_end();
		ok(fd == -1 && code == LB_TEMPFAIL, "locked while it lives");
		kill(pid, SIGKILL);
		wait_child(pid);
		t0 = now_ms();
		fd = ofile_lock(path, 1000, &code);
		ok(fd >= 0 && now_ms() - t0 < 250,
		    "lock free at once after the holder was killed");
		ofile_unlock(fd);
	}

	fd = ofile_lock(path, 0, &code);
	fd2 = ofile_lock("-", 0, &code);
	ok(fd >= 0 && fd2 >= 0, "lock of '-' gives a descriptor");
	ofile_unlock(fd2);
	ofile_unlock(fd);

	code = 0;
	capture_start();
	fd = ofile_lock(P("no/such/x.csv"), 100, &code);
	ok(fd == -1 && code == LB_CANTCREAT, "lock in a missing folder");
	ok(strstr(capture_end(), "cannot create '") != NULL,
	    "missing folder lock message");
}

/* The lock file of path's real file. */
static int
lock_mode(const char *path, int *gid)
{
	char lockpath[600];
	struct stat st;

	snprintf(lockpath, sizeof(lockpath), "%s.lock", path);
	if (stat(lockpath, &st) != 0)
		return -1;
	if (gid != NULL)
		*gid = (int)st.st_gid;
	return (int)(st.st_mode & 07777);
}

/* One file by any of its names: one lock, one file replaced. */
static void
test_names(void)
{
	char cwd[512];
	const char *err;
	struct ofile *of;
	struct stat st;
	int fd, fd2, code = 0;

	mkdir(P("real"), 0755);
	put(P("real/log.csv"), "old\n");
	symlink(P("real/log.csv"), P("abs-link.csv"));
	symlink("real/log.csv", P("rel-link.csv"));
	symlink("rel-link.csv", P("chain.csv"));
	symlink("real", P("dir-link"));

	/* Each name takes the one lock: a second name cannot take it. */
	fd = ofile_lock(P("real/log.csv"), 0, &code);
	ok(fd >= 0, "lock by the real name");
	is_int(child_try_lock(P("abs-link.csv"), 0, 0, 250), 0,
	    "a link (absolute) finds it taken");
	is_int(child_try_lock(P("rel-link.csv"), 0, 0, 250), 0,
	    "a link (relative) finds it taken");
	is_int(child_try_lock(P("chain.csv"), 0, 0, 250), 0,
	    "a chain of links finds it taken");
	is_int(child_try_lock(P("dir-link/log.csv"), 0, 0, 250), 0,
	    "a linked folder finds it taken");
	if (getcwd(cwd, sizeof(cwd)) != NULL && chdir(dir) == 0) {
		is_int(child_try_lock("real/../real/./log.csv", 0, 0, 250), 0,
		    "a relative name finds it taken");
		ofile_unlock(fd);
		fd = ofile_lock("rel-link.csv", 0, &code);
		ok(fd >= 0, "lock by a relative link");
		is_int(child_try_lock(P("real/log.csv"), 0, 0, 250), 0,
		    "the absolute real name finds it taken");
		if (chdir(cwd) != 0)
			printf("# cannot go back to %s\n", cwd);
	}
	ofile_unlock(fd);
	ok(access(P("abs-link.csv.lock"), F_OK) == -1 &&
	    access(P("rel-link.csv.lock"), F_OK) == -1 &&
	    access(P("dir-link/log.csv.lock"), F_OK) == 0,
	    "one lock file, beside the real file");
	/* Not made yet: named by its folder's real path. */
	fd = ofile_lock(P("dir-link/new.csv"), 0, &code);
	ok(fd >= 0 && access(P("real/new.csv.lock"), F_OK) == 0,
	    "a new file's lock through a linked folder");
	is_int(child_try_lock(P("real/new.csv"), 0, 0, 250), 0,
	    "and the real folder's name finds it taken");
	ofile_unlock(fd);

	/* A chain of links: the file is replaced, each link stays. */
	is_int(write_file(P("chain.csv"), 0, "via chain\n"), 0,
	    "write through a chain of links");
	is_str(get(P("real/log.csv")), "via chain\n", "the file replaced");
	ok(lstat(P("chain.csv"), &st) == 0 && S_ISLNK(st.st_mode) &&
	    lstat(P("rel-link.csv"), &st) == 0 && S_ISLNK(st.st_mode),
	    "the links stay links");
	of = ofile_open(P("chain.csv"), 0);
	ok(of != NULL && strcmp(ofile_path(of), P("chain.csv")) == 0,
	    "ofile_path is the name given, not the file's");
	ofile_abort(of);
	is_int(count_temps(), 0, "no temporary files");

	/* A link to nothing: refused by both, nothing made. */
	symlink("real/gone.csv", P("dangling.csv"));
	capture_start();
	of = ofile_open(P("dangling.csv"), 0);
	err = capture_end();
	ok(of == NULL && strstr(err, "dangling.csv' is a symbolic link to "
	    "'real/gone.csv', which does not exist") != NULL,
	    "a link to nothing is refused");
	code = 0;
	capture_start();
	fd = ofile_lock(P("dangling.csv"), 0, &code);
	capture_end();
	ok(fd == -1 && code == LB_CANTCREAT, "and not locked (LB_CANTCREAT)");
	ok(lstat(P("dangling.csv"), &st) == 0 && S_ISLNK(st.st_mode) &&
	    access(P("real/gone.csv"), F_OK) == -1 &&
	    access(P("real/gone.csv.lock"), F_OK) == -1 &&
	    access(P("dangling.csv.lock"), F_OK) == -1,
	    "the link kept, no file and no lock made");

	/* Hard links: refused, both names keep the content. */
	put(P("one.csv"), "one\n");
	link(P("one.csv"), P("two.csv"));
	capture_start();
	of = ofile_open(P("two.csv"), 0);
	err = capture_end();
	ok(of == NULL && strstr(err, "two.csv' has 2 hard links") != NULL,
	    "a file with hard links is refused");
	code = 0;
	capture_start();
	fd = ofile_lock(P("one.csv"), 0, &code);
	capture_end();
	ok(fd == -1 && code == LB_CANTCREAT, "and not locked");
	is_str(get(P("one.csv")), "one\n", "first name unchanged");
	is_str(get(P("two.csv")), "one\n", "second name unchanged");
	unlink(P("two.csv"));
	is_int(write_file(P("one.csv"), 0, "alone\n"), 0,
	    "one name left: replaced");

	/* Read-only: for root too, by the mode. */
	put(P("closed.csv"), "closed\n");
	chmod(P("closed.csv"), 0444);
	capture_start();
	of = ofile_open(P("closed.csv"), 0);
	err = capture_end();
	ok(of == NULL && strstr(err, "closed.csv' is read-only (mode 0444") !=
	    NULL, "a 0444 file is refused");
	code = 0;
	capture_start();
	fd = ofile_lock(P("closed.csv"), 0, &code);
	capture_end();
	ok(fd == -1 && code == LB_CANTCREAT &&
	    access(P("closed.csv.lock"), F_OK) == -1,
	    "and not locked, no lock file made");
	is_str(get(P("closed.csv")), "closed\n", "read-only file unchanged");
	is_int(mode_of(P("closed.csv")), 0444, "and its mode");
	is_int(count_temps(), 0, "no temporary files after refusals");

	/* /dev/null is written in place and locks nothing. */
	fd = ofile_lock("/dev/null", 0, &code);
	fd2 = ofile_lock("/dev/null", 0, &code);
	ok(fd >= 0 && fd2 >= 0 && access("/dev/null.lock", F_OK) == -1,
	    "/dev/null locks nothing");
	ofile_unlock(fd2);
	ofile_unlock(fd);
}

/* The lock file and new files of a group's shared folder. */
static void
test_sharing(void)
{
	int gid = -1, code = 0, fd;

	umask(022);
	/* The lock takes the file's mode bits, whatever the umask. */
	put(P("g660.csv"), "x\n");
	chmod(P("g660.csv"), 0660);
	fd = ofile_lock(P("g660.csv"), 0, &code);
	ok(fd >= 0, "lock a 0660 file under umask 022");
	is_int(lock_mode(P("g660.csv"), NULL), 0660, "its lock is 0660");
	ofile_unlock(fd);
	/* An older lb's 0600 lock is set right by its owner. */
	chmod(P("g660.csv.lock"), 0600);
	fd = ofile_lock(P("g660.csv"), 0, &code);
	is_int(lock_mode(P("g660.csv"), NULL), 0660,
	    "a 0600 lock is set to the file's 0660");
	ofile_unlock(fd);
	put(P("g640.csv"), "x\n");
	chmod(P("g640.csv"), 0640);
	fd = ofile_lock(P("g640.csv"), 0, &code);
	is_int(lock_mode(P("g640.csv"), NULL), 0640, "a 0640 file: lock 0640");
	ofile_unlock(fd);
	put(P("g400.csv"), "x\n");
	chmod(P("g400.csv"), 0200);
	fd = ofile_lock(P("g400.csv"), 0, &code);
	is_int(lock_mode(P("g400.csv"), NULL), 0600,
	    "the owner may always open the lock (0200 file: 0600 lock)");
	ofile_unlock(fd);

	/* As root: the lock takes the file's group (and owner). */
	if (geteuid() == 0) {
		put(P("grp.csv"), "x\n");
		chmod(P("grp.csv"), 0660);
		if (chown(P("grp.csv"), 2001, 2000) == 0) {
			fd = ofile_lock(P("grp.csv"), 0, &code);
			lock_mode(P("grp.csv"), &gid);
			is_int(gid, 2000, "the lock has the file's group");
			ofile_unlock(fd);
			is_int(write_file(P("grp.csv"), 0, "y\n"), 0,
			    "root replaces a teacher's file");
			{
				struct stat st;

				ok(stat(P("grp.csv"), &st) == 0 &&
				    st.st_uid == 2001 && st.st_gid == 2000 &&
				    (st.st_mode & 07777) == 0660,
				    "which keeps owner, group and mode");
			}
		}
	} else
		printf("# not root: group of the lock not tested\n");

	/* New private files: 0600, but a group's folder's mode in a
	 * set-group-ID folder shut to others. */
	mkdir(P("shared"), 0770);
	chmod(P("shared"), 02770);
	mkdir(P("open"), 0775);
	chmod(P("open"), 02775);
	umask(007);
	is_int(write_file(P("shared/log.csv"), OFILE_PRIVATE, "a\n"), 0,
	    "new private file in a 2770 folder");
	is_int(mode_of(P("shared/log.csv")), 0660, "is 0660 under umask 007");
	fd = ofile_lock(P("shared/new.csv"), 0, &code);
	is_int(lock_mode(P("shared/new.csv"), NULL), 0660,
	    "a new file's lock there is 0660");
	ofile_unlock(fd);
	umask(022);
	is_int(write_file(P("shared/log2.csv"), OFILE_PRIVATE, "a\n"), 0,
	    "and under umask 022");
	is_int(mode_of(P("shared/log2.csv")), 0640, "is 0640");
	is_int(write_file(P("open/log.csv"), OFILE_PRIVATE, "a\n"), 0,
	    "new private file in a 2775 folder");
	is_int(mode_of(P("open/log.csv")), 0600,
	    "is 0600 (others may enter the folder)");
	is_int(write_file(P("real/private.csv"), OFILE_PRIVATE, "a\n"), 0,
	    "new private file in a plain folder");
	is_int(mode_of(P("real/private.csv")), 0600, "is 0600");
}

/* $LB_LOCK_WAIT_MS, the one lock-wait setting of every writer. */
static void
test_lock_wait(void)
{
	static const char *const bad[] = {
		"soon", "-1", "+5", " 5", "5 ", "1e3", "600001",
		"99999999999999999999", NULL
	};
	const char *err;
	int i, code;

	unsetenv("LB_LOCK_WAIT_MS");
	code = LB_OK;
	ok(ofile_lock_wait(&code) == OFILE_LOCK_WAIT_MS && code == LB_OK,
	    "lock wait unset: the default");
	setenv("LB_LOCK_WAIT_MS", "", 1);
	ok(ofile_lock_wait(&code) == OFILE_LOCK_WAIT_MS,
	    "lock wait empty: the default");
	setenv("LB_LOCK_WAIT_MS", "0", 1);
	ok(ofile_lock_wait(&code) == 0, "lock wait 0: try once");
	setenv("LB_LOCK_WAIT_MS", "600000", 1);
	ok(ofile_lock_wait(&code) == OFILE_LOCK_WAIT_MAX, "lock wait at most");
	for (i = 0; bad[i] != NULL; i++) {
		setenv("LB_LOCK_WAIT_MS", bad[i], 1);
		code = LB_OK;
		capture_start();
		ok(ofile_lock_wait(&code) == -1 && code == LB_USAGE,
		    "lock wait '%s' is a usage error", bad[i]);
		err = capture_end();
		ok(strstr(err, "bad LB_LOCK_WAIT_MS '") != NULL,
		    "lock wait '%s' is named", bad[i]);
	}
	unsetenv("LB_LOCK_WAIT_MS");
}

/* Read-modify-write under the lock from several processes at once. */
static void
test_concurrent(void)
{
	const char *path = P("counter");
	pid_t pids[3];
	int i, j, bad = 0;

	put(path, "0\n");
	fflush(NULL);
	for (i = 0; i < 3; i++) {
		if ((pids[i] = fork()) == 0) {
			for (j = 0; j < 15; j++) {
				int code, fd = ofile_lock(path, 5000, &code);
				long n;
				struct ofile *of;

				if (fd < 0)
					_exit(1);
				n = atol(get(path));
				if ((of = ofile_open(path, 0)) == NULL)
					_exit(2);
				fprintf(ofile_stream(of), "%ld\n", n + 1);
				if (ofile_commit(of) != 0)
					_exit(3);
				ofile_unlock(fd);
			}
			_exit(0);
		}
	}
	for (i = 0; i < 3; i++) {
		int st = wait_child(pids[i]);

		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	}
	is_int(bad, 0, "concurrent writers succeed");
	is_str(get(path), "45\n", "no update lost under the lock");
	is_int(count_temps(), 0, "no temporary files after concurrent runs");
}

/*
 * Kill a writer with SIGKILL at random moments: the target must always be
 * whole, either the old content or the new one.
 */
#define CRASH_SIZE (256 * 1024)

static void
crash_writer(const char *path, int byte)
{
	static char chunk[4096];
	struct ofile *of;
	int i;

	memset(chunk, byte, sizeof(chunk));
	if ((of = ofile_open(path, 0)) == NULL)
		_exit(2);
	for (i = 0; i < CRASH_SIZE / (int)sizeof(chunk); i++)
		fwrite(chunk, 1, sizeof(chunk), ofile_stream(of));
	_exit(ofile_commit(of) == 0 ? 0 : 3);
}

/* The byte the whole file is made of, -1 if mixed or the wrong size. */
static int
uniform_byte(const char *path)
{
	static char buf[CRASH_SIZE + 1];
	FILE *fp = fopen(path, "r");
	size_t n, i;

	if (fp == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (n != CRASH_SIZE)
		return -1;
	for (i = 1; i < n; i++)
		if (buf[i] != buf[0])
			return -1;
	return (unsigned char)buf[0];
}

static void
test_crash(void)
{
	const char *path = P("crash.csv");
	double t0, cost = 0, limit = 1500, spread = 1.3;
	int i, n, cur = 'a', next, got, torn = 0, kept_old = 0, replaced = 0;
	int leftovers;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) == 0)
		crash_writer(path, cur);
	wait_child(pid);
	/* What one undisturbed run costs, to spread the kills over it. */
	for (i = 0; i < 3; i++) {
		t0 = now_ms();
		if ((pid = fork()) == 0)
			crash_writer(path, cur);
		wait_child(pid);
		cost += (now_ms() - t0) / 3;
	}
	srand((unsigned)getpid());
	t0 = now_ms();
	for (n = 0; n < 200 && now_ms() - t0 < limit; n++) {
		next = cur == 'z' ? 'a' : cur + 1;
		if ((pid = fork()) == 0)
			crash_writer(path, next);
		usleep((useconds_t)(cost * spread * 1000.0 * rand() / RAND_MAX));
		kill(pid, SIGKILL);
		wait_child(pid);
		got = uniform_byte(path);
		if (got == cur)
			kept_old++;
		else if (got == next) {
			replaced++;
			cur = next;
		} else
			torn++;
		/* A busy machine may make the calibration wrong: aim the
		 * kills so that they land both before and after commits. */
		if (n % 20 == 19 && replaced == 0)
			spread *= 2;
		else if (n % 20 == 19 && kept_old == 0)
			spread /= 2;
	}
	leftovers = count_temps();
	printf("# %d kills over %.1f ms runs: %d kept, %d replaced, "
	    "%d temporary files left\n", n, cost, kept_old, replaced,
	    leftovers);
	ok(n >= 20, "crash test ran %d times", n);
	is_int(torn, 0, "target always whole: old or new content");
	ok(kept_old > 0 && replaced > 0, "kills before and after the commit");
	ofile_clean_stale(path);
	is_int(count_temps(), 0, "all leftovers cleaned");
}

static void
remove_tree(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *de;
	char sub[1024];
	struct stat st;

	if (dp != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
				remove_tree(sub);
			else
				unlink(sub);
		}
		closedir(dp);
	}
	rmdir(path);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	diag_init("test_ofile");
	snprintf(dir, sizeof(dir), "%s/lbofile.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	/* Captured messages live outside the folder the tests count. */
	snprintf(errfile, sizeof(errfile), "%s.err", dir);

	test_modes();
	test_special();
	test_cleanup();
	test_locks();
	test_names();
	test_sharing();
	test_lock_wait();
	test_concurrent();
	test_crash();

	remove_tree(dir);
	unlink(errfile);
	return done_testing();
}
