/*
** c_api_test.c — TensorFlow Lite's own C API test models, run through tflc's C API the
** way TFLite's c_api_test.cc runs them.
*/
#include <string.h>

#include "tensorflow/lite/c/c_api.h"
#include "test_util.h"

TEST_COUNTERS;

static TfLiteModel *load(const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/testdata/%s", test_shared_dir(), name);
  TfLiteModel *model = TfLiteModelCreateFromFile(path);
  CHECK(model != NULL);
  return model;
}

/* add.bin: output = x + x + x; resized to [2] and given {1, 3} it gives {3, 9}. */
static void test_add_float(void) {
  TfLiteModel *model = load("add.bin");
  if (!model) return;
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetNumThreads(options, 2);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model); /* the interpreter keeps what it needs */
  CHECK(in != NULL);
  if (!in) return;
  CHECK(TfLiteInterpreterGetInputTensorCount(in) == 1);
  CHECK(TfLiteInterpreterGetOutputTensorCount(in) == 1);
  CHECK(TfLiteInterpreterInvoke(in) != kTfLiteOk); /* not allocated yet */
  const int dims[1] = {2};
  CHECK(TfLiteInterpreterResizeInputTensor(in, 0, dims, 1) == kTfLiteOk);
  CHECK(TfLiteInterpreterResizeInputTensor(in, 5, dims, 1) != kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  CHECK(TfLiteInterpreterGetInputTensor(in, 1) == NULL);
  CHECK(TfLiteTensorType(input) == kTfLiteFloat32);
  CHECK(TfLiteTensorNumDims(input) == 1);
  CHECK(TfLiteTensorDim(input, 0) == 2);
  CHECK(TfLiteTensorByteSize(input) == sizeof(float) * 2);
  CHECK(TfLiteTensorData(input) != NULL);
  CHECK(strcmp(TfLiteTensorName(input), "input") == 0);
  TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(input);
  CHECK(q.scale == 0.0f && q.zero_point == 0);
  const float values[2] = {1.0f, 3.0f};
  CHECK(TfLiteTensorCopyFromBuffer(input, values, 3) != kTfLiteOk); /* wrong size */
  CHECK(TfLiteTensorCopyFromBuffer(input, values, sizeof values) == kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  const TfLiteTensor *output = TfLiteInterpreterGetOutputTensor(in, 0);
  CHECK(TfLiteTensorNumDims(output) == 1 && TfLiteTensorDim(output, 0) == 2);
  CHECK(strcmp(TfLiteTensorName(output), "output") == 0);
  float out[2] = {0, 0};
  CHECK(TfLiteTensorCopyToBuffer(output, out, sizeof out) == kTfLiteOk);
  CHECK(out[0] == 3.0f && out[1] == 9.0f);
  /* Invoking again with the same input gives the same output (inputs stay alive). */
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  CHECK(TfLiteTensorCopyToBuffer(output, out, sizeof out) == kTfLiteOk);
  CHECK(out[0] == 3.0f && out[1] == 9.0f);
  TfLiteInterpreterDelete(in);
}

/* add_quantized.bin: the same graph on uint8 with scale 0.003922, zero point 0. */
static void test_add_quantized(void) {
  TfLiteModel *model = load("add_quantized.bin");
  if (!model) return;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, NULL);
  CHECK(in != NULL);
  if (!in) return TfLiteModelDelete(model);
  const int dims[1] = {2};
  CHECK(TfLiteInterpreterResizeInputTensor(in, 0, dims, 1) == kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  CHECK(TfLiteTensorType(input) == kTfLiteUInt8);
  TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(input);
  CHECK(q.scale == 0.003922f && q.zero_point == 0);
  const uint8_t values[2] = {1, 3};
  CHECK(TfLiteTensorCopyFromBuffer(input, values, sizeof values) == kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  const TfLiteTensor *output = TfLiteInterpreterGetOutputTensor(in, 0);
  CHECK(TfLiteTensorType(output) == kTfLiteUInt8);
  uint8_t out[2] = {0, 0};
  CHECK(TfLiteTensorCopyToBuffer(output, out, sizeof out) == kTfLiteOk);
  CHECK(out[0] == 3 && out[1] == 9);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
}

/* multi_add.bin: i = b + c, x = a + i, y = d + i; four inputs, two outputs. */
static void test_multi_add(void) {
  TfLiteModel *model = load("multi_add.bin");
  if (!model) return;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, NULL);
  TfLiteModelDelete(model);
  CHECK(in != NULL);
  if (!in) return;
  CHECK(TfLiteInterpreterGetInputTensorCount(in) == 4);
  CHECK(TfLiteInterpreterGetOutputTensorCount(in) == 2);
  const int dims[1] = {2};
  for (int k = 0; k < 4; k++) CHECK(TfLiteInterpreterResizeInputTensor(in, k, dims, 1) == kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  for (int k = 0; k < 4; k++) {
    const float v[2] = {(float)(k + 1), (float)(10 * (k + 1))}; /* a = {1,10}, b = {2,20}, ... */
    CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, k), v, sizeof v) == kTfLiteOk);
  }
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  float x[2] = {0, 0}, y[2] = {0, 0};
  CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 0), x, sizeof x) == kTfLiteOk);
  CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 1), y, sizeof y) == kTfLiteOk);
  CHECK(x[0] == 6.0f && x[1] == 60.0f);  /* 1 + 2 + 3 */
  CHECK(y[0] == 9.0f && y[1] == 90.0f);  /* 4 + 2 + 3 */
  CHECK(strcmp(TfLiteTensorName(TfLiteInterpreterGetOutputTensor(in, 0)), "x") == 0);
  TfLiteInterpreterDelete(in);
}

/* Misuse gets an error or a neutral value, never a crash. */
static void test_misuse(void) {
  CHECK(TfLiteModelCreateFromFile("/nonexistent/model.tflite") == NULL);
  CHECK(TfLiteModelCreate(NULL, 0) == NULL);
  const char junk[64] = "not a model at all";
  CHECK(TfLiteModelCreate(junk, sizeof junk) == NULL);
  CHECK(TfLiteInterpreterCreate(NULL, NULL) == NULL);
  CHECK(TfLiteInterpreterAllocateTensors(NULL) != kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(NULL) != kTfLiteOk);
  CHECK(TfLiteInterpreterGetInputTensorCount(NULL) == 0);
  CHECK(TfLiteInterpreterGetInputTensor(NULL, 0) == NULL);
  CHECK(TfLiteTensorData(NULL) == NULL);
  CHECK(TfLiteTensorNumDims(NULL) == -1);
  TfLiteModelDelete(NULL);
  TfLiteInterpreterDelete(NULL);
  CHECK(strcmp(TfLiteVersion(), "2.9.0") == 0);
}

int main(void) {
  test_add_float();
  test_add_quantized();
  test_multi_add();
  test_misuse();
  return TEST_REPORT();
}
