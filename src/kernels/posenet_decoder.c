/*
** posenet_decoder.c — Coral's custom op PosenetDecoderOp (libcoral
** coral/pose_estimation/posenet_decoder_op.cc and posenet_decoder.cc): multi-person PoseNet
** decoding (PersonLab) of a heatmap, short-range offsets and mid-range displacements.
**
** Inputs:  0 heatmaps       [1, H, W, 17]     keypoint logits, uint8 or float32
**          1 short offsets  [1, H, W, 34]     (dy for 17 keypoints, then dx), input pixels
**          2 mid offsets    [1, H, W, 64]     [fwd dy][fwd dx][bwd dy][bwd dx] for 16 edges each
** Outputs: 0 keypoints      [1, D, 17, 2]     (y, x) in input pixels
**          1 keypoint scores [1, D, 17]       sigmoid of the heatmap at the keypoint
**          2 pose scores    [1, D]
**          3 count          [1]               number of poses written (as float)
** BodyPix's form adds input 3, long-range offsets [1, H, W, 34] (input pixels), and output 4,
** person masks [1, D, H, W] (tflc_posenet_instance_masks; libcoral fixes them at 33x33, the
** grid of its 513-pixel models).
** D = max_detections. Options (flexbuffer map): max_detections, score_threshold,
** stride, nms_radius (input pixels). Slots past the count are zero.
**
** Decoding, in grid units (offsets divided by the stride):
**   1. root candidates: every (cell, keypoint) whose logit >= logodds(score_threshold) and is
**      the maximum of its 3x3 window, moved by its short offset; taken best first;
**   2. a candidate within nms_radius of the same keypoint of an accepted pose is skipped;
**      otherwise the pose grows from it along the 32 directed skeleton edges, best keypoint
**      first: follow the edge's mid-range displacement, then refine 5 times by the target's
**      short offset (bilinear sampling, positions clamped to the grid);
**   3. a pose is kept when the mean of its 17 keypoint probabilities >= score_threshold;
**   4. soft keypoint NMS: each pose is rescored as the mean over keypoints not within
**      nms_radius of the same keypoint of a better pose; poses below the threshold are dropped.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format/flexbuffer.h"
#include "kernels/posenet_decode.h"
#include "runtime/kernel.h"

#define NUM_KEYPOINTS TFLC_POSENET_KEYPOINTS
#define NUM_EDGES TFLC_POSENET_EDGES
#define MAX_POSES TFLC_POSENET_MAX_POSES

typedef struct posenet_data {
  int32_t max_detections, stride;
  float score_threshold, nms_radius;
  int32_t height, width;
  int masks;               /* BodyPix's form: long offsets in, person masks out */
  size_t off_heat, off_short, off_mid, off_long, off_decode;
} posenet_data;

/* Reads and checks the flexbuffer options map. */
static TfLiteStatus read_options(tflc_context *ctx, tflc_node *node, posenet_data *d) {
  tflc_flex_value map;
  TFLC_ENSURE_MSG(ctx, node, node->custom_options != NULL && node->custom_options_size > 0,
                  "the op has no custom options (a flexbuffer map of its parameters)");
  TFLC_ENSURE_MSG(ctx, node, tflc_flex_root(node->custom_options, node->custom_options_size, &map) == TFLC_FLEX_OK,
                  "the custom options (%zu bytes) are not a valid flexbuffer", node->custom_options_size);
  TFLC_ENSURE_MSG(ctx, node, map.type == TFLC_FLEX_TYPE_MAP, "the custom options' root has type %d, not a map",
                  (int)map.type);
  int bad = 0;
  bad |= tflc_flex_map_int32(&map, "max_detections", 0, &d->max_detections) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "score_threshold", 0, &d->score_threshold) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_int32(&map, "stride", 0, &d->stride) != TFLC_FLEX_OK;
  bad |= tflc_flex_map_float(&map, "nms_radius", 0, &d->nms_radius) != TFLC_FLEX_OK;
  TFLC_ENSURE_MSG(ctx, node, !bad, "the custom options map is malformed or holds an out-of-range value");
  TFLC_ENSURE_MSG(ctx, node, d->max_detections > 0 && d->max_detections <= MAX_POSES,
                  "max_detections is %d; it must be in [1, %d]", (int)d->max_detections, MAX_POSES);
  TFLC_ENSURE_MSG(ctx, node, d->stride > 0, "stride is %d; it must be positive", (int)d->stride);
  TFLC_ENSURE_MSG(ctx, node, d->score_threshold > 0.0f && d->score_threshold < 1.0f,
                  "score_threshold is %g; it must be in (0, 1)", (double)d->score_threshold);
  TFLC_ENSURE_MSG(ctx, node, d->nms_radius >= 0.0f && isfinite(d->nms_radius), "nms_radius is %g; it must be >= 0",
                  (double)d->nms_radius);
  return kTfLiteOk;
}

