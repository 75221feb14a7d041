/*
** shape.c — SHAPE (TensorFlow Lite 2.9 kernels/shape.cc): the input's dims as a 1-D int32 or
** int64 tensor as ShapeOptions.out_type says (the output tensor must have that type).
**
** The values depend only on the input's shape, so prepare publishes them (kernel.h, "Values
** known at prepare"): the operators that compute a RESHAPE's or RESIZE's size from this shape
** are then evaluated at prepare too, and tflc still sizes every tensor before Invoke.
*/
#include "format/model.h"
#include "runtime/kernel.h"

enum { TFLC_OPTIONS_SHAPE = 55 };

/* Writes the input's dims into `data` as the output's type. */
static void write_dims(const TfLiteTensor *input, const TfLiteTensor *output, void *data) {
  for (int d = 0; d < tflc_ndims(input); d++) {
    if (output->type == kTfLiteInt64)
      ((int64_t *)data)[d] = tflc_dim(input, d);
    else
      ((int32_t *)data)[d] = tflc_dim(input, d);
  }
}

static TfLiteStatus shape_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expects 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  /* TFLite reads ShapeOptions.out_type (schema INT32 = 2, INT64 = 4, the TfLiteType values too);
     absent options leave it unset, which TFLite refuses. */
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_SHAPE);
  int out_type = options.present ? tflc_fb_i8(&options, 0, 0) : -1;
  TFLC_ENSURE_MSG(ctx, node, out_type == kTfLiteInt32 || out_type == kTfLiteInt64,
                  "out_type option %d is not INT32 (2) or INT64 (4)", out_type);
  TFLC_ENSURE_MSG(ctx, node, (int)output->type == out_type, "out_type option %d disagrees with the output's type %s",
                  out_type, TfLiteTypeGetName(output->type));
  int32_t rank = tflc_ndims(input);
  if (tflc_resize_output(ctx, output, 1, &rank) != kTfLiteOk) return kTfLiteError;
  void *data = tflc_publish_output(ctx, node, 0);
  if (data != NULL) write_dims(input, output, data);
  return kTfLiteOk;
}

/* Runs only when prepare could not publish the output (kernel.h). */
static TfLiteStatus shape_invoke(tflc_context *ctx, tflc_node *node) {
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  write_dims(tflc_input(ctx, node, 0), output, output->data.raw);
  return kTfLiteOk;
}

const tflc_kernel tflc_shape_kernel = {"SHAPE", shape_prepare, shape_invoke};
