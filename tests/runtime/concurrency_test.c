/*
** concurrency_test.c — one TfLiteModel shared read-only by interpreters on several threads.
**
** c_api.h promises that a model may be shared by any number of interpreters on any threads
** (each interpreter used by one thread at a time). Here THREADS threads each create their own
** interpreter from one model at the same moment, run ROUNDS inferences on inputs of their own,
** and delete the interpreter. Every output
** must equal the one a single thread computed for the same input. scripts/test.sh also builds
** and runs this test under ThreadSanitizer, which reports any data race on the shared model.
*/
#include <pthread.h>
#include <string.h>

#include "tflc/runtime.h"
#include "test_util.h"

TEST_COUNTERS;

#define THREADS 4
#define ROUNDS 3

typedef struct job {
  const TfLiteModel *model;
  pthread_barrier_t *start;
  int thread;
  uint8_t *outputs[ROUNDS]; /* output 0 of each round */
  size_t output_size;
  int failed;
} job;

/* Input bytes for (thread, round): a distinct, reproducible pattern per pair. */
static void fill_input(uint8_t *data, size_t size, int thread, int round) {
  uint32_t x = 2654435761u * (uint32_t)(thread * ROUNDS + round + 1);
  for (size_t i = 0; i < size; i++) {
    x = x * 1103515245u + 12345u;
    data[i] = (uint8_t)(x >> 24) & 0x7f; /* < 128: a finite float32 wherever 4 bytes meet */
  }
}

/* Creates an interpreter on `j->model`, runs ROUNDS inferences, keeps each round's output. */
static void run_rounds(job *j) {
  TfLiteInterpreter *in = TfLiteInterpreterCreate(j->model, NULL);
  if (in == NULL || TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    j->failed = 1;
    TfLiteInterpreterDelete(in);
    return;
  }
  for (int r = 0; r < ROUNDS; r++) {
    for (int32_t k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
      TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
      fill_input(TfLiteTensorData(t), TfLiteTensorByteSize(t), j->thread, r);
    }
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk) {
      j->failed = 1;
      break;
    }
    const TfLiteTensor *o = TfLiteInterpreterGetOutputTensor(in, 0);
    j->output_size = TfLiteTensorByteSize(o);
    j->outputs[r] = malloc(j->output_size);
    memcpy(j->outputs[r], TfLiteTensorData(o), j->output_size);
  }
  TfLiteInterpreterDelete(in);
}

static void *thread_main(void *arg) {
  job *j = arg;
  pthread_barrier_wait(j->start); /* every thread creates its interpreter at the same moment */
  run_rounds(j);
  return NULL;
}

static void free_outputs(job *j) {
  for (int r = 0; r < ROUNDS; r++) free(j->outputs[r]);
}

static void test_shared_model(const char *relative) {
  char path[4096], err[512];
  snprintf(path, sizeof path, "%s/models/%s", test_shared_dir(), relative);
  TfLiteModel *model = tflc_model_load_file(path, err, sizeof err);
  CHECK(model != NULL);
  if (model == NULL) return;
  /* What one thread computes, for every (thread, round) input. */
  job expected[THREADS];
  for (int t = 0; t < THREADS; t++) {
    expected[t] = (job){.model = model, .thread = t};
    run_rounds(&expected[t]);
    CHECK(!expected[t].failed);
  }
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, THREADS + 1);
  job jobs[THREADS];
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; t++) {
    jobs[t] = (job){.model = model, .start = &start, .thread = t};
    CHECK(pthread_create(&threads[t], NULL, thread_main, &jobs[t]) == 0);
  }
  pthread_barrier_wait(&start);
  for (int t = 0; t < THREADS; t++) pthread_join(threads[t], NULL);
  pthread_barrier_destroy(&start);
  int same = 1;
  for (int t = 0; t < THREADS; t++) {
    CHECK(!jobs[t].failed);
    for (int r = 0; r < ROUNDS && !jobs[t].failed; r++)
      same &= jobs[t].output_size == expected[t].output_size &&
              memcmp(jobs[t].outputs[r], expected[t].outputs[r], expected[t].output_size) == 0;
    free_outputs(&jobs[t]);
    free_outputs(&expected[t]);
  }
  CHECK(same);
  printf("%s: %d threads x %d rounds on one model: %s\n", relative, THREADS, ROUNDS, same ? "same outputs" : "DIFFERENT");
  TfLiteModelDelete(model);
}

int main(void) {
  test_shared_model("testdata/add.bin");
  test_shared_model("variants/go/iris.tflite");
  test_shared_model("hosted/mobilenet_v1_0.25_128_quant.tflite");
  return TEST_REPORT();
}
