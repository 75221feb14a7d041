/*
** flexbuffer.h — a checked reader for FlexBuffers, the format of custom ops' options.
**
** A FlexBuffer is read from its end: the last byte is the root's byte width, the byte
** before it the root's packed type ((type << 2) | log2(width)), and before that the root
** value itself. Values that do not fit inline (maps, vectors, strings, indirect scalars)
** are stored as an unsigned offset that points *backwards* from where it is stored.
** A map is a vector of values (each `width` bytes, followed by one packed type byte per
** value) preceded by [keys offset, keys width, size]; its keys are a typed vector of
** offsets to NUL-terminated strings.
**
** Every offset, width and length is checked against the buffer before it is used: a
** hostile buffer makes a read fail (TFLC_FLEX_BAD) but never leaves [data, data + size).
*/
#ifndef TFLC_FORMAT_FLEXBUFFER_H_
#define TFLC_FORMAT_FLEXBUFFER_H_

#include <stddef.h>
#include <stdint.h>

enum { TFLC_FLEX_BAD = -1, TFLC_FLEX_ABSENT = 0, TFLC_FLEX_OK = 1 };

/* Value types (flexbuffers.h numbering). */
typedef enum tflc_flex_type {
  TFLC_FLEX_TYPE_NULL = 0,
  TFLC_FLEX_TYPE_INT = 1,
  TFLC_FLEX_TYPE_UINT = 2,
  TFLC_FLEX_TYPE_FLOAT = 3,
  TFLC_FLEX_TYPE_KEY = 4,
  TFLC_FLEX_TYPE_STRING = 5,
  TFLC_FLEX_TYPE_INDIRECT_INT = 6,
  TFLC_FLEX_TYPE_INDIRECT_UINT = 7,
  TFLC_FLEX_TYPE_INDIRECT_FLOAT = 8,
  TFLC_FLEX_TYPE_MAP = 9,
  TFLC_FLEX_TYPE_VECTOR = 10,
  TFLC_FLEX_TYPE_BLOB = 25,
  TFLC_FLEX_TYPE_BOOL = 26,
} tflc_flex_type;

/* One value: where it is stored and how to read it. */
typedef struct tflc_flex_value {
  const uint8_t *data; /* the whole buffer */
  size_t size;
  size_t pos;          /* where the value (or the offset to it) is stored */
  uint8_t parent_width; /* bytes of the slot at pos: 1, 2, 4 or 8 */
  uint8_t byte_width;   /* bytes of the target, for offset types */
  uint8_t type;         /* tflc_flex_type */
} tflc_flex_value;

/* The root value. TFLC_FLEX_OK, or TFLC_FLEX_BAD when the buffer is too short or malformed. */
int tflc_flex_root(const uint8_t *data, size_t size, tflc_flex_value *out);

/*
** Looks `key` up in `map` (a value of type MAP). TFLC_FLEX_OK with *out set,
** TFLC_FLEX_ABSENT when the key is not there (or `map` is not a map), TFLC_FLEX_BAD when
** the map's structure leaves the buffer.
*/
int tflc_flex_map_get(const tflc_flex_value *map, const char *key, tflc_flex_value *out);

/*
** Scalars, converted as flexbuffers' AsInt64/AsDouble/AsBool do: ints, uints, floats,
** their indirect forms and bools convert to each other; NULL and every other type read 0.
** They return TFLC_FLEX_OK, or TFLC_FLEX_BAD (with *out = 0) when the value leaves the buffer.
*/
int tflc_flex_as_int64(const tflc_flex_value *v, int64_t *out);
int tflc_flex_as_double(const tflc_flex_value *v, double *out);
int tflc_flex_as_bool(const tflc_flex_value *v, int *out);

/*
** Convenience for options maps: the value of `key` as an int32 / float / bool, or `def`
** when the key is absent or null. TFLC_FLEX_BAD when the buffer is malformed or an int
** does not fit int32.
*/
int tflc_flex_map_int32(const tflc_flex_value *map, const char *key, int32_t def, int32_t *out);
int tflc_flex_map_float(const tflc_flex_value *map, const char *key, float def, float *out);
int tflc_flex_map_bool(const tflc_flex_value *map, const char *key, int def, int *out);

#endif /* TFLC_FORMAT_FLEXBUFFER_H_ */
