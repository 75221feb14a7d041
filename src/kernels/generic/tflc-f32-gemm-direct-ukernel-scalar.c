/*
** tflc_f32_gemm_direct_minmax_ukernel__scalar — the short-row GEMM microkernel over contiguous
** rows (floatconv.h) in portable C: each output starts at the bias and adds the products in
** order.
*/
#include "kernels/floatconv.h"

void tflc_f32_gemm_direct_minmax_ukernel__scalar(size_t m, size_t nc, size_t kc, const float *a, size_t a_stride,
                                                 const float *w, float *c, size_t c_stride,
                                                 const tflc_f32_minmax_params *params) {
  for (size_t n0 = 0; n0 < nc; n0 += TFLC_FBLOCK, w += (kc + 1) * TFLC_FBLOCK) {
    size_t cols = nc - n0 < TFLC_FBLOCK ? nc - n0 : TFLC_FBLOCK;
    for (size_t i = 0; i < m; i++)
      for (size_t j = 0; j < cols; j++) {
        float acc = w[j];
        for (size_t k = 0; k < kc; k++) acc += a[i * a_stride + k] * w[(k + 1) * TFLC_FBLOCK + j];
        acc = acc < params->min ? params->min : acc;
        c[i * c_stride + n0 + j] = acc > params->max ? params->max : acc;
      }
  }
}
