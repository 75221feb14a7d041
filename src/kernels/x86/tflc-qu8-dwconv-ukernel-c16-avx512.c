/*
** tflc_qu8_dwconv_ukernel_c16__avx512 — AVX-512 depthwise microkernel for UINT8 inputs (qconv.h).
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl")
#include "kernels/x86/q8-dwconv-avx512.h"

void tflc_qu8_dwconv_ukernel_c16__avx512(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                         size_t input_step, const void *w, void *output, const tflc_q8_params *params) {
  q8_dwconv_avx512(pixels, channels, ntaps, input, input_step, w, output, params, false);
}
#endif
