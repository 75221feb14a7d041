/*
** q8-dwconv-avx512vnni.h — the body shared by the AVX-512 VNNI depthwise microkernels
** (tflc_qu8_dwconv_ukernel_c16__avx512vnni, tflc_qs8_dwconv_ukernel_c16__avx512vnni). Same
** contract and packed layout as q8-dwconv-avx512.h, computed with fewer instructions:
**  - the lanes are [x, 0 or -1] x [w, 0] as int16 pairs, so vpmaddwd gives exactly x*w;
**    vpmaddwd + vpaddd rather than VNNI's one-instruction vpdpwssd measured 1-4% faster at
**    stride 1 and 4% slower at stride 2 on the Cascade Lake this was tuned on (vpdpwssd issues
**    on one port, vpmaddwd on two); stride-1 layers dominate, so it stays;
**  - four output pixels per step, with independent accumulator chains: one pixel alone would
**    wait on 9 dependent multiply-adds;
**  - requantization in one fused 64-bit rounding step per lane (qconv.h);
**  - full blocks of 16 channels load their bytes without a mask, letting the widening load
**    read memory directly.
** Include after the file's `#pragma GCC target` (AVX-512F/BW/VL + VNNI).
*/
#ifndef TFLC_KERNELS_X86_Q8_DWCONV_AVX512VNNI_H_
#define TFLC_KERNELS_X86_Q8_DWCONV_AVX512VNNI_H_

#include <stdbool.h>

#include "kernels/qconv.h"
#include "kernels/x86/requant-avx512.h"

/* acc + x*w per int32 lane, for lanes of [x, 0 or -1] x [w, 0] int16 pairs. */
static inline __m512i q8_dw_mac(__m512i acc, __m512i x, __m512i w) {
  return _mm512_add_epi32(acc, _mm512_madd_epi16(x, w));
}

/* 16 input bytes at p widened to int32 lanes (sign- or zero-extended); masked for a tail block. */
static inline __m512i q8_dw_load16(const uint8_t *p, __mmask16 lanes, bool full, bool input_signed) {
  __m128i bytes = full ? _mm_loadu_si128((const __m128i *)p) : _mm_maskz_loadu_epi8(lanes, p);
  return input_signed ? _mm512_cvtepi8_epi32(bytes) : _mm512_cvtepu8_epi32(bytes);
}

/* The per-block requantization constants of the packed header. */
typedef struct q8_dw_requant {
  __m512i colterm, mult, mult_odd, left, rnd_even, rnd_odd, neg_even, neg_odd, shr_even, shr_odd;
  bool any_left;    /* some channel shifts left (multipliers above 1): rare, skipped otherwise */
  bool whole_uint8; /* the output clamp is [0, 255]: max and the saturating narrowing do it */
  bool lean;        /* q8_dw_lean: the zero point is in rnd_even/rnd_odd and neg_even/neg_odd are unused */
} q8_dw_requant;

/*
** Whether the block's requantization can drop two steps (5 of about 17 vector instructions per
** 16 outputs), decided once per block:
**  - gemmlowp's correction of negative products (neg_even/neg_odd) changes the rounded value only
**    where the product is negative, and there both roundings give a value <= 0; when the output
**    zero point is <= act_min, such a value plus the zero point clamps to act_min either way;
**  - the output zero point goes into the 64-bit rounding constant (tflc_fold_zero_point_avx512).
** With both, the rounding is tflc_requant_ruy_fused_avx512 with the folded rnd.
*/
static inline bool q8_dw_can_be_lean(__m512i shr_even, __m512i shr_odd, const tflc_q8_params *params) {
  return params->output_offset <= params->act_min && tflc_zero_point_foldable_avx512(shr_even, shr_odd);
}

