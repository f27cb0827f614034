/* report.c: the figures of lb-report, computed from integers, and merging reports. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "card.h"
#include "csvio.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "policy.h"
#include "report.h"
#include "sbuf.h"
#include "schema.h"
#include "strmap.h"
#include "table.h"
#include "text.h"
#include "where.h"
#include "xmem.h"

#define SEP "\037"

static const char *const csv_header[] = {
	"metric", "group", "count", "total", "percent", "target", "met",
	"detail"
};

/*
 * Words the report needs that the default policy does not label; the
 * policy's report.labels win over these.
 */
static const char *const fallback_labels[][2] = {
	{ "all", "合计" },
	/* lb-due's mail and calendar: {date}, {days}, {overdue}, {due}. */
	{ "checkpoint.start", "（期初）" },
	{ "checkpoint.middle", "（期中）" },
	{ "checkpoint.end", "（期末）" },
	{ "mail.guardian", "监护人" },
	{ "mail.overdue", "：已逾期 {days} 天（应于 {date} 完成）" },
	{ "mail.due_today", "：今天到期（{date}）" },
	{ "mail.due_in", "：{date} 到期（还有 {days} 天）" },
	{ "mail.last", "，上次 {date}" },
	{ "mail.never", "，尚无记录" },
	{ "mail.signature", "（lb-due，截至 {date}）" },
	{ "mail.digest_intro", "您好！以下是全校留守儿童帮扶工作的落实情况。" },
	{ "mail.digest_head", "截至 {date}，全校共有 {overdue} 项帮扶工作已逾期，{due} 项即将到期。" },
	{ "mail.digest_mentors", "各帮扶教师待办：" },
	{ "mail.digest_counts", "：逾期 {overdue} 项，即将到期 {due} 项" },
	{ "mail.digest_oldest", "最久未落实的帮扶：" },
	{ "mail.digest_none", "（无）" },
	{ "mail.no_mentor", "（未结对帮扶教师）" },
	{ "mail.digest_subject", "留守儿童帮扶汇总：{count} 项待办（截至 {date}）" },
	{ "ics.calendar", "留守儿童帮扶待办" },
	{ "ics.overdue", "【逾期{days}天】" },
	{ "village", "村组" },
	{ "mentor", "帮扶教师" },
	{ "mentor_load", "帮扶人数" },
	{ "unknown", "未填" },
	{ "school", "学校" },
	{ "period", "统计时段" },
	{ "as_of", "统计日期" },
	{ "title", "留守儿童关爱帮扶工作统计" },
	{ "headline", "主要指标" },
	{ "breakdown", "分类统计" },
	{ "by_class", "分班统计" },
	{ "by_mentor", "帮扶教师统计" },
	{ "by_kind", "帮扶落实情况" },
	{ "details", "需跟进名单" },
	{ "no_mentor", "未结对帮扶教师的儿童" },
	{ "no_buddy", "未结对学习帮手的儿童" },
	{ "incomplete_card", "档案不完整的儿童" },
	{ "overdue", "帮扶逾期的儿童" },
	{ "student_id", "学籍号" },
	{ "name", "姓名" },
	{ "note", "说明" },
	{ "capacity", "容量" },
	{ "due", "应完成" },
	{ "on_time", "按时完成" },
	{ "suppressed", "小于此数的人数不予显示" },
	{ "merged", "汇总" },
	/* The contact card (lb-report --cards): its parts, and every field. */
	{ "card_title", "留守儿童联系卡" },
	{ "card_student", "学生信息" },
	{ "card_parents", "父母情况" },
	{ "card_guardian", "监护人情况" },
	{ "card_support", "帮扶情况" },
	{ "card_other", "其他" },
	{ "card_missing", "档案不完整，缺" },
	{ "card_date", "制卡日期" },
	{ "gender", "性别" },
	{ "birth_date", "出生日期" },
	{ "id_card", "身份证号" },
	{ "address", "家庭住址" },
	{ "boarding", "是否寄宿" },
	{ "father_name", "父亲姓名" },
	{ "father_phone", "父亲电话" },
	{ "father_work_place", "父亲务工地点" },
	{ "father_work_province", "父亲务工省份" },
	{ "mother_name", "母亲姓名" },
	{ "mother_phone", "母亲电话" },
	{ "mother_work_place", "母亲务工地点" },
	{ "mother_work_province", "母亲务工省份" },
	{ "parent_visits_per_year", "父母每年回家次数" },
	{ "guardian_name", "监护人姓名" },
	{ "guardian_relation", "与学生关系" },
	{ "guardian_phone", "监护人电话" },
	{ "guardian_age", "监护人年龄" },
	{ "guardian_health", "监护人身体状况" },
	{ "guardian_education", "监护人文化程度" },
	{ "guardian_occupation", "监护人职业" },
	{ "guardian_address", "监护人住址" },
	{ "academic", "学业成绩" },
	{ "vaccination", "疫苗接种" },
	{ "guardian_trained", "监护人参加家教培训" },
	{ "status", "在校状态" },
	{ "enrolled_on", "入档日期" },
	{ "mentor_id", "帮扶教师" },
	{ "buddy_id", "学习帮手" },
	{ "notes", "备注" },
	/* Values in words, where the default policy names none. */
	{ "boarding.yes", "是" },
	{ "boarding.no", "否" },
	{ "guardian_trained.yes", "是" },
	{ "guardian_trained.no", "否" },
	{ "guardian_relation.father", "父亲" },
	{ "guardian_relation.mother", "母亲" },
	{ "guardian_relation.grandfather", "祖父" },
	{ "guardian_relation.grandmother", "祖母" },
	{ "guardian_relation.maternal_grandfather", "外祖父" },
	{ "guardian_relation.maternal_grandmother", "外祖母" },
	{ "guardian_relation.relative", "亲戚" },
	{ "guardian_relation.other", "其他" },
	{ "guardian_education.none", "文盲" },
	{ "guardian_education.primary", "小学" },
	{ "guardian_education.junior", "初中" },
	{ "guardian_education.senior", "高中" },
	{ "guardian_education.college", "大专及以上" },
	{ "guardian_health.good", "良好" },
	{ "guardian_health.fair", "一般" },
	{ "guardian_health.poor", "较差" },
	{ "vaccination.complete", "已完成" },
	{ "vaccination.incomplete", "未完成" },
	{ "status.active", "在读" },
	{ "status.transferred", "转出" },
	{ "status.graduated", "毕业" },
	{ "status.dropped", "辍学" },
	/*
	 * Punctuation and small words between the labels: a policy in
	 * another language replaces them too (e.g. paren_open " (").
	 */
	{ "colon", "：" },
	{ "paren_open", "（" },
	{ "paren_close", "）" },
	{ "comma", "，" },
	{ "list_sep", "、" },
	{ "gap", "　" },
	{ "to", "至" },
	{ "html_lang", "zh-CN" },
	{ NULL, NULL }
};

