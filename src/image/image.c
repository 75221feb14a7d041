/*
** image.c — format detection, file reading, limits, and plain bilinear resizing.
** The decoders live in image_jpeg.c, image_png.c and image_bmp.c.
*/
#include "image/image.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"

int tflc__image_fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err != NULL && errlen > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

int tflc__image_alloc(tflc_image *out, const char *format, uint64_t width, uint64_t height,
                      char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  if (width == 0 || height == 0)
    return tflc__image_fail(err, errlen, "%s: empty image (%llux%llu)", format,
                            (unsigned long long)width, (unsigned long long)height);
  if (width > TFLC_IMAGE_MAX_SIDE || height > TFLC_IMAGE_MAX_SIDE ||
      width * height > TFLC_IMAGE_MAX_PIXELS)  /* both <= 2^15: the product cannot overflow */
    return tflc__image_fail(err, errlen, "%s: image too large (%llux%llu; limit %d per side, %llu pixels)",
                            format, (unsigned long long)width, (unsigned long long)height,
                            TFLC_IMAGE_MAX_SIDE, (unsigned long long)TFLC_IMAGE_MAX_PIXELS);
  size_t bytes = (size_t)(width * height * 3);  /* <= 3 * 2^28, fits size_t */
  out->pixels = malloc(bytes);
  if (out->pixels == NULL)
    return tflc__image_fail(err, errlen, "%s: out of memory for %llux%llu pixels", format,
                            (unsigned long long)width, (unsigned long long)height);
  out->width = (int)width;
  out->height = (int)height;
  out->channels = 3;
  return 0;
}

void tflc_image_free(tflc_image *img) {
  if (img == NULL) return;
  free(img->pixels);
  memset(img, 0, sizeof *img);
}

int tflc_image_load_memory(const uint8_t *data, size_t size, tflc_image *out, char *err,
                           size_t errlen) {
  return tflc_image_load_memory_with(data, size, TFLC_JPEG_LIBJPEG, out, err, errlen);
}

int tflc_image_load_memory_with(const uint8_t *data, size_t size, tflc_jpeg_decoder jpeg, tflc_image *out,
                                char *err, size_t errlen) {
  static const uint8_t png_magic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (out == NULL) return tflc__image_fail(err, errlen, "image: no output image given");
  memset(out, 0, sizeof *out);
  if (data == NULL && size > 0) return tflc__image_fail(err, errlen, "image: no data given");
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return jpeg == TFLC_JPEG_STB_IMAGE ? tflc__image_decode_jpeg_stb(data, size, out, err, errlen)
                                       : tflc__image_decode_jpeg(data, size, out, err, errlen);
  if (size >= 8 && memcmp(data, png_magic, 8) == 0)
    return tflc__image_decode_png(data, size, out, err, errlen);
  if (size >= 2 && data[0] == 'B' && data[1] == 'M')
    return tflc__image_decode_bmp(data, size, out, err, errlen);
  return tflc__image_fail(err, errlen, "image: unknown format (%zu bytes; expected JPEG, PNG or BMP)",
                          size);
}

/* Reads the whole file into a new buffer; -1 with a message naming the path on failure. */
static int read_file(const char *path, uint8_t **data, size_t *size, char *err, size_t errlen) {
  *data = NULL;
  *size = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL) return tflc__image_fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
  long len = -1;
  if (fseek(f, 0, SEEK_END) == 0) len = ftell(f);
  if (len < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return tflc__image_fail(err, errlen, "%s: cannot determine the file size", path);
  }
  if ((uint64_t)len > TFLC_IMAGE_MAX_FILE) {
    fclose(f);
    return tflc__image_fail(err, errlen, "%s: file too large (%ld bytes; limit %llu)", path, len,
                            (unsigned long long)TFLC_IMAGE_MAX_FILE);
  }
  uint8_t *buf = malloc(len > 0 ? (size_t)len : 1);
  if (buf == NULL) {
    fclose(f);
    return tflc__image_fail(err, errlen, "%s: out of memory for %ld bytes", path, len);
  }
  size_t got = fread(buf, 1, (size_t)len, f);
  int read_error = ferror(f);
  fclose(f);
  if (got != (size_t)len || read_error) {
    free(buf);
    return tflc__image_fail(err, errlen, "%s: read error (%zu of %ld bytes)", path, got, len);
  }
  *data = buf;
  *size = (size_t)len;
  return 0;
}

int tflc_image_load(const char *path, tflc_image *out, char *err, size_t errlen) {
  return tflc_image_load_with(path, TFLC_JPEG_LIBJPEG, out, err, errlen);
}

