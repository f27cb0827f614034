/* killsweep.c: test tool killing (SIGKILL) a command at moments spread over its run. */
/*
 * Usage: killsweep [-a] [-v] [-n RUNS] [-t SECONDS] FILE -- COMMAND [ARG ...]
 *
 * Proves a command that updates FILE never leaves it half-written:
 * 1. FILE as it is now (or its absence) is the old content;
 * 2. COMMAND runs to the end once: its time T is measured, and FILE as it
 *    leaves it is the new content (which must differ from the old);
 * 3. RUNS times (fewer when that would take more than SECONDS: a
 *    sanitizer build starts slowly), FILE is put back to the old content and COMMAND is
 *    started and killed with SIGKILL after T * i / (RUNS + 1), shifted by
 *    up to half a step either way (a fixed pseudo-random sequence, so a
 *    failure repeats): from process start-up through reading, writing,
 *    fsync and rename.  Each time FILE must be exactly the old or the new
 *    content, byte for byte (its absence counts as content);
 * 4. one more run to the end must give the new content and remove every
 *    temporary file "FILE.tmp.*" the killed runs left.
 * Prints one line saying so and exits 0, or names each failure (keeping
 * the bad content as FILE.bad.N) and exits 1.  -v also tells, on stderr,
 * how many runs left the old and the new content and how many left
 * temporary files behind (each removed by the next run).
 *
 * With -a (a command that appends in place, as lb-log does), step 3
 * takes, after each kill, also the old content followed by part of what
 * the command adds (a write cut short), and then runs COMMAND again to
 * the end: FILE must then be exactly the new content (the part cut away,
 * or the rows found already there), and the run again must exit 0 unless
 * the killed run had already left the new content.
 */
#include <sys/stat.h>
#include <sys/types.h>
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

#include "sbuf.h"
#include "xmem.h"

struct snap {
	int present;
	struct sbuf data;
};

static const char *file;
static char **cmd;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: killsweep [-a] [-v] [-n runs] [-t seconds] file -- command "
	    "[arg ...]\n");
	exit(64);
}

static void
take(struct snap *s)
{
	char buf[65536];
	ssize_t n;
	int fd;

	sbuf_reset(&s->data);
	if ((fd = open(file, O_RDONLY)) == -1) {
		if (errno != ENOENT) {
			perror(file);
			exit(1);
		}
		s->present = 0;
		return;
	}
	s->present = 1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sbuf_add(&s->data, buf, (size_t)n);
	close(fd);
}

static int
same(const struct snap *a, const struct snap *b)
{
	return a->present == b->present && a->data.len == b->data.len &&
	    memcmp(a->data.buf, b->data.buf, a->data.len) == 0;
}

/* got is old followed by a part of what new adds to it (not all of it). */
static int
part(const struct snap *got, const struct snap *old, const struct snap *new)
{
	return got->present && old->present && new->data.len >= old->data.len &&
	    memcmp(new->data.buf, old->data.buf, old->data.len) == 0 &&
	    got->data.len > old->data.len && got->data.len < new->data.len &&
	    memcmp(got->data.buf, new->data.buf, got->data.len) == 0;
}

static void
put(const struct snap *s, const char *path)
{
	FILE *f;

	if (!s->present) {
		unlink(path);
		return;
	}
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(s->data.buf, 1, s->data.len, f) != s->data.len ||
	    fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Start COMMAND with its output thrown away; returns its pid. */
static pid_t
start(void)
{
	pid_t pid;
	int null;

	if ((pid = fork()) == -1) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		if ((null = open("/dev/null", O_RDWR)) >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(cmd[0], cmd);
		_exit(127);
	}
	return pid;
}

/* Run COMMAND to the end; returns its exit status (-1: killed). */
static int
run(void)
{
	int st;
	pid_t pid = start();

	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		continue;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Temporary files of FILE left in its folder. */
static int
leftovers(void)
{
	const char *slash = strrchr(file, '/');
	char *dir = slash != NULL ? xstrndup(file, (size_t)(slash - file)) :
	    xstrdup(".");
	const char *base = slash != NULL ? slash + 1 : file;
	size_t blen = strlen(base);
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		exit(1);
	}
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, base, blen) == 0 &&
		    strncmp(de->d_name + blen, ".tmp.", 5) == 0)
			n++;
	closedir(d);
	free(dir);
	return n;
}

