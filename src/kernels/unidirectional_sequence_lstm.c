/*
** unidirectional_sequence_lstm.c — UNIDIRECTIONAL_SEQUENCE_LSTM (TensorFlow Lite 2.9's
** kernels/unidirectional_sequence_lstm.cc and lstm_eval.cc, builtin kernels).
**
** Inputs (lstm_shared.h numbering; "opt" may be omitted, -1):
**   0 input [batch, time, n_input] (time_major: [time, batch, n_input]) or [batch, n_input]
**   1-4   input_to_{input(opt), forget, cell, output}_weights      [n_cell, n_input]
**   5-8   recurrent_to_{input(opt), forget, cell, output}_weights  [n_cell, n_output]
**   9-11  cell_to_{input, forget, output}_weights (peephole, opt)  [n_cell]
**   12-15 {input(opt), forget, cell, output}_gate_bias             [n_cell]
**   16 projection_weights (opt) [n_output, n_cell], 17 projection_bias (opt) [n_output]
**   18 output_state (variable) [batch, n_output], 19 cell_state (variable) [batch, n_cell]
**   20-23 layer norm coefficients (opt)
** Output: the input's shape with the last dim = n_output.
** Options (UnidirectionalSequenceLSTMOptions): activation, cell_clip, proj_clip, time_major.
** The LSTM op (full kernel) is the same computation for one step: LSTMOptions, a 2-D input.
**
** The state tensors are variables: they keep their values from one Invoke to the next, and
** AllocateTensors resets them (to zero, or to the zero point for INT8) as TFLite does.
**
** FLOAT32: LstmStepFloat. Per step and gate: bias + W_x x + W_h h (+ peephole), sigmoid (tanh
**   or the fused activation for the cell gate); c = f*c + i*g (CIFG: i = 1 - f), clipped;
**   h = o * act(c), projected and clipped when there is a projection. With layer norm (inputs
**   20-23): W_x x + W_h h (+ peephole) is normalized per batch row (mean 0, 1/sqrt(var + 1e-8),
**   MeanStddevNormalization), scaled by the coefficients, then the bias is added.
** INT8 (8x8->16, five intermediates): LstmStepInteger8x8_16 with TFLite's portable tensor_utils:
**   each matmul is rescaled separately into a saturating int16 gate (Q3.12), gemmlowp's int16
**   fixed-point logistic/tanh, cell state in int16 with a power-of-two scale, output gate times
**   tanh(cell) requantized to the int8 output state minus the hidden intermediate's zero point
**   (TFLite 2.9 subtracts it). Zero points are folded into the biases.
**   With a projection, that int8 hidden state is projected (bias + hidden zero point * row sums,
**   requantized, output zero point, clipped) into the output state.
** Not supported (refused in prepare with a message): layer normalization on INT8, hybrid
** (FLOAT32 input with INT8 weights).
*/
#include <math.h>
#include <string.h>

#include "kernels/quant.h"

enum {
  IN_INPUT = 0,
  IN_I2I = 1, IN_I2F = 2, IN_I2C = 3, IN_I2O = 4,
  IN_R2I = 5, IN_R2F = 6, IN_R2C = 7, IN_R2O = 8,
  IN_C2I = 9, IN_C2F = 10, IN_C2O = 11,
  IN_BIAS_I = 12, IN_BIAS_F = 13, IN_BIAS_C = 14, IN_BIAS_O = 15,
  IN_PROJ_W = 16, IN_PROJ_B = 17,
  IN_OUTPUT_STATE = 18, IN_CELL_STATE = 19,
  IN_LN_I = 20, IN_LN_F = 21, IN_LN_C = 22, IN_LN_O = 23,
};
/* UnidirectionalSequenceLSTMOptions fields and union tag. */
enum { OPT_ACTIVATION = 0, OPT_CELL_CLIP = 1, OPT_PROJ_CLIP = 2, OPT_TIME_MAJOR = 3 };
enum { OPTIONS_UNIDIRECTIONAL_SEQUENCE_LSTM = 71 };
/* LSTM (the one-step op, kernels/lstm.cc's full kernel): LSTMOptions, kernel_type FULL only. */
enum { BUILTIN_LSTM = 16, OPTIONS_LSTM = 14, OPT_KERNEL_TYPE = 3, KERNEL_TYPE_FULL = 0 };
enum { GATE_I = 0, GATE_F = 1, GATE_C = 2, GATE_O = 3, NGATES = 4 };

/* One gate's integer parameters: rescaling of each matmul, zero points folded into biases. */
typedef struct lstm_int_gate {
  tflc_requant input_scale, recurrent_scale, cell_scale; /* cell_scale: peephole */
  int32_t *input_bias;     /* [n_cell] gate bias - input_zp * row sums of W_x */
  int32_t *recurrent_bias; /* [n_cell] -output_state_zp * row sums of W_h */
} lstm_int_gate;

typedef struct lstm_op {
  int32_t max_time, n_batch, n_input, n_cell, n_output;
  bool time_major, use_cifg, use_peephole, use_projection;
  tflc_activation activation;
  float cell_clip, proj_clip;
  /* Integer path */
  lstm_int_gate gates[NGATES];
  int32_t cell_scale_log2;     /* cell state scale = 2^cell_scale_log2 */
  int16_t quantized_cell_clip;
  tflc_requant hidden_scale;
  int32_t hidden_zp;
  int32_t output_zp;           /* the output state's zero point */
  tflc_requant proj_scale;     /* projection: hidden (int8) -> output state */
  int8_t quantized_proj_clip;
  int32_t *proj_bias;          /* [n_output] projection bias + hidden_zp * row sums */
  int32_t biases[];            /* backing store of the gates' bias arrays */
} lstm_op;

/* ---- gemmlowp's int16 fixed point (fixedpoint.h), raw values with a runtime integer-bit count ---- */

static int16_t wrap16(int32_t x) { return (int16_t)(uint16_t)(uint32_t)x; }
static int16_t sat16(int32_t x) { return (int16_t)(x < INT16_MIN ? INT16_MIN : (x > INT16_MAX ? INT16_MAX : x)); }

