/*
** tflc_qu8_gemm_ukernel_8x16c4__avx512vnni — GEMM microkernel (qconv.h) on AVX-512 VNNI:
** up to 8 rows of unsigned activations, 16 columns per step, 4 bytes of K per vpdpbusd,
** ruy requantization in the epilogue. Rows past mr alias the last row (computed, not stored).
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512vnni")
#include <stdbool.h>
#include <string.h>

#include "kernels/qconv.h"
#include "kernels/x86/requant-avx512.h"

#define MR 8

/* The 4 bytes at p as an int32 (unaligned). */
static inline int32_t load4(const uint8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

void tflc_qu8_gemm_ukernel_8x16c4__avx512vnni(size_t mr, size_t nc, size_t kc, const uint8_t *a, size_t a_stride,
                                              const void *w, uint8_t *c, size_t c_stride, const int32_t *row_terms,
                                              const tflc_q8_params *params) {
  /* Plain pointers rather than arrays: GCC keeps arrays of pointers in vector registers and
     extracts them on the vector ports the epilogue needs. */
  const uint8_t *a0 = a, *a1 = a0 + (mr > 1 ? a_stride : 0), *a2 = a1 + (mr > 2 ? a_stride : 0);
  const uint8_t *a3 = a2 + (mr > 3 ? a_stride : 0), *a4 = a3 + (mr > 4 ? a_stride : 0);
  const uint8_t *a5 = a4 + (mr > 5 ? a_stride : 0), *a6 = a5 + (mr > 6 ? a_stride : 0);
  const uint8_t *a7 = a6 + (mr > 7 ? a_stride : 0);
  const __m512i offset = _mm512_set1_epi32(params->output_offset);
  const __m512i lo = _mm512_set1_epi32(params->act_min), hi = _mm512_set1_epi32(params->act_max);
  const bool whole_uint8 = params->act_min == 0 && params->act_max == 255;
  const uint8_t *block = w;
  for (size_t n0 = 0; n0 < nc; n0 += TFLC_QBLOCK) {
    const int32_t *hdr = (const int32_t *)block;
    const uint8_t *wk = block + TFLC_QHDR_BYTES;
    __m512i colterm = _mm512_loadu_si512(hdr + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
    __m512i acc0 = colterm, acc1 = colterm, acc2 = colterm, acc3 = colterm;
    __m512i acc4 = colterm, acc5 = colterm, acc6 = colterm, acc7 = colterm;
    for (size_t k = 0; k < kc; k += 4) {
      __m512i wv = _mm512_loadu_si512(wk);
      wk += 64;
      acc0 = _mm512_dpbusd_epi32(acc0, _mm512_set1_epi32(load4(a0 + k)), wv);
      acc1 = _mm512_dpbusd_epi32(acc1, _mm512_set1_epi32(load4(a1 + k)), wv);
      acc2 = _mm512_dpbusd_epi32(acc2, _mm512_set1_epi32(load4(a2 + k)), wv);
      acc3 = _mm512_dpbusd_epi32(acc3, _mm512_set1_epi32(load4(a3 + k)), wv);
      acc4 = _mm512_dpbusd_epi32(acc4, _mm512_set1_epi32(load4(a4 + k)), wv);
      acc5 = _mm512_dpbusd_epi32(acc5, _mm512_set1_epi32(load4(a5 + k)), wv);
      acc6 = _mm512_dpbusd_epi32(acc6, _mm512_set1_epi32(load4(a6 + k)), wv);
      acc7 = _mm512_dpbusd_epi32(acc7, _mm512_set1_epi32(load4(a7 + k)), wv);
    }
    __m512i acc[MR] = {acc0, acc1, acc2, acc3, acc4, acc5, acc6, acc7};
    const __m512i mult = _mm512_loadu_si512(hdr + TFLC_QHDR_MULT * TFLC_QBLOCK);
    const __m512i mult_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_MULT_ODD * TFLC_QBLOCK);
    const __m512i left = _mm512_loadu_si512(hdr + TFLC_QHDR_LSHIFT * TFLC_QBLOCK);
    const __m512i rnd_even = _mm512_loadu_si512(hdr + TFLC_QHDR_RND_EVEN * TFLC_QBLOCK);
    const __m512i rnd_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_RND_ODD * TFLC_QBLOCK);
    const __m512i shr_even = _mm512_loadu_si512(hdr + TFLC_QHDR_SHR_EVEN * TFLC_QBLOCK);
    const __m512i shr_odd = _mm512_loadu_si512(hdr + TFLC_QHDR_SHR_ODD * TFLC_QBLOCK);
    const bool any_left = _mm512_test_epi32_mask(left, left) != 0;
    size_t cols = nc - n0 < TFLC_QBLOCK ? nc - n0 : TFLC_QBLOCK;
    __mmask16 lanes = (__mmask16)((1u << cols) - 1u);
    uint8_t *crow = c + n0;
    for (size_t i = 0; i < mr; i++, crow += c_stride) {
      __m512i x = acc[i];
      if (row_terms) x = _mm512_add_epi32(x, _mm512_set1_epi32(row_terms[i]));
      if (any_left) x = _mm512_sllv_epi32(x, left);
      __m512i y = tflc_requant_ruy_fused_avx512(x, mult, mult_odd, rnd_even, rnd_odd, shr_even, shr_odd);
      y = _mm512_add_epi32(y, offset);
      /* A clamp to [0, 255] is max(y, 0) and the unsigned saturation of the narrowing (one
         instruction fewer per row; measured 3-5% on short-k blocks). [-128, 127] keeps the
         general clamp: the signed saturation was not found faster. */
      __m128i bytes = whole_uint8 ? _mm512_cvtusepi32_epi8(_mm512_max_epi32(y, lo))
                                  : _mm512_cvtepi32_epi8(_mm512_min_epi32(_mm512_max_epi32(y, lo), hi));
      if (cols == TFLC_QBLOCK) _mm_storeu_si128((__m128i *)crow, bytes);
      else _mm_mask_storeu_epi8(crow, lanes, bytes);
    }
    block += TFLC_QHDR_BYTES + kc * TFLC_QBLOCK;
  }
}
#endif
