/*
** floatconv_ukernel_test.c — the float32 GEMM and depthwise microkernels
** (src/kernels/floatconv.h) against the scalar formula in double, on seeded random data.
**
** For every configuration this CPU can run (the portable one, and the one detected), it
** sweeps shapes around the tiles: M below, at and above mr and 2*mr; N below, at and above 16,
** 32 and 48 (masked tails, odd last block); rows of 1, 3 or 9 segments (indirect A: filter rows
** or taps) of 1 to 145 floats scattered in memory; the
** activation clamps (none, RELU, RELU6, random); depthwise rows of 1..21 pixels, 1..40
** channels, 1, 4, 9 (the 3x3 path) and 25 taps, input steps of stride 1 and 2, taps scattered
** as dilation or padding leave them. Tolerance: 1e-5 of sum |a*w| + |bias| (float rounding of
** a different summation order). It also checks that nothing past the output is written, and
** that an element's value does not depend on the tile it falls in (rows computed one at a
** time, or columns 16 at a time, give the same bits): the thread split relies on that.
** The short-row GEMM over contiguous rows: 1 to 64 rows, 1 to 40 columns, rows of 1 to 16
** floats, equal bit for bit to the indirect GEMM. The planar convolution: 1 to 112 pixels, 1 to 8 channels at output strides of the channel
** count and more, 1 to 49 taps; the deinterleave: 0 to 40 groups of 1 to 17 floats.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/floatconv.h"
#include "test_util.h"

TEST_COUNTERS;

/* xorshift64*: replicable across runs and machines. */
static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}
/* Uniform in [-1, 1). */
static float rnd_float(void) { return (float)((double)rnd() / 2147483648.0 - 1.0); }

/* A clamp: none, RELU, RELU6, or a random window. */
static tflc_f32_minmax_params random_clamp(void) {
  tflc_f32_minmax_params p = {-INFINITY, INFINITY};
  switch (rnd() % 4) {
    case 1: p.min = 0.0f; break;
    case 2: p.min = 0.0f, p.max = 6.0f * 0.1f; break; /* RELU6 scaled to the data's range */
    case 3: p.min = -0.3f, p.max = 0.2f; break;
    default: break;
  }
  return p;
}

static float clampf(double v, const tflc_f32_minmax_params *p) {
  return (float)(v < p->min ? p->min : (v > p->max ? p->max : v));
}

/* Whether got is within tolerance of want (unclamped sum `exact`, magnitude `mag`). */
static bool close_enough(float got, double exact, double mag, const tflc_f32_minmax_params *p) {
  return fabs((double)got - (double)clampf(exact, p)) <= 1e-5 * mag + 1e-7;
}

/* The value of A[i][q] (segment q / kc of row i). */
static float a_at(const float *const *rows, size_t ks, size_t kc, size_t i, size_t q) {
  return rows[i * ks + q / kc][q % kc];
}

/*
** Fills the microkernel's pointer tile [ks][mr_max] for rows [i0, i0+mr) from rows[m][ks]; rows
** past mr repeat row i0 + mr - 1, as the driver does.
*/
static void tile_pointers(const float *const *rows, size_t ks, size_t i0, size_t mr, size_t mr_max,
                          const float **tile) {
  for (size_t s = 0; s < ks; s++)
    for (size_t r = 0; r < mr_max; r++) tile[s * mr_max + r] = rows[(i0 + (r < mr ? r : mr - 1)) * ks + s];
}

