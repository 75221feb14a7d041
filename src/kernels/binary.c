/*
** binary.c — elementwise SUB, MUL, DIV, SQUARED_DIFFERENCE and FLOOR_DIV with numpy-style
** broadcasting (broadcast.h), reproducing TensorFlow Lite 2.9's builtin kernels.
**
**   SUB       float32, int32, int64 (a - b, clamped to the fused activation); uint8/int8 as
**             kernels/sub.cc PrepareGeneralSubOp: ADD's left_shift-20 pipeline with input 2's
**             multiplier negated (so the doubling high multiply rounds as TFLite's does).
**   MUL       float32, int32, int64; uint8/int8 as kernels/mul.cc: real multiplier
**             scale1*scale2/scale_out computed in float, QuantizeMultiplier, then
**             MultiplyByQuantizedMultiplier((q1 - zp1) * (q2 - zp2)) + zp_out, clamped.
**   DIV       float32 (a / b), int32 (C division; a zero divisor is refused at invoke); uint8 as
**             reference_ops::DivElementwise: the numerator shifted up by its headroom times a
**             fixed-point reciprocal of the denominator (GetReciprocal), rescaled by
**             QuantizeMultiplier(scale1 / (scale2 * scale_out)) (float arithmetic) and the shifts.
**   SQUARED_DIFFERENCE  float32 and int32: (a - b)^2; int8 as squared_difference.cc: both inputs
**             moved to a common scale with 7 extra bits, the difference squared and rescaled.
**   FLOOR_DIV float32 (floor(a / b)) and int32 (quotient rounded toward -infinity; a zero
**             divisor is refused at invoke, as TFLite's "Division by 0" check does).
*/
#include <math.h>

#include "kernels/broadcast.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"

enum { BIN_ACTIVATION = 0 }; /* SubOptions/MulOptions/DivOptions field */
enum {
  BIN_OPTIONS_MUL = 21,
  BIN_OPTIONS_SUB = 28,
  BIN_OPTIONS_DIV = 29,
};

typedef enum { OP_SUB, OP_MUL, OP_DIV, OP_SQUARED_DIFFERENCE, OP_FLOOR_DIV } binary_op;

/* The quantized constants (ArithmeticParams in TFLite). */
typedef struct binary_quant {
  int32_t input1_offset, input2_offset, output_offset; /* -zp1, -zp2, +zp_out */
  int32_t left_shift;                                  /* SUB: 20 */
  int32_t input1_multiplier, input2_multiplier, output_multiplier;
  int input1_shift, input2_shift, output_shift;
  int32_t act_min, act_max;
} binary_quant;

typedef struct binary_op_data {
  binary_op op;
  TfLiteType type;
  tflc_broadcast bc;
  float f_min, f_max;     /* float activation range */
  int64_t i_min, i_max;   /* int32/int64 activation range */
  binary_quant q;
} binary_op_data;

/* One invoke's tensors, handed to the row functions through tflc_broadcast_rows. */
typedef struct binary_run {
  const binary_op_data *p;
  const void *a, *b;
  void *out;
  bool divide_by_zero; /* set when an integer divisor was 0 */
} binary_run;

static inline int64_t clamp_i64(int64_t x, int64_t lo, int64_t hi) { return x < lo ? lo : (x > hi ? hi : x); }
static inline int32_t clamp_i32(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : (x > hi ? hi : x); }

/* SUB on 8-bit values: ADD's pipeline, input 2's multiplier negative. */
static inline int32_t sub_quantized(const binary_quant *q, int32_t x1, int32_t x2) {
  int32_t a = (int32_t)((uint32_t)(x1 + q->input1_offset) << q->left_shift);
  int32_t b = (int32_t)((uint32_t)(x2 + q->input2_offset) << q->left_shift);
  a = tflc_multiply_by_quantized_multiplier(a, q->input1_multiplier, q->input1_shift);
  b = tflc_multiply_by_quantized_multiplier(b, q->input2_multiplier, q->input2_shift);
  int32_t r = tflc_multiply_by_quantized_multiplier(a + b, q->output_multiplier, q->output_shift);
  return clamp_i32(r + q->output_offset, q->act_min, q->act_max);
}

/* MUL on 8-bit values. */
static inline int32_t mul_quantized(const binary_quant *q, int32_t x1, int32_t x2) {
  int32_t prod = (x1 + q->input1_offset) * (x2 + q->input2_offset);
  int32_t r = tflc_multiply_by_quantized_multiplier(prod, q->output_multiplier, q->output_shift);
  return clamp_i32(r + q->output_offset, q->act_min, q->act_max);
}

