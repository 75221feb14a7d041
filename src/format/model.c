/*
** model.c — reading and verifying a .tflite FlatBuffer (schema v3). See model.h.
**
** Field numbers below are the order of fields in schema.fbs; a union takes two numbers
** (its type tag, then its value).
*/
#include "format/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runtime/pool.h"

enum { MODEL_VERSION = 0, MODEL_OPERATOR_CODES = 1, MODEL_SUBGRAPHS = 2, MODEL_DESCRIPTION = 3,
       MODEL_BUFFERS = 4, MODEL_METADATA = 6, MODEL_SIGNATURE_DEFS = 7 };
enum { SIGNATURE_INPUTS = 0, SIGNATURE_OUTPUTS = 1, SIGNATURE_KEY = 2, SIGNATURE_SUBGRAPH = 4 };
enum { TENSOR_MAP_NAME = 0, TENSOR_MAP_TENSOR = 1 };
enum { OPCODE_DEPRECATED_BUILTIN = 0, OPCODE_CUSTOM = 1, OPCODE_VERSION = 2, OPCODE_BUILTIN = 3 };
enum { SUBGRAPH_TENSORS = 0, SUBGRAPH_INPUTS = 1, SUBGRAPH_OUTPUTS = 2, SUBGRAPH_OPERATORS = 3,
       SUBGRAPH_NAME = 4 };
enum { TENSOR_SHAPE = 0, TENSOR_TYPE = 1, TENSOR_BUFFER = 2, TENSOR_NAME = 3,
       TENSOR_QUANTIZATION = 4, TENSOR_IS_VARIABLE = 5, TENSOR_SPARSITY = 6,
       TENSOR_SHAPE_SIGNATURE = 7 };
enum { QUANT_SCALE = 2, QUANT_ZERO_POINT = 3, QUANT_DETAILS_TYPE = 4, QUANT_DIMENSION = 6 };
enum { OP_OPCODE_INDEX = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS_TYPE = 3, OP_OPTIONS = 4,
       OP_CUSTOM_OPTIONS = 5, OP_INTERMEDIATES = 8, OP_LARGE_CUSTOM_OFFSET = 9,
       OP_LARGE_CUSTOM_SIZE = 10, OP_OPTIONS2_TYPE = 11, OP_OPTIONS2 = 12 };
enum { BUFFER_DATA = 0, BUFFER_OFFSET = 1, BUFFER_SIZE = 2 };
enum { METADATA_NAME = 0, METADATA_BUFFER = 1 };

/* Hostile files can claim billions of elements; these bound the work of reading them. */
#define MAX_TENSORS (1 << 24)
#define MAX_OPERATORS (1 << 22)
#define MAX_OP_IO (1 << 16)

typedef struct parser {
  tflc_model *model;
  char *err;
  size_t errlen;
} parser;

static TfLiteStatus fail(parser *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = snprintf(p->err, p->errlen, "invalid model: ");
  if (n >= 0 && (size_t)n < p->errlen) vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
  va_end(ap);
  return kTfLiteError;
}

static TfLiteStatus out_of_memory(parser *p) {
  snprintf(p->err, p->errlen, "out of memory while reading the model");
  return kTfLiteError;
}

/* Schema TensorType -> TfLiteType; kTfLiteNoType for types tflc does not know. */
static TfLiteType convert_tensor_type(int8_t t) {
  static const TfLiteType map[] = {
      kTfLiteFloat32, kTfLiteFloat16, kTfLiteInt32, kTfLiteUInt8,     kTfLiteInt64,
      kTfLiteString,  kTfLiteBool,    kTfLiteInt16, kTfLiteComplex64, kTfLiteInt8,
      kTfLiteFloat64, kTfLiteComplex128, kTfLiteUInt64, kTfLiteResource, kTfLiteVariant,
      kTfLiteUInt32,  kTfLiteUInt16,
  };
  if (t < 0 || (size_t)t >= sizeof map / sizeof map[0]) return kTfLiteNoType;
  return map[t];
}

