/*
** netbuilder.c — synthetic networks as .tflite files (see netbuilder.h for the contract).
**
** Every builder call appends an activation tensor to the net's table (nb_t is its position
** there), its constants to the writer, and one or two operators. The float and the uint8
** passes of nb_make_file run the same architecture function, so they create the same tensors
** in the same order and draw the same weights; the uint8 pass looks up each activation's
** calibrated range by its position.
*/
#include "netbuilder.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/writer.h"
#include "tensorflow/lite/c/c_api.h"
#include "tflc/runtime.h"

/* Builtin operator codes (schema.fbs BuiltinOperator). */
enum {
  OP_ADD = 0, OP_AVERAGE_POOL_2D = 1, OP_CONCATENATION = 2, OP_CONV_2D = 3, OP_DEPTHWISE_CONV_2D = 4,
  OP_FULLY_CONNECTED = 9, OP_MAX_POOL_2D = 17, OP_MUL = 18, OP_RELU = 19, OP_RELU6 = 21, OP_RESHAPE = 22,
  OP_SOFTMAX = 25, OP_PAD = 34, OP_MEAN = 40, OP_SQUEEZE = 43, OP_STRIDED_SLICE = 45,
};
/* Options table tags (schema.fbs BuiltinOptions). */
enum {
  OPT_CONV_2D = 1, OPT_DEPTHWISE_CONV_2D = 2, OPT_POOL_2D = 5, OPT_FULLY_CONNECTED = 8, OPT_SOFTMAX = 9,
  OPT_CONCATENATION = 10, OPT_ADD = 11, OPT_RESHAPE = 17, OPT_MUL = 21, OPT_PAD = 22, OPT_REDUCER = 27,
  OPT_SQUEEZE = 30, OPT_STRIDED_SLICE = 32,
};

#define NB_MAX_CONCAT 64
/* Smallest calibrated range kept, so that a tensor that happened to be all zeros still gets a usable scale. */
#define NB_MIN_RANGE 0.01f
/* TOCO-era uint8 image input: real = (q - 128) / 128, i.e. [-1, 1). */
#define NB_INPUT_SCALE 0.0078125f
#define NB_INPUT_ZERO_POINT 128

typedef struct nb_tensor {
  int32_t index;         /* tensor index in the writer */
  int ndims;
  int dims[4];
  float scale;           /* NB_UINT8 only */
  int32_t zero_point;
} nb_tensor;

/* How an op's output gets its quantization in the uint8 pass. */
typedef enum { QUANT_CALIBRATED, QUANT_SAME_AS_INPUT, QUANT_SOFTMAX, QUANT_INPUT } quant_rule;

struct nb_net {
  nb_dtype dtype;
  uint64_t rng;               /* splitmix64 state: draws every weight */
  tflc_writer *w;
  nb_tensor *tensors;         /* [ntensors]: activations, nb_t indexes it */
  int ntensors, tensors_cap;
  int32_t *outputs;           /* [noutputs]: nb_t of the graph outputs */
  int noutputs, outputs_cap;
  bool calibrating;           /* float pass whose outputs are all activations but the input */
  const float *ranges;        /* uint8 pass: [nranges][2] calibrated min, max per nb_t */
  int nranges;
  char error[512];
};

/* ---- errors, random numbers ---------------------------------------------------------- */

/* Records the first error; later ones are consequences of it. Returns -1 for `return fail(...)`. */
static int fail(nb_net *n, const char *fmt, ...) {
  if (n->error[0]) return -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(n->error, sizeof n->error, fmt, ap);
  va_end(ap);
  return -1;
}

/* splitmix64: small, seedable, and the same on every platform. */
static uint64_t next_u64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [lo, hi), from 24 random bits (exact in float). */
static float uniform(uint64_t *state, float lo, float hi) {
  return lo + (hi - lo) * (float)(next_u64(state) >> 40) * (1.0f / 16777216.0f);
}

/* ---- quantization ------------------------------------------------------------------- */

/* uint8 scale and zero point for [lo, hi] widened to hold 0 (TOCO's nudging: 0 is exact). */
static void range_to_quant(float lo, float hi, float *scale, int32_t *zero_point) {
  if (lo > 0) lo = 0;
  if (hi < 0) hi = 0;
  if (hi - lo < NB_MIN_RANGE) hi = lo + NB_MIN_RANGE;
  *scale = (hi - lo) / 255.0f;
  double zp = round(-(double)lo / *scale);
  *zero_point = zp < 0 ? 0 : zp > 255 ? 255 : (int32_t)zp;
}

/* Per-tensor asymmetric uint8 of `count` floats, from their own range. */
static void quantize_values(const float *v, size_t count, uint8_t *q, float *scale, int32_t *zero_point) {
  float lo = 0, hi = 0;
  for (size_t i = 0; i < count; i++) lo = v[i] < lo ? v[i] : lo, hi = v[i] > hi ? v[i] : hi;
  range_to_quant(lo, hi, scale, zero_point);
  for (size_t i = 0; i < count; i++) {
    double r = round(v[i] / *scale) + *zero_point;
    q[i] = r < 0 ? 0 : r > 255 ? 255 : (uint8_t)r;
  }
}

/* ---- tensors and operators ---------------------------------------------------------- */

static bool valid(const nb_net *n, nb_t x) { return !n->error[0] && x >= 0 && x < n->ntensors; }

static int64_t element_count(int ndims, const int *dims) {
  int64_t count = 1;
  for (int i = 0; i < ndims; i++) count *= dims[i];
  return count;
}

