/*
** corrupt_gen.c — writes deterministic corrupted copies of a .tflite model (issue 9).
**
**   corrupt_gen MODEL OUT_DIR COUNT SEED [PREFIX]
**
** Walks MODEL with the project's checked FlatBuffer reader (format/flatbuffer.h) and records
** every place a hostile file could lie: tensor shape dims, tensor types, buffer indices,
** operator and subgraph tensor indices, opcode indices and builtin codes, builtin option
** values, union tags, vector lengths, quantization scales and zero points, buffer
** offset/size, custom option bytes, and the offsets, vtable entries and table soffsets that
** hold the file together. Each copy then gets one of: a truncation, bit flips, byte
** overwrites, a rewrite of one such field to a hostile value, or several rewrites at once.
** Random mutations prefer the structure bytes over the weight data, where a flip only
** changes numbers. The same MODEL, COUNT and SEED always give the same files.
**
** Files are OUT_DIR/PREFIX_NNNNN.tflite; one line per file goes to OUT_DIR/PREFIX.manifest
** ("file<TAB>mutation") so a failure names what was done to the model.
*/
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/flatbuffer.h"

/* Field numbers from schema.fbs (the same as src/format/model.c). */
enum { MODEL_OPERATOR_CODES = 1, MODEL_SUBGRAPHS = 2, MODEL_BUFFERS = 4, MODEL_SIGNATURE_DEFS = 7 };
enum { OPCODE_DEPRECATED_BUILTIN = 0, OPCODE_CUSTOM = 1, OPCODE_VERSION = 2, OPCODE_BUILTIN = 3 };
enum { SUBGRAPH_TENSORS = 0, SUBGRAPH_INPUTS = 1, SUBGRAPH_OUTPUTS = 2, SUBGRAPH_OPERATORS = 3 };
enum { TENSOR_SHAPE = 0, TENSOR_TYPE = 1, TENSOR_BUFFER = 2, TENSOR_NAME = 3, TENSOR_QUANTIZATION = 4,
       TENSOR_IS_VARIABLE = 5, TENSOR_SHAPE_SIGNATURE = 7 };
enum { QUANT_SCALE = 2, QUANT_ZERO_POINT = 3, QUANT_DIMENSION = 6 };
enum { OP_OPCODE_INDEX = 0, OP_INPUTS = 1, OP_OUTPUTS = 2, OP_OPTIONS_TYPE = 3, OP_OPTIONS = 4,
       OP_CUSTOM_OPTIONS = 5, OP_INTERMEDIATES = 8 };
enum { BUFFER_DATA = 0, BUFFER_OFFSET = 1, BUFFER_SIZE = 2 };
enum { SIGNATURE_INPUTS = 0, SIGNATURE_OUTPUTS = 1, SIGNATURE_SUBGRAPH = 4 };
enum { TENSOR_MAP_TENSOR = 1 };

/* What a site holds; it decides which hostile values it gets. */
typedef enum site_kind {
  SITE_DIM, SITE_SHAPE, SITE_TYPE, SITE_BUFFER_INDEX, SITE_TENSOR_INDEX, SITE_OPCODE_INDEX,
  SITE_BUILTIN_CODE, SITE_VERSION, SITE_OPTION_I32, SITE_OPTION_U8, SITE_UNION_TAG, SITE_VECTOR_LENGTH,
  SITE_SCALE, SITE_ZERO_POINT, SITE_QUANT_DIM, SITE_BUFFER_U64, SITE_CUSTOM_BYTE, SITE_OFFSET,
  SITE_VTABLE_ENTRY, SITE_SOFFSET, SITE_SUBGRAPH_INDEX, SITE_KIND_COUNT
} site_kind;

static const char *const site_names[SITE_KIND_COUNT] = {
    "dim", "shape", "tensor_type", "buffer_index", "tensor_index", "opcode_index", "builtin_code",
    "op_version", "option_i32", "option_u8", "union_tag", "vector_length", "quant_scale",
    "zero_point", "quant_dim", "buffer_offset_size", "custom_option_byte", "offset",
    "vtable_entry", "table_soffset", "subgraph_index"};

typedef struct site {
  uint32_t pos;   /* absolute offset of the value in the file */
  uint32_t count; /* SITE_SHAPE: number of dims; index sites: how many things the index picks from */
  uint8_t kind;
} site;

/* A byte range holding weights (a buffer's data): random mutations mostly avoid it. */
typedef struct range { uint32_t begin, end; } range;

