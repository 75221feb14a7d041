/*
** qconv.h — optimized quantized convolution: microkernel signatures, packed-weight layouts,
** the per-CPU configuration of function pointers, and the packing functions.
**
** Every optimized path computes exactly what the reference kernels compute (conv_2d.c,
** depthwise_conv_2d.c, fully_connected.c), bit for bit:
**
** GEMM (CONV_2D, FULLY_CONNECTED). Activations A are bytes read as UNSIGNED (uint8 inputs as
** they are; int8 inputs flipped with ^0x80, i.e. +128), weights W' are SIGNED bytes, because
** that is what VNNI's vpdpbusd multiplies. With za the activation zero point in that form and
** zw' the weight zero point in W' form, for one output element over K taps
**     sum (A - za)(W' - zw') = sum A*W' - zw' * sum A - za * sum W' + K*za*zw'      (mod 2^32)
** The reference accumulates in int64 and wraps to int32 only after adding the bias; all of
** these identities hold modulo 2^32, so the int32 wrap-around of the microkernel is exact.
** Per column, colterm[n] = bias[n] - za*sum_k W'[n,k] + K*za*zw' is packed with the weights;
** per row, rowterm[m] = -zw' * sum_k A[m,k] is added only when zw' != 0. Weights:
**   INT8:  W' = W, zw' = 0 (TFLite ignores INT8 filter zero points).
**   UINT8: W' = W - zw, zw' = 0 when every W - zw fits in int8 (then no row sums at all);
**          otherwise W' = W - 128 (always exact) and zw' = zw - 128.
** Taps outside the image are skipped by the reference; im2col writes za there, which adds
** (za - za) * (W' - zw') = 0. K is padded to a multiple of 4 with A = 0 and W' = 0.
** Requantization follows ruy (TFLC_ROUND_RUY).
**
** DEPTHWISE (depth multiplier 1). Per channel c over taps t:
**     sum (x - zx)(w - zw) = sum x*(w - zw) - zx * sum (w - zw)
** with x the input byte (unsigned for UINT8, signed for INT8) and colterm = bias - zx*sum(w - zw).
** Taps outside the image point at a row of zx bytes, which adds (zx - zx) * w = 0.
** Requantization follows gemmlowp (TFLC_ROUND_GEMMLOWP), as the reference depthwise does.
*/
#ifndef TFLC_KERNELS_QCONV_H_
#define TFLC_KERNELS_QCONV_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Output stage shared by every quantized microkernel. */
typedef struct tflc_q8_params {
  int32_t output_offset; /* + output zero point */
  int32_t act_min, act_max;
} tflc_q8_params;

/*
** Header of every packed block of TFLC_QBLOCK columns (GEMM) or channels (depthwise), as
** rows of TFLC_QBLOCK int32 lanes: colterm (see above), multiplier, left shift, right shift,
** and `aux`: for ruy rounding the bit below the right shift (right - 1, or 32 when right is 0);
** for gemmlowp rounding the mask (1 << right) - 1. Then, for ruy rounding only, the same
** rounding fused into one 64-bit step, (x*m + rnd) >> (31 + right) with
** rnd = 2^30 + (right > 0 ? 2^(30 + right) : 0) (floor divisions compose, so this equals the
** rounding doubling high multiply followed by ruy's rounding shift): MULT_ODD holds the
** multipliers of the odd columns in the even int32 lanes, and RND_EVEN/RND_ODD, SHR_EVEN/SHR_ODD
** hold rnd and 31 + right as 8 int64 each, for columns 0,2,..,14 and 1,3,..,15.
** gemmlowp rounding (depthwise) fuses the same way once NEG_EVEN/NEG_ODD (int64: 2^31 when
** right > 0, else 0; 0 for ruy) is subtracted where the product x*m is negative: rounding half
** away from zero is rounding half up of (h - 1) for negative h, and h < 0 exactly when
** x*m + 2^30 < 0; where x*m is in [-2^30, 0) both forms give 0.
*/
#define TFLC_QBLOCK 16
enum {
  TFLC_QHDR_COLTERM,
  TFLC_QHDR_MULT,
  TFLC_QHDR_LSHIFT,
  TFLC_QHDR_RSHIFT,
  TFLC_QHDR_AUX,
  TFLC_QHDR_MULT_ODD,
  TFLC_QHDR_RND_EVEN,
  TFLC_QHDR_RND_ODD,
  TFLC_QHDR_SHR_EVEN,
  TFLC_QHDR_SHR_ODD,
  TFLC_QHDR_NEG_EVEN,
  TFLC_QHDR_NEG_ODD,
  TFLC_QHDR_COUNT
};
#define TFLC_QHDR_BYTES (TFLC_QHDR_COUNT * TFLC_QBLOCK * 4)

