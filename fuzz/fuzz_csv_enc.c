/* fuzz_csv_enc.c: libFuzzer target for the CSV reader with --encoding (byte 1 picks it). */
#define FUZZ_CSV_ENC 1
#include "fuzz_csv.c"
