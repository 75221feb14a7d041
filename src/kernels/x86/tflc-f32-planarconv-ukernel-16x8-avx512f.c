/*
** tflc_f32_planarconv_minmax_ukernel_16x8__avx512f — the planar convolution microkernel
** (floatconv.h) on AVX-512F: 16 consecutive output pixels of one channel per vector, 8 output
** channels at once. Each tap is one vector load (the planes hold the tap's value for
** consecutive output pixels side by side) and 8 FMAs with the channels' weights broadcast from
** memory, so no lane is idle however few channels the layer has (a GEMM over HWC rows would
** leave half of every 16-lane block empty on an 8-channel layer). The 8 x 16 accumulators are
** transposed into 16 pixels of 8 channels (three rounds of shuffles) before the stores.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,fma")
#include <immintrin.h>

#include "kernels/floatconv.h"

/* Lanes [0, n) of a store of one pixel's (at most 8) channels. */
static inline __mmask16 lanes8(size_t n) { return (__mmask16)((1u << (n < 8 ? n : 8)) - 1); }

/*
** Stores accumulators r[c][p] (channel c of pixel p) as pixels: pixel p's `channels` floats at
** out + p*stride, for p < pixels (<= 16). Rounds: 32-bit and 64-bit interleaves within
** 128-bit lanes give u[i] = channels 0-3 and u[4+i] = channels 4-7 of pixels 4L+i in lane L;
** one two-source permute per pair then joins a pixel's two halves.
*/
static void store_transposed(const __m512 *r, size_t pixels, size_t channels, float *out, size_t stride) {
  __m512 t[8], u[8];
  for (int k = 0; k < 4; k++) {
    t[2 * k] = _mm512_unpacklo_ps(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_ps(r[2 * k], r[2 * k + 1]);
  }
  for (int k = 0; k < 2; k++) { /* k = 0: channels 0-3, k = 1: channels 4-7 */
    __m512d a = _mm512_castps_pd(t[4 * k]), b = _mm512_castps_pd(t[4 * k + 1]);
    __m512d c = _mm512_castps_pd(t[4 * k + 2]), d = _mm512_castps_pd(t[4 * k + 3]);
    u[4 * k + 0] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
    u[4 * k + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
    u[4 * k + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
    u[4 * k + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
  }
  /* lanes 0 and 1 of u[i] and u[4+i] (pixels i, 4+i), then lanes 2 and 3 (pixels 8+i, 12+i) */
  const __m512i join_lo = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
  const __m512i join_hi = _mm512_setr_epi32(8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
  const __mmask16 m = lanes8(channels);
  for (size_t i = 0; i < 4; i++) {
    __m512 lo = _mm512_permutex2var_ps(u[i], join_lo, u[4 + i]);
    __m512 hi = _mm512_permutex2var_ps(u[i], join_hi, u[4 + i]);
    /* pixel i + 4h in the low 8 lanes (AVX-512F only: the upper half moves down by a lane shuffle) */
    const __m512 px[4] = {lo, _mm512_shuffle_f32x4(lo, lo, _MM_SHUFFLE(1, 0, 3, 2)), hi,
                          _mm512_shuffle_f32x4(hi, hi, _MM_SHUFFLE(1, 0, 3, 2))};
    for (size_t h = 0; h < 4; h++) {
      size_t p = i + 4 * h;
      if (p < pixels) _mm512_mask_storeu_ps(out + p * stride, m, px[h]);
    }
  }
}

/* Clamps the 8 accumulators and stores them as `pixels` pixels at out. */
static inline void finish(__m512 r0, __m512 r1, __m512 r2, __m512 r3, __m512 r4, __m512 r5, __m512 r6, __m512 r7,
                          __m512 lo, __m512 hi, size_t pixels, size_t channels, float *out, size_t stride) {
  const __m512 r[8] = {
      _mm512_min_ps(_mm512_max_ps(r0, lo), hi), _mm512_min_ps(_mm512_max_ps(r1, lo), hi),
      _mm512_min_ps(_mm512_max_ps(r2, lo), hi), _mm512_min_ps(_mm512_max_ps(r3, lo), hi),
      _mm512_min_ps(_mm512_max_ps(r4, lo), hi), _mm512_min_ps(_mm512_max_ps(r5, lo), hi),
      _mm512_min_ps(_mm512_max_ps(r6, lo), hi), _mm512_min_ps(_mm512_max_ps(r7, lo), hi)};
  store_transposed(r, pixels, channels, out, stride);
}

void tflc_f32_planarconv_minmax_ukernel_16x8__avx512f(size_t pixels, size_t channels, size_t ntaps,
                                                      const float *const *taps, const float *w, float *output,
                                                      size_t output_stride, const tflc_f32_minmax_params *params) {
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  size_t p0 = 0;
  /* 32 pixels per pass while they last: each weight, broadcast once into a register, serves two
     FMAs (with one FMA per embedded-broadcast load, the loads bound the loop, not the FMAs). */
  for (; p0 + 32 <= pixels; p0 += 32) {
    __m512 r0 = _mm512_set1_ps(w[0]), r1 = _mm512_set1_ps(w[1]), r2 = _mm512_set1_ps(w[2]);
    __m512 r3 = _mm512_set1_ps(w[3]), r4 = _mm512_set1_ps(w[4]), r5 = _mm512_set1_ps(w[5]);
    __m512 r6 = _mm512_set1_ps(w[6]), r7 = _mm512_set1_ps(w[7]);
    __m512 s0 = r0, s1 = r1, s2 = r2, s3 = r3, s4 = r4, s5 = r5, s6 = r6, s7 = r7;
    const float *wt = w + 8;
    for (size_t t = 0; t < ntaps; t++, wt += 8) {
      const __m512 x = _mm512_loadu_ps(taps[t] + p0), y = _mm512_loadu_ps(taps[t] + p0 + 16);
      __m512 v;
#define TWO(j) v = _mm512_set1_ps(wt[j]); r##j = _mm512_fmadd_ps(x, v, r##j); s##j = _mm512_fmadd_ps(y, v, s##j);
      TWO(0) TWO(1) TWO(2) TWO(3) TWO(4) TWO(5) TWO(6) TWO(7)
#undef TWO
    }
    finish(r0, r1, r2, r3, r4, r5, r6, r7, lo, hi, 16, channels, output + p0 * output_stride, output_stride);
    finish(s0, s1, s2, s3, s4, s5, s6, s7, lo, hi, 16, channels, output + (p0 + 16) * output_stride, output_stride);
  }
  for (; p0 < pixels; p0 += 16) {
    __m512 r0 = _mm512_set1_ps(w[0]), r1 = _mm512_set1_ps(w[1]), r2 = _mm512_set1_ps(w[2]);
    __m512 r3 = _mm512_set1_ps(w[3]), r4 = _mm512_set1_ps(w[4]), r5 = _mm512_set1_ps(w[5]);
    __m512 r6 = _mm512_set1_ps(w[6]), r7 = _mm512_set1_ps(w[7]);
    const float *wt = w + 8;
    for (size_t t = 0; t < ntaps; t++, wt += 8) {
      const __m512 x = _mm512_loadu_ps(taps[t] + p0);
      r0 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[0]), r0);
      r1 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[1]), r1);
      r2 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[2]), r2);
      r3 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[3]), r3);
      r4 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[4]), r4);
      r5 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[5]), r5);
      r6 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[6]), r6);
      r7 = _mm512_fmadd_ps(x, _mm512_set1_ps(wt[7]), r7);
    }
    finish(r0, r1, r2, r3, r4, r5, r6, r7, lo, hi, pixels - p0 < 16 ? pixels - p0 : 16, channels,
           output + p0 * output_stride, output_stride);
  }
}
#endif
