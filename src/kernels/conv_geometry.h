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

/*
** A thread's three input-row slots for a 3x3 depthwise layer laid out row by row (the float row
** kernel's blocked rows, the quantized kernel's padded rows): input row k of the batch's rows
** goes to slot k % 3, laid out once; consecutive output rows share two (stride 1) or one
** (stride 2) of their three input rows, so each is laid out about once per thread.
*/
typedef void (*tflc_dw_row_layout_fn)(const void *op, const uint8_t *in_row, uint8_t *dst);
typedef struct tflc_dw_row_slots {
  uint8_t *slots;    /* three slots of slot_bytes */
  size_t slot_bytes;
  size_t held[3];    /* the input row (batch * in_h + iy) each slot holds; SIZE_MAX: none */
} tflc_dw_row_slots;

/* Empty slots at `slots`. */
tflc_dw_row_slots tflc_dw_row_slots_init(uint8_t *slots, size_t slot_bytes);

/*
** The input rows of output row `row` (over batches x out_h): rows[fy] is the slot holding filter
** row fy's input row, laid out by layout(op, input + key * row_bytes, slot) if it was not there
** yet, or zero_row for a row above or below the image.
*/
void tflc_dw_rows_of(tflc_dw_row_slots *s, const tflc_conv_geometry *g, size_t row, const uint8_t *input,
                     size_t row_bytes, const void *zero_row, tflc_dw_row_layout_fn layout, const void *op,
                     const void *rows[3]);

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
