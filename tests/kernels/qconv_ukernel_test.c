/*
** qconv_ukernel_test.c — the quantized GEMM and depthwise microkernels (src/kernels/qconv.h)
** against the reference formula, on seeded random data (XNNPACK's gemm-microkernel-tester).
**
** For every configuration this CPU can run (the portable one, and the one detected), it
** sweeps shapes around the tile sizes: M below, at and above mr and 2*mr; N below, at and
** above 16 and 32; K odd, below and above 4 (padded to kc); UINT8 weights that fit in int8
** after their zero point and ones that do not (the row-sum correction); INT8 inputs (sign
** flip); random multipliers and shifts including large left and right shifts; activation
** clamps. Expected values come straight from the reference definition
**   out = clamp(requant(sum (a - za)(w - zw) + bias) + zo)
** with the ruy (GEMM) or gemmlowp (depthwise) rounding of quant.h, not from the identities the
** packing uses. A failure prints the kernel, the shape and the first wrong element.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/qconv.h"
#include "kernels/quant.h"
#include "test_util.h"

TEST_COUNTERS;

/* xorshift64*: replicable across runs and machines. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}
static int32_t rnd_range(int32_t lo, int32_t hi) { return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1)); }

/* A random requantization: multiplier in [2^30, 2^31) (or 0 rarely), shift in [-31, 6]. */
static void random_requant(int32_t *mult, int32_t *shift) {
  *mult = rnd() % 16 == 0 ? 0 : (int32_t)((1u << 30) + (rnd() & ((1u << 30) - 1)));
  int r = (int)(rnd() % 8);
  *shift = r == 0 ? rnd_range(-31, -20) : (r == 1 ? rnd_range(1, 6) : rnd_range(-12, 0));
}

/* One GEMM case; returns 0 when every element matches. */
static int gemm_case(const tflc_qconv_config *cfg, size_t m, size_t n, size_t k, bool signed_input, bool wide_weights) {
  size_t kc = (k + 3) & ~(size_t)3;
  uint8_t *x = malloc(m * k), *w = malloc(n * k), *a = calloc(m * kc + 1, 1), *c = malloc(m * n + 1);
  int32_t *bias = malloc(n * 4), *mult = malloc(n * 4), *shift = malloc(n * 4), *row_terms = malloc(m * 4);
  void *packed = aligned_alloc(64, (tflc_qgemm_packed_size(n, kc) + 63) & ~(size_t)63);
  int32_t zx = signed_input ? rnd_range(-128, 127) : rnd_range(0, 255);
  int32_t zw = signed_input ? 0 : rnd_range(0, 255);
  int32_t zo = signed_input ? rnd_range(-128, 127) : rnd_range(0, 255);
  tflc_q8_params p = {zo, signed_input ? -128 : 0, signed_input ? 127 : 255};
  if (rnd() % 2) p.act_min += rnd_range(0, 60), p.act_max -= rnd_range(0, 60);
  for (size_t i = 0; i < m * k; i++) x[i] = (uint8_t)rnd();
  for (size_t i = 0; i < n * k; i++) {
    if (signed_input || wide_weights) w[i] = (uint8_t)rnd();
    else w[i] = (uint8_t)(zw + rnd_range(-128 > -zw ? -128 : -zw, 127 < 255 - zw ? 127 : 255 - zw));
  }
  for (size_t j = 0; j < n; j++) bias[j] = rnd_range(-100000, 100000), random_requant(&mult[j], &shift[j]);
  int32_t za = signed_input ? zx + 128 : zx;
  int32_t zwp = tflc_qgemm_pack(n, k, kc, w, signed_input, zw, za, bias, mult, shift, packed);
  for (size_t i = 0; i < m; i++)
    for (size_t q = 0; q < k; q++) a[i * kc + q] = signed_input ? x[i * k + q] ^ 0x80 : x[i * k + q];
  cfg->rowsum(m, k, a, kc, (int32_t)(0u - (uint32_t)zwp), row_terms); /* as the driver does */
  for (size_t i0 = 0; i0 < m; i0 += cfg->mr) {
    size_t mr = m - i0 < cfg->mr ? m - i0 : cfg->mr;
    cfg->gemm(mr, n, kc, a + i0 * kc, kc, packed, c + i0 * n, n, zwp ? row_terms + i0 : NULL, &p);
  }
  int bad = 0;
  for (size_t i = 0; i < m && !bad; i++)
    for (size_t j = 0; j < n && !bad; j++) {
      int64_t acc = 0;
      for (size_t q = 0; q < k; q++) {
        int32_t xv = signed_input ? (int8_t)x[i * k + q] : x[i * k + q];
        int32_t wv = signed_input ? (int8_t)w[j * k + q] : w[j * k + q];
        acc += (int64_t)(xv - zx) * (wv - zw);
      }
      tflc_requant rq = {mult[j], shift[j]};
      int32_t want = tflc_conv_output(acc, bias[j], rq, TFLC_ROUND_RUY, zo, p.act_min, p.act_max);
      int32_t got = signed_input ? (int8_t)c[i * n + j] : c[i * n + j];
      if (got != want) {
        printf("FAIL %s gemm mr=%u: M=%zu N=%zu K=%zu %s%s: C[%zu][%zu] = %d, reference %d (mult %d shift %d)\n",
               cfg->isa, cfg->mr, m, n, k, signed_input ? "int8" : "uint8", wide_weights ? " wide" : "", i, j, got,
               want, mult[j], shift[j]);
        bad = 1;
      }
    }
  free(x), free(w), free(a), free(c), free(bias), free(mult), free(shift), free(row_terms), free(packed);
  return bad;
}

