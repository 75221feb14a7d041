/*
** q8-vadd-avx512.h — the body of the AVX-512 quantized ADD microkernels
** (tflc_qu8_vadd_ukernel_16__avx512, tflc_qs8_vadd_ukernel_16__avx512); see qconv.h.
** Include after the file's `#pragma GCC target`.
*/
#ifndef TFLC_KERNELS_X86_Q8_VADD_AVX512_H_
#define TFLC_KERNELS_X86_Q8_VADD_AVX512_H_

#include <stdbool.h>

#include "kernels/qconv.h"
#include "kernels/x86/requant-avx512.h"

/*
** MultiplyByQuantizedMultiplier (gemmlowp) with one multiplier and shift for every lane, in
** the fused 64-bit form of qconv.h: (x*m + rnd - (x*m < 0 ? neg : 0)) >> (31 + right) after
** x << left. The constants are built once per call of the microkernel.
*/
typedef struct q8_mbqm {
  __m512i mult, rnd, neg, shr, left;
  bool any_left;
} q8_mbqm;

static inline q8_mbqm q8_mbqm_make(int32_t multiplier, int32_t shift) {
  int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  q8_mbqm q;
  q.mult = _mm512_set1_epi32(multiplier);
  q.rnd = _mm512_set1_epi64(((int64_t)1 << 30) + (right > 0 ? (int64_t)1 << (30 + right) : 0));
  q.neg = _mm512_set1_epi64(right > 0 ? (int64_t)1 << 31 : 0);
  q.shr = _mm512_set1_epi64(31 + right);
  q.left = _mm512_set1_epi32(left);
  q.any_left = left > 0;
  return q;
}

static inline __m512i q8_mbqm_apply(__m512i x, const q8_mbqm *q) {
  if (q->any_left) x = _mm512_sllv_epi32(x, q->left);
  return tflc_requant_gemmlowp_fused_avx512(x, q->mult, q->mult, q->rnd, q->rnd, q->neg, q->neg, q->shr, q->shr);
}

static inline void q8_vadd_avx512(size_t n, const void *a, const void *b, void *out, const tflc_q8_add_params *p,
                                  bool is_signed) {
  const __m512i z1 = _mm512_set1_epi32(p->input1_zero_point), z2 = _mm512_set1_epi32(p->input2_zero_point);
  const __m512i zo = _mm512_set1_epi32(p->output_zero_point);
  const __m512i lo = _mm512_set1_epi32(p->act_min), hi = _mm512_set1_epi32(p->act_max);
  const q8_mbqm q1 = q8_mbqm_make(p->input1_multiplier, p->input1_shift);
  const q8_mbqm q2 = q8_mbqm_make(p->input2_multiplier, p->input2_shift);
  const q8_mbqm qo = q8_mbqm_make(p->output_multiplier, p->output_shift);
  for (size_t i = 0; i < n; i += 16) {
    size_t m = n - i < 16 ? n - i : 16;
    __mmask16 lanes = (__mmask16)((1u << m) - 1u);
    __m128i xa = _mm_maskz_loadu_epi8(lanes, (const uint8_t *)a + i);
    __m128i xb = _mm_maskz_loadu_epi8(lanes, (const uint8_t *)b + i);
    __m512i va = is_signed ? _mm512_cvtepi8_epi32(xa) : _mm512_cvtepu8_epi32(xa);
    __m512i vb = is_signed ? _mm512_cvtepi8_epi32(xb) : _mm512_cvtepu8_epi32(xb);
    va = q8_mbqm_apply(_mm512_slli_epi32(_mm512_sub_epi32(va, z1), 20), &q1);
    vb = q8_mbqm_apply(_mm512_slli_epi32(_mm512_sub_epi32(vb, z2), 20), &q2);
    __m512i y = q8_mbqm_apply(_mm512_add_epi32(va, vb), &qo);
    tflc_store_q8_avx512((uint8_t *)out + i, lanes, y, zo, lo, hi);
  }
}

#endif /* TFLC_KERNELS_X86_Q8_VADD_AVX512_H_ */