/* SaturatingRoundingDoublingHighMul for int16. */
static int16_t fx_mul(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  int32_t ab = (int32_t)a * b;
  int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t)((ab + nudge) / (1 << 15));
}

static int16_t fx_rdbpot(int16_t x, int exponent) { return (int16_t)tflc_rounding_divide_by_pot(x, exponent); }

/* SaturatingRoundingMultiplyByPOT<exponent> for int16. */
static int16_t fx_mul_pot(int16_t x, int exponent) {
  if (exponent == 0) return x;
  if (exponent < 0) return fx_rdbpot(x, -exponent);
  int32_t threshold = (1 << (15 - exponent)) - 1;
  if (x > threshold) return INT16_MAX;
  if (x < -threshold) return INT16_MIN;
  return wrap16((int32_t)x * (1 << exponent));
}

/* A Q0.31 constant of gemmlowp's tables as an int16 raw value (RescaleConstantInitializer). */
static int16_t fx_const(int32_t q31) { return (int16_t)tflc_rounding_divide_by_pot(q31, 16); }

static int16_t fx_rounding_half_sum(int16_t a, int16_t b) {
  int32_t sum = (int32_t)a + b;
  return (int16_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
}

/* exp(a) for a in [-1/4, 0), Q0.15. */
static int16_t fx_exp_quarter_interval(int16_t a) {
  const int16_t constant_term = fx_const(1895147668), one_third = fx_const(715827883);
  int16_t x = wrap16(a + (1 << 12));
  int16_t x2 = fx_mul(x, x), x3 = fx_mul(x2, x), x4 = fx_mul(x2, x2);
  int16_t x4_over_4 = fx_rdbpot(x4, 2);
  int16_t poly = fx_rdbpot(wrap16(fx_mul(wrap16(x4_over_4 + x3), one_third) + x2), 1);
  return sat16((int32_t)constant_term + fx_mul(constant_term, wrap16(x + poly)));
}

/* exp(a) for a <= 0 with `ibits` integer bits; result Q0.15. */
static int16_t fx_exp_on_negative_values(int16_t a, int ibits) {
  static const int32_t multipliers[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  int frac = 15 - ibits;
  int16_t quarter = (int16_t)(1 << (frac - 2));
  int16_t a_mod = wrap16((a & (quarter - 1)) - quarter);
  int16_t result = fx_exp_quarter_interval(fx_mul_pot(a_mod, ibits));
  int16_t remainder = wrap16(a_mod - a);
  for (int e = -2; e <= 4; e++) {
    if (ibits <= e) continue;
    if (remainder & (1 << (frac + e))) result = fx_mul(result, fx_const(multipliers[e + 2]));
  }
  if (ibits > 5) {
    int16_t clamp = fx_const(-(1 << (36 - ibits)));
    if (a < clamp) result = 0;
  }
  return a == 0 ? INT16_MAX : result;
}

/* Newton-Raphson 1/(1+a) for a in (0,1) in Q2.13; returns x. */
static int16_t fx_reciprocal_steps(int16_t half_denominator) {
  int16_t x = wrap16(fx_const(1515870810) + fx_mul(half_denominator, fx_const(-1010580540)));
  for (int i = 0; i < 3; i++) {
    int16_t one_minus = wrap16((1 << 13) - fx_mul(half_denominator, x));
    x = wrap16(x + fx_mul_pot(fx_mul(x, one_minus), 2));
  }
  return x;
}

/* gemmlowp::logistic on an int16 input with `ibits` integer bits; Q0.15 result. */
static int16_t fx_logistic(int16_t a, int ibits) {
  if (a == 0) return fx_const(1 << 30);
  int16_t abs_a = a > 0 ? a : wrap16(-a);
  int16_t e = fx_exp_on_negative_values(wrap16(-abs_a), ibits);
  int16_t positive = fx_mul_pot(fx_reciprocal_steps(fx_rounding_half_sum(e, INT16_MAX)), 1);
  return a > 0 ? positive : wrap16(INT16_MAX - positive);
}

/* gemmlowp::tanh on an int16 input with `ibits` integer bits; Q0.15 result. */
static int16_t fx_tanh(int16_t a, int ibits) {
  if (a == 0) return 0;
  int16_t n = a < 0 ? a : wrap16(-a);
  int16_t e = fx_exp_on_negative_values(n, ibits + 1);
  int16_t x = fx_reciprocal_steps(fx_rounding_half_sum(e, INT16_MAX));
  int16_t t = fx_mul_pot(wrap16(x - (1 << 13)), 2);
  return a < 0 ? wrap16(-t) : t;
}

/* ---- Integer step (LstmStepInteger8x8_16 for n_batch rows) ---- */

/* gate += rescale(bias + W * x) per row, saturating to int16 (PortableMatrixBatchVectorMultiplyAccumulate). */
static void int_matmul_acc(const int8_t *x, const int32_t *bias, const int8_t *w, tflc_requant rq, int32_t n_batch,
                           int32_t n_in, int32_t n_rows, int16_t *gate) {
  for (int32_t b = 0; b < n_batch; b++) {
    for (int32_t r = 0; r < n_rows; r++) {
      int64_t sum = bias[r]; /* TFLite's int32 accumulator wraps; int64 then a wrap avoids C's overflow UB */
      for (int32_t c = 0; c < n_in; c++) sum += (int32_t)x[b * n_in + c] * w[r * n_in + c];
      /* int64: a hostile scale puts the product near INT32_MIN and adding the gate overflowed int
         (UBSan, fuzz_invoke; tests/regressions/invoke/lstm_gate_accumulate_overflow.tflite). The
         result saturates to int16 either way, so valid models get the same bytes. */
      int64_t acc = (int64_t)tflc_multiply_by_quantized_multiplier((int32_t)(uint32_t)(uint64_t)sum, rq.multiplier,
                                                                   rq.shift) + gate[b * n_rows + r];
      gate[b * n_rows + r] = sat16((int32_t)(acc < INT32_MIN ? INT32_MIN : acc > INT32_MAX ? INT32_MAX : acc));
    }
  }
}

typedef struct int_step_io {
  const int8_t *input;   /* [n_batch, n_input] */
  int8_t *output_state;  /* [n_batch, n_output] */
  int16_t *cell_state;   /* [n_batch, n_cell] */
  int8_t *output;        /* [n_batch, n_output] */
} int_step_io;

typedef struct int_weights {
  const int8_t *w_in[NGATES], *w_rec[NGATES];
  const int16_t *w_cell[NGATES]; /* peephole: input, forget, output */
  const int8_t *proj_w;          /* [n_output, n_cell] or NULL */
} int_weights;

static void int_gate(const lstm_op *op, const int_weights *w, const int_step_io *io, int g, int32_t n_batch,
                     int16_t *gate) {
  const lstm_int_gate *p = &op->gates[g];
  int32_t n = n_batch * op->n_cell;
  memset(gate, 0, (size_t)n * sizeof *gate);
  int_matmul_acc(io->input, p->input_bias, w->w_in[g], p->input_scale, n_batch, op->n_input, op->n_cell, gate);
  int_matmul_acc(io->output_state, p->recurrent_bias, w->w_rec[g], p->recurrent_scale, n_batch, op->n_output,
                 op->n_cell, gate);
  if (w->w_cell[g]) { /* VectorBatchVectorCwiseProductAccumulate */
    for (int32_t i = 0; i < n; i++) {
      int32_t prod = (int32_t)w->w_cell[g][i % op->n_cell] * io->cell_state[i];
      prod = tflc_multiply_by_quantized_multiplier(prod, p->cell_scale.multiplier, p->cell_scale.shift);
      gate[i] = sat16(prod + gate[i]);
    }
  }
  for (int32_t i = 0; i < n; i++) gate[i] = g == GATE_C ? fx_tanh(gate[i], 3) : fx_logistic(gate[i], 3);
}

static void int_step(const lstm_op *op, const int_weights *w, const int_step_io *io, int32_t n_batch, int16_t *scratch) {
  int32_t n = n_batch * op->n_cell;
  int16_t *gi = scratch, *gf = scratch + n, *gc = scratch + 2 * n, *go = scratch + 3 * n, *t = scratch + 4 * n;
  int8_t *hidden = (int8_t *)(scratch + 5 * n); /* [n_batch, n_cell], projection only */
  if (!op->use_cifg) int_gate(op, w, io, GATE_I, n_batch, gi);
  int_gate(op, w, io, GATE_F, n_batch, gf);
  int_gate(op, w, io, GATE_C, n_batch, gc);
  /* UpdateLstmCellInteger */
  int shift = 30 + op->cell_scale_log2;
  for (int32_t i = 0; i < n; i++) {
    int16_t c = (int16_t)tflc_rounding_divide_by_pot((int32_t)gf[i] * io->cell_state[i], 15);
    int16_t in_gate = op->use_cifg ? (int16_t)(INT16_MAX - gf[i]) : gi[i];
    int16_t update = (int16_t)tflc_rounding_divide_by_pot((int32_t)in_gate * gc[i], shift);
    int32_t sum = sat16((int32_t)c + update);
    if (op->quantized_cell_clip > 0)
      sum = sum < -op->quantized_cell_clip ? -op->quantized_cell_clip : (sum > op->quantized_cell_clip ? op->quantized_cell_clip : sum);
    io->cell_state[i] = (int16_t)sum;
  }
  int_gate(op, w, io, GATE_O, n_batch, go);
  /* CalculateLstmOutputInteger8x8_16: hidden = o * tanh(c) requantized to int8, then projected. */
  int8_t *h = w->proj_w ? hidden : io->output_state;
  for (int32_t i = 0; i < n; i++) t[i] = fx_tanh(io->cell_state[i], 15 + op->cell_scale_log2);
  for (int32_t i = 0; i < n; i++) {
    int32_t v = tflc_multiply_by_quantized_multiplier((int32_t)go[i] * t[i], op->hidden_scale.multiplier,
                                                      op->hidden_scale.shift);
    /* TFLite's CwiseMul subtracts this zero point (value -= output_zp), measured with ref-run. */
    v -= op->hidden_zp;
    h[i] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
  }
  if (w->proj_w) {
    int32_t no = op->n_output, clip = op->quantized_proj_clip;
    for (int32_t b = 0; b < n_batch; b++)
      for (int32_t r = 0; r < no; r++) {
        int64_t sum = op->proj_bias[r];
        for (int32_t c = 0; c < op->n_cell; c++) sum += (int32_t)h[b * op->n_cell + c] * w->proj_w[r * op->n_cell + c];
        int32_t v = tflc_multiply_by_quantized_multiplier((int32_t)(uint32_t)(uint64_t)sum, op->proj_scale.multiplier,
                                                          op->proj_scale.shift) + op->output_zp;
        v = v < -128 ? -128 : (v > 127 ? 127 : v);
        if (clip > 0) v = v < -clip ? -clip : (v > clip ? clip : v);
        io->output_state[b * no + r] = (int8_t)v;
      }
  }
  memcpy(io->output, io->output_state, (size_t)n_batch * (size_t)op->n_output);
}

/* ---- Float step (LstmStepFloat) ---- */

typedef struct float_weights {
  const float *w_in[NGATES], *w_rec[NGATES], *w_cell[NGATES], *bias[NGATES];
  const float *layer_norm[NGATES]; /* coefficients, all NULL without layer norm */
  const float *proj_w, *proj_b;
} float_weights;

typedef struct float_step_io {
  const float *input;   /* [n_batch, n_input] */
  float *output_state;  /* [n_batch, n_output] */
  float *cell_state;    /* [n_batch, n_cell] */
  float *output;        /* [n_batch, n_output] */
} float_step_io;

static float apply_activation(tflc_activation act, float x) {
  switch (act) {
    case TFLC_ACTIVATION_RELU: return x < 0 ? 0 : x;
    case TFLC_ACTIVATION_RELU_N1_TO_1: return x < -1 ? -1 : (x > 1 ? 1 : x);
    case TFLC_ACTIVATION_RELU6: return x < 0 ? 0 : (x > 6 ? 6 : x);
    case TFLC_ACTIVATION_TANH: return tanhf(x);
    case TFLC_ACTIVATION_SIGN_BIT: return signbit(x) ? 1.0f : 0.0f;
    default: return x;
  }
}

static float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

/* Normalizes v[0..n) to mean 0 and variance 1 (1e-8 added to the variance), in float, as TFLite. */
static void mean_stddev_normalize(float *v, int32_t n) {
  float sum = 0.0f, sum_sq = 0.0f;
  for (int32_t i = 0; i < n; i++) sum += v[i];
  float mean = sum / (float)n;
  for (int32_t i = 0; i < n; i++) sum_sq += (v[i] - mean) * (v[i] - mean);
  float inv = 1.0f / sqrtf(sum_sq / (float)n + 1e-8f);
  for (int32_t i = 0; i < n; i++) v[i] = (v[i] - mean) * inv;
}

/* Layer norm's tail: per batch row, normalize, scale by the coefficients, add the bias. */
static void layer_norm_gate(const lstm_op *op, const float_weights *w, int g, int32_t n_batch, float *gate) {
  for (int32_t b = 0; b < n_batch; b++) {
    float *row = gate + (size_t)b * op->n_cell;
    mean_stddev_normalize(row, op->n_cell);
    for (int32_t r = 0; r < op->n_cell; r++) row[r] = row[r] * w->layer_norm[g][r] + (w->bias[g] ? w->bias[g][r] : 0.0f);
  }
}

/* gate = act(bias + W_x x + W_h h + w_c .* c) for one gate (the bias after layer norm, if any). */
static void float_gate(const lstm_op *op, const float_weights *w, const float_step_io *io, int g, int32_t n_batch,
                       float *gate) {
  bool layer_norm = w->layer_norm[g] != NULL;
  for (int32_t b = 0; b < n_batch; b++) {
    for (int32_t r = 0; r < op->n_cell; r++) {
      float acc = !layer_norm && w->bias[g] ? w->bias[g][r] : 0.0f;
      const float *wi = w->w_in[g] + (size_t)r * op->n_input, *x = io->input + (size_t)b * op->n_input;
      for (int32_t c = 0; c < op->n_input; c++) acc += wi[c] * x[c];
      const float *wr = w->w_rec[g] + (size_t)r * op->n_output, *h = io->output_state + (size_t)b * op->n_output;
      for (int32_t c = 0; c < op->n_output; c++) acc += wr[c] * h[c];
      if (w->w_cell[g]) acc += w->w_cell[g][r] * io->cell_state[b * op->n_cell + r];
      gate[b * op->n_cell + r] = acc;
    }
  }
  if (layer_norm) layer_norm_gate(op, w, g, n_batch, gate);
  for (int32_t i = 0; i < n_batch * op->n_cell; i++)
    gate[i] = g == GATE_C ? apply_activation(op->activation, gate[i]) : sigmoid(gate[i]);
}

static void float_step(const lstm_op *op, const float_weights *w, const float_step_io *io, int32_t n_batch,
                       float *scratch) {
  int32_t n = n_batch * op->n_cell;
  float *gi = scratch, *gf = scratch + n, *gc = scratch + 2 * n, *go = scratch + 3 * n, *hidden = scratch + 4 * n;
  if (!op->use_cifg) float_gate(op, w, io, GATE_I, n_batch, gi);
  float_gate(op, w, io, GATE_F, n_batch, gf);
  float_gate(op, w, io, GATE_C, n_batch, gc);
  for (int32_t i = 0; i < n; i++) {
    float c = gf[i] * io->cell_state[i] + (op->use_cifg ? 1.0f - gf[i] : gi[i]) * gc[i];
    if (op->cell_clip > 0) c = tflc_clampf(c, -op->cell_clip, op->cell_clip);
    io->cell_state[i] = c;
  }
  float_gate(op, w, io, GATE_O, n_batch, go);
  for (int32_t i = 0; i < n; i++) hidden[i] = go[i] * apply_activation(op->activation, io->cell_state[i]);
  if (!op->use_projection) {
    memcpy(io->output_state, hidden, (size_t)n * sizeof *hidden);
  } else {
    for (int32_t b = 0; b < n_batch; b++) {
      for (int32_t r = 0; r < op->n_output; r++) {
        float acc = w->proj_b ? w->proj_b[r] : 0.0f;
        const float *wp = w->proj_w + (size_t)r * op->n_cell, *h = hidden + (size_t)b * op->n_cell;
        for (int32_t c = 0; c < op->n_cell; c++) acc += wp[c] * h[c];
        if (op->proj_clip > 0) acc = tflc_clampf(acc, -op->proj_clip, op->proj_clip);
        io->output_state[b * op->n_output + r] = acc;
      }
    }
  }
  memcpy(io->output, io->output_state, (size_t)n_batch * (size_t)op->n_output * sizeof(float));
}

/* ---- Prepare ---- */

/* Checks an optional or required 1-D/2-D weight tensor's shape. */
static TfLiteStatus check_shape(tflc_context *ctx, tflc_node *node, int index, const char *what, int ndims,
                                int32_t d0, int32_t d1) {
  const TfLiteTensor *t = tflc_input(ctx, node, index);
  if (t == NULL) return kTfLiteOk;
  bool ok = tflc_ndims(t) == ndims && tflc_dim(t, 0) == d0 && (ndims == 1 || tflc_dim(t, 1) == d1);
  if (!ok) {
    if (ndims == 1)
      return tflc_kernel_error(ctx, node, "%s (input %d) must have shape [%d]", what, index, (int)d0);
    return tflc_kernel_error(ctx, node, "%s (input %d) must have shape [%d, %d]", what, index, (int)d0, (int)d1);
  }
  return kTfLiteOk;
}

static TfLiteStatus check_shapes(tflc_context *ctx, tflc_node *node, const lstm_op *op) {
  static const struct { int index; const char *what; int ndims; int rows_cell; int cols; } spec[] = {
      {IN_I2I, "input_to_input_weights", 2, 1, 0},  {IN_I2F, "input_to_forget_weights", 2, 1, 0},
      {IN_I2C, "input_to_cell_weights", 2, 1, 0},   {IN_I2O, "input_to_output_weights", 2, 1, 0},
      {IN_R2I, "recurrent_to_input_weights", 2, 1, 1}, {IN_R2F, "recurrent_to_forget_weights", 2, 1, 1},
      {IN_R2C, "recurrent_to_cell_weights", 2, 1, 1},  {IN_R2O, "recurrent_to_output_weights", 2, 1, 1},
      {IN_C2I, "cell_to_input_weights", 1, 1, 0},   {IN_C2F, "cell_to_forget_weights", 1, 1, 0},
      {IN_C2O, "cell_to_output_weights", 1, 1, 0},  {IN_BIAS_I, "input_gate_bias", 1, 1, 0},
      {IN_BIAS_F, "forget_gate_bias", 1, 1, 0},     {IN_BIAS_C, "cell_gate_bias", 1, 1, 0},
      {IN_BIAS_O, "output_gate_bias", 1, 1, 0},     {IN_PROJ_W, "projection_weights", 2, 0, 2},
      {IN_PROJ_B, "projection_bias", 1, 0, 0},
      {IN_LN_I, "input_layer_norm_coefficients", 1, 1, 0}, {IN_LN_F, "forget_layer_norm_coefficients", 1, 1, 0},
      {IN_LN_C, "cell_layer_norm_coefficients", 1, 1, 0},   {IN_LN_O, "output_layer_norm_coefficients", 1, 1, 0},
  };
  for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++) {
    int32_t d0 = spec[i].rows_cell ? op->n_cell : op->n_output;
    int32_t d1 = spec[i].cols == 0 ? op->n_input : (spec[i].cols == 1 ? op->n_output : op->n_cell);
    if (check_shape(ctx, node, spec[i].index, spec[i].what, spec[i].ndims, d0, d1) != kTfLiteOk) return kTfLiteError;
  }
  return kTfLiteOk;
}

/* Which optional inputs are present must make sense (TFLite's CheckInputTensorDimensions). */
static TfLiteStatus check_presence(tflc_context *ctx, tflc_node *node) {
  bool i2i = tflc_input(ctx, node, IN_I2I) != NULL, r2i = tflc_input(ctx, node, IN_R2I) != NULL;
  bool c2i = tflc_input(ctx, node, IN_C2I) != NULL, c2f = tflc_input(ctx, node, IN_C2F) != NULL;
  bool c2o = tflc_input(ctx, node, IN_C2O) != NULL, bias_i = tflc_input(ctx, node, IN_BIAS_I) != NULL;
  TFLC_ENSURE_MSG(ctx, node, i2i == r2i, "input_to_input and recurrent_to_input weights must be both present or both omitted (CIFG)");
  bool cifg = !i2i;
  TFLC_ENSURE_MSG(ctx, node, ((c2i || cifg) && c2f && c2o) || (!c2i && !c2f && !c2o),
                  "peephole weights must be all present or all omitted");
  TFLC_ENSURE_MSG(ctx, node, bias_i != cifg, "input_gate_bias must be present exactly when input_to_input weights are");
  TFLC_ENSURE_MSG(ctx, node, tflc_input(ctx, node, IN_PROJ_W) != NULL || tflc_input(ctx, node, IN_PROJ_B) == NULL,
                  "projection_bias without projection_weights");
  for (int i = IN_I2F; i <= IN_I2O; i++)
    TFLC_ENSURE_MSG(ctx, node, tflc_input(ctx, node, i) && tflc_input(ctx, node, i + 4) && tflc_input(ctx, node, i + 11),
                    "the forget, cell and output gate weights and biases are required");
  if (node->ninputs == 24) {
    bool any = false;
    for (int i = IN_LN_I; i <= IN_LN_O; i++) any = any || tflc_input(ctx, node, i) != NULL;
    if (!any) return kTfLiteOk;
    TFLC_ENSURE_MSG(ctx, node, tflc_input(ctx, node, IN_INPUT)->type == kTfLiteFloat32,
                    "layer normalization (inputs 20-23) is supported for FLOAT32 only");
    for (int i = IN_LN_F; i <= IN_LN_O; i++)
      TFLC_ENSURE_MSG(ctx, node, tflc_input(ctx, node, i) != NULL, "layer normalization: coefficients (input %d) missing", i);
    TFLC_ENSURE_MSG(ctx, node, (tflc_input(ctx, node, IN_LN_I) != NULL) == !cifg,
                    "input_layer_norm_coefficients (input 20) must be present exactly when the input gate is");
  }
  return kTfLiteOk;
}

/* Reads sizes and options, checks shapes and states, sets the output shape. */
static TfLiteStatus prepare_geometry(tflc_context *ctx, tflc_node *node, lstm_op *g) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 20 || node->ninputs == 24, "has %d inputs, expected 20 or 24",
                  (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "has %d outputs, expected 1", (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, IN_INPUT);
  const TfLiteTensor *i2o = tflc_input(ctx, node, IN_I2O), *r2o = tflc_input(ctx, node, IN_R2O);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && i2o && r2o && output, "input, output or a required weight is missing");
  if (check_presence(ctx, node) != kTfLiteOk) return kTfLiteError;
  bool one_step = node->builtin_code == BUILTIN_LSTM;
  tflc_fb_table opt = tflc_node_options(node, one_step ? OPTIONS_LSTM : OPTIONS_UNIDIRECTIONAL_SEQUENCE_LSTM);
  g->activation = (tflc_activation)tflc_fb_i8(&opt, OPT_ACTIVATION, TFLC_ACTIVATION_NONE);
  g->cell_clip = tflc_fb_f32(&opt, OPT_CELL_CLIP, 0);
  g->proj_clip = tflc_fb_f32(&opt, OPT_PROJ_CLIP, 0);
  g->time_major = !one_step && tflc_fb_u8(&opt, OPT_TIME_MAJOR, 0) != 0;
  TFLC_ENSURE_MSG(ctx, node, !one_step || tflc_fb_i8(&opt, OPT_KERNEL_TYPE, KERNEL_TYPE_FULL) == KERNEL_TYPE_FULL,
                  "LSTM kernel_type BASIC is not supported (FULL only)");
  TFLC_ENSURE_MSG(ctx, node, !one_step || tflc_ndims(input) == 2, "LSTM input has %d dims, expected 2 [batch, n_input]",
                  tflc_ndims(input));
  TFLC_ENSURE_MSG(ctx, node, g->cell_clip >= 0 && g->proj_clip >= 0, "cell_clip %g and proj_clip %g must be >= 0",
                  g->cell_clip, g->proj_clip);
  int nd = tflc_ndims(input);
  TFLC_ENSURE_MSG(ctx, node, nd == 2 || nd == 3, "input has %d dims, expected 2 or 3", nd);
  g->max_time = nd == 2 ? 1 : tflc_dim(input, g->time_major ? 0 : 1);
  g->n_batch = nd == 2 ? tflc_dim(input, 0) : tflc_dim(input, g->time_major ? 1 : 0);
  g->n_input = tflc_dim(input, nd - 1);
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(i2o) == 2 && tflc_ndims(r2o) == 2, "output gate weights must be 2-D");
  g->n_cell = tflc_dim(i2o, 0);
  g->n_output = tflc_dim(r2o, 1);
  TFLC_ENSURE_MSG(ctx, node, g->n_cell > 0 && g->n_output > 0 && g->n_input > 0 && g->n_batch > 0,
                  "sizes must be positive (cells %d, outputs %d, input %d, batch %d)", (int)g->n_cell,
                  (int)g->n_output, (int)g->n_input, (int)g->n_batch);
  TFLC_ENSURE_MSG(ctx, node, (int64_t)g->n_batch * g->n_cell <= (1 << 26) && (int64_t)g->n_batch * g->n_output <= (1 << 26),
                  "batch %d x cells %d (or outputs %d) is too large", (int)g->n_batch, (int)g->n_cell, (int)g->n_output);
  if (check_shapes(ctx, node, g) != kTfLiteOk) return kTfLiteError;
  g->use_cifg = tflc_input(ctx, node, IN_I2I) == NULL;
  g->use_peephole = tflc_input(ctx, node, IN_C2O) != NULL;
  g->use_projection = tflc_input(ctx, node, IN_PROJ_W) != NULL;
  TFLC_ENSURE_MSG(ctx, node, g->use_projection || g->n_output == g->n_cell,
                  "without projection n_output (%d) must equal n_cell (%d)", (int)g->n_output, (int)g->n_cell);
  const TfLiteTensor *hs = tflc_input(ctx, node, IN_OUTPUT_STATE), *cs = tflc_input(ctx, node, IN_CELL_STATE);
  TFLC_ENSURE_MSG(ctx, node, hs && cs && hs->is_variable && cs->is_variable,
                  "output_state (input 18) and cell_state (input 19) must be variable tensors");
  TFLC_ENSURE_MSG(ctx, node, tflc_num_elements(hs) == (int64_t)g->n_batch * g->n_output &&
                                 tflc_num_elements(cs) == (int64_t)g->n_batch * g->n_cell,
                  "state sizes %lld and %lld, expected batch*n_output %lld and batch*n_cell %lld",
                  (long long)tflc_num_elements(hs), (long long)tflc_num_elements(cs),
                  (long long)g->n_batch * g->n_output, (long long)g->n_batch * g->n_cell);
  int32_t dims[3];
  for (int i = 0; i < nd; i++) dims[i] = tflc_dim(input, i);
  dims[nd - 1] = g->n_output;
  return tflc_resize_output(ctx, output, nd, dims);
}

