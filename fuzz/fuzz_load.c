/*
** fuzz_load.c — libFuzzer target: parse and verify arbitrary bytes as a .tflite model.
**
** A finding is any sanitizer report, a crash, a hang, or a refusal without a message
** (every failure must say why). Build with -DTFLC_FUZZ=ON (fuzz/run.sh does it).
*/
#include <stdint.h>
#include <stdlib.h>

#include "tflc/runtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[512];
  TfLiteModel *model = tflc_model_load_memory(data, size, err, sizeof err);
  if (model == NULL && err[0] == 0) abort(); /* refused without a message */
  TfLiteModelDelete(model);
  return 0;
}
