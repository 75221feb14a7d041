/*
** tasks.c — the classifier, detector and segmenter of tflc/tasks.h.
*/
#include "tflc/tasks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "tasks/classifier.h"
#include "tasks/task_common.h"
#include "tflc/runtime.h"

/* Largest number of classes a segmentation mask holds (uint8 per pixel). */
#define MAX_SEGMENT_CLASSES 256

/* ---- Classifier ---- */

struct tflc_classifier {
  tflc_task_model m;
  tflc_classifier_options options;
};

tflc_classifier_options tflc_classifier_options_default(void) {
  tflc_classifier_options o = {1, 5, -INFINITY, NULL};
  return o;
}

tflc_classifier *tflc_classifier_init(const char *model_path, const tflc_classifier_options *options, char *err,
                                      size_t errlen) {
  tflc_classifier *c = calloc(1, sizeof *c);
  if (c == NULL) return tflc_task_fail(err, errlen, "classifier: out of memory"), NULL;
  c->options = options ? *options : tflc_classifier_options_default();
  if (c->options.max_results < 1) c->options.max_results = 1;
  if (tflc_task_model_init(&c->m, "classifier", model_path, c->options.num_threads, c->options.labels_path, err,
                           errlen) != 0)
    return free(c), NULL;
  c->options.labels_path = NULL; /* not kept: the caller's string may not outlive us */
  return c;
}

void tflc_classifier_free(tflc_classifier *c) {
  if (c == NULL) return;
  tflc_task_model_free(&c->m);
  free(c);
}

int tflc_classifier_classify(tflc_classifier *c, const uint8_t *rgb, int width, int height, tflc_classifications *out,
                             char *err, size_t errlen) {
  if (out != NULL) memset(out, 0, sizeof *out);
  if (c == NULL || out == NULL) return tflc_task_fail(err, errlen, "classifier: NULL classifier or output");
  if (rgb == NULL || width <= 0 || height <= 0 || width > TFLC_IMAGE_MAX_SIDE || height > TFLC_IMAGE_MAX_SIDE)
    return tflc_task_fail(err, errlen, "classifier: invalid image (%dx%d)", width, height);
  int k = c->options.max_results;
  tflc_class *top = calloc((size_t)k, sizeof *top);
  tflc_category *items = calloc((size_t)k, sizeof *items);
  if (top == NULL || items == NULL) return free(top), free(items), tflc_task_fail(err, errlen, "classifier: out of memory");
  tflc_image view = {width, height, 3, (uint8_t *)(uintptr_t)rgb};
  char why[512];
  int count = 0;
  if (tflc_classify_top_k(c->m.interpreter, &view, k, top, &count, why, sizeof why) != 0) {
    free(top), free(items);
    return tflc_task_fail(err, errlen, "classifier: %s %s", why, tflc_interpreter_last_error(c->m.interpreter));
  }
  int n = 0;
  for (int i = 0; i < count; i++) {
    if (!(top[i].score >= c->options.score_threshold)) continue;
    items[n].index = top[i].index;
    items[n].score = top[i].score;
    items[n].label = tflc_labels_get(&c->m.labels, top[i].index);
    n++;
  }
  free(top);
  out->count = n;
  out->items = items;
  return 0;
}

void tflc_classifications_free(tflc_classifications *out) {
  if (out == NULL) return;
  free(out->items);
  memset(out, 0, sizeof *out);
}

/* ---- Detector ---- */

struct tflc_detector {
  tflc_task_model m;
  tflc_detector_options options;
  int label_offset; /* 1 when the label list starts with "???" (COCO labelmap: class k = line k + 1) */
  int slots;        /* N of the [1, N, 4] boxes output */
};

tflc_detector_options tflc_detector_options_default(void) {
  tflc_detector_options o = {1, 0, 0.5f, NULL, TFLC_PREPROCESS_PLAIN};
  return o;
}

