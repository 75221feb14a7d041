/*
** netbuilder_test.c — the synthetic-network builder itself: output shapes by TensorFlow's
** SAME/VALID rules, the quantization it promises for uint8 models (read back from the file),
** and its sticky errors. (synthetic_test.sh runs the built models against real TFLite.)
**
** usage: netbuilder_test WORKDIR
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format/model.h"
#include "netbuilder.h"
#include "test_util.h"

TEST_COUNTERS;

/* A small graph with one of each op whose uint8 quantization follows a rule. */
static void small_net(nb_net *n) {
  nb_t x = nb_input(n, 33, 33, 3);
  nb_t a = nb_conv(n, x, 8, 3, 3, 2, 2, NB_VALID, NB_ACT_RELU);             /* 16x16 */
  nb_t b = nb_dwconv(n, nb_pad(n, a, 1, 1, 1, 1), 3, 1, NB_VALID, NB_ACT_RELU6);
  nb_t c = nb_maxpool(n, nb_concat(n, 2, (nb_t[]){a, b}), 3, 2, NB_SAME);     /* 8x8x16 */
  nb_t d = nb_avgpool(n, nb_add(n, c, nb_mul_scalar(n, c, 0.5f), NB_ACT_NONE), 2, 2, NB_VALID);
  const int begin[4] = {0, 1, 1, 0}, end[4] = {1, 4, 4, 16}, strides[4] = {1, 1, 1, 1};
  nb_t e = nb_relu(n, nb_batchnorm(n, nb_strided_slice(n, d, begin, end, strides)));
  nb_t f = nb_squeeze_hw(n, nb_mean_hw(n, e, 1));
  const int shape[2] = {1, 16};
  nb_t g = nb_fc(n, nb_reshape(n, f, 2, shape), 10, NB_ACT_NONE);
  nb_output(n, nb_softmax(n, g));
  nb_output(n, g);
}

static void no_output(nb_net *n) { nb_conv(n, nb_input(n, 8, 8, 3), 4, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE); }

/* Output shapes follow TensorFlow: SAME = ceil(in / stride), VALID = (in - k) / stride + 1. */
static void test_shapes(void) {
  nb_net *n = nb_create(NB_FLOAT32, 1);
  CHECK(n != NULL);
  if (n == NULL) return;
  nb_t x = nb_input(n, 299, 299, 3);
  nb_t v = nb_conv(n, x, 32, 3, 3, 2, 2, NB_VALID, NB_ACT_RELU);
  CHECK(nb_dim(n, v, 1) == 149 && nb_dim(n, v, 2) == 149 && nb_dim(n, v, 3) == 32);
  nb_t s = nb_conv(n, x, 8, 1, 7, 2, 1, NB_SAME, NB_ACT_NONE);
  CHECK(nb_dim(n, s, 1) == 150 && nb_dim(n, s, 2) == 299);
  nb_t p = nb_maxpool(n, v, 3, 2, NB_VALID);
  CHECK(nb_dim(n, p, 1) == 74);
  nb_t m = nb_mean_hw(n, p, 0);
  CHECK(nb_dim(n, m, 0) == 1 && nb_dim(n, m, 1) == 32 && nb_dim(n, m, 2) == -1);
  nb_t d = nb_dwconv_multiplier(n, x, 7, 2, 8, NB_SAME, NB_ACT_NONE);
  CHECK(nb_dim(n, d, 1) == 150 && nb_dim(n, d, 3) == 24);
  CHECK(nb_error(n)[0] == '\0');
  nb_t small = nb_maxpool(n, p, 37, 37, NB_VALID); /* 2x2 */
  CHECK(nb_dim(n, small, 1) == 2);
  CHECK(nb_conv(n, small, 4, 3, 3, 2, 2, NB_VALID, NB_ACT_NONE) == -1); /* no 3x3 VALID window fits 2x2 */
  CHECK(strstr(nb_error(n), "too small") != NULL);
  nb_free(n);
}

/* Errors stick: the first message stays, later calls return -1, nb_finish fails. */
static void test_errors(const char *dir) {
  nb_net *n = nb_create(NB_UINT8, 1);
  CHECK(n != NULL && strstr(nb_error(n), "nb_make_file") != NULL);
  nb_free(n);
  n = nb_create(NB_FLOAT32, 1);
  if (n == NULL) return;
  nb_t x = nb_input(n, 16, 16, 3);
  nb_t y = nb_conv(n, x, 4, 3, 3, 2, 2, NB_SAME, NB_ACT_NONE);
  CHECK(nb_add(n, x, y, NB_ACT_NONE) == -1);
  CHECK(strstr(nb_error(n), "nb_add: shapes differ") != NULL);
  CHECK(nb_relu(n, x) == -1);                       /* after an error, nothing more is made */
  CHECK(strstr(nb_error(n), "nb_add") != NULL);     /* and the first message stays */
  char path[1024];
  snprintf(path, sizeof path, "%s/broken.tflite", dir);
  CHECK(nb_finish(n, path) == -1);
  nb_free(n);
  n = nb_create(NB_FLOAT32, 1);
  if (n == NULL) return;
  CHECK(nb_conv(n, 5, 4, 1, 1, 1, 1, NB_SAME, NB_ACT_NONE) == -1 && strstr(nb_error(n), "does not exist"));
  nb_free(n);
  char err[256] = "";
  const nb_arch arch = {"no_output", no_output, "CONV_2D"};
  CHECK(nb_make_file(&arch, NB_UINT8, 1, path, err, sizeof err) == -1 && strstr(err, "no output") != NULL);
}

