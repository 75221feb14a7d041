/*
** flexbuffer.c — checked FlexBuffer reading (see flexbuffer.h for the layout).
*/
#include "format/flexbuffer.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* True when `width` is a legal FlexBuffer width: 1, 2, 4 or 8 bytes. */
static int valid_width(uint64_t width) { return width == 1 || width == 2 || width == 4 || width == 8; }

/* True when [pos, pos + len) lies inside a buffer of `size` bytes. */
static int fits(size_t size, uint64_t pos, uint64_t len) { return pos <= size && len <= size - pos; }

/* Little-endian unsigned integer of `width` bytes at pos (caller checked the range). */
static uint64_t read_uint(const uint8_t *data, size_t pos, int width) {
  uint64_t v = 0;
  for (int i = width - 1; i >= 0; i--) v = (v << 8) | data[pos + (size_t)i];
  return v;
}

/* Sign-extends a `width`-byte integer. */
static int64_t read_int(const uint8_t *data, size_t pos, int width) {
  uint64_t u = read_uint(data, pos, width);
  if (width < 8 && (u >> (8 * width - 1)) & 1) u |= ~(uint64_t)0 << (8 * width);
  int64_t s;
  memcpy(&s, &u, sizeof s);
  return s;
}

/* Checked unsigned read: TFLC_FLEX_BAD when [pos, pos + width) leaves the buffer. */
static int get_uint(const uint8_t *data, size_t size, uint64_t pos, uint64_t width, uint64_t *out) {
  if (!valid_width(width) || !fits(size, pos, width)) return TFLC_FLEX_BAD;
  *out = read_uint(data, (size_t)pos, (int)width);
  return TFLC_FLEX_OK;
}

/* Follows the backward offset stored in a slot at pos (of `width` bytes). */
static int follow(const uint8_t *data, size_t size, uint64_t pos, uint64_t width, uint64_t *target) {
  uint64_t off;
  if (get_uint(data, size, pos, width, &off) != TFLC_FLEX_OK || off > pos) return TFLC_FLEX_BAD;
  *target = pos - off;
  return TFLC_FLEX_OK;
}

/* Decodes a packed type byte into v's type and byte_width. */
static int unpack_type(uint8_t packed, tflc_flex_value *v) {
  v->type = (uint8_t)(packed >> 2);
  v->byte_width = (uint8_t)(1u << (packed & 3));
  return TFLC_FLEX_OK;
}

int tflc_flex_root(const uint8_t *data, size_t size, tflc_flex_value *out) {
  memset(out, 0, sizeof *out);
  if (data == NULL || size < 3) return TFLC_FLEX_BAD;
  uint8_t width = data[size - 1];
  if (!valid_width(width) || size - 2 < width) return TFLC_FLEX_BAD;
  out->data = data;
  out->size = size;
  out->parent_width = width;
  out->pos = size - 2 - width;
  return unpack_type(data[size - 2], out);
}

/* Where an offset-typed value's target starts. */
static int target_of(const tflc_flex_value *v, uint64_t *target) {
  return follow(v->data, v->size, v->pos, v->parent_width, target);
}

/* A map's layout: its values vector, element width, size and keys vector. */
typedef struct map_layout {
  uint64_t values, width, count, keys, key_width;
} map_layout;

