/*
** cmd_detect.c — `tflc detect`: objects in images, one "label score left top right bottom"
** line each, optionally drawn into a PNG.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "image/draw.h"
#include "image/image.h"
#include "tflc/tasks.h"

static const char usage[] =
    "usage: tflc detect MODEL IMAGE... [--labels FILE] [--threshold T] [--draw OUT.png] [--json] [--threads N]\n"
    "                   [--preprocess plain|task-library|android]\n"
    "\n"
    "Runs an SSD-style detector (outputs of TFLite_Detection_PostProcess) on each image (JPEG,\n"
    "PNG or BMP, resized bilinearly to the model's input) and prints each detection scoring at\n"
    "least T (default 0.5) as 'label score left top right bottom': the label with spaces written\n"
    "as '_' (the class number when there is no label), the score with 5 decimals, the box in\n"
    "pixels of the original image. Labels come from --labels, else from the model's metadata; a\n"
    "label file whose first line is ?\?? (the COCO labelmap) gives class k the label on line k + 1.\n"
    "With several images, each image's lines follow a line 'PATH:'. --draw writes the (single)\n"
    "image with labelled boxes as a PNG; --json prints a JSON array instead of lines.\n"
    "--preprocess task-library decodes JPEGs with stb_image and resizes with libyuv's bilinear\n"
    "filter, as the TFLite Task Library does, to reproduce its published results; the default,\n"
    "plain, decodes with libjpeg and resizes at half-pixel centres (as reference/img2input.py).\n"
    "--preprocess android decodes with stb_image and samples nearest-neighbour, as TensorFlow's\n"
    "Android detection example (whose results on table.jpg are in eval/detect).\n";

typedef struct detect_args {
  const char *model, *labels, *draw;
  float threshold;
  int json, threads, nimages;
  tflc_preprocess preprocess;
  char **images;
} detect_args;

static int parse_threshold(const char *text, float *out) {
  char *end;
  double v = strtod(text, &end);
  if (end == text || *end != 0 || !(v >= 0.0 && v <= 1.0)) return -1;
  *out = (float)v;
  return 0;
}

static int parse_args(int argc, char **argv, detect_args *a) {
  memset(a, 0, sizeof *a);
  a->threshold = 0.5f;
  a->threads = 1;
  a->images = calloc((size_t)argc, sizeof *a->images);
  if (a->images == NULL) return cli_error("out of memory");
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--labels") == 0 || strcmp(arg, "--threshold") == 0 || strcmp(arg, "--draw") == 0 ||
                      strcmp(arg, "--threads") == 0 || strcmp(arg, "--preprocess") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--labels") == 0) {
      a->labels = argv[++i];
    } else if (strcmp(arg, "--preprocess") == 0) {
      const char *v = argv[++i];
      if (strcmp(v, "plain") == 0) a->preprocess = TFLC_PREPROCESS_PLAIN;
      else if (strcmp(v, "task-library") == 0) a->preprocess = TFLC_PREPROCESS_TASK_LIBRARY;
      else if (strcmp(v, "android") == 0) a->preprocess = TFLC_PREPROCESS_ANDROID_NEAREST;
      else return cli_error("--preprocess expects plain, task-library or android, not '%s'", v);
    } else if (strcmp(arg, "--draw") == 0) {
      a->draw = argv[++i];
    } else if (strcmp(arg, "--threshold") == 0) {
      if (parse_threshold(argv[++i], &a->threshold) != 0) return cli_error("--threshold expects a number from 0 to 1");
    } else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (strcmp(arg, "--json") == 0) {
      a->json = 1;
    } else if (arg[0] == '-' && arg[1] != 0) {
      return cli_error("unknown option '%s' (see tflc detect --help)", arg);
    } else if (a->model == NULL) {
      a->model = arg;
    } else {
      a->images[a->nimages++] = argv[i];
    }
  }
  if (a->model == NULL || a->nimages == 0) return cli_error("expected MODEL and at least one IMAGE (see tflc detect --help)");
  if (a->draw != NULL && a->nimages != 1) return cli_error("--draw takes exactly one IMAGE (got %d)", a->nimages);
  return 0;
}

/* The label as printed: spaces (and other blanks) as '_', or the class number. */
static void format_label(const tflc_detection *d, char *out, size_t outlen) {
  if (d->label == NULL || d->label[0] == 0) {
    snprintf(out, outlen, "%d", d->class_index);
    return;
  }
  snprintf(out, outlen, "%s", d->label);
  for (char *p = out; *p; p++)
    if (*p == ' ' || *p == '\t') *p = '_';
}

