/*
** batch_matmul.c — BATCH_MATMUL (TensorFlow Lite 2.9 kernels/batch_matmul.cc), float32:
** out[..., m, n] = sum_k lhs[..., m, k] * rhs[..., k, n], with adj_x / adj_y reading lhs as
** [..., K, M] and rhs as [..., N, K]. Ranks 2 to 5; the batch dims (all but the last two) are
** broadcast NumPy style, aligned on the right. Quantized and hybrid forms are refused.
*/
#include <stdbool.h>

#include "runtime/kernel.h"

enum { OPTIONS_BATCH_MATMUL = 101, OPT_ADJ_X = 0, OPT_ADJ_Y = 1 };
#define BMM_MAX_RANK 5
#define BMM_MAX_BATCH (BMM_MAX_RANK - 2)

typedef struct bmm_data {
  bool adj_x, adj_y;
  int32_t m, k, n;
  int32_t out_batch[BMM_MAX_BATCH];               /* broadcast batch dims, left-padded with 1 */
  int64_t lhs_stride[BMM_MAX_BATCH], rhs_stride[BMM_MAX_BATCH]; /* matrix strides; 0 where broadcast */
} bmm_data;

/* Left-pads a tensor's batch dims (all but the last two) to BMM_MAX_BATCH entries with 1. */
static void padded_batch(const TfLiteTensor *t, int32_t out[BMM_MAX_BATCH]) {
  int rank = tflc_ndims(t), nb = rank - 2;
  for (int i = 0; i < BMM_MAX_BATCH; i++) out[i] = 1;
  for (int i = 0; i < nb; i++) out[BMM_MAX_BATCH - nb + i] = tflc_dim(t, i);
}

/* Strides (in matrices) of each padded batch dim; 0 for a broadcast dim of size 1. */
static void batch_strides(const int32_t dims[BMM_MAX_BATCH], int64_t strides[BMM_MAX_BATCH]) {
  int64_t s = 1;
  for (int i = BMM_MAX_BATCH - 1; i >= 0; i--) {
    strides[i] = dims[i] == 1 ? 0 : s;
    s *= dims[i];
  }
}

static TfLiteStatus bmm_shapes(tflc_context *ctx, tflc_node *node, const TfLiteTensor *lhs, const TfLiteTensor *rhs,
                               bmm_data *d, int32_t *out_dims, int *out_rank) {
  int rl = tflc_ndims(lhs), rr = tflc_ndims(rhs);
  TFLC_ENSURE_MSG(ctx, node, rl >= 2 && rl <= BMM_MAX_RANK && rr >= 2 && rr <= BMM_MAX_RANK,
                  "input ranks %d and %d; 2 to %d supported", rl, rr, BMM_MAX_RANK);
  d->m = tflc_dim(lhs, d->adj_x ? rl - 1 : rl - 2);
  d->k = tflc_dim(lhs, d->adj_x ? rl - 2 : rl - 1);
  int32_t rhs_k = tflc_dim(rhs, d->adj_y ? rr - 1 : rr - 2);
  d->n = tflc_dim(rhs, d->adj_y ? rr - 2 : rr - 1);
  TFLC_ENSURE_MSG(ctx, node, d->k == rhs_k, "lhs has %d columns but rhs has %d rows (adj_x %d, adj_y %d)", (int)d->k,
                  (int)rhs_k, d->adj_x, d->adj_y);
  int32_t lb[BMM_MAX_BATCH], rb[BMM_MAX_BATCH];
  padded_batch(lhs, lb);
  padded_batch(rhs, rb);
  for (int i = 0; i < BMM_MAX_BATCH; i++) {
    TFLC_ENSURE_MSG(ctx, node, lb[i] == rb[i] || lb[i] == 1 || rb[i] == 1, "batch dims %d and %d do not broadcast",
                    (int)lb[i], (int)rb[i]);
    d->out_batch[i] = lb[i] == 1 ? rb[i] : lb[i];
  }
  batch_strides(lb, d->lhs_stride);
  batch_strides(rb, d->rhs_stride);
  *out_rank = rl > rr ? rl : rr;
  int nb = *out_rank - 2;
  for (int i = 0; i < nb; i++) out_dims[i] = d->out_batch[BMM_MAX_BATCH - nb + i];
  out_dims[nb] = d->m;
  out_dims[nb + 1] = d->n;
  return kTfLiteOk;
}

