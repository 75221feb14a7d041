/*
** smartreply_predict.c — the Smart Reply custom op "Predict" (TensorFlow Lite 2.9
** models/smartreply/ops/predict.cc).
**
** Inputs: int32 signatures [n]; the model's sorted int32 keys [rows]; int32 labels and float
** weights [rows, items]. Custom options: 8 raw bytes, int32 num_output then float
** weight_threshold (little-endian). Each signature found among the keys (binary search, as
** std::lower_bound) adds weight[row][j] / n to label[row][j]'s score, in float, signatures in
** order and items in order, as TFLite accumulates. Outputs: the num_output best labels and their
** scores, best first; a slot with no label, or whose score is below the threshold, holds label -1
** and score 0 (TFLite keeps id 0 for the backoff message). TFLite sorts an unordered_map, so its
** order among equal scores is unspecified: tflc breaks ties by the smaller label.
** The score table lives in scratch memory sized at prepare (n * items entries at most).
*/
#include <string.h>

#include "runtime/kernel.h"

typedef struct predict_data {
  int32_t num_output;
  float weight_threshold;
} predict_data;

typedef struct label_score {
  int32_t label;
  float score;
} label_score;

/* Reads the 8-byte options and checks the four inputs' types and shapes; sizes both outputs. */
static TfLiteStatus predict_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 4 && node->noutputs == 2, "expects 4 inputs and 2 outputs, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  TFLC_ENSURE_MSG(ctx, node, node->custom_options != NULL && node->custom_options_size == 8,
                  "custom options must be 8 bytes (int32 num_output, float weight_threshold), got %zu",
                  node->custom_options ? node->custom_options_size : (size_t)0);
  const TfLiteTensor *lookup = tflc_input(ctx, node, 0), *keys = tflc_input(ctx, node, 1);
  const TfLiteTensor *labels = tflc_input(ctx, node, 2), *weights = tflc_input(ctx, node, 3);
  TfLiteTensor *out_labels = tflc_output(ctx, node, 0), *out_scores = tflc_output(ctx, node, 1);
  TFLC_ENSURE_MSG(ctx, node, lookup && keys && labels && weights && out_labels && out_scores,
                  "an input or output is missing");
  TFLC_ENSURE_MSG(ctx, node,
                  lookup->type == kTfLiteInt32 && keys->type == kTfLiteInt32 && labels->type == kTfLiteInt32 &&
                      weights->type == kTfLiteFloat32,
                  "inputs must be INT32, INT32, INT32, FLOAT32, got %s, %s, %s, %s", TfLiteTypeGetName(lookup->type),
                  TfLiteTypeGetName(keys->type), TfLiteTypeGetName(labels->type), TfLiteTypeGetName(weights->type));
  TFLC_ENSURE_MSG(ctx, node, out_labels->type == kTfLiteInt32 && out_scores->type == kTfLiteFloat32,
                  "outputs must be INT32 and FLOAT32, got %s and %s", TfLiteTypeGetName(out_labels->type),
                  TfLiteTypeGetName(out_scores->type));
  TFLC_ENSURE_MSG(ctx, node,
                  tflc_ndims(lookup) == 1 && tflc_ndims(keys) == 1 && tflc_ndims(labels) == 2 && tflc_ndims(weights) == 2,
                  "signatures and keys must be 1-D, labels and weights 2-D; got %d, %d, %d, %d dims", tflc_ndims(lookup),
                  tflc_ndims(keys), tflc_ndims(labels), tflc_ndims(weights));
  TFLC_ENSURE_MSG(ctx, node,
                  tflc_dim(keys, 0) == tflc_dim(labels, 0) && tflc_dim(keys, 0) == tflc_dim(weights, 0) &&
                      tflc_dim(labels, 1) == tflc_dim(weights, 1),
                  "keys [%d], labels [%d, %d] and weights [%d, %d] do not match", (int)tflc_dim(keys, 0),
                  (int)tflc_dim(labels, 0), (int)tflc_dim(labels, 1), (int)tflc_dim(weights, 0),
                  (int)tflc_dim(weights, 1));
  predict_data *d = tflc_alloc_op_data(ctx, node, sizeof *d);
  if (d == NULL) return kTfLiteError;
  memcpy(&d->num_output, node->custom_options, 4);
  memcpy(&d->weight_threshold, node->custom_options + 4, 4);
  TFLC_ENSURE_MSG(ctx, node, d->num_output >= 1, "num_output must be at least 1, got %d", (int)d->num_output);
  size_t entries = (size_t)tflc_dim(lookup, 0) * (size_t)tflc_dim(labels, 1);
  TFLC_ENSURE_MSG(ctx, node, entries <= SIZE_MAX / sizeof(label_score), "%zu label scores overflow", entries);
  if (tflc_request_scratch(ctx, node, entries * sizeof(label_score)) != kTfLiteOk) return kTfLiteError;
  if (tflc_resize_output(ctx, out_labels, 1, &d->num_output) != kTfLiteOk) return kTfLiteError;
  return tflc_resize_output(ctx, out_scores, 1, &d->num_output);
}

