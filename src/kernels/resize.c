/*
** resize.c — RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR on NHWC tensors, reproducing
** TensorFlow Lite 2.9's builtin kernels (kernels/resize_bilinear.cc and
** resize_nearest_neighbor.cc with kGenericOptimized), which produced the golden data.
**
** Bilinear, for output row y (and likewise column x), with scale = in/out, or
** (in-1)/(out-1) under align_corners (float division):
**   v = half_pixel_centers ? (y + 0.5) * scale - 0.5 : y * scale        (float)
**   y0 = max(floor(v), 0), y1 = min(ceil(v), in - 1), dy = v - y0
** float32: optimized_ops::ResizeBilinear. Exact 2x upsampling without either flag takes
**   ResizeBilinear2x2 (averages of neighbours); anything else sums the four corners
**   in[y0,x0]*(1-dy)(1-dx) + in[y0,x1]*(1-dy)dx + in[y1,x0]*dy(1-dx) + in[y1,x1]*dy*dx in that order.
** uint8: optimized ResizeBilinearGenericSmallChannel: the same float sum plus 0.5, truncated
**   (rounds, unlike the reference kernel, which truncates).
** int8: reference ResizeBilinearInteger: 10-bit fixed-point positions and weights,
**   (sum + 2^19 * sign) / 2^20.
** Nearest neighbour: input row min(floor((y + offset) * scale), in - 1) (offset 0.5 with
**   half_pixel_centers, then max 0), or round-half-away((y + offset) * scale) under
**   align_corners. uint8 without either flag takes optimized_ops::ResizeNearestNeighbor's
**   16.16 fixed point: min((y * ((in << 16) / out + 1)) >> 16, in - 1).
** The size input (int32 [2]: height, width) must be constant: tflc fixes shapes in prepare.
*/
#include <math.h>

#include "kernels/quant.h"
#include "kernels/resize.h"
#include "runtime/kernel.h"

enum { RESIZE_OPTIONS_NEAREST = 74 };
/* ResizeNearestNeighborOptions fields. */
enum { NEAREST_ALIGN_CORNERS = 0, NEAREST_HALF_PIXEL_CENTERS = 1 };

typedef struct resize_op_data {
  int32_t batches, in_h, in_w, depth, out_h, out_w;
  bool align_corners, half_pixel_centers;
  float height_scale, width_scale;
} resize_op_data;

/* optimized ResizeBilinear2x2 for float: output (2y..2y+1, 2x..2x+1) from input (y, x) and its neighbours. */
static void bilinear_2x2_f32(const resize_op_data *p, const float *in, float *out) {
  const int32_t d = p->depth;
  for (int32_t b = 0; b < p->batches; b++)
    for (int32_t y0 = 0; y0 < p->in_h; y0++)
      for (int32_t x0 = 0; x0 < p->in_w; x0++) {
        int32_t x1 = x0 + 1 < p->in_w ? x0 + 1 : p->in_w - 1, y1 = y0 + 1 < p->in_h ? y0 + 1 : p->in_h - 1;
        const float *i00 = in + (((int64_t)b * p->in_h + y0) * p->in_w + x0) * d;
        const float *i01 = in + (((int64_t)b * p->in_h + y0) * p->in_w + x1) * d;
        const float *i10 = in + (((int64_t)b * p->in_h + y1) * p->in_w + x0) * d;
        const float *i11 = in + (((int64_t)b * p->in_h + y1) * p->in_w + x1) * d;
        float *o00 = out + (((int64_t)b * p->out_h + 2 * y0) * p->out_w + 2 * x0) * d;
        float *o01 = o00 + d, *o10 = o00 + (int64_t)p->out_w * d, *o11 = o10 + d;
        for (int32_t c = 0; c < d; c++) {
          o00[c] = i00[c];
          o01[c] = (i00[c] + i01[c]) / 2;
          float bottom_left = (i00[c] + i10[c]) / 2;
          o10[c] = bottom_left;
          o11[c] = (bottom_left + (i01[c] + i11[c]) / 2) / 2;
        }
      }
}

/* The four corner weights and offsets of output pixel (y, x), shared by float and uint8. */
typedef struct corners {
  int64_t offset[4]; /* element offsets of (y0,x0), (y0,x1), (y1,x0), (y1,x1) */
  float weight[4];
} corners;

