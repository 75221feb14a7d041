/*
** tflc_f32_quantize_ukernel__avx512 — float QUANTIZE (qconv.h) on AVX-512, 8 values a step,
** exactly as the scalar kernel: the same IEEE double division; round half away from zero as
** trunc(r) + sign(r) where |r - trunc(r)| >= 0.5 (the difference is exact, so no adding 0.5
** and rounding twice); vcvttpd2dq gives INT32_MIN out of range and for NaN, as cvttsd2si.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl")
#include <immintrin.h>

#include "kernels/qconv.h"

/* The quantized int32 values (before clamping) of 8 floats. */
static inline __m256i quantize8(__m256 x, __m512d scale, __m256i zero_point) {
  const __m512d half = _mm512_set1_pd(0.5), one = _mm512_set1_pd(1.0);
  __m512d r = _mm512_div_pd(_mm512_cvtps_pd(x), scale);
  __m512d t = _mm512_roundscale_pd(r, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  __mmask8 away = _mm512_cmp_pd_mask(_mm512_abs_pd(_mm512_sub_pd(r, t)), half, _CMP_GE_OQ);
  /* sign(r) * 1: the sign bit of r on 1.0 (integer logic: the double forms need AVX-512DQ) */
  const __m512i sign_bit = _mm512_set1_epi64((long long)0x8000000000000000ull);
  __m512d step = _mm512_castsi512_pd(
      _mm512_or_si512(_mm512_castpd_si512(one), _mm512_and_si512(_mm512_castpd_si512(r), sign_bit)));
  t = _mm512_mask_add_pd(t, away, t, step);
  return _mm256_add_epi32(_mm512_cvttpd_epi32(t), zero_point); /* wraps, as TFLite's does on x86 */
}

void tflc_f32_quantize_ukernel__avx512(size_t n, const float *x, double scale, int32_t zero_point, int32_t qmin,
                                       int32_t qmax, void *out, size_t out_bytes) {
  const __m512d scale_v = _mm512_set1_pd(scale);
  const __m256i zp = _mm256_set1_epi32(zero_point), lo = _mm256_set1_epi32(qmin), hi = _mm256_set1_epi32(qmax);
  for (size_t i = 0; i < n; i += 8) {
    __mmask8 lanes = n - i >= 8 ? 0xFF : (__mmask8)((1u << (n - i)) - 1u);
    __m256i q = quantize8(_mm256_maskz_loadu_ps(lanes, x + i), scale_v, zp);
    q = _mm256_min_epi32(_mm256_max_epi32(q, lo), hi);
    if (out_bytes == 1) _mm256_mask_cvtepi32_storeu_epi8((uint8_t *)out + i, lanes, q);
    else _mm256_mask_cvtepi32_storeu_epi16((uint8_t *)out + 2 * i, lanes, q);
  }
}
#endif
