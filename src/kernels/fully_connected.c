/*
** fully_connected.c — FULLY_CONNECTED: output[b,u] = act(bias[u] + sum over i of input[b,i] * weights[u,i]).
**
** Tensors: input of any shape, read as [batch, input_size] with input_size = weights dim 1 and
** batch = elements / input_size; weights [units, input_size]; optional bias [units];
** output [batch, units], or with keep_num_dims the input's shape with the last dim = units.
** FLOAT32, UINT8 and INT8 (weights per-tensor, or INT8 per-channel with one scale per unit).
** Hybrid: FLOAT32 input and output with per-tensor INT8 weights (see fc_hybrid_* below).
** Quantized results are bit-exact with TensorFlow Lite 2.9: acc = sum (w + w_offset)*(x + x_offset),
** + bias, requantized as TFLite's GEMM (ruy) does it (TFLC_ROUND_RUY in quant.h), + output zero
** point, clamp.
**
** Per-channel weights: TFLite 2.9 has no per-channel FULLY_CONNECTED (its per-tensor scale is 0
** for such a tensor, so it outputs the zero point); tflc applies one multiplier per unit, as
** later TFLite versions do.
*/
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels/quant.h"
#include "runtime/kernel.h"

/* FullyConnectedOptions field numbers (schema.fbs). */
enum { OPT_ACTIVATION = 0, OPT_WEIGHTS_FORMAT = 1, OPT_KEEP_NUM_DIMS = 2 };

typedef struct fc_geometry {
  int32_t batches, input_size, units;
} fc_geometry;

typedef struct fc_quant {
  int32_t input_offset;  /* -input zero point */
  int32_t filter_offset; /* -weights zero point */
  int32_t output_offset; /* +output zero point */
  int32_t act_min, act_max;
  const tflc_requant *rq; /* [units] */
} fc_quant;

typedef struct fc_op {
  fc_geometry g;
  float float_min, float_max;
  int32_t input_offset, filter_offset, output_offset;
  int32_t act_min, act_max;
  tflc_requant rq[]; /* [units], quantized types only */
} fc_op;

/* ---- Reference loops (tensor sizes were checked to fit int32 element counts in prepare) ---- */

static void fc_f32(const fc_geometry *g, const float *input, const float *weights, const float *bias, float *output,
                   float act_min, float act_max) {
  for (int32_t b = 0; b < g->batches; b++) {
    const float *x = input + b * g->input_size;
    for (int32_t u = 0; u < g->units; u++) {
      const float *w = weights + u * g->input_size;
      float total = 0.0f;
      for (int32_t i = 0; i < g->input_size; i++) total += x[i] * w[i];
      total += bias ? bias[u] : 0.0f; /* TFLite adds 0 without a bias: -0 becomes +0 */
      output[b * g->units + u] = tflc_clampf(total, act_min, act_max);
    }
  }
}

static void fc_u8(const fc_geometry *g, const fc_quant *q, const uint8_t *input, const uint8_t *weights,
                  const int32_t *bias, uint8_t *output) {
  for (int32_t b = 0; b < g->batches; b++) {
    const uint8_t *x = input + b * g->input_size;
    for (int32_t u = 0; u < g->units; u++) {
      const uint8_t *w = weights + u * g->input_size;
      int64_t acc = 0;
      for (int32_t i = 0; i < g->input_size; i++)
        acc += (int32_t)(x[i] + q->input_offset) * (int32_t)(w[i] + q->filter_offset);
      int32_t out = tflc_conv_output(acc, bias ? bias[u] : 0, q->rq[u], TFLC_ROUND_RUY, q->output_offset,
                                     q->act_min, q->act_max);
      output[b * g->units + u] = (uint8_t)out;
    }
  }
}

