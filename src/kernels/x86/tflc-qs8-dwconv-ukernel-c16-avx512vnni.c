/*
** tflc_qs8_dwconv_ukernel_c16__avx512vnni — AVX-512 VNNI depthwise microkernel for INT8 inputs
** (qconv.h; body in q8-dwconv-avx512vnni.h).
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512vnni")
#include "kernels/x86/q8-dwconv-avx512vnni.h"

void tflc_qs8_dwconv_ukernel_c16__avx512vnni(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                             size_t input_step, const void *w, void *output,
                                             const tflc_q8_params *params) {
  q8_dwconv_avx512vnni(pixels, channels, ntaps, input, input_step, w, output, params, true);
}
#endif
