/*
** dequantize_test.c — DEQUANTIZE cases in literals (tests/kernels/op_test.h): constant float16
** and per-channel int8 weights, which tflc dequantizes once at prepare, and a runtime uint8
** input dequantized at Invoke. Expected outputs were produced by TensorFlow Lite 2.9 (ref-run)
** from the models these cases write under TFLC_OP_TEST_DUMP. A last check makes sure a constant
** input's output holds its values right after AllocateTensors, before any Invoke.
*/
#include "kernels/op_test.h"
#include "test_util.h"

TEST_COUNTERS;

enum { DEQUANTIZE = 6 };

/* 1.0, -2.5, 0.333984375, 65504 (largest half), 2^-24 (smallest subnormal), -0. */
static const uint16_t halves[6] = {0x3c00, 0xc100, 0x3558, 0x7bff, 0x0001, 0x8000};
static const float channel_scales[2] = {0.5f, 0.125f};
static const int64_t channel_zero_points[2] = {0, 0};

static const op_test_case cases[] = {
    {
        .name = "dequantize_constant_float16",
        .builtin_code = DEQUANTIZE, .version = 3,
        .ninputs = 1,
        .inputs = {{kTfLiteFloat16, 2, {2, 3}, .constant = true, .data = halves}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {2, 3}, .data = (const float[]){1, -2.5f, 0.333984375f, 65504, 5.96046448e-08f, -0.0f}}},
    },
    {
        .name = "dequantize_constant_int8_per_channel",
        .builtin_code = DEQUANTIZE, .version = 4,
        .ninputs = 1,
        .inputs = {{kTfLiteInt8, 2, {3, 2}, .constant = true, .nscales = 2, .scales = channel_scales,
                    .zero_points = channel_zero_points, .quantized_dimension = 1,
                    .data = (const int8_t[]){-128, 127, 3, -7, 0, 100}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 2, {3, 2}, .data = (const float[]){-64, 15.875f, 1.5f, -0.875f, 0, 12.5f}}},
    },
    {
        .name = "dequantize_uint8_input",
        .builtin_code = DEQUANTIZE, .version = 1,
        .ninputs = 1,
        .inputs = {{kTfLiteUInt8, 1, {4}, .scale = 0.25f, .zero_point = 128, .data = (const uint8_t[]){0, 127, 128, 255}}},
        .noutputs = 1,
        .outputs = {{kTfLiteFloat32, 1, {4}, .data = (const float[]){-32, -0.25f, 0, 31.75f}}},
    },
};

/* The constant float16 case's output must hold its values after AllocateTensors alone. */
static int check_values_at_prepare(const op_test_case *c) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  if (op_test_build(c, &bytes, &size) != 0) return 1;
  char err[256];
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, sizeof err);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  int failed = in == NULL || TfLiteInterpreterAllocateTensors(in) != kTfLiteOk;
  if (!failed) {
    const float *got = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 0));
    const float *want = c->outputs[0].data;
    for (int i = 0; i < 6 && !failed; i++)
      if (got[i] != want[i]) failed = printf("FAIL %s before Invoke: [%d] got %g, expected %g\n", c->name, i, got[i], want[i]);
  }
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
  return failed != 0;
}

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
  CHECK(check_values_at_prepare(&cases[0]) == 0);
  return TEST_REPORT();
}
