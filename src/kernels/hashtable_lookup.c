/*
** hashtable_lookup.c — HASHTABLE_LOOKUP (TensorFlow Lite 2.9 kernels/hashtable_lookup.cc).
**
** Inputs: lookup (int32 [n]), keys (int32 [rows], sorted ascending), values ([rows, ...], any
** type; 1-D for strings). Outputs: output ([n, values dims 1..]) holding, for each lookup, the
** bytes of the value row whose key equals it (zeros, or the empty string, when no key does), and
** hits (uint8 [n]): 1 where a key was found, 0 elsewhere.
** The key search is the same binary search as C's bsearch over TFLite's comparator, which
** subtracts the two int32 keys (wrapping): with unsorted keys, duplicates or keys far apart the
** row found is the one TFLite finds.
*/
#include <stdlib.h>
#include <string.h>

#include "format/model.h"
#include "runtime/kernel.h"
#include "runtime/string_tensor.h"

typedef struct lookup_data {
  int32_t nlookups, nrows;
  size_t row_bytes; /* bytes per value row (numeric values) */
} lookup_data;

/* TFLite's comparator: the int32 difference a - b, wrapping as two's complement. */
static int32_t key_compare(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }

/* The row of `keys` holding `wanted` by glibc-style bisection (as bsearch), or -1 when none does. */
static int32_t find_row(const int32_t *keys, int32_t nrows, int32_t wanted) {
  size_t low = 0, high = (size_t)nrows;
  while (low < high) {
    size_t middle = (low + high) / 2;
    int32_t c = key_compare(wanted, keys[middle]);
    if (c < 0)
      high = middle;
    else if (c > 0)
      low = middle + 1;
    else
      return (int32_t)middle;
  }
  return -1;
}

/* Checks the three inputs and two outputs, sizes the outputs and records the row geometry. */
static TfLiteStatus lookup_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 3 && node->noutputs == 2, "expects 3 inputs and 2 outputs, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *lookup = tflc_input(ctx, node, 0), *keys = tflc_input(ctx, node, 1),
                     *values = tflc_input(ctx, node, 2);
  TfLiteTensor *output = tflc_output(ctx, node, 0), *hits = tflc_output(ctx, node, 1);
  TFLC_ENSURE_MSG(ctx, node, lookup && keys && values && output && hits, "an input or output is missing");
  TFLC_ENSURE_MSG(ctx, node, lookup->type == kTfLiteInt32 && tflc_ndims(lookup) == 1,
                  "lookup must be 1-D int32, got %d-D %s", tflc_ndims(lookup), TfLiteTypeGetName(lookup->type));
  TFLC_ENSURE_MSG(ctx, node, keys->type == kTfLiteInt32 && tflc_ndims(keys) == 1, "keys must be 1-D int32, got %d-D %s",
                  tflc_ndims(keys), TfLiteTypeGetName(keys->type));
  int vrank = tflc_ndims(values);
  TFLC_ENSURE_MSG(ctx, node, vrank >= 1, "values must have at least 1 dim, got %d", vrank);
  TFLC_ENSURE_MSG(ctx, node, tflc_dim(values, 0) == tflc_dim(keys, 0), "values has %d rows but keys has %d",
                  (int)tflc_dim(values, 0), (int)tflc_dim(keys, 0));
  TFLC_ENSURE_MSG(ctx, node, values->type != kTfLiteString || vrank == 1, "string values must be 1-D, got %d-D", vrank);
  TFLC_ENSURE_MSG(ctx, node, output->type == values->type, "output type %s differs from values type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(values->type));
  TFLC_ENSURE_MSG(ctx, node, hits->type == kTfLiteUInt8, "hits must be uint8, got %s", TfLiteTypeGetName(hits->type));
  TFLC_ENSURE_MSG(ctx, node, values->type == kTfLiteString || tflc_type_size(values->type) > 0,
                  "values type %s is not supported", TfLiteTypeGetName(values->type));
  int32_t n = tflc_dim(lookup, 0);
  int32_t dims[TFLC_MAX_DIMS];
  dims[0] = n;
  for (int d = 1; d < vrank; d++) dims[d] = tflc_dim(values, d);
  if (tflc_resize_output(ctx, output, vrank, dims) != kTfLiteOk) return kTfLiteError;
  if (tflc_resize_output(ctx, hits, 1, &n) != kTfLiteOk) return kTfLiteError;
  lookup_data *data = tflc_alloc_op_data(ctx, node, sizeof *data);
  if (data == NULL) return kTfLiteError;
  data->nlookups = n;
  data->nrows = tflc_dim(keys, 0);
  if (values->type == kTfLiteString) {
    /* invoke gathers the n rows found, then the output strings' pointers and lengths here. */
    return tflc_request_scratch(ctx, node, (size_t)n * (sizeof(const char *) + sizeof(size_t) + sizeof(int32_t)) + 1);
  }
  int64_t elements = tflc_num_elements(values);
  data->row_bytes = data->nrows > 0 ? (size_t)(elements / data->nrows) * tflc_type_size(values->type) : 0;
  return kTfLiteOk;
}

