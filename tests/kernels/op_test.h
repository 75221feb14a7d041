/*
** op_test.h — table-driven tests of one op, through the whole runtime.
**
** Each case describes a one-op model in literals: the op, its options, every input (shape,
** type, quantization, values; constants such as weights are stored in the model) and every
** output with its expected values. op_test_run builds the model with the writer
** (src/format/writer.h), loads it with tflc_model_load_memory, runs it through the C API
** (TfLiteInterpreterCreate, AllocateTensors, Invoke) and compares: integers exactly, floats
** within a tolerance, shapes exactly. A failure prints the case, the output, and for the first
** mismatches the element index, the value got and the value expected.
**
** Usage:
**
**   #include "kernels/op_test.h"
**   TEST_COUNTERS;
**   static const op_test_case cases[] = {{
**       .name = "fc_float_relu",
**       .builtin_code = 9, .version = 1,                        // FULLY_CONNECTED
**       .options_type = 8, .nfields = 1, .fields = {TFLC_WRITER_I8(0, 1)},  // RELU
**       .ninputs = 3,
**       .inputs = {{kTfLiteFloat32, 2, {1, 2}, .data = (const float[]){1, -2}},
**                  {kTfLiteFloat32, 2, {2, 2}, .data = (const float[]){1, 2, 3, 4}, .constant = true},
**                  {.omitted = true}},                          // no bias
**       .noutputs = 1,
**       .outputs = {{kTfLiteFloat32, 2, {1, 2}, .data = (const float[]){0, 0}}},
**   }};
**   int main(void) {
**     for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) CHECK(op_test_run(&cases[i]) == 0);
**     return TEST_REPORT();
**   }
**
** Quantized tensors: .scale/.zero_point (per-tensor), or .nscales/.scales/.zero_points/
** .quantized_dimension (per-channel). Data is the tensor's own element type: int8_t[] for
** INT8, int32_t[] for an INT32 bias, float[] for FLOAT32.
** Expected values must come from real TensorFlow Lite, not from tflc: set TFLC_OP_TEST_DUMP
** to a folder and every case writes NAME.tflite and NAME.input_K.bin (K = the graph input's
** position) there, ready for ../shared/reference/ref-run NAME.tflite --input 0=NAME.input_0.bin
** ... --out DIR.
** A case with .error set expects creating the interpreter or AllocateTensors to fail with a
** message containing it.
** .invokes > 1 runs the model that many times on the same inputs (for ops with state) and
** compares the last outputs.
*/
#ifndef TFLC_TESTS_KERNELS_OP_TEST_H_
#define TFLC_TESTS_KERNELS_OP_TEST_H_

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/writer.h"
#include "tensorflow/lite/c/c_api.h"
#include "tflc/runtime.h"

#define OP_TEST_MAX_INPUTS 24
#define OP_TEST_MAX_OUTPUTS 4
#define OP_TEST_MAX_FIELDS 16
#define OP_TEST_MAX_INTERMEDIATES 8
/* Mismatching elements printed per output before the rest are only counted. */
#define OP_TEST_MAX_REPORTED 8

typedef struct op_test_tensor {
  TfLiteType type;
  int32_t ndims;
  int32_t dims[TFLC_MAX_DIMS];
  const void *data;            /* inputs: the values; outputs: the expected values */
  bool constant;               /* an input stored in the model (weights, bias), not fed */
  bool is_variable;            /* a variable (state) input; data = its initial value, or NULL (zeros) */
  bool omitted;                /* an omitted optional input (index -1) */
  float scale;                 /* per-tensor quantization when nonzero */
  int64_t zero_point;
  int32_t nscales;             /* quantization from arrays when > 0 (per-channel when > 1) */
  const float *scales;
  const int64_t *zero_points;
  int32_t quantized_dimension;
} op_test_tensor;

