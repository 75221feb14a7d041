/*
** tflc_f32_gemm_minmax_ukernel_4x16__scalar — portable float GEMM over indirect rows: up to 4
** rows of A against one packed block of 16 columns at a time, accumulators starting at the bias
** (floatconv.h).
*/
#include "kernels/floatconv.h"

#define MR 4

/* Rows [0, mr) x columns [0, cols) of one 16-column block. */
static void gemm_block(size_t mr, size_t cols, size_t kc, size_t ks, const float *const *a, const float *w, float *c,
                       size_t c_stride, const tflc_f32_minmax_params *params) {
  float acc[MR][TFLC_FBLOCK];
  for (size_t r = 0; r < mr; r++)
    for (size_t j = 0; j < TFLC_FBLOCK; j++) acc[r][j] = w[j];
  const float *wk = w + TFLC_FBLOCK;
  for (size_t s = 0; s < ks; s++, wk += kc * TFLC_FBLOCK)
    for (size_t r = 0; r < mr; r++) {
      const float *x = a[s * MR + r];
      for (size_t k = 0; k < kc; k++)
        for (size_t j = 0; j < TFLC_FBLOCK; j++) acc[r][j] += x[k] * wk[k * TFLC_FBLOCK + j];
    }
  for (size_t r = 0; r < mr; r++) {
    float *out = (float *)((char *)c + r * c_stride);
    for (size_t j = 0; j < cols; j++) {
      float v = acc[r][j] < params->min ? params->min : acc[r][j];
      out[j] = v > params->max ? params->max : v;
    }
  }
}

void tflc_f32_gemm_minmax_ukernel_4x16__scalar(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                               const float *w, float *c, size_t c_stride,
                                               const tflc_f32_minmax_params *params) {
  for (size_t n0 = 0; n0 < nc; n0 += TFLC_FBLOCK) {
    size_t cols = nc - n0 < TFLC_FBLOCK ? nc - n0 : TFLC_FBLOCK;
    gemm_block(mr, cols, kc, ks, a, w, c + n0, c_stride, params);
    w += (ks * kc + 1) * TFLC_FBLOCK;
  }
}