size_t tflc_type_size(TfLiteType type) {
  switch (type) {
    case kTfLiteFloat32: case kTfLiteInt32: case kTfLiteUInt32: return 4;
    case kTfLiteUInt8: case kTfLiteInt8: case kTfLiteBool: return 1;
    case kTfLiteInt64: case kTfLiteUInt64: case kTfLiteFloat64: case kTfLiteComplex64: return 8;
    case kTfLiteInt16: case kTfLiteUInt16: case kTfLiteFloat16: return 2;
    case kTfLiteComplex128: return 16;
    default: return 0;
  }
}

int64_t tflc_shape_elements(int32_t ndims, const int32_t *dims) {
  int64_t n = 1;
  for (int32_t i = 0; i < ndims; i++) {
    if (dims[i] < 0) return -1;
    n *= dims[i];
    if (n > INT32_MAX) return -1;
  }
  return n;
}

tflc_shape_string tflc_shape_text(int32_t ndims, const int32_t *dims) {
  tflc_shape_string s;
  size_t at = 0;
  s.text[at++] = '[';
  for (int32_t i = 0; i < ndims && i < TFLC_MAX_DIMS; i++)
    at += (size_t)snprintf(s.text + at, sizeof s.text - at, i ? ",%d" : "%d", (int)dims[i]);
  snprintf(s.text + at, sizeof s.text - at, "]");
  return s;
}

/* Copies an int vector field into a new array; *count gets its length. */
static TfLiteStatus read_int_vector(parser *p, const tflc_fb_table *t, int field, int32_t max,
                                    int32_t **out, int32_t *count, const char *what) {
  tflc_fb_vector v;
  *out = NULL;
  *count = 0;
  int rc = tflc_fb_vector_field(t, field, 4, &v);
  if (rc == TFLC_FB_BAD) return fail(p, "%s: vector out of bounds", what);
  if (rc == TFLC_FB_ABSENT || v.length == 0) return kTfLiteOk;
  if (v.length > (uint32_t)max) return fail(p, "%s: %u entries (limit %d)", what, v.length, max);
  *out = tflc_pool_alloc(p->model->pool, v.length, sizeof(int32_t));
  if (*out == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < v.length; i++) (*out)[i] = tflc_fb_vector_i32(&v, i);
  *count = (int32_t)v.length;
  return kTfLiteOk;
}

static TfLiteStatus read_buffers(parser *p, const tflc_fb_table *root) {
  tflc_model *m = p->model;
  tflc_fb_vector v;
  int rc = tflc_fb_vector_field(root, MODEL_BUFFERS, 4, &v);
  if (rc == TFLC_FB_BAD) return fail(p, "buffers vector out of bounds");
  if (v.length > MAX_TENSORS + 1u) return fail(p, "the model claims %u buffers (limit %u)", v.length, MAX_TENSORS + 1u);
  /* Buffer 0 is the schema's empty sentinel: keep one even when the file has no buffers
     (TFLite accepts tensors naming buffer 0 then). */
  m->nbuffers = v.length > 0 ? (int32_t)v.length : 1;
  m->buffers = tflc_pool_alloc(m->pool, (size_t)m->nbuffers, sizeof *m->buffers);
  if (m->buffers == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table b;
    if (tflc_fb_vector_table(&v, i, &b) != TFLC_FB_OK) return fail(p, "buffer %u: table out of bounds", i);
    tflc_fb_vector data;
    rc = tflc_fb_vector_field(&b, BUFFER_DATA, 1, &data);
    if (rc == TFLC_FB_BAD) return fail(p, "buffer %u: data out of bounds", i);
    if (rc == TFLC_FB_OK && data.length > 0) {
      m->buffers[i].data = tflc_fb_vector_data(&data);
      m->buffers[i].size = data.length;
      continue;
    }
    /* Models over 2 GiB keep buffers after the FlatBuffer, addressed by offset and size. */
    uint64_t offset = tflc_fb_u64(&b, BUFFER_OFFSET, 0), size = tflc_fb_u64(&b, BUFFER_SIZE, 0);
    if (offset > 1 && size > 0) {
      if (offset > m->file_size || size > m->file_size - offset)
        return fail(p, "buffer %u: offset %llu + size %llu past the end of the %zu-byte file", i,
                    (unsigned long long)offset, (unsigned long long)size, m->file_size);
      m->buffers[i].data = m->file + offset;
      m->buffers[i].size = (size_t)size;
    }
  }
  return kTfLiteOk;
}

