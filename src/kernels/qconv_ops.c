/*
** qconv_ops.c — CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED on the optimized quantized
** microkernels (qconv.h), with the reference kernels as the fallback.
**
** Each op's registered kernel prepares with the reference kernel first (which validates the
** node and sets the output shape). When the node is quantized with constant weights, the
** interpreter does not force reference kernels (tflc_use_reference_kernels) and the shape is
** one the fast path handles, it then replaces op_data with its own (packed weights, the
** configuration's microkernels) and switches node->kernel to its fast invoke; otherwise the
** node keeps the reference invoke. Both variants share the dispatching prepare, so a resize
** re-decides. Work is split over the interpreter's threads by output rows; every output
** element is computed the same way whatever the split, so results do not depend on it.
*/
#include <stdlib.h>
#include <string.h>

#include "kernels/qconv.h"
#include "kernels/conv_geometry.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"
#include "runtime/threadpool.h"

extern const tflc_kernel tflc_conv_2d_kernel;
extern const tflc_kernel tflc_depthwise_conv_2d_kernel;
extern const tflc_kernel tflc_fully_connected_kernel;

typedef struct qconv_op {
  tflc_conv_geometry g;
  const tflc_qconv_config *cfg;
  tflc_q8_params params;
  int32_t za;          /* GEMM: activation zero point as an unsigned byte; depthwise: input zero point */
  int32_t zw;          /* GEMM: zw' (qconv.h); row sums are needed when nonzero */
  bool flip;           /* GEMM: INT8 input, stored as x ^ 0x80 */
  bool input_signed;   /* depthwise: INT8 input */
  bool direct;         /* GEMM: A is the input itself (no im2col, no flip) */
  bool use_3x3;        /* depthwise: 3x3, dilation 1, stride_w 1 or 2 (the 3x3 microkernel takes the interior) */
  size_t k, kc;        /* GEMM: taps x channels, and that rounded up to 4 */
  size_t threads;      /* scratch is laid out for this many threads */
  size_t scratch_per_thread;
  size_t chunk_blocks; /* GEMM: row blocks whose im2col rows and row sums are built in one pass */
  uint8_t *zero_row;   /* depthwise: (out_w*stride_w + filter_w)*in_ch bytes of the input zero point (in this block) */
  size_t padded_row;   /* depthwise 3x3 with columns of padding: bytes of an input row padded for a whole
                          output row, ((out_w-1)*stride_w + 3)*in_ch; 0 otherwise */
  size_t padded_at;    /* depthwise: where the padded rows start in the scratch (after the taps) */
  int32_t x_lo, x_hi;  /* output columns whose taps are all inside the image horizontally (GEMM: [0,0) when
                          im2col takes every pixel one by one) */
  uint8_t *packed;     /* packed weights (inside this block, 64-byte aligned) */
} qconv_op;

/* ---- Prepare helpers ---- */

/* Filter heights the im2col microkernel takes (taller filters build their rows pixel by pixel). */
enum { IM2COL_MAX_FILTER_H = 16 };

/* GEMM row blocks per im2col and row-sum pass, and the bytes of im2col rows one pass may fill. */
enum { MAX_CHUNK_BLOCKS = 16, CHUNK_BYTES = 16384 };

/* Depthwise multiply-adds cost about four times a GEMM's (no reuse across output channels). */
enum { MIN_PARALLEL_DW_MACS = TFLC_CONV_MIN_PARALLEL_MACS / 4 };

/* Whether the node's tensors suit the fast path: quantized, constant weights (and bias). */
static bool fast_types(const TfLiteTensor *input, const TfLiteTensor *filter, const TfLiteTensor *bias,
                       const TfLiteTensor *output) {
  if (input->type != kTfLiteUInt8 && input->type != kTfLiteInt8) return false;
  if (filter->type != input->type || output->type != input->type) return false;
  if (!tflc_is_constant(filter) || filter->data.raw_const == NULL) return false;
  if (bias && (bias->type != kTfLiteInt32 || !tflc_is_constant(bias) || bias->data.raw_const == NULL)) return false;
  return true;
}

