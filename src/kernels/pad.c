/*
** pad.c — PAD, PADV2 and MIRROR_PAD (TensorFlow Lite 2.9 kernels/pad.cc, mirror_pad.cc).
**
** paddings is an int32/int64 [rank, 2] tensor: before and after counts per dim, >= 0. It must
** be known at prepare (constant, or computed from shapes) since tflc sizes outputs there.
** PAD fills with 0 (the output zero point when quantized); PADV2 with its scalar input 2, whose
** quantization must equal the output's when quantized (TFLite does not rescale it).
** MIRROR_PAD copies the input reflected at its borders: REFLECT leaves out the border element
** (pad <= dim - 1), SYMMETRIC repeats it (pad <= dim).
*/
#include <string.h>

#include "format/model.h"
#include "kernels/index_util.h"

enum { TFLC_OPTIONS_MIRROR_PAD = 77 };
enum { PAD_CONSTANT = -1, PAD_REFLECT = 0, PAD_SYMMETRIC = 1 }; /* mirror values = MirrorPadMode */

typedef struct pad_data {
  int rank;
  int mode;                              /* PAD_CONSTANT or a MirrorPadMode */
  size_t elem;                           /* bytes per element */
  int32_t in_dims[TFLC_MAX_DIMS], out_dims[TFLC_MAX_DIMS], before[TFLC_MAX_DIMS];
  size_t in_stride[TFLC_MAX_DIMS], out_stride[TFLC_MAX_DIMS]; /* bytes */
  uint8_t value[8];                      /* the constant's bytes */
} pad_data;

/* Reads paddings into before/after, checking shape [rank, 2] and the limits of `mode`. */
static TfLiteStatus read_paddings(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *input, int mode,
                                  pad_data *p) {
  const TfLiteTensor *paddings = NULL;
  if (tflc_shape_input(ctx, node, 1, "paddings", &paddings) != kTfLiteOk) return kTfLiteError;
  int rank = tflc_ndims(input);
  /* TFLite 2.9's PAD reads int64 paddings as if they were int32 (measured: [[0, 1]] pads by
     [0, 0]); rather than copy that misreading, tflc refuses them there. MIRROR_PAD reads both. */
  TFLC_ENSURE_MSG(ctx, node, mode != PAD_CONSTANT || paddings->type == kTfLiteInt32,
                  "int64 paddings are not supported (TFLite 2.9 misreads them as int32)");
  TFLC_ENSURE_MSG(ctx, node, tflc_ndims(paddings) == 2 && tflc_dim(paddings, 0) == rank && tflc_dim(paddings, 1) == 2,
                  "paddings must have shape [%d, 2]", rank);
  for (int d = 0; d < rank; d++) {
    int64_t before = tflc_index_at(paddings, 2 * d), after = tflc_index_at(paddings, 2 * d + 1);
    int64_t dim = tflc_dim(input, d);
    TFLC_ENSURE_MSG(ctx, node, before >= 0 && after >= 0, "paddings of dim %d are %lld, %lld; they must be >= 0", d,
                    (long long)before, (long long)after);
    if (mode != PAD_CONSTANT) {
      int64_t limit = mode == PAD_REFLECT ? dim - 1 : dim;
      TFLC_ENSURE_MSG(ctx, node, (before == 0 || before <= limit) && (after == 0 || after <= limit),
                      "paddings of dim %d are %lld, %lld; %s mode allows at most %lld for size %lld", d,
                      (long long)before, (long long)after, mode == PAD_REFLECT ? "REFLECT" : "SYMMETRIC",
                      (long long)(limit < 0 ? 0 : limit), (long long)dim);
    }
    TFLC_ENSURE_MSG(ctx, node, dim + before + after <= INT32_MAX, "dim %d would be too large", d);
    p->before[d] = (int32_t)before;
    p->in_dims[d] = (int32_t)dim;
    p->out_dims[d] = (int32_t)(dim + before + after);
  }
  return kTfLiteOk;
}