static TfLiteStatus check_types(tflc_context *ctx, tflc_node *node, TfLiteType act, TfLiteType weights, TfLiteType bias,
                                TfLiteType cell, TfLiteType peephole) {
  for (int i = 0; i < node->ninputs; i++) {
    const TfLiteTensor *t = tflc_input(ctx, node, i);
    if (t == NULL) continue;
    TfLiteType want = i == IN_INPUT || i == IN_OUTPUT_STATE ? act
                      : i == IN_CELL_STATE                  ? cell
                      : (i >= IN_BIAS_I && i <= IN_BIAS_O) || i == IN_PROJ_B ? bias
                      : (i >= IN_C2I && i <= IN_C2O)         ? peephole
                                                            : weights;
    if (t->type != want)
      return tflc_kernel_error(ctx, node, "input %d (%s) has type %s, expected %s", i, t->name, TfLiteTypeGetName(t->type),
                               TfLiteTypeGetName(want));
  }
  const TfLiteTensor *out = tflc_output(ctx, node, 0);
  if (out->type != act)
    return tflc_kernel_error(ctx, node, "output has type %s, expected %s", TfLiteTypeGetName(out->type), TfLiteTypeGetName(act));
  return kTfLiteOk;
}

/* TFLite's CheckedLog2: true when x is a power of two within 1e-3 in log2. */
static bool checked_log2(float x, int32_t *out) {
  float l = logf(x) * (1.0f / logf(2.0f));
  float r = roundf(l);
  /* A hostile scale (0, negative, inf, NaN) gives a log2 no int holds: converting -inf is UB
     (UBSan, fuzz_invoke; tests/regressions/invoke/lstm_log2_of_zero_scale.tflite). */
  if (!(r >= -64.0f && r <= 64.0f)) {
    *out = 0;
    return false;
  }
  *out = (int32_t)r;
  return fabsf(l - r) < 1e-3f;
}

