/* test_report.c: percent arithmetic, suppression, provinces, merging and escaping of lib/report and lib/render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "render.h"
#include "emit.h"
#include "report.h"
#include "tap.h"

static void
pct(long long c, long long t, const char *want)
{
	char buf[32];

	is_str(report_percent(c, t, buf, sizeof(buf)), want,
	    "percent %lld/%lld", c, t);
}

int
main(void)
{
	struct report r;
	struct report_row *row, x;
	struct policy *p;
	char buf[256];
	FILE *f;
	int code = 0;

	pct(1, 3, "33.33");
	pct(2, 3, "66.67");
	pct(1, 8, "12.50");
	pct(1, 32, "3.13");		/* 3.125: half up */
	pct(1, 64, "1.56");		/* 1.5625 */
	pct(1, 160000, "0.00");
	pct(1, 80000, "0.00");		/* 0.00125 */
	pct(1, 20000, "0.01");		/* 0.005: half up */
	pct(0, 5, "0.00");
	pct(5, 5, "100.00");
	pct(3, 0, "");
	pct(123456789012LL, 200000000000LL, "61.73");
	is_int(report_hundredths(9, 0), -1, "no total: no percent");

	memset(&x, 0, sizeof(x));
	x.metric = (char *)"compliance";
	x.count = 18999;
	x.total = 20000;		/* 94.995 -> 95.00 */
	x.target = 95;
	is_int(report_met(&x), 1, "met compares the percent as written");
	x.count = 18998;
	is_int(report_met(&x), 0, "94.99 misses 95");
	x.target = -1;
	is_int(report_met(&x), -1, "no target: no met");
	is_int(report_row_hundredths(&x), 9499, "a share: its percent");
	x.metric = (char *)"overdue";
	is_int(report_row_hundredths(&x), -1,
	    "overdue is a number of items, not a share: no percent");
	x.target = 95;
	is_int(report_met(&x), -1, "nor met");

	ok(report_suppressed(1, 5) && report_suppressed(4, 5), "1..4 < 5");
	ok(!report_suppressed(0, 5) && !report_suppressed(5, 5), "0, 5 shown");
	ok(!report_suppressed(1, 0) && !report_suppressed(1, 1), "0/1: none");
	is_str(report_count_text(3, 5, buf, sizeof(buf)), "<5", "<5 text");

	report_province("安徽省", buf, sizeof(buf));
	is_str(buf, "安徽", "province suffix");
	report_province(" 广西壮族自治区", buf, sizeof(buf));
	is_str(buf, "广西", "autonomous region");
	report_province("上海市", buf, sizeof(buf));
	is_str(buf, "上海", "city");
	report_province("广东广州某厂", buf, sizeof(buf));
	is_str(buf, "广东", "work place start");

	p = policy_load(NULL, &code);
	ok(p != NULL, "default policy");
	report_init(&r);
	row = report_row(&r, "archive_rate", "");
	row->count = 3;
	row->total = 4;
	row = report_row(&r, "archive_rate", "");
	row->count += 1;
	row->total += 2;
	is_int(r.n, 1, "same metric and group: one row");
	report_set_targets(&r, p);
	is_int(r.row[0].target, 100, "target from the policy");
	ok(report_find(&r, "archive_rate", "x=y") == NULL, "find absent");
	is_str(policy_label(p, "archive_rate"), "建档率", "label");
	is_str(policy_label(p, "village"), "村组", "fallback label");
	report_group_text(NULL, p, "left_behind=both", 0, buf, sizeof(buf));
	is_str(buf, "留守类型 完全留守", "group text");
	report_group_text(NULL, p, "kind=talk", 1, buf, sizeof(buf));
	is_str(buf, "谈心", "kind by its contact label");
	report_group_text(NULL, p, "", 0, buf, sizeof(buf));
	is_str(buf, "合计", "whole");

	f = tmpfile();
	render_html_text(f, "<a href=\"x\">&'");
	rewind(f);
	memset(buf, 0, sizeof(buf));
	(void)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	is_str(buf, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;", "html escaping");

	f = tmpfile();
	(void)report_emit(&r, f, &(struct emit_opts){ .table = 0 }, 0, 0);
	rewind(f);
	memset(buf, 0, sizeof(buf));
	(void)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	is_str(buf, "metric,group,count,total,percent,target,met,school\n"
	    "archive_rate,,4,6,66.67,100,no,\n", "csv");

	report_free(&r);
	policy_free(p);
	return done_testing();
}
