/*
** corrupt_model_test.c — truncated and corrupted models give an error, never a crash.
**
** Each mutated file goes through the whole path a user's file takes: load, create the
** interpreter, allocate, invoke with zeroed inputs. The test passes when every step either
** succeeds or fails cleanly; the sanitizer build catches any out-of-bounds access or leak.
*/
#include <dirent.h>
#include <string.h>

#include "tflc/runtime.h"
#include "test_util.h"

TEST_COUNTERS;

static void quiet(void *user_data, const char *format, va_list args) { (void)user_data, (void)format, (void)args; }

/* Runs bytes through load/create/allocate/invoke. Returns 1 if they loaded as a model. */
static int exercise(const uint8_t *data, size_t size, int invoke) {
  char err[512];
  TfLiteModel *model = tflc_model_load_memory(data, size, err, sizeof err);
  if (model == NULL) {
    CHECK(err[0] != 0); /* a failure always says why */
    return 0;
  }
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetErrorReporter(options, quiet, NULL);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  if (in == NULL) return 1;
  if (TfLiteInterpreterAllocateTensors(in) == kTfLiteOk) {
    for (int k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
      TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
      if (TfLiteTensorData(t)) memset(TfLiteTensorData(t), 0, TfLiteTensorByteSize(t));
    }
    /* A corrupted shape can legally ask for a gigabyte of work; invoke only modest graphs. */
    if (tflc_interpreter_arena_bytes(in) > ((size_t)8 << 20)) invoke = 0;
    if (invoke && TfLiteInterpreterInvoke(in) != kTfLiteOk) CHECK(tflc_interpreter_last_error(in)[0] != 0);
  } else {
    CHECK(tflc_interpreter_last_error(in)[0] != 0);
  }
  TfLiteInterpreterDelete(in);
  return 1;
}

static uint8_t *load_model(const char *relative, size_t *size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/%s", test_shared_dir(), relative);
  uint8_t *data = test_read_file(path, size);
  CHECK(data != NULL);
  return data;
}

static uint64_t next_random(uint64_t *state) { /* splitmix64: reproducible mutations */
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Every prefix of a small model, and a spread of prefixes of a large one. */
static void test_truncations(const char *relative, size_t dense, size_t step) {
  size_t size;
  uint8_t *data = load_model(relative, &size);
  if (!data) return;
  int loaded = 0;
  for (size_t n = 0; n < size; n += (n < dense ? 1 : step)) {
    uint8_t *copy = malloc(n ? n : 1); /* exact-size copy so ASan sees any overread */
    memcpy(copy, data, n);
    loaded += exercise(copy, n, 1);
    free(copy);
  }
  CHECK(exercise(data, size, 1) == 1); /* the whole file loads */
  printf("%s: %d of the truncated copies still parsed (trailing data only)\n", relative, loaded);
  free(data);
}

/* Random byte overwrites, a few at a time, in the first `span` bytes. */
static void test_corruptions(const char *relative, int count, size_t span, uint64_t seed) {
  size_t size;
  uint8_t *data = load_model(relative, &size);
  if (!data) return;
  uint8_t *copy = malloc(size);
  if (span == 0 || span > size) span = size;
  for (int i = 0; i < count; i++) {
    memcpy(copy, data, size);
    int edits = 1 + (int)(next_random(&seed) % 4);
    for (int e = 0; e < edits; e++) {
      uint64_t r = next_random(&seed);
      size_t at = (size_t)(r % span);
      static const uint8_t interesting[] = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe};
      copy[at] = (r >> 40) & 1 ? (uint8_t)(r >> 48) : interesting[(r >> 32) % sizeof interesting];
    }
    exercise(copy, size, 1);
  }
  free(copy);
  free(data);
}

/* Every model file we have loads or is refused with a message. */
static void test_all_models(void) {
  static const char *const folders[] = {"hosted", "variants", "variants/coral", "variants/coral/posenet",
                                        "variants/go", "testdata"};
  for (size_t f = 0; f < sizeof folders / sizeof folders[0]; f++) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/models/%s", test_shared_dir(), folders[f]);
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d) continue;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      size_t len = strlen(e->d_name);
      if (len < 5 || (strcmp(e->d_name + len - 4, ".bin") != 0 && strcmp(e->d_name + len - 7, ".tflite") != 0)) continue;
      char path[4096 + 256];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      size_t size;
      uint8_t *data = test_read_file(path, &size);
      CHECK(data != NULL);
      if (data) exercise(data, size, size < (1 << 20));
      free(data);
    }
    closedir(d);
  }
}

int main(void) {
  test_truncations("testdata/add.bin", 4096, 1);
  test_truncations("testdata/multi_add.bin", 4096, 1);
  test_truncations("variants/coral/split_concat.tflite", 4096, 1);
  test_truncations("hosted/mobilenet_v1_0.25_128_quant.tflite", 256, 4999);
  test_corruptions("testdata/add.bin", 3000, 0, 1);
  test_corruptions("testdata/add_quantized.bin", 2000, 0, 2);
  test_corruptions("variants/coral/split_concat.tflite", 2000, 0, 3);
  test_corruptions("variants/go/iris.tflite", 2000, 0, 4);
  test_corruptions("hosted/mobilenet_v1_0.25_128_quant.tflite", 200, 0, 5);
  test_all_models();
  return TEST_REPORT();
}
