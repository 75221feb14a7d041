/*
** floatconv.h — optimized float32 convolution: microkernel signatures, the packed-weight
** layouts, the per-CPU configuration of function pointers, and the packing functions.
**
** The float paths compute what the reference kernels (conv_2d.c, depthwise_conv_2d.c,
** fully_connected.c) compute, in a different order: the accumulator starts at the bias and
** adds the taps with fused multiply-adds (the reference sums from 0 and adds the bias last), so
** results differ from the reference in the last bits (tests allow 1e-4 of the output's largest
** magnitude, as golden_test does against TensorFlow Lite). Each output element is computed by
** the same sequence of operations whatever the thread split or tile it falls in, so results do
** not depend on the number of threads.
**
** Packed weights come in blocks of TFLC_FBLOCK (16) output channels, each 64-byte aligned:
**   GEMM:      bias[16], then kc rows of [16] weights (column j of row k = W[n0 + j][k]);
**   depthwise: bias[16], then ntaps rows of [16] weights (tap t, channel c0 + j).
** Columns or channels past the end are packed as zeros (bias too), and never stored.
*/
#ifndef TFLC_KERNELS_FLOATCONV_H_
#define TFLC_KERNELS_FLOATCONV_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFLC_FBLOCK 16

/* Output clamp of every float microkernel (the fused activation: NONE, RELU, RELU6...). */
typedef struct tflc_f32_minmax_params {
  float min, max;
} tflc_f32_minmax_params;

/*
** GEMM microkernel over indirect rows (XNNPACK's IGEMM): row r of A is ks segments of kc
** floats, segment s at a[s*MR + r] (MR: the kernel's tile rows, the config's mr; entries for
** rows past mr must point at readable floats, e.g. repeat row mr - 1: they may be computed,
** never stored), so C[mr x nc] = clamp(A[mr x ks*kc] * W[ks*kc x nc] + bias).
** A 1x1 convolution or FULLY_CONNECTED passes its input rows (ks = 1); a KxK convolution the
** filter_h input spans of filter_w*in_ch floats each pixel reads, without copying them.
** mr <= MR; c_stride is in bytes. w is the packed weights (blocks of 16 columns, see above, with
** ks*kc rows), starting at the block of column 0. Writes only C[mr x nc].
*/
typedef void (*tflc_f32_gemm_ukernel_fn)(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                         const float *w, float *c, size_t c_stride,
                                         const tflc_f32_minmax_params *params);

/*
** Depthwise microkernel for `pixels` output pixels of one row: pixel p reads tap t at
** input[t] + p*input_step (floats; channel 0 there) and writes `channels` floats at
** output + p*channels. w is the packed depthwise weights.
*/
typedef void (*tflc_f32_dwconv_ukernel_fn)(size_t pixels, size_t channels, size_t ntaps, const float *const *input,
                                           size_t input_step, const float *w, float *output,
                                           const tflc_f32_minmax_params *params);

/* The kernels this CPU runs, chosen once (see tflc_fconv_config_get). */
typedef struct tflc_fconv_config {
  const char *isa; /* "avx512f", "scalar" */
  tflc_f32_gemm_ukernel_fn gemm;
  uint32_t mr; /* rows per gemm call */
  tflc_f32_dwconv_ukernel_fn dwconv;
} tflc_fconv_config;

/* The configuration for this CPU, detected once (thread-safe); never NULL. */
const tflc_fconv_config *tflc_fconv_config_get(void);
/* The portable configuration (what runs where no ISA-specific kernel applies). */
const tflc_fconv_config *tflc_fconv_config_portable(void);

/* ---- Packing (done once in prepare) ---- */

/* Bytes of packed GEMM weights for n columns and k floats per row of A (0 when it overflows). */
size_t tflc_fgemm_packed_size(size_t n, size_t kc);
/* Packs GEMM weights w (n rows of kc floats, row-major [n][kc], as TFLite stores filters) and bias (or NULL). */
void tflc_fgemm_pack(size_t n, size_t kc, const float *w, const float *bias, float *packed);
/* Bytes of packed depthwise weights (0 when it overflows). */
size_t tflc_fdw_packed_size(size_t channels, size_t ntaps);
/* Packs depthwise weights w ([ntaps][channels], the filter [1,FH,FW,C]) and bias (or NULL). */
void tflc_fdw_pack(size_t channels, size_t ntaps, const float *w, const float *bias, float *packed);

/* ---- Kernels (one per file; declared here so the config and the tests can reach them) ---- */
void tflc_f32_gemm_minmax_ukernel_4x16__scalar(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                               const float *w, float *c, size_t c_stride,
                                               const tflc_f32_minmax_params *params);
void tflc_f32_dwconv_minmax_ukernel_c16__scalar(size_t pixels, size_t channels, size_t ntaps,
                                                const float *const *input, size_t input_step, const float *w,
                                                float *output, const tflc_f32_minmax_params *params);
#if defined(__x86_64__)
void tflc_f32_gemm_minmax_ukernel_8x32__avx512f(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                                const float *w, float *c, size_t c_stride,
                                                const tflc_f32_minmax_params *params);
void tflc_f32_dwconv_minmax_ukernel_c16__avx512f(size_t pixels, size_t channels, size_t ntaps,
                                                 const float *const *input, size_t input_step, const float *w,
                                                 float *output, const tflc_f32_minmax_params *params);
#endif

#endif /* TFLC_KERNELS_FLOATCONV_H_ */
