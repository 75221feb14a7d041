/*
** draw_pose.h — poses drawn onto an RGB image: skeleton lines, then keypoint dots.
*/
#ifndef TFLC_IMAGE_DRAW_POSE_H_
#define TFLC_IMAGE_DRAW_POSE_H_

#include "image/draw.h"
#include "tflc/tasks.h"

/* A line from (x0, y0) to (x1, y1), `thickness` pixels wide (a disc stamped along it). */
void tflc_draw_line(tflc_image *img, float x0, float y0, float x1, float y1, int thickness, tflc_color c);
/* A filled disc of `radius` pixels centred on (x, y). */
void tflc_draw_disc(tflc_image *img, float x, float y, int radius, tflc_color c);
/*
** Draws a pose: each skeleton edge whose two keypoints score >= min_score as a line in
** `line`, then each keypoint scoring >= min_score as a disc in `point`. Sizes follow the
** image's smaller side (line width side/160, at least 2; disc radius twice that).
*/
void tflc_draw_pose(tflc_image *img, const tflc_pose *pose, float min_score, tflc_color line, tflc_color point);

#endif /* TFLC_IMAGE_DRAW_POSE_H_ */
