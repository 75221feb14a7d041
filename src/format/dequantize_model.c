/*
** dequantize_model.c — the float twin of a quantized model. See dequantize_model.h.
**
** The conversion reads the verified model (format/model.h) and writes a new one with the
** writer (format/writer.h): tensors that are still used after QUANTIZE/DEQUANTIZE are dropped
** get new indices, constants are dequantized into new buffers, ops are re-added with their
** options copied field by field through a table of the schema's options layouts.
*/
#include "format/dequantize_model.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/writer.h"
#include "runtime/kernel.h"

/* BuiltinOperator codes the conversion treats specially (schema.fbs numbering). */
enum {
  OP_ADD = 0, OP_AVERAGE_POOL_2D = 1, OP_CONCATENATION = 2, OP_CONV_2D = 3, OP_DEPTHWISE_CONV_2D = 4,
  OP_DEQUANTIZE = 6, OP_FULLY_CONNECTED = 9, OP_LOGISTIC = 14, OP_MAX_POOL_2D = 17, OP_MUL = 18, OP_RELU = 19,
  OP_RELU_N1_TO_1 = 20, OP_RELU6 = 21, OP_RESHAPE = 22, OP_RESIZE_BILINEAR = 23, OP_SOFTMAX = 25, OP_TANH = 28,
  OP_CUSTOM = 32, OP_PAD = 34, OP_GATHER = 36, OP_MEAN = 40, OP_SUB = 41, OP_SQUEEZE = 43, OP_STRIDED_SLICE = 45,
  OP_SPLIT = 49, OP_CAST = 53, OP_ARG_MAX = 56, OP_PADV2 = 60, OP_SLICE = 65, OP_TRANSPOSE_CONV = 67, OP_TILE = 69,
  OP_PACK = 83, OP_UNPACK = 88, OP_MIRROR_PAD = 100, OP_GATHER_ND = 107, OP_DIV = 42, OP_SQRT = 75, OP_RSQRT = 76,
  OP_SQUARED_DIFFERENCE = 99, OP_TRANSPOSE = 39, OP_RESIZE_NEAREST_NEIGHBOR = 97, OP_QUANTIZE = 114, OP_HARD_SWISH = 117,
};

/* The one custom op whose inputs may be float in TFLite 2.9 with the same meaning. */
static const char detection_postprocess[] = "TFLite_Detection_PostProcess";

/* ---- Errors ---- */

typedef struct twin_error {
  char *text;
  size_t len;
} twin_error;

static TfLiteStatus fail(twin_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static TfLiteStatus fail(twin_error *e, const char *fmt, ...) {
  if (e->len > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, e->len, fmt, ap);
    va_end(ap);
  }
  return kTfLiteError;
}

/* "CONV_2D" or the custom op's name, for messages. */
static const char *op_name(const tflc_model *m, const tflc_model_operator *op) {
  const tflc_model_opcode *c = &m->opcodes[op->opcode_index];
  return c->builtin_code == OP_CUSTOM && c->custom_code ? c->custom_code : tflc_builtin_name(c->builtin_code);
}

/* ---- Which tensors change ---- */

static bool is_quantized_int(TfLiteType t) { return t == kTfLiteUInt8 || t == kTfLiteInt8 || t == kTfLiteInt16; }

static bool is_constant(const tflc_model *m, const tflc_model_tensor *t) {
  return t->buffer != 0 && m->buffers[t->buffer].data != NULL;
}

/* True when the tensor becomes float32 in the twin. */
static bool becomes_float(const tflc_model *m, const tflc_model_tensor *t) {
  if (t->type == kTfLiteFloat16) return is_constant(m, t);
  if (t->nquant == 0) return false;
  if (is_quantized_int(t->type)) return true;
  return (t->type == kTfLiteInt32 || t->type == kTfLiteInt64) && is_constant(m, t); /* biases */
}

/* ---- Dropping QUANTIZE / DEQUANTIZE ---- */

/* Follows the alias chain to the tensor that stands for t in the twin. */
static int32_t resolve(const int32_t *alias, int32_t t) {
  while (t >= 0 && alias[t] != t) t = alias[t];
  return t;
}

