/*
** cmd_ops.c — `tflc ops`: every builtin and custom op this build runs, with the op versions
** and tensor types its kernel accepts. Everything comes from the kernel registry
** (tflc_registry_entry in src/kernels/registry.c), so the list cannot drift from what runs.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "format/model.h"
#include "runtime/kernel.h"

static const char usage[] =
    "usage: tflc ops\n"
    "\n"
    "Lists every builtin op (by name) and custom op tflc supports: the op versions it accepts\n"
    "(v1-N: versions 1 to N of the model's OperatorCode) and the tensor types its kernel takes.\n";

/* Names of the types in a registry bitmask, in TfLiteType order: "FLOAT32 UINT8 INT8". */
static void format_types(uint32_t types, char *out, size_t outlen) {
  size_t at = 0;
  out[0] = 0;
  if (types == 0) {
    snprintf(out, outlen, "(types not recorded)");
    return;
  }
  for (int t = 0; t < 32; t++) {
    if (!(types & (1u << t))) continue;
    int n = snprintf(out + at, outlen - at, "%s%s", at ? " " : "", TfLiteTypeGetName((TfLiteType)t));
    if (n < 0 || (size_t)n >= outlen - at) break;
    at += (size_t)n;
  }
}

static const char *op_name(const tflc_registered_op *op) {
  return op->custom_name ? op->custom_name : tflc_builtin_name(op->builtin_code);
}

static int by_name(const void *a, const void *b) {
  return strcmp(op_name(a), op_name(b));
}

static void print_op(const tflc_registered_op *op) {
  char types[256], versions[24];
  format_types(op->types, types, sizeof types);
  if (op->max_version > 1)
    snprintf(versions, sizeof versions, "v1-%d", (int)op->max_version);
  else
    snprintf(versions, sizeof versions, "v1");
  printf("  %-30s %-6s %s\n", op_name(op), versions, types);
}

int tflc_cmd_ops(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  if (argc > 1) return cli_error("ops takes no arguments (got '%s'); see tflc ops --help", argv[1]);
  size_t n = 0;
  tflc_registered_op op;
  while (tflc_registry_entry(n, &op)) n++;
  tflc_registered_op *ops = calloc(n + 1, sizeof *ops);
  if (ops == NULL) return cli_error("out of memory");
  for (size_t i = 0; i < n; i++) tflc_registry_entry(i, &ops[i]);
  qsort(ops, n, sizeof *ops, by_name);
  size_t nbuiltin = 0;
  for (size_t i = 0; i < n; i++) nbuiltin += ops[i].custom_name == NULL;
  printf("builtin ops (%zu):\n", nbuiltin);
  for (size_t i = 0; i < n; i++)
    if (ops[i].custom_name == NULL) print_op(&ops[i]);
  printf("custom ops (%zu):\n", n - nbuiltin);
  for (size_t i = 0; i < n; i++)
    if (ops[i].custom_name != NULL) print_op(&ops[i]);
  free(ops);
  return 0;
}
