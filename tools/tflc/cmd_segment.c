/*
** cmd_segment.c — `tflc segment` (class per pixel, as a mask PNG or drawn over the image)
** and `tflc eval segmentation` (mean IoU against PASCAL VOC colour masks).
*/
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "image/draw.h"
#include "image/image.h"
#include "tflc/tasks.h"

static const char segment_usage[] =
    "usage: tflc segment MODEL IMAGE... [--labels FILE] [--mask OUT.png] [--draw OUT.png] [--threads N]\n"
    "\n"
    "Segments each image (JPEG, PNG or BMP, resized bilinearly to the model's input): every pixel\n"
    "of the original image gets the class of the nearest cell of the model's output (the argmax\n"
    "of its scores, or the model's own ARG_MAX). Prints the classes present, largest first, as\n"
    "'index label share%' lines (with several images, after a line 'PATH:'). --mask writes the\n"
    "classes as an 8-bit grayscale PNG (pixel value = class index); --draw writes the image with\n"
    "a translucent colour per class (PASCAL VOC palette; class 0, the background, left clear) and\n"
    "a legend. Both take a single IMAGE. Labels come from --labels, else from the model.\n";

static const char eval_usage[] =
    "usage: tflc eval segmentation MODEL --images DIR --masks DIR [--threads N]\n"
    "\n"
    "Segments every N_image.png of --images and compares it with N_target.png of --masks, an RGB\n"
    "mask in the PASCAL VOC palette (pixels of the boundary colour (224, 224, 192), or of any colour\n"
    "outside the palette, are ignored). Prints each image's pixel accuracy and mean IoU, then the\n"
    "mean IoU over all images: per class, intersection / union of all pixels summed over the images,\n"
    "averaged over the classes that occur in a prediction or a target.\n";

typedef struct segment_args {
  const char *model, *labels, *mask, *draw;
  int threads, nimages;
  char **images;
} segment_args;

static int parse_segment_args(int argc, char **argv, segment_args *a) {
  memset(a, 0, sizeof *a);
  a->threads = 1;
  a->images = calloc((size_t)argc, sizeof *a->images);
  if (a->images == NULL) return cli_error("out of memory");
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--labels") == 0 || strcmp(arg, "--mask") == 0 || strcmp(arg, "--draw") == 0 ||
                      strcmp(arg, "--threads") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--labels") == 0) a->labels = argv[++i];
    else if (strcmp(arg, "--mask") == 0) a->mask = argv[++i];
    else if (strcmp(arg, "--draw") == 0) a->draw = argv[++i];
    else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (arg[0] == '-' && arg[1] != 0) return cli_error("unknown option '%s' (see tflc segment --help)", arg);
    else if (a->model == NULL) a->model = arg;
    else a->images[a->nimages++] = argv[i];
  }
  if (a->model == NULL || a->nimages == 0) return cli_error("expected MODEL and at least one IMAGE (see tflc segment --help)");
  if ((a->mask || a->draw) && a->nimages != 1) return cli_error("--mask and --draw take exactly one IMAGE (got %d)", a->nimages);
  return 0;
}

/* Counts the pixels of each class (counts has 256 entries). */
static void count_classes(const tflc_segmentation *seg, uint64_t *counts) {
  memset(counts, 0, 256 * sizeof *counts);
  size_t n = (size_t)seg->width * (size_t)seg->height;
  for (size_t i = 0; i < n; i++) counts[seg->classes[i]]++;
}

/* The classes present, largest share first (ties by lower index); returns how many. */
static int classes_present(const uint64_t *counts, int *order) {
  int n = 0;
  for (int c = 0; c < 256; c++)
    if (counts[c] > 0) order[n++] = c;
  for (int i = 1; i < n; i++) /* insertion sort: at most 256 entries */
    for (int j = i; j > 0 && counts[order[j]] > counts[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1], order[j - 1] = t;
    }
  return n;
}

/* The image with translucent class colours (background clear) and a legend of the classes present. */
static int draw_segmentation(const char *out, tflc_image *img, const tflc_segmentation *seg, const tflc_segmenter *s,
                             const int *order, int n) {
  tflc_draw_mask(img, seg->classes, 0.55f, 0);
  const char *names[256];
  char numbers[256][8];
  for (int i = 0; i < n; i++) {
    names[i] = tflc_segmenter_label(s, order[i]);
    if (names[i] == NULL) snprintf(numbers[i], sizeof numbers[i], "%d", order[i]), names[i] = numbers[i];
  }
  int side = img->width < img->height ? img->width : img->height;
  tflc_draw_legend(img, order, names, n, side >= 600 ? 2 : 1);
  char err[512];
  if (tflc_image_write_png(out, img->width, img->height, img->pixels, err, sizeof err) != 0) return cli_error("%s", err);
  return 0;
}