/* The per-block requantization constants of the packed header; allow_lean: the caller handles r.lean. */
static inline q8_dw_requant q8_dw_load_requant(const int32_t *hdr, const tflc_q8_params *params, bool allow_lean) {
  q8_dw_requant r;
  r.whole_uint8 = params->act_min == 0 && params->act_max == 255;
  r.colterm = _mm512_loadu_si512(hdr + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
  r.mult = _mm512_loadu_si512(hdr + TFLC_QHDR_MULT * TFLC_QBLOCK);
  r.mult_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_MULT_ODD * TFLC_QBLOCK);
  r.left = _mm512_loadu_si512(hdr + TFLC_QHDR_LSHIFT * TFLC_QBLOCK);
  r.rnd_even = _mm512_loadu_si512(hdr + TFLC_QHDR_RND_EVEN * TFLC_QBLOCK);
  r.rnd_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_RND_ODD * TFLC_QBLOCK);
  r.neg_even = _mm512_loadu_si512(hdr + TFLC_QHDR_NEG_EVEN * TFLC_QBLOCK);
  r.neg_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_NEG_ODD * TFLC_QBLOCK);
  r.shr_even = _mm512_loadu_si512(hdr + TFLC_QHDR_SHR_EVEN * TFLC_QBLOCK);
  r.shr_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_SHR_ODD * TFLC_QBLOCK);
  r.any_left = _mm512_test_epi32_mask(r.left, r.left) != 0;
  r.lean = allow_lean && q8_dw_can_be_lean(r.shr_even, r.shr_odd, params);
  if (r.lean) tflc_fold_zero_point_avx512(&r.rnd_even, &r.rnd_odd, r.shr_even, r.shr_odd, params->output_offset);
  return r;
}

/* The lean requantization alone (r->lean): int32 lanes before the clamp. */
static inline __m512i q8_dw_requant_lean(__m512i acc, const q8_dw_requant *r) {
  if (r->any_left) acc = _mm512_sllv_epi32(acc, r->left);
  return tflc_requant_ruy_fused_avx512(acc, r->mult, r->mult_odd, r->rnd_even, r->rnd_odd, r->shr_even, r->shr_odd);
}

/*
** Requantizes one pixel's accumulators (gemmlowp rounding, fused: qconv.h) and stores its bytes.
** lean: r->lean holds (a constant at each call, so that each variant compiles without branches).
*/
static inline void q8_dw_store(uint8_t *out, __mmask16 lanes, __m512i acc, const q8_dw_requant *r, __m512i offset,
                               __m512i lo, __m512i hi, bool lean) {
  __m512i y;
  if (lean) {
    y = q8_dw_requant_lean(acc, r);
  } else {
    if (r->any_left) acc = _mm512_sllv_epi32(acc, r->left);
    y = tflc_requant_gemmlowp_fused_avx512(acc, r->mult, r->mult_odd, r->rnd_even, r->rnd_odd, r->neg_even,
                                           r->neg_odd, r->shr_even, r->shr_odd);
    y = _mm512_add_epi32(y, offset);
  }
  if (r->whole_uint8) {
    _mm512_mask_cvtusepi32_storeu_epi8(out, lanes, _mm512_max_epi32(y, lo));
  } else {
    y = _mm512_min_epi32(_mm512_max_epi32(y, lo), hi);
    _mm512_mask_cvtepi32_storeu_epi8(out, lanes, y);
  }
}