/* The op data block: the struct, then `extra` bytes, then `packed` bytes at a 64-byte boundary. */
static qconv_op *alloc_op(tflc_context *ctx, tflc_node *node, size_t extra, size_t packed) {
  size_t head = sizeof(qconv_op) + extra;
  if (packed > SIZE_MAX - head - 64) {
    tflc_kernel_error(ctx, node, "packed weights of %zu bytes are too large", packed);
    return NULL;
  }
  qconv_op *op = tflc_alloc_op_data(ctx, node, head + 64 + packed);
  if (!op) return NULL;
  uintptr_t p = (uintptr_t)((uint8_t *)op + head);
  op->packed = (uint8_t *)((p + 63) & ~(uintptr_t)63);
  op->zero_row = (uint8_t *)op + sizeof(qconv_op);
  return op;
}

/* Per-column multipliers and shifts for the packing functions. */
static TfLiteStatus split_requant(tflc_context *ctx, tflc_node *node, const tflc_requant *rq, int32_t n,
                                  int32_t **mult, int32_t **shift) {
  *mult = malloc((size_t)n * sizeof(int32_t) * 2);
  if (!*mult) return tflc_kernel_error(ctx, node, "out of memory for %d multipliers", (int)n);
  *shift = *mult + n;
  for (int32_t i = 0; i < n; i++) (*mult)[i] = rq[i].multiplier, (*shift)[i] = rq[i].shift;
  return kTfLiteOk;
}

/*
** Shared GEMM prepare (CONV_2D and FULLY_CONNECTED): requantization, packing, scratch.
** `legacy` and `qdim` are the arguments tflc_conv_requant takes for the op.
*/
static TfLiteStatus gemm_prepare(tflc_context *ctx, tflc_node *node, const tflc_conv_geometry *g,
                                 const TfLiteTensor *input, const TfLiteTensor *filter, const TfLiteTensor *bias,
                                 const TfLiteTensor *output, tflc_activation act, bool legacy) {
  const tflc_qconv_config *cfg = tflc_qconv_config_get();
  size_t k = (size_t)g->filter_h * (size_t)g->filter_w * (size_t)g->in_ch;
  size_t kc = (k + 3) & ~(size_t)3;
  size_t n = (size_t)g->out_ch;
  if (k == 0 || n == 0 || kc > (SIZE_MAX / 64) / (n + TFLC_QBLOCK))
    return tflc_kernel_error(ctx, node, "weights of %zu x %zu cannot be packed", n, k);
  tflc_requant *rq = malloc(n * sizeof *rq);
  if (!rq) return tflc_kernel_error(ctx, node, "out of memory for %zu requantization parameters", n);
  TfLiteStatus s = tflc_conv_requant(ctx, node, input, filter, bias, output, (int32_t)n, 0, legacy, rq);
  int32_t *mult = NULL, *shift = NULL;
  if (s == kTfLiteOk) s = split_requant(ctx, node, rq, (int32_t)n, &mult, &shift);
  free(rq);
  if (s != kTfLiteOk) return s;

  qconv_op *op = alloc_op(ctx, node, 0, tflc_qgemm_packed_size(n, kc));
  if (!op) return free(mult), kTfLiteError;
  op->g = *g;
  op->cfg = cfg;
  op->k = k;
  op->kc = kc;
  op->flip = input->type == kTfLiteInt8;
  op->za = op->flip ? input->params.zero_point + 128 : input->params.zero_point;
  op->params.output_offset = output->params.zero_point;
  s = tflc_quantized_activation_range(ctx, node, act, output, &op->params.act_min, &op->params.act_max);
  if (s == kTfLiteOk) {
    bool w_signed = filter->type == kTfLiteInt8;
    op->zw = tflc_qgemm_pack(n, k, kc, filter->data.raw_const, w_signed, w_signed ? 0 : filter->params.zero_point,
                             op->za, bias ? bias->data.i32 : NULL, mult, shift, op->packed);
  }
  free(mult);
  if (s != kTfLiteOk) return s;
  op->direct = !op->flip && g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 &&
               g->stride_w == 1 && g->pad_h == 0 && g->pad_w == 0 && k == kc;
  /* Output columns whose filter rows are contiguous spans inside the image (im2col's fast runs). */
  op->x_lo = op->x_hi = 0;
  if (g->dilation_w == 1 && g->filter_h <= IM2COL_MAX_FILTER_H) tflc_conv_interior_columns(g, &op->x_lo, &op->x_hi);
  op->threads = tflc_conv_op_threads(ctx);
  /* Row blocks go through im2col and the row sums a chunk at a time: one call each per chunk
     rather than per block of mr rows (calls that cost as much as the work for a short k), the
     chunk's rows kept within L1 (CHUNK_BYTES). */
  size_t block_bytes = op->direct ? 0 : cfg->mr * kc;
  op->chunk_blocks = block_bytes == 0 ? MAX_CHUNK_BLOCKS : CHUNK_BYTES / block_bytes;
  if (op->chunk_blocks > MAX_CHUNK_BLOCKS) op->chunk_blocks = MAX_CHUNK_BLOCKS;
  if (op->chunk_blocks == 0) op->chunk_blocks = 1;
  /* Per thread: the chunk's im2col rows (unless direct), then its row terms. */
  op->scratch_per_thread =
      ((block_bytes + cfg->mr * sizeof(int32_t)) * op->chunk_blocks + 63) & ~(size_t)63;
  if (op->scratch_per_thread > SIZE_MAX / op->threads)
    return tflc_kernel_error(ctx, node, "scratch for %zu threads is too large", op->threads);
  return tflc_request_scratch(ctx, node, op->scratch_per_thread * op->threads);
}

