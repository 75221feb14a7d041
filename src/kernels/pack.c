/*
** pack.c — PACK and UNPACK (TensorFlow Lite 2.9 kernels/pack.cc, unpack.cc).
**
** PACK stacks N same-shaped inputs along a new axis; UNPACK splits the input along an axis
** into dims[axis] outputs with that axis removed. Both are byte copies: for each index over
** the dims before the axis ("outer") one slab of `inner` elements per input (output).
** As in TFLite, quantized inputs and outputs must share scale and zero point (no rescaling).
*/
#include <string.h>

#include "format/model.h"
#include "kernels/index_util.h"

enum { TFLC_OPTIONS_PACK = 59, TFLC_OPTIONS_UNPACK = 64 };

typedef struct pack_data {
  int64_t outer;      /* product of the dims before the axis */
  size_t slab_bytes;  /* bytes of one input (output) per outer index */
  int32_t count;      /* inputs of PACK, outputs of UNPACK */
} pack_data;

/* Same quantization on both sides: TFLite packs and unpacks without requantizing. */
static TfLiteStatus check_same_quant(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *a,
                                     const TfLiteTensor *b, const char *what, int i) {
  TFLC_ENSURE_MSG(ctx, node, a->params.scale == b->params.scale && a->params.zero_point == b->params.zero_point,
                  "%s %d has scale %g, zero point %d but the other side has scale %g, zero point %d", what, i,
                  a->params.scale, (int)a->params.zero_point, b->params.scale, (int)b->params.zero_point);
  return kTfLiteOk;
}

static TfLiteStatus fill_data(tflc_context *ctx, tflc_node *node, const TfLiteTensor *small, int axis,
                              int32_t count) {
  pack_data *data = tflc_alloc_op_data(ctx, node, sizeof *data);
  if (data == NULL) return kTfLiteError;
  data->outer = 1;
  size_t inner = 1;
  for (int d = 0; d < axis; d++) data->outer *= tflc_dim(small, d);
  for (int d = axis; d < tflc_ndims(small); d++) inner *= (size_t)tflc_dim(small, d);
  data->slab_bytes = inner * tflc_type_size(small->type);
  data->count = count;
  return kTfLiteOk;
}

static TfLiteStatus pack_prepare(tflc_context *ctx, tflc_node *node) {
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_PACK);
  int32_t values_count = tflc_fb_i32(&options, 0, 0);
  int32_t axis = tflc_fb_i32(&options, 1, 0);
  TFLC_ENSURE_MSG(ctx, node, node->ninputs >= 1 && node->ninputs == values_count,
                  "values_count %d disagrees with the %d inputs", (int)values_count, (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "expects 1 output, got %d", (int)node->noutputs);
  const TfLiteTensor *t0 = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, t0 != NULL && output != NULL, "input 0 or output 0 is missing");
  int rank = tflc_ndims(t0);
  TFLC_ENSURE_MSG(ctx, node, rank < TFLC_MAX_DIMS, "a %d-D input has too many dims to pack", rank);
  int given = axis;
  if (axis < 0) axis += rank + 1;
  TFLC_ENSURE_MSG(ctx, node, axis >= 0 && axis <= rank, "axis %d out of range for %d-D inputs", given, rank);
  TFLC_ENSURE_MSG(ctx, node, tflc_is_movable_type(t0->type) && t0->type != kTfLiteBool, "type %s is not supported",
                  TfLiteTypeGetName(t0->type));
  TFLC_ENSURE_MSG(ctx, node, output->type == t0->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(t0->type));
  for (int i = 0; i < node->ninputs; i++) {
    const TfLiteTensor *t = tflc_input(ctx, node, i);
    TFLC_ENSURE_MSG(ctx, node, t != NULL, "input %d is missing", i);
    TFLC_ENSURE_MSG(ctx, node, t->type == t0->type && tflc_same_shape(t, t0),
                    "input %d differs in type or shape from input 0", i);
    if (check_same_quant(ctx, node, t, output, "input", i) != kTfLiteOk) return kTfLiteError;
  }
  int32_t dims[TFLC_MAX_DIMS];
  for (int d = 0, s = 0; d <= rank; d++) dims[d] = d == axis ? values_count : tflc_dim(t0, s++);
  if (tflc_resize_output(ctx, output, rank + 1, dims) != kTfLiteOk) return kTfLiteError;
  return fill_data(ctx, node, t0, axis, values_count);
}

