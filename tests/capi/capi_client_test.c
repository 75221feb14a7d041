/*
** capi_client_test.c — a client of the TensorFlow Lite C API, written only against TFLite's
** published headers (c_api.h, c_api_experimental.h, common.h, builtin_ops.h): no tflc header,
** no tflc function. It runs TFLite's test models and a hosted MobileNet through every function.
**
** The part above "Newer API" uses only what TensorFlow Lite 2.9's libtensorflowlite_c exports,
** and its expectations are what TFLite 2.9 does: scripts/capi_vs_reference.sh builds this file
** with -DCAPI_TFLITE_2_9_ONLY against the reference library and runs it there too, so the same
** checks pass on both (same outputs, same status codes). The newer functions run on tflc alone.
**
** Usage: capi_client_test [SHARED_DIR]   (default $TFLC_SHARED, then ../shared)
** Prints "N passed, M failed"; exit status 1 when anything failed.
*/
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tensorflow/lite/builtin_ops.h"
#include "tensorflow/lite/c/c_api.h"
#include "tensorflow/lite/c/c_api_experimental.h"
#include "tensorflow/lite/c/common.h"
#include "tensorflow/lite/delegates/xnnpack/xnnpack_delegate.h"

static int passed, failed;
static const char *shared_dir;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (cond) passed++;                                                      \
    else {                                                                   \
      failed++;                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                        \
  } while (0)

static char *shared_path(const char *relative) {
  static char path[4096];
  snprintf(path, sizeof path, "%s/%s", shared_dir, relative);
  return path;
}

static TfLiteModel *load_testdata(const char *name) {
  char relative[256];
  snprintf(relative, sizeof relative, "models/testdata/%s", name);
  TfLiteModel *model = TfLiteModelCreateFromFile(shared_path(relative));
  CHECK(model != NULL);
  return model;
}

/* Reads a whole file; NULL when missing. */
static unsigned char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *data = n > 0 ? malloc((size_t)n) : NULL;
  if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = data ? (size_t)n : 0;
  return data;
}

/* An error reporter that keeps the last message. */
static char last_report[1024];
static int reports;
static void keep_report(void *user_data, const char *format, va_list args) {
  (void)user_data;
  vsnprintf(last_report, sizeof last_report, format, args);
  reports++;
}

static TfLiteInterpreterOptions *quiet_options(void) {
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetErrorReporter(options, keep_report, NULL);
  return options;
}

/* ---- add.bin, add_quantized.bin, multi_add.bin ---- */

/* add.bin: output = input + input + input, resized to [2]. */
static void test_add(void) {
  TfLiteModel *model = load_testdata("add.bin");
  if (model == NULL) return;
  TfLiteInterpreterOptions *options = quiet_options();
  TfLiteInterpreterOptionsSetNumThreads(options, 2);
  TfLiteInterpreterOptionsSetUseNNAPI(options, true);               /* accepted, no effect */
  TfLiteInterpreterOptionsSetEnableDelegateFallback(options, true); /* accepted */
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  CHECK(in != NULL);
  if (in == NULL) return;
  CHECK(TfLiteInterpreterGetInputTensorCount(in) == 1);
  CHECK(TfLiteInterpreterGetOutputTensorCount(in) == 1);
  CHECK(TfLiteInterpreterGetInputTensorIndex(in, 0) == 1);
  CHECK(TfLiteInterpreterGetOutputTensorIndex(in, 0) == 2);
  const int dims[1] = {2};
  CHECK(TfLiteInterpreterResizeInputTensor(in, 0, dims, 1) == kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  CHECK(TfLiteTensorType(input) == kTfLiteFloat32);
  CHECK(TfLiteTensorNumDims(input) == 1 && TfLiteTensorDim(input, 0) == 2);
  CHECK(TfLiteTensorByteSize(input) == 2 * sizeof(float));
  CHECK(TfLiteTensorData(input) != NULL);
  CHECK(strcmp(TfLiteTensorName(input), "input") == 0);
  /* Public struct fields, as bindings read them. */
  CHECK(input->type == kTfLiteFloat32 && input->dims->size == 1 && input->dims->data[0] == 2);
  CHECK(input->bytes == 8 && input->data.f == TfLiteTensorData(input));
  const float x[2] = {1.0f, 3.0f};
  CHECK(TfLiteTensorCopyFromBuffer(input, x, 3) == kTfLiteError);
  CHECK(TfLiteTensorCopyFromBuffer(input, x, sizeof x) == kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  const TfLiteTensor *output = TfLiteInterpreterGetOutputTensor(in, 0);
  float y[2] = {0, 0};
  CHECK(TfLiteTensorCopyToBuffer(output, y, 3) == kTfLiteError);
  CHECK(TfLiteTensorCopyToBuffer(output, y, sizeof y) == kTfLiteOk);
  CHECK(y[0] == 3.0f && y[1] == 9.0f);
  CHECK(strcmp(TfLiteTensorName(output), "output") == 0);
  CHECK(TfLiteInterpreterResetVariableTensors(in) == kTfLiteOk); /* no variables: nothing to do */
  TfLiteInterpreterDelete(in);
}

static void test_add_quantized(void) {
  TfLiteModel *model = load_testdata("add_quantized.bin");
  if (model == NULL) return;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, NULL);
  CHECK(in != NULL);
  if (in == NULL) return TfLiteModelDelete(model);
  const int dims[1] = {2};
  CHECK(TfLiteInterpreterResizeInputTensor(in, 0, dims, 1) == kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  CHECK(TfLiteTensorType(input) == kTfLiteUInt8);
  TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(input);
  CHECK(q.scale == 0.003922f && q.zero_point == 0);
  CHECK(input->quantization.type == kTfLiteAffineQuantization);
  const TfLiteAffineQuantization *affine = input->quantization.params;
  CHECK(affine != NULL && affine->scale->size == 1 && affine->scale->data[0] == 0.003922f);
  const unsigned char x[2] = {1, 3};
  CHECK(TfLiteTensorCopyFromBuffer(input, x, sizeof x) == kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  unsigned char y[2] = {0, 0};
  CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 0), y, sizeof y) == kTfLiteOk);
  CHECK(y[0] == 3 && y[1] == 9);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
}

