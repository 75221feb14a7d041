/*
** sqrt.c — SQRT (float32) and RSQRT (float32, int8), elementwise, as TensorFlow Lite 2.9's
** kernels/elementwise.cc: std::sqrt(x) and 1 / std::sqrt(x) in float.
** RSQRT int8 (RsqrtEvalQuantized): v = q - zp_in must be >= 0 (a negative one fails the invoke,
** as TFLite's check does); v == 0 gives 127; otherwise 1/sqrt(v) comes from gemmlowp's
** fixed-point Newton-Raphson (GetInvSqrtQuantizedMultiplierExp), is made an integer with 20
** extra bits, and rescaled by QuantizeMultiplier(1 / (sqrtf(input_scale) * output_scale)).
*/
#include <math.h>

#include "kernels/quant.h"
#include "runtime/kernel.h"

enum { RSQRT_EXTRA_BITS = 20 }; /* kShift in TFLite: keeps the intermediate an integer */

typedef struct rsqrt_op_data {
  int32_t input_offset, output_offset; /* zero points */
  int32_t multiplier;
  int shift;
} rsqrt_op_data;

static float rsqrt_f32(float x) { return 1.0f / sqrtf(x); }

/* gemmlowp SaturatingRoundingMultiplyByPOT<e> for e > 0: x * 2^e, saturated. */
static int32_t saturating_shift_left(int32_t x, int e) {
  const int32_t threshold = (int32_t)((1u << (31 - e)) - 1);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << e);
}

/*
** GetInvSqrtQuantizedMultiplierExp(input, reverse_shift = -1): 1/sqrt(input) as a Q31
** multiplier and a shift (positive = left), by five Newton-Raphson steps in Q3 fixed point.
*/
static void inv_sqrt_multiplier(int32_t input, int32_t *multiplier, int *shift) {
  if (input <= 1) {
    *multiplier = INT32_MAX;
    *shift = 0;
    return;
  }
  int right_shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++right_shift;
  }
  const int max_left_shift_bits = __builtin_clz((uint32_t)input) - 1;
  const int left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
  right_shift -= left_shift_bit_pairs;
  input = (int32_t)((uint32_t)input << (2 * left_shift_bit_pairs));
  const int32_t q3_input = input >> 1;
  const int32_t q3_half_input = tflc_rounding_divide_by_pot(q3_input, 1);
  const int32_t q3_three_halves = (1 << 28) + (1 << 27);
  int32_t x = 1 << 28; /* 1.0 in Q3 */
  for (int i = 0; i < 5; i++) {
    const int32_t x3 = saturating_shift_left(tflc_srdhm(tflc_srdhm(x, x), x), 6); /* Q9 -> Q3 */
    const int32_t diff = (int32_t)((uint32_t)tflc_srdhm(q3_three_halves, x) - (uint32_t)tflc_srdhm(q3_half_input, x3));
    x = saturating_shift_left(diff, 3); /* Q6 -> Q3 */
  }
  x = tflc_srdhm(x, 1518500250); /* times sqrt(2)/2 in Q0 */
  if (right_shift < 0) {
    x = (int32_t)((uint32_t)x << -right_shift);
    right_shift = 0;
  }
  *multiplier = x;
  *shift = -right_shift;
}

static int8_t rsqrt_quantized(const rsqrt_op_data *p, int32_t value) {
  if (value == 0) return INT8_MAX;
  int32_t inv_multiplier;
  int inv_shift;
  inv_sqrt_multiplier(value, &inv_multiplier, &inv_shift);
  const int32_t data = tflc_multiply_by_quantized_multiplier(1, inv_multiplier, inv_shift + RSQRT_EXTRA_BITS);
  int32_t out = tflc_multiply_by_quantized_multiplier(data, p->multiplier, p->shift - RSQRT_EXTRA_BITS);
  out += p->output_offset;
  return (int8_t)(out < INT8_MIN ? INT8_MIN : (out > INT8_MAX ? INT8_MAX : out));
}

