/*
** reply_test.c — Smart Reply end to end (src/tasks/reply.c and the custom ops Normalize,
** ExtractFeatures and Predict). Checks SplitSentence on cases worked out by hand from
** predictor.cc's four replacements, then builds a small Smart-Reply-shaped model with the writer:
** message (STRING [1]) -> Normalize -> ExtractFeatures -> Predict (2 outputs, threshold 0.1, a
** table of two sentence keys) -> HASHTABLE_LOOKUP (label -> response text), with outputs
** responses and confidences as the published model has, and checks the ranked replies: scores
** summed over the message's segments, and backoff responses filling up the list.
** With an argument DIR it also writes DIR/reply_model.tflite and DIR/reply_backoff.txt for the
** `tflc reply` test in tests/CMakeLists.txt.
*/
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/writer.h"
#include "kernels/farmhash.h"
#include "runtime/string_tensor.h"
#include "tasks/reply.h"
#include "tensorflow/lite/c/c_api.h"
#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

/* ---- SplitSentence ---- */

typedef struct split_case {
  const char *message;
  size_t count;
  const char *segments[4];
} split_case;

static const split_case split_cases[] = {
    {"Thanks. Lunch today", 2, {"Thanks .", "Lunch today"}},
    {"Hi!!! How are you?", 2, {"Hi !", "How are you ?"}},
    {"a! ,b", 2, {"a !", ",b"}},      /* the space before "," written by the first replacement is whitespace */
    {"wait...ok", 1, {"wait .ok"}},  /* no whitespace after the marks: no split */
    {"ok.  ", 1, {"ok ."}},          /* the trailing tab goes */
    {"", 1, {""}},
    {"one   two", 1, {"one two"}},
};

static void test_split(void) {
  for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
    const split_case *c = &split_cases[i];
    char **segments = NULL;
    size_t count = 0;
    CHECK(tflc_reply_split(c->message, &segments, &count) == 0);
    bool same = count == c->count;
    for (size_t k = 0; same && k < count; k++) same = strcmp(segments[k], c->segments[k]) == 0;
    if (!same) {
      printf("FAIL split \"%s\": got %zu segments:", c->message, count);
      for (size_t k = 0; k < count; k++) printf(" [%s]", segments[k]);
      printf("\n");
    }
    CHECK(same);
    tflc_reply_segments_free(segments, count);
  }
}

/* ---- The Smart-Reply-shaped model ---- */

static const char *const responses[] = {"You're welcome", "No problem", "Sure, where?"};

/* ExtractFeatures' id of a whole normalized sentence: Fingerprint64 % 1000000. */
static int32_t sentence_key(const char *normalized) {
  return (int32_t)(tflc_fingerprint64(normalized, strlen(normalized)) % 1000000u);
}