static TfLiteStatus read_opcodes(parser *p, const tflc_fb_table *root) {
  tflc_model *m = p->model;
  tflc_fb_vector v;
  int rc = tflc_fb_vector_field(root, MODEL_OPERATOR_CODES, 4, &v);
  if (rc == TFLC_FB_BAD) return fail(p, "operator_codes vector out of bounds");
  if (v.length > MAX_OPERATORS) return fail(p, "the model claims %u operator codes (limit %d)", v.length, MAX_OPERATORS);
  m->nopcodes = (int32_t)v.length;
  m->opcodes = tflc_pool_alloc(m->pool, v.length, sizeof *m->opcodes);
  if (m->opcodes == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table t;
    if (tflc_fb_vector_table(&v, i, &t) != TFLC_FB_OK) return fail(p, "operator code %u: table out of bounds", i);
    int32_t deprecated = tflc_fb_i8(&t, OPCODE_DEPRECATED_BUILTIN, 0);
    int32_t builtin = tflc_fb_i32(&t, OPCODE_BUILTIN, 0);
    /* Files from before builtin_code existed only set the int8 field (tflite::GetBuiltinCode). */
    m->opcodes[i].builtin_code = builtin > deprecated ? builtin : deprecated;
    m->opcodes[i].version = tflc_fb_i32(&t, OPCODE_VERSION, 1);
    if (tflc_fb_string_field(&t, OPCODE_CUSTOM, &m->opcodes[i].custom_code, NULL) == TFLC_FB_BAD)
      return fail(p, "operator code %u: custom_code out of bounds", i);
    if (m->opcodes[i].builtin_code < 0) return fail(p, "operator code %u: negative builtin code %d", i, m->opcodes[i].builtin_code);
  }
  return kTfLiteOk;
}

static TfLiteStatus read_quantization(parser *p, const tflc_fb_table *t, tflc_model_tensor *tensor,
                                      uint32_t index) {
  tflc_fb_table q;
  int rc = tflc_fb_table_field(t, TENSOR_QUANTIZATION, &q);
  if (rc == TFLC_FB_BAD) return fail(p, "tensor %u: quantization out of bounds", index);
  if (rc == TFLC_FB_ABSENT) return kTfLiteOk;
  tflc_fb_vector scales, zero_points;
  if (tflc_fb_vector_field(&q, QUANT_SCALE, 4, &scales) == TFLC_FB_BAD ||
      tflc_fb_vector_field(&q, QUANT_ZERO_POINT, 8, &zero_points) == TFLC_FB_BAD)
    return fail(p, "tensor %u: quantization scales or zero points out of bounds", index);
  if (scales.length == 0) return kTfLiteOk;
  if (scales.length > MAX_OP_IO * 16u) return fail(p, "tensor %u: %u quantization scales", index, scales.length);
  if (zero_points.length != 0 && zero_points.length != scales.length)
    return fail(p, "tensor %u: %u scales but %u zero points", index, scales.length, zero_points.length);
  tensor->nquant = (int32_t)scales.length;
  tensor->scales = tflc_pool_alloc(p->model->pool, scales.length, sizeof(float));
  tensor->zero_points = tflc_pool_alloc(p->model->pool, scales.length, sizeof(int64_t));
  if (tensor->scales == NULL || tensor->zero_points == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < scales.length; i++) {
    tensor->scales[i] = tflc_fb_vector_f32(&scales, i);
    tensor->zero_points[i] = zero_points.length ? tflc_fb_vector_i64(&zero_points, i) : 0;
  }
  tensor->quantized_dimension = tflc_fb_i32(&q, QUANT_DIMENSION, 0);
  if (tflc_fb_u8(&q, QUANT_DETAILS_TYPE, 0) != 0)
    return fail(p, "tensor %u: custom quantization is not supported", index);
  return kTfLiteOk;
}

