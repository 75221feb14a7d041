/*
** flatbuffer.c — bounds-checked FlatBuffer access. See flatbuffer.h.
**
** FlatBuffer layout reminders: a uoffset (u32) is relative to where it is stored; a table
** starts with an soffset (i32) to its vtable at (table - soffset); a vtable is
** [u16 vtable_size][u16 table_size][u16 field_offset...], a field offset of 0 meaning absent.
** A vector is [u32 length][elements]; a string is a byte vector followed by a NUL.
*/
#include "format/flatbuffer.h"

#include <assert.h>
#include <string.h>

static uint16_t read_u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t read_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static int32_t read_i32(const uint8_t *p) { int32_t v; memcpy(&v, p, 4); return v; }

/* True when [pos, pos+len) lies inside a buffer of `size` bytes. */
static int fits(size_t size, uint64_t pos, uint64_t len) {
  return pos <= size && len <= size - pos;
}

int tflc_fb_table_at(const uint8_t *buf, size_t size, uint64_t pos, tflc_fb_table *out) {
  memset(out, 0, sizeof *out);
  if (!fits(size, pos, 4) || size > UINT32_MAX) return TFLC_FB_BAD;
  int64_t vt = (int64_t)pos - (int64_t)read_i32(buf + pos);
  if (vt < 0 || !fits(size, (uint64_t)vt, 4)) return TFLC_FB_BAD;
  uint16_t vt_size = read_u16(buf + vt);
  uint16_t table_size = read_u16(buf + vt + 2);
  if (vt_size < 4 || (vt_size & 1) || !fits(size, (uint64_t)vt, vt_size)) return TFLC_FB_BAD;
  if (table_size < 4 || !fits(size, pos, table_size)) return TFLC_FB_BAD;
  out->buf = buf;
  out->size = size;
  out->pos = (uint32_t)pos;
  out->vtable = (uint32_t)vt;
  out->vtable_size = vt_size;
  out->table_size = table_size;
  out->present = 1;
  return TFLC_FB_OK;
}

int tflc_fb_root(const uint8_t *buf, size_t size, tflc_fb_table *out) {
  memset(out, 0, sizeof *out);
  if (buf == NULL || size < 8) return TFLC_FB_BAD;
  return tflc_fb_table_at(buf, size, read_u32(buf), out);
}

/*
** Offset of `field` inside the table when present and `width` bytes fit inside the
** table's inline data; 0 otherwise (absent, or a malformed vtable entry treated as absent
** would hide corruption, so callers of references use field_ref, which reports it).
*/
static uint32_t field_offset(const tflc_fb_table *t, int field, uint32_t width) {
  if (!t->present || field < 0) return 0;
  uint32_t entry = 4u + 2u * (uint32_t)field;
  if (entry + 2 > t->vtable_size) return 0;
  uint16_t off = read_u16(t->buf + t->vtable + entry);
  if (off == 0 || (uint32_t)off + width > t->table_size) return 0;
  return off;
}

int tflc_fb_has(const tflc_fb_table *t, int field) {
  if (!t->present || field < 0) return 0;
  uint32_t entry = 4u + 2u * (uint32_t)field;
  return entry + 2 <= t->vtable_size && read_u16(t->buf + t->vtable + entry) != 0;
}

#define SCALAR_GETTER(name, type)                                         \
  type name(const tflc_fb_table *t, int field, type def) {                \
    uint32_t off = field_offset(t, field, sizeof(type));                  \
    if (off == 0) return def;                                             \
    type v;                                                               \
    memcpy(&v, t->buf + t->pos + off, sizeof v);                          \
    return v;                                                             \
  }
SCALAR_GETTER(tflc_fb_u8, uint8_t)
SCALAR_GETTER(tflc_fb_i8, int8_t)
SCALAR_GETTER(tflc_fb_i32, int32_t)
SCALAR_GETTER(tflc_fb_u32, uint32_t)
SCALAR_GETTER(tflc_fb_u64, uint64_t)
SCALAR_GETTER(tflc_fb_f32, float)