/* Reads the little-endian int32 at p. */
static int32_t read_i32(const uint8_t *p) {
  return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

/* Writes the string output: for each lookup the found value string, or "" on a miss. */
static TfLiteStatus lookup_strings(tflc_context *ctx, tflc_node *node, const int32_t *rows) {
  const lookup_data *data = node->op_data;
  const TfLiteTensor *values = tflc_input(ctx, node, 2);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  const uint8_t *buffer = (const uint8_t *)values->data.raw_const;
  TFLC_ENSURE_MSG(ctx, node, buffer != NULL || data->nrows == 0, "the string values have no data");
  const char *msg = buffer ? tflc_string_buffer_check(buffer, values->bytes, data->nrows) : NULL;
  TFLC_ENSURE_MSG(ctx, node, msg == NULL, "the string values are malformed: %s", msg);
  const char **strings = node->scratch;
  size_t *lens = (size_t *)(void *)((char *)node->scratch + (size_t)data->nlookups * sizeof(const char *));
  for (int32_t i = 0; i < data->nlookups; i++) {
    strings[i] = "";
    lens[i] = 0;
    if (rows[i] < 0) continue;
    int32_t from = read_i32(buffer + 4 + 4 * (size_t)rows[i]), to = read_i32(buffer + 8 + 4 * (size_t)rows[i]);
    strings[i] = (const char *)buffer + from;
    lens[i] = (size_t)(to - from);
  }
  size_t size = tflc_string_buffer_size(data->nlookups, lens);
  TFLC_ENSURE_MSG(ctx, node, size != SIZE_MAX, "the output strings exceed 2 GiB");
  TFLC_ENSURE_MSG(ctx, node, output->allocation_type == kTfLiteDynamic, "the string output is not dynamic");
  /* The one allocation at invoke: a string output's size is known only now (as RESHAPE). */
  void *out = malloc(size);
  if (out == NULL) return tflc_kernel_error(ctx, node, "out of memory for %zu bytes of output strings", size);
  tflc_string_buffer_write(data->nlookups, strings, lens, out);
  free(output->data.raw);
  output->data.raw = out;
  output->bytes = size;
  return kTfLiteOk;
}

/* Finds each lookup's row, records the hits and copies the rows (zeros for misses). */
static TfLiteStatus lookup_invoke(tflc_context *ctx, tflc_node *node) {
  const lookup_data *data = node->op_data;
  const TfLiteTensor *values = tflc_input(ctx, node, 2);
  const int32_t *lookup = tflc_input(ctx, node, 0)->data.i32;
  const int32_t *keys = tflc_input(ctx, node, 1)->data.i32;
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  uint8_t *hits = tflc_output(ctx, node, 1)->data.uint8;
  bool strings = values->type == kTfLiteString;
  /* Strings need every row found first: they go after the pointers and lengths in scratch. */
  int32_t *rows =
      strings ? (int32_t *)(void *)((char *)node->scratch +
                                    (size_t)data->nlookups * (sizeof(const char *) + sizeof(size_t)))
              : NULL;
  uint8_t *out = (uint8_t *)output->data.raw;
  const uint8_t *rows_data = (const uint8_t *)values->data.raw_const;
  for (int32_t i = 0; i < data->nlookups; i++) {
    int32_t row = find_row(keys, data->nrows, lookup[i]);
    hits[i] = row >= 0;
    if (strings) {
      rows[i] = row;
    } else if (row >= 0) {
      memcpy(out + (size_t)i * data->row_bytes, rows_data + (size_t)row * data->row_bytes, data->row_bytes);
    } else {
      memset(out + (size_t)i * data->row_bytes, 0, data->row_bytes);
    }
  }
  return strings ? lookup_strings(ctx, node, rows) : kTfLiteOk;
}

const tflc_kernel tflc_hashtable_lookup_kernel = {"HASHTABLE_LOOKUP", lookup_prepare, lookup_invoke};
