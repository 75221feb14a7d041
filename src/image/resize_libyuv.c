/*
** resize_libyuv.c — the resize of the TensorFlow Lite Task Library: libyuv's ARGBScale with
** kFilterBilinear, as its x86 SIMD build computes it.
**
** Why a second resize: detection and segmentation results published for TFLite (the Task
** Library's tests, eval/REFERENCE_RESULTS.md) were made by decoding with stb_image and
** resizing with libyuv. Its arithmetic differs from a plain bilinear resize by a level here
** and there, and an SSD's boxes move by a few pixels with it (measured on cats_and_dogs.jpg:
** 3.9 px with tflc_image_resize_bilinear, 0 px with this one and stb_image decoding).
**
** libyuv works in 16.16 fixed point. Its semantics, restated (channels are independent, so an
** RGB image is scaled as its ARGB form would be):
**  - The filter is first reduced: bilinear becomes "linear" (horizontal only) when the height is
**    kept or divided by 3, and linear becomes "none" (nearest) when the width is kept or divided
**    by 3, or is 1.
**  - Steps: for a side that shrinks (or stays), step = (src << 16) / dst and the first sample is
**    at step/2 - 0.5 (half-pixel centres); for a side that grows, step = ((src << 16) - 0x10001)
**    / (dst - 1) from 0 (corners aligned). Nearest sampling starts at step/2.
**  - Even integer shrink factors on both sides (2, 4, 6, ...) average a 2x2 box at the first
**    sample's integer position with byte averages rounding up: avg(avg(a, c), avg(b, d)), the
**    SSE2 pavgb order; odd integer factors on both sides sample nearest.
**  - Otherwise: rows are blended first, ((256 - f) a + f b + 128) >> 8 with an 8-bit fraction
**    (f = 128 is a rounding-up average), then columns with a 7-bit fraction f,
**    (a (127 - f) + b f) >> 7, truncated (its weights sum to 127: libyuv's own darkening, kept).
**    When growing vertically, columns are filtered first and the two filtered rows blended.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"

typedef enum { YUV_FILTER_NONE, YUV_FILTER_LINEAR, YUV_FILTER_BILINEAR } yuv_filter;

/* Position and step of one axis, 16.16 fixed point. */
typedef struct yuv_axis {
  int start, step;
} yuv_axis;

static int fixed_div(int num, int div) { return (int)(((int64_t)num << 16) / div); }
static int fixed_div1(int num, int div) { return (int)((((int64_t)num << 16) - 0x00010001) / (div - 1)); }

static yuv_filter reduce_filter(int src_w, int src_h, int dst_w, int dst_h) {
  yuv_filter f = YUV_FILTER_BILINEAR;
  if (src_h == 1 || dst_h == src_h || dst_h * 3 == src_h) f = YUV_FILTER_LINEAR;
  if (src_w == 1) f = YUV_FILTER_NONE;
  if (f == YUV_FILTER_LINEAR && (dst_w == src_w || dst_w * 3 == src_w)) f = YUV_FILTER_NONE;
  return f;
}

/* A filtered axis: half-pixel centres when shrinking, aligned corners when growing. */
static yuv_axis filtered_axis(int src, int dst) {
  yuv_axis a = {0, 0};
  if (dst <= src) {
    a.step = fixed_div(src, dst);
    a.start = (a.step >> 1) - 32768;
  } else if (src > 1 && dst > 1) {
    a.step = fixed_div1(src, dst);
  }
  return a;
}

static yuv_axis nearest_axis(int src, int dst) {
  yuv_axis a = {0, fixed_div(src, dst)};
  a.start = a.step >> 1;
  return a;
}

static uint8_t avg_up(int a, int b) { return (uint8_t)((a + b + 1) >> 1); }

/* Blends two rows of n bytes with an 8-bit fraction of the second. */
static void blend_rows(uint8_t *dst, const uint8_t *r0, const uint8_t *r1, size_t n, int f) {
  if (f == 0) {
    memcpy(dst, r0, n);
  } else if (f == 128) {
    for (size_t i = 0; i < n; i++) dst[i] = avg_up(r0[i], r1[i]);
  } else {
    for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(((256 - f) * r0[i] + f * r1[i] + 128) >> 8);
  }
}