typedef struct op_test_case {
  const char *name;            /* also the file name stem of TFLC_OP_TEST_DUMP files */
  int32_t builtin_code;        /* 32 with custom_code for a custom op */
  const char *custom_code;
  int32_t version;             /* 0 = 1 */
  uint8_t options_type;        /* BuiltinOptions union tag, 0 = none */
  int32_t nfields;
  tflc_writer_field fields[OP_TEST_MAX_FIELDS];
  const uint8_t *custom_options;
  size_t custom_options_size;
  int32_t ninputs;
  op_test_tensor inputs[OP_TEST_MAX_INPUTS];
  int32_t noutputs;
  op_test_tensor outputs[OP_TEST_MAX_OUTPUTS];
  int32_t nintermediates;      /* tensors that only carry quantization (integer LSTMs) */
  op_test_tensor intermediates[OP_TEST_MAX_INTERMEDIATES];
  float tolerance;             /* floats: |got - expected| <= tolerance * max(1, |expected|); 0 = 1e-5 */
  int32_t invokes;             /* 0 = 1 */
  const char *error;           /* AllocateTensors must fail with a message containing this */
} op_test_case;

/* Adds one tensor of a case to the writer; returns its index or -1. */
static inline int32_t op_test_add_tensor(tflc_writer *w, const op_test_tensor *t, const char *name, bool with_data) {
  tflc_writer_tensor spec = {.type = t->type, .ndims = t->ndims, .name = name, .is_variable = t->is_variable};
  memcpy(spec.dims, t->dims, sizeof spec.dims);
  int64_t elements = tflc_shape_elements(t->ndims, t->dims);
  if (with_data && t->data && elements >= 0) {
    spec.data = t->data;
    spec.data_size = (size_t)elements * tflc_type_size(t->type);
  }
  float scale = t->scale;
  int64_t zero_point = t->zero_point;
  if (t->nscales > 0 && t->scales != NULL) {
    spec.nscales = t->nscales;
    spec.scales = t->scales;
    spec.zero_points = t->zero_points;
    spec.quantized_dimension = t->quantized_dimension;
  } else if (t->scale != 0) {
    spec.nscales = 1;
    spec.scales = &scale;
    spec.zero_points = &zero_point;
  }
  return tflc_writer_add_tensor(w, &spec);
}

/*
** Builds the case's one-op model; *bytes (free it) and *size. Graph inputs are the inputs that
** are neither constant, variable nor omitted, in order. Returns 0, or 1 with a message printed.
*/
static inline int op_test_build(const op_test_case *c, uint8_t **bytes, size_t *size) {
  tflc_writer *w = tflc_writer_init();
  if (w == NULL) return printf("FAIL %s: out of memory\n", c->name), 1;
  tflc_writer_operator op = {.ninputs = c->ninputs, .noutputs = c->noutputs, .options_type = c->options_type,
                             .nfields = c->nfields, .fields = c->fields, .custom_options = c->custom_options,
                             .custom_options_size = c->custom_options_size};
  int32_t graph_inputs[OP_TEST_MAX_INPUTS], ngraph_inputs = 0;
  char name[32];
  for (int32_t i = 0; i < c->ninputs && i < OP_TEST_MAX_INPUTS; i++) {
    const op_test_tensor *t = &c->inputs[i];
    snprintf(name, sizeof name, "input_%d", (int)i);
    op.inputs[i] = t->omitted ? -1 : op_test_add_tensor(w, t, name, t->constant || t->is_variable);
    if (!t->omitted && !t->constant && !t->is_variable) graph_inputs[ngraph_inputs++] = op.inputs[i];
  }
  for (int32_t i = 0; i < c->noutputs && i < OP_TEST_MAX_OUTPUTS; i++) {
    snprintf(name, sizeof name, "output_%d", (int)i);
    op.outputs[i] = op_test_add_tensor(w, &c->outputs[i], name, false);
  }
  op.nintermediates = c->nintermediates;
  for (int32_t i = 0; i < c->nintermediates && i < OP_TEST_MAX_INTERMEDIATES; i++) {
    snprintf(name, sizeof name, "intermediate_%d", (int)i);
    op.intermediates[i] = op_test_add_tensor(w, &c->intermediates[i], name, false);
  }
  op.opcode = tflc_writer_add_opcode(w, c->builtin_code, c->custom_code, c->version ? c->version : 1);
  tflc_writer_add_operator(w, &op);
  tflc_writer_set_inputs(w, ngraph_inputs, graph_inputs);
  tflc_writer_set_outputs(w, c->noutputs, op.outputs);
  int failed = tflc_writer_finish(w, bytes, size) != kTfLiteOk;
  if (failed) printf("FAIL %s: writing the model: %s\n", c->name, tflc_writer_error(w));
  tflc_writer_free(w);
  return failed;
}

