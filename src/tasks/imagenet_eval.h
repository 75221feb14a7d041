/*
** imagenet_eval.h — ImageNet top-k accuracy measured as TensorFlow Lite's evaluation tool
** (tensorflow/lite/tools/evaluation, imagenet_image_classification task) measures it.
**
** Per image (../shared/eval/IMAGENET_EVAL.md gives the facts):
**  1. JPEG decode to RGB (libjpeg defaults: JDCT_ISLOW, fancy upsampling; image/image.h);
**  2. square central crop: side = min(round(0.875 H), round(0.875 W)), offset round((dim - side) / 2);
**  3. bilinear resize of the float image with TFLite's reference RESIZE_BILINEAR
**     (align_corners = half_pixel_centers = false, float32 in the kernel's order);
**  4. by input type: uint8 = value truncated, int8 = (value - 128) truncated toward zero,
**     float32 = (value - 127.5) * (float)(1 / 127.5);
**  5. outputs ranked with libstdc++'s std::sort on values[a] > values[b] (reproduced exactly by
**     tflc_eval_rank, so equal scores come out in the order TFLite reports them);
**  6. a hit compares label text when class labels are given (two "crane" classes count as
**     one), else the class index. 1001-output models use column idx1001, 1000-output ones idx1000.
*/
#ifndef TFLC_TASKS_IMAGENET_EVAL_H_
#define TFLC_TASKS_IMAGENET_EVAL_H_

#include <stddef.h>
#include <stdio.h>

#include "image/image.h"
#include "tasks/labels.h"
#include "tensorflow/lite/c/c_api.h"

typedef struct tflc_eval_row {
  const char *filename;
  int idx1000, idx1001;
  const char *label; /* tflite_label_at_idx1001 */
} tflc_eval_row;

/* The rows of an evaluation TSV (columns found by their header names). */
typedef struct tflc_eval_set {
  int count;
  tflc_eval_row *rows;
  char *storage;
} tflc_eval_set;

typedef struct tflc_eval_result {
  int images;
  int hits[5];       /* images whose label is within the top k+1 */
  double percent[5]; /* top-1 .. top-5 accuracy in percent */
} tflc_eval_result;

typedef void (*tflc_eval_progress_fn)(void *user, int done, int total);

typedef struct tflc_eval_options {
  const char *images_dir;
  int limit;                        /* evaluate the first `limit` rows; <= 0: all */
  const tflc_labels *class_labels;  /* 1001 labels (background first), or NULL: compare indices */
  FILE *predictions;                /* per-image TSV in imagenet_reference's format, or NULL */
  tflc_eval_progress_fn progress;   /* or NULL */
  void *progress_user;
} tflc_eval_options;

int tflc_eval_set_load(const char *path, tflc_eval_set *out, char *err, size_t errlen);
void tflc_eval_set_free(tflc_eval_set *set);

/*
** Crops, resizes and converts `image` (steps 2-4) into dst, an input tensor's buffer of
** height x width x 3 elements of `type` (kTfLiteUInt8, kTfLiteInt8 or kTfLiteFloat32).
*/
int tflc_eval_preprocess(const tflc_image *image, int height, int width, TfLiteType type, void *dst, char *err,
                         size_t errlen);

/* Sorts order[0..n) = 0..n-1 by scores, descending, exactly as libstdc++'s std::sort does. */
void tflc_eval_rank(const float *scores, int n, int *order);

/* Evaluates the set's rows with an allocated interpreter. Returns 0, or -1 with a message. */
int tflc_eval_imagenet(TfLiteInterpreter *interpreter, const tflc_eval_set *set, const tflc_eval_options *options,
                       tflc_eval_result *result, char *err, size_t errlen);

#endif /* TFLC_TASKS_IMAGENET_EVAL_H_ */
