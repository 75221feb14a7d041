/*
** tflc_q8_requantize_ukernel__avx512 — QUANTIZE between 8-bit types (qconv.h) on AVX-512,
** 16 values a step, with the gemmlowp requantization of requant-avx512.h (exact for the
** non-negative multipliers the caller guarantees).
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl")
#include "kernels/qconv.h"
#include "kernels/x86/requant-avx512.h"

void tflc_q8_requantize_ukernel__avx512(size_t n, const void *in, bool in_signed, int32_t in_zero_point,
                                        int32_t multiplier, int32_t shift, int32_t out_zero_point, int32_t qmin,
                                        int32_t qmax, void *out) {
  const int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const __m512i zin = _mm512_set1_epi32(in_zero_point), mult = _mm512_set1_epi32(multiplier);
  const __m512i left_v = _mm512_set1_epi32(left), right_v = _mm512_set1_epi32(right);
  const __m512i mask = _mm512_set1_epi32((int32_t)((1u << right) - 1u));
  const __m512i offset = _mm512_set1_epi32(out_zero_point);
  const __m512i lo = _mm512_set1_epi32(qmin), hi = _mm512_set1_epi32(qmax);
  const uint8_t *src = in;
  uint8_t *dst = out;
  for (size_t i = 0; i < n; i += 16) {
    __mmask16 lanes = n - i >= 16 ? 0xFFFF : (__mmask16)((1u << (n - i)) - 1u);
    __m128i bytes = _mm_maskz_loadu_epi8(lanes, src + i);
    __m512i x = in_signed ? _mm512_cvtepi8_epi32(bytes) : _mm512_cvtepu8_epi32(bytes);
    x = _mm512_sub_epi32(x, zin);
    tflc_store_q8_avx512(dst + i, lanes, tflc_requant_gemmlowp_avx512(x, mult, left_v, right_v, mask), offset, lo,
                         hi);
  }
}
#endif