typedef struct model_map {
  const uint8_t *buf;
  size_t size;
  site *sites;
  size_t nsites, cap;
  range *data;
  size_t ndata, data_cap;
  int out_of_memory;
  uint32_t ntensors, nbuffers, nopcodes, nsubgraphs; /* for index values just out of range */
  uint64_t structure_bytes;                          /* bytes outside the data ranges */
  size_t kind_begin[SITE_KIND_COUNT], kind_count[SITE_KIND_COUNT]; /* sites sorted by kind */
} model_map;

#define MAX_SITES (1u << 20)
#define MAX_CUSTOM_BYTES 256u

static uint64_t next_random(uint64_t *state) { /* splitmix64: the same seed gives the same corpus */
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint32_t random_below(uint64_t *state, uint64_t n) { return n ? (uint32_t)(next_random(state) % n) : 0; }

static void add_site(model_map *m, uint64_t pos, site_kind kind, uint32_t count) {
  if (m->out_of_memory || m->nsites >= MAX_SITES || pos >= m->size) return;
  if (m->nsites == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 1024;
    site *grown = realloc(m->sites, cap * sizeof *grown);
    if (grown == NULL) { m->out_of_memory = 1; return; }
    m->sites = grown, m->cap = cap;
  }
  m->sites[m->nsites++] = (site){(uint32_t)pos, count, (uint8_t)kind};
}

static void add_data_range(model_map *m, uint32_t begin, uint32_t length) {
  if (m->out_of_memory || length < 64) return; /* small constants are worth mutating */
  if (m->ndata == m->data_cap) {
    size_t cap = m->data_cap ? m->data_cap * 2 : 64;
    range *grown = realloc(m->data, cap * sizeof *grown);
    if (grown == NULL) { m->out_of_memory = 1; return; }
    m->data = grown, m->data_cap = cap;
  }
  m->data[m->ndata++] = (range){begin, begin + length};
}

/* Absolute offset of a present field's inline slot, or 0 when absent or not `width` wide. */
static uint32_t field_pos(const tflc_fb_table *t, int field, uint32_t width) {
  if (!tflc_fb_has(t, field)) return 0;
  uint16_t off;
  memcpy(&off, t->buf + t->vtable + 4 + 2 * field, 2);
  if (off == 0 || (uint32_t)off + width > t->table_size) return 0;
  return t->pos + off;
}

static void add_field(model_map *m, const tflc_fb_table *t, int field, uint32_t width, site_kind kind, uint32_t count) {
  uint32_t pos = field_pos(t, field, width);
  if (pos) add_site(m, pos, kind, count);
}

/* The table's own frame: its soffset to the vtable and each vtable entry. */
static void add_table_frame(model_map *m, const tflc_fb_table *t) {
  add_site(m, t->pos, SITE_SOFFSET, 0);
  for (uint32_t entry = 4; entry + 2 <= t->vtable_size; entry += 2) add_site(m, t->vtable + entry, SITE_VTABLE_ENTRY, 0);
}

/* A reference field: the uoffset itself; then the vector's length when it is a vector. */
static int reference_vector(model_map *m, const tflc_fb_table *t, int field, size_t elem_size, tflc_fb_vector *v) {
  add_field(m, t, field, 4, SITE_OFFSET, 0);
  if (tflc_fb_vector_field(t, field, elem_size, v) != TFLC_FB_OK) return 0;
  add_site(m, (uint64_t)v->pos - 4, SITE_VECTOR_LENGTH, v->length);
  return 1;
}

static void int_vector(model_map *m, const tflc_fb_table *t, int field, site_kind kind, uint32_t count) {
  tflc_fb_vector v;
  if (!reference_vector(m, t, field, 4, &v)) return;
  for (uint32_t i = 0; i < v.length; i++) add_site(m, (uint64_t)v.pos + 4u * i, kind, count);
}

/* Element i of a vector of tables, recording the element's offset and the table's frame. */
static int table_element(model_map *m, const tflc_fb_vector *v, uint32_t i, tflc_fb_table *out) {
  add_site(m, (uint64_t)v->pos + 4u * i, SITE_OFFSET, 0);
  if (tflc_fb_vector_table(v, i, out) != TFLC_FB_OK) return 0;
  add_table_frame(m, out);
  return 1;
}

static void walk_shape(model_map *m, const tflc_fb_table *tensor, int field) {
  tflc_fb_vector v;
  if (!reference_vector(m, tensor, field, 4, &v)) return;
  if (v.length) add_site(m, v.pos, SITE_SHAPE, v.length);
  for (uint32_t i = 0; i < v.length; i++) add_site(m, (uint64_t)v.pos + 4u * i, SITE_DIM, 0);
}

static void walk_quantization(model_map *m, const tflc_fb_table *tensor) {
  tflc_fb_table q;
  add_field(m, tensor, TENSOR_QUANTIZATION, 4, SITE_OFFSET, 0);
  if (tflc_fb_table_field(tensor, TENSOR_QUANTIZATION, &q) != TFLC_FB_OK) return;
  add_table_frame(m, &q);
  tflc_fb_vector v;
  if (reference_vector(m, &q, QUANT_SCALE, 4, &v))
    for (uint32_t i = 0; i < v.length && i < 64; i++) add_site(m, (uint64_t)v.pos + 4u * i, SITE_SCALE, 0);
  if (reference_vector(m, &q, QUANT_ZERO_POINT, 8, &v))
    for (uint32_t i = 0; i < v.length && i < 64; i++) add_site(m, (uint64_t)v.pos + 8u * i, SITE_ZERO_POINT, 0);
  add_field(m, &q, QUANT_DIMENSION, 4, SITE_QUANT_DIM, 0);
}

static void walk_tensor(model_map *m, const tflc_fb_table *t) {
  walk_shape(m, t, TENSOR_SHAPE);
  walk_shape(m, t, TENSOR_SHAPE_SIGNATURE);
  add_field(m, t, TENSOR_TYPE, 1, SITE_TYPE, 0);
  add_field(m, t, TENSOR_BUFFER, 4, SITE_BUFFER_INDEX, m->nbuffers);
  add_field(m, t, TENSOR_NAME, 4, SITE_OFFSET, 0);
  add_field(m, t, TENSOR_IS_VARIABLE, 1, SITE_OPTION_U8, 0);
  walk_quantization(m, t);
}

/*
** Builtin options: the schema is not at hand here, so each present field is taken as an
** int32 when four bytes fit before the next field (strides, dilations, axes), else a byte
** (padding, activation, flags).
*/
static void walk_options(model_map *m, const tflc_fb_table *options) {
  add_table_frame(m, options);
  for (uint32_t entry = 4; entry + 2 <= options->vtable_size; entry += 2) {
    uint16_t off, other;
    memcpy(&off, options->buf + options->vtable + entry, 2);
    if (off == 0 || off >= options->table_size) continue;
    uint32_t room = options->table_size - off;
    for (uint32_t e = 4; e + 2 <= options->vtable_size; e += 2) {
      memcpy(&other, options->buf + options->vtable + e, 2);
      if (other > off && (uint32_t)(other - off) < room) room = (uint32_t)(other - off);
    }
    add_site(m, (uint64_t)options->pos + off, room >= 4 ? SITE_OPTION_I32 : SITE_OPTION_U8, 0);
  }
}

static void walk_operator(model_map *m, const tflc_fb_table *op, uint32_t ntensors) {
  add_field(m, op, OP_OPCODE_INDEX, 4, SITE_OPCODE_INDEX, m->nopcodes);
  int_vector(m, op, OP_INPUTS, SITE_TENSOR_INDEX, ntensors);
  int_vector(m, op, OP_OUTPUTS, SITE_TENSOR_INDEX, ntensors);
  int_vector(m, op, OP_INTERMEDIATES, SITE_TENSOR_INDEX, ntensors);
  add_field(m, op, OP_OPTIONS_TYPE, 1, SITE_UNION_TAG, 0);
  add_field(m, op, OP_OPTIONS, 4, SITE_OFFSET, 0);
  tflc_fb_table options;
  if (tflc_fb_table_field(op, OP_OPTIONS, &options) == TFLC_FB_OK) walk_options(m, &options);
  tflc_fb_vector custom;
  if (reference_vector(m, op, OP_CUSTOM_OPTIONS, 1, &custom))
    for (uint32_t i = 0; i < custom.length && i < MAX_CUSTOM_BYTES; i++) add_site(m, (uint64_t)custom.pos + i, SITE_CUSTOM_BYTE, 0);
}

static void walk_subgraph(model_map *m, const tflc_fb_table *g) {
  tflc_fb_vector tensors, ops;
  uint32_t ntensors = 0;
  if (reference_vector(m, g, SUBGRAPH_TENSORS, 4, &tensors)) {
    ntensors = tensors.length;
    for (uint32_t i = 0; i < tensors.length; i++) {
      tflc_fb_table t;
      if (table_element(m, &tensors, i, &t)) walk_tensor(m, &t);
    }
  }
  if (ntensors > m->ntensors) m->ntensors = ntensors;
  int_vector(m, g, SUBGRAPH_INPUTS, SITE_TENSOR_INDEX, ntensors);
  int_vector(m, g, SUBGRAPH_OUTPUTS, SITE_TENSOR_INDEX, ntensors);
  if (reference_vector(m, g, SUBGRAPH_OPERATORS, 4, &ops))
    for (uint32_t i = 0; i < ops.length; i++) {
      tflc_fb_table op;
      if (table_element(m, &ops, i, &op)) walk_operator(m, &op, ntensors);
    }
}

static void walk_opcodes(model_map *m, const tflc_fb_table *root) {
  tflc_fb_vector v;
  if (!reference_vector(m, root, MODEL_OPERATOR_CODES, 4, &v)) return;
  m->nopcodes = v.length;
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table c;
    if (!table_element(m, &v, i, &c)) continue;
    add_field(m, &c, OPCODE_DEPRECATED_BUILTIN, 1, SITE_BUILTIN_CODE, 1); /* count: the field's width */
    add_field(m, &c, OPCODE_BUILTIN, 4, SITE_BUILTIN_CODE, 4);
    add_field(m, &c, OPCODE_VERSION, 4, SITE_VERSION, 0);
    add_field(m, &c, OPCODE_CUSTOM, 4, SITE_OFFSET, 0);
  }
}

