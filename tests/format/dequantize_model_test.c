/*
** dequantize_model_test.c — src/format/dequantize_model.c on small quantized models built with
** the writer: the float twin's structure exactly (ops, versions, types, dequantized weights,
** QUANTIZE/DEQUANTIZE gone), and its outputs against the dequantized outputs of the quantized
** model, run through the C API, within one output quantization step.
*/
#include <math.h>
#include <string.h>

#include "format/dequantize_model.h"
#include "format/model.h"
#include "format/writer.h"
#include "tensorflow/lite/c/c_api.h"
#include "test_util.h"

TEST_COUNTERS;

enum { ADD = 0, CONV_2D = 3, DEQUANTIZE = 6, FULLY_CONNECTED = 9, CUSTOM = 32, QUANTIZE = 114 };

/* Serializes the writer's model (NULL on failure, with the reason printed). */
static uint8_t *finish(tflc_writer *w, size_t *size) {
  uint8_t *bytes = NULL;
  if (tflc_writer_finish(w, &bytes, size) != kTfLiteOk) printf("writer: %s\n", tflc_writer_error(w));
  tflc_writer_free(w);
  return bytes;
}

/*
** float in -> QUANTIZE (int8) -> CONV_2D 3x3 per-channel int8, RELU -> DEQUANTIZE -> float out.
** Input [1,4,4,2], filter [3,3,3,2] with one scale per output channel, bias int32.
*/
static const float conv_in_scale = 0.05f;
static const float conv_w_scales[3] = {0.02f, 0.01f, 0.03f};

/* The conv's output: fused activation, quantization. */
typedef struct conv_output {
  int activation; /* 0 NONE, 1 RELU, 3 RELU6 */
  float scale;
  int64_t zero_point;
} conv_output;

static uint8_t *make_conv_model(size_t *size, const conv_output *o) {
  tflc_writer *w = tflc_writer_init();
  static int8_t filter[3 * 3 * 3 * 2];
  for (int i = 0; i < (int)sizeof filter; i++) filter[i] = (int8_t)((i * 37) % 255 - 127);
  float bias_scales[3];
  int64_t zeros[3] = {0, 0, 0};
  for (int c = 0; c < 3; c++) bias_scales[c] = conv_in_scale * conv_w_scales[c];
  static const int32_t bias[3] = {100, -250, 40};
  const int64_t in_zp = -3;
  int32_t in = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 4, .dims = {1, 4, 4, 2}, .name = "in"});
  int32_t q = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteInt8, .ndims = 4, .dims = {1, 4, 4, 2}, .name = "q",
                                                               .nscales = 1, .scales = &conv_in_scale, .zero_points = &in_zp});
  int32_t f = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteInt8, .ndims = 4, .dims = {3, 3, 3, 2}, .name = "filter",
                                                               .data = filter, .data_size = sizeof filter, .nscales = 3,
                                                               .scales = conv_w_scales, .zero_points = zeros});
  int32_t b = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteInt32, .ndims = 1, .dims = {3}, .name = "bias",
                                                               .data = bias, .data_size = sizeof bias, .nscales = 3,
                                                               .scales = bias_scales, .zero_points = zeros});
  int32_t y = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteInt8, .ndims = 4, .dims = {1, 4, 4, 3}, .name = "y",
                                                               .nscales = 1, .scales = &o->scale, .zero_points = &o->zero_point});
  int32_t out = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteFloat32, .ndims = 4, .dims = {1, 4, 4, 3}, .name = "out"});
  tflc_writer_field conv_fields[] = {TFLC_WRITER_I8(0, 0), TFLC_WRITER_I32(1, 1), TFLC_WRITER_I32(2, 1), TFLC_WRITER_I8(3, o->activation)};
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = tflc_writer_add_opcode(w, QUANTIZE, NULL, 1), .ninputs = 1,
                                                      .inputs = {in}, .noutputs = 1, .outputs = {q}});
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = tflc_writer_add_opcode(w, CONV_2D, NULL, 3), .ninputs = 3,
                                                      .inputs = {q, f, b}, .noutputs = 1, .outputs = {y}, .options_type = 1,
                                                      .nfields = 4, .fields = conv_fields});
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = tflc_writer_add_opcode(w, DEQUANTIZE, NULL, 2), .ninputs = 1,
                                                      .inputs = {y}, .noutputs = 1, .outputs = {out}});
  tflc_writer_set_inputs(w, 1, &in);
  tflc_writer_set_outputs(w, 1, &out);
  return finish(w, size);
}

