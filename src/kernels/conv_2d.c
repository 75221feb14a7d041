/*
** conv_2d.c — CONV_2D: output[b,y,x,o] = act(bias[o] + sum over (fy,fx,i) of
** input[b, y*stride - pad + fy*dilation, x*stride - pad + fx*dilation, i] * filter[o,fy,fx,i]).
**
** Tensors: input [N,H,W,I], filter [O,FH,FW,I] (OHWI), optional bias [O], output [N,OH,OW,O].
** Hybrid: FLOAT32 input and output with a per-tensor INT8 filter (see conv_hybrid_* below).
** FLOAT32, UINT8 (per-tensor asymmetric filter) and INT8 (symmetric filter, per-tensor or
** per-channel along dimension 0). Bit-exact with TensorFlow Lite 2.9's builtin kernels for the
** quantized types: taps outside the image are skipped (as if the input were its zero point),
** the int32 accumulator gets the int32 bias, then is requantized the way TFLite's GEMM (ruy)
** does it, which rounds negative ties up where the reference kernel rounds them away from zero
** (TFLC_ROUND_RUY in quant.h; checked on random single-op models against TFLite 2.9, dilated
** and not, UINT8 and INT8).
**
** TFLite refuses a CONV_2D without a bias; tflc accepts it (as a zero bias).
*/
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels/conv_geometry.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"

/* Conv2DOptions field numbers (schema.fbs). */
enum { OPT_ACTIVATION = 3 }; /* the window's fields are read by conv_geometry.c */

/* Shapes, strides and padding: everything the loops need besides data and quantization. */
typedef tflc_conv_geometry conv_geometry; /* conv_geometry.h */

/* The quantized output stage. */
typedef struct conv_quant {
  int32_t input_offset;  /* -input zero point */
  int32_t filter_offset; /* -filter zero point (UINT8 only: INT8 filters are symmetric) */
  int32_t output_offset; /* +output zero point */
  int32_t act_min, act_max;
  const tflc_requant *rq; /* [out_ch] */
} conv_quant;

typedef struct conv_op {
  conv_geometry g;
  float float_min, float_max; /* FLOAT32 fused activation */
  int32_t input_offset, filter_offset, output_offset;
  int32_t act_min, act_max;
  tflc_requant rq[]; /* [out_ch], quantized types only */
} conv_op;

/* Offset of element [a,b,c,d] in a row-major tensor of dims [.,B,C,D]. */
static inline int32_t offset4(int32_t a, int32_t b, int32_t c, int32_t d, int32_t B, int32_t C, int32_t D) {
  return ((a * B + b) * C + c) * D + d;
}

/* ---- Reference loops (tensor sizes were checked to fit int32 element counts in prepare) ---- */

static void conv_f32(const conv_geometry *g, const float *input, const float *filter, const float *bias,
                     float *output, float act_min, float act_max) {
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++)
        for (int32_t oc = 0; oc < g->out_ch; oc++) {
          float total = 0.0f;
          for (int32_t fy = 0; fy < g->filter_h; fy++) {
            int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; fx++) {
              int32_t ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
              if (ix < 0 || ix >= g->in_w) continue;
              const float *in = input + offset4(b, iy, ix, 0, g->in_h, g->in_w, g->in_ch);
              const float *f = filter + offset4(oc, fy, fx, 0, g->filter_h, g->filter_w, g->in_ch);
              for (int32_t ic = 0; ic < g->in_ch; ic++) total += in[ic] * f[ic];
            }
          }
          total += bias ? bias[oc] : 0.0f; /* TFLite adds 0 without a bias: -0 becomes +0 */
          output[offset4(b, oy, ox, oc, g->out_h, g->out_w, g->out_ch)] = tflc_clampf(total, act_min, act_max);
        }
}

