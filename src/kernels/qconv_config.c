/*
** qconv_config.c — picks the quantized convolution microkernels
** from the CPU features (cpu_features.c), as XNNPACK's gemm-config.c does.
*/
#include "kernels/cpu_features.h"
#include "kernels/qconv.h"

static const tflc_qconv_config portable_config = {
    "scalar", tflc_qu8_gemm_ukernel_4x16c4__scalar, 4, tflc_qu8_dwconv_ukernel_c16__scalar,
    tflc_qs8_dwconv_ukernel_c16__scalar, tflc_u8_rowsum_ukernel__scalar, tflc_qu8_vadd_ukernel__scalar,
    tflc_qs8_vadd_ukernel__scalar, tflc_u8_im2col_ukernel__scalar, tflc_qu8_dwconv_ukernel_3x3_c16__scalar,
    tflc_qs8_dwconv_ukernel_3x3_c16__scalar, tflc_f32_quantize_ukernel__scalar, tflc_q8_requantize_ukernel__scalar,
};

#if defined(__x86_64__)
static const tflc_qconv_config avx512vnni_config = {
    "avx512vnni", tflc_qu8_gemm_ukernel_8x16c4__avx512vnni, 8, tflc_qu8_dwconv_ukernel_c16__avx512vnni,
    tflc_qs8_dwconv_ukernel_c16__avx512vnni, tflc_u8_rowsum_ukernel__avx512bw, tflc_qu8_vadd_ukernel_16__avx512,
    tflc_qs8_vadd_ukernel_16__avx512, tflc_u8_im2col_ukernel__avx512bw,
    tflc_qu8_dwconv_ukernel_3x3_c16__avx512vnni, tflc_qs8_dwconv_ukernel_3x3_c16__avx512vnni,
    tflc_f32_quantize_ukernel__avx512, tflc_q8_requantize_ukernel__avx512,
};
#endif

const tflc_qconv_config *tflc_qconv_config_get(void) {
#if defined(__x86_64__)
  if (tflc_cpu_features_get()->avx512vnni) return &avx512vnni_config;
#endif
  return &portable_config;
}

const tflc_qconv_config *tflc_qconv_config_portable(void) { return &portable_config; }
