/* replay_mail.c: fuzz/fuzz_mail.c's properties on files, for make check (fuzz/replay.h). */
#include "../../fuzz/fuzz_mail.c"
#include "../../fuzz/replay.h"