static TfLiteStatus read_dims(parser *p, const tflc_fb_table *t, int field, int32_t *ndims,
                              int32_t *dims, uint32_t index, int allow_dynamic) {
  int32_t *values, count;
  const char *what = field == TENSOR_SHAPE ? "shape" : "shape_signature";
  char label[64];
  snprintf(label, sizeof label, "tensor %u %s", index, what);
  if (read_int_vector(p, t, field, TFLC_MAX_DIMS, &values, &count, label) != kTfLiteOk) return kTfLiteError;
  for (int32_t i = 0; i < count; i++) {
    if (values[i] < 0 && !(allow_dynamic && values[i] == -1))
      return fail(p, "tensor %u: dimension %d of its %s is %d", index, i, what, values[i]);
    dims[i] = values[i];
  }
  *ndims = count;
  return kTfLiteOk;
}

static TfLiteStatus check_tensor_buffer(parser *p, const tflc_model_tensor *tensor, uint32_t index) {
  const tflc_model *m = p->model;
  if (tensor->buffer >= (uint32_t)m->nbuffers)
    return fail(p, "tensor %u (%s): buffer index %u out of range (%d buffers)", index, tensor->name,
                tensor->buffer, m->nbuffers);
  const tflc_model_buffer *b = &m->buffers[tensor->buffer];
  if (b->data == NULL || tensor->type == kTfLiteString || tensor->is_sparse) return kTfLiteOk;
  int64_t elements = tflc_shape_elements(tensor->ndims, tensor->dims);
  size_t elem = tflc_type_size(tensor->type);
  const char *type = TfLiteTypeGetName(tensor->type);
  tflc_shape_string shape = tflc_shape_text(tensor->ndims, tensor->dims);
  /* Says which of the three went wrong: the element count, the type, or the byte count. */
  if (elements < 0)
    return fail(p, "tensor %u (%s): shape %s has more than %d elements", index, tensor->name, shape.text, INT32_MAX);
  if (elem == 0)
    return fail(p, "tensor %u (%s): constant of type %s is not supported", index, tensor->name, type);
  if ((uint64_t)elements * elem != b->size)
    return fail(p, "tensor %u (%s): buffer %u holds %zu bytes, shape %s %s needs %llu", index, tensor->name,
                tensor->buffer, b->size, shape.text, type, (unsigned long long)elements * elem);
  return kTfLiteOk;
}

static TfLiteStatus read_tensor(parser *p, const tflc_fb_table *t, tflc_model_tensor *tensor, uint32_t index) {
  int8_t raw_type = tflc_fb_i8(t, TENSOR_TYPE, 0);
  tensor->type = convert_tensor_type(raw_type);
  if (tensor->type == kTfLiteNoType) return fail(p, "tensor %u: unknown type %d", index, raw_type);
  if (read_dims(p, t, TENSOR_SHAPE, &tensor->ndims, tensor->dims, index, 0) != kTfLiteOk ||
      read_dims(p, t, TENSOR_SHAPE_SIGNATURE, &tensor->ndims_signature, tensor->dims_signature, index, 1) != kTfLiteOk)
    return kTfLiteError;
  tensor->buffer = tflc_fb_u32(t, TENSOR_BUFFER, 0);
  if (tflc_fb_string_field(t, TENSOR_NAME, &tensor->name, NULL) == TFLC_FB_BAD)
    return fail(p, "tensor %u: name out of bounds", index);
  if (tensor->name == NULL) tensor->name = "";
  tensor->is_variable = tflc_fb_u8(t, TENSOR_IS_VARIABLE, 0) != 0;
  tensor->is_sparse = tflc_fb_has(t, TENSOR_SPARSITY);
  if (read_quantization(p, t, tensor, index) != kTfLiteOk) return kTfLiteError;
  return check_tensor_buffer(p, tensor, index);
}

