/*
** labels_test.c — label files, and the ZIP-embedded labels of models with metadata.
**
** Real models: the hosted mobilenet_v1_0.25_224_quant (labels.txt appended) and the
** Coral models with metadata (imagenet_labels.txt), checked against the shared copies.
** Synthetic archives (built here) cover deflate, the metadata's choice over the name
** heuristic, and hostile archives: every truncation and every byte flip of the archive
** must give 0, 1 or -1 with a message, never a crash.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "tasks/labels.h"
#include "tasks/zip.h"
#include "test_util.h"

TEST_COUNTERS;

static void test_text(void) {
  tflc_labels l;
  char err[256];
  const char text[] = "background\r\ntench\n\ngoldfish";
  CHECK(tflc_labels_from_memory(text, sizeof text - 1, &l, err, sizeof err) == 0);
  CHECK(l.count == 4 && strcmp(tflc_labels_get(&l, 0), "background") == 0 &&
        strcmp(tflc_labels_get(&l, 1), "tench") == 0 && strcmp(tflc_labels_get(&l, 2), "") == 0 &&
        strcmp(tflc_labels_get(&l, 3), "goldfish") == 0);
  CHECK(tflc_labels_get(&l, -1) == NULL && tflc_labels_get(&l, 4) == NULL && tflc_labels_get(NULL, 0) == NULL);
  tflc_labels_free(&l);
  CHECK(l.count == 0 && l.items == NULL);
  CHECK(tflc_labels_from_memory("a\nb\n", 4, &l, err, sizeof err) == 0 && l.count == 2);
  tflc_labels_free(&l);
  CHECK(tflc_labels_from_memory("", 0, &l, err, sizeof err) == 0 && l.count == 0);
  tflc_labels_free(&l);
  CHECK(tflc_labels_from_memory("\r\n", 2, &l, err, sizeof err) == 0 && l.count == 1 && l.items[0][0] == '\0');
  tflc_labels_free(&l);
  CHECK(tflc_labels_load_file("no/such/labels.txt", &l, err, sizeof err) == -1 &&
        strstr(err, "no/such/labels.txt") != NULL);
}

static int same_labels(const tflc_labels *a, const tflc_labels *b) {
  if (a->count != b->count) return 0;
  for (int i = 0; i < a->count; i++)
    if (strcmp(a->items[i], b->items[i]) != 0) return 0;
  return 1;
}

static void check_model(const char *shared, const char *model, const char *reference, int count) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", shared, model);
  size_t size;
  uint8_t *file = test_read_file(path, &size);
  CHECK(file != NULL);
  if (file == NULL) return;
  tflc_labels got, want;
  char err[256] = "";
  int rc = tflc_labels_from_model_file(file, size, &got, err, sizeof err);
  if (rc != 0) printf("  %s: %s\n", model, err);
  CHECK(rc == 0 && got.count == count);
  snprintf(path, sizeof path, "%s/%s", shared, reference);
  CHECK(tflc_labels_load_file(path, &want, err, sizeof err) == 0);
  CHECK(same_labels(&got, &want));
  tflc_labels_free(&got);
  tflc_labels_free(&want);
  free(file);
}

static void test_models(const char *shared) {
  check_model(shared, "models/hosted/mobilenet_v1_0.25_224_quant.tflite",
              "labels/tflite_support/mobilenet_labels_1001.txt", 1001);
  static const char *coral[] = {"mobilenet_v1_0.25_128_quant", "mobilenet_v1_0.5_160_quant",
                                "mobilenet_v1_0.75_192_quant", "mobilenet_v2_1.0_224_quant",
                                "tf2_mobilenet_v2_1.0_224_ptq"};
  char model[256];
  for (int i = 0; i < 5; i++) {
    snprintf(model, sizeof model, "models/variants/coral/%s.tflite", coral[i]);
    check_model(shared, model, "labels/coral/imagenet_labels.txt", 1001);
  }
  /* No archive: 1, with a message. */
  char path[1024];
  snprintf(path, sizeof path, "%s/models/hosted/mobilenet_v1_0.25_128_quant.tflite", shared);
  size_t size;
  uint8_t *file = test_read_file(path, &size);
  tflc_labels l;
  char err[256] = "";
  CHECK(file != NULL && tflc_labels_from_model_file(file, size, &l, err, sizeof err) == 1 && err[0] != '\0');
  free(file);
}