/* The scale and zero point of intermediate tensor i (TFLite reads them from the file). */
static TfLiteStatus intermediate(tflc_context *ctx, tflc_node *node, int i, float *scale, int32_t *zp) {
  const TfLiteTensor *t = i < node->nintermediates ? tflc_tensor(ctx, node->intermediates[i]) : NULL;
  TFLC_ENSURE_MSG(ctx, node, t != NULL, "the integer LSTM needs 5 intermediate tensors, the model has %d",
                  (int)node->nintermediates);
  TFLC_ENSURE_MSG(ctx, node, t->quantization.type == kTfLiteAffineQuantization, "intermediate %d (%s) is not quantized",
                  i, t->name);
  *scale = t->params.scale;
  *zp = t->params.zero_point;
  return kTfLiteOk;
}

/* bias[r] + zero_point * sum of row r of w (PrecomputeZeroPointTimesWeightWithBias). */
static void fold_zero_point(const TfLiteTensor *w, const TfLiteTensor *bias, int32_t zero_point, int32_t rows,
                            int32_t cols, int32_t *out) {
  for (int32_t r = 0; r < rows; r++) {
    int64_t sum = 0;
    for (int32_t c = 0; c < cols; c++) sum += w->data.int8[r * cols + c];
    int64_t value = (bias ? bias->data.i32[r] : 0) + sum * zero_point;
    out[r] = (int32_t)(uint32_t)(uint64_t)value; /* wraps like TFLite's int32 arithmetic */
  }
}