/* The fill value's bytes: PADV2's input 2, else zero (the zero point when quantized). */
static TfLiteStatus read_fill_value(tflc_context *ctx, const tflc_node *node, const TfLiteTensor *output,
                                    pad_data *p) {
  const TfLiteTensor *value = node->ninputs > 2 ? tflc_input(ctx, node, 2) : NULL;
  memset(p->value, 0, sizeof p->value);
  bool quantized = output->type == kTfLiteUInt8 || output->type == kTfLiteInt8 || output->type == kTfLiteInt16;
  if (value == NULL) {
    int32_t zp = quantized ? output->params.zero_point : 0;
    if (output->type == kTfLiteUInt8) p->value[0] = (uint8_t)zp;
    if (output->type == kTfLiteInt8) p->value[0] = (uint8_t)(int8_t)zp;
    if (output->type == kTfLiteInt16) memcpy(p->value, &(int16_t){(int16_t)zp}, 2);
    return kTfLiteOk;
  }
  TFLC_ENSURE_MSG(ctx, node, value->type == output->type && tflc_num_elements(value) == 1,
                  "constant_values must be one %s value", TfLiteTypeGetName(output->type));
  TFLC_ENSURE_MSG(ctx, node, tflc_is_known_at_prepare(value), "constant_values (tensor %d) must be constant",
                  (int)node->inputs[2]);
  if (quantized)
    TFLC_ENSURE_MSG(ctx, node,
                    value->params.scale == output->params.scale &&
                        value->params.zero_point == output->params.zero_point,
                    "constant_values has scale %g, zero point %d but the output has %g, %d", value->params.scale,
                    (int)value->params.zero_point, output->params.scale, (int)output->params.zero_point);
  memcpy(p->value, value->data.raw_const, p->elem);
  return kTfLiteOk;
}

static TfLiteStatus prepare_common(tflc_context *ctx, tflc_node *node, int mode) {
  TFLC_ENSURE_MSG(ctx, node, node->ninputs >= 2 && node->ninputs <= (mode == PAD_CONSTANT ? 3 : 2),
                  "unexpected number of inputs: %d", (int)node->ninputs);
  TFLC_ENSURE_MSG(ctx, node, node->noutputs == 1, "expects 1 output, got %d", (int)node->noutputs);
  const TfLiteTensor *input = tflc_input(ctx, node, 0);
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  TFLC_ENSURE_MSG(ctx, node, input != NULL && output != NULL, "input 0 or output 0 is missing");
  TFLC_ENSURE_MSG(ctx, node, tflc_is_movable_type(input->type) && input->type != kTfLiteBool,
                  "type %s is not supported", TfLiteTypeGetName(input->type));
  TFLC_ENSURE_MSG(ctx, node, output->type == input->type, "output type %s differs from input type %s",
                  TfLiteTypeGetName(output->type), TfLiteTypeGetName(input->type));
  int rank = tflc_ndims(input);
  /* TFLite's PAD handles at most 5 dims (PadKernelMaxDimensionCount). */
  TFLC_ENSURE_MSG(ctx, node, rank <= (mode == PAD_CONSTANT ? 5 : TFLC_MAX_DIMS), "a %d-D input has too many dims",
                  rank);
  pad_data *p = tflc_alloc_op_data(ctx, node, sizeof *p);
  if (p == NULL) return kTfLiteError;
  p->rank = rank;
  p->mode = mode;
  p->elem = tflc_type_size(input->type);
  if (read_paddings(ctx, node, input, mode, p) != kTfLiteOk) return kTfLiteError;
  if (mode == PAD_CONSTANT && read_fill_value(ctx, node, output, p) != kTfLiteOk) return kTfLiteError;
  if (tflc_resize_output(ctx, output, rank, p->out_dims) != kTfLiteOk) return kTfLiteError;
  size_t in_s = p->elem, out_s = p->elem;
  for (int d = rank - 1; d >= 0; d--) {
    p->in_stride[d] = in_s, p->out_stride[d] = out_s;
    in_s *= (size_t)p->in_dims[d], out_s *= (size_t)p->out_dims[d];
  }
  return kTfLiteOk;
}

