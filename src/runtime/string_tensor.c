/*
** string_tensor.c — see string_tensor.h.
*/
#include "runtime/string_tensor.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/kernel.h"

static int32_t read_i32(const uint8_t *p) {
  uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
  return (int32_t)v;
}

static void write_i32(uint8_t *p, int32_t value) {
  uint32_t v = (uint32_t)value;
  p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

const char *tflc_string_buffer_check(const void *data, size_t size, int64_t count) {
  const uint8_t *p = data;
  if (data == NULL || size < 4) return "shorter than its 4-byte string count";
  int32_t n = read_i32(p);
  if (n < 0) return "negative string count";
  if ((int64_t)n != count) return "string count differs from the tensor's element count";
  size_t header = 4 * ((size_t)n + 2);
  if (size < header) return "shorter than its offset table";
  if (size > INT32_MAX) return "larger than int32 offsets can address";
  size_t previous = header;
  for (int32_t i = 0; i <= n; i++) {
    int32_t offset = read_i32(p + 4 + 4 * (size_t)i);
    if (offset < 0 || (size_t)offset < previous || (size_t)offset > size) return "offsets out of order or out of range";
    if (i == 0 && (size_t)offset != header) return "the first string does not start after the offset table";
    previous = (size_t)offset;
  }
  if (previous != size) return "the last offset is not the buffer's size";
  return NULL;
}

/* Replaces the tensor's data with a copy of size bytes. */
static TfLiteStatus replace_data(TfLiteTensor *tensor, const void *data, size_t size) {
  char *copy = malloc(size ? size : 1);
  if (copy == NULL) return kTfLiteError;
  if (size) memcpy(copy, data, size);
  free(tensor->data.raw);
  tensor->data.raw = copy;
  tensor->bytes = size;
  return kTfLiteOk;
}

TfLiteStatus tflc_string_tensor_set(TfLiteTensor *tensor, const void *data, size_t size) {
  if (tensor == NULL || tensor->type != kTfLiteString || tensor->allocation_type != kTfLiteDynamic) return kTfLiteError;
  if (tflc_string_buffer_check(data, size, tflc_num_elements(tensor)) != NULL) return kTfLiteError;
  return replace_data(tensor, data, size);
}

TfLiteStatus tflc_string_tensor_copy(const TfLiteTensor *in, TfLiteTensor *out) {
  if (out->allocation_type != kTfLiteDynamic) return kTfLiteError;
  if (in->data.raw == NULL) {
    /* Nothing copied in yet: an empty buffer of the right count (all strings empty). */
    int64_t n = tflc_num_elements(in);
    size_t size = 4 * ((size_t)n + 2);
    uint8_t *empty = calloc(1, size);
    if (empty == NULL) return kTfLiteError;
    write_i32(empty, (int32_t)n);
    for (int64_t i = 0; i <= n; i++) write_i32(empty + 4 + 4 * i, (int32_t)size);
    TfLiteStatus status = replace_data(out, empty, size);
    free(empty);
    return status;
  }
  if (in == out) return kTfLiteOk;
  return replace_data(out, in->data.raw, in->bytes);
}

size_t tflc_string_buffer_size(int32_t n, const size_t *lens) {
  if (n < 0) return SIZE_MAX;
  size_t total = 4 * ((size_t)n + 2);
  for (int32_t i = 0; i < n; i++) {
    if (lens[i] > (size_t)INT32_MAX - total) return SIZE_MAX;
    total += lens[i];
  }
  return total;
}

void tflc_string_buffer_write(int32_t n, const char *const *strings, const size_t *lens, void *out) {
  uint8_t *p = out;
  size_t offset = 4 * ((size_t)n + 2);
  write_i32(p, n);
  for (int32_t i = 0; i < n; i++) {
    write_i32(p + 4 + 4 * (size_t)i, (int32_t)offset);
    if (lens[i] > 0) memcpy(p + offset, strings[i], lens[i]);
    offset += lens[i];
  }
  write_i32(p + 4 + 4 * (size_t)n, (int32_t)offset);
}
