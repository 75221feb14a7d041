/*
** fuzz_image.c — libFuzzer target: decode arbitrary bytes as JPEG, PNG or BMP.
**
** A decoded image must be what image.h promises (3 channels, sides within the limits,
** every pixel readable); a failure must come with a message. Resizing the result to a
** small size reads every row the decoder claims to have written.
*/
#include <stdint.h>
#include <stdlib.h>

#include "image/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[256];
  tflc_image img;
  if (tflc_image_load_memory(data, size, &img, err, sizeof err) != 0) {
    if (err[0] == 0) abort(); /* refused without a message */
    return 0;
  }
  if (img.channels != 3 || img.width <= 0 || img.height <= 0 || img.width > TFLC_IMAGE_MAX_SIDE ||
      img.height > TFLC_IMAGE_MAX_SIDE || img.pixels == NULL)
    abort();
  uint8_t small[8 * 8 * 3];
  if (tflc_image_resize_bilinear(&img, 8, 8, small) != 0) abort();
  volatile uint8_t last = img.pixels[(size_t)img.width * (size_t)img.height * 3 - 1]; /* ASan checks the extent */
  (void)last;
  tflc_image_free(&img);
  return 0;
}