/* Checks that outputs 0..3 are float32 boxes [1, N, 4], classes [1, N], scores [1, N], count. */
static int check_detector_outputs(tflc_detector *d, char *err, size_t errlen) {
  const TfLiteInterpreter *in = d->m.interpreter;
  if (TfLiteInterpreterGetOutputTensorCount(in) < 4)
    return tflc_task_fail(err, errlen, "detector: the model has %d outputs (need boxes, classes, scores, count)",
                          (int)TfLiteInterpreterGetOutputTensorCount(in));
  for (int i = 0; i < 4; i++)
    if (TfLiteTensorType(TfLiteInterpreterGetOutputTensor(in, i)) != kTfLiteFloat32)
      return tflc_task_fail(err, errlen, "detector: output %d is not FLOAT32", i);
  const TfLiteTensor *boxes = TfLiteInterpreterGetOutputTensor(in, 0);
  if (TfLiteTensorNumDims(boxes) != 3 || TfLiteTensorDim(boxes, 0) != 1 || TfLiteTensorDim(boxes, 2) != 4)
    return tflc_task_fail(err, errlen, "detector: output 0 is not boxes [1, N, 4]");
  d->slots = TfLiteTensorDim(boxes, 1);
  for (int i = 1; i < 3; i++) {
    const TfLiteTensor *t = TfLiteInterpreterGetOutputTensor(in, i);
    if (TfLiteTensorByteSize(t) != (size_t)d->slots * sizeof(float))
      return tflc_task_fail(err, errlen, "detector: output %d does not hold %d values", i, d->slots);
  }
  if (TfLiteTensorByteSize(TfLiteInterpreterGetOutputTensor(in, 3)) < sizeof(float))
    return tflc_task_fail(err, errlen, "detector: output 3 (the count) is empty");
  return 0;
}

tflc_detector *tflc_detector_init(const char *model_path, const tflc_detector_options *options, char *err,
                                  size_t errlen) {
  tflc_detector *d = calloc(1, sizeof *d);
  if (d == NULL) return tflc_task_fail(err, errlen, "detector: out of memory"), NULL;
  d->options = options ? *options : tflc_detector_options_default();
  if (d->options.preprocess != TFLC_PREPROCESS_PLAIN && d->options.preprocess != TFLC_PREPROCESS_TASK_LIBRARY &&
      d->options.preprocess != TFLC_PREPROCESS_ANDROID_NEAREST)
  {
    tflc_task_fail(err, errlen, "detector: unknown preprocess %d", (int)d->options.preprocess);
    return free(d), NULL;
  }
  if (tflc_task_model_init(&d->m, "detector", model_path, d->options.num_threads, d->options.labels_path, err,
                           errlen) != 0)
    return free(d), NULL;
  d->options.labels_path = NULL;
  d->m.resize = d->options.preprocess;
  if (check_detector_outputs(d, err, errlen) != 0) return tflc_detector_free(d), NULL;
  const char *first = tflc_labels_get(&d->m.labels, 0);
  d->label_offset = first != NULL && strcmp(first, "???") == 0;
  return d;
}

void tflc_detector_free(tflc_detector *d) {
  if (d == NULL) return;
  tflc_task_model_free(&d->m);
  free(d);
}

