/*
** tflc_f32_planarconv_minmax_ukernel_4x8__scalar — the planar convolution microkernel
** (floatconv.h) in portable C: 4 output pixels of up to 8 channels per pass, each output
** starting at its bias and adding the taps in order, as the AVX-512 kernel does.
*/
#include "kernels/floatconv.h"

void tflc_f32_planarconv_minmax_ukernel_4x8__scalar(size_t pixels, size_t channels, size_t ntaps,
                                                    const float *const *taps, const float *w, float *output,
                                                    size_t output_stride, const tflc_f32_minmax_params *params) {
  for (size_t p0 = 0; p0 < pixels; p0 += 4) {
    size_t n = pixels - p0 < 4 ? pixels - p0 : 4;
    float acc[4][8];
    for (size_t p = 0; p < 4; p++)
      for (size_t c = 0; c < 8; c++) acc[p][c] = w[c];
    for (size_t t = 0; t < ntaps; t++) {
      const float *wt = w + 8 * (t + 1);
      for (size_t p = 0; p < n; p++) {
        float x = taps[t][p0 + p];
        for (size_t c = 0; c < 8; c++) acc[p][c] += x * wt[c];
      }
    }
    for (size_t p = 0; p < n; p++)
      for (size_t c = 0; c < channels; c++) {
        float v = acc[p][c] < params->min ? params->min : acc[p][c];
        output[(p0 + p) * output_stride + c] = v > params->max ? params->max : v;
      }
  }
}
