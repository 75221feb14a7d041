/*
** flexbuffer_test.c — the checked FlexBuffer reader on a hand-assembled map, on the custom
** options of the COCO SSD model, and on every truncation and single-byte corruption of both.
*/
#include <string.h>

#include "format/flexbuffer.h"
#include "test_util.h"

TEST_COUNTERS;

/*
** {"a": 1 (INT), "b": 2.5 (INDIRECT_FLOAT, 4 bytes), "c": true (BOOL), "n": -3 (INT)},
** byte width 1, laid out as flexbuffers::Builder would.
*/
static const uint8_t small_map[] = {
    'a', 0, 'b', 0, 'c', 0, 'n', 0, /* 0..7: keys */
    0x00, 0x00, 0x20, 0x40,         /* 8..11: float 2.5 */
    4,                              /* 12: keys vector size */
    13, 12, 11, 10,                 /* 13..16: key offsets (13-0, 14-2, 15-4, 16-6) */
    4,                              /* 17: offset to the keys vector (17-13) */
    1,                              /* 18: keys byte width */
    4,                              /* 19: map size */
    1,                              /* 20: a = 1 */
    13,                             /* 21: b -> float at 8 (21-8) */
    1,                              /* 22: c = true */
    0xFD,                           /* 23: n = -3 */
    1 << 2,                         /* 24: type of a: INT, width 1 */
    (8 << 2) | 2,                   /* 25: type of b: INDIRECT_FLOAT, width 4 */
    26 << 2,                        /* 26: type of c: BOOL */
    1 << 2,                         /* 27: type of n: INT */
    8,                              /* 28: root: offset to the map's values (28-20) */
    9 << 2,                         /* 29: root type: MAP, width 1 */
    1,                              /* 30: root byte width */
};

static void test_small_map(void) {
  tflc_flex_value root, v;
  CHECK(tflc_flex_root(small_map, sizeof small_map, &root) == TFLC_FLEX_OK);
  CHECK(root.type == TFLC_FLEX_TYPE_MAP);
  int64_t i = 0;
  double d = 0;
  int b = 0;
  CHECK(tflc_flex_map_get(&root, "a", &v) == TFLC_FLEX_OK && tflc_flex_as_int64(&v, &i) == TFLC_FLEX_OK && i == 1);
  CHECK(tflc_flex_map_get(&root, "b", &v) == TFLC_FLEX_OK && tflc_flex_as_double(&v, &d) == TFLC_FLEX_OK && d == 2.5);
  CHECK(tflc_flex_map_get(&root, "c", &v) == TFLC_FLEX_OK && tflc_flex_as_bool(&v, &b) == TFLC_FLEX_OK && b == 1);
  CHECK(tflc_flex_map_get(&root, "n", &v) == TFLC_FLEX_OK && tflc_flex_as_int64(&v, &i) == TFLC_FLEX_OK && i == -3);
  CHECK(tflc_flex_map_get(&root, "missing", &v) == TFLC_FLEX_ABSENT);
  CHECK(tflc_flex_map_get(&root, "", &v) == TFLC_FLEX_ABSENT);
  int32_t i32 = 0;
  float f = 0;
  CHECK(tflc_flex_map_int32(&root, "b", 7, &i32) == TFLC_FLEX_OK && i32 == 2); /* float -> int truncates */
  CHECK(tflc_flex_map_int32(&root, "zz", 7, &i32) == TFLC_FLEX_OK && i32 == 7); /* default */
  CHECK(tflc_flex_map_float(&root, "a", 0, &f) == TFLC_FLEX_OK && f == 1.0f);
  CHECK(tflc_flex_map_bool(&root, "zz", 1, &b) == TFLC_FLEX_OK && b == 1);
  /* A scalar root is not a map: lookups find nothing. */
  tflc_flex_value scalar;
  const uint8_t just_int[] = {42, 1 << 2, 1};
  CHECK(tflc_flex_root(just_int, sizeof just_int, &scalar) == TFLC_FLEX_OK &&
        tflc_flex_as_int64(&scalar, &i) == TFLC_FLEX_OK && i == 42);
  CHECK(tflc_flex_map_get(&scalar, "a", &v) == TFLC_FLEX_ABSENT);
  /* Hostile: a root width of 3, a buffer too short, an offset pointing before the buffer. */
  const uint8_t bad_width[] = {0, 0, 0, 9 << 2, 3};
  CHECK(tflc_flex_root(bad_width, sizeof bad_width, &root) == TFLC_FLEX_BAD);
  CHECK(tflc_flex_root(small_map, 2, &root) == TFLC_FLEX_BAD);
  uint8_t far[sizeof small_map];
  memcpy(far, small_map, sizeof far);
  far[28] = 200; /* root offset beyond the start */
  CHECK(tflc_flex_root(far, sizeof far, &root) == TFLC_FLEX_OK && tflc_flex_map_get(&root, "a", &v) == TFLC_FLEX_BAD);
}

