/*
** floatconv_ops.c — float32 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED on the optimized
** microkernels (floatconv.h), with the reference kernels as the fallback.
**
** These are the registered kernels of the three ops. A node that is not all-float (quantized,
** or hybrid float input with int8 weights) goes to the quantized dispatch (qconv_ops.c), which
** sets node->kernel itself. A float node prepares with the reference kernel first (validation,
** output shape); when its weights (and bias) are constant and the interpreter does not force
** reference kernels, it then replaces op_data with packed weights and switches node->kernel to
** the fast invoke. CONV_2D and FULLY_CONNECTED run as a GEMM over indirect rows: the
** microkernel reads the NHWC input where it lies (pointers to input rows or filter-row spans),
** and only spans cut by the image's left or right edge are copied. Work is split over the interpreter's threads by blocks of output rows;
** each output element is computed the same way whatever the split.
*/
#include <stdlib.h>
#include <string.h>

#include "kernels/floatconv.h"
#include "kernels/conv_geometry.h"
#include "kernels/floatconv_planar.h"
#include "kernels/quant.h"
#include "runtime/kernel.h"
#include "runtime/threadpool.h"

extern const tflc_kernel tflc_conv_2d_kernel;
extern const tflc_kernel tflc_depthwise_conv_2d_kernel;
extern const tflc_kernel tflc_fully_connected_kernel;
extern const tflc_kernel tflc_conv_2d_dispatch_kernel;           /* qconv_ops.c */
extern const tflc_kernel tflc_depthwise_conv_2d_dispatch_kernel; /* qconv_ops.c */
extern const tflc_kernel tflc_fully_connected_dispatch_kernel;   /* qconv_ops.c */

/* The fused activation's field in Conv2DOptions / DepthwiseConv2DOptions / FullyConnectedOptions (schema.fbs). */
enum { CONV_ACTIVATION = 3, DW_ACTIVATION = 4, FC_ACTIVATION = 0 };

typedef struct fconv_op {
  tflc_conv_geometry g;
  const tflc_fconv_config *cfg;
  tflc_f32_minmax_params params;
  size_t ks, kc;        /* GEMM: segments per row of A and floats per segment (see gemm_prepare) */
  bool tap_segments;    /* GEMM: one segment per tap (dilation_w > 1), else one per filter row */
  bool direct;          /* GEMM: 1x1, stride 1, no padding: row r of A is input pixel r */
  size_t threads;       /* scratch is laid out for this many threads */
  size_t scratch_per_thread;
  float *zero_row;      /* zeros (in this block): depthwise, (out_w*stride_w + 1)*in_ch; GEMM, kc */
  int32_t x_lo, x_hi;   /* output columns whose taps are all inside the image horizontally */
  size_t dw_row_floats; /* depthwise 3x3 on the row kernel: floats of a padded, blocked input row (0: not used) */
  size_t dw_block_stride; /* its floats per channel block */
  size_t dw_rows_at;    /* where the per-thread padded rows start in the scratch (bytes) */
  float *packed;        /* packed weights (inside this block, 64-byte aligned) */
} fconv_op;

/* ---- Prepare helpers ---- */

/* Whether every tensor is float32 (the float path; anything else is the quantized dispatch's). */
static bool all_float(const TfLiteTensor *input, const TfLiteTensor *filter, const TfLiteTensor *bias,
                      const TfLiteTensor *output) {
  return input && filter && output && input->type == kTfLiteFloat32 && filter->type == kTfLiteFloat32 &&
         output->type == kTfLiteFloat32 && (!bias || bias->type == kTfLiteFloat32);
}

/* Whether the weights (and bias) can be packed at prepare: constant, with data. */
static bool constant_weights(const TfLiteTensor *filter, const TfLiteTensor *bias) {
  if (!tflc_is_constant(filter) || filter->data.raw_const == NULL) return false;
  return !bias || (tflc_is_constant(bias) && bias->data.raw_const != NULL);
}

