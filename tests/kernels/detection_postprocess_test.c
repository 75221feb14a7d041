/*
** detection_postprocess_test.c — TFLite_Detection_PostProcess with regular NMS, and its
** option checks, on the COCO SSD model with its flexbuffer options edited in memory.
**
** The hosted SSD uses fast NMS (its golden cases cover that path). Here its options map is
** rewritten in place: the key "_output_quantized" (a bool true) is renamed "use_regular_nms"
** and the keys re-sorted, so the same graph runs regular NMS. The expected outputs below are
** TensorFlow Lite 2.9's for that edited model on the golden cats_and_dogs input
** (reference/ref-run, builtin kernels).
*/
#include <math.h>
#include <string.h>

#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

static const float want_classes[10] = {16, 16, 16, 17, 17, 17, 16, 16, 17, 17};
static const float want_scores[10] = {0.64453125f, 0.609375f,   0.5625f,     0.5f,        0.4765625f,
                                      0.4609375f,  0.44921875f, 0.44921875f, 0.42578125f, 0.42578125f};
static const float want_boxes[40] = {
    0.660855472f, 0.0454467982f, 0.993183315f, 0.372563243f, 0.257461518f, 0.504673839f, 1.00176704f, 0.827480674f,
    0.656685829f, 0.217015281f,  1.00538743f,  0.368247926f, 0.329209685f, 0.324990362f, 1.01082909f, 0.555183411f,
    0.257461518f, 0.504673839f,  1.00176704f,  0.827480674f, 0.660855472f, 0.0454467982f, 0.993183315f, 0.372563243f,
    0.671855211f, 0.724788249f,  0.999193549f, 0.899139106f, 0.329209685f, 0.324990362f, 1.01082909f, 0.555183411f,
    0.656685829f, 0.217015281f,  1.00538743f,  0.368247926f, 0.384168357f, 0.0684420615f, 1.00969267f, 0.547678292f};

/* The options map's layout inside the model file. */
typedef struct options_map {
  size_t values;     /* values vector */
  size_t width;      /* its element width */
  size_t count;
  size_t keys;       /* keys vector (offsets to key strings) */
  size_t key_width;
} options_map;

static uint64_t read_le(const uint8_t *p, size_t width) {
  uint64_t v = 0;
  for (size_t i = width; i-- > 0;) v = (v << 8) | p[i];
  return v;
}

static void write_le(uint8_t *p, size_t width, uint64_t v) {
  for (size_t i = 0; i < width; i++, v >>= 8) p[i] = (uint8_t)v;
}

static const char *key_at(const uint8_t *file, const options_map *m, size_t k) {
  size_t slot = m->keys + k * m->key_width;
  return (const char *)file + slot - read_le(file + slot, m->key_width);
}

/* Finds the 10-entry options map whose keys include "max_detections" (layout of flexbuffers). */
static int find_options(const uint8_t *file, size_t size, options_map *m) {
  const uint8_t *key = memmem(file, size, "max_detections", 15);
  if (key == NULL) return -1;
  size_t at = (size_t)(key - file);
  for (size_t end = at + 15; end < size && end < at + 400; end++) {
    size_t w = file[end - 1];
    uint8_t packed = file[end - 2];
    if ((w != 1 && w != 2 && w != 4 && w != 8) || (packed >> 2) != 9 /* MAP */) continue;
    size_t root = end - 2 - w, bw = (size_t)1 << (packed & 3);
    m->values = root - read_le(file + root, w);
    m->width = bw;
    m->count = read_le(file + m->values - bw, bw);
    if (m->count != 10) continue;
    size_t prefix = m->values - 3 * bw;
    m->keys = prefix - read_le(file + prefix, bw);
    m->key_width = read_le(file + m->values - 2 * bw, bw);
    return 0;
  }
  return -1;
}

/* Renames key `from` to `to` (no longer) and re-sorts the keys with their values and types. */
static int rename_key(uint8_t *file, const options_map *m, const char *from, const char *to) {
  size_t n = m->count, order[16];
  const char *names[16];
  uint8_t values[16][8], types[16];
  if (n > 16 || m->width > 8) return -1;
  const char *renamed = NULL;
  for (size_t k = 0; k < n; k++) {
    names[k] = key_at(file, m, k);
    memcpy(values[k], file + m->values + k * m->width, m->width);
    types[k] = file[m->values + n * m->width + k];
    if (strcmp(names[k], from) == 0) renamed = names[k];
  }
  if (renamed == NULL || strlen(to) > strlen(from)) return -1;
  memset((char *)renamed, 0, strlen(from));
  memcpy((char *)renamed, to, strlen(to));
  for (size_t k = 0; k < n; k++) order[k] = k;
  for (size_t i = 1; i < n; i++) /* insertion sort by the new names */
    for (size_t j = i; j > 0 && strcmp(names[order[j]], names[order[j - 1]]) < 0; j--) {
      size_t t = order[j];
      order[j] = order[j - 1], order[j - 1] = t;
    }
  for (size_t slot = 0; slot < n; slot++) {
    size_t k = order[slot], at = m->keys + slot * m->key_width;
    write_le(file + at, m->key_width, at - (size_t)((const uint8_t *)names[k] - file));
    memcpy(file + m->values + slot * m->width, values[k], m->width);
    file[m->values + n * m->width + slot] = types[k];
  }
  return 0;
}

