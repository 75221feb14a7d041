/*
** tflc_u8_im2col_ukernel__avx512bw — im2col rows for the GEMM (qconv.h) on AVX-512BW.
** When a whole row fits in 64 bytes (the first 3x3 convolution of an RGB image: 27 bytes),
** each row is assembled in one register by merge-masked loads that drop every filter row's span
** at its place, then stored once: the GEMM's 4-byte loads that follow then read one store each
** (no store-forwarding stalls from overlapping small copies). Longer rows (1x1 convolutions
** of INT8 inputs) are copied and flipped 64 bytes at a time.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl")
#include <immintrin.h>
#include <stdint.h>

#include "kernels/qconv.h"

/* The low n bits set, n <= 64. */
static inline __mmask64 low_bits(size_t n) { return n >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << n) - 1); }

/* Copies n bytes from src to dst, xor-ing each with `flip` (0 or 0x80 in every byte). */
static void copy_flip(uint8_t *dst, const uint8_t *src, size_t n, __m512i flip) {
  for (; n >= 64; n -= 64, src += 64, dst += 64)
    _mm512_storeu_si512(dst, _mm512_xor_si512(_mm512_loadu_si512(src), flip));
  if (n) _mm512_mask_storeu_epi8(dst, low_bits(n), _mm512_xor_si512(_mm512_maskz_loadu_epi8(low_bits(n), src), flip));
}

/* Fills n bytes with the byte of `value`. */
static void fill(uint8_t *dst, size_t n, __m512i value) {
  for (; n >= 64; n -= 64, dst += 64) _mm512_storeu_si512(dst, value);
  if (n) _mm512_mask_storeu_epi8(dst, low_bits(n), value);
}

/*
** Stores the `bytes` bytes of row at a: a whole 64-byte store while `room` (the bytes of rows
** left from a) allows it, spilling into the following rows, which their own stores overwrite
** later; near the end an exact masked store.
*/
static inline void store_rows(uint8_t *a, __m512i row, size_t bytes, size_t room) {
  if (room >= 64) _mm512_storeu_si512(a, row);
  else _mm512_mask_storeu_epi8(a, low_bits(bytes), row);
}

/* One row of k <= 64 bytes in a register: za (pre-flipped) where no span lands, zeros from k. */
static void im2col_short(size_t pixels, size_t filter_h, size_t span, const uint8_t *const *rows, size_t step,
                         uint8_t za, bool flip, size_t kc, uint8_t *a) {
  const size_t k = filter_h * span;
  const __mmask64 row_mask = low_bits(k), span_mask = low_bits(span);
  const __m512i init = _mm512_maskz_set1_epi8(row_mask, (char)(flip ? za ^ 0x80 : za));
  const __m512i flip_bits = _mm512_maskz_set1_epi8(row_mask, (char)(flip ? 0x80 : 0));
  for (size_t p = 0; p < pixels; p++, a += kc) {
    __m512i row = init;
    for (size_t fy = 0; fy < filter_h; fy++) {
      if (!rows[fy]) continue;
      /* Lanes [fy*span, (fy+1)*span) from the span; the masked-off lanes are never read. */
      uintptr_t at = (uintptr_t)(rows[fy] + p * step) - fy * span;
      row = _mm512_mask_loadu_epi8(row, span_mask << (fy * span), (const void *)at);
    }
    row = _mm512_xor_si512(row, flip_bits);
    store_rows(a, row, kc, (pixels - p) * kc);
  }
}

/* Merges the three filter rows' spans at offset `at` into row (lanes m0, m1, m2). */
static inline __m512i merge_spans3(__m512i row, __mmask64 m0, __mmask64 m1, __mmask64 m2, uintptr_t r0, uintptr_t r1,
                                   uintptr_t r2, uintptr_t at) {
  row = _mm512_mask_loadu_epi8(row, m0, (const void *)(r0 + at));
  row = _mm512_mask_loadu_epi8(row, m1, (const void *)(r1 + at));
  return _mm512_mask_loadu_epi8(row, m2, (const void *)(r2 + at));
}

/*
** One row of a 3-row filter with every row inside the image (the common case): the loop of
** im2col_short with the row loop, its tests and mask shifts hoisted out. Rows of kc <= 32 bytes
** go two per register and per store (pixel p + 1's row kc bytes up): half the stores, which
** cross cache lines at kc-byte offsets.
*/
static void im2col_short3(size_t pixels, size_t span, const uint8_t *const *rows, size_t step, bool flip, size_t kc,
                          uint8_t *a) {
  const size_t k = 3 * span;
  const __mmask64 m0 = low_bits(span), m1 = m0 << span, m2 = m0 << (2 * span);
  const __m512i flip_bits = _mm512_maskz_set1_epi8(low_bits(k) | (kc <= 32 ? low_bits(k) << kc : 0),
                                                   (char)(flip ? 0x80 : 0));
  /* Each filter row's span moved down by its place in the row (the masked-off lanes are never read). */
  const uintptr_t r0 = (uintptr_t)rows[0], r1 = (uintptr_t)rows[1] - span, r2 = (uintptr_t)rows[2] - 2 * span;
  const __m512i zero = _mm512_setzero_si512();
  size_t p = 0;
  if (kc <= 32) {
    const __mmask64 n0 = m0 << kc, n1 = m1 << kc, n2 = m2 << kc;
    for (; p + 2 <= pixels; p += 2, a += 2 * kc) {
      const uintptr_t at = p * step, next = at + step - kc; /* pixel p + 1's bytes land kc higher */
      __m512i row = merge_spans3(merge_spans3(zero, m0, m1, m2, r0, r1, r2, at), n0, n1, n2, r0, r1, r2, next);
      if (flip) row = _mm512_xor_si512(row, flip_bits);
      store_rows(a, row, 2 * kc, (pixels - p) * kc);
    }
  }
  for (; p < pixels; p++, a += kc) {
    __m512i row = merge_spans3(zero, m0, m1, m2, r0, r1, r2, p * step);
    if (flip) row = _mm512_xor_si512(row, flip_bits);
    store_rows(a, row, kc, (pixels - p) * kc);
  }
}

void tflc_u8_im2col_ukernel__avx512bw(size_t pixels, size_t filter_h, size_t span, const uint8_t *const *rows,
                                      size_t step, uint8_t za, bool flip, size_t kc, uint8_t *a) {
  const size_t k = filter_h * span;
  if (k <= 64 && filter_h == 3 && rows[0] && rows[1] && rows[2]) {
    im2col_short3(pixels, span, rows, step, flip, kc, a);
    return;
  }
  if (k <= 64) {
    im2col_short(pixels, filter_h, span, rows, step, za, flip, kc, a);
    return;
  }
  const __m512i flip_bits = _mm512_set1_epi8((char)(flip ? 0x80 : 0)), za_bytes = _mm512_set1_epi8((char)za);
  for (size_t p = 0; p < pixels; p++, a += kc) {
    uint8_t *dst = a;
    for (size_t fy = 0; fy < filter_h; fy++, dst += span) {
      if (rows[fy]) copy_flip(dst, rows[fy] + p * step, span, flip_bits);
      else fill(dst, span, za_bytes);
    }
    fill(dst, kc - k, _mm512_setzero_si512());
  }
}
#endif