/* One GEMM case; returns 0 when every element is right and tiles agree bit for bit. */
static int gemm_case(const tflc_fconv_config *cfg, size_t m, size_t n, size_t ks, size_t kc) {
  size_t k = ks * kc, c_stride = n + rnd() % 3; /* in floats */
  size_t pool_size = (m * ks + 2) * kc;
  float *pool = malloc(pool_size * sizeof(float)), *w = malloc(n * k * sizeof(float));
  const float **rows = malloc(m * ks * sizeof *rows), **tile = malloc(ks * cfg->mr * sizeof *tile);
  float *bias = malloc(n * sizeof(float)), *c = malloc((m * c_stride + 16) * sizeof(float));
  float *c2 = malloc((m * c_stride + 16) * sizeof(float));
  size_t packed_size = tflc_fgemm_packed_size(n, k);
  float *packed = aligned_alloc(64, (packed_size + 63) & ~(size_t)63);
  if (!pool || !w || !rows || !tile || !bias || !c || !c2 || !packed) return printf("FAIL gemm: out of memory\n"), 1;
  for (size_t i = 0; i < pool_size; i++) pool[i] = rnd_float();
  /* Segments anywhere in the pool, some shared (as rows of zeros are). */
  for (size_t i = 0; i < m * ks; i++) rows[i] = pool + rnd() % (pool_size - kc + 1);
  for (size_t i = 0; i < n * k; i++) w[i] = rnd_float();
  for (size_t j = 0; j < n; j++) bias[j] = rnd_float();
  bool with_bias = rnd() % 4 != 0;
  tflc_fgemm_pack(n, k, w, with_bias ? bias : NULL, packed);
  tflc_f32_minmax_params p = random_clamp();
  const float guard = 12345.0f;
  for (size_t i = 0; i < m * c_stride + 16; i++) c[i] = c2[i] = guard;
  for (size_t i0 = 0; i0 < m; i0 += cfg->mr) {
    size_t mr = m - i0 < cfg->mr ? m - i0 : cfg->mr;
    tile_pointers(rows, ks, i0, mr, cfg->mr, tile);
    cfg->gemm(mr, n, kc, ks, tile, packed, c + i0 * c_stride, c_stride * 4, &p);
  }
  /* The same product one row and 16 columns at a time. */
  for (size_t i = 0; i < m; i++) {
    tile_pointers(rows, ks, i, 1, cfg->mr, tile);
    for (size_t j0 = 0; j0 < n; j0 += 16)
      cfg->gemm(1, n - j0 < 16 ? n - j0 : 16, kc, ks, tile, packed + (j0 / 16) * (k + 1) * 16, c2 + i * c_stride + j0,
                c_stride * 4, &p);
  }
  int bad = 0;
  for (size_t i = 0; i < m && !bad; i++)
    for (size_t j = 0; j < c_stride && !bad; j++) {
      float got = c[i * c_stride + j];
      if (j >= n) {
        if (got != guard)
          printf("FAIL %s gemm m=%zu n=%zu ks=%zu kc=%zu: wrote past row %zu at column %zu\n", cfg->isa, m, n, ks, kc,
                 i, j), bad = 1;
        continue;
      }
      double exact = with_bias ? bias[j] : 0.0, mag = fabs(exact);
      for (size_t q = 0; q < k; q++) {
        double t = (double)a_at(rows, ks, kc, i, q) * w[j * k + q];
        exact += t, mag += fabs(t);
      }
      if (!close_enough(got, exact, mag, &p)) {
        printf("FAIL %s gemm m=%zu n=%zu ks=%zu kc=%zu: C[%zu][%zu] = %.9g, expected %.9g\n", cfg->isa, m, n, ks, kc,
               i, j, got, (double)clampf(exact, &p));
        bad = 1;
      } else if (memcmp(&got, &c2[i * c_stride + j], sizeof got) != 0) {
        printf("FAIL %s gemm m=%zu n=%zu ks=%zu kc=%zu: C[%zu][%zu] = %.9g in a full tile, %.9g alone\n", cfg->isa, m,
               n, ks, kc, i, j, got, c2[i * c_stride + j]);
        bad = 1;
      }
    }
  for (size_t i = m * c_stride - (c_stride - n); i < m * c_stride + 16 && !bad; i++)
    if (c[i] != guard) printf("FAIL %s gemm m=%zu n=%zu: wrote past the end\n", cfg->isa, m, n), bad = 1;
  free(pool), free(w), free(rows), free(tile), free(bias), free(c), free(c2), free(packed);
  return bad;
}

