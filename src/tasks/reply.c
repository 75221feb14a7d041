/*
** reply.c — Smart Reply's predictor (see reply.h): sentence splitting, running the model per
** segment, summing and ranking the responses, and the backoff responses.
*/
#include "tasks/reply.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/string_tensor.h"
#include "tflc/runtime.h"

static bool is_split_mark(char c) { return c == '?' || c == '.' || c == '!' || c == ','; }
/* RE2's \s. */
static bool is_re2_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

/* Formats an error into err; returns -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (errlen > 0) vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
  return -1;
}

/* "([?.!,])+" -> " \1": each run of marks becomes a space and the run's last mark. */
static size_t space_marks(const char *in, size_t n, char *out) {
  size_t at = 0;
  for (size_t i = 0; i < n;) {
    if (!is_split_mark(in[i])) {
      out[at++] = in[i++];
      continue;
    }
    while (i + 1 < n && is_split_mark(in[i + 1])) i++;
    out[at++] = ' ';
    out[at++] = in[i++];
  }
  return at;
}

/* "([?.!,])+\s+" -> "\1\t": a run of marks followed by whitespace becomes its last mark and a tab. */
static size_t tab_after_marks(const char *in, size_t n, char *out) {
  size_t at = 0;
  for (size_t i = 0; i < n;) {
    if (!is_split_mark(in[i])) {
      out[at++] = in[i++];
      continue;
    }
    size_t run = i;
    while (run + 1 < n && is_split_mark(in[run + 1])) run++;
    size_t after = run + 1;
    if (after < n && is_re2_space(in[after])) {
      while (after < n && is_re2_space(in[after])) after++;
      out[at++] = in[run];
      out[at++] = '\t';
    } else {
      memcpy(out + at, in + i, after - i);
      at += after - i;
    }
    i = after;
  }
  return at;
}

/*
** The text SplitSentence splits, into out (2 * strlen(in) + 1 bytes), using tmp (as large): its
** four replacements in order, the last two being runs of spaces to one and tabs at the end removed.
*/
static void mark_segments(const char *in, char *tmp, char *out) {
  size_t n = space_marks(in, strlen(in), tmp);
  n = tab_after_marks(tmp, n, out);
  size_t w = 0;
  for (size_t r = 0; r < n; r++)
    if (!(out[r] == ' ' && w > 0 && out[w - 1] == ' ')) out[w++] = out[r];
  while (w > 0 && out[w - 1] == '\t') w--;
  out[w] = 0;
}

int tflc_reply_split(const char *message, char ***segments, size_t *count) {
  *segments = NULL;
  *count = 0;
  size_t n = strlen(message);
  if (n > (SIZE_MAX - 1) / 2) return -1;
  char *text = malloc(2 * n + 1), *tmp = malloc(2 * n + 1);
  if (text == NULL || tmp == NULL) {
    free(text);
    free(tmp);
    return -1;
  }
  mark_segments(message, tmp, text);
  free(tmp);
  size_t pieces = 1;
  for (const char *p = text; *p; p++) pieces += *p == '\t';
  char **list = calloc(pieces, sizeof *list);
  if (list == NULL) {
    free(text);
    return -1;
  }
  const char *start = text;
  for (size_t i = 0; i < pieces; i++) {
    const char *end = strchr(start, '\t');
    size_t len = end ? (size_t)(end - start) : strlen(start);
    list[i] = malloc(len + 1);
    if (list[i] == NULL) {
      tflc_reply_segments_free(list, i);
      free(text);
      return -1;
    }
    memcpy(list[i], start, len);
    list[i][len] = 0;
    start = end ? end + 1 : start + len;
  }
  free(text);
  *segments = list;
  *count = pieces;
  return 0;
}

void tflc_reply_segments_free(char **segments, size_t count) {
  for (size_t i = 0; segments != NULL && i < count; i++) free(segments[i]);
  free(segments);
}

void tflc_replies_free(tflc_replies *replies) {
  for (size_t i = 0; i < replies->count; i++) free(replies->items[i].text);
  free(replies->items);
  replies->items = NULL;
  replies->count = 0;
}

