/*
** floatconv_planar.c — float32 CONV_2D over few input channels (an image's first layer: 3
** channels in, 8 to 32 out) on the planar convolution microkernel (floatconv.h).
**
** Why: as a GEMM over HWC rows such a layer has rows of 27 floats and 8 to 32 columns, so
** most of each 16-lane block is empty (8 channels: half) and the per-pixel segment pointers
** cost as much as the arithmetic. Here each input row is deinterleaved once into planes, one
** per input channel and phase of the horizontal stride (plane q*in_ch + ci holds input columns
** stride*j + q of channel ci, zero-padded on both sides), so that a tap's inputs for 16
** consecutive output pixels are one vector load, multiplied by 8 output channels' weights.
**
** Each output element starts at its bias and adds its taps in the fixed order (fy, fx, ci);
** filter rows above or below the image read a plane of zeros. Threads take contiguous runs
** of output rows and keep the planes of the last filter_h input rows they built, so an input
** row shared by consecutive output rows (stride < filter height) is deinterleaved once per run.
*/
#include <string.h>

#include "kernels/floatconv_planar.h"

#include "kernels/floatconv.h"
#include "runtime/kernel.h"
#include "runtime/threadpool.h"

enum { PLANAR_MAX_IN_CH = 4, PLANAR_MAX_STRIDE = 2 };

typedef struct planar_op {
  tflc_conv_geometry g;
  const tflc_fconv_config *cfg;
  tflc_f32_minmax_params params;
  size_t ntaps;        /* filter_h * filter_w * in_ch */
  size_t planes;       /* per input row: stride_w * in_ch (plane q*in_ch + ci: column phase q, channel ci) */
  size_t plane_len;    /* floats per plane (a multiple of 16) */
  size_t margin;       /* plane element of output column 0's leftmost tap offset: zeros before input column 0 */
  size_t threads, scratch_per_thread;
  float *packed;       /* 64-byte aligned, inside this block */
} planar_op;

