/*
** imagenet_eval.c — ImageNet accuracy as TensorFlow Lite's evaluation tool measures it
** (see imagenet_eval.h for the steps and where they come from).
*/
#include "tasks/imagenet_eval.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the evaluation TSV ---- */

/* Index of the column called name in the header fields, or -1. */
static int column_index(char **fields, int n, const char *name) {
  for (int i = 0; i < n; i++)
    if (strcmp(fields[i], name) == 0) return i;
  return -1;
}

/* Splits a line at tabs in place into at most max fields; returns the field count. */
static int split_line(char *line, char **fields, int max) {
  int n = 0;
  for (char *p = line;;) {
    if (n < max) fields[n] = p;
    n++;
    char *tab = strchr(p, '\t');
    if (tab == NULL) return n;
    *tab = 0;
    p = tab + 1;
  }
}

/* Parses a class index field (0..1000). */
static int parse_class(const char *text, int *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end || v < 0 || v > 1000) return -1;
  *out = (int)v;
  return 0;
}

/* Reads the rows once the header has given the column positions. */
static int parse_rows(tflc_eval_set *set, char *save, const int col[4], const char *path, char *err, size_t errlen) {
  int lineno = 1;
  for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    lineno++;
    size_t len = strlen(line);
    if (len && line[len - 1] == '\r') line[--len] = 0;
    if (len == 0) continue;
    char *f[32];
    int n = split_line(line, f, 32);
    tflc_eval_row *r = &set->rows[set->count];
    int maxcol = col[0];
    for (int i = 1; i < 4; i++) maxcol = col[i] > maxcol ? col[i] : maxcol;
    if (n <= maxcol || n > 32) return snprintf(err, errlen, "%s:%d: %d columns, expected more than %d", path, lineno, n, maxcol), -1;
    r->filename = f[col[0]];
    r->label = f[col[3]];
    if (parse_class(f[col[1]], &r->idx1000) || parse_class(f[col[2]], &r->idx1001) || r->filename[0] == 0 ||
        strchr(r->filename, '/') != NULL)
      return snprintf(err, errlen, "%s:%d: bad filename or class index", path, lineno), -1;
    set->count++;
  }
  return 0;
}

int tflc_eval_set_load(const char *path, tflc_eval_set *set, char *err, size_t errlen) {
  memset(set, 0, sizeof *set);
  size_t size = 0;
  tflc_labels raw; /* reuse the label-file reader's checked whole-file load for the bytes */
  if (tflc_labels_load_file(path, &raw, err, errlen) != 0) return -1;
  for (int i = 0; i < raw.count; i++) size += strlen(raw.items[i]) + 1;
  set->storage = malloc(size + 1);
  set->rows = calloc((size_t)raw.count + 1, sizeof *set->rows);
  if (set->storage == NULL || set->rows == NULL) {
    tflc_labels_free(&raw);
    tflc_eval_set_free(set);
    return snprintf(err, errlen, "out of memory reading %s", path), -1;
  }
  size_t used = 0;
  for (int i = 0; i < raw.count; i++) used += (size_t)sprintf(set->storage + used, "%s\n", raw.items[i]);
  set->storage[used] = 0;
  tflc_labels_free(&raw);
  char *save = NULL, *header = strtok_r(set->storage, "\n", &save), *f[32];
  int n = header ? split_line(header, f, 32) : 0;
  int col[4] = {-1, -1, -1, -1};
  if (n > 0 && n <= 32) {
    col[0] = column_index(f, n, "filename"), col[1] = column_index(f, n, "idx1000");
    col[2] = column_index(f, n, "idx1001"), col[3] = column_index(f, n, "tflite_label_at_idx1001");
  }
  if (col[0] < 0 || col[1] < 0 || col[2] < 0 || col[3] < 0) {
    tflc_eval_set_free(set);
    return snprintf(err, errlen, "%s: header must name filename, idx1000, idx1001 and tflite_label_at_idx1001", path), -1;
  }
  if (parse_rows(set, save, col, path, err, errlen) != 0) return tflc_eval_set_free(set), -1;
  return 0;
}

void tflc_eval_set_free(tflc_eval_set *set) {
  if (set == NULL) return;
  free(set->rows);
  free(set->storage);
  memset(set, 0, sizeof *set);
}

/* ---- preprocessing ---- */

