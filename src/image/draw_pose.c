/*
** draw_pose.c — skeleton lines and keypoint dots (draw_pose.h).
*/
#include "image/draw_pose.h"

#include <math.h>

void tflc_draw_disc(tflc_image *img, float x, float y, int radius, tflc_color c) {
  if (!(fabsf(x) < 1e6f && fabsf(y) < 1e6f)) return;
  int cx = (int)lroundf(x), cy = (int)lroundf(y);
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      if (dx * dx + dy * dy <= radius * radius) tflc_draw_pixel(img, cx + dx, cy + dy, c);
}

void tflc_draw_line(tflc_image *img, float x0, float y0, float x1, float y1, int thickness, tflc_color c) {
  if (!(fabsf(x0) < 1e6f && fabsf(y0) < 1e6f && fabsf(x1) < 1e6f && fabsf(y1) < 1e6f)) return;
  float len = hypotf(x1 - x0, y1 - y0);
  int steps = (int)ceilf(len) + 1, radius = thickness / 2;
  for (int i = 0; i <= steps; i++) {
    float t = (float)i / (float)steps;
    tflc_draw_disc(img, x0 + t * (x1 - x0), y0 + t * (y1 - y0), radius, c);
  }
}

void tflc_draw_pose(tflc_image *img, const tflc_pose *pose, float min_score, tflc_color line, tflc_color point) {
  int side = img->width < img->height ? img->width : img->height;
  int thickness = side / 160 > 2 ? side / 160 : 2;
  for (int e = 0; e < TFLC_POSE_EDGES; e++) {
    int a, b;
    if (tflc_pose_skeleton_edge(e, &a, &b) != 0) continue;
    const tflc_keypoint *p = &pose->keypoints[a], *q = &pose->keypoints[b];
    if (p->score >= min_score && q->score >= min_score) tflc_draw_line(img, p->x, p->y, q->x, q->y, thickness, line);
  }
  for (int k = 0; k < TFLC_POSE_KEYPOINTS; k++) {
    const tflc_keypoint *p = &pose->keypoints[k];
    if (p->score >= min_score) tflc_draw_disc(img, p->x, p->y, thickness, point);
  }
}