/* Writes the model and its fed inputs under $TFLC_OP_TEST_DUMP, when it is set. */
static inline void op_test_dump(const op_test_case *c, const uint8_t *bytes, size_t size) {
  const char *dir = getenv("TFLC_OP_TEST_DUMP");
  if (dir == NULL || dir[0] == 0) return;
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.tflite", dir, c->name);
  FILE *f = fopen(path, "wb");
  if (f) fwrite(bytes, 1, size, f), fclose(f);
  for (int32_t i = 0, k = 0; i < c->ninputs; i++) {
    const op_test_tensor *t = &c->inputs[i];
    if (t->omitted || t->constant || t->is_variable) continue;
    snprintf(path, sizeof path, "%s/%s.input_%d.bin", dir, c->name, (int)k++);
    f = fopen(path, "wb");
    int64_t n = tflc_shape_elements(t->ndims, t->dims);
    if (f && t->data && n > 0) fwrite(t->data, tflc_type_size(t->type), (size_t)n, f);
    if (f) fclose(f);
  }
}

/* Element i of a tensor's data as a double, for printing and comparing. */
static inline double op_test_value(TfLiteType type, const void *data, int64_t i) {
  switch (type) {
    case kTfLiteFloat32: return ((const float *)data)[i];
    case kTfLiteInt8: return ((const int8_t *)data)[i];
    case kTfLiteUInt8: return ((const uint8_t *)data)[i];
    case kTfLiteBool: return ((const uint8_t *)data)[i];
    case kTfLiteInt16: return ((const int16_t *)data)[i];
    case kTfLiteUInt16: return ((const uint16_t *)data)[i];
    case kTfLiteInt32: return ((const int32_t *)data)[i];
    case kTfLiteUInt32: return ((const uint32_t *)data)[i];
    case kTfLiteInt64: return (double)((const int64_t *)data)[i];
    default: return NAN;
  }
}

/* Compares output k with its expected values; returns the number of problems (0 = match). */
static inline int op_test_compare(const op_test_case *c, int32_t k, const TfLiteTensor *got) {
  const op_test_tensor *want = &c->outputs[k];
  int problems = 0;
  bool same_shape = TfLiteTensorType(got) == want->type && TfLiteTensorNumDims(got) == want->ndims;
  for (int32_t d = 0; same_shape && d < want->ndims; d++) same_shape = TfLiteTensorDim(got, d) == want->dims[d];
  if (!same_shape) {
    printf("FAIL %s: output %d has type %s and %d dims (%d first), expected %s with %d dims\n", c->name, (int)k,
           TfLiteTypeGetName(TfLiteTensorType(got)), (int)TfLiteTensorNumDims(got),
           TfLiteTensorNumDims(got) > 0 ? (int)TfLiteTensorDim(got, 0) : -1, TfLiteTypeGetName(want->type), (int)want->ndims);
    return 1;
  }
  int64_t n = tflc_shape_elements(want->ndims, want->dims);
  const void *data = TfLiteTensorData(got);
  double tolerance = c->tolerance > 0 ? c->tolerance : 1e-5;
  size_t elem = tflc_type_size(want->type);
  for (int64_t i = 0; i < n; i++) {
    bool ok;
    double g = op_test_value(want->type, data, i), e = op_test_value(want->type, want->data, i);
    if (want->type == kTfLiteFloat32)
      ok = fabs(g - e) <= tolerance * (fabs(e) > 1 ? fabs(e) : 1) || (isnan(g) && isnan(e));
    else
      ok = memcmp((const char *)data + i * elem, (const char *)want->data + i * elem, elem) == 0;
    if (ok) continue;
    if (problems < OP_TEST_MAX_REPORTED)
      printf("FAIL %s: output %d [%lld]: got %.9g, expected %.9g\n", c->name, (int)k, (long long)i, g, e);
    problems++;
  }
  if (problems > OP_TEST_MAX_REPORTED)
    printf("FAIL %s: output %d: %d of %lld elements differ\n", c->name, (int)k, problems, (long long)n);
  return problems;
}