static bool in_list(const int32_t *list, int32_t n, int32_t t) {
  for (int32_t i = 0; i < n; i++)
    if (list[i] == t) return true;
  return false;
}

static bool is_dropped_op(const tflc_model *m, const tflc_model_operator *op) {
  int32_t code = m->opcodes[op->opcode_index].builtin_code;
  return (code == OP_QUANTIZE || code == OP_DEQUANTIZE) && op->ninputs >= 1 && op->noutputs == 1 && op->inputs[0] >= 0;
}

/*
** Merges a dropped op's output with its input. The input stands for both, except when the
** output is a model output that must keep its name and place: then the output stands for
** both and the input's producer writes it.
*/
static TfLiteStatus merge_dropped(const tflc_model *m, const tflc_model_subgraph *sg, int32_t index, int32_t *alias,
                                  twin_error *e) {
  const tflc_model_operator *op = &sg->operators[index];
  int32_t in = resolve(alias, op->inputs[0]), out = resolve(alias, op->outputs[0]);
  const tflc_model_tensor *t = &sg->tensors[in];
  if (!(is_quantized_int(t->type) || t->type == kTfLiteFloat32 || t->type == kTfLiteFloat16))
    return fail(e, "op %d (%s): input tensor %d (%s) has type %s; no float form", (int)index, op_name(m, op), (int)in,
                t->name, TfLiteTypeGetName(t->type));
  if (in == out) return kTfLiteOk;
  bool out_is_output = in_list(sg->outputs, sg->noutputs, out);
  if (!out_is_output) {
    alias[out] = in;
    return kTfLiteOk;
  }
  if (in_list(sg->inputs, sg->ninputs, in) || in_list(sg->outputs, sg->noutputs, in) || is_constant(m, t))
    return fail(e, "op %d (%s): maps tensor %d (%s), a model input, output or constant, straight to model output %d; "
                "the twin would have no op left to produce it", (int)index, op_name(m, op), (int)in, t->name, (int)out);
  alias[in] = out;
  return kTfLiteOk;
}

/* ---- Op versions of the float ops (TFLite 2.9's op_version.cc, float32 rows) ---- */

/* Option field ids used by the version rules (positions in schema.fbs tables). */
enum { DW_DILATION_W = 5, DW_DILATION_H = 6, FC_WEIGHTS_FORMAT = 1, FC_KEEP_NUM_DIMS = 2,
       RESIZE_HALF_PIXEL = 3, NN_ALIGN_CORNERS = 0, NN_HALF_PIXEL = 1, TCONV_ACTIVATION = 3, GATHER_BATCH_DIMS = 1,
       STRIDED_SLICE_ELLIPSIS = 2, STRIDED_SLICE_OFFSET = 5 };

static int32_t max_input_dims(const tflc_model_subgraph *sg, const tflc_model_operator *op) {
  int32_t most = 0;
  for (int32_t i = 0; i < op->ninputs; i++)
    if (op->inputs[i] >= 0 && sg->tensors[op->inputs[i]].ndims > most) most = sg->tensors[op->inputs[i]].ndims;
  return most;
}

/* Version of ops whose versions above 1 only add non-float types or more than 4 dims. */
static int32_t plain_version(const tflc_model_subgraph *sg, const tflc_model_operator *op, int32_t original) {
  return max_input_dims(sg, op) > 4 ? original : 1;
}