/* Float result of op on a and b, before the activation clamp. */
static inline float apply_f32(binary_op op, float a, float b) {
  switch (op) {
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return a / b;
    case OP_SQUARED_DIFFERENCE: return (a - b) * (a - b);
    default: return floorf(a / b);
  }
}

/* Two's-complement wrap of an unsigned result to int32 or int64 (TFLite's integer ops overflow silently). */
static inline int64_t wrap(uint64_t x, bool is_int32) { return is_int32 ? (int64_t)(int32_t)(uint32_t)x : (int64_t)x; }

/* Integer result of op on a and b (b != 0 for the divisions), before the activation clamp. */
static inline int64_t apply_int(binary_op op, int64_t a, int64_t b, bool is_int32) {
  switch (op) {
    case OP_SUB: return wrap((uint64_t)a - (uint64_t)b, is_int32);
    case OP_MUL: return wrap((uint64_t)a * (uint64_t)b, is_int32);
    case OP_DIV:
      if (a == (is_int32 ? INT32_MIN : INT64_MIN) && b == -1) return a; /* wraps, as two's complement does */
      return a / b;
    case OP_SQUARED_DIFFERENCE: {
      int64_t d = wrap((uint64_t)a - (uint64_t)b, is_int32);
      return wrap((uint64_t)d * (uint64_t)d, is_int32);
    }
    default: {
      if (a == (is_int32 ? INT32_MIN : INT64_MIN) && b == -1) return a;
      int64_t q = a / b;
      if ((a % b != 0) && ((a < 0) != (b < 0))) q--; /* round toward -infinity */
      return q;
    }
  }
}

static void row_f32(const binary_run *r, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o, int64_t n) {
  const float *a = (const float *)r->a + i1, *b = (const float *)r->b + i2;
  float *out = (float *)r->out + o;
  const binary_op_data *p = r->p;
  for (int64_t i = 0; i < n; i++) out[i] = tflc_clampf(apply_f32(p->op, a[i * s1], b[i * s2]), p->f_min, p->f_max);
}

static bool is_division(binary_op op) { return op == OP_DIV || op == OP_FLOOR_DIV; }

static void row_i32(binary_run *r, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o, int64_t n) {
  const int32_t *a = (const int32_t *)r->a + i1, *b = (const int32_t *)r->b + i2;
  int32_t *out = (int32_t *)r->out + o;
  const binary_op_data *p = r->p;
  for (int64_t i = 0; i < n; i++) {
    if (is_division(p->op) && b[i * s2] == 0) {
      r->divide_by_zero = true;
      out[i] = 0;
      continue;
    }
    out[i] = (int32_t)clamp_i64(apply_int(p->op, a[i * s1], b[i * s2], true), p->i_min, p->i_max);
  }
}

static void row_i64(binary_run *r, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o, int64_t n) {
  const int64_t *a = (const int64_t *)r->a + i1, *b = (const int64_t *)r->b + i2;
  int64_t *out = (int64_t *)r->out + o;
  const binary_op_data *p = r->p;
  for (int64_t i = 0; i < n; i++) {
    if (is_division(p->op) && b[i * s2] == 0) {
      r->divide_by_zero = true;
      out[i] = 0;
      continue;
    }
    out[i] = clamp_i64(apply_int(p->op, a[i * s1], b[i * s2], false), p->i_min, p->i_max);
  }
}

/* SQUARED_DIFFERENCE on int8 (squared_difference.cc): both inputs to a common scale with 7 extra bits. */
static inline int32_t squared_difference_quantized(const binary_quant *q, int32_t x1, int32_t x2) {
  int32_t a = (x1 + q->input1_offset) * (1 << q->left_shift);
  int32_t b = (x2 + q->input2_offset) * (1 << q->left_shift);
  a = tflc_multiply_by_quantized_multiplier(a, q->input1_multiplier, q->input1_shift);
  b = tflc_multiply_by_quantized_multiplier(b, q->input2_multiplier, q->input2_shift);
  const int32_t d = a - b; /* |d| <= 255 * 2^7: the square fits in int32 */
  int32_t r = tflc_multiply_by_quantized_multiplier(d * d, q->output_multiplier, q->output_shift);
  return clamp_i32(r + q->output_offset, q->act_min, q->act_max);
}

