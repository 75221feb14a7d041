/*
** floatconv_config.c — detects the CPU once and picks the float32 convolution microkernels
** (as qconv_config.c does for the quantized ones).
*/
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/floatconv.h"

static const tflc_fconv_config portable_config = {
    "scalar", tflc_f32_gemm_minmax_ukernel_4x16__scalar, 4, tflc_f32_dwconv_minmax_ukernel_c16__scalar,
};

#if defined(__x86_64__)
static const tflc_fconv_config avx512f_config = {
    "avx512f", tflc_f32_gemm_minmax_ukernel_8x32__avx512f, 8, tflc_f32_dwconv_minmax_ukernel_c16__avx512f,
};
#endif

/* Written once under pthread_once, read-only afterwards. */
static const tflc_fconv_config *selected_config;
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
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) selected_config = &avx512f_config;
#endif
}

const tflc_fconv_config *tflc_fconv_config_get(void) {
  pthread_once(&select_once, select_config);
  return selected_config;
}

const tflc_fconv_config *tflc_fconv_config_portable(void) { return &portable_config; }