static void conv_u8(const conv_geometry *g, const conv_quant *q, const uint8_t *input, const uint8_t *filter,
                    const int32_t *bias, uint8_t *output) {
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++)
        for (int32_t oc = 0; oc < g->out_ch; oc++) {
          int64_t acc = 0;
          for (int32_t fy = 0; fy < g->filter_h; fy++) {
            int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; fx++) {
              int32_t ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
              if (ix < 0 || ix >= g->in_w) continue;
              const uint8_t *in = input + offset4(b, iy, ix, 0, g->in_h, g->in_w, g->in_ch);
              const uint8_t *f = filter + offset4(oc, fy, fx, 0, g->filter_h, g->filter_w, g->in_ch);
              for (int32_t ic = 0; ic < g->in_ch; ic++)
                acc += (int32_t)(in[ic] + q->input_offset) * (int32_t)(f[ic] + q->filter_offset);
            }
          }
          int32_t out = tflc_conv_output(acc, bias ? bias[oc] : 0, q->rq[oc], TFLC_ROUND_RUY, q->output_offset,
                                         q->act_min, q->act_max);
          output[offset4(b, oy, ox, oc, g->out_h, g->out_w, g->out_ch)] = (uint8_t)out;
        }
}

static void conv_i8(const conv_geometry *g, const conv_quant *q, const int8_t *input, const int8_t *filter,
                    const int32_t *bias, int8_t *output) {
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++)
        for (int32_t oc = 0; oc < g->out_ch; oc++) {
          int64_t acc = 0;
          for (int32_t fy = 0; fy < g->filter_h; fy++) {
            int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; fx++) {
              int32_t ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
              if (ix < 0 || ix >= g->in_w) continue;
              const int8_t *in = input + offset4(b, iy, ix, 0, g->in_h, g->in_w, g->in_ch);
              const int8_t *f = filter + offset4(oc, fy, fx, 0, g->filter_h, g->filter_w, g->in_ch);
              for (int32_t ic = 0; ic < g->in_ch; ic++) acc += (int32_t)(in[ic] + q->input_offset) * (int32_t)f[ic];
            }
          }
          int32_t out = tflc_conv_output(acc, bias ? bias[oc] : 0, q->rq[oc], TFLC_ROUND_RUY, q->output_offset,
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
                                     conv_geometry *g) {
  if (tflc_ndims(input) != 4) return tflc_kernel_error(ctx, node, "input has %d dims, expected 4", tflc_ndims(input));
  if (tflc_ndims(filter) != 4) return tflc_kernel_error(ctx, node, "filter has %d dims, expected 4", tflc_ndims(filter));
  int32_t out_ch = tflc_dim(filter, 0);
  if (tflc_dim(filter, 3) != tflc_dim(input, 3))
    return tflc_kernel_error(ctx, node, "input has %d channels but the filter expects %d", (int)tflc_dim(input, 3),
                             (int)tflc_dim(filter, 3));
  if (bias && tflc_num_elements(bias) != out_ch)
    return tflc_kernel_error(ctx, node, "bias has %lld elements, expected %d (output channels)",
                             (long long)tflc_num_elements(bias), (int)out_ch);
  TfLiteStatus s = tflc_conv_window_geometry(ctx, node, false, input, filter, g);
  if (s != kTfLiteOk) return s;

  int64_t count = (int64_t)g->batches * g->out_h * g->out_w * g->out_ch;
  if (count > INT32_MAX) return tflc_kernel_error(ctx, node, "output of %lld elements is too large", (long long)count);
  int32_t dims[4] = {g->batches, g->out_h, g->out_w, g->out_ch};
  return tflc_resize_output(ctx, output, 4, dims);
}

/* ---- Hybrid (dynamic-range) path: FLOAT32 input and output, INT8 filter ----
**
** TFLite 2.9's conv.cc EvalHybrid (per-tensor filter scale): each batch image is quantized on
** the fly to int8 symmetrically (scale = max|x| / 127, TFLite's SymmetricQuantizeFloats), its
** scale multiplied by the filter's in float; each output is (float)(int32 dot product over the
** window, padding contributing 0) * scale, + bias, clamped by the fused activation.
** TFLite requires a bias and runs this path with dilation 1 only; tflc refuses other dilations,
** a missing bias, and per-channel
** filters (TFLite's EvalHybridPerChannel with asymmetric inputs).
*/

