/*
** tflc_qu8_gemm_ukernel_4x16c4__scalar — portable GEMM microkernel (qconv.h): up to 4 rows of
** unsigned activations times packed signed weights, 16 columns at a time, ruy requantization.
*/
#include "kernels/qconv.h"
#include "kernels/quant.h"

void tflc_qu8_gemm_ukernel_4x16c4__scalar(size_t mr, size_t nc, size_t kc, const uint8_t *a, size_t a_stride,
                                          const void *w, uint8_t *c, size_t c_stride, const int32_t *row_terms,
                                          const tflc_q8_params *params) {
  const uint8_t *block = w;
  for (size_t n0 = 0; n0 < nc; n0 += TFLC_QBLOCK) {
    const int32_t *hdr = (const int32_t *)block;
    const int8_t *wb = (const int8_t *)(block + TFLC_QHDR_BYTES);
    size_t cols = nc - n0 < TFLC_QBLOCK ? nc - n0 : TFLC_QBLOCK;
    for (size_t i = 0; i < mr; i++) {
      const uint8_t *arow = a + i * a_stride;
      uint32_t acc[TFLC_QBLOCK];
      for (size_t j = 0; j < TFLC_QBLOCK; j++)
        acc[j] = (uint32_t)hdr[TFLC_QHDR_COLTERM * TFLC_QBLOCK + j] + (uint32_t)(row_terms ? row_terms[i] : 0);
      for (size_t k = 0; k < kc; k += 4) {
        const int8_t *wk = wb + (k / 4) * TFLC_QBLOCK * 4;
        for (size_t j = 0; j < TFLC_QBLOCK; j++)
          for (size_t q = 0; q < 4; q++) acc[j] += (uint32_t)((int32_t)arow[k + q] * wk[j * 4 + q]);
      }
      for (size_t j = 0; j < cols; j++) {
        int32_t left = hdr[TFLC_QHDR_LSHIFT * TFLC_QBLOCK + j], right = hdr[TFLC_QHDR_RSHIFT * TFLC_QBLOCK + j];
        int32_t x = tflc_multiply_by_quantized_multiplier_ruy((int32_t)acc[j], hdr[TFLC_QHDR_MULT * TFLC_QBLOCK + j],
                                                              left > 0 ? left : -right);
        x = (int32_t)((uint32_t)x + (uint32_t)params->output_offset);
        x = x < params->act_min ? params->act_min : (x > params->act_max ? params->act_max : x);
        c[i * c_stride + n0 + j] = (uint8_t)x;
      }
    }
    block += TFLC_QHDR_BYTES + kc * TFLC_QBLOCK;
  }
}
