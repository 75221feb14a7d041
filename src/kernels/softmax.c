/*
** softmax.c — SOFTMAX over the last dimension, any rank, float32, uint8 and int8.
**
** Reproduces TensorFlow Lite 2.9's builtin kernel (kernels/activations.cc SoftmaxPrepare and
** SoftmaxEval), which produced the golden data. On x86-64 its quantized path is not the
** gemmlowp fixed-point reference but optimized_ops::Softmax with a float look-up table
** (TFLITE_SOFTMAX_USE_UINT16_LUT is only defined for clang on aarch64):
**   prepare: table[255 - k] = expf(-input_scale * beta * k), k = 0..255, all in float;
**   invoke, per row: m = max(x); each x reads table[255 - m + x] = exp(beta*scale*(x - m))
**     (x and m are the raw uint8 or int8 values, so the index is in 0..255 for both types);
**     sum those in order; inv = 1 / (sum * output_scale);
**     uint8: q = (int32)(e * inv + 0.5f)  (QuantizeSoftmaxOutput<uint8_t>, truncating add-half);
**     int8:  q = (int32)roundf(e * inv) + output_zero_point;
**     clamped to the type's range.
** Float follows the Eigen path: exp((x - max) * beta), then multiply by 1 / sum.
*/
#include <math.h>

#include "kernels/quant.h"
#include "runtime/kernel.h"

enum { SOFTMAX_BETA = 0 }; /* SoftmaxOptions field */

typedef struct softmax_op_data {
  int32_t rows, depth; /* outer size, size of the last dimension */
  float beta;
  float table[256];    /* exp(-input_scale * beta * (255 - i)) */
  float output_scale;
  int32_t output_zero_point;
} softmax_op_data;

/* in, out: (rows, depth). */
static void softmax_f32(const softmax_op_data *p, const float *in, float *out) {
  for (int32_t r = 0; r < p->rows; r++, in += p->depth, out += p->depth) {
    float m = in[0];
    for (int32_t j = 1; j < p->depth; j++) m = in[j] > m ? in[j] : m;
    float sum = 0;
    for (int32_t j = 0; j < p->depth; j++) {
      out[j] = expf((in[j] - m) * p->beta);
      sum += out[j];
    }
    float inv = 1.0f / sum;
    for (int32_t j = 0; j < p->depth; j++) out[j] *= inv;
  }
}

static void softmax_u8(const softmax_op_data *p, const uint8_t *in, uint8_t *out) {
  for (int32_t r = 0; r < p->rows; r++, in += p->depth, out += p->depth) {
    int32_t m = 0;
    for (int32_t j = 0; j < p->depth; j++) m = in[j] > m ? in[j] : m;
    const float *e = &p->table[255 - m]; /* e[x] = exp(beta * scale * (x - m)) */
    float sum = 0;
    for (int32_t j = 0; j < p->depth; j++) sum += e[in[j]];
    float inv = 1.0f / (sum * p->output_scale);
    for (int32_t j = 0; j < p->depth; j++) {
      int32_t q = (int32_t)(e[in[j]] * inv + 0.5f);
      out[j] = (uint8_t)(q < 0 ? 0 : (q > 255 ? 255 : q));
    }
  }
}

static void softmax_i8(const softmax_op_data *p, const int8_t *in, int8_t *out) {
  for (int32_t r = 0; r < p->rows; r++, in += p->depth, out += p->depth) {
    int32_t m = INT8_MIN;
    for (int32_t j = 0; j < p->depth; j++) m = in[j] > m ? in[j] : m;
    /* Indexed by x - m + 255 in 0..255. Not through &table[255 - m]: for m < 0 that pointer lies
       past the table, which is UB even though every access lands inside (UBSan, fuzz_invoke;
       tests/regressions/invoke/softmax_int8_all_minimum.tflite, a row of -128s). */
    const int32_t base = 255 - m;
    float sum = 0;
    for (int32_t j = 0; j < p->depth; j++) sum += p->table[base + in[j]];
    float inv = 1.0f / (sum * p->output_scale);
    for (int32_t j = 0; j < p->depth; j++) {
      int32_t q = (int32_t)roundf(p->table[base + in[j]] * inv) + p->output_zero_point;
      out[j] = (int8_t)(q < INT8_MIN ? INT8_MIN : (q > INT8_MAX ? INT8_MAX : q));
    }
  }
}

