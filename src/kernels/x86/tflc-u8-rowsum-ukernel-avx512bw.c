/*
** tflc_u8_rowsum_ukernel__avx512bw — row sums for the zero-point correction (qconv.h), with
** vpsadbw (64 bytes per instruction). Rows go eight at a time: their partial sums are added
** across rows in a transpose tree, since reducing each row on its own costs more than the
** sums themselves for the short rows (8 to 64 bytes) of small networks.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl")
#include <immintrin.h>

#include "kernels/qconv.h"

/* Partial sums of one row: 8 int64 lanes that add up to the sum of its k bytes. */
static inline __m512i row_partial_sums(const uint8_t *row, size_t k) {
  const __m512i zero = _mm512_setzero_si512();
  __m512i acc = zero;
  size_t j = 0;
  for (; j + 64 <= k; j += 64) acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_loadu_si512(row + j), zero));
  if (j < k) {
    __mmask64 tail = (__mmask64)(~0ull >> (64 - (k - j)));
    acc = _mm512_add_epi64(acc, _mm512_sad_epu8(_mm512_maskz_loadu_epi8(tail, row + j), zero));
  }
  return acc;
}

/* Adds the 128-bit lanes of a and b pairwise: lanes a0+a1, a2+a3, b0+b1, b2+b3. */
static inline __m512i add_lane_pairs(__m512i a, __m512i b) {
  return _mm512_add_epi64(_mm512_shuffle_i64x2(a, b, 0x88), _mm512_shuffle_i64x2(a, b, 0xDD));
}

/* Adds the two 64-bit halves of each 128-bit lane of a and b: (a0+a1, b0+b1) per lane. */
static inline __m512i add_pairs(__m512i a, __m512i b) {
  return _mm512_add_epi64(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
}

/*
** The sums of 8 rows (as 8 int64 lanes, rows 0..7) from their partial sums. Named values, not
** an array: GCC keeps an array of vectors in memory, and the stores and reloads cost more than
** the sums of short rows.
*/
static inline __m512i reduce8(__m512i s0, __m512i s1, __m512i s2, __m512i s3, __m512i s4, __m512i s5, __m512i s6,
                              __m512i s7) {
  return add_lane_pairs(add_lane_pairs(add_pairs(s0, s1), add_pairs(s2, s3)),
                        add_lane_pairs(add_pairs(s4, s5), add_pairs(s6, s7)));
}

/*
** The sums of 8 rows of k <= 32 bytes (as 8 int64 lanes, rows 0..7), two rows per vpsadbw:
** rows 0, 1, 4, 5 in the low 256 bits of four vectors and rows 2, 3, 6, 7 in the high ones, an
** order that the two levels of the transpose tree leave sorted. Half the vpsadbw and a third
** of the tree of reduce8, for the short rows of first layers and small 1x1 convolutions.
*/
static inline __m512i sums8_short(const uint8_t *row, size_t k, size_t stride) {
  const __m512i zero = _mm512_setzero_si512();
  const __mmask64 low = (__mmask64)(((uint64_t)1 << k) - 1), high = low << 32;
  __m512i v[4];
  for (size_t i = 0; i < 4; i++) {
    const uint8_t *lo_row = row + (i % 2 + (i / 2) * 4) * stride; /* rows 0, 1, 4, 5 */
    /* The row 2 further down, loaded into bytes 32.. (masked-off bytes are never read). */
    uintptr_t hi_at = (uintptr_t)(lo_row + 2 * stride) - 32;
    __m512i x = _mm512_mask_loadu_epi8(_mm512_maskz_loadu_epi8(low, lo_row), high, (const void *)hi_at);
    v[i] = _mm512_sad_epu8(x, zero);
  }
  return add_lane_pairs(add_pairs(v[0], v[1]), add_pairs(v[2], v[3]));
}

void tflc_u8_rowsum_ukernel__avx512bw(size_t rows, size_t k, const uint8_t *a, size_t stride, int32_t multiplier,
                                      int32_t *out) {
  const __m256i mult = _mm256_set1_epi32(multiplier);
  size_t i = 0;
  for (; i + 8 <= rows; i += 8) {
    const uint8_t *row = a + i * stride;
    if (k <= 32) {
      __m256i sums = _mm512_cvtepi64_epi32(sums8_short(row, k, stride));
      _mm256_storeu_si256((__m256i *)(out + i), _mm256_mullo_epi32(sums, mult));
      continue;
    }
    __m512i sums8 = reduce8(row_partial_sums(row, k), row_partial_sums(row + stride, k),
                            row_partial_sums(row + 2 * stride, k), row_partial_sums(row + 3 * stride, k),
                            row_partial_sums(row + 4 * stride, k), row_partial_sums(row + 5 * stride, k),
                            row_partial_sums(row + 6 * stride, k), row_partial_sums(row + 7 * stride, k));
    /* sum * multiplier modulo 2^32: the low 32 bits of each sum suffice */
    __m256i sums = _mm512_cvtepi64_epi32(sums8);
    _mm256_storeu_si256((__m256i *)(out + i), _mm256_mullo_epi32(sums, mult));
  }
  for (; i < rows; i++) {
    uint32_t sum = (uint32_t)_mm512_reduce_add_epi64(row_partial_sums(a + i * stride, k));
    out[i] = (int32_t)(sum * (uint32_t)multiplier);
  }
}
#endif
