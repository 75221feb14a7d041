/*
** detection_postprocess.c — the custom op TFLite_Detection_PostProcess of SSD models
** (TensorFlow Lite 2.9 kernels/detection_postprocess.cc).
**
** Inputs:  0 box encodings    [1, boxes, >=4] uint8 or float32, (y, x, h, w) per anchor
**          1 class scores     [1, boxes, classes (+1 background)] uint8 or float32
**          2 anchors          [boxes, 4] uint8 or float32, (y, x, h, w) centre-size
** Outputs: 0 boxes   [1, D, 4]  (ymin, xmin, ymax, xmax), normalized like the anchors
**          1 classes [1, D]     class index (background excluded), as float
**          2 scores  [1, D]
**          3 count   [1]        number of detections written
** where D = max_detections * max_classes_per_detection.
**
** Options come from the op's flexbuffer map: max_detections, max_classes_per_detection,
** detections_per_class (100), use_regular_nms (false), nms_score_threshold,
** nms_iou_threshold, num_classes, y_scale, x_scale, h_scale, w_scale.
**
** Invoke: decode every box against its anchor,
**   yc = y / y_scale * ah + ay,  xc = x / x_scale * aw + ax,
**   h/2 = 0.5 * exp(h / h_scale) * ah,  w/2 = 0.5 * exp(w / w_scale) * aw,
** dequantize the scores, then either
**   fast NMS: each box keeps its top max_classes_per_detection classes and is ranked by its
**             best one; one greedy NMS over all boxes keeps max_detections boxes; or
**   regular NMS: a greedy NMS per class (detections_per_class boxes each), whose results
**             are merged by score into the best max_detections.
** Greedy NMS keeps scores >= the score threshold, sorts them (stable, descending) and
** drops every later box whose IoU with a kept one is above the IoU threshold.
** Output slots past the count are zero (TFLite leaves them unwritten in fast mode).
*/
#include <math.h>
#include <string.h>

#include "format/flexbuffer.h"
#include "runtime/kernel.h"

/* TFLite's default for detections_per_class. */
#define DEFAULT_DETECTIONS_PER_CLASS 100
/* Bounds that keep every scratch size product far from overflow. */
#define MAX_DETECTION_SLOTS (1 << 20)

typedef struct nms_options {
  int32_t max_detections;
  int32_t max_classes_per_detection;
  int32_t detections_per_class;
  int use_regular_nms;
  float score_threshold;
  float iou_threshold;
  int32_t num_classes;
  float y_scale, x_scale, h_scale, w_scale;
} nms_options;

/* A candidate of regular NMS: index = anchor * classes_with_background + class column. */
typedef struct box_info {
  int32_t index;
  float score;
} box_info;

typedef struct detection_data {
  nms_options opt;
  int32_t num_boxes;
  int32_t box_code_len;       /* dim 2 of the box encodings (>= 4) */
  int32_t classes_with_bg;    /* dim 2 of the class scores */
  int32_t label_offset;       /* 1 when column 0 is the background */
  int32_t categories;         /* min(max_classes_per_detection, num_classes) */
  int32_t per_class;          /* min(detections_per_class, max_detections) */
  int32_t slots;              /* D: detections the outputs hold */
  /* Scratch layout (byte offsets into node->scratch). */
  size_t off_decoded, off_scores, off_max_scores, off_class_idx, off_keep_scores, off_keep_idx, off_sorted,
      off_sort_tmp, off_active, off_selected, off_class_scores, off_info, off_info_tmp;
} detection_data;