/*
** GEMM microkernel: C[mr x nc] = requant(A[mr x kc] * W'[kc x nc] + colterm + rowterm).
** mr <= the config's mr; kc is a multiple of 4 (bytes per row of A); a_stride, c_stride are
** bytes. w is the packed weights: for each block of 16 columns, the header then kc/4 groups of
** [16 columns][4 bytes]. row_terms is NULL or [mr] int32 added to each row.
** Reads nothing past A's rows and writes only C[mr x nc].
*/
typedef void (*tflc_qu8_gemm_ukernel_fn)(size_t mr, size_t nc, size_t kc, const uint8_t *a, size_t a_stride,
                                         const void *w, uint8_t *c, size_t c_stride, const int32_t *row_terms,
                                         const tflc_q8_params *params);

/*
** Depthwise microkernel for `pixels` output pixels of one row: pixel p reads tap t at
** input[t] + p*input_step (bytes; channel 0 there) and writes `channels` bytes at
** output + p*channels. w is the packed weights: for each block of 16 channels, the header
** then [ntaps][16] 32-bit lanes holding w - zw as int16 in the low half and 0 in the high half,
** so that vpmaddwd of a lane with a sign- or zero-extended input byte is exactly x*(w - zw).
*/
typedef void (*tflc_q8_dwconv_ukernel_fn)(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                          size_t input_step, const void *w, void *output,
                                          const tflc_q8_params *params);

/*
** Depthwise microkernel for a 3x3 filter (dilation 1) over `pixels` output pixels of one row,
** `stride` (1 or 2) input pixels apart: pixel p reads filter row fy, column fx at
** rows[fy] + (p*stride + fx)*channels (bytes) and writes `channels` bytes at output + p*channels.
** Packed weights as the general depthwise kernel's with ntaps = 9.
*/
typedef void (*tflc_q8_dwconv3x3_ukernel_fn)(size_t pixels, size_t channels, const void *const *rows, size_t stride,
                                             const void *w, void *output, const tflc_q8_params *params);

/*
** Row sums for the zero-point correction: out[i] = multiplier * sum of a[i*stride + 0..k)
** (mod 2^32), for i < rows.
*/
typedef void (*tflc_u8_rowsum_ukernel_fn)(size_t rows, size_t k, const uint8_t *a, size_t stride, int32_t multiplier,
                                          int32_t *out);

/*
** im2col rows for the GEMM, for `pixels` output pixels whose every filter row lies wholly inside
** the image horizontally (dilation 1): row p (kc bytes at a + p*kc) is, for each filter row fy,
** the `span` bytes at rows[fy] + p*step (xor 0x80 when flip: INT8 input), or `span` bytes of za
** where rows[fy] is NULL (a filter row above or below the image); then zeros up to kc.
** May write past a row's kc bytes into the next row's place, never past the last row.
*/
typedef void (*tflc_u8_im2col_ukernel_fn)(size_t pixels, size_t filter_h, size_t span, const uint8_t *const *rows,
                                          size_t step, uint8_t za, bool flip, size_t kc, uint8_t *a);

/*
** Quantized elementwise ADD (TFLite's left-shift-20 pipeline, add.c), per element:
**   a = MBQM((x1 - z1) << 20, m1, s1), b = MBQM((x2 - z2) << 20, m2, s2),
**   out = clamp(MBQM(a + b, mo, so) + zo)    with MBQM = gemmlowp double rounding.
*/
typedef struct tflc_q8_add_params {
  int32_t input1_zero_point, input2_zero_point, output_zero_point;
  int32_t input1_multiplier, input2_multiplier, output_multiplier;
  int32_t input1_shift, input2_shift, output_shift; /* > 0 left */
  int32_t act_min, act_max;
} tflc_q8_add_params;
typedef void (*tflc_q8_vadd_ukernel_fn)(size_t n, const void *a, const void *b, void *out,
                                        const tflc_q8_add_params *params);

