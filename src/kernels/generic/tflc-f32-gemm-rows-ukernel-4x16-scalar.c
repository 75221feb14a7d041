/*
** tflc_f32_gemm_rows_minmax_ukernel_4x16__scalar — the portable GEMM over contiguous rows
** (floatconv.h: gemm_rows): tiles of 4 rows through the portable indirect kernel, so both
** give the same bits.
*/
#include "kernels/floatconv.h"

void tflc_f32_gemm_rows_minmax_ukernel_4x16__scalar(size_t m, size_t nc, size_t kc, const float *a, size_t a_stride,
                                                    const float *w, float *c, size_t c_stride,
                                                    const tflc_f32_minmax_params *params) {
  for (size_t i0 = 0; i0 < m; i0 += 4) {
    size_t mr = m - i0 < 4 ? m - i0 : 4;
    const float *rows[4];
    for (size_t r = 0; r < 4; r++) rows[r] = a + (i0 + (r < mr ? r : mr - 1)) * a_stride;
    tflc_f32_gemm_minmax_ukernel_4x16__scalar(mr, nc, kc, 1, rows, w, c + i0 * c_stride, c_stride * sizeof(float),
                                             params);
  }
}
