/*
** transpose.c — TRANSPOSE (TensorFlow Lite 2.9 kernels/transpose.cc): output dim k is input
** dim perm[k], for 1-6 dims. perm (int32, one entry per dim) must be known at prepare; TFLite
** only range-checks it, tflc also refuses a repeated entry (not a permutation: TFLite would
** read some input dims twice and others never).
** Invoke walks the output in order, stepping through the input with the permuted strides.
*/
#include <string.h>

#include "format/model.h"
#include "kernels/index_util.h"

#define TRANSPOSE_MAX_DIMS 6

typedef struct transpose_data {
  int rank;
  size_t elem;
  int32_t out_dims[TRANSPOSE_MAX_DIMS];
  size_t in_stride[TRANSPOSE_MAX_DIMS]; /* input stride (elements) of output dim k's input dim */
} transpose_data;

static TfLiteStatus read_perm(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input, transpose_data *t) {
  const TfLiteTensor *perm = NULL;
  if (tflc_shape_input(ctx, node, 1, "perm", &perm) != kTfLiteOk) return kTfLiteError;
  int rank = tflc_ndims(input);
  TFLC_ENSURE_MSG(ctx, node, rank >= 1 && rank <= TRANSPOSE_MAX_DIMS, "input has %d dims; 1 to %d supported", rank,
                  TRANSPOSE_MAX_DIMS);
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(perm) == 1 && tflc_dim(perm, 0) == rank, "perm must be a vector of %d entries",
                  rank);
  size_t stride[TRANSPOSE_MAX_DIMS];
  stride[rank - 1] = 1;
  for (int d = rank - 2; d >= 0; d--) stride[d] = stride[d + 1] * (size_t)tflc_dim(input, d + 1);
  bool used[TRANSPOSE_MAX_DIMS] = {false};
  for (int k = 0; k < rank; k++) {
    int64_t p = tflc_index_at(perm, k);
    TFLC_ENSURE_MSG(ctx, node, p >= 0 && p < rank, "perm[%d] = %lld is out of range [0, %d)", k, (long long)p, rank);
    TFLC_ENSURE_MSG(ctx, node, !used[p], "perm[%d] = %lld repeats an earlier entry (not a permutation)", k, (long long)p);
    used[p] = true;
    t->out_dims[k] = tflc_dim(input, (int)p);
    t->in_stride[k] = stride[p];
  }
  t->rank = rank;
  return kTfLiteOk;
}

static TfLiteStatus transpose_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expects 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  TFLC_ENSURE_MSG(ctx, node, tflc_is_movable_type(input->type), "type %s is not supported",
                  TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, output->type == input->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  transpose_data *t = tflc_alloc_op_data(ctx, node, sizeof *t);
  if (t == NULL || read_perm(ctx, node, input, t) != kTfLiteOk) return kTfLiteError;
  t->elem = tflc_type_size(input->type);
  return tflc_resize_output(ctx, output, t->rank, t->out_dims);
}

static TfLiteStatus transpose_invoke(tflc_context *ctx, tflc_node *node) {
  const transpose_data *t = node->op_data;
  const uint8_t *in = (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const;
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (output->bytes == 0) return kTfLiteOk;
  uint8_t *out = (uint8_t *)output->data.raw;
  int32_t idx[TRANSPOSE_MAX_DIMS] = {0};
  size_t in_offset = 0, count = output->bytes / t->elem, last = (size_t)t->rank - 1;
  for (size_t i = 0; i < count; i++) {
    memcpy(out + i * t->elem, in + in_offset * t->elem, t->elem);
    /* Odometer step over the output index, keeping the input offset in step. */
    for (int k = (int)last; k >= 0; k--) {
      in_offset += t->in_stride[k];
      if (++idx[k] < t->out_dims[k]) break;
      in_offset -= t->in_stride[k] * (size_t)t->out_dims[k];
      idx[k] = 0;
    }
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_transpose_kernel = {"TRANSPOSE", transpose_prepare, transpose_invoke};
