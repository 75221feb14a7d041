/*
** golden_client.c — a program written only against TensorFlow Lite's C API (c_api.h, nothing
** tflc-specific), built with -ltensorflowlite_c against an installed tree. For each golden case
** directory it feeds every CASE/input_K.bin, invokes, and compares every output with
** CASE/output_K.bin: float32 outputs within 1e-5, all other types byte for byte. Models with
** several outputs (the SSD detector's four float tensors) are checked output by output.
** Usage: golden_client MODEL CASE_DIR...     exit status 0 when every case matches.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tensorflow/lite/c/c_api.h"

#define FLOAT_TOLERANCE 1e-5

/* Reads a whole file; NULL (and a message) when it cannot. */
static void *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "%s: cannot open\n", path);
    return NULL;
  }
  void *data = NULL;
  long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  if (n > 0 && fseek(f, 0, SEEK_SET) == 0) data = malloc((size_t)n);
  if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  if (data == NULL) fprintf(stderr, "%s: cannot read\n", path);
  *size = data != NULL ? (size_t)n : 0;
  return data;
}

/* Copies CASE/input_K.bin into every input tensor K; 0 on success. */
static int set_inputs(TfLiteInterpreter *interpreter, const char *dir) {
  char path[4096];
  for (int k = 0; k < TfLiteInterpreterGetInputTensorCount(interpreter); k++) {
    snprintf(path, sizeof path, "%s/input_%d.bin", dir, k);
    size_t size = 0;
    void *data = read_file(path, &size);
    if (data == NULL) return 1;
    TfLiteTensor *tensor = TfLiteInterpreterGetInputTensor(interpreter, k);
    TfLiteStatus status = TfLiteTensorCopyFromBuffer(tensor, data, size);
    free(data);
    if (status != kTfLiteOk) {
      fprintf(stderr, "%s: %zu bytes, input tensor %s has %zu\n", path, size, TfLiteTensorName(tensor),
              TfLiteTensorByteSize(tensor));
      return 1;
    }
  }
  return 0;
}

/* Compares output K with CASE/output_K.bin; 0 when it matches (prints the largest float error). */
static int check_output(const TfLiteTensor *tensor, const char *dir, int k) {
  char path[4096];
  snprintf(path, sizeof path, "%s/output_%d.bin", dir, k);
  size_t size = 0;
  unsigned char *golden = read_file(path, &size);
  if (golden == NULL) return 1;
  int failed = 1;
  if (size != TfLiteTensorByteSize(tensor)) {
    fprintf(stderr, "%s: %zu bytes, output tensor %s has %zu\n", path, size, TfLiteTensorName(tensor),
            TfLiteTensorByteSize(tensor));
  } else if (TfLiteTensorType(tensor) == kTfLiteFloat32) {
    const float *got = TfLiteTensorData(tensor);
    double worst = 0;
    size_t worst_at = 0;
    for (size_t i = 0; i < size / sizeof(float); i++) {
      float want;
      memcpy(&want, golden + i * sizeof(float), sizeof want);
      double error = fabs((double)got[i] - (double)want);
      if (error > worst || isnan(error)) {
        worst = error;
        worst_at = i;
        if (isnan(error)) break;  /* a NaN fails the case; later elements cannot undo that */
      }
    }
    failed = !(worst <= FLOAT_TOLERANCE);
    if (worst == 0)
      printf("  output %d (%s, float32): identical\n", k, TfLiteTensorName(tensor));
    else
      printf("  output %d (%s, float32): largest difference %.3g at element %zu%s\n", k, TfLiteTensorName(tensor),
             worst, worst_at, failed ? ", more than 1e-5" : "");
  } else {
    failed = memcmp(TfLiteTensorData(tensor), golden, size) != 0;
    printf("  output %d (%s): %s\n", k, TfLiteTensorName(tensor), failed ? "BYTES DIFFER" : "identical bytes");
  }
  free(golden);
  return failed;
}

/* Runs one golden case; the number of failures. */
static int run_case(TfLiteInterpreter *interpreter, const char *dir) {
  printf("%s\n", dir);
  if (set_inputs(interpreter, dir) != 0) return 1;
  if (TfLiteInterpreterInvoke(interpreter) != kTfLiteOk) {
    fprintf(stderr, "%s: TfLiteInterpreterInvoke failed\n", dir);
    return 1;
  }
  int failed = 0;
  for (int k = 0; k < TfLiteInterpreterGetOutputTensorCount(interpreter); k++)
    failed += check_output(TfLiteInterpreterGetOutputTensor(interpreter, k), dir, k);
  return failed;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s MODEL CASE_DIR...\n", argv[0]);
    return 2;
  }
  TfLiteModel *model = TfLiteModelCreateFromFile(argv[1]);
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(options, 2);
  TfLiteInterpreter *interpreter = model != NULL ? TfLiteInterpreterCreate(model, options) : NULL;
  int failed = 0;
  if (interpreter == NULL || TfLiteInterpreterAllocateTensors(interpreter) != kTfLiteOk) {
    fprintf(stderr, "%s: cannot load the model or allocate its tensors\n", argv[1]);
    failed = 1;
  } else {
    printf("TensorFlow Lite C API %s: %s\n", TfLiteVersion(), argv[1]);
    for (int i = 2; i < argc; i++) failed += run_case(interpreter, argv[i]);
  }
  TfLiteInterpreterDelete(interpreter);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  printf("%s\n", failed ? "FAILED" : "every output matches TensorFlow Lite's");
  return failed ? 1 : 0;
}