/*
** gemmlowp RoundingDivideByPOT as TFLite's x86-64 build computes it for any exponent. DIV's
** total shift passes 31 when the numerator is small (|q1 - zp1| of a few units); gemmlowp only
** asserts exponent <= 31, so there the mask (1ll << e) - 1 truncates to all ones in int32 and the
** scalar arithmetic shift uses e mod 32 (x86 masks the count). TFLite 2.9's outputs for such
** elements are that arithmetic's (often saturated) results, and tflc reproduces them.
*/
static inline int32_t rounding_divide_by_pot_x86(int32_t x, int exponent) {
  if (exponent <= 0) return x;
  if (exponent <= 31) return tflc_rounding_divide_by_pot(x, exponent);
  const int32_t threshold = -1 + (x < 0 ? 1 : 0); /* (mask >> 1) + (x < 0) with mask = -1 */
  /* remainder = x & -1 = x; the sum wraps as the compiled int32 addition does */
  return (int32_t)((uint32_t)(x >> (exponent & 31)) + (x > threshold ? 1u : 0u));
}

/* gemmlowp one_over_one_plus_x_for_x_in_0_1: 1/(1+a) for a in [0, 1) in Q0, by Newton-Raphson in Q2. */
static int32_t one_over_one_plus_x(int32_t a) {
  const int64_t sum = (int64_t)a + INT32_MAX; /* RoundingHalfSum(a, One) */
  const int32_t half_denominator = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
  const int32_t q2_48_over_17 = 1515870810, q2_neg_32_over_17 = -1010580540, q2_one = 1 << 29;
  int32_t x = q2_48_over_17 + tflc_srdhm(half_denominator, q2_neg_32_over_17);
  for (int i = 0; i < 3; i++) {
    const int32_t one_minus = q2_one - tflc_srdhm(half_denominator, x);
    const int32_t step = tflc_srdhm(x, one_minus); /* Q4, rescaled to Q2 with saturation */
    const int32_t threshold = (1 << 29) - 1;
    x += step > threshold ? INT32_MAX : (step < -threshold ? INT32_MIN : step * 4);
  }
  /* ExactMulByPot<-1> then Rescale<0>: a saturating doubling of the raw value. */
  const int32_t threshold = (1 << 30) - 1;
  return x > threshold ? INT32_MAX : (x < -threshold ? INT32_MIN : x * 2);
}

/* GetReciprocal(x, 31): 1/x as a Q0 multiplier and the bits above the unit. */
static int32_t reciprocal(int32_t x, int *num_bits_over_unit) {
  const int headroom_plus_one = __builtin_clz((uint32_t)x);
  *num_bits_over_unit = 31 - headroom_plus_one;
  const int32_t shifted_minus_one = (int32_t)(((uint32_t)x << headroom_plus_one) - (1u << 31));
  return one_over_one_plus_x(shifted_minus_one);
}

/* DIV on uint8 (reference_ops::DivElementwise); d2 != 0. */
static inline int32_t div_quantized(const binary_quant *q, int32_t x1, int32_t x2) {
  int32_t n1 = x1 + q->input1_offset, d2 = x2 + q->input2_offset;
  if (d2 < 0) n1 = -n1, d2 = -d2;
  int recip_shift;
  const int32_t inverse = reciprocal(d2, &recip_shift);
  const int headroom = n1 == 0 ? 31 : __builtin_clrsb(n1);
  const int32_t unscaled = tflc_srdhm((int32_t)((uint32_t)n1 << headroom), inverse);
  const int total_shift = q->output_shift - recip_shift - headroom;
  int32_t r = rounding_divide_by_pot_x86(tflc_srdhm(unscaled, q->output_multiplier), -total_shift);
  return clamp_i32(r + q->output_offset, q->act_min, q->act_max);
}

/* One 8-bit element of a quantized op (SUB, MUL, SQUARED_DIFFERENCE int8, DIV uint8). */
static inline int32_t quantized_element(binary_op op, const binary_quant *q, int32_t x1, int32_t x2) {
  switch (op) {
    case OP_SUB: return sub_quantized(q, x1, x2);
    case OP_MUL: return mul_quantized(q, x1, x2);
    case OP_SQUARED_DIFFERENCE: return squared_difference_quantized(q, x1, x2);
    default: return div_quantized(q, x1, x2);
  }
}

