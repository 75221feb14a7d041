/*
** cmd_classify.c — `tflc classify`: top-K classes of images, one "score index label" line each.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "image/image.h"
#include "runtime/interpreter.h"
#include "tasks/classifier.h"
#include "tasks/labels.h"
#include "tflc/runtime.h"

static const char usage[] =
    "usage: tflc classify MODEL IMAGE... [--labels FILE] [--top K] [--threads N]\n"
    "\n"
    "Decodes each image (JPEG, PNG or BMP), resizes it (bilinear) to the model's input,\n"
    "runs the model and prints the K best classes (default 5) as 'score index label' lines,\n"
    "best first; the score is the model's output, dequantized for quantized models. With\n"
    "several images, each image's lines follow a line 'PATH:'. Labels come from --labels,\n"
    "else from the label file the model carries in its TFLite metadata, if any.\n";

#define MAX_TOP_K 1000

typedef struct classify_args {
  const char *model;
  const char *labels;
  int top_k;
  int threads;
  int nimages;
  char **images;
} classify_args;

static int parse_args(int argc, char **argv, classify_args *a) {
  memset(a, 0, sizeof *a);
  a->top_k = 5;
  a->threads = 1;
  a->images = calloc((size_t)argc, sizeof *a->images);
  if (a->images == NULL) return cli_error("out of memory");
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--labels") == 0 || strcmp(arg, "--top") == 0 || strcmp(arg, "--threads") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--labels") == 0) {
      a->labels = argv[++i];
    } else if (strcmp(arg, "--top") == 0) {
      if (cli_parse_int(argv[++i], 1, MAX_TOP_K, &a->top_k) != 0) return cli_error("--top expects a number from 1 to %d", MAX_TOP_K);
    } else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (arg[0] == '-' && arg[1] != 0) {
      return cli_error("unknown option '%s' (see tflc classify --help)", arg);
    } else if (a->model == NULL) {
      a->model = arg;
    } else {
      a->images[a->nimages++] = argv[i];
    }
  }
  if (a->model == NULL || a->nimages == 0) return cli_error("expected MODEL and at least one IMAGE (see tflc classify --help)");
  return 0;
}

/* Labels from --labels, else from the model's metadata; none is not an error. */
static int load_labels(const classify_args *a, const TfLiteModel *model, tflc_labels *labels) {
  char err[512];
  memset(labels, 0, sizeof *labels);
  if (a->labels) return tflc_labels_load_file(a->labels, labels, err, sizeof err) == 0 ? 0 : cli_error("%s", err);
  int rc = tflc_labels_from_model_file(model->parsed.file, model->parsed.file_size, labels, err, sizeof err);
  if (rc < 0) fprintf(stderr, "tflc: warning: ignoring the model's labels: %s\n", err);
  return 0;
}

static int classify_one(TfLiteInterpreter *in, const char *path, const classify_args *a, const tflc_labels *labels,
                        tflc_class *top) {
  char err[1024];
  tflc_image image;
  if (tflc_image_load(path, &image, err, sizeof err) != 0) return cli_error("%s", err);
  int count = 0;
  int rc = tflc_classify_top_k(in, &image, a->top_k, top, &count, err, sizeof err);
  tflc_image_free(&image);
  if (rc != 0) {
    const char *detail = tflc_interpreter_last_error(in);
    return cli_error("%s: %s%s%s", path, err, detail[0] ? ": " : "", detail);
  }
  if (a->nimages > 1) printf("%s:\n", path);
  for (int i = 0; i < count; i++) {
    const char *label = tflc_labels_get(labels, top[i].index);
    printf("%.5f %d%s%s\n", top[i].score, top[i].index, label ? " " : "", label ? label : "");
  }
  return 0;
}

int tflc_cmd_classify(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  classify_args a;
  if (parse_args(argc, argv, &a) != 0) return free(a.images), 1;
  char err[1024];
  TfLiteModel *model = cli_load_model(a.model, err, sizeof err);
  if (model == NULL) return free(a.images), cli_error("%s", err);
  tflc_labels labels;
  cli_messages messages;
  TfLiteInterpreter *in = NULL;
  tflc_class *top = calloc((size_t)a.top_k, sizeof *top);
  int rc = top == NULL ? cli_error("out of memory") : load_labels(&a, model, &labels);
  if (rc == 0 && (in = cli_make_interpreter(model, a.threads, &messages)) == NULL) rc = 1;
  for (int i = 0; rc == 0 && i < a.nimages; i++) rc = classify_one(in, a.images[i], &a, &labels, top);
  TfLiteInterpreterDelete(in);
  if (top != NULL) tflc_labels_free(&labels);
  TfLiteModelDelete(model);
  free(top);
  free(a.images);
  return rc;
}
