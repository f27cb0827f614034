/* replay_csv_enc.c: fuzz/fuzz_csv_enc.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_csv_enc.c"
#include "../../fuzz/replay.h"
