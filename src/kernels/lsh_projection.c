/*
** lsh_projection.c — LSH_PROJECTION (TensorFlow Lite 2.9 kernels/lsh_projection.cc).
**
** Inputs: hash seeds (float32 [functions, bits]), input ([rows, ...], any numeric type) and an
** optional weight (float32 [rows]). Each seed gives one bit: the sign of
** sum over rows r of weight[r] * (double)(int64)Fingerprint64(seed bytes ++ row r's bytes)
** (weight 1 when absent), 1 when the sum is > 0. DENSE outputs every bit (int32 [functions * bits]);
** SPARSE packs each function's bits, first seed highest, and adds function * 2^bits
** (int32 [functions], wrapping as TFLite's int32 arithmetic does on its targets).
** SPARSE with 32 bits per function is refused: TFLite computes 1 << 32 there, which C leaves
** undefined.
*/
#include <string.h>

#include "format/model.h"
#include "kernels/farmhash.h"
#include "runtime/kernel.h"

enum { TFLC_OPTIONS_LSH_PROJECTION = 4 };
enum { LSH_SPARSE = 1, LSH_DENSE = 2 };

typedef struct lsh_data {
  int32_t type;          /* LSH_SPARSE or LSH_DENSE */
  int32_t functions, bits, rows;
  size_t row_bytes;      /* bytes of one input row, hashed after the 4 seed bytes */
} lsh_data;

/* Checks the seeds, input, optional weight and output; sizes the output and the key scratch. */
static TfLiteStatus lsh_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, (node->ninputs == 2 || node->ninputs == 3) && node->noutputs == 1,
                  "expects 2 or 3 inputs and 1 output, got %d and %d", (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *hash = tflc_input(ctx, node, 0), *input = tflc_input(ctx, node, 1);
  const TfLiteTensor *weight = node->ninputs == 3 ? tflc_input(ctx, node, 2) : NULL;
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, hash && input && output, "an input or the output is missing");
  TFLC_ENSURE_MSG(ctx, node, hash->type == kTfLiteFloat32 && tflc_ndims(hash) == 2,
                  "hash seeds must be 2-D float32, got %d-D %s", tflc_ndims(hash), TfLiteTypeGetName(hash->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_dim(hash, 1) <= 32, "%d bits per hash function (at most 32)", (int)tflc_dim(hash, 1));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(input) >= 1 && tflc_dim(input, 0) > 0,
                  "input must have at least 1 dim and rows, got %d-D", tflc_ndims(input));
  TFLC_ENSURE_MSG(ctx, node, tflc_type_size(input->type) > 0, "input type %s is not supported",
                  TfLiteTypeGetName(input->type));
  if (weight != NULL) {
    TFLC_ENSURE_MSG(ctx, node, weight->type == kTfLiteFloat32 && tflc_ndims(weight) == 1,
                    "weight must be 1-D float32, got %d-D %s", tflc_ndims(weight), TfLiteTypeGetName(weight->type));
    TFLC_ENSURE_MSG(ctx, node, tflc_dim(weight, 0) == tflc_dim(input, 0), "weight has %d entries but input has %d rows",
                    (int)tflc_dim(weight, 0), (int)tflc_dim(input, 0));
  }
  TFLC_ENSURE_MSG(ctx, node, output->type == kTfLiteInt32, "output must be int32, got %s",
                  TfLiteTypeGetName(output->type));
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_LSH_PROJECTION);
  int32_t type = tflc_fb_u8(&options, 0, 0);
  TFLC_ENSURE_MSG(ctx, node, type == LSH_SPARSE || type == LSH_DENSE, "projection type %d is not SPARSE or DENSE",
                  (int)type);
  TFLC_ENSURE_MSG(ctx, node, type == LSH_DENSE || tflc_dim(hash, 1) < 32,
                  "SPARSE projection with 32 bits per function is not supported");
  lsh_data *d = tflc_alloc_op_data(ctx, node, sizeof *d);
  if (d == NULL) return kTfLiteError;
  d->type = type;
  d->functions = tflc_dim(hash, 0);
  d->bits = tflc_dim(hash, 1);
  d->rows = tflc_dim(input, 0);
  d->row_bytes = (size_t)(tflc_num_elements(input) / d->rows) * tflc_type_size(input->type);
  int64_t out = type == LSH_SPARSE ? (int64_t)d->functions : (int64_t)d->functions * d->bits;
  TFLC_ENSURE_MSG(ctx, node, out <= INT32_MAX, "the output would have %lld elements", (long long)out);
  int32_t dim = (int32_t)out;
  if (tflc_resize_output(ctx, output, 1, &dim) != kTfLiteOk) return kTfLiteError;
  return tflc_request_scratch(ctx, node, sizeof(float) + d->row_bytes);
}

/* The bit of one seed: whether the (weighted) sum of the rows' fingerprints is positive. */
static int32_t sign_bit(const lsh_data *d, const uint8_t *input, const float *weight, float seed, uint8_t *key) {
  double score = 0.0;
  memcpy(key, &seed, sizeof seed);
  for (int32_t r = 0; r < d->rows; r++) {
    memcpy(key + sizeof seed, input + (size_t)r * d->row_bytes, d->row_bytes);
    double value = (double)(int64_t)tflc_fingerprint64(key, sizeof seed + d->row_bytes);
    score += weight ? (double)weight[r] * value : value;
  }
  return score > 0 ? 1 : 0;
}

/* Computes every seed's bit and writes them (DENSE) or each function's packed signature (SPARSE). */
static TfLiteStatus lsh_invoke(tflc_context *ctx, tflc_node *node) {
  const lsh_data *d = node->op_data;
  const float *seeds = tflc_input(ctx, node, 0)->data.f;
  const uint8_t *input = (const uint8_t *)tflc_input(ctx, node, 1)->data.raw_const;
  const TfLiteTensor *weight = node->ninputs == 3 ? tflc_input(ctx, node, 2) : NULL;
  const float *weights = weight ? weight->data.f : NULL;
  int32_t *out = tflc_output(ctx, node, 0)->data.i32;
  uint8_t *key = node->scratch;
  for (int32_t f = 0; f < d->functions; f++) {
    uint32_t signature = 0;
    for (int32_t b = 0; b < d->bits; b++) {
      int32_t bit = sign_bit(d, input, weights, seeds[(size_t)f * d->bits + b], key);
      if (d->type == LSH_DENSE)
        *out++ = bit;
      else
        signature = signature << 1 | (uint32_t)bit;
    }
    if (d->type == LSH_SPARSE) *out++ = (int32_t)(signature + (uint32_t)f * ((uint32_t)1 << d->bits));
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_lsh_projection_kernel = {"LSH_PROJECTION", lsh_prepare, lsh_invoke};
