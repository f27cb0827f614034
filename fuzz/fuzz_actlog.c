/* fuzz_actlog.c: libFuzzer target for log rows: checking and appending (lib/actlog.h). */
/*
 * The input: a flags byte, one log row (date, student_id, kind, staff_id,
 * note separated by TAB) up to the first LF, then the existing log file.
 * The row is checked (against a roster and staff list when the flags say
 * so); a row that passes is checked again unchanged (normalising is
 * idempotent) and appended to the log.  An append either leaves the file
 * exactly as it was, or adds exactly that row: the old bytes stay (a
 * newline may close a last line that had none) and the file reads back
 * with the row last.
 */
#include "fuzz.h"

#include "actlog.h"
#include "csvio.h"
#include "sbuf.h"
#include "strmap.h"
#include "table.h"

static struct strmap *students, *staff;

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;
	FILE *m = open_memstream(&buf, &cap);
	char chunk[4096];
	size_t n;

	FUZZ_ASSERT(f != NULL && m != NULL);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	FUZZ_ASSERT(fclose(m) == 0);
	*len = cap;
	return buf;
}

/*
 * The log at path reads to the end, as lb reads a log (table_open(): a
 * title row above the header, footers below), with row (canonical
 * order) last.
 */
static void
check_last(const char *path, char *const *row, size_t nold_rows)
{
	struct csvio_reader *r;
	const struct csvio_row *h, *last = NULL;
	char **keep = NULL;
	size_t i, n = 0;
	int code, c, rc;

	r = table_open(path, FK_LOG, fuzz_policy, NULL, &code);
	FUZZ_ASSERT(r != NULL);
	h = csvio_header(r);
	while ((rc = csvio_next(r, &last)) == 1) {
		n++;
		if (keep != NULL)
			for (i = 0; i < h->n; i++)
				free(keep[i]);
		free(keep);
		keep = xcalloc(h->n, sizeof(*keep));
		for (i = 0; i < h->n; i++)
			keep[i] = xstrdup(last->v[i]);
	}
	FUZZ_ASSERT(rc == 0);
	FUZZ_ASSERT(n == nold_rows + 1 && keep != NULL);
	for (i = 0; i < h->n; i++) {
		c = policy_column(fuzz_policy, FK_LOG, h->v[i]);
		FUZZ_ASSERT(strcmp(keep[i], c >= 0 ? row[c] : "") == 0);
		free(keep[i]);
	}
	free(keep);
	csvio_close(r);
}

/*
 * Data rows of the log at path as lb reads a log, -1 when it does not
 * read, -2 when it holds only blank lines (no header: a log not begun).
 */
static long
count_rows(const char *path)
{
	struct csvio_opts o = { .empty_ok = 1 };
	struct csvio_reader *r;
	const struct csvio_row *row;
	long n = 0;
	int code, rc;

	if ((r = table_open(path, FK_LOG, fuzz_policy, &o, &code)) == NULL)
		return -1;
	if (csvio_header(r)->n == 0) {
		csvio_close(r);
		return -2;
	}
	while ((rc = csvio_next(r, &row)) == 1)
		n++;
	csvio_close(r);
	return rc == 0 ? n : -1;
}

static void
append(char **out, int force, const uint8_t *log, size_t loglen)
{
	struct actlog_batch b;
	char *row[LC_COUNT], *after, lockname[80];
	size_t i, len;
	long nold;
	int code, rc;

	fuzz_file(log, loglen);
	/* An empty file is a new log (created with its header). */
	nold = loglen == 0 ? 0 : count_rows(fuzz_path);
	actlog_batch_init(&b);
	for (i = 0; i < LC_COUNT; i++)
		row[i] = xstrdup(out[i]);
	actlog_batch_add(&b, row, 0);
	rc = actlog_append(fuzz_path, fuzz_policy, &b, "<fuzz>",
	    force ? ACTLOG_FORCE : 0, 0, &code);
	after = slurp(fuzz_path, &len);
	if (rc != 0) {
		FUZZ_ASSERT(code == LB_DATAERR);
		FUZZ_ASSERT(len == loglen && memcmp(after, log, len) == 0);
	} else if (nold == -2) {
		/* Only blank lines: replaced by the header and the row. */
		FUZZ_ASSERT(strncmp(after, "date,student_id,kind,staff_id,"
		    "note\n", 35) == 0);
		check_last(fuzz_path, out, 0);
	} else {
		FUZZ_ASSERT(len > loglen);
		if (loglen > 0) {
			FUZZ_ASSERT(memcmp(after, log, loglen) == 0);
			/* Appending to a log that does not read is corruption
			 * waiting to happen (a row inside an open quote). */
			FUZZ_ASSERT(nold >= 0);
		}
		check_last(fuzz_path, out, (size_t)(nold < 0 ? 0 : nold));
	}
	free(after);
	actlog_batch_release(&b);
	snprintf(lockname, sizeof(lockname), "%s.lock", fuzz_path);
	unlink(lockname);
	/* The append's journal (empty after it): each input starts afresh. */
	snprintf(lockname, sizeof(lockname), "%s.journal", fuzz_path);
	unlink(lockname);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct actlog_rules r;
	struct sbuf err = SBUF_INIT, err2 = SBUF_INIT;
	char *v[LC_COUNT], *out[LC_COUNT], *out2[LC_COUNT];
	const uint8_t *nl;
	size_t n, i, rowlen;
	int nprob, again;

	fuzz_init(1);
	if (students == NULL) {
		students = strmap_new();
		strmap_put(students, "S001", 1);
		strmap_put(students, "S002", 0);
		staff = strmap_new();
		strmap_put(staff, "T01", 1);
		strmap_put(staff, "T02", 0);
	}
	if (size == 0)
		return 0;
	memset(&r, 0, sizeof(r));
	r.p = fuzz_policy;
	r.as_of = date_from_ymd(2026, 9, 1);
	r.force = data[0] & 1;
	r.students = data[0] & 2 ? students : NULL;
	r.staff = data[0] & 4 ? staff : NULL;
	nl = memchr(data + 1, '\n', size - 1);
	rowlen = nl != NULL ? (size_t)(nl - (data + 1)) : size - 1;
	n = fuzz_split(data + 1, rowlen, '\t', v, LC_COUNT);
	for (i = n; i < LC_COUNT; i++)
		v[i] = NULL;	/* NULL counts as empty */

	sbuf_init(&err);
	sbuf_init(&err2);
	nprob = actlog_check(&r, (const char *const *)v, out, &err);
	FUZZ_ASSERT(nprob >= 0 && (nprob == 0) == (err.len == 0));
	for (i = 0; i < LC_COUNT; i++)
		FUZZ_ASSERT(out[i] != NULL);
	if (nprob == 0) {
		again = actlog_check(&r, (const char *const *)out, out2, &err2);
		FUZZ_ASSERT(again == 0);
		for (i = 0; i < LC_COUNT; i++) {
			FUZZ_ASSERT(strcmp(out[i], out2[i]) == 0);
			free(out2[i]);
		}
		FUZZ_ASSERT(strlen(out[LC_DATE]) == 10);
		FUZZ_ASSERT(policy_contact(fuzz_policy, out[LC_KIND]) != NULL);
		if (nl != NULL)
			append(out, data[0] & 8, nl + 1,
			    size - (size_t)(nl + 1 - data));
	}
	for (i = 0; i < LC_COUNT; i++) {
		free(v[i]);
		free(out[i]);
	}
	sbuf_release(&err);
	sbuf_release(&err2);
	return 0;
}
