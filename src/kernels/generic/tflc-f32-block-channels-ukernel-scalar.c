/*
** tflc_f32_block_channels_ukernel__scalar — portable channel blocking (floatconv.h): HWC pixels
** into blocks of 16 channels, the last block's missing lanes zero.
*/
#include "kernels/floatconv.h"

void tflc_f32_block_channels_ukernel__scalar(size_t n, size_t channels, const float *in, float *out,
                                             size_t block_stride) {
  for (size_t c0 = 0; c0 < channels; c0 += 16, out += block_stride) {
    size_t lanes = channels - c0 < 16 ? channels - c0 : 16;
    for (size_t p = 0; p < n; p++)
      for (size_t j = 0; j < 16; j++) out[p * 16 + j] = j < lanes ? in[p * channels + c0 + j] : 0.0f;
  }
}