/* uint8 in -> FULLY_CONNECTED (uint8 weights, per tensor, zero point 120) -> ADD (two scales) -> uint8 out. */
static const float fc_in_scale = 0.0625f, fc_w_scale = 0.001f, fc_out_scale = 0.08f, add_b_scale = 0.04f, add_out_scale = 0.1f;
static const int64_t fc_in_zp = 128, fc_w_zp = 120, fc_out_zp = 100, add_b_zp = 10, add_out_zp = 90;

static uint8_t *make_fc_add_model(size_t *size) {
  tflc_writer *w = tflc_writer_init();
  static uint8_t weights[4 * 6];
  for (int i = 0; i < (int)sizeof weights; i++) weights[i] = (uint8_t)((i * 53 + 11) % 256);
  static const int32_t bias[4] = {300, -120, 0, 77};
  const float bias_scale = fc_in_scale * fc_w_scale;
  static const uint8_t addend[4] = {0, 60, 200, 255};
  int32_t in = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteUInt8, .ndims = 2, .dims = {1, 6}, .name = "in",
                                                                .nscales = 1, .scales = &fc_in_scale, .zero_points = &fc_in_zp});
  int32_t wt = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteUInt8, .ndims = 2, .dims = {4, 6}, .name = "w",
                                                                .data = weights, .data_size = sizeof weights, .nscales = 1,
                                                                .scales = &fc_w_scale, .zero_points = &fc_w_zp});
  int32_t b = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteInt32, .ndims = 1, .dims = {4}, .name = "b",
                                                               .data = bias, .data_size = sizeof bias, .nscales = 1,
                                                               .scales = &bias_scale});
  int32_t fc = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteUInt8, .ndims = 2, .dims = {1, 4}, .name = "fc",
                                                                .nscales = 1, .scales = &fc_out_scale, .zero_points = &fc_out_zp});
  int32_t c = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteUInt8, .ndims = 2, .dims = {1, 4}, .name = "addend",
                                                               .data = addend, .data_size = sizeof addend, .nscales = 1,
                                                               .scales = &add_b_scale, .zero_points = &add_b_zp});
  int32_t out = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteUInt8, .ndims = 2, .dims = {1, 4}, .name = "out",
                                                                 .nscales = 1, .scales = &add_out_scale, .zero_points = &add_out_zp});
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = tflc_writer_add_opcode(w, FULLY_CONNECTED, NULL, 1), .ninputs = 3,
                                                      .inputs = {in, wt, b}, .noutputs = 1, .outputs = {fc}, .options_type = 8});
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = tflc_writer_add_opcode(w, ADD, NULL, 1), .ninputs = 2,
                                                      .inputs = {fc, c}, .noutputs = 1, .outputs = {out}, .options_type = 11});
  tflc_writer_set_inputs(w, 1, &in);
  tflc_writer_set_outputs(w, 1, &out);
  return finish(w, size);
}

/* Runs a one-input one-output model on `input` (bytes of the input tensor) into `output`. */
static int run_model(const uint8_t *bytes, size_t size, const void *input, size_t in_bytes, void *output, size_t out_bytes) {
  TfLiteModel *model = TfLiteModelCreate(bytes, size);
  TfLiteInterpreter *it = model ? TfLiteInterpreterCreate(model, NULL) : NULL;
  int ok = it && TfLiteInterpreterAllocateTensors(it) == kTfLiteOk &&
           TfLiteTensorCopyFromBuffer(TfLiteInterpreterGetInputTensor(it, 0), input, in_bytes) == kTfLiteOk &&
           TfLiteInterpreterInvoke(it) == kTfLiteOk &&
           TfLiteTensorCopyToBuffer(TfLiteInterpreterGetOutputTensor(it, 0), output, out_bytes) == kTfLiteOk;
  TfLiteInterpreterDelete(it);
  TfLiteModelDelete(model);
  return ok;
}

