/*
** tflc_f32_gemm_direct_minmax_ukernel_4x16__avx512f — float GEMM microkernel for short rows
** (floatconv.h: kc <= TFLC_FGEMM_DIRECT_MAX_K) over contiguous rows of A: a 1x1 convolution
** with few input channels (8 or 16 in small MobileNets). Each block of 16 columns keeps its
** kc weight vectors in registers while every row of A passes (four at a time); the indirect
** 8x32 kernel reloads them for each group of 8 rows and, at kc = 8, spends more on its call,
** pointer setup and epilogue than on its 64 FMAs.
** Each output starts at the bias and adds the kc products in order, as the 8x32 kernel does,
** so a row's values do not depend on which kernel computed it.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,fma")
#include <immintrin.h>

#include "kernels/floatconv.h"

/* Lanes [0, cols) of a 16-lane store. */
static inline __mmask16 lanes(size_t cols) { return cols >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << cols) - 1); }

/*
** Rows [0, m) against one packed block of 16 columns (bias, then K rows of 16) with K a
** compile-time constant, so that the weights are named registers after unrolling.
*/
static inline __attribute__((always_inline)) void block_rows(size_t m, const size_t K, const float *a, size_t a_stride,
                                                             const float *w, float *c, size_t c_stride, __mmask16 cols,
                                                             __m512 lo, __m512 hi) {
  __m512 wk[TFLC_FGEMM_DIRECT_MAX_K];
  const __m512 bias = _mm512_load_ps(w);
  for (size_t k = 0; k < K; k++) wk[k] = _mm512_load_ps(w + 16 * (k + 1));
  size_t i = 0;
  /* Four row pointers, each with constant offsets: the empty asm keeps GCC from addressing
     rows 1-3 as base + index (an FMA with an indexed broadcast operand is two uops at issue). */
  const float *a0 = a, *a1 = a + a_stride, *a2 = a + 2 * a_stride, *a3 = a + 3 * a_stride;
  for (; i + 4 <= m; i += 4, c += 4 * c_stride) {
    __m512 r0 = bias, r1 = bias, r2 = bias, r3 = bias;
    for (size_t k = 0; k < K; k++) {
      r0 = _mm512_fmadd_ps(_mm512_set1_ps(a0[k]), wk[k], r0);
      r1 = _mm512_fmadd_ps(_mm512_set1_ps(a1[k]), wk[k], r1);
      r2 = _mm512_fmadd_ps(_mm512_set1_ps(a2[k]), wk[k], r2);
      r3 = _mm512_fmadd_ps(_mm512_set1_ps(a3[k]), wk[k], r3);
    }
    _mm512_mask_storeu_ps(c, cols, _mm512_min_ps(_mm512_max_ps(r0, lo), hi));
    _mm512_mask_storeu_ps(c + c_stride, cols, _mm512_min_ps(_mm512_max_ps(r1, lo), hi));
    _mm512_mask_storeu_ps(c + 2 * c_stride, cols, _mm512_min_ps(_mm512_max_ps(r2, lo), hi));
    _mm512_mask_storeu_ps(c + 3 * c_stride, cols, _mm512_min_ps(_mm512_max_ps(r3, lo), hi));
    a0 += 4 * a_stride, a1 += 4 * a_stride, a2 += 4 * a_stride, a3 += 4 * a_stride;
    __asm__("" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3));
  }
  a = a0;
  for (; i < m; i++, a += a_stride, c += c_stride) {
    __m512 r0 = bias;
    for (size_t k = 0; k < K; k++) r0 = _mm512_fmadd_ps(_mm512_set1_ps(a[k]), wk[k], r0);
    _mm512_mask_storeu_ps(c, cols, _mm512_min_ps(_mm512_max_ps(r0, lo), hi));
  }
}

void tflc_f32_gemm_direct_minmax_ukernel_4x16__avx512f(size_t m, size_t nc, size_t kc, const float *a,
                                                       size_t a_stride, const float *w, float *c, size_t c_stride,
                                                       const tflc_f32_minmax_params *params) {
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  for (size_t n0 = 0; n0 < nc; n0 += 16, w += (kc + 1) * 16) {
    __mmask16 cols = lanes(nc - n0);
    /* One unrolled copy per row length the kernel takes (kc <= TFLC_FGEMM_DIRECT_MAX_K). */
    switch (kc) {
#define CASE(K) \
  case K: block_rows(m, K, a, a_stride, w, c + n0, c_stride, cols, lo, hi); break;
      CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8)
      CASE(9) CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15) CASE(16)
#undef CASE
      default: break; /* not called with longer rows (floatconv.h) */
    }
  }
}
#endif