/* Reads the flexbuffer options map (see the header comment for the keys and defaults). */
static TfLiteStatus read_options(tflc_context *ctx, tflc_node *node, nms_options *o) {
  tflc_flex_value map;
  TFLC_ENSURE_MSG(ctx, node, node->custom_options != NULL && node->custom_options_size > 0,
                  "the op has no custom options (a flexbuffer map of its parameters)");
  TFLC_ENSURE_MSG(ctx, node, tflc_flex_root(node->custom_options, node->custom_options_size, &map) == TFLC_FLEX_OK,
                  "the custom options (%zu bytes) are not a valid flexbuffer", node->custom_options_size);
  TFLC_ENSURE_MSG(ctx, node, map.type == TFLC_FLEX_TYPE_MAP, "the custom options' root has type %d, not a map",
                  (int)map.type);
  int bad = 0;
  bad |= tflc_flex_map_int32(&map, "max_detections", 0, &o->max_detections) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_int32(&map, "max_classes_per_detection", 0, &o->max_classes_per_detection) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_int32(&map, "detections_per_class", DEFAULT_DETECTIONS_PER_CLASS, &o->detections_per_class) !=
         TFLC_FLEX_OK;
  bad |= tflc_flex_map_bool(&map, "use_regular_nms", 0, &o->use_regular_nms) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "nms_score_threshold", 0, &o->score_threshold) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "nms_iou_threshold", 0, &o->iou_threshold) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_int32(&map, "num_classes", 0, &o->num_classes) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "y_scale", 0, &o->y_scale) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "x_scale", 0, &o->x_scale) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "h_scale", 0, &o->h_scale) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "w_scale", 0, &o->w_scale) != TFLC_FLEX_OK;
  TFLC_ENSURE_MSG(ctx, node, !bad, "the custom options map is malformed or holds an out-of-range value");
  return kTfLiteOk;
}

static TfLiteStatus check_options(tflc_context *ctx, tflc_node *node, const nms_options *o) {
  TFLC_ENSURE_MSG(ctx, node, o->max_detections >= 0, "max_detections is %d; it must be >= 0", (int)o->max_detections);
  TFLC_ENSURE_MSG(ctx, node, o->num_classes > 0, "num_classes is %d; it must be positive", (int)o->num_classes);
  TFLC_ENSURE_MSG(ctx, node, o->iou_threshold > 0.0f && o->iou_threshold <= 1.0f,
                  "nms_iou_threshold is %g; it must be in (0, 1]", (double)o->iou_threshold);
  if (o->use_regular_nms)
    TFLC_ENSURE_MSG(ctx, node, o->detections_per_class > 0 && o->max_detections > 0,
                    "regular NMS needs detections_per_class > 0 and max_detections > 0 (got %d and %d)",
                    (int)o->detections_per_class, (int)o->max_detections);
  else
    TFLC_ENSURE_MSG(ctx, node, o->max_classes_per_detection > 0, "max_classes_per_detection is %d; it must be positive",
                    (int)o->max_classes_per_detection);
  int64_t slots = (int64_t)o->max_detections * (o->use_regular_nms ? 1 : o->max_classes_per_detection);
  TFLC_ENSURE_MSG(ctx, node, slots <= MAX_DETECTION_SLOTS && o->detections_per_class <= MAX_DETECTION_SLOTS,
                  "max_detections %d x max_classes_per_detection %d (or detections_per_class %d) is too large",
                  (int)o->max_detections, (int)o->max_classes_per_detection, (int)o->detections_per_class);
  return kTfLiteOk;
}

static bool box_type_ok(TfLiteType t) { return t == kTfLiteUInt8 || t == kTfLiteFloat32; }