/* ---- GEMM invoke ---- */

typedef struct gemm_job {
  const qconv_op *op;
  const uint8_t *input;
  uint8_t *output;
  uint8_t *scratch;
  size_t blocks_per_image; /* row blocks of mr output pixels per batch */
  size_t blocks;           /* row blocks in all: blocks_per_image x batches */
  size_t tile_cols;        /* output channels per column tile (a multiple of TFLC_QBLOCK) */
} gemm_job;

/*
** Copies n input bytes to dst, flipping the sign bit when the input is INT8. Spans are short
** (a few channels times the filter width), so they go 8 bytes at a time, inline.
*/
static inline void copy_activations(uint8_t *dst, const uint8_t *src, size_t n, bool flip) {
  if (n >= 64 && !flip) {
    memcpy(dst, src, n);
    return;
  }
  const uint64_t mask = flip ? 0x8080808080808080ull : 0;
  if (n < 8) {
    for (size_t i = 0; i < n; i++) dst[i] = src[i] ^ (uint8_t)mask;
    return;
  }
  uint64_t v;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&v, src + i, 8);
    v ^= mask;
    memcpy(dst + i, &v, 8);
  }
  if (i < n) { /* the last 8 bytes again, overlapping */
    memcpy(&v, src + n - 8, 8);
    v ^= mask;
    memcpy(dst + n - 8, &v, 8);
  }
}

/* Fills n bytes with the activation zero point (taps outside the image). */
static inline void fill_zero_point(uint8_t *dst, size_t n, uint8_t za) {
  for (size_t i = 0; i < n; i++) dst[i] = za;
}

/*
** Writes the im2col row of output pixel (oy, ox) of one image to dst (k bytes). Where a filter
** row lies wholly inside the image and dilation_w is 1, its filter_w taps are one contiguous
** span of the input.
*/
static inline void im2col_pixel(const qconv_op *op, const uint8_t *image, int32_t oy, int32_t ox, uint8_t *dst) {
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch, span = (size_t)g->filter_w * ch, row_bytes = (size_t)g->in_w * ch;
  int32_t ix0 = ox * g->stride_w - g->pad_w, ix_last = ix0 + (g->filter_w - 1) * g->dilation_w;
  bool row_inside = ix0 >= 0 && ix_last < g->in_w && g->dilation_w == 1;
  for (int32_t fy = 0; fy < g->filter_h; fy++) {
    int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
    if (iy < 0 || iy >= g->in_h) {
      fill_zero_point(dst, span, (uint8_t)op->za);
      dst += span;
      continue;
    }
    const uint8_t *in_row = image + (size_t)iy * row_bytes;
    if (row_inside) {
      copy_activations(dst, in_row + (size_t)ix0 * ch, span, op->flip);
      dst += span;
      continue;
    }
    for (int32_t fx = 0; fx < g->filter_w; fx++, dst += ch) {
      int32_t ix = ix0 + fx * g->dilation_w;
      if (ix < 0 || ix >= g->in_w) fill_zero_point(dst, ch, (uint8_t)op->za);
      else copy_activations(dst, in_row + (size_t)ix * ch, ch, op->flip);
    }
  }
}

