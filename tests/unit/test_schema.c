/* test_schema.c: unit tests of the canonical columns and value domains. */
#include "schema.h"
#include "tap.h"

int
main(void)
{
	is_int(schema_ncols(FK_ROSTER), 39, "the roster has DESIGN.md's 39 columns");
	is_str(schema_col_name(FK_ROSTER, 0), "student_id", "roster starts with student_id");
	is_str(schema_col_name(FK_ROSTER, RC_COUNT - 1), "notes", "and ends with notes");
	is_int(schema_col_index(FK_ROSTER, "guardian_age"), RC_GUARDIAN_AGE, "index of a column");
	is_int(schema_col_index(FK_ROSTER, "nope"), -1, "unknown column is -1");
	is_str(schema_col_name(FK_STAFF, SC_MAX_MENTEES), "max_mentees", "staff columns");
	is_str(schema_col_name(FK_LOG, LC_NOTE), "note", "log columns");
	is_int(schema_kind_index("pool"), FK_POOL, "kind by name");
	is_int(schema_kind_index("roster "), -1, "no fuzzy kind names");
	ok(schema_domain_has(DOM_RELATION, "maternal_grandmother"), "relation values");
	ok(!schema_domain_has(DOM_RELATION, "grandma"), "only canonical values");
	is_int(schema_domain_index("left_behind"), DOM_LEFT_BEHIND, "domain by name");
	is_int(schema_col_domain(FK_ROSTER, RC_BOARDING), DOM_BOARDING,
	    "boarding has its own domain (registry codes 1/2)");
	is_int(schema_col_domain(FK_STAFF, SC_ACTIVE), DOM_YESNO, "active is yes/no");
	is_int(schema_col_domain(FK_ROSTER, RC_NAME), DOM_NONE, "names are free text");
	ok(schema_col_is_list(FK_ROSTER, RC_HARDSHIP), "hardship is a list");
	ok(!schema_col_is_list(FK_ROSTER, RC_CLASS), "class is not");
	return done_testing();
}
