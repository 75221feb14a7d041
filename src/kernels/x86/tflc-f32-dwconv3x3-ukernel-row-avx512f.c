/*
** tflc_f32_dwconv3x3_minmax_ukernel_row__avx512f — stride-1 depthwise 3x3 convolution over
** padded, channel-blocked input rows (floatconv.h) on AVX-512F: 16 channels per vector, 8
** output vectors per step.
**
** Why 8: each output is a chain of 9 dependent FMAs (bias, then the taps in order, so that every
** path computes the same bits), and an FMA's result is ready ~4 cycles after it issues. With
** 2 FMAs per cycle, 8 chains keep the units busy; the general kernel's 1 to 4 pixels per step
** left them mostly idle (10-25 GMAC/s on MobileNet's depthwise layers). Along a filter row the
** 8 outputs' taps share input columns (10 columns for 24 taps), each loaded once into a
** register. Because a block's columns are 16 (or 8) floats apart, every load address is a
** constant offset from the row pointer: no per-column pointer arithmetic in the loop.
**
** Since the rows carry their padding, border pixels take the same steps as the rest; a row
** whose length is not a multiple of the step ends with a step that overlaps the previous one,
** recomputing (and rewriting) a few outputs with the same bits.
**
** An 8-channel layer has 8-float columns, and a vector holds two pixels: pair q's tap fx is
** the 16 floats at column 2q + fx (two columns per vector step).
**
** One form of each step serves whole and partial blocks: the store is plain or masked (the
** lanes past the channels, or past a last odd pixel) by a branch on the mask, rather than a
** second copy of every step (twice the code: clang's sanitizer build took minutes on it).
** Masked stores throughout measured 5-7% slower.
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,fma")
#include <immintrin.h>
#include <stdbool.h>

#include "kernels/floatconv.h"

#define INLINE static inline __attribute__((always_inline))

INLINE __m512 clamp(__m512 v, __m512 lo, __m512 hi) { return _mm512_min_ps(_mm512_max_ps(v, lo), hi); }

/* The weights of one packed block: bias, then taps 0..8. */
typedef struct taps9 {
  __m512 bias, k[9];
} taps9;

/* A row of output vectors: vector v's tap (fy, fx) is the 16 floats at r[fy] + (v*S + fx)*UNIT,
   its output at out + v*out_step, lanes store_mask (S, UNIT: see step). */
typedef struct row_view {
  const float *r[3];
  float *out;
  size_t out_step;
  __mmask16 store_mask;
} row_view;

/*
** NP output vectors from vector v0; NP, S (the step between vectors, in columns) and UNIT
** (floats per column) are constants after inlining. Filter row fy's columns are loaded in
** order, each feeding every vector that reads it, so each accumulator sees bias, (fy, 0),
** (fy, 1), (fy, 2) for fy = 0, 1, 2.
*/
INLINE void step(const int NP, const int S, const int UNIT, const row_view *rv, size_t v0, const taps9 *w, __m512 lo,
                 __m512 hi) {
  __m512 acc[8];
#pragma GCC unroll 8
  for (int v = 0; v < NP; v++) acc[v] = w->bias;
#pragma GCC unroll 3
  for (int fy = 0; fy < 3; fy++) {
    const float *row = rv->r[fy] + v0 * (size_t)(S * UNIT);
#pragma GCC unroll 24
    for (int j = 0; j < (NP - 1) * S + 3; j++) {
      /* One load per column into a register: the empty asm stops GCC folding the load into
         each FMA that reads it (one load per use). */
      __m512 x = _mm512_loadu_ps(row + j * UNIT);
      __asm__("" : "+v"(x));
#pragma GCC unroll 8
      for (int v = 0; v < NP; v++) {
        const int fx = j - v * S;
        if (fx >= 0 && fx < 3) acc[v] = _mm512_fmadd_ps(x, w->k[fy * 3 + fx], acc[v]);
      }
    }
  }
  float *out = rv->out + v0 * rv->out_step;
  const bool whole = rv->store_mask == 0xFFFF;
#pragma GCC unroll 8
  for (int v = 0; v < NP; v++, out += rv->out_step) {
    if (whole) _mm512_storeu_ps(out, clamp(acc[v], lo, hi));
    else _mm512_mask_storeu_ps(out, rv->store_mask, clamp(acc[v], lo, hi));
  }
}

/* Steps of NP vectors over [0, n) (n >= NP), the last one moved back to end at n. */
INLINE void steps_of(const int NP, const int S, const int UNIT, const row_view *rv, size_t n, const taps9 *w,
                     __m512 lo, __m512 hi) {
  for (size_t v = 0;;) {
    step(NP, S, UNIT, rv, v, w, lo, hi);
    if (v + NP == n) break;
    v = v + 2 * NP <= n ? v + NP : n - NP;
  }
}

/* Output vectors [0, n): steps of 8 (4 for short rows, then 1), the last overlapping the one before. */
INLINE void row_vectors(const int S, const int UNIT, const row_view *rv, size_t n, const taps9 *w, __m512 lo,
                        __m512 hi) {
  if (n >= 8) steps_of(8, S, UNIT, rv, n, w, lo, hi);
  else if (n >= 4) steps_of(4, S, UNIT, rv, n, w, lo, hi);
  else if (n > 0) steps_of(1, S, UNIT, rv, n, w, lo, hi);
}

static taps9 load_block(const float *block) {
  taps9 w;
  w.bias = _mm512_load_ps(block);
  for (int t = 0; t < 9; t++) w.k[t] = _mm512_load_ps(block + (t + 1) * 16);
  return w;
}

/* 8 channels: pixel pairs, the weights repeated in both halves of each vector. */
static void pairs_c8(size_t pixels, const float *const *rows, const float *block, float *output, __m512 lo,
                     __m512 hi) {
  taps9 w = load_block(block);
  w.bias = _mm512_shuffle_f32x4(w.bias, w.bias, 0x44);
  for (int t = 0; t < 9; t++) w.k[t] = _mm512_shuffle_f32x4(w.k[t], w.k[t], 0x44);
  row_view rv = {{rows[0], rows[1], rows[2]}, output, 16, 0xFFFF};
  row_vectors(2, 8, &rv, pixels / 2, &w, lo, hi);
  if (pixels % 2) { /* the last pixel alone: the upper half reads the slack and is not stored */
    rv.store_mask = 0x00FF;
    step(1, 2, 8, &rv, pixels / 2, &w, lo, hi);
  }
}

void tflc_f32_dwconv3x3_minmax_ukernel_row__avx512f(size_t pixels, size_t channels, const float *const *rows,
                                                    size_t block_stride, const float *w, float *output,
                                                    const tflc_f32_minmax_params *params) {
  const __m512 lo = _mm512_set1_ps(params->min), hi = _mm512_set1_ps(params->max);
  if (channels == 8) {
    pairs_c8(pixels, rows, w, output, lo, hi);
    return;
  }
  for (size_t c0 = 0; c0 < channels; c0 += 16, w += 10 * 16) {
    const size_t b = c0 / 16, left = channels - c0;
    const taps9 block = load_block(w);
    const row_view rv = {{rows[0] + b * block_stride, rows[1] + b * block_stride, rows[2] + b * block_stride},
                         output + c0, channels, left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1)};
    row_vectors(1, 16, &rv, pixels, &block, lo, hi);
  }
}
#endif