/* The op data block: the struct, then `extra` bytes, then `packed` bytes at a 64-byte boundary. */
static fconv_op *alloc_op(tflc_context *ctx, tflc_node *node, size_t extra, size_t packed) {
  size_t head = sizeof(fconv_op) + extra;
  if (packed == 0 || extra > SIZE_MAX / 2 || packed > SIZE_MAX - head - 64) {
    tflc_kernel_error(ctx, node, "packed weights of %zu bytes are too large", packed);
    return NULL;
  }
  fconv_op *op = tflc_alloc_op_data(ctx, node, head + 64 + packed);
  if (!op) return NULL;
  uintptr_t p = (uintptr_t)((uint8_t *)op + head);
  op->packed = (float *)((p + 63) & ~(uintptr_t)63);
  op->zero_row = (float *)((uint8_t *)op + sizeof(fconv_op));
  return op;
}

/*
** Shared GEMM prepare (CONV_2D and FULLY_CONNECTED): packing and scratch. Row r of A (output
** pixel r) is given to the microkernel as pointers to ks segments of kc floats: one per filter
** row (filter_w*in_ch contiguous input floats) or, with dilation_w > 1, one per tap (in_ch
** floats). Segments inside the image point into the input, rows above or below it at zeros;
** only segments cut by the left or right edge are copied (into per-thread scratch).
*/
static TfLiteStatus gemm_prepare(tflc_context *ctx, tflc_node *node, const tflc_conv_geometry *g,
                                 const TfLiteTensor *filter, const TfLiteTensor *bias, tflc_activation act) {
  const tflc_fconv_config *cfg = tflc_fconv_config_get();
  size_t k = (size_t)g->filter_h * (size_t)g->filter_w * (size_t)g->in_ch;
  size_t n = (size_t)g->out_ch;
  size_t packed = tflc_fgemm_packed_size(n, k);
  if (k == 0 || n == 0 || packed == 0 || k > SIZE_MAX / 64 / cfg->mr)
    return tflc_kernel_error(ctx, node, "weights of %zu x %zu cannot be packed", n, k);
  bool tap_segments = g->dilation_w != 1;
  size_t ks = (size_t)g->filter_h * (tap_segments ? (size_t)g->filter_w : 1);
  size_t kc = k / ks;
  fconv_op *op = alloc_op(ctx, node, kc * sizeof(float), packed);
  if (!op) return kTfLiteError;
  op->g = *g;
  op->cfg = cfg;
  op->ks = ks;
  op->kc = kc;
  op->tap_segments = tap_segments;
  tflc_conv_interior_columns(g, &op->x_lo, &op->x_hi);
  op->direct = g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_h == 0 &&
               g->pad_w == 0;
  tflc_float_activation_range(act, &op->params.min, &op->params.max);
  tflc_fgemm_pack(n, k, filter->data.f, bias ? bias->data.f : NULL, op->packed);
  op->threads = tflc_conv_op_threads(ctx);
  /* Per thread: the segment pointers of one tile, then its copied edge segments (none when direct). */
  size_t edge_bytes = op->direct ? 0 : cfg->mr * k * sizeof(float);
  op->scratch_per_thread = (ks * cfg->mr * sizeof(float *) + edge_bytes + 63) & ~(size_t)63;
  if (op->scratch_per_thread > SIZE_MAX / op->threads)
    return tflc_kernel_error(ctx, node, "scratch for %zu threads is too large", op->threads);
  return tflc_request_scratch(ctx, node, op->scratch_per_thread * op->threads);
}

/* ---- GEMM invoke ---- */

typedef struct gemm_job {
  const fconv_op *op;
  const float *input;
  float *output;
  uint8_t *scratch;
  size_t blocks_per_image; /* row blocks of mr output pixels per batch */
  size_t blocks;           /* row blocks in all: blocks_per_image x batches */
  size_t tile_cols;        /* output channels per column tile (a multiple of 2 x TFLC_FBLOCK) */
} gemm_job;

