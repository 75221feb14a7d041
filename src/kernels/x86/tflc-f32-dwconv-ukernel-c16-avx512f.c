/*
** tflc_f32_dwconv_minmax_ukernel_c16__avx512f — float depthwise convolution (floatconv.h) on
** AVX-512F: 16 channels per vector. For each block of channels the loop runs over the row's
** pixels; with 9 taps (3x3 filters, any stride or dilation) the weights stay in registers.
** The accumulator starts at the bias and adds the taps in order with FMAs, the same sequence
** on both paths, so results do not depend on which path or call computes a pixel.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,fma")
#include <immintrin.h>

#include "kernels/floatconv.h"

/* Lanes [0, cols) of a 16-lane load or store. */
static inline __mmask16 lanes(size_t cols) { return cols >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << cols) - 1); }

static inline __m512 clamp(__m512 v, __m512 lo, __m512 hi) { return _mm512_min_ps(_mm512_max_ps(v, lo), hi); }

/*
** Bias plus the 9 taps of one pixel (or pixel pair) at offset o from the tap pointers i0..i8
** with weights k[0..8], in order: the same sequence on every path.
*/
#define DW9_PIXEL(acc, LOAD, o)                  \
  acc = bias;                                    \
  acc = _mm512_fmadd_ps(LOAD(i0 + (o)), k[0], acc); \
  acc = _mm512_fmadd_ps(LOAD(i1 + (o)), k[1], acc); \
  acc = _mm512_fmadd_ps(LOAD(i2 + (o)), k[2], acc); \
  acc = _mm512_fmadd_ps(LOAD(i3 + (o)), k[3], acc); \
  acc = _mm512_fmadd_ps(LOAD(i4 + (o)), k[4], acc); \
  acc = _mm512_fmadd_ps(LOAD(i5 + (o)), k[5], acc); \
  acc = _mm512_fmadd_ps(LOAD(i6 + (o)), k[6], acc); \
  acc = _mm512_fmadd_ps(LOAD(i7 + (o)), k[7], acc); \
  acc = _mm512_fmadd_ps(LOAD(i8 + (o)), k[8], acc);

/*
** Moves the tap pointers i0..i8 on by d floats. The empty asm keeps each pointer in its own
** register: GCC otherwise rewrites them as base + index addresses, and an FMA with an indexed
** memory operand is two uops at issue on this Intel core (the loop measured ~20% slower).
*/
#define DW9_ADVANCE(d)                                                                                   \
  i0 += (d), i1 += (d), i2 += (d), i3 += (d), i4 += (d), i5 += (d), i6 += (d), i7 += (d), i8 += (d);     \
  __asm__("" : "+r"(i0), "+r"(i1), "+r"(i2), "+r"(i3), "+r"(i4), "+r"(i5), "+r"(i6), "+r"(i7), "+r"(i8));

