/*
** dequantize.c — DEQUANTIZE to float32 (TensorFlow Lite 2.9 kernels/dequantize.{h,cc}).
**
** uint8/int8/int16:  x = scale * (q - zero_point). TFLite multiplies in double and rounds
**   to float once; the product of a float and an int of at most 17 bits is exact in double,
**   so one float multiply rounds the same way.
** Per-channel uint8/int8 (more than one scale): channel = index along quantized_dimension,
**   x = scale[c] * (q - zero_point[c]), as reference_ops::PerChannelDequantize (checked
**   with ref-run on a 2x2 int8 tensor quantized along dim 1).
** float16: exact widening to float32.
** A constant input (float16 or int8 weights before a float op) is dequantized once, at prepare,
** and published as known at prepare (kernel.h): Invoke skips the node.
*/
#include <string.h>

#include "kernels/quant.h"

typedef struct dequantize_data {
  int64_t outer;  /* per-channel: product of the dims before quantized_dimension */
  int32_t channels;
  int64_t inner;  /* product of the dims after it */
} dequantize_data;

static bool is_per_channel(const TfLiteTensor *t) {
  const TfLiteAffineQuantization *q = t->quantization.params;
  return t->quantization.type == kTfLiteAffineQuantization && q != NULL && q->scale != NULL && q->scale->size > 1;
}

/* Splits the shape around quantized_dimension and checks the scales cover it. */
static TfLiteStatus prepare_per_channel(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                        dequantize_data *data) {
  const TfLiteAffineQuantization *q = input->quantization.params;
  int axis = q->quantized_dimension;
  TFLC_ENSURE_MSG(ctx, node, input->type == kTfLiteUInt8 || input->type == kTfLiteInt8,
                  "per-channel dequantization of %s is not supported", TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, axis >= 0 && axis < tflc_ndims(input),
                  "quantized dimension %d out of range for a %d-D input", axis, tflc_ndims(input));
  TFLC_ENSURE_MSG(ctx, node, q->zero_point != NULL && q->zero_point->size == q->scale->size,
                  "the input has %d scales but %d zero points", q->scale->size, q->zero_point ? q->zero_point->size : 0);
  TFLC_ENSURE_MSG(ctx, node, tflc_dim(input, axis) == q->scale->size,
                  "the input has %d scales but dim %d has size %d", q->scale->size, axis, (int)tflc_dim(input, axis));
  data->outer = 1;
  data->inner = 1;
  for (int d = 0; d < axis; d++) data->outer *= tflc_dim(input, d);
  for (int d = axis + 1; d < tflc_ndims(input); d++) data->inner *= tflc_dim(input, d);
  data->channels = tflc_dim(input, axis);
  return kTfLiteOk;
}

static void dequantize_values(const dequantize_data *data, const TfLiteTensor *input, float *out);

static TfLiteStatus dequantize_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1, "expects 1 input, got %d", (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "expects 1 output, got %d", (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  TfLiteType t = input->type;
  TFLC_ENSURE_MSG(ctx, node, t == kTfLiteUInt8 || t == kTfLiteInt8 || t == kTfLiteInt16 || t == kTfLiteFloat16,
                  "input type %s is not supported (expects UINT8, INT8, INT16 or FLOAT16)", TfLiteTypeGetName(t));
  TFLC_ENSURE_MSG(ctx, node, output->type == kTfLiteFloat32, "output type %s is not FLOAT32",
                  TfLiteTypeGetName(output->type));
  dequantize_data *data = tflc_alloc_op_data(ctx, node, sizeof *data);
  if (data == NULL) return kTfLiteError;
  if (t != kTfLiteFloat16 && is_per_channel(input) && prepare_per_channel(ctx, node, input, data) != kTfLiteOk)
    return kTfLiteError;
  TfLiteStatus s = tflc_resize_output(ctx, output, tflc_ndims(input), input->dims->data);
  if (s != kTfLiteOk || !tflc_is_known_at_prepare(input)) return s;
  /* Constant input (float16 or int8 weights): dequantize once, now; Invoke then skips the node. */
  float *out = tflc_publish_output(ctx, node, 0);
  if (out != NULL) dequantize_values(data, input, out);
  return kTfLiteOk;
}

static int32_t load_int(const TfLiteTensor *t, size_t i) {
  switch (t->type) {
    case kTfLiteUInt8: return t->data.uint8[i];
    case kTfLiteInt8: return t->data.int8[i];
    default: return t->data.i16[i];
  }
}

static void dequantize_per_tensor(const TfLiteTensor *input, float *out, size_t n) {
  const float scale = input->params.scale;
  const int32_t zero_point = input->params.zero_point;
  for (size_t i = 0; i < n; i++) out[i] = scale * (float)(load_int(input, i) - zero_point);
}

static void dequantize_per_channel(const dequantize_data *d, const TfLiteTensor *input, float *out) {
  const TfLiteAffineQuantization *q = input->quantization.params;
  size_t i = 0;
  for (int64_t o = 0; o < d->outer; o++)
    for (int32_t c = 0; c < d->channels; c++) {
      const float scale = q->scale->data[c];
      const int32_t zero_point = q->zero_point->data[c];
      for (int64_t k = 0; k < d->inner; k++, i++) out[i] = scale * (float)(load_int(input, i) - zero_point);
    }
}

/* IEEE half to float; every half is exactly representable as a float. */
static float half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h & 0x8000) << 16;
  uint32_t exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13); /* inf or NaN (payload kept) */
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13); /* rebias 15 -> 127 */
  } else {
    float v = (float)mantissa * 0x1p-24f; /* zero or subnormal: mantissa * 2^-24, exact */
    memcpy(&bits, &v, sizeof bits);
    bits |= sign;
  }
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

/* The whole output: from prepare when the input is constant, else from invoke. */
static void dequantize_values(const dequantize_data *data, const TfLiteTensor *input, float *out) {
  size_t n = (size_t)tflc_num_elements(input);
  if (input->type == kTfLiteFloat16) {
    for (size_t i = 0; i < n; i++) out[i] = half_to_float(input->data.f16[i].data);
  } else if (is_per_channel(input)) {
    dequantize_per_channel(data, input, out);
  } else {
    dequantize_per_tensor(input, out, n);
  }
}

static TfLiteStatus dequantize_invoke(tflc_context *ctx, tflc_node *node) {
  dequantize_values(node->op_data, tflc_input(ctx, node, 0), tflc_output(ctx, node, 0)->data.f);
  return kTfLiteOk;
}

const tflc_kernel tflc_dequantize_kernel = {"DEQUANTIZE", dequantize_prepare, dequantize_invoke};