/* Converts bytes into a twin, parsed into *twin (whose file is *twin_bytes); 0 on failure. */
static int convert(const uint8_t *bytes, size_t size, uint8_t **twin_bytes, size_t *twin_size, tflc_model *twin) {
  tflc_model m;
  char err[256];
  int ok = tflc_model_parse(bytes, size, &m, err, sizeof err) == kTfLiteOk;
  if (!ok) return printf("parse: %s\n", err), 0;
  tflc_dequantize_stats stats;
  ok = tflc_dequantize_model(&m, twin_bytes, twin_size, &stats, err, sizeof err) == kTfLiteOk;
  if (!ok) printf("convert: %s\n", err);
  tflc_model_free(&m);
  ok = ok && tflc_model_parse(*twin_bytes, *twin_size, twin, err, sizeof err) == kTfLiteOk;
  return ok;
}

static int has_no_quantized_tensor(const tflc_model_subgraph *sg) {
  for (int32_t i = 0; i < sg->ntensors; i++)
    if (sg->tensors[i].nquant != 0 || sg->tensors[i].type != kTfLiteFloat32) return 0;
  return 1;
}

/*
** Per-channel CONV_2D: QUANTIZE and DEQUANTIZE gone, weights scale[c] * q exactly, outputs
** close. `want_activation` is the twin's fused activation: the model's own, or the one its
** output range [0, x] implies when it has none.
*/
static void check_conv(const conv_output *o, int want_activation) {
  size_t size = 0, twin_size = 0;
  uint8_t *bytes = make_conv_model(&size, o), *twin_bytes = NULL;
  tflc_model twin;
  CHECK(bytes && convert(bytes, size, &twin_bytes, &twin_size, &twin));
  if (!twin_bytes) return free(bytes);
  const tflc_model_subgraph *sg = &twin.subgraphs[0];
  CHECK(sg->noperators == 1 && twin.nopcodes == 1);
  CHECK(twin.opcodes[0].builtin_code == CONV_2D && twin.opcodes[0].version == 1);
  CHECK(sg->ntensors == 4 && has_no_quantized_tensor(sg));
  const tflc_model_operator *op = &sg->operators[0];
  CHECK(op->ninputs == 3 && op->inputs[0] == sg->inputs[0] && op->outputs[0] == sg->outputs[0]);
  CHECK(strcmp(sg->tensors[sg->inputs[0]].name, "in") == 0 && strcmp(sg->tensors[sg->outputs[0]].name, "out") == 0);
  CHECK(op->options_type == 1 && tflc_fb_i8(&op->options, 3, 0) == want_activation && tflc_fb_i32(&op->options, 1, 0) == 1);
  const tflc_model_tensor *f = &sg->tensors[op->inputs[1]], *b = &sg->tensors[op->inputs[2]];
  const float *fv = (const float *)twin.buffers[f->buffer].data, *bv = (const float *)twin.buffers[b->buffer].data;
  CHECK(f->ndims == 4 && f->dims[0] == 3 && twin.buffers[f->buffer].size == 54 * sizeof(float));
  int exact = 1;
  for (int i = 0; i < 54; i++) {
    int8_t q = (int8_t)((i * 37) % 255 - 127);
    float want = (float)((double)conv_w_scales[i / 18] * q);
    if (fv[i] != want) exact = 0;
  }
  CHECK(exact);
  CHECK(fabsf(bv[1] - (float)((double)(conv_in_scale * conv_w_scales[1]) * -250)) == 0.0f);
  /* Inputs on the input quantization grid, so only the output rounding separates the two. */
  float input[32], quant_out[48], twin_out[48];
  for (int i = 0; i < 32; i++) input[i] = conv_in_scale * (float)((i * 29) % 60 - 30);
  CHECK(run_model(bytes, size, input, sizeof input, quant_out, sizeof quant_out));
  CHECK(run_model(twin_bytes, twin_size, input, sizeof input, twin_out, sizeof twin_out));
  float worst = 0;
  for (int i = 0; i < 48; i++) worst = fmaxf(worst, fabsf(quant_out[i] - twin_out[i]));
  printf("conv (activation %d): largest |twin - quantized| = %g (output scale %g)\n", o->activation, worst, o->scale);
  CHECK(worst <= o->scale);
  tflc_model_free(&twin);
  free(twin_bytes);
  free(bytes);
}