static TfLiteStatus check_indices(parser *p, const int32_t *idx, int32_t n, int32_t ntensors,
                                  int allow_optional, const char *what, int32_t op) {
  for (int32_t i = 0; i < n; i++) {
    if (idx[i] == -1 && allow_optional) continue;
    if (idx[i] < 0 || idx[i] >= ntensors) {
      if (op >= 0) return fail(p, "operator %d: %s %d is tensor %d, out of range (%d tensors)", op, what, i, idx[i], ntensors);
      return fail(p, "subgraph %s %d is tensor %d, out of range (%d tensors)", what, i, idx[i], ntensors);
    }
  }
  return kTfLiteOk;
}

static TfLiteStatus read_operator(parser *p, const tflc_fb_table *t, tflc_model_operator *op,
                                  int32_t index, int32_t ntensors) {
  const tflc_model *m = p->model;
  char label[48];
  op->opcode_index = tflc_fb_u32(t, OP_OPCODE_INDEX, 0);
  if (op->opcode_index >= (uint32_t)m->nopcodes)
    return fail(p, "operator %d: opcode index %u out of range (%d operator codes)", index, op->opcode_index, m->nopcodes);
  snprintf(label, sizeof label, "operator %d inputs", index);
  if (read_int_vector(p, t, OP_INPUTS, MAX_OP_IO, &op->inputs, &op->ninputs, label) != kTfLiteOk) return kTfLiteError;
  snprintf(label, sizeof label, "operator %d outputs", index);
  if (read_int_vector(p, t, OP_OUTPUTS, MAX_OP_IO, &op->outputs, &op->noutputs, label) != kTfLiteOk) return kTfLiteError;
  int32_t *intermediates;
  snprintf(label, sizeof label, "operator %d intermediates", index);
  if (read_int_vector(p, t, OP_INTERMEDIATES, MAX_OP_IO, &intermediates, &op->nintermediates, label) != kTfLiteOk)
    return kTfLiteError;
  if (check_indices(p, op->inputs, op->ninputs, ntensors, 1, "input", index) != kTfLiteOk ||
      check_indices(p, op->outputs, op->noutputs, ntensors, 0, "output", index) != kTfLiteOk ||
      check_indices(p, intermediates, op->nintermediates, ntensors, 0, "intermediate", index) != kTfLiteOk)
    return kTfLiteError;
  op->intermediates = intermediates;
  op->options_type = tflc_fb_u8(t, OP_OPTIONS_TYPE, 0);
  if (tflc_fb_table_field(t, OP_OPTIONS, &op->options) == TFLC_FB_BAD)
    return fail(p, "operator %d: builtin options out of bounds", index);
  op->options2_type = tflc_fb_u8(t, OP_OPTIONS2_TYPE, 0);
  if (tflc_fb_table_field(t, OP_OPTIONS2, &op->options2) == TFLC_FB_BAD)
    return fail(p, "operator %d: builtin options 2 out of bounds", index);
  tflc_fb_vector custom;
  int rc = tflc_fb_vector_field(t, OP_CUSTOM_OPTIONS, 1, &custom);
  if (rc == TFLC_FB_BAD) return fail(p, "operator %d: custom options out of bounds", index);
  if (rc == TFLC_FB_OK && custom.length > 0) {
    op->custom_options = tflc_fb_vector_data(&custom);
    op->custom_options_size = custom.length;
  }
  uint64_t large_offset = tflc_fb_u64(t, OP_LARGE_CUSTOM_OFFSET, 0), large_size = tflc_fb_u64(t, OP_LARGE_CUSTOM_SIZE, 0);
  if (large_offset > 0 && large_size > 0) {
    if (large_offset > m->file_size || large_size > m->file_size - large_offset)
      return fail(p, "operator %d: large custom options past the end of the file", index);
    op->custom_options = m->file + large_offset;
    op->custom_options_size = (size_t)large_size;
  }
  return kTfLiteOk;
}

