/*
** cmd_eval_agreement.c — `tflc eval agreement QUANT TWIN --images DIR`: how often a quantized
** classifier and its float twin (`tflc convert --dequantize`) pick the same top-1 class.
**
** Both see the same image: the quantized model gets the uint8/int8 input of `tflc eval
** imagenet` (central crop 0.875, bilinear resize; tasks/imagenet_eval.h), the twin gets that
** input dequantized with the quantized input's own scale and zero point, so the only
** difference between the two is the quantized arithmetic.
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "image/image.h"
#include "tasks/imagenet_eval.h"

static const char usage[] =
    "usage: tflc eval agreement QUANT.tflite TWIN.tflite --images DIR [--limit N] [--threads N] [--verbose]\n"
    "\n"
    "Top-1 agreement between a quantized classifier and its float twin (tflc convert\n"
    "--dequantize) on the images of DIR (JPEG, PNG, BMP; in name order): QUANT gets the\n"
    "uint8/int8 input of `tflc eval imagenet`, TWIN the same input dequantized with QUANT's\n"
    "input quantization, e.g. (pixel - 128) / 128 for scale 1/128 and zero point 128.\n"
    "Prints 'agreement N/M (P%)'; --verbose also prints each image where the two disagree.\n";

typedef struct agreement_args {
  const char *quant, *twin, *images;
  int limit, threads, verbose;
} agreement_args;

static int parse_args(int argc, char **argv, agreement_args *a) {
  memset(a, 0, sizeof *a);
  a->threads = 1;
  for (int i = 2; i < argc; i++) {
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--images") == 0 || strcmp(arg, "--limit") == 0 || strcmp(arg, "--threads") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--images") == 0) a->images = argv[++i];
    else if (strcmp(arg, "--limit") == 0) {
      if (cli_parse_int(argv[++i], 1, 1 << 30, &a->limit) != 0) return cli_error("--limit expects a positive number");
    } else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (strcmp(arg, "--verbose") == 0) a->verbose = 1;
    else if (arg[0] == '-' && arg[1] != 0) return cli_error("unknown option '%s' (see tflc eval agreement --help)", arg);
    else if (a->quant == NULL) a->quant = arg;
    else if (a->twin == NULL) a->twin = arg;
    else return cli_error("unexpected argument '%s'", arg);
  }
  if (a->quant == NULL || a->twin == NULL || a->images == NULL)
    return cli_error("expected QUANT.tflite, TWIN.tflite and --images DIR (see tflc eval agreement --help)");
  return 0;
}

/* ---- The image list ---- */

typedef struct image_list {
  int count;
  char **names;
} image_list;

static void image_list_free(image_list *l) {
  for (int i = 0; i < l->count; i++) free(l->names[i]);
  free(l->names);
}

static int is_image_name(const char *name) {
  const char *dot = strrchr(name, '.');
  static const char *const extensions[] = {".jpg", ".jpeg", ".png", ".bmp"};
  for (size_t i = 0; dot && i < sizeof extensions / sizeof extensions[0]; i++)
    if (strcasecmp(dot, extensions[i]) == 0) return 1;
  return 0;
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The image files of dir, sorted by name; returns 0, or 1 after printing why. */
static int list_images(const char *dir, image_list *out) {
  memset(out, 0, sizeof *out);
  DIR *d = opendir(dir);
  if (d == NULL) return cli_error("cannot read folder %s", dir);
  int cap = 0, rc = 0;
  for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
    if (!is_image_name(e->d_name)) continue;
    if (out->count == cap) {
      cap = cap ? cap * 2 : 256;
      char **bigger = realloc(out->names, (size_t)cap * sizeof *bigger);
      if (bigger == NULL) { rc = cli_error("out of memory listing %s", dir); break; }
      out->names = bigger;
    }
    out->names[out->count] = strdup(e->d_name);
    if (out->names[out->count] == NULL) rc = cli_error("out of memory listing %s", dir);
    else out->count++;
  }
  closedir(d);
  if (rc == 0 && out->count == 0) rc = cli_error("no JPEG, PNG or BMP images in %s", dir);
  if (rc == 0) qsort(out->names, (size_t)out->count, sizeof *out->names, compare_names);
  return rc;
}

/* ---- One image through both models ---- */

typedef struct model_pair {
  TfLiteInterpreter *quant, *twin;
  TfLiteTensor *quant_in, *twin_in;
  int height, width;
  float *scores; /* [classes] */
  int *order;    /* [classes] */
  int classes;
} model_pair;

/* Top-1 class of an output tensor (float, uint8 or int8), ranked as `tflc eval imagenet` ranks. */
static int top1(const TfLiteTensor *t, model_pair *p) {
  const void *data = TfLiteTensorData(t);
  for (int i = 0; i < p->classes; i++)
    p->scores[i] = t->type == kTfLiteFloat32 ? ((const float *)data)[i]
                   : t->type == kTfLiteUInt8 ? (float)((const uint8_t *)data)[i]
                                             : (float)((const int8_t *)data)[i];
  tflc_eval_rank(p->scores, p->classes, p->order);
  return p->order[0];
}