/* The row of the first key not less than `value` (std::lower_bound), or -1 when value is absent. */
static int32_t find_key(const int32_t *keys, int32_t rows, int32_t value) {
  int32_t lo = 0, hi = rows;
  while (lo < hi) {
    int32_t mid = lo + (hi - lo) / 2;
    if (keys[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < rows && keys[lo] == value ? lo : -1;
}

/* Adds `score` to `label`'s entry in table (n entries), appending the label when new. */
static void add_score(label_score *table, size_t *n, int32_t label, float score) {
  for (size_t i = 0; i < *n; i++)
    if (table[i].label == label) {
      table[i].score += score;
      return;
    }
  table[*n].label = label;
  table[*n].score = score;
  (*n)++;
}

/* True when a ranks before b: higher score, then the smaller label. */
static bool ranks_before(const label_score *a, const label_score *b) {
  return a->score > b->score || (a->score == b->score && a->label < b->label);
}

/* Aggregates the scores of the found signatures, then writes the best num_output labels. */
static TfLiteStatus predict_invoke(tflc_context *ctx, tflc_node *node) {
  const predict_data *d = node->op_data;
  const TfLiteTensor *lookup = tflc_input(ctx, node, 0), *keys = tflc_input(ctx, node, 1);
  const TfLiteTensor *labels = tflc_input(ctx, node, 2), *weights = tflc_input(ctx, node, 3);
  TfLiteTensor *out_labels = tflc_output(ctx, node, 0), *out_scores = tflc_output(ctx, node, 1);
  const int32_t n = tflc_dim(lookup, 0), rows = tflc_dim(keys, 0), items = tflc_dim(labels, 1);
  label_score *table = node->scratch;
  size_t nlabels = 0;
  for (int32_t i = 0; i < n; i++) {
    int32_t row = find_key(keys->data.i32, rows, lookup->data.i32[i]);
    if (row < 0) continue;
    for (int32_t j = 0; j < items; j++) {
      size_t at = (size_t)row * (size_t)items + (size_t)j;
      add_score(table, &nlabels, labels->data.i32[at], weights->data.f[at] / (float)n);
    }
  }
  /* Selection of the best num_output entries: num_output is small (the replies shown). */
  for (int32_t k = 0; k < d->num_output; k++) {
    size_t best = (size_t)k;
    for (size_t i = (size_t)k + 1; i < nlabels; i++)
      if (ranks_before(&table[i], &table[best])) best = i;
    if ((size_t)k >= nlabels || table[best].score < d->weight_threshold) {
      out_labels->data.i32[k] = -1;
      out_scores->data.f[k] = 0.0f;
      continue;
    }
    label_score t = table[k];
    table[k] = table[best];
    table[best] = t;
    out_labels->data.i32[k] = table[k].label;
    out_scores->data.f[k] = table[k].score;
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_smartreply_predict_kernel = {"Predict", predict_prepare, predict_invoke};
