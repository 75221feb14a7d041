/*
** depthwise_conv_2d.c — DEPTHWISE_CONV_2D: each input channel i is convolved with its own
** depth_multiplier (M) filters; output channel o = i*M + m:
**   output[b,y,x,o] = act(bias[o] + sum over (fy,fx) of
**                     input[b, y*stride - pad + fy*dilation, x*stride - pad + fx*dilation, i] * filter[0,fy,fx,o]).
**
** Tensors: input [N,H,W,I], filter [1,FH,FW,O] with O = I*M, optional bias [O], output [N,OH,OW,O].
** FLOAT32, UINT8 (per-tensor asymmetric filter) and INT8 (symmetric filter, per-tensor or
** per-channel along dimension 3). Quantized results are bit-exact with TensorFlow Lite 2.9, whose
** depthwise loops (unlike its GEMM) use MultiplyByQuantizedMultiplier: TFLC_ROUND_GEMMLOWP.
**
** M comes from the shapes (O / I), as TFLite 2.9 does: the depth_multiplier option is redundant
** and TFLite ignores it, so a model whose option disagrees still runs there; we only refuse
** shapes where O is not a multiple of I.
*/
#include <stdint.h>

#include "kernels/conv_geometry.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"

/* DepthwiseConv2DOptions field numbers (schema.fbs); the window's are read by conv_geometry.c. */
enum { OPT_ACTIVATION = 4 };

/* The window geometry (conv_geometry.h); out_ch = in_ch * M, so M is out_ch / in_ch. */
typedef tflc_conv_geometry dw_geometry;

typedef struct dw_quant {
  int32_t input_offset;  /* -input zero point */
  int32_t filter_offset; /* -filter zero point (UINT8 only: INT8 filters are symmetric) */
  int32_t output_offset; /* +output zero point */
  int32_t act_min, act_max;
  const tflc_requant *rq; /* [out_ch] */
} dw_quant;

typedef struct dw_op {
  dw_geometry g;
  float float_min, float_max;
  int32_t input_offset, filter_offset, output_offset;
  int32_t act_min, act_max;
  tflc_requant rq[]; /* [out_ch], quantized types only */
} dw_op;

static inline int32_t offset4(int32_t a, int32_t b, int32_t c, int32_t d, int32_t B, int32_t C, int32_t D) {
  return ((a * B + b) * C + c) * D + d;
}

/* ---- Reference loops (tensor sizes were checked to fit int32 element counts in prepare) ---- */

static void dw_f32(const dw_geometry *g, const float *input, const float *filter, const float *bias, float *output,
                   float act_min, float act_max) {
  const int32_t mult = g->out_ch / g->in_ch; /* the depth multiplier M (prepare: in_ch > 0) */
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++)
        for (int32_t ic = 0; ic < g->in_ch; ic++)
          for (int32_t m = 0; m < mult; m++) {
            int32_t oc = ic * mult + m;
            float total = 0.0f;
            for (int32_t fy = 0; fy < g->filter_h; fy++) {
              int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; fx++) {
                int32_t ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
                if (ix < 0 || ix >= g->in_w) continue;
                total += input[offset4(b, iy, ix, ic, g->in_h, g->in_w, g->in_ch)] *
                         filter[offset4(0, fy, fx, oc, g->filter_h, g->filter_w, g->out_ch)];
              }
            }
            total += bias ? bias[oc] : 0.0f; /* TFLite adds 0 without a bias: -0 becomes +0 */
            output[offset4(b, oy, ox, oc, g->out_h, g->out_w, g->out_ch)] = tflc_clampf(total, act_min, act_max);
          }
}

static void dw_u8(const dw_geometry *g, const dw_quant *q, const uint8_t *input, const uint8_t *filter,
                  const int32_t *bias, uint8_t *output) {
  const int32_t mult = g->out_ch / g->in_ch; /* the depth multiplier M (prepare: in_ch > 0) */
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++)
        for (int32_t ic = 0; ic < g->in_ch; ic++)
          for (int32_t m = 0; m < mult; m++) {
            int32_t oc = ic * mult + m;
            int64_t acc = 0;
            for (int32_t fy = 0; fy < g->filter_h; fy++) {
              int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; fx++) {
                int32_t ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
                if (ix < 0 || ix >= g->in_w) continue;
                int32_t in = input[offset4(b, iy, ix, ic, g->in_h, g->in_w, g->in_ch)];
                int32_t f = filter[offset4(0, fy, fx, oc, g->filter_h, g->filter_w, g->out_ch)];
                acc += (in + q->input_offset) * (f + q->filter_offset);
              }
            }
            int32_t out = tflc_conv_output(acc, bias ? bias[oc] : 0, q->rq[oc], TFLC_ROUND_GEMMLOWP, q->output_offset,
                                           q->act_min, q->act_max);
            output[offset4(b, oy, ox, oc, g->out_h, g->out_w, g->out_ch)] = (uint8_t)out;
          }
}

static void dw_i8(const dw_geometry *g, const dw_quant *q, const int8_t *input, const int8_t *filter,
                  const int32_t *bias, int8_t *output) {
  const int32_t mult = g->out_ch / g->in_ch; /* the depth multiplier M (prepare: in_ch > 0) */
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++)
        for (int32_t ic = 0; ic < g->in_ch; ic++)
          for (int32_t m = 0; m < mult; m++) {
            int32_t oc = ic * mult + m;
            int64_t acc = 0;
            for (int32_t fy = 0; fy < g->filter_h; fy++) {
              int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; fx++) {
                int32_t ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
                if (ix < 0 || ix >= g->in_w) continue;
                int32_t in = input[offset4(b, iy, ix, ic, g->in_h, g->in_w, g->in_ch)];
                int32_t f = filter[offset4(0, fy, fx, oc, g->filter_h, g->filter_w, g->out_ch)];
                acc += (in + q->input_offset) * f;
              }
            }
            int32_t out = tflc_conv_output(acc, bias ? bias[oc] : 0, q->rq[oc], TFLC_ROUND_GEMMLOWP, q->output_offset,
                                           q->act_min, q->act_max);
            output[offset4(b, oy, ox, oc, g->out_h, g->out_w, g->out_ch)] = (int8_t)out;
          }
}

