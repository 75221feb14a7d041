/*
** labels.c — label lists from text files and from the ZIP archive inside a .tflite file.
** See labels.h.
*/
#include "tasks/labels.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/flatbuffer.h"
#include "tasks/zip.h"

/* Field numbers in tensorflow/lite/schema/schema.fbs. */
enum { MODEL_BUFFERS = 4, MODEL_METADATA = 6 };
enum { BUFFER_DATA = 0, BUFFER_OFFSET = 1, BUFFER_SIZE = 2 };
enum { METADATA_NAME = 0, METADATA_BUFFER = 1 };
/* Field numbers in tflite-support metadata_schema.fbs (ModelMetadata is the root). */
enum { MODEL_METADATA_SUBGRAPHS = 3 };
enum { SUBGRAPH_METADATA_OUTPUTS = 3 };
enum { TENSOR_METADATA_ASSOCIATED_FILES = 6 };
enum { ASSOCIATED_FILE_NAME = 0, ASSOCIATED_FILE_TYPE = 2 };
enum { ASSOCIATED_FILE_TENSOR_AXIS_LABELS = 2 };

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

void tflc_labels_free(tflc_labels *labels) {
  if (labels == NULL) return;
  free(labels->items);
  free(labels->storage);
  memset(labels, 0, sizeof *labels);
}

const char *tflc_labels_get(const tflc_labels *labels, int index) {
  if (labels == NULL || index < 0 || index >= labels->count) return NULL;
  return labels->items[index];
}

/* Number of lines in text: a last line without '\n' counts, an empty one after '\n' does not. */
static size_t count_lines(const char *text, size_t size) {
  size_t n = 0;
  for (size_t i = 0; i < size; i++) n += text[i] == '\n';
  if (size > 0 && text[size - 1] != '\n') n++;
  return n;
}

/* Takes ownership of storage (size bytes + a NUL) and splits it into lines in place. */
static int split_lines(char *storage, size_t size, tflc_labels *out, char *err, size_t errlen) {
  size_t n = count_lines(storage, size);
  if (n > TFLC_LABELS_MAX_COUNT) {
    free(storage);
    return fail(err, errlen, "labels: too many lines (%zu; limit %d)", n, TFLC_LABELS_MAX_COUNT);
  }
  char **items = malloc((n > 0 ? n : 1) * sizeof *items);
  if (items == NULL) {
    free(storage);
    return fail(err, errlen, "labels: out of memory for %zu labels", n);
  }
  size_t k = 0, start = 0;
  for (size_t i = 0; i <= size && k < n; i++) {
    if (i < size && storage[i] != '\n') continue;
    size_t end = i;
    if (end > start && storage[end - 1] == '\r') end--;
    storage[end] = '\0';
    items[k++] = storage + start;
    start = i + 1;
  }
  out->count = (int)k;
  out->items = items;
  out->storage = storage;
  return 0;
}

int tflc_labels_from_memory(const char *text, size_t size, tflc_labels *out, char *err, size_t errlen) {
  if (out == NULL) return fail(err, errlen, "labels: no output given");
  memset(out, 0, sizeof *out);
  if (text == NULL && size > 0) return fail(err, errlen, "labels: no text given");
  if (size > TFLC_LABELS_MAX_BYTES)
    return fail(err, errlen, "labels: file too large (%zu bytes; limit %zu)", size, TFLC_LABELS_MAX_BYTES);
  char *storage = malloc(size + 1);
  if (storage == NULL) return fail(err, errlen, "labels: out of memory for %zu bytes", size);
  if (size > 0) memcpy(storage, text, size);
  storage[size] = '\0';
  return split_lines(storage, size, out, err, errlen);
}

