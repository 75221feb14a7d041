/*
** smartreply_normalize_test.c — the Smart Reply custom op Normalize
** (src/kernels/smartreply_normalize.c). ref-run's TensorFlow Lite lacks Smart Reply's custom
** ops, so the expected strings are TensorFlow Lite's published test vectors
** (tensorflow/lite/models/smartreply/ops/normalize_test.cc: RegularInput, OneInput, EmptyInput).
** Each case builds the one-op model with the writer, feeds the sentence and compares the bytes.
*/
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/writer.h"
#include "runtime/string_tensor.h"
#include "tensorflow/lite/c/c_api.h"
#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

typedef struct normalize_case {
  const char *name, *input, *expected;
} normalize_case;

static const normalize_case cases[] = {
    {"regular_input", "I'm good; you're welcome", "<S> i am good; you are welcome <E>"},
    {"one_input", "Hi!!!!", "<S> hi ! <E>"},
    {"empty_input", "", "<S>  <E>"},
};

/* Builds Normalize with a fed input of `type` (STRING, or another type to check the refusal). */
static int build(TfLiteType type, uint8_t **bytes, size_t *size) {
  tflc_writer *w = tflc_writer_init();
  if (w == NULL) return 1;
  tflc_writer_tensor input = {.type = type, .ndims = 1, .dims = {1}, .name = "sentence"};
  tflc_writer_tensor output = {.type = kTfLiteString, .ndims = 1, .dims = {1}, .name = "normalized"};
  tflc_writer_operator op = {.ninputs = 1, .noutputs = 1};
  op.inputs[0] = tflc_writer_add_tensor(w, &input);
  op.outputs[0] = tflc_writer_add_tensor(w, &output);
  op.opcode = tflc_writer_add_opcode(w, 32, "Normalize", 1);
  tflc_writer_add_operator(w, &op);
  tflc_writer_set_inputs(w, 1, op.inputs);
  tflc_writer_set_outputs(w, 1, op.outputs);
  int failed = tflc_writer_finish(w, bytes, size) != kTfLiteOk;
  if (failed) printf("FAIL writing the Normalize model: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return failed;
}

/* Runs one case (invoking twice, so the second output replaces the first); 0 when it matches. */
static int run(const normalize_case *c) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  if (build(kTfLiteString, &bytes, &size) != 0) return 1;
  char err[512];
  int failed = 1;
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, sizeof err);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  size_t len = strlen(c->input), want_len = strlen(c->expected);
  size_t in_size = tflc_string_buffer_size(1, &len), want_size = tflc_string_buffer_size(1, &want_len);
  uint8_t *sentence = malloc(in_size), *want = malloc(want_size);
  if (in == NULL || sentence == NULL || want == NULL) {
    printf("FAIL %s: cannot create the interpreter: %s\n", c->name, model ? "" : err);
  } else {
    tflc_string_buffer_write(1, &c->input, &len, sentence);
    tflc_string_buffer_write(1, &c->expected, &want_len, want);
    if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk ||
        TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), sentence, in_size) != kTfLiteOk ||
        TfLiteInterpreterInvoke(in) != kTfLiteOk || TfLiteInterpreterInvoke(in) != kTfLiteOk) {
      printf("FAIL %s: %s\n", c->name, tflc_interpreter_last_error(in));
    } else {
      const TfLiteTensor *out = TfLiteInterpreterGetOutputTensor(in, 0);
      failed = TfLiteTensorByteSize(out) != want_size || memcmp(TfLiteTensorData(out), want, want_size) != 0;
      if (failed) {
        printf("FAIL %s: got %zu bytes: ", c->name, TfLiteTensorByteSize(out));
        fwrite(TfLiteTensorData(out), 1, TfLiteTensorByteSize(out), stdout);
        printf("\n  expected \"%s\"\n", c->expected);
      }
    }
  }
  free(sentence);
  free(want);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
  return failed;
}

/* A non-string input is refused at AllocateTensors, naming the types. */
static void test_refuses_numbers(void) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  CHECK(build(kTfLiteInt32, &bytes, &size) == 0);
  char err[512];
  TfLiteModel *model = bytes ? tflc_model_load_memory(bytes, size, err, sizeof err) : NULL;
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  CHECK(in != NULL);
  if (in != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteError);
    CHECK(strstr(tflc_interpreter_last_error(in), "input and output must be strings, got INT32") != NULL);
  }
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(run(&cases[i]) == 0);
  test_refuses_numbers();
  return TEST_REPORT();
}
