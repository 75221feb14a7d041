/*
** relu.c — RELU, RELU6, RELU_N1_TO_1 and HARD_SWISH, elementwise, reproducing
** TensorFlow Lite 2.9's builtin kernels (kernels/activations.cc).
**
** float32: max(x, 0), min(max(x, 0), 6), min(max(x, -1), 1); HARD_SWISH x * min(max(x + 3, 0), 6) * (1/6)
** (multiplied by the float reciprocal, as the optimized kernel does: bit-identical to TFLite).
** uint8/int8 (RELU family, QuantizedReluX): the input is requantized to the output's scale and
** then clamped:
**   multiplier = QuantizeMultiplier(input_scale / output_scale)   (double division)
**   q = zp_out + MultiplyByQuantizedMultiplier(x - zp_in, multiplier)
**   clamped to [max(qmin, zp_out + roundf(lo / output_scale)), min(qmax, zp_out + roundf(hi / output_scale))]
**   with (lo, hi) = (0, +inf), (0, 6) or (-1, 1); an infinite hi keeps qmax.
** HARD_SWISH uint8/int8 (reference_ops::HardSwish, which the builtin kernel's scalar code
** matches on x86-64): 16-bit fixed point. The input moves to a "hires" scale (x - zp) * 128;
** one 16-bit multiplier takes it to the output scale, another to a "relu-ish" value where 3.0
** is 32768 (saturating), which becomes a [0, 1] factor; their product (a truncating doubling
** high multiply) is shifted right by the output exponent, offset and clamped.
*/
#include <math.h>

#include "kernels/quant.h"
#include "runtime/kernel.h"

typedef enum { KIND_RELU, KIND_RELU6, KIND_RELU_N1_TO_1, KIND_HARD_SWISH } relu_kind;

typedef struct relu_op_data {
  relu_kind kind;
  int64_t size;
  float lo, hi;                 /* float clamp */
  int32_t input_offset;         /* zp_in */
  int32_t output_offset;        /* zp_out */
  int32_t multiplier;
  int shift;
  int32_t q_min, q_max;
  /* HARD_SWISH (HardSwishParams): 16-bit multipliers and their exponents. */
  int16_t output_multiplier_16, reluish_multiplier_16;
  int output_exponent, reluish_exponent;
} relu_op_data;

static void relu_bounds(relu_kind kind, float *lo, float *hi) {
  switch (kind) {
    case KIND_RELU: *lo = 0; *hi = INFINITY; break;
    case KIND_RELU6: *lo = 0; *hi = 6; break;
    default: *lo = -1; *hi = 1; break;
  }
}

static inline int32_t relu_quantized(const relu_op_data *p, int32_t x) {
  int32_t q = p->output_offset + tflc_multiply_by_quantized_multiplier(x - p->input_offset, p->multiplier, p->shift);
  return q < p->q_min ? p->q_min : (q > p->q_max ? p->q_max : q);
}

static float hard_swish_f32(float x) {
  float r = x + 3.0f;
  r = r < 0.0f ? 0.0f : (r > 6.0f ? 6.0f : r);
  return x * r * (1.0f / 6.0f);
}

/*
** zp + round(bound / scale) as QuantizedReluX computes it, kept within [qmin, qmax] in float first
** so that huge quotients (tiny scales) cannot overflow the conversion.
*/
static int32_t quantized_bound(int32_t zero_point, float bound, float scale, int32_t qmin, int32_t qmax) {
  const float q = (float)zero_point + roundf(bound / scale);
  return q < (float)qmin ? qmin : (q > (float)qmax ? qmax : (int32_t)q);
}

/* Zero points and scales every quantized path needs: zero points in the type's range, finite positive scales. */
static TfLiteStatus check_quantization(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                       const TfLiteTensor *output) {
  const int32_t qmin = input->type == kTfLiteUInt8 ? 0 : -128, qmax = input->type == kTfLiteUInt8 ? 255 : 127;
  TFLC_ENSURE_MSG(ctx, node, isfinite(input->params.scale) && input->params.scale > 0 &&
                                 isfinite(output->params.scale) && output->params.scale > 0,
                  "scales must be finite and positive (input %g, output %g)", input->params.scale,
                  output->params.scale);
  TFLC_ENSURE_MSG(ctx, node,
                  input->params.zero_point >= qmin && input->params.zero_point <= qmax &&
                      output->params.zero_point >= qmin && output->params.zero_point <= qmax,
                  "zero points (input %d, output %d) must lie in [%d, %d]", (int)input->params.zero_point,
                  (int)output->params.zero_point, (int)qmin, (int)qmax);
  return kTfLiteOk;
}

