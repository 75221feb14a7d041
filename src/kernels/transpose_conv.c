/*
** transpose_conv.c — TRANSPOSE_CONV (TensorFlow Lite 2.9 kernels/transpose_conv.cc).
**
** Inputs: 0 output_shape (int32 [4], known at prepare: tflc sizes the output there), 1 weights
** OHWI [out_channels, kh, kw, in_channels], 2 input NHWC, 3 optional bias (version 3).
** Every input pixel scatters input * weights into the output window at
** (y * stride - pad, x * stride - pad); taps outside the output are dropped. pad is TFLite's
** ComputePaddingHeightWidth on the output size (its offset is not used, as in TFLite).
** float32: sums in float, then the bias. uint8: (q + input offset) * (w + weights offset) summed
** exactly, bias added, requantized with the per-tensor multiplier (TFLite's legacy path: bias
** scale must be input scale * weights scale). int8: weights per channel (zero point 0) with
** per-channel multipliers. Both round as MultiplyByQuantizedMultiplier (gemmlowp), add the
** output zero point and clamp to the type's range: TFLite 2.9 has no fused activation here.
** The input size must be what a convolution of the output gives (see tconv_prepare).
** The int32 accumulator wraps as TFLite's does (sums are kept in int64, wrapped at the end).
*/
#include <string.h>

#include "format/model.h"
#include "kernels/index_util.h"
#include "kernels/quant.h"

enum { TFLC_OPTIONS_TRANSPOSE_CONV = 49 };

typedef struct tconv_data {
  int32_t batches, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w;
  int32_t stride_h, stride_w, pad_h, pad_w;
  int32_t input_offset, weights_offset, output_offset, act_min, act_max;
  tflc_requant rq[]; /* [out_c], quantized only */
} tconv_data;

/* Output shape from input 0: [batches, h, w, out_channels] consistent with input and weights. */
static TfLiteStatus output_shape(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                 const TfLiteTensor *weights, int32_t *dims) {
  const TfLiteTensor *shape = NULL;
  if (tflc_shape_input(ctx, node, 0, "output_shape", &shape) != kTfLiteOk) return kTfLiteError;
  TFLC_ENSURE_MSG(ctx, node, shape->type == kTfLiteInt32 && tflc_ndims(shape) == 1 && tflc_dim(shape, 0) == 4,
                  "output_shape must be an int32 vector of 4 entries");
  for (int d = 0; d < 4; d++) {
    int64_t v = tflc_index_at(shape, d);
    TFLC_ENSURE_MSG(ctx, node, v >= 0 && v <= INT32_MAX, "output_shape[%d] is %lld", d, (long long)v);
    dims[d] = (int32_t)v;
  }
  TFLC_ENSURE_MSG(ctx, node, dims[0] == tflc_dim(input, 0), "output_shape batch %d differs from the input's %d",
                  (int)dims[0], (int)tflc_dim(input, 0));
  TFLC_ENSURE_MSG(ctx, node, dims[3] == tflc_dim(weights, 0),
                  "output_shape channels %d differ from the weights' %d output channels", (int)dims[3],
                  (int)tflc_dim(weights, 0));
  return kTfLiteOk;
}