static void test_multi_add(void) {
  TfLiteModel *model = load_testdata("multi_add.bin");
  if (model == NULL) return;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, NULL);
  TfLiteModelDelete(model);
  CHECK(in != NULL);
  if (in == NULL) return;
  CHECK(TfLiteInterpreterGetInputTensorCount(in) == 4 && TfLiteInterpreterGetOutputTensorCount(in) == 2);
  const int dims[1] = {2};
  for (int k = 0; k < 4; k++) CHECK(TfLiteInterpreterResizeInputTensor(in, k, dims, 1) == kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  for (int k = 0; k < 4; k++) {
    const float v[2] = {(float)(k + 1), (float)(10 * (k + 1))};
    CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, k), v, sizeof v) == kTfLiteOk);
  }
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  float x[2] = {0, 0}, y[2] = {0, 0};
  CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 0), x, sizeof x) == kTfLiteOk);
  CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 1), y, sizeof y) == kTfLiteOk);
  CHECK(x[0] == 6.0f && x[1] == 60.0f && y[0] == 9.0f && y[1] == 90.0f);
  for (int k = 0; k < 4; k++) {
    int index = TfLiteInterpreterGetInputTensorIndex(in, k);
    CHECK(index >= 0);
  }
  TfLiteInterpreterDelete(in);
}

/* ---- A custom op through TfLiteRegistration: Sinh ---- */

typedef struct sinh_counts {
  int init, free, prepare, invoke;
  size_t options_length;
  int user_data_seen;
} sinh_counts;
static sinh_counts sinh_calls;
static int sinh_user_data = 42;

static void *sinh_init(TfLiteContext *context, const char *buffer, size_t length) {
  (void)context, (void)buffer;
  sinh_calls.init++;
  sinh_calls.options_length = length;
  return &sinh_user_data;
}

static void sinh_free(TfLiteContext *context, void *data) {
  (void)context;
  if (data == &sinh_user_data) sinh_calls.free++;
}

/* As a TFLite kernel does it: check with TF_LITE_ENSURE, size the output with ResizeTensor. */
static TfLiteStatus sinh_prepare(TfLiteContext *context, TfLiteNode *node) {
  sinh_calls.prepare++;
  if (node->user_data == &sinh_user_data) sinh_calls.user_data_seen++;
  TF_LITE_ENSURE_EQ(context, node->inputs->size, 1);
  TF_LITE_ENSURE_EQ(context, node->outputs->size, 1);
  const TfLiteTensor *input = &context->tensors[node->inputs->data[0]];
  TfLiteTensor *output = &context->tensors[node->outputs->data[0]];
  TF_LITE_ENSURE_TYPES_EQ(context, input->type, kTfLiteFloat32);
  return context->ResizeTensor(context, output, TfLiteIntArrayCopy(input->dims));
}

static TfLiteStatus sinh_invoke(TfLiteContext *context, TfLiteNode *node) {
  sinh_calls.invoke++;
  const TfLiteTensor *input = &context->tensors[node->inputs->data[0]];
  TfLiteTensor *output = &context->tensors[node->outputs->data[0]];
  size_t n = input->bytes / sizeof(float);
  for (size_t i = 0; i < n; i++) output->data.f[i] = sinhf(input->data.f[i]);
  return kTfLiteOk;
}

static const TfLiteRegistration sinh_registration = {
    sinh_init, sinh_free, sinh_prepare, sinh_invoke, NULL, kTfLiteBuiltinCustom, "Sinh", 1};

/* Runs custom_sinh.bin on 0.5 and -1.25 (resized to [2]) and checks the values. */
static void run_sinh(TfLiteInterpreter *in) {
  const int dims[1] = {2};
  CHECK(TfLiteInterpreterResizeInputTensor(in, 0, dims, 1) == kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  const float x[2] = {0.5f, -1.25f};
  CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), x, sizeof x) == kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  const TfLiteTensor *output = TfLiteInterpreterGetOutputTensor(in, 0);
  CHECK(TfLiteTensorNumDims(output) == 1 && TfLiteTensorDim(output, 0) == 2);
  float y[2] = {0, 0};
  CHECK(TfLiteTensorCopyToBuffer(output, y, sizeof y) == kTfLiteOk);
  /* sinh(0.5) = 0.5210953, sinh(-1.25) = -1.6019190 (a constant-folded sinhf may round differently) */
  CHECK(fabsf(y[0] - 0.52109530f) < 1e-6f && fabsf(y[1] + 1.60191908f) < 1e-6f);
}

