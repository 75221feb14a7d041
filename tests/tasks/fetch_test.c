/*
** fetch_test.c — tflc models fetch against a real HTTP server on 127.0.0.1 (http_server.h),
** serving archives built here from ../shared/models in the hosted archives' layout, through
** TFLC_MODEL_MIRROR-style URL mapping: fetch, verify, cache hit, checksum mismatch, truncated
** download, 404, archive without the member, member path escaping the cache. Also SHA-256
** test vectors, mirror URL mapping and the catalog's names.
*/
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_builder.h"
#include "image/image.h"
#include "http_server.h"
#include "tasks/catalog.h"
#include "tasks/fetch.h"
#include "tasks/sha256.h"
#include "test_util.h"

TEST_COUNTERS;

/* Published digests (../shared/MANIFEST.tsv). */
#define COCO_SHA "e4b118e5e4531945de2e659742c7c590f7536f8d0ed26d135abcfe83b4779d13"
#define DEEPLAB_SHA "68a539782c2c6a72f8aac3724600124a85ed977162b44e84cbae5db717c933c6"
#define MOBILENET_SHA "17bed12f01faa92362b30dfd20dcc2e5b3d02fa916a8ca8f3f46002bad3ec221"

static void test_sha256_vectors(void) {
  char hex[65];
  tflc_sha256 c;
  tflc_sha256_init(&c);
  tflc_sha256_final_hex(&c, hex);
  CHECK(strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);
  tflc_sha256_init(&c);
  tflc_sha256_update(&c, "abc", 3);
  tflc_sha256_final_hex(&c, hex);
  CHECK(strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
  static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  tflc_sha256_init(&c);
  for (size_t i = 0; i < sizeof two_blocks - 1; i++) tflc_sha256_update(&c, two_blocks + i, 1); /* byte by byte */
  tflc_sha256_final_hex(&c, hex);
  CHECK(strcmp(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0);
}

static void test_mirror_urls(void) {
  char out[512], err[256];
  CHECK(tflc_fetch_mirror_url("http://download.tensorflow.org/models/a/b.tgz", "http://m:1/pre/fix/", out, sizeof out, err, sizeof err) == 0);
  CHECK(strcmp(out, "http://m:1/pre/fix/models/a/b.tgz") == 0);
  CHECK(tflc_fetch_mirror_url("https://storage.googleapis.com/download.tensorflow.org/models/x.zip", "http://m", out, sizeof out, err, sizeof err) == 0);
  CHECK(strcmp(out, "http://m/models/x.zip") == 0);
  CHECK(tflc_fetch_mirror_url("https://storage.cloud.google.com/download.tensorflow.org/models/tflite/y.tgz", "http://m", out, sizeof out, err, sizeof err) == 0);
  CHECK(strcmp(out, "http://m/models/tflite/y.tgz") == 0);
  CHECK(tflc_fetch_mirror_url("https://example.com/models/z.tgz", "http://m", out, sizeof out, err, sizeof err) == -1);
  CHECK(tflc_fetch_mirror_url("https://example.com/z.tgz", NULL, out, sizeof out, err, sizeof err) == 0);
  CHECK(strcmp(out, "https://example.com/z.tgz") == 0);
}

static void test_catalog(const tflc_catalog *cat) {
  static const char *const names[] = {"mobilenet_v1_0.5_160_quant", "mobilenet_v1_0.25_128", "inception_v3_quant",
                                      "inception_resnet_v2", "nasnet_mobile", "resnet_v2_101", "mnasnet_1.0_224",
                                      "coco_ssd_mobilenet_v1_1.0_quant", "multi_person_mobilenet_v1_075_float",
                                      "deeplabv3_257_mv_gpu", "smartreply_1.0"};
  CHECK(cat->count >= 58);
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const tflc_catalog_entry *e = tflc_catalog_find(cat, names[i]);
    CHECK(e != NULL && strcmp(e->name, names[i]) == 0);
  }
  const tflc_catalog_entry *e = tflc_catalog_find(cat, "Mobilenet_V1_0.50_160_quant");
  CHECK(e != NULL && strcmp(e->name, "mobilenet_v1_0.5_160_quant") == 0);
  CHECK(tflc_catalog_find(cat, "mobilenet_v1_0.5") == NULL);
  int verified = 0;
  for (int i = 0; i < cat->count; i++) verified += cat->entries[i].sha256 != NULL;
  CHECK(verified == 2); /* only the two files known to be the published bytes */
  CHECK(strcmp(tflc_catalog_find(cat, "coco_ssd_mobilenet_v1_1.0_quant")->sha256, COCO_SHA) == 0);
}

/* Number of entries in dir besides . and .. (-1 when it cannot be read). */
static int count_entries(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) return -1;
  int n = 0;
  for (struct dirent *e; (e = readdir(d)) != NULL;) n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  closedir(d);
  return n;
}