/* Types, ranks and the bias, as TFLite's Prepare checks them. */
static TfLiteStatus check_tensors(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input,
                                  const TfLiteTensor *weights, const TfLiteTensor *bias, const TfLiteTensor *output) {
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(input) == 4 && tflc_ndims(weights) == 4, "input and weights must be 4-D");
  TfLiteType t = input->type;
  TFLC_ENSURE_MSG(ctx, node, t == kTfLiteFloat32 || t == kTfLiteUInt8 || t == kTfLiteInt8,
                  "input type %s is not supported (float32, uint8, int8)", TfLiteTypeGetName(t));
  TFLC_ENSURE_MSG(ctx, node, weights->type == t && output->type == t, "weights %s and output %s must be %s too",
                  TfLiteTypeGetName(weights->type), TfLiteTypeGetName(output->type), TfLiteTypeGetName(t));
  TFLC_ENSURE_MSG(ctx, node, tflc_dim(input, 3) == tflc_dim(weights, 3),
                  "input has %d channels but the weights expect %d", (int)tflc_dim(input, 3),
                  (int)tflc_dim(weights, 3));
  TFLC_ENSURE_MSG(ctx, node, tflc_is_constant(weights), "weights (tensor %d) must be constant", (int)node->inputs[1]);
  if (bias == NULL) return kTfLiteOk;
  TFLC_ENSURE_MSG(ctx, node, bias->type == (t == kTfLiteFloat32 ? kTfLiteFloat32 : kTfLiteInt32),
                  "bias type %s does not suit a %s input", TfLiteTypeGetName(bias->type), TfLiteTypeGetName(t));
  TFLC_ENSURE_MSG(ctx, node, tflc_num_elements(bias) == tflc_dim(weights, 0), "bias has %lld entries, expected %d",
                  (long long)tflc_num_elements(bias), (int)tflc_dim(weights, 0));
  if (t == kTfLiteInt8)
    TFLC_ENSURE_MSG(ctx, node, bias->params.zero_point == 0, "int8 bias zero point %d is not 0",
                    (int)bias->params.zero_point);
  return kTfLiteOk;
}

/* Offsets, multipliers and the output range of the quantized paths. */
static TfLiteStatus prepare_quantized(tflc_context *ctx, tflc_node *node, const TfLiteTensor *input,
                                      const TfLiteTensor *weights, const TfLiteTensor *bias,
                                      const TfLiteTensor *output, tconv_data *p) {
  p->input_offset = -input->params.zero_point;
  p->weights_offset = -weights->params.zero_point;
  p->output_offset = output->params.zero_point;
  if (input->type == kTfLiteInt8) {
    int32_t n, qdim;
    const float *scales = tflc_quant_scales(weights, &n, &qdim);
    (void)scales;
    const TfLiteAffineQuantization *q = weights->quantization.params;
    for (int32_t c = 0; q && q->zero_point && c < q->zero_point->size; c++)
      TFLC_ENSURE_MSG(ctx, node, q->zero_point->data[c] == 0, "int8 weights zero point %d of channel %d is not 0",
                      q->zero_point->data[c], (int)c);
    p->weights_offset = 0;
  }
  if (tflc_conv_requant(ctx, node, input, weights, bias, output, p->out_c, 0, input->type == kTfLiteUInt8, p->rq) !=
      kTfLiteOk)
    return kTfLiteError;
  return tflc_quantized_activation_range(ctx, node, TFLC_ACTIVATION_NONE, output, &p->act_min, &p->act_max);
}

