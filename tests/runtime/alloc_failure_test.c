/*
** alloc_failure_test.c — every allocation tflc makes may fail, and each failure must end
** in a clean error: a status, a message, and no leak.
**
** The allocator hook is link-time and lives only in this test: tests/CMakeLists.txt links it
** with -Wl,--wrap=malloc,... so every malloc/calloc/realloc/aligned_alloc/free call made by
** tflc's objects comes here first (the library has no hook and no global state for it). For
** N = 1, 2, ... the Nth allocation fails while a model is loaded, an interpreter created,
** its tensors allocated and the graph invoked; the run stops at the first N that no
** allocation reaches (the whole sequence then succeeds and must give the fault-free output).
** Each run must leave no allocation behind: counted here (live blocks), and checked again by
** LeakSanitizer in the sanitizer build. Finally Invoke must succeed with every allocation
** failing, since Invoke allocates nothing (kernel.h).
**
** The counters are atomics, so the hook is thread-safe, but the test runs on one thread.
*/
#include <stdatomic.h>
#include <string.h>

#include "tflc/runtime.h"
#include "test_util.h"

TEST_COUNTERS;

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *p, size_t size);
void *__real_aligned_alloc(size_t alignment, size_t size);
void __real_free(void *p);

static atomic_long allocations; /* allocations attempted since the last reset */
static atomic_long fail_at;     /* fail the allocation with this number (1-based); 0 = never, -1 = all */
static atomic_long live;        /* blocks allocated and not yet freed */

/* Counts one allocation attempt; true when it must fail. */
static int should_fail(void) {
  long n = atomic_fetch_add(&allocations, 1) + 1;
  long at = atomic_load(&fail_at);
  return at == -1 || n == at;
}

static void *counted(void *p) {
  if (p != NULL) atomic_fetch_add(&live, 1);
  return p;
}

void *__wrap_malloc(size_t size) { return should_fail() ? NULL : counted(__real_malloc(size)); }
void *__wrap_calloc(size_t count, size_t size) { return should_fail() ? NULL : counted(__real_calloc(count, size)); }
void *__wrap_aligned_alloc(size_t alignment, size_t size) {
  return should_fail() ? NULL : counted(__real_aligned_alloc(alignment, size));
}
void *__wrap_realloc(void *p, size_t size) {
  if (should_fail()) return NULL; /* the old block stays valid, as with a real failure */
  void *q = __real_realloc(p, size);
  if (p == NULL && q != NULL) atomic_fetch_add(&live, 1);
  return q;
}
void __wrap_free(void *p) {
  if (p != NULL) atomic_fetch_sub(&live, 1);
  __real_free(p);
}

static void start_counting(long fail) {
  atomic_store(&allocations, 0);
  atomic_store(&fail_at, fail);
}

typedef struct reported {
  int count;
  char last[256];
} reported;

static void remember(void *user_data, const char *format, va_list args) {
  reported *r = user_data;
  r->count++;
  vsnprintf(r->last, sizeof r->last, format, args);
}