static TfLiteStatus read_subgraph(parser *p, const tflc_fb_table *t, tflc_model_subgraph *sg, uint32_t index) {
  tflc_model *m = p->model;
  tflc_fb_vector tensors, operators;
  if (tflc_fb_vector_field(t, SUBGRAPH_TENSORS, 4, &tensors) == TFLC_FB_BAD)
    return fail(p, "subgraph %u: tensors vector out of bounds", index);
  if (tflc_fb_vector_field(t, SUBGRAPH_OPERATORS, 4, &operators) == TFLC_FB_BAD)
    return fail(p, "subgraph %u: operators vector out of bounds", index);
  if (tensors.length > MAX_TENSORS) return fail(p, "subgraph %u claims %u tensors (limit %d)", index, tensors.length, MAX_TENSORS);
  if (operators.length > MAX_OPERATORS) return fail(p, "subgraph %u claims %u operators (limit %d)", index, operators.length, MAX_OPERATORS);
  if (tflc_fb_string_field(t, SUBGRAPH_NAME, &sg->name, NULL) == TFLC_FB_BAD)
    return fail(p, "subgraph %u: name out of bounds", index);
  if (sg->name == NULL) sg->name = "";
  sg->ntensors = (int32_t)tensors.length;
  sg->noperators = (int32_t)operators.length;
  sg->tensors = tflc_pool_alloc(m->pool, tensors.length, sizeof *sg->tensors);
  sg->operators = tflc_pool_alloc(m->pool, operators.length, sizeof *sg->operators);
  if (sg->tensors == NULL || sg->operators == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < tensors.length; i++) {
    tflc_fb_table tt;
    if (tflc_fb_vector_table(&tensors, i, &tt) != TFLC_FB_OK) return fail(p, "tensor %u: table out of bounds", i);
    if (read_tensor(p, &tt, &sg->tensors[i], i) != kTfLiteOk) return kTfLiteError;
  }
  if (read_int_vector(p, t, SUBGRAPH_INPUTS, MAX_OP_IO, &sg->inputs, &sg->ninputs, "subgraph inputs") != kTfLiteOk ||
      read_int_vector(p, t, SUBGRAPH_OUTPUTS, MAX_OP_IO, &sg->outputs, &sg->noutputs, "subgraph outputs") != kTfLiteOk)
    return kTfLiteError;
  if (check_indices(p, sg->inputs, sg->ninputs, sg->ntensors, 0, "input", -1) != kTfLiteOk ||
      check_indices(p, sg->outputs, sg->noutputs, sg->ntensors, 0, "output", -1) != kTfLiteOk)
    return kTfLiteError;
  for (uint32_t i = 0; i < operators.length; i++) {
    tflc_fb_table ot;
    if (tflc_fb_vector_table(&operators, i, &ot) != TFLC_FB_OK) return fail(p, "operator %u: table out of bounds", i);
    if (read_operator(p, &ot, &sg->operators[i], (int32_t)i, sg->ntensors) != kTfLiteOk) return kTfLiteError;
  }
  return kTfLiteOk;
}

static TfLiteStatus read_subgraphs(parser *p, const tflc_fb_table *root) {
  tflc_model *m = p->model;
  tflc_fb_vector v;
  int rc = tflc_fb_vector_field(root, MODEL_SUBGRAPHS, 4, &v);
  if (rc == TFLC_FB_BAD) return fail(p, "subgraphs vector out of bounds");
  if (v.length > 1u << 16) return fail(p, "%u subgraphs", v.length);
  m->nsubgraphs = (int32_t)v.length;
  m->subgraphs = tflc_pool_alloc(m->pool, v.length, sizeof *m->subgraphs);
  if (m->subgraphs == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table t;
    if (tflc_fb_vector_table(&v, i, &t) != TFLC_FB_OK) return fail(p, "subgraph %u: table out of bounds", i);
    if (read_subgraph(p, &t, &m->subgraphs[i], i) != kTfLiteOk) return kTfLiteError;
  }
  return kTfLiteOk;
}