/* Removes the files of a flat temporary directory and the directory. */
static void remove_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) return;
  char path[4096];
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  closedir(d);
  rmdir(dir);
}

typedef struct fixture {
  http_server server;
  const tflc_catalog *cat;
  char root[256];     /* temporary directory for the caches */
  char base_url[128]; /* http://127.0.0.1:PORT */
} fixture;

/* Fetches `name` through mirror PREFIX into a fresh cache dir; returns the rc, leaves err. */
static int fetch_via(fixture *f, const char *prefix, const char *name, const char *cache, tflc_fetch_result *r, char *err,
                     size_t errlen) {
  char mirror[512], dir[512];
  snprintf(mirror, sizeof mirror, "%s%s", f->base_url, prefix);
  snprintf(dir, sizeof dir, "%s/%s", f->root, cache);
  tflc_fetch_options o = {dir, mirror, 0};
  const tflc_catalog_entry *e = tflc_catalog_find(f->cat, name);
  if (e == NULL) return snprintf(err, errlen, "no %s", name), -2;
  return tflc_fetch_model(e, &o, r, err, errlen);
}

/* A failed fetch must say why (want in the message) and leave the cache empty. */
static void expect_failure(fixture *f, const char *prefix, const char *name, const char *cache, const char *want) {
  tflc_fetch_result r;
  char err[2048] = "", dir[512];
  int rc = fetch_via(f, prefix, name, cache, &r, err, sizeof err);
  CHECK(rc == -1);
  CHECK(strstr(err, want) != NULL);
  if (strstr(err, want) == NULL) printf("  %s: message was: %s\n", cache, err);
  snprintf(dir, sizeof dir, "%s/%s", f->root, cache);
  int left = count_entries(dir);
  CHECK(left == 0 || left == -1);
}

static void test_good_fetches(fixture *f) {
  tflc_fetch_result r;
  char err[2048] = "";
  /* coco: zip with detect.tflite + labelmap.txt, published digest. */
  CHECK(fetch_via(f, "/good", "coco_ssd_mobilenet_v1_1.0_quant", "good", &r, err, sizeof err) == 0);
  if (err[0]) printf("  coco: %s\n", err);
  CHECK(r.verified == 1 && r.from_cache == 0 && strcmp(r.sha256, COCO_SHA) == 0 && r.size == 4183312);
  char hex[65];
  uint64_t size = 0;
  CHECK(tflc_sha256_file(r.path, hex, &size, err, sizeof err) == 0 && strcmp(hex, COCO_SHA) == 0);
  /* deeplab: a bare .tflite, published digest. */
  CHECK(fetch_via(f, "/good", "deeplabv3_257_mv_gpu", "good", &r, err, sizeof err) == 0);
  CHECK(r.verified == 1 && strcmp(r.sha256, DEEPLAB_SHA) == 0);
  /* mobilenet: .tgz, no published digest: fetched, not verified, digest recorded beside it. */
  CHECK(fetch_via(f, "/good", "mobilenet_v1_0.25_128_quant", "good", &r, err, sizeof err) == 0);
  CHECK(r.verified == 0 && strcmp(r.sha256, MOBILENET_SHA) == 0);
  char sha_path[4200];
  snprintf(sha_path, sizeof sha_path, "%s.sha256", r.path);
  size_t n = 0;
  char *recorded = (char *)test_read_file(sha_path, &n);
  CHECK(recorded != NULL && n > 64 && strncmp(recorded, MOBILENET_SHA, 64) == 0);
  free(recorded);
  /* cache hit: no request reaches the server, same file. */
  int before = atomic_load(&f->server.requests);
  CHECK(fetch_via(f, "/good", "mobilenet_v1_0.25_128_quant", "good", &r, err, sizeof err) == 0);
  CHECK(r.from_cache == 1 && atomic_load(&f->server.requests) == before);
  CHECK(fetch_via(f, "/good", "coco_ssd_mobilenet_v1_1.0_quant", "good", &r, err, sizeof err) == 0);
  CHECK(r.from_cache == 1 && r.verified == 1 && atomic_load(&f->server.requests) == before);
  /* the cache holds exactly the three models and one recorded digest: no temporaries */
  char dir[512];
  snprintf(dir, sizeof dir, "%s/good", f->root);
  CHECK(count_entries(dir) == 4);
  /* a cached file damaged on disk is noticed and fetched again */
  FILE *damage = fopen(r.path, "r+b");
  if (damage) fputc('X', damage), fclose(damage);
  CHECK(fetch_via(f, "/good", "coco_ssd_mobilenet_v1_1.0_quant", "good", &r, err, sizeof err) == 0);
  CHECK(r.from_cache == 0 && r.verified == 1 && atomic_load(&f->server.requests) == before + 1);
}

