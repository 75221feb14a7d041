/*
** posenet_decode.c — multi-person PoseNet decoding (PersonLab), as libcoral's
** coral/pose_estimation/posenet_decoder.cc does it; used by the PosenetDecoderOp kernel
** (posenet_decoder.c) and by the pose estimator for raw PoseNet outputs (tasks/pose.c).
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
#include "kernels/posenet_decode.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NUM_KEYPOINTS TFLC_POSENET_KEYPOINTS
#define NUM_EDGES TFLC_POSENET_EDGES
#define REFINEMENT_STEPS 5
/* Refinements after the first step along the long-range offsets (libcoral: 2). */
#define LONG_REFINEMENT_STEPS 2

/* The 16 skeleton edges as (parent, child); the backward edges 16..31 swap them. */
static const int8_t edge_list[NUM_EDGES][2] = {
    {0, 1}, {1, 3}, {0, 2}, {2, 4}, {0, 5}, {5, 7}, {7, 9}, {5, 11},
    {11, 13}, {13, 15}, {0, 6}, {6, 8}, {8, 10}, {6, 12}, {12, 14}, {14, 16},
};

typedef struct candidate {
  float y, x, score;
  int32_t id;
  int32_t order; /* position in the scan, for a deterministic order among equal scores */
} candidate;

typedef struct pose_slot {
  float y[NUM_KEYPOINTS], x[NUM_KEYPOINTS], score[NUM_KEYPOINTS];
  float instance_score;
} pose_slot;

static size_t round16(size_t n) { return (n + 15) & ~(size_t)15; }

size_t tflc_posenet_scratch_size(const tflc_posenet_params *p) {
  size_t cells = (size_t)p->height * (size_t)p->width;
  return round16(cells * NUM_KEYPOINTS * sizeof(candidate)) + round16((size_t)p->max_detections * sizeof(pose_slot)) +
         round16((size_t)p->max_detections * sizeof(int32_t));
}

/* v clamped to [lo, hi]; NaN (from a hostile float input) becomes lo, so it never reaches an int cast. */
static float clampf(float v, float lo, float hi) { return v >= lo ? (v <= hi ? v : hi) : lo; }
static float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
/* The logit of probability p (libcoral's Logodds, with its 1e-6 guard). */
static float logodds(float p) { return (float)-log(1.0f / (p + 1E-6) - 1.0f); }

/* A [H, W, C] float grid being sampled. */
typedef struct grid {
  const float *data;
  int32_t height, width, channels;
} grid;

/*
** Bilinear samples of g at (y, x) for channels c0 and c1 (libcoral's
** SampleTensorAtMultipleChannels): corners from the clamped position, weights from the
** unclamped one.
*/
static void sample2(const grid *g, float y, float x, int c0, int c1, float *v0, float *v1) {
  float yc = clampf(y, 0.0f, (float)g->height - 1.0f), xc = clampf(x, 0.0f, (float)g->width - 1.0f);
  int y0 = (int)floorf(yc), y1 = (int)ceilf(yc), x0 = (int)floorf(xc), x1 = (int)ceilf(xc);
  float ly = y - (float)y0, lx = x - (float)x0;
  size_t tl = ((size_t)y0 * (size_t)g->width + (size_t)x0) * (size_t)g->channels;
  size_t tr = ((size_t)y0 * (size_t)g->width + (size_t)x1) * (size_t)g->channels;
  size_t bl = ((size_t)y1 * (size_t)g->width + (size_t)x0) * (size_t)g->channels;
  size_t br = ((size_t)y1 * (size_t)g->width + (size_t)x1) * (size_t)g->channels;
  const float *t = g->data;
  *v0 = (1 - ly) * ((1 - lx) * t[tl + c0] + lx * t[tr + c0]) + ly * ((1 - lx) * t[bl + c0] + lx * t[br + c0]);
  *v1 = (1 - ly) * ((1 - lx) * t[tl + c1] + lx * t[tr + c1]) + ly * ((1 - lx) * t[bl + c1] + lx * t[br + c1]);
}

static float sample1(const grid *g, float y, float x, int c) {
  float v, unused;
  sample2(g, y, x, c, c, &v, &unused);
  return v;
}

/* Candidates best first; equal scores in scan order. */
static int candidate_cmp(const void *a, const void *b) {
  const candidate *p = a, *q = b;
  if (p->score != q->score) return p->score > q->score ? -1 : 1;
  return (p->order > q->order) - (p->order < q->order);
}

