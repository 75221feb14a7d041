/*
** tflc_u8_rowsum_ukernel__avx512bw — row sums for the zero-point correction (qconv.h):
** vpsadbw against zero adds 64 bytes per instruction into eight 64-bit lanes.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl")
#include <immintrin.h>

#include "kernels/qconv.h"

void tflc_u8_rowsum_ukernel__avx512bw(size_t rows, size_t k, const uint8_t *a, size_t stride, int32_t multiplier,
                                      int32_t *out) {
  const __m512i zero = _mm512_setzero_si512();
  for (size_t i = 0; i < rows; i++) {
    const uint8_t *row = a + i * stride;
    __m512i acc = zero;
    size_t j = 0;
    for (; j + 64 <= k; j += 64) acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_loadu_si512(row + j), zero));
    if (j < k) {
      __mmask64 tail = (__mmask64)(~0ull >> (64 - (k - j)));
      acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_maskz_loadu_epi8(tail, row + j), zero));
    }
    uint32_t sum = (uint32_t)_mm512_reduce_add_epi64(acc);
    out[i] = (int32_t)(sum * (uint32_t)multiplier);
  }
}
#endif
