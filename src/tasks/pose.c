/*
** pose.c — the pose estimator of tflc/tasks.h: Coral PoseNet models ending in
** PosenetDecoderOp (keypoints in input pixels), raw PoseNet models (heatmaps, offsets and
** forward/backward displacements, decoded here with the same decoder) and MoveNet single
** pose ([1, 1, 17, 3] normalized y, x, score), all turned into keypoints in pixels of the
** image given.
*/
#include <stdlib.h>
#include <string.h>

#include "kernels/posenet_decode.h"
#include "tasks/task_common.h"
#include "tflc/tasks.h"

static const char *const keypoint_names[TFLC_POSE_KEYPOINTS] = {
    "nose",       "left_eye",       "right_eye",      "left_ear",   "right_ear", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow",    "left_wrist", "right_wrist", "left_hip",
    "right_hip",  "left_knee",      "right_knee",     "left_ankle", "right_ankle",
};

/* The drawn skeleton: face, shoulders, arms, torso, legs (the MoveNet tutorial's edges). */
static const int skeleton[TFLC_POSE_EDGES][2] = {
    {0, 1}, {0, 2}, {1, 3}, {2, 4}, {0, 5}, {0, 6}, {5, 7}, {7, 9}, {6, 8},
    {8, 10}, {5, 6}, {5, 11}, {6, 12}, {11, 12}, {11, 13}, {13, 15}, {12, 14}, {14, 16},
};

typedef enum { POSE_MODEL_POSENET, POSE_MODEL_RAW_POSENET, POSE_MODEL_MOVENET } pose_model_kind;

/* Raw PoseNet decoding settings (the TFLite PoseNet example apps' multi-person defaults). */
#define RAW_MAX_DETECTIONS 10
#define RAW_SCORE_THRESHOLD 0.5f
#define RAW_NMS_RADIUS 20.0f

struct tflc_pose_estimator {
  tflc_task_model m;
  tflc_pose_estimator_options options;
  pose_model_kind kind;
  int slots;                 /* poses the outputs hold */
  int input_h, input_w;      /* input 0's size, to normalize PoseNet's pixel coordinates */
  /* Raw PoseNet only: decoder settings and buffers (shorts, mids in grid units; outputs). */
  tflc_posenet_params raw;
  float *heat, *shorts, *mids, *kp, *kp_scores, *pose_scores;
  void *scratch;
};

tflc_pose_estimator_options tflc_pose_estimator_options_default(void) {
  tflc_pose_estimator_options o = {1, 0.0f};
  return o;
}

int tflc_pose_skeleton_edge(int i, int *from, int *to) {
  if (i < 0 || i >= TFLC_POSE_EDGES || from == NULL || to == NULL) return -1;
  *from = skeleton[i][0];
  *to = skeleton[i][1];
  return 0;
}

/* True when tensor t is FLOAT32 with exactly the given dims. */
static int has_shape(const TfLiteTensor *t, int nd, const int *dims) {
  if (t == NULL || TfLiteTensorType(t) != kTfLiteFloat32 || TfLiteTensorNumDims(t) != nd) return 0;
  for (int i = 0; i < nd; i++)
    if (TfLiteTensorDim(t, i) != dims[i]) return 0;
  return 1;
}

/* True when output i is uint8 or float32 [1, H, W, channels] with the first output's H and W. */
static int is_grid(const TfLiteTensor *t, const TfLiteTensor *first, int channels) {
  if (t == NULL || (TfLiteTensorType(t) != kTfLiteFloat32 && TfLiteTensorType(t) != kTfLiteUInt8)) return 0;
  return TfLiteTensorNumDims(t) == 4 && TfLiteTensorDim(t, 0) == 1 && TfLiteTensorDim(t, 1) == TfLiteTensorDim(first, 1) &&
         TfLiteTensorDim(t, 2) == TfLiteTensorDim(first, 2) && TfLiteTensorDim(t, 3) == channels;
}