/*
** The version TensorFlow Lite 2.9 gives the float form of the op, or 0 when the conversion
** does not know the op (then it is refused: a guess could make TFLite read other semantics).
*/
static int32_t float_version(const tflc_model *m, const tflc_model_subgraph *sg, const tflc_model_operator *op) {
  const tflc_model_opcode *c = &m->opcodes[op->opcode_index];
  const tflc_fb_table *o = &op->options;
  switch (c->builtin_code) {
    case OP_DEPTHWISE_CONV_2D:
      return tflc_fb_i32(o, DW_DILATION_W, 1) != 1 || tflc_fb_i32(o, DW_DILATION_H, 1) != 1 ? 2 : 1;
    case OP_FULLY_CONNECTED:
      if (op->ninputs == 2) return 6;
      if (tflc_fb_i8(o, FC_WEIGHTS_FORMAT, 0) != 0) return 0; /* shuffled int8 weights: no float form */
      return tflc_fb_u8(o, FC_KEEP_NUM_DIMS, 0) ? 5 : 1;
    case OP_RESIZE_BILINEAR:
      return tflc_fb_u8(o, RESIZE_HALF_PIXEL, 0) ? 3 : 1;
    case OP_RESIZE_NEAREST_NEIGHBOR:
      return tflc_fb_u8(o, NN_HALF_PIXEL, 0) || tflc_fb_u8(o, NN_ALIGN_CORNERS, 0) ? 3 : 1;
    case OP_TRANSPOSE_CONV:
      if (tflc_fb_i8(o, TCONV_ACTIVATION, 0) != 0) return 4;
      return op->ninputs == 4 && op->inputs[3] >= 0 ? 3 : 1;
    case OP_GATHER:
      return tflc_fb_i32(o, GATHER_BATCH_DIMS, 0) != 0 ? 5 : 1;
    case OP_STRIDED_SLICE:
      if (tflc_fb_u8(o, STRIDED_SLICE_OFFSET, 0) || tflc_fb_i32(o, STRIDED_SLICE_ELLIPSIS, 0) != 0) return c->version;
      return plain_version(sg, op, c->version);
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_AVERAGE_POOL_2D: case OP_MAX_POOL_2D: case OP_CONCATENATION:
    case OP_CONV_2D: case OP_LOGISTIC: case OP_TANH: case OP_SOFTMAX: case OP_RESHAPE: case OP_SQUEEZE:
    case OP_MEAN: case OP_PAD: case OP_PADV2: case OP_RELU: case OP_RELU6: case OP_RELU_N1_TO_1:
    case OP_HARD_SWISH: case OP_ARG_MAX: case OP_SPLIT: case OP_SLICE: case OP_PACK: case OP_UNPACK: case OP_TILE:
    case OP_GATHER_ND: case OP_MIRROR_PAD: case OP_DIV: case OP_SQRT: case OP_RSQRT: case OP_SQUARED_DIFFERENCE:
    case OP_TRANSPOSE:
      return plain_version(sg, op, c->version);
    case OP_CAST: /* kept only where its tensors keep their types (see checked_float_version) */
      return c->version;
    case OP_CUSTOM:
      return c->custom_code && strcmp(c->custom_code, detection_postprocess) == 0 ? c->version : 0;
    default:
      return 0;
  }
}

/* True when tflc's registry runs the op with float32 tensors. */
static bool tflc_runs_float(const tflc_model_opcode *c) {
  tflc_registered_op r;
  for (size_t i = 0; tflc_registry_entry(i, &r); i++) {
    bool same = r.builtin_code == c->builtin_code &&
                (c->builtin_code != OP_CUSTOM || (c->custom_code && r.custom_name && strcmp(c->custom_code, r.custom_name) == 0));
    if (same) return (r.types & (1u << kTfLiteFloat32)) != 0;
  }
  return false;
}

/* ---- Options, copied through the schema's layout of each options table ---- */

/*
** Field layouts of the BuiltinOptions tables of the ops above, one letter per field in
** schema order: b = 1-byte scalar, i = 4-byte scalar (int or float, copied as bits),
** v = [int] vector. Indexed by the union tag (BuiltinOptions numbering).
*/
static const char *options_layout(uint8_t options_type) {
  switch (options_type) {
    case 1: return "biibiib";   /* Conv2DOptions */
    case 2: return "biiibii";   /* DepthwiseConv2DOptions */
    case 5: return "biiiib";    /* Pool2DOptions */
    case 8: return "bbbbb";     /* FullyConnectedOptions */
    case 9: return "i";         /* SoftmaxOptions (beta: float) */
    case 10: return "ib";       /* ConcatenationOptions */
    case 11: return "bb";       /* AddOptions */
    case 15: return "iibb";     /* ResizeBilinearOptions */
    case 17: return "v";        /* ReshapeOptions */
    case 21: return "b";        /* MulOptions */
    case 22: return "";         /* PadOptions */
    case 23: return "ii";       /* GatherOptions */
    case 27: return "b";        /* ReducerOptions */
    case 26: return "";         /* TransposeOptions */
    case 28: return "bb";       /* SubOptions */
    case 29: return "b";        /* DivOptions */
    case 30: return "v";        /* SqueezeOptions */
    case 32: return "iiiiib";   /* StridedSliceOptions */
    case 35: return "i";        /* SplitOptions */
    case 37: return "bb";       /* CastOptions */
    case 40: return "b";        /* ArgMaxOptions */
    case 43: return "";         /* PadV2Options */
    case 48: return "";         /* SliceOptions */
    case 49: return "biibb";    /* TransposeConvOptions */
    case 51: return "";         /* TileOptions */
    case 52: return "";         /* ExpandDimsOptions */
    case 55: return "b";        /* ShapeOptions */
    case 65: return "";         /* FloorDivOptions */
    case 59: return "ii";       /* PackOptions */
    case 64: return "ii";       /* UnpackOptions */
    case 74: return "bb";       /* ResizeNearestNeighborOptions */
    case 76: return "";         /* SquaredDifferenceOptions */
    case 77: return "b";        /* MirrorPadOptions */
    case 83: return "";         /* GatherNdOptions */
    case 91: return "";         /* HardSwishOptions */
    default: return NULL;
  }
}

