/* test_policy.c: loading, merging, checking and printing the policy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "diag.h"
#include "policy.h"
#include "rx.h"
#include "sbuf.h"
#include "tap.h"
#include "where.h"

/* Everything diag printed between cap_start() and cap_end() (tap.h). */
#define cap_start tap_capture
#define cap_end tap_captured

static void
write_file(const char *name, const char *text)
{
	FILE *f = fopen(name, "w");

	fputs(text, f);
	fclose(f);
}

/* Load text as p.yaml; returns the policy or NULL with *msg set. */
static struct policy *
load(const char *text, int *code, const char **msg)
{
	struct policy *p;

	write_file("p.yaml", text);
	cap_start();
	p = policy_load("p.yaml", code);
	*msg = cap_end();
	return p;
}

/* Expect text to be refused with 78 and exactly message want. */
static void
refused(const char *text, const char *want, const char *name)
{
	int code = 0;
	const char *msg;
	struct policy *p = load(text, &code, &msg);

	ok(p == NULL && code == LB_CONFIG, "%s: refused with 78", name);
	is_str(msg, want, "%s: message", name);
	policy_free(p);
}

static char *
print(const struct policy *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	policy_print(p, f);
	fclose(f);
	return buf;
}

/* a and b hold the same nodes, texts and marks (files aside). */
static int
same_tree(const struct ynode *a, const struct ynode *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->type != b->type || a->line != b->line || a->col != b->col ||
	    a->n != b->n)
		return 0;
	if (a->type == YN_SCALAR)
		return a->plain == b->plain && strcmp(a->str, b->str) == 0;
	for (i = 0; i < a->n; i++)
		if ((a->type == YN_MAP && !same_tree(a->key[i], b->key[i])) ||
		    !same_tree(a->item[i], b->item[i]))
			return 0;
	return 1;
}

/*
 * The built-in policy: its tree packed at build time is the parse of its
 * text, and its patterns compile, each at its first match.
 */
static void
test_builtin(void)
{
	struct ynode *parsed, *packed;
	struct policy *p;
	const struct field_pattern *fp;
	size_t k, i, n = 0, deferred = 0, bad = 0;
	int d, code, eager = 0;
	const char *msg;

	parsed = ynode_parse(policy_default_yaml, policy_default_yaml_len,
	    "<built-in>");
	packed = ynode_unpack(policy_default_tree, policy_default_tree_n,
	    policy_default_tree_pool, "<built-in>");
	ok(parsed != NULL && same_tree(parsed, packed),
	    "the packed default is the parse of policy/default.yaml");
	ynode_free(parsed);
	ynode_free(packed);

	p = policy_load(NULL, &code);
	if (!ok(p != NULL, "the default loads"))
		return;
	for (d = 0; d < DOM_COUNT; d++)
		for (i = 0; i < p->values[d].n; i++, n++) {
			deferred += !rx_compiled(p->values[d].rule[i].rx);
			bad += rx_match(p->values[d].rule[i].rx, "", 0) < 0;
			bad += !rx_compiled(p->values[d].rule[i].rx);
		}
	for (k = 0; k < FK_COUNT; k++)
		for (i = 0; i < p->npatterns[k]; i++, n++) {
			deferred += !rx_compiled(p->patterns[k][i].rx);
			bad += rx_match(p->patterns[k][i].rx, "", 0) < 0;
			bad += !rx_compiled(p->patterns[k][i].rx);
		}
	ok(n > 50 && deferred == n, "its %zu patterns wait for a match", n);
	is_int((long long)bad, 0, "and each compiles at its first");
	policy_free(p);

	/* A pattern of the user's is compiled (and checked) at once. */
	p = load("patterns:\n  roster:\n    id_card: '[0-9]{18}'\n", &code,
	    &msg);
	for (i = 0; p != NULL && i < p->npatterns[FK_ROSTER]; i++) {
		fp = &p->patterns[FK_ROSTER][i];
		if (fp->col == RC_ID_CARD)
			eager = rx_compiled(fp->rx) &&
			    strcmp(rx_source(fp->rx), "[0-9]{18}") == 0;
		else if (rx_compiled(fp->rx))
			eager = -1;
	}
	is_int(eager, 1, "a user's pattern is compiled at load, the rest not");
	policy_free(p);
}

