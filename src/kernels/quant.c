/*
** quant.c — see quant.h.
*/
#include "kernels/quant.h"

#include <math.h>

void tflc_quantize_multiplier(double m, int32_t *multiplier, int *shift) {
  /* A hostile scale can make m NaN or +-inf; round(NaN) converted to int64 is UB (fuzz finding,
     tests/regressions/invoke/lstm_nan_scale_quantize_multiplier.tflite). Treat it as 0: finite m
     (every valid model) is unchanged, and kernels that must refuse such scales do so in prepare. */
  if (m == 0.0 || !isfinite(m)) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  int exponent;
  double q = frexp(m, &exponent);
  int64_t q_fixed = (int64_t)round(q * (double)(1ll << 31));
  if (q_fixed == (1ll << 31)) {
    q_fixed /= 2;
    ++exponent;
  }
  if (exponent < -31) { /* too small to represent: flush to zero, as TFLite does */
    exponent = 0;
    q_fixed = 0;
  }
  if (exponent > 30) {
    exponent = 30;
    q_fixed = (1ll << 31) - 1;
  }
  *multiplier = (int32_t)q_fixed;
  *shift = exponent;
}

void tflc_quantize_multiplier_smaller_than_one(double m, int32_t *multiplier, int *shift) {
  tflc_quantize_multiplier(m, multiplier, shift);
  if (*shift > 0) { /* callers guarantee m < 1; keep the result usable if not */
    *shift = 0;
    *multiplier = INT32_MAX;
  }
}

void tflc_quantize_multiplier_greater_than_one(double m, int32_t *multiplier, int *left_shift) {
  tflc_quantize_multiplier(m, multiplier, left_shift);
  if (*left_shift < 0) *left_shift = 0;
}

static int32_t quantize_value(const TfLiteTensor *output, float f) {
  return output->params.zero_point + (int32_t)tflc_roundf(f / output->params.scale);
}

TfLiteStatus tflc_quantized_activation_range(tflc_context *ctx, const tflc_node *node, tflc_activation act,
                                             const TfLiteTensor *output, int32_t *act_min, int32_t *act_max) {
  int32_t qmin, qmax;
  switch (output->type) {
    case kTfLiteUInt8: qmin = 0; qmax = 255; break;
    case kTfLiteInt8: qmin = -128; qmax = 127; break;
    case kTfLiteInt16: qmin = -32768; qmax = 32767; break;
    default: return tflc_kernel_error(ctx, node, "no quantized activation range for type %s", TfLiteTypeGetName(output->type));
  }
  if (!(output->params.scale > 0)) return tflc_kernel_error(ctx, node, "output scale %g is not positive", output->params.scale);
  int32_t lo = qmin, hi = qmax;
  switch (act) {
    case TFLC_ACTIVATION_NONE: break;
    case TFLC_ACTIVATION_RELU: lo = quantize_value(output, 0.0f); break;
    case TFLC_ACTIVATION_RELU6: lo = quantize_value(output, 0.0f); hi = quantize_value(output, 6.0f); break;
    case TFLC_ACTIVATION_RELU_N1_TO_1: lo = quantize_value(output, -1.0f); hi = quantize_value(output, 1.0f); break;
    default: return tflc_kernel_error(ctx, node, "fused activation %d is not supported on quantized data", (int)act);
  }
  *act_min = lo > qmin ? lo : qmin;
  *act_max = hi < qmax ? hi : qmax;
  return kTfLiteOk;
}

void tflc_float_activation_range(tflc_activation act, float *act_min, float *act_max) {
  switch (act) {
    case TFLC_ACTIVATION_RELU: *act_min = 0; *act_max = INFINITY; break;
    case TFLC_ACTIVATION_RELU6: *act_min = 0; *act_max = 6; break;
    case TFLC_ACTIVATION_RELU_N1_TO_1: *act_min = -1; *act_max = 1; break;
    default: *act_min = -INFINITY; *act_max = INFINITY; break;
  }
}

int32_t tflc_compute_out_size(tflc_padding padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation) {
  if (stride <= 0 || dilation <= 0 || in < 0 || filter <= 0) return -1;
  int64_t effective = (int64_t)(filter - 1) * dilation + 1;
  if (padding == TFLC_PADDING_SAME) return (int32_t)(((int64_t)in + stride - 1) / stride);
  if (padding == TFLC_PADDING_VALID) {
    int64_t n = (int64_t)in - effective + stride;
    return n <= 0 ? 0 : (int32_t)(n / stride);
  }
  return -1;
}

int32_t tflc_compute_padding(int32_t stride, int32_t dilation, int32_t in, int32_t filter, int32_t out) {
  int64_t effective = (int64_t)(filter - 1) * dilation + 1;
  int64_t padding = (((int64_t)out - 1) * stride + effective - in) / 2;
  return padding > 0 ? (int32_t)padding : 0;
}

const float *tflc_quant_scales(const TfLiteTensor *t, int32_t *count, int32_t *quantized_dimension) {
  const TfLiteAffineQuantization *q = NULL;
  if (t->quantization.type == kTfLiteAffineQuantization) q = t->quantization.params;
  if (q && q->scale && q->scale->size > 0) {
    *count = q->scale->size;
    *quantized_dimension = q->quantized_dimension;
    return q->scale->data;
  }
  *count = 1;
  *quantized_dimension = 0;
  return &t->params.scale;
}