int tflc_detector_detect(tflc_detector *d, const uint8_t *rgb, int width, int height, tflc_detections *out, char *err,
                         size_t errlen) {
  if (out != NULL) memset(out, 0, sizeof *out);
  if (d == NULL || out == NULL) return tflc_task_fail(err, errlen, "detector: NULL detector or output");
  if (tflc_task_run_image(&d->m, "detector", rgb, width, height, err, errlen) != 0) return -1;
  const TfLiteInterpreter *in = d->m.interpreter;
  const float *boxes = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 0));
  const float *classes = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 1));
  const float *scores = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 2));
  float reported = *(const float *)TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 3));
  int n = reported >= 0 && reported <= (float)d->slots ? (int)reported : d->slots;
  tflc_detection *items = calloc((size_t)n + 1, sizeof *items);
  if (items == NULL) return tflc_task_fail(err, errlen, "detector: out of memory");
  int count = 0;
  for (int i = 0; i < n; i++) {
    if (!(scores[i] >= d->options.score_threshold)) continue;
    if (d->options.max_results > 0 && count >= d->options.max_results) break;
    tflc_detection *r = &items[count++];
    const float *b = boxes + 4 * (size_t)i; /* ymin, xmin, ymax, xmax in [0, 1] */
    r->left = b[1] * (float)width;
    r->top = b[0] * (float)height;
    r->right = b[3] * (float)width;
    r->bottom = b[2] * (float)height;
    r->score = scores[i];
    r->class_index = isfinite(classes[i]) && fabsf(classes[i]) < 1e9f ? (int)classes[i] : -1;
    r->label = r->class_index >= 0 ? tflc_labels_get(&d->m.labels, r->class_index + d->label_offset) : NULL;
  }
  out->count = count;
  out->items = items;
  return 0;
}

void tflc_detections_free(tflc_detections *out) {
  if (out == NULL) return;
  free(out->items);
  memset(out, 0, sizeof *out);
}

/* ---- Segmenter ---- */

struct tflc_segmenter {
  tflc_task_model m;
  int out_h, out_w;  /* the model's class map */
  int num_classes;   /* channels of a score output, else the label count (or 256) */
  int has_argmax;    /* output 0 holds class indices */
};

tflc_segmenter_options tflc_segmenter_options_default(void) {
  tflc_segmenter_options o = {1, NULL};
  return o;
}

/* Reads output 0's layout: scores [1, H, W, C] or indices [1, H, W] / [1, H, W, 1]. */
static int check_segmenter_output(tflc_segmenter *s, char *err, size_t errlen) {
  const TfLiteTensor *o = TfLiteInterpreterGetOutputTensor(s->m.interpreter, 0);
  if (o == NULL) return tflc_task_fail(err, errlen, "segmenter: the model has no output");
  int nd = TfLiteTensorNumDims(o);
  if ((nd != 3 && nd != 4) || TfLiteTensorDim(o, 0) != 1)
    return tflc_task_fail(err, errlen, "segmenter: output 0 must be [1, H, W, classes] or [1, H, W] (it has %d dims)", nd);
  s->out_h = TfLiteTensorDim(o, 1);
  s->out_w = TfLiteTensorDim(o, 2);
  int channels = nd == 4 ? TfLiteTensorDim(o, 3) : 1;
  TfLiteType type = TfLiteTensorType(o);
  int index_type = type == kTfLiteInt32 || type == kTfLiteInt64;
  if (s->out_h <= 0 || s->out_w <= 0 || channels <= 0)
    return tflc_task_fail(err, errlen, "segmenter: output 0 is empty");
  if (index_type || (channels == 1 && type == kTfLiteUInt8)) {
    if (channels != 1) return tflc_task_fail(err, errlen, "segmenter: an index output must have one channel");
    s->has_argmax = 1;
    s->num_classes = s->m.labels.count > 0 && s->m.labels.count <= MAX_SEGMENT_CLASSES ? s->m.labels.count
                                                                                       : MAX_SEGMENT_CLASSES;
    return 0;
  }
  if (type != kTfLiteFloat32 && type != kTfLiteUInt8 && type != kTfLiteInt8)
    return tflc_task_fail(err, errlen, "segmenter: output 0 has type %d (need scores or class indices)", (int)type);
  if (channels > MAX_SEGMENT_CLASSES)
    return tflc_task_fail(err, errlen, "segmenter: %d classes (at most %d)", channels, MAX_SEGMENT_CLASSES);
  s->num_classes = channels;
  return 0;
}

