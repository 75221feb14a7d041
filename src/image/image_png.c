/*
** image_png.c — PNG decoding and encoding through libpng.
**
** libpng reports errors by longjmp to the png_jmpbuf of the struct; everything a
** longjmp may cross is kept in a heap state struct rather than in locals (which would
** otherwise need to be volatile). Warnings are dropped: they never stop a decode.
*/
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "image/image_internal.h"

/* Largest chunk libpng may allocate for (text, iCCP...): real labels never need more. */
#define MAX_PNG_CHUNK (8u << 20)

typedef struct png_read_state {
  const uint8_t *data;
  size_t size, pos;
  png_bytep *rows; /* row pointers into out->pixels */
  tflc_image *out;
  char msg[200];
} png_read_state;

static void on_png_error(png_structp png, png_const_charp msg) {
  png_read_state *s = png_get_error_ptr(png);
  snprintf(s->msg, sizeof s->msg, "%s", msg);
  png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg) { (void)png, (void)msg; }

static void read_from_memory(png_structp png, png_bytep dst, png_size_t len) {
  png_read_state *s = png_get_io_ptr(png);
  if (len > s->size - s->pos) png_error(png, "file is truncated");
  memcpy(dst, s->data + s->pos, len);
  s->pos += len;
}

/*
** Asks libpng for 8-bit RGB whatever the stored format, as Pillow's convert("RGB") does
** for 8-bit files: palette and low bit depths are expanded, gray is replicated and alpha
** is dropped without compositing. 16-bit samples keep their high byte (Pillow does the
** same for 16-bit RGB; for 16-bit gray it clips instead, which we do not copy).
*/
static void request_rgb8(png_structp png, png_infop info) {
  int color = png_get_color_type(png, info);
  if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8)
    png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_bit_depth(png, info) == 16) png_set_strip_16(png);
  if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
  /* Expanding a palette also turns tRNS into alpha, so strip it in that case too. */
  if ((color & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS))
    png_set_strip_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
}

static int decode_body(png_structp png, png_infop info, png_read_state *s, char *err, size_t errlen) {
  png_set_read_fn(png, s, read_from_memory);
  png_set_user_limits(png, TFLC_IMAGE_MAX_SIDE, TFLC_IMAGE_MAX_SIDE);
  png_set_chunk_malloc_max(png, MAX_PNG_CHUNK);
  png_read_info(png, info);
  png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
  if (tflc__image_alloc(s->out, "PNG", w, h, err, errlen) != 0) return -1;
  request_rgb8(png, info);
  if (png_get_channels(png, info) != 3 || png_get_bit_depth(png, info) != 8 ||
      png_get_rowbytes(png, info) != (size_t)w * 3)
    return tflc__image_fail(err, errlen, "PNG: could not convert to 8-bit RGB");
  s->rows = malloc((size_t)h * sizeof *s->rows);
  if (s->rows == NULL) return tflc__image_fail(err, errlen, "PNG: out of memory");
  for (png_uint_32 y = 0; y < h; y++) s->rows[y] = s->out->pixels + (size_t)y * w * 3;
  png_read_image(png, s->rows);
  png_read_end(png, NULL);
  return 0;
}

int tflc__image_decode_png(const uint8_t *data, size_t size, tflc_image *out, char *err,
                           size_t errlen) {
  png_read_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tflc__image_fail(err, errlen, "PNG: out of memory");
  s->data = data;
  s->size = size;
  s->out = out;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, s, on_png_error, on_png_warning);
  png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
  int rc;
  if (png == NULL || info == NULL) {
    rc = tflc__image_fail(err, errlen, "PNG: out of memory");
  } else if (setjmp(png_jmpbuf(png)) != 0) {
    rc = tflc__image_fail(err, errlen, "PNG: %s", s->msg);
  } else {
    rc = decode_body(png, info, s, err, errlen);
  }
  png_destroy_read_struct(png != NULL ? &png : NULL, info != NULL ? &info : NULL, NULL);
  free(s->rows);
  if (rc != 0) tflc_image_free(out);
  free(s);
  return rc;
}

typedef struct png_write_state {
  FILE *file;
  char msg[200];
} png_write_state;

static void on_png_write_error(png_structp png, png_const_charp msg) {
  png_write_state *s = png_get_error_ptr(png);
  snprintf(s->msg, sizeof s->msg, "%s", msg);
  png_longjmp(png, 1);
}

static void write_body(png_structp png, png_infop info, png_write_state *s, int width, int height,
                       const uint8_t *rgb) {
  png_init_io(png, s->file);
  png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < height; y++)
    png_write_row(png, rgb + (size_t)y * (size_t)width * 3);
  png_write_end(png, NULL);
}

int tflc_image_write_png(const char *path, int width, int height, const uint8_t *rgb, char *err,
                         size_t errlen) {
  if (path == NULL || rgb == NULL || width <= 0 || height <= 0 || width > TFLC_IMAGE_MAX_SIDE ||
      height > TFLC_IMAGE_MAX_SIDE)
    return tflc__image_fail(err, errlen, "PNG: invalid arguments for writing (%dx%d)", width, height);
  png_write_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tflc__image_fail(err, errlen, "PNG: out of memory");
  s->file = fopen(path, "wb");
  if (s->file == NULL) {
    free(s);
    return tflc__image_fail(err, errlen, "%s: cannot create", path);
  }
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, s, on_png_write_error, on_png_warning);
  png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
  int rc = 0;
  if (png == NULL || info == NULL) {
    rc = tflc__image_fail(err, errlen, "%s: out of memory", path);
  } else if (setjmp(png_jmpbuf(png)) != 0) {
    rc = tflc__image_fail(err, errlen, "%s: %s", path, s->msg);
  } else {
    write_body(png, info, s, width, height, rgb);
  }
  png_destroy_write_struct(png != NULL ? &png : NULL, info != NULL ? &info : NULL);
  if (fclose(s->file) != 0 && rc == 0) rc = tflc__image_fail(err, errlen, "%s: write error", path);
  free(s);
  return rc;
}
