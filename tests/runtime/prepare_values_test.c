/*
** prepare_values_test.c — values computed at prepare (kernel.h, "Values known at prepare").
**
** Models that compute a RESHAPE's shape or a RESIZE's size from another tensor's shape
** (SHAPE -> STRIDED_SLICE -> MUL/PACK/CONCATENATION, as the style-transfer models do) must be
** sized at AllocateTensors: SHAPE publishes its output, the interpreter evaluates the small
** int32 operators whose inputs are all known, and RESHAPE/RESIZE read the results as constants.
** Checked: output shapes and values (expected from TensorFlow Lite 2.9 through ref-run on the same
** graphs), that the shape tensors became kTfLitePersistentRo, that a resized input recomputes
** them, and that a shape computed from input data is still refused with a message.
*/
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "format/writer.h"
#include "tensorflow/lite/c/c_api.h"
#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

/* Adds a tensor; data (of data_size bytes) makes it a constant. */
static int32_t add(tflc_writer *w, TfLiteType type, int32_t ndims, const int32_t *dims, const void *data,
                   size_t data_size) {
  tflc_writer_tensor t = {.type = type, .ndims = ndims, .data = data, .data_size = data_size};
  for (int32_t i = 0; i < ndims; i++) t.dims[i] = dims[i];
  return tflc_writer_add_tensor(w, &t);
}

/* Adds an operator with up to 4 inputs, 1 output and an options table. */
static void add_op(tflc_writer *w, int32_t code, uint8_t options_type, int32_t nfields, const tflc_writer_field *fields,
                   int32_t ninputs, const int32_t *inputs, int32_t output) {
  tflc_writer_operator op = {.opcode = tflc_writer_add_opcode(w, code, NULL, 1), .ninputs = ninputs, .noutputs = 1,
                             .outputs = {output}, .options_type = options_type, .nfields = nfields, .fields = fields};
  for (int32_t i = 0; i < ninputs; i++) op.inputs[i] = inputs[i];
  tflc_writer_add_operator(w, &op);
}

static const int32_t ONE[1] = {1}, TWO[1] = {2}, THREE[1] = {3}, FOUR[1] = {4};
static const tflc_writer_field SHAPE_INT32[] = {TFLC_WRITER_I8(0, kTfLiteInt32)};
static const tflc_writer_field SHRINK[] = {TFLC_WRITER_I32(4, 1)};
static const tflc_writer_field PACK2[] = {TFLC_WRITER_I32(0, 2), TFLC_WRITER_I32(1, 0)};

/* STRIDED_SLICE(shape, [begin:end:1]), shrunk to a scalar when `shrink`. */
static int32_t slice_of(tflc_writer *w, int32_t shape, int32_t begin, int32_t end, bool shrink) {
  const int32_t b[1] = {begin}, e[1] = {end}, s[1] = {1};
  int32_t in[4] = {shape, add(w, kTfLiteInt32, 1, ONE, b, 4), add(w, kTfLiteInt32, 1, ONE, e, 4),
                   add(w, kTfLiteInt32, 1, ONE, s, 4)};
  int32_t out = shrink ? add(w, kTfLiteInt32, 0, NULL, NULL, 0) : add(w, kTfLiteInt32, 1, ONE, NULL, 0);
  add_op(w, 45, 32, shrink ? 1 : 0, SHRINK, 4, in, out);
  return out;
}

