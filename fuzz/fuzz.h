/* fuzz.h: helpers shared by the libFuzzer targets (fuzz/fuzz_*.c). */
#ifndef LB_FUZZ_H
#define LB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "policy.h"
#include "xmem.h"

/*
 * A target aborts (a crash libFuzzer reports, with the input saved) when
 * a property the library promises does not hold.
 */
#define FUZZ_ASSERT(cond) do {						\
	if (!(cond)) {							\
		fprintf(fuzz_err, "fuzz: %s:%d: property failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* The real stderr, for property failures; diag's stderr is silenced. */
static FILE *fuzz_err;
static char fuzz_path[64];
static struct policy *fuzz_policy;

static inline void
fuzz_cleanup(void)
{
	if (fuzz_path[0] != '\0')
		unlink(fuzz_path);
	policy_free(fuzz_policy);
	fuzz_policy = NULL;
}

/*
 * Once per process: the library's messages (one per bad input, millions
 * of them) go to /dev/null unless FUZZ_VERBOSE is set; the sanitizers and
 * libFuzzer write to descriptor 2 themselves and still show.  A scratch
 * file is made for targets whose API takes a path.
 */
static inline void
fuzz_init(int want_policy)
{
	const char *dir = getenv("TMPDIR");
	FILE *null;
	int fd, code;

	if (fuzz_err != NULL)
		return;
	fuzz_err = stderr;
	diag_init("fuzz");
	if (getenv("FUZZ_VERBOSE") == NULL &&
	    (null = fopen("/dev/null", "w")) != NULL)
		stderr = null;
	snprintf(fuzz_path, sizeof(fuzz_path), "%s/lbfuzz.XXXXXX",
	    dir != NULL && strlen(dir) < 40 ? dir : "/tmp");
	if ((fd = mkstemp(fuzz_path)) == -1) {
		perror("fuzz: mkstemp");
		exit(2);
	}
	close(fd);
	if (want_policy) {
		fuzz_policy = policy_load(NULL, &code);
		if (fuzz_policy == NULL) {
			fprintf(fuzz_err, "fuzz: the default policy fails\n");
			exit(2);
		}
	}
	atexit(fuzz_cleanup);
}

/* Put data into the scratch file; returns its path. */
static inline const char *
fuzz_file(const uint8_t *data, size_t size)
{
	FILE *f = fopen(fuzz_path, "wb");

	if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size) ||
	    fclose(f) != 0) {
		perror("fuzz: scratch file");
		exit(2);
	}
	return fuzz_path;
}

/* data as a NUL-terminated string (the caller frees it). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/*
 * Split data at the byte sep into at most max NUL-terminated strings
 * (later separators stay in the last part); returns how many, each
 * malloc'd in v.
 */
static inline size_t
fuzz_split(const uint8_t *data, size_t size, int sep, char **v, size_t max)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i < size && n + 1 < max; i++)
		if (data[i] == sep) {
			v[n++] = fuzz_str(data + start, i - start);
			start = i + 1;
		}
	v[n++] = fuzz_str(data + start, size - start);
	return n;
}

#endif