/* Fails unless x is a valid 4-D tensor; `what` names the builder for the message. */
static int need_4d(nb_net *n, nb_t x, const char *what) {
  if (n->error[0]) return -1;
  if (x < 0 || x >= n->ntensors)
    return fail(n, "%s: tensor %d does not exist (%d made so far)", what, (int)x, n->ntensors);
  if (n->tensors[x].ndims != 4) return fail(n, "%s: tensor %d is %d-D, needs NHWC", what, (int)x, n->tensors[x].ndims);
  return 0;
}

/* The writer's first error becomes the net's. */
static int check_writer(nb_net *n, int32_t result) {
  if (result < 0) return fail(n, "model writer: %s", tflc_writer_error(n->w));
  return 0;
}

/* Quantization of the next activation (position n->ntensors) by `rule`. */
static int choose_quant(nb_net *n, quant_rule rule, nb_t like, float *scale, int32_t *zero_point) {
  if (rule == QUANT_SOFTMAX) {
    *scale = 1.0f / 256.0f, *zero_point = 0;
  } else if (rule == QUANT_INPUT) {
    *scale = NB_INPUT_SCALE, *zero_point = NB_INPUT_ZERO_POINT;
  } else if (rule == QUANT_SAME_AS_INPUT) {
    *scale = n->tensors[like].scale, *zero_point = n->tensors[like].zero_point;
  } else {
    int id = n->ntensors;
    if (id >= n->nranges)
      return fail(n, "tensor %d has no calibrated range: the uint8 pass made more tensors than the float pass (%d)", id,
                  n->nranges);
    range_to_quant(n->ranges[2 * id], n->ranges[2 * id + 1], scale, zero_point);
  }
  return 0;
}

/* Appends an activation tensor ("kind_id") of the given shape; returns its nb_t or -1. */
static nb_t new_activation(nb_net *n, const char *kind, int ndims, const int *dims, quant_rule rule, nb_t like) {
  if (n->error[0]) return -1;
  if (ndims < 1 || ndims > 4) return fail(n, "%s: %d dims (1 to 4)", kind, ndims);
  for (int i = 0; i < ndims; i++)
    if (dims[i] <= 0) return fail(n, "%s: output dimension %d is %d (the input is too small)", kind, i, dims[i]);
  /* Copied before the table grows: dims may point into it (an op whose output has its input's shape). */
  nb_tensor t = {.ndims = ndims};
  memcpy(t.dims, dims, (size_t)ndims * sizeof *dims);
  if (n->ntensors == n->tensors_cap) {
    int cap = n->tensors_cap ? 2 * n->tensors_cap : 256;
    nb_tensor *grown = realloc(n->tensors, (size_t)cap * sizeof *grown);
    if (grown == NULL) return fail(n, "out of memory for %d tensors", cap);
    n->tensors = grown, n->tensors_cap = cap;
  }
  tflc_writer_tensor spec = {.type = n->dtype == NB_UINT8 ? kTfLiteUInt8 : kTfLiteFloat32, .ndims = ndims};
  for (int i = 0; i < ndims; i++) spec.dims[i] = t.dims[i];
  int64_t zero_point64 = 0;
  if (n->dtype == NB_UINT8) {
    if (choose_quant(n, rule, like, &t.scale, &t.zero_point) != 0) return -1;
    zero_point64 = t.zero_point;
    spec.nscales = 1, spec.scales = &t.scale, spec.zero_points = &zero_point64;
  }
  char name[64];
  snprintf(name, sizeof name, "%s_%d", kind, n->ntensors);
  spec.name = name;
  t.index = tflc_writer_add_tensor(n->w, &spec);
  if (check_writer(n, t.index) != 0) return -1;
  n->tensors[n->ntensors] = t;
  return n->ntensors++;
}

/* A constant of floats: float32 as is, or per-tensor uint8 from its own range. */
static int32_t add_const_values(nb_net *n, const char *name, int ndims, const int *dims, const float *values,
                                float *scale_out) {
  tflc_writer_tensor spec = {.ndims = ndims, .name = name};
  for (int i = 0; i < ndims; i++) spec.dims[i] = dims[i];
  size_t count = (size_t)element_count(ndims, dims);
  if (n->dtype == NB_FLOAT32) {
    spec.type = kTfLiteFloat32, spec.data = values, spec.data_size = count * sizeof(float);
    int32_t index = tflc_writer_add_tensor(n->w, &spec);
    return check_writer(n, index) == 0 ? index : -1;
  }
  uint8_t *q = malloc(count);
  if (q == NULL) return fail(n, "%s: out of memory for %zu weights", name, count);
  float scale;
  int32_t zero_point;
  quantize_values(values, count, q, &scale, &zero_point);
  int64_t zero_point64 = zero_point;
  spec.type = kTfLiteUInt8, spec.data = q, spec.data_size = count;
  spec.nscales = 1, spec.scales = &scale, spec.zero_points = &zero_point64;
  int32_t index = tflc_writer_add_tensor(n->w, &spec);
  free(q);
  if (scale_out) *scale_out = scale;
  return check_writer(n, index) == 0 ? index : -1;
}

