/*
** quantize.c — QUANTIZE (TensorFlow Lite 2.9 kernels/quantize.cc, default optimized kernel).
**
** float32 -> uint8/int8/int16:  q = clamp((int32)round((double)x / (double)scale) + zp).
**   The division is in double: that is what TFLite 2.9's x86-64 build does (checked with
**   ref-run on values where float and double division round differently: x = -11.95,
**   scale 0.1 gives -119, not reference_ops' float -120). A quotient outside int32 (huge
**   input, inf, NaN) becomes INT32_MIN and the zero point is added with wraparound, as
**   the x86 conversion instruction and TFLite's addition do.
** uint8/int8 -> uint8/int8 and int16 -> int8/int16 (requantize):
**   q = clamp(MultiplyByQuantizedMultiplier(x - in_zp, M, shift) + out_zp), with
**   M, shift = QuantizeMultiplier((double)in_scale / (double)out_scale).
*/

#include "kernels/qconv.h"
#include "kernels/quant.h"

typedef struct quantize_data {
  double scale;          /* output scale, for float input */
  int32_t multiplier;    /* input scale / output scale, for integer input */
  int shift;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t qmin, qmax;    /* range of the output type */
  tflc_f32_quantize_ukernel_fn quantize_f32; /* float input: the CPU's kernel, or the portable one */
  tflc_q8_requantize_ukernel_fn requantize_q8; /* 8-bit to 8-bit, when its conditions hold; else NULL */
} quantize_data;

static bool output_range(TfLiteType t, int32_t *qmin, int32_t *qmax) {
  switch (t) {
    case kTfLiteUInt8: *qmin = 0; *qmax = 255; return true;
    case kTfLiteInt8: *qmin = -128; *qmax = 127; return true;
    case kTfLiteInt16: *qmin = -32768; *qmax = 32767; return true;
    default: return false;
  }
}

/* The type pairs TFLite 2.9 accepts. */
static bool supported_pair(TfLiteType in, TfLiteType out) {
  switch (in) {
    case kTfLiteFloat32: return out == kTfLiteUInt8 || out == kTfLiteInt8 || out == kTfLiteInt16;
    case kTfLiteInt16: return out == kTfLiteInt8 || out == kTfLiteInt16;
    case kTfLiteUInt8: case kTfLiteInt8: return out == kTfLiteUInt8 || out == kTfLiteInt8;
    default: return false;
  }
}

/* The output must carry one scale: TFLite has no per-channel QUANTIZE. */
static TfLiteStatus check_output_quantization(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *output) {
  const TfLiteAffineQuantization *q = output->quantization.params;
  TFLC_ENSURE_MSG(ctx, node, output->quantization.type == kTfLiteAffineQuantization && q != NULL && q->scale != NULL,
                  "the output has no quantization parameters");
  TFLC_ENSURE_MSG(ctx, node, q->scale->size == 1, "the output has %d scales; only per-tensor quantization is supported",
                  q->scale->size);
  TFLC_ENSURE_MSG(ctx, node, output->params.scale > 0, "output scale %g is not positive", output->params.scale);
  return kTfLiteOk;
}

static TfLiteStatus quantize_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1, "expects 1 input, got %d", (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "expects 1 output, got %d", (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  TFLC_ENSURE_MSG(ctx, node, supported_pair(input->type, output->type), "%s input with %s output is not supported",
                  TfLiteTypeGetName(input->type), TfLiteTypeGetName(output->type));
  if (check_output_quantization(ctx, node, output) != kTfLiteOk) return kTfLiteError;
  if (input->type == kTfLiteInt16)
    TFLC_ENSURE_MSG(ctx, node, input->params.zero_point == 0, "int16 input has zero point %d, not 0",
                    (int)input->params.zero_point);
  if (output->type == kTfLiteInt16)
    TFLC_ENSURE_MSG(ctx, node, output->params.zero_point == 0, "int16 output has zero point %d, not 0",
                    (int)output->params.zero_point);

  quantize_data *data = tflc_alloc_op_data(ctx, node, sizeof *data);
  if (data == NULL) return kTfLiteError;
  output_range(output->type, &data->qmin, &data->qmax);
  data->scale = (double)output->params.scale;
  data->input_zero_point = input->params.zero_point;
  data->output_zero_point = output->params.zero_point;
  /* Forced reference kernels take the portable microkernels (the same formula in plain C). */
  const tflc_qconv_config *cfg = tflc_use_reference_kernels(ctx) ? tflc_qconv_config_portable() : tflc_qconv_config_get();
  data->quantize_f32 = cfg->quantize_f32;
  if (input->type != kTfLiteFloat32)
    tflc_quantize_multiplier((double)input->params.scale / (double)output->params.scale, &data->multiplier,
                             &data->shift);
  bool bytes_to_bytes = input->type != kTfLiteFloat32 && input->type != kTfLiteInt16 && output->type != kTfLiteInt16;
  data->requantize_q8 = NULL;
  if (bytes_to_bytes && data->multiplier >= 0 && data->shift >= -31 && data->shift <= 30)
    data->requantize_q8 = cfg->requantize_q8;
  return tflc_resize_output(ctx, output, tflc_ndims(input), input->dims->data);
}

static int32_t clamp(int32_t v, const quantize_data *d) { return v < d->qmin ? d->qmin : (v > d->qmax ? d->qmax : v); }

static int32_t load_int(const TfLiteTensor *t, size_t i) {
  switch (t->type) {
    case kTfLiteUInt8: return t->data.uint8[i];
    case kTfLiteInt8: return t->data.int8[i];
    default: return t->data.i16[i];
  }
}

static void store_int(TfLiteTensor *t, size_t i, int32_t v) {
  switch (t->type) {
    case kTfLiteUInt8: t->data.uint8[i] = (uint8_t)v; break;
    case kTfLiteInt8: t->data.int8[i] = (int8_t)v; break;
    default: t->data.i16[i] = (int16_t)v; break;
  }
}

/* Float input: the microkernel (qconv.h; the formula is at the top of this file). */
static void quantize_float(const quantize_data *d, const float *x, TfLiteTensor *output, size_t n) {
  d->quantize_f32(n, x, d->scale, d->output_zero_point, d->qmin, d->qmax, output->data.raw,
                  output->type == kTfLiteInt16 ? 2 : 1);
}

static void requantize(const quantize_data *d, const TfLiteTensor *input, TfLiteTensor *output, size_t n) {
  if (d->requantize_q8) {
    d->requantize_q8(n, input->data.raw_const, input->type == kTfLiteInt8, d->input_zero_point, d->multiplier,
                     d->shift, d->output_zero_point, d->qmin, d->qmax, output->data.raw);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    int32_t x = load_int(input, i) - d->input_zero_point;
    int32_t q = tflc_multiply_by_quantized_multiplier(x, d->multiplier, d->shift) + d->output_zero_point;
    store_int(output, i, clamp(q, d));
  }
}

static TfLiteStatus quantize_invoke(tflc_context *ctx, tflc_node *node) {
  const quantize_data *data = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  size_t n = (size_t)tflc_num_elements(input);
  if (input->type == kTfLiteFloat32)
    quantize_float(data, input->data.f, output, n);
  else
    requantize(data, input, output, n);
  return kTfLiteOk;
}

const tflc_kernel tflc_quantize_kernel = {"QUANTIZE", quantize_prepare, quantize_invoke};
