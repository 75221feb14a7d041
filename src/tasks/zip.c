/*
** zip.c — reading the ZIP archive appended to a .tflite file. See zip.h.
**
** Records used (all little-endian):
**   end of central directory  "PK\5\6": +10 u16 total entries, +12 u32 directory size,
**                             +16 u32 directory offset, +20 u16 comment length; 22 bytes.
**   central directory entry   "PK\1\2": +8 flags, +10 method, +16 crc, +20 compressed size,
**                             +24 size, +28 name length, +30 extra length, +32 comment
**                             length, +42 local header offset; 46 bytes, then the name.
**   local file header         "PK\3\4": +26 name length, +28 extra length; 30 bytes, then
**                             name, extra and the data.
** Offsets in the archive count from its first byte. Writers that append to an existing
** file usually record offsets from the start of the file instead; the difference between
** where the directory is and where it says it is (`base`) covers both cases, as in
** Info-ZIP and Python's zipfile.
*/
#include "tasks/zip.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

enum {
  EOCD_SIZE = 22,
  CDIR_SIZE = 46,
  LOCAL_SIZE = 30,
  MAX_COMMENT = 65535,
  METHOD_STORED = 0,
  METHOD_DEFLATED = 8,
  FLAG_ENCRYPTED = 1,
};
static const uint32_t SIG_EOCD = 0x06054b50, SIG_CDIR = 0x02014b50, SIG_LOCAL = 0x04034b50;

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static int fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err != NULL && errlen > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/* True when [pos, pos+len) lies inside [0, size). */
static int fits(uint64_t size, uint64_t pos, uint64_t len) { return pos <= size && len <= size - pos; }

/*
** Checks the end record at `pos` and fills zip from it. Returns 0 if it describes a
** directory that lies in the buffer and starts with an entry signature, -1 otherwise.
*/
static int try_eocd(const uint8_t *buf, size_t size, uint64_t pos, tflc_zip *zip) {
  const uint8_t *e = buf + pos;
  if (rd32(e) != SIG_EOCD || rd16(e + 4) != 0 || rd16(e + 6) != 0) return -1; /* one disk only */
  if (!fits(size, pos + EOCD_SIZE, rd16(e + 20))) return -1;                   /* the comment */
  uint64_t cd_size = rd32(e + 12), cd_offset = rd32(e + 16);
  uint32_t n = rd16(e + 10);
  if (cd_offset == 0xffffffffu || cd_size > pos || cd_offset > pos - cd_size) return -1;
  uint64_t cd_pos = pos - cd_size; /* the directory ends where the end record starts */
  if (n > 0 && (cd_size < CDIR_SIZE || rd32(buf + cd_pos) != SIG_CDIR)) return -1;
  zip->buf = buf;
  zip->size = size;
  zip->cd_pos = cd_pos;
  zip->cd_size = cd_size;
  zip->base = cd_pos - cd_offset;
  zip->nentries = n;
  return 0;
}

int tflc_zip_open(const uint8_t *buf, size_t size, tflc_zip *zip, char *err, size_t errlen) {
  memset(zip, 0, sizeof *zip);
  if (buf == NULL || size < EOCD_SIZE) return 1;
  uint64_t last = size - EOCD_SIZE;
  uint64_t first = last > MAX_COMMENT ? last - MAX_COMMENT : 0;
  for (uint64_t pos = last + 1; pos-- > first;)
    if (buf[pos] == 'P' && try_eocd(buf, size, pos, zip) == 0) return 0;
  (void)err, (void)errlen;
  return 1;
}