static void quantize_scale(float scale, tflc_requant *rq) {
  int shift;
  tflc_quantize_multiplier((double)scale, &rq->multiplier, &shift);
  rq->shift = shift;
}

/* PopulateQuantizedLstmParams8x8_16 and PopulatePrecomputedZPTimesWeightsWithBias. */
static TfLiteStatus prepare_integer(tflc_context *ctx, tflc_node *node, lstm_op *op) {
  TfLiteStatus s = check_types(ctx, node, kTfLiteInt8, kTfLiteInt8, kTfLiteInt32, kTfLiteInt16, kTfLiteInt16);
  if (s != kTfLiteOk) return s;
  const TfLiteTensor *input = tflc_input(ctx, node, IN_INPUT);
  const TfLiteTensor *hs = tflc_input(ctx, node, IN_OUTPUT_STATE), *cs = tflc_input(ctx, node, IN_CELL_STATE);
  float hidden_scale = 1.0f;
  s = intermediate(ctx, node, 4, &hidden_scale, &op->hidden_zp);
  if (s != kTfLiteOk) return s;
  TFLC_ENSURE_MSG(ctx, node, checked_log2(cs->params.scale, &op->cell_scale_log2) && op->cell_scale_log2 <= -9 &&
                                 op->cell_scale_log2 >= -15,
                  "cell state scale %g must be a power of two from 2^-15 to 2^-9", cs->params.scale);
  if (op->cell_clip > 0) {
    float q = tflc_clampf(op->cell_clip / cs->params.scale, -32768.0f, 32767.0f);
    op->quantized_cell_clip = (int16_t)q;
  }
  const float gate_scale = 1.0f / 4096.0f; /* Q3.12 gate pre-activations (no layer norm) */
  float input_scale = input->params.scale, state_scale = hs->params.scale;
  int32_t n_cell = op->n_cell;
  for (int g = 0; g < NGATES; g++) {
    lstm_int_gate *p = &op->gates[g];
    p->input_bias = op->biases + (size_t)(2 * g) * (size_t)n_cell;
    p->recurrent_bias = p->input_bias + n_cell;
    if (g == GATE_I && op->use_cifg) continue;
    const TfLiteTensor *w_in = tflc_input(ctx, node, IN_I2I + g), *w_rec = tflc_input(ctx, node, IN_R2I + g);
    const TfLiteTensor *bias = tflc_input(ctx, node, IN_BIAS_I + g);
    TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(w_in) && tflc_is_constant(w_rec) && tflc_is_constant(bias),
                    "integer LSTM weights and biases must be constant");
    quantize_scale(w_in->params.scale * input_scale / gate_scale, &p->input_scale);
    quantize_scale(w_rec->params.scale * state_scale / gate_scale, &p->recurrent_scale);
    const TfLiteTensor *w_cell = g == GATE_C ? NULL : tflc_input(ctx, node, IN_C2I + (g == GATE_O ? 2 : g));
    if (w_cell) quantize_scale((float)(pow(2.0, op->cell_scale_log2) * w_cell->params.scale / gate_scale), &p->cell_scale);
    fold_zero_point(w_in, bias, -input->params.zero_point, n_cell, op->n_input, p->input_bias);
    fold_zero_point(w_rec, NULL, -hs->params.zero_point, n_cell, op->n_output, p->recurrent_bias);
  }
  float effective_hidden = (float)(pow(2.0, -15) / hidden_scale * pow(2.0, -15));
  quantize_scale(effective_hidden, &op->hidden_scale);
  op->output_zp = hs->params.zero_point;
  if (op->use_projection) {
    const TfLiteTensor *pw = tflc_input(ctx, node, IN_PROJ_W), *pb = tflc_input(ctx, node, IN_PROJ_B);
    TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(pw) && (pb == NULL || tflc_is_constant(pb)),
                    "integer LSTM projection weights and bias must be constant");
    quantize_scale(pw->params.scale * hidden_scale / state_scale, &op->proj_scale);
    op->proj_bias = op->biases + (size_t)2 * NGATES * (size_t)n_cell;
    fold_zero_point(pw, pb, op->hidden_zp, op->n_output, n_cell, op->proj_bias);
    if (op->proj_clip > 0) {
      float qclip = tflc_clampf(op->proj_clip / tflc_output(ctx, node, 0)->params.scale, -128.0f, 127.0f);
      op->quantized_proj_clip = (int8_t)qclip;
    }
  }
  /* gates (4) + tanh(cell) (1), int16 each, + the int8 hidden state before projection. */
  size_t cells = (size_t)op->n_batch * (size_t)n_cell;
  return tflc_request_scratch(ctx, node, (size_t)5 * cells * sizeof(int16_t) + cells);
}