/* Feeds the graph inputs, invokes (c->invokes times) and compares every output. */
static inline int op_test_invoke(const op_test_case *c, TfLiteInterpreter *in) {
  for (int32_t i = 0, k = 0; i < c->ninputs; i++) {
    const op_test_tensor *t = &c->inputs[i];
    if (t->omitted || t->constant || t->is_variable) continue;
    TfLiteTensor *tensor = TfLiteInterpreterGetInputTensor(in, k++);
    int64_t n = tflc_shape_elements(t->ndims, t->dims);
    size_t bytes = n > 0 ? (size_t)n * tflc_type_size(t->type) : 0;
    if (tensor == NULL || (bytes && TfLiteTensorCopyFromBuffer(tensor, t->data, bytes) != kTfLiteOk))
      return printf("FAIL %s: cannot set input %d: %s\n", c->name, (int)i, tflc_interpreter_last_error(in)), 1;
  }
  for (int32_t r = 0; r < (c->invokes > 0 ? c->invokes : 1); r++)
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk)
      return printf("FAIL %s: Invoke: %s\n", c->name, tflc_interpreter_last_error(in)), 1;
  int problems = 0;
  for (int32_t k = 0; k < c->noutputs; k++) problems += op_test_compare(c, k, TfLiteInterpreterGetOutputTensor(in, k));
  return problems != 0;
}

/* Keeps the interpreter's last message in `data` (char[512]); op_test prints it itself. */
static inline void op_test_capture_report(void *data, const char *format, va_list args) {
  vsnprintf((char *)data, 512, format, args);
}

/* Runs one case; returns 0 when every output matches (or the expected error happened), else 1. */
static inline int op_test_run(const op_test_case *c) {
  uint8_t *bytes = NULL;
  size_t size = 0;
  if (op_test_build(c, &bytes, &size) != 0) return 1;
  op_test_dump(c, bytes, size);
  char err[512], reported[512] = "";
  int failed = 1;
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, sizeof err);
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreter *in = NULL;
  if (options) TfLiteInterpreterOptionsSetErrorReporter(options, op_test_capture_report, reported);
  if (model == NULL) {
    printf("FAIL %s: loading the model: %s\n", c->name, err);
  } else if (options == NULL || (in = TfLiteInterpreterCreate(model, options)) == NULL) {
    failed = c->error == NULL || strstr(reported, c->error) == NULL;
    if (failed) printf("FAIL %s: creating the interpreter: %s\n", c->name, reported);
  } else if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    const char *msg = tflc_interpreter_last_error(in);
    failed = c->error == NULL || strstr(msg, c->error) == NULL;
    if (failed) printf("FAIL %s: AllocateTensors: %s\n", c->name, msg);
  } else if (c->error != NULL) {
    printf("FAIL %s: AllocateTensors succeeded, expected an error with \"%s\"\n", c->name, c->error);
  } else {
    failed = op_test_invoke(c, in);
  }
  TfLiteInterpreterDelete(in);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  free(bytes);
  return failed;
}

#endif /* TFLC_TESTS_KERNELS_OP_TEST_H_ */