static TfLiteStatus tconv_prepare(tflc_context *ctx, tflc_node *node) {
  TFLC_ENSURE_MSG(ctx, node, (node->ninputs == 3 || node->ninputs == 4) && node->noutputs == 1,
                  "expects 3 or 4 inputs and 1 output, got %d and %d", (int)node->ninputs, (int)node->noutputs);
  const TfLiteTensor *weights = tflc_input(ctx, node, 1), *input = tflc_input(ctx, node, 2);
  const TfLiteTensor *bias = tflc_input(ctx, node, 3);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, weights && input && output, "weights, input or output is missing");
  if (check_tensors(ctx, node, input, weights, bias, output) != kTfLiteOk) return kTfLiteError;
  int32_t dims[4];
  if (output_shape(ctx, node, input, weights, dims) != kTfLiteOk) return kTfLiteError;
  if (tflc_resize_output(ctx, output, 4, dims) != kTfLiteOk) return kTfLiteError;

  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_TRANSPOSE_CONV);
  tflc_padding padding = (tflc_padding)tflc_fb_i8(&options, 0, TFLC_PADDING_SAME);
  bool quantized = input->type != kTfLiteFloat32;
  size_t rq_bytes = quantized ? (size_t)dims[3] * sizeof(tflc_requant) : 0;
  tconv_data *p = tflc_alloc_op_data(ctx, node, sizeof *p + rq_bytes);
  if (p == NULL) return kTfLiteError;
  *p = (tconv_data){.batches = dims[0], .in_h = tflc_dim(input, 1), .in_w = tflc_dim(input, 2),
                    .in_c = tflc_dim(input, 3), .out_h = dims[1], .out_w = dims[2], .out_c = dims[3],
                    .k_h = tflc_dim(weights, 1), .k_w = tflc_dim(weights, 2),
                    .stride_w = tflc_fb_i32(&options, 1, 0), .stride_h = tflc_fb_i32(&options, 2, 0)};
  int32_t unused_h, unused_w;
  /* TFLite pads for the output size as if the output were the input of a convolution. */
  if (tflc_window_dim(ctx, node, "height", padding, p->out_h, p->k_h, p->stride_h, 1, &unused_h, &p->pad_h) !=
          kTfLiteOk ||
      tflc_window_dim(ctx, node, "width", padding, p->out_w, p->k_w, p->stride_w, 1, &unused_w, &p->pad_w) != kTfLiteOk)
    return kTfLiteError;
  /* The input must be what a convolution of the output would give (TensorFlow requires it; TFLite's
     optimized col2im assumes it and produces misplaced sums otherwise, measured). */
  TFLC_ENSURE_MSG(ctx, node, unused_h == p->in_h && unused_w == p->in_w,
                  "output_shape %dx%d does not fit the %dx%d input: a convolution of it gives %dx%d", (int)p->out_h,
                  (int)p->out_w, (int)p->in_h, (int)p->in_w, (int)unused_h, (int)unused_w);
  TFLC_ENSURE_MSG(ctx, node,
                  (int64_t)p->in_h * p->stride_h + p->k_h < INT32_MAX &&
                      (int64_t)p->in_w * p->stride_w + p->k_w < INT32_MAX,
                  "input size times stride overflows");
  if (quantized) {
    if (prepare_quantized(ctx, node, input, weights, bias, output, p) != kTfLiteOk) return kTfLiteError;
    return tflc_request_scratch(ctx, node, (size_t)tflc_num_elements(output) * sizeof(int64_t));
  }
  return kTfLiteOk;
}

/*
** Scatters one input pixel (values already offset, `in_c` of them) into the accumulators `acc`
** of type T; W is the weights' type. A macro keeps the float and integer loops identical.
*/
#define SCATTER_PIXEL(T, acc, pixel, w, woff, p, b, iy, ix)                                                   \
  do {                                                                                                         \
    for (int32_t fy = 0; fy < (p)->k_h; fy++) {                                                                \
      int32_t oy = (iy) * (p)->stride_h - (p)->pad_h + fy;                                                     \
      if (oy < 0 || oy >= (p)->out_h) continue;                                                                \
      for (int32_t fx = 0; fx < (p)->k_w; fx++) {                                                              \
        int32_t ox = (ix) * (p)->stride_w - (p)->pad_w + fx;                                                   \
        if (ox < 0 || ox >= (p)->out_w) continue;                                                              \
        T *dst = (acc) + (((size_t)(b) * (p)->out_h + (size_t)oy) * (p)->out_w + (size_t)ox) * (p)->out_c;     \
        for (int32_t oc = 0; oc < (p)->out_c; oc++) {                                                          \
          const size_t wi = (((size_t)oc * (p)->k_h + (size_t)fy) * (p)->k_w + (size_t)fx) * (p)->in_c;        \
          T sum = 0;                                                                                           \
          for (int32_t ic = 0; ic < (p)->in_c; ic++) sum += (pixel)[ic] * ((T)(w)[wi + ic] + (T)(woff));        \
          dst[oc] += sum;                                                                                      \
        }                                                                                                      \
      }                                                                                                        \
    }                                                                                                          \
  } while (0)

