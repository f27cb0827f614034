/* replay_card.c: fuzz/fuzz_card.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_card.c"
#include "../../fuzz/replay.h"