static void fc_i8(const fc_geometry *g, const fc_quant *q, const int8_t *input, const int8_t *weights,
                  const int32_t *bias, int8_t *output) {
  for (int32_t b = 0; b < g->batches; b++) {
    const int8_t *x = input + b * g->input_size;
    for (int32_t u = 0; u < g->units; u++) {
      const int8_t *w = weights + u * g->input_size;
      int64_t acc = 0;
      for (int32_t i = 0; i < g->input_size; i++)
        acc += (int32_t)(x[i] + q->input_offset) * (int32_t)(w[i] + q->filter_offset);
      int32_t out = tflc_conv_output(acc, bias ? bias[u] : 0, q->rq[u], TFLC_ROUND_RUY, q->output_offset,
                                     q->act_min, q->act_max);
      output[b * g->units + u] = (int8_t)out;
    }
  }
}

/* ---- Prepare ---- */

static TfLiteStatus check_types(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                const TfLiteTensor *weights, const TfLiteTensor *bias, const TfLiteTensor *output) {
  return tflc_check_conv_types(ctx, node, input, weights, bias, output, "weights");
}

/* Reads the shapes into g and sets the output shape. */
static TfLiteStatus prepare_geometry(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                     const TfLiteTensor *weights, const TfLiteTensor *bias, TfLiteTensor *output,
                                     bool keep_num_dims, fc_geometry *g) {
  if (tflc_ndims(weights) != 2)
    return tflc_kernel_error(ctx, node, "weights have %d dims, expected 2", tflc_ndims(weights));
  g->units = tflc_dim(weights, 0);
  g->input_size = tflc_dim(weights, 1);
  if (g->input_size <= 0) return tflc_kernel_error(ctx, node, "weights have input size %d", (int)g->input_size);
  int64_t elements = tflc_num_elements(input);
  if (elements % g->input_size != 0)
    return tflc_kernel_error(ctx, node, "input of %lld elements is not a whole number of rows of %d", (long long)elements,
                             (int)g->input_size);
  g->batches = (int32_t)(elements / g->input_size);
  if (bias && tflc_num_elements(bias) != g->units)
    return tflc_kernel_error(ctx, node, "bias has %lld elements, expected %d (units)", (long long)tflc_num_elements(bias),
                             (int)g->units);
  int64_t count = (int64_t)g->batches * g->units;
  if (count > INT32_MAX) return tflc_kernel_error(ctx, node, "output of %lld elements is too large", (long long)count);

  if (!keep_num_dims) {
    int32_t dims[2] = {g->batches, g->units};
    return tflc_resize_output(ctx, output, 2, dims);
  }
  int n = tflc_ndims(input);
  if (n < 1 || n > 8) return tflc_kernel_error(ctx, node, "keep_num_dims with an input of %d dims (1 to 8)", n);
  if (tflc_dim(input, n - 1) != g->input_size)
    return tflc_kernel_error(ctx, node, "keep_num_dims: input's last dim %d differs from the weights' input size %d",
                             (int)tflc_dim(input, n - 1), (int)g->input_size);
  int32_t dims[8];
  for (int i = 0; i < n; i++) dims[i] = tflc_dim(input, i);
  dims[n - 1] = g->units;
  return tflc_resize_output(ctx, output, n, dims);
}

/* ---- Hybrid (dynamic-range) path: FLOAT32 input and output, INT8 weights ----
**
** TFLite 2.9's fully_connected.cc EvalHybrid: output = bias (or 0); an all-zero input only
** gets the activation; otherwise each batch row is quantized on the fly to int8 (symmetric:
** scale = max|x| / 127; with asymmetric_quantize_inputs: TFLite's AsymmetricQuantizeFloats
** over [min(0, min x), max(0, max x)] with a nudged zero point), its scale is multiplied by the
** weights' scale in float, and output += (dot(q, w) - row_sum(w) * offset) * scale, in float;
** then the fused activation. Per-tensor weights only, as TFLite 2.9.
*/

enum { OPT_ASYMMETRIC_QUANTIZE_INPUTS = 3 };

typedef struct fc_hybrid_op {
  fc_geometry g;
  float float_min, float_max;
  float weights_scale;
  bool asymmetric;
  int32_t row_sums[]; /* [units]: sums of each weights row (asymmetric inputs only) */
} fc_hybrid_op;

