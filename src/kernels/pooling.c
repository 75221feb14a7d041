/*
** pooling.c — AVERAGE_POOL_2D and MAX_POOL_2D on NHWC float32, uint8 and int8.
**
** Reproduces TensorFlow Lite 2.9's builtin kernels (kernels/pooling.cc, kGenericOptimized),
** which produced the golden data. Those call optimized_ops::AveragePool/MaxPool (uint8) and
** optimized_integer_ops::AveragePool/MaxPool (int8); on x86-64 without NEON their scalar
** code does the same arithmetic as the reference kernels:
**   - only in-bounds taps count (padding is excluded from the average);
**   - uint8 average: (sum + count/2) / count, so halves round up;
**   - int8 average: halves round away from zero (the sum may be negative);
**   - float average: the sum in row-major tap order, divided by the count;
**   - max: the largest in-bounds tap; then the fused activation clamps.
** Input and output share scale and zero point (TFLite assumes it), so there is no requantization.
*/
#include <math.h>

#include "kernels/quant.h"
#include "runtime/kernel.h"

/* Pool2DOptions fields (schema.fbs). */
enum { POOL_PADDING = 0, POOL_STRIDE_W = 1, POOL_STRIDE_H = 2, POOL_FILTER_W = 3, POOL_FILTER_H = 4, POOL_ACTIVATION = 5 };

/* Everything invoke needs, fixed at prepare. */
typedef struct pool_geometry {
  int32_t batches, in_h, in_w, depth;
  int32_t out_h, out_w;
  int32_t stride_h, stride_w, filter_h, filter_w;
  int32_t pad_h, pad_w; /* padding before the first row/column */
} pool_geometry;

typedef struct pool_op_data {
  pool_geometry g;
  float f_min, f_max;   /* fused activation range for float */
  int32_t q_min, q_max; /* fused activation range for uint8/int8 */
} pool_op_data;

/* The in-bounds part [*y0,*y1) x [*x0,*x1) of the window of output pixel (oy, ox). */
static void window(const pool_geometry *g, int32_t oy, int32_t ox, int32_t *y0, int32_t *y1, int32_t *x0, int32_t *x1) {
  int32_t iy = oy * g->stride_h - g->pad_h, ix = ox * g->stride_w - g->pad_w;
  *y0 = iy < 0 ? 0 : iy;
  *x0 = ix < 0 ? 0 : ix;
  *y1 = iy + g->filter_h < g->in_h ? iy + g->filter_h : g->in_h;
  *x1 = ix + g->filter_w < g->in_w ? ix + g->filter_w : g->in_w;
}

/*
** The average pools walk each window tap by tap and add a tap's channels into accumulators
** for up to POOL_CHUNK channels at once: contiguous reads that the compiler vectorizes, where
** summing one channel at a time would stride through memory `depth` bytes apart. Each
** channel still adds its taps in row-major order, so float sums are bit-identical.
*/
enum { POOL_CHUNK = 64 };

/* Pixel (b, y, x)'s first channel in an NHWC tensor of the input's geometry. */
static int64_t input_pixel(const pool_geometry *g, int32_t b, int32_t y, int32_t x) {
  return (((int64_t)b * g->in_h + y) * g->in_w + x) * g->depth;
}

/* in: (batches, in_h, in_w, depth); out: (batches, out_h, out_w, depth). */
static void average_pool_f32(const pool_op_data *p, const float *in, float *out) {
  const pool_geometry *g = &p->g;
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        int32_t y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        float count = (float)((y1 - y0) * (x1 - x0));
        float *o = out + (((int64_t)b * g->out_h + oy) * g->out_w + ox) * g->depth;
        for (int32_t c0 = 0; c0 < g->depth; c0 += POOL_CHUNK) {
          int32_t n = g->depth - c0 < POOL_CHUNK ? g->depth - c0 : POOL_CHUNK;
          float sum[POOL_CHUNK] = {0};
          for (int32_t y = y0; y < y1; y++)
            for (int32_t x = x0; x < x1; x++) {
              const float *tap = in + input_pixel(g, b, y, x) + c0;
              for (int32_t c = 0; c < n; c++) sum[c] += tap[c];
            }
          for (int32_t c = 0; c < n; c++) o[c0 + c] = tflc_clampf(count > 0 ? sum[c] / count : 0.0f, p->f_min, p->f_max);
        }
      }
}

static int32_t clamp_i32(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : (x > hi ? hi : x); }

/*
** Windows of at most this many taps sum in int32 without overflow (255 * 2^20 < 2^31), and
** their rounded quotients are exact through double division: a quotient that is not an
** integer lies at least 1/count = 2^-20 from one, far beyond double's error (|sum| / count *
** 2^-53 < 2^-22). Larger windows (only hostile models have them) take the int64 path.
*/
enum { POOL_MAX_FAST_COUNT = 1 << 20 };

/* The quotient of TFLite's integer average, rounding halves up (uint8) or away from zero (int8). */
static int32_t rounded_average(int64_t sum, int32_t count) {
  if (count <= 0) return 0;
  int64_t half = count / 2;
  return (int32_t)(sum >= 0 ? (sum + half) / count : (sum - half) / count);
}

