/* replay_workbook.c: fuzz/fuzz_workbook.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_workbook.c"
#include "../../fuzz/replay.h"
