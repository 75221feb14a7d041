/*
** cmd_run.c — `tflc run`: raw bytes in, raw bytes out (the format of ../shared/golden).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "runtime/string_tensor.h"
#include "tflc/runtime.h"

#define MAX_INPUT_FILES 64

static const char usage[] =
    "usage: tflc run MODEL [--input K=FILE]... [--output-dir DIR] [--threads N] [--reference]\n"
    "\n"
    "Sets input K (0-based) from the raw bytes of FILE (its size must equal the tensor's\n"
    "byte size), zero-fills inputs not given, invokes the model once and writes each\n"
    "output K as raw bytes to DIR/output_K.bin (DIR defaults to '.').\n"
    "--input K=@TEXT sets a one-string STRING input to the whole content of the file TEXT;\n"
    "STRING tensors are otherwise read and written in TensorFlow Lite's buffer layout.\n"
    "--reference runs the plain reference kernels instead of the optimized ones (same bytes).\n";

typedef struct run_args {
  const char *model;
  const char *output_dir;
  int threads;
  int ninputs;
  int input_index[MAX_INPUT_FILES];
  const char *input_path[MAX_INPUT_FILES];
} run_args;

static int parse_args(int argc, char **argv, run_args *a) {
  memset(a, 0, sizeof *a);
  a->output_dir = ".";
  a->threads = 1;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if ((strcmp(arg, "--input") == 0 || strcmp(arg, "--output-dir") == 0 || strcmp(arg, "--threads") == 0) &&
        i + 1 >= argc)
      return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--input") == 0) {
      const char *spec = argv[++i], *eq = strchr(spec, '=');
      char index_text[16];
      if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof index_text)
        return cli_error("--input expects K=FILE, got '%s'", spec);
      memcpy(index_text, spec, (size_t)(eq - spec));
      index_text[eq - spec] = 0;
      if (a->ninputs == MAX_INPUT_FILES) return cli_error("too many --input options");
      if (cli_parse_int(index_text, 0, 1 << 16, &a->input_index[a->ninputs]) != 0)
        return cli_error("--input: '%s' is not an input index", index_text);
      a->input_path[a->ninputs++] = eq + 1;
    } else if (strcmp(arg, "--output-dir") == 0) {
      a->output_dir = argv[++i];
    } else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (strcmp(arg, "--reference") == 0) {
      setenv("TFLC_REFERENCE", "1", 1); /* read when the interpreter is created (tflc/runtime.h) */
    } else if (arg[0] == '-') {
      return cli_error("unknown option '%s' (see tflc run --help)", arg);
    } else if (a->model == NULL) {
      a->model = arg;
    } else {
      return cli_error("unexpected argument '%s'", arg);
    }
  }
  if (a->model == NULL) return cli_error("no MODEL given (see tflc run --help)");
  return 0;
}

/* --input K=@TEXT: the file's bytes become the one string of a STRING input (runtime/string_tensor.h). */
static int set_string_input(TfLiteTensor *t, int index, const char *path) {
  int64_t count = 1;
  for (int d = 0; d < TfLiteTensorNumDims(t); d++) count *= TfLiteTensorDim(t, d);
  if (TfLiteTensorType(t) != kTfLiteString || count != 1)
    return cli_error("--input %d=@%s: input '%s' is %s with %lld elements; @TEXT needs a STRING tensor of one element",
                     index, path, TfLiteTensorName(t), TfLiteTypeGetName(TfLiteTensorType(t)), (long long)count);
  char err[512];
  size_t size;
  uint8_t *text = cli_read_file(path, &size, err, sizeof err);
  if (text == NULL) return cli_error("%s", err);
  const char *strings[1] = {(const char *)text};
  size_t bytes = tflc_string_buffer_size(1, &size);
  uint8_t *buffer = bytes == SIZE_MAX ? NULL : malloc(bytes);
  int rc = 0;
  if (buffer == NULL) rc = cli_error("--input %d: %s is too large for a string tensor (%zu bytes)", index, path, size);
  else {
    tflc_string_buffer_write(1, strings, &size, buffer);
    if (TfLiteTensorCopyFromBuffer(t, buffer, bytes) != kTfLiteOk) rc = cli_error("--input %d: cannot set the tensor", index);
  }
  free(buffer);
  free(text);
  return rc;
}

static int set_input(TfLiteInterpreter *in, int index, const char *path) {
  TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, index);
  if (t == NULL) return cli_error("--input %d: the model has %d inputs", index, TfLiteInterpreterGetInputTensorCount(in));
  if (path[0] == '@') return set_string_input(t, index, path + 1);
  char err[512];
  size_t size;
  uint8_t *data = cli_read_file(path, &size, err, sizeof err);
  if (data == NULL) return cli_error("%s", err);
  int rc = 0;
  if (size != TfLiteTensorByteSize(t) && TfLiteTensorType(t) != kTfLiteString) { /* strings: any valid buffer */
    char shape[128];
    cli_format_shape(t, shape, sizeof shape);
    rc = cli_error("--input %d: %s has %zu bytes, input '%s' (%s %s) needs %zu", index, path, size, TfLiteTensorName(t),
                   TfLiteTypeGetName(TfLiteTensorType(t)), shape, TfLiteTensorByteSize(t));
  } else if (TfLiteTensorCopyFromBuffer(t, data, size) != kTfLiteOk) {
    rc = cli_error("--input %d: cannot set the tensor", index);
  }
  free(data);
  return rc;
}

static int write_outputs(const TfLiteInterpreter *in, const char *dir) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) return cli_error("cannot create %s: %s", dir, strerror(errno));
  for (int k = 0; k < TfLiteInterpreterGetOutputTensorCount(in); k++) {
    const TfLiteTensor *t = TfLiteInterpreterGetOutputTensor(in, k);
    char path[4096];
    snprintf(path, sizeof path, "%s/output_%d.bin", dir, k);
    FILE *f = fopen(path, "wb");
    if (f == NULL) return cli_error("cannot write %s: %s", path, strerror(errno));
    size_t bytes = TfLiteTensorByteSize(t);
    const void *data = TfLiteTensorData(t);
    /* An empty output (a STRING tensor never set, a zero-sized shape) may have no data at all, and
       fwrite must not get NULL (ctest tflc_run_unset_string_output). */
    int ok = bytes == 0 || (data != NULL && fwrite(data, 1, bytes, f) == bytes);
    if (fclose(f) != 0 || !ok) return cli_error("error writing %s", path);
  }
  return 0;
}

int tflc_cmd_run(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  run_args a;
  if (parse_args(argc, argv, &a) != 0) return 1;
  char err[1024];
  TfLiteModel *model = cli_load_model(a.model, err, sizeof err);
  if (model == NULL) return cli_error("%s", err);
  cli_messages messages;
  TfLiteInterpreter *in = cli_make_interpreter(model, a.threads, &messages);
  TfLiteModelDelete(model);
  if (in == NULL) return 1;
  int rc = 0;
  for (int k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
    TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
    if (TfLiteTensorData(t)) memset(TfLiteTensorData(t), 0, TfLiteTensorByteSize(t));
  }
  for (int i = 0; i < a.ninputs && rc == 0; i++) rc = set_input(in, a.input_index[i], a.input_path[i]);
  if (rc == 0 && TfLiteInterpreterInvoke(in) != kTfLiteOk) rc = cli_error("%s", tflc_interpreter_last_error(in));
  if (rc == 0) rc = write_outputs(in, a.output_dir);
  TfLiteInterpreterDelete(in);
  return rc;
}
