/*
** concatenation.c — CONCATENATION along one axis (TensorFlow Lite 2.9 kernels/concatenation.cc).
**
** The output is, for each index over the dims before the axis ("outer"), the inputs' slabs
** one after another; a slab is dims[axis] * (product of the dims after the axis) elements.
** uint8 inputs whose scale or zero point differ from the output's are requantized with
** TFLite's float formula (reference_ops::ConcatenationWithScaling, notes §9):
**   out = clamp(round(q * scale + bias) + out_zp, 0, 255),
**   scale = in_scale * (1.f / out_scale), bias = -in_zp * scale,   all in float32.
** TFLite 2.9 refuses int8 inputs whose quantization differs from the output's, and any
** fused activation; so does tflc, so that a model runs here only where it runs there.
*/
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "format/model.h"
#include "kernels/quant.h"

typedef struct concat_input {
  size_t slab_bytes; /* bytes of this input per outer index */
  bool rescale;      /* uint8 whose quantization differs from the output's */
  float scale;       /* in_scale * (1 / out_scale), float as in TFLite */
  float bias;        /* -in_zero_point * scale */
} concat_input;

typedef struct concat_data {
  int64_t outer;             /* product of the output dims before the axis */
  int32_t output_zero_point; /* for rescaled uint8 inputs */
  int32_t ninputs;
  concat_input inputs[];     /* [ninputs] */
} concat_data;

static bool supported_type(TfLiteType t) {
  return t == kTfLiteFloat32 || t == kTfLiteUInt8 || t == kTfLiteInt8 || t == kTfLiteInt16 ||
         t == kTfLiteInt32 || t == kTfLiteInt64;
}