static void row_u8(binary_run *r, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o, int64_t n) {
  const uint8_t *a = (const uint8_t *)r->a + i1, *b = (const uint8_t *)r->b + i2;
  uint8_t *out = (uint8_t *)r->out + o;
  const binary_quant *q = &r->p->q;
  for (int64_t i = 0; i < n; i++) {
    if (r->p->op == OP_DIV && b[i * s2] + q->input2_offset == 0) {
      r->divide_by_zero = true;
      out[i] = 0;
      continue;
    }
    out[i] = (uint8_t)quantized_element(r->p->op, q, a[i * s1], b[i * s2]);
  }
}

static void row_i8(const binary_run *r, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o, int64_t n) {
  const int8_t *a = (const int8_t *)r->a + i1, *b = (const int8_t *)r->b + i2;
  int8_t *out = (int8_t *)r->out + o;
  const binary_quant *q = &r->p->q;
  for (int64_t i = 0; i < n; i++) out[i] = (int8_t)quantized_element(r->p->op, q, a[i * s1], b[i * s2]);
}

/* tflc_broadcast_rows callback: dispatches one row on the output type. */
static void binary_row(void *user, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o, int64_t n) {
  binary_run *r = user;
  switch (r->p->type) {
    case kTfLiteFloat32: row_f32(r, i1, s1, i2, s2, o, n); break;
    case kTfLiteInt32: row_i32(r, i1, s1, i2, s2, o, n); break;
    case kTfLiteInt64: row_i64(r, i1, s1, i2, s2, o, n); break;
    case kTfLiteUInt8: row_u8(r, i1, s1, i2, s2, o, n); break;
    default: row_i8(r, i1, s1, i2, s2, o, n); break;
  }
}

/* Which types each op takes on TFLite 2.9's builtin path. */
static bool type_supported(binary_op op, TfLiteType t) {
  switch (op) {
    case OP_SUB:
    case OP_MUL:
      return t == kTfLiteFloat32 || t == kTfLiteInt32 || t == kTfLiteInt64 || t == kTfLiteUInt8 || t == kTfLiteInt8;
    case OP_DIV: return t == kTfLiteFloat32 || t == kTfLiteInt32 || t == kTfLiteUInt8;
    case OP_SQUARED_DIFFERENCE: return t == kTfLiteFloat32 || t == kTfLiteInt32 || t == kTfLiteInt8;
    default: return t == kTfLiteFloat32 || t == kTfLiteInt32;
  }
}

static const char *supported_list(binary_op op) {
  switch (op) {
    case OP_SUB:
    case OP_MUL: return "FLOAT32, INT32, INT64, UINT8, INT8";
    case OP_DIV: return "FLOAT32, INT32, UINT8";
    case OP_SQUARED_DIFFERENCE: return "FLOAT32, INT32, INT8";
    default: return "FLOAT32, INT32";
  }
}

/* squared_difference.cc Prepare for int8: left_shift 7, the output multiplier squares the common scale. */
static TfLiteStatus prepare_squared_difference_quantized(tflc_context *ctx, tflc_node *node, const TfLiteTensor *in1,
                                                         const TfLiteTensor *in2, const TfLiteTensor *output,
                                                         binary_quant *q) {
  q->left_shift = 7;
  const float max_scale = in1->params.scale > in2->params.scale ? in1->params.scale : in2->params.scale;
  const double twice_max = (double)(2 * max_scale);
  const double real1 = in1->params.scale / twice_max, real2 = in2->params.scale / twice_max;
  const double real_out = (twice_max * twice_max) / ((double)(1 << (q->left_shift * 2)) * output->params.scale);
  TFLC_ENSURE_MSG(ctx, node, real_out < 1.0,
                  "output scale %g is too small for the inputs' scales (%g, %g): rescale factor %g is not < 1",
                  output->params.scale, in1->params.scale, in2->params.scale, real_out);
  tflc_quantize_multiplier_smaller_than_one(real1, &q->input1_multiplier, &q->input1_shift);
  tflc_quantize_multiplier_smaller_than_one(real2, &q->input2_multiplier, &q->input2_shift);
  tflc_quantize_multiplier_smaller_than_one(real_out, &q->output_multiplier, &q->output_shift);
  return kTfLiteOk;
}