/*
** Copies n floats; edge segments are often a few channels times the filter width (9 floats for
** the first 3x3 convolution of an RGB image), where a call to memcpy costs more than the copy.
*/
static inline void copy_floats(float *dst, const float *src, size_t n) {
  if (n >= 32) {
    memcpy(dst, src, n * sizeof(float));
    return;
  }
  if (n < 4) { /* no loop: GCC would turn it back into a call to memcpy */
    if (n > 0) dst[0] = src[0];
    if (n > 1) dst[1] = src[1];
    if (n > 2) dst[2] = src[2];
    return;
  }
  for (size_t i = 0; i + 4 <= n; i += 4) memcpy(dst + i, src + i, 4 * sizeof(float)); /* inlined: fixed size */
  memcpy(dst + n - 4, src + n - 4, 4 * sizeof(float)); /* the tail, overlapping */
}

/*
** Points the segments of row r (output pixel oy, ox of image b) into the input, or at zeros
** above and below the image; a filter row cut by the left or right edge is copied into `edge`
** with zeros for the taps outside (the reference skips them, which adds the same nothing).
*/
static void row_segments(const fconv_op *op, const float *input, int32_t b, int32_t oy, int32_t ox, size_t r,
                         const float **seg, float *edge) {
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch, mr = op->cfg->mr;
  int32_t ix0 = ox * g->stride_w - g->pad_w, ix_last = ix0 + (g->filter_w - 1) * g->dilation_w;
  bool row_inside = ix0 >= 0 && ix_last < g->in_w;
  size_t s = 0;
  for (int32_t fy = 0; fy < g->filter_h; fy++) {
    int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
    bool y_inside = iy >= 0 && iy < g->in_h;
    const float *in_row = y_inside ? input + ((size_t)b * (size_t)g->in_h + (size_t)iy) * (size_t)g->in_w * ch : NULL;
    if (op->tap_segments) { /* dilation_w > 1: one segment per tap */
      for (int32_t fx = 0; fx < g->filter_w; fx++, s++) {
        int32_t ix = ix0 + fx * g->dilation_w;
        seg[s * mr + r] = y_inside && ix >= 0 && ix < g->in_w ? in_row + (size_t)ix * ch : op->zero_row;
      }
      continue;
    }
    if (!y_inside) {
      seg[s++ * mr + r] = op->zero_row;
    } else if (row_inside) {
      seg[s++ * mr + r] = in_row + (size_t)ix0 * ch;
    } else {
      float *dst = edge + (r * op->ks + s) * op->kc;
      for (int32_t fx = 0; fx < g->filter_w; fx++) {
        int32_t ix = ix0 + fx;
        if (ix < 0 || ix >= g->in_w) copy_floats(dst + (size_t)fx * ch, op->zero_row, ch);
        else copy_floats(dst + (size_t)fx * ch, in_row + (size_t)ix * ch, ch);
      }
      seg[s++ * mr + r] = dst;
    }
  }
}

/*
** row_segments for a pixel whose filter rows lie wholly inside the image horizontally (columns
** [x_lo, x_hi)): the common case, kept short.
*/
static inline void interior_segments(const fconv_op *op, const float *input, int32_t b, int32_t oy, int32_t ox,
                                     size_t r, const float **seg) {
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch, mr = op->cfg->mr, row_floats = (size_t)g->in_w * ch;
  const float *image = input + (size_t)b * (size_t)g->in_h * row_floats + (size_t)(ox * g->stride_w - g->pad_w) * ch;
  int32_t iy = oy * g->stride_h - g->pad_h;
  for (size_t s = 0; s < op->ks; s++, iy += g->dilation_h)
    seg[s * mr + r] = iy >= 0 && iy < g->in_h ? image + (size_t)iy * row_floats : op->zero_row;
}

