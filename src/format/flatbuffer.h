/*
** flatbuffer.h — a checked reader for FlatBuffers, the container format of .tflite files.
**
** Every read is checked against the buffer's size before it happens, so a hostile file can
** make a read fail but never make it leave the buffer. Values are read with memcpy: the
** file gives no alignment guarantee we can trust.
**
** Conventions: a table or vector that is absent has `present == 0`; accessors on an absent
** table return the schema default. Functions that follow an offset return
** TFLC_FB_OK, TFLC_FB_ABSENT or TFLC_FB_BAD (out of bounds or malformed).
*/
#ifndef TFLC_FORMAT_FLATBUFFER_H_
#define TFLC_FORMAT_FLATBUFFER_H_

#include <stddef.h>
#include <stdint.h>

enum { TFLC_FB_BAD = -1, TFLC_FB_ABSENT = 0, TFLC_FB_OK = 1 };

/* A table inside the buffer [buf, buf+size). */
typedef struct tflc_fb_table {
  const uint8_t *buf;
  size_t size;
  uint32_t pos;        /* offset of the table in buf */
  uint32_t vtable;     /* offset of its vtable in buf */
  uint16_t vtable_size;
  uint16_t table_size; /* bytes of inline table data, from the vtable */
  int present;
} tflc_fb_table;

/* A vector of fixed-size elements. */
typedef struct tflc_fb_vector {
  const uint8_t *buf;
  size_t size;
  uint32_t pos;        /* offset of element 0 in buf */
  uint32_t length;     /* number of elements */
  int present;
} tflc_fb_vector;

/* Reads the root table. Fails if the buffer is shorter than a root offset. */
int tflc_fb_root(const uint8_t *buf, size_t size, tflc_fb_table *out);
/* Reads the table stored at absolute offset `pos`, checking its vtable. */
int tflc_fb_table_at(const uint8_t *buf, size_t size, uint64_t pos, tflc_fb_table *out);

/* Scalar fields: the schema default when the table or field is absent or does not fit. */
int tflc_fb_has(const tflc_fb_table *t, int field);
uint8_t tflc_fb_u8(const tflc_fb_table *t, int field, uint8_t def);
int8_t tflc_fb_i8(const tflc_fb_table *t, int field, int8_t def);
int32_t tflc_fb_i32(const tflc_fb_table *t, int field, int32_t def);
uint32_t tflc_fb_u32(const tflc_fb_table *t, int field, uint32_t def);
uint64_t tflc_fb_u64(const tflc_fb_table *t, int field, uint64_t def);
float tflc_fb_f32(const tflc_fb_table *t, int field, float def);

/* Reference fields. */
int tflc_fb_table_field(const tflc_fb_table *t, int field, tflc_fb_table *out);
/* A vector whose elements are `elem_size` bytes; the whole vector is checked to fit. */
int tflc_fb_vector_field(const tflc_fb_table *t, int field, size_t elem_size, tflc_fb_vector *out);
/* A string: returns a NUL-terminated pointer into the buffer (the terminator is checked). */
int tflc_fb_string_field(const tflc_fb_table *t, int field, const char **out, uint32_t *len);

/* Vector elements; `i` must be < v->length (checked by assert in debug builds). */
uint8_t tflc_fb_vector_u8(const tflc_fb_vector *v, uint32_t i);
int32_t tflc_fb_vector_i32(const tflc_fb_vector *v, uint32_t i);
int64_t tflc_fb_vector_i64(const tflc_fb_vector *v, uint32_t i);
float tflc_fb_vector_f32(const tflc_fb_vector *v, uint32_t i);
/* Element i of a vector of tables (elem_size 4). */
int tflc_fb_vector_table(const tflc_fb_vector *v, uint32_t i, tflc_fb_table *out);
/* Element i of a vector of strings. */
int tflc_fb_vector_string(const tflc_fb_vector *v, uint32_t i, const char **out, uint32_t *len);
/* Pointer to element 0 (for raw bytes). */
const uint8_t *tflc_fb_vector_data(const tflc_fb_vector *v);

#endif /* TFLC_FORMAT_FLATBUFFER_H_ */
