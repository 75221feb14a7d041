/*
** l2_normalization.c — L2_NORMALIZATION (TensorFlow Lite 2.9 kernels/l2norm.cc), float32: each
** vector along the last dim divided by max(sqrt(sum of squares), 1e-6). The quantized forms (a
** fixed 1/128 output scale and an integer inverse square root) are refused with a message.
*/
#include <math.h>

#include "runtime/kernel.h"

static TfLiteStatus l2norm_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expects 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *in = tflc_input(ctx, node, 0);
  TfLiteTensor *out = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, in != NULL && out != NULL, "input 0 or output 0 is missing");
  TFLC_ENSURE_MSG(ctx, node, in->type == kTfLiteFloat32 && out->type == kTfLiteFloat32,
                  "type %s is not supported (FLOAT32 only)", TfLiteTypeGetName(in->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(in) >= 1 && tflc_ndims(in) <= 4, "input has %d dims; 1 to 4 supported",
                  tflc_ndims(in));
  return tflc_resize_output(ctx, out, tflc_ndims(in), in->dims->data);
}

static TfLiteStatus l2norm_invoke(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *in = tflc_input(ctx, node, 0);
  TfLiteTensor *out = tflc_output(ctx, node, 0);
  int64_t depth = tflc_dim(in, tflc_ndims(in) - 1);
  if (depth == 0) return kTfLiteOk;
  int64_t outer = tflc_num_elements(in) / depth;
  for (int64_t i = 0; i < outer; i++) {
    const float *x = in->data.f + i * depth;
    float *y = out->data.f + i * depth;
    float sum_sq = 0.0f;
    for (int64_t c = 0; c < depth; c++) sum_sq += x[c] * x[c];
    float norm = fmaxf(sqrtf(sum_sq), 1e-6f);
    for (int64_t c = 0; c < depth; c++) y[c] = x[c] / norm;
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_l2_normalization_kernel = {"L2_NORMALIZATION", l2norm_prepare, l2norm_invoke};