/* One depthwise case; returns 0 when every element is right and single pixels agree bit for bit. */
static int dw_case(const tflc_fconv_config *cfg, size_t pixels, size_t channels, size_t ntaps, size_t stride) {
  size_t step = stride * channels, span = pixels * step + channels;
  size_t pool_size = (ntaps + 2) * span;
  float *pool = malloc(pool_size * sizeof(float)), *w = malloc(ntaps * channels * sizeof(float));
  float *bias = malloc(channels * sizeof(float)), *out = malloc((pixels * channels + 16) * sizeof(float));
  float *out1 = malloc((pixels * channels + 16) * sizeof(float));
  const float **taps = malloc(ntaps * sizeof *taps), **taps1 = malloc(ntaps * sizeof *taps1);
  float *packed = aligned_alloc(64, (tflc_fdw_packed_size(channels, ntaps) + 63) & ~(size_t)63);
  if (!pool || !w || !bias || !out || !out1 || !taps || !taps1 || !packed) return printf("FAIL dw: out of memory\n"), 1;
  for (size_t i = 0; i < pool_size; i++) pool[i] = rnd_float();
  for (size_t i = 0; i < ntaps * channels; i++) w[i] = rnd_float();
  for (size_t j = 0; j < channels; j++) bias[j] = rnd_float();
  /* Tap rows anywhere in the pool (dilation, padding), some sharing a row (the zero row). */
  for (size_t t = 0; t < ntaps; t++) taps[t] = pool + (rnd() % 5 == 0 ? 0 : (rnd() % (ntaps + 1)) * span + rnd() % channels);
  bool with_bias = rnd() % 4 != 0;
  tflc_fdw_pack(channels, ntaps, w, with_bias ? bias : NULL, packed);
  tflc_f32_minmax_params p = random_clamp();
  const float guard = 12345.0f;
  for (size_t i = 0; i < pixels * channels + 16; i++) out[i] = out1[i] = guard;
  cfg->dwconv(pixels, channels, ntaps, taps, step, packed, out, &p);
  for (size_t q = 0; q < pixels; q++) {
    for (size_t t = 0; t < ntaps; t++) taps1[t] = taps[t] + q * step;
    cfg->dwconv(1, channels, ntaps, taps1, 0, packed, out1 + q * channels, &p);
  }
  int bad = 0;
  for (size_t q = 0; q < pixels && !bad; q++)
    for (size_t j = 0; j < channels && !bad; j++) {
      double exact = with_bias ? bias[j] : 0.0, mag = fabs(exact);
      for (size_t t = 0; t < ntaps; t++) {
        double v = (double)taps[t][q * step + j] * w[t * channels + j];
        exact += v, mag += fabs(v);
      }
      float got = out[q * channels + j];
      if (!close_enough(got, exact, mag, &p)) {
        printf("FAIL %s dw pixels=%zu ch=%zu taps=%zu stride=%zu: [%zu][%zu] = %.9g, expected %.9g\n", cfg->isa,
               pixels, channels, ntaps, stride, q, j, got, (double)clampf(exact, &p));
        bad = 1;
      } else if (memcmp(&got, &out1[q * channels + j], sizeof got) != 0) {
        printf("FAIL %s dw pixels=%zu ch=%zu taps=%zu: [%zu][%zu] differs computed alone\n", cfg->isa, pixels,
               channels, ntaps, q, j);
        bad = 1;
      }
    }
  for (size_t i = pixels * channels; i < pixels * channels + 16 && !bad; i++)
    if (out[i] != guard) printf("FAIL %s dw pixels=%zu ch=%zu: wrote past the end\n", cfg->isa, pixels, channels), bad = 1;
  free(pool), free(w), free(bias), free(out), free(out1), free(taps), free(taps1), free(packed);
  return bad;
}