/* One depthwise case: `pixels` pixels of ntaps input rows each (some taps the zero-point row). */
static int dw_case(const tflc_qconv_config *cfg, size_t pixels, size_t channels, size_t ntaps, bool signed_input) {
  size_t step = channels + (size_t)rnd_range(0, 3) * channels; /* as a stride of 1 to 4 pixels */
  size_t span = (pixels - 1) * step + channels;
  uint8_t *in = malloc(ntaps * span), *w = malloc(ntaps * channels), *zero_row = malloc(span);
  uint8_t *out = malloc(pixels * channels);
  int32_t *bias = malloc(channels * 4), *mult = malloc(channels * 4), *shift = malloc(channels * 4);
  const void **taps = malloc(ntaps * sizeof *taps);
  void *packed = aligned_alloc(64, (tflc_qdw_packed_size(channels, ntaps) + 63) & ~(size_t)63);
  int32_t zx = signed_input ? rnd_range(-128, 127) : rnd_range(0, 255);
  int32_t zw = signed_input ? 0 : rnd_range(0, 255);
  int32_t zo = signed_input ? rnd_range(-128, 127) : rnd_range(0, 255);
  tflc_q8_params p = {zo, signed_input ? -128 : 0, signed_input ? 127 : 255};
  if (rnd() % 2) p.act_min += rnd_range(0, 60), p.act_max -= rnd_range(0, 60);
  for (size_t i = 0; i < ntaps * span; i++) in[i] = (uint8_t)rnd();
  for (size_t i = 0; i < ntaps * channels; i++) w[i] = (uint8_t)rnd();
  memset(zero_row, (uint8_t)zx, span);
  for (size_t t = 0; t < ntaps; t++) taps[t] = rnd() % 5 == 0 ? (const void *)zero_row : (const void *)(in + t * span);
  for (size_t j = 0; j < channels; j++) bias[j] = rnd_range(-100000, 100000), random_requant(&mult[j], &shift[j]);
  tflc_qdw_pack(channels, ntaps, w, signed_input, zw, zx, bias, mult, shift, packed);
  (signed_input ? cfg->dw_qs8 : cfg->dw_qu8)(pixels, channels, ntaps, taps, step, packed, out, &p);
  int bad = 0;
  for (size_t q = 0; q < pixels && !bad; q++)
    for (size_t j = 0; j < channels && !bad; j++) {
      int64_t acc = 0;
      for (size_t t = 0; t < ntaps; t++) {
        if (taps[t] == zero_row) continue; /* the reference skips taps outside the image */
        size_t at = t * span + q * step + j;
        int32_t xv = signed_input ? (int8_t)in[at] : in[at];
        int32_t wv = signed_input ? (int8_t)w[t * channels + j] : w[t * channels + j];
        acc += (int64_t)(xv - zx) * (wv - zw);
      }
      tflc_requant rq = {mult[j], shift[j]};
      int32_t want = tflc_conv_output(acc, bias[j], rq, TFLC_ROUND_GEMMLOWP, zo, p.act_min, p.act_max);
      int32_t got = signed_input ? (int8_t)out[q * channels + j] : out[q * channels + j];
      if (got != want) {
        printf("FAIL %s dwconv: pixels=%zu channels=%zu taps=%zu %s: out[%zu][%zu] = %d, reference %d (mult %d shift %d)\n",
               cfg->isa, pixels, channels, ntaps, signed_input ? "int8" : "uint8", q, j, got, want, mult[j], shift[j]);
        bad = 1;
      }
    }
  free(in), free(w), free(zero_row), free(out), free(bias), free(mult), free(shift), free(taps), free(packed);
  return bad;
}

/* Every shape of the sweep through one configuration. */
static void sweep(const tflc_qconv_config *cfg) {
  const size_t mr = cfg->mr;
  const size_t ms[] = {1, mr - 1 ? mr - 1 : 1, mr, mr + 1, 2 * mr, 2 * mr + 3, 37};
  const size_t ns[] = {1, 7, 15, 16, 17, 31, 32, 33, 48, 70};
  const size_t ks[] = {1, 3, 4, 5, 8, 27, 64, 67, 130};
  for (size_t mi = 0; mi < sizeof ms / sizeof ms[0]; mi++)
    for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++)
      for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
        CHECK(gemm_case(cfg, ms[mi], ns[ni], ks[ki], false, false) == 0);
        CHECK(gemm_case(cfg, ms[mi], ns[ni], ks[ki], false, true) == 0);
        CHECK(gemm_case(cfg, ms[mi], ns[ni], ks[ki], true, false) == 0);
      }
  const size_t cs[] = {1, 8, 15, 16, 17, 32, 33, 96, 100};
  const size_t ts[] = {1, 4, 9, 25};
  for (size_t ci = 0; ci < sizeof cs / sizeof cs[0]; ci++)
    for (size_t ti = 0; ti < sizeof ts / sizeof ts[0]; ti++)
      for (size_t pixels = 1; pixels <= 5; pixels += 2) {
        CHECK(dw_case(cfg, pixels, cs[ci], ts[ti], false) == 0);
        CHECK(dw_case(cfg, pixels, cs[ci], ts[ti], true) == 0);
      }
}

int main(void) {
  const tflc_qconv_config *portable = tflc_qconv_config_portable(), *best = tflc_qconv_config_get();
  printf("portable kernels: %s; this CPU: %s\n", portable->isa, best->isa);
  sweep(portable);
  if (best != portable) sweep(best);
  return TEST_REPORT();
}
