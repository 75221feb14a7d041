/*
** q8-dwconv3x3-avx512vnni.h — the body shared by the 3x3 depthwise microkernels
** (tflc_q{u,s}8_dwconv_ukernel_3x3_c16__avx512vnni, qconv.h). Against the general kernel
** (q8-dwconv-avx512vnni.h), a 3x3 filter over a row of pixels lets each input column be
** loaded and widened once for all the pixels that use it: four pixels at stride 1 read 6
** columns per filter row instead of 12 (4 for UINT8, which keeps the overlap of consecutive
** steps in registers), at stride 2 read 9 instead of 12. For UINT8, filter rows 0 and 1 share
** each multiply-add as int16 pairs (q8_dw_load_pair). The weight vectors of a block stay in
** registers. Include after the file's `#pragma GCC target` (AVX-512F/BW/VL + VNNI).
*/
#ifndef TFLC_KERNELS_X86_Q8_DWCONV3X3_AVX512VNNI_H_
#define TFLC_KERNELS_X86_Q8_DWCONV3X3_AVX512VNNI_H_

#include "kernels/x86/q8-dwconv-avx512vnni.h"

/*
** acc + x*w per int32 lane, for lanes of int16 pairs, in one vpdpwssd. Here, unlike in the
** general kernel (q8_dw_mac), it measured faster than vpmaddwd + vpaddd: 4-5% on the kernel at
** stride 1, the same at stride 2 (with rows paired below, fewer multiply-adds share the ports).
*/
static inline __m512i q8_dw3x3_mac(__m512i acc, __m512i x, __m512i w) { return _mm512_dpwssd_epi32(acc, x, w); }

/*
** UINT8 inputs: the bytes of filter rows 0 and 1 at one column as int16 pairs [row 0, row 1] in
** each channel's lane, so that one vpmaddwd with the weights [w(0,fx), w(1,fx)] does two taps
** (the lanes are otherwise [x, 0] x [w, 0], half of each multiply wasted). Row 0 is widened as
** usual; row 1's 16 bytes are broadcast to the four 128-bit lanes (a load, no shuffle) and one
** merge-masked byte shuffle puts channel i's byte into byte 2 of lane i: two shuffle-port uops per
** column, as the two widenings were, for half the multiply-adds. (INT8 inputs need the sign in
** byte 3, which the shuffle cannot give: they keep one row per vpmaddwd.)
*/
static inline __m512i q8_dw_load_pair(const uint8_t *p0, const uint8_t *p1, __mmask16 lanes, bool full) {
  const __m512i to_byte2 = _mm512_setr_epi32(0 << 16, 1 << 16, 2 << 16, 3 << 16, 4 << 16, 5 << 16, 6 << 16, 7 << 16,
                                             8 << 16, 9 << 16, 10 << 16, 11 << 16, 12 << 16, 13 << 16, 14 << 16,
                                             15 << 16);
  const __mmask64 byte2 = 0x4444444444444444ull;
  __m512i x = q8_dw_load16(p0, lanes, full, false);
  __m128i bytes1 = full ? _mm_loadu_si128((const __m128i *)p1) : _mm_maskz_loadu_epi8(lanes, p1);
  return _mm512_mask_shuffle_epi8(x, byte2, _mm512_broadcast_i32x4(bytes1), to_byte2);
}

/*
** Four pixels' taps from the filter rows: column c of row fy at rows[fy] + at + c*channels.
** w01: for UINT8 inputs, the weights of rows 0 and 1 as int16 pairs (q8_dw_load_pair).
*/
static inline void q8_dw3x3_quad(const uint8_t *const *rows, size_t at, size_t channels, size_t stride,
                                 const __m512i w[9], const __m512i w01[3], __m512i acc[4], __mmask16 lanes, bool full,
                                 bool input_signed) {
  enum { MAX_COLUMNS = 3 * 2 + 3 };
  const size_t columns = 3 * stride + 3;
  size_t fy = 0;
  if (!input_signed) {
    __m512i x[MAX_COLUMNS];
#pragma GCC unroll 9
    for (size_t c = 0; c < columns; c++)
      x[c] = q8_dw_load_pair(rows[0] + at + c * channels, rows[1] + at + c * channels, lanes, full);
#pragma GCC unroll 4
    for (size_t j = 0; j < 4; j++)
#pragma GCC unroll 3
      for (size_t fx = 0; fx < 3; fx++) acc[j] = q8_dw3x3_mac(acc[j], x[j * stride + fx], w01[fx]);
    fy = 2;
  }
  for (; fy < 3; fy++) {
    __m512i x[MAX_COLUMNS];
#pragma GCC unroll 9
    for (size_t c = 0; c < columns; c++) x[c] = q8_dw_load16(rows[fy] + at + c * channels, lanes, full, input_signed);
#pragma GCC unroll 4
    for (size_t j = 0; j < 4; j++)
#pragma GCC unroll 3
      for (size_t fx = 0; fx < 3; fx++) acc[j] = q8_dw3x3_mac(acc[j], x[j * stride + fx], w[fy * 3 + fx]);
  }
}