/* TFLite's ComputeInterpolationValues without half-pixel centers. */
static void interpolation_values(int value, float scale, int input_size, float *scaled, int *lower, int *upper) {
  *scaled = (float)value * scale;
  int floor_value = (int)floorf(*scaled);
  *lower = floor_value > 0 ? floor_value : 0;
  int ceil_value = (int)ceilf(*scaled);
  *upper = ceil_value < input_size - 1 ? ceil_value : input_size - 1;
}

/* Writes one resized value converted to the input type. */
static void store(void *dst, size_t i, TfLiteType type, float value) {
  if (type == kTfLiteUInt8) ((uint8_t *)dst)[i] = (uint8_t)value;
  else if (type == kTfLiteInt8) ((int8_t *)dst)[i] = (int8_t)(value - 128.0f);
  else ((float *)dst)[i] = (value - 127.5f) * (float)(1.0 / 127.5);
}

int tflc_eval_preprocess(const tflc_image *image, int height, int width, TfLiteType type, void *dst, char *err,
                         size_t errlen) {
  if (type != kTfLiteUInt8 && type != kTfLiteInt8 && type != kTfLiteFloat32)
    return snprintf(err, errlen, "input type %s is not uint8, int8 or float32", TfLiteTypeGetName(type)), -1;
  if (height <= 0 || width <= 0 || image->width <= 0 || image->height <= 0)
    return snprintf(err, errlen, "bad sizes: image %dx%d, input %dx%d", image->width, image->height, width, height), -1;
  int crop_h = (int)round(0.875f * (float)image->height), crop_w = (int)round(0.875f * (float)image->width);
  int side = crop_h < crop_w ? crop_h : crop_w;
  if (side <= 0) return snprintf(err, errlen, "image %dx%d is too small to crop", image->width, image->height), -1;
  int off_y = (int)round((image->height - side) / 2.0), off_x = (int)round((image->width - side) / 2.0);
  float height_scale = (float)side / (float)height, width_scale = (float)side / (float)width;
  for (int y = 0; y < height; y++) {
    float in_y;
    int y0, y1;
    interpolation_values(y, height_scale, side, &in_y, &y0, &y1);
    const uint8_t *row0 = image->pixels + ((size_t)(y0 + off_y) * (size_t)image->width + (size_t)off_x) * 3;
    const uint8_t *row1 = image->pixels + ((size_t)(y1 + off_y) * (size_t)image->width + (size_t)off_x) * 3;
    for (int x = 0; x < width; x++) {
      float in_x;
      int x0, x1;
      interpolation_values(x, width_scale, side, &in_x, &x0, &x1);
      for (int c = 0; c < 3; c++) {
        float v = (float)row0[x0 * 3 + c] * (1 - (in_y - y0)) * (1 - (in_x - x0)) +
                  (float)row1[x0 * 3 + c] * (in_y - y0) * (1 - (in_x - x0)) +
                  (float)row0[x1 * 3 + c] * (1 - (in_y - y0)) * (in_x - x0) +
                  (float)row1[x1 * 3 + c] * (in_y - y0) * (in_x - x0);
        store(dst, ((size_t)y * (size_t)width + (size_t)x) * 3 + (size_t)c, type, v);
      }
    }
  }
  return 0;
}

/* ---- ranking: libstdc++'s std::sort (introsort + final insertion sort), step for step ---- */

typedef struct ranker {
  const float *scores;
} ranker;

/* The comparator TFLite passes: values[a] > values[b]. */
static int before(const ranker *r, int a, int b) { return r->scores[a] > r->scores[b]; }

static void swap_ints(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}

static void push_heap(const ranker *r, int *first, long hole, long top, int value) {
  long parent = (hole - 1) / 2;
  while (hole > top && before(r, first[parent], value)) {
    first[hole] = first[parent];
    hole = parent;
    parent = (hole - 1) / 2;
  }
  first[hole] = value;
}

static void adjust_heap(const ranker *r, int *first, long hole, long len, int value) {
  long top = hole, child = hole;
  while (child < (len - 1) / 2) {
    child = 2 * (child + 1);
    if (before(r, first[child], first[child - 1])) child--;
    first[hole] = first[child];
    hole = child;
  }
  if ((len & 1) == 0 && child == (len - 2) / 2) {
    child = 2 * (child + 1);
    first[hole] = first[child - 1];
    hole = child - 1;
  }
  push_heap(r, first, hole, top, value);
}