/*
** Hands the run of `pixels` interior output pixels (oy, ox..) of one image, whose every filter
** row lies inside the image horizontally, to the configuration's im2col microkernel.
*/
static void im2col_run(const qconv_op *op, const uint8_t *image, int32_t oy, int32_t ox, size_t pixels, uint8_t *a) {
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch, row_bytes = (size_t)g->in_w * ch;
  const uint8_t *rows[IM2COL_MAX_FILTER_H];
  size_t ix0 = (size_t)(ox * g->stride_w - g->pad_w);
  for (int32_t fy = 0; fy < g->filter_h; fy++) {
    int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
    rows[fy] = iy < 0 || iy >= g->in_h ? NULL : image + (size_t)iy * row_bytes + ix0 * ch;
  }
  op->cfg->im2col(pixels, (size_t)g->filter_h, (size_t)g->filter_w * ch, rows, (size_t)g->stride_w * ch,
                  (uint8_t)op->za, op->flip, op->kc, a);
}

/*
** Builds the im2col rows of output pixels [p0, p0+rows) of image b into a (kc bytes each,
** the padding past k zeroed): runs of interior pixels through the microkernel, the border
** pixels one by one. The pixel position advances incrementally (a division per pixel costs
** as much as copying a 3-channel image's taps).
*/
static void im2col(const qconv_op *op, const uint8_t *input, int32_t b, size_t p0, size_t rows, uint8_t *a) {
  const tflc_conv_geometry *g = &op->g;
  const uint8_t *image = input + (size_t)b * (size_t)g->in_h * (size_t)g->in_w * (size_t)g->in_ch;
  int32_t oy = (int32_t)(p0 / (size_t)g->out_w), ox = (int32_t)(p0 % (size_t)g->out_w);
  for (size_t r = 0; r < rows;) {
    size_t run = 1;
    if (ox >= op->x_lo && ox < op->x_hi) {
      run = (size_t)(op->x_hi - ox) < rows - r ? (size_t)(op->x_hi - ox) : rows - r;
      im2col_run(op, image, oy, ox, run, a + r * op->kc);
    } else {
      im2col_pixel(op, image, oy, ox, a + r * op->kc);
      for (size_t i = op->k; i < op->kc; i++) a[r * op->kc + i] = 0;
    }
    r += run;
    ox += (int32_t)run;
    if (ox == g->out_w) ox = 0, oy++;
  }
}

/* Runs row blocks [begin, end) of the GEMM for output channels [n0, n0 + nc) on one thread. */
static void gemm_blocks(const void *arg, size_t thread, size_t begin, size_t end, size_t n0, size_t nc) {
  const gemm_job *job = arg;
  const qconv_op *op = job->op;
  const tflc_conv_geometry *g = &op->g;
  size_t mr_max = op->cfg->mr, pixels = (size_t)g->out_h * (size_t)g->out_w, n = (size_t)g->out_ch;
  const uint8_t *packed = (const uint8_t *)op->packed + tflc_qgemm_packed_size(n0, op->kc);
  uint8_t *a = job->scratch + thread * op->scratch_per_thread;
  int32_t *row_terms = (int32_t *)(a + (op->direct ? 0 : op->chunk_blocks * mr_max * op->kc));
  /* Image and block within it advance incrementally: a 64-bit division per block of 8 rows
     costs as much as the GEMM of a small 1x1 convolution's block. */
  int32_t b = (int32_t)(begin / job->blocks_per_image);
  size_t blk_in_image = begin % job->blocks_per_image;
  for (size_t blk = begin; blk < end;) {
    if (blk_in_image == job->blocks_per_image) blk_in_image = 0, b++;
    /* A chunk of blocks within one image: its rows [p0, p0 + rows) built and summed at once. */
    size_t count = end - blk < op->chunk_blocks ? end - blk : op->chunk_blocks;
    if (count > job->blocks_per_image - blk_in_image) count = job->blocks_per_image - blk_in_image;
    size_t p0 = blk_in_image * mr_max;
    size_t rows = pixels - p0 < count * mr_max ? pixels - p0 : count * mr_max;
    size_t row0 = (size_t)b * pixels + p0;
    const uint8_t *a_rows;
    if (op->direct) {
      a_rows = job->input + row0 * op->kc;
    } else {
      im2col(op, job->input, b, p0, rows, a);
      a_rows = a;
    }
    if (op->zw != 0) op->cfg->rowsum(rows, op->k, a_rows, op->kc, (int32_t)(0u - (uint32_t)op->zw), row_terms);
    for (size_t r = 0; r < rows; r += mr_max) {
      size_t mr = rows - r < mr_max ? rows - r : mr_max;
      op->cfg->gemm(mr, nc, op->kc, a_rows + r * op->kc, op->kc, packed, job->output + (row0 + r) * n + n0, n,
                    op->zw ? row_terms + r : NULL, &op->params);
    }
    blk += count;
    blk_in_image += count;
  }
}

