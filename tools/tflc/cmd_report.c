/*
** cmd_report.c — `tflc report`: catalog models measured on this machine beside their published
** figures, as a Markdown table and a top-1 against latency picture (SVG and PNG).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "report_plot.h"
#include "runtime/interpreter.h"
#include "tasks/catalog.h"
#include "tasks/fetch.h"
#include "tasks/imagenet_eval.h"
#include "tflc/runtime.h"

static const char usage[] =
    "usage: tflc report [--images DIR --labels FILE.tsv] [--models NAME,NAME...|--available]\n"
    "                   [--out PREFIX] [--runs N] [--limit N] [--class-labels FILE]\n"
    "\n"
    "For each model (named ones, fetched if needed; or with --available, the default, every\n"
    "catalog model already in the cache): file size, top-1/top-5 on the images (tflc eval\n"
    "imagenet; classifiers only) and mean latency of N runs (default 10) on 1 thread, beside\n"
    "the published size, accuracy and latency. Prints the table as Markdown and writes\n"
    "PREFIX.md, PREFIX.svg and PREFIX.png (default PREFIX: tflc_report): top-1 against latency,\n"
    "published and measured points labelled, each one's Pareto front drawn.\n";

typedef struct report_args {
  const char *images, *labels, *models, *out, *class_labels;
  int runs, limit;
} report_args;

typedef struct measured {
  const tflc_catalog_entry *entry;
  double size_mb, latency_ms;    /* < 0: not measured */
  double top1, top5;             /* < 0: not measured */
  int images;
} measured;

static int parse_args(int argc, char **argv, report_args *a) {
  memset(a, 0, sizeof *a);
  a->out = "tflc_report", a->runs = 10;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--images") == 0 || strcmp(arg, "--labels") == 0 || strcmp(arg, "--models") == 0 ||
                      strcmp(arg, "--out") == 0 || strcmp(arg, "--runs") == 0 || strcmp(arg, "--limit") == 0 ||
                      strcmp(arg, "--class-labels") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--images") == 0) a->images = argv[++i];
    else if (strcmp(arg, "--labels") == 0) a->labels = argv[++i];
    else if (strcmp(arg, "--models") == 0) a->models = argv[++i];
    else if (strcmp(arg, "--out") == 0) a->out = argv[++i];
    else if (strcmp(arg, "--class-labels") == 0) a->class_labels = argv[++i];
    else if (strcmp(arg, "--available") == 0) a->models = NULL;
    else if (strcmp(arg, "--runs") == 0) {
      if (cli_parse_int(argv[++i], 1, 100000, &a->runs) != 0) return cli_error("--runs expects a positive number");
    } else if (strcmp(arg, "--limit") == 0) {
      if (cli_parse_int(argv[++i], 1, 1 << 30, &a->limit) != 0) return cli_error("--limit expects a positive number");
    } else return cli_error("unexpected argument '%s' (see tflc report --help)", arg);
  }
  if ((a->images == NULL) != (a->labels == NULL)) return cli_error("--images and --labels go together");
  return 0;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Mean latency of `runs` invokes after one warm-up (inputs as left by the caller). */
static double time_invokes(TfLiteInterpreter *in, int runs) {
  if (TfLiteInterpreterInvoke(in) != kTfLiteOk) return -1;
  double start = now_ms();
  for (int i = 0; i < runs; i++)
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk) return -1;
  return (now_ms() - start) / runs;
}

/* Measures one model file: size, accuracy (when images are given and it is a classifier), latency. */
static int measure(const report_args *a, const tflc_eval_set *set, const tflc_labels *class_labels, const char *path,
                   measured *m) {
  struct stat st;
  m->size_mb = stat(path, &st) == 0 ? st.st_size / 1e6 : -1;
  m->latency_ms = m->top1 = m->top5 = -1;
  char err[2048];
  TfLiteModel *model = tflc_model_load_file(path, err, sizeof err);
  if (model == NULL) return cli_error("%s: %s", m->entry->name, err);
  cli_messages messages;
  TfLiteInterpreter *in = cli_make_interpreter(model, 1, &messages);
  if (in == NULL) return TfLiteModelDelete(model), fprintf(stderr, "tflc: %s: skipped (cannot be prepared)\n", m->entry->name), 0;
  if (set && strcmp(m->entry->task, "image_classification") == 0) {
    tflc_eval_options o = {a->images, a->limit, class_labels, NULL, NULL, NULL};
    tflc_eval_result r;
    if (tflc_eval_imagenet(in, set, &o, &r, err, sizeof err) == 0) m->top1 = r.percent[0], m->top5 = r.percent[4], m->images = r.images;
    else fprintf(stderr, "tflc: %s: not evaluated: %s\n", m->entry->name, err);
  }
  m->latency_ms = time_invokes(in, a->runs);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  return 0;
}

/* "12.3" or "-" */
static const char *fmt(char *buf, size_t len, double v, const char *format) {
  if (v < 0) return "-";
  snprintf(buf, len, format, v);
  return buf;
}

