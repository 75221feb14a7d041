/*
** skip_gram.c — SKIP_GRAM (TensorFlow Lite 2.9 kernels/skip_gram.cc).
**
** Splits the first string of the input into words and outputs every skip-gram: ngram_size words
** in order, each at most max_skip_size words after the previous one (all sizes 1..ngram_size when
** include_all_ngrams), joined by single spaces, as a 1-D string tensor. The order and the word
** splitting follow TFLite exactly, quirks included: the scan for spaces starts at the second byte,
** a word whose first byte is a space is dropped unless it is the last one (then it is kept whole),
** and spaces are the C locale's (bytes >= 0x80 are never spaces).
** The output's length is known only at invoke: the kernel sets it then (the output is a dynamic
** string tensor), and allocates the output and a word list there, as string kernels must.
*/
#include <stdlib.h>
#include <string.h>

#include "runtime/kernel.h"
#include "runtime/string_tensor.h"

enum { TFLC_OPTIONS_SKIP_GRAM = 18 };

typedef struct skip_gram_data {
  int32_t ngram_size, max_skip_size;
  bool include_all_ngrams;
} skip_gram_data;

typedef struct word {
  const char *text;
  size_t len;
} word;

/* isspace() of the C locale, for one byte. */
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

/* Reads the options and checks the string input and output; the output starts empty. */
static TfLiteStatus skip_gram_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expects 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "the input or output is missing");
  TFLC_ENSURE_MSG(ctx, node, input->type == kTfLiteString, "input must be a string tensor, got %s",
                  TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, output->type == kTfLiteString, "output must be a string tensor, got %s",
                  TfLiteTypeGetName(output->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_num_elements(input) >= 1, "input holds no string");
  skip_gram_data *data = tflc_alloc_op_data(ctx, node, sizeof *data);
  if (data == NULL) return kTfLiteError;
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_SKIP_GRAM);
  data->ngram_size = tflc_fb_i32(&options, 0, 0);
  data->max_skip_size = tflc_fb_i32(&options, 1, 0);
  data->include_all_ngrams = tflc_fb_u8(&options, 2, 0) != 0;
  int32_t zero = 0;
  return tflc_resize_output(ctx, output, 1, &zero);
}

/* Splits text into words as TFLite does (see the file comment); returns the count. */
static size_t split_words(const char *text, size_t len, word *words) {
  size_t n = 0, start = 0;
  for (size_t i = 1; i < len; i++) {
    if (!is_space(text[i])) continue;
    if (i > start && !is_space(text[start])) words[n++] = (word){text + start, i - start};
    start = i + 1;
  }
  if (len > start) words[n++] = (word){text + start, len - start};
  return n;
}

/* Whether the skip-gram of `size` words on the stack is emitted. */
static bool emits(const skip_gram_data *d, int32_t size) {
  if (size <= 0) return false;
  return d->include_all_ngrams ? size <= d->ngram_size : size == d->ngram_size;
}

/* Whether depth `depth` of the stack can take its next word (within range and the skip limit). */
static bool can_advance(const skip_gram_data *d, const int32_t *stack, int32_t depth, int32_t nwords) {
  if (depth >= d->ngram_size || stack[depth] + 1 >= nwords) return false;
  return depth == 0 || stack[depth] - stack[depth - 1] <= d->max_skip_size;
}

