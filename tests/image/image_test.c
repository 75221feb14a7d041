/*
** image_test.c — image decoding and resizing.
**
** 1. Fixtures (tests/image/data, made by make_fixtures.py): each decodes to exactly the
**    RGB bytes Pillow gives (JPEG gray/CMYK/progressive, PNG palette/gray/alpha/16-bit,
**    BMP 1/8/24/32-bit).
** 2. Every image case of shared/golden/CASES.tsv: load the image, resize to the model's
**    input, convert to its type; the bytes must equal the golden input_0.bin.
** 3. Hostile input: every truncation of the fixtures is an error, every single-byte
**    corruption decodes or fails cleanly, oversized headers are refused.
** 4. Synthetic BMPs (top-down, 4-bit, bitfields, V5 header), PNG writing, resize edges.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "image/image.h"
#include "test_util.h"

#ifndef TFLC_IMAGE_TEST_DATA
#define TFLC_IMAGE_TEST_DATA "../../tests/image/data"
#endif

TEST_COUNTERS;

static int load_path(const char *path, tflc_image *img) {
  char err[256];
  int rc = tflc_image_load(path, img, err, sizeof err);
  if (rc != 0) printf("  %s\n", err);
  return rc;
}

/* ---- 1. fixtures against Pillow ---- */

static void test_fixtures(void) {
  static const char *names[] = {
      "rgb.jpg", "rgb444.jpg", "progressive.jpg", "gray.jpg", "cmyk.jpg", "rgb.png",
      "rgba.png", "gray.png", "gray_alpha.png", "palette.png", "bilevel.png", "rgb16.png",
      "rgb24.bmp", "palette8.bmp", "bilevel.bmp", "rgba32.bmp"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[512], ref_path[512], stem[64];
    snprintf(path, sizeof path, "%s/%s", TFLC_IMAGE_TEST_DATA, names[i]);
    snprintf(stem, sizeof stem, "%s", names[i]);
    char *dot = strrchr(stem, '.');
    *dot = '_';
    snprintf(ref_path, sizeof ref_path, "%s/%s.rgb", TFLC_IMAGE_TEST_DATA, stem);
    size_t ref_size = 0;
    uint8_t *ref = test_read_file(ref_path, &ref_size);
    tflc_image img;
    int rc = load_path(path, &img);
    CHECK(ref != NULL && rc == 0);
    if (ref != NULL && rc == 0) {
      size_t n = (size_t)img.width * img.height * 3;
      int same = img.width == 19 && img.height == 13 && img.channels == 3 && n == ref_size &&
                 memcmp(img.pixels, ref, n) == 0;
      if (!same && n == ref_size) {
        int maxd = 0;
        for (size_t j = 0; j < n; j++) maxd = abs(img.pixels[j] - ref[j]) > maxd ? abs(img.pixels[j] - ref[j]) : maxd;
        printf("  %s: differs from Pillow by up to %d levels\n", names[i], maxd);
      }
      CHECK(same);
    }
    tflc_image_free(&img);
    free(ref);
  }
}

/* ---- 2. golden inputs ---- */

/* Reads "shape": [1, H, W, 3] and "dtype" of inputs[0] from a meta.json text. */
static int parse_input_meta(const char *json, int *h, int *w, char dtype[16]) {
  const char *in = strstr(json, "\"inputs\"");
  if (in == NULL) return -1;
  const char *d = strstr(in, "\"dtype\": \"");
  const char *s = strstr(in, "\"shape\": [");
  if (d == NULL || s == NULL) return -1;
  if (sscanf(d + 10, "%15[a-z0-9]", dtype) != 1) return -1;
  int n, c;
  if (sscanf(s + 10, "%d, %d, %d, %d", &n, h, w, &c) != 4 || n != 1 || c != 3) return -1;
  return 0;
}