/* TFLite's SymmetricQuantizeFloats: returns the scale (1 for an all-zero row). */
static float fc_hybrid_quantize_symmetric(const float *x, int32_t n, int8_t *q) {
  float lo = x[0], hi = x[0];
  for (int32_t i = 1; i < n; i++) lo = x[i] < lo ? x[i] : lo, hi = x[i] > hi ? x[i] : hi;
  float range = fabsf(lo) > fabsf(hi) ? fabsf(lo) : fabsf(hi);
  if (range == 0) {
    memset(q, 0, (size_t)n);
    return 1.0f;
  }
  float inv = 127.0f / range;
  for (int32_t i = 0; i < n; i++) {
    int32_t v = (int32_t)tflc_roundf(x[i] * inv);
    q[i] = (int8_t)(v < -127 ? -127 : (v > 127 ? 127 : v));
  }
  return range / 127.0f;
}

/* TFLite's AsymmetricQuantizeFloats: returns the scale, *offset the zero point. */
static float fc_hybrid_quantize_asymmetric(const float *x, int32_t n, int8_t *q, int32_t *offset) {
  float lo = x[0], hi = x[0];
  for (int32_t i = 1; i < n; i++) lo = x[i] < lo ? x[i] : lo, hi = x[i] > hi ? x[i] : hi;
  double rmin = lo < 0.0f ? lo : 0.0, rmax = hi > 0.0f ? hi : 0.0;
  if (rmin == rmax) {
    memset(q, 0, (size_t)n);
    *offset = 0;
    return 1.0f;
  }
  double scale = (rmax - rmin) / 255.0;
  double zp_from_min = -128.0 - rmin / scale, zp_from_max = 127.0 - rmax / scale;
  double err_min = 128.0 + fabs(rmin / scale), err_max = 127.0 + fabs(rmax / scale);
  double zp = err_min < err_max ? zp_from_min : zp_from_max;
  int32_t nudged = zp <= -128.0 ? -128 : (zp >= 127.0 ? 127 : (int32_t)round(zp));
  float scale_f = (float)scale;
  float inv = 1.0f / scale_f;
  for (int32_t i = 0; i < n; i++) {
    int32_t v = (int32_t)tflc_roundf((float)nudged + x[i] * inv);
    q[i] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
  }
  *offset = nudged;
  return scale_f;
}

static TfLiteStatus fc_hybrid_prepare(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                      const TfLiteTensor *weights, const TfLiteTensor *bias, TfLiteTensor *output) {
  if (output->type != kTfLiteFloat32 || (bias && bias->type != kTfLiteFloat32))
    return tflc_kernel_error(ctx, node, "hybrid: output %s and bias %s must be FLOAT32", TfLiteTypeGetName(output->type),
                             bias ? TfLiteTypeGetName(bias->type) : "-");
  const TfLiteAffineQuantization *q = weights->quantization.params;
  if (weights->quantization.type != kTfLiteAffineQuantization || q == NULL || q->scale == NULL || q->scale->size != 1)
    return tflc_kernel_error(ctx, node, "hybrid: INT8 weights need one (per-tensor) scale, got %d",
                             q && q->scale ? q->scale->size : 0);
  if (!tflc_is_constant(weights)) return tflc_kernel_error(ctx, node, "hybrid: the INT8 weights must be constant");
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_FULLY_CONNECTED);
  int8_t format = tflc_fb_i8(&opt, OPT_WEIGHTS_FORMAT, 0);
  if (format != 0) return tflc_kernel_error(ctx, node, "weights format %d is not supported (only DEFAULT, 0)", (int)format);
  fc_geometry g;
  TfLiteStatus s = prepare_geometry(ctx, node, input, weights, bias, output, tflc_fb_u8(&opt, OPT_KEEP_NUM_DIMS, 0) != 0, &g);
  if (s != kTfLiteOk) return s;
  fc_hybrid_op *op = tflc_alloc_op_data(ctx, node, sizeof *op + (size_t)g.units * sizeof(int32_t));
  if (!op) return kTfLiteError;
  op->g = g;
  op->weights_scale = weights->params.scale;
  op->asymmetric = tflc_fb_u8(&opt, OPT_ASYMMETRIC_QUANTIZE_INPUTS, 0) != 0;
  tflc_float_activation_range((tflc_activation)tflc_fb_i8(&opt, OPT_ACTIVATION, TFLC_ACTIVATION_NONE), &op->float_min,
                              &op->float_max);
  for (int32_t u = 0; u < g.units; u++) {
    int64_t sum = 0;
    for (int32_t i = 0; i < g.input_size; i++) sum += weights->data.int8[(size_t)u * g.input_size + i];
    op->row_sums[u] = (int32_t)(uint32_t)(uint64_t)sum;
  }
  /* Quantized input rows: [batches, input_size] int8. */
  return tflc_request_scratch(ctx, node, (size_t)g.batches * (size_t)g.input_size);
}