/* gemmlowp SaturatingRoundingDoublingHighMul on int16. */
static int16_t srdhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  int32_t ab = (int32_t)a * (int32_t)b;
  int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t)((ab + nudge) / (1 << 15));
}

/* SaturatingDoublingHighMul on int16: like srdhm16 but truncating toward zero. */
static int16_t sdhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

static int16_t saturating_left_shift16(int16_t v, int amount) {
  int64_t r = (int64_t)v * ((int64_t)1 << amount);
  return (int16_t)(r > INT16_MAX ? INT16_MAX : (r < INT16_MIN ? INT16_MIN : r));
}

/* One quantized hard-swish value (reference_ops::HardSwish), before the type's clamp. */
static int32_t hard_swish_quantized(const relu_op_data *p, int32_t x) {
  const int16_t hires = (int16_t)((x - p->input_offset) * (1 << 7));
  const int16_t preshift_output = srdhm16(hires, p->output_multiplier_16);
  int16_t reluish = hires;
  if (p->reluish_exponent > 0) reluish = saturating_left_shift16(reluish, p->reluish_exponent - 1);
  reluish = srdhm16(reluish, p->reluish_multiplier_16);
  if (p->reluish_exponent > 0) reluish = saturating_left_shift16(reluish, 1);
  if (p->reluish_exponent < 0) reluish = (int16_t)tflc_rounding_divide_by_pot(reluish, -p->reluish_exponent);
  reluish = (int16_t)((reluish + (1 << 15)) >> 1);
  const int16_t product = sdhm16(reluish, preshift_output);
  int32_t out = (int16_t)tflc_rounding_divide_by_pot(product, -p->output_exponent);
  out += p->output_offset;
  return out < p->q_min ? p->q_min : (out > p->q_max ? p->q_max : out);
}

/* DownScaleInt32ToInt16Multiplier: a Q31 multiplier rounded to Q15. */
static int16_t multiplier_to_16(int32_t m) {
  if (m >= INT32_MAX - (1 << 15)) return INT16_MAX;
  return (int16_t)((m + (1 << 15)) >> 16);
}

