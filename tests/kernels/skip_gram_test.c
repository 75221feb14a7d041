/*
** skip_gram_test.c — SKIP_GRAM (src/kernels/skip_gram.c): n-grams, skip-grams, include_all_ngrams,
** fewer words than ngram_size, and TFLite's word splitting (leading, trailing and repeated
** whitespace, tabs, UTF-8 bytes). Each case is a one-op model whose input string is a constant
** (ref-run cannot feed strings) and is run again with the same string fed as a graph input.
** Expected strings were produced by TensorFlow Lite 2.9's builtin kernel (ref-run) on the same
** models (TFLC_OP_TEST_DUMP=DIR writes them as DIR/NAME.tflite).
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

#define MAX_GRAMS 40

typedef struct skip_gram_case {
  const char *name;
  const char *text;
  int32_t ngram_size, max_skip_size;
  bool include_all_ngrams;
  const char *expected[MAX_GRAMS]; /* the expected strings, then NULLs */
} skip_gram_case;

static const skip_gram_case cases[] = {
    {"skip_gram_trigrams", "The quick brown fox jumps over the lazy dog", 3, 0, false,
     {"The quick brown", "quick brown fox", "brown fox jumps", "fox jumps over", "jumps over the", "over the lazy",
      "the lazy dog"}},
    {"skip_gram_bigrams_skip2", "a b c d e", 2, 2, false,
     {"a b", "a c", "a d", "b c", "b d", "b e", "c d", "c e", "d e"}},
    {"skip_gram_all_ngrams", "one two three four", 3, 1, true,
     {"one two three", "one two four", "one two", "one three four", "one three", "one", "two three four",
      "two three", "two four", "two", "three four", "three", "four"}},
    {"skip_gram_too_few_words", "only two", 3, 1, false, {NULL}},
    {"skip_gram_whitespace_quirks", " lead  mid\ttab\n end ", 2, 0, false, {"mid tab", "tab end"}},
    {"skip_gram_utf8_last_word", "caf\xc3\xa9 na\xc3\xafve  r\xc3\xa9sum\xc3\xa9", 1, 0, false,
     {"caf\xc3\xa9", "na\xc3\xafve", "r\xc3\xa9sum\xc3\xa9"}},
};

/* A one-string buffer for `text` (caller frees); *size its bytes. */
static uint8_t *one_string(const char *text, size_t *size) {
  size_t len = strlen(text);
  *size = tflc_string_buffer_size(1, &len);
  uint8_t *buffer = malloc(*size);
  if (buffer) tflc_string_buffer_write(1, &text, &len, buffer);
  return buffer;
}

/* Builds the case's model: its input constant (`constant`) or fed; 0 on success. */
static int build(const skip_gram_case *c, bool constant, uint8_t **bytes, size_t *size) {
  size_t text_size;
  uint8_t *text = one_string(c->text, &text_size);
  tflc_writer *w = tflc_writer_init();
  if (w == NULL || text == NULL) return free(text), tflc_writer_free(w), 1;
  tflc_writer_tensor input = {.type = kTfLiteString, .ndims = 1, .dims = {1}, .name = "text"};
  if (constant) input.data = text, input.data_size = text_size;
  tflc_writer_tensor output = {.type = kTfLiteString, .ndims = 1, .dims = {0}, .name = "grams"};
  const tflc_writer_field fields[] = {TFLC_WRITER_I32(0, c->ngram_size), TFLC_WRITER_I32(1, c->max_skip_size),
                                      TFLC_WRITER_BOOL(2, c->include_all_ngrams)};
  tflc_writer_operator op = {.ninputs = 1, .noutputs = 1, .options_type = 18, .nfields = 3, .fields = fields};
  op.inputs[0] = tflc_writer_add_tensor(w, &input);
  op.outputs[0] = tflc_writer_add_tensor(w, &output);
  op.opcode = tflc_writer_add_opcode(w, 30, NULL, 1);
  tflc_writer_add_operator(w, &op);
  tflc_writer_set_inputs(w, constant ? 0 : 1, op.inputs);
  tflc_writer_set_outputs(w, 1, op.outputs);
  int failed = tflc_writer_finish(w, bytes, size) != kTfLiteOk;
  if (failed) printf("FAIL %s: writing the model: %s\n", c->name, tflc_writer_error(w));
  tflc_writer_free(w);
  free(text);
  return failed;
}

/* Writes the constant-input model to $TFLC_OP_TEST_DUMP/NAME.tflite when that is set. */
static void dump(const skip_gram_case *c, const uint8_t *bytes, size_t size) {
  const char *dir = getenv("TFLC_OP_TEST_DUMP");
  if (dir == NULL || dir[0] == 0) return;
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.tflite", dir, c->name);
  FILE *f = fopen(path, "wb");
  if (f) fwrite(bytes, 1, size, f), fclose(f);
}

/* Runs one model (feeding the text when `constant` is false) and compares the output strings. */
static int run(const skip_gram_case *c, bool constant) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  if (build(c, constant, &bytes, &size) != 0) return 1;
  if (constant) dump(c, bytes, size);
  char err[512];
  int failed = 1;
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, sizeof err);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  size_t text_size = 0;
  uint8_t *text = one_string(c->text, &text_size);
  size_t lens[MAX_GRAMS];
  int32_t nexpected = 0;
  while (nexpected < MAX_GRAMS && c->expected[nexpected] != NULL) nexpected++;
  for (int32_t i = 0; i < nexpected; i++) lens[i] = strlen(c->expected[i]);
  size_t want_size = tflc_string_buffer_size(nexpected, lens);
  uint8_t *want = malloc(want_size);
  if (in == NULL || text == NULL || want == NULL) {
    printf("FAIL %s: cannot create the interpreter: %s\n", c->name, model ? "" : err);
  } else if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk ||
             (!constant &&
              TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), text, text_size) != kTfLiteOk) ||
             TfLiteInterpreterInvoke(in) != kTfLiteOk || TfLiteInterpreterInvoke(in) != kTfLiteOk) {
    printf("FAIL %s: %s\n", c->name, tflc_interpreter_last_error(in));
  } else {
    tflc_string_buffer_write(nexpected, c->expected, lens, want);
    const TfLiteTensor *out = TfLiteInterpreterGetOutputTensor(in, 0);
    failed = TfLiteTensorNumDims(out) != 1 || TfLiteTensorDim(out, 0) != nexpected ||
             TfLiteTensorByteSize(out) != want_size || memcmp(TfLiteTensorData(out), want, want_size) != 0;
    if (failed) {
      printf("FAIL %s (%s input): got %d strings (%zu bytes), expected %d (%zu bytes):\n", c->name,
             constant ? "constant" : "fed", (int)TfLiteTensorDim(out, 0), TfLiteTensorByteSize(out), (int)nexpected,
             want_size);
      fwrite(TfLiteTensorData(out), 1, TfLiteTensorByteSize(out), stdout);
      printf("\n");
    }
  }
  free(want);
  free(text);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
  return failed;
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    CHECK(run(&cases[i], true) == 0);
    CHECK(run(&cases[i], false) == 0);
  }
  return TEST_REPORT();
}
