/* cli.c: the command-line behaviour every lb command shares. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "diag.h"
#include "i18n.h"
#include "policy.h"
#include "text.h"
#include "xmem.h"

#ifndef LB_VERSION
#define LB_VERSION "0"
#endif

void
cli_usage(const char *usage, int code)
{
	FILE *f = code == LB_OK ? stdout : stderr;

	fputs(_(usage), f);
	if (code == LB_OK)
		exit(diag_close_stdout(LB_OK));
	exit(code);
}

/*
 * The options' column: wide enough for "-p policy, --policy policy"; a
 * wider option is alone on its line, its text under the column, so that
 * the lines stay within 80 columns.
 */
#define HELP_OPT_WIDTH 26

static void
help_list(const struct cli_help *h, int width)
{
	for (; h->opt != NULL; h++) {
		if ((int)strlen(h->opt) > width)
			printf("  %s\n  %-*s  %s\n", h->opt, width, "", _(h->what));
		else
			printf("  %-*s  %s\n", width, h->opt, _(h->what));
	}
}

void
cli_help(const char *usage, const struct cli_help *opts,
    const struct cli_help *exits)
{
	const struct cli_help *h;
	int width = 0;

	for (h = opts; h->opt != NULL; h++)
		if ((int)strlen(h->opt) > width)
			width = (int)strlen(h->opt);
	if (width > HELP_OPT_WIDTH)
		width = HELP_OPT_WIDTH;
	fputs(_(usage), stdout);
	/* TRANSLATORS: the heading of --help's list of options. */
	printf("\n%s\n", _("options:"));
	help_list(opts, width);
	/* TRANSLATORS: the heading of --help's list of exit codes. */
	printf("\n%s\n", _("exit status:"));
	help_list(exits, 3);
	exit(diag_close_stdout(LB_OK));
}

void
cli_version(void)
{
	printf("%s (lb) %s\n", diag_prog(), LB_VERSION);
	exit(diag_close_stdout(LB_OK));
}

struct policy *
cli_policy(const char *path)
{
	struct policy *p;
	int code = LB_CONFIG;

	p = policy_load(path, &code);
	if (p == NULL)
		exit(code);
	return p;
}

int
cli_print_policy(const struct policy *p)
{
	if (policy_print(p, stdout) != 0)
		return diag_close_stdout(LB_IOERR);
	return diag_close_stdout(LB_OK);
}

date_t
cli_date(const char *opt, const char *arg)
{
	date_t d;

	if (date_parse(arg, &d) != 0)
		diag_die(LB_USAGE, _("%s: invalid date '%s' (expected "
		    "YYYY-MM-DD)"), opt, arg);
	return d;
}

long
cli_count(const char *opt, const char *arg)
{
	long long n;

	if (text_whole(arg, LONG_MAX, &n) != 0)
		diag_die(LB_USAGE, _("%s: invalid number '%s' (expected a "
		    "whole number, 0 or more)"), opt, arg);
	return (long)n;
}

int
cli_format(const char *arg, const char *const *allowed)
{
	char list[256] = "";
	int i;

	for (i = 0; allowed[i] != NULL; i++) {
		if (strcmp(arg, allowed[i]) == 0)
			return i;
		if (i > 0)
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, allowed[i], sizeof(list) - strlen(list) - 1);
	}
	diag_die(LB_USAGE, _("--format: unknown format '%s' (expected one of: "
	    "%s)"), arg, list);
}

void
cli_one_stdin(const char *const *path, const char *const *what, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (path[i] != NULL && path[j] != NULL &&
			    strcmp(path[i], "-") == 0 &&
			    strcmp(path[j], "-") == 0)
				diag_die(LB_USAGE, _("%s and %s cannot both "
				    "be standard input (name one of them as "
				    "a file)"), what[i], what[j]);
}

void
cli_operands_one_stdin(int argc, char *const *argv, const char *what)
{
	int i, seen = 0;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 && seen++ > 0)
			diag_die(LB_USAGE, _("'-' stands twice among the %s: "
			    "standard input can be read once (name the others "
			    "as files)"), what);
}

time_t
cli_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	/* Reproducible mail and calendars: the convention of reproducible builds. */
	if (e != NULL && *e != '\0') {
		errno = 0;
		t = strtoll(e, &end, 10);
		if (errno == 0 && *end == '\0' && t >= 0)
			return (time_t)t;
	}
	return time(NULL);
}

/* "-o 'x'", or "'x'" for an operand: a file as the command line named it. */
static const char *
named(const struct cli_file *f, char *buf, size_t size)
{
	snprintf(buf, size, *f->option != '\0' ? "%s '%s'" : "%s'%s'",
	    f->option, f->path);
	return buf;
}

/* The name of path in its folder. */
static const char *
last_part(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* stat() of the folder path would be made in; 0 when it cannot. */
static int
folder_of(const char *path, struct stat *st)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	if (slash == NULL)
		return stat(".", st) == 0;
	if ((size_t)(slash - path) + 1 >= sizeof(dir))
		return 0;
	memcpy(dir, path, (size_t)(slash - path) + 1);
	dir[slash - path + 1] = '\0';
	return stat(dir, st) == 0;
}

void
cli_no_overwrite(const struct cli_file *f, size_t n)
{
	struct stat *st = xcalloc(n + 1, sizeof(*st));
	unsigned char *have = xcalloc(n + 1, 1);
	char a[PATH_MAX + 64], b[PATH_MAX + 64];
	size_t i, j;

	/*
	 * By device and inode: a link or another spelling is the file.  A
	 * file to be made is its folder's and its name (two outputs).
	 */
	for (i = 0; i < n; i++) {
		if (f[i].path == NULL || strcmp(f[i].path, "-") == 0)
			continue;
		if (stat(f[i].path, &st[i]) == 0)
			have[i] = S_ISREG(st[i].st_mode);
		else if (errno == ENOENT && f[i].written)
			have[i] = folder_of(f[i].path, &st[i]) ? 2 : 0;
	}
	for (i = 0; i < n; i++) {
		if (!have[i] || !f[i].written)
			continue;
		for (j = 0; j < n; j++) {
			if (j == i || have[j] != have[i] ||
			    st[i].st_dev != st[j].st_dev ||
			    st[i].st_ino != st[j].st_ino || (have[i] == 2 &&
			    strcmp(last_part(f[i].path), last_part(f[j].path))))
				continue;
			/* Read and written as one kind: an update in place. */
			if (!f[j].written && strcmp(f[i].kind, f[j].kind) == 0)
				continue;
			diag_error(NULL, 0, 0, _("%s would overwrite %s: they are "
			    "the same file (expected another file to write)"),
			    named(&f[i], a, sizeof(a)), named(&f[j], b,
			    sizeof(b)));
			exit(LB_USAGE);
		}
	}
	free(st);
	free(have);
}