/* Follows the uoffset stored in `field`: absolute target offset in *target. */
static int field_ref(const tflc_fb_table *t, int field, uint64_t *target) {
  if (!tflc_fb_has(t, field)) return TFLC_FB_ABSENT;
  uint32_t off = field_offset(t, field, 4);
  if (off == 0) return TFLC_FB_BAD; /* present in the vtable but outside the table */
  uint64_t at = (uint64_t)t->pos + off;
  *target = at + read_u32(t->buf + at);
  return fits(t->size, *target, 4) ? TFLC_FB_OK : TFLC_FB_BAD;
}

int tflc_fb_table_field(const tflc_fb_table *t, int field, tflc_fb_table *out) {
  uint64_t target;
  memset(out, 0, sizeof *out);
  int rc = field_ref(t, field, &target);
  if (rc != TFLC_FB_OK) return rc;
  return tflc_fb_table_at(t->buf, t->size, target, out);
}

static int vector_at(const uint8_t *buf, size_t size, uint64_t target, size_t elem_size,
                     tflc_fb_vector *out) {
  memset(out, 0, sizeof *out);
  if (!fits(size, target, 4)) return TFLC_FB_BAD;
  uint32_t length = read_u32(buf + target);
  if (!fits(size, target + 4, (uint64_t)length * elem_size)) return TFLC_FB_BAD;
  out->buf = buf;
  out->size = size;
  out->pos = (uint32_t)(target + 4);
  out->length = length;
  out->present = 1;
  return TFLC_FB_OK;
}

int tflc_fb_vector_field(const tflc_fb_table *t, int field, size_t elem_size, tflc_fb_vector *out) {
  uint64_t target;
  memset(out, 0, sizeof *out);
  int rc = field_ref(t, field, &target);
  if (rc != TFLC_FB_OK) return rc;
  return vector_at(t->buf, t->size, target, elem_size, out);
}

static int string_at(const uint8_t *buf, size_t size, uint64_t target, const char **out,
                     uint32_t *len) {
  tflc_fb_vector v;
  int rc = vector_at(buf, size, target, 1, &v);
  if (rc != TFLC_FB_OK) return rc;
  /* The terminating NUL must be inside the buffer and be a NUL. */
  if (!fits(size, (uint64_t)v.pos + v.length, 1) || buf[v.pos + v.length] != 0) return TFLC_FB_BAD;
  *out = (const char *)buf + v.pos;
  if (len) *len = v.length;
  return TFLC_FB_OK;
}

int tflc_fb_string_field(const tflc_fb_table *t, int field, const char **out, uint32_t *len) {
  uint64_t target;
  *out = NULL;
  if (len) *len = 0;
  int rc = field_ref(t, field, &target);
  if (rc != TFLC_FB_OK) return rc;
  return string_at(t->buf, t->size, target, out, len);
}

uint8_t tflc_fb_vector_u8(const tflc_fb_vector *v, uint32_t i) {
  assert(i < v->length);
  return v->buf[v->pos + i];
}
int32_t tflc_fb_vector_i32(const tflc_fb_vector *v, uint32_t i) {
  assert(i < v->length);
  return read_i32(v->buf + v->pos + 4u * i);
}
int64_t tflc_fb_vector_i64(const tflc_fb_vector *v, uint32_t i) {
  assert(i < v->length);
  int64_t x;
  memcpy(&x, v->buf + v->pos + 8u * (uint64_t)i, 8);
  return x;
}
float tflc_fb_vector_f32(const tflc_fb_vector *v, uint32_t i) {
  assert(i < v->length);
  float x;
  memcpy(&x, v->buf + v->pos + 4u * i, 4);
  return x;
}

int tflc_fb_vector_table(const tflc_fb_vector *v, uint32_t i, tflc_fb_table *out) {
  memset(out, 0, sizeof *out);
  if (i >= v->length) return TFLC_FB_BAD;
  uint64_t at = (uint64_t)v->pos + 4u * (uint64_t)i;
  return tflc_fb_table_at(v->buf, v->size, at + read_u32(v->buf + at), out);
}

int tflc_fb_vector_string(const tflc_fb_vector *v, uint32_t i, const char **out, uint32_t *len) {
  *out = NULL;
  if (i >= v->length) return TFLC_FB_BAD;
  uint64_t at = (uint64_t)v->pos + 4u * (uint64_t)i;
  return string_at(v->buf, v->size, at + read_u32(v->buf + at), out, len);
}

const uint8_t *tflc_fb_vector_data(const tflc_fb_vector *v) { return v->buf + v->pos; }