static TfLiteStatus read_metadata(parser *p, const tflc_fb_table *root) {
  tflc_model *m = p->model;
  tflc_fb_vector v;
  int rc = tflc_fb_vector_field(root, MODEL_METADATA, 4, &v);
  if (rc == TFLC_FB_BAD) return fail(p, "metadata vector out of bounds");
  if (v.length > 1u << 16) return fail(p, "%u metadata entries", v.length);
  m->nmetadata = (int32_t)v.length;
  m->metadata = tflc_pool_alloc(m->pool, v.length, sizeof *m->metadata);
  if (m->metadata == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table t;
    if (tflc_fb_vector_table(&v, i, &t) != TFLC_FB_OK) return fail(p, "metadata %u: table out of bounds", i);
    if (tflc_fb_string_field(&t, METADATA_NAME, &m->metadata[i].name, NULL) == TFLC_FB_BAD)
      return fail(p, "metadata %u: name out of bounds", i);
    if (m->metadata[i].name == NULL) m->metadata[i].name = "";
    m->metadata[i].buffer = tflc_fb_u32(&t, METADATA_BUFFER, 0);
    if (m->metadata[i].buffer >= (uint32_t)m->nbuffers)
      return fail(p, "metadata %u (%s): buffer index %u out of range", i, m->metadata[i].name, m->metadata[i].buffer);
  }
  return kTfLiteOk;
}

/* One side (inputs or outputs) of a SignatureDef: names and tensor indices, checked. */
static TfLiteStatus read_tensor_maps(parser *p, const tflc_fb_table *sig, int field, uint32_t index,
                                     const tflc_model_subgraph *sg, int32_t *count, const char ***names,
                                     int32_t **tensors) {
  tflc_fb_vector v;
  *count = 0;
  int rc = tflc_fb_vector_field(sig, field, 4, &v);
  if (rc == TFLC_FB_BAD) return fail(p, "signature %u: tensor map vector out of bounds", index);
  if (rc == TFLC_FB_ABSENT) return kTfLiteOk;
  if (v.length > MAX_OP_IO) return fail(p, "signature %u: %u tensor maps", index, v.length);
  *names = tflc_pool_alloc(p->model->pool, v.length, sizeof **names);
  *tensors = tflc_pool_alloc(p->model->pool, v.length, sizeof **tensors);
  if (*names == NULL || *tensors == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table map;
    if (tflc_fb_vector_table(&v, i, &map) != TFLC_FB_OK) return fail(p, "signature %u: tensor map %u out of bounds", index, i);
    if (tflc_fb_string_field(&map, TENSOR_MAP_NAME, &(*names)[i], NULL) == TFLC_FB_BAD)
      return fail(p, "signature %u: tensor map %u name out of bounds", index, i);
    if ((*names)[i] == NULL) (*names)[i] = "";
    uint32_t tensor = tflc_fb_u32(&map, TENSOR_MAP_TENSOR, 0);
    if (tensor >= (uint32_t)sg->ntensors)
      return fail(p, "signature %u: '%s' names tensor %u, out of range (%d tensors)", index, (*names)[i], tensor,
                  sg->ntensors);
    (*tensors)[i] = (int32_t)tensor;
  }
  *count = (int32_t)v.length;
  return kTfLiteOk;
}