/* Raw PoseNet outputs: heatmaps (17), offsets (34), forward and backward displacements (32 each). */
static int is_raw_posenet(const tflc_pose_estimator *p) {
  const TfLiteInterpreter *in = p->m.interpreter;
  const TfLiteTensor *heat = TfLiteInterpreterGetOutputTensor(in, 0);
  return heat != NULL && TfLiteTensorNumDims(heat) == 4 && is_grid(heat, heat, TFLC_POSENET_KEYPOINTS) &&
         is_grid(TfLiteInterpreterGetOutputTensor(in, 1), heat, 2 * TFLC_POSENET_KEYPOINTS) &&
         is_grid(TfLiteInterpreterGetOutputTensor(in, 2), heat, 2 * TFLC_POSENET_EDGES) &&
         is_grid(TfLiteInterpreterGetOutputTensor(in, 3), heat, 2 * TFLC_POSENET_EDGES);
}

/*
** Raw PoseNet: the stride is (input - 1) / (grid - 1) on both axes (257 -> 9 gives 32), and
** the decoder's buffers are allocated once here.
*/
static int setup_raw(tflc_pose_estimator *p, char *err, size_t errlen) {
  const TfLiteTensor *heat = TfLiteInterpreterGetOutputTensor(p->m.interpreter, 0);
  int h = TfLiteTensorDim(heat, 1), w = TfLiteTensorDim(heat, 2);
  if (h < 2 || w < 2 || h > 4096 || w > 4096 || (p->input_h - 1) % (h - 1) != 0 || (p->input_w - 1) % (w - 1) != 0 ||
      (p->input_h - 1) / (h - 1) != (p->input_w - 1) / (w - 1) || p->input_h < h)
    return tflc_task_fail(err, errlen,
                          "pose estimator: cannot tell the output stride of a %dx%d input with a %dx%d heatmap "
                          "(need input - 1 = stride * (grid - 1))",
                          p->input_w, p->input_h, w, h);
  p->kind = POSE_MODEL_RAW_POSENET;
  p->slots = RAW_MAX_DETECTIONS;
  p->raw = (tflc_posenet_params){h, w, RAW_MAX_DETECTIONS, (p->input_h - 1) / (h - 1), RAW_SCORE_THRESHOLD,
                                 RAW_NMS_RADIUS};
  size_t cells = (size_t)h * (size_t)w, d = RAW_MAX_DETECTIONS;
  p->heat = malloc(cells * TFLC_POSENET_KEYPOINTS * sizeof(float));
  p->shorts = malloc(cells * 2 * TFLC_POSENET_KEYPOINTS * sizeof(float));
  p->mids = malloc(cells * 4 * TFLC_POSENET_EDGES * sizeof(float));
  p->kp = malloc(d * TFLC_POSENET_KEYPOINTS * 2 * sizeof(float));
  p->kp_scores = malloc(d * TFLC_POSENET_KEYPOINTS * sizeof(float));
  p->pose_scores = malloc(d * sizeof(float));
  p->scratch = aligned_alloc(16, (tflc_posenet_scratch_size(&p->raw) + 15) & ~(size_t)15);
  if (!p->heat || !p->shorts || !p->mids || !p->kp || !p->kp_scores || !p->pose_scores || !p->scratch)
    return tflc_task_fail(err, errlen, "pose estimator: out of memory");
  return 0;
}

/* Element i of a uint8 or float32 tensor as a float, times `scale`. */
static float value_at(const TfLiteTensor *t, size_t i, float scale) {
  if (TfLiteTensorType(t) == kTfLiteFloat32) return ((const float *)TfLiteTensorData(t))[i] * scale;
  TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(t);
  return ((float)((const uint8_t *)TfLiteTensorData(t))[i] - (float)q.zero_point) * q.scale * scale;
}