static void test_custom_op(void) {
  TfLiteModel *model = load_testdata("custom_sinh.bin");
  if (model == NULL) return;
  /* Not registered: the interpreter is created, AllocateTensors fails with kTfLiteUnresolvedOps. */
  TfLiteInterpreterOptions *options = quiet_options();
  TfLiteInterpreter *unresolved = TfLiteInterpreterCreate(model, options);
  CHECK(unresolved != NULL);
  if (unresolved != NULL) {
    reports = 0;
    CHECK(TfLiteInterpreterAllocateTensors(unresolved) == kTfLiteUnresolvedOps);
    CHECK(reports >= 1 && strstr(last_report, "Sinh") != NULL);
    CHECK(TfLiteInterpreterInvoke(unresolved) == kTfLiteError);
    TfLiteInterpreterDelete(unresolved);
  }
  memset(&sinh_calls, 0, sizeof sinh_calls);
  TfLiteInterpreterOptionsAddCustomOp(options, "Sinh", &sinh_registration, 1, 1);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options); /* the interpreter keeps what it needs */
  CHECK(in != NULL);
  if (in == NULL) return TfLiteModelDelete(model);
  CHECK(sinh_calls.init == 1 && sinh_calls.options_length == 12); /* the op's flexbuffer options */
  CHECK(sinh_calls.prepare == 0 && sinh_calls.invoke == 0);
  run_sinh(in);
  CHECK(sinh_calls.prepare >= 1 && sinh_calls.user_data_seen == sinh_calls.prepare);
  CHECK(sinh_calls.invoke == 1);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  CHECK(sinh_calls.invoke == 2 && sinh_calls.free == 0);
  TfLiteInterpreterDelete(in);
  CHECK(sinh_calls.free == 1 && sinh_calls.init == 1);

  /* Registered for versions 2..3 only: the model's version 1 is not resolved. */
  options = quiet_options();
  TfLiteInterpreterOptionsAddCustomOp(options, "Sinh", &sinh_registration, 2, 3);
  TfLiteInterpreterOptionsAddCustomOp(options, "Cosh", &sinh_registration, 1, 1);
  /* The same with only the selected ops: the registration is enough for this model. */
  TfLiteInterpreterOptionsAddCustomOp(options, "Sinh", &sinh_registration, 1, 1);
  in = TfLiteInterpreterCreateWithSelectedOps(model, options);
  TfLiteInterpreterOptionsDelete(options);
  CHECK(in != NULL);
  if (in != NULL) run_sinh(in);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
}

/* ---- SetOpResolver, AddBuiltinOp, CreateWithSelectedOps on builtins ---- */

static int resolver_builtin_calls, resolver_custom_calls;

static const TfLiteRegistration *find_no_builtin(void *user_data, TfLiteBuiltinOperator op, int version) {
  (void)op, (void)version;
  resolver_builtin_calls++;
  CHECK(user_data == &resolver_builtin_calls);
  return NULL;
}

static const TfLiteRegistration *find_sinh(void *user_data, const char *op, int version) {
  (void)user_data;
  resolver_custom_calls++;
  return strcmp(op, "Sinh") == 0 && version == 1 ? &sinh_registration : NULL;
}

/* A float ADD of two same-shape inputs (no activation), counting its calls. */
static int my_add_invokes;
static TfLiteStatus my_add_prepare(TfLiteContext *context, TfLiteNode *node) {
  TF_LITE_ENSURE_EQ(context, node->inputs->size, 2);
  const TfLiteTensor *a = &context->tensors[node->inputs->data[0]];
  return context->ResizeTensor(context, &context->tensors[node->outputs->data[0]], TfLiteIntArrayCopy(a->dims));
}
static TfLiteStatus my_add_invoke(TfLiteContext *context, TfLiteNode *node) {
  my_add_invokes++;
  const TfLiteTensor *a = &context->tensors[node->inputs->data[0]];
  const TfLiteTensor *b = &context->tensors[node->inputs->data[1]];
  TfLiteTensor *out = &context->tensors[node->outputs->data[0]];
  for (size_t i = 0; i < out->bytes / sizeof(float); i++) out->data.f[i] = a->data.f[i] + b->data.f[i];
  return kTfLiteOk;
}
static const TfLiteRegistration my_add_registration = {NULL, NULL, my_add_prepare, my_add_invoke,
                                                       NULL, kTfLiteBuiltinAdd, NULL, 1};

