/* duemail.c: lb-due's list as mail to mentors, a digest for leaders, a calendar. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "duelist.h"
#include "i18n.h"
#include "ics.h"
#include "mail.h"
#include "order.h"
#include "report.h"
#include "schema.h"
#include "strmap.h"
#include "xmem.h"

/* Children named in a leader's digest. */
#define DIGEST_MAX 10

/*
 * Append the policy's words for key (policy_label(): the policy's
 * report.labels) with {date}, {days}, {overdue} and {due} filled.
 */
static void
words(struct sbuf *b, const struct duelist *d, const char *key, const char *date,
    long days, long overdue, long due)
{
	static const char *const keys[] = { "date", "days", "overdue", "due" };
	char n[3][24];
	const char *vals[4];

	snprintf(n[0], sizeof(n[0]), "%ld", days);
	snprintf(n[1], sizeof(n[1]), "%ld", overdue);
	snprintf(n[2], sizeof(n[2]), "%ld", due);
	vals[0] = date != NULL ? date : "";
	vals[1] = n[0];
	vals[2] = n[1];
	vals[3] = n[2];
	mail_template(b, policy_label(d->p, key), keys, vals, 4);
}

/*
 * One line of a mail about item it; phones: with the guardian's name and
 * phone (a mentor's mail, when the policy allows it).
 */
static void
mail_item(struct sbuf *b, const struct duelist *d, const struct cadence_item *it,
    int phones)
{
	char due[DATE_ISO_LEN], last[DATE_ISO_LEN];
	const char *gname, *gphone;

	sbuf_adds(b, "- ");
	mail_clean(b, duelist_name(d, it->child));
	sbuf_adds(b, policy_label(d->p, "paren_open"));
	mail_clean(b, duelist_class(d, it->child));
	sbuf_adds(b, policy_label(d->p, "comma"));
	mail_clean(b, duelist_id(d, it->child));
	if (phones && d->phones) {
		gname = duelist_name(d, it->child);
		gname += strlen(gname) + 1;
		gphone = gname + strlen(gname) + 1;
		if (*gphone != '\0') {
			sbuf_adds(b, policy_label(d->p, "comma"));
			sbuf_adds(b, policy_label(d->p, "mail.guardian"));
			mail_clean(b, gname);
			sbuf_addc(b, ' ');
			mail_clean(b, gphone);
		}
	}
	sbuf_adds(b, policy_label(d->p, "paren_close"));
	duelist_item_label(b, d, it);
	date_format(it->due, due);
	if (it->days_late > 0)
		words(b, d, "mail.overdue", due, it->days_late, 0, 0);
	else if (it->days_late == 0)
		words(b, d, "mail.due_today", due, 0, 0, 0);
	else
		words(b, d, "mail.due_in", due, -it->days_late, 0, 0);
	if (it->last != DATE_NONE)
		words(b, d, "mail.last", date_format(it->last, last), 0, 0, 0);
	else
		words(b, d, "mail.never", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
}

/*
 * The domain of Message-IDs (into buf): the policy's mail.domain, else
 * the domain of its mail.from (the school's), else this host's name, else
 * localhost.localdomain.
 */
static const char *
id_domain(const struct duelist *d, char *buf, size_t size)
{
	char *name, *addr;
	const char *at;

	if (*d->p->mail_domain != '\0')
		return d->p->mail_domain;
	if (mail_parse_addr(d->p->mail_from, &name, &addr) == 0) {
		at = strrchr(addr, '@');
		snprintf(buf, size, "%s", at + 1);
		free(name);
		free(addr);
		if (mail_domain_ok(buf))
			return buf;
	}
	if (gethostname(buf, size) == 0 && memchr(buf, '\0', size) != NULL &&
	    mail_domain_ok(buf))
		return buf;
	return "localhost.localdomain";
}

static void
message_head(struct sbuf *h, const struct duelist *d, const char *to_name,
    const char *to_addr, const char *subject)
{
	char *from_name = NULL, *from_addr = NULL;
	char host[256];

	/* Unset, lb-due has refused --sendmail and warned of an mbox. */
	if (mail_parse_addr(d->p->mail_from, &from_name, &from_addr) != 0) {
		from_name = xstrdup("lb");
		from_addr = xstrdup("lb@localhost");
	}
	mail_header_addr(h, "From", from_name, from_addr);
	mail_header_addr(h, "To", to_name, to_addr);
	mail_header_text(h, "Subject", subject);
	sbuf_adds(h, "Date: ");
	mail_date(h, d->now);
	sbuf_adds(h, "\nMessage-ID: ");
	mail_message_id(h, id_domain(d, host, sizeof(host)));
	sbuf_adds(h, "\n");
	sbuf_adds(h, "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n"
	    "Auto-Submitted: auto-generated\n");
	free(from_name);
	free(from_addr);
}

/*
 * What --sendmail has delivered on the as-of day, kept in a file of
 * lines "day,address,mentor" (or "digest"): a run that stopped half-way,
 * or is run again, sends only what is missing, unless told to resend.
 */
struct sent {
	const char *path;	/* NULL: nothing kept */
	struct strmap *done;	/* "address\tkey" delivered that day */
	char day[DATE_ISO_LEN];
	int resend;
	long skipped;
};

static void
sent_load(struct sent *st, const struct duelist *d, const char *path,
    int resend)
{
	char line[1024], *a, *k;
	FILE *f;

	memset(st, 0, sizeof(*st));
	st->path = path;
	st->resend = resend;
	st->done = strmap_new();
	date_format(d->as_of, st->day);
	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return;		/* none yet (a missing file is a first run) */
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if ((a = strchr(line, ',')) == NULL ||
		    (k = strchr(a + 1, ',')) == NULL)
			continue;
		*a++ = '\0';
		*k++ = '\0';
		if (strcmp(line, st->day) != 0)
			continue;
		k[-1] = '\t';	/* "address\tkey", in place */
		strmap_put(st->done, a, 1);
	}
	fclose(f);
}