/* HardSwishPrepare: the output and relu-ish multipliers, computed in float as TFLite does. */
static TfLiteStatus prepare_hard_swish(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                       const TfLiteTensor *output, relu_op_data *p) {
  if (check_quantization(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  p->input_offset = input->params.zero_point;
  p->output_offset = output->params.zero_point;
  p->q_min = input->type == kTfLiteUInt8 ? 0 : -128;
  p->q_max = input->type == kTfLiteUInt8 ? 255 : 127;
  const float hires_input_scale = (1.0f / 128.0f) * input->params.scale;
  const float reluish_scale = 3.0f / 32768.0f;
  const float output_multiplier = hires_input_scale / output->params.scale;
  const float reluish_multiplier = hires_input_scale / reluish_scale;
  TFLC_ENSURE_MSG(ctx, node, isfinite(output_multiplier) && output_multiplier > 0 && reluish_multiplier > 0,
                  "input scale %g and output scale %g give unusable multipliers", input->params.scale,
                  output->params.scale);
  int32_t m32;
  tflc_quantize_multiplier((double)output_multiplier, &m32, &p->output_exponent);
  p->output_multiplier_16 = multiplier_to_16(m32);
  TFLC_ENSURE_MSG(ctx, node, p->output_exponent <= 0,
                  "input scale %g is too large for output scale %g (output exponent %d > 0)", input->params.scale,
                  output->params.scale, p->output_exponent);
  tflc_quantize_multiplier((double)reluish_multiplier, &m32, &p->reluish_exponent);
  p->reluish_multiplier_16 = multiplier_to_16(m32);
  return kTfLiteOk;
}

/* QuantizedReluX's prepare: the requantization multiplier and the clamp in output units. */
static TfLiteStatus prepare_quantized(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                      const TfLiteTensor *output, relu_op_data *p) {
  if (check_quantization(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  const int32_t qmin = input->type == kTfLiteUInt8 ? 0 : -128, qmax = input->type == kTfLiteUInt8 ? 255 : 127;
  const double real = (double)input->params.scale / (double)output->params.scale;
  TFLC_ENSURE_MSG(ctx, node, isfinite(real), "rescale factor %g (scales %g, %g) is not usable", real,
                  input->params.scale, output->params.scale);
  tflc_quantize_multiplier(real, &p->multiplier, &p->shift);
  p->input_offset = input->params.zero_point;
  p->output_offset = output->params.zero_point;
  p->q_min = quantized_bound(output->params.zero_point, p->lo, output->params.scale, qmin, qmax);
  p->q_max = isinf(p->hi) ? qmax : quantized_bound(output->params.zero_point, p->hi, output->params.scale, qmin, qmax);
  return kTfLiteOk;
}

static TfLiteStatus relu_prepare(tflc_context *ctx, tflc_node *node, relu_kind kind) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expected 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "input or output tensor is missing");
  TFLC_ENSURE_MSG(ctx, node, input->type == output->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  bool quantized = input->type == kTfLiteUInt8 || input->type == kTfLiteInt8;
  TFLC_ENSURE_MSG(ctx, node, input->type == kTfLiteFloat32 || quantized, "type %s is not supported (%s)",
                  TfLiteTypeGetName(input->type), "FLOAT32, UINT8, INT8");
  relu_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  p->kind = kind;
  p->size = tflc_num_elements(input);
  relu_bounds(kind, &p->lo, &p->hi);
  if (quantized && kind == KIND_HARD_SWISH) {
    if (prepare_hard_swish(ctx, node, input, output, p) != kTfLiteOk) return kTfLiteError;
  } else if (quantized && prepare_quantized(ctx, node, input, output, p) != kTfLiteOk) {
    return kTfLiteError;
  }
  return tflc_resize_output(ctx, output, tflc_ndims(input), input->dims->data);
}

static TfLiteStatus relu_invoke(tflc_context *ctx, tflc_node *node) {
  const relu_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  switch (input->type) {
    case kTfLiteFloat32:
      if (p->kind == KIND_HARD_SWISH)
        for (int64_t i = 0; i < p->size; i++) output->data.f[i] = hard_swish_f32(input->data.f[i]);
      else
        for (int64_t i = 0; i < p->size; i++) output->data.f[i] = tflc_clampf(input->data.f[i], p->lo, p->hi);
      break;
    case kTfLiteUInt8:
      for (int64_t i = 0; i < p->size; i++) {
        int32_t x = input->data.uint8[i];
        int32_t q = p->kind == KIND_HARD_SWISH ? hard_swish_quantized(p, x) : relu_quantized(p, x);
        output->data.uint8[i] = (uint8_t)q;
      }
      break;
    case kTfLiteInt8:
      for (int64_t i = 0; i < p->size; i++) {
        int32_t x = input->data.int8[i];
        int32_t q = p->kind == KIND_HARD_SWISH ? hard_swish_quantized(p, x) : relu_quantized(p, x);
        output->data.int8[i] = (int8_t)q;
      }
      break;
    default: return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(input->type));
  }
  return kTfLiteOk;
}

static TfLiteStatus relu_prepare_0(tflc_context *ctx, tflc_node *node) { return relu_prepare(ctx, node, KIND_RELU); }
static TfLiteStatus relu6_prepare(tflc_context *ctx, tflc_node *node) { return relu_prepare(ctx, node, KIND_RELU6); }
static TfLiteStatus relu_n1_to_1_prepare(tflc_context *ctx, tflc_node *node) {
  return relu_prepare(ctx, node, KIND_RELU_N1_TO_1);
}
static TfLiteStatus hard_swish_prepare(tflc_context *ctx, tflc_node *node) {
  return relu_prepare(ctx, node, KIND_HARD_SWISH);
}

const tflc_kernel tflc_relu_kernel = {"RELU", relu_prepare_0, relu_invoke};
const tflc_kernel tflc_relu6_kernel = {"RELU6", relu6_prepare, relu_invoke};
const tflc_kernel tflc_relu_n1_to_1_kernel = {"RELU_N1_TO_1", relu_n1_to_1_prepare, relu_invoke};
const tflc_kernel tflc_hard_swish_kernel = {"HARD_SWISH", hard_swish_prepare, relu_invoke};
