/*
** writer.c — a FlatBuffer builder for .tflite files (schema v3). See writer.h.
**
** The writer first collects the model in plain C arrays (copies of everything the caller
** passes), then serializes it in one go with a back-to-front FlatBuffer builder, as the
** official flatbuffers library does: the buffer grows toward lower addresses, every object
** is written before the objects that refer to it, so every uoffset points forward.
** Alignment is counted from the end of the buffer; finishing pads the total size to the
** largest alignment used, so it holds from the start as well (the FlatBuffers verifier in
** TensorFlow Lite checks alignment from the start). Buffer data is 16-byte aligned, as
** TensorFlow Lite's converter does it (schema.fbs: force_align: 16).
**
** Field numbers are positions in schema.fbs (a union takes two: its tag, then its value).
*/
#include "format/writer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MODEL_VERSION = 0, MODEL_OPERATOR_CODES = 1, MODEL_SUBGRAPHS = 2, MODEL_DESCRIPTION = 3,
       MODEL_BUFFERS = 4 };
enum { OPCODE_DEPRECATED_BUILTIN = 0, OPCODE_CUSTOM = 1, OPCODE_VERSION = 2, OPCODE_BUILTIN = 3 };
enum { SUBGRAPH_TENSORS = 0, SUBGRAPH_INPUTS = 1, SUBGRAPH_OUTPUTS = 2, SUBGRAPH_OPERATORS = 3,
       SUBGRAPH_NAME = 4 };
enum { TENSOR_SHAPE = 0, TENSOR_TYPE = 1, TENSOR_BUFFER = 2, TENSOR_NAME = 3, TENSOR_QUANTIZATION = 4,
       TENSOR_IS_VARIABLE = 5 };
enum { QUANT_SCALE = 2, QUANT_ZERO_POINT = 3, QUANT_DIMENSION = 6 };
enum { OP_OPCODE_INDEX = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS_TYPE = 3, OP_OPTIONS = 4,
       OP_CUSTOM_OPTIONS = 5, OP_INTERMEDIATES = 8 };
enum { BUFFER_DATA = 0 };

/* BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES: deprecated_builtin_code of codes above it. */
#define PLACEHOLDER_FOR_GREATER_OP_CODES 127
#define CUSTOM_CODE 32
/* Bounds that keep every size below computed in 32 bits (FlatBuffers offsets are 32-bit). */
#define MAX_ITEMS (1 << 24)
#define MAX_BYTES ((size_t)1 << 30)
#define MAX_FIELD_ID 255

/* ---- The collected model ---- */

typedef struct writer_buffer {
  uint8_t *data;
  size_t size;
} writer_buffer;

typedef struct writer_tensor {
  tflc_writer_tensor spec; /* name, scales and zero_points point to the copies below */
  char *name;
  float *scales;
  int64_t *zero_points;
  int32_t buffer;
} writer_tensor;

typedef struct writer_opcode {
  int32_t builtin_code;
  char *custom_code;
  int32_t version;
} writer_opcode;

typedef struct writer_operator {
  tflc_writer_operator spec; /* fields and custom_options point to the copies below */
  tflc_writer_field *fields;
  int32_t **field_ints;      /* [nfields]: copies of vector fields */
  uint8_t *custom_options;
} writer_operator;

struct tflc_writer {
  int32_t nbuffers, ntensors, nopcodes, noperators;
  int32_t cap_buffers, cap_tensors, cap_opcodes, cap_operators;
  writer_buffer *buffers;
  writer_tensor *tensors;
  writer_opcode *opcodes;
  writer_operator *operators;
  int32_t ninputs, noutputs;
  int32_t *inputs, *outputs;
  char error[256];
};

