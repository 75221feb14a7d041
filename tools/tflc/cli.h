/*
** cli.h — shared pieces of the tflc command's subcommands.
*/
#ifndef TFLC_TOOLS_CLI_H_
#define TFLC_TOOLS_CLI_H_

#include <stddef.h>
#include <stdint.h>

#include "tensorflow/lite/c/c_api.h"

int tflc_cmd_info(int argc, char **argv);
int tflc_cmd_run(int argc, char **argv);
int tflc_cmd_ops(int argc, char **argv);
int tflc_cmd_classify(int argc, char **argv);
int tflc_cmd_models(int argc, char **argv);
int tflc_cmd_eval(int argc, char **argv);
int tflc_cmd_report(int argc, char **argv);
int tflc_cmd_bench(int argc, char **argv);
int tflc_cmd_detect(int argc, char **argv);
int tflc_cmd_pose(int argc, char **argv);
int tflc_cmd_segment(int argc, char **argv);
int tflc_cmd_reply(int argc, char **argv);
int tflc_cmd_convert(int argc, char **argv);
/* `tflc eval segmentation ...` (argv[1] is "segmentation"); cmd_eval.c hands it over. */
int tflc_cmd_eval_segmentation(int argc, char **argv);
/* `tflc eval agreement ...` (argv[1] is "agreement"): quantized model against its float twin. */
int tflc_cmd_eval_agreement(int argc, char **argv);

/* Prints "tflc: <message>" to stderr; returns 1 (the exit status for errors). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when argv has -h or --help. */
int cli_wants_help(int argc, char **argv);
/* Parses a positive int option value; returns 0 on success. */
int cli_parse_int(const char *text, int min, int max, int *out);
/* Reads a whole file into a new buffer; returns NULL with a message in err. */
uint8_t *cli_read_file(const char *path, size_t *size, char *err, size_t errlen);
/* "[1, 224, 224, 3]" */
void cli_format_shape(const TfLiteTensor *t, char *out, size_t outlen);
/* The last message an interpreter reported; must outlive the interpreter. */
typedef struct cli_messages {
  char text[1100];
} cli_messages;
/* Creates an interpreter (num_threads) for model and allocates it; prints errors. */
TfLiteInterpreter *cli_make_interpreter(const TfLiteModel *model, int num_threads, cli_messages *messages);

/*
** Turns a MODEL argument into a file path (into out): an existing file or anything that looks
** like a path is used as is; otherwise it is a catalog name (tflc models list), fetched into
** the cache on first use. Returns 0, or 1 after printing why.
*/
int cli_model_path(const char *arg, char *out, size_t outlen);
/* tflc_model_load_file(cli_model_path(arg)): loads a model given by path or catalog name. */
TfLiteModel *cli_load_model(const char *arg, char *err, size_t errlen);

#endif /* TFLC_TOOLS_CLI_H_ */
