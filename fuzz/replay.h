/* replay.h: a main() running a fuzz target on files, without libFuzzer. */
/*
 * tests/tools/replay_NAME.c includes fuzz/fuzz_NAME.c and then this, so
 * that `make check` runs every seed and every crasher ever found
 * (fuzz/corpus/NAME, fuzz/regress/NAME) through the target's properties
 * on the plain and the sanitizer builds, with no clang needed.
 * Usage: replay_NAME FILE|DIR ...   (exit 0; a failed property aborts)
 */
#ifndef LB_FUZZ_REPLAY_H
#define LB_FUZZ_REPLAY_H

#include <dirent.h>
#include <sys/stat.h>

static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[8192];
	FILE *m;

	if (f == NULL) {
		fprintf(stderr, "replay: cannot open '%s'\n", path);
		return -1;
	}
	if ((m = open_memstream(&buf, &len)) == NULL)
		abort();
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	char *p;
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: cannot open '%s'\n", argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay_file(argv[i]) != 0;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL) {
			bad = 1;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			p = xmalloc(strlen(argv[i]) + strlen(de->d_name) + 2);
			sprintf(p, "%s/%s", argv[i], de->d_name);
			bad |= replay_file(p) != 0;
			free(p);
		}
		closedir(d);
	}
	return bad;
}

#endif
