/*
** add.c — ADD with numpy-style broadcasting (up to 6-D, see broadcast.h), float32, uint8 and int8.
**
** Reproduces TensorFlow Lite 2.9's builtin kernel (kernels/add.cc, kGenericOptimized), which
** produced the golden data. For uint8/int8 it calls optimized_ops::Add / BroadcastAddDispatch
** (optimized_integer_ops for int8); built for x86-64 without NEON their scalar loops do the
** reference arithmetic, element by element, whatever the broadcast:
**   a = (q1 - zp1) << 20, b = (q2 - zp2) << 20                     (left_shift 20)
**   a = MultiplyByQuantizedMultiplierSmallerThanOneExp(a, m1, s1)   m1 = scale1 / (2 * max scale)
**   b = ... (b, m2, s2)                                              m2 = scale2 / (2 * max scale)
**   q = MultiplyByQuantizedMultiplierSmallerThanOneExp(a + b, mo, so) + zp_out
**                                                    mo = 2 * max scale / (2^20 * output scale)
**   clamped to the fused activation's range.
** Float is a + b clamped to the activation range.
*/
#include "kernels/broadcast.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"

enum { ADD_ACTIVATION = 0 }; /* AddOptions field */

/* The quantized pipeline's constants (ArithmeticParams in TFLite). */
typedef struct add_quant {
  int32_t input1_offset, input2_offset, output_offset; /* -zp1, -zp2, +zp_out */
  int32_t left_shift;
  int32_t input1_multiplier, input2_multiplier, output_multiplier;
  int input1_shift, input2_shift, output_shift; /* <= 0: right shifts */
  int32_t act_min, act_max;
} add_quant;

typedef struct add_op_data {
  tflc_broadcast bc; /* output size and each input's strides (broadcast.h) */
  float f_min, f_max;
  add_quant q;
} add_op_data;

static inline int32_t add_quantized(const add_quant *q, int32_t x1, int32_t x2) {
  int32_t a = (int32_t)((uint32_t)(x1 + q->input1_offset) << q->left_shift);
  int32_t b = (int32_t)((uint32_t)(x2 + q->input2_offset) << q->left_shift);
  a = tflc_multiply_by_quantized_multiplier(a, q->input1_multiplier, q->input1_shift);
  b = tflc_multiply_by_quantized_multiplier(b, q->input2_multiplier, q->input2_shift);
  int32_t sum = tflc_multiply_by_quantized_multiplier(a + b, q->output_multiplier, q->output_shift);
  sum += q->output_offset;
  return sum < q->act_min ? q->act_min : (sum > q->act_max ? q->act_max : sum);
}

/*
** Rows: n outputs from inputs stepping by s1 and s2 elements (0 repeats a broadcast value,
** 1 walks a full row). Elementwise ADD is one row over everything.
*/
static void add_row_f32(const add_op_data *p, const float *a, int64_t s1, const float *b, int64_t s2, float *out,
                        int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = tflc_clampf(a[i * s1] + b[i * s2], p->f_min, p->f_max);
}

static void add_row_u8(const add_op_data *p, const uint8_t *a, int64_t s1, const uint8_t *b, int64_t s2,
                       uint8_t *out, int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = (uint8_t)add_quantized(&p->q, a[i * s1], b[i * s2]);
}

static void add_row_i8(const add_op_data *p, const int8_t *a, int64_t s1, const int8_t *b, int64_t s2, int8_t *out,
                       int64_t n) {
  for (int64_t i = 0; i < n; i++) out[i] = (int8_t)add_quantized(&p->q, a[i * s1], b[i * s2]);
}

static void add_row(const add_op_data *p, TfLiteType type, const void *a, int64_t i1, int64_t s1, const void *b,
                    int64_t i2, int64_t s2, void *out, int64_t o, int64_t n) {
  switch (type) {
    case kTfLiteFloat32: add_row_f32(p, (const float *)a + i1, s1, (const float *)b + i2, s2, (float *)out + o, n); break;
    case kTfLiteUInt8:
      add_row_u8(p, (const uint8_t *)a + i1, s1, (const uint8_t *)b + i2, s2, (uint8_t *)out + o, n);
      break;
    default: add_row_i8(p, (const int8_t *)a + i1, s1, (const int8_t *)b + i2, s2, (int8_t *)out + o, n); break;
  }
}

/* One invoke's tensors, handed to add_broadcast_row through tflc_broadcast_rows. */
typedef struct add_run {
  const add_op_data *p;
  TfLiteType type;
  const void *a, *b;
  void *out;
} add_run;

/* tflc_broadcast_rows callback: one row of the output (all of it when nothing is broadcast). */
static void add_broadcast_row(void *user, int64_t i1, int64_t s1, int64_t i2, int64_t s2, int64_t o, int64_t n) {
  const add_run *r = user;
  add_row(r->p, r->type, r->a, i1, s1, r->b, i2, s2, r->out, o, n);
}

