/*
** requant-avx512.h — TFLite's fixed-point requantization on 16 int32 lanes, exactly as the
** scalar functions of quant.h. Include only from files compiled for AVX-512F/BW/VL (the
** file's `#pragma GCC target`).
**
** SaturatingRoundingDoublingHighMul(x, m) equals (x*m + 2^30) >> 31 (floor) for every x when
** m >= 0, which the packed multipliers are: for x*m >= 0 the nudge is 2^30 and the division
** truncates = floors; for x*m < 0 trunc((x*m + 1 - 2^30) / 2^31) = floor((x*m + 2^30) / 2^31).
** The saturating case (x = m = INT32_MIN) cannot occur.
*/
#ifndef TFLC_KERNELS_X86_REQUANT_AVX512_H_
#define TFLC_KERNELS_X86_REQUANT_AVX512_H_

#include <immintrin.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* (x << left) doubled-high-multiplied by mult, per lane. */
static inline __m512i tflc_srdhm_avx512(__m512i x, __m512i mult, __m512i left) {
  x = _mm512_sllv_epi32(x, left);
  const __m512i nudge = _mm512_set1_epi64((long long)1 << 30);
  __m512i even = _mm512_mul_epi32(x, mult);
  __m512i odd = _mm512_mul_epi32(_mm512_srli_epi64(x, 32), _mm512_srli_epi64(mult, 32));
  even = _mm512_srli_epi64(_mm512_add_epi64(even, nudge), 31); /* low 32 bits are the result */
  odd = _mm512_add_epi64(odd, nudge);
  odd = _mm512_slli_epi64(_mm512_srli_epi64(odd, 31), 32);
  return _mm512_mask_blend_epi32(0xAAAA, even, odd);
}

/* ruy's rounding right shift: (h + 2^(right-1)) >> right = (h >> right) + bit (right-1) of h. */
static inline __m512i tflc_requant_ruy_avx512(__m512i x, __m512i mult, __m512i left, __m512i right, __m512i bit) {
  __m512i h = tflc_srdhm_avx512(x, mult, left);
  __m512i round = _mm512_and_si512(_mm512_srlv_epi32(h, bit), _mm512_set1_epi32(1)); /* bit 32 -> 0 */
  return _mm512_add_epi32(_mm512_srav_epi32(h, right), round);
}

/*
** The same as tflc_requant_ruy_avx512 (after the left shift), in one 64-bit rounding step per
** lane with the block header's fused constants (qconv.h): (x*m + rnd) >> (31 + right).
** The odd lanes move down for the multiply and back up after the shift with vpshufd (the
** shuffle port) rather than 64-bit shifts and a blend: the multiplies and the 64-bit shifts
** already keep the other vector port busy.
*/
static inline __m512i tflc_requant_ruy_fused_avx512(__m512i x, __m512i mult, __m512i mult_odd, __m512i rnd_even,
                                                    __m512i rnd_odd, __m512i shr_even, __m512i shr_odd) {
  __m512i even = _mm512_srav_epi64(_mm512_add_epi64(_mm512_mul_epi32(x, mult), rnd_even), shr_even);
  __m512i x_odd = _mm512_shuffle_epi32(x, _MM_PERM_DDBB); /* lane 2i+1 to lane 2i */
  __m512i odd = _mm512_srav_epi64(_mm512_add_epi64(_mm512_mul_epi32(x_odd, mult_odd), rnd_odd), shr_odd);
  return _mm512_mask_shuffle_epi32(even, 0xAAAA, odd, _MM_PERM_CCAA); /* lane 2i of odd to lane 2i+1 */
}

/*
** tflc_requant_gemmlowp_avx512 (after the left shift) in one 64-bit rounding step per lane:
** (x*m + rnd - (x*m < 0 ? neg : 0)) >> (31 + right), the header's fused constants (qconv.h).
*/
static inline __m512i tflc_requant_gemmlowp_fused_avx512(__m512i x, __m512i mult, __m512i mult_odd, __m512i rnd_even,
                                                         __m512i rnd_odd, __m512i neg_even, __m512i neg_odd,
                                                         __m512i shr_even, __m512i shr_odd) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i p_even = _mm512_mul_epi32(x, mult);
  __m512i even = _mm512_add_epi64(p_even, rnd_even);
  even = _mm512_mask_sub_epi64(even, _mm512_cmplt_epi64_mask(p_even, zero), even, neg_even);
  even = _mm512_srav_epi64(even, shr_even);
  __m512i p_odd = _mm512_mul_epi32(_mm512_shuffle_epi32(x, _MM_PERM_DDBB), mult_odd); /* lane 2i+1 to lane 2i */
  __m512i odd = _mm512_add_epi64(p_odd, rnd_odd);
  odd = _mm512_mask_sub_epi64(odd, _mm512_cmplt_epi64_mask(p_odd, zero), odd, neg_odd);
  odd = _mm512_srav_epi64(odd, shr_odd);
  return _mm512_mask_shuffle_epi32(even, 0xAAAA, odd, _MM_PERM_CCAA); /* lane 2i of odd to lane 2i+1 */
}

