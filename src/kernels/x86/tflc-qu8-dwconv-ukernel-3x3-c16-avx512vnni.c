/*
** tflc_qu8_dwconv_ukernel_3x3_c16__avx512vnni — AVX-512 VNNI 3x3 depthwise microkernel for
** UINT8 inputs (qconv.h; body in q8-dwconv3x3-avx512vnni.h).
*/
#if defined(__x86_64__)
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512vnni")
#include "kernels/x86/q8-dwconv3x3-avx512vnni.h"

void tflc_qu8_dwconv_ukernel_3x3_c16__avx512vnni(size_t pixels, size_t channels, const void *const *rows,
                                                 size_t stride, const void *w, void *output,
                                                 const tflc_q8_params *params) {
  q8_dwconv3x3_avx512vnni(pixels, channels, rows, stride, w, output, params, false);
}
#endif
