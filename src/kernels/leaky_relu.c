/*
** leaky_relu.c — LEAKY_RELU (TensorFlow Lite 2.9 kernels/leaky_relu.cc): x for x >= 0, alpha * x
** below.
**
** float32: x > 0 ? x : x * alpha.
** uint8/int8 (reference_ops::QuantizeLeakyRelu): two multipliers, both computed as TFLite does
** in float before widening to double: identity = in_scale / out_scale and
** alpha = in_scale * alpha / out_scale; then q = zp_out + MultiplyByQuantizedMultiplier(x - zp_in,
** x - zp_in >= 0 ? identity : alpha), clamped to the type's range.
*/
#include <math.h>

#include "kernels/quant.h"
#include "runtime/kernel.h"

enum { OPTIONS_LEAKY_RELU = 75, OPT_ALPHA = 0 };

typedef struct leaky_relu_data {
  float alpha;
  int32_t input_offset, output_offset, q_min, q_max;
  int32_t identity_multiplier, alpha_multiplier;
  int identity_shift, alpha_shift;
} leaky_relu_data;

static TfLiteStatus prepare_quantized(tflc_context *ctx, tflc_node *node, const TfLiteTensor *in,
                                      const TfLiteTensor *out, leaky_relu_data *d) {
  d->q_min = in->type == kTfLiteUInt8 ? 0 : -128;
  d->q_max = in->type == kTfLiteUInt8 ? 255 : 127;
  float in_scale = in->params.scale, out_scale = out->params.scale;
  TFLC_ENSURE_MSG(ctx, node, isfinite(in_scale) && in_scale > 0 && isfinite(out_scale) && out_scale > 0,
                  "scales must be finite and positive (input %g, output %g)", in_scale, out_scale);
  TFLC_ENSURE_MSG(ctx, node, in->params.zero_point >= d->q_min && in->params.zero_point <= d->q_max &&
                                 out->params.zero_point >= d->q_min && out->params.zero_point <= d->q_max,
                  "zero points (input %d, output %d) must lie in [%d, %d]", (int)in->params.zero_point,
                  (int)out->params.zero_point, (int)d->q_min, (int)d->q_max);
  float alpha_m = in_scale * d->alpha / out_scale, identity_m = in_scale / out_scale; /* float, as TFLite */
  TFLC_ENSURE_MSG(ctx, node, isfinite(alpha_m) && isfinite(identity_m), "alpha %g makes a non-finite multiplier",
                  d->alpha);
  d->input_offset = in->params.zero_point;
  d->output_offset = out->params.zero_point;
  tflc_quantize_multiplier((double)alpha_m, &d->alpha_multiplier, &d->alpha_shift);
  tflc_quantize_multiplier((double)identity_m, &d->identity_multiplier, &d->identity_shift);
  return kTfLiteOk;
}

static TfLiteStatus leaky_relu_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expects 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *in = tflc_input(ctx, node, 0);
  TfLiteTensor *out = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, in != NULL && out != NULL, "input 0 or output 0 is missing");
  TFLC_ENSURE_MSG(ctx, node, in->type == kTfLiteFloat32 || in->type == kTfLiteUInt8 || in->type == kTfLiteInt8,
                  "type %s is not supported (FLOAT32, UINT8, INT8)", TfLiteTypeGetName(in->type));
  TFLC_ENSURE_MSG(ctx, node, out->type == in->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(out->type), TfLiteTypeGetName(in->type));
  leaky_relu_data *d = tflc_alloc_op_data(ctx, node, sizeof *d);
  if (d == NULL) return kTfLiteError;
  tflc_fb_table opt = tflc_node_options(node, OPTIONS_LEAKY_RELU);
  d->alpha = tflc_fb_f32(&opt, OPT_ALPHA, 0.0f);
  if (in->type != kTfLiteFloat32 && prepare_quantized(ctx, node, in, out, d) != kTfLiteOk) return kTfLiteError;
  return tflc_resize_output(ctx, out, tflc_ndims(in), in->dims->data);
}

static int32_t leaky_relu_quantized(const leaky_relu_data *d, int32_t x) {
  int32_t v = x - d->input_offset;
  int32_t q = d->output_offset + (v >= 0 ? tflc_multiply_by_quantized_multiplier(v, d->identity_multiplier, d->identity_shift)
                                         : tflc_multiply_by_quantized_multiplier(v, d->alpha_multiplier, d->alpha_shift));
  return q < d->q_min ? d->q_min : (q > d->q_max ? d->q_max : q);
}

static TfLiteStatus leaky_relu_invoke(tflc_context *ctx, tflc_node *node) {
  const leaky_relu_data *d = node->op_data;
  const TfLiteTensor *in = tflc_input(ctx, node, 0);
  TfLiteTensor *out = tflc_output(ctx, node, 0);
  int64_t n = tflc_num_elements(in);
  if (in->type == kTfLiteFloat32) {
    for (int64_t i = 0; i < n; i++) {
      float x = in->data.f[i];
      out->data.f[i] = x > 0 ? x : x * d->alpha;
    }
  } else if (in->type == kTfLiteUInt8) {
    for (int64_t i = 0; i < n; i++) out->data.uint8[i] = (uint8_t)leaky_relu_quantized(d, in->data.uint8[i]);
  } else {
    for (int64_t i = 0; i < n; i++) out->data.int8[i] = (int8_t)leaky_relu_quantized(d, in->data.int8[i]);
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_leaky_relu_kernel = {"LEAKY_RELU", leaky_relu_prepare, leaky_relu_invoke};