static void walk_buffers(model_map *m, const tflc_fb_table *root) {
  tflc_fb_vector v;
  if (!reference_vector(m, root, MODEL_BUFFERS, 4, &v)) return;
  m->nbuffers = v.length;
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table b;
    if (!table_element(m, &v, i, &b)) continue;
    tflc_fb_vector data;
    if (reference_vector(m, &b, BUFFER_DATA, 1, &data)) add_data_range(m, data.pos, data.length);
    add_field(m, &b, BUFFER_OFFSET, 8, SITE_BUFFER_U64, 0);
    add_field(m, &b, BUFFER_SIZE, 8, SITE_BUFFER_U64, 0);
  }
}

static void walk_signatures(model_map *m, const tflc_fb_table *root) {
  tflc_fb_vector v;
  if (!reference_vector(m, root, MODEL_SIGNATURE_DEFS, 4, &v)) return;
  for (uint32_t i = 0; i < v.length; i++) {
    tflc_fb_table s;
    if (!table_element(m, &v, i, &s)) continue;
    add_field(m, &s, SIGNATURE_SUBGRAPH, 4, SITE_SUBGRAPH_INDEX, m->nsubgraphs);
    for (int field = SIGNATURE_INPUTS; field <= SIGNATURE_OUTPUTS; field++) {
      tflc_fb_vector maps;
      if (!reference_vector(m, &s, field, 4, &maps)) continue;
      for (uint32_t k = 0; k < maps.length; k++) {
        tflc_fb_table map;
        if (table_element(m, &maps, k, &map)) add_field(m, &map, TENSOR_MAP_TENSOR, 4, SITE_TENSOR_INDEX, m->ntensors);
      }
    }
  }
}