static void test_resolvers(void) {
  TfLiteModel *add = load_testdata("add.bin");
  TfLiteModel *sinh = load_testdata("custom_sinh.bin");
  if (add == NULL || sinh == NULL) return TfLiteModelDelete(add), TfLiteModelDelete(sinh);

  /* Only the selected ops: add.bin's ADD is not among them. */
  TfLiteInterpreterOptions *options = quiet_options();
  reports = 0;
  CHECK(TfLiteInterpreterCreateWithSelectedOps(add, options) == NULL);
  CHECK(reports > 0);
  /* With ADD registered it runs on the registration. */
  TfLiteInterpreterOptionsAddBuiltinOp(options, kTfLiteBuiltinAdd, &my_add_registration, 1, 1);
  TfLiteInterpreter *in = TfLiteInterpreterCreateWithSelectedOps(add, options);
  CHECK(in != NULL);
  if (in != NULL) {
    my_add_invokes = 0;
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk); /* shape [1, 8, 8, 3] */
    TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
    float x[192], y[192];
    for (int i = 0; i < 192; i++) x[i] = (float)i;
    CHECK(TfLiteTensorCopyFromBuffer(input, x, sizeof x) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    CHECK(my_add_invokes == 2);
    CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 0), y, sizeof y) == kTfLiteOk);
    CHECK(y[0] == 0.0f && y[1] == 3.0f && y[191] == 573.0f);
    TfLiteInterpreterDelete(in);
  }
  /* TfLiteInterpreterCreate: the registration overrides the runtime's own ADD. */
  in = TfLiteInterpreterCreate(add, options);
  CHECK(in != NULL);
  if (in != NULL) {
    my_add_invokes = 0;
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    CHECK(my_add_invokes == 2);
    TfLiteInterpreterDelete(in);
  }
  TfLiteInterpreterOptionsDelete(options);

  /* Callbacks: every op goes through them, builtins included. */
  options = quiet_options();
  TfLiteInterpreterOptionsSetOpResolver(options, find_no_builtin, find_sinh, &resolver_builtin_calls);
  resolver_builtin_calls = resolver_custom_calls = 0;
  CHECK(TfLiteInterpreterCreate(add, options) == NULL);
  CHECK(resolver_builtin_calls >= 1);
  in = TfLiteInterpreterCreate(sinh, options);
  CHECK(in != NULL && resolver_custom_calls >= 1);
  if (in != NULL) run_sinh(in);
  TfLiteInterpreterDelete(in);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(add);
  TfLiteModelDelete(sinh);
}

/* ---- Delegates ---- */

static int delegate_prepares, delegate_nodes_seen;

/* Looks at every node as a real delegate does, then takes none of them. */
static TfLiteStatus look_but_take_nothing(TfLiteContext *context, TfLiteDelegate *delegate) {
  (void)delegate;
  delegate_prepares++;
  TfLiteIntArray *plan = NULL;
  TF_LITE_ENSURE_STATUS(context->GetExecutionPlan(context, &plan));
  for (int i = 0; i < plan->size; i++) {
    TfLiteNode *node = NULL;
    TfLiteRegistration *registration = NULL;
    TF_LITE_ENSURE_STATUS(context->GetNodeAndRegistration(context, plan->data[i], &node, &registration));
    if (registration->builtin_code == kTfLiteBuiltinAdd && node->inputs->size == 2) delegate_nodes_seen++;
  }
  return kTfLiteOk;
}

static TfLiteStatus fail_to_prepare(TfLiteContext *context, TfLiteDelegate *delegate) {
  (void)context, (void)delegate;
  delegate_prepares++;
  return kTfLiteError;
}

static void test_delegates(void) {
  TfLiteModel *add = load_testdata("add.bin");
  if (add == NULL) return;
  TfLiteDelegate delegate = TfLiteDelegateCreate();
  CHECK(delegate.data_ == NULL && delegate.Prepare == NULL && delegate.flags == kTfLiteDelegateFlagsNone);
  CHECK(delegate.CopyFromBufferHandle == NULL && delegate.FreeBufferHandle == NULL);

  delegate.Prepare = look_but_take_nothing;
  TfLiteInterpreterOptions *options = quiet_options();
  TfLiteInterpreterOptionsAddDelegate(options, &delegate);
  delegate_prepares = delegate_nodes_seen = 0;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(add, options);
  TfLiteInterpreterOptionsDelete(options);
  CHECK(in != NULL && delegate_prepares == 1 && delegate_nodes_seen == 2);
  if (in != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    CHECK(TfLiteInterpreterModifyGraphWithDelegate(in, &delegate) == kTfLiteOk);
    TfLiteDelegate failing = TfLiteDelegateCreate();
    failing.Prepare = fail_to_prepare;
    CHECK(TfLiteInterpreterModifyGraphWithDelegate(in, &failing) == kTfLiteDelegateError);
    /* The interpreter still runs on its own kernels. */
    const float x[192] = {1.0f};
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), x, sizeof x) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    float y[192];
    CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 0), y, sizeof y) == kTfLiteOk);
    CHECK(y[0] == 3.0f && y[1] == 0.0f);
    TfLiteInterpreterDelete(in);
  }
  /* The XNNPACK delegate that TFLite 2.9's library exports: the model gives the same answers. */
  TfLiteXNNPackDelegateOptions xnn_options = TfLiteXNNPackDelegateOptionsDefault();
  CHECK(xnn_options.num_threads == 0 && xnn_options.flags == 0);
  xnn_options.num_threads = 2;
  TfLiteDelegate *xnnpack = TfLiteXNNPackDelegateCreate(&xnn_options);
  CHECK(xnnpack != NULL);
  options = quiet_options();
  TfLiteInterpreterOptionsAddDelegate(options, xnnpack);
  in = TfLiteInterpreterCreate(add, options);
  TfLiteInterpreterOptionsDelete(options);
  CHECK(in != NULL);
  if (in != NULL) {
    const int dims[1] = {2};
    CHECK(TfLiteInterpreterResizeInputTensor(in, 0, dims, 1) == kTfLiteOk);
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    const float x[2] = {1.5f, -2.0f};
    float y[2] = {0, 0};
    CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), x, sizeof x) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    CHECK(TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(in, 0), y, sizeof y) == kTfLiteOk);
    CHECK(y[0] == 4.5f && y[1] == -6.0f);
    TfLiteInterpreterDelete(in);
  }
  TfLiteXNNPackDelegateDelete(xnnpack);

  /* A delegate that fails makes creation fail, fallback or not (TFLite 2.9). */
  delegate.Prepare = fail_to_prepare;
  options = quiet_options();
  TfLiteInterpreterOptionsAddDelegate(options, &delegate);
  CHECK(TfLiteInterpreterCreate(add, options) == NULL);
  TfLiteInterpreterOptionsSetEnableDelegateFallback(options, true);
  CHECK(TfLiteInterpreterCreate(add, options) == NULL);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(add);
}