/* Checks input i: uint8 or float32, [1, H, W, channels] with the heatmap's H and W. */
static TfLiteStatus check_input(tflc_context *ctx, tflc_node *node, int i, int32_t channels, posenet_data *d) {
  static const char *const names[4] = {"heatmaps", "short offsets", "mid offsets", "long offsets"};
  const TfLiteTensor *t = tflc_input(ctx, node, i);
  TFLC_ENSURE_MSG(ctx, node, t != NULL, "input %d (%s) is missing", i, names[i]);
  TFLC_ENSURE_MSG(ctx, node, t->type == kTfLiteUInt8 || t->type == kTfLiteFloat32,
                  "input %d (%s) has type %s (need UINT8 or FLOAT32)", i, names[i], TfLiteTypeGetName(t->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(t) == 4 && tflc_dim(t, 0) == 1 && tflc_dim(t, 3) == channels,
                  "input %d (%s) must be [1, H, W, %d]", i, names[i], (int)channels);
  if (i == 0) {
    d->height = tflc_dim(t, 1);
    d->width = tflc_dim(t, 2);
    TFLC_ENSURE_MSG(ctx, node, d->height > 0 && d->width > 0, "heatmaps are %dx%d; they must not be empty",
                    (int)d->height, (int)d->width);
  }
  TFLC_ENSURE_MSG(ctx, node, tflc_dim(t, 1) == d->height && tflc_dim(t, 2) == d->width,
                  "input %d (%s) is %dx%d, the heatmaps %dx%d", i, names[i], (int)tflc_dim(t, 1), (int)tflc_dim(t, 2),
                  (int)d->height, (int)d->width);
  return kTfLiteOk;
}

/* Lays out the scratch buffers (dequantized inputs, candidates, poses); returns the size. */
static size_t plan_scratch(posenet_data *d) {
  size_t cells = (size_t)d->height * (size_t)d->width, at = 0;
#define TAKE(field, bytes) (d->field = at, at += ((bytes) + 15) & ~(size_t)15)
  TAKE(off_heat, cells * NUM_KEYPOINTS * sizeof(float));
  TAKE(off_short, cells * 2 * NUM_KEYPOINTS * sizeof(float));
  TAKE(off_mid, cells * 4 * NUM_EDGES * sizeof(float));
  TAKE(off_long, d->masks ? cells * 2 * NUM_KEYPOINTS * sizeof(float) : 0);
  TAKE(off_decode, tflc_posenet_scratch_size(&(tflc_posenet_params){d->height, d->width, d->max_detections, d->stride,
                                                                      d->score_threshold, d->nms_radius}));
#undef TAKE
  return at;
}

static TfLiteStatus posenet_prepare(tflc_context *ctx, tflc_node *node) {
  posenet_data *d = tflc_alloc_op_data(ctx, node, sizeof *d);
  if (d == NULL) return kTfLiteError;
  TFLC_ENSURE_MSG(ctx, node, (node->ninputs == 3 && node->noutputs == 4) || (node->ninputs == 4 && node->noutputs == 5),
                  "expects 3 inputs and 4 outputs (or BodyPix's 4 and 5), got %d and %d", (int)node->ninputs,
                  (int)node->noutputs);
  d->masks = node->ninputs == 4;
  if (read_options(ctx, node, d) != kTfLiteOk || check_input(ctx, node, 0, NUM_KEYPOINTS, d) != kTfLiteOk ||
      check_input(ctx, node, 1, 2 * NUM_KEYPOINTS, d) != kTfLiteOk ||
      check_input(ctx, node, 2, 4 * NUM_EDGES, d) != kTfLiteOk ||
      (d->masks && check_input(ctx, node, 3, 2 * NUM_KEYPOINTS, d) != kTfLiteOk))
    return kTfLiteError;
  /* The inputs' sizes were validated, so cells * 64 floats fits; candidates are 20 bytes per logit. */
  TFLC_ENSURE_MSG(ctx, node, (int64_t)d->height * d->width <= ((int64_t)1 << 22), "the %dx%d grid is too large",
                  (int)d->height, (int)d->width);
  const int32_t m = d->max_detections;
  const int32_t kp_dims[4] = {1, m, NUM_KEYPOINTS, 2}, score_dims[3] = {1, m, NUM_KEYPOINTS}, pose_dims[2] = {1, m},
                count_dims[1] = {1};
  for (int i = 0; i < 4; i++) {
    TfLiteTensor *out = tflc_output(ctx, node, i);
    TFLC_ENSURE_MSG(ctx, node, out != NULL && out->type == kTfLiteFloat32, "output %d must be FLOAT32", i);
    TfLiteStatus s = i == 0   ? tflc_resize_output(ctx, out, 4, kp_dims)
                     : i == 1 ? tflc_resize_output(ctx, out, 3, score_dims)
                     : i == 2 ? tflc_resize_output(ctx, out, 2, pose_dims)
                              : tflc_resize_output(ctx, out, 1, count_dims);
    if (s != kTfLiteOk) return s;
  }
  if (d->masks) {
    TfLiteTensor *out = tflc_output(ctx, node, 4);
    const int32_t mask_dims[4] = {1, m, d->height, d->width};
    TFLC_ENSURE_MSG(ctx, node, out != NULL && out->type == kTfLiteFloat32, "output 4 (masks) must be FLOAT32");
    TfLiteStatus s = tflc_resize_output(ctx, out, 4, mask_dims);
    if (s != kTfLiteOk) return s;
  }
  return tflc_request_scratch(ctx, node, plan_scratch(d));
}

/* ---- Invoke ---- */

/* Dequantizes (uint8) or copies (float) a tensor into dst, times extra_scale, as libcoral does. */
static void dequantize(const TfLiteTensor *t, float *dst, size_t n, double extra_scale) {
  if (t->type == kTfLiteUInt8) {
    const float zero_point = (float)t->params.zero_point;
    const float scale = (float)(t->params.scale * extra_scale);
    for (size_t i = 0; i < n; i++) dst[i] = ((float)t->data.uint8[i] - zero_point) * scale;
  } else {
    const float scale = (float)extra_scale;
    for (size_t i = 0; i < n; i++) dst[i] = t->data.f[i] * scale;
  }
}

static TfLiteStatus posenet_invoke(tflc_context *ctx, tflc_node *node) {
  const posenet_data *d = node->op_data;
  uint8_t *scratch = node->scratch;
  const size_t cells = (size_t)d->height * (size_t)d->width;
  float *heat = (float *)(scratch + d->off_heat), *shorts = (float *)(scratch + d->off_short);
  float *mids = (float *)(scratch + d->off_mid);
  dequantize(tflc_input(ctx, node, 0), heat, cells * NUM_KEYPOINTS, 1.0);
  dequantize(tflc_input(ctx, node, 1), shorts, cells * 2 * NUM_KEYPOINTS, 1.0 / d->stride);
  dequantize(tflc_input(ctx, node, 2), mids, cells * 4 * NUM_EDGES, 1.0 / d->stride);
  const tflc_posenet_params params = {d->height, d->width, d->max_detections, d->stride, d->score_threshold,
                                     d->nms_radius};
  float *kp = tflc_output(ctx, node, 0)->data.f, *kp_scores = tflc_output(ctx, node, 1)->data.f;
  float *pose_scores = tflc_output(ctx, node, 2)->data.f, *count_out = tflc_output(ctx, node, 3)->data.f;
  int32_t written = tflc_posenet_decode(&params, heat, shorts, mids, scratch + d->off_decode, kp, kp_scores, pose_scores);
  count_out[0] = (float)written;
  if (d->masks) {
    float *longs = (float *)(scratch + d->off_long);
    dequantize(tflc_input(ctx, node, 3), longs, cells * 2 * NUM_KEYPOINTS, 1.0 / d->stride);
    tflc_posenet_instance_masks(longs, d->height, d->width, d->stride, kp, written, tflc_output(ctx, node, 4)->data.f);
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_posenet_decoder_kernel = {"PosenetDecoderOp", posenet_prepare, posenet_invoke};