/*
** One 3x3 row-kernel case: three padded HWC rows of random floats, laid out in channel blocks
** (the last block's extra lanes random too: the kernel must not store them), each block row in
** an allocation of its own so that a read past the documented slack faults under ASan. The
** outputs must equal, bit for bit, the general depthwise kernel's over the same HWC rows, and
** nothing past pixels*channels may be written.
*/
static int dw3x3_case(const tflc_fconv_config *cfg, size_t pixels, size_t channels) {
  size_t cols = pixels + 2, width = TFLC_FDW3X3_BLOCK(channels);
  size_t blocks = (channels + width - 1) / width, block_stride = cols * width + 8;
  float *hwc[3], *blocked[3];
  const float *rows[3], *taps[9];
  float *w = malloc(9 * channels * sizeof(float)), *bias = malloc(channels * sizeof(float));
  float *out = malloc((pixels * channels + 16) * sizeof(float)), *want = malloc((pixels * channels + 16) * sizeof(float));
  float *packed = aligned_alloc(64, (tflc_fdw_packed_size(channels, 9) + 63) & ~(size_t)63);
  if (!w || !bias || !out || !want || !packed) return printf("FAIL dw3x3: out of memory\n"), 1;
  for (int fy = 0; fy < 3; fy++) {
    hwc[fy] = malloc(cols * channels * sizeof(float));
    blocked[fy] = malloc(blocks * block_stride * sizeof(float));
    if (!hwc[fy] || !blocked[fy]) return printf("FAIL dw3x3: out of memory\n"), 1;
    for (size_t i = 0; i < cols * channels; i++) hwc[fy][i] = rnd_float();
    for (size_t i = 0; i < blocks * block_stride; i++) blocked[fy][i] = rnd_float();
    for (size_t j = 0; j < cols; j++)
      for (size_t c = 0; c < channels; c++) blocked[fy][(c / width) * block_stride + j * width + c % width] = hwc[fy][j * channels + c];
    rows[fy] = blocked[fy];
    for (int fx = 0; fx < 3; fx++) taps[fy * 3 + fx] = hwc[fy] + (size_t)fx * channels;
  }
  for (size_t i = 0; i < 9 * channels; i++) w[i] = rnd_float();
  for (size_t j = 0; j < channels; j++) bias[j] = rnd_float();
  tflc_fdw_pack(channels, 9, w, bias, packed);
  tflc_f32_minmax_params p = random_clamp();
  const float guard = 12345.0f;
  for (size_t i = 0; i < pixels * channels + 16; i++) out[i] = want[i] = guard;
  cfg->dwconv3x3(pixels, channels, rows, block_stride, packed, out, &p);
  cfg->dwconv(pixels, channels, 9, taps, channels, packed, want, &p);
  int bad = 0;
  for (size_t i = 0; i < pixels * channels + 16 && !bad; i++)
    if (memcmp(&out[i], &want[i], sizeof(float)) != 0)
      printf("FAIL %s dw3x3 pixels=%zu ch=%zu: [%zu] = %.9g, the general kernel gives %.9g\n", cfg->isa, pixels,
             channels, i, out[i], want[i]), bad = 1;
  for (int fy = 0; fy < 3; fy++) free(hwc[fy]), free(blocked[fy]);
  free(w), free(bias), free(out), free(want), free(packed);
  return bad;
}

/* One channel-blocking case: n pixels of `channels` floats into blocks of 16, zeros past the channels. */
static int block_channels_case(const tflc_fconv_config *cfg, size_t n, size_t channels) {
  size_t blocks = (channels + 15) / 16, block_stride = n * 16 + 16;
  float *in = malloc((n * channels + 1) * sizeof(float)), *out = aligned_alloc(64, blocks * block_stride * sizeof(float));
  if (!in || !out) return printf("FAIL block_channels: out of memory\n"), 1;
  for (size_t i = 0; i < n * channels; i++) in[i] = (float)i;
  for (size_t i = 0; i < blocks * block_stride; i++) out[i] = -1.0f;
  cfg->block_channels(n, channels, in, out, block_stride);
  int bad = 0;
  for (size_t b = 0; b < blocks && !bad; b++)
    for (size_t i = 0; i < block_stride && !bad; i++) {
      size_t p = i / 16, c = b * 16 + i % 16;
      float want = p >= n ? -1.0f : c < channels ? (float)(p * channels + c) : 0.0f;
      if (out[b * block_stride + i] != want)
        printf("FAIL %s block_channels n=%zu ch=%zu: block %zu [%zu] = %g, expected %g\n", cfg->isa, n, channels, b, i,
               out[b * block_stride + i], want), bad = 1;
    }
  free(in), free(out);
  return bad;
}