int tflc_labels_load_file(const char *path, tflc_labels *out, char *err, size_t errlen) {
  if (out == NULL || path == NULL) return fail(err, errlen, "labels: no path or output given");
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (f == NULL) return fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
  long len = -1;
  if (fseek(f, 0, SEEK_END) == 0) len = ftell(f);
  if (len < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return fail(err, errlen, "%s: cannot determine the file size", path);
  }
  if ((unsigned long)len > TFLC_LABELS_MAX_BYTES) {
    fclose(f);
    return fail(err, errlen, "%s: file too large (%ld bytes; limit %zu)", path, len, TFLC_LABELS_MAX_BYTES);
  }
  char *storage = malloc((size_t)len + 1);
  if (storage == NULL) {
    fclose(f);
    return fail(err, errlen, "%s: out of memory for %ld bytes", path, len);
  }
  size_t got = fread(storage, 1, (size_t)len, f);
  int read_error = ferror(f);
  fclose(f);
  if (read_error || got != (size_t)len) {
    free(storage);
    return fail(err, errlen, "%s: read error (%zu of %ld bytes)", path, got, len);
  }
  storage[got] = '\0';
  char msg[200];
  if (split_lines(storage, got, out, msg, sizeof msg) != 0) return fail(err, errlen, "%s: %s", path, msg);
  return 0;
}

/* The bytes of model buffer `index` (inline data, or offset/size for large models). */
static int model_buffer(const tflc_fb_table *root, uint32_t index, const uint8_t **data, size_t *size) {
  tflc_fb_vector buffers, bytes;
  tflc_fb_table b;
  if (tflc_fb_vector_field(root, MODEL_BUFFERS, 4, &buffers) != TFLC_FB_OK || index >= buffers.length ||
      tflc_fb_vector_table(&buffers, index, &b) != TFLC_FB_OK)
    return -1;
  if (tflc_fb_vector_field(&b, BUFFER_DATA, 1, &bytes) == TFLC_FB_OK && bytes.length > 0) {
    *data = tflc_fb_vector_data(&bytes);
    *size = bytes.length;
    return 0;
  }
  uint64_t off = tflc_fb_u64(&b, BUFFER_OFFSET, 0), len = tflc_fb_u64(&b, BUFFER_SIZE, 0);
  if (off <= 1 || off > root->size || len > root->size - off) return -1;
  *data = root->buf + off;
  *size = (size_t)len;
  return 0;
}

/* The TFLITE_METADATA buffer of the model; -1 when absent or out of bounds. */
static int find_metadata_buffer(const uint8_t *file, size_t size, const uint8_t **data, size_t *len) {
  tflc_fb_table root, m;
  tflc_fb_vector entries;
  if (tflc_fb_root(file, size, &root) != TFLC_FB_OK ||
      tflc_fb_vector_field(&root, MODEL_METADATA, 4, &entries) != TFLC_FB_OK)
    return -1;
  for (uint32_t i = 0; i < entries.length; i++) {
    const char *name;
    if (tflc_fb_vector_table(&entries, i, &m) != TFLC_FB_OK ||
        tflc_fb_string_field(&m, METADATA_NAME, &name, NULL) != TFLC_FB_OK)
      continue;
    if (strcmp(name, "TFLITE_METADATA") == 0)
      return model_buffer(&root, tflc_fb_u32(&m, METADATA_BUFFER, 0), data, len);
  }
  return -1;
}

