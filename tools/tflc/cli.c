/*
** cli.c — helpers shared by the subcommands.
*/
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tflc/runtime.h"

int cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("tflc: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return 1;
}

int cli_wants_help(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return 1;
  return 0;
}

int cli_parse_int(const char *text, int min, int max, int *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end != 0 || v < min || v > max) return -1;
  *out = (int)v;
  return 0;
}

uint8_t *cli_read_file(const char *path, size_t *size, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  uint8_t *data = NULL;
  size_t cap = 0, n = 0;
  for (;;) {
    if (n == cap) {
      size_t grow = cap ? cap * 2 : 1 << 16;
      uint8_t *bigger = grow > cap ? realloc(data, grow) : NULL;
      if (bigger == NULL) {
        snprintf(err, errlen, "out of memory reading %s", path);
        free(data);
        fclose(f);
        return NULL;
      }
      data = bigger;
      cap = grow;
    }
    size_t got = fread(data + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    snprintf(err, errlen, "error reading %s", path);
    free(data);
    return NULL;
  }
  *size = n;
  return data;
}

void cli_format_shape(const TfLiteTensor *t, char *out, size_t outlen) {
  size_t used = (size_t)snprintf(out, outlen, "[");
  for (int i = 0; i < TfLiteTensorNumDims(t) && used < outlen; i++)
    used += (size_t)snprintf(out + used, outlen - used, "%s%d", i ? ", " : "", TfLiteTensorDim(t, i));
  if (used < outlen) snprintf(out + used, outlen - used, "]");
}

/* Keeps the last message so it can be printed once, with the tflc: prefix. */
static void capture_reporter(void *user_data, const char *format, va_list args) {
  cli_messages *m = user_data;
  vsnprintf(m->text, sizeof m->text, format, args);
}

TfLiteInterpreter *cli_make_interpreter(const TfLiteModel *model, int num_threads, cli_messages *last) {
  snprintf(last->text, sizeof last->text, "cannot create the interpreter");
  TfLiteInterpreterOptions *options = TfLiteInterpreterOptionsCreate();
  if (options == NULL) return (void)cli_error("out of memory"), NULL;
  TfLiteInterpreterOptionsSetNumThreads(options, num_threads);
  TfLiteInterpreterOptionsSetErrorReporter(options, capture_reporter, last);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, options);
  TfLiteInterpreterOptionsDelete(options);
  if (in == NULL) return (void)cli_error("%s", last->text), NULL;
  if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    cli_error("%s", last->text);
    TfLiteInterpreterDelete(in);
    return NULL;
  }
  return in;
}