/* ---- Prepare ---- */

static TfLiteStatus check_types(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                const TfLiteTensor *filter, const TfLiteTensor *bias, const TfLiteTensor *output) {
  return tflc_check_conv_types(ctx, node, input, filter, bias, output, "filter");
}

/* Reads the shapes and options into g and sets the output shape. */
static TfLiteStatus prepare_geometry(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                     const TfLiteTensor *filter, const TfLiteTensor *bias, TfLiteTensor *output,
                                     dw_geometry *g) {
  if (tflc_ndims(input) != 4) return tflc_kernel_error(ctx, node, "input has %d dims, expected 4", tflc_ndims(input));
  if (tflc_ndims(filter) != 4) return tflc_kernel_error(ctx, node, "filter has %d dims, expected 4", tflc_ndims(filter));
  if (tflc_dim(filter, 0) != 1)
    return tflc_kernel_error(ctx, node, "filter dim 0 is %d, expected 1 (filter is [1,H,W,O])", (int)tflc_dim(filter, 0));
  int32_t in_ch = tflc_dim(input, 3), out_ch = tflc_dim(filter, 3);
  if (in_ch <= 0 || out_ch % in_ch != 0)
    return tflc_kernel_error(ctx, node, "filter has %d output channels, not a multiple of the %d input channels",
                             (int)out_ch, (int)in_ch);
  if (bias && tflc_num_elements(bias) != out_ch)
    return tflc_kernel_error(ctx, node, "bias has %lld elements, expected %d (output channels)",
                             (long long)tflc_num_elements(bias), (int)out_ch);
  TfLiteStatus s = tflc_conv_window_geometry(ctx, node, true, input, filter, g);
  if (s != kTfLiteOk) return s;

  int64_t count = (int64_t)g->batches * g->out_h * g->out_w * g->out_ch;
  if (count > INT32_MAX) return tflc_kernel_error(ctx, node, "output of %lld elements is too large", (long long)count);
  int32_t dims[4] = {g->batches, g->out_h, g->out_w, g->out_ch};
  return tflc_resize_output(ctx, output, 4, dims);
}

static TfLiteStatus dw_prepare(tflc_context *ctx, tflc_node *node) {
  if (node->ninputs < 2 || node->ninputs > 3)
    return tflc_kernel_error(ctx, node, "has %d inputs, expected 2 or 3", (int)node->ninputs);
  TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *filter = tflc_input(ctx, node, 1);
  TfLiteTensor *bias = tflc_input(ctx, node, 2); /* optional */
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (!input || !filter || !output) return tflc_kernel_error(ctx, node, "input, filter or output is missing");

  TfLiteStatus s = check_types(ctx, node, input, filter, bias, output);
  if (s != kTfLiteOk) return s;
  dw_geometry g;
  s = prepare_geometry(ctx, node, input, filter, bias, output, &g);
  if (s != kTfLiteOk) return s;

  bool quantized = input->type != kTfLiteFloat32;
  size_t size = sizeof(dw_op) + (quantized ? (size_t)g.out_ch * sizeof(tflc_requant) : 0);
  dw_op *op = tflc_alloc_op_data(ctx, node, size);
  if (!op) return kTfLiteError;
  op->g = g;
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_DEPTHWISE_CONV2D);
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, OPT_ACTIVATION, TFLC_ACTIVATION_NONE);
  if (!quantized) {
    tflc_float_activation_range(act, &op->float_min, &op->float_max);
    return kTfLiteOk;
  }
  op->input_offset = -input->params.zero_point;
  /* TFLite's INT8 kernel ignores the filter zero point (the spec makes it 0); so do we. */
  op->filter_offset = input->type == kTfLiteUInt8 ? -filter->params.zero_point : 0;
  op->output_offset = output->params.zero_point;
  s = tflc_quantized_activation_range(ctx, node, act, output, &op->act_min, &op->act_max);
  if (s != kTfLiteOk) return s;
  return tflc_conv_requant(ctx, node, input, filter, bias, output, g.out_ch, 3, input->type == kTfLiteUInt8, op->rq);
}

/* ---- Invoke ---- */

static TfLiteStatus dw_invoke(tflc_context *ctx, tflc_node *node) {
  const dw_op *op = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  const TfLiteTensor *filter = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  dw_quant q = {op->input_offset, op->filter_offset, op->output_offset, op->act_min, op->act_max, op->rq};
  switch (input->type) {
    case kTfLiteFloat32:
      dw_f32(&op->g, input->data.f, filter->data.f, bias ? bias->data.f : NULL, output->data.f, op->float_min,
             op->float_max);
      return kTfLiteOk;
    case kTfLiteUInt8:
      dw_u8(&op->g, &q, input->data.uint8, filter->data.uint8, bias ? bias->data.i32 : NULL, output->data.uint8);
      return kTfLiteOk;
    case kTfLiteInt8:
      dw_i8(&op->g, &q, input->data.int8, filter->data.int8, bias ? bias->data.i32 : NULL, output->data.int8);
      return kTfLiteOk;
    default:
      return tflc_kernel_error(ctx, node, "input type %s is not supported", TfLiteTypeGetName(input->type));
  }
}

const tflc_kernel tflc_depthwise_conv_2d_kernel = {"DEPTHWISE_CONV_2D", dw_prepare, dw_invoke};
