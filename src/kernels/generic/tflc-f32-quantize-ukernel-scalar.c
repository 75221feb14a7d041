/*
** tflc_f32_quantize_ukernel__scalar — float QUANTIZE (qconv.h), portable C: TFLite 2.9's x86-64
** formula, q = clamp((int32)round((double)x / scale) + zero_point) (quantize.c explains why).
*/
#include <math.h>
#include <string.h>

#include "kernels/qconv.h"

/* (int32) of a double as x86-64's cvttsd2si does it: INT32_MIN when out of range or NaN. */
static int32_t x86_double_to_int32(double r) {
  return r >= -2147483648.0 && r < 2147483648.0 ? (int32_t)r : INT32_MIN;
}

void tflc_f32_quantize_ukernel__scalar(size_t n, const float *x, double scale, int32_t zero_point, int32_t qmin,
                                       int32_t qmax, void *out, size_t out_bytes) {
  for (size_t i = 0; i < n; i++) {
    int32_t q = x86_double_to_int32(round((double)x[i] / scale));
    q = (int32_t)((uint32_t)q + (uint32_t)zero_point); /* wraps, as TFLite's does on x86 */
    q = q < qmin ? qmin : (q > qmax ? qmax : q);
    if (out_bytes == 1) {
      ((uint8_t *)out)[i] = (uint8_t)q;
    } else {
      int16_t v = (int16_t)q;
      memcpy((uint8_t *)out + 2 * i, &v, 2);
    }
  }
}