/*
** gemm_blocks for a 1x1 convolution (stride 1, no padding): the row blocks' pixels are
** consecutive input rows, so each image's share is one call of a contiguous-row kernel: the
** short-row one (weights in registers) when kc <= TFLC_FGEMM_DIRECT_MAX_K, else gemm_rows
** (packed: the weights from column n0 on).
*/
static void contiguous_rows(const gemm_job *job, size_t begin, size_t end, size_t n0, size_t nc,
                            const float *packed) {
  const fconv_op *op = job->op;
  tflc_f32_gemm_direct_ukernel_fn kernel = op->kc <= TFLC_FGEMM_DIRECT_MAX_K ? op->cfg->gemm_direct : op->cfg->gemm_rows;
  size_t mr = op->cfg->mr, per_image = job->blocks_per_image, n = (size_t)op->g.out_ch;
  size_t pixels = (size_t)op->g.out_h * (size_t)op->g.out_w;
  for (size_t blk = begin; blk < end;) {
    size_t b = blk / per_image, stop = (b + 1) * per_image < end ? (b + 1) * per_image : end;
    size_t p0 = (blk - b * per_image) * mr, p1 = (stop - b * per_image) * mr;
    if (p1 > pixels) p1 = pixels;
    size_t row = b * pixels + p0;
    kernel(p1 - p0, nc, op->kc, job->input + row * op->kc, op->kc, packed, job->output + row * n + n0, n, &op->params);
    blk = stop;
  }
}

/*
** Runs row blocks [begin, end) of the GEMM for output channels [n0, n0 + nc) on one thread:
** the segment pointers of mr output pixels (rows past the block's end repeat its last row),
** then one microkernel call.
*/
static void gemm_blocks(const void *arg, size_t thread, size_t begin, size_t end, size_t n0, size_t nc) {
  const gemm_job *job = arg;
  const fconv_op *op = job->op;
  const tflc_conv_geometry *g = &op->g;
  size_t mr_max = op->cfg->mr, pixels = (size_t)g->out_h * (size_t)g->out_w, n = (size_t)g->out_ch;
  const float *packed = op->packed + tflc_fgemm_packed_size(n0, op->ks * op->kc) / sizeof(float);
  if (op->direct) {
    contiguous_rows(job, begin, end, n0, nc, packed);
    return;
  }
  const float **seg = (const float **)(job->scratch + thread * op->scratch_per_thread);
  float *edge = (float *)(seg + op->ks * mr_max);
  int32_t b = (int32_t)(begin / job->blocks_per_image);
  size_t p0 = (begin % job->blocks_per_image) * mr_max;
  for (size_t blk = begin; blk < end; blk++, p0 += mr_max) {
    if (p0 >= pixels) p0 = 0, b++; /* the next image (no division per block) */
    size_t mr = pixels - p0 < mr_max ? pixels - p0 : mr_max;
    if (op->direct) { /* consecutive input pixels: no geometry per row */
      const float *row0 = job->input + ((size_t)b * pixels + p0) * op->kc;
      for (size_t r = 0; r < mr_max; r++) seg[r] = row0 + (r < mr ? r : mr - 1) * op->kc;
    } else {
      int32_t oy = (int32_t)(p0 / (size_t)g->out_w), ox = (int32_t)(p0 % (size_t)g->out_w);
      /* The next interior pixel of a row reads every segment stride_w pixels further on (rows
         above or below the image stay at zeros): one add per segment, not the geometry. */
      const size_t step = (size_t)g->stride_w * (size_t)g->in_ch;
      bool follows = false; /* row r - 1 was an interior pixel of the same output row */
      for (size_t r = 0; r < mr; r++, ox++) {
        if (ox == g->out_w) ox = 0, oy++, follows = false;
        bool interior = ox >= op->x_lo && ox < op->x_hi && !op->tap_segments;
        if (interior && follows) {
          for (size_t s = 0; s < op->ks; s++) {
            const float *prev = seg[s * mr_max + r - 1];
            seg[s * mr_max + r] = prev == op->zero_row ? prev : prev + step;
          }
        } else if (interior) {
          interior_segments(op, job->input, b, oy, ox, r, seg);
        } else {
          row_segments(op, job->input, b, oy, ox, r, seg, edge);
        }
        follows = interior;
      }
      for (size_t s = 0; s < op->ks; s++)
        for (size_t r = mr; r < mr_max; r++) seg[s * mr_max + r] = seg[s * mr_max + mr - 1];
    }
    op->cfg->gemm(mr, nc, op->kc, op->ks, seg, packed, job->output + ((size_t)b * pixels + p0) * n + n0,
                  n * sizeof(float), &op->params);
  }
}