int tflc_zip_next(const tflc_zip *zip, tflc_zip_cursor *cursor, tflc_zip_entry *entry, char *err,
                  size_t errlen) {
  memset(entry, 0, sizeof *entry);
  if (cursor->index >= zip->nentries) return 1;
  if (!fits(zip->cd_size, cursor->pos, CDIR_SIZE))
    return fail(err, errlen, "zip: central directory entry %u past the directory's end", cursor->index);
  const uint8_t *c = zip->buf + zip->cd_pos + cursor->pos;
  if (rd32(c) != SIG_CDIR) return fail(err, errlen, "zip: central directory entry %u has a bad signature", cursor->index);
  uint64_t name_len = rd16(c + 28), extra_len = rd16(c + 30), comment_len = rd16(c + 32);
  uint64_t entry_len = CDIR_SIZE + name_len + extra_len + comment_len;
  if (!fits(zip->cd_size, cursor->pos, entry_len))
    return fail(err, errlen, "zip: central directory entry %u (%llu bytes) past the directory's end", cursor->index,
                (unsigned long long)entry_len);
  entry->name = (const char *)c + CDIR_SIZE;
  entry->name_len = (size_t)name_len;
  entry->flags = rd16(c + 8);
  entry->method = rd16(c + 10);
  entry->crc32 = rd32(c + 16);
  entry->compressed_size = rd32(c + 20);
  entry->size = rd32(c + 24);
  entry->local_header = zip->base + rd32(c + 42);
  cursor->pos += entry_len;
  cursor->index++;
  return 0;
}

/* Offset of the entry's data, after checking its local header; -1 when malformed. */
static int locate_data(const tflc_zip *zip, const tflc_zip_entry *e, uint64_t *data_pos, char *err,
                       size_t errlen) {
  if (!fits(zip->size, e->local_header, LOCAL_SIZE) || rd32(zip->buf + e->local_header) != SIG_LOCAL)
    return fail(err, errlen, "zip: %.*s: local header at %llu is missing or out of bounds", (int)e->name_len,
                e->name, (unsigned long long)e->local_header);
  const uint8_t *l = zip->buf + e->local_header;
  uint64_t pos = e->local_header + LOCAL_SIZE + rd16(l + 26) + rd16(l + 28);
  if (!fits(zip->size, pos, e->compressed_size))
    return fail(err, errlen, "zip: %.*s: data (%u bytes at %llu) past the end of the file", (int)e->name_len,
                e->name, e->compressed_size, (unsigned long long)pos);
  *data_pos = pos;
  return 0;
}

static int inflate_raw(const uint8_t *src, uint32_t src_len, uint8_t *dst, uint32_t dst_len) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return -1; /* raw deflate: no zlib header */
  zs.next_in = (Bytef *)src;
  zs.avail_in = src_len;
  zs.next_out = dst;
  zs.avail_out = dst_len;
  int rc = inflate(&zs, Z_FINISH);
  int ok = rc == Z_STREAM_END && zs.total_out == dst_len;
  inflateEnd(&zs);
  return ok ? 0 : -1;
}

int tflc_zip_extract(const tflc_zip *zip, const tflc_zip_entry *e, size_t max_size, uint8_t **out,
                     size_t *out_size, char *err, size_t errlen) {
  *out = NULL;
  *out_size = 0;
  int nlen = (int)e->name_len;
  if (e->flags & FLAG_ENCRYPTED) return fail(err, errlen, "zip: %.*s is encrypted", nlen, e->name);
  if (e->method != METHOD_STORED && e->method != METHOD_DEFLATED)
    return fail(err, errlen, "zip: %.*s uses compression method %u (only stored and deflated are supported)", nlen,
                e->name, e->method);
  if (e->size > max_size)
    return fail(err, errlen, "zip: %.*s is too large (%u bytes; limit %zu)", nlen, e->name, e->size, max_size);
  if (e->method == METHOD_STORED && e->compressed_size != e->size)
    return fail(err, errlen, "zip: %.*s is stored but its sizes differ (%u vs %u)", nlen, e->name,
                e->compressed_size, e->size);
  uint64_t pos = 0;
  if (locate_data(zip, e, &pos, err, errlen) != 0) return -1;
  uint8_t *data = malloc((size_t)e->size + 1);
  if (data == NULL) return fail(err, errlen, "zip: out of memory for %.*s (%u bytes)", nlen, e->name, e->size);
  if (e->method == METHOD_STORED) {
    memcpy(data, zip->buf + pos, e->size);
  } else if (inflate_raw(zip->buf + pos, e->compressed_size, data, e->size) != 0) {
    free(data);
    return fail(err, errlen, "zip: %.*s: corrupt deflate data", nlen, e->name);
  }
  if (crc32(0L, data, e->size) != e->crc32) {
    free(data);
    return fail(err, errlen, "zip: %.*s: CRC-32 mismatch", nlen, e->name);
  }
  data[e->size] = '\0';
  *out = data;
  *out_size = e->size;
  return 0;
}
