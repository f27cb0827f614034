/* schema.h: the canonical columns of lb's files and their value domains. */
#ifndef LB_SCHEMA_H
#define LB_SCHEMA_H

#include <stddef.h>

/* The kinds of tabular file lb reads. */
enum file_kind { FK_ROSTER, FK_STAFF, FK_POOL, FK_LOG, FK_COUNT };

/* Roster columns, in DESIGN.md's order (the order lb-enroll writes). */
enum roster_col {
	RC_STUDENT_ID, RC_NAME, RC_GENDER, RC_BIRTH_DATE, RC_ID_CARD, RC_GRADE,
	RC_CLASS, RC_VILLAGE, RC_ADDRESS, RC_BOARDING, RC_LEFT_BEHIND,
	RC_FATHER_NAME, RC_FATHER_PHONE, RC_FATHER_WORK_PLACE,
	RC_FATHER_WORK_PROVINCE, RC_MOTHER_NAME, RC_MOTHER_PHONE,
	RC_MOTHER_WORK_PLACE, RC_MOTHER_WORK_PROVINCE,
	RC_PARENT_VISITS_PER_YEAR, RC_GUARDIAN_NAME, RC_GUARDIAN_RELATION,
	RC_GUARDIAN_PHONE, RC_GUARDIAN_AGE, RC_GUARDIAN_HEALTH,
	RC_GUARDIAN_EDUCATION, RC_GUARDIAN_OCCUPATION, RC_GUARDIAN_ADDRESS,
	RC_ATTENTION, RC_HARDSHIP, RC_ACADEMIC, RC_VACCINATION,
	RC_GUARDIAN_TRAINED, RC_STATUS, RC_ENROLLED_ON, RC_MENTOR_ID,
	RC_BUDDY_ID, RC_VOLUNTEER_ID, RC_NOTES, RC_COUNT
};

enum staff_col {
	SC_STAFF_ID, SC_NAME, SC_GENDER, SC_ROLE, SC_CLASSES, SC_EMAIL,
	SC_PHONE, SC_MAX_MENTEES, SC_ACTIVE, SC_VILLAGE, SC_COUNT
};

enum pool_col {
	PC_STUDENT_ID, PC_NAME, PC_CLASS, PC_GENDER, PC_ACADEMIC, PC_VILLAGE,
	PC_LEFT_BEHIND, PC_COUNT
};

enum log_col { LC_DATE, LC_STUDENT_ID, LC_KIND, LC_STAFF_ID, LC_NOTE, LC_COUNT };

/* Number of canonical columns of kind, and the name of column i. */
size_t schema_ncols(enum file_kind kind);
const char *schema_col_name(enum file_kind kind, size_t i);
/* Index of canonical column name in kind, or -1. */
int schema_col_index(enum file_kind kind, const char *name);
/* "roster", "staff", "pool", "log"; and back (-1 when unknown). */
const char *schema_kind_name(enum file_kind kind);
int schema_kind_index(const char *name);
/* Columns every file of kind must have (a NULL-terminated list). */
const char *const *schema_required_cols(enum file_kind kind);

/*
 * Value domains: a field whose values are a closed set of canonical words.
 * The policy's value rules map free spellings into these.
 */
enum domain {
	DOM_NONE = -1,
	DOM_GENDER, DOM_YESNO, DOM_BOARDING, DOM_LEFT_BEHIND, DOM_ATTENTION, DOM_RELATION,
	DOM_EDUCATION, DOM_HEALTH, DOM_VACCINATION, DOM_STATUS, DOM_ROLE,
	DOM_HARDSHIP, DOM_COUNT
};

const char *schema_domain_name(enum domain d);
int schema_domain_index(const char *name);
/* The canonical values of d, NULL-terminated. */
const char *const *schema_domain_values(enum domain d);
/* 1 when v is one of d's canonical values. */
int schema_domain_has(enum domain d, const char *v);
/* 1 for the domains whose values are yes and no (yesno, boarding). */
int schema_domain_is_yesno(enum domain d);
/* The domain of a canonical column (DOM_NONE for free text). */
enum domain schema_col_domain(enum file_kind kind, size_t col);
/* 1 for columns holding ;-separated lists (hardship, classes). */
int schema_col_is_list(enum file_kind kind, size_t col);
/*
 * 1 for the columns holding an ID (student, staff, mentor, buddy,
 * volunteer): read
 * trimmed everywhere, as a sheet's " S0001 " names S0001.
 */
int schema_col_is_id(enum file_kind kind, size_t col);
/* What separates the items of a list column's value (in every reader). */
#define SCHEMA_LIST_SEPS ";,/"

#endif
