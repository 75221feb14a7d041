/*
** posenet_decode.h — multi-person PoseNet decoding shared by Coral's PosenetDecoderOp kernel
** and the pose estimator (raw PoseNet heatmaps, offsets and displacements).
*/
#ifndef TFLC_KERNELS_POSENET_DECODE_H_
#define TFLC_KERNELS_POSENET_DECODE_H_

#include <stddef.h>
#include <stdint.h>

#define TFLC_POSENET_KEYPOINTS 17
#define TFLC_POSENET_EDGES 16
#define TFLC_POSENET_MAX_POSES 1024

typedef struct tflc_posenet_params {
  int32_t height, width;   /* the grid (heatmap) size, each >= 1 */
  int32_t max_detections;  /* 1..TFLC_POSENET_MAX_POSES */
  int32_t stride;          /* input pixels per grid cell, >= 1 */
  float score_threshold;   /* in (0, 1) */
  float nms_radius;        /* input pixels, >= 0 */
} tflc_posenet_params;

/* Bytes of scratch tflc_posenet_decode needs (16-byte aligned pieces; pass 16-byte aligned memory). */
size_t tflc_posenet_scratch_size(const tflc_posenet_params *p);

/*
** Decodes poses from heat [H, W, 17] (keypoint logits), shorts [H, W, 34] (dy for the 17
** keypoints, then dx) and mids [H, W, 64] ([fwd dy][fwd dx][bwd dy][bwd dx], 16 edges each),
** offsets in grid units (pixels / stride). Writes up to max_detections poses, best first:
** kp [D, 17, 2] (y, x in input pixels), kp_scores [D, 17], pose_scores [D]; slots past the
** count are zero. Returns the count.
*/
int32_t tflc_posenet_decode(const tflc_posenet_params *p, const float *heat, const float *shorts, const float *mids,
                            void *scratch, float *kp, float *kp_scores, float *pose_scores);

/*
** BodyPix's person masks (libcoral's DecodeInstanceMasks): every cell follows the long-range
** offsets longs [H, W, 34] (grid units) from itself three times per keypoint; the 17 points,
** in pixels, are matched to the pose (kp [D, 17, 2], y and x in pixels) with the least sum of
** squared distances (the first on ties), whose mask [D, H, W] gets 1 there; the rest is 0.
*/
void tflc_posenet_instance_masks(const float *longs, int32_t height, int32_t width, int32_t stride, const float *kp,
                                 int32_t num_poses, float *masks);

#endif /* TFLC_KERNELS_POSENET_DECODE_H_ */
