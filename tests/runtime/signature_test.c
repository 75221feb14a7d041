/*
** signature_test.c — the signature runner API on TFLite's own test models.
**
** multi_signatures.bin has two signatures on two subgraphs: "add" (x + 2) and "sub" (x - 3);
** reverse_signature_model.bin lists its inputs and outputs by name in another order than
** the subgraph; no_signatures.bin has none.
*/
#include <string.h>

#include "tensorflow/lite/c/c_api.h"
#include "test_util.h"

TEST_COUNTERS;

static TfLiteInterpreter *open_model(const char *name, TfLiteModel **model) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/testdata/%s", test_shared_dir(), name);
  *model = TfLiteModelCreateFromFile(path);
  CHECK(*model != NULL);
  TfLiteInterpreter *in = *model ? TfLiteInterpreterCreate(*model, NULL) : NULL;
  CHECK(in != NULL);
  return in;
}

/* Runs signature `key` on float inputs x and returns output_0's values in out. */
static void run_float(TfLiteInterpreter *in, const char *key, const float *x, int n, float *out) {
  TfLiteSignatureRunner *r = TfLiteInterpreterGetSignatureRunner(in, key);
  CHECK(r != NULL);
  if (!r) return;
  CHECK(TfLiteSignatureRunnerGetInputCount(r) == 1 && TfLiteSignatureRunnerGetOutputCount(r) == 1);
  CHECK(strcmp(TfLiteSignatureRunnerGetInputName(r, 0), "x") == 0);
  CHECK(strcmp(TfLiteSignatureRunnerGetOutputName(r, 0), "output_0") == 0);
  CHECK(TfLiteSignatureRunnerGetInputName(r, 1) == NULL);
  const int dims[1] = {n};
  CHECK(TfLiteSignatureRunnerResizeInputTensor(r, "x", dims, 1) == kTfLiteOk);
  CHECK(TfLiteSignatureRunnerResizeInputTensor(r, "nope", dims, 1) != kTfLiteOk);
  CHECK(TfLiteSignatureRunnerAllocateTensors(r) == kTfLiteOk);
  TfLiteTensor *input = TfLiteSignatureRunnerGetInputTensor(r, "x");
  CHECK(input != NULL && TfLiteSignatureRunnerGetInputTensor(r, "y") == NULL);
  CHECK(TfLiteTensorCopyFromBuffer(input, x, sizeof(float) * (size_t)n) == kTfLiteOk);
  CHECK(TfLiteSignatureRunnerInvoke(r) == kTfLiteOk);
  const TfLiteTensor *output = TfLiteSignatureRunnerGetOutputTensor(r, "output_0");
  CHECK(output != NULL && TfLiteTensorDim(output, 0) == n);
  CHECK(TfLiteTensorCopyToBuffer(output, out, sizeof(float) * (size_t)n) == kTfLiteOk);
  TfLiteSignatureRunnerDelete(r);
}

static void test_multi_signatures(void) {
  TfLiteModel *model;
  TfLiteInterpreter *in = open_model("multi_signatures.bin", &model);
  if (!in) return TfLiteModelDelete(model);
  CHECK(TfLiteInterpreterGetSignatureCount(in) == 2);
  CHECK(strcmp(TfLiteInterpreterGetSignatureKey(in, 0), "add") == 0);
  CHECK(strcmp(TfLiteInterpreterGetSignatureKey(in, 1), "sub") == 0);
  CHECK(TfLiteInterpreterGetSignatureKey(in, 2) == NULL);
  CHECK(TfLiteInterpreterGetSignatureRunner(in, "mul") == NULL);
  CHECK(TfLiteInterpreterGetSignatureRunner(in, NULL) == NULL); /* ambiguous: two signatures */
  const float x[2] = {2, 4};
  float added[2] = {0, 0}, subtracted[2] = {0, 0};
  run_float(in, "add", x, 2, added);
  run_float(in, "sub", x, 2, subtracted);
  CHECK(added[0] == 4 && added[1] == 6);
  CHECK(subtracted[0] == -1 && subtracted[1] == 1);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
}

static void test_reverse_signature(void) {
  TfLiteModel *model;
  TfLiteInterpreter *in = open_model("reverse_signature_model.bin", &model);
  if (!in) return TfLiteModelDelete(model);
  CHECK(TfLiteInterpreterGetSignatureCount(in) == 1);
  TfLiteSignatureRunner *r = TfLiteInterpreterGetSignatureRunner(in, NULL); /* the only one */
  CHECK(r != NULL);
  if (r) {
    CHECK(TfLiteSignatureRunnerGetInputCount(r) == 2 && TfLiteSignatureRunnerGetOutputCount(r) == 2);
    const TfLiteTensor *x = TfLiteSignatureRunnerGetInputTensor(r, "x"), *y = TfLiteSignatureRunnerGetInputTensor(r, "y");
    CHECK(x != NULL && y != NULL && x != y);
    CHECK(TfLiteSignatureRunnerGetOutputTensor(r, "prod") != TfLiteSignatureRunnerGetOutputTensor(r, "sum"));
    TfLiteSignatureRunnerDelete(r);
  }
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
}

static void test_no_signatures(void) {
  TfLiteModel *model;
  TfLiteInterpreter *in = open_model("no_signatures.bin", &model);
  if (!in) return TfLiteModelDelete(model);
  CHECK(TfLiteInterpreterGetSignatureCount(in) == 0);
  CHECK(TfLiteInterpreterGetSignatureKey(in, 0) == NULL);
  CHECK(TfLiteInterpreterGetSignatureRunner(in, "serving_default") == NULL);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  CHECK(TfLiteInterpreterGetSignatureCount(NULL) == 0);
  CHECK(TfLiteSignatureRunnerInvoke(NULL) != kTfLiteOk);
  TfLiteSignatureRunnerDelete(NULL);
}

int main(void) {
  test_multi_signatures();
  test_reverse_signature();
  test_no_signatures();
  return TEST_REPORT();
}
