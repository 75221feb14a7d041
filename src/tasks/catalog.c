/*
** catalog.c — reading data/catalog.tsv (see catalog.h).
*/
#include "tasks/catalog.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define NCOLUMNS 16
static const char *const column_names[NCOLUMNS] = {
    "name", "seed_name", "task", "url", "member", "size_mb", "top1", "top5", "latency_ms",
    "device", "input", "input_type", "normalization", "labels", "bytes", "sha256"};

/* True when a regular file exists at path. */
static int file_exists(const char *path) { return access(path, R_OK) == 0; }

int tflc_catalog_default_path(char *out, size_t outlen, char *err, size_t errlen) {
  const char *env = getenv("TFLC_CATALOG");
  if (env && env[0]) {
    if ((size_t)snprintf(out, outlen, "%s", env) >= outlen) return snprintf(err, errlen, "TFLC_CATALOG is too long"), -1;
    return 0;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      if ((size_t)snprintf(out, outlen, "%s/../share/tflc/catalog.tsv", exe) < outlen && file_exists(out)) return 0;
    }
  }
#ifdef TFLC_SOURCE_DIR
  if ((size_t)snprintf(out, outlen, "%s/data/catalog.tsv", TFLC_SOURCE_DIR) < outlen && file_exists(out)) return 0;
#endif
  snprintf(err, errlen, "no model catalog found: set TFLC_CATALOG to the path of catalog.tsv");
  return -1;
}

/* Splits line at tabs into at most max fields (NUL-terminating them in place); returns the count. */
static int split_tabs(char *line, char **fields, int max) {
  int n = 0;
  for (char *p = line;;) {
    if (n < max) fields[n] = p;
    n++;
    char *tab = strchr(p, '\t');
    if (tab == NULL) return n;
    *tab = 0;
    p = tab + 1;
  }
}

/* "-" means unknown: NULL for the sha256, kept as "-" for the display fields. */
static int fill_entry(tflc_catalog_entry *e, char **f, const char *path, int line, char *err, size_t errlen) {
  e->name = f[0], e->seed_name = f[1], e->task = f[2], e->url = f[3], e->member = f[4];
  e->size_mb = f[5], e->top1 = f[6], e->top5 = f[7], e->latency_ms = f[8], e->device = f[9];
  e->input = f[10], e->input_type = f[11], e->normalization = f[12], e->labels = f[13];
  e->bytes = -1;
  if (strcmp(f[14], "-") != 0) {
    char *end;
    errno = 0;
    long long b = strtoll(f[14], &end, 10);
    if (errno || *end || b <= 0) return snprintf(err, errlen, "%s:%d: bad bytes '%s'", path, line, f[14]), -1;
    e->bytes = b;
  }
  e->sha256 = NULL;
  if (strcmp(f[15], "-") != 0) {
    size_t len = strlen(f[15]);
    for (size_t i = 0; i < len; i++)
      if (!isxdigit((unsigned char)f[15][i]) || isupper((unsigned char)f[15][i])) len = 0;
    if (len != 64) return snprintf(err, errlen, "%s:%d: bad sha256 '%s' (64 lower-case hex digits)", path, line, f[15]), -1;
    e->sha256 = f[15];
  }
  if (e->name[0] == 0 || strncmp(e->url, "http", 4) != 0)
    return snprintf(err, errlen, "%s:%d: entry needs a name and an http(s) URL", path, line), -1;
  return 0;
}