static corners bilinear_corners(const resize_op_data *p, int32_t b, int32_t y, int32_t x) {
  float vy, vx;
  int32_t y0, y1, x0, x1;
  tflc_resize_interpolation(y, p->height_scale, p->half_pixel_centers, p->in_h, &vy, &y0, &y1);
  tflc_resize_interpolation(x, p->width_scale, p->half_pixel_centers, p->in_w, &vx, &x0, &x1);
  const float dy = vy - (float)y0, dx = vx - (float)x0;
  corners c;
  const int64_t row0 = ((int64_t)b * p->in_h + y0) * p->in_w, row1 = ((int64_t)b * p->in_h + y1) * p->in_w;
  c.offset[0] = (row0 + x0) * p->depth;
  c.offset[1] = (row0 + x1) * p->depth;
  c.offset[2] = (row1 + x0) * p->depth;
  c.offset[3] = (row1 + x1) * p->depth;
  c.weight[0] = (1 - dy) * (1 - dx);
  c.weight[1] = (1 - dy) * dx;
  c.weight[2] = dy * (1 - dx);
  c.weight[3] = dy * dx;
  return c;
}

static void bilinear_f32(const resize_op_data *p, const float *in, float *out) {
  for (int32_t b = 0; b < p->batches; b++)
    for (int32_t y = 0; y < p->out_h; y++)
      for (int32_t x = 0; x < p->out_w; x++) {
        corners c = bilinear_corners(p, b, y, x);
        for (int32_t d = 0; d < p->depth; d++)
          *out++ = in[c.offset[0] + d] * c.weight[0] + in[c.offset[1] + d] * c.weight[1] +
                   in[c.offset[2] + d] * c.weight[2] + in[c.offset[3] + d] * c.weight[3];
      }
}

static void bilinear_u8(const resize_op_data *p, const uint8_t *in, uint8_t *out) {
  for (int32_t b = 0; b < p->batches; b++)
    for (int32_t y = 0; y < p->out_h; y++)
      for (int32_t x = 0; x < p->out_w; x++) {
        corners c = bilinear_corners(p, b, y, x);
        for (int32_t d = 0; d < p->depth; d++) {
          float v = (float)in[c.offset[0] + d] * c.weight[0] + (float)in[c.offset[1] + d] * c.weight[1] +
                    (float)in[c.offset[2] + d] * c.weight[2] + (float)in[c.offset[3] + d] * c.weight[3] + 0.5f;
          *out++ = (uint8_t)v;
        }
      }
}

/* ComputeInterpolationValuesInteger: position in 1/1024ths and its two neighbours. */
static void interpolation_values_10(int32_t value, int32_t scale_10, bool half_pixel_centers, int32_t in_size,
                                    int32_t *scaled, int32_t *lower, int32_t *upper) {
  int32_t v = half_pixel_centers ? value * scale_10 + scale_10 / 2 - (1 << 9) : value * scale_10;
  int32_t lo = v / (1 << 10), hi = (v + (1 << 10) - 1) / (1 << 10);
  *scaled = v;
  *lower = lo > 0 ? lo : 0;
  *upper = hi < in_size - 1 ? hi : in_size - 1;
}

/* The 10-bit scale of one dimension (ResizeBilinearInteger). */
static int32_t scale_10(int32_t in, int32_t out, bool align_corners) {
  if (align_corners && out > 1) return ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
  return ((1 << 10) * in + out / 2) / out;
}