/* ---- Hosted MobileNet, against TFLite's recorded output ---- */

static void test_mobilenet(void) {
  size_t model_size = 0, input_size = 0, golden_size = 0;
  unsigned char *model_data = read_file(shared_path("models/hosted/mobilenet_v1_0.25_128_quant.tflite"), &model_size);
  unsigned char *input_data = read_file(shared_path("golden/mobilenet_v1_0.25_128_quant/cat/input_0.bin"), &input_size);
  unsigned char *golden = read_file(shared_path("golden/mobilenet_v1_0.25_128_quant/cat/output_0.bin"), &golden_size);
  CHECK(model_data != NULL && input_data != NULL && golden != NULL);
  TfLiteModel *model = model_data ? TfLiteModelCreate(model_data, model_size) : NULL;
  CHECK(model != NULL);
  TfLiteInterpreterOptions *options = quiet_options();
  TfLiteInterpreterOptionsSetNumThreads(options, 2);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, options) : NULL;
  CHECK(in != NULL);
  if (in != NULL && input_data != NULL && golden != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
    CHECK(TfLiteTensorType(input) == kTfLiteUInt8 && TfLiteTensorByteSize(input) == input_size);
    CHECK(TfLiteTensorNumDims(input) == 4 && TfLiteTensorDim(input, 1) == 128 && TfLiteTensorDim(input, 3) == 3);
    CHECK(TfLiteTensorCopyFromBuffer(input, input_data, input_size) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    const TfLiteTensor *output = TfLiteInterpreterGetOutputTensor(in, 0);
    CHECK(TfLiteTensorByteSize(output) == golden_size);
    unsigned char *scores = malloc(golden_size);
    CHECK(scores && TfLiteTensorCopyToBuffer(output, scores, golden_size) == kTfLiteOk);
    CHECK(scores && memcmp(scores, golden, golden_size) == 0); /* byte for byte */
    free(scores);
  }
  TfLiteInterpreterDelete(in);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  free(model_data);
  free(input_data);
  free(golden);
}

/* ---- String tensors: string_input_model.bin (RESHAPE of a [1, 3] string tensor) ---- */

/* TFLite's string buffer: int32 count, int32 offsets[count + 1], then the bytes. */
static size_t make_strings(const char *const *strings, int n, unsigned char *out, size_t capacity) {
  size_t size = 4 * ((size_t)n + 2);
  for (int i = 0; i < n; i++) size += strlen(strings[i]);
  if (size > capacity) return 0;
  int32_t header[16];
  header[0] = n;
  size_t offset = 4 * ((size_t)n + 2);
  for (int i = 0; i < n; i++) {
    header[1 + i] = (int32_t)offset;
    memcpy(out + offset, strings[i], strlen(strings[i]));
    offset += strlen(strings[i]);
  }
  header[1 + n] = (int32_t)offset;
  memcpy(out, header, 4 * ((size_t)n + 2));
  return size;
}

static const char *const three_strings[3] = {"hello", "", "tflc strings"};

/* The output holds the same three strings. */
static void check_three_strings(const TfLiteTensor *output, const unsigned char *expected, size_t size) {
  CHECK(TfLiteTensorType(output) == kTfLiteString);
  CHECK(TfLiteTensorNumDims(output) == 2 && TfLiteTensorDim(output, 1) == 3);
  CHECK(TfLiteTensorByteSize(output) == size);
  CHECK(TfLiteTensorData(output) != NULL && memcmp(TfLiteTensorData(output), expected, size) == 0);
}

/* As bindings for TFLite 2.9 set strings: TfLiteTensorRealloc on the dynamic tensor, then its data. */
static void test_strings_by_realloc(void) {
  TfLiteModel *model = load_testdata("string_input_model.bin");
  if (model == NULL) return;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, NULL);
  CHECK(in != NULL);
  if (in != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
    CHECK(TfLiteTensorType(input) == kTfLiteString && input->allocation_type == kTfLiteDynamic);
    unsigned char buffer[128];
    size_t size = make_strings(three_strings, 3, buffer, sizeof buffer);
    TfLiteTensorRealloc(size, input);
    CHECK(input->bytes == size && input->data.raw != NULL);
    if (input->data.raw != NULL) memcpy(input->data.raw, buffer, size);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    check_three_strings(TfLiteInterpreterGetOutputTensor(in, 0), buffer, size);
    TfLiteInterpreterDelete(in);
  }
  TfLiteModelDelete(model);
}

