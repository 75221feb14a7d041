/*
** resize.h — TensorFlow Lite's bilinear source coordinates, shared by the reference RESIZE
** kernels (resize.c) and the float fast path (resize_fast.c), so that both compute the same
** positions and fractions.
*/
#ifndef TFLC_KERNELS_RESIZE_H_
#define TFLC_KERNELS_RESIZE_H_

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* The op options table and ResizeBilinearOptions fields (0 and 1 are the deprecated new_height/new_width). */
enum { TFLC_RESIZE_OPTIONS_BILINEAR = 15 };
enum { TFLC_BILINEAR_ALIGN_CORNERS = 2, TFLC_BILINEAR_HALF_PIXEL_CENTERS = 3 };

/* in/out, or (in-1)/(out-1) under align_corners (float division). */
static inline float tflc_resize_scale(int32_t in, int32_t out, bool align_corners) {
  if (align_corners && out > 1) return (float)(in - 1) / (float)(out - 1);
  return (float)in / (float)out;
}

/* ComputeInterpolationValues: the source position of output coordinate `value` and its two neighbours. */
static inline void tflc_resize_interpolation(int32_t value, float scale, bool half_pixel_centers, int32_t in_size,
                                             float *scaled, int32_t *lower, int32_t *upper) {
  float v = half_pixel_centers ? ((float)value + 0.5f) * scale - 0.5f : (float)value * scale;
  int32_t lo = (int32_t)floorf(v), hi = (int32_t)ceilf(v);
  *scaled = v;
  *lower = lo > 0 ? lo : 0;
  *upper = hi < in_size - 1 ? hi : in_size - 1;
}

#endif /* TFLC_KERNELS_RESIZE_H_ */
