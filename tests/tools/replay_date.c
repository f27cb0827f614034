/* replay_date.c: fuzz/fuzz_date.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_date.c"
#include "../../fuzz/replay.h"