/* The quantization of a tensor: scale (0 when none) and zero point (-1 when none). */
static float scale_of(const tflc_model_subgraph *sg, int32_t t) {
  return sg->tensors[t].nquant ? sg->tensors[t].scales[0] : 0;
}

static int64_t zero_point_of(const tflc_model_subgraph *sg, int32_t t) {
  return sg->tensors[t].nquant ? sg->tensors[t].zero_points[0] : -1;
}

/* Checks one operator of the uint8 model against the rules of netbuilder.h. */
static void check_quant_rules(const tflc_model *m, const tflc_model_operator *op) {
  const tflc_model_subgraph *sg = &m->subgraphs[0];
  int32_t code = m->opcodes[op->opcode_index].builtin_code, in = op->inputs[0], out = op->outputs[0];
  CHECK(sg->tensors[out].type == kTfLiteUInt8 && sg->tensors[out].nquant == 1);
  CHECK(zero_point_of(sg, out) >= 0 && zero_point_of(sg, out) <= 255);
  if (code == 1 || code == 17 || code == 22 || code == 34 || code == 43 || code == 45) {
    /* pools, RESHAPE, PAD, SQUEEZE, STRIDED_SLICE keep the input's quantization */
    CHECK(scale_of(sg, out) == scale_of(sg, in) && zero_point_of(sg, out) == zero_point_of(sg, in));
  } else if (code == 25) {
    CHECK(scale_of(sg, out) == 1.0f / 256 && zero_point_of(sg, out) == 0);
  } else if (code == 3 || code == 4 || code == 9) {
    int32_t w = op->inputs[1], b = op->inputs[2];
    CHECK(sg->tensors[w].type == kTfLiteUInt8 && sg->tensors[b].type == kTfLiteInt32);
    double product = (double)scale_of(sg, in) * scale_of(sg, w);
    CHECK(fabs(scale_of(sg, b) - product) <= 1e-6 * product && zero_point_of(sg, b) == 0);
  }
}

/* A uint8 model read back: input 1/128 at 128, every op's rule, and the same bytes from the same seed. */
static void test_uint8_model(const char *dir) {
  const nb_arch arch = {"small", small_net, ""};
  char path[1024], path2[1024], err[512] = "";
  snprintf(path, sizeof path, "%s/small.uint8.tflite", dir);
  snprintf(path2, sizeof path2, "%s/small2.uint8.tflite", dir);
  int made = nb_make_file(&arch, NB_UINT8, 3, path, err, sizeof err);
  CHECK(made == 0);
  if (made != 0) return (void)printf("  nb_make_file: %s\n", err);
  CHECK(nb_make_file(&arch, NB_UINT8, 3, path2, err, sizeof err) == 0);
  size_t size = 0, size2 = 0;
  uint8_t *bytes = test_read_file(path, &size), *bytes2 = test_read_file(path2, &size2);
  CHECK(bytes && bytes2 && size == size2 && memcmp(bytes, bytes2, size) == 0);
  free(bytes2);
  tflc_model m;
  char message[256];
  if (bytes == NULL || tflc_model_parse(bytes, size, &m, message, sizeof message) != kTfLiteOk) {
    CHECK(!"the uint8 model parses");
    free(bytes);
    return;
  }
  const tflc_model_subgraph *sg = &m.subgraphs[0];
  CHECK(sg->ninputs == 1 && sg->noutputs == 2);
  CHECK(scale_of(sg, sg->inputs[0]) == 0.0078125f && zero_point_of(sg, sg->inputs[0]) == 128);
  CHECK(sg->noperators == 17); /* every builder call above makes one op, nb_batchnorm two */
  for (int i = 0; i < sg->noperators; i++) check_quant_rules(&m, &sg->operators[i]);
  tflc_model_free(&m);
  free(bytes);
}

int main(int argc, char **argv) {
  if (argc != 2) return fprintf(stderr, "usage: netbuilder_test WORKDIR\n"), 2;
  test_shapes();
  test_errors(argv[1]);
  test_uint8_model(argv[1]);
  return TEST_REPORT();
}
