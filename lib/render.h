/* render.h: a report for people: terminal table, Markdown, printable HTML. */
#ifndef LB_RENDER_H
#define LB_RENDER_H

#include <stddef.h>
#include <stdio.h>

struct policy;
struct report;

struct render_opts {
	long suppress;		/* counts 1..suppress-1 shown as "<suppress" */
	int detail;		/* add the report's name lists */
	size_t width;		/* terminal width for tables, 0 = no limit */
};

/*
 * The report in sections, each a titled table: headline figures against
 * targets, breakdowns of the children, per class, per mentor, compliance
 * per kind (when computed), and with detail the name lists.  Words come
 * from the policy (report_label()).  Only the name lists carry names.
 */

/* Aligned text (Chinese width aware, lib/tabfmt.h), targets 达标/未达标. */
void render_table(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o);
/* GitHub-flavoured Markdown: a title, then one pipe table a section. */
void render_md(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o);
/*
 * One self-contained HTML page for A4 paper: the school's name and the
 * period, headline figures against targets, bar charts as inline SVG, the
 * tables.  No scripts, no style sheets or fonts fetched, no links out;
 * every text HTML-escaped.
 */
void render_html(FILE *f, const struct report *r, const struct policy *p,
    const struct render_opts *o);

/* Write s HTML-escaped (& < > " '). */
void render_html_text(FILE *f, const char *s);

#endif
