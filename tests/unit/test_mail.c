/* test_mail.c: headers safe from injection, RFC 2047 words decoded back, mbox. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvio.h"
#include "mail.h"
#include "sbuf.h"
#include "tap.h"

static int
b64val(int c)
{
	const char *tab =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = strchr(tab, c);

	return c != '\0' && p != NULL ? (int)(p - tab) : -1;
}

/*
 * Decode an unfolded header value made of =?UTF-8?B?...?= words separated
 * by folding white space, as a mail reader does.  Returns 0 on success.
 */
static int
decode(const char *v, struct sbuf *out)
{
	const char *p = v, *end;
	unsigned long acc;
	int bits, x;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		if (strncmp(p, "=?UTF-8?B?", 10) != 0)
			return -1;
		p += 10;
		if ((end = strstr(p, "?=")) == NULL)
			return -1;
		acc = 0;
		bits = 0;
		for (; p < end; p++) {
			if (*p == '=')
				continue;
			if ((x = b64val(*p)) < 0)
				return -1;
			acc = acc << 6 | (unsigned long)x;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				sbuf_addc(out, (int)(acc >> bits & 0xff));
			}
		}
		p = end + 2;
	}
	return 0;
}

/* Every encoded word holds whole UTF-8 characters, lines at most 76. */
static int
words_ok(const char *field)
{
	const char *p = field, *nl;
	size_t len;

	for (;;) {
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len > 76)
			return 0;
		if (nl == NULL || nl[1] == '\0')
			return 1;
		p = nl + 1;
	}
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct sbuf sb = SBUF_INIT;
	char buf[4096];
	size_t n;

	sbuf_init(&sb);
	if (f == NULL)
		return sbuf_detach(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&sb, buf, n);
	fclose(f);
	return sbuf_detach(&sb);
}