/* One output pixel's quantized averages: is_signed selects int8 (else uint8) taps. */
static inline void average_pixel_q(const pool_op_data *p, const void *in, void *out_pixel, int32_t b, int32_t y0, int32_t y1,
                            int32_t x0, int32_t x1, bool is_signed) {
  const pool_geometry *g = &p->g;
  int32_t count = (y1 - y0) * (x1 - x0);
  for (int32_t c0 = 0; c0 < g->depth; c0 += POOL_CHUNK) {
    int32_t n = g->depth - c0 < POOL_CHUNK ? g->depth - c0 : POOL_CHUNK;
    int32_t avg[POOL_CHUNK];
    if (count <= POOL_MAX_FAST_COUNT) {
      int32_t sum[POOL_CHUNK] = {0};
      for (int32_t y = y0; y < y1; y++)
        for (int32_t x = x0; x < x1; x++) {
          int64_t at = input_pixel(g, b, y, x) + c0;
          if (is_signed) {
            const int8_t *tap = (const int8_t *)in + at;
            for (int32_t c = 0; c < n; c++) sum[c] += tap[c];
          } else {
            const uint8_t *tap = (const uint8_t *)in + at;
            for (int32_t c = 0; c < n; c++) sum[c] += tap[c];
          }
        }
      double half = (double)(count / 2);
      for (int32_t c = 0; c < n; c++) /* C's conversion truncates toward zero, as integer division */
        avg[c] = count > 0 ? (int32_t)((sum[c] >= 0 ? sum[c] + half : sum[c] - half) / count) : 0;
    } else {
      for (int32_t c = 0; c < n; c++) {
        int64_t sum = 0;
        for (int32_t y = y0; y < y1; y++)
          for (int32_t x = x0; x < x1; x++) {
            int64_t at = input_pixel(g, b, y, x) + c0 + c;
            sum += is_signed ? ((const int8_t *)in)[at] : ((const uint8_t *)in)[at];
          }
        avg[c] = rounded_average(sum, count);
      }
    }
    for (int32_t c = 0; c < n; c++) {
      int32_t v = clamp_i32(avg[c], p->q_min, p->q_max);
      if (is_signed) ((int8_t *)out_pixel)[c0 + c] = (int8_t)v;
      else ((uint8_t *)out_pixel)[c0 + c] = (uint8_t)v;
    }
  }
}

/* uint8 (halves round up: the sum is never negative) and int8 (halves away from zero). */
static void average_pool_q(const pool_op_data *p, const void *in, void *out, bool is_signed) {
  const pool_geometry *g = &p->g;
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        int32_t y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        uint8_t *pixel = (uint8_t *)out + (((int64_t)b * g->out_h + oy) * g->out_w + ox) * g->depth;
        if (is_signed) average_pixel_q(p, in, pixel, b, y0, y1, x0, x1, true); /* constant flag: one loop each */
        else average_pixel_q(p, in, pixel, b, y0, y1, x0, x1, false);
      }
}

static void max_pool_f32(const pool_op_data *p, const float *in, float *out) {
  const pool_geometry *g = &p->g;
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        int32_t y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        float *o = out + (((int64_t)b * g->out_h + oy) * g->out_w + ox) * g->depth;
        for (int32_t c = 0; c < g->depth; c++) {
          float m = -INFINITY;
          for (int32_t y = y0; y < y1; y++)
            for (int32_t x = x0; x < x1; x++) {
              float v = in[(((int64_t)b * g->in_h + y) * g->in_w + x) * g->depth + c];
              if (v > m) m = v;
            }
          o[c] = tflc_clampf(m, p->f_min, p->f_max);
        }
      }
}

/* uint8 and int8 share this loop: each tap is widened to int32 before comparing. */
static void max_pool_q(const pool_op_data *p, const void *in, void *out, bool is_signed) {
  const pool_geometry *g = &p->g;
  const uint8_t *in_u = in;
  const int8_t *in_s = in;
  for (int32_t b = 0; b < g->batches; b++)
    for (int32_t oy = 0; oy < g->out_h; oy++)
      for (int32_t ox = 0; ox < g->out_w; ox++) {
        int32_t y0, y1, x0, x1;
        window(g, oy, ox, &y0, &y1, &x0, &x1);
        int64_t o = (((int64_t)b * g->out_h + oy) * g->out_w + ox) * g->depth;
        for (int32_t c = 0; c < g->depth; c++) {
          int32_t m = is_signed ? INT8_MIN : 0;
          for (int32_t y = y0; y < y1; y++)
            for (int32_t x = x0; x < x1; x++) {
              int64_t i = (((int64_t)b * g->in_h + y) * g->in_w + x) * g->depth + c;
              int32_t v = is_signed ? in_s[i] : in_u[i];
              if (v > m) m = v;
            }
          m = clamp_i32(m, p->q_min, p->q_max);
          if (is_signed)
            ((int8_t *)out)[o + c] = (int8_t)m;
          else
            ((uint8_t *)out)[o + c] = (uint8_t)m;
        }
      }
}