static void
test_default(void)
{
	struct policy *p;
	int code = -1, err = 0;
	const struct contact *c;
	const struct term *t;
	const char *msg;

	cap_start();
	p = policy_load(NULL, &code);
	msg = cap_end();
	if (!ok(p != NULL && code == 0, "the built-in default loads")) {
		printf("# %s", msg);
		return;
	}
	is_str(p->source.file, "<built-in>", "source is <built-in>");
	is_str(policy_value(p, DOM_GENDER, "男", &err), "M", "男 → M");
	is_str(policy_value(p, DOM_GENDER, "女性", &err), "F", "女性 → F");
	is_str(policy_value(p, DOM_GENDER, "FEMALE", &err), "F",
	    "rules ignore case");
	is_str(policy_value(p, DOM_GENDER, " 男\xe3\x80\x80", &err), "M",
	    "blanks and full-width blanks around ignored");
	is_str(policy_value(p, DOM_GENDER, "M", &err), "M", "canonical as is");
	ok(policy_value(p, DOM_GENDER, "男孩子气", &err) == NULL && err == 0,
	    "a rule matches the whole value only");
	is_str(policy_value(p, DOM_LEFT_BEHIND, "父母均外出", &err), "both",
	    "父母均外出 → both");
	is_str(policy_value(p, DOM_LEFT_BEHIND, "none", &err), "none",
	    "canonical without a rule");
	is_str(policy_value(p, DOM_YESNO, "是", &err), "yes", "是 → yes");
	is_str(policy_value(p, DOM_ATTENTION, "重点关注", &err), "key",
	    "重点关注 → key");
	ok(policy_value(p, DOM_GENDER, "男", &err) ==
	    schema_domain_values(DOM_GENDER)[0], "returns the static string");
	ok(policy_value(p, DOM_NONE, "x", &err) == NULL, "DOM_NONE gives NULL");

	is_int(policy_column(p, FK_ROSTER, "student_id"), RC_STUDENT_ID,
	    "canonical header");
	is_int(policy_column(p, FK_ROSTER, "Student_ID"), RC_STUDENT_ID,
	    "ASCII case ignored");
	is_int(policy_column(p, FK_ROSTER, " 学籍号\xe3\x80\x80"), RC_STUDENT_ID,
	    "alias with blanks around");
	is_int(policy_column(p, FK_ROSTER, "姓名"), RC_NAME, "姓名 → name");
	is_int(policy_column(p, FK_LOG, "日期"), LC_DATE, "log alias");
	is_int(policy_column(p, FK_ROSTER, "不存在的列"), -1, "unknown header");
	is_int(policy_column(p, FK_ROSTER, ""), -1, "empty header");
	ok(p->aliases[FK_ROSTER][RC_NAME] != NULL &&
	    p->aliases[FK_ROSTER][RC_NAME][0] != NULL, "alias lists kept");
	ok(p->aliases[FK_ROSTER][RC_NOTES] != NULL,
	    "every column has a (maybe empty) alias list");

	t = policy_term_named(p, "2026-autumn");
	ok(t != NULL && t->start == date_from_ymd(2026, 9, 1) &&
	    t->end == date_from_ymd(2027, 1, 22), "term by name");
	t = policy_term_at(p, date_from_ymd(2026, 10, 15));
	is_str(t ? t->name : NULL, "2026-autumn", "term containing a day");
	ok(policy_term_at(p, date_from_ymd(2026, 8, 1)) == NULL,
	    "summer is in no term");
	ok(policy_term_named(p, "nope") == NULL, "unknown term");

	c = policy_contact(p, "talk");
	ok(c != NULL && c->every.n == 1 && c->every.unit == PU_MONTHS,
	    "talk every month");
	ok(c != NULL && c->by_attention[1].n == 2 &&
	    c->by_attention[1].unit == PU_WEEKS, "key targets every 2 weeks");
	ok(c != NULL && c->vacation_pause == 1, "talk pauses in vacations");
	is_str(c ? c->label : NULL, "谈心", "label");
	c = policy_contact(p, "home_visit");
	is_int(c ? c->checkpoints : 0, CP_START | CP_MIDDLE | CP_END,
	    "home visits at start, middle and end");
	ok(c != NULL && c->window.n == 3 && c->window.unit == PU_WEEKS,
	    "window");
	c = policy_contact(p, "birthday");
	ok(c != NULL && c->on_birthday == 1, "birthday on birthday");
	c = policy_contact(p, "guardian_contact");
	ok(c != NULL && c->vacation_pause == 0 && c->vacation_every.n == 0,
	    "guardian contact keeps its pace in vacations");
	ok(c != NULL && c->after_holiday == NULL && c->after_month == 0,
	    "no after unless given");
	c = policy_contact(p, "card_review");
	is_str(c ? c->label : NULL, "联系卡更新", "card_review is a default kind");
	ok(c != NULL && c->every.n == 12 && c->every.unit == PU_MONTHS,
	    "card_review every 12 months");
	is_str(c ? c->after_holiday : NULL, "春节", "card_review after 春节");
	ok(c != NULL && c->window.n == 4 && c->window.unit == PU_WEEKS,
	    "card_review window 4 weeks");
	{
		size_t i, n = 0;

		for (i = 0; i < p->nholidays; i++)
			if (strcmp(p->holidays[i].name, "春节") == 0 &&
			    p->holidays[i].start <= p->holidays[i].end)
				n++;
		is_int(n, 3, "春节 listed for 2025, 2026 and 2027");
	}
	is_int(p->mail_guardian_phones, 0, "no guardian phones in mail");
	ok(p->mail_leaders != NULL && p->nmail_leaders == 0 &&
	    p->mail_leaders[0] == NULL, "no extra leaders (empty list)");
	is_str(p->mail_digest_subject, "留守儿童帮扶汇总：{count} 项待办（截至 {date}）",
	    "digest subject");
	ok(policy_contact(p, "nope") == NULL, "unknown contact");

	is_int(policy_target(p, "archive_rate"), 100, "target");
	is_int(policy_target(p, "children"), -1, "no target");
	is_str(policy_label(p, "archive_rate"), "建档率", "label");
	is_str(policy_label(p, "no_such"), "no_such", "label falls back");
	ok(p->nkey_rules >= 1 && strcmp(p->key_rules[0].attention, "key") == 0,
	    "key rules read");
	ok(p->ncard_fields > 0, "card fields read");
	ok(p->pairing.nmentor_roles == 2 &&
	    strcmp(p->pairing.mentor_roles[0], "head_teacher") == 0,
	    "mentor roles");
	is_int(p->pairing.buddy_same_class_required, 1, "same_class required");
	is_int(p->age_min, 3, "pupil_age.min");
	ok(p->npatterns[FK_ROSTER] > 0, "roster patterns");
	policy_free(p);
}