static void test_failures(fixture *f) {
  expect_failure(f, "/wrongbytes", "deeplabv3_257_mv_gpu", "mismatch", "checksum mismatch");
  expect_failure(f, "/wrongbytes", "coco_ssd_mobilenet_v1_1.0_quant", "mismatch_zip", "size mismatch");
  expect_failure(f, "/truncated", "coco_ssd_mobilenet_v1_1.0_quant", "truncated", "cut short");
  expect_failure(f, "/truncated", "mobilenet_v1_0.25_128_quant", "truncated_tgz", "cut short");
  expect_failure(f, "/nothing-here", "mobilenet_v1_0.25_128_quant", "missing", "404");
  expect_failure(f, "/nomember", "mobilenet_v1_0.25_128_quant", "nomember", "no member");
  expect_failure(f, "/nomember", "coco_ssd_mobilenet_v1_1.0_quant", "nomember_zip", "no member");
  expect_failure(f, "/escape", "mobilenet_v1_0.25_128_quant", "escape", "unsafe path");
  expect_failure(f, "/escape", "coco_ssd_mobilenet_v1_1.0_quant", "escape_zip", "unsafe path");
  expect_failure(f, "/corrupt", "mobilenet_v1_0.25_128_quant", "corrupt", "archive");
}

/*
** The tool end to end (argv[1] = the tflc binary): a catalog name given as MODEL is fetched
** through TFLC_MODEL_MIRROR on first use, then served from the cache.
*/
static void test_tool(fixture *f, const char *tool) {
  char mirror[512], cache[512], cmd[4096], out[512] = "";
  snprintf(mirror, sizeof mirror, "%s/good", f->base_url);
  snprintf(cache, sizeof cache, "%s/tool", f->root);
  setenv("TFLC_MODEL_MIRROR", mirror, 1);
  setenv("TFLC_CACHE_DIR", cache, 1);
  snprintf(cmd, sizeof cmd, "'%s' classify mobilenet_v1_0.25_128_quant '%s/images/coral/cat.bmp' --top 1 --labels "
           "'%s/labels/tflite_support/mobilenet_labels_1001.txt' 2>/dev/null", tool, test_shared_dir(), test_shared_dir());
  FILE *p = popen(cmd, "r");
  size_t n = p ? fread(out, 1, sizeof out - 1, p) : 0;
  out[n] = 0;
  CHECK(p != NULL && pclose(p) == 0);
  CHECK(strstr(out, " 283 tiger cat\n") != NULL);
  int before = atomic_load(&f->server.requests);
  snprintf(cmd, sizeof cmd, "'%s' models path Mobilenet_V1_0.25_128_quant", tool);
  p = popen(cmd, "r");
  n = p ? fread(out, 1, sizeof out - 1, p) : 0;
  out[n] = 0;
  CHECK(p != NULL && pclose(p) == 0);
  char want[600];
  snprintf(want, sizeof want, "%s/mobilenet_v1_0.25_128_quant.tflite\n", cache);
  CHECK(strcmp(out, want) == 0 && atomic_load(&f->server.requests) == before); /* from the cache */
  /* tflc report on the cached model: table on stdout, and a picture that decodes. */
  snprintf(cmd, sizeof cmd, "'%s' report --models mobilenet_v1_0.25_128_quant --images '%s/images/imagenet' --labels "
           "'%s/eval/imagenet_sample.tsv' --limit 10 --runs 1 --out '%s/r' 2>/dev/null", tool, test_shared_dir(), test_shared_dir(), cache);
  p = popen(cmd, "r");
  n = p ? fread(out, 1, sizeof out - 1, p) : 0;
  out[n] = 0;
  CHECK(p != NULL && pclose(p) == 0);
  CHECK(strstr(out, "| mobilenet_v1_0.25_128_quant | 0.50 / 0.5 | ") != NULL);
  char png[600], err[256];
  snprintf(png, sizeof png, "%s/r.png", cache);
  tflc_image img;
  CHECK(tflc_image_load(png, &img, err, sizeof err) == 0 && img.width > 500 && img.height > 300);
  tflc_image_free(&img);
  snprintf(png, sizeof png, "%s/r.svg", cache);
  size_t svg_n = 0;
  char *svg = (char *)test_read_file(png, &svg_n);
  CHECK(svg != NULL && svg_n > 100 && strncmp(svg, "<svg", 4) == 0 && strstr(svg, "mobilenet_v1_0.25_128_quant") != NULL);
  free(svg);
  unsetenv("TFLC_MODEL_MIRROR");
  unsetenv("TFLC_CACHE_DIR");
}

