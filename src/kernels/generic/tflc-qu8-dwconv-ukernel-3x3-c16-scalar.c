/*
** tflc_qu8_dwconv_ukernel_3x3_c16__scalar — portable 3x3 depthwise microkernel for UINT8 inputs
** (qconv.h): the general kernel with the nine tap pointers the 3x3 contract implies.
*/
#include "kernels/generic/q8-dwconv-scalar.h"

void tflc_qu8_dwconv_ukernel_3x3_c16__scalar(size_t pixels, size_t channels, const void *const *rows, size_t stride,
                                             const void *w, void *output, const tflc_q8_params *params) {
  const void *taps[9];
  for (size_t t = 0; t < 9; t++) taps[t] = (const uint8_t *)rows[t / 3] + (t % 3) * channels;
  q8_dwconv_scalar(pixels, channels, 9, taps, stride * channels, w, output, params, false);
}