/* Rate metrics over the active children, in output order. */
static const char *const rate_metrics[] = {
	"archive_rate", "pairing_rate", "buddy_rate", "retention_rate",
	"vaccination_rate", "guardian_training_rate",
	"parents_out_of_province", "raised_by_grandparents",
	"guardian_primary_or_less", "parent_visits_le_2", NULL
};
enum {
	M_ARCHIVE, M_PAIRING, M_BUDDY, M_RETENTION, M_VACCINATION,
	M_TRAINING, M_OUT_OF_PROVINCE, M_GRANDPARENTS, M_PRIMARY,
	M_VISITS, M_NRATES
};

/* Province names, short forms, to compare "安徽" with "安徽省". */
static const char *const provinces[] = {
	"北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江",
	"上海", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北",
	"湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏",
	"陕西", "甘肃", "青海", "宁夏", "新疆", "台湾", "香港", "澳门", NULL
};
static const char *const province_suffixes[] = {
	"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区",
	"省", "市", NULL
};

void
report_init(struct report *r)
{
	memset(r, 0, sizeof(*r));
	r->index = strmap_new();
	r->school = xstrdup("");
	r->period_name = xstrdup("");
	r->from = r->to = r->as_of = DATE_NONE;
}

static void
list_free(struct report_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->item[i].id);
		free(l->item[i].name);
		free(l->item[i].class);
		free(l->item[i].note);
	}
	free(l->item);
	free(l->key);
}

void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->row[i].metric);
		free(r->row[i].group);
		free(r->row[i].detail);
	}
	free(r->row);
	for (i = 0; i < r->nlist; i++)
		list_free(&r->list[i]);
	free(r->list);
	strmap_free(r->index);
	free(r->school);
	free(r->period_name);
	memset(r, 0, sizeof(*r));
}

static char *
row_key(const char *metric, const char *group)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_adds(&sb, metric);
	sbuf_adds(&sb, SEP);
	sbuf_adds(&sb, group);
	return sbuf_detach(&sb);
}

struct report_row *
report_row(struct report *r, const char *metric, const char *group)
{
	char *key = row_key(metric, group);
	long i;

	i = strmap_put(r->index, key, (long)r->n);
	free(key);
	if ((size_t)i < r->n)
		return &r->row[i];
	XGROW(r->row, r->n + 1, r->cap);
	memset(&r->row[r->n], 0, sizeof(r->row[r->n]));
	r->row[r->n].metric = xstrdup(metric);
	r->row[r->n].group = xstrdup(group);
	r->row[r->n].target = -1;
	return &r->row[r->n++];
}

const struct report_row *
report_find(const struct report *r, const char *metric, const char *group)
{
	char *key = row_key(metric, group);
	long i;

	i = strmap_get(r->index, key);
	free(key);
	return i < 0 ? NULL : &r->row[i];
}

void
report_set_targets(struct report *r, const struct policy *p)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		r->row[i].target = policy_target(p, r->row[i].metric);
}

long long
report_hundredths(long long count, long long total)
{
	unsigned long long c, t;

	if (total <= 0 || count < 0)
		return -1;
	/*
	 * 10000 * count / total, half up: (2 * 10000 * count + total) /
	 * (2 * total).  Unsigned, so that a province's counts cannot
	 * overflow before they reach 4.6e14.
	 */
	c = (unsigned long long)count;
	t = (unsigned long long)total;
	return (long long)((20000ULL * c + t) / (2ULL * t));
}

char *
report_percent(long long count, long long total, char *buf, size_t len)
{
	long long h = report_hundredths(count, total);

	if (h < 0)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%lld.%02lld", h / 100, h % 100);
	return buf;
}

int
report_met(const struct report_row *row)
{
	long long h;

	if (row->target < 0)
		return -1;
	if ((h = report_hundredths(row->count, row->total)) < 0)
		return -1;
	return h >= 100LL * row->target;
}

int
report_suppressed(long long v, long suppress)
{
	return suppress > 1 && v >= 1 && v < suppress;
}

char *
report_count_text(long long v, long suppress, char *buf, size_t len)
{
	if (report_suppressed(v, suppress))
		snprintf(buf, len, "<%ld", suppress);
	else
		snprintf(buf, len, "%lld", v);
	return buf;
}

int
report_row_hidden(const struct report_row *row, long suppress)
{
	return report_suppressed(row->count, suppress) ||
	    report_suppressed(row->total, suppress);
}