/* Builds the model; 0 on success. */
static int build_model(uint8_t **bytes, size_t *size) {
  /* "Thanks" and "Lunch today" as Normalize writes them; keys sorted for the binary search. */
  int32_t thanks = sentence_key("<S> thanks <E>"), lunch = sentence_key("<S> lunch today <E>");
  int32_t keys[2] = {thanks < lunch ? thanks : lunch, thanks < lunch ? lunch : thanks};
  int32_t thanks_labels[2] = {1, 2}, lunch_labels[2] = {3, 2};
  float thanks_weights[2] = {0.8f, 0.4f}, lunch_weights[2] = {0.5f, 0.2f};
  int32_t labels[4], response_keys[3] = {1, 2, 3};
  float weights[4];
  int first = keys[0] == thanks ? 0 : 1;
  memcpy(labels + 2 * (first ? 1 : 0), thanks_labels, sizeof thanks_labels);
  memcpy(labels + 2 * (first ? 0 : 1), lunch_labels, sizeof lunch_labels);
  memcpy(weights + 2 * (first ? 1 : 0), thanks_weights, sizeof thanks_weights);
  memcpy(weights + 2 * (first ? 0 : 1), lunch_weights, sizeof lunch_weights);
  size_t lens[3];
  for (int i = 0; i < 3; i++) lens[i] = strlen(responses[i]);
  size_t values_size = tflc_string_buffer_size(3, lens);
  uint8_t *values = malloc(values_size);
  tflc_writer *w = tflc_writer_init();
  if (w == NULL || values == NULL) return free(values), tflc_writer_free(w), 1;
  tflc_string_buffer_write(3, responses, lens, values);
  uint8_t options[8];
  int32_t num_output = 2;
  float threshold = 0.1f;
  memcpy(options, &num_output, 4);
  memcpy(options + 4, &threshold, 4);

  tflc_writer_tensor specs[] = {
      {.type = kTfLiteString, .ndims = 1, .dims = {1}, .name = "message"},                      /* 0 */
      {.type = kTfLiteString, .ndims = 1, .dims = {1}, .name = "normalized"},                   /* 1 */
      {.type = kTfLiteInt32, .ndims = 1, .dims = {1}, .name = "feature_ids"},                   /* 2 */
      {.type = kTfLiteFloat32, .ndims = 1, .dims = {1}, .name = "feature_weights"},             /* 3 */
      {.type = kTfLiteInt32, .ndims = 1, .dims = {2}, .name = "keys", .data = keys, .data_size = sizeof keys},
      {.type = kTfLiteInt32, .ndims = 2, .dims = {2, 2}, .name = "labels", .data = labels, .data_size = sizeof labels},
      {.type = kTfLiteFloat32, .ndims = 2, .dims = {2, 2}, .name = "weights", .data = weights,
       .data_size = sizeof weights},                                                            /* 6 */
      {.type = kTfLiteInt32, .ndims = 1, .dims = {2}, .name = "predicted_labels"},              /* 7 */
      {.type = kTfLiteFloat32, .ndims = 1, .dims = {2}, .name = "confidences"},                 /* 8 */
      {.type = kTfLiteInt32, .ndims = 1, .dims = {3}, .name = "response_keys", .data = response_keys,
       .data_size = sizeof response_keys},                                                      /* 9 */
      {.type = kTfLiteString, .ndims = 1, .dims = {3}, .name = "response_texts", .data = values,
       .data_size = values_size},                                                               /* 10 */
      {.type = kTfLiteString, .ndims = 1, .dims = {2}, .name = "responses"},                    /* 11 */
      {.type = kTfLiteUInt8, .ndims = 1, .dims = {2}, .name = "hits"},                          /* 12 */
  };
  int32_t t[13];
  for (int i = 0; i < 13; i++) t[i] = tflc_writer_add_tensor(w, &specs[i]);
  tflc_writer_operator normalize = {.ninputs = 1, .noutputs = 1, .inputs = {t[0]}, .outputs = {t[1]}};
  normalize.opcode = tflc_writer_add_opcode(w, 32, "Normalize", 1);
  tflc_writer_operator extract = {.ninputs = 1, .noutputs = 2, .inputs = {t[1]}, .outputs = {t[2], t[3]}};
  extract.opcode = tflc_writer_add_opcode(w, 32, "ExtractFeatures", 1);
  tflc_writer_operator predict = {.ninputs = 4, .noutputs = 2, .inputs = {t[2], t[4], t[5], t[6]},
                                  .outputs = {t[7], t[8]}, .custom_options = options,
                                  .custom_options_size = sizeof options};
  predict.opcode = tflc_writer_add_opcode(w, 32, "Predict", 1);
  tflc_writer_operator lookup = {.ninputs = 3, .noutputs = 2, .inputs = {t[7], t[9], t[10]}, .outputs = {t[11], t[12]}};
  lookup.opcode = tflc_writer_add_opcode(w, 10 /* HASHTABLE_LOOKUP */, NULL, 1);
  tflc_writer_add_operator(w, &normalize);
  tflc_writer_add_operator(w, &extract);
  tflc_writer_add_operator(w, &predict);
  tflc_writer_add_operator(w, &lookup);
  int32_t outputs[2] = {t[11], t[8]};
  tflc_writer_set_inputs(w, 1, &t[0]);
  tflc_writer_set_outputs(w, 2, outputs);
  int failed = tflc_writer_finish(w, bytes, size) != kTfLiteOk;
  if (failed) printf("FAIL writing the Smart Reply model: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  free(values);
  return failed;
}

typedef struct expected_reply {
  const char *text;
  float score;
  int is_backoff;
} expected_reply;

/* Runs tflc_reply_predict and compares with want (n replies); 0 when they match. */
static int check_replies(TfLiteInterpreter *in, const char *message, size_t num, const expected_reply *want, size_t n) {
  static const char *const backoff[] = {"Ok", "Thank you"};
  tflc_replies got;
  char err[512];
  if (tflc_reply_predict(in, message, backoff, 2, num, TFLC_REPLY_DEFAULT_BACKOFF_CONFIDENCE, &got, err, sizeof err) != 0) {
    printf("FAIL \"%s\": %s\n", message, err);
    return 1;
  }
  int failed = got.count != n;
  for (size_t i = 0; !failed && i < n; i++)
    failed = strcmp(got.items[i].text, want[i].text) != 0 || fabsf(got.items[i].score - want[i].score) > 1e-6f ||
             got.items[i].is_backoff != want[i].is_backoff;
  if (failed) {
    printf("FAIL \"%s\": got %zu replies:\n", message, got.count);
    for (size_t i = 0; i < got.count; i++) printf("  %.7f %s%s\n", (double)got.items[i].score, got.items[i].text,
                                                 got.items[i].is_backoff ? " (backoff)" : "");
  }
  tflc_replies_free(&got);
  return failed;
}

static void test_model(const uint8_t *bytes, size_t size) {
  char err[512];
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, sizeof err);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  CHECK(in != NULL && TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  if (in != NULL) {
    /* Two segments: "Thanks ." and "Lunch today"; "No problem" sums 0.4 + 0.2. */
    static const expected_reply both[] = {
        {"You're welcome", 0.8f, 0}, {"No problem", 0.6f, 0}, {"Sure, where?", 0.5f, 0}, {"Ok", 1e-4f, 1}};
    CHECK(check_replies(in, "Thanks. Lunch today", 4, both, 4) == 0);
    /* One segment; 3 wanted: one backoff response fills the list. */
    static const expected_reply thanks[] = {{"You're welcome", 0.8f, 0}, {"No problem", 0.4f, 0}, {"Ok", 1e-4f, 1}};
    CHECK(check_replies(in, "THANKS.", 3, thanks, 3) == 0);
    /* Unknown: Predict gives -1, the lookup an empty response, so only backoff responses. */
    static const expected_reply unknown[] = {{"Ok", 1e-4f, 1}, {"Thank you", 1e-4f, 1}};
    CHECK(check_replies(in, "Hello there", 10, unknown, 2) == 0);
    /* The model's own replies are not cut to num (as predictor.cc). */
    CHECK(check_replies(in, "Thanks. Lunch today", 1, both, 3) == 0);
  }
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
}

/* Writes the model and a backoff file into dir for the CLI test; 0 on success. */
static int write_files(const char *dir, const uint8_t *bytes, size_t size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/reply_model.tflite", dir);
  FILE *f = fopen(path, "wb");
  int failed = f == NULL || fwrite(bytes, 1, size, f) != size;
  if (f != NULL && fclose(f) != 0) failed = 1;
  snprintf(path, sizeof path, "%s/reply_backoff.txt", dir);
  f = fopen(path, "w");
  failed |= f == NULL || fputs("Ok\n\nThank you\n", f) < 0;
  if (f != NULL && fclose(f) != 0) failed = 1;
  return failed;
}

int main(int argc, char **argv) {
  test_split();
  uint8_t *bytes = NULL;
  size_t size = 0;
  CHECK(build_model(&bytes, &size) == 0);
  if (bytes != NULL) {
    test_model(bytes, size);
    if (argc > 1) CHECK(write_files(argv[1], bytes, size) == 0);
  }
  free(bytes);
  return TEST_REPORT();
}
