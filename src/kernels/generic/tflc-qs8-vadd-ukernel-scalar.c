/*
** tflc_qs8_vadd_ukernel__scalar — portable quantized ADD of two INT8 arrays (qconv.h).
*/
#include "kernels/generic/q8-vadd-scalar.h"

void tflc_qs8_vadd_ukernel__scalar(size_t n, const void *a, const void *b, void *out, const tflc_q8_add_params *params) {
  q8_vadd_scalar(n, a, b, out, params, true);
}
