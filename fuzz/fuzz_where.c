/* fuzz_where.c: libFuzzer target for --where expressions (lib/where.h). */
/*
 * The input: an expression on its first line, then records, one a line,
 * their roster values separated by TAB.  A refused expression has a
 * message and a position inside it (or just past its end); an accepted
 * one names a roster column and evaluates every record to 1, 0 or -1 (a
 * pattern's match limit), quickly, whatever the record holds (also
 * long runs that make patterns such as (a+)+$ backtrack).
 */
#include "fuzz.h"

#include "csvio.h"
#include "schema.h"
#include "where.h"

static const char *names[RC_COUNT];
static char *run;

/* Number of UTF-8 characters in s (bytes when it is not UTF-8). */
static size_t
nchars(const char *s)
{
	size_t n = 0, len = strlen(s);

	if (!csvio_valid_utf8(s, len))
		return len;
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *vals[RC_COUNT];
	char *lines[64], *f[RC_COUNT], err[256];
	struct where *w;
	size_t nl, nf, i, j, pos = 0;
	int m;

	fuzz_init(0);
	if (names[0] == NULL) {
		for (i = 0; i < RC_COUNT; i++)
			names[i] = schema_col_name(FK_ROSTER, i);
		run = xmalloc(4002);
		memset(run, 'a', 4000);
		memcpy(run + 4000, "!", 2);
	}
	nl = fuzz_split(data, size, '\n', lines, 64);
	(void)where_suggest(lines[0], names, RC_COUNT);
	err[0] = '\0';
	w = where_parse(names, RC_COUNT, lines[0], err, sizeof(err), &pos);
	if (w == NULL) {
		FUZZ_ASSERT(err[0] != '\0' && memchr(err, '\0', sizeof(err)));
		FUZZ_ASSERT(pos >= 1 && pos <= nchars(lines[0]) + 1);
	} else {
		FUZZ_ASSERT(where_col(w) < RC_COUNT);
		FUZZ_ASSERT(where_text(w) != NULL);
		for (i = 1; i < nl; i++) {
			nf = fuzz_split((const uint8_t *)lines[i],
			    strlen(lines[i]), '\t', f, RC_COUNT);
			for (j = 0; j < RC_COUNT; j++)
				vals[j] = j < nf ? f[j] : NULL;
			m = where_eval(w, vals);
			FUZZ_ASSERT(m >= -1 && m <= 1);
			for (j = 0; j < nf; j++)
				free(f[j]);
		}
		/* Every value empty, then every value the same long run. */
		for (j = 0; j < RC_COUNT; j++)
			vals[j] = NULL;
		m = where_eval(w, vals);
		FUZZ_ASSERT(m >= -1 && m <= 1);
		for (j = 0; j < RC_COUNT; j++)
			vals[j] = run;
		m = where_eval(w, vals);
		FUZZ_ASSERT(m >= -1 && m <= 1);
		where_free(w);
	}
	for (i = 0; i < nl; i++)
		free(lines[i]);
	return 0;
}