static TfLiteStatus lstm_prepare(tflc_context *ctx, tflc_node *node) {
  lstm_op g;
  memset(&g, 0, sizeof g);
  if (prepare_geometry(ctx, node, &g) != kTfLiteOk) return kTfLiteError;
  TfLiteType in_type = tflc_input(ctx, node, IN_INPUT)->type, w_type = tflc_input(ctx, node, IN_I2O)->type;
  if (in_type == kTfLiteFloat32 && w_type != kTfLiteFloat32)
    return tflc_kernel_error(ctx, node, "hybrid LSTM (FLOAT32 input, %s weights) is not supported",
                             TfLiteTypeGetName(w_type));
  bool integer = in_type == kTfLiteInt8;
  size_t bias_ints = integer ? (size_t)2 * NGATES * (size_t)g.n_cell + (size_t)g.n_output : 0;
  lstm_op *op = tflc_alloc_op_data(ctx, node, sizeof *op + bias_ints * sizeof(int32_t));
  if (op == NULL) return kTfLiteError;
  *op = g;
  if (integer) return prepare_integer(ctx, node, op);
  if (in_type != kTfLiteFloat32)
    return tflc_kernel_error(ctx, node, "input type %s is not supported (FLOAT32 or INT8)", TfLiteTypeGetName(in_type));
  TfLiteStatus s = check_types(ctx, node, kTfLiteFloat32, kTfLiteFloat32, kTfLiteFloat32, kTfLiteFloat32, kTfLiteFloat32);
  if (s != kTfLiteOk) return s;
  /* gates (4) + hidden before projection (1). */
  return tflc_request_scratch(ctx, node, (size_t)5 * (size_t)g.n_batch * (size_t)g.n_cell * sizeof(float));
}