/* std::partial_sort(first, last, last): make_heap then sort_heap. */
static void heap_sort(const ranker *r, int *first, int *last) {
  long len = last - first;
  if (len >= 2)
    for (long parent = (len - 2) / 2;; parent--) {
      adjust_heap(r, first, parent, len, first[parent]);
      if (parent == 0) break;
    }
  while (last - first > 1) {
    --last;
    int value = *last;
    *last = *first;
    adjust_heap(r, first, 0, last - first, value);
  }
}

static void move_median_to_first(const ranker *r, int *result, int *a, int *b, int *c) {
  if (before(r, *a, *b)) {
    if (before(r, *b, *c)) swap_ints(result, b);
    else if (before(r, *a, *c)) swap_ints(result, c);
    else swap_ints(result, a);
  } else if (before(r, *a, *c)) swap_ints(result, a);
  else if (before(r, *b, *c)) swap_ints(result, c);
  else swap_ints(result, b);
}

static int *unguarded_partition(const ranker *r, int *first, int *last, const int *pivot) {
  for (;;) {
    while (before(r, *first, *pivot)) ++first;
    --last;
    while (before(r, *pivot, *last)) --last;
    if (!(first < last)) return first;
    swap_ints(first, last);
    ++first;
  }
}

static void introsort_loop(const ranker *r, int *first, int *last, int depth_limit) {
  while (last - first > 16) {
    if (depth_limit == 0) {
      heap_sort(r, first, last);
      return;
    }
    --depth_limit;
    int *mid = first + (last - first) / 2;
    move_median_to_first(r, first, first + 1, mid, last - 1);
    int *cut = unguarded_partition(r, first + 1, last, first);
    introsort_loop(r, cut, last, depth_limit);
    last = cut;
  }
}

static void unguarded_linear_insert(const ranker *r, int *last) {
  int value = *last;
  int *next = last - 1;
  while (before(r, value, *next)) {
    *last = *next;
    last = next;
    --next;
  }
  *last = value;
}

static void insertion_sort(const ranker *r, int *first, int *last) {
  if (first == last) return;
  for (int *i = first + 1; i != last; ++i) {
    if (before(r, *i, *first)) {
      int value = *i;
      memmove(first + 1, first, (size_t)(i - first) * sizeof *first);
      *first = value;
    } else {
      unguarded_linear_insert(r, i);
    }
  }
}

void tflc_eval_rank(const float *scores, int n, int *order) {
  ranker r = {scores};
  for (int i = 0; i < n; i++) order[i] = i;
  if (n < 2) return;
  int lg = 0;
  while ((2L << lg) <= n) lg++;
  introsort_loop(&r, order, order + n, 2 * lg);
  if (n > 16) {
    insertion_sort(&r, order, order + 16);
    for (int *i = order + 16; i != order + n; ++i) unguarded_linear_insert(&r, i);
  } else {
    insertion_sort(&r, order, order + n);
  }
}

/* ---- the evaluation loop ---- */

/* Label text of output index i (1000-output models are shifted past the background class). */
static const char *class_text(const tflc_labels *labels, int n, int i) {
  return tflc_labels_get(labels, n == 1000 ? i + 1 : i);
}