static uint8_t *read_shared(const char *rel, size_t *size) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", test_shared_dir(), rel);
  uint8_t *data = test_read_file(path, size);
  if (data == NULL) printf("cannot read %s\n", path);
  return data;
}

int main(int argc, char **argv) {
  test_sha256_vectors();
  test_mirror_urls();
  tflc_catalog cat;
  char err[1024];
  if (tflc_catalog_load(TFLC_TEST_CATALOG, &cat, err, sizeof err) != 0) return printf("%s\n", err), 1;
  test_catalog(&cat);

  size_t coco_n = 0, deeplab_n = 0, mob_n = 0;
  uint8_t *coco = read_shared("models/hosted/coco_ssd_mobilenet_v1_1.0_quant.tflite", &coco_n);
  uint8_t *deeplab = read_shared("models/hosted/deeplabv3_257_mv_gpu.tflite", &deeplab_n);
  uint8_t *mob = read_shared("models/hosted/mobilenet_v1_0.25_128_quant.tflite", &mob_n);
  if (!coco || !deeplab || !mob) return 1;
  static const uint8_t labelmap[] = "???\nperson\nbicycle\n", info[] = "Model: mobilenet_v1_0.25_128_quant\n";

  /* The hosted layouts: tgz with ./info.txt, ./x.tflite; zip with detect.tflite, labelmap.txt. */
  buffer tar = {0}, tar_nomember = {0}, tar_escape = {0};
  tar_add(&tar, "./mobilenet_v1_0.25_128_quant_info.txt", info, sizeof info - 1);
  tar_add(&tar, "./mobilenet_v1_0.25_128_quant.tflite", mob, mob_n);
  tar_end(&tar);
  tar_add(&tar_nomember, "./mobilenet_v1_0.25_128_quant_info.txt", info, sizeof info - 1);
  tar_end(&tar_nomember);
  tar_add(&tar_escape, "../../mobilenet_v1_0.25_128_quant.tflite", mob, mob_n);
  tar_end(&tar_escape);
  buffer tgz = gzip_buffer(&tar), tgz_nomember = gzip_buffer(&tar_nomember), tgz_escape = gzip_buffer(&tar_escape);
  tar.data[148] ^= 1; /* a header whose checksum no longer matches */
  buffer tgz_corrupt = gzip_buffer(&tar);
  zip_member good[] = {{"detect.tflite", coco, coco_n}, {"labelmap.txt", labelmap, sizeof labelmap - 1}};
  zip_member none[] = {{"labelmap.txt", labelmap, sizeof labelmap - 1}};
  zip_member escape[] = {{"../detect.tflite", coco, coco_n}};
  buffer zip = zip_build(good, 2), zip_none = zip_build(none, 1), zip_escape = zip_build(escape, 1);
  zip_member wrong[] = {{"detect.tflite", mob, mob_n}};
  buffer zip_wrong = zip_build(wrong, 1);

  fixture f;
  memset(&f, 0, sizeof f);
  f.cat = &cat;
  const char *mob_path = "/models/mobilenet_v1_2018_08_02/mobilenet_v1_0.25_128_quant.tgz";
  const char *coco_path = "/models/tflite/coco_ssd_mobilenet_v1_1.0_quant_2018_06_29.zip";
  const char *deeplab_path = "/models/tflite/gpu/deeplabv3_257_mv_gpu.tflite";
  static const struct {
    const char *prefix;
    int which;
  } layout[] = {{"/good", 0}, {"/wrongbytes", 1}, {"/truncated", 2}, {"/nomember", 3}, {"/escape", 4}, {"/corrupt", 5}};
  static char paths[6][3][256];
  for (int i = 0; i < 6; i++) {
    snprintf(paths[i][0], 256, "%s%s", layout[i].prefix, mob_path);
    snprintf(paths[i][1], 256, "%s%s", layout[i].prefix, coco_path);
    snprintf(paths[i][2], 256, "%s%s", layout[i].prefix, deeplab_path);
  }
  http_add(&f.server, paths[0][0], tgz.data, tgz.size, 0);
  http_add(&f.server, paths[0][1], zip.data, zip.size, 0);
  http_add(&f.server, paths[0][2], deeplab, deeplab_n, 0);
  http_add(&f.server, paths[1][1], zip_wrong.data, zip_wrong.size, 0);
  uint8_t *deeplab_flipped = malloc(deeplab_n); /* same size, one bit different */
  if (deeplab_flipped == NULL) return 1;
  memcpy(deeplab_flipped, deeplab, deeplab_n);
  deeplab_flipped[deeplab_n / 2] ^= 0x10;
  http_add(&f.server, paths[1][2], deeplab_flipped, deeplab_n, 0);
  http_add(&f.server, paths[2][0], tgz.data, tgz.size, 1);
  http_add(&f.server, paths[2][1], zip.data, zip.size, 1);
  http_add(&f.server, paths[3][0], tgz_nomember.data, tgz_nomember.size, 0);
  http_add(&f.server, paths[3][1], zip_none.data, zip_none.size, 0);
  http_add(&f.server, paths[4][0], tgz_escape.data, tgz_escape.size, 0);
  http_add(&f.server, paths[4][1], zip_escape.data, zip_escape.size, 0);
  http_add(&f.server, paths[5][0], tgz_corrupt.data, tgz_corrupt.size, 0);

  snprintf(f.root, sizeof f.root, "/tmp/tflc_fetch_test.XXXXXX");
  if (mkdtemp(f.root) == NULL || http_server_start(&f.server) != 0) return printf("cannot set up the server\n"), 1;
  snprintf(f.base_url, sizeof f.base_url, "http://127.0.0.1:%d", f.server.port);
  test_good_fetches(&f);
  test_failures(&f);
  if (argc > 1) test_tool(&f, argv[1]);
  http_server_stop(&f.server);

  static const char *const caches[] = {"good", "mismatch", "mismatch_zip", "truncated", "truncated_tgz", "missing",
                                       "nomember", "nomember_zip", "escape", "escape_zip", "corrupt", "tool"};
  for (size_t i = 0; i < sizeof caches / sizeof caches[0]; i++) {
    char dir[512];
    snprintf(dir, sizeof dir, "%s/%s", f.root, caches[i]);
    remove_dir(dir);
  }
  /* Nothing escaped: once the caches are gone, nothing is left beside them. */
  CHECK(count_entries(f.root) == 0);
  rmdir(f.root);
  buffer all[] = {tar, tar_nomember, tar_escape, tgz, tgz_nomember, tgz_escape, tgz_corrupt, zip, zip_none, zip_escape, zip_wrong};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i].data);
  free(coco), free(deeplab), free(mob), free(deeplab_flipped);
  tflc_catalog_free(&cat);
  return TEST_REPORT();
}