static TfLiteStatus bmm_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expects 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *lhs = tflc_input(ctx, node, 0), *rhs = tflc_input(ctx, node, 1);
  TfLiteTensor *out = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, lhs != NULL && rhs != NULL && out != NULL, "an input or the output is missing");
  TFLC_ENSURE_MSG(ctx, node, lhs->type == kTfLiteFloat32 && rhs->type == kTfLiteFloat32 && out->type == kTfLiteFloat32,
                  "types %s x %s -> %s are not supported (FLOAT32 only)", TfLiteTypeGetName(lhs->type),
                  TfLiteTypeGetName(rhs->type), TfLiteTypeGetName(out->type));
  bmm_data *d = tflc_alloc_op_data(ctx, node, sizeof *d);
  if (d == NULL) return kTfLiteError;
  tflc_fb_table opt = tflc_node_options(node, OPTIONS_BATCH_MATMUL);
  d->adj_x = tflc_fb_u8(&opt, OPT_ADJ_X, 0) != 0;
  d->adj_y = tflc_fb_u8(&opt, OPT_ADJ_Y, 0) != 0;
  int32_t dims[BMM_MAX_RANK];
  int rank = 0;
  if (bmm_shapes(ctx, node, lhs, rhs, d, dims, &rank) != kTfLiteOk) return kTfLiteError;
  return tflc_resize_output(ctx, out, rank, dims);
}

/* One matrix product; lhs and rhs point at this batch entry's matrices. */
static void bmm_matrix(const bmm_data *d, const float *lhs, const float *rhs, float *out) {
  for (int32_t i = 0; i < d->m; i++)
    for (int32_t j = 0; j < d->n; j++) {
      float acc = 0.0f;
      for (int32_t k = 0; k < d->k; k++) {
        float a = d->adj_x ? lhs[(size_t)k * d->m + i] : lhs[(size_t)i * d->k + k];
        float b = d->adj_y ? rhs[(size_t)j * d->k + k] : rhs[(size_t)k * d->n + j];
        acc += a * b;
      }
      out[(size_t)i * d->n + j] = acc;
    }
}

static TfLiteStatus bmm_invoke(tflc_context *ctx, tflc_node *node) {
  const bmm_data *d = node->op_data;
  const float *lhs = tflc_input(ctx, node, 0)->data.f, *rhs = tflc_input(ctx, node, 1)->data.f;
  float *out = tflc_output(ctx, node, 0)->data.f;
  size_t lhs_size = (size_t)d->m * d->k, rhs_size = (size_t)d->k * d->n, out_size = (size_t)d->m * d->n;
  size_t b = 0;
  for (int32_t b0 = 0; b0 < d->out_batch[0]; b0++)
    for (int32_t b1 = 0; b1 < d->out_batch[1]; b1++)
      for (int32_t b2 = 0; b2 < d->out_batch[2]; b2++, b++) {
        int64_t li = b0 * d->lhs_stride[0] + b1 * d->lhs_stride[1] + b2 * d->lhs_stride[2];
        int64_t ri = b0 * d->rhs_stride[0] + b1 * d->rhs_stride[1] + b2 * d->rhs_stride[2];
        bmm_matrix(d, lhs + (size_t)li * lhs_size, rhs + (size_t)ri * rhs_size, out + b * out_size);
      }
  return kTfLiteOk;
}

const tflc_kernel tflc_batch_matmul_kernel = {"BATCH_MATMUL", bmm_prepare, bmm_invoke};