void
report_province(const char *s, char *out, size_t len)
{
	const char *t;
	size_t n, k, i;

	t = text_trim(s, &n);
	for (i = 0; province_suffixes[i] != NULL; i++) {
		k = strlen(province_suffixes[i]);
		if (n > k && memcmp(t + n - k, province_suffixes[i], k) == 0) {
			n -= k;
			break;
		}
	}
	/* "广东广州" (a work place) and "广东" name the same province. */
	for (i = 0; provinces[i] != NULL; i++) {
		k = strlen(provinces[i]);
		if (n >= k && memcmp(t, provinces[i], k) == 0) {
			snprintf(out, len, "%s", provinces[i]);
			return;
		}
	}
	if (n >= len)
		n = len - 1;
	memcpy(out, t, n);
	out[n] = '\0';
}

const char *
report_label(const struct policy *p, const char *key)
{
	const char *s = policy_label(p, key);
	size_t i;

	if (s != key)
		return s;
	for (i = 0; fallback_labels[i][0] != NULL; i++)
		if (strcmp(fallback_labels[i][0], key) == 0)
			return fallback_labels[i][1];
	return key;
}

void
report_group_text(const struct policy *p, const char *group, int bare,
    char *out, size_t len)
{
	const char *eq = strchr(group, '=');
	const char *value;
	char dim[64], key[256];
	size_t n;

	if (*group == '\0' || eq == NULL) {
		snprintf(out, len, "%s", *group == '\0' ?
		    report_label(p, "all") : group);
		return;
	}
	n = (size_t)(eq - group);
	if (n >= sizeof(dim))
		n = sizeof(dim) - 1;
	memcpy(dim, group, n);
	dim[n] = '\0';
	snprintf(key, sizeof(key), "%s", group);
	key[n] = '.';
	value = policy_label(p, key);
	if (value == key && strcmp(dim, "kind") == 0 &&
	    policy_contact(p, eq + 1) != NULL)
		value = policy_contact(p, eq + 1)->label;
	if (value == key)
		value = eq[1] == '\0' ? report_label(p, "unknown") : eq + 1;
	if (bare)
		snprintf(out, len, "%s", value);
	else
		snprintf(out, len, "%s %s", report_label(p, dim), value);
}

/*
 * Computing.  A tally counts, per group value of one dimension, count
 * out of total, remembering the IDs behind each group for --detail.
 */
struct tally {
	char **value;
	long long *count, *total;
	struct sbuf *ids;
	size_t n, cap;
	struct strmap *index;
};

static void
tally_init(struct tally *t)
{
	memset(t, 0, sizeof(*t));
	t->index = strmap_new();
}

static void
tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->value[i]);
		sbuf_release(&t->ids[i]);
	}
	free(t->value);
	free(t->count);
	free(t->total);
	free(t->ids);
	strmap_free(t->index);
}

static size_t
tally_slot(struct tally *t, const char *value)
{
	long i = strmap_put(t->index, value, (long)t->n);
	size_t cap;

	if ((size_t)i < t->n)
		return (size_t)i;
	cap = t->cap;
	XGROW(t->value, t->n + 1, cap);
	cap = t->cap;
	XGROW(t->count, t->n + 1, cap);
	cap = t->cap;
	XGROW(t->total, t->n + 1, cap);
	XGROW(t->ids, t->n + 1, t->cap);
	t->value[t->n] = xstrdup(value);
	t->count[t->n] = t->total[t->n] = 0;
	sbuf_init(&t->ids[t->n]);
	return t->n++;
}

/* Count one child in the group value: in total, and in count if hit. */
static void
tally_add(struct tally *t, const char *value, int hit, const char *id,
    int id_when_hit)
{
	size_t i = tally_slot(t, value);
	struct sbuf *ids = &t->ids[i];

	t->total[i]++;
	if (hit)
		t->count[i]++;
	if (id != NULL && (hit != 0) == (id_when_hit != 0)) {
		if (ids->len > 0)
			sbuf_addc(ids, ';');
		sbuf_adds(ids, id);
	}
}

static const struct tally *sort_tally;

static int
cmp_slot(const void *x, const void *y)
{
	const char *a = sort_tally->value[*(const size_t *)x];
	const char *b = sort_tally->value[*(const size_t *)y];

	/* The empty ("not filled in") group goes last; the others in
	 * natural order, names (villages) in the locale's (pinyin). */
	if (*a == '\0' || *b == '\0')
		return (*a == '\0') - (*b == '\0');
	return i18n_namecmp(a, b);
}

/*
 * Emit the tally's groups as rows of metric: for a domain, every
 * canonical value first in the domain's order (also when 0, so that
 * merged reports line up), then any other values in natural order, the
 * empty one last.  whole_total >= 0 is every group's total (children
 * and mentor_load); else each group's own.
 */
#define IN_ORDER DOM_COUNT	/* tally_emit(): keep the order groups came in */

static void
tally_emit(struct report *r, const char *metric, const char *dim,
    struct tally *t, enum domain dom, long long whole_total, int detail)
{
	const char *const *order = NULL;
	struct report_row *row;
	struct sbuf group = SBUF_INIT;
	size_t *slots, i, m = 0, n;

	if (dom != DOM_NONE && dom != IN_ORDER) {
		order = schema_domain_values(dom);
		for (m = 0; order[m] != NULL; m++)
			(void)tally_slot(t, order[m]);
	}
	slots = xreallocarray(NULL, t->n + 1, sizeof(*slots));
	/* tally_slot() put the canonical values at 0..m-1 unless seen before. */
	for (i = 0; i < m; i++)
		slots[i] = (size_t)strmap_get(t->index, order[i]);
	n = m;
	for (i = 0; i < t->n; i++)
		if (order == NULL || !schema_domain_has(dom, t->value[i]))
			slots[n++] = i;
	sort_tally = t;
	if (dom != IN_ORDER)
		qsort(slots + m, n - m, sizeof(*slots), cmp_slot);
	for (i = 0; i < n; i++) {
		size_t s = slots[i];

		sbuf_reset(&group);
		sbuf_printf(&group, "%s=%s", dim, t->value[s]);
		row = report_row(r, metric, group.buf);
		row->count += t->count[s];
		row->total += whole_total >= 0 ? whole_total : t->total[s];
		if (detail) {
			free(row->detail);
			row->detail = xstrdup(t->ids[s].buf);
		}
	}
	free(slots);
	sbuf_release(&group);
}

