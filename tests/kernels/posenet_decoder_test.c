/*
** posenet_decoder_test.c — Coral's PosenetDecoderOp on one-op models built with the writer:
** a hand-made 3x3 grid whose answer follows from the algorithm (every keypoint peaks at the
** centre cell, no offsets: one pose at stride * (1, 1), scores sigmoid(5)), the score
** threshold removing it, and options that are refused with a message.
** (Real TensorFlow Lite cannot run this op; the end-to-end check against libcoral's CSVs is
** tests/tasks/pose_test.c.)
*/
#include <math.h>
#include <string.h>

#include "format/writer.h"
#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

#define GRID 3
#define KP 17

/* One options entry: an int or a float. */
typedef struct option {
  const char *key;
  int is_float;
  int32_t i;
  float f;
} option;

/*
** A flexbuffer map of `n` options with keys in sorted order: key strings, the keys vector
** (1-byte offsets), the map (4-byte slots: keys offset, keys width, size, values, then one
** type byte per value) and the root (1-byte offset, packed type MAP/4 bytes, width 1).
** Returns the size written into buf.
*/
static size_t build_options(const option *opts, int n, uint8_t *buf) {
  size_t at = 0, key_pos[8];
  for (int k = 0; k < n; k++) {
    key_pos[k] = at;
    size_t len = strlen(opts[k].key) + 1;
    memcpy(buf + at, opts[k].key, len);
    at += len;
  }
  buf[at++] = (uint8_t)n; /* keys vector size */
  size_t keys = at;
  for (int k = 0; k < n; k++, at++) buf[at] = (uint8_t)(at - key_pos[k]);
  while (at % 4 != 0) buf[at++] = 0;
  size_t prefix = at;
  uint32_t words[3] = {(uint32_t)(prefix - keys), 1, (uint32_t)n};
  memcpy(buf + at, words, sizeof words);
  at += sizeof words;
  size_t values = at;
  for (int k = 0; k < n; k++, at += 4) {
    if (opts[k].is_float) memcpy(buf + at, &opts[k].f, 4);
    else memcpy(buf + at, &opts[k].i, 4);
  }
  for (int k = 0; k < n; k++) buf[at++] = (uint8_t)(((opts[k].is_float ? 3 : 1) << 2) | 2);
  buf[at] = (uint8_t)(at - values);
  at++;
  buf[at++] = (9 << 2) | 2; /* MAP, 4-byte slots */
  buf[at++] = 1;
  return at;
}

/* A model with one PosenetDecoderOp over float inputs of a GRIDxGRID grid; caller frees. */
static uint8_t *build_model(const option *opts, int n, size_t *size) {
  uint8_t flex[512];
  size_t flex_size = build_options(opts, n, flex);
  tflc_writer *w = tflc_writer_init();
  if (w == NULL) return NULL;
  int32_t heat = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 4,
                                                                  .dims = {1, GRID, GRID, KP}, .name = "heatmaps"});
  int32_t shorts = tflc_writer_add_tensor(
      w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 4, .dims = {1, GRID, GRID, 2 * KP}, .name = "shorts"});
  int32_t mids = tflc_writer_add_tensor(
      w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 4, .dims = {1, GRID, GRID, 64}, .name = "mids"});
  int32_t outs[4];
  static const char *const names[4] = {"keypoints", "keypoint_scores", "pose_scores", "count"};
  for (int i = 0; i < 4; i++)
    outs[i] = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 1, .dims = {1},
                                                               .name = names[i]});
  int32_t code = tflc_writer_add_opcode(w, 32, "PosenetDecoderOp", 1);
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = code, .ninputs = 3, .inputs = {heat, shorts, mids},
                                                      .noutputs = 4, .outputs = {outs[0], outs[1], outs[2], outs[3]},
                                                      .custom_options = flex, .custom_options_size = flex_size});
  int32_t ins[3] = {heat, shorts, mids};
  tflc_writer_set_inputs(w, 3, ins);
  tflc_writer_set_outputs(w, 4, outs);
  uint8_t *bytes = NULL;
  if (tflc_writer_finish(w, &bytes, size) != kTfLiteOk) printf("writer: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return bytes;
}

