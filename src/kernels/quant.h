/*
** quant.h — TensorFlow Lite's fixed-point arithmetic, shared by every quantized kernel.
**
** These reproduce tensorflow/lite/kernels/internal/common.h and quantization_util.cc
** (default build: double rounding, not TFLITE_SINGLE_ROUNDING), which the golden data
** was produced with. See ../shared/notes/quant_semantics.md.
*/
#ifndef TFLC_KERNELS_QUANT_H_
#define TFLC_KERNELS_QUANT_H_

#include <stdint.h>

#include "runtime/kernel.h"

/* m = multiplier * 2^(shift - 31): multiplier in [2^30, 2^31), shift > 0 is a left shift. */
void tflc_quantize_multiplier(double m, int32_t *multiplier, int *shift);
/* For 0 <= m < 1: shift <= 0. */
void tflc_quantize_multiplier_smaller_than_one(double m, int32_t *multiplier, int *shift);
/* For m > 1: shift >= 0. */
void tflc_quantize_multiplier_greater_than_one(double m, int32_t *multiplier, int *left_shift);

/* gemmlowp SaturatingRoundingDoublingHighMul. */
static inline int32_t tflc_srdhm(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* gemmlowp RoundingDivideByPOT: x / 2^exponent rounded half away from zero. */
static inline int32_t tflc_rounding_divide_by_pot(int32_t x, int exponent) {
  int32_t mask = (int32_t)((1ll << exponent) - 1);
  int32_t remainder = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TFLite MultiplyByQuantizedMultiplier (double rounding). */
static inline int32_t tflc_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  return tflc_rounding_divide_by_pot(tflc_srdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

/* TFLite's TfLiteRound / std::round: half away from zero. */
static inline float tflc_roundf(float x) { return x >= 0 ? __builtin_floorf(x + 0.5f) : -__builtin_floorf(-x + 0.5f); }

/* [act_min, act_max] of a fused activation on a quantized output (CalculateActivationRangeQuantized). */
TfLiteStatus tflc_quantized_activation_range(tflc_context *ctx, const tflc_node *node, tflc_activation act,
                                             const TfLiteTensor *output, int32_t *act_min, int32_t *act_max);
/* [min, max] of a fused activation on a float output. */
void tflc_float_activation_range(tflc_activation act, float *act_min, float *act_max);
static inline float tflc_clampf(float x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }

/*
** TFLite's ComputePaddingHeightWidth for one dimension: the output size and the padding
** before the first element, for SAME or VALID padding with dilation.
*/
int32_t tflc_compute_out_size(tflc_padding padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation);
int32_t tflc_compute_padding(int32_t stride, int32_t dilation, int32_t in, int32_t filter, int32_t out);

#endif /* TFLC_KERNELS_QUANT_H_ */
