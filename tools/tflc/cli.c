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
#include "tasks/catalog.h"
#include "tasks/fetch.h"
#include <unistd.h>

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

/* True when arg names a file, or looks like a path rather than a catalog name. */
static int looks_like_path(const char *arg) {
  size_t n = strlen(arg);
  return access(arg, F_OK) == 0 || strchr(arg, '/') != NULL || (n >= 7 && strcmp(arg + n - 7, ".tflite") == 0);
}

/* cli_model_path without printing: -1 with the reason in err. */
static int resolve_model(const char *arg, char *out, size_t outlen, char *err, size_t errlen) {
  if (looks_like_path(arg)) return snprintf(out, outlen, "%s", arg) >= (int)outlen ? (snprintf(err, errlen, "path too long: %s", arg), -1) : 0;
  char why[2048];
  tflc_catalog catalog;
  if (tflc_catalog_load_default(&catalog, why, sizeof why) != 0)
    return snprintf(err, errlen, "%s is not a file, and the model catalog cannot be read: %s", arg, why), -1;
  const tflc_catalog_entry *entry = tflc_catalog_find(&catalog, arg);
  if (entry == NULL) {
    tflc_catalog_free(&catalog);
    return snprintf(err, errlen, "%s: no such file, and no such model in the catalog (see tflc models list)", arg), -1;
  }
  tflc_fetch_options options = {NULL, NULL, isatty(STDERR_FILENO)};
  tflc_fetch_result result;
  int rc = tflc_fetch_model(entry, &options, &result, why, sizeof why);
  if (rc != 0) snprintf(err, errlen, "%s: %s", entry->name, why);
  else if (!result.from_cache && !result.verified)
    fprintf(stderr, "tflc: fetched %s (not verified: no published sha256; got %s)\n", result.path, result.sha256);
  if (rc == 0 && snprintf(out, outlen, "%s", result.path) >= (int)outlen) rc = -1, snprintf(err, errlen, "path too long: %s", result.path);
  tflc_catalog_free(&catalog);
  return rc;
}

int cli_model_path(const char *arg, char *out, size_t outlen) {
  char err[4096];
  return resolve_model(arg, out, outlen, err, sizeof err) == 0 ? 0 : cli_error("%s", err);
}

TfLiteModel *cli_load_model(const char *arg, char *err, size_t errlen) {
  char path[4200];
  if (resolve_model(arg, path, sizeof path, err, errlen) != 0) return NULL;
  return tflc_model_load_file(path, err, errlen);
}