/* Filters one row of RGB pixels horizontally into dst_w pixels (7-bit fractions). */
static void filter_columns(uint8_t *dst, const uint8_t *row, int src_w, int dst_w, yuv_axis x_axis) {
  int64_t x = x_axis.start;
  for (int j = 0; j < dst_w; j++, x += x_axis.step) {
    int xi = (int)(x >> 16), f = (int)((x >> 9) & 0x7f);
    if (xi < 0) xi = 0;
    if (xi > src_w - 1) xi = src_w - 1;
    int xn = xi + 1 < src_w ? xi + 1 : xi; /* the weight of a missing right pixel is 0 */
    for (int c = 0; c < 3; c++)
      dst[3 * j + c] = (uint8_t)((row[3 * xi + c] * (127 - f) + row[3 * xn + c] * f) >> 7);
  }
}

static const uint8_t *src_row(const tflc_image *src, int y) {
  if (y < 0) y = 0;
  if (y > src->height - 1) y = src->height - 1;
  return src->pixels + (size_t)y * (size_t)src->width * 3;
}

/* Even integer shrink on both sides: 2x2 boxes (or single pixels unfiltered). */
static void scale_down_even(const tflc_image *src, int dst_w, int dst_h, yuv_axis xa, yuv_axis ya, yuv_filter f,
                            uint8_t *dst) {
  int x0 = xa.start >> 16, y0 = ya.start >> 16, sx = xa.step >> 16, sy = ya.step >> 16;
  for (int i = 0; i < dst_h; i++) {
    const uint8_t *r0 = src_row(src, y0 + i * sy);
    /* Linear keeps one row: libyuv passes a zero row stride, so the "box" is that row twice. */
    const uint8_t *r1 = f == YUV_FILTER_BILINEAR ? src_row(src, y0 + i * sy + 1) : r0;
    for (int j = 0; j < dst_w; j++) {
      int x = x0 + j * sx;
      uint8_t *d = dst + ((size_t)i * (size_t)dst_w + (size_t)j) * 3;
      for (int c = 0; c < 3; c++) {
        if (f == YUV_FILTER_NONE) {
          d[c] = r0[3 * x + c];
        } else {
          int xn = x + 1 < src->width ? x + 1 : x;
          d[c] = avg_up(avg_up(r0[3 * x + c], r1[3 * x + c]), avg_up(r0[3 * xn + c], r1[3 * xn + c]));
        }
      }
    }
  }
}

static void scale_nearest(const tflc_image *src, int dst_w, int dst_h, yuv_axis xa, yuv_axis ya, uint8_t *dst) {
  int64_t y = ya.start;
  for (int i = 0; i < dst_h; i++, y += ya.step) {
    const uint8_t *row = src_row(src, (int)(y >> 16));
    int64_t x = xa.start;
    for (int j = 0; j < dst_w; j++, x += xa.step) {
      int xi = (int)(x >> 16) < src->width ? (int)(x >> 16) : src->width - 1;
      memcpy(dst + ((size_t)i * (size_t)dst_w + (size_t)j) * 3, row + 3 * xi, 3);
    }
  }
}

/* Width unchanged and sample columns integral: rows are blended, columns copied. */
static void scale_vertical(const tflc_image *src, int dst_h, yuv_axis xa, yuv_axis ya, yuv_filter f, uint8_t *dst) {
  size_t n = (size_t)src->width * 3;
  int max_y = src->height > 1 ? ((src->height - 1) << 16) - 1 : 0;
  int64_t y = ya.start;
  (void)xa;
  for (int i = 0; i < dst_h; i++, y += ya.step) {
    if (y > max_y) y = max_y;
    int yi = (int)(y >> 16), yf = f != YUV_FILTER_NONE ? (int)((y >> 8) & 255) : 0;
    blend_rows(dst + (size_t)i * n, src_row(src, yi), src_row(src, yi + 1), n, yf);
  }
}