/* ---- Invoke ---- */

/*
** Runs the sequence: time-major inputs step all batch rows together; batch-major ones run
** each row's whole sequence with its own slice of the state (as TFLite's EvalInteger8x8_16 and
** EvalFloat do).
*/
static void run_integer(tflc_context *ctx, tflc_node *node, const lstm_op *op) {
  int_weights w;
  memset(&w, 0, sizeof w);
  for (int g = 0; g < NGATES; g++) {
    const TfLiteTensor *wi = tflc_input(ctx, node, IN_I2I + g), *wr = tflc_input(ctx, node, IN_R2I + g);
    w.w_in[g] = wi ? wi->data.int8 : NULL;
    w.w_rec[g] = wr ? wr->data.int8 : NULL;
  }
  const TfLiteTensor *c2i = tflc_input(ctx, node, IN_C2I), *c2f = tflc_input(ctx, node, IN_C2F),
                     *c2o = tflc_input(ctx, node, IN_C2O);
  w.w_cell[GATE_I] = c2i ? c2i->data.i16 : NULL;
  w.w_cell[GATE_F] = c2f ? c2f->data.i16 : NULL;
  w.w_cell[GATE_O] = c2o ? c2o->data.i16 : NULL;
  const TfLiteTensor *proj = tflc_input(ctx, node, IN_PROJ_W);
  w.proj_w = proj ? proj->data.int8 : NULL;
  const int8_t *input = tflc_input(ctx, node, IN_INPUT)->data.int8;
  int8_t *state = tflc_input(ctx, node, IN_OUTPUT_STATE)->data.int8;
  int16_t *cell = tflc_input(ctx, node, IN_CELL_STATE)->data.i16;
  int8_t *output = tflc_output(ctx, node, 0)->data.int8;
  int32_t nb = op->n_batch, ni = op->n_input, no = op->n_output, nc = op->n_cell;
  if (op->time_major) {
    for (int32_t t = 0; t < op->max_time; t++) {
      int_step_io io = {input + (size_t)t * nb * ni, state, cell, output + (size_t)t * nb * no};
      int_step(op, &w, &io, nb, node->scratch);
    }
    return;
  }
  for (int32_t b = 0; b < nb; b++)
    for (int32_t t = 0; t < op->max_time; t++) {
      size_t at = (size_t)b * op->max_time + t;
      int_step_io io = {input + at * ni, state + (size_t)b * no, cell + (size_t)b * nc, output + at * no};
      int_step(op, &w, &io, 1, node->scratch);
    }
}