/* Options fields gathered for the writer; vectors point into `ints`. */
typedef struct twin_options {
  int32_t nfields;
  tflc_writer_field fields[16];
  int32_t *ints[16]; /* malloc'd copies of vector fields */
} twin_options;

static void twin_options_free(twin_options *o) {
  for (int32_t i = 0; i < 16; i++) free(o->ints[i]);
}

/* Copies an [int] vector field into a new array; fails on a malformed vector or no memory. */
static TfLiteStatus copy_int_vector(const tflc_fb_table *t, int field, twin_options *o, twin_error *e, int32_t index) {
  tflc_fb_vector v;
  if (tflc_fb_vector_field(t, field, 4, &v) != TFLC_FB_OK) return fail(e, "op %d: options field %d is not an [int] vector", (int)index, field);
  int32_t *ints = malloc(v.length ? (size_t)v.length * sizeof *ints : 1);
  if (ints == NULL) return fail(e, "op %d: out of memory copying options field %d (%u ints)", (int)index, field, v.length);
  for (uint32_t k = 0; k < v.length; k++) ints[k] = tflc_fb_vector_i32(&v, k);
  o->ints[o->nfields] = ints;
  o->fields[o->nfields] = TFLC_WRITER_INTS(field, ints, (int32_t)v.length);
  return kTfLiteOk;
}

static TfLiteStatus copy_options(const tflc_model *m, const tflc_model_operator *op, int32_t index, twin_options *o,
                                 twin_error *e) {
  memset(o, 0, sizeof *o);
  if (op->options2_type != 0)
    return fail(e, "op %d (%s): has BuiltinOptions2 (type %d), which the conversion does not copy", (int)index,
                op_name(m, op), (int)op->options2_type);
  if (op->options_type == 0 || !op->options.present) return kTfLiteOk;
  const char *layout = options_layout(op->options_type);
  if (layout == NULL)
    return fail(e, "op %d (%s): options type %d is not known to the conversion", (int)index, op_name(m, op),
                (int)op->options_type);
  for (int field = 0; layout[field] != 0; field++) {
    if (!tflc_fb_has(&op->options, field)) continue;
    if (layout[field] == 'v') {
      if (copy_int_vector(&op->options, field, o, e, index) != kTfLiteOk) return kTfLiteError;
    } else if (layout[field] == 'b') {
      o->fields[o->nfields] = TFLC_WRITER_I8(field, tflc_fb_u8(&op->options, field, 0));
    } else {
      o->fields[o->nfields] = TFLC_WRITER_I32(field, (int32_t)tflc_fb_u32(&op->options, field, 0));
    }
    o->nfields++;
  }
  return kTfLiteOk;
}

/* ---- The clamp an output's quantization implies, made explicit ---- */

/*
** Where a quantized op's output range starts at exactly 0 (zero point = the type's minimum),
** the quantized op clamps at 0 whatever its fused activation says; converters rely on it and
** drop RELU6 when the range is [0, 6] (the hosted SSD MobileNet does, for 27 ops). The twin
** keeps that meaning by fusing RELU6 (range within one step of [0, 6]) or RELU (any other
** range starting at 0) into ops that have a fused activation and none set.
*/
enum { ACT_NONE = 0, ACT_RELU = 1, ACT_RELU6 = 3 };