/* Reads every key a kernel could ask for; returns how many reads failed cleanly. */
static int read_everything(const uint8_t *data, size_t size) {
  static const char *const keys[] = {"a", "b", "c", "n", "max_detections", "nms_iou_threshold", "y_scale", "zz"};
  tflc_flex_value root, v;
  int bad = 0;
  if (tflc_flex_root(data, size, &root) != TFLC_FLEX_OK) return 1;
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
    int32_t i;
    float f;
    int b;
    bad += tflc_flex_map_int32(&root, keys[k], 0, &i) == TFLC_FLEX_BAD;
    bad += tflc_flex_map_float(&root, keys[k], 0, &f) == TFLC_FLEX_BAD;
    bad += tflc_flex_map_bool(&root, keys[k], 0, &b) == TFLC_FLEX_BAD;
    if (tflc_flex_map_get(&root, keys[k], &v) == TFLC_FLEX_OK) {
      int64_t i64;
      double d;
      bad += tflc_flex_as_int64(&v, &i64) == TFLC_FLEX_BAD;
      bad += tflc_flex_as_double(&v, &d) == TFLC_FLEX_BAD;
    }
  }
  return bad;
}

/*
** Every truncation and every single-byte value at every position: each read either works or
** reports TFLC_FLEX_BAD; under ASan any read outside the buffer aborts the test. The copy is
** exactly `size` bytes on the heap so that an overread is caught.
*/
static void test_corruptions(const uint8_t *data, size_t size) {
  int total_bad = 0;
  for (size_t n = 0; n <= size; n++) {
    uint8_t *copy = malloc(n ? n : 1);
    if (copy == NULL) return;
    memcpy(copy, data + (size - n), n); /* the buffer's end is what a reader starts from */
    total_bad += read_everything(copy, n);
    free(copy);
  }
  uint8_t *copy = malloc(size);
  if (copy == NULL) return;
  for (size_t pos = 0; pos < size; pos++) {
    for (int value = 0; value < 256; value += (size > 100 ? 51 : 1)) {
      memcpy(copy, data, size);
      copy[pos] = (uint8_t)value;
      total_bad += read_everything(copy, size);
    }
  }
  free(copy);
  CHECK(total_bad > 0); /* some corruptions must have been detected */
}

/* The custom options of TFLite_Detection_PostProcess in the COCO SSD model, found by its keys. */
static const uint8_t *ssd_options(const uint8_t *file, size_t size, size_t *len) {
  static const char key[] = "max_detections";
  for (size_t i = 0; i + sizeof key < size; i++) {
    if (memcmp(file + i, key, sizeof key) != 0) continue;
    /* The map and root follow the key strings; the buffer ends at its root width byte. Bytes
       before the first key are harmless (offsets only point back into the map's own data). */
    size_t start = i >= 100 ? i - 100 : 0;
    for (size_t end = i + sizeof key; end < size && end < i + 400; end++) {
      tflc_flex_value root;
      int32_t n = 0, classes = 0;
      if (tflc_flex_root(file + start, end - start, &root) == TFLC_FLEX_OK && root.type == TFLC_FLEX_TYPE_MAP &&
          tflc_flex_map_int32(&root, "max_detections", 0, &n) == TFLC_FLEX_OK && n == 10 &&
          tflc_flex_map_int32(&root, "num_classes", 0, &classes) == TFLC_FLEX_OK && classes == 90) {
        *len = end - start;
        return file + start;
      }
    }
  }
  return NULL;
}

static void test_ssd_options(void) {
  char path[4096];
  snprintf(path, sizeof path, "%s/models/hosted/coco_ssd_mobilenet_v1_1.0_quant.tflite", test_shared_dir());
  size_t size = 0, len = 0;
  uint8_t *file = test_read_file(path, &size);
  CHECK(file != NULL);
  if (file == NULL) return;
  const uint8_t *options = ssd_options(file, size, &len);
  CHECK(options != NULL);
  if (options != NULL) {
    tflc_flex_value root;
    float iou = 0, score = 0, y_scale = 0, h_scale = 0;
    int32_t per_detection = 0;
    int regular = -1;
    CHECK(tflc_flex_root(options, len, &root) == TFLC_FLEX_OK);
    CHECK(tflc_flex_map_float(&root, "nms_iou_threshold", 0, &iou) == TFLC_FLEX_OK && iou > 0.59f && iou < 0.61f);
    CHECK(tflc_flex_map_float(&root, "nms_score_threshold", 1, &score) == TFLC_FLEX_OK && score > 0 && score < 1e-7f);
    CHECK(tflc_flex_map_float(&root, "y_scale", 0, &y_scale) == TFLC_FLEX_OK && y_scale == 10.0f);
    CHECK(tflc_flex_map_float(&root, "h_scale", 0, &h_scale) == TFLC_FLEX_OK && h_scale == 5.0f);
    CHECK(tflc_flex_map_int32(&root, "max_classes_per_detection", 0, &per_detection) == TFLC_FLEX_OK && per_detection == 1);
    CHECK(tflc_flex_map_bool(&root, "use_regular_nms", 0, &regular) == TFLC_FLEX_OK && regular == 0); /* absent */
    test_corruptions(options, len);
  }
  free(file);
}

int main(void) {
  test_small_map();
  test_corruptions(small_map, sizeof small_map);
  test_ssd_options();
  return TEST_REPORT();
}