/*
** Float QUANTIZE (quantize.c): out[i] = clamp((int32)round((double)x[i] / scale) + zero_point,
** qmin, qmax) with x86-64's conversion (INT32_MIN out of range) and a wrapping addition, stored
** as out_bytes (1: uint8/int8, 2: int16) bytes each.
*/
typedef void (*tflc_f32_quantize_ukernel_fn)(size_t n, const float *x, double scale, int32_t zero_point, int32_t qmin,
                                             int32_t qmax, void *out, size_t out_bytes);

/*
** QUANTIZE between 8-bit types (quantize.c): out[i] = clamp(MBQM(x[i] - in_zero_point,
** multiplier, shift) + out_zero_point, qmin, qmax), MBQM with gemmlowp rounding; x read as
** int8 when in_signed, else uint8. Requires multiplier >= 0 and -31 <= shift <= 30.
*/
typedef void (*tflc_q8_requantize_ukernel_fn)(size_t n, const void *in, bool in_signed, int32_t in_zero_point,
                                              int32_t multiplier, int32_t shift, int32_t out_zero_point, int32_t qmin,
                                              int32_t qmax, void *out);

/* The kernels this CPU runs, chosen once (see tflc_qconv_config_get). */
typedef struct tflc_qconv_config {
  const char *isa;                 /* "avx512vnni", "scalar" */
  tflc_qu8_gemm_ukernel_fn gemm;   /* ruy rounding */
  uint32_t mr;                     /* rows per gemm call (nr = TFLC_QBLOCK, kr = 4) */
  tflc_q8_dwconv_ukernel_fn dw_qu8; /* uint8 input, gemmlowp rounding */
  tflc_q8_dwconv_ukernel_fn dw_qs8; /* int8 input, gemmlowp rounding */
  tflc_u8_rowsum_ukernel_fn rowsum;
  tflc_q8_vadd_ukernel_fn vadd_qu8, vadd_qs8;
  tflc_u8_im2col_ukernel_fn im2col;
  tflc_q8_dwconv3x3_ukernel_fn dw3x3_qu8, dw3x3_qs8; /* 3x3 depthwise, gemmlowp rounding */
  tflc_f32_quantize_ukernel_fn quantize_f32;
  tflc_q8_requantize_ukernel_fn requantize_q8;
} tflc_qconv_config;

/* The configuration for this CPU, detected once (thread-safe); never NULL. */
const tflc_qconv_config *tflc_qconv_config_get(void);
/* The portable configuration (what runs where no ISA-specific kernel applies). */
const tflc_qconv_config *tflc_qconv_config_portable(void);

/* ---- Packing (done once in prepare) ---- */

/* Bytes of packed GEMM weights for n columns and kc (padded) bytes per row. */
size_t tflc_qgemm_packed_size(size_t n, size_t kc);
/* Bytes of packed depthwise weights. */
size_t tflc_qdw_packed_size(size_t channels, size_t ntaps);

/*
** Packs GEMM weights. w: n rows of k bytes (row-major [n][k], UINT8 or INT8 as w_signed says);
** w_zero_point used for UINT8 only; za: activation zero point in unsigned form; kc >= k,
** multiple of 4. Requant per column: multiplier[n], shift[n] (> 0 left). Returns zw' (the
** weight zero point the caller must correct with row sums; 0 when none is needed).
*/
int32_t tflc_qgemm_pack(size_t n, size_t k, size_t kc, const void *w, bool w_signed, int32_t w_zero_point, int32_t za,
                        const int32_t *bias, const int32_t *multiplier, const int32_t *shift, void *packed);

/*
** Packs depthwise weights: w is [ntaps][channels] (the filter [1,FH,FW,C]), zx the input zero
** point (as the signed or unsigned value the kernel loads).
*/
void tflc_qdw_pack(size_t channels, size_t ntaps, const void *w, bool w_signed, int32_t w_zero_point, int32_t zx,
                   const int32_t *bias, const int32_t *multiplier, const int32_t *shift, void *packed);

/* ---- Kernels (one per file; declared here so the config and the tests can reach them) ---- */
void tflc_qu8_gemm_ukernel_4x16c4__scalar(size_t mr, size_t nc, size_t kc, const uint8_t *a, size_t a_stride,
                                          const void *w, uint8_t *c, size_t c_stride, const int32_t *row_terms,
                                          const tflc_q8_params *params);
