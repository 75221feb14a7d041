/*
** cmd_models.c — `tflc models`: the hosted-models catalog: list, show, fetch, path.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tasks/catalog.h"
#include "tasks/fetch.h"

static const char usage[] =
    "usage: tflc models list [--task TASK]\n"
    "       tflc models show NAME\n"
    "       tflc models fetch NAME... | --all\n"
    "       tflc models path NAME\n"
    "\n"
    "The catalog of TensorFlow Lite's hosted models (data/catalog.tsv, or $TFLC_CATALOG).\n"
    "NAME is the catalog name (mobilenet_v1_0.5_160_quant) or the list's own spelling\n"
    "(Mobilenet_V1_0.50_160_quant). fetch downloads, extracts and verifies models into\n"
    "$TFLC_CACHE_DIR (default $XDG_CACHE_HOME/tflc/models); path prints a cached model's\n"
    "path, fetching it first when needed. TFLC_MODEL_MIRROR=URL fetches URL/PATH instead of\n"
    "https://download.tensorflow.org/PATH. Every command taking MODEL accepts NAME too.\n";

/* "yes" / "no" for whether the model's file is in the cache. */
static const char *cached_state(const tflc_catalog_entry *e, const char *cache_dir) {
  char path[4200], err[256];
  if (cache_dir == NULL || tflc_fetch_cached_path(e, cache_dir, path, sizeof path, err, sizeof err) != 0) return "?";
  return access(path, F_OK) == 0 ? "yes" : "no";
}

/* One row per model (optionally of one task), the published figures beside each. */
static int models_list(const tflc_catalog *cat, int argc, char **argv) {
  const char *task = NULL;
  for (int i = 0; i < argc; i++) {
    if (strcmp(argv[i], "--task") == 0 && i + 1 < argc) task = argv[++i];
    else return cli_error("models list: unexpected '%s' (see tflc models --help)", argv[i]);
  }
  char cache_dir[4096], err[512];
  int have_cache = tflc_fetch_cache_dir(cache_dir, sizeof cache_dir, err, sizeof err) == 0;
  printf("%-36s %-20s %8s %6s %6s %9s %-10s %-7s %s\n", "NAME", "TASK", "SIZE_MB", "TOP1", "TOP5", "LAT_MS", "INPUT",
         "TYPE", "CACHED");
  int shown = 0;
  for (int i = 0; i < cat->count; i++) {
    const tflc_catalog_entry *e = &cat->entries[i];
    if (task && strcmp(task, e->task) != 0) continue;
    printf("%-36s %-20s %8s %6s %6s %9s %-10s %-7s %s\n", e->name, e->task, e->size_mb, e->top1, e->top5, e->latency_ms,
           e->input, e->input_type, cached_state(e, have_cache ? cache_dir : NULL));
    shown++;
  }
  if (shown == 0 && task) return cli_error("no model has task '%s'", task);
  return 0;
}

static int models_show(const tflc_catalog *cat, int argc, char **argv) {
  if (argc != 1) return cli_error("models show takes one NAME");
  const tflc_catalog_entry *e = tflc_catalog_find(cat, argv[0]);
  if (e == NULL) return cli_error("no model '%s' in the catalog (see tflc models list)", argv[0]);
  char cache_dir[4096], path[4200], err[512];
  printf("name:          %s\nseed name:     %s\ntask:          %s\nurl:           %s\n", e->name, e->seed_name, e->task, e->url);
  printf("member:        %s\n", strcmp(e->member, "-") == 0 ? "(bare .tflite)" : e->member);
  printf("size:          %s MB (published)\ntop-1:         %s%%\ntop-5:         %s%%\n", e->size_mb, e->top1, e->top5);
  printf("latency:       %s ms on %s\n", e->latency_ms, e->device);
  printf("input:         %s %s, normalization %s\nlabels:        %s\n", e->input, e->input_type, e->normalization, e->labels);
  if (e->bytes >= 0) printf("bytes:         %lld\n", (long long)e->bytes);
  printf("sha256:        %s\n", e->sha256 ? e->sha256 : "(no verified published digest)");
  if (tflc_fetch_cache_dir(cache_dir, sizeof cache_dir, err, sizeof err) == 0 &&
      tflc_fetch_cached_path(e, cache_dir, path, sizeof path, err, sizeof err) == 0)
    printf("cache:         %s (%s)\n", path, access(path, F_OK) == 0 ? "present" : "not fetched");
  return 0;
}

/* Fetches one model and says where it went and whether it was verified. */
static int fetch_one(const tflc_catalog_entry *e, int quiet_path_only) {
  tflc_fetch_options options = {NULL, NULL, isatty(STDERR_FILENO)};
  tflc_fetch_result r;
  char err[2048];
  if (tflc_fetch_model(e, &options, &r, err, sizeof err) != 0) return cli_error("%s: %s", e->name, err);
  if (quiet_path_only) {
    if (!r.verified && !r.from_cache) fprintf(stderr, "tflc: %s was not verified (no published sha256); got sha256 %s\n", e->name, r.sha256);
    printf("%s\n", r.path);
    return 0;
  }
  printf("%s: %s (%llu bytes, %s)\n", e->name, r.path, (unsigned long long)r.size, r.from_cache ? "cached" : "downloaded");
  if (r.verified) printf("  verified: sha256 %s matches the published digest\n", r.sha256);
  else printf("  NOT verified: no published sha256 for this file; sha256 %s recorded in %s.sha256\n", r.sha256, r.path);
  return 0;
}

static int models_fetch(const tflc_catalog *cat, int argc, char **argv) {
  if (argc == 0) return cli_error("models fetch needs NAME... or --all");
  int all = argc == 1 && strcmp(argv[0], "--all") == 0, failed = 0;
  for (int i = 0; i < (all ? cat->count : argc); i++) {
    const tflc_catalog_entry *e = all ? &cat->entries[i] : tflc_catalog_find(cat, argv[i]);
    if (e == NULL) failed |= cli_error("no model '%s' in the catalog (see tflc models list)", argv[i]);
    else failed |= fetch_one(e, 0);
  }
  return failed;
}

static int models_path(const tflc_catalog *cat, int argc, char **argv) {
  if (argc != 1) return cli_error("models path takes one NAME");
  const tflc_catalog_entry *e = tflc_catalog_find(cat, argv[0]);
  if (e == NULL) return cli_error("no model '%s' in the catalog (see tflc models list)", argv[0]);
  return fetch_one(e, 1);
}

int tflc_cmd_models(int argc, char **argv) {
  if (argc < 2 || cli_wants_help(argc, argv)) return fputs(usage, argc < 2 ? stderr : stdout), argc < 2;
  tflc_catalog cat;
  char err[1024];
  if (tflc_catalog_load_default(&cat, err, sizeof err) != 0) return cli_error("%s", err);
  const char *verb = argv[1];
  int rc;
  if (strcmp(verb, "list") == 0) rc = models_list(&cat, argc - 2, argv + 2);
  else if (strcmp(verb, "show") == 0) rc = models_show(&cat, argc - 2, argv + 2);
  else if (strcmp(verb, "fetch") == 0) rc = models_fetch(&cat, argc - 2, argv + 2);
  else if (strcmp(verb, "path") == 0) rc = models_path(&cat, argc - 2, argv + 2);
  else rc = cli_error("models: unknown command '%s' (list, show, fetch, path)", verb);
  tflc_catalog_free(&cat);
  return rc;
}