/* Shrinking (or keeping) the height: blend two source rows, then filter the columns. */
static void scale_bilinear_down(const tflc_image *src, int dst_w, int dst_h, yuv_axis xa, yuv_axis ya, yuv_filter f,
                                uint8_t *row, uint8_t *dst) {
  size_t n = (size_t)src->width * 3;
  int max_y = (src->height - 1) << 16;
  int64_t y = ya.start > max_y ? max_y : ya.start;
  for (int i = 0; i < dst_h; i++) {
    int yi = (int)(y >> 16);
    const uint8_t *filtered = src_row(src, yi);
    if (f == YUV_FILTER_BILINEAR) {
      blend_rows(row, src_row(src, yi), src_row(src, yi + 1), n, (int)((y >> 8) & 255));
      filtered = row;
    }
    filter_columns(dst + (size_t)i * (size_t)dst_w * 3, filtered, src->width, dst_w, xa);
    y += ya.step;
    if (y > max_y) y = max_y;
  }
}

/* Growing the height: filter the columns of two source rows, then blend them. */
static void scale_bilinear_up(const tflc_image *src, int dst_w, int dst_h, yuv_axis xa, yuv_axis ya, yuv_filter f,
                              uint8_t *rows, uint8_t *dst) {
  size_t n = (size_t)dst_w * 3;
  int max_y = (src->height - 1) << 16;
  int64_t y = ya.start > max_y ? max_y : ya.start;
  int cached = -1; /* source row whose filtered columns are in rows[0..n) */
  for (int i = 0; i < dst_h; i++, y += ya.step) {
    if (y > max_y) y = max_y;
    int yi = (int)(y >> 16);
    if (yi != cached) {
      filter_columns(rows, src_row(src, yi), src->width, dst_w, xa);
      filter_columns(rows + n, src_row(src, yi + 1), src->width, dst_w, xa);
      cached = yi;
    }
    int yf = f == YUV_FILTER_BILINEAR ? (int)((y >> 8) & 255) : 0;
    blend_rows(dst + (size_t)i * n, rows, rows + n, n, yf);
  }
}

int tflc_image_resize_libyuv(const tflc_image *src, int out_w, int out_h, uint8_t *dst) {
  if (src == NULL || src->pixels == NULL || src->channels != 3 || src->width <= 0 || src->height <= 0 ||
      src->width >= 32768 || src->height >= 32768 || out_w <= 0 || out_h <= 0 || out_w >= 32768 ||
      out_h >= 32768 || dst == NULL)
    return -1;
  yuv_filter f = reduce_filter(src->width, src->height, out_w, out_h);
  yuv_axis xa, ya;
  if (f == YUV_FILTER_NONE) {
    xa = nearest_axis(src->width, out_w);
    ya = nearest_axis(src->height, out_h);
  } else {
    xa = filtered_axis(src->width, out_w);
    if (f == YUV_FILTER_BILINEAR) {
      ya = filtered_axis(src->height, out_h);
    } else { /* linear: nearest rows, sampled at step/2 */
      ya.step = fixed_div(src->height, out_h);
      ya.start = ya.step >> 1;
    }
  }
  if (((xa.step | ya.step) & 0xffff) == 0) {
    if (xa.step == 0 || ya.step == 0) {
      f = YUV_FILTER_NONE;
    } else if (!(xa.step & 0x10000) && !(ya.step & 0x10000)) {
      scale_down_even(src, out_w, out_h, xa, ya, f, dst);
      return 0;
    } else if ((xa.step & 0x10000) && (ya.step & 0x10000)) {
      f = YUV_FILTER_NONE; /* odd factors (and a plain copy) sample nearest */
    }
  }
  if (xa.step == 0x10000 && (xa.start & 0xffff) == 0) {
    scale_vertical(src, out_h, xa, ya, f, dst);
    return 0;
  }
  if (f == YUV_FILTER_NONE) {
    scale_nearest(src, out_w, out_h, xa, ya, dst);
    return 0;
  }
  size_t row_bytes = (size_t)(src->width > out_w ? src->width : out_w) * 3;
  uint8_t *rows = malloc(2 * row_bytes);
  if (rows == NULL) return -1;
  if (ya.step < 65536)
    scale_bilinear_up(src, out_w, out_h, xa, ya, f, rows, dst);
  else
    scale_bilinear_down(src, out_w, out_h, xa, ya, f, rows, dst);
  free(rows);
  return 0;
}
