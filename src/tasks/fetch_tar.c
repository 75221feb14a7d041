/*
** fetch_tar.c — a checked reader for the gzip-compressed tar archives models ship in.
**
** Reads POSIX ustar and GNU tar headers (GNU 'L' long names included) through zlib's gzread,
** streaming: only the wanted member's bytes are copied, the rest is skipped. Each header's
** checksum is verified and each size is bounded, so a corrupt or hostile archive fails with a
** message instead of being misread.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "tasks/fetch.h"
#include "tasks/sha256.h"

#define BLOCK 512
#define MAX_LONG_NAME 4096

/* Reads exactly n bytes; -1 on a short read (truncated archive) or a gzip error. */
static int read_exact(gzFile gz, void *buf, size_t n, char *err, size_t errlen) {
  size_t done = 0;
  while (done < n) {
    unsigned chunk = n - done > (1u << 30) ? 1u << 30 : (unsigned)(n - done);
    int got = gzread(gz, (char *)buf + done, chunk);
    if (got <= 0) {
      int code;
      const char *msg = gzerror(gz, &code);
      snprintf(err, errlen, "archive is truncated or corrupt (%s)", code != Z_OK && msg ? msg : "unexpected end of data");
      return -1;
    }
    done += (size_t)got;
  }
  return 0;
}

/* A header's numeric field: octal digits (NUL/space padded) or GNU base-256. -1 when malformed. */
static int64_t parse_number(const uint8_t *field, size_t len) {
  if (field[0] & 0x80) {
    uint64_t v = field[0] & 0x3f;
    for (size_t i = 1; i < len; i++) {
      if (v >> 55) return -1;
      v = v << 8 | field[i];
    }
    return (int64_t)v;
  }
  int64_t v = 0;
  size_t i = 0;
  while (i < len && field[i] == ' ') i++;
  int digits = 0;
  for (; i < len && field[i] >= '0' && field[i] <= '7'; i++, digits++) {
    if (v >> 60) return -1;
    v = v * 8 + (field[i] - '0');
  }
  for (; i < len; i++)
    if (field[i] != 0 && field[i] != ' ') return -1;
  return digits ? v : -1;
}

/* True when the header's checksum field matches its bytes (unsigned sum, field as spaces). */
static int checksum_ok(const uint8_t *h) {
  int64_t want = parse_number(h + 148, 8);
  uint64_t sum = 0;
  for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : h[i];
  return want >= 0 && (uint64_t)want == sum;
}

/* An absolute path or a ".." component could write outside the cache if trusted. */
static int path_is_unsafe(const char *name) {
  if (name[0] == '/') return 1;
  for (const char *p = name; *p;) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if (len == 2 && p[0] == '.' && p[1] == '.') return 1;
    if (!slash) break;
    p = slash + 1;
  }
  return 0;
}

/* The member is wanted when its path, without leading "./", is member or ends in "/member". */
static int name_matches(const char *name, const char *member) {
  while (name[0] == '.' && name[1] == '/') name += 2;
  size_t n = strlen(name), m = strlen(member);
  if (n == m) return strcmp(name, member) == 0;
  return n > m && name[n - m - 1] == '/' && strcmp(name + n - m, member) == 0;
}

/* Copies (out != NULL) or skips `size` bytes plus the padding to the next block. */
static int copy_data(gzFile gz, uint64_t size, FILE *out, tflc_sha256 *sha, char *err, size_t errlen) {
  static const size_t chunk = 1 << 16;
  uint8_t *buf = malloc(chunk);
  if (buf == NULL) return snprintf(err, errlen, "out of memory"), -1;
  uint64_t padded = (size + BLOCK - 1) / BLOCK * BLOCK;
  for (uint64_t done = 0; done < padded;) {
    size_t n = padded - done < chunk ? (size_t)(padded - done) : chunk;
    if (read_exact(gz, buf, n, err, errlen) != 0) return free(buf), -1;
    size_t useful = size - done < n ? (size_t)(size - done) : n;
    if (done >= size) useful = 0;
    if (out && useful && fwrite(buf, 1, useful, out) != useful) {
      free(buf);
      return snprintf(err, errlen, "cannot write the extracted file: %s", strerror(errno)), -1;
    }
    if (sha && useful) tflc_sha256_update(sha, buf, useful);
    done += n;
  }
  free(buf);
  return 0;
}

