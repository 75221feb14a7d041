/*
** smartreply_extract_features.c — the Smart Reply custom op "ExtractFeatures" (TensorFlow Lite
** 2.9 models/smartreply/ops/extract_feature.cc).
**
** Input: a 1-D string tensor of n-grams. Outputs: int32 ids and float weights, one per n-gram
** (one zero entry when there is no n-gram). An n-gram's id is FarmHash's Fingerprint64 of its
** bytes, as an unsigned 64-bit number, modulo 1,000,000; its weight is its number of spaces plus
** one (its word count). The sentence markers "<S>", "<E>" and "<S> <E>" get id 0 and weight 0.
** The output sizes follow the input's at prepare; a string input whose length changes at invoke
** (a dynamic producer) must keep that length, or invoke refuses it.
*/
#include <string.h>

#include "kernels/farmhash.h"
#include "runtime/kernel.h"
#include "runtime/string_tensor.h"

enum { MAX_FEATURE_ID = 1000000 };

/* True for the n-grams TFLite leaves out: the bare sentence markers. */
static bool is_marker_ngram(const char *s, size_t len) {
  static const char *const markers[] = {"<S>", "<E>", "<S> <E>"};
  for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
    if (len == strlen(markers[i]) && memcmp(s, markers[i], len) == 0) return true;
  return false;
}

/* Checks a 1-D string input and int32/float outputs, and sizes both outputs max(n, 1). */
static TfLiteStatus extract_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 2, "expects 1 input and 2 outputs, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *ids = tflc_output(ctx, node, 0);
  TfLiteTensor *weights = tflc_output(ctx, node, 1);
  TFLC_ENSURE_MSG(ctx, node, input && ids && weights, "the input or an output is missing");
  TFLC_ENSURE_MSG(ctx, node, input->type == kTfLiteString, "input must be STRING, got %s",
                  TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, ids->type == kTfLiteInt32 && weights->type == kTfLiteFloat32,
                  "outputs must be INT32 and FLOAT32, got %s and %s", TfLiteTypeGetName(ids->type),
                  TfLiteTypeGetName(weights->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(input) == 1, "input must be 1-D, got %d dims", tflc_ndims(input));
  int32_t n = tflc_dim(input, 0) > 0 ? tflc_dim(input, 0) : 1;
  if (tflc_resize_output(ctx, ids, 1, &n) != kTfLiteOk) return kTfLiteError;
  return tflc_resize_output(ctx, weights, 1, &n);
}

/* Hashes every n-gram of the input into the id and weight outputs. */
static TfLiteStatus extract_invoke(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *ids = tflc_output(ctx, node, 0);
  TfLiteTensor *weights = tflc_output(ctx, node, 1);
  int64_t count = tflc_num_elements(input), capacity = tflc_num_elements(ids);
  TFLC_ENSURE_MSG(ctx, node, count <= capacity && (count == capacity || count == 0),
                  "input holds %lld n-grams but the outputs were prepared for %lld", (long long)count,
                  (long long)capacity);
  const uint8_t *buffer = (const uint8_t *)input->data.raw_const;
  TFLC_ENSURE_MSG(ctx, node, buffer != NULL, "the input strings were not set");
  const char *msg = tflc_string_buffer_check(buffer, input->bytes, count);
  TFLC_ENSURE_MSG(ctx, node, msg == NULL, "the input string buffer is malformed: %s", msg);
  ids->data.i32[0] = 0;
  weights->data.f[0] = 0.0f;
  for (int64_t i = 0; i < count; i++) {
    int32_t from, to;
    memcpy(&from, buffer + 4 + 4 * i, 4);
    memcpy(&to, buffer + 8 + 4 * i, 4);
    const char *s = (const char *)buffer + from;
    size_t len = (size_t)(to - from);
    if (is_marker_ngram(s, len)) {
      ids->data.i32[i] = 0;
      weights->data.f[i] = 0.0f;
      continue;
    }
    size_t spaces = 0;
    for (size_t k = 0; k < len; k++) spaces += s[k] == ' ';
    ids->data.i32[i] = (int32_t)(tflc_fingerprint64(s, len) % MAX_FEATURE_ID);
    weights->data.f[i] = (float)(spaces + 1);
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_smartreply_extract_features_kernel = {"ExtractFeatures", extract_prepare, extract_invoke};