/*
** The options table tag and fused-activation field of ops that have one; false otherwise.
** (Not CONCATENATION: TFLite 2.9's float concatenation refuses any fused activation.)
*/
static bool activation_field(int32_t code, uint8_t *options_type, int *field) {
  switch (code) {
    case OP_CONV_2D: *options_type = 1, *field = 3; return true;
    case OP_DEPTHWISE_CONV_2D: *options_type = 2, *field = 4; return true;
    case OP_AVERAGE_POOL_2D: case OP_MAX_POOL_2D: *options_type = 5, *field = 5; return true;
    case OP_FULLY_CONNECTED: *options_type = 8, *field = 0; return true;
    case OP_ADD: *options_type = 11, *field = 0; return true;
    case OP_MUL: *options_type = 21, *field = 0; return true;
    case OP_SUB: *options_type = 28, *field = 0; return true;
    default: return false;
  }
}

/* The activation that the quantization of tensor t implies (ACT_NONE when its range is not [0, x]). */
static int implied_activation(const tflc_model_tensor *t) {
  if (t->nquant != 1 || (t->type != kTfLiteUInt8 && t->type != kTfLiteInt8)) return ACT_NONE;
  int64_t qmin = t->type == kTfLiteUInt8 ? 0 : -128;
  if (t->zero_points[0] != qmin) return ACT_NONE;
  double scale = t->scales[0], top = scale * 255.0;
  return fabs(top - 6.0) <= scale ? ACT_RELU6 : ACT_RELU;
}

/* ---- Tensors ---- */

/* IEEE half-precision bits to float (every half is exactly a float). */
static float half_to_float(uint16_t h) {
  int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  float sign = (h & 0x8000) ? -1.0f : 1.0f;
  if (exponent == 0) return sign * ldexpf((float)mantissa, -24);
  if (exponent == 31) return mantissa ? NAN : sign * INFINITY;
  return sign * ldexpf((float)(mantissa | 0x400), exponent - 25);
}

/* Element i of a constant of an integer type, as a double (exact for every type here). */
static double integer_at(const uint8_t *data, TfLiteType type, int64_t i) {
  switch (type) {
    case kTfLiteUInt8: return data[i];
    case kTfLiteInt8: return (int8_t)data[i];
    case kTfLiteInt16: { int16_t v; memcpy(&v, data + 2 * i, 2); return v; }
    case kTfLiteInt32: { int32_t v; memcpy(&v, data + 4 * i, 4); return v; }
    default: { int64_t v; memcpy(&v, data + 8 * i, 8); return (double)v; }
  }
}

/*
** The float values of a constant: scale[c] * (q - zero_point[c]) with c the index along the
** quantized dimension (one scale: c = 0), or half-to-float. Returns a malloc'd array.
*/
static float *dequantize_constant(const tflc_model *m, const tflc_model_tensor *t, int32_t index, twin_error *e) {
  int64_t n = tflc_shape_elements(t->ndims, t->dims);
  const uint8_t *data = m->buffers[t->buffer].data;
  float *out = malloc(n > 0 ? (size_t)n * sizeof *out : 1);
  if (n < 0 || out == NULL) {
    free(out);
    fail(e, "tensor %d (%s): out of memory dequantizing %lld elements", (int)index, t->name, (long long)n);
    return NULL;
  }
  if (t->type == kTfLiteFloat16) {
    for (int64_t i = 0; i < n; i++) {
      uint16_t h;
      memcpy(&h, data + 2 * i, 2);
      out[i] = half_to_float(h);
    }
    return out;
  }
  int64_t inner = 1, channels = 1;
  if (t->nquant > 1) {
    channels = t->dims[t->quantized_dimension];
    for (int32_t d = t->quantized_dimension + 1; d < t->ndims; d++) inner *= t->dims[d];
  }
  for (int64_t i = 0; i < n; i++) {
    int64_t c = t->nquant > 1 ? (i / inner) % channels : 0;
    out[i] = (float)((double)t->scales[c] * (integer_at(data, t->type, i) - (double)t->zero_points[c]));
  }
  return out;
}

