/*
** qconv_config.c — detects the CPU once and picks the quantized convolution microkernels
** (as XNNPACK's init_hardware_config / gemm-config.c do). Nothing else tests CPU flags.
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

/* Written once under pthread_once, read-only afterwards. */
static const tflc_qconv_config *selected_config;
static pthread_once_t select_once = PTHREAD_ONCE_INIT;

/*
** Picks the best configuration the CPU (and the OS's saved register state) supports;
** TFLC_PORTABLE_KERNELS=1 in the environment keeps the portable one (to test it on any CPU).
*/
static void select_config(void) {
  selected_config = &portable_config;
  const char *portable = getenv("TFLC_PORTABLE_KERNELS");
  if (portable && portable[0] && strcmp(portable, "0") != 0) return;
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512vnni"))
    selected_config = &avx512vnni_config;
#endif
}

const tflc_qconv_config *tflc_qconv_config_get(void) {
  pthread_once(&select_once, select_config);
  return selected_config;
}

const tflc_qconv_config *tflc_qconv_config_portable(void) { return &portable_config; }