/* ---- common.h helpers ---- */

static void test_helpers(void) {
  TfLiteIntArray *a = TfLiteIntArrayCreate(3);
  CHECK(a != NULL && a->size == 3);
  if (a == NULL) return;
  a->data[0] = 1, a->data[1] = 2, a->data[2] = 3;
  const int same[3] = {1, 2, 3}, other[3] = {1, 2, 4};
  CHECK(TfLiteIntArrayEqualsArray(a, 3, same) && !TfLiteIntArrayEqualsArray(a, 3, other));
  CHECK(!TfLiteIntArrayEqualsArray(a, 2, same));
  TfLiteIntArray *b = TfLiteIntArrayCopy(a);
  CHECK(b != NULL && TfLiteIntArrayEqual(a, b));
  b->data[2] = 9;
  CHECK(!TfLiteIntArrayEqual(a, b));
  CHECK(TfLiteIntArrayGetSizeInBytes(3) == 16 && TfLiteFloatArrayGetSizeInBytes(3) == 16);
  TfLiteFloatArray *f = TfLiteFloatArrayCreate(2);
  CHECK(f != NULL && f->size == 2);

  /* A tensor owning dynamic data, dims and quantization, freed by the helpers. */
  TfLiteTensor t;
  memset(&t, 0, sizeof t);
  TfLiteQuantizationParams params = {0.5f, 3};
  TfLiteTensorReset(kTfLiteFloat32, "t", b, params, NULL, 0, kTfLiteDynamic, NULL, false, &t);
  CHECK(t.type == kTfLiteFloat32 && t.dims == b && t.params.zero_point == 3 && t.allocation_type == kTfLiteDynamic);
  TfLiteTensorRealloc(3 * sizeof(float), &t);
  CHECK(t.data.f != NULL && t.bytes == 12);
  t.data.f[0] = 1.5f, t.data.f[1] = 2.5f, t.data.f[2] = 3.5f;
  TfLiteTensor u;
  memset(&u, 0, sizeof u);
  TfLiteTensorReset(kTfLiteFloat32, "u", TfLiteIntArrayCreate(0), params, NULL, 0, kTfLiteDynamic, NULL, false, &u);
  TfLiteTensorRealloc(12, &u);
  CHECK(TfLiteTensorCopy(&t, &u) == kTfLiteOk);
  CHECK(u.data.f[2] == 3.5f && TfLiteIntArrayEqual(u.dims, t.dims));
  TfLiteTensorRealloc(8, &u);
  CHECK(TfLiteTensorCopy(&t, &u) == kTfLiteError); /* sizes differ */
  TfLiteAffineQuantization *affine = calloc(1, sizeof *affine);
  affine->scale = f;
  affine->zero_point = TfLiteIntArrayCreate(2);
  t.quantization.type = kTfLiteAffineQuantization;
  t.quantization.params = affine;
  TfLiteTensorFree(&t);
  CHECK(t.dims == NULL && t.data.raw == NULL && t.quantization.params == NULL);
  TfLiteTensorDataFree(&u);
  CHECK(u.data.raw == NULL);
  TfLiteTensorFree(&u);

  TfLiteQuantization q = {kTfLiteAffineQuantization, calloc(1, sizeof(TfLiteAffineQuantization))};
  ((TfLiteAffineQuantization *)q.params)->scale = TfLiteFloatArrayCreate(1);
  TfLiteQuantizationFree(&q);
  CHECK(q.params == NULL && q.type == kTfLiteNoQuantization);
  TfLiteSparsity *s = calloc(1, sizeof *s);
  s->traversal_order = TfLiteIntArrayCreate(2);
  s->dim_metadata = calloc(2, sizeof *s->dim_metadata);
  s->dim_metadata_size = 2;
  s->dim_metadata[1].array_segments = TfLiteIntArrayCreate(4);
  TfLiteSparsityFree(s);
  TfLiteIntArrayFree(a);

  CHECK(strcmp(TfLiteTypeGetName(kTfLiteFloat32), "FLOAT32") == 0);
  CHECK(strcmp(TfLiteTypeGetName(kTfLiteUInt32), "UINT32") == 0);
  CHECK(strcmp(TfLiteTypeGetName((TfLiteType)77), "Unknown type") == 0);
  CHECK(strncmp(TfLiteVersion(), "2.9", 3) == 0);
}

/* ---- Misuse: TFLite's status codes ---- */

static void test_misuse(void) {
  CHECK(TfLiteModelCreateFromFile("/nonexistent/model.tflite") == NULL);
  const char junk[64] = "not a model";
  CHECK(TfLiteModelCreate(junk, sizeof junk) == NULL);
  TfLiteModel *add = load_testdata("add.bin");
  if (add == NULL) return;
  TfLiteInterpreterOptions *options = quiet_options();
  TfLiteInterpreter *in = TfLiteInterpreterCreate(add, options);
  CHECK(in != NULL);
  if (in != NULL) {
    reports = 0;
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteError); /* before AllocateTensors */
    CHECK(reports == 1);
    CHECK(TfLiteInterpreterGetInputTensor(in, 0) != NULL);
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
    CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), junk, 1) == kTfLiteError);
    TfLiteInterpreterDelete(in);
  }
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(add);
}