/* sub.cc PrepareGeneralSubOp for 8-bit types. */
static TfLiteStatus prepare_sub_quantized(tflc_context *ctx, tflc_node *node, const TfLiteTensor *in1,
                                          const TfLiteTensor *in2, const TfLiteTensor *output, binary_quant *q) {
  q->left_shift = 20;
  const float max_scale = in1->params.scale > in2->params.scale ? in1->params.scale : in2->params.scale;
  const double twice_max = (double)(2 * max_scale);
  const double real1 = in1->params.scale / twice_max, real2 = in2->params.scale / twice_max;
  const double real_out = twice_max / (double)((float)(1 << q->left_shift) * output->params.scale);
  TFLC_ENSURE_MSG(ctx, node, real_out < 1.0,
                  "output scale %g is too small for the inputs' scales (%g, %g): rescale factor %g is not < 1",
                  output->params.scale, in1->params.scale, in2->params.scale, real_out);
  tflc_quantize_multiplier_smaller_than_one(real1, &q->input1_multiplier, &q->input1_shift);
  tflc_quantize_multiplier_smaller_than_one(real2, &q->input2_multiplier, &q->input2_shift);
  q->input2_multiplier = -q->input2_multiplier;
  tflc_quantize_multiplier_smaller_than_one(real_out, &q->output_multiplier, &q->output_shift);
  return kTfLiteOk;
}

static TfLiteStatus prepare_quantized(tflc_context *ctx, tflc_node *node, binary_op op, const TfLiteTensor *in1,
                                      const TfLiteTensor *in2, const TfLiteTensor *output, tflc_activation act,
                                      binary_quant *q) {
  TFLC_ENSURE_MSG(ctx, node, in1->params.scale > 0 && in2->params.scale > 0 && output->params.scale > 0,
                  "scales must be positive (input 0: %g, input 1: %g, output: %g)", in1->params.scale,
                  in2->params.scale, output->params.scale);
  int32_t lo = output->type == kTfLiteUInt8 ? 0 : -128, hi = output->type == kTfLiteUInt8 ? 255 : 127;
  const TfLiteTensor *t[3] = {in1, in2, output};
  for (int i = 0; i < 3; i++)
    TFLC_ENSURE_MSG(ctx, node, t[i]->params.zero_point >= lo && t[i]->params.zero_point <= hi,
                    "zero point %d of %s is outside [%d, %d]", (int)t[i]->params.zero_point,
                    i == 2 ? "the output" : (i == 0 ? "input 0" : "input 1"), (int)lo, (int)hi);
  q->input1_offset = -in1->params.zero_point;
  q->input2_offset = -in2->params.zero_point;
  q->output_offset = output->params.zero_point;
  if (op == OP_SUB) {
    if (prepare_sub_quantized(ctx, node, in1, in2, output, q) != kTfLiteOk) return kTfLiteError;
  } else if (op == OP_SQUARED_DIFFERENCE) {
    if (prepare_squared_difference_quantized(ctx, node, in1, in2, output, q) != kTfLiteOk) return kTfLiteError;
    act = TFLC_ACTIVATION_NONE; /* SquaredDifferenceOptions has no activation: the full int8 range */
  } else if (op == OP_DIV) {
    /* div.cc: scale1 / (scale2 * scale_out) in float, widened to double afterwards. */
    const float real = in1->params.scale / (in2->params.scale * output->params.scale);
    TFLC_ENSURE_MSG(ctx, node, isfinite(real) && real > 0, "rescale factor %g (scales %g, %g, %g) is not usable",
                    real, in1->params.scale, in2->params.scale, output->params.scale);
    tflc_quantize_multiplier((double)real, &q->output_multiplier, &q->output_shift);
  } else {
    /* mul.cc: the product and quotient are float arithmetic, widened to double afterwards. */
    const float real = in1->params.scale * in2->params.scale / output->params.scale;
    TFLC_ENSURE_MSG(ctx, node, isfinite(real) && real > 0, "rescale factor %g (scales %g, %g, %g) is not usable",
                    real, in1->params.scale, in2->params.scale, output->params.scale);
    tflc_quantize_multiplier((double)real, &q->output_multiplier, &q->output_shift);
  }
  return tflc_quantized_activation_range(ctx, node, act, output, &q->act_min, &q->act_max);
}

/* CalculateActivationRange for int32/int64 outputs. */
static void int_activation_range(tflc_activation act, TfLiteType type, int64_t *lo, int64_t *hi) {
  *lo = type == kTfLiteInt32 ? INT32_MIN : INT64_MIN;
  *hi = type == kTfLiteInt32 ? INT32_MAX : INT64_MAX;
  if (act == TFLC_ACTIVATION_RELU) *lo = 0;
  if (act == TFLC_ACTIVATION_RELU6) *lo = 0, *hi = 6;
  if (act == TFLC_ACTIVATION_RELU_N1_TO_1) *lo = -1, *hi = 1;
}

