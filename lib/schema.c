/* schema.c: the canonical columns of lb's files and their value domains. */
#include <string.h>

#include "schema.h"

static const char *const roster_cols[RC_COUNT] = {
	"student_id", "name", "gender", "birth_date", "id_card", "grade",
	"class", "village", "address", "boarding", "left_behind",
	"father_name", "father_phone", "father_work_place",
	"father_work_province", "mother_name", "mother_phone",
	"mother_work_place", "mother_work_province",
	"parent_visits_per_year", "guardian_name", "guardian_relation",
	"guardian_phone", "guardian_age", "guardian_health",
	"guardian_education", "guardian_occupation", "guardian_address",
	"attention", "hardship", "academic", "vaccination",
	"guardian_trained", "status", "enrolled_on", "mentor_id",
	"buddy_id", "volunteer_id", "notes"
};

static const char *const staff_cols[SC_COUNT] = {
	"staff_id", "name", "gender", "role", "classes", "email", "phone",
	"max_mentees", "active", "village"
};

static const char *const pool_cols[PC_COUNT] = {
	"student_id", "name", "class", "gender", "academic", "village",
	"left_behind"
};

static const char *const log_cols[LC_COUNT] = {
	"date", "student_id", "kind", "staff_id", "note"
};

static const struct {
	const char *name;
	const char *const *cols;
	size_t ncols;
	const char *const *required;
} kinds[FK_COUNT] = {
	{ "roster", roster_cols, RC_COUNT,
	  (const char *const[]){ "student_id", "name", "class", NULL } },
	{ "staff", staff_cols, SC_COUNT,
	  (const char *const[]){ "staff_id", "name", NULL } },
	{ "pool", pool_cols, PC_COUNT,
	  (const char *const[]){ "student_id", "name", "class", NULL } },
	{ "log", log_cols, LC_COUNT,
	  (const char *const[]){ "date", "student_id", "kind", NULL } },
};

static const struct {
	const char *name;
	const char *const *values;
} domains[DOM_COUNT] = {
	{ "gender", (const char *const[]){ "M", "F", NULL } },
	{ "yesno", (const char *const[]){ "yes", "no", NULL } },
	{ "boarding", (const char *const[]){ "yes", "no", NULL } },
	{ "left_behind",
	  (const char *const[]){ "both", "one", "pseudo", "none", NULL } },
	{ "attention", (const char *const[]){ "general", "key",
	  "intervention", "case", NULL } },
	{ "relation", (const char *const[]){ "father", "mother",
	  "grandfather", "grandmother", "maternal_grandfather",
	  "maternal_grandmother", "relative", "other", NULL } },
	{ "education", (const char *const[]){ "none", "primary", "junior",
	  "senior", "college", NULL } },
	{ "health", (const char *const[]){ "good", "fair", "poor", NULL } },
	{ "vaccination",
	  (const char *const[]){ "complete", "incomplete", NULL } },
	{ "status", (const char *const[]){ "active", "transferred",
	  "graduated", "dropped", NULL } },
	{ "role", (const char *const[]){ "head_teacher", "subject_teacher",
	  "leader", "volunteer", "other", NULL } },
	{ "hardship", (const char *const[]){ "no_guardian", "poverty",
	  "illness", "mental_health", "out_of_school", "orphan", "other",
	  NULL } },
};

size_t
schema_ncols(enum file_kind kind)
{
	return kinds[kind].ncols;
}

const char *
schema_col_name(enum file_kind kind, size_t i)
{
	return i < kinds[kind].ncols ? kinds[kind].cols[i] : NULL;
}

int
schema_col_index(enum file_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < kinds[kind].ncols; i++)
		if (strcmp(kinds[kind].cols[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
schema_kind_name(enum file_kind kind)
{
	return kinds[kind].name;
}

int
schema_kind_index(const char *name)
{
	int k;

	for (k = 0; k < FK_COUNT; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return k;
	return -1;
}

const char *const *
schema_required_cols(enum file_kind kind)
{
	return kinds[kind].required;
}

const char *
schema_domain_name(enum domain d)
{
	return d >= 0 && d < DOM_COUNT ? domains[d].name : NULL;
}

int
schema_domain_index(const char *name)
{
	int d;

	for (d = 0; d < DOM_COUNT; d++)
		if (strcmp(domains[d].name, name) == 0)
			return d;
	return -1;
}

const char *const *
schema_domain_values(enum domain d)
{
	return domains[d].values;
}

int
schema_domain_has(enum domain d, const char *v)
{
	const char *const *p;

	for (p = domains[d].values; *p != NULL; p++)
		if (strcmp(*p, v) == 0)
			return 1;
	return 0;
}

int
schema_domain_is_yesno(enum domain d)
{
	return d == DOM_YESNO || d == DOM_BOARDING;
}

enum domain
schema_col_domain(enum file_kind kind, size_t col)
{
	switch (kind) {
	case FK_ROSTER:
		switch (col) {
		case RC_GENDER: return DOM_GENDER;
		case RC_BOARDING: return DOM_BOARDING;
		case RC_LEFT_BEHIND: return DOM_LEFT_BEHIND;
		case RC_GUARDIAN_RELATION: return DOM_RELATION;
		case RC_GUARDIAN_HEALTH: return DOM_HEALTH;
		case RC_GUARDIAN_EDUCATION: return DOM_EDUCATION;
		case RC_ATTENTION: return DOM_ATTENTION;
		case RC_HARDSHIP: return DOM_HARDSHIP;
		case RC_VACCINATION: return DOM_VACCINATION;
		case RC_GUARDIAN_TRAINED: return DOM_YESNO;
		case RC_STATUS: return DOM_STATUS;
		}
		break;
	case FK_STAFF:
		switch (col) {
		case SC_GENDER: return DOM_GENDER;
		case SC_ROLE: return DOM_ROLE;
		case SC_ACTIVE: return DOM_YESNO;
		}
		break;
	case FK_POOL:
		switch (col) {
		case PC_GENDER: return DOM_GENDER;
		case PC_LEFT_BEHIND: return DOM_LEFT_BEHIND;
		}
		break;
	default:
		break;
	}
	return DOM_NONE;
}

int
schema_col_is_id(enum file_kind kind, size_t col)
{
	switch (kind) {
	case FK_ROSTER:
		return col == RC_STUDENT_ID || col == RC_MENTOR_ID ||
		    col == RC_BUDDY_ID || col == RC_VOLUNTEER_ID;
	case FK_STAFF:
		return col == SC_STAFF_ID;
	case FK_POOL:
		return col == PC_STUDENT_ID;
	case FK_LOG:
		return col == LC_STUDENT_ID || col == LC_STAFF_ID;
	default:
		return 0;
	}
}

int
schema_col_is_list(enum file_kind kind, size_t col)
{
	return (kind == FK_ROSTER && col == RC_HARDSHIP) ||
	    (kind == FK_STAFF && col == SC_CLASSES);
}