/* Checks that input i matches input 0 except along the axis; adds its axis size to *axis_sum. */
static TfLiteStatus check_input(tflc_context *ctx, const tflc_node *node, int i, const TfLiteTensor *t0, int axis,
                                int64_t *axis_sum) {
  const TfLiteTensor *t = tflc_input(ctx, node, i);
  TFLC_ENSURE_MSG(ctx, node, t != NULL, "input %d is missing", i);
  TFLC_ENSURE_MSG(ctx, node, t->type == t0->type, "input %d has type %s but input 0 has %s", i,
                  TfLiteTypeGetName(t->type), TfLiteTypeGetName(t0->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(t) == tflc_ndims(t0), "input %d is %d-D but input 0 is %d-D", i,
                  tflc_ndims(t), tflc_ndims(t0));
  for (int d = 0; d < tflc_ndims(t0); d++) {
    if (d == axis) continue;
    TFLC_ENSURE_MSG(ctx, node, tflc_dim(t, d) == tflc_dim(t0, d),
                    "input %d has size %d in dim %d but input 0 has %d (only axis %d may differ)", i,
                    (int)tflc_dim(t, d), d, (int)tflc_dim(t0, d), axis);
  }
  *axis_sum += tflc_dim(t, axis);
  return kTfLiteOk;
}

/* The per-type quantization rules of TFLite 2.9's Prepare. */
static TfLiteStatus check_quantization(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *output) {
  for (int i = 0; i < node->ninputs; i++) {
    const TfLiteTensor *t = tflc_input(ctx, node, i);
    if (output->type == kTfLiteInt8) {
      TFLC_ENSURE_MSG(ctx, node,
                      t->params.scale == output->params.scale && t->params.zero_point == output->params.zero_point,
                      "int8 input %d has scale %g, zero point %d but the output has scale %g, zero point %d; "
                      "int8 concatenation cannot rescale",
                      i, t->params.scale, (int)t->params.zero_point, output->params.scale,
                      (int)output->params.zero_point);
    }
    if (output->type == kTfLiteInt16)
      TFLC_ENSURE_MSG(ctx, node, t->params.zero_point == 0, "int16 input %d has zero point %d, not 0", i,
                      (int)t->params.zero_point);
  }
  if (output->type == kTfLiteInt16)
    TFLC_ENSURE_MSG(ctx, node, output->params.zero_point == 0, "int16 output has zero point %d, not 0",
                    (int)output->params.zero_point);
  if (output->type == kTfLiteUInt8)
    TFLC_ENSURE_MSG(ctx, node, output->params.scale > 0, "uint8 output scale %g is not positive",
                    output->params.scale);
  return kTfLiteOk;
}

/* Slab sizes and requantization constants for invoke. */
static TfLiteStatus fill_op_data(tflc_context *ctx, tflc_node *node, const TfLiteTensor *output, int axis) {
  concat_data *data =
      tflc_alloc_op_data(ctx, node, sizeof(concat_data) + (size_t)node->ninputs * sizeof(concat_input));
  if (data == NULL) return kTfLiteError;
  size_t elem = tflc_type_size(output->type);
  size_t inner = 1;
  data->outer = 1;
  for (int d = 0; d < axis; d++) data->outer *= tflc_dim(output, d);
  for (int d = axis + 1; d < tflc_ndims(output); d++) inner *= (size_t)tflc_dim(output, d);
  data->output_zero_point = output->params.zero_point;
  data->ninputs = node->ninputs;
  const float inverse_output_scale = 1.0f / output->params.scale;
  for (int i = 0; i < node->ninputs; i++) {
    const TfLiteTensor *t = tflc_input(ctx, node, i);
    concat_input *in = &data->inputs[i];
    in->slab_bytes = (size_t)tflc_dim(t, axis) * inner * elem;
    in->rescale = output->type == kTfLiteUInt8 &&
                  (t->params.zero_point != output->params.zero_point || t->params.scale != output->params.scale);
    if (in->rescale) {
      in->scale = t->params.scale * inverse_output_scale;
      in->bias = (float)(-t->params.zero_point) * in->scale;
      /* A hostile scale or zero point makes the rescaled value NaN or past int32, and invoke's
         float-to-int conversion is then UB (UBSan, fuzz_invoke;
         tests/regressions/invoke/concat_nan_rescale.tflite). Valid models stay far inside. */
      TFLC_ENSURE_MSG(ctx, node,
                      fabsf(in->scale) * 255.0f + fabsf(in->bias) < 1e9f && output->params.zero_point > -(1 << 30) &&
                          output->params.zero_point < (1 << 30),
                      "uint8 input %d (scale %g, zero point %d) cannot be rescaled to the output (scale %g, zero point %d)",
                      i, t->params.scale, (int)t->params.zero_point, output->params.scale, (int)output->params.zero_point);
    }
  }
  return kTfLiteOk;
}

static TfLiteStatus concat_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs >= 1, "expects at least 1 input");
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "expects 1 output, got %d", (int)node->noutputs);
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_CONCATENATION);
  int axis = tflc_fb_i32(&options, 0, 0);
  int activation = tflc_fb_i8(&options, 1, TFLC_ACTIVATION_NONE);
  TFLC_ENSURE_MSG(ctx, node, activation == TFLC_ACTIVATION_NONE,
                  "fused activation %d is not supported (TFLite 2.9 refuses it too)", activation);

  const TfLiteTensor *t0 = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, t0 != NULL && output != NULL, "input 0 or output 0 is missing");
  TFLC_ENSURE_MSG(ctx, node, supported_type(t0->type), "type %s is not supported", TfLiteTypeGetName(t0->type));
  TFLC_ENSURE_MSG(ctx, node, output->type == t0->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(t0->type));
  int rank = tflc_ndims(t0);
  int given_axis = axis;
  if (axis < 0) axis += rank;
  TFLC_ENSURE_MSG(ctx, node, axis >= 0 && axis < rank, "axis %d out of range for a %d-D input", given_axis, rank);

  int64_t axis_sum = 0;
  for (int i = 0; i < node->ninputs; i++)
    if (check_input(ctx, node, i, t0, axis, &axis_sum) != kTfLiteOk) return kTfLiteError;
  TFLC_ENSURE_MSG(ctx, node, axis_sum <= INT32_MAX, "the output would have %lld entries along axis %d",
                  (long long)axis_sum, axis);
  if (check_quantization(ctx, node, output) != kTfLiteOk) return kTfLiteError;

  int32_t dims[TFLC_MAX_DIMS];
  for (int d = 0; d < rank; d++) dims[d] = d == axis ? (int32_t)axis_sum : tflc_dim(t0, d);
  if (tflc_resize_output(ctx, output, rank, dims) != kTfLiteOk) return kTfLiteError;
  return fill_op_data(ctx, node, output, axis);
}

/* One slab of a uint8 input with its own quantization, as ConcatenationWithScaling does it. */
static void rescale_uint8(const uint8_t *src, uint8_t *dst, size_t n, const concat_input *in, int32_t output_zp) {
  for (size_t j = 0; j < n; j++) {
    float x = (float)src[j] * in->scale;
    x = x + in->bias; /* two float roundings, as TFLite's (no fused multiply-add) */
    /* roundf is std::round: exact half-away-from-zero, even near 0.5 and 2^23 */
    int32_t v = (int32_t)roundf(x) + output_zp;
    dst[j] = (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v));
  }
}

static TfLiteStatus concat_invoke(tflc_context *ctx, tflc_node *node) {
  const concat_data *data = node->op_data;
  uint8_t *out = (uint8_t *)tflc_output(ctx, node, 0)->data.raw;
  for (int64_t k = 0; k < data->outer; k++) {
    for (int i = 0; i < data->ninputs; i++) {
      const concat_input *in = &data->inputs[i];
      const uint8_t *src = (const uint8_t *)tflc_input(ctx, node, i)->data.raw + (size_t)k * in->slab_bytes;
      if (in->rescale)
        rescale_uint8(src, out, in->slab_bytes, in, data->output_zero_point);
      else
        memcpy(out, src, in->slab_bytes);
      out += in->slab_bytes;
    }
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_concatenation_kernel = {"CONCATENATION", concat_prepare, concat_invoke};
