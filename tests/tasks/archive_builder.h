/*
** archive_builder.h — builds .tgz and .zip archives in memory for the fetch tests, in the layout
** of the real hosted archives (members "./name" in tar, plain names in zip).
*/
#ifndef TFLC_TESTS_ARCHIVE_BUILDER_H_
#define TFLC_TESTS_ARCHIVE_BUILDER_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct buffer {
  uint8_t *data;
  size_t size, cap;
} buffer;

/* Appends n bytes (aborts the test on out of memory: test code only). */
static inline void buf_put(buffer *b, const void *p, size_t n) {
  if (b->size + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->size + n) cap *= 2;
    uint8_t *bigger = realloc(b->data, cap);
    if (bigger == NULL) abort();
    b->data = bigger, b->cap = cap;
  }
  if (n) memcpy(b->data + b->size, p, n);
  b->size += n;
}

static inline void buf_le(buffer *b, uint32_t v, int bytes) {
  for (int i = 0; i < bytes; i++) {
    uint8_t c = (uint8_t)(v >> (8 * i));
    buf_put(b, &c, 1);
  }
}

/* One ustar entry: header, data, padding. */
static inline void tar_add(buffer *tar, const char *name, const uint8_t *data, size_t size) {
  uint8_t h[512] = {0};
  snprintf((char *)h, 100, "%s", name);
  memcpy(h + 100, "0000644", 8);
  memcpy(h + 108, "0000000", 8);
  memcpy(h + 116, "0000000", 8);
  snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
  memcpy(h + 136, "14744261015", 12);
  h[156] = '0';
  memcpy(h + 257, "ustar", 6);
  memcpy(h + 263, "00", 2);
  memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (int i = 0; i < 512; i++) sum += h[i];
  snprintf((char *)h + 148, 8, "%06o", sum);
  h[155] = ' ';
  buf_put(tar, h, 512);
  buf_put(tar, data, size);
  static const uint8_t zeros[512] = {0};
  buf_put(tar, zeros, (512 - size % 512) % 512);
}

static inline void tar_end(buffer *tar) {
  static const uint8_t zeros[1024] = {0};
  buf_put(tar, zeros, sizeof zeros);
}

/* gzip-compresses src into a new buffer. */
static inline buffer gzip_buffer(const buffer *src) {
  buffer out = {0};
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
  uLong bound = deflateBound(&z, src->size);
  out.data = malloc(bound), out.cap = bound;
  if (out.data == NULL) abort();
  z.next_in = src->data, z.avail_in = (uInt)src->size;
  z.next_out = out.data, z.avail_out = (uInt)bound;
  if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
  out.size = z.total_out;
  deflateEnd(&z);
  return out;
}

typedef struct zip_member {
  const char *name;
  const uint8_t *data;
  size_t size;
} zip_member;

/* A zip archive of stored (uncompressed) members. */
static inline buffer zip_build(const zip_member *m, int n) {
  buffer z = {0};
  uint32_t offsets[16], crcs[16];
  for (int i = 0; i < n && i < 16; i++) {
    offsets[i] = (uint32_t)z.size;
    crcs[i] = (uint32_t)crc32(0, m[i].data, (uInt)m[i].size);
    buf_le(&z, 0x04034b50, 4), buf_le(&z, 20, 2), buf_le(&z, 0, 2), buf_le(&z, 0, 2), buf_le(&z, 0, 4);
    buf_le(&z, crcs[i], 4), buf_le(&z, (uint32_t)m[i].size, 4), buf_le(&z, (uint32_t)m[i].size, 4);
    buf_le(&z, (uint32_t)strlen(m[i].name), 2), buf_le(&z, 0, 2);
    buf_put(&z, m[i].name, strlen(m[i].name));
    buf_put(&z, m[i].data, m[i].size);
  }
  uint32_t cd = (uint32_t)z.size;
  for (int i = 0; i < n && i < 16; i++) {
    buf_le(&z, 0x02014b50, 4), buf_le(&z, 20, 2), buf_le(&z, 20, 2), buf_le(&z, 0, 2), buf_le(&z, 0, 2);
    buf_le(&z, 0, 4), buf_le(&z, crcs[i], 4), buf_le(&z, (uint32_t)m[i].size, 4), buf_le(&z, (uint32_t)m[i].size, 4);
    buf_le(&z, (uint32_t)strlen(m[i].name), 2), buf_le(&z, 0, 2), buf_le(&z, 0, 2), buf_le(&z, 0, 2);
    buf_le(&z, 0, 2), buf_le(&z, 0, 4), buf_le(&z, offsets[i], 4);
    buf_put(&z, m[i].name, strlen(m[i].name));
  }
  uint32_t cd_size = (uint32_t)z.size - cd;
  buf_le(&z, 0x06054b50, 4), buf_le(&z, 0, 2), buf_le(&z, 0, 2), buf_le(&z, (uint32_t)n, 2), buf_le(&z, (uint32_t)n, 2);
  buf_le(&z, cd_size, 4), buf_le(&z, cd, 4), buf_le(&z, 0, 2);
  return z;
}

#endif /* TFLC_TESTS_ARCHIVE_BUILDER_H_ */