static void
test_round_trip(void)
{
	struct policy *p, *q;
	int code;
	const char *msg;
	char *a, *b;

	p = policy_load(NULL, &code);
	a = print(p);
	q = load(a, &code, &msg);
	b = q ? print(q) : NULL;
	is_str(b, a, "load(print(default)) prints identical bytes");
	free(b);
	policy_free(q);
	free(a);
	policy_free(p);

	p = load("school:\n  name: 红星小学\n  province: 安徽\ncontacts:\n"
	    "  talk: {every: 2 weeks}\n  call:\n    label: 视频\n    every: 1 week\n"
	    "values:\n  gender:\n    M: 男娃|男\n", &code, &msg);
	if (!ok(p != NULL, "a user file merges")) {
		printf("# %s", msg);
		return;
	}
	is_str(p->school_name, "红星小学", "school name from the file");
	is_str(p->source.file, "p.yaml", "source is the file");
	ok(policy_contact(p, "talk")->every.unit == PU_WEEKS &&
	    policy_contact(p, "talk")->by_attention[3].n == 1,
	    "a mapping merges key by key");
	is_str(policy_contact(p, "call") ? policy_contact(p, "call")->label : "",
	    "视频", "a new contact kind");
	is_str(policy_value(p, DOM_GENDER, "男娃", &code), "M",
	    "user's rule applies");
	ok(policy_value(p, DOM_GENDER, "female", &code) != NULL,
	    "other rules of the domain kept");
	a = print(p);
	ok(strstr(a, "  call:\n    label: 视频\n") != NULL,
	    "new kind printed after the default ones");
	q = load(a, &code, &msg);
	b = q ? print(q) : NULL;
	is_str(b, a, "load(print(default+file)) prints identical bytes");
	free(a);
	free(b);
	policy_free(q);
	policy_free(p);
}