/*
** The name of output 0's TENSOR_AXIS_LABELS file in the model's metadata
** (ModelMetadata.subgraph_metadata[0].output_tensor_metadata[0].associated_files[i]),
** or NULL when there is none or the metadata cannot be read.
*/
static const char *metadata_label_file(const uint8_t *file, size_t size) {
  const uint8_t *meta;
  size_t meta_size;
  if (find_metadata_buffer(file, size, &meta, &meta_size) != 0) return NULL;
  tflc_fb_table root, subgraph, tensor, assoc;
  tflc_fb_vector subgraphs, outputs, files;
  if (tflc_fb_root(meta, meta_size, &root) != TFLC_FB_OK ||
      tflc_fb_vector_field(&root, MODEL_METADATA_SUBGRAPHS, 4, &subgraphs) != TFLC_FB_OK ||
      subgraphs.length == 0 || tflc_fb_vector_table(&subgraphs, 0, &subgraph) != TFLC_FB_OK ||
      tflc_fb_vector_field(&subgraph, SUBGRAPH_METADATA_OUTPUTS, 4, &outputs) != TFLC_FB_OK ||
      outputs.length == 0 || tflc_fb_vector_table(&outputs, 0, &tensor) != TFLC_FB_OK ||
      tflc_fb_vector_field(&tensor, TENSOR_METADATA_ASSOCIATED_FILES, 4, &files) != TFLC_FB_OK)
    return NULL;
  for (uint32_t i = 0; i < files.length; i++) {
    const char *name;
    if (tflc_fb_vector_table(&files, i, &assoc) != TFLC_FB_OK) return NULL;
    if (tflc_fb_i8(&assoc, ASSOCIATED_FILE_TYPE, 0) == ASSOCIATED_FILE_TENSOR_AXIS_LABELS &&
        tflc_fb_string_field(&assoc, ASSOCIATED_FILE_NAME, &name, NULL) == TFLC_FB_OK)
      return name;
  }
  return NULL;
}

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* Case-insensitive search for the NUL-terminated lowercase `needle` in s[0..len). */
static int contains_nocase(const char *s, size_t len, const char *needle) {
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= len; i++) {
    size_t j = 0;
    while (j < n && ascii_lower((unsigned char)s[i + j]) == needle[j]) j++;
    if (j == n) return 1;
  }
  return 0;
}

static int is_label_txt(const tflc_zip_entry *e) {
  return e->name_len >= 4 && contains_nocase(e->name + e->name_len - 4, 4, ".txt") &&
         contains_nocase(e->name, e->name_len, "label");
}

static int name_is(const tflc_zip_entry *e, const char *name) {
  return name != NULL && strlen(name) == e->name_len && memcmp(e->name, name, e->name_len) == 0;
}

/*
** Picks the archive entry holding the labels: the one named by the metadata, else the
** first label-like .txt. Returns 0 (found), 1 (none) or -1 (malformed directory).
*/
static int pick_entry(const tflc_zip *zip, const char *wanted, tflc_zip_entry *out, char *err, size_t errlen) {
  tflc_zip_cursor cur = {0, 0};
  tflc_zip_entry e;
  int found_fallback = 0, rc;
  while ((rc = tflc_zip_next(zip, &cur, &e, err, errlen)) == 0) {
    if (name_is(&e, wanted)) {
      *out = e;
      return 0;
    }
    if (!found_fallback && is_label_txt(&e)) {
      *out = e;
      found_fallback = 1;
    }
  }
  if (rc < 0) return -1;
  return found_fallback ? 0 : 1;
}

int tflc_labels_from_model_file(const uint8_t *file, size_t size, tflc_labels *out, char *err,
                                size_t errlen) {
  if (out == NULL) return fail(err, errlen, "labels: no output given");
  memset(out, 0, sizeof *out);
  tflc_zip zip;
  if (tflc_zip_open(file, size, &zip, err, errlen) != 0) {
    fail(err, errlen, "labels: the model carries no associated files (no ZIP archive at its end)");
    return 1;
  }
  /* Metadata that cannot be read only costs us the preferred name: fall back to the heuristic. */
  const char *wanted = metadata_label_file(file, size);
  tflc_zip_entry e;
  int rc = pick_entry(&zip, wanted, &e, err, errlen);
  if (rc != 0) {
    if (rc > 0) fail(err, errlen, "labels: the model's associated files include no label file");
    return rc;
  }
  uint8_t *text;
  size_t text_size;
  if (tflc_zip_extract(&zip, &e, TFLC_LABELS_MAX_BYTES, &text, &text_size, err, errlen) != 0) return -1;
  /* The extracted buffer already ends in a NUL: hand it over as the storage. */
  return split_lines((char *)text, text_size, out, err, errlen);
}