/* Reads the options and the input shape into the geometry; sets the output shape. */
static TfLiteStatus prepare_geometry(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                     TfLiteTensor *output, pool_geometry *g, tflc_activation *act) {
  tflc_fb_table o = tflc_node_options(node, TFLC_OPTIONS_POOL2D);
  tflc_padding padding = (tflc_padding)tflc_fb_i8(&o, POOL_PADDING, 0);
  g->stride_w = tflc_fb_i32(&o, POOL_STRIDE_W, 0);
  g->stride_h = tflc_fb_i32(&o, POOL_STRIDE_H, 0);
  g->filter_w = tflc_fb_i32(&o, POOL_FILTER_W, 0);
  g->filter_h = tflc_fb_i32(&o, POOL_FILTER_H, 0);
  *act = (tflc_activation)tflc_fb_i8(&o, POOL_ACTIVATION, 0);
  g->batches = tflc_dim(input, 0);
  g->in_h = tflc_dim(input, 1);
  g->in_w = tflc_dim(input, 2);
  g->depth = tflc_dim(input, 3);
  if (tflc_window_dim(ctx, node, "height", padding, g->in_h, g->filter_h, g->stride_h, 1, &g->out_h, &g->pad_h) != kTfLiteOk)
    return kTfLiteError;
  if (tflc_window_dim(ctx, node, "width", padding, g->in_w, g->filter_w, g->stride_w, 1, &g->out_w, &g->pad_w) != kTfLiteOk)
    return kTfLiteError;
  int32_t dims[4] = {g->batches, g->out_h, g->out_w, g->depth};
  return tflc_resize_output(ctx, output, 4, dims);
}

/* Types, rank and quantization that both pools accept. */
static TfLiteStatus check_tensors(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                  const TfLiteTensor *output) {
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(input) == 4, "input must be 4-D (NHWC), got %d-D", tflc_ndims(input));
  TFLC_ENSURE_MSG(ctx, node, input->type == output->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node,
                  input->type == kTfLiteFloat32 || input->type == kTfLiteUInt8 || input->type == kTfLiteInt8,
                  "type %s is not supported (FLOAT32, UINT8, INT8)", TfLiteTypeGetName(input->type));
  if (input->type == kTfLiteFloat32) return kTfLiteOk;
  /* The quantized kernels copy values without rescaling, so the two must agree. */
  TFLC_ENSURE_MSG(ctx, node, fabsf(input->params.scale - output->params.scale) <= 1e-6f,
                  "input scale %g and output scale %g differ; pooling does not requantize", input->params.scale,
                  output->params.scale);
  TFLC_ENSURE_MSG(ctx, node, input->params.zero_point == output->params.zero_point,
                  "input zero point %d and output zero point %d differ; pooling does not requantize",
                  (int)input->params.zero_point, (int)output->params.zero_point);
  return kTfLiteOk;
}

static TfLiteStatus pool_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs == 1 && node->noutputs == 1, "expected 1 input and 1 output, got %d and %d",
                  (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input && output, "input or output tensor is missing");
  if (check_tensors(ctx, node, input, output) != kTfLiteOk) return kTfLiteError;
  pool_op_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (!p) return kTfLiteError;
  tflc_activation act;
  if (prepare_geometry(ctx, node, input, output, &p->g, &act) != kTfLiteOk) return kTfLiteError;
  if (input->type == kTfLiteFloat32) {
    TFLC_ENSURE_MSG(ctx, node, act >= 0 && act <= TFLC_ACTIVATION_RELU6, "fused activation %d is not supported",
                    (int)act);
    tflc_float_activation_range(act, &p->f_min, &p->f_max);
    return kTfLiteOk;
  }
  return tflc_quantized_activation_range(ctx, node, act, output, &p->q_min, &p->q_max);
}

static TfLiteStatus average_pool_invoke(tflc_context *ctx, tflc_node *node) {
  const pool_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  switch (input->type) {
    case kTfLiteFloat32: average_pool_f32(p, input->data.f, output->data.f); break;
    case kTfLiteUInt8: average_pool_q(p, input->data.raw_const, output->data.raw, false); break;
    case kTfLiteInt8: average_pool_q(p, input->data.raw_const, output->data.raw, true); break;
    default: return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(input->type));
  }
  return kTfLiteOk;
}

static TfLiteStatus max_pool_invoke(tflc_context *ctx, tflc_node *node) {
  const pool_op_data *p = node->op_data;
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  switch (input->type) {
    case kTfLiteFloat32: max_pool_f32(p, input->data.f, output->data.f); break;
    case kTfLiteUInt8: max_pool_q(p, input->data.data, output->data.data, false); break;
    case kTfLiteInt8: max_pool_q(p, input->data.data, output->data.data, true); break;
    default: return tflc_kernel_error(ctx, node, "type %s is not supported", TfLiteTypeGetName(input->type));
  }
  return kTfLiteOk;
}

const tflc_kernel tflc_average_pool_2d_kernel = {"AVERAGE_POOL_2D", pool_prepare, average_pool_invoke};
const tflc_kernel tflc_max_pool_2d_kernel = {"MAX_POOL_2D", pool_prepare, max_pool_invoke};
