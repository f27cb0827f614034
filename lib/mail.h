/* mail.h: RFC 5322 messages: injection-safe headers, RFC 2047 words, mbox, sendmail. */
#ifndef LB_MAIL_H
#define LB_MAIL_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct sbuf;

/*
 * Messages are built as two strings, the header block (each field ending
 * in "\n") and the body (UTF-8 text, lines ending in "\n"), with LF line
 * ends: the local convention of mbox files and of sendmail(8) on its
 * standard input; the MTA writes CRLF on the wire.
 */

/*
 * Append s to out with every C0 control (CR and LF above all) and DEL
 * turned into a space, so no text from a roster or staff list can end a
 * header line and inject another field.
 */
void mail_clean(struct sbuf *out, const char *s);

/*
 * 1 when addr is a plain address local@domain of at most 254 bytes
 * (RFC 5321): printable ASCII without
 * blanks, controls or any of <>()[],;:\" and exactly one @ with text on
 * both sides (local domains such as "localhost" are fine).  Anything else (and so anything
 * that could smuggle a second recipient or a header) is refused.
 */
int mail_addr_ok(const char *addr);

/*
 * Append the unstructured field "name: value\n" (Subject): value is
 * cleaned (mail_clean) and, when it holds anything but printable ASCII or
 * the text "=?" or would make the line longer than 78 characters, written
 * as RFC 2047 "=?UTF-8?B?...?=" words of at most
 * 75 characters on lines of at most 76, folded with "\n ", never
 * splitting a UTF-8 character between words.
 */
void mail_header_text(struct sbuf *out, const char *name, const char *value);

/*
 * Append the address field "name: display <addr>\n" (From, To): display
 * cleaned and encoded as in mail_header_text (or quoted when it is ASCII
 * with specials), omitted when empty.  Returns 0, or -1 (appending
 * nothing) when addr is not mail_addr_ok().
 */
int mail_header_addr(struct sbuf *out, const char *name, const char *display,
    const char *addr);

/*
 * Parse "Display Name <addr>" or a bare "addr" (the policy's mail.from):
 * *display and *addr are malloc'd (the caller frees them).  Returns 0, or
 * -1 when no valid address is found (both set to NULL).
 */
int mail_parse_addr(const char *s, char **display, char **addr);

/*
 * 1 when s can be the right side of a Message-ID (a host name: letters,
 * digits, '-' and '.', no empty label, at most 253 bytes).
 */
int mail_domain_ok(const char *s);

/*
 * Append a Message-ID "<TIME.RANDOM.PID.N@domain>" unique per message and
 * run: the real time (never SOURCE_DATE_EPOCH), 64 random bits drawn once
 * per run, the process id and a counter, so two runs of the same day never
 * share one (a mail client drops a re-sent correction with an old id as a
 * duplicate).  domain must be mail_domain_ok().
 */
void mail_message_id(struct sbuf *out, const char *domain);

/*
 * 1 when name already ends in a title a greeting would add (老师, 校长,
 * 主任, 书记 and their traditional forms): 孙老师 is not greeted 孙老师老师.
 */
int mail_titled(const char *name);

/*
 * Append tmpl, less the 老师 (老師) right after each "{name}" when
 * mail_titled(name): the one place a greeting's title is decided.
 */
void mail_untitle(struct sbuf *out, const char *tmpl, const char *name);

/* Append the RFC 5322 date of t, in UTC: "Mon, 02 Mar 2026 07:00:00 +0000". */
void mail_date(struct sbuf *out, time_t t);

/*
 * Append tmpl with each "{key}" replaced by the value of the same index in
 * keys/vals (n pairs), cleaned as by mail_clean() (a value is one line:
 * a name with a line break cannot add a line to a greeting or a header);
 * unknown braces are kept as written.
 */
void mail_template(struct sbuf *out, const char *tmpl, const char *const *keys,
    const char *const *vals, size_t n);

/*
 * Write one mbox entry (mboxrd): the From_ line "From sender DATE" (t in
 * UTC, asctime form), the header block, a blank line, the body with every
 * line matching ^>*From_ given one more '>', then a blank line.  Returns
 * 0, or -1 on a write error (errno set; nothing printed).
 */
int mail_write_mbox(FILE *f, const char *sender, time_t t, const char *head,
    const char *body);

/*
 * Pipe the message (header block, blank line, body) to the shell command
 * cmd (e.g. "/usr/sbin/sendmail -t -oi").  Returns 0, or -1 after a
 * message when the command cannot be run, dies or exits non-zero (*code
 * = LB_UNAVAILABLE).
 */
int mail_sendmail(const char *cmd, const char *head, const char *body,
    int *code);

#endif
