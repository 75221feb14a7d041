/*
** tflc_qs8_vadd_ukernel_16__avx512 — quantized ADD of two INT8 arrays, 16 elements per step (qconv.h).
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl")
#include "kernels/x86/q8-vadd-avx512.h"

void tflc_qs8_vadd_ukernel_16__avx512(size_t n, const void *a, const void *b, void *out,
                                      const tflc_q8_add_params *params) {
  q8_vadd_avx512(n, a, b, out, params, true);
}
#endif