/* Checks the three inputs' types and shapes and records the sizes. */
static TfLiteStatus check_inputs(tflc_context *ctx, tflc_node *node, detection_data *d) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 3 && node->noutputs == 4,
                  "expects 3 inputs and 4 outputs, got %d and %d", (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *boxes = tflc_input(ctx, node, 0), *scores = tflc_input(ctx, node, 1);
  const TfLiteTensor *anchors = tflc_input(ctx, node, 2);
  TFLC_ENSURE_MSG(ctx, node, boxes && scores && anchors, "an input is missing");
  const TfLiteTensor *in[3] = {boxes, scores, anchors};
  for (int i = 0; i < 3; i++)
    TFLC_ENSURE_MSG(ctx, node, box_type_ok(in[i]->type), "input %d has type %s (need UINT8 or FLOAT32)", i,
                    TfLiteTypeGetName(in[i]->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(boxes) == 3 && tflc_dim(boxes, 0) == 1 && tflc_dim(boxes, 2) >= 4,
                  "box encodings (input 0) must be [1, boxes, >=4]");
  d->num_boxes = tflc_dim(boxes, 1);
  d->box_code_len = tflc_dim(boxes, 2);
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(scores) == 3 && tflc_dim(scores, 0) == 1 && tflc_dim(scores, 1) == d->num_boxes,
                  "class scores (input 1) must be [1, %d, classes]", (int)d->num_boxes);
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(anchors) == 2 && tflc_dim(anchors, 0) == d->num_boxes && tflc_dim(anchors, 1) == 4,
                  "anchors (input 2) must be [%d, 4]", (int)d->num_boxes);
  d->classes_with_bg = tflc_dim(scores, 2);
  d->label_offset = d->classes_with_bg - d->opt.num_classes;
  TFLC_ENSURE_MSG(ctx, node, d->label_offset == 0 || d->label_offset == 1,
                  "class scores have %d columns for num_classes %d (need num_classes or num_classes + 1)",
                  (int)d->classes_with_bg, (int)d->opt.num_classes);
  return kTfLiteOk;
}

/* Lays out the scratch buffers; returns the total size. */
static size_t plan_scratch(detection_data *d) {
  size_t n = (size_t)d->num_boxes, at = 0;
  size_t info = (size_t)d->opt.max_detections + (size_t)d->per_class;
#define TAKE(field, bytes) (d->field = at, at += ((bytes) + 15) & ~(size_t)15)
  TAKE(off_decoded, n * 4 * sizeof(float));
  TAKE(off_scores, n * (size_t)d->classes_with_bg * sizeof(float));
  TAKE(off_max_scores, n * sizeof(float));
  TAKE(off_class_idx, n * (size_t)d->categories * sizeof(int32_t));
  TAKE(off_keep_scores, n * sizeof(float));
  TAKE(off_keep_idx, n * sizeof(int32_t));
  TAKE(off_sorted, n * sizeof(int32_t));
  TAKE(off_sort_tmp, n * sizeof(int32_t));
  TAKE(off_active, n);
  TAKE(off_selected, (n + 1) * sizeof(int32_t));
  TAKE(off_class_scores, n * sizeof(float));
  TAKE(off_info, info * sizeof(box_info));
  TAKE(off_info_tmp, info * sizeof(box_info));
#undef TAKE
  return at;
}

static TfLiteStatus detection_prepare(tflc_context *ctx, tflc_node *node) {
  detection_data *d = tflc_alloc_op_data(ctx, node, sizeof *d);
  if (d == NULL) return kTfLiteError;
  if (read_options(ctx, node, &d->opt) != kTfLiteOk || check_options(ctx, node, &d->opt) != kTfLiteOk ||
      check_inputs(ctx, node, d) != kTfLiteOk)
    return kTfLiteError;
  const nms_options *o = &d->opt;
  d->categories = o->max_classes_per_detection < o->num_classes ? o->max_classes_per_detection : o->num_classes;
  if (d->categories < 1) d->categories = 1;
  d->per_class = o->detections_per_class < o->max_detections ? o->detections_per_class : o->max_detections;
  d->slots = o->use_regular_nms ? o->max_detections : o->max_detections * o->max_classes_per_detection;
  /* num_boxes * classes is bounded by the input's validated size, so these products fit. */
  TFLC_ENSURE_MSG(ctx, node, (int64_t)d->num_boxes * d->categories <= ((int64_t)1 << 28),
                  "%d boxes x %d classes per detection is too large", (int)d->num_boxes, (int)d->categories);

  int32_t box_dims[3] = {1, d->slots, 4}, row_dims[2] = {1, d->slots}, count_dims[1] = {1};
  for (int i = 0; i < 4; i++) {
    TfLiteTensor *out = tflc_output(ctx, node, i);
    TFLC_ENSURE_MSG(ctx, node, out != NULL && out->type == kTfLiteFloat32, "output %d must be FLOAT32", i);
    TfLiteStatus s = i == 0 ? tflc_resize_output(ctx, out, 3, box_dims)
                     : i < 3 ? tflc_resize_output(ctx, out, 2, row_dims)
                             : tflc_resize_output(ctx, out, 1, count_dims);
    if (s != kTfLiteOk) return s;
  }
  return tflc_request_scratch(ctx, node, plan_scratch(d));
}

