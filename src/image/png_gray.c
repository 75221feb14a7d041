/*
** png_gray.c — writing 8-bit grayscale PNG files (class masks), through libpng.
*/
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "image/draw.h"
#include "image/image_internal.h"

typedef struct gray_write_state {
  FILE *file;
  char msg[200];
} gray_write_state;

/* libpng's error callback: keep the message and jump back to png_write_gray. */
static void on_gray_error(png_structp png, png_const_charp msg) {
  gray_write_state *s = png_get_error_ptr(png);
  snprintf(s->msg, sizeof s->msg, "%s", msg);
  png_longjmp(png, 1);
}

static void on_gray_warning(png_structp png, png_const_charp msg) {
  (void)png;
  (void)msg;
}

static void write_gray_body(png_structp png, png_infop info, FILE *file, int width, int height, const uint8_t *gray) {
  png_init_io(png, file);
  png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < height; y++) png_write_row(png, gray + (size_t)y * (size_t)width);
  png_write_end(png, NULL);
}

int tflc_image_write_png_gray(const char *path, int width, int height, const uint8_t *gray, char *err, size_t errlen) {
  if (path == NULL || gray == NULL || width <= 0 || height <= 0 || width > TFLC_IMAGE_MAX_SIDE ||
      height > TFLC_IMAGE_MAX_SIDE)
    return tflc__image_fail(err, errlen, "PNG: invalid arguments for writing a mask (%dx%d)", width, height);
  gray_write_state *s = calloc(1, sizeof *s);
  if (s == NULL) return tflc__image_fail(err, errlen, "PNG: out of memory");
  s->file = fopen(path, "wb");
  if (s->file == NULL) {
    free(s);
    return tflc__image_fail(err, errlen, "%s: cannot create", path);
  }
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, s, on_gray_error, on_gray_warning);
  png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
  int rc = 0;
  if (png == NULL || info == NULL) {
    rc = tflc__image_fail(err, errlen, "%s: out of memory", path);
  } else if (setjmp(png_jmpbuf(png)) != 0) {
    rc = tflc__image_fail(err, errlen, "%s: %s", path, s->msg);
  } else {
    write_gray_body(png, info, s->file, width, height, gray);
  }
  png_destroy_write_struct(png != NULL ? &png : NULL, info != NULL ? &info : NULL);
  if (fclose(s->file) != 0 && rc == 0) rc = tflc__image_fail(err, errlen, "%s: write error", path);
  free(s);
  return rc;
}
