/*
** fully_connected.c — FULLY_CONNECTED: output[b,u] = act(bias[u] + sum over i of input[b,i] * weights[u,i]).
**
** Tensors: input of any shape, read as [batch, input_size] with input_size = weights dim 1 and
** batch = elements / input_size; weights [units, input_size]; optional bias [units];
** output [batch, units], or with keep_num_dims the input's shape with the last dim = units.
** FLOAT32, UINT8 and INT8 (weights per-tensor, or INT8 per-channel with one scale per unit).
** Quantized results are bit-exact with TensorFlow Lite 2.9: acc = sum (w + w_offset)*(x + x_offset),
** + bias, requantized as TFLite's GEMM (ruy) does it (TFLC_ROUND_RUY in quant.h), + output zero
** point, clamp.
**
** Per-channel weights: TFLite 2.9 has no per-channel FULLY_CONNECTED (its per-tensor scale is 0
** for such a tensor, so it outputs the zero point); tflc applies one multiplier per unit, as
** later TFLite versions do.
*/
#include <stdint.h>

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
  TfLiteType t = input->type;
  if (t != kTfLiteFloat32 && t != kTfLiteUInt8 && t != kTfLiteInt8)
    return tflc_kernel_error(ctx, node, "input type %s is not supported (FLOAT32, UINT8 or INT8)", TfLiteTypeGetName(t));
  if (weights->type != t) {
    if (t == kTfLiteFloat32)
      return tflc_kernel_error(ctx, node, "hybrid FLOAT32 input with %s weights is not supported",
                               TfLiteTypeGetName(weights->type));
    return tflc_kernel_error(ctx, node, "weights type %s differs from input type %s", TfLiteTypeGetName(weights->type),
                             TfLiteTypeGetName(t));
  }
  if (output->type != t)
    return tflc_kernel_error(ctx, node, "output type %s differs from input type %s", TfLiteTypeGetName(output->type),
                             TfLiteTypeGetName(t));
  if (bias) {
    TfLiteType want = t == kTfLiteFloat32 ? kTfLiteFloat32 : kTfLiteInt32;
    if (bias->type != want)
      return tflc_kernel_error(ctx, node, "bias type %s, expected %s", TfLiteTypeGetName(bias->type),
                               TfLiteTypeGetName(want));
  }
  return kTfLiteOk;
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