int
main(void)
{
	struct sbuf h = SBUF_INIT, dec = SBUF_INIT;
	const char *subj = "留守儿童帮扶提醒：12 项待办（截至 2026-03-10）——"
	    "请尽快落实谈心、家访与亲情电话";
	static const char *const keys[] = { "count", "name" };
	const char *vals[] = { "3", "刘芳" };
	char *display, *addr, *text, path[] = "/tmp/lb-test-mail.XXXXXX";
	FILE *f;
	int fd, code = 0;

	sbuf_init(&h);
	sbuf_init(&dec);

	mail_header_text(&h, "Subject", subj);
	ok(strncmp(h.buf, "Subject: =?UTF-8?B?", 19) == 0,
	    "a Chinese subject is RFC 2047-encoded");
	ok(words_ok(h.buf), "encoded lines are at most 76 characters");
	ok(decode(h.buf + 9, &dec) == 0, "the words decode");
	is_str(dec.buf, subj, "decoded back to the same subject");
	ok(csvio_valid_utf8(dec.buf, dec.len), "no word split a character");

	sbuf_reset(&h);
	mail_header_text(&h, "Subject", "hello\r\nBcc: evil@example.com");
	is_str(h.buf, "Subject: hello  Bcc: evil@example.com\n",
	    "CR/LF in a subject cannot start a new field");
	sbuf_reset(&h);
	mail_header_text(&h, "Subject", "=?UTF-8?B?Zm9v?=");
	ok(strstr(h.buf, "=?UTF-8?B?PT9VVEYtOD9CP1ptOXY/PQ==?=") != NULL,
	    "text that looks like an encoded word is encoded itself");

	sbuf_reset(&h);
	ok(mail_header_addr(&h, "To", "Wang\nBcc: x@y.cn", "wang@school.cn") == 0,
	    "an address with a hostile display name is accepted");
	is_str(h.buf, "To: \"Wang Bcc: x@y.cn\" <wang@school.cn>\n",
	    "the name is cleaned and quoted, one line");
	sbuf_reset(&h);
	ok(mail_header_addr(&h, "To", "刘芳", "liu@school.cn") == 0,
	    "a Chinese name");
	sbuf_reset(&dec);
	ok(strncmp(h.buf, "To: =?UTF-8?B?", 14) == 0 &&
	    strstr(h.buf, "\n <liu@school.cn>\n") != NULL, "encoded name, then the address");
	ok(mail_header_addr(&h, "To", "x", "a@b.cn\nBcc: c@d.cn") == -1,
	    "an address with a line break is refused");
	ok(!mail_addr_ok("a@b.cn, c@d.cn"), "two addresses are refused");
	ok(!mail_addr_ok("no-at-sign"), "no @ is refused");
	ok(!mail_addr_ok(""), "empty is refused");
	ok(mail_addr_ok("root@localhost"), "a local address is fine");

	ok(mail_parse_addr("留守儿童工作组 <lb@school.cn>", &display, &addr) == 0,
	    "parse 'Name <addr>'");
	is_str(display, "留守儿童工作组", "display name");
	is_str(addr, "lb@school.cn", "address");
	free(display);
	free(addr);
	ok(mail_parse_addr("", &display, &addr) == -1 && addr == NULL,
	    "an empty from is no address");

	sbuf_reset(&h);
	mail_template(&h, "{name}老师：{count} 项{unknown}", keys, vals, 2);
	is_str(h.buf, "刘芳老师：3 项{unknown}", "template fills known keys only");
	{
		const char *evil[] = { "3", "刘芳\r\nBcc: x@evil.example" };

		sbuf_reset(&h);
		mail_template(&h, "{name}老师：{count} 项", keys, evil, 2);
		is_str(h.buf, "刘芳  Bcc: x@evil.example老师：3 项",
		    "a line break in a value cannot start a new line");
	}
	sbuf_reset(&h);
	mail_date(&h, 1773100800);
	is_str(h.buf, "Tue, 10 Mar 2026 00:00:00 +0000", "RFC 5322 date in UTC");

	/* Message-IDs: one shape, never the same twice in a run. */
	ok(mail_domain_ok("school.example.cn") && mail_domain_ok("localhost") &&
	    !mail_domain_ok("a..b") && !mail_domain_ok(".a") &&
	    !mail_domain_ok("a.") && !mail_domain_ok("a>b") &&
	    !mail_domain_ok("a b") && !mail_domain_ok(""),
	    "a Message-ID's domain is a host name");
	{
		struct sbuf id2 = SBUF_INIT;
		const char *at;

		sbuf_init(&id2);
		sbuf_reset(&h);
		mail_message_id(&h, "school.example.cn");
		mail_message_id(&id2, "school.example.cn");
		at = strchr(h.buf, '@');
		ok(h.buf[0] == '<' && h.len > 40 && at != NULL &&
		    strcmp(at, "@school.example.cn>") == 0 &&
		    strspn(h.buf + 1, "0123456789.abcdef") ==
		    (size_t)(at - h.buf - 1), "Message-ID <TIME.RANDOM.PID.N@domain>");
		ok(strcmp(h.buf, id2.buf) != 0, "two Message-IDs differ");
		sbuf_release(&id2);
	}

	/* Greetings: a title already in the name is not added again. */
	ok(mail_titled("孙老师") && mail_titled("王校长") &&
	    mail_titled("赵主任") && mail_titled("钱书记") &&
	    mail_titled("孫老師") && mail_titled("陳校長") &&
	    mail_titled("吳書記") && !mail_titled("李芳") &&
	    !mail_titled("老师") && !mail_titled(""), "names with a title");
	sbuf_reset(&h);
	mail_untitle(&h, "{name}老师：您好 {name}老師 {count}老师", "孙老师");
	is_str(h.buf, "{name}：您好 {name} {count}老师",
	    "no 老师 after a titled name");
	sbuf_reset(&h);
	mail_untitle(&h, "{name}老师：您好", "李芳");
	is_str(h.buf, "{name}老师：您好", "老师 after a plain name");

	/* mbox: From_ line, >From escaping (mboxrd), blank line after. */
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w+")) == NULL)
		return done_testing();
	ok(mail_write_mbox(f, "lb@localhost", 1773100800, "Subject: x\n",
	    "From here\n>From there\nno From\n") == 0, "mbox entry written");
	fclose(f);
	text = slurp(path);
	is_str(text, "From lb@localhost Tue Mar 10 00:00:00 2026\nSubject: x\n\n"
	    ">From here\n>>From there\nno From\n\n", "mboxrd escaping");
	free(text);

	/* sendmail: the message goes to the command's stdin unchanged. */
	sbuf_reset(&h);
	sbuf_printf(&h, "cat > %s", path);
	ok(mail_sendmail(h.buf, "Subject: y\n", "From me\n", &code) == 0,
	    "piped to a command");
	text = slurp(path);
	is_str(text, "Subject: y\n\nFrom me\n", "no mbox escaping through sendmail");
	free(text);
	ok(mail_sendmail("exit 3", "Subject: y\n", "body\n", &code) == -1 &&
	    code == 69, "a failing command is an error (69)");
	unlink(path);

	sbuf_release(&h);
	sbuf_release(&dec);
	return done_testing();
}