static TfLiteStatus fc_hybrid_invoke(tflc_context *ctx, tflc_node *node) {
  const fc_hybrid_op *op = node->op_data;
  const fc_geometry *g = &op->g;
  const float *x = tflc_input(ctx, node, 0)->data.f;
  const int8_t *w = tflc_input(ctx, node, 1)->data.int8;
  const TfLiteTensor *bias = tflc_input(ctx, node, 2);
  float *out = tflc_output(ctx, node, 0)->data.f;
  int8_t *q = node->scratch;
  size_t total = (size_t)g->batches * (size_t)g->input_size;
  bool all_zero = true;
  for (size_t i = 0; i < total && all_zero; i++) all_zero = x[i] == 0.0f;
  for (int32_t b = 0; b < g->batches; b++) {
    float *row = out + (size_t)b * g->units;
    for (int32_t u = 0; u < g->units; u++) row[u] = bias ? bias->data.f[u] : 0.0f;
    if (all_zero) continue;
    const float *xb = x + (size_t)b * g->input_size;
    int8_t *qb = q + (size_t)b * g->input_size;
    int32_t offset = 0;
    float scale = op->asymmetric ? fc_hybrid_quantize_asymmetric(xb, g->input_size, qb, &offset)
                                 : fc_hybrid_quantize_symmetric(xb, g->input_size, qb);
    scale *= op->weights_scale;
    for (int32_t u = 0; u < g->units; u++) {
      const int8_t *wu = w + (size_t)u * g->input_size;
      int64_t sum = 0;
      for (int32_t i = 0; i < g->input_size; i++) sum += (int32_t)wu[i] * qb[i];
      if (op->asymmetric) sum -= (int64_t)op->row_sums[u] * offset;
      row[u] += (float)(int32_t)(uint32_t)(uint64_t)sum * scale; /* TFLite's int32 accumulator */
    }
  }
  for (size_t i = 0; i < (size_t)g->batches * (size_t)g->units; i++) out[i] = tflc_clampf(out[i], op->float_min, op->float_max);
  return kTfLiteOk;
}