/* Checks what dequantize_constant relies on: per-channel scales match their dimension. */
static TfLiteStatus check_quantization(const tflc_model_tensor *t, int32_t index, twin_error *e) {
  if (t->is_sparse) return fail(e, "tensor %d (%s): sparse tensors are not converted", (int)index, t->name);
  if (t->nquant > 1 && (t->quantized_dimension < 0 || t->quantized_dimension >= t->ndims ||
                        t->dims[t->quantized_dimension] != t->nquant))
    return fail(e, "tensor %d (%s): %d scales do not match dimension %d of %s", (int)index, t->name, (int)t->nquant,
                (int)t->quantized_dimension, tflc_shape_text(t->ndims, t->dims).text);
  return kTfLiteOk;
}

/* Adds tensor `index` of the model to the twin, converted; returns its new index or -1. */
static int32_t add_twin_tensor(tflc_writer *w, const tflc_model *m, const tflc_model_tensor *t, int32_t index,
                               tflc_dequantize_stats *stats, twin_error *e) {
  if (check_quantization(t, index, e) != kTfLiteOk) return -1;
  tflc_writer_tensor spec = {.type = t->type, .ndims = t->ndims, .name = t->name, .is_variable = t->is_variable,
                             .nscales = t->nquant, .scales = t->scales, .zero_points = t->zero_points,
                             .quantized_dimension = t->quantized_dimension};
  memcpy(spec.dims, t->dims, sizeof spec.dims);
  bool constant = is_constant(m, t), to_float = becomes_float(m, t);
  float *values = NULL;
  if (to_float) {
    spec.type = kTfLiteFloat32;
    spec.nscales = 0;
    if (constant) {
      values = dequantize_constant(m, t, index, e);
      if (values == NULL) return -1;
      spec.data = values;
      spec.data_size = (size_t)tflc_shape_elements(t->ndims, t->dims) * sizeof(float);
      stats->constants_dequantized++;
    } else {
      stats->activations_floated++;
    }
  } else if (constant) {
    spec.data = m->buffers[t->buffer].data;
    spec.data_size = m->buffers[t->buffer].size;
  }
  int32_t added = tflc_writer_add_tensor(w, &spec);
  free(values);
  if (added < 0) fail(e, "tensor %d (%s): %s", (int)index, t->name, tflc_writer_error(w));
  return added;
}

/* ---- The conversion ---- */

typedef struct twin_state {
  const tflc_model *model;
  const tflc_model_subgraph *sg;
  tflc_writer *w;
  int32_t *alias;  /* [ntensors]: tensor -> tensor standing for it (dropped ops) */
  int32_t *mapped; /* [ntensors]: tensor -> index in the twin, -1 = not added yet */
  tflc_dequantize_stats stats;
  twin_error *e;
} twin_state;

/* The twin's index of model tensor t (added on first use); -1 stays -1 (omitted input). */
static int32_t twin_tensor(twin_state *s, int32_t t, bool *ok) {
  if (t < 0) return -1;
  int32_t r = resolve(s->alias, t);
  if (s->mapped[r] < 0) {
    s->mapped[r] = add_twin_tensor(s->w, s->model, &s->sg->tensors[r], r, &s->stats, s->e);
    if (s->mapped[r] < 0) *ok = false;
  }
  return s->mapped[r];
}

static TfLiteStatus map_list(twin_state *s, int32_t n, const int32_t *from, int32_t *to) {
  bool ok = true;
  for (int32_t i = 0; i < n && ok; i++) to[i] = twin_tensor(s, from[i], &ok);
  return ok ? kTfLiteOk : kTfLiteError;
}

/* True when some input or output of the op becomes float32 in the twin. */
static bool op_changes(const twin_state *s, const tflc_model_operator *op) {
  for (int32_t i = 0; i < op->ninputs; i++)
    if (op->inputs[i] >= 0 && becomes_float(s->model, &s->sg->tensors[op->inputs[i]])) return true;
  for (int32_t i = 0; i < op->noutputs; i++)
    if (op->outputs[i] >= 0 && becomes_float(s->model, &s->sg->tensors[op->outputs[i]])) return true;
  return false;
}