#ifndef CAPI_TFLITE_2_9_ONLY
/* ---- Newer API (tflc only: TFLite 2.9's library lacks these) ---- */

static TfLiteInterpreter *cancel_target;
static TfLiteStatus add_and_cancel(TfLiteContext *context, TfLiteNode *node) {
  TfLiteStatus status = my_add_invoke(context, node);
  if (my_add_invokes == 1) TfLiteInterpreterCancel(cancel_target); /* stops before the second ADD */
  return status;
}

static void test_newer_api(void) {
  TfLiteModel *add = load_testdata("multi_add.bin");
  if (add == NULL) return;
  TfLiteInterpreter *in = TfLiteInterpreterCreate(add, NULL);
  CHECK(in != NULL);
  if (in != NULL) {
    const int *inputs = TfLiteInterpreterInputTensorIndices(in);
    const int *outputs = TfLiteInterpreterOutputTensorIndices(in);
    CHECK(inputs != NULL && outputs != NULL);
    for (int k = 0; inputs && k < 4; k++) {
      CHECK(inputs[k] == TfLiteInterpreterGetInputTensorIndex(in, k));
      CHECK(TfLiteInterpreterGetTensor(in, inputs[k]) == TfLiteInterpreterGetInputTensor(in, k));
    }
    CHECK(outputs && TfLiteInterpreterGetTensor(in, outputs[1]) == TfLiteInterpreterGetOutputTensor(in, 1));
    CHECK(TfLiteInterpreterGetTensor(in, -1) == NULL && TfLiteInterpreterGetTensor(in, 1000) == NULL);
    CHECK(TfLiteInterpreterGetInputTensorIndex(in, 4) == -1 && TfLiteInterpreterGetOutputTensorIndex(in, -1) == -1);
    CHECK(TfLiteInterpreterCancel(in) == kTfLiteError); /* cancellation not enabled */
    TfLiteInterpreterDelete(in);
  }
  TfLiteModelDelete(add);

  /* Cancel from inside a running Invoke (the first ADD's kernel): the next operator does not run. */
  TfLiteModel *model = load_testdata("add.bin");
  if (model == NULL) return;
  static const TfLiteRegistration cancelling_add = {NULL, NULL, my_add_prepare, add_and_cancel,
                                                    NULL, kTfLiteBuiltinAdd, NULL, 1};
  TfLiteInterpreterOptions *options = quiet_options();
  CHECK(TfLiteInterpreterOptionsEnableCancellation(options, true) == kTfLiteOk);
  TfLiteInterpreterOptionsAddBuiltinOp(options, kTfLiteBuiltinAdd, &cancelling_add, 1, 1);
  cancel_target = TfLiteInterpreterCreate(model, options);
  CHECK(cancel_target != NULL);
  if (cancel_target != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(cancel_target) == kTfLiteOk);
    my_add_invokes = 0;
    CHECK(TfLiteInterpreterInvoke(cancel_target) == kTfLiteCancelled);
    CHECK(my_add_invokes == 1);
    my_add_invokes = 5; /* a new Invoke starts afresh and runs to the end */
    CHECK(TfLiteInterpreterInvoke(cancel_target) == kTfLiteOk);
    CHECK(my_add_invokes == 7);
    TfLiteInterpreterDelete(cancel_target);
  }
  TfLiteInterpreterOptionsDelete(options);

  /* String inputs through TfLiteTensorCopyFromBuffer: the size is the buffer's (tflc). */
  TfLiteModel *strings = load_testdata("string_input_model.bin");
  TfLiteInterpreter *sin = strings ? TfLiteInterpreterCreate(strings, NULL) : NULL;
  CHECK(sin != NULL);
  if (sin != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(sin) == kTfLiteOk);
    TfLiteTensor *input = TfLiteInterpreterGetInputTensor(sin, 0);
    unsigned char buffer[128];
    size_t size = make_strings(three_strings, 3, buffer, sizeof buffer);
    CHECK(TfLiteTensorCopyFromBuffer(input, buffer, size) == kTfLiteOk);
    CHECK(TfLiteTensorByteSize(input) == size);
    CHECK(TfLiteInterpreterInvoke(sin) == kTfLiteOk);
    check_three_strings(TfLiteInterpreterGetOutputTensor(sin, 0), buffer, size);
    /* Invalid buffers are refused: wrong count, truncated, offsets out of order. */
    CHECK(TfLiteTensorCopyFromBuffer(input, buffer, size - 1) == kTfLiteError);
    size_t two = make_strings(three_strings, 2, buffer, sizeof buffer);
    CHECK(TfLiteTensorCopyFromBuffer(input, buffer, two) == kTfLiteError);
    size = make_strings(three_strings, 3, buffer, sizeof buffer);
    buffer[8] = 200; /* offsets[1] past the end */
    CHECK(TfLiteTensorCopyFromBuffer(input, buffer, size) == kTfLiteError);
    /* Resized to [3] (the model reshapes to [1, 3]): the old strings are dropped, new ones copied in. */
    const int dims[1] = {3};
    CHECK(TfLiteInterpreterResizeInputTensor(sin, 0, dims, 1) == kTfLiteOk);
    CHECK(TfLiteTensorData(input) == NULL);
    CHECK(TfLiteInterpreterAllocateTensors(sin) == kTfLiteOk);
    const char *other[3] = {"a", "bc", "def"};
    size = make_strings(other, 3, buffer, sizeof buffer);
    CHECK(TfLiteTensorCopyFromBuffer(input, buffer, size) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(sin) == kTfLiteOk);
    const TfLiteTensor *output = TfLiteInterpreterGetOutputTensor(sin, 0);
    CHECK(TfLiteTensorByteSize(output) == size && memcmp(TfLiteTensorData(output), buffer, size) == 0);
    TfLiteInterpreterDelete(sin);
  }
  TfLiteModelDelete(strings);

  /* Errors of model creation go to the reporter given. */
  reports = 0;
  const char junk[64] = "not a model";
  CHECK(TfLiteModelCreateWithErrorReporter(junk, sizeof junk, keep_report, NULL) == NULL);
  CHECK(reports == 1 && last_report[0] != 0);
  TfLiteModelDelete(model);
}
#endif

