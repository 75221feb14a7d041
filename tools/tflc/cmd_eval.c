/*
** cmd_eval.c — `tflc eval imagenet`: top-1..top-5 accuracy with TFLite's evaluation preprocessing.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "runtime/interpreter.h"
#include "tasks/imagenet_eval.h"
#include "tasks/labels.h"
#include "tflc/runtime.h"

static const char usage[] =
    "usage: tflc eval imagenet MODEL --images DIR --labels FILE.tsv [--limit N] [--threads N] [--json]\n"
    "                          [--class-labels FILE] [--predictions OUT.tsv]\n"
    "\n"
    "Measures top-1..top-5 accuracy on the rows of FILE.tsv (columns filename, idx1000, idx1001,\n"
    "tflite_label_at_idx1001; images found in DIR) with the preprocessing of TensorFlow Lite's\n"
    "ImageNet evaluation tool: central crop 0.875, bilinear resize, normalization by input type,\n"
    "outputs ranked as its std::sort ranks them. 1001-class models are scored on idx1001,\n"
    "1000-class ones on idx1000. With --class-labels (1001 labels, background first; default: the\n"
    "model's own labels, if it carries any) a hit compares label text, as TFLite's tool does;\n"
    "otherwise the class index. --json prints one JSON object only; --predictions writes each\n"
    "image's top 5 (the format of imagenet_reference/pred_*.tsv).\n";

typedef struct eval_args {
  const char *model, *images, *labels, *class_labels, *predictions;
  int limit, threads, json;
} eval_args;

static int parse_args(int argc, char **argv, eval_args *a) {
  memset(a, 0, sizeof *a);
  a->threads = 1;
  if (argc < 2 || strcmp(argv[1], "imagenet") != 0) return cli_error("expected 'tflc eval imagenet MODEL ...' (see tflc eval --help)");
  for (int i = 2; i < argc; i++) {
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--images") == 0 || strcmp(arg, "--labels") == 0 || strcmp(arg, "--limit") == 0 ||
                      strcmp(arg, "--threads") == 0 || strcmp(arg, "--class-labels") == 0 || strcmp(arg, "--predictions") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--images") == 0) a->images = argv[++i];
    else if (strcmp(arg, "--labels") == 0) a->labels = argv[++i];
    else if (strcmp(arg, "--class-labels") == 0) a->class_labels = argv[++i];
    else if (strcmp(arg, "--predictions") == 0) a->predictions = argv[++i];
    else if (strcmp(arg, "--limit") == 0) {
      if (cli_parse_int(argv[++i], 1, 1 << 30, &a->limit) != 0) return cli_error("--limit expects a positive number");
    } else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (strcmp(arg, "--json") == 0) a->json = 1;
    else if (arg[0] == '-' && arg[1] != 0) return cli_error("unknown option '%s' (see tflc eval --help)", arg);
    else if (a->model == NULL) a->model = arg;
    else return cli_error("unexpected argument '%s'", arg);
  }
  if (a->model == NULL || a->images == NULL || a->labels == NULL) return cli_error("expected MODEL, --images DIR and --labels FILE.tsv");
  return 0;
}

/* A redrawn progress bar on stderr (only installed when stderr is a terminal). */
static void draw_progress(void *user, int done, int total) {
  const int width = 40;
  int filled = total ? done * width / total : width;
  fprintf(stderr, "\r[%.*s%*s] %d/%d", filled, "########################################", width - filled, "", done, total);
  if (done == total) fputc('\n', stderr);
}

/* Class labels from --class-labels, else the model's metadata; returns 1 when there are none. */
static int load_class_labels(const eval_args *a, const TfLiteModel *model, tflc_labels *labels) {
  char err[512];
  memset(labels, 0, sizeof *labels);
  if (a->class_labels) return tflc_labels_load_file(a->class_labels, labels, err, sizeof err) == 0 ? 0 : -cli_error("%s", err);
  int rc = tflc_labels_from_model_file(model->parsed.file, model->parsed.file_size, labels, err, sizeof err);
  return rc == 0 && labels->count >= 1000 ? 0 : (tflc_labels_free(labels), 1);
}

/* Prints the figures: a JSON object, or one line per k. */
static void print_result(const eval_args *a, const tflc_eval_result *r, int by_text) {
  if (a->json) {
    printf("{\"model\": \"%s\", \"images\": %d", a->model, r->images);
    for (int k = 0; k < 5; k++) printf(", \"top%d\": %.2f", k + 1, r->percent[k]);
    printf("}\n");
    return;
  }
  printf("model: %s\nimages: %d (hits compare %s)\n", a->model, r->images, by_text ? "label text" : "class indices");
  for (int k = 0; k < 5; k++) printf("top-%d: %6.2f%% (%d)\n", k + 1, r->percent[k], r->hits[k]);
}

int tflc_cmd_eval(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "segmentation") == 0) return tflc_cmd_eval_segmentation(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "agreement") == 0) return tflc_cmd_eval_agreement(argc, argv);
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  eval_args a;
  if (parse_args(argc, argv, &a) != 0) return 1;
  char err[2048];
  tflc_eval_set set;
  if (tflc_eval_set_load(a.labels, &set, err, sizeof err) != 0) return cli_error("%s", err);
  TfLiteModel *model = cli_load_model(a.model, err, sizeof err);
  if (model == NULL) return tflc_eval_set_free(&set), cli_error("%s", err);
  tflc_labels labels;
  int have_labels = load_class_labels(&a, model, &labels);
  cli_messages messages;
  TfLiteInterpreter *in = have_labels < 0 ? NULL : cli_make_interpreter(model, a.threads, &messages);
  FILE *pred = in && a.predictions ? fopen(a.predictions, "w") : NULL;
  int rc = in == NULL ? 1 : (a.predictions && pred == NULL) ? cli_error("cannot write %s", a.predictions) : 0;
  if (rc == 0) {
    tflc_eval_options o = {a.images, a.limit, have_labels == 0 ? &labels : NULL, pred,
                           !a.json && isatty(STDERR_FILENO) ? draw_progress : NULL, NULL};
    tflc_eval_result result;
    if (tflc_eval_imagenet(in, &set, &o, &result, err, sizeof err) != 0) {
      const char *detail = tflc_interpreter_last_error(in);
      rc = cli_error("%s%s%s", err, detail[0] ? ": " : "", detail);
    } else {
      print_result(&a, &result, have_labels == 0);
    }
  }
  if (pred && fclose(pred) != 0) rc = cli_error("cannot write %s", a.predictions);
  if (have_labels == 0) tflc_labels_free(&labels);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  tflc_eval_set_free(&set);
  return rc;
}