/* ---- Invoke ---- */

/* Element i of a uint8 or float tensor as a float ((q - zero_point) * scale for uint8). */
static float value_at(const TfLiteTensor *t, size_t i) {
  if (t->type == kTfLiteFloat32) return t->data.f[i];
  return ((float)t->data.uint8[i] - (float)t->params.zero_point) * t->params.scale;
}

/* Decodes every box into (ymin, xmin, ymax, xmax) in `decoded`. */
static void decode_boxes(const detection_data *d, const TfLiteTensor *boxes, const TfLiteTensor *anchors,
                         float *decoded) {
  const nms_options *o = &d->opt;
  for (int32_t i = 0; i < d->num_boxes; i++) {
    size_t b = (size_t)i * (size_t)d->box_code_len, a = (size_t)i * 4;
    double y = value_at(boxes, b), x = value_at(boxes, b + 1), h = value_at(boxes, b + 2), w = value_at(boxes, b + 3);
    double ay = value_at(anchors, a), ax = value_at(anchors, a + 1), ah = value_at(anchors, a + 2),
           aw = value_at(anchors, a + 3);
    float yc = (float)(y / o->y_scale * ah + ay);
    float xc = (float)(x / o->x_scale * aw + ax);
    float half_h = (float)(0.5 * exp(h / o->h_scale) * ah);
    float half_w = (float)(0.5 * exp(w / o->w_scale) * aw);
    float *out = decoded + 4 * (size_t)i;
    out[0] = yc - half_h;
    out[1] = xc - half_w;
    out[2] = yc + half_h;
    out[3] = xc + half_w;
  }
}

/* IoU of boxes i and j of `decoded`; 0 when either has no area (TFLite's ComputeIntersectionOverUnion). */
static float box_iou(const float *decoded, int32_t i, int32_t j) {
  const float *a = decoded + 4 * (size_t)i, *b = decoded + 4 * (size_t)j;
  float area_a = (a[2] - a[0]) * (a[3] - a[1]);
  float area_b = (b[2] - b[0]) * (b[3] - b[1]);
  if (area_a <= 0 || area_b <= 0) return 0.0f;
  float ymin = fmaxf(a[0], b[0]), xmin = fmaxf(a[1], b[1]);
  float ymax = fminf(a[2], b[2]), xmax = fminf(a[3], b[3]);
  float inter = fmaxf(ymax - ymin, 0.0f) * fmaxf(xmax - xmin, 0.0f);
  return inter / (area_a + area_b - inter);
}

/* Stable sort of idx[0..n) by values[idx] descending (merge sort through tmp). */
static void stable_sort_desc(const float *values, int32_t *idx, int32_t *tmp, int32_t n) {
  for (int32_t width = 1; width < n; width *= 2) {
    for (int32_t lo = 0; lo < n; lo += 2 * width) {
      int32_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      int32_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = values[idx[j]] > values[idx[i]] ? idx[j++] : idx[i++];
      while (i < mid) tmp[k++] = idx[i++];
      while (j < hi) tmp[k++] = idx[j++];
    }
    memcpy(idx, tmp, (size_t)n * sizeof *idx);
  }
}

