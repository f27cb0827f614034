/* mail.c: RFC 5322 messages with RFC 2047 words, mbox entries, sendmail pipes. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "i18n.h"
#include "mail.h"
#include "sbuf.h"
#include "xmem.h"

#define WORD_MAX 75		/* RFC 2047: an encoded word */
#define LINE_MAX_EW 76		/* RFC 2047: a line holding encoded words */
#define EW_OVERHEAD 12		/* "=?UTF-8?B?" and "?=" */
#define LINE_SHOULD 78		/* RFC 5322: longer lines are folded */
#define ADDR_MAX 254		/* RFC 5321: the longest usable address */

void
mail_clean(struct sbuf *out, const char *s)
{
	for (; *s != '\0'; s++)
		sbuf_addc(out, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

int
mail_addr_ok(const char *addr)
{
	const char *at = NULL, *p;

	if (addr == NULL || *addr == '\0' || strlen(addr) > ADDR_MAX)
		return 0;
	for (p = addr; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    strchr("<>()[],;:\\\"", *p) != NULL)
			return 0;
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	}
	return at != NULL && at > addr && at[1] != '\0' && at[1] != '.' &&
	    p[-1] != '.';
}

static int
plain_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f ||
		    (s[0] == '=' && s[1] == '?'))
			return 0;
	return 1;
}

static void
base64(struct sbuf *out, const unsigned char *s, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long v;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)s[i] << 16 | (unsigned long)s[i + 1] << 8 | s[i + 2];
		sbuf_addc(out, tab[v >> 18 & 63]);
		sbuf_addc(out, tab[v >> 12 & 63]);
		sbuf_addc(out, tab[v >> 6 & 63]);
		sbuf_addc(out, tab[v & 63]);
	}
	if (n - i == 1) {
		v = (unsigned long)s[i] << 16;
		sbuf_addc(out, tab[v >> 18 & 63]);
		sbuf_addc(out, tab[v >> 12 & 63]);
		sbuf_adds(out, "==");
	} else if (n - i == 2) {
		v = (unsigned long)s[i] << 16 | (unsigned long)s[i + 1] << 8;
		sbuf_addc(out, tab[v >> 18 & 63]);
		sbuf_addc(out, tab[v >> 12 & 63]);
		sbuf_addc(out, tab[v >> 6 & 63]);
		sbuf_addc(out, '=');
	}
}

/*
 * Append s as encoded words; used is what the current line already
 * holds.  Each word carries as many whole UTF-8 characters as fit.
 */
static void
encode_words(struct sbuf *out, const char *s, size_t used)
{
	size_t n = strlen(s), pos = 0, room, take;

	while (pos < n) {
		room = LINE_MAX_EW - used - EW_OVERHEAD;
		if (room > WORD_MAX - EW_OVERHEAD)
			room = WORD_MAX - EW_OVERHEAD;
		take = room / 4 * 3;
		if (take > n - pos)
			take = n - pos;
		while (take > 0 && pos + take < n &&
		    ((unsigned char)s[pos + take] & 0xc0) == 0x80)
			take--;
		if (take == 0)	/* cannot happen with room >= 4 chars */
			take = 1;
		if (pos > 0)
			sbuf_adds(out, "\n ");
		sbuf_adds(out, "=?UTF-8?B?");
		base64(out, (const unsigned char *)s + pos, take);
		sbuf_adds(out, "?=");
		pos += take;
		used = 1;
	}
}

void
mail_header_text(struct sbuf *out, const char *name, const char *value)
{
	struct sbuf v = SBUF_INIT;

	sbuf_init(&v);
	mail_clean(&v, value);
	sbuf_printf(out, "%s: ", name);
	/* Text too long for one line goes as words, which fold. */
	if (plain_ascii(v.buf) && strlen(name) + 2 + v.len <= LINE_SHOULD)
		sbuf_adds(out, v.buf);
	else
		encode_words(out, v.buf, strlen(name) + 2);
	sbuf_addc(out, '\n');
	sbuf_release(&v);
}

int
mail_header_addr(struct sbuf *out, const char *name, const char *display,
    const char *addr)
{
	struct sbuf v = SBUF_INIT;
	const char *p;

	if (!mail_addr_ok(addr))
		return -1;
	sbuf_init(&v);
	if (display != NULL)
		mail_clean(&v, display);
	sbuf_printf(out, "%s: ", name);
	if (v.len == 0) {
		sbuf_adds(out, addr);
	} else if (plain_ascii(v.buf) &&
	    strlen(name) + 4 + v.len <= LINE_SHOULD) {
		sbuf_addc(out, '"');
		for (p = v.buf; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				sbuf_addc(out, '\\');
			sbuf_addc(out, *p);
		}
		sbuf_printf(out, "\" <%s>", addr);
	} else {
		encode_words(out, v.buf, strlen(name) + 2);
		/* The address goes on its own line if the last word is long. */
		sbuf_printf(out, "\n <%s>", addr);
	}
	sbuf_addc(out, '\n');
	sbuf_release(&v);
	return 0;
}

int
mail_parse_addr(const char *s, char **display, char **addr)
{
	const char *lt, *gt, *a, *e;
	size_t len;

	*display = *addr = NULL;
	if (s == NULL)
		return -1;
	lt = strchr(s, '<');
	gt = lt != NULL ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL) {
		*addr = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		for (a = s; *a == ' ' || *a == '"'; a++)
			;
		for (e = lt; e > a && (e[-1] == ' ' || e[-1] == '"'); e--)
			;
		*display = xstrndup(a, (size_t)(e - a));
	} else {
		for (a = s; *a == ' '; a++)
			;
		len = strlen(a);
		while (len > 0 && a[len - 1] == ' ')
			len--;
		*addr = xstrndup(a, len);
		*display = xstrdup("");
	}
	if (!mail_addr_ok(*addr)) {
		free(*addr);
		free(*display);
		*display = *addr = NULL;
		return -1;
	}
	return 0;
}

