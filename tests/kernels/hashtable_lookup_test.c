/*
** hashtable_lookup_test.c — HASHTABLE_LOOKUP (src/kernels/hashtable_lookup.c): float, int32, int64
** and uint8 value rows, misses (zero rows, hit 0), keys far apart (TFLite's wrapping comparator
** misses INT32_MIN there), string values (empty string on a miss) and the checks of prepare.
** Expected values were produced by TensorFlow Lite 2.9's builtin kernel (ref-run) on the same
** one-op models (TFLC_OP_TEST_DUMP writes them, string case included).
*/
#include <stdbool.h>
#include <stdint.h>

#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

#define LOOKUP_CODE 10

static const op_test_case cases[] = {
    {
        .name = "hashtable_lookup_float_rows",
        .builtin_code = LOOKUP_CODE,
        .ninputs = 3,
        .inputs = {{kTfLiteInt32, 1, {4}, .data = (const int32_t[]){1234, -292, -11, 0}},
                   {kTfLiteInt32, 1, {3}, .data = (const int32_t[]){-11, 0, 1234}, .constant = true},
                   {kTfLiteFloat32, 2, {3, 2}, .data = (const float[]){0.1f, 0.2f, 1.5f, -1.5f, 7, 8},
                    .constant = true}},
        .noutputs = 2,
        .outputs = {{kTfLiteFloat32, 2, {4, 2}, .data = (const float[]){7, 8, 0, 0, 0.1f, 0.2f, 1.5f, -1.5f}},
                    {kTfLiteUInt8, 1, {4}, .data = (const uint8_t[]){1, 0, 1, 1}}},
    },
    {
        .name = "hashtable_lookup_int32_extreme_keys",
        .builtin_code = LOOKUP_CODE,
        .ninputs = 3,
        .inputs = {{kTfLiteInt32, 1, {5}, .data = (const int32_t[]){INT32_MAX, INT32_MIN, 3, 4, -5}},
                   {kTfLiteInt32, 1, {4}, .data = (const int32_t[]){INT32_MIN, -5, 3, INT32_MAX}, .constant = true},
                   {kTfLiteInt32, 1, {4}, .data = (const int32_t[]){10, 20, 30, 40}, .constant = true}},
        .noutputs = 2,
        .outputs = {{kTfLiteInt32, 1, {5}, .data = (const int32_t[]){40, 0, 30, 0, 20}},
                    {kTfLiteUInt8, 1, {5}, .data = (const uint8_t[]){1, 0, 1, 0, 1}}},
    },
    {
        .name = "hashtable_lookup_uint8_3d",
        .builtin_code = LOOKUP_CODE,
        .ninputs = 3,
        .inputs = {{kTfLiteInt32, 1, {3}, .data = (const int32_t[]){5, 7, 6}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){5, 6}, .constant = true},
                   {kTfLiteUInt8, 3, {2, 2, 2}, .data = (const uint8_t[]){1, 2, 3, 4, 250, 251, 252, 253},
                    .constant = true, .scale = 0.5f, .zero_point = 128}},
        .noutputs = 2,
        .outputs = {{kTfLiteUInt8, 3, {3, 2, 2}, .data = (const uint8_t[]){1, 2, 3, 4, 0, 0, 0, 0, 250, 251, 252, 253},
                     .scale = 0.5f, .zero_point = 128},
                    {kTfLiteUInt8, 1, {3}, .data = (const uint8_t[]){1, 0, 1}}},
    },
    {
        .name = "hashtable_lookup_int64_fed_table",
        .builtin_code = LOOKUP_CODE,
        .ninputs = 3,
        .inputs = {{kTfLiteInt32, 1, {3}, .data = (const int32_t[]){2, 9, 1}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){1, 2}},
                   {kTfLiteInt64, 1, {2}, .data = (const int64_t[]){-1, INT64_C(1) << 40}}},
        .noutputs = 2,
        .outputs = {{kTfLiteInt64, 1, {3}, .data = (const int64_t[]){INT64_C(1) << 40, 0, -1}},
                    {kTfLiteUInt8, 1, {3}, .data = (const uint8_t[]){1, 0, 1}}},
    },
    {
        .name = "hashtable_lookup_float_lookup",
        .builtin_code = LOOKUP_CODE,
        .ninputs = 3,
        .inputs = {{kTfLiteFloat32, 1, {1}, .data = (const float[]){1}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){1}, .constant = true},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){1}, .constant = true}},
        .noutputs = 2,
        .outputs = {{kTfLiteInt32, 1, {1}}, {kTfLiteUInt8, 1, {1}}},
        .error = "lookup must be 1-D int32",
    },
    {
        .name = "hashtable_lookup_rows_mismatch",
        .builtin_code = LOOKUP_CODE,
        .ninputs = 3,
        .inputs = {{kTfLiteInt32, 1, {1}, .data = (const int32_t[]){1}},
                   {kTfLiteInt32, 1, {2}, .data = (const int32_t[]){1, 2}, .constant = true},
                   {kTfLiteInt32, 1, {3}, .data = (const int32_t[]){1, 2, 3}, .constant = true}},
        .noutputs = 2,
        .outputs = {{kTfLiteInt32, 1, {1}}, {kTfLiteUInt8, 1, {1}}},
        .error = "values has 3 rows but keys has 2",
    },
    {
        .name = "hashtable_lookup_hits_not_uint8",
        .builtin_code = LOOKUP_CODE,
        .ninputs = 3,
        .inputs = {{kTfLiteInt32, 1, {1}, .data = (const int32_t[]){1}},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){1}, .constant = true},
                   {kTfLiteInt32, 1, {1}, .data = (const int32_t[]){1}, .constant = true}},
        .noutputs = 2,
        .outputs = {{kTfLiteInt32, 1, {1}}, {kTfLiteInt32, 1, {1}}},
        .error = "hits must be uint8",
    },
};

