/*
** gather.c — GATHER and GATHER_ND (TensorFlow Lite 2.9 kernels/gather.cc, gather_nd.cc).
**
** GATHER picks slices of params along `axis` by int32/int64 indices, per batch when
** batch_dims > 0: output shape = params[:axis] + indices[batch_dims:] + params[axis+1:].
** GATHER_ND reads params at index vectors of k = indices[-1] entries:
** output shape = indices[:-1] + params[k:]. Elements are moved, never converted, so quantized
** outputs carry the params' values unchanged. An index outside params fails the invoke with a
** message, as TFLite 2.9 does ("out of bounds"), instead of reading outside the tensor.
*/
#include <string.h>

#include "format/model.h"
#include "kernels/index_util.h"

enum { TFLC_OPTIONS_GATHER = 23 };

typedef struct gather_data {
  int64_t batch, outer, coords, axis_size; /* GATHER */
  int64_t nvectors, k;                     /* GATHER_ND: index vectors and their length */
  int64_t param_strides[TFLC_MAX_DIMS];    /* GATHER_ND: element strides of params */
  int32_t param_dims[TFLC_MAX_DIMS];
  size_t slice_bytes;                      /* bytes copied per index (vector) */
} gather_data;

static TfLiteStatus check_io(tflc_context *ctx, const tflc_node *node, const TfLiteTensor **params,
                             const TfLiteTensor **indices, TfLiteTensor **output) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expects 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  *params = tflc_input(ctx, node, 0);
  *indices = tflc_input(ctx, node, 1);
  *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, *params && *indices && *output, "an input or the output is missing");
  TFLC_ENSURE_MSG(ctx, node, tflc_is_movable_type((*params)->type), "params type %s is not supported",
                  TfLiteTypeGetName((*params)->type));
  TFLC_ENSURE_MSG(ctx, node, (*output)->type == (*params)->type, "output type %s differs from params type %s",
                  TfLiteTypeGetName((*output)->type), TfLiteTypeGetName((*params)->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_is_index_type((*indices)->type), "indices type %s is not supported (int32, int64)",
                  TfLiteTypeGetName((*indices)->type));
  return kTfLiteOk;
}

static int64_t product(const TfLiteTensor *t, int from, int to) {
  int64_t n = 1;
  for (int d = from; d < to; d++) n *= tflc_dim(t, d);
  return n;
}

static TfLiteStatus gather_prepare(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *params, *indices;
  TfLiteTensor *output;
  if (check_io(ctx, node, &params, &indices, &output) != kTfLiteOk) return kTfLiteError;
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_GATHER);
  int axis = tflc_fb_i32(&options, 0, 0), batch_dims = tflc_fb_i32(&options, 1, 0);
  int prank = tflc_ndims(params), irank = tflc_ndims(indices);
  int given_axis = axis, given_batch = batch_dims;
  if (axis < 0) axis += prank;
  if (batch_dims < 0) batch_dims += irank;
  TFLC_ENSURE_MSG(ctx, node, axis >= 0 && axis < prank, "axis %d out of range for %d-D params", given_axis, prank);
  TFLC_ENSURE_MSG(ctx, node, batch_dims >= 0 && batch_dims <= axis && batch_dims <= irank,
                  "batch_dims %d must be in [0, min(axis %d, indices rank %d)]", given_batch, axis, irank);
  for (int d = 0; d < batch_dims; d++)
    TFLC_ENSURE_MSG(ctx, node, tflc_dim(params, d) == tflc_dim(indices, d),
                    "batch dim %d: params has %d, indices %d", d, (int)tflc_dim(params, d), (int)tflc_dim(indices, d));
  int out_rank = prank - 1 + irank - batch_dims;
  TFLC_ENSURE_MSG(ctx, node, out_rank <= TFLC_MAX_DIMS, "the output would have %d dims", out_rank);
  int32_t dims[TFLC_MAX_DIMS];
  int o = 0;
  for (int d = 0; d < axis; d++) dims[o++] = tflc_dim(params, d);
  for (int d = batch_dims; d < irank; d++) dims[o++] = tflc_dim(indices, d);
  for (int d = axis + 1; d < prank; d++) dims[o++] = tflc_dim(params, d);
  if (tflc_resize_output(ctx, output, out_rank, dims) != kTfLiteOk) return kTfLiteError;
  gather_data *g = tflc_alloc_op_data(ctx, node, sizeof *g);
  if (g == NULL) return kTfLiteError;
  g->batch = product(params, 0, batch_dims);
  g->outer = product(params, batch_dims, axis);
  g->coords = product(indices, batch_dims, irank);
  g->axis_size = tflc_dim(params, axis);
  g->slice_bytes = (size_t)product(params, axis + 1, prank) * tflc_type_size(params->type);
  return kTfLiteOk;
}

