/*
** golden_test.c — runs golden cases made by real TensorFlow Lite and compares outputs.
**
** usage: golden_test [--reference] NAME...   (NAME = a folder of $TFLC_SHARED/golden)
** Each case folder holds input_K.bin, output_K.bin and meta.json (whose "model" field is
** relative to the folder that holds shared/). Quantized and integer outputs must be
** identical byte for byte; float32 outputs within 1e-4 of the largest golden magnitude.
*/
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "tflc/runtime.h"

/* Finds "model": "..." in meta.json and turns it into a path under $TFLC_SHARED. */
static int model_path_from_meta(const char *meta_path, char *out, size_t outlen) {
  size_t size;
  char *meta = (char *)test_read_file(meta_path, &size);
  if (meta == NULL) return -1;
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

static int compare_output(const char *case_name, int k, const TfLiteTensor *t, const uint8_t *golden, size_t size) {
  if (size != TfLiteTensorByteSize(t)) {
    printf("FAIL %s output %d: %zu bytes, golden has %zu\n", case_name, k, TfLiteTensorByteSize(t), size);
    return 1;
  }
  const uint8_t *got = TfLiteTensorData(t);
  if (TfLiteTensorType(t) == kTfLiteFloat32) {
    const float *g = (const float *)golden, *o = (const float *)got;
    size_t n = size / 4, worst = 0;
    float max_abs = 0, max_err = 0;
    for (size_t i = 0; i < n; i++) max_abs = fmaxf(max_abs, fabsf(g[i]));
    for (size_t i = 0; i < n; i++) {
      float err = fabsf(g[i] - o[i]);
      if (!(err <= max_err)) max_err = err, worst = i;
    }
    if (!(max_err <= 1e-4f * fmaxf(max_abs, 1e-30f))) {
      printf("FAIL %s output %d: float error %g at %zu (got %g, golden %g; largest magnitude %g)\n", case_name, k,
             max_err, worst, o[worst], g[worst], max_abs);
      return 1;
    }
    return 0;
  }
  size_t diffs = 0, first = 0;
  for (size_t i = 0; i < size; i++)
    if (got[i] != golden[i] && diffs++ == 0) first = i;
  if (diffs) {
    printf("FAIL %s output %d: %zu of %zu bytes differ, first at byte %zu (got %u, golden %u)\n", case_name, k, diffs,
           size, first, got[first], golden[first]);
    return 1;
  }
  return 0;
}

static int run_case(const char *dir, const char *case_name) {
  char path[8192], model_path[4096];
  snprintf(path, sizeof path, "%s/meta.json", dir);
  if (model_path_from_meta(path, model_path, sizeof model_path) != 0) {
    printf("FAIL %s: cannot read the model from %s\n", case_name, path);
    return 1;
  }
  char err[1024];
  TfLiteModel *model = tflc_model_load_file(model_path, err, sizeof err);
  if (model == NULL) return printf("FAIL %s: %s\n", case_name, err), 1;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, NULL);
  TfLiteModelDelete(model);
  if (in == NULL) return printf("FAIL %s: cannot create the interpreter\n", case_name), 1;
  int failed = 0;
  if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    printf("FAIL %s: %s\n", case_name, tflc_interpreter_last_error(in));
    failed = 1;
  }
  for (int k = 0; !failed && k < TfLiteInterpreterGetInputTensorCount(in); k++) {
    size_t size;
    snprintf(path, sizeof path, "%s/input_%d.bin", dir, k);
    uint8_t *data = test_read_file(path, &size);
    TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
    if (data == NULL || TfLiteTensorCopyFromBuffer(t, data, size) != kTfLiteOk) {
      printf("FAIL %s: cannot set input %d from %s\n", case_name, k, path);
      failed = 1;
    }
    free(data);
  }
  if (!failed && TfLiteInterpreterInvoke(in) != kTfLiteOk) {
    printf("FAIL %s: %s\n", case_name, tflc_interpreter_last_error(in));
    failed = 1;
  }
  for (int k = 0; !failed && k < TfLiteInterpreterGetOutputTensorCount(in); k++) {
    size_t size;
    snprintf(path, sizeof path, "%s/output_%d.bin", dir, k);
    uint8_t *golden = test_read_file(path, &size);
    if (golden == NULL) {
      printf("FAIL %s: cannot read %s\n", case_name, path);
      failed = 1;
    } else {
      failed = compare_output(case_name, k, TfLiteInterpreterGetOutputTensor(in, k), golden, size);
    }
    free(golden);
  }
  TfLiteInterpreterDelete(in);
  if (!failed) printf("ok   %s\n", case_name);
  return failed;
}

int main(int argc, char **argv) {
  int passed = 0, failed = 0;
  for (int a = 1; a < argc; a++) {
    char golden_dir[4096];
    snprintf(golden_dir, sizeof golden_dir, "%s/golden/%s", test_shared_dir(), argv[a]);
    DIR *d = opendir(golden_dir);
    if (d == NULL) {
      printf("FAIL %s: no golden folder %s\n", argv[a], golden_dir);
      failed++;
      continue;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char case_dir[4096 + 256], case_name[512];
      snprintf(case_dir, sizeof case_dir, "%s/%s", golden_dir, e->d_name);
      snprintf(case_name, sizeof case_name, "%s/%s", argv[a], e->d_name);
      if (run_case(case_dir, case_name)) failed++;
      else passed++;
    }
    closedir(d);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0 || passed == 0;
}