/* Fills `out` with the root candidates (step 1 of the header) sorted best first; returns their count. */
static size_t find_roots(const grid *heat, const grid *shorts, float min_logit, candidate *out) {
  size_t n = 0;
  const int32_t h = heat->height, w = heat->width;
  for (int32_t y = 0; y < h; y++)
    for (int32_t x = 0; x < w; x++)
      for (int32_t k = 0; k < NUM_KEYPOINTS; k++) {
        size_t at = ((size_t)y * (size_t)w + (size_t)x) * NUM_KEYPOINTS + (size_t)k;
        float score = heat->data[at];
        if (!(score >= min_logit)) continue;
        bool is_max = true;
        for (int32_t yy = y > 0 ? y - 1 : 0; is_max && yy < (y + 2 < h ? y + 2 : h); yy++)
          for (int32_t xx = x > 0 ? x - 1 : 0; xx < (x + 2 < w ? x + 2 : w); xx++)
            if (heat->data[((size_t)yy * (size_t)w + (size_t)xx) * NUM_KEYPOINTS + (size_t)k] > score) {
              is_max = false;
              break;
            }
        if (!is_max) continue;
        size_t off = ((size_t)y * (size_t)w + (size_t)x) * 2 * NUM_KEYPOINTS + (size_t)k;
        out[n] = (candidate){clampf((float)y + shorts->data[off], 0.0f, (float)h - 1.0f),
                             clampf((float)x + shorts->data[off + NUM_KEYPOINTS], 0.0f, (float)w - 1.0f), score, k,
                             (int32_t)n};
        n++;
      }
  qsort(out, n, sizeof *out, candidate_cmp);
  return n;
}

/* Where edge e (0..31, backward edges from 16) leads from (y, x), refined by the child's short offsets. */
static void follow_edge(const grid *shorts, const grid *mids, int e, int child, float *y, float *x) {
  int channel = e < NUM_EDGES ? e : e + NUM_EDGES; /* [fwd dy][fwd dx][bwd dy][bwd dx] */
  float dy, dx;
  sample2(mids, *y, *x, channel, channel + NUM_EDGES, &dy, &dx);
  float fy = clampf(*y + dy, 0.0f, (float)mids->height - 1.0f), fx = clampf(*x + dx, 0.0f, (float)mids->width - 1.0f);
  for (int i = 0; i < REFINEMENT_STEPS; i++) {
    sample2(shorts, fy, fx, child, child + NUM_KEYPOINTS, &dy, &dx);
    fy = clampf(fy + dy, 0.0f, (float)shorts->height - 1.0f);
    fx = clampf(fx + dx, 0.0f, (float)shorts->width - 1.0f);
  }
  *y = fy;
  *x = fx;
}

/* Grows a pose from `root` (step 2): keypoints taken best first, children found along the edges. */
static void decode_pose(const grid *heat, const grid *shorts, const grid *mids, const candidate *root, pose_slot *p) {
  candidate queue[1 + 2 * NUM_EDGES];
  int queued = 0;
  bool decoded[NUM_KEYPOINTS] = {false};
  for (int k = 0; k < NUM_KEYPOINTS; k++) p->y[k] = p->x[k] = -1.0f, p->score[k] = -1E5f;
  queue[queued++] = (candidate){root->y, root->x, sample1(heat, root->y, root->x, root->id), root->id, 0};
  while (queued > 0) {
    int best = 0;
    for (int i = 1; i < queued; i++)
      if (queue[i].score > queue[best].score) best = i;
    candidate cur = queue[best];
    queue[best] = queue[--queued];
    if (decoded[cur.id]) continue;
    decoded[cur.id] = true;
    p->y[cur.id] = cur.y, p->x[cur.id] = cur.x, p->score[cur.id] = cur.score;
    for (int e = 0; e < 2 * NUM_EDGES; e++) {
      int parent = edge_list[e % NUM_EDGES][e < NUM_EDGES ? 0 : 1];
      int child = edge_list[e % NUM_EDGES][e < NUM_EDGES ? 1 : 0];
      if (parent != cur.id || decoded[child]) continue;
      float y = cur.y, x = cur.x;
      follow_edge(shorts, mids, e, child, &y, &x);
      queue[queued++] = (candidate){y, x, sample1(heat, y, x, child), child, 0};
    }
  }
}

static float squared_distance(float y0, float x0, float y1, float x1) {
  float dy = y1 - y0, dx = x1 - x0;
  return dy * dy + dx * dx;
}

/* Sum of the keypoint scores not masked, largest first (libcoral sums them in that order). */
static float sorted_score_sum(const float *scores, const bool *masked) {
  float v[NUM_KEYPOINTS];
  int n = 0;
  for (int k = 0; k < NUM_KEYPOINTS; k++)
    if (!masked[k]) v[n++] = scores[k];
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && v[j] > v[j - 1]; j--) {
      float t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  float sum = 0.0f;
  for (int i = 0; i < n; i++) sum += v[i];
  return sum;
}

/* Indices 0..n-1 sorted by pose instance score, best first (stable). */
static void order_poses(const pose_slot *poses, int32_t n, int32_t *order) {
  for (int32_t i = 0; i < n; i++) {
    int32_t j = i;
    for (; j > 0 && poses[order[j - 1]].instance_score < poses[i].instance_score; j--) order[j] = order[j - 1];
    order[j] = i;
  }
}