static TfLiteStatus gather_invoke(tflc_context *ctx, tflc_node *node) {
  const gather_data *g = node->op_data;
  const TfLiteTensor *indices = tflc_input(ctx, node, 1);
  const uint8_t *params = (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const;
  uint8_t *out = (uint8_t *)tflc_output(ctx, node, 0)->data.raw;
  for (int64_t b = 0; b < g->batch; b++)
    for (int64_t o = 0; o < g->outer; o++)
      for (int64_t i = 0; i < g->coords; i++) {
        int64_t index = tflc_index_at(indices, b * g->coords + i);
        TFLC_ENSURE_MSG(ctx, node, index >= 0 && index < g->axis_size, "index %lld is out of bounds [0, %lld)",
                        (long long)index, (long long)g->axis_size);
        size_t from = (size_t)((b * g->outer + o) * g->axis_size + index) * g->slice_bytes;
        memcpy(out, params + from, g->slice_bytes);
        out += g->slice_bytes;
      }
  return kTfLiteOk;
}

static TfLiteStatus gather_nd_prepare(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *params, *indices;
  TfLiteTensor *output;
  if (check_io(ctx, node, &params, &indices, &output) != kTfLiteOk) return kTfLiteError;
  int prank = tflc_ndims(params), irank = tflc_ndims(indices);
  TFLC_ENSURE_MSG(ctx, node, prank >= 1 && irank >= 1, "params and indices must have at least 1 dim");
  int k = tflc_dim(indices, irank - 1);
  TFLC_ENSURE_MSG(ctx, node, k <= prank, "index vectors have %d entries but params has %d dims", k, prank);
  int out_rank = irank - 1 + prank - k;
  TFLC_ENSURE_MSG(ctx, node, out_rank <= TFLC_MAX_DIMS, "the output would have %d dims", out_rank);
  int32_t dims[TFLC_MAX_DIMS];
  int o = 0;
  for (int d = 0; d < irank - 1; d++) dims[o++] = tflc_dim(indices, d);
  for (int d = k; d < prank; d++) dims[o++] = tflc_dim(params, d);
  if (tflc_resize_output(ctx, output, out_rank, dims) != kTfLiteOk) return kTfLiteError;
  gather_data *g = tflc_alloc_op_data(ctx, node, sizeof *g);
  if (g == NULL) return kTfLiteError;
  g->k = k;
  g->nvectors = product(indices, 0, irank - 1);
  for (int d = 0; d < prank; d++) g->param_dims[d] = tflc_dim(params, d);
  tflc_strides(prank, g->param_dims, g->param_strides);
  g->slice_bytes = (size_t)product(params, k, prank) * tflc_type_size(params->type);
  return kTfLiteOk;
}

static TfLiteStatus gather_nd_invoke(tflc_context *ctx, tflc_node *node) {
  const gather_data *g = node->op_data;
  const TfLiteTensor *indices = tflc_input(ctx, node, 1);
  const uint8_t *params = (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const;
  size_t elem = tflc_type_size(tflc_input(ctx, node, 0)->type);
  uint8_t *out = (uint8_t *)tflc_output(ctx, node, 0)->data.raw;
  for (int64_t v = 0; v < g->nvectors; v++) {
    int64_t from = 0;
    for (int64_t j = 0; j < g->k; j++) {
      int64_t index = tflc_index_at(indices, v * g->k + j);
      TFLC_ENSURE_MSG(ctx, node, index >= 0 && index < g->param_dims[j],
                      "index %lld of vector %lld is out of bounds [0, %d)", (long long)index, (long long)v,
                      (int)g->param_dims[j]);
      from += index * g->param_strides[j];
    }
    memcpy(out, params + (size_t)from * elem, g->slice_bytes);
    out += g->slice_bytes;
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_gather_kernel = {"GATHER", gather_prepare, gather_invoke};
const tflc_kernel tflc_gather_nd_kernel = {"GATHER_ND", gather_nd_prepare, gather_nd_invoke};
