/*
** smartreply_predict_test.c — the Smart Reply custom op Predict (src/kernels/smartreply_predict.c).
** ref-run's TensorFlow Lite lacks Smart Reply's custom ops, so the cases are TensorFlow Lite's
** published test vectors (tensorflow/lite/models/smartreply/ops/predict_test.cc: AllLabelsAreValid,
** MoreLabelsThanRequired, OneLabelDoesNotPassThreshold, NoneLabelPassThreshold,
** OnlyOneLabelGenerated, NoLabelGenerated), once with the tables fed as there and once stored as
** constants as in a model, plus the checks of prepare.
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

typedef struct predict_case {
  const char *name;
  int32_t num_output;
  float threshold;
  int32_t signatures[4];
  int32_t labels[10];
  float weights[10];
  int32_t want_labels[2];
  float want_scores[2];
} predict_case;

static const int32_t keys[5] = {1, 2, 4, 6, 7};

static const predict_case cases[] = {
    {"all_labels_are_valid", 2, 0.0001f, {1, 3, 7, 9}, {11, 12, 11, 12, 11, 12, 11, 12, 11, 12},
     {0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f}, {12, 11}, {0.1f, 0.05f}},
    {"more_labels_than_required", 1, 0.0001f, {1, 3, 7, 9}, {11, 12, 11, 12, 11, 12, 11, 12, 11, 12},
     {0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f}, {12}, {0.1f}},
    {"one_label_does_not_pass_threshold", 2, 0.07f, {1, 3, 7, 9}, {11, 12, 11, 12, 11, 12, 11, 12, 11, 12},
     {0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f}, {12, -1}, {0.1f, 0}},
    {"none_label_pass_threshold", 2, 0.6f, {1, 3, 7, 9}, {11, 12, 11, 12, 11, 12, 11, 12, 11, 12},
     {0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f, 0.1f, 0.2f}, {-1, -1}, {0, 0}},
    {"only_one_label_generated", 2, 0.0001f, {1, 3, 7, 9}, {11, 0, 11, 0, 11, 0, 11, 0, 11, 0},
     {0.1f, 0, 0.1f, 0, 0.1f, 0, 0.1f, 0, 0.1f, 0}, {11, -1}, {0.05f, 0}},
    {"no_label_generated", 2, 0.0001f, {5, 3, 7, 9}, {11, 0, 11, 0, 11, 0, 11, 0, 0, 0},
     {0.1f, 0, 0.1f, 0, 0.1f, 0, 0.1f, 0, 0, 0}, {-1, -1}, {0, 0}},
};

/* The 8 option bytes: int32 num_output, float threshold, little-endian. */
static void write_options(int32_t num_output, float threshold, uint8_t out[8]) {
  uint32_t bits;
  memcpy(&bits, &threshold, 4);
  for (int i = 0; i < 4; i++) {
    out[i] = (uint8_t)((uint32_t)num_output >> (8 * i));
    out[4 + i] = (uint8_t)(bits >> (8 * i));
  }
}

/* The one-op case for p; tables stored in the model when `constant_tables`. */
static op_test_case make_case(const predict_case *p, bool constant_tables, const uint8_t *options, size_t noptions) {
  op_test_case c = {
      .name = p->name,
      .builtin_code = 32,
      .custom_code = "Predict",
      .custom_options = options,
      .custom_options_size = noptions,
      .ninputs = 4,
      .inputs = {{kTfLiteInt32, 1, {4}, .data = p->signatures},
                 {kTfLiteInt32, 1, {5}, .data = keys, .constant = constant_tables},
                 {kTfLiteInt32, 2, {5, 2}, .data = p->labels, .constant = constant_tables},
                 {kTfLiteFloat32, 2, {5, 2}, .data = p->weights, .constant = constant_tables}},
      .noutputs = 2,
      .outputs = {{kTfLiteInt32, 1, {p->num_output}, .data = p->want_labels},
                  {kTfLiteFloat32, 1, {p->num_output}, .data = p->want_scores}},
  };
  return c;
}

/* Prepare refuses options of the wrong size, mismatched tables and a num_output below 1. */
static void test_refusals(void) {
  uint8_t options[8];
  write_options(2, 0.1f, options);
  op_test_case c = make_case(&cases[0], true, options, 4);
  c.name = "short_options";
  c.error = "custom options must be 8 bytes";
  CHECK(op_test_run(&c) == 0);
  c = make_case(&cases[0], true, options, 8);
  c.name = "mismatched_tables";
  c.inputs[2].dims[0] = 2;
  c.inputs[2].dims[1] = 5;
  c.error = "do not match";
  CHECK(op_test_run(&c) == 0);
  write_options(0, 0.1f, options);
  c = make_case(&cases[0], true, options, 8);
  c.name = "no_outputs";
  c.outputs[0].dims[0] = c.outputs[1].dims[0] = 1;
  c.error = "num_output must be at least 1, got 0";
  CHECK(op_test_run(&c) == 0);
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint8_t options[8];
    write_options(cases[i].num_output, cases[i].threshold, options);
    op_test_case fed = make_case(&cases[i], false, options, sizeof options);
    op_test_case stored = make_case(&cases[i], true, options, sizeof options);
    CHECK(op_test_run(&fed) == 0);
    CHECK(op_test_run(&stored) == 0);
  }
  test_refusals();
  return TEST_REPORT();
}
