/*
** image.h — decoding JPEG, PNG and BMP files into 8-bit RGB, resizing, writing PNG.
**
** Image files are untrusted input. Every decoder checks sizes against the data it was
** given and against the limits below before allocating, and a truncated or corrupt
** file returns -1 with a message in `err`; nothing here exits or aborts. JPEG and PNG
** go through libjpeg(-turbo) and libpng with setjmp-based error handlers; BMP has its
** own parser.
**
** Every decoded image is converted to 3 channels, RGB interleaved, rows top to bottom:
** grayscale is replicated, palettes are expanded, alpha is dropped (not composited),
** 16-bit samples keep their high byte and CMYK is converted. For 8-bit files these are
** the conversions Pillow's Image.convert("RGB") makes, so inputs match the reference tools.
**
** Error convention: functions return 0 on success and -1 on failure with a
** NUL-terminated message in err[0..errlen) (err may be NULL when errlen is 0).
*/
#ifndef TFLC_IMAGE_IMAGE_H_
#define TFLC_IMAGE_IMAGE_H_

#include <stddef.h>
#include <stdint.h>

/* Limits that refuse decompression bombs before any pixel buffer is allocated. */
#define TFLC_IMAGE_MAX_SIDE 32768                  /* pixels per side */
#define TFLC_IMAGE_MAX_PIXELS ((uint64_t)1 << 28)  /* width * height */
#define TFLC_IMAGE_MAX_FILE ((uint64_t)1 << 30)    /* bytes read by tflc_image_load */

typedef struct tflc_image {
  int width, height;
  int channels;    /* always 3 */
  uint8_t *pixels; /* (height, width, 3) RGB, owned; free with tflc_image_free */
} tflc_image;

/*
** Reads the file at `path` and decodes it (format chosen from its first bytes, not its
** name). On success *out owns a new pixel buffer; on failure *out is zeroed.
*/
int tflc_image_load(const char *path, tflc_image *out, char *err, size_t errlen);

/* Same as tflc_image_load for `size` bytes in memory (the caller keeps ownership). */
int tflc_image_load_memory(const uint8_t *data, size_t size, tflc_image *out, char *err,
                           size_t errlen);

/*
** The JPEG decoder to use: libjpeg (the default, as Pillow and the golden inputs) or
** stb_image (as the TFLite Task Library; see image_jpeg_stb.c). PNG and BMP are unaffected.
*/
typedef enum { TFLC_JPEG_LIBJPEG = 0, TFLC_JPEG_STB_IMAGE = 1 } tflc_jpeg_decoder;

/* tflc_image_load and tflc_image_load_memory with a choice of JPEG decoder. */
int tflc_image_load_with(const char *path, tflc_jpeg_decoder jpeg, tflc_image *out, char *err, size_t errlen);
int tflc_image_load_memory_with(const uint8_t *data, size_t size, tflc_jpeg_decoder jpeg, tflc_image *out,
                                char *err, size_t errlen);

/* Frees the pixels and zeroes the struct. NULL and zeroed images are ignored. */
void tflc_image_free(tflc_image *img);

/*
** Resizes src (RGB) to out_w x out_h into dst (out_h * out_w * 3 bytes) with 2-tap
** bilinear sampling at half-pixel centers, no antialiasing, in double precision, then
** rounds half up: byte for byte what reference/img2input.py --resize plain produces.
** Returns -1 (and writes nothing) when an argument is invalid.
*/
int tflc_image_resize_bilinear(const tflc_image *src, int out_w, int out_h, uint8_t *dst);

/*
** Resizes src (RGB) to out_w x out_h into dst as libyuv's ARGBScale with bilinear filtering
** does on x86 (the TFLite Task Library's resize; resize_libyuv.c states its arithmetic).
** Sides must be below 32768. Returns -1 (and writes nothing) when an argument is invalid or
** memory runs out.
*/
int tflc_image_resize_libyuv(const tflc_image *src, int out_w, int out_h, uint8_t *dst);

/*
** Resizes src (RGB) to out_w x out_h into dst by nearest-neighbour sampling: output pixel (x, y)
** is source pixel (floor(x * width / out_w), floor(y * height / out_h)), as Android's
** Bitmap.createScaledBitmap(..., filter=false) in TensorFlow's Android detection example.
** Returns -1 (and writes nothing) when an argument is invalid.
*/
int tflc_image_resize_nearest(const tflc_image *src, int out_w, int out_h, uint8_t *dst);

/* Writes width x height RGB pixels (rows top to bottom) as an 8-bit PNG file. */
int tflc_image_write_png(const char *path, int width, int height, const uint8_t *rgb, char *err,
                         size_t errlen);

#endif /* TFLC_IMAGE_IMAGE_H_ */