/*
** Greedy NMS over one score per box (TFLite's NonMaxSuppressionSingleClassHelper): writes
** at most `max_out` box indices, best first, into `selected` and returns their count.
*/
static int32_t nms_single_class(const detection_data *d, uint8_t *scratch, const float *scores, int32_t max_out,
                                int32_t *selected) {
  const float *decoded = (const float *)(scratch + d->off_decoded);
  float *keep_scores = (float *)(scratch + d->off_keep_scores);
  int32_t *keep_idx = (int32_t *)(scratch + d->off_keep_idx);
  int32_t *sorted = (int32_t *)(scratch + d->off_sorted), *tmp = (int32_t *)(scratch + d->off_sort_tmp);
  uint8_t *active = scratch + d->off_active;
  int32_t kept = 0;
  for (int32_t i = 0; i < d->num_boxes; i++)
    if (scores[i] >= d->opt.score_threshold) keep_scores[kept] = scores[i], keep_idx[kept++] = i;
  for (int32_t i = 0; i < kept; i++) sorted[i] = i, active[i] = 1;
  stable_sort_desc(keep_scores, sorted, tmp, kept);
  int32_t limit = kept < max_out ? kept : max_out, count = 0, remaining = kept;
  for (int32_t i = 0; i < kept && remaining > 0 && count < limit; i++) {
    if (!active[i]) continue;
    int32_t box = keep_idx[sorted[i]];
    selected[count++] = box;
    active[i] = 0;
    remaining--;
    for (int32_t j = i + 1; j < kept; j++)
      if (active[j] && box_iou(decoded, box, keep_idx[sorted[j]]) > d->opt.iou_threshold) active[j] = 0, remaining--;
  }
  return count;
}

/* Index of the first largest of n values (TFLite's ArgMaxVector). */
static int32_t arg_max(const float *v, int32_t n) {
  int32_t best = 0;
  for (int32_t i = 1; i < n; i++)
    if (v[i] > v[best]) best = i;
  return best;
}

/* The k best of n values, descending, ties by lower index, into idx[0..k). */
static void top_classes(const float *v, int32_t n, int32_t k, int32_t *idx) {
  if (k == 1) {
    idx[0] = arg_max(v, n);
    return;
  }
  for (int32_t r = 0; r < k; r++) {
    int32_t best = -1;
    for (int32_t c = 0; c < n; c++) {
      int taken = 0;
      for (int32_t q = 0; q < r && !taken; q++) taken = idx[q] == c;
      if (!taken && (best < 0 || v[c] > v[best])) best = c;
    }
    idx[r] = best;
  }
}

typedef struct outputs {
  float *boxes, *classes, *scores, *count;
} outputs;

/* Fast NMS: rank boxes by their best class, one NMS, top classes per kept box. */
static void fast_nms(const detection_data *d, uint8_t *scratch, const float *scores, outputs *out) {
  const float *decoded = (const float *)(scratch + d->off_decoded);
  float *max_scores = (float *)(scratch + d->off_max_scores);
  int32_t *class_idx = (int32_t *)(scratch + d->off_class_idx), *selected = (int32_t *)(scratch + d->off_selected);
  int32_t cats = d->categories;
  for (int32_t row = 0; row < d->num_boxes; row++) {
    const float *s = scores + (size_t)row * (size_t)d->classes_with_bg + (size_t)d->label_offset;
    int32_t *ci = class_idx + (size_t)row * (size_t)cats;
    top_classes(s, d->opt.num_classes, cats, ci);
    max_scores[row] = s[ci[0]];
  }
  int32_t n = nms_single_class(d, scratch, max_scores, d->opt.max_detections, selected);
  for (int32_t k = 0; k < n; k++) {
    int32_t box = selected[k];
    const float *s = scores + (size_t)box * (size_t)d->classes_with_bg + (size_t)d->label_offset;
    for (int32_t c = 0; c < cats; c++) {
      size_t slot = (size_t)d->opt.max_classes_per_detection * (size_t)k + (size_t)c;
      memcpy(out->boxes + 4 * slot, decoded + 4 * (size_t)box, 4 * sizeof(float));
      out->classes[slot] = (float)class_idx[(size_t)box * (size_t)cats + (size_t)c];
      out->scores[slot] = s[class_idx[(size_t)box * (size_t)cats + (size_t)c]];
    }
  }
  out->count[0] = (float)n;
}

/*
** Merges the sorted runs info[0..a) and info[a..b) by descending score; on equal scores
** the second run's entry goes first (std::inplace_merge with `score >=`, as TFLite does).
*/
static void merge_runs(box_info *info, box_info *tmp, int32_t a, int32_t b) {
  int32_t i = 0, j = a, k = 0;
  while (i < a && j < b) tmp[k++] = info[j].score >= info[i].score ? info[j++] : info[i++];
  while (i < a) tmp[k++] = info[i++];
  while (j < b) tmp[k++] = info[j++];
  memcpy(info, tmp, (size_t)b * sizeof *info);
}