/* Parses the catalog text in place (storage is owned by out). */
static int parse(tflc_catalog *out, const char *path, char *err, size_t errlen) {
  int lines = 1;
  for (char *p = out->storage; *p; p++) lines += *p == '\n';
  out->entries = calloc((size_t)lines, sizeof *out->entries);
  if (out->entries == NULL) return snprintf(err, errlen, "out of memory reading %s", path), -1;
  int header_seen = 0, lineno = 0;
  char *save = NULL;
  for (char *line = strtok_r(out->storage, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    lineno++;
    size_t len = strlen(line);
    if (len && line[len - 1] == '\r') line[len - 1] = 0;
    if (line[0] == '#' || line[0] == 0) continue;
    char *f[NCOLUMNS + 1];
    int n = split_tabs(line, f, NCOLUMNS + 1);
    if (n != NCOLUMNS) return snprintf(err, errlen, "%s:%d: %d fields, expected %d", path, lineno, n, NCOLUMNS), -1;
    if (!header_seen) {
      for (int i = 0; i < NCOLUMNS; i++)
        if (strcmp(f[i], column_names[i]) != 0)
          return snprintf(err, errlen, "%s:%d: column %d is '%s', expected '%s'", path, lineno, i + 1, f[i], column_names[i]), -1;
      header_seen = 1;
      continue;
    }
    if (fill_entry(&out->entries[out->count], f, path, lineno, err, errlen) != 0) return -1;
    if (tflc_catalog_find(out, out->entries[out->count].name) != NULL)
      return snprintf(err, errlen, "%s:%d: model '%s' listed twice", path, lineno, out->entries[out->count].name), -1;
    out->count++;
  }
  if (!header_seen) return snprintf(err, errlen, "%s: no header line", path), -1;
  return 0;
}

int tflc_catalog_load(const char *path, tflc_catalog *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (f == NULL) return snprintf(err, errlen, "cannot open catalog %s: %s", path, strerror(errno)), -1;
  out->storage = malloc(TFLC_CATALOG_MAX_BYTES + 1);
  size_t n = out->storage ? fread(out->storage, 1, TFLC_CATALOG_MAX_BYTES + 1, f) : 0;
  int bad = out->storage == NULL || ferror(f) || n > TFLC_CATALOG_MAX_BYTES;
  fclose(f);
  if (bad) {
    snprintf(err, errlen, "cannot read catalog %s (out of memory, read error, or over %zu bytes)", path, TFLC_CATALOG_MAX_BYTES);
    tflc_catalog_free(out);
    return -1;
  }
  out->storage[n] = 0;
  if (memchr(out->storage, 0, n) != NULL || parse(out, path, err, errlen) != 0) {
    if (memchr(out->storage, 0, n) != NULL) snprintf(err, errlen, "%s: NUL byte in catalog", path);
    tflc_catalog_free(out);
    return -1;
  }
  return 0;
}

int tflc_catalog_load_default(tflc_catalog *out, char *err, size_t errlen) {
  char path[PATH_MAX];
  memset(out, 0, sizeof *out);
  if (tflc_catalog_default_path(path, sizeof path, err, errlen) != 0) return -1;
  return tflc_catalog_load(path, out, err, errlen);
}

/* Compares case-insensitively, reading "0.50" in `query` as "0.5". */
static int same_name(const char *query, const char *name) {
  for (;;) {
    if (query[0] == '0' && query[1] == '.' && query[2] == '5' && query[3] == '0' && strncmp(name, "0.5", 3) == 0 &&
        strncmp(name, "0.50", 4) != 0) {
      query += 4, name += 3;
      continue;
    }
    if (tolower((unsigned char)*query) != tolower((unsigned char)*name)) return 0;
    if (*query == 0) return 1;
    query++, name++;
  }
}

const tflc_catalog_entry *tflc_catalog_find(const tflc_catalog *catalog, const char *name) {
  for (int i = 0; i < catalog->count; i++)
    if (same_name(name, catalog->entries[i].name) || same_name(name, catalog->entries[i].seed_name))
      return &catalog->entries[i];
  return NULL;
}

double tflc_catalog_number(const char *field) {
  if (field == NULL) return -1;
  char *end;
  double v = strtod(field, &end);
  return end == field || *end ? -1 : v;
}

void tflc_catalog_free(tflc_catalog *catalog) {
  if (catalog == NULL) return;
  free(catalog->entries);
  free(catalog->storage);
  memset(catalog, 0, sizeof *catalog);
}
