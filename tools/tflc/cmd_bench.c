/*
** cmd_bench.c — tflc bench: latency of a model in the manner of TensorFlow Lite's
** benchmark_model: init time, first inference, warm-up average, then steady-state
** count/min/median/mean/max/std in microseconds and peak memory.
**
** Inputs are filled with seeded pseudo-random bytes (as benchmark_model does), the same on
** every run. --json prints one JSON object only; --profile adds the time per op (the sum over
** the timed runs of each node's invoke, by op name and by node).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"
#include "runtime/interpreter.h"
#include "tflc/runtime.h"

static const char usage[] =
    "usage: tflc bench MODEL [--threads N] [--runs N] [--warmup N] [--json] [--profile] [--reference]\n"
    "  Times inference on seeded random inputs, as TensorFlow Lite's benchmark_model does.\n"
    "  --threads N     threads (default 1)              also --num_threads=N\n"
    "  --runs N        timed runs (default 50)          also --num_runs=N\n"
    "  --warmup N      warm-up runs (default 1)         also --warmup_runs=N\n"
    "  --json          print only a JSON object: init_ms, first_ms, warmup_ms, count, min_ms,\n"
    "                  median_ms, mean_ms, max_ms, std_ms, peak_rss_kb, threads, kernels\n"
    "  --profile       also print the time per op (summed over the timed runs)\n"
    "  --reference     run the reference kernels only (for comparison)\n"
    "  MODEL may also be given as --graph=MODEL.\n";

typedef struct bench_args {
  const char *model;
  int threads, runs, warmup, json, profile, reference;
} bench_args;

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* "--name=value" or "--name value": the value when arg names `name`, else NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name) {
  size_t n = strlen(name);
  if (strncmp(argv[*i], name, n) != 0) return NULL;
  if (argv[*i][n] == '=') return argv[*i] + n + 1;
  if (argv[*i][n] == 0 && *i + 1 < argc) return argv[++*i];
  return NULL;
}

static int parse_args(int argc, char **argv, bench_args *a) {
  memset(a, 0, sizeof *a);
  a->threads = 1, a->runs = 50, a->warmup = 1;
  for (int i = 1; i < argc; i++) {
    const char *v;
    if ((v = option_value(argc, argv, &i, "--threads")) || (v = option_value(argc, argv, &i, "--num_threads"))) {
      if (cli_parse_int(v, 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if ((v = option_value(argc, argv, &i, "--runs")) || (v = option_value(argc, argv, &i, "--num_runs"))) {
      if (cli_parse_int(v, 1, 1000000, &a->runs) != 0) return cli_error("--runs expects a number from 1 to 1000000");
    } else if ((v = option_value(argc, argv, &i, "--warmup")) || (v = option_value(argc, argv, &i, "--warmup_runs"))) {
      if (cli_parse_int(v, 0, 1000000, &a->warmup) != 0) return cli_error("--warmup expects a number from 0 to 1000000");
    } else if ((v = option_value(argc, argv, &i, "--graph"))) {
      a->model = v;
    } else if (strcmp(argv[i], "--json") == 0) {
      a->json = 1;
    } else if (strcmp(argv[i], "--profile") == 0) {
      a->profile = 1;
    } else if (strcmp(argv[i], "--reference") == 0) {
      a->reference = 1;
    } else if (argv[i][0] == '-' && argv[i][1] != 0) {
      return cli_error("unknown option %s (see tflc bench --help)", argv[i]);
    } else if (a->model == NULL) {
      a->model = argv[i];
    } else {
      return cli_error("more than one MODEL (%s)", argv[i]);
    }
  }
  if (a->model == NULL) return cli_error("no MODEL given (see tflc bench --help)");
  return 0;
}

/* Fills every input with bytes from a fixed xorshift sequence (floats in [-1, 1)). */
static void fill_inputs(TfLiteInterpreter *in) {
  uint64_t s = 0x2545F4914F6CDD1Dull;
  for (int k = 0; k < TfLiteInterpreterGetInputTensorCount(in); k++) {
    TfLiteTensor *t = TfLiteInterpreterGetInputTensor(in, k);
    uint8_t *data = TfLiteTensorData(t);
    size_t size = TfLiteTensorByteSize(t);
    if (!data) continue;
    for (size_t i = 0; i < size; i++) {
      s ^= s << 13, s ^= s >> 7, s ^= s << 17;
      if (TfLiteTensorType(t) == kTfLiteFloat32 && i % 4 == 0 && i + 4 <= size) {
        float f = (float)((s >> 40) & 0xFFFF) / 32768.0f - 1.0f;
        memcpy(data + i, &f, 4);
        i += 3;
      } else {
        data[i] = (uint8_t)(s >> 32);
      }
    }
  }
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* One inference, timing each node into node_us[] when profiling (mirrors TfLiteInterpreterInvoke). */
static TfLiteStatus invoke_profiled(TfLiteInterpreter *in, double *node_us) {
  for (int32_t n = 0; n < in->nnodes; n++) {
    tflc_node *node = &in->nodes[n];
    if (in->done_at_prepare && in->done_at_prepare[n]) continue;
    double t0 = now_us();
    if (node->kernel->invoke(&in->context, node) != kTfLiteOk) return kTfLiteError;
    node_us[n] += now_us() - t0;
  }
  return kTfLiteOk;
}

static void print_profile(const TfLiteInterpreter *in, const double *node_us, int runs, double total_us) {
  printf("\nTime per op (average over %d runs, microseconds):\n", runs);
  printf("%6s  %-22s %10s %7s\n", "node", "op", "avg_us", "%");
  for (int32_t n = 0; n < in->nnodes; n++)
    printf("%6d  %-22s %10.1f %6.2f%%\n", (int)n, in->nodes[n].op_name, node_us[n] / runs,
           100.0 * node_us[n] / (total_us > 0 ? total_us : 1));
  printf("\nBy op type:\n");
  for (int32_t n = 0; n < in->nnodes; n++) {
    int seen = 0;
    for (int32_t m = 0; m < n && !seen; m++) seen = strcmp(in->nodes[m].op_name, in->nodes[n].op_name) == 0;
    if (seen) continue;
    double sum = 0;
    int count = 0;
    for (int32_t m = n; m < in->nnodes; m++)
      if (strcmp(in->nodes[m].op_name, in->nodes[n].op_name) == 0) sum += node_us[m], count++;
    printf("  %-22s %4d nodes %10.1f us %6.2f%%\n", in->nodes[n].op_name, count, sum / runs,
           100.0 * sum / (total_us > 0 ? total_us : 1));
  }
}

int tflc_cmd_bench(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  bench_args a;
  if (parse_args(argc, argv, &a) != 0) return 1;
  char err[1024];
  double t0 = now_us();
  TfLiteModel *model = cli_load_model(a.model, err, sizeof err);
  if (!model) return cli_error("%s", err);
  TfLiteInterpreterOptions *o = TfLiteInterpreterOptionsCreate();
  if (!o) return TfLiteModelDelete(model), cli_error("out of memory");
  TfLiteInterpreterOptionsSetNumThreads(o, a.threads);
  tflc_interpreter_options_set_reference_kernels(o, a.reference);
  TfLiteInterpreter *in = TfLiteInterpreterCreate(model, o);
  TfLiteInterpreterOptionsDelete(o);
  if (!in) return TfLiteModelDelete(model), cli_error("cannot create an interpreter for %s", a.model);
  int rc = 1;
  double *times = calloc((size_t)a.runs, sizeof *times);
  double *node_us = calloc((size_t)in->nnodes + 1, sizeof *node_us);
  if (!times || !node_us) {
    cli_error("out of memory");
    goto done;
  }
  if (TfLiteInterpreterAllocateTensors(in) != kTfLiteOk) {
    cli_error("%s", tflc_interpreter_last_error(in));
    goto done;
  }
  fill_inputs(in);
  double init_us = now_us() - t0;
  double t1 = now_us();
  if (TfLiteInterpreterInvoke(in) != kTfLiteOk) {
    cli_error("%s", tflc_interpreter_last_error(in));
    goto done;
  }
  double first_us = now_us() - t1, warm_sum = 0;
  for (int i = 0; i < a.warmup; i++) {
    double s = now_us();
    if (TfLiteInterpreterInvoke(in) != kTfLiteOk) goto invoke_failed;
    warm_sum += now_us() - s;
  }
  for (int i = 0; i < a.runs; i++) {
    double s = now_us();
    TfLiteStatus st = a.profile ? invoke_profiled(in, node_us) : TfLiteInterpreterInvoke(in);
    times[i] = now_us() - s;
    if (st != kTfLiteOk) goto invoke_failed;
  }
  double sum = 0, sq = 0;
  for (int i = 0; i < a.runs; i++) sum += times[i];
  double mean = sum / a.runs;
  for (int i = 0; i < a.runs; i++) sq += (times[i] - mean) * (times[i] - mean);
  double std = sqrt(sq / a.runs);
  double *sorted = malloc((size_t)a.runs * sizeof *sorted);
  if (!sorted) {
    cli_error("out of memory");
    goto done;
  }
  memcpy(sorted, times, (size_t)a.runs * sizeof *sorted);
  qsort(sorted, (size_t)a.runs, sizeof *sorted, compare_double);
  double median = a.runs % 2 ? sorted[a.runs / 2] : 0.5 * (sorted[a.runs / 2 - 1] + sorted[a.runs / 2]);
  double mn = sorted[0], mx = sorted[a.runs - 1];
  free(sorted);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  long peak_kb = ru.ru_maxrss;
  const char *kernels = a.reference ? "reference" : "optimized";
  if (a.json) {
    printf("{\"model\": \"%s\", \"threads\": %d, \"kernels\": \"%s\", \"init_ms\": %.3f, \"first_ms\": %.3f, "
           "\"warmup_ms\": %.3f, \"count\": %d, \"min_ms\": %.4f, \"median_ms\": %.4f, \"mean_ms\": %.4f, "
           "\"max_ms\": %.4f, \"std_ms\": %.4f, \"peak_rss_kb\": %ld}\n",
           a.model, a.threads, kernels, init_us / 1e3, first_us / 1e3, a.warmup ? warm_sum / a.warmup / 1e3 : 0.0,
           a.runs, mn / 1e3, median / 1e3, mean / 1e3, mx / 1e3, std / 1e3, peak_kb);
  } else {
    printf("Graph: [%s]\nNum threads: [%d]\nKernels: [%s]\n", a.model, a.threads, kernels);
    printf("Initialized session in %.3f ms.\n", init_us / 1e3);
    printf("Running benchmark for at least %d iterations\n", a.warmup);
    printf("count=%d first=%.0f curr=%.0f min=%.0f max=%.0f avg=%.0f std=%.0f\n", a.warmup + 1, first_us,
           a.warmup ? warm_sum / a.warmup : first_us, first_us, first_us, (first_us + warm_sum) / (a.warmup + 1), 0.0);
    printf("Running benchmark for at least %d iterations\n", a.runs);
    printf("count=%d first=%.0f curr=%.0f min=%.0f max=%.0f avg=%.0f median=%.0f std=%.0f\n", a.runs, times[0],
           times[a.runs - 1], mn, mx, mean, median, std);
    printf("Inference timings in us: Init: %.0f, First inference: %.0f, Warmup (avg): %.0f, Inference (avg): %.0f\n",
           init_us, first_us, a.warmup ? warm_sum / a.warmup : 0.0, mean);
    printf("Peak memory footprint (MB): %.3f\n", peak_kb / 1024.0);
    if (a.profile) print_profile(in, node_us, a.runs, sum);
  }
  rc = 0;
  goto done;
invoke_failed:
  cli_error("%s", tflc_interpreter_last_error(in));
done:
  free(times);
  free(node_us);
  TfLiteInterpreterDelete(in);
  TfLiteModelDelete(model);
  return rc;
}