/* RSQRT's int8 prepare (SetRsqrtOutputMultiplier). */
static TfLiteStatus rsqrt_prepare_int8(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                       const TfLiteTensor *output) {
  TFLC_ENSURE_MSG(ctx, node, input->params.scale > 0 && output->params.scale > 0,
                  "scales must be positive (input %g, output %g)", input->params.scale, output->params.scale);
  TFLC_ENSURE_MSG(ctx, node, input->params.zero_point >= INT8_MIN && input->params.zero_point <= INT8_MAX &&
                                 output->params.zero_point >= INT8_MIN && output->params.zero_point <= INT8_MAX,
                  "zero points (input %d, output %d) must lie in [-128, 127]", (int)input->params.zero_point,
                  (int)output->params.zero_point);
  rsqrt_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  p->input_offset = input->params.zero_point;
  p->output_offset = output->params.zero_point;
  const double scale = 1.0 / (double)(sqrtf(input->params.scale) * output->params.scale);
  TFLC_ENSURE_MSG(ctx, node, isfinite(scale) && scale > 0,
                  "rescale factor %g (input scale %g, output scale %g) is not usable", scale, input->params.scale,
                  output->params.scale);
  tflc_quantize_multiplier(scale, &p->multiplier, &p->shift);
  TFLC_ENSURE_MSG(ctx, node, p->shift - RSQRT_EXTRA_BITS >= -31,
                  "rescale factor %g (input scale %g, output scale %g) is out of range", scale, input->params.scale,
                  output->params.scale);
  return kTfLiteOk;
}

/* Shared prepare; `int8_ok` admits RSQRT's quantized int8 path. */
static TfLiteStatus unary_prepare(tflc_context *ctx, tflc_node *node, bool int8_ok) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expected 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "input or output tensor is missing");
  TFLC_ENSURE_MSG(ctx, node, input->type == output->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, input->type == kTfLiteFloat32 || (int8_ok && input->type == kTfLiteInt8),
                  "type %s is not supported (%s)", TfLiteTypeGetName(input->type),
                  int8_ok ? "FLOAT32, INT8" : "FLOAT32");
  if (input->type == kTfLiteInt8 && rsqrt_prepare_int8(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  return tflc_resize_output(ctx, output, tflc_ndims(input), input->dims->data);
}

static TfLiteStatus sqrt_prepare(tflc_context *ctx, tflc_node *node) { return unary_prepare(ctx, node, false); }
static TfLiteStatus rsqrt_prepare(tflc_context *ctx, tflc_node *node) { return unary_prepare(ctx, node, true); }

static TfLiteStatus sqrt_invoke(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  int64_t n = tflc_num_elements(input);
  for (int64_t i = 0; i < n; i++) output->data.f[i] = sqrtf(input->data.f[i]);
  (void)ctx;
  return kTfLiteOk;
}

static TfLiteStatus rsqrt_invoke(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  int64_t n = tflc_num_elements(input);
  if (input->type == kTfLiteFloat32) {
    for (int64_t i = 0; i < n; i++) output->data.f[i] = rsqrt_f32(input->data.f[i]);
    return kTfLiteOk;
  }
  const rsqrt_op_data *p = node->op_data;
  for (int64_t i = 0; i < n; i++) {
    int32_t value = input->data.int8[i] - p->input_offset;
    if (value < 0)
      return tflc_kernel_error(ctx, node, "RSQRT is only defined for values >= 0: element %lld is %d (zero point %d)",
                               (long long)i, (int)input->data.int8[i], (int)p->input_offset);
    output->data.int8[i] = rsqrt_quantized(p, value);
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_sqrt_kernel = {"SQRT", sqrt_prepare, sqrt_invoke};
const tflc_kernel tflc_rsqrt_kernel = {"RSQRT", rsqrt_prepare, rsqrt_invoke};