/*
** input [d0, d1, d2] -> out0 = RESHAPE(input, PACK(shape[0], -1))
**                    -> out1 = RESHAPE(input, CONCATENATION([-1], shape[1:3]))
** Tensor 1 is the SHAPE output, tensor 7 the packed shape.
*/
static uint8_t *build_reshapes(size_t *size) {
  tflc_writer *w = tflc_writer_init();
  const int32_t in_dims[3] = {2, 3, 4}, minus_one[1] = {-1};
  int32_t input = add(w, kTfLiteFloat32, 3, in_dims, NULL, 0);
  int32_t shape = add(w, kTfLiteInt32, 1, THREE, NULL, 0);
  add_op(w, 77, 55, 1, SHAPE_INT32, 1, &input, shape);
  int32_t batch = slice_of(w, shape, 0, 1, true);
  int32_t packed_in[2] = {batch, add(w, kTfLiteInt32, 0, NULL, minus_one, 4)};
  int32_t packed = add(w, kTfLiteInt32, 1, TWO, NULL, 0);
  add_op(w, 83, 59, 2, PACK2, 2, packed_in, packed);
  int32_t out0 = add(w, kTfLiteFloat32, 1, ONE, NULL, 0);
  add_op(w, 22, 0, 0, NULL, 2, (const int32_t[]){input, packed}, out0);
  int32_t rest = slice_of(w, shape, 1, 3, false);
  int32_t concat_in[2] = {add(w, kTfLiteInt32, 1, ONE, minus_one, 4), rest};
  int32_t concat = add(w, kTfLiteInt32, 1, THREE, NULL, 0);
  add_op(w, 2, 10, 0, NULL, 2, concat_in, concat);
  int32_t out1 = add(w, kTfLiteFloat32, 1, ONE, NULL, 0);
  add_op(w, 22, 0, 0, NULL, 2, (const int32_t[]){input, concat}, out1);
  tflc_writer_set_inputs(w, 1, &input);
  tflc_writer_set_outputs(w, 2, (const int32_t[]){out0, out1});
  uint8_t *bytes = NULL;
  if (tflc_writer_finish(w, &bytes, size) != kTfLiteOk) printf("writer: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return bytes;
}

/* input [1, h, w, 1] -> RESIZE_NEAREST_NEIGHBOR(input, PACK(shape[1] * 2, shape[2] * 2)). */
static uint8_t *build_resize(size_t *size) {
  tflc_writer *w = tflc_writer_init();
  const int32_t in_dims[4] = {1, 2, 3, 1}, two[1] = {2};
  int32_t input = add(w, kTfLiteFloat32, 4, in_dims, NULL, 0);
  int32_t shape = add(w, kTfLiteInt32, 1, FOUR, NULL, 0);
  add_op(w, 77, 55, 1, SHAPE_INT32, 1, &input, shape);
  int32_t factor = add(w, kTfLiteInt32, 0, NULL, two, 4);
  int32_t h = add(w, kTfLiteInt32, 0, NULL, NULL, 0), wd = add(w, kTfLiteInt32, 0, NULL, NULL, 0);
  add_op(w, 18, 21, 0, NULL, 2, (const int32_t[]){slice_of(w, shape, 1, 2, true), factor}, h);
  add_op(w, 18, 21, 0, NULL, 2, (const int32_t[]){slice_of(w, shape, 2, 3, true), factor}, wd);
  int32_t size_t_ = add(w, kTfLiteInt32, 1, TWO, NULL, 0);
  add_op(w, 83, 59, 2, PACK2, 2, (const int32_t[]){h, wd}, size_t_);
  const int32_t out_dims[4] = {1, 1, 1, 1};
  int32_t out = add(w, kTfLiteFloat32, 4, out_dims, NULL, 0);
  add_op(w, 97, 74, 0, NULL, 2, (const int32_t[]){input, size_t_}, out);
  tflc_writer_set_inputs(w, 1, &input);
  tflc_writer_set_outputs(w, 1, &out);
  uint8_t *bytes = NULL;
  if (tflc_writer_finish(w, &bytes, size) != kTfLiteOk) printf("writer: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return bytes;
}

/* input [2, 3] and a graph-input shape [2] -> RESHAPE: the shape is data, not known at prepare. */
static uint8_t *build_runtime_shape(size_t *size) {
  tflc_writer *w = tflc_writer_init();
  const int32_t in_dims[2] = {2, 3};
  int32_t input = add(w, kTfLiteFloat32, 2, in_dims, NULL, 0);
  int32_t shape = add(w, kTfLiteInt32, 1, TWO, NULL, 0);
  int32_t out = add(w, kTfLiteFloat32, 1, ONE, NULL, 0);
  add_op(w, 22, 0, 0, NULL, 2, (const int32_t[]){input, shape}, out);
  tflc_writer_set_inputs(w, 2, (const int32_t[]){input, shape});
  tflc_writer_set_outputs(w, 1, &out);
  uint8_t *bytes = NULL;
  if (tflc_writer_finish(w, &bytes, size) != kTfLiteOk) printf("writer: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return bytes;
}

static bool has_shape(const TfLiteTensor *t, int32_t ndims, const int32_t *dims) {
  if (t == NULL || TfLiteTensorNumDims(t) != ndims) return false;
  for (int32_t i = 0; i < ndims; i++)
    if (TfLiteTensorDim(t, i) != dims[i]) return false;
  return true;
}

/* Feeds 0.25*i + (7i mod 11) - 5 (the values given to ref-run), invokes, checks both reshapes copy them. */
static void check_reshape_run(TfLiteInterpreter *in, int32_t n) {
  float values[64];
  for (int32_t i = 0; i < n; i++) values[i] = (float)((i * 7) % 11 - 5) + 0.25f * (float)i;
  CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), values, (size_t)n * 4) == kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  for (int32_t k = 0; k < 2; k++) {
    const TfLiteTensor *out = TfLiteInterpreterGetOutputTensor(in, k);
    CHECK(TfLiteTensorByteSize(out) == (size_t)n * 4 && memcmp(TfLiteTensorData(out), values, (size_t)n * 4) == 0);
  }
}

static void test_reshapes(void) {
  size_t size = 0;
  uint8_t *bytes = build_reshapes(&size);
  char err[256];
  TfLiteModel *model = bytes ? tflc_model_load_memory(bytes, size, err, sizeof err) : NULL;
  CHECK(model != NULL);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  CHECK(in != NULL);
  if (in == NULL) goto done;
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  /* TFLite 2.9: [2, 12] and [2, 3, 4]. */
  CHECK(has_shape(TfLiteInterpreterGetOutputTensor(in, 0), 2, (const int32_t[]){2, 12}));
  CHECK(has_shape(TfLiteInterpreterGetOutputTensor(in, 1), 3, (const int32_t[]){2, 3, 4}));
  const TfLiteTensor *shape = TfLiteInterpreterGetTensor(in, 1), *packed = TfLiteInterpreterGetTensor(in, 7);
  CHECK(shape && shape->allocation_type == kTfLitePersistentRo && shape->data.i32[0] == 2 && shape->data.i32[2] == 4);
  CHECK(packed && packed->allocation_type == kTfLitePersistentRo && packed->data.i32[0] == 2 &&
        packed->data.i32[1] == -1);
  check_reshape_run(in, 24);
  /* A new input shape recomputes everything at the next AllocateTensors (TFLite 2.9: [3, 12], [3, 3, 4]). */
  CHECK(TfLiteInterpreterResizeInputTensor(in, 0, (const int[]){3, 3, 4}, 3) == kTfLiteOk);
  CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  CHECK(has_shape(TfLiteInterpreterGetOutputTensor(in, 0), 2, (const int32_t[]){3, 12}));
  CHECK(has_shape(TfLiteInterpreterGetOutputTensor(in, 1), 3, (const int32_t[]){3, 3, 4}));
  check_reshape_run(in, 36);
done:
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
}

static void test_resize(void) {
  size_t size = 0;
  uint8_t *bytes = build_resize(&size);
  char err[256];
  TfLiteModel *model = bytes ? tflc_model_load_memory(bytes, size, err, sizeof err) : NULL;
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  CHECK(in != NULL && TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  if (in == NULL) goto done;
  const float input[6] = {-5.0f, 2.25f, -1.5f, 5.75f, 2.0f, -1.75f};
  /* TFLite 2.9's output for this input: [1, 4, 6, 1]. */
  const float expected[24] = {-5.0f, -5.0f, 2.25f, 2.25f, -1.5f, -1.5f, -5.0f,  -5.0f,  2.25f, 2.25f, -1.5f, -1.5f,
                              5.75f, 5.75f, 2.0f,  2.0f,  -1.75f, -1.75f, 5.75f, 5.75f, 2.0f,  2.0f,  -1.75f, -1.75f};
  CHECK(TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), input, sizeof input) == kTfLiteOk);
  CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
  const TfLiteTensor *out = TfLiteInterpreterGetOutputTensor(in, 0);
  CHECK(has_shape(out, 4, (const int32_t[]){1, 4, 6, 1}));
  CHECK(TfLiteTensorByteSize(out) == sizeof expected && memcmp(TfLiteTensorData(out), expected, sizeof expected) == 0);
done:
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
}

/* Keeps expected error messages off the test's output (the test reads them back itself). */
static void quiet_reporter(void *data, const char *format, va_list args) {
  (void)data, (void)format, (void)args;
}

static void test_runtime_shape_refused(void) {
  size_t size = 0;
  uint8_t *bytes = build_runtime_shape(&size);
  char err[256];
  TfLiteModel *model = bytes ? tflc_model_load_memory(bytes, size, err, sizeof err) : NULL;
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreterOptionsSetErrorReporter(options, quiet_reporter, NULL);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, options) : NULL;
  CHECK(in != NULL);
  if (in != NULL) {
    CHECK(TfLiteInterpreterAllocateTensors(in) == kTfLiteError);
    CHECK(strstr(tflc_interpreter_last_error(in), "computed at run time") != NULL);
  }
  TfLiteInterpreterDelete(in);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  free(bytes);
}

int main(void) {
  test_reshapes();
  test_resize();
  test_runtime_shape_refused();
  return TEST_REPORT();
}