static TfLiteStatus binary_prepare(tflc_context *ctx, tflc_node *node, binary_op op, int options_type) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expected 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *in1 = tflc_input(ctx, node, 0), *in2 = tflc_input(ctx, node, 1);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, in1 && in2 && output, "an input or the output tensor is missing");
  TFLC_ENSURE_MSG(ctx, node, in1->type == in2->type, "inputs must share one type, got %s and %s",
                  TfLiteTypeGetName(in1->type), TfLiteTypeGetName(in2->type));
  output->type = in2->type; /* TFLite's Prepare gives the output the inputs' type */
  TFLC_ENSURE_MSG(ctx, node, type_supported(op, in1->type), "type %s is not supported (%s)",
                  TfLiteTypeGetName(in1->type), supported_list(op));
  binary_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  p->op = op;
  p->type = in1->type;
  int32_t dims[TFLC_BROADCAST_MAX_DIMS] = {0};
  int ndims = 0;
  if (tflc_broadcast_prepare(ctx, node, in1, in2, &p->bc, dims, &ndims) != kTfLiteOk) return kTfLiteError;
  tflc_activation act = TFLC_ACTIVATION_NONE;
  if (options_type != 0) {
    tflc_fb_table o = tflc_node_options(node, (uint8_t)options_type);
    act = (tflc_activation)tflc_fb_i8(&o, BIN_ACTIVATION, 0);
  }
  TFLC_ENSURE_MSG(ctx, node, act >= 0 && act <= TFLC_ACTIVATION_RELU6, "fused activation %d is not supported",
                  (int)act);
  if (p->type == kTfLiteFloat32) {
    tflc_float_activation_range(act, &p->f_min, &p->f_max);
  } else if (p->type == kTfLiteInt32 || p->type == kTfLiteInt64) {
    int_activation_range(act, p->type, &p->i_min, &p->i_max);
  } else if (prepare_quantized(ctx, node, op, in1, in2, output, act, &p->q) != kTfLiteOk) {
    return kTfLiteError;
  }
  return tflc_resize_output(ctx, output, ndims, dims);
}

static TfLiteStatus binary_invoke(tflc_context *ctx, tflc_node *node) {
  const binary_op_data *p = node->op_data;
  const TfLiteTensor *in1 = tflc_input(ctx, node, 0), *in2 = tflc_input(ctx, node, 1);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  binary_run run = {p, in1->data.data, in2->data.data, output->data.data, false};
  tflc_broadcast_rows(&p->bc, binary_row, &run);
  if (run.divide_by_zero) return tflc_kernel_error(ctx, node, "division by zero (input 1 holds a 0)");
  return kTfLiteOk;
}

static TfLiteStatus sub_prepare(tflc_context *ctx, tflc_node *node) {
  return binary_prepare(ctx, node, OP_SUB, BIN_OPTIONS_SUB);
}
static TfLiteStatus mul_prepare(tflc_context *ctx, tflc_node *node) {
  return binary_prepare(ctx, node, OP_MUL, BIN_OPTIONS_MUL);
}
static TfLiteStatus div_prepare(tflc_context *ctx, tflc_node *node) {
  return binary_prepare(ctx, node, OP_DIV, BIN_OPTIONS_DIV);
}
static TfLiteStatus squared_difference_prepare(tflc_context *ctx, tflc_node *node) {
  return binary_prepare(ctx, node, OP_SQUARED_DIFFERENCE, 0);
}
static TfLiteStatus floor_div_prepare(tflc_context *ctx, tflc_node *node) {
  return binary_prepare(ctx, node, OP_FLOOR_DIV, 0);
}

const tflc_kernel tflc_sub_kernel = {"SUB", sub_prepare, binary_invoke};
const tflc_kernel tflc_mul_kernel = {"MUL", mul_prepare, binary_invoke};
const tflc_kernel tflc_div_kernel = {"DIV", div_prepare, binary_invoke};
const tflc_kernel tflc_squared_difference_kernel = {"SQUARED_DIFFERENCE", squared_difference_prepare, binary_invoke};
const tflc_kernel tflc_floor_div_kernel = {"FLOOR_DIV", floor_div_prepare, binary_invoke};
