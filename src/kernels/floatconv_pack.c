/*
** floatconv_pack.c — packs float32 GEMM and depthwise weights at AllocateTensors into the
** blocks of 16 output channels the microkernels read (layout in floatconv.h).
*/
#include <string.h>

#include "kernels/floatconv.h"

/* Floats in one packed block of 16 channels with `rows` rows below the bias row. */
static size_t block_floats(size_t rows) { return (rows + 1) * TFLC_FBLOCK; }

/* Bytes for blocks of `width` channels (a bias row and `rows` rows each) over n channels, or 0 on overflow. */
static size_t blocks_size(size_t n, size_t rows, size_t width) {
  size_t blocks = (n + width - 1) / width;
  if (rows >= SIZE_MAX / sizeof(float) / width - 1) return 0;
  size_t per_block = (rows + 1) * width * sizeof(float);
  if (blocks != 0 && per_block > SIZE_MAX / blocks) return 0;
  return blocks * per_block;
}

static size_t packed_size(size_t n, size_t rows) { return blocks_size(n, rows, TFLC_FBLOCK); }

size_t tflc_fgemm_packed_size(size_t n, size_t kc) { return packed_size(n, kc); }
size_t tflc_fdw_packed_size(size_t channels, size_t ntaps) { return packed_size(channels, ntaps); }

/* W is [n][kc]: block b holds columns 16b..16b+15 as rows of k. */
void tflc_fgemm_pack(size_t n, size_t kc, const float *w, const float *bias, float *packed) {
  for (size_t n0 = 0; n0 < n; n0 += TFLC_FBLOCK) {
    float *block = packed + (n0 / TFLC_FBLOCK) * block_floats(kc);
    memset(block, 0, block_floats(kc) * sizeof(float));
    size_t cols = n - n0 < TFLC_FBLOCK ? n - n0 : TFLC_FBLOCK;
    for (size_t j = 0; j < cols; j++) {
      block[j] = bias ? bias[n0 + j] : 0.0f;
      const float *row = w + (n0 + j) * kc;
      for (size_t k = 0; k < kc; k++) block[(k + 1) * TFLC_FBLOCK + j] = row[k];
    }
  }
}

/* W is [ntaps][channels]: block b holds channels 16b..16b+15 of every tap. */
void tflc_fdw_pack(size_t channels, size_t ntaps, const float *w, const float *bias, float *packed) {
  for (size_t c0 = 0; c0 < channels; c0 += TFLC_FBLOCK) {
    float *block = packed + (c0 / TFLC_FBLOCK) * block_floats(ntaps);
    memset(block, 0, block_floats(ntaps) * sizeof(float));
    size_t cols = channels - c0 < TFLC_FBLOCK ? channels - c0 : TFLC_FBLOCK;
    for (size_t j = 0; j < cols; j++) {
      block[j] = bias ? bias[c0 + j] : 0.0f;
      for (size_t t = 0; t < ntaps; t++) block[(t + 1) * TFLC_FBLOCK + j] = w[t * channels + c0 + j];
    }
  }
}

/* W is [n][ntaps]: group g holds channels 8g..8g+7 as rows of taps. */
size_t tflc_fplanar_packed_size(size_t n, size_t ntaps) { return blocks_size(n, ntaps, TFLC_FPLANAR_GROUP); }

void tflc_fplanar_pack(size_t n, size_t ntaps, const float *w, const float *bias, float *packed) {
  memset(packed, 0, tflc_fplanar_packed_size(n, ntaps));
  for (size_t oc = 0; oc < n; oc++) {
    float *group = packed + (oc / TFLC_FPLANAR_GROUP) * (ntaps + 1) * TFLC_FPLANAR_GROUP;
    size_t j = oc % TFLC_FPLANAR_GROUP;
    group[j] = bias ? bias[oc] : 0.0f;
    for (size_t t = 0; t < ntaps; t++) group[(t + 1) * TFLC_FPLANAR_GROUP + j] = w[oc * ntaps + t];
  }
}