/* Runs the model on the centre-peak grid; returns 0 with the outputs copied, or -1 with err set. */
static int run(const option *opts, int n, float *keypoints, float *kp_scores, float *pose_scores, float *count,
               char *err, size_t errlen) {
  size_t size = 0;
  uint8_t *bytes = build_model(opts, n, &size);
  if (bytes == NULL) return snprintf(err, errlen, "no model"), -1;
  TfLiteModel *model = tflc_model_load_memory(bytes, size, err, errlen);
  TfLiteInterpreter *in = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  int rc = -1;
  if (in != NULL && TfLiteInterpreterAllocateTensors(in) == kTfLiteOk) {
    float heat[GRID * GRID * KP], shorts[GRID * GRID * 2 * KP] = {0}, mids[GRID * GRID * 64] = {0};
    for (int i = 0; i < GRID * GRID * KP; i++) heat[i] = i / KP == 4 ? 5.0f : -10.0f; /* cell (1, 1) */
    TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 0), heat, sizeof heat);
    TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 1), shorts, sizeof shorts);
    TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(in, 2), mids, sizeof mids);
    if (TfLiteInterpreterInvoke(in) == kTfLiteOk) {
      memcpy(keypoints, TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 0)), 2 * 2 * KP * sizeof(float));
      memcpy(kp_scores, TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 1)), 2 * KP * sizeof(float));
      memcpy(pose_scores, TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 2)), 2 * sizeof(float));
      *count = *(const float *)TfLiteTensorData(TfLiteInterpreterGetOutputTensor(in, 3));
      rc = 0;
    }
  }
  if (rc != 0 && in != NULL) snprintf(err, errlen, "%s", tflc_interpreter_last_error(in));
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  free(bytes);
  return rc;
}

static void test_centre_peak(void) {
  const option opts[4] = {
      {"max_detections", 0, 2, 0}, {"nms_radius", 1, 0, 10.0f}, {"score_threshold", 1, 0, 0.5f}, {"stride", 0, 8, 0}};
  float kp[2 * 2 * KP], kps[2 * KP], ps[2], count = -1;
  char err[512] = "";
  int rc = run(opts, 4, kp, kps, ps, &count, err, sizeof err);
  if (rc != 0) printf("centre peak: %s\n", err);
  CHECK(rc == 0);
  if (rc != 0) return;
  const float want = 1.0f / (1.0f + expf(-5.0f));
  CHECK(count == 1.0f); /* the other 16 roots lie within nms_radius of the first pose */
  CHECK(fabsf(ps[0] - want) < 1e-6f);
  CHECK(ps[1] == 0.0f); /* slots past the count are zero */
  int at_centre = 1, scores_ok = 1;
  for (int k = 0; k < KP; k++) {
    at_centre &= kp[2 * k] == 8.0f && kp[2 * k + 1] == 8.0f;
    scores_ok &= fabsf(kps[k] - want) < 1e-6f;
  }
  CHECK(at_centre);
  CHECK(scores_ok);
}

static void test_threshold(void) {
  const option opts[4] = {
      {"max_detections", 0, 2, 0}, {"nms_radius", 1, 0, 10.0f}, {"score_threshold", 1, 0, 0.999f}, {"stride", 0, 8, 0}};
  float kp[2 * 2 * KP], kps[2 * KP], ps[2], count = -1;
  char err[512] = "";
  CHECK(run(opts, 4, kp, kps, ps, &count, err, sizeof err) == 0);
  CHECK(count == 0.0f); /* sigmoid(5) = 0.9933 < 0.999 */
}

static void test_refused_options(void) {
  float kp[2 * 2 * KP], kps[2 * KP], ps[2], count;
  char err[512] = "";
  const option no_stride[3] = {{"max_detections", 0, 2, 0}, {"nms_radius", 1, 0, 10.0f}, {"score_threshold", 1, 0, 0.5f}};
  CHECK(run(no_stride, 3, kp, kps, ps, &count, err, sizeof err) != 0);
  CHECK(strstr(err, "stride") != NULL && strstr(err, "PosenetDecoderOp") != NULL);
  const option zero_detections[4] = {
      {"max_detections", 0, 0, 0}, {"nms_radius", 1, 0, 10.0f}, {"score_threshold", 1, 0, 0.5f}, {"stride", 0, 8, 0}};
  err[0] = 0;
  CHECK(run(zero_detections, 4, kp, kps, ps, &count, err, sizeof err) != 0);
  CHECK(strstr(err, "max_detections") != NULL);
}

int main(void) {
  test_centre_peak();
  test_threshold();
  test_refused_options();
  return TEST_REPORT();
}