/* ---- a small ZIP writer for synthetic archives ---- */

typedef struct zip_file {
  const char *name;
  const char *text;
  int deflate;
} zip_file;

static void put16(uint8_t *p, unsigned v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, v & 0xffff), put16(p + 2, v >> 16); }

static size_t raw_deflate(const char *text, uint8_t *out, size_t cap) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  if (deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  zs.next_in = (Bytef *)text;
  zs.avail_in = (uInt)strlen(text);
  zs.next_out = out;
  zs.avail_out = (uInt)cap;
  int rc = deflate(&zs, Z_FINISH);
  size_t n = zs.total_out;
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? n : 0;
}

/* Appends an archive of `files` to buf[0..prefix) (offsets counted from buf[0]). */
static size_t make_zip(uint8_t *buf, size_t prefix, const zip_file *files, int n) {
  uint32_t local[8];
  size_t pos = prefix;
  uint8_t data[4096];
  for (int i = 0; i < n; i++) {
    size_t len = strlen(files[i].text), clen = len;
    if (files[i].deflate) clen = raw_deflate(files[i].text, data, sizeof data);
    else memcpy(data, files[i].text, len);
    uint8_t *h = buf + pos;
    memset(h, 0, 30);
    put32(h, 0x04034b50);
    put16(h + 8, files[i].deflate ? 8 : 0);
    put32(h + 14, (uint32_t)crc32(0, (const Bytef *)files[i].text, (uInt)len));
    put32(h + 18, (uint32_t)clen);
    put32(h + 22, (uint32_t)len);
    put16(h + 26, (unsigned)strlen(files[i].name));
    memcpy(h + 30, files[i].name, strlen(files[i].name));
    local[i] = (uint32_t)pos;
    pos += 30 + strlen(files[i].name);
    memcpy(buf + pos, data, clen);
    pos += clen;
  }
  size_t cd = pos;
  for (int i = 0; i < n; i++) {
    const uint8_t *l = buf + local[i];
    uint8_t *c = buf + pos;
    memset(c, 0, 46);
    put32(c, 0x02014b50);
    memcpy(c + 10, l + 8, 16); /* method, time, date, crc, sizes */
    put16(c + 28, (unsigned)strlen(files[i].name));
    put32(c + 42, local[i]);
    memcpy(c + 46, files[i].name, strlen(files[i].name));
    pos += 46 + strlen(files[i].name);
  }
  uint8_t *e = buf + pos;
  memset(e, 0, 22);
  put32(e, 0x06054b50);
  put16(e + 8, (unsigned)n), put16(e + 10, (unsigned)n);
  put32(e + 12, (uint32_t)(pos - cd));
  put32(e + 16, (uint32_t)cd);
  return pos + 22;
}