/* Requantizes and stores four pixels' accumulators at out, out + channels, ... */
static inline __attribute__((always_inline)) void q8_dw3x3_store_quad(uint8_t *out, size_t channels,
                                                                      const __m512i acc[4], const q8_dw_requant *r,
                                                                      const tflc_q8_params *params, __mmask16 lanes,
                                                                      bool full, bool lean) {
  if (lean && r->whole_uint8) { /* the four pixels narrowed together */
    tflc_store4_u8_avx512(out, channels, q8_dw_requant_lean(acc[0], r), q8_dw_requant_lean(acc[1], r),
                          q8_dw_requant_lean(acc[2], r), q8_dw_requant_lean(acc[3], r), full, lanes);
    return;
  }
  const __m512i offset = _mm512_set1_epi32(params->output_offset);
  const __m512i lo = _mm512_set1_epi32(params->act_min), hi = _mm512_set1_epi32(params->act_max);
  for (size_t j = 0; j < 4; j++) q8_dw_store(out + j * channels, lanes, acc[j], r, offset, lo, hi, lean);
}

/*
** UINT8 at stride 1: four pixels per step, whose six input columns overlap the next step's by
** two: those stay in registers, so each step loads and widens 4 columns instead of 6. Returns
** the pixels done (a multiple of 4); out is the block's first output byte.
*/
static inline __attribute__((always_inline)) size_t q8_dw3x3_s1_u8(size_t pixels, size_t channels,
                                                                   const uint8_t *const *rows, size_t c0,
                                                                   const __m512i w[9], const __m512i w01[3],
                                                                   uint8_t *out, const q8_dw_requant *r,
                                                                   const tflc_q8_params *params, __mmask16 lanes,
                                                                   bool full, bool lean) {
  const uint8_t *r0 = rows[0] + c0, *r1 = rows[1] + c0, *r2 = rows[2] + c0;
  __m512i x01[6], x2[6]; /* columns p .. p+5: rows 0 and 1 paired (q8_dw_load_pair), row 2 */
  x01[4] = q8_dw_load_pair(r0, r1, lanes, full);
  x01[5] = q8_dw_load_pair(r0 + channels, r1 + channels, lanes, full);
  x2[4] = q8_dw_load16(r2, lanes, full, false);
  x2[5] = q8_dw_load16(r2 + channels, lanes, full, false);
  size_t p = 0;
  for (; p + 4 <= pixels; p += 4, out += 4 * channels) {
    x01[0] = x01[4], x01[1] = x01[5], x2[0] = x2[4], x2[1] = x2[5];
#pragma GCC unroll 4
    for (size_t c = 2; c < 6; c++) {
      size_t at = (p + c) * channels;
      x01[c] = q8_dw_load_pair(r0 + at, r1 + at, lanes, full);
      x2[c] = q8_dw_load16(r2 + at, lanes, full, false);
    }
    __m512i acc[4] = {r->colterm, r->colterm, r->colterm, r->colterm};
#pragma GCC unroll 4
    for (size_t j = 0; j < 4; j++)
#pragma GCC unroll 3
      for (size_t fx = 0; fx < 3; fx++) {
        acc[j] = q8_dw3x3_mac(acc[j], x01[j + fx], w01[fx]);
        acc[j] = q8_dw3x3_mac(acc[j], x2[j + fx], w[6 + fx]);
      }
    q8_dw3x3_store_quad(out, channels, acc, r, params, lanes, full, lean);
  }
  return p;
}