/* Regular NMS: per-class NMS, results merged by score into the best max_detections. */
static void regular_nms(const detection_data *d, uint8_t *scratch, const float *scores, outputs *out) {
  const float *decoded = (const float *)(scratch + d->off_decoded);
  float *class_scores = (float *)(scratch + d->off_class_scores);
  int32_t *selected = (int32_t *)(scratch + d->off_selected);
  box_info *info = (box_info *)(scratch + d->off_info), *tmp = (box_info *)(scratch + d->off_info_tmp);
  int32_t kept = 0, cwb = d->classes_with_bg;
  for (int32_t col = 0; col < d->opt.num_classes; col++) {
    for (int32_t row = 0; row < d->num_boxes; row++)
      class_scores[row] = scores[(size_t)row * (size_t)cwb + (size_t)(col + d->label_offset)];
    int32_t n = nms_single_class(d, scratch, class_scores, d->per_class, selected);
    if (n == 0) continue;
    for (int32_t i = 0; i < n; i++) {
      info[kept + i].score = class_scores[selected[i]];
      info[kept + i].index = selected[i] * cwb + col + d->label_offset;
    }
    merge_runs(info, tmp, kept, kept + n);
    kept = kept + n < d->opt.max_detections ? kept + n : d->opt.max_detections;
  }
  for (int32_t k = 0; k < kept; k++) {
    int32_t anchor = info[k].index / cwb;
    memcpy(out->boxes + 4 * (size_t)k, decoded + 4 * (size_t)anchor, 4 * sizeof(float));
    out->classes[k] = (float)(info[k].index - anchor * cwb - d->label_offset);
    out->scores[k] = info[k].score;
  }
  out->count[0] = (float)kept;
}

static TfLiteStatus detection_invoke(tflc_context *ctx, tflc_node *node) {
  const detection_data *d = node->op_data;
  uint8_t *scratch = node->scratch;
  const TfLiteTensor *boxes = tflc_input(ctx, node, 0), *class_in = tflc_input(ctx, node, 1);
  const TfLiteTensor *anchors = tflc_input(ctx, node, 2);
  float *decoded = (float *)(scratch + d->off_decoded);
  decode_boxes(d, boxes, anchors, decoded);
  for (int32_t i = 0; i < d->num_boxes; i++) {
    const float *b = decoded + 4 * (size_t)i;
    if (b[0] > b[2] || b[1] > b[3])
      return tflc_kernel_error(ctx, node, "decoded box %d is inverted (ymin %g > ymax %g or xmin %g > xmax %g)", (int)i,
                               (double)b[0], (double)b[2], (double)b[1], (double)b[3]);
  }
  const float *scores = class_in->data.f;
  if (class_in->type == kTfLiteUInt8) {
    float *s = (float *)(scratch + d->off_scores);
    size_t n = (size_t)d->num_boxes * (size_t)d->classes_with_bg;
    for (size_t i = 0; i < n; i++) s[i] = (float)((int32_t)class_in->data.uint8[i] - class_in->params.zero_point) * class_in->params.scale;
    scores = s;
  }
  outputs out = {tflc_output(ctx, node, 0)->data.f, tflc_output(ctx, node, 1)->data.f,
                 tflc_output(ctx, node, 2)->data.f, tflc_output(ctx, node, 3)->data.f};
  if (d->slots > 0) {
    memset(out.boxes, 0, (size_t)d->slots * 4 * sizeof(float));
    memset(out.classes, 0, (size_t)d->slots * sizeof(float));
    memset(out.scores, 0, (size_t)d->slots * sizeof(float));
  }
  if (d->opt.use_regular_nms) regular_nms(d, scratch, scores, &out);
  else fast_nms(d, scratch, scores, &out);
  return kTfLiteOk;
}

const tflc_kernel tflc_detection_postprocess_kernel = {"TFLite_Detection_PostProcess", detection_prepare,
                                                       detection_invoke};
