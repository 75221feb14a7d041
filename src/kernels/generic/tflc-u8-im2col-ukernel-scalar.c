/*
** tflc_u8_im2col_ukernel__scalar — im2col rows for the GEMM (qconv.h), portable C.
*/
#include <string.h>

#include "kernels/qconv.h"

void tflc_u8_im2col_ukernel__scalar(size_t pixels, size_t filter_h, size_t span, const uint8_t *const *rows,
                                    size_t step, uint8_t za, bool flip, size_t kc, uint8_t *a) {
  const uint8_t mask = flip ? 0x80 : 0;
  for (size_t p = 0; p < pixels; p++, a += kc) {
    uint8_t *dst = a;
    for (size_t fy = 0; fy < filter_h; fy++, dst += span) {
      if (!rows[fy]) {
        memset(dst, za, span);
        continue;
      }
      const uint8_t *src = rows[fy] + p * step;
      for (size_t i = 0; i < span; i++) dst[i] = src[i] ^ mask;
    }
    memset(dst, 0, kc - filter_h * span);
  }
}