static void bilinear_i8(const resize_op_data *p, const int8_t *in, int8_t *out) {
  const int32_t sh = scale_10(p->in_h, p->out_h, p->align_corners), sw = scale_10(p->in_w, p->out_w, p->align_corners);
  for (int32_t b = 0; b < p->batches; b++)
    for (int32_t y = 0; y < p->out_h; y++) {
      int32_t vy, y0, y1;
      interpolation_values_10(y, sh, p->half_pixel_centers, p->in_h, &vy, &y0, &y1);
      const int64_t wy1 = vy - (1 << 10) * y0, wy0 = (1 << 10) - wy1;
      for (int32_t x = 0; x < p->out_w; x++) {
        int32_t vx, x0, x1;
        interpolation_values_10(x, sw, p->half_pixel_centers, p->in_w, &vx, &x0, &x1);
        const int64_t wx1 = vx - (1 << 10) * x0, wx0 = (1 << 10) - wx1;
        const int64_t row0 = ((int64_t)b * p->in_h + y0) * p->in_w, row1 = ((int64_t)b * p->in_h + y1) * p->in_w;
        const int8_t *i00 = in + (row0 + x0) * p->depth, *i01 = in + (row0 + x1) * p->depth;
        const int8_t *i10 = in + (row1 + x0) * p->depth, *i11 = in + (row1 + x1) * p->depth;
        for (int32_t d = 0; d < p->depth; d++) {
          int64_t v = i00[d] * wy0 * wx0 + i10[d] * wy1 * wx0 + i01[d] * wy0 * wx1 + i11[d] * wy1 * wx1;
          int64_t round = v > 0 ? (1 << 19) : -(1 << 19);
          *out++ = (int8_t)((v + round) / (1 << 20));
        }
      }
    }
}

/* GetNearestNeighbor (reference_ops): the input index of output index `v` along one dimension. */
static int32_t nearest_index(int32_t v, int32_t in, float scale, bool align_corners, bool half_pixel_centers) {
  const float offset = half_pixel_centers ? 0.5f : 0.0f;
  const float pos = ((float)v + offset) * scale;
  int32_t r = align_corners ? (int32_t)tflc_roundf(pos) : (int32_t)floorf(pos);
  if (r > in - 1) r = in - 1;
  if (half_pixel_centers && r < 0) r = 0;
  return r;
}

/* Copies `elem`-byte channels of the nearest input pixel to every output pixel. */
static void nearest(const resize_op_data *p, size_t elem, const uint8_t *in, uint8_t *out) {
  const bool fixed_point = elem == 1 && !p->align_corners && !p->half_pixel_centers && p->in_h < (1 << 15) &&
                           p->in_w < (1 << 15);
  const int32_t hs16 = (p->in_h << 16) / p->out_h + 1, ws16 = (p->in_w << 16) / p->out_w + 1;
  const size_t pixel = (size_t)p->depth * elem;
  for (int32_t b = 0; b < p->batches; b++)
    for (int32_t y = 0; y < p->out_h; y++) {
      int32_t iy = fixed_point ? (int32_t)(((int64_t)y * hs16) >> 16)
                               : nearest_index(y, p->in_h, p->height_scale, p->align_corners, p->half_pixel_centers);
      if (iy > p->in_h - 1) iy = p->in_h - 1;
      for (int32_t x = 0; x < p->out_w; x++) {
        int32_t ix = fixed_point ? (int32_t)(((int64_t)x * ws16) >> 16)
                                 : nearest_index(x, p->in_w, p->width_scale, p->align_corners, p->half_pixel_centers);
        if (ix > p->in_w - 1) ix = p->in_w - 1;
        const uint8_t *src = in + ((((size_t)b * p->in_h + iy) * p->in_w + ix) * pixel);
        for (size_t k = 0; k < pixel; k++) *out++ = src[k];
      }
    }
}