static struct report_list *
add_list(struct report *r, const char *key)
{
	r->list = xreallocarray(r->list, r->nlist + 1, sizeof(*r->list));
	memset(&r->list[r->nlist], 0, sizeof(r->list[r->nlist]));
	r->list[r->nlist].key = xstrdup(key);
	return &r->list[r->nlist++];
}

static void
list_add(struct report_list *l, const char *id, const char *name,
    const char *class, const char *note)
{
	XGROW(l->item, l->n + 1, l->cap);
	l->item[l->n].id = xstrdup(id);
	l->item[l->n].name = xstrdup(name);
	l->item[l->n].class = xstrdup(class);
	l->item[l->n].note = xstrdup(note);
	l->n++;
}

static int
cmp_item(const void *x, const void *y)
{
	const struct report_item *a = x, *b = y;
	int c;

	if ((c = i18n_namecmp(a->class, b->class)) != 0)
		return c;
	if ((c = i18n_namecmp(a->name, b->name)) != 0)
		return c;
	return strcmp(a->id, b->id);
}

/*
 * A name list in the order a teacher reads it: by class, then by name
 * in the locale's collation (pinyin under zh_CN.UTF-8), then by ID.
 */
static void
list_sort(struct report_list *l)
{
	if (l != NULL && l->n > 1)
		qsort(l->item, l->n, sizeof(*l->item), cmp_item);
}

/* The canonical value of v in domain d, else v trimmed (copied into buf). */
static const char *
canon(const struct policy *p, enum domain d, const char *v, char *buf,
    size_t len)
{
	const char *c, *t;
	size_t n;
	int err = 0;

	t = text_trim(v, &n);
	if (n == 0)
		return "";
	if ((c = policy_value(p, d, v, &err)) != NULL)
		return c;
	if (n >= len)
		n = len - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

static int
is_grandparent(const char *rel)
{
	return strcmp(rel, "grandfather") == 0 ||
	    strcmp(rel, "grandmother") == 0 ||
	    strcmp(rel, "maternal_grandfather") == 0 ||
	    strcmp(rel, "maternal_grandmother") == 0;
}

/*
 * A parent's province: the province column, else the work place when it
 * starts with a province's name ("广东广州某服装厂"); "" when unknown.
 */
static void
parent_province(const char *province, const char *place, char *out,
    size_t len)
{
	size_t i;

	if (!text_blank(province)) {
		report_province(province, out, len);
		return;
	}
	report_province(place, out, len);
	for (i = 0; provinces[i] != NULL; i++)
		if (strcmp(out, provinces[i]) == 0)
			return;
	out[0] = '\0';
}

/* A whole number 0..999 (parent_visits_per_year), or -1. */
static long
small_number(const char *s)
{
	const char *t;
	size_t n, i;
	long v = 0;

	t = text_trim(s, &n);
	if (n == 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)t[i]))
			return -1;
		v = v * 10 + (t[i] - '0');
	}
	return v;
}

