/*
** cast.c — CAST between FLOAT32, INT32, INT64, INT16, UINT8, INT8 and BOOL, reproducing
** TensorFlow Lite 2.9 (kernels/cast.cc): static_cast<To>(from) element by element, taking the
** types from the tensors (CastOptions are ignored, as TFLite does). To BOOL is `from != 0`.
** Float to integer truncates toward zero; NaN and out-of-range values give what x86-64's
** conversion (cvttss2si) gives TFLite there: the integer indefinite value INT32_MIN (INT64_MIN
** for INT64), narrowed to 16 and 8 bits by keeping the low bits, as the compiled C++ does.
*/
#include <math.h>

#include "runtime/kernel.h"

static bool castable(TfLiteType t) {
  return t == kTfLiteFloat32 || t == kTfLiteInt32 || t == kTfLiteInt64 || t == kTfLiteInt16 || t == kTfLiteUInt8 ||
         t == kTfLiteInt8 || t == kTfLiteBool;
}

/* x86-64 cvttss2si with a 32-bit destination. */
static int32_t f32_to_i32(float f) {
  if (!(f > -2147483904.0f && f < 2147483648.0f)) return INT32_MIN;
  return (int32_t)f;
}

/* x86-64 cvttss2si with a 64-bit destination. */
static int64_t f32_to_i64(float f) {
  if (!(f >= -9223372036854775808.0f && f < 9223372036854775808.0f)) return INT64_MIN;
  return (int64_t)f;
}

/* Element i of `data` (of type t) as an integer (floats converted as the target type needs). */
static int64_t load_int(TfLiteType t, const void *data, int64_t i, TfLiteType to) {
  switch (t) {
    case kTfLiteFloat32: {
      float f = ((const float *)data)[i];
      return to == kTfLiteInt64 ? f32_to_i64(f) : f32_to_i32(f);
    }
    case kTfLiteInt32: return ((const int32_t *)data)[i];
    case kTfLiteInt64: return ((const int64_t *)data)[i];
    case kTfLiteInt16: return ((const int16_t *)data)[i];
    case kTfLiteUInt8: return ((const uint8_t *)data)[i];
    case kTfLiteInt8: return ((const int8_t *)data)[i];
    default: return ((const uint8_t *)data)[i] != 0; /* a BOOL byte; any nonzero byte is true */
  }
}

static float load_f32(TfLiteType t, const void *data, int64_t i) {
  if (t == kTfLiteFloat32) return ((const float *)data)[i];
  return (float)load_int(t, data, i, kTfLiteInt64);
}

static bool load_nonzero(TfLiteType t, const void *data, int64_t i) {
  if (t == kTfLiteFloat32) return ((const float *)data)[i] != 0.0f;
  return load_int(t, data, i, kTfLiteInt64) != 0;
}

static void cast_all(TfLiteType from, const void *in, TfLiteType to, void *out, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    switch (to) {
      case kTfLiteFloat32: ((float *)out)[i] = load_f32(from, in, i); break;
      case kTfLiteBool: ((bool *)out)[i] = load_nonzero(from, in, i); break;
      case kTfLiteInt64: ((int64_t *)out)[i] = load_int(from, in, i, to); break;
      case kTfLiteInt32: ((int32_t *)out)[i] = (int32_t)(uint32_t)(uint64_t)load_int(from, in, i, to); break;
      case kTfLiteInt16: ((int16_t *)out)[i] = (int16_t)(uint16_t)(uint64_t)load_int(from, in, i, to); break;
      case kTfLiteUInt8: ((uint8_t *)out)[i] = (uint8_t)(uint64_t)load_int(from, in, i, to); break;
      default: ((int8_t *)out)[i] = (int8_t)(uint8_t)(uint64_t)load_int(from, in, i, to); break;
    }
  }
}

static TfLiteStatus cast_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expected 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "input or output tensor is missing");
  TFLC_ENSURE_MSG(ctx, node, castable(input->type) && castable(output->type),
                  "cast from %s to %s is not supported (FLOAT32, INT32, INT64, INT16, UINT8, INT8, BOOL)",
                  TfLiteTypeGetName(input->type), TfLiteTypeGetName(output->type));
  return tflc_resize_output(ctx, output, tflc_ndims(input), input->dims->data);
}

static TfLiteStatus cast_invoke(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  cast_all(input->type, input->data.data, output->type, output->data.data, tflc_num_elements(input));
  (void)ctx;
  return kTfLiteOk;
}

const tflc_kernel tflc_cast_kernel = {"CAST", cast_prepare, cast_invoke};