/* A bias: float32, or int32 with scale input_scale * weight_scale as TFLite requires. */
static int32_t add_bias(nb_net *n, const char *name, int count, const float *values, nb_t input, float weight_scale) {
  tflc_writer_tensor spec = {.ndims = 1, .dims = {count}, .name = name};
  if (n->dtype == NB_FLOAT32) {
    spec.type = kTfLiteFloat32, spec.data = values, spec.data_size = (size_t)count * sizeof(float);
    int32_t index = tflc_writer_add_tensor(n->w, &spec);
    return check_writer(n, index) == 0 ? index : -1;
  }
  int32_t *q = malloc((size_t)count * sizeof *q);
  if (q == NULL) return fail(n, "%s: out of memory for %d biases", name, count);
  /* TFLite computes the product in double from the two float scales; the stored float is within its tolerance. */
  float scale = (float)((double)n->tensors[input].scale * weight_scale);
  for (int i = 0; i < count; i++) q[i] = (int32_t)lround(values[i] / (double)scale);
  int64_t zero_point = 0;
  spec.type = kTfLiteInt32, spec.data = q, spec.data_size = (size_t)count * sizeof *q;
  spec.nscales = 1, spec.scales = &scale, spec.zero_points = &zero_point;
  int32_t index = tflc_writer_add_tensor(n->w, &spec);
  free(q);
  return check_writer(n, index) == 0 ? index : -1;
}

/* An int32 constant (shapes, paddings, axes). */
static int32_t add_const_ints(nb_net *n, const char *name, int ndims, const int *dims, const int32_t *values) {
  tflc_writer_tensor spec = {.type = kTfLiteInt32, .ndims = ndims, .name = name};
  for (int i = 0; i < ndims; i++) spec.dims[i] = dims[i];
  spec.data = values, spec.data_size = (size_t)element_count(ndims, dims) * sizeof(int32_t);
  int32_t index = tflc_writer_add_tensor(n->w, &spec);
  return check_writer(n, index) == 0 ? index : -1;
}

/* Appends operator `builtin` (version 1, as the 2018 hosted models have) from writer tensor indices. */
static int add_op(nb_net *n, int32_t builtin, int ninputs, const int32_t *inputs, nb_t output, uint8_t options_type,
                  int nfields, const tflc_writer_field *fields) {
  if (n->error[0] || output < 0) return -1;
  for (int i = 0; i < ninputs; i++)
    if (inputs[i] < 0) return fail(n, "operator %d: input %d was not made", (int)builtin, i);
  int32_t code = tflc_writer_add_opcode(n->w, builtin, NULL, 1);
  if (check_writer(n, code) != 0) return -1;
  tflc_writer_operator op = {.opcode = code, .ninputs = ninputs, .noutputs = 1,
                             .outputs = {n->tensors[output].index}, .options_type = options_type,
                             .nfields = nfields, .fields = fields};
  memcpy(op.inputs, inputs, (size_t)ninputs * sizeof *inputs);
  return check_writer(n, tflc_writer_add_operator(n->w, &op));
}

/* Draws `count` values uniform in [lo, hi) into a new array (caller frees); NULL on failure. */
static float *draw(nb_net *n, const char *what, size_t count, float lo, float hi) {
  float *v = malloc(count ? count * sizeof *v : 1);
  if (v == NULL) {
    fail(n, "%s: out of memory for %zu values", what, count);
    return NULL;
  }
  for (size_t i = 0; i < count; i++) v[i] = uniform(&n->rng, lo, hi);
  return v;
}

/* schema.fbs ActivationFunctionType and Padding values. */
static int schema_activation(nb_act act) { return act == NB_ACT_RELU ? 1 : act == NB_ACT_RELU6 ? 3 : 0; }
static int schema_padding(nb_padding pad) { return pad == NB_SAME ? 0 : 1; }

/* Output length of a window op along one axis (TensorFlow's SAME / VALID rules); 0 when none fits. */
static int window_output(int in, int k, int stride, nb_padding pad) {
  if (stride <= 0 || k <= 0 || (pad == NB_VALID && in < k)) return 0;
  return pad == NB_SAME ? (in + stride - 1) / stride : (in - k) / stride + 1;
}

/* ---- lifecycle ---------------------------------------------------------------------- */

nb_net *nb_create(nb_dtype dtype, uint64_t seed) {
  nb_net *n = calloc(1, sizeof *n);
  if (n == NULL) return NULL;
  n->w = tflc_writer_init();
  if (n->w == NULL) return free(n), NULL;
  n->dtype = dtype;
  n->rng = seed;
  if (dtype == NB_UINT8) fail(n, "uint8 networks need calibrated ranges: make them with nb_make_file");
  return n;
}

void nb_free(nb_net *n) {
  if (n == NULL) return;
  tflc_writer_free(n->w);
  free(n->tensors);
  free(n->outputs);
  free(n);
}

const char *nb_error(const nb_net *n) { return n->error; }
int nb_tensor_count(const nb_net *n) { return n->ntensors; }

int nb_dim(const nb_net *n, nb_t x, int axis) {
  if (x < 0 || x >= n->ntensors || axis < 0 || axis >= n->tensors[x].ndims) return -1;
  return n->tensors[x].dims[axis];
}

void nb_output(nb_net *n, nb_t x) {
  if (!valid(n, x)) return (void)fail(n, "nb_output: tensor %d does not exist", (int)x);
  if (n->noutputs == n->outputs_cap) {
    int cap = n->outputs_cap ? 2 * n->outputs_cap : 8;
    int32_t *grown = realloc(n->outputs, (size_t)cap * sizeof *grown);
    if (grown == NULL) return (void)fail(n, "out of memory for %d outputs", cap);
    n->outputs = grown, n->outputs_cap = cap;
  }
  n->outputs[n->noutputs++] = x;
}