static void invoke_float(const tconv_data *p, const float *in, const float *w, const float *bias, float *out) {
  memset(out, 0, (size_t)p->batches * p->out_h * p->out_w * p->out_c * sizeof *out);
  for (int32_t b = 0; b < p->batches; b++)
    for (int32_t iy = 0; iy < p->in_h; iy++)
      for (int32_t ix = 0; ix < p->in_w; ix++) {
        const float *pixel = in + (((size_t)b * p->in_h + (size_t)iy) * p->in_w + (size_t)ix) * p->in_c;
        SCATTER_PIXEL(float, out, pixel, w, 0, p, b, iy, ix);
      }
  if (bias == NULL) return;
  size_t pixels = (size_t)p->batches * p->out_h * p->out_w;
  for (size_t i = 0; i < pixels; i++)
    for (int32_t oc = 0; oc < p->out_c; oc++) out[i * p->out_c + oc] += bias[oc];
}

/* Quantized: offsets the input pixel into int64 `pixel`, scatters, then requantizes. */
#define INVOKE_QUANTIZED(TIN, p, in, w, bias, out, acc, pixel)                                               \
  do {                                                                                                       \
    memset(acc, 0, (size_t)(p)->batches * (p)->out_h * (p)->out_w * (p)->out_c * sizeof *(acc));             \
    for (int32_t b = 0; b < (p)->batches; b++)                                                               \
      for (int32_t iy = 0; iy < (p)->in_h; iy++)                                                             \
        for (int32_t ix = 0; ix < (p)->in_w; ix++) {                                                         \
          const TIN *src = (in) + (((size_t)b * (p)->in_h + (size_t)iy) * (p)->in_w + (size_t)ix) * (p)->in_c; \
          for (int32_t ic = 0; ic < (p)->in_c; ic++) (pixel)[ic] = (int64_t)src[ic] + (p)->input_offset;     \
          SCATTER_PIXEL(int64_t, acc, pixel, w, (p)->weights_offset, p, b, iy, ix);                          \
        }                                                                                                    \
    size_t pixels = (size_t)(p)->batches * (p)->out_h * (p)->out_w;                                          \
    for (size_t i = 0; i < pixels; i++)                                                                      \
      for (int32_t oc = 0; oc < (p)->out_c; oc++)                                                            \
        (out)[i * (p)->out_c + oc] =                                                                         \
            (TIN)tflc_conv_output((acc)[i * (p)->out_c + oc], (bias) ? (bias)[oc] : 0, (p)->rq[oc],          \
                                  TFLC_ROUND_GEMMLOWP, (p)->output_offset, (p)->act_min, (p)->act_max);      \
  } while (0)

static TfLiteStatus tconv_invoke(tflc_context *ctx, tflc_node *node) {
  const tconv_data *p = node->op_data;
  const TfLiteTensor *weights = tflc_input(ctx, node, 1), *input = tflc_input(ctx, node, 2);
  const TfLiteTensor *bias = tflc_input(ctx, node, 3);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (output->bytes == 0) return kTfLiteOk;
  if (input->type == kTfLiteFloat32) {
    invoke_float(p, input->data.f, weights->data.f, bias ? bias->data.f : NULL, output->data.f);
    return kTfLiteOk;
  }
  /* The pixel buffer needs in_c int64s: it lives on the stack in chunks of this many channels. */
  enum { MAX_STACK_CHANNELS = 4096 };
  TFLC_ENSURE_MSG(ctx, node, p->in_c <= MAX_STACK_CHANNELS, "%d input channels (limit %d)", (int)p->in_c,
                  MAX_STACK_CHANNELS);
  int64_t pixel[MAX_STACK_CHANNELS];
  int64_t *acc = node->scratch;
  const int32_t *b = bias ? bias->data.i32 : NULL;
  if (input->type == kTfLiteUInt8)
    INVOKE_QUANTIZED(uint8_t, p, input->data.uint8, weights->data.uint8, b, output->data.uint8, acc, pixel);
  else
    INVOKE_QUANTIZED(int8_t, p, input->data.int8, weights->data.int8, b, output->data.int8, acc, pixel);
  return kTfLiteOk;
}

const tflc_kernel tflc_transpose_conv_kernel = {"TRANSPOSE_CONV", tconv_prepare, tconv_invoke};