/*
** Checks that the op has a float form TFLite 2.9 and tflc both run; returns its version or 0.
** An op none of whose tensors change (int32 index arithmetic, a custom op on float or string
** tensors) stays as it is.
*/
static int32_t checked_float_version(twin_state *s, const tflc_model_operator *op, int32_t index) {
  const tflc_model_opcode *c = &s->model->opcodes[op->opcode_index];
  if (!op_changes(s, op)) return c->version;
  int32_t version = float_version(s->model, s->sg, op);
  if (version == 0 && c->builtin_code == OP_CUSTOM)
    return fail(s->e, "op %d: custom op %s has quantized-only semantics or is unknown to the conversion (only %s is kept)",
                (int)index, op_name(s->model, op), detection_postprocess), 0;
  if (version == 0)
    return fail(s->e, "op %d (%s): no float form known to the conversion", (int)index, op_name(s->model, op)), 0;
  if (c->builtin_code == OP_CAST && op->ninputs >= 1 && op->noutputs >= 1 && op->inputs[0] >= 0 && op->outputs[0] >= 0 &&
      (becomes_float(s->model, &s->sg->tensors[op->inputs[0]]) || becomes_float(s->model, &s->sg->tensors[op->outputs[0]])))
    return fail(s->e, "op %d (CAST): casts quantized values, which has no float form", (int)index), 0;
  int32_t bias = op->ninputs >= 3 && (c->builtin_code == OP_CONV_2D || c->builtin_code == OP_DEPTHWISE_CONV_2D ||
                                       c->builtin_code == OP_FULLY_CONNECTED) ? op->inputs[2] : -1;
  if (bias >= 0 && !becomes_float(s->model, &s->sg->tensors[bias]) && s->sg->tensors[bias].type != kTfLiteFloat32)
    return fail(s->e, "op %d (%s): bias tensor %d (%s) is %s without quantization; its scale is unknown", (int)index,
                op_name(s->model, op), (int)bias, s->sg->tensors[bias].name, TfLiteTypeGetName(s->sg->tensors[bias].type)), 0;
  if (!tflc_runs_float(c))
    return fail(s->e, "op %d (%s): tflc has no float32 kernel for it", (int)index, op_name(s->model, op)), 0;
  if (op->ninputs > TFLC_WRITER_MAX_OP_IO || op->noutputs > TFLC_WRITER_MAX_OP_IO)
    return fail(s->e, "op %d (%s): %d inputs, %d outputs (at most %d)", (int)index, op_name(s->model, op),
                (int)op->ninputs, (int)op->noutputs, TFLC_WRITER_MAX_OP_IO), 0;
  return version;
}

/* Fuses the activation the op's output quantization implies when the op has none set. */
static void fuse_implied_activation(twin_state *s, const tflc_model_operator *op, twin_options *o, uint8_t *options_type) {
  uint8_t type;
  int field;
  int32_t code = s->model->opcodes[op->opcode_index].builtin_code;
  if (!activation_field(code, &type, &field) || op->noutputs < 1 || op->outputs[0] < 0) return;
  int act = implied_activation(&s->sg->tensors[op->outputs[0]]);
  if (act == ACT_NONE || (*options_type != 0 && *options_type != type)) return;
  for (int32_t i = 0; i < o->nfields; i++) {
    if (o->fields[i].id != field) continue;
    if (o->fields[i].i != ACT_NONE) return; /* an explicit activation stays as it is */
    o->fields[i].i = act;
    s->stats.activations_fused++;
    return;
  }
  *options_type = type;
  o->fields[o->nfields++] = TFLC_WRITER_I8(field, act);
  s->stats.activations_fused++;
}