/* Resizes and converts as img2input.py; returns a new buffer of *size bytes. */
static uint8_t *make_input(const tflc_image *img, int h, int w, const char *dtype, size_t *size) {
  size_t n = (size_t)h * w * 3;
  uint8_t *px = malloc(n);
  if (px == NULL || tflc_image_resize_bilinear(img, w, h, px) != 0) {
    free(px);
    return NULL;
  }
  if (strcmp(dtype, "uint8") == 0) {
    *size = n;
    return px;
  }
  if (strcmp(dtype, "int8") == 0) {
    for (size_t i = 0; i < n; i++) px[i] = (uint8_t)(int8_t)(px[i] - 128);
    *size = n;
    return px;
  }
  float *f = malloc(n * sizeof *f);
  if (f != NULL && strcmp(dtype, "float32") == 0)
    for (size_t i = 0; i < n; i++) f[i] = ((float)px[i] - 127.5f) / 127.5f;
  free(px);
  *size = n * sizeof(float);
  return (uint8_t *)f;
}

/* One CASES.tsv line "case\tshared/models/...\timage:PATH": finds its folder, checks it. */
static int check_golden_case(const char *shared, const char *name, const char *model, const char *image) {
  static const char *prefixes[] = {"", "coral_", "go_"};
  const char *base = strrchr(model, '/') ? strrchr(model, '/') + 1 : model;
  char dir[1024], path[1200];
  char *meta = NULL;
  size_t size;
  for (size_t p = 0; p < 3 && meta == NULL; p++) {
    snprintf(dir, sizeof dir, "%s/golden/%s%.*s/%s", shared, prefixes[p], (int)(strlen(base) - 7), base, name);
    snprintf(path, sizeof path, "%s/meta.json", dir);
    meta = (char *)test_read_file(path, &size);
    if (meta != NULL) {
      meta[size] = '\0';
      char quoted[600];
      snprintf(quoted, sizeof quoted, "\"model\": \"shared/%s\"", model);
      if (strstr(meta, quoted) == NULL) free(meta), meta = NULL;
    }
  }
  int h = 0, w = 0;
  char dtype[16] = "";
  if (meta == NULL) {
    printf("  skipped %s %s: no golden folder\n", name, model);
    return 0;
  }
  CHECK(parse_input_meta(meta, &h, &w, dtype) == 0);
  free(meta);
  if (h <= 0) return 0;
  tflc_image img;
  snprintf(path, sizeof path, "%s/%s", shared, image);
  if (load_path(path, &img) != 0) {
    CHECK(0);
    return 1;
  }
  size_t got_size = 0, want_size = 0;
  uint8_t *got = make_input(&img, h, w, dtype, &got_size);
  snprintf(path, sizeof path, "%s/input_0.bin", dir);
  uint8_t *want = test_read_file(path, &want_size);
  int same = got != NULL && want != NULL && got_size == want_size && memcmp(got, want, got_size) == 0;
  if (!same) printf("  input differs: %s (%s, %dx%d %s)\n", dir, image, w, h, dtype);
  CHECK(same);
  free(got);
  free(want);
  tflc_image_free(&img);
  return 1;
}

static void test_golden_inputs(const char *shared) {
  char path[1024];
  snprintf(path, sizeof path, "%s/golden/CASES.tsv", shared);
  size_t size;
  char *tsv = (char *)test_read_file(path, &size);
  CHECK(tsv != NULL);
  if (tsv == NULL) return;
  tsv[size] = '\0';
  int cases = 0;
  for (char *line = strtok(tsv, "\n"); line != NULL; line = strtok(NULL, "\n")) {
    char name[128], model[512], input[512];
    if (line[0] == '#' || sscanf(line, "%127[^\t]\t%511[^\t]\t%511s", name, model, input) != 3) continue;
    if (strncmp(input, "image:", 6) != 0 || strncmp(model, "shared/", 7) != 0) continue;
    cases += check_golden_case(shared, name, model + 7, input + 6);
  }
  printf("golden image inputs: %d cases\n", cases);
  CHECK(cases >= 40);
  free(tsv);
}