/* Work items [begin, end) of the GEMM on one thread (tflc_gemm_run_items). */
static void gemm_task(void *arg, size_t thread, size_t begin, size_t end) {
  const gemm_job *job = arg;
  tflc_gemm_run_items(begin, end, job->blocks, job->tile_cols, (size_t)job->op->g.out_ch, gemm_blocks, job, thread);
}

/* Invoke of the GEMM ops: row blocks of mr output pixels, split over the threads. */
static TfLiteStatus gemm_invoke(tflc_context *ctx, tflc_node *node) {
  const fconv_op *op = node->op_data;
  size_t pixels = (size_t)op->g.out_h * (size_t)op->g.out_w;
  size_t n = (size_t)op->g.out_ch, per_image = (pixels + op->cfg->mr - 1) / op->cfg->mr;
  size_t blocks = per_image * (size_t)op->g.batches;
  size_t macs = pixels * (size_t)op->g.batches * n * op->ks * op->kc;
  size_t threads = macs < TFLC_CONV_MIN_PARALLEL_MACS ? 1 : (size_t)op->threads;
  gemm_job job = {op, tflc_input(ctx, node, 0)->data.f, tflc_output(ctx, node, 0)->data.f, node->scratch, per_image,
                  blocks, tflc_gemm_tile_cols(blocks, n, threads, 2 * TFLC_FBLOCK)};
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
static const tflc_kernel conv_planar = {"CONV_2D", conv_dispatch_prepare, tflc_fplanar_invoke};

/* Float nodes: reference prepare, then the fast path when the weights are constant. */
static TfLiteStatus conv_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *filter = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2), *output = tflc_output(ctx, node, 0);
  if (!all_float(input, filter, bias, output)) return tflc_conv_2d_dispatch_kernel.prepare(ctx, node);
  node->kernel = &conv_reference;
  TfLiteStatus s = tflc_conv_2d_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx) || !constant_weights(filter, bias)) return s;
  tflc_conv_geometry g;
  s = tflc_conv_window_geometry(ctx, node, false, input, filter, &g);
  if (s != kTfLiteOk) return s;
  if (g.in_ch <= 0 || g.out_ch <= 0 || g.out_h <= 0 || g.out_w <= 0) return kTfLiteOk; /* empty: reference */
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_CONV2D);
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, CONV_ACTIVATION, TFLC_ACTIVATION_NONE);
  if (tflc_fplanar_applies(&g)) { /* few input channels: an image's first layer */
    s = tflc_fplanar_prepare(ctx, node, &g, filter, bias, act);
    if (s == kTfLiteOk) node->kernel = &conv_planar;
    return s;
  }
  s = gemm_prepare(ctx, node, &g, filter, bias, act);
  if (s == kTfLiteOk) node->kernel = &conv_fast;
  return s;
}

const tflc_kernel tflc_conv_2d_f32_dispatch_kernel = {"CONV_2D", conv_dispatch_prepare, conv_reference_invoke};

/* ---- FULLY_CONNECTED ---- */

static TfLiteStatus fc_dispatch_prepare(tflc_context *ctx, tflc_node *node);
static const tflc_kernel fc_fast = {"FULLY_CONNECTED", fc_dispatch_prepare, gemm_invoke};
static TfLiteStatus fc_reference_invoke(tflc_context *ctx, tflc_node *node) {
  return tflc_fully_connected_kernel.invoke(ctx, node);
}
static const tflc_kernel fc_reference = {"FULLY_CONNECTED", fc_dispatch_prepare, fc_reference_invoke};

