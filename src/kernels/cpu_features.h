/*
** cpu_features.h — the instruction sets the optimized kernels may use on this CPU, detected
** once (as XNNPACK's init_hardware_config). The only place that tests CPU flags; the kernel
** configurations (qconv_config.c, floatconv_config.c) pick their microkernels from it.
*/
#ifndef TFLC_KERNELS_CPU_FEATURES_H_
#define TFLC_KERNELS_CPU_FEATURES_H_

#include <stdbool.h>

typedef struct tflc_cpu_features {
  bool avx512f_fma; /* AVX-512F and FMA: the float32 microkernels */
  bool avx512vnni;  /* AVX-512F/BW/VL and VNNI: the 8-bit microkernels */
} tflc_cpu_features;

/*
** The features of this CPU (and the OS's saved register state), detected once (thread-safe);
** all false when TFLC_PORTABLE_KERNELS is set to anything but 0 in the environment, to test the
** portable kernels on any CPU. Never NULL.
*/
const tflc_cpu_features *tflc_cpu_features_get(void);

#endif /* TFLC_KERNELS_CPU_FEATURES_H_ */