/* ---- 3. hostile input ---- */

static int decode(const uint8_t *data, size_t size) {
  tflc_image img;
  char err[256] = "";
  int rc = tflc_image_load_memory(data, size, &img, err, sizeof err);
  if (rc == 0) {
    if (img.pixels == NULL || img.channels != 3) rc = 99;
    tflc_image_free(&img);
  } else if (err[0] == '\0' || img.pixels != NULL) {
    rc = 98; /* a failure must say why and leave nothing allocated */
  }
  return rc;
}

/* Every truncation fails; every byte flip decodes or fails cleanly (no crash, no leak). */
static void check_hostile(const char *path, size_t allowed_tail) {
  size_t size;
  uint8_t *data = test_read_file(path, &size);
  CHECK(data != NULL);
  if (data == NULL) return;
  CHECK(decode(data, size) == 0);
  int bad_cut = 0, bad_flip = 0;
  for (size_t len = 0; len + allowed_tail < size; len++)
    if (decode(data, len) != -1) {
      if (!bad_cut) printf("  %s: truncation to %zu bytes was not an error\n", path, len);
      bad_cut++;
    }
  CHECK(bad_cut == 0);
  uint8_t *copy = malloc(size);
  for (size_t i = 0; copy != NULL && i < size; i++) {
    memcpy(copy, data, size);
    copy[i] ^= (uint8_t)(i % 7 == 0 ? 0x80 : 0xff);
    int rc = decode(copy, size);
    if (rc != 0 && rc != -1) bad_flip++;
  }
  CHECK(bad_flip == 0);
  free(copy);
  free(data);
}

static void test_hostile(const char *shared) {
  static const char *fixtures[] = {"rgb.jpg", "progressive.jpg", "gray.jpg", "cmyk.jpg",
                                   "rgb.png", "palette.png", "rgb16.png", "rgba.png"};
  char path[1024];
  for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", TFLC_IMAGE_TEST_DATA, fixtures[i]);
    check_hostile(path, 0);
  }
  /* BMP rows are padded to 4 bytes; the last row may lack its padding (19 * 3 = 57 + 3). */
  snprintf(path, sizeof path, "%s/rgb24.bmp", TFLC_IMAGE_TEST_DATA);
  check_hostile(path, 3);
  snprintf(path, sizeof path, "%s/palette8.bmp", TFLC_IMAGE_TEST_DATA);
  check_hostile(path, 1);
  snprintf(path, sizeof path, "%s/bilevel.bmp", TFLC_IMAGE_TEST_DATA);
  check_hostile(path, 1);
  snprintf(path, sizeof path, "%s/rgba32.bmp", TFLC_IMAGE_TEST_DATA);
  check_hostile(path, 0);

  /* Large real files: a few cuts each. */
  static const char *big[] = {"images/tflite_support/burger.jpg", "images/coral/cat.bmp",
                              "images/tflite_support/burger-224.png"};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", shared, big[i]);
    size_t size;
    uint8_t *data = test_read_file(path, &size);
    CHECK(data != NULL && decode(data, size) == 0);
    if (data == NULL) continue;
    size_t cuts[] = {1, 2, 3, 10, 30, 60, 200, size / 3, size / 2, size - 100, size - 2, size - 1};
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) CHECK(decode(data, cuts[c]) == -1);
    free(data);
  }

  CHECK(decode(NULL, 0) == -1);
  CHECK(decode((const uint8_t *)"GIF89a\1\0\1\0", 10) == -1);
  tflc_image img;
  char err[256] = "";
  CHECK(tflc_image_load("no/such/file.jpg", &img, err, sizeof err) == -1);
  CHECK(strstr(err, "no/such/file.jpg") != NULL && img.pixels == NULL);
}

