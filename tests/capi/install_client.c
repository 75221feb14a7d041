/*
** install_client.c — a program written for TensorFlow Lite's C API (nothing tflc-specific), as a
** user would build it against an installed tflc: `cc install_client.c -ltensorflowlite_c`.
** Runs MODEL on the raw bytes of INPUT and compares the output with the bytes of GOLDEN.
** Usage: install_client MODEL INPUT GOLDEN     exit status 0 when the output is identical.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tensorflow/lite/c/c_api.h"

static void *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *data = n > 0 ? malloc((size_t)n) : NULL;
  if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s MODEL INPUT GOLDEN\n", argv[0]);
    return 2;
  }
  size_t input_size = 0, golden_size = 0;
  void *input = read_all(argv[2], &input_size);
  void *golden = read_all(argv[3], &golden_size);
  TfLiteModel *model = TfLiteModelCreateFromFile(argv[1]);
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(options, 2);
  TfLiteInterpreter *interpreter = model ? TfLiteInterpreterCreate(model, options) : NULL;
  int ok = input && golden && interpreter && TfLiteInterpreterAllocateTensors(interpreter) == kTfLiteOk;
  TfLiteTensor *in = ok ? TfLiteInterpreterGetInputTensor(interpreter, 0) : NULL;
  ok = ok && TfLiteTensorCopyFromBuffer(in, input, input_size) == kTfLiteOk;
  ok = ok && TfLiteInterpreterInvoke(interpreter) == kTfLiteOk;
  const TfLiteTensor *out = ok ? TfLiteInterpreterGetOutputTensor(interpreter, 0) : NULL;
  unsigned char *scores = ok ? malloc(golden_size) : NULL;
  ok = ok && scores && TfLiteTensorCopyToBuffer(out, scores, golden_size) == kTfLiteOk;
  ok = ok && memcmp(scores, golden, golden_size) == 0;
  if (ok) {
    int best = 0;
    for (size_t i = 1; i < golden_size; i++)
      if (scores[i] > scores[best]) best = (int)i;
    printf("TensorFlow Lite %s: output identical to the golden bytes (top class %d)\n", TfLiteVersion(), best);
  } else {
    fprintf(stderr, "FAILED: the output differs from the golden bytes, or a call failed\n");
  }
  free(scores);
  TfLiteInterpreterDelete(interpreter);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  free(input);
  free(golden);
  return ok ? 0 : 1;
}