#ifndef CAPI_TFLITE_2_9_ONLY
/* What tflc's TfLiteContext offers a registration (common_kernel.h), seen from a custom op. */
static int probe_checks_done;
static TfLiteStatus probe_prepare(TfLiteContext *context, TfLiteNode *node) {
  TfLiteIntArray *plan = NULL;
  CHECK(context->GetExecutionPlan(context, &plan) == kTfLiteOk && plan->size == 1 && plan->data[0] == 0);
  TfLiteNode *self = NULL;
  TfLiteRegistration *registration = NULL;
  CHECK(context->GetNodeAndRegistration(context, 0, &self, &registration) == kTfLiteOk);
  CHECK(self == node && registration->builtin_code == kTfLiteBuiltinCustom);
  CHECK(registration->custom_name && strcmp(registration->custom_name, "Sinh") == 0 && registration->version == 1);
  CHECK(context->GetNodeAndRegistration(context, 1, &self, &registration) == kTfLiteError);
  CHECK(context->GetTensor(context, node->inputs->data[0]) == &context->tensors[node->inputs->data[0]]);
  CHECK(context->GetTensor(context, (int)context->tensors_size) == NULL);
  void *persistent = context->AllocatePersistentBuffer(context, 100);
  CHECK(persistent != NULL);
  if (persistent) memset(persistent, 1, 100); /* freed with the interpreter (ASan checks) */
  int first = 0;
  CHECK(context->AddTensors(context, 1, &first) == kTfLiteError);
  const char *metadata = NULL;
  size_t bytes = 0;
  CHECK(context->GetModelMetadata(context, "no such metadata", &metadata, &bytes) == kTfLiteError);
  CHECK(context->recommended_num_threads >= 1);
  probe_checks_done++;
  TfLiteIntArray *shape = TfLiteIntArrayCreate(1);
  shape->data[0] = 4;
  return context->ResizeTensor(context, &context->tensors[node->outputs->data[0]], shape);
}
/* Invoke may not change a planned shape (tflc has no dynamic tensors): an error naming the operator. */
static TfLiteStatus probe_invoke(TfLiteContext *context, TfLiteNode *node) {
  int same[1] = {4}, other[1] = {5};
  TF_LITE_ENSURE_OK(context, context->ResizeTensorExplicit(context, &context->tensors[node->outputs->data[0]], 1, same));
  return context->ResizeTensorExplicit(context, &context->tensors[node->outputs->data[0]], 1, other);
}

static void test_tflc_context(void) {
  TfLiteModel *model = load_testdata("custom_sinh.bin");
  if (model == NULL) return;
  static const TfLiteRegistration probe = {NULL, NULL, probe_prepare, probe_invoke, NULL, kTfLiteBuiltinCustom, "Sinh", 1};
  TfLiteInterpreterOptions *options = quiet_options();
  TfLiteInterpreterOptionsAddCustomOp(options, "Sinh", &probe, 1, 1);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  CHECK(in != NULL);
  if (in != NULL) {
    probe_checks_done = 0;
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk && probe_checks_done == 1);
    CHECK(TfLiteTensorDim(TfLiteInterpreterGetOutputTensor(in, 0), 0) == 4);
    CHECK(TfLiteTensorByteSize(TfLiteInterpreterGetOutputTensor(in, 0)) == 16);
    reports = 0;
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteError);
    CHECK(reports >= 1 && strstr(last_report, "operator 0 (Sinh)") != NULL && strstr(last_report, "dynamic") != NULL);
    TfLiteInterpreterDelete(in);
  }
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
}
#endif

int main(int argc, char **argv) {
  shared_dir = argc > 1 ? argv[1] : getenv("TFLC_SHARED");
  if (shared_dir == NULL) shared_dir = "../shared";
  test_add();
  test_add_quantized();
  test_multi_add();
  test_custom_op();
  test_resolvers();
  test_delegates();
  test_mobilenet();
  test_strings_by_realloc();
  test_helpers();
  test_misuse();
#ifndef CAPI_TFLITE_2_9_ONLY
  test_newer_api();
  test_tflc_context();
#endif
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