static const float *float_data(tflc_context *ctx, tflc_node *node, int i) {
  const TfLiteTensor *t = tflc_input(ctx, node, i);
  return t ? t->data.f : NULL;
}

static void run_float(tflc_context *ctx, tflc_node *node, const lstm_op *op) {
  float_weights w;
  memset(&w, 0, sizeof w);
  for (int g = 0; g < NGATES; g++) {
    w.w_in[g] = float_data(ctx, node, IN_I2I + g);
    w.w_rec[g] = float_data(ctx, node, IN_R2I + g);
    w.bias[g] = float_data(ctx, node, IN_BIAS_I + g);
    w.layer_norm[g] = node->ninputs == 24 ? float_data(ctx, node, IN_LN_I + g) : NULL;
  }
  w.w_cell[GATE_I] = float_data(ctx, node, IN_C2I);
  w.w_cell[GATE_F] = float_data(ctx, node, IN_C2F);
  w.w_cell[GATE_O] = float_data(ctx, node, IN_C2O);
  w.proj_w = float_data(ctx, node, IN_PROJ_W);
  w.proj_b = float_data(ctx, node, IN_PROJ_B);
  const float *input = float_data(ctx, node, IN_INPUT);
  float *state = tflc_input(ctx, node, IN_OUTPUT_STATE)->data.f;
  float *cell = tflc_input(ctx, node, IN_CELL_STATE)->data.f;
  float *output = tflc_output(ctx, node, 0)->data.f;
  int32_t nb = op->n_batch, ni = op->n_input, no = op->n_output, nc = op->n_cell;
  if (op->time_major) {
    for (int32_t t = 0; t < op->max_time; t++) {
      float_step_io io = {input + (size_t)t * nb * ni, state, cell, output + (size_t)t * nb * no};
      float_step(op, &w, &io, nb, node->scratch);
    }
    return;
  }
  for (int32_t b = 0; b < nb; b++)
    for (int32_t t = 0; t < op->max_time; t++) {
      size_t at = (size_t)b * op->max_time + t;
      float_step_io io = {input + at * ni, state + (size_t)b * no, cell + (size_t)b * nc, output + at * no};
      float_step(op, &w, &io, 1, node->scratch);
    }
}

static TfLiteStatus lstm_invoke(tflc_context *ctx, tflc_node *node) {
  const lstm_op *op = node->op_data;
  if (tflc_input(ctx, node, IN_INPUT)->type == kTfLiteInt8)
    run_integer(ctx, node, op);
  else
    run_float(ctx, node, op);
  return kTfLiteOk;
}

const tflc_kernel tflc_unidirectional_sequence_lstm_kernel = {"UNIDIRECTIONAL_SEQUENCE_LSTM", lstm_prepare, lstm_invoke};
/* LSTM is one step of the same computation: input [batch, n_input], output [batch, n_output]. */
const tflc_kernel tflc_lstm_kernel = {"LSTM", lstm_prepare, lstm_invoke};
