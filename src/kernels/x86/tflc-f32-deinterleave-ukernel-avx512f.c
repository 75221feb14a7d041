/*
** tflc_f32_deinterleave_ukernel__avx512f — splits rows of `stride` interleaved floats into
** `stride` contiguous rows (floatconv.h): the planes of the planar convolution from an image
** row of a few channels (strides up to 8 on the vector path). Per 16 groups: `stride` vector loads, and for each output row one
** zero-masking two-source permute per pair of loaded vectors, joined by ORs (merging permutes
** would chain their 3-cycle latencies). Not gathers: on this family of Intel CPUs the
** microcode mitigation of gather data sampling makes a 16-lane gather cost about 30 cycles.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f")
#include <immintrin.h>

#include "kernels/floatconv.h"

/* Lanes [0, n) of 16. */
static inline __mmask16 first_lanes(size_t n) { return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1); }

/*
** The kernel for a compile-time `stride` (S): the loaded vectors, index vectors and masks are
** then registers, not stack arrays indexed at run time (4x slower).
*/
static inline __attribute__((always_inline)) void deinterleave(size_t n, const size_t S, const float *in, float *out,
                                                               size_t out_stride) {
  /* Output k of group j is float j*S + k of 16 groups: lane pos % 32 of vector pair pos / 32. */
  const size_t pairs = (S + 1) / 2;
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i first = _mm512_mullo_epi32(lane, _mm512_set1_epi32((int)S));
  __m512i idx[8];
  __mmask16 from[8][4];
  for (size_t k = 0; k < S; k++) {
    __m512i pos = _mm512_add_epi32(first, _mm512_set1_epi32((int)k));
    idx[k] = _mm512_and_si512(pos, _mm512_set1_epi32(31));
    for (size_t p = 0; p < pairs; p++)
      from[k][p] = _mm512_cmpeq_epi32_mask(_mm512_srli_epi32(pos, 5), _mm512_set1_epi32((int)p));
  }
  for (size_t j = 0; j < n; j += 16, in += 16 * S) {
    size_t groups = n - j < 16 ? n - j : 16, floats = groups * S;
    __m512 v[8];
    if (groups == 16) {
      for (size_t i = 0; i < S; i++) v[i] = _mm512_loadu_ps(in + 16 * i);
      for (size_t i = S; i < 2 * pairs; i++) v[i] = _mm512_setzero_ps();
    } else { /* zeros past the last group: nothing is read there */
      for (size_t i = 0; i < 2 * pairs; i++)
        v[i] = _mm512_maskz_loadu_ps(first_lanes(floats > 16 * i ? floats - 16 * i : 0), in + 16 * i);
    }
    for (size_t k = 0; k < S; k++) {
      __m512i acc = _mm512_castps_si512(_mm512_maskz_permutex2var_ps(from[k][0], v[0], idx[k], v[1]));
      for (size_t p = 1; p < pairs; p++)
        acc = _mm512_or_si512(
            acc, _mm512_castps_si512(_mm512_maskz_permutex2var_ps(from[k][p], v[2 * p], idx[k], v[2 * p + 1])));
      _mm512_mask_storeu_ps(out + k * out_stride + j, first_lanes(groups), _mm512_castsi512_ps(acc));
    }
  }
}

void tflc_f32_deinterleave_ukernel__avx512f(size_t n, size_t stride, const float *in, float *out, size_t out_stride) {
  switch (stride) {
#define CASE(S) \
  case S: deinterleave(n, S, in, out, out_stride); return;
    CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8)
#undef CASE
    default: tflc_f32_deinterleave_ukernel__scalar(n, stride, in, out, out_stride); /* > 8: not the planar path's */
  }
}
#endif