/* FULLY_CONNECTED as a 1x1 convolution over a 1 x batches image; same dispatch as CONV_2D. */
static TfLiteStatus fc_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *weights = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2), *output = tflc_output(ctx, node, 0);
  if (!all_float(input, weights, bias, output)) return tflc_fully_connected_dispatch_kernel.prepare(ctx, node);
  node->kernel = &fc_reference;
  TfLiteStatus s = tflc_fully_connected_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx) || !constant_weights(weights, bias)) return s;
  int32_t input_size = tflc_dim(weights, 1);
  if (input_size <= 0) return kTfLiteOk; /* empty: the reference loops do nothing */
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
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, FC_ACTIVATION, TFLC_ACTIVATION_NONE);
  s = gemm_prepare(ctx, node, &g, weights, bias, act);
  if (s == kTfLiteOk) node->kernel = &fc_fast;
  return s;
}

const tflc_kernel tflc_fully_connected_f32_dispatch_kernel = {"FULLY_CONNECTED", fc_dispatch_prepare,
                                                              fc_reference_invoke};

/* ---- DEPTHWISE_CONV_2D ---- */

typedef struct dw_job {
  const fconv_op *op;
  const float *input;
  float *output;
  const float **taps; /* [threads][ntaps] in scratch */
  float *rows;        /* [threads][3][dw_row_floats] in scratch, when op->dw_row_floats != 0 */
} dw_job;

/*
** Lays input row `in_row` out as the 3x3 row kernel reads it (floatconv.h): in blocks of W
** channels, each block's columns side by side after the pad_w columns of padding. Only the
** image's columns are written: the padding columns, the columns past the image and the
** kernel's slack are zeroed once per task (dw_row_task), and no row writes them.
*/
static void pack_dw_row(const void *op_data, const uint8_t *in_bytes, uint8_t *dst_bytes) {
  const fconv_op *op = op_data;
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch, width = TFLC_FDW3X3_BLOCK(ch), pad = (size_t)g->pad_w;
  size_t cols = (size_t)g->out_w + 2; /* stride 1 */
  size_t image = (size_t)g->in_w < cols - pad ? (size_t)g->in_w : cols - pad; /* columns past them: zeros */
  const float *in_row = (const float *)in_bytes;
  float *dst = (float *)dst_bytes + pad * width;
  if (width == 16) op->cfg->block_channels(image, ch, in_row, dst, op->dw_block_stride);
  else memcpy(dst, in_row, image * ch * sizeof(float)); /* 8 channels: the row as it is */
}

/*
** Output rows [begin, end) of a 3x3 layer on the row kernel: every input row it reads is first
** laid out with its padding (pack_dw_row) in the thread's row slots (tflc_dw_rows_of), about
** once per row; rows above or below the image read the zero row.
*/
static void dw_row_task(const dw_job *job, size_t thread, size_t begin, size_t end) {
  const fconv_op *op = job->op;
  const tflc_conv_geometry *g = &op->g;
  size_t ch = (size_t)g->in_ch, slot_bytes = op->dw_row_floats * sizeof(float);
  uint8_t *thread_slots = (uint8_t *)(job->rows + thread * 3 * op->dw_row_floats);
  memset(thread_slots, 0, 3 * slot_bytes); /* the padding and slack pack_dw_row leaves alone */
  tflc_dw_row_slots slots = tflc_dw_row_slots_init(thread_slots, slot_bytes);
  for (size_t row = begin; row < end; row++) {
    const void *slot_rows[3];
    tflc_dw_rows_of(&slots, g, row, (const uint8_t *)job->input, (size_t)g->in_w * ch * sizeof(float), op->zero_row,
                    pack_dw_row, op, slot_rows);
    const float *rows[3] = {slot_rows[0], slot_rows[1], slot_rows[2]};
    op->cfg->dwconv3x3((size_t)g->out_w, ch, rows, op->dw_block_stride, op->packed,
                       job->output + row * (size_t)g->out_w * ch, &op->params);
  }
}