/* Sets the graph's inputs and outputs and serializes it (bytes freed by the caller). */
static int serialize(nb_net *n, uint8_t **bytes, size_t *size) {
  *bytes = NULL;
  if (n->error[0]) return -1;
  if (n->ntensors == 0) return fail(n, "the network has no input (nb_input was not called)");
  if (n->noutputs == 0) return fail(n, "the network has no output (nb_output was not called)");
  int count = n->calibrating ? n->ntensors - 1 : n->noutputs;
  int32_t *outputs = malloc((size_t)count * sizeof *outputs);
  if (outputs == NULL) return fail(n, "out of memory for %d outputs", count);
  for (int i = 0; i < count; i++) outputs[i] = n->tensors[n->calibrating ? i + 1 : n->outputs[i]].index;
  TfLiteStatus status = tflc_writer_set_inputs(n->w, 1, &n->tensors[0].index);
  if (status == kTfLiteOk) status = tflc_writer_set_outputs(n->w, count, outputs);
  free(outputs);
  if (status == kTfLiteOk) status = tflc_writer_finish(n->w, bytes, size);
  if (status != kTfLiteOk) return fail(n, "model writer: %s", tflc_writer_error(n->w));
  return 0;
}

int nb_finish(nb_net *n, const char *path) {
  uint8_t *bytes;
  size_t size;
  if (serialize(n, &bytes, &size) != 0) return -1;
  FILE *f = fopen(path, "wb");
  int rc = 0;
  if (f == NULL) {
    rc = fail(n, "cannot create %s", path);
  } else {
    if (fwrite(bytes, 1, size, f) != size) rc = fail(n, "cannot write %zu bytes to %s", size, path);
    if (fclose(f) != 0 && rc == 0) rc = fail(n, "cannot write %s", path);
  }
  free(bytes);
  return rc;
}

/* ---- the builders ------------------------------------------------------------------- */

nb_t nb_input(nb_net *n, int h, int w, int c) {
  if (n->error[0]) return -1;
  if (n->ntensors != 0) return fail(n, "nb_input: the input must be the first tensor (%d made before)", n->ntensors);
  int dims[4] = {1, h, w, c};
  return new_activation(n, "input", 4, dims, QUANT_INPUT, -1);
}

nb_t nb_conv(nb_net *n, nb_t x, int cout, int kh, int kw, int stride_h, int stride_w, nb_padding pad, nb_act act) {
  if (need_4d(n, x, "nb_conv") != 0) return -1;
  const int *d = n->tensors[x].dims;
  int cin = d[3];
  if (cout <= 0) return fail(n, "nb_conv: %d output channels", cout);
  float limit = sqrtf(6.0f / (float)(kh * kw * cin)); /* He: variance 2 / fan_in */
  size_t count = (size_t)cout * kh * kw * cin;
  float *weights = draw(n, "nb_conv", count, -limit, limit);
  float *bias = weights ? draw(n, "nb_conv", (size_t)cout, -0.1f, 0.1f) : NULL;
  int out_dims[4] = {1, window_output(d[1], kh, stride_h, pad), window_output(d[2], kw, stride_w, pad), cout};
  nb_t y = bias ? new_activation(n, "conv", 4, out_dims, QUANT_CALIBRATED, -1) : -1;
  float weight_scale = 0;
  int wdims[4] = {cout, kh, kw, cin};
  int32_t wt = y >= 0 ? add_const_values(n, "conv_weights", 4, wdims, weights, &weight_scale) : -1;
  int32_t bt = wt >= 0 ? add_bias(n, "conv_bias", cout, bias, x, weight_scale) : -1;
  free(weights), free(bias);
  tflc_writer_field fields[] = {TFLC_WRITER_I8(0, schema_padding(pad)), TFLC_WRITER_I32(1, stride_w),
                                TFLC_WRITER_I32(2, stride_h), TFLC_WRITER_I8(3, schema_activation(act))};
  int32_t inputs[3] = {n->tensors[x].index, wt, bt};
  return add_op(n, OP_CONV_2D, 3, inputs, y, OPT_CONV_2D, 4, fields) == 0 ? y : -1;
}

/*
** DEPTHWISE_CONV_2D: `multiplier` outputs per input channel, the kernel dilated by `dilation`
** both ways; `what` names the builder in messages.
*/
static nb_t depthwise(nb_net *n, const char *what, nb_t x, int k, int stride, int multiplier, int dilation,
                      nb_padding pad, nb_act act) {
  if (need_4d(n, x, what) != 0) return -1;
  if (multiplier <= 0 || dilation <= 0)
    return fail(n, "%s: depth multiplier %d, dilation %d", what, multiplier, dilation);
  const int *d = n->tensors[x].dims;
  int c = d[3] * multiplier;
  int span = (k - 1) * dilation + 1; /* the dilated kernel's extent, for VALID output sizes */
  float limit = sqrtf(6.0f / (float)(k * k));
  float *weights = draw(n, what, (size_t)k * k * c, -limit, limit);
  float *bias = weights ? draw(n, what, (size_t)c, -0.1f, 0.1f) : NULL;
  int out_dims[4] = {1, window_output(d[1], span, stride, pad), window_output(d[2], span, stride, pad), c};
  nb_t y = bias ? new_activation(n, "dwconv", 4, out_dims, QUANT_CALIBRATED, -1) : -1;
  float weight_scale = 0;
  int wdims[4] = {1, k, k, c};
  int32_t wt = y >= 0 ? add_const_values(n, "dwconv_weights", 4, wdims, weights, &weight_scale) : -1;
  int32_t bt = wt >= 0 ? add_bias(n, "dwconv_bias", c, bias, x, weight_scale) : -1;
  free(weights), free(bias);
  tflc_writer_field fields[] = {TFLC_WRITER_I8(0, schema_padding(pad)), TFLC_WRITER_I32(1, stride),
                                TFLC_WRITER_I32(2, stride), TFLC_WRITER_I32(3, multiplier),
                                TFLC_WRITER_I8(4, schema_activation(act)), TFLC_WRITER_I32(5, dilation),
                                TFLC_WRITER_I32(6, dilation)};
  int32_t inputs[3] = {n->tensors[x].index, wt, bt};
  return add_op(n, OP_DEPTHWISE_CONV_2D, 3, inputs, y, OPT_DEPTHWISE_CONV_2D, 7, fields) == 0 ? y : -1;
}