/*
** Load, create, allocate and invoke with the Nth allocation failing (0: none). Returns
** 1 when everything succeeded (output bytes in *out, which the caller frees), 0 on a clean
** failure. A failure without a status and message counts as a test failure.
*/
static int run_once(const uint8_t *file, size_t size, long fail, uint8_t **out, size_t *out_size, const char *name) {
  char err[512] = "";
  reported rep = {0, ""};
  int ok = 0;
  start_counting(fail);
  TfLiteModel *model = tflc_model_load_memory(file, size, err, sizeof err);
  if (model == NULL) {
    if (err[0] == 0) printf("FAIL %s: load failed (allocation %ld) without a message\n", name, fail);
    CHECK(err[0] != 0);
    goto done;
  }
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  if (options == NULL) { /* the test's own call: tolerate, nothing is leaked */
    TfLiteModelDelete(model);
    goto done;
  }
  TfLiteInterpreterOptionsSetErrorReporter(options, remember, &rep);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  if (in == NULL) {
    if (rep.count == 0) printf("FAIL %s: create failed (allocation %ld) without a message\n", name, fail);
    CHECK(rep.count > 0);
    goto done;
  }
  if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    CHECK(tflc_interpreter_last_error(in)[0] != 0);
  } else {
    for (int32_t k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
      TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
      memset(TfLiteTensorData(t), 1, TfLiteTensorByteSize(t));
    }
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk) {
      CHECK(tflc_interpreter_last_error(in)[0] != 0);
    } else {
      const TfLiteTensor *o = TfLiteInterpreterGetOutputTensor(in, 0);
      atomic_store(&fail_at, 0);
      *out_size = TfLiteTensorByteSize(o);
      *out = malloc(*out_size ? *out_size : 1);
      memcpy(*out, TfLiteTensorData(o), *out_size);
      ok = 1;
    }
  }
  TfLiteInterpreterDelete(in);
done:
  atomic_store(&fail_at, 0);
  return ok;
}

/* Invoke allocates nothing: with every allocation failing after AllocateTensors it still runs. */
static void test_invoke_allocates_nothing(const uint8_t *file, size_t size, const char *name) {
  char err[512];
  TfLiteModel *model = tflc_model_load_memory(file, size, err, sizeof err);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  TfLiteModelDelete(model);
  CHECK(in != NULL && TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  if (in == NULL) return;
  start_counting(-1);
  TfLiteStatus status = TfLiteInterpreterInvoke(in);
  long attempts = atomic_load(&allocations);
  atomic_store(&fail_at, 0);
  if (status != kTfLiteOk || attempts != 0)
    printf("FAIL %s: Invoke made %ld allocation attempts (%s)\n", name, attempts, tflc_interpreter_last_error(in));
  CHECK(status == kTfLiteOk && attempts == 0);
  TfLiteInterpreterDelete(in);
}

static void test_model(const char *relative) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/%s", test_shared_dir(), relative);
  size_t size;
  uint8_t *file = test_read_file(path, &size);
  CHECK(file != NULL);
  if (file == NULL) return;
  uint8_t *expected = NULL, *got = NULL;
  size_t expected_size = 0, got_size = 0;
  long base = atomic_load(&live);
  CHECK(run_once(file, size, 0, &expected, &expected_size, relative) == 1);
  long needed = atomic_load(&allocations), failures_reported = 0, absorbed = 0;
  CHECK(atomic_load(&live) == base + 1); /* only `expected` */
  for (long n = 1; n <= needed + 1; n++) {
    long before = atomic_load(&live);
    int ok = run_once(file, size, n, &got, &got_size, relative);
    if (ok && n <= needed) absorbed++;
    if (ok) {
      /* No allocation failed (n is past the last one), or a failure was absorbed: same output. */
      CHECK(got_size == expected_size && memcmp(got, expected, expected_size) == 0);
      free(got);
      got = NULL;
    } else {
      failures_reported++;
    }
    long leaked = atomic_load(&live) - before;
    if (leaked != 0) printf("FAIL %s: %ld blocks leaked when allocation %ld failed\n", relative, leaked, n);
    CHECK(leaked == 0);
  }
  printf("%s: %ld allocations; failing each in turn gave %ld clean errors, %ld absorbed with the same output\n",
         relative, needed, failures_reported, absorbed);
  test_invoke_allocates_nothing(file, size, relative);
  free(expected);
  free(file);
}

int main(void) {
  test_model("testdata/add.bin");
  test_model("testdata/multi_add.bin");
  test_model("testdata/add_quantized_int8.bin");
  test_model("variants/go/iris.tflite");
  test_model("variants/coral/split_concat.tflite");
  test_model("hosted/mobilenet_v1_0.25_128_quant.tflite");
  return TEST_REPORT();
}
