/* render.h: a report for people (terminal table, Markdown, printable HTML), and contact cards. */
#ifndef LB_RENDER_H
#define LB_RENDER_H

#include <stddef.h>
#include <stdio.h>
#include "date.h"

struct policy;
struct report;

/* The forms of the report, in the order of lb-report's --format words. */
enum render_format { RENDER_TABLE, RENDER_CSV, RENDER_MD, RENDER_HTML,
    RENDER_XLSX };

struct render_opts {
	long suppress;		/* counts 1..suppress-1 shown as "<suppress" */
	int detail;		/* add the report's name lists */
	size_t width;		/* terminal width for tables, 0 = no limit */
};

/*
 * The report in sections, each a titled table: headline figures against
 * targets, breakdowns of the children, per class, per mentor (with its
 * compliance and overdue items when the report has contact figures:
 * computed from a log, or merged from reports that had them),
 * compliance and overdue items per kind, and with detail the name
 * lists.  Words come from the policy (policy_label()).  Only the name
 * lists carry names.
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

/*
 * One child's contact card (联系卡, lb-report --cards): the canonical
 * roster values v[0..RC_COUNT), normalised (lib/query.h), and the other
 * columns the roster carries, names and values.
 */
struct render_part;
struct render_card {
	char *const *v;
	size_t nextra;
	const char *const *extra_name;
	const char *const *extra_value;
	const char *mentor;	/* shown for mentor_id (name, phone), or NULL */
	const char *buddy;	/* shown for buddy_id (name, class), or NULL */
	const char *volunteer;	/* shown for volunteer_id (name, phone), or
				   NULL */
	/*
	 * The child's record after the card (成长记录, lib/cards.h): its
	 * contacts, what is due, its marks and card changes; none: a card
	 * alone.
	 */
	const struct render_part *part;
	size_t npart;
};

/*
 * A part of a child's record: a title (label key), the label keys of its
 * ncols columns, and n rows of ncols texts (already in words).  A part
 * without rows says card_none.
 */
struct render_part {
	const char *key;
	size_t ncols;
	const char *const *head;
	char **cell;		/* n * ncols */
	size_t n;
};

/*
 * Cards for the terminal: per card a title (name, student ID, class),
 * then every roster field under its label, in four parts (student,
 * parents, guardian, support) and the other columns: labels are
 * policy_label()'s (the policy's report.labels),
 * values of canonical columns in words (report_value_text()), an empty
 * field "—"; last, the card fields the policy requires that are empty.
 * Labels are aligned by display width; a value's line breaks stay, under
 * its column.  Cards are separated by a rule.  A card's record parts
 * follow it, each a title and its rows in columns aligned by display
 * width.
 */
void render_cards_text(FILE *f, const struct render_card *c, size_t n,
    const struct policy *p);
/*
 * The same cards in GitHub-flavoured Markdown: a title and the date
 * as_of, per card a heading, each part a list of "label：value", and a
 * child's record as pipe tables (a school's wiki or a note to print).
 */
void render_cards_md(FILE *f, const struct render_card *c, size_t n,
    const struct policy *p, date_t as_of);
/*
 * The same cards as one self-contained HTML page for A4 paper (no
 * scripts, styles or fonts fetched, no links out; every text escaped),
 * one card to a box that is never split across pages, titled with the
 * school's name and the date as_of.  A card with its record (parts) is a
 * child's page of the 档案 folder: a page of its own (a page break after
 * each), the parts as tables after the card's.
 */
void render_cards_html(FILE *f, const struct render_card *c, size_t n,
    const struct policy *p, date_t as_of);

/*
 * Write r to path (NULL: stdout) atomically, not world-readable with
 * o->detail (name lists are personal data): in format fmt, or with
 * columns (and always for RENDER_CSV) as the tidy rows of report_emit(),
 * CSV, a plain table or one .xlsx sheet (excel: spreadsheet-safe CSV).
 * RENDER_XLSX without columns is a workbook of a sheet for each of the
 * table's parts, the headline figures first, under the title and the
 * period; counts are numbers and rates percents.  Returns 0, or -1
 * with *code set after a message.
 */
int render_report(const char *path, const struct report *r,
    const struct policy *p, enum render_format fmt,
    const struct render_opts *o, const char *columns, int excel, int *code);

#endif
