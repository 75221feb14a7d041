/*
** classifier.c — fill input 0 from an image, invoke, take the top K of output 0.
** See classifier.h. Uses only the public TensorFlow Lite C API.
*/
#include "tasks/classifier.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest input side accepted: the same bound as decoded images. */
#define MAX_INPUT_SIDE TFLC_IMAGE_MAX_SIDE
/* Output 0 holds the class scores; more than this many classes is not a classifier. */
#define MAX_CLASSES (1 << 24)

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err != NULL && errlen > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

static size_t element_size(TfLiteType type) {
  switch (type) {
    case kTfLiteUInt8:
    case kTfLiteInt8: return 1;
    case kTfLiteFloat32: return 4;
    default: return 0;
  }
}

/* Converts resized RGB pixels into the input's element type, in `dst` (n elements). */
static void pixels_to_input(const uint8_t *px, size_t n, TfLiteType type, void *dst) {
  if (type == kTfLiteUInt8) {
    memcpy(dst, px, n);
  } else if (type == kTfLiteInt8) {
    int8_t *d = dst;
    for (size_t i = 0; i < n; i++) d[i] = (int8_t)((int)px[i] - 128);
  } else {
    float *d = dst;
    for (size_t i = 0; i < n; i++) d[i] = ((float)px[i] - 127.5f) / 127.5f;
  }
}

/* Resizes the image to input 0's [1, H, W, 3] and copies it in (see classifier.h). */
int tflc_fill_image_input(TfLiteInterpreter *interp, const tflc_image *image, char *err, size_t errlen) {
  return tflc_fill_image_input_resized(interp, image, TFLC_PREPROCESS_PLAIN, err, errlen);
}

/* Resizes image into px (w x h RGB) by the chosen method. */
static int resize_image(const tflc_image *image, tflc_preprocess resize, int w, int h, uint8_t *px) {
  switch (resize) {
    case TFLC_PREPROCESS_TASK_LIBRARY: return tflc_image_resize_libyuv(image, w, h, px);
    case TFLC_PREPROCESS_ANDROID_NEAREST: return tflc_image_resize_nearest(image, w, h, px);
    case TFLC_PREPROCESS_PLAIN: break;
  }
  return tflc_image_resize_bilinear(image, w, h, px);
}

int tflc_fill_image_input_resized(TfLiteInterpreter *interp, const tflc_image *image, tflc_preprocess resize,
                                  char *err, size_t errlen) {
  TfLiteTensor *in = TfLiteInterpreterGetInputTensor(interp, 0);
  if (in == NULL) return fail(err, errlen, "classify: the model has no input 0");
  TfLiteType type = TfLiteTensorType(in);
  size_t esize = element_size(type);
  if (esize == 0) return fail(err, errlen, "classify: input 0 has type %d (need uint8, int8 or float32)", (int)type);
  int32_t h = TfLiteTensorNumDims(in) == 4 ? TfLiteTensorDim(in, 1) : -1;
  int32_t w = TfLiteTensorNumDims(in) == 4 ? TfLiteTensorDim(in, 2) : -1;
  if (TfLiteTensorNumDims(in) != 4 || TfLiteTensorDim(in, 0) != 1 || TfLiteTensorDim(in, 3) != 3 || h <= 0 ||
      w <= 0 || h > MAX_INPUT_SIDE || w > MAX_INPUT_SIDE)
    return fail(err, errlen, "classify: input 0 must have shape [1, H, W, 3] (%d dims, H=%d, W=%d)",
                (int)TfLiteTensorNumDims(in), (int)h, (int)w);
  size_t n = (size_t)h * (size_t)w * 3; /* both sides <= 2^15: no overflow */
  if (TfLiteTensorByteSize(in) != n * esize)
    return fail(err, errlen, "classify: input 0 holds %zu bytes, expected %zu", TfLiteTensorByteSize(in), n * esize);
  /* Resize into bytes, then convert into a second buffer unless the input takes bytes. */
  uint8_t *px = malloc(n);
  void *buf = type == kTfLiteUInt8 ? NULL : malloc(n * esize);
  int rc = 0;
  if (px == NULL || (type != kTfLiteUInt8 && buf == NULL)) {
    rc = fail(err, errlen, "classify: out of memory for a %dx%d input", (int)w, (int)h);
  } else if (resize_image(image, resize, (int)w, (int)h, px) != 0) {
    rc = fail(err, errlen, "classify: invalid image (%dx%d, %d channels)", image->width, image->height,
              image->channels);
  } else {
    if (buf != NULL) pixels_to_input(px, n, type, buf);
    if (TfLiteTensorCopyFromBuffer(in, buf != NULL ? buf : px, n * esize) != kTfLiteOk)
      rc = fail(err, errlen, "classify: could not copy the image into input 0");
  }
  free(px);
  free(buf);
  return rc;
}

/* Reads output 0 as n dequantized floats into a new array (*scores, caller frees). */
static int read_scores(const TfLiteInterpreter *interp, float **scores, int *n, char *err, size_t errlen) {
  *scores = NULL;
  *n = 0;
  const TfLiteTensor *o = TfLiteInterpreterGetOutputTensor(interp, 0);
  if (o == NULL) return fail(err, errlen, "classify: the model has no output 0");
  TfLiteType type = TfLiteTensorType(o);
  size_t esize = element_size(type);
  if (esize == 0) return fail(err, errlen, "classify: output 0 has type %d (need uint8, int8 or float32)", (int)type);
  size_t bytes = TfLiteTensorByteSize(o);
  size_t count = bytes / esize;
  if (count == 0 || count > MAX_CLASSES || bytes % esize != 0)
    return fail(err, errlen, "classify: output 0 holds %zu bytes, not a list of class scores", bytes);
  void *raw = malloc(bytes);
  float *s = malloc(count * sizeof *s);
  if (raw == NULL || s == NULL || TfLiteTensorCopyToBuffer(o, raw, bytes) != kTfLiteOk) {
    free(raw);
    free(s);
    return fail(err, errlen, "classify: could not read output 0 (%zu bytes)", bytes);
  }
  TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(o);
  for (size_t i = 0; i < count; i++) {
    if (type == kTfLiteFloat32) memcpy(&s[i], (const uint8_t *)raw + 4 * i, 4);
    else if (type == kTfLiteUInt8) s[i] = (float)((int32_t)((const uint8_t *)raw)[i] - q.zero_point) * q.scale;
    else s[i] = (float)((int32_t)((const int8_t *)raw)[i] - q.zero_point) * q.scale;
  }
  free(raw);
  *scores = s;
  *n = (int)count;
  return 0;
}

int tflc_classify_top_k(TfLiteInterpreter *interpreter, const tflc_image *image, int k, tflc_class *out,
                        int *count, char *err, size_t errlen) {
  if (count != NULL) *count = 0;
  if (interpreter == NULL || image == NULL || out == NULL || count == NULL || k <= 0)
    return fail(err, errlen, "classify: invalid arguments (k=%d)", k);
  if (tflc_fill_image_input(interpreter, image, err, errlen) != 0) return -1;
  if (TfLiteInterpreterInvoke(interpreter) != kTfLiteOk)
    return fail(err, errlen, "classify: TfLiteInterpreterInvoke failed (see the error reporter)");
  float *scores;
  int n;
  if (read_scores(interpreter, &scores, &n, err, errlen) != 0) return -1;
  *count = tflc_scores_top_k(scores, n, k, out);
  free(scores);
  return 0;
}