static TfLiteStatus pad_prepare(tflc_context *ctx, tflc_node *node) { return prepare_common(ctx, node, PAD_CONSTANT); }

static TfLiteStatus mirror_pad_prepare(tflc_context *ctx, tflc_node *node) {
  tflc_fb_table options = tflc_node_options(node, TFLC_OPTIONS_MIRROR_PAD);
  int mode = tflc_fb_i8(&options, 0, PAD_REFLECT);
  TFLC_ENSURE_MSG(ctx, node, mode == PAD_REFLECT || mode == PAD_SYMMETRIC, "unknown mirror pad mode %d", mode);
  return prepare_common(ctx, node, mode);
}

/* `n` copies of the fill value. */
static void fill(const pad_data *p, uint8_t *out, size_t n) {
  if (p->elem == 1) {
    memset(out, p->value[0], n);
    return;
  }
  for (size_t i = 0; i < n; i++) memcpy(out + i * p->elem, p->value, p->elem);
}

/* The input index that output index o of dim d reads, or -1 for the fill value. */
static int64_t source_index(const pad_data *p, int d, int64_t o) {
  int64_t i = o - p->before[d], n = p->in_dims[d];
  if (i >= 0 && i < n) return i;
  if (p->mode == PAD_CONSTANT) return -1;
  int shift = p->mode == PAD_REFLECT ? 0 : 1; /* SYMMETRIC repeats the border element */
  return i < 0 ? -i - shift : 2 * n - 2 - i + shift;
}

/* Writes the output block of dims d.. for the input block at `in`. */
static void pad_block(const pad_data *p, int d, const uint8_t *in, uint8_t *out) {
  if (d == p->rank) {
    memcpy(out, in, p->elem);
    return;
  }
  int64_t block = (int64_t)(p->out_stride[d] / p->elem);
  if (d == p->rank - 1 && p->mode == PAD_CONSTANT) {
    fill(p, out, (size_t)p->before[d]);
    memcpy(out + (size_t)p->before[d] * p->elem, in, (size_t)p->in_dims[d] * p->elem);
    fill(p, out + ((size_t)p->before[d] + (size_t)p->in_dims[d]) * p->elem,
         (size_t)(p->out_dims[d] - p->before[d] - p->in_dims[d]));
    return;
  }
  if (d == p->rank - 1) { /* mirror: the reflected borders element by element, the middle in one copy */
    for (int64_t o = 0; o < p->before[d]; o++)
      memcpy(out + (size_t)o * p->elem, in + (size_t)source_index(p, d, o) * p->elem, p->elem);
    memcpy(out + (size_t)p->before[d] * p->elem, in, (size_t)p->in_dims[d] * p->elem);
    for (int64_t o = (int64_t)p->before[d] + p->in_dims[d]; o < p->out_dims[d]; o++)
      memcpy(out + (size_t)o * p->elem, in + (size_t)source_index(p, d, o) * p->elem, p->elem);
    return;
  }
  for (int64_t o = 0; o < p->out_dims[d]; o++) {
    int64_t i = source_index(p, d, o);
    uint8_t *dst = out + (size_t)o * p->out_stride[d];
    if (i < 0)
      fill(p, dst, (size_t)block);
    else
      pad_block(p, d + 1, in + (size_t)i * p->in_stride[d], dst);
  }
}

static TfLiteStatus pad_invoke(tflc_context *ctx, tflc_node *node) {
  const pad_data *p = node->op_data;
  TfLiteTensor *output = tflc_output(ctx, node, 0);
  if (output->bytes == 0) return kTfLiteOk;
  pad_block(p, 0, (const uint8_t *)tflc_input(ctx, node, 0)->data.raw_const, (uint8_t *)output->data.raw);
  return kTfLiteOk;
}

const tflc_kernel tflc_pad_kernel = {"PAD", pad_prepare, pad_invoke};
const tflc_kernel tflc_padv2_kernel = {"PADV2", pad_prepare, pad_invoke};
const tflc_kernel tflc_mirror_pad_kernel = {"MIRROR_PAD", mirror_pad_prepare, pad_invoke};
