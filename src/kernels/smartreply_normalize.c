/*
** smartreply_normalize.c — the Smart Reply custom op "Normalize" (TensorFlow Lite 2.9
** models/smartreply/ops/normalize.cc).
**
** Input: one string. Output: one string, the sentence normalized by TFLite's fixed sequence of
** RE2 global replacements, each written here as the scan it amounts to (RE2 semantics: leftmost,
** greedy, non-overlapping; RE2's \s is space, \t, \n, \f, \r; bytes are scanned one by one, which
** is RE2's UTF-8 matching for valid UTF-8 since no class here holds a non-ASCII character):
**   lower-case ASCII, strip ASCII whitespace; remove . * ( ) ";
**   \s('t|'nt|n't|'d|'ll|'s|'m|'ve|'re)([\s,;:/]) -> \1\2, and the same at the end -> \1;
**   ([^\s]+)'ll -> "\1 will", 'nt -> "\1 not", 're -> "\1 are", 've -> "\1 have", n't -> "\1 not"
**   (std::map order), then i'm -> "i am";
**   runs of ? or ! -> one; ([^?!]+)([?!]) -> "\1 \2 "; ([?!])([?!]) -> "\1 \2";
**   strip [\s,:;\-&'"] at the end, then at the start, then ASCII whitespace;
**   then "<S> " + result + " <E>", or "<S> " + its first 300 bytes when it is longer than 300.
** The output's size is known only at invoke: the kernel allocates its working text and the
** output there, as string kernels must.
*/
#include <stdlib.h>
#include <string.h>

#include "runtime/kernel.h"
#include "runtime/string_tensor.h"

enum { MAX_INPUT_CHARS = 300 };

/* A growable byte string; `failed` records an allocation failure. */
typedef struct text {
  char *data;
  size_t len, cap;
  bool failed;
} text;

/* Appends n bytes to t, growing it (doubling) as needed. */
static void append(text *t, const char *s, size_t n) {
  if (t->failed || n == 0) return;
  if (t->len + n > t->cap) {
    size_t cap = t->cap ? t->cap : 64;
    while (cap < t->len + n) cap *= 2;
    char *grown = realloc(t->data, cap);
    if (grown == NULL) {
      t->failed = true;
      return;
    }
    t->data = grown;
    t->cap = cap;
  }
  memcpy(t->data + t->len, s, n);
  t->len += n;
}

static void append_str(text *t, const char *s) { append(t, s, strlen(s)); }

/* RE2's \s. */
static bool re2_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
/* absl's ASCII whitespace (adds \v). */
static bool ascii_space(char c) { return re2_space(c) || c == '\v'; }
static bool is_mark(char c) { return c == '?' || c == '!'; }
/* The class [\s,:;\-&'"] stripped at both ends. */
static bool edge_char(char c) {
  return re2_space(c) || c == ',' || c == ':' || c == ';' || c == '-' || c == '&' || c == '\'' || c == '"';
}
static bool starts_with(const char *s, size_t len, const char *prefix) {
  size_t n = strlen(prefix);
  return len >= n && memcmp(s, prefix, n) == 0;
}

static const char *const contractions[] = {"'t", "'nt", "n't", "'d", "'ll", "'s", "'m", "'ve", "'re"};
enum { NCONTRACTIONS = sizeof contractions / sizeof contractions[0] };

/* The contraction (in the alternation's order) at s, or NULL. */
static const char *contraction_at(const char *s, size_t len) {
  for (int i = 0; i < NCONTRACTIONS; i++)
    if (starts_with(s, len, contractions[i])) return contractions[i];
  return NULL;
}

