/*
** cpu_features.c — see cpu_features.h.
*/
#include "kernels/cpu_features.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Written once under pthread_once, read-only afterwards. */
static tflc_cpu_features detected;
static pthread_once_t detect_once = PTHREAD_ONCE_INIT;

static void detect(void) {
  const char *portable = getenv("TFLC_PORTABLE_KERNELS");
  if (portable && portable[0] && strcmp(portable, "0") != 0) return;
#if defined(__x86_64__)
  __builtin_cpu_init();
  detected.avx512f_fma = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
  detected.avx512vnni = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
#endif
}

const tflc_cpu_features *tflc_cpu_features_get(void) {
  pthread_once(&detect_once, detect);
  return &detected;
}
