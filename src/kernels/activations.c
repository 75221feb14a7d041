/*
** activations.c — LOGISTIC and TANH, elementwise, float32, uint8 and int8.
**
** Reproduces TensorFlow Lite 2.9's builtin kernels (kernels/activations.cc SigmoidPrepare /
** TanhPrepare with kGenericOptimized), which produced the golden data. For uint8 and int8
** they do not use the fixed-point reference math: prepare fills a 256-entry table
** (PopulateLookupTable) by dequantizing every possible input, applying the function in
** float (1 / (1 + expf(-x)) and tanhf), and quantizing with roundf and a clamp; invoke
** is a table look-up indexed by the input's byte. Float uses the same libm functions
** (TFLite's Eigen versions differ from them in the last bits only).
*/
#include <math.h>

#include "kernels/quant.h"
#include "runtime/kernel.h"

typedef struct activation_op_data {
  int64_t size;       /* number of elements */
  uint8_t table[256]; /* output byte for each input byte (uint8/int8) */
} activation_op_data;

typedef float (*activation_fn)(float);

static float logistic(float x) { return 1.0f / (1.0f + expf(-x)); }
static float hyperbolic_tangent(float x) { return tanhf(x); }

static void map_f32(activation_fn f, int64_t n, const float *in, float *out) {
  for (int64_t i = 0; i < n; i++) out[i] = f(in[i]);
}

/* uint8 and int8 alike: the table is indexed by the raw byte. */
static void map_table(const uint8_t *table, int64_t n, const uint8_t *in, uint8_t *out) {
  for (int64_t i = 0; i < n; i++) out[i] = table[in[i]];
}

/* PopulateLookupTable: dequantize, apply f in float, quantize with round-half-away and clamp. */
static void populate_table(activation_op_data *p, activation_fn f, const TfLiteTensor *input,
                           const TfLiteTensor *output) {
  bool is_signed = input->type == kTfLiteInt8;
  int32_t lo = is_signed ? INT8_MIN : 0, hi = is_signed ? INT8_MAX : UINT8_MAX;
  const float inverse_scale = 1 / output->params.scale;
  for (int32_t v = lo; v <= hi; v++) {
    const float x = input->params.scale * (float)(v - input->params.zero_point);
    const float rescaled = roundf(f(x) * inverse_scale);
    int32_t q = (int32_t)(rescaled + (float)output->params.zero_point);
    q = q < lo ? lo : (q > hi ? hi : q);
    p->table[(uint8_t)v] = (uint8_t)q; /* int8 values are stored as their two's-complement byte */
  }
}

static TfLiteStatus check_tensors(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                  const TfLiteTensor *output) {
  TFLC_ENSURE_MSG(ctx, node, input->type == output->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node,
                  input->type == kTfLiteFloat32 || input->type == kTfLiteUInt8 || input->type == kTfLiteInt8,
                  "type %s is not supported (FLOAT32, UINT8, INT8)", TfLiteTypeGetName(input->type));
  if (input->type == kTfLiteFloat32) return kTfLiteOk;
  TFLC_ENSURE_MSG(ctx, node, input->params.scale > 0, "input scale %g is not positive", input->params.scale);
  TFLC_ENSURE_MSG(ctx, node, output->params.scale > 0, "output scale %g is not positive", output->params.scale);
  return kTfLiteOk;
}

/* Shared prepare; `needs_unit_scale` is LOGISTIC's requirement that outputs step by 1/256. */
static TfLiteStatus activation_prepare(tflc_context *ctx, tflc_node *node, activation_fn f, bool needs_unit_scale) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expected 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "input or output tensor is missing");
  if (check_tensors(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  if (needs_unit_scale && input->type != kTfLiteFloat32)
    TFLC_ENSURE_MSG(ctx, node, output->params.scale == 1.0f / 256, "output scale is %g, must be 1/256",
                    output->params.scale);
  activation_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  p->size = tflc_num_elements(input);
  if (input->type != kTfLiteFloat32) populate_table(p, f, input, output);
  return tflc_resize_output(ctx, output, tflc_ndims(input), input->dims->data);
}

static TfLiteStatus activation_invoke(tflc_context *ctx, tflc_node *node, activation_fn f) {
  const activation_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  switch (input->type) {
    case kTfLiteFloat32: map_f32(f, p->size, input->data.f, output->data.f); break;
    case kTfLiteUInt8:
    case kTfLiteInt8: map_table(p->table, p->size, input->data.uint8, output->data.uint8); break;
    default: return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(input->type));
  }
  return kTfLiteOk;
}

static TfLiteStatus logistic_prepare(tflc_context *ctx, tflc_node *node) {
  return activation_prepare(ctx, node, logistic, true);
}
static TfLiteStatus logistic_invoke(tflc_context *ctx, tflc_node *node) { return activation_invoke(ctx, node, logistic); }

static TfLiteStatus tanh_prepare(tflc_context *ctx, tflc_node *node) {
  return activation_prepare(ctx, node, hyperbolic_tangent, false);
}
static TfLiteStatus tanh_invoke(tflc_context *ctx, tflc_node *node) {
  return activation_invoke(ctx, node, hyperbolic_tangent);
}

const tflc_kernel tflc_logistic_kernel = {"LOGISTIC", logistic_prepare, logistic_invoke};
const tflc_kernel tflc_tanh_kernel = {"TANH", tanh_prepare, tanh_invoke};