/* Fills both inputs from the image, runs both models; their top-1 classes go to *q and *f. */
static int run_image(model_pair *p, const char *path, int *q, int *f) {
  char err[512];
  tflc_image image;
  if (tflc_image_load(path, &image, err, sizeof err) != 0) return cli_error("%s", err);
  TfLiteType type = TfLiteTensorType(p->quant_in);
  int rc = tflc_eval_preprocess(&image, p->height, p->width, type, TfLiteTensorData(p->quant_in), err, sizeof err);
  tflc_image_free(&image);
  if (rc != 0) return cli_error("%s: %s", path, err);
  TfLiteQuantizationParams qp = TfLiteTensorQuantizationParams(p->quant_in);
  const void *qdata = TfLiteTensorData(p->quant_in);
  float *fdata = TfLiteTensorData(p->twin_in);
  size_t n = (size_t)p->height * (size_t)p->width * 3;
  for (size_t i = 0; i < n; i++) {
    int value = type == kTfLiteUInt8 ? ((const uint8_t *)qdata)[i] : ((const int8_t *)qdata)[i];
    fdata[i] = (float)((double)qp.scale * (value - qp.zero_point));
  }
  if (TfLiteInterpreterInvoke(p->quant) != kTfLiteOk || TfLiteInterpreterInvoke(p->twin) != kTfLiteOk)
    return cli_error("%s: invoke failed", path);
  *q = top1(TfLiteInterpreterGetOutputTensor(p->quant, 0), p);
  *f = top1(TfLiteInterpreterGetOutputTensor(p->twin, 0), p);
  return 0;
}

/* Checks the two models fit the measurement: [1,H,W,3] inputs, one output of the same size. */
static int check_pair(model_pair *p) {
  const TfLiteTensor *qo = TfLiteInterpreterGetOutputTensor(p->quant, 0);
  const TfLiteTensor *fo = TfLiteInterpreterGetOutputTensor(p->twin, 0);
  TfLiteType qt = TfLiteTensorType(p->quant_in);
  if (qt != kTfLiteUInt8 && qt != kTfLiteInt8) return cli_error("QUANT's input is %s, not uint8 or int8", TfLiteTypeGetName(qt));
  if (TfLiteTensorType(p->twin_in) != kTfLiteFloat32) return cli_error("TWIN's input is not float32");
  if (TfLiteTensorNumDims(p->quant_in) != 4 || TfLiteTensorDim(p->quant_in, 3) != 3 ||
      TfLiteTensorByteSize(p->twin_in) != TfLiteTensorByteSize(p->quant_in) * sizeof(float))
    return cli_error("QUANT's input is not [1, H, W, 3], or TWIN's input differs from it");
  p->height = TfLiteTensorDim(p->quant_in, 1);
  p->width = TfLiteTensorDim(p->quant_in, 2);
  int nd = TfLiteTensorNumDims(qo);
  p->classes = nd > 0 ? TfLiteTensorDim(qo, nd - 1) : 0;
  size_t quant_elem = TfLiteTensorType(qo) == kTfLiteFloat32 ? sizeof(float) : 1;
  if (p->classes <= 0 || TfLiteTensorByteSize(qo) != (size_t)p->classes * quant_elem ||
      TfLiteTensorType(fo) != kTfLiteFloat32 || TfLiteTensorByteSize(fo) != (size_t)p->classes * sizeof(float))
    return cli_error("the models' first outputs are not one row of scores of the same size (float32 in TWIN)");
  p->scores = malloc((size_t)p->classes * sizeof *p->scores);
  p->order = malloc((size_t)p->classes * sizeof *p->order);
  return p->scores && p->order ? 0 : cli_error("out of memory");
}

static int measure(const agreement_args *a, model_pair *p, const image_list *images) {
  int total = a->limit > 0 && a->limit < images->count ? a->limit : images->count, same = 0;
  for (int i = 0; i < total; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", a->images, images->names[i]);
    int q = -1, f = -1;
    if (run_image(p, path, &q, &f) != 0) return 1;
    same += q == f;
    if (q != f && a->verbose) printf("%s: quantized %d, twin %d\n", images->names[i], q, f);
  }
  printf("agreement %d/%d (%.1f%%)\n", same, total, 100.0 * same / total);
  return 0;
}

int tflc_cmd_eval_agreement(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  agreement_args a;
  if (parse_args(argc, argv, &a) != 0) return 1;
  image_list images;
  if (list_images(a.images, &images) != 0) return image_list_free(&images), 1;
  char err[1024];
  cli_messages quant_messages, twin_messages;
  TfLiteModel *quant = cli_load_model(a.quant, err, sizeof err);
  if (quant == NULL) cli_error("%s", err);
  TfLiteModel *twin = quant ? cli_load_model(a.twin, err, sizeof err) : NULL;
  if (quant && twin == NULL) cli_error("%s", err);
  model_pair p = {0};
  p.quant = twin ? cli_make_interpreter(quant, a.threads, &quant_messages) : NULL;
  p.twin = p.quant ? cli_make_interpreter(twin, a.threads, &twin_messages) : NULL;
  int rc = 1;
  if (p.twin) {
    p.quant_in = TfLiteInterpreterGetInputTensor(p.quant, 0);
    p.twin_in = TfLiteInterpreterGetInputTensor(p.twin, 0);
    rc = check_pair(&p) == 0 ? measure(&a, &p, &images) : 1;
  }
  free(p.scores);
  free(p.order);
  TfLiteInterpreterDelete(p.quant);
  TfLiteInterpreterDelete(p.twin);
  TfLiteModelDelete(quant);
  TfLiteModelDelete(twin);
  image_list_free(&images);
  return rc;
}