/* Points taps[] at the input pixels of output pixel (oy, ox) of image b; outside: the zero row. */
static void dw_pixel_taps(const fconv_op *op, const float *input, int32_t b, int32_t oy, int32_t ox,
                          const float **taps) {
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
  const fconv_op *op = job->op;
  const tflc_conv_geometry *g = &op->g;
  size_t ntaps = (size_t)g->filter_h * (size_t)g->filter_w, ch = (size_t)g->in_ch;
  const float **taps = job->taps + thread * ntaps;
  if (op->dw_row_floats != 0) {
    dw_row_task(job, thread, begin, end);
    return;
  }
  for (size_t row = begin; row < end; row++) {
    int32_t b = (int32_t)(row / (size_t)g->out_h), oy = (int32_t)(row % (size_t)g->out_h);
    float *out = job->output + row * (size_t)g->out_w * ch;
    for (int32_t ox = 0; ox < g->out_w; ox++) {
      dw_pixel_taps(op, job->input, b, oy, ox, taps);
      if (ox == op->x_lo && op->x_hi > op->x_lo) {
        op->cfg->dwconv((size_t)(op->x_hi - op->x_lo), ch, ntaps, taps, (size_t)g->stride_w * ch, op->packed,
                        out + (size_t)ox * ch, &op->params);
        ox = op->x_hi - 1;
        continue;
      }
      op->cfg->dwconv(1, ch, ntaps, taps, 0, op->packed, out + (size_t)ox * ch, &op->params);
    }
  }
}

/* Invoke of the fast depthwise path: output rows split over the threads. */
static TfLiteStatus dw_invoke(tflc_context *ctx, tflc_node *node) {
  const fconv_op *op = node->op_data;
  dw_job job = {op, tflc_input(ctx, node, 0)->data.f, tflc_output(ctx, node, 0)->data.f,
                (const float **)node->scratch, (float *)((uint8_t *)node->scratch + op->dw_rows_at)};
  size_t macs = (size_t)op->g.batches * (size_t)op->g.out_h * (size_t)op->g.out_w * (size_t)op->g.in_ch *
                (size_t)op->g.filter_h * (size_t)op->g.filter_w;
  tflc_parallel_for(ctx, macs < TFLC_CONV_MIN_PARALLEL_MACS ? 1 : op->threads, (size_t)op->g.batches * (size_t)op->g.out_h,
                    dw_task, &job);
  return kTfLiteOk;
}

static TfLiteStatus dw_dispatch_prepare(tflc_context *ctx, tflc_node *node);
static const tflc_kernel dw_fast = {"DEPTHWISE_CONV_2D", dw_dispatch_prepare, dw_invoke};
static TfLiteStatus dw_reference_invoke(tflc_context *ctx, tflc_node *node) {
  return tflc_depthwise_conv_2d_kernel.invoke(ctx, node);
}
static const tflc_kernel dw_reference = {"DEPTHWISE_CONV_2D", dw_dispatch_prepare, dw_reference_invoke};

