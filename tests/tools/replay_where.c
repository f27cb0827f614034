/* replay_where.c: fuzz/fuzz_where.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_where.c"
#include "../../fuzz/replay.h"