int
main(int argc, char **argv)
{
	struct snap old = { 0, SBUF_INIT }, new = { 0, SBUF_INIT },
	    got = { 0, SBUF_INIT };
	struct timespec nap;
	unsigned long rnd = 12345;
	double t0, span, at, budget = 0, per;
	char bad[4096];
	int runs = 40, verbose = 0, nold = 0, nnew = 0, ntmp = 0, i, rc, st;
	int failed = 0, append = 0, npart = 0, ok;
	pid_t pid;

	while ((rc = getopt(argc, argv, "an:t:v")) != -1) {
		if (rc == 'a')
			append = 1;
		else if (rc == 'v')
			verbose = 1;
		else if (rc == 't' && (budget = atof(optarg)) > 0)
			continue;
		else if (rc != 'n' || (runs = atoi(optarg)) <= 0)
			usage();
	}
	if (argc - optind < 3 || strcmp(argv[optind + 1], "--") != 0)
		usage();
	file = argv[optind];
	cmd = argv + optind + 2;
	sbuf_init(&old.data);
	sbuf_init(&new.data);
	sbuf_init(&got.data);

	take(&old);
	t0 = now();
	if ((rc = run()) != 0) {
		fprintf(stderr, "killsweep: the command exits %d\n", rc);
		return 1;
	}
	span = now() - t0;
	take(&new);
	if (same(&old, &new)) {
		fprintf(stderr, "killsweep: the command leaves '%s' as it was\n",
		    file);
		return 1;
	}
	/* A killed run takes half a run on average, and a restore (and with
	 * -a a whole run again). */
	per = append ? span * 1.6 : span * 0.6;
	if (budget > 0 && budget / per < runs)
		runs = (int)(budget / per) + 1;

	for (i = 1; i <= runs; i++) {
		put(&old, file);
		rnd = rnd * 1103515245 + 12345;
		at = span * (i + (double)(rnd >> 16 & 0x7fff) / 0x8000 - 0.5) /
		    (runs + 1);
		pid = start();
		nap.tv_sec = (time_t)at;
		nap.tv_nsec = (long)((at - (double)nap.tv_sec) * 1e9);
		while (nanosleep(&nap, &nap) == -1 && errno == EINTR)
			continue;
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
			continue;
		take(&got);
		nold += same(&got, &old);
		nnew += same(&got, &new);
		ntmp += leftovers() > 0;
		ok = same(&got, &old) || same(&got, &new);
		if (!ok && append && part(&got, &old, &new)) {
			npart++;
			ok = 1;
		}
		if (!ok) {
			snprintf(bad, sizeof(bad), "%s.bad.%d", file, i);
			put(&got, bad);
			fprintf(stderr, "killsweep: run %d, killed after %.1f ms: "
			    "'%s' is neither the old nor the new content%s "
			    "(kept as '%s')\n", i, at * 1e3, file, append ?
			    ", nor the old with part of the new" : "", bad);
			failed = 1;
		}
		if (!append || !ok)
			continue;
		/* The run again repairs what the kill left and appends. */
		rc = run();
		if (rc != 0 && !same(&got, &new)) {
			fprintf(stderr, "killsweep: run %d, killed after %.1f ms: "
			    "the run again exits %d\n", i, at * 1e3, rc);
			failed = 1;
		}
		take(&got);
		if (!same(&got, &new)) {
			snprintf(bad, sizeof(bad), "%s.bad.%d", file, i);
			put(&got, bad);
			fprintf(stderr, "killsweep: run %d, killed after %.1f ms: "
			    "after the run again '%s' is not the new content "
			    "(kept as '%s')\n", i, at * 1e3, file, bad);
			failed = 1;
		}
	}

	if (verbose)
		fprintf(stderr, "killsweep: %.1f ms a run, %d runs killed: "
		    "the old content %d times, the new %d times, temporary "
		    "files %d times, part of the new rows %d times\n",
		    span * 1e3, runs, nold, nnew, ntmp, npart);
	put(&old, file);
	if ((rc = run()) != 0) {
		fprintf(stderr, "killsweep: the last run exits %d\n", rc);
		failed = 1;
	}
	take(&got);
	if (!same(&got, &new)) {
		fprintf(stderr, "killsweep: the last run gives other content\n");
		failed = 1;
	}
	if ((rc = leftovers()) != 0) {
		fprintf(stderr, "killsweep: %d temporary files of '%s' left\n",
		    rc, file);
		failed = 1;
	}
	if (!failed && append)
		printf("'%s' always old, new, or old with part of the new "
		    "after each kill, and new after the run again; no "
		    "temporary file left\n", file);
	else if (!failed)
		printf("'%s' always old or new after each kill; no temporary "
		    "file left\n", file);
	sbuf_release(&old.data);
	sbuf_release(&new.data);
	sbuf_release(&got.data);
	return failed;
}
