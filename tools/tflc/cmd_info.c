/*
** cmd_info.c — `tflc info`: what a model is made of and what running it costs.
**
** Reads the verified model structs directly, so it still reports inputs, outputs and the
** op list of a model whose ops tflc lacks (it names those instead of failing).
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "runtime/interpreter.h"
#include "tflc/runtime.h"

static const char usage[] =
    "usage: tflc info MODEL\n"
    "\n"
    "Prints the model's inputs and outputs (name, type, shape, quantization), the ops it\n"
    "uses with their counts, its parameter bytes, the activation arena tflc plans for it and\n"
    "the multiply-accumulates of one inference. Ops tflc does not implement are named.\n";

static void print_model_tensor(int k, const tflc_model_tensor *t) {
  printf("  %d: %s %s [", k, t->name, TfLiteTypeGetName(t->type));
  for (int i = 0; i < t->ndims; i++) printf("%s%d", i ? ", " : "", t->dims[i]);
  printf("]");
  if (t->nquant == 1) printf(" scale=%.9g zero_point=%lld", t->scales[0], (long long)t->zero_points[0]);
  else if (t->nquant > 1) printf(" per-channel (%d scales, axis %d)", t->nquant, t->quantized_dimension);
  printf("\n");
}

static const char *opcode_name(const tflc_model_opcode *code) {
  if (code->builtin_code == 32) return code->custom_code ? code->custom_code : "CUSTOM";
  return tflc_builtin_name(code->builtin_code);
}

static int opcode_supported(const tflc_model_opcode *code) {
  if (code->builtin_code == 32) return tflc_find_custom_kernel(opcode_name(code)) != NULL;
  return tflc_find_builtin_kernel(code->builtin_code, code->version) != NULL;
}

/* Prints each opcode with its node count; returns the number of unsupported opcodes used. */
static int print_ops(const tflc_model *m, const tflc_model_subgraph *sg) {
  int unsupported = 0;
  printf("ops (%d nodes):\n", sg->noperators);
  for (int32_t c = 0; c < m->nopcodes; c++) {
    int count = 0;
    for (int32_t n = 0; n < sg->noperators; n++) count += sg->operators[n].opcode_index == (uint32_t)c;
    if (count == 0) continue;
    int ok = opcode_supported(&m->opcodes[c]);
    unsupported += !ok;
    printf("  %-28s v%-2d x%-4d%s\n", opcode_name(&m->opcodes[c]), m->opcodes[c].version, count,
           ok ? "" : "  NOT SUPPORTED by tflc");
  }
  return unsupported;
}

static void print_parameters(const tflc_model *m, const tflc_model_subgraph *sg) {
  size_t bytes = 0;
  int tensors = 0;
  for (int32_t i = 0; i < sg->ntensors; i++) {
    const tflc_model_buffer *b = &m->buffers[sg->tensors[i].buffer];
    if (b->data != NULL) bytes += b->size, tensors++;
  }
  printf("parameters: %zu bytes in %d constant tensors\n", bytes, tensors);
}

/* Multiply-accumulates of the ops that dominate inference, from the prepared shapes. */
static long long node_macs(const TfLiteInterpreter *in, const tflc_node *node) {
  if (node->ninputs < 2 || node->noutputs < 1 || node->inputs[1] < 0) return 0;
  const TfLiteTensor *filter = &in->tensors[node->inputs[1]];
  const TfLiteTensor *out = &in->tensors[node->outputs[0]];
  long long out_elems = 1;
  for (int i = 0; i < out->dims->size; i++) out_elems *= out->dims->data[i];
  const int *f = filter->dims->data;
  switch (node->builtin_code) {
    case 3: /* CONV_2D: each output element sums kh*kw*cin products */
      return filter->dims->size == 4 ? out_elems * f[1] * f[2] * f[3] : 0;
    case 4: /* DEPTHWISE_CONV_2D: kh*kw per output element */
      return filter->dims->size == 4 ? out_elems * f[1] * f[2] : 0;
    case 9: /* FULLY_CONNECTED: input_size per output element */
      return filter->dims->size == 2 ? out_elems * f[1] : 0;
    default:
      return 0;
  }
}

static void print_runtime_costs(const TfLiteModel *model) {
  cli_messages messages;
  TfLiteInterpreter *in = cli_make_interpreter(model, 1, &messages);
  if (in == NULL) {
    printf("arena: unknown (the model cannot be prepared: see the error)\nMACs: unknown\n");
    return;
  }
  long long macs = 0;
  for (int32_t n = 0; n < in->nnodes; n++) macs += node_macs(in, &in->nodes[n]);
  printf("arena: %zu bytes\n", tflc_interpreter_arena_bytes(in));
  printf("MACs: %lld per inference\n", macs);
  TfLiteInterpreterDelete(in);
}

int tflc_cmd_info(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  if (argc != 2) return cli_error("expected exactly one MODEL (see tflc info --help)");
  char err[1024];
  TfLiteModel *model = cli_load_model(argv[1], err, sizeof err);
  if (model == NULL) return cli_error("%s", err);
  const tflc_model *m = &model->parsed;
  const tflc_model_subgraph *sg = &m->subgraphs[0];
  printf("model: %s (%zu bytes, schema v%u, %d subgraph%s)\n", argv[1], m->file_size, m->version, m->nsubgraphs,
         m->nsubgraphs == 1 ? "" : "s");
  if (m->description && m->description[0]) printf("description: %s\n", m->description);
  if (m->nsubgraphs > 1) printf("note: tflc runs subgraph 0 only; ops that call other subgraphs are not supported\n");
  printf("inputs:\n");
  for (int32_t i = 0; i < sg->ninputs; i++) print_model_tensor(i, &sg->tensors[sg->inputs[i]]);
  printf("outputs:\n");
  for (int32_t i = 0; i < sg->noutputs; i++) print_model_tensor(i, &sg->tensors[sg->outputs[i]]);
  int unsupported = print_ops(m, sg);
  print_parameters(m, sg);
  if (unsupported) printf("arena: unknown (%d op%s not supported yet)\nMACs: unknown\n", unsupported, unsupported == 1 ? "" : "s");
  else print_runtime_costs(model);
  TfLiteModelDelete(model);
  return 0;
}