tflc_segmenter *tflc_segmenter_init(const char *model_path, const tflc_segmenter_options *options, char *err,
                                    size_t errlen) {
  tflc_segmenter *s = calloc(1, sizeof *s);
  if (s == NULL) return tflc_task_fail(err, errlen, "segmenter: out of memory"), NULL;
  tflc_segmenter_options o = options ? *options : tflc_segmenter_options_default();
  if (tflc_task_model_init(&s->m, "segmenter", model_path, o.num_threads, o.labels_path, err, errlen) != 0)
    return free(s), NULL;
  if (check_segmenter_output(s, err, errlen) != 0) return tflc_segmenter_free(s), NULL;
  return s;
}

void tflc_segmenter_free(tflc_segmenter *s) {
  if (s == NULL) return;
  tflc_task_model_free(&s->m);
  free(s);
}

int tflc_segmenter_num_classes(const tflc_segmenter *s) { return s ? s->num_classes : 0; }

const char *tflc_segmenter_label(const tflc_segmenter *s, int index) {
  return s ? tflc_labels_get(&s->m.labels, index) : NULL;
}

/* Class of model cell `cell` (row-major over H x W): argmax of its scores, or the stored index. */
static int cell_class(const tflc_segmenter *s, const TfLiteTensor *o, size_t cell) {
  TfLiteType type = TfLiteTensorType(o);
  const void *data = TfLiteTensorData(o);
  if (s->has_argmax) {
    int64_t v = type == kTfLiteInt64   ? ((const int64_t *)data)[cell]
                : type == kTfLiteInt32 ? ((const int32_t *)data)[cell]
                                       : ((const uint8_t *)data)[cell];
    return v >= 0 && v < s->num_classes ? (int)v : 0;
  }
  size_t c = (size_t)s->num_classes, base = cell * c;
  int best = 0;
  if (type == kTfLiteFloat32) {
    const float *v = (const float *)data + base;
    for (size_t k = 1; k < c; k++)
      if (v[k] > v[best]) best = (int)k;
  } else if (type == kTfLiteUInt8) { /* the scale is positive: raw order is score order */
    const uint8_t *v = (const uint8_t *)data + base;
    for (size_t k = 1; k < c; k++)
      if (v[k] > v[best]) best = (int)k;
  } else {
    const int8_t *v = (const int8_t *)data + base;
    for (size_t k = 1; k < c; k++)
      if (v[k] > v[best]) best = (int)k;
  }
  return best;
}

int tflc_segmenter_segment(tflc_segmenter *s, const uint8_t *rgb, int width, int height, tflc_segmentation *out,
                           char *err, size_t errlen) {
  if (out != NULL) memset(out, 0, sizeof *out);
  if (s == NULL || out == NULL) return tflc_task_fail(err, errlen, "segmenter: NULL segmenter or output");
  if (tflc_task_run_image(&s->m, "segmenter", rgb, width, height, err, errlen) != 0) return -1;
  const TfLiteTensor *o = TfLiteInterpreterGetOutputTensor(s->m.interpreter, 0);
  /* Class of every model cell first, then nearest-neighbour scaling to the image. */
  size_t cells = (size_t)s->out_h * (size_t)s->out_w;
  uint8_t *grid = malloc(cells);
  uint8_t *classes = malloc((size_t)width * (size_t)height);
  if (grid == NULL || classes == NULL) {
    free(grid), free(classes);
    return tflc_task_fail(err, errlen, "segmenter: out of memory for a %dx%d mask", width, height);
  }
  for (size_t i = 0; i < cells; i++) grid[i] = (uint8_t)cell_class(s, o, i);
  for (int y = 0; y < height; y++) {
    size_t gy = (size_t)((int64_t)y * s->out_h / height);
    for (int x = 0; x < width; x++) {
      size_t gx = (size_t)((int64_t)x * s->out_w / width);
      classes[(size_t)y * (size_t)width + (size_t)x] = grid[gy * (size_t)s->out_w + gx];
    }
  }
  free(grid);
  out->width = width;
  out->height = height;
  out->num_classes = s->num_classes;
  out->classes = classes;
  return 0;
}

void tflc_segmentation_free(tflc_segmentation *out) {
  if (out == NULL) return;
  free(out->classes);
  memset(out, 0, sizeof *out);
}