/* Records every site of the model; works on files the reader only partly accepts. */
static void walk_model(model_map *m) {
  tflc_fb_table root;
  if (m->size >= 4) add_site(m, 0, SITE_OFFSET, 0); /* the root offset */
  if (tflc_fb_root(m->buf, m->size, &root) != TFLC_FB_OK) return;
  add_table_frame(m, &root);
  walk_buffers(m, &root); /* first, so buffer indices know the count */
  walk_opcodes(m, &root);
  tflc_fb_vector v;
  if (reference_vector(m, &root, MODEL_SUBGRAPHS, 4, &v)) {
    m->nsubgraphs = v.length;
    for (uint32_t i = 0; i < v.length; i++) {
      tflc_fb_table g;
      if (table_element(m, &v, i, &g)) walk_subgraph(m, &g);
    }
  }
  walk_signatures(m, &root);
}

/* ---- hostile values ---- */

static void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_i32(uint8_t *p, int32_t v) { memcpy(p, &v, 4); }
static uint32_t get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* Index values: the edges of the valid range and far outside it. */
static int32_t hostile_index(uint64_t *rng, uint32_t count) {
  const int32_t values[] = {-1, -2, (int32_t)count, (int32_t)count + 1, INT32_MAX, INT32_MIN,
                            0x10000, 0x40000000, 0, (int32_t)(count ? count - 1 : 0)};
  uint32_t pick = random_below(rng, sizeof values / sizeof values[0] + 1);
  return pick < sizeof values / sizeof values[0] ? values[pick] : (int32_t)next_random(rng);
}