/* The keys of issue 5: vacation paces, after, and the mail keys. */
static void
test_contact_and_mail_keys(void)
{
	struct policy *p, *q;
	const struct contact *c;
	const char *msg;
	char *a, *b;
	int code = 0;

	p = load("calendar:\n  holidays:\n    - {name: 国庆节, start: 2026-10-01, "
	    "end: 2026-10-07}\ncontacts:\n  parent_contact:\n    vacation: 2 weeks\n"
	    "  talk:\n    vacation: keep\n  meeting:\n    vacation: pause\n"
	    "  leap:\n    every: 1 month\n    after: 02-29\n    vacation: 10 days\n"
	    "mail:\n  from: \"帮扶办 <lb@school.cn>\"\n  guardian_phones: \"yes\"\n  leaders: [\"校长 <head@school.cn>\", "
	    "office@school.cn]\n  digest_subject: \"汇总 {date}\"\n", &code, &msg);
	if (!ok(p != NULL, "vacation, after and mail keys load")) {
		printf("# %s", msg);
		return;
	}
	c = policy_contact(p, "parent_contact");
	ok(c != NULL && c->vacation_pause == 0 && c->vacation_every.n == 2 &&
	    c->vacation_every.unit == PU_WEEKS, "vacation: 2 weeks is a pace");
	ok(c != NULL && c->every.n == 1 && c->per_term == 3,
	    "the rest of the default kind kept");
	c = policy_contact(p, "talk");
	ok(c != NULL && c->vacation_pause == 0 && c->vacation_every.n == 0,
	    "vacation: keep replaces the default's pause");
	c = policy_contact(p, "meeting");
	ok(c != NULL && c->vacation_pause == 1 && c->vacation_every.n == 0,
	    "vacation: pause");
	c = policy_contact(p, "leap");
	ok(c != NULL && c->after_month == 2 && c->after_day == 29 &&
	    c->after_holiday == NULL, "after: 02-29 is a day");
	ok(c != NULL && c->vacation_every.n == 10 &&
	    c->vacation_every.unit == PU_DAYS, "vacation: 10 days");
	c = policy_contact(p, "card_review");
	is_str(c ? c->after_holiday : NULL, "春节",
	    "a holiday the calendar no longer lists still loads (every applies)");
	is_int(p->mail_guardian_phones, 1, "guardian_phones: yes");
	ok(p->nmail_leaders == 2 && p->mail_leaders[2] == NULL,
	    "two leaders, NULL-terminated");
	is_str(p->nmail_leaders > 0 ? p->mail_leaders[0] : NULL,
	    "校长 <head@school.cn>", "a leader with a name");
	is_str(p->nmail_leaders > 1 ? p->mail_leaders[1] : NULL,
	    "office@school.cn", "a bare address");
	is_str(p->mail_digest_subject, "汇总 {date}", "digest_subject");
	is_str(p->mail_from, "帮扶办 <lb@school.cn>", "from with a name");
	a = print(p);
	q = load(a, &code, &msg);
	b = q ? print(q) : NULL;
	is_str(b, a, "load(print(new keys)) prints identical bytes");
	free(a);
	free(b);
	policy_free(q);
	policy_free(p);

	p = load("mail:\n  leaders: [a@b.cn]\n", &code, &msg);
	q = p != NULL ? load("mail:\n  leaders: []\n", &code, &msg) : NULL;
	ok(q != NULL && q->nmail_leaders == 0, "an empty list replaces");
	policy_free(q);
	policy_free(p);
}