/* ---- 4. synthetic files ---- */

static void put16(uint8_t *p, unsigned v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v & 0xffff), put16(p + 2, v >> 16); }
static void put32be(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

/* A BMP with the given header size, geometry and payload (palette/masks then pixels). */
static size_t make_bmp(uint8_t *buf, uint32_t header, int32_t w, int32_t h, int bpp, uint32_t comp,
                       const uint8_t *extra, size_t extra_len, const uint8_t *pixels, size_t pix_len) {
  memset(buf, 0, 14 + header);
  size_t off = 14 + header + extra_len;
  buf[0] = 'B', buf[1] = 'M';
  put32(buf + 2, (uint32_t)(off + pix_len));
  put32(buf + 10, (uint32_t)off);
  put32(buf + 14, header);
  put32(buf + 18, (uint32_t)w);
  put32(buf + 22, (uint32_t)h);
  put16(buf + 26, 1);
  put16(buf + 28, (unsigned)bpp);
  put32(buf + 30, comp);
  if (extra_len > 0) memcpy(buf + 14 + header, extra, extra_len);
  memcpy(buf + off, pixels, pix_len);
  return off + pix_len;
}

static int pixel_is(const tflc_image *img, int x, int y, int r, int g, int b) {
  const uint8_t *p = img->pixels + ((size_t)y * img->width + x) * 3;
  return p[0] == r && p[1] == g && p[2] == b;
}

static void test_synthetic_bmp(void) {
  uint8_t buf[1024];
  char err[256];
  tflc_image img;
  /* 24-bit top-down 2x2: rows B,G,R triples padded to 8 bytes. */
  const uint8_t px24[] = {0, 0, 255, 0, 255, 0, 0, 0, 255, 0, 0, 1, 2, 3, 0, 0};
  size_t n = make_bmp(buf, 40, 2, -2, 24, 0, NULL, 0, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == 0);
  CHECK(img.width == 2 && img.height == 2 && pixel_is(&img, 0, 0, 255, 0, 0) &&
        pixel_is(&img, 1, 0, 0, 255, 0) && pixel_is(&img, 0, 1, 0, 0, 255) && pixel_is(&img, 1, 1, 3, 2, 1));
  tflc_image_free(&img);
  /* Same pixels bottom-up: the first stored row is the bottom one. */
  n = make_bmp(buf, 40, 2, 2, 24, 0, NULL, 0, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == 0 && pixel_is(&img, 0, 1, 255, 0, 0) &&
        pixel_is(&img, 1, 0, 3, 2, 1));
  tflc_image_free(&img);
  /* 4-bit palette, 3x1: indices 1, 2, 0 (high nibble first); 3 colours used. */
  uint8_t pal[12] = {10, 20, 30, 0, 40, 50, 60, 0, 70, 80, 90, 0};
  const uint8_t px4[] = {0x12, 0x00, 0, 0};
  n = make_bmp(buf, 40, 3, 1, 4, 0, pal, sizeof pal, px4, sizeof px4);
  put32(buf + 46, 3); /* colours used */
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == 0 && pixel_is(&img, 0, 0, 60, 50, 40) &&
        pixel_is(&img, 1, 0, 90, 80, 70) && pixel_is(&img, 2, 0, 30, 20, 10));
  tflc_image_free(&img);
  /* A 4-bit palette claiming 17 colours is refused. */
  put32(buf + 46, 17);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == -1);
  /* 16-bit BI_BITFIELDS 565 after a 40-byte header: white, pure red. */
  uint8_t masks565[12];
  put32(masks565, 0xf800), put32(masks565 + 4, 0x07e0), put32(masks565 + 8, 0x001f);
  const uint8_t px16[] = {0xff, 0xff, 0x00, 0xf8};
  n = make_bmp(buf, 40, 2, 1, 16, 3, masks565, sizeof masks565, px16, sizeof px16);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == 0 && pixel_is(&img, 0, 0, 255, 255, 255) &&
        pixel_is(&img, 1, 0, 255, 0, 0));
  tflc_image_free(&img);
  /* 32-bit V5 header (masks inside it), RGBA byte order R,G,B,A. */
  uint8_t v5[1024];
  const uint8_t px32[] = {11, 22, 33, 255};
  n = make_bmp(v5, 124, 1, 1, 32, 3, NULL, 0, px32, sizeof px32);
  put32(v5 + 54, 0x000000ff), put32(v5 + 58, 0x0000ff00), put32(v5 + 62, 0x00ff0000);
  CHECK(tflc_image_load_memory(v5, n, &img, err, sizeof err) == 0 && pixel_is(&img, 0, 0, 11, 22, 33));
  tflc_image_free(&img);
  /* Non-contiguous mask, RLE, core header, bombs. */
  put32(v5 + 54, 0x000000f1);
  CHECK(tflc_image_load_memory(v5, n, &img, err, sizeof err) == -1);
  n = make_bmp(buf, 40, 2, 2, 8, 1, pal, sizeof pal, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == -1 && strstr(err, "RLE") != NULL);
  n = make_bmp(buf, 12, 2, 2, 24, 0, NULL, 0, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == -1);
  n = make_bmp(buf, 40, 40000, 1, 24, 0, NULL, 0, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == -1 && strstr(err, "too large") != NULL);
  n = make_bmp(buf, 40, 30000, 30000, 24, 0, NULL, 0, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == -1 && strstr(err, "too large") != NULL);
  n = make_bmp(buf, 40, 2, INT32_MIN, 24, 0, NULL, 0, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == -1);
  n = make_bmp(buf, 40, 1000, 1000, 24, 0, NULL, 0, px24, sizeof px24);
  CHECK(tflc_image_load_memory(buf, n, &img, err, sizeof err) == -1 && strstr(err, "truncated") != NULL);
}