/* Work items [begin, end) of the GEMM on one thread (tflc_gemm_run_items). */
static void gemm_task(void *arg, size_t thread, size_t begin, size_t end) {
  const gemm_job *job = arg;
  tflc_gemm_run_items(begin, end, job->blocks, job->tile_cols, (size_t)job->op->g.out_ch, gemm_blocks, job, thread);
}

/* Invoke of the GEMM ops: row blocks of mr output pixels (and column tiles), split over the threads. */
static TfLiteStatus gemm_invoke(tflc_context *ctx, tflc_node *node) {
  const qconv_op *op = node->op_data;
  size_t pixels = (size_t)op->g.out_h * (size_t)op->g.out_w, n = (size_t)op->g.out_ch;
  size_t per_image = (pixels + op->cfg->mr - 1) / op->cfg->mr;
  size_t macs = pixels * (size_t)op->g.batches * n * op->kc;
  size_t threads = macs < TFLC_CONV_MIN_PARALLEL_MACS ? 1 : (size_t)op->threads;
  size_t blocks = per_image * (size_t)op->g.batches;
  gemm_job job = {op, (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const,
                  (uint8_t *)tflc_output(ctx, node, 0)->data.raw, node->scratch, per_image, blocks,
                  tflc_gemm_tile_cols(blocks, n, threads, TFLC_QBLOCK)};
  size_t tiles = (n + job.tile_cols - 1) / job.tile_cols;
  tflc_parallel_for(ctx, threads, blocks * tiles, gemm_task, &job);
  return kTfLiteOk;
}

/* ---- CONV_2D ---- */

static TfLiteStatus conv_dispatch_prepare(tflc_context *ctx, tflc_node *node);
static const tflc_kernel conv_fast = {"CONV_2D", conv_dispatch_prepare, gemm_invoke};
static TfLiteStatus conv_reference_invoke(tflc_context *ctx, tflc_node *node) {
  return tflc_conv_2d_kernel.invoke(ctx, node);
}
static const tflc_kernel conv_reference = {"CONV_2D", conv_dispatch_prepare, conv_reference_invoke};

/* Prepares with the reference kernel, then moves the node to the fast path when it suits it. */
static TfLiteStatus conv_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  node->kernel = &conv_reference;
  TfLiteStatus s = tflc_conv_2d_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx)) return s;
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *filter = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2), *output = tflc_output(ctx, node, 0);
  if (!fast_types(input, filter, bias, output)) return kTfLiteOk;
  tflc_conv_geometry g;
  s = tflc_conv_window_geometry(ctx, node, false, input, filter, &g);
  if (s != kTfLiteOk) return s;
  if (g.in_ch <= 0 || g.out_ch <= 0) return kTfLiteOk; /* empty: the reference loops do nothing */
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_CONV2D);
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, 3, TFLC_ACTIVATION_NONE);
  s = gemm_prepare(ctx, node, &g, input, filter, bias, output, act, input->type == kTfLiteUInt8);
  if (s == kTfLiteOk) node->kernel = &conv_fast;
  return s;
}

const tflc_kernel tflc_conv_2d_dispatch_kernel = {"CONV_2D", conv_dispatch_prepare, conv_reference_invoke};

/* ---- FULLY_CONNECTED ---- */

static TfLiteStatus fc_dispatch_prepare(tflc_context *ctx, tflc_node *node);
static const tflc_kernel fc_fast = {"FULLY_CONNECTED", fc_dispatch_prepare, gemm_invoke};
static TfLiteStatus fc_reference_invoke(tflc_context *ctx, tflc_node *node) {
  return tflc_fully_connected_kernel.invoke(ctx, node);
}
static const tflc_kernel fc_reference = {"FULLY_CONNECTED", fc_dispatch_prepare, fc_reference_invoke};