/*
** Pixels [0, 4*floor(pixels/4)) of a stride-1 3x3 row from the filter rows' first taps r0, r1,
** r2 (each row's taps `step` floats apart): per pixel bias + taps 0..8 in order, as
** DW9_PIXEL. Returns the pixels done.
*/
static size_t dw_rows_slide4(size_t pixels, size_t step, const float *r0, const float *r1, const float *r2,
                             const __m512 *k, __m512 bias, float *out, __m512 lo, __m512 hi) {
  size_t p = 0;
  for (; p + 4 <= pixels; p += 4, r0 += 4 * step, r1 += 4 * step, r2 += 4 * step, out += 4 * step) {
    __m512 a0 = bias, a1 = bias, a2 = bias, a3 = bias;
#define ROW(r, t)                                                                                   \
  {                                                                                                 \
    const __m512 x0 = _mm512_loadu_ps(r), x1 = _mm512_loadu_ps(r + step), x2 = _mm512_loadu_ps(r + 2 * step); \
    const __m512 x3 = _mm512_loadu_ps(r + 3 * step), x4 = _mm512_loadu_ps(r + 4 * step);          \
    const __m512 x5 = _mm512_loadu_ps(r + 5 * step);                                               \
    a0 = _mm512_fmadd_ps(x0, k[t], a0), a1 = _mm512_fmadd_ps(x1, k[t], a1);                         \
    a2 = _mm512_fmadd_ps(x2, k[t], a2), a3 = _mm512_fmadd_ps(x3, k[t], a3);                         \
    a0 = _mm512_fmadd_ps(x1, k[t + 1], a0), a1 = _mm512_fmadd_ps(x2, k[t + 1], a1);                 \
    a2 = _mm512_fmadd_ps(x3, k[t + 1], a2), a3 = _mm512_fmadd_ps(x4, k[t + 1], a3);                 \
    a0 = _mm512_fmadd_ps(x2, k[t + 2], a0), a1 = _mm512_fmadd_ps(x3, k[t + 2], a1);                 \
    a2 = _mm512_fmadd_ps(x4, k[t + 2], a2), a3 = _mm512_fmadd_ps(x5, k[t + 2], a3);                 \
  }
    ROW(r0, 0) ROW(r1, 3) ROW(r2, 6)
#undef ROW
    _mm512_storeu_ps(out, clamp(a0, lo, hi));
    _mm512_storeu_ps(out + step, clamp(a1, lo, hi));
    _mm512_storeu_ps(out + 2 * step, clamp(a2, lo, hi));
    _mm512_storeu_ps(out + 3 * step, clamp(a3, lo, hi));
  }
  return p;
}

/*
** 9 taps: the weights of the block held in registers across the pixels. A full block of 16
** channels runs two pixels per iteration with plain loads and stores (masked ones cost ~10%
** here, and two independent pixels per iteration keep more FMAs in flight); a partial block
** masks.
*/
static void dw_block_9(size_t pixels, size_t c0, __mmask16 m, const float *const *input, size_t step,
                       const float *block, float *out, size_t channels, __m512 lo, __m512 hi) {
  const __m512 bias = _mm512_load_ps(block);
  __m512 k[9];
  for (int t = 0; t < 9; t++) k[t] = _mm512_load_ps(block + (t + 1) * 16);
  const float *i0 = input[0] + c0, *i1 = input[1] + c0, *i2 = input[2] + c0, *i3 = input[3] + c0,
              *i4 = input[4] + c0, *i5 = input[5] + c0, *i6 = input[6] + c0, *i7 = input[7] + c0,
              *i8 = input[8] + c0;
  size_t p = 0;
  /* Stride 1 with the filter row's taps side by side (dilation 1): 4 pixels per iteration from 6
     input columns per filter row, each loaded once (18 loads for 36 FMAs instead of 36). */
  if (m == (__mmask16)0xFFFF && step == channels && i1 == i0 + step && i2 == i1 + step && i4 == i3 + step &&
      i5 == i4 + step && i7 == i6 + step && i8 == i7 + step)
    p = dw_rows_slide4(pixels, step, i0, i3, i6, k, bias, out + c0, lo, hi);
  DW9_ADVANCE(p * step)
  if (m == (__mmask16)0xFFFF) {
    for (; p + 2 <= pixels; p += 2) {
      __m512 a, b;
      DW9_PIXEL(a, _mm512_loadu_ps, 0)
      DW9_ADVANCE(step)
      DW9_PIXEL(b, _mm512_loadu_ps, 0)
      DW9_ADVANCE(step)
      _mm512_storeu_ps(out + p * channels + c0, clamp(a, lo, hi));
      _mm512_storeu_ps(out + (p + 1) * channels + c0, clamp(b, lo, hi));
    }
  }
#define MASKED_LOAD(ptr) _mm512_maskz_loadu_ps(m, ptr)
  for (; p < pixels; p++) {
    __m512 a;
    DW9_PIXEL(a, MASKED_LOAD, 0)
    DW9_ADVANCE(step)
    _mm512_mask_storeu_ps(out + p * channels + c0, m, clamp(a, lo, hi));
  }
#undef MASKED_LOAD
}