static int32_t hostile_i32(uint64_t *rng, int32_t old) {
  const int32_t values[] = {0, -1, -2, 1, 2, 3, 5, -5, 100, 1000, 0x7FFF, 0x10000, 46341, 0x40000000,
                            INT32_MAX, INT32_MIN, -0x40000000};
  uint32_t pick = random_below(rng, sizeof values / sizeof values[0] + 3);
  if (pick < sizeof values / sizeof values[0]) return values[pick];
  if (pick == sizeof values / sizeof values[0]) return old + 1;
  if (pick == sizeof values / sizeof values[0] + 1) return (int32_t)((uint32_t)old * 65536u);
  return (int32_t)next_random(rng);
}

static int32_t hostile_dim(uint64_t *rng, int32_t old) {
  const int32_t values[] = {-1, -2, 0, INT32_MAX, INT32_MIN, 0x10000, 46341, 0x40000000, 0x7FFFFFF0, 0xFFFF};
  uint32_t pick = random_below(rng, sizeof values / sizeof values[0] + 1);
  return pick < sizeof values / sizeof values[0] ? values[pick] : old + 1;
}

static float hostile_float(uint64_t *rng) {
  const float values[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0f, -0.0f, -1.0f, 1e-45f, 1e-38f, 1e-30f,
                          1e30f, FLT_MAX, -FLT_MAX, 1.0f, 65536.0f};
  return values[random_below(rng, sizeof values / sizeof values[0])];
}

static int64_t hostile_zero_point(uint64_t *rng) {
  const int64_t values[] = {INT64_MIN, INT64_MAX, -129, 128, 255, 256, -32769, 32768, 65536,
                            (int64_t)1 << 31, -((int64_t)1 << 31) - 1, -1, (int64_t)1 << 40};
  return values[random_below(rng, sizeof values / sizeof values[0])];
}

static uint32_t hostile_length(uint64_t *rng, uint32_t old, size_t file_size) {
  const uint32_t values[] = {0, old - 1, old + 1, old * 2, 0x7FFFFFFF, 0xFFFFFFFF, 0x40000000, 0x3FFFFFFF,
                             (uint32_t)(file_size / 4), (uint32_t)file_size, 0x10000};
  return values[random_below(rng, sizeof values / sizeof values[0])];
}

/* A uoffset: to itself, just past the end, far past it, unaligned, or anywhere inside. */
static uint32_t hostile_offset(uint64_t *rng, uint32_t pos, uint32_t old, size_t file_size) {
  uint32_t to_end = (uint32_t)(file_size - pos);
  const uint32_t values[] = {0, to_end, to_end - 1, to_end - 3, to_end - 4, 0xFFFFFFFF, 0x80000000,
                             1, 2, 3, 4, old + 1, old - 4, old + 4};
  uint32_t pick = random_below(rng, sizeof values / sizeof values[0] + 1);
  return pick < sizeof values / sizeof values[0] ? values[pick] : random_below(rng, file_size);
}

static uint16_t hostile_u16(uint64_t *rng, uint16_t old) {
  const uint16_t values[] = {0, 0xFFFF, 0xFFFE, 1, 2, 3, 4, (uint16_t)(old + 1), (uint16_t)(old + 4), (uint16_t)(old - 4)};
  uint32_t pick = random_below(rng, sizeof values / sizeof values[0] + 1);
  return pick < sizeof values / sizeof values[0] ? values[pick] : (uint16_t)next_random(rng);
}

static int32_t hostile_soffset(uint64_t *rng, uint32_t pos, size_t file_size) {
  const int32_t values[] = {0, INT32_MIN, INT32_MAX, (int32_t)pos + 1, (int32_t)pos + 4, -(int32_t)file_size,
                            4, -4, 2, -(int32_t)(file_size - pos)};
  return values[random_below(rng, sizeof values / sizeof values[0])];
}

