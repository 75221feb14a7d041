/*
** tflc_q8_requantize_ukernel__scalar — QUANTIZE between 8-bit types (qconv.h), portable C.
*/
#include "kernels/qconv.h"
#include "kernels/quant.h"

void tflc_q8_requantize_ukernel__scalar(size_t n, const void *in, bool in_signed, int32_t in_zero_point,
                                        int32_t multiplier, int32_t shift, int32_t out_zero_point, int32_t qmin,
                                        int32_t qmax, void *out) {
  const uint8_t *src = in;
  uint8_t *dst = out;
  for (size_t i = 0; i < n; i++) {
    int32_t x = (in_signed ? (int32_t)(int8_t)src[i] : (int32_t)src[i]) - in_zero_point;
    int32_t q = tflc_multiply_by_quantized_multiplier(x, multiplier, shift) + out_zero_point;
    dst[i] = (uint8_t)(q < qmin ? qmin : (q > qmax ? qmax : q));
  }
}
