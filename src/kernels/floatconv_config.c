/*
** floatconv_config.c — picks the float32 convolution microkernels from the CPU features
** (as qconv_config.c does for the quantized ones).
*/
#include "kernels/cpu_features.h"
#include "kernels/floatconv.h"

static const tflc_fconv_config portable_config = {
    "scalar", tflc_f32_gemm_minmax_ukernel_4x16__scalar, 4, tflc_f32_gemm_direct_minmax_ukernel__scalar,
    tflc_f32_gemm_rows_minmax_ukernel_4x16__scalar,
    tflc_f32_dwconv_minmax_ukernel_c16__scalar, tflc_f32_dwconv3x3_minmax_ukernel_row__scalar,
    tflc_f32_block_channels_ukernel__scalar,
    tflc_f32_planarconv_minmax_ukernel_4x8__scalar, tflc_f32_deinterleave_ukernel__scalar,
};

#if defined(__x86_64__)
static const tflc_fconv_config avx512f_config = {
    "avx512f", tflc_f32_gemm_minmax_ukernel_8x32__avx512f, 8, tflc_f32_gemm_direct_minmax_ukernel_4x16__avx512f,
    tflc_f32_gemm_rows_minmax_ukernel_8x32__avx512f,
    tflc_f32_dwconv_minmax_ukernel_c16__avx512f, tflc_f32_dwconv3x3_minmax_ukernel_row__avx512f,
    tflc_f32_block_channels_ukernel__avx512f,
    tflc_f32_planarconv_minmax_ukernel_16x8__avx512f, tflc_f32_deinterleave_ukernel__avx512f,
};
#endif

const tflc_fconv_config *tflc_fconv_config_get(void) {
#if defined(__x86_64__)
  if (tflc_cpu_features_get()->avx512f_fma) return &avx512f_config;
#endif
  return &portable_config;
}

const tflc_fconv_config *tflc_fconv_config_portable(void) { return &portable_config; }