static TfLiteStatus add_twin_op(twin_state *s, int32_t index) {
  const tflc_model_operator *op = &s->sg->operators[index];
  const tflc_model_opcode *c = &s->model->opcodes[op->opcode_index];
  int32_t version = checked_float_version(s, op, index);
  if (version == 0) return kTfLiteError;
  if (op->nintermediates > 0)
    return fail(s->e, "op %d (%s): has intermediate tensors (a quantized-only form)", (int)index, op_name(s->model, op));
  tflc_writer_operator spec = {.ninputs = op->ninputs, .noutputs = op->noutputs,
                               .custom_options = op->custom_options, .custom_options_size = op->custom_options_size};
  spec.opcode = tflc_writer_add_opcode(s->w, c->builtin_code, c->builtin_code == OP_CUSTOM ? c->custom_code : NULL, version);
  if (map_list(s, op->ninputs, op->inputs, spec.inputs) != kTfLiteOk ||
      map_list(s, op->noutputs, op->outputs, spec.outputs) != kTfLiteOk)
    return kTfLiteError;
  twin_options options;
  TfLiteStatus status = copy_options(s->model, op, index, &options, s->e);
  if (status == kTfLiteOk) {
    spec.options_type = op->options_type;
    fuse_implied_activation(s, op, &options, &spec.options_type);
    spec.nfields = options.nfields;
    spec.fields = options.fields;
    if (spec.opcode < 0 || tflc_writer_add_operator(s->w, &spec) < 0)
      status = fail(s->e, "op %d (%s): %s", (int)index, op_name(s->model, op), tflc_writer_error(s->w));
  }
  twin_options_free(&options);
  s->stats.ops_kept++;
  return status;
}

static TfLiteStatus convert_subgraph(twin_state *s) {
  const tflc_model_subgraph *sg = s->sg;
  for (int32_t i = 0; i < sg->noperators; i++) {
    if (!is_dropped_op(s->model, &sg->operators[i])) continue;
    if (merge_dropped(s->model, sg, i, s->alias, s->e) != kTfLiteOk) return kTfLiteError;
    s->stats.ops_dropped++;
  }
  int32_t io[2 * TFLC_WRITER_MAX_OP_IO];
  if (sg->ninputs > 2 * TFLC_WRITER_MAX_OP_IO || sg->noutputs > 2 * TFLC_WRITER_MAX_OP_IO)
    return fail(s->e, "subgraph has %d inputs and %d outputs (at most %d each)", (int)sg->ninputs, (int)sg->noutputs,
                2 * TFLC_WRITER_MAX_OP_IO);
  /* Inputs first, so they keep the lowest indices as converters write them. */
  if (map_list(s, sg->ninputs, sg->inputs, io) != kTfLiteOk) return kTfLiteError;
  tflc_writer_set_inputs(s->w, sg->ninputs, io);
  for (int32_t i = 0; i < sg->noperators; i++)
    if (!is_dropped_op(s->model, &sg->operators[i]) && add_twin_op(s, i) != kTfLiteOk) return kTfLiteError;
  if (map_list(s, sg->noutputs, sg->outputs, io) != kTfLiteOk) return kTfLiteError;
  tflc_writer_set_outputs(s->w, sg->noutputs, io);
  return kTfLiteOk;
}

TfLiteStatus tflc_dequantize_model(const tflc_model *model, uint8_t **out, size_t *size, tflc_dequantize_stats *stats,
                                   char *err, size_t errlen) {
  twin_error e = {err, errlen};
  *out = NULL;
  *size = 0;
  if (errlen > 0) err[0] = 0;
  if (model->nsubgraphs != 1)
    return fail(&e, "the model has %d subgraphs; the conversion handles models with one", (int)model->nsubgraphs);
  twin_state s = {.model = model, .sg = &model->subgraphs[0], .e = &e};
  int32_t n = s.sg->ntensors;
  s.alias = malloc(((size_t)n + 1) * sizeof *s.alias);
  s.mapped = malloc(((size_t)n + 1) * sizeof *s.mapped);
  s.w = tflc_writer_init();
  TfLiteStatus status = kTfLiteError;
  if (s.alias == NULL || s.mapped == NULL || s.w == NULL) {
    fail(&e, "out of memory converting a model of %d tensors", (int)n);
  } else {
    for (int32_t i = 0; i < n; i++) s.alias[i] = i, s.mapped[i] = -1;
    status = convert_subgraph(&s);
    if (status == kTfLiteOk && tflc_writer_finish(s.w, out, size) != kTfLiteOk)
      status = fail(&e, "writing the twin: %s", tflc_writer_error(s.w));
  }
  if (stats) *stats = s.stats;
  tflc_writer_free(s.w);
  free(s.alias);
  free(s.mapped);
  return status;
}
