/*
** mean.c — MEAN over constant axes, float32, uint8 and int8.
**
** Reproduces TensorFlow Lite 2.9's builtin kernel (kernels/reduce.cc EvalMean with
** kGenericOptimized), which produced the golden data. TFLite picks one of four quantized
** paths, and they round differently, so tflc keeps all four. "HW" below means: keep_dims,
** a 4-D input and an axis tensor of exactly {1,2} or {2,1} (raw values, as TFLite compares).
**   HW_U8    optimized_ops::Mean (uint8): q = MultiplyByQuantizedMultiplier(sum, M, s) + bias,
**            M·2^s = input_scale / (count * output_scale) and
**            bias = zp_out - (int32)(zp_in * input_scale / output_scale), both in float.
**   HW_I8    reference_integer_ops::Mean: acc = MultiplyByQuantizedMultiplier(sum - count*zp_in,
**            input_scale / output_scale), then divided by count rounding half away from 0.
**   SAME     otherwise, when input and output scale and zero point are equal:
**            reference_ops::Mean — q = sum / count in C integer division (truncates).
**   RESCALE  otherwise: reference_ops::QuantizedMeanOrSum —
**            q = roundf((float)sum / count * s - zp_in * s) + zp_out, s = in/out scale, in float.
** Every path clamps to the type's range. sum adds raw values (zero points not subtracted).
** These were pinned down against TFLite 2.9 itself on single-op models (later TFLite
** versions add 0.5 before the rounding in RESCALE and changed HW_I8; 2.9 does neither).
** Float sums each output's inputs in row-major order and divides by the count.
** The axes must be a constant tensor: output shapes are fixed at prepare.
*/
#include <math.h>
#include <string.h>

#include "format/model.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"

enum { REDUCER_KEEP_DIMS = 0 }; /* ReducerOptions field */

typedef enum { MEAN_FLOAT, MEAN_HW_U8, MEAN_HW_I8, MEAN_SAME, MEAN_RESCALE } mean_mode;

typedef struct mean_op_data {
  mean_mode mode;
  int ndims;                               /* input rank */
  int32_t dims[TFLC_MAX_DIMS];             /* input shape */
  int64_t out_stride[TFLC_MAX_DIMS];       /* output stride per input dim; 0 on reduced dims */
  int64_t num_outputs;
  int32_t count;                           /* inputs per output */
  int32_t multiplier, shift;               /* HW_U8, HW_I8 */
  int32_t bias;                            /* HW_U8 */
  int32_t input_zero_point;                /* HW_I8 */
  float scale, rescale_bias;               /* RESCALE: s and -zp_in * s */
  int32_t output_zero_point, qmin, qmax;
} mean_op_data;

/*
** Adds each input element into sums[its output] (sums zeroed first), in row-major input
** order, with an odometer over the input dims. T_SUM is float or int32_t.
*/
#define DEFINE_REDUCE_SUM(NAME, T_IN, T_SUM)                                                    \
  static void NAME(const mean_op_data *p, const T_IN *in, T_SUM *sums) {                        \
    for (int64_t i = 0; i < p->num_outputs; i++) sums[i] = 0;                                   \
    int32_t idx[TFLC_MAX_DIMS] = {0};                                                           \
    int last = p->ndims - 1;                                                                    \
    int32_t n = p->ndims > 0 ? p->dims[last] : 1;                                               \
    int64_t step = p->ndims > 0 ? p->out_stride[last] : 0;                                      \
    int64_t total = 1;                                                                          \
    for (int d = 0; d < p->ndims; d++) total *= p->dims[d];                                     \
    for (int64_t i = 0; i < total; i += n, in += n) {                                           \
      int64_t o = 0;                                                                            \
      for (int d = 0; d < last; d++) o += idx[d] * p->out_stride[d];                            \
      for (int32_t k = 0; k < n; k++) sums[o + k * step] += (T_SUM)in[k];                       \
      for (int d = last - 1; d >= 0 && ++idx[d] == p->dims[d]; d--) idx[d] = 0;                 \
    }                                                                                           \
  }
DEFINE_REDUCE_SUM(reduce_sum_f32, float, float)
DEFINE_REDUCE_SUM(reduce_sum_u8, uint8_t, int32_t)
DEFINE_REDUCE_SUM(reduce_sum_i8, int8_t, int32_t)

static void mean_f32(const mean_op_data *p, const float *in, float *out, float *sums) {
  reduce_sum_f32(p, in, sums);
  for (int64_t i = 0; i < p->num_outputs; i++) out[i] = sums[i] / (float)p->count;
}

