/*
** conv_geometry.c — see conv_geometry.h.
*/
#include "kernels/conv_geometry.h"

#include "kernels/quant.h"

/* Conv2DOptions / DepthwiseConv2DOptions field numbers (schema.fbs). */
enum { CONV_PADDING = 0, CONV_STRIDE_W = 1, CONV_STRIDE_H = 2, CONV_DILATION_W = 4, CONV_DILATION_H = 5 };
enum { DW_PADDING = 0, DW_STRIDE_W = 1, DW_STRIDE_H = 2, DW_DILATION_W = 5, DW_DILATION_H = 6 };

size_t tflc_conv_op_threads(const tflc_context *ctx) {
  int n = tflc_num_threads(ctx);
  return n < 1 ? 1 : (n > 64 ? 64 : (size_t)n);
}

TfLiteStatus tflc_conv_window_geometry(tflc_context *ctx, tflc_node *node, bool depthwise, const TfLiteTensor *input,
                                       const TfLiteTensor *filter, tflc_conv_geometry *g) {
  tflc_fb_table opt = tflc_node_options(node, depthwise ? TFLC_OPTIONS_DEPTHWISE_CONV2D : TFLC_OPTIONS_CONV2D);
  tflc_padding padding = (tflc_padding)tflc_fb_i8(&opt, depthwise ? DW_PADDING : CONV_PADDING, TFLC_PADDING_SAME);
  g->stride_w = tflc_fb_i32(&opt, depthwise ? DW_STRIDE_W : CONV_STRIDE_W, 0);
  g->stride_h = tflc_fb_i32(&opt, depthwise ? DW_STRIDE_H : CONV_STRIDE_H, 0);
  g->dilation_w = tflc_fb_i32(&opt, depthwise ? DW_DILATION_W : CONV_DILATION_W, 1);
  g->dilation_h = tflc_fb_i32(&opt, depthwise ? DW_DILATION_H : CONV_DILATION_H, 1);
  g->batches = tflc_dim(input, 0);
  g->in_h = tflc_dim(input, 1);
  g->in_w = tflc_dim(input, 2);
  g->in_ch = tflc_dim(input, 3);
  g->filter_h = tflc_dim(filter, 1);
  g->filter_w = tflc_dim(filter, 2);
  g->out_ch = depthwise ? tflc_dim(filter, 3) : tflc_dim(filter, 0);
  TfLiteStatus s = tflc_window_dim(ctx, node, "height", padding, g->in_h, g->filter_h, g->stride_h, g->dilation_h,
                                   &g->out_h, &g->pad_h);
  if (s != kTfLiteOk) return s;
  return tflc_window_dim(ctx, node, "width", padding, g->in_w, g->filter_w, g->stride_w, g->dilation_w, &g->out_w,
                         &g->pad_w);
}


void tflc_conv_interior_columns(const tflc_conv_geometry *g, int32_t *x_lo, int32_t *x_hi) {
  int64_t lo = g->pad_w > 0 ? ((int64_t)g->pad_w + g->stride_w - 1) / g->stride_w : 0;
  int64_t last = (int64_t)g->in_w - 1 + g->pad_w - (int64_t)(g->filter_w - 1) * g->dilation_w;
  int64_t hi = last >= 0 ? last / g->stride_w + 1 : 0;
  if (lo > g->out_w) lo = g->out_w;
  if (hi > g->out_w) hi = g->out_w;
  if (hi < lo) hi = lo;
  *x_lo = (int32_t)lo;
  *x_hi = (int32_t)hi;
}

tflc_dw_row_slots tflc_dw_row_slots_init(uint8_t *slots, size_t slot_bytes) {
  tflc_dw_row_slots s = {slots, slot_bytes, {SIZE_MAX, SIZE_MAX, SIZE_MAX}};
  return s;
}

void tflc_dw_rows_of(tflc_dw_row_slots *s, const tflc_conv_geometry *g, size_t row, const uint8_t *input,
                     size_t row_bytes, const void *zero_row, tflc_dw_row_layout_fn layout, const void *op,
                     const void *rows[3]) {
  int32_t b = (int32_t)(row / (size_t)g->out_h), oy = (int32_t)(row % (size_t)g->out_h);
  for (int32_t fy = 0; fy < 3; fy++) {
    int32_t iy = oy * g->stride_h - g->pad_h + fy;
    if (iy < 0 || iy >= g->in_h) {
      rows[fy] = zero_row;
      continue;
    }
    size_t key = (size_t)b * (size_t)g->in_h + (size_t)iy, slot = key % 3;
    uint8_t *dst = s->slots + slot * s->slot_bytes;
    if (s->held[slot] != key) {
      layout(op, input + key * row_bytes, dst);
      s->held[slot] = key;
    }
    rows[fy] = dst;
  }
}

size_t tflc_gemm_tile_cols(size_t blocks, size_t n, size_t threads, size_t align) {
  if (threads <= 1 || blocks >= 8 * threads) return n;
  size_t per = (n + threads - 1) / threads;
  per = (per + align - 1) / align * align;
  return per < n ? per : n;
}

void tflc_gemm_run_items(size_t begin, size_t end, size_t blocks, size_t tile_cols, size_t n, tflc_gemm_blocks_fn run,
                         const void *job, size_t thread) {
  while (begin < end) {
    size_t tile = begin / blocks, blk = begin % blocks;
    size_t stop = blocks - blk < end - begin ? blocks : blk + (end - begin);
    size_t n0 = tile * tile_cols, nc = n - n0 < tile_cols ? n - n0 : tile_cols;
    run(job, thread, blk, stop, n0, nc);
    begin += stop - blk;
  }
}
