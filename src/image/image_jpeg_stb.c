/*
** image_jpeg_stb.c — JPEG decoding through stb_image, the decoder of the TensorFlow Lite
** Task Library (its tests and desktop examples load images with stb_image).
**
** Why a second JPEG decoder: libjpeg and stb_image differ in their IDCT, chroma upsampling and
** colour conversion by a level on many pixels, and results published for TFLite tasks were
** made with stb_image; `tflc detect --preprocess task-library` uses it to reproduce them.
** libjpeg stays the default: it is the better-hardened decoder of untrusted files, and the one
** the fuzz_image target covers; stb_image is opt-in (the same size limits apply before it
** allocates, and it runs under the sanitizers in tasks_test).
**
** stb_image comes from Debian's libstb-dev as a header holding its implementation; it is
** compiled here, only its JPEG part. Built without it (TFLC_HAVE_STB_IMAGE undefined), the
** decoder reports that it is missing.
*/
#include <stdlib.h>
#include <string.h>

#include "image/image_internal.h"

#ifdef TFLC_HAVE_STB_IMAGE
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
#define STBI_NO_HDR
#define STBI_NO_LINEAR
#define STBI_NO_THREAD_LOCALS
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
/* Third-party code: its warnings are not ours (kept off to the end of this file, where GCC
   reports the static functions STBI_ONLY_JPEG leaves undefined). */
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#endif
#include <stb/stb_image.h>

int tflc__image_decode_jpeg_stb(const uint8_t *data, size_t size, tflc_image *out, char *err, size_t errlen) {
  if (size > (size_t)INT32_MAX) return tflc__image_fail(err, errlen, "jpeg (stb_image): file too large");
  int w = 0, h = 0, comp = 0;
  /* The header first: the size limits apply before stb_image allocates anything. */
  if (!stbi_info_from_memory(data, (int)size, &w, &h, &comp))
    return tflc__image_fail(err, errlen, "jpeg (stb_image): %s", stbi_failure_reason());
  tflc_image img;
  memset(&img, 0, sizeof img);
  if (tflc__image_alloc(&img, "jpeg", (uint64_t)w, (uint64_t)h, err, errlen) != 0) return -1;
  int dw = 0, dh = 0;
  unsigned char *px = stbi_load_from_memory(data, (int)size, &dw, &dh, &comp, 3);
  if (px == NULL || dw != w || dh != h) {
    tflc_image_free(&img);
    stbi_image_free(px);
    return tflc__image_fail(err, errlen, "jpeg (stb_image): %s", px ? "size changed while decoding" : stbi_failure_reason());
  }
  memcpy(img.pixels, px, (size_t)w * (size_t)h * 3);
  stbi_image_free(px);
  *out = img;
  return 0;
}
#else
int tflc__image_decode_jpeg_stb(const uint8_t *data, size_t size, tflc_image *out, char *err, size_t errlen) {
  (void)data;
  (void)size;
  (void)out;
  return tflc__image_fail(err, errlen, "jpeg (stb_image): tflc was built without stb_image (install libstb-dev and rebuild)");
}
#endif