void tflc_qu8_dwconv_ukernel_c16__scalar(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                         size_t input_step, const void *w, void *output, const tflc_q8_params *params);
void tflc_qs8_dwconv_ukernel_c16__scalar(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                         size_t input_step, const void *w, void *output, const tflc_q8_params *params);
void tflc_u8_im2col_ukernel__scalar(size_t pixels, size_t filter_h, size_t span, const uint8_t *const *rows,
                                    size_t step, uint8_t za, bool flip, size_t kc, uint8_t *a);
void tflc_qu8_dwconv_ukernel_3x3_c16__scalar(size_t pixels, size_t channels, const void *const *rows, size_t stride,
                                             const void *w, void *output, const tflc_q8_params *params);
void tflc_qs8_dwconv_ukernel_3x3_c16__scalar(size_t pixels, size_t channels, const void *const *rows, size_t stride,
                                             const void *w, void *output, const tflc_q8_params *params);
void tflc_f32_quantize_ukernel__scalar(size_t n, const float *x, double scale, int32_t zero_point, int32_t qmin,
                                       int32_t qmax, void *out, size_t out_bytes);
void tflc_q8_requantize_ukernel__scalar(size_t n, const void *in, bool in_signed, int32_t in_zero_point,
                                        int32_t multiplier, int32_t shift, int32_t out_zero_point, int32_t qmin,
                                        int32_t qmax, void *out);
void tflc_u8_rowsum_ukernel__scalar(size_t rows, size_t k, const uint8_t *a, size_t stride, int32_t multiplier,
                                    int32_t *out);
void tflc_qu8_vadd_ukernel__scalar(size_t n, const void *a, const void *b, void *out, const tflc_q8_add_params *params);
void tflc_qs8_vadd_ukernel__scalar(size_t n, const void *a, const void *b, void *out, const tflc_q8_add_params *params);
#if defined(__x86_64__)
void tflc_qu8_vadd_ukernel_16__avx512(size_t n, const void *a, const void *b, void *out,
                                      const tflc_q8_add_params *params);
void tflc_qs8_vadd_ukernel_16__avx512(size_t n, const void *a, const void *b, void *out,
                                      const tflc_q8_add_params *params);
void tflc_u8_im2col_ukernel__avx512bw(size_t pixels, size_t filter_h, size_t span, const uint8_t *const *rows,
                                      size_t step, uint8_t za, bool flip, size_t kc, uint8_t *a);
void tflc_qu8_dwconv_ukernel_3x3_c16__avx512vnni(size_t pixels, size_t channels, const void *const *rows,
                                                 size_t stride, const void *w, void *output,
                                                 const tflc_q8_params *params);
void tflc_qs8_dwconv_ukernel_3x3_c16__avx512vnni(size_t pixels, size_t channels, const void *const *rows,
                                                 size_t stride, const void *w, void *output,
                                                 const tflc_q8_params *params);
void tflc_f32_quantize_ukernel__avx512(size_t n, const float *x, double scale, int32_t zero_point, int32_t qmin,
                                       int32_t qmax, void *out, size_t out_bytes);
void tflc_q8_requantize_ukernel__avx512(size_t n, const void *in, bool in_signed, int32_t in_zero_point,
                                        int32_t multiplier, int32_t shift, int32_t out_zero_point, int32_t qmin,
                                        int32_t qmax, void *out);
void tflc_u8_rowsum_ukernel__avx512bw(size_t rows, size_t k, const uint8_t *a, size_t stride, int32_t multiplier,
                                      int32_t *out);
void tflc_qu8_gemm_ukernel_8x16c4__avx512vnni(size_t mr, size_t nc, size_t kc, const uint8_t *a, size_t a_stride,
                                              const void *w, uint8_t *c, size_t c_stride, const int32_t *row_terms,
                                              const tflc_q8_params *params);
void tflc_qu8_dwconv_ukernel_c16__avx512(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                         size_t input_step, const void *w, void *output, const tflc_q8_params *params);
void tflc_qs8_dwconv_ukernel_c16__avx512(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                         size_t input_step, const void *w, void *output, const tflc_q8_params *params);
void tflc_qu8_dwconv_ukernel_c16__avx512vnni(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                             size_t input_step, const void *w, void *output,
                                             const tflc_q8_params *params);
void tflc_qs8_dwconv_ukernel_c16__avx512vnni(size_t pixels, size_t channels, size_t ntaps, const void *const *input,
                                             size_t input_step, const void *w, void *output,
                                             const tflc_q8_params *params);
#endif

#endif /* TFLC_KERNELS_QCONV_H_ */