typedef struct conv_hybrid_op {
  conv_geometry g;
  float float_min, float_max;
  float filter_scale;
} conv_hybrid_op;

static TfLiteStatus conv_hybrid_prepare(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                        const TfLiteTensor *filter, const TfLiteTensor *bias, TfLiteTensor *output) {
  if (bias == NULL) return tflc_kernel_error(ctx, node, "hybrid: needs a bias (TFLite 2.9 requires one)");
  if (output->type != kTfLiteFloat32 || bias->type != kTfLiteFloat32)
    return tflc_kernel_error(ctx, node, "hybrid: output %s and bias %s must be FLOAT32", TfLiteTypeGetName(output->type),
                             TfLiteTypeGetName(bias->type));
  const TfLiteAffineQuantization *q = filter->quantization.params;
  if (filter->quantization.type != kTfLiteAffineQuantization || q == NULL || q->scale == NULL)
    return tflc_kernel_error(ctx, node, "hybrid: the INT8 filter is not quantized");
  for (int i = 1; i < q->scale->size; i++)
    if (q->scale->data[i] != q->scale->data[0])
      return tflc_kernel_error(ctx, node, "hybrid: per-channel filter scales are not supported");
  conv_geometry g;
  TfLiteStatus s = prepare_geometry(ctx, node, input, filter, bias, output, &g);
  if (s != kTfLiteOk) return s;
  if (g.dilation_h != 1 || g.dilation_w != 1)
    return tflc_kernel_error(ctx, node, "hybrid: dilation %dx%d is not supported (TFLite's hybrid path has none)",
                             (int)g.dilation_h, (int)g.dilation_w);
  conv_hybrid_op *op = tflc_alloc_op_data(ctx, node, sizeof *op);
  if (!op) return kTfLiteError;
  op->g = g;
  op->filter_scale = filter->params.scale;
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_CONV2D);
  tflc_float_activation_range((tflc_activation)tflc_fb_i8(&opt, OPT_ACTIVATION, TFLC_ACTIVATION_NONE), &op->float_min,
                              &op->float_max);
  /* The quantized input image: one batch at a time. */
  return tflc_request_scratch(ctx, node, (size_t)g.in_h * (size_t)g.in_w * (size_t)g.in_ch);
}

/* TFLite's SymmetricQuantizeFloats over n values; returns the scale (1 for all zeros). */
static float conv_hybrid_quantize(const float *x, size_t n, int8_t *q) {
  if (n == 0) return 1.0f;
  float lo = x[0], hi = x[0];
  for (size_t i = 1; i < n; i++) lo = x[i] < lo ? x[i] : lo, hi = x[i] > hi ? x[i] : hi;
  float range = fabsf(lo) > fabsf(hi) ? fabsf(lo) : fabsf(hi);
  if (range == 0) {
    memset(q, 0, n);
    return 1.0f;
  }
  float inv = 127.0f / range;
  for (size_t i = 0; i < n; i++) {
    int32_t v = (int32_t)tflc_roundf(x[i] * inv);
    q[i] = (int8_t)(v < -127 ? -127 : (v > 127 ? 127 : v));
  }
  return range / 127.0f;
}