/* Records the first error; returns -1 so add functions can `return fail(...)`. */
static int32_t fail(tflc_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int32_t fail(tflc_writer *w, const char *fmt, ...) {
  if (w->error[0] == 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->error, sizeof w->error, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/* Makes room for one more element in a growable array; false when out of memory. */
static bool grow(void **items, int32_t *cap, int32_t count, size_t item_size) {
  if (count < *cap) return true;
  if (count >= MAX_ITEMS) return false;
  int32_t new_cap = *cap ? *cap * 2 : 8;
  void *p = realloc(*items, (size_t)new_cap * item_size);
  if (p == NULL) return false;
  memset((char *)p + (size_t)*cap * item_size, 0, (size_t)(new_cap - *cap) * item_size);
  *items = p;
  *cap = new_cap;
  return true;
}

/* A malloc'd copy of n bytes (n may be 0: returns a valid 1-byte block). */
static void *copy_bytes(const void *src, size_t n) {
  void *p = malloc(n ? n : 1);
  if (p != NULL && n) memcpy(p, src, n);
  return p;
}

static char *copy_string(const char *s) { return s ? copy_bytes(s, strlen(s) + 1) : NULL; }

int32_t tflc_writer_schema_type(TfLiteType type) {
  static const TfLiteType schema_order[] = {
      kTfLiteFloat32, kTfLiteFloat16, kTfLiteInt32, kTfLiteUInt8,     kTfLiteInt64,
      kTfLiteString,  kTfLiteBool,    kTfLiteInt16, kTfLiteComplex64, kTfLiteInt8,
      kTfLiteFloat64, kTfLiteComplex128, kTfLiteUInt64, kTfLiteResource, kTfLiteVariant,
      kTfLiteUInt32,  kTfLiteUInt16,
  };
  for (int32_t i = 0; i < (int32_t)(sizeof schema_order / sizeof schema_order[0]); i++)
    if (schema_order[i] == type) return i;
  return -1;
}

tflc_writer *tflc_writer_init(void) {
  tflc_writer *w = calloc(1, sizeof *w);
  if (w == NULL) return NULL;
  if (tflc_writer_add_buffer(w, NULL, 0) != 0) { /* buffer 0: the schema's empty buffer */
    tflc_writer_free(w);
    return NULL;
  }
  return w;
}

void tflc_writer_free(tflc_writer *w) {
  if (w == NULL) return;
  for (int32_t i = 0; i < w->nbuffers; i++) free(w->buffers[i].data);
  for (int32_t i = 0; i < w->ntensors; i++) {
    free(w->tensors[i].name);
    free(w->tensors[i].scales);
    free(w->tensors[i].zero_points);
  }
  for (int32_t i = 0; i < w->nopcodes; i++) free(w->opcodes[i].custom_code);
  for (int32_t i = 0; i < w->noperators; i++) {
    writer_operator *op = &w->operators[i];
    for (int32_t f = 0; op->field_ints && f < op->spec.nfields; f++) free(op->field_ints[f]);
    free(op->field_ints);
    free(op->fields);
    free(op->custom_options);
  }
  free(w->buffers);
  free(w->tensors);
  free(w->opcodes);
  free(w->operators);
  free(w->inputs);
  free(w->outputs);
  free(w);
}

const char *tflc_writer_error(const tflc_writer *w) { return w ? w->error : "no writer"; }

int32_t tflc_writer_add_buffer(tflc_writer *w, const void *data, size_t size) {
  if (size > MAX_BYTES) return fail(w, "buffer %d: %zu bytes (limit %zu)", (int)w->nbuffers, size, MAX_BYTES);
  if (size > 0 && data == NULL) return fail(w, "buffer %d: %zu bytes but no data", (int)w->nbuffers, size);
  if (!grow((void **)&w->buffers, &w->cap_buffers, w->nbuffers, sizeof *w->buffers))
    return fail(w, "out of memory adding buffer %d", (int)w->nbuffers);
  writer_buffer *b = &w->buffers[w->nbuffers];
  b->data = size ? copy_bytes(data, size) : NULL;
  if (size && b->data == NULL) return fail(w, "out of memory copying buffer %d (%zu bytes)", (int)w->nbuffers, size);
  b->size = size;
  return w->nbuffers++;
}

/* Checks a tensor spec: known type, sane shape, data and quantization that match it. */
static int32_t check_tensor(tflc_writer *w, const tflc_writer_tensor *s) {
  int32_t index = w->ntensors;
  if (tflc_writer_schema_type(s->type) < 0) return fail(w, "tensor %d: type %d has no schema type", (int)index, (int)s->type);
  if (s->ndims < 0 || s->ndims > TFLC_MAX_DIMS)
    return fail(w, "tensor %d: %d dims (0 to %d)", (int)index, (int)s->ndims, TFLC_MAX_DIMS);
  for (int32_t i = 0; i < s->ndims; i++)
    if (s->dims[i] < 0) return fail(w, "tensor %d: dim %d is %d", (int)index, (int)i, (int)s->dims[i]);
  if (s->data != NULL && s->type != kTfLiteString) {
    int64_t elements = tflc_shape_elements(s->ndims, s->dims);
    if (elements < 0 || (uint64_t)elements * tflc_type_size(s->type) != s->data_size)
      return fail(w, "tensor %d (%s): %zu bytes of data, its shape needs %lld", (int)index, s->name ? s->name : "",
                  s->data_size, (long long)(elements < 0 ? -1 : elements * (int64_t)tflc_type_size(s->type)));
  }
  if (s->nscales < 0 || s->nscales > MAX_ITEMS || (s->nscales > 0 && s->scales == NULL))
    return fail(w, "tensor %d: %d scales", (int)index, (int)s->nscales);
  if (s->nscales > 1 && (s->quantized_dimension < 0 || s->quantized_dimension >= s->ndims ||
                         s->dims[s->quantized_dimension] != s->nscales))
    return fail(w, "tensor %d: %d scales do not match dim %d of its shape", (int)index, (int)s->nscales,
                (int)s->quantized_dimension);
  return 0;
}

int32_t tflc_writer_add_tensor(tflc_writer *w, const tflc_writer_tensor *spec) {
  if (spec == NULL || check_tensor(w, spec) < 0) return spec ? -1 : fail(w, "tensor %d: no spec", (int)w->ntensors);
  int32_t buffer = 0;
  if (spec->data != NULL && spec->data_size > 0) {
    buffer = tflc_writer_add_buffer(w, spec->data, spec->data_size);
    if (buffer < 0) return -1;
  }
  if (!grow((void **)&w->tensors, &w->cap_tensors, w->ntensors, sizeof *w->tensors))
    return fail(w, "out of memory adding tensor %d", (int)w->ntensors);
  writer_tensor *t = &w->tensors[w->ntensors];
  memset(t, 0, sizeof *t);
  t->spec = *spec;
  t->buffer = buffer;
  t->name = copy_string(spec->name);
  size_t n = (size_t)spec->nscales;
  if (n) {
    t->scales = copy_bytes(spec->scales, n * sizeof(float));
    t->zero_points = calloc(n, sizeof(int64_t));
    if (t->zero_points && spec->zero_points) memcpy(t->zero_points, spec->zero_points, n * sizeof(int64_t));
  }
  if ((spec->name && t->name == NULL) || (n && (t->scales == NULL || t->zero_points == NULL))) {
    free(t->name), free(t->scales), free(t->zero_points);
    return fail(w, "out of memory adding tensor %d", (int)w->ntensors);
  }
  t->spec.name = t->name;
  t->spec.scales = t->scales;
  t->spec.zero_points = t->zero_points;
  t->spec.data = NULL; /* the bytes live in the buffer */
  return w->ntensors++;
}

int32_t tflc_writer_add_opcode(tflc_writer *w, int32_t builtin_code, const char *custom_code, int32_t version) {
  if (builtin_code < 0) return fail(w, "operator code: builtin code %d", (int)builtin_code);
  if (version < 1) return fail(w, "operator code %d: version %d (at least 1)", (int)builtin_code, (int)version);
  if ((builtin_code == CUSTOM_CODE) != (custom_code != NULL))
    return fail(w, "operator code %d: a custom code name goes with builtin code 32 (CUSTOM) only", (int)builtin_code);
  for (int32_t i = 0; i < w->nopcodes; i++) {
    const writer_opcode *c = &w->opcodes[i];
    bool same_name = c->custom_code == NULL ? custom_code == NULL : custom_code && strcmp(c->custom_code, custom_code) == 0;
    if (c->builtin_code == builtin_code && c->version == version && same_name) return i;
  }
  if (!grow((void **)&w->opcodes, &w->cap_opcodes, w->nopcodes, sizeof *w->opcodes))
    return fail(w, "out of memory adding operator code %d", (int)w->nopcodes);
  writer_opcode *c = &w->opcodes[w->nopcodes];
  c->builtin_code = builtin_code;
  c->version = version;
  c->custom_code = copy_string(custom_code);
  if (custom_code && c->custom_code == NULL) return fail(w, "out of memory adding operator code %d", (int)w->nopcodes);
  return w->nopcodes++;
}

/* Checks tensor indices of an operator (-1 allowed where `optional`). */
static int32_t check_indices(tflc_writer *w, const char *what, int32_t n, const int32_t *idx, bool optional) {
  if (n < 0 || n > TFLC_WRITER_MAX_OP_IO)
    return fail(w, "operator %d: %d %ss (0 to %d)", (int)w->noperators, (int)n, what, TFLC_WRITER_MAX_OP_IO);
  for (int32_t i = 0; i < n; i++)
    if (!(optional && idx[i] == -1) && (idx[i] < 0 || idx[i] >= w->ntensors))
      return fail(w, "operator %d: %s %d is tensor %d, out of range (%d tensors)", (int)w->noperators, what, (int)i,
                  (int)idx[i], (int)w->ntensors);
  return 0;
}

static int32_t check_operator(tflc_writer *w, const tflc_writer_operator *s) {
  if (s->opcode < 0 || s->opcode >= w->nopcodes)
    return fail(w, "operator %d: opcode %d out of range (%d codes)", (int)w->noperators, (int)s->opcode, (int)w->nopcodes);
  if (check_indices(w, "input", s->ninputs, s->inputs, true) < 0 ||
      check_indices(w, "output", s->noutputs, s->outputs, false) < 0 ||
      check_indices(w, "intermediate", s->nintermediates, s->intermediates, false) < 0)
    return -1;
  if (s->nfields < 0 || s->nfields > MAX_FIELD_ID + 1 || (s->nfields > 0 && s->fields == NULL))
    return fail(w, "operator %d: %d options fields", (int)w->noperators, (int)s->nfields);
  if (s->nfields > 0 && s->options_type == 0)
    return fail(w, "operator %d: options fields without an options type (union tag)", (int)w->noperators);
  for (int32_t i = 0; i < s->nfields; i++) {
    const tflc_writer_field *f = &s->fields[i];
    if (f->id < 0 || f->id > MAX_FIELD_ID || f->kind < TFLC_WRITER_FIELD_BOOL || f->kind > TFLC_WRITER_FIELD_I32_VECTOR)
      return fail(w, "operator %d: options field %d has id %d, kind %d", (int)w->noperators, (int)i, (int)f->id, (int)f->kind);
    if (f->kind == TFLC_WRITER_FIELD_I32_VECTOR && (f->nints < 0 || f->nints > MAX_ITEMS || (f->nints && !f->ints)))
      return fail(w, "operator %d: options field %d has %d ints", (int)w->noperators, (int)f->id, (int)f->nints);
    for (int32_t j = 0; j < i; j++)
      if (s->fields[j].id == f->id) return fail(w, "operator %d: options field id %d given twice", (int)w->noperators, (int)f->id);
  }
  if (s->custom_options_size > MAX_BYTES || (s->custom_options_size && !s->custom_options))
    return fail(w, "operator %d: %zu bytes of custom options", (int)w->noperators, s->custom_options_size);
  return 0;
}

int32_t tflc_writer_add_operator(tflc_writer *w, const tflc_writer_operator *spec) {
  if (spec == NULL) return fail(w, "operator %d: no spec", (int)w->noperators);
  if (check_operator(w, spec) < 0) return -1;
  if (!grow((void **)&w->operators, &w->cap_operators, w->noperators, sizeof *w->operators))
    return fail(w, "out of memory adding operator %d", (int)w->noperators);
  writer_operator *op = &w->operators[w->noperators];
  memset(op, 0, sizeof *op);
  op->spec = *spec;
  int32_t nfields = spec->nfields;
  op->spec.nfields = 0; /* counts the copied fields, so free releases exactly those */
  op->fields = copy_bytes(spec->fields, (size_t)nfields * sizeof *op->fields);
  op->field_ints = calloc((size_t)nfields + 1, sizeof *op->field_ints);
  bool ok = op->fields != NULL && op->field_ints != NULL;
  for (int32_t i = 0; ok && i < nfields; i++, op->spec.nfields++) {
    if (spec->fields[i].kind != TFLC_WRITER_FIELD_I32_VECTOR) continue;
    op->field_ints[i] = copy_bytes(spec->fields[i].ints, (size_t)spec->fields[i].nints * sizeof(int32_t));
    op->fields[i].ints = op->field_ints[i];
    ok = op->field_ints[i] != NULL;
  }
  if (ok && spec->custom_options_size) {
    op->custom_options = copy_bytes(spec->custom_options, spec->custom_options_size);
    ok = op->custom_options != NULL;
  }
  op->spec.fields = op->fields;
  op->spec.custom_options = op->custom_options;
  w->noperators++; /* kept even on failure, so tflc_writer_free releases its copies */
  if (!ok) return fail(w, "out of memory adding operator %d", (int)w->noperators - 1);
  return w->noperators - 1;
}

static TfLiteStatus set_io(tflc_writer *w, const char *what, int32_t count, const int32_t *tensors, int32_t *n,
                           int32_t **out) {
  if (count < 0 || count > MAX_ITEMS || (count > 0 && tensors == NULL))
    return fail(w, "subgraph %s: count %d", what, (int)count), kTfLiteError;
  for (int32_t i = 0; i < count; i++)
    if (tensors[i] < 0 || tensors[i] >= w->ntensors)
      return fail(w, "subgraph %s %d is tensor %d, out of range (%d tensors)", what, (int)i, (int)tensors[i],
                  (int)w->ntensors),
             kTfLiteError;
  int32_t *copy = copy_bytes(tensors, (size_t)count * sizeof *copy);
  if (copy == NULL) return fail(w, "out of memory setting subgraph %s", what), kTfLiteError;
  free(*out);
  *out = copy;
  *n = count;
  return kTfLiteOk;
}

TfLiteStatus tflc_writer_set_inputs(tflc_writer *w, int32_t count, const int32_t *tensors) {
  return set_io(w, "input", count, tensors, &w->ninputs, &w->inputs);
}

TfLiteStatus tflc_writer_set_outputs(tflc_writer *w, int32_t count, const int32_t *tensors) {
  return set_io(w, "output", count, tensors, &w->noutputs, &w->outputs);
}

/* ---- The back-to-front FlatBuffer builder ---- */

typedef struct fb_builder {
  uint8_t *buf;
  size_t cap;
  size_t used;     /* bytes in use, at the end of buf; an object's "ref" is `used` after writing it */
  size_t minalign; /* the largest alignment asked for */
  bool failed;     /* out of memory or over the 2 GiB FlatBuffers limit */
} fb_builder;

/* Claims n bytes in front of the data written so far; NULL once the builder has failed. */
static uint8_t *fb_claim(fb_builder *b, size_t n) {
  if (b->failed) return NULL;
  if (n > MAX_BYTES || b->used + n > ((size_t)1 << 31)) {
    b->failed = true;
    return NULL;
  }
  if (b->used + n > b->cap) {
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->used + n) cap *= 2;
    uint8_t *p = malloc(cap);
    if (p == NULL) {
      b->failed = true;
      return NULL;
    }
    if (b->used) memcpy(p + cap - b->used, b->buf + b->cap - b->used, b->used);
    free(b->buf);
    b->buf = p;
    b->cap = cap;
  }
  b->used += n;
  uint8_t *at = b->buf + b->cap - b->used;
  memset(at, 0, n);
  return at;
}

/* Pads with zeros so that, once `len` more bytes are written, the size is a multiple of align. */
static void fb_prealign(fb_builder *b, size_t len, size_t align) {
  if (align > b->minalign) b->minalign = align;
  size_t pad = (align - ((b->used + len) & (align - 1))) & (align - 1);
  if (pad) fb_claim(b, pad);
}

static void fb_push(fb_builder *b, const void *data, size_t n) {
  uint8_t *at = fb_claim(b, n);
  if (at && n) memcpy(at, data, n);
}

static void fb_push_u32(fb_builder *b, uint32_t v) {
  fb_prealign(b, 4, 4);
  uint8_t le[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  fb_push(b, le, 4);
}

/* Writes a uoffset to the object written earlier at `ref`; returns the field's own ref. */
static uint32_t fb_push_offset(fb_builder *b, uint32_t ref) {
  fb_prealign(b, 4, 4);
  fb_push_u32(b, (uint32_t)(b->used + 4 - ref));
  return (uint32_t)b->used;
}

/* A vector of n scalars of elem_size bytes, the data aligned to `align`; returns its ref. */
static uint32_t fb_vector(fb_builder *b, const void *data, size_t n, size_t elem_size, size_t align) {
  size_t bytes = n * elem_size;
  fb_prealign(b, bytes, 4);
  fb_prealign(b, bytes, align);
  fb_push(b, data, bytes);
  fb_push_u32(b, (uint32_t)n);
  return (uint32_t)b->used;
}

/* A vector of offsets to objects written earlier. */
static uint32_t fb_offset_vector(fb_builder *b, const uint32_t *refs, size_t n) {
  fb_prealign(b, n * 4, 4);
  for (size_t i = n; i-- > 0;) fb_push_offset(b, refs[i]);
  fb_push_u32(b, (uint32_t)n);
  return (uint32_t)b->used;
}

static uint32_t fb_string(fb_builder *b, const char *s) {
  size_t len = strlen(s);
  fb_prealign(b, len + 1, 4);
  fb_push(b, "", 1);
  fb_push(b, s, len);
  fb_push_u32(b, (uint32_t)len);
  return (uint32_t)b->used;
}

/* A table field: a little-endian scalar of `size` bytes, or a uoffset to `ref`. */
typedef struct fb_field {
  int32_t id;
  uint32_t size;   /* 1, 2, 4 or 8; 0 = an offset field */
  uint64_t bits;   /* the scalar's bits */
  uint32_t ref;    /* offset fields: the target's ref */
} fb_field;

static fb_field fb_scalar(int32_t id, uint32_t size, uint64_t bits) { return (fb_field){id, size, bits, 0}; }
static fb_field fb_ref(int32_t id, uint32_t ref) { return (fb_field){id, 0, 0, ref}; }

/*
** Writes a table of n fields and its vtable (ids up to MAX_FIELD_ID): fields first (largest
** first, for packing), then the soffset to the vtable, then the vtable in front of it.
*/
static uint32_t fb_table(fb_builder *b, const fb_field *fields, int32_t n) {
  uint32_t end = (uint32_t)b->used;
  uint32_t where[MAX_FIELD_ID + 1] = {0};
  int32_t max_id = -1;
  static const uint32_t order[] = {8, 0, 4, 2, 1}; /* offsets are 4 bytes */
  for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
    for (int32_t i = 0; i < n; i++) {
      const fb_field *f = &fields[i];
      if (f->size != order[o]) continue;
      if (f->size == 0) {
        where[i] = fb_push_offset(b, f->ref);
      } else {
        uint8_t le[8];
        for (uint32_t k = 0; k < 8; k++) le[k] = (uint8_t)(f->bits >> (8 * k));
        fb_prealign(b, f->size, f->size);
        fb_push(b, le, f->size);
        where[i] = (uint32_t)b->used;
      }
      if (f->id > max_id) max_id = f->id;
    }
  }
  fb_push_u32(b, 0); /* soffset placeholder */
  uint32_t table = (uint32_t)b->used;
  uint16_t vtable[MAX_FIELD_ID + 3];
  size_t nentries = (size_t)max_id + 3;
  memset(vtable, 0, sizeof vtable);
  vtable[0] = (uint16_t)(nentries * 2);
  vtable[1] = (uint16_t)(table - end);
  for (int32_t i = 0; i < n; i++) vtable[2 + fields[i].id] = (uint16_t)(table - where[i]);
  fb_prealign(b, nentries * 2, 2);
  for (size_t i = nentries; i-- > 0;) {
    uint8_t le[2] = {(uint8_t)vtable[i], (uint8_t)(vtable[i] >> 8)};
    fb_push(b, le, 2);
  }
  uint32_t vt = (uint32_t)b->used;
  if (!b->failed) { /* vtable address = table address - soffset */
    int32_t soffset = (int32_t)(vt - table);
    uint8_t *at = b->buf + b->cap - table;
    for (int k = 0; k < 4; k++) at[k] = (uint8_t)((uint32_t)soffset >> (8 * k));
  }
  return table;
}

static uint32_t f32_bits(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}

/* ---- Serialization of the collected model ---- */

static uint32_t write_buffers(fb_builder *b, const tflc_writer *w, uint32_t *refs) {
  for (int32_t i = 0; i < w->nbuffers; i++) {
    const writer_buffer *buf = &w->buffers[i];
    if (buf->size == 0) {
      refs[i] = fb_table(b, NULL, 0);
      continue;
    }
    fb_field f = fb_ref(BUFFER_DATA, fb_vector(b, buf->data, buf->size, 1, 16));
    refs[i] = fb_table(b, &f, 1);
  }
  return fb_offset_vector(b, refs, (size_t)w->nbuffers);
}

static uint32_t write_opcodes(fb_builder *b, const tflc_writer *w, uint32_t *refs) {
  for (int32_t i = 0; i < w->nopcodes; i++) {
    const writer_opcode *c = &w->opcodes[i];
    fb_field f[4];
    int32_t n = 0;
    int32_t deprecated = c->builtin_code < PLACEHOLDER_FOR_GREATER_OP_CODES ? c->builtin_code : PLACEHOLDER_FOR_GREATER_OP_CODES;
    if (c->custom_code) f[n++] = fb_ref(OPCODE_CUSTOM, fb_string(b, c->custom_code));
    f[n++] = fb_scalar(OPCODE_DEPRECATED_BUILTIN, 1, (uint64_t)(uint8_t)deprecated);
    f[n++] = fb_scalar(OPCODE_VERSION, 4, (uint32_t)c->version);
    f[n++] = fb_scalar(OPCODE_BUILTIN, 4, (uint32_t)c->builtin_code);
    refs[i] = fb_table(b, f, n);
  }
  return fb_offset_vector(b, refs, (size_t)w->nopcodes);
}

static uint32_t write_quantization(fb_builder *b, const writer_tensor *t) {
  size_t n = (size_t)t->spec.nscales;
  fb_field f[3];
  f[0] = fb_ref(QUANT_SCALE, fb_vector(b, t->scales, n, 4, 4));
  f[1] = fb_ref(QUANT_ZERO_POINT, fb_vector(b, t->zero_points, n, 8, 8));
  f[2] = fb_scalar(QUANT_DIMENSION, 4, (uint32_t)t->spec.quantized_dimension);
  return fb_table(b, f, 3);
}

static uint32_t write_tensor(fb_builder *b, const writer_tensor *t) {
  fb_field f[6];
  int32_t n = 0;
  f[n++] = fb_ref(TENSOR_SHAPE, fb_vector(b, t->spec.dims, (size_t)t->spec.ndims, 4, 4));
  if (t->name) f[n++] = fb_ref(TENSOR_NAME, fb_string(b, t->name));
  if (t->spec.nscales > 0) f[n++] = fb_ref(TENSOR_QUANTIZATION, write_quantization(b, t));
  f[n++] = fb_scalar(TENSOR_TYPE, 1, (uint8_t)tflc_writer_schema_type(t->spec.type));
  f[n++] = fb_scalar(TENSOR_BUFFER, 4, (uint32_t)t->buffer);
  if (t->spec.is_variable) f[n++] = fb_scalar(TENSOR_IS_VARIABLE, 1, 1);
  return fb_table(b, f, n);
}

static uint32_t write_options(fb_builder *b, const writer_operator *op) {
  fb_field f[MAX_FIELD_ID + 1];
  for (int32_t i = 0; i < op->spec.nfields; i++) {
    const tflc_writer_field *x = &op->fields[i];
    switch (x->kind) {
      case TFLC_WRITER_FIELD_BOOL: f[i] = fb_scalar(x->id, 1, x->i != 0); break;
      case TFLC_WRITER_FIELD_I8: f[i] = fb_scalar(x->id, 1, (uint8_t)x->i); break;
      case TFLC_WRITER_FIELD_I16: f[i] = fb_scalar(x->id, 2, (uint16_t)x->i); break;
      case TFLC_WRITER_FIELD_I32: f[i] = fb_scalar(x->id, 4, (uint32_t)x->i); break;
      case TFLC_WRITER_FIELD_I64: f[i] = fb_scalar(x->id, 8, (uint64_t)x->i); break;
      case TFLC_WRITER_FIELD_F32: f[i] = fb_scalar(x->id, 4, f32_bits(x->f)); break;
      case TFLC_WRITER_FIELD_I32_VECTOR: f[i] = fb_ref(x->id, fb_vector(b, x->ints, (size_t)x->nints, 4, 4)); break;
    }
  }
  return fb_table(b, f, op->spec.nfields);
}

static uint32_t write_operator(fb_builder *b, const writer_operator *op) {
  const tflc_writer_operator *s = &op->spec;
  fb_field f[7];
  int32_t n = 0;
  f[n++] = fb_scalar(OP_OPCODE_INDEX, 4, (uint32_t)s->opcode);
  f[n++] = fb_ref(OP_INPUTS, fb_vector(b, s->inputs, (size_t)s->ninputs, 4, 4));
  f[n++] = fb_ref(OP_OUTPUTS, fb_vector(b, s->outputs, (size_t)s->noutputs, 4, 4));
  if (s->nintermediates > 0)
    f[n++] = fb_ref(OP_INTERMEDIATES, fb_vector(b, s->intermediates, (size_t)s->nintermediates, 4, 4));
  if (s->options_type != 0) {
    f[n++] = fb_scalar(OP_OPTIONS_TYPE, 1, s->options_type);
    f[n++] = fb_ref(OP_OPTIONS, write_options(b, op));
  }
  if (s->custom_options_size > 0)
    f[n++] = fb_ref(OP_CUSTOM_OPTIONS, fb_vector(b, op->custom_options, s->custom_options_size, 1, 1));
  return fb_table(b, f, n);
}

static uint32_t write_subgraph(fb_builder *b, const tflc_writer *w, uint32_t *refs) {
  for (int32_t i = 0; i < w->ntensors; i++) refs[i] = write_tensor(b, &w->tensors[i]);
  uint32_t tensors = fb_offset_vector(b, refs, (size_t)w->ntensors);
  for (int32_t i = 0; i < w->noperators; i++) refs[i] = write_operator(b, &w->operators[i]);
  uint32_t operators = fb_offset_vector(b, refs, (size_t)w->noperators);
  fb_field f[5] = {
      fb_ref(SUBGRAPH_TENSORS, tensors),
      fb_ref(SUBGRAPH_INPUTS, fb_vector(b, w->inputs, (size_t)w->ninputs, 4, 4)),
      fb_ref(SUBGRAPH_OUTPUTS, fb_vector(b, w->outputs, (size_t)w->noutputs, 4, 4)),
      fb_ref(SUBGRAPH_OPERATORS, operators),
      fb_ref(SUBGRAPH_NAME, fb_string(b, "main")),
  };
  return fb_table(b, f, 5);
}

TfLiteStatus tflc_writer_finish(tflc_writer *w, uint8_t **out, size_t *size) {
  *out = NULL;
  *size = 0;
  if (w->error[0]) return kTfLiteError;
  int32_t most = w->nbuffers;
  if (w->ntensors > most) most = w->ntensors;
  if (w->nopcodes > most) most = w->nopcodes;
  if (w->noperators > most) most = w->noperators;
  uint32_t *refs = malloc(((size_t)most + 1) * sizeof *refs);
  if (refs == NULL) return fail(w, "out of memory writing the model"), kTfLiteError;
  fb_builder b = {0};
  b.minalign = 1;
  uint32_t buffers = write_buffers(&b, w, refs);
  uint32_t opcodes = write_opcodes(&b, w, refs);
  uint32_t subgraph = write_subgraph(&b, w, refs);
  uint32_t subgraphs = fb_offset_vector(&b, &subgraph, 1);
  uint32_t description = fb_string(&b, "tflc writer");
  free(refs);
  fb_field f[5] = {
      fb_scalar(MODEL_VERSION, 4, 3),
      fb_ref(MODEL_OPERATOR_CODES, opcodes),
      fb_ref(MODEL_SUBGRAPHS, subgraphs),
      fb_ref(MODEL_DESCRIPTION, description),
      fb_ref(MODEL_BUFFERS, buffers),
  };
  uint32_t root = fb_table(&b, f, 5);
  fb_prealign(&b, 8, b.minalign);
  fb_push(&b, "TFL3", 4);
  fb_push_offset(&b, root);
  if (b.failed) {
    free(b.buf);
    return fail(w, "out of memory (or over 2 GiB) writing the model"), kTfLiteError;
  }
  /* Hand back exactly the used bytes, in a block of their own. */
  uint8_t *bytes = malloc(b.used);
  if (bytes == NULL) {
    free(b.buf);
    return fail(w, "out of memory writing the model (%zu bytes)", b.used), kTfLiteError;
  }
  memcpy(bytes, b.buf + b.cap - b.used, b.used);
  free(b.buf);
  *out = bytes;
  *size = b.used;
  return kTfLiteOk;
}
