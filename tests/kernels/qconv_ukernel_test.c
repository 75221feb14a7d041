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
#include <math.h>
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

/*
** Random output parameters: zero point zo and the clamp. One case in three puts zo at or below
** act_min (as after a ReLU), where kernels may take shortcuts that hold only there.
*/
static tflc_q8_params random_output(bool signed_input) {
  int32_t zo = signed_input ? rnd_range(-128, 127) : rnd_range(0, 255);
  tflc_q8_params p = {zo, signed_input ? -128 : 0, signed_input ? 127 : 255};
  if (rnd() % 2) p.act_min += rnd_range(0, 60), p.act_max -= rnd_range(0, 60);
  if (rnd() % 3 == 0) p.output_offset = rnd_range(signed_input ? -128 : 0, p.act_min);
  return p;
}

/* One GEMM case; returns 0 when every element matches. */
static int gemm_case(const tflc_qconv_config *cfg, size_t m, size_t n, size_t k, bool signed_input, bool wide_weights) {
  size_t kc = (k + 3) & ~(size_t)3;
  uint8_t *x = malloc(m * k), *w = malloc(n * k), *a = calloc(m * kc + 1, 1), *c = malloc(m * n + 1);
  int32_t *bias = malloc(n * 4), *mult = malloc(n * 4), *shift = malloc(n * 4), *row_terms = malloc(m * 4);
  void *packed = aligned_alloc(64, (tflc_qgemm_packed_size(n, kc) + 63) & ~(size_t)63);
  int32_t zx = signed_input ? rnd_range(-128, 127) : rnd_range(0, 255);
  int32_t zw = signed_input ? 0 : rnd_range(0, 255);
  tflc_q8_params p = random_output(signed_input);
  int32_t zo = p.output_offset;
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

/* What a depthwise case fed its kernel, for the reference check. */
typedef struct dw_inputs {
  const uint8_t *in, *w;      /* input bytes; weights [ntaps][channels] */
  const int32_t *bias, *mult, *shift;
  int32_t zx, zw, zo;
  tflc_q8_params p;
  bool signed_input;
} dw_inputs;

/*
** Checks out[pixels][channels] against the reference formula: tap t of pixel q, channel j reads
** in[tap_at[t] + q * pixel_step + j], or nothing where tap_outside[t] (the reference skips taps
** outside the image). Prints the first mismatch after `what`; returns 1 on one, else 0.
*/
static int dw_check(const char *what, size_t pixels, size_t channels, size_t ntaps, const size_t *tap_at,
                    const bool *tap_outside, size_t pixel_step, const dw_inputs *d, const uint8_t *out) {
  for (size_t q = 0; q < pixels; q++)
    for (size_t j = 0; j < channels; j++) {
      int64_t acc = 0;
      for (size_t t = 0; t < ntaps; t++) {
        if (tap_outside[t]) continue;
        size_t at = tap_at[t] + q * pixel_step + j;
        int32_t xv = d->signed_input ? (int8_t)d->in[at] : d->in[at];
        int32_t wv = d->signed_input ? (int8_t)d->w[t * channels + j] : d->w[t * channels + j];
        acc += (int64_t)(xv - d->zx) * (wv - d->zw);
      }
      tflc_requant rq = {d->mult[j], d->shift[j]};
      int32_t want = tflc_conv_output(acc, d->bias[j], rq, TFLC_ROUND_GEMMLOWP, d->zo, d->p.act_min, d->p.act_max);
      int32_t got = d->signed_input ? (int8_t)out[q * channels + j] : out[q * channels + j];
      if (got != want) {
        printf("FAIL %s %s: out[%zu][%zu] = %d, reference %d (mult %d shift %d)\n", what,
               d->signed_input ? "int8" : "uint8", q, j, got, want, d->mult[j], d->shift[j]);
        return 1;
      }
    }
  return 0;
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
  tflc_q8_params p = random_output(signed_input);
  int32_t zo = p.output_offset;
  for (size_t i = 0; i < ntaps * span; i++) in[i] = (uint8_t)rnd();
  for (size_t i = 0; i < ntaps * channels; i++) w[i] = (uint8_t)rnd();
  memset(zero_row, (uint8_t)zx, span);
  for (size_t t = 0; t < ntaps; t++) taps[t] = rnd() % 5 == 0 ? (const void *)zero_row : (const void *)(in + t * span);
  for (size_t j = 0; j < channels; j++) bias[j] = rnd_range(-100000, 100000), random_requant(&mult[j], &shift[j]);
  tflc_qdw_pack(channels, ntaps, w, signed_input, zw, zx, bias, mult, shift, packed);
  (signed_input ? cfg->dw_qs8 : cfg->dw_qu8)(pixels, channels, ntaps, taps, step, packed, out, &p);
  size_t *tap_at = malloc(ntaps * sizeof *tap_at);
  bool *tap_outside = malloc(ntaps * sizeof *tap_outside);
  for (size_t t = 0; t < ntaps; t++) tap_at[t] = t * span, tap_outside[t] = taps[t] == zero_row;
  dw_inputs d = {in, w, bias, mult, shift, zx, zw, zo, p, signed_input};
  char what[160];
  snprintf(what, sizeof what, "%s dwconv: pixels=%zu channels=%zu taps=%zu", cfg->isa, pixels, channels, ntaps);
  int bad = dw_check(what, pixels, channels, ntaps, tap_at, tap_outside, step, &d, out);
  free(tap_at), free(tap_outside);
  free(in), free(w), free(zero_row), free(out), free(bias), free(mult), free(shift), free(taps), free(packed);
  return bad;
}

static void sweep_dw(const tflc_qconv_config *cfg);

/*
** One im2col case: `pixels` rows from filter_h spans (some NULL: rows outside the image) at a
** pixel step; checks every byte of every row and that nothing past the last row is written.
*/
static int im2col_case(const tflc_qconv_config *cfg, size_t pixels, size_t filter_h, size_t span, bool flip) {
  size_t step = span / 2 + (size_t)rnd_range(1, 8), k = filter_h * span, kc = (k + 3) & ~(size_t)3;
  size_t src_len = (pixels - 1) * step + span, guard = 64;
  uint8_t *src = malloc(filter_h * src_len), *a = malloc(pixels * kc + guard);
  const uint8_t **rows = malloc(filter_h * sizeof *rows);
  uint8_t za = (uint8_t)rnd();
  for (size_t i = 0; i < filter_h * src_len; i++) src[i] = (uint8_t)rnd();
  for (size_t fy = 0; fy < filter_h; fy++) rows[fy] = rnd() % 4 == 0 ? NULL : src + fy * src_len;
  memset(a, 0xA5, pixels * kc + guard);
  cfg->im2col(pixels, filter_h, span, rows, step, za, flip, kc, a);
  int bad = 0;
  for (size_t p = 0; p < pixels && !bad; p++)
    for (size_t i = 0; i < kc && !bad; i++) {
      size_t fy = i / span;
      int want = i >= k ? 0 : (!rows[fy] ? za : (rows[fy][p * step + i % span] ^ (flip ? 0x80 : 0)));
      if (a[p * kc + i] != want) {
        printf("FAIL %s im2col: pixels=%zu filter_h=%zu span=%zu%s: row %zu byte %zu = %d, want %d\n", cfg->isa,
               pixels, filter_h, span, flip ? " flip" : "", p, i, a[p * kc + i], want);
        bad = 1;
      }
    }
  for (size_t i = 0; i < guard && !bad; i++)
    if (a[pixels * kc + i] != 0xA5) {
      printf("FAIL %s im2col: pixels=%zu filter_h=%zu span=%zu: wrote past the last row\n", cfg->isa, pixels,
             filter_h, span);
      bad = 1;
    }
  free(src), free(a), free(rows);
  return bad;
}

/* im2col around the one-register limit (64 bytes a row) and beyond it. */
static void sweep_im2col(const tflc_qconv_config *cfg) {
  const size_t fhs[] = {1, 2, 3, 5, 7};
  const size_t spans[] = {1, 3, 9, 13, 21, 32, 63, 64, 65, 130, 200};
  for (size_t fi = 0; fi < sizeof fhs / sizeof fhs[0]; fi++)
    for (size_t si = 0; si < sizeof spans / sizeof spans[0]; si++)
      for (size_t pixels = 1; pixels <= 9; pixels += pixels < 5 ? 1 : 4) { /* kernels may pair pixels */
        CHECK(im2col_case(cfg, pixels, fhs[fi], spans[si], false) == 0);
        CHECK(im2col_case(cfg, pixels, fhs[fi], spans[si], true) == 0);
      }
}

/*
** One 3x3 depthwise case: `pixels` pixels at `stride` over three filter rows (some the
** zero-point row), checked against the reference formula.
*/
static int dw3x3_case(const tflc_qconv_config *cfg, size_t pixels, size_t channels, size_t stride, bool signed_input) {
  size_t span = ((pixels - 1) * stride + 3) * channels;
  uint8_t *in = malloc(3 * span), *w = malloc(9 * channels), *zero_row = malloc(span), *out = malloc(pixels * channels);
  int32_t *bias = malloc(channels * 4), *mult = malloc(channels * 4), *shift = malloc(channels * 4);
  void *packed = aligned_alloc(64, (tflc_qdw_packed_size(channels, 9) + 63) & ~(size_t)63);
  int32_t zx = signed_input ? rnd_range(-128, 127) : rnd_range(0, 255);
  int32_t zw = signed_input ? 0 : rnd_range(0, 255);
  tflc_q8_params p = random_output(signed_input);
  int32_t zo = p.output_offset;
  for (size_t i = 0; i < 3 * span; i++) in[i] = (uint8_t)rnd();
  for (size_t i = 0; i < 9 * channels; i++) w[i] = (uint8_t)rnd();
  memset(zero_row, (uint8_t)zx, span);
  const void *rows[3];
  for (size_t fy = 0; fy < 3; fy++) rows[fy] = rnd() % 4 == 0 ? (const void *)zero_row : (const void *)(in + fy * span);
  for (size_t j = 0; j < channels; j++) bias[j] = rnd_range(-100000, 100000), random_requant(&mult[j], &shift[j]);
  tflc_qdw_pack(channels, 9, w, signed_input, zw, zx, bias, mult, shift, packed);
  (signed_input ? cfg->dw3x3_qs8 : cfg->dw3x3_qu8)(pixels, channels, rows, stride, packed, out, &p);
  size_t tap_at[9];
  bool tap_outside[9];
  for (size_t t = 0; t < 9; t++) tap_at[t] = (t / 3) * span + (t % 3) * channels, tap_outside[t] = rows[t / 3] == zero_row;
  dw_inputs d = {in, w, bias, mult, shift, zx, zw, zo, p, signed_input};
  char what[160];
  snprintf(what, sizeof what, "%s dwconv 3x3: pixels=%zu channels=%zu stride=%zu", cfg->isa, pixels, channels, stride);
  int bad = dw_check(what, pixels, channels, 9, tap_at, tap_outside, stride * channels, &d, out);
  free(in), free(w), free(zero_row), free(out), free(bias), free(mult), free(shift), free(packed);
  return bad;
}

/* QUANTIZE's float formula on one value (quantize.c), straight from its definition. */
static int32_t quantize_reference(float x, double scale, int32_t zp, int32_t qmin, int32_t qmax) {
  double r = round((double)x / scale);
  int32_t q = r >= -2147483648.0 && r < 2147483648.0 ? (int32_t)r : INT32_MIN;
  q = (int32_t)((uint32_t)q + (uint32_t)zp);
  return q < qmin ? qmin : (q > qmax ? qmax : q);
}

/*
** Float QUANTIZE on values that probe the rounding: exact halves (both signs), the doubles
** next to them, huge values, infinities and NaN, random values; lengths around 8 (tails).
*/
static int quantize_case(const tflc_qconv_config *cfg, size_t n, double scale, size_t out_bytes) {
  float *x = malloc(n * sizeof *x);
  uint8_t *out = malloc(n * 2 + 1);
  int32_t zp = out_bytes == 2 ? 0 : rnd_range(-128, 127), qmin = out_bytes == 2 ? -32768 : -128;
  int32_t qmax = out_bytes == 2 ? 32767 : 127;
  if (out_bytes == 1 && rnd() % 2) zp = rnd_range(0, 255), qmin = 0, qmax = 255;
  for (size_t i = 0; i < n; i++) {
    double half = (double)rnd_range(-300, 300) + 0.5;
    switch (rnd() % 6) {
      case 0: x[i] = (float)(half * scale); break;
      case 1: x[i] = nextafterf((float)(half * scale), rnd() % 2 ? INFINITY : -INFINITY); break;
      case 2: x[i] = (float)rnd_range(-1000, 1000) * 1e7f; break;
      case 3: x[i] = rnd() % 3 == 0 ? NAN : (rnd() % 2 ? INFINITY : -INFINITY); break;
      default: x[i] = (float)((int32_t)rnd() % 100000) / 997.0f; break;
    }
  }
  cfg->quantize_f32(n, x, scale, zp, qmin, qmax, out, out_bytes);
  int bad = 0;
  for (size_t i = 0; i < n && !bad; i++) {
    int32_t want = quantize_reference(x[i], scale, zp, qmin, qmax);
    int32_t got = out_bytes == 2 ? (int16_t)(out[2 * i] | out[2 * i + 1] << 8)
                                 : (qmin < 0 ? (int32_t)(int8_t)out[i] : (int32_t)out[i]);
    if (got != want) {
      printf("FAIL %s quantize: n=%zu scale=%g x[%zu]=%.9g: %d, reference %d\n", cfg->isa, n, scale, i, x[i], got,
             want);
      bad = 1;
    }
  }
  free(x), free(out);
  return bad;
}

/* QUANTIZE between 8-bit types on random bytes, zero points and requantizations. */
static int requantize_case(const tflc_qconv_config *cfg, size_t n) {
  uint8_t *in = malloc(n), *out = malloc(n);
  bool in_signed = rnd() % 2, out_signed = rnd() % 2;
  int32_t zin = in_signed ? rnd_range(-128, 127) : rnd_range(0, 255);
  int32_t zout = out_signed ? rnd_range(-128, 127) : rnd_range(0, 255);
  int32_t qmin = out_signed ? -128 : 0, qmax = out_signed ? 127 : 255, mult, shift;
  random_requant(&mult, &shift);
  for (size_t i = 0; i < n; i++) in[i] = (uint8_t)rnd();
  cfg->requantize_q8(n, in, in_signed, zin, mult, shift, zout, qmin, qmax, out);
  int bad = 0;
  for (size_t i = 0; i < n && !bad; i++) {
    int32_t x = (in_signed ? (int32_t)(int8_t)in[i] : (int32_t)in[i]) - zin;
    int32_t want = tflc_multiply_by_quantized_multiplier(x, mult, shift) + zout;
    want = want < qmin ? qmin : (want > qmax ? qmax : want);
    int32_t got = out_signed ? (int32_t)(int8_t)out[i] : (int32_t)out[i];
    if (got != want) {
      printf("FAIL %s requantize: n=%zu in[%zu]=%d (zin %d, mult %d, shift %d, zout %d): %d, reference %d\n",
             cfg->isa, n, i, in[i], zin, mult, shift, zout, got, want);
      bad = 1;
    }
  }
  free(in), free(out);
  return bad;
}

/* Every shape of the sweep through one configuration. */
static void sweep(const tflc_qconv_config *cfg) {
  const size_t mr = cfg->mr;
  const size_t ms[] = {1, mr - 1 ? mr - 1 : 1, mr, mr + 1, 2 * mr, 2 * mr + 3, 37};
  const size_t ns[] = {1, 7, 8, 15, 16, 17, 24, 31, 32, 33, 40, 48, 70};
  const size_t ks[] = {1, 3, 4, 5, 8, 24, 27, 64, 67, 130};
  for (size_t mi = 0; mi < sizeof ms / sizeof ms[0]; mi++)
    for (size_t ni = 0; ni < sizeof ns / sizeof ns[0]; ni++)
      for (size_t ki = 0; ki < sizeof ks / sizeof ks[0]; ki++) {
        CHECK(gemm_case(cfg, ms[mi], ns[ni], ks[ki], false, false) == 0);
        CHECK(gemm_case(cfg, ms[mi], ns[ni], ks[ki], false, true) == 0);
        CHECK(gemm_case(cfg, ms[mi], ns[ni], ks[ki], true, false) == 0);
      }
  sweep_dw(cfg);
  sweep_im2col(cfg);
  const double scales[] = {0.1, 1.0 / 255, 0.0078125, 3.7, 1e-6};
  for (size_t si = 0; si < sizeof scales / sizeof scales[0]; si++)
    for (size_t n = 1; n <= 40; n += 3) {
      CHECK(quantize_case(cfg, n, scales[si], 1) == 0);
      CHECK(quantize_case(cfg, n, scales[si], 2) == 0);
    }
  for (size_t n = 1; n <= 70; n++) CHECK(requantize_case(cfg, n) == 0);
}

/* The depthwise shapes of the sweep through one configuration's depthwise kernels. */
static void sweep_dw(const tflc_qconv_config *cfg) {
  const size_t cs[] = {1, 8, 15, 16, 17, 24, 32, 33, 40, 96, 100};
  const size_t ts[] = {1, 4, 9, 25};
  for (size_t ci = 0; ci < sizeof cs / sizeof cs[0]; ci++)
    for (size_t ti = 0; ti < sizeof ts / sizeof ts[0]; ti++)
      for (size_t pixels = 1; pixels <= 6; pixels++) { /* odd and even: kernels may take pixels in pairs */
        CHECK(dw_case(cfg, pixels, cs[ci], ts[ti], false) == 0);
        CHECK(dw_case(cfg, pixels, cs[ci], ts[ti], true) == 0);
      }
  /* 3x3: pixel counts around the kernels' groups of four, both strides. */
  for (size_t ci = 0; ci < sizeof cs / sizeof cs[0]; ci++)
    for (size_t stride = 1; stride <= 2; stride++)
      for (size_t pixels = 1; pixels <= 9; pixels++) {
        CHECK(dw3x3_case(cfg, pixels, cs[ci], stride, false) == 0);
        CHECK(dw3x3_case(cfg, pixels, cs[ci], stride, true) == 0);
      }
}

int main(void) {
  const tflc_qconv_config *portable = tflc_qconv_config_portable(), *best = tflc_qconv_config_get();
  printf("portable kernels: %s; this CPU: %s\n", portable->isa, best->isa);
  sweep(portable);
  if (best != portable) sweep(best);
#if defined(__x86_64__)
  /* The AVX-512 (non-VNNI) depthwise kernels, which the VNNI configuration no longer selects. */
  if (strcmp(best->isa, "avx512vnni") == 0) {
    tflc_qconv_config plain = *best;
    plain.isa = "avx512";
    plain.dw_qu8 = tflc_qu8_dwconv_ukernel_c16__avx512;
    plain.dw_qs8 = tflc_qs8_dwconv_ukernel_c16__avx512;
    sweep_dw(&plain);
  }
#endif
  return TEST_REPORT();
}
