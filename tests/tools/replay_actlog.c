/* replay_actlog.c: fuzz/fuzz_actlog.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_actlog.c"
#include "../../fuzz/replay.h"
