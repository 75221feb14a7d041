/*
** conv_geometry.h — what the convolution kernels share whatever their element type (the
** reference conv_2d.c and depthwise_conv_2d.c, qconv_ops.c for 8-bit, floatconv_ops.c for
** float32): the geometry of a windowed op read from its options, the output columns whose taps all lie inside the image, the threads an op
** splits over, and the GEMM's work items (row blocks, and column tiles when the row blocks are
** too few to share out evenly).
*/
#ifndef TFLC_KERNELS_CONV_GEOMETRY_H_
#define TFLC_KERNELS_CONV_GEOMETRY_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/kernel.h"

/* Geometry of a windowed op (FULLY_CONNECTED is a 1x1 conv over a 1 x batches image). */
typedef struct tflc_conv_geometry {
  int32_t batches, in_h, in_w, in_ch;
  int32_t filter_h, filter_w;
  int32_t out_h, out_w, out_ch;
  int32_t stride_h, stride_w, dilation_h, dilation_w;
  int32_t pad_h, pad_w;
} tflc_conv_geometry;

/*
** Ops smaller than this many multiply-adds run on one thread: waking the workers costs more
** than it saves. (Which thread computes an element never changes its value.)
*/
enum { TFLC_CONV_MIN_PARALLEL_MACS = 1 << 18 };

/* Threads an op splits over (its scratch has one slice each): the interpreter's, at most 64. */
size_t tflc_conv_op_threads(const tflc_context *ctx);

/*
** Geometry of a CONV_2D or DEPTHWISE_CONV_2D with 4-D input and filter (the reference prepare
** checks the shapes, then calls this): options, dims, output size and padding; an error naming
** the dimension when the window does not fit.
*/
TfLiteStatus tflc_conv_window_geometry(tflc_context *ctx, tflc_node *node, bool depthwise, const TfLiteTensor *input,
                                       const TfLiteTensor *filter, tflc_conv_geometry *g);

/* The output columns [x_lo, x_hi) whose every tap column lies inside the input. */
void tflc_conv_interior_columns(const tflc_conv_geometry *g, int32_t *x_lo, int32_t *x_hi);

/*
** Output channels per column tile of a GEMM over `blocks` row blocks and n channels on
** `threads` threads: all n when the row blocks alone split evenly enough (at least 8 per
** thread: at most one block, 1/8, of imbalance), else one tile per thread (a multiple of
** `align`), so that 7 blocks of a 7x7 layer, or the single row of a classifier's last layer,
** still keep every thread busy.
*/
size_t tflc_gemm_tile_cols(size_t blocks, size_t n, size_t threads, size_t align);

/* Runs row blocks [begin, end) for output channels [n0, n0 + nc) of one GEMM on one thread. */
typedef void (*tflc_gemm_blocks_fn)(const void *job, size_t thread, size_t begin, size_t end, size_t n0, size_t nc);

/*
** Runs work items [begin, end) of a GEMM on one thread. Items are column tile major: item i is
** row block i % blocks of column tile i / blocks, so a thread's items share few tiles (each
** thread reads its own share of the weights) and run the blocks of a tile in order.
*/
void tflc_gemm_run_items(size_t begin, size_t end, size_t blocks, size_t tile_cols, size_t n, tflc_gemm_blocks_fn run,
                         const void *job, size_t thread);

#endif /* TFLC_KERNELS_CONV_GEOMETRY_H_ */
