/*
** tflc_f32_gemm_minmax_ukernel_8x32__avx512f — float GEMM microkernel (floatconv.h) on
** AVX-512F over indirect rows (ks segments of kc floats per row): up to 8 rows of A, two packed
** 16-column blocks (32 columns) per pass, one broadcast of A and two FMAs per row and k (k
** unrolled by 4); 16 accumulators start at the bias and get the min/max clamp in the epilogue.
** A last odd block runs the same loop on 16 columns, so every column sees the same sequence of
** FMAs whichever pass computes it. Rows past mr read the pointers the caller repeats there and
** are computed, never stored.
**
** The accumulators are named variables, not an array: an array indexed by the run-time row
** count in the epilogue lives in memory, and its stores and reloads cost more than the FMAs
** for the short rows (k = 8 to 27) of small networks' first layers.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,fma")
#include <immintrin.h>

#include "kernels/floatconv.h"

/* Lanes [0, cols) of a 16-lane store. */
static inline __mmask16 lanes(size_t cols) { return cols >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << cols) - 1); }

/* Clamps v and stores the lanes of mask m at p. */
static inline void store_clamped(float *p, __m512 v, __m512 lo, __m512 hi, __mmask16 m) {
  _mm512_mask_storeu_ps(p, m, _mm512_min_ps(_mm512_max_ps(v, lo), hi));
}

/*
** Moves the row pointers a0..a7 on by d floats. The empty asm keeps each pointer in its own
** register: GCC otherwise addresses the rows as base + index, and an FMA whose embedded
** broadcast has an indexed address is two uops at issue on this Intel core (the loop then
** issues 34 uops per 16 FMAs and is bound by the front end rather than the FMA units).
*/
#define ADVANCE_ROWS(d)                                                                              \
  a0 += (d), a1 += (d), a2 += (d), a3 += (d), a4 += (d), a5 += (d), a6 += (d), a7 += (d);            \
  __asm__("" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6), "+r"(a7));

/* The output rows: row i at c + i * c_stride bytes, rows past mr aliasing row mr - 1. */
typedef struct out_rows {
  float *c0, *c1, *c2, *c3, *c4, *c5, *c6, *c7;
} out_rows;