/* FULLY_CONNECTED as a 1x1 convolution over a 1 x batches image; same dispatch as CONV_2D. */
static TfLiteStatus fc_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  node->kernel = &fc_reference;
  TfLiteStatus s = tflc_fully_connected_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx)) return s;
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *weights = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2), *output = tflc_output(ctx, node, 0);
  if (!fast_types(input, weights, bias, output)) return kTfLiteOk;
  /* The reference FULLY_CONNECTED applies an INT8 weight zero point; the packing ignores it. */
  if (weights->type == kTfLiteInt8 && weights->params.zero_point != 0) return kTfLiteOk;
  /* Per-channel UINT8 weights are refused by the reference prepare; per-channel INT8 is per unit. */
  int32_t input_size = tflc_dim(weights, 1);
  tflc_conv_geometry g = {0};
  g.batches = 1;
  g.in_h = g.out_h = 1;
  g.in_w = g.out_w = (int32_t)(tflc_num_elements(input) / input_size);
  g.in_ch = input_size;
  g.filter_h = g.filter_w = 1;
  g.out_ch = tflc_dim(weights, 0);
  g.stride_h = g.stride_w = g.dilation_h = g.dilation_w = 1;
  if (g.out_w == 0 || g.out_ch <= 0) return kTfLiteOk; /* empty: the reference loops do nothing */
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_FULLY_CONNECTED);
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, 0, TFLC_ACTIVATION_NONE);
  s = gemm_prepare(ctx, node, &g, input, weights, bias, output, act, true);
  if (s == kTfLiteOk) node->kernel = &fc_fast;
  return s;
}

const tflc_kernel tflc_fully_connected_dispatch_kernel = {"FULLY_CONNECTED", fc_dispatch_prepare, fc_reference_invoke};

/* ---- DEPTHWISE_CONV_2D ---- */

typedef struct dw_job {
  const qconv_op *op;
  const uint8_t *input;
  uint8_t *output;
  const void **taps; /* [threads][ntaps] in scratch */
  uint8_t *padded;   /* [threads][3][padded_row] in scratch, when op->padded_row != 0 */
} dw_job;

/* Copies input row `in_row` into dst with op->za for the padding columns: the pad_w pixels
   before the image, the image, then up to the padded row's end. */
static void pad_input_row(const void *op_data, const uint8_t *in_row, uint8_t *dst) {
  const qconv_op *op = op_data;
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch, left = (size_t)g->pad_w * ch, image = (size_t)g->in_w * ch;
  if (left + image > op->padded_row) image = op->padded_row - left;
  memset(dst, (uint8_t)op->za, left);
  memcpy(dst + left, in_row, image);
  memset(dst + left + image, (uint8_t)op->za, op->padded_row - left - image);
}

/*
** Output rows [begin, end) of a 3x3 layer with columns of padding, each in one call of the 3x3
** microkernel over the whole row: every input row it reads is first copied with its padding
** into the thread's row slots (tflc_dw_rows_of), about once per row; the border pixels,
** otherwise computed one at a time, run in the kernel's four-pixel steps.
*/
static void dw_padded_rows(const dw_job *job, size_t thread, size_t begin, size_t end,
                           tflc_q8_dwconv3x3_ukernel_fn kernel3x3) {
  const qconv_op *op = job->op;
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch;
  tflc_dw_row_slots slots = tflc_dw_row_slots_init(job->padded + thread * 3 * op->padded_row, op->padded_row);
  for (size_t row = begin; row < end; row++) {
    const void *rows[3];
    tflc_dw_rows_of(&slots, g, row, job->input, (size_t)g->in_w * ch, op->zero_row, pad_input_row, op, rows);
    kernel3x3((size_t)g->out_w, ch, rows, (size_t)g->stride_w, op->packed, job->output + row * (size_t)g->out_w * ch,
              &op->params);
  }
}

/* Points taps[] at the input rows of output pixel (oy, ox) of image b; outside: the zero row. */
static void dw_pixel_taps(const qconv_op *op, const uint8_t *input, int32_t b, int32_t oy, int32_t ox,
                          const void **taps) {
  const tflc_conv_geometry *g = &op->g;
  size_t t = 0, ch = (size_t)g->in_ch;
  for (int32_t fy = 0; fy < g->filter_h; fy++) {
    int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
    for (int32_t fx = 0; fx < g->filter_w; fx++, t++) {
      int32_t ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
      bool inside = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w;
      taps[t] = inside ? input + (((size_t)b * (size_t)g->in_h + (size_t)iy) * (size_t)g->in_w + (size_t)ix) * ch
                       : op->zero_row;
    }
  }
}