/* Lower-cases ASCII and strips ASCII whitespace at both ends. */
static void lower_strip(const text *in, text *out) {
  size_t from = 0, to = in->len;
  while (from < to && ascii_space(in->data[from])) from++;
  while (to > from && ascii_space(in->data[to - 1])) to--;
  for (size_t i = from; i < to; i++) {
    char c = in->data[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    append(out, &c, 1);
  }
}

/* Removes . * ( ) and ". */
static void remove_punctuation(const text *in, text *out) {
  for (size_t i = 0; i < in->len; i++)
    if (strchr(".*()\"", in->data[i]) == NULL || in->data[i] == 0) append(out, in->data + i, 1);
}

/* \s(contraction)([\s,;:/]) -> \1\2, globally; then \s(contraction)$ -> \1. */
static void join_contractions(const text *in, text *out) {
  const char *s = in->data;
  size_t n = in->len, i = 0;
  while (i < n) {
    const char *c = re2_space(s[i]) ? contraction_at(s + i + 1, n - i - 1) : NULL;
    size_t after = c ? i + 1 + strlen(c) : 0;
    if (c && after < n && (re2_space(s[after]) || strchr(",;:/", s[after]) != NULL) && s[after] != 0) {
      append(out, s + i + 1, after + 1 - (i + 1));
      i = after + 1;
    } else {
      append(out, s + i, 1);
      i++;
    }
  }
  /* The end-anchored form: at most one match, the contraction that ends the text. */
  for (int k = 0; k < NCONTRACTIONS && !out->failed; k++) {
    size_t len = strlen(contractions[k]);
    if (out->len > len && memcmp(out->data + out->len - len, contractions[k], len) == 0 &&
        re2_space(out->data[out->len - len - 1])) {
      memmove(out->data + out->len - len - 1, out->data + out->len - len, len);
      out->len--;
      break;
    }
  }
}

/*
** ([^\s]+)SUFFIX -> "\1 WORD", globally. From each start, the greedy group reaches the last
** SUFFIX of the non-space run that starts at least one byte in; a run without one is copied.
*/
static void expand_suffix(const text *in, text *out, const char *suffix, const char *word) {
  const char *s = in->data;
  size_t n = in->len, i = 0, slen = strlen(suffix);
  while (i < n) {
    if (re2_space(s[i])) {
      append(out, s + i, 1);
      i++;
      continue;
    }
    size_t end = i;
    while (end < n && !re2_space(s[end])) end++;
    size_t found = 0;
    for (size_t k = i + 1; k + slen <= end; k++)
      if (memcmp(s + k, suffix, slen) == 0) found = k;
    if (found == 0) {
      append(out, s + i, end - i);
      i = end;
      continue;
    }
    append(out, s + i, found - i);
    append_str(out, " ");
    append_str(out, word);
    i = found + slen;
  }
}

/* Replaces every non-overlapping `from` (left to right) by `to`. */
static void replace_literal(const text *in, text *out, const char *from, const char *to) {
  size_t n = in->len, i = 0, flen = strlen(from);
  while (i < n) {
    if (starts_with(in->data + i, n - i, from)) {
      append_str(out, to);
      i += flen;
    } else {
      append(out, in->data + i, 1);
      i++;
    }
  }
}

/* Collapses runs of ? and runs of ! to one. */
static void collapse_marks(const text *in, text *out) {
  for (size_t i = 0; i < in->len; i++)
    if (!(is_mark(in->data[i]) && i > 0 && in->data[i - 1] == in->data[i])) append(out, in->data + i, 1);
}

/* ([^?!]+)([?!]) -> "\1 \2 ", globally. */
static void space_marks(const text *in, text *out) {
  const char *s = in->data;
  size_t n = in->len, i = 0;
  while (i < n) {
    if (is_mark(s[i])) {
      append(out, s + i, 1);
      i++;
      continue;
    }
    size_t end = i;
    while (end < n && !is_mark(s[end])) end++;
    append(out, s + i, end - i);
    if (end == n) break;
    append_str(out, " ");
    append(out, s + end, 1);
    append_str(out, " ");
    i = end + 1;
  }
}

/* ([?!])([?!]) -> "\1 \2", globally. */
static void split_mark_pairs(const text *in, text *out) {
  const char *s = in->data;
  size_t n = in->len, i = 0;
  while (i < n) {
    if (i + 1 < n && is_mark(s[i]) && is_mark(s[i + 1])) {
      append(out, s + i, 1);
      append_str(out, " ");
      append(out, s + i + 1, 1);
      i += 2;
    } else {
      append(out, s + i, 1);
      i++;
    }
  }
}

/* Strips [\s,:;\-&'"] at the end, then at the start, then ASCII whitespace at both ends. */
static void strip_edges(const text *in, text *out) {
  size_t from = 0, to = in->len;
  while (to > from && edge_char(in->data[to - 1])) to--;
  while (from < to && edge_char(in->data[from])) from++;
  while (from < to && ascii_space(in->data[from])) from++;
  while (to > from && ascii_space(in->data[to - 1])) to--;
  append(out, in->data + from, to - from);
}

/* Runs the passes in TFLite's order, each from *a into *b, then swaps them. */
static void normalize(text *a, text *b) {
#define PASS(call)     \
  do {                 \
    b->len = 0;        \
    call;              \
    text t = *a;       \
    *a = *b;           \
    *b = t;            \
  } while (0)
  PASS(lower_strip(a, b));
  PASS(remove_punctuation(a, b));
  PASS(join_contractions(a, b));
  PASS(expand_suffix(a, b, "'ll", "will"));
  PASS(expand_suffix(a, b, "'nt", "not"));
  PASS(expand_suffix(a, b, "'re", "are"));
  PASS(expand_suffix(a, b, "'ve", "have"));
  PASS(expand_suffix(a, b, "n't", "not"));
  PASS(replace_literal(a, b, "i'm", "i am"));
  PASS(collapse_marks(a, b));
  PASS(space_marks(a, b));
  PASS(split_mark_pairs(a, b));
  PASS(strip_edges(a, b));
#undef PASS
  b->len = 0;
  append_str(b, "<S> ");
  if (a->len <= MAX_INPUT_CHARS) {
    append(b, a->data, a->len);
    append_str(b, " <E>");
  } else {
    append(b, a->data, MAX_INPUT_CHARS);
  }
}

/* Checks one string input and a string output; the output is one string. */
static TfLiteStatus normalize_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expects 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "the input or output is missing");
  TFLC_ENSURE_MSG(ctx, node, input->type == kTfLiteString && output->type == kTfLiteString,
                  "input and output must be strings, got %s and %s", TfLiteTypeGetName(input->type),
                  TfLiteTypeGetName(output->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_num_elements(input) >= 1, "input holds no string");
  int32_t one = 1;
  return tflc_resize_output(ctx, output, 1, &one);
}