/* Sets the 4-byte float value of `key` (inline float slot). */
static int set_float(uint8_t *file, const options_map *m, const char *key, float value) {
  for (size_t k = 0; k < m->count; k++)
    if (strcmp(key_at(file, m, k), key) == 0 && m->width == 4) {
      memcpy(file + m->values + k * m->width, &value, 4);
      return 0;
    }
  return -1;
}

static TfLiteInterpreter *make(const uint8_t *file, size_t size, TfLiteModel **model) {
  char err[512];
  *model = tflc_model_load_memory(file, size, err, sizeof err);
  if (*model == NULL) return printf("load: %s\n", err), NULL;
  return TfLiteInterpreterCreate(*model, NULL);
}

static void test_regular_nms(const uint8_t *original, size_t size, const uint8_t *input, size_t input_size) {
  uint8_t *file = malloc(size);
  options_map m;
  CHECK(file != NULL);
  if (file == NULL) return;
  memcpy(file, original, size);
  CHECK(find_options(file, size, &m) == 0 && rename_key(file, &m, "_output_quantized", "use_regular_nms") == 0);
  TfLiteModel *model = NULL;
  TfLiteInterpreter *in = make(file, size, &model);
  CHECK(in != NULL && TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  if (in != NULL) {
    TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, 0);
    CHECK(TfLiteTensorCopyFromBuffer(t, input, input_size) == kTfLiteOk);
    CHECK(TfLiteInterpreterInvoke(in) == kTfLiteOk);
    const float *boxes = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 0));
    const float *classes = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 1));
    const float *scores = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 2));
    const float *count = TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 3));
    CHECK(count[0] == 10.0f);
    int bad = 0;
    for (int i = 0; i < 10; i++) bad += classes[i] != want_classes[i] || scores[i] != want_scores[i];
    for (int i = 0; i < 40; i++) bad += fabsf(boxes[i] - want_boxes[i]) > 1e-6f;
    if (bad) printf("regular NMS: %d values differ from TFLite 2.9's\n", bad);
    CHECK(bad == 0);
  }
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(file);
}

/* An IoU threshold of 0 (TFLite requires (0, 1]) is refused at AllocateTensors, with its name. */
static void test_bad_iou(const uint8_t *original, size_t size) {
  uint8_t *file = malloc(size);
  options_map m;
  CHECK(file != NULL);
  if (file == NULL) return;
  memcpy(file, original, size);
  CHECK(find_options(file, size, &m) == 0 && set_float(file, &m, "nms_iou_threshold", 0.0f) == 0);
  TfLiteModel *model = NULL;
  TfLiteInterpreterOptions *opt = TfLiteInterpreterOptionsCreate();
  char err[512];
  model = tflc_model_load_memory(file, size, err, sizeof err);
  TfLiteInterpreterOptionsSetErrorReporter(opt, NULL, NULL);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, opt) : NULL;
  CHECK(in != NULL && TfLiteInterpreterAllocateTensors(in) != kTfLiteOk);
  CHECK(in != NULL && strstr(tflc_interpreter_last_error(in), "nms_iou_threshold") != NULL);
  TfLiteInterpreterDelete(in);
  TfLiteInterpreterOptionsDelete(opt);
  TfLiteModelDelete(model);
  free(file);
}

int main(void) {
  char path[4096];
  size_t size = 0, input_size = 0;
  snprintf(path, sizeof path, "%s/models/hosted/coco_ssd_mobilenet_v1_1.0_quant.tflite", test_shared_dir());
  uint8_t *file = test_read_file(path, &size);
  snprintf(path, sizeof path, "%s/golden/coco_ssd_mobilenet_v1_1.0_quant/cats_and_dogs/input_0.bin", test_shared_dir());
  uint8_t *input = test_read_file(path, &input_size);
  CHECK(file != NULL && input != NULL && input_size == 300 * 300 * 3);
  if (file != NULL && input != NULL) {
    test_regular_nms(file, size, input, input_size);
    test_bad_iou(file, size);
  }
  free(file);
  free(input);
  return TEST_REPORT();
}
