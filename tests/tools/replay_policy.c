/* replay_policy.c: fuzz/fuzz_policy.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_policy.c"
#include "../../fuzz/replay.h"