/* The message to addr of key went out: said in the file, flushed to disk. */
static void
sent_record(struct sent *st, const char *addr, const char *key)
{
	char line[1024];
	int fd, n, ok;

	if (st->path == NULL)
		return;
	n = snprintf(line, sizeof(line), "%s,%s,%s\n", st->day, addr, key);
	/* Group-readable (less the umask): a log shared by a group keeps
	 * one record for all its teachers' runs; teachers' addresses only. */
	fd = open(st->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0660);
	ok = fd >= 0 && n > 0 && n < (int)sizeof(line) &&
	    write(fd, line, (size_t)n) == n && fsync(fd) == 0;
	if (!ok)
		diag_warn(NULL, 0, 0, _("cannot record the mail to '%s' as "
		    "sent in '%s': %s (a run again today would send it "
		    "again)"), addr, st->path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void
sent_free(struct sent *st)
{
	strmap_free(st->done);
}

/*
 * Deliver one message: to the mbox stream, or through --sendmail unless
 * it went to addr today already (st).  0 sent, 1 sent before, -1 after
 * a message.
 */
static int
deliver(const struct duelist *d, FILE *f, const char *sendmail,
    struct sent *st, const char *addr, const char *key, const char *head,
    const char *body, int *code)
{
	char k[1024];

	if (sendmail != NULL) {
		snprintf(k, sizeof(k), "%s\t%s", addr, key);
		if (!st->resend && strmap_get(st->done, k) > 0) {
			st->skipped++;
			return 1;
		}
		if (mail_sendmail(sendmail, head, body, code) != 0)
			return -1;
		sent_record(st, addr, key);
		return 0;
	}
	if (mail_write_mbox(f, "lb@localhost", d->now, head, body) != 0) {
		diag_error(NULL, 0, 0, _("cannot write the mail: %s (is the "
		    "disk full?)"), strerror(errno));
		*code = LB_IOERR;
		return -1;
	}
	return 0;
}

/* A --sendmail that failed this often before any success is broken. */
#define SENDMAIL_BROKEN 3

/*
 * After a failed delivery to addr: into a file, stop (a disk error stays);
 * through --sendmail, say to whom and go on, so that one bad recipient
 * does not keep this week's mail from everyone after it, unless nothing
 * has got through yet (a command that fails for all).  -1 to stop.
 */
static int
not_delivered(const char *sendmail, const char *addr, size_t nsent,
    size_t *nfail)
{
	if (sendmail == NULL)
		return -1;
	diag_error(NULL, 0, 0, _("mail to '%s' not delivered"), addr);
	if (++*nfail >= SENDMAIL_BROKEN && nsent == 0) {
		diag_error(NULL, 0, 0, _("stopped: the first %d messages all "
		    "failed (is --sendmail '%s' right?)"), SENDMAIL_BROKEN,
		    sendmail);
		return -1;
	}
	return 0;
}

static void
subject_of(struct sbuf *s, const struct duelist *d, const char *tmpl, long count,
    const char *name)
{
	static const char *const keys[] = { "count", "date", "name" };
	struct sbuf t = SBUF_INIT;
	char num[24], iso[DATE_ISO_LEN];
	const char *vals[3];

	snprintf(num, sizeof(num), "%ld", count);
	vals[0] = num;
	vals[1] = date_format(d->as_of, iso);
	vals[2] = name;
	sbuf_init(&t);
	mail_untitle(&t, tmpl, name);
	mail_template(s, t.buf, keys, vals, 3);
	sbuf_release(&t);
}

/*
 * The first line of person m's mail: a volunteer (staff role volunteer,
 * no teacher: 爱心妈妈) is greeted by the label mail.volunteer_intro
 * when the policy has one, everyone else by mail.intro.
 */
static const char *
intro_of(const struct duelist *d, uint32_t m)
{
	const char *role = duelist_mentor_get(d, m, SC_ROLE), *canon;
	const char *v = policy_label(d->p, "mail.volunteer_intro");
	int err = 0;

	canon = *role == '\0' ? NULL : policy_value(d->p, DOM_ROLE, role, &err);
	if (canon != NULL && strcmp(canon, "volunteer") == 0 &&
	    strcmp(v, "mail.volunteer_intro") != 0)
		return v;
	return d->p->mail_intro;
}

/*
 * The mentors of the listed items in the order they first appear, and
 * each one's items in the order listed: mentor m's are the positions
 * pos[start[m] .. start[m + 1]).
 */
struct by_mentor {
	uint32_t *first;	/* mentors, in the order they first appear */
	size_t nfirst;
	size_t *start;		/* per mentor, and one more */
	uint32_t *pos;		/* listing positions, grouped by mentor */
};

static uint32_t
key_item_mentor(const void *ctx, uint32_t pos)
{
	const struct duelist *d = ctx;

	return duelist_owner(d, duelist_item(d, pos));
}

static void
group_by_mentor(const struct duelist *d, struct by_mentor *g)
{
	uint32_t *tmp, m;
	size_t i;

	g->first = xreallocarray(NULL, d->mentors.n + 1, sizeof(*g->first));
	g->start = xcalloc(d->mentors.n + 1, sizeof(*g->start));
	g->pos = xreallocarray(NULL, d->nitems + 1, sizeof(*g->pos));
	g->nfirst = 0;
	for (i = 0; i < d->nitems; i++) {
		m = duelist_owner(d, duelist_item(d, i));
		if (g->start[m + 1]++ == 0)
			g->first[g->nfirst++] = m;
		g->pos[i] = (uint32_t)i;
	}
	for (i = 0; i < d->mentors.n; i++)
		g->start[i + 1] += g->start[i];
	tmp = xreallocarray(NULL, d->nitems + 1, sizeof(*tmp));
	order_stable(g->pos, tmp, d->nitems, (uint32_t)d->mentors.n,
	    key_item_mentor, d);
	free(tmp);
}

static void
by_mentor_free(struct by_mentor *g)
{
	free(g->first);
	free(g->start);
	free(g->pos);
}

/*
 * The leaders' digest: overdue and due counts per mentor, and the
 * children longest without contact.
 */
static void
digest_body(struct sbuf *b, const struct duelist *d)
{
	struct strmap *seen;
	struct by_mentor g;
	const struct cadence_item *it;
	size_t i, j, k, nover = 0, shown = 0;
	long over, soon;
	uint32_t m;
	char iso[DATE_ISO_LEN];

	group_by_mentor(d, &g);
	for (i = 0; i < d->nitems; i++)
		if (duelist_item(d, i)->days_late > 0)
			nover++;
	words(b, d, "mail.digest_head", date_format(d->as_of, iso), 0,
	    (long)nover, (long)(d->nitems - nover));
	sbuf_adds(b, "\n\n");
	words(b, d, "mail.digest_mentors", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
	for (j = 0; j < g.nfirst; j++) {
		m = g.first[j];
		over = soon = 0;
		for (k = g.start[m]; k < g.start[m + 1]; k++)
			if (duelist_item(d, g.pos[k])->days_late > 0)
				over++;
			else
				soon++;
		sbuf_adds(b, "- ");
		if (*duelist_mentor_id(d, m) == '\0')
			words(b, d, "mail.no_mentor", NULL, 0, 0, 0);
		else {
			mail_clean(b, duelist_mentor_get(d, m, SC_NAME));
			sbuf_adds(b, policy_label(d->p, "paren_open"));
			mail_clean(b, duelist_mentor_id(d, m));
			sbuf_adds(b, policy_label(d->p, "paren_close"));
		}
		words(b, d, "mail.digest_counts", NULL, 0, over, soon);
		sbuf_addc(b, '\n');
	}
	by_mentor_free(&g);
	/* Overdue items come first, those due earliest (longest waiting) first. */
	sbuf_addc(b, '\n');
	words(b, d, "mail.digest_oldest", NULL, 0, 0, 0);
	sbuf_addc(b, '\n');
	seen = strmap_new();
	for (i = 0; i < d->nitems && shown < DIGEST_MAX; i++) {
		it = duelist_item(d, i);
		if (it->days_late <= 0)
			break;
		if (strmap_put(seen, duelist_id(d, it->child), 1) != 1)
			continue;
		strmap_set(seen, duelist_id(d, it->child), 2);
		mail_item(b, d, it, 0);
		shown++;
	}
	if (shown == 0)
	{
		words(b, d, "mail.digest_none", NULL, 0, 0, 0);
		sbuf_addc(b, '\n');
	}
	strmap_free(seen);
}

/* Send the digest to one leader (name may be empty).  Returns 0 or -1. */
static int
send_digest(const struct duelist *d, FILE *f, const char *sendmail,
    struct sent *st, const char *name, const char *email, int *code)
{
	struct sbuf head = SBUF_INIT, body = SBUF_INIT, subj = SBUF_INIT;
	const char *tmpl = d->p->mail_digest_subject;
	char iso[DATE_ISO_LEN];
	int rc;

	sbuf_init(&head);
	sbuf_init(&body);
	sbuf_init(&subj);
	if (*tmpl == '\0')
		tmpl = policy_label(d->p, "mail.digest_subject");
	subject_of(&subj, d, tmpl, (long)d->nitems, name);
	message_head(&head, d, name, email, subj.buf);
	if (*name != '\0') {
		mail_clean(&body, name);
		sbuf_adds(&body, policy_label(d->p, "colon"));
	}
	words(&body, d, "mail.digest_intro", NULL, 0, 0, 0);
	sbuf_adds(&body, "\n\n");
	digest_body(&body, d);
	sbuf_addc(&body, '\n');
	words(&body, d, "mail.signature", date_format(d->as_of, iso), 0, 0, 0);
	sbuf_addc(&body, '\n');
	rc = deliver(d, f, sendmail, st, email, "digest", head.buf, body.buf,
	    code);
	sbuf_release(&head);
	sbuf_release(&body);
	sbuf_release(&subj);
	return rc;
}

/* 1 when addr (any case) is already in sent; else adds it and returns 0. */
static int
sent_before(struct strmap *sent, const char *addr)
{
	struct sbuf low = SBUF_INIT;
	const char *p;
	int seen;

	sbuf_init(&low);
	for (p = addr; *p != '\0'; p++)
		sbuf_addc(&low, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
		    *p));
	if (!(seen = strmap_put(sent, low.buf, 1) != 1))
		strmap_set(sent, low.buf, 2);
	sbuf_release(&low);
	return seen;
}

int
duelist_write_mail(const struct duelist *d, FILE *f, const char *sendmail,
    int digest, const char *sent_path, int resend, int *code)
{
	struct sent st;
	struct sbuf head = SBUF_INIT, body = SBUF_INIT, subj = SBUF_INIT;
	struct sbuf intro = SBUF_INIT;
	static const char *const keys[] = { "count", "date", "name" };
	const char *vals[3], *m, *name, *email;
	char num[24], iso[DATE_ISO_LEN];
	size_t i, k, r, count, nomentor = 0, nsent = 0, nfail = 0;
	int failed = 0, role_err = 0, rc;
	struct strmap *sent = NULL;
	struct by_mentor g;

	sbuf_init(&head);
	sbuf_init(&body);
	sbuf_init(&subj);
	sbuf_init(&intro);
	sent_load(&st, d, sendmail != NULL ? sent_path : NULL, resend);
	/* One mail per mentor, in the order their first items are listed. */
	group_by_mentor(d, &g);
	for (i = 0; i < g.nfirst; i++) {
		m = duelist_mentor_id(d, g.first[i]);
		count = g.start[g.first[i] + 1] - g.start[g.first[i]];
		if (*m == '\0') {
			nomentor += count;
			continue;
		}
		name = duelist_mentor_get(d, g.first[i], SC_NAME);
		email = duelist_mentor_get(d, g.first[i], SC_EMAIL);
		if (!mail_addr_ok(email)) {
			diag_warn(NULL, 0, 0, P_("no email for mentor '%s' (%zu "
			    "item not mailed)", "no email for mentor '%s' (%zu "
			    "items not mailed)", count), m, count);
			continue;
		}
		sbuf_reset(&head);
		sbuf_reset(&body);
		sbuf_reset(&subj);
		subject_of(&subj, d, d->p->mail_subject, (long)count,
		    *name != '\0' ? name : m);
		message_head(&head, d, name, email, subj.buf);
		snprintf(num, sizeof(num), "%zu", count);
		vals[0] = num;
		vals[1] = date_format(d->as_of, iso);
		vals[2] = *name != '\0' ? name : m;
		sbuf_reset(&intro);
		mail_untitle(&intro, intro_of(d, g.first[i]), vals[2]);
		mail_template(&body, intro.buf, keys, vals, 3);
		sbuf_adds(&body, "\n\n");
		for (k = g.start[g.first[i]]; k < g.start[g.first[i] + 1]; k++)
			mail_item(&body, d, duelist_item(d, g.pos[k]), 1);
		sbuf_addc(&body, '\n');
		words(&body, d, "mail.signature", iso, 0, 0, 0);
		sbuf_addc(&body, '\n');
		rc = deliver(d, f, sendmail, &st, email, m, head.buf, body.buf,
		    code);
		if (rc == 0)
			nsent++;
		else if (rc < 0 &&
		    not_delivered(sendmail, email, nsent, &nfail) != 0) {
			failed = 1;
			goto done;
		}
	}
	if (nomentor > 0)
		diag_warn(NULL, 0, 0, P_("%zu item for children without a "
		    "mentor (not mailed; see lb-pair)", "%zu items for "
		    "children without a mentor (not mailed; see lb-pair)",
		    nomentor), nomentor);

	/*
	 * The digest, only for a whole-school run: to staff with role
	 * leader, then to the policy's mail.leaders, each address once.
	 */
	if (!digest || d->staff == NULL)
		goto done;
	sent = strmap_new();
	for (r = 0; r < d->staff->nrows; r++) {
		const char *role = table_get(d->staff, r, SC_ROLE), *canon;

		canon = *role == '\0' ? NULL :
		    policy_value(d->p, DOM_ROLE, role, &role_err);
		if (canon == NULL || strcmp(canon, "leader") != 0)
			continue;
		name = table_get(d->staff, r, SC_NAME);
		email = table_get(d->staff, r, SC_EMAIL);
		if (!mail_addr_ok(email)) {
			diag_warn(NULL, 0, 0, _("no email for leader '%s' "
			    "(digest not mailed)"), table_get(d->staff, r,
			    SC_STAFF_ID));
			continue;
		}
		if (sent_before(sent, email))
			continue;
		rc = send_digest(d, f, sendmail, &st, name, email, code);
		if (rc == 0)
			nsent++;
		else if (rc < 0 &&
		    not_delivered(sendmail, email, nsent, &nfail) != 0) {
			failed = 1;
			goto done;
		}
	}
	for (r = 0; r < d->p->nmail_leaders; r++) {
		char *lname, *laddr;

		/* The loader checked them: this cannot fail. */
		if (mail_parse_addr(d->p->mail_leaders[r], &lname, &laddr) != 0)
			continue;
		rc = sent_before(sent, laddr) ? 1 :
		    send_digest(d, f, sendmail, &st, lname, laddr, code);
		if (rc == 0)
			nsent++;
		else if (rc < 0 && not_delivered(sendmail, laddr, nsent, &nfail) != 0)
			failed = 1;
		free(lname);
		free(laddr);
		if (failed)
			goto done;
	}
done:
	if (st.skipped > 0)
		diag_warn(NULL, 0, 0, P_("%ld message delivered earlier today "
		    "(%s) not sent again (--resend sends it)", "%ld messages "
		    "delivered earlier today (%s) not sent again (--resend "
		    "sends them)", (unsigned long)st.skipped), st.skipped,
		    st.path);
	if (!failed && nfail > 0) {
		diag_error(NULL, 0, 0, P_("%zu message not delivered (%zu "
		    "delivered)", "%zu messages not delivered (%zu delivered)",
		    nfail), nfail, nsent);
		/* Some went: a run again later sends what is missing.  None
		 * went: the command is not there for anyone (69). */
		if (nsent > 0)
			*code = LB_TEMPFAIL;
		failed = 1;
	}
	sent_free(&st);
	by_mentor_free(&g);
	strmap_free(sent);
	sbuf_release(&head);
	sbuf_release(&body);
	sbuf_release(&subj);
	sbuf_release(&intro);
	return failed ? -1 : 0;
}

void
duelist_write_ics(const struct duelist *d, FILE *f)
{
	struct sbuf out = SBUF_INIT, v = SBUF_INIT;
	char due[DATE_ISO_LEN], day[9], stamp[17], cp[4];
	const char *parts[4];
	const struct cadence_item *it;
	date_t on;
	size_t i;

	sbuf_init(&out);
	sbuf_init(&v);
	ics_line(&out, "BEGIN", "VCALENDAR");
	ics_line(&out, "VERSION", "2.0");
	ics_line(&out, "PRODID", "-//lb//lb-due " LB_VERSION "//ZH");
	ics_line(&out, "CALSCALE", "GREGORIAN");
	ics_line(&out, "METHOD", "PUBLISH");
	ics_line(&out, "X-WR-CALNAME", policy_label(d->p, "ics.calendar"));
	ics_stamp(d->now, stamp);
	for (i = 0; i < d->nitems; i++) {
		it = duelist_item(d, i);
		date_format(it->due, due);
		snprintf(cp, sizeof(cp), "%d", it->checkpoint);
		ics_line(&out, "BEGIN", "VEVENT");
		sbuf_reset(&v);
		parts[0] = duelist_id(d, it->child);
		parts[1] = d->p->contacts[it->kind].kind;
		parts[2] = due;
		parts[3] = cp;
		ics_uid(&v, parts, 4, "lb-due");
		ics_line(&out, "UID", v.buf);
		ics_line(&out, "DTSTAMP", stamp);
		/* Overdue work is shown today, where a teacher will see it. */
		on = it->days_late > 0 ? d->as_of : it->due;
		ics_line(&out, "DTSTART;VALUE=DATE", ics_date(on, day));
		ics_line(&out, "DTEND;VALUE=DATE", ics_date(on + 1, day));
		sbuf_reset(&v);
		{
			struct sbuf t = SBUF_INIT;

			sbuf_init(&t);
			if (it->days_late > 0)
				words(&t, d, "ics.overdue", NULL, it->days_late, 0, 0);
			duelist_item_label(&t, d, it);
			sbuf_adds(&t, policy_label(d->p, "colon"));
			sbuf_adds(&t, duelist_name(d, it->child));
			sbuf_adds(&t, policy_label(d->p, "paren_open"));
			sbuf_adds(&t, duelist_class(d, it->child));
			sbuf_adds(&t, policy_label(d->p, "paren_close"));
			ics_text(&v, t.buf);
			ics_line(&out, "SUMMARY", v.buf);
			sbuf_reset(&t);
			sbuf_reset(&v);
			mail_item(&t, d, it, 0);
			if (t.len > 0 && t.buf[t.len - 1] == '\n')
				t.buf[--t.len] = '\0';
			ics_text(&v, t.buf + 2);
			ics_line(&out, "DESCRIPTION", v.buf);
			sbuf_release(&t);
		}
		ics_line(&out, "TRANSP", "TRANSPARENT");
		ics_line(&out, "END", "VEVENT");
		fwrite(out.buf, 1, out.len, f);
		sbuf_reset(&out);
	}
	ics_line(&out, "END", "VCALENDAR");
	fwrite(out.buf, 1, out.len, f);
	sbuf_release(&out);
	sbuf_release(&v);
}

