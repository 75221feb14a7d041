/*
** smartreply_extract_features_test.c — the Smart Reply custom op ExtractFeatures
** (src/kernels/smartreply_extract_features.c). ref-run's TensorFlow Lite lacks Smart Reply's
** custom ops, so the cases are TensorFlow Lite's published test vectors
** (tensorflow/lite/models/smartreply/ops/extract_feature_test.cc: RegularInput, OneInput,
** ZeroInput, AllBlacklistInput). As there, an expected id is Fingerprint64(n-gram) % 1000000;
** the fingerprint itself is checked against real TensorFlow Lite by lsh_projection_test, this
** test checks what the op adds: the markers' zeros, the modulo, the weights and the shapes.
*/
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/writer.h"
#include "kernels/farmhash.h"
#include "runtime/string_tensor.h"
#include "tensorflow/lite/c/c_api.h"
#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

enum { MAX_NGRAMS = 8 };

typedef struct extract_case {
  const char *name;
  int32_t count;
  const char *ngrams[MAX_NGRAMS];
  bool marker[MAX_NGRAMS]; /* expected id 0 and weight 0 */
  float weights[MAX_NGRAMS];
} extract_case;

static const extract_case cases[] = {
    {"regular_input", 7, {"<S>", "<S> Hi", "Hi", "Hi !", "!", "! <E>", "<E>"},
     {true, false, false, false, false, false, true}, {0, 2, 1, 2, 1, 2, 0}},
    {"one_input", 1, {"Hi"}, {false}, {1}},
    {"zero_input", 0, {0}, {0}, {0}},
    {"all_blacklist_input", 2, {"<S>", "<E>"}, {true, true}, {0, 0}},
    {"pair_marker", 2, {"<S> <E>", "<S>  <E>"}, {true, false}, {0, 3}},
};

/* TFLite's CalcFeature: the fingerprint as an unsigned 64-bit number, modulo 1000000. */
static int32_t calc_feature(const char *s) { return (int32_t)(tflc_fingerprint64(s, strlen(s)) % 1000000u); }

