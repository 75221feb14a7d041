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
** Planar convolution weights come in groups of TFLC_FPLANAR_GROUP (8) output channels:
**   bias[8], then ntaps rows of [8] weights (tap t = (fy*filter_w + fx)*in_ch + ci).
** Columns or channels past the end are packed as zeros (bias too), and never stored.
*/
#ifndef TFLC_KERNELS_FLOATCONV_H_
#define TFLC_KERNELS_FLOATCONV_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TFLC_FBLOCK 16
#define TFLC_FPLANAR_GROUP 8

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
** GEMM microkernel for short rows over contiguous rows of A (a 1x1 convolution with few input
** channels): C[m x nc] = clamp(A[m x kc] * W + bias) with row i of A at a + i*a_stride and of C
** at c + i*c_stride (floats); kc <= TFLC_FGEMM_DIRECT_MAX_K; w the packed GEMM weights.
** Each output is the bias plus the kc products in order, as in the indirect GEMM kernels.
*/
#define TFLC_FGEMM_DIRECT_MAX_K 16
typedef void (*tflc_f32_gemm_direct_ukernel_fn)(size_t m, size_t nc, size_t kc, const float *a, size_t a_stride,
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

/*
** Depthwise 3x3 row microkernel (stride 1, dilation 1, at least 8 channels) over input rows that
** carry their column padding, channel-blocked: output pixels [0, pixels) of one row, every
** channel. Rows come in blocks of W = TFLC_FDW3X3_BLOCK(channels) channels (8 for 8, else 16): channel c of padded column j of filter row
** fy is rows[fy][(c / W) * block_stride + j * W + c % W], and pixel p's tap fx is column p + fx
** (no border pixel is special). Lanes past `channels` in a last block hold any finite value
** (they are computed, never stored). Each output is the bias plus the 9 taps in order (fy, fx),
** the sequence the general depthwise kernel computes, so both give the same bits. Reads up to 8
** floats past column pixels + 1 of each block; writes only the pixels*channels outputs
** (output + p*channels + c).
*/
#define TFLC_FDW3X3_BLOCK(channels) ((channels) <= 8 ? 8 : 16)
typedef void (*tflc_f32_dwconv3x3_ukernel_fn)(size_t pixels, size_t channels, const float *const *rows,
                                              size_t block_stride, const float *w, float *output,
                                              const tflc_f32_minmax_params *params);
/*
** Channel blocking (the 3x3 row kernel's layout for layers of more than 8 channels): n pixels of
** `channels` floats (pixel p at in + p*channels) into blocks of 16 channels, channel c of pixel
** p at out[(c / 16) * block_stride + p * 16 + c % 16]; lanes past `channels` in the last block
** are set to zero. out is 64-byte aligned and block_stride a multiple of 16 (aligned stores).
*/
typedef void (*tflc_f32_block_channels_ukernel_fn)(size_t n, size_t channels, const float *in, float *out,
                                                   size_t block_stride);
/*
** Planar convolution microkernel, for convolutions over few input channels (an image's first
** layer): `pixels` output pixels of one row, `channels` (<= 8) output channels of one packed
** group w. Tap t of output pixel p is the float taps[t][p]: the caller lays the input out in
** planes (one per input channel and column phase of the stride) so that a tap's values for
** consecutive output pixels are consecutive floats. Pixel p's outputs go to
** output + p*output_stride. Reads taps[t][0 .. pixels rounded up to 16).
*/
typedef void (*tflc_f32_planarconv_ukernel_fn)(size_t pixels, size_t channels, size_t ntaps, const float *const *taps,
                                               const float *w, float *output, size_t output_stride,
                                               const tflc_f32_minmax_params *params);

/*
** Deinterleave: n groups of `stride` floats into `stride` rows, out[k*out_stride + j] =
** in[j*stride + k] (the planes of the planar convolution). Reads in[0 .. n*stride).
*/
typedef void (*tflc_f32_deinterleave_ukernel_fn)(size_t n, size_t stride, const float *in, float *out,
                                                 size_t out_stride);

/* The kernels this CPU runs, chosen once (see tflc_fconv_config_get). */
typedef struct tflc_fconv_config {
  const char *isa; /* "avx512f", "scalar" */
  tflc_f32_gemm_ukernel_fn gemm;
  uint32_t mr; /* rows per gemm call */
  tflc_f32_gemm_direct_ukernel_fn gemm_direct;
  tflc_f32_gemm_direct_ukernel_fn gemm_rows; /* gemm_direct's contract for any kc; the same bits as gemm */
  tflc_f32_dwconv_ukernel_fn dwconv;
  tflc_f32_dwconv3x3_ukernel_fn dwconv3x3;
  tflc_f32_block_channels_ukernel_fn block_channels;
  tflc_f32_planarconv_ukernel_fn planarconv;
  tflc_f32_deinterleave_ukernel_fn deinterleave;
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

/* Bytes of packed planar convolution weights for n output channels and ntaps taps (0 when it overflows). */
size_t tflc_fplanar_packed_size(size_t n, size_t ntaps);
/* Packs planar weights w (n rows of ntaps floats, [n][fh][fw][in_ch] as TFLite stores filters) and bias (or NULL). */
void tflc_fplanar_pack(size_t n, size_t ntaps, const float *w, const float *bias, float *packed);

/* ---- Kernels (one per file; declared here so the config and the tests can reach them) ---- */
void tflc_f32_gemm_minmax_ukernel_4x16__scalar(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                               const float *w, float *c, size_t c_stride,
                                               const tflc_f32_minmax_params *params);
void tflc_f32_gemm_rows_minmax_ukernel_4x16__scalar(size_t m, size_t nc, size_t kc, const float *a, size_t a_stride,
                                                    const float *w, float *c, size_t c_stride,
                                                    const tflc_f32_minmax_params *params);
void tflc_f32_gemm_direct_minmax_ukernel__scalar(size_t m, size_t nc, size_t kc, const float *a, size_t a_stride,
                                                 const float *w, float *c, size_t c_stride,
                                                 const tflc_f32_minmax_params *params);
void tflc_f32_dwconv3x3_minmax_ukernel_row__scalar(size_t pixels, size_t channels, const float *const *rows,
                                                   size_t block_stride, const float *w, float *output,
                                                   const tflc_f32_minmax_params *params);
void tflc_f32_block_channels_ukernel__scalar(size_t n, size_t channels, const float *in, float *out,
                                             size_t block_stride);
void tflc_f32_dwconv_minmax_ukernel_c16__scalar(size_t pixels, size_t channels, size_t ntaps,
                                                const float *const *input, size_t input_step, const float *w,
                                                float *output, const tflc_f32_minmax_params *params);
void tflc_f32_planarconv_minmax_ukernel_4x8__scalar(size_t pixels, size_t channels, size_t ntaps,
                                                    const float *const *taps, const float *w, float *output,
                                                    size_t output_stride, const tflc_f32_minmax_params *params);
void tflc_f32_deinterleave_ukernel__scalar(size_t n, size_t stride, const float *in, float *out, size_t out_stride);
#if defined(__x86_64__)
void tflc_f32_planarconv_minmax_ukernel_16x8__avx512f(size_t pixels, size_t channels, size_t ntaps,
                                                      const float *const *taps, const float *w, float *output,
                                                      size_t output_stride, const tflc_f32_minmax_params *params);
void tflc_f32_deinterleave_ukernel__avx512f(size_t n, size_t stride, const float *in, float *out, size_t out_stride);
void tflc_f32_gemm_minmax_ukernel_8x32__avx512f(size_t mr, size_t nc, size_t kc, size_t ks, const float *const *a,
                                                const float *w, float *c, size_t c_stride,
                                                const tflc_f32_minmax_params *params);
void tflc_f32_gemm_rows_minmax_ukernel_8x32__avx512f(size_t m, size_t nc, size_t kc, const float *a, size_t a_stride,
                                                     const float *w, float *c, size_t c_stride,
                                                     const tflc_f32_minmax_params *params);
void tflc_f32_gemm_direct_minmax_ukernel_4x16__avx512f(size_t m, size_t nc, size_t kc, const float *a,
                                                       size_t a_stride, const float *w, float *c, size_t c_stride,
                                                       const tflc_f32_minmax_params *params);
void tflc_f32_dwconv3x3_minmax_ukernel_row__avx512f(size_t pixels, size_t channels, const float *const *rows,
                                                    size_t block_stride, const float *w, float *output,
                                                    const tflc_f32_minmax_params *params);
void tflc_f32_block_channels_ukernel__avx512f(size_t n, size_t channels, const float *in, float *out,
                                              size_t block_stride);
void tflc_f32_dwconv_minmax_ukernel_c16__avx512f(size_t pixels, size_t channels, size_t ntaps,
                                                 const float *const *input, size_t input_step, const float *w,
                                                 float *output, const tflc_f32_minmax_params *params);
#endif

#endif /* TFLC_KERNELS_FLOATCONV_H_ */