/*
** One short-row GEMM case (gemm_direct): m contiguous rows of kc floats (stride kc + pad) against
** n columns. The values must equal, bit for bit, the indirect GEMM kernel's on the same rows
** (both add the products in order from the bias), and nothing past the nc columns or the m rows
** may be written.
*/
static int direct_case(const tflc_fconv_config *cfg, tflc_f32_gemm_direct_ukernel_fn kernel, const char *name, size_t m,
                       size_t n, size_t kc) {
  size_t a_stride = kc + rnd() % 3, c_stride = n + rnd() % 3, c_size = m * c_stride + 16;
  float *a = malloc((m * a_stride + 1) * sizeof(float)), *w = malloc(n * kc * sizeof(float));
  float *bias = malloc(n * sizeof(float)), *c = malloc(c_size * sizeof(float)), *c2 = malloc(c_size * sizeof(float));
  const float **tile = malloc(cfg->mr * sizeof *tile);
  float *packed = aligned_alloc(64, (tflc_fgemm_packed_size(n, kc) + 63) & ~(size_t)63);
  if (!a || !w || !bias || !c || !c2 || !tile || !packed) return printf("FAIL direct: out of memory\n"), 1;
  for (size_t i = 0; i < m * a_stride + 1; i++) a[i] = rnd_float();
  for (size_t i = 0; i < n * kc; i++) w[i] = rnd_float();
  for (size_t j = 0; j < n; j++) bias[j] = rnd_float();
  tflc_fgemm_pack(n, kc, w, bias, packed);
  tflc_f32_minmax_params p = random_clamp();
  const float guard = 12345.0f;
  for (size_t i = 0; i < c_size; i++) c[i] = c2[i] = guard;
  kernel(m, n, kc, a, a_stride, packed, c, c_stride, &p);
  for (size_t i0 = 0; i0 < m; i0 += cfg->mr) {
    size_t mr = m - i0 < cfg->mr ? m - i0 : cfg->mr;
    for (size_t r = 0; r < cfg->mr; r++) tile[r] = a + (i0 + (r < mr ? r : mr - 1)) * a_stride;
    cfg->gemm(mr, n, kc, 1, tile, packed, c2 + i0 * c_stride, c_stride * sizeof(float), &p);
  }
  int bad = 0;
  for (size_t i = 0; i < m && !bad; i++)
    for (size_t j = 0; j < c_stride && !bad; j++) {
      float got = c[i * c_stride + j];
      if (j >= n) {
        if (got != guard) printf("FAIL %s %s m=%zu n=%zu: wrote column %zu\n", cfg->isa, name, m, n, j), bad = 1;
        continue;
      }
      double exact = bias[j], mag = fabs(exact);
      for (size_t k = 0; k < kc; k++) {
        double v = (double)a[i * a_stride + k] * w[j * kc + k];
        exact += v, mag += fabs(v);
      }
      if (!close_enough(got, exact, mag, &p)) {
        printf("FAIL %s %s m=%zu n=%zu kc=%zu: [%zu][%zu] = %.9g, expected %.9g\n", cfg->isa, name, m, n, kc, i, j, got,
               (double)clampf(exact, &p));
        bad = 1;
      } else if (memcmp(&got, &c2[i * c_stride + j], sizeof got) != 0) {
        printf("FAIL %s %s m=%zu n=%zu kc=%zu: [%zu][%zu] differs from the indirect kernel\n", cfg->isa, name, m, n, kc,
               i, j);
        bad = 1;
      }
    }
  for (size_t i = m * c_stride; i < c_size && !bad; i++)
    if (c[i] != guard) printf("FAIL %s %s m=%zu: wrote past the end\n", cfg->isa, name, m), bad = 1;
  free(a), free(w), free(bias), free(c), free(c2), free(tile), free(packed);
  return bad;
}