/* Runs one image; sets *rank to the position of the label among the outputs (5 when outside the top 5). */
static int eval_one(TfLiteInterpreter *in, const tflc_eval_row *row, const tflc_eval_options *o, float *scores, int *order,
                    int *rank, char *err, size_t errlen) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", o->images_dir, row->filename);
  tflc_image image;
  if (tflc_image_load(path, &image, err, errlen) != 0) return -1;
  TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  int rc = tflc_eval_preprocess(&image, TfLiteTensorDim(input, 1), TfLiteTensorDim(input, 2), TfLiteTensorType(input),
                                TfLiteTensorData(input), err, errlen);
  tflc_image_free(&image);
  if (rc != 0) return rc;
  if (TfLiteInterpreterInvoke(in) != kTfLiteOk) return snprintf(err, errlen, "%s: invoke failed", row->filename), -1;
  const TfLiteTensor *out = TfLiteInterpreterGetOutputTensor(in, 0);
  int n = TfLiteTensorDim(out, TfLiteTensorNumDims(out) - 1);
  TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(out);
  for (int i = 0; i < n; i++) {
    TfLiteType t = TfLiteTensorType(out);
    const void *d = TfLiteTensorData(out);
    scores[i] = t == kTfLiteFloat32 ? ((const float *)d)[i]
                : t == kTfLiteUInt8 ? (float)(((const uint8_t *)d)[i] - q.zero_point) * q.scale
                                    : (float)(((const int8_t *)d)[i] - q.zero_point) * q.scale;
  }
  tflc_eval_rank(scores, n, order);
  int truth = n == 1001 ? row->idx1001 : row->idx1000;
  *rank = 5;
  for (int k = 0; k < 5 && k < n && *rank == 5; k++) {
    const char *text = o->class_labels ? class_text(o->class_labels, n, order[k]) : NULL;
    if (order[k] == truth || (text && strcmp(text, row->label) == 0)) *rank = k;
  }
  if (o->predictions) {
    fprintf(o->predictions, "%s\t%d\t", row->filename, truth);
    for (int k = 0; k < 5 && k < n; k++) fprintf(o->predictions, "%s%d", k ? "," : "", order[k]);
    fputc('\t', o->predictions);
    for (int k = 0; k < 5 && k < n; k++) {
      const void *d = TfLiteTensorData(out);
      TfLiteType t = TfLiteTensorType(out);
      if (t == kTfLiteFloat32) fprintf(o->predictions, "%s%.6g", k ? "," : "", ((const float *)d)[order[k]]);
      else fprintf(o->predictions, "%s%d", k ? "," : "", t == kTfLiteUInt8 ? ((const uint8_t *)d)[order[k]] : ((const int8_t *)d)[order[k]]);
    }
    fprintf(o->predictions, "\t%d\t%d\n", *rank == 0, *rank < 5);
  }
  return 0;
}

/* Checks the model is a [1, H, W, 3] -> [1, 1000 or 1001] classifier. */
static int check_shapes(TfLiteInterpreter *in, char *err, size_t errlen) {
  const TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  const TfLiteTensor *out = TfLiteInterpreterGetOutputTensor(in, 0);
  if (input == NULL || out == NULL || TfLiteTensorNumDims(input) != 4 || TfLiteTensorDim(input, 3) != 3)
    return snprintf(err, errlen, "input 0 must be [1, H, W, 3]"), -1;
  int n = TfLiteTensorNumDims(out) > 0 ? TfLiteTensorDim(out, TfLiteTensorNumDims(out) - 1) : 0;
  TfLiteType t = TfLiteTensorType(out);
  if ((n != 1000 && n != 1001) || (t != kTfLiteFloat32 && t != kTfLiteUInt8 && t != kTfLiteInt8))
    return snprintf(err, errlen, "output 0 must have 1000 or 1001 classes of float32, uint8 or int8 (has %d of %s)", n, TfLiteTypeGetName(t)), -1;
  return 0;
}

int tflc_eval_imagenet(TfLiteInterpreter *in, const tflc_eval_set *set, const tflc_eval_options *o,
                       tflc_eval_result *result, char *err, size_t errlen) {
  memset(result, 0, sizeof *result);
  if (check_shapes(in, err, errlen) != 0) return -1;
  float *scores = malloc(1001 * sizeof *scores);
  int *order = malloc(1001 * sizeof *order);
  if (scores == NULL || order == NULL) return free(scores), free(order), snprintf(err, errlen, "out of memory"), -1;
  int total = o->limit > 0 && o->limit < set->count ? o->limit : set->count, rc = 0;
  if (o->predictions) fprintf(o->predictions, "filename\tlabel\ttop5\ttop5_scores\ttop1_ok\ttop5_ok\n");
  for (int i = 0; i < total && rc == 0; i++) {
    int rank;
    rc = eval_one(in, &set->rows[i], o, scores, order, &rank, err, errlen);
    if (rc != 0) break;
    for (int k = rank; k < 5; k++) result->hits[k]++;
    result->images++;
    if (o->progress) o->progress(o->progress_user, i + 1, total);
  }
  for (int k = 0; k < 5; k++) result->percent[k] = result->images ? 100.0 * result->hits[k] / result->images : 0;
  free(scores);
  free(order);
  return rc;
}