/* Normalizes the input's first string into the output. */
static TfLiteStatus normalize_invoke(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, output->allocation_type == kTfLiteDynamic, "the string output is not dynamic");
  const uint8_t *buffer = (const uint8_t *)input->data.raw_const;
  TFLC_ENSURE_MSG(ctx, node, buffer != NULL, "the input string was not set");
  const char *msg = tflc_string_buffer_check(buffer, input->bytes, tflc_num_elements(input));
  TFLC_ENSURE_MSG(ctx, node, msg == NULL, "the input string buffer is malformed: %s", msg);
  int32_t from, to;
  memcpy(&from, buffer + 4, 4);
  memcpy(&to, buffer + 8, 4);
  text a = {0}, b = {0};
  append(&a, (const char *)buffer + from, (size_t)(to - from));
  normalize(&a, &b);
  TfLiteStatus status = kTfLiteOk;
  const char *result = b.data ? b.data : "";
  size_t size = tflc_string_buffer_size(1, &b.len);
  void *out = a.failed || b.failed || size == SIZE_MAX ? NULL : malloc(size);
  if (out == NULL) {
    status = tflc_kernel_error(ctx, node, "out of memory normalizing %d bytes", (int)(to - from));
  } else {
    tflc_string_buffer_write(1, &result, &b.len, out);
    free(output->data.raw);
    output->data.raw = out;
    output->bytes = size;
  }
  free(a.data);
  free(b.data);
  return status;
}

const tflc_kernel tflc_smartreply_normalize_kernel = {"Normalize", normalize_prepare, normalize_invoke};