static int segment_one(tflc_segmenter *s, const segment_args *a, const char *path) {
  char err[1024];
  tflc_image img;
  if (tflc_image_load(path, &img, err, sizeof err) != 0) return cli_error("%s", err);
  tflc_segmentation seg;
  int rc = 0;
  if (tflc_segmenter_segment(s, img.pixels, img.width, img.height, &seg, err, sizeof err) != 0)
    rc = cli_error("%s: %s", path, err);
  uint64_t counts[256];
  int order[256], n = 0;
  if (rc == 0) {
    count_classes(&seg, counts);
    n = classes_present(counts, order);
    double total = (double)seg.width * (double)seg.height;
    if (a->nimages > 1) printf("%s:\n", path);
    for (int i = 0; i < n; i++) {
      const char *label = tflc_segmenter_label(s, order[i]);
      printf("%d %s %.2f%%\n", order[i], label ? label : "-", 100.0 * (double)counts[order[i]] / total);
    }
  }
  if (rc == 0 && a->mask && tflc_image_write_png_gray(a->mask, seg.width, seg.height, seg.classes, err, sizeof err) != 0)
    rc = cli_error("%s", err);
  if (rc == 0 && a->draw) rc = draw_segmentation(a->draw, &img, &seg, s, order, n);
  tflc_segmentation_free(&seg);
  tflc_image_free(&img);
  return rc;
}

/* Makes a segmenter from a MODEL argument (path or catalog name); prints why on failure. */
static tflc_segmenter *open_segmenter(const char *model, const char *labels, int threads) {
  char path[4096], err[1024];
  if (cli_model_path(model, path, sizeof path) != 0) return NULL;
  tflc_segmenter_options opt = tflc_segmenter_options_default();
  opt.num_threads = threads;
  opt.labels_path = labels;
  tflc_segmenter *s = tflc_segmenter_init(path, &opt, err, sizeof err);
  if (s == NULL) cli_error("%s", err);
  return s;
}

int tflc_cmd_segment(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(segment_usage, stdout), 0;
  segment_args a;
  if (parse_segment_args(argc, argv, &a) != 0) return free(a.images), 1;
  tflc_segmenter *s = open_segmenter(a.model, a.labels, a.threads);
  int rc = s == NULL;
  for (int i = 0; rc == 0 && i < a.nimages; i++) rc = segment_one(s, &a, a.images[i]);
  tflc_segmenter_free(s);
  free(a.images);
  return rc;
}

/* ---- tflc eval segmentation ---- */

/* Class of a VOC palette colour, -1 for the boundary colour or a colour outside the palette. */
static int voc_class_of(const uint8_t *rgb) {
  for (int c = 0; c < 256; c++) {
    tflc_color p = tflc_palette_voc(c);
    if (p.r == rgb[0] && p.g == rgb[1] && p.b == rgb[2]) return c == 255 ? -1 : c; /* 255 = (224,224,192) */
  }
  return -1;
}

/* Per-class intersection and union counts over every image evaluated. */
typedef struct iou_totals {
  uint64_t inter[256], uni[256];
} iou_totals;

/* Mean of inter/union over the classes with a nonempty union; -1 when there are none. */
static double mean_iou(const uint64_t *inter, const uint64_t *uni) {
  double sum = 0;
  int n = 0;
  for (int c = 0; c < 256; c++)
    if (uni[c] > 0) sum += (double)inter[c] / (double)uni[c], n++;
  return n ? sum / n : -1.0;
}