/* Builds ExtractFeatures with a fed string input of `count` n-grams (of `type`, to check refusals). */
static int build(TfLiteType type, int32_t count, uint8_t **bytes, size_t *size) {
  tflc_writer *w = tflc_writer_init();
  if (w == NULL) return 1;
  int32_t out_count = count > 0 ? count : 1;
  tflc_writer_tensor input = {.type = type, .ndims = 1, .dims = {count}, .name = "ngrams"};
  tflc_writer_tensor ids = {.type = kTfLiteInt32, .ndims = 1, .dims = {out_count}, .name = "ids"};
  tflc_writer_tensor weights = {.type = kTfLiteFloat32, .ndims = 1, .dims = {out_count}, .name = "weights"};
  tflc_writer_operator op = {.ninputs = 1, .noutputs = 2};
  op.inputs[0] = tflc_writer_add_tensor(w, &input);
  op.outputs[0] = tflc_writer_add_tensor(w, &ids);
  op.outputs[1] = tflc_writer_add_tensor(w, &weights);
  op.opcode = tflc_writer_add_opcode(w, 32, "ExtractFeatures", 1);
  tflc_writer_add_operator(w, &op);
  tflc_writer_set_inputs(w, 1, op.inputs);
  tflc_writer_set_outputs(w, 2, op.outputs);
  int failed = tflc_writer_finish(w, bytes, size) != kTfLiteOk;
  if (failed) printf("FAIL writing the ExtractFeatures model: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return failed;
}

/* Compares the outputs with the case; 0 when they match. */
static int compare(const extract_case *c, const TfLiteTensor *ids, const TfLiteTensor *weights) {
  int32_t n = c->count > 0 ? c->count : 1;
  if (TfLiteTensorNumDims(ids) != 1 || TfLiteTensorDim(ids, 0) != n || TfLiteTensorNumDims(weights) != 1 ||
      TfLiteTensorDim(weights, 0) != n) {
    printf("FAIL %s: output shapes are not [%d]\n", c->name, (int)n);
    return 1;
  }
  const int32_t *got_ids = TfLiteTensorData(ids);
  const float *got_weights = TfLiteTensorData(weights);
  int failed = 0;
  for (int32_t i = 0; i < n; i++) {
    int32_t want = i >= c->count || c->marker[i] ? 0 : calc_feature(c->ngrams[i]);
    float want_weight = i >= c->count ? 0.0f : c->weights[i];
    if (got_ids[i] != want || got_weights[i] != want_weight) {
      printf("FAIL %s[%d]: got id %d weight %g, expected %d and %g\n", c->name, (int)i, (int)got_ids[i],
             (double)got_weights[i], (int)want, (double)want_weight);
      failed = 1;
    }
  }
  return failed;
}

/* Runs one case (invoking twice on fresh outputs); 0 when it matches. */
static int run(const extract_case *c) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  if (build(kTfLiteString, c->count, &bytes, &size) != 0) return 1;
  char err[512];
  int failed = 1;
  size_t lens[MAX_NGRAMS];
  for (int32_t i = 0; i < c->count; i++) lens[i] = strlen(c->ngrams[i]);
  size_t in_size = tflc_string_buffer_size(c->count, lens);
  uint8_t *buffer = malloc(in_size);
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, sizeof err);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  if (in == NULL || buffer == NULL) {
    printf("FAIL %s: cannot create the interpreter: %s\n", c->name, model ? "" : err);
  } else {
    tflc_string_buffer_write(c->count, c->ngrams, lens, buffer);
    if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk ||
        TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), buffer, in_size) != kTfLiteOk) {
      printf("FAIL %s: %s\n", c->name, tflc_interpreter_last_error(in));
    } else {
      /* Dirty the outputs so the zero entries must be written by the op. */
      TfLiteTensor *ids = (TfLiteTensor *)TfLiteInterpreterGetOutputTensor(in, 0);
      TfLiteTensor *weights = (TfLiteTensor *)TfLiteInterpreterGetOutputTensor(in, 1);
      memset(TfLiteTensorData(ids), 0x5a, TfLiteTensorByteSize(ids));
      memset(TfLiteTensorData(weights), 0x5a, TfLiteTensorByteSize(weights));
      if (TfLiteInterpreterInvoke(in) != kTfLiteOk || TfLiteInterpreterInvoke(in) != kTfLiteOk)
        printf("FAIL %s: %s\n", c->name, tflc_interpreter_last_error(in));
      else
        failed = compare(c, ids, weights);
    }
  }
  free(buffer);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
  return failed;
}

/* The hashed ids differ from one another and from 0, and stay below 1000000 (the test can fail). */
static void test_ids_are_spread(void) {
  const char *ngrams[] = {"<S> Hi", "Hi", "Hi !", "!", "! <E>"};
  for (size_t i = 0; i < 5; i++) {
    int32_t id = calc_feature(ngrams[i]);
    CHECK(id > 0 && id < 1000000);
    for (size_t j = 0; j < i; j++) CHECK(id != calc_feature(ngrams[j]));
  }
}

/* A non-string input is refused at AllocateTensors, naming the type. */
static void test_refuses_numbers(void) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  CHECK(build(kTfLiteInt32, 2, &bytes, &size) == 0);
  char err[512];
  TfLiteModel *model = bytes ? tflc_model_load_memory(bytes, size, err, sizeof err) : NULL;
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  CHECK(in != NULL);
  if (in != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteError);
    CHECK(strstr(tflc_interpreter_last_error(in), "input must be STRING, got INT32") != NULL);
  }
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(run(&cases[i]) == 0);
  test_ids_are_spread();
  test_refuses_numbers();
  return TEST_REPORT();
}