static int read_map_layout(const tflc_flex_value *map, map_layout *m) {
  const uint8_t *d = map->data;
  size_t size = map->size;
  m->width = map->byte_width;
  if (target_of(map, &m->values) != TFLC_FLEX_OK || m->values < 3 * m->width) return TFLC_FLEX_BAD;
  uint64_t prefix = m->values - 3 * m->width;
  if (get_uint(d, size, m->values - m->width, m->width, &m->count) != TFLC_FLEX_OK) return TFLC_FLEX_BAD;
  if (get_uint(d, size, prefix + m->width, m->width, &m->key_width) != TFLC_FLEX_OK) return TFLC_FLEX_BAD;
  if (!valid_width(m->key_width) || follow(d, size, prefix, m->width, &m->keys) != TFLC_FLEX_OK) return TFLC_FLEX_BAD;
  /* values (count * width) then count type bytes; keys (count * key_width), preceded by their size. */
  if (m->count > size || !fits(size, m->values, m->count * m->width + m->count)) return TFLC_FLEX_BAD;
  if (m->keys < m->key_width || !fits(size, m->keys, m->count * m->key_width)) return TFLC_FLEX_BAD;
  uint64_t key_count;
  if (get_uint(d, size, m->keys - m->key_width, m->key_width, &key_count) != TFLC_FLEX_OK || key_count != m->count)
    return TFLC_FLEX_BAD;
  return TFLC_FLEX_OK;
}

/* Compares key i of the map with `key`: 1 when equal, 0 when not, TFLC_FLEX_BAD when malformed. */
static int key_equals(const tflc_flex_value *map, const map_layout *m, uint64_t i, const char *key) {
  uint64_t at;
  if (follow(map->data, map->size, m->keys + i * m->key_width, m->key_width, &at) != TFLC_FLEX_OK) return TFLC_FLEX_BAD;
  const char *s = (const char *)map->data + at;
  size_t room = map->size - (size_t)at;
  size_t len = strnlen(s, room);
  if (len == room) return TFLC_FLEX_BAD; /* no terminator inside the buffer */
  return strcmp(s, key) == 0;
}

int tflc_flex_map_get(const tflc_flex_value *map, const char *key, tflc_flex_value *out) {
  memset(out, 0, sizeof *out);
  if (map == NULL || map->data == NULL || map->type != TFLC_FLEX_TYPE_MAP) return TFLC_FLEX_ABSENT;
  map_layout m;
  if (read_map_layout(map, &m) != TFLC_FLEX_OK) return TFLC_FLEX_BAD;
  /* Keys are sorted when written by flexbuffers, but a linear scan needs no trust in that. */
  for (uint64_t i = 0; i < m.count; i++) {
    int eq = key_equals(map, &m, i, key);
    if (eq == TFLC_FLEX_BAD) return TFLC_FLEX_BAD;
    if (!eq) continue;
    out->data = map->data;
    out->size = map->size;
    out->pos = (size_t)(m.values + i * m.width);
    out->parent_width = (uint8_t)m.width;
    return unpack_type(map->data[m.values + m.count * m.width + i], out);
  }
  return TFLC_FLEX_ABSENT;
}

/* Reads a float of `width` bytes (4 or 8) at pos. */
static int get_float(const uint8_t *data, size_t size, uint64_t pos, int width, double *out) {
  if ((width != 4 && width != 8) || !fits(size, pos, (uint64_t)width)) return TFLC_FLEX_BAD;
  if (width == 4) {
    float f;
    memcpy(&f, data + pos, 4);
    *out = f;
  } else {
    memcpy(out, data + pos, 8);
  }
  return TFLC_FLEX_OK;
}

/* The numeric value of v as a double and, exactly, as an int64 when it is an integer type. */
static int read_number(const tflc_flex_value *v, double *as_double, int64_t *as_int, int *is_float) {
  *as_double = 0;
  *as_int = 0;
  *is_float = 0;
  uint64_t pos = v->pos;
  int width = v->parent_width;
  switch (v->type) {
    case TFLC_FLEX_TYPE_INDIRECT_INT:
    case TFLC_FLEX_TYPE_INDIRECT_UINT:
    case TFLC_FLEX_TYPE_INDIRECT_FLOAT:
      if (target_of(v, &pos) != TFLC_FLEX_OK) return TFLC_FLEX_BAD;
      width = v->byte_width;
      break;
    case TFLC_FLEX_TYPE_INT:
    case TFLC_FLEX_TYPE_UINT:
    case TFLC_FLEX_TYPE_FLOAT:
    case TFLC_FLEX_TYPE_BOOL: break;
    default: return TFLC_FLEX_OK; /* NULL and non-numbers read as 0 */
  }
  if (!valid_width((uint64_t)width) || !fits(v->size, pos, (uint64_t)width)) return TFLC_FLEX_BAD;
  if (v->type == TFLC_FLEX_TYPE_FLOAT || v->type == TFLC_FLEX_TYPE_INDIRECT_FLOAT) {
    *is_float = 1;
    return get_float(v->data, v->size, pos, width, as_double);
  }
  if (v->type == TFLC_FLEX_TYPE_INT || v->type == TFLC_FLEX_TYPE_INDIRECT_INT) {
    *as_int = read_int(v->data, (size_t)pos, width);
  } else {
    uint64_t u = read_uint(v->data, (size_t)pos, width);
    *as_int = u > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)u;
  }
  *as_double = (double)*as_int;
  return TFLC_FLEX_OK;
}

