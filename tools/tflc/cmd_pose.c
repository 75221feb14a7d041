/*
** cmd_pose.c — `tflc pose`: human poses in images, a "pose score" line followed by one
** "name x y score" line per keypoint, optionally drawn into a PNG.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "image/draw_pose.h"
#include "image/image.h"
#include "tflc/tasks.h"

static const char usage[] =
    "usage: tflc pose MODEL IMAGE... [--threshold T] [--draw OUT.png] [--json] [--threads N]\n"
    "\n"
    "Runs a pose model (Coral PoseNet ending in PosenetDecoderOp, a raw PoseNet with heatmaps,\n"
    "offsets and displacements, or MoveNet single pose) on each image (JPEG, PNG or BMP, resized\n"
    "bilinearly to the model's input) and prints each pose scoring at least T (default 0) as a\n"
    "line 'pose SCORE' followed by 17 lines 'name x y score' (COCO\n"
    "keypoints, x and y in pixels of the original image). With several images, each image's lines\n"
    "follow a line 'PATH:'. --draw writes the (single) image with each pose's skeleton and\n"
    "keypoints (those scoring at least 0.2) as a PNG; --json prints\n"
    "{\"poses\": [{\"score\": s, \"keypoints\": [{\"name\": ..., \"x\": ..., \"y\": ..., \"score\": ...}]}]}\n"
    "per image (a JSON array of them when there are several images).\n";

/* Keypoints scoring below this are left out of the drawing. */
#define DRAW_MIN_SCORE 0.2f

typedef struct pose_args {
  const char *model, *draw;
  float threshold;
  int json, threads, nimages;
  char **images;
} pose_args;

static int parse_args(int argc, char **argv, pose_args *a) {
  memset(a, 0, sizeof *a);
  a->threads = 1;
  a->images = calloc((size_t)argc, sizeof *a->images);
  if (a->images == NULL) return cli_error("out of memory");
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    int takes_value = strcmp(arg, "--threshold") == 0 || strcmp(arg, "--draw") == 0 || strcmp(arg, "--threads") == 0;
    if (takes_value && i + 1 >= argc) return cli_error("%s needs a value", arg);
    if (strcmp(arg, "--draw") == 0) {
      a->draw = argv[++i];
    } else if (strcmp(arg, "--threshold") == 0) {
      char *end;
      double v = strtod(argv[++i], &end);
      if (end == argv[i] || *end != 0 || !(v >= 0.0 && v <= 1.0)) return cli_error("--threshold expects a number from 0 to 1");
      a->threshold = (float)v;
    } else if (strcmp(arg, "--threads") == 0) {
      if (cli_parse_int(argv[++i], 1, 1024, &a->threads) != 0) return cli_error("--threads expects a number from 1 to 1024");
    } else if (strcmp(arg, "--json") == 0) {
      a->json = 1;
    } else if (arg[0] == '-' && arg[1] != 0) {
      return cli_error("unknown option '%s' (see tflc pose --help)", arg);
    } else if (a->model == NULL) {
      a->model = arg;
    } else {
      a->images[a->nimages++] = argv[i];
    }
  }
  if (a->model == NULL || a->nimages == 0) return cli_error("expected MODEL and at least one IMAGE (see tflc pose --help)");
  if (a->draw != NULL && a->nimages != 1) return cli_error("--draw takes exactly one IMAGE (got %d)", a->nimages);
  return 0;
}

/* Prints the poses of one image as lines or as one JSON object. */
static void print_poses(const pose_args *a, const char *path, const tflc_poses *found, int first) {
  if (a->json) {
    if (a->nimages > 1 && !first) printf(",\n ");
    printf("{\"poses\": [");
    for (int i = 0; i < found->count; i++) {
      const tflc_pose *p = &found->items[i];
      printf("%s{\"score\": %.5f, \"keypoints\": [", i ? ", " : "", p->score);
      for (int k = 0; k < TFLC_POSE_KEYPOINTS; k++) {
        const tflc_keypoint *kp = &p->keypoints[k];
        printf("%s{\"name\": \"%s\", \"x\": %.2f, \"y\": %.2f, \"score\": %.5f}", k ? ", " : "", kp->name, kp->x, kp->y,
               kp->score);
      }
      printf("]}");
    }
    printf("]}");
    return;
  }
  if (a->nimages > 1) printf("%s:\n", path);
  for (int i = 0; i < found->count; i++) {
    const tflc_pose *p = &found->items[i];
    printf("pose %.5f\n", p->score);
    for (int k = 0; k < TFLC_POSE_KEYPOINTS; k++)
      printf("%s %.2f %.2f %.5f\n", p->keypoints[k].name, p->keypoints[k].x, p->keypoints[k].y, p->keypoints[k].score);
  }
}

/* Draws every pose (worst first, so the best lies on top) and writes the PNG. */
static int draw_poses(const char *out, tflc_image *img, const tflc_poses *found) {
  for (int i = found->count - 1; i >= 0; i--)
    tflc_draw_pose(img, &found->items[i], DRAW_MIN_SCORE, tflc_palette_bright(i), (tflc_color){255, 255, 255});
  char err[512];
  if (tflc_image_write_png(out, img->width, img->height, img->pixels, err, sizeof err) != 0) return cli_error("%s", err);
  return 0;
}

static int pose_one(tflc_pose_estimator *est, const pose_args *a, const char *path, int first) {
  char err[1024];
  tflc_image img;
  if (tflc_image_load(path, &img, err, sizeof err) != 0) return cli_error("%s", err);
  tflc_poses found;
  int rc = 0;
  if (tflc_pose_estimator_estimate(est, img.pixels, img.width, img.height, &found, err, sizeof err) != 0)
    rc = cli_error("%s: %s", path, err);
  if (rc == 0) print_poses(a, path, &found, first);
  if (rc == 0 && a->draw != NULL) rc = draw_poses(a->draw, &img, &found);
  tflc_poses_free(&found);
  tflc_image_free(&img);
  return rc;
}

int tflc_cmd_pose(int argc, char **argv) {
  if (cli_wants_help(argc, argv)) return fputs(usage, stdout), 0;
  pose_args a;
  if (parse_args(argc, argv, &a) != 0) return free(a.images), 1;
  char path[4096], err[1024];
  if (cli_model_path(a.model, path, sizeof path) != 0) return free(a.images), 1;
  tflc_pose_estimator_options opt = tflc_pose_estimator_options_default();
  opt.num_threads = a.threads;
  opt.score_threshold = a.threshold;
  tflc_pose_estimator *est = tflc_pose_estimator_init(path, &opt, err, sizeof err);
  if (est == NULL) return free(a.images), cli_error("%s", err);
  int rc = 0;
  if (a.json && a.nimages > 1) printf("[");
  for (int i = 0; rc == 0 && i < a.nimages; i++) rc = pose_one(est, &a, a.images[i], i == 0);
  if (a.json) printf(a.nimages > 1 ? "]\n" : "\n");
  tflc_pose_estimator_free(est);
  free(a.images);
  return rc;
}