nb_t nb_dwconv_multiplier(nb_net *n, nb_t x, int k, int stride, int multiplier, nb_padding pad, nb_act act) {
  return depthwise(n, "nb_dwconv_multiplier", x, k, stride, multiplier, 1, pad, act);
}

nb_t nb_dwconv(nb_net *n, nb_t x, int k, int stride, nb_padding pad, nb_act act) {
  return depthwise(n, "nb_dwconv", x, k, stride, 1, 1, pad, act);
}

/* MAX_POOL_2D / AVERAGE_POOL_2D: the output keeps the input's quantization (TFLite assumes it). */
static nb_t pool(nb_net *n, int32_t builtin, const char *kind, nb_t x, int k, int stride, nb_padding pad) {
  if (need_4d(n, x, kind) != 0) return -1;
  const int *d = n->tensors[x].dims;
  int out_dims[4] = {1, window_output(d[1], k, stride, pad), window_output(d[2], k, stride, pad), d[3]};
  nb_t y = new_activation(n, kind, 4, out_dims, QUANT_SAME_AS_INPUT, x);
  tflc_writer_field fields[] = {TFLC_WRITER_I8(0, schema_padding(pad)), TFLC_WRITER_I32(1, stride),
                                TFLC_WRITER_I32(2, stride), TFLC_WRITER_I32(3, k), TFLC_WRITER_I32(4, k)};
  int32_t inputs[1] = {n->tensors[x].index};
  return add_op(n, builtin, 1, inputs, y, OPT_POOL_2D, 5, fields) == 0 ? y : -1;
}

nb_t nb_maxpool(nb_net *n, nb_t x, int k, int stride, nb_padding pad) {
  return pool(n, OP_MAX_POOL_2D, "maxpool", x, k, stride, pad);
}

nb_t nb_avgpool(nb_net *n, nb_t x, int k, int stride, nb_padding pad) {
  return pool(n, OP_AVERAGE_POOL_2D, "avgpool", x, k, stride, pad);
}

nb_t nb_concat(nb_net *n, int count, const nb_t *xs) {
  if (n->error[0]) return -1;
  if (count < 1 || count > NB_MAX_CONCAT) return fail(n, "nb_concat: %d inputs (1 to %d)", count, NB_MAX_CONCAT);
  int32_t inputs[NB_MAX_CONCAT];
  int channels = 0;
  for (int i = 0; i < count; i++) {
    if (need_4d(n, xs[i], "nb_concat") != 0) return -1;
    const int *d = n->tensors[xs[i]].dims, *d0 = n->tensors[xs[0]].dims;
    if (d[1] != d0[1] || d[2] != d0[2])
      return fail(n, "nb_concat: input %d is %dx%d, input 0 is %dx%d", i, d[1], d[2], d0[1], d0[2]);
    channels += d[3];
    inputs[i] = n->tensors[xs[i]].index;
  }
  const int *d0 = n->tensors[xs[0]].dims;
  int out_dims[4] = {1, d0[1], d0[2], channels};
  nb_t y = new_activation(n, "concat", 4, out_dims, QUANT_CALIBRATED, -1);
  tflc_writer_field fields[] = {TFLC_WRITER_I32(0, 3)};
  return add_op(n, OP_CONCATENATION, count, inputs, y, OPT_CONCATENATION, 1, fields) == 0 ? y : -1;
}

/* Whether two tensors have the same shape. */
static bool same_shape(const nb_tensor *a, const nb_tensor *b) {
  return a->ndims == b->ndims && memcmp(a->dims, b->dims, (size_t)a->ndims * sizeof a->dims[0]) == 0;
}

nb_t nb_add(nb_net *n, nb_t a, nb_t b, nb_act act) {
  if (need_4d(n, a, "nb_add") != 0 || need_4d(n, b, "nb_add") != 0) return -1;
  const nb_tensor *ta = &n->tensors[a], *tb = &n->tensors[b];
  if (!same_shape(ta, tb))
    return fail(n, "nb_add: shapes differ ([1,%d,%d,%d] and [1,%d,%d,%d])", ta->dims[1], ta->dims[2], ta->dims[3],
                tb->dims[1], tb->dims[2], tb->dims[3]);
  nb_t y = new_activation(n, "add", 4, ta->dims, QUANT_CALIBRATED, -1);
  tflc_writer_field fields[] = {TFLC_WRITER_I8(0, schema_activation(act))};
  int32_t inputs[2] = {n->tensors[a].index, n->tensors[b].index};
  return add_op(n, OP_ADD, 2, inputs, y, OPT_ADD, 1, fields) == 0 ? y : -1;
}