/*
** Computes output rows [begin, end) (over batches x out_h) on one thread: the border columns
** pixel by pixel, the interior columns [x_lo, x_hi) (every tap inside horizontally) in one
** microkernel call whose taps step by stride_w pixels (rows above or below the image read the
** zero row, which is long enough to step through).
*/
static void dw_task(void *arg, size_t thread, size_t begin, size_t end) {
  const dw_job *job = arg;
  const qconv_op *op = job->op;
  const tflc_conv_geometry *g = &op->g;
  size_t ntaps = (size_t)g->filter_h * (size_t)g->filter_w, ch = (size_t)g->in_ch;
  const void **taps = job->taps + thread * ntaps;
  tflc_q8_dwconv_ukernel_fn kernel = op->input_signed ? op->cfg->dw_qs8 : op->cfg->dw_qu8;
  tflc_q8_dwconv3x3_ukernel_fn kernel3x3 = NULL;
  if (op->use_3x3) kernel3x3 = op->input_signed ? op->cfg->dw3x3_qs8 : op->cfg->dw3x3_qu8;
  if (kernel3x3 && op->padded_row != 0) {
    dw_padded_rows(job, thread, begin, end, kernel3x3);
    return;
  }
  for (size_t row = begin; row < end; row++) {
    int32_t b = (int32_t)(row / (size_t)g->out_h), oy = (int32_t)(row % (size_t)g->out_h);
    uint8_t *out = job->output + row * (size_t)g->out_w * ch;
    for (int32_t ox = 0; ox < g->out_w; ox++) {
      if (ox == op->x_lo && op->x_hi > op->x_lo) {
        dw_pixel_taps(op, job->input, b, oy, ox, taps);
        if (kernel3x3) { /* taps 0, 3, 6 start the filter rows */
          const void *rows[3] = {taps[0], taps[3], taps[6]};
          kernel3x3((size_t)(op->x_hi - op->x_lo), ch, rows, (size_t)g->stride_w, op->packed, out + (size_t)ox * ch,
                    &op->params);
        } else {
          kernel((size_t)(op->x_hi - op->x_lo), ch, ntaps, taps, (size_t)g->stride_w * ch, op->packed,
                 out + (size_t)ox * ch, &op->params);
        }
        ox = op->x_hi - 1;
        continue;
      }
      dw_pixel_taps(op, job->input, b, oy, ox, taps);
      kernel(1, ch, ntaps, taps, 0, op->packed, out + (size_t)ox * ch, &op->params);
    }
  }
}