static TfLiteStatus pack_invoke(tflc_context *ctx, tflc_node *node) {
  const pack_data *data = node->op_data;
  uint8_t *out = (uint8_t *)tflc_output(ctx, node, 0)->data.raw;
  for (int64_t k = 0; k < data->outer; k++)
    for (int32_t i = 0; i < data->count; i++) {
      const uint8_t *in = (const uint8_t *)tflc_input(ctx, node, i)->data.raw;
      memcpy(out, in + (size_t)k * data->slab_bytes, data->slab_bytes);
      out += data->slab_bytes;
    }
  return kTfLiteOk;
}

static TfLiteStatus unpack_prepare(tflc_context *ctx, tflc_node *node) {
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_UNPACK);
  int32_t num = tflc_fb_i32(&options, 0, 0);
  int32_t axis = tflc_fb_i32(&options, 1, 0);
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1, "expects 1 input, got %d", (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == num, "num %d disagrees with the %d outputs", (int)num,
                  (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL, "input 0 is missing");
  int rank = tflc_ndims(input);
  int given = axis;
  if (axis < 0) axis += rank;
  TFLC_ENSURE_MSG(ctx, node, axis >= 0 && axis < rank, "axis %d out of range for a %d-D input", given, rank);
  TFLC_ENSURE_MSG(ctx, node, tflc_dim(input, axis) == num, "num %d differs from the input's size %d along axis %d",
                  (int)num, (int)tflc_dim(input, axis), given);
  TFLC_ENSURE_MSG(ctx, node, tflc_is_movable_type(input->type), "type %s is not supported",
                  TfLiteTypeGetName(input->type));
  int32_t dims[TFLC_MAX_DIMS];
  for (int d = 0, o = 0; d < rank; d++)
    if (d != axis) dims[o++] = tflc_dim(input, d);
  for (int i = 0; i < num; i++) {
    TfLiteTensor *output = tflc_output(ctx, node, i);
    TFLC_ENSURE_MSG(ctx, node, output != NULL, "output %d is missing", i);
    TFLC_ENSURE_MSG(ctx, node, output->type == input->type, "output %d type %s differs from input type %s", i,
                    TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
    if (input->type == kTfLiteUInt8 || input->type == kTfLiteInt8 || input->type == kTfLiteInt16)
      if (check_same_quant(ctx, node, output, input, "output", i) != kTfLiteOk) return kTfLiteError;
    if (tflc_resize_output(ctx, output, rank - 1, dims) != kTfLiteOk) return kTfLiteError;
  }
  /* The slab per outer index is the same for each output: the dims after the axis. */
  pack_data *data = tflc_alloc_op_data(ctx, node, sizeof *data);
  if (data == NULL) return kTfLiteError;
  data->outer = 1;
  size_t inner = 1;
  for (int d = 0; d < axis; d++) data->outer *= tflc_dim(input, d);
  for (int d = axis + 1; d < rank; d++) inner *= (size_t)tflc_dim(input, d);
  data->slab_bytes = inner * tflc_type_size(input->type);
  data->count = num;
  return kTfLiteOk;
}

static TfLiteStatus unpack_invoke(tflc_context *ctx, tflc_node *node) {
  const pack_data *data = node->op_data;
  const uint8_t *in = (const uint8_t *)tflc_input(ctx, node, 0)->data.raw;
  for (int64_t k = 0; k < data->outer; k++)
    for (int32_t i = 0; i < data->count; i++) {
      uint8_t *out = (uint8_t *)tflc_output(ctx, node, i)->data.raw;
      memcpy(out + (size_t)k * data->slab_bytes, in, data->slab_bytes);
      in += data->slab_bytes;
    }
  return kTfLiteOk;
}

const tflc_kernel tflc_pack_kernel = {"PACK", pack_prepare, pack_invoke};
const tflc_kernel tflc_unpack_kernel = {"UNPACK", unpack_prepare, unpack_invoke};