/* TFLite's GetQuantizedConvolutionMultipler: one multiplier for all channels. */
static TfLiteStatus legacy_requant(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                   float filter_scale, const TfLiteTensor *bias, const TfLiteTensor *output,
                                   int32_t channels, tflc_requant *rq) {
  if (bias) {
    double product = (double)input->params.scale * (double)filter_scale;
    double bias_scale = (double)bias->params.scale;
    double tolerance = 1e-6 * (product < bias_scale ? product : bias_scale);
    if (!(fabs(product - bias_scale) <= tolerance))
      return tflc_kernel_error(ctx, node, "bias scale %g is not input scale %g times filter scale %g", bias_scale,
                               input->params.scale, filter_scale);
  }
  /* TFLite multiplies the two scales in float, then divides in double: keep that rounding. */
  float product = input->params.scale * filter_scale;
  if (!(product >= 0))
    return tflc_kernel_error(ctx, node, "input scale times filter scale is %g, not >= 0", product);
  double real = (double)product / (double)output->params.scale;
  tflc_requant r;
  int shift;
  tflc_quantize_multiplier(real, &r.multiplier, &shift);
  r.shift = shift;
  for (int32_t c = 0; c < channels; c++) rq[c] = r;
  return kTfLiteOk;
}

TfLiteStatus tflc_conv_requant(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                               const TfLiteTensor *filter, const TfLiteTensor *bias, const TfLiteTensor *output,
                               int32_t channels, int32_t quantized_dimension, bool legacy, tflc_requant *rq) {
  if (!(input->params.scale > 0))
    return tflc_kernel_error(ctx, node, "input scale %g is not positive", input->params.scale);
  if (!(output->params.scale > 0))
    return tflc_kernel_error(ctx, node, "output scale %g is not positive", output->params.scale);
  int32_t nscales, qdim;
  const float *scales = tflc_quant_scales(filter, &nscales, &qdim);
  if (nscales > 1) {
    if (filter->type != kTfLiteInt8)
      return tflc_kernel_error(ctx, node, "per-channel filter scales need an INT8 filter, not %s",
                               TfLiteTypeGetName(filter->type));
    if (nscales != channels)
      return tflc_kernel_error(ctx, node, "filter has %d scales, expected 1 or %d (one per output channel)",
                               (int)nscales, (int)channels);
    if (qdim != quantized_dimension)
      return tflc_kernel_error(ctx, node, "filter is quantized along dimension %d, expected %d", (int)qdim,
                               (int)quantized_dimension);
  }
  if (legacy && nscales == 1) return legacy_requant(ctx, node, input, scales[0], bias, output, channels, rq);
  for (int32_t c = 0; c < channels; c++) {
    double filter_scale = (double)scales[nscales > 1 ? c : 0];
    if (!(filter_scale >= 0))
      return tflc_kernel_error(ctx, node, "filter scale %g of channel %d is negative", filter_scale, (int)c);
    double real = (double)input->params.scale * filter_scale / (double)output->params.scale;
    int shift;
    tflc_quantize_multiplier(real, &rq[c].multiplier, &shift);
    rq[c].shift = shift;
  }
  return kTfLiteOk;
}

TfLiteStatus tflc_window_dim(tflc_context *ctx, const tflc_node *node, const char *what, tflc_padding padding,
                             int32_t in, int32_t filter, int32_t stride, int32_t dilation, int32_t *out, int32_t *pad) {
  if (padding != TFLC_PADDING_SAME && padding != TFLC_PADDING_VALID)
    return tflc_kernel_error(ctx, node, "padding %d is neither SAME (0) nor VALID (1)", (int)padding);
  if (stride <= 0) return tflc_kernel_error(ctx, node, "stride %s is %d, must be positive", what, (int)stride);
  if (dilation <= 0) return tflc_kernel_error(ctx, node, "dilation %s is %d, must be positive", what, (int)dilation);
  if (filter <= 0) return tflc_kernel_error(ctx, node, "filter %s is %d, must be positive", what, (int)filter);
  int64_t effective = (int64_t)(filter - 1) * dilation + 1;
  int32_t n = tflc_compute_out_size(padding, in, filter, stride, dilation);
  /* The largest index the loops form is (out-1)*stride + effective - 1 (before padding). */
  if (n < 0 || effective > INT32_MAX || (n > 0 && (int64_t)(n - 1) * stride + effective > INT32_MAX))
    return tflc_kernel_error(ctx, node, "%s: input %d, filter %d, stride %d, dilation %d overflow the index range", what,
                             (int)in, (int)filter, (int)stride, (int)dilation);
  *out = n;
  *pad = tflc_compute_padding(stride, dilation, in, filter, n);
  return kTfLiteOk;
}

TfLiteStatus tflc_check_conv_types(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                   const TfLiteTensor *filter, const TfLiteTensor *bias, const TfLiteTensor *output,
                                   const char *filter_word) {
  TfLiteType t = input->type;
  if (t != kTfLiteFloat32 && t != kTfLiteUInt8 && t != kTfLiteInt8)
    return tflc_kernel_error(ctx, node, "input type %s is not supported (FLOAT32, UINT8 or INT8)", TfLiteTypeGetName(t));
  if (filter->type != t) {
    if (t == kTfLiteFloat32)
      return tflc_kernel_error(ctx, node, "hybrid FLOAT32 input with %s %s is not supported",
                               TfLiteTypeGetName(filter->type), filter_word);
    return tflc_kernel_error(ctx, node, "%s type %s differs from input type %s", filter_word,
                             TfLiteTypeGetName(filter->type), TfLiteTypeGetName(t));
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