/* PNG and JPEG headers announcing huge images are refused before decoding. */
static void test_bombs(void) {
  static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  uint8_t png[64];
  memcpy(png, sig, 8);
  put32be(png + 8, 13);
  memcpy(png + 12, "IHDR", 4);
  put32be(png + 16, 20000), put32be(png + 20, 20000);
  png[24] = 8, png[25] = 2, png[26] = 0, png[27] = 0, png[28] = 0;
  put32be(png + 29, (uint32_t)crc32(0, png + 12, 17));
  /* An empty IDAT: libpng reads the header chunks up to the first IDAT before we look. */
  put32be(png + 33, 0);
  memcpy(png + 37, "IDAT", 4);
  put32be(png + 41, (uint32_t)crc32(0, png + 37, 4));
  tflc_image img;
  char err[256] = "";
  CHECK(tflc_image_load_memory(png, 45, &img, err, sizeof err) == -1 && strstr(err, "too large") != NULL);
  put32be(png + 16, 40000), put32be(png + 20, 1);
  put32be(png + 29, (uint32_t)crc32(0, png + 12, 17));
  CHECK(tflc_image_load_memory(png, 45, &img, err, sizeof err) == -1);

  char path[512];
  snprintf(path, sizeof path, "%s/rgb.jpg", TFLC_IMAGE_TEST_DATA);
  size_t size;
  uint8_t *jpg = test_read_file(path, &size);
  CHECK(jpg != NULL);
  if (jpg == NULL) return;
  for (size_t i = 2; i + 9 < size; i++)
    if (jpg[i] == 0xff && jpg[i + 1] == 0xc0) { /* SOF0: length, precision, height, width */
      jpg[i + 5] = 0xea, jpg[i + 6] = 0x60, jpg[i + 7] = 0xea, jpg[i + 8] = 0x60;
      break;
    }
  err[0] = '\0';
  CHECK(tflc_image_load_memory(jpg, size, &img, err, sizeof err) == -1 && strstr(err, "too large") != NULL);
  /* Within the limits, but far more pixels than the file's bytes can describe (8000 x 8000). */
  for (size_t i = 2; i + 9 < size; i++)
    if (jpg[i] == 0xff && jpg[i + 1] == 0xc0) {
      jpg[i + 5] = 0x1f, jpg[i + 6] = 0x40, jpg[i + 7] = 0x1f, jpg[i + 8] = 0x40;
      break;
    }
  err[0] = '\0';
  CHECK(tflc_image_load_memory(jpg, size, &img, err, sizeof err) == -1 && strstr(err, "decompression bomb") != NULL);
  free(jpg);
}