/* floor(a / b) for b > 0. */
static int32_t floor_div(int32_t a, int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* Small filters and paddings keep the planes' margins (and the scratch) small; others take the GEMM. */
bool tflc_fplanar_applies(const tflc_conv_geometry *g) {
  return g->in_ch >= 1 && g->in_ch <= PLANAR_MAX_IN_CH && g->stride_w >= 1 && g->stride_w <= PLANAR_MAX_STRIDE &&
         g->out_w >= 8 && (int64_t)g->in_w * g->in_ch < ((int64_t)1 << 28) && g->filter_w <= 16 &&
         g->filter_h <= 16 && (int64_t)g->dilation_w * (g->filter_w - 1) <= 64 && g->pad_w >= 0 && g->pad_w <= 64;
}

/*
** Plane geometry: tap column fx of output column ox reads input column s*ox + d (d = fx*dil -
** pad), which is plane q = d mod s, element ox + floor(d / s) + margin.
*/
static void plane_geometry(const tflc_conv_geometry *g, size_t *margin, size_t *plane_len) {
  int32_t s = g->stride_w, d_min = -g->pad_w, d_max = (g->filter_w - 1) * g->dilation_w - g->pad_w;
  int32_t lo = floor_div(d_min, s), hi = floor_div(d_max, s);
  *margin = lo < 0 ? (size_t)-lo : 0;
  size_t pixels16 = ((size_t)g->out_w + 15) & ~(size_t)15;
  size_t len = *margin + pixels16 + (hi > 0 ? (size_t)hi : 0);
  *plane_len = (len + 15) & ~(size_t)15;
}

TfLiteStatus tflc_fplanar_prepare(tflc_context *ctx, tflc_node *node, const tflc_conv_geometry *g,
                                  const TfLiteTensor *filter, const TfLiteTensor *bias, tflc_activation act) {
  size_t ntaps = (size_t)g->filter_h * (size_t)g->filter_w * (size_t)g->in_ch, n = (size_t)g->out_ch;
  size_t packed = tflc_fplanar_packed_size(n, ntaps);
  if (packed == 0 || packed > SIZE_MAX / 2)
    return tflc_kernel_error(ctx, node, "weights of %zu x %zu cannot be packed", n, ntaps);
  planar_op *op = tflc_alloc_op_data(ctx, node, sizeof(planar_op) + 64 + packed);
  if (!op) return kTfLiteError;
  uintptr_t p = (uintptr_t)((uint8_t *)op + sizeof(planar_op));
  op->packed = (float *)((p + 63) & ~(uintptr_t)63);
  op->g = *g;
  op->cfg = tflc_fconv_config_get();
  op->ntaps = ntaps;
  op->planes = (size_t)g->in_ch * (size_t)g->stride_w;
  plane_geometry(g, &op->margin, &op->plane_len);
  tflc_float_activation_range(act, &op->params.min, &op->params.max);
  tflc_fplanar_pack(n, ntaps, filter->data.f, bias ? bias->data.f : NULL, op->packed);
  op->threads = tflc_conv_op_threads(ctx);
  /* Per thread: the zero plane, filter_h slots of planes, their row tags, the tap pointers.
     Sizes are small multiples of int32 image dimensions: no overflow on 64-bit size_t. */
  size_t floats = op->plane_len * (1 + (size_t)g->filter_h * op->planes);
  size_t bytes = floats * sizeof(float) + (size_t)g->filter_h * sizeof(int64_t) + ntaps * sizeof(float *);
  op->scratch_per_thread = (bytes + 63) & ~(size_t)63;
  return tflc_request_scratch(ctx, node, op->scratch_per_thread * op->threads);
}

/* One thread's scratch: the zero plane, slots of planes with the input row each holds, taps. */
typedef struct planar_scratch {
  float *zero;
  float *slots;   /* [filter_h][planes][plane_len] */
  int64_t *tags;  /* input row (batch * in_h + iy) held by each slot, -1 for none */
  const float **taps;
} planar_scratch;

static planar_scratch thread_scratch(const planar_op *op, uint8_t *base) {
  planar_scratch s;
  size_t slot_floats = op->planes * op->plane_len;
  s.zero = (float *)base;
  s.slots = s.zero + op->plane_len;
  s.tags = (int64_t *)(s.slots + (size_t)op->g.filter_h * slot_floats);
  s.taps = (const float **)(s.tags + op->g.filter_h);
  return s;
}

/*
** Deinterleaves input row `in_row` into the planes at dst (plane q*in_ch + ci: column phase q,
** channel ci), zeros outside the image: the row's groups of stride_w pixels are the
** microkernel's groups of stride_w*in_ch floats; a last group cut by the image's right edge is
** copied one float at a time.
*/
static void build_planes(const planar_op *op, const float *in_row, float *dst) {
  const tflc_conv_geometry *g = &op->g;
  size_t s = (size_t)g->stride_w, ch = (size_t)g->in_ch, len = op->plane_len, m = op->margin;
  size_t groups = (size_t)g->in_w / s, cut = (size_t)g->in_w % s; /* pixels of the cut group */
  if (groups > len - m) groups = len - m, cut = 0;                  /* columns no output reads */
  for (size_t k = 0; k < s * ch; k++) memset(dst + k * len, 0, m * sizeof(float));
  op->cfg->deinterleave(groups, s * ch, in_row, dst + m, len);
  for (size_t k = 0; k < s * ch; k++) {
    float *plane = dst + k * len;
    size_t end = m + groups;
    if (end < len && k < cut * ch) plane[end++] = in_row[groups * s * ch + k];
    memset(plane + end, 0, (len - end) * sizeof(float));
  }
}

/*
** The planes of input row `row` (batch * in_h + iy) in a slot: the one that holds it, else one
** whose row the current window does not need (window[0..filter_h) lists the rows in use).
*/
static const float *row_planes(const planar_op *op, const planar_scratch *s, const float *input, int64_t row,
                               const int64_t *window) {
  size_t fh = (size_t)op->g.filter_h, slot_floats = op->planes * op->plane_len;
  for (size_t k = 0; k < fh; k++)
    if (s->tags[k] == row) return s->slots + k * slot_floats;
  for (size_t k = 0; k < fh; k++) {
    bool in_use = false; /* an empty slot (tag -1) never is, though outside rows are -1 too */
    for (size_t f = 0; f < fh && !in_use; f++) in_use = s->tags[k] >= 0 && window[f] == s->tags[k];
    if (in_use) continue;
    s->tags[k] = row;
    float *dst = s->slots + k * slot_floats;
    build_planes(op, input + (size_t)row * (size_t)op->g.in_w * (size_t)op->g.in_ch, dst);
    return dst;
  }
  return NULL; /* unreachable: at most filter_h rows are in use */
}

typedef struct planar_job {
  const planar_op *op;
  const float *input;
  float *output;
  uint8_t *scratch;
} planar_job;

/* Output rows [begin, end) (over batches x out_h) on one thread. */
static void planar_task(void *arg, size_t thread, size_t begin, size_t end) {
  const planar_job *job = arg;
  const planar_op *op = job->op;
  const tflc_conv_geometry *g = &op->g;
  planar_scratch s = thread_scratch(op, job->scratch + thread * op->scratch_per_thread);
  memset(s.zero, 0, op->plane_len * sizeof(float));
  for (int32_t k = 0; k < g->filter_h; k++) s.tags[k] = -1;
  int64_t window[16];
  const float *planes[16];
  size_t n = (size_t)g->out_ch, groups = (n + TFLC_FPLANAR_GROUP - 1) / TFLC_FPLANAR_GROUP;
  for (size_t row = begin; row < end; row++) {
    int32_t b = (int32_t)(row / (size_t)g->out_h), oy = (int32_t)(row % (size_t)g->out_h);
    for (int32_t fy = 0; fy < g->filter_h; fy++) {
      int32_t iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
      window[fy] = iy >= 0 && iy < g->in_h ? (int64_t)b * g->in_h + iy : -1;
    }
    for (int32_t fy = 0; fy < g->filter_h; fy++)
      planes[fy] = window[fy] < 0 ? NULL : row_planes(op, &s, job->input, window[fy], window);
    size_t t = 0;
    for (int32_t fy = 0; fy < g->filter_h; fy++)
      for (int32_t fx = 0; fx < g->filter_w; fx++) {
        int32_t d = fx * g->dilation_w - g->pad_w, q = d - floor_div(d, g->stride_w) * g->stride_w;
        size_t element = (size_t)((int64_t)op->margin + floor_div(d, g->stride_w));
        for (int32_t ci = 0; ci < g->in_ch; ci++, t++)
          s.taps[t] = planes[fy] ? planes[fy] + ((size_t)q * (size_t)g->in_ch + (size_t)ci) * op->plane_len + element
                                 : s.zero;
      }
    float *out = job->output + row * (size_t)g->out_w * n;
    for (size_t grp = 0; grp < groups; grp++) {
      size_t c0 = grp * TFLC_FPLANAR_GROUP, channels = n - c0 < TFLC_FPLANAR_GROUP ? n - c0 : TFLC_FPLANAR_GROUP;
      op->cfg->planarconv((size_t)g->out_w, channels, op->ntaps, s.taps,
                          op->packed + grp * (op->ntaps + 1) * TFLC_FPLANAR_GROUP, out + c0, n, &op->params);
    }
  }
}

TfLiteStatus tflc_fplanar_invoke(tflc_context *ctx, tflc_node *node) {
  const planar_op *op = node->op_data;
  planar_job job = {op, tflc_input(ctx, node, 0)->data.f, tflc_output(ctx, node, 0)->data.f, node->scratch};
  size_t rows = (size_t)op->g.batches * (size_t)op->g.out_h;
  size_t macs = rows * (size_t)op->g.out_w * (size_t)op->g.out_ch * op->ntaps;
  tflc_parallel_for(ctx, macs < TFLC_CONV_MIN_PARALLEL_MACS ? 1 : op->threads, rows, planar_task, &job);
  return kTfLiteOk;
}