static void
test_errors(void)
{
	int code = 0;
	const char *msg;
	struct policy *p;

	refused("shcool:\n  name: x\n",
	    "test: p.yaml:1:1: unknown key 'shcool' in 'policy' (did you mean "
	    "'school'?)\n", "unknown key with a hint");
	refused("school:\n  nmae: x\n",
	    "test: p.yaml:2:3: unknown key 'nmae' in 'school' (did you mean "
	    "'name'?)\n", "nested unknown key");
	refused("zebra: 1\n", "test: p.yaml:1:1: unknown key 'zebra' in "
	    "'policy'\n", "unknown key without a hint");
	refused("school: x\n", "test: p.yaml:1:9: expected a mapping for "
	    "'school', not 'x'\n", "expected a mapping");
	refused("school: [a]\n", "test: p.yaml:1:9: expected a mapping for "
	    "'school', not a list\n", "list for a mapping");
	refused("calendar:\n  terms: {a: 1}\n", "test: p.yaml:2:10: expected "
	    "a list for 'calendar.terms', not a mapping\n", "expected a list");
	refused("school:\n  name: [a]\n", "test: p.yaml:2:9: expected text "
	    "for 'school.name', not a list\n", "expected text");
	refused("pupil_age:\n  min: three\n", "test: p.yaml:2:8: expected a "
	    "number for 'pupil_age.min', not 'three'\n", "expected a number");
	refused("pupil_age:\n  max: 99\n", "test: p.yaml:2:8: number 99 out "
	    "of range for 'pupil_age.max' (expected 0 to 30)\n",
	    "number out of range");
	refused("pupil_age:\n  min: 12\n  max: 6\n", "test: p.yaml:2:8: "
	    "'pupil_age.min' (12) is above 'pupil_age.max' (6)\n",
	    "min above max");
	refused("calendar:\n  terms:\n    - name: t\n      start: 2026-13-01\n"
	    "      end: 2027-01-01\n", "test: p.yaml:4:14: expected a date "
	    "YYYY-MM-DD for 'calendar.terms.start', not '2026-13-01'\n",
	    "expected a date");
	refused("calendar:\n  terms:\n    - name: t\n      start: 2026-09-01\n",
	    "test: p.yaml:3:7: missing key 'end' in 'calendar.terms'\n",
	    "missing key");
	refused("calendar:\n  terms:\n    - {name: t, start: 2026-09-01, "
	    "end: 2026-01-01}\n", "test: p.yaml:3:41: term 't' ends before it "
	    "starts\n", "term ends before it starts");
	refused("calendar:\n  terms:\n    - {name: t, start: 2026-09-01, "
	    "end: 2026-12-01}\n    - {name: t, start: 2027-03-01, end: "
	    "2027-06-01}\n", "test: p.yaml:4:14: duplicate term 't' in "
	    "'calendar.terms'\n", "duplicate term name");
	refused("calendar:\n  terms:\n    - {name: a, start: 2026-09-01, "
	    "end: 2026-12-01}\n    - {name: b, start: 2026-11-01, end: "
	    "2027-06-01}\n", "test: p.yaml:3:5: term 'b' overlaps term 'a' in "
	    "'calendar.terms'\n", "overlapping terms");
	refused("contacts:\n  talk:\n    every: monthly\n", "test: p.yaml:3:12: "
	    "expected a period such as '2 weeks' for 'contacts.talk.every', "
	    "not 'monthly'\n", "expected a period");
	refused("contacts:\n  talk:\n    every: 0 days\n", "test: p.yaml:3:12: "
	    "expected a period such as '2 weeks' for 'contacts.talk.every', "
	    "not '0 days'\n", "zero period");
	refused("contacts:\n  talk:\n    by_attention: {kye: 1 week}\n",
	    "test: p.yaml:3:20: unknown key 'kye' in "
	    "'contacts.talk.by_attention' (did you mean 'key'?)\n",
	    "unknown attention level");
	refused("contacts:\n  talk:\n    vacation: stop\n", "test: p.yaml:3:15: "
	    "unknown value 'stop' for 'contacts.talk.vacation' (expected keep, "
	    "pause or a period such as '2 weeks')\n", "vacation value");
	refused("contacts:\n  talk:\n    vacation: 0 weeks\n", "test: "
	    "p.yaml:3:15: unknown value '0 weeks' for 'contacts.talk.vacation' "
	    "(expected keep, pause or a period such as '2 weeks')\n",
	    "vacation period of zero");
	refused("contacts:\n  talk:\n    vacation: [pause]\n", "test: "
	    "p.yaml:3:15: expected text for 'contacts.talk.vacation', not a "
	    "list\n", "vacation as a list");
	refused("contacts:\n  card_review:\n    after: 02-30\n", "test: "
	    "p.yaml:3:12: no day '02-30' for 'contacts.card_review.after' "
	    "(expected MM-DD or a holiday's name)\n", "after: no such day");
	refused("contacts:\n  card_review:\n    after: 13-01\n", "test: "
	    "p.yaml:3:12: no day '13-01' for 'contacts.card_review.after' "
	    "(expected MM-DD or a holiday's name)\n", "after: no such month");
	refused("contacts:\n  card_review:\n    after: \" \"\n", "test: "
	    "p.yaml:3:12: empty value for 'contacts.card_review.after' "
	    "(expected MM-DD or a holiday's name)\n", "after: blank");
	refused("contacts:\n  visit:\n    after: 02-20\n", "test: p.yaml:3:12: "
	    "'after' needs 'every' in 'contacts.visit'\n", "after without every");
	refused("mail:\n  guardian_phones: maybe\n", "test: p.yaml:2:20: "
	    "unknown value 'maybe' for 'mail.guardian_phones' (expected no or "
	    "yes)\n", "guardian_phones value");
	refused("mail:\n  leaders: boss@example.com\n", "test: p.yaml:2:12: "
	    "expected a list for 'mail.leaders', not 'boss@example.com'\n",
	    "leaders not a list");
	refused("mail:\n  leaders: [ok@example.com, \"x@y.z\\nBcc: a@b.c\", "
	    "两个@地址]\n", "test: p.yaml:2:29: bad address 'x@y.z Bcc: a@b.c' "
	    "in 'mail.leaders' (expected name@domain or 'Name "
	    "<name@domain>')\ntest: p.yaml:2:50: bad address '两个@地址' in "
	    "'mail.leaders' (expected name@domain or 'Name <name@domain>')\n",
	    "leaders: bad addresses, injection refused");
	refused("mail:\n  from: \"lb <lb@localhost\\r\\nBcc: x@y.cn>\"\n",
	    "test: p.yaml:2:9: bad address 'lb <lb@localhost  Bcc: x@y.cn>' "
	    "for 'mail.from' (expected name@domain or 'Name <name@domain>')\n",
	    "from: bad address");
	refused("mail:\n  leaders: [{a: b}]\n", "test: p.yaml:2:13: expected "
	    "text for 'mail.leaders', not a mapping\n", "leader as a mapping");
	refused("contacts:\n  talk:\n    checkpoints: [start, begin]\n",
	    "test: p.yaml:3:26: unknown checkpoint 'begin' in "
	    "'contacts.talk.checkpoints' (expected start, middle or end)\n",
	    "unknown checkpoint");
	refused("contacts:\n  Talk-2: {}\n", "test: p.yaml:2:3: bad contact "
	    "kind 'Talk-2' in 'contacts' (expected lowercase letters, digits "
	    "and '_')\n", "bad contact kind name");
	refused("contacts:\n  talk:\n    evrey: 1 week\n", "test: p.yaml:3:5: "
	    "unknown key 'evrey' in 'contacts.talk' (did you mean 'every'?)\n",
	    "unknown contact key");
	refused("columns:\n  rostre: {}\n", "test: p.yaml:2:3: unknown file "
	    "kind 'rostre' in 'columns' (did you mean 'roster'?)\n",
	    "unknown file kind");
	refused("columns:\n  roster:\n    studnet_id: [x]\n",
	    "test: p.yaml:3:5: unknown column 'studnet_id' in 'columns.roster' "
	    "(did you mean 'student_id'?)\n", "unknown column");
	refused("columns:\n  roster:\n    notes: 备注\n", "test: p.yaml:3:12: "
	    "expected a list for 'columns.roster.notes', not '备注'\n",
	    "aliases must be a list");
	refused("columns:\n  roster:\n    notes: [姓名]\n", "test: p.yaml:3:13: "
	    "header alias '姓名' in 'columns.roster.notes' already names column "
	    "'name'\n", "alias naming two columns");
	refused("columns:\n  roster:\n    notes: [class]\n", "test: p.yaml:3:13: "
	    "header alias 'class' in 'columns.roster.notes' already names "
	    "column 'class'\n", "alias equal to another canonical name");
	refused("values:\n  gendr: {}\n", "test: p.yaml:2:3: unknown domain "
	    "'gendr' in 'values' (did you mean 'gender'?)\n", "unknown domain");
	refused("values:\n  gender:\n    X: 未知\n", "test: p.yaml:3:5: unknown "
	    "value 'X' in 'values.gender' (expected M or F)\n",
	    "unknown canonical value");
	refused("values:\n  gender:\n    M: 男|(男\n", "test: p.yaml:3:8: bad "
	    "pattern '男|(男' for 'values.gender.M': missing closing parenthesis "
	    "(at character 5)\n", "bad value pattern");
	refused("patterns:\n  staff:\n    phone: \"(*LIMIT_MATCH=99999999)1\"\n",
	    "test: p.yaml:3:12: bad pattern '(*LIMIT_MATCH=99999999)1' for "
	    "'patterns.staff.phone': option setting '(*LIMIT_MATCH=99999999)' "
	    "is not allowed (at character 1)\n", "limit verb refused");
	refused("patterns:\n  roster:\n    phonee: x\n", "test: p.yaml:3:5: "
	    "unknown column 'phonee' in 'patterns.roster'\n",
	    "pattern for an unknown column");
	refused("required:\n  card: [father_name, gardian_name]\n",
	    "test: p.yaml:2:23: unknown column 'gardian_name' in "
	    "'required.card' (did you mean 'guardian_name'?)\n",
	    "unknown card column");
	refused("key_rules:\n  - when: guardian_agee>=70\n    attention: key\n",
	    "test: p.yaml:2:11: bad expression 'guardian_agee>=70' for "
	    "'key_rules.when': unknown field 'guardian_agee' (did you mean "
	    "'guardian_age'?) (at character 1)\n", "bad key rule");
	refused("key_rules:\n  - when: guardian_age>=70\n    attention: urgent\n",
	    "test: p.yaml:3:16: unknown attention 'urgent' in "
	    "'key_rules.attention' (expected general, key, intervention or "
	    "case)\n", "bad attention");
	refused("key_rules:\n  - attention: key\n", "test: p.yaml:2:5: missing "
	    "key 'when' in 'key_rules'\n", "key rule without when");
	refused("pairing:\n  mentor_roles: [head_teacher, janitor]\n",
	    "test: p.yaml:2:32: unknown role 'janitor' in "
	    "'pairing.mentor_roles' (expected head_teacher, subject_teacher, "
	    "leader, volunteer or other)\n", "bad mentor role");
	refused("pairing:\n  buddy:\n    same_class: maybe\n", "test: "
	    "p.yaml:3:17: unknown value 'maybe' for 'pairing.buddy.same_class' "
	    "(expected preferred or required)\n", "bad same_class");
	refused("report:\n  targets:\n    archive_rat: 90\n", "test: "
	    "p.yaml:3:5: unknown metric 'archive_rat' in 'report.targets' "
	    "(did you mean 'archive_rate'?)\n", "unknown metric");
	refused("report:\n  targets:\n    archive_rate: 120\n", "test: "
	    "p.yaml:3:19: number 120 out of range for "
	    "'report.targets.archive_rate' (expected 0 to 100)\n",
	    "target above 100");
	refused("- a\n", "test: p.yaml:1:1: expected a mapping for 'policy', "
	    "not a list\n", "a list as the whole policy");
	refused("a: &a [*a, *a]\n", "test: p.yaml:1:4: anchors are not allowed "
	    "in a policy\n", "alias bomb");
	refused("school: *a\n", "test: p.yaml:1:9: aliases are not allowed "
	    "in a policy\n", "alias");
	refused("school:\n  name: a\n  name: b\n", "test: p.yaml:3:3: duplicate "
	    "key 'name' (first at line 2)\n", "duplicate key");
	refused("shcool: 1\nzebra: 2\n", "test: p.yaml:1:1: unknown key "
	    "'shcool' in 'policy' (did you mean 'school'?)\ntest: p.yaml:2:1: "
	    "unknown key 'zebra' in 'policy'\n", "every error reported");

	p = load("# nothing but a comment\n", &code, &msg);
	ok(p != NULL && code == 0, "a file of comments is the default");
	policy_free(p);
	p = load("---\n", &code, &msg);
	ok(p != NULL && code == 0, "an empty document is the default");
	policy_free(p);

	cap_start();
	p = policy_load("missing.yaml", &code);
	msg = cap_end();
	ok(p == NULL && code == LB_NOINPUT, "missing file: 66");
	is_str(msg, "test: missing.yaml: cannot open the policy: No such file "
	    "or directory\n", "missing file message");

	write_file("env.yaml", "school:\n  name: 环境\n");
	setenv("LB_POLICY", "env.yaml", 1);
	p = policy_load(NULL, &code);
	is_str(p ? p->school_name : NULL, "环境", "$LB_POLICY is read");
	policy_free(p);
	setenv("LB_POLICY", "", 1);
	p = policy_load(NULL, &code);
	is_str(p ? p->school_name : NULL, "", "empty $LB_POLICY is ignored");
	policy_free(p);
	unsetenv("LB_POLICY");
	unlink("env.yaml");
}