static TfLiteStatus resize_prepare(tflc_context *ctx, tflc_node *node, bool bilinear) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 2 && node->noutputs == 1, "expected 2 inputs and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0), *size = tflc_input(ctx, node, 1);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && size && output, "an input or the output tensor is missing");
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(input) == 4, "input must be 4-D (NHWC), has %d dimensions", tflc_ndims(input));
  TFLC_ENSURE_MSG(ctx, node, size->type == kTfLiteInt32 && tflc_ndims(size) == 1 && tflc_dim(size, 0) == 2,
                  "size must be an INT32 vector of 2 (height, width)");
  TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(size) && size->data.i32, "size must be a constant tensor");
  output->type = input->type;
  bool ok_type = input->type == kTfLiteFloat32 || input->type == kTfLiteUInt8 || input->type == kTfLiteInt8 ||
                 (!bilinear && input->type == kTfLiteInt16);
  TFLC_ENSURE_MSG(ctx, node, ok_type, "type %s is not supported (FLOAT32, UINT8, INT8%s)",
                  TfLiteTypeGetName(input->type), bilinear ? "" : ", INT16");
  const int32_t out_h = size->data.i32[0], out_w = size->data.i32[1];
  TFLC_ENSURE_MSG(ctx, node, out_h > 0 && out_w > 0, "output size %d x %d must be positive", (int)out_h, (int)out_w);
  resize_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  tflc_fb_table o = tflc_node_options(node, bilinear ? TFLC_RESIZE_OPTIONS_BILINEAR : RESIZE_OPTIONS_NEAREST);
  p->align_corners = tflc_fb_u8(&o, bilinear ? TFLC_BILINEAR_ALIGN_CORNERS : NEAREST_ALIGN_CORNERS, 0) != 0;
  p->half_pixel_centers = tflc_fb_u8(&o, bilinear ? TFLC_BILINEAR_HALF_PIXEL_CENTERS : NEAREST_HALF_PIXEL_CENTERS, 0) != 0;
  TFLC_ENSURE_MSG(ctx, node, !(bilinear && p->align_corners && p->half_pixel_centers),
                  "align_corners and half_pixel_centers cannot both be set");
  p->batches = tflc_dim(input, 0);
  p->in_h = tflc_dim(input, 1);
  p->in_w = tflc_dim(input, 2);
  p->depth = tflc_dim(input, 3);
  p->out_h = out_h;
  p->out_w = out_w;
  TFLC_ENSURE_MSG(ctx, node, p->in_h > 0 && p->in_w > 0, "input is %d x %d: there is nothing to resize from",
                  (int)p->in_h, (int)p->in_w);
  /* The int8 path computes (1 << 10) * in and y * scale_10 in int32. */
  TFLC_ENSURE_MSG(ctx, node, p->in_h < (1 << 20) && p->in_w < (1 << 20) && out_h < (1 << 20) && out_w < (1 << 20),
                  "sizes over 2^20 are not supported (input %d x %d, output %d x %d)", (int)p->in_h, (int)p->in_w,
                  (int)out_h, (int)out_w);
  if (bilinear && input->type == kTfLiteInt8)
    TFLC_ENSURE_MSG(ctx, node, (int64_t)out_h * ((1 << 10) * (int64_t)p->in_h + out_h) < INT32_MAX &&
                                   (int64_t)out_w * ((1 << 10) * (int64_t)p->in_w + out_w) < INT32_MAX,
                    "sizes too large for the 10-bit fixed-point int8 path");
  p->height_scale = tflc_resize_scale(p->in_h, out_h, p->align_corners);
  p->width_scale = tflc_resize_scale(p->in_w, out_w, p->align_corners);
  int32_t dims[4] = {p->batches, out_h, out_w, p->depth};
  return tflc_resize_output(ctx, output, 4, dims);
}

static TfLiteStatus bilinear_prepare(tflc_context *ctx, tflc_node *node) { return resize_prepare(ctx, node, true); }
static TfLiteStatus nearest_prepare(tflc_context *ctx, tflc_node *node) { return resize_prepare(ctx, node, false); }

static TfLiteStatus bilinear_invoke(tflc_context *ctx, tflc_node *node) {
  const resize_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  switch (input->type) {
    case kTfLiteFloat32:
      if (!p->align_corners && !p->half_pixel_centers && p->out_h == 2 * p->in_h && p->out_w == 2 * p->in_w)
        bilinear_2x2_f32(p, input->data.f, output->data.f);
      else
        bilinear_f32(p, input->data.f, output->data.f);
      break;
    case kTfLiteUInt8: bilinear_u8(p, input->data.uint8, output->data.uint8); break;
    case kTfLiteInt8: bilinear_i8(p, input->data.int8, output->data.int8); break;
    default: return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(input->type));
  }
  return kTfLiteOk;
}

static TfLiteStatus nearest_invoke(tflc_context *ctx, tflc_node *node) {
  const resize_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  size_t elem = input->type == kTfLiteFloat32 ? 4 : (input->type == kTfLiteInt16 ? 2 : 1);
  nearest(p, elem, input->data.uint8, output->data.uint8);
  return kTfLiteOk;
}

const tflc_kernel tflc_resize_bilinear_kernel = {"RESIZE_BILINEAR", bilinear_prepare, bilinear_invoke};
const tflc_kernel tflc_resize_nearest_neighbor_kernel = {"RESIZE_NEAREST_NEIGHBOR", nearest_prepare, nearest_invoke};
