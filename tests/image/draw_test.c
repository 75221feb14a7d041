/*
** draw_test.c — drawing primitives (src/image/draw.c) on small synthetic images, and the
** grayscale PNG writer read back through the decoder.
*/
#include <string.h>
#include <unistd.h>

#include "image/draw.h"
#include "image/image.h"
#include "test_util.h"

TEST_COUNTERS;

static int pixel_is(const tflc_image *img, int x, int y, uint8_t r, uint8_t g, uint8_t b) {
  const uint8_t *p = img->pixels + ((size_t)y * (size_t)img->width + (size_t)x) * 3;
  return p[0] == r && p[1] == g && p[2] == b;
}

static tflc_image gray_image(int w, int h, uint8_t v) {
  tflc_image img = {w, h, 3, malloc((size_t)w * h * 3)};
  if (img.pixels) memset(img.pixels, v, (size_t)w * h * 3);
  return img;
}

static void test_palette(void) {
  tflc_color c = tflc_palette_voc(0);
  CHECK(c.r == 0 && c.g == 0 && c.b == 0);
  c = tflc_palette_voc(1);
  CHECK(c.r == 128 && c.g == 0 && c.b == 0);
  c = tflc_palette_voc(15); /* person */
  CHECK(c.r == 192 && c.g == 128 && c.b == 128);
  c = tflc_palette_voc(13); /* horse */
  CHECK(c.r == 192 && c.g == 0 && c.b == 128);
  c = tflc_palette_voc(255); /* the VOC boundary colour */
  CHECK(c.r == 224 && c.g == 224 && c.b == 192);
  tflc_color a = tflc_palette_bright(0), b = tflc_palette_bright(12);
  CHECK(a.r == b.r && a.g == b.g && a.b == b.b);
}

static void test_rect(void) {
  tflc_image img = gray_image(20, 10, 100);
  const tflc_color red = {255, 0, 0};
  tflc_draw_rect(&img, 2, 3, 9, 8, 2, red);
  CHECK(pixel_is(&img, 2, 3, 255, 0, 0));  /* corner */
  CHECK(pixel_is(&img, 3, 4, 255, 0, 0));  /* second ring */
  CHECK(pixel_is(&img, 9, 8, 255, 0, 0));  /* opposite corner */
  CHECK(pixel_is(&img, 5, 6, 100, 100, 100)); /* inside: untouched */
  CHECK(pixel_is(&img, 10, 3, 100, 100, 100)); /* outside */
  /* Clipping: boxes partly or wholly outside the image, and absurd coordinates. */
  tflc_draw_rect(&img, -5, -5, 30, 30, 3, red);
  tflc_draw_rect(&img, 1000000, 1000000, 2000000, 2000000, 3, red);

  tflc_draw_fill_rect(&img, -2147483647, -2147483647, 2147483647, -1, red);
  CHECK(pixel_is(&img, 10, 5, 100, 100, 100));
  tflc_draw_fill_rect(&img, 15, 0, 25, 2, red);
  CHECK(pixel_is(&img, 19, 2, 255, 0, 0) && pixel_is(&img, 14, 2, 100, 100, 100));
  /* Extreme values are clamped, never overflowed: the huge box's thickness covers the image. */
  tflc_draw_rect(&img, -2147483647 - 1, -2147483647 - 1, 2147483647, 2147483647, 2147483647, red);
  tflc_draw_text(&img, 2147483647, -2147483647, "overflow", 2147483647, red);
  CHECK(pixel_is(&img, 10, 5, 255, 0, 0));
  free(img.pixels);
}

static void test_text(void) {
  tflc_image img = gray_image(60, 20, 0);
  const tflc_color white = {255, 255, 255};
  CHECK(tflc_draw_text_width("AB", 1) == 11 && tflc_draw_text_height(1) == 7 && tflc_draw_text_width("AB", 2) == 22);
  tflc_draw_text(&img, 1, 1, "I", 1, white);
  /* "I" is a vertical bar in column 2 of its glyph with serifs in rows 0 and 6. */
  CHECK(pixel_is(&img, 1 + 2, 1 + 3, 255, 255, 255));
  CHECK(pixel_is(&img, 1 + 0, 1 + 3, 0, 0, 0));
  CHECK(pixel_is(&img, 1 + 1, 1 + 0, 255, 255, 255));
  /* Lower case reads as upper case; unknown characters draw a box; nothing leaves the image. */
  tflc_draw_text(&img, 50, 15, "cat ~", 3, white);
  tflc_draw_label(&img, 55, 18, "label", 2, white, (tflc_color){0, 0, 255});
  CHECK(pixel_is(&img, 59, 19, 0, 0, 255)); /* moved inside: its background reaches the corner */
  free(img.pixels);
}

static void test_mask_and_legend(void) {
  tflc_image img = gray_image(4, 2, 200);
  uint8_t classes[8] = {0, 1, 15, 0, 15, 15, 1, 0};
  tflc_draw_mask(&img, classes, 1.0f, 0);
  CHECK(pixel_is(&img, 0, 0, 200, 200, 200)); /* skipped class */
  CHECK(pixel_is(&img, 1, 0, 128, 0, 0));     /* alpha 1: the class colour */
  CHECK(pixel_is(&img, 2, 0, 192, 128, 128));
  tflc_image half = gray_image(4, 2, 200);
  tflc_draw_mask(&half, classes, 0.5f, -1);
  CHECK(pixel_is(&half, 0, 0, 100, 100, 100)); /* class 0 black at 50% */
  CHECK(pixel_is(&half, 1, 0, 164, 100, 100));
  free(img.pixels);
  free(half.pixels);

  tflc_image big = gray_image(100, 60, 50);
  int present[2] = {13, 15};
  const char *names[2] = {"horse", NULL};
  tflc_draw_legend(&big, present, names, 2, 1);
  CHECK(pixel_is(&big, 1, 1, 255, 255, 255)); /* the white panel */
  CHECK(pixel_is(&big, 4, 4, 192, 0, 128));   /* horse swatch (inside its border) */
  CHECK(pixel_is(&big, 90, 50, 50, 50, 50));  /* away from the legend */
  free(big.pixels);
}

static void test_gray_png(void) {
  char path[] = "/tmp/tflc_draw_test_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return;
  close(fd);
  uint8_t mask[6 * 3] = {0, 1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 60, 255, 254, 253, 0, 0, 7};
  char err[256];
  CHECK(tflc_image_write_png_gray(path, 6, 3, mask, err, sizeof err) == 0);
  tflc_image back;
  CHECK(tflc_image_load(path, &back, err, sizeof err) == 0);
  CHECK(back.width == 6 && back.height == 3);
  int same = back.pixels != NULL;
  for (int i = 0; same && i < 18; i++) same = back.pixels[3 * i] == mask[i] && back.pixels[3 * i + 2] == mask[i];
  CHECK(same);
  tflc_image_free(&back);
  CHECK(tflc_image_write_png_gray("/nonexistent/dir/x.png", 6, 3, mask, err, sizeof err) != 0 && err[0] != 0);
  CHECK(tflc_image_write_png_gray(path, 0, 3, mask, err, sizeof err) != 0);
  remove(path);
}

int main(void) {
  test_palette();
  test_rect();
  test_text();
  test_mask_and_legend();
  test_gray_png();
  return TEST_REPORT();
}
