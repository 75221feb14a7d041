/*
** tflc_f32_gemm_minmax_ukernel_8x32__avx512f — float GEMM microkernel (floatconv.h) on
** AVX-512F over indirect rows (ks segments of kc floats per row): up to 8 rows of A, two packed
** 16-column blocks (32 columns) per pass, one broadcast of A and two FMAs per row and k (k
** unrolled by 4); 16 accumulators start at the bias and get the min/max clamp in the epilogue.
** A last odd block runs the same loop on 16 columns, so every column sees the same sequence of
** FMAs whichever pass computes it. Rows past mr read the pointers the caller repeats there and
** are computed, never stored.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,fma")
#include <immintrin.h>

#include "kernels/floatconv.h"

#define MR 8

/* Lanes [0, cols) of a 16-lane store. */
static inline __mmask16 lanes(size_t cols) { return cols >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << cols) - 1); }

/* 8 rows x 32 columns: blocks w0 and w1 (each bias then ks*kc rows of 16). */
static void gemm_8x32(size_t mr, size_t kc, size_t ks, const float *const *a, const float *w0, const float *w1,
                      float *const *c, __mmask16 m1, const tflc_f32_minmax_params *params) {
  __m512 acc0[MR], acc1[MR];
  const __m512 b0 = _mm512_load_ps(w0), b1 = _mm512_load_ps(w1);
  for (int r = 0; r < MR; r++) acc0[r] = b0, acc1[r] = b1;
  w0 += 16, w1 += 16;
  for (size_t s = 0; s < ks; s++, a += MR) {
    const float *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3], *a4 = a[4], *a5 = a[5], *a6 = a[6], *a7 = a[7];
    /* k unrolled by 4 so that the 8 row pointers advance once per 4 steps (front-end bound otherwise). */
#define ROW(r, u)                            \
  x = _mm512_set1_ps(a##r[k + u]);           \
  acc0[r] = _mm512_fmadd_ps(x, v0, acc0[r]); \
  acc1[r] = _mm512_fmadd_ps(x, v1, acc1[r]);
#define STEP(u)                                                                          \
  {                                                                                      \
    const __m512 v0 = _mm512_load_ps(w0 + 16 * (u)), v1 = _mm512_load_ps(w1 + 16 * (u)); \
    __m512 x;                                                                            \
    ROW(0, u) ROW(1, u) ROW(2, u) ROW(3, u) ROW(4, u) ROW(5, u) ROW(6, u) ROW(7, u)      \
  }
    size_t k = 0;
    for (; k + 4 <= kc; k += 4, w0 += 64, w1 += 64) {
      STEP(0) STEP(1) STEP(2) STEP(3)
    }
    for (; k < kc; k++, w0 += 16, w1 += 16) STEP(0)
#undef STEP
#undef ROW
  }
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  for (size_t r = 0; r < mr; r++) {
    _mm512_storeu_ps(c[r], _mm512_min_ps(_mm512_max_ps(acc0[r], lo), hi));
    _mm512_mask_storeu_ps(c[r] + 16, m1, _mm512_min_ps(_mm512_max_ps(acc1[r], lo), hi));
  }
}

/* 8 rows x 16 columns (the last, odd block). */
static void gemm_8x16(size_t mr, size_t kc, size_t ks, const float *const *a, const float *w0, float *const *c,
                      __mmask16 m0, const tflc_f32_minmax_params *params) {
  __m512 acc0[MR];
  const __m512 b0 = _mm512_load_ps(w0);
  for (int r = 0; r < MR; r++) acc0[r] = b0;
  w0 += 16;
  for (size_t s = 0; s < ks; s++, a += MR) {
    const float *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3], *a4 = a[4], *a5 = a[5], *a6 = a[6], *a7 = a[7];
#define ROW(r, u) acc0[r] = _mm512_fmadd_ps(_mm512_set1_ps(a##r[k + u]), v0, acc0[r]);
#define STEP(u)                                                                     \
  {                                                                                 \
    const __m512 v0 = _mm512_load_ps(w0 + 16 * (u));                               \
    ROW(0, u) ROW(1, u) ROW(2, u) ROW(3, u) ROW(4, u) ROW(5, u) ROW(6, u) ROW(7, u) \
  }
    size_t k = 0;
    for (; k + 4 <= kc; k += 4, w0 += 64) {
      STEP(0) STEP(1) STEP(2) STEP(3)
    }
    for (; k < kc; k++, w0 += 16) STEP(0)
#undef STEP
#undef ROW
  }
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  for (size_t r = 0; r < mr; r++) _mm512_mask_storeu_ps(c[r], m0, _mm512_min_ps(_mm512_max_ps(acc0[r], lo), hi));
}

void tflc_f32_gemm_minmax_ukernel_8x32__avx512f(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                                const float *w, float *c, size_t c_stride,
                                                const tflc_f32_minmax_params *params) {
  float *crow[MR];
  for (size_t i = 0; i < MR; i++) crow[i] = (float *)((char *)c + (i < mr ? i : mr - 1) * c_stride);
  const size_t block = (ks * kc + 1) * 16;
  size_t n0 = 0;
  for (; n0 + 16 < nc; n0 += 32, w += 2 * block) {
    gemm_8x32(mr, kc, ks, a, w, w + block, crow, lanes(nc - n0 - 16), params);
    for (size_t i = 0; i < MR; i++) crow[i] += 32;
  }
  if (n0 < nc) gemm_8x16(mr, kc, ks, a, w, crow, lanes(nc - n0), params);
}
#endif