static int32_t clamp_i32(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : (x > hi ? hi : x); }

/* reference_integer_ops::Mean's rescale of one sum. */
static int32_t finish_hw_i8(const mean_op_data *p, int32_t sum) {
  int32_t acc = tflc_multiply_by_quantized_multiplier(sum - p->count * p->input_zero_point, p->multiplier, p->shift);
  int32_t half = p->count / 2;
  acc = acc > 0 ? (acc + half) / p->count : (acc - half) / p->count; /* halves away from zero */
  return acc + p->output_zero_point;
}

/* reference_ops::QuantizedMeanOrSum's rescale of one sum, in float. */
static int32_t finish_rescale(const mean_op_data *p, int32_t sum) {
  float mean = (float)sum / (float)p->count;
  float r = roundf(mean * p->scale + p->rescale_bias) + (float)p->output_zero_point;
  r = r < (float)p->qmax ? r : (float)p->qmax;
  r = r > (float)p->qmin ? r : (float)p->qmin;
  return (int32_t)r;
}

/* The quantized finish, by TFLite path; the result is in [qmin, qmax]. */
static int32_t finish_quantized(const mean_op_data *p, int32_t sum) {
  switch (p->mode) {
    case MEAN_HW_U8:
      return clamp_i32(tflc_multiply_by_quantized_multiplier(sum, p->multiplier, p->shift) + p->bias, p->qmin, p->qmax);
    case MEAN_HW_I8: return clamp_i32(finish_hw_i8(p, sum), p->qmin, p->qmax);
    case MEAN_SAME: return sum / p->count; /* a mean of in-range values stays in range */
    default: return finish_rescale(p, sum);
  }
}

static void mean_u8(const mean_op_data *p, const uint8_t *in, uint8_t *out, int32_t *sums) {
  reduce_sum_u8(p, in, sums);
  for (int64_t i = 0; i < p->num_outputs; i++) out[i] = (uint8_t)finish_quantized(p, sums[i]);
}

static void mean_i8(const mean_op_data *p, const int8_t *in, int8_t *out, int32_t *sums) {
  reduce_sum_i8(p, in, sums);
  for (int64_t i = 0; i < p->num_outputs; i++) out[i] = (int8_t)finish_quantized(p, sums[i]);
}

/* ---- prepare ---- */

