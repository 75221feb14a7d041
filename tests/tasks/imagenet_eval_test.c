/*
** imagenet_eval_test.c — tflc's ImageNet evaluation against real TensorFlow Lite's per-image
** predictions (../shared/eval/imagenet_reference/pred_MODEL.tsv: same preprocessing, TFLite 2.9
** builtin kernels): the top-5 indices, in TFLite's order for equal scores, and the scores must
** be identical for the first images of the sample; plus the ranking rule on its own.
*/
#include <stdlib.h>
#include <string.h>

#include "runtime/interpreter.h"
#include "tasks/imagenet_eval.h"
#include "test_util.h"
#include "tflc/runtime.h"

TEST_COUNTERS;

#define IMAGES 40

/* Ranking: descending, and a permutation; equal scores keep std::sort's (not index) order. */
static void test_rank(void) {
  float scores[1001];
  int order[1001], seen[1001] = {0};
  for (int i = 0; i < 1001; i++) scores[i] = (float)((i * 7919) % 13); /* many ties */
  tflc_eval_rank(scores, 1001, order);
  int ok = 1;
  for (int i = 0; i < 1001; i++) ok &= order[i] >= 0 && order[i] < 1001 && !seen[order[i]]++;
  for (int i = 1; i < 1001; i++) ok &= scores[order[i - 1]] >= scores[order[i]];
  CHECK(ok);
  float small[5] = {1, 3, 3, 2, 3};
  int o[5];
  tflc_eval_rank(small, 5, o); /* n <= 16: insertion sort, stable: 1, 2, 4, 3, 0 */
  CHECK(o[0] == 1 && o[1] == 2 && o[2] == 4 && o[3] == 3 && o[4] == 0);
}

/* Runs the model on the first IMAGES rows and compares each prediction line with TFLite's. */
static void test_against_reference(const char *model_name) {
  char path[1024], err[1024];
  const char *shared = test_shared_dir();
  snprintf(path, sizeof path, "%s/models/hosted/%s.tflite", shared, model_name);
  TfLiteModel *model = tflc_model_load_file(path, err, sizeof err);
  CHECK(model != NULL);
  if (model == NULL) return (void)printf("%s\n", err);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, NULL);
  CHECK(in != NULL && TfLiteInterpreterAllocateTensors(in) == kTfLiteOk);
  tflc_eval_set set;
  snprintf(path, sizeof path, "%s/eval/imagenet_sample.tsv", shared);
  CHECK(tflc_eval_set_load(path, &set, err, sizeof err) == 0);
  CHECK(set.count == 250);
  char images[1024];
  snprintf(images, sizeof images, "%s/images/imagenet", shared);
  char *mine = NULL;
  size_t mine_len = 0;
  FILE *pred = open_memstream(&mine, &mine_len);
  tflc_eval_options o = {images, IMAGES, NULL, pred, NULL, NULL};
  tflc_eval_result r;
  CHECK(tflc_eval_imagenet(in, &set, &o, &r, err, sizeof err) == 0);
  fclose(pred);
  CHECK(r.images == IMAGES);
  snprintf(path, sizeof path, "%s/eval/imagenet_reference/pred_%s.tsv", shared, model_name);
  size_t ref_len = 0;
  char *ref = (char *)test_read_file(path, &ref_len);
  CHECK(ref != NULL);
  if (ref) {
    ref[ref_len] = 0;
    /* the first IMAGES + 1 lines (header included) must be identical */
    char *end = ref;
    for (int i = 0; i <= IMAGES && end; i++) end = strchr(end, '\n') ? strchr(end, '\n') + 1 : NULL;
    size_t n = end ? (size_t)(end - ref) : 0;
    CHECK(n > 0 && n == mine_len && memcmp(ref, mine, n) == 0);
    int hits = 0;
    for (char *line = strchr(ref, '\n'); line && line < end - 1; line = strchr(line + 1, '\n')) {
      char *tab = line;
      for (int c = 0; c < 4 && tab; c++) tab = strchr(tab + 1, '\t');
      hits += tab && tab[1] == '1';
    }
    CHECK(hits == r.hits[0]);
  }
  free(ref);
  free(mine);
  tflc_eval_set_free(&set);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
}

int main(void) {
  test_rank();
  test_against_reference("mobilenet_v1_0.25_128_quant");
  test_against_reference("mobilenet_v1_0.5_160_quant");
  return TEST_REPORT();
}