/* MUL or ADD of x by a constant of `cdims` (broadcast along x); `kind` names the output. */
static nb_t binary_const(nb_net *n, int32_t builtin, const char *kind, nb_t x, int cndims, const int *cdims,
                         const float *values) {
  nb_t y = new_activation(n, kind, n->tensors[x].ndims, n->tensors[x].dims, QUANT_CALIBRATED, -1);
  char name[64];
  snprintf(name, sizeof name, "%s_constant", kind);
  int32_t ct = y >= 0 ? add_const_values(n, name, cndims, cdims, values, NULL) : -1;
  tflc_writer_field fields[] = {TFLC_WRITER_I8(0, 0)};
  int32_t inputs[2] = {n->tensors[x].index, ct};
  uint8_t options = builtin == OP_MUL ? OPT_MUL : OPT_ADD;
  return add_op(n, builtin, 2, inputs, y, options, 1, fields) == 0 ? y : -1;
}

nb_t nb_mul_scalar(nb_net *n, nb_t x, float s) {
  if (need_4d(n, x, "nb_mul_scalar") != 0) return -1;
  int dims[1] = {1};
  return binary_const(n, OP_MUL, "mul", x, 1, dims, &s);
}

nb_t nb_batchnorm(nb_net *n, nb_t x) {
  if (need_4d(n, x, "nb_batchnorm") != 0) return -1;
  int c = n->tensors[x].dims[3];
  /* gamma / sqrt(var + eps) a little under 1 so stacked residual blocks do not blow up; beta - mean * that small. */
  float *scale = draw(n, "nb_batchnorm", (size_t)c, 0.5f, 1.0f);
  float *offset = scale ? draw(n, "nb_batchnorm", (size_t)c, -0.2f, 0.2f) : NULL;
  int dims[1] = {c};
  nb_t y = offset ? binary_const(n, OP_MUL, "bn_mul", x, 1, dims, scale) : -1;
  if (y >= 0) y = binary_const(n, OP_ADD, "bn_add", y, 1, dims, offset);
  free(scale), free(offset);
  return y;
}

/* RELU / RELU6 as separate ops (uint8: requantized to their own calibrated range, as TFLite 2.9 allows). */
static nb_t activation(nb_net *n, int32_t builtin, const char *kind, nb_t x) {
  if (n->error[0]) return -1;
  if (!valid(n, x)) return fail(n, "%s: tensor %d does not exist", kind, (int)x);
  nb_t y = new_activation(n, kind, n->tensors[x].ndims, n->tensors[x].dims, QUANT_CALIBRATED, -1);
  int32_t inputs[1] = {n->tensors[x].index};
  return add_op(n, builtin, 1, inputs, y, 0, 0, NULL) == 0 ? y : -1;
}

nb_t nb_relu(nb_net *n, nb_t x) { return activation(n, OP_RELU, "relu", x); }
nb_t nb_relu6(nb_net *n, nb_t x) { return activation(n, OP_RELU6, "relu6", x); }

nb_t nb_pad(nb_net *n, nb_t x, int top, int bottom, int left, int right) {
  if (need_4d(n, x, "nb_pad") != 0) return -1;
  if (top < 0 || bottom < 0 || left < 0 || right < 0)
    return fail(n, "nb_pad: negative padding (%d, %d, %d, %d)", top, bottom, left, right);
  const int *d = n->tensors[x].dims;
  int out_dims[4] = {1, d[1] + top + bottom, d[2] + left + right, d[3]};
  nb_t y = new_activation(n, "pad", 4, out_dims, QUANT_SAME_AS_INPUT, x);
  const int32_t paddings[8] = {0, 0, top, bottom, left, right, 0, 0};
  int pdims[2] = {4, 2};
  int32_t pt = y >= 0 ? add_const_ints(n, "paddings", 2, pdims, paddings) : -1;
  int32_t inputs[2] = {n->tensors[x].index, pt};
  return add_op(n, OP_PAD, 2, inputs, y, OPT_PAD, 0, NULL) == 0 ? y : -1;
}

nb_t nb_strided_slice(nb_net *n, nb_t x, const int begin[4], const int end[4], const int strides[4]) {
  if (need_4d(n, x, "nb_strided_slice") != 0) return -1;
  const int *d = n->tensors[x].dims;
  int out_dims[4];
  int32_t b[4], e[4], s[4];
  for (int i = 0; i < 4; i++) {
    int stop = end[i] > d[i] ? d[i] : end[i];
    if (begin[i] < 0 || strides[i] <= 0 || stop <= begin[i])
      return fail(n, "nb_strided_slice: axis %d: begin %d, end %d, stride %d on a dimension of %d (only forward "
                  "slices in range are supported)", i, begin[i], end[i], strides[i], d[i]);
    out_dims[i] = (stop - begin[i] + strides[i] - 1) / strides[i];
    b[i] = begin[i], e[i] = end[i], s[i] = strides[i];
  }
  nb_t y = new_activation(n, "strided_slice", 4, out_dims, QUANT_SAME_AS_INPUT, x);
  int vdims[1] = {4};
  int32_t bt = y >= 0 ? add_const_ints(n, "slice_begin", 1, vdims, b) : -1;
  int32_t et = bt >= 0 ? add_const_ints(n, "slice_end", 1, vdims, e) : -1;
  int32_t st = et >= 0 ? add_const_ints(n, "slice_strides", 1, vdims, s) : -1;
  int32_t inputs[4] = {n->tensors[x].index, bt, et, st};
  return add_op(n, OP_STRIDED_SLICE, 4, inputs, y, OPT_STRIDED_SLICE, 0, NULL) == 0 ? y : -1;
}

