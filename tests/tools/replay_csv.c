/* replay_csv.c: fuzz/fuzz_csv.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_csv.c"
#include "../../fuzz/replay.h"