/*
** 9 taps over 8 channels with consecutive pixels (stride 1): two pixels per vector, the
** weights repeated in both halves. Each lane still sees bias + the 9 taps in order.
*/
static void dw_c8_pairs_9(size_t pixels, const float *const *input, const float *block, float *out, __m512 lo,
                          __m512 hi) {
  const __m512 bias = _mm512_shuffle_f32x4(_mm512_load_ps(block), _mm512_load_ps(block), 0x44);
  __m512 k[9];
  for (int t = 0; t < 9; t++) {
    __m512 v = _mm512_load_ps(block + (t + 1) * 16);
    k[t] = _mm512_shuffle_f32x4(v, v, 0x44); /* lanes 0-7 into 8-15 */
  }
  const float *i0 = input[0], *i1 = input[1], *i2 = input[2], *i3 = input[3], *i4 = input[4], *i5 = input[5],
              *i6 = input[6], *i7 = input[7], *i8 = input[8];
  /* Two pairs per iteration with plain loads and stores while four pixels remain, as dw_block_9. */
  size_t p = 0;
  for (; p + 4 <= pixels; p += 4) {
    __m512 a, b;
    DW9_PIXEL(a, _mm512_loadu_ps, 0)
    DW9_ADVANCE(16)
    DW9_PIXEL(b, _mm512_loadu_ps, 0)
    DW9_ADVANCE(16)
    _mm512_storeu_ps(out + p * 8, clamp(a, lo, hi));
    _mm512_storeu_ps(out + (p + 2) * 8, clamp(b, lo, hi));
  }
  for (; p < pixels; p += 2) {
    const __mmask16 m = pixels - p >= 2 ? (__mmask16)0xFFFF : (__mmask16)0x00FF;
#define MASKED_LOAD(ptr) _mm512_maskz_loadu_ps(m, ptr)
    __m512 a;
    DW9_PIXEL(a, MASKED_LOAD, 0)
    DW9_ADVANCE(16)
#undef MASKED_LOAD
    _mm512_mask_storeu_ps(out + p * 8, m, clamp(a, lo, hi));
  }
}

/* Any number of taps: weights reloaded from the (L1-resident) block. */
static void dw_block_any(size_t pixels, size_t c0, __mmask16 m, size_t ntaps, const float *const *input, size_t step,
                         const float *block, float *out, size_t channels, __m512 lo, __m512 hi) {
  const __m512 bias = _mm512_load_ps(block);
  for (size_t p = 0; p < pixels; p++) {
    size_t o = p * step + c0;
    __m512 acc = bias;
    for (size_t t = 0; t < ntaps; t++)
      acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, input[t] + o), _mm512_load_ps(block + (t + 1) * 16), acc);
    _mm512_mask_storeu_ps(out + p * channels + c0, m, clamp(acc, lo, hi));
  }
}

void tflc_f32_dwconv_minmax_ukernel_c16__avx512f(size_t pixels, size_t channels, size_t ntaps,
                                                 const float *const *input, size_t input_step, const float *w,
                                                 float *output, const tflc_f32_minmax_params *params) {
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  const size_t block = (ntaps + 1) * 16;
  if (channels == 8 && ntaps == 9 && input_step == 8) {
    dw_c8_pairs_9(pixels, input, w, output, lo, hi);
    return;
  }
  for (size_t c0 = 0; c0 < channels; c0 += 16, w += block) {
    __mmask16 m = lanes(channels - c0);
    if (ntaps == 9) dw_block_9(pixels, c0, m, input, input_step, w, output, channels, lo, hi);
    else dw_block_any(pixels, c0, m, ntaps, input, input_step, w, output, channels, lo, hi);
  }
}
#undef DW9_ADVANCE
#undef DW9_PIXEL
#endif