int32_t tflc_posenet_decode(const tflc_posenet_params *p, const float *heat, const float *shorts, const float *mids,
                            void *scratch, float *kp, float *kp_scores, float *pose_scores) {
  const grid g_heat = {heat, p->height, p->width, NUM_KEYPOINTS};
  const grid g_short = {shorts, p->height, p->width, 2 * NUM_KEYPOINTS};
  const grid g_mid = {mids, p->height, p->width, 4 * NUM_EDGES};
  const size_t cells = (size_t)p->height * (size_t)p->width;
  uint8_t *at = scratch;
  candidate *cand = (candidate *)at;
  pose_slot *poses = (pose_slot *)(at + round16(cells * NUM_KEYPOINTS * sizeof(candidate)));
  int32_t *order = (int32_t *)((uint8_t *)poses + round16((size_t)p->max_detections * sizeof(pose_slot)));

  const float radius = p->nms_radius / (float)p->stride, r2 = radius * radius;
  size_t ncand = find_roots(&g_heat, &g_short, logodds(p->score_threshold), cand);
  int32_t count = 0;
  for (size_t c = 0; c < ncand && count < p->max_detections; c++) {
    bool near = false;
    for (int32_t j = 0; j < count && !near; j++)
      near = squared_distance(cand[c].y, cand[c].x, poses[j].y[cand[c].id], poses[j].x[cand[c].id]) <= r2;
    if (near) continue;
    pose_slot *next = &poses[count];
    decode_pose(&g_heat, &g_short, &g_mid, &cand[c], next);
    for (int k = 0; k < NUM_KEYPOINTS; k++) next->score[k] = sigmoid(next->score[k]);
    static const bool none[NUM_KEYPOINTS];
    next->instance_score = sorted_score_sum(next->score, none) / NUM_KEYPOINTS;
    if (next->instance_score >= p->score_threshold) count++;
  }

  /* Soft keypoint NMS against the better poses (in the first ranking), then rank again. */
  order_poses(poses, count, order);
  float rescored[TFLC_POSENET_MAX_POSES];
  for (int32_t i = 0; i < count; i++) {
    const pose_slot *cur = &poses[order[i]];
    bool occluded[NUM_KEYPOINTS] = {false};
    for (int32_t j = 0; j < i; j++)
      for (int k = 0; k < NUM_KEYPOINTS; k++)
        if (squared_distance(cur->y[k], cur->x[k], poses[order[j]].y[k], poses[order[j]].x[k]) <= r2)
          occluded[k] = true;
    rescored[order[i]] = sorted_score_sum(cur->score, occluded) / NUM_KEYPOINTS;
  }
  for (int32_t i = 0; i < count; i++) poses[i].instance_score = rescored[i];
  order_poses(poses, count, order);

  const size_t m = (size_t)p->max_detections;
  memset(kp, 0, m * NUM_KEYPOINTS * 2 * sizeof(float));
  memset(kp_scores, 0, m * NUM_KEYPOINTS * sizeof(float));
  memset(pose_scores, 0, m * sizeof(float));
  int32_t written = 0;
  for (int32_t i = 0; i < count; i++) {
    const pose_slot *best = &poses[order[i]];
    if (best->instance_score < p->score_threshold) break;
    for (int k = 0; k < NUM_KEYPOINTS; k++) {
      kp[((size_t)written * NUM_KEYPOINTS + (size_t)k) * 2] = best->y[k] * (float)p->stride;
      kp[((size_t)written * NUM_KEYPOINTS + (size_t)k) * 2 + 1] = best->x[k] * (float)p->stride;
      kp_scores[(size_t)written * NUM_KEYPOINTS + (size_t)k] = best->score[k];
    }
    pose_scores[written++] = best->instance_score;
  }
  return written;
}

void tflc_posenet_instance_masks(const float *longs, int32_t height, int32_t width, int32_t stride, const float *kp,
                                 int32_t num_poses, float *masks) {
  const grid g_long = {longs, height, width, 2 * NUM_KEYPOINTS};
  memset(masks, 0, (size_t)num_poses * (size_t)height * (size_t)width * sizeof(float));
  if (num_poses <= 0) return;
  for (int32_t y = 0; y < height; y++)
    for (int32_t x = 0; x < width; x++) {
      float embed_y[NUM_KEYPOINTS], embed_x[NUM_KEYPOINTS];
      for (int k = 0; k < NUM_KEYPOINTS; k++) {
        float ey = (float)y, ex = (float)x, dy, dx;
        for (int i = 0; i <= LONG_REFINEMENT_STEPS; i++) {
          sample2(&g_long, ey, ex, k, k + NUM_KEYPOINTS, &dy, &dx);
          ey = clampf(ey + dy, 0.0f, (float)height - 1.0f);
          ex = clampf(ex + dx, 0.0f, (float)width - 1.0f);
        }
        embed_y[k] = ey * (float)stride;
        embed_x[k] = ex * (float)stride;
      }
      int32_t best = 0;
      float best_distance = 0;
      for (int32_t p = 0; p < num_poses; p++) {
        float distance = 0;
        for (int k = 0; k < NUM_KEYPOINTS; k++) {
          const float *point = kp + ((size_t)p * NUM_KEYPOINTS + (size_t)k) * 2;
          distance += squared_distance(embed_y[k], embed_x[k], point[0], point[1]);
        }
        if (p == 0 || distance < best_distance) best = p, best_distance = distance;
      }
      masks[((size_t)best * (size_t)height + (size_t)y) * (size_t)width + (size_t)x] = 1.0f;
    }
}