/* One block of up to 16 channels for `pixels` pixels, four at a time. */
static inline void q8_dw_block_avx512vnni(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                          size_t input_step, size_t c0, const uint8_t *block, uint8_t *output,
                                          const tflc_q8_params *params, bool input_signed) {
  const __m512i offset = _mm512_set1_epi32(params->output_offset);
  const __m512i lo = _mm512_set1_epi32(params->act_min), hi = _mm512_set1_epi32(params->act_max);
  const int32_t *wb = (const int32_t *)(block + TFLC_QHDR_BYTES);
  const q8_dw_requant r = q8_dw_load_requant((const int32_t *)block, params, false);
  size_t n = channels - c0 < TFLC_QBLOCK ? channels - c0 : TFLC_QBLOCK;
  const bool full = n == TFLC_QBLOCK;
  const __mmask16 lanes = (__mmask16)((1u << n) - 1u);
  uint8_t *out = output + c0;
  size_t p = 0;
  for (; p + 4 <= pixels; p += 4, out += 4 * channels) {
    size_t at0 = p * input_step + c0, at1 = at0 + input_step, at2 = at1 + input_step, at3 = at2 + input_step;
    __m512i acc0 = r.colterm, acc1 = r.colterm, acc2 = r.colterm, acc3 = r.colterm;
    for (size_t t = 0; t < ntaps; t++) {
      const uint8_t *row = input[t];
      const __m512i wt = _mm512_loadu_si512(wb + t * TFLC_QBLOCK);
      acc0 = q8_dw_mac(acc0, q8_dw_load16(row + at0, lanes, full, input_signed), wt);
      acc1 = q8_dw_mac(acc1, q8_dw_load16(row + at1, lanes, full, input_signed), wt);
      acc2 = q8_dw_mac(acc2, q8_dw_load16(row + at2, lanes, full, input_signed), wt);
      acc3 = q8_dw_mac(acc3, q8_dw_load16(row + at3, lanes, full, input_signed), wt);
    }
    q8_dw_store(out, lanes, acc0, &r, offset, lo, hi, false);
    q8_dw_store(out + channels, lanes, acc1, &r, offset, lo, hi, false);
    q8_dw_store(out + 2 * channels, lanes, acc2, &r, offset, lo, hi, false);
    q8_dw_store(out + 3 * channels, lanes, acc3, &r, offset, lo, hi, false);
  }
  for (; p < pixels; p++, out += channels) { /* one pixel: its taps over three chains */
    size_t at = p * input_step + c0, t = 0;
    __m512i acc0 = r.colterm, acc1 = _mm512_setzero_si512(), acc2 = _mm512_setzero_si512();
    for (; t + 3 <= ntaps; t += 3) {
      acc0 = q8_dw_mac(acc0, q8_dw_load16((const uint8_t *)input[t] + at, lanes, full, input_signed),
                                 _mm512_loadu_si512(wb + t * TFLC_QBLOCK));
      acc1 = q8_dw_mac(acc1, q8_dw_load16((const uint8_t *)input[t + 1] + at, lanes, full, input_signed),
                                 _mm512_loadu_si512(wb + (t + 1) * TFLC_QBLOCK));
      acc2 = q8_dw_mac(acc2, q8_dw_load16((const uint8_t *)input[t + 2] + at, lanes, full, input_signed),
                                 _mm512_loadu_si512(wb + (t + 2) * TFLC_QBLOCK));
    }
    for (; t < ntaps; t++)
      acc0 = q8_dw_mac(acc0, q8_dw_load16((const uint8_t *)input[t] + at, lanes, full, input_signed),
                                 _mm512_loadu_si512(wb + t * TFLC_QBLOCK));
    q8_dw_store(out, lanes, _mm512_add_epi32(acc0, _mm512_add_epi32(acc1, acc2)), &r, offset, lo, hi, false);
  }
}

static inline void q8_dwconv_avx512vnni(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                        size_t input_step, const void *w, void *output, const tflc_q8_params *params,
                                        bool input_signed) {
  const uint8_t *block = w;
  for (size_t c0 = 0; c0 < channels; c0 += TFLC_QBLOCK) {
    q8_dw_block_avx512vnni(pixels, channels, ntaps, input, input_step, c0, block, output, params, input_signed);
    block += TFLC_QHDR_BYTES + ntaps * TFLC_QBLOCK * 4;
  }
}

#endif /* TFLC_KERNELS_X86_Q8_DWCONV_AVX512VNNI_H_ */