/*
** One planar convolution case: `pixels` outputs of `channels` (<= 8) channels with output
** stride `ostride`, taps scattered over a pool padded to a multiple of 16 pixels (the kernel
** reads that far). Checks the values, that nothing between pixels or past the last one is
** written, and that each pixel computed alone gives the same bits.
*/
static int planar_case(const tflc_fconv_config *cfg, size_t pixels, size_t channels, size_t ntaps, size_t ostride) {
  /* Room for what the kernel reads: 16 floats past the last pixel of a call, from a tap start up
     to 15 floats into its row, for the whole row and for each pixel computed alone. */
  size_t span = ((pixels + 15) & ~(size_t)15) + 32, pool_size = (ntaps + 1) * span, out_size = pixels * ostride + 16;
  float *pool = malloc(pool_size * sizeof(float)), *w = malloc(ntaps * channels * sizeof(float));
  float *bias = malloc(channels * sizeof(float)), *out = malloc(out_size * sizeof(float));
  float *out1 = malloc(out_size * sizeof(float));
  const float **taps = malloc(ntaps * sizeof *taps), **taps1 = malloc(ntaps * sizeof *taps1);
  float *packed = aligned_alloc(64, (tflc_fplanar_packed_size(channels, ntaps) + 63) & ~(size_t)63);
  if (!pool || !w || !bias || !out || !out1 || !taps || !taps1 || !packed) return printf("FAIL planar: out of memory\n"), 1;
  for (size_t i = 0; i < pool_size; i++) pool[i] = rnd_float();
  for (size_t i = 0; i < ntaps * channels; i++) w[i] = rnd_float();
  for (size_t j = 0; j < channels; j++) bias[j] = rnd_float();
  for (size_t t = 0; t < ntaps; t++) taps[t] = pool + (rnd() % (ntaps + 1)) * span + rnd() % 16;
  bool with_bias = rnd() % 4 != 0;
  tflc_fplanar_pack(channels, ntaps, w, with_bias ? bias : NULL, packed); /* w is [channels][ntaps] */
  tflc_f32_minmax_params p = random_clamp();
  const float guard = 12345.0f;
  for (size_t i = 0; i < out_size; i++) out[i] = out1[i] = guard;
  cfg->planarconv(pixels, channels, ntaps, taps, packed, out, ostride, &p);
  for (size_t q = 0; q < pixels; q++) {
    for (size_t t = 0; t < ntaps; t++) taps1[t] = taps[t] + q;
    cfg->planarconv(1, channels, ntaps, taps1, packed, out1 + q * ostride, ostride, &p);
  }
  int bad = 0;
  for (size_t q = 0; q < pixels && !bad; q++)
    for (size_t j = 0; j < ostride && !bad; j++) {
      float got = out[q * ostride + j];
      if (j >= channels) {
        if (got != guard) printf("FAIL %s planar pixels=%zu ch=%zu: wrote channel %zu\n", cfg->isa, pixels, channels, j), bad = 1;
        continue;
      }
      double exact = with_bias ? bias[j] : 0.0, mag = fabs(exact);
      for (size_t t = 0; t < ntaps; t++) {
        double v = (double)taps[t][q] * w[j * ntaps + t];
        exact += v, mag += fabs(v);
      }
      if (!close_enough(got, exact, mag, &p)) {
        printf("FAIL %s planar pixels=%zu ch=%zu taps=%zu: [%zu][%zu] = %.9g, expected %.9g\n", cfg->isa, pixels,
               channels, ntaps, q, j, got, (double)clampf(exact, &p));
        bad = 1;
      } else if (memcmp(&got, &out1[q * ostride + j], sizeof got) != 0) {
        printf("FAIL %s planar pixels=%zu ch=%zu: [%zu][%zu] differs computed alone\n", cfg->isa, pixels, channels, q, j);
        bad = 1;
      }
    }
  for (size_t i = pixels * ostride; i < out_size && !bad; i++)
    if (out[i] != guard) printf("FAIL %s planar pixels=%zu: wrote past the end\n", cfg->isa, pixels), bad = 1;
  free(pool), free(w), free(bias), free(out), free(out1), free(taps), free(taps1), free(packed);
  return bad;
}

/* One deinterleave case: n groups of `stride` floats, read from the end of an allocation (so a read past it faults under ASan). */
static int deinterleave_case(const tflc_fconv_config *cfg, size_t n, size_t stride) {
  size_t out_stride = n + 3;
  float *in = malloc((n * stride + 1) * sizeof(float)), *out = malloc((stride * out_stride + 1) * sizeof(float));
  if (!in || !out) return printf("FAIL deinterleave: out of memory\n"), 1;
  for (size_t i = 0; i < n * stride; i++) in[i] = (float)i;
  for (size_t i = 0; i < stride * out_stride + 1; i++) out[i] = -1.0f;
  cfg->deinterleave(n, stride, in, out, out_stride);
  int bad = 0;
  for (size_t k = 0; k < stride && !bad; k++)
    for (size_t j = 0; j < out_stride && !bad; j++) {
      float want = j < n ? (float)(j * stride + k) : -1.0f;
      if (out[k * out_stride + j] != want)
        printf("FAIL %s deinterleave n=%zu stride=%zu: [%zu][%zu] = %g, expected %g\n", cfg->isa, n, stride, k, j,
               out[k * out_stride + j], want), bad = 1;
    }
  free(in), free(out);
  return bad;
}