static void test_png_write(void) {
  tflc_image src;
  char err[256];
  char path[512];
  snprintf(path, sizeof path, "%s/rgb.png", TFLC_IMAGE_TEST_DATA);
  CHECK(load_path(path, &src) == 0);
  if (src.pixels == NULL) return;
  const char *out = "image_test_out.png";
  CHECK(tflc_image_write_png(out, src.width, src.height, src.pixels, err, sizeof err) == 0);
  tflc_image back;
  CHECK(load_path(out, &back) == 0 && back.width == src.width && back.height == src.height &&
        memcmp(back.pixels, src.pixels, (size_t)src.width * src.height * 3) == 0);
  tflc_image_free(&back);
  remove(out);
  CHECK(tflc_image_write_png("no/such/dir/x.png", 1, 1, src.pixels, err, sizeof err) == -1);
  CHECK(tflc_image_write_png(out, 0, 1, src.pixels, err, sizeof err) == -1);
  tflc_image_free(&src);
}

static void test_resize(void) {
  uint8_t px[2 * 1 * 3] = {0, 100, 255, 255, 0, 10};
  tflc_image img = {2, 1, 3, px};
  uint8_t out[4 * 3];
  /* Same size is the identity. */
  CHECK(tflc_image_resize_bilinear(&img, 2, 1, out) == 0 && memcmp(out, px, 6) == 0);
  /* 2 -> 4: x = 0.25 * ... source coords -0.25 (clamped), 0.25, 0.75, 1.25 (clamped). */
  CHECK(tflc_image_resize_bilinear(&img, 4, 1, out) == 0);
  CHECK(out[0] == 0 && out[3] == 64 && out[6] == 191 && out[9] == 255); /* 63.75 -> 64, 191.25 -> 191 */
  CHECK(out[1] == 100 && out[4] == 75 && out[7] == 25 && out[10] == 0);
  /* 2 -> 1: the center, 127.5 rounds half up to 128. */
  CHECK(tflc_image_resize_bilinear(&img, 1, 1, out) == 0 && out[0] == 128 && out[1] == 50);
  CHECK(tflc_image_resize_bilinear(&img, 0, 1, out) == -1);
  CHECK(tflc_image_resize_bilinear(NULL, 1, 1, out) == -1);
  tflc_image bad = {2, 1, 4, px};
  CHECK(tflc_image_resize_bilinear(&bad, 1, 1, out) == -1);
}

/* Fills a w x h RGB image whose three channels all hold values[y * w + x]. */
static void gray_image(tflc_image *img, uint8_t *px, int w, int h, const uint8_t *values) {
  for (int i = 0; i < w * h; i++) px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = values[i];
  *img = (tflc_image){w, h, 3, px};
}