/* Copy v trimmed into buf. */
static const char *
trimmed(const char *v, char *buf, size_t len)
{
	size_t n;
	const char *t = text_trim(v, &n);

	if (n >= len)
		n = len - 1;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

/* The breakdowns of children, and the groupings of every rate. */
enum { D_LEFT_BEHIND, D_ATTENTION, D_GENDER, D_GRADE, D_CLASS, D_VILLAGE,
	D_N };
static const char *const dims[D_N] = {
	"left_behind", "attention", "gender", "grade", "class", "village"
};
static const enum domain dim_domain[D_N] = {
	DOM_LEFT_BEHIND, DOM_ATTENTION, DOM_GENDER, DOM_NONE, DOM_NONE,
	DOM_NONE
};

struct compute {
	struct tally dim[D_N], hardship, load;
	struct tally rate[M_NRATES][3];		/* whole, by grade, by class */
	struct report_list *incomplete, *no_mentor, *no_buddy;
	long long nactive;
};

/* Count one child in rate k: in its total, and its count when hit. */
static void
rate_add(struct compute *cp, int k, int hit, const char *id,
    const char *grade, const char *class)
{
	tally_add(&cp->rate[k][0], "", hit, id, 0);
	tally_add(&cp->rate[k][1], grade, hit, id, 0);
	tally_add(&cp->rate[k][2], class, hit, id, 0);
}

/* The labels of the card fields empty in v, joined by list_sep. */
static void
missing_labels(const struct policy *p, const char *const *v,
    struct sbuf *out)
{
	size_t i;

	for (i = 0; i < p->ncard_fields; i++) {
		if (*v[p->card_fields[i]] != '\0')
			continue;
		if (out->len > 0)
			sbuf_adds(out, report_label(p, "list_sep"));
		sbuf_adds(out, report_label(p, schema_col_name(FK_ROSTER,
		    p->card_fields[i])));
	}
}

/* One active child: every breakdown and rate. */
static void
count_child(struct compute *cp, const struct policy *p, const char **v,
    const char *school_prov, const char *grade, const char *class)
{
	char lb[64], att[64], gender[64], rel[64], edu[64], vac[64],
	    trained[64], village[256], prov[128], item[128], cb[128];
	const char *id = v[RC_STUDENT_ID], *s, *e, *value[D_N];
	struct sbuf missing = SBUF_INIT;
	int hit[M_NRATES], in[M_NRATES], k;
	long visits;
	size_t n;

	cp->nactive++;
	value[D_LEFT_BEHIND] = canon(p, DOM_LEFT_BEHIND, v[RC_LEFT_BEHIND],
	    lb, sizeof(lb));
	value[D_ATTENTION] = canon(p, DOM_ATTENTION, v[RC_ATTENTION], att,
	    sizeof(att));
	value[D_GENDER] = canon(p, DOM_GENDER, v[RC_GENDER], gender,
	    sizeof(gender));
	value[D_GRADE] = grade;
	value[D_CLASS] = class;
	value[D_VILLAGE] = trimmed(v[RC_VILLAGE], village, sizeof(village));
	for (k = 0; k < D_N; k++)
		tally_add(&cp->dim[k], value[k], 1, id, 1);
	/* A child with two hardships counts in both groups. */
	for (s = v[RC_HARDSHIP]; *s != '\0'; s = e == NULL ? s + n : e + 1) {
		e = strchr(s, ';');
		n = e == NULL ? strlen(s) : (size_t)(e - s);
		snprintf(item, sizeof(item), "%.*s", (int)n, s);
		if (!text_blank(item))
			tally_add(&cp->hardship, canon(p, DOM_HARDSHIP, item,
			    cb, sizeof(cb)), 1, id, 1);
	}

	for (k = 0; k < M_NRATES; k++)
		in[k] = 1, hit[k] = 0;
	hit[M_ARCHIVE] = card_missing(p, (char *const *)v, &missing) == 0;
	hit[M_PAIRING] = !text_blank(v[RC_MENTOR_ID]);
	hit[M_BUDDY] = !text_blank(v[RC_BUDDY_ID]);
	hit[M_RETENTION] = 1;
	hit[M_VACCINATION] = strcmp(canon(p, DOM_VACCINATION,
	    v[RC_VACCINATION], vac, sizeof(vac)), "complete") == 0;
	hit[M_TRAINING] = strcmp(canon(p, DOM_YESNO, v[RC_GUARDIAN_TRAINED],
	    trained, sizeof(trained)), "yes") == 0;
	in[M_OUT_OF_PROVINCE] = *school_prov != '\0' &&
	    (strcmp(value[D_LEFT_BEHIND], "both") == 0 ||
	    strcmp(value[D_LEFT_BEHIND], "one") == 0);
	if (in[M_OUT_OF_PROVINCE]) {
		parent_province(v[RC_FATHER_WORK_PROVINCE],
		    v[RC_FATHER_WORK_PLACE], prov, sizeof(prov));
		hit[M_OUT_OF_PROVINCE] = *prov != '\0' &&
		    strcmp(prov, school_prov) != 0;
		parent_province(v[RC_MOTHER_WORK_PROVINCE],
		    v[RC_MOTHER_WORK_PLACE], prov, sizeof(prov));
		hit[M_OUT_OF_PROVINCE] |= *prov != '\0' &&
		    strcmp(prov, school_prov) != 0;
	}
	hit[M_GRANDPARENTS] = is_grandparent(canon(p, DOM_RELATION,
	    v[RC_GUARDIAN_RELATION], rel, sizeof(rel)));
	s = canon(p, DOM_EDUCATION, v[RC_GUARDIAN_EDUCATION], edu, sizeof(edu));
	in[M_PRIMARY] = schema_domain_has(DOM_EDUCATION, s);
	hit[M_PRIMARY] = strcmp(s, "none") == 0 || strcmp(s, "primary") == 0;
	visits = small_number(v[RC_PARENT_VISITS_PER_YEAR]);
	in[M_VISITS] = visits >= 0;
	hit[M_VISITS] = visits >= 0 && visits <= 2;
	for (k = 0; k < M_NRATES; k++)
		if (in[k])
			rate_add(cp, k, hit[k], id, grade, class);

	if (hit[M_PAIRING])
		tally_add(&cp->load, trimmed(v[RC_MENTOR_ID], item,
		    sizeof(item)), 1, id, 1);
	if (cp->incomplete != NULL) {
		if (!hit[M_ARCHIVE]) {
			/* The note names the missing fields in words. */
			sbuf_reset(&missing);
			missing_labels(p, v, &missing);
			list_add(cp->incomplete, id, v[RC_NAME], class,
			    missing.buf);
		}
		if (!hit[M_PAIRING])
			list_add(cp->no_mentor, id, v[RC_NAME], class, "");
		if (!hit[M_BUDDY])
			list_add(cp->no_buddy, id, v[RC_NAME], class, "");
	}
	sbuf_release(&missing);
}

/* The canonical columns of row i (empty where the roster lacks one). */
static void
row_values(const struct table *t, size_t i, const char **v)
{
	int k;

	for (k = 0; k < RC_COUNT; k++)
		v[k] = table_get(t, i, k);
}

int
report_compute(struct report *r, const struct policy *p,
    const struct table *roster, const struct report_opts *o)
{
	static const char *const by[] = { "grade", "class" };
	struct compute cp;
	struct report_row *row;
	struct sbuf ids = SBUF_INIT;
	const char *v[RC_COUNT], *status;
	char school_prov[128], sbuf_[64], grade[256], class[256];
	size_t i, j;
	int k, w, ret = 0;

	memset(&cp, 0, sizeof(cp));
	for (k = 0; k < D_N; k++)
		tally_init(&cp.dim[k]);
	tally_init(&cp.hardship);
	tally_init(&cp.load);
	for (k = 0; k < M_NRATES; k++)
		for (j = 0; j < 3; j++)
			tally_init(&cp.rate[k][j]);
	report_province(p->school_province, school_prov, sizeof(school_prov));
	if (o->detail) {
		/* add_list() moves the lists: take pointers after. */
		(void)add_list(r, "incomplete_card");
		(void)add_list(r, "no_mentor");
		(void)add_list(r, "no_buddy");
		cp.incomplete = &r->list[r->nlist - 3];
		cp.no_mentor = &r->list[r->nlist - 2];
		cp.no_buddy = &r->list[r->nlist - 1];
	}

	for (i = 0; i < roster->nrows; i++) {
		if (o->where != NULL) {
			w = where_eval(o->where,
			    (const char *const *)roster->rows[i]);
			if (w < 0) {
				diag_error(roster->name, roster->lines[i], 0,
				    _("pattern of --where '%s' hit its match "
				    "limit"), where_text(o->where));
				ret = -1;
				goto out;
			}
			if (w == 0)
				continue;
		}
		row_values(roster, i, v);
		trimmed(v[RC_GRADE], grade, sizeof(grade));
		trimmed(v[RC_CLASS], class, sizeof(class));
		status = canon(p, DOM_STATUS, v[RC_STATUS], sbuf_,
		    sizeof(sbuf_));
		if (*status == '\0')
			status = "active";
		if (!schema_domain_has(DOM_STATUS, status)) {
			diag_warn(roster->name, roster->lines[i], 0,
			    _("unknown status '%s' (expected one of active, "
			    "transferred, graduated, dropped): child left out"),
			    status);
			continue;
		}
		/* 巩固率: transferred and graduated children are no losses. */
		if (strcmp(status, "dropped") == 0)
			rate_add(&cp, M_RETENTION, 0, v[RC_STUDENT_ID], grade,
			    class);
		else if (strcmp(status, "active") == 0)
			count_child(&cp, p, v, school_prov, grade, class);
	}

	row = report_row(r, "children", "");
	row->count += cp.nactive;
	row->total += cp.nactive;
	if (o->detail) {
		for (j = 0; j < cp.dim[D_CLASS].n; j++) {
			if (ids.len > 0 && cp.dim[D_CLASS].ids[j].len > 0)
				sbuf_addc(&ids, ';');
			sbuf_adds(&ids, cp.dim[D_CLASS].ids[j].buf);
		}
		free(row->detail);
		row->detail = sbuf_detach(&ids);
	}
	for (k = 0; k < D_N; k++)
		tally_emit(r, "children", dims[k], &cp.dim[k], dim_domain[k],
		    cp.nactive, o->detail);
	tally_emit(r, "children", "hardship", &cp.hardship, DOM_HARDSHIP,
	    cp.nactive, o->detail);
	for (k = 0; k < M_NRATES; k++) {
		/* Without the school's province there is nothing to compare. */
		if (k == M_OUT_OF_PROVINCE && *school_prov == '\0') {
			diag_warn(NULL, 0, 0, _("metric "
			    "'parents_out_of_province' left out (the policy "
			    "names no school.province)"));
			continue;
		}
		row = report_row(r, rate_metrics[k], "");
		if (cp.rate[k][0].n > 0) {
			row->count += cp.rate[k][0].count[0];
			row->total += cp.rate[k][0].total[0];
		}
		if (o->detail) {
			free(row->detail);
			row->detail = xstrdup(cp.rate[k][0].n > 0 ?
			    cp.rate[k][0].ids[0].buf : "");
		}
		for (j = 0; j < 2; j++)
			tally_emit(r, rate_metrics[k], by[j], &cp.rate[k][j + 1],
			    DOM_NONE, -1, o->detail);
	}
	tally_emit(r, "mentor_load", "mentor", &cp.load, DOM_NONE,
	    p->pairing.max_mentees, o->detail);
	list_sort(cp.incomplete);
	list_sort(cp.no_mentor);
	list_sort(cp.no_buddy);
	report_set_targets(r, p);
out:
	for (k = 0; k < D_N; k++)
		tally_free(&cp.dim[k]);
	tally_free(&cp.hardship);
	tally_free(&cp.load);
	for (k = 0; k < M_NRATES; k++)
		for (j = 0; j < 3; j++)
			tally_free(&cp.rate[k][j]);
	sbuf_release(&ids);
	return ret;
}

/* Compliance. */

/* The child's facts for the engine. */
static void
cadence_facts(const struct policy *p, const char **v,
    struct cadence_child *ch)
{
	const char *const *att = schema_domain_values(DOM_ATTENTION);
	char buf[64];
	const char *a;
	int k;

	if (date_parse(v[RC_ENROLLED_ON], &ch->enrolled_on) != 0)
		ch->enrolled_on = DATE_NONE;
	if (date_parse(v[RC_BIRTH_DATE], &ch->birth) != 0)
		ch->birth = DATE_NONE;
	ch->attention = 0;
	a = canon(p, DOM_ATTENTION, v[RC_ATTENTION], buf, sizeof(buf));
	for (k = 0; att[k] != NULL; k++)
		if (strcmp(att[k], a) == 0)
			ch->attention = k;
}

/* Whether a contact kind has any schedule (else nothing is ever due). */
static int
scheduled(const struct contact *ct)
{
	return ct->every.n > 0 || ct->checkpoints != 0 || ct->per_term > 0 ||
	    ct->on_birthday;
}

/* The kind of a log value: the kind itself, or its policy label. */
static int
log_kind(const struct policy *p, const struct cadence *c, const char *v)
{
	char buf[128];
	size_t i;
	int k;

	trimmed(v, buf, sizeof(buf));
	if ((k = cadence_kind(c, buf)) >= 0)
		return k;
	for (i = 0; i < p->ncontacts; i++)
		if (strcmp(p->contacts[i].label, buf) == 0)
			return cadence_kind(c, p->contacts[i].kind);
	return -1;
}

/* Read the log, feeding the engine. */
static int
feed_log(struct cadence *c, const struct policy *p, const char *path,
    const struct csvio_opts *copts, const struct strmap *row_of, int *code)
{
	struct csvio_reader *in;
	const struct csvio_row *h, *row;
	const char *name;
	char id[128];
	int col[LC_COUNT], k, rc;
	long child;
	date_t day;

	if ((in = csvio_open(path, copts, code)) == NULL)
		return -1;
	name = csvio_name(in);
	h = csvio_header(in);
	if (table_map_header(name, h, FK_LOG, p, NULL, col, NULL) != 0) {
		*code = LB_DATAERR;
		csvio_close(in);
		return -1;
	}
	while ((rc = csvio_next(in, &row)) == 1) {
		trimmed(row->v[col[LC_STUDENT_ID]], id, sizeof(id));
		if ((child = strmap_get(row_of, id)) < 0)
			continue;
		if (date_parse(row->v[col[LC_DATE]], &day) != 0) {
			diag_error(name, row->line, col[LC_DATE] + 1, _("bad "
			    "date '%s' (expected YYYY-MM-DD)"),
			    row->v[col[LC_DATE]]);
			*code = LB_DATAERR;
			csvio_close(in);
			return -1;
		}
		if ((k = log_kind(p, c, row->v[col[LC_KIND]])) < 0) {
			diag_error(name, row->line, col[LC_KIND] + 1,
			    _("unknown kind '%s' (expected one of the policy's "
			    "contacts)"), row->v[col[LC_KIND]]);
			*code = LB_DATAERR;
			csvio_close(in);
			return -1;
		}
		(void)cadence_record(c, (size_t)child, k, day);
	}
	if (rc < 0) {
		*code = csvio_code(in);
		csvio_close(in);
		return -1;
	}
	csvio_close(in);
	return 0;
}

int
report_compliance(struct report *r, const struct policy *p,
    const struct table *roster, const struct report_opts *o,
    const char *log_path, const struct csvio_opts *copts, date_t from,
    date_t to, int *code)
{
	struct cadence *c;
	struct cadence_child ch;
	struct strmap *row_of = strmap_new();
	struct tally whole, kind, class, mentor;
	struct report_list *overdue = NULL;
	struct report_row *row;
	struct sbuf note = SBUF_INIT;
	const char *v[RC_COUNT], *status;
	char sbuf_[64], id[128], cls[256], men[128];
	unsigned char *counted;
	size_t i, nk;
	int k, w, ret = -1;
	long due, on_time;

	c = cadence_new_period(p, from, to, roster->nrows);
	counted = xcalloc(roster->nrows + 1, 1);
	nk = cadence_nkinds(c);
	tally_init(&whole);
	tally_init(&kind);
	tally_init(&class);
	tally_init(&mentor);
	for (i = 0; i < roster->nrows; i++) {
		if (o->where != NULL) {
			w = where_eval(o->where,
			    (const char *const *)roster->rows[i]);
			if (w < 0) {
				diag_error(roster->name, roster->lines[i], 0,
				    _("pattern of --where '%s' hit its match "
				    "limit"), where_text(o->where));
				*code = LB_DATAERR;
				goto out;
			}
			if (w == 0)
				continue;
		}
		row_values(roster, i, v);
		status = canon(p, DOM_STATUS, v[RC_STATUS], sbuf_,
		    sizeof(sbuf_));
		if (*status != '\0' && strcmp(status, "active") != 0)
			continue;
		cadence_facts(p, v, &ch);
		cadence_set_child(c, i, &ch);
		(void)strmap_put(row_of, trimmed(v[RC_STUDENT_ID], id,
		    sizeof(id)), (long)i);
		counted[i] = 1;
	}
	if (feed_log(c, p, log_path, copts, row_of, code) != 0)
		goto out;

	if (o->detail)
		overdue = add_list(r, "overdue");
	for (k = 0; (size_t)k < nk; k++)
		if (scheduled(&p->contacts[k]))
			(void)tally_slot(&kind, p->contacts[k].kind);
	/* One tally entry per contact, so a figure counts contacts. */
	for (i = 0; i < roster->nrows; i++) {
		long cdue = 0, con = 0;

		if (!counted[i])
			continue;
		row_values(roster, i, v);
		trimmed(v[RC_STUDENT_ID], id, sizeof(id));
		trimmed(v[RC_CLASS], cls, sizeof(cls));
		trimmed(v[RC_MENTOR_ID], men, sizeof(men));
		sbuf_reset(&note);
		for (k = 0; (size_t)k < nk; k++) {
			long j;

			if (!scheduled(&p->contacts[k]))
				continue;
			due = on_time = 0;
			cadence_compliance(c, i, k, &due, &on_time);
			for (j = 0; j < due; j++) {
				int hit = j < on_time;
				/* Each child's ID once per figure. */
				const char *kid = j == on_time ? id : NULL;
				const char *wid = kid != NULL && con == cdue ?
				    id : NULL;

				tally_add(&whole, "", hit, wid, 0);
				tally_add(&kind, p->contacts[k].kind, hit, kid,
				    0);
				tally_add(&class, cls, hit, wid, 0);
				if (*men != '\0')
					tally_add(&mentor, men, hit, wid, 0);
			}
			if (on_time < due)
				sbuf_printf(&note, "%s%s %ld/%ld",
				    note.len > 0 ? report_label(p, "list_sep") :
				    "",
				    p->contacts[k].label, on_time, due);
			cdue += due;
			con += on_time;
		}
		if (overdue != NULL && con < cdue)
			list_add(overdue, id, v[RC_NAME], cls, note.buf);
	}
	/* The same ID once per figure even when it missed several. */
	row = report_row(r, "compliance", "");
	if (whole.n > 0) {
		row->count += whole.count[0];
		row->total += whole.total[0];
	}
	if (o->detail) {
		free(row->detail);
		row->detail = xstrdup(whole.n > 0 ? whole.ids[0].buf : "");
	}
	tally_emit(r, "compliance", "kind", &kind, IN_ORDER, -1, o->detail);
	tally_emit(r, "compliance", "class", &class, DOM_NONE, -1, o->detail);
	tally_emit(r, "compliance", "mentor", &mentor, DOM_NONE, -1,
	    o->detail);
	r->has_compliance = 1;
	list_sort(overdue);
	report_set_targets(r, p);
	ret = 0;
out:
	tally_free(&whole);
	tally_free(&kind);
	tally_free(&class);
	tally_free(&mentor);
	sbuf_release(&note);
	strmap_free(row_of);
	free(counted);
	cadence_free(c);
	return ret;
}

/* Merging. */

/* A whole number of at most 15 digits, or -1. */
static long long
whole_number(const char *s)
{
	long long v = 0;
	size_t i;

	if (*s == '\0' || strlen(s) > 15)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
metric_word(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
		    *s == '_'))
			return 0;
	return 1;
}