/*
** Enumerates the skip-grams in TFLite's order (a depth-first walk over a stack of word indices).
** Counts them and their bytes into *count and *bytes; when out is not NULL also writes them:
** their offsets and text into the string buffer `out` laid out for *count strings.
*/
static void walk(const skip_gram_data *d, const word *words, int32_t nwords, int32_t *stack, int32_t *count,
                 size_t *bytes, uint8_t *out) {
  memset(stack, 0, (size_t)d->ngram_size * sizeof *stack);
  int32_t depth = 1, n = 0;
  size_t offset = out ? 4 * ((size_t)*count + 2) : 0, total = 0;
  while (depth >= 0) {
    if (can_advance(d, stack, depth, nwords)) {
      stack[depth]++;
      depth++;
      if (depth < d->ngram_size) stack[depth] = stack[depth - 1];
      continue;
    }
    if (emits(d, depth)) {
      size_t len = (size_t)depth - 1;
      for (int32_t i = 0; i < depth; i++) len += words[stack[i]].len;
      if (out) {
        int32_t at = (int32_t)offset;
        memcpy(out + 4 + 4 * (size_t)n, &at, 4);
        for (int32_t i = 0; i < depth; i++) {
          if (i > 0) out[offset++] = ' ';
          memcpy(out + offset, words[stack[i]].text, words[stack[i]].len);
          offset += words[stack[i]].len;
        }
      }
      total += len;
      n++;
    }
    depth--;
  }
  if (out) {
    int32_t at = (int32_t)offset;
    memcpy(out, &n, 4);
    memcpy(out + 4 + 4 * (size_t)n, &at, 4);
  }
  *count = n;
  *bytes = total;
}

/* Replaces the output with `n` strings laid out in the new buffer `buffer` of `size` bytes. */
static void set_output(TfLiteTensor *output, int32_t n, void *buffer, size_t size) {
  free(output->data.raw);
  output->data.raw = buffer;
  output->bytes = size;
  output->dims->data[0] = n;
}

/* Splits the input string into words and writes every skip-gram. */
static TfLiteStatus skip_gram_invoke(tflc_context *ctx, tflc_node *node) {
  const skip_gram_data *d = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, output->allocation_type == kTfLiteDynamic && output->dims && output->dims->size == 1,
                  "the string output is not a dynamic 1-D tensor");
  const uint8_t *buffer = (const uint8_t *)input->data.raw_const;
  TFLC_ENSURE_MSG(ctx, node, buffer != NULL, "the input string was not set");
  const char *msg = tflc_string_buffer_check(buffer, input->bytes, tflc_num_elements(input));
  TFLC_ENSURE_MSG(ctx, node, msg == NULL, "the input string buffer is malformed: %s", msg);
  int32_t from, to;
  memcpy(&from, buffer + 4, 4);
  memcpy(&to, buffer + 8, 4);
  size_t len = (size_t)(to - from), max_words = len / 2 + 1;
  /* Words, then the stack (at most one entry per word is ever used: ngram_size <= words). */
  word *words = malloc(max_words * (sizeof(word) + sizeof(int32_t)));
  if (words == NULL) return tflc_kernel_error(ctx, node, "out of memory splitting %zu bytes into words", len);
  int32_t nwords = (int32_t)split_words((const char *)buffer + from, len, words);
  int32_t count = 0;
  size_t bytes = 0;
  if (d->ngram_size >= 0 && nwords >= d->ngram_size) {
    int32_t *stack = (int32_t *)(void *)(words + max_words);
    walk(d, words, nwords, stack, &count, &bytes, NULL);
    size_t header = 4 * ((size_t)count + 2);
    if (bytes > (size_t)INT32_MAX - header) {
      free(words);
      return tflc_kernel_error(ctx, node, "%d skip-grams of %zu bytes exceed 2 GiB", (int)count, bytes);
    }
    uint8_t *out = malloc(header + bytes);
    if (out == NULL) {
      free(words);
      return tflc_kernel_error(ctx, node, "out of memory for %zu bytes of skip-grams", header + bytes);
    }
    walk(d, words, nwords, stack, &count, &bytes, out);
    set_output(output, count, out, header + bytes);
    free(words);
    return kTfLiteOk;
  }
  free(words);
  uint8_t *empty = malloc(8);
  if (empty == NULL) return tflc_kernel_error(ctx, node, "out of memory for an empty output");
  tflc_string_buffer_write(0, NULL, NULL, empty);
  set_output(output, 0, empty, 8);
  return kTfLiteOk;
}

const tflc_kernel tflc_skip_gram_kernel = {"SKIP_GRAM", skip_gram_prepare, skip_gram_invoke};