static TfLiteStatus read_signatures(parser *p, const tflc_fb_table *root) {
  tflc_model *m = p->model;
  tflc_fb_vector v;
  int rc = tflc_fb_vector_field(root, MODEL_SIGNATURE_DEFS, 4, &v);
  if (rc == TFLC_FB_BAD) return fail(p, "signature_defs vector out of bounds");
  if (rc == TFLC_FB_ABSENT) return kTfLiteOk;
  if (v.length > 1u << 16) return fail(p, "%u signatures", v.length);
  m->nsignatures = (int32_t)v.length;
  m->signatures = tflc_pool_alloc(m->pool, v.length, sizeof *m->signatures);
  if (m->signatures == NULL) return out_of_memory(p);
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_model_signature *sig = &m->signatures[i];
    tflc_fb_table t;
    if (tflc_fb_vector_table(&v, i, &t) != TFLC_FB_OK) return fail(p, "signature %u: table out of bounds", i);
    if (tflc_fb_string_field(&t, SIGNATURE_KEY, &sig->key, NULL) == TFLC_FB_BAD)
      return fail(p, "signature %u: key out of bounds", i);
    if (sig->key == NULL) sig->key = "";
    sig->subgraph = tflc_fb_u32(&t, SIGNATURE_SUBGRAPH, 0);
    if (sig->subgraph >= (uint32_t)m->nsubgraphs)
      return fail(p, "signature %u (%s): subgraph %u out of range (%d subgraphs)", i, sig->key, sig->subgraph,
                  m->nsubgraphs);
    const tflc_model_subgraph *sg = &m->subgraphs[sig->subgraph];
    if (read_tensor_maps(p, &t, SIGNATURE_INPUTS, i, sg, &sig->ninputs, &sig->input_names, &sig->input_tensors) !=
            kTfLiteOk ||
        read_tensor_maps(p, &t, SIGNATURE_OUTPUTS, i, sg, &sig->noutputs, &sig->output_names, &sig->output_tensors) !=
            kTfLiteOk)
      return kTfLiteError;
  }
  return kTfLiteOk;
}

static TfLiteStatus parse_model(const uint8_t *data, size_t size, tflc_model *model, char *err, size_t errlen) {
  parser p = {model, err, errlen};
  memset(model, 0, sizeof *model);
  if (errlen) err[0] = 0;
  model->file = data;
  model->file_size = size;
  if (data == NULL || size < 8) return fail(&p, "%zu bytes is too short for a FlatBuffer", data ? size : 0);
  if (size > UINT32_MAX) return fail(&p, "files over 4 GiB are not supported");
  if (memcmp(data + 4, "TFL3", 4) != 0) return fail(&p, "missing the \"TFL3\" file identifier at byte 4");
  model->pool = tflc_pool_init();
  if (model->pool == NULL) return out_of_memory(&p);
  tflc_fb_table root;
  if (tflc_fb_root(data, size, &root) != TFLC_FB_OK) return fail(&p, "root table out of bounds");
  model->version = tflc_fb_u32(&root, MODEL_VERSION, 0);
  if (model->version != 3) return fail(&p, "schema version %u (only version 3 is supported)", model->version);
  if (tflc_fb_string_field(&root, MODEL_DESCRIPTION, &model->description, NULL) == TFLC_FB_BAD)
    return fail(&p, "description out of bounds");
  if (read_buffers(&p, &root) != kTfLiteOk || read_opcodes(&p, &root) != kTfLiteOk ||
      read_subgraphs(&p, &root) != kTfLiteOk || read_metadata(&p, &root) != kTfLiteOk)
    return kTfLiteError;
  if (model->nsubgraphs == 0) return fail(&p, "the model has no subgraph");
  if (read_signatures(&p, &root) != kTfLiteOk) return kTfLiteError; /* they name subgraphs */
  return kTfLiteOk;
}

TfLiteStatus tflc_model_parse(const uint8_t *data, size_t size, tflc_model *model, char *err, size_t errlen) {
  TfLiteStatus status = parse_model(data, size, model, err, errlen);
  if (status != kTfLiteOk) tflc_model_free(model);
  return status;
}

void tflc_model_free(tflc_model *model) {
  tflc_pool_free(model->pool);
  memset(model, 0, sizeof *model);
}

const tflc_model_buffer *tflc_model_find_metadata(const tflc_model *model, const char *name) {
  for (int32_t i = 0; i < model->nmetadata; i++)
    if (strcmp(model->metadata[i].name, name) == 0) return &model->buffers[model->metadata[i].buffer];
  return NULL;
}