static void print_table(FILE *f, const measured *m, int n, const report_args *a) {
  fprintf(f, "| model | size MB (file / published) | top-1 %% (measured / published) | top-5 %% (measured / published) | latency ms, 1 thread (measured / published) | published on |\n");
  fprintf(f, "|---|---:|---:|---:|---:|---|\n");
  for (int i = 0; i < n; i++) {
    const tflc_catalog_entry *e = m[i].entry;
    char b1[32], b2[32], b3[32], b4[32];
    fprintf(f, "| %s | %s / %s | %s / %s | %s / %s | %s / %s | %s |\n", e->name, fmt(b1, 32, m[i].size_mb, "%.2f"), e->size_mb,
            fmt(b2, 32, m[i].top1, "%.1f"), e->top1, fmt(b3, 32, m[i].top5, "%.1f"), e->top5,
            fmt(b4, 32, m[i].latency_ms, "%.1f"), e->latency_ms, e->device);
  }
  int images = 0;
  for (int i = 0; i < n; i++) images = m[i].images > images ? m[i].images : images;
  if (a->images) fprintf(f, "\nMeasured accuracy: %d images of %s (TFLite's ImageNet evaluation preprocessing); published: ImageNet validation.\n", images, a->labels);
  fprintf(f, "Measured latency: mean of %d runs after a warm-up, 1 thread, this machine; published: the catalog's device.\n", a->runs);
}

/* Points for the picture: published ones and measured ones, where both figures exist. */
static int make_points(const measured *m, int n, report_point *p) {
  int count = 0;
  for (int i = 0; i < n; i++) {
    double pub_top1 = tflc_catalog_number(m[i].entry->top1), pub_ms = tflc_catalog_number(m[i].entry->latency_ms);
    if (pub_top1 >= 0 && pub_ms > 0) p[count++] = (report_point){m[i].entry->name, pub_ms, pub_top1, 0};
    if (m[i].top1 >= 0 && m[i].latency_ms > 0) p[count++] = (report_point){m[i].entry->name, m[i].latency_ms, m[i].top1, 1};
  }
  return count;
}

static int write_outputs(const report_args *a, const measured *m, int n) {
  char path[4096], err[1024];
  snprintf(path, sizeof path, "%s.md", a->out);
  FILE *f = fopen(path, "w");
  if (f == NULL) return cli_error("cannot write %s", path);
  print_table(f, m, n, a);
  if (fclose(f) != 0) return cli_error("cannot write %s", path);
  report_point *p = calloc((size_t)n * 2 + 1, sizeof *p);
  if (p == NULL) return cli_error("out of memory");
  int count = make_points(m, n, p);
  char title[128];
  snprintf(title, sizeof title, "top-1 vs latency, %d models (tflc report)", n);
  snprintf(path, sizeof path, "%s.svg", a->out);
  int rc = tflc_report_write_svg(path, title, p, count, err, sizeof err) == 0 ? 0 : cli_error("%s", err);
  snprintf(path, sizeof path, "%s.png", a->out);
  if (rc == 0 && tflc_report_write_png(path, title, p, count, err, sizeof err) != 0) rc = cli_error("%s", err);
  free(p);
  if (rc == 0) fprintf(stderr, "tflc: wrote %s.md, %s.svg, %s.png\n", a->out, a->out, a->out);
  return rc;
}

/* The models to report: the named ones (fetched when needed), or those already cached. */
static int pick_models(const report_args *a, const tflc_catalog *cat, measured *m, char (*paths)[4200], int *n) {
  *n = 0;
  if (a->models) {
    char *list = strdup(a->models), *save = NULL;
    if (list == NULL) return cli_error("out of memory");
    for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
      const tflc_catalog_entry *e = tflc_catalog_find(cat, name);
      if (e == NULL || cli_model_path(e->name, paths[*n], sizeof paths[*n]) != 0) {
        if (e == NULL) cli_error("no model '%s' in the catalog", name);
        return free(list), 1;
      }
      m[(*n)++].entry = e;
    }
    return free(list), 0;
  }
  char cache_dir[4096], err[512];
  if (tflc_fetch_cache_dir(cache_dir, sizeof cache_dir, err, sizeof err) != 0) return cli_error("%s", err);
  for (int i = 0; i < cat->count; i++)
    if (tflc_fetch_cached_path(&cat->entries[i], cache_dir, paths[*n], sizeof paths[*n], err, sizeof err) == 0 &&
        access(paths[*n], R_OK) == 0)
      m[(*n)++].entry = &cat->entries[i];
  return *n ? 0 : cli_error("no catalog model is in the cache %s (tflc models fetch NAME, or --models)", cache_dir);
}

int tflc_cmd_report(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  report_args a;
  if (parse_args(argc, argv, &a) != 0) return 1;
  char err[2048];
  tflc_catalog cat;
  if (tflc_catalog_load_default(&cat, err, sizeof err) != 0) return cli_error("%s", err);
  measured *m = calloc((size_t)cat.count + 1, sizeof *m);
  char (*paths)[4200] = calloc((size_t)cat.count + 1, sizeof *paths);
  tflc_eval_set set = {0};
  tflc_labels labels = {0};
  int n = 0, rc = m && paths ? pick_models(&a, &cat, m, paths, &n) : cli_error("out of memory");
  if (rc == 0 && a.labels && tflc_eval_set_load(a.labels, &set, err, sizeof err) != 0) rc = cli_error("%s", err);
  if (rc == 0 && a.class_labels && tflc_labels_load_file(a.class_labels, &labels, err, sizeof err) != 0) rc = cli_error("%s", err);
  for (int i = 0; rc == 0 && i < n; i++) {
    if (isatty(STDERR_FILENO)) fprintf(stderr, "\r[%d/%d] %-40s", i + 1, n, m[i].entry->name);
    rc = measure(&a, a.labels ? &set : NULL, a.class_labels ? &labels : NULL, paths[i], &m[i]);
  }
  if (isatty(STDERR_FILENO)) fputc('\n', stderr);
  if (rc == 0) print_table(stdout, m, n, &a), rc = write_outputs(&a, m, n);
  tflc_labels_free(&labels);
  tflc_eval_set_free(&set);
  free(paths);
  free(m);
  tflc_catalog_free(&cat);
  return rc;
}
