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

/* TFLite's TfLiteRound / std::round: half away from zero (floor(x + 0.5) is wrong near .5 ulps). */
static inline float tflc_roundf(float x) { return __builtin_roundf(x); }

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

/*
** Output size and leading padding of one spatial dimension ("height" or "width") of a windowed
** op. Refuses bad strides, dilations and paddings, and sizes for which the loops' index
** arithmetic (out*stride + tap*dilation) could overflow int32.
*/
TfLiteStatus tflc_window_dim(tflc_context *ctx, const tflc_node *node, const char *what, tflc_padding padding,
                             int32_t in, int32_t filter, int32_t stride, int32_t dilation, int32_t *out, int32_t *pad);

/* ---- Convolution-like ops (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED) ---- */

/* One output channel's requantization: real multiplier = multiplier * 2^(shift - 31). */
typedef struct tflc_requant {
  int32_t multiplier;
  int32_t shift; /* > 0 is a left shift */
} tflc_requant;

/*
** The scales of a quantized tensor: the affine quantization's array (one per channel along
** *quantized_dimension) when there is one, else params.scale as a single scale.
*/
const float *tflc_quant_scales(const TfLiteTensor *t, int32_t *count, int32_t *quantized_dimension);

/*
** Fills rq[0..channels) as TFLite's PopulateConvolutionQuantizationParams does.
** `legacy` selects TFLite's per-tensor path (GetQuantizedConvolutionMultipler: the bias scale
** must equal input_scale*filter_scale, and the product is rounded to float before dividing),
** used for UINT8 conv/depthwise and per-tensor FULLY_CONNECTED; otherwise each channel gets
** (double)input_scale*filter_scale[c]/output_scale. A filter with several scales must be INT8
** with one scale per channel along `quantized_dimension`. Refuses with a message otherwise.
*/
TfLiteStatus tflc_conv_requant(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                               const TfLiteTensor *filter, const TfLiteTensor *bias, const TfLiteTensor *output,
                               int32_t channels, int32_t quantized_dimension, bool legacy, tflc_requant *rq);

/*
** ruy's MultiplyByQuantizedMultiplier: the same doubling high multiply, but the final right
** shift rounds half up (toward +infinity) instead of half away from zero. TFLite 2.9's builtin
** kernels reach it wherever they multiply matrices through cpu_backend_gemm (CONV_2D,
** FULLY_CONNECTED), so those ops differ from the reference kernels on negative ties;
** DEPTHWISE_CONV_2D has its own loops and uses tflc_multiply_by_quantized_multiplier.
** (Measured against TFLite 2.9 with single-op models; see the kernels' headers.)
*/
static inline int32_t tflc_multiply_by_quantized_multiplier_ruy(int32_t x, int32_t multiplier, int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  int32_t high = tflc_srdhm((int32_t)((uint32_t)x << left), multiplier);
  if (right == 0) return high;
  return (int32_t)(((int64_t)high + ((int64_t)1 << (right - 1))) >> right);
}

/* How the output stage rounds: as TFLite's own loops do, or as its GEMM (ruy) does. */
typedef enum { TFLC_ROUND_GEMMLOWP = 0, TFLC_ROUND_RUY = 1 } tflc_rounding;

/*
** The output stage shared by the quantized conv/depthwise/FC loops: the accumulator wraps to
** int32 as TFLite's does, gets the bias, is requantized, offset and clamped.
*/
static inline int32_t tflc_conv_output(int64_t acc, int32_t bias, tflc_requant rq, tflc_rounding rounding,
                                       int32_t output_offset, int32_t act_min, int32_t act_max) {
  int32_t x = (int32_t)(uint32_t)((uint64_t)acc + (uint64_t)(int64_t)bias);
  x = rounding == TFLC_ROUND_RUY ? tflc_multiply_by_quantized_multiplier_ruy(x, rq.multiplier, rq.shift)
                                 : tflc_multiply_by_quantized_multiplier(x, rq.multiplier, rq.shift);
  x = (int32_t)((uint32_t)x + (uint32_t)output_offset);
  return x < act_min ? act_min : (x > act_max ? act_max : x);
}

/*
** Types of a convolution-like op (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED): input, filter
** and output share FLOAT32, UINT8 or INT8; the bias, if any, is FLOAT32 for float and INT32
** otherwise. `filter_word` names the filter in messages ("filter" or "weights").
*/
TfLiteStatus tflc_check_conv_types(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                   const TfLiteTensor *filter, const TfLiteTensor *bias, const TfLiteTensor *output,
                                   const char *filter_word);

#endif /* TFLC_KERNELS_QUANT_H_ */