static uint8_t hostile_u8(uint64_t *rng) {
  const uint8_t values[] = {0, 1, 2, 3, 0x7F, 0x80, 0xFF, 0xFE};
  uint32_t pick = random_below(rng, sizeof values / sizeof values[0] + 1);
  return pick < sizeof values / sizeof values[0] ? values[pick] : (uint8_t)next_random(rng);
}

static uint64_t hostile_u64(uint64_t *rng, size_t file_size) {
  const uint64_t values[] = {0, 1, file_size, file_size + 1, file_size - 1, UINT64_MAX, (uint64_t)1 << 63,
                             0xFFFFFFFF, (uint64_t)1 << 32};
  return values[random_below(rng, sizeof values / sizeof values[0])];
}

/* Writes a hostile value at one site of `copy` (a full-size copy); describes it in `what`. */
static void rewrite_site(const model_map *m, uint8_t *copy, const site *s, uint64_t *rng, char *what, size_t len) {
  uint8_t *p = copy + s->pos;
  size_t room = m->size - s->pos;
  int32_t i32 = 0;
  uint32_t u32 = 0;
  switch ((site_kind)s->kind) {
    case SITE_DIM:
      if (room < 4) break;
      i32 = hostile_dim(rng, (int32_t)get_u32(p));
      put_i32(p, i32);
      snprintf(what, len, "dim @%u = %d", s->pos, i32);
      return;
    case SITE_SHAPE: { /* every dim at once: products that overflow int32 and size_t */
      const int32_t values[] = {65536, 46341, INT32_MAX, 0, -1, 1};
      i32 = values[random_below(rng, sizeof values / sizeof values[0])];
      for (uint32_t i = 0; i < s->count && 4u * i + 4 <= room; i++) put_i32(p + 4u * i, i32);
      snprintf(what, len, "shape @%u: all %u dims = %d", s->pos, s->count, i32);
      return;
    }
    case SITE_TYPE: case SITE_OPTION_U8: case SITE_UNION_TAG: case SITE_CUSTOM_BYTE: {
      uint8_t v = (s->kind == SITE_TYPE && random_below(rng, 2)) ? (uint8_t)random_below(rng, 20) : hostile_u8(rng);
      *p = v;
      snprintf(what, len, "%s @%u = %u", site_names[s->kind], s->pos, v);
      return;
    }
    case SITE_BUFFER_INDEX: case SITE_TENSOR_INDEX: case SITE_OPCODE_INDEX: case SITE_SUBGRAPH_INDEX:
      if (room < 4) break;
      i32 = hostile_index(rng, s->count);
      put_i32(p, i32);
      snprintf(what, len, "%s @%u = %d (of %u)", site_names[s->kind], s->pos, i32, s->count);
      return;
    case SITE_BUILTIN_CODE: {
      const int32_t values[] = {-1, 0, 32, 127, 128, 161, 162, 200, 1000, INT32_MAX, INT32_MIN};
      i32 = values[random_below(rng, sizeof values / sizeof values[0])];
      if (s->count == 4 && room >= 4) put_i32(p, i32);
      else *p = (uint8_t)i32;
      snprintf(what, len, "builtin_code @%u = %d", s->pos, i32);
      return;
    }
    case SITE_VERSION: case SITE_OPTION_I32: case SITE_QUANT_DIM:
      if (room < 4) break;
      i32 = hostile_i32(rng, (int32_t)get_u32(p));
      put_i32(p, i32);
      snprintf(what, len, "%s @%u = %d", site_names[s->kind], s->pos, i32);
      return;
    case SITE_VECTOR_LENGTH:
      if (room < 4) break;
      u32 = hostile_length(rng, get_u32(p), m->size);
      put_u32(p, u32);
      snprintf(what, len, "vector_length @%u = %u (was %u)", s->pos, u32, s->count);
      return;
    case SITE_SCALE: {
      if (room < 4) break;
      float f = hostile_float(rng);
      memcpy(p, &f, 4);
      snprintf(what, len, "quant_scale @%u = %g", s->pos, (double)f);
      return;
    }
    case SITE_ZERO_POINT: {
      if (room < 8) break;
      int64_t z = hostile_zero_point(rng);
      memcpy(p, &z, 8);
      snprintf(what, len, "zero_point @%u = %lld", s->pos, (long long)z);
      return;
    }
    case SITE_BUFFER_U64: {
      if (room < 8) break;
      uint64_t v = hostile_u64(rng, m->size);
      memcpy(p, &v, 8);
      snprintf(what, len, "buffer_offset_size @%u = %llu", s->pos, (unsigned long long)v);
      return;
    }
    case SITE_OFFSET:
      if (room < 4) break;
      u32 = hostile_offset(rng, s->pos, get_u32(p), m->size);
      put_u32(p, u32);
      snprintf(what, len, "offset @%u = %u (target %llu of %zu)", s->pos, u32, (unsigned long long)s->pos + u32, m->size);
      return;
    case SITE_VTABLE_ENTRY: {
      if (room < 2) break;
      uint16_t old, v;
      memcpy(&old, p, 2);
      v = hostile_u16(rng, old);
      memcpy(p, &v, 2);
      snprintf(what, len, "vtable_entry @%u = %u (was %u)", s->pos, v, old);
      return;
    }
    case SITE_SOFFSET:
      if (room < 4) break;
      i32 = hostile_soffset(rng, s->pos, m->size);
      put_i32(p, i32);
      snprintf(what, len, "table_soffset @%u = %d", s->pos, i32);
      return;
    case SITE_KIND_COUNT: break;
  }
  snprintf(what, len, "%s @%u: no room, unchanged", site_names[s->kind < SITE_KIND_COUNT ? s->kind : 0], s->pos);
}

