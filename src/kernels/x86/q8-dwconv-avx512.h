/*
** q8-dwconv-avx512.h — the body shared by the AVX-512 depthwise microkernels
** (tflc_qu8_dwconv_ukernel_c16__avx512, tflc_qs8_dwconv_ukernel_c16__avx512): 16 channels per
** step, one vpmaddwd per tap (16-bit products, cheaper than vpmulld), gemmlowp requantization. Include after the file's
** `#pragma GCC target`.
*/
#ifndef TFLC_KERNELS_X86_Q8_DWCONV_AVX512_H_
#define TFLC_KERNELS_X86_Q8_DWCONV_AVX512_H_

#include <stdbool.h>

#include "kernels/qconv.h"
#include "kernels/x86/requant-avx512.h"

static inline void q8_dwconv_avx512(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                    size_t input_step, const void *w, void *output, const tflc_q8_params *params,
                                    bool input_signed) {
  const __m512i offset = _mm512_set1_epi32(params->output_offset);
  const __m512i lo = _mm512_set1_epi32(params->act_min), hi = _mm512_set1_epi32(params->act_max);
  const uint8_t *block = w;
  for (size_t c0 = 0; c0 < channels; c0 += TFLC_QBLOCK) {
    const int32_t *hdr = (const int32_t *)block;
    const int32_t *wb = (const int32_t *)(block + TFLC_QHDR_BYTES);
    size_t n = channels - c0 < TFLC_QBLOCK ? channels - c0 : TFLC_QBLOCK;
    __mmask16 lanes = (__mmask16)((1u << n) - 1u);
    const __m512i colterm = _mm512_loadu_si512(hdr + TFLC_QHDR_COLTERM * TFLC_QBLOCK);
    const __m512i mult = _mm512_loadu_si512(hdr + TFLC_QHDR_MULT * TFLC_QBLOCK);
    const __m512i left = _mm512_loadu_si512(hdr + TFLC_QHDR_LSHIFT * TFLC_QBLOCK);
    const __m512i right = _mm512_loadu_si512(hdr + TFLC_QHDR_RSHIFT * TFLC_QBLOCK);
    const __m512i mask = _mm512_loadu_si512(hdr + TFLC_QHDR_AUX * TFLC_QBLOCK);
    uint8_t *out = (uint8_t *)output + c0;
    for (size_t p = 0; p < pixels; p++, out += channels) {
      size_t at = p * input_step + c0;
      __m512i acc = colterm;
      for (size_t t = 0; t < ntaps; t++) {
        __m128i bytes = _mm_maskz_loadu_epi8(lanes, (const uint8_t *)input[t] + at);
        __m512i x = input_signed ? _mm512_cvtepi8_epi32(bytes) : _mm512_cvtepu8_epi32(bytes);
        /* lanes are [x, 0 or -1] x [w, 0] as int16 pairs: vpmaddwd gives x*w exactly */
        acc = _mm512_add_epi32(acc, _mm512_madd_epi16(x, _mm512_loadu_si512(wb + t * TFLC_QBLOCK)));
      }
      __m512i y = tflc_requant_gemmlowp_avx512(acc, mult, left, right, mask);
      tflc_store_q8_avx512(out, lanes, y, offset, lo, hi);
    }
    block += TFLC_QHDR_BYTES + ntaps * TFLC_QBLOCK * 4;
  }
}

#endif /* TFLC_KERNELS_X86_Q8_DWCONV_AVX512_H_ */