static TfLiteStatus fc_prepare(tflc_context *ctx, tflc_node *node) {
  if (node->ninputs < 2 || node->ninputs > 3)
    return tflc_kernel_error(ctx, node, "has %d inputs, expected 2 or 3", (int)node->ninputs);
  TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *weights = tflc_input(ctx, node, 1);
  TfLiteTensor *bias = tflc_input(ctx, node, 2); /* optional */
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (!input || !weights || !output) return tflc_kernel_error(ctx, node, "input, weights or output is missing");

  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_FULLY_CONNECTED);
  int8_t format = tflc_fb_i8(&opt, OPT_WEIGHTS_FORMAT, 0);
  if (format != 0) return tflc_kernel_error(ctx, node, "weights format %d is not supported (only DEFAULT, 0)", (int)format);
  bool keep_num_dims = tflc_fb_u8(&opt, OPT_KEEP_NUM_DIMS, 0) != 0;
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, OPT_ACTIVATION, TFLC_ACTIVATION_NONE);

  if (input->type == kTfLiteFloat32 && weights->type == kTfLiteInt8)
    return fc_hybrid_prepare(ctx, node, input, weights, bias, output);
  TfLiteStatus s = check_types(ctx, node, input, weights, bias, output);
  if (s != kTfLiteOk) return s;
  fc_geometry g;
  s = prepare_geometry(ctx, node, input, weights, bias, output, keep_num_dims, &g);
  if (s != kTfLiteOk) return s;

  bool quantized = input->type != kTfLiteFloat32;
  size_t size = sizeof(fc_op) + (quantized ? (size_t)g.units * sizeof(tflc_requant) : 0);
  fc_op *op = tflc_alloc_op_data(ctx, node, size);
  if (!op) return kTfLiteError;
  op->g = g;
  if (!quantized) {
    tflc_float_activation_range(act, &op->float_min, &op->float_max);
    return kTfLiteOk;
  }
  /* A zero point outside its type's range (hostile model) overflowed int in fc_i8's
     (x + input_offset) * (w + filter_offset) (UBSan; fuzz finding,
     tests/regressions/invoke/fc_int8_zero_point_out_of_range.tflite). Valid models are unaffected. */
  const TfLiteTensor *zp_tensors[3] = {input, weights, output};
  for (int k = 0; k < 3; k++) {
    const TfLiteTensor *t = zp_tensors[k];
    int32_t zp = t->params.zero_point;
    int32_t lo = t->type == kTfLiteUInt8 ? 0 : t->type == kTfLiteInt8 ? -128 : -32768;
    int32_t hi = t->type == kTfLiteUInt8 ? 255 : t->type == kTfLiteInt8 ? 127 : 32767;
    if (zp < lo || zp > hi)
      return tflc_kernel_error(ctx, node, "%s zero point %d is outside [%d, %d] for its type",
                               k == 0 ? "input" : k == 1 ? "weights" : "output", (int)zp, (int)lo, (int)hi);
  }
  op->input_offset = -input->params.zero_point;
  op->filter_offset = -weights->params.zero_point;
  op->output_offset = output->params.zero_point;
  s = tflc_quantized_activation_range(ctx, node, act, output, &op->act_min, &op->act_max);
  if (s != kTfLiteOk) return s;
  /* Per-tensor weights take TFLite's legacy multiplier path; per-channel ones are per unit. */
  return tflc_conv_requant(ctx, node, input, weights, bias, output, g.units, 0, true, op->rq);
}

/* ---- Invoke ---- */

static TfLiteStatus fc_invoke(tflc_context *ctx, tflc_node *node) {
  const fc_op *op = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  const TfLiteTensor *weights = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (input->type == kTfLiteFloat32 && weights->type == kTfLiteInt8) return fc_hybrid_invoke(ctx, node);
  fc_quant q = {op->input_offset, op->filter_offset, op->output_offset, op->act_min, op->act_max, op->rq};
  switch (input->type) {
    case kTfLiteFloat32:
      fc_f32(&op->g, input->data.f, weights->data.f, bias ? bias->data.f : NULL, output->data.f, op->float_min,
             op->float_max);
      return kTfLiteOk;
    case kTfLiteUInt8:
      fc_u8(&op->g, &q, input->data.uint8, weights->data.uint8, bias ? bias->data.i32 : NULL, output->data.uint8);
      return kTfLiteOk;
    case kTfLiteInt8:
      fc_i8(&op->g, &q, input->data.int8, weights->data.int8, bias ? bias->data.i32 : NULL, output->data.int8);
      return kTfLiteOk;
    default:
      return tflc_kernel_error(ctx, node, "input type %s is not supported", TfLiteTypeGetName(input->type));
  }
}

const tflc_kernel tflc_fully_connected_kernel = {"FULLY_CONNECTED", fc_prepare, fc_invoke};
