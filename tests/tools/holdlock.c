/* holdlock.c: test tool taking lb's lock on a file (ofile_lock) and holding it. */
/*
 * Usage: holdlock FILE [MS]
 * Takes the lock lb's writers take on FILE, prints "locked" and holds it
 * for MS milliseconds (default: until killed), then exits 0.  Tests kill
 * it with SIGKILL to leave a stale lock, or let it end to see a waiting
 * writer go on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "ofile.h"

int
main(int argc, char **argv)
{
	struct timespec ts;
	long ms;
	int fd, code;

	diag_init(argv[0]);
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: holdlock file [ms]\n");
		return LB_USAGE;
	}
	if ((fd = ofile_lock(argv[1], 0, &code)) < 0)
		return code;
	printf("locked\n");
	fflush(stdout);
	if (argc == 2) {
		for (;;)
			pause();
	}
	ms = atol(argv[2]);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000;
	nanosleep(&ts, NULL);
	ofile_unlock(fd);
	return 0;
}