static TfLiteStatus conv_hybrid_invoke(tflc_context *ctx, tflc_node *node) {
  const conv_hybrid_op *op = node->op_data;
  const conv_geometry *g = &op->g;
  const float *input = tflc_input(ctx, node, 0)->data.f;
  const int8_t *filter = tflc_input(ctx, node, 1)->data.int8;
  const float *bias = tflc_input(ctx, node, 2)->data.f;
  float *output = tflc_output(ctx, node, 0)->data.f;
  int8_t *q = node->scratch;
  size_t image = (size_t)g->in_h * (size_t)g->in_w * (size_t)g->in_ch;
  for (int32_t b = 0; b < g->batches; b++) {
    float scale = conv_hybrid_quantize(input + (size_t)b * image, image, q) * op->filter_scale;
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++)
        for (int32_t oc = 0; oc < g->out_ch; oc++) {
          int64_t acc = 0; /* TFLite's int32 accumulator, wrapped below */
          for (int32_t fy = 0; fy < g->filter_h; fy++) {
            int32_t iy = oy * g->stride_h - g->pad_h + fy;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; fx++) {
              int32_t ix = ox * g->stride_w - g->pad_w + fx;
              if (ix < 0 || ix >= g->in_w) continue;
              const int8_t *in = q + offset4(0, iy, ix, 0, g->in_h, g->in_w, g->in_ch);
              const int8_t *f = filter + offset4(oc, fy, fx, 0, g->filter_h, g->filter_w, g->in_ch);
              for (int32_t ic = 0; ic < g->in_ch; ic++) acc += (int32_t)in[ic] * f[ic];
            }
          }
          float total = 0.0f + (float)(int32_t)(uint32_t)(uint64_t)acc * scale + bias[oc];
          output[offset4(b, oy, ox, oc, g->out_h, g->out_w, g->out_ch)] = tflc_clampf(total, op->float_min, op->float_max);
        }
  }
  return kTfLiteOk;
}

static TfLiteStatus conv_prepare(tflc_context *ctx, tflc_node *node) {
  if (node->ninputs < 2 || node->ninputs > 3)
    return tflc_kernel_error(ctx, node, "has %d inputs, expected 2 or 3", (int)node->ninputs);
  TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *filter = tflc_input(ctx, node, 1);
  TfLiteTensor *bias = tflc_input(ctx, node, 2); /* optional */
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (!input || !filter || !output) return tflc_kernel_error(ctx, node, "input, filter or output is missing");

  if (input->type == kTfLiteFloat32 && filter->type == kTfLiteInt8)
    return conv_hybrid_prepare(ctx, node, input, filter, bias, output);
  TfLiteStatus s = check_types(ctx, node, input, filter, bias, output);
  if (s != kTfLiteOk) return s;
  conv_geometry g;
  s = prepare_geometry(ctx, node, input, filter, bias, output, &g);
  if (s != kTfLiteOk) return s;

  bool quantized = input->type != kTfLiteFloat32;
  size_t size = sizeof(conv_op) + (quantized ? (size_t)g.out_ch * sizeof(tflc_requant) : 0);
  conv_op *op = tflc_alloc_op_data(ctx, node, size);
  if (!op) return kTfLiteError;
  op->g = g;
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_CONV2D);
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
  return tflc_conv_requant(ctx, node, input, filter, bias, output, g.out_ch, 0, input->type == kTfLiteUInt8, op->rq);
}

/* ---- Invoke ---- */

static TfLiteStatus conv_invoke(tflc_context *ctx, tflc_node *node) {
  const conv_op *op = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  const TfLiteTensor *filter = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (input->type == kTfLiteFloat32 && filter->type == kTfLiteInt8) return conv_hybrid_invoke(ctx, node);
  conv_quant q = {op->input_offset, op->filter_offset, op->output_offset, op->act_min, op->act_max, op->rq};
  switch (input->type) {
    case kTfLiteFloat32:
      conv_f32(&op->g, input->data.f, filter->data.f, bias ? bias->data.f : NULL, output->data.f, op->float_min,
               op->float_max);
      return kTfLiteOk;
    case kTfLiteUInt8:
      conv_u8(&op->g, &q, input->data.uint8, filter->data.uint8, bias ? bias->data.i32 : NULL, output->data.uint8);
      return kTfLiteOk;
    case kTfLiteInt8:
      conv_i8(&op->g, &q, input->data.int8, filter->data.int8, bias ? bias->data.i32 : NULL, output->data.int8);
      return kTfLiteOk;
    default:
      return tflc_kernel_error(ctx, node, "input type %s is not supported", TfLiteTypeGetName(input->type));
  }
}

const tflc_kernel tflc_conv_2d_kernel = {"CONV_2D", conv_prepare, conv_invoke};
