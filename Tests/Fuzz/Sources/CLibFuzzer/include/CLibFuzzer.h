// libFuzzer's driver, callable from Swift. SwiftPM links every executable with
// `--defsym main=<module>_main`, which hides libFuzzer's own `main`; so in a -DFUZZING build
// the Swift entry point hands control to the driver instead. Only declared here: the symbol
// comes from libclang_rt.fuzzer, linked by `-sanitize=fuzzer`.
#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