/* A random byte position, outside the large weight ranges three times in four. */
static uint32_t random_position(const model_map *m, uint64_t *rng) {
  if (m->structure_bytes == 0 || random_below(rng, 4) == 0) return random_below(rng, m->size);
  uint64_t k = random_below(rng, m->structure_bytes), gap_begin = 0;
  for (size_t i = 0; i <= m->ndata; i++) { /* the gaps between the sorted data ranges */
    uint64_t gap_end = i < m->ndata ? m->data[i].begin : m->size;
    if (k < gap_end - gap_begin) return (uint32_t)(gap_begin + k);
    k -= gap_end - gap_begin;
    if (i < m->ndata) gap_begin = m->data[i].end;
  }
  return random_below(rng, m->size);
}

static int by_begin(const void *a, const void *b) {
  const range *x = a, *y = b;
  return x->begin < y->begin ? -1 : x->begin > y->begin;
}

static int by_kind(const void *a, const void *b) {
  const site *x = a, *y = b;
  return x->kind != y->kind ? (x->kind < y->kind ? -1 : 1) : (x->pos < y->pos ? -1 : x->pos > y->pos);
}

/* Sorts and merges the data ranges, counts the bytes between them, groups sites by kind. */
static void index_model(model_map *m) {
  if (m->ndata) qsort(m->data, m->ndata, sizeof *m->data, by_begin);
  size_t kept = 0;
  for (size_t i = 0; i < m->ndata; i++) {
    if (kept && m->data[i].begin <= m->data[kept - 1].end) {
      if (m->data[i].end > m->data[kept - 1].end) m->data[kept - 1].end = m->data[i].end;
    } else {
      m->data[kept++] = m->data[i];
    }
  }
  m->ndata = kept;
  uint64_t in_data = 0;
  for (size_t i = 0; i < m->ndata; i++) in_data += m->data[i].end - m->data[i].begin;
  m->structure_bytes = m->size - in_data;
  if (m->nsites) qsort(m->sites, m->nsites, sizeof *m->sites, by_kind);
  for (size_t i = m->nsites; i-- > 0;) m->kind_begin[m->sites[i].kind] = i;
  for (size_t i = 0; i < m->nsites; i++) m->kind_count[m->sites[i].kind]++;
}

/* A site: first a kind among those the model has (each equally likely), then one of its sites. */
static const site *random_site(const model_map *m, uint64_t *rng) {
  int kinds[SITE_KIND_COUNT], n = 0;
  for (int k = 0; k < SITE_KIND_COUNT; k++)
    if (m->kind_count[k]) kinds[n++] = k;
  int kind = kinds[random_below(rng, (uint64_t)n)];
  return &m->sites[m->kind_begin[kind] + random_below(rng, m->kind_count[kind])];
}