nb_t nb_mean_hw(nb_net *n, nb_t x, int keep_dims) {
  if (need_4d(n, x, "nb_mean_hw") != 0) return -1;
  int c = n->tensors[x].dims[3];
  int kept[4] = {1, 1, 1, c}, dropped[2] = {1, c};
  nb_t y = keep_dims ? new_activation(n, "mean", 4, kept, QUANT_CALIBRATED, -1)
                     : new_activation(n, "mean", 2, dropped, QUANT_CALIBRATED, -1);
  const int32_t axes[2] = {1, 2};
  int adims[1] = {2};
  int32_t at = y >= 0 ? add_const_ints(n, "mean_axes", 1, adims, axes) : -1;
  tflc_writer_field fields[] = {TFLC_WRITER_BOOL(0, keep_dims ? 1 : 0)};
  int32_t inputs[2] = {n->tensors[x].index, at};
  return add_op(n, OP_MEAN, 2, inputs, y, OPT_REDUCER, 1, fields) == 0 ? y : -1;
}

nb_t nb_fc(nb_net *n, nb_t x, int units, nb_act act) {
  if (n->error[0]) return -1;
  if (!valid(n, x)) return fail(n, "nb_fc: tensor %d does not exist", (int)x);
  if (units <= 0) return fail(n, "nb_fc: %d units", units);
  const nb_tensor *t = &n->tensors[x];
  int depth = t->dims[t->ndims - 1];
  int rows = (int)(element_count(t->ndims, t->dims) / depth); /* TFLite flattens all but the last dim */
  float limit = sqrtf(6.0f / (float)depth);
  float *weights = draw(n, "nb_fc", (size_t)units * depth, -limit, limit);
  float *bias = weights ? draw(n, "nb_fc", (size_t)units, -0.1f, 0.1f) : NULL;
  int out_dims[2] = {rows, units};
  nb_t y = bias ? new_activation(n, "fc", 2, out_dims, QUANT_CALIBRATED, -1) : -1;
  float weight_scale = 0;
  int wdims[2] = {units, depth};
  int32_t wt = y >= 0 ? add_const_values(n, "fc_weights", 2, wdims, weights, &weight_scale) : -1;
  int32_t bt = wt >= 0 ? add_bias(n, "fc_bias", units, bias, x, weight_scale) : -1;
  free(weights), free(bias);
  tflc_writer_field fields[] = {TFLC_WRITER_I8(0, schema_activation(act))};
  int32_t inputs[3] = {n->tensors[x].index, wt, bt};
  return add_op(n, OP_FULLY_CONNECTED, 3, inputs, y, OPT_FULLY_CONNECTED, 1, fields) == 0 ? y : -1;
}

nb_t nb_reshape(nb_net *n, nb_t x, int ndims, const int *dims) {
  if (n->error[0]) return -1;
  if (!valid(n, x)) return fail(n, "nb_reshape: tensor %d does not exist", (int)x);
  if (ndims < 1 || ndims > 4) return fail(n, "nb_reshape: %d dims (1 to 4)", ndims);
  const nb_tensor *t = &n->tensors[x];
  if (element_count(ndims, dims) != element_count(t->ndims, t->dims))
    return fail(n, "nb_reshape: %lld elements into a shape of %lld", (long long)element_count(t->ndims, t->dims),
                (long long)element_count(ndims, dims));
  nb_t y = new_activation(n, "reshape", ndims, dims, QUANT_SAME_AS_INPUT, x);
  int32_t shape[4];
  for (int i = 0; i < ndims; i++) shape[i] = dims[i];
  int sdims[1] = {ndims};
  int32_t st = y >= 0 ? add_const_ints(n, "reshape_shape", 1, sdims, shape) : -1;
  tflc_writer_field fields[] = {TFLC_WRITER_INTS(0, shape, ndims)};
  int32_t inputs[2] = {n->tensors[x].index, st};
  return add_op(n, OP_RESHAPE, 2, inputs, y, OPT_RESHAPE, 1, fields) == 0 ? y : -1;
}

nb_t nb_squeeze_hw(nb_net *n, nb_t x) {
  if (need_4d(n, x, "nb_squeeze_hw") != 0) return -1;
  const int *d = n->tensors[x].dims;
  if (d[1] != 1 || d[2] != 1) return fail(n, "nb_squeeze_hw: the tensor is %dx%d, not 1x1", d[1], d[2]);
  int out_dims[2] = {1, d[3]};
  nb_t y = new_activation(n, "squeeze", 2, out_dims, QUANT_SAME_AS_INPUT, x);
  static const int32_t squeeze_dims[2] = {1, 2};
  tflc_writer_field fields[] = {TFLC_WRITER_INTS(0, squeeze_dims, 2)};
  int32_t inputs[1] = {n->tensors[x].index};
  return add_op(n, OP_SQUEEZE, 1, inputs, y, OPT_SQUEEZE, 1, fields) == 0 ? y : -1;
}

nb_t nb_softmax(nb_net *n, nb_t x) {
  if (n->error[0]) return -1;
  if (!valid(n, x)) return fail(n, "nb_softmax: tensor %d does not exist", (int)x);
  nb_t y = new_activation(n, "softmax", n->tensors[x].ndims, n->tensors[x].dims, QUANT_SOFTMAX, -1);
  tflc_writer_field fields[] = {TFLC_WRITER_F32(0, 1.0f)};
  int32_t inputs[1] = {n->tensors[x].index};
  return add_op(n, OP_SOFTMAX, 1, inputs, y, OPT_SOFTMAX, 1, fields) == 0 ? y : -1;
}