/* optimized_ops::PopulateSoftmaxLookupTable: float products and expf, as TFLite computes them. */
static void populate_table(softmax_op_data *p, float input_scale) {
  const float scale = -input_scale * p->beta;
  for (int32_t k = 0; k <= 255; k++) p->table[255 - k] = expf(scale * (float)k);
}

/*
** The output quantization TFLite's softmax assumes: probabilities in steps of 1/256,
** with 0 at the bottom of the type's range (zero point 0 for uint8, -128 for int8).
*/
static TfLiteStatus check_output_quantization(tflc_context *ctx, tflc_node *node, const TfLiteTensor *output) {
  int32_t want_zp = output->type == kTfLiteUInt8 ? 0 : -128;
  TFLC_ENSURE_MSG(ctx, node, output->params.zero_point == want_zp, "%s output zero point is %d, must be %d",
                  TfLiteTypeGetName(output->type), (int)output->params.zero_point, (int)want_zp);
  TFLC_ENSURE_MSG(ctx, node, fabsf(output->params.scale - 1.0f / 256) <= 0.001f / 256,
                  "output scale is %g, must be 1/256", output->params.scale);
  return kTfLiteOk;
}

static TfLiteStatus check_tensors(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                  const TfLiteTensor *output) {
  TFLC_ENSURE_MSG(ctx, node, input->type == output->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node,
                  input->type == kTfLiteFloat32 || input->type == kTfLiteUInt8 || input->type == kTfLiteInt8,
                  "type %s is not supported (FLOAT32, UINT8, INT8)", TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(input) >= 1, "input must have at least 1 dimension");
  if (input->type == kTfLiteFloat32) return kTfLiteOk;
  TFLC_ENSURE_MSG(ctx, node, input->params.scale > 0, "input scale %g is not positive", input->params.scale);
  return check_output_quantization(ctx, node, output);
}

static TfLiteStatus softmax_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expected 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "input or output tensor is missing");
  if (check_tensors(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  softmax_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  tflc_fb_table o = tflc_node_options(node, TFLC_OPTIONS_SOFTMAX);
  p->beta = tflc_fb_f32(&o, SOFTMAX_BETA, 0.0f); /* the schema default, as TFLite reads it */
  int nd = tflc_ndims(input);
  p->depth = tflc_dim(input, nd - 1);
  int64_t n = tflc_num_elements(input);
  p->rows = p->depth > 0 ? (int32_t)(n / p->depth) : 0;
  if (input->type != kTfLiteFloat32) {
    populate_table(p, input->params.scale);
    /* A hostile beta or input scale overflows expf to inf; the row sum is then inf, and
       inf * 0 gives NaN, which invoke converts to int: UB (UBSan, fuzz_invoke;
       tests/regressions/invoke/softmax_infinite_table.tflite). Valid tables hold values in (0, 1]. */
    for (int k = 0; k < 256; k++)
      TFLC_ENSURE_MSG(ctx, node, isfinite(p->table[k]),
                      "beta %g with input scale %g overflows the exponent table (entry %d is %g)", p->beta,
                      input->params.scale, k, p->table[k]);
    p->output_scale = output->params.scale;
    p->output_zero_point = output->params.zero_point;
  }
  return tflc_resize_output(ctx, output, nd, input->dims->data);
}

static TfLiteStatus softmax_invoke(tflc_context *ctx, tflc_node *node) {
  const softmax_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  switch (input->type) {
    case kTfLiteFloat32: softmax_f32(p, input->data.f, output->data.f); break;
    case kTfLiteUInt8: softmax_u8(p, input->data.uint8, output->data.uint8); break;
    case kTfLiteInt8: softmax_i8(p, input->data.int8, output->data.int8); break;
    default: return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(input->type));
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_softmax_kernel = {"SOFTMAX", softmax_prepare, softmax_invoke};
