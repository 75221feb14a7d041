/*
** main.c — the tflc command: run TensorFlow Lite models from the shell.
*/
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct subcommand {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} subcommand;

static const subcommand subcommands[] = {
    {"info", tflc_cmd_info, "show a model's inputs, outputs, ops, parameters, arena and MACs"},
    {"run", tflc_cmd_run, "run a model on raw input bytes, write raw output bytes"},
    {"ops", tflc_cmd_ops, "list the builtin and custom ops tflc runs, with their versions and tensor types"},
    {"classify", tflc_cmd_classify, "classify images (JPEG, PNG, BMP) with an image classifier"},
    {"detect", tflc_cmd_detect, "detect objects in images (SSD): labelled boxes as lines, JSON or a PNG"},
    {"pose", tflc_cmd_pose, "estimate human poses (PoseNet, MoveNet): keypoints as lines, JSON or a PNG"},
    {"segment", tflc_cmd_segment, "segment images: classes per pixel, mask PNG, overlay with a legend"},
    {"reply", tflc_cmd_reply, "Smart Reply: suggested replies to a message, with scores and backoff responses"},
    {"convert", tflc_cmd_convert, "convert --dequantize: the float twin of a quantized model"},
    {"models", tflc_cmd_models, "the hosted-models catalog: list, show, fetch, path"},
    {"eval", tflc_cmd_eval, "ImageNet top-1..top-5 accuracy (eval imagenet); mean IoU (eval segmentation);"
                     " quantized model against its float twin (eval agreement)"},
    {"bench", tflc_cmd_bench, "latency as benchmark_model measures it (--threads, --runs, --json, --profile)"},
    {"report", tflc_cmd_report, "catalog models measured: Markdown table, accuracy-latency picture"},
};

static int usage(FILE *f) {
  fprintf(f, "usage: tflc COMMAND [ARGS...]   (tflc COMMAND --help for details)\n\ncommands:\n");
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
    fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);
  fprintf(f, "\ntflc %s (TensorFlow Lite C API %s)\n", "0.1.0", TfLiteVersion());
  return f == stdout ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage(stderr);
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) return usage(stdout);
  if (strcmp(argv[1], "--version") == 0) {
    printf("tflc 0.1.0 (TensorFlow Lite C API %s)\n", TfLiteVersion());
    return 0;
  }
  for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
    if (strcmp(argv[1], subcommands[i].name) == 0) return subcommands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "tflc: unknown command '%s'\n", argv[1]);
  return usage(stderr);
}