int
mail_domain_ok(const char *s)
{
	const char *p;
	size_t label = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 253)
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-')
			label++;
		else
			return 0;
	}
	return label > 0;
}

/* splitmix64: spreads the bits of a poor seed over the whole word. */
static uint64_t
mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* 64 random bits from the kernel; without /dev/urandom (a chroot), the
 * clock's nanoseconds, the pid and an address mixed: still apart between
 * runs, which is all a Message-ID needs. */
static uint64_t
run_random(void)
{
	struct timespec ts;
	uint64_t r = 0;
	int fd;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, &r, sizeof(r));

		close(fd);
		if (n == (ssize_t)sizeof(r))
			return r;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return mix64((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) ^
	    mix64((uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)&ts);
}

void
mail_message_id(struct sbuf *out, const char *domain)
{
	static uint64_t rnd;
	static unsigned long count;
	static int have;
	struct tm tm;
	time_t now = time(NULL);

	if (!have) {
		rnd = run_random();
		have = 1;
	}
	gmtime_r(&now, &tm);
	sbuf_printf(out, "<%04d%02d%02d%02d%02d%02d.%016llx.%ld.%lu@%s>",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (unsigned long long)rnd, (long)getpid(),
	    ++count, domain);
}

int
mail_titled(const char *name)
{
	static const char *const titles[] = {
		"老师", "老師", "校长", "校長", "主任", "书记", "書記"
	};
	size_t i, n = strlen(name), t;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		t = strlen(titles[i]);
		if (n > t && strcmp(name + n - t, titles[i]) == 0)
			return 1;
	}
	return 0;
}

void
mail_untitle(struct sbuf *out, const char *tmpl, const char *name)
{
	static const char key[] = "{name}";
	const char *p = tmpl;
	int titled = mail_titled(name);

	while (*p != '\0') {
		if (titled && strncmp(p, key, sizeof(key) - 1) == 0) {
			sbuf_adds(out, key);
			p += sizeof(key) - 1;
			if (strncmp(p, "老师", strlen("老师")) == 0 ||
			    strncmp(p, "老師", strlen("老師")) == 0)
				p += strlen("老师");
			continue;
		}
		sbuf_addc(out, *p++);
	}
}

void
mail_date(struct sbuf *out, time_t t)
{
	static const char *const wd[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	struct tm tm;

	/* Names by hand: strftime's follow the locale. */
	gmtime_r(&t, &tm);
	sbuf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday],
	    tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

void
mail_template(struct sbuf *out, const char *tmpl, const char *const *keys,
    const char *const *vals, size_t n)
{
	const char *p = tmpl, *close;
	size_t i, klen;

	while (*p != '\0') {
		if (*p == '{' && (close = strchr(p + 1, '}')) != NULL) {
			klen = (size_t)(close - p - 1);
			for (i = 0; i < n; i++)
				if (strlen(keys[i]) == klen &&
				    strncmp(keys[i], p + 1, klen) == 0)
					break;
			if (i < n) {
				mail_clean(out, vals[i]);
				p = close + 1;
				continue;
			}
		}
		sbuf_addc(out, *p++);
	}
}

/* Does the line at p (up to the next LF) match ^>*From_? */
static int
from_line(const char *p)
{
	while (*p == '>')
		p++;
	return strncmp(p, "From ", 5) == 0;
}

int
mail_write_mbox(FILE *f, const char *sender, time_t t, const char *head,
    const char *body)
{
	static const char *const wd[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	const char *p = body, *nl;
	struct tm tm;

	gmtime_r(&t, &tm);
	fprintf(f, "From %s %s %s %2d %02d:%02d:%02d %04d\n", sender,
	    wd[tm.tm_wday], mon[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, tm.tm_year + 1900);
	fputs(head, f);
	fputc('\n', f);
	while (*p != '\0') {
		if (from_line(p))
			fputc('>', f);
		nl = strchr(p, '\n');
		if (nl == NULL) {
			fputs(p, f);
			fputc('\n', f);
			break;
		}
		fwrite(p, 1, (size_t)(nl - p + 1), f);
		p = nl + 1;
	}
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

int
mail_sendmail(const char *cmd, const char *head, const char *body, int *code)
{
	void (*old)(int);
	FILE *f;
	int st, werr;

	fflush(NULL);
	if ((f = popen(cmd, "w")) == NULL) {
		diag_error(NULL, 0, 0, _("cannot run '%s': %s"), cmd,
		    strerror(errno));
		*code = LB_UNAVAILABLE;
		return -1;
	}
	/* A command that exits early must not kill us with SIGPIPE. */
	old = signal(SIGPIPE, SIG_IGN);
	fputs(head, f);
	fputc('\n', f);
	fputs(body, f);
	werr = fflush(f) != 0 || ferror(f);
	st = pclose(f);
	signal(SIGPIPE, old);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || werr) {
		if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) != 0)
			diag_error(NULL, 0, 0, _("'%s' failed with exit status "
			    "%d"), cmd, WEXITSTATUS(st));
		else if (st != -1 && WIFSIGNALED(st))
			diag_error(NULL, 0, 0, _("'%s' was killed by signal "
			    "%d"), cmd, WTERMSIG(st));
		else
			diag_error(NULL, 0, 0, _("cannot write to '%s'"), cmd);
		*code = LB_UNAVAILABLE;
		return -1;
	}
	return 0;
}