int tflc_flex_as_int64(const tflc_flex_value *v, int64_t *out) {
  double d;
  int is_float;
  int rc = read_number(v, &d, out, &is_float);
  if (rc != TFLC_FLEX_OK) return *out = 0, rc;
  if (is_float) {
    if (!(d > -9.2e18 && d < 9.2e18)) return *out = 0, TFLC_FLEX_BAD; /* NaN or out of int64 */
    *out = (int64_t)d;
  }
  return TFLC_FLEX_OK;
}

int tflc_flex_as_double(const tflc_flex_value *v, double *out) {
  int64_t i;
  int is_float;
  int rc = read_number(v, out, &i, &is_float);
  if (rc != TFLC_FLEX_OK) *out = 0;
  return rc;
}

int tflc_flex_as_bool(const tflc_flex_value *v, int *out) {
  double d;
  int64_t i;
  int is_float;
  int rc = read_number(v, &d, &i, &is_float);
  *out = rc == TFLC_FLEX_OK && (is_float ? d != 0 : i != 0);
  return rc;
}

/* Finds key; TFLC_FLEX_ABSENT also when its value is NULL. */
static int lookup(const tflc_flex_value *map, const char *key, tflc_flex_value *v) {
  int rc = tflc_flex_map_get(map, key, v);
  if (rc == TFLC_FLEX_OK && v->type == TFLC_FLEX_TYPE_NULL) return TFLC_FLEX_ABSENT;
  return rc;
}

int tflc_flex_map_int32(const tflc_flex_value *map, const char *key, int32_t def, int32_t *out) {
  tflc_flex_value v;
  int64_t i;
  *out = def;
  int rc = lookup(map, key, &v);
  if (rc != TFLC_FLEX_OK) return rc == TFLC_FLEX_ABSENT ? TFLC_FLEX_OK : rc;
  if (tflc_flex_as_int64(&v, &i) != TFLC_FLEX_OK || i < INT32_MIN || i > INT32_MAX) return TFLC_FLEX_BAD;
  *out = (int32_t)i;
  return TFLC_FLEX_OK;
}

int tflc_flex_map_float(const tflc_flex_value *map, const char *key, float def, float *out) {
  tflc_flex_value v;
  double d;
  *out = def;
  int rc = lookup(map, key, &v);
  if (rc != TFLC_FLEX_OK) return rc == TFLC_FLEX_ABSENT ? TFLC_FLEX_OK : rc;
  if (tflc_flex_as_double(&v, &d) != TFLC_FLEX_OK) return TFLC_FLEX_BAD;
  if (isfinite(d) && fabs(d) > FLT_MAX) return TFLC_FLEX_BAD; /* not representable as a float */
  *out = (float)d;
  return TFLC_FLEX_OK;
}

int tflc_flex_map_bool(const tflc_flex_value *map, const char *key, int def, int *out) {
  tflc_flex_value v;
  *out = def;
  int rc = lookup(map, key, &v);
  if (rc != TFLC_FLEX_OK) return rc == TFLC_FLEX_ABSENT ? TFLC_FLEX_OK : rc;
  return tflc_flex_as_bool(&v, out);
}