/*
** Decodes raw PoseNet outputs into p->kp etc.: the outputs are read as floats, offsets and
** displacements turned into grid units, the two displacement tensors side by side per cell
** ([fwd dy][fwd dx][bwd dy][bwd dx]).
** Returns the pose count.
*/
static int decode_raw(tflc_pose_estimator *p) {
  const TfLiteInterpreter *in = p->m.interpreter;
  const TfLiteTensor *heat = TfLiteInterpreterGetOutputTensor(in, 0), *offsets = TfLiteInterpreterGetOutputTensor(in, 1);
  const TfLiteTensor *fwd = TfLiteInterpreterGetOutputTensor(in, 2), *bwd = TfLiteInterpreterGetOutputTensor(in, 3);
  const size_t cells = (size_t)p->raw.height * (size_t)p->raw.width;
  const float to_grid = 1.0f / (float)p->raw.stride;
  for (size_t i = 0; i < cells * TFLC_POSENET_KEYPOINTS; i++) p->heat[i] = value_at(heat, i, 1.0f);
  for (size_t i = 0; i < cells * 2 * TFLC_POSENET_KEYPOINTS; i++) p->shorts[i] = value_at(offsets, i, to_grid);
  for (size_t c = 0; c < cells; c++)
    for (size_t e = 0; e < 2 * TFLC_POSENET_EDGES; e++) {
      p->mids[c * 4 * TFLC_POSENET_EDGES + e] = value_at(fwd, c * 2 * TFLC_POSENET_EDGES + e, to_grid);
      p->mids[c * 4 * TFLC_POSENET_EDGES + 2 * TFLC_POSENET_EDGES + e] = value_at(bwd, c * 2 * TFLC_POSENET_EDGES + e, to_grid);
    }
  return (int)tflc_posenet_decode(&p->raw, p->heat, p->shorts, p->mids, p->scratch, p->kp,
                                  p->kp_scores, p->pose_scores);
}

/* Recognizes the model's outputs (PosenetDecoderOp's four, or MoveNet's one) and input size. */
static int check_pose_model(tflc_pose_estimator *p, char *err, size_t errlen) {
  const TfLiteInterpreter *in = p->m.interpreter;
  const TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
  if (input == NULL || TfLiteTensorNumDims(input) != 4)
    return tflc_task_fail(err, errlen, "pose estimator: input 0 is not an image [1, H, W, 3]");
  p->input_h = TfLiteTensorDim(input, 1);
  p->input_w = TfLiteTensorDim(input, 2);
  const TfLiteTensor *o0 = TfLiteInterpreterGetOutputTensor(in, 0);
  int n = TfLiteInterpreterGetOutputTensorCount(in);
  const int movenet[4] = {1, 1, TFLC_POSE_KEYPOINTS, 3};
  if (n == 1 && has_shape(o0, 4, movenet)) {
    p->kind = POSE_MODEL_MOVENET;
    p->slots = 1;
    return 0;
  }
  if (n >= 4 && o0 != NULL && TfLiteTensorNumDims(o0) == 4) { /* BodyPix adds masks and more */
    int d = TfLiteTensorDim(o0, 1);
    const int kp[4] = {1, d, TFLC_POSE_KEYPOINTS, 2}, kps[3] = {1, d, TFLC_POSE_KEYPOINTS}, ps[2] = {1, d}, c[1] = {1};
    if (d > 0 && has_shape(o0, 4, kp) && has_shape(TfLiteInterpreterGetOutputTensor(in, 1), 3, kps) &&
        has_shape(TfLiteInterpreterGetOutputTensor(in, 2), 2, ps) &&
        has_shape(TfLiteInterpreterGetOutputTensor(in, 3), 1, c)) {
      p->kind = POSE_MODEL_POSENET;
      p->slots = d;
      return 0;
    }
  }
  if (n == 4 && is_raw_posenet(p)) return setup_raw(p, err, errlen);
  return tflc_task_fail(err, errlen,
                        "pose estimator: the model's %d outputs are neither PosenetDecoderOp's (keypoints [1, D, 17, 2], "
                        "keypoint scores, pose scores, count), raw PoseNet's (heatmaps [1, H, W, 17], offsets [1, H, W, 34], "
                        "forward and backward displacements [1, H, W, 32]) nor MoveNet's [1, 1, 17, 3]",
                        n);
}