/* uint8 FULLY_CONNECTED + ADD: float32 input and output, versions 1, outputs within a step. */
static void check_fc_add(void) {
  size_t size = 0, twin_size = 0;
  uint8_t *bytes = make_fc_add_model(&size), *twin_bytes = NULL;
  tflc_model twin;
  CHECK(bytes && convert(bytes, size, &twin_bytes, &twin_size, &twin));
  if (!twin_bytes) return free(bytes);
  const tflc_model_subgraph *sg = &twin.subgraphs[0];
  CHECK(sg->noperators == 2 && twin.nopcodes == 2 && sg->ntensors == 6 && has_no_quantized_tensor(sg));
  CHECK(twin.opcodes[sg->operators[0].opcode_index].builtin_code == FULLY_CONNECTED);
  CHECK(twin.opcodes[sg->operators[1].opcode_index].builtin_code == ADD);
  CHECK(twin.opcodes[0].version == 1 && twin.opcodes[1].version == 1);
  const tflc_model_tensor *addend = &sg->tensors[sg->operators[1].inputs[1]];
  const float *av = (const float *)twin.buffers[addend->buffer].data;
  CHECK(av[0] == add_b_scale * -10.0f && av[3] == (float)((double)add_b_scale * 245));
  uint8_t qin[6] = {0, 37, 128, 200, 255, 90};
  float fin[6], twin_out[4];
  for (int i = 0; i < 6; i++) fin[i] = fc_in_scale * (float)(qin[i] - fc_in_zp);
  uint8_t qout[4];
  CHECK(run_model(bytes, size, qin, sizeof qin, qout, sizeof qout));
  CHECK(run_model(twin_bytes, twin_size, fin, sizeof fin, twin_out, sizeof twin_out));
  /* Two requantizations (FC, then ADD) each round by half a step of their output. */
  float worst = 0, tolerance = 0.5f * fc_out_scale + 0.5f * add_out_scale + 1e-5f;
  int any_clamped = 0;
  for (int i = 0; i < 4; i++) {
    any_clamped |= qout[i] == 0 || qout[i] == 255;
    worst = fmaxf(worst, fabsf(add_out_scale * (float)(qout[i] - add_out_zp) - twin_out[i]));
  }
  printf("fc+add: largest |twin - dequantized| = %g (tolerance %g)\n", worst, tolerance);
  CHECK(!any_clamped && worst <= tolerance);
  tflc_model_free(&twin);
  free(twin_bytes);
  free(bytes);
}

/* A custom op with unknown (quantized) semantics: refused, the message names it. */
static void check_refused_custom_op(void) {
  tflc_writer *w = tflc_writer_init();
  const float scale = 0.5f;
  int32_t in = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteUInt8, .ndims = 1, .dims = {4}, .nscales = 1, .scales = &scale});
  int32_t out = tflc_writer_add_tensor(w, &(tflc_writer_tensor){.type = kTfLiteUInt8, .ndims = 1, .dims = {4}, .nscales = 1, .scales = &scale});
  tflc_writer_add_operator(w, &(tflc_writer_operator){.opcode = tflc_writer_add_opcode(w, CUSTOM, "MyQuantizedOp", 1),
                                                      .ninputs = 1, .inputs = {in}, .noutputs = 1, .outputs = {out}});
  tflc_writer_set_inputs(w, 1, &in);
  tflc_writer_set_outputs(w, 1, &out);
  size_t size = 0;
  uint8_t *bytes = finish(w, &size), *twin = NULL;
  tflc_model m;
  char err[256] = "";
  size_t twin_size = 0;
  CHECK(bytes && tflc_model_parse(bytes, size, &m, err, sizeof err) == kTfLiteOk);
  if (!bytes) return;
  CHECK(tflc_dequantize_model(&m, &twin, &twin_size, NULL, err, sizeof err) == kTfLiteError && twin == NULL);
  printf("refused: %s\n", err);
  CHECK(strstr(err, "MyQuantizedOp") != NULL && strstr(err, "op 0") != NULL);
  tflc_model_free(&m);
  free(bytes);
}

int main(void) {
  check_conv(&(conv_output){.activation = 1, .scale = 0.1f, .zero_point = -20}, 1);
  /* No activation, but the range [0, 6]: the quantized conv clamps as RELU6 would. */
  check_conv(&(conv_output){.activation = 0, .scale = 6.0f / 255, .zero_point = -128}, 3);
  /* No activation, range [-23.6, 27.4]: nothing implied. */
  check_conv(&(conv_output){.activation = 0, .scale = 0.2f, .zero_point = -10}, 0);
  check_fc_add();
  check_refused_custom_op();
  return TEST_REPORT();
}