/* Adds score to the reply with text s (len bytes), appending it when new; -1 when out of memory. */
static int add_reply(tflc_replies *r, size_t *cap, const char *s, size_t len, float score, int is_backoff) {
  for (size_t i = 0; !is_backoff && i < r->count; i++)
    if (strlen(r->items[i].text) == len && memcmp(r->items[i].text, s, len) == 0) {
      r->items[i].score += score;
      return 0;
    }
  if (r->count == *cap) {
    size_t grown = *cap ? *cap * 2 : 16;
    tflc_reply *items = realloc(r->items, grown * sizeof *items);
    if (items == NULL) return -1;
    r->items = items;
    *cap = grown;
  }
  char *text = malloc(len + 1);
  if (text == NULL) return -1;
  memcpy(text, s, len);
  text[len] = 0;
  r->items[r->count++] = (tflc_reply){text, score, is_backoff};
  return 0;
}

/* Higher score first; equal scores by text (the order of predictor.cc's std::map). */
static int by_score(const void *a, const void *b) {
  const tflc_reply *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return strcmp(x->text, y->text);
}

/* Runs one segment and adds its responses to r; 0 or -1 with err. */
static int run_segment(TfLiteInterpreter *in, const char *segment, tflc_replies *r, size_t *cap, char *err,
                       size_t errlen) {
  size_t len = strlen(segment);
  size_t size = tflc_string_buffer_size(1, &len);
  if (size == SIZE_MAX) return fail(err, errlen, "the segment is too long (%zu bytes)", len);
  void *buffer = malloc(size);
  if (buffer == NULL) return fail(err, errlen, "out of memory");
  tflc_string_buffer_write(1, &segment, &len, buffer);
  TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  int ok = input != NULL && TfLiteTensorType(input) == kTfLiteString &&
           TfLiteTensorCopyFromBuffer(input, buffer, size) == kTfLiteOk && TfLiteInterpreterInvoke(in) == kTfLiteOk;
  free(buffer);
  if (!ok) return fail(err, errlen, "running the model: %s", tflc_interpreter_last_error(in));
  const TfLiteTensor *messages = TfLiteInterpreterGetOutputTensor(in, 0);
  const TfLiteTensor *confidence = TfLiteInterpreterGetOutputTensor(in, 1);
  if (messages == NULL || confidence == NULL || TfLiteTensorType(messages) != kTfLiteString ||
      TfLiteTensorType(confidence) != kTfLiteFloat32 || TfLiteTensorNumDims(confidence) < 1)
    return fail(err, errlen, "the model's outputs must be responses (STRING) and confidences (FLOAT32)");
  int32_t n = TfLiteTensorDim(confidence, 0), count = 1;
  for (int32_t d = 0; d < TfLiteTensorNumDims(messages); d++) count *= TfLiteTensorDim(messages, d);
  const uint8_t *data = TfLiteTensorData(messages);
  const char *msg = data ? tflc_string_buffer_check(data, TfLiteTensorByteSize(messages), count) : "no data";
  if (msg != NULL) return fail(err, errlen, "the responses output is malformed: %s", msg);
  if (count < n) return fail(err, errlen, "%d responses for %d confidences", (int)count, (int)n);
  const float *weights = TfLiteTensorData(confidence);
  for (int32_t i = 0; i < n; i++) {
    int32_t from, to;
    memcpy(&from, data + 4 + 4 * (size_t)i, 4);
    memcpy(&to, data + 8 + 4 * (size_t)i, 4);
    if (to > from && add_reply(r, cap, (const char *)data + from, (size_t)(to - from), weights[i], 0) != 0)
      return fail(err, errlen, "out of memory");
  }
  return 0;
}

int tflc_reply_predict(TfLiteInterpreter *interpreter, const char *message, const char *const *backoff,
                       size_t nbackoff, size_t num_response, float backoff_confidence, tflc_replies *out, char *err,
                       size_t errlen) {
  *out = (tflc_replies){0};
  char **segments = NULL;
  size_t nsegments = 0, cap = 0;
  if (tflc_reply_split(message, &segments, &nsegments) != 0) return fail(err, errlen, "out of memory");
  int status = 0;
  for (size_t i = 0; i < nsegments && status == 0; i++)
    status = run_segment(interpreter, segments[i], out, &cap, err, errlen);
  tflc_reply_segments_free(segments, nsegments);
  if (status == 0 && out->count > 1) qsort(out->items, out->count, sizeof *out->items, by_score);
  for (size_t i = 0; status == 0 && i < nbackoff && out->count < num_response; i++)
    if (add_reply(out, &cap, backoff[i], strlen(backoff[i]), backoff_confidence, 1) != 0)
      status = fail(err, errlen, "out of memory");
  if (status != 0) tflc_replies_free(out);
  return status;
}