tflc_pose_estimator *tflc_pose_estimator_init(const char *model_path, const tflc_pose_estimator_options *options,
                                              char *err, size_t errlen) {
  tflc_pose_estimator *p = calloc(1, sizeof *p);
  if (p == NULL) return tflc_task_fail(err, errlen, "pose estimator: out of memory"), NULL;
  p->options = options ? *options : tflc_pose_estimator_options_default();
  if (tflc_task_model_init(&p->m, "pose estimator", model_path, p->options.num_threads, NULL, err, errlen) != 0) {
    free(p);
    return NULL;
  }
  if (check_pose_model(p, err, errlen) != 0) return tflc_pose_estimator_free(p), NULL;
  return p;
}

void tflc_pose_estimator_free(tflc_pose_estimator *p) {
  if (p == NULL) return;
  free(p->heat);
  free(p->shorts);
  free(p->mids);
  free(p->kp);
  free(p->kp_scores);
  free(p->pose_scores);
  free(p->scratch);
  tflc_task_model_free(&p->m);
  free(p);
}

/* Fills pose r from MoveNet's [17, 3] (y, x, score) rows; the pose score is the mean keypoint score. */
static void read_movenet(const float *rows, int width, int height, tflc_pose *r) {
  float sum = 0.0f;
  for (int k = 0; k < TFLC_POSE_KEYPOINTS; k++) {
    const float *v = rows + 3 * k;
    r->keypoints[k] = (tflc_keypoint){keypoint_names[k], v[1] * (float)width, v[0] * (float)height, v[2]};
    sum += v[2];
  }
  r->score = sum / TFLC_POSE_KEYPOINTS;
}

int tflc_pose_estimator_estimate(tflc_pose_estimator *p, const uint8_t *rgb, int width, int height, tflc_poses *out,
                                 char *err, size_t errlen) {
  if (out != NULL) memset(out, 0, sizeof *out);
  if (p == NULL || out == NULL) return tflc_task_fail(err, errlen, "pose estimator: NULL estimator or output");
  if (tflc_task_run_image(&p->m, "pose estimator", rgb, width, height, err, errlen) != 0) return -1;
  const TfLiteInterpreter *in = p->m.interpreter;
  tflc_pose *items = calloc((size_t)p->slots, sizeof *items);
  if (items == NULL) return tflc_task_fail(err, errlen, "pose estimator: out of memory");
  int count = 0;
  if (p->kind == POSE_MODEL_MOVENET) {
    read_movenet(TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 0)), width, height, &items[0]);
    count = items[0].score >= p->options.score_threshold ? 1 : 0;
  } else {
    const int raw = p->kind == POSE_MODEL_RAW_POSENET;
    int decoded = raw ? decode_raw(p) : 0;
    const float *kp = raw ? p->kp : TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 0));
    const float *kp_scores = raw ? p->kp_scores : TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 1));
    const float *scores = raw ? p->pose_scores : TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 2));
    float reported = raw ? (float)decoded : *(const float *)TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 3));
    int n = reported >= 0 && reported <= (float)p->slots ? (int)reported : p->slots;
    /* Keypoints are (y, x) in input pixels: normalize by the input size, then scale to the image. */
    const float sx = (float)width / (float)p->input_w, sy = (float)height / (float)p->input_h;
    for (int i = 0; i < n; i++) {
      if (!(scores[i] >= p->options.score_threshold)) continue;
      tflc_pose *r = &items[count++];
      r->score = scores[i];
      for (int k = 0; k < TFLC_POSE_KEYPOINTS; k++) {
        const float *v = kp + ((size_t)i * TFLC_POSE_KEYPOINTS + (size_t)k) * 2;
        r->keypoints[k] = (tflc_keypoint){keypoint_names[k], v[1] * sx, v[0] * sy,
                                          kp_scores[(size_t)i * TFLC_POSE_KEYPOINTS + (size_t)k]};
      }
    }
  }
  out->count = count;
  out->items = items;
  return 0;
}

void tflc_poses_free(tflc_poses *out) {
  if (out == NULL) return;
  free(out->items);
  memset(out, 0, sizeof *out);
}
