/*
** image_internal.h — what the format decoders share (not part of the public API).
*/
#ifndef TFLC_IMAGE_IMAGE_INTERNAL_H_
#define TFLC_IMAGE_IMAGE_INTERNAL_H_

#include <stddef.h>
#include <stdint.h>

#include "image/image.h"

/* Writes a formatted message into err (if any) and returns -1. */
int tflc__image_fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
** Checks width and height against the limits and allocates out->pixels for them.
** `format` names the decoder in messages. On failure out is left zeroed.
*/
int tflc__image_alloc(tflc_image *out, const char *format, uint64_t width, uint64_t height,
                      char *err, size_t errlen);

/* The decoders: each fills *out (zeroed on entry) or returns -1 with a message. */
int tflc__image_decode_jpeg(const uint8_t *data, size_t size, tflc_image *out, char *err,
                            size_t errlen);
int tflc__image_decode_jpeg_stb(const uint8_t *data, size_t size, tflc_image *out, char *err,
                                size_t errlen);
int tflc__image_decode_png(const uint8_t *data, size_t size, tflc_image *out, char *err,
                           size_t errlen);
int tflc__image_decode_bmp(const uint8_t *data, size_t size, tflc_image *out, char *err,
                           size_t errlen);

#endif /* TFLC_IMAGE_IMAGE_INTERNAL_H_ */