int
report_merge_file(struct report *r, const char *path,
    const struct csvio_opts *opts, int *code)
{
	struct csvio_reader *in;
	const struct csvio_row *h, *row;
	struct report_row *out;
	const char *name;
	long long count, total;
	size_t i;
	int rc, k;

	if ((in = csvio_open(path, opts, code)) == NULL)
		return -1;
	name = csvio_name(in);
	h = csvio_header(in);
	for (i = 0; i < 7 && i < h->n; i++)
		if (strcmp(h->v[i], csv_header[i]) != 0)
			break;
	if (i < 7 || h->n > 8 || (h->n == 8 && strcmp(h->v[7], "detail") != 0)) {
		diag_error(name, h->line, 0, _("not a report of lb-report "
		    "(expected the header 'metric,group,count,total,percent,"
		    "target,met')"));
		goto bad;
	}
	while ((rc = csvio_next(in, &row)) == 1) {
		if (!metric_word(row->v[0])) {
			diag_error(name, row->line, 1, _("bad metric name '%s' "
			    "(expected a word of a-z, 0-9 and _)"), row->v[0]);
			goto bad;
		}
		for (k = 2; k <= 3; k++) {
			if (row->v[k][0] == '<') {
				diag_error(name, row->line, k + 1,
				    _("suppressed %s '%s' cannot be summed "
				    "(merge the reports made without "
				    "--suppress)"), csv_header[k], row->v[k]);
				goto bad;
			}
			if (whole_number(row->v[k]) < 0) {
				diag_error(name, row->line, k + 1,
				    _("bad %s '%s' (expected a whole number)"),
				    csv_header[k], row->v[k]);
				goto bad;
			}
		}
		count = whole_number(row->v[2]);
		total = whole_number(row->v[3]);
		if (count > total && strcmp(row->v[0], "mentor_load") != 0) {
			diag_error(name, row->line, 3, _("count %lld is above "
			    "its total %lld"), count, total);
			goto bad;
		}
		out = report_row(r, row->v[0], row->v[1]);
		out->count += count;
		if (strcmp(out->metric, "mentor_load") != 0)
			out->total += total;
		else if (total > out->total)
			out->total = total;
	}
	if (rc < 0) {
		*code = csvio_code(in);
		csvio_close(in);
		return -1;
	}
	csvio_close(in);
	return 0;
bad:
	*code = LB_DATAERR;
	csvio_close(in);
	return -1;
}