/* 8 rows x 32 columns: blocks w0 and w1 (each bias then ks*kc rows of 16). */
static void gemm_8x32(size_t mr, size_t kc, size_t ks, const float *const *a, const float *w0, const float *w1,
                      const out_rows *c, size_t n0, __mmask16 m1, const tflc_f32_minmax_params *params) {
  __m512 p0 = _mm512_load_ps(w0), q0 = _mm512_load_ps(w1);
  __m512 p1 = p0, p2 = p0, p3 = p0, p4 = p0, p5 = p0, p6 = p0, p7 = p0;
  __m512 q1 = q0, q2 = q0, q3 = q0, q4 = q0, q5 = q0, q6 = q0, q7 = q0;
  w0 += 16, w1 += 16;
  for (size_t s = 0; s < ks; s++, a += 8) {
    const float *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3], *a4 = a[4], *a5 = a[5], *a6 = a[6], *a7 = a[7];
#define ROW(r, u)                        \
  x = _mm512_set1_ps(a##r[u]);           \
  p##r = _mm512_fmadd_ps(x, v0, p##r);   \
  q##r = _mm512_fmadd_ps(x, v1, q##r);
#define STEP(u)                                                                          \
  {                                                                                      \
    const __m512 v0 = _mm512_load_ps(w0 + 16 * (u)), v1 = _mm512_load_ps(w1 + 16 * (u)); \
    __m512 x;                                                                            \
    ROW(0, u) ROW(1, u) ROW(2, u) ROW(3, u) ROW(4, u) ROW(5, u) ROW(6, u) ROW(7, u)      \
  }
    size_t k = 0;
    for (; k + 4 <= kc; k += 4, w0 += 64, w1 += 64) {
      STEP(0) STEP(1) STEP(2) STEP(3)
      ADVANCE_ROWS(4)
    }
    for (; k < kc; k++, w0 += 16, w1 += 16) {
      STEP(0)
      ADVANCE_ROWS(1)
    }
#undef STEP
#undef ROW
  }
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  /* Only rows below mr are stored. */
#define STORE(r)                                                    \
  store_clamped(c->c##r + n0, p##r, lo, hi, (__mmask16)0xFFFF);     \
  store_clamped(c->c##r + n0 + 16, q##r, lo, hi, m1);
  if (mr > 7) { STORE(7) }
  if (mr > 6) { STORE(6) }
  if (mr > 5) { STORE(5) }
  if (mr > 4) { STORE(4) }
  if (mr > 3) { STORE(3) }
  if (mr > 2) { STORE(2) }
  if (mr > 1) { STORE(1) }
  STORE(0)
#undef STORE
}

/* 8 rows x 16 columns (the last, odd block). */
static void gemm_8x16(size_t mr, size_t kc, size_t ks, const float *const *a, const float *w0, const out_rows *c,
                      size_t n0, __mmask16 m0, const tflc_f32_minmax_params *params) {
  __m512 p0 = _mm512_load_ps(w0);
  __m512 p1 = p0, p2 = p0, p3 = p0, p4 = p0, p5 = p0, p6 = p0, p7 = p0;
  w0 += 16;
  for (size_t s = 0; s < ks; s++, a += 8) {
    const float *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3], *a4 = a[4], *a5 = a[5], *a6 = a[6], *a7 = a[7];
#define ROW(r, u) p##r = _mm512_fmadd_ps(_mm512_set1_ps(a##r[u]), v0, p##r);
#define STEP(u)                                                                     \
  {                                                                                 \
    const __m512 v0 = _mm512_load_ps(w0 + 16 * (u));                               \
    ROW(0, u) ROW(1, u) ROW(2, u) ROW(3, u) ROW(4, u) ROW(5, u) ROW(6, u) ROW(7, u) \
  }
    size_t k = 0;
    for (; k + 4 <= kc; k += 4, w0 += 64) {
      STEP(0) STEP(1) STEP(2) STEP(3)
      ADVANCE_ROWS(4)
    }
    for (; k < kc; k++, w0 += 16) {
      STEP(0)
      ADVANCE_ROWS(1)
    }
#undef STEP
#undef ROW
  }
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
#define STORE(r) store_clamped(c->c##r + n0, p##r, lo, hi, m0);
  if (mr > 7) { STORE(7) }
  if (mr > 6) { STORE(6) }
  if (mr > 5) { STORE(5) }
  if (mr > 4) { STORE(4) }
  if (mr > 3) { STORE(3) }
  if (mr > 2) { STORE(2) }
  if (mr > 1) { STORE(1) }
  STORE(0)
#undef STORE
}

/*
** One row (a FULLY_CONNECTED with batch 1, a classifier's last layer): four blocks of 16
** columns per pass, each accumulated as in the 8-row kernels (bias, then k in order), without
** computing 7 copies of the row. Such layers stream their weights from memory once per
** inference; the arithmetic of the 8-row kernel would cost as much again.
*/
static void gemm_1x64(size_t nc, size_t kc, size_t ks, const float *const *a, const float *w, float *c,
                      const tflc_f32_minmax_params *params) {
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  const size_t block = (ks * kc + 1) * 16;
  for (size_t n0 = 0; n0 < nc; n0 += 64, w += 4 * block) {
    size_t blocks = (nc - n0 + 15) / 16 < 4 ? (nc - n0 + 15) / 16 : 4;
    const float *w0 = w, *w1 = w + (blocks > 1 ? block : 0), *w2 = w + (blocks > 2 ? 2 * block : 0),
                *w3 = w + (blocks > 3 ? 3 * block : 0); /* blocks past the end repeat block 0, unstored */
    __m512 p0 = _mm512_load_ps(w0), p1 = _mm512_load_ps(w1), p2 = _mm512_load_ps(w2), p3 = _mm512_load_ps(w3);
    w0 += 16, w1 += 16, w2 += 16, w3 += 16;
    for (size_t s = 0; s < ks; s++) {
      const float *a0 = a[s * 8];
      for (size_t k = 0; k < kc; k++, w0 += 16, w1 += 16, w2 += 16, w3 += 16) {
        const __m512 x = _mm512_set1_ps(a0[k]);
        p0 = _mm512_fmadd_ps(x, _mm512_load_ps(w0), p0);
        p1 = _mm512_fmadd_ps(x, _mm512_load_ps(w1), p1);
        p2 = _mm512_fmadd_ps(x, _mm512_load_ps(w2), p2);
        p3 = _mm512_fmadd_ps(x, _mm512_load_ps(w3), p3);
      }
    }
    const __m512 out[4] = {p0, p1, p2, p3};
    for (size_t b = 0; b < blocks; b++) store_clamped(c + n0 + 16 * b, out[b], lo, hi, lanes(nc - n0 - 16 * b));
  }
}

/* Output rows from c, c_stride bytes apart; rows past mr alias row mr - 1 (never stored). Plain
   pointers: GCC vectorizes a loop over a row array into 64-bit multiplies. */
static inline out_rows output_rows(float *c, size_t c_stride, size_t mr) {
  out_rows rows;
  rows.c0 = c;
  rows.c1 = mr > 1 ? (float *)((char *)rows.c0 + c_stride) : rows.c0;
  rows.c2 = mr > 2 ? (float *)((char *)rows.c1 + c_stride) : rows.c1;
  rows.c3 = mr > 3 ? (float *)((char *)rows.c2 + c_stride) : rows.c2;
  rows.c4 = mr > 4 ? (float *)((char *)rows.c3 + c_stride) : rows.c3;
  rows.c5 = mr > 5 ? (float *)((char *)rows.c4 + c_stride) : rows.c4;
  rows.c6 = mr > 6 ? (float *)((char *)rows.c5 + c_stride) : rows.c5;
  rows.c7 = mr > 7 ? (float *)((char *)rows.c6 + c_stride) : rows.c6;
  return rows;
}

/* Columns [n0, nc), at most 32 of them: two blocks (w, w + block), or the last odd one; inlined,
   so that a constant mr reaches the loops. */
static inline __attribute__((always_inline)) void column_panel(size_t mr, size_t kc, size_t ks,
                                                                const float *const *a, const float *w, size_t block,
                                                                const out_rows *rows, size_t n0, size_t nc,
                                                                const tflc_f32_minmax_params *params) {
  if (n0 + 16 < nc) gemm_8x32(mr, kc, ks, a, w, w + block, rows, n0, lanes(nc - n0 - 16), params);
  else gemm_8x16(mr, kc, ks, a, w, rows, n0, lanes(nc - n0), params);
}

void tflc_f32_gemm_minmax_ukernel_8x32__avx512f(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                                const float *w, float *c, size_t c_stride,
                                                const tflc_f32_minmax_params *params) {
  if (mr == 1) {
    gemm_1x64(nc, kc, ks, a, w, c, params);
    return;
  }
  const out_rows rows = output_rows(c, c_stride, mr);
  const size_t block = (ks * kc + 1) * 16;
  for (size_t n0 = 0; n0 < nc; n0 += 32, w += 2 * block) column_panel(mr, kc, ks, a, w, block, &rows, n0, nc, params);
}

/*
** The same kernel over contiguous rows (floatconv.h: gemm_rows), for 1x1 convolutions: all the
** rows of a call in one pass per 32-column panel, so the panel's weights stay in L1 while the
** 8-row tiles go by, and a tile costs a few pointer adds rather than a call with its pointer
** array and row-count branches (1x1 layers with 32 input channels measured 20% faster, 128: 7%).
** Full tiles run with mr = 8 (a constant after inlining), the last one with the rows left,
** repeating the last row; every element sees the FMA sequence of the indirect kernel, so both
** give the same bits.
*/
void tflc_f32_gemm_rows_minmax_ukernel_8x32__avx512f(size_t m, size_t nc, size_t kc, const float *a, size_t a_stride,
                                                     const float *w, float *c, size_t c_stride,
                                                     const tflc_f32_minmax_params *params) {
  if (m == 1) { /* one row (a classifier's 1x1 convolution on a 1x1 image): the one-row path */
    gemm_1x64(nc, kc, 1, &a, w, c, params);
    return;
  }
  const size_t block = (kc + 1) * 16;
  for (size_t n0 = 0; n0 < nc; n0 += 32, w += 2 * block) {
    for (size_t i0 = 0; i0 < m; i0 += 8) {
      const size_t mr = m - i0 < 8 ? m - i0 : 8;
      const float *rows_a[8];
      for (size_t r = 0; r < 8; r++) rows_a[r] = a + (i0 + (r < mr ? r : mr - 1)) * a_stride;
      float *o = c + i0 * c_stride;
      if (mr == 8) {
        const size_t s = c_stride;
        const out_rows rows = {o, o + s, o + 2 * s, o + 3 * s, o + 4 * s, o + 5 * s, o + 6 * s, o + 7 * s};
        column_panel(8, kc, 1, rows_a, w, block, &rows, n0, nc, params);
      } else { /* the last tile: rows past mr alias the last one */
        const out_rows rows = output_rows(o, c_stride * sizeof(float), mr);
        column_panel(mr, kc, 1, rows_a, w, block, &rows, n0, nc, params);
      }
    }
  }
}
#undef ADVANCE_ROWS
#endif