/*
** Reads the constant axes into a mask over the input dims (negative axes count from the
** end; repeats are allowed, as in TFLite). *hw4d tells whether the raw list is {1,2} or {2,1}.
*/
static TfLiteStatus read_axes(tflc_context *ctx, tflc_node *node, const TfLiteTensor *axis, int ndims,
                              bool *reduced, bool *hw4d) {
  TFLC_ENSURE_MSG(ctx, node, axis->type == kTfLiteInt32, "axis tensor must be INT32, got %s",
                  TfLiteTypeGetName(axis->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(axis),
                  "axis tensor %d is computed at run time; only constant axes are supported", (int)node->inputs[1]);
  int64_t n = tflc_num_elements(axis);
  const int32_t *a = axis->data.i32;
  for (int d = 0; d < ndims; d++) reduced[d] = false;
  for (int64_t i = 0; i < n; i++) {
    int32_t d = a[i] < 0 ? a[i] + ndims : a[i];
    TFLC_ENSURE_MSG(ctx, node, d >= 0 && d < ndims, "axis %d is out of range for a %d-D input", (int)a[i], ndims);
    reduced[d] = true;
  }
  *hw4d = n == 2 && ((a[0] == 1 && a[1] == 2) || (a[0] == 2 && a[1] == 1));
  return kTfLiteOk;
}

/* Output shape (TFLite's ResizeOutputTensor), output strides per input dim, and counts. */
static TfLiteStatus prepare_shape(tflc_context *ctx, mean_op_data *p, const TfLiteTensor *input, TfLiteTensor *output,
                                  const bool *reduced, bool keep_dims) {
  int32_t out_dims[TFLC_MAX_DIMS];
  int nout = 0;
  p->count = 1;
  for (int d = 0; d < p->ndims; d++) {
    p->dims[d] = tflc_dim(input, d);
    if (reduced[d]) p->count *= p->dims[d];
    if (!reduced[d] || keep_dims) out_dims[nout++] = reduced[d] ? 1 : p->dims[d];
  }
  int64_t stride = 1;
  for (int d = p->ndims - 1; d >= 0; d--) {
    p->out_stride[d] = reduced[d] ? 0 : stride;
    if (!reduced[d]) stride *= p->dims[d];
  }
  p->num_outputs = stride;
  return tflc_resize_output(ctx, output, nout, out_dims);
}

/* Quantized constants for the path TFLite would take (see the top of the file). */
static TfLiteStatus prepare_quantized(tflc_context *ctx, tflc_node *node, mean_op_data *p, const TfLiteTensor *input,
                                      const TfLiteTensor *output, bool hw4d, bool keep_dims) {
  const float in_scale = input->params.scale, out_scale = output->params.scale;
  const int32_t in_zp = input->params.zero_point, out_zp = output->params.zero_point;
  TFLC_ENSURE_MSG(ctx, node, in_scale > 0 && out_scale > 0, "scales must be positive (input %g, output %g)", in_scale,
                  out_scale);
  p->qmin = input->type == kTfLiteInt8 ? INT8_MIN : 0;
  p->qmax = input->type == kTfLiteInt8 ? INT8_MAX : UINT8_MAX;
  p->output_zero_point = out_zp;
  if (keep_dims && p->ndims == 4 && hw4d && input->type == kTfLiteUInt8) {
    p->mode = MEAN_HW_U8;
    /* float arithmetic throughout, as optimized_ops::Mean does it */
    p->bias = out_zp - (int32_t)((float)in_zp * in_scale / out_scale);
    const float real_scale = in_scale / ((float)p->count * out_scale);
    int shift;
    tflc_quantize_multiplier((double)real_scale, &p->multiplier, &shift);
    p->shift = shift;
  } else if (keep_dims && p->ndims == 4 && hw4d) {
    p->mode = MEAN_HW_I8;
    p->input_zero_point = in_zp;
    int shift;
    tflc_quantize_multiplier((double)in_scale / (double)out_scale, &p->multiplier, &shift);
    p->shift = shift;
  } else if (in_zp == out_zp && in_scale == out_scale) {
    p->mode = MEAN_SAME;
  } else {
    p->mode = MEAN_RESCALE;
    p->scale = in_scale / out_scale;
    p->rescale_bias = (float)(-in_zp) * p->scale;
  }
  return kTfLiteOk;
}

static TfLiteStatus check_tensors(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                  const TfLiteTensor *output) {
  TFLC_ENSURE_MSG(ctx, node, input->type == output->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node,
                  input->type == kTfLiteFloat32 || input->type == kTfLiteUInt8 || input->type == kTfLiteInt8,
                  "type %s is not supported (FLOAT32, UINT8, INT8)", TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(input) <= TFLC_MAX_DIMS, "input has %d dimensions (limit %d)",
                  tflc_ndims(input), TFLC_MAX_DIMS);
  return kTfLiteOk;
}

static TfLiteStatus mean_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expected 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *axis = tflc_input(ctx, node, 1);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && axis && output, "an input or the output tensor is missing");
  if (check_tensors(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  mean_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  p->ndims = tflc_ndims(input);
  bool reduced[TFLC_MAX_DIMS] = {false}, hw4d = false;
  if (read_axes(ctx, node, axis, p->ndims, reduced, &hw4d) != kTfLiteOk) return kTfLiteError;
  tflc_fb_table o = tflc_node_options(node, TFLC_OPTIONS_REDUCER);
  bool keep_dims = tflc_fb_u8(&o, REDUCER_KEEP_DIMS, 0) != 0;
  if (prepare_shape(ctx, p, input, output, reduced, keep_dims) != kTfLiteOk) return kTfLiteError;
  if (input->type == kTfLiteFloat32) {
    p->mode = MEAN_FLOAT;
  } else if (prepare_quantized(ctx, node, p, input, output, hw4d, keep_dims) != kTfLiteOk) {
    return kTfLiteError;
  }
  /* One running sum per output: float for float, int32 for 8-bit inputs. */
  return tflc_request_scratch(ctx, node, (size_t)p->num_outputs * 4);
}

static TfLiteStatus mean_invoke(tflc_context *ctx, tflc_node *node) {
  const mean_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (p->count == 0) { /* an empty reduction: TFLite leaves undefined values; tflc writes zeros */
    memset(output->data.data, 0, output->bytes);
    return kTfLiteOk;
  }
  switch (input->type) {
    case kTfLiteFloat32: mean_f32(p, input->data.f, output->data.f, node->scratch); break;
    case kTfLiteUInt8: mean_u8(p, input->data.uint8, output->data.uint8, node->scratch); break;
    case kTfLiteInt8: mean_i8(p, input->data.int8, output->data.int8, node->scratch); break;
    default: return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(input->type));
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_mean_kernel = {"MEAN", mean_prepare, mean_invoke};