/* kernels/add.cc Prepare for 8-bit types: the left_shift 20 pipeline's multipliers. */
static TfLiteStatus prepare_quantized(tflc_context *ctx, tflc_node *node, const TfLiteTensor *in1,
                                      const TfLiteTensor *in2, const TfLiteTensor *output, tflc_activation act,
                                      add_quant *q) {
  TFLC_ENSURE_MSG(ctx, node, in1->params.scale > 0 && in2->params.scale > 0 && output->params.scale > 0,
                  "scales must be positive (input 0: %g, input 1: %g, output: %g)", in1->params.scale,
                  in2->params.scale, output->params.scale);
  q->input1_offset = -in1->params.zero_point;
  q->input2_offset = -in2->params.zero_point;
  q->output_offset = output->params.zero_point;
  q->left_shift = 20;
  /* TFLite takes the max and doubles it in float, then divides in double. */
  const float max_scale = in1->params.scale > in2->params.scale ? in1->params.scale : in2->params.scale;
  const double twice_max = (double)(2 * max_scale);
  const double real1 = in1->params.scale / twice_max, real2 = in2->params.scale / twice_max;
  const double real_out = twice_max / (double)((float)(1 << q->left_shift) * output->params.scale);
  TFLC_ENSURE_MSG(ctx, node, real_out < 1.0,
                  "output scale %g is too small for the inputs' scales (%g, %g): rescale factor %g is not < 1",
                  output->params.scale, in1->params.scale, in2->params.scale, real_out);
  tflc_quantize_multiplier_smaller_than_one(real1, &q->input1_multiplier, &q->input1_shift);
  tflc_quantize_multiplier_smaller_than_one(real2, &q->input2_multiplier, &q->input2_shift);
  tflc_quantize_multiplier_smaller_than_one(real_out, &q->output_multiplier, &q->output_shift);
  return tflc_quantized_activation_range(ctx, node, act, output, &q->act_min, &q->act_max);
}

static TfLiteStatus check_types(tflc_context *ctx, tflc_node *node, const TfLiteTensor *in1, const TfLiteTensor *in2,
                                TfLiteTensor *output) {
  /* TFLite's Prepare gives the output the inputs' type, whatever the file says (some of
     its own test models, like add_quantized.bin, rely on it). */
  output->type = in2->type;
  TFLC_ENSURE_MSG(ctx, node, in1->type == in2->type && in1->type == output->type,
                  "inputs and output must share one type, got %s + %s -> %s", TfLiteTypeGetName(in1->type),
                  TfLiteTypeGetName(in2->type), TfLiteTypeGetName(output->type));
  TFLC_ENSURE_MSG(ctx, node, in1->type == kTfLiteFloat32 || in1->type == kTfLiteUInt8 || in1->type == kTfLiteInt8,
                  "type %s is not supported (FLOAT32, UINT8, INT8)", TfLiteTypeGetName(in1->type));
  return kTfLiteOk;
}

static TfLiteStatus add_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expected 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *in1 = tflc_input(ctx, node, 0), *in2 = tflc_input(ctx, node, 1);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, in1 && in2 && output, "an input or the output tensor is missing");
  if (check_types(ctx, node, in1, in2, output) != kTfLiteOk) return kTfLiteError;
  add_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  int32_t dims[TFLC_BROADCAST_MAX_DIMS] = {0};
  int ndims = 0;
  if (tflc_broadcast_prepare(ctx, node, in1, in2, &p->bc, dims, &ndims) != kTfLiteOk) return kTfLiteError;
  tflc_fb_table o = tflc_node_options(node, TFLC_OPTIONS_ADD);
  tflc_activation act = (tflc_activation)tflc_fb_i8(&o, ADD_ACTIVATION, 0);
  if (in1->type == kTfLiteFloat32) {
    TFLC_ENSURE_MSG(ctx, node, act >= 0 && act <= TFLC_ACTIVATION_RELU6, "fused activation %d is not supported",
                    (int)act);
    tflc_float_activation_range(act, &p->f_min, &p->f_max);
  } else if (prepare_quantized(ctx, node, in1, in2, output, act, &p->q) != kTfLiteOk) {
    return kTfLiteError;
  }
  return tflc_resize_output(ctx, output, ndims, dims);
}

static TfLiteStatus add_invoke(tflc_context *ctx, tflc_node *node) {
  const add_op_data *p = node->op_data;
  const TfLiteTensor *in1 = tflc_input(ctx, node, 0), *in2 = tflc_input(ctx, node, 1);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TfLiteType type = output->type;
  if (type != kTfLiteFloat32 && type != kTfLiteUInt8 && type != kTfLiteInt8)
    return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(type));
  add_run run = {p, type, in1->data.data, in2->data.data, output->data.data};
  tflc_broadcast_rows(&p->bc, add_broadcast_row, &run);
  return kTfLiteOk;
}

const tflc_kernel tflc_add_kernel = {"ADD", add_prepare, add_invoke};