/*
** The output zero point zo added inside the 64-bit rounding step of the fused forms, as
** rnd + zo * 2^shr: floor((p + rnd) / 2^s) + zo = floor((p + rnd + zo * 2^s) / 2^s). Exact when
** it cannot overflow: |p| < 2^62, rnd <= 2^30 + 2^52 and |zo * 2^s| <= 2^61 for s <= 53 (right
** shifts <= 22). tflc_zero_point_foldable_avx512 says whether every lane's shift allows it.
*/
static inline bool tflc_zero_point_foldable_avx512(__m512i shr_even, __m512i shr_odd) {
  const __m512i max_shr = _mm512_set1_epi64(53);
  return (_mm512_cmpgt_epi64_mask(shr_even, max_shr) | _mm512_cmpgt_epi64_mask(shr_odd, max_shr)) == 0;
}
static inline void tflc_fold_zero_point_avx512(__m512i *rnd_even, __m512i *rnd_odd, __m512i shr_even, __m512i shr_odd,
                                               int32_t zo) {
  const __m512i zo64 = _mm512_set1_epi64(zo);
  *rnd_even = _mm512_add_epi64(*rnd_even, _mm512_sllv_epi64(zo64, shr_even));
  *rnd_odd = _mm512_add_epi64(*rnd_odd, _mm512_sllv_epi64(zo64, shr_odd));
}

/* gemmlowp's RoundingDivideByPOT after the high multiply (half away from zero). */
static inline __m512i tflc_requant_gemmlowp_avx512(__m512i x, __m512i mult, __m512i left, __m512i right,
                                                   __m512i mask) {
  __m512i h = tflc_srdhm_avx512(x, mult, left);
  __m512i remainder = _mm512_and_si512(h, mask);
  __m512i threshold = _mm512_add_epi32(_mm512_srai_epi32(mask, 1), _mm512_srli_epi32(h, 31));
  __mmask16 up = _mm512_cmpgt_epi32_mask(remainder, threshold);
  return _mm512_mask_add_epi32(_mm512_srav_epi32(h, right), up, _mm512_srav_epi32(h, right), _mm512_set1_epi32(1));
}

/* + output zero point, clamp, and store the low bytes of the first lanes selected by `lanes`. */
static inline void tflc_store_q8_avx512(void *out, __mmask16 lanes, __m512i y, __m512i offset, __m512i lo,
                                        __m512i hi) {
  y = _mm512_add_epi32(y, offset);
  y = _mm512_min_epi32(_mm512_max_epi32(y, lo), hi);
  _mm512_mask_cvtepi32_storeu_epi8(out, lanes, y);
}

/*
** Clamps four vectors of 16 int32 lanes to [0, 255] and stores the first bytes selected by
** `lanes` (all 16 when full) of each at c, c + stride, c + 2*stride, c + 3*stride. The two
** saturating packs (int32 -> int16 -> uint8) are the clamp, and they interleave the vectors by
** 4-byte groups within each 128-bit lane, which one vpermd puts back in order (vector i in
** 128-bit lane i): 4 shuffles for 4 vectors, against 4 max and 4 two-uop narrowings.
*/
static inline void tflc_store4_u8_avx512(uint8_t *c, size_t stride, __m512i y0, __m512i y1, __m512i y2, __m512i y3,
                                         bool full, __mmask16 lanes) {
  const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  __m512i bytes = _mm512_packus_epi16(_mm512_packs_epi32(y0, y1), _mm512_packs_epi32(y2, y3));
  bytes = _mm512_permutexvar_epi32(order, bytes);
  if (full) {
    _mm_storeu_si128((__m128i *)c, _mm512_castsi512_si128(bytes));
    _mm_storeu_si128((__m128i *)(c + stride), _mm512_extracti32x4_epi32(bytes, 1));
    _mm_storeu_si128((__m128i *)(c + 2 * stride), _mm512_extracti32x4_epi32(bytes, 2));
    _mm_storeu_si128((__m128i *)(c + 3 * stride), _mm512_extracti32x4_epi32(bytes, 3));
  } else {
    _mm_mask_storeu_epi8(c, lanes, _mm512_castsi512_si128(bytes));
    _mm_mask_storeu_epi8(c + stride, lanes, _mm512_extracti32x4_epi32(bytes, 1));
    _mm_mask_storeu_epi8(c + 2 * stride, lanes, _mm512_extracti32x4_epi32(bytes, 2));
    _mm_mask_storeu_epi8(c + 3 * stride, lanes, _mm512_extracti32x4_epi32(bytes, 3));
  }
}

#endif /* TFLC_KERNELS_X86_REQUANT_AVX512_H_ */
