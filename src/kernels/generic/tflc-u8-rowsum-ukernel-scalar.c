/*
** tflc_u8_rowsum_ukernel__scalar — portable row sums for the zero-point correction (qconv.h).
*/
#include "kernels/qconv.h"

void tflc_u8_rowsum_ukernel__scalar(size_t rows, size_t k, const uint8_t *a, size_t stride, int32_t multiplier,
                                    int32_t *out) {
  for (size_t i = 0; i < rows; i++) {
    uint32_t sum = 0;
    for (size_t j = 0; j < k; j++) sum += a[i * stride + j];
    out[i] = (int32_t)(sum * (uint32_t)multiplier);
  }
}