static void test_synthetic(void) {
  static uint8_t buf[1 << 16];
  memset(buf, 'P', 1000); /* a "model" full of signature-like bytes */
  zip_file files[] = {{"README.txt", "not labels\n", 0},
                      {"dir/My_Labels.TXT", "cat\ndog\r\nbird\ncat\ndog\nbird\ncat\ndog\nbird\n", 1},
                      {"labels.bin", "x", 0}};
  size_t size = make_zip(buf, 1000, files, 3);
  tflc_labels l;
  char err[256] = "";
  int rc = tflc_labels_from_model_file(buf, size, &l, err, sizeof err);
  if (rc != 0) printf("  synthetic: %s\n", err);
  CHECK(rc == 0 && l.count == 9 && strcmp(l.items[1], "dog") == 0 && strcmp(l.items[8], "bird") == 0);
  tflc_labels_free(&l);

  /* Every truncation and every byte flip gives a clean 0, 1 or -1. */
  int bad = 0;
  for (size_t len = 0; len < size; len++) {
    err[0] = '\0';
    rc = tflc_labels_from_model_file(buf, len, &l, err, sizeof err);
    if (rc == 0) tflc_labels_free(&l);
    else if ((rc != 1 && rc != -1) || err[0] == '\0') bad++;
  }
  CHECK(bad == 0);
  static uint8_t copy[1 << 16];
  for (size_t i = 1000; i < size; i++) {
    memcpy(copy, buf, size);
    copy[i] ^= 0xff;
    err[0] = '\0';
    rc = tflc_labels_from_model_file(copy, size, &l, err, sizeof err);
    if (rc == 0) tflc_labels_free(&l);
    else if ((rc != 1 && rc != -1) || err[0] == '\0') bad++;
  }
  CHECK(bad == 0);

  /* A corrupted CRC is an error, not a silently wrong label list. */
  memcpy(copy, buf, size);
  tflc_zip zip;
  tflc_zip_cursor cur = {0, 0};
  tflc_zip_entry e;
  CHECK(tflc_zip_open(copy, size, &zip, err, sizeof err) == 0 && zip.base == 0 && zip.nentries == 3);
  CHECK(tflc_zip_next(&zip, &cur, &e, err, sizeof err) == 0 && e.method == 0);
  CHECK(tflc_zip_next(&zip, &cur, &e, err, sizeof err) == 0 && e.method == 8 && e.name_len == 17);
  uint8_t *data;
  size_t data_size;
  CHECK(tflc_zip_extract(&zip, &e, 4, &data, &data_size, err, sizeof err) == -1 && strstr(err, "too large"));
  copy[(size_t)((const uint8_t *)e.name - copy) - 46 + 16] ^= 1; /* the directory's CRC */
  CHECK(tflc_labels_from_model_file(copy, size, &l, err, sizeof err) == -1 && strstr(err, "CRC") != NULL);

  /* No label-like entry: 1. */
  zip_file other[] = {{"vocab.txt", "a\n", 0}};
  size = make_zip(buf, 1000, other, 1);
  CHECK(tflc_labels_from_model_file(buf, size, &l, err, sizeof err) == 1);
}

/*
** The metadata's TENSOR_AXIS_LABELS name wins over the heuristic: append a new archive
** to a Coral model whose metadata names imagenet_labels.txt, with a label-like decoy first.
*/
static void test_metadata_choice(const char *shared) {
  char path[1024];
  snprintf(path, sizeof path, "%s/models/variants/coral/mobilenet_v1_0.25_128_quant.tflite", shared);
  size_t size;
  uint8_t *model = test_read_file(path, &size);
  CHECK(model != NULL);
  if (model == NULL) return;
  uint8_t *buf = malloc(size + 8192);
  CHECK(buf != NULL);
  if (buf == NULL) {
    free(model);
    return;
  }
  memcpy(buf, model, size);
  zip_file files[] = {{"decoy_labels.txt", "decoy\n", 0}, {"imagenet_labels.txt", "chosen\nby metadata\n", 1}};
  size_t n = make_zip(buf, size, files, 2);
  tflc_labels l;
  char err[256] = "";
  CHECK(tflc_labels_from_model_file(buf, n, &l, err, sizeof err) == 0 && l.count == 2 &&
        strcmp(l.items[0], "chosen") == 0);
  tflc_labels_free(&l);
  free(buf);
  free(model);
}

int main(void) {
  const char *shared = test_shared_dir();
  test_text();
  test_models(shared);
  test_synthetic();
  test_metadata_choice(shared);
  return TEST_REPORT();
}
