/*
** tflc_f32_dwconv3x3_minmax_ukernel_row__scalar — portable stride-1 depthwise 3x3 row kernel over padded,
** channel-blocked input rows (floatconv.h): each output is the bias plus the 9 taps in order,
** the same expression as the portable general kernel (tflc-f32-dwconv-ukernel-c16-scalar.c),
** so the two give the same bits.
*/
#include "kernels/floatconv.h"

void tflc_f32_dwconv3x3_minmax_ukernel_row__scalar(size_t pixels, size_t channels, const float *const *rows,
                                                   size_t block_stride, const float *w, float *output,
                                                   const tflc_f32_minmax_params *params) {
  const size_t width = TFLC_FDW3X3_BLOCK(channels);
  for (size_t p = 0; p < pixels; p++) {
    const float *block = w;
    for (size_t c0 = 0; c0 < channels; c0 += TFLC_FBLOCK, block += 10 * TFLC_FBLOCK) {
      size_t cols = channels - c0 < TFLC_FBLOCK ? channels - c0 : TFLC_FBLOCK;
      for (size_t j = 0; j < cols; j++) {
        size_t c = c0 + j, at = (c / width) * block_stride + c % width;
        float acc = block[j];
        for (size_t t = 0; t < 9; t++)
          acc += rows[t / 3][at + (p + t % 3) * width] * block[(t + 1) * TFLC_FBLOCK + j];
        acc = acc < params->min ? params->min : acc;
        output[p * channels + c] = acc > params->max ? params->max : acc;
      }
    }
  }
}