/* The entry's full name: the GNU long name if one preceded it, else ustar prefix + "/" + name. */
static void header_name(const uint8_t *h, const char *long_name, char *out, size_t outlen) {
  if (long_name[0]) {
    snprintf(out, outlen, "%s", long_name);
    return;
  }
  char name[101], prefix[156];
  memcpy(name, h, 100), name[100] = 0;
  memcpy(prefix, h + 345, 155), prefix[155] = 0;
  int ustar = memcmp(h + 257, "ustar", 5) == 0;
  if (ustar && prefix[0]) snprintf(out, outlen, "%s/%s", prefix, name);
  else snprintf(out, outlen, "%s", name);
}

/* Walks the archive's entries until the member is copied or the archive ends. */
static int walk(gzFile gz, const char *member, FILE *out, tflc_sha256 *sha, uint64_t max_size, uint64_t *size,
                char *err, size_t errlen) {
  uint8_t h[BLOCK];
  char long_name[MAX_LONG_NAME + 1] = "", name[MAX_LONG_NAME + 260];
  for (uint64_t index = 0;; index++) {
    if (read_exact(gz, h, BLOCK, err, errlen) != 0) return -1;
    int zero = 1;
    for (int i = 0; i < BLOCK && zero; i++) zero = h[i] == 0;
    if (zero) return snprintf(err, errlen, "archive has no member '%s'", member), -1;
    if (!checksum_ok(h)) return snprintf(err, errlen, "archive header %llu has a bad checksum (corrupt archive)", (unsigned long long)index), -1;
    int64_t entry_size = parse_number(h + 124, 12);
    if (entry_size < 0) return snprintf(err, errlen, "archive header %llu has a bad size field", (unsigned long long)index), -1;
    char type = (char)h[156];
    if (type == 'L') { /* GNU long name: the data is the next entry's name */
      if (entry_size > MAX_LONG_NAME) return snprintf(err, errlen, "archive long name of %lld bytes is too long", (long long)entry_size), -1;
      uint8_t data[MAX_LONG_NAME + BLOCK];
      size_t padded = ((size_t)entry_size + BLOCK - 1) / BLOCK * BLOCK;
      if (read_exact(gz, data, padded, err, errlen) != 0) return -1;
      memcpy(long_name, data, (size_t)entry_size);
      long_name[entry_size] = 0;
      continue;
    }
    header_name(h, long_name, name, sizeof name);
    long_name[0] = 0;
    int regular = type == '0' || type == 0 || type == '7';
    if (regular && name_matches(name, member)) {
      if (path_is_unsafe(name)) return snprintf(err, errlen, "archive member '%s' has an unsafe path (absolute or with '..'); refusing it", name), -1;
      if ((uint64_t)entry_size > max_size) return snprintf(err, errlen, "archive member '%s' is %lld bytes, over the %llu limit", name, (long long)entry_size, (unsigned long long)max_size), -1;
      if (copy_data(gz, (uint64_t)entry_size, out, sha, err, errlen) != 0) return -1;
      *size = (uint64_t)entry_size;
      return 0;
    }
    /* Directories and links carry no data; everything else is skipped by its size. */
    uint64_t skip = (type == '5' || type == '1' || type == '2') ? 0 : (uint64_t)entry_size;
    if (copy_data(gz, skip, NULL, NULL, err, errlen) != 0) return -1;
  }
}

int tflc_tgz_extract(const char *archive, const char *member, FILE *out, tflc_sha256 *sha, uint64_t max_size,
                     uint64_t *size, char *err, size_t errlen) {
  gzFile gz = gzopen(archive, "rb");
  if (gz == NULL) return snprintf(err, errlen, "cannot open %s: %s", archive, strerror(errno)), -1;
  gzbuffer(gz, 1 << 17);
  int rc = walk(gz, member, out, sha, max_size, size, err, errlen);
  gzclose(gz);
  return rc;
}