/*
** The Task Library's resize (libyuv ARGBScale, bilinear), values worked out by hand from the
** arithmetic stated in resize_libyuv.c: each case takes a different libyuv path.
*/
static void test_resize_libyuv(void) {
  uint8_t px[16 * 3], out[9 * 3];
  tflc_image img;
  /* 8x2 -> 2x1: steps 4 and 2, even: 2x2 boxes at column 4j + 1, row 0, averaged pairwise
     rounding up. Box {0, 0 / 1, 0}: avg(avg(0, 1), avg(0, 0)) = avg(1, 0) = 1, where the
     exact mean 0.25 would give 0. */
  static const uint8_t even[16] = {9, 0, 0, 9, 9, 200, 100, 9, 9, 1, 0, 9, 9, 50, 51, 9};
  gray_image(&img, px, 8, 2, even);
  CHECK(tflc_image_resize_libyuv(&img, 2, 1, out) == 0);
  CHECK(out[0] == 1 && out[1] == 1 && out[2] == 1);
  CHECK(out[3] == 101); /* avg(avg(200, 50), avg(100, 51)) = avg(125, 76) = 101 */
  /* 5x2 -> 2x2: height kept, so columns only, 7-bit fractions: x = 0.75 (f = 96) and 3.25
     (f = 32); (0*31 + 255*96) >> 7 = 191, (100*95 + 200*32) >> 7 = 124. */
  static const uint8_t linear[10] = {0, 255, 7, 100, 200, 0, 255, 7, 100, 200};
  gray_image(&img, px, 5, 2, linear);
  CHECK(tflc_image_resize_libyuv(&img, 2, 2, out) == 0);
  CHECK(out[0] == 191 && out[3] == 124 && out[6] == 191 && out[9] == 124);
  /* 2x2 -> 3x3, growing: corners aligned, step 32767/65536; columns first (fractions 0, 63,
     127 give 0, 125, 253 from {0, 255} and 253, 127, 0 from {255, 0}: libyuv's weights sum to
     127), then rows blended with f = 127: (129*0 + 127*253 + 128) >> 8 = 126. */
  static const uint8_t up[4] = {0, 255, 255, 0};
  gray_image(&img, px, 2, 2, up);
  CHECK(tflc_image_resize_libyuv(&img, 3, 3, out) == 0);
  CHECK(out[0] == 0 && out[3] == 125 && out[6] == 253);
  CHECK(out[9] == 126);
  /* Same size: a copy. Bad arguments: -1. */
  CHECK(tflc_image_resize_libyuv(&img, 2, 2, out) == 0 && out[3] == 255 && out[6] == 255 && out[9] == 0);
  CHECK(tflc_image_resize_libyuv(&img, 0, 2, out) == -1);
  CHECK(tflc_image_resize_libyuv(NULL, 2, 2, out) == -1);
}

/* Nearest-neighbour at floor(x * width / out_w): 5 -> 3 picks columns 0, 1, 3; 2 -> 4 repeats each
   column and row (output rows 0, 1 from source row 0; rows 2, 3 from row 1). */
static void test_resize_nearest(void) {
  uint8_t px[16 * 3], out[16 * 3];
  tflc_image img;
  static const uint8_t row[10] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  gray_image(&img, px, 5, 2, row);
  CHECK(tflc_image_resize_nearest(&img, 3, 1, out) == 0);
  CHECK(out[0] == 10 && out[3] == 20 && out[6] == 40 && out[1] == 10 && out[8] == 40);
  static const uint8_t two[4] = {1, 2, 3, 4};
  gray_image(&img, px, 2, 2, two);
  CHECK(tflc_image_resize_nearest(&img, 4, 4, out) == 0);
  CHECK(out[0] == 1 && out[3] == 1 && out[6] == 2 && out[9] == 2 && out[12] == 1 && out[12 * 2] == 3 && out[12 * 2 + 9] == 4);
  CHECK(tflc_image_resize_nearest(&img, 0, 2, out) == -1);
  CHECK(tflc_image_resize_nearest(NULL, 2, 2, out) == -1);
}

int main(void) {
  const char *shared = test_shared_dir();
  test_fixtures();
  test_golden_inputs(shared);
  test_hostile(shared);
  test_synthetic_bmp();
  test_bombs();
  test_png_write();
  test_resize();
  test_resize_libyuv();
  test_resize_nearest();
  return TEST_REPORT();
}