/* Every shape of the sweep through one configuration. */
static void sweep(const tflc_fconv_config *cfg) {
  const size_t ns[] = {1, 3, 8, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 70};
  const size_t kcs[] = {1, 2, 3, 7, 9, 16, 27, 64, 145}, kss[] = {1, 3, 9};
  size_t mr = cfg->mr, ms[] = {1, mr - 1, mr, mr + 1, 2 * mr, 2 * mr + 3};
  for (size_t im = 0; im < sizeof ms / sizeof ms[0]; im++)
    for (size_t in = 0; in < sizeof ns / sizeof ns[0]; in++)
      for (size_t ik = 0; ik < sizeof kcs / sizeof kcs[0]; ik++)
        for (size_t is = 0; is < sizeof kss / sizeof kss[0]; is++) {
          if (ms[im] == 0 || (kss[is] > 1 && kcs[ik] > 27)) continue;
          CHECK(gemm_case(cfg, ms[im], ns[in], kss[is], kcs[ik]) == 0);
        }
  const size_t chs[] = {1, 3, 8, 15, 16, 17, 32, 40};
  const size_t taps[] = {1, 4, 9, 25};
  for (size_t pixels = 1; pixels <= 21; pixels += 4)
    for (size_t ic = 0; ic < sizeof chs / sizeof chs[0]; ic++)
      for (size_t it = 0; it < sizeof taps / sizeof taps[0]; it++)
        for (size_t stride = 1; stride <= 2; stride++) CHECK(dw_case(cfg, pixels, chs[ic], taps[it], stride) == 0);
  const size_t dw3_pixels[] = {1, 2, 3, 4, 5, 7, 8, 9, 14, 15, 16, 17, 28, 56, 57, 112};
  const size_t dw3_channels[] = {8, 9, 15, 16, 17, 24, 32, 40, 64};
  for (size_t ip = 0; ip < sizeof dw3_pixels / sizeof dw3_pixels[0]; ip++)
    for (size_t ic = 0; ic < sizeof dw3_channels / sizeof dw3_channels[0]; ic++)
      CHECK(dw3x3_case(cfg, dw3_pixels[ip], dw3_channels[ic]) == 0);
  for (size_t n = 0; n <= 20; n += 5)
    for (size_t ch = 9; ch <= 50; ch += 7) CHECK(block_channels_case(cfg, n, ch) == 0);
  const size_t planar_pixels[] = {1, 5, 15, 16, 17, 33, 112}, planar_taps[] = {1, 3, 9, 27, 49};
  for (size_t ip = 0; ip < sizeof planar_pixels / sizeof planar_pixels[0]; ip++)
    for (size_t ch = 1; ch <= 8; ch++)
      for (size_t it = 0; it < sizeof planar_taps / sizeof planar_taps[0]; it++)
        CHECK(planar_case(cfg, planar_pixels[ip], ch, planar_taps[it], ch + rnd() % 3 * 8) == 0);
  const size_t direct_m[] = {1, 3, 4, 5, 8, 17, 64}, direct_n[] = {1, 8, 16, 17, 32, 40};
  for (size_t im = 0; im < sizeof direct_m / sizeof direct_m[0]; im++)
    for (size_t in = 0; in < sizeof direct_n / sizeof direct_n[0]; in++)
      for (size_t kc = 1; kc <= TFLC_FGEMM_DIRECT_MAX_K; kc++)
        CHECK(direct_case(cfg, cfg->gemm_direct, "direct", direct_m[im], direct_n[in], kc) == 0);
  const size_t rows_m[] = {1, 2, 7, 8, 9, 16, 23, 64}, rows_n[] = {1, 16, 17, 32, 33, 48, 64, 70};
  const size_t rows_kc[] = {1, 5, 16, 17, 32, 64, 131};
  for (size_t im = 0; im < sizeof rows_m / sizeof rows_m[0]; im++)
    for (size_t in = 0; in < sizeof rows_n / sizeof rows_n[0]; in++)
      for (size_t ik = 0; ik < sizeof rows_kc / sizeof rows_kc[0]; ik++)
        CHECK(direct_case(cfg, cfg->gemm_rows, "rows", rows_m[im], rows_n[in], rows_kc[ik]) == 0);
  for (size_t n = 0; n <= 40; n += (n < 18 ? 1 : 11))
    for (size_t stride = 1; stride <= 17; stride++) CHECK(deinterleave_case(cfg, n, stride) == 0);
}

int main(void) {
  const tflc_fconv_config *portable = tflc_fconv_config_portable(), *best = tflc_fconv_config_get();
  printf("configurations: %s%s%s\n", portable->isa, best != portable ? ", " : "", best != portable ? best->isa : "");
  sweep(portable);
  if (best != portable) sweep(best);
  return TEST_REPORT();
}