void
report_merge_finish(struct report *r, const struct policy *p)
{
	const struct report_row *whole = report_find(r, "children", "");
	size_t i;

	for (i = 0; whole != NULL && i < r->n; i++)
		if (strcmp(r->row[i].metric, "children") == 0)
			r->row[i].total = whole->count;
	report_set_targets(r, p);
}

void
report_write_csv(const struct report *r, FILE *f, int flags, long suppress,
    int detail)
{
	struct emit_opts o = { 0, flags, NULL };

	(void)report_emit(r, f, &o, suppress, detail);
}

int
report_emit(const struct report *r, FILE *f, const struct emit_opts *o,
    long suppress, int detail)
{
	struct emit *e;
	char count[32], total[32], pct[32], target[16];
	const char *v[8];
	size_t i;
	int met;

	if ((e = emit_new(f, o, report_csv_ncols(detail), csv_header)) == NULL)
		return -1;
	for (i = 0; i < r->n; i++) {
		const struct report_row *row = &r->row[i];
		int hidden = report_row_hidden(row, suppress);

		met = report_met(row);
		report_count_text(row->count, suppress, count, sizeof(count));
		report_count_text(row->total, suppress, total, sizeof(total));
		if (hidden)
			pct[0] = '\0';
		else
			report_percent(row->count, row->total, pct, sizeof(pct));
		if (row->target >= 0)
			snprintf(target, sizeof(target), "%d", row->target);
		else
			target[0] = '\0';
		v[0] = row->metric;
		v[1] = row->group;
		v[2] = count;
		v[3] = total;
		v[4] = pct;
		v[5] = target;
		v[6] = hidden || met < 0 ? "" : met ? "yes" : "no";
		v[7] = row->detail != NULL ? row->detail : "";
		emit_row(e, v);
	}
	emit_end(e);
	return 0;
}

const char *const *
report_csv_cols(void)
{
	return csv_header;
}

size_t
report_csv_ncols(int detail)
{
	return detail ? 8 : 7;
}

void
report_value_text(const struct policy *p, int col, const char *v,
    struct sbuf *out)
{
	const char *s, *end, *word;
	char key[256];
	size_t n;

	if (col < 0 || col >= RC_COUNT ||
	    schema_col_domain(FK_ROSTER, (size_t)col) == DOM_NONE) {
		sbuf_adds(out, v);
		return;
	}
	/* A list (hardship) is shown item by item. */
	for (s = v, n = 0; *s != '\0'; s = *end != '\0' ? end + 1 : end) {
		end = s + strcspn(s, ";");
		snprintf(key, sizeof(key), "%s.%.*s",
		    schema_col_name(FK_ROSTER, (size_t)col), (int)(end - s), s);
		word = report_label(p, key);
		if (n++ > 0)
			sbuf_adds(out, report_label(p, "list_sep"));
		if (word == key)
			sbuf_add(out, s, (size_t)(end - s));
		else
			sbuf_adds(out, word);
	}
}