/* ---- calibration and nb_make_file ---------------------------------------------------- */

/* Writes "what: message" into err; returns -1. */
static int report(char *err, size_t errlen, const char *what, const char *message) {
  if (err && errlen) snprintf(err, errlen, "%s: %s", what, message);
  return -1;
}

/* Fills a float input with seeded values in [-1, 1), as ref-run's --random-inputs does for floats. */
static void fill_random_input(float *data, size_t count, uint64_t seed) {
  uint64_t state = seed ^ 0x5DEECE66Dull; /* a stream apart from the weights' */
  for (size_t i = 0; i < count; i++) data[i] = uniform(&state, -1.0f, 1.0f);
}

/* Runs the calibration model and stores [min, max] of every activation in ranges[2 * id]. */
static int run_calibration(const uint8_t *model_bytes, size_t size, uint64_t seed, float *ranges, int ntensors,
                           char *err, size_t errlen) {
  char message[256] = "";
  TfLiteModel *model = tflc_model_load_memory(model_bytes, size, message, sizeof message);
  if (model == NULL) return report(err, errlen, "calibration model", message);
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  TfLiteInterpreter *in = options ? TfLiteInterpreterCreate(model, options) : NULL;
  int rc = -1;
  if (in == NULL) {
    report(err, errlen, "calibration", "cannot create the interpreter");
  } else if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    report(err, errlen, "calibration: AllocateTensors", tflc_interpreter_last_error(in));
  } else {
    TfLiteTensor *input = TfLiteInterpreterGetInputTensor(in, 0);
    fill_random_input(TfLiteTensorData(input), TfLiteTensorByteSize(input) / sizeof(float), seed);
    ranges[0] = -1.0f, ranges[1] = 1.0f;
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk) {
      report(err, errlen, "calibration: Invoke", tflc_interpreter_last_error(in));
    } else if (TfLiteInterpreterGetOutputTensorCount(in) != ntensors - 1) {
      report(err, errlen, "calibration", "the model's outputs are not all its activations");
    } else {
      for (int k = 0; k < ntensors - 1; k++) {
        const TfLiteTensor *t = TfLiteInterpreterGetOutputTensor(in, k);
        const float *v = TfLiteTensorData(t);
        size_t count = TfLiteTensorByteSize(t) / sizeof(float);
        float lo = v[0], hi = v[0];
        for (size_t i = 1; i < count; i++) lo = v[i] < lo ? v[i] : lo, hi = v[i] > hi ? v[i] : hi;
        ranges[2 * (k + 1)] = lo, ranges[2 * (k + 1) + 1] = hi;
      }
      rc = 0;
    }
  }
  TfLiteInterpreterDelete(in);
  TfLiteInterpreterOptionsDelete(options);
  TfLiteModelDelete(model);
  return rc;
}

/* The float pass of a uint8 model: builds, runs it, and returns the ranges (caller frees) in *ranges. */
static int calibrate(const nb_arch *arch, uint64_t seed, float **ranges, int *count, char *err, size_t errlen) {
  *ranges = NULL;
  nb_net *n = nb_create(NB_FLOAT32, seed);
  if (n == NULL) return report(err, errlen, arch->name, "out of memory");
  n->calibrating = true;
  arch->build(n);
  uint8_t *bytes = NULL;
  size_t size = 0;
  int rc = serialize(n, &bytes, &size);
  if (rc != 0) report(err, errlen, arch->name, n->error);
  if (rc == 0) {
    *count = n->ntensors;
    *ranges = malloc((size_t)n->ntensors * 2 * sizeof **ranges);
    if (*ranges == NULL) rc = report(err, errlen, arch->name, "out of memory for the calibrated ranges");
  }
  if (rc == 0) rc = run_calibration(bytes, size, seed, *ranges, n->ntensors, err, errlen);
  free(bytes);
  nb_free(n);
  if (rc != 0) free(*ranges), *ranges = NULL;
  return rc;
}

int nb_make_file(const nb_arch *arch, nb_dtype dtype, uint64_t seed, const char *path, char *err, size_t errlen) {
  float *ranges = NULL;
  int nranges = 0;
  if (dtype == NB_UINT8 && calibrate(arch, seed, &ranges, &nranges, err, errlen) != 0) return -1;
  nb_net *n = nb_create(NB_FLOAT32, seed);
  if (n == NULL) return free(ranges), report(err, errlen, arch->name, "out of memory");
  n->dtype = dtype;
  n->ranges = ranges, n->nranges = nranges;
  arch->build(n);
  if (dtype == NB_UINT8 && !n->error[0] && n->ntensors != nranges)
    fail(n, "the uint8 pass made %d tensors, the float pass %d: the architecture is not deterministic", n->ntensors,
         nranges);
  int rc = nb_finish(n, path);
  if (rc != 0) report(err, errlen, arch->name, n->error);
  nb_free(n);
  free(ranges);
  return rc;
}

/* ---- dilated depthwise convolution (added by synth-archs for PoseNet) ------------------- */

/*
** DEPTHWISE_CONV_2D (depth multiplier 1) with dilation `dilation` in both directions: PoseNet at
** output stride 16 runs its last depthwise layer at stride 1 and rate 2 instead of stride 2,
** which the converter keeps as the op's dilation factors.
*/
nb_t nb_dwconv_dilated(nb_net *n, nb_t x, int k, int stride, int dilation, nb_padding pad, nb_act act) {
  return depthwise(n, "nb_dwconv_dilated", x, k, stride, 1, dilation, pad, act);
}