/* The string table: keys 1, 3, 5 -> "alpha", "", "gamma ray" (TFLite's string buffer layout). */
static const uint8_t string_values[] = {
    3, 0, 0, 0, 20, 0, 0, 0, 25, 0, 0, 0, 25, 0, 0, 0, 34, 0, 0, 0,
    'a', 'l', 'p', 'h', 'a', 'g', 'a', 'm', 'm', 'a', ' ', 'r', 'a', 'y'};
/* The lookup 5, 2, 1, 3 -> "gamma ray", "", "alpha", "": what ref-run wrote as output_0.bin. */
static const uint8_t string_expected[] = {
    4,   0,   0,   0,   24,  0,   0,   0,   33,  0,   0,   0,   33,  0,   0,  0,   38, 0, 0, 0, 38, 0, 0, 0,
    'g', 'a', 'm', 'm', 'a', ' ', 'r', 'a', 'y', 'a', 'l', 'p', 'h', 'a'};
static const int32_t string_lookup[] = {5, 2, 1, 3};
static const uint8_t string_hits[] = {1, 0, 1, 1};

/* Builds the string-valued one-op model (lookup fed, keys and values constant); 0 on success. */
static int build_string_model(uint8_t **bytes, size_t *size) {
  static const int32_t keys[] = {1, 3, 5};
  tflc_writer *w = tflc_writer_init();
  if (w == NULL) return 1;
  tflc_writer_tensor lookup = {.type = kTfLiteInt32, .ndims = 1, .dims = {4}, .name = "lookup"};
  tflc_writer_tensor key = {.type = kTfLiteInt32, .ndims = 1, .dims = {3}, .name = "keys", .data = keys,
                            .data_size = sizeof keys};
  tflc_writer_tensor values = {.type = kTfLiteString, .ndims = 1, .dims = {3}, .name = "values",
                               .data = string_values, .data_size = sizeof string_values};
  tflc_writer_tensor output = {.type = kTfLiteString, .ndims = 1, .dims = {4}, .name = "output"};
  tflc_writer_tensor hits = {.type = kTfLiteUInt8, .ndims = 1, .dims = {4}, .name = "hits"};
  tflc_writer_operator op = {.ninputs = 3, .noutputs = 2};
  op.inputs[0] = tflc_writer_add_tensor(w, &lookup);
  op.inputs[1] = tflc_writer_add_tensor(w, &key);
  op.inputs[2] = tflc_writer_add_tensor(w, &values);
  op.outputs[0] = tflc_writer_add_tensor(w, &output);
  op.outputs[1] = tflc_writer_add_tensor(w, &hits);
  op.opcode = tflc_writer_add_opcode(w, LOOKUP_CODE, NULL, 1);
  tflc_writer_add_operator(w, &op);
  tflc_writer_set_inputs(w, 1, op.inputs);
  tflc_writer_set_outputs(w, 2, op.outputs);
  int failed = tflc_writer_finish(w, bytes, size) != kTfLiteOk;
  if (failed) printf("FAIL string model: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return failed;
}

/* Runs the string case (twice, so the second invoke replaces the first output) and compares bytes. */
static void test_string_values(void) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  CHECK(build_string_model(&bytes, &size) == 0);
  if (bytes == NULL) return;
  const op_test_case dump = {.name = "hashtable_lookup_strings", .ninputs = 1,
                             .inputs = {{kTfLiteInt32, 1, {4}, .data = string_lookup}}};
  op_test_dump(&dump, bytes, size);
  char err[512];
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, sizeof err);
  CHECK(model != NULL);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  CHECK(in != NULL);
  if (in != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), string_lookup, sizeof string_lookup) ==
          kTfLiteOk);
    for (int run = 0; run < 2; run++) CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    const TfLiteTensor *out = TfLiteInterpreterGetOutputTensor(in, 0), *hits = TfLiteInterpreterGetOutputTensor(in, 1);
    CHECK(TfLiteTensorType(out) == kTfLiteString && TfLiteTensorNumDims(out) == 1 && TfLiteTensorDim(out, 0) == 4);
    CHECK(TfLiteTensorByteSize(out) == sizeof string_expected);
    CHECK(TfLiteTensorByteSize(out) == sizeof string_expected &&
          memcmp(TfLiteTensorData(out), string_expected, sizeof string_expected) == 0);
    CHECK(TfLiteTensorByteSize(hits) == 4 && memcmp(TfLiteTensorData(hits), string_hits, 4) == 0);
  }
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  test_string_values();
  return TEST_REPORT();
}