/* Packing and scratch of a float depthwise node with depth multiplier 1. */
static TfLiteStatus dw_prepare_fast(tflc_context *ctx, tflc_node *node, const tflc_conv_geometry *g,
                                    const TfLiteTensor *filter, const TfLiteTensor *bias) {
  size_t ch = (size_t)g->in_ch, ntaps = (size_t)g->filter_h * (size_t)g->filter_w;
  size_t packed = tflc_fdw_packed_size(ch, ntaps);
  if (packed == 0 || ntaps == 0)
    return tflc_kernel_error(ctx, node, "filter of %zu taps x %zu channels cannot be packed", ntaps, ch);
  /* 3x3 filters at stride 1 (dilation 1) over at least 8 channels run on the row kernel over padded, blocked input rows:
     MobileNet v1's stride-1 depthwise layers 10-40% faster. Stride 2 stays on the general kernel:
     a stride-2 row kernel measured 30-50% slower in the model, each output row laying out two new
     input rows the general kernel reads in place. Stride and sizes are int32, so none of these
     sizes overflows a 64-bit size_t. */
  bool row_kernel = g->filter_h == 3 && g->filter_w == 3 && g->dilation_h == 1 && g->dilation_w == 1 &&
                    g->stride_w == 1 && g->pad_w >= 0 && g->pad_w <= 2 && ch >= 8;
  size_t width = TFLC_FDW3X3_BLOCK(ch), cols = (size_t)g->out_w + 2;
  size_t block_stride = (cols * width + 8 + 15) & ~(size_t)15; /* 8 floats of slack, 64-byte blocks */
  size_t row_floats = row_kernel ? (ch + width - 1) / width * block_stride : 0;
  size_t zero_bytes = ((size_t)g->out_w * (size_t)g->stride_w + 1) * ch * sizeof(float);
  if (row_floats * sizeof(float) > zero_bytes) zero_bytes = row_floats * sizeof(float);
  fconv_op *op = alloc_op(ctx, node, zero_bytes + 64, packed);
  if (!op) return kTfLiteError;
  op->zero_row = (float *)(((uintptr_t)op->zero_row + 63) & ~(uintptr_t)63);
  op->g = *g;
  op->dw_row_floats = row_floats;
  op->dw_block_stride = block_stride;
  tflc_conv_interior_columns(g, &op->x_lo, &op->x_hi);
  op->cfg = tflc_fconv_config_get();
  tflc_fb_table opt = tflc_node_options(node, TFLC_OPTIONS_DEPTHWISE_CONV2D);
  tflc_activation act = (tflc_activation)tflc_fb_i8(&opt, DW_ACTIVATION, TFLC_ACTIVATION_NONE);
  tflc_float_activation_range(act, &op->params.min, &op->params.max);
  tflc_fdw_pack(ch, ntaps, filter->data.f, bias ? bias->data.f : NULL, op->packed);
  op->threads = tflc_conv_op_threads(ctx);
  if (ntaps > SIZE_MAX / sizeof(void *) / op->threads)
    return tflc_kernel_error(ctx, node, "scratch for %zu taps is too large", ntaps);
  /* The taps of each thread, then (row kernel) three padded rows each, 64-byte aligned. */
  op->dw_rows_at = (op->threads * ntaps * sizeof(void *) + 63) & ~(size_t)63;
  if (row_floats > (SIZE_MAX - op->dw_rows_at) / sizeof(float) / 3 / op->threads)
    return tflc_kernel_error(ctx, node, "scratch for padded rows of %zu floats is too large", row_floats);
  return tflc_request_scratch(ctx, node, op->dw_rows_at + op->threads * 3 * row_floats * sizeof(float));
}

/* Same dispatch as CONV_2D; depth multipliers above 1 stay on the reference kernel. */
static TfLiteStatus dw_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *filter = tflc_input(ctx, node, 1);
  const TfLiteTensor *bias = tflc_input(ctx, node, 2), *output = tflc_output(ctx, node, 0);
  if (!all_float(input, filter, bias, output)) return tflc_depthwise_conv_2d_dispatch_kernel.prepare(ctx, node);
  node->kernel = &dw_reference;
  TfLiteStatus s = tflc_depthwise_conv_2d_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx) || !constant_weights(filter, bias)) return s;
  tflc_conv_geometry g;
  s = tflc_conv_window_geometry(ctx, node, true, input, filter, &g);
  if (s != kTfLiteOk) return s;
  if (g.out_ch != g.in_ch || g.in_ch <= 0 || g.out_h <= 0 || g.out_w <= 0) return kTfLiteOk; /* multiplier > 1 */
  s = dw_prepare_fast(ctx, node, &g, filter, bias);
  if (s == kTfLiteOk) node->kernel = &dw_fast;
  return s;
}

const tflc_kernel tflc_depthwise_conv_2d_f32_dispatch_kernel = {"DEPTHWISE_CONV_2D", dw_dispatch_prepare,
                                                                dw_reference_invoke};
