/*
** tflc_f32_dwconv_minmax_ukernel_c16__scalar — portable float depthwise convolution over a
** row of output pixels, 16 channels per packed block (floatconv.h).
*/
#include "kernels/floatconv.h"

void tflc_f32_dwconv_minmax_ukernel_c16__scalar(size_t pixels, size_t channels, size_t ntaps,
                                                const float *const *input, size_t input_step, const float *w,
                                                float *output, const tflc_f32_minmax_params *params) {
  for (size_t p = 0; p < pixels; p++) {
    const float *block = w;
    for (size_t c0 = 0; c0 < channels; c0 += TFLC_FBLOCK) {
      size_t cols = channels - c0 < TFLC_FBLOCK ? channels - c0 : TFLC_FBLOCK;
      for (size_t j = 0; j < cols; j++) {
        float acc = block[j];
        for (size_t t = 0; t < ntaps; t++) acc += input[t][p * input_step + c0 + j] * block[(t + 1) * TFLC_FBLOCK + j];
        acc = acc < params->min ? params->min : acc;
        output[p * channels + c0 + j] = acc > params->max ? params->max : acc;
      }
      block += (ntaps + 1) * TFLC_FBLOCK;
    }
  }
}