/* Mutates copy (a full copy of the model) one way; returns the length to write. */
static size_t mutate(const model_map *m, uint8_t *copy, uint64_t *rng, char *what, size_t len) {
  uint32_t choice = random_below(rng, 100);
  if (choice < 14 || m->nsites == 0) { /* truncation: small prefixes often, anywhere otherwise */
    size_t n = random_below(rng, 3) == 0 ? random_below(rng, m->size < 4096 ? m->size : 4096) : random_below(rng, m->size);
    snprintf(what, len, "truncate to %zu of %zu", n, m->size);
    return n;
  }
  if (choice < 28) {
    int flips = 1 + (int)random_below(rng, 8);
    int at = snprintf(what, len, "flip %d bits:", flips);
    for (int i = 0; i < flips; i++) {
      uint32_t pos = random_position(m, rng), bit = random_below(rng, 8);
      copy[pos] ^= (uint8_t)(1u << bit);
      if (at > 0 && (size_t)at < len) at += snprintf(what + at, len - (size_t)at, " %u.%u", pos, bit);
    }
    return m->size;
  }
  if (choice < 42) {
    int count = 1 + (int)random_below(rng, 16);
    int at = snprintf(what, len, "overwrite %d bytes:", count);
    for (int i = 0; i < count; i++) {
      uint32_t pos = random_position(m, rng);
      copy[pos] = hostile_u8(rng);
      if (at > 0 && (size_t)at < len) at += snprintf(what + at, len - (size_t)at, " %u=%u", pos, copy[pos]);
    }
    return m->size;
  }
  int rewrites = choice < 88 ? 1 : 2 + (int)random_below(rng, 3);
  int at = snprintf(what, len, "field%s", rewrites > 1 ? "s" : "");
  for (int i = 0; i < rewrites; i++) {
    char one[160];
    rewrite_site(m, copy, random_site(m, rng), rng, one, sizeof one);
    if (at > 0 && (size_t)at < len) at += snprintf(what + at, len - (size_t)at, "%s %s", i ? ";" : "", one);
  }
  return m->size;
}

static uint8_t *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  uint8_t *data = NULL;
  long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  if (n >= 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) != NULL &&
      fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = n > 0 ? (size_t)n : 0;
  return data;
}

/* Writes COUNT mutants and the manifest; returns 0, or 1 with a message. */
static int generate(model_map *m, const char *dir, const char *prefix, long count, uint64_t seed) {
  char path[4096], what[1024];
  snprintf(path, sizeof path, "%s/%s.manifest", dir, prefix);
  FILE *manifest = fopen(path, "w");
  uint8_t *copy = malloc(m->size ? m->size : 1);
  if (manifest == NULL || copy == NULL) {
    fprintf(stderr, "corrupt_gen: cannot write %s or out of memory\n", path);
    if (manifest) fclose(manifest);
    free(copy);
    return 1;
  }
  uint64_t rng = seed * 0x2545F4914F6CDD1Dull + 1;
  int rc = 0;
  for (long i = 0; i < count && rc == 0; i++) {
    memcpy(copy, m->buf, m->size);
    size_t n = mutate(m, copy, &rng, what, sizeof what);
    snprintf(path, sizeof path, "%s/%s_%05ld.tflite", dir, prefix, i);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(copy, 1, n, f) != n) rc = 1;
    if (f && fclose(f) != 0) rc = 1;
    if (rc) fprintf(stderr, "corrupt_gen: cannot write %s\n", path);
    fprintf(manifest, "%s_%05ld.tflite\t%s\n", prefix, i, what);
  }
  if (fclose(manifest) != 0) rc = 1;
  free(copy);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 5 || argc > 6) {
    fprintf(stderr, "usage: corrupt_gen MODEL OUT_DIR COUNT SEED [PREFIX]\n");
    return 2;
  }
  model_map m = {0};
  uint8_t *data = read_file(argv[1], &m.size);
  if (data == NULL || m.size == 0) {
    fprintf(stderr, "corrupt_gen: cannot read %s (or it is empty)\n", argv[1]);
    free(data);
    return 1;
  }
  m.buf = data;
  walk_model(&m);
  index_model(&m);
  int rc = m.out_of_memory ? (fprintf(stderr, "corrupt_gen: out of memory\n"), 1)
                           : generate(&m, argv[2], argc == 6 ? argv[5] : "m", atol(argv[3]), strtoull(argv[4], NULL, 10));
  if (rc == 0) {
    printf("%s: %zu bytes (%llu outside weights), %zu sites (", argv[1], m.size, (unsigned long long)m.structure_bytes, m.nsites);
    for (int k = 0; k < SITE_KIND_COUNT; k++) printf("%s%s %zu", k ? ", " : "", site_names[k], m.kind_count[k]);
    printf(")\n");
  }
  free(m.sites);
  free(m.data);
  free(data);
  return rc;
}
