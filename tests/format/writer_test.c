/*
** writer_test.c — src/format/writer.c: what it writes reads back through tflc's verifier
** (tflc_model_parse) field for field, and bad arguments are refused with a message.
*/
#include <string.h>

#include "format/model.h"
#include "format/writer.h"
#include "test_util.h"

TEST_COUNTERS;

/* A model with per-channel weights, a custom op with options bytes and a builtin code > 127. */
static tflc_writer *make_model(void) {
  tflc_writer *w = tflc_writer_init();
  static const int8_t weights[6] = {1, -2, 3, -4, 5, -6};
  static const float scales[3] = {0.5f, 0.25f, 0.125f};
  static const int64_t zero_points[3] = {0, 1, -1};
  int32_t in = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 2, .dims = {1, 2},
                                                                .name = "in"});
  int32_t wt = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteInt8, .ndims = 2, .dims = {3, 2},
                                                                .name = "w", .data = weights, .data_size = 6,
                                                                .nscales = 3, .scales = scales,
                                                                .zero_points = zero_points, .quantized_dimension = 0});
  int32_t state = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteInt16, .ndims = 1, .dims = {3},
                                                                   .is_variable = true});
  int32_t out = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 2, .dims = {1, 3}});
  int32_t custom = tflc_writer_add_opcode(w, 32, "MyOp", 2);
  int32_t big = tflc_writer_add_opcode(w, 150, NULL, 1);
  static const uint8_t options[3] = {7, 8, 9};
  static const int32_t axes[2] = {4, 5};
  tflc_writer_field fields[] = {TFLC_WRITER_I8(0, -3), TFLC_WRITER_F32(1, 2.5f), TFLC_WRITER_INTS(2, axes, 2),
                                TFLC_WRITER_I64(3, 1ll << 40), TFLC_WRITER_BOOL(5, 1)};
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = custom, .ninputs = 3, .inputs = {in, wt, -1},
                                                      .noutputs = 1, .outputs = {out}, .custom_options = options,
                                                      .custom_options_size = 3});
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = big, .ninputs = 2, .inputs = {out, state},
                                                      .noutputs = 1, .outputs = {state}, .options_type = 99,
                                                      .nfields = 5, .fields = fields});
  tflc_writer_set_inputs(w, 1, &in);
  tflc_writer_set_outputs(w, 1, &out);
  return w;
}

static void check_round_trip(void) {
  tflc_writer *w = make_model();
  uint8_t *bytes = NULL;
  size_t size = 0;
  CHECK(tflc_writer_finish(w, &bytes, &size) == kTfLiteOk);
  CHECK(strcmp(tflc_writer_error(w), "") == 0);
  tflc_model m;
  char err[256];
  CHECK(bytes && tflc_model_parse(bytes, size, &m, err, sizeof err) == kTfLiteOk);
  if (!bytes) return;
  const tflc_model_subgraph *sg = &m.subgraphs[0];
  CHECK(m.nsubgraphs == 1 && sg->ntensors == 4 && sg->noperators == 2 && m.nopcodes == 2);
  CHECK(sg->ninputs == 1 && sg->inputs[0] == 0 && sg->noutputs == 1 && sg->outputs[0] == 3);
  const tflc_model_tensor *wt = &sg->tensors[1];
  CHECK(wt->type == kTfLiteInt8 && wt->ndims == 2 && wt->dims[0] == 3 && wt->dims[1] == 2 && strcmp(wt->name, "w") == 0);
  CHECK(wt->nquant == 3 && wt->scales[2] == 0.125f && wt->zero_points[1] == 1 && wt->zero_points[2] == -1);
  const tflc_model_buffer *b = &m.buffers[wt->buffer];
  CHECK(b->size == 6 && b->data[1] == (uint8_t)-2 && ((size_t)(b->data - bytes)) % 16 == 0);
  CHECK(sg->tensors[2].is_variable && sg->tensors[2].type == kTfLiteInt16 && m.buffers[sg->tensors[2].buffer].data == NULL);
  CHECK(m.opcodes[0].builtin_code == 32 && strcmp(m.opcodes[0].custom_code, "MyOp") == 0 && m.opcodes[0].version == 2);
  CHECK(m.opcodes[1].builtin_code == 150);
  const tflc_model_operator *op0 = &sg->operators[0], *op1 = &sg->operators[1];
  CHECK(op0->ninputs == 3 && op0->inputs[2] == -1 && op0->custom_options_size == 3 && op0->custom_options[2] == 9);
  CHECK(op1->options_type == 99 && op1->options.present);
  CHECK(tflc_fb_i8(&op1->options, 0, 0) == -3 && tflc_fb_f32(&op1->options, 1, 0) == 2.5f);
  CHECK(tflc_fb_u64(&op1->options, 3, 0) == (1ull << 40) && tflc_fb_u8(&op1->options, 5, 0) == 1);
  CHECK(!tflc_fb_has(&op1->options, 4));
  tflc_fb_vector axes;
  CHECK(tflc_fb_vector_field(&op1->options, 2, 4, &axes) == TFLC_FB_OK && axes.length == 2 &&
        tflc_fb_vector_i32(&axes, 1) == 5);
  tflc_model_free(&m);
  free(bytes);
  tflc_writer_free(w);
}

/* Bad arguments: -1, a message naming the problem, and finish refuses. */
static void check_errors(void) {
  tflc_writer *w = tflc_writer_init();
  static const float two[2] = {1, 2};
  CHECK(tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 1, .dims = {3},
                                                         .data = two, .data_size = sizeof two}) == -1);
  CHECK(strstr(tflc_writer_error(w), "8 bytes of data, its shape needs 12") != NULL);
  uint8_t *bytes = (uint8_t *)1;
  size_t size = 1;
  CHECK(tflc_writer_finish(w, &bytes, &size) == kTfLiteError && bytes == NULL && size == 0);
  tflc_writer_free(w);

  w = tflc_writer_init();
  int32_t t = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 1, .dims = {2}});
  int32_t code = tflc_writer_add_opcode(w, 0, NULL, 1);
  CHECK(t == 0 && code == 0 && tflc_writer_add_opcode(w, 0, NULL, 1) == 0); /* the same code is shared */
  CHECK(tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = code, .ninputs = 1, .inputs = {5},
                                                            .noutputs = 1, .outputs = {t}}) == -1);
  CHECK(strstr(tflc_writer_error(w), "input 0 is tensor 5, out of range") != NULL);
  tflc_writer_free(w);

  w = tflc_writer_init();
  CHECK(tflc_writer_add_opcode(w, 32, NULL, 1) == -1); /* CUSTOM needs a name */
  tflc_writer_free(w);
}

int main(void) {
  check_round_trip();
  check_errors();
  return TEST_REPORT();
}
