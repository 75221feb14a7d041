/*
** quant.c — see quant.h.
*/
#include "kernels/quant.h"

#include <math.h>

void tflc_quantize_multiplier(double m, int32_t *multiplier, int *shift) {
  if (m == 0.0) {
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
