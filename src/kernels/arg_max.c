/*
** arg_max.c — ARG_MAX along one axis, reproducing TensorFlow Lite 2.9 (kernels/arg_min_max.cc).
**
** Inputs: the data (float32, uint8, int8, int32) and a constant axis tensor (int32 or int64, one
** element; negative counts from the end). Output: int32 or int64 (ArgMaxOptions.output_type),
** the input's shape without the axis. Ties keep the first index, as TFLite's strict
** `value > best` comparison does.
*/
#include "runtime/kernel.h"

enum { ARG_MAX_OPTIONS = 40 };
enum { ARG_MAX_OUTPUT_TYPE = 0 }; /* ArgMaxOptions field */
enum { SCHEMA_INT32 = 2, SCHEMA_INT64 = 4 }; /* TensorType in the schema */

typedef struct arg_max_op_data {
  int64_t outer, axis_size, inner;
} arg_max_op_data;

/* The index of the largest of n values spaced `stride` apart, first on ties. */
#define ARG_MAX_SCAN(T, data, n, stride, best_index)             \
  do {                                                           \
    const T *v_ = (const T *)(data);                             \
    T best_ = v_[0];                                             \
    best_index = 0;                                              \
    for (int64_t k_ = 1; k_ < (n); k_++)                         \
      if (v_[k_ * (stride)] > best_) best_ = v_[k_ * (stride)], best_index = k_; \
  } while (0)

static int64_t arg_max_at(TfLiteType type, const void *base, int64_t offset, int64_t n, int64_t stride) {
  int64_t best = 0;
  switch (type) {
    case kTfLiteFloat32: ARG_MAX_SCAN(float, (const float *)base + offset, n, stride, best); break;
    case kTfLiteUInt8: ARG_MAX_SCAN(uint8_t, (const uint8_t *)base + offset, n, stride, best); break;
    case kTfLiteInt8: ARG_MAX_SCAN(int8_t, (const int8_t *)base + offset, n, stride, best); break;
    default: ARG_MAX_SCAN(int32_t, (const int32_t *)base + offset, n, stride, best); break;
  }
  return best;
}

/* The axis from the constant axis tensor, made non-negative. */
static TfLiteStatus read_axis(tflc_context *ctx, tflc_node *node, const TfLiteTensor *axis, int ndims, int *out) {
  TFLC_ENSURE_MSG(ctx, node, axis->type == kTfLiteInt32 || axis->type == kTfLiteInt64,
                  "axis must be INT32 or INT64, got %s", TfLiteTypeGetName(axis->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_num_elements(axis) == 1, "axis must hold one value, holds %lld",
                  (long long)tflc_num_elements(axis));
  TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(axis) && axis->data.data, "axis must be a constant tensor");
  int64_t a = axis->type == kTfLiteInt32 ? axis->data.i32[0] : axis->data.i64[0];
  TFLC_ENSURE_MSG(ctx, node, a >= -ndims && a < ndims, "axis %lld is out of range for %d dimensions", (long long)a,
                  ndims);
  *out = (int)(a < 0 ? a + ndims : a);
  return kTfLiteOk;
}

static TfLiteStatus arg_max_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expected 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *axis_t = tflc_input(ctx, node, 1);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && axis_t && output, "an input or the output tensor is missing");
  TFLC_ENSURE_MSG(ctx, node,
                  input->type == kTfLiteFloat32 || input->type == kTfLiteUInt8 || input->type == kTfLiteInt8 ||
                      input->type == kTfLiteInt32,
                  "input type %s is not supported (FLOAT32, UINT8, INT8, INT32)", TfLiteTypeGetName(input->type));
  const int nd = tflc_ndims(input);
  TFLC_ENSURE_MSG(ctx, node, nd >= 1, "input must have at least one dimension");
  int axis = 0;
  if (read_axis(ctx, node, axis_t, nd, &axis) != kTfLiteOk) return kTfLiteError;
  tflc_fb_table o = tflc_node_options(node, ARG_MAX_OPTIONS);
  int8_t out_type = tflc_fb_i8(&o, ARG_MAX_OUTPUT_TYPE, SCHEMA_INT64);
  TFLC_ENSURE_MSG(ctx, node, out_type == SCHEMA_INT32 || out_type == SCHEMA_INT64,
                  "output_type %d is not supported (INT32, INT64)", (int)out_type);
  output->type = out_type == SCHEMA_INT32 ? kTfLiteInt32 : kTfLiteInt64;
  arg_max_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  p->outer = p->inner = 1;
  int32_t dims[8];
  TFLC_ENSURE_MSG(ctx, node, nd <= 9, "input has %d dimensions (limit 9)", nd);
  int k = 0;
  for (int d = 0; d < nd; d++) {
    if (d < axis) p->outer *= tflc_dim(input, d);
    if (d > axis) p->inner *= tflc_dim(input, d);
    if (d != axis) dims[k++] = tflc_dim(input, d);
  }
  p->axis_size = tflc_dim(input, axis);
  TFLC_ENSURE_MSG(ctx, node, p->axis_size > 0, "axis %d has no elements", axis);
  return tflc_resize_output(ctx, output, k, dims);
}

static TfLiteStatus arg_max_invoke(tflc_context *ctx, tflc_node *node) {
  (void)ctx;
  const arg_max_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < p->inner; i++) {
      int64_t best = arg_max_at(input->type, input->data.data, o * p->axis_size * p->inner + i, p->axis_size, p->inner);
      if (output->type == kTfLiteInt32)
        output->data.i32[o * p->inner + i] = (int32_t)best;
      else
        output->data.i64[o * p->inner + i] = best;
    }
  return kTfLiteOk;
}

const tflc_kernel tflc_arg_max_kernel = {"ARG_MAX", arg_max_prepare, arg_max_invoke};
