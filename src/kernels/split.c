/*
** split.c — SPLIT into equal parts along one axis (TensorFlow Lite 2.9 kernels/split.cc).
**
** Input 0 is the axis (an int32 scalar), input 1 the data; SplitOptions.num_splits must
** equal the number of outputs. For each index over the dims before the axis, the input
** holds one slab per output, one after another; invoke deals them out. Bytes are copied
** unchanged: like TFLite, SPLIT never requantizes.
*/
#include <string.h>

#include "format/model.h"
#include "runtime/kernel.h"

typedef struct split_data {
  int64_t outer;     /* product of the input dims before the axis */
  size_t slab_bytes; /* bytes of one output per outer index */
} split_data;

static bool supported_type(TfLiteType t) {
  return t == kTfLiteFloat32 || t == kTfLiteUInt8 || t == kTfLiteInt8 || t == kTfLiteInt16 || t == kTfLiteInt32;
}

/* The axis value, normalized to [0, rank). */
static TfLiteStatus read_axis(tflc_context *ctx, const tflc_node *node, int rank, int *axis) {
  const TfLiteTensor *t = tflc_input(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, t != NULL, "the axis (input 0) is missing");
  TFLC_ENSURE_MSG(ctx, node, t->type == kTfLiteInt32, "the axis (input 0) has type %s, not INT32",
                  TfLiteTypeGetName(t->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_num_elements(t) >= 1, "the axis (input 0) is empty");
  /* With a run-time axis the output shapes would be known only at invoke. */
  TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(t),
                  "the axis (tensor %d) is computed at run time; only a constant axis is supported",
                  (int)node->inputs[0]);
  int value = t->data.i32[0];
  *axis = value < 0 ? value + rank : value;
  TFLC_ENSURE_MSG(ctx, node, *axis >= 0 && *axis < rank, "axis %d out of range for a %d-D input", value, rank);
  return kTfLiteOk;
}

static TfLiteStatus split_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2, "expects 2 inputs (axis, data), got %d", (int)node->ninputs);
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_SPLIT);
  int num_splits = tflc_fb_i32(&options, 0, 0);
  TFLC_ENSURE_MSG(ctx, node, num_splits > 0, "num_splits is %d; it must be positive", num_splits);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == num_splits, "has %d outputs but num_splits is %d",
                  (int)node->noutputs, num_splits);
  const TfLiteTensor *input = tflc_input(ctx, node, 1);
  TFLC_ENSURE_MSG(ctx, node, input != NULL, "the data (input 1) is missing");
  TFLC_ENSURE_MSG(ctx, node, supported_type(input->type), "type %s is not supported",
                  TfLiteTypeGetName(input->type));
  int rank = tflc_ndims(input);
  int axis = 0;
  if (read_axis(ctx, node, rank, &axis) != kTfLiteOk) return kTfLiteError;
  int32_t size = tflc_dim(input, axis);
  TFLC_ENSURE_MSG(ctx, node, size % num_splits == 0, "axis %d has size %d, which %d splits cannot divide evenly",
                  axis, (int)size, num_splits);

  int32_t dims[TFLC_MAX_DIMS];
  for (int d = 0; d < rank; d++) dims[d] = d == axis ? size / num_splits : tflc_dim(input, d);
  for (int i = 0; i < node->noutputs; i++) {
    TfLiteTensor *output = tflc_output(ctx, node, i);
    TFLC_ENSURE_MSG(ctx, node, output != NULL, "output %d is missing", i);
    TFLC_ENSURE_MSG(ctx, node, output->type == input->type, "output %d has type %s but the input has %s", i,
                    TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
    if (tflc_resize_output(ctx, output, rank, dims) != kTfLiteOk) return kTfLiteError;
  }

  split_data *data = tflc_alloc_op_data(ctx, node, sizeof *data);
  if (data == NULL) return kTfLiteError;
  data->outer = 1;
  for (int d = 0; d < axis; d++) data->outer *= tflc_dim(input, d);
  data->slab_bytes = tflc_type_size(input->type);
  for (int d = axis; d < rank; d++) data->slab_bytes *= (size_t)dims[d];
  return kTfLiteOk;
}

static TfLiteStatus split_invoke(tflc_context *ctx, tflc_node *node) {
  const split_data *data = node->op_data;
  const uint8_t *in = (const uint8_t *)tflc_input(ctx, node, 1)->data.raw;
  for (int64_t k = 0; k < data->outer; k++) {
    for (int i = 0; i < node->noutputs; i++) {
      uint8_t *out = (uint8_t *)tflc_output(ctx, node, i)->data.raw + (size_t)k * data->slab_bytes;
      memcpy(out, in, data->slab_bytes);
      in += data->slab_bytes;
    }
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_split_kernel = {"SPLIT", split_prepare, split_invoke};
