/*
** qconv_pack.c — packs quantized weights for the GEMM and depthwise microkernels (qconv.h).
*/
#include <string.h>

#include "kernels/qconv.h"

size_t tflc_qgemm_packed_size(size_t n, size_t kc) {
  size_t blocks = (n + TFLC_QBLOCK - 1) / TFLC_QBLOCK;
  return blocks * (TFLC_QHDR_BYTES + kc * TFLC_QBLOCK);
}

size_t tflc_qdw_packed_size(size_t channels, size_t ntaps) {
  size_t blocks = (channels + TFLC_QBLOCK - 1) / TFLC_QBLOCK;
  return blocks * (TFLC_QHDR_BYTES + ntaps * TFLC_QBLOCK * 4);
}

/* Writes one column's multiplier and shifts into a block header; ruy selects the aux field. */
static void pack_requant(int32_t *hdr, size_t lane, int32_t multiplier, int32_t shift, bool ruy) {
  int32_t left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  hdr[TFLC_QHDR_MULT * TFLC_QBLOCK + lane] = multiplier;
  hdr[TFLC_QHDR_LSHIFT * TFLC_QBLOCK + lane] = left;
  hdr[TFLC_QHDR_RSHIFT * TFLC_QBLOCK + lane] = right;
  hdr[TFLC_QHDR_AUX * TFLC_QBLOCK + lane] =
      ruy ? (right > 0 ? right - 1 : 32) : (int32_t)(((uint32_t)1 << right) - 1u);
  /* The fused 64-bit form (qconv.h); right <= 31, so rnd < 2^62. */
  size_t half = lane / 2;
  int64_t *rnd = (int64_t *)(hdr + (lane % 2 ? TFLC_QHDR_RND_ODD : TFLC_QHDR_RND_EVEN) * TFLC_QBLOCK);
  int64_t *shr = (int64_t *)(hdr + (lane % 2 ? TFLC_QHDR_SHR_ODD : TFLC_QHDR_SHR_EVEN) * TFLC_QBLOCK);
  int64_t *neg = (int64_t *)(hdr + (lane % 2 ? TFLC_QHDR_NEG_ODD : TFLC_QHDR_NEG_EVEN) * TFLC_QBLOCK);
  rnd[half] = ((int64_t)1 << 30) + (right > 0 ? (int64_t)1 << (30 + right) : 0);
  shr[half] = 31 + right;
  neg[half] = !ruy && right > 0 ? (int64_t)1 << 31 : 0;
  if (lane % 2) hdr[TFLC_QHDR_MULT_ODD * TFLC_QBLOCK + 2 * half] = multiplier;
}

/* Weight value (n,k) as a signed integer, before any zero point. */
static inline int32_t weight_at(const void *w, bool w_signed, size_t index) {
  return w_signed ? ((const int8_t *)w)[index] : ((const uint8_t *)w)[index];
}

int32_t tflc_qgemm_pack(size_t n, size_t k, size_t kc, const void *w, bool w_signed, int32_t w_zero_point, int32_t za,
                        const int32_t *bias, const int32_t *multiplier, const int32_t *shift, void *packed) {
  /* The representation of W' (qconv.h): zw' = 0 whenever W - zw fits in int8. */
  int32_t offset = 0, zw = 0;
  if (!w_signed) {
    bool fits = true;
    for (size_t i = 0; i < n * k && fits; i++) {
      int32_t v = weight_at(w, false, i) - w_zero_point;
      fits = v >= -128 && v <= 127;
    }
    offset = fits ? w_zero_point : 128;
    zw = fits ? 0 : w_zero_point - 128;
  }
  uint8_t *out = packed;
  size_t block_bytes = TFLC_QHDR_BYTES + kc * TFLC_QBLOCK;
  memset(packed, 0, tflc_qgemm_packed_size(n, kc));
  for (size_t n0 = 0; n0 < n; n0 += TFLC_QBLOCK, out += block_bytes) {
    int32_t *hdr = (int32_t *)out;
    int8_t *wb = (int8_t *)(out + TFLC_QHDR_BYTES);
    for (size_t j = n - n0; j < TFLC_QBLOCK; j++) pack_requant(hdr, j, 0, 0, true); /* unused lanes: valid shifts */
    for (size_t j = 0; j < TFLC_QBLOCK && n0 + j < n; j++) {
      size_t col = n0 + j;
      uint32_t sum = 0;
      for (size_t kk = 0; kk < k; kk++) {
        int32_t v = weight_at(w, w_signed, col * k + kk) - offset;
        wb[(kk / 4) * TFLC_QBLOCK * 4 + j * 4 + kk % 4] = (int8_t)v;
        sum += (uint32_t)v;
      }
      uint32_t colterm = (uint32_t)(bias ? bias[col] : 0) - (uint32_t)za * sum + (uint32_t)k * (uint32_t)za * (uint32_t)zw;
      hdr[TFLC_QHDR_COLTERM * TFLC_QBLOCK + j] = (int32_t)colterm;
      pack_requant(hdr, j, multiplier[col], shift[col], true);
    }
  }
  return zw;
}

void tflc_qdw_pack(size_t channels, size_t ntaps, const void *w, bool w_signed, int32_t w_zero_point, int32_t zx,
                   const int32_t *bias, const int32_t *multiplier, const int32_t *shift, void *packed) {
  uint8_t *out = packed;
  size_t block_bytes = TFLC_QHDR_BYTES + ntaps * TFLC_QBLOCK * 4;
  memset(packed, 0, tflc_qdw_packed_size(channels, ntaps));
  int32_t zw = w_signed ? 0 : w_zero_point; /* TFLite ignores INT8 filter zero points */
  for (size_t c0 = 0; c0 < channels; c0 += TFLC_QBLOCK, out += block_bytes) {
    int32_t *hdr = (int32_t *)out;
    int32_t *wb = (int32_t *)(out + TFLC_QHDR_BYTES);
    for (size_t j = 0; j < TFLC_QBLOCK && c0 + j < channels; j++) {
      size_t ch = c0 + j;
      uint32_t sum = 0;
      for (size_t t = 0; t < ntaps; t++) {
        int32_t v = weight_at(w, w_signed, t * channels + ch) - zw;
        wb[t * TFLC_QBLOCK + j] = (int32_t)((uint32_t)v & 0xFFFFu); /* int16 in the low half, 0 above */
        sum += (uint32_t)v;
      }
      hdr[TFLC_QHDR_COLTERM * TFLC_QBLOCK + j] = (int32_t)((uint32_t)(bias ? bias[ch] : 0) - (uint32_t)zx * sum);
      pack_requant(hdr, j, multiplier[ch], shift[ch], false);
    }
  }
}