/*
** One block of up to 16 channels for `pixels` pixels at `stride` (1 or 2) pixels apart, with the
** block's requantization r; lean is r.lean as a constant (q8_dw_store).
*/
static inline __attribute__((always_inline)) void q8_dw3x3_block_with(size_t pixels, size_t channels,
                                                                      const uint8_t *const *rows, size_t stride,
                                                                      size_t c0, const uint8_t *block, uint8_t *output,
                                                                      const tflc_q8_params *params,
                                                                      const q8_dw_requant r, bool lean,
                                                                      bool input_signed) {
  const __m512i offset = _mm512_set1_epi32(params->output_offset);
  const __m512i lo = _mm512_set1_epi32(params->act_min), hi = _mm512_set1_epi32(params->act_max);
  const int32_t *wb = (const int32_t *)(block + TFLC_QHDR_BYTES);
  const size_t n = channels - c0 < TFLC_QBLOCK ? channels - c0 : TFLC_QBLOCK, step = stride * channels;
  const bool full = n == TFLC_QBLOCK;
  const __mmask16 lanes = (__mmask16)((1u << n) - 1u);
  __m512i w[9];
  for (size_t t = 0; t < 9; t++) w[t] = _mm512_loadu_si512(wb + t * TFLC_QBLOCK);
  __m512i w01[3]; /* [w(0,fx), w(1,fx)] as int16 pairs: each lane holds w as int16 in its low half, 0 above */
  for (size_t fx = 0; fx < 3; fx++) w01[fx] = _mm512_or_si512(w[fx], _mm512_slli_epi32(w[3 + fx], 16));
  uint8_t *out = output + c0;
  size_t p = 0;
  if (stride == 1 && !input_signed) {
    p = q8_dw3x3_s1_u8(pixels, channels, rows, c0, w, w01, out, &r, params, lanes, full, lean);
    out += p * channels;
  }
  for (; stride <= 2 && p + 4 <= pixels; p += 4, out += 4 * channels) {
    __m512i acc[4] = {r.colterm, r.colterm, r.colterm, r.colterm};
    if (stride == 1) q8_dw3x3_quad(rows, p * step + c0, channels, 1, w, w01, acc, lanes, full, input_signed);
    else q8_dw3x3_quad(rows, p * step + c0, channels, 2, w, w01, acc, lanes, full, input_signed);
    q8_dw3x3_store_quad(out, channels, acc, &r, params, lanes, full, lean);
  }
  for (; p < pixels; p++, out += channels) { /* one pixel: a chain per filter row */
    __m512i acc[3] = {r.colterm, _mm512_setzero_si512(), _mm512_setzero_si512()};
    for (size_t fy = 0; fy < 3; fy++)
      for (size_t fx = 0; fx < 3; fx++)
        acc[fy] = q8_dw3x3_mac(
            acc[fy], q8_dw_load16(rows[fy] + p * step + fx * channels + c0, lanes, full, input_signed), w[fy * 3 + fx]);
    q8_dw_store(out, lanes, _mm512_add_epi32(acc[0], _mm512_add_epi32(acc[1], acc[2])), &r, offset, lo, hi, lean);
  }
}

/* One block: the lean requantization (q8_dw_can_be_lean) where the block allows it. */
static inline void q8_dw3x3_block(size_t pixels, size_t channels, const uint8_t *const *rows, size_t stride, size_t c0,
                                  const uint8_t *block, uint8_t *output, const tflc_q8_params *params,
                                  bool input_signed) {
  const q8_dw_requant r = q8_dw_load_requant((const int32_t *)block, params, true);
  if (r.lean) q8_dw3x3_block_with(pixels, channels, rows, stride, c0, block, output, params, r, true, input_signed);
  else q8_dw3x3_block_with(pixels, channels, rows, stride, c0, block, output, params, r, false, input_signed);
}

static inline void q8_dwconv3x3_avx512vnni(size_t pixels, size_t channels, const void *const *rows, size_t stride,
                                           const void *w, void *output, const tflc_q8_params *params,
                                           bool input_signed) {
  const uint8_t *block = w;
  const uint8_t *row_bytes[3] = {rows[0], rows[1], rows[2]};
  for (size_t c0 = 0; c0 < channels; c0 += TFLC_QBLOCK) {
    q8_dw3x3_block(pixels, channels, row_bytes, stride, c0, block, output, params, input_signed);
    block += TFLC_QHDR_BYTES + 9 * TFLC_QBLOCK * 4;
  }
}

#endif /* TFLC_KERNELS_X86_Q8_DWCONV3X3_AVX512VNNI_H_ */