int tflc_image_load_with(const char *path, tflc_jpeg_decoder jpeg, tflc_image *out, char *err, size_t errlen) {
  if (out == NULL || path == NULL)
    return tflc__image_fail(err, errlen, "image: no path or output image given");
  memset(out, 0, sizeof *out);
  uint8_t *data;
  size_t size;
  if (read_file(path, &data, &size, err, errlen) != 0) return -1;
  char msg[256];
  int rc = tflc_image_load_memory_with(data, size, jpeg, out, msg, sizeof msg);
  free(data);
  if (rc != 0) return tflc__image_fail(err, errlen, "%s: %s", path, msg);
  return 0;
}

/*
** One axis of the sampling grid: source coordinate of output index i with half-pixel
** centers, clamped to the image, split into the two taps and the weight of the second.
** The arithmetic follows img2input.py's numpy expression step by step, including the
** order (i + 0.5) * (src / dst) - 0.5, so every double rounds the same way. (This needs
** the compiler not to fuse a*b+c into an FMA; -std=c11 keeps GCC from doing so.)
*/
typedef struct axis_tap {
  int i0, i1;
  double w; /* weight of i1; i0 gets 1 - w */
} axis_tap;

static axis_tap axis_tap_at(int i, int src_len, int dst_len) {
  double s = ((double)i + 0.5) * ((double)src_len / (double)dst_len) - 0.5;
  if (s < 0.0) s = 0.0;
  if (s > (double)(src_len - 1)) s = (double)(src_len - 1);
  axis_tap t;
  t.i0 = (int)floor(s);
  t.i1 = t.i0 + 1 < src_len ? t.i0 + 1 : src_len - 1;
  t.w = s - (double)t.i0;
  return t;
}

static uint8_t round_half_up_u8(double v) {
  double r = floor(v + 0.5);
  if (r < 0.0) return 0;
  if (r > 255.0) return 255;
  return (uint8_t)r;
}

/* An RGB source with pixels, a destination, and an output size within TFLC_IMAGE_MAX_SIDE. */
static bool resize_arguments_valid(const tflc_image *src, int out_w, int out_h, const uint8_t *dst) {
  return src != NULL && src->pixels != NULL && dst != NULL && src->channels == 3 && src->width > 0 &&
         src->height > 0 && out_w > 0 && out_h > 0 && out_w <= TFLC_IMAGE_MAX_SIDE && out_h <= TFLC_IMAGE_MAX_SIDE;
}

int tflc_image_resize_nearest(const tflc_image *src, int out_w, int out_h, uint8_t *dst) {
  if (!resize_arguments_valid(src, out_w, out_h, dst)) return -1;
  const size_t stride = (size_t)src->width * 3;
  for (int y = 0; y < out_h; y++) {
    /* 64-bit products: sides are below 2^31, so y * height fits. */
    const uint8_t *row = src->pixels + (size_t)((int64_t)y * src->height / out_h) * stride;
    uint8_t *out = dst + (size_t)y * out_w * 3;
    for (int x = 0; x < out_w; x++) {
      const uint8_t *px = row + (size_t)((int64_t)x * src->width / out_w) * 3;
      out[(size_t)x * 3] = px[0];
      out[(size_t)x * 3 + 1] = px[1];
      out[(size_t)x * 3 + 2] = px[2];
    }
  }
  return 0;
}

int tflc_image_resize_bilinear(const tflc_image *src, int out_w, int out_h, uint8_t *dst) {
  if (!resize_arguments_valid(src, out_w, out_h, dst)) return -1;
  const size_t stride = (size_t)src->width * 3;
  for (int y = 0; y < out_h; y++) {
    axis_tap ty = axis_tap_at(y, src->height, out_h);
    const uint8_t *row0 = src->pixels + (size_t)ty.i0 * stride;
    const uint8_t *row1 = src->pixels + (size_t)ty.i1 * stride;
    uint8_t *out = dst + (size_t)y * out_w * 3;
    for (int x = 0; x < out_w; x++) {
      axis_tap tx = axis_tap_at(x, src->width, out_w);
      const size_t a = (size_t)tx.i0 * 3, b = (size_t)tx.i1 * 3;
      for (int c = 0; c < 3; c++) {
        double top = (double)row0[a + c] * (1.0 - tx.w) + (double)row0[b + c] * tx.w;
        double bot = (double)row1[a + c] * (1.0 - tx.w) + (double)row1[b + c] * tx.w;
        out[(size_t)x * 3 + c] = round_half_up_u8(top * (1.0 - ty.w) + bot * ty.w);
      }
    }
  }
  return 0;
}