/* Prints s as a JSON string (quotes, backslashes and control characters escaped). */
static void print_json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void print_detections(const detect_args *a, const char *path, const tflc_detections *found, int first) {
  char label[256];
  if (a->json) {
    printf("%s{\"image\": ", first ? "" : ",\n ");
    print_json_string(path);
    printf(", \"detections\": [");
    for (int i = 0; i < found->count; i++) {
      const tflc_detection *d = &found->items[i];
      format_label(d, label, sizeof label);
      printf("%s{\"label\": ", i ? ", " : "");
      print_json_string(label);
      printf(", \"class\": %d, \"score\": %.5f, \"left\": %.2f, \"top\": %.2f, \"right\": %.2f, \"bottom\": %.2f}",
             d->class_index, d->score, d->left, d->top, d->right, d->bottom);
    }
    printf("]}");
    return;
  }
  if (a->nimages > 1) printf("%s:\n", path);
  for (int i = 0; i < found->count; i++) {
    const tflc_detection *d = &found->items[i];
    format_label(d, label, sizeof label);
    printf("%s %.5f %.2f %.2f %.2f %.2f\n", label, d->score, d->left, d->top, d->right, d->bottom);
  }
}

/* Rounds a pixel coordinate, keeping absurd values (NaN, huge) off the int range. */
static int to_pixel(float v) {
  if (!(v > -1e6f)) return -1000000;
  if (v > 1e6f) return 1000000;
  return (int)lroundf(v);
}

/*
** Draws every detection: boxes in their class colour first, then a "label score" tag above
** each box, the best detection's last so that overlapping tags leave the best ones readable.
*/
static int draw_detections(const char *out, tflc_image *img, const tflc_detections *found) {
  int side = img->width < img->height ? img->width : img->height;
  int thickness = side / 200 > 2 ? side / 200 : 2, scale = side / 300 > 1 ? side / 300 : 1;
  const tflc_color white = {255, 255, 255};
  for (int i = 0; i < found->count; i++) {
    const tflc_detection *d = &found->items[i];
    tflc_draw_rect(img, to_pixel(d->left), to_pixel(d->top), to_pixel(d->right), to_pixel(d->bottom), thickness,
                   tflc_palette_bright(d->class_index));
  }
  for (int i = found->count - 1; i >= 0; i--) {
    const tflc_detection *d = &found->items[i];
    char tag[300];
    if (d->label != NULL && d->label[0] != 0) snprintf(tag, sizeof tag, "%s %.2f", d->label, d->score);
    else snprintf(tag, sizeof tag, "%d %.2f", d->class_index, d->score);
    int x0 = to_pixel(d->left), y0 = to_pixel(d->top), tag_h = tflc_draw_text_height(scale) + 4 * scale;
    tflc_draw_label(img, x0, y0 - tag_h >= 0 ? y0 - tag_h : y0 + thickness, tag, scale, white,
                    tflc_palette_bright(d->class_index));
  }
  char err[512];
  if (tflc_image_write_png(out, img->width, img->height, img->pixels, err, sizeof err) != 0) return cli_error("%s", err);
  return 0;
}

static int detect_one(tflc_detector *det, const detect_args *a, const char *path, int first) {
  char err[1024];
  tflc_image img;
  tflc_jpeg_decoder jpeg = a->preprocess == TFLC_PREPROCESS_PLAIN ? TFLC_JPEG_LIBJPEG : TFLC_JPEG_STB_IMAGE;
  if (tflc_image_load_with(path, jpeg, &img, err, sizeof err) != 0) return cli_error("%s", err);
  tflc_detections found;
  int rc = 0;
  if (tflc_detector_detect(det, img.pixels, img.width, img.height, &found, err, sizeof err) != 0)
    rc = cli_error("%s: %s", path, err);
  if (rc == 0) print_detections(a, path, &found, first);
  if (rc == 0 && a->draw != NULL) rc = draw_detections(a->draw, &img, &found);
  tflc_detections_free(&found);
  tflc_image_free(&img);
  return rc;
}

int tflc_cmd_detect(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  detect_args a;
  if (parse_args(argc, argv, &a) != 0) return free(a.images), 1;
  char path[4096], err[1024];
  if (cli_model_path(a.model, path, sizeof path) != 0) return free(a.images), 1;
  tflc_detector_options opt = tflc_detector_options_default();
  opt.num_threads = a.threads;
  opt.score_threshold = a.threshold;
  opt.labels_path = a.labels;
  opt.preprocess = a.preprocess;
  tflc_detector *det = tflc_detector_init(path, &opt, err, sizeof err);
  if (det == NULL) return free(a.images), cli_error("%s", err);
  int rc = 0;
  if (a.json) printf("[");
  for (int i = 0; rc == 0 && i < a.nimages; i++) rc = detect_one(det, &a, a.images[i], i == 0);
  if (a.json) printf("]\n");
  tflc_detector_free(det);
  free(a.images);
  return rc;
}
