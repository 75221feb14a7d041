/*
** reference_match_test.c — every golden model through the optimized kernels and through the
** reference kernels (tflc_interpreter_options_set_reference_kernels), at 1, 2 and 3 threads:
** quantized outputs must be identical byte for byte; float outputs (floatconv_ops.c sums in
** another order) within 1e-4 of the reference output's largest magnitude, as golden_test allows
** against TensorFlow Lite. At 2 and 3 threads every output must be identical byte for byte to
** the optimized 1-thread run. This is the full-model check of qconv_ops.c, floatconv_ops.c and
** of the thread split; golden_test checks the same models against TensorFlow Lite itself.
**
** usage: reference_match_test NAME...   (NAME = a folder of $TFLC_SHARED/golden; its first
** case's inputs are used)
*/
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

/* The model path from a case's meta.json ("model": "shared/..."), under $TFLC_SHARED. */
static int model_path_from_meta(const char *meta_path, char *out, size_t outlen) {
  size_t size;
  char *meta = (char *)test_read_file(meta_path, &size);
  if (meta == NULL) return -1;
  meta[size] = 0;
  const char *key = strstr(meta, "\"model\"");
  const char *start = key ? strchr(key + 7, '"') : NULL;
  const char *end = start ? strchr(start + 1, '"') : NULL;
  int rc = -1;
  if (end && strncmp(start + 1, "shared/", 7) == 0) {
    snprintf(out, outlen, "%s/%.*s", test_shared_dir(), (int)(end - start - 8), start + 8);
    rc = 0;
  }
  free(meta);
  return rc;
}

/* Runs the model on the case's inputs; returns the interpreter (caller deletes) or NULL. */
static TfLiteInterpreter *run_model(TfLiteModel *model, const char *case_dir, int threads, int reference) {
  TfLiteInterpreterOptions *o = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(o, threads);
  tflc_interpreter_options_set_reference_kernels(o, reference);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, o);
  TfLiteInterpreterOptionsDelete(o);
  if (in == NULL || TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    printf("FAIL %s: cannot prepare (%s)\n", case_dir, in ? tflc_interpreter_last_error(in) : "no interpreter");
    TfLiteInterpreterDelete(in);
    return NULL;
  }
  for (int k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
    char path[8192];
    size_t size;
    snprintf(path, sizeof path, "%s/input_%d.bin", case_dir, k);
    uint8_t *data = test_read_file(path, &size);
    TfLiteStatus s = data ? TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, k), data, size) : kTfLiteError;
    free(data);
    if (s != kTfLiteOk) {
      printf("FAIL %s: cannot set input %d\n", case_dir, k);
      TfLiteInterpreterDelete(in);
      return NULL;
    }
  }
  if (TfLiteInterpreterInvoke(in) != kTfLiteOk) {
    printf("FAIL %s: invoke: %s\n", case_dir, tflc_interpreter_last_error(in));
    TfLiteInterpreterDelete(in);
    return NULL;
  }
  return in;
}

/* 0 when float output a and b agree within 1e-4 of a's largest magnitude (b's NaNs where a's are). */
static int close_floats(const char *name, const char *what, int k, const TfLiteTensor *a, const TfLiteTensor *b) {
  size_t n = TfLiteTensorByteSize(a) / sizeof(float);
  const float *x = TfLiteTensorData(a), *y = TfLiteTensorData(b);
  float largest = 0.0f;
  for (size_t i = 0; i < n; i++)
    if (fabsf(x[i]) > largest) largest = fabsf(x[i]);
  for (size_t i = 0; i < n; i++)
    if (!(fabsf(x[i] - y[i]) <= 1e-4f * largest) && !(x[i] == y[i]) && !(isnan(x[i]) && isnan(y[i]))) {
      printf("FAIL %s %s: output %d element %zu is %.9g, reference kernels give %.9g (largest %g)\n", name, what, k, i,
             y[i], x[i], largest);
      return 1;
    }
  return 0;
}

/*
** 0 when every output of `got` equals the same output of `want` byte for byte, or for float
** outputs when `float_tolerance` is set, within 1e-4 of the largest magnitude.
*/
static int same_outputs(const char *name, const char *what, const TfLiteInterpreter *want, const TfLiteInterpreter *got,
                        int float_tolerance) {
  for (int k = 0; k < TfLiteInterpreterGetOutputTensorCount(want); k++) {
    const TfLiteTensor *a = TfLiteInterpreterGetOutputTensor(want, k), *b = TfLiteInterpreterGetOutputTensor(got, k);
    size_t size = TfLiteTensorByteSize(a);
    if (size != TfLiteTensorByteSize(b)) return printf("FAIL %s %s: output %d sizes differ\n", name, what, k), 1;
    if (float_tolerance && TfLiteTensorType(a) == kTfLiteFloat32) {
      if (close_floats(name, what, k, a, b)) return 1;
      continue;
    }
    const uint8_t *x = TfLiteTensorData(a), *y = TfLiteTensorData(b);
    for (size_t i = 0; i < size; i++)
      if (x[i] != y[i]) {
        printf("FAIL %s %s: output %d byte %zu is %u, reference kernels give %u\n", name, what, k, i, y[i], x[i]);
        return 1;
      }
  }
  return 0;
}

/* Compares the paths on the first case of one golden folder. */
static void check_model(const char *name) {
  char golden_dir[4096], case_dir[4096 + 512], meta[8192], model_path[4096];
  snprintf(golden_dir, sizeof golden_dir, "%s/golden/%s", test_shared_dir(), name);
  DIR *d = opendir(golden_dir);
  if (!d) {
    printf("FAIL %s: no golden folder %s\n", name, golden_dir);
    test_failed++;
    return;
  }
  char first[256] = "";
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.' && (first[0] == 0 || strcmp(e->d_name, first) < 0)) snprintf(first, sizeof first, "%s", e->d_name);
  closedir(d);
  snprintf(case_dir, sizeof case_dir, "%s/%s", golden_dir, first);
  snprintf(meta, sizeof meta, "%s/meta.json", case_dir);
  char err[1024];
  TfLiteModel *model = NULL;
  if (model_path_from_meta(meta, model_path, sizeof model_path) == 0)
    model = tflc_model_load_file(model_path, err, sizeof err);
  if (!model) {
    printf("FAIL %s: cannot load the model of %s\n", name, case_dir);
    test_failed++;
    return;
  }
  TfLiteInterpreter *reference = run_model(model, case_dir, 1, 1);
  CHECK(reference != NULL);
  TfLiteInterpreter *fast1 = reference ? run_model(model, case_dir, 1, 0) : NULL;
  CHECK(fast1 != NULL && same_outputs(name, "optimized, 1 thread", reference, fast1, 1) == 0);
  for (int threads = 2; fast1 && threads <= 3; threads++) {
    TfLiteInterpreter *fast = run_model(model, case_dir, threads, 0);
    char what[64];
    snprintf(what, sizeof what, "optimized, %d threads against 1", threads);
    CHECK(fast != NULL && same_outputs(name, what, fast1, fast, 0) == 0);
    TfLiteInterpreterDelete(fast);
  }
  TfLiteInterpreterDelete(fast1);
  TfLiteInterpreterDelete(reference);
  TfLiteModelDelete(model);
}

int main(int argc, char **argv) {
  for (int a = 1; a < argc; a++) check_model(argv[a]);
  return TEST_REPORT();
}
