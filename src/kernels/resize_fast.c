/*
** resize_fast.c — float RESIZE_BILINEAR with its interpolation tables computed once at prepare
** and output rows split over the interpreter's threads (DeepLab's last op upsamples 65x65x21
** to 257x257x21, about a tenth of the model's time on the reference loop).
**
** Prepares with the reference kernel (resize.c), then, for FLOAT32 outside TFLite's special
** 2x2 case and unless reference kernels are forced, keeps per output row and column the two
** source indices and the fraction, and switches node->kernel to the fast invoke. Each output
** element is computed with the reference's float operations in the reference's order
** (corner weights (1-dy)(1-dx), (1-dy)dx, dy(1-dx), dy*dx, then the four products summed left
** to right), so the fast path gives the reference's bits at any thread count.
*/
#include "kernels/resize.h"
#include "runtime/kernel.h"
#include "runtime/threadpool.h"

extern const tflc_kernel tflc_resize_bilinear_kernel;

/* Source of one output coordinate: the two neighbours (clamped) and the fraction. */
typedef struct resize_tap {
  int32_t lower, upper;
  float frac;
} resize_tap;

typedef struct resize_fast_op {
  int32_t batches, in_h, in_w, depth, out_h, out_w;
  size_t threads;
  resize_tap *rows; /* [out_h] (in this block) */
  resize_tap *cols; /* [out_w] (in this block) */
} resize_fast_op;

/* The tap of one output coordinate (tflc_resize_interpolation, as the reference computes it). */
static resize_tap interpolation_tap(int32_t value, float scale, bool half_pixel_centers, int32_t in_size) {
  float v;
  resize_tap t;
  tflc_resize_interpolation(value, scale, half_pixel_centers, in_size, &v, &t.lower, &t.upper);
  t.frac = v - (float)t.lower;
  return t;
}

typedef struct resize_job {
  const resize_fast_op *op;
  const float *input;
  float *output;
} resize_job;

/* Output rows [begin, end) over batches x out_h. */
static void resize_task(void *arg, size_t thread, size_t begin, size_t end) {
  const resize_job *job = arg;
  const resize_fast_op *op = job->op;
  size_t depth = (size_t)op->depth, in_row = (size_t)op->in_w * depth;
  for (size_t row = begin; row < end; row++) {
    size_t b = row / (size_t)op->out_h;
    const resize_tap *ty = &op->rows[row % (size_t)op->out_h];
    const float *image = job->input + b * (size_t)op->in_h * in_row;
    const float *r0 = image + (size_t)ty->lower * in_row, *r1 = image + (size_t)ty->upper * in_row;
    const float dy = ty->frac;
    float *out = job->output + row * (size_t)op->out_w * depth;
    for (int32_t x = 0; x < op->out_w; x++, out += depth) {
      const resize_tap *tx = &op->cols[x];
      const float dx = tx->frac;
      const float w0 = (1 - dy) * (1 - dx), w1 = (1 - dy) * dx, w2 = dy * (1 - dx), w3 = dy * dx;
      const float *i0 = r0 + (size_t)tx->lower * depth, *i1 = r0 + (size_t)tx->upper * depth;
      const float *i2 = r1 + (size_t)tx->lower * depth, *i3 = r1 + (size_t)tx->upper * depth;
      for (size_t d = 0; d < depth; d++) out[d] = i0[d] * w0 + i1[d] * w1 + i2[d] * w2 + i3[d] * w3;
    }
  }
}

static TfLiteStatus resize_fast_invoke(tflc_context *ctx, tflc_node *node) {
  const resize_fast_op *op = node->op_data;
  resize_job job = {op, tflc_input(ctx, node, 0)->data.f, tflc_output(ctx, node, 0)->data.f};
  size_t rows = (size_t)op->batches * (size_t)op->out_h;
  size_t elements = rows * (size_t)op->out_w * (size_t)op->depth;
  tflc_parallel_for(ctx, elements < (1 << 16) ? 1 : op->threads, rows, resize_task, &job);
  return kTfLiteOk;
}

static TfLiteStatus resize_dispatch_prepare(tflc_context *ctx, tflc_node *node);
static const tflc_kernel resize_fast = {"RESIZE_BILINEAR", resize_dispatch_prepare, resize_fast_invoke};
static TfLiteStatus resize_reference_invoke(tflc_context *ctx, tflc_node *node) {
  return tflc_resize_bilinear_kernel.invoke(ctx, node);
}
static const tflc_kernel resize_reference = {"RESIZE_BILINEAR", resize_dispatch_prepare, resize_reference_invoke};

/* Reference prepare (validation, output shape), then the tables for float inputs. */
static TfLiteStatus resize_dispatch_prepare(tflc_context *ctx, tflc_node *node) {
  node->kernel = &resize_reference;
  TfLiteStatus s = tflc_resize_bilinear_kernel.prepare(ctx, node);
  if (s != kTfLiteOk || tflc_use_reference_kernels(ctx)) return s;
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *output = tflc_output(ctx, node, 0);
  if (input->type != kTfLiteFloat32) return kTfLiteOk;
  tflc_fb_table o = tflc_node_options(node, TFLC_RESIZE_OPTIONS_BILINEAR);
  bool align_corners = tflc_fb_u8(&o, TFLC_BILINEAR_ALIGN_CORNERS, 0) != 0;
  bool half_pixel_centers = tflc_fb_u8(&o, TFLC_BILINEAR_HALF_PIXEL_CENTERS, 0) != 0;
  int32_t in_h = tflc_dim(input, 1), in_w = tflc_dim(input, 2), out_h = tflc_dim(output, 1), out_w = tflc_dim(output, 2);
  /* TFLite's 2x2 special case rounds differently: it stays on the reference kernel. */
  if (!align_corners && !half_pixel_centers && out_h == 2 * in_h && out_w == 2 * in_w) return kTfLiteOk;
  if (tflc_dim(input, 0) <= 0 || tflc_dim(input, 3) <= 0) return kTfLiteOk; /* empty: reference */
  size_t size = sizeof(resize_fast_op) + ((size_t)out_h + (size_t)out_w) * sizeof(resize_tap); /* sizes < 2^20 */
  resize_fast_op *op = tflc_alloc_op_data(ctx, node, size);
  if (!op) return kTfLiteError;
  op->batches = tflc_dim(input, 0);
  op->in_h = in_h;
  op->in_w = in_w;
  op->depth = tflc_dim(input, 3);
  op->out_h = out_h;
  op->out_w = out_w;
  op->threads = tflc_num_threads(ctx) > 1 ? (size_t)tflc_num_threads(ctx) : 1;
  op->rows = (resize_tap *)(op + 1);
  op->cols = op->rows + out_h;
  float height_scale = tflc_resize_scale(in_h, out_h, align_corners), width_scale = tflc_resize_scale(in_w, out_w, align_corners);
  for (int32_t y = 0; y < out_h; y++) op->rows[y] = interpolation_tap(y, height_scale, half_pixel_centers, in_h);
  for (int32_t x = 0; x < out_w; x++) op->cols[x] = interpolation_tap(x, width_scale, half_pixel_centers, in_w);
  node->kernel = &resize_fast;
  return kTfLiteOk;
}

const tflc_kernel tflc_resize_bilinear_dispatch_kernel = {"RESIZE_BILINEAR", resize_dispatch_prepare,
                                                          resize_reference_invoke};
