/*
** tile.c — TILE (TensorFlow Lite 2.9 kernels/tile.cc): the input repeated multiples[d] times
** along each dim d. multiples (int32/int64, one per dim, >= 0) must be known at prepare.
** Invoke builds each dim's block once and then duplicates it, innermost dim first.
*/
#include <string.h>

#include "format/model.h"
#include "kernels/index_util.h"

typedef struct tile_data {
  int rank;
  size_t elem;
  int32_t in_dims[TFLC_MAX_DIMS];
  int64_t multiples[TFLC_MAX_DIMS];
} tile_data;

static TfLiteStatus tile_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expects 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *multiples = NULL;
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  TFLC_ENSURE_MSG(ctx, node, tflc_is_movable_type(input->type), "type %s is not supported",
                  TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, output->type == input->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  if (tflc_shape_input(ctx, node, 1, "multiples", &multiples) != kTfLiteOk) return kTfLiteError;
  int rank = tflc_ndims(input);
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(multiples) == 1 && tflc_dim(multiples, 0) == rank,
                  "multiples must be a vector of %d entries", rank);
  tile_data *t = tflc_alloc_op_data(ctx, node, sizeof *t);
  if (t == NULL) return kTfLiteError;
  t->rank = rank;
  t->elem = tflc_type_size(input->type);
  int32_t dims[TFLC_MAX_DIMS];
  for (int d = 0; d < rank; d++) {
    int64_t m = tflc_index_at(multiples, d), n = (int64_t)tflc_dim(input, d) * m;
    TFLC_ENSURE_MSG(ctx, node, m >= 0 && n <= INT32_MAX, "multiple %lld of dim %d is negative or too large",
                    (long long)m, d);
    t->in_dims[d] = tflc_dim(input, d);
    t->multiples[d] = m;
    dims[d] = (int32_t)n;
  }
  return tflc_resize_output(ctx, output, rank, dims);
}

/* Tiles the input block of dims d.. into out; returns the bytes written (one tiled block). */
static size_t tile_block(const tile_data *t, int d, const uint8_t *in, uint8_t *out, size_t in_block) {
  if (d == t->rank) {
    memcpy(out, in, t->elem);
    return t->elem;
  }
  size_t sub_in = in_block / (size_t)t->in_dims[d]; /* in_dims[d] > 0 here */
  size_t written = 0;
  for (int32_t i = 0; i < t->in_dims[d]; i++)
    written += tile_block(t, d + 1, in + (size_t)i * sub_in, out + written, sub_in);
  for (int64_t m = 1; m < t->multiples[d]; m++) memcpy(out + (size_t)m * written, out, written);
  return written * (size_t)t->multiples[d];
}

static TfLiteStatus tile_invoke(tflc_context *ctx, tflc_node *node) {
  const tile_data *t = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (output->bytes == 0) return kTfLiteOk;
  tile_block(t, 0, (const uint8_t *)input->data.raw_const, (uint8_t *)output->data.raw, input->bytes);
  return kTfLiteOk;
}

const tflc_kernel tflc_tile_kernel = {"TILE", tile_prepare, tile_invoke};