/* Invoke of the fast depthwise path: output rows split over the threads. */
static TfLiteStatus dw_invoke(tflc_context *ctx, tflc_node *node) {
  const qconv_op *op = node->op_data;
  dw_job job = {op, (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const,
                (uint8_t *)tflc_output(ctx, node, 0)->data.raw, (const void **)node->scratch,
                (uint8_t *)node->scratch + op->padded_at};
  size_t macs = (size_t)op->g.batches * (size_t)op->g.out_h * (size_t)op->g.out_w * (size_t)op->g.in_ch *
                (size_t)op->g.filter_h * (size_t)op->g.filter_w;
  tflc_parallel_for(ctx, macs < MIN_PARALLEL_DW_MACS ? 1 : op->threads, (size_t)op->g.batches * (size_t)op->g.out_h,
                    dw_task, &job);
  return kTfLiteOk;
}

static TfLiteStatus dw_dispatch_prepare(tflc_context *ctx, tflc_node *node);
static const tflc_kernel dw_fast = {"DEPTHWISE_CONV_2D", dw_dispatch_prepare, dw_invoke};
static TfLiteStatus dw_reference_invoke(tflc_context *ctx, tflc_node *node) {
  return tflc_depthwise_conv_2d_kernel.invoke(ctx, node);
}
static const tflc_kernel dw_reference = {"DEPTHWISE_CONV_2D", dw_dispatch_prepare, dw_reference_invoke};

/* Requantization, packing and scratch of a depthwise node with depth multiplier 1. */
static TfLiteStatus dw_prepare_fast(tflc_context *ctx, tflc_node *node, const tflc_conv_geometry *g,
                                    const TfLiteTensor *input, const TfLiteTensor *filter, const TfLiteTensor *bias,
                                    const TfLiteTensor *output) {
  size_t ch = (size_t)g->in_ch, ntaps = (size_t)g->filter_h * (size_t)g->filter_w;
  if (ntaps > (SIZE_MAX / 128) / (ch + TFLC_QBLOCK))
    return tflc_kernel_error(ctx, node, "filter of %zu taps x %zu channels cannot be packed", ntaps, ch);
  tflc_requant *rq = malloc(ch * sizeof *rq);
  if (!rq) return tflc_kernel_error(ctx, node, "out of memory for %zu requantization parameters", ch);
  TfLiteStatus s = tflc_conv_requant(ctx, node, input, filter, bias, output, (int32_t)ch, 3,
                                     input->type == kTfLiteUInt8, rq);
  int32_t *mult = NULL, *shift = NULL;
  if (s == kTfLiteOk) s = split_requant(ctx, node, rq, (int32_t)ch, &mult, &shift);
  free(rq);
  if (s != kTfLiteOk) return s;
  /* The zero row stands for every tap of an interior run: (out_w*stride_w + filter_w) pixels
     cover the last pixel's last tap, whether the kernel steps per tap or per filter row. */
  size_t zero_bytes = ((size_t)g->out_w * (size_t)g->stride_w + (size_t)g->filter_w) * ch; /* int32 sizes */
  qconv_op *op = alloc_op(ctx, node, zero_bytes, tflc_qdw_packed_size(ch, ntaps));
  if (!op) return free(mult), kTfLiteError;
  op->g = *g;
  tflc_conv_interior_columns(g, &op->x_lo, &op->x_hi);
  op->cfg = tflc_qconv_config_get();
  op->use_3x3 = g->filter_h == 3 && g->filter_w == 3 && g->dilation_h == 1 && g->dilation_w == 1 &&
                (g->stride_w == 1 || g->stride_w == 2) && op->cfg->dw3x3_qu8 && op->cfg->dw3x3_qs8;
  op->input_signed = input->type == kTfLiteInt8;
  op->za = input->params.zero_point;
  memset(op->zero_row, (uint8_t)op->za, zero_bytes);
  op->params.output_offset = output->params.zero_point;
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_DEPTHWISE_CONV2D);
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, 4, TFLC_ACTIVATION_NONE);
  s = tflc_quantized_activation_range(ctx, node, act, output, &op->params.act_min, &op->params.act_max);
  if (s == kTfLiteOk)
    tflc_qdw_pack(ch, ntaps, filter->data.raw_const, op->input_signed, filter->params.zero_point, op->za,
                  bias ? bias->data.i32 : NULL, mult, shift, op->packed);
  free(mult);
  if (s != kTfLiteOk) return s;
  op->threads = tflc_conv_op_threads(ctx);
  if (ntaps > SIZE_MAX / sizeof(void *) / op->threads)
    return tflc_kernel_error(ctx, node, "scratch for %zu taps is too large", ntaps);
  /* The taps of each thread, then (3x3 layers with columns of padding) three padded rows each. */
  op->padded_at = (op->threads * ntaps * sizeof(void *) + 63) & ~(size_t)63;
  op->padded_row = 0;
  if (op->use_3x3 && (op->x_lo > 0 || op->x_hi < g->out_w) && g->out_w > 0)
    op->padded_row = ((size_t)(g->out_w - 1) * (size_t)g->stride_w + 3) * ch; /* <= zero_bytes */
  if (op->padded_row > (SIZE_MAX - op->padded_at) / 3 / op->threads)
    return tflc_kernel_error(ctx, node, "scratch for padded rows of %zu bytes is too large", op->padded_row);
  return tflc_request_scratch(ctx, node, op->padded_at + op->threads * 3 * op->padded_row);
}

/* Same dispatch as CONV_2D; depth multipliers above 1 stay on the reference kernel. */
static TfLiteStatus dw_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  node->kernel = &dw_reference;
  TfLiteStatus s = tflc_depthwise_conv_2d_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx)) return s;
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *filter = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2), *output = tflc_output(ctx, node, 0);
  if (!fast_types(input, filter, bias, output)) return kTfLiteOk;
  tflc_conv_geometry g;
  s = tflc_conv_window_geometry(ctx, node, true, input, filter, &g);
  if (s != kTfLiteOk) return s;
  if (g.out_ch != g.in_ch || g.in_ch == 0) return kTfLiteOk; /* depth multiplier > 1: reference */
  s = dw_prepare_fast(ctx, node, &g, input, filter, bias, output);
  if (s == kTfLiteOk) node->kernel = &dw_fast;
  return s;
}

const tflc_kernel tflc_depthwise_conv_2d_dispatch_kernel = {"DEPTHWISE_CONV_2D", dw_dispatch_prepare,
                                                            dw_reference_invoke};