/* Labels in either script (tables for people, lib/emit.h). */
static void
test_labels(void)
{
	struct policy *p;
	const char *w;
	int code = 0;

	if (!ok((p = policy_load(NULL, &code)) != NULL, "default for labels"))
		return;
	ok(policy_hant_sorted(), "the Traditional words are in byte order");
	is_str(policy_label_get(p, "student_id"), "学籍号", "a column's label");
	ok(policy_label_get(p, "no_such_label") == NULL, "no label: NULL");
	is_str(policy_label(p, "no_such_label"), "no_such_label",
	    "policy_label() gives the key instead");
	is_str(policy_word(p, "due_status.overdue", I18N_HANS), "逾期",
	    "a value's label");
	is_str(policy_word(p, "attention.key", I18N_HANT), "重點關注",
	    "in Traditional characters");
	is_str(policy_word(p, "mentor_email", I18N_HANT), "幫扶教師電子郵件",
	    "with Taiwan's words");
	ok(policy_word(p, "no_such_label", I18N_HANT) == NULL,
	    "no label in either script");
	w = "学号";
	ok(policy_hant(w) == w, "a word not the built-in policy's: as it is");
	is_str(policy_hant("联系卡更新"), "聯絡卡更新", "a kind's label");
	is_int(policy_kind(p, "談心", strlen("談心")),
	    (int)(policy_contact(p, "talk") - p->contacts),
	    "a built-in kind's label in Traditional names the kind");
	is_int(policy_kind(p, "家訪（期中）", strlen("家訪（期中）")),
	    (int)(policy_contact(p, "home_visit") - p->contacts),
	    "and with a checkpoint");
	is_int(policy_kind(p, "談話", strlen("談話")), -1,
	    "an alias is not looked up in Traditional");
	policy_free(p);
}

int
main(void)
{
	char dir[] = "/tmp/lbtest-policy.XXXXXX";
	char cwd[4096];

	diag_init("test");
	unsetenv("LB_POLICY");
	if (getcwd(cwd, sizeof(cwd)) == NULL || mkdtemp(dir) == NULL ||
	    chdir(dir) == -1) {
		ok(0, "temporary folder");
		return done_testing();
	}
	test_default();
	test_builtin();
	test_round_trip();
	test_contact_and_mail_keys();
	test_errors();
	test_labels();
	unlink("p.yaml");
	if (chdir(cwd) == 0)
		rmdir(dir);
	return done_testing();
}