/* Compares one prediction with its target mask; adds to totals and prints the image's figures. */
static int score_image(const char *name, const tflc_segmentation *seg, const tflc_image *target, iou_totals *t) {
  if (target->width != seg->width || target->height != seg->height)
    return cli_error("%s: the target is %dx%d but the image is %dx%d", name, target->width, target->height, seg->width,
                     seg->height);
  iou_totals mine;
  memset(&mine, 0, sizeof mine);
  size_t n = (size_t)seg->width * (size_t)seg->height, counted = 0, correct = 0;
  for (size_t i = 0; i < n; i++) {
    int truth = voc_class_of(target->pixels + 3 * i), pred = seg->classes[i];
    if (truth < 0) continue;
    counted++;
    if (truth == pred) {
      correct++, mine.inter[truth]++, mine.uni[truth]++;
    } else {
      mine.uni[truth]++, mine.uni[pred]++;
    }
  }
  for (int c = 0; c < 256; c++) t->inter[c] += mine.inter[c], t->uni[c] += mine.uni[c];
  printf("%s: pixel accuracy %.4f, mean IoU %.4f (%zu pixels scored)\n", name,
         counted ? (double)correct / (double)counted : 0.0, mean_iou(mine.inter, mine.uni), counted);
  return 0;
}

/* Segments DIR/N_image.png and scores it against MASKS/N_target.png. */
static int eval_one(tflc_segmenter *s, const char *images, const char *masks, const char *name, iou_totals *t) {
  char path[4096], target_path[4096], err[1024];
  size_t stem = strlen(name) - strlen("_image.png");
  snprintf(path, sizeof path, "%s/%s", images, name);
  snprintf(target_path, sizeof target_path, "%s/%.*s_target.png", masks, (int)stem, name);
  tflc_image img, target;
  if (tflc_image_load(path, &img, err, sizeof err) != 0) return cli_error("%s", err);
  if (tflc_image_load(target_path, &target, err, sizeof err) != 0) return tflc_image_free(&img), cli_error("%s", err);
  tflc_segmentation seg;
  int rc = tflc_segmenter_segment(s, img.pixels, img.width, img.height, &seg, err, sizeof err) != 0
               ? cli_error("%s: %s", path, err)
               : score_image(name, &seg, &target, t);
  tflc_segmentation_free(&seg);
  tflc_image_free(&img);
  tflc_image_free(&target);
  return rc;
}

static int compare_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/*
** Sets *names to the sorted names of DIR's files ending in "_image.png" (free each and the
** array). Returns 0, or 1 after printing why (the folder cannot be read, or holds none).
*/
static int list_images(const char *dir, char ***names_out, int *count) {
  *count = 0;
  *names_out = NULL;
  DIR *d = opendir(dir);
  if (d == NULL) return cli_error("%s: cannot open the folder", dir);
  char **names = NULL;
  int cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t len = strlen(e->d_name);
    if (len <= 10 || strcmp(e->d_name + len - 10, "_image.png") != 0) continue;
    if (*count == cap) {
      cap = cap ? cap * 2 : 16;
      char **grown = realloc(names, (size_t)cap * sizeof *names);
      if (grown == NULL) break;
      names = grown;
    }
    if ((names[*count] = strdup(e->d_name)) != NULL) (*count)++;
  }
  closedir(d);
  *names_out = names;
  if (*count == 0) return free(names), *names_out = NULL, cli_error("%s: no *_image.png files", dir);
  qsort(names, (size_t)*count, sizeof *names, compare_names);
  return 0;
}

int tflc_cmd_eval_segmentation(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(eval_usage, stdout), 0;
  const char *model = NULL, *images = NULL, *masks = NULL;
  int threads = 1;
  for (int i = 2; i < argc; i++) { /* argv[1] is "segmentation" */
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--images") == 0 || strcmp(arg, "--masks") == 0 || strcmp(arg, "--threads") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--images") == 0) images = argv[++i];
    else if (strcmp(arg, "--masks") == 0) masks = argv[++i];
    else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (arg[0] == '-' && arg[1] != 0) return cli_error("unknown option '%s' (see tflc eval segmentation --help)", arg);
    else if (model == NULL) model = arg;
    else return cli_error("unexpected argument '%s'", arg);
  }
  if (model == NULL || images == NULL || masks == NULL) return cli_error("expected MODEL, --images DIR and --masks DIR");
  int count = 0;
  char **names = NULL;
  if (list_images(images, &names, &count) != 0) return 1;
  tflc_segmenter *s = open_segmenter(model, NULL, threads);
  int rc = s == NULL;
  iou_totals totals;
  memset(&totals, 0, sizeof totals);
  for (int i = 0; rc == 0 && i < count; i++) rc = eval_one(s, images, masks, names[i], &totals);
  if (rc == 0) printf("mean IoU over %d images: %.4f\n", count, mean_iou(totals.inter, totals.uni));
  for (int i = 0; i < count; i++) free(names[i]);
  free(names);
  tflc_segmenter_free(s);
  return rc;
}
